/*
 * powermap — importing records into the store (DESIGN §8, §10).
 *
 * Two levels. The record-level pipeline (pm_import_begin, pm_import_record,
 * pm_import_end) takes records of any kind, each with the file and line it
 * came from, checks every value, finds duplicates within the import,
 * resolves references, and lands them all in one transaction, or none. File
 * formats are readers on top of it (src/io/format_*.c): pm_import_files
 * reads files of one format — the native CSV by default — and feeds their
 * records table by table in dependency order (orgs, people, links,
 * interactions, deals, actions, plan), whatever order the files are given
 * in, so a link may name a person from another file of the same call. Every
 * problem found is reported as a diagnostic with file, line and column, up
 * to a limit; any error leaves the database unchanged.
 */
#ifndef POWERMAP_IMPORT_H
#define POWERMAP_IMPORT_H

#include <stddef.h>
#include <time.h>
#include "error.h"
#include "store.h"
#include "table.h"

struct pm_diag {
	char *file;
	size_t line;     /* 1-based; 0 when not tied to a line */
	size_t col;      /* 1-based field number; 0 when not tied to a field */
	int warning;     /* 1: warning, 0: error */
	char *msg;       /* lowercase reason */
};

struct pm_diags {
	struct pm_diag *items;
	size_t n, cap;
	size_t nerrors, nwarnings;
	size_t dropped;  /* errors not kept because of the limit */
};

/* Free the diagnostics' contents (not the struct). Accepts NULL. */
void pm_diags_free(struct pm_diags *d);

struct pm_import_opts {
	int type;          /* enum pm_table_id for every file, or -1 to detect */
	int strict;        /* refuse records whose key already exists */
	int dry_run;       /* validate everything, then roll back */
	size_t max_errors; /* stop collecting after this many (0: 100) */
	/*
	 * Progress of long work, or NULL: called when a phase starts (rows 0)
	 * and every million rows read; `what` is a phase such as "reading
	 * FILE", "checking links" or "committing".
	 */
	void (*progress)(void *ctx, const char *what, size_t rows);
	void *progress_ctx;
	const char *format; /* pm_import_files: the files' format (NULL: native) */
	/*
	 * pm_import_files: the files' encoding ("utf-8", "cp932" = "shift_jis",
	 * or any iconv name); NULL: UTF-8, and a file that is not UTF-8 but
	 * reads cleanly as CP932 is converted with a warning.
	 */
	const char *encoding;
	const char *owner;         /* linkedin: whose connections the files are */
	const char *link_strength; /* linkedin, cards: strength of the ties ("0.2") */
	/*
	 * The kind of the orgs an import makes for the companies it is given
	 * that the store does not know ("customer"; NULL: none). A list of
	 * people without keys makes them only when this is set (else such a
	 * row is an error); LinkedIn and card imports always do, of kind
	 * "other" when NULL.
	 */
	const char *new_orgs;
	/*
	 * Which header holds which column when a file's headers are not ours:
	 * "name=氏名,org=会社名,email=メールアドレス" or the path of a file
	 * with one NAME=HEADER per line (NULL: none). Names are the columns of
	 * the native tables, or for cards: name, first, last, email, org,
	 * department, title, met_on, owner, url.
	 */
	const char *map;
	const char *as_of;         /* ics: "today" (YYYY-MM-DD): recurring meetings are
				      expanded over the year before it (NULL: none) */
	/*
	 * How a moment reads on the team's clock (the CLI: localtime_r, in its
	 * TZ): times an export gives with a zone (a calendar's, Salesforce's
	 * 2026-11-24T05:00:00.000Z) are stored as that wall-clock time, as
	 * people write times in CSV files. 0 on success. NULL: UTC.
	 */
	int (*local_time)(time_t t, struct tm *out);
};

struct pm_import_stats {
	size_t created[PM_T_COUNT];
	size_t updated[PM_T_COUNT];    /* stored records that changed */
	size_t unchanged[PM_T_COUNT];  /* stored records given again as they were */
	size_t matched[PM_T_COUNT];    /* rows of an export found stored already ... */
	size_t matched_by[PM_T_COUNT][3];  /* ... by url, email, name (people) */
};

/* ---- the record-level pipeline ----------------------------------------- */

struct pm_import;

/*
 * Begin an import into `st`: one transaction for every record until
 * pm_import_end. opts is copied; diags (which collects errors and warnings)
 * and err (which describes a fatal error) are borrowed until the end.
 * People and links going into a table that is empty now are bulk-loaded
 * (same checks and messages, much faster; their history is one "import"
 * row per file). *out belongs to the caller until pm_import_end or
 * pm_import_abort.
 */
int pm_import_begin(struct pm_store *st, const struct pm_import_opts *opts,
		    struct pm_diags *diags, struct pm_import **out, struct pm_error *err);

/*
 * Feed one record of table t: vals[i] is the text of column i of pm_tables[t]
 * (NULL: not given), read from `file` at `line` (both for messages);
 * colpos[i] is the 0-based field of column i in that line (-1: none; colpos
 * may be NULL). Records must come in dependency order (the order of enum
 * pm_table_id); an org's parent may be any org of the import. A problem
 * with the record becomes a diagnostic. Returns 0 to go on, 1 when there are
 * more errors than opts.max_errors (stop feeding), or a fatal code (PM_EDB,
 * PM_ENOMEM, PM_EINVAL for a record out of order) with err filled.
 */
int pm_import_record(struct pm_import *im, enum pm_table_id t, const char *const *vals,
		     const char *file, size_t line, const int *colpos);

/*
 * As pm_import_record, for more of a record given earlier in the import or
 * stored already (a second export enriching it): the columns given are
 * written, the others kept; no duplicate check. PM_ENOTFOUND for a record
 * that does not exist becomes a diagnostic.
 */
int pm_import_update(struct pm_import *im, enum pm_table_id t, const char *const *vals,
		     const char *file, size_t line, const int *colpos);

/*
 * Finish: check the whole (cycles in org parents and reports_to), then
 * commit — or roll back with opts.dry_run — and fill *stats; PM_EIMPORT when
 * diagnostics hold errors (nothing changed), or a fatal code. Frees im.
 */
int pm_import_end(struct pm_import *im, struct pm_import_stats *stats, struct pm_error *err);

/* Roll back and free an import. Accepts NULL. */
void pm_import_abort(struct pm_import *im);

/* ---- files ------------------------------------------------------------- */

/* Name of import format i ("native", ...), or NULL past the last. */
const char *pm_import_format_name(size_t i);

/*
 * Import the files `paths[0..n)` (of opts->format; a pipe or /dev/stdin is
 * read once) into `st`. On success (0) the rows are
 * committed (or rolled back when dry_run) and *stats filled. On PM_EIMPORT
 * `diags` holds the errors and nothing was changed. Warnings (unknown
 * columns) are added to `diags` in both cases. Other codes (PM_EIO, PM_EDB,
 * PM_ENOMEM) come with a message in err. The caller frees diags with
 * pm_diags_free. People and links going into a table that is empty when the
 * import starts are bulk-loaded (same checks and messages, much faster);
 * their history is then one "import" row per file instead of one per record.
 */
int pm_import_files(struct pm_store *st, const char *const *paths, size_t n,
		    const struct pm_import_opts *opts,
		    struct pm_import_stats *stats, struct pm_diags *diags,
		    struct pm_error *err);

/*
 * The table a CSV header describes: the table whose required columns are all
 * present and which matches most header names — our column names in any
 * case, or the Japanese headers known for them (氏名, 会社, 役職 ...). -1
 * when none fits.
 */
int pm_import_detect(const char *const *header, size_t n);

#endif
