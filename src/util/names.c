/* powermap — name keys for matching (see include/powermap/names.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include "powermap/error.h"
#include "powermap/kit.h"
#include "powermap/names.h"

/* NFKC + case folding, default-ignorable characters dropped (caller frees). */
static int fold(const char *name, char **out)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;

	n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &dst,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
			 UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE |
			 UTF8PROC_STRIPCC);
	if (n < 0)
		return n == UTF8PROC_ERROR_NOMEM ? PM_ENOMEM : PM_EINVAL;
	*out = (char *)dst;
	return 0;
}

/*
 * Compose the key again (NFC): joining words can put a combining mark that
 * stood alone next to a letter it composes with (fuzzing found "n" + " ́"),
 * and a key must be its own key.
 */
static int recompose(struct pm_strbuf *out)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;

	if (out->oom || !out->len)
		return out->oom ? PM_ENOMEM : 0;
	n = utf8proc_map((const utf8proc_uint8_t *)out->buf, 0, &dst,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return n == UTF8PROC_ERROR_NOMEM ? PM_ENOMEM : PM_EINVAL;
	pm_strbuf_reset(out);
	pm_strbuf_add(out, (const char *)dst, (size_t)n);
	free(dst);
	return out->oom ? PM_ENOMEM : 0;
}

/* Unicode category of the code point at s (its length in *len). */
static utf8proc_category_t category(const char *s, utf8proc_ssize_t *len)
{
	utf8proc_int32_t cp;

	*len = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
	if (*len <= 0) {
		*len = 1;
		return UTF8PROC_CATEGORY_CN;
	}
	return utf8proc_category(cp);
}

static int is_space(utf8proc_category_t c)
{
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
	       c == UTF8PROC_CATEGORY_ZP || c == UTF8PROC_CATEGORY_CC;
}

static int is_punct(utf8proc_category_t c)
{
	return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

/* Split s into words at spaces (and punctuation when `punct`); NUL-separated in w. */
static size_t words(const char *s, int punct, struct pm_strbuf *w)
{
	utf8proc_ssize_t len;
	size_t n = 0;
	int in_word = 0;

	pm_strbuf_reset(w);
	while (*s) {
		utf8proc_category_t c = category(s, &len);
		if (is_space(c) || (punct && is_punct(c))) {
			if (in_word)
				pm_strbuf_add(w, "", 1);
			in_word = 0;
		} else {
			if (!in_word)
				n++;
			in_word = 1;
			pm_strbuf_add(w, s, (size_t)len);
		}
		s += len;
	}
	if (in_word)
		pm_strbuf_add(w, "", 1);
	return n;
}

static int latin_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Honorifics after a Japanese name (阿部様, 阿部 直樹 さん), folded ... */
static const char *const ja_honorifics[] = { "様", "さま", "さん", "殿", "氏", NULL };

/* ... and in a Latin one (Mr. John Smith), as words. */
static const char *const latin_honorifics[] = {
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", NULL
};

/*
 * Cut the honorifics that end a name (阿部様, 阿部 直樹 さん) from the folded
 * text f, with the spaces before them, until none is left; the name's
 * first characters always stay. Done before the name is split into words,
 * so that what is left is read as the name it is (Smith 様 is Smith).
 */
static void drop_ja_honorifics(char *f)
{
	size_t len = strlen(f), k, h;
	int again = 1;

	while (again) {
		again = 0;
		while (len && (f[len - 1] == ' ' || f[len - 1] == '\t'))
			f[--len] = '\0';
		for (k = 0; ja_honorifics[k]; k++) {
			h = strlen(ja_honorifics[k]);
			if (len <= h || strcmp(f + len - h, ja_honorifics[k]))
				continue;
			/* something other than spaces must be left */
			if (strspn(f, " \t") >= len - h)
				continue;
			len -= h;
			f[len] = '\0';
			again = 1;
			break;
		}
	}
}

static int latin_honorific(const char *word)
{
	size_t k;

	for (k = 0; latin_honorifics[k]; k++)
		if (!strcmp(word, latin_honorifics[k]))
			return 1;
	return 0;
}

/*
 * Leave the honorifics out of the n words of a Latin name in list (Mr. John
 * Smith), unless it has no other word; returns the words left. Wherever
 * they stand: the key sorts its words, and must be its own key.
 */
static size_t drop_latin_honorifics(char **list, size_t n)
{
	size_t i, kept = 0;

	for (i = 0; i < n; i++)
		if (!latin_honorific(list[i]))
			kept++;
	if (!kept)
		return n;
	for (i = 0, kept = 0; i < n; i++)
		if (!latin_honorific(list[i]))
			list[kept++] = list[i];
	return kept;
}

/* The key of one pass; *dropped: whether honorifics were left out. */
static int person_key_once(const char *name, struct pm_strbuf *out, int *dropped)
{
	struct pm_strbuf w = PM_STRBUF_INIT;
	char *f = NULL, **list = NULL;
	size_t n, i, before;
	int rc, latin;

	pm_strbuf_reset(out);
	if ((rc = fold(name, &f)) < 0)
		return rc;
	/* Latin names: the words in any order; others (Japanese): no spaces;
	 * honorifics are no part of a name (Mr. Smith, 阿部様) */
	before = strlen(f);
	drop_ja_honorifics(f);
	*dropped = strlen(f) != before;
	latin = latin_only(f);
	n = words(f, latin, &w);
	if (n && !w.oom && !(list = malloc(n * sizeof(*list))))
		rc = PM_ENOMEM;
	for (i = 0; list && i < n; i++)
		list[i] = i ? list[i - 1] + strlen(list[i - 1]) + 1 : w.buf;
	if (list && latin) {
		before = n;
		n = drop_latin_honorifics(list, n);
		*dropped |= n != before;
		qsort(list, n, sizeof(*list), by_text);
	}
	for (i = 0; list && i < n; i++) {
		if (i && latin)
			pm_strbuf_add(out, " ", 1);
		pm_strbuf_add(out, list[i], strlen(list[i]));
	}
	if (rc == 0)
		rc = recompose(out);
	if (w.oom || out->oom)
		rc = PM_ENOMEM;
	/* the words joined may end in an honorific ("x さ ん" is "xさん") */
	if (rc == 0 && out->len && !latin) {
		drop_ja_honorifics(out->buf);
		if (strlen(out->buf) != out->len) {
			out->len = strlen(out->buf);
			*dropped = 1;
		}
	}
	free(list);
	free(f);
	pm_strbuf_release(&w);
	return rc;
}

int pm_person_name_key(const char *name, struct pm_strbuf *out)
{
	struct pm_strbuf again = PM_STRBUF_INIT;
	int rc, dropped, k;

	rc = person_key_once(name, out, &dropped);
	/*
	 * A key must be its own key. Cutting an honorific can leave text that
	 * keys otherwise (words joined into a new ending: "x さ ん" is "xさん";
	 * a name left in Latin letters): key it again until it holds still —
	 * each pass only shortens it. Names without honorifics take one pass.
	 */
	for (k = 0; rc == 0 && dropped && k < 16; k++) {
		if ((rc = person_key_once(pm_strbuf_str(out), &again, &dropped)) < 0)
			break;
		if (!strcmp(pm_strbuf_str(out), pm_strbuf_str(&again)))
			break;
		pm_strbuf_reset(out);
		pm_strbuf_add(out, again.buf ? again.buf : "", again.len);
		if (out->oom)
			rc = PM_ENOMEM;
	}
	pm_strbuf_release(&again);
	return rc;
}

/* Forms of company, as words of a Latin name (folded) ... */
static const char *const latin_forms[] = {
	"inc", "incorporated", "co", "ltd", "limited", "corp", "corporation", "company",
	"llc", "plc", "gmbh", "ag", "sa", "kk", "k", "holdings", NULL
};

/* ... and as parts of a Japanese one (after NFKC: ㈱ is "(株)"). */
static const char *const ja_forms[] = {
	"株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)", "(同)", NULL
};

/* Remove every Japanese form of company from s, until none is left (removing one may join another). */
static void drop_ja_forms(char *s)
{
	int removed = 1;
	size_t k;
	char *p;

	while (removed)
		for (k = 0, removed = 0; ja_forms[k]; k++)
			while ((p = strstr(s, ja_forms[k]))) {
				memmove(p, p + strlen(ja_forms[k]), strlen(p + strlen(ja_forms[k])) + 1);
				removed = 1;
			}
}

int pm_org_name_key(const char *name, struct pm_strbuf *out)
{
	struct pm_strbuf w = PM_STRBUF_INIT;
	char *f = NULL, *p;
	size_t n, i, k;
	int rc;

	pm_strbuf_reset(out);
	if ((rc = fold(name, &f)) < 0)
		return rc;
	drop_ja_forms(f);
	n = words(f, 1, &w);
	for (i = 0, p = w.buf; p && i < n; i++, p += strlen(p) + 1) {
		for (k = 0; latin_forms[k] && strcmp(p, latin_forms[k]); k++)
			;
		if (!latin_forms[k] || n == 1)
			pm_strbuf_puts(out, p);
	}
	/* again on the key: dropping punctuation may have joined a form (fuzzing found) */
	if (!out->oom && out->buf) {
		drop_ja_forms(out->buf);
		out->len = strlen(out->buf);
	}
	if (rc == 0)
		rc = recompose(out);
	if (w.oom || out->oom)
		rc = PM_ENOMEM;
	free(f);
	pm_strbuf_release(&w);
	return rc;
}

/* The bytes of a space that ends text at its end (' ', tab, the ideographic
 * space '　'), or 0. */
static size_t space_at_end(const char *s, size_t len)
{
	if (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		return 1;
	if (len >= 3 && !memcmp(s + len - 3, "\xe3\x80\x80", 3))
		return 3;
	return 0;
}

int pm_person_name_plain(const char *name, struct pm_strbuf *out)
{
	size_t len, start = 0, k, h = 0, sp;

	pm_strbuf_reset(out);
	if (!name)
		return 0;
	len = strlen(name);
	/* a Latin honorific first: "Mr. John Smith", "Dr Jane Doe" */
	for (k = 0; latin_honorifics[k]; k++) {
		h = strlen(latin_honorifics[k]);
		if (strncasecmp(name, latin_honorifics[k], h))
			continue;
		start = h + (name[h] == '.');
		if (name[start] != ' ' || !name[start + strspn(name + start, " ")]) {
			start = 0;
			continue;
		}
		start += strspn(name + start, " ");
		break;
	}
	/* honorifics last: 阿部様, 阿部 直樹 さん, 阿部　直樹　様 */
	for (;;) {
		while ((sp = space_at_end(name + start, len - start)))
			len -= sp;
		for (k = 0; ja_honorifics[k]; k++) {
			size_t rest;
			h = strlen(ja_honorifics[k]);
			if (len - start <= h || memcmp(name + len - h, ja_honorifics[k], h))
				continue;
			rest = len - h;   /* a name must be left before it */
			while ((sp = space_at_end(name + start, rest - start)))
				rest -= sp;
			if (rest > start)
				break;
		}
		if (!ja_honorifics[k])
			break;
		len -= h;
	}
	pm_strbuf_add(out, name + start, len - start);
	return out->oom ? PM_ENOMEM : 0;
}
