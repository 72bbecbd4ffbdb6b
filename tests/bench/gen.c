/*
 * gen — the benchmark's data set: one local authority's school year with
 * one ICT supplier, written deterministically (a fixed-seed xoshiro256**,
 * no libc rand, no clock), so every run and every machine get the same
 * bytes.
 *
 *   gen OUTDIR [SCALE]     SCALE 1 = 200,000 tickets (about 1.2 million
 *                          ticket events) and 2,000,000 activity rows
 *
 * Writes, in OUTDIR:
 *   events.csv          the service desk's ticket-events export, one row per
 *                       status change, in time order: New, Assigned, In
 *                       progress, pauses (On hold, Awaiting parts, Awaiting
 *                       customer), Resolved, reopens, Closed three days on
 *   activity.csv        the supplier's work log: daily backup checks, weekly
 *                       disk and antivirus checks, patching, restore tests,
 *                       reviews, and everyday on-site and remote work
 *   events-more.csv     1% more event rows (new tickets in the last fortnight),
 *   activity-more.csv   1% more log rows, both without a header: appended by
 *                       run.sh for the "1% appended" re-run
 *
 * The year runs 1 Sep 2026 to 31 Jul 2027 in school-local time, with the
 * usual English term pattern for 2026-27 (autumn 3 Sep - 18 Dec, spring
 * 4 Jan - 25 Mar, summer 12 Apr - 21 Jul, half terms in Oct, Feb and May)
 * and the England and Wales bank holidays (Christmas, Boxing Day on 28 Dec,
 * New Year, Good Friday 26 Mar, Easter Monday, 3 May, 31 May); calls and work follow them (busy in term, quiet in
 * the holidays and at weekends).  A few rows in 20,000 are bad on purpose
 * (an impossible date, negative hours), as real exports have.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE_TICKETS 200000
#define BASE_ACTIVITY 2000000
#define SCHOOLS 300
#define SEED 0x5EEDF175u

/* ---- deterministic random numbers (xoshiro256**, seeded by splitmix64) -- */

static uint64_t rs[4];

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void seed(uint64_t s)
{
	for (int i = 0; i < 4; i++)
		rs[i] = splitmix(&s);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t next(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

/* Uniform in [0, n). */
static uint32_t below(uint32_t n)
{
	return (uint32_t)(((next() >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [0, 1). */
static double unit(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

/*
 * Exponential with the given mean.  ln is computed here (halving, then the
 * atanh series) rather than taken from libm, so the numbers cannot differ
 * between libm versions.
 */
static int64_t expo(double mean)
{
	double x = 1.0 - unit(), l = 0.0;
	while (x < 0.5) {
		x *= 2.0;
		l += 0.6931471805599453;
	}
	double y = (x - 1.0) / (x + 1.0), y2 = y * y, term = y, s = 0.0;
	for (int k = 1; k < 40; k += 2) {
		s += term / k;
		term *= y2;
	}
	l -= 2.0 * s;   /* -ln(x) */
	return (int64_t)(l * mean);
}

/* ---- civil dates (days since 1970-01-01, proleptic Gregorian) ----------- */

static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/* ISO weekday 1 (Mon) .. 7 (Sun). */
static int weekday(int64_t day)
{
	return (int)((day % 7 + 7 + 3) % 7) + 1;
}

/* ---- the school year ---------------------------------------------------- */

enum daykind { TERM, HOLIDAY, WEEKEND, BANK };

static const char *const terms[][2] = {
	{ "2026-09-03", "2026-10-23" }, { "2026-11-02", "2026-12-18" },
	{ "2027-01-04", "2027-02-12" }, { "2027-02-22", "2027-03-25" },
	{ "2027-04-12", "2027-05-28" }, { "2027-06-07", "2027-07-21" },
};
static const char *const bank[] = {
	"2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29",
	"2027-05-03", "2027-05-31",
};

static int64_t parse_day(const char *s)
{
	return days_from_civil(atoi(s), atoi(s + 5), atoi(s + 8));
}

static int64_t year_first, year_end;   /* [1 Sep 2026, 1 Aug 2027) */

static enum daykind kind_of(int64_t day)
{
	for (size_t i = 0; i < sizeof(bank) / sizeof(bank[0]); i++)
		if (parse_day(bank[i]) == day)
			return BANK;
	if (weekday(day) >= 6)
		return WEEKEND;
	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++)
		if (day >= parse_day(terms[i][0]) && day <= parse_day(terms[i][1]))
			return TERM;
	return HOLIDAY;
}

/* How busy a day is, for calls and for work. */
static double weight(enum daykind k, int work)
{
	switch (k) {
	case TERM:
		return 1.0;
	case HOLIDAY:
		return work ? 0.55 : 0.3;
	case WEEKEND:
		return work ? 0.03 : 0.04;
	default:
		return 0.04;
	}
}

/* Cumulative day weights over [first, end) for sampling a day. */
struct daydist {
	int64_t first;
	size_t n;
	double *cum;
};

static void daydist_init(struct daydist *d, int64_t first, int64_t end, int work)
{
	d->first = first;
	d->n = (size_t)(end - first);
	d->cum = malloc(d->n * sizeof(double));
	double s = 0;
	for (size_t i = 0; i < d->n; i++) {
		s += weight(kind_of(first + (int64_t)i), work);
		d->cum[i] = s;
	}
}

static int64_t daydist_pick(const struct daydist *d)
{
	double x = unit() * d->cum[d->n - 1];
	size_t lo = 0, hi = d->n - 1;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (d->cum[m] <= x)
			lo = m + 1;
		else
			hi = m;
	}
	return d->first + (int64_t)lo;
}

/*
 * Local wall-clock seconds (day * 86400 + seconds of the day) are what the
 * files hold; the supplier's "business" advance skips nights and weekends
 * (Mon-Fri 08:00-17:00), which is good enough to make clocks realistic.
 */
static int64_t business_advance(int64_t t, int64_t secs)
{
	for (;;) {
		int64_t day = t / 86400, sod = t % 86400;
		if (weekday(day) >= 6 || sod >= 17 * 3600) {
			t = (day + 1) * 86400 + 8 * 3600;
			continue;
		}
		if (sod < 8 * 3600) {
			t = day * 86400 + 8 * 3600;
			continue;
		}
		int64_t left = 17 * 3600 - sod;
		if (secs <= left)
			return t + secs;
		secs -= left;
		t = (day + 1) * 86400 + 8 * 3600;
	}
}

static void fmt_time(char *buf, int64_t t, int seconds)
{
	int y, m, d;
	int64_t day = t / 86400, sod = t % 86400;
	civil_from_days(day, &y, &m, &d);
	if (seconds)
		sprintf(buf, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, (int)(sod / 3600),
			(int)(sod / 60 % 60), (int)(sod % 60));
	else
		sprintf(buf, "%04d-%02d-%02d %02d:%02d", y, m, d, (int)(sod / 3600),
			(int)(sod / 60 % 60));
}

/* ---- words -------------------------------------------------------------- */

static const char *const place[] = {
	"Oakfield", "Riverside", "St Mary's", "Hillcrest", "Meadowbank", "Castlemere",
	"Northpoint", "Beacon", "Valley", "Ashgrove", "Brookside", "Kingsway", "Elmwood",
	"Fairfield", "Greenacre", "Holy Trinity", "Longford", "Millbrook", "Newlands",
	"Parkside", "Queensbury", "Redhill", "Southfield", "Thornbury", "Westgate",
};
static const char *const stype[] = {
	"Primary School", "Infant School", "Junior School", "Academy", "High School",
	"CE Primary School", "Catholic Primary School", "Nursery School", "College",
	"Community School", "Federation", "Special School",
};
static char school[SCHOOLS][64];

static const char *const agents[] = {
	"Dan Price", "Chloe Fenwick", "Tom Whitaker", "Aaron Wells", "Lena Kowalski",
	"Sam Okafor", "Nadia Hart", "Gary Lodge", "Priya Shah", "Owen Rees", "Megan Ellis",
	"Jack Turner", "Hannah Moss", "Ravi Patel", "Zoe Clarke", "Liam Byrne",
};
#define NAGENTS (sizeof(agents) / sizeof(agents[0]))

static const char *const categories[] = {
	"Hardware", "Software", "Network", "Printing", "MIS", "Email", "Accounts",
	"Classroom AV", "Safeguarding", "Telephony", "Web filtering", "Backup",
};
#define NCAT (sizeof(categories) / sizeof(categories[0]))

static const char *const problems[] = {
	"projector not displaying", "PC won't power on", "no internet in the classroom",
	"SIMS won't start", "printer offline", "laptop trolley not charging",
	"teacher locked out of email", "Wi-Fi drops every few minutes",
	"interactive panel not responding to touch", "password reset needed",
	"new starter needs an account", "leaver account to disable",
	"shared drive very slow", "phone handset dead", "web filter blocking a teaching site",
	"Teams meetings have no sound", "scanner saves blank pages",
	"iPad cannot join the network", "visualiser not detected", "toner low message",
	"software install request", "CCTV recorder offline",
};
#define NPROB (sizeof(problems) / sizeof(problems[0]))

static const char *const rooms[] = {
	"room 1", "room 4", "room 12", "the hall", "the ICT suite", "the office",
	"the library", "Y6 classroom", "Reception", "the staffroom", "science lab 2",
	"the head's office",
};
#define NROOMS (sizeof(rooms) / sizeof(rooms[0]))

/* ---- ticket events ------------------------------------------------------ */

enum st { S_NEW, S_ASSIGNED, S_PROGRESS, S_HOLD, S_PARTS, S_CUSTOMER, S_RESOLVED, S_CLOSED };
static const char *const status_name[] = {
	"New", "Assigned", "In progress", "On hold", "Awaiting parts", "Awaiting customer",
	"Resolved", "Closed",
};

struct tk {
	uint16_t school, prob, room, agent;
	uint8_t cat, prio, prio2;   /* priority 1..4; prio2 from the escalation on */
};

struct evr {
	int64_t t;
	uint32_t tk;
	uint8_t status, escalated;
};

static struct tk *tks;
static struct evr *evs;
static size_t nev, capev;

static void push(int64_t t, uint32_t tk, int status, int escalated, int64_t end)
{
	if (t >= end)
		return;   /* not happened by the end of the export */
	if (nev == capev) {
		capev = capev ? capev * 2 : 1 << 20;
		evs = realloc(evs, capev * sizeof(*evs));
		if (!evs) {
			perror("gen");
			exit(1);
		}
	}
	evs[nev++] = (struct evr){ t, tk, (uint8_t)status, (uint8_t)escalated };
}

static int cmp_ev(const void *a, const void *b)
{
	const struct evr *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	if (x->tk != y->tk)
		return x->tk < y->tk ? -1 : 1;
	return (x->status > y->status) - (x->status < y->status);
}

/* Means in business seconds, by priority 1..4. */
static const double respond_mean[5] = { 0, 12 * 60, 25 * 60, 60 * 60, 2 * 3600 };
static const double fix_mean[5] = { 0, 1.2 * 3600, 2.5 * 3600, 6 * 3600, 10 * 3600 };

/* One ticket's events, from its opening instant t0 (local seconds). */
static void ticket(uint32_t id, int64_t t0, int64_t end)
{
	struct tk *k = &tks[id];
	k->school = (uint16_t)below(SCHOOLS);
	k->prob = (uint16_t)below(NPROB);
	k->room = (uint16_t)below(NROOMS);
	k->agent = (uint16_t)below(NAGENTS);
	k->cat = (uint8_t)below(NCAT);
	uint32_t p = below(100);
	k->prio = p < 3 ? 1 : p < 15 ? 2 : p < 70 ? 3 : 4;
	if (!strcmp(categories[k->cat], "Safeguarding"))
		k->prio = 1;   /* handled at once, whatever was chosen */
	k->prio2 = k->prio;
	int escalate = below(100) < 3 && k->prio > 1;
	if (escalate)
		k->prio2 = (uint8_t)(k->prio - 1);
	push(t0, id, S_NEW, 0, end);
	/* one call in twenty waits far longer than the mean: most breaches */
	double slow = below(20) == 0 ? 6.0 : 1.0;
	int64_t t = business_advance(t0, 60 + expo(respond_mean[k->prio] * slow));
	push(t, id, S_ASSIGNED, 0, end);
	t = business_advance(t, 60 + expo(20 * 60));
	push(t, id, S_PROGRESS, escalate, end);
	int64_t work = 300 + expo(fix_mean[k->prio2] * slow);
	int pauses = below(100) < 40 ? (below(10) == 0 ? 2 : 1) : 0;
	for (int i = 0; i < pauses; i++) {
		t = business_advance(t, work / (pauses + 1));
		int ps = S_HOLD + (int)below(3);
		push(t, id, ps, escalate, end);
		t += 4 * 3600 + expo(36 * 3600);   /* waiting: wall-clock time */
		push(t, id, S_PROGRESS, escalate, end);
	}
	if (below(10) == 0) {
		/* a note: still in progress */
		t = business_advance(t, work / 4);
		push(t, id, S_PROGRESS, escalate, end);
	}
	if (below(1000) < 15)
		return;   /* never resolved: an old call still open */
	t = business_advance(t, work / (pauses + 1));
	push(t, id, S_RESOLVED, escalate, end);
	if (below(100) < 8) {
		/* reopened: the fix did not hold */
		t += 86400 + below(2 * 86400);
		push(t, id, S_PROGRESS, escalate, end);
		t = business_advance(t, 1800 + expo(4 * 3600));
		push(t, id, S_RESOLVED, escalate, end);
	}
	if (below(10) < 9)
		push(t + 3 * 86400, id, S_CLOSED, escalate, end);   /* auto-closed */
}

static int64_t open_instant(const struct daydist *dd)
{
	int64_t day = dd ? daydist_pick(dd) : 0;
	int64_t sod = below(10) < 8 ? 8 * 3600 + below(8 * 3600) : 7 * 3600 + below(13 * 3600);
	return day * 86400 + sod;
}

static void write_events(FILE *f, size_t from, size_t to, int header, uint32_t id0)
{
	char tbuf[32];
	if (header)
		fputs("Ticket,Event Time,Status,Priority,Category,School,Summary,Agent\n", f);
	for (size_t i = from; i < to; i++) {
		const struct evr *e = &evs[i];
		const struct tk *k = &tks[e->tk];
		fmt_time(tbuf, e->t, 1);
		int prio = e->escalated ? k->prio2 : k->prio;
		uint32_t id = id0 + e->tk;
		if (i % 20011 == 7)   /* a bad row: an impossible date */
			memcpy(tbuf, "2027-02-30", 10);
		fprintf(f, "LA%07u,%s,%s,P%d,%s,%s,\"%s: %s in %s\",%s\n", (unsigned)id, tbuf,
			status_name[e->status], prio, categories[k->cat], school[k->school],
			school[k->school], problems[k->prob], rooms[k->room], agents[k->agent]);
	}
}

/* ---- activity rows ------------------------------------------------------ */

static const char *const generic[] = {   /* %s where, %d a number */
	"Replaced projector lamp in %s (lamp hours %d)",
	"Re-imaged PCs in %s with the current image (%d machines)",
	"Reset password for a teacher in %s, ticket %d",
	"Installed Tinkercad on laptops for %s (%d devices)",
	"Fixed Wi-Fi access point in %s, %d devices reconnected",
	"Set up new starter accounts for %s, %d accounts, emailed details to the office",
	"Disabled leaver accounts for %s (%d accounts)",
	"Toner replaced on office MFD, cleared paper jam in %s (%d pages queued)",
	"Moved interactive panel and re-calibrated in %s, %d touch points tested",
	"Patched network points in %s (%d points)",
	"Helped the office in %s with the SIMS attendance report, %d pages",
	"Swapped faulty keyboards in %s (%d keyboards)",
	"Travel to %s, %d miles",
	"Investigated slow logons in %s: roaming profiles over %d MB, cleaned up",
};
#define NGENERIC (sizeof(generic) / sizeof(generic[0]))

struct evidence_tpl {
	const char *code;   /* task code when the technician gives one */
	const char *text;   /* %s school, %d a number */
	int weight;         /* per 1000 rows */
	int onsite;         /* percent on site */
};

static const struct evidence_tpl evidence[] = {
	{ "BKP", "Checked backups for %s: %d of %d jobs completed successfully", 90, 5 },
	{ "BKP", "Backup check %s: %d of %d jobs failed - NAS offline, rerun tonight", 6, 5 },
	{ "DISK", "Weekly disk space check %s SRV01: C: %d GB free of 120 GB, D: %d GB free", 20, 5 },
	{ "AV", "Sophos Central AV check for %s: %d of %d endpoints up to date", 20, 5 },
	{ "PATCH", "Security updates for %s approved in WSUS and deployed to %d of %d PCs", 8, 10 },
	{ "RESTORE", "Termly restore test at %s: test restore of %d staff folders completed OK (%d MB)", 2, 30 },
	{ "ADMREV", "Reviewed domain admins group membership for %s: %d accounts, removed %d leavers", 2, 10 },
	{ "FWREV", "Checked firewall logs for %s: %d blocked attempts, %d alerts, nothing unusual", 4, 5 },
	{ "", "Looked at %s server: will check the backups again tomorrow (%d/%d)", 5, 50 },
};
#define NEVID (sizeof(evidence) / sizeof(evidence[0]))

/* A template's %s and %d, in order: the text, then the numbers. */
static void fill(char *out, size_t size, const char *tpl, const char *text, int a, int b)
{
	size_t n = 0;
	int nums = 0;
	for (const char *p = tpl; *p && n + 24 < size; p++) {
		if (p[0] == '%' && p[1] == 's') {
			size_t k = strlen(text);
			if (n + k + 24 >= size)
				k = size - n - 24;
			memcpy(out + n, text, k);
			n += k;
			p++;
		} else if (p[0] == '%' && p[1] == 'd') {
			n += (size_t)sprintf(out + n, "%d", nums++ ? b : a);
			p++;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
}

static void activity_row(FILE *f, int64_t t, size_t serial)
{
	char tbuf[32], desc[256];
	fmt_time(tbuf, t, 0);
	const char *sc = school[below(SCHOOLS)];
	const char *code = "";
	int onsite_pct = 55;
	uint32_t pick = below(1000), acc = 0;
	size_t e = 0;
	for (; e < NEVID; e++) {
		acc += (uint32_t)evidence[e].weight;
		if (pick < acc)
			break;
	}
	int a = 1 + (int)below(40), b = a + (int)below(20);
	if (e < NEVID) {
		const struct evidence_tpl *ev = &evidence[e];
		fill(desc, sizeof(desc), ev->text, sc, a, b);
		if (below(100) < 60)
			code = ev->code;
		onsite_pct = ev->onsite;
	} else {
		const char *g = generic[below(NGENERIC)];
		const char *room = rooms[below(NROOMS)];
		char where[96];
		snprintf(where, sizeof(where), "%s, %s", room, sc);
		fill(desc, sizeof(desc), g, where, a, b);
		if (below(100) < 20)
			code = below(2) ? "TKT" : "VISIT";
	}
	static const char *const hours[] = { "0.25", "0.25", "0.5", "0.5", "0.75", "1", "1.5",
					     "2", "2.5", "3", "0.1", "4", "7.5" };
	const char *h = hours[below(sizeof(hours) / sizeof(hours[0]))];
	if (serial % 20011 == 11)
		h = "-1.5";   /* a bad row */
	fprintf(f, "%s,%s,\"%s\",%s,%s,%s,%s\n", tbuf, h, desc,
		(int)below(100) < onsite_pct ? "Yes" : "No", code, agents[below(NAGENTS)], sc);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* n rows spread over [first, end) by day weight, each day's rows in time order. */
static void write_activity(FILE *f, size_t n, int64_t first, int64_t end, size_t *serial)
{
	double total = 0;
	for (int64_t d = first; d < end; d++)
		total += weight(kind_of(d), 1);
	double carry = 0;
	int64_t *times = NULL;
	size_t cap = 0, written = 0;
	for (int64_t d = first; d < end; d++) {
		double want = (double)n * weight(kind_of(d), 1) / total + carry;
		size_t k = (size_t)want;
		carry = want - (double)k;
		if (d == end - 1)
			k = n - written;
		if (k > cap) {
			cap = k;
			times = realloc(times, cap * sizeof(*times));
		}
		for (size_t i = 0; i < k; i++)
			times[i] = d * 86400 + (below(10) < 9 ? 7 * 3600 + below(10 * 3600)
							   : below(86400));
		qsort(times, k, sizeof(*times), cmp_i64);
		for (size_t i = 0; i < k; i++)
			activity_row(f, times[i], (*serial)++);
		written += k;
	}
	free(times);
}

/* ---- main --------------------------------------------------------------- */

static FILE *create(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void close_or_die(FILE *f)
{
	if (fclose(f) != 0) {
		perror("gen: write");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen OUTDIR [SCALE]\n");
		return 64;
	}
	double scale = argc == 3 ? atof(argv[2]) : 1.0;
	if (scale <= 0) {
		fprintf(stderr, "gen: bad scale '%s'\n", argv[2]);
		return 64;
	}
	seed(SEED);
	for (int i = 0; i < SCHOOLS; i++)
		snprintf(school[i], sizeof(school[i]), "%s %s%s",
			 place[i % (sizeof(place) / sizeof(place[0]))],
			 stype[(i / 25) % (sizeof(stype) / sizeof(stype[0]))],
			 i >= 25 * 12 ? " II" : "");
	year_first = days_from_civil(2026, 9, 1);
	year_end = days_from_civil(2027, 8, 1);
	int64_t more_first = days_from_civil(2027, 7, 17);
	size_t ntk = (size_t)(BASE_TICKETS * scale + 0.5);
	size_t nact = (size_t)(BASE_ACTIVITY * scale + 0.5);
	size_t nact_more = nact / 100;
	/* the 1% appended: new calls until they make 1% of the events */
	size_t nmore_max = ntk / 50 + 16, nmore = 0;
	tks = calloc(ntk + nmore_max, sizeof(*tks));

	/* the base year, then the 1% that arrives for the re-run */
	struct daydist dd, dm;
	daydist_init(&dd, year_first, year_end, 0);
	daydist_init(&dm, more_first, year_end, 0);
	int64_t end = year_end * 86400;   /* the export is taken at midnight, 1 Aug */
	for (uint32_t i = 0; i < ntk; i++)
		ticket(i, open_instant(&dd), end);
	qsort(evs, nev, sizeof(*evs), cmp_ev);
	size_t nbase = nev;
	while ((nev - nbase) * 100 < nbase && nmore < nmore_max)
		ticket((uint32_t)(ntk + nmore++), open_instant(&dm), end);
	qsort(evs + nbase, nev - nbase, sizeof(*evs), cmp_ev);

	FILE *f = create(argv[1], "events.csv");
	write_events(f, 0, nbase, 1, 100000);
	close_or_die(f);
	f = create(argv[1], "events-more.csv");
	write_events(f, nbase, nev, 0, 100000);
	close_or_die(f);

	size_t serial = 0;
	f = create(argv[1], "activity.csv");
	fputs("Start,Hours,Work Done,On Site,Task Code,Technician,School\n", f);
	write_activity(f, nact, year_first, year_end, &serial);
	close_or_die(f);
	f = create(argv[1], "activity-more.csv");
	write_activity(f, nact_more, more_first, year_end, &serial);
	close_or_die(f);

	printf("tickets=%zu events=%zu more_tickets=%zu more_events=%zu activity=%zu "
	       "more_activity=%zu\n", ntk, nbase, nmore, nev - nbase, nact, nact_more);
	free(dd.cum);
	free(dm.cum);
	free(evs);
	free(tks);
	return 0;
}
