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

int pm_find_cycles(struct pm_id_edge *e, size_t ne, int64_t maxid, pm_cycle_fn fn, void *ctx)
{
	size_t *first = NULL, *pos = NULL, depth, k;
	int64_t *stack = NULL, v;
	unsigned char *color = NULL;
	int rc = 0;

	if (maxid < 0)
		maxid = 0;
	if (ne)
		qsort(e, ne, sizeof(*e), cmp_edge);
	first = calloc((size_t)maxid + 2, sizeof(*first));
	pos = calloc((size_t)maxid + 2, sizeof(*pos));
	color = calloc((size_t)maxid + 2, 1);
	stack = calloc((size_t)maxid + 2, sizeof(*stack));
	if (!first || !pos || !color || !stack) {
		rc = PM_ENOMEM;
		goto out;
	}
	/* first[v] .. first[v+1]: outgoing edges of v (CSR) */
	for (v = 0, k = 0; v <= maxid + 1; v++) {
		while (k < ne && e[k].from < v)
			k++;
		first[v] = k;
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
				int64_t w = e[pos[u]++].to;
				if (w < 1 || w > maxid)
					continue;
				if (color[w] == 0) {
					color[w] = 1;
					pos[w] = first[w];
					stack[depth++] = w;
				} else if (color[w] == 1) {
					k = depth;
					while (k > 0 && stack[k - 1] != w)
						k--;
					fn(stack + k - 1, depth - k + 1, ctx);
				}
			} else {
				color[u] = 2;
				depth--;
			}
		}
	}
out:
	free(first);
	free(pos);
	free(color);
	free(stack);
	return rc;
}
