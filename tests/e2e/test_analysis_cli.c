/* End-to-end tests of the analysis commands, and the NetworkX cross-checks. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "../testutil.h"

static char *dir, *db;

/* Both demo accounts, imported once per test. */
static void setup(void)
{
	tu_demo_begin(&dir, &db);
}

static void teardown(void)
{
	tu_demo_end(dir, db);
}

TestSuite(analysis_cli, .init = setup, .fini = teardown, .timeout = 120);

#define RUN(r, ...) tu_pm(&(r), db, __VA_ARGS__, NULL)

static json_t *run_json(const char *what, ...)
{
	const char *args[32];
	struct tu_run r;
	json_error_t e;
	json_t *v;
	va_list ap;
	size_t n = 0;

	args[n++] = what;
	va_start(ap, what);
	while (n < 30 && (args[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	args[n++] = "--json";
	args[n] = NULL;
	tu_pm_argv(&r, db, args);
	cr_assert_eq(r.status, 0, "%s --json failed: %s", what, r.err);
	v = json_loads(r.out, 0, &e);
	cr_assert_not_null(v, "%s --json is not valid JSON: %s", what, e.text);
	tu_run_free(&r);
	return v;
}

static const char *key_at(json_t *arr, size_t i)
{
	return json_string_value(json_object_get(json_array_get(arr, i), "key"));
}

PM_TEST(analysis_cli, rank_puts_the_buyer_and_the_advisor_near_the_top)
{
	json_t *v = run_json("rank", "kanto-seiki", "--as-of", "2026-11-27", NULL);
	json_t *people = json_object_get(v, "people");
	size_t i, advisor = 99;

	cr_assert_eq(json_array_size(people), 41);
	cr_assert_str_eq(key_at(people, 0), "tanaka-ichiro", "the economic buyer ranks first");
	for (i = 0; i < json_array_size(people); i++)
		if (!strcmp(key_at(people, i), "ito-shigeru"))
			advisor = i;
	cr_assert_lt(advisor, 6, "the advisor who sways the CEO is in the top 6 (at %zu)", advisor);
	json_t *first = json_array_get(people, 0);
	cr_assert(json_is_real(json_object_get(first, "pagerank")));
	cr_assert(json_is_real(json_object_get(first, "betweenness")));
	cr_assert_str_eq(json_string_value(json_object_get(v, "restart")), "decision_makers");
	json_decref(v);
}

PM_TEST(analysis_cli, rank_table_options_and_errors)
{
	struct tu_run r;

	RUN(r, "rank", "kanto-seiki", "--top", "3", "--weights", "formal=1,influence=0,role=0,broker=0");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "田中 一郎"), "%s", r.out);
	cr_assert_eq(strchr(r.out, '4') == NULL || !strstr(r.out, "\n4 "), 1);
	tu_run_free(&r);
	RUN(r, "rank", "kanto-seiki", "--weights", "formal=0,influence=0,role=0,broker=0");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "weights are zero"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rank", "nowhere");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "unknown org 'nowhere'"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rank", "minato-bank");
	cr_assert_eq(r.status, 0);
	tu_run_free(&r);
	RUN(r, "rank", "contoso", "--weights", "bogus=1");
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
	RUN(r, "add", "org", "empty", "--name", "Empty KK", "--kind", "customer");
	tu_run_free(&r);
	RUN(r, "rank", "empty");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.err, "has no people"), "%s", r.err);
	tu_run_free(&r);
}

PM_TEST(analysis_cli, paths_to_the_ceo_go_through_the_bank)
{
	json_t *v = run_json("paths", "tanaka-ichiro", "-k", "3", "--as-of", "2026-11-27", NULL);
	json_t *paths = json_object_get(v, "paths"), *p0 = json_array_get(paths, 0);
	size_t i, j;

	cr_assert_eq(json_array_size(paths), 3);
	cr_assert_str_eq(json_string_value(json_object_get(p0, "owner")), "yamamoto-miki");
	cr_assert(json_is_null(json_object_get(p0, "introducer")), "a direct tie");
	cr_assert_float_eq(json_real_value(json_object_get(p0, "strength")),
			   0.9 * pow(2, -43.0 / 365), 1e-9);
	/* three different people asked; every path starts at our side */
	for (i = 0; i < 3; i++) {
		json_t *pi = json_array_get(paths, i);
		const char *asked_i = json_string_value(json_object_get(pi, "introducer"));
		const char *org = json_string_value(json_object_get(pi, "owner_org"));
		cr_assert(org && strstr(" contoso fabrikam harbor-bank minato-bank mirai-capital "
					"nexus-data sakura-shoji toyo-si ", org),
			  "path %zu starts at our side, not at %s", i, org);
		for (j = i + 1; j < 3; j++) {
			const char *asked_j = json_string_value(
				json_object_get(json_array_get(paths, j), "introducer"));
			if (asked_i && asked_j)
				cr_assert_str_neq(asked_i, asked_j);
		}
	}
	json_decref(v);
	v = run_json("paths", "nakamura-tsuyoshi", "-k", "10", "--as-of", "2026-11-27", NULL);
	paths = json_object_get(v, "paths");
	for (i = 0; i < json_array_size(paths); i++) {
		json_t *hops = json_object_get(json_array_get(paths, i), "path");
		for (j = 0; j + 1 < json_array_size(hops); j++)
			cr_assert_str_neq(json_string_value(json_object_get(json_array_get(hops, j), "to")),
					  "yamada-jiro", "the opponent is never an intermediary");
	}
	json_decref(v);
}

PM_TEST(analysis_cli, paths_without_a_warm_route_say_so)
{
	struct tu_run r;

	RUN(r, "add", "person", "lonely", "--name", "Lonely Person", "--org", "kanto-seiki",
	    "--email", "lonely@example.jp");
	tu_run_free(&r);
	RUN(r, "paths", "lonely");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "No warm path") && strstr(r.out, "email to lonely@example.jp"),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "add", "person", "noorg", "--name", "No Org");
	tu_run_free(&r);
	RUN(r, "add", "link", "nakano-yuta", "noorg", "--kind", "knows", "--strength", "0.5");
	tu_run_free(&r);
	RUN(r, "paths", "noorg", "--json");
	cr_assert_eq(r.status, 0, "a person in no org: %s", r.err);
	tu_run_free(&r);
	RUN(r, "paths", "nobody");
	cr_assert_eq(r.status, 1);
	tu_run_free(&r);
	RUN(r, "paths", "tanaka-ichiro", "--via", "cousins");
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
}

PM_TEST(analysis_cli, next_reach_factions_risks)
{
	json_t *v = run_json("next", "kanto-seiki", "--top", "3", "--as-of", "2026-11-27",
			     "--include-planned", NULL);
	json_t *next = json_object_get(v, "next");

	cr_assert_eq(json_array_size(next), 3);
	cr_assert_str_eq(key_at(next, 0), "tanaka-ichiro", "the economic buyer comes first");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(next, 0),
		"planned"), "owner")), "中野 雄太", "and his referral is planned already");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(next, 0), "channel")),
			 "referral");
	cr_assert(strstr(json_string_value(json_object_get(json_array_get(next, 0), "why")),
			 "山本 美紀"));
	json_decref(v);

	v = run_json("reach", "kanto-seiki", "--as-of", "2026-11-27", NULL);
	cr_assert_gt(json_array_size(json_object_get(v, "people")), 5);
	json_decref(v);

	v = run_json("factions", "kanto-seiki", NULL);
	cr_assert_gt(json_array_size(json_object_get(v, "factions")), 1);
	cr_assert_gt(json_real_value(json_object_get(v, "modularity")), 0.3);
	json_decref(v);

	v = run_json("risks", "kanto-seiki", "--as-of", "2026-11-27", NULL);
	json_t *risks = json_object_get(v, "risks");
	int eb = 0;
	for (size_t i = 0; i < json_array_size(risks); i++)
		eb |= !strcmp(json_string_value(json_object_get(json_array_get(risks, i), "code")),
			      "economic_buyer_not_reached");
	cr_assert(eb, "the CEO has not been met: a red flag");
	json_decref(v);
}

PM_TEST(analysis_cli, results_are_reproducible)
{
	struct tu_run a, b;

	RUN(a, "factions", "kanto-seiki", "--json");
	RUN(b, "factions", "kanto-seiki", "--json");
	cr_assert_str_eq(a.out, b.out, "seeded Leiden gives the same factions");
	tu_run_free(&a);
	tu_run_free(&b);
}

static int is_ours_org(const char *org)
{
	static const char *const ours[] = { "contoso", "fabrikam", "harbor-bank", "minato-bank",
					    "mirai-capital", "nexus-data", "sakura-shoji",
					    "toyo-si", NULL };
	for (size_t i = 0; org && ours[i]; i++)
		if (!strcmp(org, ours[i]))
			return 1;
	return 0;
}

/* Issue 11: paths from insiders nobody knows, tail duplicates, circular reach. */
PM_TEST(analysis_cli, paths_and_reach_start_at_our_side)
{
	json_t *v = run_json("paths", "goto-ryota", "-k", "5", "--as-of", "2026-11-27", NULL);
	json_t *paths = json_object_get(v, "paths");
	struct tu_run r;
	size_t i, j;

	cr_assert_gt(json_array_size(paths), 1);
	for (i = 0; i < json_array_size(paths); i++) {
		json_t *pi = json_array_get(paths, i), *hi = json_object_get(pi, "path");
		cr_assert(is_ours_org(json_string_value(json_object_get(pi, "owner_org"))));
		/* no path is a listed shorter path with people in front of it */
		for (j = 0; j < json_array_size(paths); j++) {
			json_t *hj = json_object_get(json_array_get(paths, j), "path");
			size_t a = json_array_size(hi), b = json_array_size(hj), k, same = 1;
			if (b >= a)
				continue;
			for (k = 0; k < b; k++)
				same &= json_equal(json_array_get(hi, a - b + k), json_array_get(hj, k));
			cr_assert_not(same, "path %zu ends with path %zu", i + 1, j + 1);
		}
	}
	json_decref(v);

	v = run_json("reach", "kanto-seiki", "--min-power", "0", "--as-of", "2026-11-27", NULL);
	paths = json_object_get(v, "people");
	cr_assert_gt(json_array_size(paths), 30);
	for (i = 0; i < json_array_size(paths); i++) {
		json_t *p = json_object_get(json_array_get(paths, i), "path");
		if (json_is_null(p))
			continue;
		cr_assert(is_ours_org(json_string_value(json_object_get(p, "owner_org"))),
			  "%s is reached from %s", json_string_value(json_object_get(
				  json_array_get(paths, i), "key")),
			  json_string_value(json_object_get(p, "owner")));
	}
	json_decref(v);

	/* an influence tie is an acquaintance: 渡辺 sways the CEO, so he can introduce */
	v = run_json("paths", "tanaka-ichiro", "-k", "3", "--as-of", "2026-11-27", NULL);
	{
		json_t *p1 = json_array_get(json_object_get(v, "paths"), 1);
		json_t *hops = json_object_get(p1, "path");
		cr_assert_str_eq(json_string_value(json_object_get(p1, "introducer")),
				 "watanabe-hiroshi");
		cr_assert_str_eq(json_string_value(json_object_get(json_array_get(hops, 1), "tie")),
				 "influences");
	}
	json_decref(v);
	/* factions on the demo repeat the departments, and say so; their help is honest */
	RUN(r, "factions", "kanto-seiki");
	cr_assert(strstr(r.out, "mostly follow the departments (NMI 0.92)"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "factions", "--help");
	cr_assert_null(strstr(r.out, "engagement"), "%s", r.out);
	tu_run_free(&r);

	/* an opponent is no introducer: --from one is refused with the reason */
	RUN(r, "paths", "tanaka-ichiro", "--from", "yamada-jiro");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "山田 次郎") && strstr(r.err, "--allow-blockers"), "%s", r.err);
	tu_run_free(&r);
	RUN(r, "paths", "tanaka-ichiro", "--from", "yamada-jiro", "--allow-blockers");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "No warm path from our side"), "nobody of ours reaches him: %s",
		  r.out);
	tu_run_free(&r);
	RUN(r, "paths", "tanaka-ichiro", "--via", "customer");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "our side"), "%s", r.err);
	tu_run_free(&r);
	/* Japanese on request */
	RUN(r, "paths", "tanaka-ichiro", "--lang", "ja", "--as-of", "2026-11-27");
	cr_assert(strstr(r.out, "への紹介経路") && strstr(r.out, "当方 山本 美紀"), "%s", r.out);
	tu_run_free(&r);
}

/* engagement: who is interested, as the table shows it and as JSON keeps it */
PM_TEST(analysis_cli, engagement_shows_trend_and_last_contact)
{
	struct tu_run r;
	json_t *v, *x;
	size_t i;
	int seen = 0;

	RUN(r, "engagement", "kanto-seiki", "--as-of", "2026-11-27");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "quiet   0    1    1     0     0      0      0     30   2026-10-05 16:00\n") &&
		  strstr(r.out, "rising  1    2    2     0     0      0      0     105  2026-11-20 14:00\n"),
		  "%s", r.out);
	tu_run_free(&r);
	v = run_json("engagement", "kanto-seiki", "--as-of", "2026-11-27", NULL);
	json_array_foreach(json_object_get(v, "people"), i, x)
		if (!strcmp(json_string_value(json_object_get(x, "key")), "takahashi-makoto")) {
			cr_assert_str_eq(json_string_value(json_object_get(x, "last")), "2026-10-05T16:00");
			cr_assert_str_eq(json_string_value(json_object_get(x, "trend")), "quiet");
			seen = 1;
		}
	cr_assert(seen);
	json_decref(v);
}

/* Issue 11: an unanswered email is no engagement; next respects the plan. */
PM_TEST(analysis_cli, unanswered_email_is_no_engagement_and_next_respects_the_plan)
{
	struct tu_run r;

	RUN(r, "add", "interaction", "tanaka-ichiro", "--at", "2026-11-26", "--channel", "email",
	    "--subject", "返信なし", "--direction", "outbound");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "risks", "kanto-seiki", "--as-of", "2026-11-27");
	cr_assert(strstr(r.out, "[high] Economic buyer 田中 一郎 not engaged"),
		  "the unanswered email did not hide the risk: %s", r.out);
	tu_run_free(&r);
	/* 田中 has a referral planned in actions.csv: shown as planned, not recommended */
	RUN(r, "next", "kanto-seiki", "--as-of", "2026-11-27");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strstr(r.out, ". 田中 一郎 —"), "planned, so not recommended: %s", r.out);
	cr_assert(strstr(r.out, "Already planned") &&
		  strstr(r.out, "田中 一郎 — referral via 山本 美紀, owner 中野 雄太, due 2026-12-10"),
		  "%s", r.out);
	cr_assert(strstr(r.out, "鈴木 和夫 — meeting, owner 中野 雄太, due 2026-11-25 (planned) — "
			 "OVERDUE"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "next", "kanto-seiki", "--as-of", "2026-11-27", "--include-planned", "--top", "1");
	cr_assert(strstr(r.out, "1. 田中 一郎 —") && strstr(r.out, "touched but never engaged") &&
		  strstr(r.out, "planned already: referral via 山本 美紀"), "%s", r.out);
	tu_run_free(&r);
	/* --plan drafts, --apply writes; then they are the plan */
	RUN(r, "next", "kanto-seiki", "--as-of", "2026-11-27", "--top", "2", "--plan");
	cr_assert(strstr(r.out, "Nothing written"), "%s", r.out);
	cr_assert(strstr(r.out, "2026-12-04  referral  伊藤 茂 — 山本 美紀 asks 田中 一郎"), "%s",
		  r.out);
	tu_run_free(&r);
	RUN(r, "next", "kanto-seiki", "--as-of", "2026-11-27", "--top", "2", "--plan", "--apply");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "written: 2 planned actions"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "next", "kanto-seiki", "--as-of", "2026-11-27", "--top", "3");
	cr_assert_null(strstr(r.out, ". 伊藤 茂 —"), "%s", r.out);
	cr_assert(strstr(r.out, "伊藤 茂 — referral via 田中 一郎, owner 山本 美紀, due 2026-12-04"),
		  "%s", r.out);
	tu_run_free(&r);
	/* Japanese: asked for, or from the locale */
	RUN(r, "risks", "kanto-seiki", "--as-of", "2026-11-27", "--lang", "ja");
	cr_assert(strstr(r.out, "[高] 経済的決裁者 田中 一郎 と 180 日間、双方向の接触がない"), "%s",
		  r.out);
	tu_run_free(&r);
	setenv("LANG", "ja_JP.UTF-8", 1);
	RUN(r, "next", "kanto-seiki", "--as-of", "2026-11-27", "--top", "1");
	setenv("LANG", "C.UTF-8", 1);
	cr_assert(strstr(r.out, "計画済み") && strstr(r.out, "期限超過") && strstr(r.out, "理由: "),
		  "%s", r.out);
	tu_run_free(&r);
	/* outbound channels and overdue actions in Japanese words too */
	RUN(r, "next", "nishi-foods", "--as-of", "2026-11-27", "--top", "1", "--lang", "ja");
	cr_assert(strstr(r.out, "方法: 紹介経路なし — 電話で直接") &&
		  strstr(r.out, "経路なし：直接電話") && !strstr(r.out, "phone"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "next", "nishi-foods", "--as-of", "2026-11-27", "--top", "1", "--plan", "--lang",
	    "ja");
	cr_assert(strstr(r.out, "  電話      石田 浩二 — 紹介経路なし：電話で直接アプローチ") &&
		  !strstr(r.out, "phone"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "risks", "nishi-foods", "--as-of", "2026-11-27", "--lang", "ja");
	cr_assert(strstr(r.out, "直接アプローチ（電話）") && !strstr(r.out, "phone"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "risks", "kanto-seiki", "--as-of", "2026-11-27", "--lang", "ja");
	cr_assert(strstr(r.out, "鈴木 和夫 への行動 #6（面談）の期限 2026-11-25 を過ぎている"), "%s",
		  r.out);
	tu_run_free(&r);
	RUN(r, "reach", "kanto-seiki", "--plan");
	cr_assert_eq(r.status, 2, "--plan is next's");
	tu_run_free(&r);
	/* a meeting is engagement: the risk goes */
	RUN(r, "add", "interaction", "tanaka-ichiro", "--at", "2026-11-27", "--channel", "meeting",
	    "--owner", "nakano-yuta");
	tu_run_free(&r);
	RUN(r, "risks", "kanto-seiki", "--as-of", "2026-11-27");
	cr_assert_null(strstr(r.out, "Economic buyer 田中 一郎 not engaged"), "%s", r.out);
	tu_run_free(&r);
}

/* Issue 12: KPIs per currency, stalled deals, and the risks they raise. */
PM_TEST(analysis_cli, kpi_and_stalled_deals)
{
	struct tu_run r;
	json_t *v, *cur;

	RUN(r, "kpi", "kanto-seiki", "--as-of", "2026-11-27");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "deals: 2 open, 1 won (1 this period), 1 lost; win rate 50%"), "%s",
		  r.out);
	cr_assert(strstr(r.out, "JPY       54,500,000  23,100,000  3,200,000        3,200,000"), "%s",
		  r.out);
	cr_assert(strstr(r.out, "kanto-qa-pilot  品質保証AI PoC  qualified — no update for 15 days"),
		  "%s", r.out);
	cr_assert_null(strstr(r.out, "kanto-iot-2027  "), "updated 7 days ago: not stalled");
	tu_run_free(&r);
	/* a deal past its close date is flagged whenever it was last touched */
	v = run_json("kpi", "--as-of", "2027-04-15", NULL);
	cr_assert_eq(json_array_size(json_object_get(v, "stalled")), 3);
	cr_assert(json_is_true(json_object_get(json_array_get(json_object_get(v, "stalled"), 0),
					       "past_close")));
	cur = json_object_get(v, "currencies");
	cr_assert_eq(json_array_size(cur), 2, "JPY and USD stay apart");
	cr_assert_eq(json_array_size(json_object_get(v, "accounts")), 3, "kanto-seiki, northwind, bluewater-freight");
	json_decref(v);
	RUN(r, "risks", "kanto-seiki", "--as-of", "2026-11-27");
	cr_assert(strstr(r.out, "[medium] Deal kanto-qa-pilot (品質保証AI PoC) stalled: no update "
			 "for 15 days"), "%s", r.out);
	cr_assert(strstr(r.out, "[medium] Action #6 on 鈴木 和夫 (meeting) is overdue since "
			 "2026-11-25"), "%s", r.out);
	tu_run_free(&r);
	/* the team: who opens which door, and the door nobody can */
	RUN(r, "team", "kanto-seiki", "--as-of", "2026-11-27");
	cr_assert(strstr(r.out, "山本 美紀 (株式会社みなと銀行) — actions: 0 open (0 overdue), 0 done\n"
			 "   knows 田中 一郎 — 代表取締役社長 (power 1.00): 0.83, last contact 2026-10-15"),
		  "%s", r.out);
	cr_assert(strstr(r.out, "中野 雄太 (ネクサスデータ株式会社) — actions: 2 open (1 overdue)"),
		  "%s", r.out);
	cr_assert(strstr(r.out, "Key people nobody of ours knows (1): 鈴木 和夫"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "kpi", "--since", "2026-13-01");
	cr_assert_eq(r.status, 2, "a bad option value is a usage error");
	cr_assert(strstr(r.err, "--since '2026-13-01' is not a date"), "%s", r.err);
	tu_run_free(&r);
}

/* Issue 12: review between two marks, on a scripted sequence of changes. */
PM_TEST(analysis_cli, review_between_two_marks)
{
	struct tu_run r;
	json_t *v;

	RUN(r, "review", "kanto-seiki");
	cr_assert(strstr(r.out, "no review mark yet"), "%s", r.out);
	tu_run_free(&r);
	setenv("POWERMAP_NOW", "2026-11-01T09:00:00Z", 1);
	RUN(r, "review", "kanto-seiki", "--as-of", "2026-11-01", "--mark");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	setenv("POWERMAP_NOW", "2026-11-27T09:00:00Z", 1);
	RUN(r, "set", "suzuki-kazuo", "--stance", "supporter");
	tu_run_free(&r);
	RUN(r, "add", "interaction", "tanaka-ichiro", "--at", "2026-11-26", "--channel", "meeting",
	    "--owner", "nakano-yuta");
	tu_run_free(&r);
	RUN(r, "action", "done", "6");
	tu_run_free(&r);
	RUN(r, "set", "deal", "kanto-qa-pilot", "--stage", "won", "--close-date", "2026-11-26");
	tu_run_free(&r);
	RUN(r, "set", "nw-cfo", "--stance", "supporter");   /* northwind: not in this review */
	tu_run_free(&r);
	v = run_json("review", "kanto-seiki", "--as-of", "2026-11-27", NULL);
	{
		json_t *ch = json_object_get(v, "changes"), *x;
		size_t i;
		int stance = 0, meeting = 0, done = 0, deal = 0, other = 0;
		json_array_foreach(ch, i, x) {
			const char *subj = json_string_value(json_object_get(x, "subject"));
			const char *field = json_string_value(json_object_get(x, "field"));
			stance |= !strcmp(subj, "suzuki-kazuo") && field && !strcmp(field, "stance");
			meeting |= !strncmp(subj, "tanaka-ichiro 2026-11-26 meeting", 32);
			done |= !strcmp(subj, "#6 suzuki-kazuo") && field && !strcmp(field, "status");
			deal |= !strcmp(subj, "kanto-qa-pilot") && field && !strcmp(field, "stage");
			other |= !strcmp(subj, "nw-cfo");
		}
		cr_assert(stance && meeting && done && deal, "%s", json_dumps(ch, 0));
		cr_assert_not(other, "another account's change is not in this review");
	}
	cr_assert_str_eq(json_string_value(json_object_get(v, "mark")), "2026-11-01T09:00:00Z");
	{
		json_t *res = json_object_get(v, "risks_resolved"), *x;
		size_t i;
		int eb = 0;
		json_array_foreach(res, i, x)
			eb |= strstr(json_string_value(x), "Economic buyer 田中 一郎 not engaged") != NULL;
		cr_assert(eb, "the CEO was met: %s", json_dumps(res, 0));
	}
	{
		/* the mark's risks in the reader's language, whichever language made it */
		json_t *ja = run_json("review", "kanto-seiki", "--as-of", "2026-11-27", "--lang", "ja",
				      NULL), *res = json_object_get(ja, "risks_resolved"), *x;
		size_t i;
		int eb = 0, en = 0;
		json_array_foreach(res, i, x) {
			eb |= strstr(json_string_value(x), "経済的決裁者 田中 一郎") != NULL;
			en |= strstr(json_string_value(x), "Economic buyer") != NULL;
		}
		cr_assert(eb && !en, "in Japanese: %s", json_dumps(res, 0));
		json_decref(ja);
	}
	{
		json_t *k = json_array_get(json_object_get(v, "kpi"), 0);
		cr_assert_str_eq(json_string_value(json_object_get(k, "currency")), "JPY");
		cr_assert_float_eq(json_real_value(json_array_get(json_object_get(k, "won"), 0)),
				   3200000, 1e-9, "the maintenance deal, won in October");
		cr_assert_float_eq(json_real_value(json_array_get(json_object_get(k, "won"), 1)),
				   3200000 + 6500000, 1e-9, "and now the PoC");
		cr_assert_float_eq(json_real_value(json_array_get(json_object_get(k, "pipeline"), 1)),
				   48000000, 1e-9);
	}
	json_decref(v);
	/* the changes in the reader's words: operation, record, field and fixed values */
	/* ... and their times in the reader's zone (a POSIX TZ: no tzdata needed) */
	setenv("TZ", "JST-9", 1);
	RUN(r, "review", "kanto-seiki", "--as-of", "2026-11-27", "--lang", "ja");
	cr_assert(strstr(r.out, "kanto-seiki のレビュー（2026-11-01 18:00 JST 以降）\n") &&
		  strstr(r.out, "  2026-11-27 18:00 JST  変更   人物        suzuki-kazuo: 姿勢 懐疑的 -> "
			 "支持\n") &&
		  strstr(r.out, "商談        kanto-qa-pilot: 段階 見込み -> 受注"), "%s", r.out);
	tu_run_free(&r);
	setenv("TZ", "UTC0", 1);
	RUN(r, "review", "kanto-seiki", "--as-of", "2026-11-27");
	unsetenv("TZ");
	cr_assert(strstr(r.out, "  2026-11-27 09:00 UTC  set    person      suzuki-kazuo: stance skeptic "
			 "-> supporter\n"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "log", "--lang", "ja", "-n", "3");
	cr_assert(strstr(r.out, "変更  人物  nw-cfo") && strstr(r.out, "姿勢: 懐疑的 -> 支持"),
		  "%s", r.out);
	tu_run_free(&r);
	/* a deal added and removed in a Japanese session: the history keeps the
	 * canonical words, the review finds the removal by the deal's account, and
	 * both read in the reader's language (channels, tie kinds, records too) */
	RUN(r, "add", "deal", "kanto-extra", "--account", "kanto-seiki", "--lang", "ja");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "rm", "deal", "kanto-extra", "--lang", "ja");
	cr_assert(strstr(r.out, "1 件の商談を削除しました"), "%s", r.out);
	tu_run_free(&r);
	v = run_json("log", "-n", "1", NULL);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(v, 0), "subject")),
			 "deal 'kanto-extra'");
	json_decref(v);
	RUN(r, "review", "kanto-seiki", "--as-of", "2026-11-27", "--lang", "ja");
	cr_assert(strstr(r.out, "削除   商談        商談 'kanto-extra'\n") &&
		  strstr(r.out, "tanaka-ichiro 2026-11-26 面談 — 'tanaka-ichiro' との接触（2026-11-26）") &&
		  strstr(r.out, "追加   関係        nakano-yuta -> tanaka-ichiro (知人, history)\n"),
		  "%s", r.out);
	tu_run_free(&r);
	RUN(r, "review", "kanto-seiki", "--as-of", "2026-11-27");
	cr_assert(strstr(r.out, "remove deal        deal 'kanto-extra'\n") &&
		  strstr(r.out, "tanaka-ichiro 2026-11-26 meeting — interaction with 'tanaka-ichiro' "
			 "at 2026-11-26"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "log", "--lang", "ja", "-n", "30");
	cr_assert(strstr(r.out, "追加  商談  kanto-extra                       商談 'kanto-extra'"),
		  "%s", r.out);
	tu_run_free(&r);
	/* a promotion is a change the review shows; an import filling in a title
	 * nobody knew is not */
	RUN(r, "set", "abe-naoki", "--title", "執行役員 情報システム本部長");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "set", "aoki-tsubasa", "--title", "");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	{
		char *f = tu_write(dir, "titles.csv", "key,name,title\naoki-tsubasa,青木 翼,主任\n"
				   "ikeda-saki,池田 咲,主任\n");
		RUN(r, "import", "--type", "people", f);
		cr_assert_eq(r.status, 0, "%s", r.err);
		tu_run_free(&r);
		free(f);
	}
	RUN(r, "review", "kanto-seiki", "--as-of", "2026-11-27", "--lang", "ja");
	cr_assert(strstr(r.out, "abe-naoki: 役職 情報システム部長 -> 執行役員 情報システム本部長\n") &&
		  strstr(r.out, "ikeda-saki: 役職 担当 -> 主任\n") &&
		  strstr(r.out, "aoki-tsubasa: 役職 担当 -> （なし）\n") &&
		  !strstr(r.out, "aoki-tsubasa: 役職 （なし） -> 主任"), "%s", r.out);
	tu_run_free(&r);
	/* a second mark: the next review starts there */
	RUN(r, "review", "kanto-seiki", "--as-of", "2026-11-27", "--mark");
	cr_assert(strstr(r.out, "recorded this review of kanto-seiki (2026-11-27T09:00:00Z)"), "%s",
		  r.out);
	tu_run_free(&r);
	setenv("POWERMAP_NOW", "2026-11-28T09:00:00Z", 1);
	v = run_json("review", "kanto-seiki", "--as-of", "2026-11-27", NULL);
	cr_assert_str_eq(json_string_value(json_object_get(v, "mark")), "2026-11-27T09:00:00Z");
	cr_assert_eq(json_array_size(json_object_get(v, "risks_new")), 0);
	cr_assert_eq(json_array_size(json_object_get(v, "risks_resolved")), 0);
	cr_assert_eq(json_array_size(json_object_get(v, "rank_moves")), 0);
	json_decref(v);
	/* --since an earlier date compares with the mark made by then */
	v = run_json("review", "kanto-seiki", "--since", "2026-11-10", "--as-of", "2026-11-27", NULL);
	cr_assert_str_eq(json_string_value(json_object_get(v, "mark")), "2026-11-01T09:00:00Z");
	json_decref(v);
	setenv("POWERMAP_NOW", "2026-11-27T09:00:00Z", 1);
}

PM_TEST(analysis_cli, config_sets_parameters)
{
	struct tu_run r;

	RUN(r, "config", "half_life", "30");
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	RUN(r, "config", "half_life");
	cr_assert_str_eq(r.out, "30\n");
	tu_run_free(&r);
	json_t *v = run_json("paths", "tanaka-ichiro", "--as-of", "2026-11-27", NULL);
	double s = json_real_value(json_object_get(json_array_get(json_object_get(v, "paths"), 0),
						   "strength"));
	cr_assert_float_eq(s, 0.9 * pow(2, -43.0 / 30), 1e-9,
			   "a 30-day half-life decays the bank's 43-day-old tie");
	json_decref(v);
	RUN(r, "config", "half_life", "-5");
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
	RUN(r, "config", "--unset", "half_life");
	cr_assert_eq(r.status, 0);
	tu_run_free(&r);
	/* config changes are in the history, old and new value */
	RUN(r, "log", "-n", "2");
	cr_assert(strstr(r.out, "half_life") && strstr(r.out, "30"), "%s", r.out);
	cr_assert(strstr(r.out, "remove"), "the unset is logged: %s", r.out);
	tu_run_free(&r);
}

/* Run a cross-check tool; fail with its output if it disagrees. */
static void crosscheck(const char *fmt, ...)
{
	char cmd[4096], args[3000];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s/nx-crosscheck.py %s >&2", getenv("POWERMAP_PYTHON"),
		 getenv("POWERMAP_TOOLS"), args);
	cr_assert_eq(system(cmd), 0, "cross-check failed: %s", cmd);
}

PM_TEST(analysis_cli, networkx_agrees_on_the_demo)
{
	const char *bin = getenv("POWERMAP_BIN");

	crosscheck("rank %s %s kanto-seiki northwind --as-of 2026-11-27", bin, db);
	crosscheck("paths %s %s tanaka-ichiro watanabe-hiroshi suzuki-kazuo shimizu-ryo "
		   "nakamura-tsuyoshi nw-cfo nw-ceo -k 5 --as-of 2026-11-27", bin, db);
	crosscheck("paths %s %s tanaka-ichiro goto-ryota watanabe-hiroshi -k 4 --no-chain "
		   "--as-of 2026-11-27", bin, db);
	crosscheck("reach %s %s kanto-seiki northwind --as-of 2026-11-27", bin, db);
	crosscheck("accounts %s %s all --as-of 2026-11-27", bin, db);
}

PM_TEST(analysis_cli, networkx_agrees_on_random_accounts)
{
	const char *bin = getenv("POWERMAP_BIN");
	static const int seeds[] = { 1, 2, 3 };
	char cmd[2048];

	for (size_t i = 0; i < 3; i++) {
		char sub[32], *gen, *rdb;
		snprintf(sub, sizeof(sub), "rand%d", seeds[i]);
		gen = tu_path(dir, sub);
		snprintf(cmd, sizeof(cmd), "%s %s/gen-random.py %d 300 %s && %s --db %s/x.db import "
			 "%s/orgs.csv %s/people.csv %s/links.csv >/dev/null",
			 getenv("POWERMAP_PYTHON"), getenv("POWERMAP_TOOLS"), seeds[i], gen, bin, gen,
			 gen, gen, gen);
		cr_assert_eq(system(cmd), 0, "%s", cmd);
		rdb = tu_path(gen, "x.db");
		crosscheck("rank %s %s acct --as-of 2026-11-27", bin, rdb);
		crosscheck("paths %s %s c0 c3 c42 c150 c299 -k 5 --as-of 2026-11-27", bin, rdb);
		crosscheck("paths %s %s c7 c99 -k 3 --max-hops 3 --as-of 2026-11-27", bin, rdb);
		crosscheck("paths %s %s c3 c42 c150 -k 4 --no-chain --as-of 2026-11-27", bin, rdb);
		crosscheck("reach %s %s acct --as-of 2026-11-27", bin, rdb);
		free(rdb);
		free(gen);
	}
}

static json_t *account_of(json_t *v, const char *key)
{
	json_t *list = json_object_get(v, "accounts");

	for (size_t i = 0; i < json_array_size(list); i++)
		if (!strcmp(key_at(list, i), key))
			return json_array_get(list, i);
	cr_assert_fail("account %s not listed", key);
	return NULL;
}

/* The portfolio: the demo's 7 accounts, fit to the won ones, warm reach, plans. */
PM_TEST(analysis_cli, accounts_rank_the_portfolio_and_say_why)
{
	json_t *v = run_json("accounts", "--as-of", "2026-11-27", NULL), *a, *list;
	struct tu_run r;
	size_t i;

	list = json_object_get(v, "accounts");
	cr_assert_eq(json_array_size(list), 7, "kanto-solutions is in kanto-seiki's account");
	cr_assert_eq(json_integer_value(json_object_get(v, "won_accounts")), 2);
	for (i = 1; i < json_array_size(list); i++)
		cr_assert_geq(json_real_value(json_object_get(json_array_get(list, i - 1), "score")),
			      json_real_value(json_object_get(json_array_get(list, i), "score")));
	/* same industry, region, within 1.3x in size and revenue of kanto-seiki (won) */
	a = account_of(v, "toho-seimitsu");
	cr_assert_str_eq(json_string_value(json_object_get(a, "status")), "prospect");
	cr_assert_str_eq(json_string_value(json_object_get(a, "fit_with")), "kanto-seiki");
	cr_assert_eq(json_array_size(json_object_get(a, "fit_on")), 4, "industry, size, revenue, region");
	/* a count and an amount: JSON integers when whole */
	cr_assert_eq(json_integer_value(json_object_get(a, "employees")), 1800);
	cr_assert_eq(json_integer_value(json_object_get(a, "revenue")), 29000000000LL);
	/* by hand: .35 + .25 (1 - log10(2300/1800)) + .15 (1 - log10(41e9/29e9)) + .15 */
	cr_assert_float_eq(json_real_value(json_object_get(a, "fit")),
			   0.35 + 0.25 * (1 - log10(2300.0 / 1800)) + 0.15 * (1 - log10(41.0 / 29)) + 0.15,
			   1e-12);
	/* the bank's relationship manager knows the CEO (0.7, 2026-09-10): one hop */
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(
		json_object_get(a, "strongest_ties"), 0), "key")), "yamamoto-miki");
	cr_assert(json_is_false(json_object_get(a, "plan")), "no plan yet");
	/* nobody of ours knows anyone at 西日本フーズ */
	a = account_of(v, "nishi-foods");
	cr_assert_float_eq(json_real_value(json_object_get(a, "reach")), 0, 1e-12);
	cr_assert_eq(json_array_size(json_object_get(a, "roles_covered")), 0);
	cr_assert(strstr(json_string_value(json_object_get(a, "why")), "no warm path"));
	/* a won account is a customer and compares with the other won accounts only */
	a = account_of(v, "bluewater-freight");
	cr_assert_str_eq(json_string_value(json_object_get(a, "status")), "customer");
	cr_assert_str_eq(json_string_value(json_object_get(a, "fit_with")), "kanto-seiki");
	json_decref(v);
	/* plan next: the best without a plan, prospects only */
	v = run_json("accounts", "--plan-next", "2", "--kind", "prospect", "--as-of", "2026-11-27", NULL);
	list = json_object_get(v, "accounts");
	cr_assert_eq(json_array_size(list), 2);
	cr_assert_str_eq(key_at(list, 0), "toho-seimitsu");
	cr_assert_str_eq(key_at(list, 1), "cascade-cold");
	json_decref(v);
	RUN(r, "accounts", "--as-of", "2026-11-27", "--lang", "ja", "--top", "3");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "東邦精密工業株式会社（toho-seimitsu）: 関東精機株式会社 に類似（業種・規模・売上・地域）"
			 "／主要4人中4人に紹介経路（山本 美紀・株式会社みなと銀行経由）／計画なし"), "%s", r.out);
	cr_assert(strstr(r.out, "（ほか 4 件: --top 0 ですべて表示）"), "%s", r.out);
	tu_run_free(&r);
	RUN(r, "accounts", "--sort", "size");
	cr_assert_eq(r.status, 2, "a usage error");
	cr_assert(strstr(r.err, "--sort is score, fit, reach or pipeline"), "%s", r.err);
	tu_run_free(&r);
	/* the user's weights: reach alone is the score; fit on industry alone */
	v = run_json("accounts", "--weights", "fit=0,reach=2,coverage=0,engagement=0,pipeline=0",
		     "--fit-weights", "industry=1,employees=0,revenue=0,region=0,group=0",
		     "--top", "0", "--as-of", "2026-11-27", NULL);
	list = json_object_get(v, "accounts");
	cr_assert_eq(json_array_size(list), 7);
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(v, "weights"), "reach")), 2,
			   1e-12);
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(v, "fit_weights"), "industry")),
			   1, 1e-12);
	for (i = 0; i < json_array_size(list); i++) {
		json_t *x = json_array_get(list, i);
		cr_assert_float_eq(json_real_value(json_object_get(x, "score")),
				   json_real_value(json_object_get(x, "reach")), 1e-12);
	}
	a = account_of(v, "toho-seimitsu");
	cr_assert_float_eq(json_real_value(json_object_get(a, "fit")), 1, 1e-12);
	cr_assert_eq(json_array_size(json_object_get(a, "fit_on")), 1, "industry only");
	json_decref(v);
	RUN(r, "accounts", "--weights", "pipeline=0", "--top", "1");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "(weights: fit 0.3, reach 0.3, coverage 0.15, engagement 0.1, pipeline 0; "
			 "fit: industry 0.35, employees 0.25, revenue 0.15, region 0.15, group 0.1)"),
		  "the weights in use are said: %s", r.out);
	tu_run_free(&r);
	RUN(r, "accounts", "--top", "1");
	cr_assert_null(strstr(r.out, "(weights:"), "not when they are the defaults");
	tu_run_free(&r);
	RUN(r, "accounts", "--weights", "reach=1,budget=2");
	cr_assert_eq(r.status, 2, "a usage error");
	cr_assert(strstr(r.err, "--weights: unknown weight 'budget' (fit, reach, coverage, engagement or "
			 "pipeline)"), "%s", r.err);
	tu_run_free(&r);
}

/*
 * Ten cold prospects (people, nobody of ours tied to them, no deal) cannot
 * reach the top 3: accounts leaves them unranked, says so, and lists what
 * ranking all 17 lists first.
 */
PM_TEST(analysis_cli, accounts_leave_out_what_cannot_be_in_the_top)
{
	struct pm_strbuf orgs = PM_STRBUF_INIT, people = PM_STRBUF_INIT;
	struct tu_run r;
	json_t *part, *all;
	char *f[2];

	pm_strbuf_addf(&orgs, "key,name,kind\n");
	pm_strbuf_addf(&people, "key,name,org,role\n");
	for (int a = 0; a < 10; a++) {
		pm_strbuf_addf(&orgs, "cold%d,Cold %d,customer\n", a, a);
		for (int i = 0; i < 3; i++)
			pm_strbuf_addf(&people, "cold%d-%d,Cold %d-%d,cold%d,%s\n", a, i, a, i, a,
				       i ? "" : "economic_buyer");
	}
	f[0] = tu_write(dir, "cold-orgs.csv", pm_strbuf_str(&orgs));
	f[1] = tu_write(dir, "cold-people.csv", pm_strbuf_str(&people));
	pm_strbuf_release(&orgs);
	pm_strbuf_release(&people);
	RUN(r, "import", f[0], f[1]);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	free(f[0]);
	free(f[1]);

	part = run_json("accounts", "--top", "3", "--as-of", "2026-11-27", NULL);
	cr_assert_eq(json_integer_value(json_object_get(part, "accounts_total")), 17);
	cr_assert_leq(json_integer_value(json_object_get(part, "accounts_ranked")), 7,
		      "the cold ones are left out");
	all = run_json("accounts", "--top", "0", "--as-of", "2026-11-27", NULL);
	cr_assert_eq(json_integer_value(json_object_get(all, "accounts_ranked")), 17);
	for (size_t i = 0; i < 3; i++) {
		json_t *x = json_array_get(json_object_get(part, "accounts"), i);
		json_t *y = json_array_get(json_object_get(all, "accounts"), i);
		cr_assert(json_equal(x, y), "#%zu: %s / %s", i + 1, json_string_value(json_object_get(x, "key")),
			  json_string_value(json_object_get(y, "key")));
	}
	json_decref(part);
	json_decref(all);
	/*
	 * with another half-life nothing is cached (a new day would not do: ties
	 * with no last contact weigh the same): the progress line says what was
	 * left out
	 */
	RUN(r, "accounts", "--top", "3", "--as-of", "2026-11-28", "--half-life", "200",
	    "--progress", "--lang", "ja");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "/ 17 社を分析（ほかは表示される順位に入りえないため省略）\n"), "%s", r.err);
	cr_assert(strstr(r.out, "（ほか 14 件: --top 0 ですべて表示）"), "%s", r.out);
	tu_run_free(&r);
}
