/*
 * powermap — graph views: people and ties loaded from the store into our own
 * arrays, and the igraph graphs built from them (see graph.h).
 */
#include <pthread.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/graph.h"
#include "powermap/idmap.h"
#include "powermap/model.h"
#include "powermap/kit.h"

static void igraph_setup(void)
{
	/* errors are returned (igraph unwinds its FINALLY stack), never abort */
	igraph_set_error_handler(igraph_error_handler_ignore);
	igraph_set_warning_handler(igraph_warning_handler_ignore);
	igraph_rng_seed(igraph_rng_default(), 42);
}

void pm_igraph_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, igraph_setup);
}

static pthread_mutex_t igraph_mutex = PTHREAD_MUTEX_INITIALIZER;

void pm_igraph_lock(void)
{
	pthread_mutex_lock(&igraph_mutex);
}

void pm_igraph_unlock(void)
{
	pthread_mutex_unlock(&igraph_mutex);
}

int pm_igraph_error(igraph_error_t e, const char *what, struct pm_error *err)
{
	if (e == IGRAPH_ENOMEM)
		return pm_error_set(err, PM_ENOMEM, "out of memory in %s", what);
	return pm_error_set(err, PM_ERR, "%s failed: %s", what, igraph_strerror(e));
}

int pm_view_new(struct pm_view **out, struct pm_error *err)
{
	struct pm_view *v = calloc(1, sizeof(*v));

	if (!v || !(v->map = pm_idmap_new())) {
		free(v);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	*out = v;
	return 0;
}

void pm_view_free(struct pm_view *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		struct pm_person *p = &v->people[i];
		free(p->key); free(p->name); free(p->title); free(p->department); free(p->role);
		free(p->stance); free(p->email); free(p->url);
		free(p->org_key); free(p->org_name); free(p->org_kind);
	}
	for (i = 0; i < v->nties; i++)
		free(v->ties[i].source);
	free(v->people);
	free(v->ties);
	pm_idmap_free(v->map);
	free(v);
}

int pm_view_vertex(const struct pm_view *v, int64_t id)
{
	return pm_idmap_get(v->map, id);
}

/* Copy s, or NULL; sets *nomem when the copy fails. */
static char *dup_or_null(const char *s, int *nomem)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*nomem = 1;
	return d;
}

struct add_ctx {
	struct pm_view *v;
	int vertex;
	struct pm_error *err;
};

/* Append one person (a store row) unless present; ctx->vertex gets its vertex. */
static int add_row(const struct pm_person_row *r, void *ctx)
{
	struct add_ctx *a = ctx;
	struct pm_view *v = a->v;
	struct pm_person *p;
	int nomem = 0, existing = pm_idmap_get(v->map, r->id);

	if (existing >= 0) {
		a->vertex = existing;
		return 0;
	}
	if (PM_GROW(v->people, v->cap, v->n + 1) < 0)
		return pm_error_set(a->err, PM_ENOMEM, "out of memory");
	p = &v->people[v->n];
	memset(p, 0, sizeof(*p));
	p->id = r->id;
	p->key = dup_or_null(r->key, &nomem);
	p->name = dup_or_null(r->name, &nomem);
	p->title = dup_or_null(r->title, &nomem);
	p->role = dup_or_null(r->role, &nomem);
	p->stance = dup_or_null(r->stance, &nomem);
	p->power = r->power;
	p->email = dup_or_null(r->email, &nomem);
	p->url = dup_or_null(r->url, &nomem);
	p->org_key = dup_or_null(r->org_key, &nomem);
	p->org_name = dup_or_null(r->org_name, &nomem);
	p->org_kind = dup_or_null(r->org_kind, &nomem);
	p->department = dup_or_null(r->department, &nomem);
	p->ours = pm_org_kind_is_ours(p->org_kind);
	p->stance_id = pm_stance_parse(p->stance);
	p->role_id = pm_role_parse(p->role);
	v->n++;
	if (nomem || pm_idmap_put(v->map, r->id, (int)(v->n - 1)) < 0)
		return pm_error_set(a->err, PM_ENOMEM, "out of memory");
	a->vertex = (int)(v->n - 1);
	return 0;
}

int pm_view_add_account(struct pm_view *v, struct pm_store *st, const char *account,
			struct pm_error *err)
{
	struct add_ctx a = { v, -1, err };
	int64_t oid;
	int rc;

	if ((rc = pm_store_org_resolve(st, account, &oid, NULL, err)) < 0)
		return rc;
	return pm_store_account_people(st, oid, add_row, &a, err);
}

int pm_view_add_person(struct pm_view *v, struct pm_store *st, int64_t id, int *vertex,
		       struct pm_error *err)
{
	struct add_ctx a = { v, -1, err };
	int rc;

	if ((*vertex = pm_idmap_get(v->map, id)) >= 0)
		return 0;
	rc = pm_store_person_get(st, id, add_row, &a, err);
	*vertex = a.vertex;
	return rc;
}

int pm_view_push_tie(struct pm_view *v, int a, int b, const struct pm_link_row *r,
		     struct pm_error *err)
{
	struct pm_tie *t;

	if (PM_GROW(v->ties, v->tcap, v->nties + 1) < 0)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	t = &v->ties[v->nties];
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->b = b;
	t->kind = r->kind;
	t->has_strength = r->has_strength;
	t->strength = r->has_strength ? r->strength : 0;
	if (r->last_contact)
		snprintf(t->last_contact, sizeof(t->last_contact), "%.10s", r->last_contact);
	if (r->source && *r->source && !(t->source = strdup(r->source)))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	v->nties++;
	return 0;
}

struct load_ctx {
	struct pm_view *v;
	struct pm_error *err;
};

static int load_tie(const struct pm_link_row *r, void *ctx)
{
	struct load_ctx *l = ctx;

	return pm_view_push_tie(l->v, pm_idmap_get(l->v->map, r->src),
				pm_idmap_get(l->v->map, r->dst), r, l->err);
}

int pm_view_load_ties(struct pm_view *v, struct pm_store *st, struct pm_error *err)
{
	struct load_ctx l = { v, err };
	int64_t *ids = malloc((v->n + 1) * sizeof(*ids));
	size_t i;
	int rc;

	if (!ids)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (i = 0; i < v->n; i++)
		ids[i] = v->people[i].id;
	rc = pm_store_links_among(st, ids, v->n, load_tie, &l, err);
	free(ids);
	return rc;
}

int pm_person_label(struct pm_strbuf *sb, const struct pm_person *p)
{
	if (p->org_name)
		return pm_strbuf_addf(sb, "%s (%s)", p->name, p->org_name);
	return pm_strbuf_puts(sb, p->name);
}

double pm_tie_strength(const struct pm_params *p, const struct pm_tie *t)
{
	return t->has_strength ? t->strength : p->default_strength;
}

double pm_relation_strength(const struct pm_params *p, enum pm_link_kind kind,
			    int has_strength, double strength, const char *last_contact)
{
	switch (kind) {
	case PM_LINK_KNOWS:
	case PM_LINK_INFLUENCES:
		return pm_strength_eff(p, has_strength ? strength : p->default_strength,
				       last_contact);
	case PM_LINK_REPORTS_TO:
		return pm_strength_eff(p, p->colleague, last_contact);
	default:
		return 0;
	}
}

double pm_tie_relation(const struct pm_params *p, const struct pm_tie *t)
{
	return pm_relation_strength(p, t->kind, t->has_strength, t->strength,
				    t->last_contact);
}

/* Build g from an edge list (pairs of vertex ids) over v->n vertices. */
static int build(const struct pm_view *v, const igraph_vector_int_t *edges, int directed,
		 igraph_t *g, struct pm_error *err)
{
	igraph_error_t e;

	pm_igraph_init();
	e = igraph_create(g, edges, (igraph_integer_t)v->n, directed);
	return e ? pm_igraph_error(e, "building a graph", err) : 0;
}

int pm_view_org(const struct pm_view *v, igraph_t *g, struct pm_error *err)
{
	igraph_vector_int_t edges;
	size_t i;
	int rc;

	if (igraph_vector_int_init(&edges, 0))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (i = 0; i < v->nties; i++)
		if (v->ties[i].kind == PM_LINK_REPORTS_TO &&
		    (igraph_vector_int_push_back(&edges, v->ties[i].a) ||
		     igraph_vector_int_push_back(&edges, v->ties[i].b))) {
			igraph_vector_int_destroy(&edges);
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		}
	rc = build(v, &edges, 1, g, err);
	igraph_vector_int_destroy(&edges);
	return rc;
}

/* Collapsing parallel edges: a pair key -> edge index. */
static int64_t pair_key(int a, int b, int directed)
{
	if (!directed && a > b) {
		int t = a;
		a = b;
		b = t;
	}
	return (int64_t)a * 2147483648LL + b;
}

/*
 * Add (a, b, w) to an edge list, merging with an existing edge between the
 * same pair: summing (influence) or keeping the larger (relationship).
 * Returns the edge index, or -1 when out of memory.
 */
static long add_edge(struct pm_idmap *pairs, igraph_vector_int_t *edges,
		     igraph_vector_t *w, int a, int b, double weight, int directed,
		     int sum, int *replaced)
{
	int64_t k = pair_key(a, b, directed);
	int e = pm_idmap_get(pairs, k);

	*replaced = 0;
	if (e >= 0) {
		double old = VECTOR(*w)[e];
		if (sum)
			VECTOR(*w)[e] = old + weight;
		else if (weight > old) {
			VECTOR(*w)[e] = weight;
			*replaced = 1;
		}
		return e;
	}
	e = (int)igraph_vector_size(w);
	if (igraph_vector_int_push_back(edges, a) || igraph_vector_int_push_back(edges, b) ||
	    igraph_vector_push_back(w, weight) || pm_idmap_put(pairs, k, e) < 0)
		return -1;
	*replaced = 1;
	return e;
}

int pm_view_influence(const struct pm_view *v, const struct pm_params *p, int reversed,
		      igraph_t *g, igraph_vector_t *w, struct pm_error *err)
{
	igraph_vector_int_t edges;
	struct pm_idmap *pairs = pm_idmap_new();
	size_t i;
	int rc = 0, rep;

	if (!pairs || igraph_vector_int_init(&edges, 0)) {
		pm_idmap_free(pairs);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	if (igraph_vector_init(w, 0)) {
		igraph_vector_int_destroy(&edges);
		pm_idmap_free(pairs);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	for (i = 0; i < v->nties && rc == 0; i++) {
		const struct pm_tie *t = &v->ties[i];
		double s = pm_tie_strength(p, t);
		int a = reversed ? t->b : t->a, b = reversed ? t->a : t->b;
		if (t->kind == PM_LINK_INFLUENCES && s > 0) {
			if (add_edge(pairs, &edges, w, a, b, s, 1, 1, &rep) < 0)
				rc = PM_ENOMEM;
		} else if (t->kind == PM_LINK_REPORTS_TO) {
			/* a reports to b: b (manager) sways a, and a little the other way */
			if ((p->mgr_to_sub > 0 &&
			     add_edge(pairs, &edges, w, b, a, p->mgr_to_sub, 1, 1, &rep) < 0) ||
			    (p->sub_to_mgr > 0 &&
			     add_edge(pairs, &edges, w, a, b, p->sub_to_mgr, 1, 1, &rep) < 0))
				rc = PM_ENOMEM;
		}
	}
	if (rc == 0)
		rc = build(v, &edges, 1, g, err);
	else
		pm_error_set(err, PM_ENOMEM, "out of memory");
	if (rc < 0)
		igraph_vector_destroy(w);
	igraph_vector_int_destroy(&edges);
	pm_idmap_free(pairs);
	return rc;
}

int pm_view_relationship(const struct pm_view *v, const struct pm_params *p, igraph_t *g,
			 igraph_vector_t *w, int **tie_of, struct pm_error *err)
{
	igraph_vector_int_t edges;
	struct pm_idmap *pairs = pm_idmap_new();
	int *of = malloc((v->nties + 1) * sizeof(*of));
	size_t i;
	int rc = 0, rep;
	long e;

	*tie_of = NULL;
	if (!pairs || !of || igraph_vector_int_init(&edges, 0)) {
		pm_idmap_free(pairs);
		free(of);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	if (igraph_vector_init(w, 0)) {
		igraph_vector_int_destroy(&edges);
		pm_idmap_free(pairs);
		free(of);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	for (i = 0; i < v->nties; i++) {
		const struct pm_tie *t = &v->ties[i];
		double s = pm_tie_relation(p, t);
		if (!(s > 0))
			continue;   /* a zero-strength tie is no tie */
		e = add_edge(pairs, &edges, w, t->a, t->b, s, 0, 0, &rep);
		if (e < 0) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			break;
		}
		if (rep)
			of[e] = (int)i;
	}
	if (rc == 0)
		rc = build(v, &edges, 0, g, err);
	if (rc < 0) {
		igraph_vector_destroy(w);
		free(of);
	} else {
		*tie_of = of;
	}
	igraph_vector_int_destroy(&edges);
	pm_idmap_free(pairs);
	return rc;
}
