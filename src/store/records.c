/*
 * powermap — reading and writing records of every table (pm_store_put,
 * pm_store_select, removals). SQL text is constant; every value is bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/model.h"
#include "store_internal.h"

/*
 * Per table: the column list (as text, in descriptor order, with references
 * shown as keys), its FROM clause, the org filter, the canonical order, how
 * to find a record by identity, and how to insert and update one. Insert and
 * update bind column i to ?(i+1); update binds the row id to ?(ncols+1).
 */
struct table_sql {
	const char *cols;
	const char *from;
	const char *org_filter;
	const char *person_filter;
	const char *order;
	const char *id_col;
	const char *find;
	const char *insert;
	const char *update;
};

#define SUBORGS \
	"WITH RECURSIVE sub(id) AS (SELECT id FROM orgs WHERE key = ?1 " \
	"UNION SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id) "

static const struct table_sql sqls[PM_T_COUNT] = {
	[PM_T_ORGS] = {
		"o.key, o.name, o.kind, o.industry, p.key, o.notes, o.domains,"
		" o.employees, o.revenue, o.currency, o.region, o.website",
		"orgs o LEFT JOIN orgs p ON p.id = o.parent_id",
		"o.id IN sub", "0", "o.key", "o.id",
		"SELECT id FROM orgs WHERE key = ?1",
		"INSERT INTO orgs(key, name, kind, industry, parent_id, notes, domains,"
		" employees, revenue, currency, region, website, name_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, pm_org_key(?2))",
		"UPDATE orgs SET key = ?1, name = ?2, kind = ?3, industry = ?4,"
		" parent_id = ?5, notes = ?6, domains = ?7, employees = ?8, revenue = ?9,"
		" currency = ?10, region = ?11, website = ?12, name_key = pm_org_key(?2)"
		" WHERE id = ?13",
	},
	[PM_T_PEOPLE] = {
		"p.key, p.name, o.key, p.title, p.department, p.email, p.url,"
		" p.role, p.stance, p.power, p.notes",
		"people p LEFT JOIN orgs o ON o.id = p.org_id",
		"p.org_id IN sub", "p.id = ?2", "p.key", "p.id",
		"SELECT id FROM people WHERE key = ?1",
		"INSERT INTO people(key, name, org_id, title, department, email, url,"
		" role, stance, power, notes, name_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, pm_person_key(?2))",
		"UPDATE people SET key = ?1, name = ?2, org_id = ?3, title = ?4,"
		" department = ?5, email = ?6, url = ?7, role = ?8, stance = ?9,"
		" power = ?10, notes = ?11, name_key = pm_person_key(?2) WHERE id = ?12",
	},
	[PM_T_LINKS] = {
		"a.key, b.key, l.kind, l.strength, l.last_contact,"
		" nullif(l.source, ''), l.notes",
		"links l JOIN people a ON a.id = l.src JOIN people b ON b.id = l.dst",
		"(a.org_id IN sub OR b.org_id IN sub)", "(l.src = ?2 OR l.dst = ?2)",
		"a.key, b.key, l.kind, l.source", "l.id",
		"SELECT id FROM links WHERE src = ?1 AND dst = ?2 AND kind = ?3"
		" AND source = coalesce(?6, '') UNION ALL"
		" SELECT id FROM links WHERE ?3 = 'knows' AND kind = 'knows'"
		" AND src = ?2 AND dst = ?1 AND source = coalesce(?6, '')",
		/*
		 * OR FAIL: links has triggers (the digest's), and a statement
		 * that fires one and may abort keeps a statement journal — a
		 * copy of every page it changes (three 16 KiB pages a tie) made
		 * before it changes them. One record's constraints are checked
		 * before anything is written, so FAIL leaves no more behind than
		 * ABORT; a foreign key still aborts with its journal (ON
		 * CONFLICT does not apply to it). 300k new ties into M: 14.4 ->
		 * 8.7 s (docs/benchmarks.md).
		 */
		"INSERT OR FAIL INTO links(src, dst, kind, strength, last_contact, source, notes)"
		" VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, ''), ?7)",
		"UPDATE OR FAIL links SET src = ?1, dst = ?2, kind = ?3, strength = ?4,"
		" last_contact = ?5, source = coalesce(?6, ''), notes = ?7 WHERE id = ?8",
	},
	[PM_T_INTERACTIONS] = {
		"p.key, i.at, i.channel, w.key, i.subject, i.minutes, i.direction",
		"interactions i JOIN people p ON p.id = i.person_id"
		" LEFT JOIN people w ON w.id = i.owner_id",
		"p.org_id IN sub", "(i.person_id = ?2 OR i.owner_id = ?2)",
		"p.key, i.at, i.channel, w.key, i.subject, i.id",
		"i.id",
		/* the same contact stored without its owner is this one: its owner
		 * comes in (an export given again with its users) */
		"SELECT id FROM interactions WHERE person_id = ?1 AND at = ?2"
		" AND channel = ?3 AND (owner_id IS ?4 OR (owner_id IS NULL AND ?4 IS NOT NULL))"
		" AND subject IS ?5 ORDER BY owner_id IS NULL LIMIT 1",
		"INSERT INTO interactions(person_id, at, channel, owner_id, subject,"
		" minutes, direction) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		"UPDATE interactions SET person_id = ?1, at = ?2, channel = ?3,"
		" owner_id = ?4, subject = ?5, minutes = ?6, direction = ?7 WHERE id = ?8",
	},
	[PM_T_DEALS] = {
		"d.key, o.key, d.name, d.stage, d.amount, d.currency, d.probability,"
		" d.close_date, d.updated_at",
		"deals d JOIN orgs o ON o.id = d.account_id",
		"d.account_id IN sub", "0", "d.key", "d.id",
		"SELECT id FROM deals WHERE key = ?1",
		"INSERT INTO deals(key, account_id, name, stage, amount, currency,"
		" probability, close_date, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		"UPDATE deals SET key = ?1, account_id = ?2, name = ?3, stage = ?4,"
		" amount = ?5, currency = ?6, probability = ?7, close_date = ?8,"
		" updated_at = ?9 WHERE id = ?10",
	},
	[PM_T_ACTIONS] = {
		"t.key, w.key, a.due, a.channel, v.key, a.status, a.notes",
		"actions a JOIN people t ON t.id = a.target_id"
		" LEFT JOIN people w ON w.id = a.owner_id"
		" LEFT JOIN people v ON v.id = a.via_id",
		"t.org_id IN sub",
		"(a.target_id = ?2 OR a.owner_id = ?2 OR a.via_id = ?2)",
		"a.due, t.key, a.channel, w.key, v.key, a.id",
		"a.id",
		"SELECT id FROM actions WHERE target_id = ?1 AND owner_id IS ?2"
		" AND due IS ?3 AND channel = ?4 AND via_id IS ?5",
		"INSERT INTO actions(target_id, owner_id, due, channel, via_id, status,"
		" notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		"UPDATE actions SET target_id = ?1, owner_id = ?2, due = ?3,"
		" channel = ?4, via_id = ?5, status = ?6, notes = ?7 WHERE id = ?8",
	},
	[PM_T_PLAN] = {
		"o.key, pl.section, pl.text",
		"plan pl JOIN orgs o ON o.id = pl.account_id",
		"pl.account_id IN sub", "0",
		"o.key, CASE pl.section WHEN 'industry' THEN 1 WHEN 'overview' THEN 2"
		" WHEN 'goal' THEN 3 WHEN 'strategy' THEN 4 WHEN 'cadence' THEN 5"
		" WHEN 'strengths' THEN 6 WHEN 'weaknesses' THEN 7 WHEN 'opportunities' THEN 8"
		" ELSE 9 END", "pl.rowid",
		"SELECT rowid FROM plan WHERE account_id = ?1 AND section = ?2",
		"INSERT INTO plan(account_id, section, text) VALUES (?1, ?2, ?3)",
		"UPDATE plan SET account_id = ?1, section = ?2, text = ?3"
		" WHERE rowid = ?4",
	},
};

/* Defaults for columns not given when a record is created. */
static const char *default_value(enum pm_table_id t, const char *col)
{
	if (t == PM_T_PEOPLE && !strcmp(col, "stance"))
		return "unknown";
	if (t == PM_T_ACTIONS && !strcmp(col, "status"))
		return "planned";
	return NULL;
}

/* A record's values as owned strings, in column order. */
struct row {
	char *v[PM_TABLE_MAXCOLS];
	size_t n;
};

static void row_clear(struct row *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i]);
		r->v[i] = NULL;
	}
	r->n = 0;
}

static int row_set(struct row *r, size_t i, const char *s)
{
	char *copy = NULL;

	if (s && !(copy = strdup(s)))
		return PM_ENOMEM;
	free(r->v[i]);
	r->v[i] = copy;
	return 0;
}

/* Load the record with row id `id` of table t as text. */
static int load_row(struct pm_store *st, enum pm_table_id t, sqlite3_int64 id,
		    struct row *out, struct pm_error *err)
{
	const struct table_sql *q = &sqls[t];
	sqlite3_stmt *s = NULL;
	char sql[1024];
	size_t i;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE %s = ?1", q->cols,
		 q->from, q->id_col);
	if ((rc = pm_store_cached(st, &s, sql, err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? PM_ENOTFOUND : pm_store_dberr(st, "cannot read record", err);
		goto out;
	}
	out->n = pm_tables[t].ncols;
	for (i = 0; i < out->n; i++)
		if ((rc = row_set(out, i, (const char *)sqlite3_column_text(s, (int)i))) < 0)
			goto out;
	rc = 0;
out:
	pm_store_release(s);
	return rc;
}

/*
 * Bind the values of a record to stmt in column order: references resolved
 * to row ids, numbers as numbers, empty as NULL. A failed reference sets
 * *bad_col and returns its error.
 */
/*
 * As bind_row, column i to ?(base+i+1); with refs, reference columns take
 * their row ids from refs and text is bound without a copy (v must outlive
 * the step).
 */
static int bind_row_at(struct pm_store *st, sqlite3_stmt *s, int base, enum pm_table_id t,
		       const char *const *v, const int64_t *refs, int *bad_col,
		       struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	size_t i;
	int rc;

	for (i = 0; i < tab->ncols; i++) {
		const struct pm_column *c = &tab->cols[i];
		int p = base + (int)i + 1;
		int64_t id;

		if (refs && (c->type == PM_COL_ORG || c->type == PM_COL_PERSON)) {
			if (refs[i])
				sqlite3_bind_int64(s, p, refs[i]);
			else
				sqlite3_bind_null(s, p);
			continue;
		}
		if (!v[i] || !*v[i]) {
			sqlite3_bind_null(s, p);
			continue;
		}
		switch (c->type) {
		case PM_COL_ORG:
		case PM_COL_PERSON:
			rc = c->type == PM_COL_ORG
				? pm_store_org_resolve(st, v[i], &id, NULL, err)
				: pm_store_person_resolve(st, v[i], &id, NULL, err);
			if (rc < 0) {
				if (bad_col)
					*bad_col = (int)i;
				return rc;
			}
			sqlite3_bind_int64(s, p, id);
			break;
		case PM_COL_UNIT:
		case PM_COL_NUMBER:
			sqlite3_bind_double(s, p, strtod(v[i], NULL));
			break;
		case PM_COL_POWER:
			sqlite3_bind_int(s, p, atoi(v[i]));
			break;
		default:
			sqlite3_bind_text(s, p, v[i], -1, refs ? SQLITE_STATIC : SQLITE_TRANSIENT);
		}
	}
	return 0;
}

/* bind_row_at for the record bound from ?1. */
static int bind_row_refs(struct pm_store *st, sqlite3_stmt *s, enum pm_table_id t,
			 const char *const *v, const int64_t *refs, int *bad_col,
			 struct pm_error *err)
{
	return bind_row_at(st, s, 0, t, v, refs, bad_col, err);
}

static int bind_row(struct pm_store *st, sqlite3_stmt *s, enum pm_table_id t,
		    const char *const *v, int *bad_col, struct pm_error *err)
{
	return bind_row_refs(st, s, t, v, NULL, bad_col, err);
}

/* A new record's values into v: vals, the column defaults where not given. */
static void with_defaults(enum pm_table_id t, const char *const *vals, const char **v)
{
	const struct pm_table *tab = &pm_tables[t];
	size_t i;

	for (i = 0; i < tab->ncols; i++)
		v[i] = vals[i] && *vals[i] ? vals[i] : default_value(t, tab->cols[i].name);
}

int pm_store_insert_resolved(struct pm_store *st, enum pm_table_id t,
			     const char *const *vals, const int64_t *refs,
			     int64_t *rowid, struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	const char *v[PM_TABLE_MAXCOLS];
	sqlite3_stmt *s = NULL;
	int rc;

	with_defaults(t, vals, v);
	/* its own statement: called millions of times by bulk loads */
	if (!(s = st->insert[t]) &&
	    (rc = pm_store_prepare(st, &st->insert[t], sqls[t].insert, err)) < 0)
		return rc;
	s = st->insert[t];
	if ((rc = bind_row_refs(st, s, t, v, refs, NULL, err)) < 0)
		goto out;
	if (sqlite3_step(s) != SQLITE_DONE) {
		char what[256];
		pm_msgf(what, sizeof(what), "cannot write %s '%s'", pm_msg(tab->singular),
			 v[0] ? v[0] : "");
		rc = pm_store_dberr(st, what, err);
		goto out;
	}
	if (rowid)
		*rowid = sqlite3_last_insert_rowid(st->db);
	rc = 0;
out:
	pm_store_release(s);
	return rc;
}

/*
 * "INSERT OR FAIL INTO ... VALUES (row 1), ..., (row n)" from table t's
 * one-record insert, parameter ?k of row r renumbered ?(r*ncols+k); NULL
 * when out of memory. OR FAIL: no statement journal (the caller of a bulk
 * load rolls the whole transaction back on failure).
 */
static char *insert_rows_sql(enum pm_table_id t, size_t n)
{
	const char *one = sqls[t].insert, *into = strstr(one, " INTO ");
	const char *tuple = strstr(one, " VALUES ");
	size_t ncols = pm_tables[t].ncols, r;
	struct pm_strbuf b = { 0 };
	const char *c;

	if (!into || !tuple || into > tuple)
		return NULL;
	tuple += 8;
	pm_strbuf_addf(&b, "INSERT OR FAIL%.*s", (int)(tuple - into), into);
	for (r = 0; r < n; r++) {
		if (r)
			pm_strbuf_add(&b, ", ", 2);
		for (c = tuple; *c; c++) {
			char *end;
			unsigned long k;

			if (*c != '?') {
				pm_strbuf_add(&b, c, 1);
				continue;
			}
			k = strtoul(c + 1, &end, 10);
			pm_strbuf_addf(&b, "?%lu", (unsigned long)(r * ncols) + k);
			c = end - 1;
		}
	}
	return pm_strbuf_detach(&b);
}

int pm_store_insert_resolved_rows(struct pm_store *st, enum pm_table_id t,
				  const char *const *vals, const int64_t *refs, size_t n,
				  int64_t *last_rowid, struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	const char *v[PM_TABLE_MAXCOLS];
	size_t r = 0, j;
	int rc = 0;

	if (!st->insert_rows[t] && n >= PM_STORE_INSERT_ROWS) {
		int max = sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
		size_t per = PM_STORE_INSERT_ROWS;
		char *sql;

		while (per > 1 && per * tab->ncols > (size_t)max)
			per /= 2;
		if (!(sql = insert_rows_sql(t, per)))
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		rc = pm_store_prepare(st, &st->insert_rows[t], sql, err);
		free(sql);
		if (rc < 0)
			return rc;
		st->insert_rows_per[t] = per;
	}
	for (; st->insert_rows[t] && n - r >= st->insert_rows_per[t]; ) {
		sqlite3_stmt *s = st->insert_rows[t];
		size_t per = st->insert_rows_per[t];

		for (j = 0; j < per; j++, r++) {
			with_defaults(t, vals + r * PM_TABLE_MAXCOLS, v);
			bind_row_at(st, s, (int)(j * tab->ncols), t, v,
				    refs + r * PM_TABLE_MAXCOLS, NULL, err);
		}
		if (sqlite3_step(s) != SQLITE_DONE) {
			char what[256];
			pm_msgf(what, sizeof(what), "cannot write %s", pm_msg(tab->name));
			rc = pm_store_dberr(st, what, err);
			pm_store_release(s);
			return rc;
		}
		if (last_rowid)
			*last_rowid = sqlite3_last_insert_rowid(st->db);
		pm_store_release(s);
	}
	for (; r < n; r++)
		if ((rc = pm_store_insert_resolved(st, t, vals + r * PM_TABLE_MAXCOLS,
						   refs + r * PM_TABLE_MAXCOLS, last_rowid,
						   err)) < 0)
			return rc;
	return 0;
}

int pm_store_next_rowid(struct pm_store *st, enum pm_table_id t, int64_t *id,
			struct pm_error *err)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT coalesce(max(rowid), 0) + 1 FROM %s",
		 pm_tables[t].name);
	return pm_store_query_int64(st, sql, id, "cannot read", err);
}

/* "a -> b (knows, linkedin)" for history subjects. */
static void link_subject(char *buf, size_t size, const char *const *v)
{
	if (v[5] && *v[5])
		snprintf(buf, size, "%s -> %s (%s, %s)", v[0], v[1], v[2], v[5]);
	else
		snprintf(buf, size, "%s -> %s (%s)", v[0], v[1], v[2]);
}

static int same(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && !strcmp(a, b);
}

/* Whether a stored row and the row to write hold the same values (numbers as numbers). */
static int same_row(enum pm_table_id t, const struct row *old, const struct row *new_)
{
	const struct pm_table *tab = &pm_tables[t];
	size_t i;

	for (i = 0; i < tab->ncols; i++)
		if (!pm_value_same(&tab->cols[i], old->v[i], new_->v[i]))
			return 0;
	return 1;
}

/*
 * The history's subject of action or interaction #id, from its values v:
 * "#ID TARGET", or "#ID PERSON AT".
 */
static void id_subject(char *buf, size_t size, enum pm_table_id t, sqlite3_int64 id,
		       const char *const *v)
{
	if (t == PM_T_ACTIONS)
		snprintf(buf, size, "#%lld %s", (long long)id, v[0]);
	else
		snprintf(buf, size, "#%lld %s %s", (long long)id, v[0], v[1]);
}

/*
 * Write history for a record that was created or changed: a person's role,
 * stance, power, title, department and org, added links, and every changed field of an org, deal,
 * action (subject "#ID TARGET"), plan section or, changed by a command, an
 * interaction (subject "#ID PERSON AT", as they were).
 */
static int record_history(struct pm_store *st, enum pm_table_id t, int created,
			  const struct row *old, const char *const *v, sqlite3_int64 id,
			  struct pm_error *err)
{
	/* a person's: role, stance and power (rewind.c reads them back), and
	 * a promotion or a move (title, department, org) */
	static const char *const watched[] = { "role", "stance", "power", "title", "department",
					       "org" };
	const struct pm_table *tab = &pm_tables[t];
	char subject[1024];
	size_t k;
	int rc;

	if (created && !st->importing && t != PM_T_PEOPLE && t != PM_T_LINKS) {
		/* a record a command made (an import writes one row per file) */
		char what[512];
		if (t == PM_T_ACTIONS)
			id_subject(subject, sizeof(subject), t, id, v);
		else if (t == PM_T_INTERACTIONS)
			snprintf(subject, sizeof(subject), "%s %s %s", v[0], v[1], v[2]);
		else if (t == PM_T_PLAN)
			snprintf(subject, sizeof(subject), "%s %s", v[0], v[1]);
		else
			snprintf(subject, sizeof(subject), "%s", v[0]);
		return pm_store_history_add(st, tab->singular, subject, "add", NULL, NULL,
					    pm_record_describe_en(t, v, what, sizeof(what)), err);
	}
	if (!created && (t == PM_T_ORGS || t == PM_T_DEALS || t == PM_T_ACTIONS ||
			 t == PM_T_PLAN || t == PM_T_LINKS ||
			 (t == PM_T_INTERACTIONS && !st->importing))) {
		if (t == PM_T_LINKS)
			link_subject(subject, sizeof(subject), v);
		else if (t == PM_T_ACTIONS || t == PM_T_INTERACTIONS)
			/* an interaction as it was: its person and time may be what changed */
			id_subject(subject, sizeof(subject), t, id,
				   t == PM_T_ACTIONS ? v : (const char *const *)old->v);
		else if (t == PM_T_PLAN)
			snprintf(subject, sizeof(subject), "%s %s", v[0], v[1]);
		else
			snprintf(subject, sizeof(subject), "%s", v[0]);
		for (k = 0; k < tab->ncols; k++) {
			if (same(old->v[k], v[k]))
				continue;
			/* an import filling in what its own first pass left empty is no change */
			if (st->importing && (!old->v[k] || !*old->v[k]))
				continue;
			if ((rc = pm_store_history_add(st, tab->singular, subject, "set",
						       tab->cols[k].name, old->v[k], v[k], err)) < 0)
				return rc;
		}
		return 0;
	}

	if (t == PM_T_LINKS) {
		if (!created)
			return 0;
		link_subject(subject, sizeof(subject), v);
		return pm_store_history_add(st, "link", subject, "add", NULL, NULL,
					    v[3], err);
	}
	if (t != PM_T_PEOPLE)
		return 0;
	if (created)
		return pm_store_history_add(st, "person", v[0], "add", NULL, NULL,
					    v[1], err);
	for (k = 0; k < sizeof(watched) / sizeof(watched[0]); k++) {
		int c = pm_table_col(&pm_tables[t], watched[k]);
		if (same(old->v[c], v[c]))
			continue;
		/* an import filling in a title it did not know is no promotion */
		if (k >= 3 && st->importing && (!old->v[c] || !*old->v[c]))
			continue;
		if ((rc = pm_store_history_add(st, "person", v[0], "set", watched[k],
					       old->v[c], v[c], err)) < 0)
			return rc;
	}
	return 0;
}

/* Find an existing record by its identity; *id = 0 when there is none. */
static int find_row(struct pm_store *st, enum pm_table_id t,
		    const char *const *v, sqlite3_int64 *id, int *bad_col,
		    struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*id = 0;
	if ((rc = pm_store_cached(st, &s, sqls[t].find, err)) < 0)
		return rc;
	if ((rc = bind_row(st, s, t, v, bad_col, err)) < 0)
		goto out;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0
		: pm_store_dberr(st, "lookup failed", err);
out:
	pm_store_release(s);
	return rc;
}

static int is_identity(enum pm_table_id t, const char *col)
{
	switch (t) {
	case PM_T_LINKS:
		return !strcmp(col, "from") || !strcmp(col, "to") ||
		       !strcmp(col, "kind") || !strcmp(col, "source");
	default:
		return 0;
	}
}

static int put_at(struct pm_store *st, enum pm_table_id t, sqlite3_int64 id,
		  const char *const *vals, const int64_t *refs, int renaming, int *created,
		  int *bad_col, struct pm_error *err);

int pm_store_put(struct pm_store *st, enum pm_table_id t,
		 const char *const *vals, enum pm_put_mode mode, int *created,
		 int *bad_col, struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	sqlite3_int64 id = 0;
	int rc;

	if (bad_col)
		*bad_col = -1;
	if ((rc = find_row(st, t, vals, &id, bad_col, err)) < 0)
		goto out;
	if (id && mode == PM_PUT_INSERT_ONLY) {
		char what[512];
		rc = pm_error_set(err, PM_EEXISTS, "%s already exists",
				  pm_record_describe(t, vals, what, sizeof(what)));
		goto out;
	}
	if (!id && mode == PM_PUT_UPDATE_ONLY) {
		char what[512];
		if (t == PM_T_LINKS)   /* a link is named by its ends, kind and source */
			rc = pm_error_set(err, PM_ENOTFOUND, "no %s with source '%s'",
					  pm_record_describe(t, vals, what, sizeof(what)),
					  vals[5] ? vals[5] : "");
		else
			rc = pm_error_set(err, PM_ENOTFOUND, "unknown %s '%s'", pm_msg(tab->singular),
					  vals[0] ? vals[0] : "");
		goto out;
	}
	rc = put_at(st, t, id, vals, NULL, 0, created, bad_col, err);
out:
	return rc;
}

int pm_store_put_new(struct pm_store *st, enum pm_table_id t, const char *const *vals,
		     const int64_t *refs, struct pm_error *err)
{
	return put_at(st, t, 0, vals, refs, 0, NULL, NULL, err);
}

/* Every value given, whoever calls: what the import and add would refuse. PM_EINVAL. */
static int check_given(enum pm_table_id t, const char *const *vals, int *bad_col,
		       struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	size_t i;

	for (i = 0; i < tab->ncols; i++) {
		char why[600];
		if (vals[i] && *vals[i] && pm_value_check(&tab->cols[i], vals[i], why, sizeof(why)) < 0) {
			if (bad_col)
				*bad_col = (int)i;
			return pm_error_set(err, PM_EINVAL, "%s", why);
		}
	}
	return 0;
}

/* The required columns of a record as it will be written (defaults in). PM_EINVAL. */
static int check_required(enum pm_table_id t, const char *const *v, int *bad_col,
			  struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	size_t i;

	for (i = 0; i < tab->ncols; i++)
		if ((tab->cols[i].flags & PM_COL_REQUIRED) && (!v[i] || !*v[i])) {
			if (bad_col)
				*bad_col = (int)i;
			return pm_error_set(err, PM_EINVAL, "%s needs a %s", pm_msg(tab->singular),
					    tab->cols[i].name);
		}
	return 0;
}

int pm_store_put_new_many(struct pm_store *st, enum pm_table_id t, const char *const *vals,
			  const int64_t *refs, size_t n, pm_refused_fn refused, void *ctx,
			  struct pm_error *err)
{
	static const struct row none;
	const size_t w = PM_TABLE_MAXCOLS;
	const char **ok = malloc((n + 1) * w * sizeof(*ok));
	int64_t *okrefs = malloc((n + 1) * w * sizeof(*okrefs)), next = 0, last = 0;
	size_t i, m = 0;
	int rc = 0;

	if (!ok || !okrefs) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	/* the records that pass, with their defaults; the others told */
	for (i = 0; i < n; i++) {
		struct pm_error why;
		with_defaults(t, vals + i * w, ok + m * w);
		if (check_given(t, vals + i * w, NULL, &why) < 0 ||
		    check_required(t, ok + m * w, NULL, &why) < 0) {
			if ((rc = refused(i, why.msg, ctx)) < 0)
				goto out;
			continue;
		}
		memcpy(okrefs + m * w, refs + i * w, w * sizeof(*okrefs));
		m++;
	}
	if (!m)
		goto out;
	/* written many to a statement; each new row gets the largest id + 1 */
	if ((rc = pm_store_next_rowid(st, t, &next, err)) < 0 ||
	    (rc = pm_store_insert_resolved_rows(st, t, ok, okrefs, m, &last, err)) < 0)
		goto out;
	if (last != next + (int64_t)m - 1) {
		rc = pm_error_set(err, PM_EDB, "%s were given row ids up to %lld, not %lld",
				  pm_msg(pm_tables[t].name), (long long)last,
				  (long long)(next + (int64_t)m - 1));
		goto out;
	}
	for (i = 0; i < m && rc == 0; i++)
		rc = record_history(st, t, 1, &none, ok + i * w, next + (int64_t)i, err);
out:
	free(ok);
	free(okrefs);
	return rc;
}

/*
 * Write vals to the record with row id `id` (0: a new one). Unset values keep
 * the stored ones; identity columns are kept unless `renaming`. refs: for a
 * new record, the row ids of its org and person columns, resolved by the
 * caller (NULL: resolved here).
 */
static int put_at(struct pm_store *st, enum pm_table_id t, sqlite3_int64 id,
		  const char *const *vals, const int64_t *refs, int renaming, int *created,
		  int *bad_col, struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	struct row old = { { 0 }, 0 }, merged = { { 0 }, 0 };
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc, bad = -1;

	merged.n = tab->ncols;
	if ((rc = check_given(t, vals, bad_col, err)) < 0)
		goto out;
	if (id && (rc = load_row(st, t, id, &old, err)) < 0)
		goto out;
	for (i = 0; i < tab->ncols; i++) {
		const char *v = vals[i];
		if (id && (!v || (!renaming && is_identity(t, tab->cols[i].name))))
			v = old.v[i];
		if (!v || !*v)
			v = default_value(t, tab->cols[i].name);
		if ((rc = row_set(&merged, i, v)) < 0)
			goto out;
	}
	if ((rc = check_required(t, (const char *const *)merged.v, bad_col, err)) < 0)
		goto out;
	/* a stored record's org or person given by name (関東精機(株)): compared, and
	 * recorded in the history, by its key */
	for (i = 0; id && i < tab->ncols; i++) {
		const struct pm_column *c = &tab->cols[i];
		char *key = NULL;
		int64_t ref;
		if ((c->type != PM_COL_ORG && c->type != PM_COL_PERSON) || !merged.v[i] ||
		    !*merged.v[i] || (old.v[i] && !strcmp(old.v[i], merged.v[i])))
			continue;
		rc = c->type == PM_COL_ORG ? pm_store_org_resolve(st, merged.v[i], &ref, &key, err)
					   : pm_store_person_resolve(st, merged.v[i], &ref, &key, err);
		if (rc == 0)
			rc = row_set(&merged, i, key);
		else if (bad_col)
			*bad_col = (int)i;
		free(key);
		if (rc < 0)
			goto out;
	}
	if (id && same_row(t, &old, &merged)) {
		if (created)
			*created = -1;   /* nothing to write */
		rc = 0;
		goto out;
	}
	if ((rc = pm_store_cached(st, &s, id ? sqls[t].update : sqls[t].insert, err)) < 0)
		goto out;
	if ((rc = bind_row_refs(st, s, t, (const char *const *)merged.v, id ? NULL : refs, &bad,
				err)) < 0) {
		if (bad_col)
			*bad_col = bad;
		goto out;
	}
	if (id)
		sqlite3_bind_int64(s, (int)tab->ncols + 1, id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		char what[256];
		pm_msgf(what, sizeof(what), "cannot write %s '%s'", pm_msg(tab->singular),
			 merged.v[0] ? merged.v[0] : "");
		rc = pm_store_dberr(st, what, err);
		goto out;
	}
	if ((rc = record_history(st, t, !id, &old, (const char *const *)merged.v,
				 id ? id : sqlite3_last_insert_rowid(st->db), err)) < 0)
		goto out;
	if (created)
		*created = !id;
	rc = 0;
out:
	pm_store_release(s);
	row_clear(&old);
	row_clear(&merged);
	return rc;
}

/* Actions and interactions have no key: set and rm name them by row id. */
static int named_by_id(enum pm_table_id t, struct pm_error *err)
{
	return t == PM_T_ACTIONS || t == PM_T_INTERACTIONS ? 0 :
		pm_error_set(err, PM_EINVAL, "%s records are named by key, not by id",
			     pm_tables[t].singular);
}

int pm_store_put_id(struct pm_store *st, enum pm_table_id t, int64_t id,
		    const char *const *vals, struct pm_error *err)
{
	struct row old = { { 0 }, 0 };
	int rc;

	if ((rc = named_by_id(t, err)) < 0)
		return rc;
	if ((rc = load_row(st, t, id, &old, err)) < 0)
		return rc == PM_ENOTFOUND
			? pm_error_set(err, PM_ENOTFOUND, "no %s #%lld", pm_msg(pm_tables[t].singular),
				       (long long)id)
			: rc;
	row_clear(&old);
	return put_at(st, t, id, vals, NULL, 1, NULL, NULL, err);
}

/* What select_rows calls for each record: fn, or idfn with the row id. */
struct visitor {
	pm_row_fn fn;
	pm_id_row_fn idfn;
	void *ctx;
	size_t visited;
};

/*
 * pm_store_select; without `ordered`, in the table's own order; with
 * only_id > 0, the one record with that row id.
 */
static int select_rows(struct pm_store *st, enum pm_table_id t,
		       const struct pm_filter *filter, int ordered, int64_t only_id,
		       struct visitor *v, struct pm_error *err)
{
	const struct table_sql *q = &sqls[t];
	const char *vals[PM_TABLE_MAXCOLS];
	size_t n = pm_tables[t].ncols, i;
	sqlite3_stmt *s = NULL;
	char sql[2048], *org_key = NULL, num[PM_TABLE_MAXCOLS][32], by_id[64] = "";
	int64_t oid, pid = 0;
	int rc;

	if (filter && filter->org &&
	    (rc = pm_store_org_resolve(st, filter->org, &oid, &org_key, err)) < 0)
		return rc;
	if (filter && filter->person &&
	    (rc = pm_store_person_resolve(st, filter->person, &pid, NULL, err)) < 0)
		goto out;
	if (only_id > 0)
		snprintf(by_id, sizeof(by_id), " AND %s = ?3", q->id_col);
	snprintf(sql, sizeof(sql), SUBORGS "SELECT %s, %s FROM %s"
		 " WHERE (?1 IS NULL OR %s) AND (?2 IS NULL OR %s)%s%s%s",
		 q->cols, q->id_col, q->from, q->org_filter, q->person_filter, by_id,
		 ordered ? " ORDER BY " : "", ordered ? q->order : "");
	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		goto out;
	if (org_key)
		sqlite3_bind_text(s, 1, org_key, -1, SQLITE_STATIC);
	if (pid)
		sqlite3_bind_int64(s, 2, pid);
	if (only_id > 0)
		sqlite3_bind_int64(s, 3, only_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			/* numbers in their shortest form: 45, 0.7, 48000000 */
			if (sqlite3_column_type(s, (int)i) == SQLITE_FLOAT) {
				pm_number_format(num[i], sizeof(num[i]),
						 sqlite3_column_double(s, (int)i));
				vals[i] = num[i];
			} else {
				vals[i] = (const char *)sqlite3_column_text(s, (int)i);
			}
		}
		v->visited++;
		rc = v->idfn ? v->idfn(sqlite3_column_int64(s, (int)n), vals, n, v->ctx)
			     : v->fn(vals, n, v->ctx);
		if (rc != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read records", err);
out:
	sqlite3_finalize(s);
	free(org_key);
	return rc;
}

int pm_store_select(struct pm_store *st, enum pm_table_id t,
		    const struct pm_filter *filter, pm_row_fn fn, void *ctx,
		    struct pm_error *err)
{
	struct visitor v = { fn, NULL, ctx, 0 };

	return select_rows(st, t, filter, 1, 0, &v, err);
}

int pm_store_select_ids(struct pm_store *st, enum pm_table_id t,
			const struct pm_filter *filter, pm_id_row_fn fn, void *ctx,
			struct pm_error *err)
{
	struct visitor v = { NULL, fn, ctx, 0 };

	return select_rows(st, t, filter, 1, 0, &v, err);
}

int pm_store_select_id(struct pm_store *st, enum pm_table_id t, int64_t id, pm_row_fn fn,
		       void *ctx, struct pm_error *err)
{
	struct visitor v = { fn, NULL, ctx, 0 };
	int rc;

	if ((rc = named_by_id(t, err)) < 0)
		return rc;
	if (id <= 0 || ((rc = select_rows(st, t, NULL, 0, id, &v, err)) == 0 && !v.visited))
		return pm_error_set(err, PM_ENOTFOUND, "no %s #%lld", pm_msg(pm_tables[t].singular),
				    (long long)id);
	return rc;
}

int pm_store_select_all(struct pm_store *st, enum pm_table_id t, pm_row_fn fn, void *ctx,
			struct pm_error *err)
{
	struct visitor v = { fn, NULL, ctx, 0 };

	return select_rows(st, t, NULL, 0, 0, &v, err);
}

int pm_store_count(struct pm_store *st, enum pm_table_id t, int64_t *n, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	char sql[128];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", pm_tables[t].name);
	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*n = sqlite3_column_int64(s, 0);
		rc = 0;
	} else {
		rc = pm_store_dberr(st, "cannot count records", err);
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * Remove the links matching `where` (over alias l, with ?1 = a, ?2 = b,
 * ?3 = kind, ?4 = source), recording each removal in history first.
 */
static int remove_links(struct pm_store *st, const char *where, int64_t a,
			int64_t b, const char *kind, const char *source,
			int *removed, struct pm_error *err)
{
	sqlite3_stmt *s = NULL, *d = NULL;
	char sql[1024], subject[1024];
	const char *v[PM_TABLE_MAXCOLS];
	int rc, i, n = 0;

	snprintf(sql, sizeof(sql), "SELECT %s, l.id FROM %s WHERE %s ORDER BY %s",
		 sqls[PM_T_LINKS].cols, sqls[PM_T_LINKS].from, where,
		 sqls[PM_T_LINKS].order);
	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0 ||
	    (rc = pm_store_prepare(st, &d, "DELETE FROM links WHERE id = ?1", err)) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	pm_bind_text_or_null(s, 3, kind);
	pm_bind_text_or_null(s, 4, source);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < 7; i++)
			v[i] = (const char *)sqlite3_column_text(s, i);
		link_subject(subject, sizeof(subject), v);
		if ((rc = pm_store_history_add(st, "link", subject, "remove", NULL,
					       v[3], NULL, err)) < 0)
			goto out;
		sqlite3_reset(d);
		sqlite3_bind_int64(d, 1, sqlite3_column_int64(s, 7));
		if (sqlite3_step(d) != SQLITE_DONE) {
			rc = pm_store_dberr(st, "cannot remove link", err);
			goto out;
		}
		n++;
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read links", err);
	*removed = n;
out:
	sqlite3_finalize(s);
	sqlite3_finalize(d);
	return rc;
}

int pm_store_person_remove(struct pm_store *st, const char *who,
			   struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	char *key = NULL;
	int64_t pid;
	int rc, n;

	if ((rc = pm_store_person_resolve(st, who, &pid, &key, err)) < 0)
		return rc;
	if ((rc = remove_links(st, "l.src = ?1 OR l.dst = ?1", pid, 0, NULL, NULL,
			       &n, err)) < 0 ||
	    (rc = pm_store_prepare(st, &s, "DELETE FROM people WHERE id = ?1", err)) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, pid);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = pm_store_dberr(st, "cannot remove person", err);
		goto out;
	}
	rc = pm_store_history_add(st, "person", key, "remove", NULL, NULL, NULL, err);
out:
	sqlite3_finalize(s);
	free(key);
	return rc;
}

int pm_store_link_remove(struct pm_store *st, const char *from, const char *to,
			 const char *kind, const char *source, int *removed,
			 struct pm_error *err)
{
	int64_t a, b;
	int rc;

	*removed = 0;
	if ((rc = pm_store_person_resolve(st, from, &a, NULL, err)) < 0 ||
	    (rc = pm_store_person_resolve(st, to, &b, NULL, err)) < 0)
		return rc;
	rc = remove_links(st, "((l.src = ?1 AND l.dst = ?2) OR"
			  " (l.kind = 'knows' AND l.src = ?2 AND l.dst = ?1))"
			  " AND (?3 IS NULL OR l.kind = ?3) AND (?4 IS NULL OR l.source = ?4)",
			  a, b, kind, source, removed, err);
	if (rc == 0 && *removed == 0)
		rc = pm_error_set(err, PM_ENOTFOUND, "no %s%slink between '%s' and '%s'",
				  kind ? kind : "", kind ? " " : "", from, to);
	return rc;
}

int pm_store_untouch_tie(struct pm_store *st, const char *owner, const char *who,
			 int *removed, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int64_t a, b, left = 1;
	int rc;

	*removed = 0;
	if ((rc = pm_store_person_resolve(st, owner, &a, NULL, err)) < 0 ||
	    (rc = pm_store_person_resolve(st, who, &b, NULL, err)) < 0 ||
	    (rc = pm_store_cached(st, &s, "SELECT count(*) FROM interactions"
				  " WHERE owner_id = ?1 AND person_id = ?2", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	if (sqlite3_step(s) == SQLITE_ROW)
		left = sqlite3_column_int64(s, 0);
	else
		rc = pm_store_dberr(st, "cannot count interactions", err);
	pm_store_release(s);
	if (rc == 0 && left == 0)
		rc = remove_links(st, "((l.src = ?1 AND l.dst = ?2) OR (l.src = ?2 AND l.dst = ?1))"
				  " AND l.kind = ?3 AND l.source = ?4",
				  a, b, "knows", "history", removed, err);
	return rc;
}

int pm_store_remove_id(struct pm_store *st, enum pm_table_id t, int64_t id,
		       struct pm_error *err)
{
	struct row old = { { 0 }, 0 };
	sqlite3_stmt *s = NULL;
	char subject[512], sql[64];
	const char *what;
	int rc;

	if ((rc = named_by_id(t, err)) < 0)
		return rc;
	if ((rc = load_row(st, t, id, &old, err)) < 0)
		return rc == PM_ENOTFOUND
			? pm_error_set(err, PM_ENOTFOUND, "no %s #%lld",
				       pm_msg(pm_tables[t].singular), (long long)id) : rc;
	/* an action: its target and status; an interaction: its person, time and channel */
	id_subject(subject, sizeof(subject), t, id, (const char *const *)old.v);
	what = t == PM_T_ACTIONS ? old.v[5] : old.v[2];
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?1", pm_tables[t].name);
	if ((rc = pm_store_history_add(st, pm_tables[t].singular, subject, "remove", NULL, what,
				       NULL, err)) < 0 ||
	    (rc = pm_store_cached(st, &s, sql, err)) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0
		: pm_store_dberr(st, t == PM_T_ACTIONS ? "cannot remove action"
				 : "cannot remove interaction", err);
out:
	pm_store_release(s);
	row_clear(&old);
	return rc;
}

int pm_store_touch_tie(struct pm_store *st, const char *owner, const char *who,
		       const char *day, int *changed, struct pm_error *err)
{
	sqlite3_stmt *s = NULL, *u = NULL;
	int64_t a, b;
	int rc, any = 0;

	*changed = 0;
	if ((rc = pm_store_person_resolve(st, owner, &a, NULL, err)) < 0 ||
	    (rc = pm_store_person_resolve(st, who, &b, NULL, err)) < 0)
		return rc;
	if ((rc = pm_store_cached(st, &s, "SELECT id, last_contact, source FROM links"
				  " WHERE kind = 'knows' AND ((src = ?1 AND dst = ?2) OR"
				  " (src = ?2 AND dst = ?1)) ORDER BY id", err)) < 0 ||
	    (rc = pm_store_cached(st, &u, "UPDATE links SET last_contact = ?2 WHERE id = ?1",
				  err)) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *last = (const char *)sqlite3_column_text(s, 1);
		const char *src = (const char *)sqlite3_column_text(s, 2);
		char subject[512];
		any = 1;
		if (last && strcmp(last, day) >= 0)
			continue;
		snprintf(subject, sizeof(subject), "%s -> %s (knows%s%s)", owner, who,
			 src && *src ? ", " : "", src ? src : "");
		if ((rc = pm_store_history_add(st, "link", subject, "set", "last_contact", last,
					       day, err)) < 0)
			goto out;
		sqlite3_reset(u);
		sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
		sqlite3_bind_text(u, 2, day, -1, SQLITE_STATIC);
		if (sqlite3_step(u) != SQLITE_DONE) {
			rc = pm_store_dberr(st, "cannot write link", err);
			goto out;
		}
		(*changed)++;
	}
	if (rc != SQLITE_DONE) {
		rc = pm_store_dberr(st, "cannot read links", err);
		goto out;
	}
	rc = 0;
	if (!any) {
		const char *v[PM_TABLE_MAXCOLS] = { owner, who, "knows", NULL, day, "history", NULL };
		if ((rc = pm_store_put(st, PM_T_LINKS, v, PM_PUT_INSERT_ONLY, NULL, NULL, err)) == 0) {
			(*changed)++;
			rc = 1;
		}
	}
out:
	pm_store_release(s);
	pm_store_release(u);
	return rc;
}

int pm_store_remove(struct pm_store *st, enum pm_table_id t, const char *const *vals,
		    struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	struct row old = { { 0 }, 0 };
	sqlite3_stmt *s = NULL;
	sqlite3_int64 id = 0;
	char sql[256], what[512], subject[512];
	int rc, bad = -1;

	if (t != PM_T_ORGS && t != PM_T_DEALS && t != PM_T_PLAN)
		return pm_error_set(err, PM_EINVAL, "cannot remove %s records this way", tab->singular);
	if ((rc = find_row(st, t, vals, &id, &bad, err)) < 0)
		return rc;
	pm_record_describe(t, vals, what, sizeof(what));
	if (!id)
		return pm_error_set(err, PM_ENOTFOUND, "no %s", what);
	if (t == PM_T_ORGS) {
		static const char *const refs[][2] = {
			{ "SELECT count(*) FROM people WHERE org_id = ?1", "people" },
			{ "SELECT count(*) FROM orgs WHERE parent_id = ?1", "child orgs" },
			{ "SELECT count(*) FROM deals WHERE account_id = ?1", "deals" },
			{ "SELECT count(*) FROM plan WHERE account_id = ?1", "plan sections" },
		};
		for (size_t i = 0; i < 4; i++) {
			int n = 0;
			if ((rc = pm_store_cached(st, &s, refs[i][0], err)) < 0)
				return rc;
			sqlite3_bind_int64(s, 1, id);
			if (sqlite3_step(s) == SQLITE_ROW)
				n = sqlite3_column_int(s, 0);
			pm_store_release(s);
			s = NULL;
			if (n)
				return pm_error_set(err, PM_EINVAL, "%s still has %d %s: move or remove "
						    "them first", what, n, pm_msg(refs[i][1]));
		}
	}
	if ((rc = load_row(st, t, id, &old, err)) < 0)
		goto out;
	/* the history keeps the canonical words (deal 'KEY'), whatever the language */
	pm_record_describe_en(t, vals, subject, sizeof(subject));
	if ((rc = pm_store_history_add(st, tab->singular, subject, "remove", NULL, old.v[1], NULL,
				       err)) < 0)
		goto out;
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE %s = ?1", tab->name,
		 t == PM_T_PLAN ? "rowid" : "id");
	if ((rc = pm_store_cached(st, &s, sql, err)) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot remove", err);
out:
	pm_store_release(s);
	row_clear(&old);
	return rc;
}
