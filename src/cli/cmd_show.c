/* powermap show — everything about one person. */
#include <getopt.h>
#include <string.h>
#include "powermap/json.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap show tanaka-ichiro\n"

static const char help[] =
	"usage: powermap [--db FILE] show PERSON [--json]\n"
	"\n"
	"Everything about one person (by key or unique exact name): org, title,\n"
	"role, stance, power, notes; links in and out with strengths; recent\n"
	"interactions; open actions.\n"
	"\n"
	"Options:\n"
	"  --json   one JSON object: person, links, interactions, actions\n"
	"\n"
	"Example:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] show 人物 [--json]\n"
	"\n"
	"1 人の人物のすべて（キーか、ただ 1 人に当てはまる名前で指定）: 組織、役職、\n"
	"役割、姿勢、影響力、メモ。出入りする関係と強さ、最近の接触、未完了の行動。\n"
	"\n"
	"オプション:\n"
	"  --json   1 つの JSON オブジェクト: person、links、interactions、actions\n"
	"\n"
	"例:\n"
	EXAMPLES;

/* Keep a copy of the person's row. */
struct person_ctx {
	json_t *obj;
};

static int on_person(const char *const *vals, size_t n, void *vctx)
{
	struct person_ctx *pc = vctx;

	(void)n;
	pc->obj = pm_json_record(PM_T_PEOPLE, vals);
	return pc->obj ? 0 : PM_ENOMEM;
}

/* Keep open actions only (planned, in progress). */
static int on_action(int64_t id, const char *const *vals, size_t n, void *vctx)
{
	const char *status = vals[pm_table_col(&pm_tables[PM_T_ACTIONS], "status")];

	if (status && (!strcmp(status, "done") || !strcmp(status, "cancelled")))
		return 0;
	return cli_rows_add_id(id, vals, n, vctx);
}

/* A person's field as the user reads it: the column name, or its Japanese. */
static const char *field_label(const struct cli *c, const char *col)
{
	static const char *const ja[][2] = {
		{ "org", "組織" }, { "title", "役職" }, { "department", "部署" },
		{ "email", "メール" }, { "url", "URL" }, { "role", "役割" },
		{ "stance", "姿勢" }, { "power", "影響力" }, { "notes", "メモ" },
	};
	size_t i;

	for (i = 0; c->lang == PM_LANG_JA && i < sizeof(ja) / sizeof(ja[0]); i++)
		if (!strcmp(ja[i][0], col))
			return ja[i][1];
	return col;
}

/* "  name        value", continuation lines of the value indented. */
static void print_field(const char *name, const char *raw)
{
	char *clean = cli_clean_keep(raw, 1), *value = clean;
	size_t w = cli_display_width(name);

	printf("  %s%*s ", name, w < 11 ? (int)(11 - w) : 0, "");
	for (; value && *value; value++) {
		if (*value == '\r')
			continue;
		putchar(*value);
		if (*value == '\n')
			printf("%14s", "");
	}
	putchar('\n');
	free(clean);
}

static void print_section(const char *title, struct cli_rows *r)
{
	printf("\n%s (%zu)\n", title, r->count);
	if (r->count)
		cli_table_print(r->table, stdout, CLI_WIDTH);
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const enum pm_table_id parts[] = { PM_T_LINKS, PM_T_INTERACTIONS, PM_T_ACTIONS };
	static const char *const names[] = { "links", "interactions", "actions" };
	struct cli_rows rows[3];
	struct person_ctx pc = { NULL };
	struct pm_filter f = { NULL, NULL };
	struct pm_error err;
	int ch, json = 0, rc = 0, i, exit_code = EXIT_OK;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("show", argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("show", "name one person");
	f.person = argv[optind];
	if ((rc = pm_store_select(c->st, PM_T_PEOPLE, &f, on_person, &pc, &err)) < 0)
		return cli_fail_err(&err);
	memset(rows, 0, sizeof(rows));
	for (i = 0; i < 3 && rc == 0; i++) {
		if (cli_rows_init(&rows[i], parts[i], json, c->lang) < 0) {
			rc = pm_error_set(&err, PM_ENOMEM, "out of memory");
			break;
		}
		rc = pm_store_select_ids(c->st, parts[i], &f,
					 parts[i] == PM_T_ACTIONS ? on_action : cli_rows_add_id,
					 &rows[i], &err);
	}
	if (rc < 0) {
		exit_code = cli_fail_err(&err);
		goto out;
	}
	if (json) {
		json_t *o = json_object();
		json_object_set(o, "person", pc.obj);
		for (i = 0; i < 3; i++)
			json_object_set_new(o, names[i], cli_rows_take_json(&rows[i]));
		exit_code = cli_print_json(o);
		goto out;
	}
	{
		const struct pm_table *tab = &pm_tables[PM_T_PEOPLE];
		size_t k;
		char *name = cli_clean(json_string_value(json_object_get(pc.obj, "name")));
		char *key = cli_clean(json_string_value(json_object_get(pc.obj, "key")));
		printf("%s (%s)\n", name ? name : "", key ? key : "");
		free(name);
		free(key);
		for (k = 2; k < tab->ncols; k++) {
			json_t *v = json_object_get(pc.obj, tab->cols[k].name);
			if (json_is_null(v))
				continue;
			if (json_is_string(v)) {
				const char *text = json_string_value(v);
				if (tab->cols[k].type == PM_COL_ENUM)
					text = pm_enum_label(tab->cols[k].values, text,
							     c->lang == PM_LANG_JA);
				print_field(field_label(c, tab->cols[k].name), text);
			} else {
				char num[32];
				snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
				print_field(field_label(c, tab->cols[k].name), num);
			}
		}
	}
	print_section(TR(c, "Links", "関係"), &rows[0]);
	print_section(TR(c, "Interactions", "接触"), &rows[1]);
	print_section(TR(c, "Open actions", "未完了の行動"), &rows[2]);
out:
	for (i = 0; i < 3; i++)
		cli_rows_free(&rows[i]);
	json_decref(pc.obj);
	return exit_code;
}
