/*
 * powermap — analysis results as JSON (jansson), the one serializer used by
 * the CLI's --json and by reports. Each function returns a new reference
 * (the caller json_decref()s it), or NULL when out of memory. Numbers are
 * JSON reals, absent values null; the field names are the documented
 * output of the CLI (README, "JSON output").
 */
#ifndef POWERMAP_JSON_H
#define POWERMAP_JSON_H

#include <stddef.h>
#include <jansson.h>
#include "analysis.h"
#include "portfolio.h"
#include "graph.h"
#include "table.h"

/*
 * A stored record of table t (vals in column order, as pm_store_select
 * gives them) as an object keyed by column name: null for empty, numbers
 * for numeric columns. The shape of `list --json` and `export --format json`.
 */
json_t *pm_json_record(enum pm_table_id t, const char *const *vals);

/* {key, name, title, role, stance} of a person. */
json_t *pm_json_person(const struct pm_person *p);

/*
 * {strength, hops, owner, owner_name, owner_org (our person holding the
 * first tie), introducer, introducer_name, introducer_org (the customer-side
 * person who introduces; null on a direct tie), chain (manager, report or
 * null: the last tie is a reporting line), path: [hops]}.
 */
json_t *pm_json_path(const struct pm_view *v, const struct pm_path *path);

/* rank: account, as_of, restart, weights, the first `top` people with components. */
json_t *pm_json_rank(const struct pm_rank *r, const char *account, const struct pm_params *p,
		     size_t top);

/* paths: target, target_name, as_of, paths, outbound (channel when no path). */
json_t *pm_json_paths(const struct pm_paths *r, const struct pm_params *p);

/*
 * next: account, as_of, next: [person, value and its factors, channel, path,
 * why, planned], planned: [person with its open actions: planned].
 */
json_t *pm_json_next(const struct pm_account *a, const char *account,
		     const struct pm_params *p, const struct pm_next_item *items, size_t n);

/* The drafts of next --plan: [{target, owner, due, channel, via, status, notes}]. */
json_t *pm_json_action_drafts(const struct pm_action_draft *d, size_t n);

/* risks: account, as_of, the first `top` risks with the keys of their people. */
json_t *pm_json_risks(const struct pm_account *a, const char *account,
		      const struct pm_params *p, const struct pm_risk *r, size_t n, size_t top);

/* factions: account, modularity, the first `top` factions with members and power. */
json_t *pm_json_factions(const struct pm_account *a, const char *account,
			 const struct pm_factions *f, size_t top);

/*
 * accounts: as_of, weights, key_people, accounts_total, won_accounts,
 * people_read, ties_read, accounts: the n accounts pf->a[which[i]] in that
 * order, each with its components, fit_with / fit_on, roles identified and
 * covered, key_people, strongest_ties, deals and why.
 */
json_t *pm_json_portfolio(const struct pm_portfolio *pf, const struct pm_params *p,
			  const struct pm_portfolio_opts *o, const size_t *which, size_t n);

#endif
