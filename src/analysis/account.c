/* powermap — an account's rank, reach and engagement, loaded together. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include "powermap/analysis.h"
#include "paths_internal.h"
#include "powermap/engagement.h"
#include "powermap/store.h"

void pm_account_free(struct pm_account *a)
{
	if (!a)
		return;
	pm_rank_free(a->rank);
	pm_reach_free(a->reach);
	pm_corridor_memo_free(a->memo);
	for (size_t i = 0; a->paths && i < a->n; i++)
		pm_paths_free(a->paths[i]);
	free(a->paths);
	free(a->last_touch);
	free(a->engaged);
	free(a->eng);
	for (size_t i = 0; a->planned && i < a->n; i++) {
		struct pm_planned *x = &a->planned[i];
		free(x->owner);
		free(x->via);
		free(x->channel);
		free(x->status);
		free(x->notes);
	}
	free(a->planned);
	free(a);
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/*
 * Engagement is two-way contact (a meeting, a call, an event, a reply:
 * pm_contact_weight >= 0.6) within engaged_days; any interaction, an
 * unanswered email or a document view included, is a touch (last_touch).
 */
static int load_touches(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			struct pm_error *err)
{
	size_t i;
	int rc;

	if ((rc = pm_engagement(st, a, p, &a->eng, err)) < 0)
		return rc;
	for (i = 0; i < a->n; i++) {
		const struct pm_engagement *e = &a->eng[i];
		snprintf(a->last_touch[i], sizeof(a->last_touch[i]), "%s", e->last);
		a->engaged[i] = e->last_two_way[0] &&
			pm_days_between(e->last_two_way, p->as_of) <= p->engaged_days;
	}
	return 0;
}

struct planned_ctx {
	struct pm_account *a;
	const struct pm_params *p;
};

static int dup_or_null(char **dst, const char *src)
{
	if (!src)
		return 0;
	return (*dst = strdup(src)) ? 0 : PM_ENOMEM;
}

static int on_open_action(const struct pm_action_row *r, void *ctx)
{
	struct planned_ctx *pc = ctx;
	int v = pm_view_vertex(pc->a->rank->view, r->target_id);
	struct pm_planned *x;

	if (v < 0)
		return 0;
	x = &pc->a->planned[v];
	if (x->count++)
		return 0;   /* the first by due date stands for them all */
	x->id = r->id;
	if (r->due)
		snprintf(x->due, sizeof(x->due), "%.10s", r->due);
	x->overdue = x->due[0] && strcmp(x->due, pc->p->as_of) < 0;
	if (dup_or_null(&x->owner, r->owner_name) || dup_or_null(&x->via, r->via_name) ||
	    dup_or_null(&x->channel, r->channel) || dup_or_null(&x->status, r->status) ||
	    dup_or_null(&x->notes, r->notes))
		return PM_ENOMEM;
	return 0;
}

/* The open actions on the account's people (the plan that next respects). */
static int load_planned(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			struct pm_error *err)
{
	struct planned_ctx pc = { a, p };
	int rc = pm_store_actions(st, a->rank->account_id, 1, on_open_action, &pc, err);

	if (rc == PM_ENOMEM)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	return rc;
}

int pm_account_reach_all(struct pm_store *st, struct pm_account *a, const char *account,
			 const struct pm_params *p, struct pm_error *err)
{
	struct pm_paths_opts o;
	size_t i;
	int rc;

	if (a->reach)
		return 0;
	pm_paths_opts_default(&o);
	if ((rc = pm_reach(st, account, p, &o, &a->reach, err)) < 0)
		return rc;
	for (i = 0; i < a->n; i++)
		if (a->reach->view->people[i].id != a->rank->view->people[i].id)
			return pm_error_set(err, PM_ERR, "account changed while it was read");
	return 0;
}

int pm_account_load(struct pm_store *st, const char *account, const struct pm_params *p,
		    int with_reach, struct pm_account **out, struct pm_error *err)
{
	struct pm_account *a;
	double *scores = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!(a = calloc(1, sizeof(*a))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = pm_rank(st, account, p, 0, &a->rank, err)) < 0)
		goto fail;
	a->n = a->rank->n;
	if (with_reach && (rc = pm_account_reach_all(st, a, account, p, err)) < 0)
		goto fail;
	a->paths = calloc(a->n + 1, sizeof(*a->paths));
	a->last_touch = calloc(a->n + 1, sizeof(*a->last_touch));
	a->engaged = calloc(a->n + 1, 1);
	a->planned = calloc(a->n + 1, sizeof(*a->planned));
	scores = malloc((a->n + 1) * sizeof(*scores));
	if (!a->paths || !a->last_touch || !a->engaged || !a->planned || !scores) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = load_touches(st, a, p, err)) < 0 || (rc = load_planned(st, a, p, err)) < 0)
		goto fail;
	for (i = 0; i < a->n; i++)
		scores[i] = a->rank->e[i].score;
	qsort(scores, a->n, sizeof(*scores), cmp_double);
	a->median_power = a->n == 0 ? 0 : a->n % 2 ? scores[a->n / 2]
		: (scores[a->n / 2 - 1] + scores[a->n / 2]) / 2;
	free(scores);
	*out = a;
	return 0;
fail:
	free(scores);
	pm_account_free(a);
	return rc;
}

int pm_account_path(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
		    size_t v, const struct pm_view **view, const struct pm_path **path,
		    struct pm_error *err)
{
	if (!a->reach && !a->paths[v] && !a->memo && !(a->memo = pm_corridor_memo_new()))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	return pm_account_path_memo(st, a, p, v, a->memo, view, path, err);
}

int pm_account_path_memo(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			 size_t v, struct pm_corridor_memo *memo, const struct pm_view **view,
			 const struct pm_path **path, struct pm_error *err)
{
	static const struct pm_path none;
	struct pm_paths_opts o;
	char *key;
	int rc;

	if (a->reach) {
		*view = a->reach->view;
		*path = &a->reach->best[v];
		return 0;
	}
	if (!a->paths[v]) {
		pm_paths_opts_default(&o);
		o.k = 1;
		o.memo = memo;
		key = a->rank->view->people[v].key;
		if ((rc = pm_paths(st, key, p, &o, &a->paths[v], err)) < 0)
			return rc;
	}
	*view = a->paths[v]->view;
	*path = a->paths[v]->n ? &a->paths[v]->paths[0] : &none;
	return 0;
}

/* The jobs of pm_account_share and where they stand (under the lock). */
struct share {
	pthread_mutex_t lock;
	size_t n, claimed;
	pm_account_job_fn job;
	pm_account_after_fn after;
	void *ctx;
	int stop;                  /* after() said no further job need start */
	int rc;                    /* the first failure, by job index */
	size_t failed_at;
	struct pm_error err;
};

/* One thread's part: claim the next job until none is left or wanted. */
static void share_run(struct share *sh, struct pm_store *st, struct pm_corridor_memo *memo)
{
	struct pm_error err;

	pm_error_clear(&err);
	pthread_mutex_lock(&sh->lock);
	while (!sh->stop && !sh->rc && sh->claimed < sh->n) {
		size_t i = sh->claimed++;
		int rc;
		pthread_mutex_unlock(&sh->lock);
		rc = sh->job(sh->ctx, i, st, memo, &err);
		pthread_mutex_lock(&sh->lock);
		if (rc < 0) {
			if (!sh->rc || i < sh->failed_at) {
				sh->rc = rc;
				sh->failed_at = i;
				sh->err = err;
			}
			break;
		}
		if (sh->after && sh->after(sh->ctx, i))
			sh->stop = 1;
	}
	pthread_mutex_unlock(&sh->lock);
}

/* The second thread: its own connection (opened by the caller) and memo. */
struct helper {
	struct share *sh;
	struct pm_store *st;
	struct pm_corridor_memo *memo;
};

static void *helper_run(void *arg)
{
	struct helper *h = arg;

	share_run(h->sh, h->st, h->memo);
	return NULL;
}

int pm_account_share(struct pm_store *st, struct pm_account *a, size_t n, pm_account_job_fn job,
		     pm_account_after_fn after, void *ctx, size_t *failed_at, struct pm_error *err)
{
	struct share sh = { .n = n, .job = job, .after = after, .ctx = ctx };
	struct helper h = { &sh, NULL, NULL };
	struct pm_error ignored;
	pthread_t tid;
	int helping = 0, reading = 0;

	*failed_at = 0;
	if (!a->reach && !a->memo && !(a->memo = pm_corridor_memo_new()))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	pthread_mutex_init(&sh.lock, NULL);
	if (!a->reach && n > 1 && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
	    (h.memo = pm_corridor_memo_new()) &&
	    pm_store_reader_open(st, &h.st, &ignored) == 0) {
		reading = 1;
		helping = pthread_create(&tid, NULL, helper_run, &h) == 0;
	}
	share_run(&sh, st, a->memo);
	if (helping)
		pthread_join(tid, NULL);
	if (reading)
		pm_store_reader_close(st, h.st);
	pm_corridor_memo_free(h.memo);
	pthread_mutex_destroy(&sh.lock);
	if (sh.rc) {
		*failed_at = sh.failed_at;
		*err = sh.err;
		return sh.rc;
	}
	return 0;
}

/* The path to vertices[i] (pm_account_paths_ahead's job). */
struct ahead {
	struct pm_account *a;
	const struct pm_params *p;
	const int *vertices;
};

static int path_ahead(void *ctx, size_t i, struct pm_store *st, struct pm_corridor_memo *memo,
		      struct pm_error *err)
{
	struct ahead *ah = ctx;
	const struct pm_view *view;
	const struct pm_path *path;

	return pm_account_path_memo(st, ah->a, ah->p, (size_t)ah->vertices[i], memo, &view, &path,
				    err);
}

int pm_account_paths_ahead(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			   const int *vertices, size_t n, struct pm_error *err)
{
	struct ahead ah = { a, p, vertices };
	size_t failed_at;

	if (a->reach)
		return 0;
	return pm_account_share(st, a, n, path_ahead, NULL, &ah, &failed_at, err);
}

/* Above this many people wanted, one search over the whole account's corridor. */
#define REACH_ONE_BY_ONE 64

int pm_account_plan_paths(struct pm_store *st, struct pm_account *a, const char *account,
			  const struct pm_params *p, size_t n, struct pm_error *err)
{
	if (n <= REACH_ONE_BY_ONE)
		return 0;
	return pm_account_reach_all(st, a, account, p, err);
}
