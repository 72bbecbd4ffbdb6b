/*
 * feedkind_events — one row per change of a ticket.  Events are kept
 * compactly while the file is read; at the end they are taken per ticket
 * in time order (ties in file order) and the ticket's stamps and
 * not-counted spans are derived as DESIGN.md's "Ticket events" pins:
 *   opened     column.opened when mapped (first non-empty in time order),
 *              else the first event;
 *   responded  the first event whose status is not in new_status;
 *   resolved   the start of the final unbroken run of resolved_status
 *              events, when the latest status is one of them;
 *   paused     from each pause_status event to the next event (or now);
 *   reopened   time in a resolved status that the ticket later left is
 *              not counted either.
 * Other fields come from the latest event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "csvread.h"
#include "dataset.h"
#include "feedkind.h"
#include "util.h"

enum { EV_NEW = 1, EV_RESOLVED = 2, EV_PAUSE = 4 };

struct ev {
	size_t t;        /* ticket index in the dataset */
	int64_t at;
	size_t seq;      /* file order */
	unsigned flags;
	unsigned status; /* index into the interned pause statuses */
};

/* Pause statuses as written, interned (a feed has a handful). */
#define MAX_STATUSES 64

struct tinfo {
	int64_t latest_at;
	size_t latest_seq;
	int64_t opened_at;    /* event time of the event giving `opened` */
	size_t opened_seq;
	int64_t opened;
	int has_latest, has_opened;
};

struct state {
	struct ev *v;
	size_t n, cap;
	char *status[MAX_STATUSES];
	unsigned nstatus;
	struct tinfo *ti;
	size_t nti;
};

static void begin(struct feedkind_ctx *c)
{
	c->state = xcalloc(1, sizeof(struct state));
}

static struct tinfo *info(struct state *st, size_t t)
{
	if (t >= st->nti) {
		size_t n = st->nti ? st->nti : 256;
		while (n <= t)
			n *= 2;
		st->ti = xreallocarray(st->ti, n, sizeof(*st->ti));
		memset(st->ti + st->nti, 0, (n - st->nti) * sizeof(*st->ti));
		st->nti = n;
	}
	return &st->ti[t];
}

static int later(int64_t at, size_t seq, int64_t at2, size_t seq2)
{
	return at > at2 || (at == at2 && seq > seq2);
}

static int row(struct feedkind_ctx *c, const struct csvread_row *r, char *why, size_t size)
{
	struct state *st = c->state;
	const struct feed *f = c->feed;
	size_t n;
	const char *id = feedkind_cell(c, r, FIELD_ID, &n);
	if (!n) {
		snprintf(why, size, "no ticket id");
		return FEEDKIND_BAD;
	}
	int64_t at, opened = TS_NONE;
	int rc = feedkind_time(c, r, FIELD_AT, &at, why, size);
	if (rc == 1)
		snprintf(why, size, "no event time");
	if (rc)
		return FEEDKIND_BAD;
	rc = feedkind_time(c, r, FIELD_OPENED, &opened, why, size);
	if (rc < 0)
		return FEEDKIND_BAD;
	size_t sn;
	const char *status = feedkind_cell(c, r, FIELD_STATUS, &sn);
	if (!sn) {
		snprintf(why, size, "no status");
		return FEEDKIND_BAD;
	}
	if (at > c->now)
		return FEEDKIND_FUTURE;

	char *key = xstrndup(id, n);
	int created;
	struct ticket *t = dataset_ticket(c->ds, c->feed_index, key, &created);
	free(key);
	size_t ti = (size_t)(t - c->ds->t);
	char *s = xstrndup(status, sn);
	unsigned flags = 0;
	if (feedkind_in_list(s, f->new_status.v, f->new_status.n))
		flags |= EV_NEW;
	if (feedkind_in_list(s, f->resolved_status.v, f->resolved_status.n))
		flags |= EV_RESOLVED;
	unsigned si = 0;
	if (feedkind_in_list(s, f->pause_status.v, f->pause_status.n)) {
		flags |= EV_PAUSE;
		str_trim(s);
		while (si < st->nstatus && strcmp(st->status[si], s))
			si++;
		if (si == st->nstatus && si < MAX_STATUSES)
			st->status[st->nstatus++] = xstrdup(s);
	}
	free(s);

	size_t seq = st->n;
	VEC_GROW(st->v, st->n, st->cap, st->n + 1);
	st->v[st->n++] = (struct ev){ ti, at, seq, flags, si };
	t->nevents++;

	struct tinfo *in = info(st, ti);
	if (!in->has_latest || !later(in->latest_at, in->latest_seq, at, seq)) {
		/* this event is the latest so far: its fields win */
		in->has_latest = 1;
		in->latest_at = at;
		in->latest_seq = seq;
		t->row = r->record;
		for (int fl = 0; fl < FIELD_COUNT; fl++) {
			free(t->cell[fl]);
			t->cell[fl] = feedkind_dup(c, r, (enum field)fl);
		}
	}
	if (opened != TS_NONE &&
	    (!in->has_opened || later(in->opened_at, in->opened_seq, at, seq))) {
		in->has_opened = 1;
		in->opened_at = at;
		in->opened_seq = seq;
		in->opened = opened;
	}
	return FEEDKIND_OK;
}

static int cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Append [a, b) to a span list, merging with the last span when they touch. */
static void add_span(struct span **v, size_t *n, size_t *cap, int64_t a, int64_t b)
{
	if (b <= a)
		return;
	if (*n && (*v)[*n - 1].b >= a) {
		if (b > (*v)[*n - 1].b)
			(*v)[*n - 1].b = b;
		return;
	}
	VEC_GROW(*v, *n, *cap, *n + 1);
	(*v)[(*n)++] = (struct span){ a, b };
}

/* Stamps and spans of one ticket from its sorted events e[0..m). */
static void derive(struct ticket *t, const struct tinfo *in, const struct ev *e, size_t m,
		   int64_t now, const struct state *st)
{
	t->opened = in->has_opened ? in->opened : e[0].at;
	t->responded = TS_NONE;
	for (size_t k = 0; k < m; k++)
		if (!(e[k].flags & EV_NEW)) {
			t->responded = e[k].at;
			break;
		}
	size_t final_run = m;   /* first event of the final resolved run */
	if (e[m - 1].flags & EV_RESOLVED) {
		final_run = m - 1;
		while (final_run > 0 && (e[final_run - 1].flags & EV_RESOLVED))
			final_run--;
		t->resolved = e[final_run].at;
	} else {
		t->resolved = TS_NONE;
	}
	size_t pcap = 0, ecap = 0;
	for (size_t k = 0; k < m; k++) {
		int64_t a = e[k].at, b = k + 1 < m ? e[k + 1].at : now;
		if ((e[k].flags & EV_PAUSE) && b > a) {
			/* pauses are kept apart (not merged) to keep their status */
			if (t->npause == pcap) {
				pcap = pcap ? pcap * 2 : 4;
				t->pause = xreallocarray(t->pause, pcap, sizeof(*t->pause));
				t->pause_status = xreallocarray(t->pause_status, pcap,
								sizeof(*t->pause_status));
			}
			t->pause[t->npause] = (struct span){ a, b };
			t->pause_status[t->npause++] = xstrdup(e[k].status < st->nstatus
							       ? st->status[e[k].status] : "paused");
		}
		if ((e[k].flags & EV_PAUSE) || ((e[k].flags & EV_RESOLVED) && k < final_run))
			add_span(&t->excl, &t->nexcl, &ecap, a, b);
	}
}

static void end(struct feedkind_ctx *c)
{
	struct state *st = c->state;
	qsort(st->v, st->n, sizeof(*st->v), cmp_ev);
	for (size_t i = 0; i < st->n;) {
		size_t j = i;
		while (j < st->n && st->v[j].t == st->v[i].t)
			j++;
		struct ticket *t = &c->ds->t[st->v[i].t];
		for (size_t k = 0; k < t->npause; k++)
			free(t->pause_status[k]);
		free(t->pause_status);
		free(t->pause);
		free(t->excl);
		t->pause = t->excl = NULL;
		t->pause_status = NULL;
		t->npause = t->nexcl = 0;
		derive(t, &st->ti[st->v[i].t], st->v + i, j - i, c->now, st);
		/* opened (from column.opened) after now: not a ticket yet */
		if (t->opened > c->now)
			t->opened = TS_NONE;
		i = j;
	}
	free(st->v);
	free(st->ti);
	for (unsigned k = 0; k < st->nstatus; k++)
		free(st->status[k]);
	free(st);
	c->state = NULL;
}

const struct feedkind feedkind_events = { KIND_TICKET_EVENTS, begin, row, end };
