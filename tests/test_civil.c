/*
 * civil: day numbers against a day-by-day walk of the calendar written
 * here independently, weekdays, ISO weeks at year edges, parsing and
 * formatting.
 */
#include <stdint.h>
#include <string.h>

#include "civil.h"
#include "testutil.h"

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Every day from 1600-01-01 to 2400-12-31, counted by hand. */
START_TEST(walk_the_calendar)
{
	static const int len[] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	/* 1600-01-01 is 135140 days before 1970-01-01 (370 years, 90 leap days) */
	int64_t day = -135140;
	int wd = 6;   /* 1600-01-01 was a Saturday */
	for (int y = 1600; y <= 2400; y++)
		for (int m = 1; m <= 12; m++) {
			int n = len[m] + (m == 2 && leap(y));
			if (civil_days_in_month(y, m) != n)
				ck_abort_msg("days in %d-%02d: %d, want %d", y, m,
					     civil_days_in_month(y, m), n);
			for (int d = 1; d <= n; d++, day++, wd = wd % 7 + 1) {
				int yy, mm, dd;
				civil_from_days(day, &yy, &mm, &dd);
				if (civil_days(y, m, d) != day || yy != y || mm != m || dd != d)
					ck_abort_msg("%d-%02d-%02d vs day %lld", y, m, d,
						     (long long)day);
				if (civil_weekday(day) != wd)
					ck_abort_msg("weekday of %d-%02d-%02d", y, m, d);
				if (!civil_valid(y, m, d))
					ck_abort_msg("%d-%02d-%02d invalid", y, m, d);
			}
		}
	ck_assert_int_eq(day, civil_days(2401, 1, 1));
}
END_TEST

/* Round trips far outside the walked range, both signs. */
START_TEST(round_trip_wide)
{
	for (int64_t d = -3000000; d <= 3000000; d += 7) {
		int y, m, dd;
		civil_from_days(d, &y, &m, &dd);
		if (civil_days(y, m, dd) != d || !civil_valid(y, m, dd))
			ck_abort_msg("round trip of day %lld", (long long)d);
	}
	int y, m, d;
	civil_from_days(-719468, &y, &m, &d);   /* 0000-03-01, the algorithm's epoch */
	ck_assert_int_eq(y, 0);
	ck_assert_int_eq(m, 3);
	ck_assert_int_eq(d, 1);
	civil_from_days(-719469, &y, &m, &d);
	ck_assert_int_eq(y, 0);
	ck_assert_int_eq(m, 2);
	ck_assert_int_eq(d, 29);   /* year 0 is a leap year */
}
END_TEST

START_TEST(known_days)
{
	ck_assert_int_eq(civil_days(1970, 1, 1), 0);
	ck_assert_int_eq(civil_days(1969, 12, 31), -1);
	ck_assert_int_eq(civil_days(2000, 3, 1), 11017);
	ck_assert_int_eq(civil_days(2026, 11, 24), 20781);
	ck_assert_int_eq(civil_days(2026, 12, 31), 20818);
	ck_assert_int_eq(civil_weekday(0), 4);
	ck_assert_int_eq(civil_weekday(-1), 3);
	ck_assert_int_eq(civil_weekday(-7), 4);
	ck_assert_int_eq(civil_weekday(civil_days(2026, 11, 24)), 2);
	ck_assert_int_eq(civil_weekday(civil_days(2000, 1, 1)), 6);
	ck_assert_int_eq(civil_weekday(civil_days(2027, 1, 3)), 7);
}
END_TEST

START_TEST(validity)
{
	ck_assert_int_eq(civil_valid(2026, 2, 28), 1);
	ck_assert_int_eq(civil_valid(2026, 2, 29), 0);
	ck_assert_int_eq(civil_valid(2024, 2, 29), 1);
	ck_assert_int_eq(civil_valid(1900, 2, 29), 0);
	ck_assert_int_eq(civil_valid(2000, 2, 29), 1);
	ck_assert_int_eq(civil_valid(2026, 2, 31), 0);
	ck_assert_int_eq(civil_valid(2026, 4, 31), 0);
	ck_assert_int_eq(civil_valid(2026, 12, 31), 1);
	ck_assert_int_eq(civil_valid(2026, 13, 1), 0);
	ck_assert_int_eq(civil_valid(2026, 0, 1), 0);
	ck_assert_int_eq(civil_valid(2026, 1, 0), 0);
	ck_assert_int_eq(civil_days_in_month(2026, 13), 0);
	ck_assert_int_eq(civil_days_in_month(2026, 0), 0);
}
END_TEST

static void expect_week(int y, int m, int d, int wy, int ww, const char *text)
{
	int64_t day = civil_days(y, m, d);
	int iy, iw;
	char buf[16];
	civil_iso_week(day, &iy, &iw);
	ck_assert_msg(iy == wy && iw == ww, "%d-%02d-%02d: %d-W%02d, want %d-W%02d", y, m, d, iy,
		      iw, wy, ww);
	civil_format_week(day, buf, sizeof(buf));
	ck_assert_str_eq(buf, text);
}

START_TEST(iso_weeks)
{
	expect_week(2026, 12, 31, 2026, 53, "2026-W53");
	expect_week(2027, 1, 1, 2026, 53, "2026-W53");
	expect_week(2027, 1, 3, 2026, 53, "2026-W53");
	expect_week(2027, 1, 4, 2027, 1, "2027-W01");
	expect_week(2024, 12, 30, 2025, 1, "2025-W01");
	expect_week(2024, 12, 29, 2024, 52, "2024-W52");
	expect_week(2021, 1, 3, 2020, 53, "2020-W53");
	expect_week(2008, 12, 29, 2009, 1, "2009-W01");
	expect_week(2016, 1, 3, 2015, 53, "2015-W53");
	expect_week(2026, 11, 24, 2026, 48, "2026-W48");
	expect_week(2026, 1, 1, 2026, 1, "2026-W01");
	expect_week(2025, 12, 29, 2026, 1, "2026-W01");
	ck_assert_int_eq(civil_week_monday(civil_days(2026, 11, 24)), civil_days(2026, 11, 23));
	ck_assert_int_eq(civil_week_monday(civil_days(2026, 11, 23)), civil_days(2026, 11, 23));
	ck_assert_int_eq(civil_week_monday(civil_days(2026, 11, 29)), civil_days(2026, 11, 23));
	ck_assert_int_eq(civil_week_monday(0), -3);
	ck_assert_int_eq(civil_week_monday(-4), -10);
	/* Every Monday starts a week; weeks are numbered 1, 2, ... within an ISO year. */
	int py = 0, pw = 0;
	for (int64_t d = civil_days(1990, 1, 1); d < civil_days(2200, 1, 1); d++) {
		int y, w;
		civil_iso_week(d, &y, &w);
		if (civil_weekday(d) == 1) {
			if (!((y == py && w == pw + 1) || (y == py + 1 && w == 1)) && py)
				ck_abort_msg("week after %d-W%02d is %d-W%02d", py, pw, y, w);
			if (w == 53) {
				/* a 53-week year starts or ends on a Thursday */
				int64_t jan1 = civil_days(y, 1, 1), dec31 = civil_days(y, 12, 31);
				if (civil_weekday(jan1) != 4 && civil_weekday(dec31) != 4)
					ck_abort_msg("%d has no week 53", y);
			}
			py = y;
			pw = w;
		} else if (y != py || w != pw) {
			ck_abort_msg("week changed mid-week on day %lld", (long long)d);
		}
	}
}
END_TEST

START_TEST(parse_dates)
{
	int64_t d = 12345;
	ck_assert_int_eq(civil_parse_date("2026-11-24", 10, &d), 0);
	ck_assert_int_eq(d, 20781);
	ck_assert_int_eq(civil_parse_date("1970-01-01", 10, &d), 0);
	ck_assert_int_eq(d, 0);
	ck_assert_int_eq(civil_parse_date("2024-02-29", 10, &d), 0);
	ck_assert_int_eq(d, civil_days(2024, 2, 29));
	/* only len bytes are read */
	ck_assert_int_eq(civil_parse_date("2026-11-24xyz", 10, &d), 0);
	ck_assert_int_eq(d, 20781);
	d = 7;
	ck_assert_int_eq(civil_parse_date("2026-11-24x", 11, &d), -1);
	ck_assert_int_eq(civil_parse_date("2026-02-29", 10, &d), -1);
	ck_assert_int_eq(civil_parse_date("2026-02-31", 10, &d), -1);
	ck_assert_int_eq(civil_parse_date("2026-13-01", 10, &d), -1);
	ck_assert_int_eq(civil_parse_date("2026-00-10", 10, &d), -1);
	ck_assert_int_eq(civil_parse_date("2026-11-00", 10, &d), -1);
	ck_assert_int_eq(civil_parse_date("2026-1-24", 9, &d), -1);
	ck_assert_int_eq(civil_parse_date("2026/11/24", 10, &d), -1);
	ck_assert_int_eq(civil_parse_date("2026-11-2a", 10, &d), -1);
	ck_assert_int_eq(civil_parse_date(" 2026-11-2", 10, &d), -1);
	ck_assert_int_eq(civil_parse_date("", 0, &d), -1);
	ck_assert_int_eq(d, 7);   /* untouched on failure */
}
END_TEST

START_TEST(format_dates)
{
	char buf[32];
	civil_format_date(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1970-01-01");
	civil_format_date(-1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1969-12-31");
	civil_format_date(20781, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-11-24");
	civil_format_date(civil_days(2199, 12, 31), buf, sizeof(buf));
	ck_assert_str_eq(buf, "2199-12-31");
	civil_format_date(20781, buf, 5);
	ck_assert_str_eq(buf, "2026");   /* truncated, still terminated */
	civil_format_short(20781, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Tue 24 Nov");
	civil_format_short(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Thu 1 Jan");
	civil_format_short(civil_days(2027, 1, 3), buf, sizeof(buf));
	ck_assert_str_eq(buf, "Sun 3 Jan");
	/* parse(format(d)) == d */
	for (int64_t d = civil_days(1970, 1, 1); d < civil_days(2200, 1, 1); d += 3) {
		int64_t back;
		civil_format_date(d, buf, sizeof(buf));
		if (civil_parse_date(buf, strlen(buf), &back) != 0 || back != d)
			ck_abort_msg("format/parse of %lld: %s", (long long)d, buf);
	}
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(civil_weekday_name(1), "Mon");
	ck_assert_str_eq(civil_weekday_name(7), "Sun");
	ck_assert_str_eq(civil_weekday_name(0), "");
	ck_assert_str_eq(civil_weekday_name(8), "");
	ck_assert_str_eq(civil_month_name(1), "Jan");
	ck_assert_str_eq(civil_month_name(12), "Dec");
	ck_assert_str_eq(civil_month_name(0), "");
	ck_assert_str_eq(civil_month_name(13), "");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("civil");
	TCase *tc = tcase_create("civil");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, walk_the_calendar);
	tcase_add_test(tc, round_trip_wide);
	tcase_add_test(tc, known_days);
	tcase_add_test(tc, validity);
	tcase_add_test(tc, iso_weeks);
	tcase_add_test(tc, parse_dates);
	tcase_add_test(tc, format_dates);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
