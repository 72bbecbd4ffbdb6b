#ifndef FITSMON_LONGPAUSE_H
#define FITSMON_LONGPAUSE_H
/*
 * longpause — the `long-pause` signal (DESIGN.md, "Nightly copies"): a
 * call that spent most of its time paused.  Paused business time above
 * pause_share x (resolution elapsed + paused), for calls whose elapsed +
 * paused is longer than one working day (the calendar's longest day of
 * open hours, cal_longest_day).  Business seconds throughout.
 *
 * Reads the config and the tickets; owns only what it returns.
 */
#include <stdint.h>

struct config;
struct ticket;
struct finding_list;

/* 1 when paused seconds out of elapsed + paused make a long pause. */
int longpause_is_long(int64_t paused, int64_t elapsed, int64_t working_day, int32_t share_ppm);

/*
 * The finding for call t under SLA k (with next, the new call merged into
 * its clock by reopen_merge, or NULL): its evidence names the calls and
 * each pause with the status that paused it, up to the resolution clock's
 * end (its stop, or now).
 */
void longpause_finding(const struct config *cfg, const struct ticket *t,
		       const struct ticket *next, int k, int64_t paused, int64_t elapsed,
		       int64_t now, struct finding_list *fl);

#endif
