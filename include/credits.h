#ifndef FITSMON_CREDITS_H
#define FITSMON_CREDITS_H
/*
 * credits — service credits (issue 19, DESIGN.md "Money and claims"): what
 * a supplier owes back for each calendar month (school time zone) that
 * has ended by now and overlaps the window.  A month is judged on all its
 * own days, whatever the window:
 *   - an [sla] with `credit` tiers: its compliance over the calls whose
 *     resolution clock stopped in the month (met / calls with both clocks
 *     stopped, 4 places half up, as the window's); the tier owed is the one
 *     with the lowest threshold the compliance is still below; a month
 *     with no such call owes nothing;
 *   - an [activity] with `credit`: that percentage per missed period whose
 *     first date is in the month;
 *   - the month's percentages add up, capped at the supplier's credit_cap,
 *     and that share of monthly_charge is owed, rounded half up to the
 *     penny once for the month.
 * A month part of whose data was not read (a feed not ok before the
 * month's end, a period unknown) is unknown: nothing is claimed.  Money is
 * whole pence (money.h), never floating point.
 */
#include <stddef.h>
#include <stdint.h>

struct config;
struct dataset;
struct evaluation;
struct sla;

/* 1 when some supplier has a monthly_charge and some credit applies. */
int credits_configured(const struct config *cfg);

/* The first local date whose data the credits of the window starting
 * from_day need: the first of its month. */
int64_t credits_first_day(int64_t from_day);

/* The day after the month holding to_day - 1: the judged months of a
 * window ending at to_day (exclusive) end by then. */
int64_t credits_end_day(int64_t to_day);

/* The tier of sla s owed at compliance (ten-thousandths): the index of
 * the lowest threshold compliance is below, -1 for none. */
int credits_tier(const struct sla *s, int32_t compliance);

/*
 * Fill ev->credit for ev's window and add one red credit-due finding per
 * supplier and month owed something (subject "SUPPLIER YYYY-MM").  ds must
 * hold the months' calls and rows (select_window keeps them when credits
 * are configured).  Does nothing when none are.
 */
void credits_judge(const struct config *cfg, const struct dataset *ds, struct evaluation *ev);

struct creditmonth;
struct credititem;
/* For people (new strings): one month's line ("November 2026: £187.50 may
 * be owed by Acme (10% of ...)", or why it was not worked out), and one
 * item's working ("6 of 7 'urgent' calls were dealt with in time ..."). */
char *credits_month_words(const struct config *cfg, const struct creditmonth *m);
char *credits_item_words(const struct config *cfg, const struct creditmonth *m,
			 const struct credititem *c);

/* "2026-11" for the month starting local date first_day. */
void credits_month_label(int64_t first_day, char *buf, size_t size);

#endif
