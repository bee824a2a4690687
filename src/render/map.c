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
#include "powermap/kit.h"
#include "powermap/render.h"
#include "map_internal.h"

#define FONT "Noto Sans CJK JP"
#define HILITE "#e8590c"

struct lang {
	const char *title, *ours, *legend, *stance, *roles, *edges, *power, *paths_to;
	const char *stances[6];          /* in pm_stances order */
	const char *roles_[9];           /* in pm_roles order */
	const char *reports, *influences, *knows, *ours_ties, *path, *no_role, *key_person;
	/* tooltips */
	const char *t_role, *t_stance, *t_power, *t_last, *t_reports, *t_influences, *t_knows,
		*t_of, *t_contact, *t_source;
};

static const struct lang JA = {
	"パワーマップ", "当社側", "凡例", "スタンス（色）", "役割（形）", "関係", "影響力",
	"%s への紹介経路",
	{ "推進者", "支持", "中立", "懐疑的", "反対", "不明" },
	{ "経済的決裁者", "意思決定者", "技術評価者", "利用部門", "チャンピオン", "コーチ",
	  "影響者", "ゲートキーパー", "ブロッカー" },
	"━━ 報告ライン（実線）", "╌╌▶ 影響（破線・矢印、太さ＝強さ）", "┈┈ 知人（点線）",
	"━━ 当社側との関係（緑、太さ・数字＝実効強度）",
	"━━ 紹介経路（番号＝paths の順位、数字＝強さ）", "役割なし", "太枠＝影響力の高い人",
	"役割", "スタンス", "影響力 %.2f = 公式権限 %.2f、影響 %.2f、役割 %.2f、仲介 %.2f",
	"最終接触", "報告ライン", "影響", "知人", "元", "最終接触", "出典",
};

static const struct lang EN = {
	"Power map", "Our side", "Legend", "Stance (colour)", "Role (shape)", "Ties", "power",
	"warm paths to %s",
	{ "champion", "supporter", "neutral", "skeptic", "opponent", "unknown" },
	{ "economic buyer", "decision maker", "technical buyer", "user buyer", "champion",
	  "coach", "influencer", "gatekeeper", "blocker" },
	"── reports to (solid)", "╌╌▶ influences (dashed, width = strength)",
	"┈┈ knows (dotted)", "━━ our side's ties (green; width, number = effective strength)",
	"━━ warm path (number = rank in 'paths', then strength)", "no role",
	"thick border = high power",
	"role", "stance", "power %.2f = formal %.2f, influence %.2f, role %.2f, broker %.2f",
	"last contact", "reports to", "influences", "knows", "of", "last contact", "source",
};

/* Path numbers on the map, as 'paths' numbers them. */
static const char *const circled[] = { "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
				       "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳" };

static const char *const stance_fill[] = { "#1b7837", "#a6dba0", "#d9d9d9", "#fdb863",
					   "#d7301f", "#ffffff" };
static const char *const stance_font[] = { "#ffffff", "#000000", "#000000", "#000000",
					   "#ffffff", "#000000" };
static const char *const role_shape[] = { "doubleoctagon", "octagon", "hexagon", "box",
					  "component", "note", "ellipse", "house", "box" };



/*
 * User text into a Graphviz HTML label. Text that escapes to nothing (a
 * name that is only a CR) becomes a no-break space: Graphviz refuses an
 * empty <B></B> (fuzz_map found it).
 */
static void bhtml(struct pm_strbuf *b, const char *s)
{
	size_t before = b->len;

	pm_strbuf_add_escaped(b, s, PM_ESC_GV_HTML);
	if (b->len == before)
		pm_strbuf_puts(b, "&#160;");
}

static void besc(struct pm_strbuf *b, const char *s)
{
	pm_strbuf_add_escaped(b, s, PM_ESC_GV_STRING);
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

static const char *stance_of(const struct pm_person *p, int *idx)
{
	*idx = (int)p->stance_id;
	return pm_stances[*idx];
}

static void node_label(struct pm_map *m, struct pm_strbuf *b, int v, double score, int account)
{
	const struct pm_person *p = &m->s->view->people[v];
	int key = account && score >= 0.5;

	pm_strbuf_addf(b, "<FONT POINT-SIZE=\"%d\"><B>", key ? 15 : 12);
	bhtml(b, p->name);
	pm_strbuf_addf(b, "</B></FONT>");
	if (p->title && *p->title) {
		pm_strbuf_addf(b, "<BR/><FONT POINT-SIZE=\"9\">");
		bhtml(b, p->title);
		pm_strbuf_addf(b, "</FONT>");
	}
	if (account)
		pm_strbuf_addf(b, "<BR/><FONT POINT-SIZE=\"9\">%s %.2f</FONT>", m->L->power, score);
}

static void node_tooltip(struct pm_map *m, struct pm_strbuf *b, int v, int account,
			 const char *last)
{
	const struct pm_person *p = &m->s->view->people[v];
	int si;

	besc(b, p->name);
	pm_strbuf_addf(b, " (");
	besc(b, p->key);
	pm_strbuf_addf(b, ")\\n");
	if (p->org_name) {
		besc(b, p->org_name);
		pm_strbuf_addf(b, "\\n");
	}
	stance_of(p, &si);
	pm_strbuf_addf(b, "%s: %s\\n%s: %s", m->L->t_role,
		       p->role_id == PM_ROLE_NONE ? "-" : m->L->roles_[p->role_id], m->L->t_stance,
		       m->L->stances[si]);
	if (account) {
		const struct pm_rank_entry *e = &m->s->rank->e[v];
		pm_strbuf_puts(b, "\\n");
		pm_strbuf_addf(b, m->L->t_power, e->score, e->formal, e->influence, e->role,
			       e->broker);
	}
	pm_strbuf_addf(b, "\\n%s: %s", m->L->t_last, last && *last ? last : "-");
}

/* Clusters by org and department; our side inside one cluster of its own. */
struct clusters {
	Agraph_t *ours;
	char **keys;
	Agraph_t **g;
	size_t n, kcap, gcap;
};

static Agraph_t *subcluster(struct pm_map *m, struct clusters *cs, Agraph_t *parent,
			    const char *key, const char *label, int dept)
{
	struct pm_strbuf b = PM_STRBUF_INIT;
	char name[32];
	Agraph_t *c;
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (!strcmp(cs->keys[i], key))
			return cs->g[i];
	if (PM_GROW(cs->keys, cs->kcap, cs->n + 1) < 0 || PM_GROW(cs->g, cs->gcap, cs->n + 1) < 0)
		return parent;
	if (!(cs->keys[cs->n] = strdup(key)))
		return parent;
	snprintf(name, sizeof(name), "cluster_%zu", cs->n);
	c = cs->g[cs->n++] = agsubg(parent, name, 1);
	pm_strbuf_addf(&b, dept ? "<FONT POINT-SIZE=\"11\">" : "<B>");
	bhtml(&b, label);
	pm_strbuf_addf(&b, dept ? "</FONT>" : "</B>");
	set_html(m->g, c, "label", pm_strbuf_str(&b));
	set(c, "style", dept ? "rounded,dashed" : "rounded");
	set(c, "color", dept ? "#adb5bd" : "#495057");
	set(c, "fontname", FONT);
	pm_strbuf_release(&b);
	return c;
}

static Agraph_t *cluster_for(struct pm_map *m, struct clusters *cs, const struct pm_person *p)
{
	Agraph_t *parent = m->g, *org;
	char key[2048];

	if (p->ours) {
		if (!cs->ours) {
			struct pm_strbuf b = PM_STRBUF_INIT;
			cs->ours = agsubg(m->g, (char *)"cluster_ours", 1);
			pm_strbuf_addf(&b, "<B>");
			bhtml(&b, m->L->ours);
			pm_strbuf_addf(&b, "</B>");
			set_html(m->g, cs->ours, "label", pm_strbuf_str(&b));
			set(cs->ours, "style", "rounded,filled");
			set(cs->ours, "fillcolor", "#f1f3f5");
			set(cs->ours, "color", "#adb5bd");
			set(cs->ours, "fontname", FONT);
			pm_strbuf_release(&b);
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

/*
 * The roles of the people drawn, as the map draws them: one small node per
 * shape under the legend's table, in two columns (invisible edges stack
 * them); a role nobody on the map has is not explained.
 */
static void legend_shapes(struct pm_map *m, Agraph_t *c, Agnode_t *top)
{
	Agnode_t *col[2] = { top, top };
	Agraph_t *row = NULL;
	struct pm_strbuf b = PM_STRBUF_INIT;
	char name[32];
	int i, k = 0;

	for (i = 0; i < 10; i++) {
		Agnode_t *n;
		Agedge_t *e;
		if (!(m->roles_drawn & (1u << i)))
			continue;
		if (k % 2 == 0) {
			snprintf(name, sizeof(name), "legend_row%d", k / 2);
			row = agsubg(c, name, 1);
			set(row, "rank", "same");
		}
		snprintf(name, sizeof(name), "legend_role%d", i);
		n = agnode(row, name, 1);
		set(n, "shape", i < 9 ? role_shape[i] : "box");
		set(n, "style", i == PM_ROLE_USER_BUYER || i == 9 ? "rounded"
			      : i == PM_ROLE_BLOCKER ? "rounded,diagonals" : "solid");
		set(n, "fontsize", "10");
		set(n, "width", "1.3");
		set(n, "height", "0.35");
		set(n, "margin", "0.05,0.02");
		pm_strbuf_reset(&b);
		bhtml(&b, i < 9 ? m->L->roles_[i] : m->L->no_role);
		set_html(m->g, n, "label", pm_strbuf_str(&b));
		set(n, "tooltip", m->L->roles);
		e = agedge(m->g, col[k % 2], n, NULL, 1);
		set(e, "style", "invis");
		set(e, "class", "order");
		col[k % 2] = n;
		k++;
	}
	pm_strbuf_release(&b);
}

static void legend(struct pm_map *m, int with_path)
{
	const struct lang *L = m->L;
	struct pm_strbuf b = PM_STRBUF_INIT;
	Agraph_t *c = agsubg(m->g, (char *)PM_MAP_LEGEND, 1);
	Agnode_t *n = agnode(c, (char *)"legend", 1);
	int i;

	set(c, "label", "");
	set(c, "color", "#ced4da");
	set(c, "style", "rounded");
	pm_strbuf_addf(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\">"
	     "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>");
	bhtml(&b, L->legend);
	pm_strbuf_addf(&b, "</B></TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><I>");
	bhtml(&b, L->stance);
	pm_strbuf_addf(&b, "</I></TD></TR>");
	for (i = 0; i < 6; i++) {
		pm_strbuf_addf(&b, "<TR><TD BGCOLOR=\"%s\" BORDER=\"1\" WIDTH=\"24\"> </TD>"
		     "<TD ALIGN=\"LEFT\">", stance_fill[i]);
		bhtml(&b, L->stances[i]);
		pm_strbuf_addf(&b, "</TD></TR>");
	}
	pm_strbuf_addf(&b, "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\">");
	bhtml(&b, L->key_person);
	pm_strbuf_addf(&b, "</TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><I>");
	bhtml(&b, L->edges);
	pm_strbuf_addf(&b, "</I></TD></TR>");
	pm_strbuf_addf(&b, "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\">");
	bhtml(&b, L->reports);
	pm_strbuf_addf(&b, "</TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"#1c7ed6\">");
	bhtml(&b, L->influences);
	pm_strbuf_addf(&b, "</FONT></TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"#2b8a3e\">");
	bhtml(&b, L->ours_ties);
	pm_strbuf_addf(&b, "</FONT></TD></TR><TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"#868e96\">");
	bhtml(&b, L->knows);
	pm_strbuf_addf(&b, "</FONT></TD></TR>");
	if (with_path) {
		pm_strbuf_addf(&b, "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT COLOR=\"%s\">", HILITE);
		bhtml(&b, L->path);
		pm_strbuf_addf(&b, "</FONT></TD></TR>");
	}
	pm_strbuf_addf(&b, "</TABLE>");
	set(n, "shape", "plaintext");
	set_html(m->g, n, "label", pm_strbuf_str(&b));
	set(n, "tooltip", L->legend);
	pm_strbuf_release(&b);
	legend_shapes(m, c, n);
}

void pm_map_free(struct pm_map *m)
{
	if (!m)
		return;
	if (m->g)
		agclose(m->g);
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

/* Draw the ties between drawn people; the strongest knows tie per pair. */
static void draw_ties(struct pm_map *m, Agnode_t **nodes, const struct pm_params *p)
{
	const struct pm_selection *s = m->s;
	const struct pm_view *v = s->view;
	struct pm_idmap *knows = pm_idmap_new(), *rel = pm_idmap_new();
	double *best = calloc(v->nties + 1, sizeof(*best));
	size_t i;

	if (!knows || !rel || !best)
		goto out;
	/* the strongest relation of each pair (what a path uses), and of knows ties */
	for (i = 0; i < v->nties; i++) {
		const struct pm_tie *t = &v->ties[i];
		int k = pm_idmap_get(rel, pm_pair_key(t->a, t->b));
		if (k < 0 || pm_tie_relation(p, t) > pm_tie_relation(p, &v->ties[k]))
			pm_idmap_put(rel, pm_pair_key(t->a, t->b), (int)i);
	}
	for (i = 0; i < v->nties; i++) {
		const struct pm_tie *t = &v->ties[i];
		int k;
		if (t->kind != PM_LINK_KNOWS)
			continue;
		best[i] = pm_tie_relation(p, t);
		k = pm_idmap_get(knows, pm_pair_key(t->a, t->b));
		if (k < 0 || best[i] > best[k])
			pm_idmap_put(knows, pm_pair_key(t->a, t->b), (int)i);
	}
	for (i = 0; i < v->nties; i++) {
		const struct pm_tie *t = &v->ties[i];
		struct pm_strbuf tip = PM_STRBUF_INIT;
		int on_path, a = t->a, b = t->b;
		Agedge_t *e;
		char lab[32];

		if (!s->drawn[a] || !s->drawn[b])
			continue;
		if (t->kind == PM_LINK_KNOWS && pm_idmap_get(knows, pm_pair_key(a, b)) != (int)i)
			continue;
		/* a hop of a path is drawn on the tie it used: the pair's strongest relation */
		on_path = s->path_pairs && pm_idmap_get(s->path_pairs, pm_pair_key(a, b)) >= 0 &&
			  pm_idmap_get(rel, pm_pair_key(a, b)) == (int)i;
		if (t->kind == PM_LINK_REPORTS_TO) {
			e = agedge(m->g, nodes[b], nodes[a], NULL, 1);   /* manager above */
			set(e, "class", "reports_to");
			set(e, "dir", "none");
			set(e, "color", "#495057");
			set(e, "penwidth", "1.2");
			pm_strbuf_addf(&tip, "%s: ", m->L->t_reports);
			besc(&tip, v->people[a].name);
			pm_strbuf_addf(&tip, " → ");
			besc(&tip, v->people[b].name);
		} else if (t->kind == PM_LINK_INFLUENCES) {
			double w = pm_tie_strength(p, t);
			e = agedge(m->g, nodes[a], nodes[b], NULL, 1);
			set(e, "class", "influences");
			set(e, "style", "dashed");
			set(e, "color", "#1c7ed6");
			setf(e, "penwidth", "%.2f", 0.8 + 3.2 * w);
			set(e, "arrowsize", "0.7");
			pm_strbuf_addf(&tip, "%s %.2f: ", m->L->t_influences, w);
			besc(&tip, v->people[a].name);
			pm_strbuf_addf(&tip, " → ");
			besc(&tip, v->people[b].name);
		} else {
			int ours = v->people[a].ours != v->people[b].ours;
			e = agedge(m->g, nodes[a], nodes[b], NULL, 1);
			set(e, "dir", "none");
			if (ours) {
				/* our side's ties are the point of a power map: solid, labelled */
				set(e, "class", "knows ours");
				set(e, "color", "#2b8a3e");
				setf(e, "penwidth", "%.2f", 1.2 + 3.0 * best[i]);
				snprintf(lab, sizeof(lab), "%.2f", best[i]);
				set(e, "label", lab);
				set(e, "decorate", "true");   /* the number drawn against its line */
				set(e, "fontsize", "10");
				set(e, "fontcolor", "#2b8a3e");
			} else {
				set(e, "class", "knows");
				set(e, "style", "dotted");
				set(e, "color", "#868e96");
				set(e, "penwidth", "1.3");
			}
			pm_strbuf_addf(&tip, "%s %.2f", m->L->t_knows, best[i]);
			if (t->has_strength)
				pm_strbuf_addf(&tip, " (%s %.2f", m->L->t_of, t->strength);
			if (t->last_contact[0])
				pm_strbuf_addf(&tip, "%s%s %s", t->has_strength ? ", " : " (",
					       m->L->t_contact, t->last_contact);
			if (t->has_strength || t->last_contact[0])
				pm_strbuf_addf(&tip, ")");
			if (t->source) {
				pm_strbuf_addf(&tip, ", %s ", m->L->t_source);
				besc(&tip, t->source);
			}
		}
		if (tip.len)
			set(e, "tooltip", pm_strbuf_str(&tip));
		pm_strbuf_release(&tip);
		set(e, "fontname", FONT);
		if (on_path) {
			double x = pm_tie_relation(p, t);
			int bits = pm_idmap_get(s->path_pairs, pm_pair_key(a, b)), k;
			struct pm_strbuf no = PM_STRBUF_INIT;
			/* the numbers of the paths through this hop, as 'paths' lists them */
			for (k = 0; k < 30; k++)
				if (bits & (1 << k))
					pm_strbuf_puts(&no, circled[k < 20 ? k : 19]);
			pm_strbuf_addf(&no, " %.2f", x);
			set(e, "color", HILITE);
			set(e, "penwidth", "4");
			set(e, "style", "solid");
			set(e, "label", pm_strbuf_str(&no));
			set(e, "decorate", "true");
			set(e, "fontcolor", HILITE);
			set(e, "fontsize", "12");
			pm_strbuf_release(&no);
		} else if (s->path_pairs) {
			set(e, "color", "#dee2e6");
			set(e, "fontcolor", "#ced4da");
		}
		m->nties++;
	}
out:
	pm_idmap_free(knows);
	pm_idmap_free(rel);
	free(best);
}

/* The graph's title: account, "power map", date, and whom the paths lead to. */
static void title(struct pm_map *m, const struct pm_params *p)
{
	const struct pm_selection *s = m->s;
	struct pm_strbuf b = PM_STRBUF_INIT;

	pm_strbuf_puts(&b, "<B>");
	bhtml(&b, s->rank->account_name);
	pm_strbuf_puts(&b, " — ");
	bhtml(&b, m->L->title);
	pm_strbuf_addf(&b, "</B> <FONT POINT-SIZE=\"14\">(%s)", p->as_of);
	if (s->paths) {
		const char *mark = strstr(m->L->paths_to, "%s");
		pm_strbuf_addf(&b, "<BR/>%.*s", (int)(mark - m->L->paths_to), m->L->paths_to);
		bhtml(&b, s->paths->view->people[s->paths->target].name);
		pm_strbuf_puts(&b, mark + 2);
	}
	pm_strbuf_puts(&b, "</FONT>");
	set_html(m->g, m->g, "label", pm_strbuf_str(&b));
	pm_strbuf_release(&b);
}

/* One node per person drawn, in its cluster, styled by stance, power and role. */
static void draw_people(struct pm_map *m, struct clusters *cs, Agnode_t **nodes,
			const struct pm_params *p)
{
	const struct pm_selection *s = m->s;
	struct pm_strbuf b = PM_STRBUF_INIT;
	int dim_others = s->path_pairs != NULL;
	size_t i;

	for (i = 0; i < s->view->n; i++) {
		const struct pm_person *pp = &s->view->people[i];
		int account_person = i < s->naccount, si, ri, dim;
		double score = account_person ? s->rank->e[i].score : 0;
		char name[32], style[64];
		Agraph_t *c;
		Agnode_t *n;

		if (!s->drawn[i])
			continue;
		dim = dim_others && !s->on_path[i];
		c = cluster_for(m, cs, pp);
		snprintf(name, sizeof(name), "p%zu", i);
		n = nodes[i] = agnode(c, name, 1);
		m->npeople++;
		stance_of(pp, &si);
		ri = pp->role_id == PM_ROLE_NONE ? -1 : (int)pp->role_id;
		m->roles_drawn |= 1u << (ri >= 0 ? ri : 9);
		set(n, "shape", ri >= 0 ? role_shape[ri] : "box");
		snprintf(style, sizeof(style), "filled%s%s",
			 ri < 0 || ri == PM_ROLE_USER_BUYER || ri == PM_ROLE_BLOCKER ? ",rounded" : "",
			 ri == PM_ROLE_BLOCKER ? ",diagonals" : "");
		set(n, "style", style);
		if (pp->ours) {
			set(n, "fillcolor", "#e7f5ff");
			set(n, "fontcolor", dim ? "#868e96" : "#000000");
			set(n, "color", "#74c0fc");
			set(n, "penwidth", "1");
		} else {
			setf(n, "fillcolor", "%s%s", stance_fill[si], dim ? "66" : "");
			set(n, "fontcolor", dim ? "#868e96" : stance_font[si]);
			set(n, "color", score >= p->key_power ? "#000000" : "#495057");
			setf(n, "penwidth", "%.2f", 0.8 + 4.0 * score);
		}
		if (s->on_path[i]) {
			set(n, "color", HILITE);
			set(n, "penwidth", "4");
		}
		set(n, "margin", "0.08,0.04");
		pm_strbuf_reset(&b);
		node_label(m, &b, (int)i, score, account_person);
		set_html(m->g, n, "label", pm_strbuf_str(&b));
		pm_strbuf_reset(&b);
		node_tooltip(m, &b, (int)i, account_person, s->last_contact[i]);
		set(n, "tooltip", pm_strbuf_str(&b));
	}
	pm_strbuf_release(&b);
}

int pm_map_build(const struct pm_selection *s, const struct pm_params *p,
		 const char *lang, struct pm_map **out, struct pm_error *err)
{
	struct clusters cs = { NULL, NULL, NULL, 0, 0, 0 };
	struct pm_map *m;
	Agnode_t **nodes = NULL;
	const char *name = s->rank->account_name;
	size_t i;
	int rc;

	*out = NULL;
	/* Graphviz needs minutes and gigabytes beyond this (and crashed at a million) */
	if (s->ndrawn > PM_MAP_MAX_PEOPLE)
		return pm_error_set(err, PM_EINVAL, "%zu people are too many for one map (at most "
				    "%d): narrow it with --min-power X, --focus PERSON [--radius R] "
				    "or --no-ours", s->ndrawn, PM_MAP_MAX_PEOPLE);
	if (!(m = calloc(1, sizeof(*m))) || !(nodes = calloc(s->view->n + 1, sizeof(*nodes)))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	m->s = s;
	m->L = lang ? (!strcmp(lang, "ja") ? &JA : &EN) : (name && !is_ascii(name) ? &JA : &EN);
	if (!(m->g = agopen((char *)"powermap", Agdirected, &pm_gv_disc))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
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
	title(m, p);
	agattr(m->g, AGNODE, (char *)"fontname", (char *)FONT);
	agattr(m->g, AGEDGE, (char *)"fontname", (char *)FONT);
	draw_people(m, &cs, nodes, p);
	draw_ties(m, nodes, p);
	/* our side above the account: invisible ordering edges to its top person */
	if (s->naccount && nodes[s->rank->order[0]])
		for (i = s->naccount; i < s->view->n; i++)
			if (nodes[i]) {
				Agedge_t *e = agedge(m->g, nodes[i], nodes[s->rank->order[0]], NULL, 1);
				set(e, "class", "order");
				set(e, "style", "invis");
				set(e, "weight", "0");
			}
	legend(m, s->path_pairs != NULL);
	m->s = NULL;   /* the map keeps nothing of the selection */
	*out = m;
	m = NULL;
	rc = 0;
fail:
	pm_map_free(m);
	free(nodes);
	clusters_free(&cs);
	return rc;
}

