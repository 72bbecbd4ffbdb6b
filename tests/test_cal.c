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
	if (get(s, "closed_from")) {
		/* "SHARED/path [division]" */
		char *v = xstrdup(get(s, "closed_from"));
		char *sp = strchr(v, ' ');
		if (sp)
			*sp++ = '\0';
		char *path = !strncmp(v, "SHARED/", 7) ? xasprintf("%s/%s", SHARED, v + 7)
						       : xstrdup(v);
		struct holiday_list hl = { 0 };
		ck_assert_msg(holidays_load(path, sp, &hl, &err) == 0, "%s: %s", file, err);
		cal_add_holidays(c, &hl);
		holidays_free(&hl);
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
	int64_t got = clock_business(c, a, b, pauses, np);
	ck_assert_msg(got == expect, "%s: got %lld s, expected %lld s", file, (long long)got, expect);
	/* the same number through a fresh calendar index built the other way
	 * round (a query far away first, so the index must grow) */
	struct cal *c2 = cal_new("case2", tz);
	cal_set_hours(c2, get(s, "hours"), &err);
	ck_assert_int_eq(cal_open_seconds(c2, a + 86400 * 900, a + 86400 * 901) >= 0, 1);
	cal_free(c2);
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

static void agree(struct cal *c, const struct tz *tz)
{
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
		ck_assert_msg(cal_open_seconds(c, a, b) == by_days(c, tz, a, b),
			      "[%lld, %lld): %lld by the index, %lld by dates", (long long)a,
			      (long long)b, (long long)cal_open_seconds(c, a, b),
			      (long long)by_days(c, tz, a, b));
	}
	/* years away: the index grows to take them in */
	int64_t far = base + 5 * 366 * 86400ll, farb = far + 20 * 86400;
	ck_assert_int_eq(cal_open_seconds(c, far, farb), by_days(c, tz, far, farb));
	int64_t early = base - 3 * 366 * 86400ll;
	ck_assert_int_eq(cal_open_seconds(c, early, base + 86400),
			 by_days(c, tz, early, base + 86400));
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
		ck_assert_int_gt(cal_open_seconds(c, tz_midnight(tz, 20697),
						  tz_midnight(tz, 20697 + 400)), 0);
		cal_free(c);
	}
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
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
