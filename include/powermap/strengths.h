/*
 * powermap — the strength of `knows` ties from the interaction history
 * (issue 10): contact days, not message counts; two-way contact (a meeting,
 * a call, a reply) counts, an unanswered email barely, a document view not
 * at all; recent days count more (the half-life of params.h); a tie's
 * source is its prior (a LinkedIn connection 0.2, a card exchange 0.5).
 *
 *   day weight  meeting/event 1.0, call 0.8, reply (email/DM inbound or
 *               both ways) 0.6, email/DM outbound 0.15, other 0.3, view 0
 *   H           sum over contact days of the day's best weight x
 *               2^(-age / half_life), over the last four half-lives
 *   h           1 - e^(-H / 2)
 *   strength    1 - (1 - prior)(1 - h), to two decimals
 *
 * Ties whose strength was set by hand (any other source with a strength)
 * are kept, and no strength is lowered, unless `override` (decay with time
 * already weakens a tie that went quiet). A pair with two-way contact and no tie gets
 * a new tie of source `history`. The last contact becomes the latest day
 * of two-way contact when it is later.
 */
#ifndef POWERMAP_STRENGTHS_H
#define POWERMAP_STRENGTHS_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "params.h"
#include "store.h"

/* A tie whose strength the history changes (or a new tie). */
struct pm_strength_change {
	int64_t owner, person;       /* one of us; the other */
	char *owner_key, *person_key;
	char *source;                /* the tie's source; "history" for a new tie */
	int created;                 /* a new tie */
	double old_strength;         /* -1: none was given */
	double strength;             /* the new strength */
	double history;              /* h */
	char last_contact[11];       /* the new last contact ("" none) */
	int days, meetings, calls, replies, sent, views;   /* the evidence */
};

/*
 * The changes the history makes to the ties between our people and the
 * people they met, as of p->as_of. *out is the caller's (pm_strengths_free).
 * Nothing is written: apply them with pm_store_put on links.
 */
int pm_strengths(struct pm_store *st, const struct pm_params *p, int override,
		 struct pm_strength_change **out, size_t *n, struct pm_error *err);
void pm_strengths_free(struct pm_strength_change *c, size_t n);

/* The parts of the formula, for tests and the README's worked example. */
double pm_contact_weight(const char *channel, const char *direction);
double pm_source_prior(const char *source);
double pm_history_strength(double h_sum);

#endif
