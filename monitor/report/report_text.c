/*
 * report_text — the report a business manager reads: the verdict first,
 * then what needs attention (red, then amber) with the question to ask,
 * then what went well, then the figures, then what the words mean.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "clock.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"
#include "wording.h"

/* At most this many findings of one severity are written out in full. */
#define MAX_LISTED 12

/* Wrap text at 76 columns with a hanging indent. */
static void wrap(struct strbuf *sb, const char *first, const char *indent, const char *text)
{
	size_t col = strlen(first);
	sb_puts(sb, first);
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			break;
		if (col + n + 1 > 76 && col > strlen(indent)) {
			sb_putc(sb, '\n');
			sb_puts(sb, indent);
			col = strlen(indent);
		} else if (col > strlen(first) || (col > strlen(indent) && w != text)) {
			sb_putc(sb, ' ');
			col++;
		}
		sb_add(sb, w, n);
		col += n;
	}
	sb_putc(sb, '\n');
}

/* "Ask Acme Schools ICT Ltd: question", or who to ask at school. */
static char *ask_line(const struct config *cfg, const struct finding *f)
{
	int k = f->supplier ? config_supplier_index(cfg, f->supplier) : -1;
	if (k >= 0 && cfg->sup[k].is_school)
		return xasprintf("%s: %s", wording_ask(1), f->question);
	return xasprintf("%s %s: %s", wording_ask(0), k >= 0 ? cfg->sup[k].name : "the supplier",
			 f->question);
}

static void list_findings(struct strbuf *sb, const struct config *cfg,
			  const struct evaluation *ev, int red, const char *title, int *num)
{
	size_t total = 0, shown = 0;
	for (size_t i = 0; i < ev->findings.n; i++)
		total += ev->findings.v[i].red == red;
	if (!total)
		return;
	sb_printf(sb, "\n%s\n", title);
	for (size_t i = 0; i < ev->findings.n; i++) {
		const struct finding *f = &ev->findings.v[i];
		if (f->red != red)
			continue;
		if (shown == MAX_LISTED) {
			sb_printf(sb, "\n    ...and %zu more like these: see the full report "
				  "(fitsmon report --format json).\n", total - shown);
			break;
		}
		shown++;
		char head[16];
		snprintf(head, sizeof(head), "%3d. ", ++*num);
		sb_putc(sb, '\n');
		wrap(sb, head, "     ", f->message);
		char *ask = ask_line(cfg, f);
		wrap(sb, "     ", "     ", ask);
		free(ask);
	}
}

static void went_well(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev)
{
	struct strbuf w = STRBUF_INIT;
	char p[48];
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct slaresult *r = &ev->sla[k];
		if (r->has_compliance && !r->missed) {
			timefmt_percent(p, sizeof(p), r->met, r->tickets);
			char *line = xasprintf("'%s' calls: %zu of %zu dealt with on time (%s), "
					       "within the contract.", cfg->sla[k].id, r->met,
					       r->tickets, p);
			wrap(&w, "  - ", "    ", line);
			free(line);
		}
	}
	for (size_t i = 0; i < cfg->nact; i++) {
		size_t done = 0, judged = 0;
		for (size_t k = 0; k < ev->nob; k++)
			if (ev->ob[k].act == (int)i && (ev->ob[k].status == OB_DONE ||
							      ev->ob[k].status == OB_MISSED)) {
				judged++;
				done += ev->ob[k].status == OB_DONE;
			}
		if (judged && done == judged) {
			char *line = xasprintf("'%s' was done every time it was due (%zu out of "
					       "%zu).", cfg->act[i].title, done, judged);
			wrap(&w, "  - ", "    ", line);
			free(line);
		}
	}
	for (size_t s = 0; s < cfg->nsup; s++) {
		size_t ok = 0, judged = 0;
		for (size_t i = 0; i < ev->nwk; i++)
			if (ev->wk[i].sup == (int)s && (ev->wk[i].status == HOURS_OK ||
							       ev->wk[i].status == HOURS_SHORT)) {
				judged++;
				ok += ev->wk[i].status == HOURS_OK;
			}
		if (judged && ok == judged) {
			char *line = xasprintf("%s worked all the contracted on-site hours in each "
					       "of %zu weeks.", cfg->sup[s].name, judged);
			wrap(&w, "  - ", "    ", line);
			free(line);
		}
	}
	if (w.len)
		sb_printf(sb, "\nWHAT WENT WELL\n%s", w.buf);
	sb_release(&w);
}

/* What the DATA RECEIVED lines say of a feed that is not ok. */
static const char *feed_note(enum feed_status s)
{
	switch (s) {
	case FEED_UNREADABLE:
		return "  COULD NOT BE READ";
	case FEED_STALE:
		return "  OUT OF DATE";
	case FEED_FAILING:
		return "  LAST FETCH FAILED";
	default:
		return "";
	}
}

static void figures(struct strbuf *sb, const struct config *cfg, const struct dataset *ds,
		    const struct evaluation *ev)
{
	char a[64], b[64], p[48];
	if (cfg->nsla) {
		sb_puts(sb, "\nSERVICE LEVELS (calls closed in the period)\n");
		for (size_t k = 0; k < cfg->nsla; k++) {
			const struct sla *s = &cfg->sla[k];
			const struct slaresult *r = &ev->sla[k];
			wording_duration(s->respond, a, sizeof(a));
			wording_duration(s->resolve, b, sizeof(b));
			timefmt_percent(p, sizeof(p), r->met, r->tickets);
			sb_printf(sb, "  %-12s answer within %s, fix within %s\n", s->id, a, b);
			char tgt[16];
			snprintf(tgt, sizeof(tgt), "%d%%", s->target_ppm / 10000);
			if (r->unknown)
				sb_printf(sb, "  %-12s not judged: the call log could not be read "
					  "or is out of date\n", "");
			if (r->tickets)
				sb_printf(sb, "  %-12s %zu of %zu on time = %s (target %s)%s\n", "",
					  r->met, r->tickets, p, tgt, r->missed ? "  BELOW TARGET" : "");
			else
				sb_printf(sb, "  %-12s no calls closed in the period\n", "");
			if (r->running)
				sb_printf(sb, "  %-12s %zu still open\n", "", r->running);
		}
		if (ev->unmatched)
			sb_printf(sb, "  %zu call%s matched no service level and %s not checked.\n",
				  ev->unmatched, ev->unmatched == 1 ? "" : "s",
				  ev->unmatched == 1 ? "was" : "were");
	}
	if (cfg->nact && ev->nob) {
		sb_puts(sb, "\nREGULAR WORK\n");
		for (size_t i = 0; i < cfg->nact; i++) {
			size_t done = 0, missed = 0, due = 0, unknown = 0;
			for (size_t k = 0; k < ev->nob; k++) {
				if (ev->ob[k].act != (int)i)
					continue;
				done += ev->ob[k].status == OB_DONE;
				missed += ev->ob[k].status == OB_MISSED;
				due += ev->ob[k].status == OB_DUE;
				unknown += ev->ob[k].status == OB_UNKNOWN;
			}
			if (!done && !missed && !due && !unknown)
				continue;
			char *line = xasprintf("%s (every %s): done %zu, missed %zu%s", cfg->act[i].title,
					       config_period_name(cfg->act[i].every), done, missed,
					       due ? ", not yet due" : "");
			if (due) {
				char *l2 = xasprintf("%s %zu", line, due);
				free(line);
				line = l2;
			}
			if (unknown) {
				char *l2 = xasprintf("%s, unknown %zu (data not read)", line, unknown);
				free(line);
				line = l2;
			}
			wrap(sb, "  ", "    ", line);
			free(line);
		}
	}
	if (ev->nwk) {
		sb_puts(sb, "\nON-SITE HOURS\n");
		for (size_t i = 0; i < ev->nwk; i++) {
			const struct weekhours *w = &ev->wk[i];
			const struct supplier *sp = &cfg->sup[w->sup];
			civil_format_short(w->monday, a, sizeof(a));
			wording_hours(w->delivered_uh, b, sizeof(b));
			char want[16];
			wording_hours(sp->onsite_s * 1000000 / 3600, want, sizeof(want));
			sb_printf(sb, "  %-12.12s week of %-10s %5s of %s hours  %s\n", sp->id, a, b,
				  want, w->status == HOURS_OK ? "ok" : w->status == HOURS_SHORT
				  ? "SHORT" : w->status == HOURS_UNKNOWN ? "unknown (data not read)"
				  : "week not over");
		}
	}
	if (ev->nfn) {
		sb_puts(sb, "\nFITS OM FUNCTIONS (share of regular work done)\n");
		for (size_t i = 0; i < ev->nfn; i++) {
			const struct funcresult *fr = &ev->fn[i];
			const struct function *fn = config_function(cfg, fr->function);
			timefmt_percent(p, sizeof(p), fr->done, fr->periods);
			sb_printf(sb, "  %-34.34s %-12.12s %s (%zu of %zu)\n",
				  fn ? fn->title : fr->function, cfg->sup[fr->sup].id, p, fr->done,
				  fr->periods);
		}
	}
	sb_puts(sb, "\nDATA RECEIVED\n");
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feedstat *fs = &ds->fs[i];
		if (ev->feed[i].last_success != TS_NONE)
			timefmt_local_short(cfg->tz, ev->feed[i].last_success, a, sizeof(a));
		else
			snprintf(a, sizeof(a), "never");
		sb_printf(sb, "  %-20s %zu rows, updated %s%s\n", cfg->feed[i].id, fs->records, a,
			  feed_note(ev->feed[i].status));
		if (fs->rejected)
			sb_printf(sb, "  %-20s %zu row%s could not be read and %s left out "
				  "(listed in the JSON report)\n", "", fs->rejected,
				  fs->rejected == 1 ? "" : "s", fs->rejected == 1 ? "was" : "were");
	}
}

static void footer(struct strbuf *sb);

/* "N things need your attention..." */
static void verdict(struct strbuf *sb, const struct evaluation *ev)
{
	char *v = wording_report_verdict(ev->red, ev->amber, evaluate_unchecked(ev));
	sb_puts(sb, v);
	sb_putc(sb, '\n');
	free(v);
}

static char *render(const struct config *cfg, const struct dataset *ds,
		    const struct evaluation *ev)
{
	struct strbuf sb = STRBUF_INIT;
	char a[64], b[64], n[64];
	civil_format_short(ev->from_day, a, sizeof(a));
	civil_format_short(ev->to_day - 1, b, sizeof(b));
	timefmt_local_short(cfg->tz, ev->now, n, sizeof(n));
	int y, m, d;
	civil_from_days(ev->to_day - 1, &y, &m, &d);
	sb_printf(&sb, "ICT support report for %s\n", cfg->school);
	sb_printf(&sb, "Period: %s to %s %d (checked %s)\n\n", a, b, y, n);
	verdict(&sb, ev);
	int num = 0;
	list_findings(&sb, cfg, ev, 1, "URGENT", &num);
	list_findings(&sb, cfg, ev, 0, "TO FOLLOW UP", &num);
	went_well(&sb, cfg, ev);
	figures(&sb, cfg, ds, ev);
	footer(&sb);
	return sb_detach(&sb);
}

/* What the words mean: SLA, priority and FITS OM, once. */
static void footer(struct strbuf *sb)
{
	sb_puts(sb, "\nWHAT THE WORDS MEAN\n");
	wrap(sb, "  ", "  ",
	     "A service level (SLA) is the promise in the contract about how quickly calls "
	     "are answered and fixed. Times count only during the support hours agreed in "
	     "the contract, so evenings, weekends and holidays do not count, and neither "
	     "does time spent waiting on the school (for example for parts or a reply).");
	wrap(sb, "  ", "  ",
	     "Priority is how serious a call is: the top priority means the whole school or "
	     "a lesson cannot go ahead; the lowest is a request for something new.");
	wrap(sb, "  ", "  ",
	     "FITS OM is the standard list of technical jobs that keep school ICT running "
	     "(backups, security, printing and so on). The report checks the supplier's own "
	     "work log for the jobs the school pays it to do.");
}

const struct report_backend report_text = { "text", render };

static int is_new(const struct finding *f, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ids[i], f->id))
			return 1;
	return 0;
}

/* One finding in full: message, then the question. */
static void item(struct strbuf *sb, const struct config *cfg, const struct finding *f, int *num,
		 int fresh)
{
	char head[24];
	snprintf(head, sizeof(head), "%3d. %s", ++*num, fresh ? "NEW: " : "");
	sb_putc(sb, '\n');
	wrap(sb, head, "     ", f->message);
	char *ask = ask_line(cfg, f);
	wrap(sb, "     ", "     ", ask);
	free(ask);
}

/*
 * Late or at-risk calls of one supplier are many in a bad month: one item
 * names them instead of one item each.
 */
static void grouped_calls(struct strbuf *sb, const struct config *cfg,
			  const struct evaluation *ev, enum finding_kind kind, int *num)
{
	for (size_t s = 0; s < cfg->nsup; s++) {
		size_t n = 0;
		struct strbuf ids = STRBUF_INIT;
		for (size_t i = 0; i < ev->findings.n; i++) {
			const struct finding *f = &ev->findings.v[i];
			if (f->kind != kind || !f->supplier || strcmp(f->supplier, cfg->sup[s].id))
				continue;
			if (n < 6)
				sb_printf(&ids, "%s%s", n ? ", " : "", f->subject);
			n++;
		}
		if (n) {
			if (n > 6)
				sb_printf(&ids, " and %zu more", n - 6);
			char head[16];
			snprintf(head, sizeof(head), "%3d. ", ++*num);
			char *msg = kind == FK_TICKET_BREACHED
				? xasprintf("%zu call%s to %s %s not dealt with in the agreed time: %s. "
					    "The full report gives the times for each.", n,
					    n == 1 ? "" : "s", cfg->sup[s].name, n == 1 ? "was" : "were",
					    ids.buf)
				: xasprintf("%zu open call%s to %s %s close to missing the agreed time: "
					    "%s.", n, n == 1 ? "" : "s", cfg->sup[s].name,
					    n == 1 ? "is" : "are", ids.buf);
			char *ask = kind == FK_TICKET_BREACHED
				? xasprintf("Ask %s: Why were these calls late, and what will you change "
					    "so calls are dealt with on time?", cfg->sup[s].name)
				: xasprintf("Ask %s: Will these calls be dealt with in time?",
					    cfg->sup[s].name);
			sb_putc(sb, '\n');
			wrap(sb, head, "     ", msg);
			wrap(sb, "     ", "     ", ask);
			free(msg);
			free(ask);
		}
		sb_release(&ids);
	}
}

char *report_text_brief(const struct config *cfg, const struct dataset *ds,
			const struct evaluation *ev, const char *const *new_ids, size_t n,
			size_t cleared)
{
	(void)ds;
	struct strbuf sb = STRBUF_INIT;
	char a[64], b[64];
	/* the verdict counts the items below, late calls grouped per supplier */
	struct evaluation counted = *ev;
	counted.amber = 0;
	for (size_t i = 0; i < ev->findings.n; i++) {
		const struct finding *f = &ev->findings.v[i];
		if (f->red)
			continue;
		if (f->kind == FK_TICKET_BREACHED || f->kind == FK_TICKET_AT_RISK) {
			int first = 1;
			for (size_t k = 0; k < i && first; k++)
				first = !(ev->findings.v[k].kind == f->kind &&
					  !strcmp(ev->findings.v[k].supplier ? ev->findings.v[k].supplier : "",
						  f->supplier ? f->supplier : ""));
			counted.amber += first;
		} else {
			counted.amber++;
		}
	}
	verdict(&sb, &counted);
	civil_format_short(ev->from_day, a, sizeof(a));
	civil_format_short(ev->to_day - 1, b, sizeof(b));
	sb_printf(&sb, "This covers %s to %s at %s.", a, b, cfg->school);
	if (n || cleared) {
		sb_printf(&sb, " Since the last email: %zu new", n);
		if (cleared)
			sb_printf(&sb, ", %zu put right", cleared);
		sb_putc(&sb, '.');
	}
	sb_putc(&sb, '\n');
	int num = 0;
	if (ev->red) {
		sb_puts(&sb, "\nURGENT\n");
		for (size_t i = 0; i < ev->findings.n; i++)
			if (ev->findings.v[i].red)
				item(&sb, cfg, &ev->findings.v[i], &num,
				     is_new(&ev->findings.v[i], new_ids, n));
	}
	if (ev->amber) {
		sb_puts(&sb, "\nTO FOLLOW UP\n");
		grouped_calls(&sb, cfg, ev, FK_TICKET_BREACHED, &num);
		grouped_calls(&sb, cfg, ev, FK_TICKET_AT_RISK, &num);
		for (size_t i = 0; i < ev->findings.n; i++) {
			const struct finding *f = &ev->findings.v[i];
			if (!f->red && f->kind != FK_TICKET_BREACHED && f->kind != FK_TICKET_AT_RISK)
				item(&sb, cfg, f, &num, is_new(f, new_ids, n));
		}
	}
	went_well(&sb, cfg, ev);
	sb_putc(&sb, '\n');
	wrap(&sb, "", "", "The full report, with every figure, is attached. Your network manager "
	     "can see any call's timings with 'fitsmon explain'.");
	footer(&sb);
	return sb_detach(&sb);
}

/* The email body as a report format, to preview what the contact gets. */
static char *render_email(const struct config *cfg, const struct dataset *ds,
			  const struct evaluation *ev)
{
	return report_text_brief(cfg, ds, ev, NULL, 0, 0);
}

const struct report_backend report_email = { "email", render_email };
