/*
 * powermap — the store as an Excel workbook (see pm_export_xlsx in
 * export.h): a sheet per table with the native columns, so that the
 * workbook imports back as it was. Written as the XML parts of ECMA-376
 * zipped with libzip (no further library: libxlsxwriter reports its
 * warnings itself, on the standard error stream, which the library must
 * not write to): texts as inline strings, numbers as numbers, the header
 * row bold, frozen and filtered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "powermap/export.h"
#include "powermap/kit.h"
#include "import_internal.h"   /* pm_native_header_ja */

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT "application/vnd.openxmlformats-officedocument.spreadsheetml."
#define ROWS_MAX 1048576      /* Excel's rows, the header's included */
#define CELL_MAX 32767        /* Excel's characters (UTF-16 units) in a cell */

/* The Japanese names of the sheets, by table (opts.sheets_ja). */
static const char *const sheet_ja[PM_T_COUNT] = {
	[PM_T_ORGS] = "組織", [PM_T_PEOPLE] = "人物", [PM_T_LINKS] = "関係",
	[PM_T_INTERACTIONS] = "接触", [PM_T_DEALS] = "商談", [PM_T_ACTIONS] = "行動",
	[PM_T_PLAN] = "計画",
};

/* The column letters of column c (0: A). */
static void column_name(size_t c, char out[4])
{
	char tmp[4];
	size_t n = 0, i;

	c++;
	while (c && n < 3) {
		tmp[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Characters of s as Excel counts them (UTF-16 code units). */
static size_t utf16_units(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xc0) != 0x80)
			n += c >= 0xf0 ? 2 : 1;
	}
	return n;
}

/* Text for an element's content: & < > escaped, a CR kept as &#13;. */
static void xml_text(struct pm_strbuf *sb, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *esc = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
				: *s == '\r' ? "&#13;" : *s == '"' ? "&quot;" : NULL;
		if (!esc)
			continue;
		pm_strbuf_add(sb, run, (size_t)(s - run));
		pm_strbuf_puts(sb, esc);
		run = s + 1;
	}
	pm_strbuf_puts(sb, run);
}

static int numeric(enum pm_col_type t)
{
	return t == PM_COL_UNIT || t == PM_COL_POWER || t == PM_COL_NUMBER;
}

/* Column widths in characters, by what the column holds. */
static int width_of(const struct pm_column *c)
{
	if (!strcmp(c->name, "notes") || !strcmp(c->name, "text") || !strcmp(c->name, "subject"))
		return 40;
	if (!strcmp(c->name, "name") || c->type == PM_COL_DATETIME)
		return 22;
	if (numeric(c->type) || c->type == PM_COL_DATE || c->type == PM_COL_ENUM)
		return 13;
	return 18;
}

struct sheet {
	const struct pm_table *tab;
	const char *label;         /* the sheet's name */
	struct pm_strbuf xml;
	size_t rows;               /* written, the header's included */
	struct pm_error *err;
	int rc;
};

static void cell_ref(struct pm_strbuf *sb, size_t col, size_t row)
{
	char name[4];

	column_name(col, name);
	pm_strbuf_addf(sb, "%s%zu", name, row);
}

static int write_row(const char *const *vals, size_t n, void *ctx)
{
	struct sheet *s = ctx;
	size_t i, row = s->rows + 1;

	if (row > ROWS_MAX)
		return s->rc = pm_error_set(s->err, PM_EINVAL, "%s: more than %d records: a sheet "
					    "holds %d rows; export it as CSV (--dir)",
					    s->tab->name, ROWS_MAX - 1, ROWS_MAX);
	pm_strbuf_addf(&s->xml, "<row r=\"%zu\">", row);
	for (i = 0; i < n && i < s->tab->ncols; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		if (utf16_units(vals[i]) > CELL_MAX)
			return s->rc = pm_error_set(s->err, PM_EINVAL, "%s, record %zu: its %s has "
						    "more than %d characters, more than a cell holds; "
						    "export it as CSV (--dir)", s->tab->name, row - 1,
						    s->tab->cols[i].name, CELL_MAX);
		pm_strbuf_puts(&s->xml, "<c r=\"");
		cell_ref(&s->xml, i, row);
		if (numeric(s->tab->cols[i].type)) {
			pm_strbuf_addf(&s->xml, "\"><v>%s</v></c>", vals[i]);
		} else {
			pm_strbuf_puts(&s->xml, "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
			xml_text(&s->xml, vals[i]);
			pm_strbuf_puts(&s->xml, "</t></is></c>");
		}
	}
	pm_strbuf_puts(&s->xml, "</row>");
	s->rows = row;
	return s->xml.oom ? (s->rc = pm_error_set(s->err, PM_ENOMEM, "out of memory")) : 0;
}

/* A table as a worksheet's XML into s->xml. */
static int sheet_xml(struct pm_store *st, struct sheet *s, const struct pm_export_opts *o)
{
	const struct pm_table *tab = s->tab;
	char last[4];
	size_t i;
	int rc;

	pm_strbuf_puts(&s->xml, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		       "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
		       "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" "
		       "topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
		       "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>");
	for (i = 0; i < tab->ncols; i++)
		pm_strbuf_addf(&s->xml, "<col min=\"%zu\" max=\"%zu\" width=\"%d\" customWidth=\"1\"/>",
			       i + 1, i + 1, width_of(&tab->cols[i]));
	pm_strbuf_puts(&s->xml, "</cols><sheetData><row r=\"1\">");
	for (i = 0; i < tab->ncols; i++) {
		/* in Japanese, the headers import reads as the columns (キー, 氏名 ...) */
		const char *ja = o->sheets_ja ? pm_native_header_ja((enum pm_table_id)(tab - pm_tables),
								      tab->cols[i].name) : NULL;
		pm_strbuf_puts(&s->xml, "<c r=\"");
		cell_ref(&s->xml, i, 1);
		pm_strbuf_puts(&s->xml, "\" t=\"inlineStr\" s=\"1\"><is><t>");
		xml_text(&s->xml, ja ? ja : tab->cols[i].name);
		if (ja && !strcmp(ja, "プロフィールurl"))   /* kept folded there: read in any case */
			memcpy(s->xml.buf + s->xml.len - 3, "URL", 3);
		pm_strbuf_puts(&s->xml, "</t></is></c>");
	}
	pm_strbuf_puts(&s->xml, "</row>");
	s->rows = 1;
	if (o->progress)
		o->progress(o->progress_ctx, tab->name, 0);
	rc = pm_store_select(st, (enum pm_table_id)(tab - pm_tables), &o->filter, write_row, s,
			     s->err);
	if (s->rc < 0)
		return s->rc;
	if (rc < 0)
		return rc;
	column_name(tab->ncols - 1, last);
	pm_strbuf_addf(&s->xml, "</sheetData><autoFilter ref=\"A1:%s%zu\"/></worksheet>", last,
		       s->rows);
	return s->xml.oom ? pm_error_set(s->err, PM_ENOMEM, "out of memory") : 0;
}

/* Add a part to the archive; the buffer goes to libzip (freed by it). */
static int add_part(zip_t *z, const char *name, struct pm_strbuf *sb, struct pm_error *err)
{
	size_t len = sb->len;
	char *data = pm_strbuf_detach(sb);
	zip_source_t *src;

	if (!data)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if (!(src = zip_source_buffer(z, data, len, 1))) {
		free(data);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	if (zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		return pm_error_set(err, PM_EIO, "cannot write part %s: %s", name, zip_strerror(z));
	}
	return 0;
}

static int add_text(zip_t *z, const char *name, const char *text, struct pm_error *err)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;

	pm_strbuf_puts(&sb, text);
	return add_part(z, name, &sb, err);
}

/* The workbook, its relationships and the package's parts naming the sheets. */
static int add_workbook(zip_t *z, const char *const *labels, const size_t *rows,
			const size_t *ncols, struct pm_error *err)
{
	struct pm_strbuf wb = PM_STRBUF_INIT, rels = PM_STRBUF_INIT, types = PM_STRBUF_INIT;
	int t, rc;

	pm_strbuf_puts(&wb, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		       "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><workbookPr/>"
		       "<bookViews><workbookView/></bookViews><sheets>");
	pm_strbuf_puts(&rels, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		       "<Relationships xmlns=\"" NS_PKG "\">");
	pm_strbuf_puts(&types, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		       "<Default Extension=\"rels\" ContentType=\"application/"
		       "vnd.openxmlformats-package.relationships+xml\"/>"
		       "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		       "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT "sheet.main+xml\"/>"
		       "<Override PartName=\"/xl/styles.xml\" ContentType=\"" CT "styles+xml\"/>");
	for (t = 0; t < PM_T_COUNT; t++) {
		pm_strbuf_puts(&wb, "<sheet name=\"");
		xml_text(&wb, labels[t]);
		pm_strbuf_addf(&wb, "\" sheetId=\"%d\" r:id=\"rId%d\"/>", t + 1, t + 1);
		pm_strbuf_addf(&rels, "<Relationship Id=\"rId%d\" Type=\"" NS_REL "/worksheet\" "
			       "Target=\"worksheets/sheet%d.xml\"/>", t + 1, t + 1);
		pm_strbuf_addf(&types, "<Override PartName=\"/xl/worksheets/sheet%d.xml\" "
			       "ContentType=\"" CT "worksheet+xml\"/>", t + 1);
	}
	pm_strbuf_puts(&wb, "</sheets><definedNames>");
	for (t = 0; t < PM_T_COUNT; t++) {
		char last[4];
		column_name(ncols[t] - 1, last);
		pm_strbuf_addf(&wb, "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"%d\" "
			       "hidden=\"1\">'", t);
		xml_text(&wb, labels[t]);
		pm_strbuf_addf(&wb, "'!$A$1:$%s$%zu</definedName>", last, rows[t]);
	}
	pm_strbuf_puts(&wb, "</definedNames></workbook>");
	pm_strbuf_addf(&rels, "<Relationship Id=\"rId%d\" Type=\"" NS_REL "/styles\" "
		       "Target=\"styles.xml\"/></Relationships>", PM_T_COUNT + 1);
	pm_strbuf_puts(&types, "</Types>");
	if ((rc = add_part(z, "[Content_Types].xml", &types, err)) < 0 ||
	    (rc = add_part(z, "xl/workbook.xml", &wb, err)) < 0 ||
	    (rc = add_part(z, "xl/_rels/workbook.xml.rels", &rels, err)) < 0)
		goto out;
	rc = add_text(z, "_rels/.rels",
		      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		      "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\""
		      NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>", err);
	if (rc == 0)
		rc = add_text(z, "xl/styles.xml",
			      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			      "<styleSheet xmlns=\"" NS_MAIN "\"><fonts count=\"2\"><font><sz val=\"11\"/>"
			      "<name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/>"
			      "<name val=\"Calibri\"/></font></fonts><fills count=\"2\"><fill>"
			      "<patternFill patternType=\"none\"/></fill><fill><patternFill "
			      "patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border>"
			      "<left/><right/><top/><bottom/><diagonal/></border></borders>"
			      "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
			      "borderId=\"0\"/></cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\" "
			      "fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" "
			      "fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
			      "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" "
			      "builtinId=\"0\"/></cellStyles></styleSheet>", err);
out:
	pm_strbuf_release(&wb);
	pm_strbuf_release(&rels);
	pm_strbuf_release(&types);
	return rc;
}

int pm_export_xlsx(struct pm_store *st, const char *path, const struct pm_export_opts *o,
		   struct pm_error *err)
{
	const char *labels[PM_T_COUNT];
	size_t rows[PM_T_COUNT], ncols[PM_T_COUNT];
	struct pm_private_file out;
	zip_t *z = NULL;
	int t, zerr = 0, rc;

	if ((rc = pm_private_open(&out, path, err)) < 0)
		return rc;
	/* the temporary file is written by its name: libzip replaces it whole */
	fclose(out.f);
	out.f = NULL;
	if (!(z = zip_open(out.tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr))) {
		rc = pm_error_set(err, PM_EIO, "cannot write '%s'", path);
		goto fail;
	}
	for (t = 0; t < PM_T_COUNT; t++) {
		struct sheet s = { &pm_tables[t], NULL, PM_STRBUF_INIT, 0, err, 0 };
		char name[64];
		s.label = labels[t] = o->sheets_ja ? sheet_ja[t] : pm_tables[t].name;
		if ((rc = sheet_xml(st, &s, o)) < 0) {
			pm_strbuf_release(&s.xml);
			goto fail;
		}
		rows[t] = s.rows;
		ncols[t] = pm_tables[t].ncols;
		snprintf(name, sizeof(name), "xl/worksheets/sheet%d.xml", t + 1);
		if ((rc = add_part(z, name, &s.xml, err)) < 0)
			goto fail;
	}
	if ((rc = add_workbook(z, labels, rows, ncols, err)) < 0)
		goto fail;
	if (zip_close(z) < 0) {
		rc = pm_error_set(err, PM_EIO, "cannot write '%s': %s", path, zip_strerror(z));
		goto fail;
	}
	z = NULL;
	return pm_private_commit(&out, err);
fail:
	if (z)
		zip_discard(z);
	pm_private_abort(&out);
	return rc;
}
