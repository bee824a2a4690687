/*
 * powermap — rank: who decides in an account (DESIGN §6).
 *
 * formal    = max-normalized 0.5 * reports/max_reports + 0.5 * level * reach,
 *             where level = 1 - depth / (max_depth + 1) for people in the
 *             org chart (0 outside it) and reach = size of the person's chart
 *             tree / size of the largest (a junior in a two-person subsidiary
 *             is not near the top of the account);
 * influence = personalized PageRank over the reversed influence view,
 *             restarting at the declared decision makers, max-normalized;
 * role      = declared power / 5, else the prior of the buying role;
 * broker    = weighted betweenness in the relationship view (lengths
 *             -ln s_eff), max-normalized. Exact up to betweenness_exact
 *             people; above, estimated from betweenness_samples seeded
 *             random sources and scaled by n / samples (Brandes-Pich), since
 *             exact betweenness costs one Dijkstra per person.
 * score     = (w_formal*formal + w_influence*influence + w_role*role +
 *              w_broker*broker) / (sum of the weights).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "powermap/analysis.h"
#include "powermap/kit.h"
#include "powermap/titles.h"
#include "betweenness.h"
#include "rank_internal.h"

/*
 * igraph's PRPACK solves PageRank in OpenMP threads (libgomp, which igraph
 * links) whose partial sums add up in a different order on each run: power
 * changed in the 15th digit and tied people swapped places between two runs
 * of the same command. On one thread it is the same every run, and faster
 * on graphs of an account's size. Declared here rather than from <omp.h>,
 * which not every compiler we build with ships.
 */
int omp_get_max_threads(void);
void omp_set_num_threads(int n);

double pm_role_prior(enum pm_role role)
{
	switch (role) {
	case PM_ROLE_ECONOMIC_BUYER: return 1.0;
	case PM_ROLE_DECISION_MAKER: return 0.9;
	case PM_ROLE_CHAMPION:
	case PM_ROLE_TECHNICAL_BUYER:
	case PM_ROLE_BLOCKER: return 0.6;
	case PM_ROLE_INFLUENCER: return 0.5;
	case PM_ROLE_USER_BUYER:
	case PM_ROLE_GATEKEEPER: return 0.4;
	case PM_ROLE_COACH: return 0.3;
	default: return 0.2;
	}
}

static int is_decision_maker(const struct pm_person *p)
{
	return p->role_id == PM_ROLE_ECONOMIC_BUYER || p->role_id == PM_ROLE_DECISION_MAKER;
}

void pm_rank_free(struct pm_rank *r)
{
	if (!r)
		return;
	pm_view_free(r->view);
	free(r->e);
	free(r->order);
	free(r->account_name);
	free(r);
}

/* Divide every value by the largest (all zero stays zero). */
static void normalize(struct pm_rank *r, size_t off)
{
	double max = 0;
	size_t i;

	for (i = 0; i < r->n; i++) {
		double x = *(double *)((char *)&r->e[i] + off);
		if (x > max)
			max = x;
	}
	for (i = 0; i < r->n; i++) {
		double *x = (double *)((char *)&r->e[i] + off);
		*x = max > 0 ? *x / max : 0;
	}
}

/*
 * People below and above each person when everyone reports to at most one
 * manager (a forest, as imports keep it: no cycles), in linear time: a
 * reporting chain 100,000 deep took minutes with a search from every person.
 * 1 when done, 0 when someone has two managers (the caller counts the
 * general way), <0 on error.
 */
static int chart_as_forest(const igraph_t *g, igraph_vector_int_t *below,
			   igraph_vector_int_t *above, struct pm_error *err)
{
	igraph_integer_t n = igraph_vcount(g), m = igraph_ecount(g), i, v;
	igraph_integer_t *parent = NULL, *depth = NULL, *stack = NULL, *count = NULL, *by = NULL;
	int rc = 1;

	if (!(parent = malloc((size_t)(n + 1) * sizeof(*parent))) ||
	    !(depth = malloc((size_t)(n + 1) * sizeof(*depth))) ||
	    !(stack = malloc((size_t)(n + 1) * sizeof(*stack))) ||
	    !(count = calloc((size_t)(n + 2), sizeof(*count))) ||
	    !(by = malloc((size_t)(n + 1) * sizeof(*by)))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		parent[i] = depth[i] = -1;
	for (i = 0; i < m; i++) {
		igraph_integer_t from = IGRAPH_FROM(g, i), to = IGRAPH_TO(g, i);
		if (parent[from] >= 0 && parent[from] != to) {
			rc = 0;   /* two managers */
			goto out;
		}
		parent[from] = to;
	}
	/* depth: the managers above, walking up to the first known depth */
	for (i = 0; i < n; i++) {
		igraph_integer_t top = 0, d;
		for (v = i; v >= 0 && depth[v] < 0 && top <= n; v = parent[v])
			stack[top++] = v;
		if (top > n) {   /* a cycle (imports refuse them): count the general way */
			rc = 0;
			goto out;
		}
		d = v >= 0 ? depth[v] + 1 : 0;
		while (top)
			depth[stack[--top]] = d++;
	}
	/* below: children before parents (deepest first), by a counting sort on depth */
	for (i = 0; i < n; i++)
		count[depth[i] + 1]++;
	for (i = 1; i <= n; i++)
		count[i] += count[i - 1];
	for (i = 0; i < n; i++)
		by[count[depth[i]]++] = i;
	if (igraph_vector_int_resize(below, n) || igraph_vector_int_resize(above, n)) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	igraph_vector_int_null(below);
	for (i = n - 1; i >= 0; i--) {
		v = by[i];
		VECTOR(*above)[v] = depth[v];
		if (parent[v] >= 0)
			VECTOR(*below)[parent[v]] += VECTOR(*below)[v] + 1;
	}
out:
	free(parent);
	free(depth);
	free(stack);
	free(count);
	free(by);
	return rc;
}

static int formal_component(struct pm_rank *r, struct pm_error *err)
{
	igraph_vector_int_t below, above, deg, memb, csize;
	igraph_integer_t ncomp, max_tree = 1;
	igraph_t g;
	int rc, max_reports = 0, max_depth = 0;
	size_t i;
	igraph_error_t e;

	if ((rc = pm_view_org(r->view, &g, err)) < 0)
		return rc;
	igraph_vector_int_init(&below, 0);
	igraph_vector_int_init(&above, 0);
	igraph_vector_int_init(&deg, 0);
	igraph_vector_int_init(&memb, 0);
	igraph_vector_int_init(&csize, 0);
	/* a -> b means a reports to b: below b are those who reach it (IN) */
	if ((rc = chart_as_forest(&g, &below, &above, err)) < 0)
		goto out;
	e = 0;
	if (rc == 0)   /* someone reports to two managers: count each set (quadratic) */
		e = igraph_neighborhood_size(&g, &below, igraph_vss_all(), (igraph_integer_t)r->n,
					     IGRAPH_IN, 1);
	if (!e && rc == 0)
		e = igraph_neighborhood_size(&g, &above, igraph_vss_all(),
					     (igraph_integer_t)r->n, IGRAPH_OUT, 1);
	rc = 0;
	if (!e)
		e = igraph_degree(&g, &deg, igraph_vss_all(), IGRAPH_ALL, 0);
	if (!e)
		e = igraph_connected_components(&g, &memb, &csize, &ncomp, IGRAPH_WEAK);
	if (e) {
		rc = pm_igraph_error(e, "org chart", err);
		goto out;
	}
	for (i = 0; i < r->n; i++) {
		r->e[i].reports = (int)VECTOR(below)[i];
		r->e[i].depth = VECTOR(deg)[i] ? (int)VECTOR(above)[i] : -1;
		if (r->e[i].reports > max_reports)
			max_reports = r->e[i].reports;
		if (r->e[i].depth > max_depth)
			max_depth = r->e[i].depth;
	}
	for (i = 0; i < (size_t)ncomp; i++)
		if (VECTOR(csize)[i] > max_tree)
			max_tree = VECTOR(csize)[i];
	for (i = 0; i < r->n; i++) {
		double reports = max_reports ? (double)r->e[i].reports / max_reports : 0;
		double level = r->e[i].depth < 0 ? 0
			: 1.0 - (double)r->e[i].depth / (max_depth + 1);
		double reach = (double)VECTOR(csize)[VECTOR(memb)[i]] / (double)max_tree;
		r->e[i].formal = 0.5 * reports + 0.5 * level * reach;
	}
	normalize(r, offsetof(struct pm_rank_entry, formal));
out:
	igraph_vector_int_destroy(&below);
	igraph_vector_int_destroy(&above);
	igraph_vector_int_destroy(&deg);
	igraph_vector_int_destroy(&memb);
	igraph_vector_int_destroy(&csize);
	igraph_destroy(&g);
	return rc;
}

static int influence_component(struct pm_rank *r, const struct pm_params *p, int global,
			       struct pm_error *err)
{
	igraph_vector_t w, reset, pr;
	igraph_real_t value;
	igraph_t g;
	igraph_error_t e;
	size_t i;
	int rc, threads;

	if ((rc = pm_view_influence(r->view, p, 1, &g, &w, err)) < 0)
		return rc;
	igraph_vector_init(&reset, (igraph_integer_t)r->n);
	igraph_vector_init(&pr, 0);
	for (i = 0; i < r->n && !global; i++)
		if (is_decision_maker(&r->view->people[i])) {
			VECTOR(reset)[i] = 1;
			r->ndecision++;
		}
	if (r->ndecision == 0) {
		igraph_vector_fill(&reset, 1);
		r->restart_uniform = 1;
	}
	threads = omp_get_max_threads();
	omp_set_num_threads(1);
	e = igraph_personalized_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &pr, &value,
					 igraph_vss_all(), 1, p->damping, &reset,
					 igraph_vector_size(&w) ? &w : NULL, NULL);
	omp_set_num_threads(threads);
	if (e) {
		rc = pm_igraph_error(e, "pagerank", err);
		goto out;
	}
	for (i = 0; i < r->n; i++)
		r->e[i].influence = r->e[i].pagerank = VECTOR(pr)[i];
	normalize(r, offsetof(struct pm_rank_entry, influence));
out:
	igraph_vector_destroy(&reset);
	igraph_vector_destroy(&pr);
	igraph_vector_destroy(&w);
	igraph_destroy(&g);
	return rc;
}

void pm_rank_job_free(struct pm_rank_job *job)
{
	if (!job)
		return;
	free(job->ends);
	free(job->len);
	free(job->sources);
	free(job->out);
	free(job);
}

/*
 * The broker component's betweenness as a job: the relationship view's
 * edges and lengths (igraph is not thread-safe: this part runs on the
 * caller's thread), the sampled sources above betweenness_exact people.
 */
static int broker_job(struct pm_rank *r, const struct pm_params *p, struct pm_rank_job **out,
		      struct pm_error *err)
{
	struct pm_rank_job *job = NULL;
	igraph_vector_t w;
	igraph_vector_int_t sample;
	igraph_t g;
	igraph_error_t e = IGRAPH_SUCCESS;
	igraph_integer_t i, m;
	int *tie_of = NULL, rc;

	*out = NULL;
	if ((rc = pm_view_relationship(r->view, p, &g, &w, &tie_of, err)) < 0)
		return rc;
	igraph_vector_int_init(&sample, 0);
	m = igraph_ecount(&g);
	if (!(job = calloc(1, sizeof(*job))) ||
	    !(job->ends = malloc((2 * (size_t)m + 1) * sizeof(*job->ends))) ||
	    !(job->len = malloc(((size_t)m + 1) * sizeof(*job->len))) ||
	    !(job->out = calloc(r->n + 1, sizeof(*job->out)))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	job->n = r->n;
	job->m = (size_t)m;
	job->scale = 1;
	for (i = 0; i < m; i++) {
		job->ends[i] = (int)IGRAPH_FROM(&g, i);
		job->ends[m + i] = (int)IGRAPH_TO(&g, i);
		job->len[i] = pm_tie_length(VECTOR(w)[i]);
	}
	if ((igraph_integer_t)r->n > p->betweenness_exact) {
		int k = p->betweenness_samples < (int)r->n ? p->betweenness_samples : (int)r->n;
		igraph_rng_seed(igraph_rng_default(), 42);
		e = igraph_random_sample(&sample, 0, (igraph_integer_t)r->n - 1, k);
		if (!e && !(job->sources = malloc(((size_t)k + 1) * sizeof(*job->sources)))) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; !e && i < k; i++)
			job->sources[i] = (int)VECTOR(sample)[i];
		job->nsources = (size_t)k;
		job->scale = (double)r->n / (double)k;
		r->betweenness_sources = k;
	}
	if (e) {
		rc = pm_igraph_error(e, "betweenness", err);
		goto out;
	}
	*out = job;
	job = NULL;
	rc = 0;
out:
	pm_rank_job_free(job);
	free(tie_of);
	igraph_vector_int_destroy(&sample);
	igraph_vector_destroy(&w);
	igraph_destroy(&g);
	return rc;
}

/*
 * Threads for betweenness: the processors online, up to 4, when there are
 * more than about 200,000 relaxations to share (~2 ms of work; a thread
 * costs ~50 us).
 */
int pm_rank_job_threads(const struct pm_rank_job *job)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	double work = (double)(job->nsources ? job->nsources : job->n) *
		(double)(2 * job->m + job->n);

	if (work < 2e5 || cpus < 2)
		return 1;
	return cpus > 4 ? 4 : (int)cpus;
}

int pm_rank_job_run(struct pm_rank_job *job, int threads)
{
	/* our own Brandes: exact ties on the rounded lengths (betweenness.c) */
	return pm_betweenness_weighted(job->n, job->ends, job->ends + job->m, job->len, job->m,
				       job->sources, job->nsources, threads, job->out) < 0
		? PM_ENOMEM : 0;
}

/* What rank's order reads: the scores, and the people's title levels (-1: not read yet). */
struct order_ctx {
	const struct pm_rank *r;
	signed char *level;
};

static int by_score(const void *a, const void *b, void *ctx);

int pm_rank_finish(struct pm_rank *r, const struct pm_params *p, struct pm_rank_job *job,
		   struct pm_error *err)
{
	double wsum = p->w_formal + p->w_influence + p->w_role + p->w_broker;
	size_t i;

	if (job && job->rc < 0)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (i = 0; job && i < r->n; i++)
		r->e[i].broker = r->e[i].betweenness = job->out[i] * job->scale;
	normalize(r, offsetof(struct pm_rank_entry, broker));
	for (i = 0; i < r->n; i++) {
		const struct pm_person *pp = &r->view->people[i];
		struct pm_rank_entry *e = &r->e[i];
		e->role = pp->power ? pp->power / 5.0 : pm_role_prior(pp->role_id);
		e->score = (p->w_formal * e->formal + p->w_influence * e->influence +
			    p->w_role * e->role + p->w_broker * e->broker) / wsum;
		r->order[i] = (int)i;
	}
	{
		struct order_ctx o = { r, malloc(r->n + 1) };
		if (!o.level)
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		memset(o.level, -1, r->n + 1);   /* read on the first tie */
		pm_sort(r->order, r->n, sizeof(*r->order), by_score, &o);
		free(o.level);
	}
	return 0;
}

static int title_level(struct order_ctx *o, int v)
{
	if (o->level[v] < 0)
		o->level[v] = (signed char)pm_title_level(o->r->view->people[v].title);
	return o->level[v];
}

/* Best first; equal scores (nothing tells them apart yet): the senior title, then the key. */
static int by_score(const void *a, const void *b, void *ctx)
{
	struct order_ctx *o = ctx;
	const struct pm_rank *r = o->r;
	int x = *(const int *)a, y = *(const int *)b, lx, ly;

	if (r->e[x].score != r->e[y].score)
		return r->e[x].score < r->e[y].score ? 1 : -1;
	if ((lx = title_level(o, x)) != (ly = title_level(o, y)))
		return ly - lx;
	return strcmp(r->view->people[x].key, r->view->people[y].key);
}

int pm_rank_start(struct pm_store *st, const char *account, const struct pm_params *p,
		  int global, pm_rank_ties_fn ties, void *ties_ctx, struct pm_rank **out,
		  struct pm_rank_job **job, struct pm_error *err)
{
	double wsum = p->w_formal + p->w_influence + p->w_role + p->w_broker;
	struct pm_rank *r;
	int rc;

	*out = NULL;
	*job = NULL;
	if (!(wsum > 0))
		return pm_error_set(err, PM_EINVAL,
				    "all rank weights are zero; give at least one positive weight");
	if (!(r = calloc(1, sizeof(*r))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = pm_store_org_resolve(st, account, &r->account_id, NULL, err)) < 0 ||
	    (rc = pm_store_org_name(st, r->account_id, &r->account_name, err)) < 0 ||
	    (rc = pm_view_new(&r->view, err)) < 0 ||
	    (rc = pm_view_add_account(r->view, st, account, err)) < 0 ||
	    (rc = ties ? ties(r->view, ties_ctx, err) : pm_view_load_ties(r->view, st, err)) < 0)
		goto fail;
	r->n = r->view->n;
	r->e = calloc(r->n + 1, sizeof(*r->e));
	r->order = calloc(r->n + 1, sizeof(*r->order));
	if (!r->e || !r->order) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	if (r->n) {
		if ((rc = formal_component(r, err)) < 0 ||
		    (rc = influence_component(r, p, global, err)) < 0 ||
		    (rc = broker_job(r, p, job, err)) < 0)
			goto fail;
	}
	*out = r;
	return 0;
fail:
	pm_rank_free(r);
	return rc;
}

int pm_rank(struct pm_store *st, const char *account, const struct pm_params *p,
	    int global, struct pm_rank **out, struct pm_error *err)
{
	struct pm_rank_job *job;
	struct pm_rank *r;
	int rc;

	*out = NULL;
	if ((rc = pm_rank_start(st, account, p, global, NULL, NULL, &r, &job, err)) < 0)
		return rc;
	if (job)
		job->rc = pm_rank_job_run(job, pm_rank_job_threads(job));
	rc = pm_rank_finish(r, p, job, err);
	pm_rank_job_free(job);
	if (rc < 0) {
		pm_rank_free(r);
		return rc;
	}
	*out = r;
	return 0;
}
