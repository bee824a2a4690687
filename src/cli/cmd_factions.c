/* powermap factions — coalitions in an account (Leiden communities). */
#include <stdio.h>
#include "powermap/json.h"
#include "account_cmd.h"

static const char help[] =
	"usage: powermap [--db FILE] factions ACCOUNT [--top N] [--json] [--as-of DATE]\n"
	"\n"
	"Coalitions in the account: Leiden communities (modularity, reproducible\n"
	"seed) over who sways whom and who knows whom. Per faction: members by\n"
	"power, summed power, and mean stance (+2 champion ... -2 opponent, over\n"
	"members whose stance is known).\n"
	"\n"
	"Options:\n"
	ACCOUNT_OPTIONS_HELP
	"\n"
	"Example:\n"
	"  powermap factions kanto-seiki\n";

static const char *stance_word(double s, int known)
{
	if (!known)
		return "unknown";
	if (s >= 1.0) return "favourable";
	if (s > 0.25) return "leaning favourable";
	if (s >= -0.25) return "neutral";
	if (s > -1.0) return "leaning against";
	return "against";
}

int cmd_factions(struct cli *c, int argc, char **argv)
{
	struct account_cmd ac;
	struct pm_factions *f = NULL;
	struct pm_error err;
	size_t i, j, singles = 0;
	int rc;

	if ((rc = cli_account_begin(c, "factions", help, argc, argv, 0, &ac)) != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (pm_factions(ac.a, &ac.p, &f, &err) < 0) {
		cli_account_end(&ac);
		return cli_fail_err(&err);
	}
	if (ac.json) {
		rc = cli_print_json(pm_json_factions(ac.a, ac.account, f, ac.top));
	} else {
		printf("%zu factions in %s (modularity %.2f)\n", f->n, ac.account, f->modularity);
		for (i = 0; i < f->n && i < ac.top; i++) {
			const struct pm_faction *x = &f->f[i];
			if (x->n == 1) {
				singles++;
				continue;
			}
			printf("\nFaction %zu: %zu people, power %.2f, stance %s", i + 1 - singles, x->n,
			       x->power, stance_word(x->stance, x->nknown));
			if (x->nknown)
				printf(" (%+.2f over %d)", x->stance, x->nknown);
			printf("\n  ");
			for (j = 0; j < x->n; j++) {
				const struct pm_person *pp = &ac.a->rank->view->people[x->members[j]];
				printf("%s%s", j ? ", " : "", pp->name);
				if (j < 3 && pp->stance && *pp->stance && pp->stance[0] != 'u')
					printf(" (%s)", pp->stance);
			}
			putchar('\n');
		}
		if (singles)
			printf("\n%zu people stand alone (no ties within the account).\n", singles);
		rc = EXIT_OK;
	}
	pm_factions_free(f);
	cli_account_end(&ac);
	return rc;
}
