/* powermap — analysis parameters, dates and tie strength (see graph.h). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "powermap/kit.h"
#include "powermap/params.h"
#include "powermap/table.h"

struct param {
	const char *name;
	size_t off;
	int is_int;
	double min, max;
	const char *help;
};

const double pm_fit_weights[5] = { 0.35, 0.25, 0.15, 0.15, 0.10 };
const char *const pm_fit_names[5] = { "industry", "employees", "revenue", "region", "group" };
const double pm_score_weights[5] = { 0.30, 0.30, 0.15, 0.10, 0.15 };
const char *const pm_score_names[5] = { "fit", "reach", "coverage", "engagement", "pipeline" };

#define D(f) offsetof(struct pm_params, f)

static const struct param params[] = {
	{ "half_life", D(half_life), 0, 1, 1e6, PM_N_("days for a tie's strength to halve") },
	{ "floor", D(floor), 0, 0, 1, PM_N_("decay never goes below this fraction of s") },
	{ "default_strength", D(default_strength), 0, 0, 1, PM_N_("strength of a tie given none") },
	{ "colleague", D(colleague), 0, 0, 1, PM_N_("reports_to as a relationship tie") },
	{ "mgr_to_sub", D(mgr_to_sub), 0, 0, 1, PM_N_("reports_to as influence, manager to subordinate") },
	{ "sub_to_mgr", D(sub_to_mgr), 0, 0, 1, PM_N_("reports_to as influence, subordinate to manager") },
	{ "damping", D(damping), 0, 0.01, 0.99, PM_N_("PageRank damping") },
	{ "w_formal", D(w_formal), 0, 0, 100, PM_N_("rank weight of formal authority") },
	{ "w_influence", D(w_influence), 0, 0, 100, PM_N_("rank weight of influence") },
	{ "w_role", D(w_role), 0, 0, 100, PM_N_("rank weight of buying role") },
	{ "w_broker", D(w_broker), 0, 0, 100, PM_N_("rank weight of brokerage") },
	{ "hop_discount", D(hop_discount), 0, 0.01, 1, PM_N_("path score factor per introduction") },
	{ "max_hops", D(max_hops), 1, 1, 8, PM_N_("longest warm path, in ties") },
	{ "cold_reach", D(cold_reach), 0, 0, 1, PM_N_("reachability without a warm path") },
	{ "engaged_days", D(engaged_days), 1, 1, 3650, PM_N_("an interaction this recent means engaged") },
	{ "stale_days", D(stale_days), 1, 1, 3650, PM_N_("a tie last used longer ago is stale") },
	{ "quiet_days", D(quiet_days), 1, 1, 3650, PM_N_("a champion silent this long is a risk") },
	{ "key_power", D(key_power), 0, 0, 1, PM_N_("power score from which a person is key") },
	{ "stalled_days", D(stalled_days), 1, 1, 3650, PM_N_("an open deal not updated this long is stalled") },
	{ "betweenness_exact", D(betweenness_exact), 1, 0, 1e7,
	  PM_N_("exact betweenness for accounts up to this many people") },
	{ "betweenness_samples", D(betweenness_samples), 1, 1, 1e7,
	  PM_N_("sources sampled for the betweenness of larger accounts") },
	/* the names are "score_" + pm_score_names[i] and "fit_" + pm_fit_names[i] */
	{ "score_fit", D(score_w[0]), 0, 0, 100, PM_N_("accounts: weight of fit in the score") },
	{ "score_reach", D(score_w[1]), 0, 0, 100, PM_N_("accounts: weight of warm reach") },
	{ "score_coverage", D(score_w[2]), 0, 0, 100,
	  PM_N_("accounts: weight of the buying roles covered") },
	{ "score_engagement", D(score_w[3]), 0, 0, 100,
	  PM_N_("accounts: weight of engaged key people") },
	{ "score_pipeline", D(score_w[4]), 0, 0, 100,
	  PM_N_("accounts: weight of the open pipeline") },
	{ "fit_industry", D(fit_w[0]), 0, 0, 100, PM_N_("fit: weight of the same industry") },
	{ "fit_employees", D(fit_w[1]), 0, 0, 100, PM_N_("fit: weight of a like headcount") },
	{ "fit_revenue", D(fit_w[2]), 0, 0, 100, PM_N_("fit: weight of a like revenue") },
	{ "fit_region", D(fit_w[3]), 0, 0, 100, PM_N_("fit: weight of the same region") },
	{ "fit_group", D(fit_w[4]), 0, 0, 100, PM_N_("fit: weight of the same parent group") },
};

#define NPARAMS (sizeof(params) / sizeof(params[0]))

const char *const pm_param_names[] = {
	"half_life", "floor", "default_strength", "colleague", "mgr_to_sub",
	"sub_to_mgr", "damping", "w_formal", "w_influence", "w_role", "w_broker",
	"hop_discount", "max_hops", "cold_reach", "engaged_days", "stale_days",
	"quiet_days", "key_power", "stalled_days", "betweenness_exact", "betweenness_samples",
	"score_fit", "score_reach", "score_coverage", "score_engagement", "score_pipeline",
	"fit_industry", "fit_employees", "fit_revenue", "fit_region", "fit_group", NULL
};

void pm_params_default(struct pm_params *p, const char *today)
{
	char day[11];

	memset(p, 0, sizeof(*p));
	if (today && strlen(today) >= 10 &&
	    (snprintf(day, sizeof(day), "%.10s", today), pm_date_valid(day))) {
		memcpy(p->as_of, day, sizeof(p->as_of));
	} else {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(p->as_of, sizeof(p->as_of), "%Y-%m-%d", &tm);
	}
	p->half_life = 365;
	p->floor = 0.1;
	p->default_strength = 0.5;
	p->colleague = 0.5;
	p->mgr_to_sub = 0.5;
	p->sub_to_mgr = 0.2;
	p->damping = 0.85;
	p->w_formal = 0.30;
	p->w_influence = 0.35;
	p->w_role = 0.20;
	p->w_broker = 0.15;
	p->hop_discount = 0.9;
	p->max_hops = 4;
	p->cold_reach = 0.15;
	p->engaged_days = 180;
	p->stale_days = 180;
	p->quiet_days = 30;
	p->key_power = 0.5;
	p->stalled_days = 14;
	p->betweenness_exact = 1000;
	p->betweenness_samples = 200;
	memcpy(p->score_w, pm_score_weights, sizeof(p->score_w));
	memcpy(p->fit_w, pm_fit_weights, sizeof(p->fit_w));
}

static const struct param *find(const char *name)
{
	size_t i;

	for (i = 0; i < NPARAMS; i++)
		if (!strcmp(params[i].name, name))
			return &params[i];
	return NULL;
}

int pm_params_set(struct pm_params *p, const char *name, const char *value,
		  struct pm_error *err)
{
	const struct param *q = find(name);
	char *end;
	double x;

	if (!q)
		return pm_error_set(err, PM_EINVAL, "unknown parameter '%s'", name);
	x = strtod(value, &end);
	if (end == value || *end || !isfinite(x) || x < q->min || x > q->max ||
	    (q->is_int && x != floor(x)))
		return pm_error_set(err, PM_EINVAL, "%s '%s' is not %s from %g to %g",
				    name, value, pm_msg(q->is_int ? "an integer" : "a number"),
				    q->min, q->max);
	if (q->is_int)
		*(int *)((char *)p + q->off) = (int)x;
	else
		*(double *)((char *)p + q->off) = x;
	return 0;
}

int pm_params_get(const struct pm_params *p, const char *name, char *buf, size_t size)
{
	const struct param *q = find(name);

	if (!q)
		return PM_ENOTFOUND;
	if (q->is_int)
		snprintf(buf, size, "%d", *(const int *)((const char *)p + q->off));
	else
		snprintf(buf, size, "%g", *(const double *)((const char *)p + q->off));
	return 0;
}

int pm_params_scoring_only(const char *name)
{
	const struct param *q = find(name);

	/* score_w and fit_w, one after the other in struct pm_params */
	return q && q->off >= D(score_w[0]) && q->off <= D(fit_w[4]);
}

const char *pm_params_help(const char *name)
{
	const struct param *q = find(name);

	return q ? pm_msg(q->help) : NULL;
}

struct load_ctx {
	struct pm_params *p;
	struct pm_error *err;
};

static int load_one(const char *name, const char *value, void *ctx)
{
	struct load_ctx *l = ctx;
	struct pm_error perr;

	if (pm_params_set(l->p, name, value, &perr) < 0)
		return pm_error_set(l->err, PM_EINVAL, "config: %s", perr.msg);
	return 0;
}

int pm_params_load(struct pm_store *st, struct pm_params *p, struct pm_error *err)
{
	struct load_ctx l = { p, err };

	return pm_store_config_each(st, load_one, &l, err);
}

#define DIGIT(c) ((c) >= '0' && (c) <= '9')

static long date_days(const char *s)
{
	/* the canonical YYYY-MM-DD without atoi: ties read by the million */
	if (DIGIT(s[0]) && DIGIT(s[1]) && DIGIT(s[2]) && DIGIT(s[3]) && s[4] == '-' &&
	    DIGIT(s[5]) && DIGIT(s[6]) && s[7] == '-' && DIGIT(s[8]) && DIGIT(s[9]))
		return pm_days_from_civil((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
				       (s[3] - '0'), (s[5] - '0') * 10 + (s[6] - '0'),
				       (s[8] - '0') * 10 + (s[9] - '0'));
	return pm_days_from_civil(atoi(s), atoi(s + 5), atoi(s + 8));
}

void pm_date_add(const char *d, long days, char out[11])
{
	int y, m, dd;

	pm_civil_from_days(date_days(d) + days, &y, &m, &dd);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
}

long pm_days_between(const char *a, const char *b)
{
	return date_days(b) - date_days(a);
}

/*
 * Memos of this thread's last as_of and of the decay factors it computed:
 * the whole-network readers ask for millions of ties dated within a few
 * years. Pure caches (the same values, bit for bit, as computing them).
 */
#define DECAY_MEMO 1024
static __thread struct {
	char as_of[11];
	long as_of_days;
	struct {
		long days;
		double half_life, factor;
	} decay[DECAY_MEMO];
	unsigned char set[DECAY_MEMO];
} memo;

static long as_of_days(const char *as_of)
{
	if (memcmp(memo.as_of, as_of, sizeof(memo.as_of)) != 0 || !memo.as_of[0]) {
		memcpy(memo.as_of, as_of, sizeof(memo.as_of));
		memo.as_of_days = date_days(as_of);
	}
	return memo.as_of_days;
}

static double decay_factor(long days, double half_life)
{
	unsigned i = (unsigned long)days % DECAY_MEMO;

	if (!memo.set[i] || memo.decay[i].days != days || memo.decay[i].half_life != half_life) {
		memo.decay[i].days = days;
		memo.decay[i].half_life = half_life;
		memo.decay[i].factor = pow(2.0, -(double)days / half_life);
		memo.set[i] = 1;
	}
	return memo.decay[i].factor;
}

double pm_strength_eff(const struct pm_params *p, double s, const char *last_contact)
{
	long days;
	double e;

	if (!last_contact || strlen(last_contact) < 10)
		return s;
	days = as_of_days(p->as_of) - date_days(last_contact);
	if (days <= 0)
		return s;
	e = s * decay_factor(days, p->half_life);
	return e < p->floor * s ? p->floor * s : e;
}

double pm_tie_length(double s_eff)
{
	double w = -log(s_eff) + 1e-9;

	/* multiples of 2^-30 add exactly, so equal-length paths tie exactly */
	return nearbyint(w * 1073741824.0) / 1073741824.0;
}
