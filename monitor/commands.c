/*
 * commands — run, fetch, ingest, report, query, explain, sql, validate.
 * Logs for the administrator go to stderr, one terse line per event
 * ("what -- why"); what the user asked for goes to stdout.
 */
#include "commands.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "civil.h"
#include "config.h"
#include "datacheck.h"
#include "dataset.h"
#include "evaluate.h"
#include "evidence.h"
#include "explain.h"
#include "health.h"
#include "ingest.h"
#include "job.h"
#include "matrix.h"
#include "pattern.h"
#include "query.h"
#include "select.h"
#include "report.h"
#include "sql.h"
#include "store.h"
#include "table.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#ifndef EX_TEMPFAIL
#define EX_TEMPFAIL 75
#endif

/* -v, after a feed's counts, when only its new records were read */
#define TAIL_NOTE "; the feed only grew, so only its new records were read"

/* ---- shared helpers ---------------------------------------------------- */

static int bad_arg(const char *cmd, const char *arg, int missing)
{
	fprintf(stderr, "fitsmon: %s: %s '%s'\n", cmd, missing ? "missing value for" :
		"unknown argument", arg);
	return EX_USAGE;
}

static int parse_day(const char *opt, const char *s, int64_t *day)
{
	if (civil_parse_date(s, strlen(s), day) == 0)
		return 0;
	fprintf(stderr, "fitsmon: %s: '%s' is not a date (YYYY-MM-DD)\n", opt, s);
	return -1;
}

/* Write data to path atomically (temporary file, then rename), or stdout. */
static int write_out(const char *path, const char *data)
{
	if (!path || !strcmp(path, "-")) {
		if (fputs(data, stdout) == EOF || fflush(stdout) == EOF) {
			fprintf(stderr, "fitsmon: cannot write to standard output: %s\n",
				strerror(errno));
			return EX_IOERR;
		}
		return 0;
	}
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	int ok = f && fputs(data, f) != EOF && fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "fitsmon: cannot write '%s': %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return EX_IOERR;
	}
	free(tmp);
	return 0;
}

static void log_rejects(const struct opts *o, const struct dataset *ds)
{
	size_t limit = o->verbose > 0 ? (size_t)-1 : o->verbose < 0 ? 0 : 10;
	for (size_t i = 0; i < ds->nr && i < limit; i++)
		fprintf(stderr, "%s:%zu: %s\n", o->cfg->feed[ds->r[i].feed].id, ds->r[i].row,
			ds->r[i].reason);
	if (ds->nr > limit && o->verbose >= 0)
		fprintf(stderr, "fitsmon: %zu more rows skipped (all are listed by 'fitsmon query "
			"rejects' and in the JSON report; -v lists them here)\n", ds->nr - limit);
}

static void warn_patterns(const struct opts *o)
{
	const struct config *cfg = o->cfg;
	if (o->verbose < 0)
		return;
	for (size_t i = 0; i < cfg->nsla; i++)
		if (cfg->sla[i].when && pattern_limit_hits(cfg->sla[i].when))
			fprintf(stderr, "fitsmon: sla '%s': pattern too costly on %lu cells -- "
				"taken as not matching; simplify 'when'\n", cfg->sla[i].id,
				pattern_limit_hits(cfg->sla[i].when));
	for (size_t i = 0; i < cfg->nact; i++)
		if (cfg->act[i].evidence && pattern_limit_hits(cfg->act[i].evidence))
			fprintf(stderr, "fitsmon: activity '%s': evidence pattern too costly on %lu "
				"rows -- taken as not matching; simplify 'evidence'\n",
				cfg->act[i].id, pattern_limit_hits(cfg->act[i].evidence));
}

static int fail_status(const struct opts *o, const struct evaluation *ev)
{
	if (o->fail_on == 1 && ev->red)
		return 1;
	if (o->fail_on == 2 && (ev->red || ev->amber))
		return 1;
	return 0;
}

/*
 * A damaged store (store_damaged): say which file and what to do, and
 * exit 74.  why is what found the damage ("quick_check: ...", or an error
 * of SQLite's, with or without the store's "store: " before it).  A
 * command that would write (run, fetch, ingest) is told how the store is
 * rebuilt; a reader only that the store cannot be read.
 */
static int damaged(const struct opts *o, const char *why, int writer)
{
	char *full = realpath(o->cfg->store_path, NULL);
	const char *path = full ? full : o->cfg->store_path;
	if (why && !strncmp(why, "store: ", 7))
		why += 7;
	fprintf(stderr, "fitsmon: the store at %s is damaged (%s) -- %s\n", path,
		why ? why : "SQLite found it malformed", writer ?
		"restore it from a backup, or move it aside and run 'fitsmon run' to build a "
		"new one from the spool (the spool keeps the last good copies of each feed)" :
		"nothing was read from it; restore it from a backup, or move it aside and let "
		"the next run build a new one from the spool");
	free(full);
	return EX_IOERR;
}

/* Open the store for reading; a store that does not exist yet means no
 * feed has ever been taken in. */
static struct store *open_for_reading(const struct opts *o, int *rc)
{
	if (access(o->cfg->store_path, F_OK) != 0) {
		fprintf(stderr, "fitsmon: no data yet: '%s' does not exist -- run 'fitsmon run' "
			"(or 'fitsmon ingest FEED FILE') first\n", o->cfg->store_path);
		*rc = EX_UNAVAILABLE;
		return NULL;
	}
	char *err = NULL;
	int bad = 0;
	struct store *st = store_open_checked(o->cfg->store_path, STORE_READONLY | STORE_CHECK,
					      &bad, &err);
	if (!st) {
		if (bad)
			damaged(o, err, 0);
		else
			fprintf(stderr, "fitsmon: %s\n", err);
		free(err);
		*rc = EX_IOERR;
	}
	return st;
}

/* Writers check the store before writing anything (store_check). */
static struct store *open_for_writing(const struct opts *o, int *rc)
{
	char *err = NULL;
	int bad = 0;
	struct store *st = store_open_checked(o->cfg->store_path, STORE_READWRITE | STORE_CHECK,
					      &bad, &err);
	if (!st) {
		if (bad)
			damaged(o, err, 1);
		else
			fprintf(stderr, "fitsmon: %s\n", err);
		free(err);
		*rc = EX_IOERR;
	}
	return st;
}

/* The store as a dataset at o->now, as much as sel keeps; NULL (and *rc)
 * on failure.  writer: the command would write (for the words on damage). */
static struct dataset *load(const struct opts *o, struct store *st, const struct select *sel,
			    int writer, int *rc)
{
	char *err = NULL;
	struct job j = { .cfg = o->cfg, .st = st, .now = o->now };
	struct dataset *ds = job_load(&j, sel, &err);
	if (!ds) {
		if (store_damaged(st))
			damaged(o, err, writer);
		else
			fprintf(stderr, "fitsmon: %s\n", err);
		free(err);
		*rc = EX_IOERR;
	}
	return ds;
}

/*
 * Before the first `run` there is no store: read the feeds' local files
 * straight into a dataset (what `report` did before the store existed),
 * so a config can be tried out without setting anything up.  The files'
 * modification times stand in for the last successful fetch.
 */
static struct dataset *load_files(const struct opts *o, const struct select *sel, int *rc)
{
	const struct config *cfg = o->cfg;
	struct dataset *ds = dataset_new(cfg, o->now);
	struct select_sink ss = { sel, ds };
	struct feedsink sink = select_sink(&ss);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feed *f = &cfg->feed[i];
		char *err = NULL;
		struct stat sb;
		if (!f->path || stat(f->path, &sb) != 0) {
			fprintf(stderr, "fitsmon: %s: no data yet -- %s; run 'fitsmon run' first\n",
				f->id, f->path ? "the file is missing" : "it has never been fetched");
			ds->fs[i].failed = 1;
			if (!*rc)
				*rc = EX_UNAVAILABLE;
			continue;
		}
		ds->fs[i].last_success = (int64_t)sb.st_mtime;
		struct ingest_stats st;
		if (ingest_file_measured(cfg, (int)i, f->path, 0, 0, &sink, &st, &ds->fs[i].health,
					 &err) < 0) {
			fprintf(stderr, "fitsmon: %s\n", err);
			free(err);
			ds->fs[i].failed = 1;
			*rc = EX_DATAERR;
			continue;
		}
		ds->fs[i].records = st.records;
		if (health_judge(&ds->fs[i].health, f->max_rejected, NULL) == HEALTH_OK)
			ds->fs[i].good_until = ds->fs[i].last_success;
	}
	dataset_finish(ds);
	if (*rc) {
		dataset_free(ds);
		return NULL;
	}
	return ds;
}

/*
 * The data to evaluate: the store when there is one, else the local feed
 * files.  *st (may be NULL) gets the open store for the caller to close.
 */
static struct dataset *load_any(const struct opts *o, struct store **stp,
				const struct select *sel, int *rc)
{
	if (stp)
		*stp = NULL;
	if (access(o->cfg->store_path, F_OK) != 0)
		return load_files(o, sel, rc);
	struct store *st = open_for_reading(o, rc);
	struct dataset *ds = st ? load(o, st, sel, 0, rc) : NULL;
	if (stp)
		*stp = st;
	else
		store_close(st);
	return ds;
}

/*
 * One `run` at a time per store: an exclusive lock on STORE.lock, held
 * until exit.  Returns the descriptor, or -1 after printing why.
 */
static int lock_store(const struct opts *o, int *rc)
{
	char *path = xasprintf("%s.lock", o->cfg->store_path);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0) {
		fprintf(stderr, "fitsmon: cannot open '%s': %s\n", path, strerror(errno));
		free(path);
		*rc = EX_IOERR;
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, "fitsmon: another run is in progress (%s is locked)\n", path);
		close(fd);
		free(path);
		*rc = EX_TEMPFAIL;
		return -1;
	}
	free(path);
	return fd;
}

/* Which feeds the arguments name (all when none); -1 after a message. */
static int pick_feeds(const struct opts *o, const char *cmd, int argc, char **argv,
		      unsigned char *pick)
{
	const struct config *cfg = o->cfg;
	memset(pick, argc ? 0 : 1, cfg->nfeed ? cfg->nfeed : 1);
	for (int i = 0; i < argc; i++) {
		size_t k = 0;
		while (k < cfg->nfeed && strcmp(cfg->feed[k].id, argv[i]))
			k++;
		if (k == cfg->nfeed) {
			fprintf(stderr, "fitsmon: %s: no feed '%s' in %s\n", cmd, argv[i], cfg->path);
			return -1;
		}
		pick[k] = 1;
	}
	return 0;
}

/* ---- fetch, ingest, run --------------------------------------------------- */

/*
 * The progress line: on a terminal only, one line per feed rewritten in
 * place while it downloads ("acme-tickets: 12.4 MB at 3.1 MB/s"), then
 * finished with the rows taken in.  Nothing when stderr is not a terminal
 * (cron, systemd), so logs stay one line per event.
 */
struct progress {
	const char *feed;
	struct timespec start;
	int64_t bytes;
	double last;     /* seconds since start at the last redraw */
	int drawn;
};

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_bytes(char *buf, size_t size, double b)
{
	if (b >= 1e6)
		snprintf(buf, size, "%.1f MB", b / 1e6);
	else
		snprintf(buf, size, "%.0f kB", b / 1e3);
}

static void on_progress(void *ctx, int64_t bytes)
{
	struct progress *p = ctx;
	p->bytes = bytes;
	double t = since(&p->start);
	if (p->drawn && t - p->last < 0.2)
		return;
	p->last = t;
	p->drawn = 1;
	char b[32], r[32];
	show_bytes(b, sizeof(b), (double)bytes);
	show_bytes(r, sizeof(r), t > 0 ? (double)bytes / t : 0);
	fprintf(stderr, "\r\033[K%s: %s at %s/s", p->feed, b, r);
}

/* Fetch (and with take, ingest) one feed; updates the worst exit status.
 * On a damaged store, says so and sets *rc to EX_IOERR: the caller stops. */
static void one_feed(const struct opts *o, struct job *j, int i, int take, int *rc)
{
	const struct feed *f = &o->cfg->feed[i];
	char *copy = NULL, *err = NULL;
	struct progress pr = { f->id, { 0, 0 }, 0, 0, 0 };
	int tty = o->verbose >= 0 && isatty(STDERR_FILENO);
	if (tty) {
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		j->progress = on_progress;
		j->progress_ctx = &pr;
	}
	enum job_fetch_result fr = job_fetch(j, i, &copy, &err);
	j->progress = NULL;
	if (tty && pr.drawn) {
		/* leave the download's last figures on the line, then go on */
		char b[32], r[32];
		double t = since(&pr.start);
		show_bytes(b, sizeof(b), (double)pr.bytes);
		show_bytes(r, sizeof(r), t > 0 ? (double)pr.bytes / t : 0);
		fprintf(stderr, "\r\033[K%s: %s in %.1f s (%s/s)\n", f->id, b, t, r);
	}
	if (store_damaged(j->st)) {
		*rc = damaged(o, err, 1);
		free(err);
		free(copy);
		return;
	}
	if (fr == JOB_FETCH_FAILED || fr == JOB_FETCH_BAD) {
		fprintf(stderr, "fitsmon: %s: fetch failed -- %s%s\n", f->id, err,
			copy ? "; keeping the last good copy" : "; no good copy");
		free(err);
		err = NULL;
		if (!copy) {
			/* a download that is not the export is bad input data (65);
			 * nothing at all, an unavailable feed (69) */
			if (fr == JOB_FETCH_BAD && (!*rc || *rc == EX_UNAVAILABLE))
				*rc = EX_DATAERR;
			else if (!*rc)
				*rc = EX_UNAVAILABLE;
			return;
		}
	} else if (o->verbose > 0) {
		fprintf(stderr, "fitsmon: %s: %s\n", f->id,
			fr == JOB_FETCH_NEW ? "fetched a new copy" : "nothing new");
	}
	if (take) {
		struct store_ingest_counts c;
		int r = job_ingest(j, i, copy, &c, &err);
		if (r < 0 && store_damaged(j->st)) {
			*rc = damaged(o, err, 1);
			free(err);
		} else if (r < 0) {
			/* err names the feed already */
			fprintf(stderr, "fitsmon: %s -- not taken in; what was taken before stays\n",
				err);
			free(err);
			if (!*rc || *rc == EX_UNAVAILABLE)
				*rc = EX_DATAERR;
		} else if (r == 1) {
			if (o->verbose > 0)
				fprintf(stderr, "fitsmon: %s: already taken in\n", f->id);
		} else if (o->verbose >= 0) {
			fprintf(stderr, "fitsmon: %s: %zu new, %zu changed, %zu unchanged, %zu "
				"skipped", f->id, c.inserted, c.updated, c.unchanged, c.rejected);
			if (tty) {
				double t = since(&pr.start);
				size_t rows = c.inserted + c.updated + c.unchanged + c.rejected;
				fprintf(stderr, " (%.0f rows/s)", t > 0 ? (double)rows / t : 0);
			}
			if (c.tail && o->verbose > 0)
				fputs(TAIL_NOTE, stderr);
			fputc('\n', stderr);
		}
	}
	free(copy);
}

int cmd_fetch(struct opts *o, int argc, char **argv)
{
	unsigned char *pick = xcalloc(o->cfg->nfeed ? o->cfg->nfeed : 1, 1);
	int rc = 0;
	if (pick_feeds(o, "fetch", argc, argv, pick) < 0) {
		free(pick);
		return EX_USAGE;
	}
	int lock = lock_store(o, &rc);
	struct store *st = lock >= 0 ? open_for_writing(o, &rc) : NULL;
	if (st) {
		char *err = NULL;
		struct job j = { .cfg = o->cfg, .st = st, .now = o->now,
				 .run = store_run_begin(st, "fetch", o->now, &err) };
		free(err);
		for (size_t i = 0; i < o->cfg->nfeed && !store_damaged(st); i++)
			if (pick[i])
				one_feed(o, &j, (int)i, 0, &rc);
		if (store_damaged(st) && rc != EX_IOERR)
			rc = damaged(o, NULL, 1);
		store_run_end(st, j.run, rc, NULL);
		store_close(st);
	}
	if (lock >= 0)
		close(lock);
	free(pick);
	return rc;
}

int cmd_ingest(struct opts *o, int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "fitsmon: ingest: give a feed name and a file\n");
		return EX_USAGE;
	}
	unsigned char *pick = xcalloc(o->cfg->nfeed ? o->cfg->nfeed : 1, 1);
	int rc = 0;
	if (pick_feeds(o, "ingest", 1, argv, pick) < 0) {
		free(pick);
		return EX_USAGE;
	}
	int feed = 0;
	while (!pick[feed])
		feed++;
	free(pick);
	int lock = lock_store(o, &rc);
	struct store *st = lock >= 0 ? open_for_writing(o, &rc) : NULL;
	if (st) {
		char *err = NULL;
		struct job j = { .cfg = o->cfg, .st = st, .now = o->now,
				 .run = store_run_begin(st, "ingest", o->now, &err) };
		struct store_ingest_counts c;
		int r = job_ingest(&j, feed, argv[1], &c, &err);
		if (r < 0 && store_damaged(st)) {
			rc = damaged(o, err, 1);
		} else if (r < 0) {
			fprintf(stderr, "fitsmon: %s -- not taken in\n", err);
			rc = access(argv[1], R_OK) ? EX_NOINPUT : EX_DATAERR;
		} else {
			/* a manual upload is a successful delivery of the feed */
			store_feed_ok(st, argv[0], o->now, NULL, &err);
			if (o->verbose >= 0 && r == 1)
				fprintf(stderr, "fitsmon: %s: already taken in\n", argv[0]);
			else if (o->verbose >= 0)
				fprintf(stderr, "fitsmon: %s: %zu new, %zu changed, %zu unchanged, %zu "
					"skipped%s\n", argv[0], c.inserted, c.updated, c.unchanged,
					c.rejected, c.tail && o->verbose > 0 ? TAIL_NOTE : "");
		}
		free(err);
		if (store_damaged(st) && rc != EX_IOERR)
			rc = damaged(o, NULL, 1);
		store_run_end(st, j.run, rc, NULL);
		store_close(st);
	}
	if (lock >= 0)
		close(lock);
	return rc;
}

int cmd_run(struct opts *o, int argc, char **argv)
{
	if (argc)
		return bad_arg("run", argv[0], 0);
	int rc = 0;
	int lock = lock_store(o, &rc);
	if (lock < 0)
		return rc;
	struct store *st = open_for_writing(o, &rc);
	if (!st) {
		close(lock);
		return rc;
	}
	char *err = NULL;
	struct job j = { .cfg = o->cfg, .st = st, .now = o->now,
				 .run = store_run_begin(st, "run", o->now, &err) };
	free(err);
	err = NULL;
	for (size_t i = 0; i < o->cfg->nfeed && !store_damaged(st); i++)
		one_feed(o, &j, (int)i, 1, &rc);
	if (store_damaged(st) && rc != EX_IOERR)
		rc = damaged(o, NULL, 1);
	int64_t from = TS_NONE, to = TS_NONE;
	evaluate_window(o->cfg, o->now, &from, &to);
	struct select sel = o->cfg->mail.enabled ? select_chart(o->cfg, from, to)
						 : select_window(o->cfg, from, to, 0);
	struct dataset *ds = store_damaged(st) ? NULL : load(o, st, &sel, 1, &rc);
	struct evaluation *ev = ds ? evaluate(o->cfg, ds, o->now, from, to) : NULL;
	if (ev && o->cfg->mail.enabled)
		evaluate_weeks(o->cfg, ds, ev);   /* the mail's HTML chart */
	size_t fresh = 0;
	if (ev) {
		log_rejects(o, ds);
		warn_patterns(o);
		if (store_findings_sync(st, &ev->findings, o->now, j.run, &fresh, &err) < 0) {
			if (store_damaged(st))
				damaged(o, err, 1);
			else
				fprintf(stderr, "fitsmon: %s\n", err);
			free(err);
			err = NULL;
			rc = EX_IOERR;
		}
	}
	/* nothing found in a damaged store is reported, recorded or mailed */
	if (ev && !store_damaged(st)) {
		if (o->verbose >= 0)
			fprintf(stderr, "fitsmon: %zu red, %zu amber findings (%zu red new since the "
				"last run); %zu rows skipped\n", ev->red, ev->amber, fresh, ds->nr);
		/* a feed that failed the health gate stopped the job: its verdicts
		 * are unknown, and cron or systemd should say so */
		for (size_t i = 0; i < o->cfg->nfeed; i++)
			if (ev->feed[i].status == FEED_UNREADABLE) {
				fprintf(stderr, "fitsmon: %s: unreadable -- %zu of %zu rows rejected%s%s; "
					"no verdict on its data (see the report)\n",
					o->cfg->feed[i].id, ds->fs[i].health.rejected,
					ds->fs[i].health.rows, ev->feed[i].unread_col >= 0 ?
					", nothing read in column " : "", ev->feed[i].unread_col >= 0 ?
					fields_name((enum field)ev->feed[i].unread_col) : "");
				if (!rc || rc == EX_UNAVAILABLE)
					rc = EX_DATAERR;
			}
		enum alert_sent sent;
		if (alert_after_run(o->cfg, st, ds, ev, o->now, j.run, &sent, &err) < 0) {
			if (store_damaged(st)) {
				rc = damaged(o, err, 1);
			} else {
				/* nothing is marked as mailed: the next run tries again */
				fprintf(stderr, "fitsmon: %s -- will try again on the next run\n", err);
				rc = EX_TEMPFAIL;
			}
			free(err);
			err = NULL;
		} else if (sent != ALERT_NONE && o->verbose >= 0) {
			fprintf(stderr, "fitsmon: mailed %s\n", sent == ALERT_DIGEST ? "the digest"
				: "an urgent alert");
		}
		if (!rc)
			rc = fail_status(o, ev);
	}
	evaluation_free(ev);
	dataset_free(ds);
	store_run_end(st, j.run, rc, NULL);
	store_close(st);
	close(lock);
	return rc;
}

/* ---- report, query, explain, sql, validate ------------------------------- */

int cmd_report(struct opts *o, int argc, char **argv)
{
	int64_t from = TS_NONE, to = TS_NONE;
	const char *format = "text", *out = NULL, *v;
	for (int i = 0; i < argc; i++) {
		int missing = 0;
		if ((v = optval(argc, argv, &i, "--from", &missing))) {
			if (parse_day("--from", v, &from))
				return EX_USAGE;
		} else if ((v = optval(argc, argv, &i, "--to", &missing))) {
			if (parse_day("--to", v, &to))
				return EX_USAGE;
		} else if ((v = optval(argc, argv, &i, "--format", &missing))) {
			format = v;
		} else if ((v = optval(argc, argv, &i, "-o", &missing))) {
			out = v;
		} else {
			return bad_arg("report", argv[i], missing);
		}
	}
	const struct report_backend *rb = report_find(format);
	if (!rb) {
		fprintf(stderr, "fitsmon: report: unknown format '%s' (use text, html, json, csv or email)\n", format);
		return EX_USAGE;
	}
	evaluate_window(o->cfg, o->now, &from, &to);
	if (to <= from) {
		fprintf(stderr, "fitsmon: report: --to must be after --from\n");
		return EX_USAGE;
	}
	int rc = 0;
	struct select sel = rb == &report_html ? select_chart(o->cfg, from, to)
					       : select_window(o->cfg, from, to, 0);
	struct dataset *ds = load_any(o, NULL, &sel, &rc);
	if (!ds)
		return rc;
	log_rejects(o, ds);
	struct evaluation *ev = evaluate(o->cfg, ds, o->now, from, to);
	if (rb == &report_html)
		evaluate_weeks(o->cfg, ds, ev);
	warn_patterns(o);
	char *text = rb->render(o->cfg, ds, ev);
	rc = write_out(out, text);
	free(text);
	if (!rc)
		rc = fail_status(o, ev);
	evaluation_free(ev);
	dataset_free(ds);
	return rc;
}

int cmd_query(struct opts *o, int argc, char **argv)
{
	int64_t from = TS_NONE, to = TS_NONE;
	const char *format = "text", *supplier = NULL, *v;
	int kind = -1;
	for (int i = 0; i < argc; i++) {
		int missing = 0;
		if ((v = optval(argc, argv, &i, "--from", &missing))) {
			if (parse_day("--from", v, &from))
				return EX_USAGE;
		} else if ((v = optval(argc, argv, &i, "--to", &missing))) {
			if (parse_day("--to", v, &to))
				return EX_USAGE;
		} else if ((v = optval(argc, argv, &i, "--format", &missing))) {
			format = v;
		} else if ((v = optval(argc, argv, &i, "--supplier", &missing))) {
			supplier = v;
		} else if (kind < 0 && argv[i][0] != '-') {
			kind = query_parse(argv[i]);
			if (kind < 0) {
				fprintf(stderr, "fitsmon: query: '%s' is not breaches, activities, "
					"hours, feeds, findings or rejects\n", argv[i]);
				return EX_USAGE;
			}
		} else {
			return bad_arg("query", argv[i], missing);
		}
	}
	if (kind < 0) {
		fprintf(stderr, "fitsmon: query: say what to list: breaches, activities, hours, "
			"feeds, findings or rejects\n");
		return EX_USAGE;
	}
	int tf = table_format_parse(format);
	if (tf < 0) {
		fprintf(stderr, "fitsmon: query: unknown format '%s' (use text, csv or json)\n",
			format);
		return EX_USAGE;
	}
	if (supplier && config_supplier_index(o->cfg, supplier) < 0) {
		fprintf(stderr, "fitsmon: query: no supplier '%s' in %s\n", supplier, o->cfg->path);
		return EX_USAGE;
	}
	evaluate_window(o->cfg, o->now, &from, &to);
	int rc = 0;
	struct store *st = NULL;
	struct dataset *ds = NULL;
	struct evaluation *ev = NULL;
	if (query_needs_evaluation((enum query_kind)kind)) {
		/* breaches need tickets only: no activity row is kept */
		struct select sel = select_window(o->cfg, from, to, kind == Q_BREACHES);
		ds = load_any(o, &st, &sel, &rc);
		if (ds)
			ev = evaluate(o->cfg, ds, o->now, from, to);
	} else {
		st = open_for_reading(o, &rc);
	}
	if (!rc) {
		struct table t;
		char *err = NULL;
		if (query_build((enum query_kind)kind, o->cfg, st, ds, ev,
				tz_midnight(o->cfg->tz, from), tz_midnight(o->cfg->tz, to), supplier, &t,
				&err) < 0) {
			if (store_damaged(st))
				damaged(o, err, 0);
			else
				fprintf(stderr, "fitsmon: query: %s\n", err);
			free(err);
			rc = EX_IOERR;
		} else {
			struct strbuf sb = STRBUF_INIT;
			table_render(&t, (enum table_format)tf, &sb);
			rc = write_out(NULL, sb.buf ? sb.buf : "");
			sb_release(&sb);
			table_release(&t);
		}
	}
	evaluation_free(ev);
	dataset_free(ds);
	store_close(st);
	return rc;
}

int cmd_explain(struct opts *o, int argc, char **argv)
{
	if (argc != 1) {
		fprintf(stderr, "fitsmon: explain: give one ticket id\n");
		return EX_USAGE;
	}
	int rc = 0;
	/* explain needs that ticket only: no activity row, no other ticket */
	struct select sel = select_one(argv[0]);
	struct dataset *ds = load_any(o, NULL, &sel, &rc);
	if (!ds)
		return rc;
	char *err = NULL;
	char *text = explain_ticket(o->cfg, ds, argv[0], o->now, &err);
	if (!text) {
		fprintf(stderr, "fitsmon: explain: %s\n", err);
		free(err);
		rc = EX_DATAERR;
	} else {
		rc = write_out(NULL, text);
		free(text);
	}
	dataset_free(ds);
	return rc;
}

int cmd_explain_row(struct opts *o, int argc, char **argv)
{
	const char *code = NULL, *v;
	const char *text = NULL;
	for (int i = 0; i < argc; i++) {
		int missing = 0;
		if ((v = optval(argc, argv, &i, "--code", &missing)))
			code = v;
		else if (!text && !missing && argv[i][0] != '-')
			text = argv[i];
		else
			return bad_arg("explain-row", argv[i], missing);
	}
	if (!text && !code) {
		fprintf(stderr, "fitsmon: explain-row: give a log line's text\n");
		return EX_USAGE;
	}
	char *out = evidence_explain(o->cfg, code, text);
	int rc = write_out(NULL, out);
	free(out);
	return rc;
}

int cmd_sql(struct opts *o, int argc, char **argv)
{
	const char *format = "text", *query = NULL, *v;
	for (int i = 0; i < argc; i++) {
		int missing = 0;
		if ((v = optval(argc, argv, &i, "--format", &missing)))
			format = v;
		else if (!query && !missing)
			query = argv[i];
		else
			return bad_arg("sql", argv[i], missing);
	}
	if (!query) {
		fprintf(stderr, "fitsmon: sql: give one SELECT statement, e.g. fitsmon sql "
			"'SELECT * FROM tickets_v LIMIT 10'\n");
		return EX_USAGE;
	}
	int tf = table_format_parse(format);
	if (tf < 0) {
		fprintf(stderr, "fitsmon: sql: unknown format '%s' (use text, csv or json)\n", format);
		return EX_USAGE;
	}
	int rc = 0;
	if (access(o->cfg->store_path, F_OK) != 0) {
		struct store *none = open_for_reading(o, &rc);
		store_close(none);
		return rc;
	}
	struct strbuf sb = STRBUF_INIT;
	char *err = NULL;
	int r = sql_run(o->cfg->store_path, query, (enum table_format)tf, &sb, &err);
	if (r == -2) {
		rc = damaged(o, err, 0);
		free(err);
	} else if (r < 0) {
		fprintf(stderr, "fitsmon: %s\n", err);
		free(err);
		rc = EX_DATAERR;
	} else {
		rc = write_out(NULL, sb.buf ? sb.buf : "");
	}
	sb_release(&sb);
	return rc;
}

int cmd_mail(struct opts *o, int argc, char **argv)
{
	if (argc != 1 || strcmp(argv[0], "--test")) {
		fprintf(stderr, "fitsmon: mail: the only use is 'fitsmon mail --test'\n");
		return EX_USAGE;
	}
	char *err = NULL;
	if (alert_test(o->cfg, o->now, &err) < 0) {
		fprintf(stderr, "fitsmon: %s\n", err);
		int rc = o->cfg->mail.enabled ? EX_TEMPFAIL : EX_CONFIG;
		free(err);
		return rc;
	}
	if (o->verbose >= 0)
		fprintf(stderr, "fitsmon: test message sent\n");
	return 0;
}

/*
 * validate --data: every feed's current copy read against the config
 * (datacheck.h); 0 when every feed is ready, 65 when one is not.
 */
static int validate_data(struct opts *o)
{
	int rc = 0;
	struct store *st = NULL;
	if (access(o->cfg->store_path, F_OK) == 0 && !(st = open_for_reading(o, &rc)))
		return rc;
	struct datacheck *dc = datacheck_run(o->cfg, st, o->now, o->verbose > 0);
	store_close(st);
	char *text = datacheck_text(o->cfg, dc);
	rc = write_out(NULL, text);
	free(text);
	if (!rc && dc->not_ready)
		rc = EX_DATAERR;
	datacheck_free(dc);
	return rc;
}

int cmd_validate(struct opts *o, int argc, char **argv)
{
	const char *format = "text", *v;
	int data = 0;
	for (int i = 0; i < argc; i++) {
		int missing = 0;
		if ((v = optval(argc, argv, &i, "--format", &missing)))
			format = v;
		else if (!strcmp(argv[i], "--data"))
			data = 1;
		else
			return bad_arg("validate", argv[i], missing);
	}
	int tf = table_format_parse(format);
	if (tf < 0) {
		fprintf(stderr, "fitsmon: validate: unknown format '%s' (use text, csv or json)\n",
			format);
		return EX_USAGE;
	}
	if (data && tf != TABLE_TEXT) {
		fprintf(stderr, "fitsmon: validate: --data prints text only\n");
		return EX_USAGE;
	}
	if (data)
		return validate_data(o);
	int rc;
	if (tf == TABLE_TEXT) {
		char *text = matrix_text(o->cfg, o->verbose > 0);
		rc = write_out(NULL, text);
		free(text);
	} else {
		struct table t;
		struct strbuf sb = STRBUF_INIT;
		matrix_table(o->cfg, &t);
		table_render(&t, (enum table_format)tf, &sb);
		rc = write_out(NULL, sb.buf ? sb.buf : "");
		sb_release(&sb);
		table_release(&t);
	}
	return rc;
}
