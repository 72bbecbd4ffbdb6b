/*
 * libFuzzer target: an iCalendar holiday file (a council's school
 * holidays).  The input is the .ics file; what loads is put into a school
 * calendar and the calendar is asked about the dates it closes, so
 * hostile dates (year 0, 9999, reversed or enormous ranges) reach cal.c
 * as well as the parser.
 */
#include "fuzz.h"
#include "cal.h"
#include "holidays.h"

static struct tz *london;

/*
 * Feed the closures into a calendar and ask about them: the state of
 * their first and last dates, and business time around the first eight.
 * Business time is asked for only within 2000..2040 and closures of at
 * most a year, as the evaluator would (feeds hold years 1970..2199, and
 * a query indexes every day between the earliest and latest asked about,
 * which under the sanitizers costs more than parsing the file).
 */
static void use(const struct holiday_list *h)
{
	struct cal *c = cal_new("fuzz", london);
	char *err = NULL;
	if (cal_set_hours(c, "Mon-Fri 08:00-16:30, Sat 09:00-12:00", &err) != 0)
		fuzz_die("cal_set_hours", err);
	cal_add_holidays(c, h);
	struct cal_index *x = cal_index_new(c);
	int64_t lo_day = civil_days(2000, 1, 8), hi_day = civil_days(2040, 12, 24);
	for (size_t i = 0; i < h->n && i < 64; i++) {
		const struct holiday *e = &h->v[i];
		if (!e->label)
			fuzz_die("a holiday without a label", "");
		const char *label = NULL;
		cal_day_state(c, e->first, &label);
		cal_day_state(c, e->last, &label);
		if (i >= 8 || e->first < lo_day || e->last > hi_day || e->last - e->first > 366)
			continue;
		int64_t a = tz_midnight(london, e->first - 3);
		int64_t b = tz_midnight(london, e->last + 3);
		if (cal_open_seconds(x, a, b) < 0)
			fuzz_die("negative open seconds", "");
		int64_t iv[32];
		cal_day_intervals(c, e->first, iv, 16);
	}
	cal_index_free(x);
	cal_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!london) {
		char *err = NULL;
		london = tz_load("Europe/London", &err);
		if (!london)
			fuzz_die("tz_load", err);
	}
	const char *path = fuzz_write("input", data, size);
	struct holiday_list h = { 0 };
	char *err = NULL;
	if (holidays_load_ics(path, &h, &err) == 0)
		use(&h);
	else if (!err)
		fuzz_die("holidays_load_ics failed without a message", "");
	free(err);
	holidays_free(&h);

	/* the dispatcher, as `closed_from = FILE` calls it */
	struct holiday_list h2 = { 0 };
	err = NULL;
	holidays_load(path, NULL, &h2, &err);
	free(err);
	holidays_free(&h2);
	return 0;
}
