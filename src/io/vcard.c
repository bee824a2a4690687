/*
 * powermap — vCard address books (.vcf: iPhone, Google Contacts, Outlook,
 * Japanese phones' vCard 2.1) read as the CSV an address book exports, for
 * the contacts format (format_addressbook.c). Each card becomes one row of
 * "Name,First Name,Last Name,Company,Department,Job Title,E-mail Address",
 * on the line of the card's second line, so that a message about the row
 * names the card's place in the .vcf. See import_internal.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "powermap/csv.h"
#include "powermap/error.h"
#include "powermap/kit.h"
#include "import_internal.h"

enum { V_FN, V_FIRST, V_LAST, V_ORG, V_UNIT, V_TITLE, V_EMAIL, V_COUNT };

struct card {
	struct pm_strbuf f[V_COUNT];
	int email_rank;            /* how much the kept email is the work one */
	size_t line;               /* of BEGIN:VCARD */
};

int pm_vcard_sniff(const char *s, size_t n)
{
	static const char begin[] = "BEGIN:VCARD";

	if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		s += 3;
		n -= 3;
	}
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	return n >= sizeof(begin) - 1 && !strncasecmp(s, begin, sizeof(begin) - 1);
}

/* A property value without its escapes (\, \; \n \\), into out; newlines are spaces. */
static void unescape(const char *v, size_t n, struct pm_strbuf *out)
{
	size_t i;

	pm_strbuf_reset(out);
	for (i = 0; i < n; i++) {
		char c = v[i];
		if (c == '\\' && i + 1 < n) {
			c = v[++i];
			if (c == 'n' || c == 'N')
				c = ' ';
		} else if (c == '\r' || c == '\n') {
			c = ' ';
		}
		pm_strbuf_add(out, &c, 1);
	}
}

/* Whether s holds `word`, in any case. */
static int holds(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++)
		if (!strncasecmp(s, word, n))
			return 1;
	return 0;
}

static int hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
		: c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Quoted-printable (vCard 2.1) decoded in place; returns the new length. */
static size_t unquote(char *v, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (v[i] == '=' && i + 2 < n && hex(v[i + 1]) >= 0 && hex(v[i + 2]) >= 0) {
			v[o++] = (char)(hex(v[i + 1]) << 4 | hex(v[i + 2]));
			i += 2;
		} else {
			v[o++] = v[i];
		}
	}
	return o;
}

/* The n-th (from 0) ';'-separated part of a structured value (N, ORG). */
static void part(const char *v, size_t n, int which, struct pm_strbuf *out)
{
	size_t i, start = 0;
	int k = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && v[i] == '\\') {
			i++;
			continue;
		}
		if (i == n || v[i] == ';') {
			if (k == which) {
				unescape(v + start, i - start, out);
				return;
			}
			k++;
			start = i + 1;
		}
	}
	pm_strbuf_reset(out);
}

/* ORG's units after the company, joined by spaces: the department. */
static void units(const char *v, size_t n, struct pm_strbuf *out)
{
	struct pm_strbuf one = PM_STRBUF_INIT;
	int k;

	pm_strbuf_reset(out);
	for (k = 1; k < 8; k++) {
		part(v, n, k, &one);
		if (!one.len)
			continue;
		if (out->len)
			pm_strbuf_add(out, " ", 1);
		pm_strbuf_add(out, one.buf, one.len);
	}
	if (one.oom)
		out->oom = 1;
	pm_strbuf_release(&one);
}

static void property_value(struct card *c, const char *name, size_t namelen, const char *params,
			   const char *v, size_t vlen);

/*
 * A value in another charset (vCard 2.1 of Japanese phones:
 * CHARSET=SHIFT_JIS), as UTF-8 into conv: 1, else 0 (kept as it is: the
 * import's UTF-8 check names the row when it is not).
 */
static int recode(const char *params, const char *v, size_t n, char **conv, size_t *convlen)
{
	const char *p = params;
	char charset[32];
	size_t bad, k;
	struct pm_error err;

	for (; *p; p++)
		if (!strncasecmp(p, ";CHARSET=", 9))
			break;
	if (!*p)
		return 0;
	p += 9;
	k = strcspn(p, ";:");
	if (!k || k >= sizeof(charset))
		return 0;
	memcpy(charset, p, k);
	charset[k] = '\0';
	if (!strcasecmp(charset, "UTF-8") || !strcasecmp(charset, "US-ASCII"))
		return 0;
	if (!strcasecmp(charset, "SHIFT_JIS") || !strcasecmp(charset, "SJIS") ||
	    !strcasecmp(charset, "X-SJIS"))
		snprintf(charset, sizeof(charset), "CP932");   /* as Japanese phones write it */
	return pm_text_to_utf8(charset, v, n, conv, convlen, &bad, &err) == 0;
}

/* One unfolded property line of a card: NAME;PARAMS:VALUE. */
static void property(struct card *c, char *line, size_t n)
{
	char *colon = memchr(line, ':', n), *dot, *semi, *name = line, *conv = NULL;
	size_t namelen, vlen, convlen;
	const char *params;

	if (!colon)
		return;
	*colon = '\0';
	vlen = n - (size_t)(colon - line) - 1;
	if ((dot = strchr(name, '.')) && (!(semi = strchr(name, ';')) || dot < semi))
		name = dot + 1;   /* item1.EMAIL: a group */
	namelen = strcspn(name, ";");
	params = name + namelen;
	if (holds(params, "QUOTED-PRINTABLE"))
		vlen = unquote(colon + 1, vlen);
	if (recode(params, colon + 1, vlen, &conv, &convlen)) {
		property_value(c, name, namelen, params, conv, convlen);
		free(conv);
		return;
	}
	property_value(c, name, namelen, params, colon + 1, vlen);
}

/* What a card keeps of property NAME (namelen bytes) with its value v. */
static void property_value(struct card *c, const char *name, size_t namelen, const char *params,
			   const char *v, size_t vlen)
{
	int rank;

#define IS(s) (namelen == sizeof(s) - 1 && !strncasecmp(name, s, namelen))
	if (IS("FN")) {
		unescape(v, vlen, &c->f[V_FN]);
	} else if (IS("N")) {
		part(v, vlen, 0, &c->f[V_LAST]);
		part(v, vlen, 1, &c->f[V_FIRST]);
	} else if (IS("ORG")) {
		part(v, vlen, 0, &c->f[V_ORG]);
		units(v, vlen, &c->f[V_UNIT]);
	} else if (IS("TITLE")) {
		unescape(v, vlen, &c->f[V_TITLE]);
	} else if (IS("EMAIL")) {
		/* the work address, else the preferred one, else the first */
		rank = 1 + holds(params, "PREF") + 2 * holds(params, "WORK");
		if (rank > c->email_rank) {
			unescape(v, vlen, &c->f[V_EMAIL]);
			c->email_rank = rank;
		}
	}
#undef IS
}

/* A CSV field, quoted when it must be. */
static void csv_field(struct pm_strbuf *out, const struct pm_strbuf *v, int last)
{
	size_t i;

	if (v->len && strpbrk(v->buf, ",\"")) {
		pm_strbuf_add(out, "\"", 1);
		for (i = 0; i < v->len; i++) {
			if (v->buf[i] == '"')
				pm_strbuf_add(out, "\"", 1);
			pm_strbuf_add(out, v->buf + i, 1);
		}
		pm_strbuf_add(out, "\"", 1);
	} else if (v->len) {
		pm_strbuf_add(out, v->buf, v->len);
	}
	pm_strbuf_add(out, last ? "\n" : ",", 1);
}

/* The card's row, on line card->line + 1 of out (blank lines before it). */
static void row(struct pm_strbuf *out, size_t *out_line, const struct card *c)
{
	static const int order[] = { V_FN, V_FIRST, V_LAST, V_ORG, V_UNIT, V_TITLE, V_EMAIL };
	size_t k;

	while (*out_line < c->line + 1) {
		pm_strbuf_add(out, "\n", 1);
		(*out_line)++;
	}
	for (k = 0; k < V_COUNT; k++)
		csv_field(out, &c->f[order[k]], k + 1 == V_COUNT);
	(*out_line)++;
}

static void card_reset(struct card *c)
{
	size_t k;

	for (k = 0; k < V_COUNT; k++)
		pm_strbuf_reset(&c->f[k]);
	c->email_rank = 0;
}

int pm_vcard_to_csv(const char *s, size_t n, const char *path, char **out, size_t *outlen,
		    struct pm_error *err)
{
	struct pm_strbuf csv = PM_STRBUF_INIT, line = PM_STRBUF_INIT;
	struct card c;
	size_t i = 0, lineno = 0, out_line = 2, k, start_line = 0;
	int in_card = 0, rc = 0;

	memset(&c, 0, sizeof(c));
	if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		i = 3;
	pm_strbuf_puts(&csv, "Name,First Name,Last Name,Company,Department,Job Title,"
		       "E-mail Address\n");
	while (i < n && !line.oom) {
		/* one logical line: folded lines (CRLF + space or tab) joined, and
		 * quoted-printable soft breaks (= at the end) */
		size_t e;
		pm_strbuf_reset(&line);
		start_line = ++lineno;
		for (;;) {
			for (e = i; e < n && s[e] != '\n' && s[e] != '\r'; e++)
				;
			pm_strbuf_add(&line, s + i, e - i);
			if (e < n && s[e] == '\r')
				e++;
			if (e < n && s[e] == '\n')
				e++;
			i = e;
			if (i < n && (s[i] == ' ' || s[i] == '\t')) {
				i++;
				lineno++;
				continue;
			}
			if (line.len && line.buf[line.len - 1] == '=' && i < n &&
			    holds(line.buf, "QUOTED-PRINTABLE")) {
				line.buf[--line.len] = '\0';
				lineno++;
				continue;
			}
			break;
		}
		if (!line.len || line.oom)
			continue;
		if (!strcasecmp(line.buf, "BEGIN:VCARD")) {
			if (in_card) {
				rc = pm_error_set(err, PM_EINVAL, "%s:%zu: a card begins inside "
						  "another (no END:VCARD before it)", path, start_line);
				goto out;
			}
			in_card = 1;
			card_reset(&c);
			c.line = start_line;
		} else if (!strcasecmp(line.buf, "END:VCARD")) {
			if (!in_card) {
				rc = pm_error_set(err, PM_EINVAL, "%s:%zu: END:VCARD without "
						  "BEGIN:VCARD", path, start_line);
				goto out;
			}
			in_card = 0;
			row(&csv, &out_line, &c);
		} else if (in_card) {
			property(&c, line.buf, line.len);
		}
	}
	if (in_card)
		rc = pm_error_set(err, PM_EINVAL, "%s:%zu: the last card has no END:VCARD", path,
				  c.line);
out:
	for (k = 0; k < V_COUNT; k++) {
		if (c.f[k].oom)
			csv.oom = 1;
		pm_strbuf_release(&c.f[k]);
	}
	if (line.oom)
		csv.oom = 1;
	pm_strbuf_release(&line);
	if (rc == 0 && csv.oom)
		rc = pm_error_set(err, PM_ENOMEM, "out of memory");
	if (rc < 0) {
		pm_strbuf_release(&csv);
		return rc;
	}
	*outlen = csv.len;
	*out = pm_strbuf_detach(&csv);
	return 0;
}
