/* powermap init — create an empty database. */
#include <getopt.h>
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap --db acme.db init\n"

static const char help[] =
	"usage: powermap [--db FILE] init\n"
	"\n"
	"Create an empty powermap database (mode 0600: it holds personal data).\n"
	"Fails if the file already exists.\n"
	"\n"
	"Example:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] init\n"
	"\n"
	"空の powermap データベースを作ります（個人情報を含むため、権限は 0600）。\n"
	"ファイルがすでにあれば失敗します。\n"
	"\n"
	"例:\n"
	EXAMPLES;

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err;
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'h')
			return cli_help_in(c, help, help_ja, NULL);
		return cli_bad_option("init", argv);
	}
	if (optind < argc)
		return cli_usage("init", "unexpected argument '%s'", argv[optind]);
	if (pm_store_open(c->db_path, PM_STORE_CREATE | PM_STORE_EXCL, &c->st, &err) < 0)
		return cli_fail_err(&err);
	printf(TR(c, "created %s (schema version %d)\n", "%s を作りました（スキーマ版 %d）\n"), c->db_path,
	       pm_store_schema_version(c->st));
	return EXIT_OK;
}
