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

/* The last occurrence of needle in s, or NULL. */
static const char *last_of(const char *s, const char *needle)
{
	const char *p, *last = NULL;

	for (p = s; (p = strstr(p, needle)); p++)
		last = p;
	return last;
}

/* The text from `from` up to `to` into w (cut to its size). */
static char *cut(char *w, size_t size, const char *from, const char *to)
{
	snprintf(w, size, "%.*s", (int)(to - from), from);
	return w;
}

/*
 * A record as pm_record_describe_en writes it for the history ("interaction
 * with 'P' at DAY", "action for 'P' due DAY", "plan section 'S' of 'A'",
 * "KIND link 'A' - 'B'", "deal 'KEY'") in the messages' language, by the
 * same formats; NULL when en is none of them.
 */
static const char *described(const char *en, char *buf, size_t size)
{
	char a[256], b[256], kind[32];
	const char *p, *q;
	size_t len = strlen(en);
	int t, n = 0;

	if (!strncmp(en, "interaction with '", 18) && (p = last_of(en, "' at ")) &&
	    p >= en + 18) {
		snprintf(buf, size, pm_msg("interaction with '%s' at %s"),
			 cut(a, sizeof(a), en + 18, p), p + 5);
		return buf;
	}
	if (!strncmp(en, "action for '", 12) && (p = last_of(en, "'")) && p >= en + 12 &&
	    (!p[1] || !strncmp(p, "' due ", 6))) {
		snprintf(buf, size, pm_msg("action for '%s'%s%s"), cut(a, sizeof(a), en + 12, p),
			 p[1] ? pm_msg(" due ") : "", p[1] ? p + 6 : "");
		return buf;
	}
	if (!strncmp(en, "plan section '", 14) && (p = strstr(en + 14, "' of '")) &&
	    en[len - 1] == '\'' && (q = p + 6) < en + len) {
		snprintf(buf, size, pm_msg("plan section '%s' of '%s'"),
			 cut(a, sizeof(a), en + 14, p), cut(b, sizeof(b), q, en + len - 1));
		return buf;
	}
	if (en[len - 1] != '\'')
		return NULL;
	if (sscanf(en, "%31[a-z_] link '%n", kind, &n) == 1 && n > 0 &&
	    pm_enum_find(pm_link_kinds, kind) >= 0 && (p = strstr(en + n, "' - '"))) {
		snprintf(buf, size, pm_msg("%s link '%s' - '%s'"),
			 pm_enum_label(pm_link_kinds, kind, pm_messages_lang_now() == PM_LANG_JA),
			 cut(a, sizeof(a), en + n, p), cut(b, sizeof(b), p + 5, en + len - 1));
		return buf;
	}
	if (sscanf(en, "%31[a-z] '%n", kind, &n) == 1 && n > 0 &&
	    (t = pm_table_find(kind)) >= 0 && !strcmp(pm_tables[t].singular, kind)) {
		snprintf(buf, size, "%s '%s", pm_msg(kind), en + n);
		return buf;
	}
	return NULL;
}

const char *cli_history_subject(const struct cli *c, const char *entity, const char *subject,
				char *buf, size_t size)
{
	const char *p, *kind, *end, *sp;
	char word[32];

	if (c->lang != PM_LANG_JA || !subject || !entity)
		return subject;
	if (!strcmp(entity, "link") && strstr(subject, " -> ") &&
	    (p = last_of(subject, " (")) && (end = p + 2 + strcspn(p + 2, ",)")) && *end) {
		kind = p + 2;
		snprintf(word, sizeof(word), "%.*s", (int)(end - kind), kind);
		if (pm_enum_find(pm_link_kinds, word) < 0)
			return subject;
		snprintf(buf, size, "%.*s%s%s", (int)(kind - subject), subject,
			 pm_enum_label(pm_link_kinds, word, 1), end);
		return buf;
	}
	/* an added interaction: "PERSON DAY CHANNEL" */
	if (!strcmp(entity, "interaction") && subject[0] != '#' && (sp = strrchr(subject, ' ')) &&
	    strlen(sp + 1) < sizeof(word)) {
		const char *ja = value_words(c, entity, "channel", sp + 1);
		if (ja == sp + 1)
			return subject;
		snprintf(buf, size, "%.*s %s", (int)(sp - subject), subject, ja);
		return buf;
	}
	if (subject[0] != '#' && strchr(subject, '\'')) {
		p = described(subject, buf, size);
		return p ? p : subject;
	}
	return subject;
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
	if (c->lang == PM_LANG_JA && action && !strcmp(action, "add") && strchr(note, '\'')) {
		const char *ja = described(note, buf, size);
		return ja ? ja : note;
	}
	return note;
}
