#ifndef FITSMON_HASHMAP_H
#define FITSMON_HASHMAP_H
/*
 * hashmap — a small hash map from byte strings to a uint64_t value
 * (open addressing, linear probing, FNV-1a, at most half full).  Keys are
 * copied into the map's own arena; a key may hold any bytes, NUL too,
 * and is shorter than 4 GiB.
 * A value pointer is good until the next hashmap_put or hashmap_clear.
 */
#include <stddef.h>
#include <stdint.h>

struct hashmap;

struct hashmap *hashmap_new(void);
void hashmap_free(struct hashmap *m);   /* NULL is accepted */

/* The value of key, or NULL when the map does not hold it. */
uint64_t *hashmap_get(const struct hashmap *m, const void *key, size_t len);
/* The value of key, added (value 0, *added set to 1) when new. */
uint64_t *hashmap_put(struct hashmap *m, const void *key, size_t len, int *added);
/* Keys in the map. */
size_t hashmap_count(const struct hashmap *m);
/* Forget every key (the memory is kept for reuse). */
void hashmap_clear(struct hashmap *m);

#endif
