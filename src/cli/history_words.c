/*
 * powermap CLI — one history entry in the reader's words (log, review).
 *
 * The history keeps the canonical words (add, person, stance, skeptic);
 * JSON and files keep them. The tables of `log` and `review` show them in
 * the command's language: the operation, the kind of record, the field and,
 * for a field with fixed values, the values (懐疑的 -> 中立).
 */
#include <stdio.h>
#include <string.h>
#include "powermap/model.h"
#include "powermap/table.h"
#include "cli.h"

struct word {
	const char *en, *ja;
};

static const struct word operations[] = {
	{ "add", "追加" }, { "set", "変更" }, { "remove", "削除" }, { "import", "取込" },
	{ "merge", "統合" }, { "unmerge", "統合取消" },
};

static const struct word entities[] = {
	{ "org", "組織" }, { "person", "人物" }, { "link", "関係" }, { "interaction", "接触" },
	{ "deal", "商談" }, { "action", "行動" }, { "plan", "計画" }, { "config", "設定" },
};

static const struct word fields[] = {
	{ "account", "顧客" }, { "amount", "金額" }, { "at", "日時" }, { "channel", "経路" },
	{ "close_date", "完了予定" }, { "currency", "通貨" }, { "department", "部署" },
	{ "direction", "向き" }, { "domains", "ドメイン" }, { "due", "期限" },
	{ "email", "メール" }, { "employees", "従業員数" }, { "industry", "業種" },
	{ "kind", "種類" }, { "last_contact", "最終接触" }, { "minutes", "分" },
	{ "name", "名前" }, { "notes", "メモ" }, { "org", "組織" }, { "owner", "担当" },
	{ "parent", "親組織" }, { "person", "人物" }, { "power", "影響力" },
	{ "probability", "確度" }, { "region", "地域" }, { "revenue", "売上" },
	{ "role", "役割" }, { "section", "項目" }, { "source", "出典" }, { "stage", "段階" },
	{ "stance", "姿勢" }, { "status", "状態" }, { "strength", "強さ" },
	{ "subject", "件名" }, { "target", "対象" }, { "text", "本文" }, { "title", "役職" },
	{ "url", "URL" }, { "via", "紹介者" }, { "website", "Web サイト" },
};

static const char *lookup(const struct cli *c, const struct word *w, size_t n, const char *en)
{
	size_t i;

	if (!en || c->lang != PM_LANG_JA)
		return en;
	for (i = 0; i < n; i++)
		if (!strcmp(w[i].en, en))
			return w[i].ja;
	return en;
}

const char *cli_history_operation(const struct cli *c, const char *action)
{
	return lookup(c, operations, sizeof(operations) / sizeof(operations[0]), action);
}

const char *cli_history_entity(const struct cli *c, const char *entity)
{
	return lookup(c, entities, sizeof(entities) / sizeof(entities[0]), entity);
}

/* A value of field `field` of an `entity` record in the reader's words. */
static const char *value_words(const struct cli *c, const char *entity, const char *field,
			       const char *value)
{
	int t, col;

	if (!value)
		return TR(c, "(none)", "（なし）");
	if (c->lang != PM_LANG_JA || !entity || (t = pm_table_find(entity)) < 0 ||
	    (col = pm_table_col(&pm_tables[t], field)) < 0 ||
	    pm_tables[t].cols[col].type != PM_COL_ENUM)
		return value;
	return pm_enum_label(pm_tables[t].cols[col].values, value, 1);
}

const char *cli_history_change(const struct cli *c, const char *entity, const char *field,
			       const char *old_value, const char *new_value, const char *sep,
			       char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s -> %s",
		 lookup(c, fields, sizeof(fields) / sizeof(fields[0]), field), sep,
		 value_words(c, entity, field, old_value), value_words(c, entity, field, new_value));
	return buf;
}

const char *cli_history_note(const struct cli *c, const char *action, const char *note,
			     char *buf, size_t size)
{
	unsigned long n;
	char word[32];
	int used = 0;

	if (!note)
		return "";
	/* "12 interactions", "1 plan": a count and a kind of record */
	if (c->lang == PM_LANG_JA && action && !strcmp(action, "import") &&
	    sscanf(note, "%lu %31[a-z]%n", &n, word, &used) == 2 && !note[used] &&
	    pm_table_find(word) >= 0) {
		snprintf(buf, size, "%lu 件", n);
		return buf;
	}
	return note;
}
