/*
 * powermap — the relationship map with Graphviz cgraph + gvc (see render.h).
 */
#include <gvc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/idmap.h"
#include "powermap/model.h"
#include "powermap/render.h"

#define FONT "Noto Sans CJK JP"
#define HILITE "#e8590c"

struct lang {
	const char *title, *ours, *legend, *stance, *roles, *edges, *power, *paths_to;
	const char *stances[6];          /* in pm_stances order */
	const char *roles_[9];           /* in pm_roles order */
	const char *reports, *influences, *knows, *path, *no_role, *key_person;
	const char *shapes[10];          /* names of role_shape[] and the no-role box */
};

static const struct lang JA = {
	"パワーマップ", "当社側", "凡例", "スタンス", "役割（形）", "関係", "権限",
	"%s への紹介経路",
	{ "推進者", "支持", "中立", "懐疑的", "反対", "不明" },
	{ "経済的決裁者", "意思決定者", "技術評価者", "利用部門", "チャンピオン", "コーチ",
	  "影響者", "ゲートキーパー", "ブロッカー" },
	"━━ 報告ライン（実線）", "╌╌▶ 影響（破線・矢印、太さ＝強さ）", "┈┈ 知人（点線、数字＝実効強度）",
	"━━ 紹介経路（強調）", "役割なし", "太枠＝権限の高い人",
	{ "二重八角形", "八角形", "六角形", "四角", "部品形", "メモ形", "楕円", "家形",
	  "斜線入り四角", "角丸四角" },
};

static const struct lang EN = {
	"Power map", "Our side", "Legend", "Stance", "Role (shape)", "Ties", "power",
	"warm paths to %s",
	{ "champion", "supporter", "neutral", "skeptic", "opponent", "unknown" },
	{ "economic buyer", "decision maker", "technical buyer", "user buyer", "champion",
	  "coach", "influencer", "gatekeeper", "blocker" },
	"── reports to (solid)", "╌╌▶ influences (dashed, width = strength)",
	"┈┈ knows (dotted, number = effective strength)", "━━ warm path (highlighted)",
	"no role", "thick border = high power",
	{ "double octagon", "octagon", "hexagon", "box", "component", "note", "ellipse",
	  "house", "box with diagonals", "rounded box" },
};

static const char *const stance_fill[] = { "#1b7837", "#a6dba0", "#d9d9d9", "#fdb863",
					   "#d7301f", "#ffffff" };
static const char *const stance_font[] = { "#ffffff", "#000000", "#000000", "#000000",
					   "#ffffff", "#000000" };
static const char *const role_shape[] = { "doubleoctagon", "octagon", "hexagon", "box",
					  "component", "note", "ellipse", "house", "box" };

void pm_draw_opts_default(struct pm_draw_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->k = 3;
	o->radius = 2;
}

struct pm_map {
	Agraph_t *g;
	struct pm_view *v;        /* account people first (naccount), then others */
	struct pm_rank *rank;
	size_t naccount;
	unsigned char *drawn;
	size_t npeople, nties;
	const struct lang *L;
};

/* A growing string. */
struct buf {
	char *s;
	size_t n, cap;
};

static void bput(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bput(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->n + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *ns;
		while (cap < b->n + (size_t)n + 1)
			cap *= 2;
		if (!(ns = realloc(b->s, cap)))
			return;
		b->s = ns;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

/*
 * Graphviz expands \N, \G, \E, \T, \H, \L even inside HTML labels (and
 * after decoding &#92;), so every backslash a user typed is followed by an
 * invisible WORD JOINER (U+2060): it prints as typed and means nothing to
 * Graphviz.
 */
#define WJ "\xe2\x81\xa0"

/* User text for an HTML label: entities, <BR/> for line breaks, no controls. */
static void bhtml(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': bput(b, "\\" WJ); break;
		case '&': bput(b, "&amp;"); break;
		case '<': bput(b, "&lt;"); break;
		case '>': bput(b, "&gt;"); break;
		case '"': bput(b, "&quot;"); break;
		case '\'': bput(b, "&#39;"); break;
		case '\n': bput(b, "<BR/>"); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				bput(b, "%c", *s == '\t' ? ' ' : *s);
		}
	}
}

/* User text for an escString attribute (tooltip): "\\" and a word joiner. */
static void besc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\')
			bput(b, "\\\\" WJ);
		else if (*s == '\n')
			bput(b, "\\n");
		else if ((unsigned char)*s >= 0x20)
			bput(b, "%c", *s);
	}
}

static void set(void *obj, const char *name, const char *value)
{
	agsafeset(obj, (char *)name, (char *)value, (char *)"");
}

static void set_html(Agraph_t *g, void *obj, const char *name, const char *html)
{
	char *h = agstrdup_html(g, (char *)html);

	agsafeset(obj, (char *)name, h, (char *)"");
	agstrfree(g, h);
}

static void setf(void *obj, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void setf(void *obj, const char *name, const char *fmt, ...)
{
	char v[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	set(obj, name, v);
}

static int is_ascii(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Our-side people with a knows tie to someone of the account. */
struct ours_ctx {
	struct pm_map *m;
	struct pm_store *st;
	struct pm_error *err;
};

static int add_one_ours(int64_t id, void *ctx)
{
	struct ours_ctx *o = ctx;
	int v;

	return pm_view_add_person(o->m->v, o->st, id, &v, o->err);
}

static int add_ours(struct pm_map *m, struct pm_store *st, int64_t oid, struct pm_error *err)
{
	struct ours_ctx o = { m, st, err };

	return pm_store_account_ours(st, oid, add_one_ours, &o, err);
}

/* Highlighted pairs: key a*2^31+b (a < b) -> path strength index. */
struct hilite {
	struct pm_idmap *pairs;   /* pair -> 1 */
	unsigned char *node;      /* per vertex: on a path */
	double *s;                /* per pair index: effective strength */
	size_t n;
};

static int64_t pkey(int a, int b)
{
	return a < b ? (int64_t)a * 2147483648LL + b : (int64_t)b * 2147483648LL + a;
}

static const char *stance_of(const struct pm_person *p, int *idx)
{
	int i = pm_enum_find(pm_stances, p->stance);

	*idx = i < 0 ? 5 : i;
	return pm_stances[*idx];
}

static void node_label(struct pm_map *m, struct buf *b, int v, double score, int account)
{
	const struct pm_person *p = &m->v->people[v];
	int key = account && score >= 0.5;

	bput(b, "<FONT POINT-SIZE=\"%d\"><B>", key ? 15 : 12);
	bhtml(b, p->name);
	bput(b, "</B></FONT>");
	if (p->title && *p->title) {
		bput(b, "<BR/><FONT POINT-SIZE=\"9\">");
		bhtml(b, p->title);
		bput(b, "</FONT>");
	}
	if (account)
		bput(b, "<BR/><FONT POINT-SIZE=\"9\">%s %.2f</FONT>", m->L->power, score);
}

static void node_tooltip(struct pm_map *m, struct buf *b, int v, int account,
			 const char *last)
{
	const struct pm_person *p = &m->v->people[v];
	int si;

	besc(b, p->name);
	bput(b, " (");
	besc(b, p->key);
	bput(b, ")\\n");
	if (p->org_name) {
		besc(b, p->org_name);
		bput(b, "\\n");
	}
	bput(b, "role: %s\\nstance: %s", p->role ? p->role : "-", stance_of(p, &si));
	if (account) {
		const struct pm_rank_entry *e = &m->rank->e[v];
		bput(b, "\\npower %.2f = formal %.2f, influence %.2f, role %.2f, broker %.2f",
		     e->score, e->formal, e->influence, e->role, e->broker);
	}
	bput(b, "\\nlast contact: %s", last && *last ? last : "-");
}

/* Clusters by org and department; our side inside one cluster of its own. */
struct clusters {
	Agraph_t *ours;
	char **keys;
	Agraph_t **g;
	size_t n, cap;
};

static Agraph_t *subcluster(struct pm_map *m, struct clusters *cs, Agraph_t *parent,
			    const char *key, const char *label, int dept)
{
	struct buf b = { NULL, 0, 0 };
	char name[32];
	Agraph_t *c;
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (!strcmp(cs->keys[i], key))
			return cs->g[i];
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? 2 * cs->cap : 16;
		char **k = realloc(cs->keys, cap * sizeof(*k));
		Agraph_t **g = k ? realloc(cs->g, cap * sizeof(*g)) : NULL;
		if (k)
			cs->keys = k;
		if (!g)
			return parent;
		cs->g = g;
		cs->cap = cap;
	}
	if (!(cs->keys[cs->n] = strdup(key)))
		return parent;
	snprintf(name, sizeof(name), "cluster_%zu", cs->n);
	c = cs->g[cs->n++] = agsubg(parent, name, 1);
	bput(&b, dept ? "<FONT POINT-SIZE=\"11\">" : "<B>");
	bhtml(&b, label);
	bput(&b, dept ? "</FONT>" : "</B>");
	set_html(m->g, c, "label", b.s ? b.s : "");
	set(c, "style", dept ? "rounded,dashed" : "rounded");
	set(c, "color", dept ? "#adb5bd" : "#495057");
	set(c, "fontname", FONT);
	free(b.s);
	return c;
}

static Agraph_t *cluster_for(struct pm_map *m, struct clusters *cs, const struct pm_person *p)
{
	Agraph_t *parent = m->g, *org;
	char key[2048];

	if (p->ours) {
		if (!cs->ours) {
			struct buf b = { NULL, 0, 0 };
			cs->ours = agsubg(m->g, (char *)"cluster_ours", 1);
			bput(&b, "<B>");
			bhtml(&b, m->L->ours);
			bput(&b, "</B>");
			set_html(m->g, cs->ours, "label", b.s);
			set(cs->ours, "style", "rounded,filled");
			set(cs->ours, "fillcolor", "#f1f3f5");
			set(cs->ours, "color", "#adb5bd");
			set(cs->ours, "fontname", FONT);
			free(b.s);
		}
		parent = cs->ours;
	}
	if (!p->org_key)
		return parent;
	snprintf(key, sizeof(key), "o\x1f%s", p->org_key);
	org = subcluster(m, cs, parent, key, p->org_name ? p->org_name : p->org_key, 0);
	if (p->ours || !p->department || !*p->department)
		return org;
	snprintf(key, sizeof(key), "d\x1f%s\x1f%s", p->org_key, p->department);
	return subcluster(m, cs, org, key, p->department, 1);
}

static void clusters_free(struct clusters *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		free(cs->keys[i]);
	free(cs->keys);
	free(cs->g);
}

static void legend(struct pm_map *m, int with_path)
{
	const struct lang *L = m->L;
	struct buf b = { NULL, 0, 0 };
	Agraph_t *c = agsubg(m->g, (char *)"cluster_legend", 1);
	Agnode_t *n = agnode(c, (char *)"legend", 1);
	int i;

	set(c, "label", "");
	set(c, "color", "#ced4da");
	set(c, "style", "rounded");
	bput(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\">"
	     "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>");
	bhtml(&b, L->legend);
	bput(&b, "</B></TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><I>");
	bhtml(&b, L->stance);
	bput(&b, "</I></TD></TR>");
	for (i = 0; i < 6; i++) {
		bput(&b, "<TR><TD BGCOLOR=\"%s\" BORDER=\"1\" WIDTH=\"24\"> </TD>"
		     "<TD ALIGN=\"LEFT\">", stance_fill[i]);
		bhtml(&b, L->stances[i]);
		bput(&b, "</TD></TR>");
	}
	bput(&b, "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><I>");
	bhtml(&b, L->roles);
	bput(&b, "</I></TD></TR>");
	for (i = 0; i < 9; i++) {
		bput(&b, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">");
		bhtml(&b, L->shapes[i]);
		bput(&b, "</FONT></TD><TD ALIGN=\"LEFT\">");
		bhtml(&b, L->roles_[i]);
		bput(&b, "</TD></TR>");
	}
	bput(&b, "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">");
	bhtml(&b, L->shapes[9]);
	bput(&b, "</FONT></TD><TD ALIGN=\"LEFT\">");
	bhtml(&b, L->no_role);
	bput(&b, "</TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\">");
	bhtml(&b, L->key_person);
	bput(&b, "</TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><I>");
	bhtml(&b, L->edges);
	bput(&b, "</I></TD></TR>");
	bput(&b, "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\">");
	bhtml(&b, L->reports);
	bput(&b, "</TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"#1c7ed6\">");
	bhtml(&b, L->influences);
	bput(&b, "</FONT></TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"#868e96\">");
	bhtml(&b, L->knows);
	bput(&b, "</FONT></TD></TR>");
	if (with_path) {
		bput(&b, "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"%s\">", HILITE);
		bhtml(&b, L->path);
		bput(&b, "</FONT></TD></TR>");
	}
	bput(&b, "</TABLE>");
	set(n, "shape", "plaintext");
	set_html(m->g, n, "label", b.s);
	set(n, "tooltip", "legend");
	free(b.s);
}

void pm_map_free(struct pm_map *m)
{
	if (!m)
		return;
	if (m->g)
		agclose(m->g);
	pm_view_free(m->v);
	pm_rank_free(m->rank);
	free(m->drawn);
	free(m);
}

size_t pm_map_people(const struct pm_map *m)
{
	return m->npeople;
}

size_t pm_map_ties(const struct pm_map *m)
{
	return m->nties;
}

/* Keep only the people within o->radius ties of o->focus. */
static int focus(struct pm_map *m, struct pm_store *st, const struct pm_draw_opts *o,
		 struct pm_error *err)
{
	int64_t fid;
	int f, rc, *dist, *queue;
	size_t head = 0, tail = 0, i;

	if ((rc = pm_store_person_resolve(st, o->focus, &fid, NULL, err)) < 0)
		return rc;
	if ((f = pm_view_vertex(m->v, fid)) < 0 || !m->drawn[f])
		return pm_error_set(err, PM_ENOTFOUND, "'%s' is not on this map", o->focus);
	dist = malloc(m->v->n * sizeof(*dist));
	queue = malloc(m->v->n * sizeof(*queue));
	if (!dist || !queue) {
		free(dist);
		free(queue);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	for (i = 0; i < m->v->n; i++)
		dist[i] = -1;
	dist[f] = 0;
	queue[tail++] = f;
	while (head < tail) {
		int u = queue[head++];
		if (dist[u] >= o->radius)
			continue;
		for (i = 0; i < m->v->nties; i++) {
			const struct pm_tie *t = &m->v->ties[i];
			int w = t->a == u ? t->b : t->b == u ? t->a : -1;
			if (w >= 0 && m->drawn[w] && dist[w] < 0) {
				dist[w] = dist[u] + 1;
				queue[tail++] = w;
			}
		}
	}
	for (i = 0; i < m->v->n; i++)
		if (dist[i] < 0)
			m->drawn[i] = 0;
	free(dist);
	free(queue);
	return 0;
}

/* Draw the ties between drawn people; the strongest knows tie per pair. */
static void draw_ties(struct pm_map *m, Agnode_t **nodes, const struct pm_params *p,
		      const struct hilite *h)
{
	struct pm_idmap *knows = pm_idmap_new();
	double *best = calloc(m->v->nties + 1, sizeof(*best));
	size_t i;

	if (!knows || !best)
		goto out;
	/* the strongest knows tie of each pair */
	for (i = 0; i < m->v->nties; i++) {
		const struct pm_tie *t = &m->v->ties[i];
		int k;
		if (t->kind != PM_LINK_KNOWS)
			continue;
		best[i] = pm_strength_eff(p, pm_tie_strength(p, t), t->last_contact);
		k = pm_idmap_get(knows, pkey(t->a, t->b));
		if (k < 0 || best[i] > best[k])
			pm_idmap_put(knows, pkey(t->a, t->b), (int)i);
	}
	for (i = 0; i < m->v->nties; i++) {
		const struct pm_tie *t = &m->v->ties[i];
		struct buf tip = { NULL, 0, 0 };
		int on_path, a = t->a, b = t->b;
		Agedge_t *e;
		char lab[32];

		if (!m->drawn[a] || !m->drawn[b])
			continue;
		if (t->kind == PM_LINK_KNOWS && pm_idmap_get(knows, pkey(a, b)) != (int)i)
			continue;
		on_path = h->pairs && pm_idmap_get(h->pairs, pkey(a, b)) >= 0 &&
			  t->kind != PM_LINK_INFLUENCES;
		if (on_path && t->kind == PM_LINK_REPORTS_TO &&
		    pm_idmap_get(knows, pkey(a, b)) >= 0 &&
		    best[pm_idmap_get(knows, pkey(a, b))] >= p->colleague)
			on_path = 0;   /* the path used the knows tie */
		if (t->kind == PM_LINK_REPORTS_TO) {
			e = agedge(m->g, nodes[b], nodes[a], NULL, 1);   /* manager above */
			set(e, "class", "reports_to");
			set(e, "dir", "none");
			set(e, "color", "#495057");
			set(e, "penwidth", "1.2");
			bput(&tip, "reports_to: ");
			besc(&tip, m->v->people[a].name);
			bput(&tip, " -> ");
			besc(&tip, m->v->people[b].name);
		} else if (t->kind == PM_LINK_INFLUENCES) {
			double s = pm_tie_strength(p, t);
			e = agedge(m->g, nodes[a], nodes[b], NULL, 1);
			set(e, "class", "influences");
			set(e, "style", "dashed");
			set(e, "color", "#1c7ed6");
			setf(e, "penwidth", "%.2f", 0.8 + 3.2 * s);
			set(e, "arrowsize", "0.7");
			bput(&tip, "influences %.2f: ", s);
			besc(&tip, m->v->people[a].name);
			bput(&tip, " -> ");
			besc(&tip, m->v->people[b].name);
		} else {
			int cross = m->v->people[a].ours != m->v->people[b].ours;
			e = agedge(m->g, nodes[a], nodes[b], NULL, 1);
			set(e, "class", "knows");
			set(e, "dir", "none");
			set(e, "style", "dotted");
			set(e, "color", "#868e96");
			set(e, "penwidth", "1.3");
			if (cross && !h->pairs) {
				snprintf(lab, sizeof(lab), "%.2f", best[i]);
				set(e, "label", lab);
				set(e, "fontsize", "9");
				set(e, "fontcolor", "#868e96");
			}
			bput(&tip, "knows %.2f", best[i]);
			if (t->has_strength)
				bput(&tip, " (%.2f", t->strength);
			if (t->last_contact[0])
				bput(&tip, "%s last contact %s", t->has_strength ? "," : " (",
				     t->last_contact);
			if (t->has_strength || t->last_contact[0])
				bput(&tip, ")");
			if (t->source) {
				bput(&tip, ", source ");
				besc(&tip, t->source);
			}
		}
		if (tip.s)
			set(e, "tooltip", tip.s);
		free(tip.s);
		set(e, "fontname", FONT);
		if (on_path) {
			double s = t->kind == PM_LINK_KNOWS ? best[i] : p->colleague;
			set(e, "color", HILITE);
			set(e, "penwidth", "4");
			set(e, "style", "solid");
			snprintf(lab, sizeof(lab), "%.2f", s);
			set(e, "label", lab);
			set(e, "fontcolor", HILITE);
			set(e, "fontsize", "12");
		} else if (h->pairs) {
			set(e, "color", "#dee2e6");
		}
		m->nties++;
	}
out:
	pm_idmap_free(knows);
	free(best);
}

int pm_map_build(struct pm_store *st, const char *account, const struct pm_params *p,
		 const struct pm_draw_opts *o, struct pm_map **out, struct pm_error *err)
{
	struct hilite h = { NULL, NULL, NULL, 0 };
	struct clusters cs = { NULL, NULL, NULL, 0, 0 };
	struct pm_paths *paths = NULL;
	struct pm_map *m;
	Agnode_t **nodes = NULL;
	struct buf b = { NULL, 0, 0 };
	char *acct_name = NULL, (*last)[11] = NULL;
	int64_t oid;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = pm_store_org_resolve(st, account, &oid, NULL, err)) < 0)
		return rc;
	if (!(m = calloc(1, sizeof(*m))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if ((rc = pm_rank(st, account, p, 0, &m->rank, err)) < 0 ||
	    (rc = pm_view_new(&m->v, err)) < 0 ||
	    (rc = pm_view_add_account(m->v, st, account, err)) < 0)
		goto fail;
	m->naccount = m->v->n;
	if ((rc = add_ours(m, st, oid, err)) < 0)
		goto fail;
	if (o->path_to) {
		struct pm_paths_opts po;
		pm_paths_opts_default(&po);
		po.k = o->k > 0 ? o->k : 3;
		if ((rc = pm_paths(st, o->path_to, p, &po, &paths, err)) < 0)
			goto fail;
		for (i = 0; i < paths->n; i++)
			for (int j = 0; j < paths->paths[i].len; j++) {
				int v;
				if ((rc = pm_view_add_person(m->v, st,
							     paths->view->people[paths->paths[i].nodes[j]].id,
							     &v, err)) < 0)
					goto fail;
			}
	}
	if ((rc = pm_view_load_ties(m->v, st, err)) < 0)
		goto fail;
	m->drawn = calloc(m->v->n + 1, 1);
	h.node = calloc(m->v->n + 1, 1);
	nodes = calloc(m->v->n + 1, sizeof(*nodes));
	last = calloc(m->v->n + 1, sizeof(*last));
	if (!m->drawn || !h.node || !nodes || !last) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	if (paths && paths->n) {
		if (!(h.pairs = pm_idmap_new())) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			goto fail;
		}
		for (i = 0; i < paths->n; i++) {
			const struct pm_path *pa = &paths->paths[i];
			for (int j = 0; j < pa->len; j++) {
				int v = pm_view_vertex(m->v, paths->view->people[pa->nodes[j]].id);
				h.node[v] = 1;
				if (j > 0) {
					int u = pm_view_vertex(m->v,
							       paths->view->people[pa->nodes[j - 1]].id);
					pm_idmap_put(h.pairs, pkey(u, v), 1);
				}
			}
		}
	}
	/* who is drawn */
	for (i = 0; i < m->naccount; i++)
		m->drawn[i] = m->rank->e[i].score >= o->min_power || h.node[i];
	for (i = m->naccount; i < m->v->n; i++)
		m->drawn[i] = h.node[i];
	for (i = 0; i < m->v->nties; i++) {
		const struct pm_tie *t = &m->v->ties[i];
		int a = t->a, bb = t->b;
		if (t->kind == PM_LINK_KNOWS) {
			if (strcmp(t->last_contact, last[a]) > 0)
				memcpy(last[a], t->last_contact, sizeof(last[a]));
			if (strcmp(t->last_contact, last[bb]) > 0)
				memcpy(last[bb], t->last_contact, sizeof(last[bb]));
		}
		if (o->no_ours || t->kind != PM_LINK_KNOWS)
			continue;
		/* our people who know someone drawn from the account */
		if ((size_t)a >= m->naccount && (size_t)bb < m->naccount && m->drawn[bb])
			m->drawn[a] = 1;
		if ((size_t)bb >= m->naccount && (size_t)a < m->naccount && m->drawn[a])
			m->drawn[bb] = 1;
	}
	if (o->focus && (rc = focus(m, st, o, err)) < 0)
		goto fail;
	/* the graph */
	if ((rc = pm_store_org_name(st, oid, &acct_name, err)) < 0)
		goto fail;
	m->L = o->lang ? (!strcmp(o->lang, "ja") ? &JA : &EN)
		: (acct_name && !is_ascii(acct_name) ? &JA : &EN);
	m->g = agopen((char *)"powermap", Agdirected, NULL);
	set(m->g, "fontname", FONT);
	set(m->g, "labelloc", "t");
	set(m->g, "fontsize", "22");
	set(m->g, "rankdir", "TB");
	set(m->g, "newrank", "true");
	set(m->g, "nodesep", "0.25");
	set(m->g, "ranksep", "0.55");
	set(m->g, "pad", "0.3");
	set(m->g, "outputorder", "edgesfirst");
	set(m->g, "bgcolor", "white");
	bput(&b, "<B>");
	bhtml(&b, acct_name ? acct_name : account);
	bput(&b, " — ");
	bhtml(&b, m->L->title);
	bput(&b, "</B> <FONT POINT-SIZE=\"14\">(%s)", p->as_of);
	if (paths) {
		struct buf who = { NULL, 0, 0 };
		const char *mark = strstr(m->L->paths_to, "%s");
		bhtml(&who, paths->view->people[paths->target].name);
		bput(&b, "<BR/>%.*s%s%s", (int)(mark - m->L->paths_to), m->L->paths_to,
		     who.s ? who.s : "", mark + 2);
		free(who.s);
	}
	bput(&b, "</FONT>");
	set_html(m->g, m->g, "label", b.s);
	agattr(m->g, AGNODE, (char *)"fontname", (char *)FONT);
	agattr(m->g, AGEDGE, (char *)"fontname", (char *)FONT);
	for (i = 0; i < m->v->n; i++) {
		const struct pm_person *pp = &m->v->people[i];
		int account_person = i < m->naccount, si, ri;
		double score = account_person ? m->rank->e[i].score : 0;
		char name[32], style[64];
		Agraph_t *c;
		Agnode_t *n;

		if (!m->drawn[i])
			continue;
		c = cluster_for(m, &cs, pp);
		snprintf(name, sizeof(name), "p%zu", i);
		n = nodes[i] = agnode(c, name, 1);
		m->npeople++;
		stance_of(pp, &si);
		ri = pm_enum_find(pm_roles, pp->role);
		set(n, "shape", ri >= 0 ? role_shape[ri] : "box");
		snprintf(style, sizeof(style), "filled%s%s",
			 ri < 0 || ri == 3 || ri == 8 ? ",rounded" : "",
			 ri == 8 ? ",diagonals" : "");
		set(n, "style", style);
		if (pp->ours) {
			set(n, "fillcolor", "#e7f5ff");
			set(n, "fontcolor", h.pairs && !h.node[i] ? "#868e96" : "#000000");
			set(n, "color", "#74c0fc");
			set(n, "penwidth", "1");
		} else {
			setf(n, "fillcolor", "%s%s", stance_fill[si], h.pairs && !h.node[i] ? "66" : "");
			set(n, "fontcolor", h.pairs && !h.node[i] ? "#868e96" : stance_font[si]);
			set(n, "color", score >= p->key_power ? "#000000" : "#495057");
			setf(n, "penwidth", "%.2f", 0.8 + 4.0 * score);
		}
		if (h.node[i]) {
			set(n, "color", HILITE);
			set(n, "penwidth", "4");
		}
		set(n, "margin", "0.08,0.04");
		b.n = 0;
		node_label(m, &b, (int)i, score, account_person);
		set_html(m->g, n, "label", b.s);
		b.n = 0;
		node_tooltip(m, &b, (int)i, account_person, last[i]);
		set(n, "tooltip", b.s);
	}
	draw_ties(m, nodes, p, &h);
	/* our side above the account: invisible ordering edges to its top person */
	if (m->naccount && nodes[m->rank->order[0]])
		for (i = m->naccount; i < m->v->n; i++)
			if (nodes[i]) {
				Agedge_t *e = agedge(m->g, nodes[i], nodes[m->rank->order[0]], NULL, 1);
				set(e, "class", "order");
				set(e, "style", "invis");
				set(e, "weight", "0");
			}
	legend(m, h.pairs != NULL);
	*out = m;
	m = NULL;
	rc = 0;
fail:
	pm_map_free(m);
	pm_paths_free(paths);
	pm_idmap_free(h.pairs);
	free(h.node);
	free(nodes);
	free(last);
	free(acct_name);
	free(b.s);
	clusters_free(&cs);
	return rc;
}

const char *pm_map_format_of(const char *file)
{
	static const char *const formats[] = { "svg", "png", "pdf", "dot", NULL };
	const char *dot = file ? strrchr(file, '.') : NULL;
	int i;

	for (i = 0; dot && formats[i]; i++)
		if (!strcasecmp(dot + 1, formats[i]))
			return formats[i];
	if (dot && !strcasecmp(dot + 1, "gv"))
		return "dot";
	return NULL;
}

/* Graphviz messages, collected while rendering. */
static struct buf messages;

static int collect(char *msg)
{
	bput(&messages, "%s", msg);
	return 0;
}

int pm_map_dot(struct pm_map *m, char **text, struct pm_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	if (agwrite(m->g, f) != 0) {
		fclose(f);
		free(buf);
		return pm_error_set(err, PM_ERR, "cannot write DOT");
	}
	fclose(f);
	*text = buf;
	return 0;
}

/* Up to this many social ties are routed as splines, more as straight lines. */
#define OVERLAY_SPLINES 200

/* Edges laid over a finished layout: social ties, not the org chart. */
static int is_overlay(Agraph_t *g, Agedge_t *e)
{
	char *c = agget(e, (char *)"class");

	(void)g;
	return c && (!strcmp(c, "knows") || !strcmp(c, "influences"));
}

/* Copy every edge attribute of e (in g) onto f (in h). */
static void copy_edge_attrs(Agraph_t *g, Agedge_t *e, Agedge_t *f)
{
	Agsym_t *sym = NULL;

	while ((sym = agnxtattr(g, AGEDGE, sym))) {
		char *v = agxget(e, sym);
		if (v && *v && strcmp(v, sym->defval ? sym->defval : ""))
			agsafeset(f, sym->name, v, (char *)"");
	}
}

/*
 * dot with social ties: Graphviz 2.42's dot corrupts its heap on some
 * clustered graphs with constraint=false edges, and ties across the chart
 * distort it anyway. So dot lays out the org chart alone (clusters, ranks),
 * and the knows and influences ties are then routed over the fixed positions
 * by neato -n2 ("nop2").
 */
static int render_dot_overlay(GVC_t *gvc, struct pm_map *m, const char *format,
			      const char *file, struct pm_error *err)
{
	Agraph_t *chart = NULL, *laid = NULL;
	Agnode_t *n;
	Agedge_t *e, *next;
	char *text = NULL, *laid_text = NULL;
	unsigned int len = 0;
	size_t overlays = 0;
	int rc;

	if ((rc = pm_map_dot(m, &text, err)) < 0)
		return rc;
	if (!(chart = agmemread(text))) {
		rc = pm_error_set(err, PM_ERR, "graphviz could not read the map");
		goto out;
	}
	for (n = agfstnode(chart); n; n = agnxtnode(chart, n))
		for (e = agfstout(chart, n); e; e = next) {
			next = agnxtout(chart, e);
			if (is_overlay(chart, e))
				agdeledge(chart, e);
		}
	if (gvLayout(gvc, chart, "dot") != 0 ||
	    gvRenderData(gvc, chart, "dot", &laid_text, &len) != 0) {
		rc = pm_error_set(err, PM_ERR, "graphviz dot layout failed%s%s",
				  messages.s ? ": " : "", messages.s ? messages.s : "");
		goto out;
	}
	gvFreeLayout(gvc, chart);
	if (!(laid = agmemread(laid_text))) {
		rc = pm_error_set(err, PM_ERR, "graphviz could not read its own layout");
		goto out;
	}
	for (n = agfstnode(m->g); n; n = agnxtnode(m->g, n))
		for (e = agfstout(m->g, n); e; e = agnxtout(m->g, e)) {
			Agnode_t *t, *h;
			Agedge_t *f;
			if (!is_overlay(m->g, e))
				continue;
			overlays++;
			t = agnode(laid, agnameof(agtail(e)), 0);
			h = agnode(laid, agnameof(aghead(e)), 0);
			if (!t || !h)
				continue;
			f = agedge(laid, t, h, NULL, 1);
			copy_edge_attrs(m->g, e, f);
		}
	/*
	 * Spline routing around nodes costs minutes beyond a few hundred ties
	 * (measured: 1,183 ties over 324 people); straight lines take seconds.
	 */
	agsafeset(laid, (char *)"splines", (char *)(overlays <= OVERLAY_SPLINES ? "true" : "line"),
		  (char *)"");
	if (gvLayout(gvc, laid, "nop2") != 0) {
		rc = pm_error_set(err, PM_ERR, "graphviz could not route the ties%s%s",
				  messages.s ? ": " : "", messages.s ? messages.s : "");
		goto out;
	}
	if (gvRenderFilename(gvc, laid, format, file) != 0)
		rc = pm_error_set(err, PM_ERR, "graphviz could not render '%s' as %s%s%s", file,
				  format, messages.s ? ": " : "", messages.s ? messages.s : "");
	gvFreeLayout(gvc, laid);
out:
	if (laid)
		agclose(laid);
	if (chart)
		agclose(chart);
	if (laid_text)
		gvFreeRenderData(laid_text);
	free(text);
	return rc;
}

int pm_map_render(struct pm_map *m, const char *layout, const char *format, const char *file,
		  char **msgs, struct pm_error *err)
{
	GVC_t *gvc = NULL;
	agusererrf old;
	int rc = 0;

	*msgs = NULL;
	memset(&messages, 0, sizeof(messages));
	if (!strcmp(format, "dot")) {
		char *text = NULL;
		FILE *f;
		if ((rc = pm_map_dot(m, &text, err)) < 0)
			return rc;
		if (!(f = fopen(file, "w"))) {
			free(text);
			return pm_error_set(err, PM_EIO, "cannot write '%s'", file);
		}
		fputs(text, f);
		free(text);
		return fclose(f) == 0 ? 0 : pm_error_set(err, PM_EIO, "cannot write '%s'", file);
	}
	old = agseterrf(collect);
	agseterr(AGWARN);
	if (!(gvc = gvContext())) {
		rc = pm_error_set(err, PM_ENOMEM, "cannot start Graphviz");
		goto out;
	}
	if (!strcmp(layout, "dot")) {
		rc = render_dot_overlay(gvc, m, format, file, err);
		goto out;
	}
	if (gvLayout(gvc, m->g, layout) != 0) {
		rc = pm_error_set(err, PM_ERR, "graphviz layout '%s' failed%s%s", layout,
				  messages.s ? ": " : "", messages.s ? messages.s : "");
		goto out;
	}
	if (gvRenderFilename(gvc, m->g, format, file) != 0)
		rc = pm_error_set(err, PM_ERR, "graphviz could not render '%s' as %s%s%s", file,
				  format, messages.s ? ": " : "", messages.s ? messages.s : "");
	gvFreeLayout(gvc, m->g);
out:
	if (gvc)
		gvFreeContext(gvc);
	agseterrf(old);
	*msgs = messages.s;
	memset(&messages, 0, sizeof(messages));
	return rc;
}
