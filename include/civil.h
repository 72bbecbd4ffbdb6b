#ifndef FITSMON_CIVIL_H
#define FITSMON_CIVIL_H
/*
 * civil — proleptic Gregorian calendar arithmetic on day numbers.
 *
 * A "day number" is the count of days since 1970-01-01 (day 0), negative
 * before it.  Day numbers carry no time zone: they name local dates.
 * Nothing here allocates or fails except the parsers.
 */
#include <stddef.h>
#include <stdint.h>

/* An instant that is absent (UTC seconds are int64_t throughout). */
#define TS_NONE INT64_MIN

/* A stretch of time, [a, b). */
struct span {
	int64_t a, b;   /* [a, b) */
};

/* Day number of Y-M-D.  Month 1..12, day 1..31; not validated. */
int64_t civil_days(int y, int m, int d);

/* Inverse of civil_days. */
void civil_from_days(int64_t days, int *y, int *m, int *d);

/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int civil_weekday(int64_t days);

/* 28..31; 0 for a month outside 1..12. */
int civil_days_in_month(int y, int m);

/* 1 when Y-M-D names a real date (31/02 does not). */
int civil_valid(int y, int m, int d);

/* ISO 8601 week of a day: week-numbering year and week 1..53. */
void civil_iso_week(int64_t days, int *iso_year, int *week);

/* Day number of the Monday that starts the ISO week holding `days`. */
int64_t civil_week_monday(int64_t days);

/*
 * Parse exactly "YYYY-MM-DD" (len bytes, no surrounding space) into a day
 * number.  Returns 0, or -1 when the text is not a valid date.
 */
int civil_parse_date(const char *s, size_t len, int64_t *days);

/* Format a day number as "YYYY-MM-DD" into buf (at least 11 bytes). */
void civil_format_date(int64_t days, char *buf, size_t size);

/* "2026-W47" into buf (at least 9 bytes). */
void civil_format_week(int64_t days, char *buf, size_t size);

/* "Tue 24 Nov" (English names, the school contact's style). */
void civil_format_short(int64_t days, char *buf, size_t size);

/* English weekday and month names: 1..7 (Mon..Sun), 1..12. */
const char *civil_weekday_name(int wd);
const char *civil_month_name(int m);

#endif
