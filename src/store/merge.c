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
		/* a: the one without an org; the older record is kept */
		" UNION ALL SELECT CASE WHEN a.id < b.id THEN a.key ELSE b.key END,"
		" CASE WHEN a.id < b.id THEN b.key ELSE a.key END, 2 FROM people a"
		" JOIN people b ON b.name_key = a.name_key AND b.org_id IS NOT NULL"
		" WHERE a.org_id IS NULL AND a.name_key <> ''"
		" ORDER BY 1, 2, 3";
	static const char *const evidence[] = { PM_N_("the same email"),
						PM_N_("the same name in the same org"),
						PM_N_("the same name, one without an org") };
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
		d[m].evidence = pm_msg(evidence[sqlite3_column_int(s, 2) % 3]);
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

/* Run `sql` with ?1 = keep, ?2 = other and, if it has one, ?3 = the store's now. */
static int run2(struct pm_store *st, const char *sql, int64_t keep, int64_t other,
		struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, keep);
	sqlite3_bind_int64(s, 2, other);
	if (sqlite3_bind_parameter_count(s) >= 3)
		sqlite3_bind_text(s, 3, pm_store_now(st), -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot merge", err);
	sqlite3_finalize(s);
	return rc;
}

#define PERSON_FIELDS(p) \
	"'org_id'," p ".org_id,'title'," p ".title,'department'," p ".department," \
	"'email'," p ".email,'url'," p ".url,'role'," p ".role,'stance'," p ".stance," \
	"'power'," p ".power,'notes'," p ".notes"

/* What the merge of ?2 into ?1 is about to change, kept in `merges` for undo. */
static int snapshot(struct pm_store *st, int64_t keep, int64_t other, struct pm_error *err)
{
	static const char *const sql =
		"INSERT INTO merges(at, kept_id, other_id, other_key, kept_row, other_row,"
		" links, moved) SELECT ?3, k.id, o.id, o.key,"
		" json_object(" PERSON_FIELDS("k") "),"
		" json_object('key', o.key, 'name', o.name, 'name_key', o.name_key, "
		PERSON_FIELDS("o") "),"
		" json((SELECT json_group_array(json_object('id', id, 'src', src, 'dst', dst,"
		"  'kind', kind, 'strength', strength, 'last_contact', last_contact,"
		"  'source', source, 'notes', notes)) FROM links WHERE src = ?2 OR dst = ?2)),"
		" json_object("
		"  'person', json((SELECT json_group_array(id) FROM interactions WHERE person_id = ?2)),"
		"  'owner', json((SELECT json_group_array(id) FROM interactions WHERE owner_id = ?2)),"
		"  'target', json((SELECT json_group_array(id) FROM actions WHERE target_id = ?2)),"
		"  'action_owner', json((SELECT json_group_array(id) FROM actions WHERE owner_id = ?2)),"
		"  'via', json((SELECT json_group_array(id) FROM actions WHERE via_id = ?2)),"
		"  'history', json((SELECT json_group_array(id) FROM history"
		"   WHERE entity = 'person' AND subject = o.key)))"
		" FROM people k, people o WHERE k.id = ?1 AND o.id = ?2";

	return run2(st, sql, keep, other, err);
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
		"UPDATE history SET subject = (SELECT key FROM people WHERE id = ?1)"
		" WHERE entity = 'person' AND subject = (SELECT key FROM people WHERE id = ?2)",
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
	rc = snapshot(st, k, o, err);
	for (i = 0; rc == 0 && i < sizeof(steps) / sizeof(steps[0]); i++)
		rc = run2(st, steps[i], k, o, err);
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

/* The JSON field f of merges row ?1's column c, as SQL. */
#define J(c, f) "json_extract(m." c ", '$." f "')"
#define MERGE_1 " FROM merges m WHERE m.id = ?1"
#define MOVED_IDS(f) "(SELECT j.value FROM merges m, json_each(m.moved, '$." f "') j" \
	" WHERE m.id = ?1)"
#define ORG_OF(c) "(SELECT id FROM orgs WHERE id = " J(c, "org_id") ")"

int pm_store_person_unmerge(struct pm_store *st, const char *other, char **kept,
			    struct pm_error *err)
{
	static const char *const steps[] = {
		/* the removed person comes back with its row id */
		"INSERT INTO people(id, key, name, name_key, org_id, title, department, email,"
		" url, role, stance, power, notes) SELECT m.other_id, " J("other_row", "key") ", "
		J("other_row", "name") ", " J("other_row", "name_key") ", " ORG_OF("other_row") ", "
		J("other_row", "title") ", " J("other_row", "department") ", "
		J("other_row", "email") ", " J("other_row", "url") ", " J("other_row", "role") ", "
		J("other_row", "stance") ", " J("other_row", "power") ", " J("other_row", "notes")
		MERGE_1,
		/* the kept person's fields as they were */
		"UPDATE people SET (org_id, title, department, email, url, role, stance, power,"
		" notes) = (SELECT " ORG_OF("kept_row") ", " J("kept_row", "title") ", "
		J("kept_row", "department") ", " J("kept_row", "email") ", " J("kept_row", "url") ", "
		J("kept_row", "role") ", " J("kept_row", "stance") ", " J("kept_row", "power") ", "
		J("kept_row", "notes") MERGE_1 ") WHERE id = (SELECT kept_id" MERGE_1 ")",
		/* its ties: the moved ones taken back, the dropped ones restored */
		"DELETE FROM links WHERE id IN (SELECT json_extract(j.value, '$.id')"
		" FROM merges m, json_each(m.links) j WHERE m.id = ?1)"
		" AND (SELECT kept_id" MERGE_1 ") IN (src, dst)",
		"INSERT OR IGNORE INTO links(id, src, dst, kind, strength, last_contact, source, notes)"
		" SELECT json_extract(j.value, '$.id'), json_extract(j.value, '$.src'),"
		" json_extract(j.value, '$.dst'), json_extract(j.value, '$.kind'),"
		" json_extract(j.value, '$.strength'), json_extract(j.value, '$.last_contact'),"
		" json_extract(j.value, '$.source'), json_extract(j.value, '$.notes')"
		" FROM merges m, json_each(m.links) j WHERE m.id = ?1"
		" AND json_extract(j.value, '$.src') IN (SELECT id FROM people)"
		" AND json_extract(j.value, '$.dst') IN (SELECT id FROM people)",
		"UPDATE interactions SET person_id = (SELECT other_id" MERGE_1 ")"
		" WHERE id IN " MOVED_IDS("person"),
		"UPDATE interactions SET owner_id = (SELECT other_id" MERGE_1 ")"
		" WHERE id IN " MOVED_IDS("owner"),
		"UPDATE actions SET target_id = (SELECT other_id" MERGE_1 ")"
		" WHERE id IN " MOVED_IDS("target"),
		"UPDATE actions SET owner_id = (SELECT other_id" MERGE_1 ")"
		" WHERE id IN " MOVED_IDS("action_owner"),
		"UPDATE actions SET via_id = (SELECT other_id" MERGE_1 ")"
		" WHERE id IN " MOVED_IDS("via"),
		"UPDATE history SET subject = (SELECT " J("other_row", "key") MERGE_1 ")"
		" WHERE id IN " MOVED_IDS("history"),
		"UPDATE merges SET undone = 1 WHERE id = ?1",
	};
	char kkey[256];
	sqlite3_stmt *s = NULL;
	int64_t merge = 0, kept_id = 0;
	size_t i;
	int rc, own;

	if (kept)
		*kept = NULL;
	if ((rc = pm_store_prepare(st, &s, "SELECT id, kept_id FROM merges"
				   " WHERE other_key = ?1 AND undone = 0 ORDER BY id DESC LIMIT 1",
				   err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, other, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		merge = sqlite3_column_int64(s, 0);
		kept_id = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return pm_store_dberr(st, "cannot read merges", err);
	if (!merge)
		return pm_error_set(err, PM_ENOTFOUND, "no merge of '%s' to undo", other);
	if ((rc = pm_store_key_exists(st, PM_T_PEOPLE, other, err)) < 0)
		return rc;
	if (rc > 0)
		return pm_error_set(err, PM_EEXISTS,
				    "'%s' exists again since the merge; cannot undo it", other);
	if ((rc = pm_store_key_of(st, PM_T_PEOPLE, kept_id, kkey, sizeof(kkey), err)) < 0)
		return pm_error_set(err, PM_ENOTFOUND,
				    "the person '%s' was merged into is gone; cannot undo", other);
	own = !st->in_tx;
	if (own && (rc = pm_store_begin(st, err)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < sizeof(steps) / sizeof(steps[0]); i++)
		rc = run2(st, steps[i], merge, 0, err);
	if (rc == 0)
		rc = pm_store_history_add(st, "person", other, "unmerge", "undone merge", kkey,
					  other, err);
	if (own && rc == 0)
		rc = pm_store_commit(st, err);
	else if (own)
		pm_store_rollback(st);
	if (rc == 0 && kept && !(*kept = strdup(kkey)))
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	return rc;
}
