/* powermap plan — the account plan's sections, to read and to write. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/model.h"
#include "powermap/table.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap plan kanto-seiki\n" \
	"  powermap plan kanto-seiki --set threats --text \"- 競合A社の値下げ\"\n"

static const char help[] =
	"usage: powermap [--db FILE] plan ACCOUNT [--json] [--lang ja|en]\n"
	"       powermap [--db FILE] plan ACCOUNT --set SECTION (--text TEXT | --from FILE)\n"
	"\n"
	"The account plan, formatted for reading (wrapped, not cut), or one section\n"
	"written (Markdown or plain text, kept as written; --from - reads stdin).\n"
	"Sections: industry, overview (revenue, profit, market position, customer\n"
	"base), goal, strategy (the scenario, and what follows the deal), cadence\n"
	"(the review rhythm), and the SWOT: strengths, weaknesses, opportunities,\n"
	"threats. Every change is recorded in the history ('powermap log').\n"
	"\n"
	"Options:\n"
	"  --set SECTION       the section to write\n"
	"  --text TEXT         its text\n"
	"  --from FILE         its text from a file (UTF-8)\n"
	"  --json              JSON output\n"
	"  --lang ja|en        language of the headings\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] plan 顧客 [--json] [--lang ja|en]\n"
	"        powermap [--db ファイル] plan 顧客 --set 項目 (--text 文 | --from ファイル)\n"
	"\n"
	"アカウントプランを読みやすく整えて表示します（折り返し、切り捨てなし）。\n"
	"または項目を 1 つ書きます（Markdown かプレーンテキスト、書いたまま保存。\n"
	"--from - は標準入力から読みます）。項目: industry（業界）、overview（概要:\n"
	"売上、利益、市場での位置、顧客層）、goal（目標）、strategy（戦略: シナリオと\n"
	"受注後の展開）、cadence（レビューの周期）、SWOT: strengths、weaknesses、\n"
	"opportunities、threats。変更はすべて履歴に残ります（'powermap log'）。\n"
	"\n"
	"オプション:\n"
	"  --set SECTION       書く項目\n"
	"  --text TEXT         その本文\n"
	"  --from FILE         本文をファイル（UTF-8）から\n"
	"  --json              JSON で出力\n"
	"  --lang ja|en        見出しの言語\n"
	"\n"
	"例:\n"
	EXAMPLES;

/* Heading of a section, in order of pm_plan_sections. */
static const char *const heading_en[] = { "Industry", "Overview", "Goal", "Strategy",
					  "Review cadence", "Strengths", "Weaknesses",
					  "Opportunities", "Threats" };
static const char *const heading_ja[] = { "業界", "概要", "目標", "戦略", "レビューの頻度",
					  "強み", "弱み", "機会", "脅威" };

struct show_ctx {
	const struct cli *c;
	json_t *obj;
	size_t n;
};

static int on_section(const char *const *vals, size_t n, void *vctx)
{
	struct show_ctx *sc = vctx;
	int i = pm_enum_find(pm_plan_sections, vals[1]);

	(void)n;
	sc->n++;
	if (sc->obj)
		return json_object_set_new(sc->obj, vals[1], vals[2] ? json_string(vals[2])
								     : json_null()) ? PM_ENOMEM : 0;
	if (i == 5)
		printf("\n%s\n", TR(sc->c, "SWOT", "SWOT 分析"));
	printf(i >= 5 ? "\n  %s\n" : "\n%s\n", i < 0 ? vals[1] : TR(sc->c, heading_en[i],
								    heading_ja[i]));
	cli_wrap(stdout, vals[2] ? vals[2] : "", i >= 5 ? 4 : 2, CLI_WIDTH - 24);
	return 0;
}

static int show(struct cli *c, const char *account, int json)
{
	struct show_ctx sc = { c, json ? json_object() : NULL, 0 };
	struct pm_filter f = { account, NULL };
	struct pm_error err;
	char *key = NULL;
	int64_t id;
	int rc;

	if (pm_store_org_resolve(c->st, account, &id, &key, &err) < 0) {
		json_decref(sc.obj);
		return cli_fail_err(&err);
	}
	f.org = key;
	if (!json)
		printf(TR(c, "Account plan: %s\n", "アカウントプラン: %s\n"), key);
	rc = pm_store_select(c->st, PM_T_PLAN, &f, on_section, &sc, &err);
	free(key);
	if (rc < 0) {
		json_decref(sc.obj);
		return rc == PM_ENOMEM ? cli_fail("out of memory") : cli_fail_err(&err);
	}
	if (json)
		return cli_print_json(sc.obj);
	if (!sc.n)
		printf("%s", TR(c, "\n(no plan sections yet: powermap plan ACCOUNT --set goal "
				"--text ...)\n", "\n（まだ何も書かれていません: powermap plan ACCOUNT "
				"--set goal --text ...）\n"));
	return EXIT_OK;
}

/* The whole of a file ("-": stdin) as a string, or NULL (printed). */
static char *slurp(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	struct pm_strbuf b = PM_STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f) {
		cli_fail("cannot read '%s': %s", path, pm_msg(strerror(errno)));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		pm_strbuf_add(&b, buf, n);
	if (f != stdin)
		fclose(f);
	return pm_strbuf_detach(&b);
}

static int set_section(struct cli *c, const char *account, const char *section,
		       const char *text)
{
	const char *vals[PM_TABLE_MAXCOLS] = { account, section, text };
	struct pm_error err;
	char why[256];

	if (pm_enum_find(pm_plan_sections, section) < 0) {
		pm_enum_join(pm_plan_sections, why, sizeof(why));
		return cli_usage("plan", "unknown section '%s' (%s)", section, why);
	}
	if (pm_store_begin(c->st, &err) < 0 ||
	    pm_store_put(c->st, PM_T_PLAN, vals, PM_PUT_UPSERT, NULL, NULL, &err) < 0 ||
	    pm_store_commit(c->st, &err) < 0) {
		pm_store_rollback(c->st);
		return cli_fail_err(&err);
	}
	if (c->lang == PM_LANG_JA)
		printf("%s の %s を書きました\n", account, section);
	else
		printf(TR(c, "wrote the %s section of %s\n", "%s の項目を %s の計画に書きました\n"), section, account);
	return EXIT_OK;
}

int cmd_plan(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "text", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *section = NULL, *text = NULL, *from = NULL;
	char *owned = NULL;
	int ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 's': section = optarg; break;
		case 't': text = optarg; break;
		case 'f': from = optarg; break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("plan", argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("plan", "name one account");
	if (!section) {
		if (text || from)
			return cli_usage("plan", "--text and --from go with --set SECTION");
		return show(c, argv[optind], json);
	}
	if (!text == !from)
		return cli_usage("plan", "give the section's text with --text or --from, one of them");
	if (from && !(text = owned = slurp(from)))
		return EXIT_ERR;
	rc = set_section(c, argv[optind], section, text);
	free(owned);
	return rc;
}
