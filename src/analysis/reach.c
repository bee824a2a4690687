/*
 * powermap — reach: the best warm path to every person of an account in one
 * search over the account's corridor (a forward hop-bounded Bellman-Ford
 * from every possible introducer at once; see paths.c).
 */
#include <stdlib.h>
#include <string.h>
#include "paths_internal.h"

void pm_reach_free(struct pm_reach *r)
{
	if (!r)
		return;
	pm_view_free(r->view);
	free(r->best);
	free(r);
}

/*
 * Forward hop-bounded Bellman-Ford from every source at once: f[h][v] is the
 * best product (strengths * d per hop) of a walk of at most h ties from a
 * source to v; pred remembers how, to rebuild the path.
 */
struct step {
	int from;    /* -1: carried from level h - 1; -2: v is a source (start) */
	int edge;
};

static int reach_all(struct graph *gr, struct corridor *c, const struct pm_params *p,
		     const struct pm_paths_opts *o, struct pm_reach *r, struct pm_error *err)
{
	const int H = p->max_hops;
	const double d = p->hop_discount;
	size_t n = c->v->n, v, t;
	double *f = calloc((size_t)(H + 1) * n, sizeof(*f));
	struct step *pred = malloc((size_t)(H + 1) * n * sizeof(*pred));
	int h, rc = 0;

	if (!f || !pred) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	for (v = 0; v < n; v++) {
		f[v] = (c->flags[v] & F_SOURCE) ? 1 : 0;
		pred[v] = (struct step){ -2, -1 };
	}
	for (h = 1; h <= H; h++) {
		double *cur = f + (size_t)h * n, *prev = f + (size_t)(h - 1) * n;
		struct step *pc = pred + (size_t)h * n;
		for (v = 0; v < n; v++) {
			cur[v] = prev[v];
			pc[v] = (struct step){ -1, -1 };
		}
		for (v = 0; v < n; v++) {
			igraph_vector_int_t *inc;
			igraph_integer_t j;
			double val;
			if ((c->flags[v] & F_SOURCE) && !(c->flags[v] & F_INTER))
				val = 1;          /* our people only start paths */
			else if (c->flags[v] & F_INTER)
				val = prev[v];
			else
				continue;
			if (!(val > 0))
				continue;
			inc = igraph_lazy_inclist_get(&gr->inc, (igraph_integer_t)v);
			for (j = 0; inc && j < igraph_vector_int_size(inc); j++) {
				igraph_integer_t e = VECTOR(*inc)[j];
				int w = (int)IGRAPH_OTHER(&gr->g, e, (igraph_integer_t)v);
				double x = val * VECTOR(gr->s)[e] * d;
				if (x > cur[w]) {
					cur[w] = x;
					pc[w] = (struct step){ (int)v, (int)e };
				}
			}
		}
	}
	for (t = 0; t < r->naccount; t++) {
		struct pm_path *out = &r->best[t];
		int chain[9], nc = 0, w = (int)t, ok = 1, i, j;
		if (!(f[(size_t)H * n + t] > 0))
			continue;
		h = H;
		chain[nc++] = w;
		while (h > 0 && ok) {
			struct step s = pred[(size_t)h * n + w];
			if (s.from == -1) {
				h--;
				continue;
			}
			if (s.from == -2)
				break;
			w = s.from;
			for (i = 0; i < nc; i++)
				ok &= chain[i] != w;
			if (nc == 9)
				ok = 0;
			if (ok)
				chain[nc++] = w;
			h--;
			if ((c->flags[w] & F_SOURCE) && !(c->flags[w] & F_INTER))
				break;
		}
		if (!ok || nc < 2 || !(c->flags[chain[nc - 1]] & F_SOURCE)) {
			/*
			 * The target is an introducer itself (a supporter: we want
			 * the route from someone else), or the best walk is not
			 * simple: search this target exactly.
			 */
			struct pm_paths tmp = { 0 };
			struct pm_paths_opts one = *o;
			one.k = 1;
			if ((rc = pm_path_search(gr, c, (int)t, p, &one, &tmp, err)) < 0)
				goto out;
			if (tmp.n)
				*out = tmp.paths[0];
			free(tmp.paths);
			continue;
		}
		out->len = nc;
		for (i = 0; i < nc; i++)
			out->nodes[i] = chain[nc - 1 - i];
		out->score = 1;
		for (i = 0; i + 1 < nc; i++) {
			int a = out->nodes[i], b = out->nodes[i + 1];
			igraph_integer_t eid = -1;
			igraph_get_eid(&gr->g, &eid, a, b, 0, 0);
			j = (int)eid;
			out->tie[i] = gr->tie_of[j];
			out->s_eff[i] = VECTOR(gr->s)[j];
			out->score *= out->s_eff[i] * (i ? d : 1);
		}
	}
out:
	free(f);
	free(pred);
	return rc;
}

int pm_reach(struct pm_store *st, const char *account, const struct pm_params *params,
	     const struct pm_paths_opts *o, struct pm_reach **out, struct pm_error *err)
{
	struct corridor c = { NULL, NULL, NULL, 0, 0, 0, NULL };
	struct pm_params q;
	const struct pm_params *p = &q;
	struct graph gr;
	struct pm_reach *r;
	int rc;

	*out = NULL;
	memset(&gr, 0, sizeof(gr));
	pm_paths_params(params, o, &q);
	c.p = p;
	if (p->max_hops < 1 || p->max_hops > 8)
		return pm_error_set(err, PM_EINVAL, "max_hops must be 1 to 8");
	if (o->from)
		return pm_error_set(err, PM_EINVAL, "reach starts at all of our side (no --from)");
	if (!(r = calloc(1, sizeof(*r))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = pm_view_new(&r->view, err)) < 0 ||
	    (rc = pm_view_add_account(r->view, st, account, err)) < 0)
		goto fail;
	r->naccount = r->view->n;
	if (!(r->best = calloc(r->naccount + 1, sizeof(*r->best)))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	c.v = r->view;
	if ((rc = pm_corridor_grow(&c, st, p->max_hops, o, err)) < 0 ||
	    (rc = pm_corridor_graph(&gr, &c, p, err)) < 0 ||
	    (rc = reach_all(&gr, &c, p, o, r, err)) < 0)
		goto fail;
	pm_corridor_release(&c, &gr);
	*out = r;
	return 0;
fail:
	pm_corridor_release(&c, &gr);
	pm_reach_free(r);
	return rc;
}
