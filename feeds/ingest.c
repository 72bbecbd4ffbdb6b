/*
 * ingest — one feed's CSV file to a sink: the feed's dialect (delimiter,
 * encoding, header row), header mapping (including "A + B" joins),
 * missing-value markers, and dispatch to the feed kind.
 */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "csvread.h"
#include "feedkind.h"
#include "health.h"
#include "timefmt.h"
#include "util.h"

const struct feedkind *feedkind_get(enum feed_kind k)
{
	switch (k) {
	case KIND_TICKETS:
		return &feedkind_tickets;
	case KIND_TICKET_EVENTS:
		return &feedkind_events;
	default:
		return &feedkind_activities;
	}
}

const char *feedkind_cell(const struct feedkind_ctx *c, const struct csvread_row *r,
			  enum field f, size_t *n)
{
	int i = c->col[f];
	if (i < 0) {
		*n = 0;
		return NULL;
	}
	if ((size_t)i >= r->n) {
		*n = 0;
		return "";
	}
	const char *s;
	*n = str_trim_span(r->f[i], r->len[i], &s);
	return s;
}

/* The cells share one allocation, which starts at the first mapped one. */
void feedkind_cells(const struct feedkind_ctx *c, const struct csvread_row *r,
		    char *cells[FIELD_COUNT])
{
	const char *src[FIELD_COUNT];
	size_t len[FIELD_COUNT], total = 0;
	for (int f = 0; f < FIELD_COUNT; f++) {
		src[f] = feedkind_cell(c, r, (enum field)f, &len[f]);
		if (src[f])
			total += len[f] + 1;
	}
	char *block = total ? xmalloc(total) : NULL, *p = block;
	for (int f = 0; f < FIELD_COUNT; f++) {
		cells[f] = NULL;
		if (!src[f])
			continue;
		memcpy(p, src[f], len[f]);
		p[len[f]] = '\0';
		cells[f] = p;
		p += len[f] + 1;
	}
}

void feedkind_cells_free(char *cells[FIELD_COUNT])
{
	for (int f = 0; f < FIELD_COUNT; f++)
		if (cells[f]) {
			free(cells[f]);
			break;
		}
}

int feedkind_time(const struct feedkind_ctx *c, const struct csvread_row *r, enum field f,
		  int64_t *out, char *why, size_t size)
{
	size_t n;
	const char *s = feedkind_cell(c, r, f, &n);
	if (!s || !n)
		return 1;
	char *text = xstrndup(s, n);
	int rc = timefmt_parse(text, c->feed->time_format, c->feed->tz, out);
	if (c->health)
		health_cell(c->health, f, s, n, rc == 0);
	if (rc < 0) {
		/* keep the quoted cell short: the reason goes to a log line */
		snprintf(why, size, "bad %s time '%.40s%s' (expected %s)", fields_name(f), text,
			 n > 40 ? "..." : "", c->feed->time_format ? c->feed->time_format
			 : "iso8601, e.g. 2026-11-24 14:05");
	}
	free(text);
	return rc < 0 ? -1 : 0;
}

int feedkind_in_list(const char *s, char *const *list, size_t n)
{
	const char *b;
	size_t len = str_trim_span(s, strlen(s), &b);
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !strncasecmp(list[i], b, len))
			return 1;
	return 0;
}

/* A mapping that names two or more header columns joined with " + ". */
struct join {
	size_t *idx;           /* header index of each part */
	size_t n;
	struct strbuf text;    /* the joined cell of the current record */
};

struct run {
	struct feedkind_ctx c;
	const struct feedkind *kind;
	struct ingest_stats *st;
	int have_header;
	size_t width;          /* fields in the header row */
	struct join join[FIELD_COUNT];
	int njoin;
	int header_only;       /* stop once the header is mapped */
	const char *missing;   /* the first mapped column not in the header */
	size_t missing_len;
	/* the record as the kind sees it: header width, then joined cells */
	char **vf;
	size_t *vlen;
	size_t vcap;
	char *err;
};

static char empty_cell[1];

/*
 * Header index of a column name: an exact match first, then one that
 * differs only in ASCII case; -1 when absent.  Header cells are trimmed.
 */
static int find_column(const struct csvread_row *r, const char *name, size_t len)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n; i++) {
			const char *b;
			size_t n = str_trim_span(r->f[i], r->len[i], &b);
			if (n == len && (pass ? !strncasecmp(b, name, n) : !memcmp(b, name, n)))
				return (int)i;
		}
	return -1;
}

/* "the header has: A, B, ..." for an error message (at most 30 names). */
static char *header_names(const struct csvread_row *r)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < r->n && i < 30; i++) {
		if (i)
			sb_puts(&sb, ", ");
		sb_add(&sb, r->f[i], r->len[i] > 40 ? 40 : r->len[i]);
	}
	if (r->n > 30)
		sb_puts(&sb, ", ...");
	if (!sb.len)
		sb_puts(&sb, "nothing");
	return sb_detach(&sb);
}

/*
 * Map column.K = "A + B": used only when no header is literally called
 * "A + B".  Each part must be a header name; 0, or 1 with rn->err.
 */
static int map_join(struct run *rn, const struct csvread_row *r, int k)
{
	const char *spec = rn->c.feed->column[k];
	struct join *j = &rn->join[k];
	size_t cap = 0;
	const char *p = spec;
	for (;;) {
		const char *plus = strstr(p, " + ");
		size_t n = plus ? (size_t)(plus - p) : strlen(p);
		const char *b;
		n = str_trim_span(p, n, &b);
		int i = n ? find_column(r, b, n) : -1;
		if (i < 0) {
			rn->missing = b;
			rn->missing_len = n;
			char *names = header_names(r);
			rn->err = xasprintf("column '%.*s' (part of column.%s = %s) is not in the "
					    "header; the header has: %s", (int)n, b,
					    fields_name((enum field)k), spec, names);
			free(names);
			return 1;
		}
		VEC_GROW(j->idx, j->n, cap, j->n + 1);
		j->idx[j->n++] = (size_t)i;
		if (!plus)
			break;
		p = plus + 3;
	}
	return 0;
}

/*
 * Find every mapped column in the header row.  Joined mappings get
 * columns of their own after the header's, so c.col stays a plain index
 * for the kinds.
 */
static int map_header(struct run *rn, const struct csvread_row *r)
{
	const struct feed *f = rn->c.feed;
	if (r->bad) {
		rn->err = xasprintf("the header row (record %zu): %s", r->record, r->bad);
		return 1;
	}
	rn->width = r->n;
	for (int k = 0; k < FIELD_COUNT; k++) {
		rn->c.col[k] = -1;
		if (!f->column[k])
			continue;
		rn->c.col[k] = find_column(r, f->column[k], strlen(f->column[k]));
		if (rn->c.col[k] >= 0 || (f->optional & 1u << k))
			continue;   /* a preset's optional column may be absent */
		if (strstr(f->column[k], " + ")) {
			if (map_join(rn, r, k))
				return 1;
			rn->c.col[k] = (int)(rn->width + (size_t)rn->njoin++);
			continue;
		}
		rn->missing = f->column[k];
		rn->missing_len = strlen(f->column[k]);
		char *names = header_names(r);
		rn->err = xasprintf("column '%s' (column.%s) is not in the header; the header "
				    "has: %s", f->column[k], fields_name((enum field)k), names);
		free(names);
		return 1;
	}
	return 0;
}

/* 1 when the trimmed cell is one of the feed's missing-value markers. */
static int is_missing(const struct feed *f, const char *s, size_t len)
{
	const char *b;
	size_t n = str_trim_span(s, len, &b);
	for (size_t i = 0; i < f->missing.n; i++)
		if (strlen(f->missing.v[i]) == n && !memcmp(f->missing.v[i], b, n))
			return 1;
	return 0;
}

/*
 * The record as the kinds see it: exactly the header's width (short
 * records padded with empty cells), missing-value markers read as empty,
 * then one cell per joined mapping: the parts' trimmed cells joined with
 * one space.  The view borrows r's strings; it lives until the next call.
 */
static struct csvread_row view_of(struct run *rn, const struct csvread_row *r)
{
	const struct feed *f = rn->c.feed;
	size_t n = rn->width + (size_t)rn->njoin;
	if (n > rn->vcap) {
		rn->vcap = n;
		rn->vf = xreallocarray(rn->vf, n, sizeof(*rn->vf));
		rn->vlen = xreallocarray(rn->vlen, n, sizeof(*rn->vlen));
	}
	for (size_t i = 0; i < rn->width; i++) {
		if (i < r->n && !(f->missing.n && is_missing(f, r->f[i], r->len[i]))) {
			rn->vf[i] = r->f[i];
			rn->vlen[i] = r->len[i];
		} else {
			rn->vf[i] = empty_cell;
			rn->vlen[i] = 0;
		}
	}
	for (int k = 0; k < FIELD_COUNT; k++) {
		struct join *j = &rn->join[k];
		if (!j->n)
			continue;
		j->text.len = 0;
		for (size_t p = 0; p < j->n; p++) {
			const char *b;
			size_t len = str_trim_span(rn->vf[j->idx[p]], rn->vlen[j->idx[p]], &b);
			if (p)
				sb_putc(&j->text, ' ');
			sb_add(&j->text, b, len);
		}
		sb_add(&j->text, "", 0);   /* NUL-terminated even when empty */
		size_t at = (size_t)rn->c.col[k];
		rn->vf[at] = j->text.buf;
		rn->vlen[at] = j->text.len;
	}
	return (struct csvread_row){ .f = rn->vf, .len = rn->vlen, .n = n, .record = r->record };
}

/*
 * Lines skipped for a CSV syntax error: one reject naming them all, or
 * the feed's error when they hold the header.
 */
static int on_stretch(struct run *rn, const struct csvread_row *r, size_t header)
{
	size_t lines = r->last - r->record + 1;
	if (r->last < header) {
		rn->st->skipped += lines;   /* all above the header */
		return 0;
	}
	if (!rn->have_header) {
		rn->err = xasprintf("the header row (record %zu) is not valid CSV: %s", header,
				    r->bad);
		return 1;
	}
	rn->st->records += lines;
	rn->st->rejected++;
	rn->st->broken++;
	/* for the health gate each skipped line is a row lost */
	for (size_t i = 0; rn->c.health && i < lines; i++) {
		health_row(rn->c.health);
		health_reject(rn->c.health, r->bad);
	}
	rn->c.sink->reject(rn->c.sink->ctx, rn->c.feed_index, r->record, r->bad);
	return 0;
}

static int on_row(const struct csvread_row *r, void *ctx)
{
	struct run *rn = ctx;
	size_t header = (size_t)(rn->c.feed->header_row > 0 ? rn->c.feed->header_row : 1);
	if (r->syntax)
		return on_stretch(rn, r, header);
	if (r->record < header) {
		rn->st->skipped++;   /* a title line or notes above the header */
		return 0;
	}
	if (!rn->have_header) {
		rn->have_header = 1;
		return map_header(rn, r) || rn->header_only;
	}
	rn->st->records++;
	if (rn->c.health)
		health_row(rn->c.health);
	char why[512];
	why[0] = '\0';
	if (r->bad) {
		snprintf(why, sizeof(why), "%s", r->bad);
	} else {
		struct csvread_row v = view_of(rn, r);
		if (rn->kind->row(&rn->c, &v, why, sizeof(why)) == 0)
			return 0;
	}
	rn->st->rejected++;
	if (rn->c.health)
		health_reject(rn->c.health, why);
	rn->c.sink->reject(rn->c.sink->ctx, rn->c.feed_index, r->record, why);
	return 0;
}

/* The iconv name of a feed's encoding; NULL for UTF-8 (read as is). */
static const char *charset_of(const struct feed *f)
{
	switch (f->encoding) {
	case ENC_WINDOWS_1252:
		return "WINDOWS-1252";
	case ENC_LATIN1:
		return "ISO-8859-1";
	default:
		return NULL;
	}
}

void ingest_dialect(const struct feed *f, struct csv_dialect *d)
{
	memset(d, 0, sizeof(*d));
	d->delim = f->delimiter ? f->delimiter : ',';
	d->charset = charset_of(f);
	d->header = (size_t)(f->header_row > 0 ? f->header_row : 1);
}

/* " (an HTML page?)" and the like when the file's first bytes say what it is. */
static const char *looks_like(const char *path)
{
	int fd = file_open_regular(path, FILE_NO_CAP, NULL, NULL);
	FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!fp) {
		if (fd >= 0)
			close(fd);
		return "";
	}
	char buf[256];
	size_t n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	size_t i = n >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3) ? 3 : 0;
	while (i < n && strchr(" \t\r\n", buf[i]))
		i++;
	if (i < n && buf[i] == '<')
		return " (an HTML page?)";
	if (i < n && (buf[i] == '{' || buf[i] == '['))
		return " (a JSON document?)";
	if (n >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b)
		return " (still gzip-compressed?)";
	return "";
}

int ingest_check_header(const struct config *cfg, int feed, const char *path, char **err)
{
	struct ingest_stats st;
	struct run rn = { 0 };
	rn.c.cfg = cfg;
	rn.c.feed = &cfg->feed[feed];
	rn.c.feed_index = feed;
	rn.kind = feedkind_get(rn.c.feed->kind);
	rn.st = &st;
	rn.header_only = 1;
	memset(&st, 0, sizeof(st));
	struct csv_dialect d;
	ingest_dialect(rn.c.feed, &d);
	struct csvread_info info = { 0 };
	char *cerr = NULL;
	/* on_row stops the read once the header is mapped (header_only) */
	int rc = csvread_file(path, &d, on_row, &rn, &info, &cerr);
	const char *kind = looks_like(path);
	if (rc == 0 && rn.missing && *kind) {
		rc = -1;
		cerr = xasprintf("no '%.*s' column", (int)rn.missing_len, rn.missing);
	} else if (rc == 0 && rn.missing) {
		/* a renamed column: say what the header has (map_header's list) */
		const char *has = strstr(rn.err, "; the header has: ");
		rc = -1;
		cerr = xasprintf("no '%.*s' column (the header has: %s)", (int)rn.missing_len,
				 rn.missing, has ? has + 18 : "?");
		kind = "";
	} else if (rc == 0 && rn.err) {
		rc = -1;
		cerr = rn.err;
		rn.err = NULL;
	} else if (rc == 0 && !rn.have_header) {
		rc = -1;
		cerr = rn.c.feed->header_row > 1
			? xasprintf("no header in record %d (header_row)", rn.c.feed->header_row)
			: xstrdup("no header row");
	}
	if (rc < 0)
		errorf(err, "%s%s", cerr, kind);
	free(cerr);
	free(rn.err);
	for (int k = 0; k < FIELD_COUNT; k++) {
		free(rn.join[k].idx);
		sb_release(&rn.join[k].text);
	}
	return rc;
}

int ingest_file(const struct config *cfg, int feed, const char *path,
		const struct feedsink *sink, struct ingest_stats *st, char **err)
{
	return ingest_file_from(cfg, feed, path, 0, 0, sink, st, err);
}

int ingest_file_from(const struct config *cfg, int feed, const char *path, off_t offset,
		     size_t records_before, const struct feedsink *sink, struct ingest_stats *st,
		     char **err)
{
	return ingest_file_measured(cfg, feed, path, offset, records_before, sink, st, NULL, err);
}

int ingest_file_measured(const struct config *cfg, int feed, const char *path, off_t offset,
			 size_t records_before, const struct feedsink *sink,
			 struct ingest_stats *st, struct health *health, char **err)
{
	struct run rn = { 0 };
	rn.c.cfg = cfg;
	rn.c.feed = &cfg->feed[feed];
	rn.c.feed_index = feed;
	rn.c.sink = sink;
	rn.kind = feedkind_get(rn.c.feed->kind);
	rn.st = st;
	rn.c.health = health;
	if (health)
		health->known = 1;
	memset(st, 0, sizeof(*st));
	struct csv_dialect d;
	ingest_dialect(rn.c.feed, &d);
	struct csvread_info info = { 0 };
	char *cerr = NULL;
	int rc = 0;
	if (offset > 0) {
		/* the columns come from the header at the top of the file */
		rn.header_only = 1;
		rc = csvread_file(path, &d, on_row, &rn, &info, &cerr);
		rn.header_only = 0;
		st->skipped = 0;
		/* a byte-order mark at the top means UTF-8 for the whole file,
		 * whatever the feed's encoding says (found by fuzz_csv_tickets) */
		if (info.bom)
			d.charset = NULL;
		/* the width a resync after a syntax error looks for */
		d.width = rn.width;
		if (rc == 0 && !rn.err && !rn.have_header) {
			rc = -1;
			cerr = xstrdup("no header row before the new records");
		}
	}
	if (rc == 0 && !rn.err)
		rc = csvread_file_from(path, &d, offset, records_before, on_row, &rn, &info, &cerr);
	st->replaced = info.replaced;
	st->bom = info.bom;
	st->total = records_before + info.records;
	if (rc == 0 && rn.err) {
		rc = -1;
		cerr = rn.err;
		rn.err = NULL;
	} else if (rc == 0 && !rn.have_header) {
		rc = -1;
		if (rn.c.feed->header_row > 1)
			cerr = xasprintf("the file has %zu records, so no header in record %d "
					 "(header_row)", info.records, rn.c.feed->header_row);
		else
			cerr = xstrdup("the file is empty (no header row)");
	}
	if (rc < 0)
		errorf(err, "%s: %s", rn.c.feed->id, cerr);
	free(cerr);
	free(rn.err);
	for (int k = 0; k < FIELD_COUNT; k++) {
		free(rn.join[k].idx);
		sb_release(&rn.join[k].text);
	}
	free(rn.vf);
	free(rn.vlen);
	return rc;
}
