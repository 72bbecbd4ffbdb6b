/*
 * term — which school term a review pack covers, and what it carries
 * over from the term before (term.h).
 */
#include "term.h"

#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "civil.h"
#include "config.h"
#include "store.h"
#include "tz.h"
#include "util.h"

const struct cal *term_calendar(const struct config *cfg)
{
	const int64_t *first, *last;
	const struct cal *school = cfg->sup[cfg->school_index].cal;
	if (school && cal_terms(school, &first, &last))
		return school;
	for (size_t i = 1; i < cfg->ncal; i++)
		if (cal_terms(cfg->cal[i], &first, &last))
			return cfg->cal[i];
	return NULL;
}

/* "2026-09-03..2026-10-23, 2026-11-02..2026-12-18" */
static char *term_list(const struct cal *c)
{
	const int64_t *first, *last;
	size_t n = cal_terms(c, &first, &last);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char a[16], b[16];
		civil_format_date(first[i], a, sizeof(a));
		civil_format_date(last[i], b, sizeof(b));
		sb_printf(&sb, "%s%s..%s", i ? ", " : "", a, b);
	}
	return sb_detach(&sb);
}

enum term_error term_choose(const struct config *cfg, int64_t now, int64_t day, struct term *t,
			    char **err)
{
	memset(t, 0, sizeof(*t));
	const struct cal *c = term_calendar(cfg);
	if (!c) {
		errorf(err, "%s: no calendar has terms -- give a [calendar] 'terms' (and name it "
		       "with [school] calendar) for a termly review", cfg->path);
		return TERM_NO_CALENDAR;
	}
	const int64_t *first, *last;
	size_t n = cal_terms(c, &first, &last);
	int64_t today = tz_day_of(cfg->tz, now);
	size_t pick = n;
	for (size_t i = 0; i < n; i++) {
		if (day != TS_NONE) {
			if (first[i] <= day && day <= last[i])
				pick = i;
		} else if (today > last[i] && (pick == n || last[i] > last[pick])) {
			/* complete: its last day is over by now's local date */
			pick = i;
		}
	}
	if (pick == n) {
		char *terms = term_list(c);
		char d[16];
		if (day != TS_NONE) {
			civil_format_date(day, d, sizeof(d));
			errorf(err, "%s is in no term of calendar '%s' (its terms: %s)", d, cal_name(c),
			       terms);
		} else {
			civil_format_date(today, d, sizeof(d));
			errorf(err, "no term of calendar '%s' is over by %s (its terms: %s) -- give a "
			       "date in one: --term DATE", cal_name(c), d, terms);
		}
		free(terms);
		return TERM_NOT_FOUND;
	}
	t->cal = c;
	t->index = pick;
	t->count = n;
	t->first_day = first[pick];
	t->end_day = last[pick] + 1;
	/* the previous term: the latest that ends before this one starts */
	for (size_t i = 0; i < n; i++)
		if (last[i] < first[pick] && (!t->has_prev || last[i] + 1 > t->prev_end_day)) {
			t->has_prev = 1;
			t->prev_first_day = first[i];
			t->prev_end_day = last[i] + 1;
		}
	return TERM_OK;
}

int term_question_span(const struct config *cfg, const struct term *t, int64_t now,
		       int64_t *since, int64_t *until)
{
	if (!t->has_prev)
		return -1;
	*since = tz_midnight(cfg->tz, t->prev_end_day);
	*until = tz_midnight(cfg->tz, t->end_day);
	if (*until > now)
		*until = now;
	return 0;
}

/* Open at the end of the previous term, and still at the end of this one. */
static int carried_over(const struct store_finding_rec *r, int64_t since, int64_t until)
{
	if (until < since)
		return 0;
	return r->first_seen < since && (r->cleared == TS_NONE || r->cleared > until);
}

static int by_weight(const void *a, const void *b)
{
	const struct store_finding_rec *x = a, *y = b;
	int xr = x->severity && !strcmp(x->severity, "red");
	int yr = y->severity && !strcmp(y->severity, "red");
	if (xr != yr)
		return yr - xr;
	if (x->first_seen != y->first_seen)
		return x->first_seen < y->first_seen ? -1 : 1;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

size_t term_open_questions(const struct config *cfg, const struct term *t, int64_t now,
			   struct store_finding_rec *recs, size_t n)
{
	int64_t since, until;
	int span = term_question_span(cfg, t, now, &since, &until) == 0;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (span && carried_over(&recs[i], since, until)) {
			if (kept != i) {
				struct store_finding_rec tmp = recs[kept];
				recs[kept] = recs[i];
				recs[i] = tmp;
			}
			kept++;
		}
	}
	for (size_t i = kept; i < n; i++)
		store_finding_rec_clear(&recs[i]);
	qsort(recs, kept, sizeof(*recs), by_weight);
	return kept;
}

int term_history_known(const struct config *cfg, const struct term *t, int64_t now,
		       int64_t first_run)
{
	int64_t since, until;
	if (term_question_span(cfg, t, now, &since, &until) < 0)
		return 1;
	return first_run != TS_NONE && first_run < since;
}
