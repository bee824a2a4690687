/*
 * powermap — weighted betweenness (Brandes 2001) for rank's broker score.
 *
 * The lengths rank gives are multiples of 2^-30 (pm_tie_length), so sums of
 * them are exact and equally long paths tie exactly: the shortest paths are
 * compared with ==, as NetworkX does, with no epsilon. One Dijkstra per
 * source over an adjacency array; each vertex's predecessors kept in its own
 * slice of one array (a vertex has at most as many as its degree), so that
 * the accumulation visits only them, not every arc again (27 % of the time
 * on an 866-person account; the sums are added in the same order, so the
 * same bits); an indexed 8-ary heap with
 * decrease-key (each vertex in it at most once: a Dijkstra pops n times, not
 * once per relaxation as the searches' lazy heap would), its keys stored in
 * it. Undirected: each unordered pair counts once (igraph's and NetworkX's
 * convention), so the sum over the sources is halved — over a
 * sample of sources too, as igraph_betweenness_subset does (the caller
 * scales that estimate by n / samples). The sources may be shared among
 * threads: they are cut into fixed chunks, each summed on its own and the
 * chunks added in order, so the result has the same bits every run and on
 * any number of processors.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "betweenness.h"

/*
 * A min-heap of (distance, vertex), with each vertex's place (-1: not in
 * it). The keys sit in the heap itself: a comparison reads one array, not
 * the vertex and then its distance. Eight children a node: the frontier
 * of these graphs holds a third of the account, and a flatter heap pops it
 * 3-7 % faster than four children (two: 23 % slower; twelve: 2 %; a bucket
 * queue, a radix heap and a lazy heap were all slower, docs/benchmarks.md).
 */
#define HEAP_ARITY 8
struct item {
	double key;
	int v;
};

struct iheap {
	struct item *a;
	int *at;
	size_t n;
};

static void iheap_up(struct iheap *h, size_t i, struct item x)
{
	while (i > 0) {
		size_t up = (i - 1) / HEAP_ARITY;
		if (h->a[up].key <= x.key)
			break;
		h->a[i] = h->a[up];
		h->at[h->a[i].v] = (int)i;
		i = up;
	}
	h->a[i] = x;
	h->at[x.v] = (int)i;
}

/* Insert v with distance key, or move it up after its distance went down. */
static void iheap_push(struct iheap *h, int v, double key)
{
	struct item x = { key, v };

	iheap_up(h, h->at[v] < 0 ? h->n++ : (size_t)h->at[v], x);
}

static int iheap_pop(struct iheap *h)
{
	int top = h->a[0].v;
	struct item x = h->a[--h->n];
	size_t i = 0;

	h->at[top] = -1;
	if (!h->n)
		return top;
	for (;;) {
		size_t c = HEAP_ARITY * i + 1, best = 0, j;
		size_t end = c + HEAP_ARITY < h->n ? c + HEAP_ARITY : h->n;
		double bk = x.key;
		for (j = c; j < end; j++)
			if (h->a[j].key < bk) {
				bk = h->a[j].key;
				best = j;
			}
		if (!best)
			break;
		h->a[i] = h->a[best];
		h->at[h->a[i].v] = (int)i;
		i = best;
	}
	h->a[i] = x;
	h->at[x.v] = (int)i;
	return top;
}

/* The adjacency array (both directions of every edge), shared read-only by the workers. */
struct arc {
	int to;
	double len;
};

struct csr {
	size_t n;
	size_t *start;
	struct arc *adj;
};

/* One worker: the sources k = first, first + step, ... into its own sums. */
struct worker {
	const struct csr *g;
	const int *sources;        /* NULL: every vertex */
	size_t nsources;
	size_t first, step;        /* chunks first, first + step, ... */
	double *parts;             /* BT_CHUNKS x n sums, one row per chunk (shared) */
	int rc;
};

/*
 * The sources are cut into BT_CHUNKS chunks whatever the number of threads,
 * each summed on its own and the chunks added in order: the same bits on
 * one processor or four (summing per thread made the last digit depend on
 * the machine, and tied people could swap places between machines).
 */
#define BT_CHUNKS 16

static void *work(void *arg)
{
	struct worker *wk = arg;
	const struct csr *g = wk->g;
	size_t n = g->n, i, k;
	int *order = malloc((n + 1) * sizeof(*order));
	double *dist = malloc((n + 1) * sizeof(*dist)), *sigma = malloc((n + 1) * sizeof(*sigma));
	double *delta = malloc((n + 1) * sizeof(*delta));
	int *pred = malloc((g->start[n] + 1) * sizeof(*pred));   /* slice start[v].. of v */
	int *npred = malloc((n + 1) * sizeof(*npred));
	struct iheap h = { malloc((n + 1) * sizeof(struct item)), malloc((n + 1) * sizeof(int)), 0 };
	size_t c;

	wk->rc = -1;
	if (!order || !dist || !sigma || !delta || !pred || !npred || !h.a || !h.at)
		goto out;
	for (c = wk->first; c < BT_CHUNKS; c += wk->step) {
		size_t lo = c * wk->nsources / BT_CHUNKS, hi = (c + 1) * wk->nsources / BT_CHUNKS;
		double *out = wk->parts + c * n;

		for (k = lo; k < hi; k++) {
			int s = wk->sources ? wk->sources[k] : (int)k;
			size_t nord = 0;
			for (i = 0; i < n; i++) {
				dist[i] = -1;
				sigma[i] = 0;
				delta[i] = 0;
				h.at[i] = -1;
			}
			dist[s] = 0;
			sigma[s] = 1;
			h.n = 0;
			iheap_push(&h, s, 0);
			/*
			 * Lengths are > 0, so a vertex already popped is never
			 * reached again by a path as short: no "done" test.
			 */
			while (h.n) {
				int v = iheap_pop(&h);
				const struct arc *e = g->adj + g->start[v], *end = g->adj + g->start[v + 1];
				double dv = dist[v], sv = sigma[v];
				order[nord++] = v;
				for (; e < end; e++) {
					int w = e->to;
					double d = dv + e->len;
					if (dist[w] < 0 || d < dist[w]) {
						dist[w] = d;
						sigma[w] = sv;
						pred[g->start[w]] = v;
						npred[w] = 1;
						iheap_push(&h, w, d);
					} else if (d == dist[w]) {
						sigma[w] += sv;
						pred[g->start[w] + npred[w]++] = v;
					}
				}
			}
			/*
			 * Accumulate from the farthest back over each vertex's
			 * predecessors (the source has none). NetworkX's order of
			 * operations: coefficient (1 + delta[w]) / sigma[w].
			 */
			while (nord > 0) {
				int w = order[--nord];
				const int *pv = pred + g->start[w], *pend = pv + (w == s ? 0 : npred[w]);
				double coeff = (1 + delta[w]) / sigma[w];
				for (; pv < pend; pv++)
					delta[*pv] += sigma[*pv] * coeff;
				if (w != s)
					out[w] += delta[w];
			}
		}
	}
	wk->rc = 0;
out:
	free(order);
	free(dist);
	free(sigma);
	free(delta);
	free(pred);
	free(npred);
	free(h.a);
	free(h.at);
	return NULL;
}

int pm_betweenness_weighted(size_t n, const int *from, const int *to, const double *len,
			    size_t m, const int *sources, size_t nsources, int threads,
			    double *out)
{
	struct csr g = { n, calloc(n + 2, sizeof(size_t)), malloc((2 * m + 1) * sizeof(struct arc)) };
	struct worker wk[PM_BETWEENNESS_MAX_THREADS];
	pthread_t tid[PM_BETWEENNESS_MAX_THREADS];
	int started[PM_BETWEENNESS_MAX_THREADS] = { 0 };
	size_t *pos = malloc((n + 1) * sizeof(*pos)), i;
	double *parts = NULL;
	int t, rc = -1;

	if (threads < 1)
		threads = 1;
	if (threads > PM_BETWEENNESS_MAX_THREADS)
		threads = PM_BETWEENNESS_MAX_THREADS;
	memset(wk, 0, sizeof(wk));
	if (!g.start || !g.adj || !pos)
		goto out;
	/* adjacency arrays, both directions */
	for (i = 0; i < m; i++) {
		g.start[from[i] + 1]++;
		g.start[to[i] + 1]++;
	}
	for (i = 0; i < n; i++)
		g.start[i + 1] += g.start[i];
	memcpy(pos, g.start, (n + 1) * sizeof(*pos));
	for (i = 0; i < m; i++) {
		g.adj[pos[from[i]]++] = (struct arc){ to[i], len[i] };
		g.adj[pos[to[i]]++] = (struct arc){ from[i], len[i] };
	}
	if (!(parts = calloc(BT_CHUNKS * n + 1, sizeof(*parts))))
		goto out;
	for (t = 0; t < threads; t++)
		wk[t] = (struct worker){ &g, sources, sources ? nsources : n, (size_t)t,
					 (size_t)threads, parts, -1 };
	/* worker 0 runs here; the others on threads of their own (or here too) */
	for (t = 1; t < threads; t++)
		started[t] = pthread_create(&tid[t], NULL, work, &wk[t]) == 0;
	work(&wk[0]);
	for (t = 1; t < threads; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			work(&wk[t]);
	}
	for (t = 0; t < threads; t++)
		if (wk[t].rc < 0)
			goto out;
	/* the chunks in order (the same bits every run, on any machine), halved:
	 * unordered pairs */
	for (i = 0; i < n; i++) {
		double x = 0;
		size_t c;
		for (c = 0; c < BT_CHUNKS; c++)
			x += parts[c * n + i];
		out[i] = x / 2;
	}
	rc = 0;
out:
	free(parts);
	free(g.start);
	free(g.adj);
	free(pos);
	return rc;
}
