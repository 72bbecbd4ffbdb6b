/* clock — business-time clocks with pauses and the four statuses. */
#include "clock.h"

#include "cal.h"
#include "dataset.h"

int64_t clock_inside(struct cal_index *cal, int64_t a, int64_t b, const struct span *spans, size_t n)
{
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (spans[i].b <= a)
			continue;
		if (spans[i].a >= b)
			break;
		int64_t x = spans[i].a > a ? spans[i].a : a;
		int64_t y = spans[i].b < b ? spans[i].b : b;
		sum += cal_open_seconds(cal, x, y);
	}
	return sum;
}

int64_t clock_business(struct cal_index *cal, int64_t a, int64_t b, const struct span *excl,
		       size_t nexcl)
{
	if (b <= a)
		return 0;
	return cal_open_seconds(cal, a, b) - clock_inside(cal, a, b, excl, nexcl);
}

void clock_run(struct cal_index *cal, int64_t start, int64_t stop, int64_t now,
	       const struct span *excl, size_t nexcl, int64_t target, int32_t warn_ppm,
	       struct clock *out)
{
	out->start = start;
	out->stop = stop;
	out->stopped = stop != TS_NONE;
	out->target = target;
	out->elapsed = clock_business(cal, start, out->stopped ? stop : now, excl, nexcl);
	if (out->elapsed > target)
		out->status = CLOCK_BREACHED;
	else if (out->stopped)
		out->status = CLOCK_MET;
	else if ((target - out->elapsed) * 1000000 <= (int64_t)warn_ppm * target)
		out->status = CLOCK_AT_RISK;
	else
		out->status = CLOCK_RUNNING;
}

const char *clock_status_name(enum clock_status s)
{
	static const char *const names[] = { "met", "breached", "running", "at-risk" };
	return names[s];
}

int32_t clock_compliance(size_t met, size_t tickets)
{
	return (int32_t)((met * 20000 + tickets) / (2 * tickets));
}
