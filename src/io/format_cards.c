/*
 * powermap — business-card exports (Sansan, Eight and the like): who of us
 * exchanged cards with whom and when. Their CSV is often Shift_JIS (read as
 * CP932, see import.c) with Japanese headers that vary by vendor; the usual
 * ones are known (氏名 or 姓 and 名, 会社名, 部署名, 役職, メールアドレス,
 * 名刺交換日, 名刺所有者), and --map names others
 * ("name=お名前,org=勤務先,met_on=交換日,owner=担当者"). A card exchange is a
 * real meeting: the ties are 0.5. See contacts.c.
 */
#include "contacts.h"

/* The columns as --map names them. */
static const struct pm_contacts_column columns[] = {
	{ "name", PM_C_NAME }, { "first", PM_C_FIRST }, { "last", PM_C_LAST },
	{ "url", PM_C_URL }, { "email", PM_C_EMAIL }, { "org", PM_C_COMPANY },
	{ "department", PM_C_DEPARTMENT }, { "title", PM_C_TITLE },
	{ "met_on", PM_C_DATE }, { "owner", PM_C_OWNER },
};

/* The headers vendors use, by column. */
static const struct pm_contacts_column known[] = {
	{ "氏名", PM_C_NAME }, { "名前", PM_C_NAME }, { "氏名（漢字）", PM_C_NAME },
	{ "フルネーム", PM_C_NAME }, { "Name", PM_C_NAME },
	{ "姓", PM_C_LAST }, { "名", PM_C_FIRST },
	{ "会社名", PM_C_COMPANY }, { "会社", PM_C_COMPANY }, { "企業名", PM_C_COMPANY },
	{ "Company", PM_C_COMPANY },
	{ "部署名", PM_C_DEPARTMENT }, { "部署", PM_C_DEPARTMENT }, { "所属", PM_C_DEPARTMENT },
	{ "役職", PM_C_TITLE }, { "役職名", PM_C_TITLE }, { "Title", PM_C_TITLE },
	{ "メールアドレス", PM_C_EMAIL }, { "E-mail", PM_C_EMAIL }, { "Eメール", PM_C_EMAIL },
	{ "メール", PM_C_EMAIL }, { "Email", PM_C_EMAIL }, { "E-mailアドレス", PM_C_EMAIL },
	{ "名刺交換日", PM_C_DATE }, { "交換日", PM_C_DATE }, { "名刺交換日時", PM_C_DATE },
	{ "名刺所有者", PM_C_OWNER }, { "所有者", PM_C_OWNER }, { "名刺交換者", PM_C_OWNER },
	{ "登録者", PM_C_OWNER },
};

static int header(struct pm_import *im, const char *const *fields, size_t n, int *col)
{
	return pm_contacts_header(im, fields, n, col, columns, sizeof(columns) / sizeof(columns[0]),
				  known, sizeof(known) / sizeof(known[0]));
}

static const struct pm_contacts cards = {
	header, "card", "0.5", PM_N_("the exchange date"), "2026/11/25",
	PM_N_("not a business-card export: no name column (氏名, or 姓 and 名); name the "
	      "columns with --map 'name=...,org=...,met_on=...,owner=...'"),
	PM_N_("whose cards are these? no owner column (名刺所有者): give --owner PERSON or "
	      "--map 'owner=...'"),
	PM_N_("no company or exchange-date column: people without their org or date"),
};

static int probe(struct pm_import *im, struct pm_source *src, unsigned *tables)
{
	return pm_contacts_probe(&cards, im, src, tables);
}

static int read_table(struct pm_import *im, struct pm_source *src, enum pm_table_id t)
{
	return pm_contacts_read(&cards, im, src, t);
}

const struct pm_format pm_format_cards = { "cards", probe, read_table };
