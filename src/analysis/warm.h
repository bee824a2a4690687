/*
 * powermap — the warm search over the whole network (not public): the best
 * warm-path strength from our side to every person, in one pass over the
 * people and one over the ties, for the portfolio (accounts) and for reach
 * of large accounts. See warm.c.
 */
#ifndef POWERMAP_WARM_H
#define POWERMAP_WARM_H

#include <stddef.h>
#include <stdint.h>
#include "powermap/error.h"
#include "powermap/params.h"
#include "powermap/store.h"

#define WARM_SOURCE 1u    /* one of ours who may start a path (via) */
#define WARM_OURS 2u      /* one of ours (never carries a path) */
#define WARM_INTER 4u     /* may introduce: not ours, no opponent or blocker */

/*
 * Called for every person (dense index, in row-id order) and every tie
 * (dense ends a, b) as they are read; either may be NULL; a non-zero return
 * stops the search and is returned.
 */
struct warm_hooks {
	int (*person)(const struct pm_person_brief *r, int dense, void *ctx);
	int (*tie)(const struct pm_link_row *r, int a, int b, void *ctx);
	void *ctx;
};

struct warm {
	size_t n;                 /* people read */
	int64_t *id;              /* dense index -> person row id */
	unsigned char *flags;     /* WARM_* */
	double *best;             /* best warm-path score (paths -k 1); 0: none */
	int *origin;              /* dense index of our person whose tie starts it */
	/* with preds: per level h = 1..H, pred[(h - 1) * n + v] */
	int H;
	int *pred_from;           /* dense index of the previous person; -1: carried from h - 1 */
	int64_t *pred_link;       /* the link row id used */
	size_t ties;              /* ties read */
	/* private */
	int *ix;
	size_t ixcap, cap;
};

/*
 * Search from our people of kinds `via` (PM_VIA_*), through people who are
 * not ours and (unless allow_blockers) neither opponents nor blockers, at
 * most p->max_hops ties, strengths as pm_relation_strength, p->hop_discount
 * per introduction. With `preds`, remember how each best walk was made
 * (warm_path). *out is the caller's (warm_free).
 */
int warm_search(struct pm_store *st, const struct pm_params *p, unsigned via,
		int allow_blockers, int preds, const struct warm_hooks *hooks,
		struct warm **out, struct pm_error *err);
void warm_free(struct warm *w);

/*
 * Tests only: non-zero makes warm_search read and apply the ties on the
 * calling thread, as on a machine with one processor.
 */
extern int warm_single_thread;

/* Dense index of person row id, or -1. */
int warm_dense(const struct warm *w, int64_t id);

/*
 * The best walk to dense v (needs preds): people[0] is ours, people[len-1]
 * is v; links[i] the link row id between people[i] and people[i+1].
 * Returns len (>= 2), 0 when there is none, -1 when the walk is not a simple
 * path (the caller searches that person exactly).
 */
int warm_path(const struct warm *w, int v, int people[9], int64_t links[8]);

#endif
