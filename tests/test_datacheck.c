/*
 * datacheck: the readiness rule of `validate --data` (datacheck_ready),
 * at its edges.  The whole command is tested end to end by
 * tests/it_validate_data.sh.
 */
#include <string.h>

#include "config.h"
#include "datacheck.h"
#include "testutil.h"

static struct feed fc;
static struct datacheck_feed df;

static void setup(void)
{
	memset(&fc, 0, sizeof(fc));
	memset(&df, 0, sizeof(df));
	fc.max_rejected = 0.02;
	df.rows_read = 1;
	df.records = 100;
	df.ntime = 1;
	df.time[0].total = 100;
	df.time[0].parsed = 100;
}

START_TEST(ready_when_all_is_well)
{
	ck_assert_int_eq(datacheck_ready(&fc, &df), 1);
	df.records = 0;     /* an empty export is not a problem in itself */
	df.time[0].total = df.time[0].parsed = 0;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 1);
}
END_TEST

START_TEST(rejected_share)
{
	df.rejected = 2;    /* 2% of 100: allowed */
	ck_assert_int_eq(datacheck_ready(&fc, &df), 1);
	df.rejected = 3;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 0);
	fc.max_rejected = 0.03;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 1);
	fc.max_rejected = 0;
	df.rejected = 1;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 0);
	fc.max_rejected = 1;
	df.rejected = 100;
	df.time[0].parsed = 1;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 1);
}
END_TEST

START_TEST(no_time_parses)
{
	fc.max_rejected = 1;
	df.time[0].parsed = 0;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 0);
	df.time[0].parsed = 1;   /* one is enough for this rule */
	ck_assert_int_eq(datacheck_ready(&fc, &df), 1);
	df.ntime = 2;            /* a second time column with cells, none parsing */
	df.time[1].total = 5;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 0);
	df.time[1].total = 0;    /* an empty optional column */
	ck_assert_int_eq(datacheck_ready(&fc, &df), 1);
}
END_TEST

START_TEST(missing_header_or_unreadable)
{
	struct datacheck_missing m = { 0, NULL, NULL };
	df.missing = &m;
	df.nmissing = 1;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 0);
	df.nmissing = 0;
	char why[] = "cannot open 'x.csv'";
	df.error = why;
	ck_assert_int_eq(datacheck_ready(&fc, &df), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("datacheck");
	TCase *tc = tcase_create("ready");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, ready_when_all_is_well);
	tcase_add_test(tc, rejected_share);
	tcase_add_test(tc, no_time_parses);
	tcase_add_test(tc, missing_header_or_unreadable);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
