/* Unit tests: the kit (src/util/kit.c): arrays, string buffer, escaping, sort. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/cycles.h"
#include "powermap/error.h"
#include "powermap/kit.h"
#include "../testutil.h"

PM_TEST(kit, grow_keeps_elements_and_capacity)
{
	int *a = NULL;
	size_t cap = 0, i;

	for (i = 0; i < 1000; i++) {
		cr_assert_eq(PM_GROW(a, cap, i + 1), 0);
		a[i] = (int)i * 3;
	}
	cr_assert_geq(cap, 1000);
	for (i = 0; i < 1000; i++)
		cr_assert_eq(a[i], (int)i * 3);
	cr_assert_eq(PM_GROW(a, cap, 10), 0, "asking for less is a no-op");
	cr_assert_eq(pm_grow_to(&a, &cap, (size_t)-1 / 2, sizeof(*a)), PM_ENOMEM);
	cr_assert_geq(cap, 1000, "a failed growth leaves the array as it was");
	cr_assert_eq(a[999], 2997);
	free(a);
}

PM_TEST(kit, strbuf_appends_formats_and_detaches)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	char *s;
	int i;

	cr_assert_str_eq(pm_strbuf_str(&sb), "");
	pm_strbuf_puts(&sb, "田中");
	pm_strbuf_addf(&sb, " %d-%s", 42, "x");
	cr_assert_str_eq(pm_strbuf_str(&sb), "田中 42-x");
	for (i = 0; i < 500; i++)
		pm_strbuf_addf(&sb, "%08d", i);
	cr_assert_eq(sb.len, strlen("田中 42-x") + 500 * 8);
	cr_assert_eq(strlen(sb.buf), sb.len);
	pm_strbuf_reset(&sb);
	cr_assert_str_eq(pm_strbuf_str(&sb), "");
	pm_strbuf_add(&sb, "abc", 2);
	s = pm_strbuf_detach(&sb);
	cr_assert_str_eq(s, "ab");
	cr_assert_null(sb.buf);
	free(s);
	s = pm_strbuf_detach(&sb);
	cr_assert_str_eq(s, "", "an empty buffer detaches as an empty string");
	free(s);
}

PM_TEST(kit, strbuf_out_of_memory_is_sticky_and_reported)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;

	pm_strbuf_puts(&sb, "kept");
	cr_assert_eq(pm_strbuf_add(&sb, "x", (size_t)-1 / 2), PM_ENOMEM);
	cr_assert(sb.oom);
	cr_assert_eq(pm_strbuf_puts(&sb, "more"), PM_ENOMEM, "later appends fail too");
	cr_assert_null(pm_strbuf_detach(&sb), "incomplete text is never handed out");
}

static char *esc(const char *s, enum pm_escape where)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;

	cr_assert_eq(pm_strbuf_add_escaped(&sb, s, where), 0);
	return pm_strbuf_detach(&sb);
}

PM_TEST(kit, escaping_for_xml_graphviz_html_and_strings)
{
	const char *evil = "<b>\"A&B\" 'c'</b>\\N\n\t\x01ok";
	char *x = esc(evil, PM_ESC_XML);
	char *h = esc(evil, PM_ESC_GV_HTML);
	char *g = esc(evil, PM_ESC_GV_STRING);

	cr_assert_str_eq(x, "&lt;b&gt;&quot;A&amp;B&quot; &#39;c&#39;&lt;/b&gt;\\N\n\tok");
	cr_assert_str_eq(h, "&lt;b&gt;&quot;A&amp;B&quot; &#39;c&#39;&lt;/b&gt;\\\xe2\x81\xa0N<BR/> ok");
	cr_assert_str_eq(g, "<b>\"A&amp;B\" 'c'</b>\\\\\xe2\x81\xa0N\\n ok");
	free(x);
	free(h);
	free(g);
	x = esc("山田 太郎", PM_ESC_XML);
	cr_assert_str_eq(x, "山田 太郎", "UTF-8 passes unchanged");
	free(x);
	x = esc(NULL, PM_ESC_XML);
	cr_assert_str_eq(x, "");
	free(x);
}

static int by_key_then_ctx(const void *a, const void *b, void *ctx)
{
	int x = *(const int *)a, y = *(const int *)b, dir = *(int *)ctx;

	return dir * ((x > y) - (x < y));
}

PM_TEST(kit, sort_passes_its_context)
{
	int v[] = { 3, 1, 2, 5, 4 }, down = -1, up = 1;

	pm_sort(v, 5, sizeof(v[0]), by_key_then_ctx, &down);
	cr_assert(v[0] == 5 && v[1] == 4 && v[4] == 1);
	pm_sort(v, 5, sizeof(v[0]), by_key_then_ctx, &up);
	cr_assert(v[0] == 1 && v[4] == 5);
}

/* Cycles found, as "id id ...;" each. */
static void on_cycle(const int64_t *ids, size_t n, void *ctx)
{
	char *out = ctx;
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), 512 - strlen(out), "%lld%s", (long long)ids[i],
			 i + 1 < n ? " " : ";");
}

/*
 * Any row ids (typed in by hand: negative, near 2^63): the search costs
 * the edges, not the largest id (it once allocated arrays that long).
 */
PM_TEST(kit, cycles_over_any_row_ids)
{
	struct pm_id_edge e[] = {
		{ 9000000000000000000LL, -5 }, { -5, 9000000000000000000LL },
		{ 1, 2 }, { 2, 3 }, { 3, 1 }, { 4, 1 }, { INT64_MAX, INT64_MIN },
	};
	char out[512] = "";

	cr_assert_eq(pm_find_cycles(e, sizeof(e) / sizeof(e[0]), on_cycle, out), 0);
	cr_assert_str_eq(out, "-5 9000000000000000000;1 2 3;");
	out[0] = '\0';
	cr_assert_eq(pm_find_cycles(e, 0, on_cycle, out), 0);
	cr_assert_str_eq(out, "");
	/* ids close together (the usual case, indexed directly), some negative */
	e[0] = (struct pm_id_edge){ -2, -1 };
	e[1] = (struct pm_id_edge){ -1, 5 };
	e[2] = (struct pm_id_edge){ 5, -2 };
	e[3] = (struct pm_id_edge){ 7, 5 };
	cr_assert_eq(pm_find_cycles(e, 4, on_cycle, out), 0);
	cr_assert_str_eq(out, "-2 -1 5;");
}
