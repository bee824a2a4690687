/* End-to-end tests of the analysis commands, and the NetworkX cross-checks. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../testutil.h"

static char *dir, *db;

/* Both demo accounts, imported once per test. */
static void setup(void)
{
	struct tu_run r;

	dir = tu_tmpdir();
	db = tu_path(dir, "pm.db");
	tu_import_demo(&r, db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
}

static void teardown(void)
{
	free(db);
	tu_rmdir(dir);
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
	cr_assert_str_eq(json_string_value(json_object_get(p0, "introducer")), "yamamoto-miki");
	cr_assert_float_eq(json_real_value(json_object_get(p0, "strength")),
			   0.9 * pow(2, -43.0 / 365), 1e-9);
	/* three different introducers; no opponent or blocker in the middle */
	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			cr_assert_str_neq(
				json_string_value(json_object_get(json_array_get(paths, i), "introducer")),
				json_string_value(json_object_get(json_array_get(paths, j), "introducer")));
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
	json_t *v = run_json("next", "kanto-seiki", "--top", "3", "--as-of", "2026-11-27", NULL);
	json_t *next = json_object_get(v, "next");

	cr_assert_eq(json_array_size(next), 3);
	cr_assert_str_eq(key_at(next, 0), "tanaka-ichiro", "the economic buyer comes first");
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
	cr_assert_float_eq(s, 0.8, 1e-9, "with a 30-day half-life the colleague tie (0.8) wins");
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
	crosscheck("reach %s %s kanto-seiki northwind --as-of 2026-11-27", bin, db);
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
		crosscheck("reach %s %s acct --as-of 2026-11-27", bin, rdb);
		free(rdb);
		free(gen);
	}
}
