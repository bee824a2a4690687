/* Unit tests: CSV reading and writing (src/io/csv.c). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/csv.h"
#include "../testutil.h"

struct got {
	size_t n;
	size_t line[16];
	size_t nfields[16];
	char field[16][8][64];
};

static int collect(const struct pm_csv_record *rec, void *ctx)
{
	struct got *g = ctx;
	size_t i;

	if (g->n == 16)
		return 1;
	g->line[g->n] = rec->line;
	g->nfields[g->n] = rec->nfields;
	for (i = 0; i < rec->nfields && i < 8; i++)
		snprintf(g->field[g->n][i], 64, "%s", rec->fields[i]);
	g->n++;
	return 0;
}

static int parse(const char *text, struct got *g, struct pm_error *err)
{
	memset(g, 0, sizeof(*g));
	return pm_csv_parse(text, strlen(text), "t.csv", collect, g, err);
}

PM_TEST(csv, quotes_commas_and_newlines)
{
	struct got g;
	struct pm_error err;

	cr_assert_eq(parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n", &g, &err), 0);
	cr_assert_eq(g.n, 3);
	cr_assert_str_eq(g.field[1][0], "x, y");
	cr_assert_str_eq(g.field[1][1], "say \"hi\"");
	cr_assert_str_eq(g.field[1][2], "two\nlines");
	cr_assert_eq(g.line[2], 4, "record after a two-line field starts on line 4");
	cr_assert_eq(g.nfields[2], 3);
	cr_assert_str_eq(g.field[2][1], "");
}

PM_TEST(csv, bom_crlf_and_blank_lines)
{
	struct got g;
	struct pm_error err;

	cr_assert_eq(parse("\xef\xbb\xbfkey,name\r\n\r\nk1,田中\r\nk2,\"佐藤\r\n花子\"\r\n", &g, &err), 0);
	cr_assert_eq(g.n, 3);
	cr_assert_str_eq(g.field[0][0], "key", "BOM is stripped");
	cr_assert_str_eq(g.field[1][1], "田中");
	cr_assert_eq(g.line[1], 3, "blank line is skipped but counted");
	cr_assert_eq(g.line[2], 4);
	cr_assert_str_eq(g.field[2][1], "佐藤\r\n花子");
}

PM_TEST(csv, no_final_newline)
{
	struct got g;
	struct pm_error err;

	cr_assert_eq(parse("a,b\n1,2", &g, &err), 0);
	cr_assert_eq(g.n, 2);
	cr_assert_str_eq(g.field[1][1], "2");
	cr_assert_eq(g.line[1], 2);
}

PM_TEST(csv, malformed_quotes_name_the_line)
{
	struct got g;
	struct pm_error err;

	cr_assert_eq(parse("a,b\n1,2\nx,\"bad\"tail\n", &g, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "t.csv:3:"), "%s", err.msg);
	cr_assert_eq(parse("a,b\n1,\"open\n", &g, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "t.csv:2:") && strstr(err.msg, "unterminated"), "%s", err.msg);
}

PM_TEST(csv, writer_quotes_only_when_needed_and_round_trips)
{
	const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", " pad", NULL, "田中" };
	char *buf = NULL;
	size_t len = 0;
	struct got g;
	struct pm_error err;
	FILE *m = open_memstream(&buf, &len);

	cr_assert_eq(pm_csv_write_record(m, fields, 7), 0);
	fclose(m);
	cr_assert_str_eq(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",,田中\n");
	cr_assert_eq(parse(buf, &g, &err), 0);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.nfields[0], 7);
	cr_assert_str_eq(g.field[0][2], "say \"hi\"");
	cr_assert_str_eq(g.field[0][4], " pad");
	free(buf);
}

PM_TEST(csv, missing_file)
{
	struct pm_error err;
	struct got g;

	cr_assert_eq(pm_csv_read_file("/nonexistent/x.csv", collect, &g, &err), PM_EIO);
	cr_assert(strstr(err.msg, "'/nonexistent/x.csv'"), "%s", err.msg);
}

/* Records of a file read in chunks: a 3 MB quoted field with newlines that
 * spans chunk ends, and the lines of the records after it. */
struct big {
	size_t n, line[4], len[4], nl;
};

static int collect_big(const struct pm_csv_record *rec, void *ctx)
{
	struct big *b = ctx;
	size_t i;

	if (b->n < 4) {
		b->line[b->n] = rec->line;
		b->len[b->n] = rec->lens[1];
		for (i = 0; b->n == 1 && i < rec->lens[1]; i++)
			b->nl += rec->fields[1][i] == '\n';
	}
	b->n++;
	return 0;
}

PM_TEST(csv, file_read_in_chunks_keeps_records_and_lines)
{
	char *dir = tu_tmpdir(), path[4096];
	struct pm_error err;
	struct big b = { 0 };
	const size_t n = 1000000;   /* just under the field limit, read in many pieces */
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/big.csv", dir);
	cr_assert_not_null(f = fopen(path, "w"));
	fputs("a,b\n1,\"", f);
	for (i = 0; i < n; i++)
		fputc(i % 1000 == 999 ? '\n' : 'x', f);
	fputs("\"\n2,y\n3,zz", f);
	fclose(f);
	cr_assert_eq(pm_csv_read_file(path, collect_big, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(b.n, 4);
	cr_assert_eq(b.line[1], 2);
	cr_assert_eq(b.len[1], n);
	cr_assert_eq(b.nl, n / 1000);
	cr_assert_eq(b.line[2], 2 + n / 1000 + 1);
	cr_assert_eq(b.len[3], 2);
	tu_rmdir(dir);
}

PM_TEST(csv, a_field_over_the_limit_is_refused_at_its_line)
{
	static const char *const shapes[] = { "a,b\n1,\"%s\"\n", "a,b\n1,%s\n", "a,b\n1,%s" };
	size_t n = PM_CSV_FIELD_MAX + 1, i;
	char *field = malloc(n + 1), *buf = malloc(n + 64);
	struct pm_error err;
	struct big b;

	memset(field, 'q', n);
	field[n] = '\0';
	for (i = 0; i < 3; i++) {
		memset(&b, 0, sizeof(b));
		snprintf(buf, n + 64, shapes[i], field);
		cr_assert_eq(pm_csv_parse(buf, strlen(buf), "t.csv", collect_big, &b, &err), PM_EINVAL,
			     "shape %zu", i);
		cr_assert(strstr(err.msg, "t.csv:2: a field longer than 1048576 bytes"), "%s", err.msg);
		cr_assert_eq(b.n, 1, "only the header was handed over");
	}
	/* exactly at the limit is fine */
	field[n - 1] = '\0';
	snprintf(buf, n + 64, shapes[1], field);
	memset(&b, 0, sizeof(b));
	cr_assert_eq(pm_csv_parse(buf, strlen(buf), "t.csv", collect_big, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(b.n, 2);
	free(field);
	free(buf);
}

/* Every record as "line:field|field|...\n" (up to `stop` records; 0: all). */
struct text_got {
	char *buf;
	size_t len, n, stop;
	FILE *m;
};

static int collect_text(const struct pm_csv_record *rec, void *ctx)
{
	struct text_got *g = ctx;
	size_t i;

	if (g->stop && g->n == g->stop)
		return 7;
	fprintf(g->m, "%zu:", rec->line);
	for (i = 0; i < rec->nfields; i++)
		fprintf(g->m, "%s%s", i ? "|" : "", rec->fields[i]);
	fputc('\n', g->m);
	g->n++;
	return 0;
}

static int read_text(const char *path, int single, size_t stop, char **out, struct pm_error *err)
{
	struct text_got g = { .stop = stop };
	int rc;

	g.m = open_memstream(&g.buf, &g.len);
	pm_csv_single_thread = single;
	rc = pm_csv_read_file(path, collect_text, &g, err);
	pm_csv_single_thread = 0;
	fclose(g.m);
	*out = g.buf;
	return rc;
}

/*
 * The parser thread hands records over in batches of 2,048 round a ring of
 * 4: 20,000 records (quoted newlines, blank lines, a long field) go round
 * it several times and must arrive as the one-thread read gives them; a
 * callback's stop and a malformed line near the end must be met at the
 * same record, with the records before it delivered.
 */
PM_TEST(csv, a_file_read_on_two_threads_reads_as_on_one)
{
	char *dir = tu_tmpdir(), path[4096], *one, *two;
	struct pm_error err;
	FILE *f;
	int i, pass;

	snprintf(path, sizeof(path), "%s/many.csv", dir);
	for (pass = 0; pass < 2; pass++) {
		cr_assert_not_null(f = fopen(path, "w"));
		fputs("a,b,c\n", f);
		for (i = 0; i < 20000; i++) {
			if (i % 97 == 0)
				fprintf(f, "%d,\"two\nlines, %d\",x\n", i, i);
			else if (i % 1001 == 0)
				fprintf(f, "\n%d,%0*d,long\n", i, 5000, i);
			else
				fprintf(f, "%d,田中 %d,\"q\"\"uote\"\n", i, i);
			if (pass == 1 && i == 19990)
				fputs("x,\"bad\"tail,y\n", f);
		}
		fclose(f);
		if (pass == 0) {
			cr_assert_eq(read_text(path, 1, 0, &one, &err), 0, "%s", err.msg);
			cr_assert_eq(read_text(path, 0, 0, &two, &err), 0, "%s", err.msg);
			/* 205 quoted newlines and 19 blank lines come before record 19800 */
			cr_assert(strstr(one, "\n20026:19800|田中 19800|q\"uote\n"),
				  "line numbers count quoted newlines and blank lines");
			cr_assert_str_eq(one, two);
			free(one);
			free(two);
			/* a stop from the callback in the middle of a batch */
			cr_assert_eq(read_text(path, 1, 9999, &one, &err), 7);
			cr_assert_eq(read_text(path, 0, 9999, &two, &err), 7);
			cr_assert_str_eq(one, two);
		} else {
			cr_assert_eq(read_text(path, 1, 0, &one, &err), PM_EINVAL);
			cr_assert(strstr(err.msg, "many.csv:"), "%s", err.msg);
			char *msg = strdup(err.msg);
			cr_assert_eq(read_text(path, 0, 0, &two, &err), PM_EINVAL);
			cr_assert_str_eq(err.msg, msg);
			cr_assert_str_eq(one, two);
			cr_assert(strstr(two, "|田中 19990|"), "the records before the bad line arrive");
			free(msg);
		}
		free(one);
		free(two);
	}
	tu_rmdir(dir);
}

/* Tab-separated text (Excel's "Unicode text"): told from CSV by its header. */
PM_TEST(csv, tab_separated_header_is_told_from_csv)
{
	const char *const tsv[] = { "key\tname\n", "\xef\xbb\xbfkey\tname", "\"a,b\"\tc\n" };
	const char *const csv[] = { "key,name\n", "key,\"a\tb\"\n", "key\n", "key,name\tx\n",
				    "", "key\n\tname\n" };
	size_t i;

	for (i = 0; i < sizeof(tsv) / sizeof(tsv[0]); i++)
		cr_assert(pm_csv_tab_separated(tsv[i], strlen(tsv[i])), "%s", tsv[i]);
	for (i = 0; i < sizeof(csv) / sizeof(csv[0]); i++)
		cr_assert(!pm_csv_tab_separated(csv[i], strlen(csv[i])), "%s", csv[i]);
}

/* ... and rewritten as CSV, every record on the line it came from. */
PM_TEST(csv, tab_separated_text_becomes_csv_line_for_line)
{
	const char *in = "key\tname\ttitle\n\nk1\t\"佐藤, 次郎\"\t\"課長\n兼 部長\"\r\n"
			 "k2\t\"say \"\"hi\"\"\"\t\n\nk3\t田中\tx";
	struct pm_error err;
	struct got g;
	char *out;
	size_t len;

	cr_assert_eq(pm_tsv_to_csv(in, strlen(in), "t.txt", &out, &len, &err), 0, "%s", err.msg);
	cr_assert_eq(strlen(out), len);
	cr_assert_str_eq(out, "key,name,title\n\nk1,\"佐藤, 次郎\",\"課長\n兼 部長\"\n"
			      "k2,\"say \"\"hi\"\"\",\n\nk3,田中,x\n");
	cr_assert_eq(parse(out, &g, &err), 0, "%s", err.msg);
	cr_assert_eq(g.n, 4);
	cr_assert_eq(g.line[1], 3);
	cr_assert_eq(g.line[2], 5, "after a field of two lines");
	cr_assert_eq(g.line[3], 7, "after a blank line");
	cr_assert_str_eq(g.field[2][1], "say \"hi\"");
	free(out);
	/* malformed quoting names the original's line */
	in = "a\tb\n\n1\t\"bad\"tail\n";
	cr_assert_eq(pm_tsv_to_csv(in, strlen(in), "t.txt", &out, &len, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "t.txt:3:"), "%s", err.msg);
	cr_assert_null(out);
	/* a NUL would end a field written as CSV: refused, not cut */
	cr_assert_eq(pm_tsv_to_csv("a\tb\nx\ty\0z\n", 10, "t.txt", &out, &len, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "t.txt:2: a NUL byte in field 2"), "%s", err.msg);
	cr_assert_null(out);
}
