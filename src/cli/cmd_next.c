/* powermap next — who to approach next in an account, how, and why. */
#include <string.h>
#include "powermap/json.h"
#include "account_cmd.h"

static const char help[] =
	"usage: powermap [--db FILE] next ACCOUNT [--top N] [--json] [--as-of DATE]\n"
	"\n"
	"Who to approach next: every person of the account not engaged lately\n"
	"(no interaction in engaged_days, 180), ranked by expected value =\n"
	"power score x reachability x stance factor x coverage bonus, where\n"
	"reachability is the best warm-path strength (or cold_reach, 0.15), the\n"
	"stance factor favours supporters, and the coverage bonus lifts a buying role\n"
	"that no engaged person holds (economic buyer first). Each line says how:\n"
	"a referral with its path, or an outbound channel; and why. Shows the top\n"
	"10 unless --top says otherwise.\n"
	"\n"
	"Options:\n"
	ACCOUNT_OPTIONS_HELP
	"\n"
	"Example:\n"
	"  powermap next kanto-seiki --top 3\n";

int cmd_next(struct cli *c, int argc, char **argv)
{
	struct account_cmd ac;
	struct pm_next_item *it = NULL;
	struct pm_error err;
	size_t n, i;
	int rc;

	if ((rc = cli_account_begin(c, "next", help, argc, argv, 0, &ac)) != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (pm_next(c->st, ac.a, &ac.p, ac.top == (size_t)-1 ? 10 : ac.top, &it, &n, &err) < 0) {
		cli_account_end(&ac);
		return cli_fail_err(&err);
	}
	if (ac.json) {
		rc = cli_print_json(pm_json_next(ac.a, ac.account, &ac.p, it, n));
	} else {
		if (n == 0)
			printf("Everyone in %s has been engaged within %d days.\n", ac.account,
			       ac.p.engaged_days);
		for (i = 0; i < n; i++) {
			const struct pm_next_item *x = &it[i];
			const struct pm_person *pp = &ac.a->rank->view->people[x->vertex];
			const struct pm_view *view = x->view;
			const struct pm_path *path = x->path;
			char route[1024];
			printf("%s%zu. %s — %s  (value %.3f = power %.2f × reach %.2f × stance %.1f"
			       " × coverage %.1f)\n", i ? "\n" : "", i + 1, pp->name,
			       pp->title ? pp->title : "", x->value, x->power, x->reach,
			       x->stance_factor, x->coverage);
			if (x->warm)
				printf("   how: referral via %s (strength %.2f): %s\n",
				       view->people[path->nodes[0]].name, x->reach,
				       cli_route(route, sizeof(route), view, path));
			else
				printf("   how: outbound by %s%s%s\n", x->channel,
				       pp->email && !strcmp(x->channel, "email") ? " to " : "",
				       pp->email && !strcmp(x->channel, "email") ? pp->email : "");
			printf("   why: %s\n", x->why);
		}
		rc = EXIT_OK;
	}
	pm_next_free(it, n);
	cli_account_end(&ac);
	return rc;
}
