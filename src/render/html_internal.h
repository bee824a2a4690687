/* powermap — what the HTML pages of src/render share (report.c, report_index.c). Not public. */
#ifndef POWERMAP_HTML_INTERNAL_H
#define POWERMAP_HTML_INTERNAL_H

#include "powermap/kit.h"

/* s (NULL: nothing) into b, escaped for HTML text and attributes. */
static inline void html_esc(struct pm_strbuf *b, const char *s)
{
	pm_strbuf_add_escaped(b, s ? s : "", PM_ESC_XML);
}

#endif
