/*
 * timefmt — instants, durations and percentages as config and feeds write
 * them.  Everything here is pure: no global state is read or changed
 * (strptime runs under a per-thread C locale; no TZ, mktime or timegm).
 * A NULL `tz` means UTC.
 */
#include "timefmt.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "tz.h"
#include "util.h"

#define YEAR_MIN 1970
#define YEAR_MAX 2199

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* Exactly n digits at *pp into *out; advances *pp. */
static int fixed_digits(const char **pp, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*pp)[i];
		if (!is_digit(c))
			return -1;
		v = v * 10 + (c - '0');
	}
	*pp += n;
	*out = v;
	return 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * The instant of a validated wall-clock time: with an offset (seconds
 * east) when has_off, else local in tz (UTC when tz is NULL), using the
 * pinned DST rule of tz_local_to_utc.  -1 for impossible fields or years
 * outside 1970..2199.
 */
static int fields_to_utc(int y, int mo, int d, int h, int mi, int s, int has_off, long off,
			 const struct tz *tz, int64_t *out)
{
	if (y < YEAR_MIN || y > YEAR_MAX || !civil_valid(y, mo, d) || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || s < 0 || s > 59)
		return -1;
	int64_t local = civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	if (has_off)
		*out = local - off;
	else
		*out = tz ? tz_local_to_utc(tz, local) : local;
	return 0;
}

/*
 * YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM], blanks around ignored.
 * The fraction (after '.' or ',') needs seconds and is dropped, not
 * rounded.  Hours 00..23 (no 24:00), seconds 00..59 (no leap second).
 */
int timefmt_parse_iso8601(const char *s, const struct tz *tz, int64_t *out)
{
	const char *p = skip_blanks(s);
	int y, mo, d, h, mi, sec = 0, oh, om;
	int has_off = 0;
	long off = 0;
	if (fixed_digits(&p, 4, &y) < 0 || *p++ != '-' || fixed_digits(&p, 2, &mo) < 0 ||
	    *p++ != '-' || fixed_digits(&p, 2, &d) < 0 || (*p != 'T' && *p != ' '))
		return -1;
	p++;
	if (fixed_digits(&p, 2, &h) < 0 || *p++ != ':' || fixed_digits(&p, 2, &mi) < 0)
		return -1;
	if (*p == ':') {
		p++;
		if (fixed_digits(&p, 2, &sec) < 0)
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			if (!is_digit(*p))
				return -1;
			while (is_digit(*p))
				p++;
		}
	}
	if (*p == 'Z') {
		p++;
		has_off = 1;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;
		if (fixed_digits(&p, 2, &oh) < 0)
			return -1;
		if (*p == ':')
			p++;
		if (fixed_digits(&p, 2, &om) < 0 || oh > 23 || om > 59)
			return -1;
		has_off = 1;
		off = sign * (oh * 3600L + om * 60L);
	}
	if (*skip_blanks(p) != '\0')
		return -1;
	return fields_to_utc(y, mo, d, h, mi, sec, has_off, off, tz, out);
}

/*
 * Scan a strptime format: *has_z when it has a %z conversion.  -1 for %s
 * (seconds since the epoch), which glibc converts with localtime(), i.e.
 * through the process's TZ: we refuse rather than depend on it.
 * glibc's strptime skips strftime's flags (- _ 0 ^ #) and a field width
 * before the E and O modifiers, so "%-z" is %z and "%0s" is %s: they are
 * skipped here the same way (found by tests/fuzz/fuzz_timefmt).
 * NEEDSWORK: epoch-second feeds would need their own parser.
 */
static int scan_format(const char *fmt, int *has_z)
{
	*has_z = 0;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		while (*p == '-' || *p == '_' || *p == '0' || *p == '^' || *p == '#')
			p++;
		while (is_digit(*p))
			p++;
		while (*p == 'E' || *p == 'O')
			p++;
		if (*p == '\0')
			return -1;
		if (*p == 'z')
			*has_z = 1;
		else if (*p == 's')
			return -1;
	}
	return 0;
}

/*
 * strptime(3) under the C locale on a zeroed struct tm (day 1, so "%Y-%m"
 * names the 1st).  strptime does not check day against month, so the
 * date is validated here; the whole text must be used.
 */
int timefmt_parse_format(const char *s, const char *fmt, const struct tz *tz, int64_t *out)
{
	int has_z;
	if (!s || !fmt || scan_format(fmt, &has_z) < 0)
		return -1;
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;

	locale_t c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old = c_loc ? uselocale(c_loc) : (locale_t)0;
	const char *rest = strptime(skip_blanks(s), fmt, &tm);
	if (c_loc) {
		uselocale(old);
		freelocale(c_loc);
	}
	if (!rest || *skip_blanks(rest) != '\0')
		return -1;
	return fields_to_utc(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			     tm.tm_sec, has_z, has_z ? tm.tm_gmtoff : 0, tz, out);
}

int timefmt_parse(const char *s, const char *fmt, const struct tz *tz, int64_t *out)
{
	if (!fmt || str_ieq(fmt, "iso8601"))
		return timefmt_parse_iso8601(s, tz, out);
	return timefmt_parse_format(s, fmt, tz, out);
}

/* Split UTC-like seconds into date and time of day (floor, so negatives work). */
static void split(int64_t t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
	int64_t days = floor_div(t, 86400), sod = t - days * 86400;
	civil_from_days(days, y, mo, d);
	*h = (int)(sod / 3600);
	*mi = (int)(sod / 60 % 60);
	*s = (int)(sod % 60);
}

void timefmt_utc(int64_t t, char *buf, size_t size)
{
	int y, mo, d, h, mi, s;
	split(t, &y, &mo, &d, &h, &mi, &s);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

void timefmt_local(const struct tz *tz, int64_t t, char *buf, size_t size)
{
	int y, mo, d, h, mi, s;
	split(tz ? tz_utc_to_local(tz, t) : t, &y, &mo, &d, &h, &mi, &s);
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
}

void timefmt_local_short(const struct tz *tz, int64_t t, char *buf, size_t size)
{
	int64_t local = tz ? tz_utc_to_local(tz, t) : t;
	int64_t day = floor_div(local, 86400), sod = local - day * 86400;
	char tmp[32];
	civil_format_short(day, tmp, sizeof(tmp));
	/* " HH:MM" by hand, as the date: one per late call */
	size_t n = strlen(tmp);
	int h = (int)(sod / 3600), m = (int)(sod / 60 % 60);
	tmp[n++] = ' ';
	tmp[n++] = (char)('0' + h / 10);
	tmp[n++] = (char)('0' + h % 10);
	tmp[n++] = ':';
	tmp[n++] = (char)('0' + m / 10);
	tmp[n++] = (char)('0' + m % 10);
	str_copy(buf, size, tmp, n);
}

/*
 * NUMBER UNIT items, units in the order d h m, each at most once, blanks
 * allowed between items (not inside one), e.g. "1d 12h".  Units are lower
 * case.  Numbers are at most 9 digits, so the sum cannot overflow.
 */
int timefmt_parse_duration(const char *s, int allow_days, int64_t *secs)
{
	static const char units[] = "dhm";
	static const int64_t unit_secs[] = { 86400, 3600, 60 };
	const char *p = skip_blanks(s);
	int64_t total = 0;
	int next = allow_days ? 0 : 1;   /* index of the first unit still allowed */
	int items = 0;
	while (*p) {
		int64_t v = 0;
		int nd = 0;
		while (is_digit(*p)) {
			if (++nd > 9)
				return -1;
			v = v * 10 + (*p++ - '0');
		}
		if (nd == 0 || *p == '\0')
			return -1;
		const char *u = strchr(units, *p);
		if (!u || u - units < next)
			return -1;
		next = (int)(u - units) + 1;
		total += v * unit_secs[u - units];
		items++;
		p = skip_blanks(p + 1);
	}
	if (items == 0)
		return -1;
	*secs = total;
	return 0;
}

/*
 * Days, hours and minutes, omitting zero parts: "1d12h", "1h30m", "45m",
 * "0m" for zero.  Config durations are whole minutes; an elapsed time that
 * is not gets its remaining seconds as "Ns" ("1h30m15s", "15s"), which the
 * duration parser does not accept.  Negative values get a '-'.
 */
void timefmt_duration(int64_t secs, char *buf, size_t size)
{
	char tmp[64];
	size_t n = 0;
	uint64_t v = secs < 0 ? 0 - (uint64_t)secs : (uint64_t)secs;
	uint64_t d = v / 86400, h = v % 86400 / 3600, m = v % 3600 / 60, s = v % 60;
	if (size == 0)
		return;
	if (secs < 0)
		tmp[n++] = '-';
	if (d)
		n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "%llud", (unsigned long long)d);
	if (h)
		n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "%lluh", (unsigned long long)h);
	if (m || (!d && !h && !s))
		n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "%llum", (unsigned long long)m);
	if (s)
		snprintf(tmp + n, sizeof(tmp) - n, "%llus", (unsigned long long)s);
	else
		tmp[n] = '\0';
	snprintf(buf, size, "%s", tmp);
}

/*
 * "95%", "12.5%" (at most 4 decimals: 1 ppm), or a fraction "0.95" (at
 * most 6 decimals, at most 1).  Digits are required before a '.', and
 * after it.  Blanks around are ignored, and may precede the '%'.
 */
int timefmt_parse_percent(const char *s, int32_t *ppm)
{
	const char *p = skip_blanks(s);
	int64_t ip = 0, frac = 0;
	int nip = 0, nfrac = 0;
	while (is_digit(*p)) {
		if (++nip > 7)
			return -1;
		ip = ip * 10 + (*p++ - '0');
	}
	if (nip == 0)
		return -1;
	if (*p == '.') {
		p++;
		while (is_digit(*p)) {
			if (++nfrac > 6)
				return -1;
			frac = frac * 10 + (*p++ - '0');
		}
		if (nfrac == 0)
			return -1;
	}
	p = skip_blanks(p);
	int pct = *p == '%';
	if (pct)
		p = skip_blanks(p + 1);
	if (*p != '\0')
		return -1;
	int places = pct ? 4 : 6;   /* decimals that make one ppm */
	if (nfrac > places)
		return -1;
	for (int i = nfrac; i < places; i++)
		frac *= 10;
	int64_t v = ip * (pct ? 10000 : 1000000) + frac;
	if (v > 1000000)
		return -1;
	*ppm = (int32_t)v;
	return 0;
}

void timefmt_percent(char *buf, size_t size, size_t part, size_t total)
{
	if (!total) {
		snprintf(buf, size, "-");
		return;
	}
	size_t t = (part * 2000 + total) / (2 * total);   /* tenths of a percent */
	if (t % 10)
		snprintf(buf, size, "%zu.%zu%%", t / 10, t % 10);
	else
		snprintf(buf, size, "%zu%%", t / 10);
}
