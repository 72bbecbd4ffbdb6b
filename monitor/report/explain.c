/*
 * explain — cut the ticket's span at every boundary that matters (local
 * midnights, the start and end of open hours, pauses, the response stop),
 * classify each piece once, and merge neighbours with the same reason.
 */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "civil.h"
#include "clock.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "slachoice.h"
#include "timefmt.h"
#include "tz.h"
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

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Index of the span holding t, or -1. */
static long in_spans(const struct span *v, size_t n, int64_t t)
{
	for (size_t i = 0; i < n; i++)
		if (t >= v[i].a && t < v[i].b)
			return (long)i;
	return -1;
}

static const char *const day_names[] = { "", "Mondays", "Tuesdays", "Wednesdays", "Thursdays",
					 "Fridays", "Saturdays", "Sundays" };

/* Why the piece starting at t counts or not; 1 when it counts. */
static int classify(const struct config *cfg, struct cal *cal, const struct ticket *t,
		    int64_t x, char *why, size_t size)
{
	int64_t day = tz_day_of(cfg->tz, x);
	int64_t iv[64];
	int open = 0;
	for (int64_t d = day - 1; d <= day + 1 && !open; d++) {
		size_t n = cal_day_intervals(cal, d, iv, 32);
		for (size_t k = 0; k < n && !open; k++)
			open = x >= iv[2 * k] && x < iv[2 * k + 1];
	}
	if (!open) {
		const char *label;
		char hours[128];
		switch (cal_day_state(cal, day, &label)) {
		case CAL_NO_HOURS:
			snprintf(why, size, "not counted: no hours on %s",
				 day_names[civil_weekday(day)]);
			break;
		case CAL_NOT_TERM:
			snprintf(why, size, "not counted: outside term");
			break;
		case CAL_CLOSED:
			snprintf(why, size, "not counted: closed day%s%s", label && *label ? ", " : "",
				 label ? label : "");
			break;
		default:
			cal_describe_hours(cal, hours, sizeof(hours));
			snprintf(why, size, "not counted: outside hours (%s)", hours);
			break;
		}
		return 0;
	}
	long p = in_spans(t->pause, t->npause, x);
	if (p >= 0) {
		snprintf(why, size, "not counted: paused (%s)", t->pause_status[p]);
		return 0;
	}
	if (in_spans(t->excl, t->nexcl, x) >= 0) {
		snprintf(why, size, "not counted: resolved, later reopened");
		return 0;
	}
	snprintf(why, size, "counted");
	return 1;
}

static void explain_one(struct strbuf *sb, const struct config *cfg, const struct ticket *t,
			int64_t now)
{
	const struct feed *f = &cfg->feed[t->feed];
	char a[64], b[64], c[64];
	sb_printf(sb, "Ticket %s (feed %s, row %zu)\n", t->id, f->id, t->row);
	if (t->cell[FIELD_SUMMARY] && *t->cell[FIELD_SUMMARY])
		sb_printf(sb, "  summary    %s\n", t->cell[FIELD_SUMMARY]);
	if (t->cell[FIELD_PRIORITY])
		sb_printf(sb, "  priority   %s\n", t->cell[FIELD_PRIORITY]);
	int k = slachoice_first(cfg, t->feed, t->cell);
	if (k < 0) {
		sb_puts(sb, "  no service level matches this ticket, so it is not clocked\n\n");
		return;
	}
	const struct sla *s = &cfg->sla[k];
	struct cal *cal = evaluate_sla_cal(cfg, s, t);
	sb_printf(sb, "  SLA        %s%s%s (calendar %s, time zone %s)\n", s->id,
		  s->when_text ? ": " : "", s->when_text ? s->when_text : "", cal_name(cal),
		  tz_name(cfg->tz));
	int64_t rstop = t->responded != TS_NONE ? t->responded : t->resolved;
	struct clock rc, xc;
	clock_run(cal, t->opened, rstop, now, t->excl, t->nexcl, s->respond, s->warn_ppm, &rc);
	clock_run(cal, t->opened, t->resolved, now, t->excl, t->nexcl, s->resolve, s->warn_ppm, &xc);
	timefmt_local(cfg->tz, t->opened, a, sizeof(a));
	sb_printf(sb, "  opened     %s\n", a);
	if (t->responded != TS_NONE) {
		timefmt_local(cfg->tz, t->responded, a, sizeof(a));
		sb_printf(sb, "  responded  %s\n", a);
	} else if (t->resolved != TS_NONE) {
		sb_puts(sb, "  responded  (no response recorded: counts as responded when resolved)\n");
	}
	if (t->resolved != TS_NONE) {
		timefmt_local(cfg->tz, t->resolved, a, sizeof(a));
		sb_printf(sb, "  resolved   %s\n", a);
	} else {
		timefmt_local(cfg->tz, now, a, sizeof(a));
		sb_printf(sb, "  resolved   not yet; clocks run to now, %s\n", a);
	}
	struct clock *cl[2] = { &rc, &xc };
	const char *names[2] = { "response  ", "resolution" };
	for (int i = 0; i < 2; i++) {
		wording_work_time(cl[i]->elapsed, a, sizeof(a));
		wording_work_time(cl[i]->target, b, sizeof(b));
		sb_printf(sb, "  %s %s: %s of %s (%lld s of %lld s)\n", names[i],
			  clock_status_name(cl[i]->status), a, b, (long long)cl[i]->elapsed,
			  (long long)cl[i]->target);
	}
	int64_t end = t->resolved != TS_NONE ? t->resolved : now;
	int64_t paused = t->opened < end ? clock_inside(cal, t->opened, end, t->pause, t->npause) : 0;
	wording_work_time(paused, a, sizeof(a));
	sb_printf(sb, "  paused     %s (%lld s)\n", a, (long long)paused);
	if (t->waiting != TS_NONE && t->resolved == TS_NONE) {
		timefmt_local_short(cfg->tz, t->waiting, a, sizeof(a));
		sb_printf(sb, "  waiting    on the school (status '%s') since %s: its clocks are "
			  "stopped\n", t->npause ? t->pause_status[t->npause - 1] : "paused", a);
	}
	if (end <= t->opened) {
		sb_puts(sb, "\n");
		return;
	}

	/* cut points */
	size_t n = 0, cap = 0;
	int64_t *cut = NULL;
#define CUT(x) do { if ((x) > t->opened && (x) < end) { \
	VEC_GROW(cut, n, cap, n + 1); cut[n++] = (x); } } while (0)
	VEC_GROW(cut, n, cap, 2);
	cut[n++] = t->opened;
	cut[n++] = end;
	int64_t d0 = tz_day_of(cfg->tz, t->opened) - 1, d1 = tz_day_of(cfg->tz, end) + 1;
	int64_t iv[64];
	for (int64_t d = d0; d <= d1; d++) {
		CUT(tz_midnight(cfg->tz, d));
		size_t m = cal_day_intervals(cal, d, iv, 32);
		for (size_t q = 0; q < 2 * m; q++)
			CUT(iv[q]);
	}
	for (size_t q = 0; q < t->nexcl; q++) {
		CUT(t->excl[q].a);
		CUT(t->excl[q].b);
	}
	for (size_t q = 0; q < t->npause; q++) {
		CUT(t->pause[q].a);
		CUT(t->pause[q].b);
	}
	if (rc.stopped)
		CUT(rc.stop);
#undef CUT
	qsort(cut, n, sizeof(*cut), cmp_i64);
	sb_puts(sb, "\n  from              to                 length      running total  why\n");
	int64_t total = 0;
	size_t i = 0;
	while (i + 1 < n) {
		if (cut[i] == cut[i + 1]) {
			i++;
			continue;
		}
		char why[256], why2[256];
		int counts = classify(cfg, cal, t, cut[i], why, sizeof(why));
		/* merge while the reason stays the same, and stop at the
		 * response clock's stop so it can be marked */
		size_t j = i + 1;
		while (j + 1 < n && !(rc.stopped && cut[j] == rc.stop)) {
			if (cut[j] == cut[j + 1]) {
				j++;
				continue;
			}
			int c2 = classify(cfg, cal, t, cut[j], why2, sizeof(why2));
			if (c2 != counts || strcmp(why, why2))
				break;
			j++;
		}
		int64_t len = cut[j] - cut[i];
		if (counts)
			total += len;
		timefmt_local_short(cfg->tz, cut[i], a, sizeof(a));
		timefmt_local_short(cfg->tz, cut[j], b, sizeof(b));
		hours_minutes(len, c, sizeof(c));
		char tot[32];
		hours_minutes(total, tot, sizeof(tot));
		sb_printf(sb, "  %-17s %-17s  %-11s %-14s %s\n", a, b, c, tot, why);
		if (rc.stopped && cut[j] == rc.stop)
			sb_printf(sb, "  %-17s response clock stops here: %s\n", b,
				  clock_status_name(rc.status));
		i = j;
	}
	free(cut);
	sb_puts(sb, "\n");
}

char *explain_ticket(const struct config *cfg, const struct dataset *ds, const char *id,
		     int64_t now, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ds->nt; i++)
		if (!strcmp(ds->t[i].id, id) && ds->t[i].opened != TS_NONE)
			explain_one(&sb, cfg, &ds->t[i], now);
	if (!sb.len) {
		errorf(err, "no ticket '%s' in any feed", id);
		return NULL;
	}
	return sb_detach(&sb);
}
