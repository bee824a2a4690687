/*
 * powermap — factions: Leiden communities (modularity objective, igraph's
 * seeded RNG) in the account's undirected influence + relationship view.
 */
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
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

/* The combined undirected view: per pair, influence both ways + strongest tie. */
static int combined(const struct pm_account *a, const struct pm_params *p, igraph_t *g,
		    igraph_vector_t *w, struct pm_error *err)
{
	const struct pm_view *v = a->rank->view;
	igraph_t ig, rg;
	igraph_vector_t iw, rw;
	igraph_vector_int_t edges;
	struct pm_idmap *pairs = pm_idmap_new();
	int *tie_of = NULL, rc;
	igraph_integer_t e, i;
	igraph_error_t ie;

	if (!pairs)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = pm_view_influence(v, p, 0, &ig, &iw, err)) < 0)
		goto out0;
	if ((rc = pm_view_relationship(v, p, &rg, &rw, &tie_of, err)) < 0)
		goto out1;
	igraph_vector_int_init(&edges, 0);
	igraph_vector_init(w, 0);
	for (i = 0; i < 2; i++) {
		const igraph_t *src = i ? &rg : &ig;
		const igraph_vector_t *sw = i ? &rw : &iw;
		for (e = 0; e < igraph_ecount(src); e++) {
			int x = (int)IGRAPH_FROM(src, e), y = (int)IGRAPH_TO(src, e), k;
			int64_t key = x < y ? (int64_t)x * 2147483648LL + y : (int64_t)y * 2147483648LL + x;
			if ((k = pm_idmap_get(pairs, key)) >= 0) {
				VECTOR(*w)[k] += VECTOR(*sw)[e];
				continue;
			}
			if (igraph_vector_int_push_back(&edges, x) ||
			    igraph_vector_int_push_back(&edges, y) ||
			    igraph_vector_push_back(w, VECTOR(*sw)[e]) ||
			    pm_idmap_put(pairs, key, (int)igraph_vector_size(w) - 1) < 0) {
				rc = pm_error_set(err, PM_ENOMEM, "out of memory");
				goto out2;
			}
		}
	}
	ie = igraph_create(g, &edges, (igraph_integer_t)v->n, 0);
	if (ie)
		rc = pm_igraph_error(ie, "factions", err);
out2:
	if (rc < 0)
		igraph_vector_destroy(w);
	igraph_vector_int_destroy(&edges);
	free(tie_of);
	igraph_vector_destroy(&rw);
	igraph_destroy(&rg);
out1:
	igraph_vector_destroy(&iw);
	igraph_destroy(&ig);
out0:
	pm_idmap_free(pairs);
	return rc;
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
