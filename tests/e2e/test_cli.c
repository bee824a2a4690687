/* End-to-end tests: run the built powermap binary as a user would. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <fcntl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../testutil.h"

static char *dir, *db;

static void setup(void)
{
	dir = tu_tmpdir();
	db = tu_path(dir, "pm.db");
	setenv("POWERMAP_NOW", "2026-11-27T09:00:00Z", 1);
}

static void teardown(void)
{
	free(db);
	tu_rmdir(dir);
}

TestSuite(cli, .init = setup, .fini = teardown, .timeout = 60);

#define RUN(r, ...) tu_pm(&(r), db, __VA_ARGS__, NULL)

/* Import both bundled demo accounts into db. */
static void import_demo(void)
{
	struct tu_run r;

	tu_import_demo(&r, db);
	cr_assert_eq(r.status, 0, "import failed: %s", r.err);
	cr_assert(strstr(r.out, "imported: 16 orgs (16 new, 0 updated), 79 people"), "%s", r.out);
	tu_run_free(&r);
}

/* The sorted, distinct "--option" words of a help text, joined by spaces. */
static char *option_words(const char *text)
{
	char *words[256], *out;
	size_t n = 0, i, j, len = 1;
	const char *p;

	for (p = strstr(text, "--"); p && n < 256; p = strstr(p + 2, "--")) {
		size_t k = 2;
		while (p[k] && (islower((unsigned char)p[k]) || p[k] == '-'))
			k++;
		if (k == 2)
			continue;
		for (i = 0; i < n && !(strlen(words[i]) == k && !strncmp(words[i], p, k)); i++)
			;
		if (i == n && (words[n] = strndup(p, k)))
			len += k + 1, n++;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(words[j - 1], words[j]) > 0; j--) {
			char *t = words[j];
			words[j] = words[j - 1];
			words[j - 1] = t;
		}
	out = calloc(1, len);
	for (i = 0; out && i < n; i++) {
		strcat(out, words[i]);
		strcat(out, " ");
	}
	for (i = 0; i < n; i++)
		free(words[i]);
	return out;
}

/* The example lines of a help text ("  powermap ..."), in order. */
static char *example_lines(const char *text)
{
	char *out = calloc(1, strlen(text) + 1);
	const char *line, *end;

	for (line = text; out && *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (!strncmp(line, "  powermap ", 11) || !strncmp(line, "  cat ", 6))
			strncat(out, line, (size_t)(end - line + (*end ? 1 : 0)));
	}
	return out;
}

/*
 * Every command's help in Japanese: the same options and the same examples
 * as the English one (which test_help_examples runs), so that a translation
 * can neither drop an option nor show an example that does not run.
 */
PM_TEST(cli, japanese_help_has_the_options_and_examples_of_the_english)
{
	static const char *const cmds[] = {
		"init", "check", "backup", "accounts", "import", "export", "list", "show", "add",
		"set", "rm", "log", "action", "plan", "kpi", "team", "review", "report", "rank",
		"paths", "next", "factions", "risks", "reach", "config", "draw", "strengths",
		"engagement", "dedupe" };
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct tu_run en, ja;
		char *oe, *oj, *xe, *xj;
		tu_pm(&en, "/nonexistent/none.db", "--lang", "en", cmds[i], "--help", NULL);
		tu_pm(&ja, "/nonexistent/none.db", "--lang", "ja", cmds[i], "--help", NULL);
		cr_assert_eq(ja.status, 0, "%s: %s", cmds[i], ja.err);
		cr_assert(!strncmp(ja.out, "使い方: powermap", strlen("使い方: powermap")),
			  "%s --help in Japanese: %s", cmds[i], ja.out);
		cr_assert(strstr(ja.out, "\n例:\n"), "%s has examples: %s", cmds[i], ja.out);
		oe = option_words(en.out);
		oj = option_words(ja.out);
		cr_assert_str_eq(oj, oe, "%s: the options of the Japanese help", cmds[i]);
		xe = example_lines(en.out);
		xj = example_lines(ja.out);
		cr_assert_str_neq(xe, "", "%s has examples", cmds[i]);
		cr_assert_str_eq(xj, xe, "%s: the examples of the Japanese help", cmds[i]);
		free(oe);
		free(oj);
		free(xe);
		free(xj);
		tu_run_free(&en);
		tu_run_free(&ja);
	}
}

PM_TEST(cli, help_and_version)
{
	static const char *const cmds[] = { "init", "import", "export", "list", "show",
					     "add", "set", "rm", "log", "rank", "paths", "next",
					     "reach", "factions", "risks", "config", "draw",
					     "strengths", "engagement", "dedupe" };
	struct tu_run r;
	size_t i;

	tu_pm(&r, NULL, "--help", NULL);
	cr_assert_eq(r.status, 0);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		cr_assert(strstr(r.out, cmds[i]), "--help lists %s", cmds[i]);
	tu_run_free(&r);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		tu_pm(&r, "/nonexistent/none.db", cmds[i], "--help", NULL);
		cr_assert_eq(r.status, 0, "%s --help: %s", cmds[i], r.err);
		cr_assert(strstr(r.out, "usage: powermap"), "%s --help", cmds[i]);
		cr_assert(strstr(r.out, "xample"), "%s --help has an example", cmds[i]);
		tu_run_free(&r);
	}
	tu_pm(&r, NULL, "--lang", "ja", "--help", NULL);
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "使い方: powermap") && strstr(r.out, "顧客の危険信号と対応"), "%s", r.out);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		cr_assert(strstr(r.out, cmds[i]), "--help lists %s", cmds[i]);
	tu_run_free(&r);
	tu_pm(&r, NULL, "--version", NULL);
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "powermap ") && strstr(r.out, "sqlite") && strstr(r.out, "igraph"));
	tu_run_free(&r);
}

PM_TEST(cli, usage_errors_exit_2)
{
	struct tu_run r;

	tu_pm(&r, db, NULL);
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
	RUN(r, "frobnicate");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unknown command 'frobnicate'"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "init");
	tu_run_free(&r);
	RUN(r, "list");
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
	RUN(r, "list", "people", "--bogus");
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
	RUN(r, "add", "person", "x", "--stance", "frend");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unknown stance 'frend'"), "%s", r.err);
	tu_run_free(&r);
	/* a negative count is not a huge one, nor a negative value an option */
	RUN(r, "rank", "x", "--top", "-3");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "--top '-3' is not a positive number"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "config", "half_life", "-5");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "half_life '-5' is not a number"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "config", "--json", "half_life", "30");
	cr_assert_eq(r.status, 0, "options before the arguments: %s", r.err);
	tu_run_free(&r);
}

/*
 * Errors speak the user's language: bad options named (getopt itself stays
 * silent), the library's errors and the import's diagnostics in Japanese
 * under --lang ja, while what is stored (the history) stays English.
 */
PM_TEST(cli, errors_speak_the_users_language)
{
	struct tu_run r;
	char *bad = tu_write(dir, "bad.csv", "key,name,org,power\nyamada,山田,acme,9\n");

	RUN(r, "init");
	tu_run_free(&r);
	RUN(r, "list", "people", "--bogus");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unknown option '--bogus'"), "%s", r.err);
	cr_assert(!strstr(r.err, "unrecognized"), "getopt is silent: %s", r.err);
	tu_run_free(&r);
	RUN(r, "rank", "x", "--top");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "option '--top' needs a value"), "%s", r.err);
	tu_run_free(&r);

	RUN(r, "--lang", "ja", "list", "people", "--bogus");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "オプション '--bogus' はありません"), "%s", r.err);
	cr_assert(strstr(r.err, "詳しくは 'powermap list --help'"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "rank", "nosuch");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "powermap: エラー: 組織 'nosuch' が見つかりません"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "import", bad);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "bad.csv:2:4: エラー: power '9' は 1〜5 の整数ではありません"),
		  "%s", r.err);
	cr_assert(strstr(r.err, "取り込みに失敗しました（エラー 1 件）"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "import", "/nonexistent/people.csv");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "'/nonexistent/people.csv' を開けません: ファイルやフォルダーがありません"),
		  "%s", r.err);
	tu_run_free(&r);

	RUN(r, "--lang", "ja", "add", "org", "acme", "--name", "ACME", "--kind", "customer");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "組織 'acme' を追加しました"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "log", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "org 'acme'"), "the history stays English: %s", r.out);
	tu_run_free(&r);
	RUN(r, "--lang", "en", "rank", "nosuch");
	cr_assert(strstr(r.err, "powermap: error: unknown org 'nosuch'"), "%s", r.err);
	tu_run_free(&r);
	/* texts kept in tables: the parameters' meanings, dedupe's summary */
	RUN(r, "--lang", "ja", "config");
	cr_assert(strstr(r.out, "half_life") && strstr(r.out, "関係の強さが半分になる日数"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "dedupe");
	cr_assert(strstr(r.out, "重複の候補 0 件"), "%s", r.out);
	tu_run_free(&r);
	free(bad);
}

PM_TEST(cli, init_creates_private_file_once)
{
	struct tu_run r;
	struct stat sb;

	RUN(r, "list", "people");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "no database at") && strstr(r.err, "powermap init"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "init");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	cr_assert_eq(stat(db, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0600);
	RUN(r, "init");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "already exists"), "%s", r.err);
	tu_run_free(&r);
}

PM_TEST(cli, db_from_environment)
{
	struct tu_run r;

	setenv("POWERMAP_DB", db, 1);
	tu_pm(&r, NULL, "init", NULL);
	unsetenv("POWERMAP_DB");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	cr_assert(access(db, F_OK) == 0);
}

/* Input from a pipe or "-" is read once and imported, not "imported: nothing". */
PM_TEST(cli, import_from_a_pipe_and_stdin)
{
	const char *orgs = "key,name,kind\nacme,Acme,customer\nus,Us,own\n";
	const char *people = "key,name,org\nann,Ann,acme\nbob,Bob,us\n";
	const char *a1[] = { "import", "/dev/stdin", NULL };
	const char *a2[] = { "import", "-", NULL };
	const char *a3[] = { "list", "people", NULL };
	struct tu_run r;

	tu_pm_input(&r, db, orgs, a1);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "2 orgs (2 new"), "%s", r.out);
	tu_run_free(&r);
	tu_pm_input(&r, db, people, a2);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "2 people (2 new"), "%s", r.out);
	tu_run_free(&r);
	tu_pm_argv(&r, db, a3);
	cr_assert(strstr(r.out, "ann") && strstr(r.out, "bob"), "%s", r.out);
	tu_run_free(&r);
	/* an empty pipe is an error, never a silent success */
	tu_pm_input(&r, db, "", a2);
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.err, "empty file"), "%s", r.err);
	tu_run_free(&r);
}

/*
 * A database its user may only read (file 0444 in a folder 0555) still
 * serves every read-only command; a write says it is read-only; nothing
 * changes.
 */
PM_TEST(cli, read_only_database_serves_reads)
{
	static const char *const reads[][8] = {
		{ "list", "people", NULL },
		{ "show", "tanaka-ichiro", NULL },
		{ "rank", "kanto-seiki", "--json", NULL },
		{ "paths", "tanaka-ichiro", NULL },
		{ "next", "kanto-seiki", NULL },
		{ "reach", "kanto-seiki", NULL },
		{ "risks", "kanto-seiki", NULL },
		{ "log", "-n", "1", NULL },
		{ "config", NULL },
	};
	const char *draw[] = { "draw", "kanto-seiki", "-o", NULL, NULL };
	const char *set[] = { "set", "tanaka-ichiro", "--stance", "supporter", NULL };
	char *rodir = tu_path(dir, "ro"), *rodb = tu_path(rodir, "ro.db"), *before, *after;
	char *out = tu_path(dir, "ro-map.svg");
	struct tu_run r;
	size_t i;

	cr_assert_eq(mkdir(rodir, 0755), 0);
	tu_import_demo(&r, rodb);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	before = tu_db_dump(rodb);
	cr_assert_eq(chmod(rodb, 0444), 0);
	cr_assert_eq(chmod(rodir, 0555), 0);
	/* the map goes to a folder nobody may write into: ours, opened up */
	cr_assert_eq(chmod(dir, 0777), 0);
	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		tu_pm_unprivileged(&r, rodb, reads[i]);
		cr_assert_eq(r.status, 0, "%s: %s", reads[i][0], r.err);
		cr_assert_gt(strlen(r.out), 0, "%s printed nothing", reads[i][0]);
		tu_run_free(&r);
	}
	draw[3] = out;
	tu_pm_unprivileged(&r, rodb, draw);
	cr_assert_eq(r.status, 0, "draw: %s", r.err);
	tu_run_free(&r);
	tu_pm_unprivileged(&r, rodb, set);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "read-only"), "%s", r.err);
	tu_run_free(&r);
	chmod(rodir, 0755);
	chmod(dir, 0700);
	after = tu_db_dump(rodb);
	cr_assert_str_eq(before, after, "the database is unchanged");
	free(before);
	free(after);
	free(out);
	free(rodb);
	free(rodir);
}

/*
 * A people file Japanese Excel saved (CP932, CRLF, Japanese enum words,
 * full-width digits, 2026/11/25 dates): read as CP932 with a warning, or
 * with --encoding cp932 without one; refused when said to be UTF-8.
 */
PM_TEST(cli, excel_cp932_files)
{
	char *people = tu_path(getenv("POWERMAP_TESTDATA"), "excel-cp932/people.csv");
	char *inter = tu_path(getenv("POWERMAP_TESTDATA"), "excel-cp932/interactions.csv");
	const char *as_utf8[] = { "import", "--encoding", "utf-8", people, NULL };
	const char *guess[] = { "import", people, NULL };
	const char *said[] = { "import", "--encoding", "cp932", inter, NULL };
	const char *list[] = { "list", "people", "--json", NULL };
	const char *ilist[] = { "list", "interactions", NULL };
	struct tu_run r;

	tu_pm_argv(&r, db, as_utf8);
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.err, "reads as CP932") && strstr(r.err, "--encoding cp932"), "%s", r.err);
	tu_run_free(&r);
	tu_pm_argv(&r, db, guess);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "warning: not UTF-8: read as CP932"), "%s", r.err);
	cr_assert(strstr(r.out, "3 people (3 new"), "%s", r.out);
	tu_run_free(&r);
	tu_pm_argv(&r, db, said);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strstr(r.err, "warning"), "said, so no warning: %s", r.err);
	tu_run_free(&r);
	tu_pm_argv(&r, db, list);
	cr_assert(strstr(r.out, "\"山田 太郎\"") && strstr(r.out, "\"decision_maker\"") &&
		  strstr(r.out, "\"champion\"") && strstr(r.out, "\"power\": 4"), "%s", r.out);
	tu_run_free(&r);
	tu_pm_argv(&r, db, ilist);
	cr_assert(strstr(r.out, "2026-11-25 10:00") && strstr(r.out, "meeting") &&
		  strstr(r.out, "2026-11-20") && strstr(r.out, "call"), "%s", r.out);
	tu_run_free(&r);
	free(people);
	free(inter);
}

/*
 * A list of a customer's people as a CRM report or a team's sheet has it
 * (CP932, 取引先名, 姓 and 名, no keys): the people already known are found
 * by email or by name in their org and updated (an email differing only in
 * case is not a change), the others added with keys of their own; the
 * same list again changes nothing; in Japanese, the columns ignored are
 * named in Japanese.
 */
PM_TEST(cli, people_list_without_keys)
{
	char *list = tu_path(getenv("POWERMAP_TESTDATA"), "lists/kanto-sjis.csv");
	const char *ja[] = { "--lang", "ja", "import", list, NULL };
	struct tu_run r;

	import_demo();
	RUN(r, "import", list);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "4 people (2 new, 0 updated, 2 unchanged), 2 people found "
			 "stored already (by profile URL 0, email 1, name 1)"), "%s", r.out);
	cr_assert(strstr(r.err, "unknown column '電話' in people file ignored"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "show", "abe-naoki");
	cr_assert(strstr(r.out, "abe.naoki@kanto-seiki.example.jp"), "the stored email: %s", r.out);
	tu_run_free(&r);
	RUN(r, "show", "yamaguchi.misaki@kanto-seiki.example.jp");
	cr_assert_eq(r.status, 0, "keyed by the email: %s", r.err);
	cr_assert(strstr(r.out, "山口 美咲") && strstr(r.out, "経営企画部 主任") &&
		  strstr(r.out, "kanto-seiki"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "show", "藤原健");
	cr_assert_eq(r.status, 0, "keyed by the name: %s", r.err);
	cr_assert(strstr(r.out, "購買課長"), "%s", r.out);
	tu_run_free(&r);
	tu_pm_argv(&r, db, ja);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "新規 0、更新 0、変更なし 4"), "%s", r.out);
	cr_assert(strstr(r.err, "不明な列 '電話'（人物のファイル）"), "%s", r.err);
	tu_run_free(&r);
	free(list);
}

/*
 * chart: the reporting lines a list's titles and departments suggest, shown
 * and not written; --apply writes them (source titles), and rank's formal
 * power reads them; the same again draws nothing new.
 */
PM_TEST(cli, chart_drafts_the_reporting_lines)
{
	char *list = tu_write(dir, "staff.csv", "氏名,会社名,部署,役職\n"
			      "山田 一郎,東西物産株式会社,経営,代表取締役社長\n"
			      "伊藤 六郎,東西物産株式会社,情報システム部,部長\n"
			      "渡辺 七子,東西物産株式会社,情報システム部 開発課,課長\n"
			      "小林 九子,東西物産株式会社,情報システム部 開発課,担当\n");
	struct tu_run r;

	import_demo();
	RUN(r, "import", "--new-orgs", "customer", list);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "chart", "東西物産");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "（役職と部署から、3 本）") &&
		  strstr(r.out, "  伊藤 六郎（部長、情報システム部） → 山田 一郎（代表取締役社長、経営）  "
			 "[会社のトップ]\n") &&
		  strstr(r.out, "  小林 九子（担当、情報システム部 開発課） → 渡辺 七子（課長、"
			 "情報システム部 開発課）\n") &&
		  strstr(r.out, "まだ書き込んでいません"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "list", "links", "--person", "伊藤 六郎");
	cr_assert_null(strstr(r.out, "reports_to"), "nothing written: %s", r.out);
	tu_run_free(&r);
	RUN(r, "chart", "東西物産", "--apply", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "\"applied\": true") && strstr(r.out, "\"by\": \"company\""),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "list", "links", "--person", "伊藤 六郎");
	cr_assert(strstr(r.out, "reports_to") && strstr(r.out, "titles"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "rank", "東西物産", "--json");
	cr_assert(strstr(r.out, "\"reports\": 3"), "the top has three below: %s", r.out);
	tu_run_free(&r);
	RUN(r, "chart", "東西物産");
	cr_assert(strstr(r.out, "(0):\nNo line to draw"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "chart", "nowhere");
	cr_assert_eq(r.status, 1);
	tu_run_free(&r);
	free(list);
}

/*
 * A list naming companies not on the map: refused with what to do, then
 * with --new-orgs (a Japanese kind word too) they are added as customers;
 * a kind that is not one is a usage error.
 */
PM_TEST(cli, people_list_adds_its_orgs_when_asked)
{
	char *list = tu_write(dir, "list.csv", "氏名,会社名,役職\n"
			      "佐々木 太郎,東西物産株式会社,部長\n"
			      "中村 健,東西物産株式会社,課長\n");
	const char *ja[] = { "--lang", "ja", "import", "--new-orgs", "顧客", list, NULL };
	struct tu_run r;

	import_demo();
	RUN(r, "import", list);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "list.csv:2:2: error: unknown org '東西物産株式会社': add it "
			 "first") && strstr(r.err, "--new-orgs KIND"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "import", "--new-orgs", "vendor", list);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "--new-orgs: unknown kind 'vendor'"), "%s", r.err);
	tu_run_free(&r);
	tu_pm_argv(&r, db, ja);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "組織 1 件（新規 1、更新 0）、人物 2 件（新規 2、更新 0）"), "%s",
		  r.out);
	tu_run_free(&r);
	RUN(r, "show", "東西物産");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "東西物産株式会社") && strstr(r.out, "customer") &&
		  strstr(r.out, "佐々木 太郎"), "%s", r.out);
	tu_run_free(&r);
	/* nobody of ours reaches them yet: the way in, in the reader's words */
	RUN(r, "--lang", "ja", "paths", "佐々木 太郎");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "直接アプローチ: 電話") && !strstr(r.out, "phone"), "%s", r.out);
	tu_run_free(&r);
	free(list);
}

/*
 * A real old Excel 97-2003 workbook (.xls, written by make-xls.py as Excel
 * saves one) is refused with what to do, naming the file, and nothing is
 * written: FreeXL, the only reader in Debian 12, failed our fuzzing (see
 * docs/reliability.md), so .xls is not read.
 */
PM_TEST(cli, old_xls_workbook_refused)
{
	char *xls = tu_path(getenv("POWERMAP_TESTDATA"), "xls/plan.xls");
	struct tu_run r;

	RUN(r, "import", xls);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "plan.xls: error: an Excel 97-2003 workbook (.xls), not CSV: in "
			 "Excel, save it with Save As as 'Excel Workbook (*.xlsx)'") &&
		  strstr(r.err, "database unchanged"), "%s", r.err);
	tu_run_free(&r);
	free(xls);
}

/*
 * Salesforce's API times (…Z, +09:00) and a calendar's UTC times are stored
 * on the clock of the import's TZ: in Tokyo, the executive meeting of
 * 05:00Z is at 14:00, as the team reads and writes times.
 */
PM_TEST(cli, zoned_times_on_the_clock_of_tz)
{
	char *sf = tu_path(getenv("POWERMAP_TESTDATA"), "salesforce");
	char *ics = tu_path(getenv("POWERMAP_TESTDATA"), "ics/sakurai-calendar.ics");
	char files[7][4200];
	static const char *const names[] = { "Account.csv", "Contact.csv", "User.csv",
					     "Event.csv", "EventRelation.csv" };
	const char *argv[12] = { "import", "--format", "salesforce" };
	struct tu_run r;
	size_t i;

	import_demo();
	for (i = 0; i < 5; i++) {
		snprintf(files[i], sizeof(files[i]), "%s/%s", sf, names[i]);
		argv[3 + i] = files[i];
	}
	setenv("TZ", "Asia/Tokyo", 1);
	tu_pm_argv(&r, db, argv);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "import", "--format", "ics", ics);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	unsetenv("TZ");
	RUN(r, "list", "interactions");
	cr_assert(strstr(r.out, "2026-11-24 14:00  meeting") && strstr(r.out, "役員面談"),
		  "05:00Z in Tokyo: %s", r.out);
	cr_assert(strstr(r.out, "2026-11-25 14:30") && strstr(r.out, "技術検討会"),
		  "+09:00 as written: %s", r.out);
	cr_assert(strstr(r.out, "2026-11-10 10:00") && strstr(r.out, "経営層キックオフ"),
		  "the calendar's 01:00Z: %s", r.out);
	cr_assert_null(strstr(r.out, "2026-11-24 05:00"), "no UTC time: %s", r.out);
	cr_assert_null(strstr(r.out, "T14:00"), "times as people write them: %s", r.out);
	tu_run_free(&r);
	free(sf);
	free(ics);
}

/*
 * export --format xlsx: a sheet per table that openpyxl (an independent
 * reader) finds equal to the CSV export, 0600, sheets named in Japanese
 * with --lang ja; imported into a new database it exports the same CSV,
 * byte for byte.
 */
PM_TEST(cli, excel_workbook_export_round_trip)
{
	char *book = tu_path(dir, "all.xlsx"), *ja = tu_path(dir, "ja.xlsx");
	char *csv1 = tu_path(dir, "csv1"), *csv2 = tu_path(dir, "csv2");
	char *db2 = tu_path(dir, "again.db"), cmd[4096];
	static const char *const tables[] = { "orgs", "people", "links", "interactions", "deals",
					      "actions", "plan" };
	struct tu_run r;
	struct stat sb;
	size_t i, k;

	import_demo();
	RUN(r, "export", "--format", "xlsx");
	cr_assert_eq(r.status, 2, "no -o: %s", r.err);
	cr_assert(strstr(r.err, "give -o FILE.xlsx"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "export", "--format", "xlsx", "-o", book);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	cr_assert_eq(stat(book, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0600);
	RUN(r, "--lang", "ja", "export", "--format", "xlsx", "-o", ja);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "を書きました"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--dir", csv1);
	tu_run_free(&r);
	snprintf(cmd, sizeof(cmd), "%s %s/xlsx-check.py %s %s "
		 "orgs,people,links,interactions,deals,actions,plan >&2 && "
		 "%s %s/xlsx-check.py %s %s 組織,人物,関係,接触,商談,行動,計画 --ja-headers >&2",
		 getenv("POWERMAP_PYTHON"), getenv("POWERMAP_TOOLS"), book, csv1,
		 getenv("POWERMAP_PYTHON"), getenv("POWERMAP_TOOLS"), ja, csv1);
	cr_assert_eq(system(cmd), 0, "openpyxl disagrees (see stderr)");
	/* each workbook (English and Japanese headers) imports back as it was */
	for (k = 0; k < 2; k++) {
		unlink(db2);
		tu_pm(&r, db2, "import", k ? ja : book, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(strstr(r.out, "79 people (79 new"), "%s", r.out);
		tu_run_free(&r);
		tu_pm(&r, db2, "export", "--dir", csv2, NULL);
		tu_run_free(&r);
		for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
			char name[64], *a, *b, *pa, *pb;
			snprintf(name, sizeof(name), "%s.csv", tables[i]);
			pa = tu_path(csv1, name);
			pb = tu_path(csv2, name);
			a = tu_read(pa);
			b = tu_read(pb);
			cr_assert(a && b);
			cr_assert_str_eq(a, b, "%s", name);
			free(a);
			free(b);
			free(pa);
			free(pb);
		}
	}
	/* a text longer than a cell holds: an error naming it, no file */
	{
		char *notes = malloc(33000 * 3 + 1), *big = tu_path(dir, "big.xlsx");
		for (i = 0; i < 33000; i++)
			memcpy(notes + 3 * i, "あ", 3);
		notes[33000 * 3] = '\0';
		RUN(r, "set", "tanaka-ichiro", "--notes", notes);
		cr_assert_eq(r.status, 0, "%s", r.err);
		tu_run_free(&r);
		RUN(r, "export", "--format", "xlsx", "-o", big);
		cr_assert_eq(r.status, 1);
		cr_assert(strstr(r.err, "people, record ") &&
			  strstr(r.err, "its notes has more than 32767 characters"), "%s", r.err);
		cr_assert_neq(stat(big, &sb), 0, "nothing written");
		tu_run_free(&r);
		free(notes);
		free(big);
	}
	free(book);
	free(ja);
	free(csv1);
	free(csv2);
	free(db2);
}

/*
 * An Excel workbook is read sheet by sheet: a cover sheet is passed over
 * with a warning, the hidden one is not read, errors name the sheet and
 * its row (even below a cell with line breaks), and a failed workbook
 * leaves the database unchanged.
 */
PM_TEST(cli, excel_workbook_sheets)
{
	char *book = tu_path(getenv("POWERMAP_TESTDATA"), "xlsx/plan.xlsx");
	char *bad = tu_path(getenv("POWERMAP_TESTDATA"), "xlsx/plan-bad.xlsx");
	struct tu_run r;

	RUN(r, "import", book);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "2 orgs (2 new") && strstr(r.out, "4 people (4 new") &&
		  strstr(r.out, "3 links (3 new") && strstr(r.out, "1 interaction (1 new"),
		  "%s", r.out);
	cr_assert(strstr(r.err, "plan.xlsx[表紙]:1: warning: sheet passed over"), "%s", r.err);
	cr_assert_null(strstr(r.err, "リスト"), "the hidden sheet: %s", r.err);
	tu_run_free(&r);
	RUN(r, "show", "hk-kitamura", "--json");
	cr_assert(strstr(r.out, "\"notes\": \"最終決裁者。\\n数字と現場の声を重視\"") &&
		  strstr(r.out, "\"role\": \"economic_buyer\"") &&
		  strstr(r.out, "\"name\": \"北村 一郎\""), "no furigana: %s", r.out);
	tu_run_free(&r);
	RUN(r, "list", "links", "--json");
	cr_assert(strstr(r.out, "\"strength\": 0.6,") &&
		  strstr(r.out, "\"last_contact\": \"2026-11-25\"") &&
		  strstr(r.out, "\"last_contact\": \"2026-10-01\""),
		  "17 digits, a date, a 令和 date format: %s", r.out);
	tu_run_free(&r);
	RUN(r, "list", "interactions", "--json");
	cr_assert(strstr(r.out, "\"at\": \"2026-11-20T14:30\""), "%s", r.out);
	tu_run_free(&r);
	/* the log names each sheet; in Japanese its counts read 件 */
	RUN(r, "--lang", "ja", "log", "-n", "20");
	cr_assert(strstr(r.out, "取込  接触  ") && strstr(r.out, "plan.xlsx[接触]") &&
		  strstr(r.out, "1 件") && !strstr(r.out, "1 interaction"), "%s", r.out);
	tu_run_free(&r);
	{
		char *before, *after;
		RUN(r, "export", "--format", "json");
		before = r.out;
		r.out = NULL;
		tu_run_free(&r);
		RUN(r, "--lang", "ja", "import", bad);
		cr_assert_eq(r.status, 1);
		cr_assert(strstr(r.err, "plan-bad.xlsx[人物]:6:6: エラー: stance '友好的'") &&
			  strstr(r.err, "plan-bad.xlsx[表紙]:1: 警告: シートを読み飛ばしました"),
			  "row 6, below a two-line cell: %s", r.err);
		tu_run_free(&r);
		RUN(r, "export", "--format", "json");
		after = r.out;
		r.out = NULL;
		tu_run_free(&r);
		cr_assert_str_eq(before, after, "unchanged");
		free(before);
		free(after);
	}
	free(book);
	free(bad);
}

/*
 * What else Excel saves: "Unicode text" (UTF-16 with tabs) is read as it
 * is; a damaged workbook, a zip archive or an old .xls is refused with what
 * to do instead.
 */
PM_TEST(cli, excel_unicode_text_and_workbooks)
{
	char *text = tu_path(getenv("POWERMAP_TESTDATA"), "excel-unicode/people.txt");
	char *xlsx = tu_write(dir, "people.xlsx", "PK\x03\x04 not really a workbook");
	char *zip = tu_write(dir, "Basic_LinkedInDataExport.zip", "PK\x03\x04 not really a zip");
	char *xls = tu_write(dir, "people.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old Excel");
	char *tsv = tu_write(dir, "bad.tsv", "key\tname\n\nk1\t\"bad\"tail\n");
	struct tu_run r;

	RUN(r, "import", text);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "2 people (2 new") && !*r.err, "%s%s", r.out, r.err);
	tu_run_free(&r);
	RUN(r, "show", "鈴木 花子", "--json");
	cr_assert(strstr(r.out, "\"department\": \"購買部, 調達課\"") &&
		  strstr(r.out, "\"notes\": \"\\\"価格\\\" に厳しい\"") &&
		  strstr(r.out, "\"stance\": \"supporter\""), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "import", xlsx, zip, xls);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "people.xlsx: error: not a readable workbook (not a zip archive, "
			 "or a damaged one)") &&
		  strstr(r.err, "Basic_LinkedInDataExport.zip: error: a zip archive, not CSV: "
			 "unzip it") &&
		  strstr(r.err, "people.xls: error: an Excel 97-2003 workbook (.xls)") &&
		  strstr(r.err, "database unchanged"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "import", xlsx);
	cr_assert(strstr(r.err, "people.xlsx: エラー: 読めないブック（zip 形式でないか、壊れています）"),
		  "%s", r.err);
	tu_run_free(&r);
	/* "CSV (Macintosh)": lines ended by CR alone, errors at their own lines */
	{
		char *mac = tu_write(dir, "mac.csv", "key,name,org\rm1,森 七,kanto-seiki\r"
				     "m2,\"林\r八\",nowhere\r");
		RUN(r, "import", mac);
		cr_assert_eq(r.status, 1);
		cr_assert(strstr(r.err, "mac.csv:3:3: error: unknown org 'nowhere'"), "%s", r.err);
		tu_run_free(&r);
		free(mac);
	}
	/* a tab-separated file's errors name its own lines */
	RUN(r, "import", tsv);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "bad.tsv:3: error: malformed quoting"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "list", "people", "--json");
	cr_assert_null(strstr(r.out, "\"k1\""), "%s", r.out);
	tu_run_free(&r);
	free(text);
	free(xlsx);
	free(zip);
	free(xls);
	free(tsv);
}

PM_TEST(cli, newer_database_is_refused)
{
	struct tu_run r;
	sqlite3 *s;

	RUN(r, "init");
	tu_run_free(&r);
	sqlite3_open(db, &s);
	sqlite3_exec(s, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(s);
	RUN(r, "list", "people");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "newer than this powermap supports"), "%s", r.err);
	tu_run_free(&r);
}

/* Export every kind into `sub`; returns the directory path. */
static char *export_all(const char *dbpath, const char *sub)
{
	struct tu_run r;
	char *out = tu_path(dir, sub);

	tu_pm(&r, dbpath, "export", "--dir", out, NULL);
	cr_assert_eq(r.status, 0, "export: %s", r.err);
	tu_run_free(&r);
	return out;
}

/* Files for Excel (a BOM) and old Excel (CP932) import back to the same data. */
PM_TEST(cli, excel_exports_round_trip)
{
	static const char *const how[][2] = { { "--excel", NULL }, { "--encoding", "cp932" } };
	char *plain, *db2, *out, *people, *again, *text;
	struct tu_run r;
	size_t k;

	import_demo();
	plain = export_all(db, "plain");
	for (k = 0; k < 2; k++) {
		char sub[16], dbn[16], *p1, *p2;
		const char *args[8] = { "export", "--dir", NULL, how[k][0], how[k][1], NULL };
		const char *imp[4] = { "import", NULL, NULL };
		snprintf(sub, sizeof(sub), "x%zu", k);
		snprintf(dbn, sizeof(dbn), "x%zu.db", k);
		out = tu_path(dir, sub);
		db2 = tu_path(dir, dbn);
		args[2] = out;
		tu_pm_argv(&r, db, args);
		cr_assert_eq(r.status, 0, "%s", r.err);
		tu_run_free(&r);
		people = tu_path(out, "people.csv");
		text = tu_read(people);
		if (k == 0)
			cr_assert(!strncmp(text, "\xef\xbb\xbfkey,", 6), "a BOM, then the header");
		else
			cr_assert_null(strstr(text, "田中"), "not UTF-8 any more");
		free(text);
		imp[1] = people;
		tu_pm_argv(&r, db2, imp);
		cr_assert_eq(r.status, 1, "people need their orgs: %s", r.out);
		tu_run_free(&r);
		{
			const char *all[10] = { "import" };
			static const char *const kinds[] = { "orgs", "people", "links",
							     "interactions", "deals", "actions",
							     "plan" };
			char *f[7];
			size_t i;
			for (i = 0; i < 7; i++) {
				char name[32];
				snprintf(name, sizeof(name), "%s.csv", kinds[i]);
				all[i + 1] = f[i] = tu_path(out, name);
			}
			tu_pm_argv(&r, db2, all);
			cr_assert_eq(r.status, 0, "%s", r.err);
			tu_run_free(&r);
			for (i = 0; i < 7; i++)
				free(f[i]);
		}
		again = export_all(db2, k ? "again1" : "again0");
		p1 = tu_path(plain, "people.csv");
		p2 = tu_path(again, "people.csv");
		{
			char *a = tu_read(p1), *b = tu_read(p2);
			cr_assert_str_eq(a, b, "the same people after %s", how[k][0]);
			free(a);
			free(b);
		}
		free(p1);
		free(p2);
		free(again);
		free(people);
		free(out);
		free(db2);
	}
	free(plain);
}

PM_TEST(cli, round_trip_is_byte_identical_and_keeps_japanese)
{
	static const char *const kinds[] = { "orgs", "people", "links", "interactions",
					     "deals", "actions", "plan" };
	char *e1, *e2, *db2 = tu_path(dir, "second.db");
	const char *args[10];
	char *files[7];
	struct tu_run r;
	size_t i;

	import_demo();
	e1 = export_all(db, "e1");
	args[0] = "import";
	for (i = 0; i < 7; i++) {
		char name[32];
		snprintf(name, sizeof(name), "%s.csv", kinds[i]);
		files[i] = tu_path(e1, name);
		args[i + 1] = files[i];
	}
	args[8] = NULL;
	tu_pm_argv(&r, db2, args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	e2 = export_all(db2, "e2");
	for (i = 0; i < 7; i++) {
		char name[32], *p2, *a, *b;
		snprintf(name, sizeof(name), "%s.csv", kinds[i]);
		p2 = tu_path(e2, name);
		a = tu_read(files[i]);
		b = tu_read(p2);
		cr_assert(a && b);
		cr_assert_str_eq(a, b, "%s differs after a round trip", name);
		if (i == 1) {
			cr_assert(strstr(a, "田中 一郎") && strstr(a, "代表取締役社長"));
			cr_assert(strstr(a, "\"Tom \"\"TJ\"\" Jackson\""), "quotes doubled");
		}
		if (i == 0)
			cr_assert(strstr(a, "関東精機株式会社"));
		free(a);
		free(b);
		free(p2);
		free(files[i]);
	}
	free(e1);
	free(e2);
	free(db2);
}

PM_TEST(cli, list_json_is_valid_and_complete)
{
	struct tu_run r;
	json_error_t jerr;
	json_t *v;
	size_t i;

	import_demo();
	RUN(r, "list", "people", "--org", "kanto-seiki", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	v = json_loads(r.out, 0, &jerr);
	cr_assert_not_null(v, "invalid JSON: %s", jerr.text);
	cr_assert_eq(json_array_size(v), 41, "41 people in kanto-seiki and its child org");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(v, 0), "key")),
			 "abe-naoki");
	json_decref(v);
	tu_run_free(&r);
	RUN(r, "list", "links", "--person", "ito-shigeru", "--json");
	v = json_loads(r.out, 0, &jerr);
	cr_assert_not_null(v);
	cr_assert_eq(json_array_size(v), 7, "ito: 4 influences, 2 knows, 1 reports_to");
	cr_assert(json_is_real(json_object_get(json_array_get(v, 0), "strength")));
	json_decref(v);
	tu_run_free(&r);
	/* counts and amounts that are whole are JSON integers (2300, not 2300.0) */
	RUN(r, "list", "orgs", "--json");
	cr_assert(strstr(r.out, "\"employees\": 2300,"), "%s", r.out);
	cr_assert(strstr(r.out, "\"revenue\": 41000000000,"), "%s", r.out);
	v = json_loads(r.out, 0, &jerr);
	cr_assert_not_null(v, "invalid JSON: %s", jerr.text);
	for (i = 0; i < json_array_size(v); i++) {
		json_t *o = json_array_get(v, i);
		if (!strcmp(json_string_value(json_object_get(o, "key")), "kanto-seiki"))
			cr_assert(json_is_integer(json_object_get(o, "employees")), "%s", r.out);
	}
	json_decref(v);
	tu_run_free(&r);
}

/* abe-naoki's "stance" or "role" in rank's JSON. */
static char *abe_field(const char *json, const char *field)
{
	json_t *v = json_loads(json, 0, NULL), *people = json_object_get(v, "people");
	char *out = NULL;
	size_t i;

	for (i = 0; i < json_array_size(people); i++) {
		json_t *p = json_array_get(people, i);
		if (!strcmp(json_string_value(json_object_get(p, "key")), "abe-naoki"))
			out = strdup(json_string_value(json_object_get(p, field)));
	}
	json_decref(v);
	return out;
}

/* A past --as-of shows stances and roles as they stood then (from the history). */
PM_TEST(cli, as_of_a_past_date_shows_the_stances_of_then)
{
	struct tu_run r;
	char *x;

	import_demo();
	RUN(r, "set", "abe-naoki", "--stance", "opponent", "--role", "blocker");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rank", "kanto-seiki", "--json");
	cr_assert_str_eq(x = abe_field(r.out, "stance"), "opponent");
	free(x);
	tu_run_free(&r);
	RUN(r, "rank", "kanto-seiki", "--json", "--as-of", "2026-11-26");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(x = abe_field(r.out, "stance"), "champion", "rewound");
	free(x);
	cr_assert_str_eq(x = abe_field(r.out, "role"), "champion", "rewound");
	free(x);
	tu_run_free(&r);
	/* dates as people type them */
	RUN(r, "rank", "kanto-seiki", "--json", "--as-of", "2026/11/26");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(x = abe_field(r.out, "stance"), "champion");
	free(x);
	cr_assert(strstr(r.out, "\"as_of\": \"2026-11-26\""), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "log", "--since", "２０２６年１１月１日", "-n", "1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "kpi", "--since", "2026/13/01");
	cr_assert_eq(r.status, 2, "not a date: %s", r.err);
	tu_run_free(&r);
	/* numbers typed with a Japanese input method */
	RUN(r, "rank", "kanto-seiki", "--top", "２", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	{
		json_t *v = json_loads(r.out, 0, NULL);
		cr_assert_eq(json_array_size(json_object_get(v, "people")), 2, "%s", r.out);
		json_decref(v);
	}
	tu_run_free(&r);
	RUN(r, "reach", "kanto-seiki", "--min-power", "０．５");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rank", "kanto-seiki", "--top", "２人");
	cr_assert_eq(r.status, 2, "not a number: %s", r.err);
	tu_run_free(&r);
	/* paths may go through abe-naoki then, not now (a blocker) */
	RUN(r, "paths", "tanaka-ichiro", "--from", "abe-naoki", "--as-of", "2026-11-26");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "paths", "tanaka-ichiro", "--from", "abe-naoki");
	cr_assert_neq(r.status, 0, "a blocker is never asked to introduce: %s", r.out);
	tu_run_free(&r);
}

PM_TEST(cli, list_table_aligns_japanese)
{
	struct tu_run r;
	char *line, *save = NULL;
	const char *pos_name = NULL;
	size_t col = 0;

	import_demo();
	RUN(r, "list", "people", "--org", "kanto-solutions");
	cr_assert_eq(r.status, 0);
	/* the title column starts at the same display column on every line */
	for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *t = strstr(line, "title");
		if (!t)
			t = strstr(line, "代表取締役");
		if (!t)
			t = strstr(line, "担当");
		cr_assert_not_null(t, "%s", line);
		char prefix[256];
		snprintf(prefix, sizeof(prefix), "%.*s", (int)(t - line), line);
		/* display width: each 3-byte CJK character takes 2 columns */
		size_t w = 0;
		for (const unsigned char *p = (const unsigned char *)prefix; *p; p++)
			if (*p < 0x80) w++; else if (*p >= 0xe0) w += 2;
		if (!pos_name) {
			pos_name = "set";
			col = w;
		}
		cr_assert_eq(w, col, "misaligned line: %s", line);
	}
	tu_run_free(&r);
	/* under --lang ja the headings are Japanese; JSON keeps the column names */
	RUN(r, "--lang", "ja", "list", "people", "--org", "kanto-solutions");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "キー") && strstr(r.out, "役職") && !strstr(r.out, "title"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "list", "people", "--org", "kanto-solutions", "--json");
	cr_assert(strstr(r.out, "\"title\""), "%s", r.out);
	tu_run_free(&r);
	/* and the enum values in Japanese words; JSON keeps the canonical values */
	RUN(r, "--lang", "ja", "list", "orgs");
	cr_assert(strstr(r.out, "顧客") && strstr(r.out, "銀行") && !strstr(r.out, "customer"),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "list", "deals");
	cr_assert(strstr(r.out, "失注") && strstr(r.out, "提案") && !strstr(r.out, "proposal"),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "list", "orgs", "--json");
	cr_assert(strstr(r.out, "\"kind\": \"customer\"") && !strstr(r.out, "\"kind\": \"顧客\""),
		  "%s", r.out);
	tu_run_free(&r);
}

PM_TEST(cli, show_person_and_ambiguous_names)
{
	struct tu_run r;

	import_demo();
	RUN(r, "show", "阿部 直樹");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "阿部 直樹 (abe-naoki)"), "%s", r.out);
	cr_assert(strstr(r.out, "情報システム部長"));
	cr_assert(strstr(r.out, "Links (8)"), "%s", r.out);
	cr_assert(strstr(r.out, "Interactions (2)"), "%s", r.out);
	/* the people in its tables by name, as the reader knows them */
	cr_assert(strstr(r.out, "\n阿部 直樹  高橋 誠    influences  0.7") &&
		  strstr(r.out, "  阿部 直樹  2026-11-20 14:00  meeting  中野 雄太  ") &&
		  !strstr(r.out, "takahashi-makoto"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "show", "okada-mei", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	{
		json_t *v = json_loads(r.out, 0, NULL), *p;
		cr_assert_not_null(v, "show --json is valid JSON");
		p = json_object_get(v, "person");
		cr_assert_str_eq(json_string_value(json_object_get(p, "name")), "岡田 芽衣");
		cr_assert_str_eq(json_string_value(json_object_get(p, "role")), "coach");
		cr_assert(json_is_null(json_object_get(p, "power")));
		cr_assert_eq(json_array_size(json_object_get(v, "links")), 4);
		cr_assert_str_eq(json_string_value(json_object_get(json_array_get(
			json_object_get(v, "links"), 0), "from")), "abe-naoki", "JSON keeps keys");
		cr_assert_eq(json_array_size(json_object_get(v, "interactions")), 2);
		cr_assert_eq(json_array_size(json_object_get(v, "actions")), 0);
		json_decref(v);
	}
	tu_run_free(&r);
	RUN(r, "add", "person", "abe-2", "--name", "阿部 直樹", "--org", "toyo-si");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "show", "阿部 直樹");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "ambiguous") && strstr(r.err, "'abe-2'") &&
		  strstr(r.err, "'abe-naoki'"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "show", "nobody");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "unknown person 'nobody'"), "%s", r.err);
	tu_run_free(&r);
	/* as Japanese IMEs type them: a full-width space; a family name alone */
	RUN(r, "show", "田中　一郎");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "田中 一郎 (tanaka-ichiro)"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "show", "田中");
	cr_assert_eq(r.status, 0, "a family name one person has: %s", r.err);
	cr_assert(strstr(r.out, "田中 一郎 (tanaka-ichiro)"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "show", "tanaka-ichro");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "did you mean 田中 一郎 (tanaka-ichiro)?"), "%s", r.err);
	tu_run_free(&r);
	/* a second person of the same name in the same org is flagged, not refused */
	RUN(r, "add", "person", "tanaka-2", "--name", "田中　一郎", "--org", "kanto-seiki");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "warning: 'tanaka-2' has the same name as 田中 一郎 (tanaka-ichiro) "
			 "in the same org"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "show", "田中");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "'田中' matches 2 people"), "%s", r.err);
	tu_run_free(&r);
	{
		char *f = tu_write(dir, "more.csv", "key,name,org\ntanaka-3,田中一郎,kanto-seiki\n");
		RUN(r, "import", f);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(strstr(r.err, "more.csv:2:1: warning: 'tanaka-3' has the same name as"),
			  "%s", r.err);
		tu_run_free(&r);
		free(f);
	}
}

/*
 * show names an org when no person has the name: its firmographics, child
 * orgs, people (the first 30 in the table), deals, open actions and plan.
 */
PM_TEST(cli, show_org)
{
	struct tu_run r;
	json_t *v, *o;

	import_demo();
	RUN(r, "show", "kanto-seiki");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "関東精機株式会社 (kanto-seiki)\n") &&
		  strstr(r.out, "  employees   2,300\n") &&
		  strstr(r.out, "  revenue     41,000,000,000 JPY\n") &&
		  strstr(r.out, "  children    関東精機ソリューションズ株式会社 (kanto-solutions)\n"),
		  "%s", r.out);
	/* 41 people, of the child org too; the 30 most senior shown, the org's
	 * own first among equals (its president before the subsidiary's) */
	cr_assert(strstr(r.out, "People (41)") &&
		  strstr(r.out, "power\ntanaka-ichiro      田中 一郎    kanto-seiki      代表取締役社長 ") &&
		  strstr(r.out, "watanabe-hiroshi") && !strstr(r.out, "nomura-ai") &&
		  strstr(r.out, "… and 11 more: powermap list people --org kanto-seiki"), "%s", r.out);
	{
		const char *top = strstr(r.out, "tanaka-ichiro"), *sub = strstr(r.out, "harada-koji"),
			   *cio = strstr(r.out, "takahashi-makoto"), *secretary = strstr(r.out, "fujita-emi");
		cr_assert(top && sub && cio && top < sub && sub < cio && (!secretary || secretary > cio),
			  "社長, the subsidiary's 代表取締役, then 取締役; the 社長秘書 is no 社長: %s",
			  r.out);
	}
	cr_assert(strstr(r.out, "Deals (4)") && strstr(r.out, "Open actions (5)") &&
		  strstr(r.out, "Plan (9)"), "%s", r.out);
	tu_run_free(&r);
	/* by name as typed, in Japanese; revenue without cents whatever the currency */
	RUN(r, "--lang", "ja", "show", "org", "関東精機");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "  従業員数    2,300\n") && strstr(r.out, "  種類        顧客\n") &&
		  strstr(r.out, "人物 (41)") && strstr(r.out, "…ほか 11 人"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "show", "northwind");
	cr_assert(strstr(r.out, "  revenue     310,000,000 USD\n"), "%s", r.out);
	tu_run_free(&r);
	/* our side: no empty deal or plan sections */
	RUN(r, "show", "contoso");
	cr_assert(strstr(r.out, "People (3)") && !strstr(r.out, "Deals") && !strstr(r.out, "Plan"),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "show", "org", "kanto-seiki", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	v = json_loads(r.out, 0, NULL);
	cr_assert_not_null(v, "%s", r.out);
	o = json_object_get(v, "org");
	cr_assert_eq(json_number_value(json_object_get(o, "employees")), 2300);
	cr_assert_str_eq(json_string_value(json_object_get(o, "currency")), "JPY");
	cr_assert_eq(json_array_size(json_object_get(v, "people")), 41, "JSON has all");
	cr_assert_eq(json_array_size(json_object_get(v, "children")), 1);
	cr_assert_eq(json_array_size(json_object_get(v, "deals")), 4);
	cr_assert_eq(json_array_size(json_object_get(v, "actions")), 5);
	cr_assert_eq(json_array_size(json_object_get(v, "plan")), 9);
	json_decref(v);
	tu_run_free(&r);
	/* a person of that name comes first; the kind word says which */
	RUN(r, "show", "person", "kanto-seiki");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "unknown person 'kanto-seiki'"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "show", "org", "nobody");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "unknown org 'nobody'"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "show", "org");
	cr_assert_eq(r.status, 1, "a person named org: %s", r.out);
	cr_assert(strstr(r.err, "unknown person 'org'"), "%s", r.err);
	tu_run_free(&r);
}

PM_TEST(cli, quick_edits_are_logged)
{
	struct tu_run r;
	json_t *v;

	RUN(r, "init");
	tu_run_free(&r);
	RUN(r, "add", "org", "acme", "--name", "Acme", "--kind", "customer");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "add", "person", "jdoe", "--name", "Jane Doe", "--org", "acme", "--role", "champion");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "add", "person", "boss", "--name", "Boss", "--org", "Acme");
	cr_assert_eq(r.status, 0, "org by name: %s", r.err);
	tu_run_free(&r);
	RUN(r, "add", "link", "jdoe", "boss", "--kind", "reports_to");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "add", "link", "jdoe", "boss", "--kind", "knows", "--strength", "0.6",
	    "--last-contact", "2026-11-01", "--source", "crm");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "add", "person", "jdoe", "--name", "Again");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "already exists"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "Jane Doe", "--stance", "champion", "--power", "4");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "jdoe");
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
	/* "set person KEY" as "set org KEY" is written */
	RUN(r, "set", "person", "jdoe", "--power", "4");   /* as it is: no history row */
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "updated person jdoe"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "rm", "link", "boss", "jdoe", "--kind", "knows");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "log", "--json");
	cr_assert_eq(r.status, 0);
	v = json_loads(r.out, 0, NULL);
	cr_assert_not_null(v);
	/* 1 org added, 2 people added, 2 links added, stance + power set, 1 link removed */
	cr_assert_eq(json_array_size(v), 8, "%s", r.out);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(v, 0), "entity")), "org");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(v, 5), "field")), "stance");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(v, 5), "new")), "champion");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(v, 7), "action")), "remove");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(v, 7), "command")),
			 "rm link boss jdoe --kind knows");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(v, 7), "at")),
			 "2026-11-27T09:00:00Z");
	json_decref(v);
	tu_run_free(&r);
	RUN(r, "rm", "person", "jdoe");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "log", "-n", "2");
	cr_assert(strstr(r.out, "remove") && strstr(r.out, "jdoe -> boss (reports_to)"), "%s", r.out);
	tu_run_free(&r);
	/* times in the reader's zone (a POSIX TZ: no tzdata needed) */
	setenv("TZ", "JST-9", 1);
	RUN(r, "log", "-n", "1");
	unsetenv("TZ");
	cr_assert(strstr(r.out, " JST ") && !strstr(r.out, "Z "), "%s", r.out);
	tu_run_free(&r);
}

/* Each bad input: exit 1, FILE:LINE:COL named, database unchanged. */
/* set changes orgs, deals and ties too, not only people. */
/* Issue 12: the plan read as a plan (wrapped, SWOT), and written section by section. */
PM_TEST(cli, plan_reads_and_writes_sections)
{
	struct tu_run r;
	char *f, *line, *save = NULL;

	import_demo();
	RUN(r, "plan", "kanto-seiki");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "Account plan: kanto-seiki") && strstr(r.out, "\nGoal\n") &&
		  strstr(r.out, "\nSWOT\n") && strstr(r.out, "  Threats\n") &&
		  strstr(r.out, "    - 競合のMESベンダーが製造本部長に直接提案中"), "%s", r.out);
	/* wrapped, not cut, and no line starts with 、 */
	cr_assert(strstr(r.out, "国内3工場、\n  海外2拠点。"), "%s", r.out);
	for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		cr_assert_leq(strlen(line), 3 * 80, "%s", line);
	tu_run_free(&r);
	RUN(r, "plan", "kanto-seiki", "--lang", "ja");
	cr_assert(strstr(r.out, "\n目標\n") && strstr(r.out, "  脅威\n"), "%s", r.out);
	tu_run_free(&r);
	f = tu_write(dir, "goal.md", "## 目標\n- 2027年3月までに全社導入\n- PoC 成功を条件に\n");
	RUN(r, "plan", "kanto-seiki", "--set", "goal", "--from", f);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	free(f);
	RUN(r, "plan", "kanto-seiki", "--json");
	{
		json_t *v = json_loads(r.out, 0, NULL);
		cr_assert_str_eq(json_string_value(json_object_get(v, "goal")),
				 "## 目標\n- 2027年3月までに全社導入\n- PoC 成功を条件に\n",
				 "kept as written");
		json_decref(v);
	}
	tu_run_free(&r);
	RUN(r, "plan", "kanto-seiki", "--set", "swot", "--text", "x");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unknown section 'swot'") && strstr(r.err, "threats"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "log");
	cr_assert(strstr(r.out, "plan         kanto-seiki goal"), "%s", r.out);
	tu_run_free(&r);
}

PM_TEST(cli, set_other_records)
{
	struct tu_run r;

	import_demo();
	RUN(r, "set", "org", "kanto-seiki", "--domains", "kanto-seiki.example.jp");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "deal", "kanto-qa-pilot", "--stage", "won");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "link", "sakurai-ken", "okubo-rei", "--kind", "knows", "--source", "manual",
	    "--strength", "0.95", "--last-contact", "2026/11/27");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "link", "sakurai-ken", "tanaka-ichiro", "--kind", "knows", "--strength", "0.9");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "no knows link 'sakurai-ken' - 'tanaka-ichiro' with source ''"),
		  "%s", r.err);
	tu_run_free(&r);
	RUN(r, "export", "--type", "links");
	cr_assert(strstr(r.out, "sakurai-ken,okubo-rei,knows,0.95,2026-11-27,manual"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "deals");
	cr_assert(strstr(r.out, "kanto-qa-pilot,kanto-seiki,") && strstr(r.out, ",won,"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "orgs");
	cr_assert(strstr(r.out, "kanto-seiki.example.jp"), "%s", r.out);
	tu_run_free(&r);

	/* actions by id: list, done, set, rm; all in the history */
	RUN(r, "action", "list", "kanto-seiki", "--open", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	{
		json_t *v = json_loads(r.out, 0, NULL);
		size_t i, over = 0;
		cr_assert_eq(json_array_size(v), 5, "%s", r.out);
		for (i = 0; i < json_array_size(v); i++) {
			json_t *x = json_array_get(v, i);
			if (json_is_true(json_object_get(x, "overdue"))) {
				over++;
				cr_assert_str_eq(json_string_value(json_object_get(x, "target")),
						 "suzuki-kazuo");
				cr_assert_eq(json_integer_value(json_object_get(x, "id")), 6);
			}
		}
		cr_assert_eq(over, 1);
		json_decref(v);
	}
	tu_run_free(&r);
	RUN(r, "action", "done", "6", "--notes", "説明済み");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "action", "done", "6", "999");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "no action #999"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "action", "4", "--due", "2026/12/20", "--owner", "桜井 健");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rm", "action", "5");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "plan", "kanto-seiki", "goal", "--text", "2027年度に全工場へ導入");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "action", "list", "kanto-seiki");
	cr_assert(strstr(r.out, "説明済み") && strstr(r.out, "done"), "%s", r.out);
	cr_assert(strstr(r.out, "2026-12-20  中村 剛") && strstr(r.out, "桜井 健"), "%s", r.out);
	cr_assert_null(strstr(r.out, "後藤 亮太"), "removed: %s", r.out);
	tu_run_free(&r);
	/* in Japanese, the channel and status in Japanese words too */
	RUN(r, "action", "list", "kanto-seiki", "--lang", "ja");
	cr_assert(strstr(r.out, "  紹介  ") && strstr(r.out, "  完了  "), "%s", r.out);
	cr_assert_null(strstr(r.out, "referral"), "%s", r.out);
	cr_assert_null(strstr(r.out, "planned"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "log");
	cr_assert(strstr(r.out, "#6 suzuki-kazuo") && strstr(r.out, "status: planned -> done"),
		  "%s", r.out);
	cr_assert(strstr(r.out, "remove  action       #5 goto-ryota"), "%s", r.out);
	cr_assert(strstr(r.out, "plan         kanto-seiki goal"), "%s", r.out);
	tu_run_free(&r);

	/* rm org|deal|plan; an org something still refers to is kept */
	RUN(r, "rm", "org", "kanto-seiki");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "still has 39 people"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rm", "deal", "kanto-qa-pilot");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rm", "plan", "kanto-seiki", "cadence");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "export", "--type", "plan");
	cr_assert_null(strstr(r.out, "kanto-seiki,cadence"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "log");
	cr_assert(strstr(r.out, "remove  deal         deal 'kanto-qa-pilot'") &&
		  strstr(r.out, "remove  plan         plan section 'cadence'"), "%s", r.out);
	tu_run_free(&r);

	/* a meeting with an owner refreshes the owner's tie; an unanswered email does not */
	RUN(r, "add", "interaction", "abe-naoki", "--at", "2026-11-27", "--channel", "email",
	    "--owner", "nakano-yuta");
	cr_assert_null(strstr(r.out, "refreshed"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "add", "interaction", "abe-naoki", "--at", "2026-11-27", "--channel", "meeting",
	    "--owner", "nakano-yuta");
	cr_assert(strstr(r.out, "refreshed the tie nakano-yuta – abe-naoki: last contact 2026-11-27"),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "links");
	cr_assert(strstr(r.out, "nakano-yuta,abe-naoki,knows,0.8,2026-11-27,crm"), "%s", r.out);
	tu_run_free(&r);
	/* no tie yet: one is made, its strength from the history, named as typed */
	RUN(r, "add", "interaction", "阿部", "--at", "2026-11-27", "--channel", "meeting",
	    "--owner", "桜井　健");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "made the tie sakurai-ken – abe-naoki: last contact 2026-11-27, "
			 "strength 0.39 from the history"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "links");
	cr_assert(strstr(r.out, "sakurai-ken,abe-naoki,knows,0.39,2026-11-27,history"), "%s", r.out);
	tu_run_free(&r);
	/* an older meeting moves no last contact and says none: only the strength */
	RUN(r, "add", "interaction", "abe-naoki", "--at", "2026-02-05", "--channel", "meeting",
	    "--owner", "sakurai-ken");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "the tie sakurai-ken – abe-naoki, strength ") &&
		  !strstr(r.out, "last contact"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "links");
	cr_assert(strstr(r.out, "sakurai-ken,abe-naoki,knows,") &&
		  strstr(r.out, ",2026-11-27,history"), "%s", r.out);
	tu_run_free(&r);
	/* a meeting with several people: one interaction each, all or nothing;
	 * people as they are called (阿部部長: family name and title) */
	RUN(r, "add", "interaction", "阿部部長", "ishikawa-yuko", "nobody-here", "--at",
	    "2026/11/28", "--channel", "meeting", "--owner", "sakurai-ken");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "nobody-here"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "list", "interactions", "--json");
	cr_assert_null(strstr(r.out, "2026-11-28"), "nothing added: %s", r.out);
	tu_run_free(&r);
	RUN(r, "add", "interaction", "阿部部長", "ishikawa-yuko", "--at", "2026/11/28", "--channel",
	    "meeting", "--owner", "sakurai-ken", "--subject", "定例会");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "added interaction with 'abe-naoki' at 2026-11-28\n"
			 "refreshed the tie sakurai-ken – abe-naoki: last contact 2026-11-28") &&
		  strstr(r.out, "added interaction with 'ishikawa-yuko' at 2026-11-28\n"
			 "made the tie sakurai-ken – ishikawa-yuko: last contact 2026-11-28"),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "interactions");
	cr_assert(strstr(r.out, "abe-naoki,2026-11-28,meeting,sakurai-ken,定例会") &&
		  strstr(r.out, "ishikawa-yuko,2026-11-28,meeting,sakurai-ken,定例会"), "%s", r.out);
	tu_run_free(&r);
}

/*
 * An interaction is named by the id that list shows; changing or removing
 * one settles its owner's tie as adding one does (the tests' today is
 * 2026-11-27).
 */
PM_TEST(cli, interactions_are_set_and_removed_by_id)
{
	struct tu_run r;
	char id[32], want[128];
	json_t *v;

	import_demo();
	/* the email to 後藤 亮太, unanswered: its id in JSON and in the table */
	RUN(r, "list", "interactions", "--person", "goto-ryota", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	v = json_loads(r.out, 0, NULL);
	cr_assert_eq(json_array_size(v), 1, "%s", r.out);
	snprintf(id, sizeof(id), "%lld",
		 (long long)json_integer_value(json_object_get(json_array_get(v, 0), "id")));
	cr_assert_str_neq(id, "0", "%s", r.out);
	json_decref(v);
	tu_run_free(&r);
	RUN(r, "list", "interactions", "--person", "goto-ryota");
	snprintf(want, sizeof(want), "\n%s ", id);
	cr_assert(!strncmp(r.out, "id ", 3) && strstr(r.out, want), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "interactions");
	cr_assert_null(strstr(r.out, "id,"), "no id in files: %s", r.out);
	tu_run_free(&r);

	/* the reply came: 久保's tie is made, with a reply's strength */
	RUN(r, "set", "interaction", id, "--direction", "both");
	cr_assert_eq(r.status, 0, "%s", r.err);
	snprintf(want, sizeof(want), "updated interaction #%s\n", id);
	cr_assert(strstr(r.out, want), "%s", r.out);
	cr_assert(strstr(r.out, "made the tie kubo-shiori – goto-ryota: last contact "
			 "2026-11-12, strength 0.25 from the history"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "links");
	cr_assert(strstr(r.out, "kubo-shiori,goto-ryota,knows,0.25,2026-11-12,history"), "%s", r.out);
	tu_run_free(&r);

	/* it was 中野's meeting: 久保's tie, made by it alone, goes; 中野's is made */
	RUN(r, "set", "interaction", id, "--owner", "中野 雄太", "--channel", "meeting",
	    "--at", "2026/11/13");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "removed the tie kubo-shiori – goto-ryota: no interaction between "
			 "them is left"), "%s", r.out);
	cr_assert(strstr(r.out, "made the tie nakano-yuta – goto-ryota: last contact "
			 "2026-11-13, strength 0.39 from the history"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "log");
	snprintf(want, sizeof(want), "#%s goto-ryota 2026-11-12", id);
	cr_assert(strstr(r.out, want) && strstr(r.out, "direction: (none) -> both") &&
		  strstr(r.out, "channel: email -> meeting") &&
		  strstr(r.out, "owner: kubo-shiori -> nakan"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "review", "kanto-seiki");
	snprintf(want, sizeof(want), "interaction #%s goto-ryota 2026-11-12: direction (none) -> both",
		 id);
	cr_assert(strstr(r.out, want), "the account's review shows it: %s", r.out);
	tu_run_free(&r);

	/* removed: 中野's tie goes with it; the history keeps the removal */
	RUN(r, "rm", "interaction", id);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "removed the tie nakano-yuta – goto-ryota"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "export", "--type", "links");
	cr_assert_null(strstr(r.out, "nakano-yuta,goto-ryota"), "%s", r.out);
	cr_assert_null(strstr(r.out, "kubo-shiori,goto-ryota"), "%s", r.out);
	cr_assert(strstr(r.out, "takeda-sho,goto-ryota,knows"), "other ties stay: %s", r.out);
	tu_run_free(&r);
	RUN(r, "log");
	snprintf(want, sizeof(want), "remove  interaction  #%s goto-ryota 2026-11-13", id);
	cr_assert(strstr(r.out, want), "%s", r.out);
	tu_run_free(&r);

	/* errors: gone, not an id, nothing to change, in Japanese too */
	RUN(r, "rm", "interaction", id);
	cr_assert_eq(r.status, 1);
	snprintf(want, sizeof(want), "no interaction #%s", id);
	cr_assert(strstr(r.err, want), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "interaction", id, "--minutes", "30");
	cr_assert_eq(r.status, 1);
	tu_run_free(&r);
	RUN(r, "rm", "interaction", "abc");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "list interactions"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "interaction", "1");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "nothing to change"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rm", "interaction", "1", "--lang", "ja");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "接触 #1 を削除しました"), "%s", r.out);
	tu_run_free(&r);
}

/* dedupe lists a card's 田中　一郎 without an org, merges all or none, and undoes. */
PM_TEST(cli, dedupe_merges_and_undoes)
{
	struct tu_run r;
	char *before, *after;

	RUN(r, "init");
	tu_run_free(&r);
	RUN(r, "add", "org", "acme", "--name", "Acme", "--kind", "customer");
	tu_run_free(&r);
	RUN(r, "add", "person", "tanaka", "--name", "田中 一郎", "--org", "acme");
	tu_run_free(&r);
	RUN(r, "add", "person", "003A", "--name", "田中　一郎", "--email", "tanaka@acme.example");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "dedupe", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "\"keep\": \"tanaka\"") && strstr(r.out, "\"other\": \"003A\"") &&
		  strstr(r.out, "one without an org"), "%s", r.out);
	tu_run_free(&r);
	before = tu_db_dump(db);
	RUN(r, "dedupe", "--merge", "tanaka", "tanaka");
	cr_assert_eq(r.status, 1);
	tu_run_free(&r);
	RUN(r, "dedupe", "--apply");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "merged 1"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "show", "tanaka");
	cr_assert(strstr(r.out, "tanaka@acme.example"), "the email came along: %s", r.out);
	tu_run_free(&r);
	RUN(r, "dedupe");
	cr_assert(strstr(r.out, "0 likely duplicates"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "dedupe", "--undo", "003A");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "show", "003A");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	after = tu_db_dump(db);
	/* the people are as before, row for row (history and merges grew) */
	{
		const char *b = strstr(before, "[people]"), *a = strstr(after, "[people]");
		cr_assert(b && a);
		cr_assert_eq(strcspn(a, "["), strcspn(b, "["), "%s\n---\n%s", before, after);
		cr_assert_eq(strncmp(a, b, strcspn(b + 1, "[")), 0, "%s\n---\n%s", before, after);
	}
	free(before);
	free(after);
}

struct bad_case {
	const char *file;
	const char *content;
	const char *expect;   /* substring of stderr, including file:line:col */
};

static const struct bad_case bad_cases[] = {
	{ "p.csv", "key,name,org\nx,\xff\xfe,kanto-seiki\n", "p.csv:2:2: error: invalid UTF-8" },
	{ "p.csv", "key,name,org\nx,X\n", "p.csv:2:3: error: expected 3 fields" },
	{ "p.csv", "key,name,org\nx,X,nowhere\n", "p.csv:2:3: error: unknown org 'nowhere'" },
	{ "l.csv", "from,to,kind\nabe-naoki,ghost,knows\n", "l.csv:2:2: error: unknown person 'ghost'" },
	{ "p.csv", "key,name\nx,X\nx,Y\n", "p.csv:3:1: error: duplicate person 'x'" },
	{ "o.csv", "key,name,kind\nz,Z,vc\n", "o.csv:2:3: error: unknown kind 'vc'" },
	{ "p.csv", "key,name,role\nx,X,boss\n", "p.csv:2:3: error: unknown role 'boss'" },
	{ "p.csv", "key,name,stance\nx,X,frend\n", "p.csv:2:3: error: unknown stance 'frend'" },
	{ "i.csv", "person,at,channel\nabe-naoki,2026-11-01,fax\n", "i.csv:2:3: error: unknown channel 'fax'" },
	{ "l.csv", "from,to,kind,strength\nabe-naoki,okada-mei,knows,2\n", "l.csv:2:4: error: strength '2'" },
	{ "p.csv", "key,name,power\nx,X,0\n", "p.csv:2:3: error: power '0'" },
	{ "l.csv", "from,to,kind,last_contact\nabe-naoki,okada-mei,knows,2026-13-01\n",
	  "l.csv:2:4: error: last_contact '2026-13-01' is not a valid date" },
	{ "l.csv", "from,to,kind\ntanaka-ichiro,abe-naoki,reports_to\n",
	  "l.csv:2: error: reports_to cycle: 'tanaka-ichiro' -> 'abe-naoki' -> 'takahashi-makoto' -> 'tanaka-ichiro'" },
	{ "l.csv", "from,to,kind\nabe-naoki,abe-naoki,knows\n", "l.csv:2:2: error: self-link" },
	{ "p.csv", "key,name\nx,\"X\"y\n", "p.csv:2: error: malformed quoting" },
	{ "p.csv", "name,title\nX,Y\n", "p.csv:1: error: cannot tell what this file holds" },
};

PM_TEST(cli, every_validation_error_leaves_database_unchanged)
{
	size_t i;

	import_demo();
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		char *path = tu_write(dir, c->file, c->content);
		char *before = tu_db_dump(db), *after;
		struct tu_run r;

		RUN(r, "import", path);
		cr_assert_eq(r.status, 1, "case %zu: exit %d", i, r.status);
		cr_assert(strstr(r.err, c->expect), "case %zu: expected '%s' in:\n%s", i, c->expect, r.err);
		cr_assert(strstr(r.err, "database unchanged"), "case %zu", i);
		after = tu_db_dump(db);
		cr_assert_str_eq(before, after, "case %zu changed the database", i);
		free(before);
		free(after);
		free(path);
		tu_run_free(&r);
	}
}

PM_TEST(cli, several_errors_are_all_reported)
{
	struct tu_run r;
	char *path;

	RUN(r, "init");
	tu_run_free(&r);
	path = tu_write(dir, "p.csv", "key,name,stance,power,shoe\na,A,frend,1,\nb,B,neutral,9,\nc,,x,,\n");
	RUN(r, "import", path);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "p.csv:1:5: warning: unknown column 'shoe'"), "%s", r.err);
	cr_assert(strstr(r.err, "p.csv:2:3: error:"), "%s", r.err);
	cr_assert(strstr(r.err, "p.csv:3:4: error:"), "%s", r.err);
	cr_assert(strstr(r.err, "p.csv:4:2: error: name is required"), "%s", r.err);
	cr_assert(strstr(r.err, "p.csv:4:3: error:"), "%s", r.err);
	cr_assert(strstr(r.err, "import failed with 4 errors"), "%s", r.err);
	free(path);
	tu_run_free(&r);
}

PM_TEST(cli, bom_crlf_dry_run_and_strict)
{
	struct tu_run r;
	char *orgs, *people;
	char *before, *after;

	RUN(r, "init");
	tu_run_free(&r);
	orgs = tu_write(dir, "orgs.csv", "\xef\xbb\xbfkey,name,kind\r\nacme,\"Acme, Inc.\",customer\r\n");
	people = tu_write(dir, "people.csv",
			  "\xef\xbb\xbfname,key,org,notes\r\n山田 花子,yamada,acme,\"line one\r\nline two\"\r\n");
	before = tu_db_dump(db);
	RUN(r, "import", "--dry-run", orgs, people);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "dry run"), "%s", r.out);
	tu_run_free(&r);
	after = tu_db_dump(db);
	cr_assert_str_eq(before, after, "dry run changed the database");
	RUN(r, "import", orgs, people);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "export", "--type", "people");
	cr_assert(strstr(r.out, "yamada,山田 花子,acme,,,,,,unknown,,\"line one\r\nline two\"\n"),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "import", "--strict", people);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "people.csv:2:1: error: person 'yamada' already exists"), "%s", r.err);
	tu_run_free(&r);
	free(before);
	free(after);
	free(orgs);
	free(people);
}

/* Python's csv module, an independent RFC 4180 reader, sees the same records. */
PM_TEST(cli, csv_crosscheck_against_python)
{
	static const char *const dirs[] = { "demo-ja", "demo-en", NULL };
	const char *tools = getenv("POWERMAP_TOOLS"), *data = getenv("POWERMAP_TESTDATA");
	char cmd[4096];
	int i, rc;

	cr_assert(tools && data);
	for (i = 0; dirs[i]; i++) {
		char *d = tu_graph(dirs[i]);
		snprintf(cmd, sizeof(cmd), "%s %s/csv-crosscheck.py %s %s >&2", getenv("POWERMAP_PYTHON"),
			 tools, getenv("POWERMAP_BIN"), d);
		rc = system(cmd);
		cr_assert_eq(rc, 0, "cross-check failed on %s", d);
		free(d);
	}
	snprintf(cmd, sizeof(cmd), "%s %s/csv-crosscheck.py %s %s/tricky >&2", getenv("POWERMAP_PYTHON"),
		 tools, getenv("POWERMAP_BIN"), data);
	cr_assert_eq(system(cmd), 0, "cross-check failed on tests/data/tricky");
}

/* A name as people type it, for comparing: its spaces (full-width too) left out. */
static void squeeze(const char *name, char *out, size_t size)
{
	size_t n = 0;

	for (out[0] = '\0'; name && *name && n + 4 < size; name++) {
		if (*name == ' ')
			continue;
		if (!strncmp(name, "\xe3\x80\x80", 3)) {
			name += 2;
			continue;
		}
		out[n++] = *name;
		out[n] = '\0';
	}
}

/*
 * One person per human: three colleagues' LinkedIn files, a Salesforce
 * export, a calendar and a business-card export over the Japanese demo merge
 * into one network; no two people share an email, and no org holds two
 * people of the same name as people type it.
 */
PM_TEST(cli, every_source_merges_into_one_network)
{
	const char *data = getenv("POWERMAP_TESTDATA");
	static const char *const steps[][4] = {
		{ "linkedin", "sakurai-ken", "linkedin/sakurai.csv" },
		{ "linkedin", "miyazaki-aoi", "linkedin/miyazaki-nourl.csv" },
		{ "linkedin", "kubo-shiori", "linkedin/kubo.csv" },
		{ "salesforce", NULL, "salesforce/Account.csv" },
		{ "ics", NULL, "ics/sakurai-calendar.ics" },
		{ "cards", "sakurai-ken", "cards/sansan-sjis.csv" },
	};
	const char *list[] = { "list", "people", "--json", NULL };
	struct tu_run r;
	json_t *people, *p;
	size_t i, j, n;
	char *sf[4];

	import_demo();
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const char *args[12] = { "import", "--format", steps[i][0] };
		size_t k = 3;
		char *path = tu_path(data, steps[i][2]);
		if (steps[i][1]) {
			args[k++] = "--owner";
			args[k++] = steps[i][1];
		}
		if (!strcmp(steps[i][0], "salesforce")) {
			static const char *const f[] = { "Account.csv", "Contact.csv",
							 "Opportunity.csv", "OpportunityContactRole.csv" };
			for (j = 0; j < 4; j++) {
				char sub[64];
				snprintf(sub, sizeof(sub), "salesforce/%s", f[j]);
				args[k++] = sf[j] = tu_path(data, sub);
			}
		} else {
			args[k++] = path;
		}
		args[k] = NULL;
		tu_pm_argv(&r, db, args);
		cr_assert_eq(r.status, 0, "%s: %s", steps[i][2], r.err);
		tu_run_free(&r);
		if (!strcmp(steps[i][0], "salesforce"))
			for (j = 0; j < 4; j++)
				free(sf[j]);
		free(path);
	}
	tu_pm_argv(&r, db, list);
	cr_assert_eq(r.status, 0);
	people = json_loads(r.out, 0, NULL);
	tu_run_free(&r);
	cr_assert(json_is_array(people));
	n = json_array_size(people);
	for (i = 0; i < n; i++) {
		const char *ei, *ni, *oi;
		char a[256], b[256];
		p = json_array_get(people, i);
		ei = json_string_value(json_object_get(p, "email"));
		ni = json_string_value(json_object_get(p, "name"));
		oi = json_string_value(json_object_get(p, "org"));
		squeeze(ni, a, sizeof(a));
		for (size_t k = i + 1; k < n; k++) {
			json_t *q = json_array_get(people, k);
			const char *ek = json_string_value(json_object_get(q, "email"));
			const char *nk = json_string_value(json_object_get(q, "name"));
			const char *ok = json_string_value(json_object_get(q, "org"));
			if (ei && ek)
				cr_assert(strcasecmp(ei, ek), "two people with email %s", ei);
			squeeze(nk, b, sizeof(b));
			if (oi && ok && !strcmp(oi, ok))
				cr_assert(strcmp(a, b), "two people named %s in %s", a, oi);
		}
	}
	/* the humans seen in several sources are one person each */
	{
		static const char *const once[] = { "田中一郎", "阿部直樹", "星野陸", "山本太郎" };
		for (j = 0; j < sizeof(once) / sizeof(once[0]); j++) {
			size_t count = 0;
			for (i = 0; i < n; i++) {
				const char *nm = json_string_value(json_object_get(json_array_get(people, i),
										   "name"));
				char a[256];
				squeeze(nm, a, sizeof(a));
				count += !strcmp(a, once[j]);
			}
			cr_assert_eq(count, 1, "%s is %zu people", once[j], count);
		}
	}
	json_decref(people);
	/* and dedupe, looser than the importers, finds nobody twice either */
	{
		const char *dd[] = { "dedupe", "--json", NULL };
		tu_pm_argv(&r, db, dd);
		cr_assert_eq(r.status, 0, "%s", r.err);
		people = json_loads(r.out, 0, NULL);
		cr_assert(json_is_array(people), "%s", r.out);
		cr_assert_eq(json_array_size(people), 0, "%s", r.out);
		json_decref(people);
		tu_run_free(&r);
	}
}

/* NetworkX reads the GraphML export back: every person and tie, every attribute. */
PM_TEST(cli, graphml_loads_in_networkx)
{
	const char *tools = getenv("POWERMAP_TOOLS"), *data = getenv("POWERMAP_TESTDATA");
	char cmd[4096];
	char *ja = tu_graph("demo-ja"), *en = tu_graph("demo-en");

	snprintf(cmd, sizeof(cmd), "%s %s/graphml-check.py %s %s >&2 && "
		 "%s %s/graphml-check.py %s %s >&2 && %s %s/graphml-check.py %s %s/tricky >&2",
		 getenv("POWERMAP_PYTHON"), tools, getenv("POWERMAP_BIN"), ja,
		 getenv("POWERMAP_PYTHON"), tools, getenv("POWERMAP_BIN"), en,
		 getenv("POWERMAP_PYTHON"), tools, getenv("POWERMAP_BIN"), data);
	cr_assert_eq(system(cmd), 0, "the GraphML does not load back as exported");
	free(ja);
	free(en);
}

/* The generator is deterministic and its output imports cleanly. */
PM_TEST(cli, generator_is_deterministic)
{
	char *a = tu_path(dir, "g1"), *b = tu_path(dir, "g2"), cmd[4096], *gen;
	const char *bin = getenv("POWERMAP_BIN");
	struct tu_run r;
	size_t n = strlen(bin);

	gen = strdup(bin);
	strcpy(gen + n - strlen("powermap"), "gen");
	snprintf(cmd, sizeof(cmd), "%s --people 3000 --ties 20000 --seed 7 --out %s 2>/dev/null && "
		 "%s --people 3000 --ties 20000 --seed 7 --out %s 2>/dev/null && "
		 "cmp %s/links.csv %s/links.csv && cmp %s/people.csv %s/people.csv",
		 gen, a, gen, b, a, b, a, b);
	cr_assert_eq(system(cmd), 0, "same seed, same bytes");
	snprintf(cmd, sizeof(cmd), "%s/orgs.csv", a);
	{
		char p1[4096], p2[4096];
		snprintf(p1, sizeof(p1), "%s/people.csv", a);
		snprintf(p2, sizeof(p2), "%s/links.csv", a);
		tu_pm(&r, db, "import", cmd, p1, p2, NULL);
	}
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "3000 people") && strstr(r.out, "20000 links"), "%s", r.out);
	tu_run_free(&r);
	free(gen);
	free(a);
	free(b);
}

/*
 * --db may follow the command, as --lang and --wait may (powermap init --db
 * x.db is what people type); the last one given wins; an empty one is a
 * usage error that touches nothing.
 */
PM_TEST(cli, db_option_after_the_command)
{
	struct tu_run r;
	char *other = tu_path(dir, "other.db");

	tu_pm(&r, NULL, "init", "--db", db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	tu_pm(&r, NULL, "add", "org", "acme", "--name", "Acme", "--kind", "customer", "--db", db,
	      NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	tu_pm(&r, NULL, "--db", other, "list", "orgs", "--db=", NULL);
	cr_assert_eq(r.status, 2, "an empty --db is a usage error: %s", r.err);
	cr_assert(strstr(r.err, "--db wants a file name"), "%s", r.err);
	tu_run_free(&r);
	tu_pm(&r, NULL, "--db", other, "list", "orgs", "--db", db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "acme"), "the last --db wins: %s", r.out);
	tu_run_free(&r);
	cr_assert_eq(access(other, F_OK), -1, "other.db never created");
	free(other);
}

/*
 * add person "山田　太郎" with no --name: the key is the name too, so the
 * person is found by name as people type it; the confirmation of a tie names
 * its kind in the user's language.
 */
PM_TEST(cli, add_person_by_name_alone)
{
	struct tu_run r;

	import_demo();
	RUN(r, "add", "person", "新人　太郎", "--org", "関東精機株式会社", "--role", "影響者");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "--lang", "ja", "add", "link", "新人 太郎", "田中 一郎", "--kind", "上司");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "上司の関係 '新人 太郎' - '田中 一郎' を追加しました"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "list", "people", "--org", "kanto-seiki", "--json");
	cr_assert(strstr(r.out, "\"key\": \"新人　太郎\",\n    \"name\": \"新人　太郎\""), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "add", "org", "新規商事");
	cr_assert_eq(r.status, 1, "an org still needs its kind: %s", r.err);
	cr_assert(strstr(r.err, "kind"), "%s", r.err);
	tu_run_free(&r);
}

/*
 * The environment powermap runs with once it reads its standard input
 * (import -, held open): /proc/PID/environ of the image then running.
 */
static void environ_while_reading(const char *tunables, char *out, size_t size)
{
	int in[2];
	pid_t pid;
	char path[64];
	FILE *f;
	size_t n = 0;

	cr_assert_eq(pipe(in), 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int quiet = open("/dev/null", O_WRONLY);
		dup2(in[0], 0);
		dup2(quiet, 2);
		close(in[0]);
		close(in[1]);
		if (tunables)
			setenv("GLIBC_TUNABLES", tunables, 1);
		else
			unsetenv("GLIBC_TUNABLES");
		execl(getenv("POWERMAP_BIN"), "powermap", "--db", db, "import", "-", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	usleep(500 * 1000);   /* started, started again if it does, waiting on the pipe */
	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	if ((f = fopen(path, "r"))) {
		n = fread(out, 1, size - 1, f);
		fclose(f);
	}
	out[n] = 0;
	for (size_t i = 0; i < n; i++)   /* NUL-separated: one string, lines */
		if (!out[i])
			out[i] = '\n';
	close(in[1]);
	waitpid(pid, NULL, 0);
}

/* The kernel hands out huge pages only where asked ("[madvise]"). */
static int thp_madvise(void)
{
	char mode[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");

	if (f) {
		if (!fgets(mode, sizeof(mode), f))
			mode[0] = 0;
		fclose(f);
	}
	return strstr(mode, "[madvise]") != NULL;
}

/*
 * Where the kernel gives huge pages only on request, powermap starts itself
 * again once with glibc's malloc asking for them (GLIBC_TUNABLES, after any
 * tunables already given), and not when the variable already says
 * (glibc.malloc.hugetlb=0 keeps them off); it does not start again and
 * again (the import would never be waiting on its input).
 */
PM_TEST(cli, the_cli_asks_glibc_for_huge_pages)
{
	static char env[1 << 16];

	if (!thp_madvise())
		cr_skip_test("the kernel's transparent huge pages are not \"madvise\"");
	if (access("/proc/self/exe", X_OK) != 0)
		cr_skip_test("no /proc here to start again from");
	environ_while_reading(NULL, env, sizeof(env));
	cr_assert(strstr(env, "\nGLIBC_TUNABLES=glibc.malloc.hugetlb=1\n"), "%s", env);
	/* (glibc's start-up cuts the variable at its ':' in place, so either) */
	environ_while_reading("glibc.malloc.perturb=0", env, sizeof(env));
	cr_assert(strstr(env, "\nGLIBC_TUNABLES=glibc.malloc.perturb=0:glibc.malloc.hugetlb=1\n") ||
		  strstr(env, "\nGLIBC_TUNABLES=glibc.malloc.perturb=0\nglibc.malloc.hugetlb=1\n"),
		  "%s", env);
	environ_while_reading("glibc.malloc.hugetlb=0", env, sizeof(env));
	cr_assert(strstr(env, "\nGLIBC_TUNABLES=glibc.malloc.hugetlb=0\n"), "%s", env);
}
