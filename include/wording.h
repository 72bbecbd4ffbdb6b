#ifndef FITSMON_WORDING_H
#define FITSMON_WORDING_H
/*
 * wording — every sentence the school contact reads, in one place so it
 * can be reviewed as a whole.  Short sentences, no jargon, dates like
 * "Tue 24 Nov"; each finding says what happened, why it matters and what
 * to ask the supplier.  Functions set f->message and f->question.
 */
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "finding.h"

struct finding;
struct clock;

/*
 * claim-mismatch (claims.h): the supplier marks claimed_met of claimed
 * calls of SLA sla as met, the clocks clock_met; no_verdict calls had no
 * verdict.  ticket[0..n) are disputed calls, says[i] 1 when the supplier
 * says met (the clock: late), 0 the reverse.
 */
void wording_claim_mismatch(struct finding *f, const char *sla, const char *supplier,
			    size_t claimed, size_t claimed_met, size_t clock_met,
			    size_t no_verdict, const char *const *ticket, const int *says,
			    size_t n);
/* One SLA's claim audit for the reports, as a sentence (malloc'd). */
char *wording_claim_summary(size_t claimed, size_t claimed_met, size_t clock_met,
			    size_t said_met, size_t said_late, size_t no_verdict);
/* A disputed call's two verdicts, for the reports' lists. */
const char *wording_claim_verdicts(int supplier_met);
void wording_sla_missed(struct finding *f, const char *sla, const char *supplier,
			size_t tickets, size_t met, int32_t compliance, int32_t target_ppm);
/* Business (working) time for people: "24 working hours", "48 h 43 min",
 * "43 min"; JSON keeps seconds. */
void wording_work_time(int64_t secs, char *buf, size_t size);
/* A late or nearly late call that waits on the school at now (status
 * `status` since `since`, both as written): not blamed on the supplier. */
void wording_ticket_waiting(struct finding *f, const char *ticket, const char *summary,
			    const char *sla, const char *opened, const char *status,
			    const char *since, const struct clock *response,
			    const struct clock *resolution);
/* reopened-as-new (reopen.h): call `next` logged `gap` seconds (wall
 * time) after call `first` was marked fixed; caller NULL when matched by
 * summary; merged: first's resolution clock run on through next, or NULL. */
void wording_reopened(struct finding *f, const char *supplier, const char *first,
		      const char *first_summary, const char *fixed, const char *next,
		      const char *next_summary, const char *opened, const char *caller,
		      int64_t gap, const char *sla, const struct clock *merged);
/* long-pause (longpause.h): paused and elapsed business seconds; next:
 * the new call counted with it (reopen_merge) or NULL; statuses as a
 * list "'On Hold' and 'Awaiting Parts'". */
void wording_long_pause(struct finding *f, const char *supplier, const char *ticket,
			const char *summary, const char *sla, const char *opened,
			const char *next, int64_t paused, int64_t elapsed,
			const char *statuses);
void wording_ticket(struct finding *f, const char *supplier, const char *ticket,
		    const char *summary, const char *sla, const char *opened,
		    const struct clock *response, const struct clock *resolution);
/* One stamp of a call that a later copy of the call log moved (rewrites.h);
 * the times are as written for people ("Thu 20 Aug 12:00"). */
struct wording_rewrite {
	int what;                  /* 0 logged, 1 answered, 2 fixed */
	const char *shown, *shown_got;     /* the moved stamp, and when that copy came */
	const char *before, *before_got;   /* the stamp an earlier copy showed, and when
					      it came; NULL: none (a stop not reported
					      before) */
	const char *without_got;   /* a stop: the copy that still showed the call not
				      answered (fixed); NULL for `logged` */
	const char *kept;          /* the stamp the clocks keep; NULL: none (the newest
				      copy shows none: its clock runs) */
};
void wording_stamp_rewritten(struct finding *f, const char *ticket,
			     const char *summary, const struct wording_rewrite *w, size_t n);
/* A call moved from SLA `from` to the less urgent `to` (priority was ->
 * now, either NULL when unknown) in the copy that came at `seen`, when
 * its `from` clock (fix: the fixing one, else answering) had already run
 * out: elapsed of target.  `clocked` names the SLA its clocks now use. */
void wording_priority_lowered(struct finding *f, const char *ticket,
			      const char *summary, const char *from, const char *to,
			      const char *was, const char *now, const char *seen, int fix,
			      int64_t elapsed, int64_t target, const char *clocked, int first_rule);
void wording_activity_missed(struct finding *f, const char *supplier, int school,
			     const char *title, enum period every, int64_t first_day,
			     int64_t end_day, int times, size_t found, int64_t grace);
/* The lead-in before a finding's question: "Ask" (then the supplier's
 * name) or, for the school's own jobs, who to ask at school. */
const char *wording_ask(int school);
void wording_activity_concern(struct finding *f, const char *supplier, const char *title,
			      size_t bad, size_t judged, const char *dates, const char *example);
void wording_hours_short(struct finding *f, const char *supplier, int64_t monday,
			 int64_t contracted_s, int64_t delivered_uh);
void wording_feed_stale(struct finding *f, const char *supplier, const char *feed,
			const char *last_success, int64_t stale_after);
void wording_no_evidence(struct finding *f, const char *supplier, const char *function,
			 const char *what);

/* What went wrong reading a feed's copy, for wording_feed_unreadable. */
struct unreadable {
	const char *kind_words;     /* "call log", "work log" */
	size_t rows, rejected;
	const char *top_reason;     /* the commonest reason rows were rejected, or NULL */
	size_t top_n;
	const char *column;         /* a column none of whose cells could be read, or NULL */
	const char *header;         /* ... its header in the file */
	int is_time;                /* ... and it holds times (else on-site flags) */
	size_t seen;                /* ... its non-empty cells */
	const char *example;        /* one of its cells, as written */
	const char *time_format;    /* what the config says (NULL: iso8601) */
	const char *suggest;        /* a time_format that reads the cells, or NULL */
	const char *reading;        /* "day/month/year", or NULL */
	int ambiguous;              /* the cells fit both day/month and month/day */
	double max_rejected;        /* the limit, a fraction */
	const char *good_until;     /* "Tue 24 Nov 02:30" of the last good copy, or NULL */
};
void wording_feed_unreadable(struct finding *f, const char *supplier, const char *feed,
			     const struct unreadable *u);

/* "2 hours 30 minutes", "45 minutes", "3 days 2 hours" (business time). */
void wording_duration(int64_t secs, char *buf, size_t size);
/* "8", "6.5", "7.25" from micro-hours. */
void wording_hours(int64_t uh, char *buf, size_t size);

/* ---- the report pages: sentences around the figures ---- */

/* The one-line verdict ("5 things need your attention, 2 of them urgent.");
 * with unchecked feeds (not ok) never "nothing needs your attention". */
char *wording_report_verdict(size_t red, size_t amber, size_t unchecked);
/* "What went well" lines (new strings). */
char *wording_report_well_sla(const char *sla, size_t met, size_t tickets);
char *wording_report_well_activity(const char *title, size_t done, size_t judged);
char *wording_report_well_hours(const char *supplier, size_t weeks);
/* "1 call matched no service level ..." (new string). */
char *wording_report_unmatched(size_t n);
/* The "what the words mean" paragraphs: the i-th from 0, NULL after the last. */
const char *wording_report_glossary(size_t i);
/* The length of text's first sentence: up to its first '.', '?' or '!'
 * that ends a sentence (followed by a space or the end), outside quotes
 * and brackets; the whole text when it has no such end. */
size_t wording_first_sentence(const char *text);

/* Fixed sentences of the report pages. */
enum wording_note {
	WN_NOTHING_WELL, WN_SLA_INTRO, WN_NO_SLA, WN_CHART_INTRO, WN_CHART_GAP,
	WN_FN_INTRO, WN_FN_NOT_CHECKED, WN_FN_NO_LOG, WN_NO_FUNCTIONS,
	WN_LATE_INTRO, WN_NO_LATE, WN_MISSED_INTRO, WN_NO_MISSED, WN_MISSED_UNKNOWN,
	WN_HOURS_INTRO, WN_NO_HOURS, WN_FEEDS_INTRO, WN_NO_FEEDS, WN_MADE_BY,
	WN_MAIL_FOLLOW_UP, WN_MAIL_ATTACHED
};
const char *wording_report_note(enum wording_note n);

/* A short heading for a finding of kind k ("Late call"). */
const char *wording_finding_heading(enum finding_kind k);
/* An obligation period as a table cell: "Fri 13 Nov 2026", "Week starting
 * Mon 21 Sep 2026", "Nov 2026", "Term Thu 3 Sep to Fri 23 Oct 2026". */
void wording_period_label(enum period every, int64_t first_day, int64_t end_day, char *buf,
			  size_t size);
/* The weekly chart's accessible description, and one line per SLA (new strings). */
char *wording_report_chart_desc(int64_t first_monday, int64_t last_monday, size_t nweeks);
char *wording_report_chart_sla(const char *sla, size_t below, size_t weeks);

/*
 * Trends (trends.h, README item 37): words for one SLA's figures beside
 * the previous window's.  before: "last month" when both windows are
 * calendar months, else "the 28 days before" (wording_trend_before).
 * known 0: the data was not read (the figure is "not known", never 0).
 * Each returns a string from malloc; wording_trend_time NULL when there
 * is no time to give this time.
 */
void wording_trend_before(int months, int64_t days, char *buf, size_t size);
/* "Better than last month: 91% on time, was 84%." */
char *wording_trend_compliance(const char *before, int known, size_t met, size_t n,
			       int pknown, size_t pmet, size_t pn);
/* verb "answer" or "fix"; med and p90 business seconds, n calls timed */
char *wording_trend_time(const char *verb, const char *before, int known, size_t n, int64_t med,
			 int64_t p90, int pknown, size_t pn, int64_t pmed, int64_t pp90);
/* opened, closed; calls open at the end and the oldest one's age (seconds) */
char *wording_trend_calls(const char *before, int known, size_t opened, size_t closed,
			  size_t open_end, int64_t oldest, int pknown, size_t popened,
			  size_t pclosed, size_t popen_end, int64_t poldest);

/*
 * Grouped findings (findgroup.h, README item 38).  wording_date_list:
 * "Mon 9, Tue 10, Thu 12 and Fri 13 Nov" (weekday 0: "9, 10 and 12 Nov").
 * wording_group_missed / _hours: one message and question (from malloc)
 * for n missed periods of one activity, or n short weeks of one supplier.
 */
struct strbuf;
void wording_date_list(const int64_t *days, size_t n, int weekday, struct strbuf *sb);
void wording_group_missed(const char *supplier, int school, const char *title, enum period every,
			  const int64_t *days, size_t n, char **message, char **question);
void wording_group_hours(const char *supplier, const int64_t *mondays, size_t n,
			 char **message, char **question);

/*
 * Service credits.  One line of the working for an SLA (tier and percent
 * as "90%", "5%"; tier NULL when no tier is reached; no calls: nothing
 * owed) or an activity (each: its percentage per missed period), and the
 * credit-due finding: total, charge and cap as money ("£187.50"), working
 * the items joined, percent the items' sum, cap NULL when the sum is
 * within it.  New strings are the caller's.
 */
char *wording_credit_sla_item(const char *sla, size_t tickets, size_t met, int32_t compliance,
			      const char *tier, const char *percent, const char *amount);
char *wording_credit_activity_item(const char *title, size_t missed, const char *each,
				   const char *percent, const char *amount);
void wording_credit_due(struct finding *f, const char *supplier, const char *month,
			const char *total, const char *charge, const char *working,
			const char *percent, const char *cap);
/* "November 2026: not worked out. ..." for a month whose data was not all read. */
char *wording_credit_unknown(const char *supplier, const char *month);
/* The report's credits section: its introduction, and one month's line
 * (total NULL: unknown; cap NULL: not capped). */
const char *wording_credits_intro(void);
char *wording_credit_month(const char *supplier, const char *month, const char *total,
			   const char *percent, const char *charge, const char *cap);

/* The termly review pack (report --term): its fixed sentences. */
enum wording_term_note {
	WT_INTRO, WT_CREDITS_INTRO, WT_NO_CREDITS, WT_CLAIMS_INTRO, WT_NO_CLAIMS,
	WT_SIGNALS_INTRO, WT_NO_SIGNALS, WT_FN_INTRO, WT_QUESTIONS_INTRO, WT_NO_QUESTIONS,
	WT_FIRST_TERM, WT_NO_HISTORY, WT_NOT_ALL_READ, WT_TOLD_BELOW
};
const char *wording_term_note(enum wording_term_note n);
/* "Term 1 of 2: Thu 3 Sep to Fri 23 Oct 2026" (end_day exclusive; new string). */
char *wording_term_label(size_t index, size_t count, int64_t first_day, int64_t end_day);
/* "First seen Tue 20 Oct 2026, and not put right since." from the local
 * date of the first sighting (new string). */
char *wording_term_first_seen(int64_t first_day);

#endif
