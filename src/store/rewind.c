/*
 * powermap — people as they stood at a past date (see pm_store_people_as_of).
 *
 * The history keeps every change of a person's role, stance and power with
 * its old and new value. To show a past date, the first change of each
 * field after that date is found once (one indexed range scan of the
 * history) and its old value replaces the stored one in what the people
 * readers return; the file is not changed.
 */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "powermap/kit.h"
#include "powermap/strmap.h"
#include "store_internal.h"

struct pm_rewind {
	struct pm_strmap *first;   /* "KEY\x1fFIELD" -> index in old[] */
	char **old;                /* the value before the first later change (NULL: none) */
	size_t n, cap;
};

void pm_rewind_free(struct pm_rewind *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		free(r->old[i]);
	free(r->old);
	pm_strmap_free(r->first);
	free(r);
}

/*
 * "KEY\x1fFIELD", the map's name of one field of one person, into name[];
 * 0 when it does not fit (such a key is never rewound).
 */
#define FIELD_NAME_MAX 1024
static int field_name(char name[FIELD_NAME_MAX], const char *key, const char *field)
{
	size_t klen = strlen(key), flen = strlen(field);

	if (klen + flen + 2 > FIELD_NAME_MAX)
		return 0;
	memcpy(name, key, klen);
	name[klen] = '\x1f';
	memcpy(name + klen + 1, field, flen + 1);
	return 1;
}

static int add_change(struct pm_rewind *r, const char *key, const char *field, const char *old)
{
	char name[FIELD_NAME_MAX];
	int added;

	if (!field_name(name, key, field))
		return 0;
	/* the first change after the date (the rows come in time order) wins */
	if ((added = pm_strmap_add(r->first, name, (int64_t)r->n, 0)) <= 0)
		return added;
	if (PM_GROW(r->old, r->cap, r->n + 1) < 0)
		return PM_ENOMEM;
	r->old[r->n] = old ? strdup(old) : NULL;
	if (old && !r->old[r->n])
		return PM_ENOMEM;
	r->n++;
	return 0;
}

int pm_store_people_as_of(struct pm_store *st, const char *as_of, struct pm_error *err)
{
	struct pm_rewind *r = NULL;
	sqlite3_stmt *s = NULL;
	int rc;

	pm_rewind_free(st->rewind);
	st->rewind = NULL;
	if (!as_of || !*as_of)
		return 0;
	if (!(r = calloc(1, sizeof(*r))) || !(r->first = pm_strmap_new())) {
		pm_rewind_free(r);
		return pm_error_set(err, PM_ENOMEM, "out of memory");
	}
	/* changes after the end of that day (UTC): "T~" sorts after any time of it */
	if ((rc = pm_store_prepare(st, &s, "SELECT subject, field, old FROM history"
				   " WHERE at > ?1 || 'T~' AND entity = 'person'"
				   " AND field IN ('role', 'stance', 'power') ORDER BY at, id",
				   err)) < 0) {
		pm_rewind_free(r);
		return rc;
	}
	sqlite3_bind_text(s, 1, as_of, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = add_change(r, (const char *)sqlite3_column_text(s, 0),
				     (const char *)sqlite3_column_text(s, 1),
				     (const char *)sqlite3_column_text(s, 2))) < 0)
			break;
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = pm_store_dberr(st, "cannot read history", err);
	else
		pm_error_set(err, rc, "out of memory");
	sqlite3_finalize(s);
	if (rc < 0 || !r->n) {
		pm_rewind_free(r);
		return rc;
	}
	st->rewind = r;
	return 0;
}

/* The value of `field` before the first change after the date: 1 and *old, else 0. */
static int rewound(const struct pm_rewind *r, const char *key, const char *field,
		   const char **old)
{
	char name[FIELD_NAME_MAX];
	int64_t i;

	if (!field_name(name, key, field) || !pm_strmap_get(r->first, name, &i, NULL))
		return 0;
	*old = r->old[i];
	return 1;
}

void pm_rewind_person(const struct pm_store *st, const char *key, const char **role,
		      const char **stance, int *power)
{
	const char *old;

	if (!st->rewind || !key)
		return;
	if (role && rewound(st->rewind, key, "role", &old))
		*role = old && *old ? old : NULL;
	if (stance && rewound(st->rewind, key, "stance", &old))
		*stance = old && *old ? old : "unknown";
	if (power && rewound(st->rewind, key, "power", &old))
		*power = old && *old ? atoi(old) : 0;
}
