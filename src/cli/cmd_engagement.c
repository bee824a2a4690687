/* powermap engagement — who is interested and who went quiet, per person. */
#include <stdio.h>
#include <stdlib.h>
#include "powermap/engagement.h"
#include "account_cmd.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap engagement kanto-seiki\n" \
	"  powermap engagement kanto-seiki --min-power 0 --json\n"

static const char help[] =
	"usage: powermap [--db FILE] engagement ACCOUNT [--min-power X] [--top N] [--json]\n"
	"                                       [--as-of DATE] [--half-life DAYS]\n"
	"                                       [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"Per person of the account (power at least --min-power, default key_power\n"
	"0.5, or anyone we were in touch with): meetings, calls, replies, unanswered\n"
	"emails and DMs, document views, the minutes recorded, the last interaction,\n"
	"and the trend of two-way contact days: rising (more per 30 days lately\n"
	"than in the 60 days before), steady, quiet (contact in the last 90 days,\n"
	"none in the last 30) or none. A reply, a meeting or a call is engagement;\n"
	"an unanswered email or a document view is only a touch.\n"
	"\n"
	"Options:\n"
	"  --min-power X       people of power X or more (default key_power, 0.5)\n"
	ACCOUNT_OPTIONS_HELP
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] engagement 顧客 [--min-power X] [--top N] [--json]\n"
	"                                       [--as-of 日付] [--half-life 日数]\n"
	"                                       [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"顧客の人ごとに（影響力が --min-power 以上、既定は key_power の 0.5。または\n"
	"接触したことのある人）: 面談、電話、返信、返信のないメールと DM、資料の閲覧、\n"
	"記録された分数、最後の接触、双方向の接触日の傾向: 上昇（直近 30 日あたりの\n"
	"日数がその前の 60 日より多い）、安定、停滞（90 日以内に接触があり、直近 30 日\n"
	"にはない）、なし。返信・面談・電話は関与、返信のないメールや資料の閲覧は\n"
	"接触にすぎません。\n"
	"\n"
	"オプション:\n"
	"  --min-power X       影響力が X 以上の人（既定 key_power、0.5）\n"
	ACCOUNT_OPTIONS_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

static int shown(const struct pm_engagement *e, double power, double min_power)
{
	return power >= min_power || e->meetings || e->calls || e->replies || e->unanswered ||
	       e->views || e->other;
}

int cmd_engagement(struct cli *c, int argc, char **argv)
{
	static const char *const header[] = { "name", "power", "trend", "30d", "90d", "meet",
					      "call", "reply", "unans", "view", "min", "last" };
	static const char *const header_ja[] = { "氏名", "影響力", "傾向", "30日", "90日", "面談",
						 "電話", "返信", "未返信", "閲覧", "分", "最終" };
	static const char *const trend_ja[] = { "なし", "停滞", "安定", "上昇" };
	struct account_cmd ac;
	const struct pm_engagement *e;
	struct cli_table *t = NULL;
	json_t *arr = NULL;
	size_t i, count = 0;
	int rc;

	if ((rc = cli_account_begin(c, "engagement", help, help_ja, argc, argv, 0, &ac)) != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (ac.min_power < 0)
		ac.min_power = ac.p.key_power;
	e = ac.a->eng;   /* read with the account */
	if (ac.json)
		arr = json_array();
	else
		t = cli_table_new(12, TR(c, header, header_ja));
	for (i = 0; i < ac.a->n && count < ac.top; i++) {
		int v = ac.a->rank->order[i];
		const struct pm_engagement *x = &e[v];
		const struct pm_person *pp = &ac.a->rank->view->people[v];
		double power = ac.a->rank->e[v].score;
		char b[10][24], last[24];
		if (!shown(x, power, ac.min_power))
			continue;
		count++;
		if (arr) {
			json_t *o = json_object();
			json_object_set_new(o, "key", json_string(pp->key));
			json_object_set_new(o, "name", json_string(pp->name));
			json_object_set_new(o, "power", json_real(power));
			json_object_set_new(o, "trend", json_string(pm_trend_name(x->trend)));
			json_object_set_new(o, "two_way_days_30", json_integer(x->two_way_30));
			json_object_set_new(o, "two_way_days_90", json_integer(x->two_way_90));
			json_object_set_new(o, "meetings", json_integer(x->meetings));
			json_object_set_new(o, "calls", json_integer(x->calls));
			json_object_set_new(o, "replies", json_integer(x->replies));
			json_object_set_new(o, "unanswered", json_integer(x->unanswered));
			json_object_set_new(o, "views", json_integer(x->views));
			json_object_set_new(o, "minutes", json_real(x->minutes));
			json_object_set_new(o, "last", *x->last ? json_string(x->last) : json_null());
			json_object_set_new(o, "last_two_way", *x->last_two_way
					    ? json_string(x->last_two_way) : json_null());
			json_array_append_new(arr, o);
			continue;
		}
		snprintf(b[0], sizeof(b[0]), "%d", x->two_way_30);
		snprintf(b[1], sizeof(b[1]), "%d", x->two_way_90);
		snprintf(b[2], sizeof(b[2]), "%d", x->meetings);
		snprintf(b[3], sizeof(b[3]), "%d", x->calls);
		snprintf(b[4], sizeof(b[4]), "%d", x->replies);
		snprintf(b[5], sizeof(b[5]), "%d", x->unanswered);
		snprintf(b[6], sizeof(b[6]), "%d", x->views);
		snprintf(b[7], sizeof(b[7]), "%.0f", x->minutes);
		/* "2026-10-05T16:00" as people read it: "2026-10-05 16:00" */
		snprintf(last, sizeof(last), "%s", x->last);
		if (last[10] == 'T')
			last[10] = ' ';
		{
			const char *cells[] = { pp->name, cli_num(b[8], sizeof(b[8]), power),
						c->lang == PM_LANG_JA ? trend_ja[x->trend]
								      : pm_trend_name(x->trend),
						b[0], b[1], b[2], b[3], b[4],
						b[5], b[6], b[7], last };
			cli_table_add(t, cells);
		}
	}
	if (arr) {
		json_t *o = json_object();
		json_object_set_new(o, "account", json_string(ac.account));
		json_object_set_new(o, "as_of", json_string(ac.p.as_of));
		json_object_set_new(o, "people", arr);
		rc = cli_print_json(o);
	} else {
		cli_table_print(t, stdout, CLI_WIDTH);
		cli_table_free(t);
		rc = EXIT_OK;
	}
	cli_account_end(&ac);
	return rc;
}
