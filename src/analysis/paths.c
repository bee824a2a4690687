/*
 * powermap — warm referral paths (DESIGN §6 paths) and reach.
 *
 * 1. Corridor: a breadth-first search from the target(s) over knows,
 *    influences and reports_to links, through indexed lookups, to max_hops
 *    ties. Our own people found on the way start paths (sources); they are
 *    never expanded (a path starts at the last of ours on it). Customer
 *    insiders are intermediaries only: a path to them must start at our side
 *    too. Opponents and blockers are left out unless allowed. Only the
 *    corridor is read, never the whole network.
 * 2. Bound: g(v, h) = best product of effective strengths times hop_discount
 *    per hop over walks of at most h ties from v to the target through
 *    allowed intermediaries (a hop-bounded Bellman-Ford). The best walk is
 *    never better than the best simple path, so g is an exact upper bound.
 * 3. Search: best-first over partial simple paths from every source, ordered
 *    by (product so far) * g(last, hops left). Complete paths come out in
 *    exactly descending score; the first k (with a different introducer each
 *    when diversity is on) are the answer. Since sources are never
 *    intermediaries, no path is another listed path with people in front.
 * score = product of s_eff * hop_discount^(hops - 1): a direct tie is not
 * discounted, each introduction on the way is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "paths_internal.h"

void pm_paths_opts_default(struct pm_paths_opts *o)
{
	o->k = 3;
	o->via = PM_VIA_ALL;
	o->from = NULL;
	o->allow_blockers = 0;
	o->no_chain = 0;
	o->diversity = 1;
	o->memo = NULL;
	o->global = 0;
}

unsigned pm_via_bit(const char *kind)
{
	if (!kind)
		return 0;
	if (!strcmp(kind, "own")) return PM_VIA_STAFF;
	if (!strcmp(kind, "partner")) return PM_VIA_PARTNER;
	if (!strcmp(kind, "investor")) return PM_VIA_INVESTOR;
	if (!strcmp(kind, "bank")) return PM_VIA_BANK;
	return 0;
}

int pm_via_parse(const char *list, unsigned *via, struct pm_error *err)
{
	static const struct { const char *word; unsigned bit; } words[] = {
		{ "staff", PM_VIA_STAFF }, { "own", PM_VIA_STAFF },
		{ "partner", PM_VIA_PARTNER }, { "investor", PM_VIA_INVESTOR },
		{ "bank", PM_VIA_BANK },
	};
	char buf[256], *tok, *save = NULL;
	size_t i;

	*via = 0;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "customer"))
			return pm_error_set(err, PM_EINVAL,
					    "a path starts at our side (staff, partner, investor, "
					    "bank); customer insiders are the introducers on the way, "
					    "never the start");
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strcmp(tok, words[i].word))
				break;
		if (i == sizeof(words) / sizeof(words[0]))
			return pm_error_set(err, PM_EINVAL,
					    "unknown kind of our side '%s' (staff, partner, "
					    "investor, bank)", tok);
		*via |= words[i].bit;
	}
	if (!*via)
		return pm_error_set(err, PM_EINVAL, "--via names no kind of our side");
	return 0;
}

const char *pm_outbound_channel(const struct pm_person *p)
{
	if (p->email && *p->email)
		return "email";
	if (p->url && *p->url)
		return "dm";
	return "phone";
}

int pm_path_introducer(const struct pm_path *path)
{
	return path->len >= 3 ? path->nodes[1] : -1;
}

enum pm_path_chain pm_path_chain(const struct pm_view *v, const struct pm_path *path)
{
	const struct pm_tie *t;
	int target = path->nodes[path->len - 1];

	if (path->len < 2)
		return PM_CHAIN_NONE;
	t = &v->ties[path->tie[path->len - 2]];
	if (t->kind != PM_LINK_REPORTS_TO)
		return PM_CHAIN_NONE;
	return t->a == target ? PM_CHAIN_MANAGER : PM_CHAIN_REPORT;
}

/*
 * Check and classify --from: one of ours starts every path; a customer
 * insider is passed through, which an opponent or blocker never is unless
 * blockers are allowed.
 */
static int check_from(struct pm_store *st, const struct pm_paths_opts *o,
		      struct corridor *c, struct pm_error *err)
{
	struct pm_view *v = NULL;
	const struct pm_person *x;
	int rc, vx;

	if (!o->from)
		return 0;
	if ((rc = pm_store_person_resolve(st, o->from, &c->from_id, NULL, err)) < 0 ||
	    (rc = pm_view_new(&v, err)) < 0 ||
	    (rc = pm_view_add_person(v, st, c->from_id, &vx, err)) < 0)
		goto out;
	x = &v->people[vx];
	c->from_ours = x->ours;
	if (!x->ours && !o->allow_blockers &&
	    (x->stance_id == PM_STANCE_OPPONENT || x->role_id == PM_ROLE_BLOCKER))
		rc = pm_error_set(err, PM_EINVAL,
				  "%s is %s: an opponent or blocker is never asked to "
				  "introduce (--allow-blockers routes through them anyway)",
				  x->name, pm_msg(x->role_id == PM_ROLE_BLOCKER ? "a blocker" : "an opponent"));
out:
	pm_view_free(v);
	return rc;
}

/* The parameters of a search: without reporting lines under --no-chain. */
void pm_paths_params(const struct pm_params *p, const struct pm_paths_opts *o,
		     struct pm_params *q)
{
	*q = *p;
	if (o->no_chain)
		q->colleague = 0;
}

void pm_paths_free(struct pm_paths *r)
{
	if (!r)
		return;
	pm_view_free(r->view);
	free(r->paths);
	free(r);
}

int pm_paths(struct pm_store *st, const char *target, const struct pm_params *params,
	     const struct pm_paths_opts *o, struct pm_paths **out, struct pm_error *err)
{
	struct corridor c = { NULL, NULL, NULL, 0, 0, 0, NULL };
	struct pm_params q;
	const struct pm_params *p = &q;
	struct graph gr;
	struct pm_paths *r;
	int64_t tid;
	size_t need;
	int rc, tv;

	*out = NULL;
	memset(&gr, 0, sizeof(gr));
	pm_paths_params(params, o, &q);
	c.p = p;
	if (o->k < 1 || p->max_hops < 1 || p->max_hops > 8)
		return pm_error_set(err, PM_EINVAL, "k must be at least 1 and max_hops 1 to 8");
	if ((rc = pm_store_person_resolve(st, target, &tid, NULL, err)) < 0 ||
	    (rc = check_from(st, o, &c, err)) < 0)
		return rc;
	if (!(r = calloc(1, sizeof(*r))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	/*
	 * Grow the corridor best first until the k best paths all score above
	 * its bound; widen it (more introducers) when they do not.
	 */
	for (need = 4 * (size_t)o->k + 16;; need *= 8) {
		double tau;
		size_t i, above = 0;
		if ((rc = pm_view_new(&r->view, err)) < 0 ||
		    (rc = pm_view_add_person(r->view, st, tid, &tv, err)) < 0)
			goto fail;
		c.v = r->view;
		r->target = tv;
		if ((rc = pm_corridor_best_first(&c, st, p, o, need, &tau, err)) < 0)
			goto fail;
		/* the reading above may run beside another search; igraph may not */
		pm_igraph_lock();
		if ((rc = pm_corridor_graph(&gr, &c, p, err)) < 0 ||
		    (rc = pm_path_search(&gr, &c, tv, p, o, r, err)) < 0) {
			pm_corridor_release(&c, &gr);
			pm_igraph_unlock();
			goto fail;
		}
		pm_corridor_release(&c, &gr);
		pm_igraph_unlock();
		for (i = 0; i < r->n; i++)
			above += r->paths[i].score * p->hop_discount > tau;
		if (tau == 0 || (r->n == (size_t)o->k && above == r->n))
			break;
		/* not provably the best yet: widen */
		pm_view_free(r->view);
		r->view = NULL;
		free(r->paths);
		r->paths = NULL;
		r->n = r->nsources = 0;
	}
	*out = r;
	return 0;
fail:
	pm_corridor_release(&c, &gr);
	pm_paths_free(r);
	return rc;
}

