/* Unit tests: import validation and the record-level pipeline (src/io/import*.c, format_native.c). */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/import.h"
#include "powermap/names.h"
#include "../testutil.h"
#include "../../src/io/import_internal.h"   /* pm_bulk_single_thread */

static char *dir, *dbp;
static struct pm_store *st;
static int forced_type = -1;   /* --type for the next import() */
static const char *forced_new_orgs;   /* --new-orgs for the next import() */
static struct pm_import_stats last_stats;   /* of the last import() */

#define ORGS "key,name,kind,industry,parent,notes\n" \
	"acme,Acme 株式会社,customer,製造,,\n" \
	"us,Us,own,,,\n"
#define PEOPLE "key,name,org,title,role,stance,power\n" \
	"ceo,田中 一郎,acme,社長,economic_buyer,neutral,5\n" \
	"cto,佐藤 花子,acme,CTO,technical_buyer,supporter,\n" \
	"dev,鈴木,acme,担当,,,\n" \
	"me,Me,us,AE,,,\n"

static void setup(void)
{
	struct pm_error err;

	dir = tu_tmpdir();
	dbp = tu_path(dir, "t.db");
	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0, "%s", err.msg);
}

static void teardown(void)
{
	pm_store_close(st);
	free(dbp);
	tu_rmdir(dir);
}

TestSuite(import, .init = setup, .fini = teardown);

/* Import the given (name, content) pairs; returns the rc, fills diags. */
static int import(struct pm_diags *d, int strict, int n, ...)
{
	const char *paths[8];
	struct pm_import_opts o = { .type = forced_type, .strict = strict,
				    .new_orgs = forced_new_orgs };
	struct pm_import_stats stats;
	struct pm_error err;
	va_list ap;
	int i, rc;

	memset(d, 0, sizeof(*d));
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		const char *name = va_arg(ap, const char *);
		const char *content = va_arg(ap, const char *);
		paths[i] = tu_write(dir, name, content);
	}
	va_end(ap);
	rc = pm_import_files(st, paths, (size_t)n, &o, &stats, d, &err);
	last_stats = stats;
	for (i = 0; i < n; i++)
		free((char *)paths[i]);
	return rc;
}

/* The base account, imported cleanly. */
static void base(void)
{
	struct pm_diags d;

	cr_assert_eq(import(&d, 0, 2, "people.csv", PEOPLE, "orgs.csv", ORGS), 0,
		     "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
}

/* Assert one error at file:line:col whose message contains `text`. */
static void expect_error(struct pm_diags *d, const char *file, size_t line, size_t col,
			 const char *text)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct pm_diag *g = &d->items[i];
		const char *base_name = strrchr(g->file, '/');
		base_name = base_name ? base_name + 1 : g->file;
		if (!g->warning && !strcmp(base_name, file) && g->line == line &&
		    g->col == col && strstr(g->msg, text))
			return;
	}
	for (i = 0; i < d->n; i++)
		fprintf(stderr, "  got: %s:%zu:%zu: %s\n", d->items[i].file, d->items[i].line,
			d->items[i].col, d->items[i].msg);
	cr_assert_fail("no error %s:%zu:%zu containing '%s'", file, line, col, text);
}

/* Run a bad import after `base`, check the error and that nothing changed. */
#define REJECTS_T(type, file, content, eline, ecol, etext)                     \
	do {                                                                    \
		struct pm_diags d_;                                             \
		char *before_, *after_;                                         \
		base();                                                         \
		before_ = tu_db_dump(dbp);                                      \
		forced_type = (type);                                           \
		cr_assert_eq(import(&d_, 0, 1, file, content), PM_EIMPORT);     \
		forced_type = -1;                                               \
		expect_error(&d_, file, eline, ecol, etext);                    \
		after_ = tu_db_dump(dbp);                                       \
		cr_assert_str_eq(before_, after_, "database changed");          \
		free(before_);                                                  \
		free(after_);                                                   \
		pm_diags_free(&d_);                                             \
	} while (0)
#define REJECTS(file, content, eline, ecol, etext) \
	REJECTS_T(-1, file, content, eline, ecol, etext)

PM_TEST(import, imports_in_dependency_order)
{
	struct pm_diags d;

	/* links first on the command line, people after: still fine */
	cr_assert_eq(import(&d, 0, 3, "links.csv",
			    "from,to,kind,strength,last_contact,source\n"
			    "cto,ceo,reports_to,,,\nme,cto,knows,0.7,2026-10-01,crm\n",
			    "people.csv", PEOPLE, "orgs.csv", ORGS), 0);
	cr_assert_eq(d.nerrors, 0);
	pm_diags_free(&d);
}

PM_TEST(import, invalid_utf8)
{
	/* neither UTF-8 nor CP932 (0xFF); a CP932 file is converted (excel tests) */
	REJECTS("p2.csv", "key,name,org\nx1,\x93\x63\xff,acme\n", 2, 2, "invalid UTF-8");
}

PM_TEST(import, wrong_field_count)
{
	REJECTS("p2.csv", "key,name,org\nx1,Xavier,acme,extra\n", 2, 4, "expected 3 fields");
}

PM_TEST(import, unknown_org_reference)
{
	REJECTS("p2.csv", "key,name,org\nx1,Xavier,nowhere\n", 2, 3, "unknown org 'nowhere'");
}

PM_TEST(import, unknown_person_reference)
{
	REJECTS("l.csv", "from,to,kind\nme,ghost,knows\n", 2, 2, "unknown person 'ghost'");
}

PM_TEST(import, duplicate_key_within_import)
{
	REJECTS("p2.csv", "key,name\nx1,Xavier\nx2,Yves\nx1,Zoe\n", 4, 1,
		"duplicate person 'x1' (first given at ");
	/* the error points at the key, wherever its column is */
	REJECTS("p3.csv", "name,key\nXavier,x1\nZoe,x1\n", 3, 2, "duplicate person 'x1'");
	REJECTS("o.csv", "name,kind,key\nX,customer,x\nY,customer,x\n", 3, 3,
		"duplicate org 'x'");
}

PM_TEST(import, duplicate_link_within_import_either_direction)
{
	REJECTS("l.csv", "from,to,kind,source\nme,cto,knows,crm\ncto,me,knows,crm\n", 3, 1,
		"duplicate knows link");
}

PM_TEST(import, unknown_org_kind)
{
	REJECTS("o.csv", "key,name,kind\nx,X,vc\n", 2, 3, "unknown kind 'vc'");
}

PM_TEST(import, unknown_role)
{
	REJECTS("p2.csv", "key,name,role\nx1,X,ceo\n", 2, 3, "unknown role 'ceo'");
}

PM_TEST(import, unknown_stance)
{
	REJECTS("p2.csv", "key,name,stance\nx1,X,frend\n", 2, 3, "unknown stance 'frend'");
}

PM_TEST(import, unknown_link_kind)
{
	REJECTS("l.csv", "from,to,kind\nme,cto,likes\n", 2, 3, "unknown kind 'likes'");
}

PM_TEST(import, unknown_channel)
{
	REJECTS("i.csv", "person,at,channel\ncto,2026-11-01,fax\n", 2, 3, "unknown channel 'fax'");
	REJECTS("a.csv", "target,channel,due\ncto,pigeon,2026-12-01\n", 2, 2,
		"unknown channel 'pigeon'");
}

PM_TEST(import, strength_out_of_range)
{
	REJECTS("l.csv", "from,to,kind,strength\nme,cto,knows,1.5\n", 2, 4,
		"strength '1.5' is not a number between 0 and 1");
}

PM_TEST(import, power_out_of_range)
{
	REJECTS("p2.csv", "key,name,power\nx1,X,7\n", 2, 3, "power '7'");
}

PM_TEST(import, malformed_date)
{
	REJECTS("l.csv", "from,to,kind,last_contact\nme,cto,knows,2026-02-30\n", 2, 4,
		"not a valid date");
	REJECTS("d.csv", "key,account,close_date\nd1,acme,31/12/2026\n", 2, 3, "not a valid date");
}

PM_TEST(import, self_link)
{
	REJECTS("l.csv", "from,to,kind\ncto,cto,influences\n", 2, 2, "self-link");
}

PM_TEST(import, reports_to_cycle_names_people)
{
	REJECTS("l.csv", "from,to,kind\ndev,cto,reports_to\ncto,ceo,reports_to\nceo,dev,reports_to\n",
		4, 0, "reports_to cycle: 'ceo' -> 'dev' -> 'cto' -> 'ceo'");
}

PM_TEST(import, org_parent_cycle)
{
	REJECTS("o.csv", "key,name,kind,parent\nx,X,customer,y\ny,Y,customer,x\n", 3, 0,
		"org parent cycle: 'x' -> 'y' -> 'x'");
	REJECTS("o.csv", "key,name,kind,parent\nx,X,customer,x\n", 2, 4, "its own parent");
	REJECTS("o.csv", "key,name,kind,parent\nx,X,customer,nope\n", 2, 4, "unknown org 'nope'");
}

PM_TEST(import, missing_required_column)
{
	/* without kind the header reads as people; with --type orgs it is an error */
	REJECTS_T(PM_T_ORGS, "o.csv", "key,name,industry\nx,X,製造\n", 1, 0,
		  "missing required column 'kind' for orgs");
}

PM_TEST(import, required_value_empty)
{
	REJECTS("o2.csv", "key,name,kind\nx,,customer\n", 2, 2, "name is required");
}

PM_TEST(import, malformed_quoting)
{
	REJECTS("p2.csv", "key,name\nx1,\"Xa\"vier\n", 2, 0, "malformed quoting");
}

PM_TEST(import, unrecognized_header)
{
	REJECTS("z.csv", "foo,bar\n1,2\n", 1, 0, "cannot tell what this file holds");
}

PM_TEST(import, all_errors_of_a_file_are_reported)
{
	struct pm_diags d;

	base();
	cr_assert_eq(import(&d, 0, 1, "p2.csv",
			    "key,name,stance,power\nx1,X,frend,1\nx2,Y,neutral,9\nx3,Z,bad,0\n"),
		     PM_EIMPORT);
	cr_assert_eq(d.nerrors, 4);
	expect_error(&d, "p2.csv", 2, 3, "frend");
	expect_error(&d, "p2.csv", 3, 4, "'9'");
	expect_error(&d, "p2.csv", 4, 3, "'bad'");
	expect_error(&d, "p2.csv", 4, 4, "'0'");
	pm_diags_free(&d);
}

PM_TEST(import, unknown_columns_are_warnings)
{
	struct pm_diags d;

	base();
	cr_assert_eq(import(&d, 0, 1, "p2.csv", "key,name,shoe_size\nx1,X,42\n"), 0);
	cr_assert_eq(d.nerrors, 0);
	cr_assert_eq(d.nwarnings, 1);
	cr_assert(strstr(d.items[0].msg, "unknown column 'shoe_size'"));
	cr_assert_eq(d.items[0].col, 3);
	pm_diags_free(&d);
}

PM_TEST(import, reimport_updates_and_strict_refuses)
{
	struct pm_diags d;
	char *dump;

	base();
	cr_assert_eq(import(&d, 0, 1, "p2.csv", "key,name,stance\ncto,佐藤 花子,champion\n"), 0);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "cto|set|stance|supporter|champion"), "history:\n%s", dump);
	cr_assert(strstr(dump, "CTO"), "title kept: column not in the file");
	free(dump);
	cr_assert_eq(import(&d, 1, 1, "p3.csv", "key,name\ncto,Other\n"), PM_EIMPORT);
	expect_error(&d, "p3.csv", 2, 1, "already exists");
	pm_diags_free(&d);
}

PM_TEST(import, detects_kinds_from_headers)
{
	const char *h1[] = { "key", "name", "kind", "industry" };
	const char *h2[] = { "name", "key", "org" };
	const char *h3[] = { "to", "from", "kind" };
	const char *h4[] = { "key", "account", "stage" };
	const char *h5[] = { "target", "channel" };
	const char *h6[] = { "account", "section", "text" };
	const char *h7[] = { "person", "at", "channel" };
	const char *h8[] = { "foo" };

	cr_assert_eq(pm_import_detect(h1, 4), PM_T_ORGS);
	cr_assert_eq(pm_import_detect(h2, 3), PM_T_PEOPLE);
	cr_assert_eq(pm_import_detect(h3, 3), PM_T_LINKS);
	cr_assert_eq(pm_import_detect(h4, 3), PM_T_DEALS);
	cr_assert_eq(pm_import_detect(h5, 2), PM_T_ACTIONS);
	cr_assert_eq(pm_import_detect(h6, 3), PM_T_PLAN);
	cr_assert_eq(pm_import_detect(h7, 3), PM_T_INTERACTIONS);
	cr_assert_eq(pm_import_detect(h8, 1), -1);
}

/*
 * The headers a Japanese team writes in its own sheets name our columns, as
 * do ours in any case, with full-width letters and spaces around; the table
 * is still told by its required columns.
 */
PM_TEST(import, detects_kinds_from_japanese_headers)
{
	const char *h1[] = { "キー", "会社名", "区分", "業種", "従業員数" };
	const char *h2[] = { "ＩＤ", "\u3000氏名 ", "会社", "役職", "メールアドレス" };
	const char *h3[] = { "元", "先", "種類", "強さ", "最終接触日" };
	const char *h4[] = { "案件ID", "取引先", "案件名", "金額" };
	const char *h5[] = { "相手", "手段", "期限" };
	const char *h6[] = { "取引先", "項目", "内容" };
	const char *h7[] = { "相手", "日時", "手段" };
	const char *h8[] = { "Key", "NAME", "Org" };
	const char *h9[] = { "氏名", "役職" };   /* no key, org or email: no table */
	const char *h10[] = { "氏名", "会社", "役職" };   /* a list: keys found or made */
	const char *h11[] = { "会社名", "姓", "名", "メール" };
	const char *h12[] = { "名前", "種類", "業種" };   /* an org list without keys */
	const char *h13[] = { "会社名" };   /* a name alone tells no table */
	const char *h14[] = { "名前", "メモ" };   /* nor with notes: people have them too */

	cr_assert_eq(pm_import_detect(h1, 5), PM_T_ORGS);
	cr_assert_eq(pm_import_detect(h2, 5), PM_T_PEOPLE);
	cr_assert_eq(pm_import_detect(h3, 5), PM_T_LINKS);
	cr_assert_eq(pm_import_detect(h4, 4), PM_T_DEALS);
	cr_assert_eq(pm_import_detect(h5, 3), PM_T_ACTIONS);
	cr_assert_eq(pm_import_detect(h6, 3), PM_T_PLAN);
	cr_assert_eq(pm_import_detect(h7, 3), PM_T_INTERACTIONS);
	cr_assert_eq(pm_import_detect(h8, 3), PM_T_PEOPLE);
	cr_assert_eq(pm_import_detect(h9, 2), -1);
	cr_assert_eq(pm_import_detect(h10, 3), PM_T_PEOPLE);
	cr_assert_eq(pm_import_detect(h11, 4), PM_T_PEOPLE);
	cr_assert_eq(pm_import_detect(h12, 3), PM_T_ORGS);
	cr_assert_eq(pm_import_detect(h13, 1), -1);
	cr_assert_eq(pm_import_detect(h14, 2), -1);
	cr_assert_eq(pm_native_column(PM_T_PEOPLE, "ｅｍａｉｌ"), pm_table_col(&pm_tables[PM_T_PEOPLE], "email"));
	cr_assert_eq(pm_native_column(PM_T_ORGS, "役職"), -1, "a person's column, not an org's");
}

PM_TEST(import, japanese_headers_import_as_our_columns)
{
	struct pm_diags d;
	char *dump;

	cr_assert_eq(import(&d, 0, 3,
			    "会社.csv", "ＩＤ,会社名,区分,業種,従業員数\n"
			    "acme,Acme 株式会社,顧客,製造,１２００\nus,自社,自社,,\n",
			    "人.csv", "キー,氏名,会社,役職,メールアドレス,購買役割,スタンス\n"
			    "ceo,田中 一郎,acme,社長,tanaka@acme.jp,経済的決裁者,中立\n"
			    "me,鈴木 一郎,us,営業,,,\n",
			    "関係.csv", "元,先,種類,強さ,最終接触日\n"
			    "me,ceo,知人,0.7,2026/11/20\n"),
		     0, "%s", d.n ? d.items[0].msg : "");
	cr_assert_eq(d.nwarnings, 0, "every header known");
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "acme|Acme 株式会社|customer|製造"), "%s", dump);
	cr_assert(strstr(dump, "1200"), "employees read: %s", dump);
	cr_assert(strstr(dump, "tanaka@acme.jp"), "%s", dump);
	cr_assert(strstr(dump, "economic_buyer|neutral"), "%s", dump);
	cr_assert(strstr(dump, "knows|0.7|2026-11-20"), "%s", dump);
	free(dump);
}

/* A file close to a table but short of a required column says which. */
PM_TEST(import, a_header_short_of_a_required_column_names_it)
{
	REJECTS("p.csv", "氏名,役職\n山田 太郎,部長\n", 1, 0,
		"a file of people needs the column key (キー)");
}

/*
 * A team's list of a customer's people has no keys: each row is the stored
 * person of its email, else of its name in its org (the org by key or by
 * name as people write it); else a new person keyed by the email, else by
 * the name. Its empty cells clear nothing.
 */
PM_TEST(import, people_without_keys_are_found_or_made)
{
	struct pm_diags d;
	char *dump;

	base();
	cr_assert_eq(import(&d, 0, 1, "名簿.csv",
			    "会社名,姓,名,役職,メールアドレス,スタンス\n"
			    "Acme㈱,田中,一郎,代表取締役社長,,\n"           /* ceo, by name */
			    "acme,山田,太郎,部長,Yamada@acme.jp,支持\n"      /* new, by email */
			    "Acme 株式会社,高橋,誠,課長,,\n"                  /* new, by name */
			    "Us,高橋,誠,AE,,\n"),                             /* a namesake elsewhere */
		     0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(last_stats.updated[PM_T_PEOPLE], 1);
	cr_assert_eq(last_stats.created[PM_T_PEOPLE], 3);
	cr_assert_eq(last_stats.matched_by[PM_T_PEOPLE][2], 1, "one found by name");
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|ceo|田中 一郎|"), "%s", dump);
	cr_assert(strstr(dump, "代表取締役社長"), "the title updated: %s", dump);
	cr_assert(strstr(dump, "economic_buyer|neutral|5"), "empty cells cleared: %s", dump);
	cr_assert(strstr(dump, "|Yamada@acme.jp|山田 太郎|"), "keyed by email: %s", dump);
	cr_assert(strstr(dump, "|高橋誠|高橋 誠|"), "keyed by name: %s", dump);
	cr_assert(strstr(dump, "|高橋誠-2|高橋 誠|"), "the namesake's key: %s", dump);
	free(dump);

	/* again, by email whatever its case, and by name: nothing new */
	cr_assert_eq(import(&d, 0, 1, "again.csv",
			    "氏名,会社,メール\n山田　太郎,acme,YAMADA@ACME.JP\n高橋 誠,us,\n"),
		     0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(last_stats.created[PM_T_PEOPLE], 0);
	cr_assert_eq(last_stats.matched_by[PM_T_PEOPLE][1], 1, "one found by email");
	cr_assert_eq(last_stats.matched_by[PM_T_PEOPLE][2], 1, "one found by name");
}

/* A stored person's org given by its name is the same org: nothing changed. */
PM_TEST(import, an_org_given_by_name_is_no_change)
{
	struct pm_diags d;

	base();
	cr_assert_eq(import(&d, 0, 1, "p.csv", "key,name,org,title\nceo,田中 一郎,Acme(株),社長\n"),
		     0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(last_stats.unchanged[PM_T_PEOPLE], 1);
	cr_assert_eq(last_stats.updated[PM_T_PEOPLE], 0);
}

/* Into an empty database (a bulk load): keys made apart from each other. */
PM_TEST(import, people_without_keys_into_an_empty_database)
{
	struct pm_diags d;
	char *dump;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", ORGS, "名簿.csv",
			    "氏名,会社,メール\n高橋 誠,acme,\n高橋 誠,us,\nJohn  Smith,us,\n"
			    "鈴木 一郎,acme,suzuki@acme.jp\n"),
		     0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(last_stats.created[PM_T_PEOPLE], 4);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|高橋誠|高橋 誠|"), "%s", dump);
	cr_assert(strstr(dump, "|高橋誠-2|高橋 誠|"), "%s", dump);
	cr_assert(strstr(dump, "|john-smith|John  Smith|"), "%s", dump);
	cr_assert(strstr(dump, "|suzuki@acme.jp|鈴木 一郎|"), "%s", dump);
	free(dump);
}

/* The same person twice in a list is a duplicate; a row needs a name; an
 * org nobody knows is an error, not a match elsewhere. */
PM_TEST(import, people_without_keys_report_duplicates_and_unknown_orgs)
{
	REJECTS("dup.csv", "氏名,会社\n鈴木 花子,acme\n鈴木　花子,Acme(株)\n", 3, 1,
		"duplicate person '鈴木花子'");
	REJECTS("noname.csv", "会社,姓,名,メール\nacme,,,x@acme.jp\n", 2, 2,
		"name is required");
	REJECTS("neworg.csv", "氏名,会社\n田中 一郎,新規商事\n", 2, 2, "unknown org '新規商事'");
}

/*
 * A list's companies the map does not know: without --new-orgs each row is
 * an error, the first of each org saying what to do; with it, they are
 * added as orgs of that kind, keyed by their name, once each (an org the
 * store knows by another spelling is not added).
 */
PM_TEST(import, people_without_keys_add_their_orgs_when_asked)
{
	const char *list = "氏名,会社名,メール\n"
			   "佐々木 太郎,東西物産株式会社,sasaki@tozai.example\n"
			   "小林 花子,新規商事,\n"
			   "中村 健,東西物産株式会社,\n"
			   "山本 一,Acme(株),\n";
	struct pm_diags d;
	char *before, *dump;

	base();
	before = tu_db_dump(dbp);
	cr_assert_eq(import(&d, 0, 1, "list.csv", list), PM_EIMPORT);
	cr_assert_eq(d.nerrors, 3, "one per row of an unknown org");
	expect_error(&d, "list.csv", 2, 2, "unknown org '東西物産株式会社': add it first");
	cr_assert(strstr(d.items[0].msg, "--new-orgs"), "%s", d.items[0].msg);
	cr_assert(strstr(d.items[1].msg, "--new-orgs"), "the first of 新規商事: %s",
		  d.items[1].msg);
	cr_assert(!strstr(d.items[2].msg, "--new-orgs") && d.items[2].line == 4,
		  "said once per org: %s", d.items[2].msg);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert_str_eq(before, dump, "database changed");
	free(dump);
	free(before);

	forced_new_orgs = "customer";
	cr_assert_eq(import(&d, 0, 1, "list.csv", list), 0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(last_stats.created[PM_T_ORGS], 2, "東西物産 once, 新規商事; not Acme");
	cr_assert_eq(last_stats.created[PM_T_PEOPLE], 4);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|東西物産|東西物産株式会社|customer|"), "%s", dump);
	cr_assert(strstr(dump, "|新規商事|新規商事|customer|"), "%s", dump);
	cr_assert(strstr(dump, "|sasaki@tozai.example|佐々木 太郎|"), "%s", dump);
	cr_assert(strstr(dump, "|山本一|山本 一|"), "in acme: %s", dump);
	free(dump);
	/* again: the orgs are found, nothing new */
	cr_assert_eq(import(&d, 0, 1, "list.csv", list), 0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(last_stats.created[PM_T_ORGS], 0);
	cr_assert_eq(last_stats.created[PM_T_PEOPLE], 0);
	/* a file with keys names orgs by key: --new-orgs adds none for it */
	cr_assert_eq(import(&d, 0, 1, "p.csv", "key,name,org\nx1,Xavier,nowhere\n"), PM_EIMPORT);
	expect_error(&d, "p.csv", 2, 3, "unknown org 'nowhere'");
	pm_diags_free(&d);
	forced_new_orgs = NULL;
}

/*
 * A list of companies without keys (a target list: 会社名, 業種, 従業員数 ...)
 * updates the stored org of each name (found as people write it; its name
 * and kind kept) and adds the others: of the row's kind, else --new-orgs',
 * else each is an error saying so. Its empty cells clear nothing.
 */
PM_TEST(import, org_lists_without_keys)
{
	const char *list = "会社名,業種,従業員数,地域\n"
			   "Acme(株),化学,500,\n"
			   "新規商事株式会社,商社,100,関西\n";
	struct pm_diags d;
	char *before, *dump;

	base();
	before = tu_db_dump(dbp);
	cr_assert_eq(import(&d, 0, 1, "list.csv", list), PM_EIMPORT);
	cr_assert_eq(d.nerrors, 1);
	expect_error(&d, "list.csv", 3, 1, "unknown org '新規商事株式会社': to add it, give the "
		     "list a kind column");
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert_str_eq(before, dump, "database changed");
	free(dump);
	free(before);

	forced_new_orgs = "customer";
	cr_assert_eq(import(&d, 0, 1, "list.csv", list), 0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(last_stats.created[PM_T_ORGS], 1);
	cr_assert_eq(last_stats.updated[PM_T_ORGS], 1);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|acme|Acme 株式会社|customer|化学|"), "the name kept: %s", dump);
	cr_assert(strstr(dump, "|新規商事|新規商事株式会社|customer|商社|"), "%s", dump);
	cr_assert(strstr(dump, "|500.0|"), "%s", dump);
	free(dump);
	forced_new_orgs = NULL;
	/* again: all found, nothing changes; a row's own kind; a name twice */
	cr_assert_eq(import(&d, 0, 1, "list.csv", list), 0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(last_stats.unchanged[PM_T_ORGS], 2);
	cr_assert_eq(import(&d, 0, 1, "k.csv", "会社名,区分\n南北銀行,銀行\n"), 0, "%s",
		     d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|南北銀行|南北銀行|bank|"), "%s", dump);
	free(dump);
	REJECTS("twice.csv", "会社名,業種\nAcme 株式会社,化学\nacme,IT\n", 3, 1,
		"duplicate org 'acme'");
}

/*
 * Numbers in a unit named in the header (Japanese company lists and
 * pipeline sheets: 売上高（百万円）, 従業員数(人), 金額（千円）) are stored as
 * plain numbers, in yen when the unit says so and the file has no currency.
 */
PM_TEST(import, numbers_given_in_units)
{
	const char *h[] = { "会社名", "従業員数（人）", "売上高（百万円）" };
	struct pm_diags d;
	char *dump;

	cr_assert_eq(pm_import_detect(h, 3), PM_T_ORGS);
	base();
	forced_new_orgs = "customer";
	cr_assert_eq(import(&d, 0, 2, "orgs.csv",
			    "会社名,従業員数（人）,売上高（百万円）\n"
			    "東西物産株式会社,\"3,200\",\"180,000\"\n"
			    "Acme(株),６５０,１２．５\n",
			    "deals.csv", "案件ID,取引先,案件名,金額（千円）\nd1,acme,更新,\"12,000\"\n"),
		     0, "%s", d.n ? d.items[0].msg : "");
	forced_new_orgs = NULL;
	cr_assert_eq(d.nwarnings, 0, "every header known: %s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|東西物産株式会社|customer|") && strstr(dump, "|3200.0|180000000000.0|JPY|"),
		  "%s", dump);
	cr_assert(strstr(dump, "|650.0|12500000.0|JPY|"), "%s", dump);
	cr_assert(strstr(dump, "|12000000.0|JPY|"), "the deal in yen: %s", dump);
	free(dump);
	/* a file that says its currency keeps it; a word that is no number is an error */
	cr_assert_eq(import(&d, 0, 1, "usd.csv", "会社名,売上高（百万円）,通貨\nAcme(株),2,USD\n"),
		     0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|2000000.0|USD|"), "%s", dump);
	free(dump);
	forced_new_orgs = "customer";
	cr_assert_eq(import(&d, 0, 1, "yen.csv", "会社名,売上高（円）\n南北商事株式会社,300000\n"),
		     0, "%s", d.n ? d.items[0].msg : "");
	forced_new_orgs = NULL;
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|300000.0|JPY|"), "円 says yen too: %s", dump);
	free(dump);
	REJECTS("bad.csv", "会社名,売上高（千円）,業種\nAcme(株),たくさん,IT\n", 2, 2, "revenue");
}

/* Business cards add the companies they name: of kind other, or --new-orgs. */
PM_TEST(import, cards_add_orgs_of_the_kind_given)
{
	struct pm_import_opts o = { .type = -1, .format = "cards", .owner = "me" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[2];
	char *dump;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", ORGS, "people.csv",
			    "key,name,org,email\nme,桜井 健,us,\n"), 0);
	pm_diags_free(&d);
	paths[0] = tu_write(dir, "c1.csv", "会社名,氏名,名刺交換日\n北陸機械株式会社,阿部 直樹,2026/11/20\n");
	paths[1] = tu_write(dir, "c2.csv", "会社名,氏名,名刺交換日\n南星銀行,木村 聡,2026/11/21\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	o.new_orgs = "bank";
	cr_assert_eq(pm_import_files(st, paths + 1, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|北陸機械|北陸機械株式会社|other|"), "%s", dump);
	cr_assert(strstr(dump, "|南星銀行|南星銀行|bank|"), "%s", dump);
	free(dump);
	free((char *)paths[0]);
	free((char *)paths[1]);
}

/* Bulk loads (people and links into empty tables) and the row-by-row path
 * must agree; these tests drive both. */
#define LINKS_A "from,to,kind,strength,last_contact,source,notes\n" \
	"cto,ceo,reports_to,,,,\n" \
	"dev,cto,reports_to,,,,\n" \
	"me,cto,knows,0.7,2026-10-01,crm,\"met at, the fair\"\n" \
	"ceo,me,knows,0.4,,linkedin,\n" \
	"me,ceo,knows,0.9,2025-01-01,,\n" \
	"dev,ceo,influences,0.3,,,\n"
#define LINKS_B "from,to,kind,strength,last_contact,source,notes\n" \
	"cto,dev,influences,,2026-02-03,crm,\n" \
	"田中 一郎,dev,knows,0.5,,,名前で\n"

static int dump_row(const char *const *vals, size_t n, void *ctx)
{
	FILE *m = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(m, "%s%s", i ? "|" : "", vals[i] ? vals[i] : "");
	fputc('\n', m);
	return 0;
}

/* Every person and link as text, in canonical order. */
static char *dump_people_links(void)
{
	struct pm_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, NULL, dump_row, m, &err), 0);
	cr_assert_eq(pm_store_select(st, PM_T_LINKS, NULL, dump_row, m, &err), 0);
	fclose(m);
	return buf;
}

static int count_rows(const char *const *vals, size_t n, void *ctx)
{
	(void)vals;
	(void)n;
	(*(size_t *)ctx)++;
	return 0;
}

static int count_history(const struct pm_history_entry *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return 0;
}

PM_TEST(import, bulk_load_equals_row_by_row)
{
	struct pm_diags d;
	struct pm_error err;
	char *bulk, *rows;
	int nhist = 0;

	/* bulk: all into the empty database in one call */
	cr_assert_eq(import(&d, 0, 4, "orgs.csv", ORGS, "people.csv", PEOPLE,
			    "la.csv", LINKS_A, "lb.csv", LINKS_B), 0,
		     "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	bulk = dump_people_links();
	cr_assert_eq(pm_store_history(st, NULL, 0, count_history, &nhist, &err), 0);
	cr_assert_eq(nhist, 4, "one history row per file (orgs, people, two of links), got %d",
		     nhist);
	pm_store_close(st);
	remove(dbp);
	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0);

	/* row by row: a first link makes the links table non-empty */
	base();
	cr_assert_eq(import(&d, 0, 1, "l0.csv", "from,to,kind\ncto,ceo,reports_to\n"), 0);
	pm_diags_free(&d);
	cr_assert_eq(import(&d, 0, 2, "la.csv", LINKS_A, "lb.csv", LINKS_B), 0,
		     "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	rows = dump_people_links();
	cr_assert_str_eq(bulk, rows);
	cr_assert(strstr(bulk, "met at, the fair") && strstr(bulk, "名前で"));
	nhist = 0;
	cr_assert_eq(pm_store_history(st, NULL, 0, count_history, &nhist, &err), 0);
	/* orgs.csv (one row per file), people.csv and l0.csv bulk loads (1 row
	 * each); then 7 new links one by one (cto -> ceo was there already) */
	cr_assert_eq(nhist, 1 + 1 + 1 + 7, "got %d history rows", nhist);
	free(bulk);
	free(rows);
}

/* The 300 people of many_links, as CSV (a static buffer). */
static const char *many_people(void)
{
	static char buf[16384];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "key,name,org\n");
	int i;

	for (i = 0; i < 300; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "m%d,Member %d,acme\n", i, i);
	return buf;
}

/* 300 people of one org and 20,000 links among them, every kind of value. */
static void many_links(char **people, char **links)
{
	size_t plen = 0, llen = 0;
	FILE *p = open_memstream(people, &plen), *l = open_memstream(links, &llen);
	int i;

	fprintf(p, "key,name,org\n");
	for (i = 0; i < 300; i++)
		fprintf(p, "m%d,Member %d,acme\n", i, i);
	fprintf(l, "from,to,kind,strength,last_contact,source,notes\n");
	for (i = 0; i < 20000; i++) {
		int a = i % 300, b = (a + 1 + i / 300) % 300;
		fprintf(l, "m%d,m%d,influences,", a, b);
		if (i % 7)
			fprintf(l, "0.%d", i % 10);
		fprintf(l, ",%s,%s,%s\n", i % 3 ? "2026-03-14" : "", i % 5 ? "crm" : "",
			i % 11 ? "" : i % 2 ? "\"met, at the fair\"" : "紹介で");
	}
	fclose(p);
	fclose(l);
}

/*
 * Links are gathered in identity order by a second thread, in chunks of
 * 4,096 round a ring of 4: 20,000 links go round it more than once. Both
 * ways (threaded, and on the writing thread) must write what the row by row
 * path writes.
 */
PM_TEST(import, bulk_load_of_many_links_equals_row_by_row)
{
	struct pm_diags d;
	struct pm_error err;
	char *people, *links, *dumps[3];
	int way;

	many_links(&people, &links);
	for (way = 0; way < 3; way++) {
		if (way) {
			pm_store_close(st);
			remove(dbp);
			cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0);
		}
		pm_bulk_single_thread = way == 1;
		if (way == 2) {   /* row by row: a first link makes the table non-empty */
			cr_assert_eq(import(&d, 0, 3, "orgs.csv", ORGS, "m.csv", people, "l0.csv",
					    "from,to,kind\nm0,m299,knows\n"), 0);
			pm_diags_free(&d);
		}
		cr_assert_eq(import(&d, 0, way == 2 ? 1 : 3, "l.csv", links, "orgs.csv", ORGS,
				    "m.csv", people), 0, "%s", d.n ? d.items[0].msg : "");
		pm_diags_free(&d);
		pm_bulk_single_thread = 0;
		dumps[way] = dump_people_links();
	}
	cr_assert(strstr(dumps[0], "m299|m0|influences|0.9|2026-03-14|crm|"),
		  "the last of the 20,000 links is there");
	cr_assert(strstr(dumps[0], "met, at the fair") && strstr(dumps[0], "紹介で"));
	cr_assert_str_eq(dumps[0], dumps[1]);
	/* the row-by-row database has the one extra link */
	cr_assert(strstr(dumps[2], "m0|m299|knows|"));
	cr_assert_eq(strlen(dumps[2]), strlen(dumps[0]) + strlen("m0|m299|knows||||\n"));
	for (way = 0; way < 3; way++)
		free(dumps[way]);
	free(people);
	free(links);
}

/*
 * A first load writes its people 1,024 to a batch, with the row ids the
 * key map gave them before they were written: 2,600 people (two batches
 * and a rest) and ties between people of different batches must come out
 * as the row-by-row path writes them (a people table with one person
 * already), names, titles and stances included.
 */
PM_TEST(import, people_written_a_batch_at_a_time_are_the_people_given)
{
	char *people = NULL, *links = NULL, *dumps[2];
	size_t plen = 0, llen = 0;
	FILE *p = open_memstream(&people, &plen), *l = open_memstream(&links, &llen);
	struct pm_diags d;
	struct pm_error err;
	int i, way;

	fprintf(p, "key,name,org,title,stance\n");
	for (i = 0; i < 2600; i++)
		fprintf(p, "p%d,%s %d,%s,%s,%s\n", i, i % 2 ? "佐藤　花子" : "Mr. Ken Abe", i,
			i % 3 ? "acme" : "", i % 4 ? "部長" : "", i % 5 ? "" : "champion");
	fprintf(l, "from,to,kind\n");
	for (i = 0; i < 2600; i++)
		fprintf(l, "p%d,p%d,knows\n", i, (i + 1000) % 2600);
	fclose(p);
	fclose(l);
	for (way = 0; way < 2; way++) {
		if (way) {
			pm_store_close(st);
			remove(dbp);
			cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0);
			/* row by row: a person makes the table non-empty */
			cr_assert_eq(import(&d, 0, 2, "orgs.csv", ORGS, "z.csv",
					    "key,name\nzz,Zed\n"), 0);
			pm_diags_free(&d);
		}
		cr_assert_eq(import(&d, 0, 3, "orgs.csv", ORGS, "p.csv", people, "l.csv", links),
			     0, "%s", d.n ? d.items[0].msg : "");
		pm_diags_free(&d);
		cr_assert_eq(last_stats.created[PM_T_PEOPLE], 2600);
		cr_assert_eq(last_stats.created[PM_T_LINKS], 2600);
		dumps[way] = dump_people_links();
	}
	cr_assert(strstr(dumps[0], "p2599|佐藤　花子 2599|acme|部長|"), "%s", dumps[0]);
	cr_assert(strstr(dumps[0], "p2596|Mr. Ken Abe 2596|acme||||||unknown||"), "%s", dumps[0]);
	cr_assert(strstr(dumps[0], "p2595|佐藤　花子 2595||部長|||||champion||"), "%s", dumps[0]);
	cr_assert(strstr(dumps[0], "p1599|p2599|knows|"), "a tie into the third batch");
	cr_assert(strstr(dumps[0], "p2599|p999|knows|"), "a tie back into the first");
	/* the row-by-row database has Zed too, and otherwise the same */
	{
		char *zed = strstr(dumps[1], "zz|Zed|");
		cr_assert(zed);
		memmove(zed, zed + strcspn(zed, "\n") + 1, strlen(zed + strcspn(zed, "\n") + 1) + 1);
	}
	cr_assert_str_eq(dumps[0], dumps[1]);
	free(dumps[0]);
	free(dumps[1]);
	free(people);
	free(links);
}

/*
 * 5,000 links among many_people, checked in batches of 1,024 (the test
 * lowers pm_bulk_batch_rows) on the builder thread: every 100th a
 * reports_to (m2j -> m2j+1: no cycle), dates written 2026/11/25. what 1: problems at the batches' edges (an unknown
 * person in the first batch and in the second after the builder's stop,
 * a bad kind on a batch's last row, a self-link on the next batch's first,
 * a control character and a byte that is not UTF-8 in the third);
 * what 2: a reports_to cycle, m7 -> m9 on line 502 and m9 -> m7 on line 3002;
 * what 3: every other row of an unknown kind (the import stops at 101 errors).
 */
static char *batch_links(int what)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *l = open_memstream(&buf, &len);
	int i;

	fprintf(l, "from,to,kind,strength,last_contact,source,notes\n");
	for (i = 0; i < 5000; i++) {
		int a = i % 300, b = (a + 1 + i / 300) % 300, j = (i / 100) % 150;
		if (what == 1 && i == 10)
			fprintf(l, "m1,nobody,knows,,,,\n");
		else if (what == 1 && i == 1030)
			fprintf(l, "nobody-else,m2,knows,,,,\n");
		else if (what == 1 && i == 1022)
			fprintf(l, "m3,m4,frend,,,,\n");
		else if (what == 1 && i == 1023)
			fprintf(l, "m5,m5,knows,,,,\n");
		else if (what == 1 && i == 2500)
			fprintf(l, "m6,m7,knows,,,,a\001b\n");
		else if (what == 1 && i == 2600)
			fprintf(l, "m6,m8,knows,,,x\377,\n");
		else if (what == 3 && i % 2)
			fprintf(l, "m%d,m%d,frend,,,,\n", a, b);
		else if (what == 2 && (i == 500 || i == 3000))
			fprintf(l, "%s,reports_to,,,,\n", i == 500 ? "m7,m9" : "m9,m7");
		else if (i % 100 == 0)
			fprintf(l, "m%d,m%d,reports_to,,,,\n", 2 * j, 2 * j + 1);
		else
			fprintf(l, "m%d,m%d,influences,0.%d,%s,,\n", a, b, i % 10,
				i % 3 ? "2026/11/25" : "");
	}
	fclose(l);
	return buf;
}

static char *diags_text(const struct pm_diags *d)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&buf, &len);

	for (i = 0; i < d->n; i++)
		fprintf(m, "%zu:%zu:%d:%s\n", d->items[i].line, d->items[i].col,
			d->items[i].warning, d->items[i].msg);
	fprintf(m, "errors %zu dropped %zu\n", d->nerrors, d->dropped);
	fclose(m);
	return buf;
}

/*
 * Link rows of a bulk load are checked and looked up on a builder thread
 * while the next batch is read; what it cannot do (a problem to report,
 * a name to resolve, the reports_to notes) it leaves to the reading
 * thread. Threaded and on one thread, the same rows get in, the same
 * problems are reported in the same order, and a reports_to cycle is
 * named by its rows.
 */
PM_TEST(import, links_checked_on_the_builder_thread_as_on_one_thread)
{
	struct pm_diags d;
	struct pm_error err;
	char *out[4][2];
	int what, way;

	for (what = 0; what < 4; what++) {
		char *links = batch_links(what);
		for (way = 0; way < 2; way++) {
			pm_store_close(st);
			remove(dbp);
			cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0);
			pm_bulk_single_thread = way == 1;
			pm_bulk_batch_rows = 1024;
			cr_assert_eq(import(&d, 0, 3, "orgs.csv", ORGS, "m.csv", many_people(),
					    "l.csv", links), what ? PM_EIMPORT : 0,
				     "what %d way %d: %s", what, way, d.n ? d.items[0].msg : "");
			pm_bulk_single_thread = 0;
			pm_bulk_batch_rows = PM_IMPORT_BATCH;
			out[what][way] = what ? diags_text(&d) : dump_people_links();
			pm_diags_free(&d);
		}
		cr_assert_str_eq(out[what][0], out[what][1], "what %d:\n%.600s\n---\n%.600s", what, out[what][0], out[what][1]);
		free(links);
	}
	cr_assert(strstr(out[0][0], "m199|m216|influences|0.9|2026-11-25||"),
		  "the last link, its date made canonical: %.200s", out[0][0]);
	cr_assert(strstr(out[0][0], "m98|m99|reports_to|"));
	cr_assert(strstr(out[1][0], "12:2:0:unknown person 'nobody'") &&
		  strstr(out[1][0], "1024:3:0:unknown kind 'frend'") &&
		  strstr(out[1][0], "1025:2:0:self-link") &&
		  strstr(out[1][0], "1032:1:0:unknown person 'nobody-else'") &&
		  strstr(out[1][0], "2502:7:0:notes contains U+0001") &&
		  strstr(out[1][0], "2602:6:0:invalid UTF-8") &&
		  strstr(out[1][0], "errors 6 dropped 0"), "%s", out[1][0]);
	/* named by the row that closes it: the note the builder left for the reading thread */
	cr_assert(strstr(out[2][0], "3002:0:0:reports_to cycle: 'm7' -> 'm9' -> 'm7'") &&
		  strstr(out[2][0], "errors 1 "), "%s", out[2][0]);
	/* where reading row by row stops: the first error past the 100 shown */
	cr_assert(strstr(out[3][0], "201:3:0:unknown kind 'frend'") &&
		  !strstr(out[3][0], "203:3:0:") && strstr(out[3][0], "errors 101 dropped 1"),
		  "%.300s", out[3][0]);
	for (what = 0; what < 4; what++)
		for (way = 0; way < 2; way++)
			free(out[what][way]);
}

/* 3,000 links among many_links' people (some knows), then an update of them. */
static void base_and_update(char **base, char **update, char **partial)
{
	size_t blen = 0, ulen = 0, plen = 0;
	FILE *b = open_memstream(base, &blen), *u = open_memstream(update, &ulen),
		*p = open_memstream(partial, &plen);
	int i;

	fprintf(b, "from,to,kind,strength,last_contact,source,notes\n");
	fprintf(u, "from,to,kind,strength,last_contact,source,notes\n");
	fprintf(p, "from,to,kind,source,strength\n");   /* no dates, no notes: kept */
	for (i = 0; i < 3000; i++) {
		int a = i % 300, c = (a + 1 + i / 300) % 300;
		const char *kind = i % 4 ? "influences" : "knows";
		const char *src = i % 5 ? "crm" : "";
		fprintf(b, "m%d,m%d,%s,0.%d,2026-03-%02d,%s,%s\n", a, c, kind, i % 10, 1 + i % 28,
			src, i % 6 ? "" : "met");
		if (i % 10 == 5)
			continue;                    /* not in the update */
		if (i % 10 == 6) {                   /* in the partial file, as stored */
			fprintf(p, "m%d,m%d,%s,%s,0.%d\n", a, c, kind, src, i % 10);
			continue;
		}
		if (i % 10 == 7) {                   /* in the partial file, changed */
			fprintf(p, "m%d,m%d,%s,%s,0.99\n", a, c, kind, src);
			continue;
		}
		/* knows given the other way round is the same link */
		if (i % 4 == 0)
			fprintf(u, "m%d,m%d,%s,", c, a, kind);
		else
			fprintf(u, "m%d,m%d,%s,", a, c, kind);
		if (i % 10 == 1)
			fprintf(u, "0.95");              /* changed */
		else if (i % 10 == 4)
			fprintf(u, "0.%d0", i % 10);     /* the same number, written otherwise */
		else
			fprintf(u, "0.%d", i % 10);
		if (i % 10 == 2)
			fprintf(u, ",");                 /* the date cleared */
		else if (i % 10 == 8)
			fprintf(u, ",2026-04-01");       /* moved */
		else
			fprintf(u, ",2026-03-%02d", 1 + i % 28);
		fprintf(u, ",%s,%s\n", src, i % 10 == 3 ? "new note" : i % 6 ? "" : "met");
	}
	for (i = 0; i < 150; i++)                    /* new links */
		fprintf(u, "m%d,m%d,knows,0.5,,linkedin,\n", i, (i + 150) % 300);
	fclose(b);
	fclose(u);
	fclose(p);
}

/*
 * A large update reads the stored links once and counts the links given as
 * stored unchanged with no lookup: the result, the counts and the history
 * must be what the row-by-row path gives — for values changed, cleared,
 * written otherwise (0.40 for 0.4), not given (a file without the column),
 * knows given the other way round, and new links.
 */
PM_TEST(import, an_update_tells_unchanged_links_in_memory_as_row_by_row_does)
{
	struct pm_import_stats stats[2];
	struct pm_diags d;
	struct pm_error err;
	char *base, *update, *partial, *dumps[2];
	int way, nhist[2] = { 0, 0 };

	base_and_update(&base, &update, &partial);
	for (way = 0; way < 2; way++) {
		if (way) {
			pm_store_close(st);
			remove(dbp);
			cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0);
		}
		pm_import_stored_min = way ? 100 : (size_t)-1;
		cr_assert_eq(import(&d, 0, 3, "orgs.csv", ORGS, "m.csv", many_people(), "l.csv",
				    base), 0, "%s", d.n ? d.items[0].msg : "");
		pm_diags_free(&d);
		cr_assert_eq(import(&d, 0, 2, "u.csv", update, "p.csv", partial), 0,
			     "%s", d.n ? d.items[0].msg : "");
		pm_diags_free(&d);
		stats[way] = last_stats;
		dumps[way] = dump_people_links();
		cr_assert_eq(pm_store_history(st, NULL, 0, count_history, &nhist[way], &err), 0);
	}
	/* i % 10: 0 4 6 9 as stored (4 written otherwise, 6 without dates); 1 2 3 7 8 changed */
	pm_import_stored_min = 50000;
	cr_assert_eq(stats[0].created[PM_T_LINKS], 150, "created %zu updated %zu unchanged %zu", (size_t)stats[0].created[PM_T_LINKS], (size_t)stats[0].updated[PM_T_LINKS], (size_t)stats[0].unchanged[PM_T_LINKS]);
	cr_assert_eq(stats[0].unchanged[PM_T_LINKS], 1200);
	cr_assert_eq(stats[0].updated[PM_T_LINKS], 1500);
	cr_assert_eq(stats[1].created[PM_T_LINKS], stats[0].created[PM_T_LINKS]);
	cr_assert_eq(stats[1].updated[PM_T_LINKS], stats[0].updated[PM_T_LINKS]);
	cr_assert_eq(stats[1].unchanged[PM_T_LINKS], stats[0].unchanged[PM_T_LINKS]);
	cr_assert_str_eq(dumps[0], dumps[1]);
	cr_assert_eq(nhist[0], nhist[1]);
	cr_assert(strstr(dumps[1], "|0.99|") && strstr(dumps[1], "|new note"));
	free(dumps[0]);
	free(dumps[1]);
	free(base);
	free(update);
	free(partial);
}

/* The stored links are read once the update has gone through enough rows. */
PM_TEST(import, a_large_update_reads_the_stored_links_once)
{
	struct pm_import_opts o = { .type = -1 }, strict = { .type = -1, .strict = 1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_import *im;
	struct pm_error err;
	const char *l1[PM_TABLE_MAXCOLS] = { "cto", "ceo", "reports_to" };
	const char *l2[PM_TABLE_MAXCOLS] = { "dev", "cto", "reports_to" };
	const char *l3[PM_TABLE_MAXCOLS] = { "me", "cto", "knows", "0.7" };
	int i;

	base();
	cr_assert_eq(import(&d, 0, 1, "l.csv", "from,to,kind,strength\ncto,ceo,reports_to,\n"
			    "dev,cto,reports_to,\nme,cto,knows,0.7\n"), 0);
	pm_diags_free(&d);
	pm_import_stored_min = 2;
	cr_assert_eq(pm_import_begin(st, &o, &d, &im, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_import_record(im, PM_T_LINKS, l1, "u.csv", 2, NULL), 0);
	cr_assert_eq(im->stored_state, 0, "one row: not yet");
	cr_assert_eq(pm_import_record(im, PM_T_LINKS, l2, "u.csv", 3, NULL), 0);
	cr_assert_eq(im->stored_state, 1, "read at the second");
	cr_assert_eq(pm_import_record(im, PM_T_LINKS, l3, "u.csv", 4, NULL), 0);
	cr_assert_eq(pm_import_end(im, &stats, &err), 0, "%s", d.n ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.unchanged[PM_T_LINKS], 3);
	pm_diags_free(&d);
	/* --strict still refuses every link that exists, read or not */
	cr_assert_eq(pm_import_begin(st, &strict, &d, &im, &err), 0, "%s", err.msg);
	for (i = 0; i < 3; i++)
		pm_import_record(im, PM_T_LINKS, i == 0 ? l1 : i == 1 ? l2 : l3, "u.csv",
				 (size_t)i + 2, NULL);
	cr_assert_eq(im->stored_state, 0);
	cr_assert_eq(d.nerrors, 3);
	pm_import_abort(im);
	pm_diags_free(&d);
	pm_import_stored_min = 50000;
}

static int count_link_adds(const struct pm_history_entry *e, void *ctx)
{
	if (!strcmp(e->entity, "link") && !strcmp(e->action, "add"))
		(*(int *)ctx)++;
	return 0;
}

/*
 * Once the stored links are read, a link not among them is kept aside and
 * written at the end of the links without a lookup; a person nobody has is
 * still an error at its line, in line order.
 */
PM_TEST(import, an_update_keeps_new_ties_aside_once_it_knows_the_stored_ones)
{
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_import *im;
	struct pm_error err;
	static const char *const who[] = { "me", "dev", "cto", "ceo" };
	const char *l[PM_TABLE_MAXCOLS] = { NULL };
	const char *ghost[PM_TABLE_MAXCOLS] = { "me", "ghost", "knows" };
	int i, j, n, round, adds = 0;
	int64_t count = 0;

	base();
	cr_assert_eq(import(&d, 0, 1, "l.csv", "from,to,kind\ncto,ceo,reports_to\n"), 0);
	pm_diags_free(&d);
	pm_import_stored_min = 2;
	for (round = 0; round < 2; round++) {
		n = 0;
		cr_assert_eq(pm_import_begin(st, &o, &d, &im, &err), 0, "%s", err.msg);
		for (i = 0; i < 4; i++)   /* six new knows ties, the last first */
			for (j = 3; j > i; j--) {
				l[0] = who[i];
				l[1] = who[j];
				l[2] = "knows";
				l[3] = n % 2 ? "0.6" : NULL;
				cr_assert_eq(pm_import_record(im, PM_T_LINKS, l, "u.csv",
								(size_t)++n + 1, NULL), 0);
				if (n == 3 && !round)
					cr_assert_eq(pm_import_record(im, PM_T_LINKS, ghost, "u.csv",
									99, NULL), 0);
			}
		cr_assert_eq(im->stored_state, 1);
		cr_assert_eq(im->nfresh, 5, "the first went row by row, the rest aside");
		if (!round) {
			cr_assert_eq(d.nerrors, 1);
			cr_assert_eq(d.items[0].line, 99);
			cr_assert_eq(d.items[0].col, 0);
			cr_assert(strstr(d.items[0].msg, "ghost"), "%s", d.items[0].msg);
			cr_assert_eq(pm_import_end(im, &stats, &err), PM_EIMPORT);
			pm_diags_free(&d);
			continue;
		}
		cr_assert_eq(pm_import_end(im, &stats, &err), 0, "%s", d.n ? d.items[0].msg : err.msg);
		cr_assert_eq(stats.created[PM_T_LINKS], 6);
		pm_diags_free(&d);
	}
	cr_assert_eq(pm_store_count(st, PM_T_LINKS, &count, &err), 0);
	cr_assert_eq(count, 1 + 6, "the stored tie and six new ones");
	cr_assert_eq(pm_store_history(st, NULL, 0, count_link_adds, &adds, &err), 0);
	cr_assert_eq(adds, 6, "one 'add' each, as row by row");
	pm_import_stored_min = 50000;
}

PM_TEST(import, bulk_duplicate_person_names_first_line)
{
	struct pm_diags d;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", ORGS, "p.csv",
			    "name,org,key\nXavier,acme,x1\nYves,acme,x2\nZoe,acme,x1\n"),
		     PM_EIMPORT);
	expect_error(&d, "p.csv", 4, 3, "duplicate person 'x1' (first given at ");
	cr_assert(strstr(d.items[0].msg, "p.csv:2)"), "%s", d.items[0].msg);
	pm_diags_free(&d);
}

PM_TEST(import, bulk_duplicate_links_across_files_in_line_order)
{
	struct pm_diags d;
	char *before, *after;

	base();
	before = tu_db_dump(dbp);
	cr_assert_eq(import(&d, 0, 2, "l1.csv",
			    "from,to,kind,source\nme,cto,knows,crm\ncto,ceo,reports_to,\n",
			    "l2.csv",
			    "from,to,kind,source\ncto,ceo,reports_to,\ncto,me,knows,crm\n"
			    "me,cto,knows,\n"),
		     PM_EIMPORT);
	cr_assert_eq(d.nerrors, 2);
	expect_error(&d, "l2.csv", 2, 1, "duplicate reports_to link 'cto' - 'ceo'");
	expect_error(&d, "l2.csv", 3, 1, "duplicate knows link 'cto' - 'me'");
	cr_assert(strstr(d.items[0].msg, "l1.csv:3)"), "%s", d.items[0].msg);
	cr_assert(strstr(d.items[1].msg, "l1.csv:2)"), "%s", d.items[1].msg);
	after = tu_db_dump(dbp);
	cr_assert_str_eq(before, after, "database changed");
	free(before);
	free(after);
	pm_diags_free(&d);
}

PM_TEST(import, row_by_row_duplicate_links_either_direction)
{
	struct pm_diags d;

	base();
	cr_assert_eq(import(&d, 0, 1, "l0.csv", "from,to,kind\ncto,ceo,reports_to\n"), 0);
	pm_diags_free(&d);
	cr_assert_eq(import(&d, 0, 1, "l.csv",
			    "from,to,kind,source\nme,cto,knows,crm\ncto,me,knows,crm\n"),
		     PM_EIMPORT);
	expect_error(&d, "l.csv", 3, 1, "duplicate knows link");
	pm_diags_free(&d);
}

/* Bulk link rows wait in batches of 64 for their key lookups: errors still
 * come in line order, across batch ends, and every row lands. */
PM_TEST(import, bulk_batches_keep_line_order)
{
	struct pm_diags d;
	char *csv = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&csv, &len);

	base();
	fputs("from,to,kind,strength,source\n", m);
	for (i = 0; i < 200; i++) {
		if (i == 148)
			fputs("me,ghost,knows,0.5,s148\n", m);     /* line 150: lookup */
		else if (i == 149)
			fputs("me,cto,knows,7,s149\n", m);        /* line 151: value */
		else if (i == 62)
			fputs("ceo,nobody,knows,0.5,s62\n", m);    /* line 64: lookup */
		else
			fprintf(m, "me,cto,knows,0.5,s%zu\n", i);
	}
	fclose(m);
	cr_assert_eq(import(&d, 0, 1, "l.csv", csv), PM_EIMPORT);
	cr_assert_eq(d.nerrors, 3);
	cr_assert_eq(d.items[0].line, 64, "%zu", d.items[0].line);
	cr_assert_eq(d.items[1].line, 150, "%zu", d.items[1].line);
	cr_assert_eq(d.items[2].line, 151, "%zu", d.items[2].line);
	cr_assert(strstr(d.items[1].msg, "unknown person 'ghost'"), "%s", d.items[1].msg);
	pm_diags_free(&d);
	free(csv);
	/* without the bad rows, all 200 land */
	csv = NULL;
	m = open_memstream(&csv, &len);
	fputs("from,to,kind,strength,source\n", m);
	for (i = 0; i < 200; i++)
		fprintf(m, "me,cto,knows,0.5,s%zu\n", i);
	fclose(m);
	cr_assert_eq(import(&d, 0, 1, "l.csv", csv), 0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	free(csv);
	{
		struct pm_filter f = { NULL, "me" };
		size_t n = 0;
		struct pm_error err;
		cr_assert_eq(pm_store_select(st, PM_T_LINKS, &f, count_rows, &n, &err), 0);
		cr_assert_eq(n, 200);
	}
}

/*
 * The record-level pipeline without any file format: what a new reader
 * (LinkedIn, Salesforce, iCalendar) would feed it. Records name their source
 * for messages; org parents may come before the parent org; everything lands
 * at the end, or nothing.
 */
PM_TEST(import, record_level_pipeline)
{
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_import *im;
	struct pm_error err;
	const char *sub[PM_TABLE_MAXCOLS] = { "sub", "Sub KK", "customer", NULL, "parent" };
	const char *parent[PM_TABLE_MAXCOLS] = { "parent", "Parent KK", "customer" };
	const char *ann[PM_TABLE_MAXCOLS] = { "ann", "Ann", "sub" };
	const char *bob[PM_TABLE_MAXCOLS] = { "bob", "Bob", "parent" };
	const char *knows[PM_TABLE_MAXCOLS] = { "ann", "bob", "knows", "0.4", "2025-03-12",
						"linkedin" };
	const char *bad[PM_TABLE_MAXCOLS] = { "ann", "bob", "knows", "7", NULL, "x" };
	int pos[PM_TABLE_MAXCOLS] = { 0, 1, 2, 3, 4, 5 };
	char *dump;

	cr_assert_eq(pm_import_begin(st, &o, &d, &im, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_import_record(im, PM_T_ORGS, sub, "Connections.csv", 4, NULL), 0);
	cr_assert_eq(pm_import_record(im, PM_T_ORGS, parent, "Connections.csv", 5, NULL), 0);
	cr_assert_eq(pm_import_record(im, PM_T_PEOPLE, ann, "Connections.csv", 4, NULL), 0);
	cr_assert_eq(pm_import_record(im, PM_T_PEOPLE, bob, "Connections.csv", 5, NULL), 0);
	cr_assert_eq(pm_import_record(im, PM_T_LINKS, knows, "Connections.csv", 4, pos), 0);
	cr_assert_eq(pm_import_end(im, &stats, &err), 0, "%s", d.n ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_ORGS], 2);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 2);
	cr_assert_eq(stats.created[PM_T_LINKS], 1);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "1|sub|Sub KK|customer|NULL|2|"), "the parent was set: %s", dump);
	free(dump);
	pm_diags_free(&d);

	/* a bad value is a diagnostic naming the source; nothing lands */
	dump = tu_db_dump(dbp);
	cr_assert_eq(pm_import_begin(st, &o, &d, &im, &err), 0);
	cr_assert_eq(pm_import_record(im, PM_T_LINKS, bad, "Connections.csv", 9, pos), 0);
	cr_assert_eq(d.nerrors, 1);
	cr_assert_str_eq(d.items[0].file, "Connections.csv");
	cr_assert_eq(d.items[0].line, 9);
	cr_assert_eq(d.items[0].col, 4, "the strength's field");
	/* records out of dependency order are refused */
	cr_assert_eq(pm_import_record(im, PM_T_ORGS, sub, "x", 1, NULL), PM_EINVAL);
	cr_assert_eq(pm_import_end(im, &stats, &err), PM_EINVAL);
	{
		char *after = tu_db_dump(dbp);
		cr_assert_str_eq(dump, after, "nothing changed");
		free(after);
	}
	free(dump);
	pm_diags_free(&d);
}

/* An abandoned bulk load leaves the connection as it found it: CHECKs back on. */
PM_TEST(import, abandoned_bulk_load_restores_checks)
{
	const char *ann[PM_TABLE_MAXCOLS] = { "ann", "Ann" };
	const char *bad[PM_TABLE_MAXCOLS] = { "x", "X", NULL, NULL, NULL, NULL, NULL, NULL,
					      "bogus" };
	struct pm_import_opts o = { .type = -1 };
	struct pm_diags d = { 0 };
	struct pm_import *im;
	struct pm_error err;

	cr_assert_eq(pm_import_begin(st, &o, &d, &im, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_import_record(im, PM_T_PEOPLE, ann, "x.csv", 2, NULL), 0,
		     "into an empty table: a bulk load");
	pm_import_abort(im);
	pm_diags_free(&d);
	/* values are checked by callers; the schema's CHECK is the last guard */
	cr_assert_lt(pm_store_put(st, PM_T_PEOPLE, bad, PM_PUT_UPSERT, NULL, NULL, &err), 0,
		     "a stance the schema refuses is refused");
	cr_assert_eq(pm_store_table_empty(st, PM_T_PEOPLE, &err), 1, "nothing landed");
}

/* Values as Excel and Japanese users write them land canonical; bad ones are quoted as written. */
PM_TEST(import, excel_and_japanese_values)
{
	struct pm_diags d;
	char *dump;

	base();
	cr_assert_eq(import(&d, 0, 1, "links.csv",
			    "from,to,kind,strength,last_contact\n"
			    "me,ceo,知人,０.７,2026/11/25\n"
			    "ceo,cto,Reports To,,2026年1月5日\n"), 0,
		     "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	cr_assert_eq(import(&d, 0, 1, "people.csv",
			    "key,name,stance,role,power\n"
			    "dev,鈴木,懐疑的,Technical Buyer,３\n"), 0, "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|knows|0.7|2026-11-25|"), "%s", dump);
	cr_assert(strstr(dump, "|reports_to|NULL|2026-01-05|"), "%s", dump);
	cr_assert(strstr(dump, "|technical_buyer|skeptic|3|"), "%s", dump);
	free(dump);
	cr_assert_eq(import(&d, 0, 1, "people.csv", "key,name,stance\ndev,鈴木,味方？\n"),
		     PM_EIMPORT);
	expect_error(&d, "people.csv", 2, 3, "unknown stance '味方？'");
	pm_diags_free(&d);
}

/* LinkedIn Connections.csv of two colleagues merge into one network, no human twice. */
PM_TEST(import, linkedin_connections_merge)
{
	const char *base_people = "key,name,org,title,email,url\n"
		"ceo,田中 一郎,acme,社長,tanaka@acme.example,\n"
		"me,Me,us,AE,,\nyou,You,us,SE,,\n";
	struct pm_import_opts o = { .type = -1, .format = "linkedin", .owner = "me" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	char *dump, *path;
	int64_t id;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", ORGS, "people.csv", base_people), 0);
	pm_diags_free(&d);
	path = tu_path(getenv("POWERMAP_TESTDATA"), "linkedin/sakurai.csv");
	paths[0] = path;
	/* ceo by name in its org (Acme 株式会社 written as Acme(株)) */
	paths[0] = tu_write(dir, "Connections.csv",
			    "Notes:\r\n\"When exporting your connection data, you may notice that "
			    "some of the email addresses are missing, see https://x, y\"\r\n\r\n"
			    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
			    "一郎,田中,https://www.linkedin.com/in/ichiro-t,,Acme(株),社長,12 Mar 2025\r\n"
			    "Hanako,Suzuki,https://www.linkedin.com/in/hanako-s,,\"Orion Labs, Inc.\","
			    "\"VP, Engineering\",5 Sep 2023\r\n"
			    ",,,,,,\r\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_ORGS], 1, "Orion Labs");
	cr_assert_eq(stats.created[PM_T_PEOPLE], 1, "Hanako Suzuki");
	cr_assert_eq(stats.matched[PM_T_PEOPLE], 1, "田中 一郎");
	cr_assert_eq(stats.matched_by[PM_T_PEOPLE][2], 1, "by name");
	cr_assert_eq(stats.created[PM_T_LINKS], 2);
	pm_diags_free(&d);
	free((char *)paths[0]);
	/* a colleague's export without URLs: the same humans by email and by name */
	o.owner = "you";
	paths[0] = tu_write(dir, "Connections2.csv",
			    "Notes:\r\n\"...\"\r\n\r\n"
			    "First Name,Last Name,Email Address,Company,Position,Connected On\r\n"
			    "Ichiro,Tanaka,TANAKA@acme.example,Acme,President,08 Feb 2024\r\n"
			    "Hanako,Suzuki,,Orion Labs Inc,VP,01 Nov 2026\r\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 0, "no new humans");
	cr_assert_eq(stats.matched_by[PM_T_PEOPLE][1], 1, "ceo by email, case aside");
	cr_assert_eq(stats.matched_by[PM_T_PEOPLE][2], 1, "Hanako by name in Orion Labs");
	cr_assert_eq(stats.created[PM_T_LINKS], 2);
	pm_diags_free(&d);
	free((char *)paths[0]);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|knows|0.2|2025-03-12|linkedin|"), "%s", dump);
	cr_assert(strstr(dump, "|knows|0.2|2024-02-08|linkedin|"), "%s", dump);
	cr_assert(strstr(dump, "|Orion Labs, Inc.|other|"), "%s", dump);
	free(dump);
	cr_assert_eq(pm_store_person_resolve(st, "hanako-s", &id, NULL, &err), 0,
		     "the profile slug is the key");
	/* no owner, or a bad date: file-level and line errors, nothing changes */
	dump = tu_db_dump(dbp);
	o.owner = NULL;
	paths[0] = path;
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), PM_EIMPORT);
	cr_assert(strstr(d.items[0].msg, "--owner"), "%s", d.items[0].msg);
	pm_diags_free(&d);
	o.owner = "me";
	paths[0] = tu_write(dir, "Connections3.csv",
			    "First Name,Last Name,Company,Position,Connected On\n"
			    "Jiro,Sato,Acme,CFO,yesterday\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), PM_EIMPORT);
	expect_error(&d, "Connections3.csv", 2, 5, "not a date");
	pm_diags_free(&d);
	free((char *)paths[0]);
	{
		char *after = tu_db_dump(dbp);
		cr_assert_str_eq(dump, after, "nothing changed");
		free(after);
	}
	free(dump);
	free(path);
}

/* A Shift_JIS business-card export with Japanese headers: cards of two colleagues. */
PM_TEST(import, business_cards_sjis)
{
	const char *people = "key,name,org,email\nceo,田中 一郎,acme,tanaka@acme.example\n"
			     "me,桜井 健,us,\nmiyazaki-aoi,宮崎 葵,us,\n";
	struct pm_import_opts o = { .type = -1, .format = "cards" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	char *dump, *path = tu_path(getenv("POWERMAP_TESTDATA"), "cards/sansan-sjis.csv");

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", ORGS, "people.csv", people), 0);
	pm_diags_free(&d);
	paths[0] = path;
	/* the last card has no owner */
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), PM_EIMPORT);
	expect_error(&d, "sansan-sjis.csv", 5, 8, "owner is empty");
	cr_assert_eq(d.nwarnings, 1, "read as CP932");
	pm_diags_free(&d);
	o.owner = "me";
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n > 1 ? d.items[1].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 4, "nobody on the cards is known by email");
	cr_assert_eq(stats.created[PM_T_LINKS], 4);
	cr_assert_eq(stats.created[PM_T_ORGS], 3, "関東精機, オリオン電機, みらい商事");
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|阿部　直樹|") && strstr(dump, "|部長|情報システム部|"), "%s", dump);
	cr_assert(strstr(dump, "|knows|0.5|2026-11-20|card|"), "%s", dump);
	cr_assert(strstr(dump, "|knows|0.5|2025-03-04|card|"), "--owner for the ownerless card");
	free(dump);
	free(path);
}

/*
 * A colleague's address book (Outlook in Japanese, CP932; Outlook in English,
 * whose Title is the honorific; Google Contacts): each contact a person and a
 * tie of 0.3 from the owner, source contacts; a known person found by email or
 * by name in the org keeps their title.
 */
PM_TEST(import, address_books)
{
	const char *orgs = "key,name,kind\nkanto,関東精機株式会社,customer\n"
			   "northwind,Northwind Logistics,customer\nus,Us,own\n";
	const char *people = "key,name,org,title,email\n"
			     "abe,阿部 直樹,kanto,情報システム部長,abe.naoki@kanto-seiki.example.jp\n"
			     "okada,岡田 芽衣,kanto,担当,\n"
			     "hannah,Hannah Berg,northwind,Director of IT,\n"
			     "me,桜井 健,us,,\n";
	struct pm_import_opts o = { .type = -1, .format = "contacts" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[3];
	char *dump;
	size_t i;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", orgs, "people.csv", people), 0);
	pm_diags_free(&d);
	paths[0] = tu_path(getenv("POWERMAP_TESTDATA"), "contacts/outlook-ja-sjis.csv");
	paths[1] = tu_path(getenv("POWERMAP_TESTDATA"), "contacts/outlook-en.csv");
	paths[2] = tu_path(getenv("POWERMAP_TESTDATA"), "contacts/google.csv");
	cr_assert_lt(pm_import_files(st, paths, 3, &o, &stats, &d, &err), 0, "no owner");
	cr_assert(d.n && strstr(d.items[d.n - 1].msg, "whose address book is this?"), "%zu %s / %s",
		  d.n, d.n ? d.items[d.n - 1].msg : "", err.msg);
	pm_diags_free(&d);
	o.owner = "me";
	cr_assert_eq(pm_import_files(st, paths, 3, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[d.n - 1].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 3, "新田, 外山, Oliver Grant, and no one else");
	cr_assert_eq(stats.created[PM_T_ORGS], 1, "東西物産; 関東精機(株) is 関東精機株式会社");
	cr_assert_eq(stats.created[PM_T_LINKS], 6, "a tie from me to each contact");
	for (i = 0; i < d.n; i++)
		cr_assert(strstr(d.items[i].msg, "CP932"), "only the encoding warned: %s",
			  d.items[i].msg);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|新田 誠|") && strstr(dump, "|課長|購買部|nitta.makoto@"), "%s", dump);
	cr_assert(strstr(dump, "|Hannah Berg|") && strstr(dump, "|Director of IT|") &&
		  !strstr(dump, "|Ms.|") && !strstr(dump, "|Mr.|"), "Title is no job: %s", dump);
	cr_assert(strstr(dump, "|Oliver Grant|") && strstr(dump, "|Controller|Finance|"), "%s", dump);
	cr_assert(strstr(dump, "|情報システム部長|"), "a known person keeps their title: %s", dump);
	cr_assert(strstr(dump, "|knows|0.3|NULL|contacts|"), "%s", dump);
	free(dump);
	/* again: all found, nothing new */
	cr_assert_eq(pm_import_files(st, paths, 3, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_PEOPLE] + stats.created[PM_T_LINKS], 0);
	pm_diags_free(&d);
	for (i = 0; i < 3; i++)
		free((char *)paths[i]);
}

/*
 * vCard as an address book's CSV, by hand: folded lines joined, escapes
 * undone, a group's EMAIL, the work address preferred, ORG's units as the
 * department, vCard 2.1's quoted-printable Shift_JIS, each row on the line
 * after its BEGIN:VCARD (blank lines before it), and a card left open.
 */
PM_TEST(import, vcard_as_csv)
{
	const char *v =
		"BEGIN:VCARD\r\n"                                  /* 1 */
		"VERSION:3.0\r\n"
		"N:阿部;直樹;;;\r\n"
		"FN:阿部 直樹\r\n"
		"ORG:関東精機株式会社;情報システム部;開発課\r\n"   /* 5 */
		"TITLE:部長\\, 兼務\r\n"
		"EMAIL;type=HOME:home@example.jp\r\n"
		"item1.EMAIL;type=INTERNET;type=WORK:abe@kanto-seiki.exa\r\n"
		" mple.jp\r\n"
		"NOTE:a\\nb\r\n"                                    /* 10 */
		"END:VCARD\r\n"
		"\r\n"
		"BEGIN:VCARD\r\n"                                  /* 13 */
		"VERSION:2.1\r\n"
		"N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8AO=8ER;=91=BE=98Y\r\n"
		"ORG;ENCODING=QUOTED-PRINTABLE:Acme=20Co=2C=\r\n"
		"=20Ltd.\r\n"
		"END:VCARD\r\n";
	const char *want =
		"Name,First Name,Last Name,Company,Department,Job Title,E-mail Address\n"
		"阿部 直樹,直樹,阿部,関東精機株式会社,情報システム部 開発課,\"部長, 兼務\","
		"abe@kanto-seiki.example.jp\n"
		"\n\n\n\n\n\n\n\n\n\n\n"
		",太郎,外山,\"Acme Co, Ltd.\",,,\n";
	struct pm_error err;
	char *out = NULL;
	size_t len = 0;

	cr_assert(pm_vcard_sniff("\xef\xbb\xbf\r\nbegin:vcard\r\n", 20));
	cr_assert_not(pm_vcard_sniff("key,name\n", 9));
	cr_assert_eq(pm_vcard_to_csv(v, strlen(v), "a.vcf", &out, &len, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out, want);
	cr_assert_eq(len, strlen(want));
	free(out);
	v = "BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n";
	cr_assert_eq(pm_vcard_to_csv(v, strlen(v), "b.vcf", &out, &len, &err), PM_EINVAL);
	cr_assert_str_eq(err.msg, "b.vcf:3: a card begins inside another (no END:VCARD before it)");
	v = "BEGIN:VCARD\nFN:A\n";
	cr_assert_eq(pm_vcard_to_csv(v, strlen(v), "c.vcf", &out, &len, &err), PM_EINVAL);
	cr_assert_str_eq(err.msg, "c.vcf:1: the last card has no END:VCARD");
}

/* An iPhone's and a Japanese phone's .vcf, as an address book; a .vcf without --format contacts. */
PM_TEST(import, vcard_address_books)
{
	const char *orgs = "key,name,kind\nkanto,関東精機株式会社,customer\n"
			   "northwind,Northwind Logistics,customer\nus,Us,own\n";
	const char *people = "key,name,org,title,email\n"
			     "abe,阿部 直樹,kanto,情報システム部長,abe.naoki@kanto-seiki.example.jp\n"
			     "hannah,Hannah Berg,northwind,Director of IT,\n"
			     "me,桜井 健,us,,\n";
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[2];
	char *dump;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", orgs, "people.csv", people), 0);
	pm_diags_free(&d);
	paths[0] = tu_path(getenv("POWERMAP_TESTDATA"), "contacts/iphone.vcf");
	paths[1] = tu_path(getenv("POWERMAP_TESTDATA"), "contacts/phone-21-sjis.vcf");
	cr_assert_lt(pm_import_files(st, paths, 2, &o, &stats, &d, &err), 0);
	cr_assert(d.n && strstr(d.items[0].msg, "--format contacts"), "%s",
		  d.n ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	o.format = "contacts";
	o.owner = "me";
	cr_assert_eq(pm_import_files(st, paths, 2, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	cr_assert_eq(d.n, 0, "%s", d.n ? d.items[0].msg : "");
	cr_assert_eq(stats.created[PM_T_PEOPLE], 2, "新田 and 外山; 阿部 by email, Hannah by name");
	cr_assert_eq(stats.created[PM_T_LINKS], 4);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|外山 太郎|") && strstr(dump, "|東西物産株式会社|"),
		  "quoted-printable Shift_JIS: %s", dump);
	cr_assert(strstr(dump, "|課長|購買部 第一課|nitta.makoto@kanto-seiki.example.jp|"), "%s", dump);
	cr_assert(strstr(dump, "|knows|0.3|NULL|contacts|"), "%s", dump);
	free(dump);
	free((char *)paths[0]);
	free((char *)paths[1]);
}

/* A row of the wrong width in a card export is one error, not one per pass. */
PM_TEST(import, cards_row_errors_said_once)
{
	struct pm_import_opts o = { .type = -1, .format = "cards", .owner = "me" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];

	base();
	paths[0] = tu_write(dir, "cards.csv", "姓,名,会社名,名刺交換日\n山田,花子,acme,2026/11/01,x\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), PM_EIMPORT);
	cr_assert_eq(d.nerrors, 1, "%zu errors", d.nerrors);
	pm_diags_free(&d);
	free((char *)paths[0]);
}

/* Eight's export writes its email header in lower case (e-mail). */
/* A name as stored, without the honorific an export adds. */
PM_TEST(import, names_without_honorifics)
{
	static const char *const cases[][2] = {
		{ "阿部 直樹 様", "阿部 直樹" }, { "阿部様", "阿部" }, { "阿部　直樹　さん", "阿部　直樹" },
		{ "阿部殿", "阿部" }, { "阿部 様様", "阿部" }, { "様", "様" }, { " 様", " 様" },
		{ "Mr. John Smith", "John Smith" }, { "dr Jane Doe", "Jane Doe" },
		{ "Mr.", "Mr." }, { "Mrs Smith", "Smith" }, { "Mister Lee", "Mister Lee" },
		{ "氏家 健", "氏家 健" }, { "田中 一郎", "田中 一郎" },
	};
	struct pm_strbuf sb = PM_STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(pm_person_name_plain(cases[i][0], &sb), 0);
		cr_assert_str_eq(pm_strbuf_str(&sb), cases[i][1], "'%s'", cases[i][0]);
	}
	pm_strbuf_release(&sb);
}

PM_TEST(import, cards_headers_in_any_case)
{
	struct pm_import_opts o = { .type = -1, .format = "cards", .owner = "me" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	int64_t id;

	base();
	paths[0] = tu_write(dir, "eight.csv", "会社名,部署名,役職,姓,名,e-mail,名刺交換日\n"
			    "acme,購買部,主任,北村,彩,kitamura@acme.example,2026/10/01\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	cr_assert_eq(pm_store_person_resolve(st, "kitamura@acme.example", &id, NULL, &err), 0,
		     "keyed by the email it read: %s", err.msg);
	pm_diags_free(&d);
	free((char *)paths[0]);
}

/* --map reads a file whose headers are not ours (a CRM's contacts export). */
PM_TEST(import, column_map_for_other_headers)
{
	struct pm_import_opts o = { .type = PM_T_PEOPLE,
				    .map = "key=Email, name=Full Name ,org=Company,title=Job Title" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	int64_t id;

	base();
	paths[0] = tu_write(dir, "hubspot.csv",
			    "Full Name,Email,Company,Job Title,Contact owner\n"
			    "Jiro Sato,jiro@acme.example,acme,CFO,Me\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 1);
	cr_assert_eq(d.nwarnings, 1, "Contact owner is not ours: warned, ignored");
	cr_assert_eq(pm_store_person_resolve(st, "jiro@acme.example", &id, NULL, &err), 0);
	pm_diags_free(&d);
	o.map = "key=,name=Full Name";
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "empty"), "%s", err.msg);
	o.map = "no-such-map-file";
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), PM_EIO,
		     "a map without '=' is a file");
	pm_diags_free(&d);
	free((char *)paths[0]);
}

/* Re-importing an unchanged file changes nothing and says so; a real change is "updated". */
PM_TEST(import, unchanged_records_are_not_updates)
{
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[2];

	paths[0] = tu_write(dir, "orgs.csv", ORGS);
	paths[1] = tu_write(dir, "people.csv", PEOPLE);
	cr_assert_eq(pm_import_files(st, paths, 2, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 4);
	cr_assert_eq(pm_import_files(st, paths, 2, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_PEOPLE] + stats.updated[PM_T_PEOPLE], 0);
	cr_assert_eq(stats.unchanged[PM_T_PEOPLE], 4);
	cr_assert_eq(stats.unchanged[PM_T_ORGS], 2);
	free((char *)paths[1]);
	/* a new title is a change; power "５" is the stored 5 */
	paths[1] = tu_write(dir, "people.csv", "key,name,org,title,role,stance,power\n"
			    "ceo,田中 一郎,acme,会長,economic_buyer,neutral,５\n");
	cr_assert_eq(pm_import_files(st, paths + 1, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.updated[PM_T_PEOPLE], 1);
	cr_assert_eq(pm_import_files(st, paths + 1, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.unchanged[PM_T_PEOPLE], 1);
	free((char *)paths[1]);
	/* a strength written 0.70 is the stored 0.7 */
	paths[1] = tu_write(dir, "links.csv", "from,to,kind,strength\nme,ceo,knows,0.7\n");
	cr_assert_eq(pm_import_files(st, paths + 1, 1, &o, &stats, &d, &err), 0);
	free((char *)paths[1]);
	paths[1] = tu_write(dir, "links.csv", "from,to,kind,strength\nceo,me,knows,0.70\n");
	cr_assert_eq(pm_import_files(st, paths + 1, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.unchanged[PM_T_LINKS], 1, "the same tie, the same strength");
	pm_diags_free(&d);
	free((char *)paths[0]);
	free((char *)paths[1]);
}

/* A document-view log: views of known people by email, strangers reported. */
PM_TEST(import, document_view_log)
{
	struct pm_import_opts o = { .type = -1, .format = "views" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	char *dump;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", ORGS, "people.csv",
			    "key,name,org,email\nceo,田中 一郎,acme,Tanaka@acme.example\n"), 0);
	pm_diags_free(&d);
	paths[0] = tu_write(dir, "views.csv", "document,viewer_email,viewed_at,seconds\n"
			    "提案書.pdf,tanaka@ACME.example,2026/11/20 9:14,150\n"
			    "提案書.pdf,nobody@acme.example,2026-11-21,30\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 1);
	cr_assert_eq(d.nwarnings, 1);
	cr_assert(strstr(d.items[0].msg, "nobody@acme.example") && d.items[0].line == 3);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|2026-11-20T09:14|view|NULL|提案書.pdf|2.5"), "%s", dump);
	free(dump);
	free((char *)paths[0]);
	/* a file that is no view log says what it lacks */
	paths[0] = tu_write(dir, "x.csv", "a,b\n1,2\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), PM_EIMPORT);
	cr_assert(strstr(d.items[0].msg, "not a view log"), "%s", d.items[0].msg);
	pm_diags_free(&d);
	free((char *)paths[0]);
}

/* Salesforce's four exports, in any order: Ids kept, roles mapped, a re-export changes nothing. */
PM_TEST(import, salesforce_exports)
{
	static const char *const names[] = { "OpportunityContactRole.csv", "Opportunity.csv",
					     "Contact.csv", "Account.csv" };
	struct pm_import_opts o = { .type = -1, .format = "salesforce" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[4];
	char *dump;
	size_t i;

	for (i = 0; i < 4; i++) {
		char sub[64];
		snprintf(sub, sizeof(sub), "salesforce/%s", names[i]);
		paths[i] = tu_path(getenv("POWERMAP_TESTDATA"), sub);
	}
	cr_assert_eq(pm_import_files(st, paths, 4, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_ORGS], 3);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 4);
	cr_assert_eq(stats.created[PM_T_LINKS], 2, "two reporting lines");
	cr_assert_eq(stats.created[PM_T_DEALS], 2);
	cr_assert_eq(d.nwarnings, 1, "the role 'Other' is left out");
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|003A|田中 一郎|1|代表取締役社長|"), "Japanese names family first: %s", dump);
	cr_assert(strstr(dump, "|economic_buyer|"), "Economic Decision Maker");
	cr_assert(strstr(dump, "|technical_buyer|"), "Technical Buyer");
	cr_assert(strstr(dump, "|influencer|"), "Executive Sponsor");
	cr_assert(strstr(dump, "|006A|1|製造IoT基盤 導入|proposal|48000000.0|JPY|0.6|2027-03-31|2026-11-20"),
		  "%s", dump);
	cr_assert(strstr(dump, "|006B|2|品質管理SaaS|won|"), "%s", dump);
	cr_assert(strstr(dump, "2|001B|オリオン電機株式会社|customer|電機|3|"), "parent by Id: %s", dump);
	/* firmographics: employees, revenue with its currency, region (state), website */
	cr_assert(strstr(dump, "|2300.0|41000000000.0|JPY|東京都|https://www.kanto-seiki.example.jp"),
		  "%s", dump);
	cr_assert(strstr(dump, "|12000.0|NULL|NULL|大阪府|NULL"), "employees only: %s", dump);
	free(dump);
	/* the same export again: nothing new, nothing changed */
	cr_assert_eq(pm_import_files(st, paths, 4, &o, &stats, &d, &err), 0);
	for (i = 0; i < PM_T_COUNT; i++)
		cr_assert_eq(stats.created[i] + stats.updated[i], 0, "%s", pm_tables[i].name);
	pm_diags_free(&d);
	for (i = 0; i < 4; i++)
		free((char *)paths[i]);
}

/*
 * Salesforce's users and activities: users matched to our people (by name in
 * an org of ours, never a customer's namesake) or added to the org of their
 * email's domain; completed calls and emails, and events, become
 * interactions at their UTC minute; open tasks, to-dos, leads and unknown
 * owners are left out or told, once per file; a re-export changes nothing.
 */
PM_TEST(import, salesforce_users_and_activities)
{
	static const char *const names[] = { "Event.csv", "Task.csv", "User.csv", "Contact.csv",
					     "Account.csv" };
	struct pm_import_opts o = { .type = -1, .format = "salesforce" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[5];
	char *dump;
	size_t i;

	/* ours, with its domain; a customer's 中野 雄太 must not be taken for our user */
	cr_assert_eq(import(&d, 0, 2, "orgs.csv",
			    "key,name,kind,domains\nnexus,ネクサスデータ株式会社,own,"
			    "nexus-data.example.co.jp\nother,他社,customer,\n",
			    "people.csv", "key,name,org\nnamesake,中野 雄太,other\n"
			    "nakano,中野 雄太,nexus\nkubo,久保 詩織,nexus\n"), 0);
	pm_diags_free(&d);
	for (i = 0; i < 5; i++) {
		char sub[64];
		snprintf(sub, sizeof(sub), "salesforce/%s", names[i]);
		paths[i] = tu_path(getenv("POWERMAP_TESTDATA"), sub);
	}
	cr_assert_eq(pm_import_files(st, paths, 5, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 7, "4 tasks, 3 events");
	cr_assert_eq(stats.created[PM_T_PEOPLE], 4 + 1, "the contacts, and 森田 翼 (005C)");
	cr_assert_eq(d.nwarnings, 4, "%zu", d.nwarnings);
	cr_assert(strstr(d.items[0].msg, "tasks left out: 1 (the WhoId is no contact") &&
		  d.items[0].line == 6, "the lead: %s", d.items[0].msg);
	cr_assert(strstr(d.items[1].msg, "tasks without an owner: 1") && d.items[1].line == 7,
		  "005Z: %s", d.items[1].msg);
	cr_assert(strstr(d.items[2].msg, "1 not done yet"), "%s", d.items[2].msg);
	cr_assert(strstr(d.items[3].msg, "1 to-dos"), "%s", d.items[3].msg);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	/* users: 005A, 005B found by name in nexus and given their email; 005C added */
	cr_assert(strstr(dump, "|nakano|中野 雄太|1|NULL|NULL|nakano.yuta@nexus-data.example.co.jp|"),
		  "%s", dump);
	cr_assert(strstr(dump, "|namesake|中野 雄太|2|NULL|NULL|NULL|"), "%s", dump);
	cr_assert(strstr(dump, "|005C|森田 翼|1|インサイドセールス|営業本部|"
			       "morita.tsubasa@nexus-data.example.co.jp|"), "%s", dump);
	cr_assert_null(strstr(dump, "石田"), "an inactive user nobody knows");
	cr_assert_null(strstr(dump, "サイトゲスト"), "a guest user is not one of us");
	/* person ids: nakano 2, kubo 3, 005C 4 (users first: files in order); 003A-003D 5-8 */
	cr_assert(strstr(dump, "|5|2026-11-16T06:10|call|2|電話：導入時期の確認|15.0|outbound"),
		  "a call: its completion, its seconds: %s", dump);
	cr_assert(strstr(dump, "|6|2026-11-18T00:30|email|3|技術資料の送付|NULL|NULL"),
		  "an email we logged: no direction known: %s", dump);
	cr_assert(strstr(dump, "|7|2026-11-20|meeting|NULL|面談のお礼と次回の日程|NULL|both"),
		  "Type 面談, Status 完了, owner unknown: %s", dump);
	cr_assert(strstr(dump, "|5|2026-11-24T05:00|meeting|2|役員面談（導入方針）|60.0|both"),
		  "%s", dump);
	cr_assert(strstr(dump, "|6|2026-11-25T05:30|meeting|3|技術検討会|90.0|both"),
		  "+09:00 to UTC, minutes from the end: %s", dump);
	cr_assert(strstr(dump, "|8|2026-11-05|meeting|4|展示会でご挨拶|NULL|both"),
		  "all day: %s", dump);
	cr_assert_null(strstr(dump, "提案書のドラフト作成"), "open");
	cr_assert_null(strstr(dump, "社内メモ"), "a to-do");
	cr_assert_null(strstr(dump, "リードへの架電"), "a lead");
	free(dump);
	/* the same export again: nothing new, nothing changed */
	cr_assert_eq(pm_import_files(st, paths, 5, &o, &stats, &d, &err), 0);
	for (i = 0; i < PM_T_COUNT; i++)
		cr_assert_eq(stats.created[i] + stats.updated[i], 0, "%s", pm_tables[i].name);
	cr_assert_eq(stats.unchanged[PM_T_INTERACTIONS], 7);
	pm_diags_free(&d);
	for (i = 0; i < 5; i++)
		free((char *)paths[i]);
}

/*
 * Our org (with its domain) and two of our users, stored; then the
 * Salesforce test files `names` (n of them) as paths (caller frees each).
 */
static void our_side_and_exports(const char *const *names, size_t n, const char **paths)
{
	struct pm_diags d;
	size_t i;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv",
			    "key,name,kind,domains\nnexus,ネクサスデータ株式会社,own,"
			    "nexus-data.example.co.jp\n",
			    "people.csv", "key,name,org\nnakano,中野 雄太,nexus\nkubo,久保 詩織,nexus\n"),
		     0);
	pm_diags_free(&d);
	for (i = 0; i < n; i++) {
		char sub[64];
		snprintf(sub, sizeof(sub), "salesforce/%s", names[i]);
		paths[i] = tu_path(getenv("POWERMAP_TESTDATA"), sub);
	}
}

/*
 * A meeting or call with several contacts (Shared Activities): WhoId names
 * the first, EventRelation and TaskRelation the others — each gets the
 * same interaction. Left out: the WhoId again, an account (IsWhat), our
 * own user, a declined invitation, a lead, an activity not in the import
 * (or an open task); each kind told once per file.
 */
PM_TEST(import, salesforce_relations_add_the_other_contacts)
{
	static const char *const names[] = { "TaskRelation.csv", "EventRelation.csv", "Event.csv",
					     "Task.csv", "User.csv", "Contact.csv", "Account.csv" };
	struct pm_import_opts o = { .type = -1, .format = "salesforce" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[7];
	char *dump;
	size_t i, relations = 0;

	our_side_and_exports(names, 7, paths);
	cr_assert_eq(pm_import_files(st, paths, 7, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 7 + 2, "木村 at the call and the meeting");
	for (i = 0; i < d.n; i++) {
		const char *file = strrchr(d.items[i].file, '/') + 1;
		if (!strstr(d.items[i].msg, "relations left out"))
			continue;
		relations++;
		if (!strcmp(file, "EventRelation.csv") && d.items[i].line == 8)
			cr_assert(strstr(d.items[i].msg, "1 (their event or task is not"), "00U9");
		else if (!strcmp(file, "EventRelation.csv") && d.items[i].line == 7)
			cr_assert(strstr(d.items[i].msg, "1 (the RelationId is no contact"), "00Q1");
		else if (!strcmp(file, "EventRelation.csv"))
			cr_assert(strstr(d.items[i].msg, "1 invitations declined"), "%s",
				  d.items[i].msg);
		else
			cr_assert(!strcmp(file, "TaskRelation.csv") && d.items[i].line == 3 &&
				  strstr(d.items[i].msg, "1 (their event or task"), "the open task: %s",
				  d.items[i].msg);
	}
	cr_assert_eq(relations, 4);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	/* person ids: nakano 1, kubo 2, 005C 3; 003A-003D 4-7 */
	cr_assert(strstr(dump, "|4|2026-11-24T05:00|meeting|1|役員面談（導入方針）|60.0|both"),
		  "the WhoId: %s", dump);
	cr_assert(strstr(dump, "|5|2026-11-24T05:00|meeting|1|役員面談（導入方針）|60.0|both"),
		  "木村 (EventRelation): %s", dump);
	cr_assert(strstr(dump, "|5|2026-11-16T06:10|call|1|電話：導入時期の確認|15.0|outbound"),
		  "木村 (TaskRelation): %s", dump);
	cr_assert_null(strstr(dump, "|6|2026-11-24T05:00"), "星野 declined: %s", dump);
	free(dump);
	/* again: nothing new */
	cr_assert_eq(pm_import_files(st, paths, 7, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 0);
	cr_assert_eq(stats.unchanged[PM_T_INTERACTIONS], 9);
	pm_diags_free(&d);
	for (i = 0; i < 7; i++)
		free((char *)paths[i]);
}

/*
 * EmailMessage knows what a logged email task does not: a reply (Incoming)
 * is an inbound email from its sender, a sent one an outbound email to each
 * recipient on the map who is not one of us (To and Cc, any case), owned by
 * the sender; the task Salesforce logged for it (ActivityId) is left out
 * for those contacts. Drafts and emails to no one known are counted.
 */
PM_TEST(import, salesforce_email_messages_have_a_direction)
{
	static const char *const names[] = { "EmailMessage.csv", "Task.csv", "User.csv",
					     "Contact.csv", "Account.csv" };
	struct pm_import_opts o = { .type = -1, .format = "salesforce" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[5];
	char *dump;
	size_t i, emails = 0;

	our_side_and_exports(names, 5, paths);
	cr_assert_eq(pm_import_files(st, paths, 5, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	/* 4 tasks (one given by its email), 3 emails */
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 3 + 3);
	for (i = 0; i < d.n; i++) {
		if (!strstr(d.items[i].msg, "emails left out"))
			continue;
		emails++;
		cr_assert(d.items[i].line == 5 ? strstr(d.items[i].msg, "1 (no one on the map") != NULL
			  : strstr(d.items[i].msg, "1 drafts never sent") != NULL, "%s",
			  d.items[i].msg);
	}
	cr_assert_eq(emails, 2);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	/* person ids: nakano 1, kubo 2, 005C 3; 003A-003D 4-7 */
	cr_assert(strstr(dump, "|4|2026-11-19T01:00|email|1|ご提案資料の送付|NULL|outbound"),
		  "to 田中, in any case: %s", dump);
	cr_assert(strstr(dump, "|6|2026-11-19T01:00|email|1|ご提案資料の送付|NULL|outbound"),
		  "to 星野 in Cc: %s", dump);
	cr_assert(strstr(dump, "|4|2026-11-20T00:30|email|1|Re: ご提案資料の送付|NULL|inbound"),
		  "the reply: %s", dump);
	cr_assert_null(strstr(dump, "|email|1|ご提案資料の送付|NULL|NULL"), "its task: %s", dump);
	cr_assert(strstr(dump, "|5|2026-11-18T00:30|email|2|技術資料の送付|NULL|NULL"),
		  "a task with no EmailMessage: %s", dump);
	cr_assert_null(strstr(dump, "お見積り"), "a draft");
	cr_assert_null(strstr(dump, "|email|2|ご提案資料"), "kubo is ours: %s", dump);
	free(dump);
	cr_assert_eq(pm_import_files(st, paths, 5, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 0);
	cr_assert_eq(stats.unchanged[PM_T_INTERACTIONS], 6);
	pm_diags_free(&d);
	for (i = 0; i < 5; i++)
		free((char *)paths[i]);
}

/*
 * Activities imported before their users came without owners; given again
 * with the User export, they get their owners — the same interactions, not
 * a second copy of each.
 */
PM_TEST(import, salesforce_owners_come_later)
{
	static const char *const names[] = { "Task.csv", "Contact.csv", "Account.csv",
					     "User.csv" };
	struct pm_import_opts o = { .type = -1, .format = "salesforce" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[4];
	int64_t n;
	size_t i;

	cr_assert_eq(import(&d, 0, 1, "orgs.csv", "key,name,kind\nnexus,Nexus,own\n"), 0);
	pm_diags_free(&d);
	for (i = 0; i < 4; i++) {
		char sub[64];
		snprintf(sub, sizeof(sub), "salesforce/%s", names[i]);
		paths[i] = tu_path(getenv("POWERMAP_TESTDATA"), sub);
	}
	cr_assert_eq(pm_import_files(st, paths, 3, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 4);
	pm_diags_free(&d);
	cr_assert_eq(pm_import_files(st, paths, 4, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 0);
	cr_assert_eq(stats.updated[PM_T_INTERACTIONS], 3, "005A's call and email, 005B's email");
	cr_assert_eq(stats.unchanged[PM_T_INTERACTIONS], 1, "005Z is nobody still");
	pm_diags_free(&d);
	cr_assert_eq(pm_store_count(st, PM_T_INTERACTIONS, &n, &err), 0);
	cr_assert_eq(n, 4);
	for (i = 0; i < 4; i++)
		free((char *)paths[i]);
}

/* Two orgs of ours and no domain: a new user cannot be placed, and says so. */
PM_TEST(import, salesforce_user_of_no_known_org)
{
	const char *users = "Id,Username,LastName,FirstName,Email,IsActive\n"
			    "005X,x@new.example,新人,一郎,x@new.example,true\n";
	struct pm_import_opts o = { .type = -1, .format = "salesforce" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];

	cr_assert_eq(import(&d, 0, 1, "orgs.csv", "key,name,kind\na,A,own\nb,B,own\n"), 0);
	pm_diags_free(&d);
	paths[0] = tu_write(dir, "User.csv", users);
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 0);
	cr_assert_eq(d.nwarnings, 1);
	cr_assert(strstr(d.items[0].msg, "users left out: 1") && d.items[0].line == 2,
		  "%s", d.items[0].msg);
	pm_diags_free(&d);
	free((char *)paths[0]);
	/* a user found by name further down gives org a its domain: the new one joins a */
	cr_assert_eq(import(&d, 0, 1, "people.csv", "key,name,org\nkizon,既存 太郎,a\n"), 0);
	pm_diags_free(&d);
	paths[0] = tu_write(dir, "User.csv", "Id,Username,LastName,FirstName,Email,IsActive\n"
			    "005Y,y@a.example,新人,二郎,y@a.example,true\n"
			    "005K,k@a.example,既存,太郎,kizon@a.example,true\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 1);
	cr_assert_eq(d.nwarnings, 0);
	pm_diags_free(&d);
	free((char *)paths[0]);
	{
		char *dump = tu_db_dump(dbp);
		cr_assert(strstr(dump, "|kizon|既存 太郎|1|NULL|NULL|kizon@a.example|"), "%s", dump);
		cr_assert(strstr(dump, "|005Y|新人 二郎|1|NULL|NULL|y@a.example|"), "%s", dump);
		free(dump);
	}
	/* one org of ours: that is where they work */
	cr_assert_eq(import(&d, 0, 1, "orgs.csv", "key,name,kind\nb,B,partner\n"), 0);
	pm_diags_free(&d);
	paths[0] = tu_write(dir, "User.csv", users);
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 1);
	cr_assert_eq(d.nwarnings, 0);
	pm_diags_free(&d);
	free((char *)paths[0]);
}

/* A calendar: meetings per attendee, recurring expanded, declined and cancelled left out. */
PM_TEST(import, calendar_meetings)
{
	struct pm_import_opts o = { .type = -1, .format = "ics", .as_of = "2026-11-27" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	char *dump, *path = tu_path(getenv("POWERMAP_TESTDATA"), "ics/sakurai-calendar.ics");
	int64_t id;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv",
			    "key,name,kind\nkanto,関東精機株式会社,customer\nnexus,Nexus,own\n",
			    "people.csv", "key,name,org,email\n"
			    "tanaka,田中 一郎,kanto,tanaka.ichiro@kanto-seiki.example.jp\n"
			    "takahashi,高橋 誠,kanto,takahashi.makoto@kanto-seiki.example.jp\n"
			    "abe,阿部 直樹,kanto,abe.naoki@kanto-seiki.example.jp\n"
			    "sakurai,桜井 健,nexus,\n"), 0);
	pm_diags_free(&d);
	paths[0] = path;
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	/* kickoff: tanaka and konishi (new; takahashi declined); weekly x4: abe, fujiwara (new) */
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 2 + 4 * 2);
	cr_assert_eq(stats.created[PM_T_PEOPLE], 2, "konishi and fujiwara met us");
	cr_assert_eq(d.nwarnings, 1);
	cr_assert(strstr(d.items[0].msg, "2 people met us but were not on the map"),
		  "%s", d.items[0].msg);
	pm_diags_free(&d);
	cr_assert_eq(pm_store_person_resolve(st, "小西 隆", &id, NULL, &err), 0, "by the CN");
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|小西 隆|") && !strstr(dump, "様"),
		  "named without the CN's honorific (CN=小西 隆 様): %s", dump);
	cr_assert(strstr(dump, "|2026-11-10T01:00|meeting|4|経営層キックオフ|60.0|both"), "%s", dump);
	cr_assert(strstr(dump, "|2026-11-03T05:00|meeting|4|定例（要件詰め）|30.0|both"),
		  "the fourth weekly meeting, owned by sakurai (4): %s", dump);
	cr_assert_null(strstr(dump, "中止になった会食"), "cancelled");
	cr_assert_null(strstr(dump, "関係のない予定"), "nobody known");
	cr_assert_null(strstr(dump, "日程未定の打ち合わせ"), "no start: skipped, not dated 1970");
	free(dump);
	/* the same calendar again: nothing new */
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.created[PM_T_INTERACTIONS] + stats.created[PM_T_PEOPLE], 0);
	cr_assert_eq(stats.unchanged[PM_T_INTERACTIONS], 10);
	pm_diags_free(&d);
	free(path);
}

/* Attendees nobody stored an email of join the org that declares their domain. */
PM_TEST(import, calendar_attendees_join_the_org_of_their_domain)
{
	struct pm_import_opts o = { .type = -1, .format = "ics", .as_of = "2026-11-27" };
	struct pm_filter f = { .org = "kanto" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	char *path = tu_path(getenv("POWERMAP_TESTDATA"), "ics/sakurai-calendar.ics");
	size_t n = 0;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv",
			    "key,name,kind,domains\n"
			    "kanto,関東精機株式会社,customer,\"@Kanto-Seiki.example.jp, kanto.example\"\n"
			    "nexus,Nexus,own,nexus-data.example.co.jp\n",
			    "people.csv", "key,name,org\nsakurai,桜井 健,nexus\n"), 0,
		     "%s", d.n ? d.items[0].msg : "");
	pm_diags_free(&d);
	paths[0] = path;
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	cr_assert_eq(pm_store_select(st, PM_T_PEOPLE, &f, count_rows, &n, &err), 0, "%s", err.msg);
	/* tanaka, konishi, abe, fujiwara (takahashi declined; someone@elsewhere is nobody's) */
	cr_assert_eq(n, 4, "the declared domain, in any case and with '@', is kanto's");
	cr_assert_eq(stats.created[PM_T_PEOPLE], 4, "and sakurai (ours, by the CN) is not created");
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 2 + 4 * 2, "the same meetings as by email");
	free(path);
}

/*
 * An attendee found by its name in the org of its email's domain, stored
 * without an email, gets the calendar's email (once, as an update); one
 * stored with another email keeps it; --strict fills in nothing.
 */
PM_TEST(import, calendar_fills_in_the_email_of_a_person_found_by_name)
{
	struct pm_import_opts o = { .type = -1, .format = "ics", .as_of = "2026-11-27" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	char *dump, *path = tu_path(getenv("POWERMAP_TESTDATA"), "ics/sakurai-calendar.ics");

	cr_assert_eq(import(&d, 0, 2, "orgs.csv",
			    "key,name,kind\nkanto,関東精機株式会社,customer\nnexus,Nexus,own\n",
			    "people.csv", "key,name,org,email\n"
			    "tanaka,田中 一郎,kanto,tanaka.ichiro@kanto-seiki.example.jp\n"
			    "abe,阿部 直樹,kanto,\n"
			    "konishi,小西 隆,kanto,t.konishi@private.example\n"
			    "sakurai,桜井 健,nexus,\n"), 0);
	pm_diags_free(&d);
	paths[0] = path;
	o.strict = 1;
	o.dry_run = 1;
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.updated[PM_T_PEOPLE], 0, "--strict updates no one");
	pm_diags_free(&d);
	o.strict = 0;
	o.dry_run = 0;
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	cr_assert_eq(stats.updated[PM_T_PEOPLE], 1,
		     "abe (CN=阿部 直樹 様), found by name, gets the email");
	cr_assert_eq(stats.created[PM_T_PEOPLE], 1, "fujiwara met us");
	cr_assert_eq(stats.created[PM_T_INTERACTIONS], 2 + 4 * 2);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|阿部 直樹|1|NULL|NULL|abe.naoki@kanto-seiki.example.jp|"), "%s", dump);
	cr_assert(strstr(dump, "t.konishi@private.example"), "another email is kept: %s", dump);
	free(dump);
	/* again: abe is now found by email; nothing to fill in */
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(stats.updated[PM_T_PEOPLE] + stats.created[PM_T_PEOPLE], 0);
	pm_diags_free(&d);
	free(path);
}

/* A team's clock nine hours ahead of UTC (Japan), whatever this machine's TZ. */
static int tokyo_clock(time_t t, struct tm *out)
{
	t += 9 * 3600;
	return gmtime_r(&t, out) ? 0 : -1;
}

/*
 * Times given with a zone are stored as the team reads them: a calendar's
 * UTC and TZID times and Salesforce's API times on the team's clock
 * (opts.local_time), a calendar's floating time as written.
 */
PM_TEST(import, zoned_times_are_stored_on_the_team_clock)
{
	struct pm_import_opts o = { .type = -1, .format = "ics", .as_of = "2026-11-27",
				    .local_time = tokyo_clock };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[3];
	char *dump;

	cr_assert_eq(import(&d, 0, 2, "orgs.csv",
			    "key,name,kind\nkanto,関東精機株式会社,customer\nnexus,Nexus,own\n",
			    "people.csv", "key,name,org,email\n"
			    "tanaka,田中 一郎,kanto,tanaka@kanto.example.jp\n"
			    "sakurai,桜井 健,nexus,sakurai@nexus.example.jp\n"), 0);
	pm_diags_free(&d);
	paths[0] = tu_write(dir, "cal.ics",
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
		"BEGIN:VTIMEZONE\r\nTZID:Tokyo Standard Time\r\nBEGIN:STANDARD\r\n"
		"DTSTART:16010101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"
		"END:STANDARD\r\nEND:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261110T010000Z\r\nDTEND:20261110T020000Z\r\n"
		"ORGANIZER:mailto:sakurai@nexus.example.jp\r\n"
		"ATTENDEE:mailto:tanaka@kanto.example.jp\r\nSUMMARY:UTC\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:b\r\nDTSTART;TZID=Tokyo Standard Time:20261111T150000\r\n"
		"DTEND;TZID=Tokyo Standard Time:20261111T160000\r\n"
		"ORGANIZER:mailto:sakurai@nexus.example.jp\r\n"
		"ATTENDEE:mailto:tanaka@kanto.example.jp\r\nSUMMARY:TZID\r\nEND:VEVENT\r\n"
		"BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261112T090000\r\nDTEND:20261112T093000\r\n"
		"ORGANIZER:mailto:sakurai@nexus.example.jp\r\n"
		"ATTENDEE:mailto:tanaka@kanto.example.jp\r\nSUMMARY:floating\r\nEND:VEVENT\r\n"
		"END:VCALENDAR\r\n");
	cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	paths[1] = tu_write(dir, "Event.csv",
		"Id,WhoId,OwnerId,Subject,StartDateTime,EndDateTime\n"
		"00U1,tanaka,sakurai,API Z,2026-11-24T05:00:00.000Z,2026-11-24T06:00:00.000Z\n"
		"00U2,tanaka,sakurai,API +09,2026-11-25T14:30:00+09:00,2026-11-25T16:00:00+09:00\n");
	o.format = "salesforce";
	cr_assert_eq(pm_import_files(st, paths + 1, 1, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	paths[2] = tu_write(dir, "views.csv", "viewer_email,document,viewed_at,seconds\n"
			    "tanaka@kanto.example.jp,提案書.pdf,2026-11-20T00:14:00Z,60\n"
			    "tanaka@kanto.example.jp,事例集.pdf,2026-11-21 18:02,60\n");
	o.format = "views";
	cr_assert_eq(pm_import_files(st, paths + 2, 1, &o, &stats, &d, &err), 0, "%s",
		     d.nerrors ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	dump = tu_db_dump(dbp);
	cr_assert(strstr(dump, "|2026-11-20T09:14|view|NULL|提案書.pdf|"), "%s", dump);
	cr_assert(strstr(dump, "|2026-11-21T18:02|view|NULL|事例集.pdf|"), "as written: %s", dump);
	cr_assert(strstr(dump, "|2026-11-10T10:00|meeting|2|UTC|60.0|"), "01:00Z: %s", dump);
	cr_assert(strstr(dump, "|2026-11-11T15:00|meeting|2|TZID|60.0|"), "%s", dump);
	cr_assert(strstr(dump, "|2026-11-12T09:00|meeting|2|floating|30.0|"), "%s", dump);
	cr_assert(strstr(dump, "|2026-11-24T14:00|meeting|2|API Z|60.0|"), "%s", dump);
	cr_assert(strstr(dump, "|2026-11-25T14:30|meeting|2|API +09|90.0|"), "%s", dump);
	free(dump);
	free((char *)paths[0]);
	free((char *)paths[1]);
	free((char *)paths[2]);
}

/* An event libical cannot read is an error at the line of the bad property; nothing is written. */
PM_TEST(import, calendar_errors_name_the_line)
{
	struct pm_import_opts o = { .type = -1, .format = "ics", .as_of = "2026-11-27" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];
	char *before, *after;

	base();
	before = tu_db_dump(dbp);
	paths[0] = tu_write(dir, "broken.ics",
			    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
			    "BEGIN:VEVENT\r\nUID:ok-1\r\nDTSTART:20261110T010000Z\r\n"
			    "ATTENDEE;CN=Someone:mailto:someone@example.com\r\nEND:VEVENT\r\n"
			    "BEGIN:VEVENT\r\nUID:bad-2\r\nSUMMARY:x\r\n"
			    "DTSTART:2026-13-45T99\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	cr_assert_lt(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0);
	cr_assert_eq(d.nerrors, 1, "said once over both passes");
	cr_assert_eq(d.items[0].line, 11, "the DTSTART of the second event");
	cr_assert(strstr(d.items[0].msg, "bad-2") && strstr(d.items[0].msg, "DTSTART") &&
		  strstr(d.items[0].msg, "2026-13-45T99"), "%s", d.items[0].msg);
	pm_diags_free(&d);
	after = tu_db_dump(dbp);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
	free((char *)paths[0]);
}

/* A file whose kind cannot be told does not hide the other files' errors, nor add echoes of its own. */
PM_TEST(import, every_file_is_checked_when_one_cannot_be_told)
{
	struct pm_diags d;
	char *before = tu_db_dump(dbp), *after;

	cr_assert_eq(import(&d, 0, 3, "people.csv", "key,nam\nx,X\n",
			    "orgs.csv", "key,name,kind\nacme,Acme,customerz\n",
			    "links.csv", "from,to,kind\nx,y,knows\nx,x2,frend\n"), PM_EIMPORT);
	cr_assert_eq(d.nerrors, 3, "the header, the kind, the link kind; not 'unknown person x'");
	cr_assert(strstr(d.items[0].msg, "cannot tell what this file holds"), "%s", d.items[0].msg);
	cr_assert(strstr(d.items[1].msg, "unknown kind 'customerz'") ||
		  strstr(d.items[2].msg, "unknown kind 'customerz'"));
	for (size_t i = 0; i < d.n; i++)
		cr_assert_null(strstr(d.items[i].msg, "unknown person"), "%s", d.items[i].msg);
	pm_diags_free(&d);
	after = tu_db_dump(dbp);
	cr_assert_str_eq(before, after, "nothing written");
	free(before);
	free(after);
}

/*
 * A card whose name has no letter or digit and no email or URL ("@", found
 * by fuzzing) is left out with a warning: imported, it made a new person
 * ("person", "person-2" ...) every time the file came in again.
 */
PM_TEST(import, a_card_nobody_can_be_known_by_is_left_out)
{
	const char *people = "key,name,org,email\nme,桜井 健,us,\n";
	struct pm_import_opts o = { .type = -1, .format = "cards", .owner = "me" };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[1];

	cr_assert_eq(import(&d, 0, 2, "orgs.csv", ORGS, "people.csv", people), 0);
	pm_diags_free(&d);
	paths[0] = tu_write(dir, "cards.csv", "会社名,部署名,役職,氏名,メールアドレス,名刺交換日\n"
			    "関東精機,情報システム部,部長,阿部 直樹,,2026/11/20\n"
			    "関東精機,,,@,,2026/11/20\n");
	for (int round = 0; round < 2; round++) {
		cr_assert_eq(pm_import_files(st, paths, 1, &o, &stats, &d, &err), 0, "%s",
			     d.n ? d.items[0].msg : err.msg);
		cr_assert_eq(stats.created[PM_T_PEOPLE], round ? 0 : 1, "round %d", round);
		cr_assert_eq(d.nwarnings, 1);
		cr_assert(d.n == 1 && d.items[0].warning && d.items[0].line == 3 &&
			  strstr(d.items[0].msg, "'@' has no letter or digit"), "%s",
			  d.n ? d.items[0].msg : "no warning");
		pm_diags_free(&d);
	}
	free((char *)paths[0]);
}
