/* powermap accounts — which accounts to target and plan next, across the portfolio. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "powermap/json.h"
#include "powermap/kit.h"
#include "powermap/portfolio.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap accounts\n" \
	"  powermap accounts --kind prospect --sort fit --lang ja\n" \
	"  powermap accounts --plan-next 3\n" \
	"  powermap accounts --weights fit=0.5,pipeline=0 --fit-weights region=0\n"

static const char help[] =
	"usage: powermap [--db FILE] accounts [--sort score|fit|reach|pipeline]\n"
	"                [--kind customer|prospect] [--top N] [--plan-next N]\n"
	"                [--key-people N] [--via LIST] [--weights LIST] [--fit-weights LIST]\n"
	"                [--json] [--progress|--no-progress]\n"
	"                [--as-of DATE] [--half-life DAYS] [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"Every customer account (a customer org whose parent is not a customer; its\n"
	"child orgs belong to it), scored for targeting. Each component is in [0, 1]:\n"
	"  fit         how it resembles the accounts we won (a deal 'won'): the best\n"
	"              match over them of industry .35, employees .25 and revenue .15\n"
	"              (1 - |log10 ratio|, 0 beyond 10x; revenue in the same currency),\n"
	"              region .15 and parent group .10\n"
	"  reach       best warm-path strength (as paths -k 1 finds it) to its key\n"
	"              people, the N most powerful by rank, weighted by power\n"
	"  coverage    of the buying roles economic buyer, decision maker and technical\n"
	"              buyer: the share held by someone we reach warm or engaged\n"
	"              (a role nobody holds on the map counts as not covered)\n"
	"  engagement  share of the key people with two-way contact in engaged_days\n"
	"  pipeline    open deal amount / the largest of any account (same currency)\n"
	"score = .30 fit + .30 reach + .15 coverage + .10 engagement + .15 pipeline\n"
	"(--weights and --fit-weights change the weights for one run, 'powermap config\n"
	"score_fit 0.5' or 'config fit_region 0' for every run; each sum is divided\n"
	"out; report --all --plan-next uses the same).\n"
	"A customer has won a deal; a prospect has not. Each account gets a one-line\n"
	"why: the won account it resembles and on what, who on our side holds the\n"
	"strongest ties, the buying roles missing, deals (stalled as kpi says: not\n"
	"updated in stalled_days, 14, or past the close date) and whether it has a plan.\n"
	"Each account's ranking is kept in the database and used again while nothing\n"
	"it depends on changes (people, ties inside it, parameters; on another\n"
	"--as-of day, only ties inside it with a last contact still decaying): the\n"
	"first run ranks every account that can be among those shown (with a top,\n"
	"an account whose score cannot reach the top's is left out), later runs only\n"
	"those that changed.\n"
	"\n"
	"Options:\n"
	"  --sort WORD       score (default), fit, reach or pipeline (open amount)\n"
	"  --kind KIND       customer (has won) or prospect (has not) only\n"
	"  --top N           the first N (default 20, with --json all; 0: all)\n"
	"  --plan-next N     the N best accounts with no plan yet (report --all --plan-next N\n"
	"                    writes their reports)\n"
	"  --key-people N    key people per account (default 5)\n"
	"  --via LIST        who on our side may introduce: staff,partner,investor,bank\n"
	"  --weights LIST    the score's weights, NAME=VALUE,...: fit, reach, coverage,\n"
	"                    engagement, pipeline (those not named keep theirs: config\n"
	"                    score_fit ... or the built-in)\n"
	"  --fit-weights LIST  fit's: industry, employees, revenue, region, group\n"
	"  --json            JSON with every component, key person and deal figure\n"
	"  --progress        report progress on stderr (default: when it is a terminal)\n"
	"  --no-progress     never report progress\n"
	CLI_PARAM_HELP_DECAY
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] accounts [--sort score|fit|reach|pipeline]\n"
	"                [--kind customer|prospect] [--top N] [--plan-next N]\n"
	"                [--key-people N] [--via LIST] [--weights LIST] [--fit-weights LIST]\n"
	"                [--json] [--progress|--no-progress]\n"
	"                [--as-of 日付] [--half-life 日数] [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"すべての顧客（親が顧客でない顧客の組織。子組織はそれに含めます）を、狙う先\n"
	"として評価します。各要素は 0〜1:\n"
	"  fit         受注した顧客（商談が 'won'）にどれだけ似ているか: それらとの\n"
	"              最良の一致。業種 .35、従業員数 .25、売上 .15（1 - |log10 比|、\n"
	"              10 倍を超えると 0。売上は同じ通貨どうし）、地域 .15、親グループ .10\n"
	"  reach       主要人物（rank で影響力の大きい N 人）への最良の紹介経路の強さ\n"
	"              （paths -k 1 と同じ）を影響力で重みづけ\n"
	"  coverage    購買上の役割（経済的決裁者、意思決定者、技術面の購買者）のうち、\n"
	"              紹介経路で届くか関与している人が担っている割合（図の上で誰も\n"
	"              担っていない役割は網羅していないと数えます）\n"
	"  engagement  主要人物のうち engaged_days 以内に双方向の接触がある人の割合\n"
	"  pipeline    進行中の商談の金額 / 全顧客で最大の金額（同じ通貨どうし）\n"
	"score = .30 fit + .30 reach + .15 coverage + .10 engagement + .15 pipeline\n"
	"（--weights と --fit-weights でその 1 回の重みを、'powermap config score_fit\n"
	"0.5' や 'config fit_region 0' でこれからのすべての実行の重みを変えられます。\n"
	"それぞれ合計で割ります。report --all --plan-next も同じ重みを使います）。\n"
	"customer は受注したことのある顧客、prospect はまだの顧客。各顧客に 1 行の\n"
	"理由を付けます: 似ている受注先とその点、当方で最も強い関係を持つ人、欠けて\n"
	"いる購買上の役割、商談（停滞は kpi と同じ: stalled_days（14）日更新なし、\n"
	"または完了予定日超過）、計画の有無。各顧客の順位づけはデータベースに保存し、\n"
	"それが依存するもの（人物、顧客内の関係、パラメーター。--as-of の日付が変わって\n"
	"も、影響するのは最終接触日があってまだ減衰中の顧客内の関係だけ）が変わらない\n"
	"限り使い回します。初回は表示されうる顧客をすべて順位づけし（上位 N 社の\n"
	"表示では、得点の上限がその N 位に届かない顧客は省きます）、以後は変わった\n"
	"顧客だけです。\n"
	"\n";

static const char help_ja2[] =
	"オプション:\n"
	"  --sort WORD       score（既定）、fit、reach、pipeline（進行中の金額）\n"
	"  --kind KIND       customer（受注あり）か prospect（受注なし）だけ\n"
	"  --top N           先頭の N 社（既定 20、--json ではすべて。0 はすべて）\n"
	"  --plan-next N     まだ計画のない上位 N 社（report --all --plan-next N でその\n"
	"                    レポートを書けます）\n"
	"  --key-people N    顧客ごとの主要人物の数（既定 5）\n"
	"  --via LIST        当方の誰が紹介できるか: staff,partner,investor,bank\n"
	"  --weights LIST    score の重み。名前=値,...: fit、reach、coverage、\n"
	"                    engagement、pipeline（指定しないものは config の\n"
	"                    score_fit などの値か既定のまま）\n"
	"  --fit-weights LIST  fit の重み: industry、employees、revenue、region、group\n"
	"  --json            各要素、主要人物、商談の数値をすべて含む JSON\n"
	"  --progress        進み具合を標準エラーに出す（既定: 端末のとき）\n"
	"  --no-progress     進み具合を出さない\n"
	CLI_PARAM_HELP_DECAY_JA
	"\n"
	"例:\n"
	EXAMPLES;

static const char *status_word(const struct cli *c, const struct pm_account_score *a)
{
	return a->won ? TR(c, "customer", "既存顧客") : TR(c, "prospect", "見込み");
}

/* The weights in use, when the user changed them: a table alone would not say. */
static void print_weights(const struct cli *c, const struct pm_portfolio_opts *o)
{
	static const char *const score_ja[5] = { "適合", "到達", "役割網羅", "接点", "商談" };
	static const char *const fit_ja[5] = { "業種", "従業員数", "売上", "地域", "グループ" };
	int i;

	if (!memcmp(o->score_w, pm_score_weights, sizeof(o->score_w)) &&
	    !memcmp(o->fit_w, pm_fit_weights, sizeof(o->fit_w)))
		return;
	printf("%s", TR(c, "(weights: ", "（重み: "));
	for (i = 0; i < 5; i++)
		printf("%s%s %g", i ? TR(c, ", ", "、") : "", TR(c, pm_score_names[i], score_ja[i]),
		       o->score_w[i]);
	printf("%s", TR(c, "; fit: ", "／適合: "));
	for (i = 0; i < 5; i++)
		printf("%s%s %g", i ? TR(c, ", ", "、") : "", TR(c, pm_fit_names[i], fit_ja[i]),
		       o->fit_w[i]);
	printf("%s", TR(c, ")\n", "）\n"));
}

static int print_table(const struct cli *c, const struct pm_portfolio *pf, const size_t *which,
		       size_t n, size_t more)
{
	static const char *const header[] = { "#", "account", "status", "people", "score",
					      "fit", "reach", "cover", "engaged", "pipeline" };
	static const char *const header_ja[] = { "#", "アカウント", "区分", "人数", "総合",
						 "適合", "到達", "役割網羅", "接点", "商談" };
	struct cli_table *t = cli_table_new(10, TR(c, header, header_ja));
	char b[9][32];
	size_t i;

	if (!t)
		return cli_fail("out of memory");
	for (i = 0; i < n; i++) {
		const struct pm_account_score *a = &pf->a[which[i]];
		const char *cells[10];
		snprintf(b[0], sizeof(b[0]), "%zu", i + 1);
		snprintf(b[1], sizeof(b[1]), "%zu", a->people);
		snprintf(b[6], sizeof(b[6]), "%zu/%zu", a->nengaged, a->nkey);
		cells[0] = b[0];
		cells[1] = a->name;
		cells[2] = status_word(c, a);
		cells[3] = b[1];
		cells[4] = cli_num(b[2], sizeof(b[2]), a->score);
		cells[5] = cli_num(b[3], sizeof(b[3]), a->fit);
		cells[6] = cli_num(b[4], sizeof(b[4]), a->reach);
		cells[7] = cli_num(b[5], sizeof(b[5]), a->coverage);
		cells[8] = b[6];
		cells[9] = cli_num(b[7], sizeof(b[7]), a->pipeline);
		cli_table_add(t, cells);
	}
	cli_table_print(t, stdout, CLI_WIDTH);
	cli_table_free(t);
	if (n)
		printf("\n");
	for (i = 0; i < n; i++) {
		const struct pm_account_score *a = &pf->a[which[i]];
		char *name = cli_clean(a->name), *why = cli_clean(a->why);
		printf(TR(c, "%2zu. %s (%s): %s\n", "%2zu. %s（%s）: %s\n"), i + 1,
		       name ? name : "", a->key, why ? why : "");
		free(name);
		free(why);
	}
	if (more)
		printf(TR(c, "(%zu more: --top 0 lists all)\n", "（ほか %zu 件: --top 0 ですべて表示）\n"),
		       more);
	if (!pf->nwon)
		printf("%s", TR(c, "(fit is 0 everywhere: no account has a won deal to compare with)\n",
				"（受注済みの商談がないため適合度はすべて 0）\n"));
	return EXIT_OK;
}

static int parse_count(const char *opt, char *arg, size_t *out, int zero_ok)
{
	char *end;
	unsigned long v;

	cli_fold_number(arg);
	if (!isdigit((unsigned char)arg[0]))
		return cli_usage("accounts", "%s '%s' is not a number", opt, arg);
	v = strtoul(arg, &end, 10);
	if (*end || (!zero_ok && !v))
		return cli_usage("accounts", "%s '%s' is not a positive number", opt, arg);
	*out = v;
	return 0;
}

int cmd_accounts(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sort", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "top", required_argument, NULL, 'n' },
		{ "plan-next", required_argument, NULL, 'P' },
		{ "key-people", required_argument, NULL, 'K' },
		{ "via", required_argument, NULL, 'v' },
		{ "weights", required_argument, NULL, 'w' },
		{ "fit-weights", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "progress", no_argument, NULL, 'p' },
		{ "no-progress", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct pm_params p;
	struct pm_portfolio_opts o;
	struct pm_portfolio *pf = NULL;
	struct pm_error err;
	struct cli_rank_progress pr = { "accounts", { 0, 0 }, 0 };
	const char *sort = "score", *kind = NULL;
	size_t top = 20, plan_next = 0, *which = NULL, n = 0, i, more = 0;
	int ch, json = 0, top_given = 0, progress = isatty(STDERR_FILENO), rc;

	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	pm_portfolio_opts_default(&o, &p);
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			sort = optarg;
			if (strcmp(sort, "score") && strcmp(sort, "fit") && strcmp(sort, "reach") &&
			    strcmp(sort, "pipeline"))
				return cli_usage("accounts", "--sort is score, fit, reach or pipeline, not '%s'",
						 optarg);
			break;
		case 'k':
			kind = optarg;
			if (strcmp(kind, "customer") && strcmp(kind, "prospect"))
				return cli_usage("accounts", "--kind is customer or prospect, not '%s'", optarg);
			break;
		case 'n':
			if (parse_count("--top", optarg, &top, 1))
				return EXIT_USAGE;
			top_given = 1;
			break;
		case 'P':
			if (parse_count("--plan-next", optarg, &plan_next, 0))
				return EXIT_USAGE;
			break;
		case 'K':
			if (parse_count("--key-people", optarg, &o.key_people, 0))
				return EXIT_USAGE;
			break;
		case 'v':
			if (pm_via_parse(optarg, &o.via, &err) < 0)
				return cli_usage("accounts", "%s", err.msg);
			break;
		case 'w':
		case 'f':
			if (pm_portfolio_weights_parse(optarg, ch == 'f', &o, &err) < 0)
				return cli_usage("accounts", "--%s: %s", ch == 'f' ? "fit-weights" : "weights",
						 err.msg);
			break;
		case 'j': json = 1; break;
		case 'p': progress = 1; break;
		case 'q': progress = 0; break;
		case 'h': return cli_help_in(c, help, help_ja, help_ja2);
		default:
			rc = cli_params_option("accounts", ch, optarg, &p);
			if (rc < 0)
				return EXIT_USAGE;
			if (rc == 0)
				return cli_bad_option("accounts", argv);
		}
	}
	if (optind != argc)
		return cli_usage("accounts", "accounts takes no account name ('%s'): it scores them all",
				 argv[optind]);
	if (progress) {
		clock_gettime(CLOCK_MONOTONIC, &pr.t0);
		o.progress = cli_rank_progress_show;
		o.progress_ctx = &pr;
	}
	/* what will be shown: the library need not rank accounts that cannot be */
	o.sort = sort;
	o.kind = !kind ? PM_ACCOUNTS_ALL : !strcmp(kind, "customer") ? PM_ACCOUNTS_CUSTOMERS
		: PM_ACCOUNTS_PROSPECTS;
	o.no_plan = plan_next > 0;
	o.top = plan_next ? plan_next : (top_given || !json) ? top : 0;
	if (cli_params_ready(c, &p) != EXIT_OK)
		return EXIT_ERR;
	if (pm_portfolio(c->st, &p, &o, &pf, &err) < 0)
		return cli_fail_err(&err);
	if (progress)
		cli_rank_progress_end(&pr, pf->ranked, pf->n);
	if (!(which = malloc((pf->n + 1) * sizeof(*which)))) {
		pm_portfolio_free(pf);
		return cli_fail("out of memory");
	}
	for (i = 0; i < pf->n; i++) {
		if (pm_portfolio_wanted(&o, &pf->a[pf->order[i]]))
			which[n++] = pf->order[i];
	}
	if (plan_next && n > plan_next)
		n = plan_next;
	if (!plan_next && (top_given || !json) && top && n > top) {
		more = n - top;
		n = top;
	}
	if (json)
		rc = cli_print_json(pm_json_portfolio(pf, &p, &o, which, n));
	else if (!pf->n) {
		printf("%s", TR(c, "no customer accounts yet (an org of kind customer)\n",
				"顧客アカウントがまだありません（kind が customer の組織）\n"));
		rc = EXIT_OK;
	} else {
		if (plan_next)
			printf(TR(c, "The %zu best accounts with no plan yet:\n\n",
				  "計画のないアカウントの上位 %zu 件:\n\n"), n);
		rc = print_table(c, pf, which, n, more);
		print_weights(c, &o);
	}
	free(which);
	pm_portfolio_free(pf);
	return rc;
}
