/*
 * Business-time cases, one per file under tests/data/cal/ (see any of them
 * for the format): a calendar, two instants, optional pauses, and the
 * expected business seconds.  Adding a case needs no C.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "civil.h"
#include "clock.h"
#include "dataset.h"
#include "holidays.h"
#include "ini.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#include "testutil.h"

#define CASEDIR SRCDIR "/tests/data/cal"

static char **cases;
static size_t ncases;

static void list_cases(void)
{
	DIR *d = opendir(CASEDIR);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 5 && !strcmp(e->d_name + n - 5, ".case")) {
			cases = xreallocarray(cases, ncases + 1, sizeof(*cases));
			cases[ncases++] = xasprintf("%s/%s", CASEDIR, e->d_name);
		}
	}
	closedir(d);
}

static const char *get(const struct ini_section *s, const char *key)
{
	const struct ini_entry *e = ini_get(s, key);
	return e ? e->value : NULL;
}

static int64_t when(const char *text, const struct tz *tz, const char *file)
{
	int64_t t;
	ck_assert_msg(timefmt_parse_iso8601(text, tz, &t) == 0, "%s: bad time '%s'", file, text);
	return t;
}

/* Open seconds in [a, b) worked out from each date's own intervals
 * (cal_day_intervals), without the index. */
static int64_t by_days(struct cal *c, const struct tz *tz, int64_t a, int64_t b)
{
	int64_t sum = 0, iv[32];
	for (int64_t d = tz_day_of(tz, a) - 1; d <= tz_day_of(tz, b) + 1; d++) {
		size_t n = cal_day_intervals(c, d, iv, 16);
		for (size_t k = 0; k < n; k++) {
			int64_t s = iv[2 * k] > a ? iv[2 * k] : a;
			int64_t e = iv[2 * k + 1] < b ? iv[2 * k + 1] : b;
			if (e > s)
				sum += e - s;
		}
	}
	return sum;
}

START_TEST(business_time_case)
{
	const char *file = cases[_i];
	char *err = NULL;
	struct ini *ini = ini_parse_file(file, &err);
	ck_assert_msg(ini && ini->n == 1, "%s: %s", file, err ? err : "needs one [case]");
	const struct ini_section *s = &ini->s[0];
	struct tz *tz = tz_load(get(s, "timezone") ? get(s, "timezone") : "Europe/London", &err);
	ck_assert_msg(tz != NULL, "%s: %s", file, err);
	struct cal *c = cal_new("case", tz);
	ck_assert_msg(cal_set_hours(c, get(s, "hours"), &err) == 0, "%s: %s", file, err);
	if (get(s, "terms"))
		ck_assert_msg(cal_add_terms(c, get(s, "terms"), &err) == 0, "%s: %s", file, err);
	if (get(s, "closed"))
		ck_assert_msg(cal_add_closed(c, get(s, "closed"), "closed", &err) == 0, "%s: %s",
			      file, err);
	struct holiday_list hl = { 0 };
	if (get(s, "closed_from")) {
		/* "path [division]", the path relative to tests/data */
		char *v = xstrdup(get(s, "closed_from"));
		char *sp = strchr(v, ' ');
		if (sp)
			*sp++ = '\0';
		char *path = v[0] == '/' ? xstrdup(v) : xasprintf("%s/tests/data/%s", SRCDIR, v);
		ck_assert_msg(holidays_load(path, sp, &hl, &err) == 0, "%s: %s", file, err);
		cal_add_holidays(c, &hl);
		free(path);
		free(v);
	}
	struct span pauses[16];
	size_t np = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->e[i].key, "pause"))
			continue;
		char *v = xstrdup(s->e[i].value);
		char *dots = strstr(v, "..");
		ck_assert_msg(dots && np < 16, "%s: pause needs A .. B", file);
		*dots = '\0';
		pauses[np].a = when(v, tz, file);
		pauses[np].b = when(dots + 2, tz, file);
		np++;
		free(v);
	}
	int64_t a = when(get(s, "from"), tz, file), b = when(get(s, "to"), tz, file);
	long long expect = strtoll(get(s, "expect"), NULL, 10);
	struct cal_index *x = cal_index_new(c);
	int64_t got = clock_business(x, a, b, pauses, np);
	ck_assert_msg(got == expect, "%s: got %lld s, expected %lld s", file, (long long)got, expect);
	/* the same number through a fresh calendar index built the other way
	 * round: a query far away first (its own value checked date by date),
	 * so the index must grow to take the case in */
	struct cal *c2 = cal_new("case2", tz);
	ck_assert_int_eq(cal_set_hours(c2, get(s, "hours"), &err), 0);
	if (get(s, "terms"))
		ck_assert_int_eq(cal_add_terms(c2, get(s, "terms"), &err), 0);
	if (get(s, "closed"))
		ck_assert_int_eq(cal_add_closed(c2, get(s, "closed"), "closed", &err), 0);
	if (get(s, "closed_from"))
		cal_add_holidays(c2, &hl);
	struct cal_index *x2 = cal_index_new(c2);
	int64_t fa = a + 86400 * 900, fb = a + 86400 * 901;
	ck_assert_msg(cal_open_seconds(x2, fa, fb) == by_days(c2, tz, fa, fb),
		      "%s: a day 900 days on: %lld s by the index, %lld s by dates", file,
		      (long long)cal_open_seconds(x2, fa, fb), (long long)by_days(c2, tz, fa, fb));
	got = clock_business(x2, a, b, pauses, np);
	ck_assert_msg(got == expect, "%s: after a query 900 days on, got %lld s, expected %lld s",
		      file, (long long)got, expect);
	cal_index_free(x2);
	cal_free(c2);
	holidays_free(&hl);
	cal_index_free(x);
	cal_free(c);
	tz_free(tz);
	ini_free(ini);
}
END_TEST

START_TEST(cases_exist)
{
	ck_assert_msg(ncases >= 15, "only %zu cases in %s", ncases, CASEDIR);
}
END_TEST

/* Hours text errors name what is wrong. */
START_TEST(hours_errors)
{
	struct tz *tz = tz_load("UTC", NULL);
	struct cal *c = cal_new("x", tz);
	char *err = NULL;
	ck_assert_int_eq(cal_set_hours(c, "Mon-Fry 08:00-17:00", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad day 'Mon-Fry'"));
	ck_assert_int_eq(cal_set_hours(c, "Mon-Fri 08:00-25:00", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad time range"));
	ck_assert_int_eq(cal_set_hours(c, "Mon-Fri 17:00-08:00", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "ends before it starts"));
	ck_assert_int_eq(cal_set_hours(c, "Mon-Fri", &err), -1);
	ck_assert_int_eq(cal_add_terms(c, "2026-09-03..2026-02-30", &err), -1);
	ck_assert_int_eq(cal_add_terms(c, "2026-10-23..2026-09-03", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "ends before it starts"));
	ck_assert_int_eq(cal_set_hours(c, "Fri-Mon 09:00-10:00", &err), 0);  /* wraps */
	free(err);
	cal_free(c);
	tz_free(tz);
}
END_TEST

/* Day states give the reasons explain prints. */
START_TEST(day_states)
{
	struct tz *tz = tz_load("Europe/London", NULL);
	struct cal *c = cal_new("x", tz);
	char *err = NULL;
	cal_set_hours(c, "Mon-Fri 08:00-16:30", &err);
	cal_add_terms(c, "2026-09-03..2026-10-23", &err);
	cal_add_closed(c, "2026-10-01", "INSET day", &err);
	const char *label;
	int64_t d = 20727; /* 2026-10-01 */
	ck_assert_int_eq(cal_day_state(c, d, &label), CAL_CLOSED);
	ck_assert_str_eq(label, "INSET day");
	ck_assert_int_eq(cal_day_state(c, d + 2, &label), CAL_NO_HOURS);    /* Saturday */
	ck_assert_int_eq(cal_day_state(c, d + 28, &label), CAL_NOT_TERM);   /* Thu 29 Oct */
	ck_assert_int_eq(cal_day_state(c, d + 1, &label), CAL_OPEN);
	cal_free(c);
	tz_free(tz);
}
END_TEST

/*
 * Open seconds between random instants, from the index (cal_open_seconds:
 * a bucket lookup, or a binary search outside the buckets) and worked out
 * by hand from each date's own intervals (cal_day_intervals): they must
 * agree, at interval edges and bucket edges too, across the clock changes
 * and when a query lies years beyond what was indexed so far.
 */
static void agree(struct cal *c, const struct tz *tz)
{
	struct cal_index *ix = cal_index_new(c);
	int64_t base = tz_midnight(tz, 20697);   /* 1 Sep 2026 */
	uint64_t x = 88172645463325252ull;       /* xorshift64 */
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t a = base + (int64_t)(x % (400 * 86400ull));
		int64_t len = (int64_t)((x >> 32) % (i % 10 ? 3 * 86400 : 60 * 86400));
		if (i % 7 == 0)
			a -= a % 16384;   /* on a bucket's edge */
		if (i % 11 == 0)
			a -= a % 1800;    /* on the half hour: an interval's edge */
		int64_t b = a + len;
		ck_assert_msg(cal_open_seconds(ix, a, b) == by_days(c, tz, a, b),
			      "[%lld, %lld): %lld by the index, %lld by dates", (long long)a,
			      (long long)b, (long long)cal_open_seconds(ix, a, b),
			      (long long)by_days(c, tz, a, b));
	}
	/* years away: the index grows to take them in */
	int64_t far = base + 5 * 366 * 86400ll, farb = far + 20 * 86400;
	ck_assert_int_eq(cal_open_seconds(ix, far, farb), by_days(c, tz, far, farb));
	int64_t early = base - 3 * 366 * 86400ll;
	ck_assert_int_eq(cal_open_seconds(ix, early, base + 86400),
			 by_days(c, tz, early, base + 86400));
	cal_index_free(ix);
}

START_TEST(index_agrees_with_days)
{
	struct tz *tz = tz_load("Europe/London", NULL);
	char *err = NULL;
	/* term time only, and all year round */
	for (int terms = 1; terms >= 0; terms--) {
		struct cal *c = cal_new("x", tz);
		ck_assert_int_eq(cal_set_hours(c, "Mon-Fri 08:00-12:00 13:00-16:30, "
					       "Sat 09:00-10:00", &err), 0);
		if (terms)
			ck_assert_int_eq(cal_add_terms(c, "2026-09-03..2026-10-23, "
						       "2026-11-02..2026-12-18, "
						       "2027-01-04..2027-03-25, "
						       "2027-04-12..2027-07-21", &err), 0);
		ck_assert_int_eq(cal_add_closed(c, "2026-12-25, 2027-03-29, 2027-05-03",
						"closed", &err), 0);
		agree(c, tz);
		struct cal_index *x = cal_index_new(c);
		ck_assert_int_gt(cal_open_seconds(x, tz_midnight(tz, 20697),
						  tz_midnight(tz, 20697 + 400)), 0);
		cal_index_free(x);
		cal_free(c);
	}
	tz_free(tz);
}
END_TEST

/*
 * Business time over three school years equals the sum of its three
 * years, whatever the calendar was asked before: nothing, one year, the
 * years in order or in reverse (the index grows up, down, or both ways in
 * one query), or dates years away on either side.  The span is three
 * times the index's slack, so an index that forgets one of its ends when
 * it grows answers short.
 */
static struct cal *school(const struct tz *tz)
{
	char *err = NULL;
	struct cal *c = cal_new("school", tz);
	ck_assert_int_eq(cal_set_hours(c, "Mon-Fri 08:00-12:00 13:00-16:30", &err), 0);
	ck_assert_int_eq(cal_add_closed(c, "2025-12-25..2026-01-01, 2026-12-25, "
					"2027-05-03, 2028-04-14..2028-04-17",
					"closed", &err), 0);
	return c;
}

START_TEST(three_years_any_order)
{
	struct tz *tz = tz_load("Europe/London", NULL);
	int64_t d0;
	ck_assert_int_eq(civil_parse_date("2025-09-01", 10, &d0), 0);
	/* 1 Sep 2025, 2026, 2027, 2028 (local midnights) */
	int64_t y[4] = { tz_midnight(tz, d0), tz_midnight(tz, d0 + 365),
			 tz_midnight(tz, d0 + 730), tz_midnight(tz, d0 + 1096) };
	int64_t part[3], sum = 0;
	for (int k = 0; k < 3; k++) {
		struct cal *c = school(tz);
		struct cal_index *x = cal_index_new(c);
		part[k] = cal_open_seconds(x, y[k], y[k + 1]);
		ck_assert_int_eq(part[k], by_days(c, tz, y[k], y[k + 1]));
		ck_assert_int_gt(part[k], 180 * 7 * 3600);   /* a year of weekdays */
		sum += part[k];
		cal_index_free(x);
		cal_free(c);
	}
	/* what to ask before the three years, -1 ending each order */
	const int64_t far = 5 * 366 * 86400ll;
	const int64_t orders[][8] = {
		{ -1 },                                  /* nothing */
		{ y[1], y[2], -1 },                      /* the middle year: grows both ways */
		{ y[0], y[1], y[1], y[2], y[2], y[3], -1 },   /* in order: grows up */
		{ y[2], y[3], y[1], y[2], y[0], y[1], -1 },   /* in reverse: grows down */
		{ y[3] + far, y[3] + far + 86400, -1 },  /* years later */
		{ y[0] - far, y[0] - far + 86400, -1 },  /* years earlier */
		{ y[2], y[2] + 86400, y[0], y[0] + 86400, -1 },  /* late, then early */
	};
	for (size_t o = 0; o < sizeof(orders) / sizeof(orders[0]); o++) {
		struct cal *c = school(tz);
		struct cal_index *x = cal_index_new(c);
		for (int i = 0; orders[o][i] != -1; i += 2)
			ck_assert_int_eq(cal_open_seconds(x, orders[o][i], orders[o][i + 1]),
					 by_days(c, tz, orders[o][i], orders[o][i + 1]));
		int64_t got = cal_open_seconds(x, y[0], y[3]);
		ck_assert_msg(got == sum, "order %zu: three years %lld s, their sum %lld s", o,
			      (long long)got, (long long)sum);
		/* and each year again, from the index that now spans them */
		for (int k = 0; k < 3; k++)
			ck_assert_int_eq(cal_open_seconds(x, y[k], y[k + 1]), part[k]);
		cal_index_free(x);
		cal_free(c);
	}
	/* prepared for the three years first (what evaluate does) */
	struct cal *c = school(tz);
	struct cal_index *x = cal_index_new(c);
	cal_prepare(x, y[0], y[3]);
	ck_assert_int_eq(cal_open_seconds(x, y[0], y[3]), sum);
	cal_index_free(x);
	cal_free(c);
	tz_free(tz);
}
END_TEST

static Suite *suite(void)
{
	list_cases();
	Suite *s = suite_create("cal");
	TCase *tc = tcase_create("cases");
	tcase_add_test(tc, cases_exist);
	tcase_add_loop_test(tc, business_time_case, 0, (int)ncases);
	tcase_add_test(tc, hours_errors);
	tcase_add_test(tc, day_states);
	tcase_add_test(tc, index_agrees_with_days);
	tcase_add_test(tc, three_years_any_order);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
