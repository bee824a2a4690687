/*
 * powermap — CSV import with validation (see include/powermap/import.h).
 *
 * Each file is read twice: once for its header (to learn its kind and to
 * order the files), then streamed row by row into the open transaction.
 * Rows are checked field by field (UTF-8, type, required), then for
 * duplicates within the import (a TEMP table remembers where each identity
 * was first seen), then written with pm_store_put, which resolves
 * references. After all rows: cycles in org parents and in reports_to.
 *
 * Bulk loads: people and links going into a table that is empty when the
 * import starts skip the per-row bookkeeping. Keys resolve through an
 * in-memory map, duplicates are found in memory (people by key as they
 * come; links by sorting their identities once all link files are read),
 * the links are written in identity order with the dst index rebuilt after,
 * and history gets one row per file instead of one per record.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "powermap/csv.h"
#include "powermap/import.h"
#include "powermap/kit.h"
#include "powermap/model.h"
#include "powermap/strmap.h"

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

/* A growing buffer of NUL-terminated strings. */
struct arena {
	char *s;
	size_t used, room;
};

/* Append v ("" for NULL) and its NUL; its offset, or -1 when out of memory. */
static long arena_put(struct arena *a, const char *v)
{
	size_t len = (v ? strlen(v) : 0) + 1;
	long off = (long)a->used;

	if (a->used + len > a->room) {
		size_t room = a->room ? 2 * a->room : 1 << 16;
		char *t;
		while (room < a->used + len)
			room *= 2;
		if (!(t = realloc(a->s, room)))
			return -1;
		a->s = t;
		a->room = room;
	}
	memcpy(a->s + a->used, v ? v : "", len);
	a->used += len;
	return off;
}

struct importer {
	struct pm_store *st;
	const struct pm_import_opts *opts;
	struct pm_import_stats *stats;
	struct pm_diags *diags;
	size_t max_errors;
	int fatal;                 /* PM_ENOMEM / PM_EDB: stop everything */
	struct pm_error *err;

	/* per file */
	const char *file;
	enum pm_table_id table;
	int colmap[64];            /* header field -> table column, or -1 */
	size_t nheader;
	int header_done;
	int parent_pass;           /* orgs: second pass sets parents only */
	int quiet;                 /* parent pass: rows were checked already */
	size_t rows;               /* rows read of this file */

	/* bulk loads (see the top of the file) */
	const char *const *paths;
	const int *types;          /* table of each file */
	size_t nfile;              /* index of im->file in paths */
	size_t *file_rows;         /* per file: records bulk-loaded */
	char **once;               /* per file: the whole input when it can be read
				      only once (a pipe, /dev/stdin), else NULL */
	size_t *once_len;
	int bulk[PM_T_COUNT];
	struct pm_strmap *people;  /* person key -> row id, tag = file << 32 | line */
	int people_complete;       /* the map holds every stored person */
	struct pm_strmap *orgs;    /* org reference as written -> row id */
	struct pm_strmap *sources; /* link source -> index in source_names */
	char **source_names;
	uint32_t *source_rank;     /* place of each source in text order */
	size_t nsources;
	struct bulk_link *links;
	size_t nlinks, links_cap;
	struct arena text;         /* strength, last_contact, notes of each link */
	/* link rows waiting for their keys to be looked up (see batch_flush) */
	struct pending *pending;
	size_t npending;
	struct arena ptext;
	int flushing;
};

#define BATCH 64

/* A checked link row, its values copied (offsets in ptext; -1: NULL). */
struct pending {
	size_t line;
	int colpos[PM_TABLE_MAXCOLS];
	long off[PM_TABLE_MAXCOLS];
};

static void batch_flush(struct importer *im);

static void progress(struct importer *im, const char *what, const char *file,
		     size_t rows)
{
	char buf[1200];

	if (!im->opts->progress)
		return;
	snprintf(buf, sizeof(buf), "%s%s%s", what, file ? " " : "", file ? file : "");
	im->opts->progress(im->opts->progress_ctx, buf, rows);
}

#define LINE_TAG(file, line) ((uint64_t)(file) << 32 | (uint32_t)(line))

/* A link read in a bulk load, written once all link files are read. */
struct bulk_link {
	int64_t src, dst;
	size_t text;               /* offset of three NUL-terminated strings */
	uint32_t source;           /* index in source_names */
	uint32_t line;
	uint16_t file;
	uint8_t kind;              /* index in link_kinds */
};

/* In text order, as the identity index compares them. */
enum { KIND_INFLUENCES, KIND_KNOWS, KIND_REPORTS_TO };
static const char *const link_kinds[] = { "influences", "knows", "reports_to" };

__attribute__((format(printf, 5, 6)))
static void diag(struct importer *im, size_t line, size_t col, int warning,
		 const char *fmt, ...)
{
	struct pm_diags *d = im->diags;
	struct pm_diag *it;
	char msg[1024];
	va_list ap;

	if (im->quiet)
		return;
	/* rows waiting in the batch come before this one: report theirs first */
	if (im->npending && !im->flushing)
		batch_flush(im);
	if (warning)
		d->nwarnings++;
	else
		d->nerrors++;
	if (!warning && d->nerrors > im->max_errors) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct pm_diag *items = realloc(d->items, cap * sizeof(*items));
		if (!items) {
			im->fatal = PM_ENOMEM;
			return;
		}
		d->items = items;
		d->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	it = &d->items[d->n];
	it->file = strdup(im->file ? im->file : "");
	it->msg = strdup(msg);
	it->line = line;
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

int pm_import_detect(const char *const *header, size_t n)
{
	int best = -1, best_score = 0, t;
	size_t i, c;

	for (t = 0; t < PM_T_COUNT; t++) {
		const struct pm_table *tab = &pm_tables[t];
		int score = 0, ok = 1;
		for (c = 0; c < tab->ncols; c++) {
			int present = 0;
			for (i = 0; i < n; i++)
				present |= !strcmp(header[i], tab->cols[c].name);
			score += present;
			if (!present && (tab->cols[c].flags & PM_COL_REQUIRED))
				ok = 0;
		}
		if (ok && score > best_score) {
			best = t;
			best_score = score;
		}
	}
	return best;
}

/* First pass over a file: its header only. */
struct header_probe {
	char **fields;
	size_t n;
	size_t line;
};

static int probe_header(const struct pm_csv_record *rec, void *ctx)
{
	struct header_probe *h = ctx;
	size_t i;

	h->fields = calloc(rec->nfields, sizeof(char *));
	if (!h->fields)
		return PM_ENOMEM;
	for (i = 0; i < rec->nfields; i++)
		if (!(h->fields[i] = strdup(rec->fields[i])))
			return PM_ENOMEM;
	h->n = rec->nfields;
	h->line = rec->line;
	return 1; /* stop after the header */
}

static void header_free(struct header_probe *h)
{
	size_t i;

	for (i = 0; h->fields && i < h->n; i++)
		free(h->fields[i]);
	free(h->fields);
	memset(h, 0, sizeof(*h));
}

/* Map header fields to table columns; report unknown and missing ones. */
static int setup_header(struct importer *im, const struct pm_csv_record *rec)
{
	const struct pm_table *tab = &pm_tables[im->table];
	int seen[PM_TABLE_MAXCOLS] = { 0 };
	size_t i;
	int ok = 1;

	im->nheader = rec->nfields;
	if (rec->nfields > 64) {
		diag(im, rec->line, 65, 0, "too many columns (%zu; at most 64)", rec->nfields);
		return 0;
	}
	for (i = 0; i < rec->nfields; i++) {
		int c = pm_table_col(tab, rec->fields[i]);
		im->colmap[i] = c;
		if (c < 0) {
			diag(im, rec->line, i + 1, 1,
			     "unknown column '%s' in %s file ignored", rec->fields[i],
			     tab->name);
			continue;
		}
		if (seen[c]++) {
			diag(im, rec->line, i + 1, 0, "column '%s' appears twice",
			     rec->fields[i]);
			ok = 0;
		}
	}
	for (i = 0; i < tab->ncols; i++)
		if ((tab->cols[i].flags & PM_COL_REQUIRED) && !seen[i]) {
			diag(im, rec->line, 0, 0, "missing required column '%s' for %s",
			     tab->cols[i].name, tab->name);
			ok = 0;
		}
	return ok;
}

/* The identity of a record within the import, as one string. */
static void identity(enum pm_table_id t, const char *const *v, char *buf, size_t size)
{
#define S(i) (v[i] ? v[i] : "")
	switch (t) {
	case PM_T_LINKS: {
		const char *a = S(0), *b = S(1);
		if (!strcmp(S(2), "knows") && strcmp(a, b) > 0) {
			const char *tmp = a;
			a = b;
			b = tmp;
		}
		snprintf(buf, size, "%s\x1f%s\x1f%s\x1f%s", a, b, S(2), S(5));
		break;
	}
	case PM_T_INTERACTIONS:
		snprintf(buf, size, "%s\x1f%s\x1f%s\x1f%s\x1f%s", S(0), S(1), S(2), S(3), S(4));
		break;
	case PM_T_ACTIONS:
		snprintf(buf, size, "%s\x1f%s\x1f%s\x1f%s\x1f%s", S(0), S(1), S(2), S(3), S(4));
		break;
	case PM_T_PLAN:
		snprintf(buf, size, "%s\x1f%s", S(0), S(1));
		break;
	default:
		snprintf(buf, size, "%s", S(0));
	}
#undef S
}

/* Remember an identity; report a duplicate. Returns 1 if new. */
static int first_sighting(struct importer *im, const char *const *v, size_t line)
{
	char ident[2048], what[1024];
	int rc;

	char first[1024];
	size_t first_line;

	identity(im->table, v, ident, sizeof(ident));
	rc = pm_store_import_seen(im->st, im->table, ident, im->file, line, first,
				  sizeof(first), &first_line, im->err);
	if (rc != 0) {
		if (rc < 0)
			im->fatal = rc;
		return rc > 0;
	}
	pm_record_describe(im->table, v, what, sizeof(what));
	if (first_line)
		diag(im, line, 1, 0, "duplicate %s (first given at %s:%zu)", what, first,
		     first_line);
	else
		diag(im, line, 1, 0, "duplicate %s", what);
	return 0;
}

/* Remember where a reports_to link came from, to name it in cycle errors. */
static void remember_reports_to(struct importer *im, const char *const *v, size_t line)
{
	int rc = pm_store_import_note_reports_to(im->st, v[0], v[1], im->file, line, im->err);

	if (rc < 0)
		im->fatal = rc;
}

static void put_record(struct importer *im, const char *const *vals, size_t line,
		       const int *colpos)
{
	enum pm_put_mode mode = im->opts->strict ? PM_PUT_INSERT_ONLY : PM_PUT_UPSERT;
	struct pm_error perr;
	int created = 0, bad = -1, rc;

	if (im->parent_pass)
		mode = PM_PUT_UPDATE_ONLY;
	rc = pm_store_put(im->st, im->table, vals, mode, &created, &bad, &perr);
	if (im->parent_pass) {
		/* only an unknown parent is news; other errors came in pass one */
		if (rc < 0 && bad == pm_table_col(&pm_tables[PM_T_ORGS], "parent")) {
			im->quiet = 0;
			diag(im, line, (size_t)colpos[bad] + 1, 0, "%s", perr.msg);
			im->quiet = 1;
		}
		return;
	}
	if (rc == PM_ENOMEM || rc == PM_EIO) {
		im->fatal = pm_error_set(im->err, rc, "%s", perr.msg);
		return;
	}
	if (rc < 0) {
		size_t col = bad >= 0 && colpos[bad] >= 0 ? (size_t)colpos[bad] + 1 : 0;
		if (rc == PM_EEXISTS)
			diag(im, line, 1, 0, "%s (--strict refuses to update it)", perr.msg);
		else
			diag(im, line, col, 0, "%s", perr.msg);
		return;
	}
	if (im->parent_pass)
		return;
	if (created)
		im->stats->created[im->table]++;
	else
		im->stats->updated[im->table]++;
}

/* One history row per file of a bulk load: "N people" added from FILE. */
static int history_per_file(struct importer *im, size_t nfiles, enum pm_table_id t)
{
	char count[64];
	size_t i;
	int rc;

	for (i = 0; i < nfiles; i++) {
		if (im->types[i] != (int)t || !im->file_rows[i])
			continue;
		snprintf(count, sizeof(count), "%zu %s", im->file_rows[i],
			 im->file_rows[i] == 1 ? pm_tables[t].singular : pm_tables[t].name);
		if ((rc = pm_store_history_add(im->st, pm_tables[t].singular, im->paths[i],
					       "import", NULL, NULL, count, im->err)) < 0)
			return rc;
	}
	return 0;
}

static int map_person(const char *key, int64_t id, void *ctx)
{
	struct importer *im = ctx;

	if (pm_strmap_add(im->people, key, id, 0) < 0)
		return pm_error_set(im->err, PM_ENOMEM, "out of memory");
	return 0;
}

/* Load every stored person's key into the people map (once). */
static int load_people(struct importer *im)
{
	int rc = pm_store_people_keys(im->st, map_person, im, im->err);

	if (rc == 0)
		im->people_complete = 1;
	return rc;
}

/*
 * Resolve a reference of column type `type` for a bulk load: keys through
 * the maps, anything else (names) through the store. Returns 0, or <0 with
 * the reason in *perr (unknown, ambiguous) or im->fatal set.
 */
static int bulk_resolve(struct importer *im, enum pm_col_type type, const char *ref,
			int64_t *id, struct pm_error *perr)
{
	int rc;

	if (type == PM_COL_PERSON) {
		if (pm_strmap_get(im->people, ref, id, NULL))
			return 0;
		if (!im->people_complete) {
			if ((rc = load_people(im)) < 0)
				return im->fatal = rc;
			if (pm_strmap_get(im->people, ref, id, NULL))
				return 0;
		}
		rc = pm_store_person_resolve(im->st, ref, id, NULL, perr);
	} else {
		if (pm_strmap_get(im->orgs, ref, id, NULL))
			return 0;
		if ((rc = pm_store_org_resolve(im->st, ref, id, NULL, perr)) == 0 &&
		    pm_strmap_add(im->orgs, ref, *id, 0) < 0)
			rc = PM_ENOMEM;
	}
	if (rc == PM_ENOMEM || rc == PM_EDB || rc == PM_EIO)
		im->fatal = pm_error_set(im->err, rc, "%s", perr->msg);
	return rc;
}

/* Resolve every reference column of a row into refs; report failures. */
static int bulk_refs(struct importer *im, const char *const *vals, size_t line,
		     const int *colpos, int64_t *refs)
{
	const struct pm_table *tab = &pm_tables[im->table];
	struct pm_error perr;
	size_t i;
	int ok = 1;

	for (i = 0; i < tab->ncols; i++) {
		enum pm_col_type type = tab->cols[i].type;
		refs[i] = 0;
		if ((type != PM_COL_PERSON && type != PM_COL_ORG) || !vals[i] || !*vals[i])
			continue;
		if (bulk_resolve(im, type, vals[i], &refs[i], &perr) < 0) {
			if (im->fatal)
				return 0;
			diag(im, line, (size_t)colpos[i] + 1, 0, "%s", perr.msg);
			ok = 0;
		}
	}
	return ok;
}

static void bulk_person(struct importer *im, const char *const *vals, size_t line,
			const int *colpos)
{
	int64_t refs[PM_TABLE_MAXCOLS], id;
	uint64_t tag;
	int rc;

	if (pm_strmap_get(im->people, vals[0], NULL, &tag)) {
		char what[1024];
		diag(im, line, 1, 0, "duplicate %s (first given at %s:%u)",
		     pm_record_describe(PM_T_PEOPLE, vals, what, sizeof(what)),
		     im->paths[tag >> 32], (unsigned)(uint32_t)tag);
		return;
	}
	if (!bulk_refs(im, vals, line, colpos, refs))
		return;
	if ((rc = pm_store_insert_resolved(im->st, PM_T_PEOPLE, vals, refs, &id, im->err)) < 0) {
		im->fatal = rc;
		return;
	}
	if (pm_strmap_add(im->people, vals[0], id, LINE_TAG(im->nfile, line)) < 0) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	im->stats->created[PM_T_PEOPLE]++;
	im->file_rows[im->nfile]++;
}

static void bulk_link_row(struct importer *im, const char *const *vals, size_t line,
			  const int *colpos)
{
	int64_t refs[PM_TABLE_MAXCOLS], idx;
	struct bulk_link *l;
	const char *source = vals[5] ? vals[5] : "";
	uint8_t kind = 0;

	if (!bulk_refs(im, vals, line, colpos, refs))
		return;
	while (strcmp(link_kinds[kind], vals[2]))
		kind++;
	if (!pm_strmap_get(im->sources, source, &idx, NULL)) {
		char **names = realloc(im->source_names,
				       (im->nsources + 1) * sizeof(*names));
		if (!names)
			goto nomem;
		im->source_names = names;
		if (!(names[im->nsources] = strdup(source)))
			goto nomem;
		idx = (int64_t)im->nsources++;
		if (pm_strmap_add(im->sources, source, idx, 0) < 0)
			goto nomem;
	}
	if (im->nlinks == im->links_cap) {
		size_t cap = im->links_cap ? 2 * im->links_cap : 4096;
		struct bulk_link *nl = realloc(im->links, cap * sizeof(*nl));
		if (!nl)
			goto nomem;
		im->links = nl;
		im->links_cap = cap;
	}
	l = &im->links[im->nlinks];
	l->src = refs[0];
	l->dst = refs[1];
	l->text = im->text.used;
	if (arena_put(&im->text, vals[3]) < 0 || arena_put(&im->text, vals[4]) < 0 ||
	    arena_put(&im->text, vals[6]) < 0)
		goto nomem;
	l->source = (uint32_t)idx;
	l->line = (uint32_t)line;
	l->file = (uint16_t)im->nfile;
	l->kind = kind;
	im->nlinks++;
	if (kind == KIND_REPORTS_TO)
		remember_reports_to(im, vals, line);
	return;
nomem:
	im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
}

/* A link's identity as sort key; idx is its place in input order. */
struct link_key {
	int64_t a, b;
	uint32_t ks;               /* kind << 24 | source */
	uint32_t idx;
};

static int cmp_link_key(const void *x, const void *y)
{
	const struct link_key *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	if (p->ks != q->ks)
		return p->ks < q->ks ? -1 : 1;
	return (p->idx > q->idx) - (p->idx < q->idx);
}

static int cmp_u32_pair(const void *x, const void *y)
{
	const uint32_t *p = x, *q = y;

	return (p[0] > q[0]) - (p[0] < q[0]);
}

/*
 * Fill k with the links' identities sorted by (a, b, kind and source, input
 * order). a and b are person row ids: the links are bucketed by a (a
 * counting sort over the ids), then each bucket, small but for the few
 * people who know thousands, is sorted on its own.
 */
static int link_keys(struct importer *im, struct link_key *k, int undirected_knows)
{
	size_t i, *pos, n = im->nlinks;
	int64_t maxid = 0;

	for (i = 0; i < n; i++) {
		int64_t m = im->links[i].src > im->links[i].dst ? im->links[i].src
								: im->links[i].dst;
		maxid = m > maxid ? m : maxid;
	}
	if (!(pos = calloc((size_t)maxid + 2, sizeof(*pos))))
		return pm_error_set(im->err, PM_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const struct bulk_link *l = &im->links[i];
		int64_t a = undirected_knows && l->kind == KIND_KNOWS && l->src > l->dst ? l->dst : l->src;
		pos[a + 1]++;
	}
	for (i = 1; i <= (size_t)maxid + 1; i++)
		pos[i] += pos[i - 1];
	/* pos[a]: next free place of bucket a; input order is kept in a bucket */
	for (i = 0; i < n; i++) {
		const struct bulk_link *l = &im->links[i];
		struct link_key *e;
		int swap = undirected_knows && l->kind == KIND_KNOWS && l->src > l->dst;
		int64_t a = swap ? l->dst : l->src;

		e = &k[pos[a]++];
		e->a = a;
		e->b = swap ? l->src : l->dst;
		e->ks = (uint32_t)l->kind << 24 | im->source_rank[l->source];
		e->idx = (uint32_t)i;
	}
	/* now pos[a] is the end of bucket a */
	for (i = 0; i < n;) {
		size_t end = pos[k[i].a], j, m;
		if (end - i <= 16) {
			for (j = i + 1; j < end; j++) {
				struct link_key x = k[j];
				for (m = j; m > i && cmp_link_key(&k[m - 1], &x) > 0; m--)
					k[m] = k[m - 1];
				k[m] = x;
			}
		} else {
			qsort(k + i, end - i, sizeof(*k), cmp_link_key);
		}
		i = end;
	}
	free(pos);
	return 0;
}

/* The key of org or person `id` of table t (for messages), or "?". */
static void key_of(struct importer *im, enum pm_table_id t, int64_t id, char *buf, size_t size)
{
	if (pm_store_key_of(im->st, t, id, buf, size, NULL) < 0)
		snprintf(buf, size, "?");
}

/* Report links given twice, in input order. keys are sorted by identity. */
static int report_duplicate_links(struct importer *im, const struct link_key *k)
{
	uint32_t *dup = NULL;           /* pairs: (later idx, first idx) */
	size_t ndup = 0, i, first = 0;

	for (i = 1; i < im->nlinks; i++) {
		if (k[i].a != k[first].a || k[i].b != k[first].b || k[i].ks != k[first].ks) {
			first = i;
			continue;
		}
		if (!(ndup & (ndup + 1))) {
			uint32_t *d = realloc(dup, 2 * (2 * ndup + 2) * sizeof(*d));
			if (!d) {
				free(dup);
				return pm_error_set(im->err, PM_ENOMEM, "out of memory");
			}
			dup = d;
		}
		dup[2 * ndup] = k[i].idx;
		dup[2 * ndup + 1] = k[first].idx;
		ndup++;
	}
	if (ndup)
		qsort(dup, ndup, 2 * sizeof(*dup), cmp_u32_pair);
	for (i = 0; i < ndup && im->diags->nerrors <= im->max_errors; i++) {
		const struct bulk_link *l = &im->links[dup[2 * i]];
		const struct bulk_link *f = &im->links[dup[2 * i + 1]];
		char from[512], to[512], what[1200];
		const char *v[PM_TABLE_MAXCOLS] = { from, to, link_kinds[l->kind] };

		key_of(im, PM_T_PEOPLE, l->src, from, sizeof(from));
		key_of(im, PM_T_PEOPLE, l->dst, to, sizeof(to));
		im->file = im->paths[l->file];
		diag(im, l->line, 1, 0, "duplicate %s (first given at %s:%u)",
		     pm_record_describe(PM_T_LINKS, v, what, sizeof(what)),
		     im->paths[f->file], (unsigned)f->line);
	}
	im->file = NULL;
	free(dup);
	return im->fatal;
}

static int cmp_name(const void *x, const void *y)
{
	return strcmp(**(char *const *const *)x, **(char *const *const *)y);
}

/* source_rank[i]: the place of source_names[i] in text order. */
static int rank_sources(struct importer *im)
{
	char ***order = malloc((im->nsources + 1) * sizeof(*order));
	size_t i;

	free(im->source_rank);
	im->source_rank = malloc((im->nsources + 1) * sizeof(*im->source_rank));
	if (!order || !im->source_rank) {
		free(order);
		return PM_ENOMEM;
	}
	for (i = 0; i < im->nsources; i++)
		order[i] = &im->source_names[i];
	qsort(order, im->nsources, sizeof(*order), cmp_name);
	for (i = 0; i < im->nsources; i++)
		im->source_rank[order[i] - im->source_names] = (uint32_t)i;
	free(order);
	return 0;
}

/* Write the links of a bulk load; history gets one row per file. */
static int flush_links(struct importer *im, size_t nfiles)
{
	struct link_key *k;
	size_t i;
	int rc = 0;

	if (!im->nlinks)
		return 0;
	if (im->nsources >= 1u << 24)
		return pm_error_set(im->err, PM_EINVAL, "more than 16,777,215 distinct link sources");
	if (!(k = malloc(im->nlinks * sizeof(*k))) || rank_sources(im) < 0) {
		free(k);
		return pm_error_set(im->err, PM_ENOMEM, "out of memory");
	}
	progress(im, "checking links for duplicates", NULL, 0);
	if ((rc = link_keys(im, k, 1)) < 0 ||
	    (rc = report_duplicate_links(im, k)) < 0 || im->diags->nerrors)
		goto out;
	progress(im, "writing links", NULL, 0);
	/* the identity index is (src, dst, kind, source): write in its order */
	if ((rc = link_keys(im, k, 0)) < 0 ||
	    (rc = pm_store_bulk_begin(im->st, PM_T_LINKS, im->err)) < 0)
		goto out;
	for (i = 0; i < im->nlinks; i++) {
		const struct bulk_link *l = &im->links[k[i].idx];
		/* links are read in identity order, i.e. at random: fetch ahead */
		if (i + 16 < im->nlinks)
			__builtin_prefetch(&im->links[k[i + 16].idx]);
		if (i + 8 < im->nlinks)
			__builtin_prefetch(im->text.s + im->links[k[i + 8].idx].text);
		const char *t = im->text.s + l->text, *v[PM_TABLE_MAXCOLS] = { NULL };
		int64_t refs[PM_TABLE_MAXCOLS] = { l->src, l->dst };

		v[2] = link_kinds[l->kind];
		v[3] = t;
		v[4] = t += strlen(t) + 1;
		v[5] = im->source_names[l->source];
		v[6] = t + strlen(t) + 1;
		if ((rc = pm_store_insert_resolved(im->st, PM_T_LINKS, v, refs, NULL,
						   im->err)) < 0)
			goto out;
		im->file_rows[l->file]++;
		if ((i + 1) % 1000000 == 0)
			progress(im, "writing links", NULL, i + 1);
	}
	/* the links are written: give their memory to the index sort */
	free(k);
	k = NULL;
	free(im->links);
	free(im->text.s);
	im->links = NULL;
	memset(&im->text, 0, sizeof(im->text));
	im->links_cap = 0;
	progress(im, "indexing links", NULL, 0);
	if ((rc = pm_store_bulk_end(im->st, PM_T_LINKS, im->err)) < 0)
		goto out;
	im->stats->created[PM_T_LINKS] += im->nlinks;
	rc = history_per_file(im, nfiles, PM_T_LINKS);
out:
	free(k);
	return rc;
}

/* Keep a checked link row for the next batch_flush. */
static void batch_add(struct importer *im, const char *const *vals, size_t line,
		      const int *colpos)
{
	struct pending *p;
	size_t i;

	if (!im->pending && !(im->pending = malloc(BATCH * sizeof(*im->pending)))) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	p = &im->pending[im->npending];
	p->line = line;
	for (i = 0; i < PM_TABLE_MAXCOLS; i++) {
		p->colpos[i] = colpos[i];
		p->off[i] = -1;
		if (!vals[i])
			continue;
		if ((p->off[i] = arena_put(&im->ptext, vals[i])) < 0) {
			im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
			return;
		}
	}
	if (++im->npending == BATCH)
		batch_flush(im);
}

/*
 * Handle the waiting link rows in order. Their people are looked up in the
 * key map, whose slots are scattered over a large table: ask for all of
 * them first, so the lookups wait for memory once per batch, not per key.
 */
static void batch_flush(struct importer *im)
{
	size_t i, c;

	im->flushing = 1;
	for (i = 0; i < im->npending; i++)
		for (c = 0; c < 2; c++)
			if (im->pending[i].off[c] >= 0)
				pm_strmap_prefetch(im->people, im->ptext.s + im->pending[i].off[c]);
	for (i = 0; i < im->npending && !im->fatal; i++) {
		const struct pending *p = &im->pending[i];
		const char *vals[PM_TABLE_MAXCOLS];
		for (c = 0; c < PM_TABLE_MAXCOLS; c++)
			vals[c] = p->off[c] >= 0 ? im->ptext.s + p->off[c] : NULL;
		bulk_link_row(im, vals, p->line, p->colpos);
	}
	im->npending = 0;
	im->ptext.used = 0;
	im->flushing = 0;
}

static int on_row(const struct pm_csv_record *rec, void *ctx)
{
	struct importer *im = ctx;
	const struct pm_table *tab = &pm_tables[im->table];
	const char *vals[PM_TABLE_MAXCOLS] = { 0 };
	int colpos[PM_TABLE_MAXCOLS];
	char why[512];
	size_t i, bad;
	int ok = 1;

	if (im->fatal)
		return im->fatal;
	if (im->diags->nerrors > im->max_errors)
		return 1;
	if (!im->header_done) {
		im->header_done = 1;
		return setup_header(im, rec) ? 0 : 1;
	}
	if (++im->rows % 1000000 == 0 && !im->parent_pass)
		progress(im, "reading", im->file, im->rows);
	if (rec->nfields != im->nheader) {
		diag(im, rec->line, (rec->nfields < im->nheader ? rec->nfields : im->nheader) + 1,
		     0, "expected %zu fields as in the header, found %zu",
		     im->nheader, rec->nfields);
		return 0;
	}
	for (i = 0; i < PM_TABLE_MAXCOLS; i++)
		colpos[i] = -1;
	for (i = 0; i < rec->nfields; i++) {
		int c = im->colmap[i];
		const struct pm_column *col;

		if (!pm_utf8_valid(rec->fields[i], rec->lens[i], &bad)) {
			diag(im, rec->line, i + 1, 0, "invalid UTF-8 (byte %zu of the field)",
			     bad + 1);
			ok = 0;
			continue;
		}
		if (c < 0)
			continue;
		col = &tab->cols[c];
		vals[c] = rec->fields[i];
		colpos[c] = (int)i;
		if (!*rec->fields[i]) {
			if (col->flags & PM_COL_REQUIRED) {
				diag(im, rec->line, i + 1, 0, "%s is required", col->name);
				ok = 0;
			}
			continue;
		}
		if (pm_value_check(col, rec->fields[i], why, sizeof(why)) < 0) {
			diag(im, rec->line, i + 1, 0, "%s", why);
			ok = 0;
		}
	}
	if (!ok)
		return 0;
	if (im->table == PM_T_LINKS && !strcmp(vals[0], vals[1])) {
		diag(im, rec->line, (size_t)colpos[1] + 1, 0,
		     "self-link: '%s' %s '%s'", vals[0], vals[2], vals[1]);
		return 0;
	}
	if (im->table == PM_T_ORGS) {
		/* parents may come later in the file: set them in a second pass */
		int p = pm_table_col(tab, "parent");
		if (im->parent_pass) {
			if (!vals[p] || !*vals[p] || !strcmp(vals[p], vals[0]))
				return 0;
			for (i = 0; i < tab->ncols; i++)
				if ((int)i != p && i != 0)
					vals[i] = NULL;
			put_record(im, vals, rec->line, colpos);
			return 0;
		}
		if (vals[p] && !strcmp(vals[p], vals[0])) {
			diag(im, rec->line, (size_t)colpos[p] + 1, 0,
			     "org '%s' is its own parent", vals[0]);
			return 0;
		}
		vals[p] = NULL;
	}
	if (im->bulk[im->table]) {
		if (im->table == PM_T_PEOPLE)
			bulk_person(im, vals, rec->line, colpos);
		else
			batch_add(im, vals, rec->line, colpos);
		return im->fatal;
	}
	if (!first_sighting(im, vals, rec->line))
		return im->fatal;
	if (im->table == PM_T_LINKS && !strcmp(vals[2], "reports_to"))
		remember_reports_to(im, vals, rec->line);
	put_record(im, vals, rec->line, colpos);
	return im->fatal;
}

/*
 * Read file i of the import: from its copy in memory when it can be read
 * only once (kept by keep_unseekable), else streamed from disk.
 */
static int read_source(struct importer *im, size_t i, pm_csv_record_fn fn, void *ctx,
		       struct pm_error *err)
{
	if (im->once[i])
		return pm_csv_parse(im->once[i], im->once_len[i], im->paths[i], fn, ctx, err);
	return pm_csv_read_file(im->paths[i], fn, ctx, err);
}

/*
 * Every file is read more than once (its header first, to order the files;
 * orgs twice): keep a copy of each input that is not a regular file.
 */
static int keep_unseekable(struct importer *im, size_t n, struct pm_error *err)
{
	struct stat sb;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if (stat(im->paths[i], &sb) == 0 && !S_ISREG(sb.st_mode) &&
		    (rc = pm_csv_slurp(im->paths[i], &im->once[i], &im->once_len[i], err)) < 0)
			return rc;
	return 0;
}

static int import_one(struct importer *im, size_t file, enum pm_table_id t,
		      int parent_pass)
{
	const char *path = im->paths[file];
	int rc;

	im->file = path;
	im->nfile = file;
	im->rows = 0;
	if (!parent_pass)
		progress(im, "reading", path, 0);
	im->table = t;
	im->header_done = 0;
	im->parent_pass = parent_pass;
	im->quiet = parent_pass;
	rc = read_source(im, file, on_row, im, im->err);
	if (rc == PM_EINVAL) {
		/* malformed quoting: err.msg is "file:line: reason" */
		char msg[sizeof(im->err->msg)];
		const char *m, *reason;
		size_t line;
		snprintf(msg, sizeof(msg), "%s", im->err->msg);
		m = msg + strlen(path) + 1;
		line = strtoul(m, NULL, 10);
		reason = strchr(m, ' ');
		diag(im, line, 0, 0, "%s", reason ? reason + 1 : m);
		im->quiet = 0;
		return im->fatal;
	}
	if (im->npending && !im->fatal)
		batch_flush(im);
	im->quiet = 0;
	if (rc < 0)
		return rc;
	return im->fatal;
}
/* Cycle search over edges child -> parent (ids), reporting each cycle once. */
struct edge { int64_t a, b; };

static int cmp_edge(const void *x, const void *y)
{
	const struct edge *p = x, *q = y;

	return p->a < q->a ? -1 : p->a > q->a ? 1 : (p->b > q->b) - (p->b < q->b);
}

struct edges {
	struct edge *e;
	size_t n, cap;
};

static int collect_edge(int64_t child, int64_t parent, void *ctx)
{
	struct edges *es = ctx;

	if (PM_GROW(es->e, es->cap, es->n + 1) < 0)
		return PM_ENOMEM;
	es->e[es->n].a = child;
	es->e[es->n].b = parent;
	es->n++;
	return 0;
}

static void report_cycle(struct importer *im, enum pm_table_id t, const int64_t *ids, size_t n);

/* Report every cycle in the hierarchy of table t (orgs' parents, reports_to). */
static int find_cycles(struct importer *im, enum pm_table_id t)
{
	struct edges es = { NULL, 0, 0 };
	struct edge *e;
	size_t ne, *first = NULL, *pos = NULL, depth;
	int64_t maxid = 0, *stack = NULL, v;
	unsigned char *color = NULL;
	int rc;

	if ((rc = pm_store_hierarchy(im->st, t, &maxid, collect_edge, &es, im->err)) < 0) {
		if (rc == PM_ENOMEM)
			goto nomem;
		goto out;
	}
	e = es.e;
	ne = es.n;
	if (ne)
		qsort(e, ne, sizeof(*e), cmp_edge);
	first = calloc((size_t)maxid + 2, sizeof(*first));
	pos = calloc((size_t)maxid + 2, sizeof(*pos));
	color = calloc((size_t)maxid + 1, 1);
	stack = calloc((size_t)maxid + 1, sizeof(*stack));
	if (!first || !pos || !color || !stack)
		goto nomem;
	/* first[v] .. first[v+1]: outgoing edges of v (CSR) */
	{
		size_t k = 0;
		for (v = 0; v <= maxid + 1; v++) {
			while (k < ne && e[k].a < v)
				k++;
			first[v] = k;
		}
	}
	for (v = 1; v <= maxid; v++) {
		if (color[v])
			continue;
		depth = 0;
		stack[depth++] = v;
		color[v] = 1;
		pos[v] = first[v];
		while (depth) {
			int64_t u = stack[depth - 1];
			if (pos[u] < first[u + 1]) {
				int64_t w = e[pos[u]++].b;
				if (color[w] == 0) {
					color[w] = 1;
					pos[w] = first[w];
					stack[depth++] = w;
				} else if (color[w] == 1) {
					size_t k = depth;
					while (k > 0 && stack[k - 1] != w)
						k--;
					report_cycle(im, t, stack + k - 1, depth - k + 1);
				}
			} else {
				color[u] = 2;
				depth--;
			}
		}
	}
	goto out;
nomem:
	rc = pm_error_set(im->err, PM_ENOMEM, "out of memory");
out:
	free(es.e);
	free(first);
	free(pos);
	free(color);
	free(stack);
	return rc;
}

/* "'a' -> 'b' -> 'c' -> 'a'" from row ids of table t. */
static void cycle_text(struct importer *im, enum pm_table_id t, const int64_t *ids,
		       size_t n, struct pm_strbuf *sb)
{
	char key[512];
	size_t i;

	for (i = 0; i <= n; i++) {
		key_of(im, t, ids[i % n], key, sizeof(key));
		pm_strbuf_addf(sb, "%s'%s'", i ? " -> " : "", key);
	}
}

/*
 * Report a cycle at the import line that closes it: of the cycle's edges
 * given in this import, the one given last (none for old edges only).
 */
static void report_cycle(struct importer *im, enum pm_table_id t, const int64_t *ids, size_t n)
{
	struct pm_strbuf text = PM_STRBUF_INIT;
	char file[1024] = "", f[1024];
	size_t i, line = 0, l;
	const char *saved = im->file;

	cycle_text(im, t, ids, n, &text);
	for (i = 0; i < n; i++)
		if (pm_store_import_origin(im->st, t, ids[i], ids[(i + 1) % n], f, sizeof(f), &l,
					   NULL) > 0 && l >= line) {
			memcpy(file, f, sizeof(file));
			line = l;
		}
	im->file = *file ? file : NULL;
	diag(im, *file ? line : 0, 0, 0, "%s cycle: %s",
	     t == PM_T_ORGS ? "org parent" : "reports_to",
	     text.oom ? "(out of memory)" : pm_strbuf_str(&text));
	im->file = saved;
	pm_strbuf_release(&text);
}

int pm_import_files(struct pm_store *st, const char *const *paths, size_t n,
		    const struct pm_import_opts *opts,
		    struct pm_import_stats *stats, struct pm_diags *diags,
		    struct pm_error *err)
{
	struct importer im;
	int *types = NULL, rc = 0, t;
	size_t i;

	memset(&im, 0, sizeof(im));
	memset(stats, 0, sizeof(*stats));
	im.st = st;
	im.opts = opts;
	im.stats = stats;
	im.diags = diags;
	im.err = err;
	im.max_errors = opts->max_errors ? opts->max_errors : DEFAULT_MAX_ERRORS;

	im.paths = paths;
	if (n > UINT16_MAX)
		return pm_error_set(err, PM_EINVAL, "too many files in one import (at most %d)",
				    UINT16_MAX);
	if (!(types = calloc(n ? n : 1, sizeof(*types))) ||
	    !(im.file_rows = calloc(n ? n : 1, sizeof(*im.file_rows))) ||
	    !(im.once = calloc(n ? n : 1, sizeof(*im.once))) ||
	    !(im.once_len = calloc(n ? n : 1, sizeof(*im.once_len))) ||
	    !(im.people = pm_strmap_new()) || !(im.orgs = pm_strmap_new()) ||
	    !(im.sources = pm_strmap_new())) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	im.types = types;
	if ((rc = keep_unseekable(&im, n, err)) < 0)
		goto out;
	/* learn each file's kind from its header */
	for (i = 0; i < n; i++) {
		struct header_probe h = { 0 };
		im.file = paths[i];
		rc = read_source(&im, i, probe_header, &h, err);
		if (rc < 0 && rc != PM_EINVAL) {
			header_free(&h);
			goto out;
		}
		rc = 0;
		if (!h.fields) {
			diag(&im, 1, 0, 0, "empty file: a header row is required");
			types[i] = -1;
		} else if (opts->type >= 0) {
			types[i] = opts->type;
		} else if ((types[i] = pm_import_detect((const char *const *)h.fields, h.n)) < 0) {
			diag(&im, h.line, 0, 0,
			     "cannot tell what this file holds from its header; "
			     "name the kind with --type");
		}
		header_free(&h);
	}
	if (diags->nerrors) {
		rc = PM_EIMPORT;
		goto out;
	}
	if ((rc = pm_store_import_begin(st, err)) < 0)
		goto out;
	for (t = PM_T_PEOPLE; t <= PM_T_LINKS; t++)
		for (i = 0; i < n; i++)
			if (types[i] == t) {
				if ((rc = pm_store_table_empty(st, t, err)) < 0)
					goto rollback;
				im.bulk[t] = rc;
				rc = 0;
			}
	if (im.bulk[PM_T_PEOPLE] && (rc = pm_store_bulk_begin(st, PM_T_PEOPLE, err)) < 0)
		goto rollback;
	for (t = 0; t < PM_T_COUNT; t++) {
		for (i = 0; i < n; i++)
			if (types[i] == t && (rc = import_one(&im, i, t, 0)) < 0)
				goto rollback;
		if (t == PM_T_ORGS)
			for (i = 0; i < n; i++)
				if (types[i] == t && (rc = import_one(&im, i, t, 1)) < 0)
					goto rollback;
		if (t == PM_T_PEOPLE && im.bulk[t]) {
			im.people_complete = 1;
			progress(&im, "indexing people", NULL, 0);
			if ((rc = pm_store_bulk_end(st, PM_T_PEOPLE, err)) < 0)
				goto rollback;
			if ((rc = history_per_file(&im, n, PM_T_PEOPLE)) < 0)
				goto rollback;
		}
		if (t == PM_T_LINKS && (rc = flush_links(&im, n)) < 0)
			goto rollback;
		if (im.fatal) {
			rc = im.fatal;
			goto rollback;
		}
	}
	im.file = NULL;
	progress(&im, "checking for cycles", NULL, 0);
	if ((rc = find_cycles(&im, PM_T_ORGS)) < 0 || (rc = find_cycles(&im, PM_T_PEOPLE)) < 0)
		goto rollback;
	if (im.fatal) {
		rc = im.fatal;
		goto rollback;
	}
	if (diags->nerrors) {
		rc = PM_EIMPORT;
		goto rollback;
	}
	progress(&im, opts->dry_run ? "rolling back" : "committing", NULL, 0);
	rc = pm_store_import_end(st, !opts->dry_run, err);
	goto out;
rollback:
	pm_store_import_end(st, 0, NULL);
out:
	free(types);
	free(im.file_rows);
	for (i = 0; im.once && i < n; i++)
		free(im.once[i]);
	free(im.once);
	free(im.once_len);
	pm_strmap_free(im.people);
	pm_strmap_free(im.orgs);
	pm_strmap_free(im.sources);
	for (i = 0; i < im.nsources; i++)
		free(im.source_names[i]);
	free(im.source_names);
	free(im.source_rank);
	free(im.links);
	free(im.text.s);
	free(im.pending);
	free(im.ptext.s);
	return rc;
}
