/*
 * csvread — bytes in, records out.  The path of a byte: byte-order-mark
 * check, then recode to UTF-8 when the feed is not UTF-8, then libcsv,
 * whose field and record callbacks gather one record at a time and hand
 * it on.  Memory is bounded by the caps in csvread.h, not by the input.
 */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "recode.h"
#include "util.h"

#define CHUNK 65536

static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };

struct state {
	struct csvread_row row;
	size_t cap;            /* room in row.f, row.len and off */
	struct strbuf text;    /* the record's fields, each NUL-terminated */
	size_t *off;           /* where each field starts in text */
	size_t bytes;          /* bytes kept for the current record */
	size_t seen;           /* fields seen in the current record, kept or not */
	char bad[128];         /* row.bad points here when set */
	size_t max_field, max_fields;
	int (*cb)(const struct csvread_row *, void *);
	void *ctx;
	int stop;
	unsigned char pre[3];  /* first bytes, held until we know if they are a BOM */
	size_t npre;
	int decided;           /* the BOM question is settled */
	struct recode *rc;     /* NULL: the text is UTF-8 already */
	struct csvread_info info;
};

/* "1 MiB", or "1000 bytes" for a cap that is not whole mebibytes. */
static void size_text(size_t n, char *buf, size_t size)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(buf, size, "%zu MiB", n >> 20);
	else
		snprintf(buf, size, "%zu bytes", n);
}

/* Mark the current record as not kept whole; the first reason wins. */
static void set_bad(struct state *st, const char *why)
{
	if (st->row.bad)
		return;
	snprintf(st->bad, sizeof(st->bad), "%s", why);
	st->row.bad = st->bad;
}

/*
 * libcsv field callback: keep the field unless a cap says no.  A field
 * past a cap is kept as "" (so later fields keep their positions) and
 * the record is marked bad; fields past max_fields are not kept at all.
 */
static void on_field(void *s, size_t len, void *data)
{
	struct state *st = data;
	if (st->stop)
		return;
	if (!s)
		len = 0;
	const char *text = s ? s : "";
	st->seen++;
	char why[96], lim[32];
	if (st->seen > st->max_fields) {
		snprintf(why, sizeof(why), "more than %zu fields in one record", st->max_fields);
		set_bad(st, why);
		return;
	}
	if (len > st->max_field) {
		size_text(st->max_field, lim, sizeof(lim));
		snprintf(why, sizeof(why), "field %zu is longer than %s", st->seen, lim);
		set_bad(st, why);
		text = "";
		len = 0;
	} else if (st->bytes + len > CSVREAD_RECORD_MAX) {
		size_text(CSVREAD_RECORD_MAX, lim, sizeof(lim));
		snprintf(why, sizeof(why), "the record is longer than %s", lim);
		set_bad(st, why);
		text = "";
		len = 0;
	} else if (memchr(text, '\0', len)) {
		/* the C strings downstream would cut the field short, silently */
		snprintf(why, sizeof(why), "field %zu contains a NUL byte", st->seen);
		set_bad(st, why);
	}
	if (st->row.n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->row.f = xreallocarray(st->row.f, st->cap, sizeof(char *));
		st->row.len = xreallocarray(st->row.len, st->cap, sizeof(size_t));
		st->off = xreallocarray(st->off, st->cap, sizeof(size_t));
	}
	/* Invalid UTF-8 (a UTF-8 feed that is not) becomes U+FFFD here, once,
	 * so no report, mail or store ever carries broken text.  Fields go
	 * into one buffer per record; pointers are set when it is complete. */
	size_t clean_len;
	char *clean = utf8_clean(text, len, &clean_len, &st->info.replaced);
	st->off[st->row.n] = st->text.len;
	sb_add(&st->text, clean ? clean : text, clean ? clean_len : len);
	sb_putc(&st->text, '\0');
	st->row.len[st->row.n] = clean ? clean_len : len;
	free(clean);
	st->row.n++;
	st->bytes += len;
}

static void clear_row(struct state *st)
{
	st->text.len = 0;
	st->row.n = 0;
	st->row.bad = NULL;
	st->bytes = 0;
	st->seen = 0;
}

/* libcsv record callback: hand the record on, then forget it. */
static void on_record(int c, void *data)
{
	(void)c;
	struct state *st = data;
	if (!st->stop) {
		st->row.record++;
		st->info.records++;
		for (size_t i = 0; i < st->row.n; i++)
			st->row.f[i] = st->text.buf + st->off[i];
		if (st->cb(&st->row, st->ctx))
			st->stop = 1;
	}
	clear_row(st);
}

/*
 * libcsv's allocator: refuses to grow a field buffer past
 * CSVREAD_FIELD_HARD, which libcsv reports as CSV_ENOMEM.  No context is
 * needed: the cap is a constant.
 */
static void *capped_realloc(void *p, size_t n)
{
	return n > CSVREAD_FIELD_HARD ? NULL : realloc(p, n);
}

/*
 * libcsv grows its field buffer by a fixed block, so one long field costs
 * a realloc (and, with some allocators, a copy) per block.  Setting the
 * block to the buffer's size between chunks makes the growth geometric.
 */
static void grow_geometrically(struct csv_parser *p)
{
	size_t have = csv_get_buffer_size(p);
	csv_set_blk_size(p, have > 4096 ? have : 4096);
}

static int start(struct csv_parser *p, struct state *st, const struct csv_dialect *d,
		 char **err)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return errorf(err, "cannot set up the CSV parser");
	csv_set_delim(p, d && d->delim ? d->delim : ',');
	csv_set_realloc_func(p, capped_realloc);
	csv_set_blk_size(p, 4096);
	st->max_field = d && d->max_field ? d->max_field : CSVREAD_FIELD_MAX;
	st->max_fields = d && d->max_fields ? d->max_fields : CSVREAD_FIELDS_MAX;
	if (d && d->charset && !str_ieq(d->charset, "UTF-8") && !str_ieq(d->charset, "UTF8")) {
		st->rc = recode_new(d->charset, err);
		if (!st->rc) {
			csv_free(p);
			return -1;
		}
	}
	return 0;
}

/* The error for a chunk libcsv stopped in; `at` is where it stopped. */
static int parse_error(struct csv_parser *p, struct state *st, const char *buf, size_t at,
		       char **err)
{
	size_t rec = st->row.record + 1;
	if (csv_error(p) == CSV_ENOMEM && csv_get_buffer_size(p) >= CSVREAD_FIELD_HARD / 2) {
		char lim[32];
		size_text(CSVREAD_FIELD_HARD, lim, sizeof(lim));
		return errorf(err, "record %zu: a field reaches %s (an unclosed quote?)", rec, lim);
	}
	/* show the text just before the byte libcsv refused, printable only */
	char near[48];
	size_t from = at > 24 ? at - 24 : 0, k = 0;
	for (size_t i = at; i > from; i--)
		if (buf[i - 1] == '\n' || buf[i - 1] == '\r') {
			from = i;   /* from the start of the line */
			break;
		}
	for (size_t i = from; i <= at && k + 1 < sizeof(near); i++) {
		unsigned char c = (unsigned char)buf[i];
		near[k++] = c == '\r' || c == '\n' ? ' ' : c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	near[k] = '\0';
	return errorf(err, "record %zu: malformed CSV (%s, near '%s')", rec,
		      csv_strerror(csv_error(p)), near);
}

/* Text (UTF-8 now) into libcsv. */
static int parse_text(struct csv_parser *p, struct state *st, const char *buf, size_t n,
		      char **err)
{
	while (n) {
		/* pieces, so the buffer's block size keeps up with a long field */
		size_t k = n < CHUNK ? n : CHUNK;
		size_t used = csv_parse(p, buf, k, on_field, on_record, st);
		if (used != k && st->stop)
			return 0;   /* past where the caller stopped: not its business */
		if (used != k)
			return parse_error(p, st, buf, used < k ? used : k - 1, err);
		grow_geometrically(p);
		buf += k;
		n -= k;
	}
	return 0;
}

/* Raw bytes: through the converter when there is one. */
static int parse_raw(struct csv_parser *p, struct state *st, const char *buf, size_t n,
		     char **err)
{
	if (st->rc)
		buf = recode_chunk(st->rc, buf, n, &n);
	return parse_text(p, st, buf, n, err);
}

/*
 * The next bytes of the input.  The first three are held until we know
 * whether they are a UTF-8 byte-order mark (they may arrive one at a
 * time); a mark is dropped and means the file is UTF-8 whatever the
 * feed's encoding says.
 */
static int feed_bytes(struct csv_parser *p, struct state *st, const char *buf, size_t n,
		      char **err)
{
	if (!st->decided) {
		int mismatch = 0;
		while (n && st->npre < 3 && !mismatch) {
			st->pre[st->npre++] = (unsigned char)*buf++;
			n--;
			mismatch = memcmp(st->pre, bom, st->npre) != 0;
		}
		if (!mismatch && st->npre < 3)
			return 0;   /* still a prefix of a BOM: wait for more */
		st->decided = 1;
		if (!mismatch) {
			st->info.bom = 1;
			recode_free(st->rc);
			st->rc = NULL;
		} else if (parse_raw(p, st, (const char *)st->pre, st->npre, err) < 0) {
			return -1;
		}
	}
	while (n && !st->stop) {
		size_t k = n < CHUNK ? n : CHUNK;
		if (parse_raw(p, st, buf, k, err) < 0)
			return -1;
		buf += k;
		n -= k;
	}
	return 0;
}

/* End of input: held bytes, the converter's tail, libcsv's last record. */
static int finish(struct csv_parser *p, struct state *st, int rc, struct csvread_info *info,
		  char **err)
{
	if (rc == 0 && !st->stop && !st->decided && st->npre)
		rc = parse_raw(p, st, (const char *)st->pre, st->npre, err);
	if (rc == 0 && !st->stop && st->rc) {
		size_t n;
		const char *tail = recode_finish(st->rc, &n);
		rc = parse_text(p, st, tail, n, err);
	}
	if (rc == 0 && !st->stop && csv_fini(p, on_field, on_record, st) != 0)
		rc = errorf(err, "record %zu: malformed CSV (%s, at the end of the file: an "
			    "unclosed quote?)", st->row.record + 1, csv_strerror(csv_error(p)));
	if (st->rc)
		st->info.replaced += recode_replaced(st->rc);
	if (info)
		*info = st->info;
	csv_free(p);
	clear_row(st);
	free(st->row.f);
	free(st->row.len);
	free(st->off);
	sb_release(&st->text);
	recode_free(st->rc);
	return rc;
}

int csvread_file(const char *path, const struct csv_dialect *d,
		 int (*cb)(const struct csvread_row *, void *), void *ctx,
		 struct csvread_info *info, char **err)
{
	return csvread_file_from(path, d, 0, 0, cb, ctx, info, err);
}

int csvread_file_from(const char *path, const struct csv_dialect *d, off_t offset,
		      size_t records_before, int (*cb)(const struct csvread_row *, void *),
		      void *ctx, struct csvread_info *info, char **err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errorf(err, "cannot open '%s': %s", path, strerror(errno));
	if (offset > 0 && fseeko(f, offset, SEEK_SET) != 0) {
		int e = errno;
		fclose(f);
		return errorf(err, "cannot read '%s': %s", path, strerror(e));
	}
	struct csv_parser p;
	struct state st = { .cb = cb, .ctx = ctx };
	/* a byte-order mark can only open a file */
	st.decided = offset > 0;
	st.row.record = records_before;
	if (start(&p, &st, d, err) < 0) {
		fclose(f);
		return -1;
	}
	char *buf = xmalloc(CHUNK);
	size_t n;
	int rc = 0;
	while (rc == 0 && !st.stop && (n = fread(buf, 1, CHUNK, f)) > 0)
		rc = feed_bytes(&p, &st, buf, n, err);
	if (rc == 0 && ferror(f))
		rc = errorf(err, "cannot read '%s': %s", path, strerror(errno));
	fclose(f);
	free(buf);
	return finish(&p, &st, rc, info, err);
}

int csvread_buffer(const char *buf, size_t len, const struct csv_dialect *d,
		   int (*cb)(const struct csvread_row *, void *), void *ctx,
		   struct csvread_info *info, char **err)
{
	struct csv_parser p;
	struct state st = { .cb = cb, .ctx = ctx };
	if (start(&p, &st, d, err) < 0)
		return -1;
	int rc = feed_bytes(&p, &st, buf, len, err);
	return finish(&p, &st, rc, info, err);
}
