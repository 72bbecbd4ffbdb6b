#ifndef FITSMON_SLACHOICE_H
#define FITSMON_SLACHOICE_H
/*
 * slachoice — which SLA takes a ticket (slachoice_first), remembered by the text of
 * the fields the SLA conditions read, so each condition's pattern runs
 * once per distinct value (a feed has a handful of priorities and
 * categories) instead of once per ticket.  The dataset asks it for each
 * ticket as the ticket is completed, while its cells are at hand.
 * Borrows the config and a pattern scratch (pattern.h: match data and
 * match-limit counts); one thread at a time.
 */
struct config;
struct pattern_scratch;
struct slachoice;

/*
 * Which SLA takes a ticket of feed `feed` whose mapped cells are cell
 * (FIELD_COUNT of them, NULL unmapped, as struct ticket holds them): the
 * first, in file order, that applies to the feed's supplier and whose
 * `when` matches (with ps); -1 for none.  Not remembered.
 */
int slachoice_first(const struct config *cfg, struct pattern_scratch *ps, int feed,
		    char *const *cell);

struct slachoice *slachoice_new(const struct config *cfg, struct pattern_scratch *ps);
void slachoice_free(struct slachoice *m);

/* The same, remembered: the index of the SLA, or -1 for none. */
int slachoice_pick(struct slachoice *m, int feed, char *const *cell);

#endif
