/*
 * powermap — the warm search over the whole network (see warm.h).
 *
 * reach's hop-bounded Bellman-Ford (reach.c) over every tie instead of one
 * account's corridor: f_h(v) is the best product (strengths x hop discount
 * per hop) of a walk of at most h ties from one of ours to v through people
 * who may introduce. Our people only start walks, so their ties are applied
 * once, while reading (level 1), and never stored; the ties that can carry a
 * walk further are kept as arcs out of the people who may introduce. With
 * strengths <= 1 the best walk is a simple path (or as good as one), so
 * f_H(v) / discount is the score of the best warm path to v: what paths -k 1
 * finds. Reading people and ties once each, in table order, is what makes it
 * fast where the corridor reads person by person through an index.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "powermap/analysis.h"
#include "powermap/graph.h"
#include "powermap/idmap.h"
#include "powermap/kit.h"
#include "warm.h"

/* An arc as read; its link row id, wanted only for the paths, is kept apart. */
struct arc {
	int from, to;
	double s;
};

/* A tie read but not yet applied: ties are applied in batches (see apply_batch). */
struct pending {
	int64_t id, src, dst;
	double strength;
	double x;                   /* its relation strength (pm_relation_strength) */
	enum pm_link_kind kind;
	int has_strength;
	size_t contact;             /* offset of last_contact in the arena; SIZE_MAX: none */
	int a, b;                   /* dense ends, -1: not a person read */
};

#define WARM_BATCH 2048          /* ties per batch handed to the applier */
#define WARM_BLOCK 256           /* ties whose lookups overlap (prefetched together) */
#define WARM_RING 4              /* batches in flight */
#define ARC_BLOCK ((size_t)1 << 20)  /* arcs per block (16 MiB, and 8 MiB of link ids) */

struct batch {
	struct pending t[WARM_BATCH];
	size_t n;
	char *arena;                /* the batch's last_contact strings */
	size_t narena, arenacap;
};

struct run {
	struct warm *w;
	const struct pm_params *p;
	const struct warm_hooks *hooks;
	struct pm_idmap *org_kind;     /* org row id -> PM_VIA_* bit (0: not ours) + 1 */
	unsigned via;
	int allow_blockers, preds;
	double d;
	/*
	 * The arcs as read, in blocks of ARC_BLOCK (on huge pages): each block
	 * is written once, where one growing array would be copied at every
	 * doubling and touch twice the memory (fresh pages are costly on a VM).
	 * levels() goes through them in that order.
	 */
	struct arc **blocks;
	int64_t **links;               /* with preds: each block's link ids */
	size_t nblocks, blockcap, linkcap;
	size_t narcs;
	/*
	 * Reading (SQLite, this thread) and applying (lookups, strengths, arcs,
	 * hooks: the applier thread) overlap on two processors. Batches go
	 * round a ring: the reader fills ring[produced % WARM_RING], the
	 * applier applies ring[applied % WARM_RING], in read order.
	 */
	struct batch *ring;
	int threaded;
	pthread_t applier;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t produced, applied;
	int finished;                  /* no more batches */
	int rc;                        /* the applier's error: the reader stops */
};

static int on_org(const struct pm_org_brief *r, void *ctx)
{
	struct run *u = ctx;

	return pm_idmap_put(u->org_kind, r->id, (int)pm_via_bit(r->kind) + 1) < 0 ? PM_ENOMEM : 0;
}

static int on_person(const struct pm_person_brief *r, void *ctx)
{
	struct run *u = ctx;
	struct warm *w = u->w;
	unsigned fl = 0;
	int kind = r->org_id ? pm_idmap_get(u->org_kind, r->org_id) - 1 : 0;

	if (r->id < 0 || r->id > INT32_MAX)
		return 0;   /* not a row id SQLite gives */
	if ((size_t)r->id >= w->ixcap) {
		size_t old = w->ixcap;
		if (PM_GROW(w->ix, w->ixcap, (size_t)r->id + 1) < 0)
			return PM_ENOMEM;
		memset(w->ix + old, 0, (w->ixcap - old) * sizeof(*w->ix));
	}
	if (w->n + 1 > w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 1024;
		int64_t *id = realloc(w->id, cap * sizeof(*id));
		unsigned char *f;
		if (!id)
			return PM_ENOMEM;
		w->id = id;
		if (!(f = realloc(w->flags, cap)))
			return PM_ENOMEM;
		w->flags = f;
		w->cap = cap;
	}
	if (kind > 0) {
		fl |= WARM_OURS;
		if (u->via & (unsigned)kind)
			fl |= WARM_SOURCE;
	} else if (u->allow_blockers || (!(r->stance && !strcmp(r->stance, "opponent")) &&
					 !(r->role && !strcmp(r->role, "blocker")))) {
		fl |= WARM_INTER;
	}
	w->ix[r->id] = (int)w->n + 1;
	w->id[w->n] = r->id;
	w->flags[w->n] = (unsigned char)fl;
	if (u->hooks && u->hooks->person) {
		int rc = u->hooks->person(r, (int)w->n, u->hooks->ctx);
		if (rc)
			return rc;
	}
	w->n++;
	return 0;
}

int warm_dense(const struct warm *w, int64_t id)
{
	return id >= 0 && (size_t)id < w->ixcap ? w->ix[id] - 1 : -1;
}

/* One direction of a tie: a start (level 1) from one of ours, or an arc to keep. */
static int relax_read(struct run *u, int a, int b, double x, int64_t link)
{
	struct warm *w = u->w;
	unsigned fa = w->flags[a], fb = w->flags[b];

	if (fb & WARM_OURS)
		return 0;            /* a path never goes back into our side */
	if (fa & WARM_SOURCE) {
		if (x * u->d > w->best[b]) {
			w->best[b] = x * u->d;
			w->origin[b] = a;
			if (u->preds) {
				w->pred_from[b] = a;
				w->pred_link[b] = link;
			}
		}
		return 0;
	}
	if (!(fa & WARM_INTER))
		return 0;
	if (u->narcs == u->nblocks * ARC_BLOCK) {
		void *block = NULL, *lblock = NULL;
		if (PM_GROW(u->blocks, u->blockcap, u->nblocks + 1) < 0 ||
		    (u->preds && PM_GROW(u->links, u->linkcap, u->nblocks + 1) < 0))
			return PM_ENOMEM;
		if (posix_memalign(&block, 2u << 20, ARC_BLOCK * sizeof(struct arc)) != 0)
			return PM_ENOMEM;
		if (u->preds && posix_memalign(&lblock, 2u << 20, ARC_BLOCK * sizeof(int64_t)) != 0) {
			free(block);
			return PM_ENOMEM;
		}
		pm_mem_hint_huge(block, ARC_BLOCK * sizeof(struct arc));
		if (u->preds) {
			pm_mem_hint_huge(lblock, ARC_BLOCK * sizeof(int64_t));
			u->links[u->nblocks] = lblock;
		}
		u->blocks[u->nblocks++] = block;
	}
	u->blocks[u->narcs / ARC_BLOCK][u->narcs % ARC_BLOCK] = (struct arc){ a, b, x };
	if (u->preds)
		u->links[u->narcs / ARC_BLOCK][u->narcs % ARC_BLOCK] = link;
	u->narcs++;
	return 0;
}

static void free_blocks(struct run *u)
{
	while (u->nblocks) {
		u->nblocks--;
		free(u->blocks[u->nblocks]);
		if (u->links)
			free(u->links[u->nblocks]);
	}
	free(u->blocks);
	free(u->links);
	u->blocks = NULL;
	u->links = NULL;
}

/* Apply one tie read (its ends already looked up). */
static int apply_tie(struct run *u, const struct pending *t, const char *arena)
{
	struct warm *w = u->w;
	struct pm_link_row r;
	int a = t->a, b = t->b, rc;
	double x;

	w->ties++;
	if (a < 0 || b < 0)
		return 0;
	r.id = t->id;
	r.src = t->src;
	r.dst = t->dst;
	r.kind = t->kind;
	r.has_strength = t->has_strength;
	r.strength = t->strength;
	r.last_contact = t->contact == SIZE_MAX ? NULL : arena + t->contact;
	r.source = NULL;
	r.stored_dir = 1;
	r.other_kind = NULL;
	if (u->hooks && u->hooks->tie && (rc = u->hooks->tie(&r, a, b, u->hooks->ctx)) != 0)
		return rc;
	if (((w->flags[a] | w->flags[b]) & (WARM_SOURCE | WARM_INTER)) == 0)
		return 0;
	x = t->x;
	if (!(x > 0))
		return 0;
	if ((rc = relax_read(u, a, b, x, r.id)) < 0)
		return rc;
	return relax_read(u, b, a, x, r.id);
}

/*
 * Apply a batch in read order. The ends of a tie are two random places in
 * arrays of a million people: looking them up for a block of ties first,
 * with prefetches, lets the misses overlap instead of costing one each.
 */
static int apply_batch(struct run *u, struct batch *bt)
{
	struct warm *w = u->w;
	size_t lo, i;
	int rc = 0;

	for (lo = 0; lo < bt->n && !rc; lo += WARM_BLOCK) {
		size_t hi = lo + WARM_BLOCK < bt->n ? lo + WARM_BLOCK : bt->n;
		for (i = lo; i < hi; i++) {
			const struct pending *t = &bt->t[i];
			if (t->src >= 0 && (size_t)t->src < w->ixcap)
				__builtin_prefetch(&w->ix[t->src]);
			if (t->dst >= 0 && (size_t)t->dst < w->ixcap)
				__builtin_prefetch(&w->ix[t->dst]);
		}
		for (i = lo; i < hi; i++) {
			struct pending *t = &bt->t[i];
			t->a = warm_dense(w, t->src);
			t->b = warm_dense(w, t->dst);
			if (t->a >= 0 && t->b >= 0) {
				__builtin_prefetch(&w->flags[t->a]);
				__builtin_prefetch(&w->flags[t->b]);
				__builtin_prefetch(&w->best[t->a]);
				__builtin_prefetch(&w->best[t->b]);
			}
		}
		for (i = lo; i < hi && !rc; i++)
			rc = apply_tie(u, &bt->t[i], bt->arena);
	}
	return rc;
}

static void *applier(void *arg)
{
	struct run *u = arg;

	for (;;) {
		struct batch *bt;
		int rc;
		pthread_mutex_lock(&u->mu);
		while (u->applied == u->produced && !u->finished)
			pthread_cond_wait(&u->cv, &u->mu);
		if (u->applied == u->produced) {
			pthread_mutex_unlock(&u->mu);
			return NULL;
		}
		bt = &u->ring[u->applied % WARM_RING];
		pthread_mutex_unlock(&u->mu);
		rc = apply_batch(u, bt);
		pthread_mutex_lock(&u->mu);
		u->applied++;
		if (rc)
			u->rc = rc;
		pthread_cond_broadcast(&u->cv);
		pthread_mutex_unlock(&u->mu);
		if (rc)
			return NULL;
	}
}

/* Hand the filled batch over (or apply it here) and take the next empty one. */
static int hand_over(struct run *u)
{
	int rc;

	if (!u->threaded) {
		rc = apply_batch(u, &u->ring[0]);
		u->ring[0].n = u->ring[0].narena = 0;
		return rc;
	}
	pthread_mutex_lock(&u->mu);
	u->produced++;
	pthread_cond_broadcast(&u->cv);
	while (u->produced - u->applied >= WARM_RING && !u->rc)
		pthread_cond_wait(&u->cv, &u->mu);
	rc = u->rc;
	pthread_mutex_unlock(&u->mu);
	u->ring[u->produced % WARM_RING].n = 0;
	u->ring[u->produced % WARM_RING].narena = 0;
	return rc;
}

static int on_tie(const struct pm_link_row *r, void *ctx)
{
	struct run *u = ctx;
	struct batch *bt = &u->ring[u->threaded ? u->produced % WARM_RING : 0];
	struct pending *t = &bt->t[bt->n];

	t->id = r->id;
	t->src = r->src;
	t->dst = r->dst;
	t->kind = r->kind;
	t->has_strength = r->has_strength;
	t->strength = r->strength;
	/* the reader's share of the work: the strength here, the lookups there */
	t->x = pm_relation_strength(u->p, r->kind, r->has_strength, r->strength, r->last_contact);
	t->contact = SIZE_MAX;
	if (r->last_contact && u->hooks && u->hooks->tie) {
		size_t len = strlen(r->last_contact) + 1;
		if (PM_GROW(bt->arena, bt->arenacap, bt->narena + len) < 0)
			return PM_ENOMEM;
		memcpy(bt->arena + bt->narena, r->last_contact, len);
		t->contact = bt->narena;
		bt->narena += len;
	}
	return ++bt->n == WARM_BATCH ? hand_over(u) : 0;
}

int warm_single_thread;

/*
 * Read every tie and apply it: on two processors, the applier thread
 * applies while this one reads. Waits for the applier before returning.
 */
static int read_ties(struct pm_store *st, struct run *u, struct pm_error *err)
{
	int rc, i;

	if (!(u->ring = calloc(WARM_RING, sizeof(*u->ring))))
		return PM_ENOMEM;
	u->threaded = !warm_single_thread && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
		pthread_mutex_init(&u->mu, NULL) == 0;
	if (u->threaded && pthread_cond_init(&u->cv, NULL) != 0) {
		pthread_mutex_destroy(&u->mu);
		u->threaded = 0;
	}
	if (u->threaded && pthread_create(&u->applier, NULL, applier, u) != 0) {
		pthread_cond_destroy(&u->cv);
		pthread_mutex_destroy(&u->mu);
		u->threaded = 0;
	}
	rc = pm_store_links_all(st, on_tie, u, err);
	if (u->threaded) {
		pthread_mutex_lock(&u->mu);
		if (!rc && u->ring[u->produced % WARM_RING].n)
			u->produced++;       /* the last, partly filled batch */
		u->finished = 1;
		pthread_cond_broadcast(&u->cv);
		pthread_mutex_unlock(&u->mu);
		pthread_join(u->applier, NULL);
		pthread_cond_destroy(&u->cv);
		pthread_mutex_destroy(&u->mu);
		if (u->rc && (!rc || rc == u->rc))
			rc = u->rc;
	} else if (!rc) {
		rc = apply_batch(u, &u->ring[0]);
	}
	for (i = 0; i < WARM_RING; i++)
		free(u->ring[i].arena);
	free(u->ring);
	u->ring = NULL;
	return rc;
}

/* Levels 2..max_hops over the arcs, grouped by tail (stable: read order). */
static int levels(struct run *u)
{
	struct warm *w = u->w;
	size_t n = w->n, i, b;
	double *g = NULL;
	int *go = NULL, *win = NULL, h, rc = PM_ENOMEM;
	unsigned char *changed = NULL, *next = NULL, *swap;

	if (!(g = malloc((n + 1) * sizeof(*g))) || !(go = malloc((n + 1) * sizeof(*go))) ||
	    !(win = malloc((n + 1) * sizeof(*win))) ||
	    !(changed = malloc(n + 1)) || !(next = malloc(n + 1)))
		goto out;
	/*
	 * Only a person whose value rose at the level before can improve
	 * anyone: the others pushed the same values then, and those stand.
	 * Level 2 starts from everyone level 1 reached.
	 */
	for (i = 0; i < n; i++)
		changed[i] = w->best[i] > 0;
	for (h = 2; h <= u->p->max_hops; h++) {
		int *pf = u->preds ? w->pred_from + (size_t)(h - 1) * n : NULL;
		int64_t *pl = u->preds ? w->pred_link + (size_t)(h - 1) * n : NULL;
		memcpy(g, w->best, n * sizeof(*g));
		memcpy(go, w->origin, n * sizeof(*go));
		for (i = 0; pf && i < n; i++)
			pf[i] = -1;
		memset(next, 0, n);
		/*
		 * The arcs in the order read, not sorted by tail (sorting them
		 * cost a second array as large, fresh pages and all, for no
		 * gain): the result is the one of visiting tails in ascending
		 * order — among equally good arcs into a person at this level,
		 * the lowest tail wins, then the first read.
		 */
		for (b = 0, i = 0; b < u->nblocks; b++) {
			const struct arc *e = u->blocks[b], *first = e;
			const struct arc *end = e + (u->narcs - i < ARC_BLOCK ? u->narcs - i : ARC_BLOCK);
			i += (size_t)(end - e);
			for (; e < end; e++) {
				int from = e->from, to = e->to;
				double val, x;
				if (!changed[from])
					continue;
				val = w->best[from];
				x = val * e->s * u->d;
				if (x > g[to] || (x == g[to] && next[to] && from < win[to])) {
					g[to] = x;
					go[to] = w->origin[from];
					next[to] = 1;
					win[to] = from;
					if (pf) {
						pf[to] = from;
						pl[to] = u->links[b][e - first];
					}
				}
			}
		}
		memcpy(w->best, g, n * sizeof(*g));
		memcpy(w->origin, go, n * sizeof(*go));
		swap = changed;
		changed = next;
		next = swap;
	}
	for (i = 0; i < n; i++)
		w->best[i] /= u->d;   /* f counts a discount per tie; a path's score per introduction */
	rc = 0;
out:
	free(g);
	free(go);
	free(win);
	free(changed);
	free(next);
	return rc;
}

void warm_free(struct warm *w)
{
	if (!w)
		return;
	free(w->id);
	free(w->flags);
	free(w->best);
	free(w->origin);
	free(w->pred_from);
	free(w->pred_link);
	free(w->ix);
	free(w);
}

int warm_search(struct pm_store *st, const struct pm_params *p, unsigned via,
		int allow_blockers, int preds, const struct warm_hooks *hooks,
		struct warm **out, struct pm_error *err)
{
	struct run u = { .p = p, .hooks = hooks, .org_kind = pm_idmap_new(), .via = via,
			 .allow_blockers = allow_blockers, .preds = preds,
			 .d = p->hop_discount > 0 ? p->hop_discount : 1 };
	struct warm *w = calloc(1, sizeof(*w));
	size_t n, i;
	int rc;

	*out = NULL;
	if (!w || !u.org_kind) {
		rc = PM_ENOMEM;
		goto out;
	}
	u.w = w;
	w->H = p->max_hops;
	if ((rc = pm_store_orgs_all(st, on_org, &u, err)) != 0 ||
	    (rc = pm_store_people_all(st, on_person, &u, err)) != 0)
		goto out;
	n = w->n + 1;
	if (!(w->best = calloc(n, sizeof(*w->best))) || !(w->origin = calloc(n, sizeof(*w->origin))) ||
	    (preds && (!(w->pred_from = malloc((size_t)w->H * n * sizeof(*w->pred_from))) ||
		       !(w->pred_link = calloc((size_t)w->H * n, sizeof(*w->pred_link)))))) {
		rc = PM_ENOMEM;
		goto out;
	}
	for (i = 0; preds && i < (size_t)w->H * n; i++)
		w->pred_from[i] = -1;
	if ((rc = read_ties(st, &u, err)) != 0 || (rc = levels(&u)) != 0)
		goto out;
	*out = w;
	w = NULL;
out:
	if (rc == PM_ENOMEM)
		pm_error_set(err, PM_ENOMEM, "out of memory");
	free_blocks(&u);
	pm_idmap_free(u.org_kind);
	warm_free(w);
	return rc;
}

int warm_path(const struct warm *w, int v, int people[9], int64_t links[8])
{
	int chain[9], nc = 0, h = w->H, x = v, i, j;
	int64_t lk[8];

	if (!(w->best[v] > 0) || !w->pred_from)
		return 0;
	chain[nc++] = v;
	while (h > 0) {
		int from = w->pred_from[(size_t)(h - 1) * w->n + x];
		if (from < 0) {
			h--;          /* carried from the level below */
			continue;
		}
		if (nc == 9)
			return -1;
		lk[nc - 1] = w->pred_link[(size_t)(h - 1) * w->n + x];
		for (i = 0; i < nc; i++)
			if (chain[i] == from)
				return -1;    /* a walk, not a simple path */
		chain[nc++] = from;
		x = from;
		h--;
		if (w->flags[x] & WARM_SOURCE)
			break;
	}
	if (nc < 2 || !(w->flags[chain[nc - 1]] & WARM_SOURCE))
		return -1;
	for (i = 0, j = nc - 1; j >= 0; i++, j--)
		people[i] = chain[j];
	for (i = 0; i < nc - 1; i++)
		links[i] = lk[nc - 2 - i];
	return nc;
}
