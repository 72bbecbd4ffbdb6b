/*
 * Tests for holidays: the three real GOV.UK bank-holidays.json copies and
 * the real Sheffield school-holiday .ics (copies in tests/data/uk_calendar,
 * where NOTICE says where they came from),
 * then small inline files written to temporary files for the edges and
 * the errors, and hostile input that must fail cleanly.
 */
#include "testutil.h"

#include "civil.h"
#include "holidays.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CAL SRCDIR "/tests/data/uk_calendar/"
#define F2012 CAL "govuk_bank-holidays_2012-2020_transx2gtfs.json"
#define F2015 CAL "govuk_bank-holidays_2015-2021_hmcts.json"
#define F2019 CAL "govuk_bank-holidays_2019-2027_moj.json"
#define SHEFFIELD CAL "sheffield_school_holidays_2025-2028.ics"
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Day number of a "YYYY-MM-DD" the test knows to be valid. */
static int64_t day(const char *ymd)
{
	int64_t d;
	ck_assert_int_eq(civil_parse_date(ymd, strlen(ymd), &d), 0);
	return d;
}

/* Index of the first holiday starting on ymd, or -1. */
static long find(const struct holiday_list *l, const char *ymd)
{
	int64_t d = day(ymd);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].first == d)
			return (long)i;
	return -1;
}

/* Assert holiday i spans first..last (inclusive) with this label. */
static void expect(const struct holiday_list *l, size_t i, const char *first,
		   const char *last, const char *label)
{
	ck_assert_uint_lt(i, l->n);
	ck_assert_int_eq(l->v[i].first, day(first));
	ck_assert_int_eq(l->v[i].last, day(last));
	ck_assert_str_eq(l->v[i].label, label);
}

enum how { ICS, GOVUK, AUTO };

/*
 * Write n bytes to a fresh temporary file, load it the chosen way, and
 * remove it.  An error message comes back in *msg (caller frees) with the
 * file's name replaced by "F", so tests can compare whole messages.
 */
static int load_bytes(enum how how, const char *data, size_t n, const char *division,
		      struct holiday_list *l, char **msg)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/test_holidays_XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, data + off, n - off);
		ck_assert_int_gt(w, 0);
		off += (size_t)w;
	}
	ck_assert_int_eq(close(fd), 0);

	char *err = NULL;
	int rc = how == ICS ? holidays_load_ics(path, l, &err)
		 : how == GOVUK ? holidays_load_govuk(path, division, l, &err)
		 : holidays_load(path, division, l, &err);
	unlink(path);
	if (rc == 0) {
		ck_assert_ptr_null(err);
		*msg = NULL;
	} else {
		ck_assert_int_eq(rc, -1);
		ck_assert_ptr_nonnull(err);
		size_t pl = strlen(path);
		ck_assert_int_eq(strncmp(err, path, pl), 0);
		*msg = xasprintf("F%s", err + pl);
		free(err);
	}
	free(path);
	return rc;
}

static int load_text(enum how how, const char *text, const char *division,
		     struct holiday_list *l, char **msg)
{
	return load_bytes(how, text, strlen(text), division, l, msg);
}

/* Load text that must fail, and check the exact message. */
static void expect_error(enum how how, const char *text, const char *division,
			 const char *want)
{
	struct holiday_list l = { 0 };
	char *msg;
	ck_assert_int_eq(load_text(how, text, division, &l, &msg), -1);
	ck_assert_str_eq(msg, want);
	ck_assert_uint_eq(l.n, 0);
	free(msg);
	holidays_free(&l);
}

/* ---- GOV.UK: the real files ---- */

static const struct {
	const char *file, *division;
	size_t count;
	const char *first, *last;
} govuk_cases[] = {
	{ F2012, "england-and-wales", 73, "2012-01-02", "2020-12-28" },
	{ F2012, "scotland", 82, "2012-01-02", "2020-12-28" },
	{ F2012, "northern-ireland", 91, "2012-01-02", "2020-12-28" },
	{ F2015, "england-and-wales", 56, "2015-01-01", "2021-12-28" },
	{ F2015, "scotland", 63, "2015-01-01", "2021-12-28" },
	{ F2015, "northern-ireland", 70, "2015-01-01", "2021-12-28" },
	{ F2019, "england-and-wales", 75, "2019-01-01", "2027-12-28" },
	{ F2019, "scotland", 84, "2019-01-01", "2027-12-28" },
	{ F2019, "northern-ireland", 93, "2019-01-01", "2027-12-28" },
};

/* Each file and division: exact count, one-day events in date order. */
START_TEST(govuk_counts)
{
	struct holiday_list l = { 0 };
	char *err = NULL;
	ck_assert_int_eq(holidays_load_govuk(govuk_cases[_i].file, govuk_cases[_i].division,
					     &l, &err), 0);
	ck_assert_ptr_null(err);
	ck_assert_uint_eq(l.n, govuk_cases[_i].count);
	ck_assert_int_eq(l.v[0].first, day(govuk_cases[_i].first));
	ck_assert_int_eq(l.v[l.n - 1].first, day(govuk_cases[_i].last));
	for (size_t i = 0; i < l.n; i++) {
		ck_assert_int_eq(l.v[i].first, l.v[i].last);
		ck_assert_uint_gt(strlen(l.v[i].label), 0);
		if (i)
			ck_assert_int_lt(l.v[i - 1].first, l.v[i].first);
	}
	holidays_free(&l);
	ck_assert_ptr_null(l.v);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

/* holidays_load sniffs the same files as JSON. */
START_TEST(govuk_auto)
{
	struct holiday_list l = { 0 };
	char *err = NULL;
	ck_assert_int_eq(holidays_load(govuk_cases[_i].file, govuk_cases[_i].division,
				       &l, &err), 0);
	ck_assert_uint_eq(l.n, govuk_cases[_i].count);
	holidays_free(&l);
}
END_TEST

START_TEST(govuk_dates)
{
	struct holiday_list l = { 0 };
	char *err = NULL;
	long i;

	ck_assert_int_eq(holidays_load_govuk(F2019, "england-and-wales", &l, &err), 0);
	i = find(&l, "2026-08-31");
	ck_assert_int_eq(i, 64);
	expect(&l, (size_t)i, "2026-08-31", "2026-08-31", "Summer bank holiday");
	expect(&l, 0, "2019-01-01", "2019-01-01", "New Year\xe2\x80\x99s Day");
	expect(&l, (size_t)find(&l, "2022-09-19"), "2022-09-19", "2022-09-19",
	       "Bank Holiday for the State Funeral of Queen Elizabeth II");
	expect(&l, (size_t)find(&l, "2023-05-08"), "2023-05-08", "2023-05-08",
	       "Bank holiday for the coronation of King Charles III");
	ck_assert_int_eq(find(&l, "2022-06-02"), 28);
	ck_assert_int_eq(find(&l, "2022-06-03"), 29);
	ck_assert_int_eq(find(&l, "2026-11-30"), -1);     /* St Andrew's: Scotland only */
	holidays_free(&l);

	ck_assert_int_eq(holidays_load_govuk(F2019, "scotland", &l, &err), 0);
	expect(&l, (size_t)find(&l, "2027-11-30"), "2027-11-30", "2027-11-30",
	       "St Andrew\xe2\x80\x99s Day");
	ck_assert_int_eq(find(&l, "2027-08-02"), 80);     /* first Monday of August */
	ck_assert_int_eq(find(&l, "2027-08-30"), -1);
	holidays_free(&l);

	ck_assert_int_eq(holidays_load_govuk(F2019, "northern-ireland", &l, &err), 0);
	expect(&l, (size_t)find(&l, "2027-07-12"), "2027-07-12", "2027-07-12",
	       "Battle of the Boyne (Orangemen\xe2\x80\x99s Day)");
	expect(&l, 74, "2026-03-17", "2026-03-17", "St Patrick\xe2\x80\x99s Day");
	holidays_free(&l);

	/* 2020's Early May holiday moved to Friday 8 May (VE day); the older copy predates it. */
	ck_assert_int_eq(holidays_load_govuk(F2015, "england-and-wales", &l, &err), 0);
	expect(&l, 43, "2020-05-08", "2020-05-08", "Early May bank holiday (VE day)");
	ck_assert_int_eq(find(&l, "2020-05-04"), -1);
	holidays_free(&l);

	ck_assert_int_eq(holidays_load_govuk(F2012, "england-and-wales", &l, &err), 0);
	expect(&l, 68, "2020-05-04", "2020-05-04", "Early May bank holiday");
	ck_assert_int_eq(find(&l, "2020-05-08"), -1);
	expect(&l, 0, "2012-01-02", "2012-01-02", "New Year\xe2\x80\x99s Day");
	expect(&l, 4, "2012-06-04", "2012-06-04", "Spring bank holiday");
	expect(&l, 5, "2012-06-05", "2012-06-05", "Queen\xe2\x80\x99s Diamond Jubilee");
	ck_assert_str_eq(l.v[0].label, "New Year\xe2\x80\x99s Day");
	ck_assert_uint_eq(strlen(l.v[0].label), 16);
	holidays_free(&l);

	ck_assert_int_eq(holidays_load_govuk(F2012, "scotland", &l, &err), 0);
	expect(&l, 0, "2012-01-02", "2012-01-02", "2nd January");
	holidays_free(&l);
	ck_assert_ptr_null(err);
}
END_TEST

/* Loads append: two divisions into one list, and the Sheffield file after them. */
START_TEST(govuk_append)
{
	struct holiday_list l = { 0 };
	char *err = NULL;
	ck_assert_int_eq(holidays_load_govuk(F2012, "england-and-wales", &l, &err), 0);
	ck_assert_int_eq(holidays_load(F2012, "scotland", &l, &err), 0);
	ck_assert_int_eq(holidays_load(SHEFFIELD, NULL, &l, &err), 0);
	ck_assert_uint_eq(l.n, 73 + 82 + 45);
	expect(&l, 73, "2012-01-02", "2012-01-02", "2nd January");
	expect(&l, 155, "2025-08-01", "2025-08-31", "Sheffield: Summer holiday");
	/* A failed load leaves the list as it was. */
	ck_assert_int_eq(holidays_load_govuk(F2012, "wales", &l, &err), -1);
	ck_assert_uint_eq(l.n, 200);
	free(err);
	holidays_free(&l);
}
END_TEST

START_TEST(govuk_division_errors)
{
	struct holiday_list l = { 0 };
	char *err = NULL;
	ck_assert_int_eq(holidays_load_govuk(F2019, "wales", &l, &err), -1);
	ck_assert_str_eq(err, F2019 ": no division 'wales' (the file has: england-and-wales, "
			      "scotland, northern-ireland)");
	free(err);
	err = NULL;
	ck_assert_int_eq(holidays_load_govuk(F2019, "England-and-Wales", &l, &err), -1);
	ck_assert_str_eq(err, F2019 ": no division 'England-and-Wales' (the file has: "
			      "england-and-wales, scotland, northern-ireland)");
	free(err);
	err = NULL;
	ck_assert_int_eq(holidays_load(F2015, NULL, &l, &err), -1);
	ck_assert_str_eq(err, F2015 ": a GOV.UK bank-holidays file needs a division (the file has: "
			      "england-and-wales, scotland, northern-ireland)");
	free(err);
	err = NULL;
	ck_assert_int_eq(holidays_load(SHEFFIELD, "scotland", &l, &err), -1);
	ck_assert_str_eq(err, SHEFFIELD ": not a GOV.UK JSON file, so division 'scotland' does "
			      "not apply (an iCalendar file takes no division)");
	free(err);
	err = NULL;
	ck_assert_int_eq(holidays_load_ics(F2015, &l, &err), -1);
	ck_assert_str_eq(err, F2015 ":1: not an iCalendar file (expected BEGIN:VCALENDAR, "
			      "found '{\"england-and-wales\":{\"division\":\"englan...')");
	free(err);
	err = NULL;
	ck_assert_int_eq(holidays_load(CAL "no-such-file.json", "scotland", &l, &err), -1);
	ck_assert_str_eq(err, "cannot open '" CAL "no-such-file.json': No such file or directory");
	free(err);
	ck_assert_uint_eq(l.n, 0);
	holidays_free(&l);
}
END_TEST

/* ---- Sheffield school holidays .ics (LF line ends) ---- */

START_TEST(sheffield)
{
	struct holiday_list l = { 0 };
	char *err = NULL;
	ck_assert_int_eq(holidays_load_ics(SHEFFIELD, &l, &err), 0);
	ck_assert_ptr_null(err);
	ck_assert_uint_eq(l.n, 45);
	expect(&l, 0, "2025-08-01", "2025-08-31", "Sheffield: Summer holiday");
	expect(&l, 1, "2025-10-25", "2025-11-02", "Sheffield: School holiday");
	expect(&l, 2, "2025-12-20", "2026-01-04", "Sheffield: Christmas holiday");
	expect(&l, 3, "2026-02-14", "2026-02-22", "Sheffield: February half-term");
	expect(&l, 6, "2026-07-21", "2026-07-31", "Sheffield: Summer holiday");
	expect(&l, 7, "2025-08-25", "2025-08-25", "Sheffield: Bank holiday");
	expect(&l, 15, "2026-08-01", "2026-08-31", "Sheffield: Summer holiday");
	expect(&l, 32, "2027-12-18", "2028-01-03", "Sheffield: Christmas holiday");
	expect(&l, 33, "2028-02-12", "2028-02-20", "Sheffield: February half-term");
	expect(&l, 36, "2028-07-22", "2028-07-31", "Sheffield: Summer holiday");
	expect(&l, 44, "2028-05-29", "2028-05-29", "Sheffield: Bank holiday");

	int64_t days = 0;
	size_t bank = 0;
	for (size_t i = 0; i < l.n; i++) {
		ck_assert_int_le(l.v[i].first, l.v[i].last);
		days += l.v[i].last - l.v[i].first + 1;
		bank += strcmp(l.v[i].label, "Sheffield: Bank holiday") == 0;
	}
	ck_assert_int_eq(days, 327);
	ck_assert_uint_eq(bank, 24);

	/* Its bank holidays up to 2027 are exactly GOV.UK's England and Wales ones. */
	struct holiday_list ew = { 0 };
	ck_assert_int_eq(holidays_load_govuk(F2019, "england-and-wales", &ew, &err), 0);
	size_t matched = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.v[i].label, "Sheffield: Bank holiday") != 0 ||
		    l.v[i].first > day("2027-12-31"))
			continue;
		for (size_t j = 0; j < ew.n; j++)
			matched += ew.v[j].first == l.v[i].first;
	}
	ck_assert_uint_eq(matched, 19);
	holidays_free(&ew);
	holidays_free(&l);
}
END_TEST

/* ---- iCalendar edges ---- */

START_TEST(ics_crlf_folding_escapes)
{
	static const char text[] =
		"BEGIN:VCALENDAR\r\n"
		"VERSION:2.0\r\n"
		"BEGIN:VEVENT\r\n"
		"DTSTART;VALUE=DATE:20251020\r\n"
		"DTEND;VALUE=DATE:20251025\r\n"
		"SUMMARY:Autumn half\r\n"
		" -term, folded\r\n"
		"\t twice\r\n"
		"END:VEVENT\r\n"
		"BEGIN:VEVENT\r\n"
		"SUMMARY:INSET day\\, staff only\\; pupils \\\\ home\\nsee letter\\N\\x\r\n"
		"DTSTART:20251124\r\n"
		"END:VEVENT\r\n"
		"END:VCALENDAR\r\n";
	struct holiday_list l = { 0 };
	char *msg;
	ck_assert_int_eq(load_text(ICS, text, NULL, &l, &msg), 0);
	ck_assert_uint_eq(l.n, 2);
	expect(&l, 0, "2025-10-20", "2025-10-24", "Autumn half-term, folded twice");
	expect(&l, 1, "2025-11-24", "2025-11-24",
	       "INSET day, staff only; pupils \\ home\nsee letter\n\\x");
	holidays_free(&l);
}
END_TEST

START_TEST(ics_lowercase_params_duration)
{
	static const char text[] =
		"begin:vcalendar\n"
		"Begin:VEvent\n"
		"dtstart;value=date:20260105\n"
		"duration:P3D\n"
		"summary:Lower case\n"
		"end:vevent\n"
		"BEGIN:VEVENT\n"
		"DTSTART;VALUE=DATE;X-NOTE=\"a;b:c\":20260301\n"
		"DURATION:P2W\n"
		"END:VEVENT\n"
		"BEGIN:VEVENT\n"
		"DTSTART;VALUE=DATE:20260401\n"
		"DURATION:+P1D\n"
		"SUMMARY:\n"
		"END:VEVENT\n"
		"BEGIN:VEVENT\n"
		"DTSTART;VALUE=DATE:20260402\n"
		"DTEND;VALUE=DATE:20260402\n"
		"SUMMARY;LANGUAGE=en-GB:Zero-length DTEND\n"
		"END:VEVENT\n"
		"END:VCALENDAR\n";
	struct holiday_list l = { 0 };
	char *msg;
	ck_assert_int_eq(load_text(ICS, text, NULL, &l, &msg), 0);
	ck_assert_uint_eq(l.n, 4);
	expect(&l, 0, "2026-01-05", "2026-01-07", "Lower case");
	expect(&l, 1, "2026-03-01", "2026-03-14", "");
	expect(&l, 2, "2026-04-01", "2026-04-01", "");
	expect(&l, 3, "2026-04-02", "2026-04-02", "Zero-length DTEND");
	holidays_free(&l);
}
END_TEST

/*
 * Timed events are skipped; VTIMEZONE and a VALARM's own DURATION and
 * SUMMARY do not leak into the event; no trailing line end; BOM.
 */
START_TEST(ics_timed_and_nested)
{
	static const char text[] =
		"\xef\xbb\xbf" "BEGIN:VCALENDAR\n"
		"BEGIN:VTIMEZONE\n"
		"TZID:Europe/London\n"
		"BEGIN:DAYLIGHT\n"
		"DTSTART:19700329T010000\n"
		"END:DAYLIGHT\n"
		"END:VTIMEZONE\n"
		"BEGIN:VEVENT\n"
		"DTSTART:20250801T090000Z\n"
		"DTEND:20250801T100000Z\n"
		"SUMMARY:Governors meeting\n"
		"END:VEVENT\n"
		"BEGIN:VEVENT\n"
		"DTSTART;TZID=Europe/London:20250802T090000\n"
		"DURATION:PT1H\n"
		"RRULE:FREQ=WEEKLY\n"
		"END:VEVENT\n"
		"BEGIN:VEVENT\n"
		"DTSTART;VALUE=DATE:20250803\n"
		"BEGIN:VALARM\n"
		"ACTION:EMAIL\n"
		"SUMMARY:Reminder\n"
		"DURATION:PT15M\n"
		"TRIGGER:-P1D\n"
		"END:VALARM\n"
		"SUMMARY:Closure day\n"
		"END:VEVENT\n"
		"END:VCALENDAR\n"
		"\n"
		"BEGIN:VCALENDAR\n"
		"BEGIN:VEVENT\n"
		"DTSTART;VALUE=DATE:20250804\n"
		"END:VEVENT\n"
		"END:VCALENDAR";
	struct holiday_list l = { 0 };
	char *msg;
	ck_assert_int_eq(load_text(ICS, text, NULL, &l, &msg), 0);
	ck_assert_uint_eq(l.n, 2);
	expect(&l, 0, "2025-08-03", "2025-08-03", "Closure day");
	expect(&l, 1, "2025-08-04", "2025-08-04", "");
	holidays_free(&l);
}
END_TEST

/* Bytes that are not UTF-8 in a SUMMARY become U+FFFD; real UTF-8 is kept. */
START_TEST(ics_bad_utf8_label)
{
	static const char text[] =
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\n"
		"SUMMARY:New Year\x92s Day \xe2\x80\x93 caf\xc3\xa9\n"
		"END:VEVENT\nEND:VCALENDAR\n";
	struct holiday_list l = { 0 };
	char *msg;
	ck_assert_int_eq(load_text(ICS, text, NULL, &l, &msg), 0);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.v[0].label, "New Year\xef\xbf\xbds Day \xe2\x80\x93 caf\xc3\xa9");
	holidays_free(&l);
}
END_TEST

static const struct {
	const char *text, *want;
} ics_errors[] = {
	{ "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:No start\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:3: VEVENT has no DTSTART" },
	{ "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250801\r\nEND:VEVENT\r\n"
	  "BEGIN:VEVENT\r\nSUMMARY:Folded\r\n  summary\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	  "F:5: VEVENT has no DTSTART" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250231\nEND:VEVENT\nEND:VCALENDAR\n",
	  "F:3: bad DTSTART '20250231' (expected yyyymmdd or yyyymmddThhmmss)" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2025-08-01\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:3: bad DTSTART '2025-08-01' (expected yyyymmdd or yyyymmddThhmmss)" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250801T090000\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:3: bad DTSTART '20250801T090000' (expected yyyymmdd or yyyymmddThhmmss)" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\nDTEND:2025080\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:4: bad DTEND '2025080' (expected yyyymmdd or yyyymmddThhmmss)" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\nDTEND:20250731\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:4: DTEND is before DTSTART" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\nDTEND:20250802T000000\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:4: DTEND is a date-time but DTSTART is a date" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\nDTSTART:20250802\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:4: second DTSTART in the VEVENT at line 2" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\nDURATION:PT24H\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:4: bad DURATION 'PT24H' for an all-day event (expected PnD or PnW)" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\nDURATION:P99999999D\nEND:VEVENT\n"
	  "END:VCALENDAR\n",
	  "F:4: bad DURATION 'P99999999D' for an all-day event (expected PnD or PnW)" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\nDTEND:20250802\nDURATION:P1D\n"
	  "END:VEVENT\nEND:VCALENDAR\n",
	  "F:5: VEVENT has both DTEND and DURATION" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250801\nRRULE:FREQ=YEARLY\n"
	  "END:VEVENT\nEND:VCALENDAR\n",
	  "F:4: recurring all-day events (RRULE, RDATE) are not supported" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250801\nSUMMARY:Cut off\n",
	  "F:2: BEGIN:VEVENT has no END:VEVENT" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250801\nEND:VEVENT\n",
	  "F:1: BEGIN:VCALENDAR has no END:VCALENDAR" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\nEND:VCALENDAR\n",
	  "F:4: END:VCALENDAR does not match BEGIN:VEVENT at line 2" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nBEGIN:VEVENT\n",
	  "F:3: VEVENT inside VEVENT (line 2)" },
	{ "BEGIN:VEVENT\nDTSTART:20250801\nEND:VEVENT\n",
	  "F:1: BEGIN:VEVENT outside a VCALENDAR" },
	{ "BEGIN:VCALENDAR\nEND:VCALENDAR\nDTSTART:20250801\n",
	  "F:3: 'DTSTART:20250801' after END:VCALENDAR" },
	{ "BEGIN:VCALENDAR\nEND:VEVENT\n",
	  "F:2: END:VEVENT does not match BEGIN:VCALENDAR at line 1" },
	{ "BEGIN:VCALENDAR\nEND:VCALENDAR\nEND:VCALENDAR\n", "F:3: END:VCALENDAR without a BEGIN" },
	{ "END:VCALENDAR\n",
	  "F:1: not an iCalendar file (expected BEGIN:VCALENDAR, found 'END:VCALENDAR')" },
	{ "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=\"DATE:20250801\nEND:VEVENT\n",
	  "F:3: unterminated quoted parameter in 'DTSTART;VALUE=\"DATE:20250801'" },
	{ "BEGIN:VCALENDAR\nno colon here\n", "F:2: expected ':' after the property name in "
	  "'no colon here'" },
	{ "division,date,title\nengland-and-wales,2026-01-01,New Year\n",
	  "F:1: not an iCalendar file (expected BEGIN:VCALENDAR, found 'division,date,title')" },
	{ "", "F: empty file" },
	{ "\n\r\n\n", "F: no calendar data (only blank lines)" },
};

START_TEST(ics_error_cases)
{
	expect_error(ICS, ics_errors[_i].text, NULL, ics_errors[_i].want);
}
END_TEST

/* A failed load appends nothing, even after good events earlier in the file. */
START_TEST(ics_error_rolls_back)
{
	struct holiday_list l = { 0 };
	char *msg;
	ck_assert_int_eq(load_text(ICS, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250801\n"
				   "SUMMARY:kept\nEND:VEVENT\nEND:VCALENDAR\n", NULL, &l, &msg), 0);
	ck_assert_int_eq(load_text(ICS, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20250901\n"
				   "SUMMARY:dropped\nEND:VEVENT\nBEGIN:VEVENT\nEND:VEVENT\n"
				   "END:VCALENDAR\n", NULL, &l, &msg), -1);
	ck_assert_str_eq(msg, "F:6: VEVENT has no DTSTART");
	free(msg);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.v[0].label, "kept");
	holidays_free(&l);
	holidays_free(&l);   /* an empty list is fine too */
	holidays_free(NULL);
}
END_TEST

START_TEST(ics_nul_and_nesting)
{
	static const char nul[] = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:a\0b\nEND:VEVENT\n";
	struct holiday_list l = { 0 };
	char *msg;
	ck_assert_int_eq(load_bytes(ICS, nul, sizeof(nul) - 1, NULL, &l, &msg), -1);
	ck_assert_str_eq(msg, "F:3: NUL byte in a text calendar");
	free(msg);

	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "BEGIN:VCALENDAR\n");
	for (int i = 0; i < 10000; i++)
		sb_puts(&sb, "BEGIN:X-DEEP\n");
	ck_assert_int_eq(load_text(ICS, sb.buf, NULL, &l, &msg), -1);
	ck_assert_str_eq(msg, "F:17: components nested more than 16 deep");
	free(msg);
	sb_release(&sb);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

/* ---- GOV.UK JSON edges, inline ---- */

START_TEST(json_escapes)
{
	static const char text[] =
		"\xef\xbb\xbf {\"division-x\": {\"events\": [\n"
		"  {\"title\": \"\\u00e9t\\u00E9 \\ud83c\\udf89 \\\"q\\\" \\\\ \\/ \\t|\", "
		"\"date\": \"2026-07-01\", \"notes\": null, \"bunting\": false, \"n\": -12.5e+3},\n"
		"  {\"date\": \"2026-07-02\",\n"
		"   \"extra\": [1, 0, -0, 2.25, 1E9, true, {}, [], \"\"]},\n"
		"  {\"title\": \"\", \"date\": \"2026-07-03\"}\n"
		"]}, \"other\": {\"events\": {}}}\n\n";
	struct holiday_list l = { 0 };
	char *msg;
	ck_assert_int_eq(load_text(GOVUK, text, "division-x", &l, &msg), 0);
	ck_assert_uint_eq(l.n, 3);
	expect(&l, 0, "2026-07-01", "2026-07-01",
	       "\xc3\xa9t\xc3\xa9 \xf0\x9f\x8e\x89 \"q\" \\ / \t|");
	expect(&l, 1, "2026-07-02", "2026-07-02", "");
	expect(&l, 2, "2026-07-03", "2026-07-03", "");
	holidays_free(&l);

	/* holidays_load sees '{' after the BOM and blanks. */
	ck_assert_int_eq(load_text(AUTO, text, "division-x", &l, &msg), 0);
	ck_assert_uint_eq(l.n, 3);
	holidays_free(&l);
	expect_error(AUTO, text, "other", "F:6: division 'other' has no \"events\" array");
}
END_TEST

static const struct {
	const char *text, *want;
} json_errors[] = {
	{ "{\"e\": {\"events\": [{\"date\": \"2026-01-01\"}]}}",
	  "F: no division 'england-and-wales' (the file has: e)" },
	{ "{}", "F: no division 'england-and-wales' (the file has: none)" },
	{ "{\"england-and-wales\": {\"events\": [\n{\"date\": \"2026-01-01\"},\n]}}",
	  "F:3: trailing comma before ']'" },
	{ "{\"england-and-wales\": {\"events\": [],\n}}", "F:2: trailing comma before '}'" },
	{ "{\"england-and-wales\": {\"events\": [{\"date\": \"2026-02-30\"}]}}",
	  "F:1: bad date '2026-02-30' (expected yyyy-mm-dd)" },
	{ "{\"england-and-wales\": {\"events\": [{\"date\": \"2026-1-1\"}]}}",
	  "F:1: bad date '2026-1-1' (expected yyyy-mm-dd)" },
	{ "{\"england-and-wales\": {\"events\": [{\"date\": 20260101}]}}",
	  "F:1: \"date\" is not a string" },
	{ "{\"england-and-wales\": {\"events\": [\n{\"title\": \"x\"}]}}",
	  "F:2: event has no \"date\"" },
	{ "{\"england-and-wales\": {\"events\": [{\"date\": \"2026-01-01\", \"title\": 5}]}}",
	  "F:1: \"title\" is not a string" },
	{ "{\"england-and-wales\": {\"events\": [{\"date\": \"2026-01-01\", "
	  "\"title\": \"a\\u0000b\"}]}}",
	  "F:1: \"title\" holds a NUL character" },
	{ "{\"england-and-wales\": {\"events\": [{\"date\": \"2026-01-01\",\n"
	  "\"date\": \"2026-01-02\"}]}}",
	  "F:2: duplicate member \"date\"" },
	{ "{\"england-and-wales\": {\"events\": [\"2026-01-01\"]}}",
	  "F:1: event is not an object" },
	{ "{\"england-and-wales\": {\"events\": null}}",
	  "F:1: division 'england-and-wales' has no \"events\" array" },
	{ "{\"england-and-wales\": []}", "F:1: division 'england-and-wales' is not an object" },
	{ "[]", "F:1: expected a JSON object of divisions at the top level" },
	{ "{\"england-and-wales\": {\"events\": []}} {}",
	  "F:1: '{' after the end of the JSON value" },
	{ "{\"england-and-wales\": {\"events\": [}}", "F:1: expected a value, found '}'" },
	{ "{\"england-and-wales\": {\"events\": [1 2]}}",
	  "F:1: expected ',' or ']' in an array, found '2'" },
	{ "{\"england-and-wales\" {}}", "F:1: expected ':' after a member name, found '{'" },
	{ "{england: {}}", "F:1: expected a member name in quotes, found 'e'" },
	{ "{\"a\": 1 \"b\": 2}", "F:1: expected ',' or '}' in an object, found '\"'" },
	{ "{\"a\": 01}", "F:1: expected ',' or '}' in an object, found '1'" },
	{ "{\"a\": -}", "F:1: bad number" },
	{ "{\"a\": 1.}", "F:1: bad number (no digit after '.')" },
	{ "{\"a\": 1e+}", "F:1: bad number (no digit in the exponent)" },
	{ "{\"a\": tru}", "F:1: expected a value, found 't'" },
	{ "{\"a\": True}", "F:1: expected a value, found 'T'" },
	{ "{\"a\": \"x\\q\"}", "F:1: bad escape '\\q' in a string" },
	{ "{\"a\": \"x\\u12G4\"}", "F:1: bad \\u escape (expected four hex digits)" },
	{ "{\"a\": \"\\ud83c\"}", "F:1: unpaired surrogate \\uD83C" },
	{ "{\"a\": \"\\ud83c\\u0041\"}", "F:1: unpaired surrogate \\uD83C" },
	{ "{\"a\": \"\\udf89\"}", "F:1: unpaired surrogate \\uDF89" },
	{ "{\"a\": \"tab\there\"}", "F:1: control character 0x09 in a string (must be escaped)" },
	{ "{\"a\": \"\xc0\xaf\"}", "F:1: invalid UTF-8 in a string" },
	{ "{\"a\": \"\xed\xa0\x80\"}", "F:1: invalid UTF-8 in a string" },
	{ "{\"a\": \"\xe2\x80\"}", "F:1: invalid UTF-8 in a string" },
	{ "{\"a\": \"open", "F:1: unterminated string" },
	{ "{\"a\": \"open\\", "F:1: unterminated string" },
	{ "{\"a\":\n\n", "F:3: expected a value, found end of file" },
	{ "{\"a\": [1, 2", "F:1: expected ',' or ']' in an array, found end of file" },
	{ "{\"a\": // comment\n1}", "F:1: expected a value, found '/'" },
	{ "", "F: empty file" },
};

START_TEST(json_error_cases)
{
	expect_error(GOVUK, json_errors[_i].text, "england-and-wales", json_errors[_i].want);
}
END_TEST

START_TEST(json_deep_nesting)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 10000; i++)
		sb_putc(&sb, '[');
	expect_error(GOVUK, sb.buf, "england-and-wales",
		     "F:1: arrays and objects nested more than 64 deep");
	sb_release(&sb);

	sb_puts(&sb, "{\"england-and-wales\":\n");
	for (int i = 0; i < 10000; i++)
		sb_puts(&sb, "{\"a\":");
	expect_error(AUTO, sb.buf, "england-and-wales",
		     "F:2: arrays and objects nested more than 64 deep");
	sb_release(&sb);

	/* 64 arrays and objects inside each other are fine, 65 are not. */
	for (int extra = 0; extra < 2; extra++) {
		sb_puts(&sb, "{\"england-and-wales\": {\"events\": [], \"x\": ");
		for (int i = 0; i < 62 + extra; i++)
			sb_putc(&sb, '[');
		for (int i = 0; i < 62 + extra; i++)
			sb_putc(&sb, ']');
		sb_puts(&sb, "}}");
		if (extra) {
			expect_error(GOVUK, sb.buf, "england-and-wales",
				     "F:1: arrays and objects nested more than 64 deep");
		} else {
			struct holiday_list l = { 0 };
			char *msg;
			int rc = load_text(GOVUK, sb.buf, "england-and-wales", &l, &msg);
			ck_assert_int_eq(rc, 0);
			ck_assert_uint_eq(l.n, 0);
			holidays_free(&l);
		}
		sb_release(&sb);
	}
}
END_TEST

/* Every proper prefix of a real file is an error, never a crash or a partial list. */
START_TEST(json_truncated)
{
	char *buf, *err = NULL;
	size_t len;
	ck_assert_int_eq(read_file(F2015, &buf, &len, &err), 0);
	ck_assert_uint_eq(len, 14819);
	struct holiday_list l = { 0 };
	size_t tried = 0;
	for (size_t n = 0; n < len; n += (n < 400 ? 1 : 97)) {
		char *msg;
		ck_assert_int_eq(load_bytes(GOVUK, buf, n, "scotland", &l, &msg), -1);
		ck_assert_uint_eq(l.n, 0);
		ck_assert_ptr_nonnull(msg);
		free(msg);
		tried++;
	}
	ck_assert_uint_eq(tried, 549);
	/* The file ends "}}\n": without the last brace it is one byte short. */
	char *msg;
	ck_assert_int_eq(load_bytes(GOVUK, buf, len - 1, "scotland", &l, &msg), 0);
	ck_assert_uint_eq(l.n, 63);
	holidays_free(&l);
	ck_assert_int_eq(load_bytes(GOVUK, buf, len - 2, "scotland", &l, &msg), -1);
	ck_assert_str_eq(msg, "F:1: expected ',' or '}' in an object, found end of file");
	free(msg);
	free(buf);
}
END_TEST

/* Same for the Sheffield calendar: every prefix that cuts an event fails. */
START_TEST(ics_truncated)
{
	char *buf, *err = NULL;
	size_t len;
	ck_assert_int_eq(read_file(SHEFFIELD, &buf, &len, &err), 0);
	struct holiday_list l = { 0 };
	for (size_t n = 0; n + 15 < len; n += 53) {   /* "END:VCALENDAR\n" is the last 14 */
		char *msg;
		ck_assert_int_eq(load_bytes(ICS, buf, n, NULL, &l, &msg), -1);
		ck_assert_uint_eq(l.n, 0);
		free(msg);
	}
	char *msg;
	ck_assert_int_eq(load_bytes(ICS, buf, len - 1, NULL, &l, &msg), 0);  /* no final LF */
	ck_assert_uint_eq(l.n, 45);
	holidays_free(&l);
	free(buf);
}
END_TEST

/*
 * Hostile input: random bytes, and the real files with random bytes
 * overwritten, through all three entry points.  Each load returns 0 or
 * -1 with a message; run under the sanitizers this is a small fuzzer.
 */
START_TEST(hostile_bytes)
{
	static const char *const files[] = { F2019, SHEFFIELD };
	uint64_t seed = 0x9e3779b97f4a7c15u;
	struct holiday_list l = { 0 };
	for (int round = 0; round < 600; round++) {
		char *data, *msg, *err = NULL;
		size_t len;
		if (round % 3 == 0) {
			len = 1 + round % 200;
			data = xmalloc(len);
			for (size_t i = 0; i < len; i++) {
				seed = seed * 6364136223846793005u + 1442695040888963407u;
				data[i] = (char)(seed >> 56);
			}
		} else {
			ck_assert_int_eq(read_file(files[round % 2], &data, &len, &err), 0);
			for (int k = 0; k < 1 + round % 5; k++) {
				seed = seed * 6364136223846793005u + 1442695040888963407u;
				size_t at = (size_t)(seed >> 33) % len;
				data[at] = (char)(seed >> 13);
			}
		}
		enum how how = (enum how)(round % 3);
		int json = round % 3 != 0 && round % 2 == 0;   /* files[0] is JSON */
		const char *division = how == GOVUK || json ? "scotland" : NULL;
		int rc = load_bytes(how, data, len, division, &l, &msg);
		ck_assert(rc == 0 || rc == -1);
		if (rc == 0) {
			for (size_t i = 0; i < l.n; i++) {
				ck_assert_int_le(l.v[i].first, l.v[i].last);
				ck_assert_ptr_nonnull(l.v[i].label);
			}
		} else {
			ck_assert_ptr_nonnull(msg);
		}
		free(msg);
		holidays_free(&l);
		free(data);
	}
	/* Pure binary garbage gets a message naming the first line. */
	static const char junk[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0";
	char *msg;
	ck_assert_int_eq(load_bytes(AUTO, junk, sizeof(junk) - 1, NULL, &l, &msg), -1);
	ck_assert_str_eq(msg, "F:1: NUL byte in a text calendar");
	free(msg);
	ck_assert_int_eq(load_bytes(AUTO, "\x89PNG\r\n", 6, NULL, &l, &msg), -1);
	ck_assert_str_eq(msg, "F:1: not an iCalendar file (expected BEGIN:VCALENDAR, "
			      "found '?PNG')");
	free(msg);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("holidays");
	TCase *tc = tcase_create("govuk");
	tcase_add_loop_test(tc, govuk_counts, 0, COUNT(govuk_cases));
	tcase_add_loop_test(tc, govuk_auto, 0, COUNT(govuk_cases));
	tcase_add_test(tc, govuk_dates);
	tcase_add_test(tc, govuk_append);
	tcase_add_test(tc, govuk_division_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("ics");
	tcase_add_test(tc, sheffield);
	tcase_add_test(tc, ics_crlf_folding_escapes);
	tcase_add_test(tc, ics_lowercase_params_duration);
	tcase_add_test(tc, ics_timed_and_nested);
	tcase_add_test(tc, ics_bad_utf8_label);
	tcase_add_loop_test(tc, ics_error_cases, 0, COUNT(ics_errors));
	tcase_add_test(tc, ics_error_rolls_back);
	tcase_add_test(tc, ics_nul_and_nesting);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_test(tc, json_escapes);
	tcase_add_loop_test(tc, json_error_cases, 0, COUNT(json_errors));
	tcase_add_test(tc, json_deep_nesting);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, json_truncated);
	tcase_add_test(tc, ics_truncated);
	tcase_add_test(tc, hostile_bytes);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
