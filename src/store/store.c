/*
 * powermap — opening the store, schema migrations, transactions, identity
 * resolution and history (see include/powermap/store.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "powermap/kit.h"
#include "powermap/titles.h"
#include "store_internal.h"

#define PM_APPLICATION_ID 0x706d6170 /* "pmap" */

/* Secondary indexes a bulk load drops and rebuilds (pm_store_bulk_begin). */
#define LINKS_DST_INDEX "CREATE INDEX links_dst ON links(dst, kind)"
/* Bytes of the file read through a memory map (PRAGMA mmap_size). */
#define MMAP_SIZE "1073741824"
#define PEOPLE_NAME_INDEX "CREATE INDEX people_name ON people(name)"
#define PEOPLE_ORG_INDEX "CREATE INDEX people_org ON people(org_id)"
#define PEOPLE_NAME_KEY_INDEX "CREATE INDEX people_name_key ON people(name_key, org_id)"
#define ORGS_NAME_KEY_INDEX "CREATE INDEX orgs_name_key ON orgs(name_key)"
#define PEOPLE_EMAIL_INDEX "CREATE INDEX people_email ON people(lower(email))"
#define PEOPLE_URL_INDEX "CREATE INDEX people_url ON people(url)"

/*
 * While there is a links digest, every row inserted, updated or deleted in
 * links is noted in links_changed (links_digest.c); a bulk load drops the
 * digest and the insert trigger, and puts the trigger back at its end.
 */
#define LINKS_DIGESTED "EXISTS (SELECT 1 FROM links_digest)"
/*
 * A changed id is noted once, without a conflict to resolve: a trigger's
 * OR IGNORE gives way to the ON CONFLICT of the statement that fires it,
 * and the store writes ties with OR FAIL (records.c), so a tie changed twice
 * in one transaction would fail on links_changed's key (schema 12).
 */
#define LINKS_CHANGED(row) \
	"INSERT OR IGNORE INTO links_changed SELECT " row ".id WHERE NOT EXISTS" \
	" (SELECT 1 FROM links_changed WHERE id = " row ".id);"
#define LINKS_INSERT_TRIGGER \
	"CREATE TRIGGER links_changed_insert AFTER INSERT ON links WHEN " LINKS_DIGESTED \
	" BEGIN " LINKS_CHANGED("NEW") " END"
#define LINKS_UPDATE_TRIGGER \
	"CREATE TRIGGER links_changed_update AFTER UPDATE ON links WHEN " LINKS_DIGESTED \
	" BEGIN " LINKS_CHANGED("OLD") LINKS_CHANGED("NEW") " END"
#define LINKS_DELETE_TRIGGER \
	"CREATE TRIGGER links_changed_delete AFTER DELETE ON links WHEN " LINKS_DIGESTED \
	" BEGIN " LINKS_CHANGED("OLD") " END"

static const struct {
	enum pm_table_id table;
	const char *name, *create;
} bulk_indexes[] = {
	{ PM_T_PEOPLE, "people_name", PEOPLE_NAME_INDEX },
	{ PM_T_PEOPLE, "people_org", PEOPLE_ORG_INDEX },
	{ PM_T_PEOPLE, "people_name_key", PEOPLE_NAME_KEY_INDEX },
	{ PM_T_PEOPLE, "people_email", PEOPLE_EMAIL_INDEX },
	{ PM_T_PEOPLE, "people_url", PEOPLE_URL_INDEX },
	{ PM_T_LINKS, "links_dst", LINKS_DST_INDEX },
};

/* The page cache while bulk_end builds indexes, in KiB (the sort's run size). */
#define PM_INDEX_SORT_KIB 16384

/* Migration N brings a file from user_version N-1 to N. */
static const char *const migrations[] = {
	NULL,
	/* 1: the initial schema */
	"CREATE TABLE orgs("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN"
	"    ('customer','own','partner','investor','bank','other')),"
	"  industry TEXT,"
	"  parent_id INTEGER REFERENCES orgs(id) ON DELETE SET NULL,"
	"  notes TEXT,"
	"  CHECK (parent_id IS NULL OR parent_id <> id));"
	"CREATE INDEX orgs_name ON orgs(name);"
	"CREATE INDEX orgs_parent ON orgs(parent_id);"
	"CREATE TABLE people("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  org_id INTEGER REFERENCES orgs(id) ON DELETE SET NULL,"
	"  title TEXT, department TEXT, email TEXT, url TEXT,"
	"  role TEXT CHECK (role IN ('economic_buyer','decision_maker',"
	"    'technical_buyer','user_buyer','champion','coach','influencer',"
	"    'gatekeeper','blocker')),"
	"  stance TEXT NOT NULL DEFAULT 'unknown' CHECK (stance IN"
	"    ('champion','supporter','neutral','skeptic','opponent','unknown')),"
	"  power INTEGER CHECK (power BETWEEN 1 AND 5),"
	"  notes TEXT);"
	PEOPLE_NAME_INDEX ";"
	PEOPLE_ORG_INDEX ";"
	"CREATE TABLE links("
	"  id INTEGER PRIMARY KEY,"
	"  src INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  dst INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('reports_to','influences','knows')),"
	"  strength REAL CHECK (strength BETWEEN 0 AND 1),"
	"  last_contact TEXT,"
	"  source TEXT NOT NULL DEFAULT '',"
	"  notes TEXT,"
	"  CHECK (src <> dst));"
	"CREATE UNIQUE INDEX links_identity ON links(src, dst, kind, source);"
	LINKS_DST_INDEX ";"
	"CREATE TABLE interactions("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,"
	"  subject TEXT,"
	"  minutes REAL);"
	"CREATE INDEX interactions_person ON interactions(person_id, at);"
	"CREATE TABLE deals("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  account_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  name TEXT, stage TEXT, amount REAL, currency TEXT,"
	"  probability REAL CHECK (probability BETWEEN 0 AND 1),"
	"  close_date TEXT, updated_at TEXT);"
	"CREATE INDEX deals_account ON deals(account_id);"
	"CREATE TABLE actions("
	"  id INTEGER PRIMARY KEY,"
	"  target_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
	"  owner_id INTEGER REFERENCES people(id) ON DELETE SET NULL,"
	"  due TEXT,"
	"  channel TEXT NOT NULL,"
	"  via_id INTEGER REFERENCES people(id) ON DELETE SET NULL,"
	"  status TEXT NOT NULL DEFAULT 'planned',"
	"  notes TEXT);"
	"CREATE INDEX actions_target ON actions(target_id);"
	"CREATE TABLE plan("
	"  account_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  section TEXT NOT NULL,"
	"  text TEXT,"
	"  PRIMARY KEY (account_id, section));"
	"CREATE TABLE history("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  command TEXT,"
	"  entity TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  field TEXT, old TEXT, new TEXT);"
	"CREATE INDEX history_at ON history(at);",
	/* 2: analysis parameters (powermap config) */
	"CREATE TABLE config("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);",
	/* 3: name keys for matching names as people type them (names.h); email, url */
	"ALTER TABLE people ADD COLUMN name_key TEXT;"
	"ALTER TABLE orgs ADD COLUMN name_key TEXT;"
	"UPDATE people SET name_key = pm_person_key(name);"
	"UPDATE orgs SET name_key = pm_org_key(name);"
	PEOPLE_NAME_KEY_INDEX ";"
	ORGS_NAME_KEY_INDEX ";"
	PEOPLE_EMAIL_INDEX ";"
	PEOPLE_URL_INDEX ";",
	/* 4: which way an interaction went (a reply is inbound; DESIGN §2 engaged) */
	"ALTER TABLE interactions ADD COLUMN direction TEXT"
	"  CHECK (direction IN ('inbound', 'outbound', 'both'));",
	/* 5: an org's email domains, for people met by email only (calendars) */
	"ALTER TABLE orgs ADD COLUMN domains TEXT;",
	/* 6: what a merge changed, so that it can be undone (merge.c) */
	"CREATE TABLE merges("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  kept_id INTEGER NOT NULL,"
	"  other_id INTEGER NOT NULL,"
	"  other_key TEXT NOT NULL,"
	"  kept_row TEXT NOT NULL,"      /* JSON: the kept person's fields before */
	"  other_row TEXT NOT NULL,"     /* JSON: the removed person */
	"  links TEXT NOT NULL,"         /* JSON: every link of the removed person */
	"  moved TEXT NOT NULL,"         /* JSON: ids of interactions, actions moved */
	"  undone INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX merges_other ON merges(other_key);"
	/* namesakes in one org, found by index (dedupe) */
	"DROP INDEX people_name_key;"
	PEOPLE_NAME_KEY_INDEX ";",
	/* 7: review marks: what an account looked like at a review (review.c) */
	"CREATE TABLE reviews("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL,"
	"  snapshot TEXT NOT NULL);"      /* JSON: ranking, KPIs, risks */
	"CREATE INDEX reviews_account ON reviews(account_id, at);",
	/* 8: firmographics, for the fit of target accounts (accounts) */
	"ALTER TABLE orgs ADD COLUMN employees REAL CHECK (employees >= 0);"
	"ALTER TABLE orgs ADD COLUMN revenue REAL CHECK (revenue >= 0);"
	"ALTER TABLE orgs ADD COLUMN currency TEXT;"
	"ALTER TABLE orgs ADD COLUMN region TEXT;"
	"ALTER TABLE orgs ADD COLUMN website TEXT;",
	/* 9: account power (rank) by content fingerprint, for accounts (portfolio.c) */
	"CREATE TABLE power_cache("
	"  account_id INTEGER PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,"
	"  fingerprint TEXT NOT NULL,"
	"  data TEXT NOT NULL);",
	/* 10: the links digest and the links changed since it was built (links_digest.c) */
	"CREATE TABLE links_digest("
	"  part INTEGER PRIMARY KEY,"
	"  parts INTEGER NOT NULL,"
	"  ties INTEGER NOT NULL,"         /* in this part */
	"  data BLOB NOT NULL);"
	"CREATE TABLE links_changed(id INTEGER PRIMARY KEY);"
	LINKS_INSERT_TRIGGER ";" LINKS_UPDATE_TRIGGER ";" LINKS_DELETE_TRIGGER ";",
	/* 11: a person's name key leaves out honorifics (阿部様, Mr. Smith; names.h) */
	"UPDATE people SET name_key = pm_person_key(name)"
	"  WHERE name_key IS NOT pm_person_key(name);",
	/* 12: the links_changed triggers note an id without a conflict (above) */
	"DROP TRIGGER IF EXISTS links_changed_insert;"
	"DROP TRIGGER IF EXISTS links_changed_update;"
	"DROP TRIGGER IF EXISTS links_changed_delete;"
	LINKS_INSERT_TRIGGER ";" LINKS_UPDATE_TRIGGER ";" LINKS_DELETE_TRIGGER ";",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])) - 1)

/* Whether the connection's last error is another connection holding a lock. */
static int busy(struct pm_store *st)
{
	int code = st && st->db ? sqlite3_errcode(st->db) & 0xff : 0;

	return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/* PM_EBUSY: the wait for another command's write ran out. */
static int busy_error(struct pm_store *st, const char *what, struct pm_error *err)
{
	return pm_error_set(err, PM_EBUSY,
			    "%s: database '%s' is busy: another powermap command (an import?) "
			    "kept it locked for longer than the %g s wait; try again when it "
			    "has finished, or wait longer with --wait SECONDS", pm_msg(what), st->path,
			    st->wait_ms / 1000.0);
}

int pm_store_dberr(struct pm_store *st, const char *what, struct pm_error *err)
{
	if (st && st->readonly && st->db &&
	    (sqlite3_errcode(st->db) & 0xff) == SQLITE_READONLY)
		return pm_error_set(err, PM_EIO, "%s: database '%s' is read-only (no write "
				    "permission on it or its folder)", pm_msg(what), st->path);
	if (busy(st))
		return busy_error(st, what, err);
	return pm_error_set(err, PM_EDB, "%s: %s", pm_msg(what),
			    st && st->db ? sqlite3_errmsg(st->db) : "no database");
}

int pm_store_prepare(struct pm_store *st, sqlite3_stmt **out, const char *sql,
		     struct pm_error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return pm_store_dberr(st, "cannot prepare statement", err);
	return 0;
}

int pm_store_cached(struct pm_store *st, sqlite3_stmt **out, const char *sql,
		    struct pm_error *err)
{
	int i, rc;

	for (i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql || !strcmp(st->cache[i].sql, sql)) {
			*out = st->cache[i].stmt;
			sqlite3_reset(*out);
			sqlite3_clear_bindings(*out);
			return 0;
		}
	if (st->ncache == PM_STMT_CACHE)
		return pm_error_set(err, PM_EDB, "statement cache full");
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK)
		return pm_store_dberr(st, "cannot prepare statement", err);
	rc = st->ncache;
	st->cache[rc].copy = strdup(sql);
	if (!st->cache[rc].copy) {
		sqlite3_finalize(*out);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	st->cache[rc].sql = st->cache[rc].copy;
	st->cache[rc].stmt = *out;
	st->ncache++;
	return 0;
}

void pm_store_release(sqlite3_stmt *s)
{
	if (s)
		sqlite3_reset(s);
}

int pm_bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (!v || !*v)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

int pm_store_exec(struct pm_store *st, const char *sql, struct pm_error *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (st->readonly && (sqlite3_errcode(st->db) & 0xff) == SQLITE_READONLY) {
			sqlite3_free(msg);
			return pm_store_dberr(st, "cannot write", err);
		}
		if (busy(st)) {
			sqlite3_free(msg);
			return busy_error(st, "cannot write", err);
		}
		pm_error_set(err, PM_EDB, "database '%s': %s", st->path,
			     msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return PM_EDB;
	}
	return 0;
}

int pm_store_query_int64(struct pm_store *st, const char *sql, int64_t *out, const char *what,
			 struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = 0;
	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : pm_store_dberr(st, what, err);
	sqlite3_finalize(s);
	return rc;
}

static int pragma_int(struct pm_store *st, const char *sql, int *out,
		      struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pm_store_prepare(st, &s, sql, err)) < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = 0;
	} else if (busy(st)) {
		rc = busy_error(st, "cannot read", err);
	} else if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_NOTADB) {
		rc = pm_error_set(err, PM_EDB, "'%s' is not a powermap database (%s)",
				  st->path, sqlite3_errmsg(st->db));
	} else {
		rc = pm_error_set(err, PM_EDB, "cannot read database '%s': %s", st->path,
				  sqlite3_errmsg(st->db));
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * The file's schema version into *version, its schema objects into *ntables; refuse a foreign file or one
 * newer than this binary.
 */
static int check_identity(struct pm_store *st, int *version, int *ntables,
			  struct pm_error *err)
{
	int appid = 0, rc;

	if ((rc = pragma_int(st, "PRAGMA user_version", version, err)) < 0 ||
	    (rc = pragma_int(st, "PRAGMA application_id", &appid, err)) < 0 ||
	    (rc = pragma_int(st, "SELECT count(*) FROM sqlite_schema", ntables, err)) < 0)
		return rc;
	if (*ntables > 0 && appid != PM_APPLICATION_ID)
		return pm_error_set(err, PM_EDB,
				    "'%s' is not a powermap database", st->path);
	if (*version > PM_SCHEMA_VERSION)
		return pm_error_set(err, PM_EVERSION,
				    "database '%s' has schema version %d, newer than this "
				    "powermap supports (%d); upgrade powermap",
				    st->path, *version, PM_SCHEMA_VERSION);
	return 0;
}

/* Bring the schema from `version` (checked by check_identity) to PM_SCHEMA_VERSION. */
static int migrate(struct pm_store *st, int version, struct pm_error *err)
{
	int rc, v;
	char sql[64];

	if (version == PM_SCHEMA_VERSION) {
		st->version = version;
		return 0;
	}
	if ((rc = pm_store_exec(st, "BEGIN IMMEDIATE", err)) < 0)
		return rc;
	for (v = version + 1; v <= NMIGRATIONS; v++)
		if ((rc = pm_store_exec(st, migrations[v], err)) < 0)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", PM_SCHEMA_VERSION);
	if ((rc = pm_store_exec(st, sql, err)) < 0)
		goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", PM_APPLICATION_ID);
	if ((rc = pm_store_exec(st, sql, err)) < 0 || (rc = pm_store_exec(st, "COMMIT", err)) < 0)
		goto fail;
	st->version = PM_SCHEMA_VERSION;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Whether the folder holding `path` may be written (WAL and journal files). */
static int folder_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ok;

	if (!slash)
		return access(".", W_OK) == 0;
	if (slash == path)
		return access("/", W_OK) == 0;
	if (!(dir = strndup(path, (size_t)(slash - path))))
		return 1;
	ok = access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/* "file:PATH?QUERY" with the path's special characters percent-encoded. */
static char *file_uri(const char *path, const char *query)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	const unsigned char *p;

	pm_strbuf_puts(&sb, "file:");
	for (p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20)
			pm_strbuf_addf(&sb, "%%%02X", *p);
		else
			pm_strbuf_add(&sb, (const char *)p, 1);
	}
	pm_strbuf_addf(&sb, "?%s", query);
	return pm_strbuf_detach(&sb);
}

/*
 * Open a file we may only read (no write permission on it or its folder).
 * A WAL database needs its -shm file, which SQLite cannot create in a folder
 * we cannot write: then it is opened immutable (nobody writes it meanwhile,
 * or we could not be here). The schema must be current: migrating writes.
 */
static int open_readonly(struct pm_store *st, int may_be_immutable, struct pm_error *err)
{
	static const char *const modes[] = { "mode=ro", "immutable=1" };
	size_t i, nmodes = may_be_immutable ? sizeof(modes) / sizeof(modes[0]) : 1;
	int version = 0, ntables = 0, rc = PM_EDB;

	for (i = 0; i < nmodes; i++) {
		char *uri = file_uri(st->path, modes[i]);
		if (!uri)
			return pm_error_set(err, PM_ENOMEM, "out of memory");
		sqlite3_close(st->db);
		st->db = NULL;
		rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
		if (rc == SQLITE_OK &&
		    sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL,
				 NULL) == SQLITE_OK)
			break;
	}
	if (i == nmodes)
		return pm_error_set(err, PM_EDB, "cannot open database '%s' read-only: %s",
				    st->path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
	st->readonly = 1;
	sqlite3_busy_timeout(st->db, st->wait_ms);
	if ((rc = pm_store_register_functions(st, err)) < 0)
		return rc;
	if ((rc = check_identity(st, &version, &ntables, err)) < 0)
		return rc;
	if (version < PM_SCHEMA_VERSION)
		return pm_error_set(err, PM_EVERSION,
				    "database '%s' has schema version %d and is read-only; open it "
				    "once with write access so that powermap can upgrade it",
				    st->path, version);
	st->version = version;
	return 0;
}

/* Create the file with mode 0600 before SQLite opens it. */
static int create_file(const char *path, unsigned flags, struct pm_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return (flags & PM_STORE_EXCL)
			? pm_error_set(err, PM_EEXISTS, "database '%s' already exists", path)
			: 0;
	return pm_error_set(err, PM_EIO, "cannot create database '%s': %s", path,
			    pm_msg(strerror(errno)));
}

/*
 * The mode is kept in the file, so this writes only a new database, one a
 * first load left in rollback mode (import_support.c) when it was killed,
 * or one a crashed old version left in another mode. The switch needs the
 * file to itself, and SQLite does not call the busy handler for it: retry
 * until the wait runs out.
 */
int pm_store_ensure_wal(struct pm_store *st, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int waited = 0, wal = 0, rc;

	if ((rc = pm_store_prepare(st, &s, "PRAGMA main.journal_mode", err)) < 0)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		wal = !sqlite3_stricmp((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	while (!wal) {
		if (sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) == SQLITE_OK)
			return 0;
		if (!busy(st) || waited >= st->wait_ms)
			return pm_store_dberr(st, "cannot open", err);
		sqlite3_sleep(50);
		waited += 50;
	}
	return 0;
}

int pm_store_open(const char *path, unsigned flags, struct pm_store **out,
		  struct pm_error *err)
{
	return pm_store_open_wait(path, flags, PM_STORE_WAIT_MS, out, err);
}

int pm_store_open_wait(const char *path, unsigned flags, int wait_ms,
		       struct pm_store **out, struct pm_error *err)
{
	struct pm_store *st = NULL;
	struct stat sb;
	int rc, version = 0, ntables = 0;

	*out = NULL;
	if (flags & PM_STORE_CREATE) {
		if ((rc = create_file(path, flags, err)) < 0)
			return rc;
	} else if (stat(path, &sb) != 0) {
		return pm_error_set(err, PM_ENOTFOUND,
				    "no database at '%s' (create one with 'powermap init', "
				    "or choose one with --db or POWERMAP_DB)", path);
	}
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto fail;
	}
	st->wait_ms = wait_ms > 0 ? wait_ms : 0;
	st->digest_min = PM_DIGEST_MIN_TIES;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = pm_error_set(err, PM_EDB, "cannot open database '%s': %s", path,
				  st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	/* no write permission (file or folder: WAL writes beside the file): serve reads */
	if (sqlite3_db_readonly(st->db, "main") == 1 || access(path, W_OK) != 0 ||
	    !folder_writable(path)) {
		if ((rc = open_readonly(st, 1, err)) < 0)
			goto fail;
		pm_store_set_clock(st, NULL);
		*out = st;
		return 0;
	}
	sqlite3_busy_timeout(st->db, st->wait_ms);
	/*
	 * Identity first, by reading only: a file powermap refuses (foreign,
	 * newer, not SQLite) is left byte for byte as it was, and an empty
	 * file becomes a database only when the command creates one.
	 */
	if ((rc = pm_store_register_functions(st, err)) < 0 ||
	    (rc = check_identity(st, &version, &ntables, err)) < 0)
		goto fail;
	if (!(flags & PM_STORE_CREATE) && version == 0 && ntables == 0) {
		rc = pm_error_set(err, PM_EDB, "'%s' is empty, not a powermap database "
				  "(create one with 'powermap init')", path);
		goto fail;
	}
	/*
	 * A new file gets 16 KiB pages (ignored once the file has content):
	 * with millions of links, bulk loads and index builds ran 25% faster
	 * than with 4 KiB pages (see docs/benchmarks.md).
	 */
	if ((rc = pm_store_exec(st, "PRAGMA foreign_keys = ON", err)) < 0 ||
	    (rc = pm_store_exec(st, "PRAGMA page_size = 16384", err)) < 0 ||
	    (rc = pm_store_ensure_wal(st, err)) < 0 ||
	    (rc = pm_store_exec(st, "PRAGMA synchronous = NORMAL", err)) < 0 ||
	    (rc = migrate(st, version, err)) < 0)
		goto fail;
	/*
	 * Reads through a memory map instead of read() copies: a search that
	 * reads most of a large network spent a third of its time copying
	 * pages (reach of a 5,000-person account in M). Best effort.
	 */
	sqlite3_exec(st->db, "PRAGMA mmap_size = " MMAP_SIZE, NULL, NULL, NULL);
	pm_store_set_clock(st, NULL);
	*out = st;
	return 0;
fail:
	pm_store_close(st);
	return rc;
}

/* This connection's PRAGMA data_version: moves when another connection commits. */
static int data_version(struct pm_store *st, int64_t *out, struct pm_error *err)
{
	return pm_store_query_int64(st, "PRAGMA data_version", out, "cannot read", err);
}

/*
 * The reader's connection: the same file, read-only (open_readonly: mode=ro,
 * or immutable as st's may have been), with st's functions and waits, no
 * memory map; no migration (st's open did it).
 */
static int reader_connect(struct pm_store *st, struct pm_store **out, struct pm_error *err)
{
	struct pm_store *r = calloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	if (!r || !(r->path = strdup(st->path))) {
		free(r);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	r->wait_ms = st->wait_ms;
	r->digest_min = st->digest_min;
	memcpy(r->now, st->now, sizeof(r->now));
	/* immutable only as st was: a file others write must be read through its WAL */
	if ((rc = open_readonly(r, st->readonly, err)) < 0) {
		pm_store_close(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* Tries at two snapshots that no commit separates before giving up. */
#define READER_TRIES 8

int pm_store_reader_open(struct pm_store *st, struct pm_store **reader, struct pm_error *err)
{
	struct pm_store *r = NULL;
	int64_t before, after;
	int rc, i;

	*reader = NULL;
	if (st->in_tx || st->in_read || st->importing || st->rewind)
		return pm_error_set(err, PM_EINVAL,
				    "a second reader needs the store outside any transaction");
	if ((rc = reader_connect(st, &r, err)) < 0)
		return rc;
	/*
	 * Both read by copying pages, not through the memory map: two threads
	 * touching new pages of one map took turns in the kernel's page faults
	 * (next on L: 0.45 s on two threads as on one; 0.26 s copying).
	 */
	sqlite3_exec(st->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
	for (i = 0; i < READER_TRIES; i++) {
		/*
		 * st's snapshot, then r's, then st's again: when st's data
		 * version did not move, nobody committed in between, so r's
		 * snapshot is st's (the second one, which st keeps).
		 */
		if ((rc = pm_store_read_begin(st, err)) < 0 ||
		    (rc = data_version(st, &before, err)) < 0 ||
		    (rc = pm_store_read_begin(r, err)) < 0)
			break;
		pm_store_read_end(st);
		if ((rc = pm_store_read_begin(st, err)) < 0 ||
		    (rc = data_version(st, &after, err)) < 0)
			break;
		if (before == after) {
			*reader = r;
			return 0;
		}
		pm_store_read_end(r);
		pm_store_read_end(st);
	}
	pm_store_reader_close(st, r);
	return rc < 0 ? rc : pm_error_set(err, PM_EBUSY, "the database kept changing while "
					  "a second reader was opened");
}

void pm_store_reader_close(struct pm_store *st, struct pm_store *reader)
{
	pm_store_close(reader);
	pm_store_read_end(st);
	sqlite3_exec(st->db, "PRAGMA mmap_size = " MMAP_SIZE, NULL, NULL, NULL);
}

void pm_store_close(struct pm_store *st)
{
	if (!st)
		return;
	pm_rewind_free(st->rewind);
	pm_store_digest_drop(st);
	if (st->in_tx)
		pm_store_rollback(st);
	for (int i = 0; i < st->ncache; i++) {
		sqlite3_reset(st->cache[i].stmt);
	}
	pm_store_read_end(st);
	for (int i = 0; i < st->ncache; i++) {
		sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].copy);
	}
	for (int t = 0; t < PM_T_COUNT; t++) {
		sqlite3_finalize(st->insert[t]);
		sqlite3_finalize(st->insert_rows[t]);
	}
	sqlite3_close(st->db);
	free(st->path);
	free(st->command);
	free(st);
}

int pm_store_schema_version(struct pm_store *st)
{
	return st->version;
}

int pm_store_begin(struct pm_store *st, struct pm_error *err)
{
	int rc = pm_store_exec(st, "BEGIN IMMEDIATE", err);

	if (rc == 0)
		st->in_tx = 1;
	return rc;
}

int pm_store_commit(struct pm_store *st, struct pm_error *err)
{
	int rc = pm_store_exec(st, "COMMIT", err);

	if (rc == 0)
		st->in_tx = 0;
	return rc;
}

void pm_store_rollback(struct pm_store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

int pm_store_set_command(struct pm_store *st, const char *command)
{
	char *copy = NULL;

	if (command && !(copy = strdup(command)))
		return PM_ENOMEM;
	free(st->command);
	st->command = copy;
	return 0;
}

void pm_store_set_clock(struct pm_store *st, const char *now)
{
	if (now && *now) {
		snprintf(st->now, sizeof(st->now), "%s", now);
	} else {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(st->now, sizeof(st->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
}

const char *pm_store_now(struct pm_store *st)
{
	return st->now;
}

/*
 * A person named by part of their name as people say it: the family name of
 * a Japanese name (a prefix of the name's key: 田中 for 田中 一郎) or one
 * whole word of a Latin one (okafor for Daniel Okafor). Resolves when one
 * person matches; PM_EAMBIGUOUS lists the candidates; PM_ENOTFOUND when none.
 */
static int resolve_partial(struct pm_store *st, const char *name, const char *title_word,
			   int64_t *id, char **key_out, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	char list[512] = "";
	size_t used = 0;
	int64_t found = 0;
	char *key = NULL;
	int rc, n = 0;

	if ((rc = pm_store_cached(st, &s,
				  "WITH q(k) AS (SELECT pm_person_key(?1)) SELECT id, key, name"
				  " FROM people, q WHERE length(CAST(k AS BLOB)) >= 3 AND"
				  " (?2 IS NULL AND name_key <> k OR instr(title, ?2) > 0) AND"
				  " (?2 IS NOT NULL AND name_key = k OR"
				  "  substr(name_key, 1, length(k)) = k AND instr(k, ' ') = 0 AND"
				  "  instr(name_key, ' ') = 0 OR"
				  "  instr(' ' || name_key || ' ', ' ' || k || ' ') > 0)"
				  " ORDER BY key LIMIT 9", err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (title_word)
		sqlite3_bind_text(s, 2, title_word, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 2);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 1);
		if (n++ == 0) {
			found = sqlite3_column_int64(s, 0);
			if (!(key = strdup(k)))
				break;
		}
		if (used + strlen(k) + 64 < sizeof(list))
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s (%s)",
						 n > 1 ? ", " : "", sqlite3_column_text(s, 2), k);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		rc = pm_store_dberr(st, "lookup failed", err);
	} else if (n == 0) {
		rc = PM_ENOTFOUND;
	} else if (!key) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	} else if (n > 1) {
		rc = pm_error_set(err, PM_EAMBIGUOUS, n > 8
				  ? "'%s' matches more than %d people: %s; name one by key"
				  : "'%s' matches %d people: %s; name one by key", name, n > 8 ? 8 : n, list);
	} else {
		*id = found;
		if (key_out) {
			*key_out = key;
			key = NULL;
		}
		rc = 0;
	}
	free(key);
	pm_store_release(s);
	return rc;
}

/*
 * A row of `table` whose key is `name`: 1 (*id, and *key_out a copy of the
 * key when asked), 0 when no key is that, <0 on failure. Keys are unique:
 * this one indexed lookup answers nearly every reference of an import.
 */
static int by_key(struct pm_store *st, const char *table, const char *name, int64_t *id,
		  char **key_out, struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	/* its own text: the cached identity lookup of records.c may be in progress */
	if ((rc = pm_store_cached(st, &s, strcmp(table, "orgs")
				  ? "SELECT id AS resolved FROM people WHERE key = ?1"
				  : "SELECT id AS resolved FROM orgs WHERE key = ?1", err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		rc = 1;
		if (key_out && !(*key_out = strdup(name)))
			rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = pm_store_dberr(st, "lookup failed", err);
	}
	pm_store_release(s);
	return rc;
}

/* Shared by person and org resolution: key first, then unique exact name. */
static int resolve(struct pm_store *st, const char *table, const char *what,
		   const char *name, int64_t *id, char **key_out,
		   struct pm_error *err)
{
	sqlite3_stmt *s = NULL;
	char keys[512] = "";
	size_t used = 0;
	int rc, n = 0;
	int64_t found = 0;
	char *key = NULL;

	if ((rc = by_key(st, table, name, id, key_out, err)) != 0)
		return rc < 0 ? rc : 0;
	/* else by exact name; else by the name's key (names.h) */
	if ((rc = pm_store_cached(st, &s, strcmp(table, "orgs")
				  ? "SELECT id, key FROM people WHERE name = ?1 UNION ALL"
				    " SELECT id, key FROM people WHERE name_key = pm_person_key(?1)"
				    " AND name_key <> '' AND NOT EXISTS"
				    " (SELECT 1 FROM people WHERE name = ?1) ORDER BY 2"
				  : "SELECT id, key FROM orgs WHERE name = ?1 UNION ALL"
				    " SELECT id, key FROM orgs WHERE name_key = pm_org_key(?1)"
				    " AND name_key <> '' AND NOT EXISTS"
				    " (SELECT 1 FROM orgs WHERE name = ?1) ORDER BY 2", err)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 1);
		if (n++ == 0) {
			found = sqlite3_column_int64(s, 0);
			key = strdup(k);
		}
		if (used + strlen(k) + 8 < sizeof(keys))
			used += (size_t)snprintf(keys + used, sizeof(keys) - used,
						 "%s'%s'", n > 1 ? ", " : "", k);
	}
	if (rc != SQLITE_DONE) {
		rc = pm_store_dberr(st, "lookup failed", err);
		goto out;
	}
	if (n == 0 && !strcmp(table, "people") && !st->importing) {
		size_t t = pm_title_suffix(name);
		rc = resolve_partial(st, name, NULL, id, key_out, err);
		if (rc == PM_ENOTFOUND && t) {
			/* 阿部部長: the name before it, of someone whose title holds the word */
			char *who = strndup(name, strlen(name) - t);
			rc = who ? resolve_partial(st, who, name + strlen(name) - t, id, key_out, err)
				 : pm_error_set(err, PM_ENOMEM, "out of memory");
			free(who);
		}
		if (rc != PM_ENOTFOUND)
			goto out;
	}
	if (n == 0) {
		char hint[384];
		/* not while importing: a bad file may name thousands of unknowns */
		if (!st->importing && pm_store_suggest(st, table, name, hint, sizeof(hint)) > 0)
			rc = pm_error_set(err, PM_ENOTFOUND, "unknown %s '%s'; did you mean %s?",
					  pm_msg(what), name, hint);
		else
			rc = pm_error_set(err, PM_ENOTFOUND, "unknown %s '%s'", pm_msg(what), name);
		goto out;
	}
	if (n > 1) {
		rc = pm_error_set(err, PM_EAMBIGUOUS,
				  "%s name '%s' is ambiguous; use one of the keys: %s",
				  pm_msg(what), name, keys);
		goto out;
	}
	if (!key) {
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
		goto out;
	}
	*id = found;
	if (key_out) {
		*key_out = key;
		key = NULL;
	}
	rc = 0;
out:
	free(key);
	pm_store_release(s);
	return rc;
}

int pm_store_person_resolve(struct pm_store *st, const char *name, int64_t *id,
			    char **key_out, struct pm_error *err)
{
	return resolve(st, "people", "person", name, id, key_out, err);
}

int pm_store_org_resolve(struct pm_store *st, const char *name, int64_t *id,
			 char **key_out, struct pm_error *err)
{
	return resolve(st, "orgs", "org", name, id, key_out, err);
}

int pm_store_bulk_begin(struct pm_store *st, enum pm_table_id t, struct pm_error *err)
{
	char sql[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(bulk_indexes) / sizeof(bulk_indexes[0]); i++) {
		if (bulk_indexes[i].table != t)
			continue;
		snprintf(sql, sizeof(sql), "DROP INDEX %s", bulk_indexes[i].name);
		if ((rc = pm_store_exec(st, sql, err)) < 0)
			return rc;
	}
	if (t == PM_T_LINKS &&
	    (rc = pm_store_exec(st, "DELETE FROM links_digest; DELETE FROM links_changed;"
				" DROP TRIGGER links_changed_insert", err)) < 0)
		return rc;
	return pm_store_exec(st, "PRAGMA ignore_check_constraints = ON", err);
}

int pm_store_bulk_end(struct pm_store *st, enum pm_table_id t, struct pm_error *err)
{
	char sql[64];
	size_t i;
	int rc, cache = 0;

	if ((rc = pm_store_exec(st, "PRAGMA ignore_check_constraints = OFF", err)) < 0 ||
	    (rc = pragma_int(st, "PRAGMA cache_size", &cache, err)) < 0)
		return rc;
	/*
	 * The index sort may use a second thread. SQLite sorts in runs of the
	 * cache's size, sorted on that thread and merged: small runs sort
	 * faster (L's links_dst: 9.3 s in runs of 256 MB, 4-5 s in 16 MB).
	 */
	sqlite3_exec(st->db, "PRAGMA threads = 2", NULL, NULL, NULL);
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", PM_INDEX_SORT_KIB);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	for (i = 0; i < sizeof(bulk_indexes) / sizeof(bulk_indexes[0]) && rc == 0; i++)
		if (bulk_indexes[i].table == t)
			rc = pm_store_exec(st, bulk_indexes[i].create, err);
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", cache);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc < 0)
		return rc;
	if (t == PM_T_LINKS)
		rc = pm_store_exec(st, LINKS_INSERT_TRIGGER, err);
	return rc;
}

int pm_store_table_empty(struct pm_store *st, enum pm_table_id t, struct pm_error *err)
{
	char sql[128];
	int any, rc;

	snprintf(sql, sizeof(sql), "SELECT EXISTS (SELECT 1 FROM %s)", pm_tables[t].name);
	if ((rc = pragma_int(st, sql, &any, err)) < 0)
		return rc;
	return !any;
}
