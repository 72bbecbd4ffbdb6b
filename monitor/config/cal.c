/*
 * cal — calendars and business time.
 *
 * The index: for the dates [lo, hi) the open intervals of every open date,
 * in UTC, sorted and disjoint, with cum[k] = open seconds before interval
 * k.  Open time before instant t is then one binary search, and business
 * time between a and b is a difference of two such lookups.  The range
 * grows (with a year of slack either way) when a query falls outside it.
 */
#include "cal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "holidays.h"
#include "tz.h"
#include "util.h"

#define MAX_RANGES 16
#define SLACK_DAYS 366

struct closure {
	int64_t first, last;
	char *label;
};

struct cal {
	char *name;
	const struct tz *tz;
	int hours[8][MAX_RANGES][2];  /* [weekday 1..7][k] = {start, end} minutes */
	int nhours[8];
	int64_t *term_first, *term_last;
	size_t nterms, capterms;
	struct closure *closed;
	size_t nclosed, capclosed;
};

/* The index of one calendar: its user's, never the calendar's own (a
 * config is only read once loaded). */
struct cal_index {
	const struct cal *c;
	int indexed;
	int64_t lo, hi;
	int64_t lo_t, hi_t;  /* instants whose local date d has d-2 >= lo, d+2 < hi */
	int64_t *iv;       /* pairs */
	int64_t *cum;      /* niv + 1 */
	size_t niv, capiv;
	size_t *day_first; /* hi - lo + 1 */
	/* buckets of 2^BUCKET_SHIFT seconds from bkt_base: bkt[b] is the first
	 * interval starting at or after bucket b's start, so an instant's
	 * place among the intervals is a lookup and a step or two instead of
	 * a binary search (a year of tickets asks millions of times) */
	int64_t bkt_base;
	uint32_t *bkt;     /* nbkt + 1 */
	size_t nbkt;
};

/* Indexes of several calendars, each made on first use. */
struct cal_indexes {
	struct cal_index **v;
	size_t n, cap;
};

#define BUCKET_SHIFT 14   /* about 4.5 hours: at most a few intervals start in one */

static void drop_index(struct cal_index *c)
{
	free(c->iv);
	free(c->cum);
	free(c->day_first);
	free(c->bkt);
	c->iv = c->cum = NULL;
	c->day_first = NULL;
	c->bkt = NULL;
	c->nbkt = 0;
	c->niv = c->capiv = 0;
	c->indexed = 0;
}

struct cal *cal_new(const char *name, const struct tz *tz)
{
	struct cal *c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(name);
	c->tz = tz;
	return c;
}

struct cal *cal_always(const struct tz *tz)
{
	struct cal *c = cal_new("always", tz);
	for (int d = 1; d <= 7; d++) {
		c->hours[d][0][0] = 0;
		c->hours[d][0][1] = 1440;
		c->nhours[d] = 1;
	}
	return c;
}

void cal_free(struct cal *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nclosed; i++)
		free(c->closed[i].label);
	free(c->closed);
	free(c->term_first);
	free(c->term_last);
	free(c->name);
	free(c);
}

const char *cal_name(const struct cal *c)
{
	return c->name;
}

static const char *const day_names[] = { "", "monday", "tuesday", "wednesday",
					 "thursday", "friday", "saturday", "sunday" };

/* A day name: three-letter prefix or the full name, any case. */
static int parse_day(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	for (int d = 1; d <= 7; d++) {
		if (n > strlen(day_names[d]))
			continue;
		size_t i = 0;
		while (i < n && tolower((unsigned char)s[i]) == day_names[d][i])
			i++;
		if (i == n && (n == 3 || n == strlen(day_names[d])))
			return d;
	}
	return 0;
}

/* "HH:MM" -> minutes 0..1440 (24:00 only as an end). */
static int parse_hhmm(const char *s, size_t n, int *out)
{
	if (n != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && !isdigit((unsigned char)s[i]))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m))
		return -1;
	*out = h * 60 + m;
	return 0;
}

/* Add [s, e) to a weekday, keeping its ranges sorted and merged. */
static int add_range(struct cal *c, int d, int s, int e)
{
	int (*r)[2] = c->hours[d];
	int n = c->nhours[d];
	int tmp[MAX_RANGES + 1][2];
	int k = 0, placed = 0;
	for (int i = 0; i <= n; i++) {
		int cs, ce;
		if (!placed && (i == n || s < r[i][0])) {
			cs = s;
			ce = e;
			placed = 1;
			i--;
		} else if (i < n) {
			cs = r[i][0];
			ce = r[i][1];
		} else {
			break;
		}
		if (k && cs <= tmp[k - 1][1]) {
			if (ce > tmp[k - 1][1])
				tmp[k - 1][1] = ce;
		} else {
			if (k == MAX_RANGES)
				return -1;
			tmp[k][0] = cs;
			tmp[k][1] = ce;
			k++;
		}
	}
	memcpy(r, tmp, sizeof(int) * 2 * (size_t)k);
	c->nhours[d] = k;
	return 0;
}

int64_t cal_longest_day(const struct cal *c)
{
	int64_t best = 0;
	for (int d = 1; d <= 7; d++) {
		int64_t m = 0;
		for (int k = 0; k < c->nhours[d]; k++)
			m += c->hours[d][k][1] - c->hours[d][k][0];
		if (m * 60 > best)
			best = m * 60;
	}
	return best;
}

int cal_set_hours(struct cal *c, const char *spec, char **err)
{
	memset(c->nhours, 0, sizeof(c->nhours));
	const char *p = spec;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *b;
		n = str_trim_span(p, n, &b);
		if (!n)
			return errorf(err, "empty item in hours");
		/* day or day range */
		size_t i = 0;
		while (i < n && b[i] != ' ' && b[i] != '\t')
			i++;
		const char *dash = memchr(b, '-', i);
		int d1, d2;
		if (dash) {
			d1 = parse_day(b, (size_t)(dash - b));
			d2 = parse_day(dash + 1, (size_t)(b + i - dash - 1));
		} else {
			d1 = d2 = parse_day(b, i);
		}
		if (!d1 || !d2)
			return errorf(err, "bad day '%.*s' in hours (use Mon..Sun, e.g. Mon-Fri)",
				      (int)i, b);
		int any = 0;
		while (i < n) {
			while (i < n && (b[i] == ' ' || b[i] == '\t'))
				i++;
			if (i >= n)
				break;
			size_t j = i;
			while (j < n && b[j] != ' ' && b[j] != '\t')
				j++;
			int s, e;
			if (j - i != 11 || b[i + 5] != '-' || parse_hhmm(b + i, 5, &s) ||
			    parse_hhmm(b + i + 6, 5, &e) || s == 1440)
				return errorf(err, "bad time range '%.*s' in hours (use HH:MM-HH:MM)",
					      (int)(j - i), b + i);
			if (e <= s)
				return errorf(err, "time range '%.*s' ends before it starts",
					      (int)(j - i), b + i);
			for (int d = d1;; d = d % 7 + 1) {
				if (add_range(c, d, s, e) < 0)
					return errorf(err, "too many time ranges on %s",
						      civil_weekday_name(d));
				if (d == d2)
					break;
			}
			any = 1;
			i = j;
		}
		if (!any)
			return errorf(err, "no time range after '%.*s' in hours", (int)n, b);
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* "A..B" or "A" -> inclusive day range. */
static int parse_date_range(const char *s, size_t n, int64_t *a, int64_t *b)
{
	const char *dots = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '.' && s[i + 1] == '.') {
			dots = s + i;
			break;
		}
	const char *x;
	if (!dots) {
		size_t m = str_trim_span(s, n, &x);
		if (civil_parse_date(x, m, a))
			return -1;
		*b = *a;
		return 0;
	}
	size_t m = str_trim_span(s, (size_t)(dots - s), &x);
	if (civil_parse_date(x, m, a))
		return -1;
	m = str_trim_span(dots + 2, (size_t)(s + n - dots - 2), &x);
	if (civil_parse_date(x, m, b))
		return -1;
	return *b >= *a ? 0 : -2;
}

/* Walk "item, item": call fn for each inclusive range. */
static int each_range(const char *spec, const char *what, char **err,
		      void (*fn)(struct cal *, int64_t, int64_t, const char *),
		      struct cal *c, const char *label)
{
	const char *p = spec;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *b;
		n = str_trim_span(p, n, &b);
		int64_t a, z;
		int rc = parse_date_range(b, n, &a, &z);
		if (rc == -2)
			return errorf(err, "%s range '%.*s' ends before it starts", what, (int)n, b);
		if (rc)
			return errorf(err, "bad %s '%.*s' (use YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)",
				      what, (int)n, b);
		fn(c, a, z, label);
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static void add_term(struct cal *c, int64_t a, int64_t z, const char *label)
{
	(void)label;
	size_t need = c->nterms + 1;
	if (need > c->capterms) {
		c->capterms = c->capterms ? c->capterms * 2 : 8;
		c->term_first = xreallocarray(c->term_first, c->capterms, sizeof(int64_t));
		c->term_last = xreallocarray(c->term_last, c->capterms, sizeof(int64_t));
	}
	/* keep terms sorted by first date */
	size_t i = c->nterms;
	while (i > 0 && c->term_first[i - 1] > a) {
		c->term_first[i] = c->term_first[i - 1];
		c->term_last[i] = c->term_last[i - 1];
		i--;
	}
	c->term_first[i] = a;
	c->term_last[i] = z;
	c->nterms++;
}

static void add_closure(struct cal *c, int64_t a, int64_t z, const char *label)
{
	VEC_GROW(c->closed, c->nclosed, c->capclosed, c->nclosed + 1);
	struct closure *k = &c->closed[c->nclosed++];
	k->first = a;
	k->last = z;
	k->label = xstrdup(label ? label : "");
}

int cal_add_terms(struct cal *c, const char *spec, char **err)
{
	return each_range(spec, "term", err, add_term, c, NULL);
}

int cal_add_closed(struct cal *c, const char *spec, const char *label, char **err)
{
	return each_range(spec, "closed date", err, add_closure, c, label);
}

void cal_add_holidays(struct cal *c, const struct holiday_list *h)
{
	for (size_t i = 0; i < h->n; i++)
		add_closure(c, h->v[i].first, h->v[i].last, h->v[i].label);
}

size_t cal_terms(const struct cal *c, const int64_t **first, const int64_t **last)
{
	*first = c->term_first;
	*last = c->term_last;
	return c->nterms;
}

enum cal_day cal_day_state(const struct cal *c, int64_t day, const char **label)
{
	if (label)
		*label = NULL;
	for (size_t i = 0; i < c->nclosed; i++)
		if (day >= c->closed[i].first && day <= c->closed[i].last) {
			if (label)
				*label = c->closed[i].label;
			return CAL_CLOSED;
		}
	if (!c->nhours[civil_weekday(day)])
		return CAL_NO_HOURS;
	if (c->nterms) {
		size_t i = 0;
		while (i < c->nterms && !(day >= c->term_first[i] && day <= c->term_last[i]))
			i++;
		if (i == c->nterms)
			return CAL_NOT_TERM;
	}
	return CAL_OPEN;
}

int cal_is_open_date(const struct cal *c, int64_t day)
{
	return cal_day_state(c, day, NULL) == CAL_OPEN;
}

/* Open UTC intervals of `day` into out (pairs); returns the count. */
static size_t compute_day(const struct cal *c, int64_t day, int64_t *out)
{
	if (!cal_is_open_date(c, day))
		return 0;
	int wd = civil_weekday(day);
	size_t n = 0;
	for (int k = 0; k < c->nhours[wd]; k++) {
		int64_t s = tz_local_to_utc(c->tz, day * 86400 + c->hours[wd][k][0] * 60);
		int64_t e = tz_local_to_utc(c->tz, day * 86400 + c->hours[wd][k][1] * 60);
		if (e <= s)
			continue;   /* wholly inside a skipped hour */
		if (n && s <= out[2 * n - 1]) {
			if (e > out[2 * n - 1])
				out[2 * n - 1] = e;
			continue;
		}
		out[2 * n] = s;
		out[2 * n + 1] = e;
		n++;
	}
	return n;
}

static void build_buckets(struct cal_index *c)
{
	if (!c->niv || c->niv > UINT32_MAX)
		return;   /* binary search alone */
	c->bkt_base = c->iv[0];
	c->nbkt = (size_t)((uint64_t)(c->iv[2 * c->niv - 1] - c->bkt_base) >> BUCKET_SHIFT) + 1;
	c->bkt = xreallocarray(NULL, c->nbkt + 1, sizeof(*c->bkt));
	size_t k = 0;
	for (size_t b = 0; b <= c->nbkt; b++) {
		int64_t start = c->bkt_base + (int64_t)((uint64_t)b << BUCKET_SHIFT);
		while (k < c->niv && c->iv[2 * k] < start)
			k++;
		c->bkt[b] = (uint32_t)k;
	}
}

/* Build the index for days [lo, hi). */
static void build_index(struct cal_index *c, int64_t lo, int64_t hi)
{
	drop_index(c);
	c->lo = lo;
	c->hi = hi;
	c->day_first = xreallocarray(NULL, (size_t)(hi - lo + 1), sizeof(size_t));
	int64_t tmp[2 * MAX_RANGES];
	for (int64_t d = lo; d < hi; d++) {
		c->day_first[d - lo] = c->niv;
		size_t n = compute_day(c->c, d, tmp);
		for (size_t k = 0; k < n; k++) {
			int64_t s = tmp[2 * k], e = tmp[2 * k + 1];
			/* A day's intervals may touch the previous day's. */
			if (c->niv && s <= c->iv[2 * c->niv - 1]) {
				if (e > c->iv[2 * c->niv - 1])
					c->iv[2 * c->niv - 1] = e;
				continue;
			}
			VEC_GROW(c->iv, c->niv * 2, c->capiv, c->niv * 2 + 2);
			c->iv[2 * c->niv] = s;
			c->iv[2 * c->niv + 1] = e;
			c->niv++;
		}
	}
	c->day_first[hi - lo] = c->niv;
	c->lo_t = tz_midnight(c->c->tz, lo + 2);
	c->hi_t = tz_midnight(c->c->tz, hi - 2);
	build_buckets(c);
	c->cum = xreallocarray(NULL, c->niv + 1, sizeof(int64_t));
	c->cum[0] = 0;
	for (size_t k = 0; k < c->niv; k++)
		c->cum[k + 1] = c->cum[k] + (c->iv[2 * k + 1] - c->iv[2 * k]);
	c->indexed = 1;
}

/* Make sure local dates around instant t are in the index. */
static void cover(struct cal_index *c, int64_t t)
{
	if (c->indexed && t >= c->lo_t && t < c->hi_t)
		return;   /* the usual case, without working out the date */
	int64_t d = tz_day_of(c->c->tz, t);
	if (c->indexed && d - 2 >= c->lo && d + 2 < c->hi)
		return;
	int64_t lo = d - 2 - SLACK_DAYS, hi = d + 3 + SLACK_DAYS;
	if (c->indexed) {
		if (c->lo < lo)
			lo = c->lo;
		if (c->hi > hi)
			hi = c->hi;
	}
	build_index(c, lo, hi);
}

/* Index of the first interval that starts after instant t. */
static size_t first_after(const struct cal_index *c, int64_t t)
{
	size_t lo = 0, hi = c->niv;
	if (c->nbkt && t >= c->bkt_base) {
		uint64_t b = (uint64_t)(t - c->bkt_base) >> BUCKET_SHIFT;
		if (b < c->nbkt) {
			/* every interval before bkt[b] starts before t; the one
			 * at bkt[b + 1] (if any) starts after it */
			lo = c->bkt[b];
			hi = c->bkt[b + 1];
			while (lo < hi && c->iv[2 * lo] <= t)
				lo++;
			return lo;
		}
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->iv[2 * mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Open seconds in the index before instant t. */
static int64_t open_before(const struct cal_index *c, int64_t t)
{
	size_t lo = first_after(c, t);
	if (!lo)
		return 0;
	size_t k = lo - 1;
	int64_t e = c->iv[2 * k + 1];
	return c->cum[k] + ((t < e ? t : e) - c->iv[2 * k]);
}

struct cal_index *cal_index_new(const struct cal *c)
{
	struct cal_index *x = xcalloc(1, sizeof(*x));
	x->c = c;
	return x;
}

void cal_index_free(struct cal_index *x)
{
	if (!x)
		return;
	drop_index(x);
	free(x);
}

const struct cal *cal_index_cal(const struct cal_index *x)
{
	return x->c;
}

int64_t cal_open_seconds(struct cal_index *x, int64_t a, int64_t b)
{
	if (b <= a)
		return 0;
	cover(x, a);
	cover(x, b);
	return open_before(x, b) - open_before(x, a);
}

void cal_prepare(struct cal_index *x, int64_t a, int64_t b)
{
	/* the index is one run of dates, so its two ends cover the middle */
	cover(x, a);
	cover(x, b);
}

struct cal_indexes *cal_indexes_new(void)
{
	return xcalloc(1, sizeof(struct cal_indexes));
}

void cal_indexes_free(struct cal_indexes *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		cal_index_free(s->v[i]);
	free(s->v);
	free(s);
}

struct cal_index *cal_indexes_find(const struct cal_indexes *s, const struct cal *c)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i]->c == c)
			return s->v[i];
	return NULL;
}

struct cal_index *cal_indexes_get(struct cal_indexes *s, const struct cal *c)
{
	struct cal_index *x = cal_indexes_find(s, c);
	if (x)
		return x;
	VEC_GROW(s->v, s->n, s->cap, s->n + 1);
	return s->v[s->n++] = cal_index_new(c);
}

size_t cal_day_intervals(const struct cal *c, int64_t day, int64_t *out, size_t max)
{
	int64_t tmp[2 * MAX_RANGES];
	size_t n = compute_day(c, day, tmp);
	if (n > max)
		n = max;
	memcpy(out, tmp, sizeof(int64_t) * 2 * n);
	return n;
}

void cal_describe_hours(const struct cal *c, char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	int d = 1;
	while (d <= 7) {
		/* group consecutive days with identical hours */
		int e = d;
		while (e < 7 && c->nhours[e + 1] == c->nhours[d] &&
		       !memcmp(c->hours[e + 1], c->hours[d], sizeof(int) * 2 * (size_t)c->nhours[d]))
			e++;
		if (c->nhours[d]) {
			if (sb.len)
				sb_puts(&sb, ", ");
			if (e > d)
				sb_printf(&sb, "%s-%s", civil_weekday_name(d), civil_weekday_name(e));
			else
				sb_puts(&sb, civil_weekday_name(d));
			for (int k = 0; k < c->nhours[d]; k++)
				sb_printf(&sb, " %02d:%02d-%02d:%02d", c->hours[d][k][0] / 60,
					  c->hours[d][k][0] % 60, c->hours[d][k][1] / 60,
					  c->hours[d][k][1] % 60);
		}
		d = e + 1;
	}
	snprintf(buf, size, "%s", sb.len ? sb.buf : "never open");
	sb_release(&sb);
}
