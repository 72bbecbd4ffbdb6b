/*
 * timeguess — which time_format a column's cells are written in.
 *
 * Every candidate is tried on every cell with timefmt_parse (UTC), so a
 * proposal is exactly what `fitsmon run` would accept.  A cheap look at a
 * cell's shape (its separators, colons, letters, a blank between date and
 * time) first rules out the candidates that cannot parse it, so a big
 * column costs a few strptime calls a cell, not one per candidate.
 */
#include "timeguess.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "timefmt.h"
#include "util.h"

enum order { ORDER_ISO, ORDER_DMY, ORDER_MDY, ORDER_YMD, ORDER_DBY };

static const char *const reading_words[] = {
	[ORDER_ISO] = "year-month-day",
	[ORDER_DMY] = "day/month/year",
	[ORDER_MDY] = "month/day/year",
	[ORDER_YMD] = "year-month-day",
	[ORDER_DBY] = "day month-name year",
};

struct cand {
	char fmt[40];
	enum order order;
	char sep;       /* the date separator ('\0' for ISO) */
	int colons;     /* ':' in the time part */
	int has_time;   /* a blank between date and time */
	int has_ampm;   /* %p: the cell has letters */
	int has_mon;    /* %b, a month's name: the cell has letters */
	int other;      /* index of the same format read the other way (d/m <-> m/d), or -1 */
};

static const char seps[] = { '/', '-', '.' };
static const char *const years[] = { "%Y", "%y" };
static const struct {
	const char *fmt;
	int colons, ampm;
} clocks[] = {
	{ "", 0, 0 },
	{ " %H:%M", 1, 0 },
	{ " %H:%M:%S", 2, 0 },
	{ " %I:%M %p", 1, 1 },
	{ " %I:%M:%S %p", 2, 1 },
};

#define NSEPS (sizeof(seps) / sizeof(seps[0]))
#define NYEARS (sizeof(years) / sizeof(years[0]))
#define NCLOCKS (sizeof(clocks) / sizeof(clocks[0]))
/* ISO, then d/m and m/d for each separator, year and clock, then y-m-d with
 * '-' and '/', then "3 Sep 2026" and "03-Sep-26" (blank or '-', each year) */
#define MAXCAND (1 + NSEPS * NYEARS * NCLOCKS * 2 + 2 * NCLOCKS + 2 * NYEARS * NCLOCKS)

static void add(struct cand *c, size_t *n, enum order order, char sep, const char *year,
		size_t clock)
{
	struct cand *k = &c[(*n)++];
	const char *date1 = order == ORDER_MDY ? "%m" : "%d";
	const char *date2 = order == ORDER_MDY ? "%d" : "%m";
	if (order == ORDER_YMD)
		snprintf(k->fmt, sizeof(k->fmt), "%%Y%c%%m%c%%d%s", sep, sep, clocks[clock].fmt);
	else if (order == ORDER_DBY)
		snprintf(k->fmt, sizeof(k->fmt), "%%d%c%%b%c%s%s", sep, sep, year,
			 clocks[clock].fmt);
	else
		snprintf(k->fmt, sizeof(k->fmt), "%s%c%s%c%s%s", date1, sep, date2, sep, year,
			 clocks[clock].fmt);
	k->order = order;
	k->sep = sep;
	k->colons = clocks[clock].colons;
	k->has_time = clock != 0;
	k->has_ampm = clocks[clock].ampm;
	k->has_mon = order == ORDER_DBY;
	k->other = -1;
}

/* The candidates in tie-break order; d/m ones come just before their m/d twin. */
static size_t candidates(struct cand *c)
{
	size_t n = 0;
	memset(&c[0], 0, sizeof(c[0]));
	str_copy(c[0].fmt, sizeof(c[0].fmt), "iso8601", 7);
	c[0].order = ORDER_ISO;
	c[0].other = -1;
	n = 1;
	for (size_t y = 0; y < NYEARS; y++)
		for (size_t s = 0; s < NSEPS; s++)
			for (size_t k = 0; k < NCLOCKS; k++) {
				add(c, &n, ORDER_DMY, seps[s], years[y], k);
				add(c, &n, ORDER_MDY, seps[s], years[y], k);
				c[n - 2].other = (int)(n - 1);
				c[n - 1].other = (int)(n - 2);
			}
	for (size_t s = 0; s < 2; s++)
		for (size_t k = 0; k < NCLOCKS; k++)
			add(c, &n, ORDER_YMD, seps[s], "%Y", k);
	for (size_t y = 0; y < NYEARS; y++)
		for (size_t k = 0; k < NCLOCKS; k++) {
			add(c, &n, ORDER_DBY, ' ', years[y], k);
			add(c, &n, ORDER_DBY, '-', years[y], k);
		}
	return n;
}

/* What a cell's text shows of its shape (after trimming). */
struct shape {
	int colons, letters, blank, slash, dash, dot;
};

static void shape_of(const char *s, size_t len, struct shape *sh)
{
	memset(sh, 0, sizeof(*sh));
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == ':')
			sh->colons++;
		else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
			sh->letters = 1;
		else if (ch == ' ' || ch == '\t')
			sh->blank = 1;
		else if (ch == '/')
			sh->slash = 1;
		else if (ch == '-')
			sh->dash = 1;
		else if (ch == '.')
			sh->dot = 1;
	}
}

/* 0 when the candidate cannot parse a cell of this shape (a necessary test only). */
static int may_fit(const struct cand *c, const struct shape *sh)
{
	if (c->order == ORDER_ISO)
		return 1;
	if (c->colons != sh->colons || (c->has_ampm || c->has_mon) != sh->letters)
		return 0;
	if (c->sep == ' ')   /* "3 Sep 2026": blanks whether or not a time follows */
		return sh->blank;
	if (c->has_time != sh->blank)
		return 0;
	return (c->sep == '/' && sh->slash) || (c->sep == '-' && sh->dash) ||
	       (c->sep == '.' && sh->dot);
}

static int parses(const struct cand *c, const char *cell)
{
	int64_t t;
	return timefmt_parse(cell, c->fmt, NULL, &t) == 0;
}

/* The trimmed cell, or NULL when it is NULL or blank. */
static const char *cell_text(const char *cell, size_t *len)
{
	if (!cell)
		return NULL;
	const char *start;
	*len = str_trim_span(cell, strlen(cell), &start);
	return *len ? start : NULL;
}

int timeguess_cells(const char *const *cells, size_t n, struct timeguess *g)
{
	struct cand cand[MAXCAND];
	size_t ncand = candidates(cand);
	size_t count[MAXCAND] = { 0 };

	memset(g, 0, sizeof(*g));
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = cell_text(cells[i], &len);
		if (!s)
			continue;
		g->total++;
		struct shape sh;
		shape_of(s, len, &sh);
		for (size_t k = 0; k < ncand; k++)
			if (may_fit(&cand[k], &sh) && parses(&cand[k], cells[i]))
				count[k]++;
	}

	/* the most cells; on a tie the earlier candidate (ISO, then d/m) */
	size_t best = 0;
	for (size_t k = 1; k < ncand; k++)
		if (count[k] > count[best])
			best = k;
	if (count[best] == 0)
		return -1;

	const struct cand *w = &cand[best];
	const struct cand *o = w->other >= 0 ? &cand[w->other] : NULL;
	const char *first = NULL, *decisive = NULL;
	int all_both = o != NULL;
	for (size_t i = 0; i < n && (!decisive || !first); i++) {
		size_t len;
		if (!cell_text(cells[i], &len) || !parses(w, cells[i]))
			continue;
		if (!first)
			first = cells[i];
		if (o && !parses(o, cells[i])) {
			decisive = cells[i];
			all_both = 0;
		}
	}

	str_copy(g->format, sizeof(g->format), w->fmt, strlen(w->fmt));
	const char *ex = decisive ? decisive : first;
	size_t exlen = 0;
	ex = cell_text(ex, &exlen);
	str_copy(g->example, sizeof(g->example), ex ? ex : "", exlen);
	const char *words = reading_words[w->order];
	str_copy(g->reading, sizeof(g->reading), words, strlen(words));
	g->parsed = count[best];
	g->ambiguous = all_both;
	return 0;
}
