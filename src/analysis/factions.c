/*
 * powermap — factions: Leiden communities (modularity objective, igraph's
 * seeded RNG) in the account's undirected coalition view (influence and
 * acquaintance in full, reporting lines light), compared with the
 * departments.
 */
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/map_select.h"
#include "powermap/kit.h"
#include "powermap/idmap.h"
#include "powermap/model.h"

void pm_factions_free(struct pm_factions *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		free(f->f[i].members);
	free(f->f);
	free(f);
}

static int by_power(const void *x, const void *y, void *ctx)
{
	const struct pm_account *acc = ctx;
	int a = *(const int *)x, b = *(const int *)y;
	double pa = acc->rank->e[a].score, pb = acc->rank->e[b].score;

	return pa != pb ? (pa < pb ? 1 : -1) : a - b;
}

static int by_faction_power(const void *x, const void *y)
{
	const struct pm_faction *a = x, *b = y;

	if (a->power != b->power)
		return a->power < b->power ? 1 : -1;
	return a->members[0] - b->members[0];
}

/*
 * The weight of one tie in the coalition view. Coalitions are informal: who
 * sways whom (an influence, counted as the influence and as the acquaintance
 * it implies: twice its strength) and who knows whom (a knows tie's effective
 * strength) weigh in full; a reporting line only PM_FACTION_CHAIN (0.2), so
 * that the coalitions found are not the org chart again.
 */
static double faction_weight(const struct pm_params *p, const struct pm_tie *t)
{
	switch (t->kind) {
	case PM_LINK_INFLUENCES: return 2 * pm_tie_strength(p, t);
	case PM_LINK_KNOWS: return pm_tie_relation(p, t);
	case PM_LINK_REPORTS_TO: return PM_FACTION_CHAIN;
	default: return 0;
	}
}

/* The coalition view: undirected, per pair the sum of its ties' weights. */
static int combined(const struct pm_account *a, const struct pm_params *p, igraph_t *g,
		    igraph_vector_t *w, struct pm_error *err)
{
	const struct pm_view *v = a->rank->view;
	igraph_vector_int_t edges;
	struct pm_idmap *pairs = pm_idmap_new();
	igraph_error_t ie;
	size_t i;
	int rc = 0;

	if (!pairs)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	igraph_vector_int_init(&edges, 0);
	igraph_vector_init(w, 0);
	for (i = 0; i < v->nties; i++) {
		const struct pm_tie *t = &v->ties[i];
		double x = faction_weight(p, t);
		int64_t key = pm_pair_key(t->a, t->b);
		int k;
		if (!(x > 0) || t->a == t->b)
			continue;
		if ((k = pm_idmap_get(pairs, key)) >= 0) {
			VECTOR(*w)[k] += x;
			continue;
		}
		if (igraph_vector_int_push_back(&edges, t->a) ||
		    igraph_vector_int_push_back(&edges, t->b) || igraph_vector_push_back(w, x) ||
		    pm_idmap_put(pairs, key, (int)igraph_vector_size(w) - 1) < 0) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto out;
		}
	}
	if ((ie = igraph_create(g, &edges, (igraph_integer_t)v->n, 0)))
		rc = pm_igraph_error(ie, "factions", err);
out:
	if (rc < 0)
		igraph_vector_destroy(w);
	igraph_vector_int_destroy(&edges);
	pm_idmap_free(pairs);
	return rc;
}

/*
 * How much the factions repeat the departments: normalized mutual
 * information between faction and department (people without a department
 * each count as their own), 0..1; -1 when fewer than two departments.
 */
static double follows_departments(const struct pm_account *a, const igraph_vector_int_t *memb)
{
	const struct pm_view *v = a->rank->view;
	igraph_vector_int_t dept;
	igraph_real_t nmi = -1;
	size_t i, j, ndept = 0;

	if (igraph_vector_int_init(&dept, (igraph_integer_t)a->n))
		return -1;
	for (i = 0; i < a->n; i++) {
		const char *d = v->people[i].department;
		VECTOR(dept)[i] = (igraph_integer_t)(a->n + i);   /* alone */
		if (!d || !*d)
			continue;
		for (j = 0; j < i; j++)
			if (v->people[j].department && !strcmp(v->people[j].department, d))
				break;
		if (j == i)
			ndept++;
		VECTOR(dept)[i] = (igraph_integer_t)j;
	}
	if (ndept >= 2) {
		/* compact the ids for igraph */
		igraph_vector_int_t ids;
		if (!igraph_vector_int_init(&ids, 0)) {
			if (!igraph_reindex_membership(&dept, &ids, NULL) &&
			    igraph_compare_communities(memb, &dept, &nmi, IGRAPH_COMMCMP_NMI))
				nmi = -1;
			igraph_vector_int_destroy(&ids);
		}
	}
	igraph_vector_int_destroy(&dept);
	return nmi;
}

int pm_factions(const struct pm_account *a, const struct pm_params *p,
		struct pm_factions **out, struct pm_error *err)
{
	struct pm_factions *fs = NULL;
	igraph_vector_t w, strength;
	igraph_vector_int_t memb;
	igraph_integer_t nb = 0;
	igraph_real_t total = 0, quality;
	igraph_t g;
	igraph_error_t e;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = combined(a, p, &g, &w, err)) < 0)
		return rc;
	igraph_vector_init(&strength, 0);
	igraph_vector_int_init(&memb, 0);
	pm_igraph_init();
	igraph_rng_seed(igraph_rng_default(), 42);
	e = igraph_strength(&g, &strength, igraph_vss_all(), IGRAPH_ALL, 1, &w);
	total = igraph_vector_sum(&w);
	if (!e)
		e = igraph_community_leiden(&g, &w, &strength, total > 0 ? 1.0 / (2 * total) : 1,
					    0.01, 0, -1, &memb, &nb, &quality);
	if (!e && total > 0)
		e = igraph_modularity(&g, &memb, &w, 1, 0, &quality);
	if (e) {
		rc = pm_igraph_error(e, "leiden", err);
		goto out;
	}
	if (!(fs = calloc(1, sizeof(*fs))) || !(fs->f = calloc((size_t)nb + 1, sizeof(*fs->f)))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	fs->n = (size_t)nb;
	fs->modularity = total > 0 ? quality : 0;
	fs->departments_nmi = follows_departments(a, &memb);
	for (i = 0; i < a->n; i++) {
		struct pm_faction *f = &fs->f[VECTOR(memb)[i]];
		enum pm_stance stance = a->rank->view->people[i].stance_id;
		if (PM_GROW(f->members, f->cap, f->n + 1) < 0) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto out;
		}
		f->members[f->n++] = (int)i;
		f->power += a->rank->e[i].score;
		if (stance != PM_STANCE_UNKNOWN) {
			f->stance += pm_stance_value(pm_stances[stance]);
			f->nknown++;
		}
	}
	for (i = 0; i < fs->n; i++) {
		if (fs->f[i].nknown)
			fs->f[i].stance /= fs->f[i].nknown;
		pm_sort(fs->f[i].members, fs->f[i].n, sizeof(int), by_power, (void *)a);
	}
	qsort(fs->f, fs->n, sizeof(*fs->f), by_faction_power);
	*out = fs;
	fs = NULL;
out:
	pm_factions_free(fs);
	igraph_vector_destroy(&strength);
	igraph_vector_int_destroy(&memb);
	igraph_vector_destroy(&w);
	igraph_destroy(&g);
	return rc;
}
