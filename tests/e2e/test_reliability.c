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
#define SCALE 5    /* the sanitizer build runs every command ~5x slower */
#else
#define SCALE 1
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
	snprintf(cmd, sizeof(cmd), "sh %s/../tests/reliability/%s %s %s %s %s/%s %s 2>&1",
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

	snprintf(args, sizeof(args), "%d %d %d", 12, 5000 / SCALE, 50000 / SCALE);
	cr_assert_eq(run_script("kill.sh", args, out, sizeof(out)), 0, "%s", out);
	cr_assert(strstr(out, "0 in between"), "%s", out);
	fprintf(stderr, "%s", strstr(out, "kill: ") ? strstr(out, "kill: ") : out);
}

PM_TEST(reliability, writers_readers_and_an_importer_at_once)
{
	static char out[1 << 16];
	char args[64];

	snprintf(args, sizeof(args), "%d %d %d", 20000 / SCALE, 200000 / SCALE, 12);
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
