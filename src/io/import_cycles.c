/*
 * powermap — the import's last check: cycles in org parents and in
 * reports_to, each reported once at the import line that closes it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import_internal.h"

/* Cycle search over edges child -> parent (row ids), reporting each cycle once. */
struct edge { int64_t a, b; };

static int cmp_edge(const void *x, const void *y)
{
	const struct edge *p = x, *q = y;

	return p->a < q->a ? -1 : p->a > q->a ? 1 : (p->b > q->b) - (p->b < q->b);
}

struct edges {
	struct edge *e;
	size_t n, cap;
};

static int collect_edge(int64_t child, int64_t parent, void *ctx)
{
	struct edges *es = ctx;

	if (PM_GROW(es->e, es->cap, es->n + 1) < 0)
		return PM_ENOMEM;
	es->e[es->n].a = child;
	es->e[es->n].b = parent;
	es->n++;
	return 0;
}

static void report_cycle(struct pm_import *im, enum pm_table_id t, const int64_t *ids, size_t n);

int pm_import_find_cycles(struct pm_import *im, enum pm_table_id t)
{
	struct edges es = { NULL, 0, 0 };
	struct edge *e;
	size_t ne, *first = NULL, *pos = NULL, depth;
	int64_t maxid = 0, *stack = NULL, v;
	unsigned char *color = NULL;
	int rc;

	if ((rc = pm_store_hierarchy(im->st, t, collect_edge, &es, &maxid, im->err)) < 0) {
		if (rc == PM_ENOMEM)
			goto nomem;
		goto out;
	}
	e = es.e;
	ne = es.n;
	if (ne)
		qsort(e, ne, sizeof(*e), cmp_edge);
	first = calloc((size_t)maxid + 2, sizeof(*first));
	pos = calloc((size_t)maxid + 2, sizeof(*pos));
	color = calloc((size_t)maxid + 1, 1);
	stack = calloc((size_t)maxid + 1, sizeof(*stack));
	if (!first || !pos || !color || !stack)
		goto nomem;
	/* first[v] .. first[v+1]: outgoing edges of v (CSR) */
	{
		size_t k = 0;
		for (v = 0; v <= maxid + 1; v++) {
			while (k < ne && e[k].a < v)
				k++;
			first[v] = k;
		}
	}
	for (v = 1; v <= maxid; v++) {
		if (color[v])
			continue;
		depth = 0;
		stack[depth++] = v;
		color[v] = 1;
		pos[v] = first[v];
		while (depth) {
			int64_t u = stack[depth - 1];
			if (pos[u] < first[u + 1]) {
				int64_t w = e[pos[u]++].b;
				if (color[w] == 0) {
					color[w] = 1;
					pos[w] = first[w];
					stack[depth++] = w;
				} else if (color[w] == 1) {
					size_t k = depth;
					while (k > 0 && stack[k - 1] != w)
						k--;
					report_cycle(im, t, stack + k - 1, depth - k + 1);
				}
			} else {
				color[u] = 2;
				depth--;
			}
		}
	}
	goto out;
nomem:
	rc = pm_error_set(im->err, PM_ENOMEM, "out of memory");
out:
	free(es.e);
	free(first);
	free(pos);
	free(color);
	free(stack);
	return rc;
}

/* "'a' -> 'b' -> 'c' -> 'a'" from row ids of table t. */
static void cycle_text(struct pm_import *im, enum pm_table_id t, const int64_t *ids,
		       size_t n, struct pm_strbuf *sb)
{
	char key[512];
	size_t i;

	for (i = 0; i <= n; i++) {
		pm_import_key_of(im, t, ids[i % n], key, sizeof(key));
		pm_strbuf_addf(sb, "%s'%s'", i ? " -> " : "", key);
	}
}

/*
 * Report a cycle at the import line that closes it: of the cycle's edges
 * given in this import, the one given last (none for old edges only).
 */
static void report_cycle(struct pm_import *im, enum pm_table_id t, const int64_t *ids, size_t n)
{
	struct pm_strbuf text = PM_STRBUF_INIT;
	char file[1024] = "", f[1024];
	size_t i, line = 0, l;
	const char *saved = im->file;

	cycle_text(im, t, ids, n, &text);
	for (i = 0; i < n; i++)
		if (pm_store_import_origin(im->st, t, ids[i], ids[(i + 1) % n], f, sizeof(f), &l,
					   NULL) > 0 && l >= line) {
			memcpy(file, f, sizeof(file));
			line = l;
		}
	im->file = *file ? file : NULL;
	pm_import_diag(im, *file ? line : 0, 0, 0, "%s cycle: %s",
	     t == PM_T_ORGS ? "org parent" : "reports_to",
	     text.oom ? "(out of memory)" : pm_strbuf_str(&text));
	im->file = saved;
	pm_strbuf_release(&text);
}
