/*
 * timeguess: the time_format proposed for a column's cells, and whether
 * day/month against month/day could be told from them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "timefmt.h"
#include "timeguess.h"

/* Guess from a NULL-terminated list; the guess must succeed. */
static struct timeguess guess(const char *const *cells)
{
	size_t n = 0;
	while (cells[n])
		n++;
	struct timeguess g;
	ck_assert_msg(timeguess_cells(cells, n, &g) == 0, "no guess for '%s'", cells[0]);
	/* what is proposed is what the parser takes */
	int64_t t;
	ck_assert_msg(timefmt_parse(g.example, g.format, NULL, &t) == 0, "'%s' with '%s'",
		      g.example, g.format);
	return g;
}

static void want(const char *const *cells, const char *format, const char *reading,
		 int ambiguous)
{
	struct timeguess g = guess(cells);
	ck_assert_msg(strcmp(g.format, format) == 0, "'%s': got '%s', want '%s'", cells[0],
		      g.format, format);
	ck_assert_str_eq(g.reading, reading);
	ck_assert_msg(g.ambiguous == ambiguous, "'%s': ambiguous %d", cells[0], g.ambiguous);
}

START_TEST(uk_ambiguous_column)
{
	/* 95 cells where every day is 12 or less: both readings parse them all */
	static char buf[95][24];
	const char *cells[96];
	for (int i = 0; i < 95; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%02d/%02d/2026 %02d:45", i % 12 + 1,
			 (i / 12) % 12 + 1, 7 + i % 10);
		cells[i] = buf[i];
	}
	cells[95] = NULL;
	struct timeguess g = guess(cells);
	ck_assert_str_eq(g.format, "%d/%m/%Y %H:%M");
	ck_assert_str_eq(g.reading, "day/month/year");
	ck_assert_int_eq(g.ambiguous, 1);
	ck_assert_uint_eq(g.parsed, 95);
	ck_assert_uint_eq(g.total, 95);
	ck_assert_str_eq(g.example, "01/01/2026 07:45");
}
END_TEST

START_TEST(day_first_when_a_day_is_over_12)
{
	const char *a[] = { "03/09/2026 07:45", "25/09/2026 07:45", "04/10/2026 08:00", NULL };
	struct timeguess g = guess(a);
	ck_assert_str_eq(g.format, "%d/%m/%Y %H:%M");
	ck_assert_int_eq(g.ambiguous, 0);
	ck_assert_str_eq(g.example, "25/09/2026 07:45"); /* the cell that decides */
	ck_assert_uint_eq(g.parsed, 3);

	const char *b[] = { "25/09/2026 07:45", NULL };
	want(b, "%d/%m/%Y %H:%M", "day/month/year", 0);
}
END_TEST

START_TEST(us_twelve_hour)
{
	const char *a[] = { "09/25/2026 7:45 PM", "09/03/2026 11:05 AM", NULL };
	struct timeguess g = guess(a);
	ck_assert_str_eq(g.format, "%m/%d/%Y %I:%M %p");
	ck_assert_str_eq(g.reading, "month/day/year");
	ck_assert_int_eq(g.ambiguous, 0);
	ck_assert_str_eq(g.example, "09/25/2026 7:45 PM");
	ck_assert_uint_eq(g.parsed, 2);

	const char *b[] = { "12/31/2026 11:59:30 pm", NULL };
	want(b, "%m/%d/%Y %I:%M:%S %p", "month/day/year", 0);
}
END_TEST

START_TEST(iso_forms_are_iso8601)
{
	const char *a[] = { "2026-09-03T07:45:00Z", "2026-09-03 07:45", "2026-09-03T07:45+01:00",
			    "2026-09-03 07:45:10", "2026-09-03T07:45:10.5-0500", NULL };
	want(a, "iso8601", "year-month-day", 0);
	/* a strptime twin that parses the same cells is still iso8601 */
	const char *b[] = { "2026-09-03 07:45:00", "2026-09-04 08:00:00", NULL };
	want(b, "iso8601", "year-month-day", 0);
	/* a single-digit hour is not ISO: the strptime form that parses it */
	const char *c[] = { "2026-09-03 7:45", NULL };
	want(c, "%Y-%m-%d %H:%M", "year-month-day", 0);
}
END_TEST

START_TEST(separators_years_and_date_only)
{
	const char *a[] = { "25.09.2026 07:45:10", NULL };
	want(a, "%d.%m.%Y %H:%M:%S", "day/month/year", 0);
	const char *b[] = { "25-09-26 07:45", NULL };
	want(b, "%d-%m-%y %H:%M", "day/month/year", 0);
	const char *c[] = { "25/09/2026", "3/9/2026", NULL };
	want(c, "%d/%m/%Y", "day/month/year", 0);
	const char *d[] = { "9/25/26", NULL };
	want(d, "%m/%d/%y", "month/day/year", 0);
	const char *e[] = { "2026-09-25", NULL };
	want(e, "%Y-%m-%d", "year-month-day", 0);
	const char *f[] = { "2026/09/25 19:45", NULL };
	want(f, "%Y/%m/%d %H:%M", "year-month-day", 0);
	const char *g[] = { "03/09/2026 7:45 PM", NULL };
	want(g, "%d/%m/%Y %I:%M %p", "day/month/year", 1);
	/* month names: never ambiguous */
	const char *h[] = { "3 Sep 2026 07:45", "25 September 2026 19:00", NULL };
	want(h, "%d %b %Y %H:%M", "day month-name year", 0);
	const char *i[] = { "03-Sep-26", "04-Oct-26", NULL };
	want(i, "%d-%b-%y", "day month-name year", 0);
	const char *j[] = { "3 Sep 2026", NULL };
	want(j, "%d %b %Y", "day month-name year", 0);
	const char *k[] = { "03-Sep-2026 7:45 pm", NULL };
	want(k, "%d-%b-%Y %I:%M %p", "day month-name year", 0);
}
END_TEST

START_TEST(most_cells_win_and_blanks_skipped)
{
	const char *cells[] = { "", "  ", NULL, "25/09/2026 07:45", "26/09/2026 08:00",
				"2026-09-27T09:00Z", "rubbish" };
	struct timeguess g;
	ck_assert_int_eq(timeguess_cells(cells, 7, &g), 0);
	ck_assert_str_eq(g.format, "%d/%m/%Y %H:%M");
	ck_assert_uint_eq(g.parsed, 2);
	ck_assert_uint_eq(g.total, 4);
	/* a mixed column: the order most cells read wins */
	const char *mixed[] = { "09/25/2026 07:45", "09/26/2026 07:45", "25/09/2026 07:45", NULL };
	want(mixed, "%m/%d/%Y %H:%M", "month/day/year", 0);
	/* blanks around a cell are not part of the example */
	const char *padded[] = { "  25/09/2026 07:45 ", NULL };
	struct timeguess p = guess(padded);
	ck_assert_str_eq(p.example, "25/09/2026 07:45");
}
END_TEST

START_TEST(nothing_parses)
{
	const char *cells[] = { "yesterday", "31/02/2026 07:45", "", "13/13/2026", "1699999999" };
	struct timeguess g;
	memset(&g, 0x5a, sizeof(g));
	ck_assert_int_eq(timeguess_cells(cells, 5, &g), -1);
	ck_assert_uint_eq(g.total, 4);
	ck_assert_uint_eq(g.parsed, 0);
	ck_assert_str_eq(g.format, "");
	ck_assert_int_eq(timeguess_cells(NULL, 0, &g), -1);
	ck_assert_uint_eq(g.total, 0);
}
END_TEST

START_TEST(long_cell_example_truncated)
{
	/* ISO drops a fraction of any length: the example keeps 63 bytes of it */
	char cell[120];
	memcpy(cell, "2026-09-25T07:45:10.", 20);
	memset(cell + 20, '1', 90);
	memcpy(cell + 110, "Z", 2);
	const char *cells[] = { cell, NULL };
	struct timeguess g;
	ck_assert_int_eq(timeguess_cells(cells, 1, &g), 0);
	ck_assert_str_eq(g.format, "iso8601");
	ck_assert_uint_eq(strlen(g.example), sizeof(g.example) - 1);
	ck_assert(strncmp(g.example, cell, sizeof(g.example) - 1) == 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("timeguess");
	TCase *tc = tcase_create("guess");
	tcase_add_test(tc, uk_ambiguous_column);
	tcase_add_test(tc, day_first_when_a_day_is_over_12);
	tcase_add_test(tc, us_twelve_hour);
	tcase_add_test(tc, iso_forms_are_iso8601);
	tcase_add_test(tc, separators_years_and_date_only);
	tcase_add_test(tc, most_cells_win_and_blanks_skipped);
	tcase_add_test(tc, nothing_parses);
	tcase_add_test(tc, long_cell_example_truncated);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
