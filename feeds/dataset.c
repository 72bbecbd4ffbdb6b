/* dataset — in-memory rows with an open-addressing index on ticket ids. */
#include "dataset.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define EMPTY ((size_t)-1)

struct dataset *dataset_new(size_t nfeeds)
{
	struct dataset *ds = xcalloc(1, sizeof(*ds));
	ds->nfeeds = nfeeds;
	ds->fs = xcalloc(nfeeds ? nfeeds : 1, sizeof(*ds->fs));
	for (size_t i = 0; i < nfeeds; i++)
		ds->fs[i].last_success = TS_NONE;
	return ds;
}

void dataset_ticket_reset(struct ticket *t)
{
	for (int f = 0; f < FIELD_COUNT; f++) {
		free(t->cell[f]);
		t->cell[f] = NULL;
	}
	for (size_t i = 0; i < t->npause; i++)
		free(t->pause_status[i]);
	free(t->pause_status);
	t->pause_status = NULL;
	free(t->pause);
	free(t->excl);
	t->pause = t->excl = NULL;
	t->npause = t->nexcl = 0;
	t->opened = t->responded = t->resolved = TS_NONE;
	t->nevents = 0;
}

void dataset_free(struct dataset *ds)
{
	if (!ds)
		return;
	for (size_t i = 0; i < ds->nt; i++) {
		dataset_ticket_reset(&ds->t[i]);
		free(ds->t[i].id);
	}
	free(ds->t);
	for (size_t i = 0; i < ds->na; i++) {
		free(ds->a[i].code);
		free(ds->a[i].desc);
	}
	free(ds->a);
	for (size_t i = 0; i < ds->nr; i++)
		free(ds->r[i].reason);
	free(ds->r);
	for (size_t i = 0; i < ds->nfeeds; i++)
		free(ds->fs[i].error);
	free(ds->fs);
	free(ds->slot);
	free(ds);
}

static uint64_t key_hash(int feed, const char *id)
{
	uint64_t h = fnv1a(FNV_OFFSET, &feed, sizeof(feed));
	return fnv1a(h, id, strlen(id));
}

static void rehash(struct dataset *ds)
{
	size_t n = ds->nslot ? ds->nslot * 2 : 1024;
	free(ds->slot);
	ds->slot = xreallocarray(NULL, n, sizeof(size_t));
	ds->nslot = n;
	for (size_t i = 0; i < n; i++)
		ds->slot[i] = EMPTY;
	for (size_t i = 0; i < ds->nt; i++) {
		size_t k = key_hash(ds->t[i].feed, ds->t[i].id) & (n - 1);
		while (ds->slot[k] != EMPTY)
			k = (k + 1) & (n - 1);
		ds->slot[k] = i;
	}
}

/* Slot of (feed, id): its ticket, or the empty slot where it would go. */
static size_t probe(const struct dataset *ds, int feed, const char *id)
{
	size_t k = key_hash(feed, id) & (ds->nslot - 1);
	while (ds->slot[k] != EMPTY) {
		const struct ticket *t = &ds->t[ds->slot[k]];
		if (t->feed == feed && !strcmp(t->id, id))
			return k;
		k = (k + 1) & (ds->nslot - 1);
	}
	return k;
}

struct ticket *dataset_find(const struct dataset *ds, int feed, const char *id)
{
	if (!ds->nslot)
		return NULL;
	size_t k = probe(ds, feed, id);
	return ds->slot[k] == EMPTY ? NULL : &ds->t[ds->slot[k]];
}

struct ticket *dataset_ticket(struct dataset *ds, int feed, const char *id, int *created)
{
	if ((ds->nt + 1) * 2 > ds->nslot)
		rehash(ds);
	size_t k = probe(ds, feed, id);
	if (ds->slot[k] != EMPTY) {
		*created = 0;
		return &ds->t[ds->slot[k]];
	}
	VEC_GROW(ds->t, ds->nt, ds->capt, ds->nt + 1);
	struct ticket *t = &ds->t[ds->nt];
	memset(t, 0, sizeof(*t));
	t->id = xstrdup(id);
	t->feed = feed;
	t->opened = t->responded = t->resolved = TS_NONE;
	ds->slot[k] = ds->nt++;
	*created = 1;
	return t;
}

struct actrow *dataset_add_activity(struct dataset *ds)
{
	VEC_GROW(ds->a, ds->na, ds->capa, ds->na + 1);
	struct actrow *a = &ds->a[ds->na++];
	memset(a, 0, sizeof(*a));
	return a;
}

void dataset_reject(struct dataset *ds, int feed, size_t row, const char *fmt, ...)
{
	VEC_GROW(ds->r, ds->nr, ds->capr, ds->nr + 1);
	struct reject *r = &ds->r[ds->nr++];
	r->feed = feed;
	r->row = row;
	va_list ap;
	va_start(ap, fmt);
	r->reason = xvasprintf(fmt, ap);
	va_end(ap);
	if (feed >= 0 && (size_t)feed < ds->nfeeds)
		ds->fs[feed].rejected++;
}
