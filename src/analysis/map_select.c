/* powermap — who a power map shows (see include/powermap/map_select.h). */
#include <stdlib.h>
#include <string.h>
#include "powermap/idmap.h"
#include "powermap/kit.h"
#include "powermap/map_select.h"

void pm_select_opts_default(struct pm_select_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->radius = 2;
}

int64_t pm_pair_key(int u, int v)
{
	return u < v ? (int64_t)u * 2147483648LL + v : (int64_t)v * 2147483648LL + u;
}

void pm_selection_free(struct pm_selection *s)
{
	if (!s)
		return;
	pm_view_free(s->view);
	free(s->drawn);
	free(s->on_path);
	pm_idmap_free(s->path_pairs);
	free(s->last_contact);
	free(s);
}

struct ours_ctx {
	struct pm_view *v;
	struct pm_store *st;
	struct pm_error *err;
};

static int add_one(int64_t id, void *ctx)
{
	struct ours_ctx *o = ctx;
	int v;

	return pm_view_add_person(o->v, o->st, id, &v, o->err);
}

/*
 * One of ours and the heaviest of their ties to a drawn account person
 * (strength x power); who: a person row id (add_ours_capped) or a view
 * vertex (cap_ours). Heaviest first, then by key.
 */
struct weighed {
	int64_t who;
	double w;
	const char *key;
};

static int by_weight(const void *x, const void *y, void *ctx)
{
	const struct weighed *a = x, *b = y;

	(void)ctx;
	if (a->w != b->w)
		return a->w < b->w ? 1 : -1;
	return strcmp(a->key, b->key);
}

/* Our people who know the account, weighed before anything of theirs is read. */

struct candidates {
	struct pm_selection *s;
	double min_power;
	struct weighed *c;          /* keys owned */
	size_t n, cap;
	struct pm_idmap *ix;  /* our person id -> index in c */
};

static int on_ours_tie(int64_t oid, int64_t aid, double strength, const char *key, void *ctx)
{
	struct candidates *cs = ctx;
	int k = pm_idmap_get(cs->ix, oid), v = pm_view_vertex(cs->s->view, aid);
	double w;

	if (k < 0) {
		if (PM_GROW(cs->c, cs->cap, cs->n + 1) < 0)
			return PM_ENOMEM;
		cs->c[cs->n] = (struct weighed){ oid, 0, strdup(key) };
		if (!cs->c[cs->n].key || pm_idmap_put(cs->ix, oid, (int)cs->n) < 0)
			return PM_ENOMEM;
		k = (int)cs->n++;
	}
	if (v < 0 || (size_t)v >= cs->s->naccount || cs->s->rank->e[v].score < cs->min_power)
		return 0;   /* someone not drawn adds nothing */
	w = strength * cs->s->rank->e[v].score;
	if (w > cs->c[k].w)
		cs->c[k].w = w;
	return 0;
}

/*
 * Our people for a map without a focus: of those who know the drawn account
 * people, the PM_MAP_OURS_MAX whose ties weigh most (their own ties are read
 * only for them: a super-connector of ours has hundreds of thousands).
 */
static int add_ours_capped(struct pm_selection *s, struct pm_store *st, double min_power,
			   struct pm_error *err)
{
	struct candidates cs = { s, min_power, NULL, 0, 0, pm_idmap_new() };
	size_t i, kept = 0;
	int rc, v;

	if (!cs.ix)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	rc = pm_store_account_ours_ties(st, s->rank->account_id, PM_MAP_OURS_PER_PERSON,
					on_ours_tie, &cs, err);
	if (rc == PM_ENOMEM)
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	if (rc == 0)
		pm_sort(cs.c, cs.n, sizeof(*cs.c), by_weight, NULL);
	for (i = 0; rc == 0 && i < cs.n; i++) {
		if (!(cs.c[i].w > 0))
			continue;   /* knows nobody drawn: would not be drawn */
		if (kept == PM_MAP_OURS_MAX) {
			s->ours_hidden++;
			continue;
		}
		kept++;
		rc = pm_view_add_person(s->view, st, cs.c[i].who, &v, err);
	}
	for (i = 0; i < cs.n; i++)
		free((char *)cs.c[i].key);
	free(cs.c);
	pm_idmap_free(cs.ix);
	return rc;
}

/* The account's people (in rank order of vertices), our people, the path people. */
static int load_people(struct pm_selection *s, struct pm_store *st,
		       const struct pm_select_opts *so, struct pm_error *err)
{
	struct ours_ctx o = { NULL, st, err };
	int no_ours = so->no_ours;
	const struct pm_view *rv = s->rank->view;
	size_t i;
	int rc, v, j;

	if ((rc = pm_view_new(&s->view, err)) < 0)
		return rc;
	o.v = s->view;
	for (i = 0; i < rv->n; i++)
		if ((rc = pm_view_add_person(s->view, st, rv->people[i].id, &v, err)) < 0)
			return rc;
	s->naccount = s->view->n;
	if (!no_ours && !so->focus && (rc = add_ours_capped(s, st, so->min_power, err)) < 0)
		return rc;
	if (!no_ours && so->focus &&
	    (rc = pm_store_account_ours(st, s->rank->account_id, PM_MAP_OURS_PER_PERSON, add_one,
					&o, err)) < 0)
		return rc;
	for (i = 0; s->paths && i < s->paths->n; i++)
		for (j = 0; j < s->paths->paths[i].len; j++) {
			const struct pm_person *pp = &s->paths->view->people[s->paths->paths[i].nodes[j]];
			if ((rc = pm_view_add_person(s->view, st, pp->id, &v, err)) < 0)
				return rc;
		}
	return pm_view_load_ties(s->view, st, err);
}

/* Mark the people and hops of the highlighted paths. */
static int mark_paths(struct pm_selection *s, struct pm_error *err)
{
	const struct pm_paths *ps = s->paths;
	size_t i;
	int j, bits;

	if (!ps || !ps->n)
		return 0;
	if (!(s->path_pairs = pm_idmap_new()))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (i = 0; i < ps->n; i++) {
		const struct pm_path *pa = &ps->paths[i];
		for (j = 0; j < pa->len; j++) {
			int v = pm_view_vertex(s->view, ps->view->people[pa->nodes[j]].id), u;
			s->on_path[v] = 1;
			if (j == 0)
				continue;
			u = pm_view_vertex(s->view, ps->view->people[pa->nodes[j - 1]].id);
			bits = pm_idmap_get(s->path_pairs, pm_pair_key(u, v));
			bits = (bits < 0 ? 0 : bits) | (i < 30 ? 1 << i : 0);
			if (pm_idmap_put(s->path_pairs, pm_pair_key(u, v), bits) < 0)
				return pm_error_set(err, PM_ENOMEM, "out of memory");
		}
	}
	return 0;
}

/* Keep only the people within o->radius ties of o->focus. */
static int focus(struct pm_selection *s, struct pm_store *st, const struct pm_select_opts *o,
		 struct pm_error *err)
{
	const struct pm_view *v = s->view;
	int64_t fid;
	int f, rc = 0, *dist, *queue;
	size_t head = 0, tail = 0, i;

	if ((rc = pm_store_person_resolve(st, o->focus, &fid, NULL, err)) < 0)
		return rc;
	if ((f = pm_view_vertex(v, fid)) < 0 || !s->drawn[f])
		return pm_error_set(err, PM_ENOTFOUND, "'%s' is not on this map", o->focus);
	dist = malloc((v->n + 1) * sizeof(*dist));
	queue = malloc((v->n + 1) * sizeof(*queue));
	if (!dist || !queue) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < v->n; i++)
		dist[i] = -1;
	dist[f] = 0;
	queue[tail++] = f;
	while (head < tail) {
		int u = queue[head++];
		if (dist[u] >= o->radius)
			continue;
		for (i = 0; i < v->nties; i++) {
			const struct pm_tie *t = &v->ties[i];
			int w = t->a == u ? t->b : t->b == u ? t->a : -1;
			if (w >= 0 && s->drawn[w] && dist[w] < 0) {
				dist[w] = dist[u] + 1;
				queue[tail++] = w;
			}
		}
	}
	for (i = 0; i < v->n; i++)
		if (dist[i] < 0)
			s->drawn[i] = 0;
out:
	free(dist);
	free(queue);
	return rc;
}

/* Who is drawn (see the header), and each person's latest knows contact. */
static void mark_drawn(struct pm_selection *s, const struct pm_select_opts *o)
{
	const struct pm_view *v = s->view;
	size_t i;

	for (i = 0; i < s->naccount; i++)
		s->drawn[i] = s->rank->e[i].score >= o->min_power || s->on_path[i];
	for (i = s->naccount; i < v->n; i++)
		s->drawn[i] = s->on_path[i];
	for (i = 0; i < v->nties; i++) {
		const struct pm_tie *t = &v->ties[i];
		int a = t->a, b = t->b;
		if (t->kind != PM_LINK_KNOWS)
			continue;
		if (strcmp(t->last_contact, s->last_contact[a]) > 0)
			memcpy(s->last_contact[a], t->last_contact, sizeof(s->last_contact[a]));
		if (strcmp(t->last_contact, s->last_contact[b]) > 0)
			memcpy(s->last_contact[b], t->last_contact, sizeof(s->last_contact[b]));
		if (o->no_ours)
			continue;
		/* our people who know someone drawn from the account */
		if ((size_t)a >= s->naccount && (size_t)b < s->naccount && s->drawn[b])
			s->drawn[a] = 1;
		if ((size_t)b >= s->naccount && (size_t)a < s->naccount && s->drawn[a])
			s->drawn[b] = 1;
	}
}

/*
 * Keep the PM_MAP_OURS_MAX of ours whose ties to drawn account people weigh
 * most (a focused map: all candidates were loaded, then the focus applied).
 */
static int cap_ours(struct pm_selection *s, struct pm_error *err)
{
	const struct pm_view *v = s->view;
	struct weighed *w;
	size_t i, n = 0, keep = 0;

	for (i = s->naccount; i < v->n; i++)
		n += s->drawn[i] && !s->on_path[i];
	if (n <= PM_MAP_OURS_MAX)
		return 0;
	if (!(w = calloc(v->n - s->naccount + 1, sizeof(*w))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (i = s->naccount; i < v->n; i++)
		w[i - s->naccount] = (struct weighed){ (int64_t)i, 0, v->people[i].key };
	for (i = 0; i < v->nties; i++) {
		const struct pm_tie *t = &v->ties[i];
		int a = t->a, b = t->b;
		double x;
		if ((size_t)a >= s->naccount) {
			int tmp = a;
			a = b;
			b = tmp;
		}
		/* a: the account person, b: one of ours */
		if ((size_t)a >= s->naccount || (size_t)b < s->naccount || !s->drawn[a])
			continue;
		x = (t->has_strength ? t->strength : 0.5) * s->rank->e[a].score;
		if (x > w[b - s->naccount].w)
			w[b - s->naccount].w = x;
	}
	pm_sort(w, v->n - s->naccount, sizeof(*w), by_weight, NULL);
	for (i = 0; i < v->n - s->naccount; i++) {
		int x = (int)w[i].who;
		if (!s->drawn[x] || s->on_path[x])
			continue;
		if (keep < PM_MAP_OURS_MAX) {
			keep++;
		} else {
			s->drawn[x] = 0;
			s->ours_hidden++;
		}
	}
	free(w);
	return 0;
}

int pm_select_map(struct pm_store *st, const struct pm_rank *rank,
		  const struct pm_paths *paths, const struct pm_select_opts *o,
		  struct pm_selection **out, struct pm_error *err)
{
	struct pm_selection *s;
	size_t i, n;
	int rc;

	*out = NULL;
	if (!(s = calloc(1, sizeof(*s))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	s->rank = rank;
	s->paths = paths;
	if ((rc = load_people(s, st, o, err)) < 0)
		goto fail;
	n = s->view->n + 1;
	s->drawn = calloc(n, 1);
	s->on_path = calloc(n, 1);
	s->last_contact = calloc(n, sizeof(*s->last_contact));
	if (!s->drawn || !s->on_path || !s->last_contact) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = mark_paths(s, err)) < 0)
		goto fail;
	mark_drawn(s, o);
	if (o->focus && (rc = focus(s, st, o, err)) < 0)
		goto fail;
	if ((rc = cap_ours(s, err)) < 0)
		goto fail;
	for (i = 0; i < s->view->n; i++)
		s->ndrawn += s->drawn[i];
	*out = s;
	return 0;
fail:
	pm_selection_free(s);
	return rc;
}
