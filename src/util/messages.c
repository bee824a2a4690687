/*
 * powermap — the language of the library's messages (see error.h).
 *
 * A message is translated by its format, as gettext does by its msgid: the
 * catalog (messages_ja.c) pairs each English format with a Japanese one
 * that takes the same arguments, and the arguments are formatted into the
 * translation. Lookups go through a hash map built once, on first use.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "powermap/error.h"
#include "powermap/strmap.h"
#include "messages_internal.h"

static enum pm_lang messages_lang = PM_LANG_EN;
static pthread_once_t catalog_once = PTHREAD_ONCE_INIT;
static struct pm_strmap *catalog;   /* English format -> index in pm_messages_ja */

static void catalog_build(void)
{
	size_t i;

	if (!(catalog = pm_strmap_new()))
		return;
	for (i = 0; i < pm_messages_ja_count; i++)
		if (pm_strmap_add(catalog, pm_messages_ja[i].en, (int64_t)i, 0) < 0) {
			pm_strmap_free(catalog);
			catalog = NULL;   /* out of memory: messages stay English */
			return;
		}
}

void pm_messages_lang(enum pm_lang lang)
{
	messages_lang = lang;
	if (lang == PM_LANG_JA)
		pthread_once(&catalog_once, catalog_build);
}

enum pm_lang pm_messages_lang_now(void)
{
	return messages_lang;
}

const char *pm_msg(const char *fmt)
{
	int64_t i;

	if (messages_lang != PM_LANG_JA || !fmt)
		return fmt;
	pthread_once(&catalog_once, catalog_build);
	if (catalog && pm_strmap_get(catalog, fmt, &i, NULL))
		return pm_messages_ja[i].ja;
	return fmt;
}

int pm_msgf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, pm_msg(fmt), ap);
	va_end(ap);
	return n;
}

/* The next conversion of a printf format from *p ("%%" skipped): its length
 * modifiers and letter, '*' for each star, into out; 0 at the end. */
static int next_conversion(const char **p, char *out, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	for (;;) {
		s = strchr(s, '%');
		if (!s) {
			*p = NULL;
			return 0;
		}
		if (s[1] == '%') {
			s += 2;
			continue;
		}
		break;
	}
	for (s++; *s && strchr("-+ #0123456789.*hlLqjzt", *s); s++)
		if (*s == '*' || strchr("hlLqjzt", *s))
			if (n + 1 < size)
				out[n++] = *s;
	if (*s && n + 1 < size)
		out[n++] = *s++;
	out[n] = '\0';
	*p = s;
	return 1;
}

int pm_msg_same_conversions(const char *a, const char *b)
{
	char ca[16], cb[16];

	for (;;) {
		int ha = a ? next_conversion(&a, ca, sizeof(ca)) : 0;
		int hb = b ? next_conversion(&b, cb, sizeof(cb)) : 0;
		if (ha != hb)
			return 0;
		if (!ha)
			return 1;
		if (strcmp(ca, cb))
			return 0;
	}
}
