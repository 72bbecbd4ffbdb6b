/*
 * store — SQLite schema, migrations and prepared statements.
 *
 * Rows are keyed so that taking the same file again changes nothing:
 * tickets by (feed, id); events and activity rows by a digest of their
 * content plus, for identical rows within one file, their occurrence
 * number (two identical log lines stay two rows, and stay the same two
 * rows when the file is taken again).
 */
#include "store.h"

#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dataset.h"
#include "evidence.h"
#include "finding.h"
#include "health.h"
#include "pool.h"
#include "select.h"
#include "util.h"

#define SCHEMA_VERSION 7
#define BUSY_TIMEOUT_MS 15000
/* Page cache while a feed is taken in (32 MiB): the row tables are clustered
 * by time, so inserts touch the last few pages; this bounds the rest. */
#define INGEST_CACHE_SQL "PRAGMA cache_size = -32768"

struct store {
	sqlite3 *db;
	int readonly;
	int damaged;     /* SQLITE_CORRUPT or SQLITE_NOTADB met, or store_check failed */
};

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

/* Each migration takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE runs("
	"  id INTEGER PRIMARY KEY, command TEXT NOT NULL, now INTEGER NOT NULL,"
	"  started INTEGER NOT NULL, finished INTEGER, status INTEGER, note TEXT);"
	"CREATE TABLE feeds("
	"  name TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, last_attempt INTEGER,"
	"  last_success INTEGER, last_error TEXT, sha256 TEXT, ingested TEXT,"
	"  spool_path TEXT, rows INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE tickets("
	"  feed TEXT NOT NULL, id TEXT NOT NULL, row INTEGER, opened INTEGER NOT NULL,"
	"  responded INTEGER, resolved INTEGER, cells TEXT NOT NULL, run INTEGER,"
	"  PRIMARY KEY(feed, id)) WITHOUT ROWID;"
	"CREATE TABLE ticket_events("
	"  seq INTEGER PRIMARY KEY, feed TEXT NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL,"
	"  status TEXT NOT NULL, opened INTEGER, cells TEXT NOT NULL, row INTEGER,"
	"  key BLOB NOT NULL, run INTEGER, UNIQUE(feed, key));"
	"CREATE INDEX ticket_events_id ON ticket_events(feed, id);"
	"CREATE TABLE activity_rows("
	"  seq INTEGER PRIMARY KEY, feed TEXT NOT NULL, at INTEGER NOT NULL,"
	"  hours_uh INTEGER NOT NULL, onsite INTEGER NOT NULL, code TEXT NOT NULL,"
	"  description TEXT NOT NULL, cells TEXT NOT NULL, row INTEGER, key BLOB NOT NULL,"
	"  run INTEGER, UNIQUE(feed, key));"
	"CREATE INDEX activity_rows_at ON activity_rows(feed, at);"
	"CREATE TABLE rejects(feed TEXT NOT NULL, row INTEGER NOT NULL, reason TEXT NOT NULL,"
	"  run INTEGER);"
	"CREATE INDEX rejects_feed ON rejects(feed);"
	"CREATE TABLE findings("
	"  id TEXT PRIMARY KEY, kind TEXT NOT NULL, severity TEXT NOT NULL, supplier TEXT,"
	"  subject TEXT NOT NULL, message TEXT, question TEXT, first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL, cleared INTEGER, run INTEGER);"
	/* readable views for `fitsmon sql` */
	"CREATE VIEW tickets_v AS SELECT feed, id, datetime(opened, 'unixepoch') AS opened,"
	"  datetime(responded, 'unixepoch') AS responded,"
	"  datetime(resolved, 'unixepoch') AS resolved, row FROM tickets;"
	"CREATE VIEW activity_v AS SELECT feed, datetime(at, 'unixepoch') AS at,"
	"  hours_uh / 1000000.0 AS hours, onsite, code, description, row FROM activity_rows;",
	/* 1 -> 2: every version of a ticket's row is kept, in arrival order, so
	 * "the last row wins" can be applied as of any `now` (a row opened
	 * after now does not win) */
	"CREATE TABLE ticket_rows("
	"  seq INTEGER PRIMARY KEY, feed TEXT NOT NULL, id TEXT NOT NULL, ord INTEGER NOT NULL,"
	"  row INTEGER, opened INTEGER NOT NULL, responded INTEGER, resolved INTEGER,"
	"  cells TEXT NOT NULL, key BLOB NOT NULL, run INTEGER, UNIQUE(feed, key));"
	"CREATE INDEX ticket_rows_ord ON ticket_rows(feed, ord);"
	"ALTER TABLE tickets ADD COLUMN key BLOB;"
	"INSERT INTO ticket_rows(feed, id, ord, row, opened, responded, resolved, cells, key, run)"
	"  SELECT feed, id, row_number() OVER (ORDER BY run, feed, id), row, opened, responded,"
	"  resolved, cells, randomblob(16), run FROM tickets;"
	"UPDATE tickets SET key = (SELECT key FROM ticket_rows r WHERE r.feed = tickets.feed"
	"  AND r.id = tickets.id);",
	/* 2 -> 3: what was mailed, so nothing unchanged is mailed twice */
	"ALTER TABLE findings ADD COLUMN mailed INTEGER;"
	"CREATE TABLE mails("
	"  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, sent INTEGER NOT NULL, subject TEXT,"
	"  recipients TEXT, findings INTEGER NOT NULL, run INTEGER);",
	/* 3 -> 4: events and activity rows clustered by what reads them (a
	 * ticket's events together, activity rows by time), keyed by the
	 * first 8 bytes of the same content digest as an integer; `gen` is the
	 * ingest that last held the row (duplicates within one file without a
	 * table in memory); per-feed arrival counter; evidence masks */
	"DROP VIEW activity_v;"
	"CREATE TABLE ticket_events4("
	"  feed TEXT NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL, key INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL, gen INTEGER NOT NULL, status TEXT NOT NULL, opened INTEGER,"
	"  row INTEGER, run INTEGER, cells TEXT NOT NULL,"
	"  PRIMARY KEY(feed, id, at, key)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO ticket_events4 SELECT feed, id, at, fitsmon_key64(key), seq, 0,"
	"  status, opened, row, run, cells FROM ticket_events;"
	"DROP TABLE ticket_events;"
	"ALTER TABLE ticket_events4 RENAME TO ticket_events;"
	"CREATE TABLE activity_rows4("
	"  feed TEXT NOT NULL, at INTEGER NOT NULL, key INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  gen INTEGER NOT NULL, hours_uh INTEGER NOT NULL, onsite INTEGER NOT NULL,"
	"  code TEXT NOT NULL, description TEXT NOT NULL, row INTEGER, run INTEGER,"
	"  ev INTEGER, concern INTEGER, cells TEXT NOT NULL,"
	"  PRIMARY KEY(feed, at, key)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO activity_rows4 SELECT feed, at, fitsmon_key64(key), seq, 0,"
	"  hours_uh, onsite, code, description, row, run, NULL, NULL, cells FROM activity_rows;"
	"DROP TABLE activity_rows;"
	"ALTER TABLE activity_rows4 RENAME TO activity_rows;"
	"CREATE VIEW activity_v AS SELECT feed, datetime(at, 'unixepoch') AS at,"
	"  hours_uh / 1000000.0 AS hours, onsite, code, description, row FROM activity_rows;"
	"UPDATE ticket_rows SET key = fitsmon_key64(key);"
	"UPDATE tickets SET key = fitsmon_key64(key);"
	"ALTER TABLE feeds ADD COLUMN next_seq INTEGER;"
	"ALTER TABLE feeds ADD COLUMN next_gen INTEGER;"
	"ALTER TABLE feeds ADD COLUMN evsig INTEGER;"
	"ALTER TABLE feeds ADD COLUMN ingested_len INTEGER;"
	"ALTER TABLE feeds ADD COLUMN ingested_records INTEGER;"
	"UPDATE feeds SET next_seq = 1 + max("
	"  coalesce((SELECT max(seq) FROM ticket_events e WHERE e.feed = feeds.name), 0),"
	"  coalesce((SELECT max(seq) FROM activity_rows a WHERE a.feed = feeds.name), 0)),"
	"  next_gen = 1;",
	/* 4 -> 5: per ticket of an events feed, its latest event time, that
	 * event's status (NULL when two events share the time), the latest
	 * `opened` value and the number of events, so a load can pass over
	 * tickets closed before the window without reading their events */
	"CREATE TABLE ticket_last("
	"  feed TEXT NOT NULL, id TEXT NOT NULL, last_at INTEGER NOT NULL, last_status TEXT,"
	"  max_opened INTEGER, events INTEGER NOT NULL, PRIMARY KEY(feed, id)) WITHOUT ROWID;"
	"INSERT INTO ticket_last(feed, id, last_at, max_opened, events)"
	"  SELECT feed, id, max(at), max(opened), count(*) FROM ticket_events GROUP BY feed, id;"
	"UPDATE ticket_last SET last_status = (SELECT CASE WHEN count(*) = 1 THEN max(status) END"
	"  FROM ticket_events e WHERE e.feed = ticket_last.feed AND e.id = ticket_last.id"
	"  AND e.at = ticket_last.last_at);",
	/* 5 -> 6: events clustered by their ticket's first event time, t0
	 * (kept in ticket_last.first_at from the first event taken in, and
	 * never changed), then ticket: events arrive in time order and a
	 * ticket's come within days of its first, so taking them in touches
	 * the newest part of the table instead of pages all over it; a
	 * ticket's events are still together */
	"INSERT OR IGNORE INTO ticket_last(feed, id, last_at, max_opened, events)"
	"  SELECT feed, id, max(at), max(opened), count(*) FROM ticket_events GROUP BY feed, id;"
	"ALTER TABLE ticket_last ADD COLUMN first_at INTEGER;"
	"UPDATE ticket_last SET first_at = (SELECT min(at) FROM ticket_events e"
	"  WHERE e.feed = ticket_last.feed AND e.id = ticket_last.id);"
	"CREATE TABLE ticket_events6("
	"  feed TEXT NOT NULL, t0 INTEGER NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL,"
	"  key INTEGER NOT NULL, seq INTEGER NOT NULL, gen INTEGER NOT NULL, status TEXT NOT NULL,"
	"  opened INTEGER, row INTEGER, run INTEGER, cells TEXT NOT NULL,"
	"  PRIMARY KEY(feed, t0, id, at, key)) WITHOUT ROWID;"
	"INSERT INTO ticket_events6 SELECT e.feed, l.first_at, e.id, e.at, e.key, e.seq, e.gen,"
	"  e.status, e.opened, e.row, e.run, e.cells FROM ticket_events e"
	"  JOIN ticket_last l ON l.feed = e.feed AND l.id = e.id;"
	"DROP TABLE ticket_events;"
	"ALTER TABLE ticket_events6 RENAME TO ticket_events;",
	/* 6 -> 7: how well the copy in use was read (health.h), as counts
	 * under names: rows, rejected, other, reason:TEXT, seen:FIELD,
	 * recognised:FIELD, and sample:N (text) for time cells that did not
	 * parse; and when a copy last passed the health gate */
	"CREATE TABLE feed_quality("
	"  feed TEXT NOT NULL, what TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0, text TEXT,"
	"  PRIMARY KEY(feed, what)) WITHOUT ROWID;"
	/* a copy taken in before this has no health: unknown (passing the
	 * gate) until the feed sends a new copy */
	"ALTER TABLE feeds ADD COLUMN good_until INTEGER;",
};

/*
 * fitsmon_key64(KEY): the integer row key of schema 4 from a blob key of
 * schema 3 (its first 8 bytes, little-endian: the same digest, shorter).
 */
static int64_t key64(const unsigned char *d)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | d[i];
	return (int64_t)v;
}

static void sql_key64(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_BLOB && sqlite3_value_bytes(argv[0]) >= 8)
		sqlite3_result_int64(c, key64(sqlite3_value_blob(argv[0])));
	else if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER)
		sqlite3_result_int64(c, sqlite3_value_int64(argv[0]));
	else
		sqlite3_result_null(c);
}

int store_schema_version(void)
{
	return SCHEMA_VERSION;
}

static int is_damage(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* rc, after noting whether it says the file is damaged. */
static int noted(struct store *st, int rc)
{
	if (is_damage(rc))
		st->damaged = 1;
	return rc;
}

static int sqlerr(struct store *st, char **err, const char *what)
{
	noted(st, sqlite3_extended_errcode(st->db));
	return errorf(err, "store: %s: %s", what, sqlite3_errmsg(st->db));
}

int store_damaged(const struct store *st)
{
	return st && (st->damaged || is_damage(sqlite3_extended_errcode(st->db)));
}

static int exec(struct store *st, const char *sql, char **err)
{
	if (st->damaged && !strcmp(sql, "COMMIT")) {
		/* nothing worked out from a damaged file is kept */
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return errorf(err, "store: the file is damaged; nothing was written");
	}
	char *msg = NULL;
	if (noted(st, sqlite3_exec(st->db, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		errorf(err, "store: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int user_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;
	if (noted(st, sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL)) ==
	    SQLITE_OK && noted(st, sqlite3_step(s)) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Bring the schema up to SCHEMA_VERSION, one migration per transaction. */
static int migrate(struct store *st, char **err)
{
	int v = user_version(st);
	if (v < 0)
		return sqlerr(st, err, "cannot read the schema version");
	if (v > SCHEMA_VERSION)
		return errorf(err, "store: schema version %d is newer than this fitsmon "
			      "understands (%d)", v, SCHEMA_VERSION);
	for (; v < SCHEMA_VERSION; v++) {
		char *set = xasprintf("PRAGMA user_version = %d", v + 1);
		int rc = exec(st, "BEGIN IMMEDIATE", err) ||
			 exec(st, migrations[v], err) || exec(st, set, err) ||
			 exec(st, "COMMIT", err);
		free(set);
		if (rc) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

/* The store file's size in bytes; -1 when it cannot be read. */
static int64_t file_bytes(struct store *st)
{
	sqlite3_stmt *s;
	int64_t n = -1;
	if (noted(st, sqlite3_prepare_v2(st->db, "SELECT page_count * page_size FROM "
					 "pragma_page_count(), pragma_page_size()", -1, &s,
					 NULL)) == SQLITE_OK &&
	    noted(st, sqlite3_step(s)) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
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
		return sqlerr(st, err, "cannot read its header");
	if (noted(st, sqlite3_prepare_v2(st->db, bytes <= CHECK_FULL_BYTES ? "SELECT NULL" :
					 "SELECT 'sqlite_schema' UNION ALL SELECT name "
					 "FROM sqlite_schema WHERE type = 'table' AND name NOT IN "
					 CHECK_SKIP, -1, &s, NULL)) != SQLITE_OK) {
		sqlerr(st, err, "cannot read the schema");
		sqlite3_finalize(s);
		return -1;
	}
	int rc;
	while (!problem && (rc = noted(st, sqlite3_step(s))) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(s, 0);
		char *sql = name ? sqlite3_mprintf("PRAGMA quick_check(\"%w\")", name)
				 : sqlite3_mprintf("PRAGMA quick_check");
		int qr = noted(st, sqlite3_prepare_v2(st->db, sql, -1, &q, NULL));
		sqlite3_free(sql);
		if (qr == SQLITE_OK)
			qr = noted(st, sqlite3_step(q));
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
		sqlite3_create_function(st->db, "fitsmon_key64", 1,
					SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_key64, NULL, NULL);
		if (exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			 "PRAGMA foreign_keys = ON;", err) < 0 || migrate(st, err) < 0)
			goto fail;
	} else {
		int v = user_version(st);
		if (st->damaged) {
			sqlerr(st, err, "cannot read the schema version");
			goto fail;
		}
		if (v != SCHEMA_VERSION) {
			errorf(err, "store: '%s' has schema version %d, expected %d (run "
			       "'fitsmon run' once to bring it up to date)", path, v, SCHEMA_VERSION);
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

/* ---- small helpers --------------------------------------------------- */

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_ts(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == TS_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static int64_t col_ts(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? TS_NONE : sqlite3_column_int64(s, i);
}

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

/*
 * Cells as one text: fields separated by US (0x1f), an unmapped field as
 * RS (0x1e).  Control characters inside a cell are junk in a CSV export;
 * US and RS become spaces so they cannot break the packing, and so does a
 * cell that is one GS (0x1d), the mark of a field set aside.  Fields
 * in `aside` (a bit per field) that are mapped are written as GS (0x1d):
 * their text is in a column of their own (an activity row's code and
 * description), so it is not stored twice.
 */
#define CELL_ASIDE ((1u << FIELD_CODE) | (1u << FIELD_DESCRIPTION))

static void pack_cells(struct strbuf *sb, char *const *cell, unsigned aside)
{
	sb->len = 0;
	sb_add(sb, "", 0);
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (f)
			sb_putc(sb, '\x1f');
		if (!cell[f]) {
			sb_putc(sb, '\x1e');
			continue;
		}
		if (aside >> f & 1) {
			sb_putc(sb, '\x1d');
			continue;
		}
		const char *p = cell[f];
		if (p[0] == '\x1d' && !p[1]) {
			sb_putc(sb, ' ');
			continue;
		}
		size_t n = strcspn(p, "\x1e\x1f");
		sb_add(sb, p, n);
		for (p += n; *p; p++)
			sb_putc(sb, *p == '\x1f' || *p == '\x1e' ? ' ' : *p);
	}
}

/*
 * Inverse of pack_cells, in place: text (NUL-terminated, changed) is cut
 * into cells[] (NULL = unmapped); a field set aside takes aside_text[f].
 */
static void unpack_cells(char *text, char *cells[FIELD_COUNT], char *const *aside_text)
{
	char *p = text ? text : (char *)"";
	int f = 0;
	for (; f < FIELD_COUNT; f++) {
		char *e = strchr(p, '\x1f');
		if (e)
			*e = '\0';
		if (p[0] == '\x1e' && !p[1])
			cells[f] = NULL;
		else if (p[0] == '\x1d' && !p[1])
			cells[f] = aside_text ? aside_text[f] : NULL;
		else
			cells[f] = p;
		if (!e)
			break;
		p = e + 1;
	}
	while (++f < FIELD_COUNT)
		cells[f] = NULL;
}

/* Decimal text of v, as "%lld" writes it. */
static void put_int(struct strbuf *sb, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sb_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

/* ---- runs -------------------------------------------------------------- */

int64_t store_run_begin(struct store *st, const char *command, int64_t now, char **err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO runs(command, now, started) VALUES(?, ?, "
			       "strftime('%s','now'))", -1, &s, NULL) != SQLITE_OK)
		return sqlerr(st, err, "cannot record the run");
	sqlite3_bind_text(s, 1, command, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	int rc = noted(st, sqlite3_step(s));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sqlerr(st, err, "cannot record the run");
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
	bind_text(s, 2, note);
	sqlite3_bind_int64(s, 3, run);
	noted(st, sqlite3_step(s));
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
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT etag, last_modified, last_attempt, last_success, "
			       "last_error, sha256, ingested, spool_path, rows, rejected, "
			       "coalesce(ingested_len, 0), coalesce(ingested_records, 0), "
			       "good_until FROM feeds WHERE name = ?", -1, &s, NULL) != SQLITE_OK)
		return sqlerr(st, err, "cannot read feeds");
	sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
	int rc = noted(st, sqlite3_step(s));
	if (rc == SQLITE_ROW) {
		out->etag = col_dup(s, 0);
		out->last_modified = col_dup(s, 1);
		out->last_attempt = col_ts(s, 2);
		out->last_success = col_ts(s, 3);
		out->last_error = col_dup(s, 4);
		out->sha256 = col_dup(s, 5);
		out->ingested = col_dup(s, 6);
		out->spool_path = col_dup(s, 7);
		out->rows = sqlite3_column_int64(s, 8);
		out->rejected = sqlite3_column_int64(s, 9);
		out->ingested_len = sqlite3_column_int64(s, 10);
		out->ingested_records = sqlite3_column_int64(s, 11);
		out->good_until = col_ts(s, 12);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlerr(st, err, "cannot read feeds");
	return 0;
}

int store_feed_fetched(struct store *st, const char *feed, int64_t when, int ok,
		       const char *etag, const char *last_modified, const char *sha256,
		       const char *spool_path, const char *error, char **err)
{
	static const char *const sql_ok =
		"INSERT INTO feeds(name, last_attempt, last_success, etag, last_modified, sha256,"
		" spool_path, last_error) VALUES(?1, ?2, ?2, ?3, ?4, ?5, ?6, NULL)"
		" ON CONFLICT(name) DO UPDATE SET last_attempt = ?2, last_success = ?2,"
		" etag = coalesce(?3, etag), last_modified = coalesce(?4, last_modified),"
		" sha256 = coalesce(?5, sha256), spool_path = coalesce(?6, spool_path),"
		" last_error = NULL";
	static const char *const sql_fail =
		"INSERT INTO feeds(name, last_attempt, last_error) VALUES(?1, ?2, ?7)"
		" ON CONFLICT(name) DO UPDATE SET last_attempt = ?2, last_error = ?7";
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, ok ? sql_ok : sql_fail, -1, &s, NULL) != SQLITE_OK)
		return sqlerr(st, err, "cannot record a fetch");
	sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, when);
	if (ok) {
		bind_text(s, 3, etag);
		bind_text(s, 4, last_modified);
		bind_text(s, 5, sha256);
		bind_text(s, 6, spool_path);
	} else {
		bind_text(s, 7, error ? error : "failed");
	}
	int rc = noted(st, sqlite3_step(s));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sqlerr(st, err, "cannot record a fetch");
}

/* ---- ingest -------------------------------------------------------------- */

/*
 * Row keys.  A row's content has a SHA-256 digest d; the n-th identical
 * row of one file (n > 0) has the digest of d and n.  The content is the
 * packed cells (every mapped column's text) after the ticket id, or after
 * an activity row's time in seconds: what schema 3 hashed.  The key is the first 8 bytes of that, as a
 * little-endian integer: schema 3 kept the first 16 bytes of the same
 * digests, so a file taken before the upgrade is still known after it.
 *
 * Events and activity rows need no table of what this file held so far:
 * a row whose key is already stored is marked with this ingest's `gen`;
 * finding it marked already means an identical row came earlier in the
 * file, so it is the next occurrence.  Ticket rows (few, one per ticket)
 * count occurrences in memory.
 */
/*
 * Per-ticket summaries (ticket_last) of an events feed are gathered in
 * memory and written a ticket at a time: when the table is full (it is
 * emptied, pending counts written) and at commit.  Events come in time
 * order and a ticket's within days of each other, so most of a ticket's
 * events meet it here.  Its first event time, t0, is looked up in the
 * store only when a ticket is not here already.
 */
#define SUMMARY_SLOTS 32768                 /* a power of two */
#define SUMMARY_MAX (SUMMARY_SLOTS / 2)     /* tickets held at once */

struct summary {
	char *id;               /* NULL: an empty slot; strings from sumtext */
	int64_t t0;
	/* the events taken in since the last write: */
	size_t events;          /* 0: nothing to write */
	int64_t last_at, max_opened;
	char *last_status;      /* NULL when two of them share last_at */
};

struct store_ingest {
	struct store *st;
	const struct config *cfg;
	int feed;
	enum feed_kind kind;
	const char *name;
	int64_t run;
	sqlite3_stmt *ticket_get, *ticket_put, *version_get, *version_put, *version_touch;
	sqlite3_stmt *event_first, *event_put, *event_touch, *event_last;
	sqlite3_stmt *act_put, *act_touch, *reject_put;
	int64_t next_ord;       /* arrival order of ticket row versions */
	int64_t next_seq;       /* arrival order of this feed's events and activity rows */
	int64_t gen;            /* this ingest, for events and activity rows */
	struct strbuf cells, blob, stored;
	EVP_MD *md;
	EVP_MD_CTX *mdctx;
	/* occurrences of each ticket row digest in this file: open addressing */
	uint64_t *seen;
	uint32_t *count;
	size_t nseen, capseen;
	struct summary *sum;    /* SUMMARY_SLOTS, for an events feed */
	size_t nsum;
	struct pool *sumtext;   /* their ids and statuses, freed at each write */
	struct store_ingest_counts n;
	int tail;               /* only the records after an earlier copy's end */
	int conflict;           /* ... and one of them is stored already */
	int64_t rows_before, rejected_before;
	struct health health;   /* how well this ingest's records were read */
	int failed;
	char *error;
};

static int prepare(struct store_ingest *in, sqlite3_stmt **s, const char *sql)
{
	if (noted(in->st, sqlite3_prepare_v3(in->st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s,
					     NULL)) != SQLITE_OK) {
		in->error = xasprintf("store: %s", sqlite3_errmsg(in->st->db));
		return -1;
	}
	return 0;
}

static void finalize_all(struct store_ingest *in)
{
	sqlite3_stmt **all[] = { &in->ticket_get, &in->ticket_put, &in->version_get,
				 &in->version_put, &in->version_touch, &in->event_first, &in->event_put,
				 &in->event_touch, &in->event_last, &in->act_put, &in->act_touch,
				 &in->reject_put };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

/* The page cache back to its default, and the memory given back. */
static void cache_default(struct store *st)
{
	exec(st, "PRAGMA cache_size = -2000", NULL);
	sqlite3_db_release_memory(st->db);
}

static void summaries_clear(struct store_ingest *in)
{
	if (in->sum)
		memset(in->sum, 0, SUMMARY_SLOTS * sizeof(*in->sum));
	in->nsum = 0;
	pool_free(in->sumtext);
	in->sumtext = NULL;
}

static void ingest_free(struct store_ingest *in)
{
	health_clear(&in->health);
	summaries_clear(in);
	free(in->sum);
	finalize_all(in);
	sb_release(&in->cells);
	sb_release(&in->blob);
	sb_release(&in->stored);
	EVP_MD_CTX_free(in->mdctx);
	EVP_MD_free(in->md);
	free(in->seen);
	free(in->count);
	free(in->error);
	free(in);
}

/* A number kept for feed in the feeds table; dflt when there is none. */
static int64_t feed_counter(struct store *st, const char *feed, const char *column,
			    int64_t dflt)
{
	char *sql = xasprintf("SELECT %s FROM feeds WHERE name = ? AND %s IS NOT NULL", column,
			      column);
	sqlite3_stmt *s;
	int64_t v = dflt;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, feed, -1, SQLITE_STATIC);
		if (noted(st, sqlite3_step(s)) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	} else {
		noted(st, sqlite3_extended_errcode(st->db));
	}
	free(sql);
	return v;
}

struct store_ingest *store_ingest_begin(struct store *st, const struct config *cfg, int feed,
					int64_t run, int tail, char **err)
{
	struct store_ingest *in = xcalloc(1, sizeof(*in));
	in->tail = tail && cfg->feed[feed].kind != KIND_TICKETS;
	health_init(&in->health);
	in->st = st;
	in->cfg = cfg;
	in->feed = feed;
	in->kind = cfg->feed[feed].kind;
	in->name = cfg->feed[feed].id;
	in->run = run;
	in->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	in->mdctx = EVP_MD_CTX_new();
	if (!in->md || !in->mdctx) {
		errorf(err, "store: SHA-256 is not available");
		ingest_free(in);
		return NULL;
	}
	if (exec(st, INGEST_CACHE_SQL, err) < 0 ||
	    exec(st, "BEGIN IMMEDIATE", err) < 0) {
		cache_default(st);
		ingest_free(in);
		return NULL;
	}
	if (prepare(in, &in->ticket_get, "SELECT key FROM tickets WHERE feed = ? AND id = ?") ||
	    prepare(in, &in->ticket_put, "INSERT OR REPLACE INTO tickets(feed, id, row, opened, "
		    "responded, resolved, cells, run, key) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)") ||
	    prepare(in, &in->version_get, "SELECT 1 FROM ticket_rows WHERE feed = ? AND key = ?") ||
	    prepare(in, &in->version_put, "INSERT INTO ticket_rows(feed, id, ord, row, opened, "
		    "responded, resolved, cells, key, run) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") ||
	    prepare(in, &in->version_touch, "UPDATE ticket_rows SET ord = ?, run = ? WHERE "
		    "feed = ? AND key = ?") ||
	    prepare(in, &in->event_first, "SELECT first_at FROM ticket_last WHERE feed = ? AND "
		    "id = ?") ||
	    prepare(in, &in->event_put, "INSERT OR IGNORE INTO ticket_events(feed, id, at, key, "
		    "seq, gen, status, opened, row, run, cells, t0) "
		    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)") ||
	    prepare(in, &in->event_touch, "UPDATE ticket_events SET gen = ?5 WHERE feed = ?1 AND "
		    "t0 = ?6 AND id = ?2 AND at = ?3 AND key = ?4 AND gen <> ?5") ||
	    prepare(in, &in->event_last, "INSERT INTO ticket_last(feed, id, last_at, last_status, "
		    "max_opened, events, first_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
		    "ON CONFLICT(feed, id) DO UPDATE "
		    "SET events = events + excluded.events, "
		    "last_status = CASE WHEN excluded.last_at > last_at THEN excluded.last_status "
		    "WHEN excluded.last_at = last_at THEN NULL ELSE last_status END, "
		    "last_at = max(last_at, excluded.last_at), "
		    "max_opened = coalesce(max(max_opened, excluded.max_opened), max_opened, "
		    "excluded.max_opened)") ||
	    prepare(in, &in->act_put, "INSERT OR IGNORE INTO activity_rows(feed, at, key, seq, "
		    "gen, hours_uh, onsite, code, description, row, run, cells) "
		    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)") ||
	    prepare(in, &in->act_touch, "UPDATE activity_rows SET gen = ?4 WHERE feed = ?1 AND "
		    "at = ?2 AND key = ?3 AND gen <> ?4") ||
	    prepare(in, &in->reject_put, "INSERT INTO rejects(feed, row, reason, run) "
		    "VALUES(?, ?, ?, ?)")) {
		errorf(err, "%s", in->error);
		exec(st, "ROLLBACK", NULL);
		cache_default(st);
		ingest_free(in);
		return NULL;
	}
	sqlite3_stmt *s;
	if (in->kind == KIND_TICKETS &&
	    sqlite3_prepare_v2(st->db, "SELECT coalesce(max(ord), 0) + 1 FROM ticket_rows", -1, &s,
			       NULL) == SQLITE_OK) {
		if (noted(st, sqlite3_step(s)) == SQLITE_ROW)
			in->next_ord = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	in->next_seq = feed_counter(st, in->name, "next_seq", 1);
	in->gen = feed_counter(st, in->name, "next_gen", 1);
	if (in->tail) {
		/* the earlier copy's rows and rejects stay; these add to them */
		in->rows_before = feed_counter(st, in->name, "rows", 0);
		in->rejected_before = feed_counter(st, in->name, "rejected", 0);
	} else if (sqlite3_prepare_v2(st->db, "DELETE FROM rejects WHERE feed = ?", -1, &s,
				      NULL) == SQLITE_OK) {
		/* the rejects shown are those of the content taken last */
		sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
		noted(st, sqlite3_step(s));
		sqlite3_finalize(s);
	}
	return in;
}

static void sha256(struct store_ingest *in, const void *p, size_t n, unsigned char out[32])
{
	EVP_DigestInit_ex(in->mdctx, in->md, NULL);
	EVP_DigestUpdate(in->mdctx, p, n);
	EVP_DigestFinal_ex(in->mdctx, out, NULL);
}

/* Key of the occ-th identical row whose content digest is d. */
static int64_t occ_key(struct store_ingest *in, const unsigned char d[32], uint32_t occ)
{
	if (!occ)
		return key64(d);
	unsigned char again[36], k[32];
	memcpy(again, d, 32);
	for (int i = 0; i < 4; i++)
		again[32 + i] = (unsigned char)(occ >> (8 * i));
	sha256(in, again, sizeof(again), k);
	return key64(k);
}

/* Occurrence number of digest d in this file so far (0 for the first). */
static uint32_t occurrence(struct store_ingest *in, const unsigned char d[32])
{
	uint64_t h;
	memcpy(&h, d, sizeof(h));
	if (h == 0)
		h = 1;   /* 0 marks an empty slot */
	if ((in->nseen + 1) * 2 > in->capseen) {
		size_t cap = in->capseen ? in->capseen * 2 : 4096;
		uint64_t *seen = xcalloc(cap, sizeof(*seen));
		uint32_t *count = xcalloc(cap, sizeof(*count));
		for (size_t i = 0; i < in->capseen; i++) {
			if (!in->seen[i])
				continue;
			size_t k = in->seen[i] & (cap - 1);
			while (seen[k])
				k = (k + 1) & (cap - 1);
			seen[k] = in->seen[i];
			count[k] = in->count[i];
		}
		free(in->seen);
		free(in->count);
		in->seen = seen;
		in->count = count;
		in->capseen = cap;
	}
	size_t k = h & (in->capseen - 1);
	while (in->seen[k] && in->seen[k] != h)
		k = (k + 1) & (in->capseen - 1);
	if (!in->seen[k]) {
		in->seen[k] = h;
		in->nseen++;
	}
	return in->count[k]++;
}

static int step_done(struct store_ingest *in, sqlite3_stmt *s)
{
	int rc = noted(in->st, sqlite3_step(s));
	if (rc != SQLITE_DONE && !in->failed) {
		in->failed = 1;
		in->error = xasprintf("store: %s", sqlite3_errmsg(in->st->db));
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? sqlite3_changes(in->st->db) : 0;
}

/*
 * A ticket row: every version is kept (ticket_rows) in arrival order; the
 * tickets table holds the latest.  The latest version seen again changes
 * nothing; an older version seen again becomes the latest again.
 */
static void put_ticket(struct store_ingest *in, const struct feedrow *r)
{
	struct strbuf *b = &in->blob;
	b->len = 0;
	sb_puts(b, r->id);
	sb_add(b, in->cells.buf, in->cells.len);
	unsigned char d[32];
	sha256(in, b->buf, b->len, d);
	int64_t key = occ_key(in, d, occurrence(in, d));

	sqlite3_stmt *g = in->ticket_get;
	sqlite3_bind_text(g, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(g, 2, r->id, -1, SQLITE_STATIC);
	int existed = 0, latest = 0;
	if (noted(in->st, sqlite3_step(g)) == SQLITE_ROW) {
		existed = 1;
		latest = sqlite3_column_type(g, 0) == SQLITE_INTEGER &&
			 sqlite3_column_int64(g, 0) == key;
	}
	sqlite3_reset(g);
	if (latest) {
		in->n.unchanged++;
		return;
	}
	sqlite3_stmt *v = in->version_get;
	sqlite3_bind_text(v, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(v, 2, key);
	int known = noted(in->st, sqlite3_step(v)) == SQLITE_ROW;
	sqlite3_reset(v);
	sqlite3_stmt *s;
	if (known) {
		s = in->version_touch;
		sqlite3_bind_int64(s, 1, in->next_ord++);
		sqlite3_bind_int64(s, 2, in->run);
		sqlite3_bind_text(s, 3, in->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, key);
	} else {
		s = in->version_put;
		sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, in->next_ord++);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)r->row);
		bind_ts(s, 5, r->opened);
		bind_ts(s, 6, r->responded);
		bind_ts(s, 7, r->resolved);
		sqlite3_bind_text(s, 8, in->cells.buf, (int)in->cells.len, SQLITE_STATIC);
		sqlite3_bind_int64(s, 9, key);
		sqlite3_bind_int64(s, 10, in->run);
	}
	step_done(in, s);
	s = in->ticket_put;
	sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)r->row);
	bind_ts(s, 4, r->opened);
	bind_ts(s, 5, r->responded);
	bind_ts(s, 6, r->resolved);
	sqlite3_bind_text(s, 7, in->cells.buf, (int)in->cells.len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, in->run);
	sqlite3_bind_int64(s, 9, key);
	step_done(in, s);
	if (existed)
		in->n.updated++;
	else
		in->n.inserted++;
}

/*
 * Insert an event or activity row (statement `put`, its key at parameter
 * 4 or 3) with the first key not taken by an earlier identical row of this
 * file; `touch` (key at parameter tkey, gen after it) marks a row stored
 * before as held by this ingest.  The other parameters are bound already.
 */
static int put_keyed(struct store_ingest *in, sqlite3_stmt *put, int pkey, sqlite3_stmt *touch,
		     int tkey, const unsigned char d[32])
{
	for (uint32_t occ = 0; !in->failed; occ++) {
		int64_t key = occ_key(in, d, occ);
		sqlite3_bind_int64(put, pkey, key);
		if (step_done(in, put)) {
			in->next_seq++;
			in->n.inserted++;
			return 1;
		}
		if (in->tail) {
			/* a new record the same as one stored before: only a
			 * reading of the whole file can say which occurrence
			 * it is (store_ingest_commit then fails) */
			in->failed = in->conflict = 1;
			return 0;
		}
		sqlite3_bind_int64(touch, tkey, key);
		sqlite3_bind_int64(touch, tkey + 1, in->gen);
		if (step_done(in, touch)) {
			in->n.unchanged++;
			return 0;
		}
		/* held already by this ingest: an identical row came earlier
		 * in this file, so this one is the next occurrence */
	}
	return 0;
}

/* Write the summaries gathered and empty the table. */
static void summaries_flush(struct store_ingest *in)
{
	for (size_t i = 0; in->sum && i < SUMMARY_SLOTS && !in->failed; i++) {
		const struct summary *e = &in->sum[i];
		if (!e->id || !e->events)
			continue;
		sqlite3_stmt *l = in->event_last;
		sqlite3_bind_text(l, 1, in->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(l, 2, e->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(l, 3, e->last_at);
		bind_text(l, 4, e->last_status);
		bind_ts(l, 5, e->max_opened);
		sqlite3_bind_int64(l, 6, (sqlite3_int64)e->events);
		sqlite3_bind_int64(l, 7, e->t0);
		step_done(in, l);
	}
	summaries_clear(in);
}

/* The summary of ticket id, with its t0 (a new ticket's is at). */
static struct summary *summary_get(struct store_ingest *in, const char *id, int64_t at)
{
	if (!in->sum)
		in->sum = xcalloc(SUMMARY_SLOTS, sizeof(*in->sum));
	size_t k = fnv1a(FNV_OFFSET, id, strlen(id)) & (SUMMARY_SLOTS - 1);
	while (in->sum[k].id && strcmp(in->sum[k].id, id))
		k = (k + 1) & (SUMMARY_SLOTS - 1);
	if (in->sum[k].id)
		return &in->sum[k];
	if (in->nsum == SUMMARY_MAX) {
		summaries_flush(in);
		k = fnv1a(FNV_OFFSET, id, strlen(id)) & (SUMMARY_SLOTS - 1);
	}
	struct summary *e = &in->sum[k];
	if (!in->sumtext)
		in->sumtext = pool_new();   /* after a write, a new one */
	e->id = pool_strdup(in->sumtext, id);
	e->t0 = at;
	in->nsum++;
	sqlite3_stmt *g = in->event_first;
	sqlite3_bind_text(g, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(g, 2, id, -1, SQLITE_STATIC);
	if (noted(in->st, sqlite3_step(g)) == SQLITE_ROW && sqlite3_column_type(g, 0) == SQLITE_INTEGER)
		e->t0 = sqlite3_column_int64(g, 0);
	sqlite3_reset(g);
	return e;
}

/* A new event into its ticket's summary, as ticket_last's upsert would. */
static void summary_add(struct store_ingest *in, struct summary *e, const struct feedrow *r)
{
	if (!e->events || r->at > e->last_at) {
		/* the pool keeps one copy of a status as long as it is the same
		 * as the one before */
		if (!e->last_status || strcmp(e->last_status, r->status))
			e->last_status = pool_strdup(in->sumtext, r->status);
		e->last_at = r->at;
	} else if (r->at == e->last_at) {
		e->last_status = NULL;
	}
	if (r->opened != TS_NONE && (!e->events || e->max_opened == TS_NONE ||
				     r->opened > e->max_opened))
		e->max_opened = r->opened;
	else if (!e->events)
		e->max_opened = TS_NONE;
	e->events++;
}

static void put_event(struct store_ingest *in, const struct feedrow *r)
{
	struct strbuf *b = &in->blob;
	b->len = 0;
	sb_puts(b, r->id);
	sb_add(b, in->cells.buf, in->cells.len);
	unsigned char d[32];
	sha256(in, b->buf, b->len, d);
	/* the ticket's first event time places its events in the table */
	struct summary *e = summary_get(in, r->id, r->at);
	sqlite3_stmt *s = in->event_put, *t = in->event_touch;
	sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 12, e->t0);
	sqlite3_bind_text(s, 2, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, r->at);
	sqlite3_bind_int64(s, 5, in->next_seq);
	sqlite3_bind_int64(s, 6, in->gen);
	sqlite3_bind_text(s, 7, r->status, -1, SQLITE_STATIC);
	bind_ts(s, 8, r->opened);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)r->row);
	sqlite3_bind_int64(s, 10, in->run);
	sqlite3_bind_text(s, 11, in->cells.buf, (int)in->cells.len, SQLITE_STATIC);
	sqlite3_bind_text(t, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(t, 2, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(t, 3, r->at);
	sqlite3_bind_int64(t, 6, e->t0);
	if (put_keyed(in, s, 4, t, 4, d))
		summary_add(in, e, r);   /* a new event: its ticket's summary takes it in */
}

static void put_activity(struct store_ingest *in, const struct feedrow *r)
{
	struct strbuf *b = &in->blob;
	b->len = 0;
	put_int(b, (long long)r->at);
	sb_add(b, in->cells.buf, in->cells.len);
	unsigned char d[32];
	sha256(in, b->buf, b->len, d);
	/* stored without the code and description: they have columns */
	pack_cells(&in->stored, r->cell, CELL_ASIDE);
	sqlite3_stmt *s = in->act_put, *t = in->act_touch;
	sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, r->at);
	sqlite3_bind_int64(s, 4, in->next_seq);
	sqlite3_bind_int64(s, 5, in->gen);
	sqlite3_bind_int64(s, 6, r->hours_uh);
	sqlite3_bind_int(s, 7, r->onsite);
	sqlite3_bind_text(s, 8, r->code ? r->code : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, r->desc ? r->desc : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)r->row);
	sqlite3_bind_int64(s, 11, in->run);
	sqlite3_bind_text(s, 12, in->stored.buf, (int)in->stored.len, SQLITE_STATIC);
	sqlite3_bind_text(t, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(t, 2, r->at);
	put_keyed(in, s, 3, t, 3, d);
}

static void sink_row(void *ctx, int feed, const struct feedrow *r)
{
	struct store_ingest *in = ctx;
	(void)feed;
	if (in->failed)
		return;
	pack_cells(&in->cells, r->cell, 0);
	switch (in->kind) {
	case KIND_TICKETS:
		put_ticket(in, r);
		break;
	case KIND_TICKET_EVENTS:
		put_event(in, r);
		break;
	default:
		put_activity(in, r);
		break;
	}
}

static void sink_reject(void *ctx, int feed, size_t row, const char *reason)
{
	struct store_ingest *in = ctx;
	(void)feed;
	if (in->failed)
		return;
	sqlite3_stmt *s = in->reject_put;
	sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)row);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, in->run);
	step_done(in, s);
	in->n.rejected++;
}

struct feedsink store_ingest_sink(struct store_ingest *in)
{
	return (struct feedsink){ in, sink_row, sink_reject };
}

struct health *store_ingest_health(struct store_ingest *in)
{
	return &in->health;
}

/* The stored health of feed's copy in use, added to h. */
static int quality_read(struct store *st, const char *feed, struct health *h)
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
static int quality_write(struct store *st, const char *feed, const struct health *h)
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
		bind_text(s, 4, TEXT);					\
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

int store_ingest_commit(struct store_ingest *in, const char *sha256hex, int64_t len,
			size_t records, struct store_ingest_counts *counts, char **err)
{
	struct store *st = in->st;
	if (in->conflict) {
		store_ingest_abort(in);
		return -2;
	}
	if (in->failed) {
		errorf(err, "%s", in->error);
		store_ingest_abort(in);
		return -1;
	}
	summaries_flush(in);
	if (in->failed) {
		errorf(err, "%s", in->error);
		store_ingest_abort(in);
		return -1;
	}
	finalize_all(in);
	if (in->tail) {
		/* the earlier copy's records read the same as before */
		in->n.unchanged += (size_t)(in->rows_before - in->rejected_before);
		in->n.rejected += (size_t)in->rejected_before;
	}
	sqlite3_stmt *s;
	int rc = -1;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO feeds(name, ingested, rows, rejected, next_seq, next_gen,"
			       " ingested_len, ingested_records)"
			       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(name) DO UPDATE SET"
			       " ingested = ?2, rows = ?3, rejected = ?4, next_seq = ?5,"
			       " next_gen = ?6, ingested_len = ?7, ingested_records = ?8", -1, &s,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
		bind_text(s, 2, sha256hex);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)(in->n.inserted + in->n.updated +
							  in->n.unchanged + in->n.rejected));
		sqlite3_bind_int64(s, 4, (sqlite3_int64)in->n.rejected);
		sqlite3_bind_int64(s, 5, in->next_seq);
		sqlite3_bind_int64(s, 6, in->gen + 1);
		sqlite3_bind_int64(s, 7, len);
		sqlite3_bind_int64(s, 8, (sqlite3_int64)records);
		rc = noted(st, sqlite3_step(s)) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(s);
	}
	/* the copy's health: a grown file's new records add to the old
	 * copy's; a copy that passes the gate is good data up to this run */
	if (rc == 0 && in->tail)
		rc = quality_read(st, in->name, &in->health);
	if (rc == 0)
		rc = quality_write(st, in->name, &in->health);
	if (rc == 0 && health_judge(&in->health, in->cfg->feed[in->feed].max_rejected, NULL) ==
	    HEALTH_OK) {
		sqlite3_stmt *g;
		rc = -1;
		if (sqlite3_prepare_v2(st->db, "UPDATE feeds SET good_until = (SELECT now FROM runs"
				       " WHERE id = ?1) WHERE name = ?2", -1, &g, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(g, 1, in->run);
			sqlite3_bind_text(g, 2, in->name, -1, SQLITE_STATIC);
			rc = sqlite3_step(g) == SQLITE_DONE ? 0 : -1;
			sqlite3_finalize(g);
		}
	}
	if (rc == 0)
		rc = exec(st, "COMMIT", err);
	else
		sqlerr(st, err, "cannot record the ingest");
	if (rc < 0) {
		exec(st, "ROLLBACK", NULL);
	} else if (counts) {
		*counts = in->n;
		counts->tail = in->tail;
	}
	cache_default(st);
	ingest_free(in);
	return rc;
}

void store_ingest_abort(struct store_ingest *in)
{
	if (!in)
		return;
	finalize_all(in);
	exec(in->st, "ROLLBACK", NULL);
	cache_default(in->st);
	ingest_free(in);
}

/* ---- load ------------------------------------------------------------------ */

/* One ticket's events as they are read, until the next ticket starts. */
struct evread {
	int64_t at, seq, opened;
	size_t row;
	size_t status, cells;     /* offsets into the group's text */
};

struct evgroup {
	struct evread *e;
	struct feedrow *r;
	size_t n, cap;
	struct strbuf text, id;
	const struct select *sel;   /* what the load keeps */
};

static size_t keep_text(struct strbuf *sb, const unsigned char *s)
{
	size_t at = sb->len;
	sb_puts(sb, s ? (const char *)s : "");
	sb_putc(sb, '\0');
	return at;
}

/* Time order, ties in file order (arrival number). */
static int cmp_event(const void *a, const void *b)
{
	const struct evread *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hand the group to the dataset: its events in time order, ties in file
 * order, with the cells of the latest at or before now. */
static void flush_group(struct evgroup *g, struct dataset *ds, int feed)
{
	if (!g->n)
		return;
	for (size_t k = 1; k < g->n; k++)
		if (cmp_event(&g->e[k - 1], &g->e[k]) > 0) {
			qsort(g->e, g->n, sizeof(*g->e), cmp_event);
			break;
		}
	size_t latest = 0;
	for (size_t k = 0; k < g->n; k++) {
		const struct evread *e = &g->e[k];
		struct feedrow *r = &g->r[k];
		memset(r, 0, sizeof(*r));
		r->id = g->id.buf;
		r->at = e->at;
		r->opened = e->opened;
		r->responded = r->resolved = TS_NONE;
		r->row = e->row;
		r->status = g->text.buf + e->status;
		if (e->at <= ds->now)
			latest = k;
	}
	char *cells[FIELD_COUNT];
	unpack_cells(g->text.buf + g->e[latest].cells, cells, NULL);
	for (size_t k = 0; k < g->n; k++)
		g->r[k].cell = cells;
	select_add_events(g->sel, ds, feed, g->r, g->n);
	g->n = 0;
	g->text.len = 0;
}

/* Append one event row of statement s (id, at, seq, status, opened, row,
 * cells) to the group, flushing the group first when s starts a ticket. */
static void group_add(struct evgroup *g, sqlite3_stmt *s, struct dataset *ds, int feed)
{
	const char *id = (const char *)sqlite3_column_text(s, 0);
	if (!id)
		id = "";
	if (g->n && strcmp(id, g->id.buf))
		flush_group(g, ds, feed);
	if (!g->n) {
		g->id.len = 0;
		sb_puts(&g->id, id);
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->e = xreallocarray(g->e, g->cap, sizeof(*g->e));
		g->r = xreallocarray(g->r, g->cap, sizeof(*g->r));
	}
	struct evread *e = &g->e[g->n++];
	e->at = sqlite3_column_int64(s, 1);
	e->seq = sqlite3_column_int64(s, 2);
	e->opened = col_ts(s, 4);
	e->row = (size_t)sqlite3_column_int64(s, 5);
	e->status = keep_text(&g->text, sqlite3_column_text(s, 3));
	e->cells = keep_text(&g->text, sqlite3_column_text(s, 6));
}

static void group_free(struct evgroup *g)
{
	free(g->e);
	free(g->r);
	sb_release(&g->text);
	sb_release(&g->id);
}

/* 1 when the summary row of statement l says the window cannot use the
 * ticket (select_passes_over); *events gets its event count. */
static int passed_over(sqlite3_stmt *l, const struct feed *f, const struct select *sel,
		       int64_t now, size_t *events)
{
	*events = (size_t)sqlite3_column_int64(l, 4);
	return select_passes_over(sel, f, now, sqlite3_column_int64(l, 1),
				  (const char *)sqlite3_column_text(l, 2), col_ts(l, 3));
}

/* A ticket a window's load reads: its t0 and id (an offset into the
 * load's text until the text stops moving, then a pointer). */
struct wanted {
	int64_t t0;
	size_t off;
	const char *id;
};

static int cmp_wanted(const void *a, const void *b)
{
	const struct wanted *x = a, *y = b;
	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * The events of the tickets a window can use, passing over (by their
 * ticket_last summary, without reading their events) the tickets whose
 * every event is at or before now and before the window, whose latest
 * status is a resolved one and whose `opened` is before the window: the
 * window would drop them (select_add_events), so only their events
 * are counted.  The others are read in the table's order (t0, then id)
 * and then put in id order.  When more than a quarter are wanted (a
 * year's window), reading every event in order is quicker than looking
 * each ticket up: *scan is 1 then, and nothing is loaded.
 */
static int load_events_window(struct store *st, int feed, const char *name,
			      const struct select *sel, struct dataset *ds, int *scan)
{
	const struct feed *f = &ds->cfg->feed[feed];
	sqlite3_stmt *l = NULL, *s = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM ticket_last WHERE feed = ?", -1, &l,
			       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(l, 1, name, -1, SQLITE_STATIC);
	int rc = noted(st, sqlite3_step(l));
	size_t n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(l, 0) : 0;
	sqlite3_finalize(l);
	l = NULL;
	if (rc != SQLITE_ROW)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT id, last_at, last_status, max_opened, events, "
			       "first_at FROM ticket_last WHERE feed = ?", -1, &l,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT id, at, seq, status, opened, row, cells FROM "
			       "ticket_events WHERE feed = ?1 AND t0 = ?3 AND id = ?2 "
			       "ORDER BY at, key", -1, &s, NULL) != SQLITE_OK) {
		sqlite3_finalize(l);
		return -1;
	}
	sqlite3_bind_text(l, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	/* the tickets wanted, unless they are more than a quarter */
	struct wanted *w = NULL;
	size_t nw = 0, capw = 0, events, passed = 0, passed_events = 0;
	struct strbuf ids = STRBUF_INIT;
	*scan = 0;
	while ((rc = noted(st, sqlite3_step(l))) == SQLITE_ROW) {
		if (passed_over(l, f, sel, ds->now, &events)) {
			passed++;
			passed_events += events;
			continue;
		}
		if ((nw + 1) * 4 > n) {
			*scan = 1;
			break;
		}
		VEC_GROW(w, nw, capw, nw + 1);
		w[nw++] = (struct wanted){ sqlite3_column_int64(l, 5),
					   keep_text(&ids, sqlite3_column_text(l, 0)), NULL };
	}
	sqlite3_finalize(l);
	if (*scan)
		rc = SQLITE_DONE;   /* stopped on purpose: a scan is quicker */
	int rs = SQLITE_DONE;
	if (rc == SQLITE_DONE && !*scan) {
		ds->dropped += passed;
		ds->fs[feed].accepted += passed_events;
		/* in table order (t0, then id): the newest part of the table,
		 * where most of a window's tickets are, read once in order */
		for (size_t i = 0; i < nw; i++)
			w[i].id = ids.buf + w[i].off;
		qsort(w, nw, sizeof(*w), cmp_wanted);
		size_t first = ds->nt;
		struct evgroup g = { .sel = sel };
		for (size_t i = 0; i < nw && rs == SQLITE_DONE; i++) {
			sqlite3_bind_text(s, 2, w[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 3, w[i].t0);
			while ((rs = noted(st, sqlite3_step(s))) == SQLITE_ROW)
				group_add(&g, s, ds, feed);
			sqlite3_reset(s);
		}
		flush_group(&g, ds, feed);
		group_free(&g);
		dataset_sort_tickets(ds, first);   /* by id, as a scan gives them */
	}
	sqlite3_finalize(s);
	free(w);
	sb_release(&ids);
	return rc == SQLITE_DONE && rs == SQLITE_DONE ? 0 : -1;
}

static int load_events(struct store *st, int feed, const char *name, const struct select *sel,
		       struct dataset *ds)
{
	if (sel->from != TS_NONE && !sel->id) {
		int scan = 0;
		if (load_events_window(st, feed, name, sel, ds, &scan) < 0)
			return -1;
		if (!scan)
			return 0;
	}
	sqlite3_stmt *s;
	/* the primary key's order: each ticket's events together, tickets by
	 * first event time (put in id order below, as a window's load gives) */
	if (sqlite3_prepare_v2(st->db, sel->id ?
			       "SELECT id, at, seq, status, opened, row, cells FROM ticket_events "
			       "WHERE feed = ?1 AND t0 = (SELECT first_at FROM ticket_last "
			       "WHERE feed = ?1 AND id = ?2) AND id = ?2 ORDER BY at, key" :
			       "SELECT id, at, seq, status, opened, row, cells FROM ticket_events "
			       "WHERE feed = ?1 ORDER BY t0, id, at, key", -1, &s, NULL) != SQLITE_OK)
		return -1;
	size_t first = ds->nt;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sel->id)   /* one ticket (explain): straight to its events */
		sqlite3_bind_text(s, 2, sel->id, -1, SQLITE_STATIC);
	struct evgroup g = { .sel = sel };
	int rc;
	while ((rc = noted(st, sqlite3_step(s))) == SQLITE_ROW)
		group_add(&g, s, ds, feed);
	flush_group(&g, ds, feed);
	sqlite3_finalize(s);
	group_free(&g);
	dataset_sort_tickets(ds, first);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Evidence masks kept with activity rows.  They depend on the config's
 * activities, so each feed records the signature of the plan they were
 * worked out under (feeds.evsig); under another signature they are not
 * used.  Masks are worked out when rows are loaded, not when taken in (a
 * year's rows would be matched when a 28-day report needs a twelfth of
 * them), and a writable store keeps what a load worked out.
 */
struct maskfix {
	int64_t at, key;
	uint64_t ev, concern;
};

struct maskfixes {
	struct maskfix *v;
	size_t n, cap;
	int trusted;          /* the stored masks are of this plan */
	uint64_t sig;
};

static int load_rows(struct store *st, int feed, const char *name, enum feed_kind kind,
		     const struct select *sel, struct dataset *ds, struct maskfixes *fix)
{
	static const char *const sql[KIND_COUNT] = {
		[KIND_TICKETS] = "SELECT id, row, opened, responded, resolved, cells FROM ticket_rows "
				 "WHERE feed = ? ORDER BY ord",
		[KIND_ACTIVITIES] = "SELECT row, at, hours_uh, onsite, code, description, cells, "
				    "key, ev, concern FROM activity_rows WHERE feed = ?1 AND at >= ?2 "
				    "ORDER BY at, seq",
	};
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql[kind], -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (kind == KIND_ACTIVITIES)
		sqlite3_bind_int64(s, 2, sel->since == TS_NONE ? INT64_MIN : sel->since);
	struct strbuf text = STRBUF_INIT;
	int rc;
	while ((rc = noted(st, sqlite3_step(s))) == SQLITE_ROW) {
		struct feedrow r = { .opened = TS_NONE, .responded = TS_NONE,
				     .resolved = TS_NONE, .at = TS_NONE };
		char *cells[FIELD_COUNT];
		int ci;
		if (kind == KIND_TICKETS) {
			r.id = (const char *)sqlite3_column_text(s, 0);
			r.row = (size_t)sqlite3_column_int64(s, 1);
			r.opened = col_ts(s, 2);
			r.responded = col_ts(s, 3);
			r.resolved = col_ts(s, 4);
			ci = 5;
		} else {
			r.row = (size_t)sqlite3_column_int64(s, 0);
			r.at = col_ts(s, 1);
			r.hours_uh = sqlite3_column_int64(s, 2);
			r.onsite = sqlite3_column_int(s, 3);
			r.code = (const char *)sqlite3_column_text(s, 4);
			r.desc = (const char *)sqlite3_column_text(s, 5);
			if (fix->trusted && sqlite3_column_type(s, 8) == SQLITE_INTEGER) {
				r.has_masks = 1;
				r.ev = (uint64_t)sqlite3_column_int64(s, 8);
				r.concern = (uint64_t)sqlite3_column_int64(s, 9);
			}
			ci = 6;
		}
		text.len = 0;
		keep_text(&text, sqlite3_column_text(s, ci));
		char *aside[FIELD_COUNT] = { 0 };
		aside[FIELD_CODE] = (char *)r.code;
		aside[FIELD_DESCRIPTION] = (char *)r.desc;
		unpack_cells(text.buf, cells, aside);
		r.cell = cells;
		size_t na = ds->na;
		select_add(sel, ds, feed, &r);
		if (kind == KIND_ACTIVITIES && !r.has_masks && ds->na > na && st->readonly == 0) {
			VEC_GROW(fix->v, fix->n, fix->cap, fix->n + 1);
			fix->v[fix->n++] = (struct maskfix){ r.at, sqlite3_column_int64(s, 7),
							     ds->a[na].ev, ds->a[na].concern };
		}
	}
	sqlite3_finalize(s);
	sb_release(&text);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Keep the masks a load worked out (a cache: on failure nothing is lost). */
static void save_masks(struct store *st, const char *name, const struct maskfixes *fix)
{
	if (!fix->n && fix->trusted)
		return;
	if (exec(st, "BEGIN IMMEDIATE", NULL) < 0)
		return;
	sqlite3_stmt *s = NULL;
	int ok = 1;
	if (!fix->trusted) {
		/* masks of another plan must not be read as this one's */
		ok = sqlite3_prepare_v2(st->db, "UPDATE activity_rows SET ev = NULL, concern = NULL "
					"WHERE feed = ? AND ev IS NOT NULL", -1, &s, NULL) == SQLITE_OK;
		if (ok) {
			sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
			ok = noted(st, sqlite3_step(s)) == SQLITE_DONE;
		}
		sqlite3_finalize(s);
		if (ok && sqlite3_prepare_v2(st->db, "UPDATE feeds SET evsig = ? WHERE name = ?", -1,
					     &s, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, (sqlite3_int64)fix->sig);
			sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
			ok = noted(st, sqlite3_step(s)) == SQLITE_DONE;
			sqlite3_finalize(s);
		}
	}
	if (ok && fix->n &&
	    sqlite3_prepare_v2(st->db, "UPDATE activity_rows SET ev = ?1, concern = ?2 WHERE "
			       "feed = ?3 AND at = ?4 AND key = ?5", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
		for (size_t i = 0; ok && i < fix->n; i++) {
			sqlite3_bind_int64(s, 1, (sqlite3_int64)fix->v[i].ev);
			sqlite3_bind_int64(s, 2, (sqlite3_int64)fix->v[i].concern);
			sqlite3_bind_int64(s, 4, fix->v[i].at);
			sqlite3_bind_int64(s, 5, fix->v[i].key);
			ok = noted(st, sqlite3_step(s)) == SQLITE_DONE;
			sqlite3_reset(s);
		}
		sqlite3_finalize(s);
	}
	exec(st, ok ? "COMMIT" : "ROLLBACK", NULL);
}

static int load_feed(struct store *st, const struct config *cfg, int feed,
		     const struct select *sel, struct dataset *ds, struct maskfixes *fix, char **err)
{
	const char *name = cfg->feed[feed].id;
	enum feed_kind kind = cfg->feed[feed].kind;
	if (kind == KIND_ACTIVITIES) {
		const struct evidence_plan *p = dataset_plan(ds, feed);
		fix->sig = p ? evidence_plan_signature(p) : 0;
		int64_t none = (int64_t)~fix->sig;   /* what no stored signature reads as */
		fix->trusted = p && feed_counter(st, name, "evsig", none) == (int64_t)fix->sig;
	}
	if ((kind == KIND_TICKET_EVENTS ? load_events(st, feed, name, sel, ds)
					: load_rows(st, feed, name, kind, sel, ds, fix)) < 0)
		return sqlerr(st, err, "cannot read rows");
	/* the rejected rows of the content taken last */
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT row, reason FROM rejects WHERE feed = ? ORDER BY "
			       "rowid", -1, &s, NULL) != SQLITE_OK)
		return sqlerr(st, err, "cannot read rejects");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc;
	while ((rc = noted(st, sqlite3_step(s))) == SQLITE_ROW)
		dataset_reject(ds, feed, (size_t)sqlite3_column_int64(s, 0), "%s",
			       (const char *)sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sqlerr(st, err, "cannot read rejects");
	struct store_feed f;
	if (store_feed_get(st, name, &f, err) < 0)
		return -1;
	ds->fs[feed].last_success = f.last_success;
	free(ds->fs[feed].fetch_error);
	ds->fs[feed].fetch_error = f.last_error;   /* NULL when the last attempt was good */
	f.last_error = NULL;
	ds->fs[feed].records = (size_t)f.rows;   /* rows in the content taken last */
	ds->fs[feed].good_until = f.good_until;
	store_feed_clear(&f);
	if (quality_read(st, name, &ds->fs[feed].health) < 0)
		return sqlerr(st, err, "cannot read the feed's health");
	return 0;
}

int store_load(struct store *st, const struct config *cfg, const struct select *sel,
	       struct dataset *ds, char **err)
{
	struct select all = select_all();
	if (!sel)
		sel = &all;
	/* one read transaction: a consistent snapshot while `run` may write */
	if (exec(st, "BEGIN", err) < 0)
		return -1;
	int rc = 0;
	struct maskfixes *fix = xcalloc(cfg->nfeed ? cfg->nfeed : 1, sizeof(*fix));
	for (size_t i = 0; i < cfg->nfeed && rc == 0; i++)
		rc = load_feed(st, cfg, (int)i, sel, ds, &fix[i], err);
	exec(st, rc ? "ROLLBACK" : "COMMIT", NULL);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		if (rc == 0 && !st->readonly && cfg->feed[i].kind == KIND_ACTIVITIES &&
		    dataset_plan(ds, (int)i))
			save_masks(st, cfg->feed[i].id, &fix[i]);
		free(fix[i].v);
	}
	free(fix);
	if (rc == 0)
		dataset_finish(ds);
	return rc;
}

/* ---- mail ------------------------------------------------------------------ */

int64_t store_finding_mailed(struct store *st, const char *id)
{
	sqlite3_stmt *s;
	int64_t v = TS_NONE;
	if (sqlite3_prepare_v2(st->db, "SELECT mailed FROM findings WHERE id = ?", -1, &s, NULL) !=
	    SQLITE_OK)
		return TS_NONE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (noted(st, sqlite3_step(s)) == SQLITE_ROW)
		v = col_ts(s, 0);
	sqlite3_finalize(s);
	return v;
}

int64_t store_last_mail(struct store *st, const char *kind)
{
	sqlite3_stmt *s;
	int64_t v = TS_NONE;
	if (sqlite3_prepare_v2(st->db, "SELECT max(sent) FROM mails WHERE kind = ?", -1, &s,
			       NULL) != SQLITE_OK)
		return TS_NONE;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	if (noted(st, sqlite3_step(s)) == SQLITE_ROW)
		v = col_ts(s, 0);
	sqlite3_finalize(s);
	return v;
}

int store_mail_sent(struct store *st, const char *kind, const char *subject,
		    const char *recipients, const char *const *ids, size_t n, int64_t now, int64_t run,
		    char **err)
{
	if (st->damaged)
		return errorf(err, "store: the file is damaged; the mail was not recorded");
	if (exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	sqlite3_stmt *ins = NULL, *mark = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO mails(kind, sent, subject, recipients, "
			       "findings, run) VALUES(?, ?, ?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "UPDATE findings SET mailed = ? WHERE id = ?", -1, &mark,
			       NULL) != SQLITE_OK)
		rc = sqlerr(st, err, "cannot record the mail");
	if (rc == 0) {
		sqlite3_bind_text(ins, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, now);
		bind_text(ins, 3, subject);
		bind_text(ins, 4, recipients);
		sqlite3_bind_int64(ins, 5, (sqlite3_int64)n);
		sqlite3_bind_int64(ins, 6, run);
		if (noted(st, sqlite3_step(ins)) != SQLITE_DONE)
			rc = sqlerr(st, err, "cannot record the mail");
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sqlite3_bind_int64(mark, 1, now);
		sqlite3_bind_text(mark, 2, ids[i], -1, SQLITE_STATIC);
		if (noted(st, sqlite3_step(mark)) != SQLITE_DONE)
			rc = sqlerr(st, err, "cannot record the mail");
		sqlite3_reset(mark);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(mark);
	if (rc == 0)
		rc = exec(st, "COMMIT", err);
	if (rc < 0)
		exec(st, "ROLLBACK", NULL);
	return rc;
}

size_t store_cleared_since(struct store *st, int64_t since)
{
	sqlite3_stmt *s;
	size_t n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM findings WHERE cleared IS NOT NULL "
			       "AND cleared > ?", -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(s, 1, since == TS_NONE ? INT64_MIN + 1 : since);
	if (noted(st, sqlite3_step(s)) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* ---- findings ------------------------------------------------------------ */

int store_findings_sync(struct store *st, const struct finding_list *fl, int64_t now,
			int64_t run, size_t *new_red, char **err)
{
	if (st->damaged)
		return errorf(err, "store: the file is damaged; no finding was recorded");
	if (exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	sqlite3_stmt *was = NULL, *put = NULL, *clear = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT cleared IS NULL FROM findings WHERE id = ?", -1,
			       &was, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
			       "INSERT INTO findings(id, kind, severity, supplier, subject, message,"
			       " question, first_seen, last_seen, cleared, run)"
			       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, NULL, ?9)"
			       " ON CONFLICT(id) DO UPDATE SET severity = ?3, message = ?6,"
			       " question = ?7, last_seen = ?8, run = ?9,"
			       " first_seen = CASE WHEN cleared IS NULL THEN first_seen ELSE ?8 END,"
			       " cleared = NULL", -1, &put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "UPDATE findings SET cleared = ?1 WHERE cleared IS NULL"
			       " AND run IS NOT ?2", -1, &clear, NULL) != SQLITE_OK)
		rc = sqlerr(st, err, "cannot record findings");
	size_t fresh = 0;
	for (size_t i = 0; rc == 0 && i < fl->n; i++) {
		const struct finding *f = &fl->v[i];
		sqlite3_bind_text(was, 1, f->id, -1, SQLITE_STATIC);
		int wr = noted(st, sqlite3_step(was));
		int open_before = wr == SQLITE_ROW && sqlite3_column_int(was, 0);
		if (wr != SQLITE_ROW && wr != SQLITE_DONE)
			rc = sqlerr(st, err, "cannot read findings");
		sqlite3_reset(was);
		if (f->red && !open_before)
			fresh++;
		sqlite3_bind_text(put, 1, f->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(put, 2, finding_kind_name(f->kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(put, 3, f->red ? "red" : "amber", -1, SQLITE_STATIC);
		bind_text(put, 4, f->supplier);
		sqlite3_bind_text(put, 5, f->subject, -1, SQLITE_STATIC);
		bind_text(put, 6, f->message);
		bind_text(put, 7, f->question);
		sqlite3_bind_int64(put, 8, now);
		sqlite3_bind_int64(put, 9, run);
		if (noted(st, sqlite3_step(put)) != SQLITE_DONE)
			rc = sqlerr(st, err, "cannot record findings");
		sqlite3_reset(put);
	}
	if (rc == 0) {
		sqlite3_bind_int64(clear, 1, now);
		sqlite3_bind_int64(clear, 2, run);
		if (noted(st, sqlite3_step(clear)) != SQLITE_DONE)
			rc = sqlerr(st, err, "cannot record findings");
	}
	sqlite3_finalize(was);
	sqlite3_finalize(put);
	sqlite3_finalize(clear);
	if (rc == 0)
		rc = exec(st, "COMMIT", err);
	if (rc < 0)
		exec(st, "ROLLBACK", NULL);
	else if (new_red)
		*new_red = fresh;
	return rc;
}
