/* powermap — the small kit (see include/powermap/kit.h). */
#define _GNU_SOURCE   /* qsort_r */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "powermap/error.h"
#include "powermap/kit.h"

void pm_mem_hint_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = 2u << 20;
	uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t hi = ((uintptr_t)p + size) & ~(huge - 1);

	if (p && size >= PM_HUGE_MIN && hi > lo)
		madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

int pm_grow_to(void *pp, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 8;
	void *old, *p;

	while (n < need) {
		if (n > SIZE_MAX / 2)
			return PM_ENOMEM;
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		return PM_ENOMEM;
	memcpy(&old, pp, sizeof(old));
	if (n * size >= PM_HUGE_MIN) {
		/*
		 * A large array moves to a new block on huge pages (realloc would
		 * move its 4 KiB pages, and the new part would fault in one by one).
		 */
		if (posix_memalign(&p, 2u << 20, n * size) != 0)
			return PM_ENOMEM;
		pm_mem_hint_huge(p, n * size);
		if (old)
			memcpy(p, old, *cap * size);
		free(old);
	} else if (!(p = realloc(old, n * size))) {
		return PM_ENOMEM;
	}
	memcpy(pp, &p, sizeof(p));
	*cap = n;
	return 0;
}

static int reserve(struct pm_strbuf *sb, size_t more)
{
	if (sb->oom)
		return PM_ENOMEM;
	if (more > SIZE_MAX - sb->len - 1 || PM_GROW(sb->buf, sb->alloc, sb->len + more + 1) < 0) {
		sb->oom = 1;
		return PM_ENOMEM;
	}
	return 0;
}

int pm_strbuf_add(struct pm_strbuf *sb, const char *s, size_t n)
{
	if (reserve(sb, n) < 0)
		return PM_ENOMEM;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int pm_strbuf_puts(struct pm_strbuf *sb, const char *s)
{
	return s ? pm_strbuf_add(sb, s, strlen(s)) : 0;
}

int pm_strbuf_vaddf(struct pm_strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (reserve(sb, 64) < 0)
		return PM_ENOMEM;
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return PM_ERR;
	}
	if ((size_t)n >= sb->alloc - sb->len) {
		if (reserve(sb, (size_t)n) < 0) {
			sb->buf[sb->len] = '\0';
			return PM_ENOMEM;
		}
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
	return 0;
}

int pm_strbuf_addf(struct pm_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pm_strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

/* U+2060 WORD JOINER: see PM_ESC_GV_HTML. */
#define WJ "\xe2\x81\xa0"

/* The replacement for byte c in mode `where`, or NULL to copy it as is. */
static const char *escape_of(unsigned char c, enum pm_escape where)
{
	if (where == PM_ESC_GV_STRING) {
		/* Graphviz reads entities in strings: "&#1;" as typed must stay text */
		if (c == '&')
			return "&amp;";
		if (c == '\\')
			return "\\\\" WJ;
		if (c == '\n')
			return "\\n";
		if (c == '\t')
			return " ";
		return c < 0x20 ? "" : NULL;
	}
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\\': return where == PM_ESC_GV_HTML ? "\\" WJ : NULL;
	/* Graphviz's HTML lexer refuses a text that is only ']' (fuzz_map found it) */
	case ']': return where == PM_ESC_GV_HTML ? "&#93;" : NULL;
	case '\n': return where == PM_ESC_GV_HTML ? "<BR/>" : NULL;
	case '\t': return where == PM_ESC_GV_HTML ? " " : NULL;
	default: return c < 0x20 ? "" : NULL;
	}
}

int pm_strbuf_add_escaped(struct pm_strbuf *sb, const char *s, enum pm_escape where)
{
	const char *run = s, *rep;

	if (!s)
		return 0;
	for (; *s; s++) {
		if (!(rep = escape_of((unsigned char)*s, where)))
			continue;
		pm_strbuf_add(sb, run, (size_t)(s - run));
		pm_strbuf_puts(sb, rep);
		run = s + 1;
	}
	pm_strbuf_add(sb, run, (size_t)(s - run));
	return sb->oom ? PM_ENOMEM : 0;
}

const char *pm_strbuf_str(const struct pm_strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *pm_strbuf_detach(struct pm_strbuf *sb)
{
	char *s = sb->oom ? NULL : sb->buf;

	if (sb->oom)
		free(sb->buf);
	else if (!s)
		s = calloc(1, 1);
	memset(sb, 0, sizeof(*sb));
	return s;
}

void pm_strbuf_release(struct pm_strbuf *sb)
{
	if (!sb)
		return;
	free(sb->buf);
	memset(sb, 0, sizeof(*sb));
}

void pm_strbuf_reset(struct pm_strbuf *sb)
{
	sb->len = 0;
	sb->oom = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void pm_sort(void *base, size_t n, size_t size,
	     int (*cmp)(const void *a, const void *b, void *ctx), void *ctx)
{
	if (n > 1)
		qsort_r(base, n, size, cmp, ctx);
}

const char *pm_money_format(char *buf, size_t size, double x, const char *currency)
{
	static const char *const whole[] = { "JPY", "KRW", "VND", "CLP", "ISK", "" };
	char digits[64], *d;
	size_t i, n, used = 0;
	int cents = 1;

	for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		cents &= strcmp(currency, whole[i]) != 0;
	snprintf(digits, sizeof(digits), cents ? "%.2f" : "%.0f", fabs(x));
	n = strcspn(digits, ".");
	if (x < 0 && used + 1 < size)
		buf[used++] = '-';
	for (d = digits, i = 0; *d && used + 2 < size; d++, i++) {
		if (i > 0 && i < n && (n - i) % 3 == 0)
			buf[used++] = ',';
		buf[used++] = *d;
	}
	buf[used] = '\0';
	return buf;
}


const char *pm_number_format(char *buf, size_t size, double x)
{
	int digits;

	/* integral values as integers: 48000000, 123456789012345680 */
	if (x == (double)(long long)x && x > -1e18 && x < 1e18) {
		snprintf(buf, size, "%lld", (long long)x);
		return buf;
	}
	/* else the fewest digits that read back as the same double */
	for (digits = 15; digits < 17; digits++) {
		snprintf(buf, size, "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			return buf;
	}
	snprintf(buf, size, "%.17g", x);
	return buf;
}

long pm_days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void pm_civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}
