/*
 * powermap — the analyses of DESIGN §6: rank, paths, next, factions, risks,
 * reach. Each takes the store and parameters and returns a result struct that
 * the caller frees; nothing here prints.
 */
#ifndef POWERMAP_ANALYSIS_H
#define POWERMAP_ANALYSIS_H

#include <stddef.h>
#include "error.h"
#include "graph.h"
#include "store.h"

/* ---- rank -------------------------------------------------------------- */

struct pm_rank_entry {
	double formal, influence, role, broker;  /* components, each in [0, 1] */
	double score;                            /* weighted mean of the four */
	double pagerank;                         /* raw personalized PageRank */
	double betweenness;                      /* raw weighted betweenness */
	int reports;                             /* people below in the org chart */
	int depth;                               /* managers above; -1: not in the chart */
};

struct pm_rank {
	struct pm_view *view;          /* the account's people (owned) */
	struct pm_rank_entry *e;       /* indexed by vertex */
	int *order;                    /* vertices by descending score, then key */
	size_t n;
	int restart_uniform;           /* PageRank restarted uniformly */
	int ndecision;                 /* declared decision makers it restarted at */
};

/*
 * Rank every person of org `account` and its child orgs (DESIGN §6 rank).
 * `global` forces a uniform PageRank restart. PM_ENOTFOUND for an unknown
 * account, PM_EINVAL when all weights are zero. An account with no people
 * gives n = 0. Free with pm_rank_free.
 */
int pm_rank(struct pm_store *st, const char *account, const struct pm_params *p,
	    int global, struct pm_rank **out, struct pm_error *err);
void pm_rank_free(struct pm_rank *r);

/* Prior of a buying role (economic_buyer 1.0 ... none 0.2). */
double pm_role_prior(const char *role);

#endif
