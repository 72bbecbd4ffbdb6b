/*
 * term: which school term a review pack covers (report --term), and which
 * findings it carries over from the term before.  The calendar named by
 * [school] calendar wins when it has terms, else the first with terms;
 * a date picks the term holding it (first and last days included); with
 * no date, the last term whose last day is over by now's local date; the
 * open questions are the findings open at the previous term's end and not
 * cleared by this term's end (or now).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "civil.h"
#include "config.h"
#include "store.h"
#include "term.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#include "testutil.h"

static char dir[64];

/* Write text (the catalog's path added) to DIR/fitsmon.conf and load it. */
static struct config *load(const char *text)
{
	char *path = xasprintf("%s/fitsmon.conf", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "[catalog]\npath = %s/rules/fitsom/catalog.conf\n%s", SRCDIR, text);
	fclose(f);
	char *err = NULL;
	struct config *c = config_load(path, &err);
	ck_assert_msg(c != NULL, "config: %s", err ? err : "?");
	free(path);
	return c;
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/fitsmon-term-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *path = xasprintf("%s/fitsmon.conf", dir);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* Calendar "b" is the school's; "a" comes first in the file. */
static const char two_calendars[] =
	"[school]\nname = T\ncalendar = b\n"
	"[calendar \"a\"]\nhours = Mon-Fri 08:00-16:00\nterms = 2026-09-03..2026-10-23\n"
	"[calendar \"b\"]\nterms = 2026-11-02..2026-12-18, 2027-01-05..2027-02-12\n";

static int64_t day(const char *s)
{
	int64_t d;
	ck_assert_int_eq(civil_parse_date(s, strlen(s), &d), 0);
	return d;
}

static int64_t at(const char *s)
{
	int64_t t;
	ck_assert_int_eq(timefmt_parse_iso8601(s, NULL, &t), 0);
	return t;
}

START_TEST(by_date)
{
	struct config *cfg = load(two_calendars);
	struct term t;
	char *err = NULL;
	int64_t now = at("2027-03-01T12:00:00Z");
	ck_assert_str_eq(cal_name(term_calendar(cfg)), "b");
	/* the first and the last day of a term are in it */
	ck_assert_int_eq(term_choose(cfg, now, day("2026-11-02"), &t, &err), TERM_OK);
	ck_assert_int_eq(t.first_day, day("2026-11-02"));
	ck_assert_int_eq(t.end_day, day("2026-12-19"));
	ck_assert_int_eq(t.index, 0);
	ck_assert_int_eq(t.count, 2);
	ck_assert_int_eq(t.has_prev, 0);   /* calendar a's term is not b's */
	ck_assert_int_eq(term_choose(cfg, now, day("2026-12-18"), &t, &err), TERM_OK);
	ck_assert_int_eq(t.first_day, day("2026-11-02"));
	ck_assert_int_eq(term_choose(cfg, now, day("2027-02-12"), &t, &err), TERM_OK);
	ck_assert_int_eq(t.index, 1);
	ck_assert_int_eq(t.has_prev, 1);
	ck_assert_int_eq(t.prev_first_day, day("2026-11-02"));
	ck_assert_int_eq(t.prev_end_day, day("2026-12-19"));
	/* the day after a term: in none, and the message lists the terms */
	ck_assert_int_eq(term_choose(cfg, now, day("2026-12-19"), &t, &err), TERM_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err, "2026-12-19 is in no term of calendar 'b'"));
	ck_assert_ptr_nonnull(strstr(err, "2026-11-02..2026-12-18, 2027-01-05..2027-02-12"));
	free(err);
	config_free(cfg);
}
END_TEST

START_TEST(last_complete)
{
	struct config *cfg = load(two_calendars);
	struct term t;
	char *err = NULL;
	/* 23:30 on the last day (GMT): the term is not over yet */
	ck_assert_int_eq(term_choose(cfg, at("2026-12-18T23:30:00Z"), TS_NONE, &t, &err),
			 TERM_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err, "no term of calendar 'b' is over by 2026-12-18"));
	free(err);
	err = NULL;
	/* just after its last midnight it is */
	ck_assert_int_eq(term_choose(cfg, at("2026-12-19T00:10:00Z"), TS_NONE, &t, &err), TERM_OK);
	ck_assert_int_eq(t.first_day, day("2026-11-02"));
	/* in the middle of the next term: still the one before */
	ck_assert_int_eq(term_choose(cfg, at("2027-02-01T12:00:00Z"), TS_NONE, &t, &err), TERM_OK);
	ck_assert_int_eq(t.first_day, day("2026-11-02"));
	/* after both: the later one */
	ck_assert_int_eq(term_choose(cfg, at("2027-07-01T12:00:00Z"), TS_NONE, &t, &err), TERM_OK);
	ck_assert_int_eq(t.first_day, day("2027-01-05"));
	ck_assert_int_eq(t.end_day, day("2027-02-13"));
	/* in summer time a term's end is the local midnight (23:00Z) */
	config_free(cfg);
	cfg = load("[school]\nname = T\n[calendar \"s\"]\nterms = 2026-04-13..2026-05-22\n");
	ck_assert_int_eq(term_choose(cfg, at("2026-05-22T22:59:00Z"), TS_NONE, &t, &err),
			 TERM_NOT_FOUND);
	free(err);
	err = NULL;
	ck_assert_int_eq(term_choose(cfg, at("2026-05-22T23:01:00Z"), TS_NONE, &t, &err), TERM_OK);
	config_free(cfg);
}
END_TEST

START_TEST(which_calendar)
{
	struct term t;
	char *err = NULL;
	/* [school] calendar without terms: the first calendar with terms */
	struct config *cfg = load("[school]\nname = T\ncalendar = c\n"
				  "[calendar \"c\"]\nhours = Mon-Fri 08:00-16:00\n"
				  "[calendar \"a\"]\nterms = 2026-09-03..2026-10-23\n"
				  "[calendar \"b\"]\nterms = 2026-11-02..2026-12-18\n");
	ck_assert_str_eq(cal_name(term_calendar(cfg)), "a");
	config_free(cfg);
	/* no calendar with terms */
	cfg = load("[school]\nname = T\n[calendar \"c\"]\nhours = Mon-Fri 08:00-16:00\n");
	ck_assert_ptr_null(term_calendar(cfg));
	ck_assert_int_eq(term_choose(cfg, at("2026-12-01T00:00:00Z"), TS_NONE, &t, &err),
			 TERM_NO_CALENDAR);
	ck_assert_ptr_nonnull(strstr(err, "no calendar has terms"));
	free(err);
	config_free(cfg);
}
END_TEST

static void rec(struct store_finding_rec *r, const char *id, const char *sev, int64_t first,
		int64_t cleared)
{
	memset(r, 0, sizeof(*r));
	r->id = xstrdup(id);
	r->kind = xstrdup("ticket-breached");
	r->severity = xstrdup(sev);
	r->subject = xstrdup(id);
	r->first_seen = r->last_seen = first;
	r->cleared = cleared;
}

START_TEST(open_questions)
{
	struct config *cfg = load(two_calendars);
	struct term t;
	char *err = NULL;
	ck_assert_int_eq(term_choose(cfg, at("2027-03-01T02:30:00Z"), day("2027-01-05"), &t, &err),
			 TERM_OK);
	int64_t since, until;
	ck_assert_int_eq(term_question_span(cfg, &t, at("2027-03-01T02:30:00Z"), &since, &until), 0);
	ck_assert_int_eq(since, at("2026-12-19T00:00:00Z"));
	ck_assert_int_eq(until, at("2027-02-13T00:00:00Z"));
	struct store_finding_rec *r = xcalloc(7, sizeof(*r));
	rec(&r[0], "open-amber", "amber", at("2026-11-10T02:30:00Z"), TS_NONE);
	/* cleared during this term: put right, not carried over */
	rec(&r[1], "cleared-in-term", "red", at("2026-11-10T02:30:00Z"),
	    at("2027-01-20T02:30:00Z"));
	/* cleared after this term ended: still open at its end */
	rec(&r[2], "cleared-after", "amber", at("2026-11-05T02:30:00Z"),
	    at("2027-02-20T02:30:00Z"));
	/* cleared before the previous term ended */
	rec(&r[3], "cleared-before", "red", at("2026-11-05T02:30:00Z"),
	    at("2026-12-01T02:30:00Z"));
	/* first seen in this term: not last term's */
	rec(&r[4], "new-this-term", "red", at("2027-01-06T02:30:00Z"), TS_NONE);
	/* seen first on the night after the previous term ended */
	rec(&r[5], "night-after", "red", at("2026-12-19T02:30:00Z"), TS_NONE);
	rec(&r[6], "open-red", "red", at("2026-11-20T02:30:00Z"), TS_NONE);
	size_t n = term_open_questions(cfg, &t, at("2027-03-01T02:30:00Z"), r, 7);
	ck_assert_int_eq(n, 3);
	/* red first, then by first seen */
	ck_assert_str_eq(r[0].id, "open-red");
	ck_assert_str_eq(r[1].id, "cleared-after");
	ck_assert_str_eq(r[2].id, "open-amber");
	store_finding_recs_free(r, n);

	/* this term cut at now: a finding cleared after now is still open */
	r = xcalloc(2, sizeof(*r));
	rec(&r[0], "cleared-later", "amber", at("2026-11-10T02:30:00Z"),
	    at("2027-02-01T02:30:00Z"));
	rec(&r[1], "cleared-earlier", "amber", at("2026-11-10T02:30:00Z"),
	    at("2027-01-10T02:30:00Z"));
	n = term_open_questions(cfg, &t, at("2027-01-20T02:30:00Z"), r, 2);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(r[0].id, "cleared-later");
	store_finding_recs_free(r, n);

	/* known only when a run came before the previous term's end */
	ck_assert_int_eq(term_history_known(cfg, &t, at("2027-03-01T02:30:00Z"),
					    at("2026-12-18T02:30:00Z")), 1);
	ck_assert_int_eq(term_history_known(cfg, &t, at("2027-03-01T02:30:00Z"),
					    at("2026-12-19T02:30:00Z")), 0);
	ck_assert_int_eq(term_history_known(cfg, &t, at("2027-03-01T02:30:00Z"), TS_NONE), 0);

	/* the first term has no questions carried over */
	ck_assert_int_eq(term_choose(cfg, at("2027-03-01T02:30:00Z"), day("2026-11-02"), &t, &err),
			 TERM_OK);
	r = xcalloc(1, sizeof(*r));
	rec(&r[0], "open", "red", at("2026-10-01T02:30:00Z"), TS_NONE);
	ck_assert_int_eq(term_open_questions(cfg, &t, at("2027-03-01T02:30:00Z"), r, 1), 0);
	ck_assert_int_eq(term_history_known(cfg, &t, at("2027-03-01T02:30:00Z"), TS_NONE), 1);
	store_finding_recs_free(r, 0);
	config_free(cfg);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("term");
	TCase *tc = tcase_create("term");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, by_date);
	tcase_add_test(tc, last_complete);
	tcase_add_test(tc, which_calendar);
	tcase_add_test(tc, open_questions);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
