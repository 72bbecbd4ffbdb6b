/*
 * csvread — libcsv's field and record callbacks gather one record at a
 * time and hand it on; memory is bounded by the longest record.
 */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

struct state {
	struct csvread_row row;
	size_t cap;
	int (*cb)(const struct csvread_row *, void *);
	void *ctx;
	int stop;
	int bom_checked;
};

/* libcsv field callback: copy the field into the current record. */
static void on_field(void *s, size_t len, void *data)
{
	struct state *st = data;
	if (st->stop)
		return;
	if (st->row.n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->row.f = xreallocarray(st->row.f, st->cap, sizeof(char *));
		st->row.len = xreallocarray(st->row.len, st->cap, sizeof(size_t));
	}
	st->row.f[st->row.n] = xstrndup(s ? s : "", s ? len : 0);
	st->row.len[st->row.n] = s ? len : 0;
	st->row.n++;
}

static void clear_row(struct state *st)
{
	for (size_t i = 0; i < st->row.n; i++)
		free(st->row.f[i]);
	st->row.n = 0;
}

/* libcsv record callback: hand the record on, then forget it. */
static void on_record(int c, void *data)
{
	(void)c;
	struct state *st = data;
	if (!st->stop) {
		st->row.record++;
		if (st->cb(&st->row, st->ctx))
			st->stop = 1;
	}
	clear_row(st);
}

static int start(struct csv_parser *p, const struct csv_dialect *d, char **err)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return errorf(err, "cannot set up the CSV parser");
	csv_set_delim(p, d && d->delim ? d->delim : ',');
	return 0;
}

static int feed_bytes(struct csv_parser *p, struct state *st, const char *buf, size_t n,
		      char **err)
{
	if (!st->bom_checked) {
		st->bom_checked = 1;
		if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
			buf += 3;
			n -= 3;
		}
	}
	if (csv_parse(p, buf, n, on_field, on_record, st) != n)
		return errorf(err, "record %zu: malformed CSV (%s)", st->row.record + 1,
			      csv_strerror(csv_error(p)));
	return 0;
}

static int finish(struct csv_parser *p, struct state *st, int rc, char **err)
{
	if (rc == 0 && csv_fini(p, on_field, on_record, st) != 0)
		rc = errorf(err, "record %zu: malformed CSV (%s)", st->row.record + 1,
			    csv_strerror(csv_error(p)));
	csv_free(p);
	clear_row(st);
	free(st->row.f);
	free(st->row.len);
	return rc;
}

int csvread_file(const char *path, const struct csv_dialect *d,
		 int (*cb)(const struct csvread_row *, void *), void *ctx, char **err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errorf(err, "cannot open '%s': %s", path, strerror(errno));
	struct csv_parser p;
	if (start(&p, d, err) < 0) {
		fclose(f);
		return -1;
	}
	struct state st = { .cb = cb, .ctx = ctx };
	char buf[65536];
	size_t n;
	int rc = 0;
	while (rc == 0 && !st.stop && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		rc = feed_bytes(&p, &st, buf, n, err);
	if (rc == 0 && ferror(f))
		rc = errorf(err, "cannot read '%s': %s", path, strerror(errno));
	fclose(f);
	return finish(&p, &st, rc, err);
}

int csvread_buffer(const char *buf, size_t len, const struct csv_dialect *d,
		   int (*cb)(const struct csvread_row *, void *), void *ctx, char **err)
{
	struct csv_parser p;
	if (start(&p, d, err) < 0)
		return -1;
	struct state st = { .cb = cb, .ctx = ctx };
	int rc = feed_bytes(&p, &st, buf, len, err);
	return finish(&p, &st, rc, err);
}
