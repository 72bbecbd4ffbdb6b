/*
 * feedkind_tickets — one row per ticket: an id, when it was opened, and
 * when it was first answered and resolved (or closed, when no resolved
 * column is mapped).
 */
#include <stdio.h>
#include <stdlib.h>

#include "civil.h"
#include "config.h"
#include "csvread.h"
#include "feedkind.h"
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
			      .resolved = TS_NONE, .at = TS_NONE };
	int rc = feedkind_time(c, r, FIELD_OPENED, &fr.opened, why, size);
	if (rc == 1)
		snprintf(why, size, "no opened time");
	if (rc)
		return -1;
	if (feedkind_time(c, r, FIELD_RESPONDED, &fr.responded, why, size) < 0)
		return -1;
	enum field stop = c->col[FIELD_RESOLVED] >= 0 ? FIELD_RESOLVED : FIELD_CLOSED;
	if (feedkind_time(c, r, stop, &fr.resolved, why, size) < 0)
		return -1;
	char *key = xstrndup(id, n);
	char *cells[FIELD_COUNT];
	feedkind_cells(c, r, cells);
	fr.id = key;
	fr.cell = cells;
	c->sink->row(c->sink->ctx, c->feed_index, &fr);
	feedkind_cells_free(cells);
	free(key);
	return 0;
}

const struct feedkind feedkind_tickets = { KIND_TICKETS, row };
