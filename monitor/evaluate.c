/*
 * evaluate — tickets, SLAs, obligations, on-site hours, feeds, findings.
 *
 * Cost: each ticket's clocks are a few binary searches in the calendar
 * index; which activities a row is evidence for was decided when the row
 * entered the dataset (its masks, evidence.h), so evaluation reads bits in
 * one pass over the rows, and periods count rows by binary search over the
 * matching rows' sorted times.  Only an activity without a bit (its
 * supplier performs more than EVIDENCE_BITS) is still matched here.
 */
#include "evaluate.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "civil.h"
#include "claims.h"
#include "dataset.h"
#include "evidence.h"
#include "longpause.h"
#include "reopen.h"
#include "vocab.h"
#include "pattern.h"
#include "rewrites.h"
#include "slachoice.h"
#include "timeguess.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"
#include "wording.h"

const char *evaluate_ob_status_name(enum ob_status s)
{
	static const char *const n[] = { "done", "missed", "due", "unknown" };
	return n[s];
}

const char *evaluate_hours_status_name(enum hours_status s)
{
	static const char *const n[] = { "ok", "short", "due", "unknown" };
	return n[s];
}

const char *evaluate_feed_status_name(enum feed_status s)
{
	static const char *const n[] = { "ok", "stale", "unreadable", "failing" };
	return n[s];
}

#define GOOD_ALWAYS INT64_MAX

/*
 * Each feed's state at now, and how far its data can be trusted.  An
 * unreadable copy's data is good up to the last copy that passed the
 * gate; a stale or failing feed's up to its last good copy.
 */
static void judge_feeds(const struct config *cfg, const struct dataset *ds,
			struct evaluation *ev)
{
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feedstat *fs = &ds->fs[i];
		struct feedresult *fr = &ev->feed[i];
		int64_t last = fs->last_success;
		fr->last_success = last;
		/* staleness counts from the last good copy, not the last attempt */
		fr->stale = last == TS_NONE || ev->now - last > cfg->feed[i].stale_after;
		fr->failing = fs->fetch_error != NULL;
		fr->health = (int)health_judge(&fs->health, cfg->feed[i].max_rejected,
					       &fr->unread_col);
		fr->good_until = GOOD_ALWAYS;
		if (fr->health != HEALTH_OK) {
			fr->status = FEED_UNREADABLE;
			fr->good_until = fs->good_until;
		} else if (fr->stale) {
			fr->status = FEED_STALE;
			fr->good_until = last;
		} else if (fs->failed || fr->failing) {
			fr->status = FEED_FAILING;
			fr->good_until = last;
		} else {
			fr->status = FEED_OK;
		}
	}
}

/* The instant up to which supplier sup's activity data was read. */
static int64_t log_good_until(const struct config *cfg, const struct evaluation *ev, int sup)
{
	int64_t g = GOOD_ALWAYS;
	for (size_t i = 0; i < cfg->nfeed; i++)
		if (cfg->feed[i].kind == KIND_ACTIVITIES && cfg->feed[i].supplier == sup &&
		    ev->feed[i].good_until < g)
			g = ev->feed[i].good_until;
	return g;
}

void evaluate_window(const struct config *cfg, int64_t now, int64_t *from_day, int64_t *to_day)
{
	if (*to_day == TS_NONE)
		*to_day = tz_day_of(cfg->tz, now) + 1;
	if (*from_day == TS_NONE)
		*from_day = *to_day - 28;
}

/* ---- tickets and SLAs ------------------------------------------------ */

const struct cal *evaluate_sla_cal(const struct config *cfg, const struct sla *s,
				   const struct ticket *t)
{
	return s->cal ? s->cal : cfg->sup[cfg->feed[t->feed].supplier].cal;
}

void evaluate_clock(const struct config *cfg, struct cal_indexes *cals,
		    const struct ticket *t, int k, int64_t now, struct tresult *r)
{
	evaluate_clock_merged(cfg, cals, t, NULL, k, now, r);
}

void evaluate_clock_merged(const struct config *cfg, struct cal_indexes *cals,
			   const struct ticket *t, const struct ticket *next, int k,
			   int64_t now, struct tresult *r)
{
	const struct sla *s = &cfg->sla[k];
	const struct ticket *orig = t;
	struct ticket view;
	if (next) {
		/* t's response as it was; the resolution on through next */
		reopen_view(t, next, &view);
		t = &view;
	}
	struct cal_index *cal = cal_indexes_get(cals, evaluate_sla_cal(cfg, s, t));
	r->t = t;
	r->sla = k;
	int64_t rstop = t->responded != TS_NONE ? t->responded : t->resolved;
	clock_run(cal, t->opened, rstop, now, t->excl, t->nexcl, s->respond, s->warn_ppm,
		  &r->response);
	clock_run(cal, t->opened, t->resolved, now, t->excl, t->nexcl, s->resolve, s->warn_ppm,
		  &r->resolution);
	int64_t end = t->resolved != TS_NONE ? t->resolved : now;
	r->paused = t->opened < end ? clock_inside(cal, t->opened, end, t->pause, t->npause) : 0;
	/* a call answered late was answered late all the same */
	r->waiting = t->waiting != TS_NONE && !r->resolution.stopped &&
		     !(r->response.stopped && r->response.status == CLOCK_BREACHED);
	r->t = orig;
	r->waits = next ? next : orig;
	r->reopen_next = next;
	if (next)
		reopen_view_release(&view);
}

/*
 * The tickets to clock are picked in one pass (ev->tk gets each one's
 * ticket and SLA), then clocked a chunk at a time by this thread and the
 * activity side's (which joins in when its own work is done).  Each
 * chunk's late-call findings go to a list of the chunk's own, appended
 * in chunk order afterwards: the findings, and their order, are those one
 * thread would make.
 */
#define TICKET_CHUNK 4096

struct ticket_work {
	const struct config *cfg;
	struct evaluation *ev;
	struct cal_indexes *cals;     /* the clocks' calendars, prepared */
	struct finding_list *chunk;   /* one list per chunk */
	size_t nchunk;
	atomic_size_t next;           /* the next chunk nobody has taken */
	/* set (under lock) once the tickets are picked and their calendars
	 * indexed: the activity side's thread starts before that */
	pthread_mutex_t lock;
	pthread_cond_t picked;
	int ready;
};

/* The instants a calendar's clocks will ask about. */
struct calspan {
	struct cal_index *cal;
	int64_t lo, hi;
};

static void pick_tickets(const struct config *cfg, const struct dataset *ds,
			 struct evaluation *ev, struct cal_indexes *cals,
			 struct pattern_scratch *ps)
{
	ev->tk = xcalloc(ds->nt ? ds->nt : 1, sizeof(*ev->tk));
	struct calspan *span = NULL;
	size_t nspan = 0, capspan = 0;
	for (size_t i = 0; i < ds->nt; i++) {
		const struct ticket *t = &ds->t[i];
		if (cfg->feed[t->feed].kind == KIND_ACTIVITIES || t->opened == TS_NONE)
			continue;
		int open_now = t->resolved == TS_NONE;
		if (!open_now && !(t->opened >= ev->from && t->opened < ev->to))
			continue;
		int k = t->sla != SLA_UNKNOWN ? t->sla : slachoice_first(cfg, ps, t->feed, t->cell);
		if (k < 0) {
			ev->unmatched++;
			continue;
		}
		struct tresult *r = &ev->tk[ev->ntk++];
		r->t = t;
		r->sla = k;
		/* evaluate_clock asks only about instants from the opening
		 * to the latest of the answer, the fix and now */
		struct cal_index *c = cal_indexes_get(cals, evaluate_sla_cal(cfg, &cfg->sla[k], t));
		int64_t hi = ev->now;
		if (t->responded != TS_NONE && t->responded > hi)
			hi = t->responded;
		if (t->resolved != TS_NONE && t->resolved > hi)
			hi = t->resolved;
		size_t j = 0;
		while (j < nspan && span[j].cal != c)
			j++;
		if (j == nspan) {
			VEC_GROW(span, nspan, capspan, nspan + 1);
			span[nspan++] = (struct calspan){ c, t->opened, hi };
		}
		if (t->opened < span[j].lo)
			span[j].lo = t->opened;
		if (hi > span[j].hi)
			span[j].hi = hi;
	}
	/* indexed now, so that the clocks only read the indexes */
	for (size_t j = 0; j < nspan; j++)
		cal_prepare(span[j].cal, span[j].lo, span[j].hi);
	free(span);
}

/* A late or nearly late call's finding. */
static void late_call(const struct config *cfg, const struct tresult *r,
		      struct finding_list *fl)
{
	int breached = r->response.status == CLOCK_BREACHED ||
		       r->resolution.status == CLOCK_BREACHED;
	int risk = r->response.status == CLOCK_AT_RISK || r->resolution.status == CLOCK_AT_RISK;
	if (!breached && !risk)
		return;
	const struct feed *fd = &cfg->feed[r->t->feed];
	const struct supplier *sp = &cfg->sup[fd->supplier];
	/* waiting on the school at now: reported as that, not blamed on
	 * the supplier */
	int waiting = r->waiting;
	struct finding *f = finding_add(fl, waiting ? FK_TICKET_WAITING : breached ?
					FK_TICKET_BREACHED : FK_TICKET_AT_RISK, 0, sp->id, r->t->id);
	char opened[64];
	timefmt_local_short(cfg->tz, r->t->opened, opened, sizeof(opened));
	if (waiting) {
		/* a call merged with its new call (reopen_merge) waits as the
		 * new call does: since then, in its status */
		const struct ticket *w = r->waits;
		char since[64];
		timefmt_local_short(cfg->tz, w->waiting, since, sizeof(since));
		wording_ticket_waiting(f, r->t->id, r->t->cell[FIELD_SUMMARY], cfg->sla[r->sla].id,
				       opened, w->npause ? w->pause_status[w->npause - 1] : "paused",
				       since, &r->response, &r->resolution);
	} else {
		wording_ticket(f, sp->name, r->t->id, r->t->cell[FIELD_SUMMARY],
			       cfg->sla[r->sla].id, opened, &r->response, &r->resolution);
	}
	finding_evidence(f, fd->id, r->t->row, r->t->id, NULL);
}

/* Clock the chunks nobody has taken yet, once there are chunks. */
static void clock_chunks(struct ticket_work *w)
{
	struct evaluation *ev = w->ev;
	pthread_mutex_lock(&w->lock);
	while (!w->ready)
		pthread_cond_wait(&w->picked, &w->lock);
	pthread_mutex_unlock(&w->lock);
	size_t c;
	while ((c = atomic_fetch_add(&w->next, 1)) < w->nchunk) {
		size_t hi = (c + 1) * TICKET_CHUNK < ev->ntk ? (c + 1) * TICKET_CHUNK : ev->ntk;
		for (size_t i = c * TICKET_CHUNK; i < hi; i++) {
			struct tresult *r = &ev->tk[i];
			/* a ticket's pauses are an allocation of their own: ask
			 * for the next tickets' before they are needed */
			if (i + 8 < hi)
				__builtin_prefetch(ev->tk[i + 8].t);
			if (i + 4 < hi) {
				const struct ticket *n = ev->tk[i + 4].t;
				__builtin_prefetch(n->excl);
				__builtin_prefetch(n->pause);
			}
			evaluate_clock_merged(w->cfg, w->cals, r->t, r->reopen_next, r->sla,
					      ev->now, r);
			/* still running where its feed's good data ends: what
			 * happened since was not read */
			r->unknown = ev->feed[r->t->feed].good_until != GOOD_ALWAYS &&
				     !(r->response.stopped && r->resolution.stopped);
			if (!r->unknown)
				late_call(w->cfg, r, &w->chunk[c]);
		}
	}
}

/*
 * How many of each feed's window tickets have a cell, in each field some `when`
 * reads, and how many of those an SLA with its `when` on that field took: a
 * priority no SLA knows shows here before it shows as unmatched calls.
 */
static void when_fields(const struct config *cfg, const struct dataset *ds,
			struct evaluation *ev)
{
	for (size_t i = 0; i < ds->nt; i++) {
		const struct ticket *t = &ds->t[i];
		/* the window's tickets, as pick_tickets takes them */
		if (cfg->feed[t->feed].kind == KIND_ACTIVITIES || t->opened == TS_NONE ||
		    (t->resolved != TS_NONE && !(t->opened >= ev->from && t->opened < ev->to)))
			continue;
		struct feedresult *fr = &ev->feed[t->feed];
		int sup = cfg->feed[t->feed].supplier;
		/* recognised: the SLA that took the ticket (chosen already, no
		 * pattern run again) has its `when` on the field */
		int took = t->sla >= 0 && cfg->sla[t->sla].when ? cfg->sla[t->sla].field : -1;
		unsigned char done[FIELD_COUNT] = { 0 };
		for (size_t k = 0; k < cfg->nsla; k++) {
			const struct sla *s = &cfg->sla[k];
			if (!s->when || s->field < 0 || done[s->field] ||
			    (s->supplier >= 0 && s->supplier != sup))
				continue;
			const char *cell = t->cell[s->field];
			if (!cell || !*cell)
				continue;
			done[s->field] = 1;
			fr->when_seen[s->field]++;
			fr->when_recognised[s->field] += took == s->field;
		}
	}
}

/* Each SLA's counts and compliance from the clocked tickets. */
static void tally_tickets(const struct config *cfg, struct evaluation *ev)
{
	/* an SLA that takes tickets from a feed that is not ok has no verdict */
	for (size_t k = 0; k < cfg->nsla; k++)
		for (size_t f = 0; f < cfg->nfeed; f++)
			if (cfg->feed[f].kind != KIND_ACTIVITIES && ev->feed[f].status != FEED_OK &&
			    (cfg->sla[k].supplier < 0 || cfg->sla[k].supplier == cfg->feed[f].supplier))
				ev->sla[k].unknown = 1;
	for (size_t i = 0; i < ev->ntk; i++) {
		const struct tresult *r = &ev->tk[i];
		struct slaresult *sr = &ev->sla[r->sla];
		if (r->unknown)
			continue;
		if (r->response.stopped && r->resolution.stopped) {
			sr->tickets++;
			if (r->response.status == CLOCK_MET && r->resolution.status == CLOCK_MET)
				sr->met++;
		}
		if (r->response.status == CLOCK_BREACHED || r->resolution.status == CLOCK_BREACHED)
			sr->breached++;
		if (!r->resolution.stopped)
			sr->running++;
	}
	for (size_t k = 0; k < cfg->nsla; k++) {
		struct slaresult *sr = &ev->sla[k];
		if (!sr->tickets)
			continue;
		sr->has_compliance = 1;
		/* met / tickets to 4 places, half up, in integers */
		sr->compliance = clock_compliance(sr->met, sr->tickets);
		sr->missed = !sr->unknown && (int64_t)sr->compliance * 100 < cfg->sla[k].target_ppm;
	}
}

/* ---- obligations -------------------------------------------------------- */

int evaluate_is_evidence(const struct config *cfg, struct pattern_scratch *ps,
			 const struct activity *a, const struct dataset *ds, size_t r)
{
	const struct actrow *row = &ds->a[r];
	const struct feed *f = &cfg->feed[row->feed];
	if (f->kind != KIND_ACTIVITIES || f->supplier != a->supplier)
		return 0;
	if (row->code && *row->code) {
		if (str_ieq(row->code, a->id))
			return 1;
		for (size_t i = 0; i < a->codes.n; i++)
			if (str_ieq(row->code, a->codes.v[i]))
				return 1;
	}
	if (a->rule >= 0 && cfg->vocab && row->desc) {
		struct vocab_scan *sc = vocab_scan_new();
		vocab_scan_line(cfg->vocab, sc, row->desc);
		int v = vocab_match(cfg->vocab, sc, a->rule, NULL);
		vocab_scan_free(sc);
		return v == 1;   /* the vocabulary alone decides */
	}
	return a->evidence && row->desc &&
	       pattern_match(a->evidence, ps, row->desc, strlen(row->desc)) == 1;
}

/* Does evidence row text d report a problem for a (its problems, else its
 * concern pattern; evidence.h)? */
static int is_concern(const struct config *cfg, struct pattern_scratch *ps,
		      const struct activity *a, const char *d)
{
	if (a->prob >= 0 && cfg->vocab) {
		struct vocab_scan *sc = vocab_scan_new();
		vocab_scan_line(cfg->vocab, sc, d);
		int v = vocab_concern(cfg->vocab, sc, a->prob, a->rule, NULL);
		vocab_scan_free(sc);
		return v == 1;
	}
	return a->concern && pattern_match(a->concern, ps, d, strlen(d)) == 1;
}

/* Periods of `a` whose first date is in [from, to), as [first, end) dates. */
static size_t periods(const struct config *cfg, const struct activity *a, int64_t from,
		      int64_t to, int64_t **out)
{
	size_t n = 0, cap = 0;
	int64_t *v = NULL;
#define PUSH(x, y) do { VEC_GROW(v, n, cap, n + 2); v[n++] = (x); v[n++] = (y); } while (0)
	(void)cfg;
	switch (a->every) {
	case PERIOD_DAY:
		for (int64_t d = from; d < to; d++)
			PUSH(d, d + 1);
		break;
	case PERIOD_SCHOOL_DAY:
		for (int64_t d = from; d < to; d++)
			if (cal_is_open_date(a->cal, d))
				PUSH(d, d + 1);
		break;
	case PERIOD_WEEK:
	case PERIOD_SCHOOL_WEEK:
		for (int64_t d = civil_week_monday(from); d < to; d += 7) {
			if (d < from)
				continue;
			int ok = a->every == PERIOD_WEEK;
			for (int64_t k = d; k < d + 7 && !ok; k++)
				ok = cal_is_open_date(a->cal, k);
			if (ok)
				PUSH(d, d + 7);
		}
		break;
	case PERIOD_MONTH: {
		int y, m, dd;
		civil_from_days(from, &y, &m, &dd);
		for (int64_t d = civil_days(y, m, 1); d < to;) {
			int64_t next = m == 12 ? civil_days(y + 1, 1, 1) : civil_days(y, m + 1, 1);
			if (d >= from)
				PUSH(d, next);
			d = next;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		break;
	}
	case PERIOD_TERM: {
		const int64_t *f, *l;
		size_t nt = cal_terms(a->cal, &f, &l);
		for (size_t i = 0; i < nt; i++)
			if (f[i] >= from && f[i] < to)
				PUSH(f[i], l[i] + 1);
		break;
	}
	case PERIOD_YEAR: {
		int y, m, dd;
		civil_from_days(from, &y, &m, &dd);
		for (int yy = y - 1; civil_days(yy, 9, 1) < to; yy++) {
			int64_t d = civil_days(yy, 9, 1);
			if (d >= from)
				PUSH(d, civil_days(yy + 1, 9, 1));
		}
		break;
	}
	default:
		break;
	}
#undef PUSH
	*out = v;
	return n / 2;
}

/* 1 when the supplier sends an activity log that could hold evidence. */
/*
 * Periods are judged only for suppliers that send an activity log: without
 * one every period would read "missed", which says nothing new; the
 * function's no-evidence finding says it once instead.
 */
struct hit {
	int64_t at;
	size_t row;       /* dataset activity row */
	int concern;      /* the row also matches the activity's concern pattern */
};

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* First hit with at >= t. */
static size_t first_at(const struct hit *v, size_t n, int64_t t)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (v[m].at < t)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

/* One activity's evidence rows. */
struct evrows {
	struct hit *v;            /* in row order until eval_obligations sorts them */
	size_t n, cap;
	unsigned char *concern;   /* by ev->match index: the row reports a problem */
	int64_t *at;              /* by ev->match index: the row's time (no trip to
				     the row itself: a year of rows is large) */
};

static void push_hit(struct evrows *e, const struct actrow *row, size_t r, int concern)
{
	VEC_GROW(e->v, e->n, e->cap, e->n + 1);
	e->v[e->n++] = (struct hit){ row->at, r, concern };
}

/*
 * Every judged activity's evidence rows, in row order: from the row masks
 * for activities with a bit (one pass over the rows), by matching for the
 * rest.  A bit maps to an activity through the row's feed's plan.
 */
/* On-site rows of one supplier, sorted by time, with running sums so a
 * week's hours are two binary searches. */
struct onsite {
	int64_t *at;
	int64_t *cum;      /* cum[i] = hours of rows before i, micro-hours */
	size_t n, cap;
};

static void collect_evidence(const struct config *cfg, const struct dataset *ds,
			     struct evrows *er, struct onsite *os, struct pattern_scratch *ps)
{
	unsigned char *has_bit = xcalloc(cfg->nact ? cfg->nact : 1, 1);
	for (size_t f = 0; f < cfg->nfeed; f++) {
		const struct evidence_plan *p = dataset_plan(ds, (int)f);
		for (size_t j = 0; p && j < evidence_plan_count(p) && j < EVIDENCE_BITS; j++)
			has_bit[evidence_plan_act(p, j)] = 1;
	}
	/* one pass over the rows (a year of them is large): evidence hits,
	 * and each supplier's on-site rows */
	int plan_feed = -1;
	const struct evidence_plan *p = NULL;
	for (size_t r = 0; r < ds->na; r++) {
		const struct actrow *row = &ds->a[r];
		if (row->onsite) {
			struct onsite *o = &os[cfg->feed[row->feed].supplier];
			if (o->n + 1 > o->cap) {
				o->cap = o->cap ? 2 * o->cap : 256;
				o->at = xreallocarray(o->at, o->cap, sizeof(int64_t));
				o->cum = xreallocarray(o->cum, o->cap + 1, sizeof(int64_t));
			}
			o->at[o->n] = row->at;
			o->cum[++o->n] = row->hours_uh;   /* made running sums later */
		}
		if (row->feed != plan_feed) {   /* rows come a feed at a time */
			plan_feed = row->feed;
			p = dataset_plan(ds, plan_feed);
		}
		if (!p)
			continue;
		for (uint64_t m = row->ev; m; m &= m - 1) {
			int j = __builtin_ctzll((unsigned long long)m);
			int act = evidence_plan_act(p, (size_t)j);
			if (act >= 0)
				push_hit(&er[act], row, r, (int)((row->concern >> j) & 1));
		}
	}
	for (size_t i = 0; i < cfg->nact; i++) {
		const struct activity *a = &cfg->act[i];
		if (has_bit[i] || a->supplier < 0 || !config_sends_log(cfg, a->supplier))
			continue;
		for (size_t r = 0; r < ds->na; r++)
			if (evaluate_is_evidence(cfg, ps, a, ds, r)) {
				const char *d = ds->a[r].desc ? ds->a[r].desc : "";
				push_hit(&er[i], &ds->a[r], r, is_concern(cfg, ps, a, d));
			}
	}
	free(has_bit);
}

static void eval_obligations(const struct config *cfg, const struct dataset *ds,
			     struct evaluation *ev, struct evrows *er)
{
	size_t cap = 0;
	(void)ds;
	for (size_t i = 0; i < cfg->nact; i++) {
		const struct activity *a = &cfg->act[i];
		if (a->supplier < 0 || !config_sends_log(cfg, a->supplier))
			continue;
		struct hit *hits = er[i].v;
		size_t nm = er[i].n;
		ev->nmatch[i] = nm;
		ev->match[i] = xreallocarray(NULL, nm ? nm : 1, sizeof(size_t));
		er[i].concern = xmalloc(nm ? nm : 1);
		er[i].at = xreallocarray(NULL, nm ? nm : 1, sizeof(int64_t));
		for (size_t k = 0; k < nm; k++) {
			ev->match[i][k] = hits[k].row;
			er[i].concern[k] = (unsigned char)hits[k].concern;
			er[i].at[k] = hits[k].at;
		}
		/* rows from the store come in time order already */
		for (size_t k = 1; k < nm; k++)
			if (cmp_hit(&hits[k - 1], &hits[k]) > 0) {
				qsort(hits, nm, sizeof(*hits), cmp_hit);
				break;
			}
		int64_t good = log_good_until(cfg, ev, a->supplier);
		int64_t *p;
		size_t np = periods(cfg, a, ev->from_day, ev->to_day, &p);
		for (size_t k = 0; k < np; k++) {
			VEC_GROW(ev->ob, ev->nob, cap, ev->nob + 1);
			struct obligation *o = &ev->ob[ev->nob++];
			memset(o, 0, sizeof(*o));
			o->act = (int)i;
			o->first_day = p[2 * k];
			o->end_day = p[2 * k + 1];
			o->start = tz_midnight(cfg->tz, o->first_day);
			o->end = tz_midnight(cfg->tz, o->end_day);
			int64_t until = o->end + a->grace;
			size_t lo = first_at(hits, nm, o->start), hi = first_at(hits, nm, until);
			o->evidence = hi - lo;
			o->first_row = lo < hi ? hits[lo].row : (size_t)-1;
			o->first_concern = (size_t)-1;
			for (size_t h = lo; h < hi; h++)
				if (hits[h].concern) {
					if (!o->concerns)
						o->first_concern = hits[h].row;
					o->concerns++;
				}
			if (o->evidence >= (size_t)a->times)
				o->status = OB_DONE;
			else if (until > good)
				o->status = OB_UNKNOWN;
			else if (ev->now >= until)
				o->status = OB_MISSED;
			else
				o->status = OB_DUE;
		}
		free(p);
	}
}

/* ---- on-site hours ------------------------------------------------------ */

static int cmp_pair(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Sort o's rows by time (rows from the store are in order already) and
 * turn its hours into running sums: cum[i] = hours of rows before i. */
static void onsite_finish(struct onsite *o)
{
	if (!o->cum)
		o->cum = xcalloc(1, sizeof(int64_t));
	o->cum[0] = 0;
	int sorted = 1;
	for (size_t i = 1; i < o->n && sorted; i++)
		sorted = o->at[i - 1] <= o->at[i];
	if (!sorted) {
		int64_t *pairs = xreallocarray(NULL, 2 * o->n, sizeof(int64_t));
		for (size_t i = 0; i < o->n; i++) {
			pairs[2 * i] = o->at[i];
			pairs[2 * i + 1] = o->cum[i + 1];
		}
		qsort(pairs, o->n, 2 * sizeof(int64_t), cmp_pair);
		for (size_t i = 0; i < o->n; i++) {
			o->at[i] = pairs[2 * i];
			o->cum[i + 1] = pairs[2 * i + 1];
		}
		free(pairs);
	}
	for (size_t i = 0; i < o->n; i++)
		o->cum[i + 1] += o->cum[i];
}

/* First row at or after t. */
static size_t onsite_at(const struct onsite *o, int64_t t)
{
	size_t lo = 0, hi = o->n;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		if (o->at[m] < t)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

static void eval_hours(const struct config *cfg, struct onsite *all, struct evaluation *ev)
{
	size_t cap = 0;
	for (size_t s = 0; s < cfg->nsup; s++) {
		const struct supplier *sp = &cfg->sup[s];
		if (sp->onsite_s < 0)
			continue;
		struct onsite os = all[s];
		onsite_finish(&os);
		int64_t good = log_good_until(cfg, ev, (int)s);
		for (int64_t d = civil_week_monday(ev->from_day); d < ev->to_day; d += 7) {
			if (d < ev->from_day)
				continue;
			int open = 0;
			for (int64_t k = d; k < d + 7 && !open; k++)
				open = cal_is_open_date(sp->cal, k);
			if (!open)
				continue;
			VEC_GROW(ev->wk, ev->nwk, cap, ev->nwk + 1);
			struct weekhours *w = &ev->wk[ev->nwk++];
			memset(w, 0, sizeof(*w));
			w->sup = (int)s;
			w->monday = d;
			int64_t a = tz_midnight(cfg->tz, d), b = tz_midnight(cfg->tz, d + 7);
			size_t i = onsite_at(&os, a), k = onsite_at(&os, b);
			w->delivered_uh = os.cum[k] - os.cum[i];
			w->rows = k - i;
			/* delivered >= contracted, exactly: uh * 3600 vs s * 1e6 */
			if (w->delivered_uh * 3600 >= sp->onsite_s * 1000000)
				w->status = HOURS_OK;
			else if (b > good)
				w->status = HOURS_UNKNOWN;
			else if (ev->now >= b)
				w->status = HOURS_SHORT;
			else
				w->status = HOURS_DUE;
		}
		all[s] = os;
	}
}

/* ---- per-function compliance ------------------------------------------ */

static void eval_functions(const struct config *cfg, const struct dataset *ds,
			   struct evaluation *ev, const struct evrows *er)
{
	size_t cap = 0;
	unsigned char *seen = NULL;
	for (size_t s = 0; s < cfg->nsup; s++) {
		/* the school's own functions are scored only when it keeps a log */
		if (cfg->sup[s].is_school && !config_sends_log(cfg, (int)s))
			continue;
		for (size_t j = 0; j < cfg->sup[s].nowns; j++) {
			VEC_GROW(ev->fn, ev->nfn, cap, ev->nfn + 1);
			struct funcresult *fr = &ev->fn[ev->nfn++];
			memset(fr, 0, sizeof(*fr));
			fr->sup = (int)s;
			fr->function = cfg->sup[s].owns[j];
			for (size_t k = 0; k < ev->nob; k++) {
				const struct activity *a = &cfg->act[ev->ob[k].act];
				if (a->supplier != (int)s || !a->function ||
				    strcmp(a->function, fr->function) || ev->ob[k].status == OB_DUE ||
				    ev->ob[k].status == OB_UNKNOWN)
					continue;
				fr->periods++;
				fr->done += ev->ob[k].status == OB_DONE;
			}
			/* rows in the window that are evidence for any of the
			 * function's activities, each row once */
			if (!seen)
				seen = xcalloc(ds->na ? ds->na : 1, 1);
			for (size_t k = 0; k < cfg->nact; k++) {
				const struct activity *a = &cfg->act[k];
				if (a->supplier != (int)s || !a->function ||
				    strcmp(a->function, fr->function))
					continue;
				for (size_t m = 0; m < ev->nmatch[k]; m++) {
					size_t r = ev->match[k][m];
					if (seen[r] || er[k].at[m] < ev->from || er[k].at[m] >= ev->to)
						continue;
					seen[r] = 1;
					fr->evidence_rows++;
				}
			}
			/* clear what was marked, for the next function */
			for (size_t k = 0; k < cfg->nact; k++)
				if (cfg->act[k].supplier == (int)s)
					for (size_t m = 0; m < ev->nmatch[k]; m++)
						seen[ev->match[k][m]] = 0;
		}
	}
	free(seen);
}

/* ---- findings ------------------------------------------------------------ */

/* The feed-unreadable finding of feed i: what was wrong, and the fix. */
static void unreadable(const struct config *cfg, const struct dataset *ds,
		       const struct evaluation *ev, int i, struct finding_list *fl)
{
	const struct feed *fd = &cfg->feed[i];
	const struct supplier *sp = &cfg->sup[fd->supplier];
	const struct health *h = &ds->fs[i].health;
	const struct feedresult *fr = &ev->feed[i];
	struct unreadable u = { 0 };
	u.kind_words = fd->kind == KIND_ACTIVITIES ? "work log" : "call log";
	u.rows = h->rows;
	u.rejected = h->rejected;
	u.max_rejected = fd->max_rejected;
	u.time_format = fd->time_format;
	const struct health_reason *top = health_top_reason(h);
	if (top) {
		u.top_reason = top->text;
		u.top_n = top->n;
	}
	struct timeguess g;
	char gu[64];
	if (fr->unread_col >= 0) {
		enum field c = (enum field)fr->unread_col;
		u.column = fields_name(c);
		u.header = fd->column[c] ? fd->column[c] : u.column;
		u.is_time = c != FIELD_ONSITE;
		u.seen = h->col[c].seen;
		if (u.is_time && h->sample_field == (int)c && h->nsample) {
			u.example = h->sample[0];
			if (timeguess_cells((const char *const *)h->sample, h->nsample, &g) == 0 &&
			    g.parsed == h->nsample) {
				u.suggest = g.format;
				u.reading = g.reading[0] ? g.reading : NULL;
				u.ambiguous = g.ambiguous;
				u.example = g.example;
			}
		}
	}
	if (fr->good_until != TS_NONE) {
		timefmt_local_short(cfg->tz, fr->good_until, gu, sizeof(gu));
		u.good_until = gu;
	}
	struct finding *f = finding_add(fl, FK_FEED_UNREADABLE, 1, sp->id, fd->id);
	wording_feed_unreadable(f, sp->name, fd->id, &u);
	finding_evidence(f, fd->id, 0, NULL, NULL);
}

size_t evaluate_unchecked(const struct evaluation *ev)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->nfeed; i++)
		n += ev->feed[i].status != FEED_OK;
	return n;
}

/*
 * The reopened-as-new pairs among the window's calls (reopen.h), before
 * they are clocked: a first call merged with its new call (reopen_merge)
 * gets it in reopen_next.
 */
static void find_reopens(const struct config *cfg, const struct dataset *ds,
			 struct evaluation *ev, struct reopen_pairs *pairs)
{
	const struct ticket **calls = xcalloc(ev->ntk ? ev->ntk : 1, sizeof(*calls));
	int *sla = xcalloc(ev->ntk ? ev->ntk : 1, sizeof(*sla));
	for (size_t i = 0; i < ev->ntk; i++) {
		calls[i] = ev->tk[i].t;
		sla[i] = ev->tk[i].sla;
	}
	reopen_find(cfg, ds, calls, sla, ev->ntk, pairs);
	free(calls);
	free(sla);
	for (size_t i = 0; pairs->nmerge && i < ev->ntk; i++) {
		const struct reopen_pair *p = reopen_merged(pairs, ev->tk[i].t);
		ev->tk[i].reopen_next = p ? p->next : NULL;
	}
}

/*
 * The signals on the window's clocked calls: reopened-as-new for each
 * pair (with the first call's merged clock when it is judged here), and
 * long-pause (longpause.h) for calls with a verdict.
 */
static void raise_signals(const struct config *cfg, struct evaluation *ev,
			  const struct reopen_pairs *pairs, struct finding_list *fl)
{
	const struct clock **merged = xcalloc(pairs->n ? pairs->n : 1, sizeof(*merged));
	for (size_t i = 0; i < ev->ntk; i++) {
		const struct tresult *r = &ev->tk[i];
		if (r->reopen_next) {
			const struct reopen_pair *p = reopen_merged(pairs, r->t);
			if (p)
				merged[p - pairs->v] = &r->resolution;
		}
	}
	for (size_t j = 0; j < pairs->n; j++)
		reopen_finding(cfg, &pairs->v[j], merged[j], fl);
	free(merged);
	for (size_t i = 0; i < ev->ntk; i++) {
		const struct tresult *r = &ev->tk[i];
		const struct sla *s = &cfg->sla[r->sla];
		if (r->unknown)
			continue;
		int64_t day = cal_longest_day(evaluate_sla_cal(cfg, s, r->t));
		if (longpause_is_long(r->paused, r->resolution.elapsed, day, s->pause_share_ppm))
			longpause_finding(cfg, r->t, r->reopen_next, r->sla, r->paused,
					  r->resolution.elapsed, ev->now, fl);
	}
}

/* The supplier's own verdicts on the calls compliance counts (claims.h). */
static void audit_claims(const struct config *cfg, struct evaluation *ev)
{
	struct claim_call *v = xcalloc(ev->ntk ? ev->ntk : 1, sizeof(*v));
	unsigned char *unknown = xcalloc(cfg->nsla ? cfg->nsla : 1, 1);
	size_t n = 0;
	for (size_t k = 0; k < cfg->nsla; k++)
		unknown[k] = (unsigned char)ev->sla[k].unknown;
	for (size_t i = 0; i < ev->ntk; i++) {
		const struct tresult *r = &ev->tk[i];
		if (r->sla < 0 || r->unknown || !r->response.stopped || !r->resolution.stopped)
			continue;
		v[n++] = (struct claim_call){ r->t, i, r->sla, r->response.status == CLOCK_MET &&
					      r->resolution.status == CLOCK_MET };
	}
	ev->claims = claims_audit(cfg, v, n, unknown);
	free(v);
	free(unknown);
}

static void raise_findings(const struct config *cfg, const struct dataset *ds,
			   struct evaluation *ev, const struct evrows *er, struct ticket_work *tw,
			   const struct reopen_pairs *pairs)
{
	struct finding_list *fl = &ev->findings;
	char a[64], b[64];
	/* each missed SLA's finding lists its late tickets: one pass over the
	 * tickets for all of them (by index: the list may move as it grows) */
	size_t *slafinding = xcalloc(cfg->nsla ? cfg->nsla : 1, sizeof(*slafinding));
	int any_missed = 0;
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct slaresult *sr = &ev->sla[k];
		slafinding[k] = (size_t)-1;
		if (!sr->missed)
			continue;
		const struct sla *s = &cfg->sla[k];
		const char *sup = s->supplier >= 0 ? cfg->sup[s->supplier].id : NULL;
		struct finding *f = finding_add(fl, FK_SLA_TARGET_MISSED, 1, sup, s->id);
		wording_sla_missed(f, s->id, s->supplier >= 0 ? cfg->sup[s->supplier].name : NULL,
				   sr->tickets, sr->met, sr->compliance, s->target_ppm);
		slafinding[k] = fl->n - 1;
		any_missed = 1;
	}
	for (size_t i = 0; any_missed && i < ev->ntk; i++) {
		const struct tresult *r = &ev->tk[i];
		if (slafinding[r->sla] != (size_t)-1 && r->response.stopped &&
		    r->resolution.stopped &&
		    !(r->response.status == CLOCK_MET && r->resolution.status == CLOCK_MET))
			finding_evidence(&fl->v[slafinding[r->sla]], cfg->feed[r->t->feed].id,
					 r->t->row, r->t->id, NULL);
	}
	/* the late calls' findings, made with the clocks */
	for (size_t c = 0; c < tw->nchunk; c++)
		finding_list_take(fl, &tw->chunk[c]);
	free(slafinding);
	for (size_t i = 0; i < ev->nob; i++) {
		const struct obligation *o = &ev->ob[i];
		if (o->status != OB_MISSED)
			continue;
		const struct activity *ac = &cfg->act[o->act];
		const struct supplier *sp = &cfg->sup[ac->supplier];
		civil_format_date(o->first_day, a, sizeof(a));
		char *subject = xasprintf("%s %s", ac->id, a);
		struct finding *f = finding_add(fl, FK_ACTIVITY_MISSED, ac->severity == SEV_RED,
						sp->id, subject);
		free(subject);
		wording_activity_missed(f, sp->name, sp->is_school, ac->title, ac->every, o->first_day,
					o->end_day, ac->times, o->evidence, ac->grace);
		f->key = finding_text(f, ac->id, strlen(ac->id));
		f->day = o->first_day;
		civil_format_date(o->end_day, b, sizeof(b));
		char *period = xasprintf("%s..%s", a, b);
		if (o->first_row != (size_t)-1) {
			const struct actrow *row = &ds->a[o->first_row];
			finding_evidence(f, cfg->feed[row->feed].id, row->row, NULL, period);
		} else {
			finding_evidence(f, NULL, 0, NULL, period);
		}
		free(period);
	}
	/* one concern finding per activity: its evidence rows in the window
	 * that report a problem (a failed backup still counts as checked) */
	for (size_t k = 0; k < cfg->nact; k++) {
		const struct activity *ac = &cfg->act[k];
		if ((!ac->concern && ac->prob < 0) || !ev->nmatch[k])
			continue;
		size_t bad = 0, judged = 0;
		struct strbuf dates = STRBUF_INIT;
		const char *example = NULL;
		struct finding *f = NULL;
		for (size_t m = 0; m < ev->nmatch[k]; m++) {
			if (er[k].at[m] < ev->from || er[k].at[m] >= ev->to)
				continue;
			judged++;
			if (!er[k].concern[m])
				continue;
			const struct actrow *row = &ds->a[ev->match[k][m]];
			if (!f)
				f = finding_add(fl, FK_ACTIVITY_CONCERN, ac->severity == SEV_RED,
						cfg->sup[ac->supplier].id, ac->id);
			if (!example)
				example = row->desc ? row->desc : "";
			if (bad < 5) {
				civil_format_short(tz_day_of(cfg->tz, row->at), a, sizeof(a));
				sb_printf(&dates, "%s%s", bad ? ", " : "", a);
			}
			bad++;
			finding_evidence(f, cfg->feed[row->feed].id, row->row, NULL, NULL);
		}
		if (f) {
			if (bad > 5)
				sb_printf(&dates, " and %zu more", bad - 5);
			wording_activity_concern(f, cfg->sup[ac->supplier].name, ac->title, bad, judged,
						 dates.buf, example);
		}
		sb_release(&dates);
	}
	for (size_t i = 0; i < ev->nwk; i++) {
		const struct weekhours *w = &ev->wk[i];
		if (w->status != HOURS_SHORT)
			continue;
		const struct supplier *sp = &cfg->sup[w->sup];
		civil_format_week(w->monday, a, sizeof(a));
		char *subject = xasprintf("%s %s", sp->id, a);
		struct finding *f = finding_add(fl, FK_HOURS_SHORT, 0, sp->id, subject);
		free(subject);
		wording_hours_short(f, sp->name, w->monday, sp->onsite_s, w->delivered_uh);
		f->key = finding_text(f, sp->id, strlen(sp->id));
		f->day = w->monday;
		finding_evidence(f, NULL, 0, NULL, a);
	}
	for (size_t i = 0; i < cfg->nfeed; i++)
		if (ev->feed[i].status == FEED_UNREADABLE)
			unreadable(cfg, ds, ev, (int)i, fl);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		if (ev->feed[i].status != FEED_STALE)
			continue;
		const struct feed *fd = &cfg->feed[i];
		const struct supplier *sp = &cfg->sup[fd->supplier];
		struct finding *f = finding_add(fl, FK_FEED_STALE, 1, sp->id, fd->id);
		if (ev->feed[i].last_success != TS_NONE)
			timefmt_local_short(cfg->tz, ev->feed[i].last_success, a, sizeof(a));
		wording_feed_stale(f, sp->name, fd->id,
				   ev->feed[i].last_success != TS_NONE ? a : NULL, fd->stale_after);
		finding_evidence(f, fd->id, 0, NULL, NULL);
	}
	for (size_t i = 0; i < ev->nfn; i++) {
		const struct funcresult *fr = &ev->fn[i];
		if (fr->evidence_rows || cfg->sup[fr->sup].is_school ||
		    log_good_until(cfg, ev, fr->sup) < ev->to)
			continue;
		/* Only functions with monitored activities can show evidence. */
		int any = 0;
		for (size_t k = 0; k < cfg->nact && !any; k++)
			any = cfg->act[k].supplier == fr->sup && cfg->act[k].function &&
			      !strcmp(cfg->act[k].function, fr->function);
		if (!any)
			continue;
		const struct supplier *sp = &cfg->sup[fr->sup];
		const struct function *fn = config_function(cfg, fr->function);
		char *subject = xasprintf("%s %s", sp->id, fr->function);
		struct finding *f = finding_add(fl, FK_NO_EVIDENCE, 0, sp->id, subject);
		free(subject);
		wording_no_evidence(f, sp->name, fn ? fn->title : fr->function,
				    fn ? fn->description : "");
	}
	/* the signals read from calls' copies */
	for (size_t i = 0; i < ev->ntk; i++)
		rewrites_ticket(cfg, tw->cals, ev->tk[i].t, ev->tk[i].sla, fl);
	raise_signals(cfg, ev, pairs, fl);
	audit_claims(cfg, ev);
	claims_findings(cfg, ev->claims, fl);
	finding_sort(fl);
	for (size_t i = 0; i < fl->n; i++) {
		if (fl->v[i].red)
			ev->red++;
		else
			ev->amber++;
	}
}

/*
 * The activity rows' part of an evaluation: evidence, obligations,
 * on-site hours and the functions' scores, on a thread of its own that
 * starts before the tickets are picked and then helps clock them.  It
 * writes only ev->match, nmatch, ob, nob, wk, nwk, fn and nfn, and er.
 * Meanwhile pick_tickets writes ev->tk, ntk and unmatched, matches SLA
 * patterns (never an activity's) and builds the clocks' calendar indexes
 * (the evaluation's own, in tw.cals; the date lookups here read only the
 * calendars' hours, terms and closures); a chunk of tickets writes only
 * its own ev->tk entries and findings list.  Each side matches patterns
 * with a scratch of its own (pattern.h).  Everything else both sides only
 * read: config (nothing in it is written after config_load), dataset,
 * time zone.
 */
struct activity_side {
	const struct config *cfg;
	const struct dataset *ds;
	struct evaluation *ev;
	struct evrows *er;
	struct ticket_work *tickets;   /* joined in when done */
	struct pattern_scratch *ps;    /* this side's */
};

/* Each activity's periods by status (struct actresult). */
static void tally_periods(const struct config *cfg, struct evaluation *ev)
{
	ev->act = xcalloc(cfg->nact ? cfg->nact : 1, sizeof(*ev->act));
	for (size_t k = 0; k < ev->nob; k++) {
		struct actresult *a = &ev->act[ev->ob[k].act];
		switch (ev->ob[k].status) {
		case OB_DONE: a->done++; break;
		case OB_MISSED: a->missed++; break;
		case OB_DUE: a->due++; break;
		case OB_UNKNOWN: a->unknown++; break;
		}
	}
}

static void *activity_side(void *arg)
{
	struct activity_side *as = arg;
	const struct config *cfg = as->cfg;
	struct onsite *os = xcalloc(cfg->nsup ? cfg->nsup : 1, sizeof(*os));
	collect_evidence(cfg, as->ds, as->er, os, as->ps);
	eval_obligations(cfg, as->ds, as->ev, as->er);
	tally_periods(cfg, as->ev);
	eval_hours(cfg, os, as->ev);
	eval_functions(cfg, as->ds, as->ev, as->er);
	for (size_t i = 0; i < cfg->nsup; i++) {
		free(os[i].at);
		free(os[i].cum);
	}
	free(os);
	clock_chunks(as->tickets);
	return NULL;
}

/* Matches of SLA s's conditions (its `when` and every when.FIELD) that
 * scratch ps stopped at the match limit. */
static unsigned long sla_hits(const struct pattern_scratch *ps, const struct sla *s)
{
	unsigned long n = s->when ? pattern_limit_hits(ps, s->when) : 0;
	for (size_t c = 0; c < s->nalso; c++)
		n += pattern_limit_hits(ps, s->also[c].re);
	return n;
}

unsigned long evaluate_sla_limit_hits(const struct config *cfg, const struct dataset *ds,
				      const struct evaluation *ev, size_t k)
{
	return sla_hits(ds->ps, &cfg->sla[k]) + ev->sla_limit_hits[k];
}

unsigned long evaluate_act_limit_hits(const struct config *cfg, const struct dataset *ds,
				      const struct evaluation *ev, size_t i)
{
	const struct pattern *e = cfg->act[i].evidence;
	return (e ? pattern_limit_hits(ds->ps, e) : 0) + ev->act_limit_hits[i];
}

struct evaluation *evaluate(const struct config *cfg, const struct dataset *ds, int64_t now,
			    int64_t from_day, int64_t to_day)
{
	struct evaluation *ev = xcalloc(1, sizeof(*ev));
	ev->now = now;
	ev->from_day = from_day;
	ev->to_day = to_day;
	evaluate_window(cfg, now, &ev->from_day, &ev->to_day);
	ev->from = tz_midnight(cfg->tz, ev->from_day);
	ev->to = tz_midnight(cfg->tz, ev->to_day);
	ev->sla = xcalloc(cfg->nsla ? cfg->nsla : 1, sizeof(*ev->sla));
	ev->feed = xcalloc(cfg->nfeed ? cfg->nfeed : 1, sizeof(*ev->feed));
	ev->nfeed = cfg->nfeed;
	ev->match = xcalloc(cfg->nact ? cfg->nact : 1, sizeof(*ev->match));
	ev->nmatch = xcalloc(cfg->nact ? cfg->nact : 1, sizeof(*ev->nmatch));
	ev->nact = cfg->nact;
	judge_feeds(cfg, ds, ev);
	struct evrows *er = xcalloc(cfg->nact ? cfg->nact : 1, sizeof(*er));
	struct ticket_work tw = { .cfg = cfg, .ev = ev, .cals = cal_indexes_new() };
	struct pattern_scratch *ps = pattern_scratch_new();   /* this thread's */
	atomic_init(&tw.next, 0);
	pthread_mutex_init(&tw.lock, NULL);
	pthread_cond_init(&tw.picked, NULL);
	/* the activity rows on a second thread from the start, while this
	 * one picks the tickets; then both clock them (see struct
	 * activity_side for who writes what) */
	struct activity_side as = { cfg, ds, ev, er, &tw, pattern_scratch_new() };
	pthread_t worker;
	int threaded = pthread_create(&worker, NULL, activity_side, &as) == 0;
	pick_tickets(cfg, ds, ev, tw.cals, ps);
	struct reopen_pairs pairs;
	find_reopens(cfg, ds, ev, &pairs);
	size_t nchunk = (ev->ntk + TICKET_CHUNK - 1) / TICKET_CHUNK;
	struct finding_list *chunk = xcalloc(nchunk ? nchunk : 1, sizeof(*chunk));
	pthread_mutex_lock(&tw.lock);
	tw.nchunk = nchunk;
	tw.chunk = chunk;
	tw.ready = 1;
	pthread_cond_broadcast(&tw.picked);
	pthread_mutex_unlock(&tw.lock);
	clock_chunks(&tw);
	if (threaded)
		pthread_join(worker, NULL);
	else
		activity_side(&as);
	pthread_cond_destroy(&tw.picked);
	pthread_mutex_destroy(&tw.lock);
	tally_tickets(cfg, ev);
	when_fields(cfg, ds, ev);
	raise_findings(cfg, ds, ev, er, &tw, &pairs);
	reopen_pairs_free(&pairs);
	free(tw.chunk);
	for (size_t i = 0; i < cfg->nact; i++) {
		free(er[i].v);
		free(er[i].concern);
		free(er[i].at);
	}
	free(er);
	cal_indexes_free(tw.cals);
	ev->sla_limit_hits = xcalloc(cfg->nsla ? cfg->nsla : 1, sizeof(*ev->sla_limit_hits));
	ev->act_limit_hits = xcalloc(cfg->nact ? cfg->nact : 1, sizeof(*ev->act_limit_hits));
	for (size_t i = 0; i < cfg->nsla; i++) {
		ev->sla_limit_hits[i] = sla_hits(ps, &cfg->sla[i]) + sla_hits(as.ps, &cfg->sla[i]);
		ev->limit_warnings += evaluate_sla_limit_hits(cfg, ds, ev, i) > 0;
	}
	for (size_t i = 0; i < cfg->nact; i++) {
		const struct pattern *e = cfg->act[i].evidence;
		if (!e)
			continue;
		ev->act_limit_hits[i] = pattern_limit_hits(ps, e) + pattern_limit_hits(as.ps, e);
		ev->limit_warnings += evaluate_act_limit_hits(cfg, ds, ev, i) > 0;
	}
	pattern_scratch_free(ps);
	pattern_scratch_free(as.ps);
	return ev;
}

int64_t evaluate_weeks_first(int64_t to_day)
{
	return civil_week_monday(to_day - 1) - 7 * (EVALUATE_WEEKS - 1);
}

void evaluate_weeks(const struct config *cfg, const struct dataset *ds, struct evaluation *ev)
{
	int64_t first = evaluate_weeks_first(ev->to_day);
	free(ev->week);
	ev->week = xcalloc(cfg->nsla * EVALUATE_WEEKS + 1, sizeof(*ev->week));
	ev->week_first = first;
	for (int w = 0; w < EVALUATE_WEEKS; w++) {
		int64_t a = first + 7 * w, b = a + 7;
		if (b > ev->to_day)
			b = ev->to_day;
		struct evaluation *we = evaluate(cfg, ds, ev->now, a, b);
		for (size_t k = 0; k < cfg->nsla; k++) {
			struct slaweek *pt = &ev->week[k * EVALUATE_WEEKS + (size_t)w];
			pt->tickets = we->sla[k].tickets;
			pt->met = we->sla[k].met;
			pt->has = we->sla[k].has_compliance;
			pt->compliance = we->sla[k].compliance;
		}
		/* the weeks' patterns count in the warning as the whole's do */
		for (size_t k = 0; k < cfg->nsla; k++)
			ev->sla_limit_hits[k] += we->sla_limit_hits[k];
		for (size_t i = 0; i < cfg->nact; i++)
			ev->act_limit_hits[i] += we->act_limit_hits[i];
		evaluation_free(we);
	}
}

void evaluation_free(struct evaluation *ev)
{
	if (!ev)
		return;
	free(ev->week);
	free(ev->trend);
	for (size_t i = 0; i < ev->ncredit; i++)
		free(ev->credit[i].item);
	free(ev->credit);
	free(ev->tk);
	free(ev->sla);
	free(ev->ob);
	free(ev->wk);
	free(ev->feed);
	free(ev->fn);
	free(ev->act);
	for (size_t i = 0; i < ev->nact; i++)
		free(ev->match[i]);
	free(ev->match);
	free(ev->nmatch);
	free(ev->sla_limit_hits);
	free(ev->act_limit_hits);
	claims_free(ev->claims);
	finding_list_free(&ev->findings);
	free(ev);
}
