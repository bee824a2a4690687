/*
 * libFuzzer target: a name on the map. The input is a person's name (and,
 * after a NUL, their title): stored through the same validation as `add`
 * (refused text is skipped), drawn on a two-person map with Graphviz, and
 * the SVG must parse as XML (libxml2) and show the name as typed in a text
 * element, and in the node's tooltip. Built by `make fuzz`; slow (a layout
 * per input), so it runs fewer inputs than the others.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "powermap/analysis.h"
#include "powermap/kit.h"
#include "powermap/map_select.h"
#include "powermap/params.h"
#include "powermap/render.h"
#include "powermap/store.h"

static char db[256];

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_map: %s: %s\n", what, detail ? detail : "");
	abort();
}

static void put(struct pm_store *st, enum pm_table_id t, const char **v)
{
	struct pm_error err;

	if (pm_store_put(st, t, v, PM_PUT_UPSERT, NULL, NULL, &err) < 0)
		die("seed", err.msg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *o1[] = { "fz", "Fuzz Co", "customer", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *o2[] = { "us", "Us", "own", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *p1[] = { "a", "A", "fz", NULL, NULL, NULL, NULL, "champion", "supporter", "3", NULL };
	const char *p2[] = { "me", "Me", "us", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	const char *l1[] = { "me", "a", "knows", "0.5", "2026-11-01", "crm", NULL };
	struct pm_store *st;
	struct pm_error err;

	(void)argc;
	(void)argv;
	snprintf(db, sizeof(db), "/tmp/pm-fuzz-map-%d.db", (int)getpid());
	unlink(db);
	if (pm_store_open(db, PM_STORE_CREATE, &st, &err) < 0)
		die("open", err.msg);
	put(st, PM_T_ORGS, o1);
	put(st, PM_T_ORGS, o2);
	put(st, PM_T_PEOPLE, p1);
	put(st, PM_T_PEOPLE, p2);
	put(st, PM_T_LINKS, l1);
	pm_store_close(st);
	return 0;
}

/* Whether `want` (line by line: Graphviz draws each line apart) is in the texts. */
static int shown(const char *texts, const char *want)
{
	char *copy = strdup(want), *line, *save = NULL;
	int ok = 1;

	for (line = strtok_r(copy, "\n", &save); line && ok; line = strtok_r(NULL, "\n", &save)) {
		/* Graphviz trims the ends of a text line */
		while (*line == ' ')
			line++;
		size_t n = strlen(line);
		while (n && line[n - 1] == ' ')
			line[--n] = '\0';
		ok = !*line || strstr(texts, line) != NULL;
	}
	free(copy);
	return ok;
}

static void collect(xmlNode *n, struct pm_strbuf *texts, struct pm_strbuf *tips)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content) {
			pm_strbuf_puts(texts, (const char *)n->content);
			pm_strbuf_puts(texts, "\n");
		}
		if (n->type == XML_ELEMENT_NODE) {
			for (xmlAttr *a = n->properties; a; a = a->next)
				if (!strcmp((const char *)a->name, "title") && a->children &&
				    a->children->content) {
					pm_strbuf_puts(tips, (const char *)a->children->content);
					pm_strbuf_puts(tips, "\n");
				}
			collect(n->children, texts, tips);
		}
	}
}

/*
 * Without the invisible word joiners powermap puts after backslashes, and
 * with Graphviz's no-break spaces (it writes a run of spaces as " &#160;")
 * as the spaces they show.
 */
static void strip_wj(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (!strncmp(s, "\xe2\x81\xa0", 3)) {
			s += 2;
			continue;
		}
		if (!strncmp(s, "\xc2\xa0", 2)) {
			*d++ = ' ';
			s++;
			continue;
		}
		*d++ = *s;
	}
	*d = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 2), *name, *title, *svg = NULL, *msgs = NULL, *texts, *tips;
	const char *p1[] = { "a", NULL, "fz", NULL, NULL, NULL, NULL, "champion", "supporter", "3", NULL };
	struct pm_store *st = NULL;
	struct pm_rank *rank = NULL;
	struct pm_selection *sel = NULL;
	struct pm_map *m = NULL;
	struct pm_select_opts so;
	struct pm_params p;
	struct pm_error err;
	struct pm_strbuf tx = PM_STRBUF_INIT, tp = PM_STRBUF_INIT;
	size_t len = 0;
	xmlDoc *doc;

	if (size > 512) {
		free(in);
		return 0;
	}
	memcpy(in, data, size);
	in[size] = in[size + 1] = '\0';
	name = in;
	title = in + strlen(in) + 1 <= in + size ? in + strlen(in) + 1 : NULL;
	p1[1] = name;
	p1[3] = title && *title ? title : NULL;
	if (pm_store_open(db, 0, &st, &err) < 0)
		die("open", err.msg);
	/* the validation every command and import uses; refused text is not drawn */
	if (!*name || pm_store_put(st, PM_T_PEOPLE, p1, PM_PUT_UPSERT, NULL, NULL, &err) < 0)
		goto out;
	pm_params_default(&p, "2026-11-28");
	pm_select_opts_default(&so);
	if (pm_rank(st, "fz", &p, 0, &rank, &err) < 0 || pm_select_map(st, rank, NULL, &so, &sel, &err) < 0 ||
	    pm_map_build(sel, &p, "en", &m, &err) < 0)
		die("map", err.msg);
	if (pm_map_render(m, "dot", "svg", &svg, &len, &msgs, &err) < 0)
		die("graphviz failed", err.msg);
	doc = xmlReadMemory(svg, (int)len, "map.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);
	if (!doc)
		die("the SVG is not XML", name);
	collect(xmlDocGetRootElement(doc), &tx, &tp);
	xmlFreeDoc(doc);
	texts = pm_strbuf_detach(&tx);
	tips = pm_strbuf_detach(&tp);
	strip_wj(texts);
	strip_wj(tips);
	{
		/* tabs print as spaces, CRs not at all (CR LF is a line break);
		   other control characters are refused on input */
		char *want = strdup(name), *q, *d;
		for (q = d = want; *q; q++)
			if (*q != '\r')
				*d++ = *q == '\t' ? ' ' : *q;
		*d = '\0';
		if (!shown(texts, want))
			die("the name is not shown as typed", name);
		if (!shown(tips, want))
			die("the name is not in its tooltip as typed", name);
		free(want);
	}
	free(texts);
	free(tips);
out:
	free(svg);
	free(msgs);
	pm_map_free(m);
	pm_selection_free(sel);
	pm_rank_free(rank);
	pm_store_close(st);
	free(in);
	return 0;
}
