/*
 * powermap — cycles in a directed graph given as edges between row ids
 * (org parents, reporting lines). Iterative: a chain 100,000 deep needs no
 * stack beyond the arrays it allocates.
 */
#ifndef POWERMAP_CYCLES_H
#define POWERMAP_CYCLES_H

#include <stddef.h>
#include <stdint.h>

struct pm_id_edge {
	int64_t from, to;   /* row ids (any int64) */
};

/* A growing list of edges; collect into it with pm_id_edges_collect. */
struct pm_id_edges {
	struct pm_id_edge *e;
	size_t n, cap;
};

/* Append (child, parent) to the pm_id_edges `ctx` (a pm_edge_fn of store.h). 0 or PM_ENOMEM. */
int pm_id_edges_collect(int64_t child, int64_t parent, void *ctx);

/* Called once per cycle found: its row ids in order (ids[n-1] -> ids[0] closes it). */
typedef void (*pm_cycle_fn)(const int64_t *ids, size_t n, void *ctx);

/*
 * Report every cycle a depth-first search meets in the graph of `n` edges
 * (sorted in place), each once, searching from the ids in ascending order.
 * Memory grows with the edges, not with the ids. 0, or PM_ENOMEM.
 */
int pm_find_cycles(struct pm_id_edge *edges, size_t n, pm_cycle_fn fn, void *ctx);

#endif
