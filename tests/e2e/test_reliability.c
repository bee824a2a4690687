/*
 * Reliability (issue 13), at a size that fits `make test` (`make stress`
 * runs the same scripts larger): SIGKILLs during imports and edits leave the
 * database checked and all-before or all-after; writers, readers and an
 * importer at once lose nothing and see no "locked" error; `check` finds
 * what is wrong, `backup` copies a live database with mode 0600.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../testutil.h"

#ifdef PM_ASAN
/* the sanitizer build imports 10-100x slower: smaller sizes, a longer wait */
#define SCALE 10
#define HOSTILE_SIZE "tiny"
#define WAIT_ENV "POWERMAP_WAIT=900 "
#else
#define SCALE 1
#define HOSTILE_SIZE "small"
#define WAIT_ENV ""
#endif

static char *dir;

static void setup(void)
{
	dir = tu_tmpdir();
}

static void teardown(void)
{
	tu_rmdir(dir);
}

TestSuite(reliability, .init = setup, .fini = teardown, .timeout = 600);

/* Run tests/reliability/SCRIPT with the binary, the generator and `args`; its output into out. */
static int run_script(const char *script, const char *args, char *out, size_t size)
{
	const char *bin = getenv("POWERMAP_BIN");
	char gen[4096], cmd[8192];
	const char *slash = strrchr(bin, '/');
	FILE *p;
	size_t n;

	snprintf(gen, sizeof(gen), "%.*s/gen", (int)(slash - bin), bin);
	snprintf(cmd, sizeof(cmd), WAIT_ENV "sh %s/../tests/reliability/%s %s %s %s %s/%s %s 2>&1",
		 getenv("POWERMAP_TOOLS"), script, bin, gen, getenv("POWERMAP_GRAPHS"), dir,
		 script, args);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	return pclose(p);
}

PM_TEST(reliability, sigkill_during_imports_and_edits_leaves_before_or_after)
{
	static char out[1 << 16];
	char args[64];

	/* the generator makes 1,000 people at least */
	snprintf(args, sizeof(args), "%d %d %d", 12, 5000 / SCALE < 1000 ? 1000 : 5000 / SCALE,
		 50000 / SCALE < 10000 ? 10000 : 50000 / SCALE);
	cr_assert_eq(run_script("kill.sh", args, out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "0 in between"), "%s", out);
	fprintf(stderr, "%s", strstr(out, "kill: ") ? strstr(out, "kill: ") : out);
}

PM_TEST(reliability, writers_readers_and_an_importer_at_once)
{
	static char out[1 << 16];
	char args[64];

	snprintf(args, sizeof(args), "%d %d %d", 20000 / SCALE < 1000 ? 1000 : 20000 / SCALE,
		 200000 / SCALE < 10000 ? 10000 : 200000 / SCALE, 12);
	cr_assert_eq(run_script("concurrency.sh", args, out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "failed: 0;") && strstr(out, "lost writes: 0"), "%s", out);
	fprintf(stderr, "%s", strstr(out, "concurrency: importer") ? strstr(out, "concurrency: importer") : out);
}

#define RUN(r, db, ...) tu_pm(&(r), db, __VA_ARGS__, NULL)

PM_TEST(reliability, check_finds_what_sql_let_in_and_backup_copies_0600)
{
	struct tu_run r;
	char *db = tu_path(dir, "c.db"), *copy = tu_path(dir, "copy.db");
	struct stat sb;
	sqlite3 *raw;

	tu_import_demo(&r, db);
	tu_run_free(&r);
	RUN(r, db, "check");
	cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "ok: no problems found"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, db, "backup", copy);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	cr_assert_eq(stat(copy, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0600);
	RUN(r, copy, "list", "people", "--org", "kanto-seiki");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "tanaka-ichiro"), "the copy holds the data: %s", r.out);
	tu_run_free(&r);

	/* damage the copy behind powermap's back: a reporting cycle, a bad power, a dangling tie */
	cr_assert_eq(sqlite3_open(copy, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw,
		"PRAGMA ignore_check_constraints = ON;"
		"UPDATE people SET power = 9 WHERE key = 'okubo-rei';"
		"INSERT INTO links(src, dst, kind) SELECT a.id, b.id, 'reports_to' FROM people a,"
		" people b WHERE a.key = 'tanaka-ichiro' AND b.key = 'okubo-rei';"
		"INSERT INTO links(src, dst, kind) SELECT b.id, a.id, 'reports_to' FROM people a,"
		" people b WHERE a.key = 'tanaka-ichiro' AND b.key = 'okubo-rei';"
		"INSERT INTO links(src, dst, kind) SELECT id, 999999, 'knows' FROM people"
		" WHERE key = 'okubo-rei';", NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(raw));
	sqlite3_close(raw);
	RUN(r, copy, "check");
	cr_assert_eq(r.status, 1, "check must fail: %s", r.out);
	cr_assert(strstr(r.out, "cycles in reporting lines: 1"), "%s", r.out);
	cr_assert(strstr(r.out, "power outside 1-5: 1, e.g. okubo-rei"), "%s", r.out);
	cr_assert(strstr(r.out, "links rows pointing to missing records: 1"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, copy, "check", "--json");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.out, "\"ok\": false"), "%s", r.out);
	tu_run_free(&r);
	/* the quick check finds the same; each step is told on stderr when asked */
	RUN(r, copy, "check", "--quick", "--progress");
	cr_assert_eq(r.status, 1, "check must fail: %s", r.out);
	cr_assert(strstr(r.out, "cycles in reporting lines: 1") &&
		  strstr(r.out, "power outside 1-5: 1, e.g. okubo-rei") &&
		  strstr(r.out, "links rows pointing to missing records: 1"), "%s", r.out);
	cr_assert(strstr(r.err, "s: SQLite's quick check\n") && strstr(r.err, "s: references\n") &&
		  strstr(r.err, "s: cycles\n") && strstr(r.err, "s: values\n"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, copy, "check");
	cr_assert_str_eq(r.err, "", "no progress unless stderr is a terminal: %s", r.err);
	tu_run_free(&r);
	free(db);
	free(copy);
}

static mode_t mode_of(const char *path)
{
	struct stat sb;

	cr_assert_eq(stat(path, &sb), 0, "%s", path);
	return sb.st_mode & 0777;
}

/* Every file written is 0600 and every folder 0700, even under umask 000. */
PM_TEST(reliability, files_written_are_private_whatever_the_umask)
{
	struct tu_run r;
	char *db = tu_path(dir, "p.db"), *ex = tu_path(dir, "ex"), *one = tu_path(dir, "one.csv"),
	     *js = tu_path(dir, "all.json"), *svg = tu_path(dir, "map.svg"),
	     *png = tu_path(dir, "map.png"), *html = tu_path(dir, "plan.html"),
	     *plans = tu_path(dir, "plans"), *gml = tu_path(dir, "n.graphml");
	char *f;
	mode_t old;

	tu_import_demo(&r, db);
	tu_run_free(&r);
	old = umask(0);
	RUN(r, db, "export", "--dir", ex);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, db, "export", "--type", "people", "-o", one);
	tu_run_free(&r);
	RUN(r, db, "export", "--format", "json", "-o", js);
	tu_run_free(&r);
	RUN(r, db, "export", "--format", "graphml", "-o", gml);
	tu_run_free(&r);
	RUN(r, db, "draw", "kanto-seiki", "-o", svg);
	tu_run_free(&r);
	RUN(r, db, "draw", "kanto-seiki", "-o", png);
	tu_run_free(&r);
	RUN(r, db, "report", "kanto-seiki", "-o", html);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, db, "report", "--all", "-o", plans);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	umask(old);
	cr_assert_eq(mode_of(ex), 0700);
	cr_assert_eq(mode_of(plans), 0700);
	f = tu_path(ex, "people.csv");
	cr_assert_eq(mode_of(f), 0600);
	free(f);
	f = tu_path(plans, "index.html");
	cr_assert_eq(mode_of(f), 0600);
	free(f);
	cr_assert_eq(mode_of(one), 0600);
	cr_assert_eq(mode_of(js), 0600);
	cr_assert_eq(mode_of(gml), 0600);
	cr_assert_eq(mode_of(svg), 0600);
	cr_assert_eq(mode_of(png), 0600);
	cr_assert_eq(mode_of(html), 0600);
	cr_assert_eq(mode_of(db), 0600);
	free(db); free(ex); free(one); free(js); free(svg); free(png); free(html);
	free(plans); free(gml);
}

/* A symbolic link planted where powermap writes is refused, its target untouched. */
PM_TEST(reliability, never_writes_through_a_planted_symlink)
{
	struct tu_run r;
	char *db = tu_path(dir, "s.db"), *ex = tu_path(dir, "ex"),
	     *victim = tu_write(dir, "victim.txt", "precious\n"), *link, *t;

	tu_import_demo(&r, db);
	tu_run_free(&r);
	cr_assert_eq(mkdir(ex, 0700), 0);
	link = tu_path(ex, "people.csv");
	cr_assert_eq(symlink(victim, link), 0);
	RUN(r, db, "export", "--dir", ex);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "symbolic link"), "%s", r.err);
	tu_run_free(&r);
	t = tu_read(victim);
	cr_assert_str_eq(t, "precious\n");
	free(t);
	t = tu_path(ex, "orgs.csv");
	cr_assert_neq(access(t, F_OK), 0, "nothing is written when one target is a link");
	free(t);
	char *svg = tu_path(dir, "map.svg");
	cr_assert_eq(symlink(victim, svg), 0);
	RUN(r, db, "draw", "kanto-seiki", "-o", svg);
	cr_assert_eq(r.status, 1, "%s", r.err);
	tu_run_free(&r);
	free(svg);
	RUN(r, db, "export", "--type", "people", "-o", link);
	cr_assert_eq(r.status, 1);
	tu_run_free(&r);
	t = tu_read(victim);
	cr_assert_str_eq(t, "precious\n");
	free(t);
	free(db); free(ex); free(victim); free(link);
}

/* The smaller defects of issue 13, each as the probe found it. */
PM_TEST(reliability, hostile_fields_get_clear_errors_and_exact_numbers)
{
	struct tu_run r;
	char *db = tu_path(dir, "h.db"), *f, *t;
	static char a2100[2101], csv[2 * 2101 + 512];

	tu_import_demo(&r, db);
	tu_run_free(&r);

	/* identities longer than 2,048 bytes are compared whole (no false duplicate) */
	memset(a2100, 'a', 2100);
	snprintf(csv, sizeof(csv), "person,at,channel,owner,subject,minutes\n"
		 "abe-naoki,2026-11-21T10:00,call,nakano-yuta,%s1,30\n"
		 "abe-naoki,2026-11-21T10:00,call,nakano-yuta,%s2,30\n", a2100, a2100);
	f = tu_write(dir, "long.csv", csv);
	RUN(r, db, "import", f);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "2 interactions (2 new"), "%s", r.out);
	tu_run_free(&r);
	free(f);

	/* a bad quote in the header is named as such, not "empty file" */
	f = tu_write(dir, "badq.csv", "key,na\"me,org\nx,y,z\n");
	RUN(r, db, "import", f);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "badq.csv:1: error: malformed quoting"), "%s", r.err);
	cr_assert_null(strstr(r.err, "empty file"), "%s", r.err);
	tu_run_free(&r);
	free(f);
	f = tu_write(dir, "quotes.csv", "\"\"\"\"\"\"\"\"\"\"\"");
	RUN(r, db, "import", f);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "unterminated quoted field"), "%s", r.err);
	tu_run_free(&r);
	free(f);

	/* a field over the 1 MiB limit: a clear error at its line */
	{
		size_t n = (1u << 20) + 100;
		char *big = malloc(n + 64);
		memcpy(big, "key,name,org\nx1,", 16);
		memset(big + 16, 'z', n);
		strcpy(big + 16 + n, ",kanto-seiki\n");
		f = tu_write(dir, "big.csv", big);
		free(big);
		RUN(r, db, "import", f);
		cr_assert_eq(r.status, 1);
		cr_assert(strstr(r.err, "big.csv:2: error: a field longer than 1048576 bytes"),
			  "%.300s", r.err);
		tu_run_free(&r);
		free(f);
	}

	/* numbers: hex refused; integers exact; doubles round-trip */
	RUN(r, db, "add", "deal", "hex", "--account", "kanto-seiki", "--amount", "0x10");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "not a non-negative number"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, db, "add", "deal", "huge", "--account", "kanto-seiki", "--amount", "123456789012345678");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "more digits than powermap keeps exactly"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, db, "add", "deal", "exact", "--account", "kanto-seiki", "--amount",
	    "9007199254740991", "--probability", "0.30000000000000004");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, db, "export", "--type", "deals");
	cr_assert(strstr(r.out, "exact,kanto-seiki,,,9007199254740991,,0.30000000000000004,"), "%s",
		  r.out);
	tu_run_free(&r);

	/* terminal escape sequences in stored data are not replayed by show or errors */
	{
		sqlite3 *raw;
		cr_assert_eq(sqlite3_open(db, &raw), SQLITE_OK);
		sqlite3_exec(raw, "UPDATE people SET name = 'Bad' || char(27) || '[31mRED' || "
			     "char(155) || 'x', notes = 'n' || char(27) || ']0;title' || char(7) "
			     "WHERE key = 'abe-naoki'", NULL, NULL, NULL);
		sqlite3_close(raw);
	}
	RUN(r, db, "show", "abe-naoki");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strchr(r.out, 27), "an ESC reached the terminal: %s", r.out);
	cr_assert_null(strstr(r.out, "\xc2\x9b"), "a CSI reached the terminal");
	cr_assert_null(strchr(r.out, 7), "a BEL reached the terminal");
	cr_assert(strstr(r.out, "Bad [31mRED  x"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, db, "show", "x\x1b[31m");
	cr_assert_eq(r.status, 1);
	cr_assert_null(strchr(r.err, 27), "%s", r.err);
	tu_run_free(&r);

	/* a database error during an import is said once, not once per row */
	t = tu_path(dir, "ro");
	cr_assert_eq(mkdir(t, 0755), 0);
	f = tu_path(t, "ro.db");
	{
		char cmd[8192];
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && chmod 444 '%s' && chmod 755 '%s'", db, f, f,
			 dir);
		cr_assert_eq(system(cmd), 0);
	}
	{
		char *people = tu_write(dir, "people.csv", "key,name,org\nn1,New One,kanto-seiki\n"
					"n2,New Two,kanto-seiki\nn3,New Three,kanto-seiki\n");
		const char *args[] = { "import", people, NULL };
		chmod(people, 0644);
		tu_pm_unprivileged(&r, f, args);
		cr_assert_eq(r.status, 1, "%s", r.err);
		size_t lines = 0;
		for (const char *p = r.err; *p; p++)
			lines += *p == '\n';
		cr_assert_eq(lines, 1, "one message: %s", r.err);
		cr_assert(strstr(r.err, "read-only"), "%s", r.err);
		tu_run_free(&r);
		free(people);
	}
	free(f);
	free(t);
	free(db);
}

/* Hostile inputs at a size that fits make test (make stress: 100 MB, 100,000 deep, 1M). */
PM_TEST(reliability, hostile_inputs_end_in_a_clear_error_or_an_answer)
{
	static char out[1 << 16];
	const char *bin = getenv("POWERMAP_BIN");
	char cmd[8192], *work = tu_path(dir, "hostile");
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd), "sh %s/../tests/reliability/hostile.sh %s %s " HOSTILE_SIZE
		 " 2>&1", getenv("POWERMAP_TOOLS"), bin, work);
	free(work);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	cr_assert_eq(pclose(p), 0, "%s", out);
	cr_assert(strstr(out, "hostile: 0 failed"), "%s", out);
	fprintf(stderr, "%s", out);
}
