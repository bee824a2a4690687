/* powermap export — native CSV files, the same format import reads. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "powermap/export.h"
#include "powermap/kit.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap export --dir backup/\n" \
	"  powermap export --type people --org kanto-seiki\n" \
	"  powermap export --dir for-excel/ --excel\n" \
	"  powermap export --format graphml -o kanto.graphml --org kanto-seiki\n" \
	"  powermap export --format xlsx -o kanto.xlsx --org kanto-seiki\n"

static const char help[] =
	"usage: powermap [--db FILE] export --dir DIR [--org ORG] [--excel] [--encoding E]\n"
	"                                   [--progress|--no-progress]\n"
	"       powermap [--db FILE] export --type KIND [-o FILE] [--org ORG] [--excel]\n"
	"       powermap [--db FILE] export --format graphml|json [-o FILE] [--org ORG]\n"
	"       powermap [--db FILE] export --format xlsx -o FILE [--org ORG]\n"
	"\n"
	"Export native CSV (UTF-8, LF line ends, header row, canonical column and\n"
	"row order). With --dir, writes orgs.csv, people.csv, links.csv,\n"
	"interactions.csv, deals.csv, actions.csv and plan.csv into DIR (created\n"
	"if missing). With --type, writes one kind to stdout or to FILE.\n"
	"import -> export -> import -> export gives byte-identical files.\n"
	"--format xlsx writes one Excel workbook, a sheet per kind with the same\n"
	"columns (with --lang ja, sheets 組織, 人物 ... headed キー, 氏名 ...);\n"
	"edited in Excel, it imports back (powermap import FILE.xlsx).\n"
	"\n"
	"Options:\n"
	"  --dir DIR     write every kind into DIR\n"
	"  --type KIND   orgs, people, links, interactions, deals, actions or plan\n"
	"  -o, --output FILE  with --type: write to FILE instead of stdout\n"
	"  --org ORG     only records of that org and its child orgs (key or name)\n"
	"  --format F    csv (default), graphml (the network for Gephi, Cytoscape,\n"
	"                yEd, NetworkX), json (every record in one document) or\n"
	"                xlsx (an Excel workbook; needs -o)\n"
	"  --excel       start each file with a UTF-8 BOM, so that Excel reads it\n"
	"  --encoding E  write in E instead of UTF-8: cp932 (= shift_jis) for old Excel\n"
	"  --progress    report progress on stderr (default: when it is a terminal)\n"
	"  --no-progress never report progress\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] export --dir フォルダー [--org 組織] [--excel] [--encoding E]\n"
	"                                   [--progress|--no-progress]\n"
	"        powermap [--db ファイル] export --type 種類 [-o ファイル] [--org 組織] [--excel]\n"
	"        powermap [--db ファイル] export --format graphml|json [-o ファイル] [--org 組織]\n"
	"        powermap [--db ファイル] export --format xlsx -o ファイル [--org 組織]\n"
	"\n"
	"標準の CSV（UTF-8、改行 LF、見出し行、決まった列と行の順）に書き出します。\n"
	"--dir では orgs.csv、people.csv、links.csv、interactions.csv、deals.csv、\n"
	"actions.csv、plan.csv をフォルダー（なければ作ります）に書きます。--type では\n"
	"1 種類を標準出力かファイルに書きます。取り込み → 書き出し → 取り込み →\n"
	"書き出し で、バイト単位で同じファイルになります。--format xlsx では、種類ごとに\n"
	"同じ列のシートを持つ Excel ブックを 1 つ書きます（--lang ja ではシート名が\n"
	"組織、人物 …、見出しが キー、氏名 …）。Excel で編集して、そのまま取り込めます\n"
	"（powermap import ファイル.xlsx）。\n"
	"\n"
	"オプション:\n"
	"  --dir DIR     すべての種類を DIR に書く\n"
	"  --type KIND   orgs、people、links、interactions、deals、actions、plan のいずれか\n"
	"  -o, --output FILE  --type と一緒に: 標準出力ではなく FILE に書く\n"
	"  --org ORG     その組織と子組織の記録だけ（キーか名前）\n"
	"  --format F    csv（既定）、graphml（Gephi、Cytoscape、yEd、NetworkX 用の\n"
	"                ネットワーク）、json（全記録を 1 つの文書に）、xlsx（Excel\n"
	"                ブック。-o が必要）\n"
	"  --excel       各ファイルの先頭に UTF-8 の BOM を付け、Excel で読めるようにする\n"
	"  --encoding E  UTF-8 ではなく E で書く: 古い Excel 向けの cp932（= shift_jis）\n"
	"  --progress    進み具合を標準エラーに出す（既定: 端末のとき）\n"
	"  --no-progress 進み具合を出さない\n"
	"\n"
	"例:\n"
	EXAMPLES;

/* "export: 12.3 s: links.csv: 3000000 rows" on stderr ("writing" at 0). */
static void show(void *ctx, const char *file, size_t rows)
{
	fprintf(stderr, "export: %6.1f s: ", cli_elapsed(ctx));
	if (rows)
		fprintf(stderr, pm_msg("%s: %zu rows\n"), file, rows);
	else
		fprintf(stderr, pm_msg("writing %s\n"), file);
}

/* Put a private output file in place after an export (or drop it when rc failed). */
static int finish(struct pm_private_file *pf, int rc, struct pm_error *err)
{
	if (pf && rc < 0)
		pm_private_abort(pf);
	else if (pf)
		rc = pm_private_commit(pf, err);
	return rc < 0 ? cli_fail_err(err) : EXIT_OK;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "type", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "org", required_argument, NULL, 'g' },
		{ "excel", no_argument, NULL, 'x' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "progress", no_argument, NULL, 'p' },
		{ "no-progress", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_export_opts o = { { NULL, NULL }, NULL, NULL, 0, NULL, 0 };
	const char *dir = NULL, *output = NULL, *format = "csv";
	struct pm_error err;
	struct timespec t0;
	int ch, t = -1, rc = 0, progress = isatty(STDERR_FILENO);

	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dir = optarg; break;
		case 'o': output = optarg; break;
		case 'g': o.filter.org = optarg; break;
		case 'x': o.bom = 1; break;
		case 'e':
			if (strcasecmp(optarg, "utf-8") && strcasecmp(optarg, "utf8"))
				o.encoding = !strcasecmp(optarg, "cp932") || !strcasecmp(optarg, "shift_jis") ||
					!strcasecmp(optarg, "sjis") ? "CP932" : optarg;
			break;
		case 'f':
			if (strcmp(optarg, "csv") && strcmp(optarg, "graphml") && strcmp(optarg, "json") &&
			    strcmp(optarg, "xlsx"))
				return cli_usage("export", "--format is csv, graphml, json or xlsx, "
						 "not '%s'", optarg);
			format = optarg;
			break;
		case 'p': progress = 1; break;
		case 'q': progress = 0; break;
		case 't':
			if ((t = pm_table_find(optarg)) < 0)
				return cli_usage("export", "unknown kind '%s'", optarg);
			break;
		case 'h':
			return cli_help_in(c, help, help_ja, NULL);
		default:
			return cli_bad_option("export", argv);
		}
	}
	if (optind < argc)
		return cli_usage("export", "unexpected argument '%s'", argv[optind]);
	if (!strcmp(format, "xlsx")) {
		if (dir || t >= 0 || !output)
			return cli_usage("export", "--format xlsx writes one workbook: give -o "
					 "FILE.xlsx (not --dir or --type)");
		o.sheets_ja = c->lang == PM_LANG_JA;
		if (pm_export_xlsx(c->st, output, &o, &err) < 0)
			return cli_fail_err(&err);
		printf(TR(c, "wrote %s (a sheet per kind)\n", "%s を書きました（種類ごとにシート）\n"),
		       output);
		return EXIT_OK;
	}
	if (strcmp(format, "csv")) {
		struct pm_private_file pf = { stdout, NULL, NULL };
		if (dir || t >= 0)
			return cli_usage("export", "--format %s writes the whole network to one "
					 "file: use -o FILE, not --dir or --type", format);
		if (output && pm_private_open(&pf, output, &err) < 0)
			return cli_fail_err(&err);
		rc = !strcmp(format, "graphml") ? pm_export_graphml(c->st, &o, pf.f, &err)
			: pm_export_json(c->st, &o, pf.f, &err);
		return finish(output ? &pf : NULL, rc, &err);
	}
	if (!dir == (t < 0))
		return cli_usage("export", "give either --dir DIR or --type KIND");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (progress) {
		o.progress = show;
		o.progress_ctx = &t0;
	}
	if (dir) {
		if (pm_export_dir(c->st, dir, &o, &err) < 0)
			return cli_fail_err(&err);
		printf(TR(c, "exported %d files to %s\n", "%d 個のファイルを %s に書き出しました\n"), PM_T_COUNT, dir);
		return EXIT_OK;
	}
	if (output) {
		struct pm_private_file pf;
		if (pm_private_open(&pf, output, &err) < 0)
			return cli_fail_err(&err);
		rc = pm_export_table(c->st, (enum pm_table_id)t, &o, pf.f, &err);
		return finish(&pf, rc, &err);
	}
	rc = pm_export_table(c->st, (enum pm_table_id)t, &o, stdout, &err);
	return rc < 0 ? cli_fail_err(&err) : EXIT_OK;
}
