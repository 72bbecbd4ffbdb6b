#ifndef FITSMON_CAL_H
#define FITSMON_CAL_H
/*
 * cal — school and support calendars, and business time.
 *
 * A calendar is open on a local date when the date's weekday has hours,
 * the date lies inside a `terms` range (when terms are given) and it is
 * not closed.  Its open time on that date is the union of the weekday's
 * hour ranges, each end converted from local time to UTC with tz.h's
 * pinned DST rule.  Business time between two instants is the length of
 * [a, b) inside open time.
 *
 * Queries are O(log n): an index (struct cal_index) keeps a sorted array
 * of the calendar's UTC open intervals with cumulative open seconds over a
 * range of dates that grows on demand (so one lookup never walks minutes
 * or days).  The index belongs to whoever asks (an evaluation, a load, an
 * explain), not to the calendar: once built, a calendar is only read, so
 * a config's calendars stay untouched after config_load.
 */
#include <stddef.h>
#include <stdint.h>

struct tz;
struct holiday_list;

struct cal;
struct cal_index;
struct cal_indexes;

/* Why a date is closed, for `explain` and the report. */
enum cal_day {
	CAL_OPEN,
	CAL_NO_HOURS,   /* the weekday has no hours (a weekend) */
	CAL_NOT_TERM,   /* outside every terms range */
	CAL_CLOSED,     /* a closed date (label says which) */
};

/* A calendar with no hours, terms or closures yet; tz is borrowed. */
struct cal *cal_new(const char *name, const struct tz *tz);
/* The built-in `always`: Mon-Sun 00:00-24:00. */
struct cal *cal_always(const struct tz *tz);
void cal_free(struct cal *c);
const char *cal_name(const struct cal *c);

/*
 * "Mon-Fri 08:00-16:30, Sat 09:00-12:00": comma-separated items, each a
 * day or day range (Mon..Sun, full names too, a range may wrap) and one
 * or more HH:MM-HH:MM ranges (24:00 allowed as an end).  Replaces any
 * hours set before.  -1 with *err on bad text.
 */
int cal_set_hours(struct cal *c, const char *spec, char **err);

/* "2026-09-03..2026-10-23, 2026-11-02" — inclusive ranges or dates. */
int cal_add_terms(struct cal *c, const char *spec, char **err);
int cal_add_closed(struct cal *c, const char *spec, const char *label, char **err);
/* Closed dates from a holiday file (labels copied). */
void cal_add_holidays(struct cal *c, const struct holiday_list *h);

/* Term ranges in order (inclusive first/last day numbers). */
size_t cal_terms(const struct cal *c, const int64_t **first, const int64_t **last);

/* State of a local date; *label (may be NULL) names a closure. */
enum cal_day cal_day_state(const struct cal *c, int64_t day, const char **label);
int cal_is_open_date(const struct cal *c, int64_t day);

/* An empty index of c (borrowed: free the index first). */
struct cal_index *cal_index_new(const struct cal *c);
void cal_index_free(struct cal_index *x);
const struct cal *cal_index_cal(const struct cal_index *x);

/* Open business seconds in [a, b); 0 when b <= a.  Grows the index when
 * a or b lies outside it (one thread at a time, unless prepared). */
int64_t cal_open_seconds(struct cal_index *x, int64_t a, int64_t b);
/* Index the calendar for every instant of [a, b] now, so that
 * cal_open_seconds on instants in that range changes nothing (several
 * threads may then call it at once). */
void cal_prepare(struct cal_index *x, int64_t a, int64_t b);

/* The indexes of several calendars, each made on first use and owned by
 * the set.  cal_indexes_get adds (one thread at a time); cal_indexes_find
 * only reads: NULL when c has no index yet. */
struct cal_indexes *cal_indexes_new(void);
void cal_indexes_free(struct cal_indexes *s);
struct cal_index *cal_indexes_get(struct cal_indexes *s, const struct cal *c);
struct cal_index *cal_indexes_find(const struct cal_indexes *s, const struct cal *c);

/*
 * The open UTC intervals of one local date, as pairs in out[0..2n).
 * Returns n (0 on a closed date); at most max pairs are written.
 */
size_t cal_day_intervals(const struct cal *c, int64_t day, int64_t *out, size_t max);

/* One working day: the open seconds of the weekday with the most open
 * hours (86400 for a day open 00:00-24:00; 0 when no weekday has hours). */
int64_t cal_longest_day(const struct cal *c);

/* Text of the hours for one ISO weekday, e.g. "08:00-16:30" or "". */
void cal_describe_hours(const struct cal *c, char *buf, size_t size);

#endif
