/*
 * powermap — importing native CSV files into the store (DESIGN §8, §10).
 *
 * All files of one call land in one transaction: every row of every file, or
 * nothing. Files are applied in dependency order (orgs, people, links,
 * interactions, deals, actions, plan) whatever order they are given in, so a
 * link may name a person from another file of the same call. Every problem
 * found is reported as a diagnostic with file, line and column, up to a
 * limit; any error leaves the database unchanged.
 */
#ifndef POWERMAP_IMPORT_H
#define POWERMAP_IMPORT_H

#include <stddef.h>
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
};

struct pm_import_stats {
	size_t created[PM_T_COUNT];
	size_t updated[PM_T_COUNT];
};

/*
 * Import the CSV files `paths[0..n)` into `st`. On success (0) the rows are
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
 * present and which matches most header names. -1 when none fits.
 */
int pm_import_detect(const char *const *header, size_t n);

#endif
