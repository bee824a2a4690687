/* powermap — record table descriptors and value checks (see table.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/error.h"
#include "powermap/model.h"
#include "powermap/table.h"

#define REQ PM_COL_REQUIRED

static const struct pm_column org_cols[] = {
	{ "key", PM_COL_KEY, NULL, REQ },
	{ "name", PM_COL_TEXT, NULL, REQ },
	{ "kind", PM_COL_ENUM, pm_org_kinds, REQ },
	{ "industry", PM_COL_TEXT, NULL, 0 },
	{ "parent", PM_COL_ORG, NULL, 0 },
	{ "notes", PM_COL_TEXT, NULL, 0 },
	{ "domains", PM_COL_TEXT, NULL, 0 },
	{ "employees", PM_COL_NUMBER, NULL, 0 },
	{ "revenue", PM_COL_NUMBER, NULL, 0 },
	{ "currency", PM_COL_KEY, NULL, 0 },
	{ "region", PM_COL_TEXT, NULL, 0 },
	{ "website", PM_COL_TEXT, NULL, 0 },
};
static const struct pm_column person_cols[] = {
	{ "key", PM_COL_KEY, NULL, REQ },
	{ "name", PM_COL_TEXT, NULL, REQ },
	{ "org", PM_COL_ORG, NULL, 0 },
	{ "title", PM_COL_TEXT, NULL, 0 },
	{ "department", PM_COL_TEXT, NULL, 0 },
	{ "email", PM_COL_TEXT, NULL, 0 },
	{ "url", PM_COL_TEXT, NULL, 0 },
	{ "role", PM_COL_ENUM, pm_roles, 0 },
	{ "stance", PM_COL_ENUM, pm_stances, 0 },
	{ "power", PM_COL_POWER, NULL, 0 },
	{ "notes", PM_COL_TEXT, NULL, 0 },
};
static const struct pm_column link_cols[] = {
	{ "from", PM_COL_PERSON, NULL, REQ },
	{ "to", PM_COL_PERSON, NULL, REQ },
	{ "kind", PM_COL_ENUM, pm_link_kinds, REQ },
	{ "strength", PM_COL_UNIT, NULL, 0 },
	{ "last_contact", PM_COL_DATE, NULL, 0 },
	{ "source", PM_COL_TEXT, NULL, 0 },
	{ "notes", PM_COL_TEXT, NULL, 0 },
};
static const struct pm_column interaction_cols[] = {
	{ "person", PM_COL_PERSON, NULL, REQ },
	{ "at", PM_COL_DATETIME, NULL, REQ },
	{ "channel", PM_COL_ENUM, pm_interaction_channels, REQ },
	{ "owner", PM_COL_PERSON, NULL, 0 },
	{ "subject", PM_COL_TEXT, NULL, 0 },
	{ "minutes", PM_COL_NUMBER, NULL, 0 },
	{ "direction", PM_COL_ENUM, pm_directions, 0 },
};
static const struct pm_column deal_cols[] = {
	{ "key", PM_COL_KEY, NULL, REQ },
	{ "account", PM_COL_ORG, NULL, REQ },
	{ "name", PM_COL_TEXT, NULL, 0 },
	{ "stage", PM_COL_ENUM, pm_deal_stages, 0 },
	{ "amount", PM_COL_NUMBER, NULL, 0 },
	{ "currency", PM_COL_KEY, NULL, 0 },
	{ "probability", PM_COL_UNIT, NULL, 0 },
	{ "close_date", PM_COL_DATE, NULL, 0 },
	{ "updated_at", PM_COL_DATE, NULL, 0 },
};
static const struct pm_column action_cols[] = {
	{ "target", PM_COL_PERSON, NULL, REQ },
	{ "owner", PM_COL_PERSON, NULL, 0 },
	{ "due", PM_COL_DATE, NULL, 0 },
	{ "channel", PM_COL_ENUM, pm_action_channels, REQ },
	{ "via", PM_COL_PERSON, NULL, 0 },
	{ "status", PM_COL_ENUM, pm_action_statuses, 0 },
	{ "notes", PM_COL_TEXT, NULL, 0 },
};
static const struct pm_column plan_cols[] = {
	{ "account", PM_COL_ORG, NULL, REQ },
	{ "section", PM_COL_ENUM, pm_plan_sections, REQ },
	{ "text", PM_COL_TEXT, NULL, 0 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct pm_table pm_tables[PM_T_COUNT] = {
	[PM_T_ORGS] = { "orgs", "org", org_cols, N(org_cols) },
	[PM_T_PEOPLE] = { "people", "person", person_cols, N(person_cols) },
	[PM_T_LINKS] = { "links", "link", link_cols, N(link_cols) },
	[PM_T_INTERACTIONS] = { "interactions", "interaction", interaction_cols,
				N(interaction_cols) },
	[PM_T_DEALS] = { "deals", "deal", deal_cols, N(deal_cols) },
	[PM_T_ACTIONS] = { "actions", "action", action_cols, N(action_cols) },
	[PM_T_PLAN] = { "plan", "plan", plan_cols, N(plan_cols) },
};

int pm_table_find(const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < PM_T_COUNT; i++)
		if (!strcmp(pm_tables[i].name, name) ||
		    !strcmp(pm_tables[i].singular, name))
			return i;
	return -1;
}

int pm_table_col(const struct pm_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return (int)i;
	return -1;
}

static char *describe(enum pm_table_id t, const char *const *v, char *buf, size_t size,
		      int local)
{
#define S(i) (v[i] ? v[i] : "")
#define TXT(s) (local ? pm_msg(s) : (s))
#define FMT(b, n, f, ...) snprintf(b, n, TXT(f), __VA_ARGS__)
	switch (t) {
	case PM_T_LINKS:
		FMT(buf, size, "%s link '%s' - '%s'",
		    pm_enum_label(pm_link_kinds, S(2), local && pm_messages_lang_now() == PM_LANG_JA),
		    S(0), S(1));
		break;
	case PM_T_INTERACTIONS:
		FMT(buf, size, "interaction with '%s' at %s", S(0), S(1));
		break;
	case PM_T_ACTIONS:
		FMT(buf, size, "action for '%s'%s%s", S(0), v[2] ? TXT(" due ") : "", S(2));
		break;
	case PM_T_PLAN:
		FMT(buf, size, "plan section '%s' of '%s'", S(1), S(0));
		break;
	default:
		FMT(buf, size, "%s '%s'", TXT(pm_tables[t].singular), S(0));
	}
#undef S
#undef TXT
#undef FMT
	return buf;
}

char *pm_record_describe(enum pm_table_id t, const char *const *v, char *buf, size_t size)
{
	return describe(t, v, buf, size, 1);
}

char *pm_record_describe_en(enum pm_table_id t, const char *const *v, char *buf, size_t size)
{
	return describe(t, v, buf, size, 0);
}

int pm_utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t len, k;
		unsigned cp;

		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2; cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3; cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4; cp = c & 0x07;
		} else {
			goto bad;
		}
		if (i + len > n)
			goto bad;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			goto bad;
		i += len;
	}
	return 1;
bad:
	if (bad_offset)
		*bad_offset = i;
	return 0;
}

static int parse_2digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int pm_date_valid(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i, leap;

	for (i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (s[4] != '-' || s[7] != '-')
		return 0;
	y = atoi(s);
	m = parse_2digits(s + 5);
	d = parse_2digits(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static int time_valid(const char *s)
{
	int h = parse_2digits(s), mi;

	if (h < 0 || h > 23 || s[2] != ':')
		return 0;
	mi = parse_2digits(s + 3);
	if (mi < 0 || mi > 59)
		return 0;
	if (s[5] == '\0')
		return 1;
	if (s[5] != ':')
		return 0;
	mi = parse_2digits(s + 6);
	return mi >= 0 && mi <= 60 && s[8] == '\0';
}

static int parse_real(const char *val, double *out)
{
	const char *p;
	char *end;
	double x;

	/* decimal only: strtod would take hex ("0x10"), "inf" and "nan" too */
	for (p = val; *p; p++)
		if (!strchr("0123456789+-.eE", *p))
			return -1;
	errno = 0;
	x = strtod(val, &end);
	if (end == val || *end != '\0' || errno || !isfinite(x))
		return -1;
	*out = x;
	return 0;
}

size_t pm_text_forbidden(const char *s, unsigned *cp_out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (p[i]) {
		unsigned c = p[i], cp;
		size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4, k;

		cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
		for (k = 1; k < len && p[i + k]; k++)
			cp = (cp << 6) | (p[i + k] & 0x3f);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe) {
			*cp_out = cp;
			return i + 1;
		}
		i += k;
	}
	return 0;
}

int pm_value_same(const struct pm_column *col, const char *a, const char *b)
{
	if (!a || !*a || !b || !*b)
		return (!a || !*a) && (!b || !*b);
	if (!strcmp(a, b))
		return 1;
	return (col->type == PM_COL_UNIT || col->type == PM_COL_NUMBER ||
		col->type == PM_COL_POWER) && strtod(a, NULL) == strtod(b, NULL);
}

int pm_value_check(const struct pm_column *col, const char *val,
		   char *why, size_t whysz)
{
	unsigned cp;
	size_t at, bad;

	if (!pm_utf8_valid(val, strlen(val), &bad)) {
		pm_msgf(why, whysz, "%s is not valid UTF-8 (byte %zu)", col->name, bad + 1);
		return PM_EINVAL;
	}
	/* what XML (maps, reports, GraphML) cannot hold, nor a terminal show safely */
	if ((at = pm_text_forbidden(val, &cp)) > 0) {
		pm_msgf(why, whysz, "%s contains U+%04X at byte %zu, %s", col->name, cp, at,
			 pm_msg(cp < 0x20 ? "a control character (only tab and line breaks are allowed)"
				: "which is not a character (a noncharacter)"));
		return PM_EINVAL;
	}
	return pm_value_check_type(col, val, why, whysz);
}

int pm_value_check_type(const struct pm_column *col, const char *val,
			char *why, size_t whysz)
{
	char list[256];
	double x;
	size_t n = strlen(val);
	const char *p;

	switch (col->type) {
	case PM_COL_TEXT:
		return 0;
	case PM_COL_KEY:
	case PM_COL_ORG:
	case PM_COL_PERSON:
		for (p = val; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f) {
				pm_msgf(why, whysz, "key '%s' contains a control character", val);
				return PM_EINVAL;
			}
		return 0;
	case PM_COL_ENUM:
		if (pm_enum_find(col->values, val) >= 0)
			return 0;
		pm_msgf(why, whysz, "unknown %s '%s' (expected one of: %s)", col->name,
			 val, pm_enum_join(col->values, list, sizeof(list)));
		return PM_EINVAL;
	case PM_COL_UNIT:
		if (parse_real(val, &x) == 0 && x >= 0.0 && x <= 1.0)
			return 0;
		pm_msgf(why, whysz, "%s '%s' is not a number between 0 and 1", col->name, val);
		return PM_EINVAL;
	case PM_COL_NUMBER:
		/* numbers are kept as doubles: integers beyond 2^53 would change */
		if (parse_real(val, &x) == 0 && x >= 0.0 && x > 9007199254740992.0 &&
		    !strpbrk(val, ".eE")) {
			pm_msgf(why, whysz, "%s '%s' has more digits than powermap keeps "
				 "exactly (integers up to 9007199254740992)", col->name, val);
			return PM_EINVAL;
		}
		if (parse_real(val, &x) == 0 && x >= 0.0)
			return 0;
		pm_msgf(why, whysz, "%s '%s' is not a non-negative number", col->name, val);
		return PM_EINVAL;
	case PM_COL_POWER:
		if (n == 1 && val[0] >= '1' && val[0] <= '5')
			return 0;
		pm_msgf(why, whysz, "power '%s' is not an integer from 1 to 5", val);
		return PM_EINVAL;
	case PM_COL_DATE:
		if (n == 10 && pm_date_valid(val))
			return 0;
		pm_msgf(why, whysz, "%s '%s' is not a valid date (YYYY-MM-DD)", col->name, val);
		return PM_EINVAL;
	case PM_COL_DATETIME:
		if (n >= 10 && pm_date_valid(val) &&
		    (n == 10 || ((val[10] == 'T' || val[10] == ' ') && time_valid(val + 11))))
			return 0;
		pm_msgf(why, whysz,
			 "%s '%s' is not a valid date or date-time (YYYY-MM-DD[THH:MM[:SS]])",
			 col->name, val);
		return PM_EINVAL;
	}
	pm_msgf(why, whysz, "bad column type");
	return PM_EINVAL;
}
