/* powermap — the team: our people's ties into an account (see team.h). */
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/model.h"
#include "powermap/team.h"

void pm_team_free(struct pm_team *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->m[i].ties);
	free(t->m);
	free(t->unreached);
	pm_view_free(t->view);
	free(t);
}

struct build {
	struct pm_team *t;
	const struct pm_account *a;
	const struct pm_params *p;
	struct pm_store *st;
	size_t cap;
	struct pm_error *err;
};

/* The member for our person `id` (added to the view when new), or NULL. */
static struct pm_team_member *member(struct build *b, int64_t id)
{
	struct pm_team *t = b->t;
	int v = pm_view_vertex(t->view, id);
	size_t i;

	if (v >= 0) {
		for (i = 0; i < t->n; i++)
			if (t->m[i].vertex == v)
				return &t->m[i];
	} else if (pm_view_add_person(t->view, b->st, id, &v, b->err) < 0) {
		return NULL;
	}
	if (!t->view->people[v].ours)
		return NULL;
	if (PM_GROW(t->m, b->cap, t->n + 1) < 0) {
		pm_error_set(b->err, PM_ENOMEM, "out of memory");
		return NULL;
	}
	memset(&t->m[t->n], 0, sizeof(t->m[0]));
	t->m[t->n].vertex = v;
	return &t->m[t->n++];
}

static int by_power(const void *x, const void *y, void *ctx)
{
	const struct pm_account *a = ctx;
	const struct pm_team_tie *p = x, *q = y;
	double pa = a->rank->e[p->vertex].score, pb = a->rank->e[q->vertex].score;

	return pa != pb ? (pa < pb ? 1 : -1) : p->vertex - q->vertex;
}

static int by_reach(const void *x, const void *y)
{
	const struct pm_team_member *p = x, *q = y;

	if (p->reach != q->reach)
		return p->reach < q->reach ? 1 : -1;
	return p->vertex - q->vertex;
}

/* The actions on the account: counted for their owners (members added as needed). */
static int on_action(const struct pm_action_row *r, void *ctx)
{
	struct build *b = ctx;
	struct pm_team_member *m;

	if (!r->owner_id)
		return 0;
	if (!(m = member(b, r->owner_id)))
		return b->err->code == PM_ENOMEM ? PM_ENOMEM : 0;
	if (!strcmp(r->status, "done"))
		m->done++;
	else if (!strcmp(r->status, "planned") || !strcmp(r->status, "in_progress")) {
		m->open++;
		m->overdue += r->due && strcmp(r->due, b->p->as_of) < 0;
	}
	return 0;
}

int pm_team(struct pm_store *st, const struct pm_account *a, const struct pm_params *p,
	    struct pm_team **out, struct pm_error *err)
{
	struct build b = { calloc(1, sizeof(struct pm_team)), a, p, st, 0, err };
	struct pm_link_cursor *cur = NULL;
	struct pm_link_row row;
	unsigned char *known = calloc(a->n + 1, 1);
	size_t i, *caps = NULL, ncaps = 0;
	int rc = 0;

	*out = NULL;
	err->code = 0;
	if (!b.t || !known || (rc = pm_view_new(&b.t->view, err)) < 0) {
		rc = rc < 0 ? rc : pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = pm_store_link_cursor_open(st, PM_LINK_BIT(PM_LINK_KNOWS), &cur, err)) < 0)
		goto fail;
	for (i = 0; i < a->n && rc == 0; i++) {
		pm_store_link_cursor_seek(cur, a->rank->view->people[i].id, err);
		while ((rc = pm_store_link_cursor_next(cur, &row, err)) > 0) {
			size_t before = b.t->n, k;
			struct pm_team_member *m;
			if (pm_view_vertex(a->rank->view, row.dst) >= 0)
				continue;   /* a colleague inside the account */
			err->code = 0;
			if (!(m = member(&b, row.dst))) {
				if (err->code) {
					rc = err->code;
					break;
				}
				continue;   /* not ours */
			}
			k = (size_t)(m - b.t->m);
			if (b.t->n > before && PM_GROW(caps, ncaps, b.t->n) < 0) {
				rc = pm_error_set(err, PM_ENOMEM, "out of memory");
				break;
			}
			if (b.t->n > before)
				caps[k] = 0;
			if (PM_GROW(m->ties, caps[k], m->nties + 1) < 0) {
				rc = pm_error_set(err, PM_ENOMEM, "out of memory");
				break;
			}
			m->ties[m->nties].vertex = (int)i;
			m->ties[m->nties].strength = pm_relation_strength(p, PM_LINK_KNOWS,
				row.has_strength, row.strength, row.last_contact);
			snprintf(m->ties[m->nties].last_contact, 11, "%.10s",
				 row.last_contact ? row.last_contact : "");
			m->ties[m->nties].source = NULL;
			m->reach += m->ties[m->nties].strength * a->rank->e[i].score;
			m->useful |= m->ties[m->nties].strength >= PM_TEAM_USEFUL;
			m->nties++;
			known[i] = 1;
		}
	}
	if (rc < 0)
		goto fail;
	err->code = 0;
	if ((rc = pm_store_actions(st, a->rank->account_id, 0, on_action, &b, err)) < 0)
		goto fail;
	for (i = 0; i < b.t->n; i++)
		if (b.t->m[i].nties)
			pm_sort(b.t->m[i].ties, b.t->m[i].nties, sizeof(struct pm_team_tie),
				by_power, (void *)a);
	if (b.t->n)
		qsort(b.t->m, b.t->n, sizeof(*b.t->m), by_reach);
	if (!(b.t->unreached = calloc(a->n + 1, sizeof(int)))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < a->n; i++) {
		int u = a->rank->order[i];
		if (a->rank->e[u].score >= p->key_power && !known[u])
			b.t->unreached[b.t->nunreached++] = u;
	}
	pm_store_link_cursor_close(cur);
	free(known);
	free(caps);
	*out = b.t;
	return 0;
fail:
	pm_store_link_cursor_close(cur);
	free(known);
	free(caps);
	pm_team_free(b.t);
	return rc;
}
