/*
 * feedkind_tickets — one row per ticket; a repeated id means the last row
 * wins.  Stamps later than `now` have not happened yet (so --now replays a
 * past night): a ticket opened after now is ignored, a response or
 * resolution after now leaves its clock running.
 */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "csvread.h"
#include "dataset.h"
#include "feedkind.h"
#include "util.h"

static void begin(struct feedkind_ctx *c)
{
	(void)c;
}

static void end(struct feedkind_ctx *c)
{
	(void)c;
}

static int row(struct feedkind_ctx *c, const struct csvread_row *r, char *why, size_t size)
{
	size_t n;
	const char *id = feedkind_cell(c, r, FIELD_ID, &n);
	if (!n) {
		snprintf(why, size, "no ticket id");
		return FEEDKIND_BAD;
	}
	int64_t opened, responded = TS_NONE, resolved = TS_NONE, v;
	int rc = feedkind_time(c, r, FIELD_OPENED, &opened, why, size);
	if (rc == 1)
		snprintf(why, size, "no opened time");
	if (rc)
		return FEEDKIND_BAD;
	if (opened > c->now)
		return FEEDKIND_FUTURE;
	rc = feedkind_time(c, r, FIELD_RESPONDED, &v, why, size);
	if (rc < 0)
		return FEEDKIND_BAD;
	if (rc == 0 && v <= c->now)
		responded = v;
	enum field stop = c->col[FIELD_RESOLVED] >= 0 ? FIELD_RESOLVED : FIELD_CLOSED;
	rc = feedkind_time(c, r, stop, &v, why, size);
	if (rc < 0)
		return FEEDKIND_BAD;
	if (rc == 0 && v <= c->now)
		resolved = v;

	char *key = xstrndup(id, n);
	int created;
	struct ticket *t = dataset_ticket(c->ds, c->feed_index, key, &created);
	free(key);
	if (!created)
		dataset_ticket_reset(t);
	t->row = r->record;
	t->opened = opened;
	t->responded = responded;
	t->resolved = resolved;
	for (int f = 0; f < FIELD_COUNT; f++)
		t->cell[f] = feedkind_dup(c, r, (enum field)f);
	return FEEDKIND_OK;
}

const struct feedkind feedkind_tickets = { KIND_TICKETS, begin, row, end };
