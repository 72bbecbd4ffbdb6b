#ifndef FITSMON_HOLIDAYS_H
#define FITSMON_HOLIDAYS_H
/*
 * holidays — closed dates from files a school already has: iCalendar
 * all-day VEVENTs (a council's school-holiday .ics) and GOV.UK's
 * bank-holidays.json for one division (england-and-wales, scotland,
 * northern-ireland).  Dates are day numbers (civil.h).
 */
#include <stddef.h>
#include <stdint.h>

struct holiday {
	int64_t first;  /* first closed date */
	int64_t last;   /* last closed date, inclusive */
	char *label;    /* SUMMARY or title, UTF-8; never NULL */
};

struct holiday_list {
	struct holiday *v;
	size_t n, cap;
};

/*
 * iCalendar: every VEVENT with DTSTART;VALUE=DATE:yyyymmdd (DTEND is
 * exclusive, as RFC 5545 says; without DTEND the event is one day).
 * CRLF or LF line ends and folded lines are accepted.  Timed events
 * (DTSTART with a time) are not closures and are skipped.  Appends to
 * *out; returns 0, or -1 with *err ("path:line: what") set.
 */
int holidays_load_ics(const char *path, struct holiday_list *out, char **err);

/*
 * GOV.UK JSON: the events of `division`.  An unknown division is an error
 * naming the divisions the file has.  Appends to *out.
 */
int holidays_load_govuk(const char *path, const char *division,
                        struct holiday_list *out, char **err);

/*
 * Either, by content: a file whose first non-blank byte is '{' is JSON
 * (division required), anything else is iCalendar (division must be NULL).
 */
int holidays_load(const char *path, const char *division,
                  struct holiday_list *out, char **err);

void holidays_free(struct holiday_list *list);

#endif
