/*
 * powermap — the headers of native CSV files: our column names as people
 * type them (any case of ASCII letters, full-width letters, spaces around)
 * and the Japanese headers a team writes in its own Excel sheets (氏名, 会社,
 * 役職, メールアドレス ...). See import_internal.h.
 *
 * A header names at most one column per table; the same Japanese word may
 * name columns of different tables (名前 is an org's name and a person's):
 * the table is told by the required columns, as for English headers.
 */
#include <ctype.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/table.h"
#include "import_internal.h"

static const struct {
	enum pm_table_id t;
	const char *col;
	const char *header;      /* as folded by fold(): no spaces around */
} japanese[] = {
	{ PM_T_ORGS, "key", "キー" }, { PM_T_ORGS, "key", "id" }, { PM_T_ORGS, "key", "組織キー" },
	{ PM_T_ORGS, "key", "会社コード" }, { PM_T_ORGS, "key", "取引先コード" },
	{ PM_T_ORGS, "name", "名前" }, { PM_T_ORGS, "name", "名称" }, { PM_T_ORGS, "name", "会社名" },
	{ PM_T_ORGS, "name", "組織名" }, { PM_T_ORGS, "name", "取引先名" },
	{ PM_T_ORGS, "kind", "種類" }, { PM_T_ORGS, "kind", "種別" }, { PM_T_ORGS, "kind", "区分" },
	{ PM_T_ORGS, "industry", "業種" }, { PM_T_ORGS, "industry", "業界" },
	{ PM_T_ORGS, "parent", "親会社" }, { PM_T_ORGS, "parent", "親組織" },
	{ PM_T_ORGS, "notes", "メモ" }, { PM_T_ORGS, "notes", "備考" },
	{ PM_T_ORGS, "domains", "ドメイン" },
	{ PM_T_ORGS, "employees", "従業員数" }, { PM_T_ORGS, "employees", "社員数" },
	{ PM_T_ORGS, "revenue", "売上" }, { PM_T_ORGS, "revenue", "売上高" },
	{ PM_T_ORGS, "revenue", "年商" },
	{ PM_T_ORGS, "currency", "通貨" },
	{ PM_T_ORGS, "region", "地域" }, { PM_T_ORGS, "region", "都道府県" },
	{ PM_T_ORGS, "region", "所在地" },
	{ PM_T_ORGS, "website", "ウェブサイト" }, { PM_T_ORGS, "website", "webサイト" },
	{ PM_T_ORGS, "website", "ホームページ" },

	{ PM_T_PEOPLE, "key", "キー" }, { PM_T_PEOPLE, "key", "id" },
	{ PM_T_PEOPLE, "key", "人物キー" }, { PM_T_PEOPLE, "key", "社員番号" },
	{ PM_T_PEOPLE, "name", "氏名" }, { PM_T_PEOPLE, "name", "名前" },
	{ PM_T_PEOPLE, "name", "氏名（漢字）" }, { PM_T_PEOPLE, "name", "担当者名" },
	{ PM_T_PEOPLE, "org", "組織" }, { PM_T_PEOPLE, "org", "会社" },
	{ PM_T_PEOPLE, "org", "会社名" }, { PM_T_PEOPLE, "org", "所属" },
	{ PM_T_PEOPLE, "org", "取引先" }, { PM_T_PEOPLE, "org", "勤務先" },
	{ PM_T_PEOPLE, "org", "取引先名" }, { PM_T_PEOPLE, "org", "企業名" },
	{ PM_T_PEOPLE, "title", "役職" }, { PM_T_PEOPLE, "title", "役職名" },
	{ PM_T_PEOPLE, "title", "肩書" }, { PM_T_PEOPLE, "title", "肩書き" },
	{ PM_T_PEOPLE, "department", "部署" }, { PM_T_PEOPLE, "department", "部署名" },
	{ PM_T_PEOPLE, "department", "部門" },
	{ PM_T_PEOPLE, "email", "メールアドレス" }, { PM_T_PEOPLE, "email", "メール" },
	{ PM_T_PEOPLE, "email", "eメール" }, { PM_T_PEOPLE, "email", "e-mail" },
	{ PM_T_PEOPLE, "url", "プロフィールurl" },
	{ PM_T_PEOPLE, "role", "役割" }, { PM_T_PEOPLE, "role", "購買役割" },
	{ PM_T_PEOPLE, "role", "購買上の役割" },
	{ PM_T_PEOPLE, "stance", "スタンス" }, { PM_T_PEOPLE, "stance", "態度" },
	{ PM_T_PEOPLE, "stance", "姿勢" },
	{ PM_T_PEOPLE, "power", "影響力" }, { PM_T_PEOPLE, "power", "パワー" },
	{ PM_T_PEOPLE, "notes", "メモ" }, { PM_T_PEOPLE, "notes", "備考" },

	{ PM_T_LINKS, "from", "元" }, { PM_T_LINKS, "from", "から" }, { PM_T_LINKS, "from", "人物1" },
	{ PM_T_LINKS, "to", "先" }, { PM_T_LINKS, "to", "へ" }, { PM_T_LINKS, "to", "人物2" },
	{ PM_T_LINKS, "kind", "種類" }, { PM_T_LINKS, "kind", "関係" },
	{ PM_T_LINKS, "kind", "関係の種類" },
	{ PM_T_LINKS, "strength", "強さ" }, { PM_T_LINKS, "strength", "関係の強さ" },
	{ PM_T_LINKS, "strength", "強度" },
	{ PM_T_LINKS, "last_contact", "最終接触日" }, { PM_T_LINKS, "last_contact", "最終接触" },
	{ PM_T_LINKS, "last_contact", "最終連絡日" },
	{ PM_T_LINKS, "source", "出典" }, { PM_T_LINKS, "source", "情報源" },
	{ PM_T_LINKS, "notes", "メモ" }, { PM_T_LINKS, "notes", "備考" },

	{ PM_T_INTERACTIONS, "person", "相手" }, { PM_T_INTERACTIONS, "person", "人物" },
	{ PM_T_INTERACTIONS, "at", "日時" }, { PM_T_INTERACTIONS, "at", "日付" },
	{ PM_T_INTERACTIONS, "channel", "手段" }, { PM_T_INTERACTIONS, "channel", "チャネル" },
	{ PM_T_INTERACTIONS, "owner", "担当" }, { PM_T_INTERACTIONS, "owner", "担当者" },
	{ PM_T_INTERACTIONS, "subject", "件名" }, { PM_T_INTERACTIONS, "subject", "用件" },
	{ PM_T_INTERACTIONS, "minutes", "分" }, { PM_T_INTERACTIONS, "minutes", "所要時間（分）" },
	{ PM_T_INTERACTIONS, "direction", "方向" }, { PM_T_INTERACTIONS, "direction", "向き" },

	{ PM_T_DEALS, "key", "キー" }, { PM_T_DEALS, "key", "id" }, { PM_T_DEALS, "key", "案件id" },
	{ PM_T_DEALS, "key", "商談id" },
	{ PM_T_DEALS, "account", "取引先" }, { PM_T_DEALS, "account", "アカウント" },
	{ PM_T_DEALS, "account", "顧客" },
	{ PM_T_DEALS, "name", "案件名" }, { PM_T_DEALS, "name", "商談名" },
	{ PM_T_DEALS, "stage", "ステージ" }, { PM_T_DEALS, "stage", "フェーズ" },
	{ PM_T_DEALS, "stage", "段階" },
	{ PM_T_DEALS, "amount", "金額" }, { PM_T_DEALS, "amount", "見込金額" },
	{ PM_T_DEALS, "currency", "通貨" },
	{ PM_T_DEALS, "probability", "確度" }, { PM_T_DEALS, "probability", "受注確度" },
	{ PM_T_DEALS, "close_date", "完了予定日" }, { PM_T_DEALS, "close_date", "受注予定日" },
	{ PM_T_DEALS, "close_date", "クローズ予定日" },
	{ PM_T_DEALS, "updated_at", "更新日" }, { PM_T_DEALS, "updated_at", "最終更新日" },

	{ PM_T_ACTIONS, "target", "相手" }, { PM_T_ACTIONS, "target", "対象" },
	{ PM_T_ACTIONS, "target", "対象者" },
	{ PM_T_ACTIONS, "owner", "担当" }, { PM_T_ACTIONS, "owner", "担当者" },
	{ PM_T_ACTIONS, "due", "期限" }, { PM_T_ACTIONS, "due", "期日" },
	{ PM_T_ACTIONS, "channel", "手段" }, { PM_T_ACTIONS, "channel", "チャネル" },
	{ PM_T_ACTIONS, "via", "紹介者" }, { PM_T_ACTIONS, "via", "経由" },
	{ PM_T_ACTIONS, "status", "状態" }, { PM_T_ACTIONS, "status", "ステータス" },
	{ PM_T_ACTIONS, "notes", "メモ" }, { PM_T_ACTIONS, "notes", "備考" },

	{ PM_T_PLAN, "account", "取引先" }, { PM_T_PLAN, "account", "アカウント" },
	{ PM_T_PLAN, "section", "項目" }, { PM_T_PLAN, "section", "セクション" },
	{ PM_T_PLAN, "text", "内容" }, { PM_T_PLAN, "text", "本文" },
};

/* header with full-width ASCII as ASCII, spaces around trimmed, ASCII lower case. */
static int fold(const char *header, struct pm_strbuf *sb)
{
	size_t i;

	pm_fold_width(header, sb);
	if (sb->oom)
		return PM_ENOMEM;
	for (i = 0; i < sb->len; i++)
		sb->buf[i] = (char)tolower((unsigned char)sb->buf[i]);
	return 0;
}

/* A known unit in parentheses at the end of folded header h: its row, and where "(" is. */
static const struct unit {
	const char *name;
	double scale;
	int yen;
} units[] = {
	{ "円", 1, 1 }, { "千円", 1e3, 1 }, { "万円", 1e4, 1 }, { "百万円", 1e6, 1 },
	{ "千万円", 1e7, 1 }, { "億円", 1e8, 1 }, { "jpy", 1, 1 }, { "人", 1, 0 },
	{ "名", 1, 0 }, { "単位:百万円", 1e6, 1 }, { "単位:千円", 1e3, 1 },
};

static const struct unit *unit_of(const char *h, size_t *open)
{
	size_t n = strlen(h), i, k;

	if (!n || h[n - 1] != ')' || !strchr(h, '('))
		return NULL;
	*open = (size_t)(strrchr(h, '(') - h);
	for (k = 0; k < sizeof(units) / sizeof(units[0]); k++) {
		const char *u = units[k].name;
		size_t len = n - *open - 2;
		for (i = *open + 1; h[i] == ' '; i++, len--)
			;
		while (len && h[i + len - 1] == ' ')
			len--;
		if (strlen(u) == len && !strncmp(h + i, u, len))
			return &units[k];
	}
	return NULL;
}

double pm_native_unit(const char *header, int *yen)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	const struct unit *u = NULL;
	size_t open;

	*yen = 0;
	if (fold(header, &sb) == 0)
		u = unit_of(pm_strbuf_str(&sb), &open);
	pm_strbuf_release(&sb);
	if (!u)
		return 1;
	*yen = u->yen;
	return u->scale;
}

static int column_of(enum pm_table_id t, const char *header);

int pm_native_column(enum pm_table_id t, const char *header)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	const struct unit *u;
	size_t open;
	int c = column_of(t, header);

	if (c >= 0 || fold(header, &sb) < 0 || !(u = unit_of(pm_strbuf_str(&sb), &open))) {
		pm_strbuf_release(&sb);
		return c;
	}
	/* 売上高（百万円）: the header before the unit, for a number column */
	sb.buf[open] = '\0';
	sb.len = open;
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	c = column_of(t, pm_strbuf_str(&sb));
	pm_strbuf_release(&sb);
	return c >= 0 && pm_tables[t].cols[c].type == PM_COL_NUMBER ? c : -1;
}

static int column_of(enum pm_table_id t, const char *header)
{
	const struct pm_table *tab = &pm_tables[t];
	struct pm_strbuf sb = PM_STRBUF_INIT;
	const char *h;
	size_t k;
	int c = pm_table_col(tab, header);

	if (c >= 0 || fold(header, &sb) < 0) {
		pm_strbuf_release(&sb);
		return c;
	}
	h = pm_strbuf_str(&sb);
	if ((c = pm_table_col(tab, h)) < 0)
		for (k = 0; k < sizeof(japanese) / sizeof(japanese[0]); k++)
			if (japanese[k].t == t && !strcmp(japanese[k].header, h)) {
				c = pm_table_col(tab, japanese[k].col);
				break;
			}
	pm_strbuf_release(&sb);
	return c;
}

const char *pm_native_header_ja(enum pm_table_id t, const char *col)
{
	size_t k;

	for (k = 0; k < sizeof(japanese) / sizeof(japanese[0]); k++)
		if (japanese[k].t == t && !strcmp(japanese[k].col, col))
			return japanese[k].header;
	return NULL;
}

/* The halves of a name, as headers (folded by fold()). */
static const struct {
	const char *header;
	int part;
} name_parts[] = {
	{ "姓", PM_NAME_LAST }, { "姓（漢字）", PM_NAME_LAST }, { "last name", PM_NAME_LAST },
	{ "lastname", PM_NAME_LAST }, { "last_name", PM_NAME_LAST },
	{ "family name", PM_NAME_LAST }, { "last", PM_NAME_LAST },
	{ "名", PM_NAME_FIRST }, { "名（漢字）", PM_NAME_FIRST }, { "first name", PM_NAME_FIRST },
	{ "firstname", PM_NAME_FIRST }, { "first_name", PM_NAME_FIRST },
	{ "given name", PM_NAME_FIRST }, { "first", PM_NAME_FIRST },
};

int pm_native_name_part(const char *header)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	int part = 0;
	size_t k;

	if (fold(header, &sb) == 0)
		for (k = 0; k < sizeof(name_parts) / sizeof(name_parts[0]); k++)
			if (!strcmp(name_parts[k].header, pm_strbuf_str(&sb))) {
				part = name_parts[k].part;
				break;
			}
	pm_strbuf_release(&sb);
	return part;
}
