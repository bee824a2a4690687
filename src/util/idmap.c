/* powermap — int64 -> int map with linear probing (see idmap.h). */
#include <stdlib.h>
#include "powermap/error.h"
#include "powermap/idmap.h"

struct slot {
	int64_t key;
	int value;   /* -1: empty */
};

struct pm_idmap {
	struct slot *slots;
	size_t cap, n;   /* cap is a power of two */
};

static size_t hash(int64_t k, size_t cap)
{
	uint64_t x = (uint64_t)k * 0x9e3779b97f4a7c15ull;

	return (size_t)(x ^ (x >> 29)) & (cap - 1);
}

struct pm_idmap *pm_idmap_new(void)
{
	struct pm_idmap *m = calloc(1, sizeof(*m));
	size_t i;

	if (!m || !(m->slots = malloc(16 * sizeof(*m->slots)))) {
		free(m);
		return NULL;
	}
	m->cap = 16;
	for (i = 0; i < m->cap; i++)
		m->slots[i].value = -1;
	return m;
}

void pm_idmap_free(struct pm_idmap *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m);
}

static int grow(struct pm_idmap *m)
{
	struct slot *old = m->slots;
	size_t oldcap = m->cap, i;

	if (!(m->slots = malloc(2 * oldcap * sizeof(*m->slots)))) {
		m->slots = old;
		return PM_ENOMEM;
	}
	m->cap = 2 * oldcap;
	m->n = 0;
	for (i = 0; i < m->cap; i++)
		m->slots[i].value = -1;
	for (i = 0; i < oldcap; i++)
		if (old[i].value >= 0)
			pm_idmap_put(m, old[i].key, old[i].value);
	free(old);
	return 0;
}

int pm_idmap_put(struct pm_idmap *m, int64_t key, int value)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap && grow(m) < 0)
		return PM_ENOMEM;
	for (i = hash(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].value < 0) {
			m->slots[i].key = key;
			m->slots[i].value = value;
			m->n++;
			return 0;
		}
		if (m->slots[i].key == key) {
			m->slots[i].value = value;
			return 0;
		}
	}
}

int pm_idmap_get(const struct pm_idmap *m, int64_t key)
{
	size_t i;

	for (i = hash(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].value < 0)
			return -1;
		if (m->slots[i].key == key)
			return m->slots[i].value;
	}
}

size_t pm_idmap_size(const struct pm_idmap *m)
{
	return m->n;
}
