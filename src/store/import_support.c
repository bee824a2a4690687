/*
 * powermap — what an import asks of the store beyond records: its
 * transaction and connection settings, where each identity was first seen,
 * and the edges and keys that cycle checks name (see store.h, "import").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_internal.h"

/*
 * A first load (no people and no links yet) writes through a rollback
 * journal: in WAL mode every page is written twice, into the log and then
 * into the file by the checkpoint after the commit (for L's 1.1 GB, 4.7 of
 * the import's 44 s; now 0.3 s). There is nothing to read yet, so other
 * commands wait for the load (up to their --wait) instead of reading an
 * empty database. The switch needs the file to itself: with another
 * connection open the load stays in WAL. pm_store_import_end switches back,
 * and so does the next open if the load was killed.
 */
static void journal_first_load(struct pm_store *st)
{
	sqlite3_stmt *s = NULL;
	int empty = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT NOT EXISTS (SELECT 1 FROM people)"
			       " AND NOT EXISTS (SELECT 1 FROM links)", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		empty = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (empty && sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = DELETE", -1, &s,
					NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		st->journaled = !sqlite3_stricmp((const char *)sqlite3_column_text(s, 0),
						 "delete");
	sqlite3_finalize(s);
}

int pm_store_import_begin(struct pm_store *st, struct pm_error *err)
{
	int rc;

	/* a large import touches index pages at random: give SQLite 256 MB of cache */
	sqlite3_exec(st->db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);
	/*
	 * Every reference is resolved to an existing row by the import itself,
	 * so SQLite's foreign key checks (two lookups per link) are redundant
	 * here. The pragma only takes effect outside a transaction.
	 */
	sqlite3_exec(st->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	/*
	 * An import into a database with data stays in WAL mode: other
	 * commands keep reading the last committed state while it writes, and
	 * writers wait for it. Only a first load, with nothing to read, takes
	 * the file for itself.
	 */
	journal_first_load(st);
	st->importing = 1;
	if ((rc = pm_store_begin(st, err)) < 0 ||
	    (rc = pm_store_exec(st,
				"CREATE TEMP TABLE IF NOT EXISTS import_seen(t INTEGER, ident TEXT,"
				" file TEXT, line INTEGER, PRIMARY KEY (t, ident));"
				"CREATE TEMP TABLE IF NOT EXISTS import_rt(src TEXT, dst TEXT,"
				" file TEXT, line INTEGER);"
				"DELETE FROM temp.import_seen; DELETE FROM temp.import_rt;",
				err)) < 0) {
		pm_store_import_end(st, 0, NULL);
		return rc;
	}
	return 0;
}

int pm_store_import_end(struct pm_store *st, int commit, struct pm_error *err)
{
	int rc = 0;

	if (!st->importing)
		return 0;
	if (commit)
		rc = pm_store_commit(st, err);
	if (!commit || rc < 0)
		pm_store_rollback(st);
	/* pragmas are not rolled back: a failed bulk load must not leave CHECKs off */
	sqlite3_exec(st->db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
	sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (st->journaled) {
		struct pm_error ignored;
		/* best effort: the load is done; a file left in rollback mode is switched at its next open */
		pm_store_ensure_wal(st, &ignored);
		st->journaled = 0;
	}
	st->importing = 0;
	return rc;
}

int pm_store_import_seen(struct pm_store *st, enum pm_table_id t, const char *ident,
			 const char *file, size_t line, char *first_file, size_t size,
			 size_t *first_line, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (size)
		first_file[0] = '\0';
	*first_line = 0;
	if ((rc = pm_store_cached(st, &s, "INSERT INTO temp.import_seen VALUES (?1, ?2, ?3, ?4)",
				  err)) < 0)
		return rc;
	sqlite3_bind_int(s, 1, (int)t);
	sqlite3_bind_text(s, 2, ident, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)line);
	rc = sqlite3_step(s);
	pm_store_release(s);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_CONSTRAINT)
		return pm_store_dberr(st, "import bookkeeping failed", err);
	if ((rc = pm_store_cached(st, &s, "SELECT file, line FROM temp.import_seen"
				  " WHERE t = ?1 AND ident = ?2", err)) < 0)
		return rc;
	sqlite3_bind_int(s, 1, (int)t);
	sqlite3_bind_text(s, 2, ident, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (size)
			snprintf(first_file, size, "%s", (const char *)sqlite3_column_text(s, 0));
		*first_line = (size_t)sqlite3_column_int64(s, 1);
	}
	pm_store_release(s);
	return 0;
}

int pm_store_import_note_reports_to(struct pm_store *st, const char *src, const char *dst,
				    const char *file, size_t line, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_cached(st, &s, "INSERT INTO temp.import_rt VALUES (?1, ?2, ?3, ?4)",
				  err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, src, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, dst, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)line);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : pm_store_dberr(st, "import bookkeeping failed", err);
	pm_store_release(s);
	return rc;
}

int pm_store_import_origin(struct pm_store *st, enum pm_table_id t, int64_t a, int64_t b,
			   char *file, size_t size, size_t *line, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (size)
		file[0] = '\0';
	*line = 0;
	/* an org's parent is given on the org's own line */
	if ((rc = pm_store_cached(st, &s, t == PM_T_ORGS
				  ? "SELECT file, line FROM temp.import_seen s JOIN orgs o"
				    " ON o.key = s.ident WHERE s.t = 0 AND o.id = ?1"
				    " AND ?2 IS NOT NULL"
				  : "SELECT file, line FROM temp.import_rt r"
				    " JOIN people a ON a.key = r.src JOIN people b ON b.key = r.dst"
				    " WHERE a.id = ?1 AND b.id = ?2", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (size)
			snprintf(file, size, "%s", (const char *)sqlite3_column_text(s, 0));
		*line = (size_t)sqlite3_column_int64(s, 1);
		rc = 1;
	} else {
		rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "import bookkeeping failed", err);
	}
	pm_store_release(s);
	return rc;
}

int pm_store_people_keys(struct pm_store *st, pm_key_fn fn, void *ctx, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, "SELECT key, id FROM people", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn((const char *)sqlite3_column_text(s, 0),
			     sqlite3_column_int64(s, 1), ctx)) != 0)
			goto out;
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read people", err);
out:
	sqlite3_finalize(s);
	return rc;
}

int pm_store_key_of(struct pm_store *st, enum pm_table_id t, int64_t id, char *buf,
		    size_t size, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (size)
		buf[0] = '\0';
	if (t != PM_T_ORGS && t != PM_T_PEOPLE)
		return pm_error_set(err, PM_EINVAL, "%s have no keys by id", pm_tables[t].name);
	if ((rc = pm_store_cached(st, &s, t == PM_T_ORGS ? "SELECT key FROM orgs WHERE id = ?1"
				  : "SELECT key FROM people WHERE id = ?1", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (size)
			snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = pm_error_set(err, PM_ENOTFOUND, "no %s with id %lld", pm_msg(pm_tables[t].singular),
				  (long long)id);
	} else {
		rc = pm_store_dberr(st, "lookup failed", err);
	}
	pm_store_release(s);
	return rc;
}

int pm_store_hierarchy(struct pm_store *st, enum pm_table_id t, pm_edge_fn fn, void *ctx,
		       struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (t != PM_T_ORGS && t != PM_T_PEOPLE)
		return pm_error_set(err, PM_EINVAL, "%s have no hierarchy", pm_tables[t].name);
	if ((rc = pm_store_prepare(st, &s, t == PM_T_ORGS
				   ? "SELECT id, parent_id FROM orgs WHERE parent_id IS NOT NULL"
				   : "SELECT src, dst FROM links WHERE kind = 'reports_to'",
				   err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), ctx)) != 0)
			goto out;
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cycle check failed", err);
out:
	sqlite3_finalize(s);
	return rc;
}
