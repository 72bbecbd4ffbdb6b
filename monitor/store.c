/*
 * store — opening and closing the store, the damage check, runs and each
 * feed's fetch state.  The schema is in store_schema.c, taking files in in
 * store_ingest.c, loading in store_load.c, findings and mails in
 * store_findings.c; store_common.h lists what they share.
 */
#include "store.h"
#include "store_common.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fields.h"
#include "health.h"
#include "util.h"

#define BUSY_TIMEOUT_MS 15000

/*
 * What store_check reads.  PRAGMA quick_check of the whole file at the
 * benchmark's scale (810 MB: 200,000 tickets, 3.2 million rows) took 1.3 s
 * with the file in the page cache and 15.7 s without, where every table
 * but the two row tables (ticket_events, activity_rows: nine tenths of the
 * file) took 0.04 s and 0.18 s; an unchanged re-run is 0.8 s.  So a store
 * of up to CHECK_FULL_BYTES (a school's years: well under 0.1 s) is checked
 * whole, and a bigger one all but CHECK_SKIP, whose rows are checked as
 * they are read: a run reads its window's, and any damage met while
 * reading ends the command (SQLITE_CORRUPT is never taken for "no more
 * rows"); damage elsewhere in them waits until something reads it.  Only
 * the whole check finds a page overwritten by another valid page (a stale
 * copy: the tree reads as whole, a page is left over); `fitsmon sql
 * 'PRAGMA quick_check'` runs it on any store.
 */
#define CHECK_FULL_BYTES (32 << 20)
#define CHECK_SKIP "('ticket_events', 'activity_rows')"

int store_damaged(const struct store *st)
{
	return st && (st->damaged || store_is_damage(sqlite3_extended_errcode(st->db)));
}

int store_io_failed(const struct store *st)
{
	if (!st)
		return 0;
	int rc = sqlite3_extended_errcode(st->db) & 0xff;
	return st->ioerr || rc == SQLITE_FULL || rc == SQLITE_IOERR;
}

/* The store file's size in bytes; -1 when it cannot be read. */
static int64_t file_bytes(struct store *st)
{
	return store_one_int(st, "SELECT page_count * page_size FROM pragma_page_count(), "
			     "pragma_page_size()", 0, -1);
}

/*
 * PRAGMA quick_check (page structure, cell bounds, key order, NOT NULL,
 * pages used once) of the whole file, or of a big one's schema and of
 * every table but CHECK_SKIP, each with its indexes.
 */
int store_check(struct store *st, char **err)
{
	sqlite3_stmt *s = NULL, *q = NULL;
	char *problem = NULL;
	int64_t bytes = file_bytes(st);
	if (bytes < 0)
		return store_sqlerr(st, err, "cannot read its header");
	if (store_noted(st, sqlite3_prepare_v2(st->db, bytes <= CHECK_FULL_BYTES ? "SELECT NULL" :
					 "SELECT 'sqlite_schema' UNION ALL SELECT name "
					 "FROM sqlite_schema WHERE type = 'table' AND name NOT IN "
					 CHECK_SKIP, -1, &s, NULL)) != SQLITE_OK) {
		store_sqlerr(st, err, "cannot read the schema");
		sqlite3_finalize(s);
		return -1;
	}
	int rc;
	while (!problem && (rc = store_noted(st, sqlite3_step(s))) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(s, 0);
		char *sql = name ? sqlite3_mprintf("PRAGMA quick_check(\"%w\")", name)
				 : sqlite3_mprintf("PRAGMA quick_check");
		int qr = store_noted(st, sqlite3_prepare_v2(st->db, sql, -1, &q, NULL));
		sqlite3_free(sql);
		if (qr == SQLITE_OK)
			qr = store_noted(st, sqlite3_step(q));
		if (qr == SQLITE_ROW) {
			/* "ok", or one line per problem, the first naming the database */
			const char *t = (const char *)sqlite3_column_text(q, 0);
			if (t && strcmp(t, "ok")) {
				if (!strncmp(t, "*** ", 4) && strchr(t, '\n'))
					t = strchr(t, '\n') + 1;
				size_t n = strcspn(t, "\n");
				problem = xasprintf("quick_check: %.*s", (int)n, t);
				st->damaged = 1;
			}
		} else {
			problem = xasprintf("quick_check: %s", sqlite3_errmsg(st->db));
		}
		sqlite3_finalize(q);
		q = NULL;
	}
	if (!problem && rc != SQLITE_DONE)
		problem = xasprintf("quick_check: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	if (!problem)
		return 0;
	errorf(err, "%s", problem);
	free(problem);
	return -1;
}

struct store *store_open_checked(const char *path, int mode, int *damaged, char **err)
{
	struct store *st = xcalloc(1, sizeof(*st));
	st->readonly = (mode & STORE_READONLY) != 0;
	if (damaged)
		*damaged = 0;
	int flags = st->readonly ? SQLITE_OPEN_READONLY
				 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	/* a new store is made here 0640 (less the umask; SQLite would make it
	 * 0644), and its -wal and -shm files follow its mode; never through
	 * a symlink */
	if (!st->readonly && *path && strcmp(path, ":memory:") && strncmp(path, "file:", 5)) {
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
			      0640);
		if (fd >= 0)
			close(fd);
		flags |= SQLITE_OPEN_NOFOLLOW;
	}
	if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		errorf(err, "store: cannot open '%s': %s", path,
		       st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	/* before anything is written: a migration would build on the damage */
	if ((mode & STORE_CHECK) && store_check(st, err) < 0)
		goto fail;
	if (!st->readonly) {
		if (store_exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			       "PRAGMA foreign_keys = ON;", err) < 0 ||
		    store_schema_migrate(st, err) < 0)
			goto fail;
	} else {
		int v = store_schema_read(st);
		if (st->damaged) {
			store_sqlerr(st, err, "cannot read the schema version");
			goto fail;
		}
		if (v != store_schema_version()) {
			errorf(err, "store: '%s' has schema version %d, expected %d (run "
			       "'fitsmon run' once to bring it up to date)", path, v,
			       store_schema_version());
			goto fail;
		}
	}
	return st;
fail:
	if (damaged)
		*damaged = st->damaged;
	store_close(st);
	return NULL;
}

struct store *store_open(const char *path, int mode, char **err)
{
	return store_open_checked(path, mode, NULL, err);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}

struct sqlite3 *store_db(struct store *st)
{
	return st->db;
}

/* ---- runs -------------------------------------------------------------- */

int64_t store_run_begin(struct store *st, const char *command, int64_t now, char **err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO runs(command, now, started) VALUES(?, ?, "
			       "strftime('%s','now'))", -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot record the run");
	sqlite3_bind_text(s, 1, command, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	int rc = store_noted(st, sqlite3_step(s));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, err, "cannot record the run");
	return sqlite3_last_insert_rowid(st->db);
}

void store_run_end(struct store *st, int64_t run, int status, const char *note)
{
	sqlite3_stmt *s;
	if (st->damaged)   /* nothing more is written to a damaged file */
		return;
	if (sqlite3_prepare_v2(st->db, "UPDATE runs SET finished = strftime('%s','now'), "
			       "status = ?, note = ? WHERE id = ?", -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int(s, 1, status);
	store_bind_text(s, 2, note);
	sqlite3_bind_int64(s, 3, run);
	store_noted(st, sqlite3_step(s));
	sqlite3_finalize(s);
}

/* ---- feeds --------------------------------------------------------------- */

void store_feed_clear(struct store_feed *f)
{
	free(f->etag);
	free(f->last_modified);
	free(f->last_error);
	free(f->sha256);
	free(f->ingested);
	free(f->spool_path);
	memset(f, 0, sizeof(*f));
	f->last_attempt = f->last_success = f->good_until = TS_NONE;
}

int store_feed_get(struct store *st, const char *feed, struct store_feed *out, char **err)
{
	memset(out, 0, sizeof(*out));
	out->last_attempt = out->last_success = out->good_until = TS_NONE;
	out->copy_new = out->copy_corrected = out->copy_withdrawn = -1;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT etag, last_modified, last_attempt, last_success, "
			       "last_error, sha256, ingested, spool_path, rows, rejected, "
			       "coalesce(ingested_len, 0), coalesce(ingested_records, 0), "
			       "good_until, coalesce(copy_new, -1), coalesce(copy_corrected, -1), "
			       "coalesce(copy_withdrawn, -1) FROM feeds WHERE name = ?", -1, &s,
			       NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot read feeds");
	sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
	int rc = store_noted(st, sqlite3_step(s));
	if (rc == SQLITE_ROW) {
		out->etag = store_col_dup(s, 0);
		out->last_modified = store_col_dup(s, 1);
		out->last_attempt = store_col_ts(s, 2);
		out->last_success = store_col_ts(s, 3);
		out->last_error = store_col_dup(s, 4);
		out->sha256 = store_col_dup(s, 5);
		out->ingested = store_col_dup(s, 6);
		out->spool_path = store_col_dup(s, 7);
		out->rows = sqlite3_column_int64(s, 8);
		out->rejected = sqlite3_column_int64(s, 9);
		out->ingested_len = sqlite3_column_int64(s, 10);
		out->ingested_records = sqlite3_column_int64(s, 11);
		out->good_until = store_col_ts(s, 12);
		out->copy_new = sqlite3_column_int64(s, 13);
		out->copy_corrected = sqlite3_column_int64(s, 14);
		out->copy_withdrawn = sqlite3_column_int64(s, 15);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_sqlerr(st, err, "cannot read feeds");
	return 0;
}

int store_feed_ok(struct store *st, const char *feed, int64_t when,
		  const struct store_fetch *got, char **err)
{
	static const struct store_fetch none = { 0 };
	if (!got)
		got = &none;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO feeds(name, last_attempt, last_success, etag, last_modified,"
			       " sha256, spool_path, last_error) VALUES(?1, ?2, ?2, ?3, ?4, ?5, ?6, NULL)"
			       " ON CONFLICT(name) DO UPDATE SET last_attempt = ?2, last_success = ?2,"
			       " etag = coalesce(?3, etag), last_modified = coalesce(?4, last_modified),"
			       " sha256 = coalesce(?5, sha256), spool_path = coalesce(?6, spool_path),"
			       " last_error = NULL", -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot record a fetch");
	sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, when);
	store_bind_text(s, 3, got->etag);
	store_bind_text(s, 4, got->last_modified);
	store_bind_text(s, 5, got->sha256);
	store_bind_text(s, 6, got->spool_path);
	int rc = store_noted(st, sqlite3_step(s));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, err, "cannot record a fetch");
	/* every good copy's fetch time (the stamp rule, store_load.c) */
	if (sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO copies(feed, at) VALUES(?1, ?2)",
			       -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot record a copy");
	sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, when);
	rc = store_noted(st, sqlite3_step(s));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, err, "cannot record a copy");
}

int store_feed_failed(struct store *st, const char *feed, int64_t when, const char *error,
		      char **err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO feeds(name, last_attempt, last_error)"
			       " VALUES(?1, ?2, ?3) ON CONFLICT(name) DO UPDATE SET"
			       " last_attempt = ?2, last_error = ?3", -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot record a fetch");
	sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, when);
	store_bind_text(s, 3, error ? error : "failed");
	int rc = store_noted(st, sqlite3_step(s));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, err, "cannot record a fetch");
}

/* A number kept for feed in the feeds table; dflt when there is none. */
int64_t store_feed_counter(struct store *st, const char *feed, const char *column,
			   int64_t dflt)
{
	char *sql = xasprintf("SELECT %s FROM feeds WHERE name = ? AND %s IS NOT NULL", column,
			      column);
	sqlite3_stmt *s;
	int64_t v = dflt;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
		if (store_noted(st, sqlite3_step(s)) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	} else {
		store_noted(st, sqlite3_extended_errcode(st->db));
	}
	free(sql);
	return v;
}

/* The stored health of feed's copy in use, added to h. */
int store_quality_read(struct store *st, const char *feed, struct health *h)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT what, n, text FROM feed_quality WHERE feed = ?"
			       " ORDER BY what", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
	struct health got;
	health_init(&got);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		got.known = 1;
		const char *what = (const char *)sqlite3_column_text(s, 0);
		size_t n = (size_t)sqlite3_column_int64(s, 1);
		const char *text = (const char *)sqlite3_column_text(s, 2);
		int f;
		if (!strcmp(what, "rows")) {
			got.rows = n;
		} else if (!strcmp(what, "rejected")) {
			got.rejected = n;
		} else if (!strcmp(what, "other")) {
			got.other = n;
		} else if (!strncmp(what, "reason:", 7) && got.nreason < HEALTH_REASONS) {
			got.reason[got.nreason].text = xstrdup(what + 7);
			got.reason[got.nreason++].n = n;
		} else if (!strncmp(what, "seen:", 5) && (f = fields_parse(what + 5)) >= 0) {
			got.col[f].seen = n;
		} else if (!strncmp(what, "recognised:", 11) && (f = fields_parse(what + 11)) >= 0) {
			got.col[f].recognised = n;
		} else if (!strncmp(what, "sample:", 7) && text && got.nsample < HEALTH_SAMPLES) {
			got.sample_field = (int)n;
			got.sample[got.nsample++] = xstrdup(text);
		}
	}
	sqlite3_finalize(s);
	health_add(h, &got);
	health_clear(&got);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Replace feed's stored health with h. */
int store_quality_write(struct store *st, const char *feed, const struct health *h)
{
	sqlite3_stmt *d, *s;
	if (sqlite3_prepare_v2(st->db, "DELETE FROM feed_quality WHERE feed = ?", -1, &d,
			       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(d, 1, feed, -1, SQLITE_STATIC);
	int rc = sqlite3_step(d) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(d);
	if (rc < 0 || sqlite3_prepare_v2(st->db, "INSERT INTO feed_quality(feed, what, n, text)"
					 " VALUES(?, ?, ?, ?)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	struct strbuf what = STRBUF_INIT;
#define PUT(N, TEXT) do {						\
		sqlite3_reset(s);					\
		sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);	\
		sqlite3_bind_text(s, 2, what.buf, -1, SQLITE_STATIC);	\
		sqlite3_bind_int64(s, 3, (sqlite3_int64)(N));		\
		store_bind_text(s, 4, TEXT);					\
		if (sqlite3_step(s) != SQLITE_DONE)			\
			rc = -1;					\
	} while (0)
	what.len = 0; sb_puts(&what, "rows"); PUT(h->rows, NULL);
	what.len = 0; sb_puts(&what, "rejected"); PUT(h->rejected, NULL);
	what.len = 0; sb_puts(&what, "other"); PUT(h->other, NULL);
	for (size_t i = 0; i < h->nreason; i++) {
		what.len = 0;
		sb_printf(&what, "reason:%s", h->reason[i].text);
		PUT(h->reason[i].n, NULL);
	}
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!h->col[f].seen)
			continue;
		what.len = 0;
		sb_printf(&what, "seen:%s", fields_name((enum field)f));
		PUT(h->col[f].seen, NULL);
		what.len = 0;
		sb_printf(&what, "recognised:%s", fields_name((enum field)f));
		PUT(h->col[f].recognised, NULL);
	}
	for (size_t i = 0; i < h->nsample; i++) {
		what.len = 0;
		sb_printf(&what, "sample:%02zu", i);
		PUT(h->sample_field, h->sample[i]);
	}
#undef PUT
	sqlite3_finalize(s);
	sb_release(&what);
	return rc;
}
