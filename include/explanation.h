#ifndef FITSMON_EXPLANATION_H
#define FITSMON_EXPLANATION_H
/*
 * explanation — one ticket's SLA clocks worked out piece by piece, as a
 * record a renderer (explain.h) turns into text without working anything
 * out itself: the SLA that takes the ticket and the condition that chose
 * it, the calendar, the stamps, both clocks with their verdicts, the time
 * paused, and the span from the opening to the fix (or now) cut at every
 * boundary that matters (local midnights, the start and end of open
 * hours, pauses, reopen gaps, the response clock's stop), each piece
 * classified once, neighbours with the same reason merged.
 *
 * Built in O(events) time (plus sorting the cut points and the days
 * spanned): the pieces are classified in time order, walking the
 * ticket's pause and reopen spans once.
 */
#include <stddef.h>
#include <stdint.h>

struct config;
struct dataset;
struct ticket;
struct tz;

/* Why a piece counts or not. */
enum expl_reason {
	EXPL_COUNTED,
	EXPL_NO_HOURS,        /* the weekday has no hours (weekday says which) */
	EXPL_NOT_TERM,        /* outside every term */
	EXPL_CLOSED,          /* a closed day (label names it, may be "") */
	EXPL_OUTSIDE_HOURS,   /* an open day, outside its hours */
	EXPL_PAUSED,          /* in a pause status (label: the status) */
	EXPL_REOPENED,        /* resolved, and later reopened */
};

/* [from, to): one run of time with one reason. */
struct expl_piece {
	int64_t from, to;
	enum expl_reason reason;
	int weekday;          /* EXPL_NO_HOURS: ISO weekday, 1 Monday .. 7 Sunday */
	const char *label;    /* EXPL_CLOSED, EXPL_PAUSED (borrowed), else NULL */
	int64_t total;        /* counted seconds from the opening to `to` */
	int response_stops;   /* the response clock stops at `to` */
};

/* One clock's result: business seconds against the target, and the
 * status's name as DESIGN.md pins it ("met", "breached", ...). */
struct expl_clock {
	int64_t elapsed, target;
	const char *status;
};

/* One ticket explained.  Strings are borrowed from the config and the
 * dataset, which must outlive it. */
struct explanation {
	const char *id, *feed;
	size_t row;
	const char *summary;        /* NULL or "" when none */
	const char *priority;       /* NULL when the feed maps no priority */
	const char *sla;            /* NULL: no SLA takes the ticket; nothing below is set */
	const char *sla_when;       /* the condition that chose it, NULL: none */
	const char *calendar;
	const struct tz *tz;
	const char *tz_name;
	char hours[128];            /* the calendar's hours, for EXPL_OUTSIDE_HOURS */
	int64_t opened, responded, resolved;   /* TS_NONE when absent */
	int64_t now;
	struct expl_clock response, resolution;
	int64_t paused;             /* open seconds spent paused */
	int64_t waiting;            /* open and waiting on the school since (TS_NONE: not) */
	const char *waiting_status; /* the pause status it waits in */
	/* reopen_merge (reopen.h): the new call counted with this one (its
	 * resolution clock and pieces run on to that call's fix, or now), else
	 * NULL; its opening and fix (TS_NONE: not yet) */
	const char *reopen_next;
	int64_t reopen_opened, reopen_resolved;
	struct expl_piece *piece;   /* none when the fix is not after the opening */
	size_t npiece;
	size_t steps;               /* span entries looked at while classifying
				       (for tests of the O(events) promise) */
};

/* The explanations of every ticket whose id is `id` (in any feed) that
 * has an opening, in the dataset's order. */
struct explanations {
	struct explanation *v;
	size_t n;
};

/* Explain one ticket at `now` (t->opened must be set). */
void explanation_build(const struct config *cfg, const struct ticket *t, int64_t now,
		       struct explanation *out);
/* The same, with next (not NULL) the new call whose time counts for t
 * (reopen_merge): the resolution clock as evaluate_clock_merged runs it. */
void explanation_build_merged(const struct config *cfg, const struct ticket *t,
			      const struct ticket *next, int64_t now, struct explanation *out);
void explanation_release(struct explanation *x);

/* Every ticket `id` of ds at `now`; NULL with *err when there is none.
 * A ticket that a later call of ds reopens with reopen_merge is explained
 * with that call's time (ds must then hold the other tickets too). */
struct explanations *explanations_of(const struct config *cfg, const struct dataset *ds,
				     const char *id, int64_t now, char **err);
void explanations_free(struct explanations *xs);

#endif
