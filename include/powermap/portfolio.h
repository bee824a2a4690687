/*
 * powermap — target accounts across the portfolio (issue 14): every
 * customer account scored on how it resembles the accounts we won (fit), how
 * well our side already reaches its most powerful people (warm reach and the
 * coverage of the buying roles), how engaged those people are, and its open
 * pipeline — with the components and a one-line "why", like rank's.
 *
 * One pass over the whole network answers for every account at once: a
 * single multi-source, hop-bounded best-strength search from all of our side
 * (the rules of paths: our people start paths and never carry them, no
 * opponent or blocker in between, the hop discount), so the best warm-path
 * strength to every person equals what `paths -k 1` finds for them.
 */
#ifndef POWERMAP_PORTFOLIO_H
#define POWERMAP_PORTFOLIO_H

#include <stddef.h>
#include <stdint.h>
#include "analysis.h"
#include "error.h"
#include "params.h"
#include "store.h"

/* What fit compared an account with its closest won account on (bits). */
#define PM_FIT_INDUSTRY  1u   /* same industry (compared as names are) */
#define PM_FIT_EMPLOYEES 2u   /* employees within 10x (1 - |log10 ratio|) */
#define PM_FIT_REVENUE   4u   /* revenue in the same currency within 10x */
#define PM_FIT_REGION    8u   /* same region */
#define PM_FIT_GROUP     16u  /* same parent group */

/*
 * The parts of the combined score, in the order of score_w (names and
 * default weights in params.h: pm_score_names, pm_score_weights; fit's
 * attributes: pm_fit_names, pm_fit_weights, where an attribute either side
 * does not know adds nothing).
 */
enum pm_score_part {
	PM_SCORE_FIT, PM_SCORE_REACH, PM_SCORE_COVERAGE, PM_SCORE_ENGAGEMENT, PM_SCORE_PIPELINE
};

/*
 * Weights need not sum to 1: the score is sum(w * component) / sum(w), and
 * fit is sum(fit_w * match) / sum(fit_w). Each weight is >= 0 and at least
 * one of each set is > 0 (pm_portfolio checks).
 */
/* Which accounts a caller looks at (pm_portfolio_opts.kind). */
enum pm_accounts_kind {
	PM_ACCOUNTS_ALL,        /* every account */
	PM_ACCOUNTS_CUSTOMERS,  /* those with a won deal */
	PM_ACCOUNTS_PROSPECTS   /* those without */
};

struct pm_portfolio_opts {
	size_t key_people;        /* the most powerful people of each account looked at (5) */
	unsigned via;             /* who on our side may start paths: PM_VIA_* (PM_VIA_ALL) */
	double score_w[5];        /* the score's parts (params' score_w) */
	double fit_w[5];          /* fit's attributes (params' fit_w) */
	/*
	 * What the caller will look at: the first `top` (0: all) of the accounts
	 * of `kind` (and with no_plan, those with no plan section), in the order
	 * of `sort` ("score" when NULL, "fit", "reach", "pipeline": as
	 * pm_portfolio_sort). Those are ranked and scored exactly as when all
	 * are; an account that cannot be among them (an upper bound of its score
	 * below the top'th exact one) may be left unranked (DESIGN §6 accounts).
	 */
	const char *sort;
	size_t top;
	enum pm_accounts_kind kind;
	int no_plan;
	/* Called after each account is ranked (done of total), or NULL; non-zero stops. */
	int (*progress)(size_t done, size_t total, void *ctx);
	void *progress_ctx;
};

/* Defaults of pm_portfolio_opts: the weights are p's (config's, or the built-in ones). */
void pm_portfolio_opts_default(struct pm_portfolio_opts *o, const struct pm_params *p);

/*
 * Set weights from "name=value,name=value": with fit 0 the score's (fit,
 * reach, coverage, engagement, pipeline), with fit 1 fit's attributes
 * (industry, employees, revenue, region, group). Names not given keep their
 * value. PM_EINVAL naming the bad part (unknown name, not a number from 0
 * to 100, all zero); *o is unchanged then.
 */
int pm_portfolio_weights_parse(const char *list, int fit, struct pm_portfolio_opts *o,
			       struct pm_error *err);

/* One of an account's most powerful people. */
struct pm_key_person {
	int64_t id;
	char *key, *name, *title;  /* owned */
	enum pm_role role;
	double power;              /* rank score in the account */
	double reach;              /* best warm-path strength (paths -k 1); 0: none */
	int engaged;               /* two-way contact within engaged_days */
	int64_t holder;            /* our person who holds the first tie of that path; 0: none */
};

/* Our person holding the first tie of best paths to an account's key people. */
struct pm_holder {
	int64_t id;
	char *key, *name, *org;    /* owned */
	int paths;                 /* key people whose best path starts with them */
	double best;               /* the strongest of those paths */
};

/* Buying roles of coverage (bits): economic buyer, decision maker, technical buyer. */
#define PM_COVER_EB 1u
#define PM_COVER_DM 2u
#define PM_COVER_TB 4u

struct pm_account_score {
	int64_t id;
	char *key, *name, *industry, *region, *currency;  /* owned; NULL: not set */
	double employees, revenue;      /* -1: not known */
	size_t people;                  /* in the account and its child orgs */
	int won;                        /* has a won deal: a customer (else a prospect) */
	int plan_sections;              /* account-plan sections written (0: no plan) */
	/* components, each in [0, 1], and the weighted score */
	double fit, reach, coverage, engagement, pipeline, score;
	ptrdiff_t fit_with;             /* the won account it resembles most (index), -1 none */
	unsigned fit_on;                /* PM_FIT_* matched with it */
	unsigned roles_held, roles_covered;  /* PM_COVER_* identified / reached warm or engaged */
	struct pm_key_person *keyp;     /* the key people, by power */
	size_t nkey;
	size_t nengaged, nwarm;         /* key people engaged / with a warm path */
	struct pm_holder holders[3];    /* our people with the strongest ties, best first */
	size_t nholders;
	/* deals (of the account and its child orgs) */
	int open_deals, won_deals, lost_deals, stalled_deals;
	double open_amount, won_amount; /* in `deal_currency` (mixed currencies: the largest one's) */
	char deal_currency[8];
	char *why;                      /* one line (owned; p->lang) */
	int ranked;                     /* 0: left out (not wanted, or below the top asked
					   for): only fit, coverage and the deals are set */
};

struct pm_portfolio {
	struct pm_account_score *a;     /* every customer account (top-level customer orgs) */
	size_t n;
	size_t *order;                  /* the ranked by descending score, then key; then
					   the others by key */
	size_t nwon;                    /* accounts with a won deal (fit's reference) */
	size_t people, ties;            /* read */
	int betweenness_sampled;        /* accounts whose broker score was sampled */
	size_t cached;                  /* accounts whose ranking came from the cache */
	size_t ranked;                  /* accounts ranked and scored (the rest: left out) */
};

/*
 * Score every customer account (a customer org whose parent is not a
 * customer; its child orgs belong to it) as of p->as_of, the ones the caller
 * looks at (o->top, o->kind, o->no_plan) at least; pf->order is sorted by
 * o->sort. PM_EINVAL for bad options. *out is the caller's (pm_portfolio_free).
 */
int pm_portfolio(struct pm_store *st, const struct pm_params *p,
		 const struct pm_portfolio_opts *o, struct pm_portfolio **out,
		 struct pm_error *err);
void pm_portfolio_free(struct pm_portfolio *pf);

/* Whether account a is one the caller looks at (o->kind, o->no_plan). */
int pm_portfolio_wanted(const struct pm_portfolio_opts *o, const struct pm_account_score *a);

/*
 * Sort pf->order by `by`: "score" (default, NULL), "fit", "reach",
 * "pipeline" (open amount, then score); the accounts left unranked last, by
 * key. PM_EINVAL names an unknown word; with pf NULL, only the word is checked.
 */
int pm_portfolio_sort(struct pm_portfolio *pf, const char *by, struct pm_error *err);

#endif
