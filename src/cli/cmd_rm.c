/* powermap rm — remove a person (and their links) or links. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/model.h"
#include "powermap/table.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap rm link nakano-yuta okada-mei --kind knows\n" \
	"  powermap rm person jdoe\n" \
	"  powermap rm plan kanto-seiki cadence\n" \
	"  powermap rm interaction 4\n"

static const char help[] =
	"usage: powermap [--db FILE] rm person PERSON\n"
	"       powermap [--db FILE] rm link FROM TO [--kind KIND] [--source SOURCE]\n"
	"       powermap [--db FILE] rm action ID | interaction ID\n"
	"       powermap [--db FILE] rm org ORG | deal KEY | plan ACCOUNT SECTION\n"
	"\n"
	"Remove a person with all their links, interactions and actions, the\n"
	"links between two people (a 'knows' link in either direction), optionally\n"
	"only of one kind or source, one action (by the id 'powermap action\n"
	"list' shows), one interaction (by the id 'powermap list interactions'\n"
	"shows; its owner's tie to the person gets the strength the history now\n"
	"gives, and goes if interactions alone made it and none is left), a deal,\n"
	"a plan section, or an org nothing refers to any more. Every removal is\n"
	"recorded in the history.\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] rm person 人物\n"
	"        powermap [--db ファイル] rm link 元 先 [--kind 種類] [--source 出典]\n"
	"        powermap [--db ファイル] rm action ID | interaction ID\n"
	"        powermap [--db ファイル] rm org 組織 | deal キー | plan 顧客 項目\n"
	"\n"
	"削除します: 人物（その関係・接触・行動もすべて）、2 人の間の関係（knows は\n"
	"どちら向きでも。種類や出典で絞れます）、行動 1 件（'powermap action list'\n"
	"で示す ID で）、接触 1 件（'powermap list interactions' で示す ID で。担当者\n"
	"と相手の関係には履歴から求め直した強さを書き、接触だけから作られた関係で\n"
	"接触が残らなければ削除します）、商談、計画の項目、どこからも参照されなく\n"
	"なった組織。削除はすべて履歴に残ります。\n"
	"\n"
	"例:\n"
	EXAMPLES;

int cmd_rm(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "source", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kind = NULL, *source = NULL;
	struct pm_error err;
	int ch, rc, removed = 0;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			if (pm_enum_find(pm_link_kinds, optarg) < 0)
				return cli_usage("rm", "unknown link kind '%s'", optarg);
			kind = optarg;
			break;
		case 's': source = optarg; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("rm", argv);
		}
	}
	if (optind >= argc)
		return cli_usage("rm", "what to remove? person or link");
	if (!strcmp(argv[optind], "interaction")) {
		if (kind || source)
			return cli_usage("rm", "usage: rm interaction ID ('powermap list "
					 "interactions' shows ids)");
		return cli_rm_interaction(c, argc - optind - 1, argv + optind + 1);
	}
	if ((rc = pm_store_begin(c->st, &err)) < 0)
		return cli_fail_err(&err);
	if (!strcmp(argv[optind], "person")) {
		if (optind + 2 != argc || kind || source) {
			pm_store_rollback(c->st);
			return cli_usage("rm", "usage: rm person PERSON");
		}
		rc = pm_store_person_remove(c->st, argv[optind + 1], &err);
		removed = 1;
	} else if (!strcmp(argv[optind], "org") || !strcmp(argv[optind], "deal") ||
		   !strcmp(argv[optind], "plan")) {
		int t = pm_table_find(argv[optind]), want = t == PM_T_PLAN ? 2 : 1;
		const char *vals[PM_TABLE_MAXCOLS] = { 0 };
		if (optind + 1 + want != argc || kind || source) {
			pm_store_rollback(c->st);
			return cli_usage("rm", "usage: rm %s", t == PM_T_PLAN ? "plan ACCOUNT SECTION"
					 : t == PM_T_ORGS ? "org ORG" : "deal KEY");
		}
		vals[0] = argv[optind + 1];
		vals[1] = want == 2 ? argv[optind + 2] : NULL;
		rc = pm_store_remove(c->st, (enum pm_table_id)t, vals, &err);
		removed = 1;
	} else if (!strcmp(argv[optind], "action")) {
		char *end;
		long long id = optind + 2 == argc ? strtoll(argv[optind + 1], &end, 10) : 0;
		if (id <= 0 || *end || kind || source) {
			pm_store_rollback(c->st);
			return cli_usage("rm", "usage: rm action ID ('powermap action list' shows ids)");
		}
		rc = pm_store_remove_id(c->st, PM_T_ACTIONS, id, &err);
		removed = 1;
	} else if (!strcmp(argv[optind], "link")) {
		if (optind + 3 != argc) {
			pm_store_rollback(c->st);
			return cli_usage("rm", "usage: rm link FROM TO [--kind KIND] [--source SOURCE]");
		}
		rc = pm_store_link_remove(c->st, argv[optind + 1], argv[optind + 2], kind,
					  source, &removed, &err);
	} else {
		pm_store_rollback(c->st);
		return cli_usage("rm", "cannot remove '%s' (expected person, link, action, "
				 "interaction, org, deal or plan)",
				 argv[optind]);
	}
	if (rc < 0 || (rc = pm_store_commit(c->st, &err)) < 0) {
		pm_store_rollback(c->st);
		return cli_fail_err(&err);
	}
	{
		const char *what = strcmp(argv[optind], "link") ? argv[optind]
				   : removed == 1 ? "link" : "links";
		printf(TR(c, "removed %d %s\n", "%d 件の%sを削除しました\n"), removed,
		       c->lang == PM_LANG_JA ? pm_msg(what) : what);
	}
	return EXIT_OK;
}
