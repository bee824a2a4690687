/*
 * powermap — who a power map shows (DESIGN §7), decided in analysis so that
 * rendering only styles and lays out.
 *
 * From an account's rank (and optionally highlighted warm paths), a
 * selection loads the people a map may show — the account, our people who
 * know someone of it (for each account person the PM_MAP_OURS_PER_PERSON
 * with the strongest ties: a hub known to a million of ours stays drawable;
 * none under no_ours), the people on the paths — with every tie between them,
 * and marks who is drawn: account people with power >= min_power, our people
 * who know someone drawn (unless no_ours; at most PM_MAP_OURS_MAX), everyone
 * on a path; with a focus, only those within `radius` ties of it.
 */
#ifndef POWERMAP_MAP_SELECT_H
#define POWERMAP_MAP_SELECT_H

#include <stddef.h>
#include "analysis.h"
#include "error.h"
#include "graph.h"
#include "store.h"

#define PM_MAP_OURS_PER_PERSON 5

/*
 * At most this many of our people on one map (besides those on highlighted
 * paths): those whose ties to the drawn account people weigh most (tie
 * strength as recorded, 0.5 when none, times that person's power score).
 */
#define PM_MAP_OURS_MAX 40

struct pm_select_opts {
	const char *focus;     /* only this person's neighbourhood (key or name) ... */
	int radius;            /* ... within this many ties (2) */
	double min_power;      /* account people below this power are left out (0) */
	int no_ours;           /* leave our side out (except introducers on paths) */
};

/* Defaults of pm_select_opts. */
void pm_select_opts_default(struct pm_select_opts *o);

struct pm_selection {
	const struct pm_rank *rank;   /* borrowed: the account and its power scores */
	const struct pm_paths *paths; /* borrowed: highlighted warm paths, or NULL */
	struct pm_view *view;         /* account people first (vertex i is vertex i of
					 rank->view), then the others; all ties among them */
	size_t naccount;              /* account people in view */
	unsigned char *drawn;         /* per vertex: on the map */
	unsigned char *on_path;       /* per vertex: on a highlighted path */
	struct pm_idmap *path_pairs;  /* pm_pair_key(u, v) -> the paths using that hop,
					 bit i for path i + 1 (as 'paths' numbers them,
					 up to 30); NULL when no path is highlighted */
	char (*last_contact)[11];     /* per vertex: latest knows contact, "" if none */
	size_t ndrawn;                /* people drawn */
	size_t ours_hidden;           /* our people who would be drawn but for PM_MAP_OURS_MAX */
};

/*
 * Select the map of the account ranked in `rank`, with `paths` highlighted
 * (NULL: none). rank and paths are borrowed and must outlive the selection.
 * PM_ENOTFOUND when the focus is unknown or not on the map. Free with
 * pm_selection_free.
 */
int pm_select_map(struct pm_store *st, const struct pm_rank *rank,
		  const struct pm_paths *paths, const struct pm_select_opts *o,
		  struct pm_selection **out, struct pm_error *err);
void pm_selection_free(struct pm_selection *s);

/* The key of the unordered pair of vertices (u, v) in path_pairs. */
int64_t pm_pair_key(int u, int v);

#endif
