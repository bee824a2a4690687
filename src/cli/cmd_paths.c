/* powermap paths — the k best warm introduction chains to one person. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/json.h"
#include "powermap/kit.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap paths tanaka-ichiro -k 3\n" \
	"  powermap paths 田中 --from takahashi-makoto --lang ja\n" \
	"  powermap paths watanabe-hiroshi --no-chain --via staff,partner\n"

static const char help[] =
	"usage: powermap [--db FILE] paths TARGET [-k N] [--via KINDS] [--from PERSON]\n"
	"                                 [--max-hops H] [--allow-blockers] [--no-chain]\n"
	"                                 [--no-diversity] [--json] [--as-of DATE]\n"
	"                                 [--half-life DAYS] [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"The k best warm referral paths to TARGET (key or name). Every path starts at\n"
	"one of our people (staff, partners, investors, bankers), who owns its first\n"
	"tie, and goes through customer insiders we already have a tie to; the first\n"
	"of them is the introducer. A path's strength is the product of its ties'\n"
	"effective strengths times 0.9 per introduction. Opponents and blockers are\n"
	"never asked to introduce. Alternatives prefer a different introducer. A path\n"
	"whose last tie is the target's reporting line is marked top-down (via their\n"
	"manager) or bottom-up (via one of their reports).\n"
	"\n"
	"Options:\n"
	"  -k N               number of paths (default 3)\n"
	"  --via KINDS        our side to start from: staff,partner,investor,bank\n"
	"  --from PERSON      one of ours: only paths starting there; a customer\n"
	"                     insider: only paths through them\n"
	"  --max-hops H       at most H ties per path (default 4)\n"
	"  --allow-blockers   allow opponents and blockers as intermediaries\n"
	"  --no-chain         leave reporting lines out: known relationships only\n"
	"  --no-diversity     plain k best paths, even if they share an introducer\n"
	"  --json             JSON output\n"
	CLI_PARAM_HELP
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] paths 相手 [-k N] [--via 種類] [--from 人物]\n"
	"                                 [--max-hops H] [--allow-blockers] [--no-chain]\n"
	"                                 [--no-diversity] [--json] [--as-of 日付]\n"
	"                                 [--half-life 日数] [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"相手（キーか名前）への紹介経路の上位 k 本。経路はいつも当方の人（社員、\n"
	"パートナー、投資家、銀行）から始まり、その人が最初の関係を持ちます。そこから\n"
	"すでに関係のある顧客側の人を通り、その最初の人が紹介者です。経路の強さは\n"
	"関係の実効の強さの積に、紹介 1 回ごとに 0.9 を掛けたもの。反対者や阻害者には\n"
	"紹介を頼みません。代わりの経路はなるべく別の紹介者を選びます。最後の関係が\n"
	"相手の報告ラインである経路には、トップダウン（上司経由）かボトムアップ\n"
	"（部下経由）の印を付けます。\n"
	"\n"
	"オプション:\n"
	"  -k N               経路の本数（既定 3）\n"
	"  --via KINDS        どの当方から始めるか: staff,partner,investor,bank\n"
	"  --from PERSON      当方の人なら、その人から始まる経路だけ。顧客側の人なら、\n"
	"                     その人を通る経路だけ\n"
	"  --max-hops H       1 本の経路の関係は H 本まで（既定 4）\n"
	"  --allow-blockers   反対者や阻害者も途中の人として認める\n"
	"  --no-chain         報告ラインを除き、知られた人間関係だけを使う\n"
	"  --no-diversity     紹介者が重なっても、単純に上位 k 本\n"
	"  --json             JSON で出力\n"
	CLI_PARAM_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

static const char *tie_name(const struct cli *c, const struct pm_tie *t)
{
	switch (t->kind) {
	case PM_LINK_KNOWS: return TR(c, "knows", "知人");
	case PM_LINK_INFLUENCES: return TR(c, "influences", "影響");
	default: return TR(c, "reporting line", "上司・部下");
	}
}

/* "name (org)" of a person, in sb (emptied first). */
static const char *who(struct pm_strbuf *sb, const struct pm_person *p)
{
	pm_strbuf_reset(sb);
	pm_person_label(sb, p);
	return pm_strbuf_str(sb);
}

/* The heading of a path: strength, hops, our person, introducer, chain. */
static void print_heading(const struct cli *c, const struct pm_view *v,
			  const struct pm_path *path, size_t no)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	int iv = pm_path_introducer(path), hops = path->len - 1;
	enum pm_path_chain chain = pm_path_chain(v, path);

	if (c->lang == PM_LANG_JA)
		printf("%zu. 強さ %.2f、%d ホップ — 当方 %s", no, path->score, hops,
		       who(&sb, &v->people[path->nodes[0]]));
	else
		printf("%zu. strength %.2f, %d hop%s — ours %s", no, path->score, hops,
		       hops == 1 ? "" : "s", who(&sb, &v->people[path->nodes[0]]));
	if (iv < 0)
		printf("%s", TR(c, ", direct tie", "（直接の関係）"));
	else
		printf(TR(c, ", introducer %s", "、紹介者 %s"), who(&sb, &v->people[iv]));
	if (chain == PM_CHAIN_MANAGER)
		printf("%s", TR(c, "; top-down via the target's manager", "／上司経由（トップダウン）"));
	else if (chain == PM_CHAIN_REPORT)
		printf("%s", TR(c, "; bottom-up via the target's report", "／部下経由（ボトムアップ）"));
	putchar('\n');
	pm_strbuf_release(&sb);
}

static void print_path(const struct cli *c, const struct pm_view *v,
		       const struct pm_path *path, size_t no)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	int i;

	print_heading(c, v, path, no);
	for (i = 0; i + 1 < path->len; i++) {
		const struct pm_tie *t = &v->ties[path->tie[i]];
		char raw[32] = "";
		if (t->kind != PM_LINK_REPORTS_TO && t->has_strength && t->strength != path->s_eff[i])
			snprintf(raw, sizeof(raw), TR(c, " of %.2f", "（元 %.2f）"), t->strength);
		printf("   %s -> %s: %s %.2f%s", v->people[path->nodes[i]].name,
		       who(&sb, &v->people[path->nodes[i + 1]]), tie_name(c, t),
		       path->s_eff[i], raw);
		if (t->last_contact[0])
			printf(TR(c, ", last contact %s", "、最終接触 %s"), t->last_contact);
		if (t->source)
			printf(TR(c, ", %s", "、%s"), t->source);
		putchar('\n');
	}
	pm_strbuf_release(&sb);
}

int cmd_paths(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "via", required_argument, NULL, 'v' },
		{ "from", required_argument, NULL, 'f' },
		{ "max-hops", required_argument, NULL, 'm' },
		{ "allow-blockers", no_argument, NULL, 'b' },
		{ "no-chain", no_argument, NULL, 'c' },
		{ "no-diversity", no_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct pm_paths_opts o;
	struct pm_params p;
	struct pm_paths *r = NULL;
	struct pm_error err;
	int ch, json = 0, rc;
	size_t i;
	char *end;

	pm_paths_opts_default(&o);
	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	while ((ch = getopt_long(argc, argv, "hk:", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			cli_fold_number(optarg);
			o.k = (int)strtol(optarg, &end, 10);
			if (*end || o.k < 1 || o.k > 100)
				return cli_usage("paths", "-k '%s' is not a number from 1 to 100", optarg);
			break;
		case 'v':
			if (pm_via_parse(optarg, &o.via, &err) < 0)
				return cli_usage("paths", "%s", err.msg);
			break;
		case 'f': o.from = optarg; break;
		case 'm':
			if (pm_params_set(&p, "max_hops", optarg, &err) < 0)
				return cli_usage("paths", "%s", err.msg);
			break;
		case 'b': o.allow_blockers = 1; break;
		case 'c': o.no_chain = 1; break;
		case 'd': o.diversity = 0; break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default:
			rc = cli_params_option("paths", ch, optarg, &p);
			if (rc <= 0)
				return rc < 0 ? EXIT_USAGE : cli_bad_option("paths", argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("paths", "name one target person");
	if (cli_params_ready(c, &p) != EXIT_OK)
		return EXIT_ERR;
	if (pm_paths(c->st, argv[optind], &p, &o, &r, &err) < 0)
		return cli_fail_err(&err);
	if (json) {
		rc = cli_print_json(pm_json_paths(r, &p));
	} else {
		const struct pm_person *t = &r->view->people[r->target];
		struct pm_strbuf b = PM_STRBUF_INIT;
		printf(TR(c, "Warm paths to %s — %s\n", "%s への紹介経路 — %s\n"), who(&b, t),
		       t->title ? t->title : "");
		pm_strbuf_release(&b);
		for (i = 0; i < r->n; i++) {
			putchar('\n');
			print_path(c, r->view, &r->paths[i], i + 1);
		}
		if (!r->n) {
			printf(TR(c, "\nNo warm path from our side within %d hops (%zu of our "
				  "people in reach).\nGo outbound: %s%s%s.\n",
				  "\n%d ホップ以内に当方からの紹介経路はありません（届く範囲の当方 %zu 人）。\n"
				  "直接アプローチ: %s%s%s\n"),
			       p.max_hops, r->nsources,
			       pm_enum_label(pm_action_channels, pm_outbound_channel(t),
					     c->lang == PM_LANG_JA),
			       t->email && *t->email ? TR(c, " to ", " ") : "",
			       t->email && *t->email ? t->email : "");
		}
		rc = EXIT_OK;
	}
	pm_paths_free(r);
	return rc;
}
