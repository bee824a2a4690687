/*
 * powermap — reading every tie at once (pm_store_links_all), and the links
 * digest that makes it fast.
 *
 * accounts and reach read every tie of the network. Through SQLite a row
 * costs ~150 ns (10M ties: 1.5 s of one processor), more than the search it
 * feeds, so the store keeps a compact copy of the columns those reads
 * return — the digest: the ties in row-id order, about 7 bytes each, in
 * parts of 4 MiB (table links_digest) — and reads it instead when it is
 * current.
 *
 * While a digest exists, triggers (schema migration 10) note every row
 * inserted, updated or deleted in links in links_changed — whoever writes:
 * powermap's commands, a cascade from a removed person, the sqlite3 shell.
 * A read merges: the digest's ties in id order, except that each changed id
 * is read from the table instead (or skipped when it is gone). So the
 * digest never serves a stale tie. A bulk load (pm_store_bulk_begin) drops
 * the digest. Each part records the number of parts and its own number of
 * ties, so a partial or damaged digest is seen as such.
 *
 * A read that finds no digest, or over 1% of the links changed since it was
 * built, reads the table and encodes what it reads. When the table holds
 * st->digest_min ties or more, the digest is written once that read is
 * over (at once, or when the caller's read transaction ends) in a short
 * write transaction of its own that empties links_changed too — only if
 * no other connection has written since the read (PRAGMA data_version), so
 * it is the digest of the table as it is, and without waiting for a lock:
 * a reader never waits for a writer, nor holds one up.
 *
 * A part: a format byte (1), then per tie a flags byte — bits 0-1 the kind,
 * 2-3 the strength (0 none, 1 a whole number of hundredths in one byte, 2
 * the double's 8 bytes), 4-5 last_contact (0 NULL, 1 a canonical YYYY-MM-DD
 * as a day number from 2000-01-01, 2 the text, length first), bit 6 the id
 * follows the one before — then the id's step (zigzag varint, unless bit 6),
 * src's step from the tie before, dst less src (zigzag varints), the
 * strength, last_contact. Steps start from 0 in each part.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "store_internal.h"

#define DIGEST_FORMAT 1
#define DIGEST_PART (4u << 20)        /* bytes a part is closed at */
#define DIGEST_EPOCH 10957            /* 2000-01-01, days since 1970-01-01 */
#define DIGEST_LAST_DAY 2921939       /* 9999-12-31, days since DIGEST_EPOCH */

enum { S_NONE, S_HUNDREDTHS, S_DOUBLE };
enum { D_NULL, D_DAYS, D_TEXT };

struct part {
	unsigned char *b;
	size_t n, cap;
	long ties;
	int64_t prev_id, prev_src;
};

/* The digest being encoded while the table is read. */
struct encoder {
	struct part *parts;
	size_t nparts, cap;
	long ties;
	int oom;
};

/* b - a and a + d, wrapping (no overflow whatever the ids) */
static int64_t step(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)b - (uint64_t)a);
}

static int64_t plus(int64_t a, int64_t d)
{
	return (int64_t)((uint64_t)a + (uint64_t)d);
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t u)
{
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static size_t put_varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/* A varint at *pp before end into *v; -1 when it runs past end or is too long. */
static int get_varint(const unsigned char **pp, const unsigned char *end, uint64_t *v)
{
	const unsigned char *p = *pp;
	uint64_t x = 0;
	int shift;

	for (shift = 0; shift < 64 && p < end; shift += 7) {
		unsigned char c = *p++;
		x |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = x;
			*pp = p;
			return 0;
		}
	}
	return -1;
}

/* The day number (from DIGEST_EPOCH) of a canonical date, or -1. */
static long canonical_day(const char *s)
{
	int y, m, d, i;
	long z;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return -1;
	if (s[10])
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	z = pm_days_from_civil(y, m, d) - DIGEST_EPOCH;
	{
		int yy, mm, dd;
		pm_civil_from_days(z + DIGEST_EPOCH, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d || z < 0)
			return -1;   /* 2026-02-30 and the like stay text */
	}
	return z;
}

static void format_day(long z, char out[11])
{
	int y, m, d;

	pm_civil_from_days(z + DIGEST_EPOCH, &y, &m, &d);
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* Append tie r to the encoder (the last part, or a new one). */
static void encode(struct encoder *e, const struct pm_link_row *r)
{
	long day = r->last_contact ? canonical_day(r->last_contact) : -1;
	size_t tlen = r->last_contact && day < 0 ? strlen(r->last_contact) : 0;
	size_t need = 1 + 4 * 10 + 8 + tlen;
	struct part *p;
	unsigned char *o;
	unsigned flags = (unsigned)r->kind & 3;
	int k = -1;

	if (e->oom)
		return;
	if (!e->nparts || e->parts[e->nparts - 1].n >= DIGEST_PART) {
		if (PM_GROW(e->parts, e->cap, e->nparts + 1) < 0) {
			e->oom = 1;
			return;
		}
		p = &e->parts[e->nparts++];
		memset(p, 0, sizeof(*p));
		if (PM_GROW(p->b, p->cap, 1) < 0) {
			e->oom = 1;
			return;
		}
		p->b[p->n++] = DIGEST_FORMAT;
	}
	p = &e->parts[e->nparts - 1];
	if (PM_GROW(p->b, p->cap, p->n + need) < 0) {
		e->oom = 1;
		return;
	}
	o = p->b + p->n;
	if (r->has_strength) {
		double h = r->strength * 100;
		k = h >= 0 && h <= 255 ? (int)(h + 0.5) : -1;
		if (k >= 0 && (double)k / 100 != r->strength)
			k = -1;
		flags |= (k >= 0 ? S_HUNDREDTHS : S_DOUBLE) << 2;
	}
	if (r->last_contact)
		flags |= (day >= 0 ? D_DAYS : D_TEXT) << 4;
	if (p->prev_id < INT64_MAX && r->id == p->prev_id + 1)
		flags |= 1u << 6;
	*o++ = (unsigned char)flags;
	if (!(flags & (1u << 6)))
		o += put_varint(o, zigzag(step(p->prev_id, r->id)));
	o += put_varint(o, zigzag(step(p->prev_src, r->src)));
	o += put_varint(o, zigzag(step(r->src, r->dst)));
	if (r->has_strength && k >= 0) {
		*o++ = (unsigned char)k;
	} else if (r->has_strength) {
		uint64_t bits;
		int i;
		memcpy(&bits, &r->strength, sizeof(bits));
		for (i = 0; i < 8; i++)
			*o++ = (unsigned char)(bits >> (8 * i));
	}
	if (day >= 0) {
		o += put_varint(o, (uint64_t)day);
	} else if (r->last_contact) {
		o += put_varint(o, tlen);
		memcpy(o, r->last_contact, tlen);
		o += tlen;
	}
	p->n = (size_t)(o - p->b);
	p->prev_id = r->id;
	p->prev_src = r->src;
	p->ties++;
	e->ties++;
}

static void encoder_free(struct encoder *e)
{
	size_t i;

	for (i = 0; i < e->nparts; i++)
		free(e->parts[i].b);
	free(e->parts);
}

/*
 * Decode part `b` (n bytes, `ties` ties), handing each tie to fn: 0, or
 * fn's non-zero return. A damaged part sets *bad (after the ties before the
 * damage were handed over) and returns 0.
 */
static int decode(const unsigned char *b, size_t n, long ties, pm_link_fn fn, void *ctx,
		  int *bad)
{
	const unsigned char *p = b + 1, *end = b + n;
	int64_t prev_id = 0, prev_src = 0;
	char day[11], *text = NULL;
	size_t textcap = 0;
	long i;
	int rc = 0;

	if (n < 1 || b[0] != DIGEST_FORMAT) {
		*bad = 1;
		return 0;
	}
	for (i = 0; i < ties && rc == 0; i++) {
		struct pm_link_row r;
		unsigned flags;
		uint64_t u;
		if (p >= end) {
			goto damaged;
		}
		flags = *p++;
		if ((flags & 3) > 2 || ((flags >> 2) & 3) > 2 || ((flags >> 4) & 3) > 2 ||
		    (flags >> 7)) {
			goto damaged;
		}
		r.kind = (enum pm_link_kind)(flags & 3);
		if (flags & (1u << 6)) {
			r.id = plus(prev_id, 1);
		} else if (get_varint(&p, end, &u) < 0) {
			goto damaged;
		} else {
			r.id = plus(prev_id, unzigzag(u));
		}
		if (get_varint(&p, end, &u) < 0) {
			goto damaged;
		}
		r.src = plus(prev_src, unzigzag(u));
		if (get_varint(&p, end, &u) < 0) {
			goto damaged;
		}
		r.dst = plus(r.src, unzigzag(u));
		r.has_strength = ((flags >> 2) & 3) != S_NONE;
		r.strength = 0;
		if (((flags >> 2) & 3) == S_HUNDREDTHS) {
			if (p >= end) {
				goto damaged;
			}
			r.strength = (double)*p++ / 100;
		} else if (((flags >> 2) & 3) == S_DOUBLE) {
			uint64_t bits = 0;
			int k;
			if (end - p < 8) {
				goto damaged;
			}
			for (k = 0; k < 8; k++)
				bits |= (uint64_t)p[k] << (8 * k);
			p += 8;
			memcpy(&r.strength, &bits, sizeof(bits));
		}
		r.last_contact = NULL;
		if (((flags >> 4) & 3) == D_DAYS) {
			if (get_varint(&p, end, &u) < 0 || u > DIGEST_LAST_DAY) {
				goto damaged;
			}
			format_day((long)u, day);
			r.last_contact = day;
		} else if (((flags >> 4) & 3) == D_TEXT) {
			if (get_varint(&p, end, &u) < 0 || u > (uint64_t)(end - p)) {
				goto damaged;
			}
			if (PM_GROW(text, textcap, u + 1) < 0) {
				rc = PM_ENOMEM;
				break;
			}
			memcpy(text, p, u);
			text[u] = '\0';
			p += u;
			r.last_contact = text;
		}
		r.source = NULL;
		r.stored_dir = 1;
		r.other_kind = NULL;
		prev_id = r.id;
		prev_src = r.src;
		rc = fn(&r, ctx);
	}
	if (rc == 0 && p != end)
		goto damaged;
	free(text);
	return rc;
damaged:
	*bad = 1;
	free(text);
	return 0;
}

/* The ties in the digest into *ties when it is whole: 1, 0 when there is none (or a partial one). */
static int digest_whole(struct pm_store *st, int64_t *ties, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc, ok = 0;

	*ties = 0;
	if ((rc = pm_store_prepare(st, &s, "SELECT count(*), min(parts), max(parts), min(part),"
				   " max(part), sum(ties) FROM links_digest", err)) < 0)
		return rc;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(s, 0);
		ok = n > 0 && sqlite3_column_int64(s, 1) == n && sqlite3_column_int64(s, 2) == n &&
			sqlite3_column_int64(s, 3) == 0 && sqlite3_column_int64(s, 4) == n - 1;
		*ties = sqlite3_column_int64(s, 5);
		rc = 0;
	} else {
		rc = pm_store_dberr(st, "cannot read links", err);
	}
	sqlite3_finalize(s);
	return rc < 0 ? rc : ok;
}

#define LINK_COLUMNS "SELECT src, dst, strength, kind, last_contact, id FROM links"

/* The link of a row of LINK_COLUMNS. */
static void link_of_row(sqlite3_stmt *s, struct pm_link_row *r)
{
	const char *kind = (const char *)sqlite3_column_text(s, 3);

	r->id = sqlite3_column_int64(s, 5);
	r->src = sqlite3_column_int64(s, 0);
	r->dst = sqlite3_column_int64(s, 1);
	r->kind = !kind ? PM_LINK_REPORTS_TO : kind[0] == 'k' ? PM_LINK_KNOWS
		: kind[0] == 'i' ? PM_LINK_INFLUENCES : PM_LINK_REPORTS_TO;
	r->has_strength = sqlite3_column_type(s, 2) != SQLITE_NULL;
	r->strength = r->has_strength ? sqlite3_column_double(s, 2) : 0;
	r->last_contact = (const char *)sqlite3_column_text(s, 4);
	r->source = NULL;
	r->stored_dir = 1;
	r->other_kind = NULL;
}

/* The digest's ties merged with the changed links, read from the table, in id order. */
struct merge {
	struct pm_store *st;
	pm_link_fn fn;
	void *ctx;
	int64_t *changed;          /* ascending */
	size_t n, next;
	sqlite3_stmt *row;         /* LINK_COLUMNS of one id */
	struct pm_error *err;
};

/* Hand the link with row id `id` to the caller as the table has it now (nothing when gone). */
static int merge_table_row(struct merge *m, int64_t id)
{
	struct pm_link_row r;
	int rc;

	sqlite3_reset(m->row);
	sqlite3_bind_int64(m->row, 1, id);
	rc = sqlite3_step(m->row);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return pm_store_dberr(m->st, "cannot read links", m->err);
	link_of_row(m->row, &r);
	return m->fn(&r, m->ctx);
}

/* The changed links before id `upto` (all with INT64_MAX). */
static int merge_upto(struct merge *m, int64_t upto)
{
	int rc = 0;

	while (rc == 0 && m->next < m->n && m->changed[m->next] < upto)
		rc = merge_table_row(m, m->changed[m->next++]);
	return rc;
}

static int merge_tie(const struct pm_link_row *r, void *ctx)
{
	struct merge *m = ctx;
	int rc;

	if ((rc = merge_upto(m, r->id)) != 0)
		return rc;
	if (m->next < m->n && m->changed[m->next] == r->id)
		return merge_table_row(m, m->changed[m->next++]);
	return m->fn(r, m->ctx);
}

/* The ids in links_changed, ascending, into m. */
static int read_changed(struct pm_store *st, struct merge *m, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = pm_store_prepare(st, &s, "SELECT id FROM links_changed ORDER BY id", err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (PM_GROW(m->changed, cap, m->n + 1) < 0) {
			sqlite3_finalize(s);
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		}
		m->changed[m->n++] = sqlite3_column_int64(s, 0);
	}
	rc = rc == SQLITE_DONE ? 0 : pm_store_dberr(st, "cannot read links", err);
	sqlite3_finalize(s);
	return rc;
}

/*
 * Hand every tie to m's caller: the digest part by part, merged with the
 * changed links. A damaged part stops it and sets *damaged.
 */
static int digest_read(struct pm_store *st, struct merge *m, int64_t *damaged,
		       struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = read_changed(st, m, err)) < 0 ||
	    (rc = pm_store_prepare(st, &m->row, LINK_COLUMNS " WHERE id = ?1", err)) < 0 ||
	    (rc = pm_store_prepare(st, &s, "SELECT part, ties, data FROM links_digest ORDER BY part",
				   err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *b = sqlite3_column_blob(s, 2);
		int64_t part = sqlite3_column_int64(s, 0);
		int n = sqlite3_column_bytes(s, 2), bad = !b;
		rc = b ? decode(b, (size_t)n, (long)sqlite3_column_int64(s, 1), merge_tie, m, &bad) : 0;
		if (bad) {
			*damaged = part;
			rc = SQLITE_DONE;
			break;
		}
		if (rc != 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = *damaged >= 0 ? 0 : merge_upto(m, INT64_MAX);
	else if (rc > 0)
		rc = pm_store_dberr(st, "cannot read links", err);
	sqlite3_finalize(s);
	if (rc == PM_ENOMEM)
		pm_error_set(err, PM_ENOMEM, "out of memory");
	return rc;
}

struct pm_digest_pending {
	struct encoder e;
	int64_t data_version;      /* in the transaction that read the table */
};

void pm_store_digest_drop(struct pm_store *st)
{
	if (!st->digest)
		return;
	encoder_free(&st->digest->e);
	free(st->digest);
	st->digest = NULL;
}

/* Write the encoded digest in place of the old one and forget the changed links; 0 or an SQLite code. */
static int digest_write(struct pm_store *st, const struct encoder *e)
{
	sqlite3_stmt *s = NULL;
	int rc;
	size_t i;

	if ((rc = sqlite3_exec(st->db, "DELETE FROM links_digest; DELETE FROM links_changed", NULL,
			       NULL, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_prepare_v2(st->db, "INSERT INTO links_digest(part, parts, ties, data)"
				     " VALUES (?1, ?2, ?3, ?4)", -1, &s, NULL)) != SQLITE_OK)
		return rc;
	for (i = 0; rc == SQLITE_OK && i < e->nparts; i++) {
		sqlite3_bind_int64(s, 1, (sqlite3_int64)i);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)e->nparts);
		sqlite3_bind_int64(s, 3, e->parts[i].ties);
		sqlite3_bind_blob64(s, 4, e->parts[i].b, e->parts[i].n, SQLITE_STATIC);
		if ((rc = sqlite3_step(s)) == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

void pm_store_digest_flush(struct pm_store *st)
{
	int64_t version = -1;
	sqlite3_stmt *s = NULL;
	int ok;

	if (!st->digest || st->in_tx || st->in_read)
		return;
	sqlite3_busy_timeout(st->db, 0);
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) {
		if (sqlite3_prepare_v2(st->db, "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW)
			version = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		ok = version == st->digest->data_version && digest_write(st, &st->digest->e) == SQLITE_OK;
		if (!ok || sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_busy_timeout(st->db, st->wait_ms);
	pm_store_digest_drop(st);
}

/* Read the table in its own order (no sort, no index), encoding each tie into e when given. */
static int scan_table(struct pm_store *st, pm_link_fn fn, void *ctx, struct encoder *e,
		      struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, LINK_COLUMNS, err)) < 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct pm_link_row r;
		link_of_row(s, &r);
		if (e)
			encode(e, &r);
		if ((rc = fn(&r, ctx)) != 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = pm_store_dberr(st, "cannot read links", err);
	sqlite3_finalize(s);
	return rc;
}

int pm_store_links_coming(struct pm_store *st, size_t n, struct pm_error *err)
{
	int64_t ties = 0;
	int rc;

	if (st->version < 10 || st->readonly)
		return 0;
	if ((rc = pm_store_query_int64(st, "SELECT coalesce(sum(ties), 0) FROM links_digest", &ties,
					"cannot read links", err)) < 0)
		return rc;
	if (ties == 0 || (int64_t)n <= ties / 100)
		return 0;
	return pm_store_exec(st, "DELETE FROM links_digest; DELETE FROM links_changed", err);
}

int pm_store_links_all(struct pm_store *st, pm_link_fn fn, void *ctx, struct pm_error *err)
{
	struct merge m = { st, fn, ctx, NULL, 0, 0, NULL, err };
	struct pm_digest_pending *d = NULL;
	int64_t ties = 0, changed = 0, damaged = -1;
	int own = !st->in_tx && !st->in_read, rc, whole;

	if (st->version < 10)   /* an older file opened read-only: no digest */
		return scan_table(st, fn, ctx, NULL, err);
	/* the digest, the changed links and the table in one snapshot */
	if (own && (rc = pm_store_exec(st, "SAVEPOINT links_all", err)) < 0)
		return rc;
	if ((rc = whole = digest_whole(st, &ties, err)) >= 0 &&
	    (rc = pm_store_query_int64(st, "SELECT count(*) FROM links_changed", &changed,
					"cannot read links", err)) == 0) {
		if (whole && changed <= ties / 100) {
			rc = digest_read(st, &m, &damaged, err);
		} else if (st->readonly || st->in_tx) {
			rc = scan_table(st, fn, ctx, NULL, err);
		} else if (!(d = calloc(1, sizeof(*d)))) {
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		} else if ((rc = pm_store_query_int64(st, "PRAGMA data_version", &d->data_version,
						       "cannot read links", err)) == 0) {
			rc = scan_table(st, fn, ctx, &d->e, err);
		}
	}
	sqlite3_finalize(m.row);
	free(m.changed);
	if (own) {
		sqlite3_exec(st->db, rc == 0 ? "RELEASE links_all" : "ROLLBACK TO links_all",
			     NULL, NULL, NULL);
		if (rc != 0)
			sqlite3_exec(st->db, "RELEASE links_all", NULL, NULL, NULL);
	}
	if (d) {
		pm_store_digest_drop(st);
		st->digest = d;
		if (rc != 0 || d->e.oom || d->e.ties < st->digest_min)
			pm_store_digest_drop(st);
		else if (own)
			pm_store_digest_flush(st);
	}
	if (rc == 0 && damaged >= 0) {
		/* never served again: the next read rebuilds it (best effort) */
		int dropped;
		sqlite3_busy_timeout(st->db, 0);
		dropped = sqlite3_exec(st->db, "DELETE FROM links_digest; DELETE FROM links_changed",
				       NULL, NULL, NULL) == SQLITE_OK;
		sqlite3_busy_timeout(st->db, st->wait_ms);
		if (dropped)
			rc = pm_error_set(err, PM_EDB, "database '%s': the links digest (a copy of the "
					  "ties kept for speed) is damaged in part %lld and has been "
					  "dropped; run the command again", st->path,
					  (long long)damaged);
		else
			rc = pm_error_set(err, PM_EDB, "database '%s': the links digest (a copy of the "
					  "ties kept for speed) is damaged in part %lld and could not be "
					  "dropped (read-only or busy); run the command again with write "
					  "permission on the database", st->path,
					  (long long)damaged);
	}
	return rc;
}
