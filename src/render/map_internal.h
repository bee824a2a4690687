/* powermap — the map's state shared by the files of src/render. Not public. */
#ifndef POWERMAP_MAP_INTERNAL_H
#define POWERMAP_MAP_INTERNAL_H

#include <gvc.h>
#include "powermap/render.h"

struct lang;

struct pm_map {
	Agraph_t *g;
	const struct pm_selection *s;  /* while building only */
	size_t npeople, nties;
	const struct lang *L;
};

#endif
