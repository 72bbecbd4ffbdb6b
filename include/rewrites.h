#ifndef FITSMON_REWRITES_H
#define FITSMON_REWRITES_H
/*
 * rewrites — the signals read from a `tickets` call's stored copies
 * (DESIGN.md "Nightly copies"), as findings:
 *   - stamp-rewritten: a later copy moved the call's `opened` later than
 *     an earlier copy showed it, or showed a stop (`responded`,
 *     `resolved`) earlier than the fetch time of an earlier copy that
 *     showed the call without it.  A stop moved earlier but still after
 *     that fetch is no signal.  Events feeds never give it.
 *   - priority-lowered: a copy moved the call to a less urgent SLA (the
 *     longer `resolve` target, then the longer `respond` target) when the
 *     more urgent SLA's response or fix clock, judged at that copy's
 *     fetch with the stamps known then, had already run out.  A change to
 *     fields no [sla] takes is no signal.
 * The evaluation asks for each clocked window ticket (one an SLA takes);
 * a feed's signal may be off ([feed] stamp_rewritten, priority_lowered).
 * The clocks themselves keep the stamps as first reported (dataset.h
 * struct ticket_copies); that is the load's part.
 */
struct config;
struct cal_indexes;
struct finding_list;
struct ticket;

/* The signals of ticket t, clocked under SLA `sla`, added to fl (at most
 * one finding of each kind); cals grows (one thread at a time). */
void rewrites_ticket(const struct config *cfg, struct cal_indexes *cals,
		     const struct ticket *t, int sla, struct finding_list *fl);

#endif
