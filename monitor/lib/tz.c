/*
 * tz — IANA time zones read from TZif files (RFC 8536).
 *
 * A loaded zone is reduced to what fitsmon needs: the UTC offset as a step
 * function of time.  It is kept as
 *   - a table of offset changes (transitions whose offset differs from the
 *     one before; changes of abbreviation or isdst alone are dropped),
 *   - the offset before the first change (time type 0, RFC 8536 3.2),
 *   - for version 2+ files, the POSIX TZ footer rule, which governs every
 *     instant after the last table transition.  Rule changes are computed
 *     per year arithmetically, never by scanning.
 *
 * Everything else (tz_offset_at, tz_local_to_utc, ...) is built on two
 * primitives over the merged sequence of table and rule changes:
 * change_at_or_before() and change_after().  Both are O(log n) for the
 * table and O(1) for the rule.
 *
 * Instants beyond +-2^40 s (about year +-36,800) are clamped when looking
 * up an offset; arithmetic on them saturates rather than overflows.
 */
#include "tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "civil.h"
#include "util.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_MAX_NAME 255
#define TZ_MAX_FILE (1 << 20)          /* real TZif files are a few KiB */
#define TZIF_HEADER 44
/* RFC 8536 3.2: utoff SHOULD lie in [-89999, 93599]; we require it. */
#define UTOFF_MIN (-89999)
#define UTOFF_MAX 93599
#define T_LIMIT ((int64_t)1 << 40)
/* A rule window covers the years y-WIN..y+WIN; the outer ones only give context. */
#define WIN 3

/* A date in a POSIX TZ rule, with the local time of the change. */
struct rdate {
	char kind;      /* 'J': Jn, 1..365, Feb 29 never counted; 'D': n, 0..365; 'M': Mm.w.d */
	int n, m, w, d;
	int32_t time;   /* seconds after local midnight; RFC 8536 allows -167h..167h */
};

/* A footer rule with DST: the offset alternates between std_off and dst_off. */
struct rule {
	int32_t std_off, dst_off;  /* seconds east of UTC */
	struct rdate start;        /* DST starts; time is in standard local time */
	struct rdate end;          /* DST ends; time is in daylight local time */
};

struct tz {
	char *name;
	size_t n;          /* offset changes in the table */
	int64_t *at;       /* their UTC instants, strictly ascending */
	int32_t *off;      /* offset in force from at[i] on */
	int32_t initial;   /* offset before at[0] (always, when n == 0 and no rule) */
	int has_rule;      /* `rule` governs instants after the last table change */
	struct rule rule;
	int32_t maxoff;    /* largest |offset| the zone ever uses */
};

/* One offset change: at UTC instant `at` the offset goes from before to after. */
struct change {
	int64_t at;
	int32_t before, after;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t clamp_t(int64_t t)
{
	return t > T_LIMIT ? T_LIMIT : t < -T_LIMIT ? -T_LIMIT : t;
}

/* a + b for a small b (|b| < 2^31) without overflow: saturates at the int64 range. */
static int64_t sat_add(int64_t a, int32_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

static int32_t abs32(int32_t v)
{
	return v < 0 ? -v : v;
}

static void note_offset(struct tz *tz, int32_t off)
{
	if (abs32(off) > tz->maxoff)
		tz->maxoff = abs32(off);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- POSIX TZ strings (the TZif footer) ---- */

/* Read minn..maxn decimal digits at *pp into *out; advances *pp. */
static int read_digits(const char **pp, int minn, int maxn, int *out)
{
	const char *p = *pp;
	int v = 0, n = 0;
	while (n < maxn && is_digit(*p)) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n < minn)
		return -1;
	*pp = p;
	*out = v;
	return 0;
}

/*
 * A zone abbreviation: at least three letters, or <...> quoting letters,
 * digits, '+' and '-' (the "<+0330>" form).  Only its extent matters here.
 */
static int parse_abbr(const char **pp)
{
	const char *p = *pp;
	size_t len = 0;
	if (*p == '<') {
		for (p++; *p && *p != '>'; p++, len++)
			if (!is_alpha(*p) && !is_digit(*p) && *p != '+' && *p != '-')
				return -1;
		if (*p != '>' || len == 0)
			return -1;
		p++;
	} else {
		while (is_alpha(*p)) {
			p++;
			len++;
		}
		if (len < 3)
			return -1;
	}
	*pp = p;
	return 0;
}

/*
 * [+-]hh[:mm[:ss]] as seconds, hours at most maxh: 24 for zone offsets,
 * 167 for rule times (RFC 8536 3.3.1 extends POSIX to -167..167).
 */
static int parse_hms(const char **pp, int maxh, int32_t *out)
{
	const char *p = *pp;
	int sign = 1, h, m = 0, s = 0;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (read_digits(&p, 1, 3, &h) < 0 || h > maxh)
		return -1;
	if (*p == ':') {
		p++;
		if (read_digits(&p, 1, 2, &m) < 0 || m > 59)
			return -1;
		if (*p == ':') {
			p++;
			if (read_digits(&p, 1, 2, &s) < 0 || s > 59)
				return -1;
		}
	}
	*out = sign * (h * 3600 + m * 60 + s);
	*pp = p;
	return 0;
}

/* Jn, n or Mm.w.d, then an optional /time (default 02:00:00). */
static int parse_rdate(const char **pp, struct rdate *r)
{
	const char *p = *pp;
	memset(r, 0, sizeof(*r));
	if (*p == 'J') {
		p++;
		r->kind = 'J';
		if (read_digits(&p, 1, 3, &r->n) < 0 || r->n < 1 || r->n > 365)
			return -1;
	} else if (*p == 'M') {
		p++;
		r->kind = 'M';
		if (read_digits(&p, 1, 2, &r->m) < 0 || r->m < 1 || r->m > 12 || *p++ != '.' ||
		    read_digits(&p, 1, 1, &r->w) < 0 || r->w < 1 || r->w > 5 || *p++ != '.' ||
		    read_digits(&p, 1, 1, &r->d) < 0 || r->d > 6)
			return -1;
	} else {
		r->kind = 'D';
		if (read_digits(&p, 1, 3, &r->n) < 0 || r->n > 365)
			return -1;
	}
	r->time = 2 * 3600;
	if (*p == '/') {
		p++;
		if (parse_hms(&p, 167, &r->time) < 0)
			return -1;
	}
	*pp = p;
	return 0;
}

/*
 * Parse a POSIX TZ string "std offset [dst [offset] [,start[/time],end[/time]]]".
 * POSIX offsets count west; r gets seconds east.  *has_dst is 0 for a
 * fixed zone (only r->std_off is set).  A DST zone without rules gets the
 * US rules M3.2.0,M11.1.0, as glibc does; zic never writes one.
 */
static int parse_posix_tz(const char *s, struct rule *r, int *has_dst)
{
	const char *p = s;
	int32_t v;
	memset(r, 0, sizeof(*r));
	*has_dst = 0;
	if (parse_abbr(&p) < 0 || parse_hms(&p, 24, &v) < 0)
		return -1;
	r->std_off = -v;
	if (*p == '\0')
		return 0;
	if (parse_abbr(&p) < 0)
		return -1;
	*has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if (parse_hms(&p, 24, &v) < 0)
			return -1;
		r->dst_off = -v;
	}
	if (*p == '\0') {
		const char *us = "M3.2.0,M11.1.0";
		if (parse_rdate(&us, &r->start) < 0 || *us++ != ',' || parse_rdate(&us, &r->end) < 0)
			return -1;
		return 0;
	}
	if (*p++ != ',' || parse_rdate(&p, &r->start) < 0 || *p++ != ',' ||
	    parse_rdate(&p, &r->end) < 0)
		return -1;
	return *p == '\0' ? 0 : -1;
}

/* Local second (local midnight of the rule's date plus its time) in year y. */
static int64_t rdate_local(const struct rdate *r, int y)
{
	int64_t day;
	if (r->kind == 'J') {
		/* J60 is 1 March even in leap years. */
		day = civil_days(y, 1, 1) + r->n - 1;
		if (r->n >= 60 && civil_days_in_month(y, 2) == 29)
			day++;
	} else if (r->kind == 'D') {
		day = civil_days(y, 1, 1) + r->n;
	} else {
		int64_t first = civil_days(y, r->m, 1);
		int wd = civil_weekday(first) % 7;             /* 0 = Sunday, as POSIX */
		day = first + (r->d - wd + 7) % 7 + 7 * (r->w - 1);
		if (day >= first + civil_days_in_month(y, r->m))
			day -= 7;                               /* w = 5: the last one */
	}
	return day * 86400 + r->time;
}

/* A rule change before merging: its instant, the offset after it, its rule year. */
struct raw_change {
	int64_t at;
	int32_t after;
	int year;
};

static int year_of(int64_t t)
{
	int y, m, d;
	civil_from_days(floor_div(t, 86400), &y, &m, &d);
	return y;
}

/*
 * The rule's offset changes near instant t (t clamped): those of the years
 * y-WIN+1..y+WIN-1 around t's UTC year y, in order, each with the offset
 * before and after it.  Changes at or before the table's last transition
 * are left out (the table rules there), and the first one after it starts
 * from the table's last offset.  Two changes at the same instant merge
 * (e.g. "0/0,J365/25", DST all year); no-op changes are dropped.  Writes
 * at most 2*(2*WIN+1) entries.  *steady (when not NULL) gets the offset
 * after the last merged change of those years, no-op or not: the zone's
 * constant offset when the result is empty.
 */
static size_t rule_window(const struct tz *tz, int64_t t, struct change *out, int32_t *steady)
{
	const struct rule *r = &tz->rule;
	struct raw_change raw[2 * (2 * WIN + 1)];
	size_t nraw = 0, k = 0;
	int y = year_of(t);

	for (int yy = y - WIN; yy <= y + WIN; yy++) {
		struct raw_change s = { rdate_local(&r->start, yy) - r->std_off, r->dst_off, yy };
		struct raw_change e = { rdate_local(&r->end, yy) - r->dst_off, r->std_off, yy };
		/* Earlier change first; on a tie DST starts and ends at once (never DST, like glibc). */
		raw[nraw++] = s.at <= e.at ? s : e;
		raw[nraw++] = s.at <= e.at ? e : s;
	}

	int64_t table_end = tz->n ? tz->at[tz->n - 1] : INT64_MIN;
	/* Only the first (untrusted) entry depends on this guess. */
	int32_t state = raw[0].after == r->dst_off ? r->std_off : r->dst_off;
	for (size_t i = 0; i < nraw;) {
		size_t j = i;
		while (j + 1 < nraw && raw[j + 1].at == raw[i].at)
			j++;
		int32_t after = raw[j].after;
		int trusted = raw[i].year > y - WIN && raw[i].year < y + WIN;
		if (raw[i].at <= table_end) {
			state = tz->off[tz->n - 1];
		} else {
			if (trusted && after != state)
				out[k++] = (struct change){ raw[i].at, state, after };
			if (trusted && steady)
				*steady = after;
			state = after;
		}
		i = j + 1;
	}
	return k;
}

/* ---- the merged change sequence ---- */

static struct change table_change(const struct tz *tz, size_t i)
{
	struct change c = { tz->at[i], i ? tz->off[i - 1] : tz->initial, tz->off[i] };
	return c;
}

/* Number of table changes at or before t. */
static size_t table_count_le(const struct tz *tz, int64_t t)
{
	size_t lo = 0, hi = tz->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz->at[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The last offset change at or before t: 1 and *out, or 0 when there is none. */
static int change_at_or_before(const struct tz *tz, int64_t t, struct change *out)
{
	if (tz->n) {
		size_t cnt = table_count_le(tz, t);
		if (cnt == 0)
			return 0;
		if (cnt < tz->n || !tz->has_rule) {
			*out = table_change(tz, cnt - 1);
			return 1;
		}
	}
	if (tz->has_rule) {
		struct change w[2 * (2 * WIN + 1)];
		size_t k = rule_window(tz, t, w, NULL);
		while (k-- > 0)
			if (w[k].at <= t) {
				*out = w[k];
				return 1;
			}
	}
	if (tz->n) {
		*out = table_change(tz, tz->n - 1);
		return 1;
	}
	return 0;
}

/* The first offset change after t: 1 and *out, or 0 when there is none. */
static int change_after(const struct tz *tz, int64_t t, struct change *out)
{
	if (tz->n && t < tz->at[tz->n - 1]) {
		*out = table_change(tz, table_count_le(tz, t));
		return 1;
	}
	if (tz->has_rule) {
		struct change w[2 * (2 * WIN + 1)];
		size_t k = rule_window(tz, t, w, NULL);
		for (size_t i = 0; i < k; i++)
			if (w[i].at > t) {
				*out = w[i];
				return 1;
			}
	}
	return 0;
}

/* ---- public lookups ---- */

const char *tz_name(const struct tz *tz)
{
	return tz->name;
}

int tz_offset_at(const struct tz *tz, int64_t utc)
{
	struct change c;
	return change_at_or_before(tz, clamp_t(utc), &c) ? c.after : tz->initial;
}

int64_t tz_utc_to_local(const struct tz *tz, int64_t utc)
{
	return sat_add(utc, tz_offset_at(tz, utc));
}

/*
 * The pinned rule (DESIGN.md "Instants").  Change i at T from offset ob to
 * oa makes the local seconds [T+min(ob,oa), T+max(ob,oa)) skipped (ob < oa)
 * or repeated (ob > oa).  Take the last change with T+min(ob,oa) <= L: if L
 * lies in its range the offset is ob (the one in force just before the
 * change), else oa.  Only changes with T in [L-maxoff, L+maxoff] can be
 * that last one unless it is the last change at or before L-maxoff, so we
 * look at a window of about two days: a few steps of O(log n).
 */
int64_t tz_local_to_utc(const struct tz *tz, int64_t local)
{
	int64_t L = clamp_t(local);
	int64_t lo = L - tz->maxoff, hi = L + tz->maxoff;
	struct change c, nx;
	int have = change_at_or_before(tz, lo, &c);
	int64_t cursor = lo;
	while (change_after(tz, cursor, &nx) && nx.at <= hi) {
		int32_t mn = nx.before < nx.after ? nx.before : nx.after;
		if (nx.at + mn <= L) {
			c = nx;
			have = 1;
		}
		cursor = nx.at;
	}
	int32_t off;
	if (!have)
		off = tz->initial;
	else if (L < c.at + (c.before > c.after ? c.before : c.after))
		off = c.before;
	else
		off = c.after;
	return sat_add(local, -off);
}

int64_t tz_midnight(const struct tz *tz, int64_t day)
{
	const int64_t lim = T_LIMIT / 86400 + 1;
	if (day > lim)
		day = lim;
	if (day < -lim)
		day = -lim;
	return tz_local_to_utc(tz, day * 86400);
}

int64_t tz_day_of(const struct tz *tz, int64_t utc)
{
	return floor_div(tz_utc_to_local(tz, utc), 86400);
}

/* ---- loading ---- */

static struct tz *tz_new(const char *name)
{
	struct tz *tz = xcalloc(1, sizeof(*tz));
	tz->name = xstrdup(name);
	return tz;
}

void tz_free(struct tz *tz)
{
	if (!tz)
		return;
	free(tz->name);
	free(tz->at);
	free(tz->off);
	free(tz);
}

/*
 * A name is safe when it is a relative path of components made of
 * letters, digits, '_', '+', '-' and '.', none empty, "." or "..": it
 * cannot leave the zoneinfo folder.
 */
static int name_safe(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > TZ_MAX_NAME)
		return 0;
	const char *p = name;
	for (;;) {
		const char *q = p;
		while (*q && *q != '/') {
			if (!is_alpha(*q) && !is_digit(*q) && !strchr("_+-.", *q))
				return 0;
			q++;
		}
		size_t cl = (size_t)(q - p);
		if (cl == 0 || (cl == 1 && p[0] == '.') || (cl == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (*q == '\0')
			return 1;
		p = q + 1;
	}
}

/*
 * Read a regular file of at most TZ_MAX_FILE bytes.  Returns 0, or an
 * errno value: ENOENT also for folders and other non-files, EFBIG for
 * files too large to be time zones.
 */
static int slurp(const char *path, unsigned char **out, size_t *len)
{
	/* O_NONBLOCK: a FIFO is refused below rather than waited on */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOTDIR ? ENOENT : errno;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ENOENT;
	}
	if (st.st_size > TZ_MAX_FILE) {
		close(fd);
		return EFBIG;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	unsigned char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			close(fd);
			free(buf);
			return EFBIG;   /* grew while we read */
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(buf);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*out = buf;
	*len = n;
	return 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be32s(const unsigned char *p)
{
	int64_t v = be32(p);
	return v >= INT64_C(0x80000000) ? v - INT64_C(0x100000000) : v;
}

static int64_t be64s(const unsigned char *p)
{
	uint64_t u = (uint64_t)be32(p) << 32 | be32(p + 4);
	return u > (uint64_t)INT64_MAX ? -(int64_t)(~u) - 1 : (int64_t)u;
}

struct tzif_header {
	unsigned char version;
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static int read_header(const unsigned char *p, size_t avail, struct tzif_header *h,
		       const char **why)
{
	if (avail < 4 || memcmp(p, "TZif", 4) != 0) {
		*why = "not a TZif file";
		return -1;
	}
	if (avail < TZIF_HEADER) {
		*why = "truncated file";
		return -1;
	}
	h->version = p[4];
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	return 0;
}

/* Bytes of the data block after a header, for time size ts (4 or 8). */
static uint64_t block_size(const struct tzif_header *h, unsigned ts)
{
	return (uint64_t)h->timecnt * ts + h->timecnt + (uint64_t)h->typecnt * 6 + h->charcnt +
	       (uint64_t)h->leapcnt * (ts + 4) + h->isstdcnt + h->isutcnt;
}

/*
 * Take the transitions and types of one data block (ts-byte times) into
 * tz: initial offset from type 0, the table reduced to real offset
 * changes.  The block is known to lie inside the file.
 */
static int read_block(struct tz *tz, const unsigned char *p, const struct tzif_header *h,
		      unsigned ts, const char **why)
{
	if (h->typecnt == 0) {
		*why = "no local time types";
		return -1;
	}
	if ((h->isstdcnt && h->isstdcnt != h->typecnt) ||
	    (h->isutcnt && h->isutcnt != h->typecnt)) {
		*why = "inconsistent counts in header";
		return -1;
	}
	if (h->leapcnt) {
		*why = "leap-second time zones are not supported";
		return -1;
	}
	const unsigned char *times = p;
	const unsigned char *idx = times + (size_t)h->timecnt * ts;
	const unsigned char *types = idx + h->timecnt;
	int32_t *utoff = xreallocarray(NULL, h->typecnt, sizeof(*utoff));
	for (uint32_t i = 0; i < h->typecnt; i++) {
		int64_t u = be32s(types + 6 * (size_t)i);
		unsigned isdst = types[6 * (size_t)i + 4], desig = types[6 * (size_t)i + 5];
		if (u < UTOFF_MIN || u > UTOFF_MAX || isdst > 1 || desig >= h->charcnt) {
			free(utoff);
			*why = u < UTOFF_MIN || u > UTOFF_MAX ? "UT offset out of range"
							       : "bad local time type";
			return -1;
		}
		utoff[i] = (int32_t)u;
		note_offset(tz, utoff[i]);
	}
	tz->initial = utoff[0];
	if (h->timecnt) {
		tz->at = xreallocarray(NULL, h->timecnt, sizeof(*tz->at));
		tz->off = xreallocarray(NULL, h->timecnt, sizeof(*tz->off));
	}
	int32_t prev = tz->initial;
	int64_t last = 0;
	for (uint32_t i = 0; i < h->timecnt; i++) {
		int64_t t = ts == 8 ? be64s(times + 8 * (size_t)i) : be32s(times + 4 * (size_t)i);
		if ((i && t <= last) || idx[i] >= h->typecnt) {
			free(utoff);
			*why = idx[i] >= h->typecnt ? "bad local time type index"
						    : "transitions out of order";
			return -1;
		}
		last = t;
		if (utoff[idx[i]] != prev) {
			tz->at[tz->n] = t;
			tz->off[tz->n++] = prev = utoff[idx[i]];
		}
	}
	free(utoff);
	return 0;
}

/* Apply the footer TZ string s (may be empty) to a zone read from its table. */
static int apply_footer(struct tz *tz, const char *s)
{
	struct rule r;
	int has_dst;
	if (*s == '\0')
		return 0;   /* no rule: the last offset stays */
	if (parse_posix_tz(s, &r, &has_dst) < 0)
		return -1;
	note_offset(tz, r.std_off);
	if (!has_dst) {
		/* With transitions, zic keeps the last one equal to the footer. */
		if (tz->n == 0)
			tz->initial = r.std_off;
		return 0;
	}
	note_offset(tz, r.dst_off);
	tz->rule = r;
	tz->has_rule = 1;
	/* A rule whose changes all cancel (DST all year) is a fixed offset. */
	struct tz probe = *tz;
	struct change w[2 * (2 * WIN + 1)];
	int32_t steady = r.std_off;
	probe.n = 0;
	if (rule_window(&probe, 0, w, &steady) == 0) {
		tz->has_rule = 0;
		if (tz->n == 0)
			tz->initial = steady;
	}
	return 0;
}

/* Parse TZif bytes into tz; -1 with *err set. */
static int parse_tzif(struct tz *tz, const unsigned char *buf, size_t len, char **err)
{
	const char *why = NULL;
	struct tzif_header h;
	size_t pos = TZIF_HEADER;
	if (read_header(buf, len, &h, &why) < 0)
		goto bad;
	if (h.version != 0 && h.version < '2') {
		why = "unsupported TZif version";
		goto bad;
	}
	uint64_t sz = block_size(&h, 4);
	if (sz > len - pos) {
		why = "truncated file";
		goto bad;
	}
	if (h.version == 0) {
		/* Version 1: 32-bit times and no footer. */
		if (read_block(tz, buf + pos, &h, 4, &why) < 0)
			goto bad;
		return 0;
	}

	/* Version 2+: skip the 32-bit block for the 64-bit one and the footer. */
	pos += (size_t)sz;
	if (read_header(buf + pos, len - pos, &h, &why) < 0)
		goto bad;
	pos += TZIF_HEADER;
	sz = block_size(&h, 8);
	if (sz > len - pos) {
		why = "truncated file";
		goto bad;
	}
	if (read_block(tz, buf + pos, &h, 8, &why) < 0)
		goto bad;
	pos += (size_t)sz;
	const unsigned char *nl;
	if (pos >= len || buf[pos] != '\n' ||
	    !(nl = memchr(buf + pos + 1, '\n', len - pos - 1))) {
		why = "missing TZ string footer";
		goto bad;
	}
	size_t flen = (size_t)(nl - (buf + pos + 1));
	char *footer = xstrndup((const char *)buf + pos + 1, flen);
	if (strlen(footer) != flen || apply_footer(tz, footer) < 0) {
		errorf(err, "cannot read time zone '%s': bad TZ string '%s'", tz->name, footer);
		free(footer);
		return -1;
	}
	free(footer);
	return 0;
bad:
	return errorf(err, "cannot read time zone '%s': %s", tz->name, why);
}

struct tz *tz_load(const char *name, char **err)
{
	if (!name || !name_safe(name)) {
		errorf(err, "unknown time zone '%s'", name ? name : "");
		return NULL;
	}
	struct tz *tz = tz_new(name);
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0)
		return tz;   /* offset 0, no changes: needs no file */

	const char *dir = getenv("TZDIR");
	if (!dir || !*dir)
		dir = TZ_DEFAULT_DIR;
	char *path = xasprintf("%s/%s", dir, name);
	unsigned char *buf = NULL;
	size_t len = 0;
	int e = slurp(path, &buf, &len);
	free(path);
	if (e == ENOENT) {
		errorf(err, "unknown time zone '%s'", name);
	} else if (e == EFBIG) {
		errorf(err, "cannot read time zone '%s': file too large", name);
	} else if (e) {
		errorf(err, "cannot read time zone '%s': %s", name, strerror(e));
	} else if (parse_tzif(tz, buf, len, err) == 0) {
		free(buf);
		return tz;
	}
	free(buf);
	tz_free(tz);
	return NULL;
}
