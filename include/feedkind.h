#ifndef FITSMON_FEEDKIND_H
#define FITSMON_FEEDKIND_H
/*
 * feedkind — the three feed kinds behind one interface (one file each:
 * feedkind_tickets.c, feedkind_events.c, feedkind_activities.c).  ingest
 * reads the CSV and maps the header; a kind turns each record into a
 * parsed `struct feedrow` and hands it to a sink: the in-memory dataset
 * (dataset.h) or the store.  Kinds know nothing of `now`: what has not
 * happened yet is decided by the dataset, so the store keeps every row.
 */
#include <stddef.h>
#include <stdint.h>

#include "fields.h"

struct config;
struct feed;
struct csvread_row;
struct health;

/* One parsed row.  Strings are borrowed for the duration of the call. */
struct feedrow {
	size_t row;              /* record number in the file (header = 1) */
	const char *id;          /* tickets, ticket-events */
	int64_t opened;          /* tickets; ticket-events (column.opened or TS_NONE) */
	int64_t responded;       /* tickets; TS_NONE when empty */
	int64_t resolved;        /* tickets: resolved, or closed when resolved is unmapped */
	int64_t at;              /* ticket-events, activities */
	const char *status;      /* ticket-events: trimmed */
	int64_t hours_uh;        /* activities: micro-hours */
	int onsite;              /* activities */
	const char *code;        /* activities: trimmed, "" when none */
	const char *desc;        /* activities: "" when none */
	char *const *cell;       /* FIELD_COUNT trimmed cells; NULL = unmapped */
	/* activities: the row's evidence masks (evidence.h) when the loader
	 * knows them already (has_masks 1, e.g. saved with a matching plan
	 * signature); 0 and the dataset matches the row itself */
	int has_masks;
	uint64_t ev, concern;
};

/* Where parsed rows go. */
struct feedsink {
	void *ctx;
	void (*row)(void *ctx, int feed, const struct feedrow *r);
	void (*reject)(void *ctx, int feed, size_t row, const char *reason);
};

struct feedkind_ctx {
	const struct config *cfg;
	const struct feed *feed;
	int feed_index;
	int col[FIELD_COUNT];    /* header index of each mapped field, -1 unmapped */
	const struct feedsink *sink;
	struct health *health;   /* may be NULL: count how well cells are read (health.h) */
};

struct feedkind {
	enum feed_kind kind;
	/* Parse one record: 0 after handing a row to the sink, or -1 with a
	 * reason in why. */
	int (*row)(struct feedkind_ctx *c, const struct csvread_row *r, char *why, size_t size);
};

extern const struct feedkind feedkind_tickets;
extern const struct feedkind feedkind_events;
extern const struct feedkind feedkind_activities;

const struct feedkind *feedkind_get(enum feed_kind k);

/* Trimmed cell of a mapped field (not NUL-terminated: n bytes), or NULL
 * when the field is unmapped. */
const char *feedkind_cell(const struct feedkind_ctx *c, const struct csvread_row *r,
			  enum field f, size_t *n);
/*
 * All mapped cells of a record as FIELD_COUNT new strings (NULL for
 * unmapped fields), sharing one allocation; free with feedkind_cells_free.
 */
void feedkind_cells(const struct feedkind_ctx *c, const struct csvread_row *r,
		    char *cells[FIELD_COUNT]);
void feedkind_cells_free(char *cells[FIELD_COUNT]);
/*
 * Parse a time cell: 0 with *out set, 1 when empty or unmapped, -1 with a
 * reason in why when the text is not a time in the feed's format.
 */
int feedkind_time(const struct feedkind_ctx *c, const struct csvread_row *r, enum field f,
		  int64_t *out, char *why, size_t size);
/* 1 when s (trimmed, case-insensitive) is in the list. */
int feedkind_in_list(const char *s, char *const *list, size_t n);

#endif
