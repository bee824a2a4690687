/*
 * powermap — risks: the red flags of an account (DESIGN §6 risks), each
 * with the people it concerns and what to do about it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"

struct list {
	struct pm_risk *r;
	size_t n, cap;
};

static struct pm_risk *add(struct list *l, const char *code, const char *severity)
{
	struct pm_risk *x;

	if (l->n == l->cap) {
		struct pm_risk *nr = realloc(l->r, (l->cap = l->cap ? 2 * l->cap : 8) * sizeof(*nr));
		if (!nr)
			return NULL;
		l->r = nr;
	}
	x = &l->r[l->n++];
	memset(x, 0, sizeof(*x));
	x->code = code;
	x->severity = severity;
	return x;
}

static void person(struct pm_risk *x, int v)
{
	if (x->npeople < sizeof(x->people) / sizeof(x->people[0]))
		x->people[x->npeople++] = v;
}

static int has_role(const struct pm_person *p, enum pm_role role)
{
	return p->role_id == role;
}

static int has_stance(const struct pm_person *p, enum pm_stance stance)
{
	return p->stance_id == stance;
}

/* "via NAME (ORG), 0.62" or "no warm path" for advice lines. */
static int route(struct pm_store *st, struct pm_account *a, const struct pm_params *p, int v,
		 char *buf, size_t size, struct pm_error *err)
{
	const struct pm_view *view;
	const struct pm_path *b;
	int rc;

	if ((rc = pm_account_path(st, a, p, (size_t)v, &view, &b, err)) < 0)
		return rc;
	if (b->len >= 2) {
		const struct pm_person *i = &view->people[b->nodes[0]];
		snprintf(buf, size, "a referral via %s%s%s%s (%.2f)", i->name,
			 i->org_name ? " (" : "", i->org_name ? i->org_name : "",
			 i->org_name ? ")" : "", b->score);
	} else {
		snprintf(buf, size, "cold outreach (%s): no warm path",
			 pm_outbound_channel(&a->rank->view->people[v]));
	}
	return 0;
}

/* The most powerful people matching a predicate, best first, into x. */
static int top_by(const struct pm_account *a, int (*pred)(const struct pm_account *, int),
		  struct pm_risk *x)
{
	size_t i;
	int found = 0;

	for (i = 0; i < a->n; i++) {
		int v = a->rank->order[i];
		if (pred(a, v)) {
			person(x, v);
			found++;
		}
	}
	return found;
}

static int unengaged_above_median(const struct pm_account *a, int v)
{
	return !a->engaged[v] && a->rank->e[v].score > a->median_power;
}

/* Knows ties from our side to account people, last used before the cutoff. */
static int stale_ties(struct pm_store *st, const struct pm_account *a, const struct pm_params *p,
		      struct list *l, struct pm_error *err)
{
	struct pm_risk *x = NULL;
	size_t i;
	int rc = 0, n = 0, oldest = 0;

	for (i = 0; i < a->n; i++) {
		char last[32];
		long days;
		int v = a->rank->order[i];
		if ((rc = pm_store_last_contact_ours(st, a->rank->view->people[v].id, last,
						     sizeof(last), err)) < 0)
			break;
		if (!*last)
			continue;
		days = pm_days_between(last, p->as_of);
		if (days <= p->stale_days)
			continue;
		if (!x && !(x = add(l, "stale_relationships", "medium"))) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			break;
		}
		person(x, v);
		n++;
		if (days > oldest)
			oldest = (int)days;
	}
	if (x && rc == 0) {
		snprintf(x->title, sizeof(x->title),
			 "%d people are known to us only through ties older than %d days "
			 "(oldest %d days)", n, p->stale_days, oldest);
		snprintf(x->advice, sizeof(x->advice),
			 "Refresh these relationships before you need them: a call or a meeting "
			 "through the person who knows them, then record the contact.");
	}
	return rc;
}

int pm_risks(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
	     struct pm_risk **risks, size_t *nrisks, struct pm_error *err)
{
	struct list l = { NULL, 0, 0 };
	const struct pm_view *v = a->rank->view;
	struct pm_risk *x;
	char how[512];
	size_t i;
	int eb = -1, champions = 0, strong_engaged = 0, rc = 0;

	*risks = NULL;
	*nrisks = 0;
#define ADD(code, sev) do { if (!(x = add(&l, code, sev))) goto nomem; } while (0)
	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_person *pp = &v->people[u];
		if (eb < 0 && has_role(pp, PM_ROLE_ECONOMIC_BUYER))
			eb = u;
		if (has_role(pp, PM_ROLE_CHAMPION) || has_role(pp, PM_ROLE_COACH) || has_stance(pp, PM_STANCE_CHAMPION))
			champions++;
		if (a->engaged[u] && a->rank->e[u].score > a->median_power)
			strong_engaged++;
	}
	if (a->n == 0)
		goto done;
	if (eb < 0) {
		ADD("no_economic_buyer", "high");
		snprintf(x->title, sizeof(x->title), "No economic buyer identified");
		snprintf(x->advice, sizeof(x->advice),
			 "Find out who signs: ask your coach or champion, or the most powerful "
			 "person you already reach.");
	} else if (!a->engaged[eb]) {
		if ((rc = route(st, a, p, eb, how, sizeof(how), err)) < 0)
			goto fail;
		ADD("economic_buyer_not_reached", "high");
		person(x, eb);
		snprintf(x->title, sizeof(x->title), "Economic buyer %s not engaged in %d days",
			 v->people[eb].name, p->engaged_days);
		snprintf(x->advice, sizeof(x->advice), "Reach %s through %s.", v->people[eb].name,
			 how);
	}
	if (champions == 0) {
		ADD("no_champion", "high");
		snprintf(x->title, sizeof(x->title), "No champion or coach");
		snprintf(x->advice, sizeof(x->advice),
			 "Develop a champion among the supporters with power, and a coach who "
			 "explains the politics.");
		for (i = 0; i < a->n && x->npeople < 3; i++) {
			int u = a->rank->order[i];
			if (has_stance(&v->people[u], PM_STANCE_SUPPORTER))
				person(x, u);
		}
	}
	if (strong_engaged < 3) {
		ADD("single_threaded", "high");
		snprintf(x->title, sizeof(x->title),
			 "Single-threaded: %d engaged %s with power above the median (want 3)",
			 strong_engaged, strong_engaged == 1 ? "person" : "people");
		snprintf(x->advice, sizeof(x->advice),
			 "Engage more of the powerful people (see 'powermap next'); these are the "
			 "strongest not yet engaged.");
		top_by(a, unengaged_above_median, x);
		if (x->npeople > 5)
			x->npeople = 5;
	}
	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_person *pp = &v->people[u];
		if (a->rank->e[u].score >= a->median_power &&
		    (has_stance(pp, PM_STANCE_OPPONENT) ||
		     (has_stance(pp, PM_STANCE_SKEPTIC) && a->rank->e[u].score >= p->key_power))) {
			ADD("powerful_opponent", has_stance(pp, PM_STANCE_OPPONENT) ? "high" : "medium");
			person(x, u);
			snprintf(x->title, sizeof(x->title), "Powerful %s: %s (power %.2f)",
				 pp->stance, pp->name, a->rank->e[u].score);
			snprintf(x->advice, sizeof(x->advice),
				 "Understand the objection and neutralize it: a peer reference, a "
				 "pilot that answers it, or sponsorship from above.");
		}
	}
	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_view *view;
		const struct pm_path *best;
		if (a->rank->e[u].score < p->key_power || a->engaged[u])
			continue;
		if ((rc = pm_account_path(st, a, p, (size_t)u, &view, &best, err)) < 0)
			goto fail;
		if (best->len < 2) {
			ADD("key_person_cold", "medium");
			person(x, u);
			snprintf(x->title, sizeof(x->title), "No warm path to %s (power %.2f)",
				 v->people[u].name, a->rank->e[u].score);
			snprintf(x->advice, sizeof(x->advice),
				 "Build a route: ask partners, investors and bankers who know %s, or go "
				 "outbound (%s) with content for their role.",
				 v->people[u].name, pm_outbound_channel(&v->people[u]));
		}
	}
	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_person *pp = &v->people[u];
		long quiet;
		if (!(has_role(pp, PM_ROLE_CHAMPION) || has_stance(pp, PM_STANCE_CHAMPION)))
			continue;
		quiet = a->last_touch[u][0] ? pm_days_between(a->last_touch[u], p->as_of) : -1;
		if (quiet >= 0 && quiet < p->quiet_days)
			continue;
		ADD("quiet_champion", "medium");
		person(x, u);
		if (quiet < 0)
			snprintf(x->title, sizeof(x->title), "Champion %s: no recorded contact",
				 pp->name);
		else
			snprintf(x->title, sizeof(x->title), "Champion %s: no contact for %ld days",
				 pp->name, quiet);
		snprintf(x->advice, sizeof(x->advice),
			 "Call %s this week: champions cool off when left alone.", pp->name);
	}
	if ((rc = stale_ties(st, a, p, &l, err)) < 0)
		goto fail;
done:
	*risks = l.r;
	*nrisks = l.n;
	return 0;
nomem:
	rc = pm_error_set(err, PM_ENOMEM, "out of memory");
fail:
	free(l.r);
	return rc;
#undef ADD
}
