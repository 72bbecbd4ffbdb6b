/* finding — the list of findings, their ids and order. */
#include "finding.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "util.h"

static const char *const kind_names[FK_COUNT] = {
	"sla-target-missed", "claim-mismatch", "ticket-breached", "ticket-at-risk", "activity-missed",
	"hours-short", "feed-stale", "no-evidence", "activity-concern", "ticket-waiting",
	"credit-due", "stamp-rewritten", "priority-lowered", "reopened-as-new", "long-pause",
	"feed-unreadable",
};

/* Where a kind sorts: a feed that could not be read leads, as every other
 * verdict rests on the data. */
static int rank(enum finding_kind k)
{
	return k == FK_FEED_UNREADABLE ? 0 : (int)k + 1;
}

const char *finding_kind_name(enum finding_kind k)
{
	return kind_names[k];
}

struct finding *finding_add(struct finding_list *l, enum finding_kind kind, int red,
			    const char *supplier, const char *subject)
{
	VEC_GROW(l->v, l->n, l->cap, l->n + 1);
	struct finding *f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	if (!l->pool)
		l->pool = pool_new();
	f->pool = l->pool;
	f->kind = kind;
	f->red = red;
	f->supplier = supplier ? pool_strdup(f->pool, supplier) : NULL;
	f->subject = pool_strdup(f->pool, subject);
	/* The id must not change between runs: only what names the finding
	 * goes into it, never its wording or figures. */
	uint64_t h = fnv1a(FNV_OFFSET, kind_names[kind], strlen(kind_names[kind]) + 1);
	if (supplier)
		h = fnv1a(h, supplier, strlen(supplier));
	h = fnv1a(h, "", 1);
	h = fnv1a(h, subject, strlen(subject));
	static const char hex[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--, h >>= 4)
		f->id[i] = hex[h & 15];   /* as "%016llx" */
	f->id[16] = '\0';
	return f;
}

char *finding_text(struct finding *f, const char *s, size_t n)
{
	return pool_strndup(f->pool, s, n);
}

char *finding_keep(struct finding *f, char *s)
{
	char *kept = pool_strdup(f->pool, s);
	free(s);
	return kept;
}

void finding_evidence(struct finding *f, const char *feed, size_t row, const char *ticket,
		      const char *period)
{
	if (f->nev == f->capev) {
		/* most findings have one piece of evidence; an SLA's has
		 * every late call */
		f->capev = f->capev ? 2 * f->capev : 1;
		f->ev = xreallocarray(f->ev, f->capev, sizeof(*f->ev));
	}
	struct evidence_ref *e = &f->ev[f->nev++];
	e->feed = feed ? pool_strdup(f->pool, feed) : NULL;
	e->row = row;
	e->ticket = ticket ? pool_strdup(f->pool, ticket) : NULL;
	e->period = period ? pool_strdup(f->pool, period) : NULL;
}

static int cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->red != y->red)
		return y->red - x->red;
	if (x->kind != y->kind)
		return rank(x->kind) - rank(y->kind);
	int c = strcmp(x->supplier ? x->supplier : "", y->supplier ? y->supplier : "");
	return c ? c : strcmp(x->subject, y->subject);
}

/*
 * The sort compares a 64-bit key first: red, kind, the supplier's rank
 * among the suppliers named, and the subject's first five bytes; only
 * findings equal in all of that compare subjects whole, and findings
 * equal in everything keep their order.  A year's late calls are tens of
 * thousands of findings of one kind and supplier.
 */
struct sortkey {
	uint64_t key;
	size_t i;
	const struct finding *f;
};

static int cmp_key(const void *a, const void *b)
{
	const struct sortkey *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	int c = strcmp(x->f->subject, y->f->subject);
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#define MAX_RANKED 4096   /* suppliers given a rank; more sort the slow way */

void finding_sort(struct finding_list *l)
{
	if (l->n < 2)
		return;
	/* the suppliers named, in order */
	const char **name = NULL;
	size_t nname = 0, capname = 0;
	for (size_t i = 0; i < l->n && nname <= MAX_RANKED; i++) {
		const char *s = l->v[i].supplier ? l->v[i].supplier : "";
		if (nname && !strcmp(name[nname - 1], s))
			continue;   /* the usual case: as the one before */
		size_t k = 0;
		while (k < nname && strcmp(name[k], s))
			k++;
		if (k == nname) {
			VEC_GROW(name, nname, capname, nname + 1);
			name[nname++] = s;
		} else if (k != nname - 1) {
			/* keep the last one seen at the end for the next check */
			const char *t = name[k];
			name[k] = name[nname - 1];
			name[nname - 1] = t;
		}
	}
	if (nname > MAX_RANKED) {
		free(name);
		qsort(l->v, l->n, sizeof(*l->v), cmp);
		return;
	}
	qsort(name, nname, sizeof(*name), cmp_name);
	struct sortkey *k = xreallocarray(NULL, l->n, sizeof(*k));
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		const char *s = f->supplier ? f->supplier : "";
		size_t lo = 0, hi = nname;   /* s is there: find its rank */
		while (hi - lo > 1) {
			size_t m = lo + (hi - lo) / 2;
			if (strcmp(name[m], s) <= 0)
				lo = m;
			else
				hi = m;
		}
		uint64_t key = (uint64_t)!f->red << 63 | (uint64_t)(rank(f->kind) & 0x7f) << 56 |
			       (uint64_t)lo << 40;
		const unsigned char *p = (const unsigned char *)f->subject;
		for (int b = 4; b >= 0 && *p; b--)
			key |= (uint64_t)*p++ << (8 * b);
		k[i] = (struct sortkey){ key, i, f };
	}
	qsort(k, l->n, sizeof(*k), cmp_key);
	struct finding *v = xreallocarray(NULL, l->cap, sizeof(*v));
	for (size_t i = 0; i < l->n; i++)
		v[i] = l->v[k[i].i];
	free(l->v);
	l->v = v;
	free(k);
	free(name);
}

void finding_list_take(struct finding_list *dst, struct finding_list *src)
{
	/* src's strings: its pool becomes dst's, or joins it */
	if (!dst->pool)
		dst->pool = src->pool;
	else
		pool_absorb(dst->pool, src->pool);
	VEC_GROW(dst->v, dst->n, dst->cap, dst->n + src->n);
	for (size_t i = 0; i < src->n; i++) {
		dst->v[dst->n] = src->v[i];
		dst->v[dst->n++].pool = dst->pool;
	}
	free(src->v);
	src->v = NULL;
	src->pool = NULL;
	src->n = src->cap = 0;
}

void finding_list_free(struct finding_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].ev);
	free(l->v);
	pool_free(l->pool);
	l->v = NULL;
	l->pool = NULL;
	l->n = l->cap = 0;
}
