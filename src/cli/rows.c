/* powermap CLI — records of one kind shown as a table or a JSON array. */
#include <stdio.h>
#include <string.h>
#include "powermap/json.h"
#include "cli.h"

/* Columns shown in the table view (all columns go to JSON). */
static const char *const shown[PM_T_COUNT][PM_TABLE_MAXCOLS] = {
	[PM_T_ORGS] = { "key", "name", "kind", "industry", "parent", NULL },
	[PM_T_PEOPLE] = { "key", "name", "org", "title", "role", "stance", "power", NULL },
	[PM_T_LINKS] = { "from", "to", "kind", "strength", "last_contact", "source", NULL },
	[PM_T_INTERACTIONS] = { "person", "at", "channel", "owner", "subject", "minutes", NULL },
	[PM_T_DEALS] = { "key", "account", "name", "stage", "amount", "currency",
			 "probability", "close_date", NULL },
	[PM_T_ACTIONS] = { "due", "target", "channel", "via", "owner", "status", "notes", NULL },
	[PM_T_PLAN] = { "account", "section", "text", NULL },
};

/* The same columns' headings in Japanese (the CSV names stay in JSON and in files). */
static const char *const shown_ja[PM_T_COUNT][PM_TABLE_MAXCOLS] = {
	[PM_T_ORGS] = { "キー", "名前", "種類", "業種", "親組織", NULL },
	[PM_T_PEOPLE] = { "キー", "名前", "組織", "役職", "役割", "姿勢", "影響力", NULL },
	[PM_T_LINKS] = { "元", "先", "種類", "強さ", "最終接触", "出典", NULL },
	[PM_T_INTERACTIONS] = { "人物", "日時", "経路", "担当", "件名", "分", NULL },
	[PM_T_DEALS] = { "キー", "顧客", "名前", "段階", "金額", "通貨", "確度", "完了予定", NULL },
	[PM_T_ACTIONS] = { "期限", "対象", "経路", "紹介者", "担当", "状態", "メモ", NULL },
	[PM_T_PLAN] = { "顧客", "項目", "本文", NULL },
};

int cli_rows_add_id(int64_t id, const char *const *vals, size_t n, void *vctx)
{
	struct cli_rows *lc = vctx;
	const char *cells[PM_TABLE_MAXCOLS + 1];
	char num[32], when[PM_TABLE_MAXCOLS][24];
	size_t i, k = 0;

	lc->count++;
	if (lc->array) {
		json_t *o = lc->with_id && id > 0 ? json_pack("{sI}", "id", (json_int_t)id)
						   : json_object(), *rec = pm_json_record(lc->t, vals);
		(void)n;
		if (!o || !rec || json_object_update(o, rec) < 0) {
			json_decref(o);
			json_decref(rec);
			return PM_ENOMEM;
		}
		json_decref(rec);
		return json_array_append_new(lc->array, o) ? PM_ENOMEM : 0;
	}
	if (lc->with_id) {
		snprintf(num, sizeof(num), "%lld", (long long)id);
		cells[k++] = id > 0 ? num : NULL;
	}
	for (i = 0; i < lc->nshown; i++) {
		const struct pm_column *col = &pm_tables[lc->t].cols[lc->idx[i]];
		const char *cell = vals[lc->idx[i]];
		/* enum values in the reader's words (JSON and files keep the canonical ones) */
		if (col->type == PM_COL_ENUM && cell)
			cell = pm_enum_label(col->values, cell, lc->lang == PM_LANG_JA);
		/* a time as the reader writes it, 2026-11-24 14:00 (files keep the T) */
		if (col->type == PM_COL_DATETIME && cell && strlen(cell) > 10 &&
		    strlen(cell) < sizeof(when[i]) && cell[10] == 'T') {
			snprintf(when[i], sizeof(when[i]), "%s", cell);
			when[i][10] = ' ';
			cell = when[i];
		}
		cells[k++] = cell;
	}
	return cli_table_add(lc->table, cells);
}

int cli_rows_add(const char *const *vals, size_t n, void *vctx)
{
	return cli_rows_add_id(0, vals, n, vctx);
}

int cli_rows_init(struct cli_rows *r, int t, int json, enum pm_lang lang)
{
	const char *head[PM_TABLE_MAXCOLS + 1];
	const char *const *names = lang == PM_LANG_JA ? shown_ja[t] : shown[t];
	size_t i, k = 0;

	memset(r, 0, sizeof(r[0]));
	r->t = t;
	r->lang = lang;
	r->with_id = t == PM_T_ACTIONS || t == PM_T_INTERACTIONS;
	if (json)
		return (r->array = json_array()) ? 0 : PM_ENOMEM;
	if (r->with_id)
		head[k++] = "id";
	for (i = 0; shown[t][i]; i++) {
		r->idx[i] = pm_table_col(&pm_tables[t], shown[t][i]);
		head[k++] = names[i];
	}
	r->nshown = i;
	r->table = cli_table_new(k, head);
	return r->table ? 0 : PM_ENOMEM;
}

json_t *cli_rows_take_json(struct cli_rows *r)
{
	json_t *a = r->array;

	r->array = NULL;
	return a;
}

void cli_rows_free(struct cli_rows *r)
{
	json_decref(r->array);
	cli_table_free(r->table);
	r->array = NULL;
	r->table = NULL;
}
