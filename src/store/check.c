/*
 * powermap — checking a database whole (integrity, references, cycles,
 * values out of range) and copying a live one (see store.h, "operations").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/cycles.h"
#include "powermap/kit.h"
#include "store_internal.h"

/* Record one kind of problem: how many rows, and the first as an example. */
static int add_problem(struct pm_check *c, const char *what, long long count,
		       const char *example)
{
	struct pm_check_problem *p;

	if (PM_GROW(c->problems, c->cap, c->n + 1) < 0)
		return PM_ENOMEM;
	p = &c->problems[c->n];
	p->what = strdup(what);
	p->example = strdup(example ? example : "");
	p->count = count;
	if (!p->what || !p->example) {
		free(p->what);
		free(p->example);
		return PM_ENOMEM;
	}
	c->n++;
	return 0;
}

/* Values the schema's CHECKs forbid (a bulk load runs with them off) and dangling rows. */
static const struct {
	const char *what, *sql;   /* sql: count(*), an example text */
} range_checks[] = {
	{ "people with a power outside 1-5",
	  "SELECT count(*), min(key) FROM people WHERE power IS NOT NULL AND"
	  " (typeof(power) <> 'integer' OR power NOT BETWEEN 1 AND 5)" },
	{ "people with an unknown stance",
	  "SELECT count(*), min(key) FROM people WHERE stance NOT IN"
	  " ('champion','supporter','neutral','skeptic','opponent','unknown')" },
	{ "people with an unknown role",
	  "SELECT count(*), min(key) FROM people WHERE role IS NOT NULL AND role NOT IN"
	  " ('economic_buyer','decision_maker','technical_buyer','user_buyer','champion',"
	  "  'coach','influencer','gatekeeper','blocker')" },
	{ "orgs of an unknown kind",
	  "SELECT count(*), min(key) FROM orgs WHERE kind NOT IN"
	  " ('customer','own','partner','investor','bank','other')" },
	{ "orgs that are their own parent",
	  "SELECT count(*), min(key) FROM orgs WHERE parent_id = id" },
	{ "ties with a strength outside 0-1",
	  "SELECT count(*), min(a.key || ' -> ' || b.key) FROM links"
	  " JOIN people a ON a.id = src JOIN people b ON b.id = dst"
	  " WHERE strength IS NOT NULL AND (typeof(strength) NOT IN ('real','integer')"
	  "  OR strength < 0 OR strength > 1)" },
	{ "ties from a person to themselves",
	  "SELECT count(*), min(a.key) FROM links JOIN people a ON a.id = src WHERE src = dst" },
	{ "ties of an unknown kind",
	  "SELECT count(*), min(kind) FROM links WHERE kind NOT IN"
	  " ('reports_to','influences','knows')" },
	{ "deals with a probability outside 0-1 or a negative amount",
	  "SELECT count(*), min(key) FROM deals WHERE (probability IS NOT NULL AND"
	  " (probability < 0 OR probability > 1)) OR amount < 0" },
	{ "interactions without a date",
	  "SELECT count(*), min(id) FROM interactions WHERE at NOT GLOB"
	  " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'" },
	{ "interactions of an unknown direction",
	  "SELECT count(*), min(id) FROM interactions WHERE direction IS NOT NULL AND"
	  " direction NOT IN ('inbound','outbound','both')" },
	{ "actions of an unknown status",
	  "SELECT count(*), min(id) FROM actions WHERE status NOT IN"
	  " ('planned','in_progress','done','cancelled')" },
	{ "people without a name key (not matched by name)",
	  "SELECT count(*), min(key) FROM people WHERE name_key IS NULL" },
};

static int run_count(struct pm_store *st, struct pm_check *c, const char *what,
		     const char *sql, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		return rc;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long n = sqlite3_column_int64(s, 0);
		rc = n ? add_problem(c, what, n, (const char *)sqlite3_column_text(s, 1)) : 0;
		if (rc == PM_ENOMEM)
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	} else {
		rc = pm_store_dberr(st, "check failed", err);
	}
	sqlite3_finalize(s);
	return rc;
}

/* SQLite's integrity check: every message it gives is one problem. */
static int integrity(struct pm_store *st, int quick, struct pm_check *c, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check",
				   err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(s, 0);
		if (msg && strcmp(msg, "ok") && add_problem(c, "database file damaged", 1, msg) < 0) {
			sqlite3_finalize(s);
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		}
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "integrity check failed", err);
	sqlite3_finalize(s);
	return rc;
}

/* Rows pointing to records that do not exist, per table. */
static int references(struct pm_store *st, struct pm_check *c, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	struct pm_strbuf what = PM_STRBUF_INIT, ex = PM_STRBUF_INIT;
	char last[64] = "";
	long long n = 0;
	int rc;

	if ((rc = pm_store_prepare(st, &s, "SELECT \"table\", rowid, parent FROM "
				   "pragma_foreign_key_check ORDER BY 1", err)) < 0)
		return rc;
	for (;;) {
		rc = sqlite3_step(s);
		const char *table = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : "";
		if (n && (rc != SQLITE_ROW || strcmp(table, last))) {
			pm_strbuf_addf(&what, "%s rows pointing to missing records", last);
			if (what.oom || ex.oom || add_problem(c, pm_strbuf_str(&what), n,
							      pm_strbuf_str(&ex)) < 0)
				rc = PM_ENOMEM;
			pm_strbuf_release(&what);
			pm_strbuf_release(&ex);
			n = 0;
			if (rc == PM_ENOMEM)
				break;
		}
		if (rc != SQLITE_ROW)
			break;
		if (!n++) {
			snprintf(last, sizeof(last), "%s", table);
			pm_strbuf_addf(&ex, "%s row %lld -> missing %s", table,
				       (long long)sqlite3_column_int64(s, 1),
				       (const char *)sqlite3_column_text(s, 2));
		}
	}
	sqlite3_finalize(s);
	pm_strbuf_release(&what);
	pm_strbuf_release(&ex);
	if (rc == PM_ENOMEM)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	return rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "reference check failed", err);
}

struct cycles_seen {
	long long n;
	int64_t first[4];
	size_t nfirst;
};

static void on_cycle(const int64_t *ids, size_t n, void *ctx)
{
	struct cycles_seen *cs = ctx;

	if (!cs->n++)
		for (cs->nfirst = 0; cs->nfirst < n && cs->nfirst < 4; cs->nfirst++)
			cs->first[cs->nfirst] = ids[cs->nfirst];
}

/* Cycles in org parents and reporting lines (imports refuse them; SQL does not). */
static int cycles(struct pm_store *st, struct pm_check *c, enum pm_table_id t,
		  struct pm_error *err)
{
	struct pm_id_edges es = { NULL, 0, 0 };
	struct cycles_seen cs = { 0, { 0 }, 0 };
	struct pm_strbuf ex = PM_STRBUF_INIT;
	int rc;

	rc = pm_store_hierarchy(st, t, pm_id_edges_collect, &es, err);
	if (rc == 0)
		rc = pm_find_cycles(es.e, es.n, on_cycle, &cs);
	free(es.e);
	if (rc == PM_ENOMEM)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if (rc < 0 || !cs.n)
		return rc;
	for (size_t i = 0; i < cs.nfirst; i++) {
		char key[256] = "?";
		pm_store_key_of(st, t, cs.first[i], key, sizeof(key), NULL);
		pm_strbuf_addf(&ex, "%s'%s'", i ? " -> " : "", key);
	}
	rc = add_problem(c, t == PM_T_ORGS ? "cycles in org parents" : "cycles in reporting lines",
			 cs.n, ex.oom ? "" : pm_strbuf_str(&ex));
	pm_strbuf_release(&ex);
	return rc < 0 ? pm_error_set(err, PM_ENOMEM, "out of memory") : 0;
}

/* Tell o's progress that `step` starts. */
static void step(const struct pm_check_opts *o, const char *what)
{
	if (o && o->progress)
		o->progress(o->progress_ctx, what);
}

int pm_store_check(struct pm_store *st, const struct pm_check_opts *o, struct pm_check *c,
		   struct pm_error *err)
{
	int64_t orgs, people, links;
	int quick = o && o->quick;
	size_t i;
	int rc;

	memset(c, 0, sizeof(*c));
	step(o, quick ? "SQLite's quick check" : "SQLite's integrity check");
	if ((rc = integrity(st, quick, c, err)) < 0)
		goto fail;
	step(o, "references");
	if ((rc = references(st, c, err)) < 0)
		goto fail;
	step(o, "cycles");
	if ((rc = cycles(st, c, PM_T_ORGS, err)) < 0 || (rc = cycles(st, c, PM_T_PEOPLE, err)) < 0)
		goto fail;
	step(o, "values");
	for (i = 0; i < sizeof(range_checks) / sizeof(range_checks[0]); i++)
		if ((rc = run_count(st, c, range_checks[i].what, range_checks[i].sql, err)) < 0)
			goto fail;
	if ((rc = pm_store_query_int64(st, "SELECT count(*) FROM orgs", &orgs, "check failed",
					err)) < 0 ||
	    (rc = pm_store_query_int64(st, "SELECT count(*) FROM people", &people, "check failed",
					err)) < 0 ||
	    (rc = pm_store_query_int64(st, "SELECT count(*) FROM links", &links, "check failed",
					err)) < 0)
		goto fail;
	c->orgs = orgs;
	c->people = people;
	c->links = links;
	return 0;
fail:
	pm_check_release(c);
	return rc;
}

void pm_check_release(struct pm_check *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->problems[i].what);
		free(c->problems[i].example);
	}
	free(c->problems);
	memset(c, 0, sizeof(*c));
}

int pm_store_backup(struct pm_store *st, const char *file, struct pm_error *err)
{
	struct pm_private_file pf;
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	/* a fresh 0600 file beside the target (kit.h), renamed over it when complete */
	if ((rc = pm_private_open(&pf, file, err)) < 0)
		return rc;
	fclose(pf.f);
	pf.f = NULL;
	if (sqlite3_open_v2(pf.tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = pm_error_set(err, PM_EIO, "cannot write '%s': %s", file,
				  dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(dst, st->wait_ms);
	if (!(b = sqlite3_backup_init(dst, "main", st->db, "main"))) {
		rc = pm_error_set(err, PM_EDB, "cannot back up '%s': %s", st->path,
				  sqlite3_errmsg(dst));
		goto out;
	}
	/* all pages in one step: a copy of one committed state, writers wait meanwhile */
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		sqlite3_sleep(20);
	rc = sqlite3_backup_finish(b) == SQLITE_OK && rc == SQLITE_DONE ? 0
		: pm_error_set(err, PM_EDB, "cannot back up '%s': %s", st->path,
			       sqlite3_errmsg(dst));
	if (rc == 0 && sqlite3_exec(dst, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		rc = pm_error_set(err, PM_EDB, "cannot back up '%s': %s", st->path,
				  sqlite3_errmsg(dst));
out:
	if (dst && sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = pm_error_set(err, PM_EIO, "cannot write '%s'", file);
	if (rc < 0) {
		pm_private_abort(&pf);
		return rc;
	}
	return pm_private_commit(&pf, err);
}
