#ifndef FITSMON_SQL_H
#define FITSMON_SQL_H
/*
 * sql — `fitsmon sql 'SELECT …'`: read-only SQL on the store for the
 * network manager's own questions.
 *
 * Three locks, any one of which would do: the database is opened with
 * SQLITE_OPEN_READONLY; every statement must be read-only by SQLite's own
 * judgement (sqlite3_stmt_readonly); and an authorizer refuses ATTACH,
 * DETACH, pragmas that set a value, and extension loading.  So
 * "DELETE FROM tickets" or "ATTACH 'x.db' AS x" fail with a clear message
 * and change nothing.
 *
 * And bounds, so a query cannot hold the store (its read snapshot stops
 * WAL checkpoints) or the machine: a time budget (a progress handler
 * interrupts the statement; "query stopped after N s"), SQLITE_LIMIT_LENGTH
 * (SQL_MAX_LENGTH: no string or blob longer) and a heap limit
 * (SQL_HEAP_LIMIT, sqlite3_hard_heap_limit64).  A stopped query is an
 * error like any other: the statement is finalized and the store closed,
 * which releases the snapshot.
 */
#include "table.h"

#define SQL_TIMEOUT_DEFAULT 10                      /* seconds */
#define SQL_MAX_LENGTH (64 * 1024 * 1024)           /* bytes in one value */
#define SQL_HEAP_LIMIT (512LL * 1024 * 1024)        /* bytes SQLite may hold */

/* Run the statements in `text` against the store at path, all within
 * timeout_s seconds; each result set is rendered to out.  -1 with *err on any refusal or error; -2 with
 * *err when the store is damaged (store_damaged).  The store is not
 * checked first, so `PRAGMA quick_check` and the intact tables of a
 * damaged store can still be read. */
int sql_run(const char *path, const char *text, enum table_format f, int timeout_s,
	    struct strbuf *out, char **err);

#endif
