/* powermap action — the planned actions: list them with their ids, mark them done. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/graph.h"
#include "powermap/json.h"
#include "powermap/table.h"
#include "powermap/model.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap action list kanto-seiki --open\n" \
	"  powermap action done 3\n" \
	"  powermap action start 2 --notes \"日程調整中\"\n"

static const char help[] =
	"usage: powermap [--db FILE] action list [ACCOUNT] [--open] [--json] [--lang ja|en]\n"
	"       powermap [--db FILE] action done|start|cancel ID... [--notes TEXT]\n"
	"\n"
	"The account plan's actions with their ids: 'list' shows them (all accounts\n"
	"when none is named; --open: planned and in progress only), overdue ones\n"
	"flagged; 'done', 'start' and 'cancel' set the status of actions by id (all\n"
	"or none; recorded in the history). Any other field: 'powermap set action ID\n"
	"--due DATE --owner PERSON ...'; remove one: 'powermap rm action ID'.\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] action list [顧客] [--open] [--json] [--lang ja|en]\n"
	"        powermap [--db ファイル] action done|start|cancel ID... [--notes 文]\n"
	"\n"
	"アカウントプランの行動を ID つきで扱います。list は一覧します（顧客を指定\n"
	"しなければ全顧客。--open は予定と進行中だけ）。期限を過ぎたものには印が\n"
	"付きます。done、start、cancel は ID で指定した行動の状態を変えます（全部\n"
	"変えるか、何も変えないか。履歴に残ります）。そのほかの項目は\n"
	"'powermap set action ID --due 日付 --owner 人物 ...'、削除は\n"
	"'powermap rm action ID' で行います。\n"
	"\n"
	"例:\n"
	EXAMPLES;

struct list_ctx {
	struct cli_table *t;
	json_t *arr;
	const char *today;
	const struct cli *c;
	size_t n;
};

static int on_action(const struct pm_action_row *r, void *vctx)
{
	struct list_ctx *l = vctx;
	int open = !strcmp(r->status, "planned") || !strcmp(r->status, "in_progress");
	int overdue = open && r->due && strcmp(r->due, l->today) < 0;
	char id[24], status[64];

	l->n++;
	if (l->arr) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(r->id));
		json_object_set_new(o, "target", json_string(r->target_key));
		json_object_set_new(o, "target_name", json_string(r->target_name));
		json_object_set_new(o, "due", r->due ? json_string(r->due) : json_null());
		json_object_set_new(o, "channel", json_string(r->channel));
		json_object_set_new(o, "via", r->via_key ? json_string(r->via_key) : json_null());
		json_object_set_new(o, "owner", r->owner_key ? json_string(r->owner_key) : json_null());
		json_object_set_new(o, "status", json_string(r->status));
		json_object_set_new(o, "overdue", json_boolean(overdue));
		json_object_set_new(o, "notes", r->notes ? json_string(r->notes) : json_null());
		return json_array_append_new(l->arr, o) ? PM_ENOMEM : 0;
	}
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	/* channel and status in the reader's words, as 'list actions' shows them */
	snprintf(status, sizeof(status), "%s%s",
		 pm_enum_label(pm_action_statuses, r->status, l->c->lang == PM_LANG_JA),
		 overdue ? TR(l->c, ", overdue", "、期限超過") : "");
	{
		const char *cells[] = { id, r->due, r->target_name,
					pm_enum_label(pm_action_channels, r->channel,
						      l->c->lang == PM_LANG_JA),
					r->via_name, r->owner_name, status, r->notes };
		return cli_table_add(l->t, cells);
	}
}

static int list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "open", no_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const head_en[] = { "id", "due", "target", "channel", "via", "owner",
					       "status", "notes" };
	static const char *const head_ja[] = { "id", "期限", "対象", "手段", "経由", "担当",
					       "状態", "メモ" };
	struct pm_params p;
	struct list_ctx l = { NULL, NULL, NULL, c, 0 };
	struct pm_error err;
	int64_t org = 0;
	int ch, open = 0, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': open = 1; break;
		case 'j': json = 1; break;
		default: return cli_bad_option("action", argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage("action", "name at most one account");
	if (optind < argc && pm_store_org_resolve(c->st, argv[optind], &org, NULL, &err) < 0)
		return cli_fail_err(&err);
	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	l.today = p.as_of;
	if (json)
		l.arr = json_array();
	else
		l.t = cli_table_new(8, TR(c, head_en, head_ja));
	rc = pm_store_actions(c->st, org, open, on_action, &l, &err);
	if (rc < 0) {
		json_decref(l.arr);
		cli_table_free(l.t);
		return rc == PM_ENOMEM ? cli_fail("out of memory") : cli_fail_err(&err);
	}
	if (json)
		return cli_print_json(l.arr);
	if (l.n)
		cli_table_print(l.t, stdout, CLI_WIDTH);
	else
		printf("%s", TR(c, "no actions\n", "行動はありません\n"));
	cli_table_free(l.t);
	return EXIT_OK;
}

/* done / start / cancel: the status of actions by id, all or none. */
static int set_status(struct cli *c, const char *status, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "notes", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const struct pm_table *t = &pm_tables[PM_T_ACTIONS];
	const char *notes = NULL;
	struct pm_error err;
	int ch, i;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'n')
			return cli_bad_option("action", argv);
		notes = optarg;
	}
	if (optind >= argc)
		return cli_usage("action", "name the actions by id ('powermap action list')");
	for (i = optind; i < argc; i++) {
		char *end;
		long long id = strtoll(argv[i], &end, 10);
		if (*end || id <= 0 || argv[i][0] == '+')
			return cli_usage("action", "'%s' is not an action id "
					 "('powermap action list' shows them)", argv[i]);
	}
	if (pm_store_begin(c->st, &err) < 0)
		return cli_fail_err(&err);
	for (i = optind; i < argc; i++) {
		const char *vals[PM_TABLE_MAXCOLS] = { 0 };
		vals[pm_table_col(t, "status")] = status;
		vals[pm_table_col(t, "notes")] = notes;
		if (pm_store_put_id(c->st, PM_T_ACTIONS, strtoll(argv[i], NULL, 10), vals, &err) < 0) {
			pm_store_rollback(c->st);
			return cli_fail_err(&err);
		}
	}
	if (pm_store_commit(c->st, &err) < 0)
		return cli_fail_err(&err);
	printf(TR(c, "%d action%s %s\n", "%d 件を %s にしました\n"), argc - optind,
	       argc - optind == 1 || c->lang == PM_LANG_JA ? "" : "s", status);
	return EXIT_OK;
}

int cmd_action(struct cli *c, int argc, char **argv)
{
	static const struct { const char *verb, *status; } verbs[] = {
		{ "done", "done" }, { "start", "in_progress" }, { "cancel", "cancelled" },
	};
	size_t i;

	for (i = 1; i < (size_t)argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return cli_help_in(c, help, help_ja, NULL);
	if (argc < 2)
		return cli_usage("action", "list, done, start or cancel?");
	if (!strcmp(argv[1], "list"))
		return list(c, argc - 1, argv + 1);
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(argv[1], verbs[i].verb))
			return set_status(c, verbs[i].status, argc - 1, argv + 1);
	return cli_usage("action", "unknown action command '%s' (list, done, start, cancel)",
			 argv[1]);
}
