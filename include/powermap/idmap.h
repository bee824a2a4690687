/*
 * powermap — a map from 64-bit row ids to small integers (vertex ids), with
 * open addressing. Used to index people and orgs in graph views.
 */
#ifndef POWERMAP_IDMAP_H
#define POWERMAP_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct pm_idmap;

/* A new, empty map, or NULL when out of memory. */
struct pm_idmap *pm_idmap_new(void);

/* Free the map. Accepts NULL. */
void pm_idmap_free(struct pm_idmap *m);

/* Map key -> value (replacing any old value). 0, or PM_ENOMEM. */
int pm_idmap_put(struct pm_idmap *m, int64_t key, int value);

/* The value for key, or -1 when absent. */
int pm_idmap_get(const struct pm_idmap *m, int64_t key);

/* Number of keys. */
size_t pm_idmap_size(const struct pm_idmap *m);

#endif
