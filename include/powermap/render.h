/*
 * powermap — the relationship map ("power map") with Graphviz (DESIGN §7).
 *
 * pm_map_build turns an account into a cgraph graph: clusters per org
 * (nested by department; our side in clusters of its own), nodes filled by
 * stance, bordered by power score, shaped by buying role, labelled with
 * name, title and score; reports_to solid, influences dashed with arrows,
 * knows dotted; optionally the k best warm paths to one person highlighted;
 * a legend; SVG tooltips. Every user string is escaped (HTML entities in
 * HTML labels, doubled backslashes in escString attributes).
 */
#ifndef POWERMAP_RENDER_H
#define POWERMAP_RENDER_H

#include "analysis.h"
#include "error.h"
#include "graph.h"
#include "store.h"

struct pm_draw_opts {
	const char *path_to;   /* highlight the k best warm paths to this person */
	int k;                 /* paths to highlight (3) */
	const char *focus;     /* draw only this person's neighbourhood ... */
	int radius;            /* ... within this many ties (2) */
	double min_power;      /* account people below this power are left out (0) */
	int no_ours;           /* leave our side out (except introducers on paths) */
	const char *lang;      /* "ja" or "en"; NULL: ja when the account name is not ASCII */
};

void pm_draw_opts_default(struct pm_draw_opts *o);

struct pm_map;

/* Build the map of `account`. Free with pm_map_free. */
int pm_map_build(struct pm_store *st, const char *account, const struct pm_params *p,
		 const struct pm_draw_opts *o, struct pm_map **out, struct pm_error *err);
void pm_map_free(struct pm_map *m);

/* Number of people and ties drawn. */
size_t pm_map_people(const struct pm_map *m);
size_t pm_map_ties(const struct pm_map *m);

/* The map as DOT source (caller frees with free()). */
int pm_map_dot(struct pm_map *m, char **text, struct pm_error *err);

/*
 * Lay the map out with `layout` (dot, fdp, neato, sfdp) and render it to
 * `file` in `format` (svg, png, pdf; "dot" writes the DOT source without a
 * layout). Graphviz's own errors and warnings are returned in *messages
 * (caller frees; NULL when there were none); an error is PM_ERR.
 */
int pm_map_render(struct pm_map *m, const char *layout, const char *format,
		  const char *file, char **messages, struct pm_error *err);

/* The format named by a file name's extension ("svg" ...), or NULL. */
const char *pm_map_format_of(const char *file);

#endif
