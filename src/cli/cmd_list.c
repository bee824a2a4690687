/* powermap list — records of one kind as an aligned table or JSON. */
#include <getopt.h>
#include <string.h>
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap list people --org kanto-seiki\n" \
	"  powermap list links --person tanaka-ichiro --json\n" \
	"  powermap list interactions --person goto-ryota\n"

static const char help[] =
	"usage: powermap [--db FILE] list KIND [--org ORG] [--person PERSON] [--json]\n"
	"\n"
	"List records of one kind: orgs, people, links, interactions, deals,\n"
	"actions, plan. The table shows the main columns and shortens long text\n"
	"to fit 100 columns; --json gives every column, untruncated. Actions and\n"
	"interactions come with their id first, by which 'set' and 'rm' name them.\n"
	"\n"
	"Options:\n"
	"  --org ORG         only that org and its child orgs (key or unique name)\n"
	"  --person PERSON   only records involving that person\n"
	"  --json            JSON array of objects, one per record\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] list 種類 [--org 組織] [--person 人物] [--json]\n"
	"\n"
	"1 種類の記録を一覧します: orgs、people、links、interactions、deals、\n"
	"actions、plan。表は主な列を示し、長い文字列は 100 桁に収まるよう短くします。\n"
	"--json ではすべての列を省略せずに出します。行動と接触には先頭に ID を付けます\n"
	"（'set' と 'rm' はこの ID で指定します）。\n"
	"\n"
	"オプション:\n"
	"  --org ORG         その組織と子組織だけ（キーか、ただ 1 つに当てはまる名前）\n"
	"  --person PERSON   その人物に関わる記録だけ\n"
	"  --json            記録ごとに 1 つのオブジェクトの JSON 配列\n"
	"\n"
	"例:\n"
	EXAMPLES;

int cmd_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'g' },
		{ "person", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_filter f = { NULL, NULL };
	struct cli_rows rows;
	struct pm_error err;
	int ch, json = 0, rc, t;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'g': f.org = optarg; break;
		case 'p': f.person = optarg; break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("list", argv);
		}
	}
	if (optind >= argc)
		return cli_usage("list", "what to list? orgs, people, links, interactions, "
				 "deals, actions or plan");
	if (optind + 1 < argc)
		return cli_usage("list", "unexpected argument '%s'", argv[optind + 1]);
	if ((t = pm_table_find(argv[optind])) < 0)
		return cli_usage("list", "unknown kind '%s' (expected orgs, people, links, "
				 "interactions, deals, actions or plan)", argv[optind]);
	if (cli_rows_init(&rows, t, json, c->lang) < 0)
		return cli_fail("out of memory");
	rc = rows.with_id ? pm_store_select_ids(c->st, (enum pm_table_id)t, &f,
							cli_rows_add_id, &rows, &err)
				  : pm_store_select(c->st, (enum pm_table_id)t, &f, cli_rows_add, &rows,
						    &err);
	if (rc < 0) {
		cli_rows_free(&rows);
		return rc == PM_ENOMEM ? cli_fail("out of memory") : cli_fail_err(&err);
	}
	if (json)
		return cli_print_json(cli_rows_take_json(&rows));
	if (rows.count)
		cli_table_print(rows.table, stdout, CLI_WIDTH);
	else
		fprintf(stderr, pm_msg("no %s\n"), pm_msg(pm_tables[t].name));
	cli_rows_free(&rows);
	return EXIT_OK;
}
