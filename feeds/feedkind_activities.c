/*
 * feedkind_activities — the supplier's activity log or timesheet: one row
 * per piece of work, with a time, hours, a description, an on-site flag
 * and an optional activity code.  Hours are decimal ("1.5", or "1,5" when
 * the feed sets `decimal = comma`) or a duration H:MM[:SS] as timesheet
 * tools write it ("1:30:00"); more than 24 h in one row is a bad row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "civil.h"
#include "config.h"
#include "csvread.h"
#include "feedkind.h"
#include "health.h"
#include "util.h"

/* Longest single row we believe: a runaway timer is a data error. */
#define MAX_ROW_HOURS 24

/*
 * Decimal hours to micro-hours, exactly: "1.25" -> 1250000 (with `comma`
 * set, "1,25": the feed writes a decimal comma, and a point is then an
 * error rather than a guess about thousands).  Digits past the sixth
 * decimal are rounded half up.  -1 on anything but a plain non-negative
 * decimal.
 */
static int parse_decimal(const char *s, size_t n, int comma, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	size_t i = 0;
	int digits = 0, fd = 0, round = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		if (whole > 1000000)
			return -1;
		whole = whole * 10 + (s[i++] - '0');
		digits++;
	}
	if (i < n && s[i] == (comma ? ',' : '.')) {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (fd < 6) {
				frac = frac * 10 + (s[i] - '0');
				fd++;
			} else if (fd == 6) {
				round = s[i] >= '5';
				fd++;
			}
			i++;
			digits++;
		}
	}
	if (!digits || i != n)
		return -1;
	for (int k = fd < 6 ? fd : 6; k < 6; k++)
		frac *= 10;
	*out = whole * 1000000 + frac + round;
	return 0;
}

/* 1 or 2 digits at s[*i] that make a number below 60 (2 digits required). */
static int sexagesimal(const char *s, size_t n, size_t *i, int64_t *v)
{
	if (*i + 2 > n || s[*i] < '0' || s[*i] > '5' || s[*i + 1] < '0' || s[*i + 1] > '9')
		return -1;
	*v = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
	*i += 2;
	return 0;
}

/*
 * A duration H:MM or H:MM:SS (timesheets: Toggl writes "01:30:00" and,
 * for a timer left running, "649:04:52") to micro-hours, rounded half up
 * to the nearest micro-hour (a second is 277.7... micro-hours).  Minutes
 * and seconds are two digits below 60; hours any count of digits.
 */
static int parse_duration(const char *s, size_t n, int64_t *out)
{
	int64_t h = 0, m = 0, sec = 0;
	size_t i = 0;
	int hd = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		if (h > 1000000)
			return -1;
		h = h * 10 + (s[i++] - '0');
		hd++;
	}
	if (!hd || i >= n || s[i++] != ':' || sexagesimal(s, n, &i, &m) < 0)
		return -1;
	if (i < n && (s[i++] != ':' || sexagesimal(s, n, &i, &sec) < 0))
		return -1;
	if (i != n)
		return -1;
	int64_t secs = h * 3600 + m * 60 + sec;
	*out = (secs * 1000000 + 1800) / 3600;
	return 0;
}

/* Hours as decimal or as a duration: a colon means a duration. */
static int parse_hours(const char *s, size_t n, int comma, int64_t *out)
{
	if (memchr(s, ':', n))
		return parse_duration(s, n, out);
	return parse_decimal(s, n, comma, out);
}

/* 1 when s[0..n) is one of l's words (any case). */
static int word_in(const struct strlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && !strncasecmp(l->v[i], s, n))
			return 1;
	return 0;
}

static int row(struct feedkind_ctx *c, const struct csvread_row *r, char *why, size_t size)
{
	struct feedrow fr = { .row = r->record, .opened = TS_NONE, .responded = TS_NONE,
			      .resolved = TS_NONE, .onsite = 1 };
	int rc = feedkind_time(c, r, FIELD_AT, &fr.at, why, size);
	if (rc == 1)
		snprintf(why, size, "no time in column '%s'", c->feed->column[FIELD_AT]);
	if (rc)
		return -1;
	size_t n;
	const char *h = feedkind_cell(c, r, FIELD_HOURS, &n);
	if (h && n) {
		if (h[0] == '-') {
			snprintf(why, size, "negative hours '%.*s'", (int)(n > 20 ? 20 : n), h);
			return -1;
		}
		int comma = c->feed->decimal_comma;
		if (parse_hours(h, n, comma, &fr.hours_uh) < 0) {
			snprintf(why, size, "bad hours '%.*s' (expected decimal hours such as %s, "
				 "or a duration such as 1:30)", (int)(n > 20 ? 20 : n), h,
				 comma ? "1,5" : "1.5");
			return -1;
		}
		if (fr.hours_uh > (int64_t)MAX_ROW_HOURS * 1000000) {
			snprintf(why, size, "hours '%.*s' in one row are more than a day (a timer "
				 "left running?)", (int)(n > 20 ? 20 : n), h);
			return -1;
		}
	}
	const char *o = feedkind_cell(c, r, FIELD_ONSITE, &n);
	if (o) {
		const char *b;
		size_t len = str_trim_span(o, n, &b);
		/* DESIGN.md: the feed's onsite_values (default yes/true/1) are on
		 * site; anything else is not, and a cell that is not one of its
		 * offsite_values either (default no/false/0) is unrecognised */
		fr.onsite = word_in(&c->feed->onsite_values, b, len);
		if (c->health && len)
			health_cell(c->health, FIELD_ONSITE, b, len, fr.onsite ||
				    word_in(&c->feed->offsite_values, b, len));
	}
	char *cells[FIELD_COUNT];
	feedkind_cells(c, r, cells);
	fr.code = cells[FIELD_CODE] ? cells[FIELD_CODE] : "";
	fr.desc = cells[FIELD_DESCRIPTION] ? cells[FIELD_DESCRIPTION] : "";
	fr.cell = cells;
	c->sink->row(c->sink->ctx, c->feed_index, &fr);
	feedkind_cells_free(cells);
	return 0;
}

const struct feedkind feedkind_activities = { KIND_ACTIVITIES, row };
