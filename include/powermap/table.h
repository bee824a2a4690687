/*
 * powermap — record tables: the columns of each kind of record (DESIGN §8).
 *
 * One descriptor per record kind names its columns in canonical order (the
 * order of CSV export), their value types and which are required. The CSV
 * importer, the exporter, `list` and `add`/`set` all work from these, so a
 * column is described once.
 */
#ifndef POWERMAP_TABLE_H
#define POWERMAP_TABLE_H

#include <stddef.h>
#include "error.h"

enum pm_table_id {
	PM_T_ORGS,
	PM_T_PEOPLE,
	PM_T_LINKS,
	PM_T_INTERACTIONS,
	PM_T_DEALS,
	PM_T_ACTIONS,
	PM_T_PLAN,
	PM_T_COUNT
};

enum pm_col_type {
	PM_COL_TEXT,     /* free UTF-8 text */
	PM_COL_KEY,      /* identifier: non-empty, no control characters */
	PM_COL_ENUM,     /* one of `values` */
	PM_COL_ORG,      /* key of an org */
	PM_COL_PERSON,   /* key of a person */
	PM_COL_UNIT,     /* real number in [0, 1] */
	PM_COL_POWER,    /* integer 1..5 */
	PM_COL_DATE,     /* YYYY-MM-DD */
	PM_COL_DATETIME, /* YYYY-MM-DD, optionally followed by THH:MM[:SS] */
	PM_COL_NUMBER    /* real number >= 0 */
};

#define PM_COL_REQUIRED 1u  /* header must have it; value must be non-empty */

#define PM_TABLE_MAXCOLS 16

struct pm_column {
	const char *name;
	enum pm_col_type type;
	const char *const *values;  /* for PM_COL_ENUM, else NULL */
	unsigned flags;
};

struct pm_table {
	const char *name;            /* "orgs", "people", ... */
	const char *singular;        /* "org", "person", ... */
	const struct pm_column *cols;
	size_t ncols;
};

/* The descriptors, indexed by enum pm_table_id. */
extern const struct pm_table pm_tables[PM_T_COUNT];

/*
 * Look a table up by plural or singular name ("people", "person").
 * Returns its enum pm_table_id, or -1.
 */
int pm_table_find(const char *name);

/* Index of column `name` in table `t`, or -1. */
int pm_table_col(const struct pm_table *t, const char *name);

/*
 * Check one non-empty value against its column type, without touching the
 * database (references are checked by the store). On failure returns
 * PM_EINVAL and writes a lowercase reason into why[whysz]; returns 0 if valid.
 */
int pm_value_check(const struct pm_column *col, const char *val,
		   char *why, size_t whysz);

/*
 * pm_value_check for a value already known to be valid UTF-8 that
 * pm_text_forbidden accepts: the check of its column type alone.
 */
int pm_value_check_type(const struct pm_column *col, const char *val,
			char *why, size_t whysz);

/*
 * Whether two stored values of a column are the same: NULL and "" alike,
 * numbers compared as numbers (0.4 and 0.40), any other text byte for byte.
 */
int pm_value_same(const struct pm_column *col, const char *a, const char *b);

/*
 * The canonical text of a value as people and Excel write it, for every
 * column type but text and keys (whose text is kept as written): full-width
 * digits and letters become ASCII, surrounding spaces (full-width too) go;
 * dates 2026/11/25, 2026/1/5, 2026.11.25 and 2026年11月25日 (the year also
 * as an era year: 令和8年, R8, 令和元年; 平成/H, 昭和/S), with or without a
 * time (午後3:05 and 3:05 PM too; a date column keeps the day), become
 * 2026-11-25[THH:MM[:SS]];
 * thousands separators go from numbers (48,000,000); enum words match in
 * any case, with spaces or hyphens for underscores, and in Japanese (the
 * map's legend words: 推進者, 支持, 中立, 懐疑的, 反対, 不明, 経済的決裁者,
 * 意思決定者, 技術評価者 ...). Returns 1 with the canonical text in `out`
 * when it differs from `in`, 0 when `in` is canonical already (out empty),
 * PM_ENOMEM. The result still goes through pm_value_check.
 */
struct pm_strbuf;
int pm_value_normalize(const struct pm_column *col, const char *in, struct pm_strbuf *out);

/*
 * Append `in` to sb with full-width ASCII (U+FF01..U+FF5E) as ASCII and
 * U+3000 as a space, surrounding white space trimmed (the first step of
 * pm_value_normalize).
 */
void pm_fold_width(const char *in, struct pm_strbuf *sb);

/*
 * How a record of table t is named in messages: "person 'x'",
 * "knows link 'a' - 'b'", "plan section 'goal' of 'acme'". vals as in
 * pm_store_put, in the messages' language (pm_messages_lang). Writes into
 * buf (always NUL-terminated); returns buf.
 */
char *pm_record_describe(enum pm_table_id t, const char *const *vals,
			 char *buf, size_t size);

/* The same in English whatever the messages' language: for what is stored (history). */
char *pm_record_describe_en(enum pm_table_id t, const char *const *vals, char *buf,
			    size_t size);

/*
 * Where valid UTF-8 text `s` holds a code point no stored text may hold
 * (1-based byte offset; 0 when none), that code point into *cp: C0 control
 * characters other than tab, CR and LF (XML 1.0 forbids them; on a terminal
 * they are escape sequences) and the noncharacters U+FDD0-U+FDEF and
 * U+xFFFE/U+xFFFF.
 */
size_t pm_text_forbidden(const char *s, unsigned *cp);

/* True when `s` (length n) is valid UTF-8 with no NUL byte. */
int pm_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* True when `s` is a valid calendar date YYYY-MM-DD (leap years honoured). */
int pm_date_valid(const char *s);

#endif
