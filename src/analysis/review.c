/* powermap — review marks and what changed since (see review.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/kpi.h"
#include "powermap/review.h"
#include "powermap/strmap.h"

/* The moment's state as JSON: ranking (key, name, rank, score), KPIs, risks. */
static int snapshot(struct pm_store *st, struct pm_account *a, const char *account,
		    const struct pm_params *p, json_t **out, struct pm_error *err)
{
	json_t *o = json_object(), *rk = json_array(), *kp = json_object(), *rs = json_array();
	struct pm_params en = *p, ja = *p;
	struct pm_kpi *k = NULL;
	struct pm_risk *r = NULL, *rj = NULL;
	size_t i, nr = 0, nrj = 0;
	int rc;

	/*
	 * Risks are compared by code and person; their titles are kept in
	 * both languages, so that a review shows a mark's risks in the
	 * reader's language whichever language made the mark.
	 */
	en.lang = PM_LANG_EN;
	ja.lang = PM_LANG_JA;
	if ((rc = pm_kpi(st, account, p, NULL, &k, err)) < 0 ||
	    (rc = pm_risks(st, a, &en, &r, &nr, err)) < 0 ||
	    (rc = pm_risks(st, a, &ja, &rj, &nrj, err)) < 0)
		goto out;
	for (i = 0; i < a->n; i++) {
		int v = a->rank->order[i];
		json_array_append_new(rk, json_pack("{s:s, s:s, s:i, s:f}", "key",
						    a->rank->view->people[v].key, "name",
						    a->rank->view->people[v].name, "rank", (int)i + 1,
						    "score", a->rank->e[v].score));
	}
	for (i = 0; i < k->nmoney; i++)
		json_object_set_new(kp, k->money[i].currency,
				    json_pack("{s:f, s:f, s:f}", "pipeline", k->money[i].pipeline,
					      "weighted", k->money[i].weighted, "won",
					      k->money[i].won_all));
	for (i = 0; i < nr; i++) {
		/* a risk's identity: its code, and whom or which deal it is about */
		static const char *const account_wide[] = { "single_threaded",
			"stale_relationships", "no_champion", "no_economic_buyer" };
		char id[600];
		int wide = 0;
		for (size_t w = 0; w < sizeof(account_wide) / sizeof(account_wide[0]); w++)
			wide |= !strcmp(r[i].code, account_wide[w]);
		if (!strcmp(r[i].code, "stalled_deal"))   /* "Deal KEY (...) ..." */
			snprintf(id, sizeof(id), "%s %.*s", r[i].code,
				 (int)strcspn(r[i].title + 5, " "), r[i].title + 5);
		else
			snprintf(id, sizeof(id), "%s %s", r[i].code, !wide && r[i].npeople
				 ? a->rank->view->people[r[i].people[0]].key : "");
		json_array_append_new(rs, json_pack("{s:s, s:s, s:s}", "id", id, "title", r[i].title,
						    "title_ja", i < nrj && !strcmp(rj[i].code, r[i].code)
						    ? rj[i].title : r[i].title));
	}
	json_object_set_new(o, "ranking", rk);
	json_object_set_new(o, "kpi", kp);
	json_object_set_new(o, "stalled", json_integer((json_int_t)k->nstalled));
	json_object_set_new(o, "risks", rs);
	*out = o;
	o = NULL;
out:
	json_decref(o);
	pm_kpi_free(k);
	pm_risks_free(r, nr);
	pm_risks_free(rj, nrj);
	return rc;
}

int pm_review_mark(struct pm_store *st, struct pm_account *a, const char *account,
		   const struct pm_params *p, struct pm_error *err)
{
	json_t *s = NULL;
	char *text;
	int rc;

	if ((rc = snapshot(st, a, account, p, &s, err)) < 0)
		return rc;
	text = json_dumps(s, JSON_COMPACT);
	json_decref(s);
	if (!text)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	rc = pm_store_review_mark(st, a->rank->account_id, text, err);
	free(text);
	return rc;
}

void pm_review_free(struct pm_review *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nchanges; i++) {
		struct pm_review_change *c = &r->changes[i];
		free(c->at); free(c->entity); free(c->subject); free(c->action);
		free(c->field); free(c->old_value); free(c->new_value);
	}
	for (i = 0; i < r->nmoves; i++) {
		free(r->moves[i].key);
		free(r->moves[i].name);
	}
	for (i = 0; i < r->nnew; i++)
		free(r->risks_new[i]);
	for (i = 0; i < r->nresolved; i++)
		free(r->risks_resolved[i]);
	free(r->changes);
	free(r->moves);
	free(r->risks_new);
	free(r->risks_resolved);
	free(r->money);
	free(r);
}

static char *dupn(const char *s)
{
	return s ? strdup(s) : NULL;
}

struct gather {
	struct pm_review *r;
	struct pm_strmap *keys;    /* people, orgs and deals of the account */
	const char *account;
	size_t cap;
};

/* The first word of s (up to a space) is a key of the account. */
static int first_word_is(const struct pm_strmap *m, const char *s)
{
	char w[512];
	size_t n = strcspn(s, " ");

	if (n >= sizeof(w))
		return 0;
	memcpy(w, s, n);
	w[n] = '\0';
	return pm_strmap_get(m, w, NULL, NULL);
}

/* The n-th text in single quotes in s (from 1) is a key of the account. */
static int quoted_is(const struct pm_strmap *m, const char *s, int n)
{
	char w[512];
	size_t len;

	for (; n > 0; n--) {
		if (!(s = strchr(s, '\'')))
			return 0;
		s++;
		len = strcspn(s, "'");
		if (n > 1) {
			s += len + (s[len] == '\'');
			continue;
		}
		if (len >= sizeof(w) || s[len] != '\'')
			return 0;
		memcpy(w, s, len);
		w[len] = '\0';
		return pm_strmap_get(m, w, NULL, NULL);
	}
	return 0;
}

/* Whether a history row is about the account. */
static int about(const struct gather *g, const struct pm_history_entry *e)
{
	const char *s = e->subject ? e->subject : "";

	if (!strcmp(e->action, "import"))
		return 1;   /* a file came in: the account's data may be in it */
	if (!strcmp(e->entity, "link")) {
		const char *arrow = strstr(s, " -> ");
		return first_word_is(g->keys, s) || (arrow && first_word_is(g->keys, arrow + 4));
	}
	/* "#ID PERSON ...": an action, an interaction changed or removed */
	if (!strcmp(e->entity, "action") || (!strcmp(e->entity, "interaction") && s[0] == '#'))
		return s[0] == '#' && strchr(s, ' ') && first_word_is(g->keys, strchr(s, ' ') + 1);
	/* a removed deal, "deal 'KEY'"; a removed plan section, "plan section 'S' of
	 * 'ACCOUNT'" (rows of older versions have them in Japanese: 商談 'KEY') */
	if (!strcmp(e->action, "remove") && (!strcmp(e->entity, "deal") ||
					     !strcmp(e->entity, "org") || !strcmp(e->entity, "plan")))
		return quoted_is(g->keys, s, !strcmp(e->entity, "plan") ? 2 : 1) ||
		       /* a removed deal is no key of the account any more: its account is */
		       (!strcmp(e->entity, "deal") && e->old_value &&
			pm_strmap_get(g->keys, e->old_value, NULL, NULL));
	return first_word_is(g->keys, s);
}

static int on_history(const struct pm_history_entry *e, void *ctx)
{
	struct gather *g = ctx;
	struct pm_review_change *c;

	if (!about(g, e))
		return 0;
	if (PM_GROW(g->r->changes, g->cap, g->r->nchanges + 1) < 0)
		return PM_ENOMEM;
	c = &g->r->changes[g->r->nchanges++];
	c->at = dupn(e->at);
	c->entity = dupn(e->entity);
	c->subject = dupn(e->subject);
	c->action = dupn(e->action);
	c->field = dupn(e->field);
	c->old_value = dupn(e->old_value);
	c->new_value = dupn(e->new_value);
	return 0;
}

static int on_deal(const char *const *v, size_t n, void *ctx)
{
	(void)n;
	return pm_strmap_add(ctx, v[0], 0, 0) < 0 ? PM_ENOMEM : 0;
}

static int push_text(char ***arr, size_t *n, size_t *cap, const char *s)
{
	if (PM_GROW(*arr, *cap, *n + 1) < 0 || !((*arr)[*n] = strdup(s)))
		return PM_ENOMEM;
	(*n)++;
	return 0;
}

/* A risk's title in `lang` (a mark made before titles were kept in Japanese has English only). */
static const char *risk_title(const json_t *x, enum pm_lang lang)
{
	const char *ja = json_string_value(json_object_get(x, "title_ja"));

	return lang == PM_LANG_JA && ja ? ja : json_string_value(json_object_get(x, "title"));
}

/* Compare now with the mark's snapshot `then` (NULL: no mark). */
static int compare(struct pm_review *r, const json_t *then, const json_t *now, enum pm_lang lang)
{
	const json_t *rt = json_object_get(then, "ranking"), *rn = json_object_get(now, "ranking");
	const json_t *x, *y;
	const char *cur;
	size_t i, j, cap = 0, capn = 0, capr = 0;

	if (!then)
		return 0;
	/* rank movements among the top 20 then or now */
	json_array_foreach(rn, i, x) {
		int rank_then = 0;
		double score_then = 0;
		json_array_foreach(rt, j, y)
			if (!strcmp(json_string_value(json_object_get(x, "key")),
				    json_string_value(json_object_get(y, "key")))) {
				rank_then = (int)json_integer_value(json_object_get(y, "rank"));
				score_then = json_real_value(json_object_get(y, "score"));
				break;
			}
		if (rank_then == (int)i + 1 || (i >= 20 && (rank_then == 0 || rank_then > 20)))
			continue;
		if (PM_GROW(r->moves, cap, r->nmoves + 1) < 0)
			return PM_ENOMEM;
		r->moves[r->nmoves] = (struct pm_review_move){
			dupn(json_string_value(json_object_get(x, "key"))),
			dupn(json_string_value(json_object_get(x, "name"))), rank_then, (int)i + 1,
			score_then, json_real_value(json_object_get(x, "score")) };
		r->nmoves++;
	}
	/* risks: new ones (now, not then) and resolved ones (then, not now) */
	for (int pass = 0; pass < 2; pass++) {
		const json_t *a = json_object_get(pass ? then : now, "risks");
		const json_t *b = json_object_get(pass ? now : then, "risks");
		json_array_foreach(a, i, x) {
			int found = 0;
			json_array_foreach(b, j, y)
				found |= !strcmp(json_string_value(json_object_get(x, "id")),
						 json_string_value(json_object_get(y, "id")));
			if (found)
				continue;
			if (push_text(pass ? &r->risks_resolved : &r->risks_new,
				      pass ? &r->nresolved : &r->nnew, pass ? &capr : &capn,
				      risk_title(x, lang)) < 0)
				return PM_ENOMEM;
		}
	}
	/* KPIs per currency, then and now */
	cap = 0;
	for (int pass = 0; pass < 2; pass++) {
		json_object_foreach((json_t *)json_object_get(pass ? now : then, "kpi"), cur, x) {
			struct pm_review_money *m = NULL;
			for (i = 0; i < r->nmoney && !m; i++)
				if (!strcmp(r->money[i].currency, cur))
					m = &r->money[i];
			if (!m) {
				if (PM_GROW(r->money, cap, r->nmoney + 1) < 0)
					return PM_ENOMEM;
				m = &r->money[r->nmoney++];
				memset(m, 0, sizeof(*m));
				snprintf(m->currency, sizeof(m->currency), "%s", cur);
			}
			m->pipeline[pass] = json_real_value(json_object_get(x, "pipeline"));
			m->weighted[pass] = json_real_value(json_object_get(x, "weighted"));
			m->won[pass] = json_real_value(json_object_get(x, "won"));
		}
	}
	r->stalled[0] = (size_t)json_integer_value(json_object_get(then, "stalled"));
	r->stalled[1] = (size_t)json_integer_value(json_object_get(now, "stalled"));
	return 0;
}

int pm_review(struct pm_store *st, struct pm_account *a, const char *account,
	      const struct pm_params *p, const char *since, struct pm_review **out,
	      struct pm_error *err)
{
	struct gather g = { calloc(1, sizeof(struct pm_review)), pm_strmap_new(), account, 0 };
	struct pm_filter f = { account, NULL };
	json_t *then = NULL, *now = NULL;
	char *text = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!g.r || !g.keys) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = pm_store_review_last(st, a->rank->account_id, since, &text, g.r->mark_at,
				       err)) < 0)
		goto out;
	if (text && !(then = json_loads(text, 0, NULL))) {
		rc = pm_error_set(err, PM_EDB, "a review mark of %s is not valid JSON", account);
		goto out;
	}
	snprintf(g.r->since, sizeof(g.r->since), "%s", since ? since : g.r->mark_at);
	/* the keys the account's history rows name */
	if (pm_strmap_add(g.keys, account, 0, 0) < 0) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < a->n; i++)
		if (pm_strmap_add(g.keys, a->rank->view->people[i].key, 0, 0) < 0 ||
		    (a->rank->view->people[i].org_key &&
		     pm_strmap_add(g.keys, a->rank->view->people[i].org_key, 0, 0) < 0)) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto out;
		}
	if ((rc = pm_store_select(st, PM_T_DEALS, &f, on_deal, g.keys, err)) < 0 ||
	    (rc = pm_store_history(st, *g.r->since ? g.r->since : NULL, 0, on_history, &g,
				   err)) < 0) {
		if (rc == PM_ENOMEM)
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = snapshot(st, a, account, p, &now, err)) < 0)
		goto out;
	if (compare(g.r, then, now, p->lang) < 0) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	*out = g.r;
	g.r = NULL;
out:
	json_decref(then);
	json_decref(now);
	free(text);
	pm_strmap_free(g.keys);
	pm_review_free(g.r);
	return rc;
}
