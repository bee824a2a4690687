/* powermap — an account's rank, reach and engagement, loaded together. */
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"

void pm_account_free(struct pm_account *a)
{
	if (!a)
		return;
	pm_rank_free(a->rank);
	pm_reach_free(a->reach);
	for (size_t i = 0; a->paths && i < a->n; i++)
		pm_paths_free(a->paths[i]);
	free(a->paths);
	free(a->last_touch);
	free(a->engaged);
	free(a);
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static int load_touches(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			struct pm_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < a->n; i++) {
		char *at = a->last_touch[i];
		if ((rc = pm_store_last_interaction(st, a->rank->view->people[i].id, p->as_of,
						    at, sizeof(a->last_touch[i]), err)) < 0)
			return rc;
		a->engaged[i] = *at && pm_days_between(at, p->as_of) <= p->engaged_days;
	}
	return 0;
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
	scores = malloc((a->n + 1) * sizeof(*scores));
	if (!a->paths || !a->last_touch || !a->engaged || !scores) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = load_touches(st, a, p, err)) < 0)
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
		key = a->rank->view->people[v].key;
		if ((rc = pm_paths(st, key, p, &o, &a->paths[v], err)) < 0)
			return rc;
	}
	*view = a->paths[v]->view;
	*path = a->paths[v]->n ? &a->paths[v]->paths[0] : &none;
	return 0;
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
