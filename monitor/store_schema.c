/*
 * store_schema — the store's schema, version by version: each migration
 * takes a file from version i to i + 1, in a transaction of its own, so a
 * store written by any earlier fitsmon is brought up to date when it is
 * next opened for writing, and a crash half way leaves a whole version.
 */
#include "store.h"
#include "store_common.h"

#include <stdlib.h>

#include "util.h"

#define SCHEMA_VERSION 9

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
	/* 7 -> 8: row versions.  `since` is the now of the run that took a
	 * version in (NULL: before any run), `until` the now of the run whose
	 * copy replaced or withdrew it (NULL: it still counts), so a replay at
	 * `now` reads the versions fetched by then; `ident` is a keyed
	 * activity row's key digest (key = ...), `occ` an event's occurrence
	 * among the events of its ticket with its time and status in one copy;
	 * and what each feed's last copy brought */
	"ALTER TABLE activity_rows ADD COLUMN since INTEGER;"
	"ALTER TABLE activity_rows ADD COLUMN until INTEGER;"
	"ALTER TABLE activity_rows ADD COLUMN ident INTEGER;"
	"UPDATE activity_rows SET since = (SELECT now FROM runs WHERE runs.id = activity_rows.run);"
	"CREATE INDEX activity_rows_ident ON activity_rows(feed, ident) WHERE ident IS NOT NULL;"
	"ALTER TABLE ticket_events ADD COLUMN since INTEGER;"
	"ALTER TABLE ticket_events ADD COLUMN until INTEGER;"
	"ALTER TABLE ticket_events ADD COLUMN occ INTEGER NOT NULL DEFAULT 0;"
	"UPDATE ticket_events SET since = (SELECT now FROM runs WHERE runs.id = ticket_events.run);"
	"UPDATE ticket_events SET occ = o.n FROM (SELECT feed, t0, id, at, key, row_number() OVER"
	"  (PARTITION BY feed, id, at, status ORDER BY seq) - 1 AS n FROM ticket_events) AS o"
	"  WHERE o.n > 0 AND o.feed = ticket_events.feed AND o.t0 = ticket_events.t0"
	"  AND o.id = ticket_events.id AND o.at = ticket_events.at AND o.key = ticket_events.key;"
	"ALTER TABLE ticket_rows ADD COLUMN since INTEGER;"
	"UPDATE ticket_rows SET since = (SELECT now FROM runs WHERE runs.id = ticket_rows.run);"
	"ALTER TABLE feeds ADD COLUMN copy_new INTEGER;"
	"ALTER TABLE feeds ADD COLUMN copy_corrected INTEGER;"
	"ALTER TABLE feeds ADD COLUMN copy_withdrawn INTEGER;"
	"DROP VIEW activity_v;"
	"CREATE VIEW activity_v AS SELECT feed, datetime(at, 'unixepoch') AS at,"
	"  hours_uh / 1000000.0 AS hours, onsite, code, description, row FROM activity_rows"
	"  WHERE until IS NULL;",
	/* 8 -> 9: the fetch time of every good copy of each feed (also one
	 * that brought nothing new), so the copies that showed a ticket as it
	 * was are known: the stamp rule (DESIGN.md "Nightly copies") needs
	 * the last copy that showed a ticket without its stop.  A store of
	 * schema 8 knows its copies from the versions they brought. */
	"CREATE TABLE copies(feed TEXT NOT NULL, at INTEGER NOT NULL,"
	"  PRIMARY KEY(feed, at)) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO copies SELECT DISTINCT feed, since FROM ticket_rows"
	"  WHERE since IS NOT NULL;"
	"INSERT OR IGNORE INTO copies SELECT name, last_success FROM feeds"
	"  WHERE last_success IS NOT NULL;",
};

/*
 * fitsmon_key64(KEY): the integer row key of schema 4 from a blob key of
 * schema 3 (its first 8 bytes, little-endian: the same digest, shorter).
 */
static void sql_key64(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_BLOB && sqlite3_value_bytes(argv[0]) >= 8)
		sqlite3_result_int64(c, store_key64(sqlite3_value_blob(argv[0])));
	else if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER)
		sqlite3_result_int64(c, sqlite3_value_int64(argv[0]));
	else
		sqlite3_result_null(c);
}

int store_schema_version(void)
{
	return SCHEMA_VERSION;
}

int store_schema_read(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;
	if (store_noted(st, sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL)) ==
	    SQLITE_OK && store_noted(st, sqlite3_step(s)) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int store_schema_migrate(struct store *st, char **err)
{
	sqlite3_create_function(st->db, "fitsmon_key64", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				NULL, sql_key64, NULL, NULL);
	int v = store_schema_read(st);
	if (v < 0)
		return store_sqlerr(st, err, "cannot read the schema version");
	if (v > SCHEMA_VERSION)
		return errorf(err, "store: schema version %d is newer than this fitsmon "
			      "understands (%d)", v, SCHEMA_VERSION);
	for (; v < SCHEMA_VERSION; v++) {
		char *set = xasprintf("PRAGMA user_version = %d", v + 1);
		int rc = store_exec(st, "BEGIN IMMEDIATE", err) ||
			 store_exec(st, migrations[v], err) || store_exec(st, set, err) ||
			 store_exec(st, "COMMIT", err);
		free(set);
		if (rc) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}
