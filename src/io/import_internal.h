/*
 * powermap — the import pipeline's state, shared by the files of src/io
 * that import (not public).
 *
 *   import.c           pm_import_files: sources, formats, phases
 *   import_pipeline.c  pm_import_begin/record/end: validation, duplicates,
 *                      writing, org parents, cycles, diagnostics
 *   import_bulk.c      the bulk loader for people and links into empty tables
 *   format_native.c    the native CSV reader (one table per file)
 *
 * A format is one reader on top of the pipeline: it looks at a source and
 * says which tables it feeds, then feeds the records of one table at a time
 * (the pipeline takes tables in dependency order: orgs, people, links, ...).
 */
#ifndef POWERMAP_IMPORT_INTERNAL_H
#define POWERMAP_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "powermap/import.h"
#include "powermap/kit.h"
#include "powermap/strmap.h"

/* ---- column maps (colmap.c) --------------------------------------------- */

#define PM_COLMAP_MAX 32

/* --map: which header of a file holds which column. */
struct pm_colmap {
	char *name[PM_COLMAP_MAX];     /* column: "name", "org", or a table column */
	char *header[PM_COLMAP_MAX];   /* the header that holds it: "氏名" */
	size_t n;
};

/*
 * Parse "name=氏名,org=会社名" (or the path of a UTF-8 file with one
 * NAME=HEADER per line) into m.
 * PM_EINVAL for a pair without '=' or empty; free with pm_colmap_free.
 */
int pm_colmap_parse(const char *spec, struct pm_colmap *m, struct pm_error *err);

/* The column a header is mapped to, or NULL. */
const char *pm_colmap_name_of(const struct pm_colmap *m, const char *header);

void pm_colmap_free(struct pm_colmap *m);

/*
 * The column of table t a native CSV header names, or -1: our column name
 * (any case of ASCII letters, full-width letters and spaces around allowed)
 * or a Japanese header people write for it (氏名, 会社, 役職 ...;
 * native_headers.c); a number column also with its unit after it in
 * parentheses (売上高（百万円）, 従業員数(人), 金額（千円）: pm_native_unit).
 */
int pm_native_column(enum pm_table_id t, const char *header);

/*
 * The unit a header gives its numbers in parentheses at its end: the
 * factor to a plain number (百万円 1e6, 千円 1e3, 億円 1e8, 万円 1e4, 円
 * and 人 1; 1 when there is none or it is not one of these), and through
 * *yen whether it says they are yen.
 */
double pm_native_unit(const char *header, int *yen);

/*
 * Whether a header of a people file names half of a name: PM_NAME_LAST
 * (姓, Last Name ...), PM_NAME_FIRST (名, First Name ...), or 0. A file
 * without a name column gives the name as these two.
 */
enum { PM_NAME_LAST = 1, PM_NAME_FIRST = 2 };
int pm_native_name_part(const char *header);

/* The first Japanese header known for column col of table t, or NULL. */
const char *pm_native_header_ja(enum pm_table_id t, const char *col);

/* Rows of links kept before their people are looked up (import_bulk.c). */
#define PM_IMPORT_BATCH 16384

/* A link row waiting for its checks and people (offsets in ptext; -1: NULL). */
struct pm_pending_link {
	size_t line;
	int colpos[PM_TABLE_MAXCOLS];
	long off[PM_TABLE_MAXCOLS];
	int64_t src, dst;          /* its people, once the builder found them */
	int plain;                 /* every value valid UTF-8 without forbidden code points */
};

/* A link read in a bulk load, written once all links are read. */
struct pm_bulk_link {
	int64_t src, dst;
	size_t text;               /* offset of three NUL-terminated strings */
	uint32_t source;           /* index in source_names */
	uint32_t line;
	uint16_t file;
	uint8_t kind;              /* index in pm_bulk_link_kinds */
};

/* Link kinds in text order, as the identity index compares them. */
enum { PM_BULK_INFLUENCES, PM_BULK_KNOWS, PM_BULK_REPORTS_TO };
extern const char *const pm_bulk_link_kinds[];

/* An org's parent, set once every org of the import is in. */
struct pm_parent_ref {
	size_t key, parent;        /* offsets in parents_text */
	size_t file, line;
	int col;                   /* field number of the parent in the source */
};

/* A new link of an update: its people resolved, its values in fresh_text. */
struct pm_new_link {
	int64_t src, dst;          /* people's row ids */
	size_t text;               /* offset of its values, one per column (NUL-separated; "\x01": none) */
	const char *values;        /* fresh_text + text, set when they are written */
	size_t line, nfile;
};

struct pm_import {
	struct pm_store *st;
	struct pm_import_opts opts;
	struct pm_import_stats stats;
	struct pm_diags *diags;
	size_t max_errors;
	int fatal;                 /* PM_ENOMEM / PM_EDB: stop everything */
	int partial;               /* a file could not be read: the others are only
				      checked, and their references to what it
				      may have held are not errors */
	struct pm_error *err;      /* where fatal errors are described */
	int phase;                 /* table being fed; -1 before the first record */
	int quiet;

	/* sources: every file name records came from, in order of appearance */
	char **files;
	size_t nfiles, files_cap;
	size_t (*file_rows)[PM_T_COUNT];  /* bulk-loaded records per file and table */
	const char *file;          /* the current record's file (files[nfile]) */
	size_t nfile;

	struct pm_strbuf norm[PM_TABLE_MAXCOLS];  /* the current record's canonical values */
	struct pm_colmap map;      /* opts.map, parsed */
	struct pm_strmap *ext;     /* another system's id -> index in ext_keys */
	struct pm_strmap *seen;    /* table letter + identity -> tag = file << 32 | line */
	/* an update's stored links, read once it is large (link_unchanged) */
	struct pm_strmap *stored;  /* identity -> offset in stored_text */
	struct pm_strbuf stored_text;  /* strength, last_contact, notes of each */
	size_t update_links, stored_after;  /* links gone row by row; when to read */
	int stored_state;          /* 0: not read yet, 1: read */
	/* new links of an update (not among the stored ones): written at the
	 * end of the links, in identity order (import_pipeline.c) */
	struct pm_new_link *fresh;
	size_t nfresh, fresh_cap;
	size_t links_put;          /* ties written one by one (pm_store_links_coming) */
	struct pm_strbuf fresh_text;
	char **ext_keys;           /* ... our key for it */
	size_t next, ext_cap;
	struct pm_parent_ref *parents;
	size_t nparents, parents_cap;
	struct pm_strbuf parents_text;

	/* bulk loads (import_bulk.c) */
	int bulk[PM_T_COUNT];
	struct pm_strmap *people;  /* person key -> row id, tag = file << 32 | line */
	struct pm_bulk_people *people_waiting;  /* read, not written yet (import_bulk.c) */
	int64_t next_person_id;    /* the row id the next person written gets */
	int people_complete;       /* the map holds every stored person */
	struct pm_strmap *orgs;    /* org reference as written -> row id */
	struct pm_strmap *sources; /* link source -> index in source_names */
	char **source_names;
	size_t source_cap;
	uint32_t *source_rank;     /* place of each source in text order */
	size_t nsources;
	struct pm_bulk_link *links;
	size_t nlinks, links_cap;
	struct pm_strbuf text;     /* strength, last_contact, notes of each link */
	struct pm_pending_link *pending;
	size_t npending;
	struct pm_strbuf ptext;
	int flushing;
	struct pm_link_builder *builder;  /* the thread appending links, or NULL */
	int builder_tried;

	/* the people's indexes built aside while links are read (import_aside.c) */
	int index_aside;           /* allowed: every file is read without the store */
	struct pm_people_indexer *indexer;  /* building, or NULL */
	struct pm_held_note *notes;         /* reports_to notes held meanwhile */
	size_t nnotes, notes_cap;
	struct pm_strbuf notes_text;

	/* sources whose lines are not their rows (a workbook's sheets) */
	struct pm_line_map *line_maps;
	size_t nline_maps, line_maps_cap;
};

/* The rows of a source's lines: rows[i] is the row of line i + 1 (borrowed). */
struct pm_line_map {
	char *file;
	const size_t *rows;
	size_t n;
};

/* ---- import_pipeline.c ------------------------------------------------- */

/*
 * Say that the lines of source `file` are not its rows: line i + 1 is row
 * rows[i] (a sheet whose cells hold line breaks). rows must outlive the
 * import. Diagnostics of the file then name rows. 0 or PM_ENOMEM.
 */
int pm_import_line_map(struct pm_import *im, const char *file, const size_t *rows, size_t n);

/* The row of `line` of the source numbered nfile (the line itself unless mapped). */
size_t pm_import_row(const struct pm_import *im, size_t nfile, size_t line);

/*
 * Report the CSV reader's error in im->err ("file:line: reason", PM_EINVAL)
 * as an error of the current file at its line.
 */
void pm_import_csv_error(struct pm_import *im);

/*
 * Report a problem at the current file's `line` and field `col` (0: none):
 * an error, or a warning. Out of memory sets im->fatal.
 */
void pm_import_diag(struct pm_import *im, size_t line, size_t col, int warning,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Make `file` the current source: diagnostics name it, records are counted
 * against it. pm_import_record does this for each record; a reader does it
 * before reporting a problem with a file as a whole. 0 or PM_ENOMEM.
 */
int pm_import_source(struct pm_import *im, const char *file);

/*
 * Remember that another system's id (a Salesforce Id) is our record `key`,
 * for the other files of the import; and look it up (NULL: not seen).
 * Ids of different tables must not collide (Salesforce's do not).
 */
int pm_import_ext_put(struct pm_import *im, const char *ext_id, const char *key);
const char *pm_import_ext_get(struct pm_import *im, const char *ext_id);

/*
 * A person's name from given and family names into sb (emptied first):
 * "First Last" in Latin script, "Last First" otherwise (Japanese: the
 * exports put the given name first; we write 田中 一郎).
 */
void pm_import_full_name(const char *first, const char *last, struct pm_strbuf *sb);

/*
 * A new key for a record of table t made from `base` (the table's singular
 * when empty) into out: base, else base-2, base-3 ... the first the store
 * does not hold. 0, or <0 with im->err filled.
 */
int pm_import_fresh_key(struct pm_import *im, enum pm_table_id t, const char *base,
			struct pm_strbuf *out);

/* ---- people_keys.c ----------------------------------------------------- */

/* What a keyless row says of a person (NULL or "": not given). */
struct pm_person_given {
	const char *name;
	const char *org;           /* an org's key or name */
	const char *email;
};

/*
 * The key of a person given without one (a people file with no key column),
 * into key: the stored person of the same email, else of the same name in
 * the same org (counted as matched); else the key an earlier row of the
 * import with that email or name and org got (the pipeline then reports the
 * duplicate); else a new key, the email or the name's key, with -2, -3 ...
 * when taken. *how: "email" or "name" when found by them, else NULL. An org
 * the store does not know matches by email only; *org_unknown (when not
 * NULL) says whether p->org was given and is not known (by key or name).
 * 0, or <0 (im->fatal set).
 */
int pm_import_person_key(struct pm_import *im, const struct pm_person_given *p,
			 struct pm_strbuf *key, const char **how, int *org_unknown);

/*
 * A new person's key made of a name into out (emptied first): its matching
 * key (names.h) with '-' between words: 山田　太郎 is 山田太郎, Taro Yamada
 * is taro-yamada. 0, PM_EINVAL (not UTF-8), PM_ENOMEM.
 */
int pm_import_name_slug(const char *name, struct pm_strbuf *out);

/* ---- zoned_time.c ------------------------------------------------------ */

/*
 * A date-time written with its zone — in UTC or with an offset
 * (2026-11-16T06:10:00.000Z, …T15:10:00+09:00, seconds and their fraction
 * optional) — into *t. 0 when s is not one (a local 2026/11/16 15:10).
 */
int pm_zoned_time(const char *s, time_t *t);

/*
 * Moment t as the minute YYYY-MM-DDTHH:MM on the team's clock
 * (opts.local_time, else UTC) into out. 1, or 0 when it cannot be told.
 */
int pm_import_wall_minute(const struct pm_import *im, time_t t, char out[17]);

/* pm_zoned_time then pm_import_wall_minute: 1, or 0 when s has no zone. */
int pm_import_zoned_minute(const struct pm_import *im, const char *s, char out[17]);

/*
 * Count a row of an export that was found stored already (people: `how` is
 * "url", "email" or "name"), not written again.
 */
void pm_import_matched(struct pm_import *im, enum pm_table_id t, const char *how);

/*
 * How a CSV reader's pass over `path` ended: rc from its parse (PM_EINVAL,
 * malformed quoting, becomes an error of the file with im->err's message),
 * stop the first failure its row callback returned (or 0). Returns the
 * fatal code to stop the import with, or 0.
 */
int pm_import_read_done(struct pm_import *im, const char *path, int rc, int stop);

/* Progress of long work to the caller's callback, if any. */
void pm_import_progress(struct pm_import *im, const char *what, const char *file,
			size_t rows);

/*
 * A link row of a bulk load on the caller's thread: checked as every record
 * is (problems reported), then handed to pm_bulk_link_checked.
 */
void pm_import_bulk_link_row(struct pm_import *im, const char **vals, size_t line,
			     const int *colpos);

/*
 * Remember where a reports_to link came from, to name it in cycle errors
 * (held while the people's indexes build aside; import_aside.c).
 */
void pm_import_note_reports_to(struct pm_import *im, const char *const *v, size_t line);

/* The key of org or person `id` (t: PM_T_ORGS or PM_T_PEOPLE), or "?". */
void pm_import_key_of(struct pm_import *im, enum pm_table_id t, int64_t id, char *buf,
		      size_t size);

/* One history row per file of a bulk load of table t: "N people" from FILE. */
int pm_import_history_per_file(struct pm_import *im, enum pm_table_id t);

/* Report every cycle in org parents (PM_T_ORGS) or reports_to (PM_T_PEOPLE). */
int pm_import_find_cycles(struct pm_import *im, enum pm_table_id t);

/* ---- import_aside.c ---------------------------------------------------- */

/*
 * The bulk-loaded people are in: build their indexes, on a thread of their
 * own when im->index_aside allows it (then with their history rows when the
 * store is next needed), else here. 0, or <0 with im->err set.
 */
int pm_import_index_people(struct pm_import *im);

/*
 * Before the store is used while the people's indexes may be building:
 * wait for them, write their history rows and the held reports_to notes.
 * 0, or <0 (im->err set, im->fatal too). Returns at once otherwise.
 */
int pm_import_store_ready(struct pm_import *im);

/* ---- import_bulk.c ----------------------------------------------------- */

/*
 * A record bound for an empty table: people checked, links as given (they
 * are checked with their batch, on the builder thread where there is one).
 */
void pm_bulk_person(struct pm_import *im, const char *const *vals, size_t line,
		    const int *colpos);

/*
 * Write the people pm_bulk_person keeps waiting (they are written
 * PM_BULK_PEOPLE_ROWS at a time, with the row ids the map already gave
 * them); before anything else uses the store. Sets and returns im->fatal.
 */
int pm_bulk_people_flush(struct pm_import *im);
void pm_bulk_link(struct pm_import *im, const char *const *vals, size_t line,
		  const int *colpos);

/* A checked link row of a bulk load: its people resolved (or reported), then kept. */
void pm_bulk_link_checked(struct pm_import *im, const char *const *vals, size_t line,
			  const int *colpos);

/* Look up the waiting link rows (in order), e.g. before a diagnostic. */
void pm_bulk_flush_pending(struct pm_import *im);

/* Whether link rows wait for their people (pm_bulk_flush_pending handles them). */
int pm_bulk_link_waiting(const struct pm_import *im);

/* Every link row is read: handle those waiting and stop the builder thread. */
void pm_bulk_links_read(struct pm_import *im);

/* Check and write the links of a bulk load (end of the links phase). */
int pm_bulk_write_links(struct pm_import *im);

/*
 * How many links an import into a database with links goes through row by
 * row before it reads the stored links to tell unchanged ones in memory
 * (also at least a tenth of the stored links). 50,000; tests lower it.
 */
extern size_t pm_import_stored_min;

/*
 * Tests only: non-zero makes a bulk load run on the calling thread alone,
 * as on a machine with one processor: link rows checked and looked up
 * there, the people's indexes built there, the links gathered for writing
 * there.
 */
extern int pm_bulk_single_thread;

/*
 * Link rows a batch holds before the builder gets it: PM_IMPORT_BATCH;
 * tests lower it (never above PM_IMPORT_BATCH) to cross batch edges with
 * few rows.
 */
extern size_t pm_bulk_batch_rows;

/* Free the bulk loader's memory. */
void pm_bulk_free(struct pm_import *im);

/* ---- formats ----------------------------------------------------------- */

/* One input of pm_import_files. */
struct pm_source {
	const char *path;          /* as given: the name in messages */
	const char *data;          /* the whole input when it can be read only once */
	size_t len;                /* (a pipe, /dev/stdin), else NULL */
	int table;                 /* native: the table the file holds (-1: unknown) */
	int order;                 /* within a table, sources of lower order are read
				      first (0, 1 or 2; set by the probe) */
	int kind;                  /* the format's own note of what the file holds */
	int sheet;                 /* a workbook's sheet: one that holds no table is
				      passed over (native) */
};

struct pm_format {
	const char *name;
	/*
	 * Look at `src` (e.g. its header): set *tables to the mask of tables
	 * (1u << enum pm_table_id) it feeds; report a file it cannot read with
	 * pm_import_diag. 0, or a fatal error code.
	 */
	int (*probe)(struct pm_import *im, struct pm_source *src, unsigned *tables);
	/* Feed the records of table t of `src` with pm_import_record. */
	int (*read)(struct pm_import *im, struct pm_source *src, enum pm_table_id t);
};

/* ---- vCard address books (vcard.c) ---- */

/* Whether `n` bytes of s begin a vCard file (BEGIN:VCARD, after a BOM and blank lines). */
int pm_vcard_sniff(const char *s, size_t n);

/*
 * The cards of a vCard file (UTF-8; 2.1's quoted-printable decoded) as the
 * CSV of an address book, "Name,First Name,Last Name,Company,Department,Job
 * Title,E-mail Address", into *out (caller frees; NUL-terminated after
 * *outlen bytes), each card's row on the line after its BEGIN:VCARD.
 * PM_EINVAL with "NAME:LINE: reason" in err for a card left open or an
 * END without BEGIN; PM_ENOMEM.
 */
int pm_vcard_to_csv(const char *s, size_t n, const char *path, char **out, size_t *outlen,
		    struct pm_error *err);

extern const struct pm_format pm_format_native;
extern const struct pm_format pm_format_linkedin;
extern const struct pm_format pm_format_cards;
extern const struct pm_format pm_format_addressbook;
extern const struct pm_format pm_format_views;
extern const struct pm_format pm_format_salesforce;
extern const struct pm_format pm_format_ics;

#endif
