/*
 * wording — the school contact's sentences.  Keep them short, concrete
 * and free of jargon; every finding: what happened, why it matters, and
 * the question to put to the supplier.
 */
#include "wording.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "clock.h"
#include "finding.h"
#include "util.h"

void wording_duration(int64_t secs, char *buf, size_t size)
{
	if (secs < 60) {
		snprintf(buf, size, "%s", secs <= 0 ? "no time" : "less than a minute");
		return;
	}
	int64_t h = secs / 3600, m = (secs % 3600) / 60;
	if (h && m)
		snprintf(buf, size, "%lld hour%s %lld minute%s", (long long)h, h == 1 ? "" : "s",
			 (long long)m, m == 1 ? "" : "s");
	else if (h)
		snprintf(buf, size, "%lld hour%s", (long long)h, h == 1 ? "" : "s");
	else
		snprintf(buf, size, "%lld minute%s", (long long)m, m == 1 ? "" : "s");
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
	f->message = xasprintf(
		"%s dealt with %zu of %zu '%s' calls on time in this period (%s). The contract "
		"promises %s. Calls handled late mean staff and pupils wait longer than the "
		"school pays for.", who(supplier), met, tickets, sla, pct, tgt);
	f->question = xasprintf(
		"Why %s %zu of the %zu '%s' calls outside the agreed times, and what will you "
		"change so that at least %s are on time?", tickets - met == 1 ? "was" : "were",
		tickets - met, tickets, sla, tgt);
}

void wording_ticket(struct finding *f, const char *supplier, const char *ticket,
		    const char *summary, const char *sla, const char *opened,
		    const struct clock *response, const struct clock *resolution)
{
	char el[64], tg[64];
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "Call %s", ticket);
	if (summary && *summary)
		sb_printf(&sb, " (\"%.80s%s\")", summary, strlen(summary) > 80 ? "..." : "");
	sb_printf(&sb, ", logged %s under the '%s' service level, ", opened, sla);
	const struct clock *c;
	const char *q;
	if (response->status == CLOCK_BREACHED) {
		c = response;
		wording_duration(c->elapsed, el, sizeof(el));
		wording_duration(c->target, tg, sizeof(tg));
		if (c->stopped)
			sb_printf(&sb, "was first answered after %s of support time; the contract "
				  "allows %s.", el, tg);
		else
			sb_printf(&sb, "has had no answer after %s of support time; the contract "
				  "allows %s.", el, tg);
		q = "answered";
	} else if (resolution->status == CLOCK_BREACHED) {
		c = resolution;
		wording_duration(c->elapsed, el, sizeof(el));
		wording_duration(c->target, tg, sizeof(tg));
		if (c->stopped)
			sb_printf(&sb, "took %s of support time to fix; the contract allows %s.",
				  el, tg);
		else
			sb_printf(&sb, "is still not fixed after %s of support time; the contract "
				  "allows %s.", el, tg);
		q = "fixed";
	} else {
		c = response->status == CLOCK_AT_RISK ? response : resolution;
		q = c == response ? "answered" : "fixed";
		wording_duration(c->target - c->elapsed, el, sizeof(el));
		wording_duration(c->target, tg, sizeof(tg));
		sb_printf(&sb, "is still open and has %s of its %s left to be %s.", el, tg, q);
	}
	if (f->kind == FK_TICKET_BREACHED) {
		sb_puts(&sb, " Late calls leave staff and pupils without what they need for "
			"longer than the school pays for.");
		f->question = xasprintf("Why did call %s take longer than the agreed %s to be %s, "
					"and has the cause been dealt with?", ticket, tg, q);
	} else {
		sb_puts(&sb, " If it is not dealt with soon it will miss the agreed time.");
		f->question = xasprintf("Will call %s be %s within the agreed %s, and what is "
					"being done about it now?", ticket, q, tg);
	}
	(void)supplier;
	f->message = sb_detach(&sb);
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

void wording_activity_missed(struct finding *f, const char *supplier, const char *title,
			     enum period every, int64_t first_day, int64_t end_day, int times,
			     size_t found, int64_t grace)
{
	char when[96];
	describe_period(every, first_day, end_day, when, sizeof(when));
	struct strbuf sb = STRBUF_INIT;
	if (found == 0)
		sb_printf(&sb, "Nothing in %s's work log shows '%s' was done %s.", who(supplier),
			  title, when);
	else
		sb_printf(&sb, "'%s' should be done %d times %s, but %s's work log shows it "
			  "only %zu time%s.", title, times, when, who(supplier), found,
			  found == 1 ? "" : "s");
	if (grace > 0) {
		char g[64];
		wording_duration(grace, g, sizeof(g));
		sb_printf(&sb, " (Records up to %s late were counted.)", g);
	}
	sb_puts(&sb, " This is regular work the school pays for; when it is skipped, problems "
		"can go unnoticed until they cause real damage.");
	f->message = sb_detach(&sb);
	f->question = xasprintf("Was '%s' done %s? If it was, please send us the record; if "
				"not, why not, and when will it be done?", title, when);
}

void wording_activity_concern(struct finding *f, const char *supplier, const char *title,
			      size_t bad, size_t judged, const char *dates, const char *example)
{
	f->message = xasprintf(
		"%s's work log shows '%s' was done, but %zu of the %zu entries in this period "
		"%s a problem (%s), for example: \"%.100s\". A check that finds a problem "
		"only helps if someone then fixes it.", who(supplier), title, bad, judged,
		bad == 1 ? "reports" : "report", dates, example ? example : "");
	f->question = xasprintf(
		"What was wrong each time '%s' reported a problem, has it been put right, and "
		"how will you stop it happening again?", title);
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
	f->message = xasprintf(
		"%s was on site for %s hours in the week starting %s; the contract says %s hours "
		"a week. The school pays for these hours whether or not they are used.",
		who(supplier), got, a, want);
	f->question = xasprintf(
		"Why were only %s of the %s contracted hours worked on site in the week starting "
		"%s, and when will the missing %s hours be made up?", got, want, a, gap);
}

void wording_feed_stale(struct finding *f, const char *supplier, const char *feed,
			const char *last_success, int64_t stale_after)
{
	char d[64];
	wording_duration(stale_after, d, sizeof(d));
	if (last_success)
		f->message = xasprintf(
			"No new data has arrived from %s's '%s' export since %s (more than %s "
			"ago). Until it does, this report cannot check that work and may look "
			"better than it really is.", who(supplier), feed, last_success, d);
	else
		f->message = xasprintf(
			"No data has ever arrived from %s's '%s' export. Until it does, this "
			"report cannot check that work.", who(supplier), feed);
	f->question = xasprintf(
		"Is your '%s' export to us still running? Please check it and tell us when it "
		"will be working again.", feed);
}

void wording_no_evidence(struct finding *f, const char *supplier, const char *function,
			 const char *what)
{
	f->message = xasprintf(
		"%s is responsible for %s at the school, but nothing in its work log for this "
		"period shows any of that work.%s%s", who(supplier), function,
		what && *what ? " " : "", what && *what ? what : "");
	f->question = xasprintf(
		"What %s work did you do for us in this period, and why is it not in the work "
		"log you send us?", function);
}
