/*
 * powermap — string map with open addressing (see include/powermap/strmap.h).
 *
 * Slots hold the key's 64-bit FNV-1a hash, the key itself when it is short
 * (most keys: CRM ids, slugs; comparing it then costs no second cache
 * miss) or its offset in one growing arena of keys, and the value and tag.
 * Linear probing; the table doubles at half full.
 */
#include <stdlib.h>
#include <string.h>
#include "powermap/error.h"
#include "powermap/kit.h"
#include "powermap/strmap.h"

#define INLINE_KEY 16      /* keys shorter than this live in the slot */

struct slot {
	uint64_t hash;     /* 0: empty (real hashes are forced non-zero) */
	int64_t value;
	uint64_t tag;
	uint32_t len;      /* key length without the NUL */
	union {
		char inl[INLINE_KEY];
		size_t off;        /* offset in arena */
	} key;
};

struct pm_strmap {
	struct slot *slots;
	size_t cap, n;     /* cap is a power of two */
	char *arena;
	size_t used, room;
};

static uint64_t hash_of(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	h ^= h >> 32;
	return h ? h : 1;
}

struct pm_strmap *pm_strmap_new(void)
{
	return calloc(1, sizeof(struct pm_strmap));
}

void pm_strmap_free(struct pm_strmap *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m->arena);
	free(m);
}

size_t pm_strmap_size(const struct pm_strmap *m)
{
	return m->n;
}

static const char *key_of(const struct pm_strmap *m, const struct slot *s)
{
	return s->len < INLINE_KEY ? s->key.inl : m->arena + s->key.off;
}

/* The slot holding key (of length len), or the empty slot where it would go. */
static struct slot *find(const struct pm_strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;; i = (i + 1) & (m->cap - 1)) {
		struct slot *s = &m->slots[i];
		if (!s->hash || (s->hash == h && s->len == len &&
				 !memcmp(key_of(m, s), key, len)))
			return s;
	}
}

/*
 * Zeroed slots. A large table is looked up at random, one TLB miss per
 * lookup with 4 KiB pages: ask for huge pages (Linux; a hint).
 */
static struct slot *slots_new(size_t cap)
{
	size_t size = cap * sizeof(struct slot);
	void *p = NULL;

	if (size < PM_HUGE_MIN)
		return calloc(cap, sizeof(struct slot));
	if (posix_memalign(&p, 2u << 20, size) != 0)
		return NULL;
	pm_mem_hint_huge(p, size);
	memset(p, 0, size);
	return p;
}

static int grow(struct pm_strmap *m)
{
	size_t cap = m->cap ? 2 * m->cap : 1024, i;
	struct slot *old = m->slots, *slots = slots_new(cap);

	if (!slots)
		return PM_ENOMEM;
	for (i = 0; i < m->cap; i++) {
		size_t j;
		if (!old[i].hash)
			continue;
		for (j = (size_t)old[i].hash & (cap - 1); slots[j].hash; j = (j + 1) & (cap - 1))
			;
		slots[j] = old[i];
	}
	free(old);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int pm_strmap_add(struct pm_strmap *m, const char *key, int64_t value, uint64_t tag)
{
	size_t len = strlen(key);
	uint64_t h = hash_of(key);
	struct slot *s;

	if (len > UINT32_MAX)
		return PM_EINVAL;
	if (2 * (m->n + 1) > m->cap && grow(m) < 0)
		return PM_ENOMEM;
	s = find(m, key, len, h);
	if (s->hash)
		return 0;
	if (len < INLINE_KEY) {
		memcpy(s->key.inl, key, len + 1);
	} else {
		if (m->used + len + 1 > m->room) {
			size_t room = m->room ? 2 * m->room : 1 << 16;
			char *a;
			while (room < m->used + len + 1)
				room *= 2;
			if (!(a = realloc(m->arena, room)))
				return PM_ENOMEM;
			m->arena = a;
			m->room = room;
		}
		memcpy(m->arena + m->used, key, len + 1);
		s->key.off = m->used;
		m->used += len + 1;
	}
	s->hash = h;
	s->len = (uint32_t)len;
	s->value = value;
	s->tag = tag;
	m->n++;
	return 1;
}

int pm_strmap_get(const struct pm_strmap *m, const char *key, int64_t *value,
		  uint64_t *tag)
{
	const struct slot *s;

	if (!m->n)
		return 0;
	s = find(m, key, strlen(key), hash_of(key));
	if (!s->hash)
		return 0;
	if (value)
		*value = s->value;
	if (tag)
		*tag = s->tag;
	return 1;
}

void pm_strmap_prefetch(const struct pm_strmap *m, const char *key)
{
	if (m->cap)
		__builtin_prefetch(&m->slots[(size_t)hash_of(key) & (m->cap - 1)]);
}
