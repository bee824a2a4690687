/* powermap — files for personal data, written privately (see kit.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "powermap/error.h"
#include "powermap/kit.h"

/* PM_EIO when `path` is a symbolic link (we never write through one). */
static int refuse_link(const char *path, struct pm_error *err)
{
	struct stat sb;

	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
		return pm_error_set(err, PM_EIO, "refusing to write '%s': it is a symbolic link "
				    "(remove it, or choose another name)", path);
	return 0;
}

int pm_private_open(struct pm_private_file *pf, const char *path, struct pm_error *err)
{
	size_t len = strlen(path);
	int fd, rc;

	memset(pf, 0, sizeof(*pf));
	if ((rc = refuse_link(path, err)) < 0)
		return rc;
	if (!(pf->path = strdup(path)) || !(pf->tmp = malloc(len + 16))) {
		pm_private_abort(pf);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	snprintf(pf->tmp, len + 16, "%s.tmp-XXXXXX", path);
	/* mkstemp: O_CREAT | O_EXCL, mode 0600, whatever the umask */
	if ((fd = mkstemp(pf->tmp)) < 0) {
		rc = pm_error_set(err, PM_EIO, "cannot write '%s': %s", path, pm_msg(strerror(errno)));
		free(pf->tmp);
		pf->tmp = NULL;
		pm_private_abort(pf);
		return rc;
	}
	if (!(pf->f = fdopen(fd, "w"))) {
		close(fd);
		unlink(pf->tmp);
		pm_private_abort(pf);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	return 0;
}

int pm_private_commit(struct pm_private_file *pf, struct pm_error *err)
{
	int rc = 0, failed;

	/* no stream: the caller wrote the temporary file by its path (a backup) */
	failed = pf->f ? ferror(pf->f) | (fclose(pf->f) != 0) : 0;
	pf->f = NULL;
	if (failed)
		rc = pm_error_set(err, PM_EIO, "cannot write '%s': %s", pf->path,
				  errno ? pm_msg(strerror(errno)) : pm_msg("write failed"));
	else if ((rc = refuse_link(pf->path, err)) == 0 && rename(pf->tmp, pf->path) != 0)
		rc = pm_error_set(err, PM_EIO, "cannot write '%s': %s", pf->path, pm_msg(strerror(errno)));
	if (rc < 0)
		unlink(pf->tmp);
	free(pf->tmp);
	pf->tmp = NULL;
	pm_private_abort(pf);
	return rc;
}

void pm_private_abort(struct pm_private_file *pf)
{
	if (pf->f) {
		fclose(pf->f);
		pf->f = NULL;
	}
	if (pf->tmp)
		unlink(pf->tmp);
	free(pf->tmp);
	free(pf->path);
	pf->tmp = pf->path = NULL;
}

int pm_private_dir(const char *dir, struct pm_error *err)
{
	int rc;

	if ((rc = refuse_link(dir, err)) < 0)
		return rc;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return pm_error_set(err, PM_EIO, "cannot create directory '%s': %s", dir,
				    pm_msg(strerror(errno)));
	return 0;
}
