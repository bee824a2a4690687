/*
 * powermap — the team (issue 12): who on our side (staff, partners,
 * investors, bankers) holds which tie into an account, what they own of the
 * plan, and which doors nobody of ours can open.
 */
#ifndef POWERMAP_TEAM_H
#define POWERMAP_TEAM_H

#include <stddef.h>
#include "analysis.h"
#include "error.h"
#include "graph.h"
#include "store.h"

/* A tie is useful from this effective strength up. */
#define PM_TEAM_USEFUL 0.3

struct pm_team_tie {
	int vertex;                /* the account person, in a->rank->view */
	double strength;           /* effective (decayed) */
	char last_contact[11];     /* "" when none */
	const char *source;        /* borrowed from the team's view; may be NULL */
};

struct pm_team_member {
	int vertex;                /* our person, in team->view */
	struct pm_team_tie *ties;  /* by descending power of whom they know */
	size_t nties;
	size_t open, overdue, done;   /* actions they own on the account */
	int useful;                /* holds a tie of PM_TEAM_USEFUL or more */
	double reach;              /* sum over ties of strength x power: the order */
};

struct pm_team {
	struct pm_view *view;      /* our people (their ties into the account in view->ties) */
	struct pm_team_member *m;  /* by descending reach */
	size_t n;
	int *unreached;            /* key account people (power >= key_power) nobody of ours
				      knows: vertices of a->rank->view, by power */
	size_t nunreached;
};

/*
 * The team of account `a` (loaded with pm_account_load) as of p->as_of:
 * every person of ours with a `knows` tie into the account, plus those who
 * own actions on it. *out is the caller's (pm_team_free).
 */
int pm_team(struct pm_store *st, const struct pm_account *a, const struct pm_params *p,
	    struct pm_team **out, struct pm_error *err);
void pm_team_free(struct pm_team *t);

#endif
