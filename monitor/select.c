/* select — what a load keeps: the window, late calls only, one ticket. */
#include "select.h"

#include <string.h>

#include "civil.h"
#include "config.h"
#include "credits.h"
#include "dataset.h"
#include "evaluate.h"
#include "trends.h"
#include "tz.h"

struct select select_all(void)
{
	return (struct select){ .since = TS_NONE, .from = TS_NONE, .to = TS_NONE,
		.settled_from = TS_NONE, .settled_to = TS_NONE, .late_only = 0, .id = NULL,
		.reach = TS_NONE };
}

struct select select_window(const struct config *cfg, int64_t from_day, int64_t to_day,
			    int late_only)
{
	struct select s = select_all();
	s.from = tz_midnight(cfg->tz, from_day);
	s.to = tz_midnight(cfg->tz, to_day);
	s.since = late_only ? INT64_MAX : s.from;
	int64_t reopen = 0;
	int merge = 0;
	for (size_t k = 0; k < cfg->nsla; k++) {
		if (cfg->sla[k].reopen_window > reopen)
			reopen = cfg->sla[k].reopen_window;
		merge |= cfg->sla[k].reopen_merge && cfg->sla[k].reopen_window > 0;
	}
	/* with reopen_merge a call's lateness depends on another call: the
	 * evaluation decides, from every window ticket */
	s.late_only = late_only && !merge;
	/* calls a window call may reopen (reopen.h); the previous window's
	 * calls are only counted for the trends, whose signals are not told */
	if (reopen && !s.late_only)
		s.reach = s.from - reopen;
	/* the trends' previous window (trends.h): its tickets too */
	if (!s.late_only)
		s.from = tz_midnight(cfg->tz, trends_previous_from(from_day, to_day));
	/* service credits judge whole months: the calls closed in them and
	 * their periods' rows, from the first of the window's first month */
	if (!s.late_only && credits_configured(cfg)) {
		s.settled_from = tz_midnight(cfg->tz, credits_first_day(from_day));
		s.settled_to = tz_midnight(cfg->tz, credits_end_day(to_day));
		if (s.settled_from < s.since)
			s.since = s.settled_from;
	}
	return s;
}

struct select select_chart(const struct config *cfg, int64_t from_day, int64_t to_day)
{
	struct select s = select_window(cfg, from_day, to_day, 0);
	int64_t first = evaluate_weeks_first(to_day);
	if (tz_midnight(cfg->tz, first) < s.from)
		s.from = tz_midnight(cfg->tz, first);
	return s;
}

struct select select_one(const char *id)
{
	struct select s = select_all();
	s.since = INT64_MAX;
	s.id = id;
	return s;
}

int select_window_keeps(const struct select *s, const struct ticket *t)
{
	return s->from == TS_NONE ||
	       (t->opened != TS_NONE &&
		(t->resolved == TS_NONE || (!s->late_only && t->resolved >= s->from) ||
		 (t->opened >= s->from && t->opened < s->to) ||
		 (s->reach != TS_NONE && t->resolved >= s->reach && t->resolved < s->to) ||
		 (s->settled_from != TS_NONE && t->resolved >= s->settled_from &&
		  t->resolved < s->settled_to)));
}

int select_late_keeps(const struct select *s, const struct config *cfg,
		      struct cal_indexes *cals, const struct ticket *t, int64_t now)
{
	if (!s->late_only)
		return 1;
	if (t->sla < 0)
		return 0;
	struct tresult r;
	evaluate_clock(cfg, cals, t, t->sla, now, &r);
	return r.response.status == CLOCK_BREACHED || r.resolution.status == CLOCK_BREACHED;
}

int select_passes_over(const struct select *s, const struct feed *f, int64_t now,
		       int64_t last_at, const char *last_status, int64_t opened)
{
	return s->from != TS_NONE && last_at <= now &&
	       last_at < (s->reach != TS_NONE ? s->reach : s->from) &&
	       (s->settled_from == TS_NONE || last_at < s->settled_from) && last_status &&
	       feedkind_in_list(last_status, f->resolved_status.v, f->resolved_status.n) &&
	       (opened == TS_NONE || opened < s->from);
}

void select_add(const struct select *s, struct dataset *ds, int feed, const struct feedrow *r)
{
	if (s) {
		if (ds->cfg->feed[feed].kind == KIND_ACTIVITIES) {
			if (s->since != TS_NONE && r->at < s->since && r->at <= ds->now)
				return;
		} else if (s->id && r->id && strcmp(r->id, s->id)) {
			return;
		}
	}
	dataset_add(ds, feed, r);
}

void select_add_events(const struct select *s, struct dataset *ds, int feed,
		       const struct feedrow *ev, size_t n)
{
	if (!s) {
		dataset_add_events(ds, feed, ev, n);
		return;
	}
	if (s->id && n && strcmp(ev[0].id, s->id))
		return;
	struct ticket t;
	int latest = dataset_ticket_derive(ds, feed, ev, n, &t);
	if (latest < 0)
		return;
	if (!select_window_keeps(s, &t)) {
		dataset_ticket_drop(ds, &t);
		return;
	}
	/* the SLA while the cells are at hand */
	dataset_ticket_fill(ds, &t, &ev[latest]);
	dataset_ticket_slas(ds, &t, ev, n);
	if (!select_late_keeps(s, ds->cfg, ds->cals, &t, ds->now))
		dataset_ticket_drop(ds, &t);
	else
		dataset_ticket_put(ds, &t);
}

static void sink_row(void *ctx, int feed, const struct feedrow *r)
{
	struct select_sink *ss = ctx;
	select_add(ss->sel, ss->ds, feed, r);
}

static void sink_reject(void *ctx, int feed, size_t row, const char *reason)
{
	struct select_sink *ss = ctx;
	dataset_reject(ss->ds, feed, row, "%s", reason);
}

struct feedsink select_sink(struct select_sink *ss)
{
	return (struct feedsink){ ss, sink_row, sink_reject };
}
