/*
 * powermap — the relationship map ("power map") with Graphviz (DESIGN §7).
 *
 * Rendering consumes results: pm_map_build styles an already made selection
 * (map_select.h: the account, its power scores, the highlighted paths, who
 * is drawn) into a cgraph graph and decides nothing about who matters:
 * clusters per org (nested by department; our side in clusters of its own),
 * nodes filled by stance, bordered by power score, shaped by buying role,
 * labelled with name, title and score; reports_to solid, influences dashed
 * with arrows, knows dotted; the warm paths highlighted; a legend; SVG
 * tooltips. Every user string is escaped with pm_strbuf_add_escaped (HTML
 * entities in HTML labels, doubled backslashes in escString attributes).
 * It reads no store and runs no analysis.
 */
#ifndef POWERMAP_RENDER_H
#define POWERMAP_RENDER_H

#include <stddef.h>
#include "error.h"
#include "graph.h"
#include "map_select.h"

struct pm_map;

/*
 * Build the map of selection `s` (borrowed for the call only; the map keeps
 * nothing of it). `lang` is "ja" or "en" for the title and legend; NULL:
 * ja when the account's name is not plain ASCII. *out belongs to the caller
 * (pm_map_free). PM_EINVAL (saying how to narrow it) for a selection of more
 * than PM_MAP_MAX_PEOPLE people; PM_ENOMEM.
 */
#define PM_MAP_MAX_PEOPLE 2000

int pm_map_build(const struct pm_selection *s, const struct pm_params *p,
		 const char *lang, struct pm_map **out, struct pm_error *err);
void pm_map_free(struct pm_map *m);

/* Number of people and ties drawn. */
size_t pm_map_people(const struct pm_map *m);
size_t pm_map_ties(const struct pm_map *m);

/* The map as DOT source into *text (caller frees with free()). */
int pm_map_dot(struct pm_map *m, char **text, struct pm_error *err);

/*
 * Lay the map out with `layout` (dot, fdp, neato, sfdp) and render it in
 * `format` (svg, png, pdf; "dot" gives the DOT source without a layout) into
 * memory: *data (caller frees with free(); NUL-terminated after *len bytes)
 * and *len. Graphviz's own errors and warnings are returned in *messages
 * (caller frees; NULL when there were none). PM_ERR when Graphviz fails or
 * reports any error (it goes on after some), PM_ENOMEM.
 */
int pm_map_render(struct pm_map *m, const char *layout, const char *format, char **data,
		  size_t *len, char **messages, struct pm_error *err);

/*
 * What Graphviz has said so far in the render under way ("" outside one).
 * Graphviz exits the process on some failures (out of memory in a layout):
 * a program may print this from an atexit handler so that the reason is not
 * lost. Static; valid until the next render.
 */
const char *pm_map_messages_pending(void);

/*
 * pm_map_render, then write the result to `file`; nothing is written when
 * rendering fails. PM_EIO (message names the file and the reason) when the
 * file cannot be created or written. The file is 0600, written through a
 * temporary file (kit.h, private files); a symbolic link at `file` is refused.
 */
int pm_map_write(struct pm_map *m, const char *layout, const char *format, const char *file,
		 char **messages, struct pm_error *err);

/* The format named by a file name's extension ("svg" ...), or NULL. */
const char *pm_map_format_of(const char *file);

#endif
