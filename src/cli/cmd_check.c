/* powermap check — is the database sound; powermap backup — copy it live. */
#include <getopt.h>
#include <stdlib.h>
#include "cli.h"

static const char check_help[] =
	"usage: powermap [--db FILE] check [--json]\n"
	"\n"
	"Check the whole database: SQLite's integrity check, rows pointing to\n"
	"records that do not exist, cycles in org parents and reporting lines, and\n"
	"values out of range (power, stance, role, strengths, probabilities,\n"
	"dates). Reads only; other commands may run meanwhile. Exit 0 when all is\n"
	"well, 1 when anything is wrong (each problem with a count and an example).\n"
	"\n"
	"Options:\n"
	"  --json   the findings as JSON\n"
	"\n"
	"Examples:\n"
	"  powermap check\n"
	"  powermap check --json\n";

static json_t *check_json(const struct pm_check *k)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "ok", json_boolean(k->n == 0));
	json_object_set_new(o, "orgs", json_integer(k->orgs));
	json_object_set_new(o, "people", json_integer(k->people));
	json_object_set_new(o, "links", json_integer(k->links));
	for (size_t i = 0; i < k->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:s}", "problem", k->problems[i].what,
						   "count", (json_int_t)k->problems[i].count,
						   "example", k->problems[i].example));
	json_object_set_new(o, "problems", a);
	return o;
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_check k;
	struct pm_error err;
	int ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'h')
			return cli_help(check_help);
		if (ch != 'j')
			return cli_bad_option("check", argv);
		json = 1;
	}
	if (optind < argc)
		return cli_usage("check", "unexpected argument '%s'", argv[optind]);
	if (pm_store_check(c->st, &k, &err) < 0)
		return cli_fail_err(&err);
	rc = k.n ? EXIT_ERR : EXIT_OK;
	if (json) {
		if (cli_print_json(check_json(&k)) != EXIT_OK)
			rc = EXIT_ERR;
	} else {
		printf(TR(c, "%s: %lld orgs, %lld people, %lld ties checked\n",
			  "%s: 組織 %lld、人物 %lld、関係 %lld を検査しました\n"),
		       c->db_path, k.orgs, k.people, k.links);
		for (size_t i = 0; i < k.n; i++) {
			char *ex = cli_clean(k.problems[i].example);
			printf("  %s: %lld%s%s\n", k.problems[i].what, k.problems[i].count,
			       ex && *ex ? TR(c, ", e.g. ", "、例: ") : "", ex ? ex : "");
			free(ex);
		}
		printf("%s\n", k.n ? TR(c, "problems found", "問題があります")
		       : TR(c, "ok: no problems found", "ok: 問題はありません"));
	}
	pm_check_release(&k);
	return rc;
}

static const char backup_help[] =
	"usage: powermap [--db FILE] backup FILE\n"
	"\n"
	"Copy the database as it is now to FILE (mode 0600: it holds personal\n"
	"data), while other commands go on: the copy is one committed state.\n"
	"FILE is written through a temporary file beside it and replaced only when\n"
	"the copy is complete. Open the copy with --db FILE.\n"
	"\n"
	"Example:\n"
	"  powermap backup /tmp/powermap-backup.db\n";

int cmd_backup(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err;
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == 'h')
			return cli_help(backup_help);
		return cli_bad_option("backup", argv);
	}
	if (optind + 1 != argc)
		return cli_usage("backup", optind < argc ? "one FILE, please" : "which FILE?");
	if (pm_store_backup(c->st, argv[optind], &err) < 0)
		return cli_fail_err(&err);
	printf(TR(c, "backed up %s to %s\n", "%s を %s にバックアップしました\n"), c->db_path,
	       argv[optind]);
	return EXIT_OK;
}
