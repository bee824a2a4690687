/* powermap — store internals shared by the files of src/store. Not public. */
#ifndef POWERMAP_STORE_INTERNAL_H
#define POWERMAP_STORE_INTERNAL_H

#include <sqlite3.h>
#include "powermap/store.h"

struct pm_store {
	sqlite3 *db;
	char *path;
	char *command;
	char now[32];
	int version;
	int in_tx;
};

/* Prepare `sql` on st->db; on failure fill err and return PM_EDB. */
int pm_store_prepare(struct pm_store *st, sqlite3_stmt **out, const char *sql,
		     struct pm_error *err);

/* Fill err from the connection's last error, prefixed by `what`. */
int pm_store_dberr(struct pm_store *st, const char *what, struct pm_error *err);

/* Bind text, or NULL when s is NULL or empty. */
int pm_bind_text_or_null(sqlite3_stmt *s, int i, const char *v);

#endif
