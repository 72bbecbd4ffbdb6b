#ifndef FITSMON_EXPLAIN_H
#define FITSMON_EXPLAIN_H
/*
 * explain — one ticket's clocks laid out interval by interval, so a
 * network manager can check a verdict by hand: when each clock counted,
 * and why it did not (outside support hours, a weekend, a closed day and
 * its name, outside term, paused and in which status, reopened).
 */
#include <stdint.h>

struct config;
struct dataset;
struct ticket;

/*
 * The explanation of every ticket whose id is `id` (in any feed) at `now`,
 * as a new string; NULL with *err when there is none.
 */
char *explain_ticket(const struct config *cfg, const struct dataset *ds, const char *id,
		     int64_t now, char **err);

#endif
