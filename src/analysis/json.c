/* powermap — analysis results as JSON (see include/powermap/json.h). */
#include <stdlib.h>
#include <string.h>
#include "powermap/json.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* A count or an amount: 1200, not jansson's 1200.0, when it is whole. */
static json_t *count_or_amount(double x)
{
	if (x > -9007199254740992.0 && x < 9007199254740992.0 && x == (double)(json_int_t)x)
		return json_integer((json_int_t)x);
	return json_real(x);
}

static json_t *column_value(const struct pm_column *col, const char *val)
{
	if (!val || !*val)
		return json_null();
	switch (col->type) {
	case PM_COL_UNIT:
		return json_real(strtod(val, NULL));
	case PM_COL_NUMBER:
		return count_or_amount(strtod(val, NULL));
	case PM_COL_POWER:
		return json_integer(atoi(val));
	default:
		return json_string(val);
	}
}

json_t *pm_json_record(enum pm_table_id t, const char *const *vals)
{
	const struct pm_table *tab = &pm_tables[t];
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < tab->ncols; i++)
		json_object_set_new(o, tab->cols[i].name, column_value(&tab->cols[i], vals[i]));
	return o;
}

json_t *pm_json_person(const struct pm_person *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "key", json_string(p->key));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "title", p->title ? json_string(p->title) : json_null());
	json_object_set_new(o, "role", p->role ? json_string(p->role) : json_null());
	json_object_set_new(o, "stance", json_string(p->stance ? p->stance : "unknown"));
	return o;
}

static const char *tie_name(const struct pm_tie *t)
{
	return t->kind == PM_LINK_KNOWS ? "knows"
	     : t->kind == PM_LINK_INFLUENCES ? "influences" : "colleague";
}

json_t *pm_json_path(const struct pm_view *v, const struct pm_path *path)
{
	static const char *const chain[] = { NULL, "manager", "report" };
	json_t *o = json_object(), *hops = json_array();
	const struct pm_person *owner = &v->people[path->nodes[0]];
	int iv = pm_path_introducer(path), i;
	const struct pm_person *intro = iv >= 0 ? &v->people[iv] : NULL;
	const char *ch = chain[pm_path_chain(v, path)];

	json_object_set_new(o, "strength", json_real(path->score));
	json_object_set_new(o, "hops", json_integer(path->len - 1));
	json_object_set_new(o, "owner", json_string(owner->key));
	json_object_set_new(o, "owner_name", json_string(owner->name));
	json_object_set_new(o, "owner_org", str_or_null(owner->org_key));
	json_object_set_new(o, "introducer", intro ? json_string(intro->key) : json_null());
	json_object_set_new(o, "introducer_name", intro ? json_string(intro->name) : json_null());
	json_object_set_new(o, "introducer_org", intro ? str_or_null(intro->org_key) : json_null());
	json_object_set_new(o, "chain", ch ? json_string(ch) : json_null());
	for (i = 0; i + 1 < path->len; i++) {
		const struct pm_person *a = &v->people[path->nodes[i]];
		const struct pm_person *b = &v->people[path->nodes[i + 1]];
		const struct pm_tie *t = &v->ties[path->tie[i]];
		json_t *h = json_object();
		json_object_set_new(h, "from", json_string(a->key));
		json_object_set_new(h, "to", json_string(b->key));
		json_object_set_new(h, "to_name", json_string(b->name));
		json_object_set_new(h, "to_org", str_or_null(b->org_key));
		json_object_set_new(h, "tie", json_string(tie_name(t)));
		json_object_set_new(h, "strength", t->kind != PM_LINK_REPORTS_TO && t->has_strength
				    ? json_real(t->strength) : json_null());
		json_object_set_new(h, "effective", json_real(path->s_eff[i]));
		json_object_set_new(h, "last_contact", str_or_null(t->last_contact));
		json_object_set_new(h, "source", str_or_null(t->source));
		json_array_append_new(hops, h);
	}
	json_object_set_new(o, "path", hops);
	return o;
}

json_t *pm_json_rank(const struct pm_rank *r, const char *account, const struct pm_params *p,
		     size_t top)
{
	json_t *o = json_object(), *people = json_array(), *w = json_object();
	size_t i;

	json_object_set_new(o, "account", json_string(account));
	json_object_set_new(o, "as_of", json_string(p->as_of));
	json_object_set_new(o, "restart", json_string(r->restart_uniform ? "uniform"
						      : "decision_makers"));
	json_object_set_new(w, "formal", json_real(p->w_formal));
	json_object_set_new(w, "influence", json_real(p->w_influence));
	json_object_set_new(w, "role", json_real(p->w_role));
	json_object_set_new(w, "broker", json_real(p->w_broker));
	json_object_set_new(o, "weights", w);
	json_object_set_new(o, "betweenness_sampled_sources",
			    r->betweenness_sources ? json_integer(r->betweenness_sources) : json_null());
	for (i = 0; i < r->n && i < top; i++) {
		int v = r->order[i];
		const struct pm_person *pp = &r->view->people[v];
		const struct pm_rank_entry *e = &r->e[v];
		json_t *x = json_object();
		json_object_set_new(x, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(x, "key", json_string(pp->key));
		json_object_set_new(x, "name", json_string(pp->name));
		json_object_set_new(x, "org", pp->org_key ? json_string(pp->org_key) : json_null());
		json_object_set_new(x, "title", pp->title ? json_string(pp->title) : json_null());
		json_object_set_new(x, "role", pp->role ? json_string(pp->role) : json_null());
		json_object_set_new(x, "stance", json_string(pp->stance ? pp->stance : "unknown"));
		json_object_set_new(x, "score", json_real(e->score));
		json_object_set_new(x, "formal", json_real(e->formal));
		json_object_set_new(x, "influence", json_real(e->influence));
		json_object_set_new(x, "role_prior", json_real(e->role));
		json_object_set_new(x, "broker", json_real(e->broker));
		json_object_set_new(x, "pagerank", json_real(e->pagerank));
		json_object_set_new(x, "betweenness", json_real(e->betweenness));
		json_object_set_new(x, "reports", json_integer(e->reports));
		json_object_set_new(x, "depth", e->depth < 0 ? json_null() : json_integer(e->depth));
		json_array_append_new(people, x);
	}
	json_object_set_new(o, "people", people);
	return o;
}

json_t *pm_json_paths(const struct pm_paths *r, const struct pm_params *p)
{
	json_t *out = json_object(), *arr = json_array();
	const struct pm_person *t = &r->view->people[r->target];
	size_t i;

	json_object_set_new(out, "target", json_string(t->key));
	json_object_set_new(out, "target_name", json_string(t->name));
	json_object_set_new(out, "as_of", json_string(p->as_of));
	for (i = 0; i < r->n; i++)
		json_array_append_new(arr, pm_json_path(r->view, &r->paths[i]));
	json_object_set_new(out, "paths", arr);
	json_object_set_new(out, "outbound", r->n ? json_null()
			    : json_string(pm_outbound_channel(t)));
	return out;
}

/* {id, channel, owner, via, due, status, notes, overdue, count} of open actions. */
static json_t *planned_json(const struct pm_planned *x)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(x->id));
	json_object_set_new(o, "channel", str_or_null(x->channel));
	json_object_set_new(o, "owner", str_or_null(x->owner));
	json_object_set_new(o, "via", str_or_null(x->via));
	json_object_set_new(o, "due", x->due[0] ? json_string(x->due) : json_null());
	json_object_set_new(o, "status", str_or_null(x->status));
	json_object_set_new(o, "notes", str_or_null(x->notes));
	json_object_set_new(o, "overdue", json_boolean(x->overdue));
	json_object_set_new(o, "count", json_integer(x->count));
	return o;
}

json_t *pm_json_next(const struct pm_account *a, const char *account,
		     const struct pm_params *p, const struct pm_next_item *items, size_t n)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	json_object_set_new(o, "account", json_string(account));
	json_object_set_new(o, "as_of", json_string(p->as_of));
	for (i = 0; i < n; i++) {
		const struct pm_next_item *x = &items[i];
		json_t *e = pm_json_person(&a->rank->view->people[x->vertex]);
		json_object_set_new(e, "value", json_real(x->value));
		json_object_set_new(e, "power", json_real(x->power));
		json_object_set_new(e, "reach", json_real(x->reach));
		json_object_set_new(e, "stance_factor", json_real(x->stance_factor));
		json_object_set_new(e, "coverage", json_real(x->coverage));
		json_object_set_new(e, "channel", json_string(x->channel));
		json_object_set_new(e, "path", x->warm ? pm_json_path(x->view, x->path)
				    : json_null());
		json_object_set_new(e, "why", json_string(x->why));
		json_object_set_new(e, "planned", x->planned ? planned_json(x->planned) : json_null());
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "next", arr);
	arr = json_array();
	for (i = 0; i < a->n; i++) {
		json_t *e;
		if (!a->planned[i].count)
			continue;
		e = pm_json_person(&a->rank->view->people[i]);
		json_object_set_new(e, "planned", planned_json(&a->planned[i]));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "planned", arr);
	return o;
}

json_t *pm_json_action_drafts(const struct pm_action_draft *d, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "target", json_string(d[i].target));
		json_object_set_new(e, "owner", str_or_null(d[i].owner));
		json_object_set_new(e, "due", json_string(d[i].due));
		json_object_set_new(e, "channel", json_string(d[i].channel));
		json_object_set_new(e, "via", str_or_null(d[i].via));
		json_object_set_new(e, "status", json_string("planned"));
		json_object_set_new(e, "notes", json_string(d[i].notes));
		json_array_append_new(arr, e);
	}
	return arr;
}

json_t *pm_json_risks(const struct pm_account *a, const char *account,
		      const struct pm_params *p, const struct pm_risk *r, size_t n, size_t top)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i, j;

	json_object_set_new(o, "account", json_string(account));
	json_object_set_new(o, "as_of", json_string(p->as_of));
	for (i = 0; i < n && i < top; i++) {
		json_t *x = json_object(), *ppl = json_array();
		json_object_set_new(x, "code", json_string(r[i].code));
		json_object_set_new(x, "severity", json_string(r[i].severity));
		json_object_set_new(x, "title", json_string(r[i].title));
		json_object_set_new(x, "advice", json_string(r[i].advice));
		for (j = 0; j < r[i].npeople; j++)
			json_array_append_new(ppl, json_string(
				a->rank->view->people[r[i].people[j]].key));
		json_object_set_new(x, "people", ppl);
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "risks", arr);
	return o;
}

json_t *pm_json_factions(const struct pm_account *a, const char *account,
			 const struct pm_factions *f, size_t top)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i, j;

	json_object_set_new(o, "account", json_string(account));
	json_object_set_new(o, "modularity", json_real(f->modularity));
	json_object_set_new(o, "departments_nmi", f->departments_nmi >= 0
			    ? json_real(f->departments_nmi) : json_null());
	json_object_set_new(o, "follows_departments",
			    json_boolean(f->departments_nmi >= PM_FACTIONS_FOLLOW_DEPTS));
	for (i = 0; i < f->n && i < top; i++) {
		json_t *x = json_object(), *m = json_array();
		for (j = 0; j < f->f[i].n; j++) {
			int v = f->f[i].members[j];
			json_t *pj = pm_json_person(&a->rank->view->people[v]);
			json_object_set_new(pj, "power", json_real(a->rank->e[v].score));
			json_array_append_new(m, pj);
		}
		json_object_set_new(x, "power", json_real(f->f[i].power));
		json_object_set_new(x, "mean_stance", f->f[i].nknown
				    ? json_real(f->f[i].stance) : json_null());
		json_object_set_new(x, "members", m);
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "factions", arr);
	return o;
}

static json_t *known_or_null(double x)
{
	return x >= 0 ? count_or_amount(x) : json_null();
}

json_t *pm_json_portfolio(const struct pm_portfolio *pf, const struct pm_params *p,
			  const struct pm_portfolio_opts *o, const size_t *which, size_t n)
{
	static const char *const role_names[] = { "economic_buyer", "decision_maker",
						  "technical_buyer" };
	json_t *root = json_object(), *w = json_object(), *list = json_array();
	size_t i, k;

	json_object_set_new(root, "as_of", json_string(p->as_of));
	for (k = 0; k < 5; k++)
		json_object_set_new(w, pm_score_names[k], json_real(o->score_w[k]));
	json_object_set_new(root, "weights", w);
	w = json_object();
	for (k = 0; k < 5; k++)
		json_object_set_new(w, pm_fit_names[k], json_real(o->fit_w[k]));
	json_object_set_new(root, "fit_weights", w);
	json_object_set_new(root, "key_people", json_integer((json_int_t)o->key_people));
	json_object_set_new(root, "accounts_total", json_integer((json_int_t)pf->n));
	json_object_set_new(root, "won_accounts", json_integer((json_int_t)pf->nwon));
	json_object_set_new(root, "people_read", json_integer((json_int_t)pf->people));
	json_object_set_new(root, "ties_read", json_integer((json_int_t)pf->ties));
	json_object_set_new(root, "rankings_cached", json_integer((json_int_t)pf->cached));
	json_object_set_new(root, "accounts_ranked", json_integer((json_int_t)pf->ranked));
	for (i = 0; i < n; i++) {
		const struct pm_account_score *a = &pf->a[which[i]];
		json_t *x = json_object(), *on = json_array(), *held = json_array(),
		       *cov = json_array(), *kp = json_array(), *hold = json_array(),
		       *deals = json_object();
		json_object_set_new(x, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(x, "key", json_string(a->key));
		json_object_set_new(x, "name", json_string(a->name));
		json_object_set_new(x, "status", json_string(a->won ? "customer" : "prospect"));
		json_object_set_new(x, "industry", str_or_null(a->industry));
		json_object_set_new(x, "employees", known_or_null(a->employees));
		json_object_set_new(x, "revenue", known_or_null(a->revenue));
		json_object_set_new(x, "currency", str_or_null(a->currency));
		json_object_set_new(x, "region", str_or_null(a->region));
		json_object_set_new(x, "people", json_integer((json_int_t)a->people));
		json_object_set_new(x, "plan", json_boolean(a->plan_sections > 0));
		json_object_set_new(x, "score", json_real(a->score));
		json_object_set_new(x, "fit", json_real(a->fit));
		json_object_set_new(x, "reach", json_real(a->reach));
		json_object_set_new(x, "coverage", json_real(a->coverage));
		json_object_set_new(x, "engagement", json_real(a->engagement));
		json_object_set_new(x, "pipeline", json_real(a->pipeline));
		json_object_set_new(x, "fit_with", a->fit_with >= 0
				    ? json_string(pf->a[a->fit_with].key) : json_null());
		for (k = 0; k < 5; k++)
			if (a->fit_on & (1u << k))
				json_array_append_new(on, json_string(pm_fit_names[k]));
		json_object_set_new(x, "fit_on", on);
		for (k = 0; k < 3; k++) {
			if (a->roles_held & (1u << k))
				json_array_append_new(held, json_string(role_names[k]));
			if (a->roles_covered & (1u << k))
				json_array_append_new(cov, json_string(role_names[k]));
		}
		json_object_set_new(x, "roles_identified", held);
		json_object_set_new(x, "roles_covered", cov);
		for (k = 0; k < a->nkey; k++) {
			const struct pm_key_person *q = &a->keyp[k];
			json_t *y = json_object();
			json_object_set_new(y, "key", json_string(q->key));
			json_object_set_new(y, "name", json_string(q->name));
			json_object_set_new(y, "title", str_or_null(q->title));
			json_object_set_new(y, "role", q->role == PM_ROLE_NONE ? json_null()
					    : json_string(pm_roles[q->role]));
			json_object_set_new(y, "power", json_real(q->power));
			json_object_set_new(y, "reach", json_real(q->reach));
			json_object_set_new(y, "engaged", json_boolean(q->engaged));
			json_array_append_new(kp, y);
		}
		json_object_set_new(x, "key_people", kp);
		for (k = 0; k < a->nholders; k++) {
			const struct pm_holder *h = &a->holders[k];
			json_t *y = json_object();
			json_object_set_new(y, "key", str_or_null(h->key));
			json_object_set_new(y, "name", str_or_null(h->name));
			json_object_set_new(y, "org", str_or_null(h->org));
			json_object_set_new(y, "paths", json_integer(h->paths));
			json_object_set_new(y, "best", json_real(h->best));
			json_array_append_new(hold, y);
		}
		json_object_set_new(x, "strongest_ties", hold);
		json_object_set_new(deals, "open", json_integer(a->open_deals));
		json_object_set_new(deals, "open_amount", json_real(a->open_amount));
		json_object_set_new(deals, "won", json_integer(a->won_deals));
		json_object_set_new(deals, "won_amount", json_real(a->won_amount));
		json_object_set_new(deals, "lost", json_integer(a->lost_deals));
		json_object_set_new(deals, "stalled", json_integer(a->stalled_deals));
		json_object_set_new(deals, "currency", a->deal_currency[0]
				    ? json_string(a->deal_currency) : json_null());
		json_object_set_new(x, "deals", deals);
		json_object_set_new(x, "why", json_string(a->why ? a->why : ""));
		json_array_append_new(list, x);
	}
	json_object_set_new(root, "accounts", list);
	return root;
}
