/*
 * powermap — old Excel workbooks (.xls, Excel 97-2003 and before: BIFF2 to
 * BIFF8) read with FreeXL, sheet by sheet into CSV text as xlsx.c reads
 * .xlsx (see powermap/xlsx.h). FreeXL gives texts in UTF-8 whatever the
 * workbook's code page (CP932 for a Japanese Excel 95 file), dates by their
 * number format; it reads no formulas.
 */
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/xlsx.h"
#include "sheet_csv.h"

/* A cell's text into dst (FreeXL's own forms: 2026-11-25, 2026-11-25 14:30:00). */
static int cell_text(const FreeXL_CellValue *v, struct pm_strbuf *dst)
{
	char buf[40];

	switch (v->type) {
	case FREEXL_CELL_INT:
		snprintf(buf, sizeof(buf), "%d", v->value.int_value);
		return pm_strbuf_puts(dst, buf);
	case FREEXL_CELL_DOUBLE:
		pm_sheet_number(v->value.double_value, buf);
		return pm_strbuf_puts(dst, buf);
	case FREEXL_CELL_DATETIME: {
		/* YYYY-MM-DD HH:MM:SS as the .xlsx reader writes it: YYYY-MM-DDTHH:MM */
		const char *s = v->value.text_value;
		if (s && strlen(s) >= 16 && s[10] == ' ') {
			pm_strbuf_add(dst, s, 10);
			pm_strbuf_puts(dst, "T");
			return pm_strbuf_add(dst, s + 11, 5);
		}
		return pm_strbuf_puts(dst, s ? s : "");
	}
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_TIME:
		return pm_strbuf_puts(dst, v->value.text_value ? v->value.text_value : "");
	default:
		return 0;   /* empty */
	}
}

static int read_sheet(const void *h, unsigned short index, struct pm_xlsx_sheet *out)
{
	struct pm_sheet_csv w;
	unsigned int rows, row;
	unsigned short cols, col;

	memset(&w, 0, sizeof(w));
	if (freexl_select_active_worksheet(h, index) != FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
		return PM_EINVAL;
	for (row = 0; row < rows; row++) {
		for (col = 0; col < cols; col++) {
			FreeXL_CellValue v;
			struct pm_strbuf *cell;
			if (freexl_get_cell_value(h, row, col, &v) != FREEXL_OK ||
			    v.type == FREEXL_CELL_NULL)
				continue;
			if (!(cell = pm_sheet_cell(&w, col)) || cell_text(&v, cell) < 0) {
				pm_sheet_release(&w);
				return PM_ENOMEM;
			}
		}
		if (pm_sheet_row_end(&w, (size_t)row + 1) < 0) {
			pm_sheet_release(&w);
			return PM_ENOMEM;
		}
	}
	return pm_sheet_finish(&w, out);
}

int pm_xls_read(const char *path, struct pm_xlsx_sheet **sheets, size_t *n,
		struct pm_error *err)
{
	const void *h = NULL;
	struct pm_xlsx_sheet *out = NULL;
	unsigned int count = 0, password = 0;
	unsigned short i;
	int rc, xrc;

	*sheets = NULL;
	*n = 0;
	if ((xrc = freexl_open(path, &h)) != FREEXL_OK) {
		freexl_close(h);
		if (xrc == FREEXL_INSUFFICIENT_MEMORY)
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		if (xrc == FREEXL_FILE_NOT_FOUND)
			return pm_error_set(err, PM_EIO, "cannot open '%s': no such file", path);
		return pm_error_set(err, PM_EINVAL, "%s: not a readable Excel 97-2003 workbook "
				    "(FreeXL error %d): save it as .xlsx or CSV UTF-8 and import "
				    "that file", path, xrc);
	}
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
	    password == FREEXL_BIFF_OBFUSCATED) {
		freexl_close(h);
		return pm_error_set(err, PM_EINVAL, "%s: the workbook is protected by a "
				    "password: save a copy without one", path);
	}
	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK ||
	    !(out = calloc((size_t)count + 1, sizeof(*out)))) {
		freexl_close(h);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	for (i = 0; i < count; i++) {
		const char *name = NULL;
		if (freexl_get_worksheet_name(h, i, &name) != FREEXL_OK || !name)
			name = "";
		if (!(out[i].name = strdup(name))) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto fail;
		}
		if ((rc = read_sheet(h, i, &out[i])) < 0) {
			rc = rc == PM_ENOMEM ? pm_error_set(err, rc, "out of memory")
			     : pm_error_set(err, rc, "%s: not a readable Excel 97-2003 workbook "
					    "(sheet %s): save it as .xlsx or CSV UTF-8 and import "
					    "that file", path, name);
			goto fail;
		}
	}
	freexl_close(h);
	*sheets = out;
	*n = count;
	return 0;
fail:
	freexl_close(h);
	pm_xlsx_free(out, count);
	return rc;
}
