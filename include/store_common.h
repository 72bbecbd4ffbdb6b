#ifndef FITSMON_STORE_COMMON_H
#define FITSMON_STORE_COMMON_H
/*
 * store_common — what the store's own files share, and nothing outside
 * the store includes (the store's contract is store.h):
 *
 *   store.c           open, close, the damage check, runs, feed state
 *   store_schema.c    the schema and its migrations
 *   store_ingest.c    taking a file in, one transaction per feed
 *   store_load.c      replaying the stored rows into a dataset
 *   store_findings.c  findings and the mails that told of them
 *   store_common.c    the plumbing below: errors, damage, packed cells
 *
 * Every call on the handle passes its result code through store_noted, so
 * that SQLITE_CORRUPT or SQLITE_NOTADB met anywhere marks the store
 * damaged for good (store.h).
 */
#include <sqlite3.h>
#include <stdint.h>

#include "civil.h"
#include "fields.h"

struct health;
struct strbuf;

struct store {
	sqlite3 *db;
	int readonly;
	int damaged;     /* SQLITE_CORRUPT or SQLITE_NOTADB met, or store_check failed */
	int ioerr;       /* SQLITE_FULL or SQLITE_IOERR met: a full disk, a failing one */
};

/* 1 when an SQLite result code says the file is damaged. */
static inline int store_is_damage(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* rc, after noting whether it says the file is damaged. */
static inline int store_noted(struct store *st, int rc)
{
	if (store_is_damage(rc))
		st->damaged = 1;
	if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR)
		st->ioerr = 1;
	return rc;
}

/* -1 with *err "store: WHAT: SQLite's message", the last error noted. */
int store_sqlerr(struct store *st, char **err, const char *what);
/* Run sql; -1 with *err (may be NULL).  A COMMIT on a damaged store rolls
 * back instead and fails: nothing worked out from a damaged file is kept. */
int store_exec(struct store *st, const char *sql, char **err);

static inline void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* An instant, NULL for TS_NONE; store_col_ts reads it back. */
static inline void store_bind_ts(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == TS_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static inline int64_t store_col_ts(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? TS_NONE : sqlite3_column_int64(s, i);
}

/* A copy of a text column; NULL for NULL. */
char *store_col_dup(sqlite3_stmt *s, int i);
/* The integer in the first column of sql's first row, with ?1 bound to
 * arg when sql has a parameter; dflt when there is no row, the value is
 * NULL, or SQLite fails (a damaged or full store is noted, store_noted). */
int64_t store_one_int(struct store *st, const char *sql, int64_t arg, int64_t dflt);

/*
 * Cells as one text (store_common.c says how); fields in `aside` (a bit
 * per field) are kept in columns of their own and only marked here.
 * store_unpack_cells cuts such a text (changed in place) back into cells,
 * a field set aside taking aside_text[f] (NULL when aside_text is).
 */
#define STORE_CELL_ASIDE ((1u << FIELD_CODE) | (1u << FIELD_DESCRIPTION))
void store_pack_cells(struct strbuf *sb, char *const *cell, unsigned aside);
void store_unpack_cells(char *text, char *cells[FIELD_COUNT], char *const *aside_text);

/*
 * A row key: the first 8 bytes of a content digest as a little-endian
 * integer (schema 3 kept the first 16 bytes of the same digests as a blob;
 * migration 3 -> 4 shortens them with this).
 */
static inline int64_t store_key64(const unsigned char *d)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | d[i];
	return (int64_t)v;
}

/* ---- store_schema.c ---------------------------------------------------- */
/* The schema version of the open file; -1 when it cannot be read. */
int store_schema_read(struct store *st);
/* Bring a writable store up to the version this build writes, one
 * migration per transaction.  0 or -1 with *err. */
int store_schema_migrate(struct store *st, char **err);

/* ---- store.c: feed state the other files read and write ---------------- */
/* A number kept for feed in the feeds table; dflt when there is none. */
int64_t store_feed_counter(struct store *st, const char *feed, const char *column,
			   int64_t dflt);
/* The stored health of feed's copy in use, added to h. */
int store_quality_read(struct store *st, const char *feed, struct health *h);
/* Replace feed's stored health with h. */
int store_quality_write(struct store *st, const char *feed, const struct health *h);

#endif
