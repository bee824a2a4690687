/*
 * powermap — the import's last check: cycles in org parents and in
 * reports_to, each reported once at the import line that closes it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/cycles.h"
#include "import_internal.h"

struct cycle_ctx {
	struct pm_import *im;
	enum pm_table_id t;
};

static void report_cycle(struct pm_import *im, enum pm_table_id t, const int64_t *ids, size_t n);

static void on_cycle(const int64_t *ids, size_t n, void *ctx)
{
	struct cycle_ctx *c = ctx;

	report_cycle(c->im, c->t, ids, n);
}

int pm_import_find_cycles(struct pm_import *im, enum pm_table_id t)
{
	struct pm_id_edges es = { NULL, 0, 0 };
	struct cycle_ctx c = { im, t };
	int rc;

	rc = pm_store_hierarchy(im->st, t, pm_id_edges_collect, &es, im->err);
	if (rc == 0)
		rc = pm_find_cycles(es.e, es.n, on_cycle, &c);
	if (rc == PM_ENOMEM)
		rc = pm_error_set(im->err, PM_ENOMEM, "out of memory");
	free(es.e);
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
	     pm_msg(t == PM_T_ORGS ? "org parent" : "reports_to"),
	     text.oom ? pm_msg("(out of memory)") : pm_strbuf_str(&text));
	im->file = saved;
	pm_strbuf_release(&text);
}
