/*
 * powermap — calendars (iCalendar .ics from Google or Outlook), read with
 * libical. Every meeting becomes an interaction (channel meeting, both
 * ways) with each attendee who is not one of us, owned by the organizer
 * when the organizer is one of us (else by the first of our attendees),
 * with the summary as subject and the duration in minutes, at its start on
 * the team's clock (import opts.local_time; a floating time as written).
 * Cancelled meetings and declined attendees are left out; recurring
 * meetings are expanded over the year before opts.as_of. People are
 * matched by email;
 * an attendee not on the map whose email domain belongs to one known org
 * (the domain of its people's emails) is created in that org and reported:
 * the people a team forgets to add are often the ones who decide.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "powermap/csv.h"
#include "powermap/strmap.h"
#include "import_internal.h"
#include "powermap/names.h"

struct domain {
	char *name, *org_key;
	int64_t org_id;
	int ours;
};

struct reader {
	struct pm_import *im;
	struct pm_source *src;
	enum pm_table_id table;
	struct domain *domains;
	size_t ndomains, cap;
	icalcomponent *event;      /* the event being expanded */
	const char *text;          /* the file's text, for line numbers */
	size_t event_no;           /* 1-based, in file order */
	struct pm_strbuf a, b;
	size_t newly_seen;
	struct pm_strmap *filled;  /* keys whose email this import fills in */
	int stop;
};

static int keep_domain(const char *domain, int64_t org_id, const char *org_key, int ours,
		       void *ctx)
{
	struct reader *r = ctx;
	struct domain *d;

	if (PM_GROW(r->domains, r->cap, r->ndomains + 1) < 0)
		return PM_ENOMEM;
	d = &r->domains[r->ndomains];
	if (!(d->name = strdup(domain)) || !(d->org_key = strdup(org_key))) {
		free(d->name);
		return PM_ENOMEM;
	}
	d->org_id = org_id;
	d->ours = ours;
	r->ndomains++;
	return 0;
}

static const struct domain *domain_of(const struct reader *r, const char *email)
{
	const char *at = strrchr(email, '@');
	size_t i;

	for (i = 0; at && i < r->ndomains; i++)
		if (!strcasecmp(r->domains[i].name, at + 1))
			return &r->domains[i];
	return NULL;
}

/* The address of "mailto:x@y" (or "MAILTO:"), else the text. */
static const char *address(const char *v)
{
	if (v && !strncasecmp(v, "mailto:", 7))
		return v + 7;
	return v ? v : "";
}

/*
 * The stored person behind an attendee: by email, else by the CN's name in
 * the org the email's domain belongs to (someone stored without an email).
 * 1 and *key (caller frees), or 0.
 */
static int attendee_person(struct reader *r, icalproperty *p, const char *email, char **key,
			   int64_t *id, const char **how)
{
	struct pm_person_match m = { NULL, email, NULL, 0 };
	icalparameter *cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
	const struct domain *d = domain_of(r, email);

	*key = NULL;
	*how = NULL;
	if (!*email)
		return 0;
	if (d && cn && icalparameter_get_cn(cn) && *icalparameter_get_cn(cn)) {
		m.name = icalparameter_get_cn(cn);
		m.org_id = d->org_id;
	}
	return pm_store_person_match(r->im->st, &m, id, key, how, r->im->err);
}

static int has_email(const struct pm_person_row *row, void *ctx)
{
	*(int *)ctx = row->email && *row->email;
	return 0;
}

/*
 * An attendee found by name in its org, stored without an email: the
 * calendar gives it (people phase, once per person; --strict updates no
 * one). The row is an update of the stored person, as a file would give it.
 */
static int fill_email(struct reader *r, int64_t id, const char *key, const char *email)
{
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int known = 0, rc;

	if (r->im->opts.strict || pm_strmap_get(r->filled, key, NULL, NULL))
		return 0;
	if ((rc = pm_store_person_get(r->im->st, id, has_email, &known, r->im->err)) < 0)
		return rc;
	if (known)
		return 0;
	if ((rc = pm_strmap_add(r->filled, key, id, 0)) < 0)
		return rc;
	vals[0] = key;
	vals[pm_table_col(&pm_tables[PM_T_PEOPLE], "email")] = email;
	return pm_import_record(r->im, PM_T_PEOPLE, vals, r->src->path, 0, NULL) < 0
		? r->im->fatal : 0;
}

/* An attendee not on the map, in a known org: a new person (people phase). */
static int newly_seen(struct reader *r, icalproperty *p, const char *email)
{
	const struct domain *d = domain_of(r, email);
	icalparameter *cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };

	if (!d)
		return 0;
	pm_strbuf_reset(&r->a);
	if (cn && icalparameter_get_cn(cn) && *icalparameter_get_cn(cn)) {
		/* named without the honorific an invitation may add (CN=藤原 咲 様) */
		if (pm_person_name_plain(icalparameter_get_cn(cn), &r->a) < 0)
			return r->im->fatal = pm_error_set(r->im->err, PM_ENOMEM, "out of memory");
	} else {
		pm_strbuf_add(&r->a, email, (size_t)(strchr(email, '@') - email));
	}
	vals[0] = email;
	vals[1] = pm_strbuf_str(&r->a);
	vals[2] = d->org_key;
	vals[5] = email;
	if (!d->ours)
		r->newly_seen++;
	return pm_import_record(r->im, PM_T_PEOPLE, vals, r->src->path, 0, NULL);
}

static int declined(icalproperty *p)
{
	icalparameter *ps = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER);

	return ps && icalparameter_get_partstat(ps) == ICAL_PARTSTAT_DECLINED;
}

static int is_ours(const struct pm_person_row *p, void *ctx)
{
	*(int *)ctx = pm_org_kind_is_ours(p->org_kind);
	return 0;
}

/*
 * The key of one of our people behind an organizer or attendee — by email,
 * else by the CN's name when it is unique — or NULL (caller frees).
 */
static char *our_person(struct reader *r, const char *email, icalproperty *p)
{
	icalparameter *cn = icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER);
	struct pm_person_match m = { NULL, email, NULL, 0 };
	const char *how;
	char *key = NULL;
	int64_t id;
	int ours = 0;

	if (cn && icalparameter_get_cn(cn))
		m.name = icalparameter_get_cn(cn);
	if (pm_store_person_match(r->im->st, &m, &id, &key, &how, r->im->err) > 0 &&
	    pm_store_person_get(r->im->st, id, is_ours, &ours, NULL) == 0 && ours)
		return key;
	free(key);
	return NULL;
}

/* Our person among the organizer and the attendees (caller frees), or NULL. */
static char *owner_of(struct reader *r, icalcomponent *e)
{
	icalproperty *p = icalcomponent_get_first_property(e, ICAL_ORGANIZER_PROPERTY);
	char *key;

	if (p && (key = our_person(r, address(icalproperty_get_organizer(p)), p)))
		return key;
	for (p = icalcomponent_get_first_property(e, ICAL_ATTENDEE_PROPERTY); p;
	     p = icalcomponent_get_next_property(e, ICAL_ATTENDEE_PROPERTY))
		if (!declined(p) && (key = our_person(r, address(icalproperty_get_attendee(p)), p)))
			return key;
	return NULL;
}


/* The organizer's address, or "". */
static const char *owner_email(icalcomponent *e)
{
	icalproperty *p = icalcomponent_get_first_property(e, ICAL_ORGANIZER_PROPERTY);

	return p ? address(icalproperty_get_organizer(p)) : "";
}

/* One occurrence of the event: an interaction per attendee not of us. */
static void occurrence(icalcomponent *e, struct icaltime_span *span, void *ctx)
{
	struct reader *r = ctx;
	const char *summary = icalcomponent_get_summary(e);
	char at[32], minutes[32], *owner;
	const char *organizer;
	struct icaltimetype start;
	struct tm tm;
	time_t t = span->start;
	icalproperty *p;

	/* an event without a start (libical gives the epoch) says nothing of when */
	if (r->stop || span->start <= 0)
		return;
	/*
	 * libical's span is the start's wall-clock time in its own zone, counted
	 * as UTC: a time with a zone (UTC, TZID) goes to the instant, then onto
	 * the team's clock; a floating time or an all-day date stays as written
	 */
	start = icalcomponent_get_dtstart(e);
	if (!start.is_date && !icaltime_is_utc(start) && start.zone) {
		icaltimezone *utc = icaltimezone_get_utc_timezone();
		struct icaltimetype wall = icaltime_from_timet_with_zone(t, 0, utc);
		t = icaltime_as_timet_with_zone(wall, start.zone);   /* read in its zone */
	}
	if (start.is_date || (!icaltime_is_utc(start) && !start.zone) ||
	    !pm_import_wall_minute(r->im, t, at)) {
		t = span->start;
		gmtime_r(&t, &tm);
		strftime(at, sizeof(at), "%Y-%m-%dT%H:%M", &tm);
	}
	snprintf(minutes, sizeof(minutes), "%ld", (long)(span->end - span->start) / 60);
	owner = owner_of(r, e);
	/* (libical keeps one property iterator per component: nothing below may reset it) */
	organizer = owner_email(e);
	for (p = icalcomponent_get_first_property(e, ICAL_ATTENDEE_PROPERTY); p && !r->stop;
	     p = icalcomponent_get_next_property(e, ICAL_ATTENDEE_PROPERTY)) {
		const char *email = address(icalproperty_get_attendee(p));
		const struct domain *d = domain_of(r, email);
		const char *vals[PM_TABLE_MAXCOLS] = { NULL };
		char *key = NULL;
		const char *how;
		int64_t id;
		int rc;
		if (declined(p) || (d && d->ours) || !strcasecmp(email, organizer))
			continue;
		if ((rc = attendee_person(r, p, email, &key, &id, &how)) <= 0) {
			if (rc < 0)
				r->stop = rc;
			continue;
		}
		vals[0] = key;
		vals[1] = at;
		vals[2] = "meeting";
		vals[3] = owner;
		vals[4] = summary && *summary ? summary : NULL;
		vals[5] = span->end > span->start ? minutes : NULL;
		vals[6] = "both";
		if ((rc = pm_import_record(r->im, PM_T_INTERACTIONS, vals, r->src->path, 0,
					   NULL)) < 0)
			r->stop = rc;
		free(key);
	}
	free(owner);
}

/* Does the line at p start with `name` (case-insensitive) then ':' or ';'? */
static int line_is(const char *p, const char *name, size_t n)
{
	return !strncasecmp(p, name, n) && (p[n] == ':' || p[n] == ';');
}

/*
 * The line of the n-th BEGIN:VEVENT of the text, or of its first `prop`
 * line (NULL: none) before its END:VEVENT; 0 when not found.
 */
static size_t event_line(const char *text, size_t n, const char *prop, size_t plen)
{
	size_t line = 1, found = 0, seen = 0;
	const char *p;

	for (p = text; p && *p; line++) {
		if (!found && line_is(p, "BEGIN", 5) && !strncasecmp(p + 6, "VEVENT", 6) &&
		    ++seen == n) {
			found = line;
			if (!prop)
				return found;
		} else if (found && line_is(p, "END", 3)) {
			return found;
		} else if (found && line_is(p, prop, plen)) {
			return line;
		}
		if ((p = strchr(p, '\n')))
			p++;
	}
	return found;
}

/*
 * What libical could not read in an event (it keeps X-LIC-ERROR properties
 * in place of the values): an error at the line of the property named, and
 * 1; 0 when the event is whole.
 */
static int event_broken(struct reader *r, icalcomponent *e)
{
	icalproperty *p = icalcomponent_get_first_property(e, ICAL_XLICERROR_PROPERTY);
	const char *msg, *in, *cut, *uid;
	size_t plen = 0, mlen;

	if (!p)
		return 0;
	if (r->table != PM_T_PEOPLE)
		return 1;          /* said on the first pass */
	msg = icalproperty_get_xlicerror(p);
	msg = msg ? msg : "unreadable";
	/* "Can't parse as DATE-TIME value in DTSTART property. Removing ...: v" */
	in = strstr(msg, " in ");
	if (in && (cut = strstr(in + 4, " property")))
		plen = (size_t)(cut - (in + 4));
	cut = strstr(msg, ". Removing");
	mlen = cut ? (size_t)(cut - msg) : strlen(msg);
	uid = icalcomponent_get_uid(e);
	pm_import_source(r->im, r->src->path);
	pm_import_diag(r->im, r->text ? event_line(r->text, r->event_no, plen ? in + 4 : NULL, plen)
		       : 0, 0, 0, "event %s: %.*s%s%s", uid ? uid : "without UID", (int)mlen, msg,
		       cut && strrchr(cut, ':') ? " —" : "",
		       cut && strrchr(cut, ':') ? strrchr(cut, ':') + 1 : "");
	return 1;
}

static int event(struct reader *r, icalcomponent *e)
{
	icalproperty *p;
	int rc;

	if (event_broken(r, e) || icalcomponent_get_status(e) == ICAL_STATUS_CANCELLED)
		return 0;
	if (r->table == PM_T_PEOPLE) {
		for (p = icalcomponent_get_first_property(e, ICAL_ATTENDEE_PROPERTY); p;
		     p = icalcomponent_get_next_property(e, ICAL_ATTENDEE_PROPERTY)) {
			const char *email = address(icalproperty_get_attendee(p));
			const char *how;
			char *key = NULL;
			int64_t id;
			if (declined(p) || !strchr(email, '@'))
				continue;
			if ((rc = attendee_person(r, p, email, &key, &id, &how)) != 0) {
				if (rc > 0 && how && !strcmp(how, "name"))
					rc = fill_email(r, id, key, email);
				free(key);
				if (rc < 0)
					return rc;
				continue;
			}
			if ((rc = newly_seen(r, p, email)) < 0)
				return rc;
		}
		return 0;
	}
	if (r->im->opts.as_of &&
	    (icalcomponent_get_first_property(e, ICAL_RRULE_PROPERTY) ||
	     icalcomponent_get_first_property(e, ICAL_RDATE_PROPERTY))) {
		/* a recurring meeting: its occurrences in the year before as_of */
		struct icaltimetype from = icaltime_from_string(r->im->opts.as_of);
		struct icaltimetype to = from;
		icaltime_adjust(&from, -365, 0, 0, 0);
		icaltime_adjust(&to, 1, 0, 0, 0);
		icalcomponent_foreach_recurrence(e, from, to, occurrence, r);
	} else {
		struct icaltime_span span = icalcomponent_get_span(e);
		occurrence(e, &span, r);
	}
	return r->stop;
}

static int read_all(struct reader *r)
{
	char *text = NULL;
	size_t len;
	icalcomponent *cal, *e;
	int rc = 0;

	if (!r->src->data && (rc = pm_csv_slurp(r->src->path, &text, &len, r->im->err)) < 0)
		return rc;
	r->text = r->src->data ? r->src->data : text;
	cal = icalparser_parse_string(r->text);
	if (!cal || (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT &&
		     icalcomponent_isa(cal) != ICAL_VEVENT_COMPONENT)) {
		/* said once, on the first of the two passes */
		if (r->table == PM_T_PEOPLE)
			pm_import_diag(r->im, 0, 0, 0, "not an iCalendar file (no VCALENDAR)");
		if (cal)
			icalcomponent_free(cal);
		free(text);
		return 0;
	}
	r->event_no = 0;
	if (icalcomponent_isa(cal) == ICAL_VEVENT_COMPONENT) {
		r->event_no++;
		rc = event(r, cal);
	}
	for (e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e && rc >= 0;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		r->event_no++;
		rc = event(r, e);
	}
	icalcomponent_free(cal);
	r->text = NULL;
	free(text);
	return rc;
}

static void reader_free(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->ndomains; i++) {
		free(r->domains[i].name);
		free(r->domains[i].org_key);
	}
	free(r->domains);
	pm_strbuf_release(&r->a);
	pm_strbuf_release(&r->b);
	pm_strmap_free(r->filled);
}

static int probe(struct pm_import *im, struct pm_source *src, unsigned *tables)
{
	(void)src;
	*tables = 1u << PM_T_PEOPLE | 1u << PM_T_INTERACTIONS;
	return pm_import_source(im, src->path);
}

static int read_table(struct pm_import *im, struct pm_source *src, enum pm_table_id t)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.im = im;
	r.src = src;
	r.table = t;
	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	if (!(r.filled = pm_strmap_new()))
		return pm_error_set(im->err, PM_ENOMEM, "out of memory");
	if ((rc = pm_store_email_domains(im->st, keep_domain, &r, im->err)) < 0) {
		if (rc == PM_ENOMEM)
			pm_error_set(im->err, rc, "out of memory");
		goto out;
	}
	pm_import_progress(im, "reading", src->path, 0);
	if ((rc = read_all(&r)) < 0)
		goto out;
	if (r.newly_seen) {
		pm_import_source(im, src->path);
		pm_import_diag(im, 0, 0, 1, r.newly_seen == 1
			       ? "%zu person met us but was not on the map: added"
			       : "%zu people met us but were not on the map: added", r.newly_seen);
	}
	rc = im->fatal;
out:
	reader_free(&r);
	return rc;
}

const struct pm_format pm_format_ics = { "ics", probe, read_table };
