/* powermap review — what changed in an account since a date or the last review. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/review.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap review kanto-seiki --mark\n" \
	"  powermap review kanto-seiki --since 2026-11-01\n"

static const char help[] =
	"usage: powermap [--db FILE] review ACCOUNT [--since DATE] [--mark] [--json]\n"
	"                                 [--as-of DATE] [--half-life DAYS] [--param NAME=VALUE]\n"
	"                                 [--lang ja|en]\n"
	"\n"
	"What changed in the account: the history of its people, ties, deals,\n"
	"actions, plan sections and orgs since --since (default: since the last\n"
	"review mark), and today's power ranking, risks and KPIs against the last\n"
	"mark made at or before that date: rank movements, new and resolved risks,\n"
	"pipeline, weighted pipeline and wins per currency, stalled deals. --mark\n"
	"records a review point (ranking, KPIs, risks) after showing the review, so\n"
	"the next review compares against it.\n"
	"\n"
	"Options:\n"
	"  --since DATE        the history from DATE (and the mark made by then)\n"
	"  --mark              record this review as the next one's starting point\n"
	"  --json              JSON output\n"
	CLI_PARAM_HELP
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] review 顧客 [--since 日付] [--mark] [--json]\n"
	"                                 [--as-of 日付] [--half-life 日数] [--param 名前=値]\n"
	"                                 [--lang ja|en]\n"
	"\n"
	"顧客で何が変わったか: --since 以降（既定: 前回のレビュー記録以降）の人物・\n"
	"関係・商談・行動・計画の項目・組織の履歴と、今日の影響力の順位・危険信号・\n"
	"KPI を、その日付までに記録した最後のレビューと比べます: 順位の変動、新しい\n"
	"危険信号と解消したもの、通貨ごとのパイプライン・加重パイプライン・受注、\n"
	"停滞案件。--mark を付けると、表示の後にレビューの時点（順位、KPI、危険信号）\n"
	"を記録し、次回のレビューはそれと比べます。\n"
	"\n"
	"オプション:\n"
	"  --since DATE        この日付からの履歴（と、それまでに記録したレビュー）\n"
	"  --mark              今回のレビューを次回の起点として記録する\n"
	"  --json              JSON で出力\n"
	CLI_PARAM_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

static json_t *as_json(const struct pm_review *r, const char *account)
{
	json_t *o = json_object(), *ch = json_array(), *mv = json_array(), *rn = json_array();
	json_t *rr = json_array(), *kp = json_array();
	size_t i;

	json_object_set_new(o, "account", json_string(account));
	json_object_set_new(o, "since", *r->since ? json_string(r->since) : json_null());
	json_object_set_new(o, "mark", *r->mark_at ? json_string(r->mark_at) : json_null());
	for (i = 0; i < r->nchanges; i++) {
		const struct pm_review_change *c = &r->changes[i];
		json_array_append_new(ch, json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}",
			"at", c->at, "entity", c->entity, "subject", c->subject, "action", c->action,
			"field", c->field, "old", c->old_value, "new", c->new_value));
	}
	for (i = 0; i < r->nmoves; i++) {
		const struct pm_review_move *m = &r->moves[i];
		json_array_append_new(mv, json_pack("{s:s, s:s, s:i, s:i, s:f, s:f}", "key", m->key,
			"name", m->name, "rank_then", m->rank_then, "rank_now", m->rank_now,
			"score_then", m->score_then, "score_now", m->score_now));
	}
	for (i = 0; i < r->nnew; i++)
		json_array_append_new(rn, json_string(r->risks_new[i]));
	for (i = 0; i < r->nresolved; i++)
		json_array_append_new(rr, json_string(r->risks_resolved[i]));
	for (i = 0; i < r->nmoney; i++) {
		const struct pm_review_money *m = &r->money[i];
		json_array_append_new(kp, json_pack("{s:s, s:[f,f], s:[f,f], s:[f,f]}", "currency",
			m->currency, "pipeline", m->pipeline[0], m->pipeline[1], "weighted",
			m->weighted[0], m->weighted[1], "won", m->won[0], m->won[1]));
	}
	json_object_set_new(o, "changes", ch);
	json_object_set_new(o, "rank_moves", mv);
	json_object_set_new(o, "risks_new", rn);
	json_object_set_new(o, "risks_resolved", rr);
	json_object_set_new(o, "kpi", kp);
	json_object_set_new(o, "stalled", json_pack("[i,i]", (int)r->stalled[0], (int)r->stalled[1]));
	return o;
}

/* Spaces that pad text s to `width` columns (0 when wider). */
static int pad(const char *s, size_t width)
{
	size_t w = cli_display_width(s);

	return w < width ? (int)(width - w) : 0;
}

static void print_review(const struct cli *c, const struct pm_review *r, const char *account)
{
	char at[64];
	size_t i;

	printf(TR(c, "Review of %s", "%s のレビュー"), account);
	if (*r->since)
		printf(TR(c, " since %s", "（%s 以降）"), cli_local_time(r->since, at, sizeof(at)));
	putchar('\n');
	if (!*r->mark_at)
		printf("%s", TR(c, "(no review mark yet: 'powermap review ACCOUNT --mark' records "
				"one; only the history is shown)\n", "（まだレビューの記録がありません。"
				"--mark で記録すると次回から比較します）\n"));
	else
		printf(TR(c, "compared with the review of %s\n", "%s のレビューと比較\n"),
		       cli_local_time(r->mark_at, at, sizeof(at)));
	printf(TR(c, "\nChanges (%zu):\n", "\n変更（%zu 件）:\n"), r->nchanges);
	for (i = 0; i < r->nchanges; i++) {
		const struct pm_review_change *x = &r->changes[i];
		const char *op = cli_history_operation(c, x->action);
		const char *what = cli_history_entity(c, x->entity);
		char change[1024], subject[512];
		printf("  %s  %s%*s %s%*s %s", cli_local_time(x->at, at, sizeof(at)), op, pad(op, 6),
		       "", what, pad(what, 11), "",
		       cli_history_subject(c, x->entity, x->subject, subject, sizeof(subject)));
		if (x->field)
			printf(": %s", cli_history_change(c, x->entity, x->field, x->old_value,
							 x->new_value, " ", change, sizeof(change)));
		else if (x->new_value)
			printf(" — %s", cli_history_note(c, x->action, x->new_value, change,
							  sizeof(change)));
		putchar('\n');
	}
	if (!*r->mark_at)
		return;
	printf(TR(c, "\nRank movements (%zu):\n", "\n順位の変動（%zu 人）:\n"), r->nmoves);
	for (i = 0; i < r->nmoves; i++) {
		const struct pm_review_move *m = &r->moves[i];
		if (m->rank_then)
			printf(TR(c, "  %s: %d -> %d (power %.2f -> %.2f)\n",
				  "  %s: %d 位 -> %d 位（影響力 %.2f -> %.2f）\n"), m->name, m->rank_then,
			       m->rank_now, m->score_then, m->score_now);
		else
			printf(TR(c, "  %s: new, %d (power %.2f)\n", "  %s: 新規 %d 位（影響力 %.2f）\n"),
			       m->name, m->rank_now, m->score_now);
	}
	printf(TR(c, "\nNew risks (%zu):\n", "\n新しい危険信号（%zu 件）:\n"), r->nnew);
	for (i = 0; i < r->nnew; i++)
		printf("  %s\n", r->risks_new[i]);
	printf(TR(c, "\nResolved risks (%zu):\n", "\n解消した危険信号（%zu 件）:\n"), r->nresolved);
	for (i = 0; i < r->nresolved; i++)
		printf("  %s\n", r->risks_resolved[i]);
	printf("%s", TR(c, "\nKPIs (then -> now):\n", "\nKPI（前回 -> 今回）:\n"));
	for (i = 0; i < r->nmoney; i++) {
		const struct pm_review_money *m = &r->money[i];
		char b[6][64];
		printf(TR(c, "  %s pipeline %s -> %s, weighted %s -> %s, won %s -> %s\n",
			  "  %s パイプライン %s -> %s、加重 %s -> %s、受注 %s -> %s\n"),
		       *m->currency ? m->currency : "?",
		       pm_money_format(b[0], 64, m->pipeline[0], m->currency),
		       pm_money_format(b[1], 64, m->pipeline[1], m->currency),
		       pm_money_format(b[2], 64, m->weighted[0], m->currency),
		       pm_money_format(b[3], 64, m->weighted[1], m->currency),
		       pm_money_format(b[4], 64, m->won[0], m->currency),
		       pm_money_format(b[5], 64, m->won[1], m->currency));
	}
	printf(TR(c, "  stalled deals %zu -> %zu\n", "  停滞案件 %zu -> %zu\n"), r->stalled[0],
	       r->stalled[1]);
}

int cmd_review(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "mark", no_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *since = NULL;
	char since_day[11];
	struct pm_params p;
	struct pm_account *a = NULL;
	struct pm_review *r = NULL;
	struct pm_error err;
	char *key = NULL;
	int64_t id;
	int ch, json = 0, mark = 0, rc;

	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (cli_date_arg(optarg, since_day) < 0)
				return cli_usage("review", "--since '%s' is not a date (YYYY-MM-DD)",
						 optarg);
			since = since_day;
			break;
		case 'm': mark = 1; break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default:
			rc = cli_params_option("review", ch, optarg, &p);
			if (rc <= 0)
				return rc < 0 ? EXIT_USAGE : cli_bad_option("review", argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("review", "name one account");
	if (cli_params_ready(c, &p) != EXIT_OK)
		return EXIT_ERR;
	if (pm_store_org_resolve(c->st, argv[optind], &id, &key, &err) < 0 ||
	    pm_account_load(c->st, key, &p, 0, &a, &err) < 0 ||
	    pm_review(c->st, a, key, &p, since, &r, &err) < 0) {
		rc = cli_fail_err(&err);
		goto out;
	}
	if (json)
		rc = cli_print_json(as_json(r, key));
	else
		print_review(c, r, key), rc = EXIT_OK;
	if (mark && rc == EXIT_OK) {
		if (pm_store_begin(c->st, &err) < 0 || pm_review_mark(c->st, a, key, &p, &err) < 0 ||
		    pm_store_commit(c->st, &err) < 0) {
			pm_store_rollback(c->st);
			rc = cli_fail_err(&err);
			goto out;
		}
		if (!json)
			printf(TR(c, "\nrecorded this review of %s (%s)\n", "\n%s のレビューを記録しました（%s）\n"),
			       key, pm_store_now(c->st));
	}
out:
	pm_review_free(r);
	pm_account_free(a);
	free(key);
	return rc;
}
