/*
 * powermap — the corridor of a warm-path search: the people within
 * max_hops ties of the target(s), read person by person through the store's
 * indexed link cursor, never the whole network (see paths.c).
 */
#include <stdlib.h>
#include <string.h>
#include "powermap/idmap.h"
#include "powermap/kit.h"
#include "powermap/model.h"
#include "paths_internal.h"

/* The kinds of link that can carry an introduction (pm_relation_strength > 0). */
#define INTRO_KINDS (PM_LINK_BIT(PM_LINK_KNOWS) | PM_LINK_BIT(PM_LINK_INFLUENCES) | \
		     PM_LINK_BIT(PM_LINK_REPORTS_TO))

static unsigned intro_kinds(const struct pm_paths_opts *o)
{
	return o->no_chain ? INTRO_KINDS & ~PM_LINK_BIT(PM_LINK_REPORTS_TO) : INTRO_KINDS;
}

static int is_blocked(const struct pm_person *x)
{
	return x->stance_id == PM_STANCE_OPPONENT || x->role_id == PM_ROLE_BLOCKER;
}

static int grow_arrays(struct corridor *c, struct pm_error *err)
{
	if (c->v->n <= c->cap)
		return 0;
	size_t cap = c->cap ? 2 * c->cap : 256;
	while (cap < c->v->n)
		cap *= 2;
	unsigned char *f = realloc(c->flags, cap);
	int *d = f ? realloc(c->dist, cap * sizeof(*d)) : NULL;
	if (f)
		c->flags = f;
	if (!f || !d)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	c->dist = d;
	memset(c->flags + c->cap, 0, cap - c->cap);
	c->cap = cap;
	return 0;
}

/* Flags of a person reached by the corridor (not a start vertex). */
static unsigned classify(const struct corridor *c, const struct pm_person *x,
			 const struct pm_paths_opts *o)
{
	unsigned f = 0;

	if (x->ours && (c->from_id && c->from_ours ? x->id == c->from_id
						   : (o->via & pm_via_bit(x->org_kind)) != 0))
		f |= F_SOURCE;
	if (!x->ours && (o->allow_blockers || !is_blocked(x)))
		f |= F_INTER;
	return f;
}

/*
 * How a grower reacts to what one expansion finds: `reached` for every
 * neighbour w of u (is_new: just added to the view, classified, at distance
 * dist[u] + 1), `tie` for every tie to a usable neighbour (already pushed
 * into the view). Either may be NULL; a negative return stops the search.
 */
struct grower {
	int (*reached)(struct corridor *c, int u, int w, int is_new, void *ctx);
	int (*tie)(struct corridor *c, int u, int w, const struct pm_link_row *r, void *ctx);
	void *ctx;
};

/*
 * Our people are path starts only, never intermediaries: of the ties of one
 * person u to our people not yet in the corridor, only the strongest few
 * can start any of the k best paths through u (a weaker one is beaten by
 * each of them with the same rest of the path). A person tied to a million
 * of ours (a hub) then costs one read of their ties, not a million people
 * loaded. The first KEEP are taken as they come (the corridor is then what
 * it always was); later ones only when they beat the KEEP-th best so far.
 */
struct source_tie {
	struct pm_link_row row;
	char last_contact[11];
	char *source;
	double x;        /* effective strength of the tie */
	size_t order;    /* position among u's ties: materialized in read order */
};

#define MAX_KEEP 32

/* How many source ties per person to keep; 0: all (k too large to prune). */
static size_t sources_to_keep(const struct pm_paths_opts *o)
{
	size_t k = (o->k > 0 ? (size_t)o->k : 1) + 3;

	return k <= MAX_KEEP ? k : 0;
}

/*
 * What a tie from u to one of ours not yet in the corridor is: 1 a path
 * start (pruned to the strongest), -1 unusable (not a start under --via or
 * --from: never loaded), 0 not such a tie (anyone else, or already loaded).
 */
static int ours_tie(const struct corridor *c, const struct pm_link_row *r,
		    const struct pm_paths_opts *o)
{
	if (!pm_org_kind_is_ours(r->other_kind) || pm_view_vertex(c->v, r->dst) >= 0)
		return 0;
	if (c->from_id && c->from_ours)
		return r->dst == c->from_id ? 0 : -1;
	if (c->from_id && r->dst == c->from_id)
		return 0;
	return (o->via & pm_via_bit(r->other_kind)) ? 1 : -1;
}

/* Add w = r->dst to the corridor (or find it) and keep the tie u-w when w is usable. */
static int take_tie(struct corridor *c, struct pm_store *st, struct pm_idmap *seen, int u,
		    const struct pm_link_row *r, const struct pm_paths_opts *o,
		    const struct grower *g, struct pm_error *err)
{
	int rc, w, is_new = 0;

	if ((w = pm_view_vertex(c->v, r->dst)) < 0) {
		if ((rc = pm_view_add_person(c->v, st, r->dst, &w, err)) < 0 ||
		    (rc = grow_arrays(c, err)) < 0)
			return rc;
		c->flags[w] = (unsigned char)classify(c, &c->v->people[w], o);
		c->dist[w] = c->dist[u] + 1;
		is_new = 1;
	}
	if (g->reached && (rc = g->reached(c, u, w, is_new, g->ctx)) < 0)
		return rc;
	if (!(c->flags[w] & (F_SOURCE | F_INTER | F_START)))
		return 0;   /* unusable: no need to keep the tie */
	if (pm_idmap_put(seen, r->id, 1) < 0)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	/* as stored: a reporting line keeps who reports to whom */
	if ((rc = pm_view_push_tie(c->v, r->stored_dir ? u : w, r->stored_dir ? w : u, r, err)) < 0)
		return rc;
	if (g->tie && (rc = g->tie(c, u, w, r, g->ctx)) < 0)
		return rc;
	return 0;
}

static int by_order(const void *a, const void *b)
{
	const struct source_tie *x = a, *y = b;

	return (x->order > y->order) - (x->order < y->order);
}

/*
 * The memo of hubs' ties (pm_paths_opts.memo): for a person whose ties
 * number more than MEMO_MIN_TIES, the ties a search took from them (all but
 * the ours pruned away), replayed instead of read again. A replayed list
 * lacks only ties to our people that were beaten KEEP times at that person,
 * which no k best path needs.
 */
#define MEMO_MIN_TIES 2000

/* Ties read plainly before a person counts as a hub (re-read with org kinds). */
#define KINDS_AFTER 1000

/*
 * A tie kept: its date is copied here, and row.last_contact stays NULL
 * while kept (the rows grow by realloc: a pointer into a row would dangle);
 * replay points it at last_contact when has_contact.
 */
struct memo_row {
	struct pm_link_row row;
	char last_contact[11];
	int has_contact;
	char *source;
};

struct memo_entry {
	struct memo_row *rows;
	size_t n;
};

struct pm_corridor_memo {
	struct pm_idmap *index;     /* person id -> entry */
	struct memo_entry *e;
	size_t n, cap;
};

struct pm_corridor_memo *pm_corridor_memo_new(void)
{
	struct pm_corridor_memo *m = calloc(1, sizeof(*m));

	if (m && !(m->index = pm_idmap_new())) {
		free(m);
		return NULL;
	}
	return m;
}

static void rows_free(struct memo_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].source);
	free(r);
}

void pm_corridor_memo_free(struct pm_corridor_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		rows_free(m->e[i].rows, m->e[i].n);
	free(m->e);
	pm_idmap_free(m->index);
	free(m);
}

/* The kind name as a static string (rows outlive the cursor's text). */
static const char *static_kind(const char *kind)
{
	static const char *const kinds[] = { "own", "partner", "investor", "bank", "customer",
					     "other" };

	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i]))
			return kinds[i];
	return NULL;
}

/* Copy a tie into a row of its own (strings included). */
static int row_copy(struct memo_row *d, const struct pm_link_row *r)
{
	d->row = *r;
	snprintf(d->last_contact, sizeof(d->last_contact), "%s",
		 r->last_contact ? r->last_contact : "");
	d->has_contact = r->last_contact != NULL;
	d->row.last_contact = NULL;   /* set on replay: the row may move */
	d->source = r->source ? strdup(r->source) : NULL;
	d->row.source = d->source;
	d->row.other_kind = static_kind(r->other_kind);
	return r->source && !d->source ? PM_ENOMEM : 0;
}

/* The ties a search takes from one person, kept while they are read. */
struct taken {
	struct memo_row *rows;
	size_t n, cap;
	int oom;
};

static void taken_add(struct taken *t, const struct pm_link_row *r)
{
	if (t->oom || PM_GROW(t->rows, t->cap, t->n + 1) < 0 || row_copy(&t->rows[t->n], r) < 0) {
		t->oom = 1;
		return;
	}
	t->n++;
}

/* Keep what was taken from person `id` (which had `read` ties); frees t's rows otherwise. */
static void memo_keep(struct pm_corridor_memo *m, int64_t id, size_t read, struct taken *t)
{
	if (!m || t->oom || read <= MEMO_MIN_TIES || PM_GROW(m->e, m->cap, m->n + 1) < 0 ||
	    pm_idmap_put(m->index, id, (int)m->n) < 0) {
		rows_free(t->rows, t->n);
		return;
	}
	m->e[m->n].rows = t->rows;
	m->e[m->n].n = t->n;
	m->n++;
}

/* The one neighbour loop: read u's ties and grow the corridor by them. */
static int expand(struct corridor *c, struct pm_store *st, struct pm_link_cursor *cur,
		  struct pm_idmap *seen, int u, const struct pm_paths_opts *o,
		  const struct grower *g, struct pm_error *err)
{
	struct source_tie late[MAX_KEEP];
	double best[MAX_KEEP];      /* the KEEP strongest source ties so far, descending */
	size_t keep = sources_to_keep(o), nbest = 0, nlate = 0, nsrc = 0, order = 0, i, mi = 0;
	struct pm_corridor_memo *memo = o->memo;
	const struct memo_entry *me = NULL;
	struct taken tk = { NULL, 0, 0, 0 };
	struct pm_link_row row;
	int64_t id = c->v->people[u].id;
	int rc = 0, kind, at, kinded = 0;

	if (memo && (at = pm_idmap_get(memo->index, id)) >= 0) {
		me = &memo->e[at];
	} else if ((rc = pm_store_link_cursor_kinds(cur, 0, err)) < 0) {
		return rc;
	} else {
		pm_store_link_cursor_seek(cur, id, err);
	}
	for (;;) {
		if (me) {
			if (mi == me->n)
				break;
			const struct memo_row *mr = &me->rows[mi++];
			row = mr->row;
			row.last_contact = mr->has_contact ? mr->last_contact : NULL;
		} else if ((rc = pm_store_link_cursor_next(cur, &row, err)) <= 0) {
			break;
		}
		order++;
		/*
		 * Past KINDS_AFTER ties, a hub: read them again from the start, each
		 * with its other end's org kind, so that our side can be pruned (the
		 * ties taken so far are skipped as seen, or found in the corridor).
		 */
		if (!me && !kinded && keep && order > KINDS_AFTER) {
			kinded = 1;
			order = 0;
			rows_free(tk.rows, tk.n);
			memset(&tk, 0, sizeof(tk));
			if ((rc = pm_store_link_cursor_kinds(cur, 1, err)) < 0)
				goto out;
			pm_store_link_cursor_seek(cur, id, err);
			continue;
		}
		if ((kind = ours_tie(c, &row, o)) < 0)
			continue;
		if (pm_idmap_get(seen, row.id) >= 0) {
			if (memo && !me && kind == 0)
				taken_add(&tk, &row);
			continue;
		}
		if (kind == 0 || keep == 0) {
			if (memo && !me)
				taken_add(&tk, &row);
			if ((rc = take_tie(c, st, seen, u, &row, o, g, err)) < 0)
				goto out;
			continue;
		}
		double x = pm_relation_strength(c->p, row.kind, row.has_strength, row.strength,
						row.last_contact);
		if (++nsrc > keep && x <= best[keep - 1])
			continue;   /* KEEP others start paths through u at least as well */
		/* into the descending list of the best (the weakest drops out when full) */
		for (i = nbest < keep ? nbest++ : keep - 1; i > 0 && best[i - 1] < x; i--)
			best[i] = best[i - 1];
		best[i] = x;
		if (nsrc <= keep) {
			/* among the first KEEP: taken now, as always */
			if (memo && !me)
				taken_add(&tk, &row);
			if ((rc = take_tie(c, st, seen, u, &row, o, g, err)) < 0)
				goto out;
			continue;
		}
		/* a later, stronger one: held until u's ties are all read */
		struct source_tie *t = NULL;
		if (nlate < keep) {
			t = &late[nlate++];
		} else {
			for (i = 0; i < nlate; i++)   /* replaces the weakest held */
				if (!t || late[i].x < t->x)
					t = &late[i];
			free(t->source);
		}
		t->row = row;
		t->x = x;
		t->order = order;
		snprintf(t->last_contact, sizeof(t->last_contact), "%s",
			 row.last_contact ? row.last_contact : "");
		t->row.last_contact = row.last_contact ? t->last_contact : NULL;
		t->source = row.source ? strdup(row.source) : NULL;
		t->row.source = t->source;
		t->row.other_kind = static_kind(row.other_kind);
		if (row.source && !t->source) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (rc < 0)
		goto out;
	/* the held ties still among the KEEP best, in the order they were read */
	qsort(late, nlate, sizeof(late[0]), by_order);
	for (i = 0; i < nlate && rc >= 0; i++)
		if (late[i].x >= best[nbest - 1]) {
			if (memo && !me)
				taken_add(&tk, &late[i].row);
			rc = take_tie(c, st, seen, u, &late[i].row, o, g, err);
		}
out:
	for (i = 0; i < nlate; i++)
		free(late[i].source);
	if (memo && !me && rc >= 0)
		memo_keep(memo, id, order, &tk);
	else
		rows_free(tk.rows, tk.n);
	return rc < 0 ? rc : 0;
}

/* Breadth first: a FIFO of the vertices to expand. */
struct bfs {
	int *queue;
	size_t head, tail, cap;
	struct pm_error *err;
};

static int bfs_reached(struct corridor *c, int u, int w, int is_new, void *ctx)
{
	struct bfs *b = ctx;

	(void)c;
	(void)u;
	if (!is_new)
		return 0;
	if (PM_GROW(b->queue, b->cap, b->tail + 1) < 0)
		return pm_error_set(b->err, PM_ENOMEM, "out of memory");
	b->queue[b->tail++] = w;
	return 0;
}

int pm_corridor_grow(struct corridor *c, struct pm_store *st, int max_hops,
		     const struct pm_paths_opts *o, struct pm_error *err)
{
	struct pm_link_cursor *cur = NULL;
	struct pm_idmap *seen = pm_idmap_new();
	struct bfs b = { NULL, 0, 0, 0, err };
	struct grower g = { bfs_reached, NULL, &b };
	size_t i;
	int rc = 0;

	if (!seen)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = grow_arrays(c, err)) < 0 ||
	    (rc = pm_store_link_cursor_open(st, intro_kinds(o), &cur, err)) < 0)
		goto out;
	for (i = 0; i < c->v->n; i++) {
		c->flags[i] = (unsigned char)(classify(c, &c->v->people[i], o) | F_START);
		c->dist[i] = 0;
		if ((rc = bfs_reached(c, -1, (int)i, 1, &b)) < 0)
			goto out;
	}
	while (b.head < b.tail) {
		int u = b.queue[b.head++];
		if (c->dist[u] >= max_hops || !(c->flags[u] & (F_START | F_INTER)))
			continue;
		if ((rc = expand(c, st, cur, seen, u, o, &g, err)) < 0)
			goto out;
	}
out:
	pm_store_link_cursor_close(cur);
	pm_idmap_free(seen);
	free(b.queue);
	return rc;
}

/* Best first: per vertex the best product by which it reaches the target. */
struct best_first {
	const struct pm_params *p;
	struct pm_heap heap;
	double *best;
	unsigned char *done;
	size_t cap;
	struct pm_error *err;
};

/* best[] and done[] as long as the view. */
static int bf_grow(struct best_first *b, size_t n)
{
	size_t old = b->cap, cap = b->cap;
	double *nb;
	unsigned char *nd;

	if (n <= b->cap)
		return 0;
	cap = cap ? cap : 1024;
	while (cap < n)
		cap *= 2;
	if (!(nb = realloc(b->best, cap * sizeof(*nb))))
		return pm_error_set(b->err, PM_ENOMEM, "out of memory");
	b->best = nb;
	if (!(nd = realloc(b->done, cap)))
		return pm_error_set(b->err, PM_ENOMEM, "out of memory");
	b->done = nd;
	memset(b->best + old, 0, (cap - old) * sizeof(*b->best));
	memset(b->done + old, 0, cap - old);
	b->cap = cap;
	return 0;
}

static int bf_reached(struct corridor *c, int u, int w, int is_new, void *ctx)
{
	struct best_first *b = ctx;

	if (is_new)
		return bf_grow(b, c->v->n);
	if (c->dist[u] + 1 < c->dist[w]) {
		c->dist[w] = c->dist[u] + 1;
		if (b->done[w] && c->dist[w] < b->p->max_hops && (c->flags[w] & F_INTER)) {
			b->done[w] = 0;   /* now near enough to expand */
			if (pm_heap_push(&b->heap, b->best[w], w) < 0)
				return pm_error_set(b->err, PM_ENOMEM, "out of memory");
		}
	}
	return 0;
}

static int bf_tie(struct corridor *c, int u, int w, const struct pm_link_row *r, void *ctx)
{
	struct best_first *b = ctx;
	double x = pm_relation_strength(b->p, r->kind, r->has_strength, r->strength,
					r->last_contact) * b->best[u] * b->p->hop_discount;

	(void)c;
	if (x > b->best[w]) {
		b->best[w] = x;
		if (!b->done[w] && pm_heap_push(&b->heap, x, w) < 0)
			return pm_error_set(b->err, PM_ENOMEM, "out of memory");
	}
	return 0;
}

/*
 * The corridor of one target, grown best first: people are expanded in
 * descending order of the best product (strengths * d per tie) by which they
 * could reach the target, an upper bound on any path through them. Growth
 * stops once `need` possible introducers have been reached; *tau is then the
 * bound of the last person expanded. Every path scoring above tau (times d)
 * lies wholly inside the corridor, since each of its people reaches the
 * target at least that well; the caller widens the corridor when the k best
 * do not all score above it. *tau = 0 when everything within reach was read.
 */
int pm_corridor_best_first(struct corridor *c, struct pm_store *st,
			   const struct pm_params *p, const struct pm_paths_opts *o,
			   size_t need, double *tau, struct pm_error *err)
{
	struct pm_link_cursor *cur = NULL;
	struct pm_idmap *seen = pm_idmap_new();
	struct best_first b = { p, { NULL, 0, 0, 0, 0 }, NULL, NULL, 0, err };
	struct grower g = { bf_reached, bf_tie, &b };
	size_t nsrc = 0;
	int rc = 0;

	*tau = 0;
	if (!seen)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = grow_arrays(c, err)) < 0 || (rc = bf_grow(&b, c->v->n)) < 0 ||
	    (rc = pm_store_link_cursor_open(st, intro_kinds(o), &cur, err)) < 0)
		goto out;
	c->flags[0] = (unsigned char)(classify(c, &c->v->people[0], o) | F_START);
	c->dist[0] = 0;
	b.best[0] = 1;
	if (pm_heap_push(&b.heap, 1, 0) < 0) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	while (b.heap.n) {
		struct pm_heap_item it = pm_heap_pop(&b.heap);
		int u = it.val;
		if (it.key < b.best[u] || b.done[u])
			continue;
		b.done[u] = 1;
		if (u != 0 && (c->flags[u] & F_SOURCE) && ++nsrc >= need) {
			*tau = it.key;
			break;
		}
		if (c->dist[u] >= p->max_hops || (u != 0 && !(c->flags[u] & F_INTER)))
			continue;
		if ((rc = expand(c, st, cur, seen, u, o, &g, err)) < 0)
			goto out;
	}
out:
	pm_store_link_cursor_close(cur);
	pm_idmap_free(seen);
	pm_heap_free(&b.heap);
	free(b.best);
	free(b.done);
	return rc;
}

int pm_corridor_graph(struct graph *gr, const struct corridor *c, const struct pm_params *p,
		       struct pm_error *err)
{
	int rc = pm_view_relationship(c->v, p, &gr->g, &gr->s, &gr->tie_of, err);
	igraph_error_t e;

	if (rc < 0)
		return rc;
	e = igraph_lazy_inclist_init(&gr->g, &gr->inc, IGRAPH_ALL, IGRAPH_LOOPS_TWICE);
	if (e) {
		igraph_vector_destroy(&gr->s);
		igraph_destroy(&gr->g);
		free(gr->tie_of);
		return pm_igraph_error(e, "path search", err);
	}
	gr->built = 1;
	return 0;
}

static void graph_free(struct graph *gr)
{
	if (!gr->built)
		return;
	igraph_lazy_inclist_destroy(&gr->inc);
	igraph_vector_destroy(&gr->s);
	igraph_destroy(&gr->g);
	free(gr->tie_of);
	gr->built = 0;
}

void pm_corridor_release(struct corridor *c, struct graph *gr)
{
	graph_free(gr);
	free(c->flags);
	free(c->dist);
	c->flags = NULL;
	c->dist = NULL;
	c->cap = 0;
}

