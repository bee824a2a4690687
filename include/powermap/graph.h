/*
 * powermap — graph views built from the store (DESIGN §5); the parameters
 * and the decay rule they use are in params.h.
 *
 * A view holds the people it covers in a person table (attributes in our own
 * arrays, indexed by vertex id) and the ties between them. From the ties,
 * igraph graphs are built on demand: the org view (reports_to forest), the
 * influence view (directed, weighted) and the relationship view (undirected,
 * strengths with recency decay, parallel ties collapsed to the strongest).
 */
#ifndef POWERMAP_GRAPH_H
#define POWERMAP_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <igraph.h>
#include "error.h"
#include "model.h"
#include "params.h"
#include "store.h"

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

/*
 * Append how a person is named in advice and listings, "NAME (ORG)" or
 * "NAME" without an org, to sb. 0 or PM_ENOMEM.
 */
struct pm_strbuf;
int pm_person_label(struct pm_strbuf *sb, const struct pm_person *p);

/* A tie's raw strength, or p->default_strength when it has none. */
double pm_tie_strength(const struct pm_params *p, const struct pm_tie *t);

/*
 * The one rule for a tie's strength as a relationship (who can introduce
 * whom), used by the relationship view, the path searches and the map:
 * `knows` and `influences` (who sways someone knows them) are their
 * strength (default_strength when none) decayed since the last contact;
 * `reports_to` is a colleague tie of strength p->colleague, decayed since
 * the line's last contact when it has one (an org-chart line rarely does).
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

/*
 * Debian's igraph keeps its error-unwinding stack in one global (it is built
 * without IGRAPH_THREAD_SAFE): code that may run beside another thread of
 * ours calling igraph holds this lock around its igraph calls.
 */
void pm_igraph_lock(void);
void pm_igraph_unlock(void);

/* Convert an igraph error code to a pm_rc with a message naming `what`. */
int pm_igraph_error(igraph_error_t e, const char *what, struct pm_error *err);

#endif
