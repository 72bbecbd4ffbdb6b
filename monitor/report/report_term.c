/*
 * report_term — the termly review pack (report_term.h): the report over a
 * term, built on the HTML, JSON and text reports, with the pack's own
 * sections.
 *
 * Credits, claims and signals are findings the evaluation raises; each
 * has a section here that lists the findings of its kinds in full
 * (heading, what happened, the question, the evidence), whatever else
 * renders them.  The credits' and the claim audit's own tables are the
 * report's sections (report_html.c, report_text.c), which the pack holds
 * like every other; the pack's sections add the findings in full.
 */
#include "report.h"
#include "report_html.h"
#include "report_json.h"
#include "report_term.h"
#include "report_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "finding.h"
#include "json.h"
#include "store.h"
#include "term.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"
#include "wording.h"

/* The finding kinds (DESIGN.md names) each pack section lists. */
static const char *const credit_kinds[] = { "credit-due", NULL };
static const char *const claim_kinds[] = { "claim-mismatch", NULL };
static const char *const signal_kinds[] = { "stamp-rewritten", "priority-lowered",
					    "reopened-as-new", "long-pause", NULL };

static int kind_in(const struct finding *f, const char *const *kinds)
{
	const char *name = finding_kind_name(f->kind);
	for (size_t i = 0; kinds[i]; i++)
		if (!strcmp(name, kinds[i]))
			return 1;
	return 0;
}

static size_t count_kinds(const struct evaluation *ev, const char *const *kinds)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->findings.n; i++)
		n += kind_in(&ev->findings.v[i], kinds);
	return n;
}

/* The heading of a finding kind known by name (the store keeps names). */
static const char *kind_heading(const char *name)
{
	for (int k = 0; k < FK_COUNT; k++)
		if (name && !strcmp(finding_kind_name((enum finding_kind)k), name))
			return wording_finding_heading((enum finding_kind)k);
	return wording_finding_heading(FK_COUNT);
}

static const char *supplier_name(const struct config *cfg, const char *id, int *school)
{
	int k = id ? config_supplier_index(cfg, id) : -1;
	*school = k >= 0 && cfg->sup[k].is_school;
	return k >= 0 ? cfg->sup[k].name : "the supplier";
}

/* "acme-tickets row 12, ticket ACM-1; period 2026-09": a finding's evidence
 * as one line (empty when it has none). */
static char *evidence_text(const struct finding *f)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t e = 0; e < f->nev; e++) {
		const struct evidence_ref *r = &f->ev[e];
		struct strbuf one = STRBUF_INIT;
		if (r->feed)
			sb_puts(&one, r->feed);
		if (r->row)
			sb_printf(&one, "%srow %zu", one.len ? " " : "", r->row);
		if (r->ticket)
			sb_printf(&one, "%sticket %s", one.len ? ", " : "", r->ticket);
		if (r->period)
			sb_printf(&one, "%speriod %s", one.len ? ", " : "", r->period);
		if (one.len)
			sb_printf(&sb, "%s%s", sb.len ? "; " : "", one.buf);
		sb_release(&one);
	}
	return sb.buf ? sb_detach(&sb) : xstrdup("");
}

/* ---- HTML ------------------------------------------------------------- */

#define esc report_html_esc

static const char pack_css[] =
	"@page{size:A4;margin:12mm 12mm 14mm 12mm}\n"
	".term-intro{margin:.6rem 0 0}\n"
	".kind{font-weight:400;color:#5b6470;font-size:.8rem}\n"
	"td.acts{font-size:.8rem;color:#3b4450}\n"
	"@media print{\n"
	" html{font-size:9pt}\n"
	" h2{margin-top:1.1rem}\n"
	" .finding{padding:.35rem .7rem;margin:.35rem 0}\n"
	" section.slas,section.term-functions{break-before:page}\n"
	"}\n";

/* "Ask SUPPLIER: question" (or the school's own wording), as a paragraph. */
static void ask_para(struct strbuf *sb, int school, const char *who, const char *question)
{
	sb_puts(sb, "<p class=\"ask\"><strong>");
	esc(sb, wording_ask(school));
	if (!school) {
		sb_putc(sb, ' ');
		esc(sb, who);
	}
	sb_puts(sb, ":</strong> ");
	esc(sb, question);
	sb_puts(sb, "</p>\n");
}

/* A finding listed by a pack section: its heading with the kind's name,
 * what happened, the question and the evidence behind it. */
static void html_finding(struct strbuf *sb, const struct config *cfg, const struct finding *f)
{
	const char *cls = f->red ? "red" : "amber";
	int school;
	const char *who = supplier_name(cfg, f->supplier, &school);
	sb_printf(sb, "<article class=\"finding %s\">\n<h3><span class=\"tag %s\">%s</span>",
		  cls, cls, f->red ? "! Urgent" : "! Follow up");
	esc(sb, wording_finding_heading(f->kind));
	sb_puts(sb, " <span class=\"kind\">(");
	esc(sb, finding_kind_name(f->kind));
	sb_puts(sb, ")</span></h3>\n<p>");
	esc(sb, f->message);
	sb_puts(sb, "</p>\n");
	ask_para(sb, school, who, f->question);
	sb_puts(sb, "<p class=\"ref\">");
	char *evt = evidence_text(f);
	if (*evt) {
		sb_puts(sb, "Evidence: ");
		esc(sb, evt);
		sb_puts(sb, " &middot; ");
	}
	free(evt);
	sb_puts(sb, "Reference: ");
	esc(sb, f->subject);
	sb_puts(sb, " &middot; ");
	esc(sb, f->id);
	sb_puts(sb, "</p>\n</article>\n");
}

/* A section listing the findings of some kinds, or a sentence when none. */
static void html_kinds(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev,
		       const char *cls, const char *title, const char *intro,
		       const char *const *kinds, const char *none)
{
	report_html_section(sb, cls, title, intro);
	size_t n = 0;
	for (size_t i = 0; i < ev->findings.n; i++)
		if (kind_in(&ev->findings.v[i], kinds)) {
			html_finding(sb, cfg, &ev->findings.v[i]);
			n++;
		}
	/* no all-clear from data that was not read, and no list that looks
	 * whole when part of the data was not read */
	if (!n || evaluate_unchecked(ev)) {
		sb_puts(sb, "<p>");
		if (!n)
			esc(sb, none);
		if (evaluate_unchecked(ev)) {
			if (!n)
				sb_putc(sb, ' ');
			esc(sb, wording_term_note(WT_NOT_ALL_READ));
		}
		sb_puts(sb, "</p>\n");
	}
	sb_puts(sb, "</section>\n");
}

static void credits_section(struct strbuf *sb, const struct config *cfg,
			    const struct evaluation *ev)
{
	html_kinds(sb, cfg, ev, "term-credits", "Service credits",
		   wording_term_note(WT_CREDITS_INTRO), credit_kinds,
		   wording_term_note(WT_NO_CREDITS));
}

static void claims_section(struct strbuf *sb, const struct config *cfg,
			   const struct evaluation *ev)
{
	html_kinds(sb, cfg, ev, "term-claims", "The supplier's own figures, checked",
		   wording_term_note(WT_CLAIMS_INTRO), claim_kinds,
		   wording_term_note(WT_NO_CLAIMS));
}

static void signals_section(struct strbuf *sb, const struct config *cfg,
			    const struct evaluation *ev)
{
	html_kinds(sb, cfg, ev, "term-signals", "Signs that records were changed",
		   wording_term_note(WT_SIGNALS_INTRO), signal_kinds,
		   wording_term_note(WT_NO_SIGNALS));
}

/* A function's share of periods done ("92%"), or "-" when none was judged. */
static void fn_share(const struct funcresult *fr, char *p, size_t size)
{
	if (fr->periods)
		timefmt_percent(p, size, fr->done, fr->periods);
	else
		snprintf(p, size, "-");
}

/* Per FITS OM function (evaluate.h's funcresult): its title, who answers
 * for it, the periods due and done, and each of its activities. */
static void functions_section(struct strbuf *sb, const struct config *cfg,
			      const struct evaluation *ev)
{
	report_html_section(sb, "term-functions", "This term, function by function",
			    wording_term_note(WT_FN_INTRO));
	if (!ev->nfn) {
		sb_puts(sb, "<p>");
		esc(sb, wording_report_note(WN_NO_FUNCTIONS));
		sb_puts(sb, "</p>\n</section>\n");
		return;
	}
	sb_puts(sb, "<table>\n<thead><tr><th>Function</th><th>Responsible</th>"
		"<th class=\"num\">Due</th><th class=\"num\">Done</th><th class=\"num\">Missed</th>"
		"<th class=\"num\">Share</th><th class=\"num\">Log lines</th></tr></thead>\n"
		"<tbody>\n");
	for (size_t i = 0; i < ev->nfn; i++) {
		const struct funcresult *fr = &ev->fn[i];
		const struct function *fn = config_function(cfg, fr->function);
		char p[24];
		fn_share(fr, p, sizeof(p));
		sb_puts(sb, "<tr><td><strong>");
		esc(sb, fn ? fn->title : fr->function);
		sb_puts(sb, "</strong>");
		/* its activities, "Backup check 35 of 37" */
		struct strbuf acts = STRBUF_INIT;
		for (size_t a = 0; a < cfg->nact; a++) {
			const struct activity *ac = &cfg->act[a];
			if (!ac->function || strcmp(ac->function, fr->function) ||
			    ac->supplier != fr->sup)
				continue;
			size_t done = ev->act[a].done, judged = done + ev->act[a].missed;
			if (!judged)
				continue;
			if (acts.len)
				sb_puts(&acts, "; ");
			sb_printf(&acts, "%s %zu of %zu", ac->title, done, judged);
		}
		if (!fr->periods)   /* why nothing was measured */
			sb_puts(&acts, wording_report_note(config_sends_log(cfg, fr->sup) ? WN_FN_NOT_CHECKED
							   : WN_FN_NO_LOG));
		if (acts.len) {
			sb_puts(sb, "<br><span class=\"small\">");
			esc(sb, acts.buf);
			sb_puts(sb, "</span>");
		}
		sb_release(&acts);
		sb_puts(sb, "</td><td>");
		esc(sb, cfg->sup[fr->sup].name);
		sb_printf(sb, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
			  "<td class=\"num\">%zu</td><td class=\"num\"><strong>%s</strong></td>"
			  "<td class=\"num\">%zu</td></tr>\n", fr->periods, fr->done,
			  fr->periods - fr->done, p, fr->evidence_rows);
	}
	sb_puts(sb, "</tbody>\n</table>\n</section>\n");
}

static void questions_section(struct strbuf *sb, const struct config *cfg,
			      const struct term_pack *tp)
{
	report_html_section(sb, "term-questions", "Last term's open questions",
			    wording_term_note(WT_QUESTIONS_INTRO));
	const char *none = !tp->term->has_prev ? wording_term_note(WT_FIRST_TERM)
			   : !tp->history ? wording_term_note(WT_NO_HISTORY)
			   : !tp->nquestions ? wording_term_note(WT_NO_QUESTIONS) : NULL;
	if (none) {
		sb_puts(sb, "<p>");
		esc(sb, none);
		sb_puts(sb, "</p>\n</section>\n");
		return;
	}
	for (size_t i = 0; i < tp->nquestions; i++) {
		const struct store_finding_rec *q = &tp->questions[i];
		int red = q->severity && !strcmp(q->severity, "red");
		const char *cls = red ? "red" : "amber";
		int school;
		const char *who = supplier_name(cfg, q->supplier, &school);
		sb_printf(sb, "<article class=\"finding %s question\">\n<h3><span class=\"tag %s\">"
			  "%s</span>", cls, cls, red ? "! Urgent" : "! Follow up");
		esc(sb, kind_heading(q->kind));
		sb_puts(sb, "</h3>\n<p>");
		esc(sb, q->message);
		sb_puts(sb, "</p>\n");
		ask_para(sb, school, who, q->question);
		sb_puts(sb, "<p class=\"ref\"><strong class=\"seen\">");
		char *seen = wording_term_first_seen(tz_day_of(cfg->tz, q->first_seen));
		esc(sb, seen);
		free(seen);
		sb_puts(sb, "</strong> Reference: ");
		esc(sb, q->subject);
		sb_puts(sb, " &middot; ");
		esc(sb, q->id);
		sb_puts(sb, "</p>\n</article>\n");
	}
	sb_puts(sb, "</section>\n");
}

static char *render_html(const struct config *cfg, const struct dataset *ds,
			 const struct evaluation *ev, const struct term_pack *tp)
{
	const struct term *t = tp->term;
	char *label = wording_term_label(t->index, t->count, t->first_day, t->end_day);
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	sb_puts(&before, "<p class=\"intro term-intro\">");
	esc(&before, wording_term_note(WT_INTRO));
	sb_puts(&before, "</p>\n");
	functions_section(&after, cfg, ev);
	credits_section(&after, cfg, ev);
	claims_section(&after, cfg, ev);
	signals_section(&after, cfg, ev);
	questions_section(&after, cfg, tp);
	/* credits, claims and signals are told once, in the pack's sections,
	 * and late calls in the report's table of them */
	unsigned long long below = 1ull << FK_TICKET_BREACHED;
	for (int k = 0; k < FK_COUNT; k++) {
		struct finding f = { .kind = (enum finding_kind)k };
		if (kind_in(&f, credit_kinds) || kind_in(&f, claim_kinds) || kind_in(&f, signal_kinds))
			below |= 1ull << k;
	}
	struct report_html_extra x = { .heading = "Termly review pack", .period = label,
				       .css = pack_css, .before = before.buf, .after = after.buf,
				       .told_below = below,
				       .told_below_note = wording_term_note(WT_TOLD_BELOW) };
	char *page = report_html_page(cfg, ds, ev, &x);
	sb_release(&before);
	sb_release(&after);
	free(label);
	return page;
}

/* ---- JSON ------------------------------------------------------------- */

static void json_date(struct json *j, const char *key, int64_t day)
{
	char b[16];
	civil_format_date(day, b, sizeof(b));
	json_str(j, key, b);
}

struct json_ctx {
	const struct config *cfg;
	const struct evaluation *ev;
	const struct term_pack *tp;
};

/* "term" and "open_questions" (null when not known: before the first run) */
static void json_more(struct json *j, const void *ctx)
{
	const struct json_ctx *c = ctx;
	const struct term *t = c->tp->term;
	json_object(j, "term");
	json_str(j, "calendar", cal_name(t->cal));
	json_int(j, "number", (int64_t)t->index + 1);
	json_int(j, "of", (int64_t)t->count);
	json_date(j, "first_day", t->first_day);
	json_date(j, "last_day", t->end_day - 1);
	if (t->has_prev) {
		json_object(j, "previous");
		json_date(j, "first_day", t->prev_first_day);
		json_date(j, "last_day", t->prev_end_day - 1);
		json_end_object(j);
	} else {
		json_null(j, "previous");
	}
	json_end_object(j);
	/* how many findings each of the pack's finding sections lists */
	json_object(j, "sections");
	json_int(j, "credits", (int64_t)count_kinds(c->ev, credit_kinds));
	json_int(j, "claims", (int64_t)count_kinds(c->ev, claim_kinds));
	json_int(j, "signals", (int64_t)count_kinds(c->ev, signal_kinds));
	json_end_object(j);
	if (!c->tp->history && t->has_prev) {
		json_null(j, "open_questions");
		return;
	}
	json_array(j, "open_questions");
	for (size_t i = 0; i < c->tp->nquestions; i++) {
		const struct store_finding_rec *q = &c->tp->questions[i];
		char b[32];
		json_object(j, NULL);
		json_str(j, "id", q->id);
		json_str(j, "kind", q->kind);
		json_str(j, "severity", q->severity);
		json_str(j, "supplier", q->supplier);
		json_str(j, "subject", q->subject);
		json_str(j, "message", q->message);
		json_str(j, "question", q->question);
		timefmt_utc(q->first_seen, b, sizeof(b));
		json_str(j, "first_seen", b);
		json_date(j, "first_seen_day", tz_day_of(c->cfg->tz, q->first_seen));
		json_end_object(j);
	}
	json_end_array(j);
}

/* ---- text ------------------------------------------------------------- */

static void text_kinds(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev,
		       const char *title, const char *intro, const char *const *kinds,
		       const char *none)
{
	sb_printf(sb, "\n%s\n", title);
	report_text_wrap(sb, "  ", "  ", intro);
	size_t n = 0;
	for (size_t i = 0; i < ev->findings.n; i++) {
		const struct finding *f = &ev->findings.v[i];
		if (!kind_in(f, kinds))
			continue;
		char *head = xasprintf("  %s %s (%s): ", f->red ? "[RED]" : "[AMBER]",
				       wording_finding_heading(f->kind), finding_kind_name(f->kind));
		report_text_wrap(sb, head, "      ", f->message);
		free(head);
		char *ask = report_text_ask(cfg, f);
		report_text_wrap(sb, "      ", "      ", ask);
		free(ask);
		char *evt = evidence_text(f);
		char *ref = *evt ? xasprintf("Evidence: %s. Reference: %s (%s)", evt, f->subject,
					     f->id)
				 : xasprintf("Reference: %s (%s)", f->subject, f->id);
		report_text_wrap(sb, "      ", "      ", ref);
		free(ref);
		free(evt);
		n++;
	}
	if (!n || evaluate_unchecked(ev)) {
		const char *unread = evaluate_unchecked(ev) ? wording_term_note(WT_NOT_ALL_READ) : "";
		char *line = xasprintf("%s%s%s", n ? "" : none, !n && *unread ? " " : "", unread);
		report_text_wrap(sb, "  ", "  ", line);
		free(line);
	}
}

static void text_sections(struct strbuf *sb, const struct config *cfg,
			  const struct evaluation *ev, const struct term_pack *tp)
{
	sb_puts(sb, "\nTHIS TERM, FUNCTION BY FUNCTION\n");
	report_text_wrap(sb, "  ", "  ", wording_term_note(WT_FN_INTRO));
	for (size_t i = 0; i < ev->nfn; i++) {
		const struct funcresult *fr = &ev->fn[i];
		const struct function *fn = config_function(cfg, fr->function);
		char p[24];
		fn_share(fr, p, sizeof(p));
		char *line = fr->periods ?
			xasprintf("%s (%s): %zu due, %zu done, %zu missed (%s)",
				  fn ? fn->title : fr->function, cfg->sup[fr->sup].name, fr->periods,
				  fr->done, fr->periods - fr->done, p) :
			xasprintf("%s (%s): %s", fn ? fn->title : fr->function,
				  cfg->sup[fr->sup].name, wording_report_note(config_sends_log(cfg, fr->sup) ?
					WN_FN_NOT_CHECKED : WN_FN_NO_LOG));
		report_text_wrap(sb, "  ", "    ", line);
		free(line);
	}
	/* the credits' and the claim audit's own tables are in the report above */
	text_kinds(sb, cfg, ev, "SERVICE CREDITS", wording_term_note(WT_CREDITS_INTRO),
		   credit_kinds, wording_term_note(WT_NO_CREDITS));
	text_kinds(sb, cfg, ev, "THE SUPPLIER'S OWN FIGURES, CHECKED",
		   wording_term_note(WT_CLAIMS_INTRO), claim_kinds, wording_term_note(WT_NO_CLAIMS));
	text_kinds(sb, cfg, ev, "SIGNS THAT RECORDS WERE CHANGED",
		   wording_term_note(WT_SIGNALS_INTRO), signal_kinds,
		   wording_term_note(WT_NO_SIGNALS));
	sb_puts(sb, "\nLAST TERM'S OPEN QUESTIONS\n");
	report_text_wrap(sb, "  ", "  ", wording_term_note(WT_QUESTIONS_INTRO));
	const char *none = !tp->term->has_prev ? wording_term_note(WT_FIRST_TERM)
			   : !tp->history ? wording_term_note(WT_NO_HISTORY)
			   : !tp->nquestions ? wording_term_note(WT_NO_QUESTIONS) : NULL;
	if (none)
		report_text_wrap(sb, "  ", "  ", none);
	for (size_t i = 0; i < tp->nquestions; i++) {
		const struct store_finding_rec *q = &tp->questions[i];
		int red = q->severity && !strcmp(q->severity, "red");
		char *head = xasprintf("  %s %s: ", red ? "[RED]" : "[AMBER]", kind_heading(q->kind));
		report_text_wrap(sb, head, "      ", q->message);
		free(head);
		int school;
		const char *who = supplier_name(cfg, q->supplier, &school);
		char *ask = xasprintf("%s%s%s: %s", wording_ask(school), school ? "" : " ",
				      school ? "" : who, q->question ? q->question : "");
		report_text_wrap(sb, "      ", "      ", ask);
		free(ask);
		char *seen = wording_term_first_seen(tz_day_of(cfg->tz, q->first_seen));
		char *ref = xasprintf("%s Reference: %s (%s)", seen, q->subject, q->id);
		report_text_wrap(sb, "      ", "      ", ref);
		free(ref);
		free(seen);
	}
}

/* The text report with the term's label on top and the pack's sections
 * before its glossary (which it ends with). */
static char *render_text(const struct config *cfg, const struct dataset *ds,
			 const struct evaluation *ev, const struct term_pack *tp)
{
	const struct term *t = tp->term;
	struct strbuf sb = STRBUF_INIT, foot = STRBUF_INIT;
	char *label = wording_term_label(t->index, t->count, t->first_day, t->end_day);
	sb_printf(&sb, "TERMLY REVIEW PACK\n%s\n", label);
	report_text_wrap(&sb, "", "", wording_term_note(WT_INTRO));
	sb_putc(&sb, '\n');
	free(label);
	char *body = report_text.render(cfg, ds, ev);
	report_text_footer(&foot);
	size_t n = strlen(body);
	int ends = foot.len <= n && !strcmp(body + n - foot.len, foot.buf);
	sb_add(&sb, body, ends ? n - foot.len : n);
	text_sections(&sb, cfg, ev, tp);
	if (ends)
		sb_puts(&sb, foot.buf);
	free(body);
	sb_release(&foot);
	return sb_detach(&sb);
}

char *report_term_render(const char *format, const struct config *cfg, const struct dataset *ds,
			 const struct evaluation *ev, const struct term_pack *tp)
{
	if (!strcmp(format, "html"))
		return render_html(cfg, ds, ev, tp);
	if (!strcmp(format, "json")) {
		struct json_ctx c = { cfg, ev, tp };
		return report_json_render(cfg, ds, ev, json_more, &c);
	}
	if (!strcmp(format, "text"))
		return render_text(cfg, ds, ev, tp);
	return NULL;
}
