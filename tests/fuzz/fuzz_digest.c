/*
 * libFuzzer target: a damaged links digest (src/store/links_digest.c). The
 * input's first byte is the part's tie count, the rest its bytes; stored as
 * the whole digest of a small database (the sqlite3 shell could write the
 * same), then every tie is read. The read must either hand over exactly
 * that many ties or fail saying the digest is damaged and drop it — never
 * read out of bounds (ASan) or hang. Built by `make fuzz`.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "powermap/store.h"
#include "../../src/store/store_internal.h"   /* the connection and digest_min */

static struct pm_store *st;

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_digest: %s: %s\n", what, detail ? detail : "");
	abort();
}

static void exec(const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(st->db));
}

static int count_tie(const struct pm_link_row *r, void *ctx)
{
	/* touch what a caller reads */
	if (r->last_contact && strlen(r->last_contact) > 1u << 20)
		die("last_contact", "too long");
	(*(long *)ctx)++;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char db[256];
	struct pm_error err;
	long n = 0;

	(void)argc;
	(void)argv;
	snprintf(db, sizeof(db), "/tmp/pm-fuzz-digest-%d.db", (int)getpid());
	unlink(db);
	if (pm_store_open(db, PM_STORE_CREATE, &st, &err) < 0)
		die("open", err.msg);
	st->digest_min = 1;
	exec("INSERT INTO people(id, key, name) VALUES (1, 'a', 'A'), (2, 'b', 'B'), (3, 'c', 'C');"
	     "INSERT INTO links(src, dst, kind, strength, last_contact, source) VALUES"
	     " (1, 2, 'knows', 0.5, '2026-11-01', 'x'), (2, 3, 'influences', 0.123, '', 'y'),"
	     " (3, 1, 'reports_to', NULL, NULL, 'z')");
	if (pm_store_links_all(st, count_tie, &n, &err) < 0 || n != 3)
		die("first read", err.msg);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sqlite3_stmt *s = NULL;
	struct pm_error err;
	long ties, n = 0;
	int rc;

	if (size < 1)
		return 0;
	ties = data[0];
	exec("DELETE FROM links_digest; DELETE FROM links_changed");
	if (sqlite3_prepare_v2(st->db, "INSERT INTO links_digest(part, parts, ties, data)"
			       " VALUES (0, 1, ?1, ?2)", -1, &s, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(st->db));
	sqlite3_bind_int64(s, 1, ties);
	sqlite3_bind_blob(s, 2, data + 1, (int)(size - 1), SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	rc = pm_store_links_all(st, count_tie, &n, &err);
	if (rc == 0 && n != ties)
		die("read", "a digest read as whole gave another number of ties");
	if (rc != 0 && !strstr(err.msg, "damaged"))
		die("read", err.msg);
	return 0;
}
