/* powermap CLI — aligned tables with correct widths for CJK text. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "powermap/table.h"
#include "cli.h"

struct cli_table {
	size_t ncols, nrows, cap;
	char **cells;    /* (nrows + 1) * ncols, row 0 is the header */
};

/* Decode one UTF-8 code point; returns its length (1 on bad input). */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
		      ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
		return 4;
	}
	*cp = '?';
	return 1;
}

/* Width of one code point: 0 for combining marks, 2 for East Asian wide. */
static int cp_width(unsigned c)
{
	if (c == 0 || (c >= 0x300 && c <= 0x36f) || c == 0x200b || c == 0x200d ||
	    (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) ||
	    (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

size_t cli_display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	unsigned cp;

	while (*p) {
		p += utf8_next(p, &cp);
		w += (size_t)cp_width(cp);
	}
	return w;
}

/* Marks a Japanese line does not start with: 、。，．）」』】〕！？ and ASCII ,.)!?: */
static int no_line_start(unsigned cp)
{
	static const unsigned marks[] = { 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF09, 0x300D,
					  0x300F, 0x3011, 0x3015, 0xFF01, 0xFF1F, 0x30FC,
					  ',', '.', ')', '!', '?', ':', ';' };
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (cp == marks[i])
			return 1;
	return 0;
}

void cli_wrap(FILE *f, const char *text, size_t indent, size_t width)
{
	const unsigned char *p = (const unsigned char *)text;

	while (*p) {
		/* one line of the text, cut into pieces of at most `width` columns */
		const unsigned char *start = p, *space = NULL, *q = p;
		size_t w = 0;
		unsigned cp;
		int n;
		while (*q && *q != '\n') {
			n = utf8_next(q, &cp);
			if (w + (size_t)cp_width(cp) > width && q > start)
				break;
			if (cp == ' ')
				space = q;
			w += (size_t)cp_width(cp);
			q += n;
		}
		if (*q && *q != '\n' && space && space > start)
			q = space;   /* a Latin word stays whole; Japanese breaks anywhere */
		/* but no line starts with a closing mark (kinsoku): it stays on this one */
		while (*q && *q != '\n' && (n = utf8_next(q, &cp)) > 0 && no_line_start(cp))
			q += n;
		fprintf(f, "%*s%.*s\n", (int)indent, "", (int)(q - start), (const char *)start);
		p = q;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
	}
}

char *cli_clean_keep(const char *s, int keep_newlines)
{
	char *d = strdup(s ? s : "");
	unsigned char *p;

	if (!d)
		return NULL;
	for (p = (unsigned char *)d; *p; p++) {
		if ((*p < 0x20 && !(keep_newlines && *p == '\n')) || *p == 0x7f)
			*p = ' ';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = ' ', p[1] = ' ';   /* C1 controls (CSI is U+009B) */
	}
	return d;
}

char *cli_clean(const char *s)
{
	return cli_clean_keep(s, 0);
}

/* Copy `s` with control characters (newlines, tabs) shown as spaces. */
static char *cell_dup(const char *s)
{
	return cli_clean(s);
}

struct cli_table *cli_table_new(size_t ncols, const char *const *header)
{
	struct cli_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->ncols = ncols;
	if (cli_table_add(t, header) < 0) {
		free(t->cells);
		free(t);
		return NULL;
	}
	t->nrows = 0;
	return t;
}

int cli_table_add(struct cli_table *t, const char *const *cells)
{
	size_t i, row = t->cells ? t->nrows + 1 : 0;

	if ((row + 1) * t->ncols > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16 * t->ncols;
		char **c = realloc(t->cells, cap * sizeof(*c));
		if (!c)
			return PM_ENOMEM;
		t->cells = c;
		t->cap = cap;
	}
	for (i = 0; i < t->ncols; i++)
		if (!(t->cells[row * t->ncols + i] = cell_dup(cells[i]))) {
			while (i-- > 0)
				free(t->cells[row * t->ncols + i]);
			return PM_ENOMEM;
		}
	t->nrows = row;
	return 0;
}

/* Print `s` in at most `width` columns, padded to `width` unless last. */
static void print_cell(FILE *f, const char *s, size_t width, int last)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = cli_display_width(s), used = 0;
	unsigned cp;

	if (w <= width) {
		fputs(s, f);
		used = w;
	} else {
		while (*p) {
			size_t len = utf8_next(p, &cp);
			size_t cw = (size_t)cp_width(cp);
			if (used + cw > width - 1)
				break;
			fwrite(p, 1, len, f);
			used += cw;
			p += len;
		}
		fputs("…", f);
		used++;
	}
	if (!last)
		for (; used < width; used++)
			fputc(' ', f);
}

size_t cli_width(void)
{
	static size_t width;
	struct winsize ws;

	if (!width)
		width = isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) &&
			ws.ws_col ? (ws.ws_col < 80 ? 80 : ws.ws_col) : 100;
	return width;
}

void cli_table_print(struct cli_table *t, FILE *f, size_t max_width)
{
	size_t *w = calloc(t->ncols, sizeof(*w));
	size_t r, i, total;

	if (!w)
		return;
	for (r = 0; r <= t->nrows; r++)
		for (i = 0; i < t->ncols; i++) {
			size_t cw = cli_display_width(t->cells[r * t->ncols + i]);
			if (cw > w[i])
				w[i] = cw;
		}
	for (;;) {
		size_t widest = 0;
		total = 0;
		/* the first column (usually the key) is never shortened */
		for (i = 0; i < t->ncols; i++) {
			total += w[i] + (i ? 2 : 0);
			if (i && (!widest || w[i] > w[widest]))
				widest = i;
		}
		if (!widest)
			break;
		if (!max_width || total <= max_width || w[widest] <= 8)
			break;
		w[widest]--;
	}
	for (r = 0; r <= t->nrows; r++) {
		/* no trailing spaces: stop after the last non-empty cell */
		size_t last = t->ncols;
		while (last > 1 && !*t->cells[r * t->ncols + last - 1])
			last--;
		for (i = 0; i < last; i++) {
			if (i)
				fputs("  ", f);
			print_cell(f, t->cells[r * t->ncols + i], w[i], i + 1 == last);
		}
		fputc('\n', f);
	}
	free(w);
}

void cli_table_free(struct cli_table *t)
{
	size_t i;

	if (!t)
		return;
	if (t->cells)
		for (i = 0; i < (t->nrows + 1) * t->ncols; i++)
			free(t->cells[i]);
	free(t->cells);
	free(t);
}
