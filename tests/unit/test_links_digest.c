/*
 * Unit tests: the links digest behind pm_store_links_all (links_digest.c).
 * Every read must give exactly what a scan of the table gives now — same
 * rows, same order, same values bit for bit — whoever changed the table.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/import.h"
#include "powermap/kit.h"
#include "powermap/store.h"
#include "../testutil.h"
#include "../../src/store/store_internal.h"   /* the connection and digest_min */

static char *dir, *dbp;
static struct pm_store *st;

#define PEOPLE 60
#define TIES 2000

static void exec(const char *sql)
{
	char *msg = NULL;

	cr_assert_eq(sqlite3_exec(st->db, sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
		     msg ? msg : "");
}

static long long count(const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long n;

	cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/*
 * PEOPLE people and TIES ties with every shape a tie can have: the three
 * kinds, strengths in hundredths and not, none; dates canonical, before
 * 2000, impossible, empty, with a time, none; gaps in the ids and an id
 * beyond 32 bits. Written with plain SQL, as the sqlite3 shell would.
 */
static void setup(void)
{
	static const char *const dates[] = { "'2026-11-25'", "'1999-12-31'", "'2026-02-30'", "''",
					     "'2026-11-25T10:00'", "NULL", "'2024-02-29'",
					     "'9999-12-31'", "'2000-01-01'" };
	static const char *const strengths[] = { "0.5", "1", "0", "0.07", "0.123456789", "NULL",
						  "0.99", "0.333" };
	static const char *const kinds[] = { "knows", "influences", "reports_to" };
	struct pm_error err;
	char sql[512];
	int i;

	dir = tu_tmpdir();
	dbp = tu_path(dir, "t.db");
	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0, "%s", err.msg);
	st->digest_min = 1;
	exec("BEGIN");
	for (i = 1; i <= PEOPLE; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO people(id, key, name) VALUES (%d, 'p%d', 'P %d')",
			 i, i, i);
		exec(sql);
	}
	for (i = 0; i < TIES; i++) {
		int a = 1 + i % PEOPLE, b = 1 + (i * 7 + 3) % PEOPLE;
		if (a == b)
			b = b % PEOPLE + 1;
		snprintf(sql, sizeof(sql), "INSERT INTO links(id, src, dst, kind, strength, "
			 "last_contact, source) VALUES (%lld, %d, %d, '%s', %s, %s, 's%d')",
			 i == TIES - 1 ? 5000000000LL : (long long)(i + 1 + i / 100), a, b,
			 kinds[i % 3], strengths[i % 8], dates[i % 9], i);
		exec(sql);
	}
	/* ids at the ends of the range: the steps between them wrap */
	exec("INSERT INTO people(id, key, name) VALUES (-7, 'pneg', 'Neg'),"
	     " (9000000000000000000, 'pbig', 'Big')");
	exec("INSERT INTO links(id, src, dst, kind, strength, source) VALUES"
	     " (-3, 9000000000000000000, -7, 'knows', 0.5, 'x'),"
	     " (-2, -7, 9000000000000000000, 'knows', 0.5, 'y')");
	exec("COMMIT");
}

static void teardown(void)
{
	pm_store_close(st);
	free(dbp);
	tu_rmdir(dir);
}

TestSuite(links_digest, .init = setup, .fini = teardown);

/* One tie as text, its strength exactly (%a). */
static void describe(struct pm_strbuf *sb, long long id, long long src, long long dst, int kind,
		     int has_strength, double strength, const char *last_contact)
{
	pm_strbuf_addf(sb, "%lld %lld>%lld k%d %s%a %s\n", id, src, dst, kind,
		       has_strength ? "" : "none ", has_strength ? strength : 0.0,
		       last_contact ? last_contact : "(null)");
}

static int add_tie(const struct pm_link_row *r, void *ctx)
{
	describe(ctx, (long long)r->id, (long long)r->src, (long long)r->dst, (int)r->kind,
		 r->has_strength, r->strength, r->last_contact);
	return 0;
}

/* What pm_store_links_all gives, as text; cr-asserts it succeeds. */
static char *read_all(void)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	struct pm_error err;

	cr_assert_eq(pm_store_links_all(st, add_tie, &sb, &err), 0, "%s", err.msg);
	return pm_strbuf_detach(&sb);
}

/* The table as it is, straight from SQL, in the same text. */
static char *table_now(void)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	sqlite3_stmt *s = NULL;

	cr_assert_eq(sqlite3_prepare_v2(st->db, "SELECT id, src, dst, kind, strength, last_contact"
					" FROM links ORDER BY id", -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 3);
		describe(&sb, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
			 sqlite3_column_int64(s, 2), k[0] == 'k' ? PM_LINK_KNOWS : k[0] == 'i' ?
			 PM_LINK_INFLUENCES : PM_LINK_REPORTS_TO,
			 sqlite3_column_type(s, 4) != SQLITE_NULL, sqlite3_column_double(s, 4),
			 (const char *)sqlite3_column_text(s, 5));
	}
	sqlite3_finalize(s);
	return pm_strbuf_detach(&sb);
}

static void expect_table(const char *when)
{
	char *want = table_now(), *got = read_all();

	cr_assert_str_eq(got, want, "%s", when);
	free(want);
	free(got);
}

PM_TEST(links_digest, serves_the_table_bit_for_bit)
{
	cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0);
	expect_table("first read: the table");
	cr_assert_gt(count("SELECT count(*) FROM links_digest"), 0, "the first read wrote it");
	cr_assert_eq(count("SELECT sum(ties) FROM links_digest"), TIES + 2);
	/* under 8 bytes a tie, for all the odd ones */
	cr_assert_lt(count("SELECT sum(length(data)) FROM links_digest"), 12 * TIES);
	expect_table("second read: the digest");
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 0);
}

PM_TEST(links_digest, follows_every_writer)
{
	const char *l[] = { "p1", "p2", "knows", "0.8", "2026-10-01", "crm", NULL };
	const char *u[] = { "p1", "p2", "knows", "0.3", "2026-11-01", "crm", NULL };
	struct pm_error err;
	int i;

	expect_table("built");
	/* each change is served from the table over the digest (fewer than 1% changed) */
	cr_assert_eq(pm_store_put(st, PM_T_LINKS, l, PM_PUT_UPSERT, NULL, NULL, &err), 0, "%s",
		     err.msg);
	expect_table("a tie added through the store");
	cr_assert_eq(pm_store_put(st, PM_T_LINKS, u, PM_PUT_UPSERT, NULL, NULL, &err), 0, "%s",
		     err.msg);
	expect_table("a tie changed through the store");
	exec("DELETE FROM links WHERE id = 7");
	expect_table("a tie deleted");
	exec("INSERT INTO links(id, src, dst, kind, strength, source) VALUES (7, 3, 4, 'knows', 0.25, 'again')");
	expect_table("its id used again");
	exec("UPDATE links SET id = 4000000000 WHERE id = 12");
	expect_table("an id changed");
	exec("UPDATE links SET last_contact = '2020-01-01' WHERE id = 5000000000");
	expect_table("the last tie changed");
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 5);
	cr_assert_gt(count("SELECT count(*) FROM links_digest"), 0, "still the digest");
	exec("DELETE FROM people WHERE id = 9");   /* its ties go by cascade */
	cr_assert_gt(count("SELECT count(*) FROM links_changed"), 20, "over 1%% now");
	expect_table("a person removed");
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 0, "rebuilt");
	/* over 1% changed again */
	for (i = 100; i < 140; i++) {
		char sql[128];
		snprintf(sql, sizeof(sql), "UPDATE links SET strength = 0.%02d WHERE id = %d", i % 100, i);
		exec(sql);
	}
	expect_table("many changed");
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 0, "rebuilt");
	expect_table("rebuilt");
}

PM_TEST(links_digest, bulk_load_drops_it)
{
	const char *v[] = { NULL, NULL, "knows", "0.4", "2026-03-03", "bulk", NULL };
	int64_t refs[7] = { 5, 6 }, id = 0;
	struct pm_error err;

	expect_table("built");
	cr_assert_eq(pm_store_begin(st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_bulk_begin(st, PM_T_LINKS, &err), 0, "%s", err.msg);
	cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0);
	cr_assert_eq(pm_store_insert_resolved(st, PM_T_LINKS, v, refs, &id, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_bulk_end(st, PM_T_LINKS, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_commit(st, &err), 0, "%s", err.msg);
	cr_assert_eq(count("SELECT count(*) FROM sqlite_schema WHERE name = 'links_changed_insert'"), 1,
		     "the trigger is back");
	expect_table("after the bulk load");
	exec("INSERT INTO links(src, dst, kind, source) VALUES (8, 9, 'knows', 'later')");
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 1, "noted again");
	expect_table("after an insert");
}

/*
 * The store writes ties with INSERT OR FAIL (no statement journal): a tie
 * refused by a constraint — the identity taken, a tie to oneself, a person
 * who does not exist — must leave nothing behind, in the table or in the
 * digest's list of changed ties, and the transaction goes on.
 */
PM_TEST(links_digest, refused_tie_leaves_nothing_behind)
{
	const char *v1[] = { "p1", "p4", "knows", "0.5", NULL, "s0", NULL };
	const char *v2[] = { "p5", "p5", "knows", "0.5", NULL, "s0", NULL };
	const char *v3[] = { "p5", "nobody", "knows", "0.5", NULL, "s0", NULL };
	const char *ok[] = { "p5", "p6", "knows", "0.5", "2026-11-01", "ok", NULL };
	int64_t taken[7] = { 1, 4 }, self[7] = { 5, 5 }, nobody[7] = { 5, 424242 };
	int64_t fresh[7] = { 5, 6 };
	long long ties = count("SELECT count(*) FROM links");
	struct pm_error err;

	expect_table("built");
	cr_assert_eq(count("SELECT count(*) FROM links WHERE src = 1 AND dst = 4 AND source = 's0'"), 1);
	cr_assert_eq(pm_store_begin(st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_put_new(st, PM_T_LINKS, v1, taken, &err), PM_EDB, "the identity is taken");
	cr_assert(strstr(err.msg, "UNIQUE"), "%s", err.msg);
	cr_assert_eq(pm_store_put_new(st, PM_T_LINKS, v2, self, &err), PM_EDB, "a tie to oneself");
	cr_assert(strstr(err.msg, "CHECK"), "%s", err.msg);
	cr_assert_eq(pm_store_put_new(st, PM_T_LINKS, v3, nobody, &err), PM_EDB, "no such person");
	cr_assert(strstr(err.msg, "FOREIGN KEY"), "%s", err.msg);
	cr_assert_eq(count("SELECT count(*) FROM links"), ties);
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 0);
	cr_assert_eq(count("SELECT count(*) FROM history WHERE entity = 'link'"), 0);
	cr_assert_eq(pm_store_put_new(st, PM_T_LINKS, ok, fresh, &err), 0, "%s", err.msg);
	cr_assert_eq(count("SELECT count(*) FROM links"), ties + 1);
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 1);
	cr_assert_eq(pm_store_commit(st, &err), 0, "%s", err.msg);
	expect_table("after the refused ties and one written");
}

PM_TEST(links_digest, damaged_is_dropped_and_rebuilt)
{
	static const char *const damage[] = {
		"UPDATE links_digest SET data = x'0155' WHERE part = 0",          /* cut short */
		"UPDATE links_digest SET data = substr(data, 1, length(data) - 1)",
		"UPDATE links_digest SET data = data || x'00'",                 /* bytes left over */
		"UPDATE links_digest SET ties = ties + 1",
		"UPDATE links_digest SET ties = ties - 1",
		"UPDATE links_digest SET data = x'02' || substr(data, 2)",       /* another format */
		"UPDATE links_digest SET data = x'01ff'",                       /* flags out of range */
	};
	size_t i;

	for (i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		struct pm_strbuf sb = PM_STRBUF_INIT;
		struct pm_error err;
		expect_table("built");
		cr_assert_gt(count("SELECT count(*) FROM links_digest"), 0);
		exec(damage[i]);
		cr_assert_eq(pm_store_links_all(st, add_tie, &sb, &err), PM_EDB, "%s", damage[i]);
		cr_assert(strstr(err.msg, "damaged") && strstr(err.msg, "run the command again"),
			  "%s", err.msg);
		pm_strbuf_release(&sb);
		cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0, "%s", damage[i]);
	}
	expect_table("rebuilt");
	cr_assert_gt(count("SELECT count(*) FROM links_digest"), 0);
}

PM_TEST(links_digest, not_for_small_tables)
{
	st->digest_min = TIES + 3;
	expect_table("read");
	cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0);
	exec("DELETE FROM links WHERE id = 3");
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 0, "nothing noted without a digest");
	expect_table("read again");
}

PM_TEST(links_digest, a_reader_does_not_wait_for_a_writer)
{
	struct pm_store *other = NULL;
	struct pm_error err;

	cr_assert_eq(pm_store_open(dbp, 0, &other, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_begin(other, &err), 0, "%s", err.msg);
	cr_assert_eq(sqlite3_exec(other->db, "DELETE FROM links WHERE id = 2", NULL, NULL, NULL),
		     SQLITE_OK);
	expect_table("read while another writes: the table");
	cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0, "not written: locked");
	cr_assert_eq(pm_store_commit(other, &err), 0, "%s", err.msg);
	pm_store_close(other);
	expect_table("after the write");
	cr_assert_gt(count("SELECT count(*) FROM links_digest"), 0);
}

PM_TEST(links_digest, not_written_when_another_wrote_after_the_read)
{
	struct pm_store *other = NULL;
	struct pm_error err;
	char *got;

	/* the caller's read transaction: the digest is written when it ends */
	cr_assert_eq(pm_store_read_begin(st, &err), 0, "%s", err.msg);
	got = read_all();
	free(got);
	cr_assert_eq(pm_store_open(dbp, 0, &other, &err), 0, "%s", err.msg);
	cr_assert_eq(sqlite3_exec(other->db, "UPDATE links SET strength = 0.01 WHERE id = 30",
				  NULL, NULL, NULL), SQLITE_OK);
	pm_store_close(other);
	pm_store_read_end(st);
	cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0, "not the digest of an old table");
	expect_table("after the other's write");
	/* and with nobody writing in between, it is written when the read ends */
	exec("DELETE FROM links_digest");
	cr_assert_eq(pm_store_read_begin(st, &err), 0, "%s", err.msg);
	got = read_all();
	free(got);
	cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0, "not yet");
	pm_store_read_end(st);
	cr_assert_gt(count("SELECT count(*) FROM links_digest"), 0);
	expect_table("the digest");
}

PM_TEST(links_digest, many_links_coming_drop_it)
{
	struct pm_error err;

	expect_table("built");
	cr_assert_eq(pm_store_links_coming(st, 20, &err), 0, "%s", err.msg);
	cr_assert_gt(count("SELECT count(*) FROM links_digest"), 0, "1%% coming: kept");
	cr_assert_eq(pm_store_links_coming(st, 21, &err), 0, "%s", err.msg);
	cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0, "more: dropped");
	exec("INSERT INTO links(src, dst, kind, source) VALUES (8, 9, 'knows', 'later')");
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 0, "not noted");
	expect_table("rebuilt");
}

PM_TEST(links_digest, damaged_while_another_writes)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	struct pm_store *other = NULL;
	struct pm_error err;

	expect_table("built");
	exec("UPDATE links_digest SET ties = ties + 1");
	cr_assert_eq(pm_store_open(dbp, 0, &other, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_begin(other, &err), 0, "%s", err.msg);
	cr_assert_eq(sqlite3_exec(other->db, "DELETE FROM links WHERE id = 2", NULL, NULL, NULL),
		     SQLITE_OK);
	cr_assert_eq(pm_store_links_all(st, add_tie, &sb, &err), PM_EDB);
	cr_assert(strstr(err.msg, "could not be dropped"), "%s", err.msg);
	pm_strbuf_release(&sb);
	cr_assert_eq(pm_store_commit(other, &err), 0, "%s", err.msg);
	pm_store_close(other);
	cr_assert_eq(pm_store_links_all(st, add_tie, &sb, &err), PM_EDB);
	cr_assert(strstr(err.msg, "has been dropped"), "%s", err.msg);
	pm_strbuf_release(&sb);
	expect_table("rebuilt");
}

/* An import that changes many stored ties drops the digest instead of noting each. */
PM_TEST(links_digest, a_large_update_drops_it)
{
	struct pm_strbuf csv = PM_STRBUF_INIT;
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	int i;

	/* no reporting lines (setup's form cycles, which an import refuses); 70,000
	 * ties more (a first load would drop the digest anyway), then the digest */
	exec("BEGIN");
	exec("DELETE FROM links WHERE kind = 'reports_to'");
	for (i = 0; i < 70000; i++) {
		char sql[160];
		snprintf(sql, sizeof(sql), "INSERT INTO links(src, dst, kind, strength, source)"
			 " VALUES (%d, %d, 'knows', 0.5, 'u%d')", 1 + i % PEOPLE,
			 1 + (i + 1) % PEOPLE, i);
		exec(sql);
	}
	exec("COMMIT");
	expect_table("built");
	cr_assert_gt(count("SELECT count(*) FROM links_digest"), 0);
	/* 66,000 of them get a new strength */
	pm_strbuf_puts(&csv, "from,to,kind,strength,source\n");
	for (i = 0; i < 66000; i++)
		pm_strbuf_addf(&csv, "p%d,p%d,knows,0.25,u%d\n", 1 + i % PEOPLE, 1 + (i + 1) % PEOPLE, i);
	paths[0] = tu_write(dir, "update.csv", pm_strbuf_str(&csv));
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	cr_assert_eq(count("SELECT count(*) FROM links_digest"), 0, "dropped");
	cr_assert_eq(count("SELECT count(*) FROM links_changed"), 0, "and nothing noted");
	expect_table("after the update");
	pm_strbuf_release(&csv);
	free((char *)paths[0]);
}
