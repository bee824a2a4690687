/* powermap — store internals shared by the files of src/store. Not public. */
#ifndef POWERMAP_STORE_INTERNAL_H
#define POWERMAP_STORE_INTERNAL_H

#include <sqlite3.h>
#include "powermap/store.h"

#define PM_STMT_CACHE 32
#define PM_STORE_INSERT_ROWS 256   /* records per statement of a bulk insert */

struct pm_store {
	sqlite3 *db;
	struct {
		const char *sql;     /* the caller's SQL text (static or cached copy) */
		char *copy;          /* owned copy when the text was built at run time */
		sqlite3_stmt *stmt;
	} cache[PM_STMT_CACHE];
	int ncache;
	sqlite3_stmt *insert[PM_T_COUNT]; /* pm_store_insert_resolved, per table */
	sqlite3_stmt *insert_rows[PM_T_COUNT]; /* pm_store_insert_resolved_rows */
	size_t insert_rows_per[PM_T_COUNT];    /* records per insert_rows statement */
	char *path;
	char *command;
	char now[32];
	int version;
	int in_tx;
	int in_read;               /* a read transaction (pm_store_read_begin) */
	int importing;   /* between pm_store_import_begin and _end */
	int journaled;   /* an import into an empty file switched it to a rollback journal */
	int readonly;    /* opened read-only: no write permission */
	int wait_ms;     /* how long a command waits for another's write lock */
	struct pm_rewind *rewind;  /* people as of a past date (rewind.c), or NULL */
	long digest_min;           /* links for a digest (PM_DIGEST_MIN_TIES; tests lower it) */
	struct pm_digest_pending *digest;  /* encoded in a read, written after it */
};

/*
 * A links digest encoded by a read (links_digest.c): pm_store_digest_flush
 * writes it in a short write transaction of its own if no other connection
 * has written since that read, then forgets it; pm_store_digest_drop only
 * forgets it. Both accept a store with none.
 */
struct pm_digest_pending;
void pm_store_digest_flush(struct pm_store *st);
void pm_store_digest_drop(struct pm_store *st);

/* People as they stood at a past date (rewind.c). */
struct pm_rewind;
void pm_rewind_free(struct pm_rewind *r);

/*
 * A person's role, stance and power as they stood at the date of
 * pm_store_people_as_of: each pointer (may be NULL) is replaced by the
 * value before the first later change, if any. Strings stay the store's.
 */
void pm_rewind_person(const struct pm_store *st, const char *key, const char **role,
		      const char **stance, int *power);

/*
 * "Did you mean": up to five stored rows of table ("people" or "orgs") that
 * `name`, which matched nothing, may have meant — stored names containing it
 * (as people type it), keys it begins, else keys one or two typos away — as
 * "name (key), ..." into buf. Returns how many; 0 on none or any failure.
 */
int pm_store_suggest(struct pm_store *st, const char *table, const char *name, char *buf,
		     size_t size);

/* Prepare `sql` on st->db; on failure fill err and return PM_EDB. */
int pm_store_prepare(struct pm_store *st, sqlite3_stmt **out, const char *sql,
		     struct pm_error *err);

/*
 * A prepared statement for `sql` from the store's cache, reset and with no
 * bindings. Do not finalize it; call pm_store_release when done. Use it for
 * statements that are never stepped while another use of the same text is
 * in progress (the write path, lookups).
 */
int pm_store_cached(struct pm_store *st, sqlite3_stmt **out, const char *sql,
		    struct pm_error *err);

/* Reset a cached statement so that it holds no locks. Accepts NULL. */
void pm_store_release(sqlite3_stmt *s);

/*
 * The first column of the first row of `sql` into *out (0 when it returns
 * no row); on failure PM_EDB (or PM_EBUSY) prefixed by `what`.
 */
int pm_store_query_int64(struct pm_store *st, const char *sql, int64_t *out, const char *what,
			 struct pm_error *err);

/* Run `sql` (one or more statements); PM_EDB with SQLite's message. */
int pm_store_exec(struct pm_store *st, const char *sql, struct pm_error *err);

/* Register the SQL functions pm_person_key and pm_org_key on st's connection. */
int pm_store_register_functions(struct pm_store *st, struct pm_error *err);

/* Fill err from the connection's last error, prefixed by `what`. */
int pm_store_dberr(struct pm_store *st, const char *what, struct pm_error *err);

/*
 * Put the file in WAL mode (readers keep reading while one command writes)
 * unless it is already; retries while other connections hold it, up to the
 * store's wait. 0, or PM_EBUSY / PM_EDB in err.
 */
int pm_store_ensure_wal(struct pm_store *st, struct pm_error *err);

/* Bind text, or NULL when s is NULL or empty. */
int pm_bind_text_or_null(sqlite3_stmt *s, int i, const char *v);

#endif
