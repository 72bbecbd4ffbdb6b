#ifndef FITSMON_SLACHOICE_H
#define FITSMON_SLACHOICE_H
/*
 * slachoice — evaluate_pick_sla (evaluate.h), remembered by the text of
 * the fields the SLA conditions read, so each condition's pattern runs
 * once per distinct value (a feed has a handful of priorities and
 * categories) instead of once per ticket.  The dataset asks it for each
 * ticket as the ticket is completed, while its cells are at hand.
 * Borrows the config; one thread at a time.
 */
struct config;
struct ticket;
struct slachoice;

struct slachoice *slachoice_new(const struct config *cfg);
void slachoice_free(struct slachoice *m);

/* The index of the SLA that takes t, or -1 for none. */
int slachoice_pick(struct slachoice *m, const struct ticket *t);

#endif
