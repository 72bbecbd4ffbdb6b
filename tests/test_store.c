/*
 * The store meeting a damaged page (issue 13): the sample school taken in,
 * its findings recorded, then the page of the activity log's newest rows
 * (the ones a run's window reads) overwritten.  Opened without the check
 * (as a store too big to be checked whole meets such a page only when it
 * reads it), the load fails instead of reading the rows before the page as
 * all there is, the store is marked damaged, and no finding is cleared
 * after that; the check finds the page too.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "finding.h"
#include "job.h"
#include "select.h"
#include "store.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#include "testutil.h"

/* One text for the findings table as it stands, read on a connection of its
 * own (the damaged page is not one of the findings'). */
static char *findings_text(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT group_concat(id || '/' || severity || '/' || "
					    "last_seen || '/' || coalesce(cleared, '-') || '/' || run, "
					    "' ') FROM (SELECT * FROM findings ORDER BY id)", -1,
					    &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	const unsigned char *t = sqlite3_column_text(s, 0);
	char *text = xstrdup(t ? (const char *)t : "");
	sqlite3_finalize(s);
	sqlite3_close(h);
	return text;
}

/* An integer the query on st's handle gives. */
static int64_t one_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	ck_assert_int_eq(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

START_TEST(damaged_page_read)
{
	char *err = NULL;
	struct config *cfg = config_load(SRCDIR "/rules/examples/oakfield.conf", &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	char dir[] = "/tmp/test_store.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *db = xasprintf("%s/fitsmon.db", dir);
	int64_t now;
	ck_assert_int_eq(timefmt_parse_iso8601("2026-11-28T02:30:00Z", cfg->tz, &now), 0);
	int64_t from = TS_NONE, to = TS_NONE;
	evaluate_window(cfg, now, &from, &to);
	struct select keep = select_window(cfg, from, to, 0);

	/* the sample school taken in and its findings recorded */
	struct store *st = store_open(db, STORE_READWRITE, &err);
	ck_assert_msg(st != NULL, "%s", err);
	struct job j = { .cfg = cfg, .st = st, .now = now };
	j.run = store_run_begin(st, "test", now, &err);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		struct store_ingest_counts c;
		ck_assert_msg(job_ingest(&j, (int)i, cfg->feed[i].path, &c, &err) >= 0, "%s", err);
	}
	struct dataset *ds = job_load(&j, &keep, &err);
	ck_assert_msg(ds != NULL, "%s", err);
	struct evaluation *ev = evaluate(cfg, ds, now, from, to);
	ck_assert_uint_gt(ev->findings.n, 3);
	ck_assert_int_eq(store_findings_sync(st, &ev->findings, now, j.run, NULL, &err), 0);
	evaluation_free(ev);
	dataset_free(ds);
	ck_assert_int_eq(store_damaged(st), 0);
	/* the activity log's last leaf in key order: its newest rows */
	int64_t page = one_int(st, "SELECT pageno FROM dbstat WHERE name = 'activity_rows' AND "
			       "pagetype = 'leaf' ORDER BY path DESC LIMIT 1");
	int64_t size = one_int(st, "PRAGMA page_size");
	ck_assert_int_eq(sqlite3_exec(store_db(st), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
				      NULL), SQLITE_OK);
	store_close(st);
	char *before = findings_text(db);
	ck_assert_ptr_nonnull(strstr(before, "/-/"));   /* open findings, to be kept open */

	FILE *f = fopen(db, "r+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, (long)((page - 1) * size), SEEK_SET), 0);
	for (int64_t i = 0; i < size; i++)
		fputc('x', f);
	ck_assert_int_eq(fclose(f), 0);

	/* opened unchecked: the page is met while the window's rows are read */
	st = store_open(db, STORE_READWRITE, &err);
	ck_assert_msg(st != NULL, "%s", err);
	ck_assert_int_eq(store_damaged(st), 0);
	j.st = st;
	j.now = now + 86400;
	ds = job_load(&j, &keep, &err);
	ck_assert_msg(ds == NULL, "rows before a damaged page were read as all there is");
	ck_assert_msg(strstr(err, "malformed") != NULL, "%s", err);
	ck_assert_int_eq(store_damaged(st), 1);
	/* nothing found after that is recorded: an empty list would clear all */
	struct finding_list none = { 0 };
	ck_assert_int_eq(store_findings_sync(st, &none, now + 86400, j.run + 1, NULL, &err), -1);
	store_run_end(st, j.run, 74, NULL);
	store_close(st);
	char *after = findings_text(db);
	ck_assert_str_eq(after, before);

	/* and checked, it does not open */
	int bad = 0;
	st = store_open_checked(db, STORE_READONLY | STORE_CHECK, &bad, &err);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(bad, 1);
	ck_assert_msg(!strncmp(err, "quick_check: ", 13), "%s", err);

	free(err);
	free(before);
	free(after);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(db);
	config_free(cfg);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, damaged_page_read);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
