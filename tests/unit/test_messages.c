/* Unit tests: the messages' language (src/util/messages.c and its catalog). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "powermap/error.h"
#include "powermap/import.h"
#include "powermap/table.h"
#include "../../src/util/messages_internal.h"
#include "../testutil.h"

/* A translation must take the arguments of its English, in order: else vsnprintf reads the wrong ones. */
PM_TEST(messages, every_translation_takes_the_arguments_of_its_english)
{
	size_t i, j, bad = 0;

	cr_assert_gt(pm_messages_ja_count, 300);
	for (i = 0; i < pm_messages_ja_count; i++) {
		const struct pm_msg_pair *m = &pm_messages_ja[i];
		cr_assert(m->ja[0], "empty Japanese for \"%s\"", m->en);
		if (!pm_msg_same_conversions(m->en, m->ja)) {
			bad++;
			cr_log_error("\"%s\" -> \"%s\": other arguments", m->en, m->ja);
		}
		/* the import reads "file:line: " back from CSV errors */
		if (!strncmp(m->en, "%s:%zu: ", 8))
			cr_assert(!strncmp(m->ja, "%s:%zu: ", 8), "\"%s\" lost its file:line", m->ja);
		for (j = 0; j < i; j++)
			cr_assert_str_neq(m->en, pm_messages_ja[j].en, "\"%s\" twice", m->en);
	}
	cr_assert_eq(bad, 0);
}

/* The check itself can fail: order, type, length modifier, precision star. */
PM_TEST(messages, the_conversion_check_tells_other_arguments)
{
	cr_assert(pm_msg_same_conversions("a %s b %d", "%s と %d"));
	cr_assert(pm_msg_same_conversions("100%% of %s", "%s の 100%%"));
	cr_assert(pm_msg_same_conversions("%6.1f s", "%6.1f 秒"), "width and precision may differ");
	cr_assert(pm_msg_same_conversions("no words", "言葉なし"));
	cr_assert(!pm_msg_same_conversions("a %s b %d", "%d と %s"), "order");
	cr_assert(!pm_msg_same_conversions("%zu rows", "%d 行"), "length modifier");
	cr_assert(!pm_msg_same_conversions("'%.*s'", "'%s'"), "a precision star takes an argument");
	cr_assert(!pm_msg_same_conversions("%s", "%s %s"), "one more");
	cr_assert(!pm_msg_same_conversions("%s %s", "%s"), "one fewer");
	cr_assert(!pm_msg_same_conversions("%lld", "%ld"));
}

PM_TEST(messages, english_until_japanese_is_asked_for)
{
	struct pm_error err;

	cr_assert_eq(pm_messages_lang_now(), PM_LANG_EN);
	cr_assert_str_eq(pm_msg("out of memory"), "out of memory");
	pm_error_set(&err, PM_ENOTFOUND, "unknown %s '%s'", pm_msg("person"), "yamada");
	cr_assert_str_eq(err.msg, "unknown person 'yamada'");

	pm_messages_lang(PM_LANG_JA);
	cr_assert_str_eq(pm_msg("out of memory"), "メモリーが足りません");
	pm_error_set(&err, PM_ENOTFOUND, "unknown %s '%s'", pm_msg("person"), "山田");
	cr_assert_str_eq(err.msg, "人物 '山田' が見つかりません");
	cr_assert_eq(err.code, PM_ENOTFOUND);
	/* a format with no translation stays as it is */
	cr_assert_str_eq(pm_msg("no such format %s"), "no such format %s");
	cr_assert_null(pm_msg(NULL));

	pm_messages_lang(PM_LANG_EN);
	cr_assert_str_eq(pm_msg("out of memory"), "out of memory");
}

/* Reasons built before they become messages, and what goes into the history. */
PM_TEST(messages, value_checks_and_descriptions_follow_the_language)
{
	const struct pm_table *people = &pm_tables[PM_T_PEOPLE];
	const struct pm_column *power = NULL;
	const char *vals[PM_TABLE_MAXCOLS] = { "yamada" };
	char why[256], what[256];
	size_t i;

	for (i = 0; i < people->ncols; i++)
		if (people->cols[i].type == PM_COL_POWER)
			power = &people->cols[i];
	cr_assert_not_null(power);
	pm_messages_lang(PM_LANG_JA);
	cr_assert_eq(pm_value_check(power, "9", why, sizeof(why)), PM_EINVAL);
	cr_assert_str_eq(why, "power '9' は 1〜5 の整数ではありません");
	cr_assert_str_eq(pm_record_describe(PM_T_PEOPLE, vals, what, sizeof(what)),
			 "人物 'yamada'");
	cr_assert_str_eq(pm_record_describe_en(PM_T_PEOPLE, vals, what, sizeof(what)),
			 "person 'yamada'", "the history keeps English");
	pm_messages_lang(PM_LANG_EN);
	cr_assert_eq(pm_value_check(power, "9", why, sizeof(why)), PM_EINVAL);
	cr_assert_str_eq(why, "power '9' is not an integer from 1 to 5");
}
