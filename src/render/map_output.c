/*
 * powermap — laying the map out and rendering it with Graphviz gvc, into
 * memory or a file (see render.h).
 */
#include <errno.h>
#include <gvc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "powermap/kit.h"
#include "powermap/render.h"
#include "map_internal.h"

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

/*
 * Graphviz messages, collected while rendering. Graphviz's error callback
 * takes no context, so this one buffer is the only state kept between calls.
 */
static struct pm_strbuf messages = PM_STRBUF_INIT;

static int collect(char *msg)
{
	pm_strbuf_puts(&messages, msg);
	return 0;
}

const char *pm_map_messages_pending(void)
{
	return messages.len ? pm_strbuf_str(&messages) : "";
}

/* ": MESSAGES" for error texts, or "". */
static const char *gv_said(void)
{
	return messages.len ? pm_strbuf_str(&messages) : "";
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

/*
 * Social ties are routed as splines on maps of up to OVERLAY_SPLINE_PEOPLE
 * people with up to OVERLAY_SPLINES such ties, else as straight lines.
 */
#define OVERLAY_SPLINES 200
#define OVERLAY_SPLINE_PEOPLE 60

/* Whether the class list `c` ("knows ours") holds `word`. */
static int has_class(const char *c, const char *word)
{
	size_t n = strlen(word);

	for (; c && *c; c += strcspn(c, " "), c += strspn(c, " "))
		if (!strncmp(c, word, n) && (c[n] == ' ' || !c[n]))
			return 1;
	return 0;
}

/* Edges laid over a finished layout: social ties, not the org chart. */
static int is_overlay(Agraph_t *g, Agedge_t *e)
{
	char *c = agget(e, (char *)"class");

	(void)g;
	return has_class(c, "knows") || has_class(c, "influences");
}

/*
 * Copy every attribute of kind (AGRAPH, AGNODE, AGEDGE) of obj in g that
 * obj2 in h does not have already onto obj2; an HTML label stays HTML. Also
 * the empty ones: a subgraph of h would otherwise inherit h's title.
 */
static void copy_attrs(Agraph_t *g, int kind, void *obj, Agraph_t *h, void *obj2)
{
	Agsym_t *sym = NULL;

	while ((sym = agnxtattr(g, kind, sym))) {
		char *v = agxget(obj, sym), *now = agget(obj2, sym->name);
		if (!v || (now ? !strcmp(v, now) : !*v))
			continue;
		if (aghtmlstr(v)) {
			char *html = agstrdup_html(h, v);
			agsafeset(obj2, sym->name, html, (char *)"");
			agstrfree(h, html);
		} else {
			agsafeset(obj2, sym->name, v, (char *)"");
		}
	}
}

/*
 * A PNG is a cairo bitmap of at most 32,767 pixels a side: past it the
 * plugin scales the drawing down itself and prints, on its own, the line
 * "(null): graph is too large for cairo-renderer bitmaps" (it names the
 * command line it never had). Asking Graphviz for the same fit first
 * (size, in inches at the PNG's 96 dpi; it only ever shrinks) draws the
 * same picture without the stray line. Set before the layout (it reads
 * size), on the graph laid out for this render only, never the map itself.
 */
#define PNG_MAX_INCHES "340,340"

static void fit_bitmap(Agraph_t *g, const char *format)
{
	if (!strcmp(format, "png"))
		agsafeset(g, (char *)"size", (char *)PNG_MAX_INCHES, (char *)"");
}

/*
 * dot with social ties: Graphviz 2.42's dot corrupts its heap on some
 * clustered graphs with constraint=false edges, and ties across the chart
 * distort it anyway. So dot lays out the org chart alone (clusters, ranks),
 * and the knows and influences ties are then routed over the fixed positions
 * by neato -n2 ("nop2").
 */
static int render_dot_overlay(GVC_t *gvc, struct pm_map *m, const char *format,
			      char **out, unsigned int *outlen, struct pm_error *err)
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
	if (!(chart = pm_gv_read(text))) {
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
				  messages.len ? ": " : "", gv_said());
		goto out;
	}
	gvFreeLayout(gvc, chart);
	if (!(laid = pm_gv_read(laid_text))) {
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
			copy_attrs(m->g, AGEDGE, e, laid, f);
		}
	/*
	 * Spline routing around nodes costs minutes beyond a few hundred ties
	 * (measured: 1,183 ties over 324 people); straight lines take seconds.
	 * Its visibility graph grows with the cube of the nodes: a map of 79
	 * people and 117 ties took 1.73 s with splines, 0.36 s straight.
	 */
	agsafeset(laid, (char *)"splines", (char *)(overlays <= OVERLAY_SPLINES &&
						    m->npeople <= OVERLAY_SPLINE_PEOPLE ?
						    "true" : "line"), (char *)"");
	fit_bitmap(laid, format);
	if (gvLayout(gvc, laid, "nop2") != 0) {
		rc = pm_error_set(err, PM_ERR, "graphviz could not route the ties%s%s",
				  messages.len ? ": " : "", gv_said());
		goto out;
	}
	if (gvRenderData(gvc, laid, format, out, outlen) != 0)
		rc = pm_error_set(err, PM_ERR, "graphviz could not render the map as %s%s%s",
				  format, messages.len ? ": " : "", gv_said());
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

/*
 * One Graphviz context for the process, never freed: the pango text plugin
 * remembers the last font it measured by a pointer into the context that
 * measured it, so a second context after the first was freed reads freed
 * memory (ASan, two maps rendered in one process: report --all); and freeing
 * the shared context at exit, after the graphs were closed, crashed fdp on a
 * fresh machine. Graphviz keeps its plugin tables for the process anyway
 * (tests/lsan.supp).
 */
static GVC_t *shared_gvc;

/* Lay out g with `layout` and render it into *gvdata. */
static int render_laid_out(GVC_t *gvc, Agraph_t *g, const char *layout, const char *format,
			   char **gvdata, unsigned int *gvlen, struct pm_error *err)
{
	int rc = 0;

	if (gvLayout(gvc, g, layout) != 0)
		return pm_error_set(err, PM_ERR, "graphviz layout '%s' failed%s%s", layout,
				    messages.len ? ": " : "", gv_said());
	if (gvRenderData(gvc, g, format, gvdata, gvlen) != 0)
		rc = pm_error_set(err, PM_ERR, "graphviz could not render the map as %s%s%s",
				  format, messages.len ? ": " : "", gv_said());
	gvFreeLayout(gvc, g);
	return rc;
}

/*
 * Hide every subgraph of g but `except` (and those in it): no box, no label.
 * Hidden, not deleted: a layout only needs them out of sight, and the text
 * laid out keeps the structure of the map's.
 */
static void hide_subgraphs(Agraph_t *g, Agraph_t *except)
{
	Agraph_t *sub;

	for (sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) {
		if (sub == except)
			continue;
		agsafeset(sub, (char *)"style", (char *)"invis", (char *)"");
		agsafeset(sub, (char *)"label", (char *)"", (char *)"");
		hide_subgraphs(sub, except);
	}
}

/*
 * Delete every node of the legend from g (keep 0), or every node but them
 * (keep 1); the subgraphs left empty are hidden.
 */
static void keep_legend(Agraph_t *g, int keep)
{
	Agraph_t *legend = agsubg(g, (char *)PM_MAP_LEGEND, 0);
	Agnode_t *n, *next;

	for (n = agfstnode(g); n; n = next) {
		next = agnxtnode(g, n);
		if ((legend && agsubnode(legend, n, 0)) != keep)
			agdelnode(g, n);
	}
	if (keep)
		hide_subgraphs(g, legend);
	else if (legend)
		agsafeset(legend, (char *)"style", (char *)"invis", (char *)"");
}

/* Read a "llx,lly,urx,ury" attribute of g; 0 if it has none. */
static int read_box(Agraph_t *g, double b[4])
{
	char *v = agget(g, (char *)"bb");

	return v && sscanf(v, "%lf,%lf,%lf,%lf", &b[0], &b[1], &b[2], &b[3]) == 4;
}

/*
 * Set the legend laid out by dot (in legend) to the right of the people
 * laid out in laid, its top level with theirs (under the title), all
 * positions fixed: the map's bounding box and title grow to take it in.
 */
#define LEGEND_GAP 36.0   /* points between the people and the legend */

static int place_legend(Agraph_t *laid, Agraph_t *legend)
{
	Agraph_t *from = agsubg(legend, (char *)PM_MAP_LEGEND, 0), *to;
	double pb[4], lb[4], dx, dy, title = 0;
	char buf[128], *v;
	Agnode_t *n;

	if (!from || !read_box(laid, pb) || !read_box(from, lb))
		return -1;
	if ((v = agget(laid, (char *)"lheight")) && *v)
		title = atof(v) * 72;
	dx = pb[2] + LEGEND_GAP - lb[0];
	dy = pb[3] - title - lb[3];
	if (!(to = agsubg(laid, (char *)PM_MAP_LEGEND, 1)))
		return -1;
	copy_attrs(legend, AGRAPH, from, laid, to);
	snprintf(buf, sizeof(buf), "%.2f,%.2f,%.2f,%.2f", lb[0] + dx, lb[1] + dy, lb[2] + dx,
		 lb[3] + dy);
	agsafeset(to, (char *)"bb", buf, (char *)"");
	for (n = agfstnode(from); n; n = agnxtnode(from, n)) {
		Agnode_t *m = agnode(to, agnameof(n), 1);
		double x, y;
		if (!m || !(v = agget(n, (char *)"pos")) || sscanf(v, "%lf,%lf", &x, &y) != 2)
			return -1;
		copy_attrs(legend, AGNODE, n, laid, m);
		snprintf(buf, sizeof(buf), "%.2f,%.2f", x + dx, y + dy);
		agsafeset(m, (char *)"pos", buf, (char *)"");
	}
	/* the whole map's box, and the title centred over it */
	if (lb[1] + dy < pb[1])
		pb[1] = lb[1] + dy;
	pb[2] = lb[2] + dx;
	snprintf(buf, sizeof(buf), "%.2f,%.2f,%.2f,%.2f", pb[0], pb[1], pb[2], pb[3]);
	agsafeset(laid, (char *)"bb", buf, (char *)"");
	if ((v = agget(laid, (char *)"lp")) && sscanf(v, "%*f,%lf", &dy) == 1) {
		snprintf(buf, sizeof(buf), "%.2f,%.2f", (pb[0] + pb[2]) / 2, dy);
		agsafeset(laid, (char *)"lp", buf, (char *)"");
	}
	return 0;
}

/* Lay g out with `layout` and read the result back, with its positions, into *laid. */
static int laid_out(GVC_t *gvc, Agraph_t *g, const char *layout, Agraph_t **laid,
		    struct pm_error *err)
{
	char *text = NULL;
	unsigned int len = 0;
	int rc = 0;

	*laid = NULL;
	if (gvLayout(gvc, g, layout) != 0)
		return pm_error_set(err, PM_ERR, "graphviz layout '%s' failed%s%s", layout,
				    messages.len ? ": " : "", gv_said());
	if (gvRenderData(gvc, g, "dot", &text, &len) != 0)
		rc = pm_error_set(err, PM_ERR, "graphviz could not write its layout%s%s",
				  messages.len ? ": " : "", gv_said());
	else if (!(*laid = pm_gv_read(text)))
		rc = pm_error_set(err, PM_ERR, "graphviz could not read its own layout");
	if (text)
		gvFreeRenderData(text);
	gvFreeLayout(gvc, g);
	return rc;
}

/*
 * neato, fdp and sfdp: the people are laid out alone, overlaps removed
 * (prism; neato and sfdp leave them by default, and people sat on each
 * other in the middle of the map), without clusters for neato and sfdp,
 * which do not lay them out (their boxes crossed). The legend is laid out
 * alone by dot, as on the dot map, and set to the right of the people (the
 * force layouts scattered its role shapes); neato -n2 ("nop2") then draws
 * the whole with every position fixed.
 */
static int render_force(GVC_t *gvc, struct pm_map *m, const char *layout, const char *format,
			char **out, unsigned int *outlen, struct pm_error *err)
{
	Agraph_t *people = NULL, *legend = NULL, *laid = NULL, *legend_laid = NULL;
	char *text = NULL;
	int rc;

	if ((rc = pm_map_dot(m, &text, err)) < 0)
		return rc;
	if (!(people = pm_gv_read(text)) || !(legend = pm_gv_read(text))) {
		rc = pm_error_set(err, PM_ERR, "graphviz could not read the map");
		goto out;
	}
	keep_legend(people, 0);
	if (strcmp(layout, "fdp"))   /* neato and sfdp do not lay clusters out */
		hide_subgraphs(people, NULL);
	agsafeset(people, (char *)"overlap", (char *)"prism", (char *)"");
	/* lines around the people, not through them, where routing is affordable */
	agsafeset(people, (char *)"splines", (char *)(m->nties <= OVERLAY_SPLINES &&
						      m->npeople <= OVERLAY_SPLINE_PEOPLE ?
						      "true" : "line"), (char *)"");
	keep_legend(legend, 1);
	agsafeset(legend, (char *)"label", (char *)"", (char *)"");
	if ((rc = laid_out(gvc, people, layout, &laid, err)) < 0 ||
	    (rc = laid_out(gvc, legend, "dot", &legend_laid, err)) < 0)
		goto out;
	if (place_legend(laid, legend_laid) < 0) {
		rc = pm_error_set(err, PM_ERR, "graphviz gave no positions for the legend");
		goto out;
	}
	fit_bitmap(laid, format);
	rc = render_laid_out(gvc, laid, "nop2", format, out, outlen, err);
out:
	if (legend_laid)
		agclose(legend_laid);
	if (laid)
		agclose(laid);
	if (legend)
		agclose(legend);
	if (people)
		agclose(people);
	free(text);
	return rc;
}

/* Lay out and render m with Graphviz into *gvdata (freed with gvFreeRenderData). */
static int render_gv(struct pm_map *m, const char *layout, const char *format, char **gvdata,
		     unsigned int *gvlen, struct pm_error *err)
{
	GVC_t *gvc;
	int rc = 0;

	if (!shared_gvc && !(shared_gvc = gvContext()))
		return pm_error_set(err, PM_ENOMEM, "cannot start Graphviz");
	gvc = shared_gvc;
	if (!strcmp(layout, "dot")) {
		rc = render_dot_overlay(gvc, m, format, gvdata, gvlen, err);
	} else {
		rc = render_force(gvc, m, layout, format, gvdata, gvlen, err);
	}
	return rc;
}

int pm_map_render(struct pm_map *m, const char *layout, const char *format, char **data,
		  size_t *len, char **msgs, struct pm_error *err)
{
	agusererrf old;
	char *gvdata = NULL;
	unsigned int gvlen = 0;
	int rc;

	*data = NULL;
	*len = 0;
	*msgs = NULL;
	if (!strcmp(format, "dot")) {
		if ((rc = pm_map_dot(m, data, err)) == 0)
			*len = strlen(*data);
		return rc;
	}
	pm_strbuf_release(&messages);
	old = agseterrf(collect);
	agseterr(AGWARN);
	agreseterrors();
	rc = render_gv(m, layout, format, &gvdata, &gvlen, err);
	/* Graphviz goes on after many errors (a label it cannot read is drawn raw): we do not */
	if (rc == 0 && agerrors() >= AGERR)
		rc = pm_error_set(err, PM_ERR, "graphviz reported an error%s%s",
				  messages.len ? ": " : "", gv_said());
	agseterrf(old);
	/* our own copy: the caller frees with free(), never gvFreeRenderData */
	if (rc == 0 && !(*data = malloc((size_t)gvlen + 1)))
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	if (rc == 0) {
		memcpy(*data, gvdata, gvlen);
		(*data)[gvlen] = '\0';
		*len = gvlen;
	}
	if (gvdata)
		gvFreeRenderData(gvdata);
	*msgs = messages.len ? pm_strbuf_detach(&messages) : NULL;
	pm_strbuf_release(&messages);
	return rc;
}

int pm_map_write(struct pm_map *m, const char *layout, const char *format, const char *file,
		 char **msgs, struct pm_error *err)
{
	struct pm_private_file f;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = pm_map_render(m, layout, format, &data, &len, msgs, err)) < 0)
		return rc;
	if ((rc = pm_private_open(&f, file, err)) == 0) {
		fwrite(data, 1, len, f.f);
		rc = pm_private_commit(&f, err);
	}
	free(data);
	return rc;
}
