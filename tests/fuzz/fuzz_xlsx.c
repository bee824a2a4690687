/*
 * libFuzzer target: the parts of an Excel workbook (src/io/xlsx.c). The
 * input is a sheet's XML, then (after a NUL byte) the shared strings' and
 * (after another) the styles' XML; they are zipped with a fixed workbook
 * (a valid archive, so that the fuzzer works on what we parse, not on
 * libzip's checksums) and read. The read must either fail saying the
 * workbook cannot be read, or give CSV that reads back as CSV with one
 * row number per line, never decreasing — never read out of bounds (ASan)
 * or hang. Built by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include "powermap/csv.h"
#include "powermap/xlsx.h"

#define MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static char path[256];

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_xlsx: %s: %s\n", what, detail ? detail : "");
	abort();
}

static int count(const struct pm_csv_record *rec, void *ctx)
{
	(void)rec;
	(*(size_t *)ctx)++;
	return 0;
}

static void add(zip_t *z, const char *name, const void *data, size_t len)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	zip_int64_t i;

	if (!src || (i = zip_file_add(z, name, src, ZIP_FL_OVERWRITE)) < 0)
		die("zip add", name);
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* the workbook of the last input goes when the run ends */
static void remove_book(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "/tmp/pm-fuzz-xlsx-%d.xlsx", (int)getpid());
	atexit(remove_book);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char workbook[] =
		"<workbook xmlns=\"" MAIN "\" xmlns:r=\"" REL "\"><sheets>"
		"<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	static const char rels[] =
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
		"relationships\"><Relationship Id=\"rId1\" Type=\"" REL "/worksheet\" "
		"Target=\"worksheets/sheet1.xml\"/></Relationships>";
	const uint8_t *parts[3] = { data, NULL, NULL };
	size_t lens[3] = { size, 0, 0 }, i, k = 0;
	struct pm_xlsx_sheet *sheets;
	struct pm_error err;
	size_t n;
	int zerr, rc;
	zip_t *z;

	/* the input cut at its first two NUL bytes */
	for (i = 0; i < size && k < 2; i++)
		if (!data[i]) {
			lens[k] = (size_t)(data + i - parts[k]);
			parts[++k] = data + i + 1;
			lens[k] = size - i - 1;
		}
	if (!(z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr)))
		die("zip open", path);
	add(z, "xl/workbook.xml", workbook, strlen(workbook));
	add(z, "xl/_rels/workbook.xml.rels", rels, strlen(rels));
	add(z, "xl/worksheets/sheet1.xml", parts[0], lens[0]);
	if (parts[1])
		add(z, "xl/sharedStrings.xml", parts[1], lens[1]);
	if (parts[2])
		add(z, "xl/styles.xml", parts[2], lens[2]);
	if (zip_close(z) < 0)
		die("zip close", zip_strerror(z));
	rc = pm_xlsx_read(path, &sheets, &n, &err);
	if (rc < 0) {
		if (rc != PM_EINVAL || !strstr(err.msg, "workbook"))
			die("a failure that is not the workbook's", err.msg);
		return 0;
	}
	for (i = 0; i < n; i++) {
		const struct pm_xlsx_sheet *s = &sheets[i];
		size_t lines = 0, records = 0, j;
		for (j = 0; j < s->len; j++)
			lines += s->csv[j] == '\n';
		if (strlen(s->csv) != s->len)
			die("length (XML holds no NUL)", s->name);
		if (lines != s->nlines)
			die("one row number per line", s->name);
		for (j = 1; j < s->nlines; j++)
			if (s->rows[j] < s->rows[j - 1])
				die("rows go down", s->name);
		if (s->len && pm_csv_parse(s->csv, s->len, "sheet", count, &records, &err) < 0)
			die("the CSV does not read back", err.msg);
	}
	pm_xlsx_free(sheets, n);
	return 0;
}
