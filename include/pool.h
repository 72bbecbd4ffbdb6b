#ifndef FITSMON_POOL_H
#define FITSMON_POOL_H
/*
 * pool — memory for many small strings that are freed together (a run's
 * findings: a year's late calls are tens of thousands of them).  One
 * malloc per 64 KiB instead of one per string, and one free for all.
 */
#include <stddef.h>

struct pool;

struct pool *pool_new(void);
/* n bytes, aligned for any object; never NULL (exits on no memory). */
void *pool_alloc(struct pool *p, size_t n);
/* A NUL-terminated copy of s[0..n) / of s. */
char *pool_strndup(struct pool *p, const char *s, size_t n);
char *pool_strdup(struct pool *p, const char *s);
/* What src gave out now belongs to dst; src is freed. */
void pool_absorb(struct pool *dst, struct pool *src);
/* Everything the pool gave out, and the pool.  NULL is allowed. */
void pool_free(struct pool *p);

#endif
