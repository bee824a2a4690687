/* powermap team — who on our side opens which door of an account. */
#include <stdio.h>
#include <string.h>
#include "powermap/json.h"
#include "powermap/team.h"
#include "account_cmd.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap team kanto-seiki\n"

static const char help[] =
	"usage: powermap [--db FILE] team ACCOUNT [--top N] [--json] [--as-of DATE]\n"
	"                                [--half-life DAYS] [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"Team selling: for each person on our side (staff, partners, investors,\n"
	"bankers) with a tie into the account or an action on it, the people they\n"
	"know there (effective strength, last contact, and the power of whom they\n"
	"know), the actions they own (open, overdue, done), and whether they hold a\n"
	"useful tie (0.3 or more); then the key people (power >= key_power) nobody\n"
	"of ours knows. Ordered by reach: the sum of strength x power of their ties.\n"
	"\n"
	"Options:\n"
	ACCOUNT_OPTIONS_HELP
	"\n"
	"Example:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] team 顧客 [--top N] [--json] [--as-of 日付]\n"
	"                                [--half-life 日数] [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"チーム営業: 当方（社員、パートナー、投資家、銀行）のうち、顧客に関係を持つか\n"
	"顧客への行動を担当する人ごとに、そこで知っている人（実効の強さ、最終接触、\n"
	"相手の影響力）、担当する行動（未完了、期限超過、完了）、役に立つ関係（0.3\n"
	"以上）を持つかを示します。続いて、当方の誰も知らない重要人物（影響力が\n"
	"key_power 以上）を示します。並びは到達力（関係の強さ × 影響力の合計）の順。\n"
	"\n"
	"オプション:\n"
	ACCOUNT_OPTIONS_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

static json_t *as_json(const struct account_cmd *ac, const struct pm_team *t)
{
	json_t *o = json_object(), *arr = json_array(), *un = json_array();
	size_t i, j;

	json_object_set_new(o, "account", json_string(ac->account));
	json_object_set_new(o, "as_of", json_string(ac->p.as_of));
	for (i = 0; i < t->n && i < ac->top; i++) {
		const struct pm_team_member *m = &t->m[i];
		const struct pm_person *pp = &t->view->people[m->vertex];
		json_t *x = pm_json_person(pp), *ties = json_array();
		json_object_set_new(x, "org", pp->org_key ? json_string(pp->org_key) : json_null());
		json_object_set_new(x, "reach", json_real(m->reach));
		json_object_set_new(x, "useful", json_boolean(m->useful));
		json_object_set_new(x, "actions_open", json_integer((json_int_t)m->open));
		json_object_set_new(x, "actions_overdue", json_integer((json_int_t)m->overdue));
		json_object_set_new(x, "actions_done", json_integer((json_int_t)m->done));
		for (j = 0; j < m->nties; j++) {
			const struct pm_team_tie *y = &m->ties[j];
			json_t *z = json_object();
			json_object_set_new(z, "key", json_string(ac->a->rank->view->people[y->vertex].key));
			json_object_set_new(z, "name",
					    json_string(ac->a->rank->view->people[y->vertex].name));
			json_object_set_new(z, "power", json_real(ac->a->rank->e[y->vertex].score));
			json_object_set_new(z, "strength", json_real(y->strength));
			json_object_set_new(z, "last_contact", *y->last_contact
					    ? json_string(y->last_contact) : json_null());
			json_array_append_new(ties, z);
		}
		json_object_set_new(x, "ties", ties);
		json_array_append_new(arr, x);
	}
	for (i = 0; i < t->nunreached; i++)
		json_array_append_new(un, pm_json_person(&ac->a->rank->view->people[t->unreached[i]]));
	json_object_set_new(o, "team", arr);
	json_object_set_new(o, "nobody_knows", un);
	return o;
}

int cmd_team(struct cli *c, int argc, char **argv)
{
	struct account_cmd ac;
	struct pm_team *t = NULL;
	struct pm_error err;
	size_t i, j, shown;
	int rc;

	if ((rc = cli_account_begin(c, "team", help, help_ja, argc, argv, 0, &ac)) != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (pm_team(c->st, ac.a, &ac.p, &t, &err) < 0) {
		cli_account_end(&ac);
		return cli_fail_err(&err);
	}
	if (ac.json) {
		rc = cli_print_json(as_json(&ac, t));
		goto out;
	}
	printf(TR(c, "The team for %s (%zu of ours)\n", "%s のチーム（当方 %zu 人）\n"),
	       ac.account, t->n);
	for (i = 0, shown = 0; i < t->n && shown < ac.top; i++, shown++) {
		const struct pm_team_member *m = &t->m[i];
		const struct pm_person *pp = &t->view->people[m->vertex];
		printf("\n%s (%s)", pp->name, pp->org_name ? pp->org_name : "");
		if (c->lang == PM_LANG_JA)
			printf(" — 行動: 未完了 %zu（期限超過 %zu）、完了 %zu%s\n", m->open, m->overdue,
			       m->done, m->useful ? "" : "。役に立つ関係なし");
		else
			printf(" — actions: %zu open (%zu overdue), %zu done%s\n", m->open, m->overdue,
			       m->done, m->useful ? "" : "; no useful tie");
		for (j = 0; j < m->nties; j++) {
			const struct pm_team_tie *y = &m->ties[j];
			const struct pm_person *q = &ac.a->rank->view->people[y->vertex];
			printf(TR(c, "   knows %s — %s (power %.2f): %.2f", "   知人 %s — %s（影響力 %.2f）: %.2f"),
			       q->name, q->title ? q->title : "", ac.a->rank->e[y->vertex].score,
			       y->strength);
			if (*y->last_contact)
				printf(TR(c, ", last contact %s", "、最終接触 %s"), y->last_contact);
			putchar('\n');
		}
	}
	if (t->nunreached) {
		printf(TR(c, "\nKey people nobody of ours knows (%zu):", "\n当方の誰も知らない重要人物（%zu 人）:"),
		       t->nunreached);
		for (i = 0; i < t->nunreached; i++)
			printf("%s%s", i ? TR(c, ",", "、") : " ",
			       ac.a->rank->view->people[t->unreached[i]].name);
		putchar('\n');
	}
	rc = EXIT_OK;
out:
	pm_team_free(t);
	cli_account_end(&ac);
	return rc;
}
