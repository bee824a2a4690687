/*
 * powermap — a worksheet written as CSV text while its cells are read
 * (src/io/sheet_csv.c), for the workbook reader (xlsx.c). Not public.
 */
#ifndef POWERMAP_SHEET_CSV_H
#define POWERMAP_SHEET_CSV_H

#include <stddef.h>
#include "powermap/kit.h"
#include "powermap/xlsx.h"

struct pm_sheet_row_end;

/* Zero it to start; pm_sheet_finish or pm_sheet_release to end. */
struct pm_sheet_csv {
	struct pm_strbuf csv;
	size_t *rows;              /* sheet row of each CSV line */
	size_t nlines, rows_cap;
	struct pm_sheet_row_end *ends;  /* where each record written ends, and its fields */
	size_t nends, ends_cap;
	size_t width;              /* the most fields of a record */
	struct pm_strbuf *cells;   /* the row being read: ncells of them */
	size_t ncells, cells_cap;
	size_t inited;             /* cells[0 .. inited) are strbufs (their memory kept) */
};

/*
 * The text of cell `col` (0-based) of the row being read, emptied, the
 * cells before it made empty if not given; NULL when out of memory. Cells
 * come in increasing columns.
 */
struct pm_strbuf *pm_sheet_cell(struct pm_sheet_csv *w, size_t col);

/*
 * The row being read, sheet row `row` (1-based, increasing), is complete:
 * written as a CSV record on line `row` (blank lines before it; a cell's
 * line breaks push the next records down: w->rows maps lines to rows). An
 * empty row writes nothing. 0 or PM_ENOMEM.
 */
int pm_sheet_row_end(struct pm_sheet_csv *w, size_t row);

/*
 * Every record padded to the widest, the text and its line map moved into
 * out (csv, len, rows, nlines; out->name untouched); w is released. 0 or
 * PM_ENOMEM (w released too).
 */
int pm_sheet_finish(struct pm_sheet_csv *w, struct pm_xlsx_sheet *out);

void pm_sheet_release(struct pm_sheet_csv *w);

/* A number in the fewest digits (15 to 17) that read back as the same double. */
void pm_sheet_number(double x, char out[40]);

#endif
