/*
 * powermap — rank in three steps (not public), so that the portfolio can
 * compute the costly part, the broker component's betweenness, of several
 * accounts at once on threads of its own while it reads the next.
 *
 * pm_rank is pm_rank_start, pm_rank_job_run, pm_rank_finish in a row.
 */
#ifndef POWERMAP_RANK_INTERNAL_H
#define POWERMAP_RANK_INTERNAL_H

#include <stddef.h>
#include "powermap/analysis.h"
#include "powermap/graph.h"

/*
 * The broker component's betweenness of one account: the relationship
 * view's edges (ends[0..m) - ends[m..2m)), their lengths, the sampled
 * sources (NULL: every person), and its result. Needs no store and no
 * igraph: it may run on any thread.
 */
struct pm_rank_job {
	size_t n, m;
	int *ends;
	double *len;
	int *sources;
	size_t nsources;
	double scale;          /* n / sources when sampled, else 1 */
	double *out;           /* n values, filled by pm_rank_job_run */
	int rc;                /* pm_rank_job_run's result, for pm_rank_finish */
};

/*
 * Loads the ties between the view's people into it (pm_view_push_tie), as
 * pm_view_load_ties would, in link id order, from ties the caller already
 * read. 0, or an error set in err.
 */
typedef int (*pm_rank_ties_fn)(struct pm_view *v, void *ctx, struct pm_error *err);

/*
 * Everything of pm_rank (same errors) up to the broker component: the
 * account read, formal and influence computed, and *job the betweenness
 * still to compute (NULL when the account has no people). The ties come
 * from `ties` (with ctx) when given, else from the store. Runs on the
 * store's thread. *out and *job are the caller's (pm_rank_free,
 * pm_rank_job_free).
 */
int pm_rank_start(struct pm_store *st, const char *account, const struct pm_params *p,
		  int global, pm_rank_ties_fn ties, void *ties_ctx, struct pm_rank **out,
		  struct pm_rank_job **job, struct pm_error *err);

/* Threads worth giving the job when it runs alone (1..4, as the processors allow). */
int pm_rank_job_threads(const struct pm_rank_job *job);

/* Compute the job's betweenness on `threads` threads: 0, or PM_ENOMEM. */
int pm_rank_job_run(struct pm_rank_job *job, int threads);

/*
 * Complete r from its job (NULL: no people): broker, role, score, order.
 * A job whose rc is < 0 gives PM_ENOMEM. Does not free the job.
 */
int pm_rank_finish(struct pm_rank *r, const struct pm_params *p, struct pm_rank_job *job,
		   struct pm_error *err);

void pm_rank_job_free(struct pm_rank_job *job);

/*
 * Jobs computed on worker threads while the caller reads the next account
 * (rank_pool.c). Up to PM_RANK_POOL_DEPTH jobs wait at a time; the caller
 * takes them back in the order it put them.
 */
#define PM_RANK_POOL_DEPTH 8
#define PM_RANK_POOL_MAX_WORKERS 4
struct pm_rank_pool;

/*
 * A pool with `workers` threads, each job on one of them; 0 (or when no
 * thread starts): each job computed when it is taken, on the threads
 * pm_rank_job_threads gives. 0, or PM_ENOMEM.
 */
int pm_rank_pool_new(int workers, struct pm_rank_pool **out);

/* Jobs put and not yet taken back. */
size_t pm_rank_pool_pending(const struct pm_rank_pool *pool);

/*
 * Queue job (NULL: an account with no people, passed through); the pool
 * owns it until it is taken. PM_EINVAL when PM_RANK_POOL_DEPTH are pending.
 */
int pm_rank_pool_put(struct pm_rank_pool *pool, struct pm_rank_job *job);

/*
 * The oldest job put and not taken, once computed (its rc set); the
 * caller's again. Only when one is pending.
 */
struct pm_rank_job *pm_rank_pool_take(struct pm_rank_pool *pool);

/* Stop the workers (after the jobs they started) and free the jobs not taken. */
void pm_rank_pool_free(struct pm_rank_pool *pool);

#endif
