/*
 * powermap — importing files (see include/powermap/import.h): each file is
 * read by its format, which feeds records to the pipeline
 * (import_pipeline.c) table by table in dependency order, all in one
 * transaction. A new format is one file in src/io/ and one entry in
 * `formats` below.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "powermap/csv.h"
#include "powermap/xlsx.h"
#include "import_internal.h"

/* The formats, by name; the first is the default. */
static const struct pm_format *const formats[] = {
	&pm_format_native,
	&pm_format_linkedin,
	&pm_format_cards,
	&pm_format_addressbook,
	&pm_format_views,
	&pm_format_salesforce,
	&pm_format_ics,
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const char *pm_import_format_name(size_t i)
{
	return i < NFORMATS ? formats[i]->name : NULL;
}

static const struct pm_format *format_named(const char *name)
{
	size_t i;

	if (!name)
		return formats[0];
	for (i = 0; i < NFORMATS; i++)
		if (!strcmp(formats[i]->name, name))
			return formats[i];
	return NULL;
}

/* Whether `name` means UTF-8 (NULL means: detect). */
static int is_utf8(const char *name)
{
	return !strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8");
}

/* The iconv name of an encoding as users write it. */
static const char *iconv_name(const char *name)
{
	if (!strcasecmp(name, "cp932") || !strcasecmp(name, "ms932") ||
	    !strcasecmp(name, "sjis") || !strcasecmp(name, "shift_jis") ||
	    !strcasecmp(name, "shift-jis") || !strcasecmp(name, "windows-31j"))
		return "CP932";
	return name;
}

/* The first bytes of a file, to sniff its encoding. */
static size_t head_of(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

/* UTF-8 up to a sequence cut at the end of a sniffed head. */
static int head_is_utf8(const char *s, size_t n, int cut)
{
	size_t bad;

	if (pm_utf8_valid(s, n, &bad))
		return 1;
	return cut && bad + 4 > n && pm_utf8_valid(s, bad, &bad);
}

/* Line (1-based) and byte in that line of offset `off` in s. */
static void line_of(const char *s, size_t off, size_t *line, size_t *col)
{
	const char *nl = s;
	size_t i;

	*line = 1;
	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			(*line)++;
			nl = s + i + 1;
		}
	*col = (size_t)(s + off - nl) + 1;
}

/*
 * Make a source readable as UTF-8, once: input that can be read only once
 * (a pipe, /dev/stdin) is kept in memory, since every file is read more
 * than once (its header first, to order the files); a file in another
 * encoding (--encoding cp932) is converted; with no encoding given, a file
 * that is not UTF-8 but reads cleanly as CP932 (what Japanese Excel writes)
 * is converted, with a warning. `copy` owns what src->data points to.
 */
static int prepare_encoding(struct pm_import *im, const char *encoding, struct pm_source *src,
			    char **copy, struct pm_error *err)
{
	struct stat sb;
	char head[65536], *conv = NULL;
	size_t n, convlen, bad, line, col;
	int rc, detect = !encoding, convert = encoding && !is_utf8(encoding);

	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	if (stat(src->path, &sb) != 0)
		return 0;   /* the reader reports it */
	if (!S_ISREG(sb.st_mode) || convert) {
		if ((rc = pm_csv_slurp(src->path, copy, &src->len, err)) < 0)
			return rc;
		src->data = *copy;
	}
	if (!convert) {
		const char *s = src->data ? src->data : head;
		n = src->data ? src->len : head_of(src->path, head, sizeof(head));
		if (head_is_utf8(s, n, !src->data && n == sizeof(head)))
			return 0;
		if (!src->data) {
			if ((rc = pm_csv_slurp(src->path, copy, &src->len, err)) < 0)
				return rc;
			src->data = *copy;
		}
		/* UTF-16 with its byte order mark: Excel's "Unicode text" */
		if (detect && src->len >= 2 && (!memcmp(src->data, "\xff\xfe", 2) ||
						!memcmp(src->data, "\xfe\xff", 2))) {
			if (pm_text_to_utf8("UTF-16", src->data, src->len, &conv, &convlen, &bad,
					    NULL) < 0)
				return 0;   /* the rows say where */
			goto converted;
		}
		/* not UTF-8: does it read as CP932? */
		if (pm_text_to_utf8("CP932", src->data, src->len, &conv, &convlen, &bad, NULL) < 0)
			return 0;   /* neither: the rows say where */
		if (!detect) {
			pm_import_diag(im, 0, 0, 0, "not UTF-8, but it reads as CP932 (Japanese "
				       "Excel's encoding): give --encoding cp932, or save it as UTF-8");
			free(conv);
			return 0;
		}
		pm_import_diag(im, 0, 0, 1, "not UTF-8: read as CP932 (Japanese Excel's "
			       "encoding); give --encoding cp932 to say so, or save it as UTF-8");
	} else if ((rc = pm_text_to_utf8(iconv_name(encoding), src->data, src->len, &conv,
					 &convlen, &bad, err)) < 0) {
		if (rc != PM_EINVAL)   /* out of memory, or an encoding iconv does not know */
			return rc;
		line_of(src->data, bad, &line, &col);
		pm_import_diag(im, line, 0, 0, "not valid %s (byte %zu of the line)", encoding, col);
		return 0;
	}
converted:
	free(*copy);
	*copy = conv;
	src->data = conv;
	src->len = convlen;
	return 0;
}

/* Whether file name `path` ends in `ext` (".xlsx"), in any case. */
static int has_extension(const char *path, const char *ext)
{
	size_t n = strlen(path), k = strlen(ext);

	return n > k && !strcasecmp(path + n - k, ext);
}

/* Whether the n bytes at s hold the text `what`. */
static int holds(const char *s, size_t n, const char *what)
{
	size_t k = strlen(what), i;

	for (i = 0; i + k <= n; i++)
		if (!memcmp(s + i, what, k))
			return 1;
	return 0;
}

/*
 * What a file that is not text is and what to do, by its first bytes and
 * its name (NULL: text as far as we can tell).
 */
static const char *binary_kind(const char *path, const char *head, size_t n)
{
	if (n >= 4 && !memcmp(head, "PK\x03\x04", 4))
		/* an Office file's first part is usually [Content_Types].xml */
		return has_extension(path, ".xlsx") || has_extension(path, ".xlsm") ||
		       holds(head, n < 512 ? n : 512, "[Content_Types].xml")
		       ? "an Excel workbook through a pipe: give its file name instead (a "
			 "workbook is read from a file)"
		       : "a zip archive, not CSV: unzip it and import the CSV files inside "
			 "(LinkedIn's data export holds Connections.csv)";
	if (n >= 8 && !memcmp(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return "an Excel 97-2003 workbook (.xls), not CSV: in Excel, save it with Save "
		       "As as 'Excel Workbook (*.xlsx)' or 'CSV UTF-8 (comma delimited)' and "
		       "import that file";
	return NULL;
}

/* Lines ended by CR alone, as Excel's "CSV (Macintosh)" writes them. */
static int cr_lines(const char *s, size_t n)
{
	return n && !memchr(s, '\n', n) && memchr(s, '\r', n);
}

/*
 * The source as a rewriting made it (rc, csv, csvlen of pm_tsv_to_csv or
 * pm_vcard_to_csv): src->data is csv from now on; input the rewriting
 * refused is reported as the CSV reader's "NAME:LINE: reason".
 */
static int take_rewritten(struct pm_import *im, struct pm_source *src, char **copy, int rc,
			  char *csv, size_t csvlen, struct pm_error *err)
{
	if (rc < 0) {
		if (rc != PM_EINVAL)
			return rc == PM_ENOMEM ? pm_error_set(err, rc, "out of memory") : rc;
		if ((rc = pm_import_source(im, src->path)) < 0)
			return rc;
		pm_import_csv_error(im);   /* "NAME:LINE: reason" as the CSV reader's */
		return 0;
	}
	free(*copy);
	*copy = csv;
	src->data = csv;
	src->len = csvlen;
	return 0;
}

/*
 * A vCard file (src->data): as the CSV of an address book for --format
 * contacts; for any other format, an error that says how to read it.
 */
static int vcard_source(struct pm_import *im, struct pm_source *src, char **copy,
			struct pm_error *err)
{
	char *csv = NULL;
	size_t csvlen = 0;
	int rc;

	if (!im->opts.format || strcmp(im->opts.format, "contacts")) {
		if ((rc = pm_import_source(im, src->path)) < 0)
			return rc;
		pm_import_diag(im, 0, 0, 0, "a vCard address book (.vcf), not CSV: import it "
			       "with --format contacts --owner PERSON (whose address book it is)");
		return 0;
	}
	rc = pm_vcard_to_csv(src->data, src->len, src->path, &csv, &csvlen, im->err);
	return take_rewritten(im, src, copy, rc, csv, csvlen, err);
}

/*
 * Make a source readable as UTF-8 CSV, once (see prepare_encoding): a
 * workbook is refused with what to do instead; lines ended by CR alone end
 * by LF; tab-separated text is rewritten as CSV, line for line; a vCard
 * file as an address book's CSV.
 */
static int prepare_source(struct pm_import *im, const char *encoding, struct pm_source *src,
			  char **copy, struct pm_error *err)
{
	struct stat sb;
	char head[65536], *csv;
	const char *kind;
	size_t n, csvlen;
	int rc, regular = stat(src->path, &sb) == 0 && S_ISREG(sb.st_mode);

	/* the head, read once: what the file is, whether its lines are tab-separated or CR-ended */
	n = regular ? head_of(src->path, head, sizeof(head)) : 0;
	if (!(kind = binary_kind(src->path, head, n))) {
		if ((rc = prepare_encoding(im, encoding, src, copy, err)) < 0)
			return rc;
		if (!regular && src->data)   /* a pipe: what it held is known only now */
			kind = binary_kind(src->path, src->data, src->len);
	}
	if (kind) {
		if ((rc = pm_import_source(im, src->path)) < 0)
			return rc;
		pm_import_diag(im, 0, 0, 0, "%s", pm_msg(kind));
		return 0;
	}
	if (!src->data) {
		/* not read yet: a file whose reader reports what is wrong, or plain CSV */
		if (!regular || (!pm_csv_tab_separated(head, n) && !cr_lines(head, n) &&
				 !pm_vcard_sniff(head, n)))
			return 0;
		if ((rc = pm_csv_slurp(src->path, copy, &src->len, err)) < 0)
			return rc;
		src->data = *copy;
	}
	/* a vCard address book: the CSV of one, for the contacts format */
	if (pm_vcard_sniff(src->data, src->len))
		return vcard_source(im, src, copy, err);
	/* src->data is *copy from here on, ours to change */
	if (cr_lines(src->data, src->len))
		for (n = 0; n < src->len; n++)
			if ((*copy)[n] == '\r')
				(*copy)[n] = '\n';
	/* tabs between the header's fields: Excel's "Unicode text" or "Text (tab delimited)" */
	if (!pm_csv_tab_separated(src->data, src->len))
		return 0;
	rc = pm_tsv_to_csv(src->data, src->len, src->path, &csv, &csvlen, im->err);
	return take_rewritten(im, src, copy, rc, csv, csvlen, err);
}

/* An Excel workbook given by its file name: a zip archive named .xlsx or .xlsm. */
static int is_workbook(const char *path)
{
	struct stat sb;
	char head[4];

	return (has_extension(path, ".xlsx") || has_extension(path, ".xlsm")) &&
	       stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	       head_of(path, head, sizeof(head)) == 4 && !memcmp(head, "PK\x03\x04", 4);
}

/* The sources of the import: a file each, a sheet each of a workbook. */
struct sources {
	struct pm_source *src;
	size_t n;
	struct pm_xlsx_sheet **books;  /* per path: its sheets, or NULL */
	size_t *nsheets;
	unsigned char *is_book;        /* per path: a workbook (read or not) */
	char **labels;                 /* "book.xlsx[人物]", one per sheet source */
	size_t nlabels;
};

static void sources_free(struct sources *s, size_t npaths)
{
	size_t i;

	for (i = 0; s->books && i < npaths; i++)
		pm_xlsx_free(s->books[i], s->nsheets[i]);
	for (i = 0; i < s->nlabels; i++)
		free(s->labels[i]);
	free(s->labels);
	free(s->books);
	free(s->nsheets);
	free(s->is_book);
	free(s->src);
}

/* Looking for a sheet's header row: each record's fields and line, until one names a table. */
struct header_hunt {
	size_t line;               /* of the header found (0: none yet) */
	size_t seen;
};

#define HEADER_ROWS_MAX 10     /* title and note rows looked past above a header */

static int hunt_header(const struct pm_csv_record *rec, void *ctx)
{
	struct header_hunt *h = ctx;

	if (pm_import_detect((const char *const *)rec->fields, rec->nfields) >= 0) {
		h->line = rec->line;
		return 1;
	}
	return ++h->seen >= HEADER_ROWS_MAX;
}

/*
 * A sheet whose header is not its first row (a title such as 「キーマン一覧」
 * above it, as Japanese sheets often have): the rows above the first of its
 * first ten rows that names a table's columns are emptied — their lines
 * kept, so that rows keep their numbers. Nothing when the first row is the
 * header or no row is.
 */
static void skip_title_rows(struct pm_xlsx_sheet *sh)
{
	struct header_hunt h = { 0, 0 };
	struct pm_error err;
	size_t i, line = 1, out = 0;

	if (pm_csv_parse(sh->csv, sh->len, sh->name, hunt_header, &h, &err) < 0 || h.line <= 1)
		return;
	/* the first record is on the first line that is not blank: is it the header? */
	for (i = 0; i < sh->len && line < h.line; i++) {
		if (sh->csv[i] == '\n') {
			line++;
			sh->csv[out++] = '\n';
		}
	}
	memmove(sh->csv + out, sh->csv + i, sh->len - i + 1);
	sh->len -= i - out;
}

/*
 * Read the workbooks among the paths (a workbook that cannot be read is an
 * error of its file) and make the sources: each path, or each non-empty
 * sheet of a workbook, named "book.xlsx[sheet]", its text the sheet's CSV
 * and its lines mapped to the sheet's rows.
 */
static int make_sources(struct pm_import *im, const char *const *paths, size_t n, int native,
			struct sources *s, struct pm_error *err)
{
	size_t i, j, total = 0;
	int rc;

	if (!(s->books = calloc(n + 1, sizeof(*s->books))) ||
	    !(s->nsheets = calloc(n + 1, sizeof(*s->nsheets))) ||
	    !(s->is_book = calloc(n + 1, 1)))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		struct pm_error xerr;
		size_t plen = strlen(paths[i]);
		if (!(s->is_book[i] = (unsigned char)is_workbook(paths[i]))) {
			total++;
			continue;
		}
		if ((rc = pm_xlsx_read(paths[i], &s->books[i], &s->nsheets[i], &xerr)) == PM_ENOMEM)
			return pm_error_set(err, rc, "out of memory");
		if (rc < 0) {
			/* "book.xlsx: reason": the diagnostic names the file itself */
			const char *m = !strncmp(xerr.msg, paths[i], plen) && xerr.msg[plen] == ':'
					? xerr.msg + plen + 1 + (xerr.msg[plen + 1] == ' ') : xerr.msg;
			if ((rc = pm_import_source(im, paths[i])) < 0)
				return rc;
			pm_import_diag(im, 0, 0, 0, "%s", m);
			continue;
		}
		for (j = 0; j < s->nsheets[i]; j++) {
			if (native && im->opts.type < 0)
				skip_title_rows(&s->books[i][j]);
			total += s->books[i][j].len > 0;
		}
	}
	if (total > UINT16_MAX)
		return pm_error_set(err, PM_EINVAL, "too many files in one import (at most %d)",
				    UINT16_MAX);
	if (!(s->src = calloc(total + 1, sizeof(*s->src))) ||
	    !(s->labels = calloc(total + 1, sizeof(*s->labels))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		if (!s->is_book[i]) {
			s->src[s->n].path = paths[i];
			s->src[s->n++].table = -1;
			continue;
		}
		for (j = 0; j < s->nsheets[i]; j++) {
			const struct pm_xlsx_sheet *sh = &s->books[i][j];
			struct pm_source *x = &s->src[s->n];
			size_t len = strlen(paths[i]) + strlen(sh->name) + 3;
			char *label;
			if (!sh->len)
				continue;
			if (!(label = malloc(len)))
				return pm_error_set(err, PM_ENOMEM, "out of memory");
			snprintf(label, len, "%s[%s]", paths[i], sh->name);
			s->labels[s->nlabels++] = label;
			x->path = label;
			x->data = sh->csv;
			x->len = sh->len;
			x->table = -1;
			x->sheet = 1;
			if (pm_import_line_map(im, label, sh->rows, sh->nlines) < 0)
				return pm_error_set(err, PM_ENOMEM, "out of memory");
			s->n++;
		}
	}
	return 0;
}

int pm_import_files(struct pm_store *st, const char *const *paths, size_t n,
		    const struct pm_import_opts *opts,
		    struct pm_import_stats *stats, struct pm_diags *diags,
		    struct pm_error *err)
{
	const struct pm_format *fmt = format_named(opts->format);
	struct pm_import *im = NULL;
	struct sources sources;
	struct pm_source *src = NULL;
	unsigned *tables = NULL;
	char **copies = NULL;
	const size_t npaths = n;
	size_t i;
	int rc, t, order;

	memset(stats, 0, sizeof(*stats));
	memset(&sources, 0, sizeof(sources));
	if (!fmt)
		return pm_error_set(err, PM_EINVAL, "unknown import format '%s'", opts->format);
	if (n > UINT16_MAX)
		return pm_error_set(err, PM_EINVAL, "too many files in one import (at most %d)",
				    UINT16_MAX);
	if ((rc = pm_import_begin(st, opts, diags, &im, err)) < 0)
		goto out;
	if ((rc = make_sources(im, paths, n, fmt == formats[0], &sources, err)) < 0)
		goto fail;
	src = sources.src;
	n = sources.n;
	tables = calloc(n + 1, sizeof(*tables));
	copies = calloc(n + 1, sizeof(*copies));
	if (!tables || !copies) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	/* the native reader never queries the store: people's indexes may build meanwhile */
	im->index_aside = fmt == formats[0];
	for (i = 0; i < n; i++)
		if (!src[i].sheet &&
		    (rc = prepare_source(im, opts->encoding, &src[i], &copies[i], err)) < 0)
			goto fail;
	if (diags->nerrors) {
		rc = PM_EIMPORT;
		goto fail;
	}
	/*
	 * What each file holds. A file that cannot be told does not hide the
	 * other files' errors: they are still read (and the import fails).
	 */
	for (i = 0; i < n; i++)
		if ((rc = fmt->probe(im, &src[i], &tables[i])) < 0)
			goto fail;
	im->partial = diags->nerrors > 0;
	/* table by table, in dependency order, every file that holds it */
	for (t = 0; t < PM_T_COUNT; t++)
		for (order = 0; order < 3; order++)
			for (i = 0; i < n; i++)
				if ((tables[i] & (1u << t)) && src[i].order == order &&
				    (rc = fmt->read(im, &src[i], (enum pm_table_id)t)) < 0)
					goto fail;
	if (im->partial) {
		pm_bulk_links_read(im);   /* the link rows still waiting are checked too */
		rc = PM_EIMPORT;
		goto fail;
	}
	rc = pm_import_end(im, stats, err);
	im = NULL;
	goto out;
fail:
	pm_import_abort(im);
out:
	for (i = 0; copies && i < n; i++)
		free(copies[i]);
	free(copies);
	free(tables);
	sources_free(&sources, npaths);
	return rc;
}
