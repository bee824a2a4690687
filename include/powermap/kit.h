/*
 * powermap — the small kit every module uses: growing arrays, a string
 * buffer that reports running out of memory, escaping for XML/HTML and DOT,
 * and sorting with a context.
 */
#ifndef POWERMAP_KIT_H
#define POWERMAP_KIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include "error.h"

/*
 * Make the array `p` (a pointer variable, allocated with malloc or NULL)
 * hold at least `need` elements, growing its capacity `cap` (a size_t
 * variable) geometrically. 0, or PM_ENOMEM with p and cap unchanged.
 */
#define PM_GROW(p, cap, need) \
	((size_t)(need) <= (cap) ? 0 : pm_grow_to(&(p), &(cap), (need), sizeof(*(p))))

/*
 * The function behind PM_GROW; `pp` points to the array pointer. An array of
 * PM_HUGE_MIN bytes or more moves to a new block asking for huge pages
 * (copied, the old one freed), as reallocating it would fault its new pages
 * in one 4 KiB page at a time: the warm search on L 30 % faster.
 */
int pm_grow_to(void *pp, size_t *cap, size_t need, size_t size);

/*
 * Ask for huge pages for the block p of `size` bytes (malloc'd, not yet
 * touched where it matters) when it is large (PM_HUGE_MIN bytes or more):
 * every new 4 KiB page touched is a page fault, and on a virtual machine a
 * costly one. A hint (Linux's transparent huge pages); nothing elsewhere.
 */
#define PM_HUGE_MIN (8u << 20)
void pm_mem_hint_huge(void *p, size_t size);

/*
 * A growable NUL-terminated string. Initialise with PM_STRBUF_INIT. After
 * an allocation fails every later append is a no-op and `oom` stays set,
 * so a caller may append freely and check once (pm_strbuf_detach).
 */
struct pm_strbuf {
	char *buf;      /* NUL-terminated when not NULL */
	size_t len, alloc;
	int oom;        /* an allocation failed: the text is incomplete */
};
#define PM_STRBUF_INIT { NULL, 0, 0, 0 }

/* Append n bytes / a C string / printf-style text. 0, or PM_ENOMEM. */
int pm_strbuf_add(struct pm_strbuf *sb, const char *s, size_t n);
int pm_strbuf_puts(struct pm_strbuf *sb, const char *s);
int pm_strbuf_addf(struct pm_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pm_strbuf_vaddf(struct pm_strbuf *sb, const char *fmt, va_list ap);

/* Where escaped text goes (pm_strbuf_add_escaped). */
enum pm_escape {
	/*
	 * XML or HTML text and attribute values: & < > " ' become entities;
	 * control characters other than tab and newline are dropped.
	 */
	PM_ESC_XML,
	/*
	 * A Graphviz HTML-like label: as PM_ESC_XML, ']' becomes &#93; (Graphviz
	 * refuses a text that is only ']'), and a newline becomes
	 * <BR/>, a tab a space, and every backslash is followed by an
	 * invisible WORD JOINER (U+2060), since Graphviz expands \N, \G, \L ...
	 * even inside HTML labels: the text prints as typed and means nothing
	 * to Graphviz.
	 */
	PM_ESC_GV_HTML,
	/*
	 * A Graphviz escString attribute value (tooltip, label given as a
	 * string; cgraph adds the quotes): a backslash becomes "\\" and a
	 * word joiner, a newline "\n", a tab a space, '&' "&amp;" (Graphviz
	 * reads entities); other control characters are dropped.
	 */
	PM_ESC_GV_STRING
};

/* Append `s` (NULL: nothing) escaped for `where`. 0, or PM_ENOMEM. */
int pm_strbuf_add_escaped(struct pm_strbuf *sb, const char *s, enum pm_escape where);

/* The text ("" when empty), borrowed; valid until the next append. */
const char *pm_strbuf_str(const struct pm_strbuf *sb);

/*
 * Hand the text over to the caller (free()), leaving sb empty. NULL (and
 * the text freed) when an allocation had failed.
 */
char *pm_strbuf_detach(struct pm_strbuf *sb);

/* Free the text and reset sb. Accepts NULL. */
void pm_strbuf_release(struct pm_strbuf *sb);

/* Empty the text, keeping its memory (and clearing oom). */
void pm_strbuf_reset(struct pm_strbuf *sb);

/*
 * Sort like qsort, with a context passed to every comparison (no static
 * state). Stable is not promised.
 */
void pm_sort(void *base, size_t n, size_t size,
	     int (*cmp)(const void *a, const void *b, void *ctx), void *ctx);

/*
 * An amount as people read it into buf: "48,000,000" for JPY and other
 * currencies without minor units (or none given), "1,234.50" otherwise.
 * Returns buf.
 */
const char *pm_money_format(char *buf, size_t size, double x, const char *currency);

/*
 * A stored number as text that reads back as the same double: an integral
 * value as an integer ("48000000"), else the shortest of %.15g .. %.17g that
 * round-trips ("0.7", "0.30000000000000004"). Returns buf (32 bytes do).
 */
const char *pm_number_format(char *buf, size_t size, double x);

/*
 * A file for personal data (exports, maps, reports): written to a fresh
 * temporary file beside `path` (mode 0600, created exclusively) and renamed
 * over `path` by pm_private_commit, so a symbolic link planted at `path` is
 * replaced, never written through, and a failed write leaves `path` as it
 * was. A `path` that is a symbolic link is refused (PM_EIO).
 */
struct pm_private_file {
	FILE *f;          /* write here */
	char *path, *tmp;
};
int pm_private_open(struct pm_private_file *pf, const char *path, struct pm_error *err);

/*
 * Flush, close and rename into place; on any failure remove the temporary
 * file. A caller that writes pf->tmp by its path instead closes pf->f and
 * sets it to NULL first.
 */
int pm_private_commit(struct pm_private_file *pf, struct pm_error *err);

/* Give up: close and remove the temporary file. Accepts a file never opened. */
void pm_private_abort(struct pm_private_file *pf);

/* Create directory `dir` with mode 0700 unless it exists (a symbolic link is refused). */
int pm_private_dir(const char *dir, struct pm_error *err);

/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
long pm_days_from_civil(int y, int m, int d);

/* The civil date of day z since 1970-01-01 (proleptic Gregorian). */
void pm_civil_from_days(long z, int *y, int *m, int *d);

#endif
