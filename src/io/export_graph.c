/*
 * powermap — the network out to other tools (see export.h): GraphML for
 * Gephi, Cytoscape, yEd and NetworkX (people as nodes with every person
 * attribute and their org's name and kind, links as edges with every link
 * attribute; knows ties undirected), and one JSON document of every record
 * in the shapes of `list --json`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/export.h"
#include "powermap/json.h"
#include "powermap/kit.h"
#include "powermap/strmap.h"

struct graphml {
	FILE *out;
	struct pm_strbuf sb;
	struct pm_strbuf edges;     /* edges, written after every node they need */
	struct pm_strmap *nodes;    /* person keys written as nodes */
	struct pm_strmap *missing;  /* edge ends not written yet */
	const char *only;           /* node(): write only this key (NULL: all) */
	struct pm_strmap *orgs;     /* org key -> index in org_names */
	char **org_name, **org_kind;
	size_t norgs, cap, kcap;
	int failed;
};

/* One <data key="k">value</data> into sb, skipped when the value is empty. */
static void data(struct pm_strbuf *sb, const char *prefix, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	pm_strbuf_addf(sb, "      <data key=\"%s%s\">", prefix, key);
	pm_strbuf_add_escaped(sb, value, PM_ESC_XML);
	pm_strbuf_puts(sb, "</data>\n");
}

/* Write what sb holds and empty it. */
static int flush(struct graphml *g)
{
	if (g->sb.oom || (g->sb.len && fwrite(g->sb.buf, 1, g->sb.len, g->out) != g->sb.len))
		g->failed = 1;
	pm_strbuf_reset(&g->sb);
	return g->failed ? PM_EIO : 0;
}

static int keep_org(const char *const *vals, size_t n, void *ctx)
{
	struct graphml *g = ctx;

	(void)n;
	if (PM_GROW(g->org_name, g->cap, g->norgs + 1) < 0 ||
	    PM_GROW(g->org_kind, g->kcap, g->norgs + 1) < 0 ||
	    !(g->org_name[g->norgs] = strdup(vals[1])) ||
	    !(g->org_kind[g->norgs] = strdup(vals[2])) ||
	    pm_strmap_add(g->orgs, vals[0], (int64_t)g->norgs, 0) < 0)
		return PM_ENOMEM;
	g->norgs++;
	return 0;
}

static int node(const char *const *vals, size_t n, void *ctx)
{
	static const char *const keys[] = { NULL, "name", "org", "title", "department", "email",
					    "url", "role", "stance", "power", "notes" };
	struct graphml *g = ctx;
	int64_t o;
	size_t i;

	if ((g->only && strcmp(vals[0], g->only)) || pm_strmap_get(g->nodes, vals[0], NULL, NULL))
		return 0;
	if (pm_strmap_add(g->nodes, vals[0], 0, 0) < 0)
		return PM_ENOMEM;
	pm_strbuf_puts(&g->sb, "    <node id=\"");
	pm_strbuf_add_escaped(&g->sb, vals[0], PM_ESC_XML);
	pm_strbuf_puts(&g->sb, "\">\n");
	for (i = 1; i < n && i < sizeof(keys) / sizeof(keys[0]); i++)
		data(&g->sb, "p_", keys[i], vals[i]);
	if (vals[2] && pm_strmap_get(g->orgs, vals[2], &o, NULL)) {
		data(&g->sb, "p_", "org_name", g->org_name[o]);
		data(&g->sb, "p_", "org_kind", g->org_kind[o]);
	}
	pm_strbuf_puts(&g->sb, "    </node>\n");
	return flush(g);
}

/* A person at the other end of a tie, not yet a node. */
static int missing_node(const char *const *vals, size_t n, void *ctx)
{
	struct graphml *g = ctx;

	if (!pm_strmap_get(g->missing, vals[0], NULL, NULL))
		return 0;
	return node(vals, n, ctx);
}

static int edge(const char *const *vals, size_t n, void *ctx)
{
	static const char *const keys[] = { NULL, NULL, "kind", "strength", "last_contact",
					    "source", "notes" };
	struct graphml *g = ctx;
	size_t i;

	for (i = 0; i < 2; i++)
		if (!pm_strmap_get(g->nodes, vals[i], NULL, NULL) &&
		    pm_strmap_add(g->missing, vals[i], 0, 0) < 0)
			return PM_ENOMEM;
	pm_strbuf_puts(&g->edges, "    <edge source=\"");
	pm_strbuf_add_escaped(&g->edges, vals[0], PM_ESC_XML);
	pm_strbuf_puts(&g->edges, "\" target=\"");
	pm_strbuf_add_escaped(&g->edges, vals[1], PM_ESC_XML);
	pm_strbuf_puts(&g->edges, "\">\n");
	for (i = 2; i < n && i < sizeof(keys) / sizeof(keys[0]); i++)
		data(&g->edges, "l_", keys[i], vals[i]);
	pm_strbuf_puts(&g->edges, "    </edge>\n");
	return g->edges.oom ? PM_ENOMEM : 0;
}

int pm_export_graphml(struct pm_store *st, const struct pm_export_opts *o, FILE *out,
		      struct pm_error *err)
{
	static const char *const node_keys[][2] = {
		{ "name", "string" }, { "org", "string" }, { "org_name", "string" },
		{ "org_kind", "string" }, { "title", "string" }, { "department", "string" },
		{ "email", "string" }, { "url", "string" }, { "role", "string" },
		{ "stance", "string" }, { "power", "int" }, { "notes", "string" },
	};
	static const char *const edge_keys[][2] = {
		{ "kind", "string" }, { "strength", "double" }, { "last_contact", "string" },
		{ "source", "string" }, { "notes", "string" },
	};
	struct graphml g = { out, PM_STRBUF_INIT, PM_STRBUF_INIT, pm_strmap_new(), pm_strmap_new(),
			     NULL, pm_strmap_new(), NULL, NULL, 0, 0, 0, 0 };
	size_t i;
	int rc;

	if (!g.orgs || !g.nodes || !g.missing) {
		rc = PM_ENOMEM;
		goto out;
	}
	pm_strbuf_puts(&g.sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n");
	for (i = 0; i < sizeof(node_keys) / sizeof(node_keys[0]); i++)
		pm_strbuf_addf(&g.sb, "  <key id=\"p_%s\" for=\"node\" attr.name=\"%s\" "
			       "attr.type=\"%s\"/>\n", node_keys[i][0], node_keys[i][0],
			       node_keys[i][1]);
	for (i = 0; i < sizeof(edge_keys) / sizeof(edge_keys[0]); i++)
		pm_strbuf_addf(&g.sb, "  <key id=\"l_%s\" for=\"edge\" attr.name=\"%s\" "
			       "attr.type=\"%s\"/>\n", edge_keys[i][0], edge_keys[i][0],
			       edge_keys[i][1]);
	pm_strbuf_puts(&g.sb, "  <graph id=\"powermap\" edgedefault=\"directed\">\n");
	if ((rc = pm_store_select(st, PM_T_ORGS, NULL, keep_org, &g, err)) < 0 ||
	    (rc = pm_store_select(st, PM_T_PEOPLE, &o->filter, node, &g, err)) < 0 ||
	    (rc = pm_store_select(st, PM_T_LINKS, &o->filter, edge, &g, err)) < 0)
		goto out;
	/* the other ends of the ties that leave a filtered org */
	if (pm_strmap_size(g.missing) &&
	    (rc = pm_store_select(st, PM_T_PEOPLE, NULL, missing_node, &g, err)) < 0)
		goto out;
	if ((rc = flush(&g)) < 0)
		goto out;
	pm_strbuf_add(&g.sb, pm_strbuf_str(&g.edges), g.edges.len);
	pm_strbuf_puts(&g.sb, "  </graph>\n</graphml>\n");
	rc = flush(&g);
out:
	if (rc == PM_ENOMEM)
		pm_error_set(err, rc, "out of memory");
	else if (rc == PM_EIO || g.failed)
		rc = pm_error_set(err, PM_EIO, "cannot write the GraphML");
	for (i = 0; i < g.norgs; i++) {
		free(g.org_name[i]);
		free(g.org_kind[i]);
	}
	free(g.org_name);
	free(g.org_kind);
	pm_strmap_free(g.orgs);
	pm_strmap_free(g.nodes);
	pm_strmap_free(g.missing);
	pm_strbuf_release(&g.sb);
	pm_strbuf_release(&g.edges);
	return rc;
}

struct jdoc {
	json_t *array;
	enum pm_table_id t;
};

static int add_record(const char *const *vals, size_t n, void *ctx)
{
	struct jdoc *j = ctx;

	(void)n;
	return json_array_append_new(j->array, pm_json_record(j->t, vals)) ? PM_ENOMEM : 0;
}

int pm_export_json(struct pm_store *st, const struct pm_export_opts *o, FILE *out,
		   struct pm_error *err)
{
	json_t *doc = json_object();
	int t, rc = 0;

	if (!doc)
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	for (t = 0; t < PM_T_COUNT && rc == 0; t++) {
		struct jdoc j = { json_array(), (enum pm_table_id)t };
		if (!j.array || json_object_set_new(doc, pm_tables[t].name, j.array) < 0) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
			break;
		}
		if ((rc = pm_store_select(st, j.t, &o->filter, add_record, &j, err)) == PM_ENOMEM)
			pm_error_set(err, rc, "out of memory");
	}
	if (rc == 0 && (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				   JSON_REAL_PRECISION(15)) != 0 || fputc('\n', out) == EOF))
		rc = pm_error_set(err, PM_EIO, "cannot write the JSON");
	json_decref(doc);
	return rc;
}
