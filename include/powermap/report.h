/*
 * powermap — the account plan as one self-contained HTML file (issue 12):
 * overview, goal and strategy, the SWOT as a 2x2 grid, the power map inline
 * as SVG (with its hover details), key people, risks, the best warm paths to
 * the top decision makers, next stakeholders and the planned actions by
 * month, the team, KPIs with stalled deals, and the latest review. No
 * script, no external file or font; a print stylesheet gives A4 pages. Every
 * user string is escaped. Like the map, it consumes results and runs no
 * analysis.
 */
#ifndef POWERMAP_REPORT_H
#define POWERMAP_REPORT_H

#include <stddef.h>
#include "analysis.h"
#include "error.h"
#include "kpi.h"
#include "portfolio.h"
#include "review.h"
#include "team.h"

/* A plan section's text. */
struct pm_report_section {
	const char *section;       /* as in pm_plan_sections */
	const char *text;
};

struct pm_report {
	const char *account, *account_name;
	const char *as_of;
	int ja;                                /* Japanese labels */
	const struct pm_report_section *plan;  /* the sections present */
	size_t nplan;
	const struct pm_account *a;            /* rank, engagement, planned actions */
	const struct pm_paths *const *paths;   /* to the top decision makers */
	size_t npaths;
	const struct pm_next_item *next;
	size_t nnext;
	const struct pm_risk *risks;
	size_t nrisks;
	const struct pm_kpi *kpi;
	const struct pm_team *team;
	const struct pm_review *review;        /* or NULL */
	const char *map_svg;                   /* the map as SVG, or NULL */
};

/* The report as HTML into *html (caller frees). PM_ENOMEM. */
int pm_report_html(const struct pm_report *r, char **html, struct pm_error *err);

/* One account of the index of `report --all`. */
struct pm_report_index_row {
	const struct pm_account_score *a;  /* its target score (accounts) */
	const char *file;                  /* its report, relative to the index */
	const char *pipeline;              /* open pipeline as kpi formats it; NULL: none */
	const char *top_risk;              /* the first risk's title; NULL: none */
	const char *top_severity;          /* "high" or "medium" */
	size_t nrisks;
};

struct pm_report_index {
	const char *as_of;
	int ja;                            /* Japanese labels */
	int plan_next;                     /* the rows are the best accounts with no plan yet */
	const struct pm_report_index_row *rows;   /* in the order shown (by score) */
	size_t n;
	size_t no_people;                  /* accounts left out: nobody of theirs on the map */
};

/*
 * The index of a folder of reports as one HTML page into *html (caller
 * frees): per account, its place, name (linked to its report), status and
 * why, target score with its components (on hover), key people reached warm
 * and engaged, the plan's state, open pipeline and risks. PM_ENOMEM.
 */
int pm_report_index_html(const struct pm_report_index *ix, char **html, struct pm_error *err);

#endif
