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
 * A PNG is a cairo bitmap of at most 32,767 pixels a side: past it the
 * plugin scales the drawing down itself and prints, on its own, the line
 * "(null): graph is too large for cairo-renderer bitmaps" (it names the
 * command line it never had). Asking Graphviz for the same fit first
 * (size, in inches at the PNG's 96 dpi; it only ever shrinks) draws the
 * same picture without the stray line. Before the layout: it reads size.
 * on 1 sets it for a PNG, on 0 clears it again (the map stays as built).
 */
#define PNG_MAX_INCHES "340,340"

static void fit_bitmap(Agraph_t *g, const char *format, int on)
{
	if (!strcmp(format, "png"))
		agsafeset(g, (char *)"size", (char *)(on ? PNG_MAX_INCHES : ""), (char *)"");
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
			copy_edge_attrs(m->g, e, f);
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
	fit_bitmap(laid, format, 1);   /* laid is ours alone: no need to clear */
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
		fit_bitmap(m->g, format, 1);
		rc = render_laid_out(gvc, m->g, layout, format, gvdata, gvlen, err);
		fit_bitmap(m->g, format, 0);
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
