/* pool — small strings freed together (see pool.h). */
#include "pool.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CHUNK 65536

struct chunk {
	struct chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

struct pool {
	struct chunk *head;   /* the one being filled; older ones after it */
};

struct pool *pool_new(void)
{
	return xcalloc(1, sizeof(struct pool));
}

static struct chunk *chunk_new(size_t size, struct chunk *next)
{
	struct chunk *c = xmalloc(sizeof(*c) + size);
	c->next = next;
	c->used = 0;
	c->size = size;
	return c;
}

/* n bytes at a multiple of align (a power of two) from the chunk's start. */
static void *take(struct pool *p, size_t n, size_t align)
{
	struct chunk *c = p->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->size || c->size - at < n) {
		if (n > CHUNK / 4) {
			/* a big one gets a chunk of its own, behind the one
			 * being filled, so that one's room is not wasted */
			struct chunk *big = chunk_new(n, c ? c->next : NULL);
			big->used = n;
			if (c)
				c->next = big;
			else
				p->head = big;
			return big->data;
		}
		c = p->head = chunk_new(CHUNK, p->head);
		at = 0;
	}
	c->used = at + n;
	return c->data + at;
}

void *pool_alloc(struct pool *p, size_t n)
{
	return take(p, n ? n : 1, alignof(max_align_t));
}

char *pool_strndup(struct pool *p, const char *s, size_t n)
{
	char *d = take(p, n + 1, 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *pool_strdup(struct pool *p, const char *s)
{
	return pool_strndup(p, s, strlen(s));
}

void pool_absorb(struct pool *dst, struct pool *src)
{
	if (!src)
		return;
	struct chunk *first = src->head, *last = first;
	free(src);
	if (!first)
		return;
	while (last->next)
		last = last->next;
	/* behind dst's head, which stays the one being filled */
	if (dst->head) {
		last->next = dst->head->next;
		dst->head->next = first;
	} else {
		dst->head = first;
	}
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	for (struct chunk *c = p->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(p);
}
