/* hashmap — byte-string keys to uint64_t values, open addressing. */
#include "hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* 24 bytes: a map of every ticket of a school year stays small.  The
 * hash's low 32 bits place a slot in any table of up to 2^32 slots. */
struct slot {
	uint64_t value;
	size_t off;       /* the key in the arena */
	uint32_t hash;    /* the key's hash, low 32 bits */
	uint32_t len1;    /* key length + 1; 0: an empty slot */
};

struct hashmap {
	struct slot *slot;
	size_t n, cap;    /* cap: a power of two, or 0 */
	struct strbuf keys;
};

struct hashmap *hashmap_new(void)
{
	return xcalloc(1, sizeof(struct hashmap));
}

void hashmap_free(struct hashmap *m)
{
	if (!m)
		return;
	free(m->slot);
	sb_release(&m->keys);
	free(m);
}

size_t hashmap_count(const struct hashmap *m)
{
	return m->n;
}

void hashmap_clear(struct hashmap *m)
{
	if (m->cap)
		memset(m->slot, 0, m->cap * sizeof(*m->slot));
	m->n = 0;
	m->keys.len = 0;
}

/* The slot of key (hash h): its own, or the empty one where it would go. */
static struct slot *find(const struct hashmap *m, const void *key, size_t len, uint64_t h)
{
	size_t k = (size_t)h & (m->cap - 1);
	for (;;) {
		struct slot *s = &m->slot[k];
		if (!s->len1)
			return s;
		if (s->hash == (uint32_t)h && s->len1 == len + 1 &&
		    memcmp(m->keys.buf + s->off, key, len) == 0)
			return s;
		k = (k + 1) & (m->cap - 1);
	}
}

static void grow(struct hashmap *m)
{
	size_t cap = m->cap ? 2 * m->cap : 64;
	struct slot *slot = xcalloc(cap, sizeof(*slot));
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slot[i].len1)
			continue;
		size_t k = (size_t)m->slot[i].hash & (cap - 1);
		while (slot[k].len1)
			k = (k + 1) & (cap - 1);
		slot[k] = m->slot[i];
	}
	free(m->slot);
	m->slot = slot;
	m->cap = cap;
}

uint64_t *hashmap_get(const struct hashmap *m, const void *key, size_t len)
{
	if (!m->n)
		return NULL;
	struct slot *s = find(m, key, len, fnv1a(FNV_OFFSET, key, len));
	return s->len1 ? &s->value : NULL;
}

uint64_t *hashmap_put(struct hashmap *m, const void *key, size_t len, int *added)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	uint64_t h = fnv1a(FNV_OFFSET, key, len);
	struct slot *s = find(m, key, len, h);
	*added = !s->len1;
	if (s->len1)
		return &s->value;
	s->hash = (uint32_t)h;
	s->off = m->keys.len;
	s->len1 = (uint32_t)(len + 1);
	s->value = 0;
	sb_add(&m->keys, (const char *)key, len);
	m->n++;
	return &s->value;
}
