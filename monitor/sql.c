/* sql — read-only SQL on the store. */
#include "sql.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

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

static int one(sqlite3 *db, sqlite3_stmt *s, enum table_format f, struct strbuf *out,
	       char **err)
{
	int n = sqlite3_column_count(s);
	if (n == 0) {
		int rc = sqlite3_step(s);
		return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0
			: errorf(err, "sql: %s", sqlite3_errmsg(db));
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
		return errorf(err, "sql: %s", sqlite3_errmsg(db));
	}
	table_render(&t, f, out);
	table_release(&t);
	return 0;
}

int sql_run(const char *path, const char *text, enum table_format f, struct strbuf *out,
	    char **err)
{
	int bad = 0;
	struct store *st = store_open_checked(path, STORE_READONLY, &bad, err);
	if (!st)
		return bad ? -2 : -1;
	sqlite3 *db = store_db(st);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_set_authorizer(db, authorize, NULL);
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
			rc = one(db, s, f, out, err);
			if (rc < 0 && store_damaged(st))
				rc = -2;
			any = 1;
		}
		sqlite3_finalize(s);
		p = tail;
	}
	if (rc == 0 && !any)
		rc = errorf(err, "sql: no statement given");
	store_close(st);
	return rc;
}
