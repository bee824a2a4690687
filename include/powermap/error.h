/*
 * powermap — error convention shared by every module.
 *
 * Functions return 0 (PM_OK) on success and a negative enum pm_rc on failure.
 * When they take a `struct pm_error *err`, it is filled only on failure with a
 * lowercase message that quotes its subject ("unknown person 'yamada'").
 * `err` may be NULL when the caller does not want the message.
 *
 * Parameters: inputs first, then outputs (T **out belongs to the caller on
 * success and is NULL on failure), then err, always last. A returned
 * const char * is borrowed. See docs/conventions.md.
 */
#ifndef POWERMAP_ERROR_H
#define POWERMAP_ERROR_H

#include <stddef.h>

enum pm_rc {
	PM_OK = 0,
	PM_ERR = -1,        /* generic failure */
	PM_ENOMEM = -2,     /* out of memory */
	PM_ENOTFOUND = -3,  /* named subject does not exist */
	PM_EAMBIGUOUS = -4, /* a name matches several subjects */
	PM_EINVAL = -5,     /* invalid argument or value */
	PM_EDB = -6,        /* SQLite failure */
	PM_EIO = -7,        /* file or stream failure */
	PM_EEXISTS = -8,    /* subject already exists */
	PM_EVERSION = -9,   /* database schema newer than this binary */
	PM_EIMPORT = -10,   /* import rejected; see the diagnostics list */
	PM_EBUSY = -11      /* another connection held the database past the wait */
};

#define PM_ERROR_MAX 1024

/* A language of the texts powermap writes. */
enum pm_lang { PM_LANG_EN = 0, PM_LANG_JA = 1 };

struct pm_error {
	int code;                 /* the enum pm_rc that was returned */
	char msg[PM_ERROR_MAX];   /* lowercase message, NUL-terminated */
};

/*
 * Fill `err` (if not NULL) with `code` and a printf-style message.
 * Returns `code`, so callers can write `return pm_error_set(err, ...)`.
 */
int pm_error_set(struct pm_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reset `err` to PM_OK with an empty message. Accepts NULL. */
void pm_error_clear(struct pm_error *err);

/*
 * The language of the library's messages — errors and import diagnostics:
 * English until set. Process-wide, like a library-wide setting: set it once at the
 * start, before other threads run. A message whose format has no
 * translation stays English (tools/check-messages keeps them all covered).
 */
void pm_messages_lang(enum pm_lang lang);

/*
 * `fmt` in the messages' language: its translation (with the same
 * conversions in the same order, checked by the unit tests) or `fmt`
 * itself. pm_error_set and the import's diagnostics call it; so does any
 * code that builds a reason before it becomes a message (pm_msgf).
 */
const char *pm_msg(const char *fmt) __attribute__((format_arg(1)));

/* snprintf(buf, size, pm_msg(fmt), ...): a reason built in the messages' language. */
int pm_msgf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Marks a string kept in a table as a message to translate, without
 * translating it there (gettext's N_): the code that shows it calls pm_msg.
 */
#define PM_N_(s) s

/* The messages' language now. */
enum pm_lang pm_messages_lang_now(void);

#endif
