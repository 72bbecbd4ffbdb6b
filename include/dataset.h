#ifndef FITSMON_DATASET_H
#define FITSMON_DATASET_H
/*
 * dataset — the rows one evaluation works on, as they stand at `now`:
 * tickets (from `tickets` rows, or derived from `ticket-events`), supplier
 * activity rows, and the rows rejected with their reasons.  It is built
 * from parsed feed rows (feedkind.h) whether they come straight from a
 * file or from the store, and it decides what has happened by `now`:
 *   - a ticket opened after now is not there; a response or resolution
 *     stamped after now has not happened (its clock still runs);
 *   - events and activity rows after now are ignored (counted in
 *     feedstat.future);
 *   - in a `tickets` feed a repeated id means the last row wins;
 *   - each activity row kept is matched once, as it enters, against its
 *     feed's evidence plan (evidence.h): actrow.ev / actrow.concern.
 * It keeps every row it is given and calls nothing back: what a load
 * leaves out (rows before a window, all but late calls, all but one
 * ticket) is the select step's (select.h), between loader and dataset.
 * Call dataset_finish once every row is in.  Instants are UTC seconds;
 * TS_NONE marks a stamp that is absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "civil.h"
#include "feedkind.h"
#include "fields.h"
#include "health.h"

#define SLA_UNKNOWN (-2)

struct config;

/*
 * What the copies of a `tickets` ticket showed over time, copy by copy
 * (the loader gives each version of its row with the fetch time of the
 * copy that brought it, and the last copy fetched before that: the copies
 * in between showed the version before).  DESIGN.md "Nightly copies":
 * the ticket's `opened` is the earliest any copy showed; a stop is the
 * latest of the stamp the newest copy shows, the stamp as first reported
 * and the fetch time of the last copy that showed the ticket without it
 * (none while the newest copy shows none).  Instants are UTC seconds,
 * TS_NONE when there is none.
 */
struct stop_history {
	int64_t first, first_at;     /* the stop as first reported, and that copy's fetch */
	int64_t newest, newest_at;   /* as the newest copy shows it, and its fetch */
	int64_t without_at;          /* the last copy that showed the ticket without it */
	/* the first rewrite: the copy fetched at moved_at showed the stop at
	 * moved, before moved_without (the fetch of an earlier copy that
	 * showed the ticket without it); was: the stop reported before it */
	int64_t moved, moved_at, moved_without, was, was_at;
	size_t moved_row;            /* source record of the copy that moved it */
};

/* A change of the SLA that takes a ticket, seen in its copies. */
struct sla_change {
	int from, to;                /* SLA indexes (-1: none takes it) */
	int64_t at;                  /* fetch of the first copy that showed it */
	int64_t opened, responded, resolved;   /* the stamps known then (the rule above) */
	char *was, *now;             /* the priority cells before and after (NULL unmapped) */
	size_t row;
};

struct ticket_copies {
	size_t n;                    /* copies taken */
	int64_t opened;              /* the earliest opened */
	int64_t last_at;             /* fetch of the latest version */
	int64_t opened_at;           /* fetch of the copy that showed the earliest opened */
	/* the first copy that moved `opened` later: opened_moved shown in the
	 * copy fetched at opened_moved_at, after opened_was (fetch opened_was_at) */
	int64_t opened_moved, opened_moved_at, opened_was, opened_was_at;
	size_t opened_row;
	struct stop_history stop[2]; /* 0 responded, 1 resolved */
	int first_sla, last_sla;     /* the SLA of its first and latest version */
	char *prio;                  /* the latest version's priority cell (owned) */
	struct sla_change *chg;
	size_t nchg;
	/* the state before the latest copy (owned; its chg is not used, its
	 * nchg is how many changes were known then): a later row of the same
	 * copy replaces the one before ("the last row wins") */
	struct ticket_copies *base;
};

struct ticket {
	char *id;
	int feed;                 /* index into the config's feeds */
	size_t row;               /* source record of its latest row or event */
	int64_t opened, responded, resolved;   /* opened TS_NONE: not a ticket (yet) */
	int sla;                  /* the SLA that takes it (slachoice.h), -1 none,
				     SLA_UNKNOWN before dataset_finish */
	char *cell[FIELD_COUNT];  /* trimmed text of mapped columns, NULL if unmapped */
	struct span *pause;       /* pause-status spans, sorted, disjoint */
	char **pause_status;      /* the status of each pause span */
	size_t npause;
	struct span *excl;        /* time not counted: pauses and reopen gaps */
	size_t nexcl;
	size_t nevents;           /* ticket-events: events taken */
	/* waiting on the school: when the ticket's latest status at now is a
	 * pause status, the start of that unbroken run of pause statuses (the
	 * event, or the fetch time of the first copy that showed it); else
	 * TS_NONE */
	int64_t waiting;
	/* a `tickets` ticket's copies (owned); NULL for an events ticket */
	struct ticket_copies *copies;
};

struct actrow {
	int64_t at;
	int64_t hours_uh;         /* micro-hours (exact decimals) */
	size_t row;
	/* The text is kept only where something still reads it: when the
	 * masks decide every activity of the feed's supplier, only a row that
	 * reports a problem keeps its description (a report quotes it), and
	 * code is NULL; otherwise, or with dataset keep_text, both are kept
	 * (trimmed code, may be ""). */
	char *code;
	char *desc;
	/* bit j: evidence for, and concern of, entry j of the feed's plan
	 * (dataset_plan, evidence.h) */
	uint64_t ev, concern;
	int feed;
	int onsite;
};

struct reject {
	int feed;
	size_t row;
	char *reason;
};

struct feedstat {
	size_t records;           /* data records read */
	size_t accepted;
	size_t rejected;
	size_t future;            /* timed after now: ignored, as DESIGN.md says */
	int64_t last_success;     /* TS_NONE when never */
	int failed;               /* the feed could not be read at all */
	char *error;
	/* how well the copy in use was read (health.h), and the last time a
	 * copy that passed the health gate was taken in (TS_NONE: never) */
	struct health health;
	int64_t good_until;
	char *fetch_error;        /* the latest fetch attempt's error; NULL when it
				   * brought a good copy (or none was made) */
	/* what the copy in use changed in the store: rows new, corrected (a
	 * stored row's new version) and withdrawn (no longer in the copy);
	 * -1 when not known (read from a file, an older store, or a copy
	 * fetched after now) */
	int64_t copy_new, copy_corrected, copy_withdrawn;
};

struct dataset_events;
struct hashmap;
struct slachoice;
struct evidence_plan;
struct pattern_scratch;
struct cal_indexes;

struct dataset {
	const struct config *cfg;
	int64_t now;
	/* tickets a loader chose not to keep (dataset_ticket_drop, select.h) */
	size_t dropped;
	int keep_text;            /* keep every activity row's code and description */
	/* the fetch time of the copy the `tickets` rows being added come
	 * from (a store's loader sets it row by row); TS_NONE, as from a file:
	 * the copy in hand, taken as fetched at now.  A tickets feed's pauses
	 * run from the first copy that shows a pause status to the first
	 * later copy that shows another (or now): one copy's resolution. */
	int64_t copy_at;
	/* the fetch time of the last copy of the feed fetched before copy_at
	 * (it showed the version before), TS_NONE when not known */
	int64_t copy_before;
	struct ticket *t;
	size_t nt, capt;
	struct actrow *a;
	size_t na, capa;
	struct reject *r;
	size_t nr, capr;
	struct feedstat *fs;      /* one per configured feed */
	size_t nfeeds;
	struct hashmap *ids;      /* (feed, id) -> ticket index (dataset.c) */
	struct dataset_events *ev;   /* events waiting for dataset_finish */
	struct slachoice *choice;
	/* what loading writes while matching patterns and running clocks
	 * (the config is only read): PCRE2 match data with the load's
	 * match-limit counts (pattern.h), and calendar indexes (cal.h) */
	struct pattern_scratch *ps;
	struct cal_indexes *cals;
	struct evidence_plan **plan; /* one per configured feed; NULL unless activities */
};

struct dataset *dataset_new(const struct config *cfg, int64_t now);
void dataset_free(struct dataset *ds);

/* Take one parsed row of feed `feed`. */
void dataset_add(struct dataset *ds, int feed, const struct feedrow *r);
void dataset_reject(struct dataset *ds, int feed, size_t row, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A sink that feeds this dataset (for ingest_file and the store). */
struct feedsink dataset_sink(struct dataset *ds);
/*
 * All the events of one ticket of ticket-events feed `feed`, at once:
 * ev[0..n) share one id and are in time order, ties in file order (the
 * order the store reads them in).  Only the latest event at or before now
 * has its cells copied.  A ticket must come either whole through here or
 * event by event through dataset_add, never both.
 */
void dataset_add_events(struct dataset *ds, int feed, const struct feedrow *ev, size_t n);
/*
 * The same in steps, for a loader that chooses what it keeps (select.h).
 * dataset_ticket_derive works out into *t the ticket of the events
 * ev[0..n) (as dataset_add_events takes them): its stamps and spans at
 * now, no cells, SLA unknown; t is not in the dataset and borrows
 * ev[0].id.  Events after now are counted in feedstat.future, the others
 * accepted.  It returns the index in ev of the latest event at or before
 * now, or -1 when there is none (t holds nothing).
 * dataset_ticket_fill gives t the cells of that latest event, and its SLA;
 * dataset_ticket_put moves t into the dataset (replacing a ticket of the
 * same feed and id), dataset_ticket_drop frees what t holds and counts it
 * in dropped.  Either empties t.
 */
int dataset_ticket_derive(struct dataset *ds, int feed, const struct feedrow *ev, size_t n,
			  struct ticket *t);
void dataset_ticket_fill(struct dataset *ds, struct ticket *t, const struct feedrow *latest);
/* After dataset_ticket_fill, when each event of ev[0..n) has its own
 * cells (ev[k].cell; the same array for events whose cells are the same):
 * the changes of the SLA that takes t, event by event, with the stamps at
 * each (struct ticket_copies chg, for priority-lowered), and with
 * priority_rule = first the SLA of its first event. */
void dataset_ticket_slas(struct dataset *ds, struct ticket *t, const struct feedrow *ev,
			 size_t n);
void dataset_ticket_put(struct dataset *ds, struct ticket *t);
void dataset_ticket_drop(struct dataset *ds, struct ticket *t);
/* Derive ticket-events tickets; call once after the last row. */
/* Tickets [first, nt) in order of id (a store's loader, after reading a
 * feed's events in another order; not while events wait for
 * dataset_finish, whose pending events name tickets by place). */
void dataset_sort_tickets(struct dataset *ds, size_t first);
void dataset_finish(struct dataset *ds);

/* The evidence plan that gives the bits of feed `feed`'s activity rows;
 * NULL for a feed of another kind. */
const struct evidence_plan *dataset_plan(const struct dataset *ds, int feed);

/* Look up a ticket; NULL when absent. */
struct ticket *dataset_find(const struct dataset *ds, int feed, const char *id);

#endif
