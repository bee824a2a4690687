/*
 * powermap — importing files (see include/powermap/import.h): each file is
 * read by its format, which feeds records to the pipeline
 * (import_pipeline.c) table by table in dependency order, all in one
 * transaction. A new format is one file in src/io/ and one entry in
 * `formats` below.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "powermap/csv.h"
#include "import_internal.h"

/* The formats, by name; the first is the default. */
static const struct pm_format *const formats[] = {
	&pm_format_native,
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const char *pm_import_format_name(size_t i)
{
	return i < NFORMATS ? formats[i]->name : NULL;
}

static const struct pm_format *format_named(const char *name)
{
	size_t i;

	if (!name)
		return formats[0];
	for (i = 0; i < NFORMATS; i++)
		if (!strcmp(formats[i]->name, name))
			return formats[i];
	return NULL;
}

/*
 * Every file is read more than once (its header first, to order the files):
 * keep a copy of each input that is not a regular file (a pipe, /dev/stdin).
 */
static int keep_unseekable(struct pm_source *src, char **copy, struct pm_error *err)
{
	struct stat sb;
	int rc;

	if (stat(src->path, &sb) != 0 || S_ISREG(sb.st_mode))
		return 0;
	if ((rc = pm_csv_slurp(src->path, copy, &src->len, err)) < 0)
		return rc;
	src->data = *copy;
	return 0;
}

int pm_import_files(struct pm_store *st, const char *const *paths, size_t n,
		    const struct pm_import_opts *opts,
		    struct pm_import_stats *stats, struct pm_diags *diags,
		    struct pm_error *err)
{
	const struct pm_format *fmt = format_named(opts->format);
	struct pm_import *im = NULL;
	struct pm_source *src = NULL;
	unsigned *tables = NULL;
	char **copies = NULL;
	size_t i;
	int rc, t;

	memset(stats, 0, sizeof(*stats));
	if (!fmt)
		return pm_error_set(err, PM_EINVAL, "unknown import format '%s'", opts->format);
	if (n > UINT16_MAX)
		return pm_error_set(err, PM_EINVAL, "too many files in one import (at most %d)",
				    UINT16_MAX);
	src = calloc(n + 1, sizeof(*src));
	tables = calloc(n + 1, sizeof(*tables));
	copies = calloc(n + 1, sizeof(*copies));
	if (!src || !tables || !copies) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		src[i].path = paths[i];
		src[i].table = -1;
		if ((rc = keep_unseekable(&src[i], &copies[i], err)) < 0)
			goto out;
	}
	if ((rc = pm_import_begin(st, opts, diags, &im, err)) < 0)
		goto out;
	/* what each file holds */
	for (i = 0; i < n; i++)
		if ((rc = fmt->probe(im, &src[i], &tables[i])) < 0)
			goto fail;
	if (diags->nerrors) {
		rc = PM_EIMPORT;
		goto fail;
	}
	/* table by table, in dependency order, every file that holds it */
	for (t = 0; t < PM_T_COUNT; t++)
		for (i = 0; i < n; i++)
			if ((tables[i] & (1u << t)) &&
			    (rc = fmt->read(im, &src[i], (enum pm_table_id)t)) < 0)
				goto fail;
	rc = pm_import_end(im, stats, err);
	im = NULL;
	goto out;
fail:
	pm_import_abort(im);
out:
	for (i = 0; copies && i < n; i++)
		free(copies[i]);
	free(copies);
	free(tables);
	free(src);
	return rc;
}
