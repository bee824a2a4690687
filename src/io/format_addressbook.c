/*
 * powermap — a colleague's address book, as Outlook and Google Contacts
 * export it to CSV: the people one of ours writes to. Outlook's headers in
 * English (First Name, Last Name, Company, Department, Job Title, E-mail
 * Address) and in Japanese (姓, 名, 会社, 部署, 役職, 電子メール アドレス),
 * Google's (Given Name, Family Name, Organization 1 - Name, E-mail 1 -
 * Value; the newer First Name, Organization Name ...), Thunderbird's
 * (Display Name, Primary Email, Organization); --map names others. An
 * address book has no dates and names no owner (--owner): each contact is
 * a tie of 0.3, source "contacts" — more than a LinkedIn connection (0.2),
 * less than a card exchanged at a meeting (0.5). Outlook's "Title" is the
 * honorific (Mr.), not the job: it is not read. See contacts.c.
 */
#include "contacts.h"

/* The columns as --map names them. */
static const struct pm_contacts_column columns[] = {
	{ "name", PM_C_NAME }, { "first", PM_C_FIRST }, { "last", PM_C_LAST },
	{ "email", PM_C_EMAIL }, { "org", PM_C_COMPANY }, { "department", PM_C_DEPARTMENT },
	{ "title", PM_C_TITLE }, { "owner", PM_C_OWNER }, { "url", PM_C_URL },
};

/* The headers address books use, by column (Latin ones in any case). */
static const struct pm_contacts_column known[] = {
	{ "Name", PM_C_NAME }, { "Display Name", PM_C_NAME }, { "表示名", PM_C_NAME },
	{ "氏名", PM_C_NAME },
	{ "First Name", PM_C_FIRST }, { "Given Name", PM_C_FIRST }, { "名", PM_C_FIRST },
	{ "Last Name", PM_C_LAST }, { "Family Name", PM_C_LAST }, { "Surname", PM_C_LAST },
	{ "姓", PM_C_LAST },
	{ "E-mail Address", PM_C_EMAIL }, { "E-mail 1 - Value", PM_C_EMAIL },
	{ "Primary Email", PM_C_EMAIL }, { "Email Address", PM_C_EMAIL },
	{ "電子メール アドレス", PM_C_EMAIL }, { "電子メール", PM_C_EMAIL },
	{ "メールアドレス", PM_C_EMAIL }, { "Email", PM_C_EMAIL },
	{ "Company", PM_C_COMPANY }, { "Organization 1 - Name", PM_C_COMPANY },
	{ "Organization Name", PM_C_COMPANY }, { "Organization", PM_C_COMPANY },
	{ "会社", PM_C_COMPANY }, { "会社名", PM_C_COMPANY },
	{ "Department", PM_C_DEPARTMENT }, { "Organization 1 - Department", PM_C_DEPARTMENT },
	{ "Organization Department", PM_C_DEPARTMENT }, { "部署", PM_C_DEPARTMENT },
	{ "Job Title", PM_C_TITLE }, { "Organization 1 - Title", PM_C_TITLE },
	{ "Organization Title", PM_C_TITLE }, { "役職", PM_C_TITLE },
};

static int header(struct pm_import *im, const char *const *fields, size_t n, int *col)
{
	return pm_contacts_header(im, fields, n, col, columns, sizeof(columns) / sizeof(columns[0]),
				  known, sizeof(known) / sizeof(known[0]));
}

static const struct pm_contacts addressbook = {
	header, "contacts", "0.3", NULL, NULL,
	PM_N_("not an address book: no name column (First Name and Last Name, Name, 姓 and "
	      "名); name the columns with --map 'first=...,last=...,org=...,email=...'"),
	PM_N_("whose address book is this? give --owner PERSON (one of ours)"),
	PM_N_("no company column (Company, 会社, Organization 1 - Name): people without their org"),
};

static int probe(struct pm_import *im, struct pm_source *src, unsigned *tables)
{
	return pm_contacts_probe(&addressbook, im, src, tables);
}

static int read_table(struct pm_import *im, struct pm_source *src, enum pm_table_id t)
{
	return pm_contacts_read(&addressbook, im, src, t);
}

const struct pm_format pm_format_addressbook = { "contacts", probe, read_table };
