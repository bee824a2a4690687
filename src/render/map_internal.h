/* powermap — the map's state shared by the files of src/render. Not public. */
#ifndef POWERMAP_MAP_INTERNAL_H
#define POWERMAP_MAP_INTERNAL_H

#include <gvc.h>
#include "powermap/render.h"

struct lang;

/* The legend's cluster: the table and the role shapes (map.c), laid out apart by map_output.c. */
#define PM_MAP_LEGEND "cluster_legend"

struct pm_map {
	Agraph_t *g;
	const struct pm_selection *s;  /* while building only */
	size_t npeople, nties;
	unsigned roles_drawn;          /* bit r: someone of role r drawn; bit 9: of none */
	const struct lang *L;
};

/*
 * The discipline of every graph the map makes (gv_graph.c): objects get IDs
 * in the order they are made, so subgraphs (clusters) keep the order of
 * the DOT text, whatever the process did before. NULL parts: cgraph's own.
 */
extern Agdisc_t pm_gv_disc;

/* Read DOT text into a graph with pm_gv_disc (agmemread with it); NULL on error. */
Agraph_t *pm_gv_read(const char *text);

#endif
