/*
 * feedkind_events — one row per change of a ticket: its id, when, and the
 * status it moved to.  The ticket's stamps are derived from all its events
 * together (timeline.c), once every row is in.
 */
#include <stdio.h>
#include <stdlib.h>

#include "civil.h"
#include "config.h"
#include "csvread.h"
#include "feedkind.h"
#include "health.h"
#include "util.h"

static int row(struct feedkind_ctx *c, const struct csvread_row *r, char *why, size_t size)
{
	size_t n;
	const char *id = feedkind_cell(c, r, FIELD_ID, &n);
	if (!n) {
		snprintf(why, size, "no ticket id");
		return -1;
	}
	struct feedrow fr = { .row = r->record, .opened = TS_NONE, .responded = TS_NONE,
			      .resolved = TS_NONE };
	int rc = feedkind_time(c, r, FIELD_AT, &fr.at, why, size);
	if (rc == 1)
		snprintf(why, size, "no event time");
	if (rc)
		return -1;
	if (feedkind_time(c, r, FIELD_OPENED, &fr.opened, why, size) < 0)
		return -1;
	size_t sn;
	const char *status = feedkind_cell(c, r, FIELD_STATUS, &sn);
	if (!sn) {
		snprintf(why, size, "no status");
		return -1;
	}
	char *key = xstrndup(id, n), *st = xstrndup(status, sn);
	if (c->health) {
		const struct feed *f = c->feed;
		health_cell(c->health, FIELD_STATUS, status, sn,
			    feedkind_in_list(st, f->new_status.v, f->new_status.n) ||
			    feedkind_in_list(st, f->resolved_status.v, f->resolved_status.n) ||
			    feedkind_in_list(st, f->pause_status.v, f->pause_status.n));
	}
	char *cells[FIELD_COUNT];
	feedkind_cells(c, r, cells);
	fr.id = key;
	fr.status = st;
	fr.cell = cells;
	c->sink->row(c->sink->ctx, c->feed_index, &fr);
	feedkind_cells_free(cells);
	free(key);
	free(st);
	return 0;
}

const struct feedkind feedkind_events = { KIND_TICKET_EVENTS, row };
