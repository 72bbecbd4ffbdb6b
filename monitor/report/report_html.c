/*
 * report_html — the report as one self-contained HTML5 page for the
 * school contact: a header, a traffic-light summary with the verdict, the
 * findings (red, then amber) with the question to ask, what went well,
 * then the figures (service levels with a weekly SVG chart, FITS OM
 * function bars, late calls, missed work, on-site hours, data received)
 * and what the words mean.
 *
 * The page has inline CSS and inline SVG only: no scripts, fonts, images
 * or links, so it can be mailed, saved and printed as it is.  It prints on
 * A4; colours are always paired with a word or a mark (✓, !) so that a
 * black-and-white copy still says the same.  Every string that comes from
 * the config or the data is escaped (esc()); the sentences come from
 * wording.c, and only headings and column labels live here.
 */
#include "report.h"
#include "report_html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "claims.h"
#include "clock.h"
#include "config.h"
#include "credits.h"
#include "dataset.h"
#include "evaluate.h"
#include "findgroup.h"
#include "finding.h"
#include "timefmt.h"
#include "trends.h"
#include "util.h"
#include "went_well.h"
#include "wording.h"

/* The weekly chart covers this many ISO weeks up to the report's end. */
#define CHART_WEEKS EVALUATE_WEEKS

/* ---- escaping -------------------------------------------------------- */

/*
 * Write s as HTML text (safe in element content and in quoted attribute
 * values, and as XML inside SVG): & < > " ' become references, control
 * characters other than tab and newline and invalid UTF-8 become U+FFFD.
 * NULL writes nothing.
 */
void report_html_esc(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	while (n) {
		unsigned char c = *p;
		size_t len = 1;
		switch (c) {
		case '&': sb_puts(sb, "&amp;"); break;
		case '<': sb_puts(sb, "&lt;"); break;
		case '>': sb_puts(sb, "&gt;"); break;
		case '"': sb_puts(sb, "&quot;"); break;
		case '\'': sb_puts(sb, "&#39;"); break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
				sb_puts(sb, "\xEF\xBF\xBD");
			} else if (c >= 0x80) {
				len = utf8_seq_len(p, n);
				if (len)
					sb_add(sb, (const char *)p, len);
				else {
					sb_puts(sb, "\xEF\xBF\xBD");
					len = 1;
				}
			} else {
				sb_putc(sb, (char)c);
			}
		}
		p += len;
		n -= len;
	}
}

/* this file's short names for what report_html.h exports */
#define esc report_html_esc

/* esc() of a formatted string. */
static void escf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void escf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	esc(sb, s);
	free(s);
}

/* open + esc(text) + close: "<td>" "x &amp; y" "</td>". */
static void wrapped(struct strbuf *sb, const char *open, const char *text, const char *close)
{
	sb_puts(sb, open);
	esc(sb, text);
	sb_puts(sb, close);
}

/* The same, taking ownership of a new string (the wording_* results). */
static void wrapped_free(struct strbuf *sb, const char *open, char *text, const char *close)
{
	wrapped(sb, open, text, close);
	free(text);
}

/* ---- small formatting helpers ---------------------------------------- */

/* "95%", "92.5%" from parts per million. */
static void ppm_pct(char *buf, size_t size, int32_t ppm)
{
	int32_t tenths = (ppm + 500) / 1000;
	if (tenths % 10)
		snprintf(buf, size, "%d.%d%%", tenths / 10, tenths % 10);
	else
		snprintf(buf, size, "%d%%", tenths / 10);
}

/* "7 Sep" from a day number. */
static void day_month(char *buf, size_t size, int64_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%d %s", d, civil_month_name(m));
}

static const char *supplier_name(const struct config *cfg, const char *id)
{
	int k = id ? config_supplier_index(cfg, id) : -1;
	return k >= 0 ? cfg->sup[k].name : "the supplier";
}

/* A section heading and, when given, the sentence that introduces it. */
void report_html_section(struct strbuf *sb, const char *cls, const char *title,
			 const char *intro)
{
	sb_printf(sb, "<section class=\"%s\">\n<h2>", cls);
	esc(sb, title);
	sb_puts(sb, "</h2>\n");
	if (intro)
		wrapped(sb, "<p class=\"intro\">", intro, "</p>\n");
}

#define section report_html_section

/* ---- the page's head and style --------------------------------------- */

static const char style[] =
	"@page{size:A4;margin:15mm 14mm 17mm 14mm}\n"
	"html{font-family:\"Segoe UI\",Calibri,Arial,\"Liberation Sans\",\"DejaVu Sans\","
	"sans-serif;font-size:15px;line-height:1.45;color:#1b1f24;background:#fff}\n"
	"body{margin:0}\n"
	"main{max-width:58rem;margin:0 auto;padding:1.5rem 1.5rem 2.5rem}\n"
	"header{border-bottom:3px solid #1f3a5f;padding-bottom:.6rem;margin-bottom:1rem}\n"
	"h1{font-size:1.05rem;font-weight:600;color:#4a5563;margin:0;text-transform:uppercase;"
	"letter-spacing:.06em}\n"
	".school{font-size:1.7rem;font-weight:700;color:#1f3a5f;margin:.1rem 0 .2rem;"
	"line-height:1.2}\n"
	".meta{margin:.1rem 0;color:#3b4450}\n"
	"h2{font-size:1.2rem;color:#1f3a5f;border-bottom:1px solid #c9d1db;"
	"padding-bottom:.2rem;margin:1.8rem 0 .5rem;break-after:avoid}\n"
	"h3{font-size:1rem;margin:0 0 .3rem}\n"
	"p{margin:.3rem 0}\n"
	".intro{color:#3b4450;margin-bottom:.5rem;break-after:avoid}\n"
	".verdict{font-size:1.2rem;font-weight:700;margin:.6rem 0 .4rem}\n"
	".lights{display:flex;gap:.75rem;margin:.4rem 0 .3rem}\n"
	".light{flex:1;border:2px solid;border-left-width:12px;border-radius:6px;"
	"padding:.45rem .8rem;break-inside:avoid}\n"
	".light .n{display:block;font-size:2rem;font-weight:700;line-height:1.1}\n"
	".light .w{font-weight:600}\n"
	".red{border-color:#b3261e}.amber{border-color:#c77c00}.green{border-color:#2e7d32}\n"
	".light.red{background:#fcebea}.light.amber{background:#fff3df}"
	".light.green{background:#e8f4e9}\n"
	".mark{display:inline-block;min-width:1.1em;font-weight:700}\n"
	".tag{display:inline-block;font-size:.72rem;font-weight:700;letter-spacing:.05em;"
	"text-transform:uppercase;border:1.5px solid;border-radius:3px;padding:0 .35rem;"
	"margin-right:.45rem;vertical-align:1px}\n"
	".tag.red,.bad{color:#a1221b}.tag.amber,.warn{color:#8a5300}.tag.green,.good{color:#256b29}\n"
	".bad,.warn{font-weight:600}\n"
	".finding{border:1px solid #c9d1db;border-left:8px solid;border-radius:4px;"
	"padding:.55rem .9rem;margin:.55rem 0;break-inside:avoid}\n"
	".finding.red{border-left-color:#b3261e;border-left-style:double;border-left-width:9px}\n"
	".finding.amber{border-left-color:#d08a00}\n"
	".ask{margin:.45rem 0 0;padding:.35rem .65rem;background:#f2f4f7;"
	"border-left:3px solid #1f3a5f}\n"
	".ref{font-size:.78rem;color:#5b6470;margin:.35rem 0 0}\n"
	"ul.well{padding-left:0;list-style:none}\n"
	"ul.well li{margin:.25rem 0;display:flex;gap:.55rem}\n"
	"table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.3rem 0 .6rem}\n"
	"th,td{text-align:left;vertical-align:top;padding:.28rem .45rem;"
	"border-bottom:1px solid #d5dbe2}\n"
	"th{background:#eef1f5;border-bottom:2px solid #8e99a6;font-weight:600}\n"
	"td.num,th.num{text-align:right;white-space:nowrap}\n"
	"td.nw{white-space:nowrap}\n"
	".small{font-size:.8rem;color:#5b6470}\n"
	"tr{break-inside:avoid}\n"
	"thead{display:table-header-group}\n"
	"svg.bar{display:block;width:100%;height:14px}\n"
	"td.barcell{width:38%}\n"
	"figure{margin:.4rem 0 .8rem;break-inside:avoid}\n"
	"figure svg{display:block;width:100%;height:auto}\n"
	"footer{margin-top:2rem;font-size:.88rem;color:#3b4450}\n"
	"dl{margin:.3rem 0}dt{font-weight:600;margin-top:.5rem}dd{margin:0}\n"
	"@media print{\n"
	" html{font-size:10pt}\n"
	" main{max-width:none;padding:0}\n"
	" .light,.ask,th{background:none}\n"
	" .finding,.light,tr,figure,li,dd{break-inside:avoid}\n"
	" h2,h3{break-after:avoid}\n"
	" section.findings{break-before:auto}\n"
	"}\n";

static void head(struct strbuf *sb, const struct config *cfg, const char *period,
		 const struct report_html_extra *x)
{
	sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"fitsmon\">\n<title>");
	escf(sb, "%s: %s, %s", x && x->heading ? x->heading : "ICT support report", cfg->school,
	     period);
	sb_puts(sb, "</title>\n<style>\n");
	sb_puts(sb, style);
	if (x && x->css)
		sb_puts(sb, x->css);
	sb_puts(sb, "</style>\n</head>\n<body>\n<main>\n");
}

/* ---- header and summary ---------------------------------------------- */

/* "Mon 24 Aug to Sat 28 Nov 2026", with both years when they differ. */
static void period_words(char *buf, size_t size, int64_t from_day, int64_t to_day)
{
	char a[32], b[32];
	int y1, y2, m, d;
	civil_format_short(from_day, a, sizeof(a));
	civil_format_short(to_day - 1, b, sizeof(b));
	civil_from_days(from_day, &y1, &m, &d);
	civil_from_days(to_day - 1, &y2, &m, &d);
	if (y1 != y2)
		snprintf(buf, size, "%s %d to %s %d", a, y1, b, y2);
	else
		snprintf(buf, size, "%s to %s %d", a, b, y2);
}

static void header(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev,
		   const char *period, const struct report_html_extra *x)
{
	char now[64];
	timefmt_local_short(cfg->tz, ev->now, now, sizeof(now));
	wrapped(sb, "<header>\n<h1>", x && x->heading ? x->heading : "ICT support report",
		"</h1>\n");
	wrapped(sb, "<p class=\"school\">", cfg->school, "</p>\n");
	sb_puts(sb, "<p class=\"meta\"><strong>Period:</strong> ");
	esc(sb, period);
	sb_puts(sb, " &middot; <strong>Checked:</strong> ");
	esc(sb, now);
	sb_puts(sb, "</p>\n");
	size_t nsup = 0;
	for (size_t s = 0; s < cfg->nsup; s++)
		nsup += !cfg->sup[s].is_school;
	if (nsup) {
		sb_printf(sb, "<p class=\"meta\"><strong>Supplier%s:</strong> ",
			  nsup == 1 ? "" : "s");
		size_t k = 0;
		for (size_t s = 0; s < cfg->nsup; s++) {
			if (cfg->sup[s].is_school)
				continue;
			if (k++)
				sb_puts(sb, ", ");
			esc(sb, cfg->sup[s].name);
		}
		sb_puts(sb, "</p>\n");
	}
	if (cfg->contact && *cfg->contact)
		wrapped(sb, "<p class=\"meta\"><strong>Prepared for:</strong> ", cfg->contact,
			"</p>\n");
	sb_puts(sb, "</header>\n");
}

/* A growable list of owned strings. */
struct lines {
	char **v;
	size_t n, cap;
};

static void lines_add(struct lines *l, char *s)
{
	VEC_GROW(l->v, l->n, l->cap, l->n + 1);
	l->v[l->n++] = s;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/*
 * What went well, one sentence each: service levels within target,
 * activities done every time they were due, suppliers who worked every
 * contracted on-site hour.  Their count is the summary's green number.
 */
static void well_items(const struct config *cfg, const struct evaluation *ev, struct lines *out)
{
	size_t n;
	char **line = went_well(cfg, ev, &n);
	for (size_t i = 0; i < n; i++)
		lines_add(out, line[i]);
	free(line);   /* the lines now belong to out */
}

static void light(struct strbuf *sb, const char *cls, const char *mark, size_t n,
		  const char *word)
{
	sb_printf(sb, "<div class=\"light %s\"><span class=\"n\"><span class=\"mark\">%s</span>"
		  "%zu</span><span class=\"w\">%s</span></div>\n", cls, mark, n, word);
}

static void summary(struct strbuf *sb, const struct evaluation *ev, size_t green)
{
	sb_puts(sb, "<section class=\"summary\" aria-label=\"Summary\">\n");
	wrapped_free(sb, "<p class=\"verdict\">", wording_report_verdict(ev->red, ev->amber, evaluate_unchecked(ev)),
		     "</p>\n");
	sb_puts(sb, "<div class=\"lights\">\n");
	light(sb, "red", "!", ev->red, "Urgent");
	light(sb, "amber", "!", ev->amber, "To follow up");
	light(sb, "green", "\xE2\x9C\x93", green, "Went well");
	sb_puts(sb, "</div>\n</section>\n");
}

/* ---- findings -------------------------------------------------------- */

/* One finding, or one group of them (findgroup.h): a severity tag and
 * heading, what happened, the question to ask its supplier, and the
 * references (subject and stable id of each) to quote. */
static void finding_block(struct strbuf *sb, const struct config *cfg,
			  const struct evaluation *ev, const struct findgroups *gs, size_t k)
{
	const struct findgroup *g = &gs->v[k];
	const struct finding *f = &ev->findings.v[g->member[0]];
	const char *cls = f->red ? "red" : "amber";
	sb_printf(sb, "<article class=\"finding %s\">\n<h3><span class=\"tag %s\">%s</span>",
		  cls, cls, f->red ? "! Urgent" : "! Follow up");
	esc(sb, wording_finding_heading(f->kind));
	sb_puts(sb, "</h3>\n");
	wrapped(sb, "<p>", findgroup_message(gs, k, &ev->findings), "</p>\n");
	int s = f->supplier ? config_supplier_index(cfg, f->supplier) : -1;
	int school = s >= 0 && cfg->sup[s].is_school;
	sb_puts(sb, "<p class=\"ask\"><strong>");
	esc(sb, wording_ask(school));
	if (!school) {
		sb_putc(sb, ' ');
		esc(sb, supplier_name(cfg, f->supplier));
	}
	sb_puts(sb, ":</strong> ");
	esc(sb, findgroup_question(gs, k, &ev->findings));
	sb_puts(sb, "</p>\n<p class=\"ref\">Reference: ");
	for (size_t i = 0; i < g->n; i++) {
		const struct finding *m = &ev->findings.v[g->member[i]];
		if (i)
			sb_puts(sb, "; ");
		esc(sb, m->subject);
		sb_puts(sb, " &middot; ");
		esc(sb, m->id);
	}
	sb_puts(sb, "</p>\n</article>\n");
}

/* Red findings, then amber, each in full (the page has no length limit);
 * findings of one activity told once with their dates. */
/* Is group k told here?  Not when the page tells its kind below (x). */
static int told_here(const struct evaluation *ev, const struct findgroups *gs, size_t k,
		     const struct report_html_extra *x)
{
	const struct finding *f = &ev->findings.v[gs->v[k].member[0]];
	return !x || !(x->told_below >> f->kind & 1);
}

static void findings(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev,
		     const struct findgroups *gs, const struct report_html_extra *x)
{
	size_t below = 0;
	for (int red = 1; red >= 0; red--) {
		size_t n = 0;
		for (size_t k = 0; k < gs->n; k++)
			if (gs->v[k].red == red) {
				if (told_here(ev, gs, k, x))
					n++;
				else
					below++;
			}
		if (!n)
			continue;
		section(sb, red ? "findings urgent" : "findings follow-up",
			red ? "Urgent: needs your attention now" : "To follow up with the supplier",
			NULL);
		for (size_t k = 0; k < gs->n; k++)
			if (gs->v[k].red == red && told_here(ev, gs, k, x))
				finding_block(sb, cfg, ev, gs, k);
		sb_puts(sb, "</section>\n");
	}
	if (below && x->told_below_note)
		wrapped(sb, "<p class=\"note\">", x->told_below_note, "</p>\n");
}

static void well_section(struct strbuf *sb, const struct lines *well)
{
	section(sb, "well", "What went well", NULL);
	if (!well->n)
		wrapped(sb, "<p>", wording_report_note(WN_NOTHING_WELL), "</p>\n");
	else {
		sb_puts(sb, "<ul class=\"well\">\n");
		for (size_t i = 0; i < well->n; i++)
			wrapped(sb, "<li><span class=\"mark good\">\xE2\x9C\x93</span> ",
				well->v[i], "</li>\n");
		sb_puts(sb, "</ul>\n");
	}
	sb_puts(sb, "</section>\n");
}

/* ---- service levels: table and weekly chart -------------------------- */

static void sla_table(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev)
{
	char a[64], b[64], p[24], t[24];
	sb_puts(sb, "<table>\n<thead><tr><th>Service level</th><th>Supplier</th>"
		"<th>Answer within</th><th>Fix within</th><th class=\"num\">Calls closed</th>"
		"<th class=\"num\">On time</th><th class=\"num\">Target</th><th>Result</th>"
		"<th class=\"num\">Still open</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct sla *s = &cfg->sla[k];
		const struct slaresult *r = &ev->sla[k];
		wording_work_time(s->respond, a, sizeof(a));
		wording_work_time(s->resolve, b, sizeof(b));
		timefmt_percent(p, sizeof(p), r->met, r->tickets);
		ppm_pct(t, sizeof(t), s->target_ppm);
		wrapped(sb, "<tr><td><strong>", s->id, "</strong></td>");
		wrapped(sb, "<td>", s->supplier >= 0 ? cfg->sup[s->supplier].name : "All suppliers",
			"</td>");
		wrapped(sb, "<td>", a, "</td>");
		wrapped(sb, "<td>", b, "</td>");
		sb_printf(sb, "<td class=\"num\">%zu</td>", r->tickets);
		if (r->tickets)
			wrapped(sb, "<td class=\"num\">", p, "</td>");
		else
			sb_puts(sb, "<td class=\"num\">-</td>");
		wrapped(sb, "<td class=\"num\">", t, "</td>");
		if (!r->has_compliance)
			sb_puts(sb, "<td>no calls closed</td>");
		else if (r->missed)
			sb_puts(sb, "<td class=\"bad nw\">! below target</td>");
		else
			sb_puts(sb, "<td class=\"good nw\">\xE2\x9C\x93 on target</td>");
		sb_printf(sb, "<td class=\"num\">%zu</td></tr>\n", r->running);
	}
	sb_puts(sb, "</tbody>\n</table>\n");
	if (ev->unmatched)
		wrapped_free(sb, "<p class=\"small\">", wording_report_unmatched(ev->unmatched),
			     "</p>\n");
}

/* Chart geometry, in SVG user units. */
#define CW 760.0          /* width */
#define CL 180.0          /* left edge of the plot area */
#define CR 14.0           /* right margin */
#define CTOP 46.0         /* top of the first panel (below the legend) */
#define PH 74.0           /* plot height of one panel */
#define PGAP 48.0         /* below a plot: the count row and the gap */

static double chart_x(int w)
{
	double step = (CW - CL - CR) / CHART_WEEKS;
	return CL + step * (w + 0.5);
}

static double chart_y(double top, double share)
{
	return top + PH * (1.0 - share);
}

/* A below-target marker: a hollow diamond centred on (x, y). */
static void diamond(struct strbuf *sb, double x, double y)
{
	sb_printf(sb, "<path d=\"M%.1f %.1fl5.5 5.5l-5.5 5.5l-5.5 -5.5z\" fill=\"#fff\" "
		  "stroke=\"#b3261e\" stroke-width=\"2\"", x, y - 5.5);
}

static void legend(struct strbuf *sb)
{
	sb_puts(sb, "<g class=\"legend\" font-size=\"12\" fill=\"#1b1f24\">\n");
	sb_printf(sb, "<line x1=\"%.0f\" y1=\"14\" x2=\"%.0f\" y2=\"14\" stroke=\"#1f4e79\" "
		  "stroke-width=\"2\"/><circle cx=\"%.0f\" cy=\"14\" r=\"4\" fill=\"#1f4e79\"/>"
		  "<text x=\"%.0f\" y=\"18\">on or above target</text>\n", CL, CL + 24, CL + 12,
		  CL + 30);
	diamond(sb, CL + 172, 14);
	sb_printf(sb, "/><text x=\"%.0f\" y=\"18\">below target</text>\n", CL + 182);
	sb_printf(sb, "<line x1=\"%.0f\" y1=\"14\" x2=\"%.0f\" y2=\"14\" stroke=\"#444\" "
		  "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"%.0f\" y=\"18\">"
		  "contract target</text>\n", CL + 282, CL + 312, CL + 318);
	sb_printf(sb, "<text x=\"%.0f\" y=\"34\" fill=\"#5b6470\">", CL);
	esc(sb, wording_report_note(WN_CHART_GAP));
	sb_puts(sb, "</text>\n");
	sb_puts(sb, "</g>\n");
}

/* One SLA's row of the chart: labels, grid, target, line with gaps, points. */
static void panel(struct strbuf *sb, const struct config *cfg, size_t k, double top,
		  int64_t first, const struct slaweek *pts)
{
	const struct sla *s = &cfg->sla[k];
	double target = s->target_ppm / 1e6;
	char t[24], d[32];
	ppm_pct(t, sizeof(t), s->target_ppm);
	sb_printf(sb, "<g class=\"panel\">\n<text x=\"0\" y=\"%.1f\" font-size=\"14\" "
		  "font-weight=\"700\">", top + 16);
	esc(sb, s->id);
	sb_printf(sb, "</text>\n<text x=\"0\" y=\"%.1f\" font-size=\"11\" fill=\"#3b4450\">"
		  "target %s</text>\n", top + 32, t);
	if (s->supplier >= 0) {
		sb_printf(sb, "<text x=\"0\" y=\"%.1f\" font-size=\"11\" fill=\"#5b6470\">",
			  top + 47);
		esc(sb, cfg->sup[s->supplier].name);
		sb_puts(sb, "</text>\n");
	}
	/* grid: 0%, 50%, 100% */
	for (int g = 0; g <= 2; g++) {
		double y = chart_y(top, g / 2.0);
		sb_printf(sb, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" "
			  "stroke=\"%s\" stroke-width=\"1\"/>"
			  "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
			  "fill=\"#5b6470\">%d%%</text>\n", CL, y, CW - CR, y,
			  g ? "#e1e5ea" : "#8e99a6", CL - 6, y + 3.5, g * 50);
	}
	double ty = chart_y(top, target);
	sb_printf(sb, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#444\" "
		  "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n", CL, ty, CW - CR, ty);
	/* the line, broken where a week had no closed calls */
	struct strbuf path = STRBUF_INIT;
	int prev = 0;
	for (int w = 0; w < CHART_WEEKS; w++) {
		const struct slaweek *pt = &pts[k * CHART_WEEKS + (size_t)w];
		if (!pt->has) {
			prev = 0;
			continue;
		}
		sb_printf(&path, "%s%.1f %.1f", prev ? " L" : (path.len ? " M" : "M"),
			  chart_x(w), chart_y(top, pt->compliance / 1e4));
		prev = 1;
	}
	if (path.len)
		sb_printf(sb, "<path d=\"%s\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2\" "
			  "stroke-linejoin=\"round\"/>\n", path.buf);
	sb_release(&path);
	/* points, each with a tooltip, and the count row */
	for (int w = 0; w < CHART_WEEKS; w++) {
		const struct slaweek *pt = &pts[k * CHART_WEEKS + (size_t)w];
		double x = chart_x(w);
		sb_printf(sb, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
			  "fill=\"#5b6470\">%zu</text>\n", x, top + PH + 19, pt->tickets);
		if (!pt->has)
			continue;
		double y = chart_y(top, pt->compliance / 1e4);
		int below = pt->compliance * 100 < s->target_ppm;
		if (below)
			diamond(sb, x, y);
		else
			sb_printf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f4e79\"", x, y);
		char p[24];
		timefmt_percent(p, sizeof(p), pt->met, pt->tickets);
		civil_format_short(first + 7 * w, d, sizeof(d));
		sb_puts(sb, "><title>");
		escf(sb, "%s, week starting %s: %zu of %zu on time (%s)", s->id, d, pt->met,
		     pt->tickets, p);
		sb_puts(sb, "</title></");
		sb_puts(sb, below ? "path>\n" : "circle>\n");
	}
	sb_printf(sb, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
		  "fill=\"#5b6470\">calls closed</text>\n", CL - 6, top + PH + 19);
	sb_puts(sb, "</g>\n");
}

static void chart(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev)
{
	const struct slaweek *pts = ev->week;
	int64_t first = ev->week_first;
	double height = CTOP + (double)cfg->nsla * (PH + PGAP) + 12;
	char d[32];

	sb_puts(sb, "<h3>Week by week: the last 12 weeks</h3>\n");
	wrapped(sb, "<p class=\"intro\">", wording_report_note(WN_CHART_INTRO), "</p>\n");
	sb_printf(sb, "<figure>\n<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
		  "role=\"img\" aria-labelledby=\"chart-title chart-desc\" "
		  "font-family=\"Segoe UI, Calibri, Arial, Liberation Sans, DejaVu Sans, "
		  "sans-serif\">\n<title id=\"chart-title\">Calls dealt with on time, week by "
		  "week</title>\n<desc id=\"chart-desc\">", CW, height, CW, height);
	wrapped_free(sb, "", wording_report_chart_desc(first, first + 7 * (CHART_WEEKS - 1),
						       CHART_WEEKS), "");
	for (size_t k = 0; k < cfg->nsla; k++) {
		size_t below = 0, weeks = 0;
		for (int w = 0; w < CHART_WEEKS; w++) {
			const struct slaweek *pt = &pts[k * CHART_WEEKS + (size_t)w];
			if (!pt->has)
				continue;
			weeks++;
			below += pt->compliance * 100 < cfg->sla[k].target_ppm;
		}
		wrapped_free(sb, " ", wording_report_chart_sla(cfg->sla[k].id, below, weeks), "");
	}
	sb_puts(sb, "</desc>\n");
	legend(sb);
	for (size_t k = 0; k < cfg->nsla; k++)
		panel(sb, cfg, k, CTOP + (double)k * (PH + PGAP), first, pts);
	/* the week axis */
	double ay = CTOP + (double)cfg->nsla * (PH + PGAP) - 6;
	sb_printf(sb, "<g font-size=\"11\" fill=\"#3b4450\">\n<text x=\"%.0f\" y=\"%.1f\" "
		  "text-anchor=\"end\">week starting</text>\n", CL - 6, ay);
	for (int w = 0; w < CHART_WEEKS; w++) {
		day_month(d, sizeof(d), first + 7 * w);
		sb_printf(sb, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
			  chart_x(w), ay, d);
	}
	sb_puts(sb, "</g>\n</svg>\n</figure>\n");
}

static void service_levels(struct strbuf *sb, const struct config *cfg,
			   const struct evaluation *ev)
{
	section(sb, "slas", "Service levels: calls answered and fixed in time",
		cfg->nsla ? wording_report_note(WN_SLA_INTRO) : NULL);
	if (!cfg->nsla)
		wrapped(sb, "<p>", wording_report_note(WN_NO_SLA), "</p>\n");
	else {
		sla_table(sb, cfg, ev);
		if (ev->week)   /* only when the caller asked for evaluate_weeks */
			chart(sb, cfg, ev);
	}
	sb_puts(sb, "</section>\n");
}

/* ---- trends ---------------------------------------------------------- */

/* Per SLA, this window beside the one before it (trends.h), in words;
 * only when the caller asked for evaluate_trends. */
static void trends(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev)
{
	if (!ev->trend || !cfg->nsla)
		return;
	char before[64];
	wording_trend_before(ev->trend_months, ev->from_day - ev->prev_from_day, before,
			     sizeof(before));
	section(sb, "trends", ev->trend_months ? "Compared with last month" :
		"Compared with the period before", NULL);
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct slatrend *c = &ev->trend[k], *p = &ev->trend[cfg->nsla + k];
		sb_puts(sb, "<h3>");
		escf(sb, "'%s' calls", cfg->sla[k].id);
		sb_puts(sb, "</h3>\n<ul>\n");
		char *t[4];
		t[0] = wording_trend_compliance(before, c->known, c->met, c->tickets, p->known,
						p->met, p->tickets);
		t[1] = wording_trend_time("answer", before, c->known, c->nrespond, c->respond_median,
					  c->respond_p90, p->known, p->nrespond, p->respond_median,
					  p->respond_p90);
		t[2] = wording_trend_time("fix", before, c->known, c->nfix, c->fix_median,
					  c->fix_p90, p->known, p->nfix, p->fix_median, p->fix_p90);
		t[3] = wording_trend_calls(before, c->known, c->opened, c->closed, c->open_at_end,
					   c->oldest_open, p->known, p->opened, p->closed,
					   p->open_at_end, p->oldest_open);
		for (int i = 0; i < 4; i++)
			if (t[i])
				wrapped_free(sb, "<li>", t[i], "</li>\n");
		sb_puts(sb, "</ul>\n");
	}
	sb_puts(sb, "</section>\n");
}

/* ---- the supplier's own figures (claims.h) ---------------------------- */

/* Per SLA whose feeds map column.sla_met: the supplier's verdicts beside
 * the clocks', and a table of the calls where they disagree. */
static void claims_section(struct strbuf *sb, const struct config *cfg,
			   const struct evaluation *ev)
{
	const struct claims *c = ev->claims;
	if (!claims_mapped(c))
		return;
	section(sb, "claims", "The supplier's own figures, checked",
		"The supplier's export says for each call whether it met the service level. "
		"Here is what it says beside what the contract's clock shows.");
	for (size_t k = 0; k < c->nsla; k++) {
		const struct claim *cl = &c->sla[k];
		if (!cl->mapped)
			continue;
		wrapped(sb, "<h3>", cfg->sla[k].id, "</h3>\n");
		if (cl->unknown) {
			sb_puts(sb, "<p>Not judged: the call log could not be read or is out of "
				"date.</p>\n");
			continue;
		}
		char *w = wording_claim_summary(cl->claimed, cl->claimed_met, cl->clock_met,
						cl->said_met, cl->said_late, cl->no_verdict);
		wrapped_free(sb, cl->mismatch ? "<p class=\"bad\">" : "<p>", w, "</p>\n");
		int table = 0;
		for (size_t i = 0; i < c->n; i++) {
			const struct claim_dispute *d = &c->v[i];
			if (d->sla != (int)k)
				continue;
			if (!table++)
				sb_puts(sb, "<table>\n<thead><tr><th>Call</th><th>Supplier says</th>"
					"<th>Contract's clock</th></tr></thead>\n<tbody>\n");
			wrapped(sb, "<tr><td>", ev->tk[d->tk].t->id, "</td>");
			sb_puts(sb, d->supplier_met ? "<td>met</td><td class=\"bad\">late</td></tr>\n"
				: "<td>missed</td><td class=\"good\">on time</td></tr>\n");
		}
		if (table)
			sb_puts(sb, "</tbody>\n</table>\n");
	}
	sb_puts(sb, "</section>\n");
}

/* ---- FITS OM functions ----------------------------------------------- */

static void functions(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev)
{
	section(sb, "functions", "Regular work, by FITS OM function",
		ev->nfn ? wording_report_note(WN_FN_INTRO) : NULL);
	if (!ev->nfn) {
		wrapped(sb, "<p>", wording_report_note(WN_NO_FUNCTIONS), "</p>\n</section>\n");
		return;
	}
	sb_puts(sb, "<table>\n<thead><tr><th>Function</th><th>Responsible</th>"
		"<th>Done when due</th><th class=\"num\">Share</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < ev->nfn; i++) {
		const struct funcresult *fr = &ev->fn[i];
		const struct function *fn = config_function(cfg, fr->function);
		char p[24];
		timefmt_percent(p, sizeof(p), fr->done, fr->periods);
		wrapped(sb, "<tr><td>", fn ? fn->title : fr->function, "</td>");
		wrapped(sb, "<td>", cfg->sup[fr->sup].name, "</td>");
		if (!fr->periods) {
			wrapped(sb, "<td class=\"barcell\">", wording_report_note(
					config_sends_log(cfg, fr->sup) ? WN_FN_NOT_CHECKED : WN_FN_NO_LOG),
				"</td><td class=\"num\">-</td></tr>\n");
			continue;
		}
		double w = 200.0 * (double)fr->done / (double)fr->periods;
		sb_printf(sb, "<td class=\"barcell\"><svg class=\"bar\" viewBox=\"0 0 200 14\" "
			  "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"%s done\">"
			  "<rect x=\"0.5\" y=\"0.5\" width=\"199\" height=\"13\" fill=\"#eef1f5\" "
			  "stroke=\"#8e99a6\"/><rect x=\"0\" y=\"0\" width=\"%.1f\" height=\"14\" "
			  "fill=\"#1f4e79\"/></svg></td>", p, w);
		sb_printf(sb, "<td class=\"num\"><strong>%s</strong> <span class=\"small\">"
			  "(%zu of %zu)</span></td></tr>\n", p, fr->done, fr->periods);
	}
	sb_puts(sb, "</tbody>\n</table>\n</section>\n");
}

/* ---- late calls ------------------------------------------------------ */

static int by_opened(const void *a, const void *b)
{
	const struct tresult *x = *(const struct tresult *const *)a;
	const struct tresult *y = *(const struct tresult *const *)b;
	if (x->t->opened != y->t->opened)
		return x->t->opened < y->t->opened ? -1 : 1;
	return strcmp(x->t->id, y->t->id);
}

/* One clock's part of a late call's row: "Fix", "29 hours (so far)", "24 hours". */
static void clock_cells(struct strbuf *which, struct strbuf *took, struct strbuf *allowed,
			const char *name, const struct clock *c)
{
	char el[64], tg[64];
	wording_work_time(c->elapsed, el, sizeof(el));
	wording_work_time(c->target, tg, sizeof(tg));
	if (which->len) {
		sb_puts(which, "<br>");
		sb_puts(took, "<br>");
		sb_puts(allowed, "<br>");
	}
	sb_puts(which, name);
	if (!c->stopped)
		sb_puts(which, " <span class=\"small\">(still open)</span>");
	esc(took, el);
	if (!c->stopped)
		sb_puts(took, " so far");
	esc(allowed, tg);
}

/* Every window ticket with a breached clock, oldest first; a ticket late to
 * be both answered and fixed shows both clocks in one row.  A call waiting
 * on the school at now is not a late call (its finding says so). */
static void late_calls(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev)
{
	section(sb, "late", "Late calls", wording_report_note(WN_LATE_INTRO));
	const struct tresult **late = xcalloc(ev->ntk ? ev->ntk : 1, sizeof(*late));
	size_t n = 0;
	for (size_t i = 0; i < ev->ntk; i++)
		if ((ev->tk[i].response.status == CLOCK_BREACHED ||
		     ev->tk[i].resolution.status == CLOCK_BREACHED) && !ev->tk[i].waiting)
			late[n++] = &ev->tk[i];
	if (!n) {
		wrapped(sb, "<p>", wording_report_note(WN_NO_LATE), "</p>\n</section>\n");
		free(late);
		return;
	}
	qsort(late, n, sizeof(*late), by_opened);
	sb_puts(sb, "<table>\n<thead><tr><th>Call</th><th>What it was about</th>"
		"<th>Service level</th><th>Logged</th><th>Late to</th><th>Took</th>"
		"<th>Allowed</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct tresult *r = late[i];
		char when[64];
		timefmt_local_short(cfg->tz, r->t->opened, when, sizeof(when));
		struct strbuf which = STRBUF_INIT, took = STRBUF_INIT, allowed = STRBUF_INIT;
		if (r->response.status == CLOCK_BREACHED)
			clock_cells(&which, &took, &allowed, "answer", &r->response);
		if (r->resolution.status == CLOCK_BREACHED)
			clock_cells(&which, &took, &allowed, "fix", &r->resolution);
		wrapped(sb, "<tr><td class=\"nw\"><strong>", r->t->id, "</strong></td>");
		wrapped(sb, "<td>", r->t->cell[FIELD_SUMMARY] ? r->t->cell[FIELD_SUMMARY] : "",
			"</td>");
		wrapped(sb, "<td>", cfg->sla[r->sla].id, "</td>");
		wrapped(sb, "<td class=\"nw\">", when, "</td>");
		sb_printf(sb, "<td class=\"warn\">%s</td><td class=\"nw\">%s</td>"
			  "<td class=\"nw\">%s</td></tr>\n", which.buf, took.buf, allowed.buf);
		sb_release(&which);
		sb_release(&took);
		sb_release(&allowed);
	}
	sb_puts(sb, "</tbody>\n</table>\n</section>\n");
	free(late);
}

/* ---- missed regular work --------------------------------------------- */

static int by_period(const void *a, const void *b)
{
	const struct obligation *x = *(const struct obligation *const *)a;
	const struct obligation *y = *(const struct obligation *const *)b;
	if (x->first_day != y->first_day)
		return x->first_day < y->first_day ? -1 : 1;
	return x->act - y->act;
}

/* Every obligation period that was missed, in date order. */
static void missed_work(struct strbuf *sb, const struct config *cfg,
			const struct evaluation *ev)
{
	section(sb, "missed", "Regular work missed", wording_report_note(WN_MISSED_INTRO));
	const struct obligation **miss = xcalloc(ev->nob ? ev->nob : 1, sizeof(*miss));
	size_t n = 0;
	for (size_t i = 0; i < ev->nob; i++)
		if (ev->ob[i].status == OB_MISSED)
			miss[n++] = &ev->ob[i];
	size_t unknown = 0;
	for (size_t i = 0; i < ev->nob; i++)
		unknown += ev->ob[i].status == OB_UNKNOWN;
	if (!n) {
		wrapped(sb, "<p>", wording_report_note(unknown ? WN_MISSED_UNKNOWN : WN_NO_MISSED),
			"</p>\n</section>\n");
		free(miss);
		return;
	}
	qsort(miss, n, sizeof(*miss), by_period);
	sb_puts(sb, "<table>\n<thead><tr><th>Work</th><th>When it was due</th><th>Supplier</th>"
		"<th class=\"num\">Records found</th><th>How serious</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct obligation *o = miss[i];
		const struct activity *a = &cfg->act[o->act];
		char when[96];
		wording_period_label(a->every, o->first_day, o->end_day, when, sizeof(when));
		wrapped(sb, "<tr><td>", a->title, "</td>");
		wrapped(sb, "<td>", when, "</td>");
		wrapped(sb, "<td>", cfg->sup[a->supplier].name, "</td>");
		sb_printf(sb, "<td class=\"num\">%zu of %d</td>", o->evidence, a->times);
		sb_puts(sb, a->severity == SEV_RED ? "<td class=\"bad\">! urgent</td></tr>\n"
			: "<td class=\"warn\">! follow up</td></tr>\n");
	}
	sb_puts(sb, "</tbody>\n</table>\n</section>\n");
	free(miss);
}

/* ---- on-site hours --------------------------------------------------- */

static void onsite_hours(struct strbuf *sb, const struct config *cfg,
			 const struct evaluation *ev)
{
	section(sb, "hours", "On-site hours, week by week",
		ev->nwk ? wording_report_note(WN_HOURS_INTRO) : NULL);
	if (!ev->nwk) {
		wrapped(sb, "<p>", wording_report_note(WN_NO_HOURS), "</p>\n</section>\n");
		return;
	}
	sb_puts(sb, "<table>\n<thead><tr><th>Week starting</th><th>Supplier</th>"
		"<th class=\"num\">Hours worked</th><th class=\"num\">Contracted</th>"
		"<th>Result</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < ev->nwk; i++) {
		const struct weekhours *w = &ev->wk[i];
		const struct supplier *sp = &cfg->sup[w->sup];
		char day[32], wk[16], got[32], want[32];
		civil_format_short(w->monday, day, sizeof(day));
		civil_format_week(w->monday, wk, sizeof(wk));
		wording_hours(w->delivered_uh, got, sizeof(got));
		if (w->status == HOURS_UNKNOWN)   /* not 0: nothing could be read */
			snprintf(got, sizeof(got), "not known");
		wording_hours(sp->onsite_s * 1000000 / 3600, want, sizeof(want));
		sb_puts(sb, "<tr><td class=\"nw\">");
		esc(sb, day);
		wrapped(sb, " <span class=\"small\">", wk, "</span></td>");
		wrapped(sb, "<td>", sp->name, "</td>");
		wrapped(sb, "<td class=\"num\">", got, "</td>");
		wrapped(sb, "<td class=\"num\">", want, "</td>");
		sb_puts(sb, w->status == HOURS_OK ? "<td class=\"good\">\xE2\x9C\x93 ok</td>"
			: w->status == HOURS_SHORT ? "<td class=\"warn\">! short</td>"
			: w->status == HOURS_UNKNOWN ? "<td>unknown: data not read</td>"
			: "<td>week not over</td>");
		sb_puts(sb, "</tr>\n");
	}
	sb_puts(sb, "</tbody>\n</table>\n</section>\n");
}

/* ---- service credits ---------------------------------------------------- */

static void credits_section(struct strbuf *sb, const struct config *cfg,
			    const struct evaluation *ev)
{
	if (!ev->ncredit)
		return;
	sb_puts(sb, "<section class=\"credits\" id=\"credits\">\n<h2>Service credits</h2>\n");
	wrapped(sb, "<p class=\"intro\">", wording_credits_intro(), "</p>\n");
	sb_puts(sb, "<ul>\n");
	for (size_t i = 0; i < ev->ncredit; i++) {
		const struct creditmonth *m = &ev->credit[i];
		wrapped_free(sb, m->total > 0 && !m->unknown ? "<li><strong>" : "<li>",
			     credits_month_words(cfg, m),
			     m->total > 0 && !m->unknown ? "</strong>" : "");
		if (!m->unknown && m->total > 0) {
			sb_puts(sb, "\n<ul>\n");
			for (size_t k = 0; k < m->nitem; k++)
				wrapped_free(sb, "<li>", credits_item_words(cfg, m, &m->item[k]),
					     "</li>\n");
			sb_puts(sb, "</ul>\n");
		}
		sb_puts(sb, "</li>\n");
	}
	sb_puts(sb, "</ul>\n</section>\n");
}

/* ---- data received, words, end --------------------------------------- */

static void feeds(struct strbuf *sb, const struct config *cfg, const struct dataset *ds,
		  const struct evaluation *ev)
{
	section(sb, "feeds", "Data received",
		cfg->nfeed ? wording_report_note(WN_FEEDS_INTRO) : NULL);
	if (!cfg->nfeed) {
		wrapped(sb, "<p>", wording_report_note(WN_NO_FEEDS), "</p>\n</section>\n");
		return;
	}
	sb_puts(sb, "<table>\n<thead><tr><th>Data</th><th>From</th><th class=\"num\">Rows</th>"
		"<th>Last received</th><th>Result</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feedstat *fs = &ds->fs[i];
		char when[64];
		if (ev->feed[i].last_success != TS_NONE)
			timefmt_local_short(cfg->tz, ev->feed[i].last_success, when, sizeof(when));
		else
			snprintf(when, sizeof(when), "never");
		wrapped(sb, "<tr><td>", cfg->feed[i].id, "</td>");
		wrapped(sb, "<td>", cfg->sup[cfg->feed[i].supplier].name, "</td>");
		sb_printf(sb, "<td class=\"num\">%zu</td>", fs->records);
		wrapped(sb, "<td class=\"nw\">", when, "</td>");
		if (ev->feed[i].status == FEED_UNREADABLE)
			sb_puts(sb, "<td class=\"bad\">! could not be read</td>");
		else if (ev->feed[i].status == FEED_STALE)
			sb_puts(sb, "<td class=\"bad\">! out of date</td>");
		else if (ev->feed[i].status == FEED_FAILING)
			sb_puts(sb, "<td class=\"warn\">! last fetch failed</td>");
		else if (fs->rejected)
			sb_printf(sb, "<td class=\"warn\">! %zu row%s left out</td>", fs->rejected,
				  fs->rejected == 1 ? "" : "s");
		else
			sb_puts(sb, "<td class=\"good\">\xE2\x9C\x93 ok</td>");
		sb_puts(sb, "</tr>\n");
	}
	sb_puts(sb, "</tbody>\n</table>\n</section>\n");
}

static void words(struct strbuf *sb)
{
	sb_puts(sb, "<footer>\n<h2>What the words mean</h2>\n");
	const char *p;
	for (size_t i = 0; (p = wording_report_glossary(i)); i++)
		wrapped(sb, "<p>", p, "</p>\n");
	wrapped(sb, "<p class=\"small\">", wording_report_note(WN_MADE_BY), "</p>\n");
	sb_puts(sb, "</footer>\n");
}

/* The whole page; the order is the order a business manager reads in. */
char *report_html_page(const struct config *cfg, const struct dataset *ds,
		       const struct evaluation *ev, const struct report_html_extra *x)
{
	struct strbuf sb = STRBUF_INIT;
	char period[160];
	if (x && x->period)
		snprintf(period, sizeof(period), "%s", x->period);
	else
		period_words(period, sizeof(period), ev->from_day, ev->to_day);
	struct lines well = { NULL, 0, 0 };
	well_items(cfg, ev, &well);

	/* what is told: findings of one activity once (the counts too) */
	struct findgroups *gs = findgroup_make(cfg, &ev->findings);
	struct evaluation counted = *ev;
	counted.red = gs->red;
	counted.amber = gs->amber;
	head(&sb, cfg, period, x);
	header(&sb, cfg, ev, period, x);
	if (x && x->before)
		sb_puts(&sb, x->before);
	summary(&sb, &counted, well.n);
	findings(&sb, cfg, ev, gs, x);
	findgroup_free(gs);
	well_section(&sb, &well);
	service_levels(&sb, cfg, ev);
	trends(&sb, cfg, ev);
	claims_section(&sb, cfg, ev);
	functions(&sb, cfg, ev);
	late_calls(&sb, cfg, ev);
	missed_work(&sb, cfg, ev);
	onsite_hours(&sb, cfg, ev);
	credits_section(&sb, cfg, ev);
	feeds(&sb, cfg, ds, ev);
	if (x && x->after)
		sb_puts(&sb, x->after);
	words(&sb);
	sb_puts(&sb, "</main>\n</body>\n</html>\n");
	lines_free(&well);
	return sb_detach(&sb);
}

static char *render(const struct config *cfg, const struct dataset *ds,
		    const struct evaluation *ev)
{
	return report_html_page(cfg, ds, ev, NULL);
}

const struct report_backend report_html = { "html", render };
