/*
 * powermap — engagement per person of an account (issue 10): meetings,
 * calls, replies, unanswered emails and document views — how many, the
 * time spent, the last one — and the trend over the last 30 and 90 days,
 * so a team sees who is interested and who went quiet. Two-way contact
 * (a meeting, a call, an event, a reply) is engagement; an unanswered email
 * or a view is a touch (DESIGN §2).
 */
#ifndef POWERMAP_ENGAGEMENT_H
#define POWERMAP_ENGAGEMENT_H

#include <stddef.h>
#include "analysis.h"
#include "error.h"
#include "store.h"

enum pm_trend {
	PM_TREND_NONE,     /* no two-way contact in 90 days */
	PM_TREND_QUIET,    /* two-way contact in the 90 days, none in the last 30 */
	PM_TREND_STEADY,
	PM_TREND_RISING    /* more per 30 days lately than in the 60 days before */
};

/* The name of a trend: "none", "quiet", "steady", "rising". */
const char *pm_trend_name(enum pm_trend t);

struct pm_engagement {
	int vertex;                    /* in a->rank->view */
	int meetings, calls, replies, unanswered, views, other;
	double minutes;                /* total time recorded */
	char last[20];                 /* the last interaction, "" none */
	char last_two_way[11];         /* the last two-way day, "" none */
	int two_way_30, two_way_90;    /* two-way contact days in the last 30 / 90 */
	enum pm_trend trend;
};

/*
 * The engagement of every person of the account as of p->as_of (entries
 * indexed by vertex; interactions after as_of are not counted). *out is the
 * caller's (free()).
 */
int pm_engagement(struct pm_store *st, const struct pm_account *a, const struct pm_params *p,
		  struct pm_engagement **out, struct pm_error *err);

#endif
