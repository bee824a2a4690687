/*
 * powermap — graph views: people and ties loaded from the store into our own
 * arrays, and the igraph graphs built from them (see graph.h).
 */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/graph.h"
#include "powermap/idmap.h"
#include "powermap/model.h"

void pm_igraph_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	/* errors are returned (igraph unwinds its FINALLY stack), never abort */
	igraph_set_error_handler(igraph_error_handler_ignore);
	igraph_set_warning_handler(igraph_warning_handler_ignore);
	igraph_rng_seed(igraph_rng_default(), 42);
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

#define PERSON_COLS \
	"p.id, p.key, p.name, p.title, p.role, p.stance, p.power, p.email, p.url," \
	" o.key, o.name, o.kind, p.department FROM people p LEFT JOIN orgs o ON o.id = p.org_id"

static char *dup_col(sqlite3_stmt *s, int i, int *nomem)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	char *d;

	if (!t)
		return NULL;
	if (!(d = strdup(t)))
		*nomem = 1;
	return d;
}

/* Append the person in the current row of s (columns of PERSON_COLS). */
static int add_row(struct pm_view *v, sqlite3_stmt *s, int *vertex, struct pm_error *err)
{
	int64_t id = sqlite3_column_int64(s, 0);
	struct pm_person *p;
	int nomem = 0, existing = pm_idmap_get(v->map, id);

	if (existing >= 0) {
		if (vertex)
			*vertex = existing;
		return 0;
	}
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 64;
		struct pm_person *np = realloc(v->people, cap * sizeof(*np));
		if (!np)
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		v->people = np;
		v->cap = cap;
	}
	p = &v->people[v->n];
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->key = dup_col(s, 1, &nomem);
	p->name = dup_col(s, 2, &nomem);
	p->title = dup_col(s, 3, &nomem);
	p->role = dup_col(s, 4, &nomem);
	p->stance = dup_col(s, 5, &nomem);
	p->power = sqlite3_column_int(s, 6);
	p->email = dup_col(s, 7, &nomem);
	p->url = dup_col(s, 8, &nomem);
	p->org_key = dup_col(s, 9, &nomem);
	p->org_name = dup_col(s, 10, &nomem);
	p->org_kind = dup_col(s, 11, &nomem);
	p->department = dup_col(s, 12, &nomem);
	p->ours = pm_org_kind_is_ours(p->org_kind);
	v->n++;
	if (nomem || pm_idmap_put(v->map, id, (int)(v->n - 1)) < 0)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if (vertex)
		*vertex = (int)(v->n - 1);
	return 0;
}

int pm_view_add_account(struct pm_view *v, struct pm_store *st, const char *account,
			struct pm_error *err)
{
	sqlite3 *db = pm_store_sqlite(st);
	sqlite3_stmt *s = NULL;
	char *key = NULL;
	int64_t oid;
	int rc;

	if ((rc = pm_store_org_resolve(st, account, &oid, &key, err)) < 0)
		return rc;
	if (sqlite3_prepare_v2(db,
			       "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION"
			       " SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id)"
			       " SELECT " PERSON_COLS " WHERE p.org_id IN sub ORDER BY p.key",
			       -1, &s, NULL) != SQLITE_OK) {
		rc = pm_error_set(err, PM_EDB, "cannot read people: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_int64(s, 1, oid);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = add_row(v, s, NULL, err)) < 0)
			goto out;
	rc = rc == SQLITE_DONE ? 0 : pm_error_set(err, PM_EDB, "cannot read people: %s",
						   sqlite3_errmsg(db));
out:
	sqlite3_finalize(s);
	free(key);
	return rc;
}

int pm_view_add_person(struct pm_view *v, struct pm_store *st, int64_t id, int *vertex,
		       struct pm_error *err)
{
	sqlite3 *db = pm_store_sqlite(st);
	sqlite3_stmt *s = NULL;
	int rc;

	if ((*vertex = pm_idmap_get(v->map, id)) >= 0)
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT " PERSON_COLS " WHERE p.id = ?1", -1, &s,
			       NULL) != SQLITE_OK)
		return pm_error_set(err, PM_EDB, "cannot read person: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		rc = add_row(v, s, vertex, err);
	else
		rc = pm_error_set(err, PM_ENOTFOUND, "no person with id %lld", (long long)id);
	sqlite3_finalize(s);
	return rc;
}

int pm_view_push_tie(struct pm_view *v, int a, int b, const char *kind, int has_strength,
		     double strength, const char *last_contact, const char *source,
		     struct pm_error *err)
{
	struct pm_tie *t;

	if (v->nties == v->tcap) {
		size_t cap = v->tcap ? 2 * v->tcap : 128;
		struct pm_tie *nt = realloc(v->ties, cap * sizeof(*nt));
		if (!nt)
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		v->ties = nt;
		v->tcap = cap;
	}
	t = &v->ties[v->nties];
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->b = b;
	t->kind = !strcmp(kind, "reports_to") ? PM_TIE_REPORTS_TO
		: !strcmp(kind, "influences") ? PM_TIE_INFLUENCES : PM_TIE_KNOWS;
	t->has_strength = has_strength;
	t->strength = has_strength ? strength : 0;
	if (last_contact)
		snprintf(t->last_contact, sizeof(t->last_contact), "%.10s", last_contact);
	if (source && *source && !(t->source = strdup(source)))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	v->nties++;
	return 0;
}

int pm_view_load_ties(struct pm_view *v, struct pm_store *st, struct pm_error *err)
{
	sqlite3 *db = pm_store_sqlite(st);
	sqlite3_stmt *ins = NULL, *s = NULL;
	size_t i;
	int rc = 0;

	if (sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS view_people(id INTEGER PRIMARY KEY);"
			 "DELETE FROM temp.view_people;", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO temp.view_people VALUES (?1)", -1, &ins,
			       NULL) != SQLITE_OK)
		goto dberr;
	for (i = 0; i < v->n; i++) {
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, v->people[i].id);
		if (sqlite3_step(ins) != SQLITE_DONE)
			goto dberr;
	}
	if (sqlite3_prepare_v2(db,
			       /*
				* CROSS JOIN fixes the order: each view person's links
				* by index. Left free, SQLite scanned all links (it has no
				* statistics on the temp table): 1.3 s on 10M links.
				*/
			       "SELECT l.src, l.dst, l.kind, l.strength, l.last_contact, l.source"
			       " FROM temp.view_people a CROSS JOIN links l ON l.src = a.id"
			       " CROSS JOIN temp.view_people b ON b.id = l.dst ORDER BY l.id",
			       -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int a = pm_idmap_get(v->map, sqlite3_column_int64(s, 0));
		int b = pm_idmap_get(v->map, sqlite3_column_int64(s, 1));
		int has = sqlite3_column_type(s, 3) != SQLITE_NULL;
		if ((rc = pm_view_push_tie(v, a, b, (const char *)sqlite3_column_text(s, 2), has,
					   sqlite3_column_double(s, 3),
					   (const char *)sqlite3_column_text(s, 4),
					   (const char *)sqlite3_column_text(s, 5), err)) < 0)
			goto out;
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	rc = 0;
	goto out;
dberr:
	rc = pm_error_set(err, PM_EDB, "cannot read links: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(s);
	sqlite3_exec(db, "DELETE FROM temp.view_people", NULL, NULL, NULL);
	return rc;
}

double pm_tie_strength(const struct pm_params *p, const struct pm_tie *t)
{
	return t->has_strength ? t->strength : p->default_strength;
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
		if (v->ties[i].kind == PM_TIE_REPORTS_TO &&
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
		if (t->kind == PM_TIE_INFLUENCES && s > 0) {
			if (add_edge(pairs, &edges, w, a, b, s, 1, 1, &rep) < 0)
				rc = PM_ENOMEM;
		} else if (t->kind == PM_TIE_REPORTS_TO) {
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
		double s;
		if (t->kind == PM_TIE_KNOWS)
			s = pm_strength_eff(p, pm_tie_strength(p, t), t->last_contact);
		else if (t->kind == PM_TIE_REPORTS_TO)
			s = p->colleague;
		else
			continue;
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
