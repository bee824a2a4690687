/* Unit tests: value checks, UTF-8, dates, vocabulary (src/store/table.c, src/util). */
#include <criterion/criterion.h>
#include <string.h>
#include <stdlib.h>
#include "powermap/kit.h"
#include "powermap/model.h"
#include "powermap/table.h"
#include "../testutil.h"

static const struct pm_column *col(int t, const char *name)
{
	return &pm_tables[t].cols[pm_table_col(&pm_tables[t], name)];
}

static int ok(int t, const char *name, const char *v)
{
	char why[512];

	return pm_value_check(col(t, name), v, why, sizeof(why)) == 0;
}

PM_TEST(values, strength_must_be_in_unit_interval)
{
	cr_assert(ok(PM_T_LINKS, "strength", "0"));
	cr_assert(ok(PM_T_LINKS, "strength", "1"));
	cr_assert(ok(PM_T_LINKS, "strength", "0.35"));
	cr_assert_not(ok(PM_T_LINKS, "strength", "1.01"));
	cr_assert_not(ok(PM_T_LINKS, "strength", "-0.1"));
	cr_assert_not(ok(PM_T_LINKS, "strength", "0.5x"));
	cr_assert_not(ok(PM_T_LINKS, "strength", "nan"));
	cr_assert_not(ok(PM_T_LINKS, "strength", "strong"));
}

PM_TEST(values, power_is_integer_one_to_five)
{
	cr_assert(ok(PM_T_PEOPLE, "power", "1"));
	cr_assert(ok(PM_T_PEOPLE, "power", "5"));
	cr_assert_not(ok(PM_T_PEOPLE, "power", "0"));
	cr_assert_not(ok(PM_T_PEOPLE, "power", "6"));
	cr_assert_not(ok(PM_T_PEOPLE, "power", "3.5"));
	cr_assert_not(ok(PM_T_PEOPLE, "power", "10"));
}

PM_TEST(values, dates_are_real_calendar_dates)
{
	cr_assert(pm_date_valid("2026-11-27"));
	cr_assert(pm_date_valid("2024-02-29"));
	cr_assert_not(pm_date_valid("2026-02-29"));
	cr_assert_not(pm_date_valid("1900-02-29"));
	cr_assert(pm_date_valid("2000-02-29"));
	cr_assert_not(pm_date_valid("2026-13-01"));
	cr_assert_not(pm_date_valid("2026-04-31"));
	cr_assert_not(pm_date_valid("2026/11/27"));
	cr_assert(ok(PM_T_LINKS, "last_contact", "2026-11-27"));
	cr_assert_not(ok(PM_T_LINKS, "last_contact", "2026-11-27T10:00"));
	cr_assert_not(ok(PM_T_LINKS, "last_contact", "27/11/2026"));
	cr_assert(ok(PM_T_INTERACTIONS, "at", "2026-11-27T10:00"));
	cr_assert(ok(PM_T_INTERACTIONS, "at", "2026-11-27 10:00:59"));
	cr_assert(ok(PM_T_INTERACTIONS, "at", "2026-11-27"));
	cr_assert_not(ok(PM_T_INTERACTIONS, "at", "2026-11-27T25:00"));
	cr_assert_not(ok(PM_T_INTERACTIONS, "at", "2026-11-27T10"));
}

PM_TEST(values, enums_are_exact_and_message_lists_choices)
{
	char why[512];

	cr_assert(ok(PM_T_PEOPLE, "stance", "champion"));
	cr_assert_not(ok(PM_T_PEOPLE, "stance", "Champion"));
	cr_assert(ok(PM_T_PEOPLE, "role", "economic_buyer"));
	cr_assert_not(ok(PM_T_PEOPLE, "role", "ceo"));
	cr_assert(ok(PM_T_ORGS, "kind", "bank"));
	cr_assert_not(ok(PM_T_ORGS, "kind", "vc"));
	cr_assert(ok(PM_T_LINKS, "kind", "knows"));
	cr_assert_not(ok(PM_T_LINKS, "kind", "likes"));
	cr_assert(ok(PM_T_ACTIONS, "channel", "referral"));
	cr_assert_not(ok(PM_T_ACTIONS, "channel", "fax"));
	cr_assert_eq(pm_value_check(col(PM_T_PEOPLE, "stance"), "frend", why, sizeof(why)),
		     PM_EINVAL);
	cr_assert(strstr(why, "'frend'") && strstr(why, "supporter"), "%s", why);
}

PM_TEST(values, utf8_validation)
{
	size_t bad = 0;

	cr_assert(pm_utf8_valid("田中 一郎", strlen("田中 一郎"), NULL));
	cr_assert(pm_utf8_valid("emoji \xf0\x9f\x98\x80", 10, NULL));
	cr_assert_not(pm_utf8_valid("ab\xff", 3, &bad));
	cr_assert_eq(bad, 2);
	cr_assert_not(pm_utf8_valid("\xc0\xaf", 2, NULL));          /* overlong */
	cr_assert_not(pm_utf8_valid("\xed\xa0\x80", 3, NULL));      /* surrogate */
	cr_assert_not(pm_utf8_valid("\xe7\x94", 2, NULL));          /* truncated */
	cr_assert_not(pm_utf8_valid("a\0b", 3, NULL));              /* NUL */
	/* Shift_JIS "田中" is not UTF-8 */
	cr_assert_not(pm_utf8_valid("\x93\x63\x92\x86", 4, NULL));
}

PM_TEST(values, vocabulary)
{
	char buf[64];

	cr_assert_eq(pm_stance_value("champion"), 2);
	cr_assert_eq(pm_stance_value("opponent"), -2);
	cr_assert_eq(pm_stance_value("unknown"), 0);
	cr_assert(pm_org_kind_is_ours("partner"));
	cr_assert_not(pm_org_kind_is_ours("customer"));
	cr_assert_eq(pm_enum_find(pm_link_kinds, "knows"), 2);
	cr_assert_eq(pm_enum_find(pm_link_kinds, NULL), -1);
	cr_assert_str_eq(pm_enum_join(pm_link_kinds, buf, sizeof(buf)),
			 "reports_to, influences, knows");
	cr_assert_eq(pm_table_find("person"), PM_T_PEOPLE);
	cr_assert_eq(pm_table_find("links"), PM_T_LINKS);
	cr_assert_eq(pm_table_find("nope"), -1);
}

/* The canonical form of v in column t.name ("=" when v is canonical already). */
static char *norm(int t, const char *name, const char *v)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	int rc = pm_value_normalize(col(t, name), v, &sb);

	cr_assert_geq(rc, 0);
	if (rc == 0) {
		pm_strbuf_release(&sb);
		return strdup("=");
	}
	return pm_strbuf_detach(&sb);
}

#define NORM(t, c, in, want)                                                       \
	do {                                                                       \
		char *got_ = norm(t, c, in);                                       \
		cr_assert_str_eq(got_, want, "%s '%s'", c, in);                    \
		free(got_);                                                        \
	} while (0)

PM_TEST(values, excel_and_japanese_input_is_made_canonical)
{
	/* dates as Japanese users and Excel write them */
	NORM(PM_T_LINKS, "last_contact", "2026-11-25", "=");
	NORM(PM_T_LINKS, "last_contact", "2026/11/25", "2026-11-25");
	NORM(PM_T_LINKS, "last_contact", "2026/1/5", "2026-01-05");
	NORM(PM_T_LINKS, "last_contact", "2026年11月25日", "2026-11-25");
	NORM(PM_T_LINKS, "last_contact", "２０２６／１１／２５", "2026-11-25");
	NORM(PM_T_LINKS, "last_contact", "2026/11/25 0:00", "2026-11-25");
	NORM(PM_T_INTERACTIONS, "at", "2026/11/25 9:05", "2026-11-25T09:05");
	NORM(PM_T_INTERACTIONS, "at", "2026年1月5日 14:30:10", "2026-01-05T14:30:10");
	NORM(PM_T_INTERACTIONS, "at", "2026-11-25T09:05", "=");
	NORM(PM_T_LINKS, "last_contact", "25/11/2026", "=");   /* left to the check */
	/* Japanese era years (元年: the first), and times with 午前/午後 or AM/PM */
	NORM(PM_T_LINKS, "last_contact", "令和8年11月25日", "2026-11-25");
	NORM(PM_T_LINKS, "last_contact", "R8.11.25", "2026-11-25");
	NORM(PM_T_LINKS, "last_contact", "Ｒ８／１１／２５", "2026-11-25");
	NORM(PM_T_LINKS, "last_contact", "令和元年5月1日", "2019-05-01");
	NORM(PM_T_LINKS, "last_contact", "平成31年4月30日", "2019-04-30");
	NORM(PM_T_LINKS, "last_contact", "H1.1.8", "1989-01-08");
	NORM(PM_T_LINKS, "last_contact", "S64.1.7", "1989-01-07");
	NORM(PM_T_LINKS, "last_contact", "令和元年4月30日", "=");   /* before Reiwa began */
	NORM(PM_T_LINKS, "last_contact", "H31.5.1", "=");           /* after Heisei ended */
	NORM(PM_T_LINKS, "last_contact", "R0.1.1", "=");
	cr_assert_not(ok(PM_T_LINKS, "last_contact", "H31.5.1"));
	NORM(PM_T_INTERACTIONS, "at", "R8.11.25 午後3:05", "2026-11-25T15:05");
	NORM(PM_T_INTERACTIONS, "at", "2026/11/25 午前 9:00:30", "2026-11-25T09:00:30");
	NORM(PM_T_INTERACTIONS, "at", "2026/11/25 午後12:30", "2026-11-25T12:30");
	NORM(PM_T_INTERACTIONS, "at", "2026/11/25 午前12:30", "2026-11-25T00:30");
	NORM(PM_T_INTERACTIONS, "at", "2026/11/25 3:05 PM", "2026-11-25T15:05");
	NORM(PM_T_INTERACTIONS, "at", "2026/11/25 12:00 am", "2026-11-25T00:00");
	NORM(PM_T_INTERACTIONS, "at", "2026/11/25 午後13:00", "=");
	NORM(PM_T_INTERACTIONS, "at", "2026/11/25 0:10 PM", "=");
	cr_assert(ok(PM_T_LINKS, "last_contact", "2026-01-05"));
	/* numbers: full-width digits, thousands separators, spaces */
	NORM(PM_T_PEOPLE, "power", "５", "5");
	NORM(PM_T_LINKS, "strength", " 0.8　", "0.8");
	NORM(PM_T_DEALS, "amount", "48,000,000", "48000000");
	NORM(PM_T_DEALS, "amount", "1,2345", "=");                /* not thousands */
	/* amounts and head counts in Japanese units */
	NORM(PM_T_ORGS, "revenue", "30億", "3000000000");
	NORM(PM_T_ORGS, "revenue", "410億円", "41000000000");
	NORM(PM_T_ORGS, "revenue", "4億5000万円", "450000000");
	NORM(PM_T_ORGS, "revenue", "１．５億円", "150000000");
	NORM(PM_T_ORGS, "employees", "2,300名", "2300");
	NORM(PM_T_ORGS, "employees", "120人", "120");
	NORM(PM_T_DEALS, "amount", "4800万円", "48000000");
	NORM(PM_T_DEALS, "amount", "5000万30億", "=");            /* not an amount */
	NORM(PM_T_DEALS, "amount", "0x10万", "=");
	NORM(PM_T_DEALS, "amount", "-3億", "=");
	cr_assert_not(ok(PM_T_ORGS, "revenue", "5000万30億"));
	/* enum words: case, spaces, Japanese */
	NORM(PM_T_PEOPLE, "stance", "supporter", "=");
	NORM(PM_T_PEOPLE, "stance", "Supporter　", "supporter");
	NORM(PM_T_PEOPLE, "stance", "推進者", "champion");
	NORM(PM_T_PEOPLE, "stance", "懐疑的", "skeptic");
	NORM(PM_T_PEOPLE, "role", "Economic Buyer", "economic_buyer");
	NORM(PM_T_PEOPLE, "role", "技術評価者", "technical_buyer");
	NORM(PM_T_PEOPLE, "role", "チャンピオン", "champion");
	NORM(PM_T_INTERACTIONS, "channel", "電話", "call");
	NORM(PM_T_ORGS, "kind", "顧客", "customer");
	NORM(PM_T_ORGS, "kind", "見込み客", "customer");   /* accounts tells them apart */
	NORM(PM_T_ORGS, "kind", "Prospect", "customer");
	NORM(PM_T_DEALS, "stage", "見込み", "qualified");  /* a stage's word, not a kind's */
	NORM(PM_T_ACTIONS, "channel", "電話", "phone");
	NORM(PM_T_ACTIONS, "status", "in progress", "in_progress");
	/* text and keys are kept as written */
	NORM(PM_T_PEOPLE, "name", " 田中　一郎 ", "=");
	NORM(PM_T_PEOPLE, "key", "ｔａｎａｋａ", "=");
}

/*
 * Every value of every enumerated column has a Japanese word for tables
 * (pm_enum_label), distinct within its column, and importing that word
 * gives the value back: a table a Japanese user copies into a sheet
 * imports as it was.
 */
PM_TEST(values, every_enum_value_has_a_japanese_word_that_reads_back)
{
	for (int t = 0; t < PM_T_COUNT; t++)
		for (size_t c = 0; c < pm_tables[t].ncols; c++) {
			const struct pm_column *cl = &pm_tables[t].cols[c];
			if (cl->type != PM_COL_ENUM)
				continue;
			for (int i = 0; cl->values[i]; i++) {
				const char *ja = pm_enum_label(cl->values, cl->values[i], 1);
				struct pm_strbuf sb = PM_STRBUF_INIT;
				int rc;
				cr_assert_str_eq(pm_enum_label(cl->values, cl->values[i], 0),
						 cl->values[i]);
				cr_assert_str_neq(ja, cl->values[i], "%s.%s '%s' has no Japanese word",
						  pm_tables[t].name, cl->name, cl->values[i]);
				for (int j = 0; j < i; j++)
					cr_assert_str_neq(ja, pm_enum_label(cl->values, cl->values[j], 1),
							  "%s.%s: '%s' twice", pm_tables[t].name,
							  cl->name, ja);
				rc = pm_value_normalize(cl, ja, &sb);
				cr_assert_geq(rc, 0);
				cr_assert_str_eq(rc ? pm_strbuf_str(&sb) : ja, cl->values[i],
						 "%s.%s: '%s' reads as '%s'", pm_tables[t].name, cl->name,
						 ja, pm_strbuf_str(&sb));
				pm_strbuf_release(&sb);
			}
		}
	cr_assert_str_eq(pm_enum_label(pm_stances, "champion", 1), "推進者");
	cr_assert_str_eq(pm_enum_label(pm_roles, "champion", 1), "チャンピオン");
	cr_assert_str_eq(pm_enum_label(pm_org_kinds, "nonsense", 1), "nonsense");
	cr_assert_str_eq(pm_enum_label(pm_org_kinds, NULL, 1), "");
}
