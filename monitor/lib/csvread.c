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
#include <unistd.h>

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
	char bad[160];         /* row.bad points here when set */
	size_t max_field, max_fields;
	int (*cb)(const struct csvread_row *, void *);
	void *ctx;
	int stop;
	unsigned char pre[3];  /* first bytes, held until we know if they are a BOM */
	size_t npre;
	int decided;           /* the BOM question is settled */
	struct recode *rc;     /* NULL: the text is UTF-8 already */
	struct csvread_info info;
	/* Going back after a syntax error (see resync below). */
	struct csv_parser p;
	int idle;              /* p.pstate between records */
	unsigned char delim;
	struct strbuf win;     /* text since the last record boundary, or from the
				  line being tried or skipped */
	size_t head;           /* win's bytes before this are dropped */
	size_t fed;            /* bytes kept that libcsv has had (normal mode) */
	int lost;              /* win outgrew RETAIN_MAX: no going back */
	enum { NORMAL, SKIP, TRY } mode;
	size_t first;          /* the bad stretch's first row number */
	size_t lines;          /* its lines so far */
	const char *cause;     /* why it is bad */
	int line_has;          /* SKIP: the part of the line dropped had text */
	size_t tried;          /* TRY: bytes of win fed */
	int verdict;           /* TRY: 1 the line starts a record, -1 it does not */
	size_t width;          /* fields of the header record (0: not known) */
	size_t header;         /* its record number */
	char stretch[160];
};

/* Text kept to go back to the start of a bad record. */
#define RETAIN_MAX (CSVREAD_FIELD_HARD + CSVREAD_FIELD_MAX)

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
	const char *keep = clean ? clean : text;
	size_t klen = clean ? clean_len : len;
	/* A BOM at a cell's start (exports joined into one file) is not text:
	 * it would become part of an id. */
	while (klen >= sizeof(bom) && !memcmp(keep, bom, sizeof(bom))) {
		keep += sizeof(bom);
		klen -= sizeof(bom);
		st->info.bom_cells++;
	}
	st->off[st->row.n] = st->text.len;
	sb_add(&st->text, keep, klen);
	sb_putc(&st->text, '\0');
	st->row.len[st->row.n] = klen;
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

/*
 * A stretch of lines skipped for a CSV syntax error, handed on as one row
 * with no fields: rows first..first+lines-1 (named in the reason when
 * there are several: the caller names the first).
 */
static void emit_stretch(struct state *st)
{
	if (!st->lines)
		return;
	size_t last = st->first + st->lines - 1;
	if (st->lines == 1)
		snprintf(st->stretch, sizeof(st->stretch), "%s (CSV syntax): this line was skipped",
			 st->cause);
	else
		snprintf(st->stretch, sizeof(st->stretch), "rows %zu-%zu: %s (CSV syntax): these "
			 "lines were skipped", st->first, last, st->cause);
	struct csvread_row r = { .record = st->first, .last = last, .bad = st->stretch,
				 .syntax = 1 };
	st->row.record = last;
	st->info.records += st->lines;
	st->info.broken++;
	st->lines = 0;
	if (!st->stop && st->cb(&r, st->ctx))
		st->stop = 1;
}

/*
 * libcsv record callback: hand the record on, then forget it.  While a
 * line is tried after a syntax error (TRY), the record is the verdict: a
 * record of the header's width starts the reading again (the skipped
 * stretch is handed on first), any other is not one.
 */
static void on_record(int c, void *data)
{
	(void)c;
	struct state *st = data;
	if (st->mode == TRY) {
		if (st->width && st->seen != st->width) {
			st->verdict = -1;
			clear_row(st);
			return;
		}
		st->verdict = 1;
		st->mode = NORMAL;
		emit_stretch(st);
	}
	if (!st->stop) {
		st->row.record++;
		st->info.records++;
		if (!st->width && st->row.record == st->header && !st->row.bad)
			st->width = st->seen;
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

static void parser_init(struct csv_parser *p, unsigned char delim)
{
	/* fails only for a NULL parser */
	csv_init(p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(p, delim);
	csv_set_realloc_func(p, capped_realloc);
	csv_set_blk_size(p, 4096);
}

static int start(struct state *st, const struct csv_dialect *d, char **err)
{
	st->delim = d && d->delim ? d->delim : ',';
	parser_init(&st->p, st->delim);
	st->idle = st->p.pstate;
	st->max_field = d && d->max_field ? d->max_field : CSVREAD_FIELD_MAX;
	st->max_fields = d && d->max_fields ? d->max_fields : CSVREAD_FIELDS_MAX;
	st->header = d && d->header ? d->header : 1;
	st->width = d ? d->width : 0;
	if (d && d->charset && !str_ieq(d->charset, "UTF-8") && !str_ieq(d->charset, "UTF8")) {
		st->rc = recode_new(d->charset, err);
		if (!st->rc) {
			csv_free(&st->p);
			return -1;
		}
	}
	return 0;
}

/* The error that stops the read; `at` is where libcsv stopped in buf. */
static int parse_error(struct state *st, const char *buf, size_t at, int at_end, char **err)
{
	struct csv_parser *p = &st->p;
	size_t rec = st->row.record + 1;
	if (csv_error(p) == CSV_ENOMEM && csv_get_buffer_size(p) >= CSVREAD_FIELD_HARD / 2) {
		char lim[32];
		size_text(CSVREAD_FIELD_HARD, lim, sizeof(lim));
		return errorf(err, "record %zu: a field reaches %s (an unclosed quote?)", rec, lim);
	}
	if (at_end)
		return errorf(err, "record %zu: malformed CSV (%s, at the end of the file: an "
			      "unclosed quote?)", rec, csv_strerror(csv_error(p)));
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

/* ---- going back after a syntax error ----------------------------------
 *
 * Text goes through st->win: in NORMAL mode it holds what came since the
 * last record boundary libcsv was seen at (checked at the last line end
 * of each piece fed), so a syntax error can go back to the start of the
 * bad record.  Then:
 *   SKIP  drops one line, counting it in the bad stretch unless blank;
 *   TRY   feeds the next line start to a fresh parser: if one record
 *         parses cleanly from there, with the header's field count, within
 *         CSVREAD_RESYNC_MAX bytes, the stretch is handed on, then that
 *         record, and NORMAL reading goes on; else back to SKIP.
 * The end of the input ends the stretch.
 */

static size_t find_term(const char *s, size_t from, size_t to)
{
	while (from < to && s[from] != '\n' && s[from] != '\r')
		from++;
	return from;
}

/* Just past the last line end in [from, to); from when there is none. */
static size_t last_term(const char *s, size_t from, size_t to)
{
	while (to > from && s[to - 1] != '\n' && s[to - 1] != '\r')
		to--;
	return to;
}

/* Only spaces and tabs (libcsv skips them; a tab delimiter is not one). */
static int blank(const struct state *st, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && (s[i] != '\t' || st->delim == '\t'))
			return 0;
	return 1;
}

/* The kept text: win from head on. */
#define WB(st) ((st)->win.buf + (st)->head)
#define WN(st) ((st)->win.len - (st)->head)

static void win_drop(struct state *st, size_t n)
{
	st->head += n;
	if (st->head >= st->win.len)
		st->head = st->win.len = 0;
	st->fed = st->fed > n ? st->fed - n : 0;
}

/*
 * libcsv refused win[at] (at == win.len: the end of the input inside a
 * quote).  Find the start of the bad record, the last line start before
 * `at` where a fresh parser is between records, and skip from there.
 */
static int go_back(struct state *st, size_t at, int at_end, char **err)
{
	if (st->lost)
		return parse_error(st, WB(st), at < WN(st) ? at : WN(st) - 1, at_end,
				   err);
	int unclosed = at_end || csv_error(&st->p) == CSV_ENOMEM;
	int quoted = st->p.quoted;
	csv_free(&st->p);
	struct csv_parser q;
	parser_init(&q, st->delim);
	size_t s = 0;
	for (size_t i = 0; i < at;) {
		if (q.pstate == st->idle && (i == 0 || WB(st)[i - 1] == '\n' || WB(st)[i - 1] == '\r'))
			s = i;
		/* a line at a time (a long one in pieces, for the growth) */
		size_t j = find_term(WB(st), i, at < i + CHUNK ? at : i + CHUNK);
		size_t e = j < at ? j + 1 : at;
		if (e > i + CHUNK)
			e = i + CHUNK;
		if (csv_parse(&q, WB(st) + i, e - i, NULL, NULL, NULL) != e - i)
			break;
		grow_geometrically(&q);
		i = e;
	}
	csv_free(&q);
	if (find_term(WB(st), s, at) < at)
		unclosed = 1;   /* the record ran over a line end */
	st->cause = unclosed ? "a quote is not closed" : quoted ? "text after a closing quote"
		: "a quote in the middle of a field";
	clear_row(st);
	st->first = st->row.record + 1;
	st->lines = 0;
	st->line_has = 0;
	win_drop(st, s);
	st->fed = 0;
	parser_init(&st->p, st->delim);
	st->mode = SKIP;
	return 0;
}

/* NORMAL: feed what is in win; 0 when all is fed or an error sent us back. */
static int pump_normal(struct state *st, char **err)
{
	while (st->mode == NORMAL && st->fed < WN(st) && !st->stop) {
		size_t t = last_term(WB(st), st->fed, WN(st));
		size_t end = t > st->fed ? t : WN(st);
		size_t k = end - st->fed;
		size_t used = csv_parse(&st->p, WB(st) + st->fed, k, on_field, on_record, st);
		if (used != k && st->stop)
			return 0;   /* past where the caller stopped: not its business */
		if (used != k)
			return go_back(st, st->fed + (used < k ? used : k - 1), 0, err);
		grow_geometrically(&st->p);
		st->fed = end;
		if (end == t && st->p.pstate == st->idle) {
			win_drop(st, end);   /* between records: nothing to go back to */
			st->lost = 0;
		} else if (st->lost || WN(st) > RETAIN_MAX) {
			st->lost = 1;        /* a record too long to go back over */
			win_drop(st, st->fed);
		}
	}
	return 0;
}

/* SKIP and TRY; returns with mode NORMAL, or still skipping for more text. */
static void pump_resync(struct state *st, int final)
{
	while (!st->stop && st->mode != NORMAL) {
		char *b = WB(st);
		size_t n = WN(st);
		if (st->mode == SKIP) {
			size_t j = find_term(b, 0, n);
			if (j == n) {   /* the line goes on past what we have */
				st->line_has |= !blank(st, b, n);
				win_drop(st, WN(st));
				if (!final)
					return;
				st->lines += (size_t)st->line_has;
				st->line_has = 0;
				emit_stretch(st);
				st->mode = NORMAL;
				return;
			}
			if (st->line_has || !blank(st, b, j))
				st->lines++;
			st->line_has = 0;
			win_drop(st, j + 1);
			st->mode = TRY;
			st->tried = 0;
			st->verdict = 0;
			continue;
		}
		if (st->tried == 0 && n && (b[0] == '\n' || b[0] == '\r')) {
			win_drop(st, 1);   /* an empty line starts nothing */
			continue;
		}
		while (!st->verdict && st->tried < n) {
			size_t j = find_term(b, st->tried, n);
			if (j == n && !final) {
				if (n > CSVREAD_RESYNC_MAX)
					st->verdict = -1;
				break;   /* wait for the line's end */
			}
			size_t e = j < n ? j + 1 : n, k = e - st->tried;
			size_t used = csv_parse(&st->p, b + st->tried, k, on_field, on_record, st);
			st->tried = e;
			if (used != k)
				st->verdict = -1;
			else if (!st->verdict && st->tried > CSVREAD_RESYNC_MAX)
				st->verdict = -1;
		}
		if (!st->verdict && final && st->tried >= n &&
		    csv_fini(&st->p, on_field, on_record, st) != 0)
			st->verdict = -1;
		if (st->verdict > 0) {
			/* handed on: normal reading goes on after it */
			win_drop(st, st->tried);
			st->fed = 0;
			return;
		}
		if (st->verdict < 0) {
			clear_row(st);
			csv_free(&st->p);
			parser_init(&st->p, st->delim);
			st->mode = SKIP;
			continue;
		}
		if (final) {   /* blanks only, up to the end */
			win_drop(st, WN(st));
			emit_stretch(st);
			st->mode = NORMAL;
		}
		return;
	}
}

static int pump(struct state *st, int final, char **err)
{
	while (!st->stop) {
		if (st->mode == NORMAL) {
			if (st->fed >= WN(st))
				return 0;
			if (pump_normal(st, err) < 0)
				return -1;
		} else {
			pump_resync(st, final);
			if (st->mode != NORMAL)
				return 0;
		}
	}
	return 0;
}

/* Text (UTF-8 now) into libcsv, through win. */
static int parse_text(struct state *st, const char *buf, size_t n, char **err)
{
	if (st->head) {
		/* what is still kept moves down, once per chunk */
		memmove(st->win.buf, st->win.buf + st->head, st->win.len - st->head);
		st->win.len -= st->head;
		st->head = 0;
	}
	sb_add(&st->win, buf, n);
	return pump(st, 0, err);
}

/* Raw bytes: through the converter when there is one. */
static int parse_raw(struct state *st, const char *buf, size_t n, char **err)
{
	if (st->rc)
		buf = recode_chunk(st->rc, buf, n, &n);
	return parse_text(st, buf, n, err);
}

/*
 * The next bytes of the input.  The first three are held until we know
 * whether they are a UTF-8 byte-order mark (they may arrive one at a
 * time); a mark is dropped and means the file is UTF-8 whatever the
 * feed's encoding says.
 */
static int feed_bytes(struct state *st, const char *buf, size_t n, char **err)
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
		} else if (parse_raw(st, (const char *)st->pre, st->npre, err) < 0) {
			return -1;
		}
	}
	while (n && !st->stop) {
		size_t k = n < CHUNK ? n : CHUNK;
		if (parse_raw(st, buf, k, err) < 0)
			return -1;
		buf += k;
		n -= k;
	}
	return 0;
}

/*
 * End of input: held bytes, the converter's tail, then libcsv's last
 * record; a quote open at the end goes back like any syntax error.
 */
static int finish(struct state *st, int rc, struct csvread_info *info, char **err)
{
	if (rc == 0 && !st->stop && !st->decided && st->npre)
		rc = parse_raw(st, (const char *)st->pre, st->npre, err);
	if (rc == 0 && !st->stop && st->rc) {
		size_t n;
		const char *tail = recode_finish(st->rc, &n);
		rc = parse_text(st, tail, n, err);
	}
	while (rc == 0 && !st->stop) {
		rc = pump(st, 1, err);
		if (rc < 0 || st->stop || csv_fini(&st->p, on_field, on_record, st) == 0)
			break;
		rc = go_back(st, WN(st), 1, err);
	}
	if (st->rc)
		st->info.replaced += recode_replaced(st->rc);
	if (info)
		*info = st->info;
	csv_free(&st->p);
	clear_row(st);
	free(st->row.f);
	free(st->row.len);
	free(st->off);
	sb_release(&st->text);
	sb_release(&st->win);
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
	int fd = file_open_regular(path, FILE_NO_CAP, NULL, err);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		int e = errno;
		close(fd);
		return errorf(err, "cannot open '%s': %s", path, strerror(e));
	}
	if (offset > 0 && fseeko(f, offset, SEEK_SET) != 0) {
		int e = errno;
		fclose(f);
		return errorf(err, "cannot read '%s': %s", path, strerror(e));
	}
	struct state st = { .cb = cb, .ctx = ctx };
	/* a byte-order mark can only open a file */
	st.decided = offset > 0;
	st.row.record = records_before;
	if (start(&st, d, err) < 0) {
		fclose(f);
		return -1;
	}
	char *buf = xmalloc(CHUNK);
	size_t n;
	int rc = 0;
	while (rc == 0 && !st.stop && (n = fread(buf, 1, CHUNK, f)) > 0)
		rc = feed_bytes(&st, buf, n, err);
	if (rc == 0 && ferror(f))
		rc = errorf(err, "cannot read '%s': %s", path, strerror(errno));
	fclose(f);
	free(buf);
	return finish(&st, rc, info, err);
}

int csvread_buffer(const char *buf, size_t len, const struct csv_dialect *d,
		   int (*cb)(const struct csvread_row *, void *), void *ctx,
		   struct csvread_info *info, char **err)
{
	struct state st = { .cb = cb, .ctx = ctx };
	if (start(&st, d, err) < 0)
		return -1;
	int rc = feed_bytes(&st, buf, len, err);
	return finish(&st, rc, info, err);
}
