/*
 * libFuzzer target: the escaping of text for XML/HTML, Graphviz HTML labels
 * and Graphviz strings (kit.h, pm_strbuf_add_escaped). For any UTF-8 text:
 * the XML forms hold no bare markup character and every '&' starts one of
 * our entities; decoding each form gives back the text as typed (less the
 * control characters each form drops). Built by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/table.h"

#define WJ "\xe2\x81\xa0"

static void fail(const char *mode, const char *in, const char *out, const char *why)
{
	fprintf(stderr, "%s: %s\n  in:  '%s'\n  out: '%s'\n", mode, why, in, out);
	abort();
}

/* Decode entities (and, for Graphviz, <BR/>, \\n, "\\" WJ) back to text. */
static char *decode(const char *s, enum pm_escape where, const char *in)
{
	static const struct { const char *ent, *ch; } ents[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" },
		{ "&#93;", "]" },
	};
	struct pm_strbuf sb = PM_STRBUF_INIT;
	size_t i, k;

	for (i = 0; s[i];) {
		if (s[i] == '&') {
			for (k = 0; k < 6; k++)
				if (!strncmp(s + i, ents[k].ent, strlen(ents[k].ent)))
					break;
			if (k == 6 || (k == 5 && where != PM_ESC_GV_HTML))
				fail("escape", in, s, "a bare '&'");
			pm_strbuf_puts(&sb, ents[k].ch);
			i += strlen(ents[k].ent);
		} else if (where == PM_ESC_GV_HTML && !strncmp(s + i, "<BR/>", 5)) {
			pm_strbuf_puts(&sb, "\n");
			i += 5;
		} else if (where != PM_ESC_GV_STRING && (s[i] == '<' || s[i] == '>' ||
							 s[i] == '"' || s[i] == '\'')) {
			fail("escape", in, s, "bare markup");
		} else if (where != PM_ESC_XML && !strncmp(s + i, "\\" WJ, 4)) {
			pm_strbuf_puts(&sb, "\\");
			i += 4;
		} else if (where == PM_ESC_GV_STRING && !strncmp(s + i, "\\\\" WJ, 5)) {
			pm_strbuf_puts(&sb, "\\");
			i += 5;
		} else if (where == PM_ESC_GV_STRING && !strncmp(s + i, "\\n", 2)) {
			pm_strbuf_puts(&sb, "\n");
			i += 2;
		} else if (where != PM_ESC_XML && s[i] == '\\') {
			fail("escape", in, s, "a backslash Graphviz would read");
		} else {
			pm_strbuf_add(&sb, s + i, 1);
			i++;
		}
	}
	return pm_strbuf_detach(&sb);
}

/* The text as each form keeps it: control characters dropped (tab: a space for Graphviz). */
static char *expected(const char *s, enum pm_escape where)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\t' && where != PM_ESC_XML)
			pm_strbuf_puts(&sb, " ");
		else if (c >= 0x20 || c == '\n' || (c == '\t' && where == PM_ESC_XML))
			pm_strbuf_add(&sb, s, 1);
	}
	return pm_strbuf_detach(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "xml", "graphviz html", "graphviz string" };
	static const enum pm_escape modes[] = { PM_ESC_XML, PM_ESC_GV_HTML, PM_ESC_GV_STRING };
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	if (!pm_utf8_valid(s, strlen(s), NULL)) {
		free(s);
		return 0;
	}
	for (int m = 0; m < 3; m++) {
		struct pm_strbuf sb = PM_STRBUF_INIT;
		char *back, *want;
		pm_strbuf_add_escaped(&sb, s, modes[m]);
		back = decode(pm_strbuf_str(&sb), modes[m], s);
		want = expected(s, modes[m]);
		if (strcmp(back, want))
			fail(names[m], s, pm_strbuf_str(&sb), "does not decode to the text");
		free(back);
		free(want);
		pm_strbuf_release(&sb);
	}
	free(s);
	return 0;
}
