/*
 * powermap — next: who to approach next in an account (DESIGN §6 next).
 *
 * For every person not yet engaged (no two-way contact — a meeting, a call,
 * an event, a reply — within engaged_days; an unanswered email or a
 * document view is a touch, not engagement) and with no open action on
 * them (unless include_planned: the plan already covers them):
 *   value = power * reach * stance factor * coverage bonus
 * power: the rank score; reach: the best warm-path strength, or cold_reach;
 * stance factor: champion 1.2, supporter 1.1, neutral 1.0, unknown 0.9,
 * skeptic 0.8, opponent 0.5; coverage bonus: for a buying role that no
 * engaged person holds, economic_buyer 2.0, decision_maker 1.6,
 * technical_buyer and champion 1.4, coach 1.3, user_buyer and influencer
 * 1.2, gatekeeper 1.1; else 1.0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/engagement.h"
#include "powermap/kit.h"
#include "paths_internal.h"

double pm_stance_factor(enum pm_stance stance)
{
	switch (stance) {
	case PM_STANCE_CHAMPION: return 1.2;
	case PM_STANCE_SUPPORTER: return 1.1;
	case PM_STANCE_NEUTRAL: return 1.0;
	case PM_STANCE_SKEPTIC: return 0.8;
	case PM_STANCE_OPPONENT: return 0.5;
	default: return 0.9;
	}
}

static double role_bonus(enum pm_role role)
{
	switch (role) {
	case PM_ROLE_ECONOMIC_BUYER: return 2.0;
	case PM_ROLE_DECISION_MAKER: return 1.6;
	case PM_ROLE_TECHNICAL_BUYER:
	case PM_ROLE_CHAMPION: return 1.4;
	case PM_ROLE_COACH: return 1.3;
	case PM_ROLE_USER_BUYER:
	case PM_ROLE_INFLUENCER: return 1.2;
	case PM_ROLE_GATEKEEPER: return 1.1;
	default: return 1.0;
	}
}

static int role_covered(const struct pm_account *a, enum pm_role role)
{
	size_t i;

	if (role == PM_ROLE_NONE)
		return 1;
	for (i = 0; i < a->n; i++)
		if (a->engaged[i] && a->rank->view->people[i].role_id == role)
			return 1;
	return 0;
}

static int by_value(const void *x, const void *y)
{
	const struct pm_next_item *a = x, *b = y;

	if (a->value != b->value)
		return a->value < b->value ? 1 : -1;
	return a->place - b->place;
}

/* Where the person stands: engaged before, only touched, or never. */
static void engagement_words(struct pm_strbuf *why, const struct pm_account *a, int v,
			     const struct pm_params *p)
{
	const struct pm_engagement *e = &a->eng[v];
	int ja = p->lang == PM_LANG_JA;

	if (e->last_two_way[0]) {
		pm_strbuf_addf(why, ja ? "%s 以降、双方向の接触なし" : "no two-way contact since %s",
			       e->last_two_way);
	} else if (e->last[0]) {
		pm_strbuf_addf(why, ja ? "一方向の接触のみ（最終 %.10s：未返信 %d、閲覧 %d）"
				       : "touched but never engaged (last %.10s: %d unanswered, "
					 "%d document view%s)",
			       e->last, e->unanswered, e->views, ja || e->views == 1 ? "" : "s");
	} else {
		pm_strbuf_puts(why, ja ? "未接触" : "not yet engaged");
	}
}

/* Fill in item x's reach, value, channel and why from its best warm path. */
static int evaluate(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
		    struct pm_corridor_memo *memo, struct pm_next_item *x, int covered,
		    struct pm_error *err)
{
	const struct pm_person *pp = &a->rank->view->people[x->vertex];
	const struct pm_view *view;
	const struct pm_path *best;
	struct pm_strbuf why = PM_STRBUF_INIT;
	int ja = p->lang == PM_LANG_JA, rc;

	if ((rc = pm_account_path_memo(st, a, p, (size_t)x->vertex, memo, &view, &best, err)) < 0)
		return rc;
	x->view = view;
	x->path = best;
	x->warm = best->len >= 2;
	x->reach = x->warm ? best->score : p->cold_reach;
	x->value = x->power * x->reach * x->stance_factor * x->coverage;
	x->channel = x->warm ? "referral" : pm_outbound_channel(pp);
	x->planned = a->planned[x->vertex].count ? &a->planned[x->vertex] : NULL;
	pm_strbuf_puts(&why, pm_role_label(pp->role_id, ja));
	if (pp->role_id != PM_ROLE_NONE && !covered)
		pm_strbuf_puts(&why, ja ? "（この役割は未カバー）" : " (role not covered)");
	if (pp->stance_id == PM_STANCE_UNKNOWN)
		pm_strbuf_puts(&why, ja ? "、スタンス不明" : ", stance unknown");
	else
		pm_strbuf_addf(&why, ja ? "、%s" : ", %s", pm_stance_label(pp->stance_id, ja));
	pm_strbuf_puts(&why, ja ? "、" : ", ");
	engagement_words(&why, a, x->vertex, p);
	if (x->warm) {
		int iv = pm_path_introducer(best);
		pm_strbuf_puts(&why, ja ? "。最良の経路は当方 " : "; best route from our ");
		pm_person_label(&why, &view->people[best->nodes[0]]);
		if (iv >= 0)
			pm_strbuf_addf(&why, ja ? "、紹介者 %s" : " through %s", view->people[iv].name);
		else
			pm_strbuf_puts(&why, ja ? "（直接の関係）" : " (direct tie)");
		pm_strbuf_addf(&why, ja ? "（強さ %.2f）" : ", %.2f", best->score);
	} else {
		pm_strbuf_addf(&why, ja ? "。%d ホップ以内に当方からの経路なし：直接%s"
				       : "; no warm path from our side within %d hops: cold %s",
			       p->max_hops, pm_enum_label(pm_action_channels, x->channel, ja));
	}
	free(x->why);
	if (!(x->why = pm_strbuf_detach(&why)))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	return 0;
}

void pm_next_free(struct pm_next_item *items, size_t n)
{
	size_t i;

	for (i = 0; items && i < n; i++)
		free(items[i].why);
	free(items);
}

/*
 * The candidates' evaluations, in the order of their bounds, shared by the
 * threads of pm_account_share. Branch and bound as one thread runs it: the
 * evaluation stops at the first d >= top where the top-th best value of
 * it[0..d) is at least it[d]'s bound (or at m); whatever was started past
 * that point is evaluated and dropped, so the result is one thread's, bit
 * for bit.
 */
struct evals {
	struct pm_account *a;
	const struct pm_params *p;
	struct pm_next_item *it;
	const unsigned char *covered;   /* per account vertex */
	double *bound;                  /* it[i]'s bound, kept from before its evaluation */
	unsigned char *evaluated;
	double *best;                   /* min-heap of the top values of it[0..prefix) */
	size_t m, top, nbest, prefix, stop;
	int stopped;
};

/* Put x into the min-heap of the `top` largest values seen. */
static void best_add(struct evals *e, double x)
{
	double *h = e->best;
	size_t i;

	if (e->nbest == e->top) {
		if (x <= h[0])
			return;
		/* replace the smallest and sift it down */
		i = 0;
		for (;;) {
			size_t c = 2 * i + 1;
			if (c >= e->nbest)
				break;
			if (c + 1 < e->nbest && h[c + 1] < h[c])
				c++;
			if (h[c] >= x)
				break;
			h[i] = h[c];
			i = c;
		}
		h[i] = x;
		return;
	}
	for (i = e->nbest++; i > 0 && h[(i - 1) / 2] > x; i = (i - 1) / 2)
		h[i] = h[(i - 1) / 2];
	h[i] = x;
}

static int evaluate_job(void *ctx, size_t i, struct pm_store *st, struct pm_corridor_memo *memo,
			struct pm_error *err)
{
	struct evals *e = ctx;

	return evaluate(st, e->a, e->p, memo, &e->it[i], e->covered[e->it[i].vertex], err);
}

/* Candidate i is evaluated: take in those done from prefix on; stop where one thread would. */
static int evaluated(void *ctx, size_t i)
{
	struct evals *e = ctx;

	e->evaluated[i] = 1;
	while (!e->stopped && e->prefix < e->m && e->evaluated[e->prefix]) {
		size_t d;
		best_add(e, e->it[e->prefix].value);
		d = ++e->prefix;
		if (d >= e->top && (d == e->m || e->best[0] >= e->bound[d])) {
			e->stop = d;
			e->stopped = 1;
		}
	}
	return e->stopped;
}

int pm_next(struct pm_store *st, struct pm_account *a, const struct pm_params *p, size_t top,
	    int include_planned, struct pm_next_item **items, size_t *n, struct pm_error *err)
{
	struct pm_next_item *it = calloc(a->n + 1, sizeof(*it));
	unsigned char *covered = calloc(a->n + 1, 1);
	int *place = malloc((a->n + 1) * sizeof(*place));
	struct evals e;
	size_t i, m = 0, done = 0, failed_at;
	int rc = 0;

	*items = NULL;
	*n = 0;
	memset(&e, 0, sizeof(e));
	if (!it || !covered || !place) {
		free(it);
		free(covered);
		free(place);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	for (i = 0; i < a->n; i++)   /* where each stands in rank's order */
		place[a->rank->order[i]] = (int)i;
	/* every candidate with the bound of its value (reach at most 1) */
	for (i = 0; i < a->n; i++) {
		const struct pm_person *pp = &a->rank->view->people[i];
		struct pm_next_item *x;
		if (a->engaged[i] || (a->planned[i].count && !include_planned))
			continue;
		x = &it[m++];
		x->vertex = (int)i;
		x->place = place[i];
		x->power = a->rank->e[i].score;
		x->stance_factor = pm_stance_factor(pp->stance_id);
		covered[i] = (unsigned char)role_covered(a, pp->role_id);
		x->coverage = covered[i] ? 1.0 : role_bonus(pp->role_id);
		x->value = x->power * x->stance_factor * x->coverage;
	}
	qsort(it, m, sizeof(*it), by_value);
	if (!top || top > m)
		top = m;
	/*
	 * Branch and bound: evaluate in order of the bound; once `top` exact
	 * values are at least the next bound, nobody further can enter.
	 */
	if (m) {
		e = (struct evals){ .a = a, .p = p, .it = it, .covered = covered, .m = m,
				    .top = top };
		e.bound = malloc((m + 1) * sizeof(*e.bound));
		e.best = malloc((top + 1) * sizeof(*e.best));
		e.evaluated = calloc(m + 1, 1);
		if (!e.bound || !e.best || !e.evaluated) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < m; i++)
			e.bound[i] = it[i].value;
		/*
		 * The corridor searches (random reads of the store, most of
		 * next's time) on two threads when they can be; a failure past
		 * the point where one thread stops would not have happened.
		 */
		rc = pm_account_share(st, a, m, evaluate_job, evaluated, &e, &failed_at, err);
		if (rc < 0 && !(e.stopped && e.stop <= failed_at))
			goto out;
		rc = 0;
		done = e.stop;
		/* evaluated past the stop: dropped, as if never evaluated */
		for (i = done; i < m; i++) {
			free(it[i].why);
			it[i].why = NULL;
		}
	}
	qsort(it, done, sizeof(*it), by_value);
	*n = top < done ? top : done;
	/* evaluated but not among the top: their texts go */
	for (i = *n; i < done; i++) {
		free(it[i].why);
		it[i].why = NULL;
	}
	*items = it;
	it = NULL;
out:
	pm_next_free(it, m);
	free(covered);
	free(place);
	free(e.bound);
	free(e.best);
	free(e.evaluated);
	return rc;
}

void pm_action_drafts_free(struct pm_action_draft *d, size_t n)
{
	size_t i;

	for (i = 0; d && i < n; i++)
		free(d[i].notes);
	free(d);
}

int pm_next_plan(const struct pm_account *a, const struct pm_next_item *items, size_t n,
		 const struct pm_params *p, struct pm_action_draft **out, struct pm_error *err)
{
	struct pm_action_draft *d = calloc(n + 1, sizeof(*d));
	int ja = p->lang == PM_LANG_JA;
	size_t i;

	*out = NULL;
	if (!d)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const struct pm_next_item *x = &items[i];
		const struct pm_person *t = &a->rank->view->people[x->vertex];
		struct pm_strbuf notes = PM_STRBUF_INIT;
		d[i].target = t->key;
		pm_date_add(p->as_of, 7 + 3 * (long)i, d[i].due);
		if (x->warm) {
			const struct pm_person *own = &x->view->people[x->path->nodes[0]];
			int iv = pm_path_introducer(x->path);
			d[i].owner = own->key;
			if (iv >= 0) {
				d[i].via = x->view->people[iv].key;
				d[i].channel = "referral";
				pm_strbuf_addf(&notes, ja ? "%s から %s に %s さんの紹介を依頼（経路の強さ %.2f）"
						      : "%s asks %s to introduce %s (path strength %.2f)",
					       own->name, x->view->people[iv].name, t->name, x->reach);
			} else {
				d[i].channel = "meeting";
				pm_strbuf_addf(&notes, ja ? "%s が直接 %s さんに面談を打診（関係の強さ %.2f）"
						      : "%s asks %s for a meeting directly (tie strength %.2f)",
					       own->name, t->name, x->reach);
			}
		} else {
			d[i].channel = x->channel;
			pm_strbuf_addf(&notes, ja ? "紹介経路なし：%sで直接アプローチ（担当を決める）"
					      : "no warm path: reach out by %s (assign an owner)",
				       pm_enum_label(pm_action_channels, x->channel, ja));
		}
		if (!(d[i].notes = pm_strbuf_detach(&notes))) {
			pm_action_drafts_free(d, n);
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		}
	}
	*out = d;
	return 0;
}
