/*
 * sqlfloor — the benchmark's storage baseline: what SQLite alone costs
 * when each CSV record becomes one row.  libcsv reads the files as in
 * csvcount; each record's fields, joined by a unit separator, go into a
 * plain table (file, record number, text: no key, no index, no time
 * parsing, no digest), one transaction per file, with the store's own
 * settings (WAL, synchronous NORMAL, a 32 MiB page cache while taking
 * rows in).  Nothing that keeps one SQLite row per record can take the
 * files in faster on the same machine.
 *
 *   sqlfloor DB FILE...   DB must not exist; prints "records bytes"
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvfile.h"

struct load {
	sqlite3_stmt *put;
	int file;
	unsigned long long records, bytes;
	char *rec;               /* the record so far */
	size_t len, cap;
	int failed;
};

static void add(struct load *l, const void *p, size_t n)
{
	if (l->len + n + 1 > l->cap) {
		size_t c = l->cap ? l->cap : 1024;
		while (c < l->len + n + 1)
			c *= 2;
		char *r = realloc(l->rec, c);
		if (!r) {
			fputs("sqlfloor: out of memory\n", stderr);
			exit(70);
		}
		l->rec = r;
		l->cap = c;
	}
	memcpy(l->rec + l->len, p, n);
	l->len += n;
}

static void on_field(void *s, size_t len, void *data)
{
	struct load *l = data;
	if (l->len)
		add(l, "\x1f", 1);
	add(l, s, len);
}

static void on_record(int ch, void *data)
{
	struct load *l = data;
	(void)ch;
	l->records++;
	sqlite3_bind_int(l->put, 1, l->file);
	sqlite3_bind_int64(l->put, 2, (sqlite3_int64)l->records);
	sqlite3_bind_text(l->put, 3, l->rec ? l->rec : "", (int)l->len, SQLITE_STATIC);
	if (sqlite3_step(l->put) != SQLITE_DONE)
		l->failed = 1;
	sqlite3_reset(l->put);
	l->len = 0;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "sqlfloor: %s\n", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

static int load_file(sqlite3 *db, const char *path, struct load *l)
{
	int rc = exec(db, "BEGIN IMMEDIATE");
	if (rc == 0)
		rc = csvfile_read(path, on_field, on_record, l, &l->bytes);
	if (rc == 0 && l->failed) {
		fprintf(stderr, "sqlfloor: %s\n", sqlite3_errmsg(db));
		rc = -1;
	}
	return rc == 0 ? exec(db, "COMMIT") : -1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: sqlfloor DB FILE...\n");
		return 64;
	}
	if (access(argv[1], F_OK) == 0) {
		fprintf(stderr, "sqlfloor: %s exists: give a new path\n", argv[1]);
		return 64;
	}
	sqlite3 *db;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "sqlfloor: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 74;
	}
	struct load l = { 0 };
	int rc = exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		      "PRAGMA cache_size = -32768;"
		      "CREATE TABLE records(file INTEGER NOT NULL, record INTEGER NOT NULL,"
		      " cells TEXT NOT NULL)");
	if (rc == 0 && sqlite3_prepare_v2(db, "INSERT INTO records VALUES(?, ?, ?)", -1, &l.put,
					  NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlfloor: %s\n", sqlite3_errmsg(db));
		rc = -1;
	}
	for (int i = 2; rc == 0 && i < argc; i++) {
		l.file = i - 1;
		rc = load_file(db, argv[i], &l);
	}
	sqlite3_finalize(l.put);
	if (sqlite3_close(db) != SQLITE_OK)
		rc = -1;
	free(l.rec);
	if (rc < 0)
		return 74;
	printf("%llu %llu\n", l.records, l.bytes);
	return 0;
}
