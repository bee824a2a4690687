/*
 * powermap — SQL functions the store's statements use: pm_person_key(name)
 * and pm_org_key(name), the matching keys of names.h.
 */
#include "powermap/kit.h"
#include "powermap/names.h"
#include "store_internal.h"

/* SQL functions pm_person_key(name) and pm_org_key(name): the keys of names.h. */
static void name_key_result(sqlite3_context *ctx, sqlite3_value *v,
			    int (*key)(const char *, struct pm_strbuf *))
{
	const char *name = (const char *)sqlite3_value_text(v);
	struct pm_strbuf sb = PM_STRBUF_INIT;
	int rc;

	if (!name) {
		sqlite3_result_null(ctx);
		return;
	}
	rc = key(name, &sb);
	if (rc == PM_ENOMEM)
		sqlite3_result_error_nomem(ctx);
	else if (rc < 0)
		sqlite3_result_null(ctx);   /* not UTF-8: matches nothing */
	else
		sqlite3_result_text(ctx, pm_strbuf_str(&sb), (int)sb.len, SQLITE_TRANSIENT);
	pm_strbuf_release(&sb);
}

static void person_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	name_key_result(ctx, argv[0], pm_person_name_key);
}

static void org_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	name_key_result(ctx, argv[0], pm_org_name_key);
}

int pm_store_register_functions(struct pm_store *st, struct pm_error *err)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(st->db, "pm_person_key", 1, flags, NULL, person_key_fn,
				    NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "pm_org_key", 1, flags, NULL, org_key_fn,
				    NULL, NULL) != SQLITE_OK)
		return pm_store_dberr(st, "cannot register functions", err);
	return 0;
}
