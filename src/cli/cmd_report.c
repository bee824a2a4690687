/* powermap report — the account plan as one HTML file a team opens in a browser. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "powermap/kit.h"
#include "powermap/map_select.h"
#include "powermap/portfolio.h"
#include "powermap/render.h"
#include "powermap/report.h"
#include "powermap/table.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap report kanto-seiki -o kanto-plan.html --lang ja\n" \
	"  powermap report --all -o plans\n" \
	"  powermap report --all --plan-next 3 -o next-plans\n"

static const char help[] =
	"usage: powermap [--db FILE] report ACCOUNT -o FILE.html [--as-of DATE]\n"
	"                                 [--half-life DAYS] [--param NAME=VALUE] [--lang ja|en]\n"
	"       powermap [--db FILE] report --all [--plan-next N] [--jobs N] -o DIR [--as-of DATE]\n"
	"                                 [--progress|--no-progress] [--lang ja|en]\n"
	"\n"
	"The account plan as one self-contained HTML file (no script, no file or font\n"
	"fetched): overview and industry, goal and strategy, the SWOT as a 2x2 grid,\n"
	"the power map inline as SVG (hover for details), key people, risks, the\n"
	"best warm paths to the top decision makers, the next stakeholders and the\n"
	"planned actions by month, the team, KPIs with stalled deals, and the latest\n"
	"review. Prints on A4 from a browser. The file is created readable by you\n"
	"only (0600). --all writes DIR/ACCOUNT.html for every customer account with\n"
	"people on the map (not the subsidiaries, which are in their parent's; a\n"
	"target list's companies with nobody yet are counted) and DIR/index.html: the\n"
	"accounts best target first (score as 'powermap accounts', with its weights\n"
	"from config), each with its why, key people reached warm and engaged, the\n"
	"plan's state, open pipeline and risks, linked to its report (DIR is made\n"
	"0700).\n"
	"\n"
	"Options:\n"
	"  -o FILE             the HTML file to write (with --all: the folder)\n"
	"  --all               every customer account, and an index\n"
	"  --plan-next N       with --all: only the N best accounts with no plan yet\n"
	"                      (as 'powermap accounts --plan-next N' lists them)\n"
	"  --jobs N            with --all: reports written at once, each in a process\n"
	"                      of its own (default: the processors, up to 4); the files\n"
	"                      are the same for any N and as 'report ACCOUNT' writes them\n"
	"  --progress          with --all: the ranking of the accounts on stderr (default:\n"
	"                      when it is a terminal); --no-progress: never\n"
	CLI_PARAM_HELP
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] report 顧客 -o ファイル.html [--as-of 日付]\n"
	"                                 [--half-life 日数] [--param 名前=値] [--lang ja|en]\n"
	"        powermap [--db ファイル] report --all [--plan-next N] [--jobs N] -o フォルダー\n"
	"                                 [--as-of 日付] [--progress|--no-progress] [--lang ja|en]\n"
	"\n"
	"アカウントプランを 1 つで完結した HTML ファイルにします（スクリプトなし、\n"
	"ファイルやフォントの取得なし）: 概要と業界、目標と戦略、2×2 の SWOT、\n"
	"SVG で埋め込んだパワーマップ（ポインターを重ねると詳細）、重要人物、危険\n"
	"信号、上位の決裁者への最良の紹介経路、次に接触する関係者と月ごとの予定の\n"
	"行動、チーム、KPI と停滞案件、最新のレビュー。ブラウザーから A4 で印刷\n"
	"できます。ファイルはあなただけが読めるように作ります（0600）。--all は\n"
	"人物の登録された顧客ごとに フォルダー/顧客.html を書き（子会社は親の中に\n"
	"含めます。人物がまだいない顧客は数だけ示します）、\n"
	"フォルダー/index.html に狙うべき順（'powermap accounts' と同じ総合点。重み\n"
	"は config のもの）で並べ、それぞれの理由、紹介経路のある主要人物と接点の\n"
	"ある人数、計画の状態、進行中の商談、危険信号を載せてレポートにつなぎます\n"
	"（フォルダーは 0700 で作ります）。\n"
	"\n"
	"オプション:\n"
	"  -o FILE             書き出す HTML ファイル（--all ではフォルダー）\n"
	"  --all               すべての既存顧客と索引\n"
	"  --plan-next N       --all と一緒に: まだ計画のない顧客のうち上位 N 社だけ\n"
	"                      （'powermap accounts --plan-next N' が示すもの）\n"
	"  --jobs N            --all と一緒に: 同時に書くレポートの数。それぞれ別の\n"
	"                      プロセスで書きます（既定: プロセッサー数、最大 4）。N に\n"
	"                      よらず、'report 顧客' と同じファイルになります\n"
	"  --progress          --all と一緒に: 顧客の順位づけの進み具合を標準エラーに出す\n"
	"                      （既定: 端末のとき）。--no-progress: 出さない\n"
	CLI_PARAM_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

struct plan_rows {
	struct pm_report_section *s;
	size_t n, cap;
};

static int on_section(const char *const *v, size_t n, void *ctx)
{
	struct plan_rows *p = ctx;

	(void)n;
	if (PM_GROW(p->s, p->cap, p->n + 1) < 0)
		return PM_ENOMEM;
	p->s[p->n].section = strdup(v[1]);
	p->s[p->n].text = strdup(v[2] ? v[2] : "");
	p->n++;
	return 0;
}

/* Write `data` to a file readable by the user only (kit.h, private files). */
static int write_private(const char *path, const char *data, struct pm_error *err)
{
	struct pm_private_file f;
	int rc;

	if ((rc = pm_private_open(&f, path, err)) < 0)
		return rc;
	fputs(data, f.f);
	return pm_private_commit(&f, err);
}

/* The most people of an account the report's map shows (the most powerful). */
#define REPORT_MAP_PEOPLE 120

/* What the index shows of one account. */
struct summary {
	char *pipeline;            /* "54,500,000 JPY, ..." */
	char *top_risk;            /* the first risk's title, or NULL */
	const char *top_severity;  /* its severity (static) */
	size_t nrisks;
};

/* Gather the results of `key` and write its report to `out`. */
static int write_report(struct cli *c, const char *key, const struct pm_params *pp,
			const char *out, struct summary *sum)
{
	struct pm_params p = *pp;
	struct pm_report r;
	struct plan_rows plan = { NULL, 0, 0 };
	struct pm_account *a = NULL;
	struct pm_paths *paths[3] = { NULL, NULL, NULL };
	struct pm_next_item *next = NULL;
	struct pm_risk *risks = NULL;
	struct pm_kpi *kpi = NULL;
	struct pm_team *team = NULL;
	struct pm_review *review = NULL;
	struct pm_selection *sel = NULL;
	struct pm_map *map = NULL;
	struct pm_select_opts so;
	struct pm_filter f = { key, NULL };
	struct pm_error err;
	char *svg = NULL, *msgs = NULL, *html = NULL;
	size_t nnext = 0, nrisks = 0, npaths = 0, svglen, i;
	int rc = EXIT_ERR;

	if (pm_account_load(c->st, key, &p, 0, &a, &err) < 0)
		goto fail;
	if ((rc = pm_store_select(c->st, PM_T_PLAN, &f, on_section, &plan, &err)) < 0) {
		if (rc == PM_ENOMEM)
			pm_error_set(&err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	/* the best paths to the three most powerful decision makers */
	for (i = 0; i < a->n && npaths < 3; i++) {
		const struct pm_person *pr = &a->rank->view->people[a->rank->order[i]];
		struct pm_paths_opts po;
		if (pr->role_id != PM_ROLE_ECONOMIC_BUYER && pr->role_id != PM_ROLE_DECISION_MAKER)
			continue;
		pm_paths_opts_default(&po);
		po.k = 2;
		if (pm_paths(c->st, pr->key, &p, &po, &paths[npaths], &err) < 0)
			goto fail;
		npaths++;
	}
	pm_select_opts_default(&so);
	so.min_power = 0.2;
	if (pm_next(c->st, a, &p, 5, 0, &next, &nnext, &err) < 0 ||
	    pm_risks(c->st, a, &p, &risks, &nrisks, &err) < 0 ||
	    pm_kpi(c->st, key, &p, NULL, &kpi, &err) < 0 ||
	    pm_team(c->st, a, &p, &team, &err) < 0 ||
	    pm_review(c->st, a, key, &p, NULL, &review, &err) < 0)
		goto fail;
	/* a page shows at most REPORT_MAP_PEOPLE of the account: the most powerful */
	if (a->n > REPORT_MAP_PEOPLE &&
	    a->rank->e[a->rank->order[REPORT_MAP_PEOPLE - 1]].score > so.min_power)
		so.min_power = a->rank->e[a->rank->order[REPORT_MAP_PEOPLE - 1]].score;
	if (a->n && (pm_select_map(c->st, a->rank, npaths ? paths[0] : NULL, &so, &sel, &err) < 0 ||
		     pm_map_build(sel, &p, c->lang == PM_LANG_JA ? "ja" : "en", &map, &err) < 0 ||
		     pm_map_render(map, "dot", "svg", &svg, &svglen, &msgs, &err) < 0))
		goto fail;
	memset(&r, 0, sizeof(r));
	r.account = key;
	r.account_name = a->rank->account_name;
	r.as_of = p.as_of;
	r.ja = c->lang == PM_LANG_JA;
	r.plan = plan.s;
	r.nplan = plan.n;
	r.a = a;
	r.paths = (const struct pm_paths *const *)paths;
	r.npaths = npaths;
	r.next = next;
	r.nnext = nnext;
	r.risks = risks;
	r.nrisks = nrisks;
	r.kpi = kpi;
	r.team = team;
	r.review = review;
	r.map_svg = svg;
	if (pm_report_html(&r, &html, &err) < 0)
		goto fail;
	if (write_private(out, html, &err) < 0) {
		rc = cli_fail_err(&err);
		goto out;
	}
	if (sum) {
		struct pm_strbuf b = PM_STRBUF_INIT;
		char m[64];
		for (i = 0; i < kpi->nmoney; i++)
			if (kpi->money[i].pipeline != 0)
				pm_strbuf_addf(&b, "%s%s %s", b.len ? ", " : "",
					       pm_money_format(m, sizeof(m), kpi->money[i].pipeline,
							       kpi->money[i].currency),
					       kpi->money[i].currency);
		sum->pipeline = pm_strbuf_detach(&b);
		sum->top_risk = nrisks ? strdup(risks[0].title) : NULL;
		sum->top_severity = nrisks ? risks[0].severity : NULL;
		sum->nrisks = nrisks;
	}
	rc = EXIT_OK;
	goto out;
fail:
	rc = cli_fail_err(&err);
out:
	for (i = 0; i < plan.n; i++) {
		free((char *)plan.s[i].section);
		free((char *)plan.s[i].text);
	}
	free(plan.s);
	for (i = 0; i < 3; i++)
		pm_paths_free(paths[i]);
	pm_next_free(next, nnext);
	pm_risks_free(risks, nrisks);
	pm_kpi_free(kpi);
	pm_team_free(team);
	pm_review_free(review);
	pm_map_free(map);
	pm_selection_free(sel);
	pm_account_free(a);
	free(svg);
	free(msgs);
	free(html);
	return rc;
}

/* report --all: the accounts chosen, their summaries as they come back. */
struct all {
	const struct pm_params *p;
	const char *dir;
	const struct pm_portfolio *pf;
	size_t *pick;              /* indexes into pf->a, best first */
	size_t n;
	struct summary *sums;      /* per pick; its pipeline is set once its report is written */
};

/*
 * Write pick k's report (in a worker process) and its summary into out:
 * risks, a flag (1: a top risk), severity, pipeline and top risk, each
 * ending in NUL.
 */
static int all_work(struct cli *c, size_t k, struct pm_strbuf *out, void *ctx)
{
	struct all *x = ctx;
	const struct pm_account_score *a = &x->pf->a[x->pick[k]];
	struct summary sum = { NULL, NULL, NULL, 0 };
	struct pm_strbuf path = PM_STRBUF_INIT;
	int rc;

	/* a worker's own store is set up for the parameters */
	if ((rc = cli_params_ready(c, x->p)) != EXIT_OK)
		return rc;
	pm_strbuf_addf(&path, "%s/%s.html", x->dir, a->key);
	rc = write_report(c, a->key, x->p, pm_strbuf_str(&path), &sum);
	if (rc == EXIT_OK) {
		pm_strbuf_addf(out, "%zu%c%d%c%s%c%s%c%s%c", sum.nrisks, 0, sum.top_risk != NULL, 0,
			       sum.top_severity ? sum.top_severity : "", 0,
			       sum.pipeline ? sum.pipeline : "", 0, sum.top_risk ? sum.top_risk : "", 0);
	}
	free(sum.pipeline);
	free(sum.top_risk);
	pm_strbuf_release(&path);
	return rc;
}

/* A summary back from all_work: kept for the index, the report's path printed. */
static int all_done(size_t k, const char *data, size_t len, void *ctx)
{
	struct all *x = ctx;
	struct summary *s = &x->sums[k];
	const char *f[5], *end = data + len;
	int i;

	for (i = 0; i < 5; i++) {
		const char *nul = memchr(data, '\0', (size_t)(end - data));
		if (!nul)
			return -1;
		f[i] = data;
		data = nul + 1;
	}
	s->nrisks = strtoul(f[0], NULL, 10);
	s->top_severity = !strcmp(f[2], "high") ? "high" : "medium";
	if (!(s->pipeline = strdup(f[3])) || (f[1][0] == '1' && !(s->top_risk = strdup(f[4]))))
		return -1;
	printf("%s/%s.html\n", x->dir, x->pf->a[x->pick[k]].key);
	fflush(stdout);
	return 0;
}

/*
 * Every customer account's report into dir, best target first (with
 * plan_next: the best that many with no plan yet, as accounts --plan-next
 * picks them), on `jobs` worker processes, and an index of them
 * (pm_report_index_html).
 */
static int write_all(struct cli *c, const struct pm_params *p, const char *dir, size_t plan_next,
		     int jobs, int progress)
{
	struct cli_rank_progress pr = { "report", { 0, 0 }, 0 };
	struct pm_portfolio_opts o;
	struct pm_portfolio *pf = NULL;
	struct pm_report_index ix = { p->as_of, c->lang == PM_LANG_JA, plan_next > 0, NULL, 0, 0 };
	struct pm_report_index_row *rows = NULL;
	struct all x = { p, dir, NULL, NULL, 0, NULL };
	struct pm_strbuf path = PM_STRBUF_INIT;
	struct pm_error err;
	char **files = NULL, *html = NULL;
	size_t i;
	int rc = EXIT_OK;

	pm_portfolio_opts_default(&o, p);
	o.top = plan_next;
	o.no_plan = plan_next > 0;
	if (progress) {
		/* ranking the accounts comes first: on L, 16 s when nothing is cached (with
		 * --plan-next, only those that can be among the N: a few seconds) */
		clock_gettime(CLOCK_MONOTONIC, &pr.t0);
		o.progress = cli_rank_progress_show;
		o.progress_ctx = &pr;
	}
	if (pm_portfolio(c->st, p, &o, &pf, &err) < 0)
		return cli_fail_err(&err);
	if (progress)
		cli_rank_progress_end(&pr, pf->ranked, pf->n);
	x.pf = pf;
	if (!(rows = calloc(pf->n + 1, sizeof(*rows))) ||
	    !(x.sums = calloc(pf->n + 1, sizeof(*x.sums))) ||
	    !(x.pick = calloc(pf->n + 1, sizeof(*x.pick))) ||
	    !(files = calloc(pf->n + 1, sizeof(*files)))) {
		rc = cli_fail("out of memory");
		goto out;
	}
	for (i = 0; i < pf->n && (!plan_next || x.n < plan_next); i++) {
		const struct pm_account_score *a = &pf->a[pf->order[i]];
		if (!pm_portfolio_wanted(&o, a))
			continue;
		if (!plan_next && !a->people) {   /* a target list's look-alike: no page yet */
			ix.no_people++;
			continue;
		}
		x.pick[x.n++] = pf->order[i];
	}
	if (pm_private_dir(dir, &err) < 0) {
		rc = cli_fail_err(&err);
		goto out;
	}
	/* each report in a process of its own: the same file for any --jobs */
	rc = cli_workers_run(c, x.n, jobs ? jobs : cli_workers_default(x.n), all_work, all_done, &x);
	for (i = 0; i < x.n && rc == EXIT_OK; i++) {
		const char *key = pf->a[x.pick[i]].key;
		int done = x.sums[i].pipeline != NULL;
		if (!done || !(files[i] = malloc(strlen(key) + 6))) {
			rc = cli_fail(done ? "out of memory" : "a report of %s is missing", key);
			break;
		}
		sprintf(files[i], "%s.html", key);
		rows[i] = (struct pm_report_index_row){ &pf->a[x.pick[i]], files[i],
							x.sums[i].pipeline, x.sums[i].top_risk,
							x.sums[i].top_severity, x.sums[i].nrisks };
	}
	ix.rows = rows;
	ix.n = x.n;
	pm_strbuf_addf(&path, "%s/index.html", dir);
	if (rc == EXIT_OK && (pm_report_index_html(&ix, &html, &err) < 0 ||
			      write_private(pm_strbuf_str(&path), html, &err) < 0))
		rc = cli_fail_err(&err);
	else if (rc == EXIT_OK)
		printf(TR(c, "wrote %s and %zu account plans\n", "%s と %zu 件のアカウントプランを書きました\n"),
		       pm_strbuf_str(&path), x.n);
	if (rc == EXIT_OK && ix.no_people)
		printf(TR(c, "%zu accounts with no people on the map yet have none (powermap "
			  "accounts --top 0 ranks them)\n", "人物が未登録の %zu 社はプランなし"
			  "（powermap accounts --top 0 で順位を見られます）\n"), ix.no_people);
out:
	for (i = 0; x.sums && files && i < pf->n; i++) {
		free(x.sums[i].pipeline);
		free(x.sums[i].top_risk);
		free(files[i]);
	}
	free(x.sums);
	free(x.pick);
	free(files);
	free(rows);
	free(html);
	pm_portfolio_free(pf);
	pm_strbuf_release(&path);
	return rc;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "plan-next", required_argument, NULL, 'P' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "progress", no_argument, NULL, 'p' },
		{ "no-progress", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct pm_params p;
	struct pm_error err;
	const char *out = NULL;
	char *key = NULL;
	int64_t id;
	size_t plan_next = 0;
	char *end;
	int ch, all = 0, jobs = 0, progress = isatty(STDERR_FILENO), rc;

	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'a': all = 1; break;
		case 'P':
			cli_fold_number(optarg);
			plan_next = strtoul(optarg, &end, 10);
			if (*end || !plan_next || optarg[0] < '0' || optarg[0] > '9')
				return cli_usage("report", "--plan-next '%s' is not a positive number", optarg);
			break;
		case 'J':
			cli_fold_number(optarg);
			jobs = (int)strtol(optarg, &end, 10);
			if (*end || jobs < 1 || jobs > 16 || optarg[0] < '0' || optarg[0] > '9')
				return cli_usage("report", "--jobs '%s' is not a number from 1 to 16", optarg);
			break;
		case 'p': progress = 1; break;
		case 'q': progress = 0; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default:
			rc = cli_params_option("report", ch, optarg, &p);
			if (rc <= 0)
				return rc < 0 ? EXIT_USAGE : cli_bad_option("report", argv);
		}
	}
	if (!out)
		return cli_usage("report", "give the HTML file (or, with --all, the folder) with -o");
	if (plan_next && !all)
		return cli_usage("report", "--plan-next goes with --all");
	if (jobs && !all)
		return cli_usage("report", "--jobs goes with --all");
	if (cli_params_ready(c, &p) != EXIT_OK)
		return EXIT_ERR;
	if (all) {
		if (optind != argc)
			return cli_usage("report", "--all names no account");
		return write_all(c, &p, out, plan_next, jobs, progress);
	}
	if (optind + 1 != argc)
		return cli_usage("report", "name one account, or --all");
	if (pm_store_org_resolve(c->st, argv[optind], &id, &key, &err) < 0)
		return cli_fail_err(&err);
	rc = write_report(c, key, &p, out, NULL);
	if (rc == EXIT_OK)
		printf(TR(c, "wrote %s (the account plan of %s)\n",
			  "%s を書きました（%s のアカウントプラン）\n"), out, key);
	free(key);
	return rc;
}
