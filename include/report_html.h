#ifndef FITSMON_REPORT_HTML_H
#define FITSMON_REPORT_HTML_H
/*
 * report_html — the HTML report (report.h's "html" backend), and the
 * pieces of it the termly review pack (report_term.h) is built from: the
 * whole page with a different heading, print style and sections added
 * after the figures, and the escaping and section heading its own
 * sections use, so that both look and escape alike.
 */
struct config;
struct dataset;
struct evaluation;
struct strbuf;

/* What a page built on the report adds to it (every field may be NULL). */
struct report_html_extra {
	const char *heading;     /* the page's h1 ("Termly review pack") */
	const char *period;      /* replaces the window's dates in the header */
	const char *css;         /* appended to the report's style */
	const char *before;      /* HTML put after the header, before the summary */
	const char *after;       /* HTML put after the report's last section */
	/* finding kinds (bit 1 << kind) the page tells in sections of its own:
	 * the findings sections leave them out, and say where they are */
	unsigned long long told_below;
	const char *told_below_note;   /* that sentence */
};

/* The whole page; x NULL: the report as the html backend writes it. */
char *report_html_page(const struct config *cfg, const struct dataset *ds,
		       const struct evaluation *ev, const struct report_html_extra *x);
/* s as HTML text (element content or a quoted attribute); NULL: nothing. */
void report_html_esc(struct strbuf *sb, const char *s);
/* <section class="cls"><h2>title</h2> and the intro sentence, when given. */
void report_html_section(struct strbuf *sb, const char *cls, const char *title,
			 const char *intro);

#endif
