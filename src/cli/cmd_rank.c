/* powermap rank — who decides in an account, with every score explained. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/json.h"
#include "powermap/model.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap rank kanto-seiki --top 10\n"

static const char help[] =
	"usage: powermap [--db FILE] rank ACCOUNT [--top N] [--weights W] [--influence MODE]\n"
	"                                [--json] [--as-of DATE] [--half-life DAYS]\n"
	"                                [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"Rank every person of the account (an org and its child orgs) by power score,\n"
	"the weighted mean of four components, each in [0, 1] within the account:\n"
	"  formal     org-chart authority: people below and closeness to the top\n"
	"  influence  personalized PageRank over who sways whom, restarting at the\n"
	"             declared economic buyers and decision makers\n"
	"  role       declared power / 5, else the prior of the buying role\n"
	"  broker     betweenness over the relationship ties (strong ties are short)\n"
	"\n"
	"Options:\n"
	"  --top N            show the first N people only\n"
	"  --weights W        e.g. formal=0.3,influence=0.35,role=0.2,broker=0.15\n"
	"  --influence MODE   auto (default: restart at decision makers when any are\n"
	"                     declared) or global (uniform restart)\n"
	"  --json             JSON with raw PageRank and betweenness per person\n"
	CLI_PARAM_HELP_DECAY
	"\n"
	"Example:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] rank 顧客 [--top N] [--weights W] [--influence MODE]\n"
	"                                [--json] [--as-of 日付] [--half-life 日数]\n"
	"                                [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"顧客（組織とその子組織）の全員を影響力のスコアで順位づけします。スコアは\n"
	"4 つの要素の加重平均で、それぞれ顧客の中で 0〜1 に揃えます:\n"
	"  formal     組織図上の権限: 配下の人数とトップへの近さ\n"
	"  influence  誰が誰を動かすかの上の個人化 PageRank（宣言された経済的決裁者と\n"
	"             意思決定者から再出発）\n"
	"  role       宣言された影響力 / 5。なければ購買上の役割の事前値\n"
	"  broker     人間関係の上の媒介中心性（強い関係ほど短い）\n"
	"\n"
	"オプション:\n"
	"  --top N            先頭の N 人だけ表示する\n"
	"  --weights W        例: formal=0.3,influence=0.35,role=0.2,broker=0.15\n"
	"  --influence MODE   auto（既定: 意思決定者が宣言されていれば彼らから再出発）\n"
	"                     か global（一様に再出発）\n"
	"  --json             各人の PageRank と媒介中心性の生の値つきの JSON\n"
	CLI_PARAM_HELP_DECAY_JA
	"\n"
	"例:\n"
	EXAMPLES;

static int parse_weights(const char *arg, struct pm_params *p)
{
	char buf[256], *tok, *save = NULL;
	struct pm_error err;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char name[32], *eq = strchr(tok, '=');
		if (!eq)
			return cli_usage("rank", "--weights wants NAME=VALUE pairs, not '%s'", tok);
		*eq = '\0';
		snprintf(name, sizeof(name), "w_%s", tok);
		if (strcmp(tok, "formal") && strcmp(tok, "influence") && strcmp(tok, "role") &&
		    strcmp(tok, "broker"))
			return cli_usage("rank", "unknown weight '%s' (formal, influence, role, broker)",
					 tok);
		if (pm_params_set(p, name, eq + 1, &err) < 0)
			return cli_usage("rank", "%s", err.msg);
	}
	return 0;
}

static int print_json(const struct pm_rank *r, const char *account, const struct pm_params *p,
		      size_t top)
{
	return cli_print_json(pm_json_rank(r, account, p, top));
}

static int print_table(const struct cli *c, const struct pm_rank *r, const char *account,
		       size_t top)
{
	static const char *const header[] = { "#", "name", "title", "role", "stance", "score",
					      "formal", "infl", "prior", "broker" };
	static const char *const header_ja[] = { "#", "氏名", "役職", "役割", "スタンス",
						 "影響力", "公式", "影響", "役割値", "仲介" };
	struct cli_table *t = cli_table_new(10, TR(c, header, header_ja));
	int ja = c->lang == PM_LANG_JA;
	char b[6][24];
	size_t i;

	if (!t)
		return cli_fail("out of memory");
	for (i = 0; i < r->n && i < top; i++) {
		int v = r->order[i];
		const struct pm_person *pp = &r->view->people[v];
		const struct pm_rank_entry *e = &r->e[v];
		const char *cells[10];
		snprintf(b[0], sizeof(b[0]), "%zu", i + 1);
		cells[0] = b[0];
		cells[1] = pp->name;
		cells[2] = pp->title;
		cells[3] = ja && pp->role ? pm_role_label(pp->role_id, 1) : pp->role;
		cells[4] = ja ? pm_stance_label(pp->stance_id, 1) : pp->stance;
		cells[5] = cli_num(b[1], sizeof(b[1]), e->score);
		cells[6] = cli_num(b[2], sizeof(b[2]), e->formal);
		cells[7] = cli_num(b[3], sizeof(b[3]), e->influence);
		cells[8] = cli_num(b[4], sizeof(b[4]), e->role);
		cells[9] = cli_num(b[5], sizeof(b[5]), e->broker);
		cli_table_add(t, cells);
	}
	cli_table_print(t, stdout, CLI_WIDTH);
	cli_table_free(t);
	for (i = 0; i < r->n && !(r->e[i].formal > 0); i++)
		;
	if (r->n > 1 && i == r->n) {
		int quote = strpbrk(account, " \t'") != NULL;   /* as it is typed in a shell */
		printf(TR(c, "(formal: no reporting lines in this account, so 0 for everyone; "
			  "equal scores are listed by title. 'powermap chart %s%s%s' drafts the "
			  "lines from titles and departments)\n",
			  "（公式：この顧客には上司の関係がなく全員 0。同点は役職順。"
			  "'powermap chart %s%s%s' で役職と部署から組織図を下書きできます）\n"),
		       quote ? "\"" : "", account, quote ? "\"" : "");
	}
	if (r->restart_uniform)
		printf("%s", TR(c, "(influence: no economic buyer or decision maker declared, or "
				"--influence global: uniform restart)\n",
				"（影響：経済的決裁者・意思決定者が未設定か --influence global のため一様に"
				"再出発）\n"));
	if (r->betweenness_sources)
		printf(TR(c, "(broker: betweenness estimated from %d sampled people of %zu; "
			  "--param betweenness_exact=%zu for the exact value)\n",
			  "（仲介：%d 人の標本から推定（全 %zu 人）。正確な値は --param "
			  "betweenness_exact=%zu）\n"), r->betweenness_sources, r->n, r->n);
	return EXIT_OK;
}

int cmd_rank(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "top", required_argument, NULL, 'n' },
		{ "weights", required_argument, NULL, 'w' },
		{ "influence", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct pm_params p;
	struct pm_rank *r = NULL;
	struct pm_error err;
	size_t top = (size_t)-1;
	int ch, json = 0, global = 0, rc;
	char *end;

	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			cli_fold_number(optarg);
			top = strtoul(optarg, &end, 10);
			if (*end || !top || !isdigit((unsigned char)optarg[0]))
				return cli_usage("rank", "--top '%s' is not a positive number", optarg);
			break;
		case 'w':
			if (parse_weights(optarg, &p))
				return EXIT_USAGE;
			break;
		case 'i':
			if (!strcmp(optarg, "global"))
				global = 1;
			else if (strcmp(optarg, "auto"))
				return cli_usage("rank", "--influence is auto or global, not '%s'", optarg);
			break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default:
			rc = cli_params_option("rank", ch, optarg, &p);
			if (rc < 0)
				return EXIT_USAGE;
			if (rc == 0)
				return cli_bad_option("rank", argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("rank", "name one account (an org key or name)");
	if (cli_params_ready(c, &p) != EXIT_OK)
		return EXIT_ERR;
	if (pm_rank(c->st, argv[optind], &p, global, &r, &err) < 0)
		return cli_fail_err(&err);
	if (r->n == 0 && !json) {
		fprintf(stderr, pm_msg("account '%s' has no people\n"), argv[optind]);
		pm_rank_free(r);
		return EXIT_OK;
	}
	rc = json ? print_json(r, argv[optind], &p, top) : print_table(c, r, argv[optind], top);
	pm_rank_free(r);
	return rc;
}
