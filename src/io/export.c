/* powermap — native CSV export (see include/powermap/export.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "powermap/csv.h"
#include "powermap/export.h"
#include "powermap/kit.h"

struct writer {
	const struct pm_export_opts *o;
	FILE *out;
	char file[64];
	size_t rows;
};

static int write_row(const char *const *vals, size_t n, void *ctx)
{
	struct writer *w = ctx;

	if (w->o->progress && ++w->rows % 1000000 == 0)
		w->o->progress(w->o->progress_ctx, w->file, w->rows);
	return pm_csv_write_record(w->out, vals, n);
}

static int write_table(struct pm_store *st, enum pm_table_id t, const struct pm_export_opts *o,
		       FILE *out, struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	const char *header[PM_TABLE_MAXCOLS];
	struct writer w = { o, out, "", 0 };
	size_t i;
	int rc;

	snprintf(w.file, sizeof(w.file), "%s.csv", tab->name);
	for (i = 0; i < tab->ncols; i++)
		header[i] = tab->cols[i].name;
	if (o->bom && !o->encoding && fputs("\xef\xbb\xbf", out) == EOF)
		return pm_error_set(err, PM_EIO, "cannot write %s", tab->name);
	if (pm_csv_write_record(out, header, tab->ncols) < 0)
		return pm_error_set(err, PM_EIO, "cannot write %s", tab->name);
	if (o->progress)
		o->progress(o->progress_ctx, w.file, 0);
	rc = pm_store_select(st, t, &o->filter, write_row, &w, err);
	if (rc == PM_EIO)
		return pm_error_set(err, PM_EIO, "cannot write %s", tab->name);
	if (rc == 0 && o->progress && w.rows % 1000000)
		o->progress(o->progress_ctx, w.file, w.rows);
	return rc;
}

int pm_export_table(struct pm_store *st, enum pm_table_id t, const struct pm_export_opts *o,
		    FILE *out, struct pm_error *err)
{
	char *buf = NULL, *conv = NULL;
	size_t len = 0, convlen, bad;
	FILE *mem;
	int rc;

	if (!o->encoding)
		return write_table(st, t, o, out, err);
	/* another encoding: the whole table in memory, then converted */
	if (!(mem = open_memstream(&buf, &len)))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	rc = write_table(st, t, o, mem, err);
	if (fclose(mem) != 0 && rc == 0)
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	if (rc == 0 && (rc = pm_text_convert("UTF-8", o->encoding, buf, len, &conv, &convlen,
					     &bad, err)) == PM_EINVAL) {
		size_t line = 1, i;
		for (i = 0; i < bad; i++)
			line += buf[i] == '\n';
		rc = pm_error_set(err, PM_EINVAL, "%s.csv line %zu: a character has no %s form",
				  pm_tables[t].name, line, o->encoding);
	}
	if (rc == 0 && fwrite(conv, 1, convlen, out) != convlen)
		rc = pm_error_set(err, PM_EIO, "cannot write %s", pm_tables[t].name);
	free(buf);
	free(conv);
	return rc;
}

int pm_export_dir(struct pm_store *st, const char *dir, const struct pm_export_opts *o,
		  struct pm_error *err)
{
	struct pm_strbuf path = PM_STRBUF_INIT;
	int t, rc = 0;

	if ((rc = pm_private_dir(dir, err)) < 0)
		return rc;
	/* refuse a symbolic link among the targets before writing any file */
	for (t = 0; t < PM_T_COUNT && rc == 0; t++) {
		struct stat sb;
		pm_strbuf_reset(&path);
		pm_strbuf_addf(&path, "%s/%s.csv", dir, pm_tables[t].name);
		if (!path.oom && lstat(path.buf, &sb) == 0 && S_ISLNK(sb.st_mode))
			rc = pm_error_set(err, PM_EIO, "refusing to write '%s': it is a symbolic "
					  "link (remove it, or choose another folder)", path.buf);
	}
	for (t = 0; t < PM_T_COUNT && rc == 0; t++) {
		struct pm_private_file out;
		pm_strbuf_reset(&path);
		if (pm_strbuf_addf(&path, "%s/%s.csv", dir, pm_tables[t].name) < 0) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			break;
		}
		if ((rc = pm_private_open(&out, path.buf, err)) < 0)
			break;
		if ((rc = pm_export_table(st, (enum pm_table_id)t, o, out.f, err)) < 0)
			pm_private_abort(&out);
		else
			rc = pm_private_commit(&out, err);
	}
	pm_strbuf_release(&path);
	return rc;
}
