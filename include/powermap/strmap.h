/*
 * powermap — a map from strings to a 64-bit value and a 64-bit tag, with
 * open addressing and the keys copied into an arena. Used by bulk imports
 * to resolve millions of keys without a database query each.
 */
#ifndef POWERMAP_STRMAP_H
#define POWERMAP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct pm_strmap;

/* A new, empty map, or NULL when out of memory. */
struct pm_strmap *pm_strmap_new(void);

/* Free the map and its keys. Accepts NULL. */
void pm_strmap_free(struct pm_strmap *m);

/*
 * Add key -> (value, tag) unless key is present. Returns 1 when added, 0
 * when the key was already there (its entry is left unchanged), PM_ENOMEM.
 */
int pm_strmap_add(struct pm_strmap *m, const char *key, int64_t value, uint64_t tag);

/* 1 and the entry's value and tag (either may be NULL) if present, else 0. */
int pm_strmap_get(const struct pm_strmap *m, const char *key, int64_t *value,
		  uint64_t *tag);

/* Ask the CPU to fetch the slot where key would be (a hint; no effect on
 * results): lookups of a batch of keys then wait for memory once, not once
 * each. */
void pm_strmap_prefetch(const struct pm_strmap *m, const char *key);

/* Number of keys. */
size_t pm_strmap_size(const struct pm_strmap *m);

#endif
