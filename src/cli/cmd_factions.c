/* powermap factions — coalitions in an account (Leiden communities). */
#include <math.h>
#include <stdio.h>
#include "powermap/model.h"
#include "powermap/json.h"
#include "account_cmd.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap factions kanto-seiki\n"

static const char help[] =
	"usage: powermap [--db FILE] factions ACCOUNT [--top N] [--json] [--as-of DATE]\n"
	"                                    [--half-life DAYS] [--param N=V] [--lang ja|en]\n"
	"\n"
	"Coalitions in the account: Leiden communities (modularity, reproducible\n"
	"seed) over who sways whom and who knows whom; reporting lines weigh little\n"
	"(0.2), so the coalitions are the informal ones, not the org chart. Per\n"
	"faction: members by power, summed power, and mean stance (+2 champion ...\n"
	"-2 opponent, over members whose stance is known). Says plainly when the\n"
	"factions still follow the departments (NMI 0.7 or more).\n"
	"\n"
	"Options:\n"
	ACCOUNT_OPTIONS_HELP_DECAY
	"\n"
	"Example:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] factions 顧客 [--top N] [--json] [--as-of 日付]\n"
	"                                    [--half-life 日数] [--param N=V] [--lang ja|en]\n"
	"\n"
	"顧客の中の派閥: 誰が誰を動かすか・誰が誰を知っているかの上の Leiden 法の\n"
	"コミュニティ（モジュラリティ、再現できる乱数の種）。報告ラインの重みは小さい\n"
	"（0.2）ので、派閥は組織図ではなく非公式なつながりを表します。派閥ごとに、\n"
	"影響力の順のメンバー、影響力の合計、平均の姿勢（+2 チャンピオン … -2 反対者、\n"
	"姿勢が分かっているメンバーで平均）を示します。派閥がまだ部署どおり（NMI が\n"
	"0.7 以上）なら、そう明記します。\n"
	"\n"
	"オプション:\n"
	"  --top N             先頭の N 派閥だけ表示する\n"
	"  --json              JSON で出力\n"
	CLI_PARAM_HELP_DECAY_JA
	"\n"
	"例:\n"
	EXAMPLES;

static const char *stance_word(const struct cli *c, double s, int known)
{
	if (!known)
		return TR(c, "unknown", "不明");
	if (s >= 1.0) return TR(c, "favourable", "好意的");
	if (s > 0.25) return TR(c, "leaning favourable", "やや好意的");
	if (s >= -0.25) return TR(c, "neutral", "中立");
	if (s > -1.0) return TR(c, "leaning against", "やや否定的");
	return TR(c, "against", "否定的");
}

int cmd_factions(struct cli *c, int argc, char **argv)
{
	struct account_cmd ac;
	struct pm_factions *f = NULL;
	struct pm_error err;
	size_t i, j, singles = 0;
	int rc;

	if ((rc = cli_account_begin(c, "factions", help, help_ja, argc, argv, 0, &ac)) != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (pm_factions(ac.a, &ac.p, &f, &err) < 0) {
		cli_account_end(&ac);
		return cli_fail_err(&err);
	}
	if (ac.json) {
		rc = cli_print_json(pm_json_factions(ac.a, ac.account, f, ac.top));
	} else {
		printf(TR(c, "%zu factions in %s (modularity %.2f)\n",
			  "%zu 派閥（%s、モジュラリティ %.2f）\n"), f->n, ac.account, f->modularity);
		if (f->departments_nmi >= PM_FACTIONS_FOLLOW_DEPTS)
			printf(TR(c, "These factions mostly follow the departments (NMI %.2f): the "
				  "informal ties add little to the org chart here.\n",
				  "派閥はほぼ部署どおりです（NMI %.2f）。非公式な関係は組織図以上のことを"
				  "ほとんど示していません。\n"), floor(f->departments_nmi * 100) / 100);
		else if (f->departments_nmi >= 0)
			printf(TR(c, "These factions cut across the departments (NMI %.2f with the "
				  "departments).\n", "派閥は部署をまたいでいます（部署との NMI %.2f）。\n"),
			       floor(f->departments_nmi * 100) / 100);
		for (i = 0; i < f->n && i < ac.top; i++) {
			const struct pm_faction *x = &f->f[i];
			if (x->n == 1) {
				singles++;
				continue;
			}
			printf(TR(c, "\nFaction %zu: %zu people, power %.2f, stance %s",
				  "\n派閥 %zu: %zu 人、影響力 %.2f、スタンス %s"), i + 1 - singles, x->n,
			       x->power, stance_word(c, x->stance, x->nknown));
			if (x->nknown && c->lang == PM_LANG_JA)
				printf("（%d 人の平均 %+.2f）", x->nknown, x->stance);
			else if (x->nknown)
				printf(" (%+.2f over %d)", x->stance, x->nknown);
			printf("\n  ");
			for (j = 0; j < x->n; j++) {
				const struct pm_person *pp = &ac.a->rank->view->people[x->members[j]];
				printf("%s%s", j ? ", " : "", pp->name);
				if (j < 3 && pp->stance_id != PM_STANCE_UNKNOWN)
					printf(" (%s)", pm_stance_label(pp->stance_id,
									c->lang == PM_LANG_JA));
			}
			putchar('\n');
		}
		if (singles)
			printf(TR(c, "\n%zu people stand alone (no ties within the account).\n",
				  "\n%zu 人は孤立（社内に関係なし）。\n"), singles);
		rc = EXIT_OK;
	}
	pm_factions_free(f);
	cli_account_end(&ac);
	return rc;
}
