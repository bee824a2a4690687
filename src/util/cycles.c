/* powermap — cycle search over id edges (see include/powermap/cycles.h). */
#include <stdlib.h>
#include "powermap/cycles.h"
#include "powermap/error.h"
#include "powermap/kit.h"

int pm_id_edges_collect(int64_t child, int64_t parent, void *ctx)
{
	struct pm_id_edges *es = ctx;

	if (PM_GROW(es->e, es->cap, es->n + 1) < 0)
		return PM_ENOMEM;
	es->e[es->n].from = child;
	es->e[es->n].to = parent;
	es->n++;
	return 0;
}

static int cmp_edge(const void *x, const void *y)
{
	const struct pm_id_edge *p = x, *q = y;

	if (p->from != q->from)
		return p->from < q->from ? -1 : 1;
	return (p->to > q->to) - (p->to < q->to);
}

static int cmp_id(const void *x, const void *y)
{
	int64_t p = *(const int64_t *)x, q = *(const int64_t *)y;

	return (p > q) - (p < q);
}

/* Index of id in ids[0..n) (ascending, present). */
static size_t dense_of(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] <= id)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int pm_find_cycles(struct pm_id_edge *e, size_t ne, pm_cycle_fn fn, void *ctx)
{
	size_t *first = NULL, *pos = NULL, *to = NULL, *stack = NULL, nv = 0, depth, k, v;
	int64_t *ids = NULL, *cycle = NULL, lo, hi;
	unsigned char *color = NULL;
	int rc = 0;

	if (!ne)
		return 0;
	qsort(e, ne, sizeof(*e), cmp_edge);
	lo = hi = e[0].from;
	for (k = 0; k < ne; k++) {
		lo = e[k].from < lo ? e[k].from : lo;
		lo = e[k].to < lo ? e[k].to : lo;
		hi = e[k].from > hi ? e[k].from : hi;
		hi = e[k].to > hi ? e[k].to : hi;
	}
	if ((uint64_t)hi - (uint64_t)lo < 4 * (uint64_t)ne + 1024) {
		/* row ids as SQLite gives them: vertex v is id lo + v */
		nv = (size_t)((uint64_t)hi - (uint64_t)lo) + 1;
	} else {
		/* ids typed in by hand (negative, near 2^63): the ids that occur, ascending */
		if (!(ids = malloc(2 * ne * sizeof(*ids))))
			return PM_ENOMEM;
		for (k = 0; k < ne; k++) {
			ids[2 * k] = e[k].from;
			ids[2 * k + 1] = e[k].to;
		}
		qsort(ids, 2 * ne, sizeof(*ids), cmp_id);
		for (k = 0; k < 2 * ne; k++)
			if (!nv || ids[nv - 1] != ids[k])
				ids[nv++] = ids[k];
	}
#define ID_OF(v) (ids ? ids[v] : (int64_t)((uint64_t)lo + (v)))
#define VERTEX_OF(id) (ids ? dense_of(ids, nv, id) : (size_t)((uint64_t)(id) - (uint64_t)lo))
	first = calloc(nv + 1, sizeof(*first));
	pos = calloc(nv, sizeof(*pos));
	to = malloc(ne * sizeof(*to));
	stack = malloc(nv * sizeof(*stack));
	cycle = malloc(nv * sizeof(*cycle));
	color = calloc(nv, 1);
	if (!first || !pos || !to || !stack || !cycle || !color) {
		rc = PM_ENOMEM;
		goto out;
	}
	/* first[v] .. first[v+1]: outgoing edges of v (CSR; edges sorted by from) */
	for (v = 0, k = 0; v <= nv; v++) {
		while (k < ne && (v == nv || e[k].from < ID_OF(v)))
			k++;
		first[v] = k;
	}
	for (k = 0; k < ne; k++)
		to[k] = VERTEX_OF(e[k].to);
	/* from each id in ascending order */
	for (v = 0; v < nv; v++) {
		if (color[v])
			continue;
		depth = 0;
		stack[depth++] = v;
		color[v] = 1;
		pos[v] = first[v];
		while (depth) {
			size_t u = stack[depth - 1];
			if (pos[u] < first[u + 1]) {
				size_t w = to[pos[u]++];
				if (color[w] == 0) {
					color[w] = 1;
					pos[w] = first[w];
					stack[depth++] = w;
				} else if (color[w] == 1) {
					size_t i, len;
					k = depth;
					while (k > 0 && stack[k - 1] != w)
						k--;
					len = depth - k + 1;
					for (i = 0; i < len; i++)
						cycle[i] = ID_OF(stack[k - 1 + i]);
					fn(cycle, len, ctx);
				}
			} else {
				color[u] = 2;
				depth--;
			}
		}
	}
#undef ID_OF
#undef VERTEX_OF
out:
	free(ids);
	free(first);
	free(pos);
	free(to);
	free(stack);
	free(cycle);
	free(color);
	return rc;
}
