/*
 * powermap — values as people and Excel write them, made canonical before
 * they are checked (see pm_value_normalize in table.h): full-width digits
 * and letters, surrounding spaces (full-width too), dates such as
 * 2026/11/25, 2026/1/5 or 2026年11月25日, amounts with thousands
 * separators, and enum words in any case, with spaces, or in Japanese.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "powermap/kit.h"
#include "powermap/model.h"
#include "powermap/table.h"

/* Japanese words for enum values: the map's legend words and common ones. */
static const struct {
	const char *word, *value;
} ja_words[] = {
	/* stances */
	{ "推進者", "champion" }, { "支持", "supporter" }, { "支持者", "supporter" },
	{ "中立", "neutral" }, { "懐疑的", "skeptic" }, { "懐疑", "skeptic" },
	{ "反対", "opponent" }, { "反対派", "opponent" }, { "不明", "unknown" },
	/* buying roles */
	{ "経済的決裁者", "economic_buyer" }, { "決裁者", "economic_buyer" },
	{ "意思決定者", "decision_maker" }, { "技術評価者", "technical_buyer" },
	{ "利用部門", "user_buyer" }, { "チャンピオン", "champion" }, { "コーチ", "coach" },
	{ "影響者", "influencer" }, { "ゲートキーパー", "gatekeeper" },
	{ "ブロッカー", "blocker" },
	/* org kinds */
	{ "顧客", "customer" }, { "自社", "own" }, { "パートナー", "partner" },
	{ "投資家", "investor" }, { "銀行", "bank" }, { "その他", "other" },
	/* a prospect is a customer org (accounts tells prospect from customer by won deals) */
	{ "見込み客", "customer" }, { "見込客", "customer" }, { "既存顧客", "customer" },
	{ "prospect", "customer" }, { "Prospect", "customer" }, { "PROSPECT", "customer" },
	/* link kinds */
	{ "上司", "reports_to" }, { "影響", "influences" }, { "知人", "knows" },
	/* channels */
	{ "紹介", "referral" }, { "電話", "phone" }, { "電話", "call" }, { "通話", "call" },
	{ "メール", "email" }, { "会議", "meeting" }, { "面談", "meeting" },
	{ "打ち合わせ", "meeting" }, { "イベント", "event" }, { "閲覧", "view" },
	/* directions */
	{ "受信", "inbound" }, { "返信", "inbound" }, { "送信", "outbound" }, { "双方向", "both" },
	/* action statuses */
	{ "予定", "planned" }, { "進行中", "in_progress" }, { "完了", "done" },
	{ "中止", "cancelled" },
	/* deal stages */
	{ "リード", "lead" }, { "見込み", "qualified" }, { "提案", "proposal" },
	{ "交渉", "negotiation" }, { "受注", "won" }, { "失注", "lost" },
	/* plan sections */
	{ "業界", "industry" }, { "概要", "overview" }, { "目標", "goal" }, { "戦略", "strategy" },
	{ "レビューの頻度", "cadence" }, { "頻度", "cadence" }, { "強み", "strengths" },
	{ "弱み", "weaknesses" }, { "機会", "opportunities" }, { "脅威", "threats" },
	/* channels and directions as tables show them */
	{ "閲覧", "view" }, { "DM", "dm" }, { "その他", "other" },
};

/* Length of the UTF-8 sequence at s that is U+3000 (ideographic space), else 0. */
static size_t ideographic_space(const unsigned char *s)
{
	return s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
}

void pm_fold_width(const char *in, struct pm_strbuf *sb)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t start, end;

	while (*s) {
		if (ideographic_space(s)) {
			pm_strbuf_add(sb, " ", 1);
			s += 3;
		} else if (s[0] == 0xef && (s[1] == 0xbc || s[1] == 0xbd) && s[2] >= 0x80 &&
			   s[2] <= 0xbf) {
			/* U+FF01..U+FF5E: EF BC 81..BF, EF BD 80..9E */
			unsigned cp = 0xff00u + ((unsigned)(s[1] & 0x03) << 6) + (s[2] & 0x3f);
			if (cp >= 0xff01 && cp <= 0xff5e) {
				char c = (char)(cp - 0xff01 + 0x21);
				pm_strbuf_add(sb, &c, 1);
			} else {
				pm_strbuf_add(sb, (const char *)s, 3);
			}
			s += 3;
		} else {
			pm_strbuf_add(sb, (const char *)s, 1);
			s++;
		}
	}
	if (sb->oom || !sb->len)
		return;
	for (start = 0; start < sb->len && isspace((unsigned char)sb->buf[start]); start++)
		;
	for (end = sb->len; end > start && isspace((unsigned char)sb->buf[end - 1]); end--)
		;
	memmove(sb->buf, sb->buf + start, end - start);
	sb->len = end - start;
	sb->buf[sb->len] = '\0';
}

/* Read 1-4 digits at *s into *v; advances *s. 0 when there are none. */
static int digits(const char **s, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && isdigit((unsigned char)**s)) {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n;
}

/* Skip `sep` (a byte or a UTF-8 word) at *s. */
static int skip(const char **s, const char *sep)
{
	size_t n = strlen(sep);

	if (strncmp(*s, sep, n))
		return 0;
	*s += n;
	return 1;
}

/*
 * Japanese eras, as 令和8年 or R8 (元年: the first year): the western year
 * of their first year, and the first and last day they name (YYYYMMDD).
 */
static const struct {
	const char *name, *letter;
	int base, first, last;
} eras[] = {
	{ "令和", "R", 2019, 20190501, 99991231 },
	{ "平成", "H", 1989, 19890108, 20190430 },
	{ "昭和", "S", 1926, 19261225, 19890107 },
};

/* An era year at *s (令和8, R8, 令和元) into *y, its era's days into *first, *last. */
static int era_year(const char **s, int *y, int *first, int *last)
{
	size_t i;
	int n;

	for (i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		const char *p = *s;
		if (!skip(&p, eras[i].name) &&
		    !(toupper((unsigned char)*p) == *eras[i].letter && p++))
			continue;
		if (skip(&p, "元"))
			n = 1;
		else if (!digits(&p, 2, &n) || n < 1)
			return 0;
		*y = eras[i].base + n - 1;
		*first = eras[i].first;
		*last = eras[i].last;
		*s = p;
		return 1;
	}
	return 0;
}

/* A time at *s: H:MM[:SS], with 午前/午後 before it or AM/PM after it. 1 when it was one. */
static int clock_time(const char **s, int *h, int *mi, int *se)
{
	const char *p = *s;
	int half = 0;   /* 1 morning, 2 afternoon */

	if (skip(&p, "午前"))
		half = 1;
	else if (skip(&p, "午後"))
		half = 2;
	while (*p == ' ')
		p++;
	if (!digits(&p, 2, h) || *p++ != ':' || digits(&p, 2, mi) != 2)
		return 0;
	if (*p == ':' && (p++, digits(&p, 2, se) != 2))
		return 0;
	if (!half) {
		const char *q = p;
		while (*q == ' ')
			q++;
		if (!strncasecmp(q, "AM", 2) || !strncasecmp(q, "PM", 2)) {
			half = toupper((unsigned char)*q) == 'A' ? 1 : 2;
			p = q + 2;
		}
	}
	if (half && (*h < 1 || *h > 12))
		return 0;
	if (half)
		*h = *h % 12 + (half == 2 ? 12 : 0);
	*s = p;
	return 1;
}

/*
 * A date as Japanese users and Excel write it, YYYY/M/D, YYYY-M-D,
 * YYYY.M.D or YYYY年M月D日 — the year also as an era year, 令和8年 or R8 —
 * optionally followed by a time H:MM[:SS] (午後3:00, 3:00 PM); into sb as
 * YYYY-MM-DD (with_time: and THH:MM[:SS]). 1 when it was one; an era date
 * outside its era is not one.
 */
static int flexible_date(const char *in, int with_time, struct pm_strbuf *sb)
{
	const char *s = in;
	int y, m, d, h = -1, mi = 0, se = -1, first = 0, last = 99991231, era;

	if (!(era = era_year(&s, &y, &first, &last)) && digits(&s, 4, &y) != 4)
		return 0;
	if (skip(&s, "年")) {
		if (!digits(&s, 2, &m) || !skip(&s, "月") || !digits(&s, 2, &d))
			return 0;
		skip(&s, "日");
	} else {
		char sep = *s;
		if (sep != '/' && sep != '-' && sep != '.')
			return 0;
		s++;
		if (!digits(&s, 2, &m) || *s++ != sep || !digits(&s, 2, &d))
			return 0;
	}
	if (era && (y * 10000 + m * 100 + d < first || y * 10000 + m * 100 + d > last))
		return 0;
	if (*s == ' ' || *s == 'T') {
		s++;
		while (*s == ' ')
			s++;
		if (!clock_time(&s, &h, &mi, &se))
			return 0;
	}
	if (*s)
		return 0;
	pm_strbuf_reset(sb);
	pm_strbuf_addf(sb, "%04d-%02d-%02d", y, m, d);
	/* a date column takes the day: Excel writes "2026/11/25 0:00" */
	if (with_time && h >= 0) {
		pm_strbuf_addf(sb, "T%02d:%02d", h, mi);
		if (se >= 0)
			pm_strbuf_addf(sb, ":%02d", se);
	}
	return 1;
}

/* 1,234,567.5 -> 1234567.5 when the commas group thousands. */
static void thousands(struct pm_strbuf *sb)
{
	const char *s = sb->buf, *dot = strchr(s, '.');
	size_t end = dot ? (size_t)(dot - s) : sb->len, i, group = 0, j;
	int commas = 0;

	for (i = end; i > 0; i--) {
		char c = s[i - 1];
		if (c == ',') {
			if (group != 3)
				return;
			group = 0;
			commas = 1;
		} else if (isdigit((unsigned char)c)) {
			group++;
		} else if (!(i == 1 && (c == '-' || c == '+'))) {
			return;
		}
	}
	if (!commas)
		return;
	for (i = j = 0; i <= sb->len; i++)
		if (sb->buf[i] != ',')
			sb->buf[j++] = sb->buf[i];
	sb->len = j - 1;
}

/*
 * Amounts and head counts as Japanese write them: 30億, 1.5億円, 4億5000万円,
 * 2300名, 120人 -> digits (the units 円, 名, 人 go; 千, 万, 億, 兆 multiply).
 * Leaves sb as it was unless the whole text reads that way.
 */
static void japanese_amount(struct pm_strbuf *sb)
{
	static const struct { const char *word; double times; } mult[] = {
		{ "\xe5\x8d\x83", 1e3 }, { "\xe4\xb8\x87", 1e4 }, { "\xe5\x84\x84", 1e8 },
		{ "\xe5\x85\x86", 1e12 },
	};
	static const char *const units[] = { "\xe5\x86\x86", "\xe5\x90\x8d", "\xe4\xba\xba" };
	const char *p = sb->buf;
	double total = 0, last = 1e300;
	char num[64], *end;
	size_t i, n = sb->len;
	int any = 0;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (n > 3 && !strcmp(sb->buf + n - 3, units[i]))
			n -= 3;
	if (n == sb->len && !strpbrk(p, "\xe5\xe4"))
		return;   /* nothing Japanese: not ours to read */
	while (p < sb->buf + n) {
		double x, times = 1;
		size_t k = 0;
		/* digits and a point; commas only where they group thousands */
		while (p < sb->buf + n && k + 1 < sizeof(num) &&
		       (isdigit((unsigned char)*p) || *p == '.' ||
			(*p == ',' && k && isdigit((unsigned char)p[1]) &&
			 isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
			 !isdigit((unsigned char)p[4])))) {
			if (*p != ',')
				num[k++] = *p;
			p++;
		}
		num[k] = '\0';
		if (!k || !isdigit((unsigned char)num[0]))
			return;
		x = strtod(num, &end);
		if (*end)
			return;   /* 1.2.3 */
		for (i = 0; i < sizeof(mult) / sizeof(mult[0]); i++)
			if (p + 3 <= sb->buf + n && !strncmp(p, mult[i].word, 3)) {
				times = mult[i].times;
				p += 3;
				break;
			}
		if (times >= last || (times == 1 && p < sb->buf + n))
			return;   /* 5000万30億, or digits in the middle: not an amount */
		last = times;
		total += x * times;
		any = 1;
	}
	if (!any)
		return;
	pm_strbuf_reset(sb);
	pm_strbuf_puts(sb, pm_number_format(num, sizeof(num), total));
}

/* An enum word in any case, with spaces or hyphens, or in Japanese. */
static void enum_word(const struct pm_column *col, struct pm_strbuf *sb)
{
	size_t i;
	char *p;

	if (pm_enum_find(col->values, sb->buf) >= 0)
		return;
	for (i = 0; i < sizeof(ja_words) / sizeof(ja_words[0]); i++)
		if (!strcmp(sb->buf, ja_words[i].word) &&
		    pm_enum_find(col->values, ja_words[i].value) >= 0) {
			pm_strbuf_reset(sb);
			pm_strbuf_puts(sb, ja_words[i].value);
			return;
		}
	for (p = sb->buf; *p; p++) {
		if (*p == ' ' || *p == '-')
			*p = '_';
		else
			*p = (char)tolower((unsigned char)*p);
	}
}

/* Values that are canonical already (the common case of large imports). */
static int canonical(const struct pm_column *col, const char *in)
{
	size_t n = strlen(in), i;

	switch (col->type) {
	case PM_COL_ENUM:
		return pm_enum_find(col->values, in) >= 0;
	case PM_COL_DATE:
	case PM_COL_DATETIME:
		if (n < 10 || in[4] != '-' || in[7] != '-' ||
		    (n > 10 && (col->type == PM_COL_DATE || in[10] != 'T')))
			return 0;
		for (i = 0; i < n; i++)
			if ((unsigned char)in[i] >= 0x80 || in[i] == ' ')
				return 0;
		return 1;
	case PM_COL_UNIT:
	case PM_COL_NUMBER:
	case PM_COL_POWER:
		for (i = 0; i < n; i++)
			if (!strchr("0123456789.eE+-", in[i]))
				return 0;
		return 1;
	default:
		return 1;
	}
}

int pm_value_normalize(const struct pm_column *col, const char *in, struct pm_strbuf *out)
{
	struct pm_strbuf tmp = PM_STRBUF_INIT;

	pm_strbuf_reset(out);
	if (!in || col->type == PM_COL_TEXT || col->type == PM_COL_KEY ||
	    col->type == PM_COL_ORG || col->type == PM_COL_PERSON || canonical(col, in))
		return 0;
	pm_fold_width(in, out);
	switch (col->type) {
	case PM_COL_ENUM:
		if (out->len)
			enum_word(col, out);
		break;
	case PM_COL_DATE:
	case PM_COL_DATETIME:
		if (flexible_date(out->buf ? out->buf : "", col->type == PM_COL_DATETIME, &tmp)) {
			pm_strbuf_reset(out);
			pm_strbuf_add(out, pm_strbuf_str(&tmp), tmp.len);
		}
		break;
	case PM_COL_NUMBER:
	case PM_COL_UNIT:
		if (out->len)
			thousands(out);
		if (out->len && col->type == PM_COL_NUMBER)
			japanese_amount(out);
		break;
	default:
		break;
	}
	pm_strbuf_release(&tmp);
	if (out->oom || tmp.oom)
		return PM_ENOMEM;
	return strcmp(pm_strbuf_str(out), in) != 0;
}
