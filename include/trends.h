#ifndef FITSMON_TRENDS_H
#define FITSMON_TRENDS_H
/*
 * trends — per SLA, the report's window beside the window of equal length
 * before it (README item 37): tickets opened and closed, compliance, the
 * median and 90th-percentile business time to respond and to fix, and the
 * calls still open at the window's end with the age of the oldest.
 *
 * The previous window is the calendar month before when the window is one
 * calendar month, else the same number of days just before.  Its figures
 * are "unknown" (slatrend.known 0) when a ticket feed its SLA reads was
 * not ok up to its end: never zero for data that was not read.
 */
#include <stddef.h>
#include <stdint.h>

#include "evaluate.h"

/* 1 when [from_day, to_day) is exactly one calendar month. */
int trends_is_month(int64_t from_day, int64_t to_day);
/* The first day of the window before [from_day, to_day). */
int64_t trends_previous_from(int64_t from_day, int64_t to_day);
/*
 * The pct-th percentile (1..100) of v[0..n) by nearest rank: v sorted
 * ascending (sorted here), the value of rank ceil(pct * n / 100), at least
 * rank 1.  The median is pct 50 (the lower middle value for an even n).
 * n must be above 0.
 */
int64_t trends_percentile(int64_t *v, size_t n, int pct);
/*
 * Fill ev->trend, ev->prev_from_day and ev->trend_months, evaluating the
 * previous window on ds at ev->now.  ds must hold the previous window's
 * tickets too (select_window loads them).
 */
void evaluate_trends(const struct config *cfg, const struct dataset *ds,
		     struct evaluation *ev);

#endif
