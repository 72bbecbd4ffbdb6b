/*
 * civil — Gregorian day numbers.  The conversions are Howard Hinnant's
 * well-known days-from-civil algorithm (eras of 400 years), written out
 * here for int64 day numbers.
 */
#include "civil.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static const char *const wdays[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const months[] = { "", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

int64_t civil_days(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;                                   /* [0, 399] */
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = mm;
	*d = dd;
}

int civil_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t r = (days + 3) % 7;
	if (r < 0)
		r += 7;
	return (int)r + 1;
}

int civil_days_in_month(int y, int m)
{
	static const int len[] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m];
}

int civil_valid(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= civil_days_in_month(y, m);
}

int64_t civil_week_monday(int64_t days)
{
	return days - (civil_weekday(days) - 1);
}

void civil_iso_week(int64_t days, int *iso_year, int *week)
{
	/* The ISO year is the year of the week's Thursday. */
	int64_t thu = civil_week_monday(days) + 3;
	int y, m, d;
	civil_from_days(thu, &y, &m, &d);
	*iso_year = y;
	*week = (int)((thu - civil_days(y, 1, 1)) / 7) + 1;
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int civil_parse_date(const char *s, size_t len, int64_t *days)
{
	int y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (!civil_valid(y, m, d))
		return -1;
	*days = civil_days(y, m, d);
	return 0;
}

void civil_format_date(int64_t days, char *buf, size_t size)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

void civil_format_week(int64_t days, char *buf, size_t size)
{
	int y, w;
	civil_iso_week(days, &y, &w);
	snprintf(buf, size, "%04d-W%02d", y, w);
}

/* "Tue 24 Nov", by hand: a year's late calls each need one. */
void civil_format_short(int64_t days, char *buf, size_t size)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	char tmp[16], *p = tmp;
	memcpy(p, wdays[civil_weekday(days)], 3);
	p += 3;
	*p++ = ' ';
	if (d >= 10)
		*p++ = (char)('0' + d / 10);
	*p++ = (char)('0' + d % 10);
	*p++ = ' ';
	memcpy(p, months[m], 3);
	p += 3;
	str_copy(buf, size, tmp, (size_t)(p - tmp));
}

const char *civil_weekday_name(int wd)
{
	return wd >= 1 && wd <= 7 ? wdays[wd] : "";
}

const char *civil_month_name(int m)
{
	return m >= 1 && m <= 12 ? months[m] : "";
}
