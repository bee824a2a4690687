/*
 * powermap — the KPIs an account plan is judged by (issue 12): pipeline,
 * weighted pipeline, won this period and ever, win rate, deals by stage,
 * and stalled deals. Amounts are kept per currency, never added across.
 *
 *   open        a deal whose stage is not won or lost (no stage: lead)
 *   pipeline    sum of open deals' amounts
 *   weighted    sum of open amount x probability; a deal without one takes
 *               its stage's: lead 0.1, qualified 0.25, proposal 0.5,
 *               negotiation 0.75
 *   won         its date is the close date, else the last update; "this
 *               period" is from `since` (default: the first day of as_of's
 *               calendar quarter) to as_of
 *   win rate    won / (won + lost), by count, ever
 *   stalled     an open deal not updated for more than stalled_days (14)
 *               as of as_of, or whose close date has passed
 */
#ifndef POWERMAP_KPI_H
#define POWERMAP_KPI_H

#include <stddef.h>
#include "error.h"
#include "params.h"
#include "store.h"

#define PM_STAGES 6   /* pm_deal_stages: lead qualified proposal negotiation won lost */

/* The figures of one currency. */
struct pm_kpi_money {
	char currency[16];             /* as given; "" when a deal gives none */
	double pipeline, weighted;
	double won_period, won_all;
	double stage_amount[PM_STAGES];
};

struct pm_stalled_deal {
	char *key, *name, *account, *stage;
	char updated_at[11], close_date[11];   /* "" when none */
	long idle_days;                /* since the last update; -1 when unknown */
	int past_close;                /* the close date is before as_of */
};

struct pm_kpi {
	char since[11], as_of[11];
	size_t deals, open, won, lost, won_period;
	size_t stage_count[PM_STAGES];
	double win_rate;               /* -1 when nothing was won or lost */
	struct pm_kpi_money *money;    /* by currency, in order of first appearance */
	size_t nmoney;
	struct pm_stalled_deal *stalled;
	size_t nstalled;
	char **accounts;               /* keys of the accounts with deals, sorted */
	size_t naccounts;
};

/*
 * The KPIs of the deals of `account` (an org key or name, with its child
 * orgs), or of every deal when account is NULL, as of p->as_of; `since`
 * starts "this period" (NULL: the first day of as_of's quarter). *out is
 * the caller's (pm_kpi_free).
 */
int pm_kpi(struct pm_store *st, const char *account, const struct pm_params *p,
	   const char *since, struct pm_kpi **out, struct pm_error *err);
void pm_kpi_free(struct pm_kpi *k);

/* The probability a deal without one takes: its stage's (documented above). */
double pm_stage_probability(const char *stage);

/*
 * The one rule for a stalled open deal (kpi, accounts): not updated for more
 * than p->stalled_days before p->as_of, or its close date is past. Dates
 * may be NULL or empty. *idle gets the days since the update (-1: none),
 * *past whether the close date is past (either may be NULL).
 */
struct pm_params;
int pm_deal_stalled(const struct pm_params *p, const char *close_date, const char *updated_at,
		    long *idle, int *past);

#endif
