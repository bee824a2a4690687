/* powermap next — who to approach next in an account, how, and why. */
#include <stdlib.h>
#include <string.h>
#include "powermap/json.h"
#include "powermap/kit.h"
#include "powermap/table.h"
#include "account_cmd.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap next kanto-seiki --top 3\n" \
	"  powermap next kanto-seiki --top 3 --plan --lang ja\n" \
	"  powermap next kanto-seiki --top 2 --plan --apply\n"

static const char help[] =
	"usage: powermap [--db FILE] next ACCOUNT [--top N] [--include-planned]\n"
	"                                [--plan [--apply]] [--json] [--as-of DATE]\n"
	"                                [--half-life DAYS] [--param NAME=VALUE] [--lang ja|en]\n"
	"\n"
	"Who to approach next: every person of the account not engaged (no two-way\n"
	"contact — a meeting, a call, an event, a reply — in engaged_days, 180; an\n"
	"unanswered email or a document view is a touch, not engagement), ranked by\n"
	"expected value = power score x reachability x stance factor x coverage\n"
	"bonus, where reachability is the best warm-path strength (or cold_reach,\n"
	"0.15), the stance factor favours supporters, and the coverage bonus lifts a\n"
	"buying role that no engaged person holds (economic buyer first). Each line\n"
	"says how (our person, the introducer, the path, or an outbound channel) and\n"
	"why. People with an open action are the plan already: they are listed\n"
	"under 'Already planned' (overdue flagged), not recommended again. Shows the\n"
	"top 10 unless --top says otherwise.\n"
	"\n"
	"Options:\n"
	"  --include-planned   rank people with open actions too\n"
	"  --plan              draft an action per recommendation (a referral via the\n"
	"                      introducer, owned by our person on the first tie; due\n"
	"                      dates spread over the coming weeks), printed for review\n"
	"  --apply             with --plan: write the drafts as planned actions\n"
	ACCOUNT_OPTIONS_HELP
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] next 顧客 [--top N] [--include-planned]\n"
	"                                [--plan [--apply]] [--json] [--as-of 日付]\n"
	"                                [--half-life 日数] [--param 名前=値] [--lang ja|en]\n"
	"\n"
	"次に誰に接触するか: 顧客のうち関与していない人（engaged_days（180）日以内に\n"
	"双方向の接触 — 面談、電話、イベント、返信 — がない人。返信のないメールや\n"
	"資料の閲覧は接触ではあっても関与ではありません）を、期待値 = 影響力 × 到達\n"
	"しやすさ × 姿勢の係数 × 網羅のボーナス の順に並べます。到達しやすさは最良の\n"
	"紹介経路の強さ（なければ cold_reach、0.15）、姿勢の係数は支持者を優先し、\n"
	"網羅のボーナスは関与している人が誰も担っていない購買上の役割（まず経済的\n"
	"決裁者）を押し上げます。各行に、どう接触するか（当方の人、紹介者、経路、\n"
	"または直接の連絡手段）と理由を示します。未完了の行動がある人はすでに計画に\n"
	"あるので、「計画済み」に載せ（期限超過は印つき）、改めて勧めはしません。\n"
	"--top がなければ上位 10 人を示します。\n"
	"\n"
	"オプション:\n"
	"  --include-planned   未完了の行動がある人も順位づけする\n"
	"  --plan              勧めごとに行動の下書きを作る（紹介者経由の紹介を、最初の\n"
	"                      関係を持つ当方の人の担当で、期限は今後数週間に分散）。\n"
	"                      確認用に表示するだけ\n"
	"  --apply             --plan と一緒に: 下書きを予定の行動として書き込む\n"
	ACCOUNT_OPTIONS_HELP_JA
	"\n"
	"例:\n"
	EXAMPLES;

/* An action channel or status in the command's language. */
static const char *word(const struct cli *c, const char *w)
{
	const char *const *names = pm_enum_find(pm_action_statuses, w) >= 0 ? pm_action_statuses
		: pm_action_channels;

	return pm_enum_label(names, w, c->lang == PM_LANG_JA);
}

/* "how" of one recommendation. */
static void print_how(const struct cli *c, const struct pm_next_item *x,
		      const struct pm_person *pp)
{
	char route[1024];
	int iv;

	if (!x->warm) {
		int mail = pp->email && !strcmp(x->channel, "email");
		printf(TR(c, "   how: no warm path — outbound by %s%s%s\n",
			  "   方法: 紹介経路なし — %sで直接%s%s\n"), word(c, x->channel),
		       mail ? TR(c, " to ", " ") : "", mail ? pp->email : "");
		return;
	}
	cli_route(route, sizeof(route), x->view, x->path);
	iv = pm_path_introducer(x->path);
	if (iv < 0)
		printf(TR(c, "   how: our %s reaches out directly (strength %.2f): %s\n",
			  "   方法: 当方 %s が直接連絡（強さ %.2f）: %s\n"),
		       x->view->people[x->path->nodes[0]].name, x->reach, route);
	else
		printf(TR(c, "   how: our %s asks %s for an introduction (strength %.2f): %s\n",
			  "   方法: 当方 %s から %s に紹介を依頼（強さ %.2f）: %s\n"),
		       x->view->people[x->path->nodes[0]].name, x->view->people[iv].name,
		       x->reach, route);
}

/* "referral via X, owner Y, due D (planned) — OVERDUE" */
static void print_planned(const struct cli *c, const struct pm_planned *x)
{
	printf("%s", word(c, x->channel));
	if (x->via)
		printf(TR(c, " via %s", "（%s 経由）"), x->via);
	if (x->owner)
		printf(TR(c, ", owner %s", "、担当 %s"), x->owner);
	if (x->due[0])
		printf(TR(c, ", due %s", "、期限 %s"), x->due);
	printf(TR(c, " (%s)", "（%s）"), word(c, x->status));
	if (x->count > 1)
		printf(TR(c, " and %d more", " ほか %d 件"), x->count - 1);
	if (x->overdue)
		printf("%s", TR(c, " — OVERDUE", " — 期限超過"));
	printf(" [#%lld]\n", (long long)x->id);
}

struct planned_at {
	const struct pm_planned *x;
	size_t v;
};

static int by_due(const void *p, const void *q)
{
	const struct planned_at *a = p, *b = q;

	if (!a->x->due[0] != !b->x->due[0])
		return a->x->due[0] ? -1 : 1;
	if (strcmp(a->x->due, b->x->due))
		return strcmp(a->x->due, b->x->due);
	return (a->v > b->v) - (a->v < b->v);
}

static void print_items(const struct cli *c, const struct account_cmd *ac,
			const struct pm_next_item *it, size_t n)
{
	size_t i, np = 0;

	if (n == 0)
		printf(TR(c, "Nobody left to recommend in %s: everyone is engaged within %d days "
			  "or already planned.\n", "%s で新たに勧める人はいません（%d 日以内に関与済み"
			  "か、計画済み）。\n"), ac->account, ac->p.engaged_days);
	for (i = 0; i < n; i++) {
		const struct pm_next_item *x = &it[i];
		const struct pm_person *pp = &ac->a->rank->view->people[x->vertex];
		printf(TR(c, "%s%zu. %s — %s  (value %.3f = power %.2f × reach %.2f × stance %.1f"
			  " × coverage %.1f)\n", "%s%zu. %s — %s（期待値 %.3f = 影響力 %.2f × 到達 %.2f"
			  " × スタンス %.1f × カバー %.1f）\n"), i ? "\n" : "", i + 1, pp->name,
		       pp->title ? pp->title : "", x->value, x->power, x->reach,
		       x->stance_factor, x->coverage);
		print_how(c, x, pp);
		printf(TR(c, "   why: %s\n", "   理由: %s\n"), x->why);
		if (x->planned) {
			printf("%s", TR(c, "   planned already: ", "   計画済み: "));
			print_planned(c, x->planned);
		}
	}
	for (i = 0; i < ac->a->n; i++)
		np += ac->a->planned[i].count > 0;
	if (!np || ac->include_planned)
		return;
	printf(TR(c, "\nAlready planned (%zu, not recommended again; --include-planned ranks "
		  "them too):\n", "\n計画済み（%zu 人。再度は勧めません。--include-planned で"
		  "順位付けに含めます）:\n"), np);
	/* by due date (none last): the overdue come first */
	{
		struct planned_at *l = calloc(np, sizeof(*l));
		size_t k = 0;
		for (i = 0; l && i < ac->a->n; i++)
			if (ac->a->planned[i].count)
				l[k++] = (struct planned_at){ &ac->a->planned[i], i };
		if (l)
			qsort(l, k, sizeof(*l), by_due);
		for (i = 0; i < k; i++) {
			printf("  %s — ", ac->a->rank->view->people[l[i].v].name);
			print_planned(c, l[i].x);
		}
		free(l);
	}
}

/* Write the drafts as planned actions, all or none. */
static int apply_drafts(struct cli *c, const struct pm_action_draft *d, size_t n)
{
	const struct pm_table *t = &pm_tables[PM_T_ACTIONS];
	struct pm_error err;
	size_t i;

	if (pm_store_begin(c->st, &err) < 0)
		return cli_fail_err(&err);
	for (i = 0; i < n; i++) {
		const char *vals[PM_TABLE_MAXCOLS] = { 0 };
		vals[pm_table_col(t, "target")] = d[i].target;
		vals[pm_table_col(t, "owner")] = d[i].owner;
		vals[pm_table_col(t, "due")] = d[i].due;
		vals[pm_table_col(t, "channel")] = d[i].channel;
		vals[pm_table_col(t, "via")] = d[i].via;
		vals[pm_table_col(t, "status")] = "planned";
		vals[pm_table_col(t, "notes")] = d[i].notes;
		if (pm_store_put(c->st, PM_T_ACTIONS, vals, PM_PUT_INSERT_ONLY, NULL, NULL,
				 &err) < 0) {
			pm_store_rollback(c->st);
			return cli_fail_err(&err);
		}
	}
	if (pm_store_commit(c->st, &err) < 0)
		return cli_fail_err(&err);
	return EXIT_OK;
}

static int plan(struct cli *c, const struct account_cmd *ac, const struct pm_next_item *it,
		size_t n)
{
	struct pm_action_draft *d = NULL;
	struct pm_error err;
	size_t i;
	int rc = EXIT_OK;

	if (pm_next_plan(ac->a, it, n, &ac->p, &d, &err) < 0)
		return cli_fail_err(&err);
	if (ac->json) {
		json_t *o = json_object();
		json_object_set_new(o, "account", json_string(ac->account));
		json_object_set_new(o, "applied", json_boolean(ac->apply));
		json_object_set_new(o, "actions", pm_json_action_drafts(d, n));
		if (ac->apply && (rc = apply_drafts(c, d, n)) != EXIT_OK) {
			json_decref(o);
			goto out;
		}
		rc = cli_print_json(o);
		goto out;
	}
	printf(TR(c, "Draft actions for %s (%zu):\n", "%s の行動案（%zu 件）:\n"),
	       ac->account, n);
	for (i = 0; i < n; i++) {
		const char *name = d[i].target;
		size_t v;
		for (v = 0; v < ac->a->n; v++)
			if (!strcmp(ac->a->rank->view->people[v].key, d[i].target))
				name = ac->a->rank->view->people[v].name;
		const char *ch = word(c, d[i].channel);
		printf("  %s  %s%*s %s — %s\n", d[i].due, ch,
		       cli_display_width(ch) < 9 ? (int)(9 - cli_display_width(ch)) : 0, "", name,
		       d[i].notes);
	}
	if (!ac->apply) {
		printf("%s", TR(c, "\nNothing written: review, then run again with --apply.\n",
				"\nまだ書き込んでいません。確認のうえ --apply を付けて再実行してください。\n"));
		goto out;
	}
	if ((rc = apply_drafts(c, d, n)) == EXIT_OK)
		printf(TR(c, "\nwritten: %zu planned action%s (see 'powermap list actions --org %s')\n",
			  "\n書き込みました: 計画 %zu 件%s（'powermap list actions --org %s' で確認）\n"),
		       n, c->lang == PM_LANG_JA || n == 1 ? "" : "s", ac->account);
out:
	pm_action_drafts_free(d, n);
	return rc;
}

int cmd_next(struct cli *c, int argc, char **argv)
{
	struct account_cmd ac;
	struct pm_next_item *it = NULL;
	struct pm_error err;
	size_t n;
	int rc;

	if ((rc = cli_account_begin(c, "next", help, help_ja, argc, argv, 0, &ac)) != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (pm_next(c->st, ac.a, &ac.p, ac.top == (size_t)-1 ? 10 : ac.top, ac.include_planned,
		    &it, &n, &err) < 0) {
		cli_account_end(&ac);
		return cli_fail_err(&err);
	}
	if (ac.plan)
		rc = plan(c, &ac, it, n);
	else if (ac.json)
		rc = cli_print_json(pm_json_next(ac.a, ac.account, &ac.p, it, n));
	else
		print_items(c, &ac, it, n), rc = EXIT_OK;
	pm_next_free(it, n);
	cli_account_end(&ac);
	return rc;
}
