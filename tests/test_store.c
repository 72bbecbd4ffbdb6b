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
#include "ingest.h"
#include "job.h"
#include "select.h"
#include "sha256.h"
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


/* ---- the store's own contract (store.h) --------------------------------- */

static char *scratch(char dir[])
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return xasprintf("%s/fitsmon.db", dir);
}

static void scratch_free(const char *dir, char *db)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(db);
}

static struct config *sample(void)
{
	char *err = NULL;
	struct config *cfg = config_load(SRCDIR "/rules/examples/oakfield.conf", &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	return cfg;
}

/* The sample school as the stores in tests/data/ were written: before
 * its tickets export gained the supplier's verdict (column.sla_met), a
 * column that, once mapped, makes every row a new version. */
static struct config *sample_before_claims(void)
{
	struct config *cfg = sample();
	for (size_t i = 0; i < cfg->nfeed; i++) {
		free(cfg->feed[i].column[FIELD_SLA_MET]);
		cfg->feed[i].column[FIELD_SLA_MET] = NULL;
	}
	return cfg;
}

/* Take path whole into feed through the store's own calls; its counts. */
static struct store_ingest_counts take(struct store *st, const struct config *cfg, int feed,
				       const char *path, int64_t run)
{
	char *err = NULL;
	char hex[SHA256_HEX_SIZE];
	ck_assert_msg(sha256_file(path, hex, &err) == 0, "%s", err);
	struct store_ingest *in = store_ingest_begin(st, cfg, feed, run, 0, &err);
	ck_assert_msg(in != NULL, "%s", err);
	struct feedsink sink = store_ingest_sink(in);
	struct ingest_stats is;
	ck_assert_msg(ingest_file_measured(cfg, feed, path, 0, 0, &sink, &is,
					   store_ingest_health(in), &err) == 0, "%s", err);
	struct store_ingest_counts c;
	ck_assert_msg(store_ingest_commit(in, hex, 0, is.total, &c, &err) == 0, "%s", err);
	return c;
}

/* One text of a query's rows on st's handle ('|' between columns). */
static char *rows_text(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	struct strbuf sb = STRBUF_INIT;
	ck_assert_int_eq(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	sb_puts(&sb, "");
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			const unsigned char *t = sqlite3_column_text(s, i);
			sb_puts(&sb, t ? (const char *)t : "NULL");
			sb_putc(&sb, i + 1 < sqlite3_column_count(s) ? '|' : '\n');
		}
	}
	sqlite3_finalize(s);
	return sb_detach(&sb);
}

/* Everything ingest writes, but the arrival numbers a new ingest moves on
 * (runs, gen, next_*) */
static char *stored(struct store *st)
{
	struct strbuf sb = STRBUF_INIT;
	static const char *const q[] = {
		"SELECT feed, id, row, opened, responded, resolved, cells, key FROM tickets ORDER BY 1, 2",
		"SELECT feed, id, row, opened, responded, resolved, cells, key FROM ticket_rows "
		"ORDER BY 1, 2, key",
		"SELECT feed, t0, id, at, key, seq, status, opened, row, cells FROM ticket_events "
		"ORDER BY 1, 2, 3, 4, 5",
		"SELECT feed, id, last_at, last_status, max_opened, events, first_at FROM ticket_last "
		"ORDER BY 1, 2",
		"SELECT feed, at, key, seq, hours_uh, onsite, code, description, row, cells FROM "
		"activity_rows ORDER BY 1, 2, 3",
		"SELECT feed, row, reason FROM rejects ORDER BY 1, 2, 3",
		"SELECT name, ingested, rows, rejected, next_seq FROM feeds ORDER BY 1",
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		char *t = rows_text(st, q[i]);
		sb_puts(&sb, t);
		sb_puts(&sb, "--\n");
		free(t);
	}
	return sb_detach(&sb);
}

/* The same file taken twice: the second changes nothing. */
START_TEST(ingest_idempotent)
{
	char dir[] = "/tmp/test_store.XXXXXX";
	char *db = scratch(dir), *err = NULL;
	struct config *cfg = sample();
	struct store *st = store_open(db, STORE_READWRITE, &err);
	ck_assert_msg(st != NULL, "%s", err);
	int64_t run = store_run_begin(st, "test", 1800000000, &err);
	size_t first[8] = { 0 };
	for (size_t i = 0; i < cfg->nfeed && i < 8; i++) {
		struct store_ingest_counts c = take(st, cfg, (int)i, cfg->feed[i].path, run);
		ck_assert_uint_gt(c.inserted, 10);
		first[i] = c.inserted + c.updated + c.unchanged;
	}
	char *before = stored(st);
	for (size_t i = 0; i < cfg->nfeed && i < 8; i++) {
		struct store_ingest_counts c = take(st, cfg, (int)i, cfg->feed[i].path, run + 1);
		/* ACM-31417 is in the tickets file twice: its two versions take
		 * turns as the latest while the file is read, and end as before */
		size_t turns = cfg->feed[i].kind == KIND_TICKETS ? 2 : 0;
		ck_assert_msg(c.inserted == 0 && c.updated == turns, "%s: %zu new, %zu changed again",
			      cfg->feed[i].id, c.inserted, c.updated);
		ck_assert_uint_eq(c.unchanged + c.updated, first[i]);
	}
	char *after = stored(st);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	store_close(st);
	config_free(cfg);
	scratch_free(dir, db);
}
END_TEST

/* A ticket's row that changes keeps its old version; the old file again
 * makes the old version the latest again, adding nothing. */
START_TEST(history_kept)
{
	char dir[] = "/tmp/test_store.XXXXXX";
	char *db = scratch(dir), *err = NULL;
	struct config *cfg = sample();
	int feed = -1;
	for (size_t i = 0; i < cfg->nfeed; i++)
		if (cfg->feed[i].kind == KIND_TICKETS)
			feed = (int)i;
	ck_assert_int_ge(feed, 0);
	size_t n = 0;
	char *text = NULL;
	ck_assert_msg(read_file(cfg->feed[feed].path, &text, &n, &err) == 0, "%s", err);
	/* the header and four tickets; ACM-30404, on hold, is resolved in the
	 * newer copy */
	char *cut = text;
	for (int k = 0; k < 5; k++)
		cut = strchr(cut, '\n') + 1;
	*cut = '\0';
	const char *was = "20/08/2026 11:30,,On Hold";
	char *at = strstr(text, was);
	ck_assert_ptr_nonnull(at);
	char *newer = xasprintf("%.*s20/08/2026 11:30,02/09/2026 09:00,Closed%s", (int)(at - text),
				text, at + strlen(was));
	char *path1 = xasprintf("%s/tickets1.csv", dir), *path2 = xasprintf("%s/tickets2.csv", dir);
	FILE *f = fopen(path1, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	f = fopen(path2, "w");
	ck_assert_ptr_nonnull(f);
	fputs(newer, f);
	ck_assert_int_eq(fclose(f), 0);

	struct store *st = store_open(db, STORE_READWRITE, &err);
	ck_assert_msg(st != NULL, "%s", err);
	int64_t run = store_run_begin(st, "test", 1800000000, &err);
	struct store_ingest_counts c = take(st, cfg, feed, path1, run);
	size_t tickets = c.inserted;
	ck_assert_uint_eq(tickets, 4);
	c = take(st, cfg, feed, path2, run + 1);
	ck_assert_uint_eq(c.updated, 1);
	ck_assert_uint_eq(c.inserted, 0);
	ck_assert_uint_eq(c.unchanged, tickets - 1);
	char *v = rows_text(st, "SELECT count(*), count(resolved) FROM ticket_rows WHERE "
			    "id = 'ACM-30404'");
	ck_assert_str_eq(v, "2|1\n");   /* both versions */
	free(v);
	v = rows_text(st, "SELECT count(*) FROM ticket_rows");
	char *want = xasprintf("%zu\n", tickets + 1);
	ck_assert_str_eq(v, want);
	free(v);
	free(want);
	v = rows_text(st, "SELECT resolved IS NOT NULL FROM tickets WHERE id = 'ACM-30404'");
	ck_assert_str_eq(v, "1\n");     /* the latest is the newer */
	free(v);
	/* the old copy again: its version is the latest again, nothing added */
	c = take(st, cfg, feed, path1, run + 2);
	ck_assert_uint_eq(c.updated, 1);
	ck_assert_uint_eq(c.inserted, 0);
	v = rows_text(st, "SELECT count(*) FROM ticket_rows");
	want = xasprintf("%zu\n", tickets + 1);
	ck_assert_str_eq(v, want);
	free(v);
	free(want);
	v = rows_text(st, "SELECT resolved IS NULL FROM tickets WHERE id = 'ACM-30404'");
	ck_assert_str_eq(v, "1\n");
	free(v);
	store_close(st);
	free(text);
	free(newer);
	free(path1);
	free(path2);
	config_free(cfg);
	scratch_free(dir, db);
}
END_TEST

/* The activity hours a load at now reads, in micro-hours. */
static int64_t hours_at(struct store *st, const struct config *cfg, int64_t now)
{
	char *err = NULL;
	struct job j = { .cfg = cfg, .st = st, .now = now };
	struct dataset *ds = job_load(&j, NULL, &err);
	ck_assert_msg(ds != NULL, "%s", err);
	int64_t sum = 0;
	for (size_t i = 0; i < ds->na; i++)
		sum += ds->a[i].hours_uh;
	dataset_free(ds);
	return sum;
}

/* Row versions: the activity log's next copy corrects one row's hours
 * (0.25 to 2.25); the newest version counts, the old one is kept, and a
 * load at the first night's now reads that night's version (store.h). */
START_TEST(versions_as_of)
{
	char dir[] = "/tmp/test_store.XXXXXX";
	char *db = scratch(dir), *err = NULL;
	struct config *cfg = sample();
	int feed = -1;
	for (size_t i = 0; i < cfg->nfeed; i++)
		if (cfg->feed[i].kind == KIND_ACTIVITIES && feed < 0)
			feed = (int)i;
	ck_assert_int_ge(feed, 0);
	size_t n = 0;
	char *text = NULL;
	ck_assert_msg(read_file(cfg->feed[feed].path, &text, &n, &err) == 0, "%s", err);
	char *row1 = strchr(text, '\n') + 1;
	char *hours = strchr(row1, ',') + 1;
	ck_assert_int_eq(strncmp(hours, "0.25,", 5), 0);
	char *newer = xasprintf("%.*s2.25%s", (int)(hours - text), text, hours + 4);
	char *path2 = xasprintf("%s/log2.csv", dir);
	FILE *f = fopen(path2, "w");
	ck_assert_ptr_nonnull(f);
	fputs(newer, f);
	ck_assert_int_eq(fclose(f), 0);

	int64_t t1 = 1800000000, t2 = t1 + 86400;
	struct store *st = store_open(db, STORE_READWRITE, &err);
	ck_assert_msg(st != NULL, "%s", err);
	int64_t run = store_run_begin(st, "test", t1, &err);
	struct store_ingest_counts c = take(st, cfg, feed, cfg->feed[feed].path, run);
	size_t rows = c.inserted;
	run = store_run_begin(st, "test", t2, &err);
	c = take(st, cfg, feed, path2, run);
	ck_assert_uint_eq(c.inserted, 1);
	ck_assert_uint_eq(c.withdrawn, 1);
	ck_assert_uint_eq(c.unchanged, rows - 1);
	int64_t h1 = hours_at(st, cfg, t1), h2 = hours_at(st, cfg, t2);
	ck_assert_int_eq(h2 - h1, 2000000);
	ck_assert_int_eq(hours_at(st, cfg, t2 + 86400), h2);
	/* both versions stay; the same copy again changes nothing */
	c = take(st, cfg, feed, path2, run);
	ck_assert_uint_eq(c.inserted + c.updated + c.withdrawn, 0);
	char *v = rows_text(st, "SELECT count(*), count(until) FROM activity_rows");
	char *want = xasprintf("%zu|1\n", rows + 1);
	ck_assert_str_eq(v, want);
	free(v);
	free(want);
	ck_assert_int_eq(hours_at(st, cfg, t1), h1);
	store_close(st);
	free(text);
	free(newer);
	free(path2);
	config_free(cfg);
	scratch_free(dir, db);
}
END_TEST

static void add_finding(struct finding_list *l, const char *id, int red)
{
	struct finding *f = finding_add(l, FK_TICKET_BREACHED, red, "acme", id);
	snprintf(f->id, sizeof(f->id), "%s", id);
}

/* Findings: first seen when new, last seen each run, cleared when gone,
 * and first seen anew when one comes back. */
START_TEST(findings_seen_cleared)
{
	char dir[] = "/tmp/test_store.XXXXXX";
	char *db = scratch(dir), *err = NULL;
	struct store *st = store_open(db, STORE_READWRITE, &err);
	ck_assert_msg(st != NULL, "%s", err);
	struct finding_list l = { 0 };
	size_t fresh = 99;
	add_finding(&l, "aaaa", 1);
	add_finding(&l, "bbbb", 1);
	ck_assert_int_eq(store_findings_sync(st, &l, 1000, 1, &fresh, &err), 0);
	ck_assert_uint_eq(fresh, 2);
	finding_list_free(&l);
	memset(&l, 0, sizeof(l));
	add_finding(&l, "aaaa", 1);
	ck_assert_int_eq(store_findings_sync(st, &l, 2000, 2, &fresh, &err), 0);
	ck_assert_uint_eq(fresh, 0);
	const char *q = "SELECT id, first_seen, last_seen, coalesce(cleared, '-') FROM findings "
			"ORDER BY id";
	char *v = rows_text(st, q);
	ck_assert_str_eq(v, "aaaa|1000|2000|-\nbbbb|1000|1000|2000\n");
	free(v);
	ck_assert_uint_eq(store_cleared_since(st, 1500), 1);
	ck_assert_uint_eq(store_cleared_since(st, 2000), 0);
	finding_list_free(&l);
	memset(&l, 0, sizeof(l));
	add_finding(&l, "aaaa", 1);
	add_finding(&l, "bbbb", 1);
	ck_assert_int_eq(store_findings_sync(st, &l, 3000, 3, &fresh, &err), 0);
	ck_assert_uint_eq(fresh, 1);    /* bbbb is new again */
	v = rows_text(st, q);
	ck_assert_str_eq(v, "aaaa|1000|3000|-\nbbbb|3000|3000|-\n");
	free(v);
	/* mailed: when, and the last mail of a kind */
	const char *ids[] = { "aaaa" };
	ck_assert_int_eq(store_mail_sent(st, "alert", "s", "r", ids, 1, 3100, 3, &err), 0);
	ck_assert_int_eq(store_finding_mailed(st, "aaaa"), 3100);
	ck_assert_int_eq(store_finding_mailed(st, "bbbb"), TS_NONE);
	ck_assert_int_eq(store_last_mail(st, "alert"), 3100);
	ck_assert_int_eq(store_last_mail(st, "digest"), TS_NONE);
	finding_list_free(&l);
	store_close(st);
	scratch_free(dir, db);
}
END_TEST

/* A store opened read-only writes nothing, and is never created. */
START_TEST(readonly_refuses_writes)
{
	char dir[] = "/tmp/test_store.XXXXXX";
	char *db = scratch(dir), *err = NULL;
	ck_assert_ptr_null(store_open(db, STORE_READONLY, &err));
	ck_assert_int_ne(access(db, F_OK), 0);
	free(err);
	err = NULL;
	struct store *st = store_open(db, STORE_READWRITE, &err);
	ck_assert_msg(st != NULL, "%s", err);
	ck_assert_int_eq(store_feed_ok(st, "f", 1000, NULL, &err), 0);
	store_close(st);

	st = store_open(db, STORE_READONLY, &err);
	ck_assert_msg(st != NULL, "%s", err);
	ck_assert_int_lt(store_run_begin(st, "test", 2000, &err), 0);
	free(err);
	err = NULL;
	ck_assert_int_lt(store_feed_failed(st, "f", 2000, "down", &err), 0);
	free(err);
	err = NULL;
	struct finding_list l = { 0 };
	add_finding(&l, "aaaa", 1);
	ck_assert_int_lt(store_findings_sync(st, &l, 2000, 1, NULL, &err), 0);
	free(err);
	err = NULL;
	finding_list_free(&l);
	ck_assert_int_ne(sqlite3_exec(store_db(st), "DELETE FROM feeds", NULL, NULL, NULL),
			 SQLITE_OK);
	struct store_feed f;
	ck_assert_int_eq(store_feed_get(st, "f", &f, &err), 0);
	ck_assert_int_eq(f.last_success, 1000);
	ck_assert_int_eq(f.last_attempt, 1000);
	ck_assert_ptr_null(f.last_error);
	store_feed_clear(&f);
	store_close(st);
	scratch_free(dir, db);
}
END_TEST

/* A store of schema 3 (tests/data/store-v3.sql) opened for writing is
 * brought up to date keeping every row, and its rows keep their keys: the
 * same files taken again add nothing.  Read-only, it is not touched. */
START_TEST(migrate_from_v3)
{
	char dir[] = "/tmp/test_store.XXXXXX";
	char *db = scratch(dir), *err = NULL;
	size_t n = 0;
	char *sql = NULL;
	ck_assert_msg(read_file(SRCDIR "/tests/data/store-v3.sql", &sql, &n, &err) == 0, "%s", err);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	free(sql);

	struct store *st = store_open(db, STORE_READONLY, &err);
	ck_assert_ptr_null(st);
	ck_assert_msg(strstr(err, "schema version 3, expected") != NULL, "%s", err);
	free(err);
	err = NULL;

	st = store_open(db, STORE_READWRITE, &err);
	ck_assert_msg(st != NULL, "%s", err);
	char *v = rows_text(st, "PRAGMA user_version");
	char *want = xasprintf("%d\n", store_schema_version());
	ck_assert_str_eq(v, want);
	free(v);
	free(want);
	v = rows_text(st, "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_rows),"
		      " (SELECT count(*) FROM ticket_events), (SELECT count(*) FROM activity_rows),"
		      " (SELECT count(*) FROM ticket_last), (SELECT count(*) FROM findings)");
	ck_assert_str_eq(v, "109|110|64|250|15|13\n");
	free(v);
	struct config *cfg = sample_before_claims();
	int64_t run = store_run_begin(st, "test", 1800000000, &err);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		struct store_ingest_counts c = take(st, cfg, (int)i, cfg->feed[i].path, run);
		size_t turns = cfg->feed[i].kind == KIND_TICKETS ? 2 : 0;   /* ACM-31417 */
		ck_assert_msg(c.inserted == 0 && c.updated == turns, "%s: %zu new, %zu changed "
			      "after the upgrade", cfg->feed[i].id, c.inserted, c.updated);
		ck_assert_uint_gt(c.unchanged, 10);
	}
	store_close(st);
	config_free(cfg);
	scratch_free(dir, db);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, damaged_page_read);
	tcase_add_test(tc, ingest_idempotent);
	tcase_add_test(tc, history_kept);
	tcase_add_test(tc, versions_as_of);
	tcase_add_test(tc, findings_seen_cleared);
	tcase_add_test(tc, readonly_refuses_writes);
	tcase_add_test(tc, migrate_from_v3);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
