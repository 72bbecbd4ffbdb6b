#ifndef FITSMON_STORE_H
#define FITSMON_STORE_H
/*
 * store — the history, in SQLite: runs, feeds (fetch state and the
 * content last taken in), tickets, ticket events, activity rows, rejected
 * rows and findings.
 *
 * The store keeps parsed rows, not verdicts: evaluation always replays
 * them through a dataset at the `now` it is asked about, so a past night
 * can be re-run and a new rule applies to old data.  Ingest is
 * idempotent: a ticket row that did not change changes nothing, an event
 * or activity row already taken (same content) is not taken again, and
 * each feed is taken in one transaction, so a crash leaves the old state
 * whole.  WAL mode and a busy timeout let `sql` and `report` read while
 * `run` writes.  Instants are UTC seconds; NULL where absent.
 *
 * Row versions (schema 8).  A row taken in records the now of its run
 * (`since`); a row a later copy replaces or withdraws records that run's
 * now (`until`) and stays, so a load at `now` reads the versions fetched
 * at or before now that no copy fetched by then replaced.  What replaces:
 *   - activities with key = COLUMN, ...: a row whose key is stored already
 *     replaces the stored row of that key (the newest version counts);
 *   - activities without a key and without mode = log: a copy is a
 *     snapshot of the local dates from its earliest to its latest row;
 *     stored rows of those dates that it does not hold are withdrawn (a
 *     copy read from the old end, one that only grew, withdraws nothing);
 *   - ticket events: one with the id, time and status of a stored one
 *     (the n-th such in the copy replacing the n-th) replaces it;
 *   - tickets: every version is kept, the last row wins (ticket_rows).
 * A row sent again after a copy withdrew it is stored anew as a version
 * of its own (the next occurrence key), so every night keeps its answer.
 */
#include <stddef.h>
#include <stdint.h>

#include "feedkind.h"

struct config;
struct dataset;
struct finding_list;
struct select;

struct store;

/* mode: one of the first two, with STORE_CHECK when the store is to be
 * checked first (store_check) */
enum { STORE_READWRITE = 0, STORE_READONLY = 1, STORE_CHECK = 2 };

/* Open (creating and migrating when writable).  NULL with *err. */
struct store *store_open(const char *path, int mode, char **err);
/* The same, and *damaged (may be NULL) is 1 when it failed because the
 * file is damaged (see store_damaged). */
struct store *store_open_checked(const char *path, int mode, int *damaged, char **err);
void store_close(struct store *st);

/*
 * A damaged file is never read as a true store.  SQLITE_CORRUPT (a page
 * that is not what SQLite wrote) and SQLITE_NOTADB (no database header)
 * met by any call on st mark it damaged for good: the call fails, as a
 * failure and never as "no rows", and from then on no transaction of st
 * commits (findings, mails, ingests and the run's record are not written)
 * and store_run_end writes nothing.
 *
 * store_check: PRAGMA quick_check of the schema and of every table but the
 * two row tables (ticket_events, activity_rows), which are checked as they
 * are read (see store.c for the timings behind that choice).  0, or -1
 * with *err ("quick_check: ..." naming the first problem; st is then
 * damaged, unless the check itself could not run, e.g. a busy store).
 *
 * store_damaged: 1 when st was found damaged, by store_check or by any
 * call on it, including the last failed call on store_db(st).
 */
int store_check(struct store *st, char **err);
int store_damaged(const struct store *st);
/* 1 when a call on st met a full disk or an I/O error (SQLITE_FULL,
 * SQLITE_IOERR): a command that then fails exits 74, not 65. */
int store_io_failed(const struct store *st);

/* The schema version this build writes. */
int store_schema_version(void);

/* ---- runs ---------------------------------------------------------- */
int64_t store_run_begin(struct store *st, const char *command, int64_t now, char **err);
void store_run_end(struct store *st, int64_t run, int status, const char *note);

/* ---- feeds ------------------------------------------------------------- */
struct store_feed {
	char *etag, *last_modified;
	int64_t last_attempt, last_success;   /* TS_NONE when never */
	char *last_error;
	char *sha256;          /* of the last good copy fetched */
	char *ingested;        /* sha256 of the content last taken in */
	char *spool_path;      /* the last good copy */
	int64_t rows, rejected;
	int64_t ingested_len;  /* bytes of the content taken last (0: unknown) */
	int64_t ingested_records;   /* its CSV records, header included; 0 when
				       lines were skipped for a CSV syntax error */
	int64_t good_until;    /* the run that last took in a copy passing the health
				* gate (health.h); TS_NONE when none did */
	/* what the copy taken last brought (-1: unknown, taken in before
	 * fitsmon counted it): rows new, corrected (a stored row's new
	 * version) and withdrawn (no longer in the copy) */
	int64_t copy_new, copy_corrected, copy_withdrawn;
};
/* 0 (with zeros/NULLs when the feed was never seen) or -1. */
int store_feed_get(struct store *st, const char *feed, struct store_feed *out, char **err);
void store_feed_clear(struct store_feed *f);
/* What a good fetch brought; NULL for what it did not say. */
struct store_fetch {
	const char *etag, *last_modified;   /* the server's validators */
	const char *sha256, *spool_path;    /* a new copy: its digest and path */
};
/*
 * Record a good delivery at `when`: a new copy or "not modified" (got
 * says what came; NULL, as for a file taken in by hand, for nothing).
 * What got names replaces what was stored, the rest stays; the last
 * error is cleared.
 */
int store_feed_ok(struct store *st, const char *feed, int64_t when,
		  const struct store_fetch *got, char **err);
/* Record a failed attempt at `when`, with why (NULL: "failed"); the last
 * good copy and its validators stay. */
int store_feed_failed(struct store *st, const char *feed, int64_t when, const char *error,
		      char **err);

/* ---- ingest: one transaction per feed ---------------------------------- */
struct store_ingest;
/*
 * Begin taking a file into feed index `feed` (name from cfg).  tail: the
 * rows given are only those after the end of the copy taken last (which
 * the file starts with), so that copy's rows and rejects stay; for events
 * and activity rows only.
 */
struct store_ingest *store_ingest_begin(struct store *st, const struct config *cfg, int feed,
					int64_t run, int tail, char **err);
/* The sink that writes rows into the open transaction. */
struct feedsink store_ingest_sink(struct store_ingest *in);
/* Where the reader counts how well the records read (ingest_file_measured);
 * the commit keeps it as the health of the feed's copy in use. */
struct health *store_ingest_health(struct store_ingest *in);
/*
 * Commit; sha256 names the content, len is its size in bytes and records
 * its number of CSV records (header included); counts what changed.
 * -2 (nothing kept, no *err) when a tail ingest met a row stored already:
 * take the whole file instead.
 */
struct store_ingest_counts {
	size_t inserted, updated, unchanged, rejected;
	size_t withdrawn;  /* stored rows the copy no longer holds */
	int tail;          /* only the records after the copy taken before were read */
};
int store_ingest_commit(struct store_ingest *in, const char *sha256, int64_t len,
			size_t records, struct store_ingest_counts *counts, char **err);
void store_ingest_abort(struct store_ingest *in);

/* ---- evaluation ---------------------------------------------------------- */
/* Replay the stored rows of every configured feed into ds, as much as sel
 * keeps (select.h; NULL: everything), and each feed's last success; then
 * dataset_finish. */
int store_load(struct store *st, const struct config *cfg, const struct select *sel,
	       struct dataset *ds, char **err);

/* ---- findings ------------------------------------------------------------ */
/*
 * Record the findings of a run: new ones get first_seen = now; ones seen
 * again get last_seen = now; open ones not in the list are cleared.
 * new_red (may be NULL) counts red findings not open before this run.
 */
int store_findings_sync(struct store *st, const struct finding_list *fl, int64_t now,
			int64_t run, size_t *new_red, char **err);

/* ---- mail -------------------------------------------------------------- */
/* When finding id was last put in a mail; TS_NONE for never. */
int64_t store_finding_mailed(struct store *st, const char *id);
/* When the last mail of kind ("alert", "digest") went; TS_NONE for never. */
int64_t store_last_mail(struct store *st, const char *kind);
/* Record a sent mail and mark the findings ids[0..n) as mailed at now. */
int store_mail_sent(struct store *st, const char *kind, const char *subject,
		    const char *recipients, const char *const *ids, size_t n, int64_t now, int64_t run,
		    char **err);
/* Findings cleared after `since`. */
size_t store_cleared_since(struct store *st, int64_t since);

/* A finding as the store recorded it: its current (or last) open spell. */
struct store_finding_rec {
	char *id, *kind, *severity, *supplier, *subject, *message, *question;  /* supplier may be NULL */
	int64_t first_seen, last_seen;
	int64_t cleared;       /* TS_NONE: still open */
};
/*
 * Every finding first seen before `before`, in no particular order, into
 * a new array *out of *n (store_finding_recs_free).  0, or -1 with *err.
 */
int store_findings_seen_before(struct store *st, int64_t before, struct store_finding_rec **out,
			       size_t *n, char **err);
void store_finding_rec_clear(struct store_finding_rec *r);
void store_finding_recs_free(struct store_finding_rec *v, size_t n);
/* The `now` of the first run recorded with command (the findings are
 * recorded by "run"); TS_NONE when there is none. */
int64_t store_first_run(struct store *st, const char *command);

/* The underlying handle, for `sql` and queries. */
struct sqlite3 *store_db(struct store *st);

#endif
