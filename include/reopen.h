#ifndef FITSMON_REOPEN_H
#define FITSMON_REOPEN_H
/*
 * reopen — the `reopened-as-new` signal (DESIGN.md, "Nightly copies"):
 * a call marked fixed, and a new call from the same caller soon after.
 *
 * A new call pairs with an earlier call when both come from the same
 * supplier, they have the same caller (else the same summary), compared
 * trimmed and ignoring case (ASCII letters), and the new call was opened
 * within [the earlier call's resolution, resolution + reopen_window] of
 * the new call's SLA (reopen_window 0: never).  The caller is used when
 * the call's `column.caller` cell is not empty, else its summary; a call
 * with neither pairs with nothing, and a caller never equals a summary.
 * Of the calls that qualify, the one resolved latest is taken (ties: the
 * one first in the dataset).
 *
 * With the new call's SLA's reopen_merge, the earlier call's resolution
 * clock runs on to the new call's stop (or now): reopen_view gives the
 * earlier call as one ticket spanning both, the gap between them not
 * counted (a reopen gap) and both calls' pauses counted.  When several
 * new calls pair with one earlier call, the first opened is merged.
 *
 * Reads the config and the dataset; owns only what it returns.
 */
#include <stddef.h>
#include <stdint.h>

struct config;
struct dataset;
struct ticket;
struct clock;
struct finding_list;

struct reopen_pair {
	const struct ticket *first, *next;   /* the earlier call, the new call */
	int sla;                             /* the new call's SLA */
};

struct reopen_pairs {
	struct reopen_pair *v;   /* in the order of the calls given */
	size_t n;
	/* the pairs to merge (reopen_merge), sorted by first: by_first[i]
	 * indexes v */
	size_t *by_first;
	size_t nmerge;
};

/*
 * Pair each call calls[i] (a ticket of ds, taken by SLA sla[i]) with the
 * earlier call of ds it is a new call for, if any.
 */
void reopen_find(const struct config *cfg, const struct dataset *ds,
		 const struct ticket *const *calls, const int *sla, size_t n,
		 struct reopen_pairs *out);
void reopen_pairs_free(struct reopen_pairs *p);

/* The pair whose new call's time counts for `first` (reopen_merge), or
 * NULL. */
const struct reopen_pair *reopen_merged(const struct reopen_pairs *p,
					const struct ticket *first);

/*
 * *v becomes `first` running on through `next`: opened and responded as
 * first (responded at first's fix when it has no response), resolved as
 * next (TS_NONE while next is open), waiting as next; first's pauses and
 * not-counted spans up to its fix, the gap [first's fix, next's opening)
 * not counted, next's pauses and not-counted spans from its opening.  v
 * borrows first's id and cells and both calls' pause statuses; it owns
 * its span arrays (reopen_view_release).
 */
void reopen_view(const struct ticket *first, const struct ticket *next, struct ticket *v);
void reopen_view_release(struct ticket *v);


/*
 * The finding for pair p: subject the new call, evidence both calls.
 * merged: the earlier call's resolution clock as merged (NULL when it is
 * not merged or not judged in this window).
 */
void reopen_finding(const struct config *cfg, const struct reopen_pair *p,
		    const struct clock *merged, struct finding_list *fl);

#endif
