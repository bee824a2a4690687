/*
 * powermap — the bulk loader: people and links going into a table that is
 * empty when the import starts skip the per-row bookkeeping. Keys resolve
 * through an in-memory map, duplicates are found in memory (people by key
 * as they come; links by sorting their identities once all links are read),
 * the links are written in identity order with the dst index rebuilt after,
 * and history gets one row per file instead of one per record. Link rows
 * are checked and their people looked up on a builder thread while the
 * next rows are read, and gathered for writing on another.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "import_internal.h"

#define LINE_TAG(file, line) ((uint64_t)(file) << 32 | (uint32_t)(line))

const char *const pm_bulk_link_kinds[] = { "influences", "knows", "reports_to" };

/* Append v ("" for NULL) and its NUL to sb; its offset, or -1 when out of memory. */
static long arena_put(struct pm_strbuf *sb, const char *v)
{
	long off = (long)sb->len;

	if (pm_strbuf_add(sb, v ? v : "", (v ? strlen(v) : 0) + 1) < 0)
		return -1;
	return off;
}

static int map_person(const char *key, int64_t id, void *ctx)
{
	struct pm_import *im = ctx;

	if (pm_strmap_add(im->people, key, id, 0) < 0)
		return pm_error_set(im->err, PM_ENOMEM, "out of memory");
	return 0;
}

/* Load every stored person's key into the people map (once). */
static int load_people(struct pm_import *im)
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
static int bulk_resolve(struct pm_import *im, enum pm_col_type type, const char *ref,
			int64_t *id, struct pm_error *perr)
{
	int rc;

	if (type == PM_COL_PERSON) {
		if (pm_strmap_get(im->people, ref, id, NULL))
			return 0;
		if ((rc = pm_import_store_ready(im)) < 0)
			return rc;
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
		if ((rc = pm_import_store_ready(im)) < 0)
			return rc;
		if ((rc = pm_store_org_resolve(im->st, ref, id, NULL, perr)) == 0 &&
		    pm_strmap_add(im->orgs, ref, *id, 0) < 0)
			rc = PM_ENOMEM;
	}
	/* a name that matches nobody or several is the row's fault; anything else stops */
	if (rc == PM_ENOMEM)
		im->fatal = pm_error_set(im->err, rc, "out of memory");
	else if (rc < 0 && rc != PM_ENOTFOUND && rc != PM_EAMBIGUOUS && rc != PM_EINVAL)
		im->fatal = pm_error_set(im->err, rc, "%s", perr->msg);
	return rc;
}

/* Resolve every reference column of a row into refs; report failures. */
static int bulk_refs(struct pm_import *im, enum pm_table_id t, const char *const *vals,
		     size_t line, const int *colpos, int64_t *refs)
{
	const struct pm_table *tab = &pm_tables[t];
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
			if (!(perr.code == PM_ENOTFOUND && im->partial))
				pm_import_diag(im, line, (size_t)colpos[i] + 1, 0, "%s", perr.msg);
			ok = 0;
		}
	}
	return ok;
}

/*
 * People read and not written yet: SQLite writes many records to a
 * statement faster than one each, and gives them consecutive row ids, so
 * a person's id is known (for the map) before it is written.
 */
#define PM_BULK_PEOPLE_ROWS 1024
#define NO_TEXT SIZE_MAX

struct pm_bulk_people {
	size_t n;
	int64_t first_id;                  /* the row id of the first */
	struct pm_strbuf text;             /* the values, NUL-terminated */
	size_t off[PM_BULK_PEOPLE_ROWS * PM_TABLE_MAXCOLS];   /* in text, or NO_TEXT */
	int64_t refs[PM_BULK_PEOPLE_ROWS * PM_TABLE_MAXCOLS];
	const char *vals[PM_BULK_PEOPLE_ROWS * PM_TABLE_MAXCOLS];
};

int pm_bulk_people_flush(struct pm_import *im)
{
	struct pm_bulk_people *w = im->people_waiting;
	int64_t last = 0;
	size_t i;
	int rc;

	if (!w || !w->n || im->fatal)
		return im->fatal;
	if (w->text.oom)
		return im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
	for (i = 0; i < w->n * PM_TABLE_MAXCOLS; i++)
		w->vals[i] = w->off[i] == NO_TEXT ? NULL : w->text.buf + w->off[i];
	if ((rc = pm_store_insert_resolved_rows(im->st, PM_T_PEOPLE, w->vals, w->refs, w->n,
						&last, im->err)) < 0)
		return im->fatal = rc;
	if (last != w->first_id + (int64_t)w->n - 1)
		return im->fatal = pm_error_set(im->err, PM_EDB,
						"people were given row ids %lld.., not %lld..",
						(long long)(last - (int64_t)w->n + 1),
						(long long)w->first_id);
	w->n = 0;
	pm_strbuf_reset(&w->text);
	return 0;
}

/* Keep a checked person to be written with the next batch; its row id. */
static int person_wait(struct pm_import *im, const char *const *vals, const int64_t *refs,
		       int64_t *id)
{
	struct pm_bulk_people *w = im->people_waiting;
	size_t i, ncols = pm_tables[PM_T_PEOPLE].ncols;
	int rc;

	if (!w) {
		if (!(w = im->people_waiting = calloc(1, sizeof(*w))))
			return im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		if ((rc = pm_store_next_rowid(im->st, PM_T_PEOPLE, &im->next_person_id,
					      im->err)) < 0)
			return im->fatal = rc;
	}
	if (w->n == PM_BULK_PEOPLE_ROWS && (rc = pm_bulk_people_flush(im)) < 0)
		return rc;
	if (!w->n)
		w->first_id = im->next_person_id;
	for (i = 0; i < PM_TABLE_MAXCOLS; i++) {
		size_t at = w->n * PM_TABLE_MAXCOLS + i;
		w->refs[at] = refs[i];
		w->off[at] = NO_TEXT;
		if (i < ncols && vals[i]) {
			w->off[at] = w->text.len;
			pm_strbuf_add(&w->text, vals[i], strlen(vals[i]) + 1);
		}
	}
	w->n++;
	*id = im->next_person_id++;
	return 0;
}

void pm_bulk_person(struct pm_import *im, const char *const *vals, size_t line,
			const int *colpos)
{
	int64_t refs[PM_TABLE_MAXCOLS], id = 0;
	uint64_t tag;
	int rc;

	if (pm_strmap_get(im->people, vals[0], NULL, &tag)) {
		char what[1024];
		pm_import_diag(im, line, colpos[0] >= 0 ? (size_t)colpos[0] + 1 : 1, 0,
		     "duplicate %s (first given at %s:%u)",
		     pm_record_describe(PM_T_PEOPLE, vals, what, sizeof(what)),
		     im->files[tag >> 32], (unsigned)pm_import_row(im, tag >> 32, (uint32_t)tag));
		return;
	}
	if (!bulk_refs(im, PM_T_PEOPLE, vals, line, colpos, refs))
		return;
	/* only the native reader never asks the store for a person meanwhile */
	if (im->index_aside)
		rc = person_wait(im, vals, refs, &id);
	else if ((rc = pm_store_insert_resolved(im->st, PM_T_PEOPLE, vals, refs, &id,
						im->err)) < 0)
		im->fatal = rc;
	if (rc < 0)
		return;
	if (pm_strmap_add(im->people, vals[0], id, LINE_TAG(im->nfile, line)) < 0) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	im->stats.created[PM_T_PEOPLE]++;
	im->file_rows[im->nfile][PM_T_PEOPLE]++;
}

/*
 * Append a link whose people are resolved (src, dst: row ids) to the
 * links read so far; file is its file's index. Returns its kind
 * (PM_BULK_*), or PM_ENOMEM. The builder thread calls this too: it touches
 * only the links, their text and the sources.
 */
static int link_append(struct pm_import *im, const char *const *vals, size_t line,
		       size_t file, int64_t src, int64_t dst)
{
	struct pm_bulk_link *l;
	const char *source = vals[5] ? vals[5] : "";
	int64_t idx;
	uint8_t kind = 0;

	while (strcmp(pm_bulk_link_kinds[kind], vals[2]))
		kind++;
	if (!pm_strmap_get(im->sources, source, &idx, NULL)) {
		if (PM_GROW(im->source_names, im->source_cap, im->nsources + 1) < 0 ||
		    !(im->source_names[im->nsources] = strdup(source)))
			return PM_ENOMEM;
		idx = (int64_t)im->nsources++;
		if (pm_strmap_add(im->sources, source, idx, 0) < 0)
			return PM_ENOMEM;
	}
	if (PM_GROW(im->links, im->links_cap, im->nlinks + 1) < 0)
		return PM_ENOMEM;
	l = &im->links[im->nlinks];
	l->src = src;
	l->dst = dst;
	l->text = im->text.len;
	if (arena_put(&im->text, vals[3]) < 0 || arena_put(&im->text, vals[4]) < 0 ||
	    arena_put(&im->text, vals[6]) < 0)
		return PM_ENOMEM;
	l->source = (uint32_t)idx;
	l->line = (uint32_t)line;
	l->file = (uint16_t)file;
	l->kind = kind;
	im->nlinks++;
	return kind;
}

void pm_bulk_link_checked(struct pm_import *im, const char *const *vals, size_t line,
			  const int *colpos)
{
	int64_t refs[PM_TABLE_MAXCOLS];
	int kind;

	if (!bulk_refs(im, PM_T_LINKS, vals, line, colpos, refs))
		return;
	if ((kind = link_append(im, vals, line, im->nfile, refs[0], refs[1])) < 0) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	if (kind == PM_BULK_REPORTS_TO)
		pm_import_note_reports_to(im, vals, line);
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
static int link_keys(struct pm_import *im, struct link_key *k, int undirected_knows)
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
		const struct pm_bulk_link *l = &im->links[i];
		int64_t a = undirected_knows && l->kind == PM_BULK_KNOWS && l->src > l->dst ? l->dst : l->src;
		pos[a + 1]++;
	}
	for (i = 1; i <= (size_t)maxid + 1; i++)
		pos[i] += pos[i - 1];
	/* pos[a]: next free place of bucket a; input order is kept in a bucket */
	for (i = 0; i < n; i++) {
		const struct pm_bulk_link *l = &im->links[i];
		struct link_key *e;
		int swap = undirected_knows && l->kind == PM_BULK_KNOWS && l->src > l->dst;
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

/* Report links given twice, in input order. keys are sorted by identity. */
static int report_duplicate_links(struct pm_import *im, const struct link_key *k)
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
		const struct pm_bulk_link *l = &im->links[dup[2 * i]];
		const struct pm_bulk_link *f = &im->links[dup[2 * i + 1]];
		char from[512], to[512], what[1200];
		const char *v[PM_TABLE_MAXCOLS] = { from, to, pm_bulk_link_kinds[l->kind] };

		pm_import_key_of(im, PM_T_PEOPLE, l->src, from, sizeof(from));
		pm_import_key_of(im, PM_T_PEOPLE, l->dst, to, sizeof(to));
		im->nfile = l->file;
		im->file = im->files[l->file];
		pm_import_diag(im, l->line, 1, 0, "duplicate %s (first given at %s:%u)",
		     pm_record_describe(PM_T_LINKS, v, what, sizeof(what)),
		     im->files[f->file], (unsigned)pm_import_row(im, f->file, f->line));
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
static int rank_sources(struct pm_import *im)
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

/*
 * Writing the links in identity order reads them in input order's arrays at
 * random: a miss per link that prefetching did not hide (on L 2.6 s of the
 * writing thread waited on them). A gatherer thread copies the links into
 * chunks in write order, their strings with them, while this thread
 * writes: SQLite's work is what is left on the writing thread, and it reads
 * memory in order.
 */
#define GATHER_CHUNK 4096         /* links per chunk */
#define GATHER_RING 4             /* chunks in flight */

struct gathered {
	int64_t src, dst;
	size_t text;                  /* offset of strength, last_contact, notes in the chunk's text */
	uint32_t source;
	uint16_t file;
	uint8_t kind;
};

struct chunk {
	struct gathered row[GATHER_CHUNK];
	struct pm_strbuf text;
};

struct gather {
	struct pm_import *im;
	const struct link_key *k;
	struct chunk *ring;           /* GATHER_RING chunks */
	const char **vals;            /* a chunk's values and references, */
	int64_t *refs;                /* PM_TABLE_MAXCOLS per link, for the store */
	size_t nchunks, filled, drained;
	int stop, threaded, oom;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Chunk c of the links in write order into its place in the ring; -1: out of memory. */
static int gather_chunk(struct gather *g, size_t c)
{
	const struct pm_import *im = g->im;
	struct chunk *ch = &g->ring[c % GATHER_RING];
	struct gathered *out = ch->row;
	size_t i = c * GATHER_CHUNK, end = i + GATHER_CHUNK < im->nlinks ? i + GATHER_CHUNK
									 : im->nlinks;

	pm_strbuf_reset(&ch->text);
	for (; i < end; i++, out++) {
		const struct pm_bulk_link *l = &im->links[g->k[i].idx];
		const char *t = im->text.buf + l->text, *e = t;
		if (i + 32 < im->nlinks)
			__builtin_prefetch(&im->links[g->k[i + 32].idx]);
		if (i + 16 < im->nlinks)
			__builtin_prefetch(im->text.buf + im->links[g->k[i + 16].idx].text);
		e += strlen(e) + 1;
		e += strlen(e) + 1;
		e += strlen(e) + 1;           /* past the three strings */
		out->text = ch->text.len;
		if (pm_strbuf_add(&ch->text, t, (size_t)(e - t)) < 0)
			return -1;
		out->src = l->src;
		out->dst = l->dst;
		out->source = l->source;
		out->file = l->file;
		out->kind = l->kind;
	}
	return 0;
}

static void *gatherer(void *arg)
{
	struct gather *g = arg;
	size_t c;

	for (c = 0; c < g->nchunks; c++) {
		pthread_mutex_lock(&g->mu);
		while (g->filled - g->drained >= GATHER_RING && !g->stop)
			pthread_cond_wait(&g->cv, &g->mu);
		pthread_mutex_unlock(&g->mu);
		if (g->stop)
			break;
		if (gather_chunk(g, c) < 0)
			g->oom = 1;     /* the writer sees it with the chunk */
		pthread_mutex_lock(&g->mu);
		g->filled++;
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->mu);
	}
	return NULL;
}

int pm_bulk_single_thread;
size_t pm_bulk_batch_rows = PM_IMPORT_BATCH;

/* Write the links in the order of k (sorted by identity), reporting progress. */
static int write_in_order(struct pm_import *im, const struct link_key *k)
{
	struct gather g = { .im = im, .k = k };
	size_t c, i, n;
	int rc = 0;

	g.nchunks = (im->nlinks + GATHER_CHUNK - 1) / GATHER_CHUNK;
	g.ring = calloc(GATHER_RING, sizeof(*g.ring));
	g.vals = calloc(GATHER_CHUNK * PM_TABLE_MAXCOLS, sizeof(*g.vals));
	g.refs = calloc(GATHER_CHUNK * PM_TABLE_MAXCOLS, sizeof(*g.refs));
	if (!g.ring || !g.vals || !g.refs) {
		free(g.ring);
		free(g.vals);
		free(g.refs);
		return pm_error_set(im->err, PM_ENOMEM, "out of memory");
	}
	g.threaded = !pm_bulk_single_thread && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
		pthread_mutex_init(&g.mu, NULL) == 0;
	if (g.threaded && pthread_cond_init(&g.cv, NULL) != 0) {
		pthread_mutex_destroy(&g.mu);
		g.threaded = 0;
	}
	if (g.threaded && pthread_create(&g.thread, NULL, gatherer, &g) != 0) {
		pthread_cond_destroy(&g.cv);
		pthread_mutex_destroy(&g.mu);
		g.threaded = 0;
	}
	for (c = 0, i = 0; c < g.nchunks && rc == 0; c++) {
		const struct chunk *ch = &g.ring[c % GATHER_RING];
		const struct gathered *row = ch->row;
		if (g.threaded) {
			pthread_mutex_lock(&g.mu);
			while (g.filled <= c)
				pthread_cond_wait(&g.cv, &g.mu);
			pthread_mutex_unlock(&g.mu);
		} else if (gather_chunk(&g, c) < 0) {
			g.oom = 1;
		}
		if (g.oom) {
			rc = pm_error_set(im->err, PM_ENOMEM, "out of memory");
			break;
		}
		for (n = 0; n < GATHER_CHUNK && i + n < im->nlinks; n++, row++) {
			const char **v = g.vals + n * PM_TABLE_MAXCOLS;
			int64_t *refs = g.refs + n * PM_TABLE_MAXCOLS;
			const char *t = ch->text.buf + row->text;
			refs[0] = row->src;
			refs[1] = row->dst;
			v[2] = pm_bulk_link_kinds[row->kind];
			v[3] = t;
			v[4] = t += strlen(t) + 1;
			v[5] = im->source_names[row->source];
			v[6] = t + strlen(t) + 1;
			im->file_rows[row->file][PM_T_LINKS]++;
		}
		if ((rc = pm_store_insert_resolved_rows(im->st, PM_T_LINKS, g.vals, g.refs, n,
							NULL, im->err)) < 0)
			break;
		if ((i + n) / 1000000 > i / 1000000)
			pm_import_progress(im, "writing links", NULL, (i + n) / 1000000 * 1000000);
		i += n;
		if (g.threaded) {
			pthread_mutex_lock(&g.mu);
			g.drained++;
			if (rc)
				g.stop = 1;
			pthread_cond_broadcast(&g.cv);
			pthread_mutex_unlock(&g.mu);
		}
	}
	if (g.threaded) {
		pthread_mutex_lock(&g.mu);
		g.stop = 1;
		pthread_cond_broadcast(&g.cv);
		pthread_mutex_unlock(&g.mu);
		pthread_join(g.thread, NULL);
		pthread_cond_destroy(&g.cv);
		pthread_mutex_destroy(&g.mu);
	}
	for (c = 0; c < GATHER_RING; c++)
		pm_strbuf_release(&g.ring[c].text);
	free(g.ring);
	free(g.vals);
	free(g.refs);
	return rc;
}

int pm_bulk_write_links(struct pm_import *im)
{
	struct link_key *k;
	int rc = 0;

	if (!im->nlinks)
		return 0;
	if (im->nsources >= 1u << 24)
		return pm_error_set(im->err, PM_EINVAL, "more than 16,777,215 distinct link sources");
	if (!(k = malloc(im->nlinks * sizeof(*k))) || rank_sources(im) < 0) {
		free(k);
		return pm_error_set(im->err, PM_ENOMEM, "out of memory");
	}
	pm_import_progress(im, "checking links for duplicates", NULL, 0);
	if ((rc = link_keys(im, k, 1)) < 0 ||
	    (rc = report_duplicate_links(im, k)) < 0 || im->diags->nerrors)
		goto out;
	pm_import_progress(im, "writing links", NULL, 0);
	/* the identity index is (src, dst, kind, source): write in its order */
	if ((rc = link_keys(im, k, 0)) < 0 ||
	    (rc = pm_store_bulk_begin(im->st, PM_T_LINKS, im->err)) < 0)
		goto out;
	if ((rc = write_in_order(im, k)) < 0)
		goto out;
	/* the links are written: give their memory to the index sort */
	free(k);
	k = NULL;
	free(im->links);
	free(im->text.buf);
	im->links = NULL;
	memset(&im->text, 0, sizeof(im->text));   /* freed above */
	im->links_cap = 0;
	pm_import_progress(im, "indexing links", NULL, 0);
	if ((rc = pm_store_bulk_end(im->st, PM_T_LINKS, im->err)) < 0)
		goto out;
	im->stats.created[PM_T_LINKS] += im->nlinks;
	rc = pm_import_history_per_file(im, PM_T_LINKS);
out:
	free(k);
	return rc;
}

/*
 * Reading links on two threads. The caller's thread reads the rows and
 * keeps them as given, in batches; a builder thread checks the rows of a
 * full batch (values made canonical and checked as pm_import_bulk_link_row
 * does) and looks their people up in the key map (a cache miss each) while
 * the caller's thread reads the next batch. The caller's thread then
 * appends the batch's links in order, while the builder has the next one.
 * What needs the store or reports a problem stays on the caller's thread:
 * the builder stops at the first row that does not pass or whose people
 * are not both in the map, and the caller's thread handles that row and
 * the rest of the batch itself, as without a builder, before it hands over
 * the next batch. It finishes a batch before it reports anything (problems
 * come in the order of the rows) and when the file or the table changes,
 * so what is read, in what order, and where an import with too many errors
 * stops do not depend on the timing of the threads.
 */
#define PREFETCH_WINDOW 64        /* map slots asked for at once */

struct link_batch {
	struct pm_pending_link *rows; /* PM_IMPORT_BATCH of them */
	size_t n;                     /* 0: empty */
	struct pm_strbuf text;        /* the rows' values */
	size_t file;
	size_t done;                  /* rows the builder passed; the rest are the caller's */
	int rc;                       /* PM_ENOMEM from the builder */
};

struct pm_link_builder {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int busy, quit;               /* under mu; busy: slot[cur] is the builder's */
	struct link_batch slot[2];    /* the builder's batch and the one taken back */
	int cur;
	struct pm_strbuf norm[PM_TABLE_MAXCOLS];  /* the builder's row, made canonical */
};

static void row_values(const struct pm_pending_link *p, const char *text, const char **vals)
{
	size_t c;

	for (c = 0; c < PM_TABLE_MAXCOLS; c++)
		vals[c] = p->off[c] >= 0 ? text + p->off[c] : NULL;
}

static void prefetch_people(const struct pm_import *im, const struct pm_pending_link *rows,
			    size_t n, const char *text)
{
	size_t i, c;

	for (i = 0; i < n; i++)
		for (c = 0; c < 2; c++)
			if (rows[i].off[c] >= 0)
				pm_strmap_prefetch(im->people, text + rows[i].off[c]);
}

/*
 * Whether a link row passes every check of pm_import_bulk_link_row;
 * canonical[c] says which values were rewritten (vals[c] then points at
 * b->norm[c]). Reports nothing: a row that does not pass is left to the
 * caller's thread, which reports it.
 */
static int row_passes(struct pm_link_builder *b, const struct pm_pending_link *p,
		      const char **vals, int *canonical)
{
	const struct pm_table *tab = &pm_tables[PM_T_LINKS];
	char why[512];
	size_t c;
	int rc;

	if (!p->plain)                /* pm_bulk_link's text checks found something */
		return 0;
	for (c = 0; c < tab->ncols; c++) {
		const struct pm_column *col = &tab->cols[c];
		canonical[c] = 0;
		if (!vals[c]) {
			if (col->flags & PM_COL_REQUIRED)
				return 0;
			continue;
		}
		if ((rc = pm_value_normalize(col, vals[c], &b->norm[c])) < 0)
			return 0;
		if (rc == 1) {
			vals[c] = pm_strbuf_str(&b->norm[c]);
			canonical[c] = 1;
		}
		if (!*vals[c]) {
			if (col->flags & PM_COL_REQUIRED)
				return 0;
			continue;
		}
		/* a rewritten value is checked whole again */
		if ((canonical[c] ? pm_value_check(col, vals[c], why, sizeof(why))
				  : pm_value_check_type(col, vals[c], why, sizeof(why))) < 0)
			return 0;
	}
	return strcmp(vals[0], vals[1]) != 0;
}

/*
 * The builder's work on batch t: check each row, look its people up (src,
 * dst) and keep its canonical values in the batch's text, up to the first
 * row it cannot pass (t->done).
 */
static void build_batch(struct pm_import *im, struct pm_link_builder *b, struct link_batch *t)
{
	const size_t ncols = pm_tables[PM_T_LINKS].ncols;
	size_t i, c;

	t->rc = 0;
	for (i = 0; i < t->n; i++) {
		struct pm_pending_link *p = &t->rows[i];
		const char *vals[PM_TABLE_MAXCOLS];
		int canonical[PM_TABLE_MAXCOLS];
		if (i % PREFETCH_WINDOW == 0)
			prefetch_people(im, p, t->n - i < PREFETCH_WINDOW ? t->n - i
					: PREFETCH_WINDOW, t->text.buf);
		row_values(p, t->text.buf, vals);
		if (!row_passes(b, p, vals, canonical) ||
		    !pm_strmap_get(im->people, vals[0], &p->src, NULL) ||
		    !pm_strmap_get(im->people, vals[1], &p->dst, NULL))
			break;
		for (c = 0; c < ncols; c++) {
			long off = (long)t->text.len;
			if (!canonical[c])
				continue;
			if (pm_strbuf_add(&t->text, b->norm[c].buf, b->norm[c].len + 1) < 0) {
				t->rc = PM_ENOMEM;
				break;
			}
			p->off[c] = off;
		}
		if (t->rc)
			break;
	}
	t->done = i;
}

static void *builder_main(void *arg)
{
	struct pm_import *im = arg;
	struct pm_link_builder *b = im->builder;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (!b->busy && !b->quit)
			pthread_cond_wait(&b->cv, &b->mu);
		if (!b->busy)
			break;
		pthread_mutex_unlock(&b->mu);
		build_batch(im, b, &b->slot[b->cur]);
		pthread_mutex_lock(&b->mu);
		b->busy = 0;
		pthread_cond_broadcast(&b->cv);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* Whether the import has more errors than it reports (it stops reading). */
static int too_many_errors(const struct pm_import *im)
{
	return im->diags->nerrors > im->max_errors;
}

/*
 * Handle rows[from, n) on the caller's thread, in order, up to the row
 * that makes too many errors (where reading row by row stops too).
 */
static void rows_here(struct pm_import *im, const struct pm_pending_link *rows, size_t from,
		      size_t n, const char *text)
{
	size_t i;

	for (i = from; i < n && !im->fatal && !too_many_errors(im); i++) {
		const char *vals[PM_TABLE_MAXCOLS];
		if ((i - from) % PREFETCH_WINDOW == 0)
			prefetch_people(im, rows + i, n - i < PREFETCH_WINDOW ? n - i
					: PREFETCH_WINDOW, text);
		row_values(&rows[i], text, vals);
		pm_import_bulk_link_row(im, vals, rows[i].line, rows[i].colpos);
	}
}

static void builder_wait(struct pm_link_builder *b)
{
	pthread_mutex_lock(&b->mu);
	while (b->busy)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
}

/* Finish batch t, which the builder is done with: its links in order, then the rows it left. */
static void finish(struct pm_import *im, struct link_batch *t)
{
	int flushing = im->flushing, kind;
	size_t i;

	if (!t->n)
		return;
	/* the rows read after these wait: a problem reported here does not flush them */
	im->flushing = 1;
	if (t->rc < 0 && !im->fatal)
		im->fatal = pm_error_set(im->err, t->rc, "out of memory");
	for (i = 0; i < t->done && !im->fatal; i++) {
		const struct pm_pending_link *p = &t->rows[i];
		const char *vals[PM_TABLE_MAXCOLS];
		row_values(p, t->text.buf, vals);
		if ((kind = link_append(im, vals, p->line, t->file, p->src, p->dst)) < 0)
			im->fatal = pm_error_set(im->err, kind, "out of memory");
		else if (kind == PM_BULK_REPORTS_TO)
			pm_import_note_reports_to(im, vals, p->line);
	}
	if (!im->fatal)
		rows_here(im, t->rows, t->done, t->n, t->text.buf);
	t->n = 0;
	pm_strbuf_reset(&t->text);
	im->flushing = flushing;
}

/* Wait for the builder and finish its batch. */
static void take_back(struct pm_import *im)
{
	struct pm_link_builder *b = im->builder;

	if (!b)
		return;
	builder_wait(b);
	finish(im, &b->slot[b->cur]);
}

static void builder_free(struct pm_link_builder *b)
{
	size_t c;

	if (!b)
		return;
	for (c = 0; c < 2; c++) {
		free(b->slot[c].rows);
		pm_strbuf_release(&b->slot[c].text);
	}
	for (c = 0; c < PM_TABLE_MAXCOLS; c++)
		pm_strbuf_release(&b->norm[c]);
	free(b);
}

/*
 * Start the builder (once, on the first full batch): the map must hold
 * every person first, since the builder does not read the store. Without
 * a second processor, or when a thread cannot be had, the rows are
 * handled here as before (im->builder stays NULL).
 */
static void builder_start(struct pm_import *im)
{
	struct pm_link_builder *b;

	im->builder_tried = 1;
	if (pm_bulk_single_thread || sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	if (!im->people_complete &&
	    ((im->fatal = pm_import_store_ready(im)) < 0 || (im->fatal = load_people(im)) < 0))
		return;
	if (!(b = calloc(1, sizeof(*b))) ||
	    !(b->slot[0].rows = malloc(PM_IMPORT_BATCH * sizeof(*b->slot[0].rows))) ||
	    !(b->slot[1].rows = malloc(PM_IMPORT_BATCH * sizeof(*b->slot[1].rows)))) {
		builder_free(b);
		return;
	}
	if (pthread_mutex_init(&b->mu, NULL) != 0) {
		builder_free(b);
		return;
	}
	if (pthread_cond_init(&b->cv, NULL) != 0) {
		pthread_mutex_destroy(&b->mu);
		builder_free(b);
		return;
	}
	im->builder = b;
	if (pthread_create(&b->thread, NULL, builder_main, im) != 0) {
		pthread_cond_destroy(&b->cv);
		pthread_mutex_destroy(&b->mu);
		builder_free(b);
		im->builder = NULL;
	}
}

/*
 * Give the full batch to the builder. Its last batch is finished first
 * when it left rows to this thread (they come before the new batch's
 * problems), else while the builder works on the new one.
 */
static void hand_over(struct pm_import *im)
{
	struct pm_link_builder *b = im->builder;
	struct link_batch *last = &b->slot[b->cur], *next = &b->slot[!b->cur];
	struct pm_pending_link *rows;
	struct pm_strbuf text;

	builder_wait(b);
	if (last->n && (last->done < last->n || last->rc))
		finish(im, last);
	if (im->fatal || too_many_errors(im)) {   /* the rows read since are not looked at */
		im->npending = 0;
		pm_strbuf_reset(&im->ptext);
		return;
	}
	rows = next->rows;
	text = next->text;
	next->rows = im->pending;
	next->text = im->ptext;
	next->n = im->npending;
	next->file = im->nfile;
	im->pending = rows;
	im->ptext = text;
	im->npending = 0;
	pthread_mutex_lock(&b->mu);
	b->cur = !b->cur;
	b->busy = 1;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	finish(im, last);
}

/* Keep a checked link row for the builder or the next flush (a batch's rows share a file). */
void pm_bulk_link(struct pm_import *im, const char *const *vals, size_t line,
		      const int *colpos)
{
	struct pm_pending_link *p;
	size_t i;

	if (!im->pending && !(im->pending = malloc(PM_IMPORT_BATCH * sizeof(*im->pending)))) {
		im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
		return;
	}
	p = &im->pending[im->npending];
	p->line = line;
	p->plain = 1;
	for (i = 0; i < PM_TABLE_MAXCOLS; i++) {
		size_t len, bad;
		unsigned cp;
		p->colpos[i] = colpos[i];
		p->off[i] = -1;
		if (!vals[i])
			continue;
		/* the text checks here, the rest on the builder: the two threads' shares even out */
		len = strlen(vals[i]);
		if (!pm_utf8_valid(vals[i], len, &bad) || pm_text_forbidden(vals[i], &cp))
			p->plain = 0;
		p->off[i] = (long)im->ptext.len;
		if (pm_strbuf_add(&im->ptext, vals[i], len + 1) < 0) {
			im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
			return;
		}
	}
	if (++im->npending < pm_bulk_batch_rows)
		return;
	if (!im->builder_tried)
		builder_start(im);
	if (im->builder && !im->fatal)
		hand_over(im);
	else
		pm_bulk_flush_pending(im);
}

int pm_bulk_link_waiting(const struct pm_import *im)
{
	return im->npending || (im->builder && (im->builder->slot[0].n || im->builder->slot[1].n));
}

void pm_bulk_flush_pending(struct pm_import *im)
{
	im->flushing = 1;
	take_back(im);
	rows_here(im, im->pending, 0, im->npending, im->ptext.buf);
	im->npending = 0;
	pm_strbuf_reset(&im->ptext);
	im->flushing = 0;
}

/* Stop the builder thread (it is idle once its batch is taken back or dropped). */
static void builder_stop(struct pm_import *im)
{
	struct pm_link_builder *b = im->builder;

	if (!b)
		return;
	pthread_mutex_lock(&b->mu);
	while (b->busy)
		pthread_cond_wait(&b->cv, &b->mu);
	b->quit = 1;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->thread, NULL);
	pthread_cond_destroy(&b->cv);
	pthread_mutex_destroy(&b->mu);
	builder_free(b);
	im->builder = NULL;
}

void pm_bulk_links_read(struct pm_import *im)
{
	if (pm_bulk_link_waiting(im))
		pm_bulk_flush_pending(im);
	builder_stop(im);
}

void pm_bulk_free(struct pm_import *im)
{
	size_t i;

	builder_stop(im);
	pm_strmap_free(im->people);
	pm_strmap_free(im->orgs);
	pm_strmap_free(im->sources);
	for (i = 0; i < im->nsources; i++)
		free(im->source_names[i]);
	free(im->source_names);
	free(im->source_rank);
	free(im->links);
	pm_strbuf_release(&im->text);
	free(im->pending);
	pm_strbuf_release(&im->ptext);
	if (im->people_waiting)
		pm_strbuf_release(&im->people_waiting->text);
	free(im->people_waiting);
}
