/*
 * powermap — the exact k-best search inside a corridor (see paths.c): a
 * hop-bounded upper bound g, then best-first search over partial simple
 * paths ordered by (product so far) * g(last, hops left); and the one heap.
 */
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "paths_internal.h"

/* a before b in the heap: larger key, then pushed earlier */
static int heap_before(const struct pm_heap_item *a, const struct pm_heap_item *b)
{
	return a->key > b->key || (a->key == b->key && a->seq < b->seq);
}

int pm_heap_push(struct pm_heap *h, double key, int val)
{
	struct pm_heap_item x = { key, h->fifo ? h->seq++ : 0, val };
	size_t i;

	if (PM_GROW(h->a, h->cap, h->n + 1) < 0)
		return PM_ENOMEM;
	for (i = h->n++; i > 0 && heap_before(&x, &h->a[(i - 1) / 2]); i = (i - 1) / 2)
		h->a[i] = h->a[(i - 1) / 2];
	h->a[i] = x;
	return 0;
}

struct pm_heap_item pm_heap_pop(struct pm_heap *h)
{
	struct pm_heap_item top = h->a[0], last = h->a[--h->n];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < h->n) {
		if (c + 1 < h->n && heap_before(&h->a[c + 1], &h->a[c]))
			c++;
		if (!heap_before(&h->a[c], &last))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (h->n)
		h->a[i] = last;
	return top;
}

void pm_heap_free(struct pm_heap *h)
{
	free(h->a);
	h->a = NULL;
	h->n = h->cap = 0;
}

/* g[h * n + v]: see the header comment. */
static double *bound_to(struct graph *gr, const struct corridor *c, int target, int H,
			double d)
{
	size_t n = c->v->n;
	double *g = calloc((size_t)(H + 1) * n, sizeof(*g));
	int h;
	size_t v;

	if (!g)
		return NULL;
	g[target] = 1;
	for (h = 1; h <= H; h++) {
		double *cur = g + (size_t)h * n, *prev = g + (size_t)(h - 1) * n;
		memcpy(cur, prev, n * sizeof(*g));
		for (v = 0; v < n; v++) {
			/* extend from u (the target, or an intermediary) back to v */
			igraph_vector_int_t *inc;
			igraph_integer_t j;
			if (!(prev[v] > 0) || ((int)v != target && !(c->flags[v] & F_INTER)))
				continue;
			inc = igraph_lazy_inclist_get(&gr->inc, (igraph_integer_t)v);
			for (j = 0; inc && j < igraph_vector_int_size(inc); j++) {
				igraph_integer_t e = VECTOR(*inc)[j];
				int w = (int)IGRAPH_OTHER(&gr->g, e, (igraph_integer_t)v);
				double x = VECTOR(gr->s)[e] * d * prev[v];
				if (x > cur[w])
					cur[w] = x;
			}
		}
	}
	return g;
}

/* Search states: a partial path from a source, linked to its parent. */
struct state {
	int node, parent, hops, edge;  /* edge used to reach node, -1 at the source */
	double prod;                   /* product of strengths * d^hops */
};

static int on_path(const struct state *st, int s, int node)
{
	for (; s >= 0; s = st[s].parent)
		if (st[s].node == node)
			return 1;
	return 0;
}

static void to_path(const struct state *st, int s, const struct graph *gr, double d,
		    struct pm_path *out)
{
	int chain[9], n = 0, i;

	for (; s >= 0 && n < 9; s = st[s].parent)
		chain[n++] = s;
	out->len = n;
	for (i = 0; i < n; i++) {
		const struct state *x = &st[chain[n - 1 - i]];
		out->nodes[i] = x->node;
		if (i > 0) {
			out->tie[i - 1] = gr->tie_of[x->edge];
			out->s_eff[i - 1] = VECTOR(gr->s)[x->edge];
		}
	}
	out->score = st[chain[0]].prod / d;
}

#define MAX_EXPANSIONS 2000000

/* One search: its states, heap, bound and what it found. */
struct search {
	const struct corridor *c;
	const double *g;          /* bound_to */
	int H;
	struct state *st;
	size_t nst, cst;
	struct pm_heap heap;
};

/* A new state, queued by its priority prod * g(node, hops left). 0 or PM_ENOMEM. */
static int new_state(struct search *s, int node, int parent, int hops, int edge, double prod)
{
	if (PM_GROW(s->st, s->cst, s->nst + 1) < 0)
		return PM_ENOMEM;
	s->st[s->nst] = (struct state){ node, parent, hops, edge, prod };
	if (pm_heap_push(&s->heap, prod * s->g[(size_t)(s->H - hops) * s->c->v->n + (size_t)node],
			 (int)s->nst) < 0)
		return PM_ENOMEM;
	s->nst++;
	return 0;
}

/* Queue the one-tie extensions of state x to allowed, unvisited people. */
static int extend(struct search *s, struct graph *gr, int x, int target, double d)
{
	const struct corridor *c = s->c;
	struct state cur = s->st[x];
	igraph_vector_int_t *inc = igraph_lazy_inclist_get(&gr->inc, cur.node);
	igraph_integer_t j;

	for (j = 0; inc && j < igraph_vector_int_size(inc); j++) {
		igraph_integer_t e = VECTOR(*inc)[j];
		int w = (int)IGRAPH_OTHER(&gr->g, e, cur.node);
		double prod;
		if (w != target && !(c->flags[w] & F_INTER))
			continue;
		if (on_path(s->st, x, w))
			continue;
		prod = cur.prod * VECTOR(gr->s)[e] * d;
		if (!(prod * s->g[(size_t)(s->H - cur.hops - 1) * c->v->n + (size_t)w] > 0))
			continue;
		if (new_state(s, w, x, cur.hops + 1, (int)e, prod) < 0)
			return PM_ENOMEM;
	}
	return 0;
}

/* Paths found, best first: deferred ones (a used introducer) fill up to k. */
static void fill_from_deferred(struct pm_paths *res, const struct pm_path *defer,
			       size_t ndefer, const struct pm_paths_opts *o)
{
	size_t a, b;

	for (a = 0; a < ndefer && res->n < (size_t)o->k; a++)
		res->paths[res->n++] = defer[a];
	if (!o->diversity || res->n < 2)
		return;
	/* keep best-first order after filling */
	for (a = 1; a < res->n; a++)
		for (b = a; b > 0 && res->paths[b].score > res->paths[b - 1].score; b--) {
			struct pm_path t = res->paths[b];
			res->paths[b] = res->paths[b - 1];
			res->paths[b - 1] = t;
		}
}

int pm_path_search(struct graph *gr, const struct corridor *c, int target,
		   const struct pm_params *p, const struct pm_paths_opts *o,
		   struct pm_paths *res, struct pm_error *err)
{
	const double d = p->hop_discount;
	struct search s = { c, NULL, p->max_hops, NULL, 0, 0, { NULL, 0, 0, 0, 1 } };
	size_t v, ndefer = 0, found = 0;
	struct pm_path *defer = calloc((size_t)o->k, sizeof(*defer));
	unsigned char *used = calloc(c->v->n + 1, 1);
	double *g = bound_to(gr, c, target, s.H, d);
	int rc = 0, must = -1;

	s.g = g;
	res->paths = calloc((size_t)o->k, sizeof(*res->paths));
	if (!used || !g || !res->paths || !defer)
		goto nomem;
	if (c->from_id && !c->from_ours && (must = pm_view_vertex(c->v, c->from_id)) < 0)
		goto out;   /* the insider to pass through is out of reach */
	for (v = 0; v < c->v->n; v++) {
		if (!(c->flags[v] & F_SOURCE) || (int)v == target)
			continue;
		res->nsources++;
		if (g[(size_t)s.H * c->v->n + v] > 0 && new_state(&s, (int)v, -1, 0, -1, 1.0) < 0)
			goto nomem;
	}
	while (s.heap.n && res->n < (size_t)o->k) {
		int x = pm_heap_pop(&s.heap).val, intro, up;
		const struct state *cur = &s.st[x];

		if (cur->node == target) {
			if (must >= 0 && !on_path(s.st, x, must))
				continue;
			/* the introducer: the one after ours, or ours on a direct tie */
			for (intro = x, up = -1; s.st[intro].parent >= 0; intro = s.st[intro].parent)
				up = intro;
			intro = s.st[up >= 0 && s.st[up].node != target ? up : intro].node;
			found++;
			if (!o->diversity || !used[intro]) {
				to_path(s.st, x, gr, d, &res->paths[res->n++]);
				used[intro] = 1;
			} else if (ndefer < (size_t)o->k) {
				to_path(s.st, x, gr, d, &defer[ndefer++]);
			}
			if (found >= (size_t)o->k * 50)
				break;   /* enough alternatives seen: fill from the deferred */
			continue;
		}
		if (++res->expanded > MAX_EXPANSIONS)
			break;
		if (cur->hops >= s.H || (cur->hops > 0 && !(c->flags[cur->node] & F_INTER)))
			continue;
		if (extend(&s, gr, x, target, d) < 0)
			goto nomem;
	}
	fill_from_deferred(res, defer, ndefer, o);
	goto out;
nomem:
	rc = pm_error_set(err, PM_ENOMEM, "out of memory");
out:
	pm_heap_free(&s.heap);
	free(s.st);
	free(used);
	free(g);
	free(defer);
	return rc;
}
