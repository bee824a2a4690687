/* Unit tests: graph views and analyses on small hand-computed accounts. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/import.h"
#include "powermap/json.h"
#include "powermap/strengths.h"
#include "powermap/engagement.h"
#include "powermap/kit.h"
#include "powermap/kpi.h"
#include "powermap/team.h"
#include "../testutil.h"
#include "../../src/analysis/betweenness.h"
#include "../../src/analysis/rank_internal.h"
#include "../../src/analysis/warm.h"

static char *dir, *dbp;
static struct pm_store *st;
static struct pm_params P;

static void setup(void)
{
	struct pm_error err;

	dir = tu_tmpdir();
	dbp = tu_path(dir, "t.db");
	cr_assert_eq(pm_store_open(dbp, PM_STORE_CREATE, &st, &err), 0, "%s", err.msg);
	pm_params_default(&P, "2026-11-27");
	snprintf(P.as_of, sizeof(P.as_of), "2026-11-27");
}

static void teardown(void)
{
	pm_store_close(st);
	free(dbp);
	tu_rmdir(dir);
}

TestSuite(analysis, .init = setup, .fini = teardown);

/* Import people and links (orgs: acct customer, us own, bank bank). */
static void load_all(const char *people, const char *links, const char *interactions,
		     const char *actions)
{
	const char *paths[5];
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	size_t n = 0;

	paths[n++] = tu_write(dir, "orgs.csv", "key,name,kind\nacct,Acct,customer\nus,Us,own\n"
			      "bank,Bank,bank\nother,Other Co,customer\n");
	paths[n++] = tu_write(dir, "people.csv", people);
	paths[n++] = tu_write(dir, "links.csv", links);
	if (interactions)
		paths[n++] = tu_write(dir, "interactions.csv", interactions);
	if (actions)
		paths[n++] = tu_write(dir, "actions.csv", actions);
	cr_assert_eq(pm_import_files(st, paths, n, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	while (n)
		free((char *)paths[--n]);
}

static void load(const char *people, const char *links, const char *interactions)
{
	load_all(people, links, interactions, NULL);
}

#define NEAR(a, b) cr_assert_float_eq((a), (b), 1e-9, "%.12g != %.12g", (double)(a), (double)(b))

PM_TEST(analysis, decay_and_lengths)
{
	NEAR(pm_strength_eff(&P, 0.8, NULL), 0.8);
	NEAR(pm_strength_eff(&P, 0.8, ""), 0.8);
	NEAR(pm_strength_eff(&P, 0.8, "2025-11-27"), 0.4);          /* one half-life */
	NEAR(pm_strength_eff(&P, 0.8, "2024-11-27"), 0.2);          /* two (730 days) */
	NEAR(pm_strength_eff(&P, 0.8, "2016-01-01"), 0.08);         /* floor 0.1 * s */
	NEAR(pm_strength_eff(&P, 0.8, "2027-01-01"), 0.8);          /* future: no decay */
	P.half_life = 30;
	NEAR(pm_strength_eff(&P, 1.0, "2026-10-28"), 0.5);
	cr_assert_eq(pm_days_between("2024-02-28", "2024-03-01"), 2);
	cr_assert_eq(pm_days_between("2026-11-27", "2025-11-27"), -365);
	NEAR(pm_tie_length(1.0), round(1e-9 * 1073741824.0) / 1073741824.0);
	cr_assert(fabs(pm_tie_length(0.5) - log(2)) < 1e-9);
	/* lengths are multiples of 2^-30: sums are exact and order-independent */
	double a = pm_tie_length(0.3), b = pm_tie_length(0.7), c = pm_tie_length(0.11);
	cr_assert_eq((a + b) + c, a + (b + c));
}

PM_TEST(analysis, params_set_and_check)
{
	struct pm_error err;
	char buf[32];

	cr_assert_eq(pm_params_set(&P, "half_life", "180", &err), 0);
	NEAR(P.half_life, 180);
	cr_assert_eq(pm_params_set(&P, "max_hops", "2.5", &err), PM_EINVAL);
	cr_assert_eq(pm_params_set(&P, "max_hops", "9", &err), PM_EINVAL);
	cr_assert_eq(pm_params_set(&P, "nope", "1", &err), PM_EINVAL);
	cr_assert_eq(pm_params_get(&P, "max_hops", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "4");
}

/*
 * ceo <- cfo <- clerk (reports_to); advisor influences ceo 0.9.
 * formal: reports ceo 2, cfo 1; depth ceo 0, cfo 1, clerk 2, max 2;
 *   ceo 0.5*1 + 0.5*1 = 1; cfo 0.5*0.5 + 0.5*(1-1/3) = 0.58333;
 *   clerk 0 + 0.5*(1-2/3) = 0.16667; advisor (outside the chart) 0.
 */
static const char *chart_people =
	"key,name,org,role,stance,power\n"
	"ceo,CEO,acct,economic_buyer,neutral,\n"
	"cfo,CFO,acct,,supporter,\n"
	"clerk,Clerk,acct,gatekeeper,,\n"
	"advisor,Advisor,acct,influencer,,4\n";
static const char *chart_links =
	"from,to,kind,strength,last_contact\n"
	"cfo,ceo,reports_to,,\n"
	"clerk,cfo,reports_to,,\n"
	"advisor,ceo,influences,0.9,\n";

static int vertex_of(const struct pm_view *v, const char *key)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->people[i].key, key))
			return (int)i;
	return -1;
}

PM_TEST(analysis, rank_formal_role_and_order)
{
	struct pm_rank *r;
	struct pm_error err;

	load(chart_people, chart_links, NULL);
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n, 4);
	int ceo = vertex_of(r->view, "ceo"), cfo = vertex_of(r->view, "cfo");
	int clerk = vertex_of(r->view, "clerk"), adv = vertex_of(r->view, "advisor");
	NEAR(r->e[ceo].formal, 1.0);
	NEAR(r->e[cfo].formal, 0.5 * 0.5 + 0.5 * (1 - 1.0 / 3));
	NEAR(r->e[clerk].formal, 0.5 * (1 - 2.0 / 3));
	NEAR(r->e[adv].formal, 0);
	cr_assert_eq(r->e[adv].depth, -1);
	cr_assert_eq(r->e[ceo].reports, 2);
	NEAR(r->e[ceo].role, 1.0);
	NEAR(r->e[adv].role, 0.8);          /* declared power 4 / 5 */
	NEAR(r->e[clerk].role, 0.4);        /* gatekeeper prior */
	NEAR(r->e[cfo].role, 0.2);          /* no role */
	/*
	 * The relationship view is the chain clerk - cfo - ceo - advisor (the
	 * advisor's influence is an acquaintance too): cfo and ceo each lie on
	 * two of the six shortest paths.
	 */
	NEAR(r->e[cfo].broker, 1.0);
	NEAR(r->e[cfo].betweenness, 2.0);
	NEAR(r->e[ceo].betweenness, 2.0);
	NEAR(r->e[clerk].betweenness, 0.0);
	/* PageRank sums to one; the economic buyer restarts, so is top */
	double sum = 0;
	for (size_t i = 0; i < r->n; i++)
		sum += r->e[i].pagerank;
	NEAR(sum, 1.0);
	cr_assert_eq(r->ndecision, 1);
	NEAR(r->e[ceo].influence, 1.0);
	cr_assert_eq(r->order[0], ceo);
	/* the score is the weighted mean of the components */
	NEAR(r->e[adv].score, (0.30 * r->e[adv].formal + 0.35 * r->e[adv].influence +
			       0.20 * r->e[adv].role + 0.15 * r->e[adv].broker));
	pm_rank_free(r);
}

/*
 * Influence by hand: a two-person account, b influences a with 1.0, no
 * chart, restart at a (economic buyer). Reversed: a -> b. With damping d:
 * pr_a = (1-d) + d * pr_b (b dangles: its rank restarts at a), pr_b = d * pr_a
 * => pr_a = 1 / (1 + d), pr_b = d / (1 + d).
 */
PM_TEST(analysis, pagerank_by_hand)
{
	struct pm_rank *r;
	struct pm_error err;

	load("key,name,org,role\na,A,acct,economic_buyer\nb,B,acct,\n",
	     "from,to,kind,strength\nb,a,influences,1\n", NULL);
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &r, &err), 0, "%s", err.msg);
	int a = vertex_of(r->view, "a"), b = vertex_of(r->view, "b");
	NEAR(r->e[a].pagerank, 1 / 1.85);
	NEAR(r->e[b].pagerank, 0.85 / 1.85);
	NEAR(r->e[b].influence, 0.85);
	pm_rank_free(r);
	/* --influence global: uniform restart, both 0.5 + ... by symmetry of flow */
	cr_assert_eq(pm_rank(st, "acct", &P, 1, &r, &err), 0);
	cr_assert(r->restart_uniform);
	pm_rank_free(r);
}

/*
 * An account from a list (no chart, no roles, no ties): every score is the
 * same, and the order is the titles' (部長 and Head before 課長, 課長 before
 * 担当), then the key; next breaks its ties by that order too.
 */
PM_TEST(analysis, equal_scores_are_ordered_by_title)
{
	static const char *const want[] = { "y-head", "z-bucho", "a-kacho", "b-kacho",
					     "c-tanto", "d-none" };
	struct pm_account *a;
	struct pm_next_item *it;
	struct pm_rank *r;
	struct pm_error err;
	size_t i, n;

	load("key,name,org,title\na-kacho,A,acct,購買課長\nb-kacho,B,acct,課長\n"
	     "c-tanto,C,acct,担当\nd-none,D,acct,\ny-head,Y,acct,Head of IT\n"
	     "z-bucho,Z,acct,情報システム部 部長\n",
	     "from,to,kind\n", NULL);
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n, 6);
	for (i = 0; i < r->n; i++) {
		NEAR(r->e[r->order[i]].score, r->e[r->order[0]].score);
		cr_assert_str_eq(r->view->people[r->order[i]].key, want[i], "place %zu", i);
	}
	pm_rank_free(r);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_next(st, a, &P, 0, 0, &it, &n, &err), 0);
	cr_assert_eq(n, 6);
	for (i = 0; i < n; i++)
		cr_assert_str_eq(a->rank->view->people[it[i].vertex].key, want[i], "next %zu", i);
	pm_next_free(it, n);
	pm_account_free(a);
}

/*
 * The chart drafted from titles and departments, by hand: each to the
 * lowest senior heading their department or one above it; a head of
 * department with none to the company's top; two alike, a loop with a
 * stored line, or another company: no line.
 */
PM_TEST(analysis, chart_from_titles_and_departments)
{
	static const char *const want[][2] = {
		{ "exec", "ceo" }, { "it-head", "ceo" }, { "sales-head", "exec" },
		{ "it-mgr", "it-head" }, { "it-mgr2", "it-head" }, { "sec-mgr", "sales-head" },
		{ "staff", "sec-mgr" }, { "adviser", "ceo" },
	};
	/* secretary, a 社長秘書 (level 2) with no department: no one heads it */
	static const char *const unplaced[] = { "it-a", "it-b", "odd-mgr", "secretary" };
	struct pm_chart_draft *d;
	struct pm_error err;
	size_t i;

	load("key,name,org,title,department\n"
	     "ceo,C,acct,代表取締役社長,経営\n"
	     "exec,E,acct,取締役 営業本部長,営業本部\n"
	     "sales-head,S,acct,部長,営業本部 第一営業部\n"
	     "sec-mgr,M,acct,課長,営業本部 第一営業部 第一課\n"
	     "staff,T,acct,担当,営業本部 第一営業部 第一課\n"
	     "it-head,I,acct,部長,情報システム部\n"
	     "it-mgr,J,acct,課長,情報システム部\n"
	     "it-mgr2,K,acct,課長,情報システム部\n"
	     "it-a,A,acct,担当,情報システム部 開発課\n"
	     "it-b,B,acct,担当,情報システム部\n"
	     "odd-mgr,O,acct,課長,品質保証部\n"
	     "boss-below,X,acct,部長,品質保証部\n"
	     "adviser,V,acct,顧問,\n"
	     "secretary,Y,acct,社長秘書,\n"
	     "placed,P,acct,担当,営業本部\n"
	     "me,Me,us,Director,営業本部\n",
	     "from,to,kind\nplaced,staff,reports_to\nboss-below,odd-mgr,reports_to\n", NULL);
	cr_assert_eq(pm_chart_draft(st, "acct", &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d->n, 8, "%zu lines (顧問 under the top)", d->n);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		size_t k;
		for (k = 0; k < d->n; k++)
			if (!strcmp(d->view->people[d->lines[k].person].key, want[i][0]))
				break;
		cr_assert_lt(k, d->n, "no line for %s", want[i][0]);
		cr_assert_str_eq(d->view->people[d->lines[k].boss].key, want[i][1], "%s", want[i][0]);
		cr_assert_eq(d->lines[k].by_department, strcmp(want[i][1], "ceo") != 0);
	}
	cr_assert_str_eq(d->view->people[d->lines[0].person].key, "exec", "top down");
	/* two 課長 alike above the staff of 情報システム部; odd-mgr's boss is below them */
	cr_assert_eq(d->nunplaced, 4);
	for (i = 0; i < 4; i++)
		cr_assert_str_eq(d->view->people[d->unplaced[i]].key, unplaced[i]);
	pm_chart_draft_free(d);
}

PM_TEST(analysis, rank_edge_cases)
{
	struct pm_rank *r;
	struct pm_error err;

	load("key,name,org\nx,X,acct\ny,Y,acct\n", "from,to,kind\n", NULL);
	cr_assert_eq(pm_rank(st, "nowhere", &P, 0, &r, &err), PM_ENOTFOUND);
	cr_assert_eq(pm_rank(st, "us", &P, 0, &r, &err), 0);
	cr_assert_eq(r->n, 0, "an org with no people ranks nobody");
	pm_rank_free(r);
	/* no ties at all: nothing is NaN */
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &r, &err), 0);
	for (size_t i = 0; i < r->n; i++)
		cr_assert(isfinite(r->e[i].score) && isfinite(r->e[i].influence));
	pm_rank_free(r);
	P.w_formal = P.w_influence = P.w_role = P.w_broker = 0;
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &r, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "weights are zero"), "%s", err.msg);
}

/*
 * Paths to t. o1 (ours) knows a 0.5; a knows t 0.8: 0.5 * 0.8 * 0.9 = 0.36.
 * o2 (ours) knows t 0.3 directly: 0.3. o3 knows x (opponent) 0.9, x knows t
 * 0.9: 0.729 but blocked unless allowed. o4 knows o5 (ours) 1.0, o5 knows t
 * 0.2: the path starts at o5 (0.2), never o4 -> o5 -> t.
 */
static const char *path_people =
	"key,name,org,stance,role\n"
	"t,Target,acct,,\n"
	"a,A,acct,,\n"
	"x,X,acct,opponent,\n"
	"o1,O1,us,,\no2,O2,us,,\no3,O3,us,,\no4,O4,us,,\no5,O5,bank,,\n";
static const char *path_links =
	"from,to,kind,strength,last_contact\n"
	"o1,a,knows,0.5,\n"
	"a,t,knows,0.8,\n"
	"o2,t,knows,0.3,\n"
	"o3,x,knows,0.9,\n"
	"x,t,knows,0.9,\n"
	"o4,o5,knows,1,\n"
	"o5,t,knows,0.2,\n";

/* Our person who owns the first tie of path i. */
static const char *owner(const struct pm_paths *r, size_t i)
{
	return r->view->people[r->paths[i].nodes[0]].key;
}

/* The introducer of path i, or the owner on a direct tie. */
static const char *intro(const struct pm_paths *r, size_t i)
{
	int v = pm_path_introducer(&r->paths[i]);
	return v >= 0 ? r->view->people[v].key : owner(r, i);
}

PM_TEST(analysis, paths_strengths_blockers_and_introducer_rule)
{
	struct pm_paths_opts o;
	struct pm_paths *r;
	struct pm_error err;

	load(path_people, path_links, NULL);
	pm_paths_opts_default(&o);
	o.k = 5;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n, 3);
	NEAR(r->paths[0].score, 0.36);
	cr_assert_str_eq(owner(r, 0), "o1");
	cr_assert_eq(r->paths[0].len, 3);
	NEAR(r->paths[1].score, 0.3);
	cr_assert_str_eq(owner(r, 1), "o2");
	NEAR(r->paths[2].score, 0.2);
	cr_assert_str_eq(owner(r, 2), "o5", "a path starts at the last of our people");
	pm_paths_free(r);

	o.allow_blockers = 1;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	NEAR(r->paths[0].score, 0.9 * 0.9 * 0.9);
	cr_assert_str_eq(owner(r, 0), "o3");
	pm_paths_free(r);

	/* --via bank keeps only the banker */
	o.allow_blockers = 0;
	o.via = PM_VIA_BANK;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(owner(r, 0), "o5");
	pm_paths_free(r);

	/* --from o1 */
	o.via = PM_VIA_ALL;
	o.from = "o1";
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 1);
	NEAR(r->paths[0].score, 0.36);
	pm_paths_free(r);
}

/* The one JSON serializer: the paths to t, by hand. */
PM_TEST(analysis, paths_as_json)
{
	struct pm_paths_opts o;
	struct pm_paths *r;
	struct pm_error err;
	json_t *j, *p0, *hop;

	load(path_people, path_links, NULL);
	pm_paths_opts_default(&o);
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0, "%s", err.msg);
	j = pm_json_paths(r, &P);
	cr_assert_not_null(j);
	cr_assert_str_eq(json_string_value(json_object_get(j, "target")), "t");
	cr_assert_str_eq(json_string_value(json_object_get(j, "as_of")), "2026-11-27");
	cr_assert(json_is_null(json_object_get(j, "outbound")), "warm paths: no outbound");
	cr_assert_eq(json_array_size(json_object_get(j, "paths")), 3);
	p0 = json_array_get(json_object_get(j, "paths"), 0);
	NEAR(json_real_value(json_object_get(p0, "strength")), 0.36);
	cr_assert_eq(json_integer_value(json_object_get(p0, "hops")), 2);
	cr_assert_str_eq(json_string_value(json_object_get(p0, "owner")), "o1");
	cr_assert_str_eq(json_string_value(json_object_get(p0, "owner_org")), "us");
	cr_assert_str_eq(json_string_value(json_object_get(p0, "introducer")), "a");
	cr_assert_str_eq(json_string_value(json_object_get(p0, "introducer_org")), "acct");
	cr_assert(json_is_null(json_object_get(p0, "chain")));
	cr_assert(json_is_null(json_object_get(json_array_get(json_object_get(j, "paths"), 1),
					       "introducer")), "a direct tie has no introducer");
	hop = json_array_get(json_object_get(p0, "path"), 1);
	cr_assert_str_eq(json_string_value(json_object_get(hop, "from")), "a");
	cr_assert_str_eq(json_string_value(json_object_get(hop, "to")), "t");
	cr_assert_str_eq(json_string_value(json_object_get(hop, "tie")), "knows");
	NEAR(json_real_value(json_object_get(hop, "strength")), 0.8);
	cr_assert(json_is_null(json_object_get(hop, "last_contact")));
	json_decref(j);
	pm_paths_free(r);
}

PM_TEST(analysis, paths_hop_limit_and_decay)
{
	struct pm_paths_opts o;
	struct pm_paths *r;
	struct pm_error err;

	/* o -> c1 -> c2 -> c3 -> c4 -> t: 5 ties */
	load("key,name,org\nt,T,acct\nc1,C1,acct\nc2,C2,acct\nc3,C3,acct\nc4,C4,acct\no,O,us\n",
	     "from,to,kind,strength,last_contact\no,c1,knows,1,2025-11-27\nc1,c2,knows,1,\n"
	     "c2,c3,knows,1,\nc3,c4,knows,1,\nc4,t,knows,1,\n", NULL);
	pm_paths_opts_default(&o);
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 0, "5 ties is beyond max_hops 4");
	pm_paths_free(r);
	P.max_hops = 5;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 1);
	/* first tie decayed one half-life: 0.5; four introductions: 0.9^4 */
	NEAR(r->paths[0].score, 0.5 * pow(0.9, 4));
	NEAR(r->paths[0].s_eff[0], 0.5);
	pm_paths_free(r);
}

PM_TEST(analysis, paths_diversity_prefers_new_introducers)
{
	struct pm_paths_opts o;
	struct pm_paths *r;
	struct pm_error err;

	/* a is asked by o1 (0.81) and o3 (0.765); b by o2 (0.45) */
	load("key,name,org\nt,T,acct\na,A,acct\nb,B,acct\no1,O1,us\no2,O2,us\no3,O3,us\n",
	     "from,to,kind,strength\no1,a,knows,0.9\no3,a,knows,0.85\na,t,knows,1\n"
	     "o2,b,knows,0.5\nb,t,knows,1\n", NULL);
	pm_paths_opts_default(&o);
	o.k = 2;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(intro(r, 0), "a");
	cr_assert_str_eq(intro(r, 1), "b", "the second path asks another introducer");
	cr_assert_str_eq(owner(r, 1), "o2");
	pm_paths_free(r);
	o.diversity = 0;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	NEAR(r->paths[1].score, 0.85 * 0.9);
	cr_assert_str_eq(intro(r, 1), "a");
	cr_assert_str_eq(owner(r, 1), "o3");
	pm_paths_free(r);
	/* with k above the number of introducers, the rest fill in by score */
	o.diversity = 1;
	o.k = 3;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 3);
	NEAR(r->paths[0].score, 0.81);
	NEAR(r->paths[1].score, 0.765);
	NEAR(r->paths[2].score, 0.45);
	pm_paths_free(r);
}

/*
 * Every path starts at our side. t reports to boss. sup and sup2 are
 * customer supporters who know t well; only sup has a tie from our side
 * (o2), so sup2 never starts a path. adv sways t (influences 0.9) and o1
 * knows adv: an influence tie is an acquaintance. x is an opponent.
 *   o1 -> adv -> t   0.7 * 0.9 * 0.9 = 0.567
 *   o2 -> sup -> t   0.6 * 0.9 * 0.9 = 0.486
 *   o1 -> boss -> t  0.8 * 0.5 (colleague) * 0.9 = 0.36, top-down
 */
static const char *side_people =
	"key,name,org,stance,role\n"
	"t,T,acct,,\nboss,Boss,acct,,\nsup,Sup,acct,supporter,\nsup2,Sup2,acct,champion,\n"
	"adv,Adv,acct,,\nx,X,acct,opponent,\no1,O1,us,,\no2,O2,us,,\n";
static const char *side_links =
	"from,to,kind,strength,last_contact\n"
	"t,boss,reports_to,,\no1,boss,knows,0.8,\nsup,t,knows,0.9,\nsup2,t,knows,0.95,\n"
	"o2,sup,knows,0.6,\nadv,t,influences,0.9,\no1,adv,knows,0.7,\no2,x,knows,1,\n"
	"x,t,knows,1,\n";

PM_TEST(analysis, paths_start_at_our_side)
{
	struct pm_paths_opts o;
	struct pm_paths *r;
	struct pm_error err;
	size_t i;

	load(side_people, side_links, NULL);
	pm_paths_opts_default(&o);
	o.k = 5;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n, 3);
	NEAR(r->paths[0].score, 0.567);
	cr_assert_str_eq(owner(r, 0), "o1");
	cr_assert_str_eq(intro(r, 0), "adv");
	NEAR(r->paths[1].score, 0.486);
	cr_assert_str_eq(intro(r, 1), "sup");
	NEAR(r->paths[2].score, 0.36);
	cr_assert_str_eq(intro(r, 2), "boss");
	cr_assert_eq(pm_path_chain(r->view, &r->paths[2]), PM_CHAIN_MANAGER);
	cr_assert_eq(pm_path_chain(r->view, &r->paths[0]), PM_CHAIN_NONE);
	for (i = 0; i < r->n; i++) {
		cr_assert(r->view->people[r->paths[i].nodes[0]].ours, "path %zu starts at ours", i);
		cr_assert_str_neq(owner(r, i), "sup2");
	}
	pm_paths_free(r);

	/* --no-chain: the reporting line is left out */
	o.no_chain = 1;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 2);
	for (i = 0; i < r->n; i++)
		cr_assert_str_neq(intro(r, i), "boss");
	pm_paths_free(r);
	o.no_chain = 0;

	/* --from a customer insider: only paths through them */
	o.from = "sup";
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(owner(r, 0), "o2");
	pm_paths_free(r);
	/* --from an opponent: refused with the reason, unless blockers are allowed */
	o.from = "x";
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "opponent") && strstr(err.msg, "--allow-blockers"), "%s",
		  err.msg);
	o.allow_blockers = 1;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 1);
	NEAR(r->paths[0].score, 0.9);
	cr_assert_str_eq(intro(r, 0), "x");
	pm_paths_free(r);
	/* --from one of ours: paths start there */
	o.allow_blockers = 0;
	o.from = "o2";
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(intro(r, 0), "sup");
	pm_paths_free(r);
	/* the customer kind is no start */
	cr_assert_eq(pm_via_parse("staff,customer", &o.via, &err), PM_EINVAL);
	cr_assert(strstr(err.msg, "our side"), "%s", err.msg);
}

/* A fresh tie of our own beats an org-chart route with a strong first tie. */
PM_TEST(analysis, paths_fresh_own_tie_beats_the_org_chart)
{
	struct pm_paths_opts o;
	struct pm_paths *r;
	struct pm_error err;

	/* o1 knows the CIO 0.9; CIO and CFO report to the president; o2 met the CFO last week */
	load("key,name,org\ncfo,CFO,acct\ncio,CIO,acct\npres,President,acct\no1,O1,us\no2,O2,us\n",
	     "from,to,kind,strength,last_contact\ncio,pres,reports_to,,\ncfo,pres,reports_to,,\n"
	     "o1,cio,knows,0.9,2026-11-20\no2,cfo,knows,,2026-11-20\n", NULL);
	pm_paths_opts_default(&o);
	cr_assert_eq(pm_paths(st, "cfo", &P, &o, &r, &err), 0);
	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(owner(r, 0), "o2", "our own meeting last week comes first");
	cr_assert_eq(r->paths[0].len, 2);
	NEAR(r->paths[0].score, 0.5 * pow(2, -7.0 / 365));
	NEAR(r->paths[1].score, 0.9 * pow(2, -7.0 / 365) * 0.5 * 0.9 * 0.5 * 0.9);
	cr_assert_eq(pm_path_chain(r->view, &r->paths[1]), PM_CHAIN_MANAGER,
		     "the last step is the CFO's manager, the president");
	pm_paths_free(r);
}

PM_TEST(analysis, next_value_and_engagement)
{
	struct pm_account *a;
	struct pm_next_item *it;
	struct pm_error err;
	size_t n;

	load(path_people, path_links,
	     "person,at,channel\na,2026-11-01,meeting\n");
	cr_assert_eq(pm_account_load(st, "acct", &P, 1, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_next(st, a, &P, 0, 0, &it, &n, &err), 0);
	cr_assert_eq(n, 2, "a is engaged; t and x are not");
	int t = vertex_of(a->rank->view, "t");
	for (size_t i = 0; i < n; i++) {
		if (it[i].vertex != t)
			continue;
		NEAR(it[i].reach, 0.36);
		NEAR(it[i].value, a->rank->e[t].score * 0.36 * 0.9 * 1.0);
		cr_assert_str_eq(it[i].channel, "referral");
		cr_assert(strstr(it[i].why, "best route from our O1 (Us) through A"), "%s", it[i].why);
		/* each item carries the path it was valued by */
		cr_assert_eq(it[i].path->len, 3);
		NEAR(it[i].path->score, it[i].reach);
		cr_assert_str_eq(it[i].view->people[it[i].path->nodes[0]].key, "o1");
	}
	/* x (opponent) has no warm path through itself: cold */
	int x = vertex_of(a->rank->view, "x");
	NEAR(a->reach->best[x].score, 0.9);
	pm_next_free(it, n);
	pm_account_free(a);
}

/*
 * Engagement is two-way contact; the plan is respected. t got an email with
 * no reply (a touch), x only opened a document and has an overdue action
 * planned; a had a meeting (engaged).
 */
PM_TEST(analysis, next_two_way_engagement_and_the_plan)
{
	struct pm_account *a;
	struct pm_next_item *it;
	struct pm_action_draft *d;
	struct pm_error err;
	size_t n;

	load_all(path_people, path_links,
		 "person,at,channel,owner,subject,minutes,direction\n"
		 "a,2026-11-01,meeting,,,,\nt,2026-11-20,email,o1,返信なし,,outbound\n"
		 "x,2026-11-21,view,,,,\n",
		 "target,owner,due,channel,via,status\nx,o1,2026-11-20,email,,planned\n"
		 "a,o2,2026-11-10,meeting,,done\n");
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a, &err), 0, "%s", err.msg);
	int t = vertex_of(a->rank->view, "t"), x = vertex_of(a->rank->view, "x");
	cr_assert_not(a->engaged[t], "an unanswered email is a touch, not engagement");
	cr_assert_not(a->engaged[x], "a document view is a touch");
	cr_assert(a->engaged[vertex_of(a->rank->view, "a")]);
	cr_assert_eq(a->planned[x].count, 1);
	cr_assert(a->planned[x].overdue);
	cr_assert_eq(a->planned[vertex_of(a->rank->view, "a")].count, 0, "done is not open");

	cr_assert_eq(pm_next(st, a, &P, 0, 0, &it, &n, &err), 0);
	cr_assert_eq(n, 1, "x is planned already: not recommended again");
	cr_assert_eq(it[0].vertex, t);
	cr_assert(strstr(it[0].why, "touched but never engaged (last 2026-11-20: 1 unanswered"),
		  "%s", it[0].why);
	/* the draft: a referral via a, owned by o1 who holds the first tie */
	cr_assert_eq(pm_next_plan(a, it, n, &P, &d, &err), 0);
	cr_assert_str_eq(d[0].target, "t");
	cr_assert_str_eq(d[0].owner, "o1");
	cr_assert_str_eq(d[0].via, "a");
	cr_assert_str_eq(d[0].channel, "referral");
	cr_assert_str_eq(d[0].due, "2026-12-04");
	pm_action_drafts_free(d, n);
	pm_next_free(it, n);

	cr_assert_eq(pm_next(st, a, &P, 0, 1, &it, &n, &err), 0);
	cr_assert_eq(n, 2, "--include-planned ranks x too");
	for (size_t i = 0; i < n; i++)
		cr_assert(it[i].vertex == x ? it[i].planned && it[i].planned->overdue
					    : !it[i].planned);
	pm_next_free(it, n);
	pm_account_free(a);

	/* a reply is engagement */
	load_all(path_people, path_links,
		 "person,at,channel,owner,subject,minutes,direction\n"
		 "t,2026-11-22,email,o1,Re: 返信,,inbound\n", NULL);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a, &err), 0, "%s", err.msg);
	cr_assert(a->engaged[vertex_of(a->rank->view, "t")]);
	pm_account_free(a);
}

/*
 * Coalitions across the org chart: two departments (a1 leads A, b1 leads B),
 * but the people who know each other well are {a1, a2, b1} and {a3, b2, b3}.
 * Reporting lines weigh 0.2, so the factions are the informal cliques, and
 * they do not follow the departments.
 */
PM_TEST(analysis, factions_weigh_informal_ties_over_the_org_chart)
{
	struct pm_account *a;
	struct pm_factions *f;
	struct pm_error err;
	size_t i;

	load("key,name,org,department\na1,A1,acct,A\na2,A2,acct,A\na3,A3,acct,A\n"
	     "b1,B1,acct,B\nb2,B2,acct,B\nb3,B3,acct,B\n",
	     "from,to,kind,strength\na2,a1,reports_to,\na3,a1,reports_to,\nb2,b1,reports_to,\n"
	     "b3,b1,reports_to,\na1,a2,knows,0.9\na2,b1,knows,0.9\na1,b1,knows,0.9\n"
	     "a3,b2,knows,0.9\nb2,b3,knows,0.9\na3,b3,knows,0.9\n", NULL);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_factions(a, &P, &f, &err), 0, "%s", err.msg);
	cr_assert_eq(f->n, 2);
	for (i = 0; i < 2; i++) {
		char keys[64] = "";
		for (size_t j = 0; j < f->f[i].n; j++) {
			strcat(keys, a->rank->view->people[f->f[i].members[j]].key);
			strcat(keys, " ");
		}
		cr_assert(strstr(keys, "a1") ? strstr(keys, "a2") && strstr(keys, "b1")
					     : strstr(keys, "a3") && strstr(keys, "b2") &&
					       strstr(keys, "b3"), "faction %zu: %s", i, keys);
	}
	cr_assert_lt(f->departments_nmi, PM_FACTIONS_FOLLOW_DEPTS, "%g", f->departments_nmi);
	cr_assert_geq(f->departments_nmi, 0);
	pm_factions_free(f);
	pm_account_free(a);
}

PM_TEST(analysis, factions_split_two_cliques)
{
	struct pm_account *a;
	struct pm_factions *f;
	struct pm_error err;

	load("key,name,org,stance\na1,A1,acct,champion\na2,A2,acct,supporter\na3,A3,acct,\n"
	     "b1,B1,acct,opponent\nb2,B2,acct,skeptic\nb3,B3,acct,\n",
	     "from,to,kind,strength\na1,a2,knows,1\na2,a3,knows,1\na1,a3,knows,1\n"
	     "b1,b2,knows,1\nb2,b3,knows,1\nb1,b3,knows,1\na3,b3,knows,0.05\n", NULL);
	cr_assert_eq(pm_account_load(st, "acct", &P, 1, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_factions(a, &P, &f, &err), 0, "%s", err.msg);
	cr_assert_eq(f->n, 2);
	cr_assert_eq(f->f[0].n, 3);
	cr_assert_eq(f->f[1].n, 3);
	cr_assert(f->modularity > 0.4);
	double s0 = f->f[0].stance, s1 = f->f[1].stance;
	cr_assert((fabs(s0 - 1.5) < 1e-9 && fabs(s1 + 1.5) < 1e-9) ||
		  (fabs(s1 - 1.5) < 1e-9 && fabs(s0 + 1.5) < 1e-9), "%g %g", s0, s1);
	pm_factions_free(f);
	pm_account_free(a);
}

static int has_risk(const struct pm_risk *r, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(r[i].code, code))
			return 1;
	return 0;
}

PM_TEST(analysis, risks_flags)
{
	struct pm_account *a;
	struct pm_risk *r;
	struct pm_error err;
	size_t n;

	load("key,name,org,role,stance,power\nboss,Boss,acct,,opponent,5\nhelper,Helper,acct,champion,,\n"
	     "x,X,acct,,,\no,O,us,,,\n",
	     "from,to,kind,strength,last_contact\no,helper,knows,0.8,2024-01-01\n",
	     "person,at,channel\nhelper,2026-09-01,call\n");
	cr_assert_eq(pm_account_load(st, "acct", &P, 1, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_risks(st, a, &P, &r, &n, &err), 0, "%s", err.msg);
	cr_assert(has_risk(r, n, "no_economic_buyer"));
	cr_assert_not(has_risk(r, n, "no_champion"));
	cr_assert(has_risk(r, n, "single_threaded"));
	cr_assert(has_risk(r, n, "powerful_opponent"));
	cr_assert(has_risk(r, n, "key_person_cold"), "boss has no warm path");
	cr_assert(has_risk(r, n, "quiet_champion"), "87 days since the last call");
	cr_assert(has_risk(r, n, "stale_relationships"));
	/* every high before every medium; account-wide ones first within each */
	for (size_t i = 1; i < n; i++)
		cr_assert(strcmp(r[i - 1].severity, "medium") || strcmp(r[i].severity, "high"),
			  "%s (%s) before %s (%s)", r[i - 1].title, r[i - 1].severity, r[i].title,
			  r[i].severity);
	cr_assert_str_eq(r[0].code, "no_economic_buyer");
	for (size_t i = 0; i < n; i++)
		if (!strcmp(r[i].code, "powerful_opponent"))
			cr_assert_eq(!strncmp(r[i].title, "Powerful ", 9),
				     a->rank->e[r[i].people[0]].score >= P.key_power,
				     "'powerful' only from key_power up: %s", r[i].title);
	cr_assert(strstr(r[n - 1].title, "1 person is known to us only through ties"),
		      "one person, in the singular: %s", r[n - 1].title);
	pm_risks_free(r, n);
	pm_account_free(a);
}

/* Count the risks of `code`; the last one found into *last. */
static size_t count_risks(const struct pm_risk *r, size_t n, const char *code,
			  const struct pm_risk **last)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(r[i].code, code)) {
			k++;
			*last = &r[i];
		}
	return k;
}

/*
 * Quiet champions: up to three, one risk each with its own call; from four
 * on, one risk naming them all, the most powerful first.
 */
PM_TEST(analysis, quiet_champions_one_by_one_then_together)
{
	struct pm_account *a;
	struct pm_risk *r;
	const struct pm_risk *q = NULL;
	struct pm_error err;
	size_t n;

	/* c1 called 87 days ago, c2 never, c3 yesterday (not quiet) */
	load("key,name,org,role,stance,power\nc1,C1,acct,champion,,\nc2,C2,acct,,champion,\n"
	     "c3,C3,acct,champion,,\no,O,us,,,\n",
	     "from,to,kind,strength,last_contact\no,c1,knows,0.8,2026-09-01\n",
	     "person,at,channel\nc1,2026-09-01,call\nc3,2026-11-26,call\n");
	cr_assert_eq(pm_account_load(st, "acct", &P, 1, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_risks(st, a, &P, &r, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(count_risks(r, n, "quiet_champion", &q), 2);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(r[i].code, "quiet_champion"))
			cr_assert(!strcmp(r[i].title, "Champion C1: no two-way contact for 87 days") ||
				  !strcmp(r[i].title, "Champion C2: no recorded two-way contact"),
				  "%s", r[i].title);
	pm_risks_free(r, n);
	pm_account_free(a);
}

PM_TEST(analysis, many_quiet_champions_are_one_risk)
{
	struct pm_account *a;
	struct pm_risk *r;
	const struct pm_risk *q = NULL;
	struct pm_error err;
	size_t n;

	/* five quiet champions: p5 (declared power 5) leads; c3 is not quiet */
	load("key,name,org,role,stance,power\nc1,C1,acct,champion,,\nc2,C2,acct,,champion,\n"
	     "c3,C3,acct,champion,,\nc4,C4,acct,champion,,\np5,P5,acct,champion,,5\n"
	     "c6,C6,acct,,champion,\no,O,us,,,\n",
	     "from,to,kind,strength,last_contact\no,c1,knows,0.8,2026-09-01\n",
	     "person,at,channel\nc1,2026-09-01,call\nc3,2026-11-26,call\nc4,2026-07-30,call\n");
	cr_assert_eq(pm_account_load(st, "acct", &P, 1, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_risks(st, a, &P, &r, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(count_risks(r, n, "quiet_champion", &q), 1);
	cr_assert_str_eq(q->title, "5 champions with no two-way contact for 30 days or more "
			 "(3 never, the longest 120 days)");
	cr_assert_eq(q->npeople, 5);
	cr_assert_str_eq(a->rank->view->people[q->people[0]].key, "p5", "the most powerful first");
	cr_assert(strstr(q->advice, "the most powerful first (P5, "), "%s", q->advice);
	for (size_t i = 0; i < q->npeople; i++)
		cr_assert_str_neq(a->rank->view->people[q->people[i]].key, "c3");
	pm_risks_free(r, n);
	pm_account_free(a);
}

/*
 * Sampled betweenness: with every person as a sampled source it must equal
 * the exact value (this pins igraph's subset convention and our n/k scale).
 */
PM_TEST(analysis, sampled_betweenness_scale)
{
	struct pm_rank *ex, *sa;
	struct pm_error err;

	load(path_people, path_links, NULL);
	load("key,name,org\nm1,M1,acct\nm2,M2,acct\nm3,M3,acct\n",
	     "from,to,kind,strength\nt,m1,knows,0.7\nm1,m2,knows,0.4\nm2,a,knows,0.9\n"
	     "m3,m2,knows,0.6\nm3,x,knows,0.3\n", NULL);
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &ex, &err), 0, "%s", err.msg);
	cr_assert_eq(ex->betweenness_sources, 0);
	P.betweenness_exact = 0;
	P.betweenness_samples = 1000;
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &sa, &err), 0, "%s", err.msg);
	cr_assert_eq(sa->betweenness_sources, (int)sa->n);
	for (size_t i = 0; i < ex->n; i++)
		NEAR(sa->e[i].betweenness, ex->e[i].betweenness);
	cr_assert_gt(ex->e[vertex_of(ex->view, "m2")].betweenness, 0);
	pm_rank_free(ex);
	pm_rank_free(sa);
}

/*
 * More introducers than the corridor first reads (4k + 16): the bound must
 * still prove the k best. 40 of ours know t directly (0.01 ... 0.40); one
 * more reaches t through m: 0.9 * 0.9 * 0.9 = 0.729.
 */
PM_TEST(analysis, best_first_corridor_proves_the_k_best)
{
	struct pm_paths_opts o;
	struct pm_paths *r;
	struct pm_error err;
	char people[8192] = "key,name,org\nt,T,acct\nm,M,acct\nz,Z,us\n";
	char links[8192] = "from,to,kind,strength\nz,m,knows,0.9\nm,t,knows,0.9\n";
	size_t np = strlen(people), nl = strlen(links);

	for (int i = 1; i <= 40; i++) {
		np += (size_t)snprintf(people + np, sizeof(people) - np, "o%d,O%d,us\n", i, i);
		nl += (size_t)snprintf(links + nl, sizeof(links) - nl, "o%d,t,knows,%.2f\n", i,
				       i / 100.0);
	}
	load(people, links, NULL);
	pm_paths_opts_default(&o);
	o.k = 5;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n, 5);
	NEAR(r->paths[0].score, 0.9 * 0.9 * 0.9);
	NEAR(r->paths[1].score, 0.40);
	NEAR(r->paths[2].score, 0.39);
	NEAR(r->paths[3].score, 0.38);
	NEAR(r->paths[4].score, 0.37);
	pm_paths_free(r);
	/* k above the first corridor's introducers: it must widen */
	o.k = 40;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n, 40);
	NEAR(r->paths[39].score, 0.02);
	pm_paths_free(r);
}

/* next with paths found on demand, and cut at top N, agrees with the full list. */
PM_TEST(analysis, next_branch_and_bound_matches_full)
{
	struct pm_account *a, *b;
	struct pm_next_item *all, *few;
	struct pm_error err;
	size_t n_all, n_few, i;

	load(path_people, path_links, NULL);
	load("key,name,org,role,stance\np1,P1,acct,decision_maker,supporter\np2,P2,acct,,\n"
	     "p3,P3,acct,economic_buyer,\n",
	     "from,to,kind,strength\no1,p1,knows,0.3\na,p2,knows,0.9\no2,p3,knows,0.2\n"
	     "p3,t,reports_to,\n", NULL);
	cr_assert_eq(pm_account_load(st, "acct", &P, 1, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_next(st, a, &P, 0, 0, &all, &n_all, &err), 0);
	cr_assert_eq(pm_next(st, b, &P, 2, 0, &few, &n_few, &err), 0);
	cr_assert_eq(n_few, 2);
	cr_assert_gt(n_all, 2);
	for (i = 0; i < n_few; i++) {
		cr_assert_eq(few[i].vertex, all[i].vertex);
		NEAR(few[i].value, all[i].value);
		NEAR(few[i].reach, all[i].reach);
	}
	pm_next_free(all, n_all);
	pm_next_free(few, n_few);
	pm_account_free(a);
	pm_account_free(b);
}

/* reach shows a few people by searching each alone, many by one search over
 * the whole account: both give the same best path to everyone. */
PM_TEST(analysis, account_paths_one_by_one_equal_reach_all)
{
	struct pm_account *a, *b;
	struct pm_error err;
	size_t v, warm = 0;

	load(path_people, path_links, NULL);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_account_reach_all(st, b, "acct", &P, &err), 0, "%s", err.msg);
	cr_assert_not_null(b->reach);
	cr_assert_null(a->reach);
	for (v = 0; v < a->n; v++) {
		const struct pm_view *va, *vb;
		const struct pm_path *pa, *pb;
		cr_assert_eq(pm_account_path(st, a, &P, v, &va, &pa, &err), 0, "%s", err.msg);
		cr_assert_eq(pm_account_path(st, b, &P, v, &vb, &pb, &err), 0, "%s", err.msg);
		cr_assert_eq(pa->len > 0, pb->len > 0, "person %zu", v);
		if (pa->len) {
			NEAR(pa->score, pb->score);
			cr_assert_eq(pa->len, pb->len);
			warm++;
		}
	}
	cr_assert_gt(warm, 1);
	pm_account_free(a);
	pm_account_free(b);
}

/*
 * Tie strength from history, the README's worked example by hand: a LinkedIn
 * tie (prior 0.2) between me and p; meetings 7 and 180 days ago, an
 * unanswered email 2 days ago, a document view yesterday; half-life 365.
 * H = 2^(-7/365) + 2^(-180/365) + 0.15 * 2^(-2/365) = 1.8467 (the view is
 * interest, not contact); h = 1 - e^(-H/2) = 0.6028;
 * strength = 1 - 0.8 * (1 - h) = 0.682 -> 0.68.
 */
PM_TEST(analysis, strengths_from_history_by_hand)
{
	struct pm_strength_change *c;
	struct pm_error err;
	size_t n;
	double H = pow(2, -7.0 / 365) + pow(2, -180.0 / 365) + 0.15 * pow(2, -2.0 / 365);

	load("key,name,org\np,P,acct\nq,Q,acct\nme,Me,us\n",
	     "from,to,kind,strength,last_contact,source\n"
	     "me,p,knows,0.2,2025-01-10,linkedin\nme,q,knows,0.9,2026-01-01,manual\n",
	     "person,at,channel,owner,direction\n"
	     "p,2026-11-20,meeting,me,\np,2026-05-31T10:00,meeting,me,\n"
	     "p,2026-11-25,email,me,outbound\np,2026-11-26,view,me,\n"
	     "q,2026-11-26,call,me,\n");
	NEAR(H, 1.846697912921008);
	NEAR(pm_history_strength(H), 0.6028133495283978);
	cr_assert_eq(pm_strengths(st, &P, 0, &c, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1, "q's strength was set by hand: kept");
	cr_assert_str_eq(c[0].person_key, "p");
	cr_assert_str_eq(c[0].source, "linkedin");
	NEAR(c[0].history, 1 - exp(-H / 2));
	NEAR(c[0].strength, 0.68);
	NEAR(c[0].old_strength, 0.2);
	cr_assert_str_eq(c[0].last_contact, "2026-11-20", "the last two-way contact");
	cr_assert_eq(c[0].days, 3, "two meetings and an email; a view is no contact day");
	cr_assert_eq(c[0].meetings, 2);
	cr_assert_eq(c[0].sent, 1);
	cr_assert_eq(c[0].views, 1);
	pm_strengths_free(c, n);
	/* --override recomputes q too: a fresh call is h = 1 - e^(-0.8 * 2^(-1/365) / 2) */
	cr_assert_eq(pm_strengths(st, &P, 1, &c, &n, &err), 0);
	cr_assert_eq(n, 2);
	NEAR(c[1].strength, round((1 - exp(-0.8 * pow(2, -1.0 / 365) / 2)) * 100) / 100);
	pm_strengths_free(c, n);
	/* the weights of the formula */
	NEAR(pm_contact_weight("email", "inbound"), 0.6);
	NEAR(pm_contact_weight("email", NULL), 0.15);
	NEAR(pm_contact_weight("view", "inbound"), 0);
	NEAR(pm_source_prior("card"), 0.5);
}

/* Engagement by hand: days count once, touches are not engagement, the trend. */
PM_TEST(analysis, engagement_and_a_decision_maker_gone_quiet)
{
	struct pm_account *a;
	struct pm_engagement *e;
	struct pm_risk *r;
	struct pm_error err;
	size_t n;
	int boss, fan;

	load("key,name,org,role\nboss,Boss,acct,economic_buyer\nfan,Fan,acct,\nme,Me,us,\n",
	     "from,to,kind,strength\nme,boss,knows,0.8\n",
	     "person,at,channel,owner,minutes,direction\n"
	     "boss,2026-09-10,meeting,me,60,\nboss,2026-09-10T15:00,call,me,10,\n"
	     "boss,2026-11-20,email,me,,outbound\nboss,2026-11-21,view,,5,\n"
	     "fan,2026-09-01,meeting,me,30,\nfan,2026-11-10,email,me,,inbound\n"
	     "fan,2026-11-20,call,me,15,\nfan,2026-12-01,meeting,me,60,\n");
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_engagement(st, a, &P, &e, &err), 0, "%s", err.msg);
	boss = vertex_of(a->rank->view, "boss");
	fan = vertex_of(a->rank->view, "fan");
	cr_assert_eq(e[boss].meetings, 1);
	cr_assert_eq(e[boss].calls, 1);
	cr_assert_eq(e[boss].unanswered, 1);
	cr_assert_eq(e[boss].views, 1);
	NEAR(e[boss].minutes, 75);
	cr_assert_eq(e[boss].two_way_90, 1, "the meeting and the call were one day");
	cr_assert_eq(e[boss].two_way_30, 0, "an unanswered email is no engagement");
	cr_assert_eq(e[boss].trend, PM_TREND_QUIET);
	cr_assert_str_eq(e[boss].last_two_way, "2026-09-10");
	cr_assert_str_eq(e[boss].last, "2026-11-21");
	cr_assert_eq(e[fan].two_way_30, 2, "a reply and a call; December is after as_of");
	cr_assert_eq(e[fan].two_way_90, 3, "with the meeting 87 days back");
	cr_assert_eq(e[fan].trend, PM_TREND_RISING, "2 days in 30 against 1 in the 60 before");
	free(e);
	cr_assert_eq(pm_risks(st, a, &P, &r, &n, &err), 0);
	cr_assert(has_risk(r, n, "decision_maker_went_quiet"));
	pm_risks_free(r, n);
	pm_account_free(a);
}

/*
 * KPIs by hand (as of 2026-11-27; the period from 2026-10-01; stalled after
 * 14 idle days):
 *   d1 proposal    1,000,000 JPY p 0.4            open: weighted 400,000
 *   d2 negotiation 2,000,000 JPY (p 0.75 by stage) open, close date passed: stalled
 *   d3 qualified      10,000 USD p 0.5            open, 26 days idle: stalled
 *   d4 won           500,000 JPY closed 2026-10-15 (this period)
 *   d5 won           300,000 JPY closed 2026-06-30 (before it)
 *   d6 lost          700,000 JPY
 *   d7 (another account) lead 99 JPY
 * acct: pipeline JPY 3,000,000, weighted 1,900,000; USD 10,000 / 5,000; won
 * this period 500,000, ever 800,000; win rate 2/3; two stalled.
 */
PM_TEST(analysis, kpi_by_hand_with_two_currencies_and_stalled_deals)
{
	const char *paths[2];
	struct pm_import_opts o = { .type = -1 };
	struct pm_import_stats stats;
	struct pm_diags d = { 0 };
	struct pm_error err;
	struct pm_kpi *k;
	const struct pm_kpi_money *jpy, *usd;

	paths[0] = tu_write(dir, "orgs.csv", "key,name,kind\nacct,Acct,customer\nother,Other,customer\n");
	paths[1] = tu_write(dir, "deals.csv",
		"key,account,name,stage,amount,currency,probability,close_date,updated_at\n"
		"d1,acct,D1,proposal,1000000,JPY,0.4,2027-03-31,2026-11-20\n"
		"d2,acct,D2,negotiation,2000000,JPY,,2026-11-01,2026-11-25\n"
		"d3,acct,D3,qualified,10000,USD,0.5,2027-01-31,2026-11-01\n"
		"d4,acct,D4,won,500000,JPY,,2026-10-15,2026-10-15\n"
		"d5,acct,D5,won,300000,JPY,,2026-06-30,2026-06-30\n"
		"d6,acct,D6,lost,700000,JPY,,2026-09-30,2026-09-30\n"
		"d7,other,D7,lead,99,JPY,,,\n");
	cr_assert_eq(pm_import_files(st, paths, 2, &o, &stats, &d, &err), 0, "%s",
		     d.n ? d.items[0].msg : err.msg);
	pm_diags_free(&d);
	free((char *)paths[0]);
	free((char *)paths[1]);
	cr_assert_eq(pm_kpi(st, "acct", &P, NULL, &k, &err), 0, "%s", err.msg);
	cr_assert_str_eq(k->since, "2026-10-01");
	cr_assert_eq(k->deals, 6);
	cr_assert_eq(k->open, 3);
	cr_assert_eq(k->won, 2);
	cr_assert_eq(k->won_period, 1);
	cr_assert_eq(k->lost, 1);
	NEAR(k->win_rate, 2.0 / 3);
	cr_assert_eq(k->nmoney, 2, "JPY and USD, never added together");
	jpy = !strcmp(k->money[0].currency, "JPY") ? &k->money[0] : &k->money[1];
	usd = jpy == &k->money[0] ? &k->money[1] : &k->money[0];
	cr_assert_str_eq(usd->currency, "USD");
	NEAR(jpy->pipeline, 3000000);
	NEAR(jpy->weighted, 1000000 * 0.4 + 2000000 * 0.75);
	NEAR(jpy->won_period, 500000);
	NEAR(jpy->won_all, 800000);
	NEAR(usd->pipeline, 10000);
	NEAR(usd->weighted, 5000);
	cr_assert_eq(k->stage_count[2], 1, "one proposal");
	cr_assert_eq(k->nstalled, 2);
	cr_assert_str_eq(k->stalled[0].key, "d2");
	cr_assert(k->stalled[0].past_close);
	cr_assert_eq(k->stalled[0].idle_days, 2);
	cr_assert_str_eq(k->stalled[1].key, "d3");
	cr_assert_not(k->stalled[1].past_close);
	cr_assert_eq(k->stalled[1].idle_days, 26);
	pm_kpi_free(k);
	/* every account; a period of our own */
	cr_assert_eq(pm_kpi(st, NULL, &P, "2026-06-01", &k, &err), 0, "%s", err.msg);
	cr_assert_eq(k->deals, 7);
	cr_assert_eq(k->naccounts, 2);
	cr_assert_str_eq(k->accounts[0], "acct");
	cr_assert_eq(k->won_period, 2);
	pm_kpi_free(k);
	cr_assert_eq(pm_kpi(st, NULL, &P, "2026-13-01", &k, &err), PM_EINVAL);
}

/* The team on the side_ account: o1 knows boss 0.8 and adv 0.7; o2 knows x 1.0 and sup 0.6. */
PM_TEST(analysis, team_by_hand)
{
	struct pm_account *a;
	struct pm_team *t;
	struct pm_error err;
	size_t i, j;

	load_all(side_people, side_links, NULL,
		 "target,owner,due,channel,via,status\nt,o1,2026-11-01,referral,boss,planned\n"
		 "t,o1,2026-10-01,email,,done\n");
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_team(st, a, &P, &t, &err), 0, "%s", err.msg);
	cr_assert_eq(t->n, 2);
	for (i = 0; i < t->n; i++) {
		const struct pm_team_member *m = &t->m[i];
		const char *key = t->view->people[m->vertex].key;
		double sum = 0;
		cr_assert_eq(m->nties, 2, "%s", key);
		cr_assert(m->useful);
		for (j = 0; j < m->nties; j++)
			sum += m->ties[j].strength;
		if (!strcmp(key, "o1")) {
			NEAR(sum, 0.8 + 0.7);
			cr_assert_eq(m->open, 1);
			cr_assert_eq(m->overdue, 1);
			cr_assert_eq(m->done, 1);
		} else {
			cr_assert_str_eq(key, "o2");
			NEAR(sum, 1.0 + 0.6);
			cr_assert_eq(m->open, 0);
		}
		/* ties by the power of whom they know */
		cr_assert_geq(a->rank->e[m->ties[0].vertex].score, a->rank->e[m->ties[1].vertex].score);
	}
	for (i = 0; i < t->nunreached; i++) {
		const char *key = a->rank->view->people[t->unreached[i]].key;
		cr_assert(strcmp(key, "boss") && strcmp(key, "adv") && strcmp(key, "sup") &&
			  strcmp(key, "x"), "%s is known to us", key);
		cr_assert_geq(a->rank->e[t->unreached[i]].score, P.key_power);
	}
	pm_team_free(t);
	pm_account_free(a);
}

/*
 * A hub: an insider tied to 1,500 of ours. Only the strongest few of those
 * ties are loaded (our people start paths, never carry them), and the best
 * paths are the same as with every tie loaded, by hand.
 */
PM_TEST(analysis, a_hub_of_our_ties_is_pruned_without_changing_the_best)
{
	struct pm_paths_opts o;
	struct pm_paths *r;
	struct pm_reach *re;
	struct pm_error err;
	static char people[1 << 18], links[1 << 18];
	size_t np, nl;
	int i;

	np = (size_t)snprintf(people, sizeof(people), "key,name,org\nt,T,acct\nm,M,acct\n");
	nl = (size_t)snprintf(links, sizeof(links), "from,to,kind,strength\nm,t,knows,0.9\n");
	for (i = 1; i <= 1500; i++) {
		np += (size_t)snprintf(people + np, sizeof(people) - np, "o%d,O%d,us\n", i, i);
		/* strengths in no order; the strongest, 0.95, is the 1211th read */
		nl += (size_t)snprintf(links + nl, sizeof(links) - nl, "o%d,m,knows,%.2f\n", i,
				       i == 1211 ? 0.95 : 0.05 + (i * 37 % 80) / 100.0);
		nl += (size_t)snprintf(links + nl, sizeof(links) - nl, "o%d,t,knows,%.3f\n", i,
				       i == 7 ? 0.7 : 0.001 * (i % 100));
	}
	load(people, links, NULL);
	pm_paths_opts_default(&o);
	o.k = 1;
	cr_assert_eq(pm_paths(st, "t", &P, &o, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n, 1);
	NEAR(r->paths[0].score, 0.95 * 0.9 * P.hop_discount > 0.7 ? 0.95 * 0.9 * P.hop_discount : 0.7);
	/* the first 1,000 ties of a person are taken as read, then only the strongest */
	cr_assert_lt(r->view->n, 1100, "the corridor loaded %zu people, not the hub's 1,500",
		     r->view->n);
	pm_paths_free(r);
	o.k = 2;
	cr_assert_eq(pm_paths(st, "m", &P, &o, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n, 2);
	NEAR(r->paths[0].score, 0.95);
	NEAR(r->paths[1].score, 0.84);   /* the next strongest tie into m: 0.05 + 79/100 */
	pm_paths_free(r);
	pm_paths_opts_default(&o);
	cr_assert_eq(pm_reach(st, "acct", &P, &o, &re, &err), 0, "%s", err.msg);
	cr_assert_lt(re->view->n, 1100, "reach loaded %zu people", re->view->n);
	for (size_t v = 0; v < re->naccount; v++) {
		const char *key = re->view->people[v].key;
		if (!strcmp(key, "m"))
			NEAR(re->best[v].score, 0.95);
		else if (!strcmp(key, "t"))
			NEAR(re->best[v].score, 0.95 * 0.9 * P.hop_discount > 0.7
			     ? 0.95 * 0.9 * P.hop_discount : 0.7);
	}
	pm_reach_free(re);
}

/* People below and above, by hand: a chain, a tree, and someone with two managers. */
PM_TEST(analysis, reports_and_depth_in_forests_and_with_two_managers)
{
	struct pm_rank *r;
	struct pm_error err;
	const char *keys[] = { "c0", "c1", "c2", "c3", "t1", "t2", "m" };
	const int reports[] = { 6, 5, 1, 0, 1, 0, 0 }, depth[] = { 0, 1, 2, 3, 2, 2, 3 };

	/* c3 -> c2 -> c1 -> c0; t1, t2 -> c1; m -> t1 */
	load("key,name,org\nc0,C0,acct\nc1,C1,acct\nc2,C2,acct\nc3,C3,acct\nt1,T1,acct\n"
	     "t2,T2,acct\nm,M,acct\n",
	     "from,to,kind\nc1,c0,reports_to\nc2,c1,reports_to\nc3,c2,reports_to\n"
	     "t1,c1,reports_to\nt2,c1,reports_to\nm,t1,reports_to\n", NULL);
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &r, &err), 0, "%s", err.msg);
	for (size_t i = 0; i < 7; i++) {
		int v = vertex_of(r->view, keys[i]);
		cr_assert_eq(r->e[v].reports, reports[i], "%s", keys[i]);
		cr_assert_eq(r->e[v].depth, depth[i], "%s", keys[i]);
	}
	pm_rank_free(r);
	/* m also reports to t2: two managers, counted as sets (c1 has 5 below, not 6) */
	load("key,name,org\n", "from,to,kind\nm,t2,reports_to\n", NULL);
	cr_assert_eq(pm_rank(st, "acct", &P, 0, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->e[vertex_of(r->view, "c1")].reports, 5);
	cr_assert_eq(r->e[vertex_of(r->view, "c0")].reports, 6);
	cr_assert_eq(r->e[vertex_of(r->view, "t2")].reports, 1);
	pm_rank_free(r);
}

/*
 * Betweenness compares path lengths exactly (they are multiples of 2^-30):
 * 0-1-3 is shorter than 0-2-3 by one unit of 2^-30, so 1 alone carries the
 * pair (0, 3), as NetworkX counts it (an epsilon comparison, igraph's, took
 * the two for equal and split the pair between 1 and 2).
 */
PM_TEST(analysis, betweenness_ties_are_exact)
{
	const double u = 1.0 / 1073741824.0;
	const int from[] = { 0, 1, 0, 2 }, to[] = { 1, 3, 2, 3 };
	const double len[] = { 0.5, 0.75, 0.5, 0.75 + u };
	const int sample[] = { 0, 3 };
	double bt[4];

	cr_assert_eq(pm_betweenness_weighted(4, from, to, len, 4, NULL, 0, 1, bt), 0);
	NEAR(bt[0], 1);  /* the pair (1, 2) goes through 0 */
	NEAR(bt[1], 1);  /* (0, 3) through 1 only */
	NEAR(bt[2], 0);
	NEAR(bt[3], 0);
	/* from sources 0 and 3 only (0 -> 3 and 3 -> 0 both through 1), halved as
	 * igraph_betweenness_subset does */
	cr_assert_eq(pm_betweenness_weighted(4, from, to, len, 4, sample, 2, 2, bt), 0);
	NEAR(bt[1], 1);
	NEAR(bt[0], 0);
	NEAR(bt[2], 0);
}

/*
 * reach over the whole network (warm.c, for large accounts) finds the same
 * best paths as the search over the account's corridor: the same strengths,
 * the same people, the path's ties in its view.
 */
/*
 * Reach of acct by the corridor and by the whole-network search: the same
 * best paths (strengths, people, the ties in the view). Returns how many
 * of the account's people were reached, of *n.
 */
static size_t reach_both_ways(size_t *n)
{
	struct pm_paths_opts o;
	struct pm_reach *a, *b;
	struct pm_error err;
	size_t reached = 0;

	pm_paths_opts_default(&o);
	o.global = -1;
	cr_assert_eq(pm_reach(st, "acct", &P, &o, &a, &err), 0, "%s", err.msg);
	o.global = 1;
	cr_assert_eq(pm_reach(st, "acct", &P, &o, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(a->naccount, b->naccount);
	for (size_t t = 0; t < a->naccount; t++) {
		const struct pm_path *x = &a->best[t], *y = &b->best[t];
		cr_assert_str_eq(a->view->people[t].key, b->view->people[t].key);
		cr_assert_eq(x->len, y->len, "%s", a->view->people[t].key);
		NEAR(x->score, y->score);
		for (int i = 0; i < x->len; i++)
			cr_assert_str_eq(a->view->people[x->nodes[i]].key, b->view->people[y->nodes[i]].key);
		for (int i = 0; i + 1 < y->len; i++) {
			const struct pm_tie *tie = &b->view->ties[y->tie[i]];
			NEAR(pm_tie_relation(&P, tie), y->s_eff[i]);
			cr_assert((tie->a == y->nodes[i] && tie->b == y->nodes[i + 1]) ||
				  (tie->b == y->nodes[i] && tie->a == y->nodes[i + 1]));
		}
		reached += x->len > 0;
	}
	*n = a->naccount;
	pm_reach_free(a);
	pm_reach_free(b);
	return reached;
}

PM_TEST(analysis, reach_whole_network_equals_corridor)
{
	size_t n;

	load(side_people, side_links, NULL);
	cr_assert_gt(reach_both_ways(&n), 0);
}

/*
 * Two equally good warm paths to t, through i1 or i2 (i1 read first among
 * the people): the whole-network search takes i1's, whichever tie into t
 * is read first (it goes through its ties in the order read; a first load
 * stores ties by their ends' row ids, so "t,i1" comes after "i2,t"). The
 * corridor's search finds the same strength but may take either (it picks
 * among equals in its own order: i2 in the first case).
 */
static void equal_paths_take_the_first_person(const char *links)
{
	struct pm_paths_opts o;
	struct pm_reach *a, *b;
	struct pm_error err;

	load("key,name,org,stance,role\no,O,us,,\ni1,I1,other,,\ni2,I2,other,,\n"
	     "t,T,acct,,economic_buyer\n", links, NULL);
	pm_paths_opts_default(&o);
	o.global = -1;
	cr_assert_eq(pm_reach(st, "acct", &P, &o, &a, &err), 0, "%s", err.msg);
	o.global = 1;
	cr_assert_eq(pm_reach(st, "acct", &P, &o, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(a->best[0].len, 3);
	cr_assert_eq(b->best[0].len, 3);
	NEAR(a->best[0].score, b->best[0].score);
	NEAR(b->best[0].score, 0.8 * 0.5 * P.hop_discount);
	cr_assert_str_eq(b->view->people[b->best[0].nodes[1]].key, "i1");
	pm_reach_free(a);
	pm_reach_free(b);
}

PM_TEST(analysis, equal_warm_paths_later_person_read_first)
{
	equal_paths_take_the_first_person("from,to,kind,strength,last_contact\n"
					  "o,i1,knows,0.8,\no,i2,knows,0.8,\n"
					  "i2,t,knows,0.5,\nt,i1,knows,0.5,\n");
}

PM_TEST(analysis, equal_warm_paths_earlier_person_read_first)
{
	equal_paths_take_the_first_person("from,to,kind,strength,last_contact\n"
					  "o,i2,knows,0.8,\no,i1,knows,0.8,\n"
					  "i1,t,knows,0.5,\nt,i2,knows,0.5,\n");
}

/*
 * A hub's ties kept in the memo carry their contact dates: the tie from
 * our o to the hub h (2,100 other ties, far more than a memo keeps a
 * person's ties from) decays by a year, also when the next search replays
 * it from the memo (its date pointed into the list as it grew, freed once
 * the list moved: a read of freed memory, and the decay lost).
 */
PM_TEST(analysis, memo_replays_ties_with_their_dates)
{
	size_t cap = 200000, lp = 0, ll = 0;
	char *people = malloc(cap), *links = malloc(cap);
	struct pm_paths_opts o;
	struct pm_paths *fresh, *first, *again;
	struct pm_error err;
	int i;

	lp += (size_t)sprintf(people + lp, "key,name,org\no,O,us\nh,H,other\nt1,T1,acct\nt2,T2,acct\n");
	ll += (size_t)sprintf(links + ll, "from,to,kind,strength,last_contact\n"
			      "h,o,knows,0.9,2025-11-27\nh,t1,knows,0.8,\nh,t2,knows,0.8,\n");
	for (i = 0; i < 2100; i++) {
		lp += (size_t)sprintf(people + lp, "f%d,F%d,other\n", i, i);
		ll += (size_t)sprintf(links + ll, "h,f%d,knows,0.5,\n", i);
	}
	load(people, links, NULL);
	free(people);
	free(links);
	pm_paths_opts_default(&o);
	o.k = 1;
	cr_assert_eq(pm_paths(st, "t2", &P, &o, &fresh, &err), 0, "%s", err.msg);
	cr_assert_eq(fresh->n, 1);
	NEAR(fresh->paths[0].s_eff[0], 0.45);    /* 0.9, a half-life ago */
	cr_assert(o.memo = pm_corridor_memo_new());
	cr_assert_eq(pm_paths(st, "t1", &P, &o, &first, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_paths(st, "t2", &P, &o, &again, &err), 0, "%s", err.msg);
	cr_assert_eq(again->n, 1);
	cr_assert_eq(again->paths[0].len, 3);
	NEAR(again->paths[0].s_eff[0], 0.45);
	NEAR(again->paths[0].score, fresh->paths[0].score);
	pm_paths_free(fresh);
	pm_paths_free(first);
	pm_paths_free(again);
	pm_corridor_memo_free(o.memo);
}

/*
 * A generated network (fixed seed): `n` people in acct under a reporting
 * tree, 40 of ours, 10 at the bank, 200 at another customer; about six
 * ties per person with strengths and contact dates. Big enough that the
 * warm search applies its ties in several batches and PageRank's solver
 * has work to share.
 */
static void load_generated(int n)
{
	size_t cap = (size_t)n * 400 + 100000, lp = 0, ll = 0;
	char *people = malloc(cap), *links = malloc(cap);
	unsigned long x = 12345;
	int total = n + 250, i, j, d[3];

#define NEXT() (x = x * 6364136223846793005UL + 1442695040888963407UL, (int)(x >> 33))
	lp += (size_t)sprintf(people + lp, "key,name,org,stance,role\n");
	for (i = 0; i < total; i++) {
		const char *org = i < n ? "acct" : i < n + 40 ? "us" : i < n + 50 ? "bank" : "other";
		const char *stance = i < n && i % 17 == 3 ? "opponent" : "";
		const char *role = i == 0 ? "economic_buyer" : i < n && i % 50 == 1 ? "decision_maker" : "";
		lp += (size_t)sprintf(people + lp, "g%d,G %d,%s,%s,%s\n", i, i, org, stance, role);
	}
	ll += (size_t)sprintf(links + ll, "from,to,kind,strength,last_contact\n");
	for (i = 1; i < n; i++)
		ll += (size_t)sprintf(links + ll, "g%d,g%d,reports_to,,\n", i, NEXT() % i);
	/* offsets below total / 2, different per person: no pair twice */
	for (i = 0; i < total; i++)
		for (j = 0, d[0] = d[1] = 0; j < 3; j++) {
			int b, kind = NEXT() % 4, s = 5 + NEXT() % 95;
			int mon = 1 + NEXT() % 11, day = 1 + NEXT() % 28;
			do
				d[j] = 1 + NEXT() % (total / 2 - 1);
			while ((j > 0 && d[j] == d[0]) || (j > 1 && d[j] == d[1]));
			b = (i + d[j]) % total;
			ll += (size_t)sprintf(links + ll, "g%d,g%d,%s,0.%02d,2026-%02d-%02d\n", i, b,
					      kind ? "knows" : "influences", s, mon, day);
		}
#undef NEXT
	load(people, links, NULL);
	free(people);
	free(links);
}

/* The whole-network search and the corridor agree across batch boundaries. */
PM_TEST(analysis, reach_whole_network_equals_corridor_on_a_generated_network)
{
	size_t n, reached;

	load_generated(2500);   /* ~10,000 ties: five batches, once round the ring */
	reached = reach_both_ways(&n);
	cr_assert_gt(reached, n / 2, "%zu of %zu reached", reached, n);
	/* and as on one processor: the ties applied on the reading thread */
	warm_single_thread = 1;
	cr_assert_eq(reach_both_ways(&n), reached);
	warm_single_thread = 0;
}

/*
 * rank gives the same numbers on every run, to the last bit: PageRank's
 * solver summed in threads in a different order each time (the power of
 * the same person changed in the 15th digit and tied people swapped).
 */
PM_TEST(analysis, rank_is_the_same_on_every_run)
{
	struct pm_rank *r[4];
	struct pm_error err;
	int k;

	load_generated(3000);
	for (k = 0; k < 4; k++)
		cr_assert_eq(pm_rank(st, "acct", &P, 0, &r[k], &err), 0, "%s", err.msg);
	for (k = 1; k < 4; k++) {
		cr_assert_eq(r[k]->n, r[0]->n);
		for (size_t i = 0; i < r[0]->n; i++) {
			cr_assert(!memcmp(&r[k]->e[i].pagerank, &r[0]->e[i].pagerank, sizeof(double)),
				  "run %d, %s: pagerank %.17g != %.17g", k, r[0]->view->people[i].key,
				  r[k]->e[i].pagerank, r[0]->e[i].pagerank);
			cr_assert(!memcmp(&r[k]->e[i].score, &r[0]->e[i].score, sizeof(double)));
			cr_assert_eq(r[k]->order[i], r[0]->order[i]);
		}
	}
	for (k = 0; k < 4; k++)
		pm_rank_free(r[k]);
}

/*
 * Betweenness has the same bits on one thread or several: the sources are
 * summed in fixed chunks, not per thread (per-thread sums made the last digit
 * depend on the machine's processors).
 */
PM_TEST(analysis, betweenness_is_the_same_on_any_number_of_threads)
{
	enum { N = 600, M = 3000 };
	static int from[M], to[M];
	static double len[M], one[N], many[N];
	unsigned long x = 7;
	int t;

	for (int i = 0; i < M; i++) {
		x = x * 6364136223846793005UL + 1;
		from[i] = (int)((x >> 33) % N);
		x = x * 6364136223846793005UL + 1;
		to[i] = (int)((x >> 33) % N);
		if (to[i] == from[i])
			to[i] = (to[i] + 1) % N;
		x = x * 6364136223846793005UL + 1;
		len[i] = (double)(1 + (x >> 33) % 64) / 16.0;   /* many equal-length paths */
	}
	cr_assert_eq(pm_betweenness_weighted(N, from, to, len, M, NULL, 0, 1, one), 0);
	for (t = 2; t <= 4; t++) {
		cr_assert_eq(pm_betweenness_weighted(N, from, to, len, M, NULL, 0, t, many), 0);
		for (int i = 0; i < N; i++)
			cr_assert(!memcmp(&one[i], &many[i], sizeof(double)),
				  "%d threads, vertex %d: %.17g != %.17g", t, i, many[i], one[i]);
	}
}

/* A job over a random graph of n people (seed x), sampled when nsources > 0. */
static struct pm_rank_job *pool_test_job(size_t n, size_t m, unsigned long x, size_t nsources)
{
	struct pm_rank_job *job = calloc(1, sizeof(*job));

	cr_assert_not_null(job);
	job->n = n;
	job->m = m;
	job->scale = 1;
	job->ends = malloc(2 * m * sizeof(int));
	job->len = malloc(m * sizeof(double));
	job->out = calloc(n, sizeof(double));
	cr_assert(job->ends && job->len && job->out);
	for (size_t i = 0; i < m; i++) {
		x = x * 6364136223846793005UL + 1;
		job->ends[i] = (int)((x >> 33) % n);
		x = x * 6364136223846793005UL + 1;
		job->ends[m + i] = (int)((x >> 33) % n);
		if (job->ends[m + i] == job->ends[i])
			job->ends[m + i] = (job->ends[i] + 1) % (int)n;
		x = x * 6364136223846793005UL + 1;
		job->len[i] = (double)(1 + (x >> 33) % 16) / 8.0;
	}
	if (nsources) {
		job->sources = malloc(nsources * sizeof(int));
		cr_assert_not_null(job->sources);
		for (size_t k = 0; k < nsources; k++)
			job->sources[k] = (int)((k * 7) % n);
		job->nsources = nsources;
	}
	return job;
}

/*
 * The pool gives each job back in the order it was put, computed exactly as
 * alone (the same bits), with workers or without; an account with no people
 * (NULL) passes through; jobs left in it when it is freed are freed (LSan).
 */
PM_TEST(analysis, rank_pool_computes_each_job_as_alone_in_order)
{
	enum { JOBS = 21 };
	int workers[] = { 0, 1, 2, 4 };

	for (size_t w = 0; w < sizeof(workers) / sizeof(*workers); w++) {
		struct pm_rank_pool *pool;
		size_t put = 0, taken = 0;
		cr_assert_eq(pm_rank_pool_new(workers[w], &pool), 0);
		while (taken < JOBS) {
			while (put < JOBS && pm_rank_pool_pending(pool) < PM_RANK_POOL_DEPTH) {
				struct pm_rank_job *job = put % 5 == 3 ? NULL
					: pool_test_job(40 + put * 7, 120 + put * 20, put + 1, put % 4 == 1 ? 9 : 0);
				cr_assert_eq(pm_rank_pool_put(pool, job), 0);
				put++;
			}
			if (pm_rank_pool_pending(pool) == PM_RANK_POOL_DEPTH)
				cr_assert_eq(pm_rank_pool_put(pool, NULL), PM_EINVAL, "a full ring takes no more");
			struct pm_rank_job *job = pm_rank_pool_take(pool);
			if (taken % 5 == 3) {
				cr_assert_null(job, "job %zu", taken);
			} else {
				struct pm_rank_job *alone = pool_test_job(40 + taken * 7, 120 + taken * 20,
									 taken + 1, taken % 4 == 1 ? 9 : 0);
				cr_assert_not_null(job, "job %zu", taken);
				cr_assert_eq(job->rc, 0);
				cr_assert_eq(job->n, alone->n, "job %zu came back out of order", taken);
				cr_assert_eq(pm_rank_job_run(alone, 1), 0);
				for (size_t i = 0; i < job->n; i++)
					cr_assert(!memcmp(&job->out[i], &alone->out[i], sizeof(double)),
						  "%d workers, job %zu, vertex %zu", workers[w], taken, i);
				pm_rank_job_free(alone);
			}
			pm_rank_job_free(job);
			taken++;
		}
		/* some left in the pool, computed or not: freed with it */
		for (int k = 0; k < 3; k++)
			cr_assert_eq(pm_rank_pool_put(pool, pool_test_job(300, 1500, (unsigned long)k + 50, 0)), 0);
		pm_rank_pool_free(pool);
	}
}

/* A random account of 80 (roles and stances varied), 40 of ours, 20 at a bank, 700 ties. */
static void load_random_account(unsigned seed)
{
	static const char *const roles[] = { "economic_buyer", "decision_maker", "champion",
					     "technical_buyer", "influencer", "", "", "" };
	static const char *const stances[] = { "supporter", "neutral", "skeptic", "", "" };
	static unsigned char tied[140][140];
	struct pm_strbuf people = PM_STRBUF_INIT, links = PM_STRBUF_INIT;
	unsigned x = seed;
	int i, k;

	memset(tied, 0, sizeof(tied));
	pm_strbuf_puts(&people, "key,name,org,role,stance\n");
	for (i = 0; i < 140; i++) {
		x = x * 1103515245u + 12345u;
		if (i < 80)
			pm_strbuf_addf(&people, "a%d,A%d,acct,%s,%s\n", i, i,
				       roles[(x >> 16) % 8], stances[(x >> 20) % 5]);
		else
			pm_strbuf_addf(&people, "%c%d,%c%d,%s,,\n", i < 120 ? 'u' : 'b', i,
				       i < 120 ? 'U' : 'B', i, i < 120 ? "us" : "bank");
	}
	pm_strbuf_puts(&links, "from,to,kind,strength,last_contact\n");
	for (k = 0; k < 700;) {
		int s, d;
		x = x * 1103515245u + 12345u;
		s = (int)((x >> 8) % 140);
		d = (int)((x >> 20) % 140);
		if (s == d || tied[s][d] || tied[d][s])
			continue;
		tied[s][d] = 1;
		pm_strbuf_addf(&links, "%c%d,%c%d,knows,0.%02u,2026-%02u-15\n",
			       s < 80 ? 'a' : s < 120 ? 'u' : 'b', s,
			       d < 80 ? 'a' : d < 120 ? 'u' : 'b', d, 10 + (x >> 4) % 90,
			       1 + (x >> 12) % 11);
		k++;
	}
	load(people.buf, links.buf, NULL);
	pm_strbuf_release(&people);
	pm_strbuf_release(&links);
}

/* next with `top`, inside a read transaction of st's (one thread) or not (two). */
static void next_of(size_t top, int one_thread, struct pm_account **a, struct pm_next_item **it,
		    size_t *n)
{
	struct pm_error err;

	if (one_thread)
		cr_assert_eq(pm_store_read_begin(st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, a, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_next(st, *a, &P, top, 0, it, n, &err), 0, "%s", err.msg);
	if (one_thread)
		pm_store_read_end(st);
}

/*
 * next's corridor searches shared by two threads (a second connection, when
 * there are two processors) give what one thread gives: the same people,
 * values, paths and words, whether branch and bound stops early (top 1, 5)
 * or every candidate is evaluated (top 0); and the early stops are the
 * first of everyone's list. Inside a read transaction of st's no second
 * reader can be opened, so there it runs on one thread.
 */
PM_TEST(analysis, next_on_two_threads_is_next_on_one)
{
	static const size_t tops[] = { 0, 1, 5 };
	struct pm_store *reader;
	struct pm_account *all_a;
	struct pm_next_item *all;
	struct pm_error err;
	size_t t, i, nall;

	load_random_account(7);
	cr_assert_eq(pm_store_read_begin(st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_reader_open(st, &reader, &err), PM_EINVAL);
	pm_store_read_end(st);
	next_of(0, 1, &all_a, &all, &nall);
	for (t = 0; t < sizeof(tops) / sizeof(tops[0]); t++) {
		struct pm_account *a1, *a2;
		struct pm_next_item *one, *two;
		size_t n1, n2;
		next_of(tops[t], 1, &a1, &one, &n1);
		next_of(tops[t], 0, &a2, &two, &n2);
		cr_assert_eq(n1, n2, "top %zu: %zu against %zu", tops[t], n1, n2);
		cr_assert(n1 >= (tops[t] ? tops[t] : 20), "top %zu: only %zu", tops[t], n1);
		for (i = 0; i < n1; i++) {
			cr_assert_eq(one[i].vertex, two[i].vertex, "top %zu, place %zu", tops[t], i);
			cr_assert(one[i].value == two[i].value, "top %zu, place %zu", tops[t], i);
			cr_assert_eq(one[i].path->len, two[i].path->len);
			cr_assert_str_eq(one[i].why, two[i].why);
			cr_assert_eq(one[i].vertex, all[i].vertex, "top %zu, place %zu", tops[t], i);
			cr_assert(one[i].value == all[i].value, "top %zu, place %zu", tops[t], i);
		}
		pm_next_free(one, n1);
		pm_next_free(two, n2);
		pm_account_free(a1);
		pm_account_free(a2);
	}
	pm_next_free(all, nall);
	pm_account_free(all_a);
}

/*
 * Paths found ahead (pm_account_paths_ahead, two threads) are the paths
 * found one by one (pm_account_path inside a read transaction: one thread),
 * and pm_account_path then answers without searching again.
 */
PM_TEST(analysis, paths_ahead_are_the_paths_found_one_by_one)
{
	struct pm_account *a1, *a2;
	struct pm_error err;
	int want[30];
	size_t i, n = 0, warm = 0;

	load_random_account(11);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a2, &err), 0, "%s", err.msg);
	for (i = 0; i < a2->n && n < 30; i++)
		want[n++] = a2->rank->order[i];
	cr_assert_eq(pm_account_paths_ahead(st, a2, &P, want, n, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_store_read_begin(st, &err), 0, "%s", err.msg);
	cr_assert_eq(pm_account_load(st, "acct", &P, 0, &a1, &err), 0, "%s", err.msg);
	for (i = 0; i < n; i++) {
		const struct pm_view *v1, *v2;
		const struct pm_path *b1, *b2;
		const struct pm_paths *found = a2->paths[want[i]];
		cr_assert_not_null(found, "path %zu not found ahead", i);
		cr_assert_eq(pm_account_path(st, a1, &P, (size_t)want[i], &v1, &b1, &err), 0);
		cr_assert_eq(pm_account_path(st, a2, &P, (size_t)want[i], &v2, &b2, &err), 0);
		cr_assert_eq(a2->paths[want[i]], found, "searched again");
		cr_assert_eq(b1->len, b2->len, "path %zu", i);
		cr_assert(b1->score == b2->score, "path %zu", i);
		for (int k = 0; k < b1->len; k++)
			cr_assert_str_eq(v1->people[b1->nodes[k]].key, v2->people[b2->nodes[k]].key);
		warm += b1->len >= 2;
	}
	cr_assert(warm >= 20, "only %zu of 30 warm", warm);
	pm_store_read_end(st);
	pm_account_free(a1);
	pm_account_free(a2);
}
