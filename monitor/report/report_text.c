/*
 * report_text — the report a business manager reads: the verdict first,
 * then what needs attention (red, then amber) with the question to ask,
 * then what went well, then the figures, then what the words mean.
 */
#include "report.h"
#include "report_text.h"

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
#include "timefmt.h"
#include "trends.h"
#include "tz.h"
#include "util.h"
#include "went_well.h"
#include "wording.h"

/* At most this many findings of one severity are written out in full. */
#define MAX_LISTED 12

/* Wrap text at 76 columns with a hanging indent.  The text may hold the
 * supplier's words (ticket ids, summaries): its control characters are
 * made visible first (sb_add_visible), so no line break or terminal
 * escape of theirs reaches the report. */
void report_text_wrap(struct strbuf *sb, const char *first, const char *indent, const char *text)
{
	char *safe = str_visible(text);
	text = safe;
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
	free(safe);
}

/* "Ask Acme Schools ICT Ltd: question", or who to ask at school. */
char *report_text_ask(const struct config *cfg, const struct finding *f)
{
	return report_text_ask_q(cfg, f->supplier, f->question);
}

char *report_text_ask_q(const struct config *cfg, const char *supplier, const char *question)
{
	int k = supplier ? config_supplier_index(cfg, supplier) : -1;
	if (k >= 0 && cfg->sup[k].is_school)
		return xasprintf("%s: %s", wording_ask(1), question);
	return xasprintf("%s %s: %s", wording_ask(0), k >= 0 ? cfg->sup[k].name : "the supplier",
			 question);
}

static void list_findings(struct strbuf *sb, const struct config *cfg,
			  const struct evaluation *ev, const struct findgroups *gs, int red,
			  const char *title, int *num)
{
	size_t total = red ? gs->red : gs->amber, shown = 0;
	if (!total)
		return;
	sb_printf(sb, "\n%s\n", title);
	for (size_t k = 0; k < gs->n; k++) {
		const struct findgroup *g = &gs->v[k];
		if (g->red != red)
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
		report_text_wrap(sb, head, "     ", findgroup_message(gs, k, &ev->findings));
		char *ask = report_text_ask_q(cfg, ev->findings.v[g->member[0]].supplier,
					      findgroup_question(gs, k, &ev->findings));
		report_text_wrap(sb, "     ", "     ", ask);
		free(ask);
	}
}

void report_text_went_well(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev)
{
	size_t n;
	char **line = went_well(cfg, ev, &n);
	if (n)
		sb_puts(sb, "\nWHAT WENT WELL\n");
	for (size_t i = 0; i < n; i++)
		report_text_wrap(sb, "  - ", "    ", line[i]);
	went_well_free(line, n);
}

/*
 * The trends (trends.h): per SLA, this window beside the one before it,
 * in words.  brief: the on-time share alone (the email).  Nothing when
 * the caller did not ask for evaluate_trends.
 */
void report_text_trends(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev,
			int brief)
{
	if (!ev->trend || !cfg->nsla)
		return;
	char before[64], head[64];
	wording_trend_before(ev->trend_months, ev->from_day - ev->prev_from_day, before,
			     sizeof(before));
	sb_printf(sb, "\nCOMPARED WITH %s\n", ev->trend_months ? "LAST MONTH" : "THE PERIOD BEFORE");
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct slatrend *c = &ev->trend[k], *p = &ev->trend[cfg->nsla + k];
		snprintf(head, sizeof(head), "  '%s' calls: ", cfg->sla[k].id);
		char *line = wording_trend_compliance(before, c->known, c->met, c->tickets, p->known,
						      p->met, p->tickets);
		report_text_wrap(sb, head, "    ", line);
		free(line);
		if (brief)
			continue;
		char *t[3];
		t[0] = wording_trend_time("answer", before, c->known, c->nrespond, c->respond_median,
					  c->respond_p90, p->known, p->nrespond, p->respond_median,
					  p->respond_p90);
		t[1] = wording_trend_time("fix", before, c->known, c->nfix, c->fix_median,
					  c->fix_p90, p->known, p->nfix, p->fix_median, p->fix_p90);
		t[2] = wording_trend_calls(before, c->known, c->opened, c->closed, c->open_at_end,
					   c->oldest_open, p->known, p->opened, p->closed,
					   p->open_at_end, p->oldest_open);
		for (int i = 0; i < 3; i++) {
			if (t[i])
				report_text_wrap(sb, "    ", "    ", t[i]);
			free(t[i]);
		}
	}
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

/*
 * THE SUPPLIER'S OWN FIGURES: per SLA whose feeds map column.sla_met,
 * the supplier's verdicts beside the clocks' (claims.h) and the calls
 * where they disagree (up to ten an SLA; the JSON report has them all).
 */
static void claims_section(struct strbuf *sb, const struct config *cfg,
			   const struct evaluation *ev)
{
	const struct claims *c = ev->claims;
	if (!claims_mapped(c))
		return;
	sb_puts(sb, "\nTHE SUPPLIER'S OWN FIGURES (its verdict on each call, checked)\n");
	for (size_t k = 0; k < c->nsla; k++) {
		const struct claim *cl = &c->sla[k];
		if (!cl->mapped)
			continue;
		char *line;
		if (cl->unknown)
			line = xasprintf("%s: not judged: the call log could not be read or is out "
					 "of date", cfg->sla[k].id);
		else {
			char *w = wording_claim_summary(cl->claimed, cl->claimed_met, cl->clock_met,
							cl->said_met, cl->said_late, cl->no_verdict);
			line = xasprintf("%s: %s%s", cfg->sla[k].id, w,
					 cl->mismatch ? "  DOES NOT ADD UP" : "");
			free(w);
		}
		report_text_wrap(sb, "  ", "    ", line);
		free(line);
		size_t shown = 0, more = 0;
		for (size_t i = 0; i < c->n; i++) {
			const struct claim_dispute *d = &c->v[i];
			if (d->sla != (int)k)
				continue;
			if (shown == 10) {
				more++;
				continue;
			}
			shown++;
			sb_printf(sb, "    %-12s %s\n", ev->tk[d->tk].t->id,
				  wording_claim_verdicts(d->supplier_met));
		}
		if (more)
			sb_printf(sb, "    and %zu more (listed in the JSON report)\n", more);
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
			wording_work_time(s->respond, a, sizeof(a));
			wording_work_time(s->resolve, b, sizeof(b));
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
	claims_section(sb, cfg, ev);
	if (cfg->nact && ev->nob) {
		sb_puts(sb, "\nREGULAR WORK\n");
		for (size_t i = 0; i < cfg->nact; i++) {
			const struct actresult *ar = &ev->act[i];
			size_t done = ar->done, missed = ar->missed, due = ar->due, unknown = ar->unknown;
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
			report_text_wrap(sb, "  ", "    ", line);
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
			if (w->status == HOURS_UNKNOWN)   /* not 0: nothing could be read */
				snprintf(b, sizeof(b), "?");
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

/* SERVICE CREDITS: each judged month, and the working of what is owed. */
static void credits_section(struct strbuf *sb, const struct config *cfg,
			    const struct evaluation *ev)
{
	if (!ev->ncredit)
		return;
	sb_puts(sb, "\nSERVICE CREDITS (money back under the contract, month by month)\n");
	report_text_wrap(sb, "  ", "  ", wording_credits_intro());
	for (size_t i = 0; i < ev->ncredit; i++) {
		const struct creditmonth *m = &ev->credit[i];
		char *line = credits_month_words(cfg, m);
		report_text_wrap(sb, "  ", "    ", line);
		free(line);
		for (size_t k = 0; !m->unknown && m->total > 0 && k < m->nitem; k++) {
			line = credits_item_words(cfg, m, &m->item[k]);
			report_text_wrap(sb, "    - ", "      ", line);
			free(line);
		}
	}
}

/* "N things need your attention..." */
void report_text_verdict(struct strbuf *sb, const struct evaluation *ev)
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
	/* the verdict counts what is told: grouped findings once */
	struct findgroups *gs = findgroup_make(cfg, &ev->findings);
	struct evaluation counted = *ev;
	counted.red = gs->red;
	counted.amber = gs->amber;
	report_text_verdict(&sb, &counted);
	int num = 0;
	list_findings(&sb, cfg, ev, gs, 1, "URGENT", &num);
	list_findings(&sb, cfg, ev, gs, 0, "TO FOLLOW UP", &num);
	findgroup_free(gs);
	report_text_went_well(&sb, cfg, ev);
	report_text_trends(&sb, cfg, ev, 0);
	figures(&sb, cfg, ds, ev);
	credits_section(&sb, cfg, ev);
	report_text_footer(&sb);
	return sb_detach(&sb);
}

/* What the words mean: SLA, priority and FITS OM, once. */
void report_text_footer(struct strbuf *sb)
{
	sb_puts(sb, "\nWHAT THE WORDS MEAN\n");
	report_text_wrap(sb, "  ", "  ",
	     "A service level (SLA) is the promise in the contract about how quickly calls "
	     "are answered and fixed. Times count only during the support hours agreed in "
	     "the contract, so evenings, weekends and holidays do not count, and neither "
	     "does time spent waiting on the school (for example for parts or a reply).");
	report_text_wrap(sb, "  ", "  ",
	     "Priority is how serious a call is: the top priority means the whole school or "
	     "a lesson cannot go ahead; the lowest is a request for something new.");
	report_text_wrap(sb, "  ", "  ",
	     "FITS OM is the standard list of technical jobs that keep school ICT running "
	     "(backups, security, printing and so on). The report checks the supplier's own "
	     "work log for the jobs the school pays it to do.");
}

const struct report_backend report_text = { "text", render };
