/*
 * powermap — the SQLite store (DESIGN §4).
 *
 * One file holds every account: orgs, people, links, interactions, deals,
 * actions, plan sections and the history of changes. Foreign keys are on, the
 * journal is WAL, the file is created with mode 0600, and the schema version
 * lives in PRAGMA user_version (a newer binary migrates an older file; an
 * older binary refuses a newer file).
 *
 * Records are passed as arrays of text values indexed by the columns of
 * their table descriptor (see table.h). A NULL value means "not given"
 * (keep what is stored, or use the default); an empty string clears.
 */
#ifndef POWERMAP_STORE_H
#define POWERMAP_STORE_H

#include <stdint.h>
#include "error.h"
#include "table.h"

#define PM_SCHEMA_VERSION 2

struct pm_store;
struct sqlite3;

/* Flags for pm_store_open. */
#define PM_STORE_CREATE 1u  /* create the file if it does not exist */
#define PM_STORE_EXCL   2u  /* with CREATE: fail with PM_EEXISTS if it exists */

/*
 * Open (or create) the database at `path`, migrating an older schema.
 * On success *out belongs to the caller (pm_store_close). Errors: PM_ENOTFOUND
 * (no file and no CREATE), PM_EEXISTS, PM_EVERSION (file is newer), PM_EDB
 * (not a powermap database, or SQLite failure), PM_EIO.
 */
int pm_store_open(struct pm_store **out, const char *path, unsigned flags,
		  struct pm_error *err);

/* Close the store. Accepts NULL. An open transaction is rolled back. */
void pm_store_close(struct pm_store *st);

/* The underlying connection, borrowed; for library modules (graph, io). */
struct sqlite3 *pm_store_sqlite(struct pm_store *st);

/* Schema version of the open file (after migration). */
int pm_store_schema_version(struct pm_store *st);

/* Transactions: begin (IMMEDIATE), commit, rollback. */
int pm_store_begin(struct pm_store *st, struct pm_error *err);
int pm_store_commit(struct pm_store *st, struct pm_error *err);
void pm_store_rollback(struct pm_store *st);

/*
 * Set the command line recorded with each history entry (copied).
 * Also reads POWERMAP_NOW (ISO timestamp) once, to fix the clock in tests.
 */
int pm_store_set_command(struct pm_store *st, const char *command);

/* The timestamp written into history, "YYYY-MM-DDTHH:MM:SSZ" (borrowed). */
const char *pm_store_now(struct pm_store *st);

/*
 * Resolve a person or org given by key or by unique exact name.
 * Writes its row id into *id and, if key_out is not NULL, a copy of its key
 * (caller frees with free()). PM_ENOTFOUND when nothing matches;
 * PM_EAMBIGUOUS when several people share the name (the message lists their
 * keys).
 */
int pm_store_person_resolve(struct pm_store *st, const char *name,
			    int64_t *id, char **key_out, struct pm_error *err);
int pm_store_org_resolve(struct pm_store *st, const char *name,
			 int64_t *id, char **key_out, struct pm_error *err);

/* How pm_store_put treats an existing record with the same identity. */
enum pm_put_mode {
	PM_PUT_UPSERT,       /* insert, or update the given columns */
	PM_PUT_INSERT_ONLY,  /* PM_EEXISTS if it exists */
	PM_PUT_UPDATE_ONLY   /* PM_ENOTFOUND if it does not exist */
};

/*
 * Insert or update one record of table `t`. vals[i] is the text of column i
 * of pm_tables[t] (NULL: not given). Values must already pass
 * pm_value_check; references (org, person keys) are resolved here. On
 * success *created (if not NULL) says whether a new record was made.
 * Changes of a person's stance, role or power and added links are written to
 * history. Errors: PM_ENOTFOUND (unknown reference, message names it and
 * *bad_col is its column), PM_EEXISTS, PM_EINVAL, PM_EDB.
 */
int pm_store_put(struct pm_store *st, enum pm_table_id t,
		 const char *const *vals, enum pm_put_mode mode, int *created,
		 int *bad_col, struct pm_error *err);

/*
 * Insert a new record of table t whose references are already resolved:
 * refs[i] is the row id for reference column i (other entries unused). The
 * values must pass pm_value_check and the record must not exist yet: there
 * is no identity lookup and no history row. For bulk loads, whose caller
 * checks duplicates and writes one history row per file. *rowid (if not
 * NULL) gets the new row id. PM_EDB on failure.
 */
int pm_store_insert_resolved(struct pm_store *st, enum pm_table_id t,
			     const char *const *vals, const int64_t *refs,
			     int64_t *rowid, struct pm_error *err);

/*
 * Bulk loading of table t inside a transaction: pm_store_bulk_begin drops
 * the table's secondary indexes that the load does not need (the identity
 * index stays) and stops SQLite re-checking the CHECK constraints of rows
 * (the caller has checked every value); pm_store_bulk_end rebuilds the
 * indexes and turns the checks back on. A rollback restores the indexes.
 */
int pm_store_bulk_begin(struct pm_store *st, enum pm_table_id t, struct pm_error *err);
int pm_store_bulk_end(struct pm_store *st, enum pm_table_id t, struct pm_error *err);

/* 1 if table t has no rows, 0 if it has some, or a negative error. */
int pm_store_table_empty(struct pm_store *st, enum pm_table_id t, struct pm_error *err);

/*
 * Remove a person (by key or unique name; its links go too, each recorded in
 * history) or the links between two people (optionally of one kind and/or
 * source). *removed gets the number of records removed.
 */
int pm_store_person_remove(struct pm_store *st, const char *who,
			   struct pm_error *err);
int pm_store_link_remove(struct pm_store *st, const char *from,
			 const char *to, const char *kind, const char *source,
			 int *removed, struct pm_error *err);

/* Which records pm_store_select visits; NULL members do not filter. */
struct pm_filter {
	const char *org;     /* key or unique name: that org and its child orgs */
	const char *person;  /* key or unique name: records involving that person */
};

/*
 * Visit every record of table `t` that passes `filter` (may be NULL), in
 * canonical, deterministic order, as text in column order (NULL for no
 * value). An unknown org or person in the filter is PM_ENOTFOUND. The
 * callback's non-zero return stops the walk and is returned.
 */
typedef int (*pm_row_fn)(const char *const *vals, size_t n, void *ctx);
int pm_store_select(struct pm_store *st, enum pm_table_id t,
		    const struct pm_filter *filter, pm_row_fn fn, void *ctx,
		    struct pm_error *err);

/* A history entry, as visited by pm_store_history. */
struct pm_history_entry {
	const char *at, *command, *entity, *subject, *action, *field,
		*old_value, *new_value;
};

/*
 * Append a history entry (uses the store's command and clock).
 * entity: "person" | "link" | "org"; action: "add" | "set" | "remove".
 */
int pm_store_history_add(struct pm_store *st, const char *entity,
			 const char *subject, const char *action,
			 const char *field, const char *old_value,
			 const char *new_value, struct pm_error *err);

/*
 * Visit history entries at or after `since` (date or timestamp; NULL: all),
 * oldest first; with limit > 0 only the newest `limit` of them.
 */
typedef int (*pm_history_fn)(const struct pm_history_entry *e, void *ctx);
int pm_store_history(struct pm_store *st, const char *since, long limit,
		     pm_history_fn fn, void *ctx, struct pm_error *err);

#endif
