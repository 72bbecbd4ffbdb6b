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
struct slachoice;

/*
 * Which SLA takes a ticket of feed `feed` whose mapped cells are cell
 * (FIELD_COUNT of them, NULL unmapped, as struct ticket holds them): the
 * first, in file order, that applies to the feed's supplier and whose
 * `when` matches; -1 for none.  Not remembered.
 */
int slachoice_first(const struct config *cfg, int feed, char *const *cell);

struct slachoice *slachoice_new(const struct config *cfg);
void slachoice_free(struct slachoice *m);

/* The same, remembered: the index of the SLA, or -1 for none. */
int slachoice_pick(struct slachoice *m, int feed, char *const *cell);

#endif
