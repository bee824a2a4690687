/* powermap draw — the relationship map of an account, with Graphviz. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/render.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap draw kanto-seiki -o kanto.png\n" \
	"  powermap draw kanto-seiki -o path.svg --path-to tanaka-ichiro -k 3\n" \
	"  powermap draw kanto-seiki -o abe.pdf --focus abe-naoki --radius 1\n"

static const char help[] =
	"usage: powermap [--db FILE] draw ACCOUNT -o FILE [--format svg|png|pdf|dot]\n"
	"                                [--layout dot|fdp|neato|sfdp] [--path-to PERSON [-k N]]\n"
	"                                [--focus PERSON [--radius R]] [--min-power X]\n"
	"                                [--no-ours] [--as-of DATE] [--half-life DAYS]\n"
	"                                [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"Draw the account's power map: a cluster per org (nested by department) and\n"
	"our side apart; node colour = stance (champion dark green, supporter light\n"
	"green, neutral grey, skeptic amber, opponent red, unknown white), border =\n"
	"power score, shape = buying role, label = name, title and power; reports_to\n"
	"solid, influences dashed with arrows (width = strength), knows dotted. SVG\n"
	"shows details on hover.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   the file to write (format from its extension)\n"
	"  --format F          svg, png, pdf or dot (DOT source, no layout)\n"
	"  --layout L          dot (default; clusters), fdp (clusters), neato, sfdp\n"
	"  --path-to PERSON    highlight the k best warm paths to PERSON\n"
	"  -k N                paths to highlight (default 3)\n"
	"  --focus PERSON      only PERSON's neighbourhood ...\n"
	"  --radius R          ... within R ties (default 2)\n"
	"  --min-power X       leave out account people with power below X\n"
	"  --no-ours           leave our side out (introducers on paths stay)\n"
	CLI_PARAM_HELP_DECAY
	"                      (for the map, without --lang, $POWERMAP_LANG or a ja\n"
	"                      locale: ja when the account's name is not plain ASCII)\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] draw 顧客 -o ファイル [--format svg|png|pdf|dot]\n"
	"                                [--layout dot|fdp|neato|sfdp] [--path-to 人物 [-k N]]\n"
	"                                [--focus 人物 [--radius R]] [--min-power X]\n"
	"                                [--no-ours] [--as-of 日付] [--half-life 日数]\n"
	"                                [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"顧客のパワーマップを描きます: 組織ごとのまとまり（部署で入れ子）と、離して\n"
	"置いた当方。ノードの色 = 姿勢（チャンピオン 濃い緑、支持者 薄い緑、中立 灰、\n"
	"懐疑派 琥珀、反対者 赤、不明 白）、枠 = 影響力、形 = 購買上の役割、ラベル =\n"
	"名前・役職・影響力。reports_to は実線、influences は矢印つき破線（太さ =\n"
	"強さ）、knows は点線。SVG ではポインターを重ねると詳細が出ます。\n"
	"\n"
	"オプション:\n"
	"  -o, --output FILE   書き出すファイル（形式は拡張子から）\n"
	"  --format F          svg、png、pdf、dot（DOT のソース、配置なし）\n"
	"  --layout L          dot（既定。まとまりあり）、fdp（まとまりあり）、neato、sfdp\n"
	"  --path-to PERSON    PERSON への紹介経路の上位 k 本を強調する\n"
	"  -k N                強調する経路の本数（既定 3）\n"
	"  --focus PERSON      PERSON の周りだけ …\n"
	"  --radius R          … 関係 R 本以内（既定 2）\n"
	"  --min-power X       影響力が X 未満の顧客側の人を除く\n"
	"  --no-ours           当方を除く（経路上の紹介者は残す）\n"
	CLI_PARAM_HELP_DECAY_JA
	"                      （図は、--lang も $POWERMAP_LANG も ja のロケールもなければ、\n"
	"                      顧客名が ASCII だけでないとき日本語）\n"
	"\n"
	"例:\n"
	EXAMPLES;

/* Graphviz may exit the process in a layout: say what it said first. */
static void graphviz_exited(void)
{
	const char *said = pm_map_messages_pending();

	if (*said)
		fprintf(stderr, "graphviz: %s", said);
}

/* Rank the account, find the paths, select, build and write the map. */
static int draw(struct cli *c, const char *account, const struct pm_params *p,
		const char *path_to, int k, const struct pm_select_opts *o, const char *lang,
		const char *layout, const char *format, const char *out)
{
	struct pm_rank *rank = NULL;
	struct pm_paths *paths = NULL;
	struct pm_selection *sel = NULL;
	struct pm_map *m = NULL;
	struct pm_error err;
	char *msgs = NULL;
	int rc = EXIT_ERR;

	if (cli_params_ready(c, p) != EXIT_OK)
		return EXIT_ERR;
	if (pm_rank(c->st, account, p, 0, &rank, &err) < 0)
		goto fail;
	if (path_to) {
		struct pm_paths_opts po;
		pm_paths_opts_default(&po);
		po.k = k;
		if (pm_paths(c->st, path_to, p, &po, &paths, &err) < 0)
			goto fail;
	}
	if (pm_select_map(c->st, rank, paths, o, &sel, &err) < 0 ||
	    pm_map_build(sel, p, lang, &m, &err) < 0)
		goto fail;
	if (sel->ours_hidden)
		fprintf(stderr, pm_msg("powermap: note: %zu more of our people know someone on this map; "
			"the %d whose ties weigh most are drawn (--no-ours: none; --focus PERSON: "
			"one person's circle)\n"), sel->ours_hidden, PM_MAP_OURS_MAX);
	if (pm_map_people(m) > 400)
		fprintf(stderr, pm_msg("powermap: warning: %zu people on one map are hard to read (and "
			"slow to lay out); narrow it with --min-power X, --focus PERSON "
			"[--radius R] or --no-ours\n"), pm_map_people(m));
	atexit(graphviz_exited);
	if (pm_map_write(m, layout, format, out, &msgs, &err) < 0) {
		if (msgs && *msgs)
			fprintf(stderr, "graphviz: %s", msgs);
		goto fail;
	}
	if (msgs && *msgs)
		fprintf(stderr, "graphviz: %s", msgs);
	printf(TR(c, "wrote %s (%s, %zu people, %zu ties)\n", "%s を書きました（%s、%zu 人、関係 %zu 本）\n"), out, format, pm_map_people(m),
	       pm_map_ties(m));
	rc = EXIT_OK;
	goto out;
fail:
	rc = cli_fail_err(&err);
out:
	free(msgs);
	pm_map_free(m);
	pm_selection_free(sel);
	pm_paths_free(paths);
	pm_rank_free(rank);
	return rc;
}

int cmd_draw(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "layout", required_argument, NULL, 'l' },
		{ "path-to", required_argument, NULL, 't' },
		{ "focus", required_argument, NULL, 'F' },
		{ "radius", required_argument, NULL, 'r' },
		{ "min-power", required_argument, NULL, 'm' },
		{ "no-ours", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const char *const layouts[] = { "dot", "fdp", "neato", "sfdp", NULL };
	struct pm_select_opts o;
	struct pm_params p;
	const char *out = NULL, *format = NULL, *layout = "dot", *path_to = NULL, *lang = NULL;
	char *end;
	int ch, rc, i, k = 3;

	pm_select_opts_default(&o);
	if (c->lang_said)
		lang = c->lang == PM_LANG_JA ? "ja" : "en";
	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	while ((ch = getopt_long(argc, argv, "ho:k:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'f':
			if (strcmp(optarg, "svg") && strcmp(optarg, "png") && strcmp(optarg, "pdf") &&
			    strcmp(optarg, "dot"))
				return cli_usage("draw", "--format is svg, png, pdf or dot, not '%s'", optarg);
			format = optarg;
			break;
		case 'l':
			for (i = 0; layouts[i] && strcmp(layouts[i], optarg); i++)
				;
			if (!layouts[i])
				return cli_usage("draw", "--layout is dot, fdp, neato or sfdp, not '%s'", optarg);
			layout = optarg;
			break;
		case 't': path_to = optarg; break;
		case 'k':
			cli_fold_number(optarg);
			k = (int)strtol(optarg, &end, 10);
			if (*end || k < 1 || k > 20)
				return cli_usage("draw", "-k '%s' is not a number from 1 to 20", optarg);
			break;
		case 'F': o.focus = optarg; break;
		case 'r':
			cli_fold_number(optarg);
			o.radius = (int)strtol(optarg, &end, 10);
			if (*end || o.radius < 0 || o.radius > 10)
				return cli_usage("draw", "--radius '%s' is not a number from 0 to 10", optarg);
			break;
		case 'm':
			cli_fold_number(optarg);
			o.min_power = strtod(optarg, &end);
			if (*end || o.min_power < 0 || o.min_power > 1)
				return cli_usage("draw", "--min-power '%s' is not a number from 0 to 1", optarg);
			break;
		case 'n': o.no_ours = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default:
			rc = cli_params_option("draw", ch, optarg, &p);
			if (rc <= 0)
				return rc < 0 ? EXIT_USAGE : cli_bad_option("draw", argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("draw", "name one account (an org key or name)");
	if (!out)
		return cli_usage("draw", "give the output file with -o FILE");
	if (!format && !(format = pm_map_format_of(out)))
		return cli_usage("draw", "cannot tell the format of '%s'; use --format", out);
	return draw(c, argv[optind], &p, path_to, k, &o, lang, layout, format, out);
}
