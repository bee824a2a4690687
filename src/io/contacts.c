/*
 * powermap — the engine of the contact exports (LinkedIn connections,
 * business cards): files whose rows are people someone of ours knows. The
 * formats (format_linkedin.c, format_cards.c) say how to find the header
 * and which field is which; the engine does the rest.
 *
 * Each row is a person — matched to a stored one by profile URL, email, or
 * name within the company's org, else created — in the org of its company
 * (matched by name as people write it, else created with kind `other`),
 * and a `knows` tie from the row's owner (a column, or --owner) with the
 * format's source, its strength (opts.link_strength overrides) and the
 * row's date as last contact. The file is read once per table (orgs, then
 * people, then links); each pass finds what the one before wrote.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "powermap/csv.h"
#include "powermap/names.h"
#include "import_internal.h"
#include "contacts.h"

struct reader {
	struct pm_import *im;
	const struct pm_source *src;
	const struct pm_contacts *spec;
	int table;                 /* the phase being fed, or -1 while probing */
	int col[PM_C_COUNT];       /* field of each column, -1: absent */
	size_t nfields, header_line;
	char *owner_key;           /* --owner, when given */
	int64_t owner_id;
	struct pm_strbuf a, b, c;  /* scratch */
	int stop;
};

#define C_FIRST PM_C_FIRST
#define C_LAST PM_C_LAST
#define C_URL PM_C_URL
#define C_EMAIL PM_C_EMAIL
#define C_COMPANY PM_C_COMPANY
#define C_POSITION PM_C_TITLE
#define C_CONNECTED PM_C_DATE

static int parse(struct reader *r, pm_csv_record_fn fn)
{
	if (r->src->data)
		return pm_csv_parse(r->src->data, r->src->len, r->src->path, fn, r, r->im->err);
	return pm_csv_read_file(r->src->path, fn, r, r->im->err);
}

/* The header row: the first record the format recognizes. */
static int find_header(struct reader *r, const struct pm_csv_record *rec)
{
	int c;

	for (c = 0; c < PM_C_COUNT; c++)
		r->col[c] = -1;
	if (!r->spec->header(r->im, (const char *const *)rec->fields, rec->nfields, r->col))
		return 0;
	r->nfields = rec->nfields;
	r->header_line = rec->line;
	return 1;
}

static const char *field(const struct reader *r, const struct pm_csv_record *rec, int c)
{
	return r->col[c] >= 0 && (size_t)r->col[c] < rec->nfields ? rec->fields[r->col[c]] : "";
}

/* "12 Mar 2025" (or any date pm_value_normalize knows) as YYYY-MM-DD into sb; 0 if none. */
static int connected_on(const char *s, struct pm_strbuf *sb)
{
	static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
					      "jul", "aug", "sep", "oct", "nov", "dec" };
	const struct pm_column *col = &pm_tables[PM_T_LINKS].cols[4];   /* last_contact */
	char mon[4] = "";
	int d, y, m, rc;

	pm_strbuf_reset(sb);
	if (sscanf(s, "%d %3s %d", &d, mon, &y) == 3) {
		for (m = 0; m < 12; m++)
			if (!strncasecmp(mon, months[m], 3))
				break;
		if (m < 12) {
			pm_strbuf_addf(sb, "%04d-%02d-%02d", y, m + 1, d);
			return pm_date_valid(pm_strbuf_str(sb));
		}
	}
	if ((rc = pm_value_normalize(col, s, sb)) == 0) {
		pm_strbuf_reset(sb);
		pm_strbuf_puts(sb, s);
	}
	return rc >= 0 && sb->len == 10 && pm_date_valid(pm_strbuf_str(sb));
}

int pm_import_fresh_key(struct pm_import *im, enum pm_table_id t, const char *base,
		     struct pm_strbuf *out)
{
	int n, rc;

	for (n = 1;; n++) {
		pm_strbuf_reset(out);
		pm_strbuf_puts(out, *base ? base : pm_tables[t].singular);
		if (n > 1)
			pm_strbuf_addf(out, "-%d", n);
		if (out->oom)
			return pm_error_set(im->err, PM_ENOMEM, "out of memory");
		if ((rc = pm_store_key_exists(im->st, t, out->buf, im->err)) <= 0)
			return rc;
	}
}

void pm_import_full_name(const char *first, const char *last, struct pm_strbuf *sb)
{
	const char *p;
	int ascii = 1;

	for (p = first; *p; p++)
		ascii &= (unsigned char)*p < 0x80;
	for (p = last; *p; p++)
		ascii &= (unsigned char)*p < 0x80;
	pm_strbuf_reset(sb);
	pm_strbuf_addf(sb, "%s%s%s", ascii ? first : last, *first && *last ? " " : "",
		       ascii ? last : first);
}

/* The slug of a LinkedIn profile URL (.../in/SLUG/), or "". */
static void url_slug(const char *url, struct pm_strbuf *sb)
{
	const char *p = strstr(url, "/in/"), *end;

	pm_strbuf_reset(sb);
	if (!p)
		return;
	p += 4;
	for (end = p; *end && *end != '/' && *end != '?'; end++)
		;
	pm_strbuf_add(sb, p, (size_t)(end - p));
}

/* The org of a row's company: its id (0 when the row has no company). */
static int company_org(struct reader *r, const char *company, int64_t *id, char **key)
{
	*id = 0;
	*key = NULL;
	if (!*company)
		return 0;
	return pm_store_org_match(r->im->st, company, id, key, r->im->err);
}

static int feed_org(struct reader *r, const struct pm_csv_record *rec)
{
	const char *company = field(r, rec, C_COMPANY);
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { -1, r->col[C_COMPANY], -1, -1, -1, -1 };
	int64_t id;
	char *key;
	int rc;

	if ((rc = company_org(r, company, &id, &key)) != 0 || !*company) {
		free(key);
		return rc < 0 ? rc : 0;
	}
	if ((rc = pm_org_name_key(company, &r->a)) < 0 ||
	    (rc = pm_import_fresh_key(r->im, PM_T_ORGS, pm_strbuf_str(&r->a), &r->b)) < 0)
		return rc;
	vals[0] = r->b.buf;
	vals[1] = company;
	vals[2] = r->im->opts.new_orgs ? r->im->opts.new_orgs : "other";
	return pm_import_record(r->im, PM_T_ORGS, vals, r->src->path, rec->line, colpos);
}

/* The stored person a row is about: 1 and *key, or 0. */
static int match_person(struct reader *r, const struct pm_csv_record *rec, char **key,
			const char **how)
{
	struct pm_person_match m;
	int64_t id, org;
	char *org_key = NULL;
	int rc;

	if (r->col[PM_C_NAME] >= 0 && *field(r, rec, PM_C_NAME)) {
		pm_strbuf_reset(&r->c);
		pm_strbuf_puts(&r->c, field(r, rec, PM_C_NAME));
	} else {
		pm_import_full_name(field(r, rec, C_FIRST), field(r, rec, C_LAST), &r->c);
	}
	if ((rc = company_org(r, field(r, rec, C_COMPANY), &org, &org_key)) < 0)
		return rc;
	free(org_key);
	m.url = field(r, rec, C_URL);
	m.email = field(r, rec, C_EMAIL);
	m.name = pm_strbuf_str(&r->c);
	m.org_id = org;
	return pm_store_person_match(r->im->st, &m, &id, key, how, r->im->err);
}

static int feed_person(struct reader *r, const struct pm_csv_record *rec)
{
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS];
	const char *how, *email = field(r, rec, C_EMAIL), *url = field(r, rec, C_URL);
	char *key = NULL, *org_key = NULL;
	int64_t org;
	size_t i;
	int rc;

	if ((rc = match_person(r, rec, &key, &how)) != 0) {
		if (rc > 0)
			pm_import_matched(r->im, PM_T_PEOPLE, how);
		free(key);
		return rc < 0 ? rc : 0;
	}
	/* a new person, named without the honorific an address book may add
	 * (阿部様); keyed by the profile URL, the email, or that name */
	if ((rc = pm_person_name_plain(pm_strbuf_str(&r->c), &r->b)) < 0)
		return rc;
	pm_strbuf_reset(&r->c);
	pm_strbuf_add(&r->c, r->b.buf ? r->b.buf : "", r->b.len);
	url_slug(url, &r->a);
	if (!r->a.len)
		pm_strbuf_puts(&r->a, *email ? email : "");
	if (!r->a.len && (rc = pm_import_name_slug(pm_strbuf_str(&r->c), &r->a)) < 0)
		return rc;
	if ((rc = pm_import_fresh_key(r->im, PM_T_PEOPLE, pm_strbuf_str(&r->a), &r->b)) < 0 ||
	    (rc = company_org(r, field(r, rec, C_COMPANY), &org, &org_key)) < 0)
		return rc;
	for (i = 0; i < PM_TABLE_MAXCOLS; i++)
		colpos[i] = -1;
	vals[0] = r->b.buf;
	vals[1] = pm_strbuf_str(&r->c);
	colpos[1] = r->col[PM_C_NAME] >= 0 ? r->col[PM_C_NAME] : r->col[C_FIRST];
	vals[2] = org_key;
	colpos[2] = r->col[C_COMPANY];
	vals[3] = field(r, rec, C_POSITION);
	colpos[3] = r->col[C_POSITION];
	if (r->col[PM_C_DEPARTMENT] >= 0 && *field(r, rec, PM_C_DEPARTMENT)) {
		vals[4] = field(r, rec, PM_C_DEPARTMENT);
		colpos[4] = r->col[PM_C_DEPARTMENT];
	}
	vals[5] = *email ? email : NULL;
	colpos[5] = r->col[C_EMAIL];
	vals[6] = *url ? url : NULL;
	colpos[6] = r->col[C_URL];
	rc = pm_import_record(r->im, PM_T_PEOPLE, vals, r->src->path, rec->line, colpos);
	free(org_key);
	return rc;
}

/* The key of the row's owner: its owner column, else --owner; NULL after an error. */
static char *row_owner(struct reader *r, const struct pm_csv_record *rec)
{
	const char *who = field(r, rec, PM_C_OWNER);
	struct pm_error perr;
	int64_t id;
	char *key = NULL;
	int rc;

	if (!*who) {
		if (r->owner_key)
			return strdup(r->owner_key);
		pm_import_source(r->im, r->src->path);
		pm_import_diag(r->im, rec->line, (size_t)r->col[PM_C_OWNER] + 1, 0,
			       "whose contact is this? the owner is empty (or give --owner)");
		return NULL;
	}
	rc = pm_store_person_resolve(r->im->st, who, &id, &key, &perr);
	if (rc == 0)
		return key;
	if (rc == PM_ENOTFOUND || rc == PM_EAMBIGUOUS) {
		pm_import_source(r->im, r->src->path);
		pm_import_diag(r->im, rec->line, (size_t)r->col[PM_C_OWNER] + 1, 0, "%s",
			       perr.msg);
	} else {
		r->im->fatal = pm_error_set(r->im->err, rc, "%s", perr.msg);
	}
	return NULL;
}

static int feed_link(struct reader *r, const struct pm_csv_record *rec)
{
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[PM_C_OWNER], r->col[C_FIRST], -1, -1,
					 r->col[C_CONNECTED], -1, -1 };
	const char *how, *when = field(r, rec, C_CONNECTED);
	char *key = NULL, *owner = NULL;
	int rc;

	if ((rc = match_person(r, rec, &key, &how)) <= 0)
		return rc;   /* 0: the person was refused; its error is reported */
	if (!(owner = row_owner(r, rec)) || !strcmp(key, owner))
		goto out;    /* an unknown owner is reported; nobody knows themselves */
	if (*when && !connected_on(when, &r->a)) {
		pm_import_source(r->im, r->src->path);
		pm_import_diag(r->im, rec->line, (size_t)r->col[C_CONNECTED] + 1, 0,
			       "%s '%s' is not a date (%s)", pm_msg(r->spec->date_column), when,
			       r->spec->date_example);
		goto out;
	}
	vals[0] = owner;
	vals[1] = key;
	vals[2] = "knows";
	vals[3] = r->im->opts.link_strength ? r->im->opts.link_strength : r->spec->strength;
	vals[4] = *when ? pm_strbuf_str(&r->a) : NULL;
	vals[5] = r->spec->source;
	rc = pm_import_record(r->im, PM_T_LINKS, vals, r->src->path, rec->line, colpos);
out:
	free(key);
	free(owner);
	return rc < 0 ? rc : r->im->fatal;
}

/*
 * Whether a row names nobody it could be matched by again: no profile URL,
 * no email, and a name without a letter or digit ("@", "-"). Imported, such
 * a row would make a new person every time the file comes in.
 */
static int nobody(struct reader *r, const struct pm_csv_record *rec)
{
	int empty;

	if (*field(r, rec, C_URL) || *field(r, rec, C_EMAIL))
		return 0;
	if (r->col[PM_C_NAME] >= 0 && *field(r, rec, PM_C_NAME)) {
		pm_strbuf_reset(&r->c);
		pm_strbuf_puts(&r->c, field(r, rec, PM_C_NAME));
	} else {
		pm_import_full_name(field(r, rec, C_FIRST), field(r, rec, C_LAST), &r->c);
	}
	if (pm_person_name_key(pm_strbuf_str(&r->c), &r->a) < 0)
		return 0;   /* not UTF-8: validation says so */
	empty = !r->a.len;
	pm_strbuf_reset(&r->a);
	return empty;
}

static int on_row(const struct pm_csv_record *rec, void *ctx)
{
	struct reader *r = ctx;
	int rc;

	if (!r->header_line)
		return find_header(r, rec) && r->table < 0 ? 1 : 0;   /* probing stops here */
	if (rec->nfields == 1 && !*rec->fields[0])
		return 0;
	if (rec->nfields != r->nfields) {
		if (r->table != PM_T_ORGS)
			return 0;   /* said once, in the first pass, not in every pass */
		pm_import_source(r->im, r->src->path);
		pm_import_diag(r->im, rec->line, 0, 0,
			       "expected %zu fields as in the header, found %zu", r->nfields,
			       rec->nfields);
		return r->im->diags->nerrors > r->im->max_errors;
	}
	if (!*field(r, rec, C_FIRST) && !*field(r, rec, C_LAST) && !*field(r, rec, PM_C_NAME))
		return 0;   /* LinkedIn leaves rows of deleted members empty */
	if (nobody(r, rec)) {
		if (r->table == PM_T_PEOPLE) {   /* said once, not in every pass */
			pm_import_source(r->im, r->src->path);
			pm_import_diag(r->im, rec->line, 0, 1, "'%s' has no letter or digit, email "
				       "or profile URL to know them by: left out",
				       pm_strbuf_str(&r->c));
		}
		return 0;
	}
	rc = r->table == PM_T_ORGS ? feed_org(r, rec)
		: r->table == PM_T_PEOPLE ? feed_person(r, rec) : feed_link(r, rec);
	if (rc < 0)
		r->stop = rc;
	return rc;
}

static void reader_free(struct reader *r)
{
	free(r->owner_key);
	pm_strbuf_release(&r->a);
	pm_strbuf_release(&r->b);
	pm_strbuf_release(&r->c);
}

static int reader_init(struct reader *r, struct pm_import *im, const struct pm_source *src,
		       const struct pm_contacts *spec, int table)
{
	struct pm_error perr;
	int rc;

	memset(r, 0, sizeof(*r));
	r->im = im;
	r->src = src;
	r->spec = spec;
	r->table = table;
	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	if (!im->opts.owner)
		return 0;
	rc = pm_store_person_resolve(im->st, im->opts.owner, &r->owner_id, &r->owner_key, &perr);
	if (rc == PM_ENOTFOUND || rc == PM_EAMBIGUOUS)
		pm_import_diag(im, 0, 0, 0, "--owner: %s", perr.msg);
	else if (rc < 0)
		return pm_error_set(im->err, rc, "%s", perr.msg);
	return 0;
}

int pm_contacts_header(struct pm_import *im, const char *const *fields, size_t n, int *col,
		       const struct pm_contacts_column *named, size_t nnamed,
		       const struct pm_contacts_column *known, size_t nknown)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const char *name = pm_colmap_name_of(&im->map, fields[i]);
		int c = -1;
		for (k = 0; name && c < 0 && k < nnamed; k++)
			if (!strcmp(named[k].name, name))
				c = named[k].c;
		for (k = 0; c < 0 && k < nknown; k++)
			if (!strcasecmp(fields[i], known[k].name))
				c = known[k].c;
		if (c >= 0 && col[c] < 0)
			col[c] = (int)i;
	}
	return col[PM_C_NAME] >= 0 || (col[PM_C_FIRST] >= 0 && col[PM_C_LAST] >= 0);
}

int pm_contacts_probe(const struct pm_contacts *spec, struct pm_import *im,
		      struct pm_source *src, unsigned *tables)
{
	struct reader r;
	int rc;

	*tables = 0;
	if ((rc = reader_init(&r, im, src, spec, -1)) < 0)
		goto out;
	rc = parse(&r, on_row);
	if (rc < 0 && rc != PM_EINVAL)
		goto out;
	rc = 0;
	if (!r.header_line) {
		pm_import_diag(im, 0, 0, 0, "%s", pm_msg(spec->no_header));
	} else if (r.col[PM_C_OWNER] < 0 && !im->opts.owner) {
		pm_import_diag(im, 0, 0, 0, "%s", pm_msg(spec->no_owner));
	} else {
		if ((spec->date_column && r.col[C_CONNECTED] < 0) || r.col[C_COMPANY] < 0)
			pm_import_diag(im, r.header_line, 0, 1, "%s", pm_msg(spec->partial));
		if (!im->opts.owner || r.owner_key)
			*tables = 1u << PM_T_ORGS | 1u << PM_T_PEOPLE | 1u << PM_T_LINKS;
	}
out:
	reader_free(&r);
	return rc;
}

int pm_contacts_read(const struct pm_contacts *spec, struct pm_import *im,
		     struct pm_source *src, enum pm_table_id t)
{
	struct reader r;
	int rc;

	if ((rc = reader_init(&r, im, src, spec, (int)t)) < 0 || (im->opts.owner && !r.owner_key))
		goto out;
	pm_import_progress(im, "reading", src->path, 0);
	rc = parse(&r, on_row);
	rc = pm_import_read_done(im, src->path, rc, r.stop);
out:
	reader_free(&r);
	return rc < 0 ? rc : im->fatal;
}
