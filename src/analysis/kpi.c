/* powermap — account KPIs and stalled deals (see kpi.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/kpi.h"
#include "powermap/model.h"
#include "powermap/table.h"

double pm_stage_probability(const char *stage)
{
	static const double p[] = { 0.1, 0.25, 0.5, 0.75, 1, 0 };
	int i = stage ? pm_enum_find(pm_deal_stages, stage) : 0;

	return p[i < 0 ? 0 : i];
}

void pm_kpi_free(struct pm_kpi *k)
{
	size_t i;

	if (!k)
		return;
	for (i = 0; i < k->nstalled; i++) {
		free(k->stalled[i].key);
		free(k->stalled[i].name);
		free(k->stalled[i].account);
		free(k->stalled[i].stage);
	}
	for (i = 0; i < k->naccounts; i++)
		free(k->accounts[i]);
	free(k->accounts);
	free(k->stalled);
	free(k->money);
	free(k);
}

struct gather {
	struct pm_kpi *k;
	const struct pm_params *p;
	size_t cap_money, cap_stalled, cap_accounts;
};

static struct pm_kpi_money *money_of(struct gather *g, const char *currency)
{
	struct pm_kpi *k = g->k;
	size_t i;

	for (i = 0; i < k->nmoney; i++)
		if (!strcmp(k->money[i].currency, currency))
			return &k->money[i];
	if (PM_GROW(k->money, g->cap_money, k->nmoney + 1) < 0)
		return NULL;
	memset(&k->money[k->nmoney], 0, sizeof(k->money[0]));
	snprintf(k->money[k->nmoney].currency, sizeof(k->money[0].currency), "%s", currency);
	return &k->money[k->nmoney++];
}

static int note_account(struct gather *g, const char *key)
{
	struct pm_kpi *k = g->k;
	size_t i;

	for (i = 0; i < k->naccounts; i++)
		if (!strcmp(k->accounts[i], key))
			return 0;
	if (PM_GROW(k->accounts, g->cap_accounts, k->naccounts + 1) < 0 ||
	    !(k->accounts[k->naccounts] = strdup(key)))
		return PM_ENOMEM;
	k->naccounts++;
	return 0;
}

static char *dup0(const char *s)
{
	return strdup(s ? s : "");
}

static int stall(struct gather *g, const char *const *v, long idle, int past)
{
	struct pm_kpi *k = g->k;
	struct pm_stalled_deal *x;

	if (PM_GROW(k->stalled, g->cap_stalled, k->nstalled + 1) < 0)
		return PM_ENOMEM;
	x = &k->stalled[k->nstalled++];
	memset(x, 0, sizeof(*x));
	x->key = dup0(v[0]);
	x->account = dup0(v[1]);
	x->name = dup0(v[2]);
	x->stage = dup0(v[3] ? v[3] : "lead");
	snprintf(x->updated_at, sizeof(x->updated_at), "%.10s", v[8] ? v[8] : "");
	snprintf(x->close_date, sizeof(x->close_date), "%.10s", v[7] ? v[7] : "");
	x->idle_days = idle;
	x->past_close = past;
	return x->key && x->account && x->name && x->stage ? 0 : PM_ENOMEM;
}

/* One deal: key, account, name, stage, amount, currency, probability, close_date, updated_at. */
static int on_deal(const char *const *v, size_t n, void *ctx)
{
	struct gather *g = ctx;
	struct pm_kpi *k = g->k;
	const char *stage = v[3] && *v[3] ? v[3] : "lead";
	int si = pm_enum_find(pm_deal_stages, stage);
	double amount = v[4] ? strtod(v[4], NULL) : 0;
	double prob = v[6] ? strtod(v[6], NULL) : pm_stage_probability(stage);
	const char *when = v[7] && *v[7] ? v[7] : v[8];
	struct pm_kpi_money *m;

	(void)n;
	if (si < 0)
		si = 0;
	if (note_account(g, v[1]) < 0 || !(m = money_of(g, v[5] ? v[5] : "")))
		return PM_ENOMEM;
	k->deals++;
	k->stage_count[si]++;
	m->stage_amount[si] += amount;
	if (!strcmp(stage, "won")) {
		if (when && strncmp(when, k->as_of, 10) > 0)
			return 0;   /* won after as_of: not yet */
		k->won++;
		m->won_all += amount;
		if (when && strncmp(when, k->since, 10) >= 0) {
			k->won_period++;
			m->won_period += amount;
		}
		return 0;
	}
	if (!strcmp(stage, "lost")) {
		k->lost++;
		return 0;
	}
	k->open++;
	m->pipeline += amount;
	m->weighted += amount * prob;
	{
		long idle;
		int past;
		if (pm_deal_stalled(g->p, v[7], v[8], &idle, &past))
			return stall(g, v, idle, past);
	}
	return 0;
}

int pm_deal_stalled(const struct pm_params *p, const char *close_date, const char *updated_at,
		    long *idle, int *past)
{
	long i = updated_at && *updated_at ? pm_days_between(updated_at, p->as_of) : -1;
	int pa = close_date && *close_date && strncmp(close_date, p->as_of, 10) < 0;

	if (idle)
		*idle = i;
	if (past)
		*past = pa;
	return i > p->stalled_days || pa;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pm_kpi(struct pm_store *st, const char *account, const struct pm_params *p,
	   const char *since, struct pm_kpi **out, struct pm_error *err)
{
	struct gather g = { calloc(1, sizeof(struct pm_kpi)), p, 0, 0, 0 };
	struct pm_filter f = { account, NULL };
	int rc;

	*out = NULL;
	if (!g.k)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	memcpy(g.k->as_of, p->as_of, sizeof(g.k->as_of));
	if (since) {
		if (strlen(since) != 10 || !pm_date_valid(since)) {
			pm_kpi_free(g.k);
			return pm_error_set(err, PM_EINVAL, "'%s' is not a date (YYYY-MM-DD)", since);
		}
		memcpy(g.k->since, since, sizeof(g.k->since));
	} else {
		/* the first day of as_of's calendar quarter */
		static const char *const starts[] = { "01", "04", "07", "10" };
		int month = atoi(p->as_of + 5);
		snprintf(g.k->since, sizeof(g.k->since), "%.4s-%s-01", p->as_of,
			 starts[(month >= 1 && month <= 12 ? month - 1 : 0) / 3]);
	}
	rc = pm_store_select(st, PM_T_DEALS, account ? &f : NULL, on_deal, &g, err);
	if (rc == PM_ENOMEM)
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	if (rc < 0) {
		pm_kpi_free(g.k);
		return rc;
	}
	g.k->win_rate = g.k->won + g.k->lost ? (double)g.k->won / (double)(g.k->won + g.k->lost) : -1;
	if (g.k->naccounts)   /* no array when no deals */
		qsort(g.k->accounts, g.k->naccounts, sizeof(char *), by_key);
	*out = g.k;
	return 0;
}
