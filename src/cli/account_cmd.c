/*
 * powermap CLI — the shared front of the account commands (next, reach,
 * factions, risks): options, loading the account, and person helpers.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "account_cmd.h"

int cli_account_begin(struct cli *c, const char *cmd, const char *help, const char *help_ja,
		      int argc, char **argv, int with_reach, struct account_cmd *ac)
{
	static const struct option opts[] = {
		{ "top", required_argument, NULL, 'n' },
		{ "min-power", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "include-planned", no_argument, NULL, 'I' },
		{ "plan", no_argument, NULL, 'P' },
		{ "apply", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err;
	char *end;
	int ch, rc;

	memset(ac, 0, sizeof(*ac));
	ac->top = (size_t)-1;
	ac->min_power = -1;
	if (cli_params_init(c, &ac->p) != EXIT_OK)
		return EXIT_ERR;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			cli_fold_number(optarg);
			ac->top = strtoul(optarg, &end, 10);
			if (*end || !ac->top || !isdigit((unsigned char)optarg[0]))
				return cli_usage(cmd, "--top '%s' is not a positive number", optarg);
			break;
		case 'p':
			cli_fold_number(optarg);
			ac->min_power = strtod(optarg, &end);
			if (*end || ac->min_power < 0 || ac->min_power > 1)
				return cli_usage(cmd, "--min-power '%s' is not a number from 0 to 1",
						 optarg);
			break;
		case 'j': ac->json = 1; break;
		case 'I':
		case 'P':
		case 'A':
			if (strcmp(cmd, "next"))
				return cli_usage(cmd, "--include-planned, --plan and --apply are "
						 "options of next");
			*(ch == 'I' ? &ac->include_planned : ch == 'P' ? &ac->plan : &ac->apply) = 1;
			break;
		case 'h':
			cli_help_in(c, help, help_ja, NULL);
			return CLI_DONE;
		default:
			rc = cli_params_option(cmd, ch, optarg, &ac->p);
			if (rc <= 0)
				return rc < 0 ? EXIT_USAGE : cli_bad_option(cmd, argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "name one account (an org key or name)");
	if (ac->apply && !ac->plan)
		return cli_usage(cmd, "--apply writes the drafts of --plan: give both");
	ac->account = argv[optind];
	if (cli_params_ready(c, &ac->p) != EXIT_OK)
		return EXIT_ERR;
	if (pm_account_load(c->st, ac->account, &ac->p, with_reach, &ac->a, &err) < 0)
		return cli_fail_err(&err);
	return EXIT_OK;
}

void cli_account_end(struct account_cmd *ac)
{
	pm_account_free(ac->a);
	ac->a = NULL;
}

const char *cli_route(char *buf, size_t size, const struct pm_view *v, const struct pm_path *path)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < path->len && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " → " : "",
					 v->people[path->nodes[i]].name);
	return buf;
}
