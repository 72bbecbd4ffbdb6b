/* finding — the list of findings, their ids and order. */
#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const kind_names[FK_COUNT] = {
	"sla-target-missed", "ticket-breached", "ticket-at-risk", "activity-missed",
	"hours-short", "feed-stale", "no-evidence", "activity-concern",
};

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
	f->kind = kind;
	f->red = red;
	f->supplier = supplier ? xstrdup(supplier) : NULL;
	f->subject = xstrdup(subject);
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

void finding_evidence(struct finding *f, const char *feed, size_t row, const char *ticket,
		      const char *period)
{
	VEC_GROW(f->ev, f->nev, f->capev, f->nev + 1);
	struct evidence_ref *e = &f->ev[f->nev++];
	e->feed = feed ? xstrdup(feed) : NULL;
	e->row = row;
	e->ticket = ticket ? xstrdup(ticket) : NULL;
	e->period = period ? xstrdup(period) : NULL;
}

static int cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->red != y->red)
		return y->red - x->red;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	int c = strcmp(x->supplier ? x->supplier : "", y->supplier ? y->supplier : "");
	return c ? c : strcmp(x->subject, y->subject);
}

void finding_sort(struct finding_list *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp);
}

void finding_list_free(struct finding_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct finding *f = &l->v[i];
		for (size_t j = 0; j < f->nev; j++) {
			free(f->ev[j].feed);
			free(f->ev[j].ticket);
			free(f->ev[j].period);
		}
		free(f->ev);
		free(f->supplier);
		free(f->subject);
		free(f->message);
		free(f->question);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
