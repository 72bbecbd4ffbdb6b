/* sql — read-only SQL on the store. */
#include "sql.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "util.h"

/* Refuse what could write, reach other files, or change settings. */
static int authorize(void *ctx, int action, const char *a, const char *b, const char *db,
		     const char *trigger)
{
	(void)ctx;
	(void)a;
	(void)db;
	(void)trigger;
	switch (action) {
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		/* reading a pragma is fine; setting one is not */
		return b ? SQLITE_DENY : SQLITE_OK;
	case SQLITE_FUNCTION:
		return b && !strcmp(b, "load_extension") ? SQLITE_DENY : SQLITE_OK;
	default:
		return SQLITE_OK;
	}
}

/* The time budget of one sql_run. */
struct budget {
	struct timespec end;    /* CLOCK_MONOTONIC */
	int seconds;
	int stopped;            /* the progress handler interrupted a statement */
};

static int over_budget(void *ctx)
{
	struct budget *b = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < b->end.tv_sec ||
	    (now.tv_sec == b->end.tv_sec && now.tv_nsec < b->end.tv_nsec))
		return 0;
	b->stopped = 1;
	return 1;
}

/* The error of a failed statement: the budget's, or SQLite's. */
static int failed(sqlite3 *db, const struct budget *b, char **err)
{
	if (b->stopped)
		return errorf(err, "sql: query stopped after %d s -- it took longer than "
			      "--timeout allows", b->seconds);
	return errorf(err, "sql: %s", sqlite3_errmsg(db));
}

static int one(sqlite3 *db, sqlite3_stmt *s, const struct budget *b, enum table_format f,
	       struct strbuf *out, char **err)
{
	int n = sqlite3_column_count(s);
	if (n == 0) {
		int rc = sqlite3_step(s);
		return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : failed(db, b, err);
	}
	const char **head = xcalloc((size_t)n, sizeof(*head));
	for (int i = 0; i < n; i++)
		head[i] = sqlite3_column_name(s, i);
	struct table t;
	table_init(&t, (size_t)n, head);
	free(head);
	const char **cells = xcalloc((size_t)n, sizeof(*cells));
	int rc;
	int typed = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			int ty = sqlite3_column_type(s, i);
			if (!typed && (ty == SQLITE_INTEGER || ty == SQLITE_FLOAT))
				table_numeric(&t, (size_t)i);
			cells[i] = ty == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(s, i);
		}
		typed = 1;
		table_add(&t, cells);
	}
	free(cells);
	if (rc != SQLITE_DONE) {
		table_release(&t);
		return failed(db, b, err);
	}
	table_render(&t, f, out);
	table_release(&t);
	return 0;
}

int sql_run(const char *path, const char *text, enum table_format f, int timeout_s,
	    struct strbuf *out, char **err)
{
	struct budget b = { .seconds = timeout_s };
	clock_gettime(CLOCK_MONOTONIC, &b.end);
	b.end.tv_sec += timeout_s;
	sqlite3_hard_heap_limit64(SQL_HEAP_LIMIT);
	int bad = 0;
	struct store *st = store_open_checked(path, STORE_READONLY, &bad, err);
	if (!st)
		return bad ? -2 : -1;
	sqlite3 *db = store_db(st);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_set_authorizer(db, authorize, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, SQL_MAX_LENGTH);
	sqlite3_progress_handler(db, 1000, over_budget, &b);
	const char *p = text;
	int rc = 0, any = 0;
	while (rc == 0 && *p) {
		sqlite3_stmt *s = NULL;
		const char *tail;
		if (sqlite3_prepare_v2(db, p, -1, &s, &tail) != SQLITE_OK) {
			rc = errorf(err, "sql: %s", sqlite3_errmsg(db));
			if (store_damaged(st))
				rc = -2;
			break;
		}
		if (!s) {   /* only blanks or a comment left */
			p = tail;
			break;
		}
		if (!sqlite3_stmt_readonly(s)) {
			rc = errorf(err, "sql: only reading is allowed ('%.40s%s' would change the "
				    "store)", sqlite3_sql(s), strlen(sqlite3_sql(s)) > 40 ? "..." : "");
		} else {
			rc = one(db, s, &b, f, out, err);
			if (rc < 0 && store_damaged(st))
				rc = -2;
			any = 1;
		}
		sqlite3_finalize(s);
		p = tail;
	}
	if (rc == 0 && !any)
		rc = errorf(err, "sql: no statement given");
	sqlite3_progress_handler(db, 0, NULL, NULL);
	store_close(st);
	return rc;
}
