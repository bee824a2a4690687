/* powermap show — everything about one person, or one org. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/json.h"
#include "powermap/kit.h"
#include "powermap/titles.h"
#include "cli.h"

/* The examples, the same in both languages (tests/e2e runs them). */
#define EXAMPLES \
	"  powermap show tanaka-ichiro\n" \
	"  powermap show kanto-seiki\n" \
	"  powermap show org 関東精機 --json\n"

static const char help[] =
	"usage: powermap [--db FILE] show [person|org] NAME [--json]\n"
	"\n"
	"Everything about one person (by key or unique name): org, title, role,\n"
	"stance, power, notes; links in and out with strengths; recent\n"
	"interactions; open actions. Or about one org, when no person has that\n"
	"name (or with 'org'): kind, industry, parent and child orgs, employees,\n"
	"revenue, region, website, email domains, notes; its people (and its\n"
	"child orgs'), deals, open actions and plan sections.\n"
	"\n"
	"Options:\n"
	"  --json   one JSON object: person, links, interactions, actions; or\n"
	"           org, children, people, deals, actions, plan (all rows)\n"
	"\n"
	"Examples:\n"
	EXAMPLES;

static const char help_ja[] =
	"使い方: powermap [--db ファイル] show [person|org] 名前 [--json]\n"
	"\n"
	"1 人の人物のすべて（キーか、ただ 1 人に当てはまる名前で指定）: 組織、役職、\n"
	"役割、姿勢、影響力、メモ。出入りする関係と強さ、最近の接触、未完了の行動。\n"
	"その名前の人物がいないとき（または org を付けたとき）は 1 つの組織のすべて:\n"
	"種類、業種、親組織と子組織、従業員数、売上、地域、Web サイト、メールの\n"
	"ドメイン、メモ。その人物（子組織の人物も）、商談、未完了の行動、計画の項目。\n"
	"\n"
	"オプション:\n"
	"  --json   1 つの JSON オブジェクト: person、links、interactions、actions。\n"
	"           組織では org、children、people、deals、actions、plan（全行）\n"
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

/* A field as the user reads it: the column name, or its Japanese. */
static const char *field_label(const struct cli *c, const char *col)
{
	static const char *const ja[][2] = {
		{ "org", "組織" }, { "title", "役職" }, { "department", "部署" },
		{ "email", "メール" }, { "url", "URL" }, { "role", "役割" },
		{ "stance", "姿勢" }, { "power", "影響力" }, { "notes", "メモ" },
		{ "kind", "種類" }, { "industry", "業種" }, { "parent", "親組織" },
		{ "children", "子組織" }, { "domains", "ドメイン" }, { "employees", "従業員数" },
		{ "revenue", "売上" }, { "region", "地域" }, { "website", "Web サイト" },
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

/* A record's column k of table tab as text (enum values in the reader's words). */
static void print_column(const struct cli *c, const struct pm_table *tab, size_t k, json_t *v)
{
	char num[64];
	const char *text;

	if (json_is_null(v) || !v)
		return;
	if (json_is_string(v)) {
		text = json_string_value(v);
		if (tab->cols[k].type == PM_COL_ENUM)
			text = pm_enum_label(tab->cols[k].values, text, c->lang == PM_LANG_JA);
	} else {
		pm_money_format(num, sizeof(num), json_number_value(v), "");
		text = num;
	}
	print_field(field_label(c, tab->cols[k].name), text);
}

/* "NAME (KEY)" of a record object, as its heading. */
static void print_heading(json_t *obj)
{
	char *name = cli_clean(json_string_value(json_object_get(obj, "name")));
	char *key = cli_clean(json_string_value(json_object_get(obj, "key")));

	printf("%s (%s)\n", name ? name : "", key ? key : "");
	free(name);
	free(key);
}

/*
 * A person's links, interactions and actions in the table view name the
 * people in them by name, as the reader knows them (高橋 誠, not
 * takahashi-makoto); --json keeps the keys.
 */
struct named_rows {
	struct cli *c;
	struct cli_rows *rows;
	pm_id_row_fn next;   /* what takes the row then */
};

static int on_name(const struct pm_person_row *r, void *ctx)
{
	pm_strbuf_puts(ctx, r->name && *r->name ? r->name : r->key);
	return 0;
}

/* The name of the person keyed `key` into out (the key when it is no person's). */
static void name_of(struct cli *c, const char *key, struct pm_strbuf *out)
{
	struct pm_error err;
	int64_t id;

	pm_strbuf_reset(out);
	if (pm_store_person_resolve(c->st, key, &id, NULL, &err) == 0 &&
	    pm_store_person_get(c->st, id, on_name, out, &err) == 0 && out->len)
		return;
	pm_strbuf_reset(out);
	pm_strbuf_puts(out, key);
}

static int on_named_row(int64_t id, const char *const *vals, size_t n, void *vctx)
{
	static const char *const people_cols[] = { "from", "to", "person", "owner", "target",
						   "via" };
	struct named_rows *nr = vctx;
	const struct pm_table *tab = &pm_tables[nr->rows->t];
	struct pm_strbuf names[sizeof(people_cols) / sizeof(people_cols[0])];
	const char *row[PM_TABLE_MAXCOLS];
	size_t i;
	int rc = 0;

	if (nr->rows->array)
		return nr->next(id, vals, n, nr->rows);
	memcpy(row, vals, n * sizeof(*row));
	for (i = 0; i < sizeof(people_cols) / sizeof(people_cols[0]); i++) {
		int col = pm_table_col(tab, people_cols[i]);
		names[i] = (struct pm_strbuf)PM_STRBUF_INIT;
		if (col < 0 || !vals[col] || !*vals[col])
			continue;
		name_of(nr->c, vals[col], &names[i]);
		row[col] = names[i].buf;
		rc |= names[i].oom;
	}
	rc = rc ? PM_ENOMEM : nr->next(id, row, n, nr->rows);
	for (i = 0; i < sizeof(people_cols) / sizeof(people_cols[0]); i++)
		pm_strbuf_release(&names[i]);
	return rc;
}

/*
 * The three sections parts[] of what filter f names into rows[] (zeroed by
 * the caller; actions: the open ones only).
 */
static int read_sections(struct cli *c, const struct pm_filter *f,
			 const enum pm_table_id parts[3], struct cli_rows rows[3], int json,
			 struct pm_error *err)
{
	int i, rc = 0;

	for (i = 0; i < 3 && rc == 0; i++) {
		struct named_rows nr = { c, &rows[i],
					 parts[i] == PM_T_ACTIONS ? on_action : cli_rows_add_id };
		if (cli_rows_init(&rows[i], parts[i], json, c->lang) < 0)
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		rc = pm_store_select_ids(c->st, parts[i], f, on_named_row, &nr, err);
	}
	return rc;
}

static int show_person(struct cli *c, const char *who, int json)
{
	static const enum pm_table_id parts[] = { PM_T_LINKS, PM_T_INTERACTIONS, PM_T_ACTIONS };
	static const char *const names[] = { "links", "interactions", "actions" };
	const struct pm_table *tab = &pm_tables[PM_T_PEOPLE];
	struct cli_rows rows[3];
	struct person_ctx pc = { NULL };
	struct pm_filter f = { NULL, who };
	struct pm_error err;
	int rc, i, exit_code = EXIT_OK;
	size_t k;

	if ((rc = pm_store_select(c->st, PM_T_PEOPLE, &f, on_person, &pc, &err)) < 0)
		return cli_fail_err(&err);
	memset(rows, 0, sizeof(rows));
	if ((rc = read_sections(c, &f, parts, rows, json, &err)) < 0) {
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
	print_heading(pc.obj);
	for (k = 2; k < tab->ncols; k++)
		print_column(c, tab, k, json_object_get(pc.obj, tab->cols[k].name));
	print_section(TR(c, "Links", "関係"), &rows[0]);
	print_section(TR(c, "Interactions", "接触"), &rows[1]);
	print_section(TR(c, "Open actions", "未完了の行動"), &rows[2]);
out:
	for (i = 0; i < 3; i++)
		cli_rows_free(&rows[i]);
	json_decref(pc.obj);
	return exit_code;
}

/* ---- an org ----------------------------------------------------------- */

/* The text view shows this many of an org's people; --json and list show all. */
#define ORG_PEOPLE_SHOWN 30

/* The org itself and the keys and names of its child orgs (any depth). */
struct org_ctx {
	const char *key;
	json_t *obj;
	json_t *children;   /* array of {key, name} */
};

static int on_org(const char *const *vals, size_t n, void *vctx)
{
	struct org_ctx *oc = vctx;
	json_t *rec = pm_json_record(PM_T_ORGS, vals);

	(void)n;
	if (!rec)
		return PM_ENOMEM;
	if (!oc->obj && !strcmp(json_string_value(json_object_get(rec, "key")), oc->key)) {
		oc->obj = rec;
		return 0;
	}
	if (json_array_append_new(oc->children,
				  json_pack("{sOsO}", "key", json_object_get(rec, "key"), "name",
					    json_object_get(rec, "name"))) < 0) {
		json_decref(rec);
		return PM_ENOMEM;
	}
	json_decref(rec);
	return 0;
}

/*
 * An org's people. --json: all of them, by key. The table view: the first
 * ORG_PEOPLE_SHOWN by seniority (社長 before 部長 before 担当, titles.h; then
 * by key), so that a big account's top people are never the ones cut off;
 * all of them counted.
 */
struct capped {
	struct cli_rows rows;
	size_t total;
	const char *org;   /* the org shown: its own people before its child orgs' */
	struct senior_row {
		int level;
		int other_org;
		char **vals;
	} *seen;
	size_t cap;
};

static int on_capped(const char *const *vals, size_t n, void *vctx)
{
	struct capped *cp = vctx;
	struct senior_row *r;
	size_t i;

	cp->total++;
	if (cp->rows.array)
		return cli_rows_add(vals, n, &cp->rows);
	if (PM_GROW(cp->seen, cp->cap, cp->total) < 0)
		return PM_ENOMEM;
	r = &cp->seen[cp->total - 1];
	r->level = pm_title_level(vals[pm_table_col(&pm_tables[PM_T_PEOPLE], "title")]);
	r->other_org = !vals[2] || strcmp(vals[2], cp->org);
	if (!(r->vals = calloc(n, sizeof(*r->vals))))
		return PM_ENOMEM;
	for (i = 0; i < n; i++)
		if (vals[i] && !(r->vals[i] = strdup(vals[i])))
			return PM_ENOMEM;
	return 0;
}

/* The more senior first; of equals, the org's own people first, then by key. */
static int by_seniority(const void *a, const void *b)
{
	const struct senior_row *x = a, *y = b;

	if (x->level != y->level)
		return y->level - x->level;
	if (x->other_org != y->other_org)
		return x->other_org - y->other_org;
	return strcmp(x->vals[0], y->vals[0]);
}

/* The table rows of the most senior ORG_PEOPLE_SHOWN people seen. */
static int add_senior(struct capped *cp)
{
	size_t n = pm_tables[PM_T_PEOPLE].ncols, i;
	int rc = 0;

	if (cp->seen)
		qsort(cp->seen, cp->total, sizeof(*cp->seen), by_seniority);
	for (i = 0; i < cp->total && i < ORG_PEOPLE_SHOWN && rc == 0; i++)
		rc = cli_rows_add((const char *const *)cp->seen[i].vals, n, &cp->rows);
	return rc;
}

static void capped_free(struct capped *cp)
{
	size_t n = pm_tables[PM_T_PEOPLE].ncols, i, k;

	for (i = 0; cp->seen && i < cp->total; i++) {
		for (k = 0; cp->seen[i].vals && k < n; k++)
			free(cp->seen[i].vals[k]);
		free(cp->seen[i].vals);
	}
	free(cp->seen);
	cli_rows_free(&cp->rows);
}

static void print_org(struct cli *c, const struct org_ctx *oc)
{
	static const char *const order[] = { "kind", "industry", "parent", "children",
					     "employees", "revenue", "region", "website",
					     "domains", "notes" };
	const struct pm_table *tab = &pm_tables[PM_T_ORGS];
	size_t i, j;

	print_heading(oc->obj);
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		json_t *v = json_object_get(oc->obj, order[i]);
		if (!strcmp(order[i], "children")) {
			struct pm_strbuf b = PM_STRBUF_INIT;
			json_t *ch;
			json_array_foreach(oc->children, j, ch)
				pm_strbuf_addf(&b, "%s%s (%s)", j ? ", " : "",
					       json_string_value(json_object_get(ch, "name")),
					       json_string_value(json_object_get(ch, "key")));
			if (b.len)
				print_field(field_label(c, "children"), b.buf);
			pm_strbuf_release(&b);
		} else if (!strcmp(order[i], "revenue") && json_is_number(v)) {
			/* an amount with its currency, as kpi shows them */
			const char *cur = json_string_value(json_object_get(oc->obj, "currency"));
			char num[64], text[96];
			pm_money_format(num, sizeof(num), json_number_value(v), "");  /* no cents */
			snprintf(text, sizeof(text), "%s%s%s", num, cur ? " " : "", cur ? cur : "");
			print_field(field_label(c, "revenue"), text);
		} else {
			print_column(c, tab, (size_t)pm_table_col(tab, order[i]), v);
		}
	}
}

static int show_org(struct cli *c, const char *name, int json)
{
	static const enum pm_table_id parts[] = { PM_T_DEALS, PM_T_ACTIONS, PM_T_PLAN };
	static const char *const names[] = { "deals", "actions", "plan" };
	struct org_ctx oc = { NULL, NULL, json_array() };
	struct capped people;
	struct cli_rows rows[3];
	struct pm_filter f = { NULL, NULL };
	struct pm_error err;
	char *key = NULL;
	int64_t id;
	int rc, i, customer, exit_code = EXIT_OK;

	memset(&people, 0, sizeof(people));
	memset(rows, 0, sizeof(rows));
	if (!oc.children) {
		exit_code = cli_fail("out of memory");
		goto out;
	}
	if (pm_store_org_resolve(c->st, name, &id, &key, &err) < 0) {
		exit_code = cli_fail_err(&err);
		goto out;
	}
	oc.key = f.org = people.org = key;
	rc = pm_store_select(c->st, PM_T_ORGS, &f, on_org, &oc, &err);
	if (rc == 0 && cli_rows_init(&people.rows, PM_T_PEOPLE, json, c->lang) < 0)
		rc = pm_error_set(&err, PM_ENOMEM, "out of memory");
	if (rc == 0)
		rc = pm_store_select(c->st, PM_T_PEOPLE, &f, on_capped, &people, &err);
	if (rc == 0 && !json && add_senior(&people) < 0)
		rc = pm_error_set(&err, PM_ENOMEM, "out of memory");
	if (rc == 0)
		rc = read_sections(c, &f, parts, rows, json, &err);
	if (rc < 0) {
		exit_code = cli_fail_err(&err);
		goto out;
	}
	if (json) {
		json_t *o = json_object();
		json_object_set(o, "org", oc.obj);
		json_object_set(o, "children", oc.children);
		json_object_set_new(o, "people", cli_rows_take_json(&people.rows));
		for (i = 0; i < 3; i++)
			json_object_set_new(o, names[i], cli_rows_take_json(&rows[i]));
		exit_code = cli_print_json(o);
		goto out;
	}
	customer = !strcmp(json_string_value(json_object_get(oc.obj, "kind")), "customer");
	print_org(c, &oc);
	printf("\n%s (%zu)\n", TR(c, "People", "人物"), people.total);
	if (people.rows.count)
		cli_table_print(people.rows.table, stdout, CLI_WIDTH);
	if (people.total > people.rows.count)
		printf(TR(c, "… and %zu more: powermap list people --org %s\n",
			  "…ほか %zu 人: powermap list people --org %s\n"),
		       people.total - people.rows.count, key);
	/* our side's orgs have no deals or plan: their empty sections are left out */
	for (i = 0; i < 3; i++)
		if (rows[i].count || customer)
			print_section(i == 0 ? TR(c, "Deals", "商談")
				      : i == 1 ? TR(c, "Open actions", "未完了の行動")
				      : TR(c, "Plan", "計画"), &rows[i]);
out:
	capped_free(&people);
	for (i = 0; i < 3; i++)
		cli_rows_free(&rows[i]);
	json_decref(oc.obj);
	json_decref(oc.children);
	free(key);
	return exit_code;
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_error err;
	const char *name;
	int64_t id;
	int ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'h': return cli_help_in(c, help, help_ja, NULL);
		default: return cli_bad_option("show", argv);
		}
	}
	if (argc - optind == 2 && !strcmp(argv[optind], "person"))
		return show_person(c, argv[optind + 1], json);
	if (argc - optind == 2 && !strcmp(argv[optind], "org"))
		return show_org(c, argv[optind + 1], json);
	if (argc - optind != 1)
		return cli_usage("show", "name one person or org");
	name = argv[optind];
	/* a person first; an org when no person has that name */
	rc = pm_store_person_resolve(c->st, name, &id, NULL, &err);
	if (rc == PM_ENOTFOUND) {
		struct pm_error org_err;
		if (pm_store_org_resolve(c->st, name, &id, NULL, &org_err) == 0)
			return show_org(c, name, json);
		return cli_fail_err(&err);
	}
	return show_person(c, name, json);
}
