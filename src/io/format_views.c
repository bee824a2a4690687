/*
 * powermap — document-view logs as digital sales rooms export them: who
 * opened which document when, and for how long. Each view is an interaction
 * of channel `view` with the viewer (matched by email), the document as its
 * subject and the time spent in minutes. A view is interest, not
 * engagement. Views by people not on the map are reported (warnings), not
 * stored. Headers: viewer email (email, viewer_email, viewer, Email),
 * document (document, file, asset, Document), when (viewed_at, timestamp,
 * date, Viewed At), seconds (seconds, duration, time_spent, Seconds); or
 * --map 'email=...,document=...,at=...,seconds=...'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/csv.h"
#include "import_internal.h"

enum { V_EMAIL, V_DOCUMENT, V_AT, V_SECONDS, V_COUNT };

static const struct {
	const char *header;
	int c;
} known[] = {
	{ "email", V_EMAIL }, { "viewer_email", V_EMAIL }, { "viewer", V_EMAIL },
	{ "Email", V_EMAIL }, { "Viewer Email", V_EMAIL }, { "メールアドレス", V_EMAIL },
	{ "document", V_DOCUMENT }, { "file", V_DOCUMENT }, { "asset", V_DOCUMENT },
	{ "Document", V_DOCUMENT }, { "資料", V_DOCUMENT }, { "資料名", V_DOCUMENT },
	{ "viewed_at", V_AT }, { "timestamp", V_AT }, { "date", V_AT }, { "Viewed At", V_AT },
	{ "閲覧日時", V_AT },
	{ "seconds", V_SECONDS }, { "duration", V_SECONDS }, { "time_spent", V_SECONDS },
	{ "Seconds", V_SECONDS }, { "閲覧秒数", V_SECONDS },
};

static const char *const mapped[V_COUNT] = { "email", "document", "at", "seconds" };

struct reader {
	struct pm_import *im;
	const struct pm_source *src;
	int col[V_COUNT];
	size_t nfields;
	int header_done, probing, stop;
};

static int parse(struct reader *r, pm_csv_record_fn fn)
{
	if (r->src->data)
		return pm_csv_parse(r->src->data, r->src->len, r->src->path, fn, r, r->im->err);
	return pm_csv_read_file(r->src->path, fn, r, r->im->err);
}

static void header(struct reader *r, const struct pm_csv_record *rec)
{
	size_t i, k;

	for (k = 0; k < V_COUNT; k++)
		r->col[k] = -1;
	for (i = 0; i < rec->nfields; i++) {
		const char *name = pm_colmap_name_of(&r->im->map, rec->fields[i]);
		int c = -1;
		for (k = 0; name && k < V_COUNT; k++)
			if (!strcmp(name, mapped[k]))
				c = (int)k;
		for (k = 0; c < 0 && k < sizeof(known) / sizeof(known[0]); k++)
			if (!strcmp(rec->fields[i], known[k].header))
				c = known[k].c;
		if (c >= 0 && r->col[c] < 0)
			r->col[c] = (int)i;
	}
	r->nfields = rec->nfields;
}

static int view(struct reader *r, const struct pm_csv_record *rec)
{
	const char *email = rec->fields[r->col[V_EMAIL]];
	const char *vals[PM_TABLE_MAXCOLS] = { NULL };
	int colpos[PM_TABLE_MAXCOLS] = { r->col[V_EMAIL], r->col[V_AT], -1, -1,
					 r->col[V_DOCUMENT], r->col[V_SECONDS] };
	struct pm_person_match m = { NULL, email, NULL, 0 };
	const char *how;
	char *key = NULL, minutes[32] = "", at[17];
	int64_t id;
	int rc;

	if ((rc = pm_store_person_match(r->im->st, &m, &id, &key, &how, r->im->err)) < 0)
		return rc;
	if (rc == 0) {
		pm_import_source(r->im, r->src->path);
		pm_import_diag(r->im, rec->line, (size_t)r->col[V_EMAIL] + 1, 1,
			       "a view by %s, who is not on the map", *email ? email : "(no email)");
		return 0;
	}
	if (r->col[V_SECONDS] >= 0 && *rec->fields[r->col[V_SECONDS]]) {
		char *end;
		double s = strtod(rec->fields[r->col[V_SECONDS]], &end);
		if (*end || s < 0) {
			pm_import_source(r->im, r->src->path);
			pm_import_diag(r->im, rec->line, (size_t)r->col[V_SECONDS] + 1, 0,
				       "seconds '%s' is not a number of seconds",
				       rec->fields[r->col[V_SECONDS]]);
			free(key);
			return 0;
		}
		snprintf(minutes, sizeof(minutes), "%.2f", s / 60.0);
	}
	vals[0] = key;
	/* 2026-11-20T00:14:00Z, as such logs often write it: on the team's clock */
	vals[1] = pm_import_zoned_minute(r->im, rec->fields[r->col[V_AT]], at) ? at
		: rec->fields[r->col[V_AT]];
	vals[2] = "view";
	vals[4] = r->col[V_DOCUMENT] >= 0 ? rec->fields[r->col[V_DOCUMENT]] : NULL;
	vals[5] = *minutes ? minutes : NULL;
	rc = pm_import_record(r->im, PM_T_INTERACTIONS, vals, r->src->path, rec->line, colpos);
	free(key);
	return rc;
}

static int on_row(const struct pm_csv_record *rec, void *ctx)
{
	struct reader *r = ctx;
	int rc;

	if (!r->header_done) {
		r->header_done = 1;
		header(r, rec);
		return r->probing;
	}
	if (rec->nfields != r->nfields) {
		pm_import_source(r->im, r->src->path);
		pm_import_diag(r->im, rec->line, 0, 0,
			       "expected %zu fields as in the header, found %zu", r->nfields,
			       rec->nfields);
		return r->im->diags->nerrors > r->im->max_errors;
	}
	if ((rc = view(r, rec)) < 0)
		r->stop = rc;
	return rc;
}

static int probe(struct pm_import *im, struct pm_source *src, unsigned *tables)
{
	struct reader r = { im, src, { -1, -1, -1, -1 }, 0, 0, 1, 0 };
	int rc;

	*tables = 0;
	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	rc = parse(&r, on_row);
	if (rc < 0 && rc != PM_EINVAL)
		return rc;
	if (!r.header_done && rc == PM_EINVAL)
		pm_import_csv_error(im);
	else if (!r.header_done)
		pm_import_diag(im, 1, 0, 0, "empty file: a header row is required");
	else if (r.col[V_EMAIL] < 0 || r.col[V_AT] < 0)
		pm_import_diag(im, 1, 0, 0, "not a view log: no viewer email or view time column; "
			       "name them with --map 'email=...,at=...,document=...,seconds=...'");
	else
		*tables = 1u << PM_T_INTERACTIONS;
	return 0;
}

static int read_table(struct pm_import *im, struct pm_source *src, enum pm_table_id t)
{
	struct reader r = { im, src, { -1, -1, -1, -1 }, 0, 0, 0, 0 };
	int rc;

	(void)t;
	if ((rc = pm_import_source(im, src->path)) < 0)
		return rc;
	pm_import_progress(im, "reading", src->path, 0);
	rc = parse(&r, on_row);
	return pm_import_read_done(im, src->path, rc, r.stop);
}

const struct pm_format pm_format_views = { "views", probe, read_table };
