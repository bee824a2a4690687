/*
 * powermap — "did you mean": the stored people or orgs a name that matched
 * nothing may have meant (a family name alone, a key's beginning, a typo).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_internal.h"

#define MAX_SUGGESTIONS 5

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Levenshtein distance of a and b (bytes), or limit + 1 once it exceeds limit. */
static size_t distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), i, j, row[64], prev, best, cur;

	if (lb >= sizeof(row) / sizeof(row[0]) || (la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev : 1 + min3(prev, cur, row[j - 1]);
			prev = cur;
			if (row[j] < best)
				best = row[j];
		}
		if (best > limit)
			return limit + 1;
	}
	return row[lb];
}

static void add(char *buf, size_t size, size_t *used, int *n, const char *name, const char *key)
{
	int w;

	if (*used >= size)
		return;
	w = snprintf(buf + *used, size - *used, "%s%s (%s)", *n ? ", " : "", name, key);
	if (w > 0)
		*used += (size_t)w < size - *used ? (size_t)w : size - *used;
	(*n)++;
}

int pm_store_suggest(struct pm_store *st, const char *table, const char *name, char *buf,
		     size_t size)
{
	char sql[384];
	sqlite3_stmt *s = NULL;
	size_t used = 0, limit = strlen(name) <= 4 ? 1 : 2;
	struct pm_error ignored;
	int n = 0;

	buf[0] = '\0';
	/* the name inside a stored name (田中 in 田中 一郎), or a key's beginning */
	snprintf(sql, sizeof(sql),
		 "SELECT key, name FROM %s WHERE (%s(?1) <> '' AND instr(name_key, %s(?1)) > 0)"
		 " OR substr(key, 1, length(?1)) = ?1 ORDER BY key LIMIT %d",
		 table, strcmp(table, "orgs") ? "pm_person_key" : "pm_org_key",
		 strcmp(table, "orgs") ? "pm_person_key" : "pm_org_key", MAX_SUGGESTIONS);
	if (pm_store_prepare(st, &s, sql, &ignored) < 0)
		return 0;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		add(buf, size, &used, &n, (const char *)sqlite3_column_text(s, 1),
		    (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (n)
		return n;
	/* else a key one or two typos away */
	snprintf(sql, sizeof(sql), "SELECT key, name FROM %s ORDER BY key", table);
	if (pm_store_prepare(st, &s, sql, &ignored) < 0)
		return 0;
	while (n < MAX_SUGGESTIONS && sqlite3_step(s) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 0);
		if (distance(name, key, limit) <= limit)
			add(buf, size, &used, &n, (const char *)sqlite3_column_text(s, 1), key);
	}
	sqlite3_finalize(s);
	return n;
}
