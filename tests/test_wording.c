/*
 * wording: business durations for people are working hours and minutes
 * ("24 working hours", "48 h 43 min"), never days (issue 15, item 7); a
 * call waiting on the school says so and since when (item 2).
 */
#include <stdint.h>
#include <string.h>

#include "civil.h"
#include "clock.h"
#include "finding.h"
#include "testutil.h"
#include "wording.h"

static void work(int64_t secs, const char *want)
{
	char buf[64];
	wording_work_time(secs, buf, sizeof(buf));
	ck_assert_msg(!strcmp(buf, want), "%lld s: '%s', want '%s'", (long long)secs, buf, want);
}

START_TEST(work_time)
{
	work(86400, "24 working hours");
	work(3600, "1 working hour");
	work(0, "0 working hours");
	work(48 * 3600 + 43 * 60, "48 h 43 min");
	work(48 * 3600 + 43 * 60 + 59, "48 h 43 min");
	work(43 * 60, "43 min");
	work(90 * 3600 + 60, "90 h 1 min");
	work(59, "less than a minute");
	work(636 * 3600, "636 working hours");
}
END_TEST

static struct clock clk(int stopped, int64_t elapsed, int64_t target, enum clock_status st)
{
	return (struct clock){ stopped, 0, stopped ? elapsed : TS_NONE, elapsed, target, st };
}

START_TEST(ticket_in_hours)
{
	struct finding_list l = { 0 };
	struct finding *f = finding_add(&l, FK_TICKET_BREACHED, 0, "acme", "T9");
	struct clock resp = clk(1, 1800, 3600, CLOCK_MET);
	struct clock fix = clk(0, 48 * 3600 + 43 * 60, 86400, CLOCK_BREACHED);
	wording_ticket(f, "Acme", "T9", "Lamp", "normal", "Thu 20 Aug 11:00", &resp, &fix);
	ck_assert_msg(strstr(f->message, "is still not fixed after 48 h 43 min of working time; "
			     "the contract allows 24 working hours."), "%s", f->message);
	ck_assert_msg(strstr(f->question, "longer than the agreed 24 working hours"), "%s",
		      f->question);
	ck_assert_msg(!strstr(f->message, "2d") && !strstr(f->message, "days"), "%s", f->message);
	f = finding_add(&l, FK_TICKET_BREACHED, 0, "acme", "T10");
	fix = clk(1, 636 * 3600, 86400, CLOCK_BREACHED);
	wording_ticket(f, "Acme", "T10", "", "normal", "Thu 20 Aug 11:00", &resp, &fix);
	ck_assert_msg(strstr(f->message, "took 636 working hours to fix; the contract allows "
			     "24 working hours."), "%s", f->message);
	finding_list_free(&l);
}
END_TEST

START_TEST(ticket_waiting)
{
	struct finding_list l = { 0 };
	struct finding *f = finding_add(&l, FK_TICKET_WAITING, 0, "acme", "ACM-30404");
	struct clock resp = clk(1, 1800, 3600, CLOCK_MET);
	struct clock fix = clk(0, 636 * 3600, 86400, CLOCK_BREACHED);
	wording_ticket_waiting(f, "ACM-30404", "Hall projector: replacement lamp", "normal",
			       "Thu 20 Aug 11:00", "On Hold", "Wed 25 Nov 02:30", &resp, &fix);
	ck_assert_msg(strstr(f->message, "has been waiting on the school (status 'On Hold') "
			     "since Wed 25 Nov 02:30"), "%s", f->message);
	ck_assert_msg(strstr(f->message, "not counted as late"), "%s", f->message);
	ck_assert_msg(strstr(f->question, "since Wed 25 Nov 02:30"), "%s", f->question);
	ck_assert_str_eq(finding_kind_name(FK_TICKET_WAITING), "ticket-waiting");
	ck_assert_str_eq(wording_finding_heading(FK_TICKET_WAITING), "Call waiting on the school");
	finding_list_free(&l);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("wording");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, work_time);
	tcase_add_test(tc, ticket_in_hours);
	tcase_add_test(tc, ticket_waiting);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
