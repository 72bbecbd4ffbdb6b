/*
 * timefmt: ISO 8601 and strptime instants (with the pinned DST rule for
 * local times), printing, durations and percentages.
 */
#include <stdint.h>
#include <string.h>

#include "civil.h"
#include "testutil.h"
#include "timefmt.h"
#include "tz.h"

static struct tz *london, *new_york;

static void setup(void)
{
	char *err = NULL;
	london = tz_load("Europe/London", &err);
	new_york = tz_load("America/New_York", &err);
	ck_assert_msg(london && new_york, "%s", err ? err : "");
}

static void teardown(void)
{
	tz_free(london);
	tz_free(new_york);
}

static int64_t at(int y, int mo, int d, int h, int mi, int s)
{
	return civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void iso_ok(const char *s, const struct tz *tz, int64_t want)
{
	int64_t got = -42;
	ck_assert_msg(timefmt_parse_iso8601(s, tz, &got) == 0, "'%s' rejected", s);
	ck_assert_msg(got == want, "'%s': %lld, want %lld", s, (long long)got, (long long)want);
}

static void iso_bad(const char *s)
{
	int64_t got = -42;
	ck_assert_msg(timefmt_parse_iso8601(s, london, &got) == -1, "'%s' accepted", s);
	ck_assert_int_eq(got, -42);
}

START_TEST(iso8601_accepts)
{
	int64_t t = at(2026, 11, 28, 2, 30, 0);
	iso_ok("2026-11-28T02:30:00Z", london, t);
	iso_ok("2026-11-28T02:30Z", new_york, t);
	iso_ok("2026-11-28 02:30:00Z", NULL, t);
	iso_ok("2026-11-28T03:30:00+01:00", london, t);
	iso_ok("2026-11-28T03:30:00+0100", london, t);
	iso_ok("2026-11-27T21:00-0530", london, t);
	iso_ok("2026-11-27T21:00:00-05:30", london, t);
	iso_ok("2026-11-28T02:30:00-00:00", london, t);
	iso_ok("2026-11-28T02:30:15.987Z", london, t + 15);   /* fraction dropped */
	iso_ok("2026-11-28T02:30:15,5Z", london, t + 15);
	iso_ok("2026-11-28T02:30:15.123456789+00:00", london, t + 15);
	iso_ok("  2026-11-28T02:30:00Z \t\r\n", london, t);
	/* no offset: local in the zone given (GMT in November, BST in July) */
	iso_ok("2026-11-28 02:30", london, t);
	iso_ok("2026-11-28T02:30:00", london, t);
	iso_ok("2026-07-01 12:00", london, at(2026, 7, 1, 11, 0, 0));
	iso_ok("2026-07-01 12:00", new_york, at(2026, 7, 1, 16, 0, 0));
	iso_ok("2026-07-01 12:00", NULL, at(2026, 7, 1, 12, 0, 0));
	/* the pinned DST rule */
	iso_ok("2026-03-29 01:30", london, at(2026, 3, 29, 1, 30, 0));
	iso_ok("2026-10-25 01:30", london, at(2026, 10, 25, 0, 30, 0));
	iso_ok("2026-10-25 00:59:59", london, at(2026, 10, 24, 23, 59, 59));
	iso_ok("2026-10-25 02:00", london, at(2026, 10, 25, 2, 0, 0));
	iso_ok("2026-03-08 02:30", new_york, at(2026, 3, 8, 7, 30, 0));
	iso_ok("2026-11-01 01:30", new_york, at(2026, 11, 1, 5, 30, 0));
	/* the year range is 1970..2199 */
	iso_ok("1970-01-01T00:00:00Z", london, 0);
	iso_ok("1970-01-01T00:30:00+01:00", london, -1800);
	iso_ok("2199-12-31T23:59:59Z", london, at(2199, 12, 31, 23, 59, 59));
	iso_ok("2024-02-29T12:00Z", london, at(2024, 2, 29, 12, 0, 0));
}
END_TEST

START_TEST(iso8601_rejects)
{
	iso_bad("2026-13-01 00:00");
	iso_bad("2026-02-31 10:00");
	iso_bad("2026-02-29 10:00");
	iso_bad("1969-12-31 23:59");
	iso_bad("2200-01-01T00:00Z");
	iso_bad("2026-11-28T25:00");
	iso_bad("2026-11-28T24:00");
	iso_bad("2026-11-28T10:60");
	iso_bad("2026-11-28T10:00:60");
	iso_bad("2026-11-28T10:00x");
	iso_bad("2026-11-28T10:00Z junk");
	iso_bad("2026-11-28T10:00:00.Z");
	iso_bad("2026-11-28T10:00.5Z");
	iso_bad("2026-11-28T10:00+01");
	iso_bad("2026-11-28T10:00+1:00");
	iso_bad("2026-11-28T10:00+24:00");
	iso_bad("2026-11-28T10:00+01:60");
	iso_bad("2026-11-28T10:00 +01:00");
	iso_bad("2026-11-28  10:00");
	iso_bad("2026-11-28t10:00");
	iso_bad("2026-11-28");
	iso_bad("2026-11-28T10");
	iso_bad("2026-11-28T1:00");
	iso_bad("26-11-28 10:00");
	iso_bad("2026-1-28 10:00");
	iso_bad("2026/11/28 10:00");
	iso_bad("");
	iso_bad("   ");
}
END_TEST

static void fmt_ok(const char *s, const char *fmt, const struct tz *tz, int64_t want)
{
	int64_t got = -42;
	ck_assert_msg(timefmt_parse_format(s, fmt, tz, &got) == 0, "'%s' with '%s' rejected", s,
		      fmt);
	ck_assert_msg(got == want, "'%s': %lld, want %lld", s, (long long)got, (long long)want);
}

static void fmt_bad(const char *s, const char *fmt)
{
	int64_t got = -42;
	ck_assert_msg(timefmt_parse_format(s, fmt, london, &got) == -1, "'%s' with '%s' accepted",
		      s, fmt);
	ck_assert_int_eq(got, -42);
}

START_TEST(strptime_formats)
{
	const char *uk = "%d/%m/%Y %H:%M";
	fmt_ok("24/11/2026 14:05", uk, london, at(2026, 11, 24, 14, 5, 0));
	fmt_ok("24/11/2026 14:05", uk, new_york, at(2026, 11, 24, 19, 5, 0));
	fmt_ok("01/07/2026 09:00", uk, london, at(2026, 7, 1, 8, 0, 0));
	fmt_ok(" 24/11/2026 14:05  ", uk, london, at(2026, 11, 24, 14, 5, 0));
	fmt_ok("29/02/2024 00:00", uk, london, at(2024, 2, 29, 0, 0, 0));
	fmt_ok("25/10/2026 01:30", uk, london, at(2026, 10, 25, 0, 30, 0));
	fmt_ok("29/03/2026 01:30", uk, london, at(2026, 3, 29, 1, 30, 0));
	fmt_bad("31/02/2026 10:00", uk);
	fmt_bad("29/02/2026 10:00", uk);
	fmt_bad("24/11/9999 10:00", uk);
	fmt_bad("24/11/1969 10:00", uk);
	fmt_bad("24/11/2026 14:05x", uk);
	fmt_bad("24/11/2026 14:05 pm", uk);
	fmt_bad("24/11/2026", uk);
	fmt_bad("24/13/2026 10:00", uk);
	fmt_bad("", uk);

	const char *z = "%Y-%m-%d %H:%M:%S %z";
	fmt_ok("2026-07-01 12:00:00 +0100", z, london, at(2026, 7, 1, 11, 0, 0));
	fmt_ok("2026-07-01 12:00:00 +0100", z, new_york, at(2026, 7, 1, 11, 0, 0));
	fmt_ok("2026-07-01 12:00:00 -0530", z, london, at(2026, 7, 1, 17, 30, 0));
	fmt_ok("2026-07-01 12:00:00 +01:00", z, london, at(2026, 7, 1, 11, 0, 0));
	fmt_ok("2026-07-01 12:00:00 +0000", z, london, at(2026, 7, 1, 12, 0, 0));
	fmt_ok("2026-12-01 12:00:00 +0100", z, NULL, at(2026, 12, 1, 11, 0, 0));
	fmt_bad("2026-07-01 12:00:00", z);
	fmt_bad("2026-07-01 12:00:00 BST", z);

	/* what the day-1 default and the C locale give */
	fmt_ok("2026-11", "%Y-%m", london, at(2026, 11, 1, 0, 0, 0));
	fmt_ok("24 Nov 2026 2:05 PM", "%d %b %Y %I:%M %p", london, at(2026, 11, 24, 14, 5, 0));
	fmt_ok("Tuesday, 24 November 2026 14:05:09", "%A, %d %B %Y %H:%M:%S", london,
	       at(2026, 11, 24, 14, 5, 9));
	fmt_ok("24/11/26 14:05", "%d/%m/%y %H:%M", london, at(2026, 11, 24, 14, 5, 0));
	fmt_ok("2026-11-24T14:05:00", "%Y-%m-%dT%H:%M:%S", london, at(2026, 11, 24, 14, 5, 0));
	fmt_ok("100% 2026-11-24", "100%% %Y-%m-%d", london, at(2026, 11, 24, 0, 0, 0));
	/* no year in the format: 1900, out of range */
	fmt_bad("24/11 14:05", "%d/%m %H:%M");
	/* %s would go through the process's TZ: refused */
	fmt_bad("1764000000", "%s");
	/* glibc's strptime skips flags and a width before the conversion, so
	 * these are %s and %z too (tests/fuzz/fuzz_timefmt found "25", "%0s"
	 * read as local seconds, and "%-z" lost the written offset) */
	fmt_bad("25", "%0s");
	fmt_bad("1764000000", "%-s");
	fmt_bad("1764000000", "%10s");
	fmt_bad("1764000000", "%^s");
	fmt_ok("2026-07-01 12:00:00 +0500", "%Y-%m-%d %H:%M:%S %-z", london, at(2026, 7, 1, 7, 0, 0));
	fmt_ok("2026-07-01 12:00:00 -0530", "%Y-%m-%d %H:%M:%S %_z", new_york,
	       at(2026, 7, 1, 17, 30, 0));
	fmt_ok("2026-07-01 12:00:00 +0100", "%Y-%m-%d %H:%M:%S %3z", NULL, at(2026, 7, 1, 11, 0, 0));
}
END_TEST

START_TEST(dispatch)
{
	int64_t t = 0;
	ck_assert_int_eq(timefmt_parse("2026-11-28T02:30:00Z", NULL, london, &t), 0);
	ck_assert_int_eq(t, at(2026, 11, 28, 2, 30, 0));
	t = 0;
	ck_assert_int_eq(timefmt_parse("2026-11-28 02:30", "iso8601", london, &t), 0);
	ck_assert_int_eq(t, at(2026, 11, 28, 2, 30, 0));
	t = 0;
	ck_assert_int_eq(timefmt_parse("2026-11-28 02:30", "ISO8601", new_york, &t), 0);
	ck_assert_int_eq(t, at(2026, 11, 28, 7, 30, 0));
	t = 0;
	ck_assert_int_eq(timefmt_parse("28/11/2026 02:30", "%d/%m/%Y %H:%M", london, &t), 0);
	ck_assert_int_eq(t, at(2026, 11, 28, 2, 30, 0));
	ck_assert_int_eq(timefmt_parse("28/11/2026 02:30", NULL, london, &t), -1);
}
END_TEST

START_TEST(printing)
{
	char buf[64];
	timefmt_utc(0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1970-01-01T00:00:00Z");
	timefmt_utc(at(2026, 11, 28, 2, 30, 0), buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-11-28T02:30:00Z");
	timefmt_utc(-1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1969-12-31T23:59:59Z");
	timefmt_utc(at(2199, 12, 31, 23, 59, 59), buf, 21);
	ck_assert_str_eq(buf, "2199-12-31T23:59:59Z");
	timefmt_utc(0, buf, 5);
	ck_assert_str_eq(buf, "1970");
	timefmt_local(london, at(2026, 7, 1, 11, 0, 0), buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-07-01 12:00");
	timefmt_local(london, at(2026, 10, 25, 0, 30, 0), buf, 17);
	ck_assert_str_eq(buf, "2026-10-25 01:30");
	timefmt_local(london, at(2026, 10, 25, 1, 30, 0), buf, sizeof(buf));
	ck_assert_str_eq(buf, "2026-10-25 01:30");
	timefmt_local(new_york, 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1969-12-31 19:00");
	timefmt_local(NULL, 59, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1970-01-01 00:00");
	timefmt_local_short(london, at(2026, 11, 24, 14, 5, 59), buf, sizeof(buf));
	ck_assert_str_eq(buf, "Tue 24 Nov 14:05");
	timefmt_local_short(london, at(2026, 6, 30, 23, 30, 0), buf, sizeof(buf));
	ck_assert_str_eq(buf, "Wed 1 Jul 00:30");
	/* printing then parsing gives the instant back (to the minute) */
	for (int64_t t = at(2026, 1, 1, 0, 0, 0); t < at(2027, 1, 1, 0, 0, 0); t += 997 * 60) {
		int64_t back;
		timefmt_utc(t, buf, sizeof(buf));
		if (timefmt_parse_iso8601(buf, london, &back) != 0 || back != t)
			ck_abort_msg("utc round trip of %s", buf);
		timefmt_local(london, t, buf, sizeof(buf));
		int64_t off = t - tz_local_to_utc(london, tz_utc_to_local(london, t));
		if (timefmt_parse_iso8601(buf, london, &back) != 0 || back != t - off)
			ck_abort_msg("local round trip of %s", buf);
	}
}
END_TEST

static void dur_ok(const char *s, int days, int64_t want)
{
	int64_t got = -42;
	ck_assert_msg(timefmt_parse_duration(s, days, &got) == 0, "'%s' rejected", s);
	ck_assert_msg(got == want, "'%s': %lld, want %lld", s, (long long)got, (long long)want);
}

static void dur_bad(const char *s, int days)
{
	int64_t got = -42;
	ck_assert_msg(timefmt_parse_duration(s, days, &got) == -1, "'%s' accepted", s);
	ck_assert_int_eq(got, -42);
}

START_TEST(durations_parse)
{
	dur_ok("1h30m", 0, 5400);
	dur_ok("45m", 0, 2700);
	dur_ok("2h", 0, 7200);
	dur_ok("0m", 0, 0);
	dur_ok("0h", 0, 0);
	dur_ok("90m", 0, 5400);
	dur_ok("36h", 0, 129600);
	dur_ok(" 2h 15m ", 0, 8100);
	dur_ok("1d", 1, 86400);
	dur_ok("2d", 1, 172800);
	dur_ok("1d 12h", 1, 129600);
	dur_ok("1d12h30m", 1, 131400);
	dur_ok("1h30m", 1, 5400);
	dur_ok("007m", 0, 420);
	dur_ok("999999999m", 0, INT64_C(59999999940));
	dur_bad("1d", 0);
	dur_bad("1d 12h", 0);
	dur_bad("1m30h", 0);
	dur_bad("12h1d", 1);
	dur_bad("1h1h", 0);
	dur_bad("h", 0);
	dur_bad("1.5h", 0);
	dur_bad("-1h", 0);
	dur_bad("+1h", 0);
	dur_bad("1x", 0);
	dur_bad("1s", 0);
	dur_bad("1H", 0);
	dur_bad("1 h", 0);
	dur_bad("1h 30", 0);
	dur_bad("30", 0);
	dur_bad("1h,30m", 0);
	dur_bad("1000000000h", 0);
	dur_bad("", 0);
	dur_bad("  ", 1);
}
END_TEST

static void dur_is(int64_t secs, const char *want)
{
	char buf[64];
	timefmt_duration(secs, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
}

START_TEST(durations_print)
{
	dur_is(0, "0m");
	dur_is(60, "1m");
	dur_is(2700, "45m");
	dur_is(3600, "1h");
	dur_is(5400, "1h30m");
	dur_is(7200, "2h");
	dur_is(86400, "1d");
	dur_is(172800, "2d");
	dur_is(129600, "1d12h");
	dur_is(86400 + 60, "1d1m");
	dur_is(90061, "1d1h1m1s");
	dur_is(15, "15s");
	dur_is(5415, "1h30m15s");
	dur_is(-5400, "-1h30m");
	dur_is(-15, "-15s");
	char buf[4];
	timefmt_duration(5400, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1h3");
	/* whole minutes print a form the parser (with days) reads back */
	for (int64_t s = 0; s < 10 * 86400; s += 7 * 60) {
		char b[64];
		int64_t back;
		timefmt_duration(s, b, sizeof(b));
		if (timefmt_parse_duration(b, 1, &back) != 0 || back != s)
			ck_abort_msg("%lld printed as '%s'", (long long)s, b);
	}
}
END_TEST

static void pct_ok(const char *s, int32_t want)
{
	int32_t got = -42;
	ck_assert_msg(timefmt_parse_percent(s, &got) == 0, "'%s' rejected", s);
	ck_assert_msg(got == want, "'%s': %d, want %d", s, got, want);
}

static void pct_bad(const char *s)
{
	int32_t got = -42;
	ck_assert_msg(timefmt_parse_percent(s, &got) == -1, "'%s' accepted", s);
	ck_assert_int_eq(got, -42);
}

START_TEST(percents)
{
	pct_ok("95%", 950000);
	pct_ok("12.5%", 125000);
	pct_ok("12.3456%", 123456);
	pct_ok("100%", 1000000);
	pct_ok("100.0000%", 1000000);
	pct_ok("0%", 0);
	pct_ok("25%", 250000);
	pct_ok(" 95% ", 950000);
	pct_ok("95 %", 950000);
	pct_ok("0.95", 950000);
	pct_ok("0.123456", 123456);
	pct_ok("1", 1000000);
	pct_ok("1.0", 1000000);
	pct_ok("0", 0);
	pct_ok("0.0001%", 1);
	pct_bad("12.34567%");
	pct_bad("0.1234567");
	pct_bad("100.0001%");
	pct_bad("101%");
	pct_bad("1.5");
	pct_bad("95");
	pct_bad("-5%");
	pct_bad("-0.5");
	pct_bad("+5%");
	pct_bad("5.%");
	pct_bad(".5");
	pct_bad("95%%");
	pct_bad("95% x");
	pct_bad("%");
	pct_bad("abc");
	pct_bad("9 5%");
	pct_bad("99999999%");
	pct_bad("");
	pct_bad("  ");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("timefmt");
	TCase *tc = tcase_create("timefmt");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, iso8601_accepts);
	tcase_add_test(tc, iso8601_rejects);
	tcase_add_test(tc, strptime_formats);
	tcase_add_test(tc, dispatch);
	tcase_add_test(tc, printing);
	tcase_add_test(tc, durations_parse);
	tcase_add_test(tc, durations_print);
	tcase_add_test(tc, percents);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
