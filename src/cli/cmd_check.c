/* powermap check — is the database sound; powermap backup — copy it live. */
#include <getopt.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "powermap/kit.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define CHECK_EXAMPLES \
	"  powermap check\n" \
	"  powermap check --quick --json\n"

static const char check_help[] =
	"usage: powermap [--db FILE] check [--quick] [--json] [--progress|--no-progress]\n"
	"\n"
	"Check the whole database: SQLite's integrity check, rows pointing to\n"
	"records that do not exist, cycles in org parents and reporting lines, and\n"
	"values out of range (power, stance, role, strengths, probabilities,\n"
	"dates). Reads only; other commands may run meanwhile. Exit 0 when all is\n"
	"well, 1 when anything is wrong (each problem with a count and an example).\n"
	"The integrity check reads every index entry against its row: about a\n"
	"minute for a million people and ten million ties; --quick skips that match\n"
	"(SQLite's quick check, seconds) and does all the rest.\n"
	"\n"
	"Options:\n"
	"  --quick         SQLite's quick check instead of its integrity check\n"
	"  --json          the findings as JSON\n"
	"  --progress      each step on stderr as it starts (default: when it is a\n"
	"                  terminal)\n"
	"  --no-progress   never report progress\n"
	"\n"
	"Examples:\n"
	CHECK_EXAMPLES;

static const char check_help_ja[] =
	"使い方: powermap [--db ファイル] check [--quick] [--json] [--progress|--no-progress]\n"
	"\n"
	"データベース全体を検査します: SQLite の整合性検査、存在しない記録を指す行、\n"
	"親組織と報告ラインの循環、範囲外の値（影響力、姿勢、役割、強さ、確度、\n"
	"日付）。読むだけなので、ほかのコマンドも同時に動かせます。問題がなければ\n"
	"終了コード 0、何かあれば 1（問題ごとに件数と例を示します）。\n"
	"整合性検査は索引の項目をすべて行と突き合わせるため、100 万人・1000 万件の\n"
	"関係で 1 分ほどかかります。--quick はその突き合わせを省き（SQLite の\n"
	"quick_check、数秒）、ほかはすべて行います。\n"
	"\n"
	"オプション:\n"
	"  --quick         整合性検査の代わりに SQLite の quick_check を使う\n"
	"  --json          結果を JSON で出す\n"
	"  --progress      各段階の開始を標準エラーに出す（既定: 端末のとき）\n"
	"  --no-progress   進み具合を出さない\n"
	"\n"
	"例:\n"
	CHECK_EXAMPLES;

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

/* "check:   0.0 s: SQLite's integrity check" on stderr. */
static void show_step(void *ctx, const char *step)
{
	fprintf(stderr, "check: %6.1f s: %s\n", cli_elapsed(ctx), pm_msg(step));
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quick", no_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "progress", no_argument, NULL, 'p' },
		{ "no-progress", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_check_opts o = { 0, NULL, NULL };
	struct pm_check k;
	struct pm_error err;
	struct timespec t0;
	int ch, json = 0, rc, progress = isatty(STDERR_FILENO);

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': o.quick = 1; break;
		case 'j': json = 1; break;
		case 'p': progress = 1; break;
		case 'q': progress = 0; break;
		case 'h': return cli_help_in(c, check_help, check_help_ja, NULL);
		default: return cli_bad_option("check", argv);
		}
	}
	if (optind < argc)
		return cli_usage("check", "unexpected argument '%s'", argv[optind]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (progress) {
		o.progress = show_step;
		o.progress_ctx = &t0;
	}
	if (pm_store_check(c->st, &o, &k, &err) < 0)
		return cli_fail_err(&err);
	rc = k.n ? EXIT_ERR : EXIT_OK;
	if (json) {
		if (cli_print_json(check_json(&k)) != EXIT_OK)
			rc = EXIT_ERR;
	} else {
		char n[3][32];
		printf(TR(c, "%s: %s orgs, %s people, %s ties checked\n",
			  "%s: 組織 %s、人物 %s、関係 %s を検査しました\n"), c->db_path,
		       pm_money_format(n[0], sizeof(n[0]), (double)k.orgs, ""),
		       pm_money_format(n[1], sizeof(n[1]), (double)k.people, ""),
		       pm_money_format(n[2], sizeof(n[2]), (double)k.links, ""));
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

/* The examples, the same in both languages (tests/e2e runs them). */
#define BACKUP_EXAMPLES \
	"  powermap backup /tmp/powermap-backup.db\n"

static const char backup_help[] =
	"usage: powermap [--db FILE] backup FILE\n"
	"\n"
	"Copy the database as it is now to FILE (mode 0600: it holds personal\n"
	"data), while other commands go on: the copy is one committed state.\n"
	"FILE is written through a temporary file beside it and replaced only when\n"
	"the copy is complete. Open the copy with --db FILE.\n"
	"\n"
	"Example:\n"
	BACKUP_EXAMPLES;

static const char backup_help_ja[] =
	"使い方: powermap [--db ファイル] backup ファイル\n"
	"\n"
	"今のデータベースをファイルにコピーします（個人情報を含むため、権限は\n"
	"0600）。ほかのコマンドは動き続けられ、コピーはある確定した時点の状態です。\n"
	"隣に作った一時ファイルに書き、コピーが完了してから置き換えます。コピーは\n"
	"--db ファイル で開けます。\n"
	"\n"
	"例:\n"
	BACKUP_EXAMPLES;

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
			return cli_help_in(c, backup_help, backup_help_ja, NULL);
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
