/*
 * reopen — pairing a new call with the call it may reopen, and the
 * earlier call's clock run on through it (reopen.h).
 */
#include "reopen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "clock.h"
#include "config.h"
#include "dataset.h"
#include "finding.h"
#include "timefmt.h"
#include "util.h"
#include "wording.h"

/* A call that could be reopened: resolved, with a key (kind 'c' or 's',
 * then the text, trimmed; compared ignoring case), found by its hash. */
struct cand {
	int sup;
	char kind;
	const char *key;         /* trimmed, in the ticket's cell */
	size_t keylen;
	uint64_t hash;           /* of kind and the folded key */
	int64_t resolved;        /* a call to pair: when it was opened */
	int64_t opened;
	size_t idx;              /* into ds->t; a call to pair: into calls */
};

/* The text a call is matched on: its caller when that is not empty, else
 * its summary; *kind 'c' or 's'; NULL when both are empty. */
static const char *key_of(const struct ticket *t, char *kind)
{
	const char *c = t->cell[FIELD_CALLER];
	const char *s = t->cell[FIELD_SUMMARY];
	if (c && *c) {
		*kind = 'c';
		return c;
	}
	if (s && *s) {
		*kind = 's';
		return s;
	}
	return NULL;
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Trimmed bounds of s. */
static void trimmed(const char *s, const char **b, size_t *n)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t m = strlen(s);
	while (m && (s[m - 1] == ' ' || s[m - 1] == '\t' || s[m - 1] == '\r' || s[m - 1] == '\n'))
		m--;
	*b = s;
	*n = m;
}

/* t's key into c (sup and idx left to the caller); 0 when it has none. */
static int make_key(const struct ticket *t, struct cand *c)
{
	const char *k = key_of(t, &c->kind);
	if (!k)
		return 0;
	trimmed(k, &c->key, &c->keylen);
	uint64_t h = 1469598103934665603ull;   /* FNV-1a */
	h = (h ^ (unsigned char)c->kind) * 1099511628211ull;
	for (size_t i = 0; i < c->keylen; i++)
		h = (h ^ (unsigned char)fold(c->key[i])) * 1099511628211ull;
	c->hash = h;
	return 1;
}

static int same_key(const struct cand *a, const struct cand *b)
{
	if (a->kind != b->kind || a->keylen != b->keylen)
		return 0;
	for (size_t i = 0; i < a->keylen; i++)
		if (fold(a->key[i]) != fold(b->key[i]))
			return 0;
	return 1;
}

/* Supplier, then hash: a call's candidates are one run of the sorted
 * array (a hash shared by two keys is told apart by same_key). */
static int cmp_group(const struct cand *a, int sup, uint64_t hash)
{
	if (a->sup != sup)
		return a->sup < sup ? -1 : 1;
	return a->hash < hash ? -1 : a->hash > hash;
}

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int r = cmp_group(a, b->sup, b->hash);
	if (r)
		return r;
	if (a->resolved != b->resolved)
		return a->resolved < b->resolved ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Calls to pair in (supplier, hash, opened) order. */
static int cmp_call(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int r = cmp_group(a, b->sup, b->hash);
	if (r)
		return r;
	if (a->opened != b->opened)
		return a->opened < b->opened ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int cmp_pair_at(const void *pa, const void *pb)
{
	const size_t *a = pa, *b = pb;
	return *a < *b ? -1 : *a > *b;
}

/* Is a call opened at `opened` within [resolved, resolved + window]? */
static int within(int64_t resolved, int64_t opened, int64_t window)
{
	return opened >= resolved && opened - resolved <= window;
}

static int cmp_merge(const void *pa, const void *pb, const struct reopen_pair *v)
{
	const struct reopen_pair *a = &v[*(const size_t *)pa], *b = &v[*(const size_t *)pb];
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	if (a->next->opened != b->next->opened)
		return a->next->opened < b->next->opened ? -1 : 1;
	return *(const size_t *)pa < *(const size_t *)pb ? -1 : 1;
}

void reopen_find(const struct config *cfg, const struct dataset *ds,
		 const struct ticket *const *calls, const int *sla, size_t n,
		 struct reopen_pairs *out)
{
	memset(out, 0, sizeof(*out));
	/* only calls resolved in [lo, hi] can be reopened by these calls */
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < n; i++) {
		int64_t w = cfg->sla[sla[i]].reopen_window;
		if (w <= 0 || calls[i]->opened == TS_NONE)
			continue;
		if (calls[i]->opened - w < lo)
			lo = calls[i]->opened - w;
		if (calls[i]->opened > hi)
			hi = calls[i]->opened;
	}
	if (lo > hi || !ds->nt)
		return;
	struct cand *c = xcalloc(ds->nt, sizeof(*c));
	size_t nc = 0;
	for (size_t i = 0; i < ds->nt; i++) {
		const struct ticket *t = &ds->t[i];
		if (cfg->feed[t->feed].kind == KIND_ACTIVITIES || t->opened == TS_NONE ||
		    t->resolved == TS_NONE || t->resolved < lo || t->resolved > hi ||
		    !make_key(t, &c[nc]))
			continue;
		c[nc].sup = cfg->feed[t->feed].supplier;
		c[nc].resolved = t->resolved;
		c[nc].opened = t->opened;
		c[nc].idx = i;
		nc++;
	}
	qsort(c, nc, sizeof(*c), cmp_cand);
	/* the calls to pair, in the same order: one walk through both, and the
	 * candidates of a call end just before the walk's position */
	struct cand *q = xcalloc(n ? n : 1, sizeof(*q));
	size_t nq = 0;
	for (size_t i = 0; i < n; i++) {
		if (cfg->sla[sla[i]].reopen_window <= 0 || calls[i]->opened == TS_NONE ||
		    !make_key(calls[i], &q[nq]))
			continue;
		q[nq].sup = cfg->feed[calls[i]->feed].supplier;
		q[nq].opened = calls[i]->opened;
		q[nq].idx = i;
		nq++;
	}
	qsort(q, nq, sizeof(*q), cmp_call);
	struct { size_t at; struct reopen_pair p; } *found = NULL;
	size_t nfound = 0, cap = 0;
	size_t pos = 0;
	for (size_t i = 0; i < nq; i++) {
		const struct cand *k = &q[i];
		const struct ticket *b = calls[k->idx];
		int64_t window = cfg->sla[sla[k->idx]].reopen_window;
		size_t self = (size_t)(b - ds->t);
		while (pos < nc) {
			int r = cmp_group(&c[pos], k->sup, k->hash);
			if (r > 0 || (r == 0 && c[pos].resolved > k->opened))
				break;
			pos++;
		}
		for (size_t j = pos; j-- > 0;) {
			if (cmp_group(&c[j], k->sup, k->hash))
				break;
			/* another key with the same hash, itself, or a call that
			 * did not start before it */
			if (!same_key(&c[j], k) || c[j].idx == self || c[j].opened >= k->opened)
				continue;
			if (within(c[j].resolved, k->opened, window)) {
				VEC_GROW(found, nfound, cap, nfound + 1);
				found[nfound].at = k->idx;
				found[nfound++].p = (struct reopen_pair){ &ds->t[c[j].idx], b,
									 sla[k->idx] };
			}
			/* the latest resolved decides: an earlier one is further off */
			break;
		}
	}
	/* in the calls' order, as the caller gave them */
	if (nfound)
		qsort(found, nfound, sizeof(*found), cmp_pair_at);
	out->v = xcalloc(nfound ? nfound : 1, sizeof(*out->v));
	for (size_t i = 0; i < nfound; i++)
		out->v[i] = found[i].p;
	out->n = nfound;
	free(found);
	free(q);
	free(c);
	out->by_first = xcalloc(out->n ? out->n : 1, sizeof(*out->by_first));
	for (size_t i = 0; i < out->n; i++)
		if (cfg->sla[out->v[i].sla].reopen_merge)
			out->by_first[out->nmerge++] = i;
	/* few pairs: an insertion sort keeps the comparison's context local */
	for (size_t i = 1; i < out->nmerge; i++)
		for (size_t j = i; j > 0 && cmp_merge(&out->by_first[j - 1], &out->by_first[j],
						      out->v) > 0; j--) {
			size_t x = out->by_first[j];
			out->by_first[j] = out->by_first[j - 1];
			out->by_first[j - 1] = x;
		}
}

void reopen_pairs_free(struct reopen_pairs *p)
{
	if (!p)
		return;
	free(p->v);
	free(p->by_first);
	memset(p, 0, sizeof(*p));
}

const struct reopen_pair *reopen_merged(const struct reopen_pairs *p,
					const struct ticket *first)
{
	size_t lo = 0, hi = p->nmerge;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[p->by_first[mid]].first < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nmerge && p->v[p->by_first[lo]].first == first ?
	       &p->v[p->by_first[lo]] : NULL;
}

/* Append the spans of s[0..n) clipped to [lo, hi), joining touching ones. */
static void add_spans(struct span **v, size_t *nv, size_t *cap, const struct span *s, size_t n,
		      int64_t lo, int64_t hi)
{
	for (size_t i = 0; i < n; i++) {
		int64_t a = s[i].a > lo ? s[i].a : lo, b = s[i].b < hi ? s[i].b : hi;
		if (a >= b)
			continue;
		if (*nv && a <= (*v)[*nv - 1].b) {
			if (b > (*v)[*nv - 1].b)
				(*v)[*nv - 1].b = b;
			continue;
		}
		VEC_GROW(*v, *nv, *cap, *nv + 1);
		(*v)[(*nv)++] = (struct span){ a, b };
	}
}

void reopen_view(const struct ticket *first, const struct ticket *next, struct ticket *v)
{
	*v = *first;
	v->responded = first->responded != TS_NONE ? first->responded : first->resolved;
	v->resolved = next->resolved;
	v->waiting = next->waiting;
	int64_t fix = first->resolved, start = next->opened;
	/* pauses: first's before its fix, next's from its opening, with
	 * their statuses (kept apart: each span keeps its label) */
	size_t cap = first->npause + next->npause;
	v->pause = xcalloc(cap ? cap : 1, sizeof(*v->pause));
	v->pause_status = xcalloc(cap ? cap : 1, sizeof(*v->pause_status));
	v->npause = 0;
	for (int w = 0; w < 2; w++) {
		const struct ticket *t = w ? next : first;
		int64_t lo = w ? start : INT64_MIN, hi = w ? INT64_MAX : fix;
		for (size_t i = 0; i < t->npause; i++) {
			int64_t a = t->pause[i].a > lo ? t->pause[i].a : lo;
			int64_t b = t->pause[i].b < hi ? t->pause[i].b : hi;
			if (a >= b)
				continue;
			v->pause[v->npause] = (struct span){ a, b };
			v->pause_status[v->npause++] = t->pause_status[i];
		}
	}
	/* not counted: first's spans, the gap, next's spans */
	size_t n = 0, ecap = 0;
	struct span *e = NULL;
	add_spans(&e, &n, &ecap, first->excl, first->nexcl, INT64_MIN, fix);
	struct span gap = { fix, start };
	add_spans(&e, &n, &ecap, &gap, 1, INT64_MIN, INT64_MAX);
	add_spans(&e, &n, &ecap, next->excl, next->nexcl, start, INT64_MAX);
	v->excl = e;
	v->nexcl = n;
}

void reopen_view_release(struct ticket *v)
{
	if (!v)
		return;
	free(v->pause);
	free(v->pause_status);
	free(v->excl);
	v->pause = NULL;
	v->pause_status = NULL;
	v->excl = NULL;
	v->npause = v->nexcl = 0;
}

void reopen_finding(const struct config *cfg, const struct reopen_pair *p,
		    const struct clock *merged, struct finding_list *fl)
{
	const struct ticket *a = p->first, *b = p->next;
	const struct feed *fa = &cfg->feed[a->feed], *fb = &cfg->feed[b->feed];
	const struct supplier *sp = &cfg->sup[fb->supplier];
	struct finding *f = finding_add(fl, FK_REOPENED_AS_NEW, 0, sp->id, b->id);
	char fixed[64], opened[64];
	timefmt_local_short(cfg->tz, a->resolved, fixed, sizeof(fixed));
	timefmt_local_short(cfg->tz, b->opened, opened, sizeof(opened));
	const char *caller = b->cell[FIELD_CALLER] && *b->cell[FIELD_CALLER] ?
			     b->cell[FIELD_CALLER] : NULL;
	wording_reopened(f, sp->name, a->id, a->cell[FIELD_SUMMARY], fixed, b->id,
			 b->cell[FIELD_SUMMARY], opened, caller, b->opened - a->resolved,
			 cfg->sla[p->sla].id, merged);
	finding_evidence(f, fb->id, b->row, b->id, NULL);
	finding_evidence(f, fa->id, a->row, a->id, NULL);
}
