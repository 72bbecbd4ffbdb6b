#ifndef FITSMON_DATASET_H
#define FITSMON_DATASET_H
/*
 * dataset — the rows one run works on, whatever they came from: tickets
 * (from `tickets` rows or derived from `ticket-events`), supplier activity
 * rows, and the rows that were rejected with their reasons.  The
 * evaluator reads only this; the feed readers (and later the store) fill
 * it.  Instants are UTC seconds; TS_NONE marks a stamp that is absent.
 */
#include <stddef.h>
#include <stdint.h>

#include "fields.h"

#define TS_NONE INT64_MIN

struct span {
	int64_t a, b;   /* [a, b) */
};

struct ticket {
	char *id;
	int feed;                 /* index into the config's feeds */
	size_t row;               /* source record of its latest row or event */
	int64_t opened, responded, resolved;
	char *cell[FIELD_COUNT];  /* trimmed text of mapped columns, NULL if unmapped */
	struct span *pause;       /* pause-status spans, sorted, disjoint */
	char **pause_status;      /* the status of each pause span (owned) */
	size_t npause;
	struct span *excl;        /* time not counted: pauses and reopen gaps */
	size_t nexcl;
	size_t nevents;           /* ticket-events: events taken */
};

struct actrow {
	int feed;
	size_t row;
	int64_t at;
	int64_t hours_uh;         /* micro-hours (exact decimals) */
	int onsite;
	char *code;               /* trimmed, may be "" */
	char *desc;
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
};

struct dataset {
	struct ticket *t;
	size_t nt, capt;
	struct actrow *a;
	size_t na, capa;
	struct reject *r;
	size_t nr, capr;
	struct feedstat *fs;      /* one per configured feed */
	size_t nfeeds;
	/* id index: (feed, id) -> ticket */
	size_t *slot;
	size_t nslot;
};

struct dataset *dataset_new(size_t nfeeds);
void dataset_free(struct dataset *ds);

/* The ticket (feed, id), created empty (stamps TS_NONE) when new. */
struct ticket *dataset_ticket(struct dataset *ds, int feed, const char *id, int *created);
/* Look up without creating; NULL when absent. */
struct ticket *dataset_find(const struct dataset *ds, int feed, const char *id);
/* Clear a ticket's fields and spans (a later row replaces it). */
void dataset_ticket_reset(struct ticket *t);

struct actrow *dataset_add_activity(struct dataset *ds);
void dataset_reject(struct dataset *ds, int feed, size_t row, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
