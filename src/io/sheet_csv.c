/*
 * powermap — a worksheet as CSV text, written row by row as a workbook
 * reader reads it: records padded to the widest row, every line mapped to
 * its sheet row. See sheet_csv.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sheet_csv.h"

struct pm_sheet_row_end {
	size_t at;                 /* offset of the record's last newline */
	size_t fields;
};

static int line_is(struct pm_sheet_csv *w, size_t row)
{
	if (PM_GROW(w->rows, w->rows_cap, w->nlines + 1) < 0)
		return PM_ENOMEM;
	w->rows[w->nlines++] = row;
	return 0;
}

/* Write the row read as a CSV record (blank lines before it up to its row). */
static int emit_row(struct pm_sheet_csv *w, size_t row)
{
	size_t i, n = w->ncells;

	while (n && !w->cells[n - 1].len)
		n--;
	if (!n)
		return 0;   /* an empty row: a blank line when the next one comes */
	while (w->nlines + 1 < row) {
		pm_strbuf_puts(&w->csv, "\n");
		if (line_is(w, w->nlines + 1) < 0)
			return PM_ENOMEM;
	}
	if (n > w->width)
		w->width = n;
	for (i = 0; i < n; i++) {
		const char *s = pm_strbuf_str(&w->cells[i]);
		if (i)
			pm_strbuf_puts(&w->csv, ",");
		if (strpbrk(s, ",\"\r\n")) {
			pm_strbuf_puts(&w->csv, "\"");
			for (; *s; s++) {
				if (*s == '"')
					pm_strbuf_puts(&w->csv, "\"");
				if (*s == '\n' && line_is(w, row) < 0)
					return PM_ENOMEM;
				pm_strbuf_add(&w->csv, s, 1);
			}
			pm_strbuf_puts(&w->csv, "\"");
		} else {
			pm_strbuf_puts(&w->csv, s);
		}
	}
	if (PM_GROW(w->ends, w->ends_cap, w->nends + 1) < 0)
		return PM_ENOMEM;
	w->ends[w->nends].at = w->csv.len;
	w->ends[w->nends++].fields = n;
	pm_strbuf_puts(&w->csv, "\n");
	return line_is(w, row);
}

int pm_sheet_row_end(struct pm_sheet_csv *w, size_t row)
{
	int rc = emit_row(w, row);

	w->ncells = 0;
	return rc < 0 || w->csv.oom ? PM_ENOMEM : 0;
}

struct pm_strbuf *pm_sheet_cell(struct pm_sheet_csv *w, size_t col)
{
	if (PM_GROW(w->cells, w->cells_cap, col + 1) < 0)
		return NULL;
	for (; w->ncells <= col; w->ncells++) {
		if (w->ncells < w->inited) {
			pm_strbuf_reset(&w->cells[w->ncells]);
		} else {
			struct pm_strbuf empty = PM_STRBUF_INIT;
			w->cells[w->inited++] = empty;
		}
	}
	return &w->cells[col];
}

/* Every record as wide as the widest (the fields a row lacks are empty). */
static int pad_records(struct pm_sheet_csv *w)
{
	struct pm_strbuf out = PM_STRBUF_INIT;
	size_t i, from = 0, k;

	for (i = 0; i < w->nends; i++) {
		pm_strbuf_add(&out, w->csv.buf + from, w->ends[i].at - from);
		for (k = w->ends[i].fields; k < w->width; k++)
			pm_strbuf_puts(&out, ",");
		from = w->ends[i].at;
	}
	if (w->csv.len > from)
		pm_strbuf_add(&out, w->csv.buf + from, w->csv.len - from);
	if (out.oom) {
		pm_strbuf_release(&out);
		return PM_ENOMEM;
	}
	pm_strbuf_release(&w->csv);
	w->csv = out;
	return 0;
}

void pm_sheet_release(struct pm_sheet_csv *w)
{
	size_t i;

	for (i = 0; i < w->inited; i++)
		pm_strbuf_release(&w->cells[i]);
	free(w->cells);
	free(w->ends);
	free(w->rows);
	pm_strbuf_release(&w->csv);
	memset(w, 0, sizeof(*w));
}

int pm_sheet_finish(struct pm_sheet_csv *w, struct pm_xlsx_sheet *out)
{
	if (w->csv.oom || pad_records(w) < 0) {
		pm_sheet_release(w);
		return PM_ENOMEM;
	}
	out->len = w->csv.len;
	if (!(out->csv = pm_strbuf_detach(&w->csv)) && !(out->csv = strdup(""))) {
		pm_sheet_release(w);
		return PM_ENOMEM;
	}
	out->rows = w->rows;
	out->nlines = w->nlines;
	w->rows = NULL;
	pm_sheet_release(w);
	return 0;
}

void pm_sheet_number(double x, char out[40])
{
	int p;

	if (!isfinite(x)) {
		snprintf(out, 40, "%g", x);
		return;
	}
	for (p = 15; p <= 17; p++) {
		snprintf(out, 40, "%.*g", p, x);
		if (strtod(out, NULL) == x)
			break;
	}
}
