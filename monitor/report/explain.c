/*
 * explain — one ticket's explanation (explanation.h) as text: the stamps,
 * both clocks, then each piece of time with its length, the running total
 * and why it counts or not.
 */
#include "explain.h"

#include <stdio.h>
#include <string.h>

#include "explanation.h"
#include "civil.h"
#include "timefmt.h"
#include "util.h"
#include "wording.h"

/* A length of time in hours and minutes: "14 h 30 min", "5 h", "45 min",
 * "0 min" (seconds dropped; the clock lines above give them). */
static void hours_minutes(int64_t secs, char *buf, size_t size)
{
	int64_t h = secs / 3600, m = secs % 3600 / 60;
	if (h && !m)
		snprintf(buf, size, "%lld h", (long long)h);
	else if (h)
		snprintf(buf, size, "%lld h %lld min", (long long)h, (long long)m);
	else
		snprintf(buf, size, "%lld min", (long long)m);
}

static const char *const day_names[] = { "", "Mondays", "Tuesdays", "Wednesdays", "Thursdays",
					 "Fridays", "Saturdays", "Sundays" };

/* Why a piece counts or not, in words. */
static void reason_text(const struct explanation *x, const struct expl_piece *p, char *why,
			size_t size)
{
	switch (p->reason) {
	case EXPL_NO_HOURS:
		snprintf(why, size, "not counted: no hours on %s",
			 day_names[p->weekday >= 1 && p->weekday <= 7 ? p->weekday : 0]);
		break;
	case EXPL_NOT_TERM:
		snprintf(why, size, "not counted: outside term");
		break;
	case EXPL_CLOSED:
		snprintf(why, size, "not counted: closed day%s%s", p->label && *p->label ? ", " : "",
			 p->label ? p->label : "");
		break;
	case EXPL_OUTSIDE_HOURS:
		snprintf(why, size, "not counted: outside hours (%s)", x->hours);
		break;
	case EXPL_PAUSED:
		snprintf(why, size, "not counted: paused (%s)", p->label ? p->label : "");
		break;
	case EXPL_REOPENED:
		snprintf(why, size, "not counted: resolved, later reopened");
		break;
	case EXPL_COUNTED:
	default:
		snprintf(why, size, "counted");
		break;
	}
}

/* reopen_merge: the new call whose time counts for this one */
static void reopened_line(struct strbuf *sb, const struct explanation *x)
{
	if (!x->reopen_next)
		return;
	char a[64], b[64];
	timefmt_local_short(x->tz, x->reopen_opened, a, sizeof(a));
	sb_puts(sb, "  reopened   as new call ");
	sb_add_visible(sb, x->reopen_next, strlen(x->reopen_next));
	if (x->reopen_resolved != TS_NONE) {
		timefmt_local_short(x->tz, x->reopen_resolved, b, sizeof(b));
		sb_printf(sb, ", logged %s, fixed %s: counted as one call (reopen_merge), "
			  "the resolution clock runs to that fix\n", a, b);
	} else {
		sb_printf(sb, ", logged %s, not fixed yet: counted as one call (reopen_merge), "
			  "the resolution clock runs to now\n", a);
	}
}

static void render_one(struct strbuf *sb, const struct explanation *x)
{
	char a[64], b[64], c[64];
	/* the supplier's text with its control characters made visible
	 * (sb_add_visible), so each stays on its line */
	sb_puts(sb, "Ticket ");
	sb_add_visible(sb, x->id, strlen(x->id));
	sb_printf(sb, " (feed %s, row %zu)\n", x->feed, x->row);
	if (x->summary && *x->summary) {
		sb_puts(sb, "  summary    ");
		sb_add_visible(sb, x->summary, strlen(x->summary));
		sb_putc(sb, '\n');
	}
	if (x->priority) {
		sb_puts(sb, "  priority   ");
		sb_add_visible(sb, x->priority, strlen(x->priority));
		sb_putc(sb, '\n');
	}
	if (!x->sla) {
		sb_puts(sb, "  no service level matches this ticket, so it is not clocked\n\n");
		return;
	}
	sb_printf(sb, "  SLA        %s%s%s (calendar %s, time zone %s)\n", x->sla,
		  x->sla_when ? ": " : "", x->sla_when ? x->sla_when : "", x->calendar,
		  x->tz_name);
	timefmt_local(x->tz, x->opened, a, sizeof(a));
	sb_printf(sb, "  opened     %s\n", a);
	if (x->responded != TS_NONE) {
		timefmt_local(x->tz, x->responded, a, sizeof(a));
		sb_printf(sb, "  responded  %s\n", a);
	} else if (x->resolved != TS_NONE) {
		sb_puts(sb, "  responded  (no response recorded: counts as responded when resolved)\n");
	}
	if (x->resolved != TS_NONE) {
		timefmt_local(x->tz, x->resolved, a, sizeof(a));
		sb_printf(sb, "  resolved   %s\n", a);
	} else {
		timefmt_local(x->tz, x->now, a, sizeof(a));
		sb_printf(sb, "  resolved   not yet; clocks run to now, %s\n", a);
	}
	const struct expl_clock *cl[2] = { &x->response, &x->resolution };
	const char *names[2] = { "response  ", "resolution" };
	for (int i = 0; i < 2; i++) {
		wording_work_time(cl[i]->elapsed, a, sizeof(a));
		wording_work_time(cl[i]->target, b, sizeof(b));
		sb_printf(sb, "  %s %s: %s of %s (%lld s of %lld s)\n", names[i], cl[i]->status, a,
			  b, (long long)cl[i]->elapsed, (long long)cl[i]->target);
	}
	reopened_line(sb, x);
	wording_work_time(x->paused, a, sizeof(a));
	sb_printf(sb, "  paused     %s (%lld s)\n", a, (long long)x->paused);
	if (x->waiting != TS_NONE) {
		timefmt_local_short(x->tz, x->waiting, a, sizeof(a));
		sb_puts(sb, "  waiting    on the school (status '");
		sb_add_visible(sb, x->waiting_status, strlen(x->waiting_status));
		sb_printf(sb, "') since %s: its clocks are stopped\n", a);
	}
	if (!x->npiece) {
		sb_puts(sb, "\n");
		return;
	}
	sb_puts(sb, "\n  from              to                 length      running total  why\n");
	for (size_t i = 0; i < x->npiece; i++) {
		const struct expl_piece *p = &x->piece[i];
		char why[256], tot[32];
		reason_text(x, p, why, sizeof(why));
		timefmt_local_short(x->tz, p->from, a, sizeof(a));
		timefmt_local_short(x->tz, p->to, b, sizeof(b));
		hours_minutes(p->to - p->from, c, sizeof(c));
		hours_minutes(p->total, tot, sizeof(tot));
		sb_printf(sb, "  %-17s %-17s  %-11s %-14s ", a, b, c, tot);
		sb_add_visible(sb, why, strlen(why));   /* a pause status is the supplier's */
		sb_putc(sb, '\n');
		if (p->response_stops)
			sb_printf(sb, "  %-17s response clock stops here: %s\n", b,
				  x->response.status);
	}
	sb_puts(sb, "\n");
}

char *explain_render(const struct explanations *xs)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < xs->n; i++)
		render_one(&sb, &xs->v[i]);
	return sb_detach(&sb);
}
