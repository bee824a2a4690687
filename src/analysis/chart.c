/*
 * powermap — a draft of an account's org chart from its people's titles and
 * departments (see analysis.h pm_chart_draft): the reporting lines a rep
 * would pencil in from a list or a stack of business cards, for review.
 */
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/kit.h"
#include "powermap/titles.h"

/* Whether department `upper` is `lower` or one above it (its name a prefix: 営業本部 / 営業本部 第一営業部). */
static int department_above(const char *upper, const char *lower)
{
	size_t n;

	if (!upper || !*upper || !lower || !*lower)
		return 0;
	n = strlen(upper);
	return !strncmp(upper, lower, n);
}

static int same_org(const struct pm_person *a, const struct pm_person *b)
{
	return a->org_key && b->org_key && !strcmp(a->org_key, b->org_key);
}

/* Whether q is p or below p along the stored reporting lines (boss[]): p -> q would close a loop. */
static int below(const int *boss, size_t n, int q, int p)
{
	size_t steps;

	for (steps = 0; q >= 0 && steps <= n; steps++, q = boss[q])
		if (q == p)
			return 1;
	return 0;
}

/*
 * The boss of p by the rules of pm_chart_draft, or -1; *why: 1 by
 * department, 2 the company's closest senior.
 */
static int draft_boss(const struct pm_view *v, const int *level, int p, int *why)
{
	const struct pm_person *pp = &v->people[p];
	int best = -1, best_level = 0, tie = 0;
	size_t best_dept = 0, q;

	/* the lowest senior heading p's department or one above it; the closest department */
	for (q = 0; q < v->n; q++) {
		const struct pm_person *qq = &v->people[q];
		size_t d;
		if ((int)q == p || level[q] <= level[p] || !same_org(pp, qq) ||
		    !department_above(qq->department, pp->department))
			continue;
		d = strlen(qq->department);
		if (best < 0 || level[q] < best_level || (level[q] == best_level && d > best_dept)) {
			best = (int)q;
			best_level = level[q];
			best_dept = d;
			tie = 0;
		} else if (level[q] == best_level && d == best_dept) {
			tie = 1;
		}
	}
	if (best >= 0) {
		*why = 1;
		return tie ? -1 : best;
	}
	/* a head of department with no one above in its line: the company's top */
	if (level[p] < 6)
		return -1;
	for (q = 0; q < v->n; q++) {
		if ((int)q == p || !same_org(pp, &v->people[q]))
			continue;
		if (best < 0 || level[q] > best_level) {
			best = (int)q;
			best_level = level[q];
			tie = 0;
		} else if (level[q] == best_level) {
			tie = 1;
		}
	}
	*why = 2;
	return tie || best_level <= level[p] ? -1 : best;
}

/* Lines top down: the senior person first, then by key. */
struct order {
	const struct pm_view *v;
	const int *level;
};

static int top_down(const void *x, const void *y, void *ctx)
{
	const struct pm_chart_line *a = x, *b = y;
	const struct order *o = ctx;

	if (o->level[a->person] != o->level[b->person])
		return o->level[b->person] - o->level[a->person];
	return strcmp(o->v->people[a->person].key, o->v->people[b->person].key);
}

int pm_chart_draft(struct pm_store *st, const char *account, struct pm_chart_draft **out,
		   struct pm_error *err)
{
	struct pm_chart_draft *d = calloc(1, sizeof(*d));
	int *level = NULL, *boss_now = NULL, rc;
	size_t p, i;

	*out = NULL;
	if (!d)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = pm_view_new(&d->view, err)) < 0 ||
	    (rc = pm_view_add_account(d->view, st, account, err)) < 0 ||
	    (rc = pm_view_load_ties(d->view, st, err)) < 0)
		goto fail;
	level = calloc(d->view->n + 1, sizeof(*level));
	boss_now = malloc((d->view->n + 1) * sizeof(*boss_now));
	d->lines = calloc(d->view->n + 1, sizeof(*d->lines));
	d->unplaced = calloc(d->view->n + 1, sizeof(*d->unplaced));
	if (!level || !boss_now || !d->lines || !d->unplaced) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	for (p = 0; p < d->view->n; p++) {
		level[p] = pm_title_level(d->view->people[p].title);
		boss_now[p] = -1;
	}
	for (i = 0; i < d->view->nties; i++)   /* the reporting lines stored */
		if (d->view->ties[i].kind == PM_LINK_REPORTS_TO && boss_now[d->view->ties[i].a] < 0)
			boss_now[d->view->ties[i].a] = d->view->ties[i].b;
	for (p = 0; p < d->view->n; p++) {
		int boss, why = 0;
		if (!level[p] || level[p] >= 10 || boss_now[p] >= 0)
			continue;   /* no title we read, the top, or placed already */
		boss = draft_boss(d->view, level, (int)p, &why);
		if (boss < 0 || below(boss_now, d->view->n, boss, (int)p)) {
			d->unplaced[d->nunplaced++] = (int)p;
			continue;
		}
		d->lines[d->n++] = (struct pm_chart_line){ (int)p, boss, why == 1 };
	}
	{
		struct order o = { d->view, level };
		pm_sort(d->lines, d->n, sizeof(*d->lines), top_down, &o);
	}
	free(level);
	free(boss_now);
	*out = d;
	return 0;
fail:
	free(level);
	free(boss_now);
	pm_chart_draft_free(d);
	return rc;
}

void pm_chart_draft_free(struct pm_chart_draft *d)
{
	if (!d)
		return;
	pm_view_free(d->view);
	free(d->lines);
	free(d->unplaced);
	free(d);
}
