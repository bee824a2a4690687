/*
 * powermap — CSV import with validation (see include/powermap/import.h).
 *
 * Each file is read twice: once for its header (to learn its kind and to
 * order the files), then streamed row by row into the open transaction.
 * Rows are checked field by field (UTF-8, type, required), then for
 * duplicates within the import (a TEMP table remembers where each identity
 * was first seen), then written with pm_store_put, which resolves
 * references. After all rows: cycles in org parents and in reports_to.
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/csv.h"
#include "powermap/import.h"
#include "powermap/model.h"

#define DEFAULT_MAX_ERRORS 100

void pm_diags_free(struct pm_diags *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

struct importer {
	struct pm_store *st;
	sqlite3 *db;
	const struct pm_import_opts *opts;
	struct pm_import_stats *stats;
	struct pm_diags *diags;
	size_t max_errors;
	int fatal;                 /* PM_ENOMEM / PM_EDB: stop everything */
	struct pm_error *err;

	/* per file */
	const char *file;
	enum pm_table_id table;
	int colmap[64];            /* header field -> table column, or -1 */
	size_t nheader;
	int header_done;
	int parent_pass;           /* orgs: second pass sets parents only */
	int quiet;                 /* parent pass: rows were checked already */
	sqlite3_stmt *seen_ins, *seen_get, *rt_ins;
};

__attribute__((format(printf, 5, 6)))
static void diag(struct importer *im, size_t line, size_t col, int warning,
		 const char *fmt, ...)
{
	struct pm_diags *d = im->diags;
	struct pm_diag *it;
	char msg[1024];
	va_list ap;

	if (im->quiet)
		return;
	if (warning)
		d->nwarnings++;
	else
		d->nerrors++;
	if (!warning && d->nerrors > im->max_errors) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct pm_diag *items = realloc(d->items, cap * sizeof(*items));
		if (!items) {
			im->fatal = PM_ENOMEM;
			return;
		}
		d->items = items;
		d->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	it = &d->items[d->n];
	it->file = strdup(im->file ? im->file : "");
	it->msg = strdup(msg);
	it->line = line;
	it->col = col;
	it->warning = warning;
	if (!it->file || !it->msg) {
		free(it->file);
		free(it->msg);
		im->fatal = PM_ENOMEM;
		return;
	}
	d->n++;
}

int pm_import_detect(const char *const *header, size_t n)
{
	int best = -1, best_score = 0, t;
	size_t i, c;

	for (t = 0; t < PM_T_COUNT; t++) {
		const struct pm_table *tab = &pm_tables[t];
		int score = 0, ok = 1;
		for (c = 0; c < tab->ncols; c++) {
			int present = 0;
			for (i = 0; i < n; i++)
				present |= !strcmp(header[i], tab->cols[c].name);
			score += present;
			if (!present && (tab->cols[c].flags & PM_COL_REQUIRED))
				ok = 0;
		}
		if (ok && score > best_score) {
			best = t;
			best_score = score;
		}
	}
	return best;
}

/* First pass over a file: its header only. */
struct header_probe {
	char **fields;
	size_t n;
	size_t line;
};

static int probe_header(const struct pm_csv_record *rec, void *ctx)
{
	struct header_probe *h = ctx;
	size_t i;

	h->fields = calloc(rec->nfields, sizeof(char *));
	if (!h->fields)
		return PM_ENOMEM;
	for (i = 0; i < rec->nfields; i++)
		if (!(h->fields[i] = strdup(rec->fields[i])))
			return PM_ENOMEM;
	h->n = rec->nfields;
	h->line = rec->line;
	return 1; /* stop after the header */
}

static void header_free(struct header_probe *h)
{
	size_t i;

	for (i = 0; h->fields && i < h->n; i++)
		free(h->fields[i]);
	free(h->fields);
	memset(h, 0, sizeof(*h));
}

/* Map header fields to table columns; report unknown and missing ones. */
static int setup_header(struct importer *im, const struct pm_csv_record *rec)
{
	const struct pm_table *tab = &pm_tables[im->table];
	int seen[PM_TABLE_MAXCOLS] = { 0 };
	size_t i;
	int ok = 1;

	im->nheader = rec->nfields;
	if (rec->nfields > 64) {
		diag(im, rec->line, 65, 0, "too many columns (%zu; at most 64)", rec->nfields);
		return 0;
	}
	for (i = 0; i < rec->nfields; i++) {
		int c = pm_table_col(tab, rec->fields[i]);
		im->colmap[i] = c;
		if (c < 0) {
			diag(im, rec->line, i + 1, 1,
			     "unknown column '%s' in %s file ignored", rec->fields[i],
			     tab->name);
			continue;
		}
		if (seen[c]++) {
			diag(im, rec->line, i + 1, 0, "column '%s' appears twice",
			     rec->fields[i]);
			ok = 0;
		}
	}
	for (i = 0; i < tab->ncols; i++)
		if ((tab->cols[i].flags & PM_COL_REQUIRED) && !seen[i]) {
			diag(im, rec->line, 0, 0, "missing required column '%s' for %s",
			     tab->cols[i].name, tab->name);
			ok = 0;
		}
	return ok;
}

/* The identity of a record within the import, as one string. */
static void identity(enum pm_table_id t, const char *const *v, char *buf, size_t size)
{
#define S(i) (v[i] ? v[i] : "")
	switch (t) {
	case PM_T_LINKS: {
		const char *a = S(0), *b = S(1);
		if (!strcmp(S(2), "knows") && strcmp(a, b) > 0) {
			const char *tmp = a;
			a = b;
			b = tmp;
		}
		snprintf(buf, size, "%s\x1f%s\x1f%s\x1f%s", a, b, S(2), S(5));
		break;
	}
	case PM_T_INTERACTIONS:
		snprintf(buf, size, "%s\x1f%s\x1f%s\x1f%s\x1f%s", S(0), S(1), S(2), S(3), S(4));
		break;
	case PM_T_ACTIONS:
		snprintf(buf, size, "%s\x1f%s\x1f%s\x1f%s\x1f%s", S(0), S(1), S(2), S(3), S(4));
		break;
	case PM_T_PLAN:
		snprintf(buf, size, "%s\x1f%s", S(0), S(1));
		break;
	default:
		snprintf(buf, size, "%s", S(0));
	}
#undef S
}

/* Remember an identity; report a duplicate. Returns 1 if new. */
static int first_sighting(struct importer *im, const char *const *v, size_t line)
{
	char ident[2048], what[1024];
	int rc;

	identity(im->table, v, ident, sizeof(ident));
	sqlite3_reset(im->seen_ins);
	sqlite3_bind_int(im->seen_ins, 1, (int)im->table);
	sqlite3_bind_text(im->seen_ins, 2, ident, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->seen_ins, 3, im->file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(im->seen_ins, 4, (sqlite3_int64)line);
	rc = sqlite3_step(im->seen_ins);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_CONSTRAINT) {
		im->fatal = pm_error_set(im->err, PM_EDB, "import bookkeeping failed: %s",
					 sqlite3_errmsg(im->db));
		return 0;
	}
	sqlite3_reset(im->seen_get);
	sqlite3_bind_int(im->seen_get, 1, (int)im->table);
	sqlite3_bind_text(im->seen_get, 2, ident, -1, SQLITE_TRANSIENT);
	pm_record_describe(im->table, v, what, sizeof(what));
	if (sqlite3_step(im->seen_get) == SQLITE_ROW)
		diag(im, line, 1, 0, "duplicate %s (first given at %s:%d)", what,
		     (const char *)sqlite3_column_text(im->seen_get, 0),
		     sqlite3_column_int(im->seen_get, 1));
	else
		diag(im, line, 1, 0, "duplicate %s", what);
	return 0;
}

/* Remember where a reports_to link came from, to name it in cycle errors. */
static void remember_reports_to(struct importer *im, const char *const *v, size_t line)
{
	sqlite3_reset(im->rt_ins);
	sqlite3_bind_text(im->rt_ins, 1, v[0], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->rt_ins, 2, v[1], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->rt_ins, 3, im->file, -1, SQLITE_STATIC);
	sqlite3_bind_int64(im->rt_ins, 4, (sqlite3_int64)line);
	sqlite3_step(im->rt_ins);
}

static void put_record(struct importer *im, const char *const *vals, size_t line,
		       const int *colpos)
{
	enum pm_put_mode mode = im->opts->strict ? PM_PUT_INSERT_ONLY : PM_PUT_UPSERT;
	struct pm_error perr;
	int created = 0, bad = -1, rc;

	if (im->parent_pass)
		mode = PM_PUT_UPDATE_ONLY;
	rc = pm_store_put(im->st, im->table, vals, mode, &created, &bad, &perr);
	if (im->parent_pass) {
		/* only an unknown parent is news; other errors came in pass one */
		if (rc < 0 && bad == pm_table_col(&pm_tables[PM_T_ORGS], "parent")) {
			im->quiet = 0;
			diag(im, line, (size_t)colpos[bad] + 1, 0, "%s", perr.msg);
			im->quiet = 1;
		}
		return;
	}
	if (rc == PM_ENOMEM || rc == PM_EIO) {
		im->fatal = pm_error_set(im->err, rc, "%s", perr.msg);
		return;
	}
	if (rc < 0) {
		size_t col = bad >= 0 && colpos[bad] >= 0 ? (size_t)colpos[bad] + 1 : 0;
		if (rc == PM_EEXISTS)
			diag(im, line, 1, 0, "%s (--strict refuses to update it)", perr.msg);
		else
			diag(im, line, col, 0, "%s", perr.msg);
		return;
	}
	if (im->parent_pass)
		return;
	if (created)
		im->stats->created[im->table]++;
	else
		im->stats->updated[im->table]++;
}

static int on_row(const struct pm_csv_record *rec, void *ctx)
{
	struct importer *im = ctx;
	const struct pm_table *tab = &pm_tables[im->table];
	const char *vals[PM_TABLE_MAXCOLS] = { 0 };
	int colpos[PM_TABLE_MAXCOLS];
	char why[512];
	size_t i, bad;
	int ok = 1;

	if (im->fatal)
		return im->fatal;
	if (im->diags->nerrors > im->max_errors)
		return 1;
	if (!im->header_done) {
		im->header_done = 1;
		return setup_header(im, rec) ? 0 : 1;
	}
	if (rec->nfields != im->nheader) {
		diag(im, rec->line, (rec->nfields < im->nheader ? rec->nfields : im->nheader) + 1,
		     0, "expected %zu fields as in the header, found %zu",
		     im->nheader, rec->nfields);
		return 0;
	}
	for (i = 0; i < PM_TABLE_MAXCOLS; i++)
		colpos[i] = -1;
	for (i = 0; i < rec->nfields; i++) {
		int c = im->colmap[i];
		const struct pm_column *col;

		if (!pm_utf8_valid(rec->fields[i], rec->lens[i], &bad)) {
			diag(im, rec->line, i + 1, 0, "invalid UTF-8 (byte %zu of the field)",
			     bad + 1);
			ok = 0;
			continue;
		}
		if (c < 0)
			continue;
		col = &tab->cols[c];
		vals[c] = rec->fields[i];
		colpos[c] = (int)i;
		if (!*rec->fields[i]) {
			if (col->flags & PM_COL_REQUIRED) {
				diag(im, rec->line, i + 1, 0, "%s is required", col->name);
				ok = 0;
			}
			continue;
		}
		if (pm_value_check(col, rec->fields[i], why, sizeof(why)) < 0) {
			diag(im, rec->line, i + 1, 0, "%s", why);
			ok = 0;
		}
	}
	if (!ok)
		return 0;
	if (im->table == PM_T_LINKS && !strcmp(vals[0], vals[1])) {
		diag(im, rec->line, (size_t)colpos[1] + 1, 0,
		     "self-link: '%s' %s '%s'", vals[0], vals[2], vals[1]);
		return 0;
	}
	if (im->table == PM_T_ORGS) {
		/* parents may come later in the file: set them in a second pass */
		int p = pm_table_col(tab, "parent");
		if (im->parent_pass) {
			if (!vals[p] || !*vals[p] || !strcmp(vals[p], vals[0]))
				return 0;
			for (i = 0; i < tab->ncols; i++)
				if ((int)i != p && i != 0)
					vals[i] = NULL;
			put_record(im, vals, rec->line, colpos);
			return 0;
		}
		if (vals[p] && !strcmp(vals[p], vals[0])) {
			diag(im, rec->line, (size_t)colpos[p] + 1, 0,
			     "org '%s' is its own parent", vals[0]);
			return 0;
		}
		vals[p] = NULL;
	}
	if (!first_sighting(im, vals, rec->line))
		return im->fatal;
	if (im->table == PM_T_LINKS && !strcmp(vals[2], "reports_to"))
		remember_reports_to(im, vals, rec->line);
	put_record(im, vals, rec->line, colpos);
	return im->fatal;
}

static int import_one(struct importer *im, const char *path, enum pm_table_id t,
		      int parent_pass)
{
	int rc;

	im->file = path;
	im->table = t;
	im->header_done = 0;
	im->parent_pass = parent_pass;
	im->quiet = parent_pass;
	rc = pm_csv_read_file(path, on_row, im, im->err);
	if (rc == PM_EINVAL) {
		/* malformed quoting: err.msg is "file:line: reason" */
		const char *m = im->err->msg + strlen(path) + 1;
		size_t line = strtoul(m, NULL, 10);
		const char *reason = strchr(m, ' ');
		diag(im, line, 0, 0, "%s", reason ? reason + 1 : m);
		im->quiet = 0;
		return 0;
	}
	im->quiet = 0;
	if (rc < 0)
		return rc;
	return im->fatal;
}
/* Cycle search over edges child -> parent (ids), reporting each cycle once. */
struct edge { int64_t a, b; };

static int cmp_edge(const void *x, const void *y)
{
	const struct edge *p = x, *q = y;

	return p->a < q->a ? -1 : p->a > q->a ? 1 : (p->b > q->b) - (p->b < q->b);
}

typedef void (*cycle_fn)(struct importer *im, const int64_t *ids, size_t n);

static int find_cycles(struct importer *im, const char *edges_sql,
		       const char *max_sql, cycle_fn report)
{
	sqlite3_stmt *s = NULL;
	struct edge *e = NULL;
	size_t ne = 0, cap = 0, *first = NULL, *pos = NULL, depth;
	int64_t maxid = 0, *stack = NULL, v;
	unsigned char *color = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(im->db, max_sql, -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	if (sqlite3_step(s) == SQLITE_ROW)
		maxid = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(im->db, edges_sql, -1, &s, NULL) != SQLITE_OK)
		goto dberr;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (ne == cap) {
			struct edge *ne2 = realloc(e, (cap = cap ? 2 * cap : 1024) * sizeof(*e));
			if (!ne2)
				goto nomem;
			e = ne2;
		}
		e[ne].a = sqlite3_column_int64(s, 0);
		e[ne].b = sqlite3_column_int64(s, 1);
		ne++;
	}
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
					report(im, stack + k - 1, depth - k + 1);
				}
			} else {
				color[u] = 2;
				depth--;
			}
		}
	}
	goto out;
dberr:
	rc = pm_error_set(im->err, PM_EDB, "cycle check failed: %s", sqlite3_errmsg(im->db));
	goto out;
nomem:
	rc = pm_error_set(im->err, PM_ENOMEM, "out of memory");
out:
	sqlite3_finalize(s);
	free(e);
	free(first);
	free(pos);
	free(color);
	free(stack);
	return rc;
}

/* "a -> b -> c -> a" from row ids of `table`, and where the last edge came from. */
static void cycle_text(struct importer *im, const char *table, const int64_t *ids,
		       size_t n, char *buf, size_t size)
{
	sqlite3_stmt *s = NULL;
	char sql[128];
	size_t used = 0, i;

	buf[0] = '\0';
	snprintf(sql, sizeof(sql), "SELECT key FROM %s WHERE id = ?1", table);
	if (sqlite3_prepare_v2(im->db, sql, -1, &s, NULL) != SQLITE_OK)
		return;
	for (i = 0; i <= n && used < size; i++) {
		const unsigned char *k;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ids[i % n]);
		k = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
		used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
					 i ? " -> " : "", k ? (const char *)k : "?");
	}
	sqlite3_finalize(s);
}

/*
 * Report a cycle at the import line that closes it: of the cycle's edges
 * given in this import, the one given last. `where_sql` maps (?1, ?2) row
 * ids of an edge to (file, line); it may match nothing for old edges.
 */
static void report_cycle(struct importer *im, const char *what, const char *table,
			 const char *where_sql, const int64_t *ids, size_t n)
{
	sqlite3_stmt *s = NULL;
	char text[2048], *file = NULL;
	size_t i, line = 0;
	const char *saved = im->file;

	cycle_text(im, table, ids, n, text, sizeof(text));
	if (sqlite3_prepare_v2(im->db, where_sql, -1, &s, NULL) == SQLITE_OK) {
		for (i = 0; i < n; i++) {
			sqlite3_reset(s);
			sqlite3_bind_int64(s, 1, ids[i]);
			sqlite3_bind_int64(s, 2, ids[(i + 1) % n]);
			if (sqlite3_step(s) == SQLITE_ROW &&
			    (size_t)sqlite3_column_int64(s, 1) >= line) {
				free(file);
				file = strdup((const char *)sqlite3_column_text(s, 0));
				line = (size_t)sqlite3_column_int64(s, 1);
			}
		}
	}
	sqlite3_finalize(s);
	im->file = file;
	diag(im, file ? line : 0, 0, 0, "%s cycle: %s", what, text);
	im->file = saved;
	free(file);
}

static void report_people_cycle(struct importer *im, const int64_t *ids, size_t n)
{
	report_cycle(im, "reports_to", "people",
		     "SELECT file, line FROM temp.import_rt r"
		     " JOIN people a ON a.key = r.src JOIN people b ON b.key = r.dst"
		     " WHERE a.id = ?1 AND b.id = ?2", ids, n);
}

static void report_org_cycle(struct importer *im, const int64_t *ids, size_t n)
{
	/* an org's parent is given on the org's own line */
	report_cycle(im, "org parent", "orgs",
		     "SELECT file, line FROM temp.import_seen s JOIN orgs o ON o.key = s.ident"
		     " WHERE s.t = 0 AND o.id = ?1 AND ?2 IS NOT NULL", ids, n);
}

static int prepare_bookkeeping(struct importer *im)
{
	static const char *const setup =
		"CREATE TEMP TABLE IF NOT EXISTS import_seen(t INTEGER, ident TEXT,"
		" file TEXT, line INTEGER, PRIMARY KEY (t, ident));"
		"CREATE TEMP TABLE IF NOT EXISTS import_rt(src TEXT, dst TEXT,"
		" file TEXT, line INTEGER);"
		"DELETE FROM temp.import_seen; DELETE FROM temp.import_rt;";

	if (sqlite3_exec(im->db, setup, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(im->db, "INSERT INTO temp.import_seen VALUES (?1, ?2, ?3, ?4)",
			       -1, &im->seen_ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(im->db, "SELECT file, line FROM temp.import_seen"
			       " WHERE t = ?1 AND ident = ?2", -1, &im->seen_get,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(im->db, "INSERT INTO temp.import_rt VALUES (?1, ?2, ?3, ?4)",
			       -1, &im->rt_ins, NULL) != SQLITE_OK)
		return pm_error_set(im->err, PM_EDB, "cannot prepare import: %s",
				    sqlite3_errmsg(im->db));
	return 0;
}

int pm_import_files(struct pm_store *st, const char *const *paths, size_t n,
		    const struct pm_import_opts *opts,
		    struct pm_import_stats *stats, struct pm_diags *diags,
		    struct pm_error *err)
{
	struct importer im;
	int *types = NULL, rc = 0, t;
	size_t i;

	memset(&im, 0, sizeof(im));
	memset(stats, 0, sizeof(*stats));
	im.st = st;
	im.db = pm_store_sqlite(st);
	im.opts = opts;
	im.stats = stats;
	im.diags = diags;
	im.err = err;
	im.max_errors = opts->max_errors ? opts->max_errors : DEFAULT_MAX_ERRORS;

	if (!(types = calloc(n ? n : 1, sizeof(*types))))
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	/* learn each file's kind from its header */
	for (i = 0; i < n; i++) {
		struct header_probe h = { 0 };
		im.file = paths[i];
		rc = pm_csv_read_file(paths[i], probe_header, &h, err);
		if (rc < 0 && rc != PM_EINVAL) {
			header_free(&h);
			goto out;
		}
		rc = 0;
		if (!h.fields) {
			diag(&im, 1, 0, 0, "empty file: a header row is required");
			types[i] = -1;
		} else if (opts->type >= 0) {
			types[i] = opts->type;
		} else if ((types[i] = pm_import_detect((const char *const *)h.fields, h.n)) < 0) {
			diag(&im, h.line, 0, 0,
			     "cannot tell what this file holds from its header; "
			     "name the kind with --type");
		}
		header_free(&h);
	}
	if (diags->nerrors) {
		rc = PM_EIMPORT;
		goto out;
	}
	/* a large import touches index pages at random: give SQLite 256 MB of cache */
	sqlite3_exec(im.db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);
	if ((rc = pm_store_begin(st, err)) < 0)
		goto out;
	if ((rc = prepare_bookkeeping(&im)) < 0)
		goto rollback;
	for (t = 0; t < PM_T_COUNT; t++) {
		for (i = 0; i < n; i++)
			if (types[i] == t && (rc = import_one(&im, paths[i], t, 0)) < 0)
				goto rollback;
		if (t == PM_T_ORGS)
			for (i = 0; i < n; i++)
				if (types[i] == t && (rc = import_one(&im, paths[i], t, 1)) < 0)
					goto rollback;
	}
	im.file = NULL;
	if ((rc = find_cycles(&im, "SELECT id, parent_id FROM orgs WHERE parent_id IS NOT NULL",
			      "SELECT max(id) FROM orgs", report_org_cycle)) < 0 ||
	    (rc = find_cycles(&im, "SELECT src, dst FROM links WHERE kind = 'reports_to'",
			      "SELECT max(id) FROM people", report_people_cycle)) < 0)
		goto rollback;
	if (im.fatal) {
		rc = im.fatal;
		goto rollback;
	}
	if (diags->nerrors) {
		rc = PM_EIMPORT;
		goto rollback;
	}
	sqlite3_finalize(im.seen_ins);
	sqlite3_finalize(im.seen_get);
	sqlite3_finalize(im.rt_ins);
	im.seen_ins = im.seen_get = im.rt_ins = NULL;
	if (opts->dry_run)
		pm_store_rollback(st);
	else
		rc = pm_store_commit(st, err);
	goto out;
rollback:
	sqlite3_finalize(im.seen_ins);
	sqlite3_finalize(im.seen_get);
	sqlite3_finalize(im.rt_ins);
	im.seen_ins = im.seen_get = im.rt_ins = NULL;
	pm_store_rollback(st);
out:
	free(types);
	return rc;
}
