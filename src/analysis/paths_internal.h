/*
 * powermap — the warm-path machinery shared by the files of src/analysis
 * that search paths (not public): the corridor (corridor.c), the bound and
 * best-first search (path_search.c), reach (reach.c) and the one heap.
 */
#ifndef POWERMAP_PATHS_INTERNAL_H
#define POWERMAP_PATHS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <igraph.h>
#include "powermap/analysis.h"

#define F_SOURCE 1u    /* may start a path (one of ours) */
#define F_INTER 2u     /* may be an intermediary */
#define F_START 4u     /* a target the corridor grew from */

/* The search space: a view with per-vertex flags and BFS distances. */
struct corridor {
	struct pm_view *v;
	unsigned char *flags;
	int *dist;
	size_t cap;
	int64_t from_id;          /* --from person, or 0 */
	int from_ours;            /* ... is one of ours (a start), else a must-pass */
	const struct pm_params *p; /* for the strength of ties read (pruning our side) */
};

/* The corridor as an adjacency structure with effective strengths. */
struct graph {
	igraph_t g;
	igraph_vector_t s;          /* effective strength per edge */
	int *tie_of;                /* edge -> index in view->ties */
	igraph_lazy_inclist_t inc;
	int built;
};

/*
 * Grow the corridor from the vertices already in c->v (the targets) to
 * max_hops ties, breadth first, loading the ties it crosses.
 */
int pm_corridor_grow(struct corridor *c, struct pm_store *st, int max_hops,
		     const struct pm_paths_opts *o, struct pm_error *err);

/*
 * Grow the corridor of one target (vertex 0) best first until `need`
 * possible introducers are reached; *tau is then the bound that every path
 * wholly inside it beats (0: everything within reach was read).
 */
int pm_corridor_best_first(struct corridor *c, struct pm_store *st,
			   const struct pm_params *p, const struct pm_paths_opts *o,
			   size_t need, double *tau, struct pm_error *err);

/* p, with reporting lines weighing 0 under o->no_chain, into *q. */
void pm_paths_params(const struct pm_params *p, const struct pm_paths_opts *o,
		     struct pm_params *q);

/* Build the corridor's graph (relationship view) for the searches. */
int pm_corridor_graph(struct graph *gr, const struct corridor *c, const struct pm_params *p,
		      struct pm_error *err);

/* Free the corridor's arrays and its graph (not its view). */
void pm_corridor_release(struct corridor *c, struct graph *gr);

/* The k best paths to `target` in the corridor's graph, into res. */
int pm_path_search(struct graph *gr, const struct corridor *c, int target,
		   const struct pm_params *p, const struct pm_paths_opts *o,
		   struct pm_paths *res, struct pm_error *err);

/*
 * The one heap of the searches: a max-heap of (key, payload). With `fifo`,
 * equal keys come out first in, first out (the path search); without, in
 * the heap's own deterministic order (the corridor, whose order of growth
 * decides vertex ids and so which of equally strong paths is listed first).
 */
struct pm_heap_item {
	double key;
	long seq;
	int val;
};

struct pm_heap {
	struct pm_heap_item *a;
	size_t n, cap;
	long seq;
	int fifo;
};

/* Push (key, val); 0 or PM_ENOMEM. */
int pm_heap_push(struct pm_heap *h, double key, int val);

/* Pop the largest key (the earliest pushed among equals); h->n must be > 0. */
struct pm_heap_item pm_heap_pop(struct pm_heap *h);

void pm_heap_free(struct pm_heap *h);

/*
 * pm_account_path with the hubs' ties kept in `memo` rather than a->memo:
 * searches on other threads (each with its own store connection and memo)
 * may fill in other people of the same account meanwhile.
 */
int pm_account_path_memo(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			 size_t v, struct pm_corridor_memo *memo, const struct pm_view **view,
			 const struct pm_path **path, struct pm_error *err);

/*
 * Jobs 0..n-1 of an account's path searches, shared between this thread
 * and, when there are two processors, more than one job and a second
 * connection on st's snapshot (pm_store_reader_open), a second thread with
 * its own connection and memo; both read by copying pages meanwhile. Jobs
 * start in index order; job(ctx, i, st, memo, err) runs unlocked and must
 * touch only what job i owns (a->paths[v] of its own v is fine);
 * after(ctx, i), when given, runs under the lock once job i succeeded and
 * returns nonzero when no further job need start. Returns 0, or the failure
 * of the lowest job index that failed (its index in *failed_at; the jobs
 * stop starting).
 */
struct pm_corridor_memo;
typedef int (*pm_account_job_fn)(void *ctx, size_t i, struct pm_store *st,
				 struct pm_corridor_memo *memo, struct pm_error *err);
typedef int (*pm_account_after_fn)(void *ctx, size_t i);
int pm_account_share(struct pm_store *st, struct pm_account *a, size_t n, pm_account_job_fn job,
		     pm_account_after_fn after, void *ctx, size_t *failed_at, struct pm_error *err);

#endif
