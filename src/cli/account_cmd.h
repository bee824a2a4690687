/* powermap CLI — shared front of the account commands (next, reach, factions, risks). */
#ifndef POWERMAP_ACCOUNT_CMD_H
#define POWERMAP_ACCOUNT_CMD_H

#include "powermap/analysis.h"
#include "cli.h"

struct account_cmd {
	struct pm_params p;
	struct pm_account *a;
	const char *account;
	size_t top;          /* --top, or (size_t)-1 */
	double min_power;    /* --min-power, or -1 */
	int json;
	int include_planned; /* next: --include-planned */
	int plan, apply;     /* next: --plan, --apply */
};

/* Returned by cli_account_begin when the command is done (--help printed). */
#define CLI_DONE (-1)

/*
 * Parse the shared options, then load the account (with the best warm path
 * to everyone when with_reach). EXIT_OK to go on;
 * CLI_DONE after --help; else an exit code (the error is printed).
 */
int cli_account_begin(struct cli *c, const char *cmd, const char *help, const char *help_ja,
		      int argc, char **argv, int with_reach, struct account_cmd *ac);
void cli_account_end(struct account_cmd *ac);


/* "A → B → C" names along a path, into buf. */
const char *cli_route(char *buf, size_t size, const struct pm_view *v, const struct pm_path *path);

#define ACCOUNT_OPTIONS_HELP                                                 \
	"  --top N             show the first N only\n"                        \
	"  --json              JSON output\n"                                   \
	CLI_PARAM_HELP

/* The same in Japanese (the commands' help_ja). */
#define ACCOUNT_OPTIONS_HELP_JA                                              \
	"  --top N             先頭の N 人だけ表示する\n"                      \
	"  --json              JSON で出力\n"                                   \
	CLI_PARAM_HELP_JA

/* The same for factions, which judges no engagement. */
#define ACCOUNT_OPTIONS_HELP_DECAY                                           \
	"  --top N             show the first N only\n"                        \
	"  --json              JSON output\n"                                   \
	CLI_PARAM_HELP_DECAY

#endif
