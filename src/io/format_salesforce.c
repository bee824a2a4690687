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
 *   User     Id, Username, FirstName, LastName, Email, Title, Department,
 *            IsActive, UserType                     -> our people
 *   Task     Id, WhoId, OwnerId, Subject, ActivityDate, Status, IsClosed,
 *            TaskSubtype, Type, CallType, CallDurationInSeconds,
 *            CompletedDateTime                      -> interactions
 *   Event    Id, WhoId, OwnerId, Subject, StartDateTime, EndDateTime,
 *            DurationInMinutes, IsAllDayEvent, ActivityDate, Type
 *                                                   -> interactions
 *   EmailMessage  Id, ActivityId, CreatedById, FromAddress, ToAddress,
 *            CcAddress, Subject, MessageDate, Incoming, Status
 *                                                   -> emails with their
 *            direction: a reply (Incoming) from its sender, a sent one to
 *            each recipient on the map (the Task Salesforce logs for the
 *            same email, its ActivityId, is then left out)
 *   EventRelation  EventId, RelationId, IsWhat, Status
 *   TaskRelation   TaskId, RelationId, IsWhat       -> the same interaction
 *            with each further contact of a meeting or call (Shared
 *            Activities: WhoId names only the first); read after the Event
 *            and Task files of the same import
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
#include <time.h>
#include "powermap/csv.h"
#include "import_internal.h"

enum object {
	ACCOUNT, CONTACT, OPPORTUNITY, ROLE, USER, TASK, EVENT, RELATION, EMAIL, NOBJECTS
};

enum {
	F_ID, F_NAME, F_INDUSTRY, F_PARENT, F_FIRST, F_LAST, F_TITLE, F_DEPARTMENT, F_EMAIL,
	F_ACCOUNT, F_ACCOUNT_NAME, F_REPORTS_TO, F_STAGE, F_AMOUNT, F_PROBABILITY, F_CLOSE,
	F_MODIFIED, F_CURRENCY, F_OPPORTUNITY, F_CONTACT, F_ROLE, F_EMPLOYEES, F_REVENUE,
	F_STATE, F_COUNTRY, F_WEBSITE, F_USERNAME, F_ACTIVE, F_USER_TYPE, F_WHO, F_OWNER,
	F_SUBJECT, F_ACTIVITY_DATE, F_STATUS, F_CLOSED, F_SUBTYPE, F_TYPE, F_CALL_TYPE,
	F_CALL_SECONDS, F_COMPLETED, F_START, F_END, F_DURATION, F_ACTIVITY_TIME, F_ALL_DAY,
	F_EVENT_ID, F_TASK_ID, F_RELATION, F_IS_WHAT, F_ACTIVITY_ID, F_CREATED_BY, F_FROM,
	F_TO, F_CC, F_MESSAGE_DATE, F_INCOMING,
	NFIELDS
};

static const char *const headers[NFIELDS] = {
	"Id", "Name", "Industry", "ParentId", "FirstName", "LastName", "Title", "Department",
	"Email", "AccountId", "Account.Name", "ReportsToId", "StageName", "Amount",
	"Probability", "CloseDate", "LastModifiedDate", "CurrencyIsoCode", "OpportunityId",
	"ContactId", "Role", "NumberOfEmployees", "AnnualRevenue", "BillingState",
	"BillingCountry", "Website", "Username", "IsActive", "UserType", "WhoId", "OwnerId",
	"Subject", "ActivityDate", "Status", "IsClosed", "TaskSubtype", "Type", "CallType",
	"CallDurationInSeconds", "CompletedDateTime", "StartDateTime", "EndDateTime",
	"DurationInMinutes", "ActivityDateTime", "IsAllDayEvent", "EventId", "TaskId",
	"RelationId", "IsWhat", "ActivityId", "CreatedById", "FromAddress", "ToAddress",
	"CcAddress", "MessageDate", "Incoming"
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
	/* users: the orgs of ours (kind own) and the email domains they use */
	struct own_org *own;
	size_t nown, own_cap;
	struct own_domain *domains;
	size_t ndomains, domains_cap;
	int own_read;
	int pass;                  /* users: 1 matches the known, 2 adds the new */
	/* what a file left out, told once at its end (count, first line) */
	size_t unplaced, unplaced_line;    /* users of no org of ours */
	size_t no_who, no_who_line;        /* activities on no contact we know */
	size_t no_owner, no_owner_line;    /* activities of an owner we do not know */
	size_t open_tasks, todos;          /* tasks not done yet; to-dos that met no one */
	size_t no_activity, no_activity_line;  /* relations of no activity of the import */
	size_t not_contact, not_contact_line;  /* relations to a lead or to no one we know */
	size_t declined;                   /* invitations declined */
	size_t strangers, strangers_line;  /* emails with no one of the map on the other side */
	size_t drafts;                     /* emails never sent */
};

struct own_org {
	int64_t id;
	char *key;
};

struct own_domain {
	char *name;
	size_t org;                /* index in own */
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
	if (col[F_FROM] >= 0 && col[F_INCOMING] >= 0)
		return EMAIL;
	if (col[F_RELATION] >= 0 && (col[F_EVENT_ID] >= 0 || col[F_TASK_ID] >= 0))
		return RELATION;
	if (col[F_OPPORTUNITY] >= 0 && col[F_CONTACT] >= 0)
		return ROLE;
	if (col[F_STAGE] >= 0)
		return OPPORTUNITY;
	if (col[F_WHO] >= 0 && (col[F_START] >= 0 || col[F_DURATION] >= 0 ||
				col[F_ALL_DAY] >= 0 || col[F_ACTIVITY_TIME] >= 0))
		return EVENT;
	if (col[F_WHO] >= 0 && (col[F_ACTIVITY_DATE] >= 0 || col[F_STATUS] >= 0 ||
				col[F_SUBTYPE] >= 0 || col[F_COMPLETED] >= 0))
		return TASK;
	if (col[F_USERNAME] >= 0 && col[F_ID] >= 0)
		return USER;
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
	/* found by name as people write it (関東精機(株) for 関東精機株式会社): the
	 * stored spelling stays, the one the team chose */
	vals[1] = key && strcmp(key, id) ? NULL : name;
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

/* Salesforce's booleans: true, 1 (Data Loader), TRUE (reports). */
static int truthy(const char *s)
{
	return !strcasecmp(s, "true") || !strcmp(s, "1");
}

static int keep_own_org(const struct pm_org_brief *o, void *ctx)
{
	struct reader *r = ctx;
	char *key;

	if (!o->kind || strcmp(o->kind, "own"))
		return 0;
	if (PM_GROW(r->own, r->own_cap, r->nown + 1) < 0 || !(key = strdup(o->key)))
		return PM_ENOMEM;
	r->own[r->nown].id = o->id;
	r->own[r->nown++].key = key;
	return 0;
}

static int keep_own_domain(const char *domain, int64_t org_id, const char *org_key, int ours,
			   void *ctx)
{
	struct reader *r = ctx;
	size_t i;

	(void)org_key;
	for (i = 0; ours && i < r->nown; i++)
		if (r->own[i].id == org_id) {
			if (PM_GROW(r->domains, r->domains_cap, r->ndomains + 1) < 0 ||
			    !(r->domains[r->ndomains].name = strdup(domain)))
				return PM_ENOMEM;
			r->domains[r->ndomains++].org = i;
			break;
		}
	return 0;
}

/* The orgs of ours and their domains, read once per file. */
static int read_own(struct reader *r)
{
	int rc;

	if (r->own_read)
		return 0;
	r->own_read = 1;
	if ((rc = pm_store_orgs_all(r->im->st, keep_own_org, r, r->im->err)) < 0 ||
	    (rc = pm_store_email_domains(r->im->st, keep_own_domain, r, r->im->err)) < 0)
		return rc;
	return 0;
}

/* The org of ours a new user joins: by the email's domain, else the only one; NULL. */
static const struct own_org *org_for_user(const struct reader *r, const char *email)
{
	const char *at = strrchr(email, '@');
	size_t i;

	for (i = 0; at && i < r->ndomains; i++)
		if (!strcasecmp(r->domains[i].name, at + 1))
			return &r->own[r->domains[i].org];
	return r->nown == 1 ? &r->own[0] : NULL;
}

static int has_email(const struct pm_person_row *row, void *ctx)
{
	*(int *)ctx = row->email && *row->email;
	return 0;
}

/* A user found by name, stored without an email: the export gives it. */
static int fill_email(struct reader *r, const struct pm_csv_record *rec, int64_t id,
		      const char *key, const char *email)
{
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS], known = 0, rc, c = pm_table_col(&pm_tables[PM_T_PEOPLE],
								    "email");
	size_t i;

	if ((rc = pm_store_person_get(r->im->st, id, has_email, &known, r->im->err)) < 0)
		return rc;
	if (known)
		return 0;
	for (i = 0; i < PM_TABLE_MAXCOLS; i++)
		colpos[i] = -1;
	vals[0] = key;
	vals[c] = email;
	colpos[c] = r->col[F_EMAIL];
	return pm_import_record(r->im, PM_T_PEOPLE, vals, r->src->path, rec->line, colpos);
}

/*
 * A user: one of us. Found by Id as key, by email, or by name in an org of
 * ours (never a customer's namesake); else, if active, a new person of the
 * org of ours whose domain the email has (or of our only org). Integration
 * and portal users (UserType other than Standard) are not people of ours.
 * Two passes: the first finds the users on the map (and gives them their
 * emails), the second adds the others, so that a domain the first pass
 * revealed places a user of any row.
 */
static int user(struct reader *r, const struct pm_csv_record *rec)
{
	const char *id = f(r, rec, F_ID), *email = f(r, rec, F_EMAIL), *how = NULL;
	const char *type = f(r, rec, F_USER_TYPE), *active = f(r, rec, F_ACTIVE);
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[F_ID], r->col[F_LAST], -1, r->col[F_TITLE],
					 r->col[F_DEPARTMENT], r->col[F_EMAIL],
					 -1, -1, -1, -1, -1 };
	const struct own_org *org;
	struct pm_person_match m = { NULL, NULL, NULL, 0 };
	char *key = NULL;
	int64_t pid;
	size_t i;
	int rc = 0;

	if (!*id || (*type && strcmp(type, "Standard")))
		return 0;
	if ((rc = read_own(r)) < 0)
		return rc;
	if (r->col[F_LAST] >= 0) {
		pm_import_full_name(f(r, rec, F_FIRST), f(r, rec, F_LAST), &r->a);
	} else {
		pm_strbuf_reset(&r->a);
		pm_strbuf_puts(&r->a, f(r, rec, F_NAME));
	}
	if (pm_store_key_exists(r->im->st, PM_T_PEOPLE, id, r->im->err) == 1)
		return pm_import_ext_put(r->im, id, id);
	m.email = email;
	if (*email && (rc = pm_store_person_match(r->im->st, &m, &pid, &key, &how,
						   r->im->err)) < 0)
		return rc;
	m.email = NULL;
	m.name = pm_strbuf_str(&r->a);
	for (i = 0; !key && *m.name && i < r->nown; i++) {
		m.org_id = r->own[i].id;
		if ((rc = pm_store_person_match(r->im->st, &m, &pid, &key, &how, r->im->err)) < 0)
			return rc;
	}
	if (key) {
		rc = 0;
		if (r->pass == 1) {
			pm_import_matched(r->im, PM_T_PEOPLE, how);
			rc = pm_import_ext_put(r->im, id, key);
			if (rc == 0 && *email && !r->im->opts.strict)
				rc = fill_email(r, rec, pid, key, email);
		}
		free(key);
		return rc;
	}
	if (r->pass == 1 || (*active && !truthy(active)))
		return 0;   /* gone: not one of us today */
	if (!(org = org_for_user(r, email))) {
		if (!r->unplaced++)
			r->unplaced_line = rec->line;
		return 0;
	}
	vals[0] = id;
	vals[1] = pm_strbuf_str(&r->a);
	vals[2] = org->key;
	vals[3] = *f(r, rec, F_TITLE) ? f(r, rec, F_TITLE) : NULL;
	vals[4] = *f(r, rec, F_DEPARTMENT) ? f(r, rec, F_DEPARTMENT) : NULL;
	vals[5] = *email ? email : NULL;
	if ((rc = pm_import_ext_put(r->im, id, id)) == 0)
		rc = pm_import_record(r->im, PM_T_PEOPLE, vals, r->src->path, rec->line, colpos);
	return rc;
}

/* A word of a Type picklist (in English or Japanese) as a channel, or NULL. */
static const char *channel_of_type(const char *type)
{
	static const struct { const char *word, *channel; } words[] = {
		{ "call", "call" }, { "phone", "call" }, { "電話", "call" },
		{ "email", "email" }, { "e-mail", "email" }, { "mail", "email" },
		{ "メール", "email" }, { "meeting", "meeting" }, { "会議", "meeting" },
		{ "打ち合わせ", "meeting" }, { "打合せ", "meeting" }, { "面談", "meeting" },
		{ "訪問", "meeting" }, { "商談", "meeting" }, { "event", "event" },
		{ "イベント", "event" }, { "セミナー", "event" },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(type, words[i].word))
			return words[i].channel;
	return NULL;
}

/* A task's channel: its subtype (Call, Email, LinkedIn), else its Type; NULL: a to-do. */
static const char *task_channel(const struct reader *r, const struct pm_csv_record *rec)
{
	const char *sub = f(r, rec, F_SUBTYPE);

	if (!strcasecmp(sub, "Call"))
		return "call";
	if (!strcasecmp(sub, "Email") || !strcasecmp(sub, "ListEmail"))
		return "email";
	if (!strcasecmp(sub, "LinkedIn"))
		return "dm";
	return channel_of_type(f(r, rec, F_TYPE));
}

/* Whether a task is done: IsClosed, else its Status (Completed, 完了), else yes (a log). */
static int task_done(const struct reader *r, const struct pm_csv_record *rec)
{
	const char *status = f(r, rec, F_STATUS);

	if (r->col[F_CLOSED] >= 0 && *f(r, rec, F_CLOSED))
		return truthy(f(r, rec, F_CLOSED));
	if (r->col[F_STATUS] >= 0 && *status)
		return !strcasecmp(status, "Completed") || !strcmp(status, "完了");
	return 1;
}

/*
 * The interactions of the import's activities by Id, for their relations:
 * kept in the import's map of other systems' ids (import_internal.h) as
 * their seven values, each ended by RS ("\x1e"; "\x01" for none) — a
 * field holding RS or SOH reads back as no activity.
 */
#define ACTIVITY "\x1fsf-activity\x1f"
#define NVALS 7

static int remember_activity(struct reader *r, const char *id, const char *const *vals)
{
	int i;

	if (!*id)
		return 0;
	pm_strbuf_reset(&r->a);
	pm_strbuf_reset(&r->b);
	pm_strbuf_addf(&r->a, ACTIVITY "%s", id);
	for (i = 0; i < NVALS; i++)
		pm_strbuf_addf(&r->b, "%s\x1e", vals[i] ? vals[i] : "\x01");
	if (r->a.oom || r->b.oom)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	return pm_import_ext_put(r->im, pm_strbuf_str(&r->a), pm_strbuf_str(&r->b));
}

/* The values of activity `id` into vals (pointing into r->b): 1, or 0 when unknown. */
static int recall_activity(struct reader *r, const char *id, const char **vals)
{
	const char *packed;
	char *p, *end;
	int i;

	pm_strbuf_reset(&r->a);
	pm_strbuf_addf(&r->a, ACTIVITY "%s", id);
	if (r->a.oom)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	if (!*id || !(packed = pm_import_ext_get(r->im, pm_strbuf_str(&r->a))))
		return 0;
	pm_strbuf_reset(&r->b);
	pm_strbuf_puts(&r->b, packed);
	if (r->b.oom)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	for (i = 0, p = r->b.buf; i < NVALS; i++, p = end + 1) {
		if (!(end = strchr(p, '\x1e')))
			return 0;
		*end = '\0';
		vals[i] = strchr(p, '\x01') ? NULL : p;
	}
	return *p ? 0 : 1;
}

/* The emails' tasks (EmailMessage.ActivityId), kept in the import's map of ids. */
#define EMAIL_TASK "\x1fsf-email-task\x1f"

/*
 * Whether the EmailMessage of Task `id` (read before the tasks) gave an
 * interaction with `person` (a key): 1, 0, or <0. Its value in the map:
 * the keys it met, each between RS ("\x1e").
 */
static int email_task(struct reader *r, const char *id, const char *person)
{
	const char *met;

	pm_strbuf_reset(&r->a);
	pm_strbuf_addf(&r->a, EMAIL_TASK "%s", id);
	if (r->a.oom)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	if (!*id || !person || !(met = pm_import_ext_get(r->im, pm_strbuf_str(&r->a))))
		return 0;
	pm_strbuf_reset(&r->a);
	pm_strbuf_addf(&r->a, "\x1e%s\x1e", person);
	if (r->a.oom)
		return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	return strstr(met, pm_strbuf_str(&r->a)) != NULL;
}

static int keep_kind(const struct pm_person_row *p, void *ctx)
{
	*(int *)ctx = p->org_kind && !strcmp(p->org_kind, "own");
	return 0;
}

/*
 * The person of an email address, into *key (caller frees): 1 and *ours,
 * or 0 when no one on the map has it.
 */
static int person_of_address(struct reader *r, const char *address, char **key, int *ours)
{
	struct pm_person_match m = { NULL, address, NULL, 0 };
	const char *how;
	int64_t id;
	int rc;

	*key = NULL;
	*ours = 0;
	if (!*address || (rc = pm_store_person_match(r->im->st, &m, &id, key, &how,
						     r->im->err)) == 0)
		return 0;
	if (rc < 0 || (rc = pm_store_person_get(r->im->st, id, keep_kind, ours, r->im->err)) < 0) {
		free(*key);
		*key = NULL;
		return r->im->fatal = rc;
	}
	return 1;
}

/* The next address of a list ("a@x; b@y, c@z") into out; 0 at its end. */
static int next_address(const char **list, char *out, size_t size)
{
	const char *p = *list, *end;
	size_t n;

	while (*p == ' ' || *p == ';' || *p == ',')
		p++;
	if (!*p)
		return 0;
	for (end = p; *end && *end != ';' && *end != ','; end++)
		;
	*list = end;
	for (n = (size_t)(end - p); n && p[n - 1] == ' '; n--)
		;
	if (n >= size)
		n = size - 1;   /* longer than any address: matches no one */
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

/* The key of the first of our people among two address lists into *key (NULL: none). */
static int first_of_ours(struct reader *r, const char *const lists[2], char **key)
{
	char address[320], *k;
	const char *list;
	int i, ours, rc;

	*key = NULL;
	for (i = 0; i < 2; i++)
		for (list = lists[i]; next_address(&list, address, sizeof(address));) {
			if ((rc = person_of_address(r, address, &k, &ours)) < 0)
				return rc;
			if (rc && ours) {
				*key = k;
				return 0;
			}
			free(k);
		}
	return 0;
}

/* One interaction of an email with `person`, owned by `owner` (NULL: none). */
static int email_with(struct reader *r, const struct pm_csv_record *rec, const char *person,
		      const char *owner, const char *at, const char *direction)
{
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { -1, r->col[F_MESSAGE_DATE], -1, -1, r->col[F_SUBJECT],
					 -1, -1 };

	vals[0] = person;
	vals[1] = at;
	vals[2] = "email";
	vals[3] = owner;
	vals[4] = *f(r, rec, F_SUBJECT) ? f(r, rec, F_SUBJECT) : NULL;
	vals[6] = direction;
	return pm_import_record(r->im, PM_T_INTERACTIONS, vals, r->src->path, rec->line, colpos);
}

/*
 * An EmailMessage: a reply (Incoming) is an inbound email from its sender,
 * owned by the first of our people it was sent to (else its CreatedById);
 * a sent email is an outbound email to each recipient (To, Cc) on the map
 * who is not one of us, owned by its sender (else its CreatedById). Drafts
 * and emails with no one of the map on the other side are counted. The
 * task logged for the email (ActivityId) is then left out for the contacts
 * met here.
 */
static int email(struct reader *r, const struct pm_csv_record *rec)
{
	const char *date = f(r, rec, F_MESSAGE_DATE), *list, *lists[2];
	const char *creator = key_for(r, PM_T_PEOPLE, f(r, rec, F_CREATED_BY));
	char at[17], address[320], *key = NULL, *owner = NULL;
	int incoming = truthy(f(r, rec, F_INCOMING)), ours, rc = 0, met = 0, stop = 0, i;

	if (!strcmp(f(r, rec, F_STATUS), "5") || !strcasecmp(f(r, rec, F_STATUS), "Draft")) {
		r->drafts++;
		return 0;
	}
	if ((rc = pm_import_store_ready(r->im)) < 0)
		return rc;
	if (!pm_import_zoned_minute(r->im, date, at))
		snprintf(at, sizeof(at), "%.16s", date);   /* a report's local time: checked as written */
	/* our side: the sender of a sent email, a recipient of ours of a reply */
	lists[0] = incoming ? f(r, rec, F_TO) : f(r, rec, F_FROM);
	lists[1] = incoming ? f(r, rec, F_CC) : "";
	if ((rc = first_of_ours(r, lists, &owner)) < 0)
		return rc;
	/* the other side: the sender of a reply, the recipients of a sent one
	 * (their keys kept in r->b for the email's task) */
	pm_strbuf_reset(&r->b);
	pm_strbuf_puts(&r->b, "\x1e");
	lists[0] = incoming ? f(r, rec, F_FROM) : f(r, rec, F_TO);
	lists[1] = incoming ? "" : f(r, rec, F_CC);
	for (i = 0; i < 2 && !stop; i++)
		for (list = lists[i]; !stop && next_address(&list, address, sizeof(address));) {
			if ((rc = person_of_address(r, address, &key, &ours)) < 0)
				stop = rc;
			else if (rc && !ours) {
				met = 1;
				pm_strbuf_addf(&r->b, "%s\x1e", key);
				stop = email_with(r, rec, key, owner ? owner : creator, at,
						  incoming ? "inbound" : "outbound");
			}
			free(key);
			if (incoming)
				break;   /* a reply has one sender */
		}
	if (!stop && !met && !r->strangers++)
		r->strangers_line = rec->line;
	/* the task Salesforce logged for it says less (no direction): left out
	 * for the contacts met here (its WhoId unknown by email is still met) */
	if (!stop && met && *f(r, rec, F_ACTIVITY_ID)) {
		pm_strbuf_reset(&r->a);
		pm_strbuf_addf(&r->a, EMAIL_TASK "%s", f(r, rec, F_ACTIVITY_ID));
		if (r->a.oom || r->b.oom ||
		    pm_import_ext_put(r->im, pm_strbuf_str(&r->a), pm_strbuf_str(&r->b)) < 0)
			stop = r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	}
	free(owner);
	return stop;
}

/*
 * A Task or an Event on a contact (WhoId) becomes an interaction with them,
 * owned by the user who logged it (OwnerId): an event is a meeting (a call
 * when its Type says so) both ways, at its start, for its duration; a
 * completed task a call, an email or a LinkedIn message by its subtype (or
 * its Type), at its completion. Open tasks (plans) and to-dos that met no
 * one are left out and counted, as are activities on a lead or on nobody.
 */
static int activity(struct reader *r, const struct pm_csv_record *rec)
{
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[F_WHO], -1, -1, r->col[F_OWNER],
					 r->col[F_SUBJECT], -1, -1 };
	const char *who = f(r, rec, F_WHO), *owner = f(r, rec, F_OWNER), *call = "";
	const char *start, *channel;
	char at[17], minutes[32];
	int event = r->src->kind == EVENT, colat, rc;

	if (event) {
		channel = channel_of_type(f(r, rec, F_TYPE));
		channel = channel && !strcmp(channel, "call") ? "call" : "meeting";
		colat = truthy(f(r, rec, F_ALL_DAY)) ? F_ACTIVITY_DATE
		      : *f(r, rec, F_START) ? F_START : *f(r, rec, F_ACTIVITY_TIME) ? F_ACTIVITY_TIME
		      : F_ACTIVITY_DATE;
	} else {
		if (!task_done(r, rec)) {
			r->open_tasks++;
			return 0;
		}
		if (!(channel = task_channel(r, rec))) {
			r->todos++;
			return 0;
		}

		colat = *f(r, rec, F_COMPLETED) ? F_COMPLETED : F_ACTIVITY_DATE;
		call = f(r, rec, F_CALL_TYPE);
	}
	vals[0] = *who ? key_for(r, PM_T_PEOPLE, who) : NULL;
	/* an email its EmailMessage gave with this contact says more (direction) */
	if (!event && !strcmp(channel, "email") &&
	    (rc = email_task(r, f(r, rec, F_ID), vals[0])) != 0)
		return rc < 0 ? rc : 0;
	if (*owner && !(vals[3] = key_for(r, PM_T_PEOPLE, owner)) && vals[0] && !r->no_owner++)
		r->no_owner_line = rec->line;
	start = f(r, rec, colat);
	vals[1] = pm_import_zoned_minute(r->im, start, at) ? at : *start ? start : NULL;
	colpos[1] = r->col[colat];
	vals[2] = channel;
	vals[4] = *f(r, rec, F_SUBJECT) ? f(r, rec, F_SUBJECT) : NULL;
	if (event && *f(r, rec, F_DURATION) && !truthy(f(r, rec, F_ALL_DAY))) {
		vals[5] = f(r, rec, F_DURATION);
		colpos[5] = r->col[F_DURATION];
	} else if (event && colat == F_START && *f(r, rec, F_END)) {
		time_t a, b;
		if (pm_zoned_time(start, &a) && pm_zoned_time(f(r, rec, F_END), &b) && b >= a) {
			snprintf(minutes, sizeof(minutes), "%ld", (long)(b - a) / 60);
			vals[5] = minutes;
		}
	} else if (!event && *f(r, rec, F_CALL_SECONDS)) {
		snprintf(minutes, sizeof(minutes), "%.4g", strtod(f(r, rec, F_CALL_SECONDS), NULL) / 60);
		vals[5] = minutes;
		colpos[5] = r->col[F_CALL_SECONDS];
	}
	if (event || !strcmp(channel, "meeting"))
		vals[6] = "both";
	else if (!strcasecmp(call, "Inbound"))
		vals[6] = "inbound";
	else if (!strcasecmp(call, "Outbound"))
		vals[6] = "outbound";
	/* for its further contacts (EventRelation, TaskRelation) */
	if ((rc = remember_activity(r, f(r, rec, F_ID), vals)) < 0)
		return rc;
	if (!vals[0]) {
		if (!r->no_who++)
			r->no_who_line = rec->line;
		return 0;
	}
	return pm_import_record(r->im, PM_T_INTERACTIONS, vals, r->src->path, rec->line, colpos);
}

/*
 * An EventRelation or TaskRelation row: the interaction of its activity
 * (remembered when its Event or Task file was read) with one more contact.
 * Left out: relations to an account or opportunity (IsWhat), to the WhoId
 * already met, to our own users; counted: declined invitations, leads and
 * unknown contacts, activities not in the import (open tasks among them).
 */
static int relation(struct reader *r, const struct pm_csv_record *rec)
{
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[F_RELATION], -1, -1, -1, -1, -1, -1 };
	const char *activity_id = f(r, rec, r->col[F_EVENT_ID] >= 0 ? F_EVENT_ID : F_TASK_ID);
	const char *rel = f(r, rec, F_RELATION), *person;
	int rc;

	if (truthy(f(r, rec, F_IS_WHAT)) || !*rel || !strncmp(rel, "005", 3))
		return 0;   /* an account, an opportunity, one of our users */
	if (!strcasecmp(f(r, rec, F_STATUS), "Declined")) {
		r->declined++;
		return 0;
	}
	if ((rc = recall_activity(r, activity_id, vals)) < 0)
		return rc;
	if (rc == 0) {
		if (!r->no_activity++)
			r->no_activity_line = rec->line;
		return 0;
	}
	if (!(person = key_for(r, PM_T_PEOPLE, rel))) {
		if (!r->not_contact++)
			r->not_contact_line = rec->line;
		return 0;
	}
	if (vals[0] && !strcmp(vals[0], person))
		return 0;   /* the WhoId: written with its activity */
	if (!strcmp(vals[2], "email") && (rc = email_task(r, activity_id, person)) != 0)
		return rc < 0 ? rc : 0;   /* its EmailMessage gave it, with a direction */
	vals[0] = person;
	return pm_import_record(r->im, PM_T_INTERACTIONS, vals, r->src->path, rec->line, colpos);
}

/* What a file left out, told once at its end. */
static void left_out(struct reader *r)
{
	struct pm_import *im = r->im;
	const char *what = r->src->kind == EVENT ? "events" : "tasks";

	if (r->unplaced)
		pm_import_diag(im, r->unplaced_line, 0, 1, "users left out: %zu (not on the map, "
			       "and no org of ours uses the domain of their email: add them to an "
			       "org of kind own, or give that org's domains, and import again)",
			       r->unplaced);
	if (r->no_who)
		pm_import_diag(im, r->no_who_line, (size_t)r->col[F_WHO] + 1, 1,
			       "%s left out: %zu (the WhoId is no contact of this import or the "
			       "map: a lead, or none; give the Contact export with them)",
			       pm_msg(what), r->no_who);
	if (r->no_owner)
		pm_import_diag(im, r->no_owner_line, (size_t)r->col[F_OWNER] + 1, 1,
			       "%s without an owner: %zu (the OwnerId is no user of this import or "
			       "the map: give the User export with them)", pm_msg(what), r->no_owner);
	if (r->open_tasks)
		pm_import_diag(im, 0, 0, 1, "tasks left out: %zu not done yet (a plan, not a contact)",
			       r->open_tasks);
	if (r->todos)
		pm_import_diag(im, 0, 0, 1, "tasks left out: %zu to-dos that are not a call, an "
			       "email or a meeting", r->todos);
	if (r->no_activity)
		pm_import_diag(im, r->no_activity_line, 0, 1, "relations left out: %zu (their "
			       "event or task is not among the activities of this import: give "
			       "the Event and Task exports with them; open tasks are left out)",
			       r->no_activity);
	if (r->not_contact)
		pm_import_diag(im, r->not_contact_line, (size_t)r->col[F_RELATION] + 1, 1,
			       "relations left out: %zu (the RelationId is no contact of this "
			       "import or the map: a lead, or give the Contact export with them)",
			       r->not_contact);
	if (r->declined)
		pm_import_diag(im, 0, 0, 1, "relations left out: %zu invitations declined",
			       r->declined);
	if (r->strangers)
		pm_import_diag(im, r->strangers_line, 0, 1, "emails left out: %zu (no one on the "
			       "map, apart from us, sent or received them)", r->strangers);
	if (r->drafts)
		pm_import_diag(im, 0, 0, 1, "emails left out: %zu drafts never sent", r->drafts);
}

static void reader_free(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->nown; i++)
		free(r->own[i].key);
	for (i = 0; i < r->ndomains; i++)
		free(r->domains[i].name);
	free(r->own);
	free(r->domains);
	pm_strbuf_release(&r->a);
	pm_strbuf_release(&r->b);
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
	case USER: rc = user(r, rec); break;
	case TASK:
	case EVENT: rc = activity(r, rec); break;
	case RELATION: rc = relation(r, rec); break;
	case EMAIL: rc = email(r, rec); break;
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
		1u << PM_T_PEOPLE, 1u << PM_T_PEOPLE, 1u << PM_T_INTERACTIONS,
		1u << PM_T_INTERACTIONS, 1u << PM_T_INTERACTIONS, 1u << PM_T_INTERACTIONS
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
		pm_import_diag(im, 1, 0, 0, "not a Salesforce Account, Contact, Opportunity, "
			       "OpportunityContactRole, User, Task, Event, EmailMessage or "
			       "EventRelation/TaskRelation export (no Id/Name, LastName, StageName, "
			       "OpportunityId/ContactId, Username, WhoId, FromAddress/Incoming or "
			       "RelationId header)");
		return 0;
	}
	*tables = feeds[src->kind];
	/* roles after every contact; emails, then tasks and events (an email's
	 * task is left out), then the activities' relations */
	src->order = src->kind == ROLE || src->kind == TASK || src->kind == EVENT ? 1
		   : src->kind == RELATION ? 2 : 0;
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
	r.pass = 1;
	rc = parse(&r, on_row);
	if (rc >= 0 && !r.stop && src->kind == USER) {
		reader_free(&r);
		memset(&r, 0, sizeof(r));
		r.im = im;
		r.src = src;
		r.table = (int)t;
		r.pass = 2;
		rc = parse(&r, on_row);
	}
	if (rc >= 0 && !r.stop)
		left_out(&r);
	reader_free(&r);
	return pm_import_read_done(im, src->path, rc, r.stop);
}

const struct pm_format pm_format_salesforce = { "salesforce", probe, read_table };
