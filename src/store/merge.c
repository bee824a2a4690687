/*
 * powermap — duplicates the importers did not merge, and merging one person
 * into another (see store.h, "duplicates").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "store_internal.h"

void pm_duplicates_free(struct pm_duplicate *d, size_t n)
{
	size_t i;

	for (i = 0; d && i < n; i++) {
		free(d[i].keep);
		free(d[i].other);
	}
	free(d);
}

int pm_store_duplicates(struct pm_store *st, struct pm_duplicate **out, size_t *n,
			struct pm_error *err)
{
	static const char *const sql =
		"SELECT a.key, b.key, 0 FROM people a JOIN people b"
		" ON lower(a.email) = lower(b.email) AND a.id < b.id WHERE a.email <> ''"
		" UNION ALL SELECT a.key, b.key, 1 FROM people a"
		" JOIN people b ON a.name_key = b.name_key AND a.id < b.id AND a.org_id = b.org_id"
		" WHERE a.name_key <> '' AND NOT (lower(coalesce(a.email, '')) <> lower(coalesce(b.email, ''))"
		"   AND coalesce(a.email, '') <> '' AND coalesce(b.email, '') <> '')"
		" UNION ALL SELECT a.key, b.key, 2 FROM people a"
		" JOIN people b ON a.name_key = b.name_key AND a.id < b.id"
		" AND (a.org_id IS NULL) <> (b.org_id IS NULL) WHERE a.name_key <> ''"
		" ORDER BY 1, 2, 3";
	static const char *const evidence[] = { "the same email", "the same name in the same org",
						"the same name, one without an org" };
	struct pm_duplicate *d = NULL;
	sqlite3_stmt *s = NULL;
	size_t cap = 0, m = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(s, 0);
		const char *b = (const char *)sqlite3_column_text(s, 1);
		/* one line per pair: its strongest evidence came first */
		if (m && !strcmp(d[m - 1].keep, a) && !strcmp(d[m - 1].other, b))
			continue;
		if (PM_GROW(d, cap, m + 1) < 0 || !(d[m].keep = strdup(a)) ||
		    !(d[m].other = strdup(b))) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto out;
		}
		d[m].evidence = evidence[sqlite3_column_int(s, 2) % 3];
		m++;
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read people", err);
out:
	sqlite3_finalize(s);
	if (rc < 0) {
		pm_duplicates_free(d, m);
		return rc;
	}
	*out = d;
	*n = m;
	return 0;
}

/* Run `sql` with ?1 = keep, ?2 = other. */
static int run2(struct pm_store *st, const char *sql, int64_t keep, int64_t other,
		struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, keep);
	sqlite3_bind_int64(s, 2, other);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot merge", err);
	sqlite3_finalize(s);
	return rc;
}

int pm_store_person_merge(struct pm_store *st, const char *keep, const char *other,
			  struct pm_error *err)
{
	static const char *const steps[] = {
		/* what the kept person lacks, the other gives */
		"UPDATE people SET"
		" org_id = coalesce(org_id, (SELECT org_id FROM people WHERE id = ?2)),"
		" title = coalesce(title, (SELECT title FROM people WHERE id = ?2)),"
		" department = coalesce(department, (SELECT department FROM people WHERE id = ?2)),"
		" email = coalesce(email, (SELECT email FROM people WHERE id = ?2)),"
		" url = coalesce(url, (SELECT url FROM people WHERE id = ?2)),"
		" role = coalesce(role, (SELECT role FROM people WHERE id = ?2)),"
		" stance = CASE stance WHEN 'unknown' THEN (SELECT stance FROM people WHERE id = ?2)"
		"  ELSE stance END,"
		" power = coalesce(power, (SELECT power FROM people WHERE id = ?2)),"
		" notes = coalesce(notes, (SELECT notes FROM people WHERE id = ?2))"
		" WHERE id = ?1",
		/* ties move (a tie both had, or one between the two, goes with the other) */
		"UPDATE OR IGNORE links SET src = ?1 WHERE src = ?2 AND dst <> ?1",
		"UPDATE OR IGNORE links SET dst = ?1 WHERE dst = ?2 AND src <> ?1",
		"UPDATE interactions SET person_id = ?1 WHERE person_id = ?2",
		"UPDATE interactions SET owner_id = ?1 WHERE owner_id = ?2",
		"UPDATE actions SET target_id = ?1 WHERE target_id = ?2",
		"UPDATE actions SET owner_id = ?1 WHERE owner_id = ?2",
		"UPDATE actions SET via_id = ?1 WHERE via_id = ?2",
		"DELETE FROM people WHERE id = ?2",
	};
	int64_t k, o;
	char *kkey = NULL, *okey = NULL;
	size_t i;
	int rc, own;

	if ((rc = pm_store_person_resolve(st, keep, &k, &kkey, err)) < 0 ||
	    (rc = pm_store_person_resolve(st, other, &o, &okey, err)) < 0)
		goto out;
	if (k == o) {
		rc = pm_error_set(err, PM_EINVAL, "'%s' and '%s' are the same person", keep, other);
		goto out;
	}
	/* inside the caller's transaction, the caller commits or rolls back */
	own = !st->in_tx;
	if (own && (rc = pm_store_begin(st, err)) < 0)
		goto out;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if ((rc = run2(st, steps[i], k, o, err)) < 0)
			break;
	if (rc == 0)
		rc = pm_store_history_add(st, "person", kkey, "merge", "merged", okey, kkey, err);
	if (own && rc == 0)
		rc = pm_store_commit(st, err);
	else if (own)
		pm_store_rollback(st);
out:
	free(kkey);
	free(okey);
	return rc;
}
