/* powermap config — show or set the analysis parameters kept in the database. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/graph.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap config\n" \
	"  powermap config half_life 180\n" \
	"  powermap config --unset half_life\n"

static const char help[] =
	"usage: powermap [--db FILE] config [NAME [VALUE]] [--unset NAME] [--json]\n"
	"\n"
	"Show every analysis parameter with its value (default, or set in this\n"
	"database); show one; or set one for every later analysis on this database.\n"
	"Command-line options of the analysis commands (--half-life, --param) still\n"
	"override these for one run.\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] config [名前 [値]] [--unset 名前] [--json]\n"
	"\n"
	"分析パラメーターを値とともに一覧します（既定値か、このデータベースで設定\n"
	"した値）。1 つだけ表示することも、このデータベースでのこれからの分析の\n"
	"ために設定することもできます。分析コマンドのオプション（--half-life、\n"
	"--param）は、その 1 回に限ってこれより優先します。\n"
	"\n"
	"例:\n"
	EXAMPLES;

int cmd_config(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unset", required_argument, NULL, 'u' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_params def, cur;
	struct pm_error err;
	const char *unset = NULL;
	char a[64], b[64];
	const char *pos[3] = { NULL };
	int ch, json = 0, i, npos = 0;

	/*
	 * Options and arguments in any order, but a negative number is a value
	 * ("config half_life -5" is refused by the parameter's own check, not
	 * taken for an option -5).
	 */
	while (optind < argc) {
		const char *arg = argv[optind];
		if (arg[0] == '-' && (isdigit((unsigned char)arg[1]) || arg[1] == '.')) {
			if (npos < 3)
				pos[npos] = arg;
			npos++;
			optind++;
			continue;
		}
		if ((ch = getopt_long(argc, argv, "+h", opts, NULL)) == -1) {
			if (optind < argc) {
				if (npos < 3)
					pos[npos] = argv[optind];
				npos++;
				optind++;
			}
			continue;
		}
		switch (ch) {
		case 'u': unset = optarg; break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("config", argv);
		}
	}
	if (npos > 2 || (unset && npos))
		return cli_usage("config", "too many arguments");
	pm_params_default(&def, cli_today(c));
	if (unset || npos == 2) {
		const char *name = unset ? unset : pos[0];
		if (pm_params_get(&def, name, a, sizeof(a)) < 0)
			return cli_usage("config", "unknown parameter '%s'", name);
		if (!unset && pm_params_set(&def, name, pos[1], &err) < 0)
			return cli_usage("config", "%s", err.msg);
		if (pm_store_config_set(c->st, name, unset ? NULL : pos[1], &err) < 0)
			return cli_fail_err(&err);
		printf(unset ? TR(c, "%s reset to its default\n", "%s を既定値に戻しました\n")
		       : TR(c, "%s set\n", "%s を設定しました\n"), name);
		return EXIT_OK;
	}
	if (cli_params_init(c, &cur) != EXIT_OK)
		return EXIT_ERR;
	if (npos == 1) {
		if (pm_params_get(&cur, pos[0], a, sizeof(a)) < 0)
			return cli_usage("config", "unknown parameter '%s'", pos[0]);
		printf("%s\n", a);
		return EXIT_OK;
	}
	{
		static const char *const header[] = { "parameter", "value", "default", "meaning" };
		static const char *const header_ja[] = { "パラメーター", "値", "既定値", "意味" };
		struct cli_table *t = json ? NULL : cli_table_new(4, c->lang == PM_LANG_JA ? header_ja
								     : header);
		json_t *o = json ? json_object() : NULL;
		for (i = 0; pm_param_names[i]; i++) {
			pm_params_get(&cur, pm_param_names[i], a, sizeof(a));
			pm_params_get(&def, pm_param_names[i], b, sizeof(b));
			if (o) {
				json_object_set_new(o, pm_param_names[i], json_real(strtod(a, NULL)));
			} else {
				const char *cells[] = { pm_param_names[i], a, strcmp(a, b) ? b : "",
							pm_params_help(pm_param_names[i]) };
				cli_table_add(t, cells);
			}
		}
		if (o)
			return cli_print_json(o);
		cli_table_print(t, stdout, CLI_WIDTH);
		cli_table_free(t);
	}
	return EXIT_OK;
}
