/*
 * powermap — Excel workbooks (.xlsx, .xlsm) read as CSV text, one text per
 * worksheet, so that the import reads a workbook's sheets as it reads CSV
 * files.
 */
#ifndef POWERMAP_XLSX_H
#define POWERMAP_XLSX_H

#include <stddef.h>
#include "powermap/error.h"

/* One worksheet as CSV. */
struct pm_xlsx_sheet {
	char *name;          /* the sheet's name, as its tab shows it */
	char *csv;           /* RFC 4180 text, UTF-8, each row a record on lines of its own */
	size_t len;
	size_t *rows;        /* rows[i]: the sheet row of CSV line i + 1 */
	size_t nlines;
};

/*
 * Read every visible worksheet of the workbook at `path`, in tab order,
 * into *sheets (*n of them; free with pm_xlsx_free). Each sheet row becomes
 * a CSV record; empty rows stay as blank lines, so that a record starts on
 * the line of its row unless a cell above held line breaks (rows maps the
 * lines back). Cells: shared and inline strings (without their furigana),
 * numbers in the fewest digits that read back the same, dates by their
 * number format as YYYY-MM-DD (with THH:MM when the format shows a time),
 * TRUE/FALSE, a formula's cached value; every record has as many fields as
 * the widest row (empty cells at the end of a row count for nothing).
 * PM_EINVAL with err naming the file and the reason when it is not a
 * workbook or a part is malformed; PM_ENOMEM.
 */
int pm_xlsx_read(const char *path, struct pm_xlsx_sheet **sheets, size_t *n,
		 struct pm_error *err);

void pm_xlsx_free(struct pm_xlsx_sheet *sheets, size_t n);

#endif
