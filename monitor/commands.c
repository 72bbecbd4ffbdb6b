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
#include "credits.h"
#include "datacheck.h"
#include "dataset.h"
#include "evaluate.h"
#include "evidence.h"
#include "explain.h"
#include "explanation.h"
#include "health.h"
#include "ingest.h"
#include "job.h"
#include "matrix.h"
#include "msg.h"
#include "pattern.h"
#include "progress.h"
#include "query.h"
#include "select.h"
#include "report.h"
#include "report_term.h"
#include "sql.h"
#include "trends.h"
#include "store.h"
#include "table.h"
#include "term.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#ifndef EX_TEMPFAIL
#define EX_TEMPFAIL 75
#endif

/* -v, after a feed's counts, when only its new records were read */
#define TAIL_NOTE "; the feed only grew, so only its new records were read"

/* ---- shared helpers ---------------------------------------------------- */

/* Write data to path atomically (temporary file, then rename), or stdout. */
static int write_out(const char *path, const char *data)
{
	if (!path || !strcmp(path, "-")) {
		if (fputs(data, stdout) == EOF || fflush(stdout) == EOF) {
			msg(MSG_ERR, "cannot write to standard output: %s",
				strerror(errno));
			return EX_IOERR;
		}
		return 0;
	}
	/* a new file (mkstemp) renamed over path: a symlink there is replaced,
	 * never written through; 0640 less the umask */
	char *err = NULL;
	if (file_write_atomic(path, data, strlen(data), 0640, &err) < 0) {
		msg(MSG_ERR, "%s", err);
		free(err);
		return EX_IOERR;
	}
	return 0;
}

static int feed_index(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nfeed; i++)
		if (!strcmp(cfg->feed[i].id, id))
			return (int)i;
	return -1;
}

static void log_rejects(const struct opts *o, const struct dataset *ds)
{
	size_t limit = o->verbose > 0 ? (size_t)-1 : o->verbose < 0 ? 0 : 10;
	for (size_t i = 0; i < ds->nr && i < limit; i++) {
		/* the reason quotes the supplier's cell: its line breaks and
		 * escapes are made visible, so it stays one line */
		struct strbuf sb = STRBUF_INIT;
		sb_printf(&sb, "%s%s:%zu: ", msg_prefix(MSG_WARN), o->cfg->feed[ds->r[i].feed].id,
			  ds->r[i].row);
		sb_add_visible(&sb, ds->r[i].reason, strlen(ds->r[i].reason));
		fprintf(stderr, "%s\n", sb.buf);
		sb_release(&sb);
	}
	if (ds->nr > limit && o->verbose >= 0)
		msg(MSG_WARN, "%zu more rows skipped (all are listed by 'fitsmon query "
			"rejects' and in the JSON report; -v lists them here)", ds->nr - limit);
}

/* Matches stopped by the match limit, in the load and the evaluation. */
static void warn_patterns(const struct opts *o, const struct dataset *ds,
			  const struct evaluation *ev)
{
	const struct config *cfg = o->cfg;
	if (o->verbose < 0)
		return;
	for (size_t i = 0; i < cfg->nsla; i++) {
		unsigned long n = evaluate_sla_limit_hits(cfg, ds, ev, i);
		if (n)
			msg(MSG_WARN, "sla '%s': pattern too costly on %lu cells -- "
				"taken as not matching; simplify its conditions", cfg->sla[i].id, n);
	}
	for (size_t i = 0; i < cfg->nact; i++) {
		unsigned long n = evaluate_act_limit_hits(cfg, ds, ev, i);
		if (n)
			msg(MSG_WARN, "activity '%s': evidence pattern too costly on %lu "
				"rows -- taken as not matching; simplify 'evidence'",
				cfg->act[i].id, n);
	}
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
	msg(MSG_ERR, "the store at %s is damaged (%s) -- %s", path,
		why ? why : "SQLite found it malformed", writer ?
		"restore it from a backup, or move it aside and run 'fitsmon run' to build a "
		"new one from the spool (the spool keeps the last good copies of each feed)" :
		"nothing was read from it; restore it from a backup, or move it aside and let "
		"the next run build a new one from the spool");
	free(full);
	return EX_IOERR;
}

/* A store that does not exist yet means no feed has ever been taken in. */
static void no_store(const struct opts *o, int *rc)
{
	msg(MSG_ERR, "no store at %s yet: run 'fitsmon run' first "
	    "(or 'fitsmon ingest FEED FILE')", o->cfg->store_path);
	*rc = EX_UNAVAILABLE;
}

/* Open the store for reading. */
static struct store *open_for_reading(const struct opts *o, int *rc)
{
	if (access(o->cfg->store_path, F_OK) != 0) {
		no_store(o, rc);
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
			msg(MSG_ERR, "%s", err);
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
			msg(MSG_ERR, "%s", err);
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
			msg(MSG_ERR, "%s", err);
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
			if (f->path)
				msg(MSG_ERR, "%s: no data yet -- the file is missing; run 'fitsmon "
				    "run' first", f->id);
			else
				msg(MSG_ERR, "%s: no data yet -- it has never been fetched (no store "
				    "at %s yet): run 'fitsmon run' first", f->id, cfg->store_path);
			ds->fs[i].failed = 1;
			if (!*rc)
				*rc = EX_UNAVAILABLE;
			continue;
		}
		ds->fs[i].last_success = (int64_t)sb.st_mtime;
		struct ingest_stats st;
		if (ingest_file_measured(cfg, (int)i, f->path, 0, 0, &sink, &st, &ds->fs[i].health,
					 &err) < 0) {
			msg(MSG_ERR, "%s", err);
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
 * The data to evaluate: the store main opened (STORE_RO), else, before
 * the first run, the local feed files.
 */
static struct dataset *load_any(const struct opts *o, const struct select *sel, int *rc)
{
	if (!o->st)
		return load_files(o, sel, rc);
	return load(o, o->st, sel, 0, rc);
}

/*
 * One `run` at a time per store: an exclusive lock on STORE.lock, held
 * until exit.  Returns the descriptor, or -1 after printing why.
 */
static int lock_store(const struct opts *o, int *rc)
{
	char *path = xasprintf("%s.lock", o->cfg->store_path);
	/* never through a symlink; O_NONBLOCK: a FIFO there cannot block */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK,
		      0640);
	struct stat sb;
	if (fd >= 0 && fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		close(fd);
		fd = -1;
		errno = EINVAL;
	}
	if (fd < 0) {
		msg(MSG_ERR, "cannot open '%s': %s", path, errno == ELOOP ?
		    "it is a symlink (refused)" : errno == EINVAL ? "not a regular file" :
		    strerror(errno));
		free(path);
		*rc = EX_IOERR;
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		msg(MSG_ERR, "another run is in progress (%s is locked)", path);
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
			const char **names = xcalloc(cfg->nfeed + 1, sizeof(*names));
			for (size_t n = 0; n < cfg->nfeed; n++)
				names[n] = cfg->feed[n].id;
			const char *near = str_nearest(argv[i], names);
			if (near)
				msg(MSG_ERR, "%s: no feed '%s' in %s; did you mean '%s'?", cmd,
				    argv[i], cfg->path, near);
			else
				msg(MSG_ERR, "%s: no feed '%s' in %s", cmd, argv[i], cfg->path);
			free(names);
			return -1;
		}
		pick[k] = 1;
	}
	return 0;
}

/* ---- preconditions (main's table) ------------------------------------- */

int commands_begin(struct opts *o, unsigned needs)
{
	int rc = 0;
	o->lock = -1;
	o->st = NULL;
	o->run = 0;
	if (needs & NEEDS_LOCK) {
		o->lock = lock_store(o, &rc);
		if (o->lock < 0)
			return rc;
	}
	if (needs & STORE_RW) {
		o->st = open_for_writing(o, &rc);
		if (!o->st) {
			commands_end(o, rc);
			return rc;
		}
		char *err = NULL;
		o->run = store_run_begin(o->st, o->cmd, o->now, &err);
		free(err);
	} else if ((needs & STORE_RO) && access(o->cfg->store_path, F_OK) == 0) {
		o->st = open_for_reading(o, &rc);
		if (!o->st) {
			commands_end(o, rc);
			return rc;
		}
	}
	return 0;
}

int commands_end(struct opts *o, int rc)
{
	/* a full disk under the store is an I/O error, not bad data */
	if (rc && rc != EX_IOERR && store_io_failed(o->st)) {
		msg(MSG_ERR, "store: cannot write '%s' -- the disk is full or failing",
		    o->cfg ? o->cfg->store_path : "?");
		rc = EX_IOERR;
	}
	if (o->st && o->run) {
		if (store_damaged(o->st) && rc != EX_IOERR)
			rc = damaged(o, NULL, 1);
		store_run_end(o->st, o->run, rc, NULL);
	}
	store_close(o->st);
	o->st = NULL;
	if (o->lock >= 0)
		close(o->lock);
	o->lock = -1;
	return rc;
}

/* ---- fetch, ingest, run --------------------------------------------------- */

/* The counts of a copy taken in, one line; rate: rows a second (a
 * terminal), negative for none. */
static void log_counts(const struct opts *o, const char *feed, const struct store_ingest_counts *c,
		       double seconds)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s: %zu new, %zu changed, ", feed, c->inserted, c->updated);
	if (c->withdrawn)
		sb_printf(&sb, "%zu withdrawn, ", c->withdrawn);
	sb_printf(&sb, "%zu unchanged, %zu skipped", c->unchanged, c->rejected);
	if (seconds >= 0) {
		size_t rows = c->inserted + c->updated + c->unchanged + c->rejected;
		sb_printf(&sb, " (%.0f rows/s)", seconds > 0 ? (double)rows / seconds : 0);
	}
	if (c->tail && o->verbose > 0)
		sb_puts(&sb, TAIL_NOTE);
	msg(MSG_INFO, "%s", sb.buf);
	sb_release(&sb);
}

/* Take path into feed with a terminal's progress line; job_ingest's result. */
static int take_in(struct job *j, int feed, const char *path, struct progress *pr,
		   struct store_ingest_counts *c, char **err)
{
	struct stat sb;
	progress_reading(pr, stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0);
	j->rows = pr ? progress_rows : NULL;
	j->progress_ctx = pr;
	int r = job_ingest(j, feed, path, c, err);
	j->rows = NULL;
	progress_end(pr);
	return r;
}

/* Fetch (and with take, ingest) one feed; updates the worst exit status.
 * On a damaged store, says so and sets *rc to EX_IOERR: the caller stops. */
static void one_feed(const struct opts *o, struct job *j, int i, int take, int *rc)
{
	const struct feed *f = &o->cfg->feed[i];
	char *copy = NULL, *err = NULL;
	struct progress *pr = progress_new(f->id, o->verbose < 0);
	j->progress = pr ? progress_bytes : NULL;
	j->progress_ctx = pr;
	enum job_fetch_result fr = job_fetch(j, i, &copy, &err);
	j->progress = NULL;
	progress_end(pr);
	if (store_damaged(j->st)) {
		*rc = damaged(o, err, 1);
		free(err);
		free(copy);
		progress_free(pr);
		return;
	}
	if (fr == JOB_FETCH_FAILED || fr == JOB_FETCH_BAD) {
		msg(copy ? MSG_WARN : MSG_ERR, "%s: fetch failed -- %s%s", f->id, err,
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
			progress_free(pr);
			return;
		}
	} else if (o->verbose > 0) {
		msg(MSG_INFO, "%s: %s", f->id, fr == JOB_FETCH_NEW ? "fetched a new copy" :
		    "nothing new");
	}
	if (take) {
		struct store_ingest_counts c;
		int r = take_in(j, i, copy, pr, &c, &err);
		if (r < 0 && store_damaged(j->st)) {
			*rc = damaged(o, err, 1);
			free(err);
		} else if (r < 0) {
			/* err names the feed already */
			msg(MSG_ERR, "%s -- not taken in; what was taken before stays", err);
			free(err);
			if (!*rc || *rc == EX_UNAVAILABLE)
				*rc = EX_DATAERR;
		} else if (r == 1) {
			if (o->verbose > 0)
				msg(MSG_INFO, "%s: already taken in", f->id);
		} else if (o->verbose >= 0) {
			log_counts(o, f->id, &c, pr ? progress_seconds(pr) : -1);
		}
	}
	progress_free(pr);
	free(copy);
}

int cmd_fetch_check(struct opts *o, int argc, char **argv)
{
	unsigned char *pick = xcalloc(o->cfg->nfeed ? o->cfg->nfeed : 1, 1);
	int r = pick_feeds(o, "fetch", argc, argv, pick);
	free(pick);
	return r < 0 ? EX_USAGE : 0;
}

int cmd_fetch(struct opts *o, int argc, char **argv)
{
	unsigned char *pick = xcalloc(o->cfg->nfeed ? o->cfg->nfeed : 1, 1);
	int rc = 0;
	pick_feeds(o, "fetch", argc, argv, pick);   /* checked by cmd_fetch_check */
	struct job j = { .cfg = o->cfg, .st = o->st, .now = o->now, .run = o->run };
	for (size_t i = 0; i < o->cfg->nfeed && !store_damaged(o->st); i++)
		if (pick[i])
			one_feed(o, &j, (int)i, 0, &rc);
	free(pick);
	return rc;
}

int cmd_ingest_check(struct opts *o, int argc, char **argv)
{
	(void)argc;
	unsigned char *pick = xcalloc(o->cfg->nfeed ? o->cfg->nfeed : 1, 1);
	int r = pick_feeds(o, "ingest", 1, argv, pick);
	free(pick);
	return r < 0 ? EX_USAGE : 0;
}

int cmd_ingest(struct opts *o, int argc, char **argv)
{
	(void)argc;
	int feed = feed_index(o->cfg, argv[0]);
	int rc = 0;
	struct store *st = o->st;
	char *err = NULL;
	struct job j = { .cfg = o->cfg, .st = st, .now = o->now, .run = o->run };
	struct store_ingest_counts c;
	struct progress *pr = progress_new(argv[0], o->verbose < 0);
	int r = take_in(&j, feed, argv[1], pr, &c, &err);
	if (r < 0 && store_damaged(st)) {
		rc = damaged(o, err, 1);
	} else if (r < 0) {
		msg(MSG_ERR, "%s -- not taken in", err);
		/* 66 for a file that cannot be read (missing, a FIFO, a device) */
		int fd = file_open_regular(argv[1], FILE_NO_CAP, NULL, NULL);
		rc = fd < 0 ? EX_NOINPUT : EX_DATAERR;
		if (fd >= 0)
			close(fd);
	} else {
		/* a manual upload is a successful delivery of the feed */
		store_feed_ok(st, argv[0], o->now, NULL, &err);
		if (o->verbose >= 0 && r == 1)
			msg(MSG_INFO, "%s: already taken in", argv[0]);
		else if (o->verbose >= 0)
			log_counts(o, argv[0], &c, -1);
	}
	progress_free(pr);
	free(err);
	return rc;
}

int cmd_run(struct opts *o, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int rc = 0;
	struct store *st = o->st;
	char *err = NULL;
	struct job j = { .cfg = o->cfg, .st = st, .now = o->now, .run = o->run };
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
	if (ev)
		credits_judge(o->cfg, ds, ev);   /* service credits: credit-due findings */
	if (ev && o->cfg->mail.enabled)
		evaluate_weeks(o->cfg, ds, ev);   /* the mail's HTML chart */
	if (ev && o->cfg->mail.enabled)
		evaluate_trends(o->cfg, ds, ev);  /* the mail's trends */
	size_t fresh = 0;
	if (ev) {
		log_rejects(o, ds);
		warn_patterns(o, ds, ev);
		if (store_findings_sync(st, &ev->findings, o->now, j.run, &fresh, &err) < 0) {
			if (store_damaged(st))
				damaged(o, err, 1);
			else
				msg(MSG_ERR, "%s", err);
			free(err);
			err = NULL;
			rc = EX_IOERR;
		}
	}
	/* nothing found in a damaged store is reported, recorded or mailed */
	if (ev && !store_damaged(st)) {
		if (o->verbose >= 0)
			msg(MSG_INFO, "%zu red, %zu amber findings (%zu red new since the last run); "
			    "%zu rows skipped", ev->red, ev->amber, fresh, ds->nr);
		/* a feed that failed the health gate stopped the job: its verdicts
		 * are unknown, and cron or systemd should say so */
		for (size_t i = 0; i < o->cfg->nfeed; i++)
			if (ev->feed[i].status == FEED_UNREADABLE) {
				msg(MSG_ERR, "%s: unreadable -- %zu of %zu rows rejected%s%s; no verdict "
				    "on its data (see the report)", o->cfg->feed[i].id,
				    ds->fs[i].health.rejected, ds->fs[i].health.rows,
				    ev->feed[i].unread_col >= 0 ? ", nothing read in column " : "",
				    ev->feed[i].unread_col >= 0 ?
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
				msg(MSG_ERR, "%s -- will try again on the next run", err);
				rc = EX_TEMPFAIL;
			}
			free(err);
			err = NULL;
		} else if (sent != ALERT_NONE && o->verbose >= 0) {
			msg(MSG_INFO, "mailed %s", sent == ALERT_DIGEST ? "the digest"
			    : "an urgent alert");
		}
		if (!rc)
			rc = fail_status(o, ev);
	}
	evaluation_free(ev);
	dataset_free(ds);
	return rc;
}

/* ---- report, query, explain, sql, validate ------------------------------- */

/*
 * report --term's questions carried over from the term before (term.h):
 * the store's findings, as term.c chooses them.  *history is 0 when they
 * are not known: no store (before the first run), or none of its runs
 * came before the previous term ended.  0, or an exit status.
 */
static int term_questions(const struct opts *o, const struct term *t,
			  struct store_finding_rec **q, size_t *nq, int *history)
{
	int64_t since, until;
	*q = NULL;
	*nq = 0;
	*history = o->st && term_history_known(o->cfg, t, o->now,
						 store_first_run(o->st, "run"));
	if (!*history || term_question_span(o->cfg, t, o->now, &since, &until) < 0)
		return 0;
	char *err = NULL;
	if (store_findings_seen_before(o->st, since, q, nq, &err) < 0) {
		int rc = store_damaged(o->st) ? damaged(o, err, 0) : EX_IOERR;
		if (!store_damaged(o->st))
			msg(MSG_ERR, "%s", err);
		free(err);
		return rc;
	}
	*nq = term_open_questions(o->cfg, t, o->now, *q, *nq);
	return 0;
}

int cmd_report(struct opts *o, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int64_t from = o->from, to = o->to;
	const struct report_backend *rb = report_find(o->format ? o->format : "text");
	struct term term;
	if (o->term) {
		/* the pack's window is the term (term.h) */
		char *err = NULL;
		enum term_error te = term_choose(o->cfg, o->now, o->term_day, &term, &err);
		if (te != TERM_OK) {
			msg(MSG_ERR, "%s%s", te == TERM_NO_CALENDAR ? "" : "report --term: ", err);
			free(err);
			return te == TERM_NO_CALENDAR ? EX_CONFIG : EX_USAGE;
		}
		from = term.first_day;
		to = term.end_day;
	}
	evaluate_window(o->cfg, o->now, &from, &to);
	if (to <= from) {
		msg(MSG_ERR, "report: --to must be after --from");
		return EX_USAGE;
	}
	int rc = 0;
	struct select sel = rb == &report_html ? select_chart(o->cfg, from, to)
					       : select_window(o->cfg, from, to, 0);
	struct dataset *ds = load_any(o, &sel, &rc);
	if (!ds)
		return rc;
	log_rejects(o, ds);
	struct evaluation *ev = evaluate(o->cfg, ds, o->now, from, to);
	credits_judge(o->cfg, ds, ev);
	if (rb == &report_html)
		evaluate_weeks(o->cfg, ds, ev);
	evaluate_trends(o->cfg, ds, ev);
	warn_patterns(o, ds, ev);
	char *text = NULL;
	if (o->term) {
		struct store_finding_rec *q;
		size_t nq;
		int history;
		rc = term_questions(o, &term, &q, &nq, &history);
		struct term_pack tp = { &term, q, nq, history };
		if (!rc)
			text = report_term_render(rb->name, o->cfg, ds, ev, &tp);
		store_finding_recs_free(q, nq);
	} else {
		text = rb->render(o->cfg, ds, ev);
	}
	if (text)
		rc = write_out(o->out, text);
	free(text);
	if (!rc)
		rc = fail_status(o, ev);
	evaluation_free(ev);
	dataset_free(ds);
	return rc;
}

int cmd_query(struct opts *o, int argc, char **argv)
{
	(void)argc;
	int64_t from = o->from, to = o->to;
	int kind = query_parse(argv[0]);   /* checked by main (its words) */
	int tf = table_format_parse(o->format ? o->format : "text");
	if (o->supplier && config_supplier_index(o->cfg, o->supplier) < 0) {
		msg(MSG_ERR, "query: no supplier '%s' in %s", o->supplier, o->cfg->path);
		return EX_USAGE;
	}
	evaluate_window(o->cfg, o->now, &from, &to);
	int rc = 0;
	struct dataset *ds = NULL;
	struct evaluation *ev = NULL;
	if (query_needs_evaluation((enum query_kind)kind)) {
		/* breaches need tickets only: no activity row is kept */
		struct select sel = select_window(o->cfg, from, to, kind == Q_BREACHES);
		ds = load_any(o, &sel, &rc);
		if (ds)
			ev = evaluate(o->cfg, ds, o->now, from, to);
		if (ev && kind == Q_CREDITS)
			credits_judge(o->cfg, ds, ev);
	} else if (!o->st) {
		no_store(o, &rc);
	}
	if (!rc) {
		struct table t;
		char *err = NULL;
		if (query_build((enum query_kind)kind, o->cfg, o->st, ds, ev,
				tz_midnight(o->cfg->tz, from), tz_midnight(o->cfg->tz, to), o->supplier,
				&t, &err) < 0) {
			if (store_damaged(o->st))
				damaged(o, err, 0);
			else
				msg(MSG_ERR, "query: %s", err);
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
	return rc;
}

int cmd_explain(struct opts *o, int argc, char **argv)
{
	(void)argc;
	int rc = 0;
	/* explain needs that ticket only: no activity row, no other ticket */
	struct select sel = select_one(argv[0]);
	/* with reopen_merge the call that reopens it is another ticket:
	 * every ticket then (still no activity row) */
	for (size_t k = 0; k < o->cfg->nsla; k++)
		if (o->cfg->sla[k].reopen_merge && o->cfg->sla[k].reopen_window > 0)
			sel.id = NULL;
	struct dataset *ds = load_any(o, &sel, &rc);
	if (!ds)
		return rc;
	char *err = NULL;
	struct explanations *xs = explanations_of(o->cfg, ds, argv[0], o->now, &err);
	if (!xs) {
		msg(MSG_ERR, "explain: %s", err);
		free(err);
		rc = EX_DATAERR;
	} else {
		char *text = explain_render(xs);
		rc = write_out(NULL, text);
		free(text);
		explanations_free(xs);
	}
	dataset_free(ds);
	return rc;
}

int cmd_explain_row(struct opts *o, int argc, char **argv)
{
	const char *text = argc ? argv[0] : NULL;
	if (!text && !o->code) {
		msg(MSG_ERR, "explain-row: give a log line's text");
		return EX_USAGE;
	}
	char *out = evidence_explain(o->cfg, o->code, text);
	int rc = write_out(NULL, out);
	free(out);
	return rc;
}

int cmd_sql(struct opts *o, int argc, char **argv)
{
	(void)argc;
	const char *query = argv[0];
	int tf = table_format_parse(o->format ? o->format : "text");
	int rc = 0;
	if (access(o->cfg->store_path, F_OK) != 0) {
		no_store(o, &rc);
		return rc;
	}
	struct strbuf sb = STRBUF_INIT;
	char *err = NULL;
	int r = sql_run(o->cfg->store_path, query, (enum table_format)tf,
			o->timeout ? o->timeout : SQL_TIMEOUT_DEFAULT, &sb, &err);
	if (r == -2) {
		rc = damaged(o, err, 0);
		free(err);
	} else if (r < 0) {
		msg(MSG_ERR, "%s", err);
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
	(void)argc;
	(void)argv;
	char *err = NULL;
	if (alert_test(o->cfg, o->now, &err) < 0) {
		msg(MSG_ERR, "%s", err);
		int rc = o->cfg->mail.enabled ? EX_TEMPFAIL : EX_CONFIG;
		free(err);
		return rc;
	}
	if (o->verbose >= 0)
		msg(MSG_INFO, "test message sent");
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
	(void)argc;
	(void)argv;
	int tf = table_format_parse(o->format ? o->format : "text");
	if (o->data)
		return validate_data(o);
	for (size_t i = 0; i < o->cfg->nsla; i++)
		if (o->cfg->sla[i].warning && o->verbose >= 0)
			msg(MSG_WARN, "%s", o->cfg->sla[i].warning);
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
