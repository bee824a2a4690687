/* powermap kpi — pipeline, weighted pipeline, wins, win rate and stalled deals. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/kpi.h"
#include "powermap/model.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap kpi kanto-seiki\n" \
	"  powermap kpi --as-of 2027-04-15 --since 2027-04-01\n"

static const char help[] =
	"usage: powermap [--db FILE] kpi [ACCOUNT] [--since DATE] [--json] [--as-of DATE]\n"
	"                              [--half-life DAYS] [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"The KPIs of an account's deals (every account when none is named): open\n"
	"pipeline, weighted pipeline (amount x probability; a deal without one takes\n"
	"its stage's: lead 0.1, qualified 0.25, proposal 0.5, negotiation 0.75), won\n"
	"this period and ever, win rate (won / (won + lost)), deals by stage, and the\n"
	"stalled deals: open ones not updated for more than stalled_days (14) or\n"
	"past their close date. Amounts stay per currency, never added across; JPY\n"
	"without decimals. The period runs from --since (default: the first day of\n"
	"the quarter of --as-of) to --as-of.\n"
	"\n"
	"Options:\n"
	"  --since DATE        start of \"this period\"\n"
	"  --json              JSON output\n"
	CLI_PARAM_HELP
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] kpi [顧客] [--since 日付] [--json] [--as-of 日付]\n"
	"                              [--half-life 日数] [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"顧客の商談の KPI（顧客を指定しなければ全顧客）: 進行中のパイプライン、加重\n"
	"パイプライン（金額 × 確度。確度のない商談は段階の値: lead 0.1、qualified\n"
	"0.25、proposal 0.5、negotiation 0.75）、今期と累計の受注、勝率（受注 /\n"
	"(受注 + 失注)）、段階別の件数、停滞案件（stalled_days（14）日を超えて更新の\n"
	"ない、または完了予定日を過ぎた進行中の商談）。金額は通貨ごとに分け、合算は\n"
	"しません。JPY は小数なし。今期は --since（既定: --as-of の四半期の初日）から\n"
	"--as-of まで。\n"
	"\n"
	"オプション:\n"
	"  --since DATE        「今期」の始まり\n"
	"  --json              JSON で出力\n"
	CLI_PARAM_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

static json_t *kpi_json(const struct pm_kpi *k, const char *account)
{
	json_t *o = json_object(), *cur = json_array(), *st = json_object(), *stl = json_array();
	size_t i, j;

	json_object_set_new(o, "account", account ? json_string(account) : json_null());
	json_object_set_new(o, "as_of", json_string(k->as_of));
	json_object_set_new(o, "since", json_string(k->since));
	json_object_set_new(o, "deals", json_integer((json_int_t)k->deals));
	json_object_set_new(o, "open", json_integer((json_int_t)k->open));
	json_object_set_new(o, "won", json_integer((json_int_t)k->won));
	json_object_set_new(o, "won_this_period", json_integer((json_int_t)k->won_period));
	json_object_set_new(o, "lost", json_integer((json_int_t)k->lost));
	json_object_set_new(o, "win_rate", k->win_rate >= 0 ? json_real(k->win_rate) : json_null());
	for (i = 0; i < PM_STAGES; i++)
		json_object_set_new(st, pm_deal_stages[i], json_integer((json_int_t)k->stage_count[i]));
	json_object_set_new(o, "by_stage", st);
	for (i = 0; i < k->nmoney; i++) {
		const struct pm_kpi_money *m = &k->money[i];
		json_t *x = json_object(), *sa = json_object();
		json_object_set_new(x, "currency", *m->currency ? json_string(m->currency)
								 : json_null());
		json_object_set_new(x, "pipeline", json_real(m->pipeline));
		json_object_set_new(x, "weighted", json_real(m->weighted));
		json_object_set_new(x, "won_this_period", json_real(m->won_period));
		json_object_set_new(x, "won", json_real(m->won_all));
		for (j = 0; j < PM_STAGES; j++)
			json_object_set_new(sa, pm_deal_stages[j], json_real(m->stage_amount[j]));
		json_object_set_new(x, "by_stage", sa);
		json_array_append_new(cur, x);
	}
	json_object_set_new(o, "currencies", cur);
	for (i = 0; i < k->nstalled; i++) {
		const struct pm_stalled_deal *s = &k->stalled[i];
		json_t *x = json_object();
		json_object_set_new(x, "key", json_string(s->key));
		json_object_set_new(x, "account", json_string(s->account));
		json_object_set_new(x, "name", json_string(s->name));
		json_object_set_new(x, "stage", json_string(s->stage));
		json_object_set_new(x, "updated_at", *s->updated_at ? json_string(s->updated_at)
								    : json_null());
		json_object_set_new(x, "close_date", *s->close_date ? json_string(s->close_date)
								    : json_null());
		json_object_set_new(x, "idle_days", s->idle_days >= 0 ? json_integer(s->idle_days)
								      : json_null());
		json_object_set_new(x, "past_close", json_boolean(s->past_close));
		json_array_append_new(stl, x);
	}
	json_object_set_new(o, "stalled", stl);
	return o;
}

static void print_kpi(const struct cli *c, const struct pm_kpi *k, const char *account,
		      const struct pm_params *p)
{
	static const char *const head_en[] = { "currency", "pipeline", "weighted",
					       "won this period", "won ever" };
	static const char *const head_ja[] = { "通貨", "パイプライン", "加重", "今期受注",
					       "累計受注" };
	struct cli_table *t = cli_table_new(5, TR(c, head_en, head_ja));
	char b[4][64], rate[16];
	size_t i;

	if (account)
		printf(TR(c, "KPIs of %s as of %s (this period from %s)\n",
			  "%s の KPI（%s 時点、今期は %s から）\n"), account, k->as_of, k->since);
	else
		printf(TR(c, "KPIs of every account as of %s (this period from %s)\n",
			  "全アカウントの KPI（%s 時点、今期は %s から）\n"), k->as_of, k->since);
	snprintf(rate, sizeof(rate), "%.0f%%", 100 * k->win_rate);
	printf(TR(c, "deals: %zu open, %zu won (%zu this period), %zu lost; win rate %s\n",
		  "案件: 進行中 %zu、受注 %zu（今期 %zu）、失注 %zu、勝率 %s\n"),
	       k->open, k->won, k->won_period, k->lost, k->win_rate >= 0 ? rate : "—");
	for (i = 0; i < k->nmoney; i++) {
		const struct pm_kpi_money *m = &k->money[i];
		const char *cells[] = { *m->currency ? m->currency : TR(c, "(none)", "（なし）"),
					pm_money_format(b[0], sizeof(b[0]), m->pipeline, m->currency),
					pm_money_format(b[1], sizeof(b[1]), m->weighted, m->currency),
					pm_money_format(b[2], sizeof(b[2]), m->won_period, m->currency),
					pm_money_format(b[3], sizeof(b[3]), m->won_all, m->currency) };
		cli_table_add(t, cells);
	}
	if (k->nmoney)
		cli_table_print(t, stdout, CLI_WIDTH);
	cli_table_free(t);
	printf("%s", TR(c, "by stage:", "段階別:"));
	for (i = 0; i < PM_STAGES; i++)
		printf(" %s %zu", pm_enum_label(pm_deal_stages, pm_deal_stages[i],
						 c->lang == PM_LANG_JA), k->stage_count[i]);
	putchar('\n');
	if (!k->nstalled)
		return;
	printf(TR(c, "\nStalled deals (%zu; no update for more than %d days, or past the close "
		  "date):\n", "\n停滞している案件（%zu 件。%d 日を超えて更新なし、または完了予定日"
		  "超過）:\n"), k->nstalled, p->stalled_days);
	for (i = 0; i < k->nstalled; i++) {
		const struct pm_stalled_deal *s = &k->stalled[i];
		printf("  %s  %s  %s", s->key, s->name,
		       pm_enum_label(pm_deal_stages, s->stage, c->lang == PM_LANG_JA));
		if (s->idle_days > p->stalled_days)
			printf(TR(c, " — no update for %ld days (%s)", " — %ld 日更新なし（%s）"),
			       s->idle_days, s->updated_at);
		if (s->past_close)
			printf(TR(c, " — close date %s has passed", " — 完了予定日 %s を過ぎている"),
			       s->close_date);
		putchar('\n');
	}
}

int cmd_kpi(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *since = NULL, *account;
	char since_day[11];
	struct pm_params p;
	struct pm_kpi *k = NULL;
	struct pm_error err;
	int ch, json = 0, rc;
	size_t i;

	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (cli_date_arg(optarg, since_day) < 0)
				return cli_usage("kpi", "--since '%s' is not a date (YYYY-MM-DD)",
						 optarg);
			since = since_day;
			break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default:
			rc = cli_params_option("kpi", ch, optarg, &p);
			if (rc <= 0)
				return rc < 0 ? EXIT_USAGE : cli_bad_option("kpi", argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage("kpi", "name at most one account");
	account = optind < argc ? argv[optind] : NULL;
	if (pm_kpi(c->st, account, &p, since, &k, &err) < 0)
		return cli_fail_err(&err);
	if (json) {
		json_t *o = kpi_json(k, account);
		if (!account) {
			json_t *per = json_array();
			for (i = 0; i < k->naccounts; i++) {
				struct pm_kpi *a = NULL;
				if (pm_kpi(c->st, k->accounts[i], &p, since, &a, &err) < 0) {
					json_decref(per);
					json_decref(o);
					pm_kpi_free(k);
					return cli_fail_err(&err);
				}
				json_array_append_new(per, kpi_json(a, k->accounts[i]));
				pm_kpi_free(a);
			}
			json_object_set_new(o, "accounts", per);
		}
		pm_kpi_free(k);
		return cli_print_json(o);
	}
	if (!k->deals)
		printf(TR(c, "no deals%s%s\n", "案件はありません%s%s\n"),
		       account ? TR(c, " in ", "（") : "", account ? account : "");
	else
		print_kpi(c, k, account, &p);
	for (i = 0; !account && i < k->naccounts; i++) {
		struct pm_kpi *a = NULL;
		if (pm_kpi(c->st, k->accounts[i], &p, since, &a, &err) < 0) {
			pm_kpi_free(k);
			return cli_fail_err(&err);
		}
		putchar('\n');
		print_kpi(c, a, k->accounts[i], &p);
		pm_kpi_free(a);
	}
	pm_kpi_free(k);
	return EXIT_OK;
}
