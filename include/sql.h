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
 */
#include "table.h"

/* Run the statements in `text` against the store at path; each result
 * set is rendered to out.  -1 with *err on any refusal or error; -2 with
 * *err when the store is damaged (store_damaged).  The store is not
 * checked first, so `PRAGMA quick_check` and the intact tables of a
 * damaged store can still be read. */
int sql_run(const char *path, const char *text, enum table_format f, struct strbuf *out,
	    char **err);

#endif
