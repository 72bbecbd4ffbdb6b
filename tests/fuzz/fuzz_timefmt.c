/*
 * libFuzzer target: instants, durations and percentages as feeds and the
 * config write them.  The input is split at its first NUL: the text
 * before it is parsed as ISO 8601 (UTC and two zones), with a handful of
 * strptime formats real exports use, as a duration and as a percentage;
 * the bytes after it, when there is a NUL, are a format of their own.
 *
 * Round trips are checked, not just survival: a parsed duration printed
 * with timefmt_duration must parse back to the same seconds, an instant
 * (within a day of 1970..2199, whatever the format) printed with
 * timefmt_utc must parse back to itself, and percentages stay within
 * 0..1000000 ppm.  Output buffers are exactly the sizes the
 * header documents, so an overrun shows.
 */
#include "fuzz.h"

static const char *const formats[] = {
	"%d/%m/%Y %H:%M",
	"%d/%m/%Y %H:%M:%S",
	"%d-%m-%Y %H:%M:%S",
	"%Y/%m/%d %H:%M:%S.000",
	"%Y-%m-%dT%H:%M:%S%z",
	"%m/%d/%Y %I:%M:%S %p",
	"%d %b %Y %H:%M",
	"%Y-%m-%d",
	"%s",           /* refused */
	"%",            /* unfinished */
	NULL
};

static struct tz *zones[3];   /* NULL (UTC), London, New York */

static void instant(const char *s, const struct tz *tz, const char *fmt)
{
	int64_t t;
	if (timefmt_parse(s, fmt, tz, &t) != 0)
		return;
	char utc[21], local[17], brief[32];
	timefmt_utc(t, utc, sizeof(utc));
	timefmt_local(tz, t, local, sizeof(local));
	timefmt_local_short(tz, t, brief, sizeof(brief));
	/* The year range applies to the written time, so an offset or a zone
	 * can put the instant up to a day outside it ("1970-01-01 00:30+01:00"
	 * is 1969 in UTC, which then does not parse back); never further. */
	int64_t lo = 0, hi = civil_days(2200, 1, 1) * 86400;
	if (t < lo - 86400 || t >= hi + 86400)
		fuzz_die("an instant far outside 1970..2199", utc);
	int64_t back;
	if (t >= lo && t < hi && (timefmt_parse_iso8601(utc, NULL, &back) != 0 || back != t))
		fuzz_die("timefmt_utc does not parse back", utc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!zones[1]) {
		char *err = NULL;
		zones[1] = tz_load("Europe/London", &err);
		zones[2] = tz_load("America/New_York", &err);
		if (!zones[1] || !zones[2])
			fuzz_die("tz_load", err);
	}
	const uint8_t *nul = memchr(data, '\0', size);
	size_t n = nul ? (size_t)(nul - data) : size;
	char *s = xstrndup((const char *)data, n);
	char *fmt = nul ? xstrndup((const char *)nul + 1, size - n - 1) : NULL;

	for (size_t z = 0; z < 3; z++) {
		int64_t t;
		timefmt_parse_iso8601(s, zones[z], &t);
		instant(s, zones[z], NULL);
		instant(s, zones[z], "ISO8601");
	}
	for (size_t i = 0; formats[i]; i++)
		instant(s, zones[i % 3], formats[i]);
	if (fmt)
		for (size_t z = 0; z < 3; z++)
			instant(s, zones[z], fmt);

	for (int days = 0; days <= 1; days++) {
		int64_t secs;
		if (timefmt_parse_duration(s, days, &secs) != 0)
			continue;
		if (secs < 0 || secs % 60)
			fuzz_die("duration out of range", s);
		char buf[64];
		timefmt_duration(secs, buf, sizeof(buf));
		int64_t back;
		if (timefmt_parse_duration(buf, 1, &back) != 0 || back != secs)
			fuzz_die("timefmt_duration does not parse back", buf);
		timefmt_duration(-secs, buf, sizeof(buf));
		timefmt_duration(secs + 59, buf, 8);
	}
	int32_t ppm;
	if (timefmt_parse_percent(s, &ppm) == 0 && (ppm < 0 || ppm > 1000000))
		fuzz_die("percentage out of range", s);

	free(s);
	free(fmt);
	return 0;
}
