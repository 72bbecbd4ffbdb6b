#ifndef FITSMON_EVALUATE_H
#define FITSMON_EVALUATE_H
/*
 * evaluate — the verdicts: for the window [from, to) at instant `now`,
 * clock every window ticket against the first SLA that takes it, work out
 * each SLA's compliance, each activity period's obligation, each week's
 * on-site hours and each feed's freshness, then raise findings.
 * DESIGN.md's "Semantics" is the specification; the choices made where it
 * is silent are listed in README.md ("Where the design is silent").
 *
 * Reads a config and a dataset; owns only what it returns.
 */
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "finding.h"

struct cal;
struct cal_indexes;
struct pattern_scratch;
struct dataset;
struct ticket;

struct tresult {
	const struct ticket *t;
	int sla;
	struct clock response, resolution;
	int64_t paused;           /* pause-status business seconds */
	int waiting;              /* waiting on the school at now: its latest status
				     is a pause status, it is still open and its
				     first answer was not late (waits->waiting
				     since); reported as that, not as a late call */
	const struct ticket *waits;  /* whose pauses its clock stops in: t, or the
				        new call merged into it (reopen_merge) */
	int unknown;              /* still running at the end of its feed's good
				     data, which is not ok: no verdict */
	/* reopen_merge (reopen.h): the new call whose time counts in this
	 * call's resolution clock (and paused time), else NULL */
	const struct ticket *reopen_next;
};

struct slaresult {
	size_t tickets, met;      /* window tickets with both clocks stopped; both met */
	size_t breached, running; /* for the report */
	int has_compliance;
	int32_t compliance;       /* ten-thousandths: 9167 = 0.9167 */
	int missed;               /* compliance below target */
	int unknown;              /* a feed it takes tickets from is not ok:
				     no verdict on the target */
};

/* OB_UNKNOWN: not done, and the data that could show it is not there (a
 * feed that is not ok, after its last good data) */
enum ob_status { OB_DONE, OB_MISSED, OB_DUE, OB_UNKNOWN };

struct obligation {
	int act;
	int64_t first_day, end_day;     /* local dates, end exclusive */
	int64_t start, end;             /* instants of their midnights */
	size_t evidence;
	size_t first_row;               /* index into dataset activities of the
					   first evidence row, (size_t)-1 none */
	size_t concerns;                /* evidence rows that report a problem */
	size_t first_concern;           /* the first of them, (size_t)-1 none */
	enum ob_status status;
};

enum hours_status { HOURS_OK, HOURS_SHORT, HOURS_DUE, HOURS_UNKNOWN };

struct weekhours {
	int sup;
	int64_t monday;                 /* local date */
	int64_t delivered_uh;           /* micro-hours */
	size_t rows;
	enum hours_status status;
};

/*
 * A feed's state (DESIGN.md): ok; stale (no good copy within stale_after);
 * unreadable (its copy in use failed the health gate, health.h); failing
 * (the latest fetch failed, the last good copy is still recent).  Anything
 * but ok means the data after good_until was not read: verdicts that need
 * it are unknown.
 */
enum feed_status { FEED_OK, FEED_STALE, FEED_UNREADABLE, FEED_FAILING };

struct feedstat;

struct feedresult {
	int stale;                      /* the last good copy is older than stale_after, or none */
	int failing;                    /* the latest fetch failed (the last good copy stands) */
	int64_t last_success;           /* TS_NONE: never; the last good copy's fetch */
	enum feed_status status;
	int health;                     /* enum health_verdict of the copy in use */
	int unread_col;                 /* HEALTH_COLUMN_UNREAD: the column, else -1 */
	int64_t good_until;             /* data read up to here; INT64_MAX when ok,
					   TS_NONE when never */
	/* per field that some [sla] `when` reads: the feed's tickets judged
	 * with that cell non-empty, and those an SLA with its `when` on the
	 * field took (for feeds[].quality) */
	size_t when_seen[FIELD_COUNT], when_recognised[FIELD_COUNT];
};

/* One activity's periods in the window, by status. */
struct actresult {
	size_t done, missed, due, unknown;
};

struct funcresult {
	int sup;
	const char *function;
	size_t periods, done;           /* periods judged (done or missed) */
	size_t evidence_rows;           /* rows in the window for its activities */
};

/* One SLA's result in one week of the weekly chart (evaluate_weeks). */
struct slaweek {
	size_t tickets, met;
	int has;                 /* some calls closed: compliance known */
	int32_t compliance;      /* ten-thousandths */
};

/*
 * One SLA's figures over one window, for the trends (trends.h): the
 * report's window and the one of equal length before it (README item 37).
 * Business times are seconds; percentiles by nearest rank.
 */
struct slatrend {
	int known;               /* 0: a ticket feed the SLA reads was not ok up to
				    the window's end: every figure is unknown */
	size_t opened;           /* tickets opened in the window that the SLA took */
	size_t closed;           /* its tickets resolved in the window (opened any time) */
	size_t tickets, met;     /* as struct slaresult, for this window */
	int has_compliance;
	int32_t compliance;      /* ten-thousandths */
	size_t nrespond, nfix;   /* tickets opened in the window with that clock stopped */
	int64_t respond_median, respond_p90, fix_median, fix_p90;   /* business seconds */
	size_t open_at_end;      /* its tickets open at the window's end (or now) */
	int64_t oldest_open;     /* seconds the oldest of them had been open, -1 none */
};

/*
 * Service credits (credits.h fills these, after evaluate): for each
 * supplier with a monthly charge and credits, each calendar month that
 * has ended by now and overlaps the window.  Amounts are pence.
 */
enum credit_item_kind { CREDIT_SLA, CREDIT_ACTIVITY };

struct credititem {
	enum credit_item_kind kind;
	int index;               /* config sla or activity */
	size_t tickets, met;     /* SLA: calls whose fix was in the month; both clocks met */
	int has_compliance;      /* SLA: some calls closed in the month */
	int32_t compliance;      /* ten-thousandths, half up, as the window's */
	int tier;                /* SLA: index into its credit tiers, -1 none */
	size_t missed;           /* activity: missed periods whose first date is in the month */
	int64_t percent_ppm;     /* of the monthly charge owed for this item */
	int64_t amount;          /* percent of the charge alone, half up (for show) */
};

struct creditmonth {
	int sup;
	int64_t first_day, end_day;   /* local dates, end exclusive */
	int unknown;             /* part of the month's data was not read: no claim */
	struct credititem *item;
	size_t nitem;
	int64_t percent_ppm;     /* the items' sum, before the cap */
	int capped;              /* the sum was above credit_cap */
	int64_t total;           /* min(sum, cap) of the charge, half up once: pence */
};

/* The weekly chart covers this many ISO weeks up to the report's end. */
#define EVALUATE_WEEKS 12

struct evaluation {
	int64_t now, from_day, to_day, from, to;
	struct tresult *tk;
	size_t ntk;
	size_t unmatched;
	struct slaresult *sla;          /* one per config sla */
	struct obligation *ob;
	size_t nob;
	struct actresult *act;          /* one per config activity: its periods */
	struct weekhours *wk;
	size_t nwk;
	struct feedresult *feed;        /* one per config feed */
	size_t nfeed;
	struct funcresult *fn;
	size_t nfn;
	struct finding_list findings;
	size_t red, amber;
	size_t limit_warnings;          /* patterns stopped by the match limit, in the
					 * load or this evaluation */
	/* matches stopped by the pattern match limit in this evaluation (and
	 * evaluate_weeks' evaluations): per config sla, of its `when`, and per
	 * config activity, of its evidence pattern.  The load's own are in
	 * the dataset's scratch (dataset.h). */
	unsigned long *sla_limit_hits, *act_limit_hits;
	/* per config activity: dataset activity rows that are its evidence */
	size_t **match;
	size_t *nmatch;
	size_t nact;
	/* evaluate_weeks: week[k * EVALUATE_WEEKS + w] for SLA k, week w from
	 * the Monday week_first; NULL until asked for (the HTML report then
	 * leaves its chart out) */
	struct slaweek *week;
	int64_t week_first;
	/* evaluate_trends (trends.h): trend[k] this window's figures for SLA
	 * k, trend[nsla + k] the previous window's; NULL until asked for */
	struct slatrend *trend;
	int64_t prev_from_day;          /* the previous window: [prev_from_day, from_day) */
	int trend_months;               /* both windows are calendar months */
	/* service credits (credits_judge); none until asked for */
	struct creditmonth *credit;
	size_t ncredit;
	int credits_judged;      /* credits_judge ran (a report says so when empty) */
	/* the supplier's own SLA verdicts, audited (claims.h) */
	struct claims *claims;
};

/*
 * Window defaults (DESIGN.md): to = the local midnight ending now's date,
 * from = 28 days before to.  Pass TS_NONE for a default.
 */
void evaluate_window(const struct config *cfg, int64_t now, int64_t *from_day,
		     int64_t *to_day);

struct evaluation *evaluate(const struct config *cfg, const struct dataset *ds, int64_t now,
			    int64_t from_day, int64_t to_day);
void evaluation_free(struct evaluation *ev);

/*
 * Matches stopped by the pattern match limit (taken as not matching), in
 * the load of ds and in ev: of SLA k's conditions (its `when` and every
 * when.FIELD), and of activity i's evidence pattern.
 */
unsigned long evaluate_sla_limit_hits(const struct config *cfg, const struct dataset *ds,
				      const struct evaluation *ev, size_t k);
unsigned long evaluate_act_limit_hits(const struct config *cfg, const struct dataset *ds,
				      const struct evaluation *ev, size_t i);

const char *evaluate_ob_status_name(enum ob_status s);
const char *evaluate_feed_status_name(enum feed_status s);
/* Feeds that are not ok: parts of the data that could not be checked. */
size_t evaluate_unchecked(const struct evaluation *ev);
const char *evaluate_hours_status_name(enum hours_status s);

/*
 * The first Monday (local day number) of the EVALUATE_WEEKS ISO weeks
 * that end with the one holding local day to_day - 1: a loader keeps the
 * tickets opened from its midnight so that evaluate_weeks sees them all.
 */
int64_t evaluate_weeks_first(int64_t to_day);
/*
 * Evaluate each of those weeks, as the window [Monday, next Monday) cut at
 * ev->to_day, on ds at ev->now, into ev->week and ev->week_first.  ds must
 * hold the tickets from evaluate_weeks_first(ev->to_day) on (the chart of
 * the HTML report and mail reads them).
 */
void evaluate_weeks(const struct config *cfg, const struct dataset *ds, struct evaluation *ev);

/*
 * Ticket t's clocks (response, resolution, paused) under SLA k at now,
 * on the calendar indexes in cals (the caller's: the config is only
 * read).  Several threads may share cals once every calendar they use has
 * an index prepared for their instants (cal.h); otherwise one at a time.
 */
void evaluate_clock(const struct config *cfg, struct cal_indexes *cals,
		    const struct ticket *t, int k, int64_t now, struct tresult *r);
/*
 * The same, with next (when not NULL) a new call that reopens t and whose
 * time counts for it (reopen_merge, reopen.h): t's resolution clock runs
 * on to next's stop (or now), the gap between them not counted, and
 * next's pauses count in paused.  The response clock is t's alone.
 */
void evaluate_clock_merged(const struct config *cfg, struct cal_indexes *cals,
			   const struct ticket *t, const struct ticket *next, int k,
			   int64_t now, struct tresult *r);

/* The calendar SLA s runs on for ticket t (its own, else the supplier's). */
const struct cal *evaluate_sla_cal(const struct config *cfg, const struct sla *s,
				   const struct ticket *t);

/* Is activity row r evidence for activity a? (code or evidence pattern,
 * matched with the caller's scratch ps) */
int evaluate_is_evidence(const struct config *cfg, struct pattern_scratch *ps,
			 const struct activity *a, const struct dataset *ds, size_t r);

#endif
