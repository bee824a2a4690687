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
#include "model.h"
#include "table.h"

#define PM_SCHEMA_VERSION 12

struct pm_store;

/* Flags for pm_store_open. */
#define PM_STORE_CREATE 1u  /* create the file if it does not exist */
#define PM_STORE_EXCL   2u  /* with CREATE: fail with PM_EEXISTS if it exists */

/*
 * Open (or create) the database at `path`, migrating an older schema.
 * On success *out belongs to the caller (pm_store_close). Errors: PM_ENOTFOUND
 * (no file and no CREATE), PM_EEXISTS, PM_EVERSION (file is newer), PM_EDB
 * (not a powermap database, or SQLite failure), PM_EIO.
 */
int pm_store_open(const char *path, unsigned flags, struct pm_store **out,
		  struct pm_error *err);

/* How long a command waits for another's write to finish, by default (ms). */
#define PM_STORE_WAIT_MS 60000

/*
 * pm_store_open, waiting up to `wait_ms` for another connection's write lock
 * (an import holds it for its whole run) whenever this connection needs it:
 * while opening, at every write. Reads never wait: they see the last
 * committed state. When the wait runs out: PM_EBUSY, saying so.
 */
int pm_store_open_wait(const char *path, unsigned flags, int wait_ms,
		       struct pm_store **out, struct pm_error *err);

/* Close the store. Accepts NULL. An open transaction is rolled back. */
void pm_store_close(struct pm_store *st);

/* Version of the SQLite library the store runs on ("3.40.1"), static. */
const char *pm_store_engine_version(void);

/* Schema version of the open file (after migration). */
int pm_store_schema_version(struct pm_store *st);

/*
 * Show people's role, stance and power as they stood at the end of day
 * `as_of` (YYYY-MM-DD, UTC): every later change of them in the history is
 * undone in what the people readers return (pm_store_account_people and
 * the other PERSON rows, pm_store_people_all); the file is not changed.
 * People, ties and every other field stay as they are now. NULL or "":
 * as they are now (the default). 0, or an error.
 */
int pm_store_people_as_of(struct pm_store *st, const char *as_of, struct pm_error *err);

/* Transactions: begin (IMMEDIATE), commit, rollback. */
int pm_store_begin(struct pm_store *st, struct pm_error *err);
int pm_store_commit(struct pm_store *st, struct pm_error *err);
void pm_store_rollback(struct pm_store *st);

/*
 * Set the command line recorded with each history entry (copied; NULL: none).
 * PM_ENOMEM when the copy fails (the old command stays).
 */
int pm_store_set_command(struct pm_store *st, const char *command);

/*
 * Fix the time written into history to `now` ("YYYY-MM-DDTHH:MM:SSZ",
 * copied); NULL goes back to the system clock, read at each call of
 * pm_store_set_clock(st, NULL) and when the store is opened. The library
 * reads no environment: a caller that wants a fixed clock (tests) says so.
 */
void pm_store_set_clock(struct pm_store *st, const char *now);

/* The timestamp written into history, "YYYY-MM-DDTHH:MM:SSZ" (borrowed). */
const char *pm_store_now(struct pm_store *st);

/*
 * Resolve a person or org given by key, by unique exact name, or else by
 * unique name as people type it (names.h: 山田　太郎 finds 山田 太郎,
 * 関東精機(株) finds 関東精機株式会社).
 * Writes its row id into *id and, if key_out is not NULL, a copy of its key
 * (caller frees with free()). PM_ENOTFOUND when nothing matches;
 * PM_EAMBIGUOUS when several people share the name (the message lists their
 * keys).
 */
int pm_store_person_resolve(struct pm_store *st, const char *name,
			    int64_t *id, char **key_out, struct pm_error *err);
int pm_store_org_resolve(struct pm_store *st, const char *name,
			 int64_t *id, char **key_out, struct pm_error *err);

/*
 * A meeting, call or reply on `day` (YYYY-MM-DD) between our person `owner`
 * and person `who` (keys) refreshes their tie: every `knows` link between
 * them gets last_contact = day when it is later; without any, a new `knows`
 * link of source `history` (no strength) is made. Recorded in the history.
 * *changed: the links written (0 when all were as recent already).
 * Returns 1 when it made the new link, 0 otherwise, or a negative error.
 */
int pm_store_touch_tie(struct pm_store *st, const char *owner, const char *who,
		       const char *day, int *changed, struct pm_error *err);

/*
 * The other way, after an interaction between our `owner` and `who` (keys)
 * was changed or removed: when no interaction of owner's with who is left,
 * the `knows` links between them of source `history` — made by interactions
 * alone — are removed, recorded in the history. *removed: how many.
 */
int pm_store_untouch_tie(struct pm_store *st, const char *owner, const char *who,
			 int *removed, struct pm_error *err);

/*
 * Remove the org, deal or plan section named by vals (identity columns as in
 * pm_store_put: an org's or deal's key; a plan section's account and
 * section), recorded in the history. An org is removed only when nothing
 * refers to it (people, child orgs, deals, plan sections): PM_EINVAL says
 * what does. PM_ENOTFOUND when there is no such record.
 */
int pm_store_remove(struct pm_store *st, enum pm_table_id t, const char *const *vals,
		    struct pm_error *err);

/*
 * Remove the action or interaction with row id `id` (#ID), recorded in the
 * history. PM_ENOTFOUND when there is none; PM_EINVAL for other tables.
 */
int pm_store_remove_id(struct pm_store *st, enum pm_table_id t, int64_t id,
		       struct pm_error *err);

/*
 * Change the action or interaction with row id `id` (what `list actions`
 * shows as #ID): vals[i] as in pm_store_put (NULL keeps the stored value;
 * identity columns may change too). Changed fields go to history.
 * PM_ENOTFOUND when there is no such record; PM_EINVAL for other tables.
 */
int pm_store_put_id(struct pm_store *st, enum pm_table_id t, int64_t id,
		    const char *const *vals, struct pm_error *err);

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
 * success *created (if not NULL) is 1 when a new record was made, 0 when a
 * stored one changed, -1 when the stored one already held these values
 * (nothing is written then).
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
 * pm_store_insert_resolved for n records: record r's values are
 * vals[r * PM_TABLE_MAXCOLS + i] and its references refs[r * PM_TABLE_MAXCOLS
 * + i]. Written by statements of many records each (a bulk load of ten
 * million ties spends a third less in SQLite than row by row), so a failure
 * may leave some of the n written: for bulk loads, whose caller rolls the
 * transaction back on any error. The text must stay valid until the call
 * returns. *last_rowid (if not NULL): the row id of the last record. The
 * records get consecutive row ids from pm_store_next_rowid's on (SQLite
 * gives a new row the largest row id + 1). PM_EDB, PM_ENOMEM.
 */
int pm_store_insert_resolved_rows(struct pm_store *st, enum pm_table_id t,
				  const char *const *vals, const int64_t *refs, size_t n,
				  int64_t *last_rowid, struct pm_error *err);

/* The row id the next record inserted into table t gets (*id). PM_EDB. */
int pm_store_next_rowid(struct pm_store *st, enum pm_table_id t, int64_t *id,
			struct pm_error *err);

/*
 * Insert a record of table t that the caller knows is not stored (it read
 * the stored identities): pm_store_put without the identity lookup — the
 * same checks, defaults and history row. refs[i]: the row id of org or
 * person column i (0: none given). PM_EINVAL, PM_EDB.
 */
int pm_store_put_new(struct pm_store *st, enum pm_table_id t, const char *const *vals,
		     const int64_t *refs, struct pm_error *err);

/*
 * pm_store_put_new for n records at once: vals and refs hold n rows of
 * PM_TABLE_MAXCOLS, as pm_store_put_new takes one. Each record is checked
 * as pm_store_put_new checks it; one that fails is not written, and
 * refused(i, why, ctx) is called for it, in order (a negative return stops
 * and is returned, err untouched). The others are written many to a statement
 * (pm_store_insert_resolved_rows), each with its history row, in order.
 * PM_EDB, PM_ENOMEM: some may have been written; the caller rolls back.
 */
typedef int (*pm_refused_fn)(size_t i, const char *why, void *ctx);
int pm_store_put_new_many(struct pm_store *st, enum pm_table_id t, const char *const *vals,
			  const int64_t *refs, size_t n, pm_refused_fn refused, void *ctx,
			  struct pm_error *err);

/*
 * Bulk loading of table t inside a transaction: pm_store_bulk_begin drops
 * the table's secondary indexes that the load does not need (the identity
 * index stays) and stops SQLite re-checking the CHECK constraints of rows
 * (the caller has checked every value); for links it also drops the links
 * digest (pm_store_links_all) and its per-row insert trigger.
 * pm_store_bulk_end rebuilds the indexes, puts the trigger back and turns
 * the checks back on. A rollback restores all of them.
 */
int pm_store_bulk_begin(struct pm_store *st, enum pm_table_id t, struct pm_error *err);
int pm_store_bulk_end(struct pm_store *st, enum pm_table_id t, struct pm_error *err);

/* 1 if table t has no rows, 0 if it has some, or a negative error. */
int pm_store_table_empty(struct pm_store *st, enum pm_table_id t, struct pm_error *err);

/*
 * Remove a person (by key or unique name; its links go too, each recorded in
 * history). PM_ENOTFOUND, PM_EAMBIGUOUS, PM_EDB.
 */
int pm_store_person_remove(struct pm_store *st, const char *who,
			   struct pm_error *err);

/*
 * Remove the links between two people (optionally of one kind and/or
 * source), each recorded in history. *removed gets the number of links
 * removed; PM_ENOTFOUND when there was none.
 */
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

/*
 * pm_store_select, each record with its row id: the #ID by which set and
 * rm name actions and interactions.
 */
typedef int (*pm_id_row_fn)(int64_t id, const char *const *vals, size_t n, void *ctx);
int pm_store_select_ids(struct pm_store *st, enum pm_table_id t,
			const struct pm_filter *filter, pm_id_row_fn fn, void *ctx,
			struct pm_error *err);

/*
 * Visit the action or interaction with row id `id` as pm_store_select gives
 * records. PM_ENOTFOUND when there is none; PM_EINVAL for other tables.
 */
int pm_store_select_id(struct pm_store *st, enum pm_table_id t, int64_t id, pm_row_fn fn,
		       void *ctx, struct pm_error *err);

/*
 * Every record of table t as pm_store_select gives them, but in no
 * particular order (the table's own): a whole large table without a sort.
 */
int pm_store_select_all(struct pm_store *st, enum pm_table_id t, pm_row_fn fn, void *ctx,
			struct pm_error *err);

/* The number of records of table t into *n. */
int pm_store_count(struct pm_store *st, enum pm_table_id t, int64_t *n, struct pm_error *err);

/* A history entry, as visited by pm_store_history. */
struct pm_history_entry {
	const char *at, *command, *entity, *subject, *action, *field,
		*old_value, *new_value;
};

/*
 * Append a history entry (uses the store's command and clock).
 * entity: "person" | "link" | "org"; action: "add" | "set" | "remove" | "merge" | "unmerge".
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

/* ---- named queries: what the other layers ask the store ---------------- */

/*
 * A person as the analyses read it. Every string is borrowed and valid only
 * during the callback; NULL when the value is not set.
 */
struct pm_person_row {
	int64_t id;
	const char *key, *name, *title, *department, *role, *stance, *email, *url;
	const char *org_key, *org_name, *org_kind;  /* NULL: no org */
	int power;                                   /* declared 1..5, or 0 */
};
typedef int (*pm_person_fn)(const struct pm_person_row *r, void *ctx);

/*
 * Visit the people of org `org_id` and its child orgs, ordered by key. The
 * callback's non-zero return stops the walk and is returned.
 */
int pm_store_account_people(struct pm_store *st, int64_t org_id, pm_person_fn fn,
			    void *ctx, struct pm_error *err);

/* Visit the person with row id `id`; PM_ENOTFOUND when there is none. */
int pm_store_person_get(struct pm_store *st, int64_t id, pm_person_fn fn, void *ctx,
			struct pm_error *err);

/*
 * The name of org `id` into *name (caller frees with free()); PM_ENOTFOUND
 * when there is no such org.
 */
int pm_store_org_name(struct pm_store *st, int64_t id, char **name, struct pm_error *err);

/*
 * A stored link. Strings are borrowed, valid until the next row; NULL when
 * not set. For a person's links (pm_store_link_cursor), `src` is that person
 * and `dst` the other end, whichever way the link is stored; `stored_dir`
 * says whether it is stored src -> dst (1) or the other way (0).
 */
struct pm_link_row {
	int64_t id, src, dst;
	enum pm_link_kind kind;
	int has_strength;          /* 0: no strength was given */
	double strength;
	const char *last_contact;  /* YYYY-MM-DD */
	const char *source;
	int stored_dir;
	const char *other_kind;    /* link cursor with kinds: the org kind of dst ("own" ...) */
};
typedef int (*pm_link_fn)(const struct pm_link_row *r, void *ctx);

/*
 * Visit every link whose two ends are both among the people ids[0..n),
 * ordered by link id. Reads the links of those people by index, never the
 * whole table. The callback's non-zero return stops the walk.
 */
int pm_store_links_among(struct pm_store *st, const int64_t *ids, size_t n,
			 pm_link_fn fn, void *ctx, struct pm_error *err);

/* Visit the link with row id `id`; PM_ENOTFOUND when there is none. */
int pm_store_link_get(struct pm_store *st, int64_t id, pm_link_fn fn, void *ctx,
		      struct pm_error *err);

/*
 * A cursor over the links of one person at a time, in both directions, for
 * searches that read the network person by person. `kinds` is a mask of
 * PM_LINK_BIT()s. The cursor has a statement of its own, so a search may
 * call any other store function between rows. Close with
 * pm_store_link_cursor_close (accepts NULL).
 */
struct pm_link_cursor;
int pm_store_link_cursor_open(struct pm_store *st, unsigned kinds,
			      struct pm_link_cursor **out, struct pm_error *err);
/*
 * Whether rows carry other_kind, the org kind of the other end (two more
 * index lookups per row; off when opened). Seek again after switching.
 */
int pm_store_link_cursor_kinds(struct pm_link_cursor *c, int on, struct pm_error *err);
/* Start reading the links of person `id`. */
int pm_store_link_cursor_seek(struct pm_link_cursor *c, int64_t id, struct pm_error *err);
/* The next link into *row (other_kind set when kinds are on): 1, or 0 at the end, or PM_EDB. */
int pm_store_link_cursor_next(struct pm_link_cursor *c, struct pm_link_row *row,
			      struct pm_error *err);
void pm_store_link_cursor_close(struct pm_link_cursor *c);

/*
 * For each person of org `org_id` and its child orgs with a `knows` link to
 * anyone on our side (orgs own, partner, investor, bank) that has a
 * last_contact: fn(person id, the latest of them), by person id. One query
 * for the account (it was one per person: risks of L's 5,000-person account
 * 0.41 -> 0.34 s). Non-zero from fn stops and is returned.
 */
typedef int (*pm_last_contact_fn)(int64_t person_id, const char *last_contact, void *ctx);
int pm_store_account_last_contacts(struct pm_store *st, int64_t org_id, pm_last_contact_fn fn,
				   void *ctx, struct pm_error *err);

/*
 * Other people with the same normalized name (names.h) in the same org as
 * person `key` (none without an org), as "NAME (KEY)" joined by ", " into
 * buf. Returns how many (up to 3), or a negative error.
 */
int pm_store_person_namesakes(struct pm_store *st, const char *key, char *buf, size_t size,
			      struct pm_error *err);

/* ---- the portfolio: the whole network, one pass per table ------------- */

/*
 * Read everything that follows from one snapshot of the database (a read
 * transaction: others may write meanwhile, this connection sees none of it)
 * until pm_store_read_end. No-op inside a write transaction.
 */
int pm_store_read_begin(struct pm_store *st, struct pm_error *err);
void pm_store_read_end(struct pm_store *st);

/*
 * A second connection to st's database, for reading on another thread (a
 * connection serves one thread at a time). On success st and *reader are
 * both in read transactions (pm_store_read_begin) on the same snapshot: no
 * commit came between the two (PRAGMA data_version, tried a few times;
 * PM_EBUSY when the database kept changing). st must be outside any
 * transaction and without people as of a past date (pm_store_people_as_of),
 * else PM_EINVAL. Until pm_store_reader_close, st and the reader read pages
 * by copying them (two threads faulting pages of one memory map in took
 * turns) and the reader only reads.
 */
int pm_store_reader_open(struct pm_store *st, struct pm_store **reader, struct pm_error *err);

/* Close the reader, end st's read transaction and give st its memory map back. */
void pm_store_reader_close(struct pm_store *st, struct pm_store *reader);

/* An org as the portfolio reads it; strings borrowed for the callback (NULL: not set). */
struct pm_org_brief {
	int64_t id, parent_id;        /* parent_id 0: none */
	const char *key, *name, *kind, *industry, *currency, *region;
	double employees, revenue;    /* -1: not known */
	int plan_sections;            /* account-plan sections with text */
};
typedef int (*pm_org_brief_fn)(const struct pm_org_brief *r, void *ctx);

/* Visit every org by row id. The callback's non-zero return stops the walk. */
int pm_store_orgs_all(struct pm_store *st, pm_org_brief_fn fn, void *ctx, struct pm_error *err);

/* A person as the portfolio reads it (org_id 0: none; role, stance may be NULL). */
struct pm_person_brief {
	int64_t id, org_id;
	const char *key, *role, *stance, *title;
	int power;                    /* declared 1..5, or 0 */
};
typedef int (*pm_person_brief_fn)(const struct pm_person_brief *r, void *ctx);

/* Visit every person by row id. */
int pm_store_people_all(struct pm_store *st, pm_person_brief_fn fn, void *ctx,
			struct pm_error *err);

/*
 * Visit every link in the table's own order (no sort): id, src, dst, kind,
 * strength and last_contact are set (source NULL, stored_dir 1). Served from
 * the links digest with the links changed since it was built read from the
 * table (the same rows in the same order); the digest is (re)built by such
 * a read of a table of PM_DIGEST_MIN_TIES or more links when there is none
 * or over 1% of the links changed since, if the file can be written without
 * waiting. A digest found damaged is dropped and the read fails with PM_EDB;
 * the next read rebuilds it.
 */
#define PM_DIGEST_MIN_TIES 100000

/*
 * Say that about n links are to be written in the current transaction:
 * when that is over 1% of the links digest, the digest is dropped now (the
 * next full read builds a new one) instead of noting every row written.
 * 0, or PM_EDB / PM_EBUSY.
 */
int pm_store_links_coming(struct pm_store *st, size_t n, struct pm_error *err);
int pm_store_links_all(struct pm_store *st, pm_link_fn fn, void *ctx, struct pm_error *err);

/* An interaction as the portfolio reads it (direction may be NULL). */
struct pm_touch_row {
	int64_t person_id;
	const char *at, *channel, *direction;
};
typedef int (*pm_touch_fn)(const struct pm_touch_row *r, void *ctx);

/* Visit every interaction on or before day `until` (YYYY-MM-DD), by person and time. */
int pm_store_interactions_all(struct pm_store *st, const char *until, pm_touch_fn fn,
			      void *ctx, struct pm_error *err);

/*
 * The portfolio's cache of account power (schema 9): per account, a content
 * fingerprint and the caller's text. Read every row (strings borrowed for
 * the callback); write rows (replacing an account's) in one transaction
 * without waiting for another writer: 1 when the database was busy or
 * read-only and nothing was written (a cache may stay cold), 0 when written.
 */
typedef int (*pm_power_cache_fn)(int64_t account_id, const char *fingerprint,
				 const char *data, void *ctx);
int pm_store_power_cache_read(struct pm_store *st, pm_power_cache_fn fn, void *ctx,
			      struct pm_error *err);
struct pm_power_cache_row {
	int64_t account_id;
	const char *fingerprint, *data;
};
int pm_store_power_cache_write(struct pm_store *st, const struct pm_power_cache_row *rows,
			       size_t n, struct pm_error *err);

/*
 * Review marks (schema 7): record `snapshot` (JSON text) for org `org_id`
 * at the store's clock; and read the latest mark at or before `before`
 * (a date or timestamp; NULL: the latest of all) into *snapshot (caller
 * frees; NULL when there is none) and at[24].
 */
int pm_store_review_mark(struct pm_store *st, int64_t org_id, const char *snapshot,
			 struct pm_error *err);
int pm_store_review_last(struct pm_store *st, int64_t org_id, const char *before,
			 char **snapshot, char at[24], struct pm_error *err);

/* An action with its row id, as visited by pm_store_actions. */
struct pm_action_row {
	int64_t id;                /* the action's id (what `action done ID` names) */
	int64_t target_id;
	const char *target_key, *target_name;
	int64_t owner_id;          /* 0 when none */
	const char *owner_key, *owner_name;   /* NULL when none */
	const char *via_key, *via_name;       /* NULL when none */
	const char *due;           /* YYYY-MM-DD or NULL */
	const char *channel, *status, *notes;
};
typedef int (*pm_action_fn)(const struct pm_action_row *r, void *ctx);

/*
 * Visit the actions on the people of org `org_id` and its child orgs (0: of
 * every org and of people without one), only the open ones (planned or
 * in_progress) when `open_only`, by target, then due date (none last), then
 * id. The callback's non-zero return stops the walk.
 */
int pm_store_actions(struct pm_store *st, int64_t org_id, int open_only, pm_action_fn fn,
		     void *ctx, struct pm_error *err);

/*
 * Visit, by key, the row ids of the people on our side who have a `knows`
 * link with someone of org `org_id` or its child orgs: of those who know
 * one account person, the `per_person` with the strongest ties (0: all).
 * Reads the links of the account's people by index, never the whole table.
 */
typedef int (*pm_id_fn)(int64_t id, void *ctx);
int pm_store_account_ours(struct pm_store *st, int64_t org_id, size_t per_person, pm_id_fn fn,
			  void *ctx,
			  struct pm_error *err);

/*
 * The same ties, one row each: our person `our_id` (key `our_key`, borrowed
 * for the callback) knows account person `person_id` with `strength` (0.5
 * when none was given), by our key.
 */
typedef int (*pm_ours_tie_fn)(int64_t our_id, int64_t person_id, double strength,
			      const char *our_key, void *ctx);
int pm_store_account_ours_ties(struct pm_store *st, int64_t org_id, size_t per_person,
			       pm_ours_tie_fn fn, void *ctx, struct pm_error *err);

/* ---- matching records from other sources to stored ones ---------------- */

/* What is known of a person seen in an export; NULL members are unknown. */
struct pm_person_match {
	const char *url;     /* profile URL: the strongest evidence */
	const char *email;   /* compared case-insensitively */
	const char *name;    /* compared by its key (names.h) ... */
	int64_t org_id;      /* ... within this org (0: the name must be unique) */
};

/*
 * Find the stored person an export's row is about: by url, else by email,
 * else by name within the org. 1 with *id, *key (caller frees) and *how
 * ("url", "email" or "name"; static) filled, 0 when nobody matches.
 */
int pm_store_person_match(struct pm_store *st, const struct pm_person_match *m,
			  int64_t *id, char **key, const char **how, struct pm_error *err);

/*
 * Find the stored org of a company name: by exact name, else by the name's
 * key (names.h: 関東精機(株) is 関東精機株式会社); the first by key when
 * several match. 1 with *id and *key (caller frees), 0 when none.
 */
int pm_store_org_match(struct pm_store *st, const char *name, int64_t *id, char **key,
		       struct pm_error *err);

/*
 * Visit each email domain (lower case) an org is known by, with that org's
 * row id and whether it is on our side: first the domains orgs declare
 * (orgs.domains, separated by spaces, commas or semicolons; a leading '@'
 * is dropped), then those of the stored people whose org is known, where a
 * domain shared by several orgs (a mail provider) is left out. A domain
 * may be visited twice; the first visit is the one to believe.
 */
typedef int (*pm_domain_fn)(const char *domain, int64_t org_id, const char *org_key,
			    int ours, void *ctx);
int pm_store_email_domains(struct pm_store *st, pm_domain_fn fn, void *ctx,
			   struct pm_error *err);

/* 1 when a record of table t (orgs, people or deals) has key `key`, else 0. */
int pm_store_key_exists(struct pm_store *st, enum pm_table_id t, const char *key,
			struct pm_error *err);

/* ---- duplicates the importers did not merge ---------------------------- */

struct pm_duplicate {
	char *keep, *other;        /* person keys: the older record first */
	const char *evidence;      /* "the same email", "the same name in the same org",
				      "the same name, one without an org" (static) */
};

/*
 * Pairs of people who are likely one human, strongest evidence first per
 * pair, by key. *out is the caller's (pm_duplicates_free).
 */
int pm_store_duplicates(struct pm_store *st, struct pm_duplicate **out, size_t *n,
			struct pm_error *err);
void pm_duplicates_free(struct pm_duplicate *d, size_t n);

/*
 * Merge person `other` into `keep` (keys or names), in one transaction:
 * the fields keep lacks come from other; other's ties, interactions,
 * actions and person history rows move to keep (a tie both had stays once; a tie between the two
 * goes); other is removed; history gets a "merge" row (field "merged", old
 * value other's key). PM_EINVAL when both name the same person. Inside a
 * transaction the caller began, it joins it (the caller commits).
 */
int pm_store_person_merge(struct pm_store *st, const char *keep, const char *other,
			  struct pm_error *err);

/*
 * Undo the latest merge that removed person key `other`: other comes back
 * with its fields, ties, interactions and actions; the kept person's fields
 * are as they were before the merge (changes made to them since are lost).
 * *kept (may be NULL; caller frees) is the kept person's key. History gets
 * an "unmerge" row. PM_ENOTFOUND when no merge of `other` is left to undo,
 * PM_EEXISTS when a person with that key exists again.
 */
int pm_store_person_unmerge(struct pm_store *st, const char *other, char **kept,
			    struct pm_error *err);

/* ---- the interaction history, for tie strength ------------------------- */

/* One interaction between one of us (owner) and a person. Strings borrowed. */
struct pm_contact_row {
	int64_t owner, person;
	const char *day;           /* YYYY-MM-DD */
	const char *channel;
	const char *direction;     /* NULL when not recorded */
};
typedef int (*pm_contact_fn)(const struct pm_contact_row *r, void *ctx);

/*
 * Visit the interactions that have an owner, on days from `since` to
 * `until` (YYYY-MM-DD, both included), ordered by owner, person and day.
 */
int pm_store_contacts(struct pm_store *st, const char *since, const char *until,
		      pm_contact_fn fn, void *ctx, struct pm_error *err);

/* ---- config: analysis parameters kept in the database ------------------ */

/* Visit every config entry (name, value as text), ordered by name. */
typedef int (*pm_config_fn)(const char *name, const char *value, void *ctx);
int pm_store_config_each(struct pm_store *st, pm_config_fn fn, void *ctx,
			 struct pm_error *err);

/*
 * Set config entry `name` to `value`, or remove it when value is NULL; the
 * change is written to history (entity "config"). The caller checks the
 * value. PM_EDB on failure.
 */
int pm_store_config_set(struct pm_store *st, const char *name, const char *value,
			struct pm_error *err);

/* ---- import support: what io/import asks of the store ------------------ */

/*
 * Begin an import: one transaction for all its records, with the connection
 * set for a large load (a big page cache, a rollback journal instead of WAL,
 * no foreign-key re-checks since the import resolves every reference), and
 * empty bookkeeping of where each identity was seen. End it with
 * pm_store_import_end, which commits (commit 1) or rolls back and restores
 * the connection's settings; a failed commit rolls back too.
 */
int pm_store_import_begin(struct pm_store *st, struct pm_error *err);
int pm_store_import_end(struct pm_store *st, int commit, struct pm_error *err);

/*
 * Remember that the record of table t with identity text `ident` is given at
 * file:line. 1 when it is the first sighting; 0 when it was seen before, with
 * where (file copied into first_file[size], *first_line); <0 on failure.
 */
int pm_store_import_seen(struct pm_store *st, enum pm_table_id t, const char *ident,
			 const char *file, size_t line, char *first_file, size_t size,
			 size_t *first_line, struct pm_error *err);

/* Remember where a reports_to link src -> dst (keys) was given. */
int pm_store_import_note_reports_to(struct pm_store *st, const char *src, const char *dst,
				    const char *file, size_t line, struct pm_error *err);

/*
 * Where this import gave the hierarchy edge a -> b (row ids) of table t:
 * PM_T_ORGS (org a's parent b) or PM_T_PEOPLE (a reports to b). 1 with
 * file and *line filled, 0 when the import did not give it.
 */
int pm_store_import_origin(struct pm_store *st, enum pm_table_id t, int64_t a, int64_t b,
			   char *file, size_t size, size_t *line, struct pm_error *err);

/* Visit every person's key and row id, in no particular order. */
typedef int (*pm_key_fn)(const char *key, int64_t id, void *ctx);
int pm_store_people_keys(struct pm_store *st, pm_key_fn fn, void *ctx, struct pm_error *err);

/* The key of org or person `id` (t is PM_T_ORGS or PM_T_PEOPLE) into buf. */
int pm_store_key_of(struct pm_store *st, enum pm_table_id t, int64_t id, char *buf,
		    size_t size, struct pm_error *err);

/*
 * Visit the hierarchy edges of table t, child -> parent by row id: orgs and
 * their parents (PM_T_ORGS), or reports_to links (PM_T_PEOPLE).
 */
typedef int (*pm_edge_fn)(int64_t child, int64_t parent, void *ctx);
int pm_store_hierarchy(struct pm_store *st, enum pm_table_id t, pm_edge_fn fn, void *ctx,
		       struct pm_error *err);

/* ---- operations: checking a database, copying a live one ---- */

struct pm_check_problem {
	char *what;         /* "cycles in reporting lines" */
	long long count;    /* rows (or cycles) with the problem */
	char *example;      /* the first of them ("'a' -> 'b'"), may be "" */
};

struct pm_check {
	struct pm_check_problem *problems;
	size_t n, cap;
	long long orgs, people, links;   /* what was checked */
};

/* How pm_store_check goes about it. */
struct pm_check_opts {
	/*
	 * SQLite's quick check instead of its integrity check: every page and
	 * row is read, but index entries are not matched with their rows
	 * (seconds instead of about a minute for a million people).
	 */
	int quick;
	/* Told each step as it starts ("SQLite's integrity check", "cycles" ...), or NULL. */
	void (*progress)(void *ctx, const char *step);
	void *progress_ctx;
};

/*
 * Check the whole database: SQLite's integrity check, rows pointing to
 * missing records, cycles in org parents and reporting lines, and values the
 * schema forbids (bulk loads run with CHECK constraints off). Fills *c (no
 * problems: c->n == 0); release with pm_check_release. Reads only. o may
 * be NULL: the full check, untold.
 */
int pm_store_check(struct pm_store *st, const struct pm_check_opts *o, struct pm_check *c,
		   struct pm_error *err);
void pm_check_release(struct pm_check *c);

/*
 * Copy the database as it is now (one committed state, while other commands
 * go on) to `file` with mode 0600, through a temporary file beside it that is
 * renamed over `file` when complete: a failed backup leaves `file` as it was.
 */
int pm_store_backup(struct pm_store *st, const char *file, struct pm_error *err);

#endif
