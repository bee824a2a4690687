/*
 * powermap — warm referral paths (DESIGN §6 paths) and reach.
 *
 * 1. Corridor: a breadth-first search from the target(s) over knows and
 *    reports_to links, through indexed lookups, to max_hops ties. Our own
 *    people and customer supporters found on the way are possible
 *    introducers (sources); our own people are never expanded (a path starts
 *    at the last of ours on it); opponents and blockers are left out unless
 *    allowed. Only the corridor is read, never the whole network.
 * 2. Bound: g(v, h) = best product of effective strengths times hop_discount
 *    per hop over walks of at most h ties from v to the target through
 *    allowed intermediaries (a hop-bounded Bellman-Ford). The best walk is
 *    never better than the best simple path, so g is an exact upper bound.
 * 3. Search: best-first over partial simple paths from every source, ordered
 *    by (product so far) * g(last, hops left). Complete paths come out in
 *    exactly descending score; the first k (with a different introducer each
 *    when diversity is on) are the answer.
 * score = product of s_eff * hop_discount^(hops - 1): a direct tie is not
 * discounted, each introduction on the way is.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/idmap.h"
#include "powermap/model.h"

#define F_SOURCE 1u
#define F_INTER 2u     /* may be an intermediary */
#define F_START 4u     /* a target the corridor grew from */

void pm_paths_opts_default(struct pm_paths_opts *o)
{
	o->k = 3;
	o->via = PM_VIA_ALL;
	o->from = NULL;
	o->allow_blockers = 0;
	o->diversity = 1;
}

int pm_via_parse(const char *list, unsigned *via, struct pm_error *err)
{
	static const struct { const char *word; unsigned bit; } words[] = {
		{ "staff", PM_VIA_STAFF }, { "own", PM_VIA_STAFF },
		{ "partner", PM_VIA_PARTNER }, { "investor", PM_VIA_INVESTOR },
		{ "bank", PM_VIA_BANK }, { "customer", PM_VIA_CUSTOMER },
	};
	char buf[256], *tok, *save = NULL;
	size_t i;

	*via = 0;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strcmp(tok, words[i].word))
				break;
		if (i == sizeof(words) / sizeof(words[0]))
			return pm_error_set(err, PM_EINVAL,
					    "unknown introducer kind '%s' (staff, partner, "
					    "investor, bank, customer)", tok);
		*via |= words[i].bit;
	}
	if (!*via)
		return pm_error_set(err, PM_EINVAL, "--via names no introducer kind");
	return 0;
}

const char *pm_outbound_channel(const struct pm_person *p)
{
	if (p->email && *p->email)
		return "email";
	if (p->url && *p->url)
		return "dm";
	return "phone";
}

static unsigned via_bit(const char *kind)
{
	if (!kind)
		return 0;
	if (!strcmp(kind, "own")) return PM_VIA_STAFF;
	if (!strcmp(kind, "partner")) return PM_VIA_PARTNER;
	if (!strcmp(kind, "investor")) return PM_VIA_INVESTOR;
	if (!strcmp(kind, "bank")) return PM_VIA_BANK;
	return 0;
}

static int is_blocked(const struct pm_person *x)
{
	return x->stance_id == PM_STANCE_OPPONENT || x->role_id == PM_ROLE_BLOCKER;
}

static int is_supporter(const struct pm_person *x)
{
	return x->stance_id == PM_STANCE_CHAMPION || x->stance_id == PM_STANCE_SUPPORTER;
}

/* The search space: a view with per-vertex flags and BFS distances. */
struct corridor {
	struct pm_view *v;
	unsigned char *flags;
	int *dist;
	size_t cap;
	int64_t from_id;          /* --from person, or 0 */
};

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

	if (c->from_id) {
		if (x->id == c->from_id)
			f |= F_SOURCE;
	} else if (x->ours) {
		if (o->via & via_bit(x->org_kind))
			f |= F_SOURCE;
	} else if ((o->via & PM_VIA_CUSTOMER) && x->org_kind &&
		   !strcmp(x->org_kind, "customer") && is_supporter(x)) {
		f |= F_SOURCE;
	}
	if (!x->ours && (o->allow_blockers || !is_blocked(x)))
		f |= F_INTER;
	return f;
}

/* The kinds of link that can carry an introduction (pm_relation_strength > 0). */
#define INTRO_KINDS (PM_LINK_BIT(PM_LINK_KNOWS) | PM_LINK_BIT(PM_LINK_REPORTS_TO))

/*
 * Grow the corridor from the start vertices (already in c->v) to max_hops
 * ties, loading the ties it crosses.
 */
static int corridor_grow(struct corridor *c, struct pm_store *st, int max_hops,
			 const struct pm_paths_opts *o, struct pm_error *err)
{
	struct pm_link_cursor *cur = NULL;
	struct pm_link_row row;
	struct pm_idmap *seen = pm_idmap_new();
	int *queue = NULL;
	size_t head = 0, tail = 0, qcap = 0, i;
	int rc = 0;

	if (!seen)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = grow_arrays(c, err)) < 0)
		goto out;
	if ((rc = pm_store_link_cursor_open(st, INTRO_KINDS, &cur, err)) < 0)
		goto out;
	qcap = c->v->n + 64;
	if (!(queue = malloc(qcap * sizeof(*queue)))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < c->v->n; i++) {
		c->flags[i] = (unsigned char)(classify(c, &c->v->people[i], o) | F_START);
		c->dist[i] = 0;
		queue[tail++] = (int)i;
	}
	while (head < tail) {
		int u = queue[head++];
		if (c->dist[u] >= max_hops || !(c->flags[u] & (F_START | F_INTER)))
			continue;
		pm_store_link_cursor_seek(cur, c->v->people[u].id, err);
		while ((rc = pm_store_link_cursor_next(cur, &row, err)) > 0) {
			int64_t lid = row.id;
			int64_t pid = row.dst;
			int w = pm_view_vertex(c->v, pid);
			if (pm_idmap_get(seen, lid) >= 0)
				continue;
			if (w < 0) {
				unsigned f;
				if ((rc = pm_view_add_person(c->v, st, pid, &w, err)) < 0 ||
				    (rc = grow_arrays(c, err)) < 0)
					goto out;
				f = classify(c, &c->v->people[w], o);
				c->flags[w] = (unsigned char)f;
				c->dist[w] = c->dist[u] + 1;
				if (tail == qcap) {
					int *nq = realloc(queue, (qcap *= 2) * sizeof(*nq));
					if (!nq) {
						rc = pm_error_set(err, PM_ENOMEM, "out of memory");
						goto out;
					}
					queue = nq;
				}
				queue[tail++] = w;
			}
			if (!(c->flags[w] & (F_SOURCE | F_INTER | F_START)))
				continue;   /* unusable: no need to keep the tie */
			if (pm_idmap_put(seen, lid, 1) < 0 ||
			    (rc = pm_view_push_tie(c->v, u, w, &row, err)) < 0) {
				if (rc == 0)
					rc = pm_error_set(err, PM_ENOMEM, "out of memory");
				goto out;
			}
		}
		if (rc < 0)
			goto out;
	}
out:
	pm_store_link_cursor_close(cur);
	pm_idmap_free(seen);
	free(queue);
	return rc;
}

/* A max-heap of (score, vertex) for the best-first corridor. */
struct sheap {
	double *s;
	int *v;
	size_t n, cap;
};

static int sheap_push(struct sheap *h, double s, int v)
{
	size_t i;

	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 1024;
		double *ns = realloc(h->s, cap * sizeof(*ns));
		int *nv = ns ? realloc(h->v, cap * sizeof(*nv)) : NULL;
		if (ns)
			h->s = ns;
		if (!nv)
			return PM_ENOMEM;
		h->v = nv;
		h->cap = cap;
	}
	for (i = h->n++; i > 0 && h->s[(i - 1) / 2] < s; i = (i - 1) / 2) {
		h->s[i] = h->s[(i - 1) / 2];
		h->v[i] = h->v[(i - 1) / 2];
	}
	h->s[i] = s;
	h->v[i] = v;
	return 0;
}

static void sheap_pop(struct sheap *h, double *s, int *v)
{
	double ls = h->s[--h->n];
	int lv = h->v[h->n];
	size_t i = 0, c;

	*s = h->s[0];
	*v = h->v[0];
	while ((c = 2 * i + 1) < h->n) {
		if (c + 1 < h->n && h->s[c + 1] > h->s[c])
			c++;
		if (h->s[c] <= ls)
			break;
		h->s[i] = h->s[c];
		h->v[i] = h->v[c];
		i = c;
	}
	h->s[i] = ls;
	h->v[i] = lv;
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
static int corridor_best_first(struct corridor *c, struct pm_store *st,
			       const struct pm_params *p, const struct pm_paths_opts *o,
			       size_t need, double *tau, struct pm_error *err)
{
	struct pm_link_cursor *cur = NULL;
	struct pm_link_row row;
	struct pm_idmap *seen = pm_idmap_new();
	struct sheap h = { NULL, NULL, 0, 0 };
	double *best = NULL;
	unsigned char *done = NULL;
	size_t bcap = 0, nsrc = 0;
	int rc = 0;

	*tau = 0;
	if (!seen)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = grow_arrays(c, err)) < 0)
		goto out;
	if ((rc = pm_store_link_cursor_open(st, INTRO_KINDS, &cur, err)) < 0)
		goto out;
#define GROW_BEST()                                                                   \
	do {                                                                          \
		if (c->v->n > bcap) {                                                 \
			size_t nc = bcap ? 2 * bcap : 1024;                           \
			while (nc < c->v->n)                                          \
				nc *= 2;                                              \
			double *nb = realloc(best, nc * sizeof(*nb));                 \
			unsigned char *nd = nb ? realloc(done, nc) : NULL;           \
			if (nb)                                                       \
				best = nb;                                            \
			if (!nd)                                                      \
				goto nomem;                                           \
			done = nd;                                                    \
			memset(best + bcap, 0, (nc - bcap) * sizeof(*best));          \
			memset(done + bcap, 0, nc - bcap);                            \
			bcap = nc;                                                    \
		}                                                                     \
	} while (0)
	GROW_BEST();
	c->flags[0] = (unsigned char)(classify(c, &c->v->people[0], o) | F_START);
	c->dist[0] = 0;
	best[0] = 1;
	if (sheap_push(&h, 1, 0) < 0)
		goto nomem;
	while (h.n) {
		double sc;
		int u;
		sheap_pop(&h, &sc, &u);
		if (sc < best[u] || done[u])
			continue;
		done[u] = 1;
		if (u != 0 && (c->flags[u] & F_SOURCE) && ++nsrc >= need) {
			*tau = sc;
			break;
		}
		if (c->dist[u] >= p->max_hops || (u != 0 && !(c->flags[u] & F_INTER)))
			continue;
		pm_store_link_cursor_seek(cur, c->v->people[u].id, err);
		while ((rc = pm_store_link_cursor_next(cur, &row, err)) > 0) {
			int64_t lid = row.id;
			int64_t pid = row.dst;
			int w;
			double x;
			if (pm_idmap_get(seen, lid) >= 0)
				continue;
			if ((w = pm_view_vertex(c->v, pid)) < 0) {
				if ((rc = pm_view_add_person(c->v, st, pid, &w, err)) < 0 ||
				    (rc = grow_arrays(c, err)) < 0)
					goto out;
				GROW_BEST();
				c->flags[w] = (unsigned char)classify(c, &c->v->people[w], o);
				c->dist[w] = c->dist[u] + 1;
			} else if (c->dist[u] + 1 < c->dist[w]) {
				c->dist[w] = c->dist[u] + 1;
				if (done[w] && c->dist[w] < p->max_hops && (c->flags[w] & F_INTER)) {
					done[w] = 0;   /* now near enough to expand */
					if (sheap_push(&h, best[w], w) < 0)
						goto nomem;
				}
			}
			if (!(c->flags[w] & (F_SOURCE | F_INTER | F_START)))
				continue;
			if (pm_idmap_put(seen, lid, 1) < 0)
				goto nomem;
			if ((rc = pm_view_push_tie(c->v, u, w, &row, err)) < 0)
				goto out;
			x = pm_relation_strength(p, row.kind, row.has_strength, row.strength,
						 row.last_contact);
			x *= sc * p->hop_discount;
			if (x > best[w]) {
				best[w] = x;
				if (!done[w] && sheap_push(&h, x, w) < 0)
					goto nomem;
			}
		}
		if (rc < 0)
			goto out;
	}
#undef GROW_BEST
	goto out;
nomem:
	rc = pm_error_set(err, PM_ENOMEM, "out of memory");
out:
	pm_store_link_cursor_close(cur);
	pm_idmap_free(seen);
	free(h.s);
	free(h.v);
	free(best);
	free(done);
	return rc;
}

/* The corridor as an adjacency structure with effective strengths. */
struct graph {
	igraph_t g;
	igraph_vector_t s;          /* effective strength per edge */
	int *tie_of;                /* edge -> index in view->ties */
	igraph_lazy_inclist_t inc;
	int built;
};

static int graph_build(struct graph *gr, const struct corridor *c, const struct pm_params *p,
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

/* Free the corridor's arrays and its graph. */
static void corridor_release(struct corridor *c, struct graph *gr)
{
	graph_free(gr);
	free(c->flags);
	free(c->dist);
	c->flags = NULL;
	c->dist = NULL;
	c->cap = 0;
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
	double prio;
	long seq;
};

struct heap {
	int *a;           /* state indexes */
	size_t n, cap;
	struct state *st;
};

static int heap_less(const struct heap *h, int x, int y)
{
	const struct state *a = &h->st[x], *b = &h->st[y];

	if (a->prio != b->prio)
		return a->prio > b->prio;
	return a->seq < b->seq;
}

static int heap_push(struct heap *h, int x)
{
	size_t i;

	if (h->n == h->cap) {
		int *na = realloc(h->a, (h->cap = h->cap ? 2 * h->cap : 1024) * sizeof(*na));
		if (!na)
			return PM_ENOMEM;
		h->a = na;
	}
	i = h->n++;
	h->a[i] = x;
	while (i > 0 && heap_less(h, h->a[i], h->a[(i - 1) / 2])) {
		int t = h->a[i];
		h->a[i] = h->a[(i - 1) / 2];
		h->a[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
	return 0;
}

static int heap_pop(struct heap *h)
{
	int top = h->a[0];
	size_t i = 0;

	h->a[0] = h->a[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && heap_less(h, h->a[l], h->a[m]))
			m = l;
		if (r < h->n && heap_less(h, h->a[r], h->a[m]))
			m = r;
		if (m == i)
			break;
		int t = h->a[i];
		h->a[i] = h->a[m];
		h->a[m] = t;
		i = m;
	}
	return top;
}

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

/* Best-first search for the k best paths to target (see the header comment). */
static int search(struct graph *gr, const struct corridor *c, int target,
		  const struct pm_params *p, const struct pm_paths_opts *o,
		  struct pm_paths *res, struct pm_error *err)
{
	const int H = p->max_hops;
	const double d = p->hop_discount;
	struct heap h = { NULL, 0, 0, NULL };
	struct state *st = NULL;
	size_t nst = 0, cst = 0, v, ndefer = 0, found = 0;
	struct pm_path *defer = NULL;
	unsigned char *used = calloc(c->v->n + 1, 1);
	double *g = bound_to(gr, c, target, H, d);
	long seq = 0;
	int rc = 0;

	res->paths = calloc((size_t)o->k, sizeof(*res->paths));
	defer = calloc((size_t)o->k, sizeof(*defer));
	if (!used || !g || !res->paths || !defer)
		goto nomem;
#define NEW_STATE(node_, parent_, hops_, edge_, prod_)                                  \
	do {                                                                          \
		if (nst == cst) {                                                     \
			struct state *ns_ = realloc(st, (cst = cst ? 2 * cst : 1024) * sizeof(*st)); \
			if (!ns_)                                                     \
				goto nomem;                                           \
			st = h.st = ns_;                                              \
		}                                                                     \
		st[nst] = (struct state){ node_, parent_, hops_, edge_, prod_,       \
					  (prod_) * g[(size_t)(H - (hops_)) * c->v->n + (node_)], seq++ }; \
		if (heap_push(&h, (int)nst++) < 0)                                    \
			goto nomem;                                                   \
	} while (0)
	for (v = 0; v < c->v->n; v++) {
		if (!(c->flags[v] & F_SOURCE) || (int)v == target)
			continue;
		res->nsources++;
		if (g[(size_t)H * c->v->n + v] > 0)
			NEW_STATE((int)v, -1, 0, -1, 1.0);
	}
	while (h.n && res->n < (size_t)o->k) {
		int x = heap_pop(&h);
		struct state cur = st[x];
		igraph_vector_int_t *inc;
		igraph_integer_t j;

		if (cur.node == target) {
			int s = x, intro;
			while (st[s].parent >= 0)
				s = st[s].parent;
			intro = st[s].node;
			found++;
			if (!o->diversity || !used[intro]) {
				to_path(st, x, gr, d, &res->paths[res->n++]);
				used[intro] = 1;
			} else if (ndefer < (size_t)o->k) {
				to_path(st, x, gr, d, &defer[ndefer++]);
			}
			if (found >= (size_t)o->k * 50)
				break;   /* enough alternatives seen: fill from the deferred */
			continue;
		}
		if (++res->expanded > MAX_EXPANSIONS)
			break;
		if (cur.hops >= H || (cur.hops > 0 && !(c->flags[cur.node] & F_INTER)))
			continue;
		inc = igraph_lazy_inclist_get(&gr->inc, cur.node);
		for (j = 0; inc && j < igraph_vector_int_size(inc); j++) {
			igraph_integer_t e = VECTOR(*inc)[j];
			int w = (int)IGRAPH_OTHER(&gr->g, e, cur.node);
			double prod;
			if (w != target && !(c->flags[w] & F_INTER))
				continue;
			if (on_path(st, x, w))
				continue;
			prod = cur.prod * VECTOR(gr->s)[e] * d;
			if (!(prod * g[(size_t)(H - cur.hops - 1) * c->v->n + w] > 0))
				continue;
			NEW_STATE(w, x, cur.hops + 1, (int)e, prod);
		}
	}
#undef NEW_STATE
	/* fewer distinct introducers than k: fill with the best of the rest */
	for (v = 0; v < ndefer && res->n < (size_t)o->k; v++)
		res->paths[res->n++] = defer[v];
	if (o->diversity && res->n > 1) {
		/* keep best-first order after filling */
		size_t a, b;
		for (a = 1; a < res->n; a++)
			for (b = a; b > 0 && res->paths[b].score > res->paths[b - 1].score; b--) {
				struct pm_path t = res->paths[b];
				res->paths[b] = res->paths[b - 1];
				res->paths[b - 1] = t;
			}
	}
	goto out;
nomem:
	rc = pm_error_set(err, PM_ENOMEM, "out of memory");
out:
	free(h.a);
	free(st);
	free(used);
	free(g);
	free(defer);
	return rc;
}

void pm_paths_free(struct pm_paths *r)
{
	if (!r)
		return;
	pm_view_free(r->view);
	free(r->paths);
	free(r);
}

int pm_paths(struct pm_store *st, const char *target, const struct pm_params *p,
	     const struct pm_paths_opts *o, struct pm_paths **out, struct pm_error *err)
{
	struct corridor c = { NULL, NULL, NULL, 0, 0 };
	struct graph gr = { 0 };
	struct pm_paths *r;
	int64_t tid;
	size_t need;
	int rc, tv;

	*out = NULL;
	if (o->k < 1 || p->max_hops < 1 || p->max_hops > 8)
		return pm_error_set(err, PM_EINVAL, "k must be at least 1 and max_hops 1 to 8");
	if ((rc = pm_store_person_resolve(st, target, &tid, NULL, err)) < 0)
		return rc;
	if (o->from && (rc = pm_store_person_resolve(st, o->from, &c.from_id, NULL, err)) < 0)
		return rc;
	if (!(r = calloc(1, sizeof(*r))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	/*
	 * Grow the corridor best first until the k best paths all score above
	 * its bound; widen it (more introducers) when they do not.
	 */
	for (need = 4 * (size_t)o->k + 16;; need *= 8) {
		double tau;
		size_t i, above = 0;
		if ((rc = pm_view_new(&r->view, err)) < 0 ||
		    (rc = pm_view_add_person(r->view, st, tid, &tv, err)) < 0)
			goto fail;
		c.v = r->view;
		r->target = tv;
		if ((rc = corridor_best_first(&c, st, p, o, need, &tau, err)) < 0 ||
		    (rc = graph_build(&gr, &c, p, err)) < 0 ||
		    (rc = search(&gr, &c, tv, p, o, r, err)) < 0)
			goto fail;
		for (i = 0; i < r->n; i++)
			above += r->paths[i].score * p->hop_discount > tau;
		if (tau == 0 || (r->n == (size_t)o->k && above == r->n))
			break;
		/* not provably the best yet: widen */
		corridor_release(&c, &gr);
		pm_view_free(r->view);
		r->view = NULL;
		free(r->paths);
		r->paths = NULL;
		r->n = r->nsources = 0;
	}
	corridor_release(&c, &gr);
	*out = r;
	return 0;
fail:
	corridor_release(&c, &gr);
	pm_paths_free(r);
	return rc;
}

void pm_reach_free(struct pm_reach *r)
{
	if (!r)
		return;
	pm_view_free(r->view);
	free(r->best);
	free(r);
}

/*
 * Forward hop-bounded Bellman-Ford from every source at once: f[h][v] is the
 * best product (strengths * d per hop) of a walk of at most h ties from a
 * source to v; pred remembers how, to rebuild the path.
 */
struct step {
	int from;    /* -1: carried from level h - 1; -2: v is a source (start) */
	int edge;
};

static int reach_all(struct graph *gr, struct corridor *c, const struct pm_params *p,
		     const struct pm_paths_opts *o, struct pm_reach *r, struct pm_error *err)
{
	const int H = p->max_hops;
	const double d = p->hop_discount;
	size_t n = c->v->n, v, t;
	double *f = calloc((size_t)(H + 1) * n, sizeof(*f));
	struct step *pred = malloc((size_t)(H + 1) * n * sizeof(*pred));
	int h, rc = 0;

	if (!f || !pred) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	for (v = 0; v < n; v++) {
		f[v] = (c->flags[v] & F_SOURCE) ? 1 : 0;
		pred[v] = (struct step){ -2, -1 };
	}
	for (h = 1; h <= H; h++) {
		double *cur = f + (size_t)h * n, *prev = f + (size_t)(h - 1) * n;
		struct step *pc = pred + (size_t)h * n;
		for (v = 0; v < n; v++) {
			cur[v] = prev[v];
			pc[v] = (struct step){ -1, -1 };
		}
		for (v = 0; v < n; v++) {
			igraph_vector_int_t *inc;
			igraph_integer_t j;
			double val;
			if ((c->flags[v] & F_SOURCE) && !(c->flags[v] & F_INTER))
				val = 1;          /* our people only start paths */
			else if (c->flags[v] & F_INTER)
				val = prev[v];
			else
				continue;
			if (!(val > 0))
				continue;
			inc = igraph_lazy_inclist_get(&gr->inc, (igraph_integer_t)v);
			for (j = 0; inc && j < igraph_vector_int_size(inc); j++) {
				igraph_integer_t e = VECTOR(*inc)[j];
				int w = (int)IGRAPH_OTHER(&gr->g, e, (igraph_integer_t)v);
				double x = val * VECTOR(gr->s)[e] * d;
				if (x > cur[w]) {
					cur[w] = x;
					pc[w] = (struct step){ (int)v, (int)e };
				}
			}
		}
	}
	for (t = 0; t < r->naccount; t++) {
		struct pm_path *out = &r->best[t];
		int chain[9], nc = 0, w = (int)t, ok = 1, i, j;
		if (!(f[(size_t)H * n + t] > 0))
			continue;
		h = H;
		chain[nc++] = w;
		while (h > 0 && ok) {
			struct step s = pred[(size_t)h * n + w];
			if (s.from == -1) {
				h--;
				continue;
			}
			if (s.from == -2)
				break;
			w = s.from;
			for (i = 0; i < nc; i++)
				ok &= chain[i] != w;
			if (nc == 9)
				ok = 0;
			if (ok)
				chain[nc++] = w;
			h--;
			if ((c->flags[w] & F_SOURCE) && !(c->flags[w] & F_INTER))
				break;
		}
		if (!ok || nc < 2 || !(c->flags[chain[nc - 1]] & F_SOURCE)) {
			/*
			 * The target is an introducer itself (a supporter: we want
			 * the route from someone else), or the best walk is not
			 * simple: search this target exactly.
			 */
			struct pm_paths tmp = { 0 };
			struct pm_paths_opts one = *o;
			one.k = 1;
			if ((rc = search(gr, c, (int)t, p, &one, &tmp, err)) < 0)
				goto out;
			if (tmp.n)
				*out = tmp.paths[0];
			free(tmp.paths);
			continue;
		}
		out->len = nc;
		for (i = 0; i < nc; i++)
			out->nodes[i] = chain[nc - 1 - i];
		out->score = 1;
		for (i = 0; i + 1 < nc; i++) {
			int a = out->nodes[i], b = out->nodes[i + 1];
			igraph_integer_t eid = -1;
			igraph_get_eid(&gr->g, &eid, a, b, 0, 0);
			j = (int)eid;
			out->tie[i] = gr->tie_of[j];
			out->s_eff[i] = VECTOR(gr->s)[j];
			out->score *= out->s_eff[i] * (i ? d : 1);
		}
	}
out:
	free(f);
	free(pred);
	return rc;
}

int pm_reach(struct pm_store *st, const char *account, const struct pm_params *p,
	     const struct pm_paths_opts *o, struct pm_reach **out, struct pm_error *err)
{
	struct corridor c = { NULL, NULL, NULL, 0, 0 };
	struct graph gr = { 0 };
	struct pm_reach *r;
	int rc;

	*out = NULL;
	if (p->max_hops < 1 || p->max_hops > 8)
		return pm_error_set(err, PM_EINVAL, "max_hops must be 1 to 8");
	if (o->from && (rc = pm_store_person_resolve(st, o->from, &c.from_id, NULL, err)) < 0)
		return rc;
	if (!(r = calloc(1, sizeof(*r))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = pm_view_new(&r->view, err)) < 0 ||
	    (rc = pm_view_add_account(r->view, st, account, err)) < 0)
		goto fail;
	r->naccount = r->view->n;
	if (!(r->best = calloc(r->naccount + 1, sizeof(*r->best)))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	c.v = r->view;
	if ((rc = corridor_grow(&c, st, p->max_hops, o, err)) < 0 ||
	    (rc = graph_build(&gr, &c, p, err)) < 0 ||
	    (rc = reach_all(&gr, &c, p, o, r, err)) < 0)
		goto fail;
	corridor_release(&c, &gr);
	*out = r;
	return 0;
fail:
	corridor_release(&c, &gr);
	pm_reach_free(r);
	return rc;
}
