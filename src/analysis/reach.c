/*
 * powermap — reach: the best warm path to every person of an account in one
 * search over the account's corridor (a forward hop-bounded Bellman-Ford
 * from every possible introducer at once; see paths.c). For a large account
 * the 4-hop corridor is most of the network, read person by person through
 * an index; there the same search over the whole network, reading every tie
 * once in table order (warm.c), is several times faster.
 */
#include <stdlib.h>
#include <string.h>
#include "paths_internal.h"
#include "warm.h"

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

/* An account this large is searched over the whole network (warm.c). */
#define REACH_GLOBAL_MIN 1000

struct link_ctx {
	struct pm_view *v;
	struct pm_error *err;
	int tie;        /* the index of the tie pushed */
};

static int on_path_link(const struct pm_link_row *r, void *ctx)
{
	struct link_ctx *lc = ctx;
	int a = pm_view_vertex(lc->v, r->src), b = pm_view_vertex(lc->v, r->dst), rc;

	if (a < 0 || b < 0)
		return pm_error_set(lc->err, PM_EDB, "a link of a path has an end not in the view");
	if ((rc = pm_view_push_tie(lc->v, a, b, r, lc->err)) < 0)
		return rc;
	lc->tie = (int)lc->v->nties - 1;
	return 0;
}

/*
 * Put the path through people ids[0..len) over links[0..len - 1) into the
 * view as *out (people added, ties pushed), its strengths from p.
 */
static int adopt(struct pm_store *st, struct pm_view *v, const struct pm_params *p,
		 const int64_t *ids, const int64_t *links, int len, struct pm_path *out,
		 struct pm_error *err)
{
	struct link_ctx lc = { v, err, -1 };
	int i, rc;

	out->len = len;
	out->score = 1;
	for (i = 0; i < len; i++)
		if ((rc = pm_view_add_person(v, st, ids[i], &out->nodes[i], err)) < 0)
			return rc;
	for (i = 0; i + 1 < len; i++) {
		if ((rc = pm_store_link_get(st, links[i], on_path_link, &lc, err)) < 0)
			return rc;
		out->tie[i] = lc.tie;
		out->s_eff[i] = pm_tie_relation(p, &v->ties[lc.tie]);
		out->score *= out->s_eff[i] * (i ? p->hop_discount : 1);
	}
	return 0;
}

/* The best path to account vertex t exactly (paths -k 1), into the view. */
static int search_one(struct pm_store *st, struct pm_reach *r, size_t t,
		      const struct pm_params *params, const struct pm_paths_opts *o,
		      struct pm_error *err)
{
	struct pm_paths_opts one = *o;
	struct pm_paths *res = NULL;
	int64_t ids[9];
	int rc, i;

	one.k = 1;
	if ((rc = pm_paths(st, r->view->people[t].key, params, &one, &res, err)) < 0)
		return rc;
	if (res->n) {
		const struct pm_path *x = &res->paths[0];
		struct pm_path *out = &r->best[t];
		for (i = 0; i < x->len; i++)
			ids[i] = res->view->people[x->nodes[i]].id;
		out->len = x->len;
		out->score = x->score;
		for (i = 0; i < x->len && rc == 0; i++)
			rc = pm_view_add_person(r->view, st, ids[i], &out->nodes[i], err);
		for (i = 0; i + 1 < x->len && rc == 0; i++) {
			const struct pm_tie *tie = &res->view->ties[x->tie[i]];
			struct pm_link_row row = { 0, 0, 0, tie->kind, tie->has_strength, tie->strength,
						   tie->last_contact, tie->source, 1, NULL };
			int a = pm_view_vertex(r->view, res->view->people[tie->a].id);
			int b = pm_view_vertex(r->view, res->view->people[tie->b].id);
			if ((rc = pm_view_push_tie(r->view, a, b, &row, err)) == 0) {
				out->tie[i] = (int)r->view->nties - 1;
				out->s_eff[i] = x->s_eff[i];
			}
		}
	}
	pm_paths_free(res);
	return rc;
}

/* reach over the whole network: one warm search, then each best path rebuilt. */
static int reach_global(struct pm_store *st, struct pm_reach *r, const struct pm_params *p,
			const struct pm_params *params, const struct pm_paths_opts *o,
			struct pm_error *err)
{
	struct warm *w = NULL;
	size_t t;
	int rc;

	if ((rc = warm_search(st, p, o->via, o->allow_blockers, 1, NULL, &w, err)) < 0)
		return rc;
	for (t = 0; t < r->naccount && rc == 0; t++) {
		int v = warm_dense(w, r->view->people[t].id), people[9], len;
		int64_t ids[9], links[8];
		if (v < 0 || (len = warm_path(w, v, people, links)) == 0)
			continue;
		if (len < 0) {
			rc = search_one(st, r, t, params, o, err);
			continue;
		}
		for (int i = 0; i < len; i++)
			ids[i] = w->id[people[i]];
		rc = adopt(st, r->view, p, ids, links, len, &r->best[t], err);
	}
	warm_free(w);
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
	if (o->global > 0 || (o->global == 0 && r->naccount >= REACH_GLOBAL_MIN)) {
		if ((rc = reach_global(st, r, p, params, o, err)) < 0)
			goto fail;
		*out = r;
		return 0;
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
