#ifndef FITSMON_WENT_WELL_H
#define FITSMON_WENT_WELL_H
/*
 * went_well — what went well in an evaluation, as plain-English lines
 * for the reports' "What went well" part: each SLA that met its target,
 * each activity done every time it was judged, each supplier that worked
 * every contracted on-site hour in every judged week.  Periods and weeks
 * that are due or unknown are not judged, so they neither spoil nor earn
 * a line.  The renderers only lay the lines out.
 */
#include <stddef.h>

struct config;
struct evaluation;

/* The lines, in config order (SLAs, activities, suppliers); *n of them.
 * The caller frees each line and the array (went_well_free). */
char **went_well(const struct config *cfg, const struct evaluation *ev, size_t *n);
void went_well_free(char **lines, size_t n);

#endif
