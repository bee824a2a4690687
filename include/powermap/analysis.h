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
	int64_t account_id;            /* the account's org row id */
	char *account_name;            /* its name (owned) */
	struct pm_view *view;          /* the account's people (owned) */
	struct pm_rank_entry *e;       /* indexed by vertex */
	int *order;                    /* vertices by descending score, senior title, key */
	size_t n;
	int restart_uniform;           /* PageRank restarted uniformly */
	int betweenness_sources;       /* 0: exact; else sources sampled (scaled n/k) */
	int ndecision;                 /* declared decision makers it restarted at */
};

/*
 * The revision of rank's rules: raised whenever rank gives other results for
 * the same data and parameters, so that rankings kept from before (the
 * portfolio's cache) are not served. 2: exact betweenness ties. 3: equal
 * scores ordered by the senior title (titles.h) before the key. 4: a
 * secretary of the president is no president, a former title counts not,
 * 顧問 and 相談役 read senior.
 */
#define PM_RANK_REVISION 4

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
double pm_role_prior(enum pm_role role);

/* ---- paths ------------------------------------------------------------- */

/*
 * Where paths may start (--via): the kinds of our side. Customer insiders
 * (champions, supporters) are intermediaries we already have a tie to,
 * never a starting point.
 */
#define PM_VIA_STAFF    1u   /* own company */
#define PM_VIA_PARTNER  2u
#define PM_VIA_INVESTOR 4u
#define PM_VIA_BANK     8u
#define PM_VIA_ALL      15u

struct pm_paths_opts {
	int k;                 /* paths wanted (3) */
	unsigned via;          /* PM_VIA_* mask (PM_VIA_ALL) */
	const char *from;      /* one of ours: paths start there; a customer
				  insider: paths pass through them; or NULL */
	int allow_blockers;    /* may pass through opponents and blockers */
	int no_chain;          /* leave reporting lines out (org-chart routes) */
	int diversity;         /* prefer a different introducer per path (1) */
	/*
	 * Optional (NULL): the ties of people with very many (a hub), kept
	 * from one search for the next, so that searches that meet the same
	 * hub read its ties once. Share one memo only between searches with
	 * the same parameters and options, over a database nobody changes
	 * meanwhile.
	 */
	struct pm_corridor_memo *memo;
	/*
	 * reach only: 1 searches the whole network (warm.c), -1 the account's
	 * corridor, 0 (default) the whole network from 1,000 account people on.
	 */
	int global;
};

/* Defaults of pm_paths_opts. */
void pm_paths_opts_default(struct pm_paths_opts *o);

/* A memo for pm_paths_opts.memo; NULL on no memory. Free with pm_corridor_memo_free. */
struct pm_corridor_memo *pm_corridor_memo_new(void);
void pm_corridor_memo_free(struct pm_corridor_memo *m);

/* The PM_VIA_* bit of an org kind ("own" -> PM_VIA_STAFF ...); 0 for the others and NULL. */
unsigned pm_via_bit(const char *org_kind);

/* Parse "staff,partner,..." into *via; PM_EINVAL names a bad word. */
int pm_via_parse(const char *list, unsigned *via, struct pm_error *err);

/*
 * One warm path: nodes[0] is our person who owns the first tie, nodes[1]
 * the introducer at the customer (when len >= 3), nodes[len - 1] the target.
 */
struct pm_path {
	int nodes[9];          /* vertex ids in the view (max_hops <= 8) */
	int tie[8];            /* per hop: index in view->ties of the tie used */
	double s_eff[8];       /* per hop: effective strength */
	int len;               /* number of people (hops + 1) */
	double score;          /* product of strengths * hop_discount^(hops - 1) */
};

struct pm_paths {
	struct pm_view *view;  /* the people searched around the target (owned) */
	int target;            /* vertex id of the target */
	struct pm_path *paths; /* best first */
	size_t n;
	size_t nsources;       /* possible introducers found within reach */
	size_t expanded;       /* search states expanded */
};

/*
 * The k best warm referral paths to `target` (key or name), DESIGN §6 paths.
 * The search reads only the people within max_hops ties of the target
 * (indexed lookups), never the whole network. Every path starts at one of
 * our people and never passes through another (a path starts at the last of
 * ours on it), nor through an opponent or blocker unless allowed. PM_EINVAL
 * when o->from is an opponent or blocker and blockers are not allowed. n = 0
 * when there is no warm path.
 */
int pm_paths(struct pm_store *st, const char *target, const struct pm_params *p,
	     const struct pm_paths_opts *o, struct pm_paths **out, struct pm_error *err);
void pm_paths_free(struct pm_paths *r);

/* The introducer of a path (vertex nodes[1]), or -1 for a direct tie. */
int pm_path_introducer(const struct pm_path *path);

/* How a path's last tie relates to the target's reporting chain. */
enum pm_path_chain {
	PM_CHAIN_NONE,       /* the last tie is a relationship */
	PM_CHAIN_MANAGER,    /* top-down: the one before the target is their manager */
	PM_CHAIN_REPORT      /* bottom-up: ... one of the target's reports */
};
enum pm_path_chain pm_path_chain(const struct pm_view *v, const struct pm_path *path);

/* ---- reach: the best warm path to every person of an account ----------- */

struct pm_reach {
	struct pm_view *view;  /* account people first (vertices 0..naccount-1), then the rest */
	size_t naccount;
	struct pm_path *best;  /* per account vertex; len = 0: no warm path */
};

/*
 * The best warm path (default options) to every person of the account, in
 * one search over the people within max_hops ties of the account.
 */
int pm_reach(struct pm_store *st, const char *account, const struct pm_params *p,
	     const struct pm_paths_opts *o, struct pm_reach **out, struct pm_error *err);
void pm_reach_free(struct pm_reach *r);

/* Outbound channels for a person without a warm path: "email", "dm", "phone". */
const char *pm_outbound_channel(const struct pm_person *p);

/* ---- account: rank, reach and engagement together ---------------------- */

struct pm_engagement;

/* The open actions on one person of an account (pm_account_load). */
struct pm_planned {
	int64_t id;                /* the first open action (earliest due); 0: none */
	char *owner, *via;         /* names, or NULL */
	char *channel, *status, *notes;
	char due[11];              /* "" when none */
	int overdue;               /* due before as_of */
	int count;                 /* open actions on this person */
};

struct pm_account {
	struct pm_rank *rank;      /* vertex i of rank->view ... */
	struct pm_reach *reach;    /* ... is vertex i of reach->view (NULL unless loaded) */
	struct pm_paths **paths;   /* per vertex: its best path, found on demand */
	size_t n;                  /* people in the account */
	char (*last_touch)[20];    /* latest interaction at or before as_of, "" if none */
	unsigned char *engaged;    /* two-way contact within engaged_days */
	struct pm_engagement *eng; /* per vertex: meetings, replies, touches (engagement.h) */
	struct pm_planned *planned; /* per vertex: open actions (count 0: none) */
	double median_power;       /* median power score */
	struct pm_corridor_memo *memo; /* hubs' ties, shared by the paths found on demand */
};

/*
 * Rank and engagement of every person of the account; with `with_reach`,
 * also the best warm path to every one of them in one search (pm_reach).
 */
int pm_account_load(struct pm_store *st, const char *account, const struct pm_params *p,
		    int with_reach, struct pm_account **out, struct pm_error *err);
void pm_account_free(struct pm_account *a);

/*
 * Find the best warm path to every person of the account in one search
 * (pm_reach over the whole account's corridor), so that pm_account_path
 * answers from it. Worth it when paths to many people are wanted: a few are
 * cheaper one by one (pm_account_path alone), since the account's 4-hop
 * corridor can cover most of a large network. No-op when loaded already.
 */
int pm_account_reach_all(struct pm_store *st, struct pm_account *a, const char *account,
			 const struct pm_params *p, struct pm_error *err);

/*
 * The best warm path to account vertex v: from a->reach when loaded, else
 * found now with pm_paths (k = 1) and kept. *path has len 0 when there is
 * none; *view is the view its nodes index (both borrowed from a).
 */
int pm_account_path(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
		    size_t v, const struct pm_view **view, const struct pm_path **path,
		    struct pm_error *err);

/*
 * Find now the best warm paths to the n account vertices given (those not
 * found yet), so that pm_account_path answers from memory: on two threads
 * when there are two processors and st is outside any transaction (each
 * with its own connection on one snapshot), else one by one. No-op when
 * the whole account's paths are loaded (a->reach).
 */
int pm_account_paths_ahead(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			   const int *vertices, size_t n, struct pm_error *err);

/*
 * Get ready to ask pm_account_path for `n` people of the account: above a
 * threshold (64 people, measured on the generated networks) one search over
 * the account's whole corridor (pm_account_reach_all) beats one search per
 * person; below it this does nothing and paths are found on demand.
 */
int pm_account_plan_paths(struct pm_store *st, struct pm_account *a, const char *account,
			  const struct pm_params *p, size_t n, struct pm_error *err);

/* ---- next -------------------------------------------------------------- */

struct pm_next_item {
	int vertex;                /* in a->rank->view (and a->reach->view) */
	double value;              /* power * reach * stance factor * coverage bonus */
	double power, reach, stance_factor, coverage;
	int warm;                  /* a warm path exists (pm_account_path) */
	int place;                 /* in rank's order: of equal values, the higher ranked first */
	const struct pm_view *view;  /* borrowed from the account: the view ... */
	const struct pm_path *path;  /* ... of its best warm path (len 0: none) */
	const char *channel;       /* "referral", or the outbound channel */
	const struct pm_planned *planned;  /* open actions on them, or NULL */
	char *why;                 /* one line: role, engagement, route (owned; p->lang) */
};

/*
 * Who to approach next: the `top` people of the account not yet engaged
 * (no two-way contact within engaged_days) with the highest expected value,
 * best first (DESIGN §6 next); top 0 means all. People with an open action
 * are the plan's already and are left out unless `include_planned` (then
 * item->planned says what is planned). Warm paths are searched only for people whose value could still
 * reach the top (value <= power * stance * coverage, since reach <= 1).
 * *items is owned by the caller (pm_next_free(*items, *n)).
 */
int pm_next(struct pm_store *st, struct pm_account *a, const struct pm_params *p, size_t top,
	    int include_planned, struct pm_next_item **items, size_t *n, struct pm_error *err);

/*
 * A draft action for one recommendation of next (next --plan): a referral
 * through the best introducer, owned by our person who holds the path's
 * first tie (on a direct tie they reach out themselves: a meeting); without
 * a warm path, the outbound channel and no owner. Keys point into the
 * account's views; notes are owned (p->lang).
 */
struct pm_action_draft {
	const char *target, *owner, *via;   /* person keys; owner/via may be NULL */
	const char *channel;                /* an action channel */
	char due[11];
	char *notes;
};

/*
 * Drafts for items[0..n): due dates spread over the coming weeks, one every
 * three days from p->as_of + 7 days on, best first. *out is the caller's
 * (pm_action_drafts_free(*out, n)).
 */
int pm_next_plan(const struct pm_account *a, const struct pm_next_item *items, size_t n,
		 const struct pm_params *p, struct pm_action_draft **out, struct pm_error *err);
void pm_action_drafts_free(struct pm_action_draft *d, size_t n);

/* Free n items of pm_next and their texts. Accepts NULL. */
void pm_next_free(struct pm_next_item *items, size_t n);

/* Stance factor of next: champion 1.2 ... opponent 0.5, unknown 0.9. */
double pm_stance_factor(enum pm_stance stance);

/* ---- factions ---------------------------------------------------------- */

struct pm_faction {
	int *members;              /* vertices, by descending power */
	size_t n, cap;
	double power;              /* summed power score */
	double stance;             /* mean stance value of members with a known stance */
	int nknown;                /* members with a known stance */
};

struct pm_factions {
	struct pm_faction *f;      /* by descending summed power */
	size_t n;
	double modularity;
	double departments_nmi;    /* NMI of factions vs departments, 0..1; -1: < 2 depts */
};

/* The weight of a reporting line in the coalition view (a knows tie: its strength). */
#define PM_FACTION_CHAIN 0.2

/* From this NMI on, the factions are said to follow the departments. */
#define PM_FACTIONS_FOLLOW_DEPTS 0.7

/*
 * Leiden communities (modularity, seeded) in the account's undirected
 * coalition view: per pair the sum of twice each influence's strength (the
 * sway and the acquaintance it implies), each knows tie's effective strength
 * and PM_FACTION_CHAIN per reporting line — informal ties over the org chart.
 * departments_nmi says how much the result repeats the departments.
 */
int pm_factions(const struct pm_account *a, const struct pm_params *p,
		struct pm_factions **out, struct pm_error *err);
void pm_factions_free(struct pm_factions *f);

/* ---- risks ------------------------------------------------------------- */

struct pm_risk {
	const char *code;          /* "no_economic_buyer", "single_threaded", ... */
	const char *severity;      /* "high" or "medium" */
	char *title;               /* one line (owned; pm_risks_free) */
	char *advice;              /* what to do (owned) */
	int people[16];            /* vertices concerned (first 16) */
	size_t npeople;
};

/*
 * The red flags of DESIGN §6 risks for the account. *risks is owned by the
 * caller (pm_risks_free). Stale ties need the store (their last contact dates).
 */
int pm_risks(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
	     struct pm_risk **risks, size_t *n, struct pm_error *err);

/* Free n risks and their texts. Accepts NULL. */
void pm_risks_free(struct pm_risk *r, size_t n);

/* A reporting line drafted from titles and departments (pm_chart_draft). */
struct pm_chart_line {
	int person, boss;          /* vertices of the draft's view */
	int by_department;         /* 1: the boss heads the person's department or one
				      above it; 0: the company's top */
};

struct pm_chart_draft {
	struct pm_view *view;      /* the account's people and the ties between them */
	struct pm_chart_line *lines;
	size_t n;
	int *unplaced;             /* people with a title read but no boss drafted */
	size_t nunplaced;
};

/*
 * A draft of the reporting lines of an account (an org key or name; its
 * child orgs too) from its people's titles (titles.h) and departments, for
 * a person with a title read, not at the top (社長, CEO ...) and with no
 * reports_to link yet: the boss is, within the same org, the person of the
 * lowest seniority above theirs whose department is theirs or one above it
 * (its name a prefix: 情報システム部 above 情報システム部 開発課), the one of
 * the closest department when several; else, for a head of department or
 * above (部長, Director ...), the company's top (its one most senior
 * person). Two candidates alike, or a line that would close a loop with the
 * stored ones: no line (unplaced). Nothing is written. *out is the
 * caller's (pm_chart_draft_free). PM_ENOTFOUND for an unknown account.
 */
int pm_chart_draft(struct pm_store *st, const char *account, struct pm_chart_draft **out,
		   struct pm_error *err);
void pm_chart_draft_free(struct pm_chart_draft *d);

#endif
