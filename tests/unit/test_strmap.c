/* Unit tests: the string map of bulk imports (src/util/strmap.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "powermap/error.h"
#include "powermap/strmap.h"
#include "../testutil.h"

PM_TEST(strmap, add_get_and_first_wins)
{
	struct pm_strmap *m = pm_strmap_new();
	int64_t v;
	uint64_t tag;

	cr_assert_not_null(m);
	cr_assert_eq(pm_strmap_get(m, "a", &v, &tag), 0);
	cr_assert_eq(pm_strmap_add(m, "a", 1, 10), 1);
	cr_assert_eq(pm_strmap_add(m, "", 2, 20), 1);
	cr_assert_eq(pm_strmap_add(m, "田中 一郎", 3, 30), 1);
	cr_assert_eq(pm_strmap_add(m, "a", 9, 90), 0, "a key already there is kept");
	cr_assert_eq(pm_strmap_get(m, "a", &v, &tag), 1);
	cr_assert_eq(v, 1);
	cr_assert_eq(tag, 10);
	cr_assert_eq(pm_strmap_get(m, "", &v, NULL), 1);
	cr_assert_eq(v, 2);
	cr_assert_eq(pm_strmap_get(m, "田中 一郎", NULL, &tag), 1);
	cr_assert_eq(tag, 30);
	cr_assert_eq(pm_strmap_get(m, "田中", NULL, NULL), 0);
	cr_assert_eq(pm_strmap_size(m), 3);
	pm_strmap_free(m);
}

/* Short keys live in the slots, long ones in the arena: both across growth. */
PM_TEST(strmap, many_short_and_long_keys)
{
	struct pm_strmap *m = pm_strmap_new();
	char key[128];
	int64_t v;
	int i;

	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), i % 2 ? "p%d" : "a-rather-long-key-%d@example.co.jp", i);
		cr_assert_eq(pm_strmap_add(m, key, i, (uint64_t)i * 7), 1);
	}
	cr_assert_eq(pm_strmap_size(m), 100000);
	for (i = 0; i < 100000; i++) {
		uint64_t tag;
		snprintf(key, sizeof(key), i % 2 ? "p%d" : "a-rather-long-key-%d@example.co.jp", i);
		cr_assert_eq(pm_strmap_get(m, key, &v, &tag), 1, "%s", key);
		cr_assert_eq(v, i);
		cr_assert_eq(tag, (uint64_t)i * 7);
	}
	/* 15 bytes is the longest inline key, 16 the shortest in the arena */
	cr_assert_eq(pm_strmap_add(m, "123456789012345", -1, 0), 1);
	cr_assert_eq(pm_strmap_add(m, "1234567890123456", -2, 0), 1);
	cr_assert_eq(pm_strmap_get(m, "123456789012345", &v, NULL), 1);
	cr_assert_eq(v, -1);
	cr_assert_eq(pm_strmap_get(m, "1234567890123456", &v, NULL), 1);
	cr_assert_eq(v, -2);
	cr_assert_eq(pm_strmap_get(m, "p2", NULL, NULL), 0);
	pm_strmap_free(m);
}
