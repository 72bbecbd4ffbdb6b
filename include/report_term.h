#ifndef FITSMON_REPORT_TERM_H
#define FITSMON_REPORT_TERM_H
/*
 * report_term — the termly review pack (report --term): the report over
 * one school term (term.h), with every section the report has, plus
 *   - function by function: the regular work due in the term and done;
 *   - service credits and the audit of the supplier's own claims (the
 *     findings credit-due and claim-mismatch, each in a section of its own);
 *   - signs that records were changed (stamp-rewritten, priority-lowered,
 *     reopened-as-new, long-pause findings);
 *   - last term's open questions, with when each was first seen.
 * HTML prints as an A4 document (a page break before the figures, before
 * the term's review and before the glossary); JSON is the report's JSON
 * with "term" and "open_questions" added; text is the text report with
 * the pack's sections before its glossary.  Renders only: the term and
 * the questions are chosen by term.c.
 */
#include <stddef.h>

struct config;
struct dataset;
struct evaluation;
struct store_finding_rec;
struct term;

struct term_pack {
	const struct term *term;
	const struct store_finding_rec *questions;   /* term_open_questions's, in order */
	size_t nquestions;
	int history;        /* 1: the questions are known (term_history_known): else
			       no run recorded the end of the previous term */
};

/* The pack as "html", "json" or "text" (a new string); NULL for another format. */
char *report_term_render(const char *format, const struct config *cfg, const struct dataset *ds,
			 const struct evaluation *ev, const struct term_pack *tp);

#endif
