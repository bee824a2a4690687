/*
 * powermap — graph views built from the store (DESIGN §5).
 *
 * A view holds the people it covers in a person table (attributes in our own
 * arrays, indexed by vertex id) and the ties between them. From the ties,
 * igraph graphs are built on demand: the org view (reports_to forest), the
 * influence view (directed, weighted) and the relationship view (undirected,
 * strengths with recency decay, parallel ties collapsed to the strongest).
 *
 * Tie strength decays with the time since the last contact:
 *   s_eff = s * 2^(-days / half_life), never below floor * s; no date, no decay.
 * Lengths for shortest paths are -ln(s_eff) + 1e-9, rounded to a multiple of
 * 2^-30 so that equal-length paths tie exactly in any implementation.
 */
#ifndef POWERMAP_GRAPH_H
#define POWERMAP_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <igraph.h>
#include "error.h"
#include "model.h"
#include "store.h"

/* Analysis parameters; defaults from pm_params_default, the config table, flags. */
struct pm_params {
	char as_of[11];            /* YYYY-MM-DD: "today" for decay and engagement */
	double half_life;          /* days (365) */
	double floor;              /* decay floor, fraction of s (0.1) */
	double default_strength;   /* knows/influences without a strength (0.5) */
	double colleague;          /* reports_to as a relationship tie (0.8) */
	double mgr_to_sub;         /* reports_to as influence, manager -> subordinate (0.5) */
	double sub_to_mgr;         /* reports_to as influence, subordinate -> manager (0.2) */
	double damping;            /* PageRank damping (0.85) */
	double w_formal, w_influence, w_role, w_broker; /* rank weights (.30 .35 .20 .15) */
	double hop_discount;       /* per introduction (0.9) */
	int max_hops;              /* path length limit in ties (4) */
	double cold_reach;         /* reachability without a warm path (0.15) */
	int engaged_days;          /* an interaction this recent means engaged (180) */
	int stale_days;            /* a tie older than this is stale (180) */
	int quiet_days;            /* a champion silent this long is a risk (30) */
	double key_power;          /* power score that makes a key person (0.5) */
	int betweenness_exact;     /* exact betweenness up to this many people (1000) */
	int betweenness_samples;   /* else sampled from this many sources (200) */
};

/*
 * Fill p with the built-in defaults; as_of is `today` (YYYY-MM-DD, or a
 * timestamp that starts with one), or the system clock's date (UTC) when
 * today is NULL or not a date.
 */
void pm_params_default(struct pm_params *p, const char *today);

/* Names of the tunable parameters, NULL-terminated (as in the config table). */
extern const char *const pm_param_names[];

/*
 * Set parameter `name` from text. PM_EINVAL (message names the parameter and
 * the allowed range) for an unknown name or a bad value.
 */
int pm_params_set(struct pm_params *p, const char *name, const char *value,
		  struct pm_error *err);

/* Current value of parameter `name` as text into buf; PM_ENOTFOUND if unknown. */
int pm_params_get(const struct pm_params *p, const char *name, char *buf,
		  size_t size);

/* One line saying what parameter `name` does, or NULL if unknown. */
const char *pm_params_help(const char *name);

/* Apply every entry of the store's config table to p. */
int pm_params_load(struct pm_store *st, struct pm_params *p, struct pm_error *err);

/* Days from date a to date b (YYYY-MM-DD each); b - a. */
long pm_days_between(const char *a, const char *b);

/* Effective strength of a tie with raw strength s and last contact date. */
double pm_strength_eff(const struct pm_params *p, double s, const char *last_contact);

/* Path length of a tie of effective strength s (see the header comment). */
double pm_tie_length(double s_eff);

/* One person of a view. Strings are owned by the view. */
struct pm_person {
	int64_t id;
	char *key, *name, *title, *department, *role, *stance, *email, *url;
	char *org_key, *org_name, *org_kind;
	int power;     /* declared 1..5, or 0 */
	int ours;      /* org kind own, partner, investor or bank */
	enum pm_stance stance_id;  /* stance, parsed (PM_STANCE_UNKNOWN when none) */
	enum pm_role role_id;      /* role, parsed (PM_ROLE_NONE when none) */
};

/* One stored link between two people of a view (a -> b as stored). */
struct pm_tie {
	int a, b;            /* vertex ids */
	enum pm_link_kind kind;
	double strength;     /* raw; 0 when none was given (see tie_strength) */
	int has_strength;
	char last_contact[11]; /* "" when none */
	char *source;        /* may be NULL */
};

/* A tie's raw strength, or p->default_strength when it has none. */
double pm_tie_strength(const struct pm_params *p, const struct pm_tie *t);

/*
 * The one rule for a tie's strength as a relationship (who can introduce
 * whom), used by the relationship view, the path searches and the map:
 * `knows` is its strength (default_strength when none) decayed since the
 * last contact; `reports_to` is a colleague tie of strength p->colleague
 * (no decay); `influences` is not a relationship (0).
 */
double pm_relation_strength(const struct pm_params *p, enum pm_link_kind kind,
			    int has_strength, double strength, const char *last_contact);

/* pm_relation_strength of a view's tie. */
double pm_tie_relation(const struct pm_params *p, const struct pm_tie *t);

struct pm_view {
	struct pm_person *people;
	size_t n, cap;
	struct pm_tie *ties;
	size_t nties, tcap;
	struct pm_idmap *map;  /* person row id -> vertex id */
};

/* Empty view; free with pm_view_free. */
int pm_view_new(struct pm_view **out, struct pm_error *err);
void pm_view_free(struct pm_view *v);

/* Vertex id of person row id, or -1. */
int pm_view_vertex(const struct pm_view *v, int64_t id);

/*
 * Add the people of org `account` and its child orgs (key or name), ordered
 * by key. PM_ENOTFOUND for an unknown org.
 */
int pm_view_add_account(struct pm_view *v, struct pm_store *st,
			const char *account, struct pm_error *err);

/* Add one person by row id (no-op if present); *vertex gets its vertex id. */
int pm_view_add_person(struct pm_view *v, struct pm_store *st, int64_t id,
		       int *vertex, struct pm_error *err);

/*
 * Append a tie between vertices a and b with the kind, strength, last
 * contact and source of link `r` (copied; its ids are not used); without a
 * strength the parameters' default_strength applies when graphs are built.
 */
int pm_view_push_tie(struct pm_view *v, int a, int b, const struct pm_link_row *r,
		     struct pm_error *err);

/* Load every link whose two ends are both in the view. */
int pm_view_load_ties(struct pm_view *v, struct pm_store *st, struct pm_error *err);

/*
 * The igraph views over all people of v. The influence view has an edge
 * A -> B when A sways B (parallel influence summed); `reversed` flips every
 * edge (B -> A), so that PageRank flows to those who sway. The caller owns *g and *w
 * (igraph_destroy, igraph_vector_destroy). For the relationship view, w
 * holds effective strengths and tie_of[e] (caller frees) the index in
 * v->ties of the strongest tie behind edge e.
 */
int pm_view_org(const struct pm_view *v, igraph_t *g, struct pm_error *err);
int pm_view_influence(const struct pm_view *v, const struct pm_params *p,
		      int reversed, igraph_t *g, igraph_vector_t *w,
		      struct pm_error *err);
int pm_view_relationship(const struct pm_view *v, const struct pm_params *p,
			 igraph_t *g, igraph_vector_t *w, int **tie_of,
			 struct pm_error *err);

/*
 * Install powermap's igraph error handler (errors are returned, never abort)
 * and seed igraph's RNG (42) so that results are reproducible. Idempotent.
 */
void pm_igraph_init(void);

/* Convert an igraph error code to a pm_rc with a message naming `what`. */
int pm_igraph_error(igraph_error_t e, const char *what, struct pm_error *err);

#endif
