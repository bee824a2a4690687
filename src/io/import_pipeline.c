/*
 * powermap — the import pipeline (see include/powermap/import.h): records
 * of any format are checked field by field, then for duplicates within the
 * import (the store remembers where each identity was first seen), then
 * written with pm_store_put, which resolves references — or handed to the
 * bulk loader for empty people and links tables. Org parents are set once
 * every org is in; after the last record, cycles in org parents and in
 * reports_to are reported. Any error leaves the database unchanged.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import_internal.h"

#define DEFAULT_MAX_ERRORS 100

void pm_diags_free(struct pm_diags *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

void pm_import_progress(struct pm_import *im, const char *what, const char *file,
			size_t rows)
{
	char buf[1200];

	if (!im->opts.progress)
		return;
	snprintf(buf, sizeof(buf), "%s%s%s", what, file ? " " : "", file ? file : "");
	im->opts.progress(im->opts.progress_ctx, buf, rows);
}

int pm_import_line_map(struct pm_import *im, const char *file, const size_t *rows, size_t n)
{
	struct pm_line_map *m;

	if (PM_GROW(im->line_maps, im->line_maps_cap, im->nline_maps + 1) < 0)
		return PM_ENOMEM;
	m = &im->line_maps[im->nline_maps];
	if (!(m->file = strdup(file)))
		return PM_ENOMEM;
	m->rows = rows;
	m->n = n;
	im->nline_maps++;
	return 0;
}

size_t pm_import_row(const struct pm_import *im, size_t nfile, size_t line)
{
	size_t i;

	if (!im->nline_maps || nfile >= im->nfiles || !line)
		return line;
	for (i = 0; i < im->nline_maps; i++)
		if (!strcmp(im->line_maps[i].file, im->files[nfile]))
			return line <= im->line_maps[i].n ? im->line_maps[i].rows[line - 1] : line;
	return line;
}

void pm_import_diag(struct pm_import *im, size_t line, size_t col, int warning,
		    const char *fmt, ...)
{
	struct pm_diags *d = im->diags;
	struct pm_diag *it;
	char msg[1024];
	va_list ap;

	if (im->quiet)
		return;
	/* rows waiting in the batch come before this one: report theirs first */
	if (!im->flushing && pm_bulk_link_waiting(im))
		pm_bulk_flush_pending(im);
	if (warning)
		d->nwarnings++;
	else
		d->nerrors++;
	if (!warning && d->nerrors > im->max_errors) {
		d->dropped++;
		return;
	}
	if (PM_GROW(d->items, d->cap, d->n + 1) < 0) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), pm_msg(fmt), ap);
	va_end(ap);
	it = &d->items[d->n];
	it->file = strdup(im->file ? im->file : "");
	it->msg = strdup(msg);
	it->line = im->file ? pm_import_row(im, im->nfile, line) : line;
	it->col = col;
	it->warning = warning;
	if (!it->file || !it->msg) {
		free(it->file);
		free(it->msg);
		im->fatal = PM_ENOMEM;
		return;
	}
	d->n++;
}

void pm_import_csv_error(struct pm_import *im)
{
	char msg[PM_ERROR_MAX];
	const char *m, *reason;
	size_t line, plen = im->file ? strlen(im->file) : 0;

	snprintf(msg, sizeof(msg), "%s", im->err->msg);
	/* "file:line: reason" */
	m = !strncmp(msg, im->file ? im->file : "", plen) && msg[plen] == ':' ? msg + plen + 1 : msg;
	line = strtoul(m, NULL, 10);
	reason = line ? strchr(m, ' ') : NULL;
	pm_import_diag(im, line, 0, 0, "%s", reason ? reason + 1 : m);
}

/*
 * The identity of a record as the import compares them, whole: the fields
 * that name it, joined by U+001F (which no stored text holds).
 */
static void identity(enum pm_table_id t, const char *const *v, struct pm_strbuf *sb)
{
	static const int fields[PM_T_COUNT][6] = {
		[PM_T_INTERACTIONS] = { 0, 1, 2, 3, 4, -1 },
		[PM_T_ACTIONS] = { 0, 1, 2, 3, 4, -1 },
		[PM_T_PLAN] = { 0, 1, -1 },
	};
	const int *f = fields[t];
	int i;

#define S(i) (v[i] ? v[i] : "")
	if (t == PM_T_LINKS) {
		const char *a = S(0), *b = S(1);
		if (!strcmp(S(2), "knows") && strcmp(a, b) > 0) {
			const char *tmp = a;
			a = b;
			b = tmp;
		}
		pm_strbuf_addf(sb, "%s\x1f%s\x1f%s\x1f%s", a, b, S(2), S(5));
		return;
	}
	if (f[1] == 0) {   /* keyed by its first column */
		pm_strbuf_puts(sb, S(0));
		return;
	}
	for (i = 0; i < 6 && f[i] >= 0; i++) {
		if (i)
			pm_strbuf_puts(sb, "\x1f");
		pm_strbuf_puts(sb, S(f[i]));
	}
#undef S
}

/*
 * Remember an identity; report a duplicate at field `col` (1-based; the
 * key's). Returns 1 if new. *ident gets the record's table letter and
 * identity (identity()), for the caller to use again and release.
 */
static int first_sighting(struct pm_import *im, enum pm_table_id t, const char *const *v,
			  size_t line, size_t col, struct pm_strbuf *ident)
{
	char what[1024];
	uint64_t tag = (uint64_t)im->nfile << 32 | (uint32_t)line;
	int rc;

	pm_strbuf_addf(ident, "%c", 'a' + (int)t);
	identity(t, v, ident);
	if (ident->oom || (!im->seen && !(im->seen = pm_strmap_new())) ||
	    (rc = pm_strmap_add(im->seen, pm_strbuf_str(ident), 0, tag)) < 0) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return 0;
	}
	if (rc == 0)
		pm_strmap_get(im->seen, pm_strbuf_str(ident), NULL, &tag);
	else if (t == PM_T_ORGS)   /* where each org was given, for the cycle check's errors */
		rc = pm_store_import_seen(im->st, t, pm_strbuf_str(ident) + 1, im->file, line,
					  what, 0, &(size_t){ 0 }, im->err);
	if (rc < 0)
		im->fatal = rc;
	if (rc != 0)
		return rc > 0;
	pm_record_describe(t, v, what, sizeof(what));
	pm_import_diag(im, line, col, 0, "duplicate %s (first given at %s:%u)", what,
		       im->files[tag >> 32],
		       (unsigned)pm_import_row(im, tag >> 32, (uint32_t)tag));
	return 0;
}

/*
 * A large import into a database that has links (a nightly sync) mostly
 * gives links as they are stored. Once it has given enough of them — at
 * least pm_import_stored_min, and a tenth of the stored links, so that reading them
 * all costs less than the lookups it saves — the stored links are read
 * once into memory. Then a link given as it is stored is counted unchanged
 * with no lookup, and a link not stored at all is kept aside and written
 * at the end of the links in identity order without a lookup (new ties
 * cost mostly their index inserts: in order, those touch each index page
 * once). Anything else (a changed value, --strict, a database of more than
 * STORED_MAX links) goes row by row as before.
 */
size_t pm_import_stored_min = 50000;

/*
 * The most stored links read into memory: each costs about 210 bytes at
 * the peak (its identity in the map, its values; measured: 0.85 GB more
 * for 4M), so 5M of them about 1 GB on top of the import's own.
 */
#define STORED_MAX 5000000

/* Append v ("" for NULL) and its NUL. */
static void put_text(struct pm_strbuf *sb, const char *v)
{
	pm_strbuf_add(sb, v ? v : "", (v ? strlen(v) : 0) + 1);
}

static int on_stored_link(const char *const *vals, size_t n, void *ctx)
{
	struct pm_import *im = ctx;
	struct pm_strbuf key = PM_STRBUF_INIT;
	size_t off = im->stored_text.len;
	int rc = 0;

	(void)n;
	identity(PM_T_LINKS, vals, &key);
	put_text(&im->stored_text, vals[3]);
	put_text(&im->stored_text, vals[4]);
	put_text(&im->stored_text, vals[6]);
	if (key.oom || im->stored_text.oom ||
	    pm_strmap_add(im->stored, pm_strbuf_str(&key), (int64_t)off, 0) < 0)
		rc = PM_ENOMEM;
	pm_strbuf_release(&key);
	return rc;
}

/*
 * 1 when link vals (checked, canonical; identity `key`, as identity() gives
 * it) is stored as it is given; 2 when it is not stored at all (known once
 * the stored links are read); 0 when it must be put.
 */
static int link_unchanged(struct pm_import *im, const char *key, const char *const *vals)
{
	const struct pm_column *cols = pm_tables[PM_T_LINKS].cols;
	const char *strength, *contact, *notes;
	int64_t off, n;
	int rc;

	if (im->opts.strict)
		return 0;
	if (!im->stored_state) {
		if (!im->stored_after) {
			if ((rc = pm_store_count(im->st, PM_T_LINKS, &n, im->err)) < 0) {
				im->fatal = rc;
				return 0;
			}
			im->stored_after = (size_t)n / 10 > pm_import_stored_min ? (size_t)n / 10
				: pm_import_stored_min;
			if (n > STORED_MAX)
				im->stored_after = SIZE_MAX;   /* too many to hold: row by row */
		}
		if (++im->update_links < im->stored_after)
			return 0;
		if (!(im->stored = pm_strmap_new())) {
			im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
			return 0;
		}
		pm_import_progress(im, "reading the stored links", NULL, 0);
		if ((rc = pm_store_select_all(im->st, PM_T_LINKS, on_stored_link, im, im->err)) < 0) {
			im->fatal = rc == PM_ENOMEM ? pm_error_set(im->err, rc, "out of memory") : rc;
			return 0;
		}
		im->stored_state = 1;
	}
	if (!pm_strmap_get(im->stored, key, &off, NULL))
		return 2;
	strength = im->stored_text.buf + off;
	contact = strength + strlen(strength) + 1;
	notes = contact + strlen(contact) + 1;
	/* a value not given keeps the stored one; given, it must be the same */
	return (!vals[3] || pm_value_same(&cols[3], vals[3], strength)) &&
		(!vals[4] || pm_value_same(&cols[4], vals[4], contact)) &&
		(!vals[6] || pm_value_same(&cols[6], vals[6], notes));
}

/*
 * Keep a new link aside (link_unchanged said 2): its people are resolved
 * now, so that a name nobody has is an error at its line, in line order.
 */
static void defer_new_link(struct pm_import *im, const char *const *vals, size_t line,
			   const int *colpos)
{
	struct pm_new_link *nl;
	struct pm_error perr;
	int64_t ids[2];
	int i, rc;

	for (i = 0; i < 2; i++)
		if ((rc = pm_store_person_resolve(im->st, vals[i], &ids[i], NULL, &perr)) < 0) {
			if (rc != PM_ENOTFOUND && rc != PM_EAMBIGUOUS)
				im->fatal = pm_error_set(im->err, rc, "%s", perr.msg);
			else if (!(rc == PM_ENOTFOUND && im->partial))
				pm_import_diag(im, line, colpos[i] >= 0 ? (size_t)colpos[i] + 1 : 0,
					       0, "%s", perr.msg);
			return;
		}
	if (PM_GROW(im->fresh, im->fresh_cap, im->nfresh + 1) < 0) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	nl = &im->fresh[im->nfresh];
	nl->src = ids[0];
	nl->dst = ids[1];
	nl->text = im->fresh_text.len;
	nl->line = line;
	nl->nfile = im->nfile;
	for (i = 0; i < (int)pm_tables[PM_T_LINKS].ncols; i++) {
		const char *v = vals[i] ? vals[i] : "\x01";
		pm_strbuf_add(&im->fresh_text, v, strlen(v) + 1);
	}
	if (im->fresh_text.oom) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	im->nfresh++;
	im->stats.created[PM_T_LINKS]++;
}

/* The values of a kept-aside link (NULL where none was given). */
static void fresh_values(const char *text, const char **v)
{
	size_t i;

	for (i = 0; i < pm_tables[PM_T_LINKS].ncols; i++) {
		v[i] = strcmp(text, "\x01") ? text : NULL;
		text += strlen(text) + 1;
	}
}

/* Identity order: the ends' row ids, then kind and source as written. */
static int cmp_fresh(const void *x, const void *y)
{
	const struct pm_new_link *a = x, *b = y;
	const char *va[PM_TABLE_MAXCOLS], *vb[PM_TABLE_MAXCOLS];
	int c;

	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	if (a->dst != b->dst)
		return a->dst < b->dst ? -1 : 1;
	fresh_values(a->values, va);
	fresh_values(b->values, vb);
	if ((c = strcmp(va[2], vb[2])) != 0)
		return c;
	if ((c = strcmp(va[5] ? va[5] : "", vb[5] ? vb[5] : "")) != 0)
		return c;
	return a->text < b->text ? -1 : a->text > b->text;   /* input order */
}

/* The kept-aside links handed to the store at once (their values by pointer). */
#define FRESH_CHUNK 4096

struct fresh_chunk {
	struct pm_import *im;
	const struct pm_new_link *first;
};

/* A kept-aside link the store refused: an error at its line. */
static int fresh_refused(size_t i, const char *why, void *ctx)
{
	struct fresh_chunk *c = ctx;
	const struct pm_new_link *nl = &c->first[i];
	const char *file = c->im->file;

	c->im->file = c->im->files[nl->nfile];
	pm_import_diag(c->im, nl->line, 0, 0, "%s", why);
	c->im->file = file;
	return c->im->fatal;   /* out of memory for the message: stop */
}

/* Write the links kept aside, in identity order, FRESH_CHUNK to a store call. */
static int write_fresh_links(struct pm_import *im)
{
	const size_t w = PM_TABLE_MAXCOLS;
	const char **v = NULL;
	int64_t *refs = NULL;
	struct pm_error perr;
	size_t i, j;
	int rc;

	if (!im->nfresh)
		return 0;
	pm_import_progress(im, "writing links", NULL, 0);
	if ((rc = pm_store_links_coming(im->st, im->nfresh, &perr)) < 0)
		return im->fatal = pm_error_set(im->err, rc, "%s", perr.msg);
	for (i = 0; i < im->nfresh; i++)
		im->fresh[i].values = im->fresh_text.buf + im->fresh[i].text;
	qsort(im->fresh, im->nfresh, sizeof(*im->fresh), cmp_fresh);
	v = calloc(FRESH_CHUNK * w, sizeof(*v));
	refs = calloc(FRESH_CHUNK * w, sizeof(*refs));
	if (!v || !refs)
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
	for (i = 0; i < im->nfresh && !im->fatal; i += FRESH_CHUNK) {
		size_t n = im->nfresh - i < FRESH_CHUNK ? im->nfresh - i : FRESH_CHUNK;
		struct fresh_chunk c = { im, &im->fresh[i] };
		for (j = 0; j < n; j++) {
			fresh_values(c.first[j].values, v + j * w);
			refs[j * w] = c.first[j].src;
			refs[j * w + 1] = c.first[j].dst;
		}
		if ((rc = pm_store_put_new_many(im->st, PM_T_LINKS, v, refs, n, fresh_refused,
						&c, &perr)) < 0) {
			if (!im->fatal)   /* else fresh_refused stopped it, its error set */
				im->fatal = pm_error_set(im->err, rc, "%s", perr.msg);
		}
		if (!im->fatal && (i + n) / 1000000 > i / 1000000)   /* as a first load tells it */
			pm_import_progress(im, "writing links", NULL, (i + n) / 1000000 * 1000000);
	}
	free(v);
	free(refs);
	free(im->fresh);
	im->fresh = NULL;
	im->nfresh = im->fresh_cap = 0;
	pm_strbuf_release(&im->fresh_text);
	return im->fatal;
}

/* A warning when a new person has the name of someone else in the same org. */
static void warn_namesakes(struct pm_import *im, const char *key, size_t line)
{
	char who[384];
	int rc = pm_store_person_namesakes(im->st, key, who, sizeof(who), im->err);

	if (rc < 0)
		im->fatal = rc;
	else if (rc > 0)
		pm_import_diag(im, line, 1, 1, "'%s' has the same name as %s in the same org: "
			       "a duplicate? ('powermap dedupe' lists and merges them)", key, who);
}

/* Write one checked record of table t (mode -1: as the options say); 1 when written. */
static int put_record(struct pm_import *im, enum pm_table_id t, const char *const *vals,
		      size_t line, const int *colpos, int how)
{
	enum pm_put_mode mode = how >= 0 ? (enum pm_put_mode)how
		: im->opts.strict ? PM_PUT_INSERT_ONLY : PM_PUT_UPSERT;
	struct pm_error perr;
	int created = 0, bad = -1, rc;

	/* many ties changed: the links digest goes now rather than noting each of them */
	if (t == PM_T_LINKS && ++im->links_put % 65536 == 0 &&
	    (rc = pm_store_links_coming(im->st, im->links_put, &perr)) < 0) {
		im->fatal = pm_error_set(im->err, rc, "%s", perr.msg);
		return 0;
	}
	rc = pm_store_put(im->st, t, vals, mode, &created, &bad, &perr);
	/* what is wrong with the row is reported at its line; anything else stops the import once */
	if (rc < 0 && rc != PM_EINVAL && rc != PM_ENOTFOUND && rc != PM_EEXISTS &&
	    rc != PM_EAMBIGUOUS) {
		im->fatal = pm_error_set(im->err, rc, "%s", perr.msg);
		return 0;
	}
	if (rc < 0) {
		size_t col = bad >= 0 && colpos[bad] >= 0 ? (size_t)colpos[bad] + 1 : 0;
		if (rc == PM_ENOTFOUND && im->partial)
			return 0;
		if (rc == PM_EEXISTS)
			pm_import_diag(im, line, 1, 0, "%s (--strict refuses to update it)",
				       perr.msg);
		else
			pm_import_diag(im, line, col, 0, "%s", perr.msg);
		return 0;
	}
	if (created > 0 && t == PM_T_PEOPLE)
		warn_namesakes(im, vals[0], line);
	if (created >= 0 && t != PM_T_PEOPLE && t != PM_T_LINKS && im->nfiles)
		im->file_rows[im->nfile][t]++;   /* for the history: one row per file */
	if (created > 0)
		im->stats.created[t]++;
	else if (created == 0)
		im->stats.updated[t]++;
	else
		im->stats.unchanged[t]++;
	return 1;
}

int pm_import_history_per_file(struct pm_import *im, enum pm_table_id t)
{
	char count[64];
	size_t i;
	int rc;

	for (i = 0; i < im->nfiles; i++) {
		size_t n = im->file_rows[i][t];
		if (!n)
			continue;
		snprintf(count, sizeof(count), "%zu %s", n,
			 n == 1 ? pm_tables[t].singular : pm_tables[t].name);
		if ((rc = pm_store_history_add(im->st, pm_tables[t].singular, im->files[i],
					       "import", NULL, NULL, count, im->err)) < 0)
			return rc;
	}
	return 0;
}

void pm_import_key_of(struct pm_import *im, enum pm_table_id t, int64_t id, char *buf,
		      size_t size)
{
	if (pm_store_key_of(im->st, t, id, buf, size, NULL) < 0)
		snprintf(buf, size, "?");
}

/* ---- the record-level API ---------------------------------------------- */

int pm_import_begin(struct pm_store *st, const struct pm_import_opts *opts,
		    struct pm_diags *diags, struct pm_import **out, struct pm_error *err)
{
	struct pm_import *im;
	int rc, t;

	*out = NULL;
	if (!(im = calloc(1, sizeof(*im))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	im->st = st;
	im->opts = *opts;
	im->diags = diags;
	im->err = err;
	im->phase = -1;
	im->max_errors = opts->max_errors ? opts->max_errors : DEFAULT_MAX_ERRORS;
	if (!(im->people = pm_strmap_new()) || !(im->orgs = pm_strmap_new()) ||
	    !(im->sources = pm_strmap_new())) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = pm_colmap_parse(opts->map, &im->map, err)) < 0 ||
	    (rc = pm_store_import_begin(st, err)) < 0)
		goto fail;
	/* people and links going into an empty table are bulk-loaded */
	for (t = PM_T_PEOPLE; t <= PM_T_LINKS; t++) {
		if ((rc = pm_store_table_empty(st, t, err)) < 0) {
			pm_store_import_end(st, 0, NULL);
			goto fail;
		}
		im->bulk[t] = rc;
	}
	*out = im;
	return 0;
fail:
	pm_bulk_free(im);
	pm_colmap_free(&im->map);
	free(im);
	return rc;
}

/* The index of `file` among the import's sources, added if new; -1: no memory. */
static long source_index(struct pm_import *im, const char *file)
{
	size_t i;

	if (im->nfiles && (im->files[im->nfile] == file || !strcmp(im->files[im->nfile], file)))
		return (long)im->nfile;
	for (i = 0; i < im->nfiles; i++)
		if (!strcmp(im->files[i], file))
			return (long)i;
	if (im->nfiles >= UINT16_MAX)
		return -1;
	if (PM_GROW(im->files, im->files_cap, im->nfiles + 1) < 0 ||
	    !(im->files[im->nfiles] = strdup(file)))
		return -1;
	{
		size_t (*rows)[PM_T_COUNT] = realloc(im->file_rows, (im->nfiles + 1) *
						     sizeof(*rows));
		if (!rows) {
			free(im->files[im->nfiles]);
			return -1;
		}
		im->file_rows = rows;
		memset(rows[im->nfiles], 0, sizeof(rows[im->nfiles]));
	}
	return (long)im->nfiles++;
}

int pm_import_ext_put(struct pm_import *im, const char *ext_id, const char *key)
{
	int64_t i;

	if (!*ext_id)
		return 0;
	if (!im->ext && !(im->ext = pm_strmap_new()))
		return im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
	if (pm_strmap_get(im->ext, ext_id, &i, NULL))
		return 0;
	if (PM_GROW(im->ext_keys, im->ext_cap, im->next + 1) < 0 ||
	    !(im->ext_keys[im->next] = strdup(key)) ||
	    pm_strmap_add(im->ext, ext_id, (int64_t)im->next, 0) < 0)
		return im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
	im->next++;
	return 0;
}

const char *pm_import_ext_get(struct pm_import *im, const char *ext_id)
{
	int64_t i;

	if (!im->ext || !*ext_id || !pm_strmap_get(im->ext, ext_id, &i, NULL))
		return NULL;
	return im->ext_keys[i];
}

void pm_import_matched(struct pm_import *im, enum pm_table_id t, const char *how)
{
	im->stats.matched[t]++;
	if (how)
		im->stats.matched_by[t][!strcmp(how, "url") ? 0 : !strcmp(how, "email") ? 1 : 2]++;
}

int pm_import_source(struct pm_import *im, const char *file)
{
	long f;

	if (im->nfiles && !strcmp(im->files[im->nfile], file))
		return 0;
	if (pm_bulk_link_waiting(im))
		pm_bulk_flush_pending(im);
	if ((f = source_index(im, file)) < 0)
		return im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
	im->nfile = (size_t)f;
	im->file = im->files[f];
	return im->fatal;
}

/* Set the parents of the orgs of this import, now that every org is in. */
static void set_parents(struct pm_import *im)
{
	const struct pm_table *tab = &pm_tables[PM_T_ORGS];
	int p = pm_table_col(tab, "parent");
	size_t i;

	for (i = 0; i < im->nparents && !im->fatal; i++) {
		const struct pm_parent_ref *r = &im->parents[i];
		const char *vals[PM_TABLE_MAXCOLS] = { NULL };
		struct pm_error perr;
		int bad = -1, rc;

		vals[0] = im->parents_text.buf + r->key;
		vals[p] = im->parents_text.buf + r->parent;
		if (pm_import_ext_get(im, vals[p]))   /* another system's id of an org */
			vals[p] = pm_import_ext_get(im, vals[p]);
		rc = pm_store_put(im->st, PM_T_ORGS, vals, PM_PUT_UPDATE_ONLY, NULL, &bad, &perr);
		if (rc == PM_ENOMEM || rc == PM_EIO || rc == PM_EDB) {
			im->fatal = pm_error_set(im->err, rc, "%s", perr.msg);
		} else if (rc < 0) {
			im->nfile = r->file;
			im->file = im->files[r->file];
			pm_import_diag(im, r->line, bad == p ? (size_t)r->col + 1 : 0, 0, "%s",
				       perr.msg);
		}
	}
	im->nparents = 0;
}

/* Keep an org's parent for set_parents. */
static void remember_parent(struct pm_import *im, const char *key, const char *parent,
			    size_t line, int col)
{
	struct pm_parent_ref *r;

	if (PM_GROW(im->parents, im->parents_cap, im->nparents + 1) < 0) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	r = &im->parents[im->nparents];
	r->key = im->parents_text.len;
	pm_strbuf_add(&im->parents_text, key, strlen(key) + 1);
	r->parent = im->parents_text.len;
	pm_strbuf_add(&im->parents_text, parent, strlen(parent) + 1);
	if (im->parents_text.oom) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	r->file = im->nfile;
	r->line = line;
	r->col = col;
	im->nparents++;
}

/* Start the records of table t. */
static int phase_begin(struct pm_import *im, enum pm_table_id t)
{
	if (t == PM_T_PEOPLE && im->bulk[t])
		return pm_store_bulk_begin(im->st, PM_T_PEOPLE, im->err);
	return 0;
}

/* Finish the records of table t: parents, bulk people and links. */
static int phase_end(struct pm_import *im, enum pm_table_id t)
{
	int rc = 0;

	if (t == PM_T_LINKS)
		pm_bulk_links_read(im);
	if (t == PM_T_PEOPLE && (rc = pm_bulk_people_flush(im)) < 0)
		return rc;
	if ((rc = pm_import_store_ready(im)) < 0)
		return rc;
	if (pm_bulk_link_waiting(im))
		pm_bulk_flush_pending(im);
	if (im->fatal)
		return im->fatal;
	if (t == PM_T_ORGS)
		set_parents(im);
	if (t == PM_T_PEOPLE && im->bulk[t]) {
		im->people_complete = 1;
		pm_import_progress(im, "indexing people", NULL, 0);
		if ((rc = pm_import_index_people(im)) < 0)
			return rc;
		return im->fatal;   /* the indexes may still be building: nothing more here */
	}
	if (t == PM_T_LINKS && im->bulk[t] && (rc = pm_bulk_write_links(im)) < 0)
		return rc;
	if (t == PM_T_LINKS && (rc = write_fresh_links(im)) < 0)
		return rc;
	/* the other kinds write one history row per file (people and links: per row, or per
	 * file in bulk, above) */
	if (t != PM_T_PEOPLE && t != PM_T_LINKS && !im->fatal &&
	    (rc = pm_import_history_per_file(im, t)) < 0)
		return rc;
	return im->fatal;
}

/* Go on to table t, finishing the tables before it. */
static int advance(struct pm_import *im, int t)
{
	int rc;

	while (im->phase < t) {
		if (im->phase >= 0 && (rc = phase_end(im, (enum pm_table_id)im->phase)) < 0)
			return rc;
		im->phase++;
		if (im->phase < PM_T_COUNT &&
		    (rc = phase_begin(im, (enum pm_table_id)im->phase)) < 0)
			return rc;
	}
	return 0;
}

/*
 * Check each given value of a record against its column, in source order,
 * after making it canonical (pm_value_normalize: Excel dates, full-width
 * digits, Japanese enum words ...); vals[i] then points at the canonical
 * text. Messages quote the value as written.
 */
static int check_values(struct pm_import *im, enum pm_table_id t, const char **vals,
			size_t line, const int *colpos)
{
	const struct pm_table *tab = &pm_tables[t];
	size_t order[PM_TABLE_MAXCOLS], n = 0, i, j, bad;
	char why[512];
	int ok = 1, rc;

	for (i = 0; i < tab->ncols; i++) {
		size_t x = i;
		/* insertion by field number: messages come in the order of the line */
		for (j = n++; j > 0 && colpos[order[j - 1]] > colpos[x]; j--)
			order[j] = order[j - 1];
		order[j] = x;
	}
	for (j = 0; j < n; j++) {
		size_t c = order[j];
		const struct pm_column *col = &tab->cols[c];
		const char *v = vals[c];
		size_t field = colpos[c] >= 0 ? (size_t)colpos[c] + 1 : 0;

		if (!v)
			continue;
		if (!pm_utf8_valid(v, strlen(v), &bad)) {
			pm_import_diag(im, line, field, 0, "invalid UTF-8 (byte %zu of the field)",
				       bad + 1);
			ok = 0;
			continue;
		}
		if ((rc = pm_value_normalize(col, v, &im->norm[c])) < 0) {
			im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
			return 0;
		}
		if (rc == 1)
			vals[c] = pm_strbuf_str(&im->norm[c]);
		if (!*vals[c]) {
			if (col->flags & PM_COL_REQUIRED) {
				pm_import_diag(im, line, field, 0, "%s is required", col->name);
				ok = 0;
			}
			continue;
		}
		if (pm_value_check(col, vals[c], why, sizeof(why)) < 0) {
			char as_written[512];
			int quote = pm_value_check(col, v, as_written, sizeof(as_written)) < 0;
			pm_import_diag(im, line, field, 0, "%s", quote ? as_written : why);
			ok = 0;
		}
	}
	return ok;
}

/*
 * The checks every record passes before it is written: its values
 * (check_values), the required columns, and a link's two ends. 1 when it
 * passes; otherwise the problems are reported.
 */
static int checked(struct pm_import *im, enum pm_table_id t, const char **vals, size_t line,
		   const int *colpos)
{
	const struct pm_table *tab = &pm_tables[t];
	size_t i;

	if (!check_values(im, t, vals, line, colpos))
		return 0;
	/* an org or person already stored may be given in part (its name, kind ...) */
	for (i = 0; i < tab->ncols; i++)
		if ((tab->cols[i].flags & PM_COL_REQUIRED) && !vals[i] &&
		    (i == 0 || im->bulk[t] || (t != PM_T_ORGS && t != PM_T_PEOPLE))) {
			pm_import_diag(im, line, 0, 0, "%s is required", tab->cols[i].name);
			return 0;
		}
	if (t == PM_T_LINKS && !strcmp(vals[0], vals[1])) {
		pm_import_diag(im, line, (size_t)colpos[1] + 1, 0, "self-link: '%s' %s '%s'",
			       vals[0], vals[2], vals[1]);
		return 0;
	}
	return 1;
}

void pm_import_bulk_link_row(struct pm_import *im, const char **vals, size_t line,
			     const int *colpos)
{
	if (checked(im, PM_T_LINKS, vals, line, colpos))
		pm_bulk_link_checked(im, vals, line, colpos);
}

/* pm_import_record, or with `update` pm_import_update. */
static int record(struct pm_import *im, enum pm_table_id t, const char *const *in,
		  const char *file, size_t line, const int *colpos_in, int update)
{
	const struct pm_table *tab = &pm_tables[t];
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	struct pm_strbuf ident = PM_STRBUF_INIT;   /* filled by first_sighting */
	int colpos[PM_TABLE_MAXCOLS];
	size_t i, key_col;
	int rc;

	if (im->fatal)
		return im->fatal;
	if ((int)t < im->phase)
		return im->fatal = pm_error_set(im->err, PM_EINVAL, "%s records after %s: "
						"records must come in dependency order",
						tab->name, pm_tables[im->phase].name);
	if ((rc = advance(im, t)) < 0)
		return im->fatal = rc;
	if ((rc = pm_import_source(im, file)) < 0)
		return rc;
	/* only a bulk load's link rows get by without the store */
	if (!(t == PM_T_LINKS && im->bulk[t] && !update) && (rc = pm_import_store_ready(im)) < 0)
		return rc;
	/* more of a person of this load: the people waiting are written first
	 * (the tables after people find them written by phase_end) */
	if (t == PM_T_PEOPLE && update && (rc = pm_bulk_people_flush(im)) < 0)
		return rc;
	for (i = 0; i < PM_TABLE_MAXCOLS; i++) {
		vals[i] = i < tab->ncols ? in[i] : NULL;
		colpos[i] = colpos_in && i < tab->ncols ? colpos_in[i] : -1;
	}
	key_col = colpos[0] >= 0 ? (size_t)colpos[0] + 1 : 1;   /* a duplicate's field */
	if (t == PM_T_LINKS && im->bulk[t] && !update) {
		/* checked in a batch, on the builder thread where there is one */
		pm_bulk_link(im, vals, line, colpos);
		goto out;
	}
	if (!checked(im, t, vals, line, colpos))
		goto out;
	if (update) {
		/* more of a record given before (another file of the import) */
		put_record(im, t, vals, line, colpos, PM_PUT_UPDATE_ONLY);
		goto out;
	}
	if (t == PM_T_ORGS) {
		/* parents may come later: set them once every org is in */
		int p = pm_table_col(tab, "parent");
		const char *parent = vals[p];
		if (parent && !strcmp(parent, vals[0])) {
			pm_import_diag(im, line, (size_t)colpos[p] + 1, 0,
				       "org '%s' is its own parent", vals[0]);
			goto out;
		}
		vals[p] = NULL;
		if (first_sighting(im, t, vals, line, key_col, &ident) &&
		    put_record(im, t, vals, line, colpos, -1) && parent && *parent)
			remember_parent(im, vals[0], parent, line, colpos[p]);
		goto out;
	}
	if (im->bulk[t]) {
		pm_bulk_person(im, vals, line, colpos);
		goto out;
	}
	if (!first_sighting(im, t, vals, line, key_col, &ident))
		goto out;
	if (t == PM_T_LINKS && !strcmp(vals[2], "reports_to"))
		pm_import_note_reports_to(im, vals, line);
	if (t == PM_T_LINKS) {
		int known = link_unchanged(im, pm_strbuf_str(&ident) + 1, vals);
		if (known == 1) {
			im->stats.unchanged[t]++;
			goto out;
		}
		if (known == 2) {
			defer_new_link(im, vals, line, colpos);
			goto out;
		}
	}
	put_record(im, t, vals, line, colpos, -1);
out:
	pm_strbuf_release(&ident);
	if (im->fatal)
		return im->fatal;
	return im->diags->nerrors > im->max_errors;
}

int pm_import_record(struct pm_import *im, enum pm_table_id t, const char *const *vals,
		     const char *file, size_t line, const int *colpos)
{
	return record(im, t, vals, file, line, colpos, 0);
}

int pm_import_update(struct pm_import *im, enum pm_table_id t, const char *const *vals,
		     const char *file, size_t line, const int *colpos)
{
	return record(im, t, vals, file, line, colpos, 1);
}

static void import_free(struct pm_import *im)
{
	size_t i;

	free(im->notes);            /* held notes a failed import did not write */
	pm_strbuf_release(&im->notes_text);
	pm_bulk_free(im);
	for (i = 0; i < im->nfiles; i++)
		free(im->files[i]);
	free(im->files);
	for (i = 0; i < im->nline_maps; i++)
		free(im->line_maps[i].file);
	free(im->line_maps);
	free(im->file_rows);
	free(im->parents);
	pm_strbuf_release(&im->parents_text);
	for (i = 0; i < PM_TABLE_MAXCOLS; i++)
		pm_strbuf_release(&im->norm[i]);
	pm_colmap_free(&im->map);
	pm_strmap_free(im->ext);
	pm_strmap_free(im->seen);
	pm_strmap_free(im->stored);
	pm_strbuf_release(&im->stored_text);
	free(im->fresh);
	pm_strbuf_release(&im->fresh_text);
	for (i = 0; i < im->next; i++)
		free(im->ext_keys[i]);
	free(im->ext_keys);
	free(im);
}

void pm_import_abort(struct pm_import *im)
{
	if (!im)
		return;
	pm_import_store_ready(im);
	pm_store_import_end(im->st, 0, NULL);
	import_free(im);
}

int pm_import_end(struct pm_import *im, struct pm_import_stats *stats, struct pm_error *err)
{
	int rc;

	memset(stats, 0, sizeof(*stats));
	if ((rc = im->fatal) < 0 || (rc = advance(im, PM_T_COUNT)) < 0)
		goto fail;
	im->file = NULL;
	pm_import_progress(im, "checking for cycles", NULL, 0);
	if ((rc = pm_import_find_cycles(im, PM_T_ORGS)) < 0 ||
	    (rc = pm_import_find_cycles(im, PM_T_PEOPLE)) < 0)
		goto fail;
	if (im->fatal) {
		rc = im->fatal;
		goto fail;
	}
	if (im->diags->nerrors) {
		rc = PM_EIMPORT;
		goto fail;
	}
	pm_import_progress(im, im->opts.dry_run ? "rolling back" : "committing", NULL, 0);
	if ((rc = pm_store_import_end(im->st, !im->opts.dry_run, err)) == 0)
		*stats = im->stats;
	import_free(im);
	return rc;
fail:
	if (err && err != im->err && rc != PM_EIMPORT && im->err)
		*err = *im->err;
	pm_import_abort(im);
	return rc;
}

int pm_import_read_done(struct pm_import *im, const char *path, int rc, int stop)
{
	if (rc == PM_EINVAL) {
		pm_import_source(im, path);
		pm_import_diag(im, 0, 0, 0, "%s", im->err->msg);
		rc = 0;
	}
	if (stop < 0)
		return stop;
	return rc < 0 ? rc : im->fatal;
}
