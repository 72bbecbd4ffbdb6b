#ifndef FITSMON_FUZZ_H
#define FITSMON_FUZZ_H
/*
 * Shared by the libFuzzer targets in tests/fuzz/ (see tests/fuzz/README):
 * a private temporary folder for the files the parsers insist on reading
 * (config_load, ingest_file and the holiday loaders take paths), and the
 * CSV pipeline every feed-kind target drives.
 *
 * Each target is one .c file that includes this header once; the helpers
 * are static so the targets stay independent programs.  SRCDIR is the
 * source tree (set by the Makefile) so the configs can reach the catalog
 * and a bank-holiday file in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "feedkind.h"
#include "ingest.h"
#include "report.h"
#include "report_email.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#ifndef SRCDIR
#error "SRCDIR must name the source tree"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Not every target uses every helper. */
#define FUZZ_API static __attribute__((unused))

/* A fixed `now` for every evaluation: the demo's night. */
#define FUZZ_NOW_TEXT "2026-11-28T02:30:00Z"

static char fuzz_dir[4096];

FUZZ_API void fuzz_die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz harness: %s: %s\n", what, detail ? detail : strerror(errno));
	abort();
}

FUZZ_API void fuzz_cleanup(void)
{
	static const char *const names[] = {
		"input", "fitsmon.conf", "catalog.conf", "bank-holidays.json", NULL
	};
	char path[4200];
	for (size_t i = 0; names[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", fuzz_dir, names[i]);
		unlink(path);
	}
	rmdir(fuzz_dir);
}

/*
 * The private folder, made on first use and removed at exit (a crash
 * leaves it behind: it names itself fitsmon-fuzz.*).  It is on /dev/shm
 * when there is one: every input is a new file, and on a disk file system
 * rewriting one flushes it (ext4's auto_da_alloc), which would cost more
 * than parsing it.  The catalog and a GOV.UK bank-holiday file are linked
 * into it, so configs written there name them without knowing where the
 * tree is.
 */
FUZZ_API const char *fuzz_tmpdir(void)
{
	if (fuzz_dir[0])
		return fuzz_dir;
	const char *t = getenv("TMPDIR");
	if (access("/dev/shm", W_OK | X_OK) == 0)
		t = "/dev/shm";
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/fitsmon-fuzz.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(fuzz_dir))
		fuzz_die("mkdtemp", NULL);
	atexit(fuzz_cleanup);
	char path[4200];
	snprintf(path, sizeof(path), "%s/catalog.conf", fuzz_dir);
	if (symlink(SRCDIR "/rules/fitsom/catalog.conf", path) != 0)
		fuzz_die("symlink catalog.conf", NULL);
	snprintf(path, sizeof(path), "%s/bank-holidays.json", fuzz_dir);
	if (symlink(SRCDIR "/feeds/samples/oakfield-bank-holidays.json", path) != 0)
		fuzz_die("symlink bank-holidays.json", NULL);
	/* A config that names the catalog by default finds this copy. */
	setenv("FITSMON_CATALOG", SRCDIR "/rules/fitsom/catalog.conf", 1);
	return fuzz_dir;
}

/* Write n bytes to NAME in the private folder; returns its path (static). */
FUZZ_API const char *fuzz_write(const char *name, const void *data, size_t n)
{
	static char path[4200];
	snprintf(path, sizeof(path), "%s/%s", fuzz_tmpdir(), name);
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		fuzz_die(path, NULL);
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fuzz_die(path, NULL);
		p += w;
		n -= (size_t)w;
	}
	if (close(fd) != 0)
		fuzz_die(path, NULL);
	return path;
}

/* A config the harness itself wrote: failing to load it is a harness bug. */
FUZZ_API struct config *fuzz_config(const char *text)
{
	const char *path = fuzz_write("fitsmon.conf", text, strlen(text));
	char *err = NULL;
	struct config *cfg = config_load(path, &err);
	if (!cfg)
		fuzz_die("the harness config does not load", err);
	return cfg;
}

FUZZ_API int64_t fuzz_now(void)
{
	int64_t t;
	if (timefmt_parse_iso8601(FUZZ_NOW_TEXT, NULL, &t) != 0)
		fuzz_die("now", "cannot parse " FUZZ_NOW_TEXT);
	return t;
}

/*
 * Render one report and drop it: only crashes and sanitizer reports count.
 * Rendering costs more than judging, so each input gets one renderer,
 * picked by `which` (the CSV targets use the input's length): all six
 * are reached across a corpus without slowing every run.
 */
FUZZ_API void fuzz_render(const struct config *cfg, const struct dataset *ds,
			  struct evaluation *ev, size_t which)
{
	static const struct report_backend *const b[] = {
		&report_text, &report_json, &report_csv, &report_email, &report_html
	};
	size_t n = sizeof(b) / sizeof(b[0]);
	if (which % (n + 1) < n) {
		if (b[which % (n + 1)] == &report_html || b[which % (n + 1)] == &report_email)
			evaluate_weeks(cfg, ds, ev);   /* the chart, as commands.c asks */
		free(b[which % (n + 1)]->render(cfg, ds, ev));
	} else {
		const char *ids[1] = { "fuzz" };
		free(report_email_body(cfg, ds, ev, ids, 1, 1));
	}
}

/* The latest instant the dataset holds (opened or at), or TS_NONE. */
FUZZ_API int64_t fuzz_latest(const struct dataset *ds)
{
	int64_t m = TS_NONE;
	for (size_t i = 0; i < ds->nt; i++)
		if (ds->t[i].opened != TS_NONE && ds->t[i].opened > m)
			m = ds->t[i].opened;
	for (size_t i = 0; i < ds->na; i++)
		if (ds->a[i].at > m)
			m = ds->a[i].at;
	return m;
}

/* A sink that writes every row and reject it is handed as one line of text. */
static void rec_row(void *ctx, int feed, const struct feedrow *r)
{
	struct strbuf *sb = ctx;
	sb_printf(sb, "R %d %zu %s %lld %lld %lld %lld %s %lld %d %s %s", feed, r->row,
		  r->id ? r->id : "-", (long long)r->opened, (long long)r->responded,
		  (long long)r->resolved, (long long)r->at, r->status ? r->status : "-",
		  (long long)r->hours_uh, r->onsite, r->code ? r->code : "-",
		  r->desc ? r->desc : "-");
	for (int f = 0; f < FIELD_COUNT; f++)
		sb_printf(sb, "|%s", r->cell[f] ? r->cell[f] : "(none)");
	sb_putc(sb, '\n');
}

static void rec_reject(void *ctx, int feed, size_t row, const char *reason)
{
	sb_printf(ctx, "X %d %zu %s\n", feed, row, reason);
}

/*
 * Reading a grown file from where an earlier copy ended (the store's way
 * with a feed that only grew) must hand on exactly the rows and rejects
 * that reading the whole file does after those of the earlier copy: the
 * earlier copy is the input up to a newline near its middle.  Inputs whose
 * earlier copy or whole file cannot be read, or whose earlier copy had
 * lines skipped for a CSV syntax error, are not compared.
 */
FUZZ_API void fuzz_csv_tail(const struct config *cfg, int feed, const uint8_t *data, size_t size)
{
	size_t cut = size / 2;
	while (cut > 0 && data[cut - 1] != '\n')
		cut--;
	if (cut == 0 || cut == size)
		return;
	char whole[4300], head[4300];
	snprintf(whole, sizeof(whole), "%s", fuzz_write("tail-whole", data, size));
	snprintf(head, sizeof(head), "%s", fuzz_write("tail-head", data, cut));
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct feedsink sa = { &a, rec_row, rec_reject }, sb = { &b, rec_row, rec_reject };
	struct ingest_stats st, st2;
	char *err = NULL;
	int ok = ingest_file(cfg, feed, whole, &sa, &st, &err) == 0;
	free(err);
	err = NULL;
	ok = ok && ingest_file(cfg, feed, head, &sb, &st2, &err) == 0;
	/* after a CSV syntax error in the earlier copy the store reads the
	 * whole file (ingest.h: broken) */
	ok = ok && st2.broken == 0;
	free(err);
	err = NULL;
	if (ok) {
		if (ingest_file_from(cfg, feed, whole, (off_t)cut, st2.total, &sb, &st2, &err) != 0)
			fuzz_die("the whole file reads, but not from where its first part ends",
				 err ? err : "");
		if (a.len != b.len || (a.len && memcmp(a.buf, b.buf, a.len)))
			fuzz_die("reading from where the first part ends hands on other rows",
				 a.buf ? a.buf : "");
		if (st.total != st2.total)
			fuzz_die("reading from where the first part ends counts other records", "");
	}
	free(err);
	sb_release(&a);
	sb_release(&b);
}

/*
 * The CSV pipeline of `report` before the store exists: the input is the
 * file of every feed in turn (each feed a different dialect and column
 * mapping, so seeds from several exports all get past the header), then
 * the dataset is finished and evaluated twice: the default window at the
 * fixed now, and four weeks ending on the data's latest day (so old real
 * exports are judged too).  A report is rendered from each.
 */
FUZZ_API void fuzz_csv_one(const struct config *cfg, const uint8_t *data, size_t size)
{
	static int64_t now = TS_NONE;
	if (now == TS_NONE)
		now = fuzz_now();
	const char *path = fuzz_write("input", data, size);
	struct dataset *ds = dataset_new(cfg, now);
	struct feedsink sink = dataset_sink(ds);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		struct ingest_stats st;
		char *err = NULL;
		if (ingest_file(cfg, (int)i, path, &sink, &st, &err) < 0) {
			if (!err)
				fuzz_die("ingest_file failed without a message", "");
			ds->fs[i].failed = 1;
		} else {
			ds->fs[i].records = st.records;
			ds->fs[i].last_success = now - 3600;
		}
		free(err);
	}
	dataset_finish(ds);
	for (size_t i = 0; i < cfg->nfeed; i++)
		fuzz_csv_tail(cfg, (int)i, data, size);

	struct evaluation *ev = evaluate(cfg, ds, now, TS_NONE, TS_NONE);
	fuzz_render(cfg, ds, ev, size);
	evaluation_free(ev);

	int64_t latest = fuzz_latest(ds);
	if (latest != TS_NONE) {
		int64_t day = tz_day_of(cfg->tz, latest);
		ev = evaluate(cfg, ds, now, day - 27, day + 1);
		fuzz_render(cfg, ds, ev, size + 1);
		evaluation_free(ev);
	}
	dataset_free(ds);
}

#endif
