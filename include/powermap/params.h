/*
 * powermap — analysis parameters (defaults, the config table, flags), dates
 * and the decay of tie strength (DESIGN §5).
 *
 * Tie strength decays with the time since the last contact:
 *   s_eff = s * 2^(-days / half_life), never below floor * s; no date, no decay.
 * Lengths for shortest paths are -ln(s_eff) + 1e-9, rounded to a multiple of
 * 2^-30 so that equal-length paths tie exactly in any implementation.
 */
#ifndef POWERMAP_PARAMS_H
#define POWERMAP_PARAMS_H

#include <stddef.h>
#include "error.h"
#include "store.h"

/* `en` or `ja` by language. */
#define PM_TR(lang, en, ja) ((lang) == PM_LANG_JA ? (ja) : (en))

/* Analysis parameters; defaults from pm_params_default, the config table, flags. */
struct pm_params {
	enum pm_lang lang;         /* of the texts written (PM_LANG_EN) */
	char as_of[11];            /* YYYY-MM-DD: "today" for decay and engagement */
	double half_life;          /* days (365) */
	double floor;              /* decay floor, fraction of s (0.1) */
	double default_strength;   /* knows/influences without a strength (0.5) */
	double colleague;          /* reports_to as a relationship tie (0.5) */
	double mgr_to_sub;         /* reports_to as influence, manager -> subordinate (0.5) */
	double sub_to_mgr;         /* reports_to as influence, subordinate -> manager (0.2) */
	double damping;            /* PageRank damping (0.85) */
	double w_formal, w_influence, w_role, w_broker; /* rank weights (.30 .35 .20 .15) */
	double hop_discount;       /* per introduction (0.9) */
	int max_hops;              /* path length limit in ties (4) */
	double cold_reach;         /* reachability without a warm path (0.15) */
	int engaged_days;          /* an interaction this recent means engaged (180) */
	int stale_days;            /* a tie older than this is stale (180) */
	int quiet_days;            /* a champion silent this long is a risk (30) */
	double key_power;          /* power score that makes a key person (0.5) */
	int stalled_days;          /* an open deal not updated this long is stalled (14) */
	int betweenness_exact;     /* exact betweenness up to this many people (1000) */
	int betweenness_samples;   /* else sampled from this many sources (200) */
	/*
	 * accounts' weights (pm_score_weights, pm_fit_weights), kept in config
	 * as score_fit ... score_pipeline and fit_industry ... fit_group. Only
	 * the score reads them, never rank (pm_params_scoring_only).
	 */
	double score_w[5];
	double fit_w[5];
};

/*
 * Default weights of fit's attributes, in the order of the PM_FIT_* bits of
 * portfolio.h (their sum is 1): industry 0.35, employees 0.25, revenue 0.15,
 * region 0.15, group 0.10. Their names: pm_fit_names (the parameters are
 * "fit_" and the name).
 */
extern const double pm_fit_weights[5];
extern const char *const pm_fit_names[5];

/*
 * The parts of accounts' combined score, in the order of score_w; their
 * names (pm_score_names; the parameters are "score_" and the name) and
 * default weights (pm_score_weights: fit .30, reach .30, coverage .15,
 * engagement .10, pipeline .15).
 */
extern const double pm_score_weights[5];
extern const char *const pm_score_names[5];

/*
 * Fill p with the built-in defaults; as_of is `today` (YYYY-MM-DD, or a
 * timestamp that starts with one), or the system clock's date (UTC) when
 * today is NULL or not a date.
 */
void pm_params_default(struct pm_params *p, const char *today);

/* Names of the tunable parameters, NULL-terminated (as in the config table). */
extern const char *const pm_param_names[];

/*
 * Set parameter `name` from text. PM_EINVAL (message names the parameter and
 * the allowed range) for an unknown name or a bad value.
 */
int pm_params_set(struct pm_params *p, const char *name, const char *value,
		  struct pm_error *err);

/* Current value of parameter `name` as text into buf; PM_ENOTFOUND if unknown. */
int pm_params_get(const struct pm_params *p, const char *name, char *buf,
		  size_t size);

/*
 * 1 when parameter `name` is one of accounts' weights, which only the
 * score reads (rank's results do not depend on it); 0 otherwise.
 */
int pm_params_scoring_only(const char *name);

/* One line saying what parameter `name` does (in the messages' language), or NULL if unknown. */
const char *pm_params_help(const char *name);

/* Apply every entry of the store's config table to p. */
int pm_params_load(struct pm_store *st, struct pm_params *p, struct pm_error *err);

/* The date `days` after (or before, when negative) date d, into out[11]. */
void pm_date_add(const char *d, long days, char out[11]);

/* Days from date a to date b (YYYY-MM-DD each); b - a. */
long pm_days_between(const char *a, const char *b);

/* Effective strength of a tie with raw strength s and last contact date. */
double pm_strength_eff(const struct pm_params *p, double s, const char *last_contact);

/* Path length of a tie of effective strength s (see the header comment). */
double pm_tie_length(double s_eff);

#endif
