/*
 * explanation — cut the ticket's span at every boundary that matters (local
 * midnights, the start and end of open hours, pauses, the response stop),
 * classify each piece once, and merge neighbours with the same reason.
 */
#include "explanation.h"

#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "civil.h"
#include "clock.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "pattern.h"
#include "reopen.h"
#include "slachoice.h"
#include "tz.h"
#include "util.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * A walk over sorted, disjoint spans by instants that only grow: each
 * span is passed once, so classifying every piece of a ticket costs
 * O(pieces + spans), not O(pieces x spans).
 */
struct walk {
	const struct span *v;
	size_t n, i;
};

/* Index of the span holding t, or -1; t is never less than the last t asked. */
static long walk_to(struct walk *w, int64_t t, size_t *steps)
{
	while (w->i < w->n && w->v[w->i].b <= t) {
		++*steps;
		w->i++;
	}
	++*steps;
	return w->i < w->n && t >= w->v[w->i].a ? (long)w->i : -1;
}

/* Why the piece starting at x counts or not (p gets reason and label). */
static void classify(const struct config *cfg, const struct cal *cal, const struct ticket *t,
		     int64_t x, struct expl_piece *p, struct walk *pause, struct walk *excl,
		     size_t *steps)
{
	int64_t day = tz_day_of(cfg->tz, x);
	int64_t iv[64];
	int open = 0;
	p->label = NULL;
	p->weekday = 0;
	for (int64_t d = day - 1; d <= day + 1 && !open; d++) {
		size_t n = cal_day_intervals(cal, d, iv, 32);
		for (size_t k = 0; k < n && !open; k++)
			open = x >= iv[2 * k] && x < iv[2 * k + 1];
	}
	if (!open) {
		const char *label;
		switch (cal_day_state(cal, day, &label)) {
		case CAL_NO_HOURS:
			p->reason = EXPL_NO_HOURS;
			p->weekday = civil_weekday(day);
			break;
		case CAL_NOT_TERM:
			p->reason = EXPL_NOT_TERM;
			break;
		case CAL_CLOSED:
			p->reason = EXPL_CLOSED;
			p->label = label ? label : "";
			break;
		default:
			p->reason = EXPL_OUTSIDE_HOURS;
			break;
		}
		return;
	}
	long k = walk_to(pause, x, steps);
	if (k >= 0) {
		p->reason = EXPL_PAUSED;
		p->label = t->pause_status[k];
		return;
	}
	p->reason = walk_to(excl, x, steps) >= 0 ? EXPL_REOPENED : EXPL_COUNTED;
}

/* 1 when two pieces give the same reason (and so merge). */
static int same_reason(const struct expl_piece *a, const struct expl_piece *b)
{
	return a->reason == b->reason && a->weekday == b->weekday &&
	       !strcmp(a->label ? a->label : "", b->label ? b->label : "");
}

static void clock_of(const struct clock *c, struct expl_clock *out)
{
	out->elapsed = c->elapsed;
	out->target = c->target;
	out->status = clock_status_name(c->status);
}

/* The cut points of [t->opened, end), sorted, with repeats. */
static int64_t *cut_points(const struct config *cfg, const struct cal *cal, const struct ticket *t,
			   int64_t end, const struct clock *rc, size_t *count)
{
	size_t n = 0, cap = 0;
	int64_t *cut = NULL;
#define CUT(x) do { if ((x) > t->opened && (x) < end) { \
	VEC_GROW(cut, n, cap, n + 1); cut[n++] = (x); } } while (0)
	VEC_GROW(cut, n, cap, 2);
	cut[n++] = t->opened;
	cut[n++] = end;
	int64_t d0 = tz_day_of(cfg->tz, t->opened) - 1, d1 = tz_day_of(cfg->tz, end) + 1;
	int64_t iv[64];
	for (int64_t d = d0; d <= d1; d++) {
		CUT(tz_midnight(cfg->tz, d));
		size_t m = cal_day_intervals(cal, d, iv, 32);
		for (size_t q = 0; q < 2 * m; q++)
			CUT(iv[q]);
	}
	for (size_t q = 0; q < t->nexcl; q++) {
		CUT(t->excl[q].a);
		CUT(t->excl[q].b);
	}
	for (size_t q = 0; q < t->npause; q++) {
		CUT(t->pause[q].a);
		CUT(t->pause[q].b);
	}
	if (rc->stopped)
		CUT(rc->stop);
#undef CUT
	qsort(cut, n, sizeof(*cut), cmp_i64);
	*count = n;
	return cut;
}

void explanation_build(const struct config *cfg, const struct ticket *t, int64_t now,
		       struct explanation *x)
{
	explanation_build_merged(cfg, t, NULL, now, x);
}

static void build(const struct config *cfg, const struct ticket *t, int64_t now,
		  struct explanation *x);

void explanation_build_merged(const struct config *cfg, const struct ticket *t,
			      const struct ticket *next, int64_t now, struct explanation *x)
{
	if (!next) {
		build(cfg, t, now, x);
		return;
	}
	struct ticket view;
	reopen_view(t, next, &view);
	build(cfg, &view, now, x);
	x->resolved = t->resolved;
	x->reopen_next = next->id;
	x->reopen_opened = next->opened;
	x->reopen_resolved = next->resolved;
	reopen_view_release(&view);
}

/* Explain t (a ticket, or a reopen view of one) at now. */
static void build(const struct config *cfg, const struct ticket *t, int64_t now,
		  struct explanation *x)
{
	memset(x, 0, sizeof(*x));
	x->id = t->id;
	x->feed = cfg->feed[t->feed].id;
	x->row = t->row;
	x->summary = t->cell[FIELD_SUMMARY];
	x->priority = t->cell[FIELD_PRIORITY];
	x->tz = cfg->tz;
	x->tz_name = tz_name(cfg->tz);
	x->opened = t->opened;
	x->responded = t->responded;
	x->resolved = t->resolved;
	x->now = now;
	x->waiting = t->resolved == TS_NONE ? t->waiting : TS_NONE;
	x->waiting_status = t->npause ? t->pause_status[t->npause - 1] : "paused";
	/* the match data and calendar index this explanation uses (the
	 * config is only read) */
	struct pattern_scratch *ps = pattern_scratch_new();
	int k = slachoice_first(cfg, ps, t->feed, t->cell);
	pattern_scratch_free(ps);
	if (k < 0)
		return;
	const struct sla *s = &cfg->sla[k];
	const struct cal *cal = evaluate_sla_cal(cfg, s, t);
	struct cal_indexes *cals = cal_indexes_new();
	struct cal_index *cx = cal_indexes_get(cals, cal);
	x->sla = s->id;
	x->sla_when = s->when_text;
	x->calendar = cal_name(cal);
	cal_describe_hours(cal, x->hours, sizeof(x->hours));
	int64_t rstop = t->responded != TS_NONE ? t->responded : t->resolved;
	struct clock rc, xc;
	clock_run(cx, t->opened, rstop, now, t->excl, t->nexcl, s->respond, s->warn_ppm, &rc);
	clock_run(cx, t->opened, t->resolved, now, t->excl, t->nexcl, s->resolve, s->warn_ppm, &xc);
	clock_of(&rc, &x->response);
	clock_of(&xc, &x->resolution);
	int64_t end = t->resolved != TS_NONE ? t->resolved : now;
	x->paused = t->opened < end ? clock_inside(cx, t->opened, end, t->pause, t->npause) : 0;
	cal_indexes_free(cals);
	if (end <= t->opened)
		return;

	size_t n;
	int64_t *cut = cut_points(cfg, cal, t, end, &rc, &n);
	size_t cap = 0;
	int64_t total = 0;
	struct expl_piece *cur = NULL;
	struct walk pause = { t->pause, t->npause, 0 }, excl = { t->excl, t->nexcl, 0 };
	for (size_t i = 0; i + 1 < n; i++) {
		if (cut[i] == cut[i + 1])
			continue;
		struct expl_piece p = { .from = cut[i], .to = cut[i + 1] };
		classify(cfg, cal, t, cut[i], &p, &pause, &excl, &x->steps);
		/* merge while the reason stays the same, but stop at the
		 * response clock's stop so it can be marked */
		if (cur && !cur->response_stops && same_reason(cur, &p)) {
			cur->to = p.to;
		} else {
			VEC_GROW(x->piece, x->npiece, cap, x->npiece + 1);
			cur = &x->piece[x->npiece++];
			*cur = p;
			cur->total = total;
		}
		if (cur->reason == EXPL_COUNTED)
			cur->total += p.to - p.from;
		total = cur->total;
		cur->response_stops = rc.stopped && cur->to == rc.stop;
	}
	free(cut);
}

void explanation_release(struct explanation *x)
{
	if (x)
		free(x->piece);
}

/* The reopen pairs among ds's tickets, every ticket with an SLA taken as
 * a possible new call (only when some SLA merges). */
static void find_pairs(const struct config *cfg, const struct dataset *ds,
		       struct reopen_pairs *pairs)
{
	memset(pairs, 0, sizeof(*pairs));
	int merge = 0;
	for (size_t k = 0; k < cfg->nsla; k++)
		merge |= cfg->sla[k].reopen_merge && cfg->sla[k].reopen_window > 0;
	if (!merge || !ds->nt)
		return;
	const struct ticket **calls = xcalloc(ds->nt, sizeof(*calls));
	int *sla = xcalloc(ds->nt, sizeof(*sla));
	size_t n = 0;
	struct pattern_scratch *ps = pattern_scratch_new();
	for (size_t i = 0; i < ds->nt; i++) {
		const struct ticket *t = &ds->t[i];
		if (cfg->feed[t->feed].kind == KIND_ACTIVITIES || t->opened == TS_NONE)
			continue;
		int k = t->sla != SLA_UNKNOWN ? t->sla : slachoice_first(cfg, ps, t->feed, t->cell);
		if (k < 0)
			continue;
		calls[n] = t;
		sla[n++] = k;
	}
	pattern_scratch_free(ps);
	reopen_find(cfg, ds, calls, sla, n, pairs);
	free(calls);
	free(sla);
}

struct explanations *explanations_of(const struct config *cfg, const struct dataset *ds,
				     const char *id, int64_t now, char **err)
{
	struct explanations *xs = xcalloc(1, sizeof(*xs));
	size_t cap = 0;
	struct reopen_pairs pairs;
	find_pairs(cfg, ds, &pairs);
	for (size_t i = 0; i < ds->nt; i++)
		if (!strcmp(ds->t[i].id, id) && ds->t[i].opened != TS_NONE) {
			VEC_GROW(xs->v, xs->n, cap, xs->n + 1);
			const struct reopen_pair *p = reopen_merged(&pairs, &ds->t[i]);
			explanation_build_merged(cfg, &ds->t[i], p ? p->next : NULL, now,
						 &xs->v[xs->n++]);
		}
	reopen_pairs_free(&pairs);
	if (!xs->n) {
		free(xs);
		errorf(err, "no ticket '%s' in any feed", id);
		return NULL;
	}
	return xs;
}

void explanations_free(struct explanations *xs)
{
	if (!xs)
		return;
	for (size_t i = 0; i < xs->n; i++)
		explanation_release(&xs->v[i]);
	free(xs->v);
	free(xs);
}
