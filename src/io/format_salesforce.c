/*
 * powermap — Salesforce exports (reports or Data Loader), one object per
 * file, known by its header (columns in any order, extra ones ignored):
 *
 *   Account  Id, Name, Industry, ParentId, NumberOfEmployees, AnnualRevenue,
 *            CurrencyIsoCode, BillingState, BillingCountry, Website
 *                                                   -> orgs (kind customer;
 *            region: the billing state, else the country)
 *   Contact  Id, FirstName, LastName, Title, Department, Email, AccountId,
 *            Account.Name, ReportsToId              -> people, reports_to
 *   Opportunity  Id, AccountId, Name, StageName, Amount, Probability,
 *            CloseDate, LastModifiedDate, CurrencyIsoCode -> deals
 *   OpportunityContactRole  OpportunityId, ContactId, Role -> buying roles
 *
 * Salesforce Ids are kept: a record created from an export takes its Id as
 * key, so a re-export updates it and never duplicates it. A contact or
 * account already on the map (by email, or by name in its org; an account
 * by name) is matched instead, and every file of the import maps the Ids to
 * the keys. Roles map: Economic Buyer / Economic Decision Maker ->
 * economic_buyer, Decision Maker -> decision_maker, Technical Buyer /
 * Evaluator -> technical_buyer, Business User -> user_buyer, Influencer /
 * Executive Sponsor -> influencer. Stages map: Prospecting -> lead; Closed
 * Won / Lost -> won / lost; Negotiation/Review -> negotiation; Proposal/Price
 * Quote -> proposal; the others -> qualified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "powermap/csv.h"
#include "import_internal.h"

enum object { ACCOUNT, CONTACT, OPPORTUNITY, ROLE, NOBJECTS };

enum {
	F_ID, F_NAME, F_INDUSTRY, F_PARENT, F_FIRST, F_LAST, F_TITLE, F_DEPARTMENT, F_EMAIL,
	F_ACCOUNT, F_ACCOUNT_NAME, F_REPORTS_TO, F_STAGE, F_AMOUNT, F_PROBABILITY, F_CLOSE,
	F_MODIFIED, F_CURRENCY, F_OPPORTUNITY, F_CONTACT, F_ROLE, F_EMPLOYEES, F_REVENUE,
	F_STATE, F_COUNTRY, F_WEBSITE, NFIELDS
};

static const char *const headers[NFIELDS] = {
	"Id", "Name", "Industry", "ParentId", "FirstName", "LastName", "Title", "Department",
	"Email", "AccountId", "Account.Name", "ReportsToId", "StageName", "Amount",
	"Probability", "CloseDate", "LastModifiedDate", "CurrencyIsoCode", "OpportunityId",
	"ContactId", "Role", "NumberOfEmployees", "AnnualRevenue", "BillingState",
	"BillingCountry", "Website"
};

static const struct { const char *sf, *ours; } roles[] = {
	{ "Economic Buyer", "economic_buyer" }, { "Economic Decision Maker", "economic_buyer" },
	{ "Decision Maker", "decision_maker" }, { "Technical Buyer", "technical_buyer" },
	{ "Evaluator", "technical_buyer" }, { "Business User", "user_buyer" },
	{ "Influencer", "influencer" }, { "Executive Sponsor", "influencer" },
};

struct reader {
	struct pm_import *im;
	struct pm_source *src;
	int table;                 /* -1 while probing */
	int col[NFIELDS];
	size_t nfields;
	int header_done, stop;
	struct pm_strbuf a, b;
};

static const char *f(const struct reader *r, const struct pm_csv_record *rec, int c)
{
	return r->col[c] >= 0 && (size_t)r->col[c] < rec->nfields ? rec->fields[r->col[c]] : "";
}

static int parse(struct reader *r, pm_csv_record_fn fn)
{
	if (r->src->data)
		return pm_csv_parse(r->src->data, r->src->len, r->src->path, fn, r, r->im->err);
	return pm_csv_read_file(r->src->path, fn, r, r->im->err);
}

static enum object object_of(const int *col)
{
	if (col[F_OPPORTUNITY] >= 0 && col[F_CONTACT] >= 0)
		return ROLE;
	if (col[F_STAGE] >= 0)
		return OPPORTUNITY;
	if (col[F_LAST] >= 0)
		return CONTACT;
	if (col[F_ID] >= 0 && col[F_NAME] >= 0)
		return ACCOUNT;
	return NOBJECTS;
}

/* Our key for a Salesforce Id of table t: seen in this import, or stored as a key. */
static const char *key_for(struct reader *r, enum pm_table_id t, const char *id)
{
	const char *k = pm_import_ext_get(r->im, id);

	if (k)
		return k;
	return *id && pm_store_key_exists(r->im->st, t, id, r->im->err) == 1 ? id : NULL;
}

static int account(struct reader *r, const struct pm_csv_record *rec)
{
	const char *id = f(r, rec, F_ID), *name = f(r, rec, F_NAME);
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[F_ID], r->col[F_NAME], -1, r->col[F_INDUSTRY],
					 r->col[F_PARENT], -1, -1, r->col[F_EMPLOYEES],
					 r->col[F_REVENUE], r->col[F_CURRENCY], -1, r->col[F_WEBSITE] };
	const char *parent = f(r, rec, F_PARENT), *pk;
	char *key = NULL;
	int64_t oid;
	int rc;

	/* stored already: by Id as key, or by name */
	if (pm_store_key_exists(r->im->st, PM_T_ORGS, id, r->im->err) == 1)
		key = strdup(id);
	else if ((rc = pm_store_org_match(r->im->st, name, &oid, &key, r->im->err)) < 0)
		return rc;
	else if (rc > 0)
		pm_import_matched(r->im, PM_T_ORGS, "name");
	vals[0] = key ? key : id;
	vals[1] = name;
	vals[2] = key && strcmp(key, id) ? NULL : "customer";   /* a matched org keeps its kind */
	vals[3] = *f(r, rec, F_INDUSTRY) ? f(r, rec, F_INDUSTRY) : NULL;
	pk = *parent ? pm_import_ext_get(r->im, parent) : NULL;
	vals[4] = *parent ? (pk ? pk : parent) : NULL;   /* a parent later in the file: its Id */
	vals[7] = *f(r, rec, F_EMPLOYEES) ? f(r, rec, F_EMPLOYEES) : NULL;
	vals[8] = *f(r, rec, F_REVENUE) ? f(r, rec, F_REVENUE) : NULL;
	vals[9] = vals[8] && *f(r, rec, F_CURRENCY) ? f(r, rec, F_CURRENCY) : NULL;
	vals[10] = *f(r, rec, F_STATE) ? f(r, rec, F_STATE)
		 : *f(r, rec, F_COUNTRY) ? f(r, rec, F_COUNTRY) : NULL;
	colpos[10] = *f(r, rec, F_STATE) ? r->col[F_STATE] : r->col[F_COUNTRY];
	vals[11] = *f(r, rec, F_WEBSITE) ? f(r, rec, F_WEBSITE) : NULL;
	if ((rc = pm_import_ext_put(r->im, id, vals[0])) == 0)
		rc = pm_import_record(r->im, PM_T_ORGS, vals, r->src->path, rec->line, colpos);
	free(key);
	return rc;
}

static int contact(struct reader *r, const struct pm_csv_record *rec)
{
	const char *id = f(r, rec, F_ID), *email = f(r, rec, F_EMAIL), *how;
	const char *org = key_for(r, PM_T_ORGS, f(r, rec, F_ACCOUNT));
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[F_ID], r->col[F_LAST], r->col[F_ACCOUNT],
					 r->col[F_TITLE], r->col[F_DEPARTMENT], r->col[F_EMAIL],
					 -1, -1, -1, -1, -1 };
	struct pm_person_match m;
	char *key = NULL, *org_key = NULL;
	int64_t pid, oid = 0;
	int rc;

	pm_import_full_name(f(r, rec, F_FIRST), f(r, rec, F_LAST), &r->a);
	if (!org && *f(r, rec, F_ACCOUNT_NAME) &&
	    (rc = pm_store_org_match(r->im->st, f(r, rec, F_ACCOUNT_NAME), &oid, &org_key,
				     r->im->err)) < 0)
		return rc;
	if (org && (rc = pm_store_org_resolve(r->im->st, org, &oid, NULL, NULL)) < 0)
		oid = 0;
	m.url = NULL;
	m.email = email;
	m.name = pm_strbuf_str(&r->a);
	m.org_id = oid;
	if (pm_store_key_exists(r->im->st, PM_T_PEOPLE, id, r->im->err) == 1)
		key = strdup(id);
	else if ((rc = pm_store_person_match(r->im->st, &m, &pid, &key, &how, r->im->err)) < 0)
		goto out;
	else if (rc > 0)
		pm_import_matched(r->im, PM_T_PEOPLE, how);
	vals[0] = key ? key : id;
	vals[1] = pm_strbuf_str(&r->a);
	vals[2] = org ? org : org_key;
	vals[3] = *f(r, rec, F_TITLE) ? f(r, rec, F_TITLE) : NULL;
	vals[4] = *f(r, rec, F_DEPARTMENT) ? f(r, rec, F_DEPARTMENT) : NULL;
	vals[5] = *email ? email : NULL;
	if ((rc = pm_import_ext_put(r->im, id, vals[0])) == 0)
		rc = pm_import_record(r->im, PM_T_PEOPLE, vals, r->src->path, rec->line, colpos);
out:
	free(key);
	free(org_key);
	return rc;
}

/* Links phase of a contact file: reports_to from ReportsToId. */
static int reports_to(struct reader *r, const struct pm_csv_record *rec)
{
	const char *who = key_for(r, PM_T_PEOPLE, f(r, rec, F_ID));
	const char *boss = key_for(r, PM_T_PEOPLE, f(r, rec, F_REPORTS_TO));
	/* no source: the org chart is one, whoever says it (no second line) */
	const char *vals[PM_TABLE_MAXCOLS] = { who, boss, "reports_to", NULL, NULL, NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[F_ID], r->col[F_REPORTS_TO], -1, -1, -1, -1 };

	if (!*f(r, rec, F_REPORTS_TO) || !who)
		return 0;
	if (!boss) {
		pm_import_source(r->im, r->src->path);
		pm_import_diag(r->im, rec->line, (size_t)r->col[F_REPORTS_TO] + 1, 0,
			       "ReportsToId '%s' is no contact of this import or the map",
			       f(r, rec, F_REPORTS_TO));
		return 0;
	}
	return pm_import_record(r->im, PM_T_LINKS, vals, r->src->path, rec->line, colpos);
}

static const char *stage_of(const char *s)
{
	if (!*s)
		return NULL;
	if (!strcasecmp(s, "Closed Won"))
		return "won";
	if (!strcasecmp(s, "Closed Lost"))
		return "lost";
	if (!strcasecmp(s, "Prospecting"))
		return "lead";
	if (!strncasecmp(s, "Negotiation", 11))
		return "negotiation";
	if (!strncasecmp(s, "Proposal", 8))
		return "proposal";
	return "qualified";
}

static int opportunity(struct reader *r, const struct pm_csv_record *rec)
{
	const char *account = key_for(r, PM_T_ORGS, f(r, rec, F_ACCOUNT));
	const char *p = f(r, rec, F_PROBABILITY), *modified = f(r, rec, F_MODIFIED);
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[F_ID], r->col[F_ACCOUNT], r->col[F_NAME],
					 r->col[F_STAGE], r->col[F_AMOUNT], r->col[F_CURRENCY],
					 r->col[F_PROBABILITY], r->col[F_CLOSE], r->col[F_MODIFIED] };
	char prob[32], day[11];

	vals[0] = f(r, rec, F_ID);
	vals[1] = account ? account : f(r, rec, F_ACCOUNT);   /* unknown: reported by name */
	vals[2] = *f(r, rec, F_NAME) ? f(r, rec, F_NAME) : NULL;
	vals[3] = stage_of(f(r, rec, F_STAGE));
	vals[4] = *f(r, rec, F_AMOUNT) ? f(r, rec, F_AMOUNT) : NULL;
	vals[5] = *f(r, rec, F_CURRENCY) ? f(r, rec, F_CURRENCY) : NULL;
	if (*p) {
		/* Salesforce says 0-100 */
		snprintf(prob, sizeof(prob), "%.4g", strtod(p, NULL) / 100.0);
		vals[6] = prob;
	}
	vals[7] = *f(r, rec, F_CLOSE) ? f(r, rec, F_CLOSE) : NULL;
	if (*modified) {
		snprintf(day, sizeof(day), "%.10s", modified);   /* 2026-11-20T09:30:00.000Z */
		vals[8] = day;
	}
	return pm_import_record(r->im, PM_T_DEALS, vals, r->src->path, rec->line, colpos);
}

static int keep_name(const struct pm_person_row *p, void *ctx)
{
	struct pm_strbuf *sb = ctx;

	pm_strbuf_reset(sb);
	return pm_strbuf_puts(sb, p->name);
}

static int contact_role(struct reader *r, const struct pm_csv_record *rec)
{
	const char *person = key_for(r, PM_T_PEOPLE, f(r, rec, F_CONTACT));
	const char *role = f(r, rec, F_ROLE), *ours = NULL;
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS];
	size_t i;
	int64_t id;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcasecmp(role, roles[i].sf))
			ours = roles[i].ours;
	pm_import_source(r->im, r->src->path);
	if (!person) {
		pm_import_diag(r->im, rec->line, (size_t)r->col[F_CONTACT] + 1, 0,
			       "ContactId '%s' is no contact of this import or the map",
			       f(r, rec, F_CONTACT));
		return 0;
	}
	if (!ours) {
		if (*role)
			pm_import_diag(r->im, rec->line, (size_t)r->col[F_ROLE] + 1, 1,
				       "contact role '%s' has no buying role here; left out", role);
		return 0;
	}
	/* the person's name, for the record (only the role changes) */
	if (pm_store_person_resolve(r->im->st, person, &id, NULL, NULL) < 0 ||
	    pm_store_person_get(r->im->st, id, keep_name, &r->b, NULL) < 0)
		return 0;
	for (i = 0; i < PM_TABLE_MAXCOLS; i++)
		colpos[i] = -1;
	colpos[7] = r->col[F_ROLE];
	vals[0] = person;
	vals[1] = pm_strbuf_str(&r->b);
	vals[7] = ours;
	return pm_import_update(r->im, PM_T_PEOPLE, vals, r->src->path, rec->line, colpos);
}

static int on_row(const struct pm_csv_record *rec, void *ctx)
{
	struct reader *r = ctx;
	size_t i;
	int c, rc;

	if (!r->header_done) {
		r->header_done = 1;
		for (c = 0; c < NFIELDS; c++)
			r->col[c] = -1;
		for (i = 0; i < rec->nfields; i++)
			for (c = 0; c < NFIELDS; c++)
				if (!strcmp(rec->fields[i], headers[c]))
					r->col[c] = (int)i;
		r->nfields = rec->nfields;
		return r->table < 0;
	}
	if (rec->nfields != r->nfields) {
		pm_import_source(r->im, r->src->path);
		pm_import_diag(r->im, rec->line, 0, 0, "expected %zu fields as in the header, "
			       "found %zu", r->nfields, rec->nfields);
		return r->im->diags->nerrors > r->im->max_errors;
	}
	switch (r->src->kind) {
	case ACCOUNT: rc = account(r, rec); break;
	case CONTACT: rc = r->table == PM_T_PEOPLE ? contact(r, rec) : reports_to(r, rec); break;
	case OPPORTUNITY: rc = opportunity(r, rec); break;
	default: rc = contact_role(r, rec); break;
	}
	if (rc < 0)
		r->stop = rc;
	return rc;
}

static int probe(struct pm_import *im, struct pm_source *src, unsigned *tables)
{
	static const unsigned feeds[NOBJECTS] = {
		1u << PM_T_ORGS, 1u << PM_T_PEOPLE | 1u << PM_T_LINKS, 1u << PM_T_DEALS,
		1u << PM_T_PEOPLE
	};
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.im = im;
	r.src = src;
	r.table = -1;
	*tables = 0;
	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	rc = parse(&r, on_row);
	if (rc < 0 && rc != PM_EINVAL)
		return rc;
	src->kind = r.header_done ? object_of(r.col) : NOBJECTS;
	if (src->kind == NOBJECTS) {
		pm_import_diag(im, 1, 0, 0, "not a Salesforce Account, Contact, Opportunity or "
			       "OpportunityContactRole export (no Id/Name, LastName, StageName or "
			       "OpportunityId/ContactId header)");
		return 0;
	}
	*tables = feeds[src->kind];
	src->order = src->kind == ROLE;   /* roles after every contact */
	return 0;
}

static int read_table(struct pm_import *im, struct pm_source *src, enum pm_table_id t)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.im = im;
	r.src = src;
	r.table = (int)t;
	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	pm_import_progress(im, "reading", src->path, 0);
	rc = parse(&r, on_row);
	pm_strbuf_release(&r.a);
	pm_strbuf_release(&r.b);
	return pm_import_read_done(im, src->path, rc, r.stop);
}

const struct pm_format pm_format_salesforce = { "salesforce", probe, read_table };
