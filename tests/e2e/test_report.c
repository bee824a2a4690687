/*
 * The HTML report, opened in a real browser (headless Chromium, installed by
 * tools/install-deps): the rendered DOM holds the sections and the names, a
 * person named <script>alert(1)</script> shows as text, nothing logs a script
 * error, and a screenshot and a PDF come out that are not blank.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "../testutil.h"

static char *dir, *db;

static void setup(void)
{
	tu_demo_begin(&dir, &db);
}

static void teardown(void)
{
	tu_demo_end(dir, db);
}

TestSuite(report, .init = setup, .fini = teardown, .timeout = 180);

#define RUN(r, ...) tu_pm(&(r), db, __VA_ARGS__, NULL)

/* Run headless Chromium on file `html` with `what` (e.g. --dump-dom); its stdout into out. */
static int chromium(const char *html, const char *what, const char *out, const char *log)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd),
		 "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
		 "--disable-background-networking --disable-component-update --disable-sync "
		 "--enable-logging=stderr --v=0 --user-data-dir=%s/chrome --window-size=1280,3000 "
		 "%s file://%s > %s 2> %s", dir, what, html, out, log);
	return system(cmd);
}

static long size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

PM_TEST(report, html_opens_in_a_browser)
{
	char *html = tu_path(dir, "plan.html"), *dom = tu_path(dir, "dom.html");
	char *log = tu_path(dir, "chrome.log"), *png = tu_path(dir, "plan.png");
	char *pdf = tu_path(dir, "plan.pdf"), *text, *d, what[1024];
	struct tu_run r;
	struct stat st;

	RUN(r, "add", "person", "evil", "--name", "<script>alert(1)</script>", "--org",
	    "kanto-seiki", "--role", "decision_maker", "--power", "5");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "report", "kanto-seiki", "-o", html, "--as-of", "2026-11-27", "--lang", "ja");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	cr_assert_eq(stat(html, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600, "the report holds personal data: 0600");
	text = tu_read(html);
	cr_assert_null(strstr(text, "<script"), "no script in the file, the name escaped");
	cr_assert(strstr(text, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	/* the actions by month in Japanese words, as next and action list give them */
	cr_assert(strstr(text, "清水 亮 — 紹介（上田 正 経由）、担当 上田 正<") &&
		  strstr(text, "鈴木 和夫 — 面談、担当 中野 雄太 — 期限超過"), "actions in Japanese");
	cr_assert_null(strstr(text, "referral"), "no channel left in English");
	cr_assert_null(strstr(text, "src=\"http"), "nothing fetched from outside");
	cr_assert_null(strstr(text, "<link"), "no stylesheet or font fetched");
	free(text);

	cr_assert_eq(chromium(html, "--dump-dom", dom, log), 0, "chromium failed");
	d = tu_read(dom);
	cr_assert(strstr(d, "<h2>概要</h2>") && strstr(d, "<h2>SWOT</h2>") &&
		  strstr(d, "<h2>パワーマップ</h2>") && strstr(d, "<h2>キーパーソン</h2>") &&
		  strstr(d, "<h2>危険信号</h2>") && strstr(d, "<h2>意思決定者への紹介経路</h2>") &&
		  strstr(d, "<h2>次に会うべき人</h2>") && strstr(d, "<h2>チーム</h2>") &&
		  strstr(d, "<h2>KPI</h2>") && strstr(d, "<h2>前回レビュー</h2>"),
		  "every section rendered");
	cr_assert(strstr(d, "田中 一郎") && strstr(d, "山本 美紀") && strstr(d, "<svg"),
		  "names and the inline map");
	cr_assert(strstr(d, "&lt;script&gt;alert(1)&lt;/script&gt;"), "the name shows as text");
	cr_assert_null(strstr(d, "<script"), "no script element in the rendered page");
	free(d);
	text = tu_read(log);
	cr_assert_null(strstr(text, "Uncaught"), "no script error: %s", text);
	free(text);

	snprintf(what, sizeof(what), "--screenshot=%s", png);
	cr_assert_eq(chromium(html, what, dom, log), 0);
	cr_assert_gt(size_of(png), 100000, "a screenshot that is not blank");
	snprintf(what, sizeof(what), "--print-to-pdf=%s --no-pdf-header-footer", pdf);
	cr_assert_eq(chromium(html, what, dom, log), 0);
	cr_assert_gt(size_of(pdf), 50000, "a PDF that is not blank");
	text = tu_read(pdf);
	cr_assert(!strncmp(text, "%PDF", 4));
	free(text);
	free(html); free(dom); free(log); free(png); free(pdf);
}

/*
 * A new account (from a list: no plan, roles, ties, actions or deals) gets
 * a report whose empty sections say what fills them, with the account's
 * key in the commands; the demo's full account has no such line.
 */
PM_TEST(report, empty_sections_say_what_fills_them)
{
	char *list = tu_path(getenv("POWERMAP_TESTDATA"), "lists/new-accounts.csv");
	char *html = tu_path(dir, "new.html"), *full = tu_path(dir, "full.html"), *text;
	struct tu_run r;

	RUN(r, "import", "--new-orgs", "customer", list);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "report", "東西物産", "-o", html, "--as-of", "2026-11-27", "--lang", "ja");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	text = tu_read(html);
	cr_assert(strstr(text, "未記入：<code>powermap plan 東西物産 --set overview --text"),
		  "overview");
	cr_assert(strstr(text, "<code>powermap plan 東西物産 --set goal --text"), "goal");
	cr_assert(strstr(text, "経済的決裁者・意思決定者が未設定です") &&
		  strstr(text, "<code>powermap set person KEY --role economic_buyer</code>"),
		  "paths");
	cr_assert(strstr(text, "未完了の行動はありません：<code>powermap next 東西物産 --plan"),
		  "actions");
	cr_assert(strstr(text, "当方にはまだこの顧客とのつながりがありません"), "team");
	cr_assert(strstr(text, "案件はまだありません：<code>powermap add deal KEY --account 東西物産"),
		  "deals");
	cr_assert_null(strstr(text, "<th>通貨</th>"), "no empty KPI table");
	free(text);
	RUN(r, "report", "kanto-seiki", "-o", full, "--as-of", "2026-11-27");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	text = tu_read(full);
	cr_assert_null(strstr(text, "class=\"empty\""), "the demo account has every section");
	free(text);
	free(list); free(html); free(full);
}

/* --all: a report per customer account, and an index with their pipeline and top risk. */
PM_TEST(report, all_accounts_and_an_index)
{
	char *plans = tu_path(dir, "plans"), *idx, *f, *text;
	struct tu_run r;
	struct stat st;

	RUN(r, "report", "--all", "-o", plans, "--as-of", "2026-11-27", "--progress");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "and 7 account plans"), "%s", r.out);
	/* the accounts are ranked first (nothing cached yet), with progress when asked */
	cr_assert(strstr(r.err, "report: ") && strstr(r.err, "ranked 7 of 7\n"), "%s", r.err);
	tu_run_free(&r);
	cr_assert_eq(stat(plans, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700);
	idx = tu_path(plans, "index.html");
	text = tu_read(idx);
	/* best target first, as accounts ranks them: northwind, then kanto-seiki */
	cr_assert(strstr(text, "<td class=\"num\">1</td><td><a href=\"northwind.html\">"
			 "Northwind Logistics</a>"), "%s", text);
	cr_assert(strstr(text, "<td class=\"num\">2</td><td><a href=\"kanto-seiki.html\">"
			 "関東精機株式会社</a> <span class=\"meta\">customer · 41 people</span>"),
		  "%s", text);
	cr_assert(strstr(text, "<td class=\"plan\">9 sections</td><td class=\"num\">54,500,000 JPY"),
		  "%s", text);
	cr_assert(strstr(text, "240,000.00 USD"), "%s", text);
	/* an account with won deals and nothing open shows no pipeline */
	cr_assert(strstr(text, "<td class=\"noplan\">no plan yet</td><td class=\"num\">—</td>"
			 "<td><span class=\"high\">Economic buyer Dana Whitfield"), "%s", text);
	cr_assert_null(strstr(text, "kanto-solutions"), "a subsidiary is in its parent's plan");
	free(text);
	/* --plan-next: only the best accounts with no plan yet (accounts --plan-next) */
	{
		char *next = tu_path(dir, "next");
		RUN(r, "report", "--all", "--plan-next", "2", "-o", next, "--as-of", "2026-11-27");
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(strstr(r.out, "toho-seimitsu.html\n") && strstr(r.out, "cascade-cold.html\n"),
			  "%s", r.out);
		cr_assert(strstr(r.out, "and 2 account plans"), "%s", r.out);
		tu_run_free(&r);
		/* the weights kept in config choose them too, as for accounts */
		RUN(r, "config", "score_fit", "0");
		cr_assert_eq(r.status, 0, "%s", r.err);
		tu_run_free(&r);
		RUN(r, "report", "--all", "--plan-next", "2", "-o", next, "--as-of", "2026-11-27");
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(strstr(r.out, "toho-seimitsu.html\n") &&
			  strstr(r.out, "bluewater-freight.html\n"), "%s", r.out);
		tu_run_free(&r);
		RUN(r, "accounts", "--plan-next", "2", "--as-of", "2026-11-27");
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(strstr(r.out, "(toho-seimitsu)") && strstr(r.out, "(bluewater-freight)") &&
			  strstr(r.out, "(weights: fit 0, reach 0.3"), "%s", r.out);
		tu_run_free(&r);
		RUN(r, "config", "--unset", "score_fit");
		tu_run_free(&r);
		free(next);
	}
	f = tu_path(plans, "northwind.html");
	cr_assert_eq(stat(f, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	free(f);
	/* a target list's companies with nobody on the map yet: counted, no page */
	{
		char *list = tu_path(getenv("POWERMAP_TESTDATA"), "lists/target-accounts.csv");
		RUN(r, "import", "--new-orgs", "customer", list);
		cr_assert_eq(r.status, 0, "%s", r.err);
		tu_run_free(&r);
		RUN(r, "report", "--all", "-o", plans, "--as-of", "2026-11-27");
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(strstr(r.out, "and 7 account plans\n2 accounts with no people on the map "
				 "yet have none"), "%s", r.out);
		tu_run_free(&r);
		f = tu_path(plans, "南海化学.html");
		cr_assert_neq(stat(f, &st), 0, "no page for an account with nobody");
		free(f);
		text = tu_read(idx);
		cr_assert(strstr(text, "2 more accounts have no people on the map yet"), "%s", text);
		free(text);
		free(list);
	}
	free(idx);
	free(plans);
}

/*
 * --jobs: the reports are the same files for one process at a time or
 * three, and each is the same as `report ACCOUNT` writes alone; a report
 * that cannot be written stops the run with its reason and no index.
 */
PM_TEST(report, all_the_same_on_any_number_of_jobs)
{
	static const char *const keys[] = { "northwind", "kanto-seiki", "toho-seimitsu",
					    "cascade-cold", "bluewater-freight", "hokuriku-kikai",
					    "nishi-foods", "index" };
	char *one = tu_path(dir, "one"), *three = tu_path(dir, "three"), *bad = tu_path(dir, "bad");
	char *alone = tu_path(dir, "kanto-alone.html"), *blocker, *a, *b, name[64];
	struct tu_run r;
	struct stat st;

	RUN(r, "report", "--all", "-o", one, "--jobs", "1", "--as-of", "2026-11-27");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "report", "--all", "-o", three, "--jobs", "3", "--as-of", "2026-11-27");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "and 7 account plans"), "%s", r.out);
	tu_run_free(&r);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(name, sizeof(name), "%s.html", keys[i]);
		a = tu_path(one, name);
		b = tu_path(three, name);
		char *ta = tu_read(a), *tb = tu_read(b);
		cr_assert_str_eq(ta, tb, "%s differs between --jobs 1 and 3", name);
		free(ta);
		free(tb);
		free(a);
		free(b);
	}
	RUN(r, "report", "kanto-seiki", "-o", alone, "--as-of", "2026-11-27");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	a = tu_read(alone);
	b = tu_path(three, "kanto-seiki.html");
	char *tb = tu_read(b);
	cr_assert_str_eq(a, tb, "report --all draws kanto-seiki as report does alone");
	free(a);
	free(b);
	free(tb);

	/* a report that cannot be written: its reason, exit 1, no index */
	cr_assert_eq(mkdir(bad, 0700), 0);
	blocker = tu_path(bad, "toho-seimitsu.html");
	cr_assert_eq(mkdir(blocker, 0700), 0);
	RUN(r, "report", "--all", "-o", bad, "--jobs", "2", "--as-of", "2026-11-27");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.err, "toho-seimitsu.html"), "%s", r.err);
	tu_run_free(&r);
	a = tu_path(bad, "index.html");
	cr_assert_neq(stat(a, &st), 0, "no index after a failed run");
	free(a);

	RUN(r, "report", "--all", "-o", bad, "--jobs", "0");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "--jobs '0' is not a number from 1 to 16"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "report", "kanto-seiki", "-o", alone, "--jobs", "2");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "--jobs goes with --all"), "%s", r.err);
	tu_run_free(&r);
	free(blocker);
	free(one);
	free(three);
	free(bad);
	free(alone);
}
