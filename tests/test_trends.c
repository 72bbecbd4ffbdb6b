/*
 * trends (README item 37): the nearest-rank percentile, the window before
 * a window (the month before a calendar month, else as many days just
 * before), and the words that compare them; grouped findings' words
 * (item 38): the date lists.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "testutil.h"
#include "trends.h"
#include "util.h"
#include "wording.h"

static int64_t pct(const int64_t *in, size_t n, int p)
{
	int64_t v[16];
	memcpy(v, in, n * sizeof(*v));
	return trends_percentile(v, n, p);
}

START_TEST(percentile)
{
	/* rank ceil(P * n / 100), at least 1, of the sorted values */
	static const int64_t one[] = { 7 };
	ck_assert_int_eq(pct(one, 1, 50), 7);
	ck_assert_int_eq(pct(one, 1, 90), 7);
	static const int64_t two[] = { 900, 720 };   /* unsorted on purpose */
	ck_assert_int_eq(pct(two, 2, 50), 720);      /* rank 1: the lower middle */
	ck_assert_int_eq(pct(two, 2, 90), 900);      /* rank ceil(1.8) = 2 */
	static const int64_t four[] = { 5400, 2400, 7200, 2700 };
	ck_assert_int_eq(pct(four, 4, 50), 2700);    /* rank 2 */
	ck_assert_int_eq(pct(four, 4, 90), 7200);    /* rank ceil(3.6) = 4 */
	static const int64_t ten[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	ck_assert_int_eq(pct(ten, 10, 50), 5);       /* rank 5 */
	ck_assert_int_eq(pct(ten, 10, 90), 9);       /* rank 9, not 10 */
	ck_assert_int_eq(pct(ten, 10, 100), 10);
	ck_assert_int_eq(pct(ten, 10, 1), 1);        /* rank ceil(0.1) = 1 */
	static const int64_t eleven[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	ck_assert_int_eq(pct(eleven, 11, 50), 6);    /* rank ceil(5.5) = 6 */
	ck_assert_int_eq(pct(eleven, 11, 90), 10);   /* rank ceil(9.9) = 10 */
}
END_TEST

static int64_t day(int y, int m, int d)
{
	return civil_days(y, m, d);
}

START_TEST(previous_window)
{
	/* a calendar month: the month before, whatever its length */
	ck_assert(trends_is_month(day(2026, 11, 1), day(2026, 12, 1)));
	ck_assert_int_eq(trends_previous_from(day(2026, 11, 1), day(2026, 12, 1)), day(2026, 10, 1));
	ck_assert_int_eq(trends_previous_from(day(2026, 10, 1), day(2026, 11, 1)), day(2026, 9, 1));
	ck_assert_int_eq(trends_previous_from(day(2027, 3, 1), day(2027, 4, 1)), day(2027, 2, 1));
	ck_assert_int_eq(trends_previous_from(day(2027, 1, 1), day(2027, 2, 1)), day(2026, 12, 1));
	ck_assert(trends_is_month(day(2028, 2, 1), day(2028, 3, 1)));   /* 29 days, a leap year */
	/* not a month: as many days just before */
	ck_assert(!trends_is_month(day(2026, 11, 2), day(2026, 11, 30)));
	ck_assert_int_eq(trends_previous_from(day(2026, 11, 2), day(2026, 11, 30)), day(2026, 10, 5));
	ck_assert(!trends_is_month(day(2026, 11, 1), day(2026, 11, 29)));   /* 28 days from the 1st */
	ck_assert_int_eq(trends_previous_from(day(2026, 11, 1), day(2026, 11, 29)), day(2026, 10, 4));
	ck_assert(!trends_is_month(day(2026, 10, 1), day(2026, 12, 1)));   /* two months */
	ck_assert_int_eq(trends_previous_from(day(2026, 10, 1), day(2026, 12, 1)), day(2026, 8, 1));
}
END_TEST

static void said(char *got, const char *want)
{
	ck_assert_msg(got && !strcmp(got, want), "'%s', want '%s'", got ? got : "(null)", want);
	free(got);
}

START_TEST(words)
{
	char b[64];
	wording_trend_before(1, 30, b, sizeof(b));
	ck_assert_str_eq(b, "last month");
	wording_trend_before(0, 28, b, sizeof(b));
	ck_assert_str_eq(b, "the 28 days before");
	said(wording_trend_compliance("last month", 1, 91, 100, 1, 84, 100),
	     "Better than last month: 91% on time, was 84%.");
	said(wording_trend_compliance("last month", 1, 1, 2, 1, 2, 2),
	     "Worse than last month: 50% on time, was 100%.");
	/* 2 of 4 and 1 of 2: the same share, compared exactly */
	said(wording_trend_compliance("the 28 days before", 1, 2, 4, 1, 1, 2),
	     "The same as the 28 days before: 50% on time.");
	said(wording_trend_compliance("last month", 1, 3, 4, 0, 0, 0),
	     "75% on time. Last month is not known: the call log was not read for it.");
	said(wording_trend_compliance("last month", 0, 0, 0, 1, 1, 2),
	     "Not known this time: the call log could not be read. Last month: 50% on time.");
	said(wording_trend_compliance("last month", 1, 0, 0, 1, 1, 2),
	     "No calls were closed this time. Last month: 50% on time.");
	said(wording_trend_time("answer", "last month", 1, 2, 600, 1200, 1, 2, 720, 900),
	     "Faster than last month to answer: half the calls within 10 min, 9 in 10 within "
	     "20 min. Last month: 12 min and 15 min.");
	ck_assert_ptr_null(wording_trend_time("fix", "last month", 0, 2, 1, 1, 1, 1, 1, 1));
	said(wording_trend_calls("last month", 1, 7, 6, 1, 232200, 1, 4, 4, 0, -1),
	     "7 calls opened and 6 closed. Last month: 4 and 4. Still open at the end: 1, the "
	     "oldest for 2 days. Last month: none.");
}
END_TEST

START_TEST(date_lists)
{
	int64_t d[] = { day(2026, 11, 9), day(2026, 11, 10), day(2026, 11, 12), day(2026, 11, 13) };
	struct strbuf sb = STRBUF_INIT;
	wording_date_list(d, 4, 1, &sb);
	ck_assert_str_eq(sb.buf, "Mon 9, Tue 10, Thu 12 and Fri 13 Nov");
	sb_release(&sb);
	int64_t e[] = { day(2026, 9, 30), day(2026, 10, 1), day(2026, 10, 2) };
	wording_date_list(e, 3, 1, &sb);
	ck_assert_str_eq(sb.buf, "Wed 30 Sep, Thu 1 and Fri 2 Oct");
	sb_release(&sb);
	wording_date_list(e, 1, 0, &sb);
	ck_assert_str_eq(sb.buf, "30 Sep");
	sb_release(&sb);
	char *m, *q;
	wording_group_missed("Acme", 0, "Check the night's backups", PERIOD_SCHOOL_DAY, d, 4, &m, &q);
	ck_assert_msg(!strncmp(m, "'Check the night's backups' was not logged on 4 school days: "
			       "Mon 9, Tue 10, Thu 12 and Fri 13 Nov.", 96), "%s", m);
	free(m);
	free(q);
	int64_t w[] = { day(2026, 9, 21), day(2026, 10, 26) };
	wording_group_missed("Acme", 0, "Check antivirus", PERIOD_WEEK, w, 2, &m, &q);
	ck_assert_msg(strstr(m, "was not logged in 2 weeks: the weeks starting Mon 21 Sep and "
			     "Mon 26 Oct."), "%s", m);
	free(m);
	free(q);
	int64_t h[] = { day(2026, 11, 9), day(2026, 11, 16) };
	wording_group_hours("Acme", h, 2, &m, &q);
	ck_assert_msg(strstr(m, "in 2 weeks: the weeks starting 9 and 16 Nov."), "%s", m);
	free(m);
	free(q);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("trends");
	TCase *tc = tcase_create("trends");
	tcase_add_test(tc, percentile);
	tcase_add_test(tc, previous_window);
	tcase_add_test(tc, words);
	tcase_add_test(tc, date_lists);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
