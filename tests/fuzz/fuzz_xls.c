/*
 * libFuzzer target: old Excel workbooks (src/io/xls.c over FreeXL). The
 * input is written as a .xls file and read; the read must either fail
 * naming the workbook, or give CSV that reads back as CSV with one row
 * number per line, never decreasing — never crash or hang. FreeXL itself is
 * Debian's build (not instrumented): this finds what reaches our reader
 * and FreeXL's crashes, not its quiet overreads. Built by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "powermap/csv.h"
#include "powermap/xlsx.h"

static char path[256];

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_xls: %s: %s\n", what, detail ? detail : "");
	abort();
}

static int count(const struct pm_csv_record *rec, void *ctx)
{
	(void)rec;
	(*(size_t *)ctx)++;
	return 0;
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
	snprintf(path, sizeof(path), "/tmp/pm-fuzz-xls-%d.xls", (int)getpid());
	atexit(remove_book);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pm_xlsx_sheet *sheets;
	struct pm_error err;
	size_t n, i;
	FILE *f = fopen(path, "wb");
	int rc;

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		die("cannot write", path);
	rc = pm_xls_read(path, &sheets, &n, &err);
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
