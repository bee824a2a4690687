/* End-to-end tests of powermap draw: real SVG, PNG and PDF from Graphviz. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "../testutil.h"

static char *dir, *db;

/* Both demo accounts, imported once per test. */
static void setup(void)
{
	tu_demo_begin(&dir, &db);
}

static void teardown(void)
{
	tu_demo_end(dir, db);
}

TestSuite(draw, .init = setup, .fini = teardown, .timeout = 120);

/* Draw and check: exit 0, no Graphviz message on stderr, file written. */
static char *draw(const char *file, const char *const *extra)
{
	const char *args[24] = { "draw", "kanto-seiki", "-o", NULL, "--as-of", "2026-11-27" };
	char *out = tu_path(dir, file);
	struct tu_run r;
	size_t n = 6;

	args[3] = out;
	while (extra && *extra && n < 22)
		args[n++] = *extra++;
	args[n] = NULL;
	tu_pm_argv(&r, db, args);
	cr_assert_eq(r.status, 0, "draw %s failed with %d: [%s] [%s]", file, r.status, r.err, r.out);
	cr_assert_null(strstr(r.err, "graphviz"), "Graphviz complained: %s", r.err);
	cr_assert(strstr(r.out, "wrote "), "%s", r.out);
	tu_run_free(&r);
	return out;
}

static long size_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static void svg_shows(const char *svg, const char *const *names)
{
	char cmd[8192];
	size_t used;

	used = (size_t)snprintf(cmd, sizeof(cmd), "%s %s/../tests/svgcheck.py '%s'",
				getenv("POWERMAP_PYTHON"), getenv("POWERMAP_TOOLS"), svg);
	for (; *names && used < sizeof(cmd) - 200; names++) {
		const char *p;
		used += (size_t)snprintf(cmd + used, sizeof(cmd) - used, " '");
		for (p = *names; *p; p++)
			used += (size_t)snprintf(cmd + used, sizeof(cmd) - used,
						 *p == '\'' ? "'\\''" : "%c", *p);
		used += (size_t)snprintf(cmd + used, sizeof(cmd) - used, "'");
	}
	snprintf(cmd + used, sizeof(cmd) - used, " >&2");
	cr_assert_eq(system(cmd), 0, "SVG check failed for %s", svg);
}

PM_TEST(draw, svg_png_pdf_are_real)
{
	static const char *const names[] = { "田中 一郎", "伊藤 茂", "阿部 直樹", "山田 次郎",
					     "山本 美紀", "関東精機株式会社", "凡例", NULL };
	char *svg = draw("map.svg", NULL), *png = draw("map.png", NULL), *pdf = draw("map.pdf", NULL);
	char *s = tu_read(svg), *p = tu_read(png), *f = tu_read(pdf);

	cr_assert(s && strstr(s, "<svg"), "SVG root");
	cr_assert(strstr(s, "Noto Sans CJK JP"), "the SVG names the CJK font");
	cr_assert(strstr(s, "<title>"), "tooltips");
	svg_shows(svg, names);
	{
		/* every person of the account is on the map */
		struct tu_run r;
		const char *all[64];
		json_t *v;
		size_t i, n = 0;
		tu_pm(&r, db, "list", "people", "--org", "kanto-seiki", "--json", NULL);
		v = json_loads(r.out, 0, NULL);
		cr_assert_not_null(v);
		for (i = 0; i < json_array_size(v) && n < 63; i++)
			all[n++] = json_string_value(json_object_get(json_array_get(v, i), "name"));
		all[n] = NULL;
		cr_assert_eq(n, 41);
		svg_shows(svg, all);
		json_decref(v);
		tu_run_free(&r);
	}
	cr_assert(p && !memcmp(p, "\x89PNG\r\n\x1a\n", 8), "PNG magic");
	cr_assert_gt(size_of(png), 100000, "a plausible PNG (%ld bytes)", size_of(png));
	cr_assert(f && !memcmp(f, "%PDF-", 5), "PDF magic");
	cr_assert_gt(size_of(pdf), 20000);
	free(s); free(p); free(f);
	free(svg); free(png); free(pdf);
}

PM_TEST(draw, path_highlight_focus_and_filters)
{
	const char *path[] = { "--path-to", "tanaka-ichiro", "-k", "3", NULL };
	const char *focus[] = { "--focus", "abe-naoki", "--radius", "1", NULL };
	const char *minp[] = { "--min-power", "0.3", "--no-ours", "--lang", "en", NULL };
	char *a = draw("path.svg", path), *b = draw("focus.svg", focus), *c = draw("min.svg", minp);
	char *sa = tu_read(a), *sb = tu_read(b), *sc = tu_read(c);
	static const char *const on_path[] = { "山本 美紀", "田中 一郎", "0.83", NULL };

	cr_assert(strstr(sa, "#e8590c"), "highlight colour");
	svg_shows(a, on_path);
	/* issue 11: numbered paths as 'paths' numbers them; our ties clear; Japanese words */
	cr_assert(strstr(sa, "① 0.83") && strstr(sa, "② 0.70") && strstr(sa, "③ 0.81"),
		  "the hops carry their path numbers");
	cr_assert(strstr(sa, "影響力 1.00"), "the score is named 影響力, not 権限");
	cr_assert_null(strstr(sa, ">権限 "), "no 権限 label");
	cr_assert(strstr(sa, "役割: 経済的決裁者"), "Japanese tooltips on a Japanese map");
	cr_assert_null(strstr(sa, "role: "), "no English tooltip on a Japanese map");
	cr_assert(strstr(sa, "<title>legend_role0</title>") && strstr(sa, ">経済的決裁者</text>"),
		  "the legend draws the role shapes");
	{
		/* our side's ties: solid green lines with their strength (on the plain map) */
		const char *plain[] = { NULL };
		char *m = draw("plain.svg", plain), *sm = tu_read(m);
		cr_assert(strstr(sm, "class=\"edge knows ours\""), "our ties have their class");
		cr_assert(strstr(sm, "stroke=\"#2b8a3e\""), "drawn in green");
		free(sm);
		free(m);
	}
	cr_assert(strstr(sb, "阿部 直樹") && strstr(sb, "岡田 芽衣"));
	cr_assert_null(strstr(sb, "鈴木 和夫"), "two ties away from 阿部: not in focus");
	cr_assert(strstr(sc, "Legend"));
	cr_assert_null(strstr(sc, "池田 咲"), "low power left out");
	cr_assert_null(strstr(sc, "桜井 健"), "our side left out");
	free(sa); free(sb); free(sc);
	free(a); free(b); free(c);
}

/* tests/svglayout.py: no two people on top of each other, the legend right of them all. */
static void svg_laid_out_apart(const char *svg)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd), "%s %s/../tests/svglayout.py '%s' >&2",
		 getenv("POWERMAP_PYTHON"), getenv("POWERMAP_TOOLS"), svg);
	cr_assert_eq(system(cmd), 0, "people overlap or the legend is among them in %s", svg);
}

/*
 * The force layouts: people kept apart (neato and sfdp left them on top of
 * each other), the legend laid out beside them (its role shapes were
 * scattered among the people), every node under its own name in the SVG
 * (neato's drew "%7" for everyone).
 */
PM_TEST(draw, other_layouts_and_dot)
{
	const char *fdp[] = { "--layout", "fdp", NULL };
	const char *neato[] = { "--layout", "neato", NULL };
	const char *sfdp[] = { "--layout", "sfdp", NULL };
	const char *dotf[] = { "--format", "dot", NULL };
	const char *const *layouts[] = { fdp, neato, sfdp };
	char file[32], *x;
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(file, sizeof(file), "%s.svg", layouts[i][1]);
		x = draw(file, layouts[i]);
		svg_laid_out_apart(x);
		free(x);
	}
	free(draw("sfdp.png", sfdp));
	x = draw("map.txt", dotf);
	char *t = tu_read(x);
	cr_assert(t && !strncmp(t, "digraph powermap", 16));
	free(t);
	free(x);
}

PM_TEST(draw, bad_usage)
{
	struct tu_run r;

	tu_pm(&r, db, "draw", "kanto-seiki", "-o", "x.jpeg", NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "cannot tell the format"), "%s", r.err);
	tu_run_free(&r);
	tu_pm(&r, db, "draw", "kanto-seiki", NULL);
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
	tu_pm(&r, db, "draw", "kanto-seiki", "-o", "x.svg", "--layout", "circo", NULL);
	cr_assert_eq(r.status, 2);
	tu_run_free(&r);
	tu_pm(&r, db, "draw", "kanto-seiki", "-o", "x.svg", "--focus", "nw-ceo", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "not on this map"), "%s", r.err);
	tu_run_free(&r);
}

/* A file that cannot be written fails with exit 1 and says so, in every format. */
PM_TEST(draw, unwritable_output_fails)
{
	static const char *const files[] = { "nodir/x.png", "nodir/x.svg", "nodir/x.pdf",
					     "nodir/x.dot" };
	struct tu_run r;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *out = tu_path(dir, files[i]);
		tu_pm(&r, db, "draw", "kanto-seiki", "-o", out, NULL);
		cr_assert_eq(r.status, 1, "%s: exit %d, %s", files[i], r.status, r.out);
		cr_assert(strstr(r.err, "cannot write") && strstr(r.err, files[i]), "%s", r.err);
		cr_assert_null(strstr(r.out, "wrote"), "%s", r.out);
		tu_run_free(&r);
		free(out);
	}
}

/* Names that try to break the drawing render as typed, with no Graphviz error. */
PM_TEST(draw, hostile_names_render_as_typed)
{
	static const char *const evil = "Evil \"\\N\\G\" <b>&amp; 😀\nline2";
	struct tu_run r;
	char *svg, *png, *pdf, *out;
	const char *names[] = { "Evil \"\\N\\G\" <b>&amp; 😀", "line2", "<script>x</script>",
				"R&amp;D &#1; x", "tooltip:R&amp;D &#1; x (ent)",
				"tooltip:Evil \"\\N\\G\" <b>&amp; 😀", NULL };

	tu_pm(&r, db, "add", "org", "evil-co", "--name", "<script>x</script>", "--kind", "customer", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	tu_pm(&r, db, "add", "person", "evil", "--name", evil, "--org", "evil-co",
	      "--title", "\\L & \\E", "--role", "economic_buyer", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	/* entities as typed stay text in labels, titles and tooltips (the SVG stays XML) */
	tu_pm(&r, db, "add", "person", "ent", "--name", "R&amp;D &#1; x", "--org", "evil-co",
	      "--role", "champion", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	/* a name that is only ']' (Graphviz's HTML lexer refused it; fuzz_map found it) */
	tu_pm(&r, db, "add", "person", "bracket", "--name", "]", "--title", "]]", "--org", "evil-co",
	      "--role", "coach", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	/* a name and title that escape to nothing (only a CR): Graphviz refused <B></B> */
	tu_pm(&r, db, "add", "person", "blank", "--name", "\r", "--title", "\r", "--org", "evil-co",
	      "--role", "coach", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	/* what no XML can hold is refused when it comes in */
	tu_pm(&r, db, "add", "person", "nonchar", "--name", "A\xef\xbf\xbe", "--org", "evil-co", NULL);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "U+FFFE"), "%s", r.err);
	tu_run_free(&r);
	tu_pm(&r, db, "add", "person", "ctl", "--name", "A\x01" "B", "--org", "evil-co", NULL);
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "U+0001"), "%s", r.err);
	tu_run_free(&r);
	tu_pm(&r, db, "add", "link", "nakano-yuta", "evil", "--kind", "knows", "--strength", "0.5",
	      "--source", "a\\nb\"c", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	svg = tu_path(dir, "evil.svg");
	png = tu_path(dir, "evil.png");
	pdf = tu_path(dir, "evil.pdf");
	for (int i = 0; i < 3; i++) {
		out = i == 0 ? svg : i == 1 ? png : pdf;
		tu_pm(&r, db, "draw", "evil-co", "-o", out, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_null(strstr(r.err, "graphviz"), "Graphviz complained: %s", r.err);
		tu_run_free(&r);
	}
	svg_shows(svg, names);
	free(svg); free(png); free(pdf);
}

#ifdef PM_ASAN
/* the sanitizer build draws 20-25x slower (Graphviz's allocations go through ASan's) */
#define DRAW_300_LIMIT 600
#else
#define DRAW_300_LIMIT 60
#endif

PM_TEST(draw, three_hundred_people)
{
	char cmd[2048], *gen = tu_path(dir, "gen"), *rdb = tu_path(gen, "x.db"), *out;
	struct timespec t0, t1;
	struct tu_run r;
	double secs;

	snprintf(cmd, sizeof(cmd), "%s %s/gen-random.py 5 300 %s && %s --db %s import %s/orgs.csv "
		 "%s/people.csv %s/links.csv >/dev/null", getenv("POWERMAP_PYTHON"),
		 getenv("POWERMAP_TOOLS"), gen, getenv("POWERMAP_BIN"), rdb, gen, gen, gen);
	cr_assert_eq(system(cmd), 0);
	out = tu_path(gen, "big.png");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	tu_pm(&r, rdb, "draw", "acct", "-o", out, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert_eq(r.status, 0, "%s", r.err);
	fprintf(stderr, "draw of a 300-person account: %.2f s\n", secs);
	cr_assert_lt(secs, DRAW_300_LIMIT, "far too slow (%.1f s)", secs);
	tu_run_free(&r);
	free(out);
	free(rdb);
	free(gen);
}

/*
 * A map wider than a PNG can be (500 people side by side: 84,000 pixels)
 * is fitted by Graphviz before it draws: no "(null): graph is too large
 * for cairo-renderer bitmaps" line from its cairo plugin on stderr, and
 * the image within cairo's 32,767 pixels.
 */
PM_TEST(draw, a_map_wider_than_a_bitmap_fits_quietly)
{
	char *wide = tu_path(dir, "wide"), *wdb = tu_path(wide, "w.db"), *png, *orgs, *people;
	char head[24] = { 0 };
	size_t cap = 40000, n = 0;
	char *rows = malloc(cap);
	unsigned w, h;
	struct tu_run r;
	FILE *f;
	int i;

	cr_assert_eq(mkdir(wide, 0700), 0);
	n += (size_t)snprintf(rows + n, cap - n, "key,name,org\n");
	for (i = 1; i <= 500; i++)
		n += (size_t)snprintf(rows + n, cap - n, "w%d,Person %d,wide\n", i, i);
	orgs = tu_write(wide, "orgs.csv", "key,name,kind\nwide,Wide Co,customer\n");
	people = tu_write(wide, "people.csv", rows);
	tu_pm(&r, wdb, "import", orgs, people, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tu_run_free(&r);
	png = tu_path(wide, "w.png");
	tu_pm(&r, wdb, "draw", "wide", "-o", png, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strstr(r.err, "cairo"), "%s", r.err);
	cr_assert_null(strstr(r.err, "(null)"), "%s", r.err);
	tu_run_free(&r);
	cr_assert_not_null(f = fopen(png, "rb"));
	cr_assert_eq(fread(head, 1, sizeof(head), f), sizeof(head));
	fclose(f);
	w = (unsigned)(unsigned char)head[16] << 24 | (unsigned)(unsigned char)head[17] << 16 |
	    (unsigned)(unsigned char)head[18] << 8 | (unsigned)(unsigned char)head[19];
	h = (unsigned)(unsigned char)head[20] << 24 | (unsigned)(unsigned char)head[21] << 16 |
	    (unsigned)(unsigned char)head[22] << 8 | (unsigned)(unsigned char)head[23];
	cr_assert(w > 30000 && w < 32767, "%u x %u", w, h);
	cr_assert(h > 0 && h < 32767, "%u x %u", w, h);
	free(rows);
	free(orgs);
	free(people);
	free(png);
	free(wdb);
	free(wide);
}
