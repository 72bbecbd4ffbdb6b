#ifndef FITSMON_TERM_H
#define FITSMON_TERM_H
/*
 * term — the school term a termly review pack (report --term) covers, and
 * the questions carried over from the term before.
 *
 * The terms are those of the calendar [school] calendar names when it has
 * terms, else of the first [calendar] in the file with terms (DESIGN.md
 * "Signals").  The pack covers the term holding a given local date, by
 * default the last complete term: the latest one whose last day is over
 * at now (now's local date is after it).  Its window is the term's first
 * date to the day after its last, like --from and --to.
 *
 * Open questions: findings the store recorded as open at the end of the
 * previous term (first seen before the local midnight that ends it, and
 * not cleared by then) and still not cleared at the end of this term (or
 * at now, when that is earlier).  The store keeps one open spell per
 * finding (a finding cleared and seen again starts a new one), so one
 * cleared in between is never carried over.
 */
#include <stddef.h>
#include <stdint.h>

struct cal;
struct config;
struct store_finding_rec;

struct term {
	const struct cal *cal;        /* whose terms */
	size_t index, count;          /* the term's place in the calendar (from 0), of count */
	int64_t first_day, end_day;   /* local dates, end exclusive (the window) */
	int has_prev;                 /* an earlier term exists */
	int64_t prev_first_day, prev_end_day;
};

/* The calendar whose terms the pack uses, or NULL when no calendar has terms. */
const struct cal *term_calendar(const struct config *cfg);

enum term_error { TERM_OK = 0, TERM_NO_CALENDAR = 1, TERM_NOT_FOUND = 2 };

/*
 * The term holding local date day (TS_NONE: the last complete term at
 * now) into *t.  TERM_OK; TERM_NO_CALENDAR (no calendar has terms: a
 * config matter) or TERM_NOT_FOUND (day is in no term, or no term is
 * over yet) with *err saying so and listing the terms.
 */
enum term_error term_choose(const struct config *cfg, int64_t now, int64_t day, struct term *t,
			    char **err);

/*
 * Keep the open questions of t among recs[0..n) (the store's findings,
 * store_findings_seen_before): moved to the front, red first, then by
 * first seen; the others are freed.  Returns how many were kept.
 */
size_t term_open_questions(const struct config *cfg, const struct term *t, int64_t now,
			   struct store_finding_rec *recs, size_t n);

/*
 * Are t's open questions known?  Only when the store's first run
 * (first_run, TS_NONE: none) came before the end of the previous term:
 * else what was open then was never recorded.  A first term has none to
 * know: 1.
 */
int term_history_known(const struct config *cfg, const struct term *t, int64_t now,
		       int64_t first_run);

/* The instants between which an open question stays open: the end of the
 * previous term and the end of t cut at now.  0, or -1 when t has no
 * previous term. */
int term_question_span(const struct config *cfg, const struct term *t, int64_t now,
		       int64_t *since, int64_t *until);

#endif
