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
void wording_ticket(struct finding *f, const char *supplier, const char *ticket,
		    const char *summary, const char *sla, const char *opened,
		    const struct clock *response, const struct clock *resolution);
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

/* Fixed sentences of the report pages. */
enum wording_note {
	WN_NOTHING_WELL, WN_SLA_INTRO, WN_NO_SLA, WN_CHART_INTRO, WN_CHART_GAP,
	WN_FN_INTRO, WN_FN_NOT_CHECKED, WN_FN_NO_LOG, WN_NO_FUNCTIONS,
	WN_LATE_INTRO, WN_NO_LATE, WN_MISSED_INTRO, WN_NO_MISSED, WN_MISSED_UNKNOWN,
	WN_HOURS_INTRO, WN_NO_HOURS, WN_FEEDS_INTRO, WN_NO_FEEDS, WN_MADE_BY
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

/* The termly review pack (report --term): its fixed sentences. */
enum wording_term_note {
	WT_INTRO, WT_CREDITS_INTRO, WT_NO_CREDITS, WT_CLAIMS_INTRO, WT_NO_CLAIMS,
	WT_SIGNALS_INTRO, WT_NO_SIGNALS, WT_FN_INTRO, WT_QUESTIONS_INTRO, WT_NO_QUESTIONS,
	WT_FIRST_TERM, WT_NO_HISTORY, WT_NOT_ALL_READ
};
const char *wording_term_note(enum wording_term_note n);
/* "Term 1 of 2: Thu 3 Sep to Fri 23 Oct 2026" (end_day exclusive; new string). */
char *wording_term_label(size_t index, size_t count, int64_t first_day, int64_t end_day);
/* "First seen Tue 20 Oct 2026, and not put right since." from the local
 * date of the first sighting (new string). */
char *wording_term_first_seen(int64_t first_day);

#endif
