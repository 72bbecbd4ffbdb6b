/*
 * Service credits' arithmetic, worked by hand: amounts read exactly into
 * pence, a percentage of an amount rounded half up to the penny, money
 * written back, and the tier an SLA's month compliance owes (issue 19:
 * below 95%: 2%, below 90%: 5%, below 80%: 10% -- 85% owes 5%, 70% 10%,
 * 96% nothing).  The whole path (months, calls, cap, findings) is
 * tests/it_credits.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "civil.h"
#include "config.h"
#include "credits.h"
#include "money.h"

#include "testutil.h"

START_TEST(parse_exact)
{
	static const struct { const char *s; int64_t p; } good[] = {
		{ "1875", 187500 }, { "1875.5", 187550 }, { "1875.50", 187550 },
		{ "1,875.05", 187505 }, { " 0.01 ", 1 }, { "12,345,678.90", 1234567890 },
		{ "0", 0 }, { "1000000000.00", 100000000000 },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int64_t p = -1;
		ck_assert_msg(money_parse(good[i].s, &p) == 0, "'%s' refused", good[i].s);
		ck_assert_msg(p == good[i].p, "'%s' read as %lld", good[i].s, (long long)p);
	}
	static const char *const bad[] = { "", "£10", "10.", "10.005", "-5", "1,87", "18,75.00",
		",100", "1e3", "10 GBP", "1000000000.01", "0x10", "1.2.3" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t p;
		ck_assert_msg(money_parse(bad[i], &p) < 0, "'%s' accepted", bad[i]);
	}
}
END_TEST

START_TEST(percent_half_up)
{
	/* 5% of 1,875.00 = 93.75 exactly */
	ck_assert_int_eq(money_percent_of(187500, 50000), 9375);
	/* 10% of 1,875.05 = 187.505: half up to 187.51 (not 187.50: not
	 * truncated, and not to even) */
	ck_assert_int_eq(money_percent_of(187505, 100000), 18751);
	/* 2% of 1,875.25 = 37.505 -> 37.51; 2% of 1,875.24 = 37.5048 -> 37.50 */
	ck_assert_int_eq(money_percent_of(187525, 20000), 3751);
	ck_assert_int_eq(money_percent_of(187524, 20000), 3750);
	/* 0.5% of 999.99 = 4.99995 -> 5.00 */
	ck_assert_int_eq(money_percent_of(99999, 5000), 500);
	ck_assert_int_eq(money_percent_of(187500, 0), 0);
	/* the largest amount at 100% */
	ck_assert_int_eq(money_percent_of(100000000000, 1000000), 100000000000);
	/* 33.3333% of 1.00 = 0.333333 -> 0.33 */
	ck_assert_int_eq(money_percent_of(100, 333333), 33);
}
END_TEST

START_TEST(format)
{
	char b[64];
	money_format(18750, "\xc2\xa3", b, sizeof(b));
	ck_assert_str_eq(b, "\xc2\xa3" "187.50");
	money_format(123456789, "\xc2\xa3", b, sizeof(b));
	ck_assert_str_eq(b, "\xc2\xa3" "1,234,567.89");
	money_format(5, "", b, sizeof(b));
	ck_assert_str_eq(b, "0.05");
	money_format(100000, "EUR ", b, sizeof(b));
	ck_assert_str_eq(b, "EUR 1,000.00");
	money_format_percent(50000, b, sizeof(b));
	ck_assert_str_eq(b, "5%");
	money_format_percent(5000, b, sizeof(b));
	ck_assert_str_eq(b, "0.5%");
	money_format_percent(25, b, sizeof(b));
	ck_assert_str_eq(b, "0.0025%");
	money_format_percent(1000000, b, sizeof(b));
	ck_assert_str_eq(b, "100%");
}
END_TEST

START_TEST(tiers)
{
	/* below 95%: 2%, below 90%: 5%, below 80%: 10%, highest threshold
	 * first as config_load keeps them */
	struct credit_tier t[] = { { 950000, 20000 }, { 900000, 50000 }, { 800000, 100000 } };
	struct sla s;
	memset(&s, 0, sizeof(s));
	s.credit = t;
	s.ncredit = 3;
	ck_assert_int_eq(credits_tier(&s, 8500), 1);    /* 85%: 5% */
	ck_assert_int_eq(credits_tier(&s, 7000), 2);    /* 70%: 10% */
	ck_assert_int_eq(credits_tier(&s, 9600), -1);   /* 96%: nothing */
	ck_assert_int_eq(credits_tier(&s, 9500), -1);   /* 95% is not below 95% */
	ck_assert_int_eq(credits_tier(&s, 9499), 0);    /* 94.99%: 2% */
	ck_assert_int_eq(credits_tier(&s, 9000), 0);    /* 90% is below 95%, not 90% */
	ck_assert_int_eq(credits_tier(&s, 8000), 1);    /* 80%: 5% */
	ck_assert_int_eq(credits_tier(&s, 7999), 2);
	ck_assert_int_eq(credits_tier(&s, 0), 2);
	ck_assert_int_eq(credits_tier(&s, 10000), -1);
}
END_TEST

START_TEST(month_bounds)
{
	char b[16];
	int64_t d = credits_first_day(civil_days(2026, 11, 28));
	ck_assert_int_eq(d, civil_days(2026, 11, 1));
	credits_month_label(d, b, sizeof(b));
	ck_assert_str_eq(b, "2026-11");
	ck_assert_int_eq(credits_first_day(civil_days(2027, 1, 1)), civil_days(2027, 1, 1));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("credits");
	TCase *tc = tcase_create("credits");
	tcase_add_test(tc, parse_exact);
	tcase_add_test(tc, percent_half_up);
	tcase_add_test(tc, format);
	tcase_add_test(tc, tiers);
	tcase_add_test(tc, month_bounds);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
