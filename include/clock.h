#ifndef FITSMON_CLOCK_H
#define FITSMON_CLOCK_H
/*
 * clock — SLA clocks in business time.
 *
 * A clock runs from `start` to `stop` (or to `now` while it has no stop)
 * and counts only the calendar's open time, minus the ticket's
 * not-counted spans (pauses, reopen gaps) where those are also open.
 * Status, as pinned: met (stopped, elapsed <= target), breached (elapsed >
 * target, stopped or not), running (not stopped, elapsed <= target),
 * at-risk (running and target - elapsed <= warn x target).
 */
#include <stddef.h>
#include <stdint.h>

struct cal_index;
struct span;

enum clock_status { CLOCK_MET, CLOCK_BREACHED, CLOCK_RUNNING, CLOCK_AT_RISK };

struct clock {
	int stopped;
	int64_t start, stop;    /* stop: TS_NONE when running */
	int64_t elapsed;        /* business seconds */
	int64_t target;
	enum clock_status status;
};

/* Business seconds of [a, b) not inside excl (sorted, disjoint spans). */
int64_t clock_business(struct cal_index *cal, int64_t a, int64_t b, const struct span *excl,
		       size_t nexcl);

/* Open seconds of [a, b) that lie inside spans (sorted, disjoint). */
int64_t clock_inside(struct cal_index *cal, int64_t a, int64_t b, const struct span *spans,
		     size_t n);

void clock_run(struct cal_index *cal, int64_t start, int64_t stop, int64_t now,
	       const struct span *excl, size_t nexcl, int64_t target, int32_t warn_ppm,
	       struct clock *out);

const char *clock_status_name(enum clock_status s);
/* Compliance: met of tickets (tickets > 0) in ten-thousandths, rounded
 * half up (README item 2): 11 of 12 is 9167. */
int32_t clock_compliance(size_t met, size_t tickets);

#endif
