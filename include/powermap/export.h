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
	int sheets_ja;             /* pm_export_xlsx: sheets 組織, 人物 ..., headers キー, 氏名 ... */
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

/*
 * The network as GraphML (Gephi, Cytoscape, yEd, NetworkX): a node per
 * person (id = key) with name, org, org_name, org_kind, title, department,
 * email, url, role, stance, power, notes; an edge per link (source = from,
 * target = to, as stored) with kind, strength, last_contact, source, notes
 * (a `knows` tie means no direction; GraphML readers such as NetworkX take
 * one direction per file, so every edge is written directed). With an org
 * filter, the people at the other end of its ties are nodes too. Text is
 * XML-escaped; key ids are p_NAME and l_NAME, attr.name the plain name.
 * encoding and bom do not apply (GraphML is UTF-8). PM_EIO, PM_ENOMEM.
 */
int pm_export_graphml(struct pm_store *st, const struct pm_export_opts *o, FILE *out,
		      struct pm_error *err);

/*
 * Every table as a sheet of an Excel workbook (.xlsx) at `path` (0600,
 * written through a temporary file renamed into place): the native
 * columns in the header row (bold, frozen, with a filter), texts as texts,
 * numbers as numbers, in the order of the CSV export — so that the
 * workbook imports back as it was. Sheets are named by table (orgs,
 * people ...), or 組織, 人物 ... with sheets_ja, which also heads the
 * columns with the Japanese headers import reads (キー, 氏名, 役職 ...);
 * encoding and bom do not apply. PM_EINVAL naming the table when a table has more records than a
 * sheet's 1,048,575 rows or a text is longer than a cell's 32,767
 * characters (export those as CSV); PM_EIO naming the file; PM_ENOMEM.
 */
int pm_export_xlsx(struct pm_store *st, const char *path, const struct pm_export_opts *o,
		   struct pm_error *err);

/*
 * Every record as one JSON document, {"orgs": [...], "people": [...], ...},
 * each record in the shape of `list --json` (pm_json_record).
 */
int pm_export_json(struct pm_store *st, const struct pm_export_opts *o, FILE *out,
		   struct pm_error *err);

#endif
