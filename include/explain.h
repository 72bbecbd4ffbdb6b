#ifndef FITSMON_EXPLAIN_H
#define FITSMON_EXPLAIN_H
/*
 * explain — one ticket's clocks laid out interval by interval, so a
 * network manager can check a verdict by hand: when each clock counted,
 * and why it did not (outside support hours, a weekend, a closed day and
 * its name, outside term, paused and in which status, reopened).  It only
 * renders: the pieces and their reasons are worked out by explanation.h.
 */
struct explanations;

/* The text of every explanation in xs, as a new string. */
char *explain_render(const struct explanations *xs);

#endif
