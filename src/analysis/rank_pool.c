/*
 * powermap — rank's betweenness for several accounts at once (see
 * rank_internal.h).
 *
 * The jobs wait in a ring in the order they were put; workers take the
 * oldest not yet started, and the caller takes them back in the same order
 * once done. The caller keeps the store and igraph (neither may be used from
 * two threads) and reads the next account while the workers compute.
 */
#include <pthread.h>
#include <stdlib.h>
#include "rank_internal.h"

struct slot {
	struct pm_rank_job *job;
	int done;
};

struct pm_rank_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot ring[PM_RANK_POOL_DEPTH];
	size_t put, started, taken;    /* counts: put >= started >= taken */
	int closing;
	int workers;                   /* threads running */
	pthread_t tid[PM_RANK_POOL_MAX_WORKERS];
};

static void *worker(void *arg)
{
	struct pm_rank_pool *pool = arg;

	pthread_mutex_lock(&pool->mu);
	for (;;) {
		struct slot *sl;
		while (pool->started == pool->put && !pool->closing)
			pthread_cond_wait(&pool->cv, &pool->mu);
		if (pool->closing)
			break;     /* the jobs not started are freed with the pool */
		sl = &pool->ring[pool->started++ % PM_RANK_POOL_DEPTH];
		pthread_mutex_unlock(&pool->mu);
		if (sl->job)
			sl->job->rc = pm_rank_job_run(sl->job, 1);
		pthread_mutex_lock(&pool->mu);
		sl->done = 1;
		pthread_cond_broadcast(&pool->cv);
	}
	pthread_mutex_unlock(&pool->mu);
	return NULL;
}

int pm_rank_pool_new(int workers, struct pm_rank_pool **out)
{
	struct pm_rank_pool *pool = calloc(1, sizeof(*pool));
	int t;

	*out = NULL;
	if (!pool)
		return PM_ENOMEM;
	if (workers > PM_RANK_POOL_MAX_WORKERS)
		workers = PM_RANK_POOL_MAX_WORKERS;
	if (workers > 0 && pthread_mutex_init(&pool->mu, NULL) != 0)
		workers = 0;
	if (workers > 0 && pthread_cond_init(&pool->cv, NULL) != 0) {
		pthread_mutex_destroy(&pool->mu);
		workers = 0;
	}
	for (t = 0; t < workers; t++)
		if (pthread_create(&pool->tid[t], NULL, worker, pool) != 0)
			break;
	pool->workers = t;
	if (workers > 0 && t == 0) {   /* none started: the caller computes */
		pthread_cond_destroy(&pool->cv);
		pthread_mutex_destroy(&pool->mu);
	}
	*out = pool;
	return 0;
}

size_t pm_rank_pool_pending(const struct pm_rank_pool *pool)
{
	return pool->put - pool->taken;   /* only the caller changes either */
}

int pm_rank_pool_put(struct pm_rank_pool *pool, struct pm_rank_job *job)
{
	struct slot *sl;

	if (pm_rank_pool_pending(pool) == PM_RANK_POOL_DEPTH)
		return PM_EINVAL;
	sl = &pool->ring[pool->put % PM_RANK_POOL_DEPTH];
	if (!pool->workers) {
		sl->job = job;
		sl->done = 0;
		pool->put++;
		return 0;
	}
	pthread_mutex_lock(&pool->mu);
	sl->job = job;
	sl->done = 0;
	pool->put++;
	pthread_cond_broadcast(&pool->cv);
	pthread_mutex_unlock(&pool->mu);
	return 0;
}

struct pm_rank_job *pm_rank_pool_take(struct pm_rank_pool *pool)
{
	struct slot *sl = &pool->ring[pool->taken % PM_RANK_POOL_DEPTH];
	struct pm_rank_job *job;

	if (!pool->workers) {
		/* no workers: compute it here, on as many threads as it is worth */
		if (sl->job)
			sl->job->rc = pm_rank_job_run(sl->job, pm_rank_job_threads(sl->job));
		pool->taken++;
		return sl->job;
	}
	pthread_mutex_lock(&pool->mu);
	while (!sl->done)
		pthread_cond_wait(&pool->cv, &pool->mu);
	job = sl->job;
	sl->job = NULL;
	pool->taken++;
	pthread_mutex_unlock(&pool->mu);
	return job;
}

void pm_rank_pool_free(struct pm_rank_pool *pool)
{
	int t;

	if (!pool)
		return;
	if (pool->workers) {
		pthread_mutex_lock(&pool->mu);
		pool->closing = 1;
		pthread_cond_broadcast(&pool->cv);
		pthread_mutex_unlock(&pool->mu);
		for (t = 0; t < pool->workers; t++)
			pthread_join(pool->tid[t], NULL);
		pthread_cond_destroy(&pool->cv);
		pthread_mutex_destroy(&pool->mu);
	}
	/* the jobs put and never taken back (computed by now, or not) */
	while (pool->taken < pool->put)
		pm_rank_job_free(pool->ring[pool->taken++ % PM_RANK_POOL_DEPTH].job);
	free(pool);
}
