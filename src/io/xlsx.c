/*
 * powermap — Excel workbooks as CSV text (see xlsx.h).
 *
 * An .xlsx file is a zip archive of XML parts (ECMA-376, "Office Open
 * XML"): xl/workbook.xml names the sheets in tab order and points through
 * xl/_rels/workbook.xml.rels to each sheet's part; xl/sharedStrings.xml
 * holds the texts cells refer to by number; xl/styles.xml the number
 * formats that make a number a date. libzip reads the parts, libxml2's
 * streaming reader parses them (no DTD, no entities, no network), and every
 * part is read whole but at most PART_MAX bytes: a crafted archive cannot
 * make us inflate gigabytes.
 */
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "powermap/kit.h"
#include "powermap/xlsx.h"
#include "sheet_csv.h"

#define PART_MAX (256u << 20)     /* the largest part inflated */
#define COLS_MAX 16384            /* Excel's last column, XFD */
#define ROWS_MAX 1048576          /* Excel's last row */

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* What a cell style's number format shows: a number, a date, a date and a time. */
enum shown { SHOWN_NUMBER, SHOWN_DATE, SHOWN_DATETIME };

struct book {
	const char *path;
	struct pm_error *err;
	zip_t *zip;
	char **strings;                /* shared strings */
	size_t nstrings, strings_cap;
	unsigned char *styles;         /* cellXfs index -> enum shown */
	size_t nstyles, styles_cap;
	int date1904;
};

/* A sheet named by the workbook, with the part that holds it. */
struct sheet_ref {
	char *name, *rid, *part;
};

static int fail(struct book *b, const char *fmt, const char *what)
{
	return pm_error_set(b->err, PM_EINVAL, fmt, b->path, what);
}

static int nomem(struct book *b)
{
	return pm_error_set(b->err, PM_ENOMEM, "out of memory");
}

/* Part `name` inflated into *out (NUL-terminated). 0; 1 when there is no such part; < 0. */
static int read_part(struct book *b, const char *name, char **out, size_t *len)
{
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t i = zip_name_locate(b->zip, name, 0), got;
	char *buf;

	*out = NULL;
	if (i < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(b->zip, (zip_uint64_t)i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
		return fail(b, "%s: not a readable workbook (part %s)", name);
	if (st.size > PART_MAX)
		return fail(b, "%s: part %s is too large to read (over 256 MiB)", name);
	if (!(buf = malloc((size_t)st.size + 1)))
		return nomem(b);
	if (!(f = zip_fopen_index(b->zip, (zip_uint64_t)i, 0))) {
		free(buf);
		return fail(b, "%s: not a readable workbook (part %s)", name);
	}
	got = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		return fail(b, "%s: not a readable workbook (part %s is damaged)", name);
	}
	buf[got] = '\0';
	*out = buf;
	*len = (size_t)got;
	return 0;
}

/*
 * Part `name` inflated into *text and a streaming reader over it into *r.
 * 0; 1 when there is no such part; < 0 (err set).
 */
static int open_part(struct book *b, const char *name, char **text, xmlTextReaderPtr *r)
{
	size_t len = 0;
	int rc;

	*r = NULL;
	if ((rc = read_part(b, name, text, &len)) != 0)
		return rc;
	if (!(*r = xmlReaderForMemory(*text, (int)len, name, NULL, XML_PARSE_NONET |
				      XML_PARSE_NOERROR | XML_PARSE_NOWARNING))) {
		free(*text);
		*text = NULL;
		return nomem(b);
	}
	return 0;
}

/* The end of a reader's walk: 0, or the error of a malformed part. */
static int xml_done(struct book *b, xmlTextReaderPtr r, int ret, const char *name)
{
	xmlFreeTextReader(r);
	return ret < 0 ? fail(b, "%s: not a readable workbook (part %s is not well-formed XML)", name)
		       : 0;
}

static int is(xmlTextReaderPtr r, const char *local)
{
	const xmlChar *n = xmlTextReaderConstLocalName(r);

	return n && !strcmp((const char *)n, local);
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* --- the shared strings: <si> of <t> runs; <rPh> (furigana) left out --- */

static int read_strings(struct book *b, const char *part)
{
	struct pm_strbuf s = PM_STRBUF_INIT;
	xmlTextReaderPtr r;
	char *text;
	int rc, ret, in_si = 0, in_t = 0, rph = 0;

	if ((rc = open_part(b, part, &text, &r)) != 0)
		return rc > 0 ? 0 : rc;   /* a workbook of numbers only has none */
	while ((ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (is(r, "si")) {
				pm_strbuf_reset(&s);
				in_si = 1;
				if (empty)
					goto keep;
			} else if (is(r, "rPh") && !empty) {
				rph++;
			} else if (is(r, "t") && !empty) {
				in_t = 1;
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (is(r, "t"))
				in_t = 0;
			else if (is(r, "rPh"))
				rph--;
			else if (is(r, "si") && in_si)
				goto keep;
			continue;
		}
		if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		     type == XML_READER_TYPE_CDATA) && in_si && in_t && !rph)
			pm_strbuf_puts(&s, (const char *)xmlTextReaderConstValue(r));
		continue;
keep:
		in_si = 0;
		if (PM_GROW(b->strings, b->strings_cap, b->nstrings + 1) < 0 ||
		    !(b->strings[b->nstrings] = strdup(pm_strbuf_str(&s))) || s.oom) {
			ret = -2;
			break;
		}
		b->nstrings++;
	}
	pm_strbuf_release(&s);
	free(text);
	if (ret == -2) {
		xmlFreeTextReader(r);
		return nomem(b);
	}
	return xml_done(b, r, ret, part);
}

/* --- styles: which cell formats show a date --- */

/* Built-in number formats that show dates (ECMA-376 18.8.30; 27-36 and 50-58: CJK). */
static enum shown builtin_shown(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return SHOWN_DATE;
	if (id == 22)
		return SHOWN_DATETIME;
	return SHOWN_NUMBER;   /* 18-21, 45-47: times of day; the rest numbers */
}

/* A format code's date parts, outside quoted text, escapes and [colour]/[$-411] tags. */
static enum shown code_shown(const char *code)
{
	int date = 0, time = 0;
	const char *p;

	for (p = code; *p; p++) {
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				;
			if (!*p)
				break;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (!*++p)
				break;
		} else if (*p == '[') {
			/* [h], [mm], [ss]: elapsed time, a number; [Red], [$-411]: none */
			for (p++; *p && *p != ']'; p++)
				;
			if (!*p)
				break;
		} else if (*p == ';') {
			break;   /* the first section decides */
		} else if (strchr("yYdDeEgG", *p)) {
			date = 1;
		} else if (strchr("hHsS", *p)) {
			time = 1;
		}
	}
	return !date ? SHOWN_NUMBER : time ? SHOWN_DATETIME : SHOWN_DATE;
}

static int read_styles(struct book *b, const char *part)
{
	xmlTextReaderPtr r;
	long *ids = NULL;
	unsigned char *custom = NULL;
	size_t nids = 0, ids_cap = 0, ncustom = 0, custom_cap = 0, i;
	char *text;
	int rc, ret, in_xfs = 0;

	if ((rc = open_part(b, part, &text, &r)) != 0)
		return rc > 0 ? 0 : rc;
	while ((ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_END_ELEMENT && is(r, "cellXfs"))
			in_xfs = 0;
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (is(r, "cellXfs")) {
			in_xfs = !xmlTextReaderIsEmptyElement(r);
		} else if (is(r, "numFmt")) {
			/* custom formats: ids of 164 and up */
			char *id = attr(r, "numFmtId"), *code = attr(r, "formatCode");
			long n = id ? strtol(id, NULL, 10) : -1;
			if (n >= 0 && n < 65536 && code) {
				if (PM_GROW(custom, custom_cap, (size_t)n + 1) < 0) {
					ret = -2;
				} else {
					while (ncustom <= (size_t)n)
						custom[ncustom++] = 0xff;   /* not defined */
					custom[n] = (unsigned char)code_shown(code);
				}
			}
			xmlFree(id);
			xmlFree(code);
			if (ret == -2)
				break;
		} else if (is(r, "xf") && in_xfs) {
			char *id = attr(r, "numFmtId");
			if (PM_GROW(ids, ids_cap, nids + 1) < 0) {
				xmlFree(id);
				ret = -2;
				break;
			}
			ids[nids++] = id ? strtol(id, NULL, 10) : 0;
			xmlFree(id);
		}
	}
	free(text);
	if (ret != -2 && PM_GROW(b->styles, b->styles_cap, nids + 1) < 0)
		ret = -2;
	for (i = 0; ret != -2 && i < nids; i++)
		b->styles[i] = (unsigned char)(ids[i] >= 0 && (size_t)ids[i] < ncustom &&
					       custom[ids[i]] != 0xff
					       ? custom[ids[i]] : builtin_shown(ids[i]));
	if (ret != -2)
		b->nstyles = nids;
	free(ids);
	free(custom);
	if (ret == -2) {
		xmlFreeTextReader(r);
		return nomem(b);
	}
	return xml_done(b, r, ret, part);
}

/* --- the workbook: sheet names in tab order, and their parts --- */

/* A relationship's target as a part name: relative to xl/, or absolute from the root. */
static char *part_name(const char *target)
{
	char *s;

	if (target[0] == '/')
		return strdup(target + 1);
	if (!(s = malloc(strlen(target) + 4)))
		return NULL;
	strcpy(s, "xl/");
	strcat(s, target);
	return s;
}

static void refs_free(struct sheet_ref *refs, size_t n)
{
	size_t i;

	for (i = 0; refs && i < n; i++) {
		xmlFree(refs[i].name);
		xmlFree(refs[i].rid);
		free(refs[i].part);
	}
	free(refs);
}

/*
 * The visible sheets of xl/workbook.xml with their parts (from its
 * relationships), the date system, and the parts of the shared strings and
 * styles (NULL: the usual names).
 */
static int read_workbook(struct book *b, struct sheet_ref **out, size_t *nout,
			 char **strings_part, char **styles_part)
{
	struct sheet_ref *refs = NULL;
	size_t n = 0, cap = 0, i;
	xmlTextReaderPtr r;
	char *text;
	int rc, ret;

	*out = NULL;
	*nout = 0;
	if ((rc = open_part(b, "xl/workbook.xml", &text, &r)) != 0)
		return rc > 0 ? fail(b, "%s: not an Excel workbook (no %s)", "xl/workbook.xml") : rc;
	while ((ret = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (is(r, "workbookPr")) {
			char *d = attr(r, "date1904");
			b->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
			xmlFree(d);
		} else if (is(r, "sheet")) {
			char *state = attr(r, "state");
			int hidden = state && strcmp(state, "visible");
			xmlFree(state);
			if (hidden)
				continue;
			if (PM_GROW(refs, cap, n + 1) < 0) {
				ret = -2;
				break;
			}
			refs[n].name = attr(r, "name");
			refs[n].rid = (char *)xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id",
									  (const xmlChar *)NS_REL);
			refs[n].part = NULL;
			n++;
			if (!refs[n - 1].name || !refs[n - 1].rid) {
				ret = -3;
				break;
			}
		}
	}
	xmlFreeTextReader(r);
	free(text);
	if (ret == -2) {
		refs_free(refs, n);
		return nomem(b);
	}
	if (ret < 0) {
		refs_free(refs, n);
		return fail(b, "%s: not a readable workbook (part %s is not well-formed XML or "
			    "names a sheet without its part)", "xl/workbook.xml");
	}
	/* the relationships: sheet parts, shared strings, styles */
	if ((rc = open_part(b, "xl/_rels/workbook.xml.rels", &text, &r)) != 0) {
		refs_free(refs, n);
		return rc > 0 ? fail(b, "%s: not an Excel workbook (no %s)",
				     "xl/_rels/workbook.xml.rels") : rc;
	}
	while ((ret = xmlTextReaderRead(r)) == 1) {
		char *id, *target, *type;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || !is(r, "Relationship"))
			continue;
		id = attr(r, "Id");
		target = attr(r, "Target");
		type = attr(r, "Type");
		if (id && target && type) {
			size_t tl = strlen(type);
			char **slot = NULL;
			for (i = 0; i < n; i++)
				if (!refs[i].part && !strcmp(refs[i].rid, id))
					slot = &refs[i].part;
			if (!slot && tl >= 14 && !strcmp(type + tl - 14, "/sharedStrings"))
				slot = strings_part;
			if (!slot && tl >= 7 && !strcmp(type + tl - 7, "/styles"))
				slot = styles_part;
			if (slot && !*slot && !(*slot = part_name(target)))
				ret = -2;
		}
		xmlFree(id);
		xmlFree(target);
		xmlFree(type);
		if (ret == -2)
			break;
	}
	free(text);
	if (ret == -2) {
		xmlFreeTextReader(r);
		refs_free(refs, n);
		return nomem(b);
	}
	if ((rc = xml_done(b, r, ret, "xl/_rels/workbook.xml.rels")) < 0) {
		refs_free(refs, n);
		return rc;
	}
	for (i = 0; i < n; i++)
		if (!refs[i].part) {
			rc = fail(b, "%s: not a readable workbook (sheet '%s' has no part)",
				  refs[i].name);
			refs_free(refs, n);
			return rc;
		}
	*out = refs;
	*nout = n;
	return 0;
}

/* --- a worksheet --- */

/* A cell reference's column (A1 -> 0, AB7 -> 27); -1 when it has none. */
static long column_of(const char *ref)
{
	long c = 0;
	int any = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, any = 1)
		if ((c = c * 26 + (*ref - 'A' + 1)) > COLS_MAX)
			return -1;
	return any ? c - 1 : -1;
}

/* A serial day number of the workbook's date system as YYYY-MM-DD[THH:MM]. */
static int date_text(const struct book *b, double serial, enum shown shown, char out[64])
{
	long minutes = lround(serial * 1440.0), days = minutes / 1440, m = minutes % 1440;
	long y, mo, d, z, era, doe, yoe, doy, mp;

	if (serial < 0 || serial > 2958466.0)   /* 9999-12-31 */
		return 0;
	/* days from 1970-01-01: 1900 system from 1899-12-30 (Excel's 1900-02-29
	 * is serial 60; serials before it count from 1899-12-31), 1904 from 1904-01-01 */
	if (b->date1904)
		z = days - 24107;
	else
		z = days - 25569 + (days < 60 ? 1 : 0);
	/* civil date from days (H. Hinnant's algorithm) */
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	mo = mp < 10 ? mp + 3 : mp - 9;
	y += mo <= 2;
	if (shown == SHOWN_DATETIME && m)
		snprintf(out, 64, "%04ld-%02ld-%02ldT%02ld:%02ld", y, mo, d, m / 60, m % 60);
	else
		snprintf(out, 64, "%04ld-%02ld-%02ld", y, mo, d);
	return 1;
}

/* A number as Excel stored it, in the fewest digits that read back the same. */
static void number_text(const char *v, char out[40])
{
	char *end;
	double x = strtod(v, &end);

	if (end == v || *end || !isfinite(x))
		snprintf(out, 40, "%s", v);
	else
		pm_sheet_number(x, out);
}

/* A cell's text from its type t, style s and value (or inline text). */
static int cell_value(struct book *b, const char *t, long style, const char *value,
		      struct pm_strbuf *dst)
{
	char buf[40];

	if (!t || !strcmp(t, "n")) {
		enum shown shown = style >= 0 && (size_t)style < b->nstyles ? b->styles[style]
									  : SHOWN_NUMBER;
		char *end;
		double x = strtod(value, &end);
		char date[64];
		if (!*value)
			return 0;
		if (shown != SHOWN_NUMBER && end != value && !*end &&
		    date_text(b, x, shown, date))
			return pm_strbuf_puts(dst, date);
		number_text(value, buf);
		return pm_strbuf_puts(dst, buf);
	}
	if (!strcmp(t, "s")) {
		char *end;
		long i = strtol(value, &end, 10);
		if (end == value || *end || i < 0 || (size_t)i >= b->nstrings)
			return 1;
		return pm_strbuf_puts(dst, b->strings[i]);
	}
	if (!strcmp(t, "b"))
		return pm_strbuf_puts(dst, !strcmp(value, "1") ? "TRUE" : "FALSE");
	/* str (a formula's text), inlineStr, e (#N/A ...), d (ISO date): as written */
	return pm_strbuf_puts(dst, value);
}

static int read_sheet(struct book *b, const char *part, struct pm_xlsx_sheet *out)
{
	struct pm_sheet_csv w;
	struct pm_strbuf value = PM_STRBUF_INIT, *cell;
	xmlTextReaderPtr r;
	char *text, *t = NULL;
	size_t row = 0;
	long col = -1, style = -1;
	int rc, ret, in_v = 0, in_t = 0, rph = 0, in_c = 0, bad = 0;

	memset(&w, 0, sizeof(w));
	if ((rc = open_part(b, part, &text, &r)) != 0)
		return rc > 0 ? fail(b, "%s: not a readable workbook (no part %s)", part) : rc;
	while ((ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (is(r, "row")) {
				char *ra = attr(r, "r");
				size_t next = ra ? strtoul(ra, NULL, 10) : row + 1;
				xmlFree(ra);
				if (next <= row || next > ROWS_MAX) {
					bad = 1;
					break;
				}
				row = next;
				w.ncells = 0;
				col = -1;
				if (empty && (ret = pm_sheet_row_end(&w, row)) < 0)
					break;
			} else if (is(r, "c") && row) {
				char *ref = attr(r, "r"), *s = attr(r, "s");
				long c = ref ? column_of(ref) : col + 1;
				xmlFree(ref);
				style = s ? strtol(s, NULL, 10) : -1;
				xmlFree(s);
				xmlFree(t);
				t = attr(r, "t");
				if (c < 0 || c <= col || c >= COLS_MAX) {
					bad = 1;
					break;
				}
				col = c;
				pm_strbuf_reset(&value);
				in_c = !empty;
			} else if (in_c && is(r, "v") && !empty) {
				in_v = 1;
			} else if (in_c && is(r, "rPh") && !empty) {
				rph++;
			} else if (in_c && is(r, "t") && !empty) {
				in_t = 1;
			}
			continue;
		}
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (is(r, "v")) {
				in_v = 0;
			} else if (is(r, "t")) {
				in_t = 0;
			} else if (is(r, "rPh")) {
				rph--;
			} else if (is(r, "c") && in_c) {
				in_c = 0;
				if (!(cell = pm_sheet_cell(&w, (size_t)col))) {
					ret = PM_ENOMEM;
					break;
				}
				if (cell_value(b, t, style, pm_strbuf_str(&value), cell) > 0) {
					bad = 2;
					break;
				}
			} else if (is(r, "row")) {
				if ((ret = pm_sheet_row_end(&w, row)) < 0)
					break;
			}
			continue;
		}
		if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		     type == XML_READER_TYPE_CDATA) && in_c && (in_v || (in_t && !rph)))
			pm_strbuf_puts(&value, (const char *)xmlTextReaderConstValue(r));
	}
	xmlFree(t);
	free(text);
	pm_strbuf_release(&value);
	if (ret == PM_ENOMEM || w.csv.oom || value.oom) {
		xmlFreeTextReader(r);
		rc = nomem(b);
	} else if (bad) {
		xmlFreeTextReader(r);
		rc = fail(b, bad == 2 ? "%s: not a readable workbook (part %s: a cell names a "
					"text that is not there)"
				      : "%s: not a readable workbook (part %s: rows or cells out "
					"of order)", part);
	} else {
		rc = xml_done(b, r, ret, part);
	}
	if (rc < 0) {
		pm_sheet_release(&w);
		return rc;
	}
	return pm_sheet_finish(&w, out) < 0 ? nomem(b) : 0;
}

void pm_xlsx_free(struct pm_xlsx_sheet *sheets, size_t n)
{
	size_t i;

	for (i = 0; sheets && i < n; i++) {
		free(sheets[i].name);
		free(sheets[i].csv);
		free(sheets[i].rows);
	}
	free(sheets);
}

int pm_xlsx_read(const char *path, struct pm_xlsx_sheet **sheets, size_t *n,
		 struct pm_error *err)
{
	struct book b;
	struct sheet_ref *refs = NULL;
	struct pm_xlsx_sheet *out = NULL;
	char *strings_part = NULL, *styles_part = NULL;
	size_t nrefs = 0, i;
	int zerr = 0, rc;

	*sheets = NULL;
	*n = 0;
	memset(&b, 0, sizeof(b));
	b.path = path;
	b.err = err;
	if (!(b.zip = zip_open(path, ZIP_RDONLY, &zerr)))
		return pm_error_set(err, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ||
				    zerr == ZIP_ER_NOENT ? PM_EIO : PM_EINVAL,
				    zerr == ZIP_ER_NOENT ? "cannot open '%s': no such file"
				    : zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ
				    ? "cannot read '%s'"
				    : "%s: not a readable workbook (not a zip archive, or a damaged one)",
				    path);
	if ((rc = read_workbook(&b, &refs, &nrefs, &strings_part, &styles_part)) < 0 ||
	    (rc = read_strings(&b, strings_part ? strings_part : "xl/sharedStrings.xml")) < 0 ||
	    (rc = read_styles(&b, styles_part ? styles_part : "xl/styles.xml")) < 0)
		goto out;
	if (!(out = calloc(nrefs + 1, sizeof(*out)))) {
		rc = nomem(&b);
		goto out;
	}
	for (i = 0; i < nrefs; i++) {
		if (!(out[i].name = strdup(refs[i].name))) {
			rc = nomem(&b);
			goto out;
		}
		if ((rc = read_sheet(&b, refs[i].part, &out[i])) < 0)
			goto out;
	}
	*sheets = out;
	*n = nrefs;
	out = NULL;
	rc = 0;
out:
	pm_xlsx_free(out, nrefs);
	refs_free(refs, nrefs);
	free(strings_part);
	free(styles_part);
	for (i = 0; i < b.nstrings; i++)
		free(b.strings[i]);
	free(b.strings);
	free(b.styles);
	zip_discard(b.zip);
	return rc;
}
