/* powermap — engagement per person of an account (see engagement.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/engagement.h"
#include "powermap/strengths.h"

const char *pm_trend_name(enum pm_trend t)
{
	static const char *const names[] = { "none", "quiet", "steady", "rising" };

	return names[t];
}

struct gather {
	const struct pm_account *a;
	const struct pm_params *p;
	struct pm_engagement *e;
	/* per person: the last two-way day counted, so that days count once */
	char (*counted)[11];
};

/* The vertex of person `key` in the account, or -1 (people are ordered by key). */
static int vertex_of(const struct pm_view *v, const char *key)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(v->people[mid].key, key);
		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* One interaction: person, at, channel, owner, subject, minutes, direction. */
static int on_interaction(const char *const *vals, size_t n, void *ctx)
{
	struct gather *g = ctx;
	struct pm_engagement *e;
	const char *at = vals[1], *channel = vals[2], *direction = vals[6];
	char day[11];
	double w;
	long age;
	int v = vertex_of(g->a->rank->view, vals[0]);

	(void)n;
	snprintf(day, sizeof(day), "%.10s", at);
	if (v < 0 || strcmp(day, g->p->as_of) > 0)
		return 0;
	e = &g->e[v];
	w = pm_contact_weight(channel, direction);
	if (!strcmp(channel, "meeting") || !strcmp(channel, "event"))
		e->meetings++;
	else if (!strcmp(channel, "call"))
		e->calls++;
	else if (!strcmp(channel, "view"))
		e->views++;
	else if (!strcmp(channel, "email") || !strcmp(channel, "dm"))
		w >= 0.6 ? e->replies++ : e->unanswered++;
	else
		e->other++;
	if (vals[5] && *vals[5])
		e->minutes += strtod(vals[5], NULL);
	if (strcmp(at, e->last) > 0)
		snprintf(e->last, sizeof(e->last), "%s", at);
	if (w < 0.6)
		return 0;   /* a touch, not engagement */
	if (strcmp(day, e->last_two_way) > 0)
		memcpy(e->last_two_way, day, sizeof(day));
	if (!strcmp(g->counted[v], day))
		return 0;
	memcpy(g->counted[v], day, sizeof(day));
	age = pm_days_between(day, g->p->as_of);
	if (age < 30)
		e->two_way_30++;
	if (age < 90)
		e->two_way_90++;
	return 0;
}

int pm_engagement(struct pm_store *st, const struct pm_account *a, const struct pm_params *p,
		  struct pm_engagement **out, struct pm_error *err)
{
	struct gather g = { a, p, calloc(a->n + 1, sizeof(*g.e)), calloc(a->n + 1, 11) };
	struct pm_filter f = { NULL, NULL };
	char *key = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!g.e || !g.counted) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < a->n; i++)
		g.e[i].vertex = (int)i;
	/* interactions come ordered by person and time: days count once */
	if (!(key = malloc(512))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = pm_store_key_of(st, PM_T_ORGS, a->rank->account_id, key, 512, err)) < 0)
		goto out;
	f.org = key;
	if ((rc = pm_store_select(st, PM_T_INTERACTIONS, &f, on_interaction, &g, err)) < 0)
		goto out;
	for (i = 0; i < a->n; i++) {
		struct pm_engagement *e = &g.e[i];
		int before = e->two_way_90 - e->two_way_30;
		e->trend = !e->two_way_90 ? PM_TREND_NONE : !e->two_way_30 ? PM_TREND_QUIET
			: e->two_way_30 * 2 > before ? PM_TREND_RISING : PM_TREND_STEADY;
	}
	*out = g.e;
	g.e = NULL;
out:
	free(key);
	free(g.e);
	free(g.counted);
	return rc;
}
