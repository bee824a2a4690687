/*
 * powermap — risks: the red flags of an account (DESIGN §6 risks), each
 * with the people it concerns and what to do about it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/engagement.h"
#include "powermap/kpi.h"
#include "powermap/table.h"
#include "powermap/kit.h"

#define NOMEM(err) pm_error_set(err, PM_ENOMEM, "out of memory")
#define JA (p->lang == PM_LANG_JA)

struct list {
	struct pm_risk *r;
	size_t n, cap;
	int oom;           /* a text could not be written */
};

/* Set *dst to printf-style text (freeing an old one); out of memory sets l->oom. */
__attribute__((format(printf, 3, 4)))
static void text(struct list *l, char **dst, const char *fmt, ...)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pm_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(*dst);
	if (!(*dst = pm_strbuf_detach(&sb)))
		l->oom = 1;
}

void pm_risks_free(struct pm_risk *r, size_t n)
{
	size_t i;

	for (i = 0; r && i < n; i++) {
		free(r[i].title);
		free(r[i].advice);
	}
	free(r);
}

static struct pm_risk *add(struct list *l, const char *code, const char *severity)
{
	struct pm_risk *x;

	if (PM_GROW(l->r, l->cap, l->n + 1) < 0)
		return NULL;
	x = &l->r[l->n++];
	memset(x, 0, sizeof(*x));
	x->code = code;
	x->severity = severity;
	return x;
}

static void person(struct pm_risk *x, int v)
{
	if (x->npeople < sizeof(x->people) / sizeof(x->people[0]))
		x->people[x->npeople++] = v;
}

static int has_role(const struct pm_person *p, enum pm_role role)
{
	return p->role_id == role;
}

static int has_stance(const struct pm_person *p, enum pm_stance stance)
{
	return p->stance_id == stance;
}

/* "a referral via NAME (ORG) (0.62)" or "cold outreach ..." into sb. */
static int route(struct pm_store *st, struct pm_account *a, const struct pm_params *p, int v,
		 struct pm_strbuf *sb, struct pm_error *err)
{
	const struct pm_view *view;
	const struct pm_path *b;
	int rc;

	if ((rc = pm_account_path(st, a, p, (size_t)v, &view, &b, err)) < 0)
		return rc;
	if (b->len >= 2) {
		int iv = pm_path_introducer(b);
		pm_strbuf_puts(sb, JA ? "当方の " : iv >= 0 ? "a referral from our " : "our ");
		pm_person_label(sb, &view->people[b->nodes[0]]);
		if (iv >= 0)
			pm_strbuf_addf(sb, JA ? " から紹介者 %s 経由（強さ %.2f）" : " through %s (%.2f)",
				       view->people[iv].name, b->score);
		else
			pm_strbuf_addf(sb, JA ? " の直接の関係（強さ %.2f）"
					      : ", who knows them directly (%.2f)", b->score);
	} else {
		pm_strbuf_addf(sb, JA ? "直接アプローチ（%s）：紹介経路なし"
				      : "cold outreach (%s): no warm path",
			       pm_enum_label(pm_action_channels,
					     pm_outbound_channel(&a->rank->view->people[v]), JA));
	}
	return sb->oom ? pm_error_set(err, PM_ENOMEM, "out of memory") : 0;
}

/* The most powerful people matching a predicate, best first, into x. */
static int top_by(const struct pm_account *a, int (*pred)(const struct pm_account *, int),
		  struct pm_risk *x)
{
	size_t i;
	int found = 0;

	for (i = 0; i < a->n; i++) {
		int v = a->rank->order[i];
		if (pred(a, v)) {
			person(x, v);
			found++;
		}
	}
	return found;
}

static int unengaged_above_median(const struct pm_account *a, int v)
{
	return !a->engaged[v] && a->rank->e[v].score > a->median_power;
}

/* Knows ties from our side to account people, last used before the cutoff. */
/* Each person's latest contact from our side into last[vertex] (see stale_ties). */
struct last_contacts {
	const struct pm_view *view;
	char (*last)[32];
};

static int on_last_contact(int64_t person_id, const char *last_contact, void *ctx)
{
	struct last_contacts *lc = ctx;
	int v = pm_view_vertex(lc->view, person_id);

	if (v >= 0 && last_contact)
		snprintf(lc->last[v], sizeof(lc->last[v]), "%s", last_contact);
	return 0;
}

static int stale_ties(struct pm_store *st, const struct pm_account *a, const struct pm_params *p,
		      struct list *l, struct pm_error *err)
{
	struct pm_risk *x = NULL;
	struct last_contacts lc = { a->rank->view, calloc(a->n + 1, sizeof(*lc.last)) };
	size_t i;
	int rc = 0, n = 0, oldest = 0;

	if (!lc.last)
		return NOMEM(err);
	if ((rc = pm_store_account_last_contacts(st, a->rank->account_id, on_last_contact, &lc,
						 err)) < 0) {
		free(lc.last);
		return rc;
	}
	for (i = 0; i < a->n; i++) {
		int v = a->rank->order[i];
		const char *last = lc.last[v];
		long days;
		if (!*last)
			continue;
		days = pm_days_between(last, p->as_of);
		if (days <= p->stale_days)
			continue;
		if (!x && !(x = add(l, "stale_relationships", "medium"))) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			break;
		}
		person(x, v);
		n++;
		if (days > oldest)
			oldest = (int)days;
	}
	free(lc.last);
	if (x && rc == 0) {
		if (JA)
			text(l, &x->title, "%d 人とは %d 日より古い関係しかありません（最古 %d 日）",
			     n, p->stale_days, oldest);
		else
			text(l, &x->title,
			     "%d %s known to us only through ties older than %d days "
			     "(oldest %d days)", n, n == 1 ? "person is" : "people are",
			     p->stale_days, oldest);
		text(l, &x->advice, JA ? "必要になる前に関係を温め直す：知っている人から電話か面談を"
				    "し、接触を記録する。"
				  : "Refresh these relationships before you need them: a call or a "
				    "meeting through the person who knows them, then record the contact.");
	}
	return rc;
}

/* No economic buyer, or not engaged; no champion; single-threaded. */
static int coverage_risks(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			  struct list *l, struct pm_error *err)
{
	const struct pm_view *v = a->rank->view;
	struct pm_risk *x;
	struct pm_strbuf how = PM_STRBUF_INIT;
	size_t i;
	int eb = -1, champions = 0, strong_engaged = 0, rc;

	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_person *pp = &v->people[u];
		if (eb < 0 && has_role(pp, PM_ROLE_ECONOMIC_BUYER))
			eb = u;
		if (has_role(pp, PM_ROLE_CHAMPION) || has_role(pp, PM_ROLE_COACH) ||
		    has_stance(pp, PM_STANCE_CHAMPION))
			champions++;
		if (a->engaged[u] && a->rank->e[u].score > a->median_power)
			strong_engaged++;
	}
	if (eb < 0) {
		if (!(x = add(l, "no_economic_buyer", "high")))
			return NOMEM(err);
		text(l, &x->title, JA ? "経済的決裁者が特定されていない" : "No economic buyer identified");
		text(l, &x->advice, JA ? "誰が決裁するかを確かめる：コーチやチャンピオン、または"
				    "すでに届く最も影響力のある人に聞く。"
				  : "Find out who signs: ask your coach or champion, or the most "
				    "powerful person you already reach.");
	} else if (!a->engaged[eb]) {
		if ((rc = route(st, a, p, eb, &how, err)) < 0)
			return rc;
		if (!(x = add(l, "economic_buyer_not_reached", "high"))) {
			pm_strbuf_release(&how);
			return NOMEM(err);
		}
		person(x, eb);
		text(l, &x->title, JA ? "経済的決裁者 %s と %d 日間、双方向の接触がない"
				      : "Economic buyer %s not engaged in %d days",
		     v->people[eb].name, p->engaged_days);
		text(l, &x->advice, JA ? "%s へは%sで接触する。" : "Reach %s through %s.",
		     v->people[eb].name, pm_strbuf_str(&how));
		pm_strbuf_release(&how);
	}
	if (champions == 0) {
		if (!(x = add(l, "no_champion", "high")))
			return NOMEM(err);
		text(l, &x->title, JA ? "チャンピオンもコーチもいない" : "No champion or coach");
		text(l, &x->advice, JA ? "影響力のある支持者からチャンピオンを育て、社内政治を"
				    "教えてくれるコーチを見つける。"
				  : "Develop a champion among the supporters with power, and a coach "
				    "who explains the politics.");
		for (i = 0; i < a->n && x->npeople < 3; i++) {
			int u = a->rank->order[i];
			if (has_stance(&v->people[u], PM_STANCE_SUPPORTER))
				person(x, u);
		}
	}
	if (strong_engaged < 3) {
		if (!(x = add(l, "single_threaded", "high")))
			return NOMEM(err);
		if (JA)
			text(l, &x->title, "シングルスレッド：影響力が中央値を超える関与者は %d 人"
			     "（3 人は欲しい）", strong_engaged);
		else
			text(l, &x->title,
			     "Single-threaded: %d engaged %s with power above the median (want 3)",
			     strong_engaged, strong_engaged == 1 ? "person" : "people");
		text(l, &x->advice, JA ? "影響力のある人との関与を増やす（'powermap next' 参照）。"
				    "以下はまだ関与していない中で最も影響力のある人。"
				  : "Engage more of the powerful people (see 'powermap next'); these "
				    "are the strongest not yet engaged.");
		top_by(a, unengaged_above_median, x);
		if (x->npeople > 5)
			x->npeople = 5;
	}
	return 0;
}

/* Opponents (and key skeptics) with power at least the median. */
static int opponent_risks(struct pm_account *a, const struct pm_params *p, struct list *l,
			  struct pm_error *err)
{
	const struct pm_view *v = a->rank->view;
	struct pm_risk *x;
	size_t i;

	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_person *pp = &v->people[u];
		if (a->rank->e[u].score < a->median_power ||
		    !(has_stance(pp, PM_STANCE_OPPONENT) ||
		      (has_stance(pp, PM_STANCE_SKEPTIC) && a->rank->e[u].score >= p->key_power)))
			continue;
		if (!(x = add(l, "powerful_opponent",
			      has_stance(pp, PM_STANCE_OPPONENT) ? "high" : "medium")))
			return NOMEM(err);
		person(x, u);
		/* "powerful" only from key_power up; below, above the account's median */
		if (JA && a->rank->e[u].score >= p->key_power)
			text(l, &x->title, "影響力の大きい%s：%s（影響力 %.2f）",
			     has_stance(pp, PM_STANCE_OPPONENT) ? "反対派" : "懐疑派", pp->name,
			     a->rank->e[u].score);
		else if (JA)
			text(l, &x->title, "%s：%s（影響力 %.2f、社内の中央値 %.2f を上回る）",
			     has_stance(pp, PM_STANCE_OPPONENT) ? "反対派" : "懐疑派", pp->name,
			     a->rank->e[u].score,
			     a->median_power);
		else if (a->rank->e[u].score >= p->key_power)
			text(l, &x->title, "Powerful %s: %s (power %.2f)",
			     pp->stance, pp->name, a->rank->e[u].score);
		else
			text(l, &x->title, "%s%s with more power than most here: %s (power %.2f, "
			     "median %.2f)", pp->stance[0] == 'o' ? "O" : "S", pp->stance + 1,
			     pp->name, a->rank->e[u].score, a->median_power);
		text(l, &x->advice, JA ? "反対理由を理解して解消する：同業の推薦、懸念に答える"
				    "パイロット、上からの後押し。"
				  : "Understand the objection and neutralize it: a peer reference, a "
				    "pilot that answers it, or sponsorship from above.");
	}
	return 0;
}

/* Key people not engaged and with no warm path. */
static int cold_key_people(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			   struct list *l, struct pm_error *err)
{
	const struct pm_view *v = a->rank->view;
	struct pm_risk *x;
	size_t i;
	int rc;

	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_view *view;
		const struct pm_path *best;
		if (a->rank->e[u].score < p->key_power || a->engaged[u])
			continue;
		if ((rc = pm_account_path(st, a, p, (size_t)u, &view, &best, err)) < 0)
			return rc;
		if (best->len >= 2)
			continue;
		if (!(x = add(l, "key_person_cold", "medium")))
			return NOMEM(err);
		person(x, u);
		text(l, &x->title, JA ? "%s への紹介経路がない（影響力 %.2f）"
				      : "No warm path to %s (power %.2f)",
		     v->people[u].name, a->rank->e[u].score);
		text(l, &x->advice, JA ? "経路を作る：%s を知るパートナー・投資家・銀行に聞くか、"
				    "役割に合う内容で直接アプローチ（%s）する。"
				  : "Build a route: ask partners, investors and bankers who know %s, "
				    "or go outbound (%s) with content for their role.",
		     v->people[u].name,
		     pm_enum_label(pm_action_channels, pm_outbound_channel(&v->people[u]), JA));
	}
	return 0;
}

/*
 * Champions this quiet or more are one risk each, with its own call to
 * make; beyond this many, one risk names them all (a large account's dozen
 * quiet champions were a dozen lines of the same advice).
 */
#define QUIET_CHAMPIONS_ONE_BY_ONE 3

/* Champions with no contact for quiet_days or more, the most powerful first. */
static int quiet_champions(struct pm_account *a, const struct pm_params *p, struct list *l,
			   struct pm_error *err)
{
	const struct pm_view *v = a->rank->view;
	struct pm_risk *x;
	size_t i, n = 0, never = 0, k;
	long longest = 0;
	int *quiet_ones = malloc((a->n + 1) * sizeof(*quiet_ones));
	long *days = malloc((a->n + 1) * sizeof(*days));

	if (!quiet_ones || !days) {
		free(quiet_ones);
		free(days);
		return NOMEM(err);
	}
	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_person *pp = &v->people[u];
		long quiet;
		if (!(has_role(pp, PM_ROLE_CHAMPION) || has_stance(pp, PM_STANCE_CHAMPION)))
			continue;
		quiet = a->eng[u].last_two_way[0]
			? pm_days_between(a->eng[u].last_two_way, p->as_of) : -1;
		if (quiet >= 0 && quiet < p->quiet_days)
			continue;
		quiet_ones[n] = u;
		days[n++] = quiet;
		if (quiet < 0)
			never++;
		else if (quiet > longest)
			longest = quiet;
	}
	for (k = 0; n <= QUIET_CHAMPIONS_ONE_BY_ONE && k < n; k++) {
		const char *name = v->people[quiet_ones[k]].name;
		if (!(x = add(l, "quiet_champion", "medium")))
			goto oom;
		person(x, quiet_ones[k]);
		if (days[k] < 0)
			text(l, &x->title, JA ? "チャンピオン %s：双方向の接触の記録がない"
					      : "Champion %s: no recorded two-way contact", name);
		else
			text(l, &x->title, JA ? "チャンピオン %s：%ld 日間、双方向の接触がない"
					      : "Champion %s: no two-way contact for %ld days",
			     name, days[k]);
		text(l, &x->advice, JA ? "今週 %s に電話する：チャンピオンは放っておくと冷める。"
				  : "Call %s this week: champions cool off when left alone.", name);
	}
	if (n > QUIET_CHAMPIONS_ONE_BY_ONE) {
		const char *first[3];
		if (!(x = add(l, "quiet_champion", "medium")))
			goto oom;
		for (k = 0; k < n; k++)
			person(x, quiet_ones[k]);
		for (k = 0; k < 3; k++)
			first[k] = v->people[quiet_ones[k]].name;
		if (never == n)
			text(l, &x->title, JA ? "チャンピオン %zu 人と双方向の接触の記録がない"
					      : "%zu champions with no recorded two-way contact", n);
		else if (never)
			text(l, &x->title, JA ? "チャンピオン %zu 人と %d 日以上、双方向の接触がない"
					      "（記録なし %zu 人、最長 %ld 日）"
					      : "%zu champions with no two-way contact for %d days or more "
					      "(%zu never, the longest %ld days)",
			     n, p->quiet_days, never, longest);
		else
			text(l, &x->title, JA ? "チャンピオン %zu 人と %d 日以上、双方向の接触がない"
					      "（最長 %ld 日）"
					      : "%zu champions with no two-way contact for %d days or more "
					      "(the longest %ld days)", n, p->quiet_days, longest);
		text(l, &x->advice, JA ? "今週、影響力の大きい順に電話する（%s、%s、%s ほか）："
				    "チャンピオンは放っておくと冷める。"
				  : "Call them this week, the most powerful first (%s, %s, %s ...): "
				    "champions cool off when left alone.", first[0], first[1], first[2]);
	}
	free(quiet_ones);
	free(days);
	return 0;
oom:
	free(quiet_ones);
	free(days);
	return NOMEM(err);
}

/* Decision makers with two-way contact in the last 90 days, none in the last 30. */
static int went_quiet(struct pm_account *a, const struct pm_params *p,
		      struct list *l, struct pm_error *err)
{
	const struct pm_view *v = a->rank->view;
	const struct pm_engagement *e = a->eng;   /* loaded with the account */
	struct pm_risk *x;
	size_t i;
	int rc = 0;

	for (i = 0; i < a->n && rc == 0; i++) {
		int u = a->rank->order[i];
		const struct pm_person *pp = &v->people[u];
		if (e[u].trend != PM_TREND_QUIET ||
		    !(has_role(pp, PM_ROLE_ECONOMIC_BUYER) || has_role(pp, PM_ROLE_DECISION_MAKER)))
			continue;
		if (!(x = add(l, "decision_maker_went_quiet", "high"))) {
			rc = NOMEM(err);
			break;
		}
		person(x, u);
		text(l, &x->title, JA ? "%s の関与が止まった：最後の双方向の接触は %s、30 日間なし"
				      : "%s stopped engaging: last two-way contact %s, none in 30 days",
		     pp->name, e[u].last_two_way);
		text(l, &x->advice, JA ? "商談が止まる前に理由を探る：チャンピオンに聞き、%s の"
				    "関心事で面談を提案する。"
				  : "Find out why before the deal stalls: ask your champion, offer a "
				    "meeting on what %s cares about.", pp->name);
	}
	return rc;
}

/* Sort key: account-wide risks (no person) first, then the most powerful. */
static double risk_weight(const struct pm_account *a, const struct pm_risk *r)
{
	return r->npeople ? a->rank->e[r->people[0]].score : 2.0;
}

/* High before medium, then by weight; otherwise in the order found (stable). */
static void sort_risks(const struct pm_account *a, struct pm_risk *r, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct pm_risk x = r[i];
		int xh = !strcmp(x.severity, "high");
		double xw = risk_weight(a, &x);
		for (j = i; j > 0; j--) {
			int h = !strcmp(r[j - 1].severity, "high");
			if (h > xh || (h == xh && risk_weight(a, &r[j - 1]) >= xw))
				break;
			r[j] = r[j - 1];
		}
		r[j] = x;
	}
}

/* Open deals not updated for stalled_days or past their close date (kpi.h). */
static int stalled_deals(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
			 struct list *l, struct pm_error *err)
{
	struct pm_kpi *k = NULL;
	struct pm_risk *x;
	char key[512];
	size_t i;
	int rc;

	if ((rc = pm_store_key_of(st, PM_T_ORGS, a->rank->account_id, key, sizeof(key), err)) < 0 ||
	    (rc = pm_kpi(st, key, p, NULL, &k, err)) < 0)
		return rc;
	for (i = 0; i < k->nstalled; i++) {
		const struct pm_stalled_deal *d = &k->stalled[i];
		if (!(x = add(l, "stalled_deal", "medium"))) {
			rc = NOMEM(err);
			break;
		}
		if (d->past_close)
			text(l, &x->title, JA ? "案件 %s（%s）の完了予定日 %s を過ぎている"
					      : "Deal %s (%s) is past its close date %s",
			     d->key, d->name, d->close_date);
		else
			text(l, &x->title, JA ? "案件 %s（%s）が停滞：%ld 日更新なし"
					      : "Deal %s (%s) stalled: no update for %ld days",
			     d->key, d->name, d->idle_days);
		text(l, &x->advice, JA ? "次の一手と日付を決めて案件を更新する（段階、確度、完了予定日）。"
				  : "Agree the next step and its date, then update the deal "
				    "(stage, probability, close date).");
	}
	pm_kpi_free(k);
	return rc;
}

/* People whose planned action is overdue. */
static int overdue_actions(struct pm_account *a, const struct pm_params *p, struct list *l,
			   struct pm_error *err)
{
	const struct pm_view *v = a->rank->view;
	struct pm_risk *x;
	size_t i;

	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		const struct pm_planned *pl = &a->planned[u];
		if (!pl->count || !pl->overdue)
			continue;
		if (!(x = add(l, "overdue_action", "medium")))
			return NOMEM(err);
		person(x, u);
		if (JA)
			text(l, &x->title, "%s への行動 #%lld（%s）の期限 %s を過ぎている",
			     v->people[u].name, (long long)pl->id,
			     pm_enum_label(pm_action_channels, pl->channel, 1), pl->due);
		else
			text(l, &x->title, "Action #%lld on %s (%s) is overdue since %s",
			     (long long)pl->id, v->people[u].name, pl->channel, pl->due);
		text(l, &x->advice, JA ? "実行して 'powermap action done %lld' とするか、期限を"
				    "引き直す（'powermap set action %lld --due DATE'）。"
				  : "Do it and mark it 'powermap action done %lld', or set a new "
				    "date ('powermap set action %lld --due DATE').",
		     (long long)pl->id, (long long)pl->id);
	}
	return 0;
}

int pm_risks(struct pm_store *st, struct pm_account *a, const struct pm_params *p,
	     struct pm_risk **risks, size_t *nrisks, struct pm_error *err)
{
	struct list l = { NULL, 0, 0, 0 };
	int rc = 0;

	*risks = NULL;
	*nrisks = 0;
	if (a->n == 0)
		return 0;
	if ((rc = coverage_risks(st, a, p, &l, err)) < 0 ||
	    (rc = opponent_risks(a, p, &l, err)) < 0 ||
	    (rc = cold_key_people(st, a, p, &l, err)) < 0 ||
	    (rc = quiet_champions(a, p, &l, err)) < 0 ||
	    (rc = went_quiet(a, p, &l, err)) < 0 ||
	    (rc = stale_ties(st, a, p, &l, err)) < 0 ||
	    (rc = stalled_deals(st, a, p, &l, err)) < 0 ||
	    (rc = overdue_actions(a, p, &l, err)) < 0 ||
	    (l.oom && (rc = NOMEM(err)) < 0)) {
		pm_risks_free(l.r, l.n);
		return rc;
	}
	sort_risks(a, l.r, l.n);
	*risks = l.r;
	*nrisks = l.n;
	return 0;
}
