#ifndef FITSMON_SLACHOICE_H
#define FITSMON_SLACHOICE_H
/*
 * slachoice — which SLA takes a ticket (slachoice_first), remembered by the text of
 * the fields the SLA conditions read, so each condition's pattern runs
 * once per distinct value (a feed has a handful of priorities and
 * categories) instead of once per ticket.  The dataset asks it for each
 * ticket as the ticket is completed, while its cells are at hand.
 * Borrows the config; one thread at a time.
 */
struct config;
struct ticket;
struct slachoice;

/*
 * Which SLA takes ticket t: the first, in file order, that applies to the
 * ticket's supplier and whose `when` matches; -1 for none.  Not remembered.
 */
int slachoice_first(const struct config *cfg, const struct ticket *t);

struct slachoice *slachoice_new(const struct config *cfg);
void slachoice_free(struct slachoice *m);

/* The index of the SLA that takes t, or -1 for none. */
int slachoice_pick(struct slachoice *m, const struct ticket *t);

#endif
