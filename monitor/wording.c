/*
 * wording — the school contact's sentences.  Keep them short, concrete
 * and free of jargon; every finding: what happened, why it matters, and
 * the question to put to the supplier.
 */
#include "wording.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "civil.h"
#include "clock.h"
#include "finding.h"
#include "timefmt.h"
#include "util.h"

/* "3 hours", "1 minute" at p (room enough), returning the end. */
static char *put_count(char *p, int64_t n, const char *unit)
{
	char digits[24], *d = digits + sizeof(digits);
	uint64_t u = (uint64_t)n;
	do
		*--d = (char)('0' + u % 10);
	while (u /= 10);
	size_t nd = (size_t)(digits + sizeof(digits) - d);
	memcpy(p, d, nd);
	p += nd;
	*p++ = ' ';
	size_t nu = strlen(unit);
	memcpy(p, unit, nu);
	p += nu;
	if (n != 1)
		*p++ = 's';
	return p;
}

/* Formatted by hand, not by snprintf: a year's late calls each need two. */
void wording_duration(int64_t secs, char *buf, size_t size)
{
	if (secs < 60) {
		const char *what = secs <= 0 ? "no time" : "less than a minute";
		str_copy(buf, size, what, strlen(what));
		return;
	}
	int64_t h = secs / 3600, m = (secs % 3600) / 60;
	char tmp[96], *p = tmp;
	if (h)
		p = put_count(p, h, "hour");
	if (h && m)
		*p++ = ' ';
	if (m)
		p = put_count(p, m, "minute");
	str_copy(buf, size, tmp, (size_t)(p - tmp));
}

/* "24 working hours", "1 working hour" for whole hours (0 too), else
 * "48 h 43 min", "43 min"; under a minute "less than a minute". */
void wording_work_time(int64_t secs, char *buf, size_t size)
{
	if (secs < 0)
		secs = 0;
	int64_t h = secs / 3600, m = (secs % 3600) / 60;
	if (secs % 3600 == 0) {
		snprintf(buf, size, "%lld working hour%s", (long long)h, h == 1 ? "" : "s");
	} else if (secs < 60) {
		str_copy(buf, size, "less than a minute", 18);
	} else if (h) {
		snprintf(buf, size, "%lld h %lld min", (long long)h, (long long)m);
	} else {
		snprintf(buf, size, "%lld min", (long long)m);
	}
}

/* An amount of working time in a sentence: "636 working hours", "48 h
 * 43 min of working time". */
static void work_amount(int64_t secs, char *buf, size_t size)
{
	char tmp[64];
	wording_work_time(secs, tmp, sizeof(tmp));
	snprintf(buf, size, "%s%s", tmp, strstr(tmp, "working") ? "" : " of working time");
}

void wording_hours(int64_t uh, char *buf, size_t size)
{
	/* two decimals at most, trailing zeros dropped */
	int64_t c = (uh + 5000) / 10000;
	if (c % 100 == 0)
		snprintf(buf, size, "%lld", (long long)(c / 100));
	else if (c % 10 == 0)
		snprintf(buf, size, "%lld.%lld", (long long)(c / 100), (long long)(c % 100 / 10));
	else
		snprintf(buf, size, "%lld.%02lld", (long long)(c / 100), (long long)(c % 100));
}

static const char *who(const char *supplier)
{
	return supplier ? supplier : "The supplier";
}

void wording_sla_missed(struct finding *f, const char *sla, const char *supplier,
			size_t tickets, size_t met, int32_t compliance, int32_t target_ppm)
{
	char pct[16], tgt[16];
	int tenths = (compliance + 5) / 10;   /* 9167 -> 917 -> "91.7%" */
	snprintf(pct, sizeof(pct), "%d.%d%%", tenths / 10, tenths % 10);
	if (target_ppm % 10000 == 0)
		snprintf(tgt, sizeof(tgt), "%d%%", target_ppm / 10000);
	else
		snprintf(tgt, sizeof(tgt), "%d.%d%%", target_ppm / 10000, target_ppm % 10000 / 1000);
	f->message = finding_keep(f, xasprintf(
		"%s dealt with %zu of %zu '%s' calls on time in this period (%s). The contract "
		"promises %s. Calls handled late mean staff and pupils wait longer than the "
		"school pays for.", who(supplier), met, tickets, sla, pct, tgt));
	f->question = finding_keep(f, xasprintf(
		"Why %s %zu of the %zu '%s' calls outside the agreed times, and what will you "
		"change so that at least %s are on time?", tickets - met == 1 ? "was" : "were",
		tickets - met, tickets, sla, tgt));
}

static const char *calls(size_t n)
{
	return n == 1 ? "call" : "calls";
}

void wording_claim_mismatch(struct finding *f, const char *sla, const char *supplier,
			    size_t claimed, size_t claimed_met, size_t clock_met,
			    size_t no_verdict, const char *const *ticket, const int *says,
			    size_t n)
{
	struct strbuf sb = STRBUF_INIT, qb = STRBUF_INIT;
	sb_printf(&sb, "%s's own export marks %zu of %zu '%s' %s as within the service level. "
		  "By the contract's clock, %zu of them %s. So the supplier's own figures "
		  "count %zu more %s as on time than the contract does, and make its service "
		  "look better than it was.", who(supplier), claimed_met, claimed, sla,
		  calls(claimed), clock_met, clock_met == 1 ? "was" : "were",
		  claimed_met - clock_met, calls(claimed_met - clock_met));
	if (n) {
		sb_puts(&sb, " For example: ");
		for (size_t i = 0; i < n; i++)
			sb_printf(&sb, "%s%s (%s)", i ? (i + 1 == n ? " and " : ", ") : "",
				  ticket[i], wording_claim_verdicts(says[i]));
		sb_putc(&sb, '.');
	}
	if (no_verdict)
		sb_printf(&sb, " %zu %s had no verdict from the supplier and %s left out.",
			  no_verdict, calls(no_verdict), no_verdict == 1 ? "is" : "are");
	if (!n)
		sb_puts(&qb, "Which clock do you use to decide that a call met its service level?");
	else {
		sb_puts(&qb, "The contract counts support hours from when a call is logged until it "
			"is answered and fixed. Which clock did you use to decide whether ");
		for (size_t i = 0; i < n; i++)
			sb_printf(&qb, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", ticket[i]);
		sb_puts(&qb, " met the service level?");
	}
	f->message = finding_keep(f, sb_detach(&sb));
	f->question = finding_keep(f, sb_detach(&qb));
}

char *wording_claim_summary(size_t claimed, size_t claimed_met, size_t clock_met,
			    size_t said_met, size_t said_late, size_t no_verdict)
{
	char a[48], b[48];
	timefmt_percent(a, sizeof(a), claimed_met, claimed);
	timefmt_percent(b, sizeof(b), clock_met, claimed);
	char *s;
	if (!claimed)
		s = xasprintf("The supplier gave no verdict on any call closed in the period.");
	else {
		char agree[192] = "The two agree on every call.", late[80] = "", early[80] = "";
		if (said_met)
			snprintf(late, sizeof(late), "%zu %s it marks met %s late by the clock",
				 said_met, calls(said_met), said_met == 1 ? "was" : "were");
		if (said_late)
			snprintf(early, sizeof(early), "%zu %s it marks missed %s on time",
				 said_late, calls(said_late), said_late == 1 ? "was" : "were");
		if (said_met || said_late)
			snprintf(agree, sizeof(agree), "%s%s%s.", late, *late && *early ? "; " : "",
				 early);
		s = xasprintf("The supplier says %zu of %zu %s met the service level (%s); the "
			      "contract's clock says %zu (%s). %s", claimed_met, claimed,
			      calls(claimed), a, clock_met, b, agree);
	}
	if (no_verdict) {
		char *t = xasprintf("%s %zu %s had no verdict and %s left out.", s, no_verdict,
				    calls(no_verdict), no_verdict == 1 ? "is" : "are");
		free(s);
		s = t;
	}
	return s;
}

const char *wording_claim_verdicts(int supplier_met)
{
	return supplier_met ? "supplier: met; contract's clock: late"
			    : "supplier: missed; contract's clock: on time";
}

void wording_ticket(struct finding *f, const char *supplier, const char *ticket,
		    const char *summary, const char *sla, const char *opened,
		    const struct clock *response, const struct clock *resolution)
{
	char el[96], tg[64];
	struct strbuf sb = STRBUF_INIT, qb = STRBUF_INIT;
	/* sb_puts rather than sb_printf, and room for the usual length from
	 * the start: there can be thousands of these */
	sb_reserve(&sb, 384);
	sb_reserve(&qb, 160);
	sb_puts(&sb, "Call ");
	sb_puts(&sb, ticket);
	if (summary && *summary) {
		size_t n = strlen(summary);
		sb_puts(&sb, " (\"");
		sb_add(&sb, summary, n > 80 ? 80 : n);
		sb_puts(&sb, n > 80 ? "...\")" : "\")");
	}
	sb_puts(&sb, ", logged ");
	sb_puts(&sb, opened);
	sb_puts(&sb, " under the '");
	sb_puts(&sb, sla);
	sb_puts(&sb, "' service level, ");
	const struct clock *c;
	const char *q;
	if (response->status == CLOCK_BREACHED) {
		c = response;
		work_amount(c->elapsed, el, sizeof(el));
		wording_work_time(c->target, tg, sizeof(tg));
		sb_puts(&sb, c->stopped ? "was first answered after " : "has had no answer after ");
		sb_puts(&sb, el);
		q = "answered";
	} else if (resolution->status == CLOCK_BREACHED) {
		c = resolution;
		work_amount(c->elapsed, el, sizeof(el));
		wording_work_time(c->target, tg, sizeof(tg));
		sb_puts(&sb, c->stopped ? "took " : "is still not fixed after ");
		sb_puts(&sb, el);
		sb_puts(&sb, c->stopped ? " to fix" : "");
		q = "fixed";
	} else {
		c = response->status == CLOCK_AT_RISK ? response : resolution;
		q = c == response ? "answered" : "fixed";
		wording_work_time(c->target - c->elapsed, el, sizeof(el));
		wording_work_time(c->target, tg, sizeof(tg));
		sb_puts(&sb, "is still open and has ");
		sb_puts(&sb, el);
		sb_puts(&sb, " of its ");
		sb_puts(&sb, tg);
		sb_puts(&sb, " left to be ");
		sb_puts(&sb, q);
		sb_puts(&sb, ".");
	}
	if (c->status == CLOCK_BREACHED) {
		sb_puts(&sb, "; the contract allows ");
		sb_puts(&sb, tg);
		sb_puts(&sb, ".");
	}
	if (f->kind == FK_TICKET_BREACHED) {
		sb_puts(&sb, " Late calls leave staff and pupils without what they need for "
			"longer than the school pays for.");
		/* "Why did call %s take longer than the agreed %s to be %s, and
		 * has the cause been dealt with?" */
		sb_puts(&qb, "Why did call ");
		sb_puts(&qb, ticket);
		sb_puts(&qb, " take longer than the agreed ");
		sb_puts(&qb, tg);
		sb_puts(&qb, " to be ");
		sb_puts(&qb, q);
		sb_puts(&qb, ", and has the cause been dealt with?");
	} else {
		sb_puts(&sb, " If it is not dealt with soon it will miss the agreed time.");
		/* "Will call %s be %s within the agreed %s, and what is being
		 * done about it now?" */
		sb_puts(&qb, "Will call ");
		sb_puts(&qb, ticket);
		sb_puts(&qb, " be ");
		sb_puts(&qb, q);
		sb_puts(&qb, " within the agreed ");
		sb_puts(&qb, tg);
		sb_puts(&qb, ", and what is being done about it now?");
	}
	(void)supplier;
	f->question = finding_text(f, qb.buf, qb.len);
	f->message = finding_text(f, sb.buf, sb.len);
	sb_release(&qb);
	sb_release(&sb);
}

void wording_ticket_waiting(struct finding *f, const char *ticket, const char *summary,
			    const char *sla, const char *opened, const char *status,
			    const char *since, const struct clock *response,
			    const struct clock *resolution)
{
	const struct clock *c = response->status == CLOCK_BREACHED ||
				response->status == CLOCK_AT_RISK ? response : resolution;
	char el[96], tg[64], sm[96] = "";
	work_amount(c->elapsed, el, sizeof(el));
	wording_work_time(c->target, tg, sizeof(tg));
	if (summary && *summary) {
		size_t n = strlen(summary);
		snprintf(sm, sizeof(sm), " (\"%.*s%s\")", (int)(n > 80 ? 80 : n), summary,
			 n > 80 ? "..." : "");
	}
	f->message = finding_keep(f, xasprintf(
		"Call %s%s, logged %s under the '%s' service level, has been waiting on the "
		"school (status '%s') since %s, the first copy of the call log that showed it. "
		"Time spent waiting on the school does not count against the supplier, so the "
		"call is not counted as late while it waits. Before that it was open for %s "
		"without being %s; the contract allows %s. The call stays open until the "
		"school does its part.", ticket, sm, opened, sla, status, since, el,
		c == response ? "answered" : "fixed", tg));
	f->question = finding_keep(f, xasprintf(
		"What does call %s need from the school, who at school has been asked, and has it "
		"really been waiting on the school since %s?", ticket, since));
}

/* " (\"summary\")", cut at 80 characters, or "" */
static void quoted_summary(const char *summary, char *buf, size_t size)
{
	buf[0] = '\0';
	if (summary && *summary) {
		size_t n = strlen(summary);
		snprintf(buf, size, " (\"%.*s%s\")", (int)(n > 80 ? 80 : n), summary,
			 n > 80 ? "..." : "");
	}
}

void wording_stamp_rewritten(struct finding *f, const char *ticket,
			     const char *summary, const struct wording_rewrite *w, size_t n)
{
	static const char *const done[] = { "logged", "answered", "fixed" };
	static const char *const stamp[] = { "logged time", "answer time", "fix time" };
	char sm[96];
	quoted_summary(summary, sm, sizeof(sm));
	struct strbuf sb = STRBUF_INIT, what = STRBUF_INIT;
	sb_printf(&sb, "The record of call %s%s was changed after the event.", ticket, sm);
	for (size_t i = 0; i < n; i++) {
		const struct wording_rewrite *r = &w[i];
		if (r->what == 0)
			sb_printf(&sb, " The call log received %s said it was logged %s; the one "
				  "received %s says %s, later.", r->before_got, r->before,
				  r->shown_got, r->shown);
		else
		{
			sb_printf(&sb, " The call log received %s still showed it not %s; the one "
				  "received %s says it was %s %s, before that.", r->without_got,
				  done[r->what], r->shown_got, done[r->what], r->shown);
			if (r->before)
				sb_printf(&sb, " The log received %s had said it was %s %s.",
					  r->before_got, done[r->what], r->before);
		}
		sb_printf(&what, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", stamp[r->what]);
	}
	sb_puts(&sb, " A time moved after the event can make a late call look on time. "
		"fitsmon keeps the times as first reported for the clocks:");
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, w[i].kept ? "%s %s %s" : "%s not yet %s", i ? (i + 1 == n ? " and" :
			  ",") : "", done[w[i].what], w[i].kept ? w[i].kept : "");
	sb_puts(&sb, ".");
	f->message = finding_keep(f, sb_detach(&sb));
	f->question = finding_keep(f, xasprintf(
		"Why %s the %s of call %s changed after the event, who changed %s, and what %s "
		"the true time%s?", n > 1 ? "were" : "was", what.buf, ticket, n > 1 ? "them" : "it",
		n > 1 ? "are" : "is", n > 1 ? "s" : ""));
	sb_release(&what);
}

void wording_priority_lowered(struct finding *f, const char *ticket,
			      const char *summary, const char *from, const char *to,
			      const char *was, const char *now, const char *seen, int fix,
			      int64_t elapsed, int64_t target, const char *clocked, int first_rule)
{
	char sm[96], el[96], tg[64], pr[192] = "";
	quoted_summary(summary, sm, sizeof(sm));
	work_amount(elapsed, el, sizeof(el));
	wording_work_time(target, tg, sizeof(tg));
	if (was && now)
		snprintf(pr, sizeof(pr), " (priority '%.60s' to '%.60s')", was, now);
	f->message = finding_keep(f, xasprintf(
		"Call %s%s was made less urgent after it was already late. The call log received "
		"%s moved it from the '%s' service level to the slower '%s'%s. By then it had "
		"been open for %s without being %s; '%s' allows %s. Lowering a late call's "
		"priority makes it look on time. fitsmon clocks it under '%s'%s.", ticket, sm,
		seen, from, to, pr, el, fix ? "fixed" : "answered", from, tg, clocked,
		first_rule ? ", the service level it first took" :
		", as its latest priority says"));
	f->question = finding_keep(f, xasprintf(
		"Why was call %s made less urgent after it was already late, and who at school "
		"agreed to it?", ticket));
}

/* Wall-clock time between two events: "3 days 4 hours", "5 hours",
 * "20 minutes", "no time". */
static void gap_words(int64_t secs, char *buf, size_t size)
{
	long long d = secs / 86400, h = secs % 86400 / 3600;
	if (d && h)
		snprintf(buf, size, "%lld day%s %lld hour%s", d, d == 1 ? "" : "s", h,
			 h == 1 ? "" : "s");
	else if (d)
		snprintf(buf, size, "%lld day%s", d, d == 1 ? "" : "s");
	else
		wording_duration(secs, buf, size);
}

void wording_reopened(struct finding *f, const char *supplier, const char *first,
		      const char *first_summary, const char *fixed, const char *next,
		      const char *next_summary, const char *opened, const char *caller,
		      int64_t gap, const char *sla, const struct clock *merged)
{
	char sa[128], sb[128], g[64], el[96] = "", tg[64] = "";
	quoted_summary(first_summary, sa, sizeof(sa));
	quoted_summary(next_summary, sb, sizeof(sb));
	gap_words(gap, g, sizeof(g));
	struct strbuf m = STRBUF_INIT;
	if (caller)
		sb_printf(&m, "%s logged new call %s%s on %s, %s after %s's earlier call %s%s "
			  "was marked fixed by %s (%s).", caller, next, sb, opened, g, caller, first,
			  sa, supplier, fixed);
	else
		sb_printf(&m, "New call %s%s was logged on %s with the same description as call "
			  "%s, which %s marked fixed %s before (%s).", next, sb, opened, first,
			  supplier, g, fixed);
	sb_printf(&m, " The problem may not have been fixed: a call closed too early and logged "
		  "again starts a new clock, so the time the school waited for a real fix does "
		  "not show as late.");
	if (merged) {
		work_amount(merged->elapsed, el, sizeof(el));
		wording_work_time(merged->target, tg, sizeof(tg));
		sb_printf(&m, " Counted as one call, as the '%s' service level asks, call %s "
			  "%s %s to fix; the contract allows %s.", sla, first,
			  merged->stopped ? "took" : "has been open for", el, tg);
	}
	f->message = finding_keep(f, sb_detach(&m));
	f->question = finding_keep(f, xasprintf(
		"Was call %s really fixed on %s, or is call %s the same problem coming back? "
		"If it is the same problem, should call %s count as not fixed until call %s was?",
		first, fixed, next, first, next));
}

void wording_long_pause(struct finding *f, const char *supplier, const char *ticket,
			const char *summary, const char *sla, const char *opened,
			const char *next, int64_t paused, int64_t elapsed,
			const char *statuses)
{
	char sm[128], p[96], all[96];
	quoted_summary(summary, sm, sizeof(sm));
	wording_work_time(paused, p, sizeof(p));
	wording_work_time(paused + elapsed, all, sizeof(all));
	int64_t pct = (paused + elapsed) > 0 ? (paused * 100 + (paused + elapsed) / 2) /
		      (paused + elapsed) : 0;
	char *with = next ? xasprintf(" (with call %s, counted as the same call)", next) :
		     xstrdup("");
	f->message = finding_keep(f, xasprintf(
		"Call %s%s%s, logged %s under the '%s' service level, was paused for %s of its "
		"%s (%lld%%), in the status %s. Paused time does not count against %s, so a "
		"call kept paused for long can hide a slow fix.", ticket, sm, with, opened, sla,
		p, all, (long long)pct, statuses, supplier));
	free(with);
	f->question = finding_keep(f, xasprintf(
		"Why was call %s paused for %s, and what was it waiting for each time it was "
		"%s? Should all of that time be left out of the service level?", ticket, p,
		statuses));
}

/* "on Tue 24 Nov", "in the week starting Mon 23 Nov", ... */
static void describe_period(enum period every, int64_t first, int64_t end, char *buf,
			    size_t size)
{
	char a[32], b[32];
	int y, m, d;
	civil_format_short(first, a, sizeof(a));
	civil_format_short(end - 1, b, sizeof(b));
	civil_from_days(first, &y, &m, &d);
	static const char *const months[] = { "", "January", "February", "March", "April",
		"May", "June", "July", "August", "September", "October", "November", "December" };
	switch (every) {
	case PERIOD_DAY:
	case PERIOD_SCHOOL_DAY:
		snprintf(buf, size, "on %s", a);
		break;
	case PERIOD_WEEK:
	case PERIOD_SCHOOL_WEEK:
		snprintf(buf, size, "in the week starting %s", a);
		break;
	case PERIOD_MONTH:
		snprintf(buf, size, "in %s %d", months[m], y);
		break;
	case PERIOD_TERM:
		snprintf(buf, size, "in the term from %s to %s", a, b);
		break;
	default:
		snprintf(buf, size, "in the school year starting 1 September %d", y);
		break;
	}
}

void wording_activity_missed(struct finding *f, const char *supplier, int school,
			     const char *title, enum period every, int64_t first_day,
			     int64_t end_day, int times, size_t found, int64_t grace)
{
	if (school)
		supplier = "the school";
	char when[96];
	describe_period(every, first_day, end_day, when, sizeof(when));
	struct strbuf sb = STRBUF_INIT;
	if (found == 0)
		sb_printf(&sb, "Nothing in %s%s work log shows '%s' was done %s.",
			  school ? "the school's own" : who(supplier), school ? "" : "'s", title,
			  when);
	else
		sb_printf(&sb, "'%s' should be done %d times %s, but %s%s work log shows it "
			  "only %zu time%s.", title, times, when,
			  school ? "the school's own" : who(supplier), school ? "" : "'s", found,
			  found == 1 ? "" : "s");
	if (grace > 0) {
		char g[64];
		wording_duration(grace, g, sizeof(g));
		sb_printf(&sb, " (Records up to %s late were counted.)", g);
	}
	if (school) {
		sb_puts(&sb, " This is one of the jobs the school keeps for itself; when it is "
			"skipped, problems can go unnoticed until they cause real damage.");
		f->message = finding_keep(f, sb_detach(&sb));
		f->question = finding_keep(f, xasprintf("Was '%s' done %s? If it was, please add it to the log; "
					"if not, who will do it, and when?", title, when));
		return;
	}
	sb_puts(&sb, " This is regular work the school pays for; when it is skipped, problems "
		"can go unnoticed until they cause real damage.");
	f->message = finding_keep(f, sb_detach(&sb));
	f->question = finding_keep(f, xasprintf("Was '%s' done %s? If it was, please send us the record; if "
				"not, why not, and when will it be done?", title, when));
}

const char *wording_ask(int school)
{
	return school ? "Ask the person at school who does it" : "Ask";
}

void wording_activity_concern(struct finding *f, const char *supplier, const char *title,
			      size_t bad, size_t judged, const char *dates, const char *example)
{
	f->message = finding_keep(f, xasprintf(
		"%s's work log shows '%s' was done, but %zu of the %zu entries in this period "
		"%s a problem (%s), for example: \"%.100s\". A check that finds a problem "
		"only helps if someone then fixes it.", who(supplier), title, bad, judged,
		bad == 1 ? "reports" : "report", dates, example ? example : ""));
	f->question = finding_keep(f, xasprintf(
		"What was wrong each time '%s' reported a problem, has it been put right, and "
		"how will you stop it happening again?", title));
}

void wording_hours_short(struct finding *f, const char *supplier, int64_t monday,
			 int64_t contracted_s, int64_t delivered_uh)
{
	char a[32], got[32], want[32], gap[32];
	civil_format_short(monday, a, sizeof(a));
	int64_t want_uh = contracted_s * 1000000 / 3600;
	wording_hours(delivered_uh, got, sizeof(got));
	wording_hours(want_uh, want, sizeof(want));
	wording_hours(want_uh - delivered_uh, gap, sizeof(gap));
	f->message = finding_keep(f, xasprintf(
		"%s was on site for %s hours in the week starting %s; the contract says %s hours "
		"a week. The school pays for these hours whether or not they are used.",
		who(supplier), got, a, want));
	f->question = finding_keep(f, xasprintf(
		"Why were only %s of the %s contracted hours worked on site in the week starting "
		"%s, and when will the missing %s hours be made up?", got, want, a, gap));
}

void wording_feed_stale(struct finding *f, const char *supplier, const char *feed,
			const char *last_success, int64_t stale_after)
{
	char d[64];
	wording_duration(stale_after, d, sizeof(d));
	if (last_success)
		f->message = finding_keep(f, xasprintf(
			"No new data has arrived from %s's '%s' export since %s (more than %s "
			"ago). Until it does, this report cannot check that work and may look "
			"better than it really is.", who(supplier), feed, last_success, d));
	else
		f->message = finding_keep(f, xasprintf(
			"No data has ever arrived from %s's '%s' export. Until it does, this "
			"report cannot check that work.", who(supplier), feed));
	f->question = finding_keep(f, xasprintf(
		"Is your '%s' export to us still running? Please check it and tell us when it "
		"will be working again.", feed));
}

void wording_feed_unreadable(struct finding *f, const char *supplier, const char *feed,
			     const struct unreadable *u)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "We could not read %s's %s ('%s'), so this report makes no judgement on "
		  "the work it should show: it neither blames %s nor says all is well. ",
		  who(supplier), u->kind_words, feed, supplier ? supplier : "the supplier");
	if (u->column && u->is_time) {
		sb_printf(&sb, "All %zu dates in its '%s' column were written like %s", u->seen,
			  u->header, u->example ? u->example : "?");
		if (u->reading)
			sb_printf(&sb, ", which is %s%s", u->reading,
				  u->ambiguous ? " (as used in the UK; these dates could also be "
				  "read the American way, month first)" : "");
		sb_printf(&sb, ", but fitsmon is set up to read times like %s. ",
			  u->time_format ? u->time_format : "2026-11-24 14:05 (year-month-day)");
		if (u->suggest)
			sb_printf(&sb, "To fix it, set time_format = %s in the [feed \"%s\"] section "
				  "of the settings.", u->suggest, feed);
		else
			sb_printf(&sb, "To fix it, set time_format in the [feed \"%s\"] section of "
				  "the settings to match them.", feed);
	} else if (u->column) {
		sb_printf(&sb, "None of the %zu entries in its '%s' column said whether the work "
			  "was on site in words fitsmon knows", u->seen, u->header);
		if (u->example)
			sb_printf(&sb, " (they read like '%s')", u->example);
		sb_printf(&sb, ". Until that is fixed, on-site hours cannot be counted. To fix "
			  "it, list the words the export uses in onsite_values and offsite_values "
			  "in the [feed \"%s\"] section of the settings (unset, they are yes, true, "
			  "1 and no, false, 0).", feed);
	} else {
		char lim[16];
		snprintf(lim, sizeof(lim), "%g%%", u->max_rejected * 100);
		sb_printf(&sb, "%zu of its %zu rows could not be read, more than the %s allowed",
			  u->rejected, u->rows, lim);
		if (u->top_reason)
			sb_printf(&sb, "; %zu of them because of this: %s", u->top_n, u->top_reason);
		sb_puts(&sb, ". The rows are listed by number in the JSON report ('rejects') and by "
			"'fitsmon query rejects'.");
	}
	if (u->good_until)
		sb_printf(&sb, " The last copy that could be read arrived on %s; what happened "
			  "after that is shown as unknown.", u->good_until);
	f->message = finding_keep(f, sb_detach(&sb));
	if (u->column && u->is_time)
		f->question = finding_keep(f, xasprintf(
			"Has the way your '%s' export writes dates changed? Please tell us the "
			"date format it uses (for example, is %s day first or month first?).",
			feed, u->example ? u->example : "a date"));
	else
		f->question = finding_keep(f, xasprintf(
			"Has your '%s' export changed? Please send it in the agreed layout, and tell "
			"us what changed.", feed));
}

void wording_no_evidence(struct finding *f, const char *supplier, const char *function,
			 const char *what)
{
	/* the catalog's sentence starts with a capital: "Keeping the ..." */
	char *lower = xstrdup(what ? what : "");
	if (lower[0] >= 'A' && lower[0] <= 'Z')
		lower[0] = (char)(lower[0] + 32);
	f->message = finding_keep(f, xasprintf(
		"%s is responsible for %s at the school, but nothing in its work log for this "
		"period shows any of that work%s%s%s", who(supplier), function,
		*lower ? " (" : ".", lower, *lower ? ")" : ""));
	if (*lower && f->message[strlen(f->message) - 2] == '.') {
		/* "(keeping ... clean.)" -> "(keeping ... clean)." */
		size_t n = strlen(f->message);
		f->message[n - 2] = ')';
		f->message[n - 1] = '.';
	}
	free(lower);
	f->question = finding_keep(f, xasprintf(
		"What %s work did you do for us in this period, and why is it not in the work "
		"log you send us?", function));
}

/* ---- the report pages (HTML now; the text report may share them) ---- */

char *wording_report_verdict(size_t red, size_t amber, size_t unchecked)
{
	size_t total = red + amber;
	if (!total && unchecked)
		return xasprintf("Nothing we could check needs your attention, but %s of the "
				 "suppliers' data could not be checked, so this report cannot say "
				 "that all is well.", unchecked == 1 ? "some" : "several parts");
	if (!total)
		return xstrdup("Nothing needs your attention: the suppliers met everything we "
			       "could check.");
	if (total == 1)
		return xasprintf("1 thing needs your attention%s.", red ? ", and it is urgent" : "");
	if (red)
		return xasprintf("%zu things need your attention, %zu of them urgent.", total, red);
	return xasprintf("%zu things need your attention; none is urgent.", total);
}

char *wording_report_well_sla(const char *sla, size_t met, size_t tickets)
{
	char p[24];
	timefmt_percent(p, sizeof(p), met, tickets ? tickets : 1);
	return xasprintf("'%s' calls: %zu of %zu dealt with on time (%s), within the contract.",
			 sla, met, tickets, p);
}

char *wording_report_well_activity(const char *title, size_t done, size_t judged)
{
	return xasprintf("'%s' was done every time it was due (%zu out of %zu).", title, done,
			 judged);
}

char *wording_report_well_hours(const char *supplier, size_t weeks)
{
	return xasprintf("%s worked all the contracted on-site hours in %s %zu week%s.",
			 who(supplier), weeks == 1 ? "the" : "each of", weeks,
			 weeks == 1 ? "" : "s");
}

char *wording_report_unmatched(size_t n)
{
	return xasprintf("%zu call%s matched no service level in the contract and %s not "
			 "checked.", n, n == 1 ? "" : "s", n == 1 ? "was" : "were");
}

size_t wording_first_sentence(const char *text)
{
	int quoted = 0, depth = 0;
	size_t i = 0;
	for (; text[i]; i++) {
		char c = text[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '(')
			depth++;
		else if (c == ')' && depth)
			depth--;
		else if (!depth && (c == '.' || c == '?' || c == '!') &&
			 (text[i + 1] == ' ' || !text[i + 1]))
			return i + 1;
	}
	return i;
}

const char *wording_report_glossary(size_t i)
{
	static const char *const words[] = {
		"A service level (SLA) is the promise in the contract about how quickly calls "
		"are answered and fixed. Times count only during the support hours agreed in "
		"the contract, so evenings, weekends and holidays do not count, and neither "
		"does time spent waiting on the school (for example for parts or a reply).",
		"A call is on time only when it was both answered and fixed within the times "
		"the contract allows.",
		"Priority is how serious a call is: the top priority means the whole school or "
		"a lesson cannot go ahead; the lowest is a request for something new.",
		"FITS OM is the standard list of technical jobs that keep school ICT running "
		"(backups, security, printing and so on). The report checks the supplier's own "
		"work log for the jobs the school pays it to do.",
	};
	return i < sizeof(words) / sizeof(words[0]) ? words[i] : NULL;
}

const char *wording_report_note(enum wording_note n)
{
	switch (n) {
	case WN_NOTHING_WELL:
		return "Nothing in this period met every part of the contract.";
	case WN_SLA_INTRO:
		return "How many calls closed in this period were answered and fixed within the "
		       "times in the contract.";
	case WN_NO_SLA:
		return "The contracts set no service levels for calls.";
	case WN_CHART_INTRO:
		return "Each row is one service level, week by week: the share of the calls "
		       "closed that week that were answered and fixed in time. The dashed line "
		       "is the contract's target. A gap means no calls of that kind were closed "
		       "that week.";
	case WN_FN_INTRO:
		return "How much of the regular work each supplier is responsible for was "
		       "recorded as done when it was due, for each FITS OM function (see the "
		       "end of this report).";
	case WN_FN_NOT_CHECKED:
		return "Nothing to measure yet: no regular work was due in this period.";
	case WN_FN_NO_LOG:
		return "Not measured: this supplier sends no work log, so its regular work "
		       "cannot be checked.";
	case WN_NO_FUNCTIONS:
		return "No supplier is responsible for any FITS OM function in the contract.";
	case WN_LATE_INTRO:
		return "Calls where the supplier took longer than the contract allows to answer "
		       "or to fix them. Times count support hours only.";
	case WN_NO_LATE:
		return "No call was late in this period.";
	case WN_MISSED_INTRO:
		return "Regular work that the supplier's work log does not show as done when it "
		       "was due.";
	case WN_NO_MISSED:
		return "No regular work was missed in this period.";
	case WN_MISSED_UNKNOWN:
		return "Nothing is shown as missed, but some regular work could not be checked: "
		       "the work log that would show it could not be read (see the top of this "
		       "report).";
	case WN_HOURS_INTRO:
		return "The hours the supplier's staff were recorded as working in school each "
		       "week, against the hours in the contract.";
	case WN_NO_HOURS:
		return "No on-site hours are in the contract, or no school weeks fell in this "
		       "period.";
	case WN_FEEDS_INTRO:
		return "The call logs and work logs this report was made from.";
	case WN_CHART_GAP:
		return "No point: no calls of that kind were closed that week.";
	case WN_NO_FEEDS:
		return "No call logs or work logs are set up yet, so there was nothing to check.";
	case WN_MADE_BY:
		return "This report was made by fitsmon from the suppliers' own call logs and "
		       "work logs.";
	case WN_MAIL_FOLLOW_UP:
		return "Each is given in short here; the attached report says why it matters "
		       "and what to ask.";
	case WN_MAIL_ATTACHED:
		return "The full report, with every figure and what the words mean, is attached. "
		       "Your network manager can see any call's timings with 'fitsmon explain'.";
	}
	return "";
}

const char *wording_finding_heading(enum finding_kind k)
{
	switch (k) {
	case FK_SLA_TARGET_MISSED:
		return "Calls not dealt with in time";
	case FK_TICKET_BREACHED:
		return "Late call";
	case FK_TICKET_AT_RISK:
		return "Call about to be late";
	case FK_ACTIVITY_MISSED:
		return "Regular work missed";
	case FK_HOURS_SHORT:
		return "Not enough on-site hours";
	case FK_FEED_STALE:
		return "Data out of date";
	case FK_NO_EVIDENCE:
		return "No record of the work";
	case FK_ACTIVITY_CONCERN:
		return "Checks keep finding a problem";
	case FK_TICKET_WAITING:
		return "Call waiting on the school";
	case FK_CLAIM_MISMATCH:
		return "Supplier's own figures look better than the clock";
	case FK_CREDIT_DUE:
		return "Money you may be owed";
	case FK_STAMP_REWRITTEN:
		return "Call record changed after the event";
	case FK_PRIORITY_LOWERED:
		return "Late call made less urgent";
	case FK_REOPENED_AS_NEW:
		return "Fixed call logged again";
	case FK_LONG_PAUSE:
		return "Call paused for most of its time";
	case FK_FEED_UNREADABLE:
		return "Data that could not be read";
	case FK_COUNT:
		break;
	}
	return "Needs a look";
}

void wording_period_label(enum period every, int64_t first_day, int64_t end_day, char *buf,
			  size_t size)
{
	char a[32], b[32];
	int y, m, d;
	civil_format_short(first_day, a, sizeof(a));
	civil_format_short(end_day - 1, b, sizeof(b));
	civil_from_days(first_day, &y, &m, &d);
	switch (every) {
	case PERIOD_DAY:
	case PERIOD_SCHOOL_DAY:
		snprintf(buf, size, "%s %d", a, y);
		break;
	case PERIOD_WEEK:
	case PERIOD_SCHOOL_WEEK:
		snprintf(buf, size, "Week starting %s %d", a, y);
		break;
	case PERIOD_MONTH:
		snprintf(buf, size, "%s %d", civil_month_name(m), y);
		break;
	case PERIOD_TERM:
		snprintf(buf, size, "Term %s to %s %d", a, b, y);
		break;
	default:
		snprintf(buf, size, "School year from 1 Sep %d", y);
		break;
	}
}

char *wording_report_chart_desc(int64_t first_monday, int64_t last_monday, size_t nweeks)
{
	char a[32], b[32];
	civil_format_short(first_monday, a, sizeof(a));
	civil_format_short(last_monday, b, sizeof(b));
	return xasprintf("The share of calls dealt with on time in each of the %zu weeks from "
			 "the week starting %s to the week starting %s, one row for each "
			 "service level, against the contract's target.", nweeks, a, b);
}

char *wording_report_chart_sla(const char *sla, size_t below, size_t weeks)
{
	if (!weeks)
		return xasprintf("'%s': no calls were closed in these weeks.", sla);
	if (!below)
		return xasprintf("'%s': on target in all %zu week%s with closed calls.", sla, weeks,
				 weeks == 1 ? "" : "s");
	return xasprintf("'%s': below target in %zu of the %zu week%s with closed calls.", sla,
			 below, weeks, weeks == 1 ? "" : "s");
}

/* ---- trends (trends.h, README item 37) ------------------------------------ */

void wording_trend_before(int months, int64_t days, char *buf, size_t size)
{
	if (months)
		snprintf(buf, size, "last month");
	else
		snprintf(buf, size, "the %lld day%s before", (long long)days, days == 1 ? "" : "s");
}

/* "Last month" at the start of a sentence. */
static void upper_first(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s);
	if (dst[0] >= 'a' && dst[0] <= 'z')
		dst[0] = (char)(dst[0] - 'a' + 'A');
}

char *wording_trend_compliance(const char *before, int known, size_t met, size_t n,
			       int pknown, size_t pmet, size_t pn)
{
	char p[48], pp[48], B[64];
	upper_first(B, sizeof(B), before);
	timefmt_percent(p, sizeof(p), met, n);
	timefmt_percent(pp, sizeof(pp), pmet, pn);
	if (!known)
		return pknown && pn ? xasprintf("Not known this time: the call log could not be "
						"read. %s: %s on time.", B, pp)
				    : xasprintf("Not known this time: the call log could not be read.");
	if (!n)
		return pknown && pn ? xasprintf("No calls were closed this time. %s: %s on time.",
						B, pp)
				    : xasprintf("No calls were closed this time.");
	if (!pknown)
		return xasprintf("%s on time. %s is not known: the call log was not read for it.",
				 p, B);
	if (!pn)
		return xasprintf("%s on time. No calls were closed %s to compare.", p, before);
	/* met / n against pmet / pn, exactly */
	uint64_t a = (uint64_t)met * pn, b = (uint64_t)pmet * n;
	if (a == b)
		return xasprintf("The same as %s: %s on time.", before, p);
	return xasprintf("%s than %s: %s on time, was %s.", a > b ? "Better" : "Worse", before, p,
			 pp);
}

char *wording_trend_time(const char *verb, const char *before, int known, size_t n, int64_t med,
			 int64_t p90, int pknown, size_t pn, int64_t pmed, int64_t pp90)
{
	char m[64], q[64], pm[64], pq[64], B[64];
	if (!known || !n)
		return NULL;
	upper_first(B, sizeof(B), before);
	wording_work_time(med, m, sizeof(m));
	wording_work_time(p90, q, sizeof(q));
	if (!pknown)
		return xasprintf("To %s: half the calls within %s, 9 in 10 within %s. %s is not "
				 "known.", verb, m, q, B);
	if (!pn)
		return xasprintf("To %s: half the calls within %s, 9 in 10 within %s. There were "
				 "no calls %s to compare.", verb, m, q, before);
	wording_work_time(pmed, pm, sizeof(pm));
	wording_work_time(pp90, pq, sizeof(pq));
	/* lower is better: the median decides, then the 90th percentile */
	int cmp = med != pmed ? (med < pmed ? 1 : -1) : p90 != pp90 ? (p90 < pp90 ? 1 : -1) : 0;
	return xasprintf("%s %s to %s: half the calls within %s, 9 in 10 within %s. "
			 "%s: %s and %s.", cmp > 0 ? "Faster than" : cmp < 0 ? "Slower than" :
			 "As fast as", before, verb, m, q, B, pm, pq);
}

/* "12 days", "5 hours", "less than an hour": a wall-clock age. */
static void age(int64_t secs, char *buf, size_t size)
{
	if (secs >= 86400)
		snprintf(buf, size, "%lld day%s", (long long)(secs / 86400),
			 secs / 86400 == 1 ? "" : "s");
	else if (secs >= 3600)
		snprintf(buf, size, "%lld hour%s", (long long)(secs / 3600),
			 secs / 3600 == 1 ? "" : "s");
	else
		snprintf(buf, size, "less than an hour");
}

char *wording_trend_calls(const char *before, int known, size_t opened, size_t closed,
			  size_t open_end, int64_t oldest, int pknown, size_t popened,
			  size_t pclosed, size_t popen_end, int64_t poldest)
{
	struct strbuf sb = STRBUF_INIT;
	char a[48], B[64];
	upper_first(B, sizeof(B), before);
	if (!known)
		sb_puts(&sb, "Calls: not known this time.");
	else
		sb_printf(&sb, "%zu call%s opened and %zu closed.", opened, opened == 1 ? "" : "s",
			  closed);
	if (pknown)
		sb_printf(&sb, " %s: %zu and %zu.", B, popened, pclosed);
	else
		sb_printf(&sb, " %s is not known.", B);
	if (known) {
		sb_puts(&sb, " Still open at the end: ");
		if (open_end) {
			age(oldest, a, sizeof(a));
			sb_printf(&sb, "%zu, the oldest for %s.", open_end, a);
		} else {
			sb_puts(&sb, "none.");
		}
		if (pknown && popen_end) {
			age(poldest, a, sizeof(a));
			sb_printf(&sb, " %s: %zu, the oldest for %s.", B, popen_end, a);
		} else if (pknown) {
			sb_printf(&sb, " %s: none.", B);
		}
	}
	return sb_detach(&sb);
}

/* ---- grouped findings (findgroup.h, README item 38) ------------------------ */

/* "Mon 9, Tue 10, Thu 12 and Fri 13 Nov": the month named once per run of
 * dates in it (the year is the report's). */
void wording_date_list(const int64_t *days, size_t n, int weekday, struct strbuf *sb)
{
	for (size_t i = 0; i < n; i++) {
		int y, m, d, ny = 0, nm = 0, nd;
		civil_from_days(days[i], &y, &m, &d);
		if (i + 1 < n)
			civil_from_days(days[i + 1], &ny, &nm, &nd);
		if (i)
			sb_puts(sb, i + 1 == n ? " and " : ", ");
		if (weekday)
			sb_printf(sb, "%s ", civil_weekday_name(civil_weekday(days[i])));
		sb_printf(sb, "%d", d);
		if (i + 1 == n || nm != m || ny != y)
			sb_printf(sb, " %s", civil_month_name(m));
	}
}

void wording_group_missed(const char *supplier, int school, const char *title, enum period every,
			  const int64_t *days, size_t n, char **message, char **question)
{
	struct strbuf list = STRBUF_INIT;
	const char *unit, *lead = "";
	int daily = every == PERIOD_DAY || every == PERIOD_SCHOOL_DAY;
	int weekly = every == PERIOD_WEEK || every == PERIOD_SCHOOL_WEEK;
	if (every == PERIOD_DAY)
		unit = "days";
	else if (every == PERIOD_SCHOOL_DAY)
		unit = "school days";
	else if (weekly)
		unit = "weeks", lead = "the weeks starting ";
	else if (every == PERIOD_MONTH)
		unit = "months", lead = "the months starting ";
	else
		unit = "periods", lead = "the periods starting ";
	wording_date_list(days, n, daily || weekly, &list);
	*message = xasprintf("'%s' was not logged %s %zu %s: %s%s. This is regular work %s; when "
			     "it is skipped, problems can go unnoticed until they do real damage.",
			     title, daily ? "on" : "in", n, unit, lead, list.buf,
			     school ? "the school keeps for itself" : "the school pays for");
	*question = school
		? xasprintf("Was '%s' done on those %s? If it was, please add it to the log; if "
			    "not, who will do it?", title, daily ? unit : "dates")
		: xasprintf("Was '%s' done on those %s? If it was, please send us the records; "
			    "if not, why not?", title, daily ? unit : "dates");
	(void)supplier;
	sb_release(&list);
}

void wording_group_hours(const char *supplier, const int64_t *mondays, size_t n,
			 char **message, char **question)
{
	struct strbuf list = STRBUF_INIT;
	wording_date_list(mondays, n, 0, &list);
	*message = xasprintf("%s worked fewer on-site hours than the contract says in %zu weeks: "
			     "the weeks starting %s. The school pays for these hours whether or "
			     "not they are used.", who(supplier), n, list.buf);
	*question = xasprintf("Why were the contracted on-site hours not worked in those weeks, "
			      "and when will the missing hours be made up?");
	sb_release(&list);
}

/* ---- service credits (credits.c) ---- */

char *wording_credit_sla_item(const char *sla, size_t tickets, size_t met, int32_t compliance,
			      const char *tier, const char *percent, const char *amount)
{
	char pct[16];
	snprintf(pct, sizeof(pct), "%d.%02d%%", compliance / 100, compliance % 100);
	if (!tickets)
		return xasprintf("no '%s' calls were closed, so nothing is owed for them", sla);
	if (!tier)
		return xasprintf("%zu of %zu '%s' calls were dealt with in time (%s), which earns "
				 "no credit", met, tickets, sla, pct);
	return xasprintf("%zu of %zu '%s' calls were dealt with in time (%s, below %s), which "
			 "earns %s of the monthly charge: %s", met, tickets, sla, pct, tier, percent,
			 amount);
}

char *wording_credit_activity_item(const char *title, size_t missed, const char *each,
				   const char *percent, const char *amount)
{
	if (!missed)
		return xasprintf("'%s' was never missed", title);
	return xasprintf("'%s' was missed %zu time%s, at %s each: %s of the monthly charge, %s",
			 title, missed, missed == 1 ? "" : "s", each, percent, amount);
}

void wording_credit_due(struct finding *f, const char *supplier, const char *month,
			const char *total, const char *charge, const char *working,
			const char *percent, const char *cap)
{
	if (cap)
		f->message = finding_keep(f, xasprintf(
			"You may be owed %s for %s. The contract gives the school money back when "
			"%s falls short. In %s: %s. That comes to %s of the monthly charge of %s, "
			"but the contract caps credits at %s a month, so the credit is %s.",
			total, month, who(supplier), month, working, percent, charge, cap, total));
	else
		f->message = finding_keep(f, xasprintf(
			"You may be owed %s for %s. The contract gives the school money back when "
			"%s falls short. In %s: %s. That comes to %s of the monthly charge of %s: %s.",
			total, month, who(supplier), month, working, percent, charge, total));
	f->question = finding_keep(f, xasprintf(
		"Will you confirm that the service credit of %s for %s will be taken off our "
		"next invoice?", total, month));
}

char *wording_credit_unknown(const char *supplier, const char *month)
{
	return xasprintf("%s: not worked out. Some of %s's data for the month could not be "
			 "read, so no credit is claimed for it yet.", month, who(supplier));
}

const char *wording_credits_intro(void)
{
	return "The contract gives the school money back (a service credit) for each month "
	       "the supplier falls short. Each month is worked out on all of its days, once it "
	       "is over. Ask for the credit on the next invoice.";
}

char *wording_credit_month(const char *supplier, const char *month, const char *total,
			   const char *percent, const char *charge, const char *cap)
{
	if (!total)
		return wording_credit_unknown(supplier, month);
	if (!strcmp(percent, "0%"))
		return xasprintf("%s: nothing owed by %s.", month, who(supplier));
	if (cap)
		return xasprintf("%s: %s may be owed by %s. The shortfalls add up to %s of the "
				 "monthly charge of %s; the contract caps credits at %s a month.",
				 month, total, who(supplier), percent, charge, cap);
	return xasprintf("%s: %s may be owed by %s (%s of the monthly charge of %s).", month,
			 total, who(supplier), percent, charge);
}

/* ---- the termly review pack ------------------------------------------------ */

const char *wording_term_note(enum wording_term_note n)
{
	switch (n) {
	case WT_INTRO:
		return "This pack reviews one school term. Every figure in it covers the dates of "
		       "that term only. Use it at the termly meeting with the supplier.";
	case WT_CREDITS_INTRO:
		return "Money the contract says the supplier owes back when it falls short.";
	case WT_NO_CREDITS:
		return "No service credit is shown as due for this term.";
	case WT_CLAIMS_INTRO:
		return "The supplier's own record of which calls were dealt with in time, "
		       "checked against the times in its call log.";
	case WT_NO_CLAIMS:
		return "No difference was found between the supplier's own record of calls dealt "
		       "with in time and what its call log shows.";
	case WT_SIGNALS_INTRO:
		return "Signs that call records were changed in a way that makes the service look "
		       "better: times moved, priorities lowered, calls closed and logged again as "
		       "new, or long waits on the school.";
	case WT_NO_SIGNALS:
		return "Nothing in this term's call records looks changed to make the service look "
		       "better.";
	case WT_FN_INTRO:
		return "For each FITS OM function, the regular work that fell due this term and "
		       "how much of it the supplier's work log shows as done.";
	case WT_QUESTIONS_INTRO:
		return "Problems that were already open at the end of last term and are still not "
		       "put right. Ask about them again.";
	case WT_NO_QUESTIONS:
		return "Nothing that was open at the end of last term is still open.";
	case WT_FIRST_TERM:
		return "This is the first term in the school calendar, so there is no earlier term "
		       "to carry questions over from.";
	case WT_NO_HISTORY:
		return "fitsmon's record does not go back to the end of last term, so last term's "
		       "open questions are not known.";
	case WT_NOT_ALL_READ:
		return "Some of the suppliers' data could not be read (see the top of this pack), "
		       "so this covers only the data that could.";
	case WT_TOLD_BELOW:
		return "Late calls are listed in their own table below. Service credits, the "
		       "supplier's own figures and signs that records were changed have sections "
		       "of their own at the end of this pack.";
	}
	return "";
}

char *wording_term_label(size_t index, size_t count, int64_t first_day, int64_t end_day)
{
	char a[32], b[32];
	int y1, y2, m, d;
	civil_format_short(first_day, a, sizeof(a));
	civil_format_short(end_day - 1, b, sizeof(b));
	civil_from_days(first_day, &y1, &m, &d);
	civil_from_days(end_day - 1, &y2, &m, &d);
	if (y1 != y2)
		return xasprintf("Term %zu of %zu: %s %d to %s %d", index + 1, count, a, y1, b, y2);
	return xasprintf("Term %zu of %zu: %s to %s %d", index + 1, count, a, b, y2);
}

char *wording_term_first_seen(int64_t first_day)
{
	char a[32];
	int y, m, d;
	civil_format_short(first_day, a, sizeof(a));
	civil_from_days(first_day, &y, &m, &d);
	return xasprintf("First seen %s %d, and not put right since.", a, y);
}
