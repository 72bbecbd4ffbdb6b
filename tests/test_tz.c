/*
 * tz: offsets against glibc's own reading of the same zone files (glibc
 * uses the TZif table and, after it, the footer rule, as we do), the
 * pinned DST rule for local times, the footer rule on its own (against
 * glibc parsing the same POSIX TZ string), and rejection of bad names and
 * bad files.  setenv("TZ")/tzset are used here only, never in the library.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"
#include "testutil.h"
#include "tz.h"

#define H 3600
#define T1970 INT64_C(0)
#define T2038 (civil_days(2038, 1, 1) * 86400)
#define T2200 (civil_days(2200, 1, 1) * 86400)

static int64_t at(int y, int mo, int d, int h, int mi, int s)
{
	return civil_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void use_glibc_tz(const char *tzenv)
{
	ck_assert_int_eq(setenv("TZ", tzenv, 1), 0);
	tzset();
}

/* Plain ifs in the hot loops: every Check assertion records its location. */
static int glibc_off(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		ck_abort_msg("localtime_r(%lld) failed", (long long)t);
	return (int)tm.tm_gmtoff;
}

static struct tz *load_ok(const char *name)
{
	char *err = NULL;
	struct tz *tz = tz_load(name, &err);
	ck_assert_msg(tz != NULL, "tz_load(%s): %s", name, err ? err : "?");
	ck_assert_ptr_null(err);
	return tz;
}

static void expect_load_error(const char *name, const char *msg)
{
	char *err = NULL;
	struct tz *tz = tz_load(name, &err);
	ck_assert_ptr_null(tz);
	ck_assert_ptr_nonnull(err);
	ck_assert_str_eq(err, msg);
	free(err);
}

/*
 * The pinned rule around one change at T from ob to oa: local seconds in
 * [T+min, T+max) take ob; just before that range ob, from T+max on oa.
 */
static void check_change_locals(const struct tz *tz, const char *what, int64_t T, int ob, int oa)
{
	int mn = ob < oa ? ob : oa, mx = ob < oa ? oa : ob;
	int64_t probes[] = { T + mn - 1, T + mn, T + mn + (mx - mn) / 2, T + mx - 1, T + mx };
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		int64_t L = probes[i];
		if (mn == mx && (i >= 1 && i <= 3))
			continue;
		int64_t want = L < T + mx ? L - ob : L - oa;
		if (tz_local_to_utc(tz, L) != want)
			ck_abort_msg("%s: change at %lld (%d -> %d): local %lld gave %lld, want %lld",
				     what, (long long)T, ob, oa, (long long)L,
				     (long long)tz_local_to_utc(tz, L), (long long)want);
	}
}

/*
 * Compare tz_offset_at with glibc (TZ already set) every `step` seconds in
 * [from, to), and at each change (found by bisection on glibc) at T-1, T,
 * T+1; check the pinned local rule at every change, and round trips at
 * every 4th step away from changes.  Returns the number of changes seen.
 */
static int compare_with_glibc(const struct tz *tz, const char *what, int64_t from, int64_t to,
			      int64_t step)
{
	int changes = 0, quiet = 0;
	int64_t prev = from;
	int prev_off = glibc_off(prev);
	ck_assert_int_eq(tz_offset_at(tz, prev), prev_off);
	for (int64_t t = from + step; t < to; t += step) {
		int off = glibc_off(t);
		if (tz_offset_at(tz, t) != off)
			ck_abort_msg("%s: offset at %lld is %d, glibc says %d", what, (long long)t,
				     tz_offset_at(tz, t), off);
		if (tz_utc_to_local(tz, t) != t + off)
			ck_abort_msg("%s: utc_to_local(%lld) wrong", what, (long long)t);
		if (off != prev_off) {
			/* the change is in (prev, t]: find it */
			int64_t lo = prev, hi = t;
			while (hi - lo > 1) {
				int64_t mid = lo + (hi - lo) / 2;
				if (glibc_off(mid) == prev_off)
					lo = mid;
				else
					hi = mid;
			}
			for (int64_t d = -1; d <= 1; d++)
				if (tz_offset_at(tz, hi + d) != glibc_off(hi + d))
					ck_abort_msg("%s: offset at %lld is %d, glibc says %d", what,
						     (long long)(hi + d), tz_offset_at(tz, hi + d),
						     glibc_off(hi + d));
			check_change_locals(tz, what, hi, prev_off, glibc_off(hi));
			changes++;
		} else if (++quiet % 4 == 0 && glibc_off(t - 2 * 86400) == off &&
			   glibc_off(t + 2 * 86400) == off) {
			int64_t odd = t + 1234;   /* not on a round hour */
			if (tz_local_to_utc(tz, tz_utc_to_local(tz, odd)) != odd)
				ck_abort_msg("%s: round trip of %lld", what, (long long)odd);
		}
		prev = t;
		prev_off = off;
	}
	return changes;
}

static const char *const zones[] = {
	"Europe/London",     "America/New_York", "Europe/Dublin",     "Australia/Lord_Howe",
	"Pacific/Chatham",   "Asia/Kolkata",     "America/Sao_Paulo", "Pacific/Apia",
};

START_TEST(zone_matches_glibc_table)
{
	const char *name = zones[_i];
	struct tz *tz = load_ok(name);
	ck_assert_str_eq(tz_name(tz), name);
	use_glibc_tz(name);
	int n = compare_with_glibc(tz, name, T1970, T2038, 6 * H);
	/* Asia/Kolkata has had no change since 1945 */
	if (strcmp(name, "Asia/Kolkata") == 0)
		ck_assert_int_eq(n, 0);
	else
		ck_assert_int_gt(n, 0);
	tz_free(tz);
}
END_TEST

START_TEST(zone_matches_glibc_footer)
{
	const char *name = zones[_i];
	struct tz *tz = load_ok(name);
	use_glibc_tz(name);
	int n = compare_with_glibc(tz, name, T2038 - 86400 * 60, T2200, 6 * H);
	/* two changes a year in the DST zones: 162 years */
	if (strcmp(name, "Europe/London") == 0 || strcmp(name, "America/New_York") == 0 ||
	    strcmp(name, "Europe/Dublin") == 0 || strcmp(name, "Australia/Lord_Howe") == 0 ||
	    strcmp(name, "Pacific/Chatham") == 0)
		ck_assert_int_eq(n, 2 * 162);
	else
		ck_assert_int_eq(n, 0);
	tz_free(tz);
}
END_TEST

START_TEST(london_pinned)
{
	struct tz *tz = load_ok("Europe/London");
	/* spring forward 2026-03-29 01:00Z: 01:30 does not exist -> GMT, 01:30Z */
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 3, 29, 1, 30, 0)), at(2026, 3, 29, 1, 30, 0));
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 3, 29, 0, 59, 59)), at(2026, 3, 29, 0, 59, 59));
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 3, 29, 2, 0, 0)), at(2026, 3, 29, 1, 0, 0));
	/* fall back 2026-10-25 01:00Z: 01:30 happens twice -> the BST one */
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 10, 25, 1, 30, 0)), at(2026, 10, 25, 0, 30, 0));
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 10, 25, 0, 59, 59)),
			 at(2026, 10, 24, 23, 59, 59));
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 10, 25, 1, 0, 0)), at(2026, 10, 25, 0, 0, 0));
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 10, 25, 1, 59, 59)),
			 at(2026, 10, 25, 0, 59, 59));
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 10, 25, 2, 0, 0)), at(2026, 10, 25, 2, 0, 0));
	ck_assert_int_eq(tz_offset_at(tz, at(2026, 10, 25, 0, 59, 59)), 3600);
	ck_assert_int_eq(tz_offset_at(tz, at(2026, 10, 25, 1, 0, 0)), 0);
	ck_assert_int_eq(tz_offset_at(tz, at(2026, 11, 28, 2, 30, 0)), 0);
	ck_assert_int_eq(tz_offset_at(tz, at(2026, 7, 1, 12, 0, 0)), 3600);
	tz_free(tz);
}
END_TEST

/* Last Sunday of a month: what M3.5.0 and M10.5.0 name. */
static int64_t last_sunday(int y, int m)
{
	int64_t d = civil_days(y, m, civil_days_in_month(y, m));
	while (civil_weekday(d) != 7)
		d--;
	return d;
}

START_TEST(london_pinned_footer_2150)
{
	struct tz *tz = load_ok("Europe/London");
	int64_t mar = last_sunday(2150, 3), oct = last_sunday(2150, 10);
	/* 2150-03-29 and 2150-10-25 are Sundays: independent of the helper */
	ck_assert_int_eq(mar, civil_days(2150, 3, 29));
	ck_assert_int_eq(oct, civil_days(2150, 10, 25));
	ck_assert_int_eq(tz_local_to_utc(tz, mar * 86400 + 90 * 60), mar * 86400 + 90 * 60);
	ck_assert_int_eq(tz_local_to_utc(tz, mar * 86400 + 2 * H), mar * 86400 + H);
	ck_assert_int_eq(tz_local_to_utc(tz, oct * 86400 + 90 * 60), oct * 86400 + 30 * 60);
	ck_assert_int_eq(tz_local_to_utc(tz, oct * 86400 - 1), oct * 86400 - H - 1);
	ck_assert_int_eq(tz_local_to_utc(tz, oct * 86400 + 2 * H), oct * 86400 + 2 * H);
	ck_assert_int_eq(tz_offset_at(tz, mar * 86400 + H - 1), 0);
	ck_assert_int_eq(tz_offset_at(tz, mar * 86400 + H), 3600);
	ck_assert_int_eq(tz_offset_at(tz, oct * 86400 + H - 1), 3600);
	ck_assert_int_eq(tz_offset_at(tz, oct * 86400 + H), 0);
	ck_assert_int_eq(tz_midnight(tz, oct), oct * 86400 - H);
	ck_assert_int_eq(tz_midnight(tz, oct + 1), (oct + 1) * 86400);
	tz_free(tz);
}
END_TEST

START_TEST(new_york_pinned)
{
	struct tz *tz = load_ok("America/New_York");
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 3, 8, 2, 30, 0)), at(2026, 3, 8, 7, 30, 0));
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 11, 1, 1, 30, 0)), at(2026, 11, 1, 5, 30, 0));
	ck_assert_int_eq(tz_local_to_utc(tz, at(2026, 11, 1, 2, 0, 0)), at(2026, 11, 1, 7, 0, 0));
	ck_assert_int_eq(tz_offset_at(tz, at(2026, 3, 8, 7, 0, 0)), -4 * H);
	ck_assert_int_eq(tz_offset_at(tz, at(2026, 3, 8, 6, 59, 59)), -5 * H);
	tz_free(tz);
}
END_TEST

START_TEST(days_and_midnights)
{
	struct tz *lon = load_ok("Europe/London");
	struct tz *ny = load_ok("America/New_York");
	struct tz *utc = load_ok("UTC");
	int64_t d = civil_days(2026, 10, 25);
	ck_assert_int_eq(tz_midnight(lon, d), at(2026, 10, 24, 23, 0, 0));
	ck_assert_int_eq(tz_midnight(lon, d + 1), at(2026, 10, 26, 0, 0, 0));
	ck_assert_int_eq(tz_midnight(lon, civil_days(2026, 3, 29)), at(2026, 3, 29, 0, 0, 0));
	ck_assert_int_eq(tz_midnight(lon, civil_days(2026, 3, 30)), at(2026, 3, 29, 23, 0, 0));
	ck_assert_int_eq(tz_day_of(lon, at(2026, 10, 24, 23, 0, 0)), d);
	ck_assert_int_eq(tz_day_of(lon, at(2026, 10, 24, 22, 59, 59)), d - 1);
	ck_assert_int_eq(tz_day_of(ny, 0), -1);
	ck_assert_int_eq(tz_day_of(ny, 5 * H), 0);
	ck_assert_int_eq(tz_day_of(utc, -1), -1);
	ck_assert_int_eq(tz_day_of(utc, -86400), -1);
	ck_assert_int_eq(tz_day_of(utc, -86401), -2);
	ck_assert_int_eq(tz_midnight(utc, -3), -3 * 86400);
	/* a day of 23 and a day of 25 hours */
	ck_assert_int_eq(tz_midnight(lon, civil_days(2026, 3, 30)) -
			 tz_midnight(lon, civil_days(2026, 3, 29)), 23 * H);
	ck_assert_int_eq(tz_midnight(lon, d + 1) - tz_midnight(lon, d), 25 * H);
	tz_free(lon);
	tz_free(ny);
	tz_free(utc);
}
END_TEST

START_TEST(utc_without_files)
{
	ck_assert_int_eq(setenv("TZDIR", "/nonexistent/fitsmon-zoneinfo", 1), 0);
	struct tz *a = load_ok("UTC"), *b = load_ok("Etc/UTC");
	ck_assert_str_eq(tz_name(b), "Etc/UTC");
	int64_t probes[] = { INT64_MIN, -86401, -1, 0, 1, at(2026, 10, 25, 1, 30, 0), INT64_MAX };
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		ck_assert_int_eq(tz_offset_at(a, probes[i]), 0);
		ck_assert_int_eq(tz_offset_at(b, probes[i]), 0);
		ck_assert_int_eq(tz_local_to_utc(a, probes[i]), probes[i]);
		ck_assert_int_eq(tz_utc_to_local(b, probes[i]), probes[i]);
	}
	expect_load_error("Europe/London", "unknown time zone 'Europe/London'");
	tz_free(a);
	tz_free(b);
	tz_free(NULL);
	unsetenv("TZDIR");
}
END_TEST

START_TEST(unsafe_and_unknown_names)
{
	expect_load_error("", "unknown time zone ''");
	expect_load_error("/etc/passwd", "unknown time zone '/etc/passwd'");
	expect_load_error("../etc/passwd", "unknown time zone '../etc/passwd'");
	expect_load_error("Europe/../Europe/London", "unknown time zone 'Europe/../Europe/London'");
	expect_load_error("Europe/London/..", "unknown time zone 'Europe/London/..'");
	expect_load_error("Europe//London", "unknown time zone 'Europe//London'");
	expect_load_error("Europe/", "unknown time zone 'Europe/'");
	expect_load_error("Europe/Lon don", "unknown time zone 'Europe/Lon don'");
	expect_load_error("Europe/Atlantis", "unknown time zone 'Europe/Atlantis'");
	expect_load_error("Europe", "unknown time zone 'Europe'");   /* a folder */
	/* the name is kept as given */
	struct tz *tz = load_ok("Europe/London");
	ck_assert_str_eq(tz_name(tz), "Europe/London");
	tz_free(tz);
	/* a NULL err is allowed */
	ck_assert_ptr_null(tz_load("Nowhere/Town", NULL));
}
END_TEST

/* ---- hand-made TZif files ---- */

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/fitsmon-tz-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(setenv("TZDIR", tmpdir, 1), 0);
}

static void remove_tmpdir(const char *const *names, size_t n)
{
	char path[256];
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	unsetenv("TZDIR");
}

static void put32(FILE *f, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	fwrite(b, 1, 4, f);
}

static void put64(FILE *f, int64_t v)
{
	put32(f, (uint32_t)((uint64_t)v >> 32));
	put32(f, (uint32_t)(uint64_t)v);
}

struct tzif_spec {
	int version;              /* 0 (version 1) or '2' */
	size_t ntrans;
	const int64_t *at;
	const unsigned char *idx;
	size_t ntypes;
	const int32_t *utoff;
	const char *footer;       /* version 2 only */
	uint32_t leapcnt;         /* leap records in the 64-bit block */
};

static void header(FILE *f, int version, uint32_t leap, uint32_t timecnt, uint32_t typecnt,
		   uint32_t charcnt)
{
	fwrite("TZif", 1, 4, f);
	fputc(version, f);
	for (int i = 0; i < 15; i++)
		fputc(0, f);
	put32(f, 0);
	put32(f, 0);
	put32(f, leap);
	put32(f, timecnt);
	put32(f, typecnt);
	put32(f, charcnt);
}

static void types_and_names(FILE *f, const struct tzif_spec *s)
{
	for (size_t i = 0; i < s->ntypes; i++) {
		put32(f, (uint32_t)s->utoff[i]);
		fputc(0, f);
		fputc(0, f);
	}
	fwrite("ABC", 1, 4, f);
}

static void write_tzif(const char *name, const struct tzif_spec *s)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	if (s->version == 0) {
		header(f, 0, 0, (uint32_t)s->ntrans, (uint32_t)s->ntypes, 4);
		for (size_t i = 0; i < s->ntrans; i++)
			put32(f, (uint32_t)(int32_t)s->at[i]);
		fwrite(s->idx, 1, s->ntrans, f);
		types_and_names(f, s);
	} else {
		/* a minimal version 1 block, as zic -b slim writes */
		header(f, s->version, 0, 0, 1, 4);
		put32(f, 0);
		fputc(0, f);
		fputc(0, f);
		fwrite("ABC", 1, 4, f);
		header(f, s->version, s->leapcnt, (uint32_t)s->ntrans, (uint32_t)s->ntypes, 4);
		for (size_t i = 0; i < s->ntrans; i++)
			put64(f, s->at[i]);
		if (s->ntrans)
			fwrite(s->idx, 1, s->ntrans, f);
		types_and_names(f, s);
		for (uint32_t i = 0; i < s->leapcnt; i++) {
			put64(f, 78796800);
			put32(f, 1);
		}
		fprintf(f, "\n%s\n", s->footer);
	}
	ck_assert_int_eq(fclose(f), 0);
}

static void write_bytes(const char *name, const void *p, size_t n)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(p, 1, n, f);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * POSIX TZ strings, each written as the footer of a zone with no
 * transitions (RFC 8536: the footer then rules all instants) and compared
 * with glibc parsing the same string from $TZ.  They cover quoted names,
 * minutes in offsets, negative DST (Dublin), southern rules, Jn and n
 * dates, and the RFC 8536 times < 0 and > 24h.  Only from 1970: glibc
 * (2.36) computes a rule's changes for a year before 1970 from 1970-01-01,
 * so its answers there are wrong.
 */
static const char *const rules[] = {
	"EST5EDT,M3.2.0,M11.1.0",
	"GMT0BST,M3.5.0/1,M10.5.0",
	"IST-1GMT0,M10.5.0,M3.5.0/1",
	"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
	"<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45",
	"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
	"AAA3BBB,J60/1:30,J300/-1",
	"XXX-2YYY,59/3,300/25",
	"<+13>-13<+14>,M9.5.0/3,M4.1.0/4",
	"CET-1CEST-2:30:15,M3.5.0/+26,M10.4.6/100:10:05",
	"<-0930>9:30<-0830>,M2.1.1/-20,M11.5.3/167",
};

START_TEST(footer_rule_matches_glibc)
{
	make_tmpdir();
	int32_t zero = 0;
	struct tzif_spec s = { '2', 0, NULL, NULL, 1, &zero, rules[_i], 0 };
	write_tzif("rule", &s);
	struct tz *tz = load_ok("rule");
	use_glibc_tz(rules[_i]);
	int n = compare_with_glibc(tz, rules[_i], T1970, T2200, 7 * H + 13 * 60);
	ck_assert_int_eq(n, 2 * 230);
	tz_free(tz);
	static const char *const names[] = { "rule" };
	remove_tmpdir(names, 1);
}
END_TEST

START_TEST(footer_fixed_and_all_year_dst)
{
	make_tmpdir();
	int32_t zero = 0;
	struct tzif_spec fixed = { '2', 0, NULL, NULL, 1, &zero, "<+0545>-5:45", 0 };
	struct tzif_spec ally = { '2', 0, NULL, NULL, 1, &zero, "EST5EDT,0/0,J365/25", 0 };
	/* DST would start and end at 05:00Z on day 100: never DST, as in glibc */
	struct tzif_spec never = { '2', 0, NULL, NULL, 1, &zero, "AAA3BBB,J100/2,J100/3", 0 };
	write_tzif("fixed", &fixed);
	write_tzif("ally", &ally);
	write_tzif("never", &never);
	struct tz *f = load_ok("fixed"), *a = load_ok("ally"), *nv = load_ok("never");
	for (int64_t t = at(1900, 1, 1, 0, 0, 0); t < T2200; t += 86400 * 3 + 3 * H + 7) {
		if (tz_offset_at(f, t) != 5 * H + 45 * 60 || tz_offset_at(a, t) != -4 * H ||
		    tz_offset_at(nv, t) != -3 * H)
			ck_abort_msg("offset at %lld", (long long)t);
	}
	ck_assert_int_eq(tz_offset_at(nv, at(2026, 4, 10, 5, 0, 0)), -3 * H);
	use_glibc_tz("AAA3BBB,J100/2,J100/3");
	ck_assert_int_eq(glibc_off(at(2026, 4, 10, 5, 0, 0)), -3 * H);
	/* the year turn, where the cancelling changes sit */
	for (int y = 1990; y < 2010; y++) {
		int64_t t = at(y, 1, 1, 5, 0, 0);
		ck_assert_int_eq(tz_offset_at(a, t - 1), -4 * H);
		ck_assert_int_eq(tz_offset_at(a, t), -4 * H);
		ck_assert_int_eq(tz_local_to_utc(a, at(y, 1, 1, 0, 30, 0)), at(y, 1, 1, 4, 30, 0));
	}
	ck_assert_int_eq(tz_local_to_utc(f, at(2026, 1, 1, 5, 45, 0)), at(2026, 1, 1, 0, 0, 0));
	tz_free(f);
	tz_free(a);
	tz_free(nv);
	static const char *const names[] = { "fixed", "ally", "never" };
	remove_tmpdir(names, 3);
}
END_TEST

/*
 * A slim-style file: a table ending in 2007 and a footer after it.  The
 * table rules up to its last transition, the rule after; before the first
 * transition the offset is time type 0's.
 */
START_TEST(table_then_footer)
{
	make_tmpdir();
	int64_t ats[] = { at(1990, 1, 1, 0, 0, 0), at(2000, 6, 1, 0, 0, 0), at(2007, 1, 1, 0, 0, 0) };
	unsigned char idx[] = { 1, 2, 1 };
	int32_t utoff[] = { -17762, -5 * H, -4 * H };
	struct tzif_spec s = { '2', 3, ats, idx, 3, utoff, "EST5EDT,M3.2.0,M11.1.0", 0 };
	write_tzif("slim", &s);
	struct tz *tz = load_ok("slim");
	ck_assert_int_eq(tz_offset_at(tz, INT64_MIN), -17762);
	ck_assert_int_eq(tz_offset_at(tz, ats[0] - 1), -17762);
	ck_assert_int_eq(tz_offset_at(tz, ats[0]), -5 * H);
	ck_assert_int_eq(tz_offset_at(tz, ats[1] - 1), -5 * H);
	ck_assert_int_eq(tz_offset_at(tz, ats[1]), -4 * H);
	ck_assert_int_eq(tz_offset_at(tz, ats[2] - 1), -4 * H);
	ck_assert_int_eq(tz_offset_at(tz, ats[2]), -5 * H);
	/* 2007 follows the footer: DST from 11 March 07:00Z to 4 November 06:00Z */
	ck_assert_int_eq(tz_offset_at(tz, at(2007, 3, 11, 6, 59, 59)), -5 * H);
	ck_assert_int_eq(tz_offset_at(tz, at(2007, 3, 11, 7, 0, 0)), -4 * H);
	ck_assert_int_eq(tz_offset_at(tz, at(2007, 11, 4, 5, 59, 59)), -4 * H);
	ck_assert_int_eq(tz_offset_at(tz, at(2007, 11, 4, 6, 0, 0)), -5 * H);
	/* the 2000 jump (-5 -> -4, a gap) and the 2007 one (-4 -> -5, an overlap) */
	check_change_locals(tz, "slim", ats[1], -5 * H, -4 * H);
	check_change_locals(tz, "slim", ats[2], -4 * H, -5 * H);
	check_change_locals(tz, "slim", at(2007, 3, 11, 7, 0, 0), -5 * H, -4 * H);
	ck_assert_int_eq(tz_local_to_utc(tz, at(1980, 1, 1, 0, 0, 0)), at(1980, 1, 1, 0, 0, 0) + 17762);
	use_glibc_tz("EST5EDT,M3.2.0,M11.1.0");
	compare_with_glibc(tz, "slim", ats[2] + 1, T2200, 5 * H + 7);
	tz_free(tz);
	static const char *const names[] = { "slim" };
	remove_tmpdir(names, 1);
}
END_TEST

START_TEST(version1_file)
{
	make_tmpdir();
	int64_t ats[] = { -1000000000, 0, 1000000000 };
	unsigned char idx[] = { 1, 2, 0 };
	int32_t utoff[] = { 3600, 7200, -1800 };
	struct tzif_spec s = { 0, 3, ats, idx, 3, utoff, NULL, 0 };
	write_tzif("v1", &s);
	struct tz *tz = load_ok("v1");
	ck_assert_int_eq(tz_offset_at(tz, -1000000001), 3600);
	ck_assert_int_eq(tz_offset_at(tz, -1000000000), 7200);
	ck_assert_int_eq(tz_offset_at(tz, -1), 7200);
	ck_assert_int_eq(tz_offset_at(tz, 0), -1800);
	ck_assert_int_eq(tz_offset_at(tz, 999999999), -1800);
	ck_assert_int_eq(tz_offset_at(tz, 1000000000), 3600);
	ck_assert_int_eq(tz_offset_at(tz, INT64_MAX), 3600);   /* no footer: last stays */
	/* 0: 7200 -> -1800, local [-1800, 7200) repeated, takes 7200 */
	ck_assert_int_eq(tz_local_to_utc(tz, 0), -7200);
	ck_assert_int_eq(tz_local_to_utc(tz, 7199), -1);
	ck_assert_int_eq(tz_local_to_utc(tz, 7200), 9000);
	ck_assert_int_eq(tz_local_to_utc(tz, -1801), -1801 - 7200);
	tz_free(tz);
	static const char *const names[] = { "v1" };
	remove_tmpdir(names, 1);
}
END_TEST

START_TEST(bad_files)
{
	make_tmpdir();
	int32_t zero = 0, huge = 100000;
	int64_t two[] = { 100, 50 };
	unsigned char idx2[] = { 0, 0 };
	unsigned char badidx[] = { 3 };
	write_bytes("garbage", "hello, world\n", 13);
	write_bytes("short", "TZif2", 5);
	write_bytes("empty", "", 0);
	struct tzif_spec footer = { '2', 0, NULL, NULL, 1, &zero, "EST5EDT,M3.2.0", 0 };
	struct tzif_spec footer2 = { '2', 0, NULL, NULL, 1, &zero, "E5", 0 };
	struct tzif_spec footer3 = { '2', 0, NULL, NULL, 1, &zero, "EST5EDT,M13.1.0,M11.1.0", 0 };
	struct tzif_spec leap = { '2', 0, NULL, NULL, 1, &zero, "UTC0", 1 };
	struct tzif_spec order = { '2', 2, two, idx2, 1, &zero, "UTC0", 0 };
	struct tzif_spec range = { '2', 0, NULL, NULL, 1, &huge, "", 0 };
	struct tzif_spec index = { '2', 1, two, badidx, 1, &zero, "", 0 };
	write_tzif("footer", &footer);
	write_tzif("footer2", &footer2);
	write_tzif("footer3", &footer3);
	write_tzif("leap", &leap);
	write_tzif("order", &order);
	write_tzif("range", &range);
	write_tzif("index", &index);
	/* a real file cut short, and one without its footer's final newline */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen("/usr/share/zoneinfo/Europe/London", "rb");
	ck_assert_ptr_nonnull(f);
	buf = malloc(1 << 16);
	len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	ck_assert_int_gt(len, 1000);
	write_bytes("cut", buf, 1000);
	write_bytes("nofooter", buf, len - 1);
	write_bytes("London", buf, len);
	free(buf);

	expect_load_error("garbage", "cannot read time zone 'garbage': not a TZif file");
	expect_load_error("short", "cannot read time zone 'short': truncated file");
	expect_load_error("empty", "cannot read time zone 'empty': not a TZif file");
	expect_load_error("footer", "cannot read time zone 'footer': bad TZ string 'EST5EDT,M3.2.0'");
	expect_load_error("footer2", "cannot read time zone 'footer2': bad TZ string 'E5'");
	expect_load_error("footer3",
			  "cannot read time zone 'footer3': bad TZ string 'EST5EDT,M13.1.0,M11.1.0'");
	expect_load_error("leap",
			  "cannot read time zone 'leap': leap-second time zones are not supported");
	expect_load_error("order", "cannot read time zone 'order': transitions out of order");
	expect_load_error("range", "cannot read time zone 'range': UT offset out of range");
	expect_load_error("index", "cannot read time zone 'index': bad local time type index");
	expect_load_error("cut", "cannot read time zone 'cut': truncated file");
	expect_load_error("nofooter", "cannot read time zone 'nofooter': missing TZ string footer");
	expect_load_error("missing", "unknown time zone 'missing'");
	/* the intact copy loads, from $TZDIR */
	struct tz *tz = load_ok("London");
	ck_assert_int_eq(tz_offset_at(tz, at(2026, 7, 1, 0, 0, 0)), 3600);
	tz_free(tz);
	static const char *const names[] = { "garbage", "short", "empty", "footer", "footer2",
					     "footer3", "leap", "order", "range", "index",
					     "cut", "nofooter", "London" };
	remove_tmpdir(names, sizeof(names) / sizeof(names[0]));
}
END_TEST

/* A file we cannot read is not "unknown": the reason is given. */
START_TEST(unreadable_file)
{
	if (geteuid() == 0)
		return;   /* root reads anything */
	make_tmpdir();
	write_bytes("secret", "TZif", 4);
	char path[256];
	snprintf(path, sizeof(path), "%s/secret", tmpdir);
	ck_assert_int_eq(chmod(path, 0), 0);
	expect_load_error("secret", "cannot read time zone 'secret': Permission denied");
	static const char *const names[] = { "secret" };
	remove_tmpdir(names, 1);
}
END_TEST

/* Extreme instants neither crash nor overflow. */
START_TEST(extremes)
{
	struct tz *tz = load_ok("Europe/London");
	int off = tz_offset_at(tz, INT64_MAX);
	ck_assert(off == 0 || off == 3600);
	ck_assert_int_eq(tz_utc_to_local(tz, INT64_MAX), INT64_MAX);
	ck_assert_int_eq(tz_utc_to_local(tz, INT64_MIN), INT64_MIN);
	/* before 1847 London kept local mean time, -0:01:15 (time type 0) */
	ck_assert_int_eq(tz_offset_at(tz, INT64_MIN), -75);
	ck_assert_int_eq(tz_local_to_utc(tz, INT64_MIN), INT64_MIN + 75);
	ck_assert_int_eq(tz_local_to_utc(tz, INT64_MAX - 10), INT64_MAX - 10 - off);
	int64_t far = civil_days(30000, 7, 1) * 86400;
	ck_assert_int_eq(tz_offset_at(tz, far), 3600);
	ck_assert_int_eq(tz_local_to_utc(tz, far + 3600), far);
	tz_free(tz);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tz");
	TCase *tc = tcase_create("tz");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, zone_matches_glibc_table, 0, sizeof(zones) / sizeof(zones[0]));
	tcase_add_loop_test(tc, zone_matches_glibc_footer, 0, sizeof(zones) / sizeof(zones[0]));
	tcase_add_test(tc, london_pinned);
	tcase_add_test(tc, london_pinned_footer_2150);
	tcase_add_test(tc, new_york_pinned);
	tcase_add_test(tc, days_and_midnights);
	tcase_add_test(tc, utc_without_files);
	tcase_add_test(tc, unsafe_and_unknown_names);
	tcase_add_loop_test(tc, footer_rule_matches_glibc, 0, sizeof(rules) / sizeof(rules[0]));
	tcase_add_test(tc, footer_fixed_and_all_year_dst);
	tcase_add_test(tc, table_then_footer);
	tcase_add_test(tc, version1_file);
	tcase_add_test(tc, bad_files);
	tcase_add_test(tc, unreadable_file);
	tcase_add_test(tc, extremes);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
