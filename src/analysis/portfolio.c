/*
 * powermap — target accounts across the portfolio (see portfolio.h).
 *
 * One read of every table: orgs (the accounts and their firmographics),
 * people (who is ours, who may introduce), links (the warm search), the
 * interactions (who is engaged) and the deals; then each account is ranked
 * (its power scores, rank's own) and scored.
 *
 * The warm search (warm.c) gives the best warm-path strength to every
 * person at once: what paths -k 1 finds for each.
 *
 * Ranking every account is the costly part (betweenness above all), so each
 * account's power ranking is kept in the store (power_cache) under a
 * fingerprint of everything rank reads: rank's revision (PM_RANK_REVISION),
 * the parameters, and every person of the account (id, org, key, role,
 * stance, declared power, title — as of the date, history rewound) and
 * every tie between two of them (ends, kind, strength, and what its last
 * contact does to it on that date: the factor pm_strength_eff applies),
 * summed while the one pass reads them. The date itself is not in it: a
 * tie with no last contact, or decayed to the floor, weighs the same on
 * any day, so an account whose ties did not move keeps its ranking from
 * one day to the next — only accounts with a tie still decaying are
 * ranked again. An account whose fingerprint changed is ranked again; the
 * others are read from the cache. A changed fingerprint is never served:
 * the cache holds answers, not guesses.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "powermap/analysis.h"
#include "powermap/engagement.h"
#include "powermap/idmap.h"
#include "powermap/kit.h"
#include "powermap/kpi.h"
#include "powermap/model.h"
#include "powermap/names.h"
#include "powermap/portfolio.h"
#include "powermap/strengths.h"
#include "powermap/strmap.h"
#include "rank_internal.h"
#include "warm.h"

void pm_portfolio_opts_default(struct pm_portfolio_opts *o, const struct pm_params *p)
{
	memset(o, 0, sizeof(*o));
	o->key_people = 5;
	o->via = PM_VIA_ALL;
	memcpy(o->score_w, p->score_w, sizeof(o->score_w));
	memcpy(o->fit_w, p->fit_w, sizeof(o->fit_w));
}

/* The sum of n weights, or -1 when one is negative or not a number, 0 when all are 0. */
static double weight_sum(const double *w, size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(w[i] >= 0) || !isfinite(w[i]))
			return -1;
		sum += w[i];
	}
	return sum;
}

int pm_portfolio_weights_parse(const char *list, int fit, struct pm_portfolio_opts *o,
			       struct pm_error *err)
{
	const char *const *names = fit ? pm_fit_names : pm_score_names;
	double w[5];
	const char *p = list;
	size_t i;

	memcpy(w, fit ? o->fit_w : o->score_w, sizeof(w));
	while (*p) {
		const char *eq = strchr(p, '='), *end = strchr(p, ',');
		char *num_end;
		double x;
		if (!end)
			end = p + strlen(p);
		if (!eq || eq > end)
			return pm_error_set(err, PM_EINVAL, "weight '%.*s' is not NAME=VALUE",
					    (int)(end - p), p);
		for (i = 0; i < 5; i++)
			if ((size_t)(eq - p) == strlen(names[i]) && !strncmp(p, names[i], (size_t)(eq - p)))
				break;
		if (i == 5)
			return pm_error_set(err, PM_EINVAL, "unknown weight '%.*s' (%s, %s, %s, %s or %s)",
					    (int)(eq - p), p, names[0], names[1], names[2], names[3],
					    names[4]);
		x = strtod(eq + 1, &num_end);
		if (num_end == eq + 1 || num_end != end || !(x >= 0 && x <= 100))
			return pm_error_set(err, PM_EINVAL, "weight %s '%.*s' is not a number from 0 to 100",
					    names[i], (int)(end - eq - 1), eq + 1);
		w[i] = x;
		p = *end ? end + 1 : end;
	}
	if (!(weight_sum(w, 5) > 0))
		return pm_error_set(err, PM_EINVAL, "%s weights are all 0: give one above 0",
				    fit ? "fit" : "score");
	memcpy(fit ? o->fit_w : o->score_w, w, sizeof(w));
	return 0;
}

/* ---- what is read ------------------------------------------------------ */


/* What the cache keeps per account: the first CACHE_KEEP of rank's order. */
#define CACHE_KEEP 20

struct org {
	int64_t id, parent;
	char *key, *name, *kind, *industry, *currency, *region;
	char *industry_key, *region_key;
	double employees, revenue;
	int plan_sections;
	int parent_ix;         /* index of the parent, -1 */
	int account;           /* index into the accounts of its account, -1 none */
	int group;             /* index of the top of its parent chain, -1: no parent */
};

/*
 * A tie between two people of one account as the one pass read it: rank
 * takes its view's ties from here (pm_rank_start) rather than from the
 * store again, one query per account (a tenth of the first run's CPU on L).
 */
struct acct_tie {
	int a, b;                  /* dense ends (the warm search's index) */
	double strength;
	char last_contact[11];     /* "" when none */
	unsigned char kind, has_strength;
};

struct acct_ties {
	struct acct_tie *t;
	size_t n, cap;
};

#define DECAY_MEMO 1024

struct state {
	struct pm_store *st;
	const struct pm_params *p;
	const struct pm_portfolio_opts *o;
	struct pm_error *err;
	struct org *orgs;
	size_t norgs, orgcap;
	int *acct_org;                 /* account index -> org index */
	size_t nacct;
	/* people, by the warm search's dense index */
	struct warm *w;
	int *pacct;                    /* account index, -1 */
	unsigned char *prole;          /* PM_COVER_* of their buying role */
	unsigned char *engaged;        /* two-way contact within engaged_days */
	size_t pcap;
	/* per account: people, fingerprint of what rank reads */
	size_t *acct_people;
	uint64_t *acct_fp;
	uint64_t params_fp;
	struct acct_ties *ties;        /* per account: the ties between its people */
	struct decay_memo {            /* decay_bits' last answers, by day */
		char day[11];
		int set;
		uint64_t bits;
	} decay[DECAY_MEMO];
	struct pm_idmap *org_ix;       /* org row id -> index */
	struct pm_strmap *org_key;     /* org key -> index */
};

static char *text_key(const char *s)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;

	if (!s || !*s)
		return NULL;
	if (pm_person_name_key(s, &sb) < 0 || !pm_strbuf_str(&sb)[0]) {
		pm_strbuf_release(&sb);
		return NULL;
	}
	return pm_strbuf_detach(&sb);
}

/* ---- fingerprints ------------------------------------------------------ */

static uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ull;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* FNV-1a of a string (NULL and "" differ). */
static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	if (!s)
		return 0x1234567;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

/* One row's hash from its fields, order-sensitive within the row. */
static uint64_t row_hash(const uint64_t *f, size_t n)
{
	uint64_t h = 0;

	for (size_t i = 0; i < n; i++)
		h = mix64(h ^ f[i]);
	return h;
}

static uint64_t params_hash(const struct pm_params *p)
{
	uint64_t h = mix64((uint64_t)PM_RANK_REVISION);   /* not as_of: see the top */
	char buf[64];

	for (size_t i = 0; pm_param_names[i]; i++) {
		if (pm_params_scoring_only(pm_param_names[i]))
			continue;   /* the score's weights: rank never reads them */
		if (pm_params_get(p, pm_param_names[i], buf, sizeof(buf)) < 0)
			buf[0] = '\0';
		h = mix64(h ^ str_hash(pm_param_names[i]) ^ mix64(str_hash(buf)));
	}
	return h;
}

static int on_org(const struct pm_org_brief *r, void *ctx)
{
	struct state *s = ctx;
	struct org *x;

	if (PM_GROW(s->orgs, s->orgcap, s->norgs + 1) < 0)
		return PM_ENOMEM;
	x = &s->orgs[s->norgs];
	memset(x, 0, sizeof(*x));
	x->id = r->id;
	x->parent = r->parent_id;
	x->employees = r->employees;
	x->revenue = r->revenue;
	x->plan_sections = r->plan_sections;
	x->account = x->group = x->parent_ix = -1;
	if (pm_idmap_put(s->org_ix, r->id, (int)s->norgs) < 0 ||
	    pm_strmap_add(s->org_key, r->key, (int64_t)s->norgs, 0) < 0)
		return PM_ENOMEM;
	s->norgs++;
	if (!(x->key = strdup(r->key)) || !(x->name = strdup(r->name)) ||
	    !(x->kind = strdup(r->kind)) || (r->industry && !(x->industry = strdup(r->industry))) ||
	    (r->currency && !(x->currency = strdup(r->currency))) ||
	    (r->region && !(x->region = strdup(r->region))))
		return PM_ENOMEM;
	x->industry_key = text_key(r->industry);
	x->region_key = text_key(r->region);
	return 0;
}

/*
 * Accounts: customer orgs whose parent is not a customer. An org belongs to
 * the highest customer above it (itself included), as rank counts an
 * account's child orgs in.
 */
static int find_accounts(struct state *s)
{
	size_t i;

	for (i = 0; i < s->norgs; i++) {
		struct org *x = &s->orgs[i];
		x->parent_ix = x->parent ? pm_idmap_get(s->org_ix, x->parent) : -1;
	}
	if (!(s->acct_org = malloc((s->norgs + 1) * sizeof(*s->acct_org))))
		return PM_ENOMEM;
	for (i = 0; i < s->norgs; i++) {
		int j = (int)i, top = -1, steps = 0, last = -1;
		/* walk up (bounded: check refuses cycles, a damaged file must not hang) */
		while (j >= 0 && steps++ <= (int)s->norgs) {
			if (!strcmp(s->orgs[j].kind, "customer"))
				top = j;
			last = j;
			j = s->orgs[j].parent_ix;
		}
		s->orgs[i].group = last != (int)i ? last : -1;
		if (top == (int)i)
			s->acct_org[s->nacct++] = (int)i;
		s->orgs[i].account = top;  /* an org index for now */
	}
	for (i = 0; i < s->nacct; i++)
		s->orgs[s->acct_org[i]].account = -(int)i - 2;  /* mark: account i */
	for (i = 0; i < s->norgs; i++) {
		int top = s->orgs[i].account;
		if (top >= 0)
			s->orgs[i].account = -s->orgs[top].account - 2;
	}
	for (i = 0; i < s->nacct; i++)
		s->orgs[s->acct_org[i]].account = (int)i;
	return 0;
}

/* The warm search's person hook: account, role, fingerprint. */
static int on_person(const struct pm_person_brief *r, int v, void *ctx)
{
	struct state *s = ctx;
	const struct org *x = NULL;
	int oi;

	if ((size_t)v >= s->pcap) {
		size_t cap = s->pcap ? 2 * s->pcap : 1024;
		int *a = realloc(s->pacct, cap * sizeof(*a));
		unsigned char *f;
		if (!a)
			return PM_ENOMEM;
		s->pacct = a;
		if (!(f = realloc(s->prole, cap)))
			return PM_ENOMEM;
		s->prole = f;
		s->pcap = cap;
	}
	if (r->org_id && (oi = pm_idmap_get(s->org_ix, r->org_id)) >= 0)
		x = &s->orgs[oi];
	s->pacct[v] = x ? x->account : -1;
	s->prole[v] = !r->role ? 0 : !strcmp(r->role, "economic_buyer") ? PM_COVER_EB
		: !strcmp(r->role, "decision_maker") ? PM_COVER_DM
		: !strcmp(r->role, "technical_buyer") ? PM_COVER_TB : 0;
	if (x && x->account >= 0) {
		uint64_t f[7] = { (uint64_t)r->id, (uint64_t)r->org_id, str_hash(r->key),
				  str_hash(r->role), str_hash(r->stance), (uint64_t)r->power,
				  str_hash(r->title) };   /* equal scores are ordered by title */
		s->acct_fp[x->account] += row_hash(f, 7);
		s->acct_people[x->account]++;
	}
	return 0;
}

static int keep_tie(struct acct_ties *at, const struct pm_link_row *r, int a, int b)
{
	struct acct_tie *t;
	size_t n;

	if (PM_GROW(at->t, at->cap, at->n + 1) < 0)
		return PM_ENOMEM;
	t = &at->t[at->n++];
	t->a = a;
	t->b = b;
	t->kind = (unsigned char)r->kind;
	t->has_strength = (unsigned char)r->has_strength;
	t->strength = r->strength;
	/* the first 10 bytes, as pm_view_push_tie keeps them (no snprintf: millions of ties) */
	n = r->last_contact ? strnlen(r->last_contact, sizeof(t->last_contact) - 1) : 0;
	memcpy(t->last_contact, r->last_contact ? r->last_contact : "", n);
	t->last_contact[n] = '\0';
	return 0;
}

/*
 * What a tie's last contact does to its strength on s->p->as_of, as bits:
 * pm_strength_eff of 1, of the day as rank keeps it (keep_tie's 10
 * characters, "" for none). Strengths scale by it (pm_strength_eff(s) is s
 * times it, floor included), so ties equal in all else weigh the same on
 * two dates where it is the same.
 */
static uint64_t decay_bits(struct state *s, const char day[11])
{
	/* the ties of a network have a few hundred distinct days: each worked out once */
	struct decay_memo *dm = &s->decay[str_hash(day) % DECAY_MEMO];
	double m;

	if (!dm->set || strcmp(dm->day, day)) {
		m = pm_strength_eff(s->p, 1.0, *day ? day : NULL);
		memcpy(dm->day, day, sizeof(dm->day));
		memcpy(&dm->bits, &m, sizeof(dm->bits));
		dm->set = 1;
	}
	return dm->bits;
}

/* The warm search's tie hook: a tie inside an account is part of what rank reads. */
static int on_tie(const struct pm_link_row *r, int a, int b, void *ctx)
{
	struct state *s = ctx;
	struct acct_ties *at;
	uint64_t strength;
	int rc;

	if (s->pacct[a] < 0 || s->pacct[a] != s->pacct[b])
		return 0;
	at = &s->ties[s->pacct[a]];
	if ((rc = keep_tie(at, r, a, b)) < 0)
		return rc;
	memcpy(&strength, &r->strength, sizeof(strength));
	uint64_t f[6] = { (uint64_t)r->src, (uint64_t)r->dst, (uint64_t)r->kind,
			  (uint64_t)r->has_strength, r->has_strength ? strength : 0,
			  decay_bits(s, at->t[at->n - 1].last_contact) };
	s->acct_fp[s->pacct[a]] += row_hash(f, 6);
	return 0;
}

static int on_touch(const struct pm_touch_row *r, void *ctx)
{
	struct state *s = ctx;
	int v = warm_dense(s->w, r->person_id);

	if (v < 0 || pm_contact_weight(r->channel, r->direction) < 0.6)
		return 0;   /* a touch, not engagement */
	if (pm_days_between(r->at, s->p->as_of) <= s->p->engaged_days)
		s->engaged[v] = 1;
	return 0;
}

/* ---- deals ------------------------------------------------------------- */

struct deal_ctx {
	struct state *s;
	struct pm_portfolio *pf;
};

static int on_deal(const char *const *v, size_t n, void *ctx)
{
	struct deal_ctx *dc = ctx;
	struct state *s = dc->s;
	struct pm_account_score *a;
	int64_t oi;
	int acct;
	const char *stage = v[3], *cur = v[5] ? v[5] : "";
	double amount = v[4] ? strtod(v[4], NULL) : 0;

	(void)n;
	/* v[1] is the account's key */
	if (pm_strmap_get(s->org_key, v[1], &oi, NULL) != 1 || (acct = s->orgs[oi].account) < 0)
		return 0;
	a = &dc->pf->a[acct];
	if (!a->deal_currency[0] && *cur)
		snprintf(a->deal_currency, sizeof(a->deal_currency), "%s", cur);
	if (*cur && strcmp(cur, a->deal_currency))
		amount = 0;   /* another currency: counted, not added */
	if (stage && !strcmp(stage, "won")) {
		a->won_deals++;
		a->won_amount += amount;
	} else if (stage && !strcmp(stage, "lost")) {
		a->lost_deals++;
	} else {
		a->open_deals++;
		a->open_amount += amount;
		if (pm_deal_stalled(s->p, v[7], v[8], NULL, NULL))
			a->stalled_deals++;
	}
	return 0;
}

/* ---- scoring ----------------------------------------------------------- */

static double size_match(double a, double b)
{
	double m;

	if (!(a > 0) || !(b > 0))
		return 0;
	m = 1 - fabs(log10(a / b));
	return m > 0 ? m : 0;
}

static int same_text(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* How much account org x resembles won account org y, and on what (weights w, summing to wsum). */
static double similarity(const struct org *x, const struct org *y, const double *w, double wsum,
			 unsigned *on)
{
	double m[5], sim = 0;
	int i;

	m[0] = same_text(x->industry_key, y->industry_key);
	m[1] = size_match(x->employees, y->employees);
	m[2] = (x->currency ? y->currency && !strcmp(x->currency, y->currency) : !y->currency)
		? size_match(x->revenue, y->revenue) : 0;
	m[3] = same_text(x->region_key, y->region_key);
	m[4] = x->group >= 0 && x->group == y->group;
	*on = 0;
	for (i = 0; i < 5; i++) {
		sim += w[i] * m[i];
		if (m[i] > 0 && w[i] > 0)
			*on |= 1u << i;
	}
	return sim / wsum;
}

static void score_fit(struct state *s, struct pm_portfolio *pf)
{
	double wsum = weight_sum(s->o->fit_w, 5);
	size_t i, j;

	for (i = 0; i < pf->n; i++) {
		struct pm_account_score *a = &pf->a[i];
		const struct org *x = &s->orgs[s->acct_org[i]];
		a->fit_with = -1;
		for (j = 0; j < pf->n; j++) {
			unsigned on;
			double sim;
			if (j == i || !pf->a[j].won)
				continue;
			sim = similarity(x, &s->orgs[s->acct_org[j]], s->o->fit_w, wsum, &on);
			if (sim > a->fit || a->fit_with < 0) {
				a->fit = sim;
				a->fit_with = (ptrdiff_t)j;
				a->fit_on = on;
			}
		}
	}
}

static int on_holder(const struct pm_person_row *r, void *ctx)
{
	struct pm_holder *h = ctx;

	if (!(h->key = strdup(r->key)) || !(h->name = strdup(r->name)) ||
	    (r->org_name && !(h->org = strdup(r->org_name))))
		return PM_ENOMEM;
	return 0;
}

/* The power ranking of one account, as the cache keeps it. */
struct ranking {
	int64_t *id;
	double *score;
	size_t n;             /* kept (the first n of rank's order) */
	size_t people;        /* ranked */
	int sampled;          /* betweenness estimated from sampled sources */
};

static void ranking_free(struct ranking *r)
{
	free(r->id);
	free(r->score);
	memset(r, 0, sizeof(*r));
}

/* "SAMPLED PEOPLE ID:SCORE ..." (scores round-trip) into *out (caller frees). */
static char *ranking_text(const struct ranking *r)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	int rc = pm_strbuf_addf(&sb, "%d %zu", r->sampled, r->people);

	for (size_t i = 0; rc == 0 && i < r->n; i++)
		rc = pm_strbuf_addf(&sb, " %lld:%.17g", (long long)r->id[i], r->score[i]);
	if (rc) {
		pm_strbuf_release(&sb);
		return NULL;
	}
	return pm_strbuf_detach(&sb);
}

/* Parse ranking_text; 0, or -1 when the text is not one (then not used). */
static int ranking_parse(const char *t, size_t keep, struct ranking *r)
{
	char *end;
	long long id;

	memset(r, 0, sizeof(*r));
	r->sampled = (int)strtol(t, &end, 10);
	if (end == t)
		return -1;
	t = end;
	r->people = strtoul(t, &end, 10);
	if (end == t || !(r->id = malloc((keep + 1) * sizeof(*r->id))) ||
	    !(r->score = malloc((keep + 1) * sizeof(*r->score))))
		return -1;
	t = end;
	while (*t == ' ' && r->n < keep) {
		id = strtoll(t + 1, &end, 10);
		if (end == t + 1 || *end != ':')
			return -1;
		t = end + 1;
		r->score[r->n] = strtod(t, &end);
		if (end == t)
			return -1;
		r->id[r->n++] = id;
		t = end;
	}
	return 0;
}

/* The first `keep` of a fresh ranking. */
static int ranking_from_rank(const struct pm_rank *rk, size_t keep, struct ranking *r)
{
	size_t n = rk->n < keep ? rk->n : keep;

	memset(r, 0, sizeof(*r));
	if (!(r->id = malloc((n + 1) * sizeof(*r->id))) ||
	    !(r->score = malloc((n + 1) * sizeof(*r->score))))
		return PM_ENOMEM;
	for (r->n = 0; r->n < n; r->n++) {
		int v = rk->order[r->n];
		r->id[r->n] = rk->view->people[v].id;
		r->score[r->n] = rk->e[v].score;
	}
	r->people = rk->n;
	r->sampled = rk->betweenness_sources > 0;
	return 0;
}

static int on_key_person(const struct pm_person_row *r, void *ctx)
{
	struct pm_key_person *kp = ctx;

	kp->role = r->role ? (enum pm_role)pm_enum_find(pm_roles, r->role) : PM_ROLE_NONE;
	if ((int)kp->role < 0)
		kp->role = PM_ROLE_NONE;
	if (!(kp->key = strdup(r->key)) || !(kp->name = strdup(r->name)) ||
	    (r->title && !(kp->title = strdup(r->title))))
		return PM_ENOMEM;
	return 0;
}

/* Roles held and covered by everyone of every account (one pass over the people). */
static void score_roles(struct state *s, struct pm_portfolio *pf)
{
	size_t v;

	for (v = 0; v < s->w->n; v++) {
		int acct = s->pacct[v];
		unsigned bit = s->prole[v];
		if (acct < 0 || !bit)
			continue;
		pf->a[acct].roles_held |= bit;
		if (s->w->best[v] > 0 || s->engaged[v])
			pf->a[acct].roles_covered |= bit;
	}
	for (v = 0; v < pf->n; v++) {
		unsigned c = pf->a[v].roles_covered;
		pf->a[v].coverage = ((c & 1) + (c >> 1 & 1) + (c >> 2 & 1)) / 3.0;
		pf->a[v].people = s->acct_people[v];
	}
}

/* Key people of account i from its ranking: their reach, engagement, our holders. */
static int score_people(struct state *s, struct pm_portfolio *pf, size_t i,
			const struct ranking *r)
{
	struct pm_account_score *a = &pf->a[i];
	size_t k, nk = r->n < s->o->key_people ? r->n : s->o->key_people, h;
	double wsum = 0, rsum = 0;
	int rc;

	if (r->sampled)
		pf->betweenness_sampled++;
	if (nk && !(a->keyp = calloc(nk, sizeof(*a->keyp))))
		return PM_ENOMEM;
	for (k = 0; k < nk; k++) {
		struct pm_key_person *kp = &a->keyp[a->nkey++];
		int v;
		kp->id = r->id[k];
		kp->power = r->score[k];
		if ((rc = pm_store_person_get(s->st, kp->id, on_key_person, kp, s->err)) < 0)
			return rc == PM_ENOMEM ? pm_error_set(s->err, PM_ENOMEM, "out of memory") : rc;
		if ((v = warm_dense(s->w, kp->id)) >= 0) {
			kp->reach = s->w->best[v];
			kp->engaged = s->engaged[v];
			kp->holder = kp->reach > 0 ? s->w->id[s->w->origin[v]] : 0;
		}
		wsum += kp->power;
		rsum += kp->power * kp->reach;
		a->nwarm += kp->reach > 0;
		a->nengaged += kp->engaged;
	}
	a->reach = wsum > 0 ? rsum / wsum : 0;
	a->engagement = nk ? (double)a->nengaged / (double)nk : 0;
	/* our people holding the first ties of those paths: most paths, then strongest */
	for (k = 0; k < a->nkey; k++) {
		const struct pm_key_person *kp = &a->keyp[k];
		size_t j;
		if (!kp->holder)
			continue;
		for (j = 0; j < a->nholders && a->holders[j].id != kp->holder; j++)
			;
		if (j == a->nholders) {
			if (a->nholders == 3)
				continue;
			a->holders[a->nholders++] = (struct pm_holder){ kp->holder, NULL, NULL, NULL, 0, 0 };
		}
		a->holders[j].paths++;
		if (kp->reach > a->holders[j].best)
			a->holders[j].best = kp->reach;
	}
	for (h = 1; h < a->nholders; h++)
		for (k = h; k > 0; k--) {
			struct pm_holder *x = &a->holders[k - 1], *y = &a->holders[k], t;
			if (y->paths < x->paths || (y->paths == x->paths && y->best <= x->best))
				break;
			t = *x;
			*x = *y;
			*y = t;
		}
	for (h = 0; h < a->nholders; h++)
		if ((rc = pm_store_person_get(s->st, a->holders[h].id, on_holder, &a->holders[h],
					      s->err)) < 0)
			return rc == PM_ENOMEM ? pm_error_set(s->err, PM_ENOMEM, "out of memory") : rc;
	return 0;
}

static void score_pipeline(struct pm_portfolio *pf)
{
	size_t i, j;

	for (i = 0; i < pf->n; i++) {
		struct pm_account_score *a = &pf->a[i];
		double top = 0;
		if (!(a->open_amount > 0))
			continue;
		for (j = 0; j < pf->n; j++)
			if (!strcmp(pf->a[j].deal_currency, a->deal_currency) &&
			    pf->a[j].open_amount > top)
				top = pf->a[j].open_amount;
		a->pipeline = a->open_amount / top;
	}
}

static const char *const fit_words[2][5] = {
	{ "industry", "size", "revenue", "region", "group" },
	{ "業種", "規模", "売上", "地域", "グループ" },
};

static int write_why(struct pm_portfolio *pf, size_t i, const struct pm_params *p)
{
	struct pm_account_score *a = &pf->a[i];
	struct pm_strbuf sb = PM_STRBUF_INIT;
	int ja = p->lang == PM_LANG_JA, rc = 0, b, first = 1;
	char money[64];
	const char *sep = ja ? "／" : "; ";

	if (a->fit_with >= 0 && a->fit_on) {
		rc |= pm_strbuf_addf(&sb, ja ? "%s に類似（" : "like %s (", pf->a[a->fit_with].name);
		for (b = 0; b < 5; b++)
			if (a->fit_on & (1u << b)) {
				rc |= pm_strbuf_addf(&sb, "%s%s", first ? "" : ja ? "・" : ", ",
						     fit_words[ja][b]);
				first = 0;
			}
		rc |= pm_strbuf_puts(&sb, ja ? "）" : ")");
	} else if (pf->nwon == (size_t)a->won) {
		rc |= pm_strbuf_puts(&sb, a->won ? (ja ? "ほかに受注先なし（適合度は算出不可）"
						       : "no other won account to compare with")
					 : (ja ? "受注実績なし（適合度は算出不可）"
					       : "no won account to compare with"));
	} else {
		rc |= pm_strbuf_puts(&sb, ja ? "受注先との共通点なし" : "like none of the won accounts");
	}
	if (!a->nkey)
		rc |= pm_strbuf_addf(&sb, "%s%s", sep, ja ? "人物未登録" : "no people on the map");
	else if (a->nwarm && a->nholders)
		rc |= pm_strbuf_addf(&sb, ja ? "%s主要%zu人中%zu人に紹介経路（%s%s%s%s経由）"
					 : "%swarm to %zu of %zu key people via %s%s%s%s",
				     sep, ja ? a->nkey : a->nwarm, ja ? a->nwarm : a->nkey,
				     a->holders[0].name, a->holders[0].org ? (ja ? "・" : " (") : "",
				     a->holders[0].org ? a->holders[0].org : "",
				     a->holders[0].org && !ja ? ")" : "");
	else
		rc |= pm_strbuf_addf(&sb, "%s%s", sep, ja ? "主要人物への紹介経路なし"
					      : "no warm path to the key people");
	if (a->nkey) {
		if (!(a->roles_held & PM_COVER_EB))
			rc |= pm_strbuf_addf(&sb, "%s%s", sep, ja ? "経済的決裁者が未特定" : "economic buyer not identified");
		else if (!(a->roles_covered & PM_COVER_EB))
			rc |= pm_strbuf_addf(&sb, "%s%s", sep, ja ? "経済的決裁者に未到達" : "economic buyer not reached");
		if (a->nengaged)
			rc |= pm_strbuf_addf(&sb, ja ? "%s主要人物%zu人と接点あり" : "%s%zu key %s engaged",
					     sep, a->nengaged, ja ? "" : a->nengaged == 1 ? "person" : "people");
	}
	if (a->open_deals) {
		pm_money_format(money, sizeof(money), a->open_amount, a->deal_currency[0] ? a->deal_currency : NULL);
		rc |= pm_strbuf_addf(&sb, ja ? "%s進行中の商談%d件%s %s%s%s" : "%s%d open deal%s %s%s%s", sep,
				     a->open_deals, ja ? "" : a->open_deals == 1 ? "" : "s", money,
				     a->deal_currency[0] ? " " : "", a->deal_currency);
		if (a->stalled_deals)
			rc |= pm_strbuf_addf(&sb, ja ? "（停滞%d件）" : " (%d stalled)", a->stalled_deals);
	}
	if (a->won)
		rc |= pm_strbuf_addf(&sb, ja ? "%s受注%d件" : "%swon %d", sep, a->won_deals);
	if (!a->plan_sections)
		rc |= pm_strbuf_addf(&sb, "%s%s", sep, ja ? "計画なし" : "no plan yet");
	if (rc) {
		pm_strbuf_release(&sb);
		return PM_ENOMEM;
	}
	a->why = pm_strbuf_detach(&sb);
	return a->why ? 0 : PM_ENOMEM;
}

/* ---- scoring an account, and bounding it before it is ranked ----------- */

/* What an account is sorted on (pm_portfolio_sort's words; ties: score, key). */
static double sort_key(const struct pm_account_score *a, const char *by)
{
	return !strcmp(by, "fit") ? a->fit : !strcmp(by, "reach") ? a->reach
		: !strcmp(by, "pipeline") ? a->open_amount : a->score;
}

/* The weighted score of an account's components (DESIGN §6 accounts). */
static double combine(const struct pm_portfolio_opts *o, const struct pm_account_score *a)
{
	const double part[5] = { a->fit, a->reach, a->coverage, a->engagement, a->pipeline };
	double sum = 0;
	size_t k;

	for (k = 0; k < 5; k++)
		sum += o->score_w[k] * part[k];
	return sum / weight_sum(o->score_w, 5);
}

int pm_portfolio_wanted(const struct pm_portfolio_opts *o, const struct pm_account_score *a)
{
	if ((o->kind == PM_ACCOUNTS_CUSTOMERS && !a->won) ||
	    (o->kind == PM_ACCOUNTS_PROSPECTS && a->won))
		return 0;
	return !(o->no_plan && a->plan_sections);
}

/* Account i scored from its ranking: its key people, then the combined score. */
static int score_account(struct state *s, struct pm_portfolio *pf, size_t i,
			 const struct ranking *r)
{
	struct pm_account_score *a = &pf->a[i];
	int rc = score_people(s, pf, i, r);

	if (rc == 0) {
		a->score = combine(s->o, a);
		a->ranked = 1;
		pf->ranked++;
	}
	return rc;
}

/*
 * An upper bound of each account's sort key before it is ranked, into ub:
 * fit, coverage and the pipeline do not depend on the ranking; reach is a
 * power-weighted mean of the key people's best warm strengths, so at most
 * the best of anyone in the account; engagement is the share of key people
 * engaged, so at most the account's engaged people over the key people.
 * (Widened by a little for rounding; finish_oldest checks each bound held.)
 */
static int bound_keys(const struct state *s, const struct pm_portfolio *pf, const char *by,
		      double *ub)
{
	double *best = calloc(pf->n + 1, sizeof(*best));
	size_t *engaged = calloc(pf->n + 1, sizeof(*engaged)), v, i;

	if (!best || !engaged) {
		free(best);
		free(engaged);
		return PM_ENOMEM;
	}
	for (v = 0; v < s->w->n; v++) {
		int acct = s->pacct[v];
		if (acct < 0)
			continue;
		if (s->w->best[v] > best[acct])
			best[acct] = s->w->best[v];
		engaged[acct] += s->engaged[v] != 0;
	}
	for (i = 0; i < pf->n; i++) {
		struct pm_account_score t = pf->a[i];
		size_t nk = s->acct_people[i] < s->o->key_people ? s->acct_people[i]
			: s->o->key_people;
		double key;
		t.reach = best[i];
		t.engagement = !nk ? 0 : engaged[i] >= nk ? 1 : (double)engaged[i] / (double)nk;
		t.score = combine(s->o, &t);
		key = sort_key(&t, by);
		ub[i] = key + 1e-9 * (1 + fabs(key));
	}
	free(best);
	free(engaged);
	return 0;
}

static int cmp_key_desc(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? 1 : a > b ? -1 : 0;
}

/*
 * The top'th largest sort key of the accounts ranked so far that the caller
 * wants, or -HUGE_VAL while fewer are ranked; tmp holds pf->n.
 */
static double top_key(const struct pm_portfolio *pf, const struct pm_portfolio_opts *o,
		      const char *by, double *tmp)
{
	size_t i, n = 0;

	for (i = 0; i < pf->n; i++)
		if (pf->a[i].ranked && pm_portfolio_wanted(o, &pf->a[i]))
			tmp[n++] = sort_key(&pf->a[i], by);
	if (n < o->top)
		return -HUGE_VAL;
	qsort(tmp, n, sizeof(*tmp), cmp_key_desc);
	return tmp[o->top - 1];
}

/* ---- ranking every account, from the cache where it still holds -------- */

struct cached {
	char **fp, **data;      /* per account, NULL: none */
	struct state *s;
};

static int on_cached(int64_t account_id, const char *fp, const char *data, void *ctx)
{
	struct cached *c = ctx;
	int oi = pm_idmap_get(c->s->org_ix, account_id), acct;

	if (oi < 0 || (acct = c->s->orgs[oi].account) < 0 || c->s->acct_org[acct] != oi)
		return 0;
	if (!(c->fp[acct] = strdup(fp)) || !(c->data[acct] = strdup(data)))
		return PM_ENOMEM;
	return 0;
}

/* The accounts being ranked afresh, in the order their jobs were put. */
struct fresh {
	struct pm_rank_pool *pool;
	size_t acct[PM_RANK_POOL_DEPTH];
	struct pm_rank *rk[PM_RANK_POOL_DEPTH];
	size_t put, taken;
	size_t keep;                      /* of each ranking */
	char **fp;                        /* per account: its fingerprint, NULL: cached */
	struct ranking *rankings;         /* per account */
	struct pm_power_cache_row *rows;  /* to write back */
	size_t nrows;
	size_t done;                      /* accounts with their ranking, for progress */
	const char *by;                   /* the caller's sort */
	double *ub;                       /* per account: bound_keys', NULL: all are ranked */
	int unbounded;                    /* a bound did not hold: rank every wanted account */
};

/*
 * Complete the oldest account whose betweenness was handed to the pool:
 * its ranking into f->rankings, its cache row into f->rows; report progress.
 */
static int finish_oldest(struct state *s, struct pm_portfolio *pf, struct fresh *f)
{
	struct pm_rank_job *job = pm_rank_pool_take(f->pool);
	size_t slot = f->taken++ % PM_RANK_POOL_DEPTH, i = f->acct[slot];
	struct pm_rank *rk = f->rk[slot];
	int rc;

	f->rk[slot] = NULL;
	rc = pm_rank_finish(rk, s->p, job, s->err);
	pm_rank_job_free(job);
	if (rc == 0 && (rc = ranking_from_rank(rk, f->keep, &f->rankings[i])) == 0 &&
	    (rc = score_account(s, pf, i, &f->rankings[i])) == 0) {
		struct pm_power_cache_row *row = &f->rows[f->nrows];
		row->account_id = pf->a[i].id;
		row->fingerprint = f->fp[i];
		if (!(row->data = ranking_text(&f->rankings[i])))
			rc = PM_ENOMEM;
		else
			f->nrows++;
		if (f->ub && sort_key(&pf->a[i], f->by) > f->ub[i])
			f->unbounded = 1;
	}
	pm_rank_free(rk);
	if (rc == 0 && s->o->progress && s->o->progress(++f->done, pf->n, s->o->progress_ctx))
		rc = pm_error_set(s->err, PM_EINVAL, "stopped");
	return rc;
}

/* rank's view of account `acct` gets the ties the one pass kept (pm_rank_ties_fn). */
struct view_ties {
	const struct state *s;
	size_t acct;
	const char *key;           /* the account's, for an error */
};

static int load_view_ties(struct pm_view *v, void *ctx, struct pm_error *err)
{
	const struct view_ties *vt = ctx;
	const struct acct_ties *at = &vt->s->ties[vt->acct];
	const struct warm *w = vt->s->w;
	size_t i;
	int rc;

	for (i = 0; i < at->n; i++) {
		const struct acct_tie *t = &at->t[i];
		struct pm_link_row r = { 0 };
		int a = pm_view_vertex(v, w->id[t->a]), b = pm_view_vertex(v, w->id[t->b]);
		if (a < 0 || b < 0)
			return pm_error_set(err, PM_EINVAL, "a tie of account %s is not between its "
					    "people", vt->key);
		r.kind = (enum pm_link_kind)t->kind;
		r.has_strength = t->has_strength;
		r.strength = t->strength;
		r.last_contact = t->last_contact[0] ? t->last_contact : NULL;
		if ((rc = pm_view_push_tie(v, a, b, &r, err)) < 0)
			return rc;
	}
	return 0;
}

/* Workers for the betweenness of `fresh` accounts: 0 to compute each alone. */
static int rank_workers(size_t fresh)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (fresh < 2 || cpus < 2)
		return 0;
	return cpus > PM_RANK_POOL_MAX_WORKERS ? PM_RANK_POOL_MAX_WORKERS : (int)cpus;
}

/* Fresh accounts by descending bound (ties: account order), for rank_all. */
static int cmp_by_bound(const void *x, const void *y, void *ctx)
{
	const double *ub = ctx;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	if (ub[a] != ub[b])
		return ub[a] < ub[b] ? 1 : -1;
	return a < b ? -1 : a > b;
}

/*
 * Rank the accounts the caller wants (DESIGN §6 rank, pm_rank), or take a
 * ranking from the cache when its fingerprint is unchanged, and score them;
 * write the fresh rankings back to the cache (skipped when another writes).
 * With o->top, the accounts ranked afresh go in the order of an upper bound
 * of their sort key (bound_keys), and ranking stops once the top'th exact
 * key is above the next bound: no account left out could be in the top.
 * Their betweenness is computed on the pool's threads, one account per
 * thread, while this thread reads the next (it keeps the store and igraph);
 * each is completed in the order it was put.
 */
static int rank_all(struct state *s, struct pm_portfolio *pf)
{
	const struct pm_portfolio_opts *o = s->o;
	size_t i, j, nfresh = 0, *fresh = malloc((pf->n + 1) * sizeof(*fresh));
	double *tmp = malloc((pf->n + 1) * sizeof(*tmp));
	struct cached c = { calloc(pf->n + 1, sizeof(char *)), calloc(pf->n + 1, sizeof(char *)), s };
	struct fresh f = { .keep = o->key_people > CACHE_KEEP ? o->key_people : CACHE_KEEP,
			   .by = o->sort ? o->sort : "score" };
	int rc = 0;

	f.fp = calloc(pf->n + 1, sizeof(char *));
	f.rankings = calloc(pf->n + 1, sizeof(*f.rankings));
	f.rows = calloc(pf->n + 1, sizeof(*f.rows));
	if (!c.fp || !c.data || !f.fp || !f.rankings || !f.rows || !fresh || !tmp) {
		rc = PM_ENOMEM;
		goto out;
	}
	if ((rc = pm_store_power_cache_read(s->st, on_cached, &c, s->err)) < 0)
		goto out;
	/* the cached rankings whose fingerprint still holds */
	for (i = 0; i < pf->n; i++) {
		struct ranking *r = &f.rankings[i];
		char fp[64];
		if (!pm_portfolio_wanted(o, &pf->a[i]))
			continue;
		snprintf(fp, sizeof(fp), "%016llx-%zu", (unsigned long long)
			 mix64(s->acct_fp[i] ^ s->params_fp), s->acct_people[i]);
		if (c.fp[i] && !strcmp(c.fp[i], fp) && ranking_parse(c.data[i], f.keep, r) == 0 &&
		    (r->n >= f.keep || r->n == r->people)) {
			pf->cached++;
			if ((rc = score_account(s, pf, i, r)) < 0)
				goto out;
			continue;
		}
		ranking_free(r);
		if (!(f.fp[i] = strdup(fp))) {
			rc = PM_ENOMEM;
			goto out;
		}
		fresh[nfresh++] = i;
	}
	/* with a top asked for, the likeliest first */
	if (o->top && nfresh) {
		if (!(f.ub = malloc((pf->n + 1) * sizeof(*f.ub)))) {
			rc = PM_ENOMEM;
			goto out;
		}
		if ((rc = bound_keys(s, pf, f.by, f.ub)) < 0)
			goto out;
		pm_sort(fresh, nfresh, sizeof(*fresh), cmp_by_bound, f.ub);
	}
	/* the others ranked afresh, a few at a time */
	if ((rc = pm_rank_pool_new(rank_workers(nfresh), &f.pool)) < 0)
		goto out;
	f.done = pf->cached;
	for (j = 0; j < nfresh && rc == 0; j++) {
		struct pm_rank_job *job = NULL;
		size_t slot = f.put % PM_RANK_POOL_DEPTH;
		struct view_ties vt = { s, fresh[j], pf->a[fresh[j]].key };
		i = fresh[j];
		/* the ones in the pool may settle the top: see them first (only
		 * accounts the caller wants are ranked, so pf->ranked counts those) */
		while (rc == 0 && f.ub && pf->ranked < o->top &&
		       pf->ranked + pm_rank_pool_pending(f.pool) >= o->top)
			rc = finish_oldest(s, pf, &f);
		if (rc < 0)
			break;
		if (f.ub && !f.unbounded && top_key(pf, o, f.by, tmp) > f.ub[i])
			break;   /* nor any after it: their bounds are no higher */
		while (rc == 0 && pm_rank_pool_pending(f.pool) == PM_RANK_POOL_DEPTH)
			rc = finish_oldest(s, pf, &f);
		if (rc == 0 &&
		    (rc = pm_rank_start(s->st, pf->a[i].key, s->p, 0, load_view_ties, &vt,
				     &f.rk[slot], &job, s->err)) == 0) {
			f.acct[slot] = i;
			f.put++;
			pm_rank_pool_put(f.pool, job);
		}
	}
	while (rc == 0 && pm_rank_pool_pending(f.pool))
		rc = finish_oldest(s, pf, &f);
	if (rc < 0)
		goto out;
	if (o->progress && f.done < pf->n && o->progress(pf->n, pf->n, o->progress_ctx)) {
		rc = pm_error_set(s->err, PM_EINVAL, "stopped");
		goto out;
	}
	rc = pm_store_power_cache_write(s->st, f.rows, f.nrows, s->err);
	if (rc > 0)
		rc = 0;   /* busy or read-only: the cache stays as it was */
out:
	pm_rank_pool_free(f.pool);
	while (f.taken < f.put)
		pm_rank_free(f.rk[f.taken++ % PM_RANK_POOL_DEPTH]);
	for (i = 0; i < pf->n; i++) {
		if (c.fp)
			free(c.fp[i]);
		if (c.data)
			free(c.data[i]);
		if (f.fp)
			free(f.fp[i]);
		if (f.rankings)
			ranking_free(&f.rankings[i]);
		if (f.rows)
			free((char *)f.rows[i].data);
	}
	free(c.fp);
	free(c.data);
	free(f.fp);
	free(f.rankings);
	free(f.rows);
	free(f.ub);
	free(fresh);
	free(tmp);
	return rc;
}

/* ---- the whole --------------------------------------------------------- */

struct sort_by {
	const struct pm_portfolio *pf;
	const char *by;
};

static int cmp_order(const void *x, const void *y, void *ctx)
{
	const struct sort_by *sb = ctx;
	const struct pm_account_score *a = &sb->pf->a[*(const size_t *)x];
	const struct pm_account_score *b = &sb->pf->a[*(const size_t *)y];
	double ka = sort_key(a, sb->by), kb = sort_key(b, sb->by);

	if (a->ranked != b->ranked)
		return a->ranked ? -1 : 1;
	if (!a->ranked)
		return strcmp(a->key, b->key);
	if (ka != kb)
		return ka < kb ? 1 : -1;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return strcmp(a->key, b->key);
}

int pm_portfolio_sort(struct pm_portfolio *pf, const char *by, struct pm_error *err)
{
	if (!by)
		by = "score";
	if (strcmp(by, "score") && strcmp(by, "fit") && strcmp(by, "reach") && strcmp(by, "pipeline"))
		return pm_error_set(err, PM_EINVAL,
				    "unknown sort '%s' (score, fit, reach, pipeline)", by);
	struct sort_by sb = { pf, by };

	if (!pf)
		return 0;
	pm_sort(pf->order, pf->n, sizeof(*pf->order), cmp_order, &sb);
	return 0;
}

void pm_portfolio_free(struct pm_portfolio *pf)
{
	size_t i, k;

	if (!pf)
		return;
	for (i = 0; i < pf->n; i++) {
		struct pm_account_score *a = &pf->a[i];
		free(a->key);
		free(a->name);
		free(a->industry);
		free(a->region);
		free(a->currency);
		free(a->why);
		for (k = 0; k < a->nkey; k++) {
			free(a->keyp[k].key);
			free(a->keyp[k].name);
			free(a->keyp[k].title);
		}
		free(a->keyp);
		for (k = 0; k < a->nholders; k++) {
			free(a->holders[k].key);
			free(a->holders[k].name);
			free(a->holders[k].org);
		}
	}
	free(pf->a);
	free(pf->order);
	free(pf);
}

static void state_free(struct state *s)
{
	size_t i;

	for (i = 0; i < s->norgs; i++) {
		struct org *x = &s->orgs[i];
		free(x->key);
		free(x->name);
		free(x->kind);
		free(x->industry);
		free(x->currency);
		free(x->region);
		free(x->industry_key);
		free(x->region_key);
	}
	free(s->orgs);
	free(s->acct_org);
	warm_free(s->w);
	free(s->pacct);
	free(s->prole);
	free(s->engaged);
	free(s->acct_fp);
	free(s->acct_people);
	for (i = 0; s->ties && i < s->nacct; i++)
		free(s->ties[i].t);
	free(s->ties);
	pm_idmap_free(s->org_ix);
	pm_strmap_free(s->org_key);
}

/* Read the orgs, then the warm search (with the hooks), then engagement. */
static int read_network(struct state *s)
{
	struct warm_hooks hooks = { on_person, on_tie, s };
	int rc;

	if ((rc = pm_store_orgs_all(s->st, on_org, s, s->err)) < 0)
		return rc;
	if ((rc = find_accounts(s)) < 0)
		return rc;
	if (!(s->acct_fp = calloc(s->nacct + 1, sizeof(*s->acct_fp))) ||
	    !(s->acct_people = calloc(s->nacct + 1, sizeof(*s->acct_people))) ||
	    !(s->ties = calloc(s->nacct + 1, sizeof(*s->ties))))
		return PM_ENOMEM;
	s->params_fp = params_hash(s->p);
	if ((rc = warm_search(s->st, s->p, s->o->via, 0, 0, &hooks, &s->w, s->err)) < 0)
		return rc;
	if (!(s->engaged = calloc(s->w->n + 1, 1)))
		return PM_ENOMEM;
	return pm_store_interactions_all(s->st, s->p->as_of, on_touch, s, s->err);
}

int pm_portfolio(struct pm_store *st, const struct pm_params *p,
		 const struct pm_portfolio_opts *o, struct pm_portfolio **out,
		 struct pm_error *err)
{
	struct state s;
	struct pm_portfolio *pf = NULL;
	struct pm_filter all = { NULL, NULL };
	size_t i;
	int rc;

	*out = NULL;
	if (!(weight_sum(o->score_w, 5) > 0) || !(weight_sum(o->fit_w, 5) > 0))
		return pm_error_set(err, PM_EINVAL, "weights must be 0 or more, at least one of "
				    "the score's (score_*) and one of fit's (fit_*) above 0");
	if (!o->key_people)
		return pm_error_set(err, PM_EINVAL, "key people must be at least 1");
	if ((rc = pm_portfolio_sort(NULL, o->sort, err)) < 0)
		return rc;
	if (p->max_hops < 1 || p->max_hops > 8)
		return pm_error_set(err, PM_EINVAL, "max_hops must be 1 to 8");
	memset(&s, 0, sizeof(s));
	s.st = st;
	s.p = p;
	s.o = o;
	s.err = err;
	if (!(s.org_ix = pm_idmap_new()) || !(s.org_key = pm_strmap_new()) ||
	    !(pf = calloc(1, sizeof(*pf)))) {
		rc = PM_ENOMEM;
		goto out;
	}
	if ((rc = pm_store_read_begin(st, err)) < 0)
		goto out;
	if ((rc = read_network(&s)) < 0)
		goto out;
	pf->people = s.w->n;
	pf->ties = s.w->ties;
	pf->n = s.nacct;
	if (!(pf->a = calloc(pf->n + 1, sizeof(*pf->a))) ||
	    !(pf->order = malloc((pf->n + 1) * sizeof(*pf->order)))) {
		rc = PM_ENOMEM;
		goto out;
	}
	for (i = 0; i < pf->n; i++) {
		const struct org *x = &s.orgs[s.acct_org[i]];
		struct pm_account_score *a = &pf->a[i];
		pf->order[i] = i;
		a->id = x->id;
		a->employees = x->employees;
		a->revenue = x->revenue;
		a->plan_sections = x->plan_sections;
		a->fit_with = -1;
		if (!(a->key = strdup(x->key)) || !(a->name = strdup(x->name)) ||
		    (x->industry && !(a->industry = strdup(x->industry))) ||
		    (x->region && !(a->region = strdup(x->region))) ||
		    (x->currency && !(a->currency = strdup(x->currency)))) {
			rc = PM_ENOMEM;
			goto out;
		}
	}
	{
		struct deal_ctx dc = { &s, pf };
		if ((rc = pm_store_select(st, PM_T_DEALS, &all, on_deal, &dc, err)) < 0)
			goto out;
	}
	for (i = 0; i < pf->n; i++)
		if ((pf->a[i].won = pf->a[i].won_deals > 0))
			pf->nwon++;
	score_roles(&s, pf);
	score_fit(&s, pf);
	score_pipeline(pf);
	if ((rc = rank_all(&s, pf)) < 0)
		goto out;
	for (i = 0; i < pf->n; i++)
		if (pf->a[i].ranked && (rc = write_why(pf, i, p)) < 0)
			goto out;
	rc = pm_portfolio_sort(pf, o->sort, err);
out:
	pm_store_read_end(st);
	if (rc == PM_ENOMEM)
		pm_error_set(err, PM_ENOMEM, "out of memory");
	state_free(&s);
	if (rc < 0) {
		pm_portfolio_free(pf);
		return rc;
	}
	*out = pf;
	return 0;
}
