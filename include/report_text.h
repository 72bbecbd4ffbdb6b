#ifndef FITSMON_REPORT_TEXT_H
#define FITSMON_REPORT_TEXT_H
/*
 * report_text — the plain-text report (report.h's "text" backend), and
 * the pieces of it the email body (report_email.h) writes the same way.
 */
struct config;
struct evaluation;
struct finding;
struct strbuf;

/* text wrapped at 76 columns: `first` before the first line, `indent`
 * before the others */
void report_text_wrap(struct strbuf *sb, const char *first, const char *indent,
		      const char *text);
/* "Ask Acme Schools ICT Ltd: question", or who to ask at school (caller frees) */
char *report_text_ask(const struct config *cfg, const struct finding *f);
/* The same for a question to a supplier (its id, may be NULL). */
char *report_text_ask_q(const struct config *cfg, const char *supplier, const char *question);
/* "N things need your attention..." */
void report_text_verdict(struct strbuf *sb, const struct evaluation *ev);
/* WHAT WENT WELL */
void report_text_went_well(struct strbuf *sb, const struct config *cfg,
			   const struct evaluation *ev);
/* WHAT THE WORDS MEAN */
void report_text_footer(struct strbuf *sb);

/* The trends per SLA in words (ev->trend, trends.h); brief: the on-time
 * share alone.  Nothing when ev->trend is NULL. */
void report_text_trends(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev,
			int brief);

#endif
