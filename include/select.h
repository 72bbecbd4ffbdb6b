#ifndef FITSMON_SELECT_H
#define FITSMON_SELECT_H
/*
 * select — what a load keeps of the rows, so that a year of data judged
 * 28 days at a time does not sit in memory.  It stands between a loader
 * (store_load, or a feed file read through select_sink) and the dataset,
 * which keeps whatever it is given (dataset.h):
 *   - activity rows timed before `since` are left out: no period of the
 *     window being judged can use them (rows after now still go to the
 *     dataset, which counts them in feedstat.future);
 *   - a ticket given whole (all its events, select_add_events) is kept
 *     only when evaluating [from, to) could use it: opened in that span,
 *     resolved at or after from (the trends' previous window's start, when
 *     select_window set it), or still open at now, or resolved in
 *     [from - the longest reopen_window, to) (a call a window call may
 *     reopen, reopen.h); the rest are only counted (dataset.dropped);
 *   - late_only: of those, only a ticket with a response or resolution
 *     clock breached at now (a list of late calls); not when an SLA has
 *     reopen_merge (a call is late through another: select_window then
 *     keeps every window ticket, and no activity row);
 *   - id (borrowed): only the ticket(s) with this id, in every ticket feed
 *     (explain); activity rows are not held back by it.
 * since or from TS_NONE keeps everything of that kind.  Tickets taken row
 * by row (a `tickets` feed) are held back by id alone.
 */
#include <stddef.h>
#include <stdint.h>

#include "feedkind.h"

struct cal_indexes;
struct config;
struct dataset;
struct feed;
struct ticket;

struct select {
	int64_t since, from, to;
	/* also keep the tickets resolved in [settled_from, settled_to): the
	 * calls of the months service credits judge (credits.h), which may
	 * run past the window's end; TS_NONE none */
	int64_t settled_from, settled_to;
	int late_only;
	const char *id;
	/* a ticket resolved in [reach, to) is kept too: a window call may
	 * reopen it (reopen.h); TS_NONE: none */
	int64_t reach;
};

/* Everything. */
struct select select_all(void);
/* What evaluating local dates [from_day, to_day) needs: activity rows
 * from its first midnight, and the tickets opened in it or open at now;
 * without late_only, from the previous window's start (trends.h), and
 * those resolved from then on (with service credits configured: from the
 * first of from_day's month, and the tickets resolved since then too);
 * with late_only, the late tickets alone and no activity row. */
struct select select_window(const struct config *cfg, int64_t from_day, int64_t to_day,
			    int late_only);
/* ... and the tickets of the weekly chart's 12 weeks too (evaluate_weeks). */
struct select select_chart(const struct config *cfg, int64_t from_day, int64_t to_day);
/* One ticket id (explain): no activity row, no other ticket. */
struct select select_one(const char *id);

/* 1 when the window keeps ticket t (its stamps known, at now). */
int select_window_keeps(const struct select *s, const struct ticket *t);
/* 1 when late_only keeps ticket t (its SLA known) at now; its clocks run
 * on the caller's calendar indexes cals (cal.h). */
int select_late_keeps(const struct select *s, const struct config *cfg,
		      struct cal_indexes *cals, const struct ticket *t, int64_t now);
/*
 * 1 when a ticket of ticket-events feed f can be passed over without
 * reading its events, from a summary of them: the time and status of its
 * latest event, and the latest `opened` any gave (TS_NONE: none).  Only a
 * ticket the window would drop is: every event at or before now and
 * before the window (and before settled_from), its latest status a
 * resolved one, and opened before the window.
 */
int select_passes_over(const struct select *s, const struct feed *f, int64_t now,
		       int64_t last_at, const char *last_status, int64_t opened);

/* Give the dataset one row of feed `feed` (dataset_add), unless s holds it back. */
void select_add(const struct select *s, struct dataset *ds, int feed, const struct feedrow *r);
/* Give the dataset one whole ticket (as dataset_add_events takes it),
 * unless s holds it back. */
void select_add_events(const struct select *s, struct dataset *ds, int feed,
		       const struct feedrow *ev, size_t n);

/* A sink (for ingest_file) that feeds ds through s; both borrowed, and
 * the sink borrows *ss. */
struct select_sink {
	const struct select *sel;
	struct dataset *ds;
};
struct feedsink select_sink(struct select_sink *ss);

#endif
