/* Unit tests: the DOT the map builds (clusters, styles, escaping). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/import.h"
#include "powermap/kit.h"
#include "powermap/map_select.h"
#include "powermap/render.h"
#include "powermap/report.h"
#include "../testutil.h"

#define WJ "\xe2\x81\xa0"   /* U+2060 WORD JOINER, as render/map.c inserts it */

static char *dir, *dbp;
static struct pm_store *st;
static struct pm_params P;

static void setup(void)
{
	struct pm_error err;
	const char *paths[3];
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };

	dir = tu_tmpdir();
	dbp = tu_path(dir, "t.db");
	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0, "%s", err.msg);
	pm_params_default(&P, "2026-11-27");
	snprintf(P.as_of, sizeof(P.as_of), "2026-11-27");
	paths[0] = tu_write(dir, "orgs.csv", "key,name,kind\nacct,株式会社テスト,customer\n"
			    "us,Us,own\n");
	paths[1] = tu_write(dir, "people.csv",
			    "key,name,org,title,department,role,stance\n"
			    "ceo,社長 太郎,acct,社長,経営,economic_buyer,champion\n"
			    "evil,\"Evil \"\"\\N\\G\"\" <b>&amp; 😀\nline2\",acct,\"<i>x</i>\",開発,blocker,opponent\n"
			    "dev,開発 花子,acct,担当,開発,,skeptic\n"
			    "me,Me,us,AE,,,\n");
	paths[2] = tu_write(dir, "links.csv",
			    "from,to,kind,strength,last_contact,source\n"
			    "evil,ceo,reports_to,,,\n"
			    "dev,evil,reports_to,,,\n"
			    "dev,ceo,influences,0.7,,\n"
			    "me,ceo,knows,0.9,2026-11-01,\"crm\\x\"\n");
	cr_assert_eq(pm_import_files(st, paths, 3, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	for (int i = 0; i < 3; i++)
		free((char *)paths[i]);
}

static void teardown(void)
{
	pm_store_close(st);
	free(dbp);
	tu_rmdir(dir);
}

TestSuite(render, .init = setup, .fini = teardown);

/* What a caller decides before a map is built: selection, paths, language. */
struct tdraw {
	struct pm_select_opts o;
	const char *path_to, *lang;
};

static void tdraw_default(struct tdraw *d)
{
	memset(d, 0, sizeof(*d));
	pm_select_opts_default(&d->o);
}

/* Rank, find paths, select, build: the map of "acct", still in memory. */
static struct pm_map *map_of(const struct tdraw *d)
{
	struct pm_rank *rank;
	struct pm_paths *paths = NULL;
	struct pm_selection *sel;
	struct pm_map *m;
	struct pm_error err;

	cr_assert_eq(pm_rank(st, "acct", &P, 0, &rank, &err), 0, "%s", err.msg);
	if (d->path_to) {
		struct pm_paths_opts po;
		pm_paths_opts_default(&po);
		cr_assert_eq(pm_paths(st, d->path_to, &P, &po, &paths, &err), 0, "%s", err.msg);
	}
	cr_assert_eq(pm_select_map(st, rank, paths, &d->o, &sel, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_map_build(sel, &P, d->lang, &m, &err), 0, "%s", err.msg);
	/* the map keeps nothing of what it was built from */
	pm_selection_free(sel);
	pm_paths_free(paths);
	pm_rank_free(rank);
	return m;
}

static char *dot_of(const struct tdraw *d)
{
	struct pm_map *m = map_of(d);
	struct pm_error err;
	char *text;

	cr_assert_eq(pm_map_dot(m, &text, &err), 0);
	pm_map_free(m);
	return text;
}

PM_TEST(render, clusters_styles_and_legend)
{
	struct tdraw o;
	char *t;

	tdraw_default(&o);
	t = dot_of(&o);
	cr_assert(strstr(t, "<B>株式会社テスト</B>"), "org cluster label");
	cr_assert(strstr(t, "subgraph cluster_ours"), "our side has its own cluster");
	cr_assert(strstr(t, "開発</FONT>"), "department cluster nested in the org");
	cr_assert(strstr(t, "doubleoctagon"), "economic buyer shape");
	cr_assert(strstr(t, "diagonals"), "blocker style");
	cr_assert(strstr(t, "#1b7837"), "champion fill");
	cr_assert(strstr(t, "#d7301f"), "opponent fill");
	cr_assert(strstr(t, "#fdb863"), "skeptic fill");
	cr_assert(strstr(t, "class=reports_to"), "%s", t);
	cr_assert(strstr(t, "class=influences"));
	cr_assert(strstr(t, "style=dashed"));
	cr_assert(strstr(t, "class=\"knows ours\""), "our side's ties have their class: %s", t);
	cr_assert(strstr(t, "color=\"#2b8a3e\""), "drawn in green");
	cr_assert(strstr(t, "decorate=true"), "their strength drawn against the line");
	cr_assert(strstr(t, "legend_role0") && strstr(t, "経済的決裁者"), "the legend draws shapes");
	cr_assert(strstr(t, "legend_role9"), "people of no role are drawn: their shape too");
	cr_assert_null(strstr(t, "legend_role1"), "no decision maker drawn, none explained");
	cr_assert(strstr(t, "凡例"), "legend in Japanese for a Japanese account name");
	cr_assert(strstr(t, "Noto Sans CJK JP"));
	free(t);
	o.lang = "en";
	t = dot_of(&o);
	cr_assert(strstr(t, "Legend") && strstr(t, "economic buyer"));
	free(t);
}

PM_TEST(render, user_text_is_escaped)
{
	struct tdraw o;
	char *t;

	tdraw_default(&o);
	t = dot_of(&o);
	/* HTML label: entities, <BR/> for the line break, a word joiner after \ */
	cr_assert(strstr(t, "Evil &quot;\\" WJ "N\\" WJ "G&quot; &lt;b&gt;&amp;amp; 😀<BR/>line2"),
		  "%s", t);
	cr_assert(strstr(t, "&lt;i&gt;x&lt;/i&gt;"));
	cr_assert_null(strstr(t, "<B>Evil \""), "raw quotes from a name must not reach the HTML label");
	cr_assert_null(strstr(t, "&lt;b&gt;&amp; "), "an entity typed in a name stays literal");
	/* escString tooltip: backslash doubled and joined, so \N and \G stay literal */
	cr_assert(strstr(t, "Evil \\\"\\\\" WJ "N\\\\" WJ "G\\\""), "%s", t);
	cr_assert(strstr(t, "出典 crm\\\\" WJ "x"), "edge tooltip escapes too: %s", t);
	free(t);
}

PM_TEST(render, path_highlight_and_filters)
{
	struct tdraw o;
	char *t;

	tdraw_default(&o);
	o.path_to = "ceo";
	t = dot_of(&o);
	cr_assert(strstr(t, "#e8590c"), "highlight colour");
	/* 0.9 decayed over 26 days of a 365-day half-life */
	cr_assert(strstr(t, "label=\"① 0.86\""), "path number and strength on the hop: %s", t);
	cr_assert(strstr(t, "への紹介経路"));
	free(t);
	tdraw_default(&o);
	o.o.no_ours = 1;
	t = dot_of(&o);
	cr_assert_null(strstr(t, "cluster_ours"));
	free(t);
	tdraw_default(&o);
	o.o.focus = "dev";
	o.o.radius = 1;
	t = dot_of(&o);
	cr_assert(strstr(t, "社長 太郎") && strstr(t, "開発 花子"), "neighbours within 1 tie");
	cr_assert_null(strstr(t, "cluster_ours"), "me is 2 ties from dev");
	free(t);
}

PM_TEST(render, formats_from_extensions)
{
	cr_assert_str_eq(pm_map_format_of("a/b.svg"), "svg");
	cr_assert_str_eq(pm_map_format_of("x.PNG"), "png");
	cr_assert_str_eq(pm_map_format_of("x.pdf"), "pdf");
	cr_assert_str_eq(pm_map_format_of("x.gv"), "dot");
	cr_assert_null(pm_map_format_of("x.jpeg"));
	cr_assert_null(pm_map_format_of("noext"));
}

/* A map renders into memory: an SVG document with the people and the legend. */
PM_TEST(render, renders_svg_into_memory)
{
	struct tdraw d;
	struct pm_map *m;
	struct pm_error err;
	char *svg = NULL, *msgs = NULL;
	size_t len = 0;

	tdraw_default(&d);
	d.path_to = "ceo";
	m = map_of(&d);
	cr_assert_eq(pm_map_render(m, "dot", "svg", &svg, &len, &msgs, &err), 0, "%s", err.msg);
	cr_assert_gt(len, 1000);
	cr_assert_eq(strlen(svg), len);
	cr_assert(strstr(svg, "<svg") && strstr(svg, "</svg>"), "a whole SVG document");
	cr_assert(strstr(svg, "社長 太郎"), "the CEO is drawn");
	cr_assert(strstr(svg, "凡例"), "the Japanese legend");
	cr_assert_null(strstr(svg, "<b>&amp;"), "user markup stays escaped");
	free(svg);
	free(msgs);
	/* the DOT format needs no layout and is the map's source */
	cr_assert_eq(pm_map_render(m, "dot", "dot", &svg, &len, &msgs, &err), 0);
	cr_assert(strstr(svg, "digraph powermap"), "len %zu: [%.300s] msgs [%s]", len, svg, msgs ? msgs : "");
	free(svg);
	free(msgs);
	pm_map_free(m);
}

/* Writing into a folder that does not exist fails with the file named. */
PM_TEST(render, write_to_a_missing_folder_fails)
{
	struct tdraw d;
	struct pm_map *m;
	struct pm_error err;
	char *msgs = NULL, *bad = tu_path(dir, "nodir/x.png");

	tdraw_default(&d);
	m = map_of(&d);
	cr_assert_eq(pm_map_write(m, "dot", "png", bad, &msgs, &err), PM_EIO);
	cr_assert(strstr(err.msg, "nodir/x.png"), "%s", err.msg);
	free(msgs);
	free(bad);
	pm_map_free(m);
}

/* Import a people file and a links file (CSV text) into the test database; both are released. */
static void import_people_and_ties(struct pm_strbuf *people, struct pm_strbuf *links)
{
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	const char *paths[2];

	paths[0] = tu_write(dir, "more-people.csv", pm_strbuf_str(people));
	paths[1] = tu_write(dir, "more-links.csv", pm_strbuf_str(links));
	cr_assert_eq(pm_import_files(st, paths, 2, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	pm_strbuf_release(people);
	pm_strbuf_release(links);
	free((char *)paths[0]);
	free((char *)paths[1]);
}

/*
 * A map shows at most PM_MAP_OURS_MAX of our people: those whose ties to the
 * drawn account people weigh most (strength x power); the others are
 * counted in ours_hidden. Ten account people, each known by five of ours.
 */
PM_TEST(render, our_side_of_a_map_is_capped)
{
	struct pm_strbuf people = PM_STRBUF_INIT, links = PM_STRBUF_INIT;
	struct pm_error err;
	struct pm_rank *rank;
	struct pm_selection *sel;
	struct pm_select_opts so;
	double kept_min = 1e9, hidden_max = -1;
	size_t ours = 0, i, j;

	pm_strbuf_puts(&people, "key,name,org\n");
	pm_strbuf_puts(&links, "from,to,kind,strength\n");
	for (i = 0; i < 10; i++)
		pm_strbuf_addf(&people, "p%zu,P%zu,acct\n", i, i);
	for (i = 0; i < 50; i++) {
		pm_strbuf_addf(&people, "o%zu,O%zu,us\n", i, i);
		pm_strbuf_addf(&links, "o%zu,p%zu,knows,%.2f\n", i, i / 5, (double)(i + 1) / 100);
	}
	import_people_and_ties(&people, &links);
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &rank, &err), 0, "%s", err.msg);
	pm_select_opts_default(&so);
	cr_assert_eq(pm_select_map(st, rank, NULL, &so, &sel, &err), 0, "%s", err.msg);
	/* me (one of ours, knows the CEO) and the fifty */
	cr_assert_eq(sel->ours_hidden, 51 - PM_MAP_OURS_MAX);
	for (i = sel->naccount; i < sel->view->n; i++) {
		double w = 0;
		for (j = 0; j < sel->view->nties; j++) {
			const struct pm_tie *t = &sel->view->ties[j];
			int a = t->a == (int)i ? t->b : t->b == (int)i ? t->a : -1;
			if (a >= 0 && (size_t)a < sel->naccount) {
				double x = (t->has_strength ? t->strength : 0.5) * rank->e[a].score;
				w = x > w ? x : w;
			}
		}
		if (sel->drawn[i]) {
			ours++;
			kept_min = w < kept_min ? w : kept_min;
		} else {
			hidden_max = w > hidden_max ? w : hidden_max;
		}
	}
	cr_assert_eq(ours, PM_MAP_OURS_MAX);
	cr_assert_geq(kept_min, hidden_max, "the kept weigh at least as much as the hidden");
	pm_selection_free(sel);
	pm_rank_free(rank);
}

/* The laid-out map in xdot: which way the social ties were routed. */
static int routed_as_splines(void)
{
	struct tdraw d;
	struct pm_map *m;
	struct pm_error err;
	char *xdot = NULL, *msgs = NULL;
	size_t len = 0;
	int splines;

	tdraw_default(&d);
	m = map_of(&d);
	cr_assert_eq(pm_map_render(m, "dot", "xdot", &xdot, &len, &msgs, &err), 0, "%s", err.msg);
	cr_assert(strstr(xdot, "splines="), "%s", xdot);
	splines = strstr(xdot, "splines=true") != NULL;
	cr_assert(splines || strstr(xdot, "splines=line"));
	free(xdot);
	free(msgs);
	pm_map_free(m);
	return splines;
}

/*
 * Routing ties around the nodes costs the cube of the nodes: a small map
 * gets splines, one of over 60 people straight lines (79 people took 1.7 s
 * to route).
 */
PM_TEST(render, large_maps_route_straight)
{
	struct pm_strbuf people = PM_STRBUF_INIT, links = PM_STRBUF_INIT;
	size_t i;

	cr_assert(routed_as_splines(), "4 people: splines");
	pm_strbuf_puts(&people, "key,name,org\n");
	pm_strbuf_puts(&links, "from,to,kind,strength\n");
	for (i = 0; i < 70; i++) {
		pm_strbuf_addf(&people, "q%zu,Q%zu,acct\n", i, i);
		pm_strbuf_addf(&links, "q%zu,%s,knows,0.5\n", i, i ? "q0" : "ceo");
	}
	import_people_and_ties(&people, &links);
	cr_assert_not(routed_as_splines(), "74 people: straight lines");
}

/*
 * The index of report --all: the rows in the order given, names escaped and
 * linked, the plan's state, risks beyond the first counted, the score's
 * parts on hover; Japanese labels.
 */
PM_TEST(render, report_index)
{
	struct pm_account_score a[2];
	struct pm_report_index_row rows[2];
	struct pm_report_index ix = { "2026-11-27", 0, 0, rows, 2, 0 };
	struct pm_error err;
	char *html, *first, *second;

	memset(a, 0, sizeof(a));
	a[0].key = "evil";
	a[0].name = "<b>Evil & Co</b>";
	a[0].why = "like \"Won\" <one>";
	a[0].people = 12;
	a[0].won = 1;
	a[0].score = 0.734;
	a[0].fit = 0.5;
	a[0].reach = 0.25;
	a[0].nkey = 5;
	a[0].nwarm = 4;
	a[0].nengaged = 1;
	a[0].plan_sections = 3;
	a[1].key = "quiet";
	a[1].name = "静か株式会社";
	a[1].why = "no plan yet";
	a[1].people = 2;
	a[1].score = 0.081;
	a[1].nkey = 2;
	rows[0] = (struct pm_report_index_row){ &a[0], "evil.html", "54,500,000 JPY",
						 "Economic buyer <x> not engaged", "high", 3 };
	rows[1] = (struct pm_report_index_row){ &a[1], "quiet.html", NULL, NULL, NULL, 0 };
	cr_assert_eq(pm_report_index_html(&ix, &html, &err), 0, "%s", err.msg);
	cr_assert(strstr(html, "<a href=\"evil.html\">&lt;b&gt;Evil &amp; Co&lt;/b&gt;</a> "
			 "<span class=\"meta\">customer · 12 people</span>"), "%s", html);
	cr_assert(strstr(html, "like &quot;Won&quot; &lt;one&gt;"), "%s", html);
	cr_assert_null(strstr(html, "<b>Evil"), "user text is escaped");
	cr_assert(strstr(html, "title=\"fit 0.50, reach 0.25, coverage 0.00, engagement 0.00, "
			 "pipeline 0.00\">0.73</td>"), "%s", html);
	cr_assert(strstr(html, "<td class=\"num\">4 / 5</td><td class=\"num\">1 / 5</td>"
			 "<td class=\"plan\">3 sections</td><td class=\"num\">54,500,000 JPY</td>"),
		  "%s", html);
	cr_assert(strstr(html, "<span class=\"high\">Economic buyer &lt;x&gt; not engaged</span> "
			 "<span class=\"meta\">(+2 more)</span>"), "%s", html);
	cr_assert(strstr(html, "<td class=\"noplan\">no plan yet</td><td class=\"num\">—</td>"
			 "<td>—</td>"), "%s", html);
	/* in the order given: the first row before the second */
	first = strstr(html, "evil.html");
	second = strstr(html, "quiet.html");
	cr_assert(first && second && first < second);
	cr_assert(strstr(html, "<td class=\"num\">2</td><td><a href=\"quiet.html\">"), "%s", html);
	cr_assert(strstr(html, "2 accounts, best target first"), "%s", html);
	free(html);

	ix.ja = 1;
	ix.plan_next = 1;
	cr_assert_eq(pm_report_index_html(&ix, &html, &err), 0, "%s", err.msg);
	cr_assert(strstr(html, "<title>次に計画する顧客</title>"), "%s", html);
	cr_assert(strstr(html, "既存顧客 · 12 人") && strstr(html, "見込み · 2 人"), "%s", html);
	cr_assert(strstr(html, "3 項目") && strstr(html, "計画なし") &&
		  strstr(html, "（ほか 2 件）"), "%s", html);
	cr_assert(strstr(html, "title=\"適合 0.50, 到達 0.25"), "%s", html);
	free(html);

	/* none: said, not an empty table alone */
	ix.n = 0;
	cr_assert_eq(pm_report_index_html(&ix, &html, &err), 0, "%s", err.msg);
	cr_assert(strstr(html, "どの顧客にも計画があります。"), "%s", html);
	free(html);
	ix.ja = 0;
	ix.plan_next = 0;
	cr_assert_eq(pm_report_index_html(&ix, &html, &err), 0, "%s", err.msg);
	cr_assert(strstr(html, "No customer accounts yet"), "%s", html);
	free(html);
}

/*
 * A map renders the same whatever the process allocated or drew before:
 * cgraph's default IDs are addresses of names, and its subgraphs (our
 * clusters) are kept in ID order, so the clusters reached dot in an order
 * malloc chose (report --all drew an account unlike report alone).
 */
PM_TEST(render, the_same_map_renders_the_same_after_other_work)
{
	struct tdraw d;
	struct pm_map *m;
	struct pm_error err;
	char *first = NULL, *again = NULL, *msgs = NULL, *junk[64];
	size_t len = 0, i;

	tdraw_default(&d);
	d.path_to = "ceo";
	m = map_of(&d);
	cr_assert_eq(pm_map_render(m, "dot", "svg", &first, &len, &msgs, &err), 0, "%s", err.msg);
	free(msgs);
	pm_map_free(m);
	/* other memory taken, and another map drawn, before the same map again */
	for (i = 0; i < 64; i++)
		junk[i] = malloc(24 + 40 * i);
	d.o.min_power = 0.5;
	m = map_of(&d);
	cr_assert_eq(pm_map_render(m, "dot", "svg", &again, &len, &msgs, &err), 0, "%s", err.msg);
	free(again);
	free(msgs);
	pm_map_free(m);
	d.o.min_power = 0;
	for (i = 0; i < 64; i += 2)
		free(junk[i]);
	m = map_of(&d);
	cr_assert_eq(pm_map_render(m, "dot", "svg", &again, &len, &msgs, &err), 0, "%s", err.msg);
	cr_assert_str_eq(again, first);
	free(again);
	free(first);
	free(msgs);
	pm_map_free(m);
	for (i = 1; i < 64; i += 2)
		free(junk[i]);
}
