/*
 * powermap — CSV reading over libcsv and minimal-quoting writing
 * (see include/powermap/csv.h).
 *
 * libcsv reports fields and record ends through callbacks but not line
 * numbers, so the input is fed one physical line at a time and the line of
 * each record is derived from the line being fed when its first field ends,
 * less the newlines inside that field.
 */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/csv.h"

struct reader {
	pm_csv_record_fn fn;
	void *ctx;
	size_t line;        /* line currently being fed */
	struct pm_csv_record rec;
	size_t cap;
	int stop;           /* callback's non-zero return */
	int nomem;
};

static void reader_reset(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->rec.nfields; i++)
		free(r->rec.fields[i]);
	r->rec.nfields = 0;
}

static void on_field(void *data, size_t len, void *vr)
{
	struct reader *r = vr;
	char *copy;
	size_t i, nl = 0;

	if (r->stop || r->nomem)
		return;
	if (r->rec.nfields == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		char **f = realloc(r->rec.fields, cap * sizeof(*f));
		size_t *l = f ? realloc(r->rec.lens, cap * sizeof(*l)) : NULL;
		if (f)
			r->rec.fields = f;
		if (!f || !l) {
			r->nomem = 1;
			return;
		}
		r->rec.lens = l;
		r->cap = cap;
	}
	if (!(copy = malloc(len + 1))) {
		r->nomem = 1;
		return;
	}
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	if (r->rec.nfields == 0) {
		for (i = 0; i < len; i++)
			nl += copy[i] == '\n';
		r->rec.line = r->line - nl;
	}
	r->rec.fields[r->rec.nfields] = copy;
	r->rec.lens[r->rec.nfields++] = len;
}

static void on_record(int c, void *vr)
{
	struct reader *r = vr;

	(void)c;
	if (!r->stop && !r->nomem && r->rec.nfields)
		r->stop = r->fn(&r->rec, r->ctx);
	reader_reset(r);
}

int pm_csv_parse(const char *buf, size_t len, const char *name,
		 pm_csv_record_fn fn, void *ctx, struct pm_error *err)
{
	struct csv_parser p;
	struct reader r;
	size_t off = 0;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	r.fn = fn;
	r.ctx = ctx;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		off = 3;
	while (off < len && !r.stop && !r.nomem) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (buf + off)) + 1 : len - off;

		r.line++;
		if (csv_parse(&p, buf + off, n, on_field, on_record, &r) != n) {
			rc = pm_error_set(err, PM_EINVAL,
					  "%s:%zu: malformed quoting (a quote inside an "
					  "unquoted field, or text after a closing quote)",
					  name, r.line);
			goto out;
		}
		off += n;
	}
	if (!r.stop && !r.nomem &&
	    csv_fini(&p, on_field, on_record, &r) != 0) {
		rc = pm_error_set(err, PM_EINVAL,
				  "%s:%zu: unterminated quoted field at end of file",
				  name, r.rec.line ? r.rec.line : r.line);
		goto out;
	}
	if (r.nomem)
		rc = pm_error_set(err, PM_ENOMEM, "out of memory reading '%s'", name);
	else
		rc = r.stop;
out:
	reader_reset(&r);
	free(r.rec.fields);
	free(r.rec.lens);
	csv_free(&p);
	return rc;
}

int pm_csv_read_file(const char *path, pm_csv_record_fn fn, void *ctx,
		     struct pm_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	if (!f)
		return pm_error_set(err, PM_EIO, "cannot open '%s': %s", path,
				    strerror(errno));
	for (;;) {
		if (len + 65536 > cap) {
			char *nb = realloc(buf, cap = cap ? 2 * cap : 1 << 20);
			if (!nb) {
				rc = pm_error_set(err, PM_ENOMEM, "out of memory reading '%s'", path);
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		rc = pm_error_set(err, PM_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	rc = pm_csv_parse(buf, len, path, fn, ctx, err);
out:
	free(buf);
	fclose(f);
	return rc;
}

static int needs_quotes(const char *s)
{
	size_t n = strlen(s);

	if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

int pm_csv_write_record(FILE *f, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		if (i)
			fputc(',', f);
		if (!needs_quotes(s)) {
			fputs(s, f);
			continue;
		}
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	}
	fputc('\n', f);
	return ferror(f) ? PM_EIO : 0;
}
