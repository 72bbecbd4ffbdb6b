/*
 * The feed health gate (health.h): reasons grouped by their words, the
 * max_rejected line drawn exactly, a column with nothing recognised, counts
 * added for a grown file; and the report's one-line verdict, which must
 * never say all is well while a feed could not be checked.
 */
#include <string.h>

#include "health.h"
#include "util.h"
#include "wording.h"

#include "testutil.h"

static void rows(struct health *h, size_t n, size_t bad)
{
	for (size_t i = 0; i < n; i++) {
		health_row(h);
		health_cell(h, FIELD_AT, "2026-11-24 08:00", 16, i >= bad);
		if (i < bad)
			health_reject(h, "bad hours 'lots' (expected decimal hours)");
	}
}

START_TEST(reasons_grouped)
{
	struct health h;
	health_init(&h);
	health_row(&h);
	health_reject(&h, "bad at time '03/09/2026 07:45' (expected iso8601)");
	health_row(&h);
	health_reject(&h, "bad at time '04/09/2026 08:00' (expected iso8601)");
	health_row(&h);
	health_reject(&h, "no ticket id");
	health_row(&h);
	health_reject(&h, "rows 5-7: a quote is not closed (CSV syntax): these lines were skipped");
	health_row(&h);
	health_reject(&h, "a quote is not closed (CSV syntax): this line was skipped");
	ck_assert_uint_eq(h.nreason, 3);
	ck_assert_str_eq(h.reason[2].text, "a quote is not closed (CSV syntax)");
	ck_assert_uint_eq(h.reason[2].n, 1 + 1);
	ck_assert_str_eq(h.reason[0].text, "bad at time");
	ck_assert_uint_eq(h.reason[0].n, 2);
	ck_assert_str_eq(h.reason[1].text, "no ticket id");
	ck_assert_str_eq(health_top_reason(&h)->text, "bad at time");
	health_clear(&h);
	ck_assert_ptr_null(health_top_reason(&h));
	health_clear(NULL);
}
END_TEST

START_TEST(max_rejected_line)
{
	/* 5 of 250 rows is exactly 2%: not more than the limit */
	struct health h;
	health_init(&h);
	rows(&h, 250, 5);
	ck_assert_int_eq(health_judge(&h, 0.02, NULL), HEALTH_OK);
	health_row(&h);
	health_reject(&h, "bad hours 'x'");
	/* 6 of 251 is 2.39% */
	ck_assert_int_eq(health_judge(&h, 0.02, NULL), HEALTH_TOO_MANY_REJECTED);
	ck_assert_int_eq(health_judge(&h, 0.03, NULL), HEALTH_OK);
	health_clear(&h);
	/* no rows: nothing to judge by, nothing rejected */
	ck_assert_int_eq(health_judge(&h, 0, NULL), HEALTH_OK);
}
END_TEST

START_TEST(column_unread)
{
	struct health h;
	health_init(&h);
	for (int i = 0; i < 3; i++) {
		health_row(&h);
		health_cell(&h, FIELD_AT, "24/08/2026 08:34", 16, 0);
		health_reject(&h, "bad at time '24/08/2026 08:34'");
	}
	int col;
	/* 3 of 3 rejected, but what matters first is the column */
	ck_assert_int_eq(health_judge(&h, 1.0, &col), HEALTH_COLUMN_UNREAD);
	ck_assert_int_eq(col, FIELD_AT);
	ck_assert_uint_eq(h.nsample, 3);
	ck_assert_int_eq(h.sample_field, FIELD_AT);
	ck_assert_str_eq(h.sample[0], "24/08/2026 08:34");
	/* one recognised cell is enough for the column */
	health_cell(&h, FIELD_AT, "2026-08-24 08:34", 16, 1);
	ck_assert_int_eq(health_judge(&h, 1.0, &col), HEALTH_OK);
	ck_assert_int_eq(col, -1);
	/* on-site words must be recognised too; a summary need not */
	health_cell(&h, FIELD_ONSITE, "On site", 7, 0);
	ck_assert_int_eq(health_judge(&h, 1.0, &col), HEALTH_COLUMN_UNREAD);
	ck_assert_int_eq(col, FIELD_ONSITE);
	ck_assert(!health_must_recognise(FIELD_SUMMARY));
	health_clear(&h);
}
END_TEST

START_TEST(grown_file_adds)
{
	struct health a, b;
	health_init(&a);
	health_init(&b);
	rows(&a, 100, 1);
	rows(&b, 50, 3);
	health_add(&a, &b);
	ck_assert_uint_eq(a.rows, 150);
	ck_assert_uint_eq(a.rejected, 4);
	ck_assert_uint_eq(a.nreason, 1);
	ck_assert_uint_eq(a.reason[0].n, 4);
	ck_assert_uint_eq(a.col[FIELD_AT].seen, 150);
	ck_assert_uint_eq(a.col[FIELD_AT].recognised, 146);
	/* 4 of 150 is 2.67% */
	ck_assert_int_eq(health_judge(&a, 0.02, NULL), HEALTH_TOO_MANY_REJECTED);
	health_clear(&a);
	health_clear(&b);
}
END_TEST

START_TEST(verdict_never_all_clear_unchecked)
{
	char *v = wording_report_verdict(0, 0, 0);
	ck_assert_ptr_nonnull(strstr(v, "Nothing needs your attention"));
	free(v);
	v = wording_report_verdict(0, 0, 1);
	ck_assert_ptr_null(strstr(v, "Nothing needs your attention"));
	ck_assert_ptr_nonnull(strstr(v, "could not be checked"));
	free(v);
	v = wording_report_verdict(2, 1, 1);
	ck_assert_str_eq(v, "3 things need your attention, 2 of them urgent.");
	free(v);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("health");
	TCase *tc = tcase_create("health");
	tcase_add_test(tc, reasons_grouped);
	tcase_add_test(tc, max_rejected_line);
	tcase_add_test(tc, column_unread);
	tcase_add_test(tc, grown_file_adds);
	tcase_add_test(tc, verdict_never_all_clear_unchecked);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
