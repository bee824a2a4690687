/* powermap log — the history of changes. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "powermap/table.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap log --since 2026-11-01\n"

static const char help[] =
	"usage: powermap [--db FILE] log [--since DATE] [-n N] [--json]\n"
	"\n"
	"The history of changes: people added or removed, changes of a person's\n"
	"stance, role or power, links added or removed, merges; each with its\n"
	"time in your time zone (TZ; JSON keeps UTC) and the command that made it.\n"
	"\n"
	"Options:\n"
	"  --since DATE   only changes at or after DATE (YYYY-MM-DD)\n"
	"  -n, --limit N  only the newest N changes\n"
	"  --json         JSON array of entries, with the command that made each\n"
	"\n"
	"Example:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] log [--since 日付] [-n N] [--json]\n"
	"\n"
	"変更の履歴: 人物の追加と削除、姿勢・役割・影響力の変更、関係の追加と削除、\n"
	"統合。それぞれ、あなたのタイムゾーン（TZ。JSON は UTC のまま）での日時と、\n"
	"変更したコマンドを示します。\n"
	"\n"
	"オプション:\n"
	"  --since 日付   その日付（YYYY-MM-DD）以降の変更だけ\n"
	"  -n, --limit N  新しい順に N 件だけ\n"
	"  --json         JSON の配列（それぞれ変更したコマンドつき）\n"
	"\n"
	"例:\n"
	EXAMPLES;

struct log_ctx {
	const struct cli *c;
	struct cli_table *table;
	json_t *array;
	size_t count;
};

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int on_entry(const struct pm_history_entry *e, void *vctx)
{
	struct log_ctx *lc = vctx;
	char change[1024];

	lc->count++;
	if (lc->array) {
		json_t *o = json_object();
		json_object_set_new(o, "at", str_or_null(e->at));
		json_object_set_new(o, "entity", str_or_null(e->entity));
		json_object_set_new(o, "subject", str_or_null(e->subject));
		json_object_set_new(o, "action", str_or_null(e->action));
		json_object_set_new(o, "field", str_or_null(e->field));
		json_object_set_new(o, "old", str_or_null(e->old_value));
		json_object_set_new(o, "new", str_or_null(e->new_value));
		json_object_set_new(o, "command", str_or_null(e->command));
		return json_array_append_new(lc->array, o) ? PM_ENOMEM : 0;
	}
	if (e->field)
		cli_history_change(lc->c, e->entity, e->field, e->old_value, e->new_value, ": ",
				   change, sizeof(change));
	{
		char at[64], note[256], subject[512];
		const char *cells[] = { cli_local_time(e->at, at, sizeof(at)),
					cli_history_operation(lc->c, e->action),
					cli_history_entity(lc->c, e->entity),
					cli_history_subject(lc->c, e->entity, e->subject, subject,
							    sizeof(subject)),
					e->field ? change : cli_history_note(lc->c, e->action,
									     e->new_value, note,
									     sizeof(note)) };
		return cli_table_add(lc->table, cells);
	}
}

int cmd_log(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const header[] = { "at", "action", "entity", "subject",
					      "change" };
	static const char *const header_ja[] = { "日時", "操作", "種類", "対象", "変更" };
	struct log_ctx lc = { c, NULL, NULL, 0 };
	const char *since = NULL;
	char since_day[11];
	long limit = 0;
	char *end;
	struct pm_error err;
	int ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (cli_date_arg(optarg, since_day) < 0)
				return cli_usage("log", "--since '%s' is not a date (YYYY-MM-DD)",
						 optarg);
			since = since_day;
			break;
		case 'n':
			cli_fold_number(optarg);
			limit = strtol(optarg, &end, 10);
			if (*end || limit <= 0)
				return cli_usage("log", "--limit '%s' is not a positive number", optarg);
			break;
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("log", argv);
		}
	}
	if (optind < argc)
		return cli_usage("log", "unexpected argument '%s'", argv[optind]);
	if (json)
		lc.array = json_array();
	else
		lc.table = cli_table_new(5, TR(c, header, header_ja));
	if (!lc.array && !lc.table)
		return cli_fail("out of memory");
	rc = pm_store_history(c->st, since, limit, on_entry, &lc, &err);
	if (rc < 0) {
		json_decref(lc.array);
		cli_table_free(lc.table);
		return cli_fail_err(&err);
	}
	if (json)
		return cli_print_json(lc.array);
	if (lc.count)
		cli_table_print(lc.table, stdout, CLI_WIDTH);
	else
		if (since)
		fprintf(stderr, pm_msg("no changes since %s\n"), since);
	else
		fputs(pm_msg("no changes\n"), stderr);
	cli_table_free(lc.table);
	return EXIT_OK;
}
