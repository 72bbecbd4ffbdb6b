#ifndef FITSMON_TZ_H
#define FITSMON_TZ_H
/*
 * tz — IANA time zones read from the system tz database (TZif files).
 *
 * Instants are int64 seconds since 1970-01-01T00:00:00Z ("UTC seconds").
 * A "local second" is the same count taken as if the local wall clock were
 * UTC: local = utc + offset.
 *
 * Files are looked up under $TZDIR, else /usr/share/zoneinfo.  Both the
 * transition table and the POSIX TZ footer of version 2+ files are used,
 * so instants after the last listed transition (2037 in "fat" files, much
 * earlier in "slim" ones) follow the zone's rule.  "UTC" and "Etc/UTC" are
 * always available, even without a tz database.
 */
#include <stdint.h>

struct tz;

/*
 * Load zone `name` ("Europe/London").  Returns NULL and sets *err (caller
 * frees) when the zone is unknown, the name is unsafe ("..", absolute) or
 * the file is not a valid TZif file.
 */
struct tz *tz_load(const char *name, char **err);
void tz_free(struct tz *tz);
const char *tz_name(const struct tz *tz);

/* UTC offset in seconds (east positive) in force at instant `utc`. */
int tz_offset_at(const struct tz *tz, int64_t utc);

/*
 * The instant of local second `local`.  A local time that a DST change
 * skips (spring forward) or repeats (fall back) takes the UTC offset in
 * force just before the change (DESIGN.md, pinned): in Europe/London
 * 01:30 on the last Sunday of March is 01:30Z, and 01:30 on the last
 * Sunday of October is 00:30Z (the first, BST, occurrence).
 */
int64_t tz_local_to_utc(const struct tz *tz, int64_t local);

/* Local second of an instant: utc + tz_offset_at(tz, utc). */
int64_t tz_utc_to_local(const struct tz *tz, int64_t utc);

/* Instant of the local midnight starting day number `day`. */
int64_t tz_midnight(const struct tz *tz, int64_t day);

/* Local day number holding instant `utc`. */
int64_t tz_day_of(const struct tz *tz, int64_t utc);

#endif
