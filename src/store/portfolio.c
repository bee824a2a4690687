/*
 * powermap — the store's side of the portfolio (accounts): every org, person,
 * tie and two-way interaction, each read once in row order, so that one pass
 * over the whole network answers for every account at once.
 */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "powermap/model.h"
#include "powermap/store.h"
#include "store_internal.h"

static const char *text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static double number_or(sqlite3_stmt *s, int i, double none)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? none : sqlite3_column_double(s, i);
}

int pm_store_read_begin(struct pm_store *st, struct pm_error *err)
{
	int rc;

	if (st->in_tx)
		return 0;
	/* a deferred transaction takes its snapshot at the first read */
	if ((rc = pm_store_exec(st, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_schema", err)) == 0)
		st->in_read = 1;
	return rc;
}

void pm_store_read_end(struct pm_store *st)
{
	if (st->in_read)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	st->in_read = 0;
	pm_store_digest_flush(st);
}

/* The caller's callback (one of them is set) and its context. */
struct visit {
	const struct pm_store *st;
	pm_org_brief_fn org;
	pm_person_brief_fn person;
	pm_touch_fn touch;
	void *ctx;
};

/*
 * Run `sql` (with `arg` bound to ?1 when given) to the end, handing each row
 * to `row`; stops at a non-zero return; `what` names a read that failed.
 */
static int walk(struct pm_store *st, const char *sql, const char *arg, const char *what,
		int (*row)(sqlite3_stmt *s, const struct visit *v), const struct visit *v,
		struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		return rc;
	if (arg)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = row(s, v)) != 0)
			break;
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = pm_store_dberr(st, what, err);
	sqlite3_finalize(s);
	return rc;
}

static int org_row(sqlite3_stmt *s, const struct visit *v)
{
	struct pm_org_brief r;

	r.id = sqlite3_column_int64(s, 0);
	r.parent_id = sqlite3_column_int64(s, 1);
	r.key = text(s, 2);
	r.name = text(s, 3);
	r.kind = text(s, 4);
	r.industry = text(s, 5);
	r.employees = number_or(s, 6, -1);
	r.revenue = number_or(s, 7, -1);
	r.currency = text(s, 8);
	r.region = text(s, 9);
	r.plan_sections = sqlite3_column_int(s, 10);
	return v->org(&r, v->ctx);
}

int pm_store_orgs_all(struct pm_store *st, pm_org_brief_fn fn, void *ctx, struct pm_error *err)
{
	struct visit v = { .org = fn, .ctx = ctx };

	return walk(st, "SELECT o.id, coalesce(o.parent_id, 0), o.key, o.name, o.kind,"
		    " o.industry, o.employees, o.revenue, o.currency, o.region,"
		    " (SELECT count(*) FROM plan pl WHERE pl.account_id = o.id"
		    "  AND coalesce(pl.text, '') <> '')"
		    " FROM orgs o ORDER BY o.id", NULL, "cannot read orgs", org_row, &v, err);
}

static int person_row(sqlite3_stmt *s, const struct visit *v)
{
	struct pm_person_brief r;

	r.id = sqlite3_column_int64(s, 0);
	r.org_id = sqlite3_column_int64(s, 1);
	r.role = text(s, 2);
	r.stance = text(s, 3);
	r.key = text(s, 4);
	r.power = sqlite3_column_int(s, 5);
	r.title = text(s, 6);
	pm_rewind_person(v->st, r.key, &r.role, &r.stance, &r.power);
	return v->person(&r, v->ctx);
}

int pm_store_people_all(struct pm_store *st, pm_person_brief_fn fn, void *ctx,
			struct pm_error *err)
{
	struct visit v = { .st = st, .person = fn, .ctx = ctx };

	return walk(st, "SELECT id, coalesce(org_id, 0), role, stance, key, power, title FROM people"
		    " ORDER BY id", NULL, "cannot read people", person_row, &v, err);
}

static int touch_row(sqlite3_stmt *s, const struct visit *v)
{
	struct pm_touch_row r;

	r.person_id = sqlite3_column_int64(s, 0);
	r.at = text(s, 1);
	r.channel = text(s, 2);
	r.direction = text(s, 3);
	return v->touch(&r, v->ctx);
}

int pm_store_interactions_all(struct pm_store *st, const char *until, pm_touch_fn fn,
			      void *ctx, struct pm_error *err)
{
	struct visit v = { .touch = fn, .ctx = ctx };

	return walk(st, "SELECT person_id, at, channel, direction FROM interactions"
		    " WHERE substr(at, 1, 10) <= ?1 ORDER BY person_id, at", until,
		    "cannot read interactions", touch_row, &v, err);
}

int pm_store_power_cache_read(struct pm_store *st, pm_power_cache_fn fn, void *ctx,
			      struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, "SELECT account_id, fingerprint, data FROM power_cache",
				   err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(sqlite3_column_int64(s, 0), text(s, 1), text(s, 2), ctx)) != 0)
			break;
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = pm_store_dberr(st, "cannot read the power cache", err);
	sqlite3_finalize(s);
	return rc;
}

int pm_store_power_cache_write(struct pm_store *st, const struct pm_power_cache_row *rows,
			       size_t n, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc, code;

	if (!n)
		return 0;
	if (st->in_tx)
		return pm_error_set(err, PM_EINVAL, "the power cache is written outside transactions");
	pm_store_read_end(st);
	sqlite3_busy_timeout(st->db, 0);
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(st->db, st->wait_ms);
	code = rc & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_READONLY)
		return 1;
	if (rc != SQLITE_OK)
		return pm_store_dberr(st, "cannot write the power cache", err);
	if ((rc = pm_store_prepare(st, &s, "INSERT OR REPLACE INTO power_cache(account_id,"
				   " fingerprint, data) VALUES (?1, ?2, ?3)", err)) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, rows[i].account_id);
		sqlite3_bind_text(s, 2, rows[i].fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, rows[i].data, -1, SQLITE_STATIC);
		if ((code = sqlite3_step(s)) != SQLITE_DONE) {
			code &= 0xff;
			if (code == SQLITE_READONLY || code == SQLITE_BUSY) {
				sqlite3_finalize(s);
				sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
				return 1;
			}
			rc = pm_store_dberr(st, "cannot write the power cache", err);
			goto fail;
		}
	}
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		code = sqlite3_errcode(st->db) & 0xff;
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return code == SQLITE_BUSY || code == SQLITE_READONLY ? 1
			: pm_store_dberr(st, "cannot write the power cache", err);
	}
	return 0;
fail:
	sqlite3_finalize(s);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
