#ifndef FITSMON_TIMELINE_H
#define FITSMON_TIMELINE_H
/*
 * timeline — a ticket's stamps from its events, as DESIGN.md's "Ticket
 * events" pins them.  Events are given in time order (ties in file order):
 *   opened     `opened` when the feed maps it, else the first event;
 *   responded  the first event whose status is not a new status;
 *   resolved   the start of the final unbroken run of resolved statuses,
 *              when the latest status is one of them;
 *   paused     from each pause-status event to the next event (or now);
 *   reopened   time in a resolved status that the ticket later left is not
 *              counted either (it joins the pauses in t->excl, not in
 *              t->pause).
 */
#include <stddef.h>
#include <stdint.h>

#include "civil.h"

/* What a ticket's events say: its stamps (TS_NONE absent) and the time
 * not counted.  Owns pause, pause_status and excl. */
struct timeline {
	int64_t opened, responded, resolved;
	struct span *pause;       /* pause-status spans, each apart */
	char **pause_status;      /* the status of each pause span */
	size_t npause;
	struct span *excl;        /* time not counted: pauses and reopen gaps */
	size_t nexcl;
};

enum { TL_NEW = 1, TL_RESOLVED = 2, TL_PAUSE = 4 };

struct timeline_event {
	int64_t at;
	unsigned flags;        /* TL_* */
	const char *status;    /* as written; used to label pauses */
};

/* Set t's stamps and spans (replacing any) from e[0..m), m >= 1. */
void timeline_derive(struct timeline *t, int64_t opened, const struct timeline_event *e,
		     size_t m, int64_t now);

#endif
