/*
 * libFuzzer target: the CSV reader (libcsv, strict) on any bytes, and the
 * writer's round trip: every record read, written with pm_csv_write_record
 * and read again, gives the same fields; and tab-separated text rewritten
 * as CSV (pm_tsv_to_csv) reads back as CSV. Built by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/csv.h"

struct recs {
	char **fields;     /* every field of every record, in order */
	size_t *lens;
	size_t *per;       /* fields per record */
	size_t n, nrec, cap, rcap;
	int skip;          /* the input has what the writer does not promise to keep */
};

static int collect(const struct pm_csv_record *rec, void *ctx)
{
	struct recs *r = ctx;

	if (rec->nfields == 1 && rec->lens[0] == 0)
		r->skip = 1;   /* one empty field is a blank line when written */
	if (r->nrec == r->rcap) {
		r->rcap = r->rcap ? 2 * r->rcap : 16;
		r->per = realloc(r->per, r->rcap * sizeof(*r->per));
	}
	r->per[r->nrec++] = rec->nfields;
	for (size_t i = 0; i < rec->nfields; i++) {
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 64;
			r->fields = realloc(r->fields, r->cap * sizeof(*r->fields));
			r->lens = realloc(r->lens, r->cap * sizeof(*r->lens));
		}
		if (strlen(rec->fields[i]) != rec->lens[i])
			r->skip = 1;   /* a NUL inside: the writer takes C strings */
		r->fields[r->n] = malloc(rec->lens[i] + 1);
		memcpy(r->fields[r->n], rec->fields[i], rec->lens[i] + 1);
		r->lens[r->n++] = rec->lens[i];
	}
	return 0;
}

static void recs_free(struct recs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	free(r->fields);
	free(r->lens);
	free(r->per);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recs a = { 0 }, b = { 0 };
	struct pm_error err;
	char *out = NULL;
	size_t outlen = 0, k = 0;
	FILE *f;

	if (pm_tsv_to_csv((const char *)data, size, "in.tsv", &out, &outlen, &err) == 0) {
		struct recs t = { 0 };
		if (pm_csv_parse(out, outlen, "out.csv", collect, &t, &err) != 0) {
			fprintf(stderr, "tab-separated text rewritten does not read as CSV: %s\n",
				err.msg);
			abort();
		}
		recs_free(&t);
		free(out);
		out = NULL;
		outlen = 0;
	}
	if (pm_csv_parse((const char *)data, size, "in.csv", collect, &a, &err) != 0 || a.skip ||
	    (a.n && !strncmp(a.fields[0], "\xef\xbb\xbf", 3))) {
		recs_free(&a);
		return 0;
	}
	f = open_memstream(&out, &outlen);
	for (size_t r = 0; r < a.nrec; r++) {
		pm_csv_write_record(f, (const char *const *)a.fields + k, a.per[r]);
		k += a.per[r];
	}
	fclose(f);
	if (pm_csv_parse(out, outlen, "out.csv", collect, &b, &err) != 0) {
		fprintf(stderr, "written CSV does not read back: %s\n", err.msg);
		abort();
	}
	if (a.nrec != b.nrec || a.n != b.n)
		abort();
	for (size_t i = 0; i < a.n; i++)
		if (a.lens[i] != b.lens[i] || memcmp(a.fields[i], b.fields[i], a.lens[i])) {
			fprintf(stderr, "field %zu: '%s' became '%s'\n", i, a.fields[i], b.fields[i]);
			abort();
		}
	for (size_t r = 0; r < a.nrec; r++)
		if (a.per[r] != b.per[r])
			abort();
	free(out);
	recs_free(&a);
	recs_free(&b);
	return 0;
}
