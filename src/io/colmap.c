/*
 * powermap — column maps (--map): "name=氏名,org=会社名,..." or the path
 * of a file with one "name=氏名" per line, saying which header of a file
 * holds which column (see import_internal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/csv.h"
#include "import_internal.h"

/* Trim ASCII and full-width spaces around [s, e) in place; returns the start. */
static char *trim(char *s, char *e)
{
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	*e = '\0';
	return s;
}

int pm_colmap_parse(const char *spec, struct pm_colmap *m, struct pm_error *err)
{
	char *text = NULL, *p, *next;
	size_t len;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	if (!spec)
		return 0;
	if (!strchr(spec, '=')) {
		/* a file of NAME=HEADER lines */
		if ((rc = pm_csv_slurp(spec, &text, &len, err)) < 0)
			return rc;
	} else if (!(text = strdup(spec))) {
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	for (p = text; p && *p; p = next) {
		char *end = p + strcspn(p, ",\n"), *eq, *name, *header;
		next = *end ? end + 1 : NULL;
		*end = '\0';
		if (!(eq = strchr(p, '='))) {
			if (*trim(p, end))
				rc = pm_error_set(err, PM_EINVAL, "--map: '%s' is not NAME=HEADER", p);
			if (rc < 0)
				break;
			continue;
		}
		name = trim(p, eq);
		header = trim(eq + 1, end);
		if (m->n == PM_COLMAP_MAX) {
			rc = pm_error_set(err, PM_EINVAL, "--map: more than %d columns", PM_COLMAP_MAX);
			break;
		}
		if (!*name || !*header) {
			rc = pm_error_set(err, PM_EINVAL, "--map: an empty name or header in '%s=%s'",
					  name, header);
			break;
		}
		if (!(m->name[m->n] = strdup(name)) || !(m->header[m->n] = strdup(header))) {
			free(m->name[m->n]);
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			break;
		}
		m->n++;
	}
	free(text);
	if (rc < 0)
		pm_colmap_free(m);
	return rc;
}

const char *pm_colmap_name_of(const struct pm_colmap *m, const char *header)
{
	size_t i;

	for (i = 0; m && i < m->n; i++)
		if (!strcmp(m->header[i], header))
			return m->name[i];
	return NULL;
}

void pm_colmap_free(struct pm_colmap *m)
{
	size_t i;

	for (i = 0; m && i < m->n; i++) {
		free(m->name[i]);
		free(m->header[i]);
	}
	if (m)
		memset(m, 0, sizeof(*m));
}
