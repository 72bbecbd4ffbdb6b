#ifndef FITSMON_TIMEGUESS_H
#define FITSMON_TIMEGUESS_H
/*
 * timeguess — recognise how a column's time cells are written and propose
 * a `time_format` value that timefmt_parse accepts ("iso8601" or a
 * strptime-style format).  Pure: it never prints and keeps no state.
 *
 * Candidates: ISO 8601 (T or blank, with or without seconds, Z or an
 * offset: all "iso8601"); day/month/year and month/day/year with '/', '-'
 * or '.', 4- or 2-digit years; year-month-day with '-' or '/'; a day,
 * a month's name and a year with blanks or '-' ("3 Sep 2026",
 * "03-Sep-26", reading "day month-name year"); each
 * date-only or followed by a 24-hour (%H:%M, %H:%M:%S) or 12-hour
 * (%I:%M %p, %I:%M:%S %p) clock.  A strptime variant that "iso8601"
 * parses just as well ("%Y-%m-%d %H:%M:%S") is reported as "iso8601".
 *
 * Day/month against month/day is decided by the cells (a first number
 * above 12 can only be a day).  When every parsed cell reads both ways
 * the guess is ambiguous and the UK reading, day/month, is proposed.
 */
#include <stddef.h>

struct timeguess {
	char format[64];     /* a time_format value: "iso8601" or strptime style, e.g. "%d/%m/%Y %H:%M" */
	char example[64];    /* one of the cells it parses, as given (truncated to fit) */
	char reading[48];    /* the order in words: "day/month/year", "month/day/year", "year-month-day" */
	size_t parsed;       /* cells the proposed format parses */
	size_t total;        /* non-empty cells looked at */
	int ambiguous;       /* 1: every parsed cell also reads as the other order (d/m vs m/d);
	                        format is then the UK reading, day/month */
};

/*
 * Look at cells[0..n) (NULL or blank cells are skipped) and fill *g with
 * the candidate format that parses the most of them (checked with
 * timefmt_parse in UTC).  Ties go to "iso8601", then day/month before
 * month/day, then the candidate order above.  The example is a parsed
 * cell that decides the order when there is one (it does not read the
 * other way), else the first parsed cell.  0 when some format parses at
 * least one cell; -1 (g->total still set, the rest empty) when none does.
 */
int timeguess_cells(const char *const *cells, size_t n, struct timeguess *g);

#endif
