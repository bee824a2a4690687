/*
 * powermap — review (issue 12): what changed in an account since a date or
 * since the last review mark. A mark (pm_review_mark) stores the ranking,
 * the KPIs and the risks of the moment; a review compares today's with the
 * latest mark and lists the history of the account's records since then.
 */
#ifndef POWERMAP_REVIEW_H
#define POWERMAP_REVIEW_H

#include <stddef.h>
#include "analysis.h"
#include "error.h"
#include "params.h"
#include "store.h"

struct pm_review_change {    /* one history row about the account */
	char *at, *entity, *subject, *action, *field, *old_value, *new_value;
};

struct pm_review_move {      /* a person whose place in the ranking changed */
	char *key, *name;
	int rank_then, rank_now; /* 1-based; 0 when not ranked then (new) or now (gone) */
	double score_then, score_now;
};

struct pm_review_money {     /* KPIs of one currency, then and now */
	char currency[16];
	double pipeline[2], weighted[2], won[2];   /* [0] then, [1] now */
};

struct pm_review {
	char since[24];          /* history from (a date or a mark's time) */
	char mark_at[24];        /* the mark compared with; "" when there is none */
	struct pm_review_change *changes;
	size_t nchanges;
	struct pm_review_move *moves;   /* by rank now */
	size_t nmoves;
	char **risks_new, **risks_resolved;     /* titles, in p->lang */
	size_t nnew, nresolved;
	struct pm_review_money *money;
	size_t nmoney;
	size_t stalled[2];       /* stalled deals then, now */
};

/*
 * Record a review mark for account `a` (key `account`): its ranking, KPIs
 * and risks now (p->as_of), at the store's clock.
 */
int pm_review_mark(struct pm_store *st, struct pm_account *a, const char *account,
		   const struct pm_params *p, struct pm_error *err);

/*
 * The review of account `a` (key `account`): the history of its people,
 * ties, deals, actions, plan and orgs since `since` (NULL: since the latest
 * mark, or all when there is none), and today's ranking, risks and KPIs
 * against the latest mark made at or before `since` (NULL: the latest).
 * *out is the caller's (pm_review_free).
 */
int pm_review(struct pm_store *st, struct pm_account *a, const char *account,
	      const struct pm_params *p, const char *since, struct pm_review **out,
	      struct pm_error *err);
void pm_review_free(struct pm_review *r);

#endif
