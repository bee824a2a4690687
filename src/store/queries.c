/*
 * powermap — the named queries other layers ask the store (people of an
 * account, a person's links, last touches, config); see store.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_internal.h"

/* Orgs: ?1 and its child orgs, as the CTE `sub`. */
#define SUBORGS_OF_1 \
	"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION" \
	" SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id) "

#define PERSON_COLS \
	"p.id, p.key, p.name, p.title, p.role, p.stance, p.power, p.email, p.url," \
	" o.key, o.name, o.kind, p.department FROM people p LEFT JOIN orgs o ON o.id = p.org_id"

#define OUR_KINDS "('own', 'partner', 'investor', 'bank')"

const char *pm_store_engine_version(void)
{
	return sqlite3_libversion();
}

static const char *text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* Visit the people rows of s (columns PERSON_COLS). */
static int visit_people(struct pm_store *st, sqlite3_stmt *s, pm_person_fn fn, void *ctx,
			int *nrows, struct pm_error *err)
{
	struct pm_person_row r;
	int rc;

	*nrows = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(s, 0);
		r.key = text(s, 1);
		r.name = text(s, 2);
		r.title = text(s, 3);
		r.role = text(s, 4);
		r.stance = text(s, 5);
		r.power = sqlite3_column_int(s, 6);
		r.email = text(s, 7);
		r.url = text(s, 8);
		r.org_key = text(s, 9);
		r.org_name = text(s, 10);
		r.org_kind = text(s, 11);
		r.department = text(s, 12);
		pm_rewind_person(st, r.key, &r.role, &r.stance, &r.power);
		(*nrows)++;
		if ((rc = fn(&r, ctx)) != 0)
			return rc;
	}
	return rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read people", err);
}

int pm_store_account_people(struct pm_store *st, int64_t org_id, pm_person_fn fn,
			    void *ctx, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc, n;

	if ((rc = pm_store_prepare(st, &s, SUBORGS_OF_1 "SELECT " PERSON_COLS
				   " WHERE p.org_id IN sub ORDER BY p.key", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, org_id);
	rc = visit_people(st, s, fn, ctx, &n, err);
	sqlite3_finalize(s);
	return rc;
}

int pm_store_person_get(struct pm_store *st, int64_t id, pm_person_fn fn, void *ctx,
			struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc, n;

	/* a search reads thousands of people one by one: a cached statement */
	if ((rc = pm_store_cached(st, &s, "SELECT " PERSON_COLS " WHERE p.id = ?1", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = visit_people(st, s, fn, ctx, &n, err);
	pm_store_release(s);
	if (rc == 0 && n == 0)
		rc = pm_error_set(err, PM_ENOTFOUND, "no person with id %lld", (long long)id);
	return rc;
}

int pm_store_org_name(struct pm_store *st, int64_t id, char **name, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*name = NULL;
	if ((rc = pm_store_cached(st, &s, "SELECT name FROM orgs WHERE id = ?1", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = (*name = strdup(text(s, 0))) ? 0
			: pm_error_set(err, PM_ENOMEM, "out of memory");
	else if (rc == SQLITE_DONE)
		rc = pm_error_set(err, PM_ENOTFOUND, "no org with id %lld", (long long)id);
	else
		rc = pm_store_dberr(st, "cannot read orgs", err);
	pm_store_release(s);
	return rc;
}

/* Fill a link row from columns id, src, dst, kind, strength, last_contact, source. */
static void link_row(sqlite3_stmt *s, struct pm_link_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->src = sqlite3_column_int64(s, 1);
	r->dst = sqlite3_column_int64(s, 2);
	r->kind = (enum pm_link_kind)pm_enum_find(pm_link_kinds, text(s, 3));
	r->has_strength = sqlite3_column_type(s, 4) != SQLITE_NULL;
	r->strength = r->has_strength ? sqlite3_column_double(s, 4) : 0;
	r->last_contact = text(s, 5);
	r->source = text(s, 6);
	if (r->source && !*r->source)
		r->source = NULL;
	r->stored_dir = 1;
	r->other_kind = NULL;
}

int pm_store_link_get(struct pm_store *st, int64_t id, pm_link_fn fn, void *ctx,
		      struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	struct pm_link_row r;
	int rc;

	if ((rc = pm_store_cached(st, &s, "SELECT id, src, dst, kind, strength, last_contact,"
				  " source FROM links WHERE id = ?1", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		link_row(s, &r);
		rc = fn(&r, ctx);
	} else if (rc == SQLITE_DONE) {
		rc = pm_error_set(err, PM_ENOTFOUND, "no link with id %lld", (long long)id);
	} else {
		rc = pm_store_dberr(st, "cannot read a link", err);
	}
	pm_store_release(s);
	return rc;
}

int pm_store_links_among(struct pm_store *st, const int64_t *ids, size_t n,
			 pm_link_fn fn, void *ctx, struct pm_error *err)
{
	sqlite3_stmt *ins = NULL, *s = NULL;
	struct pm_link_row r;
	size_t i;
	int rc;

	if ((rc = pm_store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS view_people"
				"(id INTEGER PRIMARY KEY); DELETE FROM temp.view_people;",
				err)) < 0 ||
	    (rc = pm_store_prepare(st, &ins, "INSERT OR IGNORE INTO temp.view_people"
				   " VALUES (?1)", err)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, ids[i]);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			rc = pm_store_dberr(st, "cannot read links", err);
			goto out;
		}
	}
	/*
	 * CROSS JOIN fixes the order: each person's links by index. Left free,
	 * SQLite scanned all links (it has no statistics on the temp table):
	 * 1.3 s on 10M links.
	 */
	/*
	 * The pairs are found in the index alone (src, dst are in it) and only
	 * the links found are read from the table: a super-connector of ours
	 * has hundreds of thousands of links, and reading each row to test its
	 * other end took 10 s for a map of L.
	 */
	if ((rc = pm_store_prepare(st, &s,
				   "SELECT l.id, l.src, l.dst, l.kind, l.strength, l.last_contact,"
				   " l.source FROM links l WHERE l.id IN (SELECT k.id"
				   " FROM temp.view_people a CROSS JOIN links k INDEXED BY links_identity"
				   " ON k.src = a.id CROSS JOIN temp.view_people b ON b.id = k.dst)"
				   " ORDER BY l.id", err)) < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		link_row(s, &r);
		if ((rc = fn(&r, ctx)) != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read links", err);
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(s);
	sqlite3_exec(st->db, "DELETE FROM temp.view_people", NULL, NULL, NULL);
	return rc;
}

struct pm_link_cursor {
	struct pm_store *st;
	sqlite3_stmt *s;             /* the statement in use: plain or kinded */
	sqlite3_stmt *plain, *kinded;
	char in[96];                 /* the kinds, as an SQL list */
	int64_t person;
};

int pm_store_link_cursor_open(struct pm_store *st, unsigned kinds,
			      struct pm_link_cursor **out, struct pm_error *err)
{
	struct pm_link_cursor *c;
	char sql[640];
	size_t used = 0;
	int k, rc;

	*out = NULL;
	if (!(c = calloc(1, sizeof(*c))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (k = 0; pm_link_kinds[k]; k++)
		if (kinds & PM_LINK_BIT(k))
			used += (size_t)snprintf(c->in + used, sizeof(c->in) - used, "%s'%s'",
						 used ? ", " : "", pm_link_kinds[k]);
	if (!used) {
		free(c);
		return pm_error_set(err, PM_EINVAL, "no link kind to read");
	}
	/* both directions use an index: links_identity on src, links_dst on dst */
	snprintf(sql, sizeof(sql),
		 "SELECT id, src, dst, kind, strength, last_contact, source, 1, NULL FROM links"
		 " WHERE src = ?1 AND kind IN (%s) UNION ALL"
		 " SELECT id, dst, src, kind, strength, last_contact, source, 0, NULL FROM links"
		 " WHERE dst = ?1 AND kind IN (%s)", c->in, c->in);
	c->st = st;
	if ((rc = pm_store_prepare(st, &c->plain, sql, err)) < 0) {
		free(c);
		return rc;
	}
	c->s = c->plain;
	*out = c;
	return 0;
}

int pm_store_link_cursor_kinds(struct pm_link_cursor *c, int on, struct pm_error *err)
{
	char sql[900];
	int rc;

	sqlite3_reset(c->s);
	if (on && !c->kinded) {
		/* the other end's org kind: two more index lookups per row */
		snprintf(sql, sizeof(sql),
			 "SELECT l.id, l.src, l.dst, l.kind, l.strength, l.last_contact, l.source, 1,"
			 " (SELECT g.kind FROM people p JOIN orgs g ON g.id = p.org_id"
			 "  WHERE p.id = l.dst)"
			 " FROM links l WHERE l.src = ?1 AND l.kind IN (%s) UNION ALL"
			 " SELECT l.id, l.dst, l.src, l.kind, l.strength, l.last_contact, l.source, 0,"
			 " (SELECT g.kind FROM people p JOIN orgs g ON g.id = p.org_id"
			 "  WHERE p.id = l.src)"
			 " FROM links l WHERE l.dst = ?1 AND l.kind IN (%s)", c->in, c->in);
		if ((rc = pm_store_prepare(c->st, &c->kinded, sql, err)) < 0)
			return rc;
	}
	c->s = on ? c->kinded : c->plain;
	return 0;
}

int pm_store_link_cursor_seek(struct pm_link_cursor *c, int64_t id, struct pm_error *err)
{
	(void)err;
	sqlite3_reset(c->s);
	sqlite3_bind_int64(c->s, 1, id);
	c->person = id;
	return 0;
}

int pm_store_link_cursor_next(struct pm_link_cursor *c, struct pm_link_row *row,
			      struct pm_error *err)
{
	int rc = sqlite3_step(c->s);

	if (rc == SQLITE_ROW) {
		link_row(c->s, row);
		row->stored_dir = sqlite3_column_int(c->s, 7);
		row->other_kind = text(c->s, 8);
		return 1;
	}
	if (rc == SQLITE_DONE) {
		sqlite3_reset(c->s);
		return 0;
	}
	return pm_store_dberr(c->st, "cannot read links", err);
}

void pm_store_link_cursor_close(struct pm_link_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->plain);
	sqlite3_finalize(c->kinded);
	free(c);
}

/* One text value from a cached one-row query with an int64 and a text parameter. */
int pm_store_account_last_contacts(struct pm_store *st, int64_t org_id, pm_last_contact_fn fn,
				   void *ctx, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	/* the account's dated knows ties by index on both ends, then whose the other end is */
	if ((rc = pm_store_cached(st, &s, SUBORGS_OF_1
				  ", acct AS (SELECT id FROM people WHERE org_id IN sub),"
				  " t(aid, oid, lc) AS MATERIALIZED ("
				  "  SELECT a.id, l.src, l.last_contact FROM acct a"
				  "   JOIN links l ON l.dst = a.id AND l.kind = 'knows'"
				  "   WHERE l.last_contact IS NOT NULL"
				  "  UNION ALL"
				  "  SELECT a.id, l.dst, l.last_contact FROM acct a"
				  "   JOIN links l ON l.src = a.id AND l.kind = 'knows'"
				  "   WHERE l.last_contact IS NOT NULL)"
				  " SELECT t.aid, max(t.lc) FROM t JOIN people o ON o.id = t.oid"
				  "  JOIN orgs g ON g.id = o.org_id WHERE g.kind IN " OUR_KINDS
				  " GROUP BY t.aid ORDER BY t.aid",
				  err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, org_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(sqlite3_column_int64(s, 0), text(s, 1), ctx)) != 0)
			goto out;
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read links", err);
out:
	pm_store_release(s);
	return rc;
}

/*
 * The ranked ties of the account's people to our side (see store.h). t is
 * MATERIALIZED: otherwise SQLite pushes the window's partitions into the
 * UNION ALL and reads the src side by scanning the whole links_identity
 * index (8 s for a 300-person account of 10M ties, instead of 0.03 s).
 */
#define ACCOUNT_OURS_RANKED \
	SUBORGS_OF_1 \
	", acct AS (SELECT id FROM people WHERE org_id IN sub)," \
	" t(aid, oid, s) AS MATERIALIZED (" \
	"  SELECT a.id, l.src, l.strength FROM acct a" \
	"   JOIN links l ON l.dst = a.id AND l.kind = 'knows'" \
	"  UNION ALL" \
	"  SELECT a.id, l.dst, l.strength FROM acct a" \
	"   JOIN links l ON l.src = a.id AND l.kind = 'knows')," \
	" ranked AS (SELECT t.aid, t.oid, t.s, row_number() OVER (PARTITION BY t.aid" \
	"   ORDER BY coalesce(t.s, 0.5) DESC, t.oid) AS rn" \
	"  FROM t JOIN people p ON p.id = t.oid JOIN orgs g ON g.id = p.org_id" \
	"  WHERE g.kind IN " OUR_KINDS ")"

int pm_store_account_ours(struct pm_store *st, int64_t org_id, size_t per_person, pm_id_fn fn,
			  void *ctx, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	/*
	 * Per account person, by index on both ends of links (never the whole
	 * table); the strongest `per_person` of our people who know them (a
	 * tie with no strength counts as 0.5), by row number.
	 */
	if ((rc = pm_store_prepare(st, &s, ACCOUNT_OURS_RANKED
				   " SELECT DISTINCT p.id, p.key FROM ranked JOIN people p ON p.id = ranked.oid"
				   " WHERE ?2 = 0 OR rn <= ?2 ORDER BY p.key", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, org_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)per_person);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(sqlite3_column_int64(s, 0), ctx)) != 0)
			goto out;
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read links", err);
out:
	sqlite3_finalize(s);
	return rc;
}

int pm_store_account_ours_ties(struct pm_store *st, int64_t org_id, size_t per_person,
			       pm_ours_tie_fn fn, void *ctx, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, ACCOUNT_OURS_RANKED
				   " SELECT ranked.oid, ranked.aid, coalesce(ranked.s, 0.5), p.key"
				   " FROM ranked JOIN people p ON p.id = ranked.oid"
				   " WHERE ?2 = 0 OR rn <= ?2 ORDER BY p.key, ranked.aid, 3 DESC", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, org_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)per_person);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
			     sqlite3_column_double(s, 2), (const char *)sqlite3_column_text(s, 3),
			     ctx)) != 0)
			goto out;
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read links", err);
out:
	sqlite3_finalize(s);
	return rc;
}

int pm_store_config_each(struct pm_store *st, pm_config_fn fn, void *ctx,
			 struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, "SELECT key, value FROM config ORDER BY key",
				   err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(text(s, 0), text(s, 1), ctx)) != 0)
			goto out;
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read config", err);
out:
	sqlite3_finalize(s);
	return rc;
}

int pm_store_config_set(struct pm_store *st, const char *name, const char *value,
			struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	char old[256] = "";
	int rc, had;

	if ((rc = pm_store_begin(st, err)) < 0)
		return rc;
	if ((rc = pm_store_prepare(st, &s, "SELECT value FROM config WHERE key = ?1", err)) < 0)
		goto fail;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	had = sqlite3_step(s) == SQLITE_ROW;
	if (had)
		snprintf(old, sizeof(old), "%s", text(s, 0));
	sqlite3_finalize(s);
	if ((rc = pm_store_prepare(st, &s, value ? "INSERT INTO config(key, value) VALUES"
				   " (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
				   : "DELETE FROM config WHERE key = ?1", err)) < 0)
		goto fail;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		rc = pm_store_dberr(st, "cannot write config", err);
		goto fail;
	}
	if ((value || had) &&
	    (rc = pm_store_history_add(st, "config", name, value ? "set" : "remove", name,
				       had ? old : NULL, value, err)) < 0)
		goto fail;
	return pm_store_commit(st, err);
fail:
	pm_store_rollback(st);
	return rc;
}

/* Run a cached one-row (id, key) query bound to text ?1 and int64 ?2. */
static int id_and_key(struct pm_store *st, const char *sql, const char *a, int64_t b,
		      int64_t *id, char **key, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_cached(st, &s, sql, err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, b);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = (*key = strdup(text(s, 1))) ? 1 : pm_error_set(err, PM_ENOMEM, "out of memory");
	} else {
		rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read people", err);
	}
	pm_store_release(s);
	return rc;
}

int pm_store_person_match(struct pm_store *st, const struct pm_person_match *m,
			  int64_t *id, char **key, const char **how, struct pm_error *err)
{
	int rc;

	*key = NULL;
	*how = NULL;
	if (m->url && *m->url &&
	    (rc = id_and_key(st, "SELECT id, key FROM people WHERE url = ?1 ORDER BY key LIMIT 1",
			     m->url, 0, id, key, err)) != 0)
		return rc < 0 ? rc : (*how = "url", 1);
	if (m->email && *m->email &&
	    (rc = id_and_key(st, "SELECT id, key FROM people WHERE lower(email) = lower(?1)"
			     " ORDER BY key LIMIT 1", m->email, 0, id, key, err)) != 0)
		return rc < 0 ? rc : (*how = "email", 1);
	if (!m->name || !*m->name)
		return 0;
	/* by name: within the org, or the only one of that name anywhere */
	rc = id_and_key(st, m->org_id
			? "SELECT id, key FROM people WHERE name_key = pm_person_key(?1)"
			  " AND name_key <> '' AND org_id = ?2 ORDER BY key LIMIT 1"
			: "SELECT id, key FROM people WHERE name_key = pm_person_key(?1)"
			  " AND name_key <> '' AND ?2 = 0 AND (SELECT count(*) FROM people"
			  " WHERE name_key = pm_person_key(?1)) = 1",
			m->name, m->org_id, id, key, err);
	return rc < 0 ? rc : rc ? (*how = "name", 1) : 0;
}

int pm_store_org_match(struct pm_store *st, const char *name, int64_t *id, char **key,
		       struct pm_error *err)
{
	*key = NULL;
	return id_and_key(st, "SELECT id, key FROM (SELECT id, key, 0 AS o FROM orgs"
			  " WHERE name = ?1 UNION ALL SELECT id, key, 1 FROM orgs"
			  " WHERE name_key = pm_org_key(?1) AND name_key <> '' AND ?2 = 0)"
			  " ORDER BY o, key LIMIT 1", name, 0, id, key, err);
}

int pm_store_key_exists(struct pm_store *st, enum pm_table_id t, const char *key,
			struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (t != PM_T_ORGS && t != PM_T_PEOPLE && t != PM_T_DEALS)
		return pm_error_set(err, PM_EINVAL, "%s have no keys", pm_tables[t].name);
	if ((rc = pm_store_cached(st, &s, t == PM_T_ORGS ? "SELECT 1 FROM orgs WHERE key = ?1"
				  : t == PM_T_PEOPLE ? "SELECT 1 FROM people WHERE key = ?1"
				  : "SELECT 1 FROM deals WHERE key = ?1", err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	rc = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "lookup failed", err);
	pm_store_release(s);
	return rc;
}

int pm_store_contacts(struct pm_store *st, const char *since, const char *until,
		      pm_contact_fn fn, void *ctx, struct pm_error *err)
{
	struct pm_contact_row r;
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, "SELECT owner_id, person_id, substr(at, 1, 10) AS day,"
				   " channel, direction FROM interactions WHERE owner_id IS NOT NULL"
				   " AND day >= ?1 AND day <= ?2 ORDER BY owner_id, person_id, day",
				   err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, until, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.owner = sqlite3_column_int64(s, 0);
		r.person = sqlite3_column_int64(s, 1);
		r.day = text(s, 2);
		r.channel = text(s, 3);
		r.direction = text(s, 4);
		if ((rc = fn(&r, ctx)) != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read interactions", err);
out:
	sqlite3_finalize(s);
	return rc;
}

/* Each domain orgs declare, split and lower-cased. */
static int declared_domains(struct pm_store *st, pm_domain_fn fn, void *ctx,
			    struct pm_error *err)
{
	static const char seps[] = " \t,;";
	sqlite3_stmt *s = NULL;
	char buf[256];
	int rc;

	if ((rc = pm_store_prepare(st, &s, "SELECT domains, id, key, kind FROM orgs"
				   " WHERE domains <> '' ORDER BY id", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *p = text(s, 0);
		int ours = pm_org_kind_is_ours(text(s, 3));
		while (*p) {
			size_t n = strcspn(p, seps), i;
			if (*p == '@')
				p++, n--;
			if (n && n < sizeof(buf)) {
				for (i = 0; i < n; i++)
					buf[i] = (char)tolower((unsigned char)p[i]);
				buf[n] = '\0';
				if ((rc = fn(buf, sqlite3_column_int64(s, 1), text(s, 2), ours,
					     ctx)) != 0)
					goto out;
			}
			p += n;
			p += strspn(p, seps);
		}
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read orgs", err);
out:
	sqlite3_finalize(s);
	return rc;
}

int pm_store_email_domains(struct pm_store *st, pm_domain_fn fn, void *ctx,
			   struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = declared_domains(st, fn, ctx, err)) != 0)
		return rc;
	if ((rc = pm_store_prepare(st, &s,
				   "SELECT d, min(org_id), min(o.key), min(o.kind) FROM"
				   " (SELECT DISTINCT lower(substr(email, instr(email, '@') + 1)) AS d,"
				   "  org_id FROM people WHERE instr(email, '@') > 0 AND org_id IS NOT NULL)"
				   " JOIN orgs o ON o.id = org_id GROUP BY d HAVING count(*) = 1", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *kind = text(s, 3);
		if ((rc = fn(text(s, 0), sqlite3_column_int64(s, 1), text(s, 2),
			     pm_org_kind_is_ours(kind), ctx)) != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read people", err);
out:
	sqlite3_finalize(s);
	return rc;
}

int pm_store_actions(struct pm_store *st, int64_t org_id, int open_only, pm_action_fn fn,
		     void *ctx, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, SUBORGS_OF_1
				   "SELECT a.id, a.target_id, t.key, t.name, w.key, w.name, v.key,"
				   " v.name, a.due, a.channel, a.status, a.notes, a.owner_id FROM actions a"
				   " JOIN people t ON t.id = a.target_id"
				   " LEFT JOIN people w ON w.id = a.owner_id"
				   " LEFT JOIN people v ON v.id = a.via_id"
				   " WHERE (?1 = 0 OR t.org_id IN sub)"
				   " AND (?2 = 0 OR a.status IN ('planned', 'in_progress'))"
				   " ORDER BY a.target_id, a.due IS NULL, a.due, a.id", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, org_id);
	sqlite3_bind_int(s, 2, open_only);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pm_action_row r = {
			sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
			text(s, 2), text(s, 3), sqlite3_column_int64(s, 12), text(s, 4), text(s, 5),
			text(s, 6), text(s, 7), text(s, 8), text(s, 9), text(s, 10), text(s, 11),
		};
		if ((rc = fn(&r, ctx)) != 0)
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read actions", err);
out:
	sqlite3_finalize(s);
	return rc;
}

int pm_store_person_namesakes(struct pm_store *st, const char *key, char *buf, size_t size,
			      struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t used = 0;
	int rc, n = 0;

	buf[0] = '\0';
	if ((rc = pm_store_cached(st, &s,
				  "SELECT o.name, o.key FROM people p JOIN people o"
				  " ON o.name_key = p.name_key AND o.org_id = p.org_id AND o.id <> p.id"
				  " WHERE p.key = ?1 AND p.name_key <> '' ORDER BY o.key LIMIT 3",
				  err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s%s (%s)", n ? ", " : "",
						 text(s, 0), text(s, 1));
		n++;
	}
	rc = rc == SQLITE_DONE ? n : pm_store_dberr(st, "cannot read people", err);
	pm_store_release(s);
	return rc;
}

int pm_store_review_mark(struct pm_store *st, int64_t org_id, const char *snapshot,
			 struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_cached(st, &s, "INSERT INTO reviews(account_id, at, snapshot)"
				  " VALUES (?1, ?2, ?3)", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, org_id);
	sqlite3_bind_text(s, 2, pm_store_now(st), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, snapshot, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot record the review", err);
	pm_store_release(s);
	return rc;
}

int pm_store_review_last(struct pm_store *st, int64_t org_id, const char *before,
			 char **snapshot, char at[24], struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*snapshot = NULL;
	at[0] = '\0';
	if ((rc = pm_store_cached(st, &s, "SELECT at, snapshot FROM reviews WHERE account_id = ?1"
				  " AND (?2 IS NULL OR substr(at, 1, length(?2)) <= ?2)"
				  " ORDER BY at DESC, id DESC LIMIT 1", err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, org_id);
	pm_bind_text_or_null(s, 2, before);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(at, 24, "%s", text(s, 0));
		if (!(*snapshot = strdup(text(s, 1))))
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		else
			rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read reviews", err);
	}
	pm_store_release(s);
	return rc;
}
