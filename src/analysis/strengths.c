/*
 * powermap — tie strength from the interaction history (see strengths.h).
 *
 * For each pair (one of us, a person) with interactions owned by us in the
 * window: contact days, not counts; each day counts its best contact —
 * meeting or event 1.0, call 0.8, a reply (email or DM inbound, or both
 * ways) 0.6, an unanswered email or DM (outbound) 0.15, other 0.3, a
 * document view 0 (interest, not a relationship) — weighted by recency
 * 2^(-age / half_life). With H the sum, the history says h = 1 - e^(-H / 2)
 * (one fresh meeting 0.39, two 0.63, five 0.92). A tie's source is a prior:
 * a LinkedIn connection 0.2, a card exchange 0.5, none for history alone;
 * the strength is 1 - (1 - prior)(1 - h), so evidence only adds up.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/idmap.h"
#include "powermap/kit.h"
#include "powermap/strengths.h"

#define KAPPA 2.0

double pm_contact_weight(const char *channel, const char *direction)
{
	if (!channel)
		return 0;
	if (!strcmp(channel, "meeting") || !strcmp(channel, "event"))
		return 1.0;
	if (!strcmp(channel, "call"))
		return 0.8;
	if (!strcmp(channel, "view"))
		return 0;
	if (!strcmp(channel, "email") || !strcmp(channel, "dm"))
		return direction && (!strcmp(direction, "inbound") || !strcmp(direction, "both"))
			? 0.6 : 0.15;
	return 0.3;
}

double pm_source_prior(const char *source)
{
	if (source && !strcmp(source, "linkedin"))
		return 0.2;
	if (source && !strcmp(source, "card"))
		return 0.5;
	return 0;
}

double pm_history_strength(double h_sum)
{
	return 1 - exp(-h_sum / KAPPA);
}

/* Sources whose strength history may recompute without --override. */
static int derived(const char *source)
{
	return !source || !*source || !strcmp(source, "linkedin") || !strcmp(source, "card") ||
	       !strcmp(source, "history");
}

/* The evidence of one pair, gathered day by day. */
struct pair {
	int64_t owner, person;
	double h;                  /* sum of day weights * recency */
	char day[11];              /* the day being gathered */
	double day_best;
	char last[11];             /* latest day with two-way contact */
	int days, meetings, calls, replies, sent, views;
};

struct gather {
	struct pm_store *st;
	const struct pm_params *p;
	int override;
	struct pm_strength_change *c;
	size_t n, cap;
	struct pair cur;
	int have;
	struct pm_error *err;
};

static void close_day(struct gather *g)
{
	struct pair *x = &g->cur;

	if (!x->day[0] || !(x->day_best > 0))
		return;
	x->days++;
	x->h += x->day_best * pow(2.0, -(double)pm_days_between(x->day, g->p->as_of) /
				  g->p->half_life);
	if (x->day_best >= 0.6 && strcmp(x->day, x->last) > 0)
		memcpy(x->last, x->day, sizeof(x->last));
}

/* Add a proposed change for the tie (src, source) of the current pair. */
static int propose(struct gather *g, const struct pm_link_row *tie)
{
	struct pair *x = &g->cur;
	struct pm_strength_change *c;
	double prior = tie ? pm_source_prior(tie->source) : 0, s;
	char key[512];
	int rc;

	s = 1 - (1 - prior) * (1 - pm_history_strength(x->h));
	s = round(s * 100) / 100;
	/* the history adds evidence; it lowers a stated strength only when asked */
	if (tie && tie->has_strength && s < tie->strength && !g->override)
		s = tie->strength;
	if (tie && tie->has_strength && fabs(tie->strength - s) < 0.005 &&
	    (!x->last[0] || (tie->last_contact && strcmp(tie->last_contact, x->last) >= 0)))
		return 0;   /* nothing new */
	if (PM_GROW(g->c, g->cap, g->n + 1) < 0)
		return pm_error_set(g->err, PM_ENOMEM, "out of memory");
	c = &g->c[g->n];
	memset(c, 0, sizeof(*c));
	c->owner = x->owner;
	c->person = x->person;
	c->created = !tie;
	c->old_strength = tie && tie->has_strength ? tie->strength : -1;
	c->strength = s;
	c->history = pm_history_strength(x->h);
	c->days = x->days;
	c->meetings = x->meetings;
	c->calls = x->calls;
	c->replies = x->replies;
	c->sent = x->sent;
	c->views = x->views;
	snprintf(c->last_contact, sizeof(c->last_contact), "%s",
		 x->last[0] && (!tie || !tie->last_contact || strcmp(x->last, tie->last_contact) > 0)
		 ? x->last : tie && tie->last_contact ? tie->last_contact : "");
	if (!(c->source = strdup(tie && tie->source ? tie->source : tie ? "" : "history")))
		return pm_error_set(g->err, PM_ENOMEM, "out of memory");
	if ((rc = pm_store_key_of(g->st, PM_T_PEOPLE, x->owner, key, sizeof(key), g->err)) < 0 ||
	    !(c->owner_key = strdup(key)) ||
	    (rc = pm_store_key_of(g->st, PM_T_PEOPLE, x->person, key, sizeof(key), g->err)) < 0 ||
	    !(c->person_key = strdup(key))) {
		g->n++;   /* freed with the others */
		return rc < 0 ? rc : pm_error_set(g->err, PM_ENOMEM, "out of memory");
	}
	g->n++;
	return 0;
}

/* The pair is complete: propose new strengths for its ties (or a new tie). */
static int close_pair(struct gather *g)
{
	struct pair *x = &g->cur;
	struct pm_link_cursor *cur = NULL;
	struct pm_link_row row;
	int rc, any = 0, derived_ties = 0;

	close_day(g);
	if (!g->have || !(x->h > 0))
		return 0;
	if ((rc = pm_store_link_cursor_open(g->st, PM_LINK_BIT(PM_LINK_KNOWS), &cur, g->err)) < 0)
		return rc;
	pm_store_link_cursor_seek(cur, x->owner, g->err);
	while ((rc = pm_store_link_cursor_next(cur, &row, g->err)) > 0) {
		if (row.dst != x->person)
			continue;
		any = 1;
		if (!g->override && row.has_strength && !derived(row.source))
			continue;   /* a strength someone set by hand stays */
		derived_ties++;
		if ((rc = propose(g, &row)) < 0)
			break;
	}
	pm_store_link_cursor_close(cur);
	if (rc < 0)
		return rc;
	/* two-way contact and no tie: the history is the tie */
	if (!any && x->last[0])
		return propose(g, NULL);
	(void)derived_ties;
	return 0;
}

static int on_contact(const struct pm_contact_row *r, void *ctx)
{
	struct gather *g = ctx;
	struct pair *x = &g->cur;
	double w;
	int rc;

	if (!g->have || r->owner != x->owner || r->person != x->person) {
		if ((rc = close_pair(g)) < 0)
			return rc;
		memset(x, 0, sizeof(*x));
		x->owner = r->owner;
		x->person = r->person;
		g->have = 1;
	}
	if (r->owner == r->person)
		return 0;
	if (strcmp(r->day, x->day)) {
		close_day(g);
		snprintf(x->day, sizeof(x->day), "%s", r->day);
		x->day_best = 0;
	}
	w = pm_contact_weight(r->channel, r->direction);
	if (w > x->day_best)
		x->day_best = w;
	if (!strcmp(r->channel, "meeting") || !strcmp(r->channel, "event"))
		x->meetings++;
	else if (!strcmp(r->channel, "call"))
		x->calls++;
	else if (!strcmp(r->channel, "view"))
		x->views++;
	else if (w >= 0.6)
		x->replies++;
	else
		x->sent++;
	return 0;
}

int pm_strengths(struct pm_store *st, const struct pm_params *p, int override,
		 struct pm_strength_change **out, size_t *n, struct pm_error *err)
{
	struct gather g;
	char since[11];
	long days = (long)ceil(p->half_life * 4);
	int rc;

	*out = NULL;
	*n = 0;
	memset(&g, 0, sizeof(g));
	g.st = st;
	g.p = p;
	g.override = override;
	g.err = err;
	/* older than four half-lives weighs under 1/16: the window */
	pm_date_add(p->as_of, -days, since);
	if ((rc = pm_store_contacts(st, since, p->as_of, on_contact, &g, err)) < 0 ||
	    (rc = close_pair(&g)) < 0) {
		pm_strengths_free(g.c, g.n);
		return rc;
	}
	*out = g.c;
	*n = g.n;
	return 0;
}

void pm_strengths_free(struct pm_strength_change *c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		free(c[i].owner_key);
		free(c[i].person_key);
		free(c[i].source);
	}
	free(c);
}
