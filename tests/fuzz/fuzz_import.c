/*
 * libFuzzer target: a whole import of one file of FORMAT (native, linkedin,
 * cards, contacts, views, salesforce, ics) into a database holding the demo account,
 * with the invariants of issue 13:
 *   - a failed import leaves every table and the history unchanged;
 *   - importing the same file again changes no record;
 *   - export -> import into an empty database -> export is identical.
 * Any broken invariant aborts (a crash libFuzzer records). Built by
 * `make fuzz` with clang, ASan and UBSan; run by tools/fuzz.
 */
#define _XOPEN_SOURCE 700   /* nftw's FTW_DEPTH, FTW_PHYS */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include "powermap/export.h"
#include "powermap/import.h"
#include "powermap/kit.h"
#include "powermap/store.h"

#ifndef FORMAT
#define FORMAT "native"
#endif

static char work[256], seed_db[300], db[300], in[300], exp_dir[300], db2[300];
static unsigned char *seed;
static size_t seed_len;

/* nftw callback: remove one entry, the deepest first. */
static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* The work folder and all in it, at exit. */
static void remove_work(void)
{
	if (work[0])
		nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_import(" FORMAT "): %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		die("cannot write", path);
}

static void remove_db(const char *path)
{
	char p[320];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static struct pm_store *open_store(const char *path)
{
	struct pm_store *st = NULL;
	struct pm_error err;

	if (pm_store_open(path, PM_STORE_CREATE, &st, &err) < 0)
		die("cannot open the store", err.msg);
	pm_store_set_clock(st, "2026-11-28T09:00:00Z");
	return st;
}

/* Every table, the history included, as text (a raw connection: the state on disk). */
static char *dump(const char *path)
{
	static const char *const tables[] = { "orgs", "people", "links", "interactions", "deals",
					      "actions", "plan", "history", "config", "merges",
					      "reviews" };
	struct pm_strbuf sb = PM_STRBUF_INIT;
	sqlite3 *raw;
	size_t t;

	if (sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("cannot open for the dump", path);
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		char sql[128];
		sqlite3_stmt *s;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY rowid", tables[t]);
		if (sqlite3_prepare_v2(raw, sql, -1, &s, NULL) != SQLITE_OK)
			die("dump", sqlite3_errmsg(raw));
		pm_strbuf_addf(&sb, "== %s\n", tables[t]);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const char *v = (const char *)sqlite3_column_text(s, c);
				pm_strbuf_addf(&sb, "%s\x1f", v ? v : "\\N");
			}
			pm_strbuf_puts(&sb, "\n");
		}
		sqlite3_finalize(s);
	}
	sqlite3_close(raw);
	return pm_strbuf_detach(&sb);
}

/* The native export of every table, in memory. */
static char *export_all(struct pm_store *st)
{
	struct pm_export_opts o;
	struct pm_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	memset(&o, 0, sizeof(o));
	for (int t = 0; t < PM_T_COUNT; t++)
		if (pm_export_table(st, (enum pm_table_id)t, &o, f, &err) < 0)
			die("export failed", err.msg);
	fclose(f);
	return buf;
}

/* new_orgs: --new-orgs (NULL: none); the fuzzed input picks it, by its length's parity. */
static int import_file(struct pm_store *st, const char *const *paths, size_t n,
		       const char *format, const char *new_orgs, struct pm_diags *d,
		       struct pm_error *err)
{
	struct pm_import_opts o;
	struct pm_import_stats stats;

	memset(&o, 0, sizeof(o));
	memset(d, 0, sizeof(*d));
	o.type = -1;
	o.format = format;
	o.owner = "nakano-yuta";
	o.new_orgs = new_orgs;
	o.as_of = "2026-11-28";
	return pm_import_files(st, paths, n, &o, &stats, d, err);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *graphs = getenv("POWERMAP_GRAPHS");
	char paths[7][512];
	const char *p[7];
	static const char *const files[] = { "orgs", "people", "links", "interactions", "deals",
					     "actions", "plan" };
	struct pm_diags d;
	struct pm_error err;
	struct pm_store *st;
	FILE *f;

	(void)argc;
	(void)argv;
	/* a fresh folder of its own (a pid's name may be left from an earlier run), gone at exit */
	snprintf(work, sizeof(work), "/tmp/pm-fuzz-XXXXXX");
	if (!mkdtemp(work))
		die("cannot make", work);
	atexit(remove_work);
	snprintf(seed_db, sizeof(seed_db), "%s/seed.db", work);
	snprintf(db, sizeof(db), "%s/w.db", work);
	snprintf(db2, sizeof(db2), "%s/w2.db", work);
	snprintf(exp_dir, sizeof(exp_dir), "%s/exp", work);
	snprintf(in, sizeof(in), "%s/in.%s", work, strcmp(FORMAT, "ics") ? "csv" : "ics");
	/* the seed: the demo account (graphs/demo-ja), so readers find people to match */
	for (int i = 0; i < 7; i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s/demo-ja/%s.csv",
			 graphs ? graphs : "graphs", files[i]);
		p[i] = paths[i];
	}
	st = open_store(seed_db);
	if (import_file(st, p, 7, NULL, NULL, &d, &err) < 0)
		die("cannot import the seed (set POWERMAP_GRAPHS)", err.msg);
	pm_diags_free(&d);
	pm_store_close(st);
	if (!(f = fopen(seed_db, "rb")))
		die("cannot read", seed_db);
	fseek(f, 0, SEEK_END);
	seed_len = (size_t)ftell(f);
	rewind(f);
	seed = malloc(seed_len);
	if (!seed || fread(seed, 1, seed_len, f) != seed_len)
		die("cannot read", seed_db);
	fclose(f);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *one[1] = { in };
	const char *new_orgs = size % 2 ? "customer" : NULL;
	struct pm_diags d;
	struct pm_error err;
	struct pm_store *st;
	char *before, *after, *e1, *e2, *e3;
	int rc;

	if (size > 1 << 16)
		return 0;
	remove_db(db);
	write_file(db, seed, seed_len);
	write_file(in, data, size);
	before = dump(db);
	st = open_store(db);
	rc = import_file(st, one, 1, FORMAT, new_orgs, &d, &err);
	pm_diags_free(&d);
	if (rc < 0) {
		pm_store_close(st);
		after = dump(db);
		if (strcmp(before, after))
			die("a failed import changed the database", err.msg);
		free(before);
		free(after);
		return 0;
	}
	free(before);
	e1 = export_all(st);
	/* the same file again changes no record */
	rc = import_file(st, one, 1, FORMAT, new_orgs, &d, &err);
	pm_diags_free(&d);
	if (rc < 0)
		die("the second import of a file that imported failed", err.msg);
	e2 = export_all(st);
	if (strcmp(e1, e2))
		die("importing the same file again changed records", NULL);
	/* export -> import into an empty database -> export */
	{
		struct pm_export_opts o;
		char paths[PM_T_COUNT][400];
		const char *p[PM_T_COUNT];
		memset(&o, 0, sizeof(o));
		if (pm_export_dir(st, exp_dir, &o, &err) < 0)
			die("export --dir failed", err.msg);
		pm_store_close(st);
		for (int t = 0; t < PM_T_COUNT; t++) {
			snprintf(paths[t], sizeof(paths[t]), "%s/%s.csv", exp_dir, pm_tables[t].name);
			p[t] = paths[t];
		}
		remove_db(db2);
		st = open_store(db2);
		if (import_file(st, p, PM_T_COUNT, NULL, NULL, &d, &err) < 0) {
			for (size_t i = 0; i < d.n; i++)
				fprintf(stderr, "%s:%zu: %s\n", d.items[i].file, d.items[i].line,
					d.items[i].msg);
			die("the export does not import", err.msg);
		}
		pm_diags_free(&d);
		e3 = export_all(st);
		pm_store_close(st);
		if (strcmp(e1, e3))
			die("export -> import -> export differs", NULL);
	}
	free(e1);
	free(e2);
	free(e3);
	return 0;
}
