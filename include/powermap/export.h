/*
 * powermap — exporting the store as native CSV (DESIGN §8): UTF-8, LF line
 * ends, a header row, columns and rows in canonical order, so that
 * import -> export -> import -> export gives byte-identical files.
 */
#ifndef POWERMAP_EXPORT_H
#define POWERMAP_EXPORT_H

#include <stddef.h>
#include <stdio.h>
#include "error.h"
#include "store.h"
#include "table.h"

struct pm_export_opts {
	struct pm_filter filter;   /* org / person of the records (NULLs: all) */
	/*
	 * Progress, or NULL: called as each file starts (rows 0) and every
	 * million rows; `file` is "people.csv" and so on.
	 */
	void (*progress)(void *ctx, const char *file, size_t rows);
	void *progress_ctx;
	int bom;                   /* start each file with a UTF-8 BOM (for Excel) */
	const char *encoding;      /* write in this encoding (iconv name, e.g. CP932); NULL: UTF-8 */
};

/*
 * Write the records of table t to `out` (opened by the caller). PM_EIO when
 * writing fails; PM_ENOTFOUND for an unknown org or person in the filter;
 * with an encoding, PM_EINVAL when a text has no form in it (the message
 * says where), PM_ENOTFOUND for an encoding iconv does not know.
 */
int pm_export_table(struct pm_store *st, enum pm_table_id t, const struct pm_export_opts *o,
		    FILE *out, struct pm_error *err);

/*
 * Write every table into folder `dir` as orgs.csv, people.csv, ... (the
 * folder is created with mode 0700 when missing). PM_EIO names the file.
 */
int pm_export_dir(struct pm_store *st, const char *dir, const struct pm_export_opts *o,
		  struct pm_error *err);

#endif
