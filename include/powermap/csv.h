/*
 * powermap — RFC 4180 CSV reading and writing (DESIGN §8).
 *
 * Reading wraps libcsv (strict mode): quoted fields with embedded commas,
 * quotes and newlines, CRLF or LF line ends, a leading UTF-8 BOM, blank
 * lines skipped. Each record is handed over with the line it starts on.
 */
#ifndef POWERMAP_CSV_H
#define POWERMAP_CSV_H

#include <stddef.h>
#include <stdio.h>
#include "error.h"

/*
 * The longest field read (1 MiB): a longer one -- usually a quote that is
 * never closed -- is refused with PM_EINVAL naming its line, before it takes
 * more memory than that.
 */
#define PM_CSV_FIELD_MAX (1 << 20)

struct pm_csv_record {
	size_t line;      /* 1-based line the record starts on */
	size_t nfields;
	char **fields;    /* NUL-terminated; borrowed for the callback only */
	size_t *lens;     /* byte length of each field (fields may hold NUL) */
};

/* Called once per record (the header too); non-zero stops the read. */
typedef int (*pm_csv_record_fn)(const struct pm_csv_record *rec, void *ctx);

/*
 * Parse `len` bytes of `buf`; `name` is used in messages. Returns 0, the
 * callback's non-zero value, or PM_EINVAL with "NAME:LINE: reason" in err
 * for malformed quoting or a field over PM_CSV_FIELD_MAX. PM_ENOMEM on
 * allocation failure.
 */
int pm_csv_parse(const char *buf, size_t len, const char *name,
		 pm_csv_record_fn fn, void *ctx, struct pm_error *err);

/*
 * Read the whole file at `path` and parse it as pm_csv_parse does. On two
 * or more processors a thread of its own parses ahead of the callback;
 * records still come to fn in order, on the calling thread.
 */
int pm_csv_read_file(const char *path, pm_csv_record_fn fn, void *ctx,
		     struct pm_error *err);

/*
 * Whether the first line of `len` bytes of buf (after a UTF-8 BOM) parts
 * its fields by tabs and holds no comma outside quotes: text that Excel
 * saved as "Unicode text" or "Text (tab delimited)".
 */
int pm_csv_tab_separated(const char *buf, size_t len);

/*
 * Tab-separated text (quoted as in CSV) rewritten as CSV into *out (caller
 * frees with free(); NUL-terminated after *outlen bytes), every record on
 * the line it started on in buf, so that messages name the lines of the
 * original. PM_EINVAL with "NAME:LINE: reason" in err for malformed
 * quoting; PM_ENOMEM.
 */
int pm_tsv_to_csv(const char *buf, size_t len, const char *name, char **out, size_t *outlen,
		  struct pm_error *err);

/* Tests only: non-zero makes pm_csv_read_file parse on the calling thread. */
extern int pm_csv_single_thread;

/*
 * Read the whole of `path` — a file, a pipe, /dev/stdin — into *buf
 * (caller frees with free(); NUL-terminated after *len bytes), for input
 * that can be read only once. PM_EIO, PM_ENOMEM.
 */
int pm_csv_slurp(const char *path, char **buf, size_t *len, struct pm_error *err);

/*
 * Convert `len` bytes of text in `encoding` (an iconv name such as "CP932")
 * to UTF-8: *out (caller frees with free(); NUL-terminated after *outlen
 * bytes). PM_EINVAL when the text is not valid in that encoding, with the
 * byte offset of the first bad byte in *bad (and err naming it); PM_ENOMEM;
 * PM_ENOTFOUND for an encoding iconv does not know.
 */
int pm_text_to_utf8(const char *encoding, const char *in, size_t len, char **out,
		    size_t *outlen, size_t *bad, struct pm_error *err);

/* The same from any encoding to any other (iconv names). */
int pm_text_convert(const char *from, const char *to, const char *in, size_t len, char **out,
		    size_t *outlen, size_t *bad, struct pm_error *err);

/*
 * Write one record: fields quoted only when needed (comma, quote, CR, LF,
 * leading or trailing space), quotes doubled, LF line end. NULL fields are
 * written empty. Returns 0 or PM_EIO.
 */
int pm_csv_write_record(FILE *f, const char *const *fields, size_t n);

#endif
