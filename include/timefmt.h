#ifndef FITSMON_TIMEFMT_H
#define FITSMON_TIMEFMT_H
/*
 * timefmt — parsing and printing instants, durations and percentages as
 * the config and the feeds write them.  Instants are UTC seconds (tz.h).
 *
 * Parsers return 0 on success and -1 on failure; they never print.
 * Accepted years are 1970..2199: earlier or later stamps in a feed are
 * almost always typing errors and are reported as bad rows.  A NULL tz
 * means UTC.  A format with %s is refused (glibc would read it through
 * the process's TZ).
 */
#include <stddef.h>
#include <stdint.h>

struct tz;

/*
 * ISO 8601 as pinned: YYYY-MM-DD[T ]HH:MM[:SS] with an optional fraction
 * of a second (dropped), then optional Z, ±HH:MM or ±HHMM.  Without an
 * offset the time is local in `tz`.  Leading/trailing blanks are ignored.
 */
int timefmt_parse_iso8601(const char *s, const struct tz *tz, int64_t *out);

/*
 * strptime-style `fmt` ("%d/%m/%Y %H:%M").  The whole text must be used
 * (trailing blanks allowed) and the date must exist (31/02 fails).  With
 * %z in the format the written offset is used; otherwise the time is
 * local in `tz`.  Conversions are those of strptime(3) in the C locale.
 */
int timefmt_parse_format(const char *s, const char *fmt, const struct tz *tz,
                         int64_t *out);

/* Dispatch: fmt NULL or "iso8601" uses the ISO parser. */
int timefmt_parse(const char *s, const char *fmt, const struct tz *tz,
                  int64_t *out);

/* "2026-11-28T02:30:00Z" (buf at least 21 bytes). */
void timefmt_utc(int64_t t, char *buf, size_t size);

/* "2026-11-28 02:30" in tz (buf at least 17 bytes). */
void timefmt_local(const struct tz *tz, int64_t t, char *buf, size_t size);

/* "Tue 24 Nov 14:05" in tz. */
void timefmt_local_short(const struct tz *tz, int64_t t, char *buf, size_t size);

/*
 * Durations: a sequence of NUMBER UNIT items with units d (24 h, only
 * when allow_days), h and m, each unit at most once and in that order;
 * e.g. "1h30m", "45m", "2d", "1d 12h".  Numbers are whole.  Result in
 * seconds; zero ("0m") is allowed, negative is not.
 */
int timefmt_parse_duration(const char *s, int allow_days, int64_t *secs);

/*
 * "1h30m", "2d", "0m" — the shortest form that parses back.  Not a whole
 * minute: the remaining seconds are appended as "Ns" ("1h30m15s", "15s"),
 * which the parser does not accept; negative values get a leading '-'.
 */
void timefmt_duration(int64_t secs, char *buf, size_t size);

/*
 * Percentages: "95%", "12.5%", or a fraction "0.95" (no % sign, at most
 * 1).  Result in parts per million (95% -> 950000), 0..1000000.
 */
int timefmt_parse_percent(const char *s, int32_t *ppm);

/*
 * part of total as a percentage rounded to a tenth, the tenth dropped
 * when it is 0: "96.3%", "100%"; "-" when total is 0.
 */
void timefmt_percent(char *buf, size_t size, size_t part, size_t total);

#endif
