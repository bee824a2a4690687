/* powermap risks — the red flags of an account and what to do about them. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "powermap/json.h"
#include "account_cmd.h"

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
	"  powermap risks kanto-seiki --as-of 2026-11-27\n";

int cmd_risks(struct cli *c, int argc, char **argv)
{
	struct account_cmd ac;
	struct pm_risk *r = NULL;
	struct pm_error err;
	size_t n, i, j;
	int rc;

	if ((rc = cli_account_begin(c, "risks", help, argc, argv, 0, &ac)) != EXIT_OK)
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
