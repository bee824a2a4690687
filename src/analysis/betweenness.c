/*
 * powermap — weighted betweenness (Brandes 2001) for rank's broker score.
 *
 * The lengths rank gives are multiples of 2^-30 (pm_tie_length), so sums of
 * them are exact and equally long paths tie exactly: the shortest paths are
 * compared with ==, as NetworkX does, with no epsilon. One Dijkstra per
 * source over an adjacency array, predecessors found again from the lengths
 * while accumulating (no lists to allocate), the searches' one heap (keys
 * negated: it is a max-heap) with lazy deletion. Undirected: each unordered pair counts once (igraph's and
 * NetworkX's convention), so the sum over the sources is halved — over a
 * sample of sources too, as igraph_betweenness_subset does (the caller
 * scales that estimate by n / samples).
 */
#include <stdlib.h>
#include <string.h>
#include "betweenness.h"
#include "paths_internal.h"

int pm_betweenness_weighted(size_t n, const int *from, const int *to, const double *len,
			    size_t m, const int *sources, size_t nsources, double *out)
{
	size_t *start = calloc(n + 2, sizeof(*start)), i, k;
	int *adj = malloc((2 * m + 1) * sizeof(*adj)), *order = malloc((n + 1) * sizeof(*order));
	double *alen = malloc((2 * m + 1) * sizeof(*alen)), *dist = malloc((n + 1) * sizeof(*dist));
	double *sigma = malloc((n + 1) * sizeof(*sigma)), *delta = malloc((n + 1) * sizeof(*delta));
	struct pm_heap h = { NULL, 0, 0, 0, 0 };
	unsigned char *done = malloc(n + 1);
	int rc = 0;

	if (!start || !adj || !order || !alen || !dist || !sigma || !delta || !done) {
		rc = -1;
		goto out;
	}
	memset(out, 0, n * sizeof(*out));
	/* adjacency arrays, both directions */
	for (i = 0; i < m; i++) {
		start[from[i] + 1]++;
		start[to[i] + 1]++;
	}
	for (i = 0; i < n; i++)
		start[i + 1] += start[i];
	{
		size_t *pos = malloc((n + 1) * sizeof(*pos));
		if (!pos) {
			rc = -1;
			goto out;
		}
		memcpy(pos, start, (n + 1) * sizeof(*pos));
		for (i = 0; i < m; i++) {
			adj[pos[from[i]]] = to[i];
			alen[pos[from[i]]++] = len[i];
			adj[pos[to[i]]] = from[i];
			alen[pos[to[i]]++] = len[i];
		}
		free(pos);
	}
	for (k = 0; k < (sources ? nsources : n); k++) {
		int s = sources ? sources[k] : (int)k;
		size_t nord = 0;
		for (i = 0; i < n; i++) {
			dist[i] = -1;
			sigma[i] = 0;
			delta[i] = 0;
			done[i] = 0;
		}
		dist[s] = 0;
		sigma[s] = 1;
		h.n = 0;
		if (pm_heap_push(&h, 0, s) < 0) {
			rc = -1;
			goto out;
		}
		while (h.n) {
			struct pm_heap_item it = pm_heap_pop(&h);
			int v = it.val;
			if (done[v] || -it.key != dist[v])
				continue;
			done[v] = 1;
			order[nord++] = v;
			for (i = start[v]; i < start[v + 1]; i++) {
				int w = adj[i];
				double d = dist[v] + alen[i];
				if (done[w])
					continue;
				if (dist[w] < 0 || d < dist[w]) {
					dist[w] = d;
					sigma[w] = sigma[v];
					if (pm_heap_push(&h, -d, w) < 0) {
						rc = -1;
						goto out;
					}
				} else if (d == dist[w]) {
					sigma[w] += sigma[v];
				}
			}
		}
		/* accumulate from the farthest back: v precedes w when dist[v] + len == dist[w] */
		while (nord > 0) {
			int w = order[--nord];
			for (i = start[w]; i < start[w + 1]; i++) {
				int v = adj[i];
				if (done[v] && dist[v] + alen[i] == dist[w])
					delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
			}
			if (w != s)
				out[w] += delta[w];
		}
	}
	for (i = 0; i < n; i++)
		out[i] /= 2;
out:
	free(start);
	free(adj);
	free(order);
	free(alen);
	free(dist);
	free(sigma);
	free(delta);
	pm_heap_free(&h);
	free(done);
	return rc;
}
