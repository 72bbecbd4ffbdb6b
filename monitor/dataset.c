/*
 * dataset — in-memory rows with an open-addressing index on (feed, id).
 * Ticket events are kept compactly until dataset_finish sorts them per
 * ticket and hands each ticket's events to timeline_derive.
 */
#include "dataset.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "config.h"
#include "evidence.h"
#include "hashmap.h"
#include "pattern.h"
#include "slachoice.h"
#include "timeline.h"
#include "util.h"

/* Pause statuses are interned; a feed has a handful. */
#define MAX_STATUSES 64

struct ev {
	size_t t;        /* ticket index */
	int64_t at;
	size_t seq;      /* arrival order: file order within a feed */
	unsigned flags;  /* TL_* */
	unsigned status; /* interned pause status, MAX_STATUSES if none */
};

struct tinfo {
	int64_t latest_at;
	size_t latest_seq;
	int64_t opened_at;    /* event time of the event giving `opened` */
	size_t opened_seq;
	int64_t opened;
	int has_latest, has_opened;
	/* the latest event with a non-empty column.sla_met: the supplier's
	 * verdict (claims.h), which the ticket keeps even when later events
	 * leave the cell empty */
	int64_t verdict_at;
	size_t verdict_seq;
	char *verdict;        /* NULL: none yet */
};

struct dataset_events {
	struct ev *v;
	size_t n, cap;
	struct tinfo *ti;     /* by ticket index */
	size_t nti;
	char *status[MAX_STATUSES];
	unsigned nstatus;
};

struct dataset *dataset_new(const struct config *cfg, int64_t now)
{
	struct dataset *ds = xcalloc(1, sizeof(*ds));
	ds->cfg = cfg;
	ds->now = now;
	ds->copy_at = TS_NONE;
	ds->copy_before = TS_NONE;
	ds->nfeeds = cfg->nfeed;
	ds->fs = xcalloc(cfg->nfeed ? cfg->nfeed : 1, sizeof(*ds->fs));
	ds->ids = hashmap_new();
	ds->ps = pattern_scratch_new();
	ds->cals = cal_indexes_new();
	ds->choice = slachoice_new(cfg, ds->ps);
	ds->plan = xcalloc(cfg->nfeed ? cfg->nfeed : 1, sizeof(*ds->plan));
	for (size_t i = 0; i < cfg->nfeed; i++) {
		ds->fs[i].last_success = TS_NONE;
		ds->fs[i].good_until = TS_NONE;
		ds->fs[i].copy_new = ds->fs[i].copy_corrected = ds->fs[i].copy_withdrawn = -1;
		health_init(&ds->fs[i].health);
		if (cfg->feed[i].kind == KIND_ACTIVITIES)
			ds->plan[i] = evidence_plan_new(cfg, (int)i);
	}
	ds->ev = xcalloc(1, sizeof(*ds->ev));
	return ds;
}

static void ticket_clear(struct ticket *t)
{
	/* the cells share one block, which starts at the first mapped one */
	for (int f = 0; f < FIELD_COUNT; f++)
		if (t->cell[f]) {
			free(t->cell[f]);
			break;
		}
	memset(t->cell, 0, sizeof(t->cell));
	for (size_t i = 0; i < t->npause; i++)
		free(t->pause_status[i]);
	free(t->pause_status);
	free(t->pause);
	free(t->excl);
	t->pause_status = NULL;
	t->pause = t->excl = NULL;
	t->npause = t->nexcl = 0;
}

/* Changes [from, nchg) of c freed, and dropped. */
static void changes_drop(struct ticket_copies *c, size_t from)
{
	for (size_t i = from; i < c->nchg; i++) {
		free(c->chg[i].was);
		free(c->chg[i].now);
	}
	if (from < c->nchg)
		c->nchg = from;
}

static void copies_free(struct ticket_copies *c)
{
	if (!c)
		return;
	changes_drop(c, 0);
	free(c->chg);
	free(c->prio);
	if (c->base)
		free(c->base->prio);
	free(c->base);
	free(c);
}

static void events_free(struct dataset_events *e)
{
	if (!e)
		return;
	free(e->v);
	for (size_t i = 0; i < e->nti; i++)
		free(e->ti[i].verdict);
	free(e->ti);
	for (unsigned k = 0; k < e->nstatus; k++)
		free(e->status[k]);
	free(e);
}

void dataset_free(struct dataset *ds)
{
	if (!ds)
		return;
	for (size_t i = 0; i < ds->nt; i++) {
		ticket_clear(&ds->t[i]);
		copies_free(ds->t[i].copies);
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
	for (size_t i = 0; i < ds->nfeeds; i++) {
		free(ds->fs[i].error);
		health_clear(&ds->fs[i].health);
		free(ds->fs[i].fetch_error);
		evidence_plan_free(ds->plan[i]);
	}
	free(ds->plan);
	slachoice_free(ds->choice);
	pattern_scratch_free(ds->ps);
	cal_indexes_free(ds->cals);
	free(ds->fs);
	hashmap_free(ds->ids);
	events_free(ds->ev);
	free(ds);
}

/*
 * The ticket map's key of (feed, id), the feed's number then the id, in
 * buf when it fits, else in a new allocation (*heap, to free).
 */
static const char *ticket_key(int feed, const char *id, char *buf, size_t size, size_t *len,
			      char **heap)
{
	size_t n = strlen(id);
	*len = sizeof(feed) + n;
	*heap = NULL;
	char *k = *len <= size ? buf : (*heap = xmalloc(*len));
	memcpy(k, &feed, sizeof(feed));
	memcpy(k + sizeof(feed), id, n);
	return k;
}

/* The map from (feed, id) to place, made again from the tickets. */
static void remap(struct dataset *ds)
{
	hashmap_clear(ds->ids);
	for (size_t i = 0; i < ds->nt; i++) {
		char buf[128], *heap;
		size_t len;
		const char *k = ticket_key(ds->t[i].feed, ds->t[i].id, buf, sizeof(buf), &len, &heap);
		int added;
		*hashmap_put(ds->ids, k, len, &added) = i;
		free(heap);
	}
}

struct ticket *dataset_find(const struct dataset *ds, int feed, const char *id)
{
	char buf[128], *heap;
	size_t len;
	const char *k = ticket_key(feed, id, buf, sizeof(buf), &len, &heap);
	const uint64_t *v = hashmap_get(ds->ids, k, len);
	free(heap);
	return v ? &ds->t[*v] : NULL;
}

/* The ticket (feed, id), created empty (stamps TS_NONE) when new. */
static struct ticket *get_ticket(struct dataset *ds, int feed, const char *id)
{
	char buf[128], *heap;
	size_t len;
	const char *k = ticket_key(feed, id, buf, sizeof(buf), &len, &heap);
	int added;
	uint64_t *v = hashmap_put(ds->ids, k, len, &added);
	free(heap);
	if (!added)
		return &ds->t[*v];
	*v = ds->nt;
	VEC_GROW(ds->t, ds->nt, ds->capt, ds->nt + 1);
	struct ticket *t = &ds->t[ds->nt++];
	memset(t, 0, sizeof(*t));
	t->id = xstrdup(id);
	t->feed = feed;
	t->opened = t->responded = t->resolved = TS_NONE;
	t->waiting = TS_NONE;
	t->sla = SLA_UNKNOWN;
	return t;
}

/* t's cells become copies of cell[] (which may be t's own), except that
 * a non-NULL verdict stands for cell[FIELD_SLA_MET]. */
static void copy_cells_verdict(struct ticket *t, char *const *cell, const char *verdict)
{
	t->sla = SLA_UNKNOWN;
	char *old = NULL;
	for (int f = 0; f < FIELD_COUNT && !old; f++)
		old = t->cell[f];
	const char *src[FIELD_COUNT];
	for (int f = 0; f < FIELD_COUNT; f++)
		src[f] = cell[f];
	if (verdict)
		src[FIELD_SLA_MET] = verdict;
	/* one block for all of a ticket's cells (a year of tickets is many
	 * small strings otherwise) */
	size_t len[FIELD_COUNT], total = 0;
	for (int f = 0; f < FIELD_COUNT; f++)
		if (src[f])
			total += (len[f] = strlen(src[f])) + 1;
	char *p = total ? xmalloc(total) : NULL;
	for (int f = 0; f < FIELD_COUNT; f++) {
		t->cell[f] = NULL;
		if (!src[f])
			continue;
		memcpy(p, src[f], len[f] + 1);
		t->cell[f] = p;
		p += len[f] + 1;
	}
	free(old);
}

static void copy_cells(struct ticket *t, char *const *cell)
{
	copy_cells_verdict(t, cell, NULL);
}

/*
 * The pauses of a `tickets` ticket, copy by copy: a copy fetched at `at`
 * whose status is a pause status opens a pause (unless one of the same
 * status is open); one with another status closes the open one.  The
 * open pause runs to now.  t->pause and t->pause_status are the spans so
 * far, the last one open while t->waiting is set; t->excl is rebuilt.
 */
static void ticket_copy_status(const struct dataset *ds, const struct feed *f,
			       struct ticket *t, const char *status, int64_t at)
{
	/* a copy fetched after now is not known at now */
	int known = at <= ds->now;
	int pause = status && *status &&
		    feedkind_in_list(status, f->pause_status.v, f->pause_status.n);
	int open = t->waiting != TS_NONE && t->npause;
	if (!known)
		pause = open;   /* nothing changes */
	else if (open && (!pause || strcmp(t->pause_status[t->npause - 1], status))) {
		/* the open pause ends at this copy */
		t->pause[t->npause - 1].b = at;
		if (t->pause[t->npause - 1].a >= at)
			free(t->pause_status[--t->npause]);
		open = 0;
	}
	if (pause && !open) {
		t->pause = xreallocarray(t->pause, t->npause + 1, sizeof(*t->pause));
		t->pause_status = xreallocarray(t->pause_status, t->npause + 1,
						sizeof(*t->pause_status));
		t->pause[t->npause] = (struct span){ at, ds->now };
		t->pause_status[t->npause++] = xstrdup(status);
		if (t->waiting == TS_NONE)
			t->waiting = at;
	}
	if (!pause)
		t->waiting = TS_NONE;
	/* not counted: the pauses, merged where they touch */
	free(t->excl);
	t->excl = NULL;
	t->nexcl = 0;
	size_t cap = 0;
	for (size_t k = 0; k < t->npause; k++) {
		if (t->pause[k].b <= t->pause[k].a)
			continue;
		if (t->nexcl && t->excl[t->nexcl - 1].b >= t->pause[k].a) {
			if (t->pause[k].b > t->excl[t->nexcl - 1].b)
				t->excl[t->nexcl - 1].b = t->pause[k].b;
			continue;
		}
		VEC_GROW(t->excl, t->nexcl, cap, t->nexcl + 1);
		t->excl[t->nexcl++] = t->pause[k];
	}
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * One version of a `tickets` ticket's row, from the copy fetched at `at`
 * (ds->copy_before: the last copy fetched before it, which showed the
 * version before): its history (dataset.h struct ticket_copies) and the
 * stamps its clocks use, by the stamp rule.  t's cells are this version's.
 */
static void take_copy(struct dataset *ds, struct ticket *t, const struct feedrow *r,
		      int64_t at)
{
	/* a stamp after now has not happened yet */
	int64_t stop[2] = {
		r->responded != TS_NONE && r->responded <= ds->now ? r->responded : TS_NONE,
		r->resolved != TS_NONE && r->resolved <= ds->now ? r->resolved : TS_NONE,
	};
	int sla = slachoice_pick(ds->choice, t->feed, t->cell);
	struct ticket_copies *c = t->copies;
	if (c && at == c->last_at) {
		/* another row of the same copy: it replaces the one before */
		struct ticket_copies *b = c->base;
		if (!b->n) {
			copies_free(c);
			c = t->copies = NULL;
		} else {
			struct sla_change *chg = c->chg;
			size_t nchg = c->nchg;
			char *prio = c->prio;
			*c = *b;
			c->chg = chg;
			c->nchg = nchg;
			changes_drop(c, b->nchg);
			c->base = b;
			c->prio = dup_or_null(b->prio);
			free(prio);
		}
	} else if (c) {
		/* a new copy: the state before it kept */
		struct ticket_copies *b = c->base;
		free(b->prio);
		*b = *c;
		b->chg = NULL;
		b->base = NULL;
		b->prio = dup_or_null(c->prio);
	}
	if (!c) {
		c = t->copies = xcalloc(1, sizeof(*c));
		c->base = xcalloc(1, sizeof(*c->base));
		c->opened = r->opened;
		c->opened_at = at;
		c->opened_moved = c->opened_moved_at = c->opened_was = c->opened_was_at = TS_NONE;
		for (int k = 0; k < 2; k++) {
			struct stop_history *h = &c->stop[k];
			h->first = h->newest = stop[k];
			h->first_at = h->newest_at = stop[k] != TS_NONE ? at : TS_NONE;
			h->without_at = h->moved = h->moved_at = h->moved_without = TS_NONE;
			h->was = h->was_at = TS_NONE;
		}
		c->first_sla = c->last_sla = sla;
	} else {
		/* the copies up to the one before this showed the version before */
		int64_t shown = ds->copy_before != TS_NONE && ds->copy_before > c->last_at &&
				ds->copy_before < at ? ds->copy_before : c->last_at;
		if (r->opened > c->opened && c->opened_moved == TS_NONE) {
			c->opened_moved = r->opened;
			c->opened_moved_at = at;
			c->opened_was = c->opened;
			c->opened_was_at = c->opened_at;
			c->opened_row = r->row;
		}
		if (r->opened < c->opened) {
			c->opened = r->opened;
			c->opened_at = at;
		}
		for (int k = 0; k < 2; k++) {
			struct stop_history *h = &c->stop[k];
			if (h->newest == TS_NONE)
				h->without_at = shown;
			if (stop[k] == TS_NONE) {
				h->newest = h->newest_at = TS_NONE;
				continue;
			}
			if (h->without_at != TS_NONE && stop[k] < h->without_at &&
			    h->moved == TS_NONE) {
				h->moved = stop[k];
				h->moved_at = at;
				h->moved_without = h->without_at;
				h->was = h->newest != TS_NONE ? h->newest : h->first;
				h->was_at = h->newest != TS_NONE ? h->newest_at : h->first_at;
				h->moved_row = r->row;
			}
			if (h->first == TS_NONE) {
				h->first = stop[k];
				h->first_at = at;
			}
			if (h->newest != stop[k]) {
				h->newest = stop[k];
				h->newest_at = at;
			}
		}
	}
	c->n++;
	c->last_at = at;
	t->opened = c->opened;
	/* the stops the clocks use */
	int64_t *out[2] = { &t->responded, &t->resolved };
	for (int k = 0; k < 2; k++) {
		const struct stop_history *h = &c->stop[k];
		int64_t v = h->newest;
		if (v != TS_NONE && h->first != TS_NONE && h->first > v)
			v = h->first;
		if (v != TS_NONE && h->without_at != TS_NONE && h->without_at > v)
			v = h->without_at;
		*out[k] = v;
	}
	/* another SLA takes this version: dated at its copy, with the
	 * stamps known then */
	if (sla != c->last_sla) {
		c->chg = xreallocarray(c->chg, c->nchg + 1, sizeof(*c->chg));
		c->chg[c->nchg++] = (struct sla_change){
			.from = c->last_sla, .to = sla, .at = at, .row = r->row,
			.opened = t->opened, .responded = t->responded, .resolved = t->resolved,
			.was = dup_or_null(c->prio), .now = dup_or_null(t->cell[FIELD_PRIORITY]),
		};
		c->last_sla = sla;
	}
	free(c->prio);
	c->prio = dup_or_null(t->cell[FIELD_PRIORITY]);
	/* this version's SLA is the ticket's (the latest fields choose it),
	 * picked once: a pattern is matched once per cell */
	t->sla = sla;
}

static void add_ticket(struct dataset *ds, int feed, const struct feedrow *r)
{
	struct feedstat *fs = &ds->fs[feed];
	if (r->opened > ds->now) {
		fs->future++;
		return;
	}
	struct ticket *t = get_ticket(ds, feed, r->id);
	/* the pauses seen in earlier copies stay: this copy adds to them */
	struct span *pause = t->pause;
	char **pause_status = t->pause_status;
	size_t npause = t->npause;
	t->pause = NULL;
	t->pause_status = NULL;
	t->npause = 0;
	ticket_clear(t);
	t->pause = pause;
	t->pause_status = pause_status;
	t->npause = npause;
	ticket_copy_status(ds, &ds->cfg->feed[feed], t, r->cell[FIELD_STATUS],
			   ds->copy_at != TS_NONE ? ds->copy_at : ds->now);
	t->row = r->row;
	copy_cells(t, r->cell);
	take_copy(ds, t, r, ds->copy_at != TS_NONE ? ds->copy_at : ds->now);
	if (ds->cfg->feed[feed].priority_first)
		t->sla = t->copies->first_sla;   /* priority_rule = first */
	fs->accepted++;
}

static int later(int64_t at, size_t seq, int64_t at2, size_t seq2)
{
	return at > at2 || (at == at2 && seq > seq2);
}

static struct tinfo *info(struct dataset_events *e, size_t t)
{
	if (t >= e->nti) {
		size_t n = e->nti ? e->nti : 256;
		while (n <= t)
			n *= 2;
		e->ti = xreallocarray(e->ti, n, sizeof(*e->ti));
		memset(e->ti + e->nti, 0, (n - e->nti) * sizeof(*e->ti));
		e->nti = n;
	}
	return &e->ti[t];
}

static void add_event(struct dataset *ds, int feed, const struct feedrow *r)
{
	const struct feed *f = &ds->cfg->feed[feed];
	struct dataset_events *e = ds->ev;
	if (r->at > ds->now) {
		ds->fs[feed].future++;
		return;
	}
	struct ticket *t = get_ticket(ds, feed, r->id);
	size_t ti = (size_t)(t - ds->t);
	unsigned flags = 0, si = MAX_STATUSES;
	if (feedkind_in_list(r->status, f->new_status.v, f->new_status.n))
		flags |= TL_NEW;
	if (feedkind_in_list(r->status, f->resolved_status.v, f->resolved_status.n))
		flags |= TL_RESOLVED;
	if (feedkind_in_list(r->status, f->pause_status.v, f->pause_status.n)) {
		flags |= TL_PAUSE;
		si = 0;
		while (si < e->nstatus && strcmp(e->status[si], r->status))
			si++;
		if (si == e->nstatus && si < MAX_STATUSES)
			e->status[e->nstatus++] = xstrdup(r->status);
	}
	size_t seq = e->n;
	VEC_GROW(e->v, e->n, e->cap, e->n + 1);
	e->v[e->n++] = (struct ev){ ti, r->at, seq, flags, si };
	t->nevents++;

	struct tinfo *in = info(e, ti);
	if (!in->has_latest || !later(in->latest_at, in->latest_seq, r->at, seq)) {
		/* the latest event so far: its fields win */
		in->has_latest = 1;
		in->latest_at = r->at;
		in->latest_seq = seq;
		t->row = r->row;
		const char *v = r->cell[FIELD_SLA_MET];
		copy_cells_verdict(t, r->cell, v && *v ? NULL : in->verdict);
	}
	const char *v = r->cell[FIELD_SLA_MET];
	if (v && *v && (!in->verdict || later(r->at, seq, in->verdict_at, in->verdict_seq))) {
		free(in->verdict);
		in->verdict = xstrdup(v);
		in->verdict_at = r->at;
		in->verdict_seq = seq;
		/* t's cells are the latest event's: its own verdict is empty or
		 * this one (the latest non-empty is never older than a later one) */
		copy_cells_verdict(t, t->cell, in->verdict);
	}
	if (r->opened != TS_NONE &&
	    (!in->has_opened || later(in->opened_at, in->opened_seq, r->at, seq))) {
		in->has_opened = 1;
		in->opened_at = r->at;
		in->opened_seq = seq;
		in->opened = r->opened;
	}
	ds->fs[feed].accepted++;
}

static void add_activity(struct dataset *ds, int feed, const struct feedrow *r)
{
	if (r->at > ds->now) {
		ds->fs[feed].future++;
		return;
	}
	VEC_GROW(ds->a, ds->na, ds->capa, ds->na + 1);
	struct actrow *a = &ds->a[ds->na++];
	a->feed = feed;
	a->row = r->row;
	a->at = r->at;
	a->hours_uh = r->hours_uh;
	a->onsite = r->onsite;
	const char *code = r->code ? r->code : "", *desc = r->desc ? r->desc : "";
	const struct evidence_plan *p = ds->plan[feed];
	if (r->has_masks) {
		a->ev = r->ev;
		a->concern = r->concern;
	} else if (p) {
		evidence_match(p, ds->ps, code, desc, &a->ev, &a->concern);
	} else {
		a->ev = a->concern = 0;
	}
	/* a year of log lines is most of the memory: keep the text only where
	 * something still reads it (see struct actrow) */
	int masks_decide = !ds->keep_text && p && evidence_plan_count(p) <= EVIDENCE_BITS;
	a->code = masks_decide ? NULL : xstrdup(code);
	a->desc = !masks_decide || a->concern ? xstrdup(desc) : NULL;
	ds->fs[feed].accepted++;
}

const struct evidence_plan *dataset_plan(const struct dataset *ds, int feed)
{
	return feed >= 0 && (size_t)feed < ds->nfeeds ? ds->plan[feed] : NULL;
}

void dataset_add(struct dataset *ds, int feed, const struct feedrow *r)
{
	switch (ds->cfg->feed[feed].kind) {
	case KIND_TICKETS:
		add_ticket(ds, feed, r);
		break;
	case KIND_TICKET_EVENTS:
		add_event(ds, feed, r);
		break;
	default:
		add_activity(ds, feed, r);
		break;
	}
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

static void sink_row(void *ctx, int feed, const struct feedrow *r)
{
	dataset_add(ctx, feed, r);
}

static void sink_reject(void *ctx, int feed, size_t row, const char *reason)
{
	dataset_reject(ctx, feed, row, "%s", reason);
}

struct feedsink dataset_sink(struct dataset *ds)
{
	return (struct feedsink){ ds, sink_row, sink_reject };
}

/* Ticket t's stamps and spans from its events (timeline_derive). */
static void derive(struct ticket *t, int64_t opened, const struct timeline_event *e, size_t m,
		   int64_t now)
{
	struct timeline tl = { t->opened, t->responded, t->resolved, t->pause, t->pause_status,
			       t->npause, t->excl, t->nexcl };
	timeline_derive(&tl, opened, e, m, now);
	t->opened = tl.opened;
	t->responded = tl.responded;
	t->resolved = tl.resolved;
	t->pause = tl.pause;
	t->pause_status = tl.pause_status;
	t->npause = tl.npause;
	t->excl = tl.excl;
	t->nexcl = tl.nexcl;
	/* waiting on the school: since the start of the final run of pause
	 * statuses, when the latest event is one */
	t->waiting = TS_NONE;
	if (m && (e[m - 1].flags & TL_PAUSE)) {
		size_t k = m - 1;
		while (k > 0 && (e[k - 1].flags & TL_PAUSE))
			k--;
		t->waiting = e[k].at;
	}
}

/* The event flags of status s in feed f, and its interned pause status. */
static unsigned event_flags(const struct feed *f, const char *s)
{
	unsigned flags = 0;
	if (feedkind_in_list(s, f->new_status.v, f->new_status.n))
		flags |= TL_NEW;
	if (feedkind_in_list(s, f->resolved_status.v, f->resolved_status.n))
		flags |= TL_RESOLVED;
	if (feedkind_in_list(s, f->pause_status.v, f->pause_status.n))
		flags |= TL_PAUSE;
	return flags;
}

int dataset_ticket_derive(struct dataset *ds, int feed, const struct feedrow *ev, size_t n,
			  struct ticket *t)
{
	const struct feed *f = &ds->cfg->feed[feed];
	struct feedstat *fs = &ds->fs[feed];
	struct timeline_event stack[64], *tl = n <= 64 ? stack : xreallocarray(NULL, n, sizeof(*tl));
	size_t m = 0, latest = 0;
	int64_t opened = TS_NONE;
	for (size_t k = 0; k < n; k++) {
		if (ev[k].at > ds->now) {
			fs->future++;
			continue;
		}
		unsigned flags = event_flags(f, ev[k].status);
		tl[m++] = (struct timeline_event){ ev[k].at, flags,
						   flags & TL_PAUSE ? ev[k].status : NULL };
		if (opened == TS_NONE && ev[k].opened != TS_NONE)
			opened = ev[k].opened;
		latest = k;   /* time order: the last one kept is the latest */
	}
	fs->accepted += m;
	memset(t, 0, sizeof(*t));
	if (m) {
		t->feed = feed;
		t->id = (char *)ev[0].id;   /* borrowed until the ticket is put */
		t->sla = SLA_UNKNOWN;
		derive(t, opened, tl, m, ds->now);
		if (t->opened > ds->now)
			t->opened = TS_NONE;
		t->nevents = m;
		t->row = ev[latest].row;
	}
	if (tl != stack)
		free(tl);
	return m ? (int)latest : -1;
}

/* The stamps of the events ev[0..n) (time order) as they stood at `at`. */
static void stamps_at(const struct feed *f, const struct feedrow *ev, size_t n, int64_t at,
		      struct sla_change *g)
{
	struct timeline_event stack[64], *tl = n <= 64 ? stack : xreallocarray(NULL, n, sizeof(*tl));
	size_t m = 0;
	int64_t opened = TS_NONE;
	for (size_t k = 0; k < n; k++) {
		if (ev[k].at > at)
			continue;
		unsigned flags = event_flags(f, ev[k].status);
		tl[m++] = (struct timeline_event){ ev[k].at, flags,
						   flags & TL_PAUSE ? ev[k].status : NULL };
		if (opened == TS_NONE && ev[k].opened != TS_NONE)
			opened = ev[k].opened;
	}
	struct ticket tmp;
	memset(&tmp, 0, sizeof(tmp));
	derive(&tmp, opened, tl, m, at);
	g->opened = tmp.opened;
	g->responded = tmp.responded;
	g->resolved = tmp.resolved;
	ticket_clear(&tmp);
	if (tl != stack)
		free(tl);
}

void dataset_ticket_slas(struct dataset *ds, struct ticket *t, const struct feedrow *ev,
			 size_t n)
{
	const struct feed *f = &ds->cfg->feed[t->feed];
	if (!f->sig_priority_lowered && !f->priority_first)
		return;
	int first = SLA_UNKNOWN, last = SLA_UNKNOWN;
	char *const *lastcell = NULL;
	for (size_t k = 0; k < n; k++) {
		if (ev[k].at > ds->now || !ev[k].cell)
			continue;
		int sla = lastcell && ev[k].cell == lastcell ? last :
			  slachoice_pick(ds->choice, t->feed, ev[k].cell);
		if (first != SLA_UNKNOWN && sla != last && f->sig_priority_lowered) {
			struct ticket_copies *c = t->copies;
			if (!c) {
				c = t->copies = xcalloc(1, sizeof(*c));
				c->base = xcalloc(1, sizeof(*c->base));
				c->opened = c->opened_moved = c->opened_moved_at = TS_NONE;
				for (int j = 0; j < 2; j++)
					c->stop[j].moved = TS_NONE;   /* events never give it */
			}
			c->chg = xreallocarray(c->chg, c->nchg + 1, sizeof(*c->chg));
			struct sla_change *g = &c->chg[c->nchg++];
			*g = (struct sla_change){ .from = last, .to = sla, .at = ev[k].at,
						  .row = ev[k].row,
						  .was = dup_or_null(lastcell[FIELD_PRIORITY]),
						  .now = dup_or_null(ev[k].cell[FIELD_PRIORITY]) };
			stamps_at(f, ev, k + 1, ev[k].at, g);
		}
		if (first == SLA_UNKNOWN)
			first = sla;
		last = sla;
		lastcell = ev[k].cell;
	}
	if (f->priority_first && first != SLA_UNKNOWN)
		t->sla = first;   /* priority_rule = first: the first event's SLA */
}

void dataset_ticket_fill(struct dataset *ds, struct ticket *t, const struct feedrow *latest)
{
	copy_cells(t, latest->cell);
	t->sla = slachoice_pick(ds->choice, t->feed, t->cell);
}

void dataset_ticket_put(struct dataset *ds, struct ticket *t)
{
	struct ticket *in = get_ticket(ds, t->feed, t->id);
	ticket_clear(in);
	copies_free(in->copies);
	t->id = in->id;
	*in = *t;
	memset(t, 0, sizeof(*t));
}

void dataset_ticket_drop(struct dataset *ds, struct ticket *t)
{
	ticket_clear(t);
	copies_free(t->copies);
	memset(t, 0, sizeof(*t));
	ds->dropped++;
}

void dataset_add_events(struct dataset *ds, int feed, const struct feedrow *ev, size_t n)
{
	struct ticket t;
	int latest = dataset_ticket_derive(ds, feed, ev, n, &t);
	if (latest < 0)
		return;
	dataset_ticket_fill(ds, &t, &ev[latest]);
	dataset_ticket_slas(ds, &t, ev, n);
	dataset_ticket_put(ds, &t);
}

static int cmp_ticket_id(const void *a, const void *b)
{
	return strcmp(((const struct ticket *)a)->id, ((const struct ticket *)b)->id);
}

void dataset_sort_tickets(struct dataset *ds, size_t first)
{
	if (first >= ds->nt || (ds->ev && (ds->ev->n || ds->ev->nti)))
		return;
	int sorted = 1;
	for (size_t i = first + 1; i < ds->nt && sorted; i++)
		sorted = strcmp(ds->t[i - 1].id, ds->t[i].id) <= 0;
	if (sorted)
		return;
	qsort(ds->t + first, ds->nt - first, sizeof(*ds->t), cmp_ticket_id);
	/* the map from (feed, id) to place, again */
	remap(ds);
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

static void finish_events(struct dataset *ds);

void dataset_finish(struct dataset *ds)
{
	finish_events(ds);
	/* tickets whose cells came row by row: their SLA now */
	for (size_t i = 0; i < ds->nt; i++)
		if (ds->t[i].sla == SLA_UNKNOWN)
			ds->t[i].sla = slachoice_pick(ds->choice, ds->t[i].feed, ds->t[i].cell);
}

static void finish_events(struct dataset *ds)
{
	struct dataset_events *e = ds->ev;
	if (!e)
		return;
	if (e->n)
		qsort(e->v, e->n, sizeof(*e->v), cmp_ev);
	struct timeline_event *tl = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < e->n;) {
		size_t j = i;
		while (j < e->n && e->v[j].t == e->v[i].t)
			j++;
		VEC_GROW(tl, 0, cap, j - i);
		for (size_t k = i; k < j; k++)
			tl[k - i] = (struct timeline_event){ e->v[k].at, e->v[k].flags,
				e->v[k].status < e->nstatus ? e->status[e->v[k].status] : NULL };
		struct ticket *t = &ds->t[e->v[i].t];
		const struct tinfo *in = &e->ti[e->v[i].t];
		derive(t, in->has_opened ? in->opened : TS_NONE, tl, j - i, ds->now);
		/* opened (from column.opened) after now: not a ticket yet */
		if (t->opened > ds->now)
			t->opened = TS_NONE;
		i = j;
	}
	free(tl);
	events_free(e);
	ds->ev = NULL;
}
