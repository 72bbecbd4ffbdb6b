/* ingest — CSV to dataset: header mapping, dispatch to the feed kind. */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "csvread.h"
#include "feedkind.h"
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

void feedkind_cells(const struct feedkind_ctx *c, const struct csvread_row *r,
		    char *cells[FIELD_COUNT])
{
	for (int f = 0; f < FIELD_COUNT; f++) {
		size_t n;
		const char *s = feedkind_cell(c, r, (enum field)f, &n);
		cells[f] = s ? xstrndup(s, n) : NULL;
	}
}

void feedkind_cells_free(char *cells[FIELD_COUNT])
{
	for (int f = 0; f < FIELD_COUNT; f++)
		free(cells[f]);
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

struct run {
	struct feedkind_ctx c;
	const struct feedkind *kind;
	struct ingest_stats *st;
	int have_header;
	char *err;
};

/* Find every mapped column in the header row. */
static int map_header(struct run *rn, const struct csvread_row *r)
{
	const struct feed *f = rn->c.feed;
	for (int k = 0; k < FIELD_COUNT; k++) {
		rn->c.col[k] = -1;
		if (!f->column[k])
			continue;
		for (int pass = 0; pass < 2 && rn->c.col[k] < 0; pass++)
			for (size_t i = 0; i < r->n; i++) {
				const char *b;
				size_t n = str_trim_span(r->f[i], r->len[i], &b);
				if (n == strlen(f->column[k]) &&
				    (pass ? !strncasecmp(b, f->column[k], n)
					  : !strncmp(b, f->column[k], n))) {
					rn->c.col[k] = (int)i;
					break;
				}
			}
		if (rn->c.col[k] < 0) {
			struct strbuf sb = STRBUF_INIT;
			for (size_t i = 0; i < r->n && i < 30; i++) {
				if (i)
					sb_puts(&sb, ", ");
				sb_add(&sb, r->f[i], r->len[i] > 40 ? 40 : r->len[i]);
			}
			if (r->n > 30)
				sb_puts(&sb, ", ...");
			rn->err = xasprintf("column '%s' (column.%s) is not in the header; the "
					    "header has: %s", f->column[k],
					    fields_name((enum field)k), sb.len ? sb.buf : "nothing");
			sb_release(&sb);
			return 1;
		}
	}
	return 0;
}

static int on_row(const struct csvread_row *r, void *ctx)
{
	struct run *rn = ctx;
	if (!rn->have_header) {
		rn->have_header = 1;
		return map_header(rn, r);
	}
	rn->st->records++;
	char why[512];
	why[0] = '\0';
	if (rn->kind->row(&rn->c, r, why, sizeof(why)) < 0) {
		rn->st->rejected++;
		rn->c.sink->reject(rn->c.sink->ctx, rn->c.feed_index, r->record, why);
	}
	return 0;
}

int ingest_file(const struct config *cfg, int feed, const char *path,
		const struct feedsink *sink, struct ingest_stats *st, char **err)
{
	struct run rn = { 0 };
	rn.c.cfg = cfg;
	rn.c.feed = &cfg->feed[feed];
	rn.c.feed_index = feed;
	rn.c.sink = sink;
	rn.kind = feedkind_get(rn.c.feed->kind);
	rn.st = st;
	memset(st, 0, sizeof(*st));
	struct csv_dialect d = { ',' };
	char *cerr = NULL;
	int rc = csvread_file(path, &d, on_row, &rn, &cerr);
	if (rc == 0 && rn.err) {
		rc = -1;
		cerr = rn.err;
		rn.err = NULL;
	} else if (rc == 0 && !rn.have_header) {
		rc = -1;
		cerr = xstrdup("the file is empty (no header row)");
	}
	if (rc < 0)
		errorf(err, "%s: %s", rn.c.feed->id, cerr);
	free(cerr);
	free(rn.err);
	return rc;
}
