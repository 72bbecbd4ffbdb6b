/*
 * store_ingest — taking a file into the store, one transaction per feed.
 *
 * Rows are keyed so that taking the same file again changes nothing:
 * tickets by (feed, id); events and activity rows by a digest of their
 * content plus, for identical rows within one file, their occurrence
 * number (two identical log lines stay two rows, and stay the same two
 * rows when the file is taken again).  Which stored rows a copy replaces
 * or withdraws (row versions, `since` and `until`) is said in store.h.
 */
#include "store.h"
#include "store_common.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hashmap.h"
#include "health.h"
#include "pool.h"
#include "sha256.h"
#include "tz.h"
#include "util.h"

/* Page cache while a feed is taken in (32 MiB): the row tables are clustered
 * by time, so inserts touch the last few pages; this bounds the rest. */
#define INGEST_CACHE_SQL "PRAGMA cache_size = -32768"

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
#define SUMMARY_MAX 16384                   /* tickets held at once */

struct summary {
	char *id;               /* from sumtext */
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
	sqlite3_stmt *act_replace, *event_replace;
	int64_t since;          /* this run's now: TS_NONE when there is no run */
	int64_t until;          /* what a replaced row's `until` is set to */
	int keyed;              /* activities with key = ... */
	int snapshot;           /* activities without a key, not mode = log */
	int64_t span_lo, span_hi;   /* earliest and latest `at` of this copy's rows */
	int64_t next_ord;       /* arrival order of ticket row versions */
	int64_t next_seq;       /* arrival order of this feed's events and activity rows */
	int64_t gen;            /* this ingest, for events and activity rows */
	struct strbuf cells, blob, stored;
	struct sha256 md;       /* one context for every row's digest */
	/* occurrences of each ticket row digest in this file so far, by the
	 * digest's first 8 bytes */
	struct hashmap *seen;
	struct summary *sum;    /* SUMMARY_MAX, in arrival order, for an events feed */
	size_t nsum;
	struct hashmap *sumid;  /* ticket id -> its place in sum */
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
	if (store_noted(in->st, sqlite3_prepare_v3(in->st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s,
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
				 &in->reject_put, &in->act_replace, &in->event_replace };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

/* The page cache back to its default, and the memory given back. */
static void cache_default(struct store *st)
{
	store_exec(st, "PRAGMA cache_size = -2000", NULL);
	sqlite3_db_release_memory(st->db);
}

static void summaries_clear(struct store_ingest *in)
{
	if (in->sumid)
		hashmap_clear(in->sumid);
	in->nsum = 0;
	pool_free(in->sumtext);
	in->sumtext = NULL;
}

static void ingest_free(struct store_ingest *in)
{
	health_clear(&in->health);
	summaries_clear(in);
	free(in->sum);
	hashmap_free(in->sumid);
	finalize_all(in);
	sb_release(&in->cells);
	sb_release(&in->blob);
	sb_release(&in->stored);
	sha256_release(&in->md);
	hashmap_free(in->seen);
	free(in->error);
	free(in);
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
	in->keyed = in->kind == KIND_ACTIVITIES && cfg->feed[feed].key_fields;
	in->snapshot = in->kind == KIND_ACTIVITIES && !in->keyed && !cfg->feed[feed].log_mode;
	in->span_lo = INT64_MAX;
	in->span_hi = INT64_MIN;
	in->since = TS_NONE;
	if (sha256_init(&in->md) < 0) {
		errorf(err, "store: SHA-256 is not available");
		ingest_free(in);
		return NULL;
	}
	if (store_exec(st, INGEST_CACHE_SQL, err) < 0 ||
	    store_exec(st, "BEGIN IMMEDIATE", err) < 0) {
		cache_default(st);
		ingest_free(in);
		return NULL;
	}
	if (prepare(in, &in->ticket_get, "SELECT key FROM tickets WHERE feed = ? AND id = ?") ||
	    prepare(in, &in->ticket_put, "INSERT OR REPLACE INTO tickets(feed, id, row, opened, "
		    "responded, resolved, cells, run, key) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)") ||
	    prepare(in, &in->version_get, "SELECT 1 FROM ticket_rows WHERE feed = ? AND key = ?") ||
	    prepare(in, &in->version_put, "INSERT INTO ticket_rows(feed, id, ord, row, opened, "
		    "responded, resolved, cells, key, run, since) "
		    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") ||
	    prepare(in, &in->version_touch, "UPDATE ticket_rows SET ord = ?, run = ? WHERE "
		    "feed = ? AND key = ?") ||
	    prepare(in, &in->event_first, "SELECT first_at FROM ticket_last WHERE feed = ? AND "
		    "id = ?") ||
	    /* occ: the events of this ticket, time and status this copy
	     * held before this one */
	    prepare(in, &in->event_put, "INSERT OR IGNORE INTO ticket_events(feed, id, at, key, "
		    "seq, gen, status, opened, row, run, cells, t0, since, occ) "
		    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		    "(SELECT count(*) FROM ticket_events WHERE feed = ?1 AND t0 = ?12 AND id = ?2 "
		    "AND at = ?3 AND status = ?7 AND gen = ?6))") ||
	    /* a withdrawn row is not held again: a copy that brings it
	     * back stores it anew (the next key), dated by this run */
	    prepare(in, &in->event_touch, "UPDATE ticket_events SET gen = ?5 WHERE feed = ?1 AND "
		    "t0 = ?6 AND id = ?2 AND at = ?3 AND key = ?4 AND gen <> ?5 AND until IS NULL") ||
	    prepare(in, &in->event_replace, "UPDATE ticket_events SET until = ?6 WHERE feed = ?1 "
		    "AND t0 = ?2 AND id = ?3 AND at = ?4 AND until IS NULL AND key <> ?5 AND "
		    "(status, occ) = (SELECT status, occ FROM ticket_events WHERE feed = ?1 AND "
		    "t0 = ?2 AND id = ?3 AND at = ?4 AND key = ?5)") ||
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
		    "gen, hours_uh, onsite, code, description, row, run, cells, since, ident) "
		    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)") ||
	    prepare(in, &in->act_touch, "UPDATE activity_rows SET gen = ?4, ident = ?5 WHERE "
		    "feed = ?1 AND at = ?2 AND key = ?3 AND gen <> ?4 AND until IS NULL") ||
	    prepare(in, &in->act_replace, "UPDATE activity_rows SET until = ?5 WHERE feed = ?1 "
		    "AND ident = ?4 AND until IS NULL AND NOT (at = ?2 AND key = ?3)") ||
	    prepare(in, &in->reject_put, "INSERT INTO rejects(feed, row, reason, run) "
		    "VALUES(?, ?, ?, ?)")) {
		errorf(err, "%s", in->error);
		store_exec(st, "ROLLBACK", NULL);
		cache_default(st);
		ingest_free(in);
		return NULL;
	}
	if (in->kind == KIND_TICKETS)
		in->next_ord = store_one_int(st, "SELECT coalesce(max(ord), 0) + 1 FROM ticket_rows",
					     0, in->next_ord);
	in->since = store_one_int(st, "SELECT now FROM runs WHERE id = ?", run, in->since);
	sqlite3_stmt *s;
	/* a row replaced with no run to date it is replaced for every now */
	in->until = in->since == TS_NONE ? INT64_MIN : in->since;
	in->next_seq = store_feed_counter(st, in->name, "next_seq", 1);
	in->gen = store_feed_counter(st, in->name, "next_gen", 1);
	if (in->tail) {
		/* the earlier copy's rows and rejects stay; these add to them */
		in->rows_before = store_feed_counter(st, in->name, "rows", 0);
		in->rejected_before = store_feed_counter(st, in->name, "rejected", 0);
	} else if (sqlite3_prepare_v2(st->db, "DELETE FROM rejects WHERE feed = ?", -1, &s,
				      NULL) == SQLITE_OK) {
		/* the rejects shown are those of the content taken last */
		sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
		store_noted(st, sqlite3_step(s));
		sqlite3_finalize(s);
	}
	return in;
}

/* The digest of p[0..n) into out; a failure fails the ingest. */
static void digest(struct store_ingest *in, const void *p, size_t n, unsigned char out[SHA256_SIZE])
{
	if (sha256_bytes(&in->md, p, n, out) < 0) {
		memset(out, 0, SHA256_SIZE);
		if (!in->failed) {
			in->failed = 1;
			in->error = xstrdup("store: SHA-256 failed");
		}
	}
}
/* Key of the occ-th identical row whose content digest is d. */
static int64_t occ_key(struct store_ingest *in, const unsigned char d[SHA256_SIZE], uint32_t occ)
{
	if (!occ)
		return store_key64(d);
	unsigned char again[SHA256_SIZE + 4], k[SHA256_SIZE];
	memcpy(again, d, SHA256_SIZE);
	for (int i = 0; i < 4; i++)
		again[SHA256_SIZE + i] = (unsigned char)(occ >> (8 * i));
	digest(in, again, sizeof(again), k);
	return store_key64(k);
}

/* Occurrence number of digest d in this file so far (0 for the first). */
static uint32_t occurrence(struct store_ingest *in, const unsigned char d[SHA256_SIZE])
{
	uint64_t h;
	memcpy(&h, d, sizeof(h));
	if (h == 0)
		h = 1;   /* as it always was (0 marked an empty slot): keys stay the same */
	if (!in->seen)
		in->seen = hashmap_new();
	int added;
	uint64_t *n = hashmap_put(in->seen, &h, sizeof(h), &added);
	return (uint32_t)(*n)++;
}

static int step_done(struct store_ingest *in, sqlite3_stmt *s)
{
	int rc = store_noted(in->st, sqlite3_step(s));
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
	unsigned char d[SHA256_SIZE];
	digest(in, b->buf, b->len, d);
	int64_t key = occ_key(in, d, occurrence(in, d));

	sqlite3_stmt *g = in->ticket_get;
	sqlite3_bind_text(g, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(g, 2, r->id, -1, SQLITE_STATIC);
	int existed = 0, latest = 0;
	if (store_noted(in->st, sqlite3_step(g)) == SQLITE_ROW) {
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
	int known = store_noted(in->st, sqlite3_step(v)) == SQLITE_ROW;
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
		store_bind_ts(s, 5, r->opened);
		store_bind_ts(s, 6, r->responded);
		store_bind_ts(s, 7, r->resolved);
		sqlite3_bind_text(s, 8, in->cells.buf, (int)in->cells.len, SQLITE_STATIC);
		sqlite3_bind_int64(s, 9, key);
		sqlite3_bind_int64(s, 10, in->run);
		store_bind_ts(s, 11, in->since);
	}
	step_done(in, s);
	s = in->ticket_put;
	sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)r->row);
	store_bind_ts(s, 4, r->opened);
	store_bind_ts(s, 5, r->responded);
	store_bind_ts(s, 6, r->resolved);
	sqlite3_bind_text(s, 7, in->cells.buf, (int)in->cells.len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, in->run);
	sqlite3_bind_int64(s, 9, key);
	step_done(in, s);
	if (existed)
		in->n.updated++;
	else
		in->n.inserted++;
}

enum put { PUT_NONE, PUT_NEW, PUT_SAME };

/*
 * Insert an event or activity row (statement `put`, its key at parameter
 * 4 or 3) with the first key not taken by an earlier identical row of this
 * file or by a withdrawn version; `touch` (key at parameter tkey, gen
 * after it) marks a stored row that counts as held by this ingest.  The
 * other parameters are bound already.  PUT_NEW: inserted; PUT_SAME:
 * stored and counting; *key gets the row's key.
 */
static enum put put_keyed(struct store_ingest *in, sqlite3_stmt *put, int pkey,
			  sqlite3_stmt *t, int tkey, const unsigned char d[SHA256_SIZE],
			  int64_t *key)
{
	for (uint32_t occ = 0; !in->failed; occ++) {
		*key = occ_key(in, d, occ);
		sqlite3_bind_int64(put, pkey, *key);
		if (step_done(in, put)) {
			in->next_seq++;
			return PUT_NEW;
		}
		if (in->tail) {
			/* a new record the same as one stored before: only a
			 * reading of the whole file can say which occurrence
			 * it is (store_ingest_commit then fails) */
			in->failed = in->conflict = 1;
			return PUT_NONE;
		}
		sqlite3_bind_int64(t, tkey, *key);
		sqlite3_bind_int64(t, tkey + 1, in->gen);
		if (step_done(in, t))
			return PUT_SAME;
		/* held already by this ingest (an identical row came earlier
		 * in this file, so this one is the next occurrence), or a
		 * withdrawn version (this one is stored anew) */
	}
	return PUT_NONE;
}

/* Count a row put (put_keyed) that replaced `replaced` stored rows. */
static void count_put(struct store_ingest *in, enum put p, int replaced)
{
	if (p == PUT_SAME)
		in->n.unchanged++;
	else if (p != PUT_NONE && replaced)
		in->n.updated++;
	else if (p != PUT_NONE)
		in->n.inserted++;
}

/* Write the summaries gathered and empty the table. */
static void summaries_flush(struct store_ingest *in)
{
	for (size_t i = 0; i < in->nsum && !in->failed; i++) {
		const struct summary *e = &in->sum[i];
		if (!e->events)
			continue;
		sqlite3_stmt *l = in->event_last;
		sqlite3_bind_text(l, 1, in->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(l, 2, e->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(l, 3, e->last_at);
		store_bind_text(l, 4, e->last_status);
		store_bind_ts(l, 5, e->max_opened);
		sqlite3_bind_int64(l, 6, (sqlite3_int64)e->events);
		sqlite3_bind_int64(l, 7, e->t0);
		step_done(in, l);
	}
	summaries_clear(in);
}

/* The summary of ticket id, with its t0 (a new ticket's is at). */
static struct summary *summary_get(struct store_ingest *in, const char *id, int64_t at)
{
	if (!in->sum) {
		in->sum = xcalloc(SUMMARY_MAX, sizeof(*in->sum));
		in->sumid = hashmap_new();
	}
	size_t n = strlen(id);
	const uint64_t *k = hashmap_get(in->sumid, id, n);
	if (k)
		return &in->sum[*k];
	if (in->nsum == SUMMARY_MAX)
		summaries_flush(in);
	int added;
	*hashmap_put(in->sumid, id, n, &added) = in->nsum;
	struct summary *e = &in->sum[in->nsum++];
	memset(e, 0, sizeof(*e));
	if (!in->sumtext)
		in->sumtext = pool_new();   /* after a write, a new one */
	e->id = pool_strdup(in->sumtext, id);
	e->t0 = at;
	sqlite3_stmt *g = in->event_first;
	sqlite3_bind_text(g, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(g, 2, id, -1, SQLITE_STATIC);
	if (store_noted(in->st, sqlite3_step(g)) == SQLITE_ROW && sqlite3_column_type(g, 0) == SQLITE_INTEGER)
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
	unsigned char d[SHA256_SIZE];
	digest(in, b->buf, b->len, d);
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
	store_bind_ts(s, 8, r->opened);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)r->row);
	sqlite3_bind_int64(s, 10, in->run);
	sqlite3_bind_text(s, 11, in->cells.buf, (int)in->cells.len, SQLITE_STATIC);
	sqlite3_bind_text(t, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(t, 2, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(t, 3, r->at);
	sqlite3_bind_int64(t, 6, e->t0);
	store_bind_ts(s, 13, in->since);
	int64_t key;
	enum put p = put_keyed(in, s, 4, t, 4, d, &key);
	int replaced = 0;
	if (p == PUT_NEW) {
		/* the event of the same id, time, status and occurrence it
		 * corrects; a copy read from its old end cannot say which
		 * occurrence this is: the whole file is read */
		sqlite3_stmt *x = in->event_replace;
		sqlite3_bind_text(x, 1, in->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(x, 2, e->t0);
		sqlite3_bind_text(x, 3, r->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(x, 4, r->at);
		sqlite3_bind_int64(x, 5, key);
		sqlite3_bind_int64(x, 6, in->until);
		replaced = step_done(in, x);
		if (replaced && in->tail)
			in->failed = in->conflict = 1;
	}
	count_put(in, p, replaced);
	if (p == PUT_NEW && !replaced)
		summary_add(in, e, r);   /* a new event: its ticket's summary takes it in */
}

static void put_activity(struct store_ingest *in, const struct feedrow *r)
{
	struct strbuf *b = &in->blob;
	b->len = 0;
	put_int(b, (long long)r->at);
	sb_add(b, in->cells.buf, in->cells.len);
	unsigned char d[SHA256_SIZE];
	digest(in, b->buf, b->len, d);
	/* stored without the code and description: they have columns */
	store_pack_cells(&in->stored, r->cell, STORE_CELL_ASIDE);
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
	store_bind_ts(s, 13, in->since);
	int64_t ident = 0;
	if (in->keyed) {
		/* the row's identity: the cells of its key columns */
		const struct feed *f = &in->cfg->feed[in->feed];
		b->len = 0;
		for (int k = 0; k < FIELD_COUNT; k++)
			if (f->key_fields & 1u << k) {
				sb_puts(b, r->cell[k] ? r->cell[k] : "");
				sb_putc(b, '\x1f');
			}
		unsigned char id[SHA256_SIZE];
		digest(in, b->buf, b->len, id);
		ident = store_key64(id);
		sqlite3_bind_int64(s, 14, ident);
		sqlite3_bind_int64(t, 5, ident);
	} else {
		sqlite3_bind_null(s, 14);
		sqlite3_bind_null(t, 5);
	}
	if (r->at < in->span_lo)
		in->span_lo = r->at;
	if (r->at > in->span_hi)
		in->span_hi = r->at;
	int64_t key;
	enum put p = put_keyed(in, s, 3, t, 3, d, &key);
	int replaced = 0;
	if (in->keyed && p == PUT_NEW) {
		/* the newest version of the key counts */
		sqlite3_stmt *x = in->act_replace;
		sqlite3_bind_text(x, 1, in->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(x, 2, r->at);
		sqlite3_bind_int64(x, 3, key);
		sqlite3_bind_int64(x, 4, ident);
		sqlite3_bind_int64(x, 5, in->until);
		replaced = step_done(in, x);
	}
	count_put(in, p, replaced);
}

static void sink_row(void *ctx, int feed, const struct feedrow *r)
{
	struct store_ingest *in = ctx;
	(void)feed;
	if (in->failed)
		return;
	store_pack_cells(&in->cells, r->cell, 0);
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

/*
 * A snapshot copy read whole: the stored rows of the local dates from its
 * earliest to its latest row that it does not hold are withdrawn.
 */
static void withdraw_span(struct store_ingest *in)
{
	const struct tz *tz = in->cfg->feed[in->feed].tz;
	int64_t lo = tz_midnight(tz, tz_day_of(tz, in->span_lo));
	int64_t hi = tz_midnight(tz, tz_day_of(tz, in->span_hi) + 1);
	sqlite3_stmt *s;
	if (prepare(in, &s, "UPDATE activity_rows SET until = ?5 WHERE feed = ?1 AND at >= ?2 "
		    "AND at < ?3 AND gen <> ?4 AND until IS NULL") < 0) {
		in->failed = 1;
		return;
	}
	sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, lo);
	sqlite3_bind_int64(s, 3, hi);
	sqlite3_bind_int64(s, 4, in->gen);
	sqlite3_bind_int64(s, 5, in->until);
	in->n.withdrawn += (size_t)step_done(in, s);
	sqlite3_finalize(s);
}

struct feedsink store_ingest_sink(struct store_ingest *in)
{
	return (struct feedsink){ in, sink_row, sink_reject };
}

struct health *store_ingest_health(struct store_ingest *in)
{
	return &in->health;
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
	if (!in->failed && in->snapshot && !in->tail && in->span_lo <= in->span_hi)
		withdraw_span(in);
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
			       " ingested_len, ingested_records, copy_new, copy_corrected,"
			       " copy_withdrawn)"
			       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
			       " ON CONFLICT(name) DO UPDATE SET"
			       " ingested = ?2, rows = ?3, rejected = ?4, next_seq = ?5,"
			       " next_gen = ?6, ingested_len = ?7, ingested_records = ?8,"
			       " copy_new = ?9, copy_corrected = ?10, copy_withdrawn = ?11", -1, &s,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, in->name, -1, SQLITE_STATIC);
		store_bind_text(s, 2, sha256hex);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)(in->n.inserted + in->n.updated +
							  in->n.unchanged + in->n.rejected));
		sqlite3_bind_int64(s, 4, (sqlite3_int64)in->n.rejected);
		sqlite3_bind_int64(s, 5, in->next_seq);
		sqlite3_bind_int64(s, 6, in->gen + 1);
		sqlite3_bind_int64(s, 7, len);
		sqlite3_bind_int64(s, 8, (sqlite3_int64)records);
		sqlite3_bind_int64(s, 9, (sqlite3_int64)in->n.inserted);
		sqlite3_bind_int64(s, 10, (sqlite3_int64)in->n.updated);
		sqlite3_bind_int64(s, 11, (sqlite3_int64)in->n.withdrawn);
		rc = store_noted(st, sqlite3_step(s)) == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(s);
	}
	/* the copy's health: a grown file's new records add to the old
	 * copy's; a copy that passes the gate is good data up to this run */
	if (rc == 0 && in->tail)
		rc = store_quality_read(st, in->name, &in->health);
	if (rc == 0)
		rc = store_quality_write(st, in->name, &in->health);
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
		rc = store_exec(st, "COMMIT", err);
	else
		store_sqlerr(st, err, "cannot record the ingest");
	if (rc < 0) {
		store_exec(st, "ROLLBACK", NULL);
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
	store_exec(in->st, "ROLLBACK", NULL);
	cache_default(in->st);
	ingest_free(in);
}
