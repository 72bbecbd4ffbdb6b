/*
 * libFuzzer target: GOV.UK bank-holidays.json.  The input is the JSON
 * file, read for each of the three divisions and one that is not there
 * (the error lists the divisions the file has); what loads is put into a
 * calendar and queried, as in fuzz_ics.
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
	if (cal_set_hours(c, "Mon-Fri 08:00-17:00", &err) != 0)
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
	static const char *const divisions[] = {
		"england-and-wales", "scotland", "northern-ireland", "wales", NULL
	};
	if (!london) {
		char *err = NULL;
		london = tz_load("Europe/London", &err);
		if (!london)
			fuzz_die("tz_load", err);
	}
	const char *path = fuzz_write("input", data, size);
	for (size_t i = 0; divisions[i]; i++) {
		struct holiday_list h = { 0 };
		char *err = NULL;
		if (holidays_load_govuk(path, divisions[i], &h, &err) == 0)
			use(&h);
		else if (!err)
			fuzz_die("holidays_load_govuk failed without a message", "");
		free(err);
		holidays_free(&h);
	}
	struct holiday_list h = { 0 };
	char *err = NULL;
	holidays_load(path, "scotland", &h, &err);
	free(err);
	holidays_free(&h);
	return 0;
}
