/* powermap reach — coverage: the best warm path to every powerful person. */
#include <stdio.h>
#include "powermap/json.h"
#include "powermap/kit.h"
#include "account_cmd.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap reach kanto-seiki --min-power 0.3\n"

static const char help[] =
	"usage: powermap [--db FILE] reach ACCOUNT [--min-power X] [--top N] [--json]\n"
	"                                 [--as-of DATE] [--half-life DAYS] [--param NAME=VALUE]\n"
	"                                 [--lang ja|en]\n"
	"\n"
	"Coverage of the account: every person with power score at least X (default\n"
	"0.25), by power, with the strength of the best warm path, our person who\n"
	"holds its first tie, the introducer at the customer (empty on a direct\n"
	"tie) and hops, or 'cold' when no warm path exists within max_hops. The\n"
	"paths follow the rules of 'powermap paths': they start at our side.\n"
	"\n"
	"Options:\n"
	"  --min-power X       power threshold (0 to 1, default 0.25)\n"
	ACCOUNT_OPTIONS_HELP
	"\n"
	"Example:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] reach 顧客 [--min-power X] [--top N] [--json]\n"
	"                                 [--as-of 日付] [--half-life 日数] [--param 名前=値]\n"
	"                                 [--lang ja|en]\n"
	"\n"
	"顧客の網羅度: 影響力が X（既定 0.25）以上の全員を影響力の順に、最良の紹介\n"
	"経路の強さ、その最初の関係を持つ当方の人、顧客側の紹介者（直接の関係なら空）、\n"
	"関係の数とともに示します。max_hops 以内に紹介経路がなければ「コールド」。\n"
	"経路は 'powermap paths' と同じ規則に従い、当方から始まります。\n"
	"\n"
	"オプション:\n"
	"  --min-power X       影響力のしきい値（0〜1、既定 0.25）\n"
	ACCOUNT_OPTIONS_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

int cmd_reach(struct cli *c, int argc, char **argv)
{
	static const char *const header_en[] = { "#", "name", "title", "power", "warm", "ours",
						 "introducer", "hops", "engaged" };
	static const char *const header_ja[] = { "#", "氏名", "役職", "影響力", "経路", "当方",
						 "紹介者", "ホップ", "関与" };
	struct account_cmd ac;
	struct pm_error err;
	struct cli_table *t = NULL;
	json_t *arr = NULL;
	size_t i, shown = 0;
	int *wanted, rc;

	if ((rc = cli_account_begin(c, "reach", help, help_ja, argc, argv, 0, &ac)) != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (ac.min_power < 0)
		ac.min_power = 0.25;
	/*
	 * A path search per person shown (about 10-50 ms each inside a large
	 * network) while they are few; one search over the account's whole
	 * corridor when many are wanted.
	 */
	if (!(wanted = malloc((ac.a->n + 1) * sizeof(*wanted)))) {
		cli_account_end(&ac);
		return cli_fail("out of memory");
	}
	for (i = 0; i < ac.a->n && shown < ac.top; i++)
		if (ac.a->rank->e[ac.a->rank->order[i]].score >= ac.min_power)
			wanted[shown++] = ac.a->rank->order[i];
	/* the few found ahead, on two threads when they can be */
	if (pm_account_plan_paths(c->st, ac.a, ac.account, &ac.p, shown, &err) < 0 ||
	    pm_account_paths_ahead(c->st, ac.a, &ac.p, wanted, shown, &err) < 0) {
		free(wanted);
		cli_account_end(&ac);
		return cli_fail_err(&err);
	}
	free(wanted);
	shown = 0;
	if (ac.json)
		arr = json_array();
	else
		t = cli_table_new(9, TR(c, header_en, header_ja));
	for (i = 0; i < ac.a->n && shown < ac.top; i++) {
		int v = ac.a->rank->order[i];
		const struct pm_person *pp = &ac.a->rank->view->people[v], *ours, *intro;
		const struct pm_path *b;
		const struct pm_view *pv;
		double power = ac.a->rank->e[v].score;
		char n1[24], n2[24], n3[24], n4[24];
		if (power < ac.min_power)
			continue;
		if (pm_account_path(c->st, ac.a, &ac.p, (size_t)v, &pv, &b, &err) < 0) {
			json_decref(arr);
			cli_table_free(t);
			cli_account_end(&ac);
			return cli_fail_err(&err);
		}
		ours = b->len >= 2 ? &pv->people[b->nodes[0]] : NULL;
		intro = pm_path_introducer(b) >= 0 ? &pv->people[pm_path_introducer(b)] : NULL;
		shown++;
		if (arr) {
			json_t *e = pm_json_person(pp);
			json_object_set_new(e, "power", json_real(power));
			json_object_set_new(e, "engaged", json_boolean(ac.a->engaged[v]));
			json_object_set_new(e, "path", ours ? pm_json_path(pv, b)
					    : json_null());
			json_array_append_new(arr, e);
			continue;
		}
		snprintf(n1, sizeof(n1), "%zu", shown);
		if (ours)
			snprintf(n3, sizeof(n3), "%d", b->len - 1);
		{
			const char *cells[] = { n1, pp->name, pp->title, cli_num(n2, sizeof(n2), power),
						ours ? cli_num(n4, sizeof(n4), b->score)
						     : TR(c, "cold", "なし"),
						ours ? ours->name : "",
						intro ? intro->name : "",
						ours ? n3 : "",
						ac.a->engaged[v] ? TR(c, "yes", "済") : "" };
			cli_table_add(t, cells);
		}
	}
	if (arr) {
		json_t *o = json_object();
		json_object_set_new(o, "account", json_string(ac.account));
		json_object_set_new(o, "as_of", json_string(ac.p.as_of));
		json_object_set_new(o, "min_power", json_real(ac.min_power));
		json_object_set_new(o, "people", arr);
		rc = cli_print_json(o);
	} else {
		if (shown)
			cli_table_print(t, stdout, CLI_WIDTH);
		else
			printf(TR(c, "nobody in %s has power %.2f or more\n",
				  "%s に影響力 %.2f 以上の人はいません\n"), ac.account, ac.min_power);
		cli_table_free(t);
	}
	cli_account_end(&ac);
	return rc;
}
