/* Unit tests: Excel workbooks as CSV text (src/io/xlsx.c), on workbooks written here part by part. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "powermap/xlsx.h"
#include "../testutil.h"

static char *dir;

static void setup(void)
{
	dir = tu_tmpdir();
}

static void teardown(void)
{
	tu_rmdir(dir);
}

TestSuite(xlsx, .init = setup, .fini = teardown);

#define MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char workbook_one[] =
	"<workbook xmlns=\"" MAIN "\" xmlns:r=\"" REL "\"><workbookPr/><sheets>"
	"<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels_one[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" REL "/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";
/* styles: 0 general, 1 date (14), 2 date-time (22), 3 a time of day (20), 4 custom m/d/yyyy */
static const char styles[] =
	"<styleSheet xmlns=\"" MAIN "\"><numFmts><numFmt numFmtId=\"170\" "
	"formatCode=\"m/d/yyyy;@\"/></numFmts><cellXfs><xf numFmtId=\"0\"/>"
	"<xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"20\"/>"
	"<xf numFmtId=\"170\"/></cellXfs></styleSheet>";

/* A workbook at dir/name of the given (part, text) pairs, NULL-terminated. */
static char *book(const char *name, ...)
{
	char *path = tu_path(dir, name);
	const char *part;
	va_list ap;
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

	cr_assert_not_null(z);
	va_start(ap, name);
	while ((part = va_arg(ap, const char *))) {
		const char *text = va_arg(ap, const char *);
		zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);
		cr_assert(src && zip_file_add(z, part, src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	va_end(ap);
	cr_assert_eq(zip_close(z), 0);
	return path;
}

/* The one sheet's CSV of a workbook of sheet XML `cells` (the <sheetData> content). */
static char *one_sheet(const char *cells, struct pm_xlsx_sheet **sheets, size_t *n)
{
	char sheet[8192];
	struct pm_error err;
	char *path;

	snprintf(sheet, sizeof(sheet), "<worksheet xmlns=\"" MAIN "\"><sheetData>%s</sheetData>"
		 "</worksheet>", cells);
	path = book("b.xlsx", "xl/workbook.xml", workbook_one, "xl/_rels/workbook.xml.rels",
		    rels_one, "xl/styles.xml", styles, "xl/worksheets/sheet1.xml", sheet, NULL);
	cr_assert_eq(pm_xlsx_read(path, sheets, n, &err), 0, "%s", err.msg);
	cr_assert_eq(*n, 1);
	free(path);
	return (*sheets)[0].csv;
}

/* Excel's day numbers: 1900 system (with its 29 February 1900), date-times, times of day. */
PM_TEST(xlsx, dates_by_number_format)
{
	struct pm_xlsx_sheet *s;
	size_t n;
	char *csv = one_sheet(
		"<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>59</v></c>"
		"<c r=\"C1\" s=\"1\"><v>61</v></c><c r=\"D1\" s=\"1\"><v>46351</v></c>"
		"<c r=\"E1\" s=\"2\"><v>46346.604166666664</v></c><c r=\"F1\" s=\"2\"><v>46346</v></c>"
		"<c r=\"G1\" s=\"3\"><v>0.5</v></c><c r=\"H1\" s=\"4\"><v>2958465</v></c>"
		"<c r=\"I1\" s=\"1\"><v>-3</v></c><c r=\"J1\"><v>46351</v></c></row>",
		&s, &n);

	cr_assert_str_eq(csv, "1900-01-01,1900-02-28,1900-03-01,2026-11-25,2026-11-20T14:30,"
			      "2026-11-20,0.5,9999-12-31,-3,46351\n");
	pm_xlsx_free(s, n);
}

/* Numbers in the fewest digits that read back the same; booleans; errors and formulas as shown. */
PM_TEST(xlsx, numbers_booleans_formulas)
{
	struct pm_xlsx_sheet *s;
	size_t n;
	char *csv = one_sheet(
		"<row r=\"1\"><c r=\"A1\"><v>0.59999999999999998</v></c><c r=\"B1\"><v>4.1E+10</v></c>"
		"<c r=\"C1\"><v>0.1</v></c><c r=\"D1\" t=\"b\"><v>1</v></c>"
		"<c r=\"E1\" t=\"str\"><f>A1&amp;\"x\"</f><v>a,\"b\"</v></c>"
		"<c r=\"F1\" t=\"e\"><v>#N/A</v></c>"
		"<c r=\"G1\" t=\"inlineStr\"><is><r><t>一</t></r><r><t xml:space=\"preserve\"> 二</t>"
		"</r><rPh sb=\"0\" eb=\"1\"><t>イチ</t></rPh></is></c></row>",
		&s, &n);

	cr_assert_str_eq(csv, "0.6,41000000000,0.1,TRUE,\"a,\"\"b\"\"\",#N/A,一 二\n");
	pm_xlsx_free(s, n);
}

/*
 * Rows keep their numbers: empty rows are blank lines, cells without a
 * reference follow the one before, rows are padded to the header's width
 * and styled empty cells beyond it dropped; a cell with a line break
 * shifts the lines below, and rows maps them back.
 */
PM_TEST(xlsx, rows_lines_and_widths)
{
	struct pm_xlsx_sheet *s;
	size_t n;
	char *csv = one_sheet(
		"<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>key</t></is></c>"
		"<c t=\"inlineStr\"><is><t>name</t></is></c><c r=\"D2\" t=\"inlineStr\"><is><t>notes</t>"
		"</is></c></row>"
		"<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>a</t></is></c>"
		"<c r=\"D3\" t=\"inlineStr\"><is><t>one\ntwo</t></is></c><c r=\"K3\" s=\"1\"/></row>"
		"<row r=\"4\"><c r=\"E4\" s=\"1\"/></row>"
		"<row r=\"6\"><c r=\"B6\" t=\"inlineStr\"><is><t>b</t></is></c></row>",
		&s, &n);

	cr_assert_str_eq(csv, "\n,key,name,notes\n,a,,\"one\ntwo\"\n\n,b,,\n");
	cr_assert_eq(s[0].nlines, 6);
	cr_assert_eq(s[0].rows[0], 1);
	cr_assert_eq(s[0].rows[1], 2);
	cr_assert_eq(s[0].rows[2], 3);
	cr_assert_eq(s[0].rows[3], 3, "the cell's second line is row 3's");
	cr_assert_eq(s[0].rows[4], 5);
	cr_assert_eq(s[0].rows[5], 6, "row 6 on line 6 + 0: the blank row 4 and 5 ...");
	pm_xlsx_free(s, n);
}

/* Sheets in tab order by the workbook's relationships; hidden ones left out; 1904 dates. */
PM_TEST(xlsx, sheets_in_tab_order)
{
	struct pm_xlsx_sheet *s;
	struct pm_error err;
	size_t n;
	char *path = book("tabs.xlsx",
		"xl/workbook.xml", "<workbook xmlns=\"" MAIN "\" xmlns:r=\"" REL "\">"
		"<workbookPr date1904=\"1\"/><sheets><sheet name=\"人物\" sheetId=\"3\" r:id=\"rId7\"/>"
		"<sheet name=\"hidden\" sheetId=\"1\" state=\"hidden\" r:id=\"rId8\"/>"
		"<sheet name=\"組織\" sheetId=\"2\" r:id=\"rId9\"/></sheets></workbook>",
		"xl/_rels/workbook.xml.rels",
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId9\" Type=\"" REL "/worksheet\" Target=\"/xl/worksheets/o.xml\"/>"
		"<Relationship Id=\"rId7\" Type=\"" REL "/worksheet\" Target=\"worksheets/p.xml\"/>"
		"<Relationship Id=\"rId8\" Type=\"" REL "/worksheet\" Target=\"worksheets/h.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"" REL "/styles\" Target=\"styles.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"" REL "/sharedStrings\" Target=\"strings.xml\"/>"
		"</Relationships>",
		"xl/styles.xml", styles,
		"xl/strings.xml", "<sst xmlns=\"" MAIN "\"><si><t>田中</t><rPh sb=\"0\" eb=\"2\">"
		"<t>タナカ</t></rPh></si><si/></sst>",
		"xl/worksheets/p.xml", "<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"1\">"
		"<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
		"<c r=\"C1\" s=\"1\"><v>0</v></c></row></sheetData></worksheet>",
		"xl/worksheets/o.xml", "<worksheet xmlns=\"" MAIN "\"><sheetData/></worksheet>",
		"xl/worksheets/h.xml", "<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"1\">"
		"<c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>", NULL);

	cr_assert_eq(pm_xlsx_read(path, &s, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(s[0].name, "人物");
	cr_assert_str_eq(s[0].csv, "田中,,1904-01-01\n");
	cr_assert_str_eq(s[1].name, "組織");
	cr_assert_eq(s[1].len, 0, "an empty sheet");
	pm_xlsx_free(s, n);
	free(path);
}

/* What is not a workbook, or a damaged one, is an error naming the file and the part. */
PM_TEST(xlsx, damaged_workbooks)
{
	struct pm_xlsx_sheet *s;
	struct pm_error err;
	size_t n;
	char *path = tu_write(dir, "not.xlsx", "PK\x03\x04 but nothing more");

	cr_assert_eq(pm_xlsx_read(path, &s, &n, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "not.xlsx: not a readable workbook (not a zip archive"),
		  "%s", err.msg);
	free(path);
	path = book("nowb.xlsx", "word/document.xml", "<w/>", NULL);
	cr_assert_eq(pm_xlsx_read(path, &s, &n, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "nowb.xlsx: not an Excel workbook (no xl/workbook.xml)"),
		  "%s", err.msg);
	free(path);
	path = book("badxml.xlsx", "xl/workbook.xml", workbook_one, "xl/_rels/workbook.xml.rels",
		    rels_one, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>", NULL);
	cr_assert_eq(pm_xlsx_read(path, &s, &n, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "part xl/worksheets/sheet1.xml is not well-formed XML"),
		  "%s", err.msg);
	free(path);
	path = book("order.xlsx", "xl/workbook.xml", workbook_one, "xl/_rels/workbook.xml.rels",
		    rels_one, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"3\"/>"
		    "<row r=\"2\"/></sheetData></worksheet>", NULL);
	cr_assert_eq(pm_xlsx_read(path, &s, &n, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "rows or cells out of order"), "%s", err.msg);
	free(path);
	path = book("nostr.xlsx", "xl/workbook.xml", workbook_one, "xl/_rels/workbook.xml.rels",
		    rels_one, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\">"
		    "<c r=\"A1\" t=\"s\"><v>5</v></c></row></sheetData></worksheet>", NULL);
	cr_assert_eq(pm_xlsx_read(path, &s, &n, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "a cell names a text that is not there"), "%s", err.msg);
	free(path);
	path = book("nopart.xlsx", "xl/workbook.xml", workbook_one, "xl/_rels/workbook.xml.rels",
		    "<Relationships/>", NULL);
	cr_assert_eq(pm_xlsx_read(path, &s, &n, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "sheet 'S' has no part"), "%s", err.msg);
	free(path);
	path = tu_path(dir, "missing.xlsx");
	cr_assert_eq(pm_xlsx_read(path, &s, &n, &err), PM_EIO);
	cr_assert(strstr(err.msg, "missing.xlsx"), "%s", err.msg);
	free(path);
}
