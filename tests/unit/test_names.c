/* Unit tests: name keys for matching people and orgs (src/util/names.c). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/error.h"
#include "powermap/kit.h"
#include "powermap/names.h"
#include "powermap/titles.h"
#include "../testutil.h"

static char *key(int org, const char *name)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;

	cr_assert_eq(org ? pm_org_name_key(name, &sb) : pm_person_name_key(name, &sb), 0,
		     "'%s'", name);
	return pm_strbuf_detach(&sb);
}

static void same(int org, const char *a, const char *b)
{
	char *x = key(org, a), *y = key(org, b);

	cr_assert_str_eq(x, y, "'%s' and '%s' should match", a, b);
	free(x);
	free(y);
}

static void differ(int org, const char *a, const char *b)
{
	char *x = key(org, a), *y = key(org, b);

	cr_assert_str_neq(x, y, "'%s' and '%s' should not match", a, b);
	free(x);
	free(y);
}

PM_TEST(names, people_as_they_are_typed)
{
	char *k = key(0, "山田　太郎");

	cr_assert_str_eq(k, "山田太郎");
	free(k);
	same(0, "山田 太郎", "山田太郎");
	same(0, "山田 太郎", "山田　太郎");
	same(0, " 山田  太郎 ", "山田太郎");
	same(0, "ﾀﾅｶ ｲﾁﾛｳ", "タナカ イチロウ");      /* half-width kana */
	same(0, "Taro Yamada", "Yamada Taro");
	same(0, "YAMADA, Taro", "taro yamada");
	same(0, "Ｔａｒｏ　Ｙａｍａｄａ", "Taro Yamada");  /* full-width letters */
	differ(0, "山田 太郎", "山田 次郎");
	differ(0, "Taro Yamada", "Taro Yamamoto");
	differ(0, "山田 太郎", "太郎 山田");             /* Japanese order is meaningful */
}

PM_TEST(names, honorifics_are_no_part_of_a_name)
{
	char *k = key(0, "阿部 直樹 様");

	cr_assert_str_eq(k, "阿部直樹");
	free(k);
	same(0, "阿部直樹様", "阿部 直樹");
	same(0, "阿部 直樹 さん", "阿部直樹");
	same(0, "阿部直樹殿", "阿部直樹");
	same(0, "阿部氏", "阿部");
	same(0, "阿部さま", "阿部");
	same(0, "阿部様様", "阿部");                      /* until none is left */
	same(0, "Mr. John Smith", "Smith John");
	same(0, "Dr Jane Doe", "jane doe");
	same(0, "Ms. Lee", "lee");
	k = key(0, "様");
	cr_assert_str_eq(k, "様", "a name that is only an honorific keeps it");
	free(k);
	k = key(0, "Mr.");
	cr_assert_str_eq(k, "mr", "a Latin one too");
	free(k);
	differ(0, "阿部さん", "阿部直樹");
	differ(0, "Mr. Smith", "Mrs Smith Jones");
	differ(0, "様 阿部", "阿部");                      /* only at the end */
	same(0, "John Smith 様", "Smith John");           /* what is left is read as it is */
	/* a key is its own key (fuzzing found ",氏": cut to ",", read as Latin) */
	{
		static const char *const odd[] = { ",氏", "a 様", " 様", "氏 様", "さん さん",
						   "\f\f[[[[[[\f\" \x04\f[\f\f\fs\fmx", "Dr Mx",
						   "殿殿\f殿さ\x0bん\x08殿", "x さ ん", "a さ ま 様" };
		for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
			char *a = key(0, odd[i]), *b = key(0, a);
			cr_assert_str_eq(a, b, "'%s' -> '%s' -> '%s'", odd[i], a, b);
			free(a);
			free(b);
		}
	}
}

PM_TEST(names, companies_and_their_forms)
{
	char *k = key(1, "関東精機株式会社");

	cr_assert_str_eq(k, "関東精機");
	free(k);
	same(1, "関東精機株式会社", "関東精機(株)");
	same(1, "関東精機株式会社", "関東精機㈱");
	same(1, "関東精機株式会社", "株式会社 関東精機");
	same(1, "関東精機株式会社", "関東精機（株）");         /* full-width parentheses */
	same(1, "Kanto Seiki Co., Ltd.", "KANTO SEIKI CO.,LTD");
	same(1, "Acme Inc.", "ACME, Inc");
	same(1, "Acme Corporation", "Acme Corp.");
	same(1, "みなと銀行", "株式会社みなと銀行");
	differ(1, "関東精機株式会社", "関東精機ソリューションズ株式会社");
	differ(1, "Acme Inc.", "Acme Labs Inc.");
	k = key(1, "Company");
	cr_assert_str_eq(k, "company", "a name that is only a form keeps it");
	free(k);
}

PM_TEST(names, invalid_utf8_is_refused)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;

	cr_assert_eq(pm_person_name_key("\xff\xfe", &sb), PM_EINVAL);
	pm_strbuf_release(&sb);
}

/* Found by fuzzing (tests/fuzz/fuzz_names.c): an org key is its own key. */
PM_TEST(names, an_org_key_is_stable)
{
	static const char *const found[] = {
		"\xe5\x90\x88\x03\xe8\xb3\x87\xe4\xbc\x9a\xe7\xa4\xbe",   /* 合^C資会社 */
		"\"T合同会.社 \" z\"",                                     /* punctuation joined a form */
		"Tmn\" \xcc\x81\"TJ\"Corp.son\"",                           /* a lone accent joined a word */
		"関東精機(株)", "合同合同会社会社", "Kanto Seiki Co., Ltd.",
	};
	for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++) {
		struct pm_strbuf a = PM_STRBUF_INIT, b = PM_STRBUF_INIT;
		cr_assert_eq(pm_org_name_key(found[i], &a), 0);
		cr_assert_eq(pm_org_name_key(pm_strbuf_str(&a), &b), 0);
		cr_assert_str_eq(pm_strbuf_str(&a), pm_strbuf_str(&b), "input %zu", i);
		pm_strbuf_release(&a);
		pm_strbuf_release(&b);
	}
}

/* Found by fuzzing: control characters inside a name do not keep accents apart (fold strips them before composing). */
PM_TEST(names, a_person_key_is_stable)
{
	static const char *const found[] = {
		"[\x1c\x1c\\\x1c\x1c\x1cinc\x1c\x01\xcc\x81\x19\x1c\x1c\x1c';",
		"Jose\xcc\x81 Garci\xcc\x81" "a", "山田　太郎", "YAMADA, Taro",
	};
	for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++) {
		struct pm_strbuf a = PM_STRBUF_INIT, b = PM_STRBUF_INIT;
		cr_assert_eq(pm_person_name_key(found[i], &a), 0);
		cr_assert_eq(pm_person_name_key(pm_strbuf_str(&a), &b), 0);
		cr_assert_str_eq(pm_strbuf_str(&a), pm_strbuf_str(&b), "input %zu", i);
		pm_strbuf_release(&a);
		pm_strbuf_release(&b);
	}
}

/* How senior a title reads: the words of Japanese and English titles. */
PM_TEST(names, title_levels)
{
	cr_assert_eq(pm_title_level(NULL), 0);
	cr_assert_eq(pm_title_level(""), 0);
	cr_assert_eq(pm_title_level("代表取締役社長"), 10);
	cr_assert_eq(pm_title_level("取締役副社長"), 9, "副社長 over 取締役; not 社長");
	cr_assert_eq(pm_title_level("取締役 営業本部長"), 8, "the highest of two");
	cr_assert_eq(pm_title_level("経営企画本部長"), 7);
	cr_assert_eq(pm_title_level("情報システム部　部長"), 6);
	cr_assert_eq(pm_title_level("品質保証部長"), 6);
	cr_assert_eq(pm_title_level("部長代理"), 5, "not 部長");
	cr_assert_eq(pm_title_level("担当部長"), 5, "not 担当");
	cr_assert_eq(pm_title_level("購買課長"), 4);
	cr_assert_eq(pm_title_level("課長補佐"), 3);
	cr_assert_eq(pm_title_level("主任"), 3);
	cr_assert_eq(pm_title_level("営業担当"), 2);
	cr_assert_eq(pm_title_level("ＣＥＯ"), 10, "full-width");
	cr_assert_eq(pm_title_level("Chief Operating Officer"), 9);
	cr_assert_eq(pm_title_level("Senior Vice President, Sales"), 8);
	cr_assert_eq(pm_title_level("VP Engineering"), 7);
	cr_assert_eq(pm_title_level("Vice President"), 7, "not President");
	cr_assert_eq(pm_title_level("President"), 10);
	cr_assert_eq(pm_title_level("Director of IT"), 6, "no CTO inside Director");
	cr_assert_eq(pm_title_level("Head of Procurement"), 6);
	cr_assert_eq(pm_title_level("Procurement Manager"), 4);
	cr_assert_eq(pm_title_level("Team Lead"), 3);
	cr_assert_eq(pm_title_level("Software Engineer"), 2);
	cr_assert_eq(pm_title_level("Headquarters liaison"), 0, "whole words only");
	cr_assert_eq(pm_title_level("顧問"), 7);
	cr_assert_eq(pm_title_level("相談役"), 8);
	/* who works for an executive; what someone was */
	cr_assert_eq(pm_title_level("社長秘書"), 2, "a secretary, not the president");
	cr_assert_eq(pm_title_level("社長室 担当"), 2);
	cr_assert_eq(pm_title_level("社長室長"), 6);
	cr_assert_eq(pm_title_level("Executive Assistant to the CEO"), 2);
	cr_assert_eq(pm_title_level("Assistant to the President"), 2);
	cr_assert_eq(pm_title_level("顧問（前副社長）"), 7, "an advisor, once vice president");
	cr_assert_eq(pm_title_level("元部長"), 0);
	cr_assert_eq(pm_title_level("Advisor, former CEO"), 0);
	cr_assert_eq(pm_title_level("ex-CFO"), 0);
	cr_assert_eq(pm_title_level("取締役（元CFO）"), 8);
}
