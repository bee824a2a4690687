/* powermap — the history of changes (see store.h): written with each change, read by log. */
#include "store_internal.h"

int pm_store_history_add(struct pm_store *st, const char *entity,
			 const char *subject, const char *action,
			 const char *field, const char *old_value,
			 const char *new_value, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_cached(st, &s,
				   "INSERT INTO history(at, command, entity, subject, action,"
				   " field, old, new) VALUES (?,?,?,?,?,?,?,?)", err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, st->now, -1, SQLITE_STATIC);
	pm_bind_text_or_null(s, 2, st->command);
	sqlite3_bind_text(s, 3, entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, action, -1, SQLITE_STATIC);
	pm_bind_text_or_null(s, 6, field);
	pm_bind_text_or_null(s, 7, old_value);
	pm_bind_text_or_null(s, 8, new_value);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot write history", err);
	pm_store_release(s);
	return rc;
}

int pm_store_history(struct pm_store *st, const char *since, long limit,
		     pm_history_fn fn, void *ctx, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s,
				   "SELECT at, command, entity, subject, action, field, old, new"
				   " FROM (SELECT * FROM history WHERE ?1 IS NULL OR at >= ?1"
				   " ORDER BY id DESC LIMIT ?2) ORDER BY id", err)) < 0)
		return rc;
	pm_bind_text_or_null(s, 1, since);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pm_history_entry e;
#define COL(i) ((const char *)sqlite3_column_text(s, i))
		e.at = COL(0); e.command = COL(1); e.entity = COL(2);
		e.subject = COL(3); e.action = COL(4); e.field = COL(5);
		e.old_value = COL(6); e.new_value = COL(7);
#undef COL
		if ((rc = fn(&e, ctx)) != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read history", err);
out:
	sqlite3_finalize(s);
	return rc;
}
