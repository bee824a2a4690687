/*
 * powermap — command-line entry point: global options, the command table,
 * and the helpers every command shares for messages and output.
 */
#include <getopt.h>
#include <igraph.h>
#include <graphviz_version.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "powermap/model.h"
#include "cli.h"

#define PM_VERSION "0.1.0"

/*
 * HUGE_PAGES: a command whose memory grows with the network and that runs
 * measurably faster with malloc's memory in huge pages than the ~20 ms a
 * second start costs (start_with_huge_pages).
 */
enum { NEEDS_DB = 1, HUGE_PAGES = 2 };

struct command {
	const char *name;
	cli_cmd_fn fn;
	unsigned flags;
	const char *summary;
	const char *summary_ja;
};

static const struct command commands[] = {
	{ "init", cmd_init, 0, "create an empty database", "空のデータベースを作る" },
	{ "import", cmd_import, HUGE_PAGES, "import CSV, LinkedIn, cards, views, Salesforce, calendars (one transaction)", "CSV・LinkedIn・名刺・閲覧ログ・Salesforce・カレンダーを取り込む（1 トランザクション）" },
	{ "export", cmd_export, NEEDS_DB, "export CSV (Excel too), GraphML or JSON", "CSV（Excel 用も）、GraphML、JSON に書き出す" },
	{ "list", cmd_list, NEEDS_DB, "list orgs, people, links, interactions, deals, actions, plan", "組織・人物・関係・接触・商談・行動・計画を一覧する" },
	{ "show", cmd_show, NEEDS_DB, "everything about one person or org", "1 人の人物、1 つの組織のすべて" },
	{ "add", cmd_add, NEEDS_DB, "add an org, person, link, interaction, deal, action or plan section", "組織・人物・関係・接触・商談・行動・計画の項目を追加する" },
	{ "set", cmd_set, NEEDS_DB, "change a person, org, tie, deal, interaction, action, plan", "人物・組織・商談・関係・接触・行動・計画の項目を変更する" },
	{ "rm", cmd_rm, NEEDS_DB, "remove a person, org, tie, deal, interaction, action, plan", "人物・組織・関係・接触・商談・行動・計画の項目を削除する" },
	{ "plan", cmd_plan, NEEDS_DB, "the account plan: read it, write a section (SWOT too)", "アカウントプラン: 読む、項目を書く（SWOT も）" },
	{ "report", cmd_report, NEEDS_DB, "the account plan as one HTML file for a browser", "アカウントプランをブラウザーで読む 1 つの HTML に" },
	{ "review", cmd_review, NEEDS_DB, "what changed in an account since the last review", "前回のレビュー以降、顧客で何が変わったか" },
	{ "chart", cmd_chart, NEEDS_DB, "draft the org chart from titles and departments", "役職と部署から組織図を下書きする" },
	{ "team", cmd_team, NEEDS_DB, "who on our side opens which door of an account", "当方の誰が顧客のどの扉を開けるか" },
	{ "kpi", cmd_kpi, NEEDS_DB, "pipeline, weighted pipeline, wins, win rate, stalled deals", "パイプライン、加重パイプライン、受注、勝率、停滞案件" },
	{ "action", cmd_action, NEEDS_DB, "the plan's actions with their ids; mark them done", "計画の行動を ID つきで一覧し、完了にする" },
	{ "log", cmd_log, NEEDS_DB, "the history of changes", "変更の履歴" },
	{ "accounts", cmd_accounts, NEEDS_DB, "which accounts to target and plan next, portfolio-wide", "どの顧客を狙い、次に計画するか（全顧客から）" },
	{ "rank", cmd_rank, NEEDS_DB, "who decides in an account, every score explained", "顧客で誰が決めるか（各スコアの説明つき）" },
	{ "paths", cmd_paths, NEEDS_DB, "the k best warm introduction paths to a person", "ある人物への紹介経路の上位 k 本" },
	{ "next", cmd_next, NEEDS_DB, "who to approach next in an account, how and why", "顧客で次に誰に、どう、なぜ接触するか" },
	{ "reach", cmd_reach, NEEDS_DB | HUGE_PAGES, "coverage: best warm path to every powerful person", "網羅度: 影響力のある全員への最良の紹介経路" },
	{ "factions", cmd_factions, NEEDS_DB, "coalitions in an account (Leiden communities)", "顧客内の派閥（Leiden 法）" },
	{ "risks", cmd_risks, NEEDS_DB, "red flags of an account and what to do", "顧客の危険信号と対応" },
	{ "draw", cmd_draw, NEEDS_DB, "the relationship map of an account (svg, png, pdf, dot)", "顧客の関係図（svg、png、pdf、dot）" },
	{ "config", cmd_config, NEEDS_DB, "show or set analysis parameters", "分析パラメーターを見る・設定する" },
	{ "strengths", cmd_strengths, NEEDS_DB, "tie strength from the interaction history", "接触の履歴から関係の強さを計算する" },
	{ "engagement", cmd_engagement, NEEDS_DB, "who is interested and who went quiet", "誰が関心を持ち、誰が離れたか" },
	{ "dedupe", cmd_dedupe, NEEDS_DB, "people who are likely one human; merge them", "同一人物らしい人を見つけて統合する" },
	{ "check", cmd_check, NEEDS_DB, "check the database: integrity, references, cycles, ranges", "データベースを検査する（整合性、参照、循環、値の範囲）" },
	{ "backup", cmd_backup, NEEDS_DB, "copy the database while it is in use (0600)", "使用中のデータベースをコピーする（0600）" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

int cli_fail(const char *fmt, ...)
{
	char msg[4096], *clean;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), pm_msg(fmt), ap);
	va_end(ap);
	/* messages quote names from the data: no escape sequences reach the terminal */
	clean = cli_clean_keep(msg, 1);
	fprintf(stderr, pm_msg("powermap: error: %s\n"), clean ? clean : msg);
	free(clean);
	return EXIT_ERR;
}

int cli_fail_err(const struct pm_error *err)
{
	return cli_fail("%s", err->msg[0] ? err->msg : "unknown failure");
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("powermap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, pm_msg(fmt), ap);
	va_end(ap);
	fprintf(stderr, pm_msg("\nsee 'powermap %s%s--help'\n"), cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

int cli_bad_option(const char *cmd, char *const *argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : NULL;
	char name[128];
	size_t n;

	if (!arg || arg[0] != '-' || !arg[1])
		return cli_usage(cmd, "unknown option");
	n = strcspn(arg, "=");
	snprintf(name, sizeof(name), "%.*s", (int)(n < 100 ? n : 100), arg);
	/* a known option missing its value: getopt names it in optopt (long
	 * options, and the short ones that take a value: -k, -n, -o) */
	if (optopt && (arg[1] == '-' ? !arg[n] : strchr("kno", optopt) && arg[1] == optopt && !arg[2]))
		return cli_usage(cmd, "option '%s' needs a value", name);
	return cli_usage(cmd, "unknown option '%s'", name);
}

const char *cli_local_time(const char *utc, char *buf, size_t size)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (!utc || sscanf(utc, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return utc;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M %Z", &tm))
		return utc;
	return buf;
}

double cli_elapsed(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

int cli_rank_progress_show(size_t done, size_t total, void *ctx)
{
	struct cli_rank_progress *pr = ctx;
	time_t now = time(NULL);

	if (now != pr->last && done < total) {
		fprintf(stderr, pm_msg("\r%s: %6.1f s: ranked %zu of %zu"), pr->cmd,
			cli_elapsed(&pr->t0), done, total);
		pr->last = now;
	}
	return 0;
}

void cli_rank_progress_end(const struct cli_rank_progress *pr, size_t ranked, size_t total)
{
	fprintf(stderr, pm_msg("\r%s: %6.1f s: ranked %zu of %zu"), pr->cmd, cli_elapsed(&pr->t0),
		ranked, total);
	if (ranked < total)
		fputs(pm_msg(" (the others cannot be among those shown)"), stderr);
	fputc('\n', stderr);
}

int cli_help(const char *text)
{
	fputs(text, stdout);
	return EXIT_OK;
}

int cli_help_in(const struct cli *c, const char *en, const char *ja, const char *ja_more)
{
	if (c->lang != PM_LANG_JA)
		return cli_help(en);
	fputs(ja, stdout);
	return ja_more ? cli_help(ja_more) : EXIT_OK;
}

int cli_print_json(json_t *v)
{
	int rc = json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) == 0;

	json_decref(v);
	fputc('\n', stdout);
	return rc ? EXIT_OK : cli_fail("cannot write JSON");
}

int cli_open_store(struct cli *c, int create)
{
	struct pm_error err;

	if (pm_store_open_wait(c->db_path, create ? PM_STORE_CREATE : 0, c->wait_ms, &c->st,
			       &err) < 0)
		return cli_fail_err(&err);
	if (pm_store_set_command(c->st, c->cmdline) < 0)
		return cli_fail("out of memory");
	pm_store_set_clock(c->st, c->now);
	return EXIT_OK;
}

static void usage(FILE *f, enum pm_lang lang)
{
	size_t i;

	if (lang == PM_LANG_JA) {
		fprintf(f,
			"使い方: powermap [--db ファイル] コマンド [オプション] [引数]\n"
			"\n"
			"法人営業の顧客の関係者と影響力を分析します。\n"
			"\n"
			"コマンド:\n");
		for (i = 0; i < NCOMMANDS; i++)
			fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary_ja);
		fprintf(f,
			"\n"
			"全体のオプション:\n"
			"  --db FILE    データベースのファイル。コマンドの後にも書けます（既定:\n"
			"               $POWERMAP_DB、なければ ./powermap.db）\n"
			"  --lang ja|en 出力の言語。どのコマンドにも付けられます（既定: $POWERMAP_LANG、\n"
			"               なければ $LANG が ja で始まるとき日本語）\n"
			"  --wait SECS  別のコマンド（取り込み）が書き込み中に待つ秒数。どのコマンドにも\n"
			"               付けられます（既定: $POWERMAP_WAIT、なければ 60）。読み込みは\n"
			"               待たず、最後に確定した状態を見ます\n"
			"  --version    版と使っているライブラリの版を表示する\n"
			"  -h, --help   この説明を表示する\n"
			"\n"
			"各コマンドのオプションは 'powermap コマンド --help' で表示します。\n"
			"終了コード: 0 成功、1 エラー、2 使い方の誤り。\n");
		return;
	}
	fprintf(f,
		"usage: powermap [--db FILE] COMMAND [OPTIONS] [ARGS]\n"
		"\n"
		"Stakeholder influence-graph analyzer for enterprise B2B accounts.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n"
		"Global options:\n"
		"  --db FILE    database file, before or after the command (default:\n"
		"               $POWERMAP_DB, else ./powermap.db)\n"
		"  --lang ja|en language of the output, on any command (default:\n"
		"               $POWERMAP_LANG, else Japanese when $LANG starts with ja)\n"
		"  --wait SECS  how long to wait while another command (an import) writes,\n"
		"               on any command (default: $POWERMAP_WAIT, else 60); reads\n"
		"               never wait: they see the last committed state\n"
		"  --version    print the version and the library versions\n"
		"  -h, --help   show this help\n"
		"\n"
		"Run 'powermap COMMAND --help' for the options of a command.\n"
		"Exit codes: 0 ok, 1 error, 2 usage.\n");
}

static void version(void)
{
	int maj, min, pat;

	igraph_version(NULL, &maj, &min, &pat);
	printf("powermap %s (schema %d)\n", PM_VERSION, PM_SCHEMA_VERSION);
	printf("  sqlite %s, igraph %d.%d.%d, graphviz %s\n", pm_store_engine_version(),
	       maj, min, pat, PACKAGE_VERSION);
}

/* ja or en from a value of --lang or a locale name ("ja_JP.UTF-8"); -1: neither. */
static int lang_of(const char *v, int locale)
{
	if (!strncmp(v, "ja", 2) && (locale || !v[2]))
		return PM_LANG_JA;
	if (!strcmp(v, "en") || locale)
		return PM_LANG_EN;
	return -1;
}

/*
 * The output language: --lang ja|en anywhere on the line (every command
 * takes it; it is removed before the command parses its options), else
 * $POWERMAP_LANG, else the locale ($LC_ALL, $LC_MESSAGES, $LANG): Japanese
 * when it starts with "ja". EXIT_OK or EXIT_USAGE.
 */
/*
 * Remove every "--NAME VALUE" and "--NAME=VALUE" from the line (up to a
 * "--"), the last value into *value (unchanged when there is none).
 * 0, or -1 when the last one lacks its value.
 */
static int take_option(int *argc, char **argv, const char *name, const char **value)
{
	size_t len = strlen(name);
	int i, j, n;

	for (i = 1; i < *argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], name)) {
			if (i + 1 >= *argc)
				return -1;
			*value = argv[i + 1];
			n = 2;
		} else if (!strncmp(argv[i], name, len) && argv[i][len] == '=') {
			*value = argv[i] + len + 1;
			n = 1;
		} else {
			continue;
		}
		for (j = i; j + n <= *argc; j++)
			argv[j] = argv[j + n];
		*argc -= n;
		i--;
	}
	return 0;
}

static int take_lang(int *argc, char **argv, struct cli *c)
{
	static const char *const env[] = { "POWERMAP_LANG", "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v = NULL, *given = NULL;
	int i, l;

	c->lang = PM_LANG_EN;
	for (i = 0; i < 4 && !v; i++)
		if ((v = getenv(env[i])) && !*v)
			v = NULL;
	if (v && (l = lang_of(v, i > 1)) >= 0) {
		c->lang = (enum pm_lang)l;
		c->lang_said = i == 1 || l == PM_LANG_JA;
	}
	if (take_option(argc, argv, "--lang", &given) < 0)
		return cli_usage(NULL, "--lang wants ja or en");
	if (!given)
		return EXIT_OK;
	if ((l = lang_of(given, 0)) < 0)
		return cli_usage(NULL, "--lang '%s' is not ja or en", given);
	c->lang = (enum pm_lang)l;
	c->lang_said = 1;
	return EXIT_OK;
}

/*
 * How long to wait for another command's write (an import holds the
 * database for its whole run): --wait SECONDS anywhere on the line, else
 * $POWERMAP_WAIT, else PM_STORE_WAIT_MS. EXIT_OK or EXIT_USAGE.
 */
static int take_wait(int *argc, char **argv, struct cli *c)
{
	const char *v = getenv("POWERMAP_WAIT");
	char *end, num[64];
	double secs;

	if (take_option(argc, argv, "--wait", &v) < 0)
		return cli_usage(NULL, "--wait wants a number of seconds");
	c->wait_ms = PM_STORE_WAIT_MS;
	if (!v || !*v)
		return EXIT_OK;
	snprintf(num, sizeof(num), "%s", v);
	cli_fold_number(num);
	secs = strtod(num, &end);
	if (*end || end == num || !(secs >= 0 && secs <= 86400))
		return cli_usage(NULL, "--wait '%s' is not a number of seconds (0 to 86400)", v);
	c->wait_ms = (int)(secs * 1000);
	return EXIT_OK;
}

/*
 * Transparent huge pages for malloc's memory. Debian's kernels give huge
 * pages only where a program asks (THP "madvise"), and glibc's malloc asks
 * only when GLIBC_TUNABLES has glibc.malloc.hugetlb=1 at the start of the
 * process. A page fault is dear (in the paravirtualized dev VM above all):
 * the L import took 178,000 of them and 25-28 s, 33,000 and 22-23 s with
 * huge pages; reach --min-power 0 on L 1.6-2.1 -> 1.4 s (docs/benchmarks.md).
 * So a HUGE_PAGES command starts itself again once with the tunable added
 * (argv as given), unless the kernel does not work that way or
 * GLIBC_TUNABLES already says (glibc.malloc.hugetlb=0 keeps it off). The
 * second start costs ~20 ms (loading the shared libraries again): more than
 * the others gain (paths 55 -> 78 ms when every command did it). When the
 * exec fails, on as we are.
 */
static void start_with_huge_pages(char **argv)
{
	static const char tunable[] = "glibc.malloc.hugetlb=1";
	const char *old = getenv("GLIBC_TUNABLES");
	char mode[128] = "", *value;
	FILE *f;
	size_t len;

	if (old && strstr(old, "glibc.malloc.hugetlb"))
		return;
	if (!(f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r")))
		return;
	if (!fgets(mode, sizeof(mode), f))
		mode[0] = 0;
	fclose(f);
	if (!strstr(mode, "[madvise]"))
		return;
	len = (old && *old ? strlen(old) + 1 : 0) + sizeof(tunable);
	if (!(value = malloc(len)))
		return;
	snprintf(value, len, "%s%s%s", old && *old ? old : "", old && *old ? ":" : "", tunable);
	if (setenv("GLIBC_TUNABLES", value, 1) == 0)
		execv("/proc/self/exe", argv);
	free(value);
}

/*
 * Whether the command named on this command line is a HUGE_PAGES one, read
 * before any option is taken out of argv: the first word that is neither an
 * option nor the value of --db, --lang or --wait. A wrong guess costs a
 * second start or misses a faster run, nothing else.
 */
static int wants_huge_pages(int argc, char **argv)
{
	static const char *const valued[] = { "--db", "--lang", "--wait" };
	int i;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-') {
			for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
				if (!strcmp(argv[i], valued[k]))
					i++;   /* its value */
			continue;
		}
		for (k = 0; k < NCOMMANDS; k++)
			if (!strcmp(argv[i], commands[k].name))
				return (commands[k].flags & HUGE_PAGES) != 0;
		return 0;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c = { 0 };
	const struct command *cmd = NULL;
	size_t i;
	int ch, rc;

	/*
	 * Everything powermap writes may hold personal data: whatever else
	 * creates a file in this process (SQLite's -wal and -shm, Graphviz,
	 * iconv) creates it for the user only. Our own files are 0600 anyway.
	 */
	if (wants_huge_pages(argc, argv))
		start_with_huge_pages(argv);
	umask(077);
	opterr = 0;   /* bad options are told by cli_bad_option, in the user's language */
	/* the clock can be fixed (tests, reproducible reports): POWERMAP_NOW */
	c.now = getenv("POWERMAP_NOW");
	if (c.now && !*c.now)
		c.now = NULL;
	rc = take_lang(&argc, argv, &c);
	pm_messages_lang(c.lang);   /* errors and diagnostics in the user's language too */
	if (rc != EXIT_OK || (rc = take_wait(&argc, argv, &c)) != EXIT_OK)
		return rc;
	c.db_path = getenv("POWERMAP_DB");
	if (!c.db_path || !*c.db_path)
		c.db_path = "powermap.db";
	/* --db after the command too (powermap init --db x.db), as --lang and --wait */
	if (take_option(&argc, argv, "--db", &c.db_path) < 0)
		return cli_usage(NULL, "--db wants a file name");
	if (!*c.db_path)
		return cli_usage(NULL, "--db wants a file name");
	/* "+": stop at the command name; the command parses the rest */
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			c.db_path = optarg;
			break;
		case 'V':
			version();
			return EXIT_OK;
		case 'h':
			usage(stdout, c.lang);
			return EXIT_OK;
		default:
			return cli_bad_option(NULL, argv);
		}
	}
	if (optind >= argc) {
		usage(stderr, c.lang);
		return EXIT_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[optind], commands[i].name))
			cmd = &commands[i];
	if (!cmd)
		return cli_usage(NULL, "unknown command '%s'", argv[optind]);
	c.name = cmd->name;
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		size_t used = strlen(c.cmdline);
		snprintf(c.cmdline + used, sizeof(c.cmdline) - used, "%s%s",
			 used ? " " : "", argv[i]);
	}
	argc -= optind;
	argv += optind;
	optind = 0; /* reset getopt for the command (GNU: 0 reinitializes) */

	if (cmd->flags & NEEDS_DB) {
		/* --help needs no database */
		for (i = 1; i < (size_t)argc; i++)
			if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
				return cmd->fn(&c, argc, argv);
		if (cli_open_store(&c, 0) != EXIT_OK)
			return EXIT_ERR;
	}
	rc = cmd->fn(&c, argc, argv);
	pm_store_close(c.st);
	if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = cli_fail("cannot write output");
	return rc;
}
const char *cli_today(struct cli *c)
{
	time_t t = time(NULL);
	struct tm tm;

	if (c->now)
		return c->now;
	if (!c->today[0] && (!localtime_r(&t, &tm) ||
			     !strftime(c->today, sizeof(c->today), "%Y-%m-%d", &tm)))
		return NULL;   /* the library's own: today in UTC */
	return c->today;
}

