/* powermap strengths — knows ties' strength from the interaction history. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/strengths.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap strengths --dry-run\n" \
	"  powermap strengths --as-of 2026-11-27\n"

static const char help[] =
	"usage: powermap [--db FILE] strengths [--dry-run] [--override] [--json]\n"
	"                                      [--as-of DATE] [--half-life DAYS]\n"
	"                                      [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"Recompute the strength of the knows ties between our people and the people\n"
	"they met, from the interactions they own: contact days, not counts; each\n"
	"day counts its best contact (meeting or event 1.0, call 0.8, a reply 0.6,\n"
	"an unanswered email or DM 0.15, a document view 0), weighted by recency\n"
	"2^(-age/half_life); h = 1 - e^(-sum/2); a tie's source is its prior\n"
	"(LinkedIn 0.2, business card 0.5) and strength = 1 - (1-prior)(1-h).\n"
	"Strengths set by hand (other sources) stay unless --override. Two-way\n"
	"contact with no tie makes a tie of source 'history'. Every change goes into\n"
	"the history ('powermap log').\n"
	"\n"
	"Options:\n"
	"  --dry-run     show the changes, write nothing\n"
	"  --override    recompute strengths set by hand too\n"
	"  --json        the changes as JSON\n"
	CLI_PARAM_HELP
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] strengths [--dry-run] [--override] [--json]\n"
	"                                      [--as-of 日付] [--half-life 日数]\n"
	"                                      [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"当方の人と、その人が会った相手との knows の関係の強さを、その人が担当した\n"
	"接触から計算し直します。回数ではなく接触した日数で数え、各日はその日の最良の\n"
	"接触（面談・イベント 1.0、電話 0.8、返信 0.6、返信のないメールや DM 0.15、\n"
	"資料の閲覧 0）とし、新しさ 2^(-経過日数/half_life) で重みづけします。\n"
	"h = 1 - e^(-合計/2)。関係の出典を事前値とし（LinkedIn 0.2、名刺 0.5）、\n"
	"強さ = 1 - (1-事前値)(1-h)。手で設定した強さ（ほかの出典）は --override が\n"
	"なければそのまま。関係のない相手と双方向の接触があれば、出典 'history' の\n"
	"関係を作ります。変更はすべて履歴に残ります（'powermap log'）。\n"
	"\n"
	"オプション:\n"
	"  --dry-run     変更を示すだけで、何も書き込まない\n"
	"  --override    手で設定した強さも計算し直す\n"
	"  --json        変更を JSON で出す\n"
	CLI_PARAM_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

/* Write the changes in one transaction (history rows go with them). */
int cli_strength_put(struct cli *c, const struct pm_strength_change *ch, struct pm_error *err)
{
	const char *v[PM_TABLE_MAXCOLS] = { ch->owner_key, ch->person_key, "knows", NULL,
					    *ch->last_contact ? ch->last_contact : NULL,
					    *ch->source ? ch->source : NULL };
	char num[32];

	snprintf(num, sizeof(num), "%.2f", ch->strength);
	v[3] = num;
	return pm_store_put(c->st, PM_T_LINKS, v, PM_PUT_UPSERT, NULL, NULL, err);
}

static int apply(struct cli *c, const struct pm_strength_change *ch, size_t n,
		 struct pm_error *err)
{
	size_t i;
	int rc;

	if ((rc = pm_store_begin(c->st, err)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = cli_strength_put(c, &ch[i], err)) < 0) {
			pm_store_rollback(c->st);
			return rc;
		}
	}
	return pm_store_commit(c->st, err);
}

static json_t *as_json(const struct pm_strength_change *ch, size_t n, const char *as_of)
{
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	json_object_set_new(o, "as_of", json_string(as_of));
	for (i = 0; i < n; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "from", json_string(ch[i].owner_key));
		json_object_set_new(x, "to", json_string(ch[i].person_key));
		json_object_set_new(x, "source", json_string(ch[i].source));
		json_object_set_new(x, "new_tie", json_boolean(ch[i].created));
		json_object_set_new(x, "old_strength", ch[i].old_strength < 0 ? json_null()
				    : json_real(ch[i].old_strength));
		json_object_set_new(x, "strength", json_real(ch[i].strength));
		json_object_set_new(x, "history", json_real(ch[i].history));
		json_object_set_new(x, "last_contact", *ch[i].last_contact
				    ? json_string(ch[i].last_contact) : json_null());
		json_object_set_new(x, "contact_days", json_integer(ch[i].days));
		json_object_set_new(x, "meetings", json_integer(ch[i].meetings));
		json_object_set_new(x, "calls", json_integer(ch[i].calls));
		json_object_set_new(x, "replies", json_integer(ch[i].replies));
		json_object_set_new(x, "unanswered", json_integer(ch[i].sent));
		json_object_set_new(x, "views", json_integer(ch[i].views));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "changes", arr);
	return o;
}

static void print(const struct cli *c, const struct pm_strength_change *ch, size_t n, int dry)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pm_strength_change *x = &ch[i];
		char old[16] = "none";
		if (x->old_strength >= 0)
			snprintf(old, sizeof(old), "%.2f", x->old_strength);
		if (c->lang == PM_LANG_JA)
			printf("%s – %s（%s%s）: %s → %.2f（接触 %d 日: 面談 %d、電話 %d、返信 %d、"
			       "未返信 %d、閲覧 %d。最後の双方向の接触 %s）\n",
			       x->owner_key, x->person_key, x->created ? "新しい関係、" : "",
			       x->source, x->old_strength >= 0 ? old : "なし", x->strength, x->days,
			       x->meetings, x->calls, x->replies, x->sent, x->views,
			       *x->last_contact ? x->last_contact : "-");
		else
			printf("%s – %s (%s%s): %s → %.2f  (%d contact day%s: %d meeting%s, %d call%s, "
			       "%d repl%s, %d unanswered, %d view%s; last two-way %s)\n",
			       x->owner_key, x->person_key, x->created ? "new tie, " : "", x->source,
			       old, x->strength, x->days, x->days == 1 ? "" : "s", x->meetings,
			       x->meetings == 1 ? "" : "s", x->calls, x->calls == 1 ? "" : "s",
			       x->replies, x->replies == 1 ? "y" : "ies", x->sent, x->views,
			       x->views == 1 ? "" : "s", *x->last_contact ? x->last_contact : "-");
	}
	if (c->lang == PM_LANG_JA)
		printf("%s%zu 本の関係%s\n", n ? "\n" : "", n,
		       dry ? "が変わります（試行のみ、書き込みなし）" : "を変更しました");
	else
		printf("%s%zu tie%s %s\n", n ? "\n" : "", n, n == 1 ? "" : "s",
		       dry ? "would change (dry run, nothing written)" : "changed");
}

int cmd_strengths(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "override", no_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct pm_strength_change *ch = NULL;
	struct pm_params p;
	struct pm_error err;
	size_t n = 0;
	int rc, dry = 0, override = 0, json = 0;

	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	while ((rc = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (rc) {
		case 'n': dry = 1; break;
		case 'o': override = 1; break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default:
			rc = cli_params_option("strengths", rc, optarg, &p);
			if (rc <= 0)
				return rc < 0 ? EXIT_USAGE : cli_bad_option("strengths", argv);
		}
	}
	if (optind < argc)
		return cli_usage("strengths", "unexpected argument '%s'", argv[optind]);
	if (pm_strengths(c->st, &p, override, &ch, &n, &err) < 0)
		return cli_fail_err(&err);
	if (!dry && n && apply(c, ch, n, &err) < 0) {
		pm_strengths_free(ch, n);
		return cli_fail_err(&err);
	}
	if (json)
		rc = cli_print_json(as_json(ch, n, p.as_of));
	else {
		print(c, ch, n, dry);
		rc = EXIT_OK;
	}
	pm_strengths_free(ch, n);
	return rc;
}
