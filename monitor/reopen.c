/*
 * reopen — pairing a new call with the call it may reopen, and the
 * earlier call's clock run on through it (reopen.h).
 */
#include "reopen.h"

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

/* A call that could be reopened: resolved, with a key (kind letter, then
 * the text trimmed and folded; in the pairing's key buffer). */
struct cand {
	int sup;
	const char *key;
	size_t keyoff, keylen;
	int64_t resolved;
	size_t idx;              /* into ds->t */
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

/* kind, then the key trimmed and folded, appended to sb; its length. */
static size_t put_key(struct strbuf *sb, char kind, const char *s)
{
	const char *b;
	size_t n;
	trimmed(s, &b, &n);
	sb_putc(sb, kind);
	for (size_t i = 0; i < n; i++)
		sb_putc(sb, fold(b[i]));
	return n + 1;
}

static int cmp_key(const struct cand *a, int sup, const char *k, size_t n)
{
	if (a->sup != sup)
		return a->sup < sup ? -1 : 1;
	size_t m = a->keylen < n ? a->keylen : n;
	int r = memcmp(a->key, k, m);
	if (r)
		return r;
	return a->keylen < n ? -1 : a->keylen > n;
}

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int r = cmp_key(a, b->sup, b->key, b->keylen);
	if (r)
		return r;
	if (a->resolved != b->resolved)
		return a->resolved < b->resolved ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The first of c[0..n) after (sup, key k[0..kn), resolved at), or n. */
static size_t upper(const struct cand *c, size_t n, int sup, const char *k, size_t kn,
		    int64_t at)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = cmp_key(&c[mid], sup, k, kn);
		if (r < 0 || (r == 0 && c[mid].resolved <= at))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
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
	int any = 0;
	for (size_t i = 0; i < n && !any; i++)
		any = cfg->sla[sla[i]].reopen_window > 0;
	if (!any || !ds->nt)
		return;
	struct strbuf keys = STRBUF_INIT;
	struct cand *c = xcalloc(ds->nt, sizeof(*c));
	size_t nc = 0;
	for (size_t i = 0; i < ds->nt; i++) {
		const struct ticket *t = &ds->t[i];
		char kind;
		const char *k;
		if (cfg->feed[t->feed].kind == KIND_ACTIVITIES || t->opened == TS_NONE ||
		    t->resolved == TS_NONE || !(k = key_of(t, &kind)))
			continue;
		c[nc].sup = cfg->feed[t->feed].supplier;
		c[nc].keyoff = keys.len;
		c[nc].keylen = put_key(&keys, kind, k);
		c[nc].resolved = t->resolved;
		c[nc].idx = i;
		nc++;
	}
	for (size_t i = 0; i < nc; i++)
		c[i].key = keys.buf + c[i].keyoff;
	qsort(c, nc, sizeof(*c), cmp_cand);
	size_t cap = 0;
	struct strbuf kb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct ticket *b = calls[i];
		int64_t window = cfg->sla[sla[i]].reopen_window;
		char kind;
		const char *k = key_of(b, &kind);
		if (window <= 0 || !k)
			continue;
		kb.len = 0;
		size_t kn = put_key(&kb, kind, k);
		int sup = cfg->feed[b->feed].supplier;
		size_t idx = (size_t)(b - ds->t);
		for (size_t j = upper(c, nc, sup, kb.buf, kn, b->opened); j-- > 0;) {
			if (cmp_key(&c[j], sup, kb.buf, kn))
				break;
			const struct ticket *a = &ds->t[c[j].idx];
			/* itself, or a call that did not start before it */
			if (c[j].idx == idx || a->opened >= b->opened)
				continue;
			if (within(c[j].resolved, b->opened, window)) {
				VEC_GROW(out->v, out->n, cap, out->n + 1);
				out->v[out->n++] = (struct reopen_pair){ a, b, sla[i] };
			}
			/* the latest resolved decides: an earlier one is further off */
			break;
		}
	}
	sb_release(&kb);
	sb_release(&keys);
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
