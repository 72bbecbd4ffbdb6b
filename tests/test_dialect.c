/*
 * CSV dialects, one small hand-made file per case under tests/data/dialect/
 * (written with Python so the bytes are exact: see each .conf's first
 * line), plus a few files too big to keep in the tree, made at run time in
 * a temporary folder.  Every expected value below was worked out by hand
 * from the bytes of the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "csvread.h"
#include "dataset.h"
#include "ingest.h"
#include "recode.h"
#include "timefmt.h"
#include "util.h"

#include "testutil.h"

#define DIR_ SRCDIR "/tests/data/dialect/"
#define NOW "2026-12-01T00:00:00Z"

struct loaded {
	struct config *cfg;
	struct dataset *ds;
	struct ingest_stats st;
	int rc;
	char *err;
};

static int64_t utc(const char *iso)
{
	int64_t t;
	ck_assert_msg(timefmt_parse_iso8601(iso, NULL, &t) == 0, "bad instant %s", iso);
	return t;
}

/* Load conf (a file in tests/data/dialect unless absolute); csv NULL: the config's url. */
static void load_with(struct loaded *L, const char *conf, const char *csv, int header_row)
{
	memset(L, 0, sizeof(*L));
	char *path = conf[0] == '/' ? xstrdup(conf) : xasprintf("%s%s", DIR_, conf);
	char *err = NULL;
	L->cfg = config_load(path, &err);
	ck_assert_msg(L->cfg != NULL, "%s: %s", path, err ? err : "");
	free(path);
	if (header_row)
		L->cfg->feed[0].header_row = header_row;
	L->ds = dataset_new(L->cfg, utc(NOW));
	L->ds->keep_text = 1;   /* the rows' text is what these tests check */
	struct feedsink sink = dataset_sink(L->ds);
	L->rc = ingest_file(L->cfg, 0, csv ? csv : L->cfg->feed[0].path, &sink, &L->st, &L->err);
	dataset_finish(L->ds);
}

static void load(struct loaded *L, const char *conf, const char *csv)
{
	load_with(L, conf, csv, 0);
}

static void unload(struct loaded *L)
{
	dataset_free(L->ds);
	config_free(L->cfg);
	free(L->err);
}

static const struct ticket *ticket(const struct loaded *L, const char *id)
{
	const struct ticket *t = dataset_find(L->ds, 0, id);
	ck_assert_msg(t != NULL, "no ticket %s", id);
	return t;
}

/* The n-th reject: its record number and exact reason. */
static void ck_reject(const struct loaded *L, size_t n, size_t row, const char *reason)
{
	ck_assert_uint_gt(L->ds->nr, n);
	ck_assert_uint_eq(L->ds->r[n].row, row);
	ck_assert_str_eq(L->ds->r[n].reason, reason);
}

static void ck_counts(const struct loaded *L, size_t records, size_t accepted, size_t rejected)
{
	ck_assert_msg(L->rc == 0, "ingest failed: %s", L->err ? L->err : "");
	ck_assert_uint_eq(L->st.records, records);
	ck_assert_uint_eq(L->ds->fs[0].accepted, accepted);
	ck_assert_uint_eq(L->st.rejected, rejected);
	ck_assert_uint_eq(L->ds->fs[0].rejected, rejected);
	ck_assert_uint_eq(L->ds->nr, rejected);
}

/* Windows-1252 bytes 0x91-0x97 and 0x80 become their Unicode characters;
 * the undefined 0x81 becomes U+FFFD and is counted. */
START_TEST(cp1252_text)
{
	struct loaded L;
	load(&L, "cp1252.conf", NULL);
	ck_counts(&L, 3, 3, 0);
	ck_assert_uint_eq(L.st.replaced, 1);
	ck_assert_int_eq(L.st.bom, 0);
	const struct ticket *t = ticket(&L, "C-1");
	ck_assert_str_eq(t->cell[FIELD_SUMMARY],
			 "\u2018Smart\u2019 \u201cquotes\u201d \u2013 \u20ac5 \u2014 done");
	ck_assert_str_eq(t->cell[FIELD_ASSIGNEE], "Ren\u00e9e");
	ck_assert_int_eq(t->opened, utc("2026-11-02T09:00:00Z"));   /* GMT in November */
	t = ticket(&L, "C-2");
	ck_assert_str_eq(t->cell[FIELD_SUMMARY], "Na\u00efve caf\u00e9 \u00bd price \u2026 \u2122");
	ck_assert_str_eq(t->cell[FIELD_ASSIGNEE], "Zo\u00eb");
	ck_assert_str_eq(ticket(&L, "C-3")->cell[FIELD_SUMMARY], "odd \ufffd byte");
	unload(&L);
}
END_TEST

/* Latin-1 names through a pipe-delimited ticket-events feed. */
START_TEST(latin1_events)
{
	struct loaded L;
	load(&L, "latin1.conf", NULL);
	ck_counts(&L, 4, 4, 0);
	ck_assert_uint_eq(L.ds->nt, 1);
	const struct ticket *t = ticket(&L, "P-1");
	/* the latest event's fields: Håkan closed it */
	ck_assert_str_eq(t->cell[FIELD_ASSIGNEE], "H\u00e5kan");
	ck_assert_int_eq(t->opened, utc("2012-03-15T10:53:52Z"));
	ck_assert_int_eq(t->responded, utc("2012-03-15T11:10:00Z"));
	ck_assert_int_eq(t->resolved, utc("2012-03-19T08:00:00Z"));
	ck_assert_uint_eq(t->npause, 1);
	ck_assert_int_eq(t->pause[0].a, utc("2012-03-16T08:00:00Z"));
	ck_assert_int_eq(t->pause[0].b, utc("2012-03-19T08:00:00Z"));
	unload(&L);
}
END_TEST

/* A BOM wins over `encoding`; CRLF ends records; a quoted CRLF stays in
 * the field and does not start a record, so B-3 is record 4 (line 5). */
START_TEST(bom_crlf_quoted_newline)
{
	struct loaded L;
	load(&L, "bom-crlf.conf", NULL);
	ck_counts(&L, 3, 2, 1);
	ck_assert_int_eq(L.st.bom, 1);
	ck_assert_uint_eq(L.st.replaced, 0);
	ck_assert_str_eq(ticket(&L, "B-1")->cell[FIELD_SUMMARY],
			 "Caf\u00e9 printer\r\nsecond line, with comma");
	ck_assert_str_eq(ticket(&L, "B-2")->cell[FIELD_SUMMARY], "She said \"hi\"");
	ck_reject(&L, 0, 4, "bad opened time 'yesterday' (expected iso8601, e.g. 2026-11-24 14:05)");
	unload(&L);
}
END_TEST

/*
 * Reading only what was added to a file (ingest_file_from, the store's
 * way with a feed that grew) keeps the decision the top of the file made:
 * a BOM there means UTF-8 for the new records too, not the feed's
 * windows-1252 (found by fuzz_csv_tickets: 'Café' came out as 'CafÃ©').
 */
START_TEST(tail_after_bom)
{
	struct loaded L;
	load(&L, "bom-crlf.conf", NULL);
	/* a copy: the original file, then one more record */
	FILE *in = fopen(L.cfg->feed[0].path, "rb");
	ck_assert_ptr_nonnull(in);
	char whole[4096];
	size_t n = fread(whole, 1, sizeof(whole), in);
	fclose(in);
	ck_assert(n > 0 && n < sizeof(whole));
	char dir[] = "/tmp/fitsmon-dialect-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *grown = xasprintf("%s/grown.csv", dir);
	FILE *f = fopen(grown, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(whole, 1, n, f);
	fputs("B-9,2026-11-30T09:00:00Z,Caf\u00e9 again\r\n", f);
	fclose(f);
	struct dataset *ds = dataset_new(L.cfg, utc(NOW));
	struct feedsink sink = dataset_sink(ds);
	struct ingest_stats st;
	char *err = NULL;
	ck_assert_int_eq(ingest_file_from(L.cfg, 0, grown, (off_t)n, L.st.total, &sink, &st, &err), 0);
	dataset_finish(ds);
	ck_assert_uint_eq(ds->nt, 1);
	ck_assert_str_eq(ds->t[0].id, "B-9");
	ck_assert_str_eq(ds->t[0].cell[FIELD_SUMMARY], "Caf\u00e9 again");
	ck_assert_uint_eq(ds->t[0].row, L.st.total + 1);
	ck_assert_uint_eq(st.total, L.st.total + 1);
	dataset_free(ds);
	unlink(grown);
	rmdir(dir);
	free(grown);
	unload(&L);
}
END_TEST

/* header_row = 3: two title records skipped; tab-delimited with empty cells. */
START_TEST(title_lines_and_tabs)
{
	struct loaded L;
	load(&L, "title.conf", NULL);
	ck_counts(&L, 2, 2, 0);
	ck_assert_uint_eq(L.st.skipped, 2);
	ck_assert_int_eq(ticket(&L, "T-1")->resolved, TS_NONE);
	ck_assert_str_eq(ticket(&L, "T-1")->cell[FIELD_RESOLVED], "");
	ck_assert_uint_eq(ticket(&L, "T-1")->row, 4);
	ck_assert_int_eq(ticket(&L, "T-2")->resolved, utc("2026-11-02T11:30:00Z"));
	ck_assert_uint_eq(ticket(&L, "T-2")->row, 5);
	unload(&L);

	/* header_row 1 on the same file: the title is the header, Ref is absent */
	load_with(&L, "title.conf", NULL, 1);
	ck_assert_int_eq(L.rc, -1);
	ck_assert_str_eq(L.err, "t: column 'Ref' (column.id) is not in the header; the header "
			 "has: Acme Schools ICT - calls for Oakfield, , ");
	unload(&L);

	/* past the end of the file */
	load_with(&L, "title.conf", NULL, 9);
	ck_assert_int_eq(L.rc, -1);
	ck_assert_str_eq(L.err, "t: the file has 5 records, so no header in record 9 (header_row)");
	unload(&L);
}
END_TEST

/* decimal = comma: 1,5 h; 0,862777778 rounds half up to 862778 µh;
 * more than a day and a decimal point are bad rows. */
START_TEST(decimal_comma)
{
	struct loaded L;
	load(&L, "comma.conf", NULL);
	ck_counts(&L, 5, 3, 2);
	ck_assert_uint_eq(L.ds->na, 3);
	ck_assert_int_eq(L.ds->a[0].hours_uh, 1500000);
	ck_assert_int_eq(L.ds->a[1].hours_uh, 862778);
	ck_assert_int_eq(L.ds->a[2].hours_uh, 2000000);
	ck_assert_uint_eq(L.ds->a[2].row, 6);
	ck_reject(&L, 0, 4, "hours '3871,691111' in one row are more than a day (a timer left "
		  "running?)");
	ck_reject(&L, 1, 5, "bad hours '1.5' (expected decimal hours such as 1,5, or a duration "
		  "such as 1:30)");
	unload(&L);
}
END_TEST

/* `?` and `#N/B` read as empty, only as the whole trimmed cell, case-sensitive. */
START_TEST(missing_markers)
{
	struct loaded L;
	load(&L, "missing.conf", NULL);
	ck_counts(&L, 5, 3, 2);
	const struct ticket *t = ticket(&L, "M-1");
	ck_assert_int_eq(t->resolved, TS_NONE);
	ck_assert_str_eq(t->cell[FIELD_RESOLVED], "");
	ck_assert_str_eq(t->cell[FIELD_PRIORITY], "");
	ck_assert_str_eq(t->cell[FIELD_SUMMARY], "Why?");
	t = ticket(&L, "M-2");
	ck_assert_int_eq(t->resolved, TS_NONE);
	ck_assert_str_eq(t->cell[FIELD_SUMMARY], "");
	ck_assert_str_eq(ticket(&L, "M-5")->cell[FIELD_PRIORITY], "#n/b");
	ck_reject(&L, 0, 4, "no opened time");
	ck_reject(&L, 1, 5, "no ticket id");
	ck_assert_ptr_null(dataset_find(L.ds, 0, "?"));
	unload(&L);
}
END_TEST

/* H:MM and H:MM:SS durations; a second is 277.78 µh, rounded to 278. */
START_TEST(durations)
{
	struct loaded L;
	load(&L, "durations.conf", NULL);
	ck_counts(&L, 9, 5, 4);
	ck_assert_int_eq(L.ds->a[0].hours_uh, 1500000);
	ck_assert_int_eq(L.ds->a[1].hours_uh, 750000);
	ck_assert_int_eq(L.ds->a[2].hours_uh, 278);
	ck_assert_int_eq(L.ds->a[3].hours_uh, 24000000);
	ck_assert_int_eq(L.ds->a[4].hours_uh, 1250000);
	ck_assert_uint_eq(L.ds->a[4].row, 10);
	ck_reject(&L, 0, 6, "hours '24:00:01' in one row are more than a day (a timer left "
		  "running?)");
	ck_reject(&L, 1, 7, "bad hours '1:60' (expected decimal hours such as 1.5, or a duration "
		  "such as 1:30)");
	ck_reject(&L, 2, 8, "bad hours '1:5' (expected decimal hours such as 1.5, or a duration "
		  "such as 1:30)");
	ck_reject(&L, 3, 9, "hours '649:04:52' in one row are more than a day (a timer left "
		  "running?)");
	unload(&L);
}
END_TEST

/* column.at = Start date + Start time: cells trimmed and joined with a space. */
START_TEST(joined_columns)
{
	struct loaded L;
	load(&L, "joined.conf", NULL);
	ck_counts(&L, 4, 2, 2);
	ck_assert_int_eq(L.ds->a[0].at, utc("2026-11-02T08:00:21Z"));
	ck_assert_str_eq(L.ds->a[0].desc, "Backups checked");
	ck_assert_int_eq(L.ds->a[0].hours_uh, 1000000);
	ck_assert_int_eq(L.ds->a[1].at, utc("2026-11-02T09:15:00Z"));
	ck_assert_str_eq(L.ds->a[1].desc, "Patching");
	ck_reject(&L, 0, 4, "bad at time '10:00:00' (expected iso8601, e.g. 2026-11-24 14:05)");
	ck_reject(&L, 1, 5, "bad at time '2026-11-02' (expected iso8601, e.g. 2026-11-24 14:05)");
	unload(&L);

	load(&L, "joined-literal.conf", NULL);
	ck_counts(&L, 1, 1, 0);
	ck_assert_int_eq(L.ds->a[0].at, utc("2026-11-02T08:00:00Z"));
	unload(&L);

	load(&L, "joined-bad.conf", NULL);
	ck_assert_int_eq(L.rc, -1);
	ck_assert_str_eq(L.err, "jb: column 'Finish time' (part of column.at = Start date + "
			 "Finish time) is not in the header; the header has: Start date, "
			 "Start time, Duration, Project, Description");
	unload(&L);
}
END_TEST

/* Strict mode: a stray quote rejects its record, not the file. */
START_TEST(malformed_csv)
{
	struct loaded L;
	load(&L, "malformed.conf", NULL);
	ck_counts(&L, 3, 2, 1);
	ck_reject(&L, 0, 3, "a quote in the middle of a field (CSV syntax): this line was skipped");
	ck_assert_uint_eq(ticket(&L, "X-3")->row, 4);
	ck_assert_uint_eq(L.st.broken, 1);
	ck_assert_uint_eq(L.st.total, 4);
	unload(&L);
	/* a quote opening a field swallows the next line, which starts a record */
	load(&L, "malformed.conf", DIR_ "unclosed.csv");
	ck_counts(&L, 3, 2, 1);
	ck_reject(&L, 0, 3, "a quote is not closed (CSV syntax): this line was skipped");
	ck_assert_uint_eq(ticket(&L, "X-1")->row, 2);
	ck_assert_uint_eq(ticket(&L, "X-3")->row, 4);
	unload(&L);
}
END_TEST

/* ---- csvread on its own -------------------------------------------- */

struct seen {
	size_t n;
	size_t record[8];
	size_t fields[8];
	char *bad[8];
	char *first[8];
};

static int collect(const struct csvread_row *r, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 8) {
		s->record[s->n] = r->record;
		s->fields[s->n] = r->n;
		s->bad[s->n] = r->bad ? xstrdup(r->bad) : NULL;
		s->first[s->n] = r->n ? xstrndup(r->f[0], r->len[0]) : NULL;
	}
	s->n++;
	return 0;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n && i < 8; i++) {
		free(s->bad[i]);
		free(s->first[i]);
	}
	memset(s, 0, sizeof(*s));
}

/* A field over the cap and a record over the field count are kept as bad
 * rows (the fields after a long one keep their places); reading goes on. */
START_TEST(caps_make_bad_rows)
{
	char *buf, *err = NULL;
	size_t len;
	ck_assert_int_eq(read_file(DIR_ "longfield.csv", &buf, &len, &err), 0);
	struct csv_dialect d = { .delim = ',', .max_field = 16 };
	struct seen s = { 0 };
	struct csvread_info info;
	ck_assert_int_eq(csvread_buffer(buf, len, &d, collect, &s, &info, &err), 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_uint_eq(info.records, 4);
	ck_assert_ptr_null(s.bad[1]);
	ck_assert_str_eq(s.bad[2], "field 2 is longer than 16 bytes");
	ck_assert_uint_eq(s.fields[2], 3);
	ck_assert_str_eq(s.first[2], "2");
	ck_assert_ptr_null(s.bad[3]);
	ck_assert_uint_eq(s.record[3], 4);
	seen_free(&s);

	struct csv_dialect d2 = { .delim = ',', .max_fields = 2 };
	ck_assert_int_eq(csvread_buffer(buf, len, &d2, collect, &s, NULL, &err), 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_str_eq(s.bad[0], "more than 2 fields in one record");
	ck_assert_uint_eq(s.fields[0], 2);
	seen_free(&s);
	free(buf);
}
END_TEST

/* The first bytes are held until we know whether they are a BOM. */
START_TEST(bom_prefixes)
{
	struct seen s = { 0 };
	struct csvread_info info;
	char *err = NULL;
	ck_assert_int_eq(csvread_buffer("\xEF\xBB", 2, NULL, collect, &s, &info, &err), 0);
	ck_assert_uint_eq(s.n, 1);
	/* not a BOM, and not UTF-8 either: each byte becomes U+FFFD */
	ck_assert_str_eq(s.first[0], "\xEF\xBF\xBD\xEF\xBF\xBD");
	ck_assert_uint_eq(info.replaced, 2);
	ck_assert_int_eq(info.bom, 0);
	seen_free(&s);
	ck_assert_int_eq(csvread_buffer("\xEF\xBB\xBF", 3, NULL, collect, &s, &info, &err), 0);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_int_eq(info.bom, 1);
	seen_free(&s);
	ck_assert_int_eq(csvread_buffer("\xEF\xBBx,y\n", 6, NULL, collect, &s, &info, &err), 0);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_uint_eq(s.fields[0], 2);
	ck_assert_str_eq(s.first[0], "\xEF\xBF\xBD\xEF\xBF\xBDx");
	seen_free(&s);
	/* a BOM with a charset: UTF-8 wins, é stays é */
	struct csv_dialect d = { .charset = "WINDOWS-1252" };
	ck_assert_int_eq(csvread_buffer("\xEF\xBB\xBF\xC3\xA9\n", 6, &d, collect, &s, &info, &err),
			 0);
	ck_assert_str_eq(s.first[0], "\xC3\xA9");
	seen_free(&s);
	/* no BOM: the same bytes are two Windows-1252 characters */
	ck_assert_int_eq(csvread_buffer("\xC3\xA9\n", 3, &d, collect, &s, &info, &err), 0);
	ck_assert_str_eq(s.first[0], "\xC3\x83\xC2\xA9");
	seen_free(&s);
}
END_TEST

/* A BOM at the start of a cell mid-file (two exports joined) is dropped
 * from the cell, so it never becomes part of an id; elsewhere it stays. */
static int collect_second(const struct csvread_row *r, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 8)
		s->first[s->n] = r->n > 1 ? xstrndup(r->f[1], r->len[1]) : NULL;
	s->n++;
	return 0;
}

START_TEST(bom_mid_file)
{
	static const char text[] = "\xEF\xBB\xBFid,at\nINC1,2026-11-24\n"
				   "\xEF\xBB\xBFid,at\n\xEF\xBB\xBFINC2,2026-11-25\n"
				   "INC3,\xEF\xBB\xBF\xEF\xBB\xBF" "2026-11-26\nIN\xEF\xBB\xBF" "C4,x\n";
	struct seen s = { 0 };
	struct csvread_info info;
	char *err = NULL;
	ck_assert_int_eq(csvread_buffer(text, sizeof(text) - 1, NULL, collect, &s, &info, &err), 0);
	ck_assert_uint_eq(s.n, 6);
	ck_assert_str_eq(s.first[0], "id");
	ck_assert_str_eq(s.first[2], "id");
	ck_assert_str_eq(s.first[3], "INC2");
	ck_assert_str_eq(s.first[5], "IN\xEF\xBB\xBF" "C4");   /* not at the start: text */
	ck_assert_int_eq(info.bom, 1);
	ck_assert_uint_eq(info.bom_cells, 4);
	seen_free(&s);
	ck_assert_int_eq(csvread_buffer(text, sizeof(text) - 1, NULL, collect_second, &s, &info,
					&err), 0);
	ck_assert_str_eq(s.first[4], "2026-11-26");
	seen_free(&s);
}
END_TEST

/* The stretch as csvread hands it on: no fields, syntax set, its first
 * and last record numbers; CR-only line ends, and a tab-delimited file
 * whose blank-looking line of tabs is a record, not a blank. */
struct stretch_seen {
	size_t n, record[8], last[8], fields[8];
	int syntax[8];
};

static int collect_stretch(const struct csvread_row *r, void *ctx)
{
	struct stretch_seen *s = ctx;
	if (s->n < 8) {
		s->record[s->n] = r->record;
		s->last[s->n] = r->syntax ? r->last : 0;
		s->fields[s->n] = r->n;
		s->syntax[s->n] = r->syntax;
	}
	s->n++;
	return 0;
}

START_TEST(stretch_rows)
{
	struct stretch_seen s = { 0 };
	struct csvread_info info;
	char *err = NULL;
	const char *cr = "a,b\r1,\"x\r  \r\"y\" z\r2,y\r3,z";
	ck_assert_int_eq(csvread_buffer(cr, strlen(cr), NULL, collect_stretch, &s, &info, &err), 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_int_eq(s.syntax[1], 1);
	ck_assert_uint_eq(s.record[1], 2);
	ck_assert_uint_eq(s.last[1], 3);   /* the blank line is not counted */
	ck_assert_uint_eq(s.fields[1], 0);
	ck_assert_int_eq(s.syntax[2], 0);
	ck_assert_uint_eq(s.record[2], 4);
	ck_assert_uint_eq(s.record[3], 5);
	ck_assert_uint_eq(info.records, 5);
	ck_assert_uint_eq(info.broken, 1);
	memset(&s, 0, sizeof(s));
	struct csv_dialect d = { .delim = '\t' };
	const char *tab = "a\tb\n1\t\"x\n\t\n2\ty\n";
	ck_assert_int_eq(csvread_buffer(tab, strlen(tab), &d, collect_stretch, &s, &info, &err), 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_int_eq(s.syntax[1], 1);
	ck_assert_uint_eq(s.last[1], 2);
	ck_assert_int_eq(s.syntax[2], 0);   /* the tab line: two empty fields */
	ck_assert_uint_eq(s.record[2], 3);
	ck_assert_uint_eq(s.fields[2], 2);
	ck_assert_uint_eq(s.record[3], 4);
	ck_assert_uint_eq(info.broken, 1);
	free(err);
}
END_TEST

/* ---- recode on its own --------------------------------------------- */

/* Feed `in` one byte at a time; return everything that came out. */
static char *trickle(struct recode *rc, const char *in, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t k;
	for (size_t i = 0; i < n; i++) {
		const char *o = recode_chunk(rc, in + i, 1, &k);
		sb_add(&sb, o, k);
	}
	const char *o = recode_finish(rc, &k);
	sb_add(&sb, o, k);
	return sb_detach(&sb);
}

START_TEST(recode_cp1252)
{
	char *err = NULL;
	struct recode *rc = recode_new("WINDOWS-1252", &err);
	ck_assert_ptr_nonnull(rc);
	/* the five undefined bytes, then ‘ ’ “ ” – — and € */
	static const char in[] = "\x81\x8D\x8F\x90\x9D\x91\x92\x93\x94\x96\x97\x80";
	char *out = trickle(rc, in, sizeof(in) - 1);
	ck_assert_str_eq(out, "\ufffd\ufffd\ufffd\ufffd\ufffd\u2018\u2019\u201c\u201d\u2013\u2014"
			 "\u20ac");
	ck_assert_uint_eq(recode_replaced(rc), 5);
	free(out);
	recode_free(rc);

	rc = recode_new("ISO-8859-1", &err);
	out = trickle(rc, "Bj\xF6rn \x80", 7);
	ck_assert_str_eq(out, "Bj\u00f6rn \xC2\x80");   /* Latin-1 0x80 is U+0080, a C1 control */
	ck_assert_uint_eq(recode_replaced(rc), 0);
	free(out);
	recode_free(rc);

	ck_assert_ptr_null(recode_new("NO-SUCH-CHARSET", &err));
	ck_assert_str_eq(err, "cannot convert from 'NO-SUCH-CHARSET' to UTF-8: Invalid argument");
	free(err);
}
END_TEST

/* A two-byte charset fed one byte at a time: every character is split
 * across chunk edges; an odd last byte becomes U+FFFD at the end. */
START_TEST(recode_split_sequences)
{
	char *err = NULL;
	struct recode *rc = recode_new("UTF-16LE", &err);
	ck_assert_ptr_nonnull(rc);
	/* é € A, then half a character */
	static const char in[] = "\xE9\x00\xAC\x20\x41\x00\x42";
	char *out = trickle(rc, in, sizeof(in) - 1);
	ck_assert_str_eq(out, "\u00e9\u20acA\ufffd");
	ck_assert_uint_eq(recode_replaced(rc), 1);
	free(out);
	recode_free(rc);
}
END_TEST

/* ---- big inputs, made at run time ---------------------------------- */

/* Made once in the parent process (an unchecked fixture), so forked tests share it. */
static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/fitsmon-dialect.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
		exit(EXIT_FAILURE);
	}
}

static char *tmpfile_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* The files a failed (forked) test may have left, then the folder. */
static void remove_tmpdir(void)
{
	static const char *const names[] = { "longfield.csv", "wide.csv", "runaway.csv",
					     "partial.csv" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = tmpfile_path(names[i]);
		unlink(p);
		free(p);
	}
	rmdir(tmpdir);
}

/* n copies of c (checked once: every ck_assert is a message to the parent). */
static void put(FILE *f, char c, size_t n)
{
	char block[4096];
	memset(block, c, sizeof(block));
	size_t done = 0;
	while (done < n) {
		size_t k = n - done < sizeof(block) ? n - done : sizeof(block);
		if (fwrite(block, 1, k, f) != k)
			break;
		done += k;
	}
	ck_assert_uint_eq(done, n);
}

/* 1 MiB exactly is kept; 1 MiB + 1 is a bad row; the rows after it are fine.
 * Through the Windows-1252 converter (bom-crlf.conf), with no BOM. */
START_TEST(field_cap_real_size)
{
	char *path = tmpfile_path("longfield.csv");
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("Ref,Logged,Summary\nA-1,2026-11-02 09:00,", f);
	put(f, 'x', CSVREAD_FIELD_MAX);
	fputs("\nA-2,2026-11-02 10:00,\"", f);
	put(f, 'y', CSVREAD_FIELD_MAX + 1);
	fputs("\"\nA-3,2026-11-02 11:00,short\n", f);
	ck_assert_int_eq(fclose(f), 0);
	struct loaded L;
	load(&L, "bom-crlf.conf", path);
	ck_counts(&L, 3, 2, 1);
	ck_assert_uint_eq(strlen(ticket(&L, "A-1")->cell[FIELD_SUMMARY]), CSVREAD_FIELD_MAX);
	ck_reject(&L, 0, 3, "field 3 is longer than 1 MiB");
	ck_assert_str_eq(ticket(&L, "A-3")->cell[FIELD_SUMMARY], "short");
	unload(&L);
	unlink(path);
	free(path);
}
END_TEST

/* 10,000 fields are fine; 10,001 make a bad row. */
START_TEST(field_count_real_size)
{
	char *path = tmpfile_path("wide.csv");
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("Ref,Logged,Summary\nW-1,2026-11-02 09:00,s", f);
	put(f, ',', CSVREAD_FIELDS_MAX - 3);
	fputs("\nW-2,2026-11-02 10:00,s", f);
	put(f, ',', CSVREAD_FIELDS_MAX - 2);
	fputs("\nW-3,2026-11-02 11:00,s\n", f);
	ck_assert_int_eq(fclose(f), 0);
	struct loaded L;
	load(&L, "bom-crlf.conf", path);
	ck_counts(&L, 3, 2, 1);
	ck_reject(&L, 0, 3, "more than 10000 fields in one record");
	ck_assert_ptr_nonnull(dataset_find(L.ds, 0, "W-1"));
	ck_assert_ptr_null(dataset_find(L.ds, 0, "W-2"));
	unload(&L);
	unlink(path);
	free(path);
}
END_TEST

/*
 * An unclosed quote swallowing 33 MiB: the field reaches 32 MiB, reading
 * goes back to the bad record's line and skips every line after it that
 * is not a record of the header's width (the z's), up to the good one.
 */
START_TEST(runaway_quote)
{
	char *path = tmpfile_path("runaway.csv");
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("Ref,Logged,Summary\nR-1,2026-11-02 09:00,ok\nR-2,2026-11-02 10:00,\"", f);
	char line[1024];
	memset(line, 'z', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\n';
	for (int i = 0; i < 33 * 1024; i++)
		fwrite(line, 1, sizeof(line), f);
	fputs("R-3,2026-11-02 11:00,ok\n", f);
	ck_assert_int_eq(fclose(f), 0);
	struct loaded L;
	load(&L, "bom-crlf.conf", path);
	ck_counts(&L, 2 + 33 * 1024, 2, 1);
	ck_reject(&L, 0, 3, "rows 3-33794: a quote is not closed (CSV syntax): these lines were "
		  "skipped");
	ck_assert_uint_eq(ticket(&L, "R-3")->row, 33795);
	unload(&L);
	unlink(path);
	free(path);
}
END_TEST

/* ---- partial files: a CSV syntax error rejects its record ----------- */

static char *write_tmp(const char *name, const char *text)
{
	char *path = tmpfile_path(name);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static void load_text(struct loaded *L, const char *conf, const char *text)
{
	char *path = write_tmp("partial.csv", text);
	load(L, conf, path);
	unlink(path);
	free(path);
}

#define OK_ROWS "Ref,Logged\nX-1,2026-11-02 09:00\nX-2,2026-11-02 10:00\nX-3,2026-11-02 11:00\n"

/* The export's last record opens a quote it never closes: the three rows
 * before it are kept, and the reject names its row. */
START_TEST(unclosed_last_record)
{
	struct loaded L;
	load_text(&L, "malformed.conf", OK_ROWS "X-4,\"2026-11-02 12:00\n");
	ck_counts(&L, 4, 3, 1);
	ck_reject(&L, 0, 5, "a quote is not closed (CSV syntax): this line was skipped");
	ck_assert_uint_eq(ticket(&L, "X-3")->row, 4);
	ck_assert_uint_eq(L.st.total, 5);
	ck_assert_uint_eq(L.st.broken, 1);
	unload(&L);
	/* the same with no newline at the end */
	load_text(&L, "malformed.conf", OK_ROWS "X-4,\"2026-11-02 12:00");
	ck_counts(&L, 4, 3, 1);
	ck_reject(&L, 0, 5, "a quote is not closed (CSV syntax): this line was skipped");
	unload(&L);
}
END_TEST

/* Mid-file: the lines the quote swallowed that are not records of the
 * header's width go with it; the rows after keep their numbers. */
START_TEST(unclosed_mid_file)
{
	struct loaded L;
	load_text(&L, "malformed.conf", "Ref,Logged\nX-1,2026-11-02 09:00\n"
		  "X-2,\"2026-11-02 10:00\nnot a record\n\nX-3,2026-11-02 11:00\n"
		  "X-4,2026-11-02 12:00\n");
	ck_counts(&L, 5, 3, 1);
	/* the blank line is neither counted nor numbered */
	ck_reject(&L, 0, 3, "rows 3-4: a quote is not closed (CSV syntax): these lines were "
		  "skipped");
	ck_assert_uint_eq(ticket(&L, "X-1")->row, 2);
	ck_assert_uint_eq(ticket(&L, "X-3")->row, 5);
	ck_assert_uint_eq(ticket(&L, "X-4")->row, 6);
	ck_assert_uint_eq(L.st.total, 6);
	unload(&L);
}
END_TEST

/* A quote inside an unquoted field; text after a closing quote. */
START_TEST(stray_quote_and_junk)
{
	struct loaded L;
	load_text(&L, "malformed.conf", "Ref,Logged\nX-1,2026-11-02 09:00\n"
		  "X-2,2026-11-02 10\"00\nX-3,\"2026-11-02\" 11:00\nX-4,2026-11-02 12:00\n"
		  "X-5,\"2026-11-02 13:00\"x\nX-6,2026-11-02 14:00\n");
	ck_counts(&L, 6, 3, 2);
	ck_reject(&L, 0, 3, "rows 3-4: a quote in the middle of a field (CSV syntax): these "
		  "lines were skipped");
	ck_reject(&L, 1, 6, "text after a closing quote (CSV syntax): this line was skipped");
	ck_assert_uint_eq(ticket(&L, "X-4")->row, 5);
	ck_assert_uint_eq(ticket(&L, "X-6")->row, 7);
	ck_assert_uint_eq(L.st.broken, 2);
	unload(&L);
}
END_TEST

/* A quoted field over several lines is one field, also where reading
 * starts again after a bad record; its inner lines are not record starts. */
START_TEST(multiline_fields)
{
	struct loaded L;
	load_text(&L, "bom-crlf.conf", "Ref,Logged,Summary\n"
		  "X-1,2026-11-02 09:00,\"printer\njammed\"\n"
		  "X-2,2026-11-02 10:00,\"never closed\n"
		  "X-3,2026-11-02 11:00,\"screen cracked,\nbadly, twice\"\n"
		  "X-4,2026-11-02 12:00,ok\n");
	ck_counts(&L, 4, 3, 1);
	ck_reject(&L, 0, 3, "a quote is not closed (CSV syntax): this line was skipped");
	ck_assert_str_eq(ticket(&L, "X-1")->cell[FIELD_SUMMARY], "printer\njammed");
	ck_assert_str_eq(ticket(&L, "X-3")->cell[FIELD_SUMMARY], "screen cracked,\nbadly, twice");
	ck_assert_uint_eq(ticket(&L, "X-3")->row, 4);
	ck_assert_uint_eq(ticket(&L, "X-4")->row, 5);
	unload(&L);
}
END_TEST

/* A syntax error in the header row is still the feed's error. */
START_TEST(bad_header)
{
	struct loaded L;
	load_text(&L, "malformed.conf", "Ref,\"Logged\nX-1,2026-11-02 09:00\n");
	ck_assert_int_eq(L.rc, -1);
	ck_assert_str_eq(L.err, "bad: the header row (record 1) is not valid CSV: a quote is not "
			 "closed (CSV syntax): this line was skipped");
	unload(&L);
}
END_TEST

/* Where a bad record falls across the reader's 64 KiB pieces does not
 * matter: every good row is kept, under its own number. */
START_TEST(bad_record_across_chunks)
{
	for (size_t pad = 0; pad < 64; pad += 7) {
		struct strbuf sb = STRBUF_INIT;
		sb_puts(&sb, "Ref,Logged\n");
		size_t n = 0;
		while (sb.len < 65536 - 40 + pad)
			sb_printf(&sb, "X-%zu,2026-11-02 09:00\n", ++n);
		sb_puts(&sb, "BAD,\"2026-11-02 09:00\nstill inside the quote\n");
		sb_printf(&sb, "Y-1,2026-11-02 09:00\n");
		sb_add(&sb, "", 0);
		struct loaded L;
		load_text(&L, "malformed.conf", sb.buf);
		ck_counts(&L, n + 3, n + 1, 1);
		char *why = xasprintf("rows %zu-%zu: a quote is not closed (CSV syntax): these lines "
				      "were skipped", n + 2, n + 3);
		ck_reject(&L, 0, n + 2, why);
		ck_assert_uint_eq(ticket(&L, "Y-1")->row, n + 4);
		free(why);
		unload(&L);
		sb_release(&sb);
	}
}
END_TEST

/*
 * A grown file read from where its first copy ended gives the rows and
 * rejects reading it whole gives; a first copy with a syntax error says so
 * (broken), and the store reads its next copy whole.
 */
START_TEST(tail_with_bad_record)
{
	const char *head = OK_ROWS;
	const char *more = "X-4,\"2026-11-02 12:00\nX-5,2026-11-02 13:00\n";
	char *whole = xasprintf("%s%s", head, more);
	char *path = write_tmp("partial.csv", whole);
	struct loaded L;
	load(&L, "malformed.conf", path);
	ck_counts(&L, 5, 4, 1);
	ck_reject(&L, 0, 5, "a quote is not closed (CSV syntax): this line was skipped");
	struct dataset *ds = dataset_new(L.cfg, utc(NOW));
	struct feedsink sink = dataset_sink(ds);
	struct ingest_stats st;
	char *err = NULL;
	ck_assert_int_eq(ingest_file_from(L.cfg, 0, path, (off_t)strlen(head), 4, &sink, &st, &err),
			 0);
	dataset_finish(ds);
	ck_assert_uint_eq(ds->nr, 1);
	ck_assert_uint_eq(ds->r[0].row, 5);
	ck_assert_str_eq(ds->r[0].reason, L.ds->r[0].reason);
	ck_assert_uint_eq(ds->nt, 1);
	ck_assert_str_eq(ds->t[0].id, "X-5");
	ck_assert_uint_eq(ds->t[0].row, 6);
	ck_assert_uint_eq(st.total, L.st.total);
	ck_assert_uint_eq(st.broken, 1);
	dataset_free(ds);
	unload(&L);
	unlink(path);
	free(path);
	free(whole);
}
END_TEST

/*
 * ingest_check_header: the dialect of each feed (encodings, a BOM, pipe
 * and tab delimiters, title lines above the header, joins) finds every
 * mapped column; reading stops at the header (malformed.csv's error in
 * record 3 is not reached); a missing column, an HTML page, an empty file
 * are named tersely.
 */
START_TEST(check_header)
{
	static const char *const good[] = { "cp1252.conf", "latin1.conf", "bom-crlf.conf",
		"title.conf", "joined.conf", "joined-literal.conf", "comma.conf",
		"malformed.conf" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *path = xasprintf("%s%s", DIR_, good[i]), *err = NULL;
		struct config *cfg = config_load(path, &err);
		ck_assert_msg(cfg, "%s: %s", path, err);
		int rc = ingest_check_header(cfg, 0, cfg->feed[0].path, &err);
		ck_assert_msg(rc == 0, "%s: %s", good[i], err);
		config_free(cfg);
		free(path);
	}
	char *err = NULL;
	struct config *cfg = config_load(DIR_ "joined-bad.conf", &err);
	ck_assert_msg(cfg, "%s", err);
	ck_assert_int_eq(ingest_check_header(cfg, 0, cfg->feed[0].path, &err), -1);
	ck_assert_str_eq(err, "no 'Finish time' column (the header has: Start date, Start time, "
			 "Duration, Project, Description)");
	free(err);
	err = NULL;
	config_free(cfg);

	cfg = config_load(DIR_ "cp1252.conf", &err);
	ck_assert_msg(cfg, "%s", err);
	char *html = tmpfile_path("login.html"), *empty = tmpfile_path("empty.csv");
	FILE *f = fopen(html, "w");
	ck_assert_ptr_nonnull(f);
	fputs("\n  <!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>\n", f);
	fclose(f);
	f = fopen(empty, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(ingest_check_header(cfg, 0, html, &err), -1);
	ck_assert_msg(strstr(err, "' column (an HTML page?)") && !strncmp(err, "no '", 4), "%s", err);
	free(err);
	err = NULL;
	ck_assert_int_eq(ingest_check_header(cfg, 0, empty, &err), -1);
	ck_assert_str_eq(err, "no header row");
	free(err);
	err = NULL;
	/* the cp1252 export read as comma-separated lacks its columns */
	cfg->feed[0].delimiter = ',';
	ck_assert_int_eq(ingest_check_header(cfg, 0, cfg->feed[0].path, &err), -1);
	ck_assert_msg(!strncmp(err, "no '", 4), "%s", err);
	free(err);
	config_free(cfg);
	free(html);
	free(empty);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("dialect");
	TCase *tc = tcase_create("files");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, cp1252_text);
	tcase_add_test(tc, latin1_events);
	tcase_add_test(tc, bom_crlf_quoted_newline);
	tcase_add_test(tc, title_lines_and_tabs);
	tcase_add_test(tc, decimal_comma);
	tcase_add_test(tc, missing_markers);
	tcase_add_test(tc, durations);
	tcase_add_test(tc, joined_columns);
	tcase_add_test(tc, malformed_csv);
	tcase_add_test(tc, caps_make_bad_rows);
	tcase_add_test(tc, bom_prefixes);
	tcase_add_test(tc, stretch_rows);
	tcase_add_test(tc, recode_cp1252);
	tcase_add_test(tc, recode_split_sequences);
	tcase_add_test(tc, field_cap_real_size);
	tcase_add_test(tc, field_count_real_size);
	tcase_add_test(tc, runaway_quote);
	tcase_add_test(tc, tail_after_bom);
	tcase_add_test(tc, unclosed_last_record);
	tcase_add_test(tc, unclosed_mid_file);
	tcase_add_test(tc, stray_quote_and_junk);
	tcase_add_test(tc, multiline_fields);
	tcase_add_test(tc, bad_header);
	tcase_add_test(tc, bad_record_across_chunks);
	tcase_add_test(tc, tail_with_bad_record);
	tcase_add_test(tc, check_header);
	tcase_add_test(tc, bom_mid_file);
	tcase_add_unchecked_fixture(tc, make_tmpdir, remove_tmpdir);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
