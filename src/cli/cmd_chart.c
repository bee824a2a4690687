/* powermap chart — a draft of an account's reporting lines from titles and departments. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/store.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap chart kanto-seiki\n" \
	"  powermap chart kanto-seiki --apply --json\n"

static const char help[] =
	"usage: powermap [--db FILE] chart ACCOUNT [--apply] [--json] [--lang ja|en]\n"
	"\n"
	"A draft of the account's org chart from its people's titles and\n"
	"departments, as a rep pencils it in from a list or a stack of business\n"
	"cards: for each person with a title (社長 … 部長 … 課長 … 担当; CEO … VP …\n"
	"Manager) and no reporting line yet, the boss is, in the same company, the\n"
	"person of the lowest rank above theirs who heads their department or one\n"
	"above it (情報システム部 above 情報システム部 開発課); else, for a head of\n"
	"department or above, the company's top (its one most senior person).\n"
	"Where two would fit alike, or a line would close a loop, none is drawn:\n"
	"they are listed as not placed. The formal power of rank, the map's layout\n"
	"and the paths through a target's boss all read these lines.\n"
	"\n"
	"Nothing is written until --apply: then the lines are added as reports_to\n"
	"links of source 'titles', all or none (powermap rm link A B --kind\n"
	"reports_to --source titles takes one back).\n"
	"\n"
	"Options:\n"
	"  --apply             write the drafted lines\n"
	"  --json              JSON output\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] chart 顧客 [--apply] [--json] [--lang ja|en]\n"
	"\n"
	"顧客の組織図の下書きを、人物の役職と部署から作ります（一覧や名刺の束から\n"
	"担当者が書き起こすように）。役職が読め（社長 … 部長 … 課長 … 担当。CEO …\n"
	"VP … Manager）上司の関係がまだない人ごとに、同じ会社の中で、その人の部署\n"
	"かその上の部署（情報システム部 は 情報システム部 開発課 の上）を率いる人の\n"
	"うち役職がすぐ上の人を上司とします。いなければ、部長以上の人は、会社の\n"
	"トップ（いちばん上の 1 人）を上司とします。候補が同格で 2 人いる場合や、\n"
	"関係が輪になる場合は線を引かず、未配置として示します。rank の公式の影響力、\n"
	"マップの配置、相手の上司を経由する経路は、どれもこの関係を使います。\n"
	"\n"
	"--apply を付けるまで何も書き込みません。付けると、出典 'titles' の上司の\n"
	"関係（reports_to）として、すべてか何も書かないかのどちらかで追加します\n"
	"（取り消しは powermap rm link 部下 上司 --kind reports_to --source titles）。\n"
	"\n"
	"オプション:\n"
	"  --apply             下書きの関係を書き込む\n"
	"  --json              JSON で出力\n"
	"\n"
	"例:\n"
	EXAMPLES;

/* "小林 花子（課長、情報システム部）" */
static void who(const struct cli *c, const struct pm_person *p)
{
	int ja = c->lang == PM_LANG_JA;

	printf("%s%s%s%s%s%s", p->name, ja ? "（" : " (", p->title ? p->title : "",
	       p->department && *p->department ? (ja ? "、" : ", ") : "",
	       p->department ? p->department : "", ja ? "）" : ")");
}

/* Write the lines as reports_to links of source 'titles', all or none. */
static int apply_lines(struct cli *c, const struct pm_chart_draft *d)
{
	struct pm_error err;
	size_t i;

	if (pm_store_begin(c->st, &err) < 0)
		return cli_fail_err(&err);
	for (i = 0; i < d->n; i++) {
		const char *vals[PM_TABLE_MAXCOLS] = { 0 };
		const struct pm_table *t = &pm_tables[PM_T_LINKS];
		vals[pm_table_col(t, "from")] = d->view->people[d->lines[i].person].key;
		vals[pm_table_col(t, "to")] = d->view->people[d->lines[i].boss].key;
		vals[pm_table_col(t, "kind")] = "reports_to";
		vals[pm_table_col(t, "source")] = "titles";
		if (pm_store_put(c->st, PM_T_LINKS, vals, PM_PUT_INSERT_ONLY, NULL, NULL, &err) < 0) {
			pm_store_rollback(c->st);
			return cli_fail_err(&err);
		}
	}
	if (pm_store_commit(c->st, &err) < 0)
		return cli_fail_err(&err);
	return EXIT_OK;
}

static json_t *as_json(const char *account, const struct pm_chart_draft *d, int applied)
{
	json_t *o = json_object(), *lines = json_array(), *un = json_array();
	size_t i;

	json_object_set_new(o, "account", json_string(account));
	json_object_set_new(o, "applied", json_boolean(applied));
	for (i = 0; i < d->n; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "person", json_string(d->view->people[d->lines[i].person].key));
		json_object_set_new(x, "boss", json_string(d->view->people[d->lines[i].boss].key));
		json_object_set_new(x, "by", json_string(d->lines[i].by_department ? "department"
							 : "company"));
		json_array_append_new(lines, x);
	}
	for (i = 0; i < d->nunplaced; i++)
		json_array_append_new(un, json_string(d->view->people[d->unplaced[i]].key));
	json_object_set_new(o, "lines", lines);
	json_object_set_new(o, "unplaced", un);
	return o;
}

int cmd_chart(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "apply", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_chart_draft *d = NULL;
	struct pm_error err;
	int ch, apply = 0, json = 0, rc = EXIT_OK;
	const char *account;
	size_t i;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': apply = 1; break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("chart", argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage("chart", "name one account (an org key or name)");
	account = argv[optind];
	if (pm_chart_draft(c->st, account, &d, &err) < 0)
		return cli_fail_err(&err);
	if (apply && d->n && (rc = apply_lines(c, d)) != EXIT_OK)
		goto out;
	if (json) {
		rc = cli_print_json(as_json(account, d, apply));
		goto out;
	}
	printf(TR(c, "Reporting lines drafted for %s from titles and departments (%zu):\n",
		  "%s の上司の関係の下書き（役職と部署から、%zu 本）:\n"), account, d->n);
	for (i = 0; i < d->n; i++) {
		const struct pm_chart_line *l = &d->lines[i];
		printf("  ");
		who(c, &d->view->people[l->person]);
		printf(" → ");
		who(c, &d->view->people[l->boss]);
		printf("%s\n", l->by_department ? "" : TR(c, "  [the company's top]",
							     "  [会社のトップ]"));
	}
	if (d->nunplaced) {
		printf(TR(c, "Not placed (no one fits, or two alike) (%zu):", "未配置（当てはまる人がいないか、同格が 2 人）（%zu 人）:"),
		       d->nunplaced);
		for (i = 0; i < d->nunplaced; i++)
			printf("%s%s", i ? TR(c, ",", "、") : " ", d->view->people[d->unplaced[i]].name);
		putchar('\n');
	}
	if (!d->n)
		printf("%s", TR(c, "No line to draw: add them by hand (powermap add link PERSON BOSS "
				"--kind reports_to).\n", "引ける線はありません。手で加えてください"
				"（powermap add link 部下 上司 --kind reports_to）。\n"));
	else if (!apply)
		printf("%s", TR(c, "Nothing written: review, then run again with --apply.\n",
				"まだ書き込んでいません。確認のうえ --apply を付けて再実行してください。\n"));
	else
		printf(TR(c, "written: %zu reporting lines (source titles)\n",
			  "書き込みました: 上司の関係 %zu 本（出典 titles）\n"), d->n);
out:
	pm_chart_draft_free(d);
	return rc;
}
