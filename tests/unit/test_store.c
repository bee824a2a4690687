/* Unit tests: the SQLite store (src/store). */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "powermap/kit.h"
#include "powermap/store.h"
#include "../testutil.h"
#include "../../src/store/store_internal.h"   /* the connection, for counting steps */

static char *dir;
static char *dbp;

static void setup(void)
{
	dir = tu_tmpdir();
	dbp = tu_path(dir, "t.db");
}

static void teardown(void)
{
	free(dbp);
	tu_rmdir(dir);
}

TestSuite(store, .init = setup, .fini = teardown);

static struct pm_store *open_new(void)
{
	struct pm_store *st = NULL;
	struct pm_error err;

	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0, "%s", err.msg);
	return st;
}

static void put(struct pm_store *st, int t, const char **v)
{
	struct pm_error err;

	cr_assert_eq(pm_store_put(st, t, v, PM_PUT_UPSERT, NULL, NULL, &err), 0, "%s", err.msg);
}

/* A small account: one customer org with a child, two people with the same name. */
static void seed(struct pm_store *st)
{
	const char *o1[] = { "acme", "Acme", "customer", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *o2[] = { "acme-jp", "Acme Japan", "customer", NULL, "acme", NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *o3[] = { "us", "Us", "own", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p1[] = { "a1", "Sato", "acme", NULL, NULL, NULL, NULL, "champion", "supporter", "3", NULL };
	const char *p2[] = { "a2", "Sato", "acme-jp", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p3[] = { "me", "Me", "us", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *l1[] = { "me", "a1", "knows", "0.5", "2026-01-01", "crm", NULL };

	put(st, PM_T_ORGS, o1);
	put(st, PM_T_ORGS, o2);
	put(st, PM_T_ORGS, o3);
	put(st, PM_T_PEOPLE, p1);
	put(st, PM_T_PEOPLE, p2);
	put(st, PM_T_PEOPLE, p3);
	put(st, PM_T_LINKS, l1);
}

PM_TEST(store, creates_file_with_mode_0600_and_schema)
{
	struct pm_store *st = open_new();
	struct stat sb;

	cr_assert_eq(stat(dbp, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0600);
	cr_assert_eq(pm_store_schema_version(st), PM_SCHEMA_VERSION);
	pm_store_close(st);
}

PM_TEST(store, missing_file_and_exclusive_create)
{
	struct pm_store *st = NULL;
	struct pm_error err;

	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), PM_ENOTFOUND);
	cr_assert(strstr(err.msg, "powermap init"), "%s", err.msg);
	pm_store_close(open_new());
	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE | PM_STORE_EXCL, &st, &err), PM_EEXISTS);
	cr_assert_null(st);
}

PM_TEST(store, refuses_newer_schema_and_foreign_files)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	sqlite3 *db;

	pm_store_close(st);
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), PM_EVERSION);
	cr_assert(strstr(err.msg, "version 99") && strstr(err.msg, "upgrade powermap"), "%s", err.msg);

	char *other = tu_path(dir, "other.db");
	cr_assert_eq(sqlite3_open(other, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	cr_assert_eq(pm_store_open(other, 0, &st, &err), PM_EDB);
	cr_assert(strstr(err.msg, "not a powermap database"), "%s", err.msg);
	free(other);

	char *junk = tu_write(dir, "junk.db", "this is not sqlite at all, just text......");
	cr_assert_lt(pm_store_open(junk, 0, &st, &err), 0);
	cr_assert(strstr(err.msg, "not a powermap database"), "%s", err.msg);
	free(junk);
}

/* The bytes of a file (binary-safe) into *len; the caller frees. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;

	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	buf = malloc(*len + 1);
	cr_assert_eq(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

PM_TEST(store, an_empty_file_becomes_a_database_only_when_created)
{
	struct pm_store *st = NULL;
	struct pm_error err;
	struct stat sb;
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	sqlite3_close(db);
	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), PM_EDB);
	cr_assert(strstr(err.msg, "empty") && strstr(err.msg, "powermap init"), "%s", err.msg);
	cr_assert_null(st);
	cr_assert_eq(stat(dbp, &sb), 0);
	cr_assert_eq(sb.st_size, 0, "a refused empty file stays empty");
	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_schema_version(st), PM_SCHEMA_VERSION);
	pm_store_close(st);
}

PM_TEST(store, a_refused_file_is_left_byte_for_byte)
{
	struct pm_store *st = NULL;
	struct pm_error err;
	unsigned char *before, *after;
	size_t n0, n1;
	sqlite3 *db;

	/* foreign SQLite in rollback-journal mode: opening must not switch it to WAL */
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL, NULL);
	sqlite3_close(db);
	before = slurp(dbp, &n0);
	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), PM_EDB);
	cr_assert(strstr(err.msg, "not a powermap database"), "%s", err.msg);
	after = slurp(dbp, &n1);
	cr_assert(n0 == n1 && !memcmp(before, after, n0), "the foreign file changed");
	free(before);
	free(after);
	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), PM_EDB, "create too");
	after = slurp(dbp, &n1);
	cr_assert_eq(n1, n0);
	free(after);

	/* a newer powermap file in rollback mode (written by a future version) */
	remove(dbp);
	pm_store_close(open_new());
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
				  NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	before = slurp(dbp, &n0);
	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), PM_EVERSION);
	after = slurp(dbp, &n1);
	cr_assert(n0 == n1 && !memcmp(before, after, n0), "the newer file changed");
	free(before);
	free(after);
}

/* One count from the store's own file through a separate connection. */
static int count_orgs(sqlite3 *db)
{
	sqlite3_stmt *s;
	int n = -1;

	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM orgs", -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

PM_TEST(store, reads_go_on_while_another_writes_and_writers_wait_then_say_busy)
{
	struct pm_store *st = open_new(), *other = NULL;
	struct pm_error err;
	sqlite3 *writer;
	const char *o[] = { "acme", "Acme", "customer", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *o2[] = { "beta", "Beta", "customer", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };

	put(st, PM_T_ORGS, o);
	/* the store writes an uncommitted row while another connection opens and reads */
	cr_assert_eq(pm_store_begin(st, &err), 0, "%s", err.msg);
	put(st, PM_T_ORGS, o2);
	cr_assert_eq(pm_store_open_wait(dbp, 0, 300, &other, &err), 0,
		     "opening while another writes: %s", err.msg);
	cr_assert_eq(sqlite3_open(dbp, &writer), SQLITE_OK);
	cr_assert_eq(count_orgs(writer), 1, "a reader sees the last committed state");
	/* a second writer waits 300 ms, then is told why */
	cr_assert_eq(pm_store_begin(other, &err), PM_EBUSY);
	cr_assert(strstr(err.msg, "busy") && strstr(err.msg, "--wait"), "%s", err.msg);
	pm_store_commit(st, &err);
	cr_assert_eq(count_orgs(writer), 2);
	cr_assert_eq(pm_store_begin(other, &err), 0, "after the commit: %s", err.msg);
	pm_store_rollback(other);
	sqlite3_close(writer);
	pm_store_close(other);
	pm_store_close(st);
}

PM_TEST(store, resolves_key_then_unique_name)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	char *key = NULL;
	int64_t id;

	seed(st);
	cr_assert_eq(pm_store_person_resolve(st, "me", &id, &key, &err), 0);
	cr_assert_str_eq(key, "me");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "Me", &id, &key, &err), 0, "by name");
	cr_assert_str_eq(key, "me");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "Sato", &id, NULL, &err), PM_EAMBIGUOUS);
	cr_assert(strstr(err.msg, "'a1'") && strstr(err.msg, "'a2'"), "%s", err.msg);
	cr_assert_eq(pm_store_person_resolve(st, "yamada", &id, NULL, &err), PM_ENOTFOUND);
	cr_assert_str_eq(err.msg, "unknown person 'yamada'");
	cr_assert_eq(pm_store_org_resolve(st, "Acme Japan", &id, &key, &err), 0);
	cr_assert_str_eq(key, "acme-jp");
	free(key);
	pm_store_close(st);
}

struct rows {
	size_t n;
	char first[8][256];
};

static int grab(const char *const *v, size_t n, void *ctx)
{
	struct rows *r = ctx;
	size_t i, used = 0;

	if (r->n < 8)
		for (i = 0; i < n; i++)
			used += (size_t)snprintf(r->first[r->n] + used, 256 - used, "%s%s",
						 i ? "," : "", v[i] ? v[i] : "");
	r->n++;
	return 0;
}

PM_TEST(store, select_filters_by_org_tree_and_person)
{
	struct pm_store *st = open_new();
	struct pm_filter f = { "acme", NULL };
	struct pm_error err;
	struct rows r = { 0 };

	seed(st);
	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, &f, grab, &r, &err), 0);
	cr_assert_eq(r.n, 2, "acme includes its child org acme-jp");
	cr_assert_str_eq(r.first[0], "a1,Sato,acme,,,,,champion,supporter,3,");
	memset(&r, 0, sizeof(r));
	f.org = "acme-jp";
	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, &f, grab, &r, &err), 0);
	cr_assert_eq(r.n, 1);
	memset(&r, 0, sizeof(r));
	f.org = NULL;
	f.person = "a1";
	cr_assert_eq(pm_store_select(st, PM_T_LINKS, &f, grab, &r, &err), 0);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.first[0], "me,a1,knows,0.5,2026-01-01,crm,");
	f.person = "nobody";
	cr_assert_eq(pm_store_select(st, PM_T_LINKS, &f, grab, &r, &err), PM_ENOTFOUND);
	pm_store_close(st);
}

struct field_count {
	const char *field;
	int n;
};

static int count_field(const struct pm_history_entry *e, void *ctx)
{
	struct field_count *c = ctx;

	if (c->field ? e->field && !strcmp(e->field, c->field) : !e->field)
		c->n++;
	return 0;
}

static int count_history(struct pm_store *st, const char *field)
{
	struct field_count c = { field, 0 };

	cr_assert_eq(pm_store_history(st, NULL, 0, count_field, &c, NULL), 0);
	return c.n;
}

PM_TEST(store, update_keeps_unspecified_columns_and_records_history)
{
	struct pm_store *st = open_new();
	const char *upd[11] = { "a1", NULL, NULL, "CTO", NULL, NULL, NULL, NULL, "champion", NULL, NULL };
	const char *clr[11] = { "a1", NULL, NULL, NULL, NULL, NULL, NULL, "", NULL, NULL, NULL };
	struct pm_filter f = { NULL, "a1" };
	struct pm_error err;
	struct rows r = { 0 };
	int created = -1;

	seed(st);
	cr_assert_eq(pm_store_put(st, PM_T_PEOPLE, upd, PM_PUT_UPDATE_ONLY, &created, NULL, &err), 0);
	cr_assert_eq(created, 0);
	cr_assert_eq(pm_store_put(st, PM_T_PEOPLE, clr, PM_PUT_UPDATE_ONLY, NULL, NULL, &err), 0);
	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, &f, grab, &r, &err), 0);
	cr_assert_str_eq(r.first[0], "a1,Sato,acme,CTO,,,,,champion,3,");
	cr_assert_eq(count_history(st, "stance"), 1);
	cr_assert_eq(count_history(st, "role"), 1);
	cr_assert_eq(count_history(st, "power"), 0);
	upd[0] = "zz";
	cr_assert_eq(pm_store_put(st, PM_T_PEOPLE, upd, PM_PUT_UPDATE_ONLY, NULL, NULL, &err),
		     PM_ENOTFOUND);
	upd[0] = "a1";
	upd[1] = "x";
	cr_assert_eq(pm_store_put(st, PM_T_PEOPLE, upd, PM_PUT_INSERT_ONLY, NULL, NULL, &err),
		     PM_EEXISTS);
	pm_store_close(st);
}

PM_TEST(store, knows_links_are_undirected_for_identity)
{
	struct pm_store *st = open_new();
	const char *rev[] = { "a1", "me", "knows", "0.9", NULL, "crm", NULL };
	const char *other_src[] = { "a1", "me", "knows", "0.4", NULL, "linkedin", NULL };
	struct pm_error err;
	struct rows r = { 0 };
	int created = -1, bad = -1;

	seed(st);
	cr_assert_eq(pm_store_put(st, PM_T_LINKS, rev, PM_PUT_UPSERT, &created, NULL, &err), 0);
	cr_assert_eq(created, 0, "b-a knows is the same tie as a-b");
	cr_assert_eq(pm_store_put(st, PM_T_LINKS, other_src, PM_PUT_UPSERT, &created, NULL, &err), 0);
	cr_assert_eq(created, 1, "another source is another tie");
	cr_assert_eq(pm_store_select(st, PM_T_LINKS, NULL, grab, &r, &err), 0);
	cr_assert_eq(r.n, 2);
	cr_assert_str_eq(r.first[1], "me,a1,knows,0.9,2026-01-01,crm,",
			 "orientation kept, strength updated, date not given so kept");
	rev[1] = "ghost";
	cr_assert_eq(pm_store_put(st, PM_T_LINKS, rev, PM_PUT_UPSERT, NULL, &bad, &err), PM_ENOTFOUND);
	cr_assert_eq(bad, 1);
	cr_assert_str_eq(err.msg, "unknown person 'ghost'");
	pm_store_close(st);
}

PM_TEST(store, removing_a_person_removes_links_with_history)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	struct rows r = { 0 };
	int removed = 0;

	seed(st);
	cr_assert_eq(pm_store_link_remove(st, "a1", "me", "knows", NULL, &removed, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(removed, 1);
	cr_assert_eq(pm_store_link_remove(st, "a1", "me", NULL, NULL, &removed, &err), PM_ENOTFOUND);
	seed(st);
	cr_assert_eq(pm_store_person_remove(st, "me", &err), 0);
	cr_assert_eq(pm_store_select(st, PM_T_LINKS, NULL, grab, &r, &err), 0);
	cr_assert_eq(r.n, 0);
	cr_assert_eq(pm_store_person_remove(st, "me", &err), PM_ENOTFOUND);
	pm_store_close(st);
}

struct hist {
	int n;
	char last[256];
};

static int on_hist(const struct pm_history_entry *e, void *ctx)
{
	struct hist *h = ctx;

	h->n++;
	snprintf(h->last, sizeof(h->last), "%s %s %s %s", e->action, e->entity, e->subject,
		 e->command ? e->command : "-");
	return 0;
}

PM_TEST(store, history_has_time_command_and_filters)
{
	struct pm_store *st;
	struct pm_error err;
	struct hist h = { 0 };

	st = open_new();
	pm_store_set_command(st, "test seed");
	pm_store_set_clock(st, "2026-11-27T09:00:00Z");
	seed(st);
	cr_assert_str_eq(pm_store_now(st), "2026-11-27T09:00:00Z");
	cr_assert_eq(pm_store_history(st, NULL, 0, on_hist, &h, &err), 0);
	cr_assert_eq(h.n, 7, "3 orgs, 3 people and 1 link added");
	cr_assert_str_eq(h.last, "add link me -> a1 (knows, crm) test seed");
	memset(&h, 0, sizeof(h));
	cr_assert_eq(pm_store_history(st, NULL, 1, on_hist, &h, &err), 0);
	cr_assert_eq(h.n, 1);
	memset(&h, 0, sizeof(h));
	cr_assert_eq(pm_store_history(st, "2026-11-28", 0, on_hist, &h, &err), 0);
	cr_assert_eq(h.n, 0);
	pm_store_close(st);
}

/* ---- the named queries other layers use ---- */

struct keys {
	char s[256];
};

static int add_key(const struct pm_person_row *r, void *ctx)
{
	struct keys *k = ctx;
	size_t n = strlen(k->s);

	snprintf(k->s + n, sizeof(k->s) - n, "%s%s/%s/%s", n ? " " : "", r->key,
		 r->org_key ? r->org_key : "-", r->org_kind ? r->org_kind : "-");
	return 0;
}

static int add_link(const struct pm_link_row *r, void *ctx)
{
	struct keys *k = ctx;
	size_t n = strlen(k->s);

	snprintf(k->s + n, sizeof(k->s) - n, "%s%lld>%lld:%s:%.1f:%s:%s", n ? " " : "",
		 (long long)r->src, (long long)r->dst, pm_link_kinds[r->kind], r->strength,
		 r->last_contact ? r->last_contact : "-", r->source ? r->source : "-");
	return 0;
}

static int add_last_contact(int64_t id, const char *last, void *ctx)
{
	struct keys *k = ctx;
	size_t n = strlen(k->s);

	snprintf(k->s + n, sizeof(k->s) - n, "%s%lld=%s", n ? " " : "", (long long)id, last);
	return 0;
}

static int add_id(int64_t id, void *ctx)
{
	struct keys *k = ctx;
	size_t n = strlen(k->s);

	snprintf(k->s + n, sizeof(k->s) - n, "%s%lld", n ? " " : "", (long long)id);
	return 0;
}

PM_TEST(store, named_queries)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	struct pm_link_cursor *cur;
	struct pm_link_row row;
	struct keys k = { "" };
	const char *l2[] = { "a2", "a1", "reports_to", NULL, NULL, NULL, NULL };
	const char *i1[] = { "a1", "2026-11-20T10:00", "meeting", "me", "kickoff", NULL, NULL };
	const char *i2[] = { "a1", "2026-12-01", "call", NULL, NULL, NULL, NULL };
	int64_t acme, a1, a2, me;
	char buf[32], *name = NULL;
	int n;

	seed(st);
	put(st, PM_T_LINKS, l2);
	put(st, PM_T_INTERACTIONS, i1);
	put(st, PM_T_INTERACTIONS, i2);
	cr_assert_eq(pm_store_org_resolve(st, "acme", &acme, NULL, &err), 0);
	cr_assert_eq(pm_store_person_resolve(st, "a1", &a1, NULL, &err), 0);
	cr_assert_eq(pm_store_person_resolve(st, "a2", &a2, NULL, &err), 0);
	cr_assert_eq(pm_store_person_resolve(st, "me", &me, NULL, &err), 0);

	/* an account's people: the org and its child orgs, by key */
	cr_assert_eq(pm_store_account_people(st, acme, add_key, &k, &err), 0);
	cr_assert_str_eq(k.s, "a1/acme/customer a2/acme-jp/customer");
	k.s[0] = '\0';
	cr_assert_eq(pm_store_person_get(st, me, add_key, &k, &err), 0);
	cr_assert_str_eq(k.s, "me/us/own");
	cr_assert_eq(pm_store_person_get(st, 999, add_key, &k, &err), PM_ENOTFOUND);
	cr_assert_eq(pm_store_org_name(st, acme, &name, &err), 0);
	cr_assert_str_eq(name, "Acme");
	free(name);

	/* a person's links both ways; the other end in dst */
	cr_assert_eq(pm_store_link_cursor_open(st, PM_LINK_BIT(PM_LINK_KNOWS) |
					       PM_LINK_BIT(PM_LINK_REPORTS_TO), &cur, &err), 0);
	cr_assert_eq(pm_store_link_cursor_seek(cur, a1, &err), 0);
	for (n = 0; pm_store_link_cursor_next(cur, &row, &err) > 0; n++) {
		cr_assert_eq(row.src, a1);
		cr_assert(row.kind == PM_LINK_KNOWS ? row.dst == me && !row.stored_dir
			  : row.dst == a2 && !row.stored_dir && !row.has_strength);
	}
	cr_assert_eq(n, 2);
	pm_store_link_cursor_close(cur);
	cr_assert_eq(pm_store_link_cursor_open(st, PM_LINK_BIT(PM_LINK_INFLUENCES), &cur, &err), 0);
	cr_assert_eq(pm_store_link_cursor_seek(cur, a1, &err), 0);
	cr_assert_eq(pm_store_link_cursor_next(cur, &row, &err), 0, "no influences links");
	pm_store_link_cursor_close(cur);

	/* links among a set of people, by link id */
	{
		int64_t ids[] = { a1, me };
		k.s[0] = '\0';
		cr_assert_eq(pm_store_links_among(st, ids, 2, add_link, &k, &err), 0);
		snprintf(buf, sizeof(buf), "%lld>%lld:", (long long)me, (long long)a1);
		cr_assert(strstr(k.s, buf) && strstr(k.s, ":knows:0.5:2026-01-01:crm"), "%s", k.s);
		cr_assert_null(strstr(k.s, "reports_to"), "a2 is not in the set: %s", k.s);
	}

	/* last contact with our side, per account person who has one; our people into the account */
	k.s[0] = '\0';
	cr_assert_eq(pm_store_account_last_contacts(st, acme, add_last_contact, &k, &err), 0);
	snprintf(buf, sizeof(buf), "%lld=2026-01-01", (long long)a1);
	cr_assert_str_eq(k.s, buf, "a2's reports_to to a1 has no date and is not ours");
	k.s[0] = '\0';
	cr_assert_eq(pm_store_account_ours(st, acme, 0, add_id, &k, &err), 0);
	snprintf(buf, sizeof(buf), "%lld", (long long)me);
	cr_assert_str_eq(k.s, buf);
	/* per account person, only the strongest: a second of ours, closer to a1 */
	{
		const char *p4[] = { "me2", "Me Two", "us", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
		const char *lme2[] = { "me2", "a1", "knows", "0.9", NULL, "crm", NULL };
		int64_t me2;
		put(st, PM_T_PEOPLE, p4);
		put(st, PM_T_LINKS, lme2);
		cr_assert_eq(pm_store_person_resolve(st, "me2", &me2, NULL, &err), 0);
		k.s[0] = '\0';
		cr_assert_eq(pm_store_account_ours(st, acme, 0, add_id, &k, &err), 0);
		snprintf(buf, sizeof(buf), "%lld %lld", (long long)me, (long long)me2);
		cr_assert_str_eq(k.s, buf);
		k.s[0] = '\0';
		cr_assert_eq(pm_store_account_ours(st, acme, 1, add_id, &k, &err), 0);
		snprintf(buf, sizeof(buf), "%lld", (long long)me2);
		cr_assert_str_eq(k.s, buf, "only the strongest of ours per account person");
	}
	pm_store_close(st);
}

static int add_config(const char *name, const char *value, void *ctx)
{
	struct keys *k = ctx;
	size_t n = strlen(k->s);

	snprintf(k->s + n, sizeof(k->s) - n, "%s%s=%s", n ? " " : "", name, value);
	return 0;
}

PM_TEST(store, config_is_kept_with_history)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	struct keys k = { "" };

	cr_assert_eq(pm_store_config_set(st, "half_life", "90", &err), 0);
	cr_assert_eq(pm_store_config_set(st, "floor", "0.2", &err), 0);
	cr_assert_eq(pm_store_config_set(st, "half_life", "120", &err), 0);
	cr_assert_eq(pm_store_config_set(st, "floor", NULL, &err), 0);
	cr_assert_eq(pm_store_config_each(st, add_config, &k, &err), 0);
	cr_assert_str_eq(k.s, "half_life=120");
	cr_assert_eq(count_history(st, "half_life"), 2, "set, then changed");
	cr_assert_eq(count_history(st, "floor"), 2, "set, then removed");
	pm_store_close(st);
}

/* Names as people type them: full-width spaces, no spaces, company forms. */
PM_TEST(store, names_resolve_as_typed)
{
	struct pm_store *st = open_new();
	const char *o1[] = { "kanto", "関東精機株式会社", "customer", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p1[] = { "tanaka", "田中 一郎", "kanto", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p2[] = { "sato1", "佐藤 花子", "kanto", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p3[] = { "sato2", "佐藤　花子", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p4[] = { "ty", "Taro Yamada", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	struct pm_error err;
	int64_t id, want;
	char *key = NULL;

	put(st, PM_T_ORGS, o1);
	put(st, PM_T_PEOPLE, p1);
	put(st, PM_T_PEOPLE, p2);
	put(st, PM_T_PEOPLE, p3);
	put(st, PM_T_PEOPLE, p4);
	cr_assert_eq(pm_store_person_resolve(st, "tanaka", &want, NULL, &err), 0);
	cr_assert_eq(pm_store_person_resolve(st, "田中　一郎", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_eq(id, want);
	cr_assert_str_eq(key, "tanaka");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "田中一郎", &id, NULL, &err), 0);
	cr_assert_eq(pm_store_person_resolve(st, "YAMADA Taro", &id, &key, &err), 0);
	cr_assert_str_eq(key, "ty");
	free(key);
	/* an exact name wins; two people behind one typed name are listed */
	cr_assert_eq(pm_store_person_resolve(st, "佐藤 花子", &id, &key, &err), 0);
	cr_assert_str_eq(key, "sato1");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "佐藤花子", &id, NULL, &err), PM_EAMBIGUOUS);
	cr_assert(strstr(err.msg, "'sato1'") && strstr(err.msg, "'sato2'"), "%s", err.msg);
	/* a family name alone resolves when one person has it, else lists them */
	cr_assert_eq(pm_store_person_resolve(st, "佐藤", &id, NULL, &err), PM_EAMBIGUOUS);
	cr_assert_str_eq(err.msg, "'佐藤' matches 2 people: 佐藤 花子 (sato1), 佐藤　花子 (sato2); "
			 "name one by key", "a family name two people share");
	cr_assert_eq(pm_store_person_resolve(st, "田中", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_str_eq(key, "tanaka");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "yamada", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_str_eq(key, "ty", "one whole word of a Latin name");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "yama", &id, NULL, &err), PM_ENOTFOUND,
		     "part of a Latin word is not a name");
	cr_assert_eq(pm_store_person_resolve(st, "一郎", &id, NULL, &err), PM_ENOTFOUND);
	cr_assert_str_eq(err.msg, "unknown person '一郎'; did you mean 田中 一郎 (tanaka)?",
			 "a given name alone is only a hint");
	/* namesakes in one org */
	{
		char who[128];
		cr_assert_eq(pm_store_person_namesakes(st, "sato1", who, sizeof(who), &err), 0,
			     "sato2 has no org");
		cr_assert_eq(pm_store_person_namesakes(st, "tanaka", who, sizeof(who), &err), 0);
	}
	cr_assert_eq(pm_store_person_resolve(st, "tanka", &id, NULL, &err), PM_ENOTFOUND);
	cr_assert_str_eq(err.msg, "unknown person 'tanka'; did you mean 田中 一郎 (tanaka)?",
			 "a typo in a key");
	cr_assert_eq(pm_store_person_resolve(st, "suzuki", &id, NULL, &err), PM_ENOTFOUND);
	cr_assert_str_eq(err.msg, "unknown person 'suzuki'", "nothing near: no hint");
	cr_assert_eq(pm_store_org_resolve(st, "関東", &id, NULL, &err), PM_ENOTFOUND);
	cr_assert(strstr(err.msg, "did you mean 関東精機株式会社 (kanto)?"), "%s", err.msg);
	/* orgs by their name with another form of company */
	cr_assert_eq(pm_store_org_resolve(st, "関東精機(株)", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_str_eq(key, "kanto");
	free(key);
	cr_assert_eq(pm_store_org_resolve(st, "関東精機㈱", &id, NULL, &err), 0);
	/* with an honorific, or called by family name and title (阿部部長) */
	{
		const char *p5[] = { "sato3", "佐藤 次郎", "kanto", "取締役 営業本部長", NULL, NULL,
				     NULL, NULL, NULL, NULL, NULL };
		put(st, PM_T_PEOPLE, p5);
	}
	cr_assert_eq(pm_store_person_resolve(st, "田中 一郎 様", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_str_eq(key, "tanaka");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "田中さん", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_str_eq(key, "tanaka");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "Mr. Taro Yamada", &id, &key, &err), 0, "%s",
		     err.msg);
	cr_assert_str_eq(key, "ty");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "佐藤様", &id, NULL, &err), PM_EAMBIGUOUS);
	cr_assert_eq(pm_store_person_resolve(st, "佐藤本部長", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_str_eq(key, "sato3", "the one 佐藤 whose title holds 本部長");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "佐藤取締役", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_str_eq(key, "sato3");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "佐藤次郎部長", &id, &key, &err), 0, "%s", err.msg);
	cr_assert_str_eq(key, "sato3", "a full name and a title");
	free(key);
	cr_assert_eq(pm_store_person_resolve(st, "佐藤課長", &id, NULL, &err), PM_ENOTFOUND,
		     "no 佐藤 is a 課長");
	cr_assert_eq(pm_store_person_resolve(st, "田中社長", &id, NULL, &err), PM_ENOTFOUND,
		     "田中 has no title");
	pm_store_close(st);
}

/* A file of schema version 2 gets its name keys when a newer powermap opens it. */
PM_TEST(store, migration_to_3_fills_name_keys)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	sqlite3 *db;
	int64_t id;

	seed(st);
	pm_store_close(st);
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "DROP INDEX people_name_key; DROP INDEX orgs_name_key;"
				  "DROP INDEX people_email; DROP INDEX people_url;"
				  "ALTER TABLE people DROP COLUMN name_key;"
				  "ALTER TABLE orgs DROP COLUMN name_key;"
				  "ALTER TABLE interactions DROP COLUMN direction;"
				  "ALTER TABLE orgs DROP COLUMN domains;"
				  "ALTER TABLE orgs DROP COLUMN employees;"
				  "ALTER TABLE orgs DROP COLUMN revenue;"
				  "ALTER TABLE orgs DROP COLUMN currency;"
				  "ALTER TABLE orgs DROP COLUMN region;"
				  "ALTER TABLE orgs DROP COLUMN website;"
				  "DROP TABLE merges; DROP TABLE reviews; DROP TABLE power_cache;"
				  "DROP TABLE links_digest; DROP TABLE links_changed;"
				  "DROP TRIGGER links_changed_insert; DROP TRIGGER links_changed_update;"
				  "DROP TRIGGER links_changed_delete;"
				  "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_schema_version(st), PM_SCHEMA_VERSION);
	cr_assert_eq(pm_store_org_resolve(st, "ACME", &id, NULL, &err), 0, "%s", err.msg);
	pm_store_close(st);
}

/* A file of schema version 10 gets name keys without honorifics (阿部様 is 阿部). */
PM_TEST(store, migration_to_11_drops_honorifics_from_name_keys)
{
	struct pm_store *st = open_new();
	const char *o1[] = { "kanto", "関東精機", "customer", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p1[] = { "abe", "阿部 直樹 様", "kanto", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	struct pm_error err;
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t id;

	put(st, PM_T_ORGS, o1);
	put(st, PM_T_PEOPLE, p1);
	pm_store_close(st);
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "UPDATE people SET name_key = '阿部直樹様';"
				  "PRAGMA user_version = 10", NULL, NULL, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_schema_version(st), PM_SCHEMA_VERSION);
	cr_assert_eq(pm_store_person_resolve(st, "阿部直樹", &id, NULL, &err), 0, "%s", err.msg);
	pm_store_close(st);
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT name_key FROM people", -1, &s, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 0), "阿部直樹");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/*
 * A file of schema version 11 has links triggers that note a changed id with
 * OR IGNORE, which a tie written with OR FAIL turns into a failure the
 * second time the tie changes while a digest exists. Version 12 notes it
 * without a conflict: the same tie changed twice in one transaction.
 */
PM_TEST(store, migration_to_12_lets_a_tie_change_twice_under_a_digest)
{
	static const char *const old_triggers =
		"DROP TRIGGER links_changed_insert; DROP TRIGGER links_changed_update;"
		"DROP TRIGGER links_changed_delete;"
		"CREATE TRIGGER links_changed_insert AFTER INSERT ON links WHEN EXISTS"
		" (SELECT 1 FROM links_digest) BEGIN INSERT OR IGNORE INTO links_changed"
		" VALUES (NEW.id); END;"
		"CREATE TRIGGER links_changed_update AFTER UPDATE ON links WHEN EXISTS"
		" (SELECT 1 FROM links_digest) BEGIN INSERT OR IGNORE INTO links_changed"
		" VALUES (OLD.id); INSERT OR IGNORE INTO links_changed VALUES (NEW.id); END;"
		"CREATE TRIGGER links_changed_delete AFTER DELETE ON links WHEN EXISTS"
		" (SELECT 1 FROM links_digest) BEGIN INSERT OR IGNORE INTO links_changed"
		" VALUES (OLD.id); END;"
		"INSERT INTO links_digest VALUES (0, 1, 0, x'01');"
		"PRAGMA user_version = 11";
	const char *l2[] = { "me", "a1", "knows", "0.7", "2026-02-01", "crm", NULL };
	const char *l3[] = { "me", "a1", "knows", "0.9", "2026-03-01", "crm", NULL };
	struct pm_store *st = open_new();
	struct pm_error err;
	sqlite3 *db;
	sqlite3_stmt *s;

	seed(st);
	pm_store_close(st);
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, old_triggers, NULL, NULL, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(db));
	sqlite3_close(db);
	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_schema_version(st), PM_SCHEMA_VERSION);
	cr_assert_eq(pm_store_begin(st, &err), 0, "%s", err.msg);
	put(st, PM_T_LINKS, l2);
	put(st, PM_T_LINKS, l3);
	cr_assert_eq(pm_store_commit(st, &err), 0, "%s", err.msg);
	pm_store_close(st);
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM links_changed),"
					" (SELECT strength FROM links), (SELECT count(*) FROM"
					" sqlite_schema WHERE type = 'trigger' AND sql LIKE"
					" '%NOT EXISTS%')", -1, &s, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(s, 0), 1, "the tie noted once");
	cr_assert_float_eq(sqlite3_column_double(s, 1), 0.9, 1e-12);
	cr_assert_eq(sqlite3_column_int(s, 2), 3, "the three triggers replaced");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* ---- duplicates and merging ---- */

static void seed_duplicates(struct pm_store *st)
{
	const char *p4[] = { "a3", "Sato", "acme", "CTO", NULL, "sato@acme.example", NULL, NULL,
			     NULL, NULL, NULL };
	const char *p5[] = { "a4", "Ｓａｔｏ", NULL, NULL, NULL, "SATO@acme.example", NULL, NULL,
			     NULL, "5", "met at expo" };
	const char *l2[] = { "me", "a4", "knows", "0.8", NULL, "crm", NULL };
	const char *l3[] = { "a4", "a2", "knows", "0.3", NULL, "cards", NULL };
	const char *i1[] = { "a4", "2026-11-01T10:00", "meeting", "me", NULL, NULL, NULL };

	seed(st);
	put(st, PM_T_PEOPLE, p4);
	put(st, PM_T_PEOPLE, p5);
	put(st, PM_T_LINKS, l2);
	put(st, PM_T_LINKS, l3);
	put(st, PM_T_INTERACTIONS, i1);
}

PM_TEST(store, duplicates_are_listed_with_their_evidence)
{
	struct pm_store *st = open_new();
	struct pm_duplicate *d = NULL;
	struct pm_error err;
	size_t n = 0;

	seed_duplicates(st);
	cr_assert_eq(pm_store_duplicates(st, &d, &n, &err), 0, "%s", err.msg);
	/* a1/a2 are the same name in different orgs: not listed */
	cr_assert_eq(n, 4);
	cr_assert_str_eq(d[0].keep, "a1");
	cr_assert_str_eq(d[0].other, "a3");
	cr_assert_str_eq(d[0].evidence, "the same name in the same org");
	cr_assert_str_eq(d[1].other, "a4");
	cr_assert_str_eq(d[1].evidence, "the same name, one without an org",
			 "full-width Ｓａｔｏ is typed Sato");
	cr_assert_str_eq(d[2].keep, "a2");
	cr_assert_str_eq(d[3].keep, "a3");
	cr_assert_str_eq(d[3].other, "a4");
	cr_assert_str_eq(d[3].evidence, "the same email", "case does not matter");
	pm_duplicates_free(d, n);
	pm_store_close(st);
}

PM_TEST(store, merging_moves_ties_fills_fields_and_is_logged)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	struct rows r = { 0 };
	struct pm_filter f = { 0 };
	struct hist h = { 0 };

	seed_duplicates(st);
	cr_assert_eq(pm_store_person_merge(st, "a1", "a4", &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_select(st, PM_T_LINKS, NULL, grab, &r, &err), 0);
	cr_assert_eq(r.n, 2, "me->a4 (crm) was me->a1 (crm) already; a4->a2 became a1->a2");
	cr_assert_str_eq(r.first[0], "a1,a2,knows,0.3,,cards,");
	cr_assert_str_eq(r.first[1], "me,a1,knows,0.5,2026-01-01,crm,", "the kept tie is kept");
	memset(&r, 0, sizeof(r));
	f.person = "a1";
	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, &f, grab, &r, &err), 0);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.first[0],
			 "a1,Sato,acme,,,SATO@acme.example,,champion,supporter,3,met at expo",
			 "what a1 lacked came from a4; what it had stayed");
	f.person = "a4";
	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, &f, grab, &r, &err), PM_ENOTFOUND);
	cr_assert_eq(pm_store_history(st, NULL, 1, on_hist, &h, &err), 0);
	cr_assert_str_eq(h.last, "merge person a1 -");
	cr_assert_eq(pm_store_person_merge(st, "a1", "a1", &err), PM_EINVAL);
	cr_assert_eq(pm_store_person_merge(st, "a1", "ghost", &err), PM_ENOTFOUND);
	memset(&r, 0, sizeof(r));
	f.person = "a1";
	cr_assert_eq(pm_store_select(st, PM_T_INTERACTIONS, &f, grab, &r, &err), 0);
	cr_assert_eq(r.n, 1, "a4's meeting is a1's now");
	pm_store_close(st);
}

static int count_subject(const struct pm_history_entry *e, void *ctx)
{
	struct hist *h = ctx;

	h->n += e->entity && !strcmp(e->entity, "person") && !strcmp(e->subject, h->last);
	return 0;
}

/* How many history rows are about person `key`. */
static int history_of(struct pm_store *st, const char *key)
{
	struct pm_error err;
	struct hist h = { 0 };

	snprintf(h.last, sizeof(h.last), "%s", key);
	cr_assert_eq(pm_store_history(st, NULL, 0, count_subject, &h, &err), 0);
	return h.n;
}

PM_TEST(store, a_merge_can_be_undone)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	struct rows r = { 0 };
	struct pm_filter f = { 0 };
	struct hist h = { 0 };
	char *kept = NULL;

	seed_duplicates(st);
	cr_assert_eq(history_of(st, "a4"), 1, "added");
	cr_assert_eq(history_of(st, "a1"), 1, "added");
	cr_assert_eq(pm_store_person_merge(st, "a1", "a4", &err), 0, "%s", err.msg);
	cr_assert_eq(history_of(st, "a4"), 0, "a4's history is a1's now");
	cr_assert_eq(history_of(st, "a1"), 3, "added twice and merged");
	cr_assert_eq(pm_store_person_unmerge(st, "a4", &kept, &err), 0, "%s", err.msg);
	cr_assert_eq(history_of(st, "a4"), 2, "its own back, and the unmerge");
	cr_assert_eq(history_of(st, "a1"), 2, "added and merged");
	cr_assert_str_eq(kept, "a1");
	free(kept);
	f.person = "a4";
	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, &f, grab, &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r.first[0], "a4,Ｓａｔｏ,,,,SATO@acme.example,,,unknown,5,met at expo");
	memset(&r, 0, sizeof(r));
	f.person = "a1";
	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, &f, grab, &r, &err), 0);
	cr_assert_str_eq(r.first[0], "a1,Sato,acme,,,,,champion,supporter,3,",
			 "what a1 got from a4 is gone again");
	memset(&r, 0, sizeof(r));
	cr_assert_eq(pm_store_select(st, PM_T_LINKS, NULL, grab, &r, &err), 0);
	cr_assert_eq(r.n, 3, "the dropped me->a4 is back");
	cr_assert_str_eq(r.first[0], "a4,a2,knows,0.3,,cards,");
	cr_assert_str_eq(r.first[2], "me,a4,knows,0.8,,crm,");
	memset(&r, 0, sizeof(r));
	f.person = "a4";
	cr_assert_eq(pm_store_select(st, PM_T_INTERACTIONS, &f, grab, &r, &err), 0);
	cr_assert_eq(r.n, 1, "the meeting is a4's again");
	cr_assert_eq(pm_store_history(st, NULL, 1, on_hist, &h, &err), 0);
	cr_assert_str_eq(h.last, "unmerge person a4 -");
	cr_assert_eq(pm_store_person_unmerge(st, "a4", NULL, &err), PM_ENOTFOUND, "undone once");
	/* merged again, then someone re-adds a4: the merge cannot be undone */
	cr_assert_eq(pm_store_person_merge(st, "a1", "a4", &err), 0, "%s", err.msg);
	{
		const char *p[] = { "a4", "New", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
		put(st, PM_T_PEOPLE, p);
	}
	cr_assert_eq(pm_store_person_unmerge(st, "a4", NULL, &err), PM_EEXISTS);
	pm_store_close(st);
}

/* Found by fuzzing (fuzz_map): the store refuses what add and import refuse, whoever calls. */
PM_TEST(store, put_refuses_invalid_text_from_any_caller)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	int bad = -1;
	const char *o[] = { "acme", "Acme", "customer", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p1[] = { "a", "n\xb6\xb6\xb6" "ame", "acme", NULL, NULL, NULL, NULL, NULL, NULL,
			     NULL, NULL };
	const char *p2[] = { "b", "B", "acme", "x\x01y", NULL, NULL, NULL, NULL, NULL, NULL, NULL };

	put(st, PM_T_ORGS, o);
	cr_assert_eq(pm_store_put(st, PM_T_PEOPLE, p1, PM_PUT_UPSERT, NULL, &bad, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "not valid UTF-8"), "%s", err.msg);
	cr_assert_eq(bad, 1);
	cr_assert_eq(pm_store_put(st, PM_T_PEOPLE, p2, PM_PUT_UPSERT, NULL, &bad, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "U+0001"), "%s", err.msg);
	cr_assert_eq(bad, 3);
	pm_store_close(st);
}

static int count_steps(void *ctx)
{
	(*(long *)ctx)++;
	return 0;
}

static int on_ours_tie(int64_t ours, int64_t person, double s, const char *key, void *ctx)
{
	(void)ours, (void)person, (void)s, (void)key;
	(*(int *)ctx)++;
	return 0;
}

/*
 * Our ties to one account are found through the indexes, not by reading the
 * links table: SQLite's planner, left to itself, scanned the whole
 * links_identity index for one side of the UNION (8 s on 10M ties for a
 * 300-person account). Counted in virtual-machine steps: the account's few
 * ties cost a few thousand; a scan of 60,000 links costs far more.
 */
PM_TEST(store, our_ties_to_an_account_do_not_read_the_whole_links_table)
{
	struct pm_store *st = open_new();
	struct pm_error err;
	sqlite3 *db;
	long steps = 0;
	int64_t acme;
	int n = 0;

	seed(st);
	pm_store_close(st);
	cr_assert_eq(sqlite3_open(dbp, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db,
		"BEGIN;"
		"INSERT INTO orgs(key, name, kind) VALUES ('big', 'Big', 'customer');"
		"WITH RECURSIVE i(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM i WHERE x < 20000)"
		" INSERT INTO people(key, name, org_id) SELECT 'b' || x, 'B' || x,"
		"  (SELECT id FROM orgs WHERE key = 'big') FROM i;"
		"WITH RECURSIVE i(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM i WHERE x < 59999)"
		" INSERT INTO links(src, dst, kind, strength)"
		"  SELECT (SELECT id FROM people WHERE key = 'b' || (x % 20000 + 1)),"
		"   (SELECT id FROM people WHERE key = 'b' || ((x * 7 + 1 + x / 20000) % 20000 + 1)),"
		"   'knows', 0.5 FROM i WHERE x % 20000 <> (x * 7 + 1 + x / 20000) % 20000;"
		"COMMIT;", NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	cr_assert_eq(pm_store_open(dbp, 0, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_org_resolve(st, "acme", &acme, NULL, &err), 0, "%s", err.msg);
	sqlite3_progress_handler(st->db, 100, count_steps, &steps);
	cr_assert_eq(pm_store_account_ours_ties(st, acme, 5, on_ours_tie, &n, &err), 0, "%s", err.msg);
	sqlite3_progress_handler(st->db, 0, NULL, NULL);
	cr_assert_eq(n, 1);   /* me - a1 */
	cr_assert_lt(steps, 200, "%ld00 steps", steps);
	pm_store_close(st);
}

static char *journal_mode(struct pm_store *st)
{
	sqlite3_stmt *s = NULL;
	char *mode = NULL;

	cr_assert_eq(sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		mode = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	cr_assert(mode);
	return mode;
}

static void expect_mode(struct pm_store *st, const char *want)
{
	char *mode = journal_mode(st);

	cr_assert_str_eq(mode, want);
	free(mode);
}

/*
 * A first load writes through a rollback journal (every page once) and
 * leaves the file in WAL; a load into a database with people or links, or
 * with another connection open, stays in WAL throughout.
 */
PM_TEST(store, only_a_first_load_alone_leaves_the_wal_for_its_run)
{
	struct pm_store *st = open_new(), *other = NULL;
	struct pm_error err;

	expect_mode(st, "wal");
	cr_assert_eq(pm_store_import_begin(st, &err), 0, "%s", err.msg);
	expect_mode(st, "delete");
	cr_assert_eq(pm_store_import_end(st, 1, &err), 0, "%s", err.msg);
	expect_mode(st, "wal");

	/* another connection open: the switch cannot happen */
	cr_assert_eq(pm_store_open(dbp, 0, &other, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_import_begin(st, &err), 0, "%s", err.msg);
	expect_mode(st, "wal");
	cr_assert_eq(pm_store_import_end(st, 0, &err), 0, "%s", err.msg);
	pm_store_close(other);

	/* people in the database: an update, readers keep reading */
	seed(st);
	cr_assert_eq(pm_store_import_begin(st, &err), 0, "%s", err.msg);
	expect_mode(st, "wal");
	cr_assert_eq(pm_store_import_end(st, 1, &err), 0, "%s", err.msg);
	pm_store_close(st);
}

/* a1's role, stance and power as the people readers give them */
struct as_seen {
	char role[32], stance[32];
	int power, n;
};

static int see_a1(const struct pm_person_row *r, void *ctx)
{
	struct as_seen *a = ctx;

	if (!strcmp(r->key, "a1")) {
		snprintf(a->role, sizeof(a->role), "%s", r->role ? r->role : "-");
		snprintf(a->stance, sizeof(a->stance), "%s", r->stance ? r->stance : "-");
		a->power = r->power;
		a->n++;
	}
	return 0;
}

static int brief_a1(const struct pm_person_brief *r, void *ctx)
{
	struct as_seen *a = ctx;

	if (!strcmp(r->key, "a1")) {
		snprintf(a->stance, sizeof(a->stance), "%s", r->stance ? r->stance : "-");
		a->n++;
	}
	return 0;
}

static struct as_seen seen_at(struct pm_store *st, const char *as_of)
{
	struct as_seen a = { "", "", -1, 0 }, b = { "", "", -1, 0 };
	struct pm_error err;
	int64_t org;

	cr_assert_eq(pm_store_people_as_of(st, as_of, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_org_resolve(st, "acme", &org, NULL, &err), 0);
	cr_assert_eq(pm_store_account_people(st, org, see_a1, &a, &err), 0);
	cr_assert_eq(a.n, 1);
	/* the whole-network reader (accounts, reach) agrees */
	cr_assert_eq(pm_store_people_all(st, brief_a1, &b, &err), 0);
	cr_assert_str_eq(b.stance, a.stance, "as of %s", as_of ? as_of : "now");
	return a;
}

/*
 * A past date shows role, stance and power as they stood at its end: the
 * first change after it is undone, later ones with it; NULL is now again.
 */
PM_TEST(store, people_as_of_a_past_date_are_rewound_through_the_history)
{
	struct pm_store *st = open_new();
	const char *s1[11] = { "a1", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "skeptic", NULL, NULL };
	const char *s2[11] = { "a1", NULL, NULL, NULL, NULL, NULL, NULL, "blocker", "opponent", "5",
			       NULL };
	struct pm_error err;
	struct as_seen a;

	pm_store_set_clock(st, "2026-09-01T09:00:00Z");
	seed(st);   /* a1: champion, supporter, power 3 */
	pm_store_set_clock(st, "2026-10-15T23:30:00Z");
	cr_assert_eq(pm_store_put(st, PM_T_PEOPLE, s1, PM_PUT_UPDATE_ONLY, NULL, NULL, &err), 0);
	pm_store_set_clock(st, "2026-11-20T08:00:00Z");
	cr_assert_eq(pm_store_put(st, PM_T_PEOPLE, s2, PM_PUT_UPDATE_ONLY, NULL, NULL, &err), 0);

	a = seen_at(st, NULL);
	cr_assert_str_eq(a.stance, "opponent");
	cr_assert_str_eq(a.role, "blocker");
	cr_assert_eq(a.power, 5);
	a = seen_at(st, "2026-11-19");
	cr_assert_str_eq(a.stance, "skeptic");
	cr_assert_str_eq(a.role, "champion");
	cr_assert_eq(a.power, 3);
	a = seen_at(st, "2026-10-15");   /* a change late that day is part of it */
	cr_assert_str_eq(a.stance, "skeptic");
	a = seen_at(st, "2026-10-14");
	cr_assert_str_eq(a.stance, "supporter");
	cr_assert_str_eq(a.role, "champion");
	cr_assert_eq(a.power, 3);
	a = seen_at(st, "2026-11-20");   /* the day of the last change: as now */
	cr_assert_str_eq(a.stance, "opponent");
	a = seen_at(st, "");
	cr_assert_str_eq(a.stance, "opponent");
	pm_store_close(st);
}

/*
 * Records written many to a statement (bulk loads) are the records given:
 * every column bound to its own row, defaults and computed columns (the
 * name key) included, across whole statements and the rest written one by
 * one.
 */
PM_TEST(store, records_written_many_at_a_time_are_the_records_given)
{
	enum { NPEOPLE = 2 * PM_STORE_INSERT_ROWS + 37, NLINKS = 3 * PM_STORE_INSERT_ROWS + 5 };
	struct pm_store *st = open_new();
	const char **pv = calloc(NPEOPLE * PM_TABLE_MAXCOLS, sizeof(*pv));
	const char **lv = calloc(NLINKS * PM_TABLE_MAXCOLS, sizeof(*lv));
	int64_t *prefs = calloc(NPEOPLE * PM_TABLE_MAXCOLS, sizeof(*prefs));
	int64_t *lrefs = calloc(NLINKS * PM_TABLE_MAXCOLS, sizeof(*lrefs));
	char (*text)[4][48] = calloc(NPEOPLE + NLINKS, sizeof(*text));
	static const char *const kinds[] = { "knows", "influences", "reports_to" };
	struct pm_error err;
	int64_t last = 0, next = 0;
	sqlite3_stmt *s;
	int i, n;

	cr_assert(pv && lv && prefs && lrefs && text);
	for (i = 0; i < NPEOPLE; i++) {
		const char **v = pv + i * PM_TABLE_MAXCOLS;
		snprintf(text[i][0], 48, "p%d", i + 1);
		snprintf(text[i][1], 48, "Ｓａｔｏ %d 様", i + 1);
		snprintf(text[i][2], 48, "t%d", i % 7);
		v[0] = text[i][0];
		v[1] = text[i][1];
		v[3] = i % 3 ? text[i][2] : NULL;
		v[8] = i % 5 ? NULL : "champion";   /* NULL: the default, unknown */
		v[9] = i % 4 ? NULL : "4";
	}
	for (i = 0; i < NLINKS; i++) {
		const char **v = lv + i * PM_TABLE_MAXCOLS;
		char (*t)[48] = text[NPEOPLE + i];
		lrefs[i * PM_TABLE_MAXCOLS] = i % NPEOPLE + 1;
		lrefs[i * PM_TABLE_MAXCOLS + 1] = (i + 1 + i / NPEOPLE) % NPEOPLE + 1;
		v[2] = kinds[i / NPEOPLE];
		snprintf(t[0], 48, "0.%03d", i % 1000);
		snprintf(t[1], 48, "2026-%02d-%02d", i % 12 + 1, i % 28 + 1);
		snprintf(t[2], 48, "src%d", i % 3);
		v[3] = i % 2 ? t[0] : NULL;
		v[4] = i % 3 ? t[1] : NULL;
		v[5] = i % 4 ? t[2] : NULL;     /* NULL: stored as '' */
	}
	cr_assert_eq(pm_store_begin(st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_next_rowid(st, PM_T_PEOPLE, &next, &err), 0, "%s", err.msg);
	cr_assert_eq(next, 1);
	cr_assert_eq(pm_store_insert_resolved_rows(st, PM_T_PEOPLE, pv, prefs, NPEOPLE, &last, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(last, NPEOPLE, "the last person's row id");
	cr_assert_eq(pm_store_next_rowid(st, PM_T_PEOPLE, &next, &err), 0, "%s", err.msg);
	cr_assert_eq(next, NPEOPLE + 1);
	cr_assert_eq(pm_store_insert_resolved_rows(st, PM_T_LINKS, lv, lrefs, NLINKS, &last, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(last, NLINKS, "the last tie's row id");
	cr_assert_eq(pm_store_commit(st, &err), 0, "%s", err.msg);

	cr_assert_eq(sqlite3_prepare_v2(st->db, "SELECT id, key, name, title, stance, power,"
					" name_key = pm_person_key(name) FROM people ORDER BY id",
					-1, &s, NULL), SQLITE_OK);
	for (n = 0; sqlite3_step(s) == SQLITE_ROW; n++) {
		const char **v = pv + n * PM_TABLE_MAXCOLS;
		const char *title = (const char *)sqlite3_column_text(s, 3);
		cr_assert_eq(sqlite3_column_int(s, 0), n + 1);
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 1), v[0]);
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 2), v[1]);
		cr_assert(v[3] ? title && !strcmp(title, v[3]) : !title, "person %d's title", n + 1);
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 4), v[8] ? v[8] : "unknown");
		cr_assert_eq(sqlite3_column_int(s, 5), v[9] ? 4 : 0);
		cr_assert_eq(sqlite3_column_int(s, 6), 1, "person %d's name key", n + 1);
	}
	sqlite3_finalize(s);
	cr_assert_eq(n, NPEOPLE);

	cr_assert_eq(sqlite3_prepare_v2(st->db, "SELECT src, dst, kind, strength, last_contact,"
					" source FROM links ORDER BY id", -1, &s, NULL), SQLITE_OK);
	for (n = 0; sqlite3_step(s) == SQLITE_ROW; n++) {
		const char **v = lv + n * PM_TABLE_MAXCOLS;
		const char *lc = (const char *)sqlite3_column_text(s, 4);
		cr_assert_eq(sqlite3_column_int64(s, 0), lrefs[n * PM_TABLE_MAXCOLS]);
		cr_assert_eq(sqlite3_column_int64(s, 1), lrefs[n * PM_TABLE_MAXCOLS + 1]);
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 2), v[2]);
		if (v[3])
			cr_assert_float_eq(sqlite3_column_double(s, 3), strtod(v[3], NULL), 1e-12);
		else
			cr_assert_eq(sqlite3_column_type(s, 3), SQLITE_NULL, "link %d", n + 1);
		cr_assert(v[4] ? lc && !strcmp(lc, v[4]) : !lc, "link %d's last contact", n + 1);
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 5), v[5] ? v[5] : "");
	}
	sqlite3_finalize(s);
	cr_assert_eq(n, NLINKS);
	pm_store_close(st);
	free(pv);
	free(lv);
	free(prefs);
	free(lrefs);
	free(text);
}

/* The ties and their history rows of a store, as text (no timestamps). */
static char *ties_and_history(struct pm_store *st)
{
	static const char *const sql[] = {
		"SELECT id, src, dst, kind, quote(strength), quote(last_contact), source, quote(notes)"
		" FROM links ORDER BY id",
		"SELECT id, command, entity, subject, action, quote(field), quote(old), quote(new)"
		" FROM history ORDER BY id",
	};
	struct pm_strbuf sb = PM_STRBUF_INIT;
	size_t q;

	for (q = 0; q < 2; q++) {
		sqlite3_stmt *s;
		cr_assert_eq(sqlite3_prepare_v2(st->db, sql[q], -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			int c;
			for (c = 0; c < sqlite3_column_count(s); c++) {
				const char *t = (const char *)sqlite3_column_text(s, c);
				pm_strbuf_addf(&sb, "%s|", t ? t : "NULL");
			}
			pm_strbuf_puts(&sb, "\n");
		}
		sqlite3_finalize(s);
	}
	return pm_strbuf_detach(&sb);
}

struct refusals {
	size_t at[8];
	size_t n;
};

static int note_refused(size_t i, const char *why, void *ctx)
{
	struct refusals *r = ctx;

	cr_assert(why && *why, "a reason for record %zu", i);
	cr_assert_lt(r->n, 8);
	r->at[r->n++] = i;
	return 0;
}

/*
 * pm_store_put_new_many writes what pm_store_put_new writes one record at a
 * time — the same ties with the same ids, the same history rows in the same
 * order — across a many-row statement and its tail, and tells the records
 * it refuses, in order, writing the others.
 */
PM_TEST(store, new_records_many_at_a_time_are_those_written_one_by_one)
{
	enum { NPEOPLE = 40, N = PM_STORE_INSERT_ROWS + 300 };
	static const char *const kinds[] = { "knows", "influences", "reports_to" };
	const char **v = calloc(N * PM_TABLE_MAXCOLS, sizeof(*v));
	int64_t *refs = calloc(N * PM_TABLE_MAXCOLS, sizeof(*refs));
	char (*text)[5][48] = calloc(N, sizeof(*text));
	char (*keys)[24] = calloc(NPEOPLE, sizeof(*keys));
	char *two = tu_path(dir, "two.db"), *many, *one;
	struct refusals r = { { 0 }, 0 };
	struct pm_store *sts[2];
	struct pm_error err;
	int i, k;

	cr_assert(v && refs && text && keys);
	for (k = 0; k < 2; k++) {
		cr_assert_eq(pm_store_open(k ? two : dbp, PM_STORE_CREATE, &sts[k], &err), 0, "%s",
			     err.msg);
		for (i = 0; i < NPEOPLE; i++) {
			const char *p[] = { keys[i], keys[i], NULL, NULL, NULL, NULL, NULL, NULL, NULL,
					    NULL, NULL };
			snprintf(keys[i], sizeof(keys[i]), "p%d", i + 1);
			put(sts[k], PM_T_PEOPLE, p);
		}
	}
	for (i = 0; i < N; i++) {
		const char **x = v + i * PM_TABLE_MAXCOLS;
		int a = i % NPEOPLE, b = (a + 1 + i / NPEOPLE) % NPEOPLE;
		refs[i * PM_TABLE_MAXCOLS] = a + 1;
		refs[i * PM_TABLE_MAXCOLS + 1] = b + 1;
		snprintf(text[i][0], 48, "0.%02d", i % 100);
		snprintf(text[i][1], 48, "2026-%02d-%02d", i % 12 + 1, i % 28 + 1);
		snprintf(text[i][2], 48, "s%d", i);
		x[0] = keys[a];
		x[1] = keys[b];
		x[2] = kinds[i % 3];
		x[3] = i % 2 ? text[i][0] : NULL;
		x[4] = i % 3 ? text[i][1] : NULL;
		x[5] = text[i][2];
		x[6] = i % 5 ? NULL : "met at a fair";
	}
	v[3 * PM_TABLE_MAXCOLS + 3] = "1.5";                /* no strength above 1 */
	v[300 * PM_TABLE_MAXCOLS + 2] = "friend";           /* no such kind */
	v[(N - 1) * PM_TABLE_MAXCOLS + 4] = "2026-02-30";   /* no such day */

	sts[0]->importing = sts[1]->importing = 1;   /* as an import writes them */
	cr_assert_eq(pm_store_begin(sts[0], &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_put_new_many(sts[0], PM_T_LINKS, v, refs, N, note_refused, &r, &err),
		     0, "%s", err.msg);
	cr_assert_eq(pm_store_commit(sts[0], &err), 0, "%s", err.msg);
	cr_assert_eq(r.n, 3);
	cr_assert_eq(r.at[0], 3);
	cr_assert_eq(r.at[1], 300);
	cr_assert_eq(r.at[2], N - 1);

	cr_assert_eq(pm_store_begin(sts[1], &err), 0, "%s", err.msg);
	for (i = 0; i < N; i++) {
		int rc = pm_store_put_new(sts[1], PM_T_LINKS, v + i * PM_TABLE_MAXCOLS,
					  refs + i * PM_TABLE_MAXCOLS, &err);
		cr_assert_eq(rc, i == 3 || i == 300 || i == N - 1 ? PM_EINVAL : 0, "record %d: %s", i,
			     err.msg);
	}
	cr_assert_eq(pm_store_commit(sts[1], &err), 0, "%s", err.msg);

	many = ties_and_history(sts[0]);
	one = ties_and_history(sts[1]);
	cr_assert_gt(strlen(one), (size_t)(N - 3) * 40, "every tie and its history row");
	cr_assert_str_eq(many, one);
	free(many);
	free(one);
	for (k = 0; k < 2; k++)
		pm_store_close(sts[k]);
	free(two);
	free(v);
	free(refs);
	free(text);
	free(keys);
}

/*
 * A second reader (pm_store_reader_open) and st read one snapshot: what was
 * committed before is there for both, what another connection commits
 * meanwhile is there for neither until the reader is closed. Not inside a
 * transaction of st's.
 */
PM_TEST(store, a_second_reader_shares_the_snapshot)
{
	const char *early[] = { "early", "Early", "acme", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *late[] = { "late", "Late", "acme", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	struct pm_store *st = open_new(), *w = NULL, *r = NULL;
	struct pm_error err;
	int64_t id;

	seed(st);
	cr_assert_eq(pm_store_open(dbp, 0, &w, &err), 0, "%s", err.msg);
	put(w, PM_T_PEOPLE, early);
	cr_assert_eq(pm_store_reader_open(st, &r, &err), 0, "%s", err.msg);
	put(w, PM_T_PEOPLE, late);
	cr_assert_eq(pm_store_person_resolve(r, "early", &id, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_person_resolve(st, "early", &id, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_person_resolve(r, "late", &id, NULL, &err), PM_ENOTFOUND);
	cr_assert_eq(pm_store_person_resolve(st, "late", &id, NULL, &err), PM_ENOTFOUND);
	pm_store_reader_close(st, r);
	cr_assert_eq(pm_store_person_resolve(st, "late", &id, NULL, &err), 0, "%s", err.msg);
	/* st in a write transaction: no second reader */
	cr_assert_eq(pm_store_begin(st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_reader_open(st, &r, &err), PM_EINVAL);
	cr_assert_null(r);
	pm_store_rollback(st);
	pm_store_close(w);
	pm_store_close(st);
}
