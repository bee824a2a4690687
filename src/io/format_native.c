/*
 * powermap — the native CSV format (DESIGN §8): one table per file, known by
 * its header (or --type), columns matched by name in any order, unknown
 * columns warned about. A reader on the import pipeline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/csv.h"
#include "powermap/names.h"
#include "import_internal.h"

#define MAX_FIELDS 64

/* The columns of people files: a key is found or made when not given. */
enum { P_KEY, P_NAME, P_ORG, P_EMAIL = 5 };   /* the order of store/table.c */
/* ... and of org files. */
enum { O_KEY, O_NAME, O_KIND };

/*
 * A people file may give the name as 姓 and 名 (parts: PM_NAME_LAST |
 * PM_NAME_FIRST), and no key when it says enough to tell its people by:
 * their name and their org or email (people_keys.c).
 */
static void people_without_key(unsigned char *present, int parts, int *score)
{
	if (!present[P_NAME] && parts == (PM_NAME_LAST | PM_NAME_FIRST)) {
		present[P_NAME] = 1;
		++*score;
	}
	if (!present[P_KEY] && present[P_NAME] && (present[P_ORG] || present[P_EMAIL]))
		present[P_KEY] = 1;
}

/*
 * An org file may have no key (a list of companies: 会社名, 業種, 従業員数,
 * 売上高 ...) when it names their name and a column only orgs have (not
 * notes: 名前,メモ is no list of companies); its kind is then the stored
 * org's, the row's, or --new-orgs'.
 */
static void orgs_without_key(unsigned char *present)
{
	const struct pm_table *tab = &pm_tables[PM_T_ORGS];
	size_t c;

	if (present[O_KEY] || !present[O_NAME])
		return;
	for (c = O_KIND; c < tab->ncols; c++)
		if (present[c] && strcmp(tab->cols[c].name, "notes")) {
			present[O_KEY] = present[O_KIND] = 1;
			return;
		}
}

/*
 * Which columns of table t a header names (present[c] set), each header
 * folded once; returns how many distinct ones, and through *ok whether
 * every required column is among them.
 */
static int columns_named(enum pm_table_id t, const char *const *header, size_t n,
			 unsigned char present[PM_TABLE_MAXCOLS], int *ok)
{
	const struct pm_table *tab = &pm_tables[t];
	int score = 0, c;
	size_t i;

	int parts = 0;

	memset(present, 0, PM_TABLE_MAXCOLS);
	for (i = 0; i < n; i++)
		if ((c = pm_native_column(t, header[i])) >= 0 && !present[c]) {
			present[c] = 1;
			score++;
		} else if (c < 0 && t == PM_T_PEOPLE) {
			parts |= pm_native_name_part(header[i]);
		}
	if (t == PM_T_PEOPLE)
		people_without_key(present, parts, &score);
	if (t == PM_T_ORGS)
		orgs_without_key(present);
	*ok = 1;
	for (i = 0; i < tab->ncols; i++)
		if (!present[i] && (tab->cols[i].flags & PM_COL_REQUIRED))
			*ok = 0;
	return score;
}

int pm_import_detect(const char *const *header, size_t n)
{
	unsigned char present[PM_TABLE_MAXCOLS];
	int best = -1, best_score = 0, t, ok, score;

	for (t = 0; t < PM_T_COUNT; t++)
		if ((score = columns_named((enum pm_table_id)t, header, n, present, &ok)) >
		    best_score && ok) {
			best = t;
			best_score = score;
		}
	return best;
}

/*
 * Why no table fits a header: the table it names most columns of, and the
 * required columns it lacks ("key (キー)"), into missing. -1 when it names
 * none of any table's columns.
 */
static int nearest_table(const char *const *header, size_t n, struct pm_strbuf *missing)
{
	unsigned char present[PM_TABLE_MAXCOLS];
	int best = -1, best_score = 0, t, ok, score;
	size_t c;

	for (t = 0; t < PM_T_COUNT; t++)
		if ((score = columns_named((enum pm_table_id)t, header, n, present, &ok)) >
		    best_score) {
			best = t;
			best_score = score;
		}
	if (best < 0)
		return -1;
	columns_named((enum pm_table_id)best, header, n, present, &ok);
	for (c = 0; c < pm_tables[best].ncols; c++) {
		const struct pm_column *col = &pm_tables[best].cols[c];
		const char *ja;
		if (!(col->flags & PM_COL_REQUIRED) || present[c])
			continue;
		if (missing->len)
			pm_strbuf_puts(missing, ", ");
		pm_strbuf_puts(missing, col->name);
		if ((ja = pm_native_header_ja((enum pm_table_id)best, col->name)))
			pm_strbuf_addf(missing, " (%s)", ja);
	}
	return best;
}

/*
 * Whether a people file's header is a list without keys that names orgs:
 * then --new-orgs makes the orgs it names that are not known, in a pass of
 * their own before the people (new_org).
 */
static int names_orgs_without_key(struct pm_import *im, char *const *fields, size_t n)
{
	int key = 0, org = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *mapped = pm_colmap_name_of(&im->map, fields[i]);
		int c = mapped ? pm_table_col(&pm_tables[PM_T_PEOPLE], mapped)
			       : pm_native_column(PM_T_PEOPLE, fields[i]);
		key |= c == P_KEY;
		org |= c == P_ORG;
	}
	return org && !key;
}

/* Parse the source (from memory when it can be read only once). */
static int parse(struct pm_import *im, const struct pm_source *src, pm_csv_record_fn fn,
		 void *ctx)
{
	if (src->data)
		return pm_csv_parse(src->data, src->len, src->path, fn, ctx, im->err);
	return pm_csv_read_file(src->path, fn, ctx, im->err);
}

/* The header, for probing. */
struct header {
	char **fields;
	size_t n, line;
	int nomem;
};

static int grab_header(const struct pm_csv_record *rec, void *ctx)
{
	struct header *h = ctx;
	size_t i;

	if (!(h->fields = calloc(rec->nfields + 1, sizeof(char *))))
		return h->nomem = PM_ENOMEM;
	h->n = rec->nfields;
	h->line = rec->line;
	for (i = 0; i < rec->nfields; i++)
		if (!(h->fields[i] = strdup(rec->fields[i])))
			return h->nomem = PM_ENOMEM;
	return 1; /* stop after the header */
}

static void header_free(struct header *h)
{
	size_t i;

	for (i = 0; h->fields && i < h->n; i++)
		free(h->fields[i]);
	free(h->fields);
}

static int probe(struct pm_import *im, struct pm_source *src, unsigned *tables)
{
	struct header h = { NULL, 0, 0, 0 };
	int rc;

	*tables = 0;
	src->table = -1;
	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	rc = parse(im, src, grab_header, &h);
	if (h.nomem || (rc < 0 && rc != PM_EINVAL)) {
		header_free(&h);
		return h.nomem ? pm_error_set(im->err, PM_ENOMEM, "out of memory") : rc;
	}
	/* --map: a header that holds one of our columns reads as that column */
	for (size_t i = 0; h.fields && i < h.n; i++) {
		const char *name = pm_colmap_name_of(&im->map, h.fields[i]);
		char *copy;
		if (name && (copy = strdup(name))) {
			free(h.fields[i]);
			h.fields[i] = copy;
		}
	}
	if (!h.fields && rc == PM_EINVAL)
		pm_import_csv_error(im);
	else if (!h.fields)
		pm_import_diag(im, 1, 0, 0, "empty file: a header row is required");
	else if (im->opts.type >= 0)
		src->table = im->opts.type;
	else if ((src->table = pm_import_detect((const char *const *)h.fields, h.n)) < 0 &&
		 src->sheet)
		/* a workbook's cover, notes or lists: not ours to read */
		pm_import_diag(im, h.line, 0, 1, "sheet passed over: none of its first rows names "
			       "the columns of a table (orgs: key, name, kind; people: key, name, "
			       "org ...)");
	else if (src->table < 0) {
		struct pm_strbuf missing = PM_STRBUF_INIT;
		int near = nearest_table((const char *const *)h.fields, h.n, &missing);
		if (near >= 0 && missing.len)
			pm_import_diag(im, h.line, 0, 0, "cannot tell what this file holds from its "
				       "header: a file of %s needs the column %s; add it, or "
				       "name the kind with --type", pm_msg(pm_tables[near].name),
				       pm_strbuf_str(&missing));
		else
			pm_import_diag(im, h.line, 0, 0, "cannot tell what this file holds from its "
				       "header; name the kind with --type");
		pm_strbuf_release(&missing);
	}
	if (src->table >= 0)
		*tables = 1u << src->table;
	if (src->table == PM_T_PEOPLE && im->opts.new_orgs &&
	    names_orgs_without_key(im, h.fields, h.n))
		*tables |= 1u << PM_T_ORGS;
	header_free(&h);
	return 0;
}

/* Reading one file's rows into records of its table. */
struct reader {
	struct pm_import *im;
	const struct pm_source *src;
	enum pm_table_id table;
	int colmap[MAX_FIELDS];    /* header field -> table column, or -1 */
	size_t nheader, rows;
	int header_done, stop;
	/* people files: the name from 姓 and 名, keys found or made */
	int last_col, first_col;   /* fields of the name's halves, or -1 */
	int join_name, make_key;
	int orgs_pass;             /* the orgs a list names (new_org), not its people */
	struct pm_strbuf name, key, made;
	/* numbers given in a unit (売上高（百万円）): the factor of each field, and
	 * the column of yen the unit implies when the file has no currency */
	double scale[MAX_FIELDS];
	unsigned char yen[MAX_FIELDS];   /* the unit says yen (円 too, whose factor is 1) */
	int yen_col;
	struct pm_strbuf scaled[PM_TABLE_MAXCOLS];
};

/* Map header fields to table columns; report unknown and missing ones. */
static int setup_header(struct reader *r, const struct pm_csv_record *rec)
{
	const struct pm_table *tab = &pm_tables[r->table];
	int seen[PM_TABLE_MAXCOLS] = { 0 };
	size_t i;
	int ok = 1;

	r->nheader = rec->nfields;
	if (rec->nfields > MAX_FIELDS) {
		pm_import_diag(r->im, rec->line, MAX_FIELDS + 1, 0,
			       "too many columns (%zu; at most %d)", rec->nfields, MAX_FIELDS);
		return 0;
	}
	for (i = 0; i < rec->nfields; i++) {
		const char *mapped = pm_colmap_name_of(&r->im->map, rec->fields[i]);
		int c = mapped ? pm_table_col(tab, mapped) : pm_native_column(r->table, rec->fields[i]);
		int part = c < 0 && r->table == PM_T_PEOPLE ?
			   pm_native_name_part(mapped ? mapped : rec->fields[i]) : 0;
		r->colmap[i] = c;
		if (part == PM_NAME_LAST && r->last_col < 0)
			r->last_col = (int)i;
		if (part == PM_NAME_FIRST && r->first_col < 0)
			r->first_col = (int)i;
		if (part)
			continue;   /* used when there is no name column, else not needed */
		if (c < 0 && r->src->sheet && !*rec->fields[i])
			continue;   /* a sheet's column with no header: cells beside the table */
		if (c < 0) {
			pm_import_diag(r->im, rec->line, i + 1, 1,
				       "unknown column '%s' in %s file ignored", rec->fields[i],
				       pm_msg(tab->name));
			continue;
		}
		if (seen[c]++) {
			pm_import_diag(r->im, rec->line, i + 1, 0, "column '%s' appears twice",
				       rec->fields[i]);
			ok = 0;
		}
		if (!mapped && tab->cols[c].type == PM_COL_NUMBER) {
			int yen;
			r->scale[i] = pm_native_unit(rec->fields[i], &yen);
			r->yen[i] = (unsigned char)yen;
			if (yen)
				r->yen_col = pm_table_col(tab, "currency");
		}
	}
	if (r->yen_col >= 0 && seen[r->yen_col])
		r->yen_col = -1;   /* the file says its currency */
	if (r->table == PM_T_PEOPLE && !seen[P_NAME] && r->last_col >= 0 && r->first_col >= 0)
		r->join_name = seen[P_NAME] = 1;
	if (r->table == PM_T_PEOPLE && !seen[P_KEY] && seen[P_NAME])
		r->make_key = seen[P_KEY] = 1;
	if (r->table == PM_T_ORGS && !seen[O_KEY] && seen[O_NAME])
		r->make_key = seen[O_KEY] = seen[O_KIND] = 1;   /* org_row_key */
	for (i = 0; i < tab->ncols; i++)
		if ((tab->cols[i].flags & PM_COL_REQUIRED) && !seen[i]) {
			pm_import_diag(r->im, rec->line, 0, 0, "missing required column '%s' for %s",
				       tab->cols[i].name, tab->name);
			ok = 0;
		}
	return ok;
}

/* Whether a cell is missing or holds only spaces (full-width ones too). */
static int blank(const char *s)
{
	while (s && (*s == ' ' || !strncmp(s, "\u3000", 3)))
		s += *s == ' ' ? 1 : 3;
	return !s || !*s;
}

/*
 * A new org's key, made of its name (東西物産株式会社: 東西物産), into r->made:
 * 0, 1 when the name is not UTF-8 (reported elsewhere), <0.
 */
static int new_org_key(struct reader *r, const char *name)
{
	int rc;

	if ((rc = pm_org_name_key(name, &r->key)) == PM_EINVAL)
		return 1;
	if (rc < 0)
		return r->im->fatal = pm_error_set(r->im->err, rc, "out of memory");
	if ((rc = pm_import_fresh_key(r->im, PM_T_ORGS, pm_strbuf_str(&r->key), &r->made)) < 0)
		return r->im->fatal = rc;
	return 0;
}

/*
 * A list's row names an org the store does not know, and --new-orgs was not
 * given: an error at the org's cell, saying the first time what to do. 1
 * (the row is left), or <0.
 */
static int unknown_org(struct reader *r, const struct pm_csv_record *rec, const char *org,
		       int col)
{
	size_t at = col >= 0 ? (size_t)col + 1 : 0;

	pm_strbuf_reset(&r->made);
	pm_strbuf_addf(&r->made, "\x1funknown-org\x1f%s", org);
	if (r->made.oom)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	if (pm_import_ext_get(r->im, pm_strbuf_str(&r->made))) {
		pm_import_diag(r->im, rec->line, at, 0, "unknown %s '%s'", pm_msg("org"), org);
		return 1;
	}
	if (pm_import_ext_put(r->im, pm_strbuf_str(&r->made), "") < 0)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	pm_import_diag(r->im, rec->line, at, 0, "unknown org '%s': add it first ('powermap add "
		       "org'), or import the list with --new-orgs KIND (customer, partner ...) to "
		       "add the orgs it names that are not known", org);
	return 1;
}

/*
 * The orgs pass of a list without keys under --new-orgs: the row's org,
 * when the store does not know it (by key or name, as the row's own check
 * will look it up), is added as a new org of that kind, keyed by its name.
 * 0 to go on, 1 to stop, <0.
 */
static int new_org(struct reader *r, const struct pm_csv_record *rec, const char *const *vals,
		   const int *colpos)
{
	const char *org = vals[P_ORG], *ovals[PM_TABLE_MAXCOLS] = { NULL };
	int opos[PM_TABLE_MAXCOLS], rc;
	char *key = NULL;
	int64_t id;
	size_t i;

	if (blank(org))
		return 0;
	rc = pm_store_org_resolve(r->im->st, org, &id, &key, r->im->err);
	free(key);
	if (rc == 0 || rc == PM_EAMBIGUOUS) {   /* known; or the row's check says which */
		pm_error_clear(r->im->err);
		return 0;
	}
	if (rc != PM_ENOTFOUND)
		return r->im->fatal = rc;
	pm_error_clear(r->im->err);
	if ((rc = new_org_key(r, org)) != 0)
		return rc < 0 ? rc : 0;   /* not UTF-8: the people pass reports the row */
	for (i = 0; i < PM_TABLE_MAXCOLS; i++)
		opos[i] = -1;
	ovals[0] = pm_strbuf_str(&r->made);
	ovals[1] = org;
	opos[1] = colpos[P_ORG];
	ovals[2] = r->im->opts.new_orgs;
	return pm_import_record(r->im, PM_T_ORGS, ovals, r->src->path, rec->line, opos);
}

/*
 * The key of a row of an org file without keys: the stored org of its name
 * (by key, name, or name as people write it: 関東精機(株)), whose name and
 * kind it keeps; else a new org keyed by its name, of the row's kind or
 * --new-orgs'. 0 with vals[O_KEY] set; 1 when the row is reported; <0.
 */
static int org_row_key(struct reader *r, const struct pm_csv_record *rec, const char **vals,
		       int *colpos)
{
	const char *name = vals[O_NAME];
	size_t at = colpos[O_NAME] >= 0 ? (size_t)colpos[O_NAME] + 1 : 0;
	char *key = NULL;
	int64_t id;
	int rc;

	if (blank(name)) {
		pm_import_diag(r->im, rec->line, at, 0, "name is required (it tells which org the "
			       "row is: the file has no key column)");
		return 1;
	}
	if ((rc = pm_import_store_ready(r->im)) < 0)
		return rc;
	rc = pm_store_org_resolve(r->im->st, vals[O_NAME], &id, &key, r->im->err);
	if (rc == 0) {
		pm_strbuf_reset(&r->made);
		pm_strbuf_puts(&r->made, key);
		free(key);
		if (r->made.oom)
			return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
		vals[O_NAME] = NULL;   /* 関東精機(株) found 関東精機株式会社: the name stays */
	} else if (rc == PM_EAMBIGUOUS) {
		pm_import_diag(r->im, rec->line, at, 0, "%s", r->im->err->msg);
		pm_error_clear(r->im->err);
		return 1;
	} else if (rc != PM_ENOTFOUND) {
		return r->im->fatal = rc;
	} else {
		pm_error_clear(r->im->err);
		if (!vals[O_KIND] && !(vals[O_KIND] = r->im->opts.new_orgs)) {
			pm_import_diag(r->im, rec->line, at, 0, "unknown org '%s': to add it, give "
				       "the list a kind column (kind, 区分), or import it with "
				       "--new-orgs KIND (customer, partner ...)", vals[O_NAME]);
			return 1;
		}
		if ((rc = new_org_key(r, vals[O_NAME])) == 1) {
			size_t bad = 0;
			pm_utf8_valid(vals[O_NAME], strlen(vals[O_NAME]), &bad);
			pm_import_diag(r->im, rec->line, at, 0, "invalid UTF-8 (byte %zu of the field)",
				       bad + 1);
		}
		if (rc != 0)
			return rc;
	}
	vals[O_KEY] = pm_strbuf_str(&r->made);
	colpos[O_KEY] = colpos[O_NAME];   /* messages about the org point at its name */
	return 0;
}

/*
 * The key of a row of a people file without keys (people_keys.c): 0 with
 * vals[P_KEY] set; 1 when the row has no name (reported); <0 on failure.
 */
static int row_key(struct reader *r, const struct pm_csv_record *rec, const char **vals,
		   int *colpos)
{
	struct pm_person_given p;
	const char *name = vals[P_NAME], *how;
	int rc, org_unknown;

	if (blank(name)) {
		pm_import_diag(r->im, rec->line, colpos[P_NAME] >= 0 ? (size_t)colpos[P_NAME] + 1 : 0,
			       0, "name is required (it tells who the row is: the file has no "
			       "key column)");
		return 1;
	}
	p.name = vals[P_NAME];
	p.org = vals[P_ORG];
	p.email = vals[P_EMAIL];
	if ((rc = pm_import_person_key(r->im, &p, &r->key, &how, &org_unknown)) < 0)
		return rc;
	if (org_unknown && !r->im->opts.new_orgs)
		return unknown_org(r, rec, p.org, colpos[P_ORG]);
	if (how && !strcmp(how, "email"))
		vals[P_EMAIL] = NULL;   /* found by it: ABE@ is not news about abe@ */
	vals[P_KEY] = pm_strbuf_str(&r->key);
	colpos[P_KEY] = colpos[P_NAME];   /* messages about the person point at the name */
	return 0;
}

/*
 * A number given in a unit (売上高（百万円）: 180,000) as a plain number
 * (180000000000) in vals[c]; yen when the unit says so and the file has no
 * currency. A value that is not a number is left for the checks. 0 or <0.
 */
static int in_units(struct reader *r, int c, double scale, const char **vals)
{
	const struct pm_column *col = &pm_tables[r->table].cols[c];
	struct pm_strbuf *sb = &r->scaled[c];
	const char *v = vals[c];
	char *end;
	double x;
	int rc;

	if (!v || !*v)
		return 0;
	if ((rc = pm_value_normalize(col, v, sb)) < 0)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	if (rc == 0) {
		pm_strbuf_reset(sb);
		pm_strbuf_puts(sb, v);
	}
	x = strtod(pm_strbuf_str(sb), &end);
	if (end == pm_strbuf_str(sb) || *end || !isfinite(x))
		return 0;   /* not a number: the checks say so */
	x *= scale;
	pm_strbuf_reset(sb);
	if (x > -1e18 && x < 1e18 && x == (double)(long long)x)
		pm_strbuf_addf(sb, "%lld", (long long)x);
	else
		pm_strbuf_addf(sb, "%.15g", x);
	if (sb->oom)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	vals[c] = pm_strbuf_str(sb);
	if (r->yen_col >= 0)
		vals[r->yen_col] = "JPY";
	return 0;
}

static int on_row(const struct pm_csv_record *rec, void *ctx)
{
	struct reader *r = ctx;
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS];
	size_t i, bad;
	int ok = 1, rc;

	if (!r->header_done) {
		r->header_done = 1;
		r->im->quiet = r->orgs_pass;   /* the people pass reports the header */
		ok = setup_header(r, rec);
		r->im->quiet = 0;
		return ok ? 0 : 1;
	}
	if (++r->rows % 1000000 == 0)
		pm_import_progress(r->im, "reading", r->src->path, r->rows);
	if (rec->nfields != r->nheader) {
		if (r->orgs_pass)
			return 0;
		pm_import_diag(r->im, rec->line,
			       (rec->nfields < r->nheader ? rec->nfields : r->nheader) + 1, 0,
			       "expected %zu fields as in the header, found %zu", r->nheader,
			       rec->nfields);
		return r->im->diags->nerrors > r->im->max_errors;
	}
	for (i = 0; i < PM_TABLE_MAXCOLS; i++)
		colpos[i] = -1;
	for (i = 0; i < rec->nfields; i++) {
		int c = r->colmap[i];
		/* the pipeline checks the columns it gets; here, what it cannot see */
		if ((c < 0 || memchr(rec->fields[i], '\0', rec->lens[i])) &&
		    !pm_utf8_valid(rec->fields[i], rec->lens[i], &bad)) {
			if (!r->orgs_pass)
				pm_import_diag(r->im, rec->line, i + 1, 0,
					       "invalid UTF-8 (byte %zu of the field)", bad + 1);
			ok = 0;
			continue;
		}
		if (c < 0)
			continue;
		vals[c] = rec->fields[i];
		colpos[c] = (int)i;
	}
	if (!ok)
		return r->orgs_pass ? 0 : r->im->diags->nerrors > r->im->max_errors;
	for (i = 0; i < rec->nfields; i++)
		if (r->colmap[i] >= 0 && (r->scale[i] != 1 || r->yen[i]) &&
		    (rc = in_units(r, r->colmap[i], r->scale[i], vals)) < 0)
			return r->stop = rc;
	if (r->join_name) {
		pm_import_full_name(rec->fields[r->first_col], rec->fields[r->last_col], &r->name);
		vals[P_NAME] = pm_strbuf_str(&r->name);
		colpos[P_NAME] = r->last_col < r->first_col ? r->last_col : r->first_col;
	}
	/* a list found by matching adds what it knows: its empty cells clear nothing */
	for (i = 0; r->make_key && i < PM_TABLE_MAXCOLS; i++)
		if (vals[i] && !*vals[i])
			vals[i] = NULL;
	if (r->orgs_pass) {
		if ((rc = new_org(r, rec, vals, colpos)) < 0)
			r->stop = rc;
		return rc;
	}
	if (r->make_key && (rc = r->table == PM_T_ORGS ? org_row_key(r, rec, vals, colpos)
			    : row_key(r, rec, vals, colpos)) != 0)
		return rc < 0 ? (r->stop = rc) : r->im->diags->nerrors > r->im->max_errors;
	rc = pm_import_record(r->im, r->table, vals, r->src->path, rec->line, colpos);
	if (rc < 0)
		r->stop = rc;
	return rc;
}

static int read_table(struct pm_import *im, struct pm_source *src, enum pm_table_id t)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.im = im;
	r.src = src;
	r.table = t;
	if (t == PM_T_ORGS && src->table == PM_T_PEOPLE) {   /* probe: --new-orgs */
		r.table = PM_T_PEOPLE;
		r.orgs_pass = 1;
	}
	r.last_col = r.first_col = -1;
	r.yen_col = -1;
	for (size_t i = 0; i < MAX_FIELDS; i++)
		r.scale[i] = 1;
	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	pm_import_progress(im, "reading", src->path, 0);
	rc = parse(im, src, on_row, &r);
	pm_strbuf_release(&r.name);
	pm_strbuf_release(&r.key);
	pm_strbuf_release(&r.made);
	for (size_t i = 0; i < PM_TABLE_MAXCOLS; i++)
		pm_strbuf_release(&r.scaled[i]);
	if (rc == PM_EINVAL) {
		pm_import_csv_error(im);
		return im->fatal;
	}
	if (r.stop < 0)
		return r.stop;
	return rc < 0 ? rc : im->fatal;
}

const struct pm_format pm_format_native = { "native", probe, read_table };
