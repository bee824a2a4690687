/* powermap risks — the red flags of an account and what to do about them. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "powermap/json.h"
#include "account_cmd.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap risks kanto-seiki --as-of 2026-11-27\n"

static const char help[] =
	"usage: powermap [--db FILE] risks ACCOUNT [--top N] [--json] [--as-of DATE]\n"
	"                                 [--half-life DAYS] [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"Red flags: no economic buyer identified or not engaged; no champion or\n"
	"coach; single-threaded (fewer than 3 engaged people with power above the\n"
	"median); a powerful opponent or skeptic; a key person (power >= key_power)\n"
	"with no warm path; relationships gone stale (last contact older than\n"
	"stale_days); a champion without contact for quiet_days. Each with the\n"
	"people it concerns and what to do.\n"
	"\n"
	"Options:\n"
	ACCOUNT_OPTIONS_HELP
	"\n"
	"Example:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] risks 顧客 [--top N] [--json] [--as-of 日付]\n"
	"                                 [--half-life 日数] [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"危険信号: 経済的決裁者が特定されていない、または関与していない。チャンピオン\n"
	"やコーチがいない。シングルスレッド（影響力が中央値を超える関与者が 3 人未満）。\n"
	"影響力のある反対者や懐疑派。紹介経路のない重要人物（影響力が key_power 以上）。\n"
	"古くなった関係（最終接触が stale_days より前）。quiet_days の間接触のない\n"
	"チャンピオン。それぞれ、関わる人と対応を示します。\n"
	"\n"
	"オプション:\n"
	"  --top N             先頭の N 件だけ表示する\n"
	"  --json              JSON で出力\n"
	CLI_PARAM_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

int cmd_risks(struct cli *c, int argc, char **argv)
{
	struct account_cmd ac;
	struct pm_risk *r = NULL;
	struct pm_error err;
	size_t n, i, j;
	int rc;

	if ((rc = cli_account_begin(c, "risks", help, help_ja, argc, argv, 0, &ac)) != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (pm_risks(c->st, ac.a, &ac.p, &r, &n, &err) < 0) {
		cli_account_end(&ac);
		return cli_fail_err(&err);
	}
	if (ac.json) {
		rc = cli_print_json(pm_json_risks(ac.a, ac.account, &ac.p, r, n, ac.top));
	} else {
		if (n == 0)
			printf(TR(c, "No red flags for %s as of %s.\n", "%s に危険信号はありません（%s 時点）。\n"),
			       ac.account, ac.p.as_of);
		for (i = 0; i < n && i < ac.top; i++) {
			printf("%s[%s] %s\n", i ? "\n" : "",
			       c->lang == PM_LANG_JA ? (!strcmp(r[i].severity, "high") ? "高" : "中")
						     : r[i].severity, r[i].title);
			if (r[i].npeople) {
				printf("%s", TR(c, "   people: ", "   対象: "));
				for (j = 0; j < r[i].npeople; j++)
					printf("%s%s", j ? ", " : "",
					       ac.a->rank->view->people[r[i].people[j]].name);
				putchar('\n');
			}
			printf(TR(c, "   do: %s\n", "   対応: %s\n"), r[i].advice);
		}
		rc = EXIT_OK;
	}
	pm_risks_free(r, n);
	cli_account_end(&ac);
	return rc;
}
