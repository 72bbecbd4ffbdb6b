#ifndef FITSMON_FEEDKIND_H
#define FITSMON_FEEDKIND_H
/*
 * feedkind — the three feed kinds behind one interface (one file each:
 * feedkind_tickets.c, feedkind_events.c, feedkind_activities.c).  ingest
 * reads the CSV and maps the header; a kind turns each record into
 * tickets or activity rows.
 */
#include <stddef.h>
#include <stdint.h>

#include "fields.h"

struct config;
struct feed;
struct dataset;
struct csvread_row;

struct feedkind_ctx {
	const struct config *cfg;
	const struct feed *feed;
	int feed_index;
	struct dataset *ds;
	int64_t now;
	int col[FIELD_COUNT];    /* header index of each mapped field, -1 unmapped */
	void *state;             /* the kind's own */
};

enum { FEEDKIND_OK = 0, FEEDKIND_FUTURE = 1, FEEDKIND_BAD = -1 };

struct feedkind {
	enum feed_kind kind;
	void (*begin)(struct feedkind_ctx *c);
	/* FEEDKIND_OK, FEEDKIND_FUTURE (timed after now) or FEEDKIND_BAD with
	 * a reason in why. */
	int (*row)(struct feedkind_ctx *c, const struct csvread_row *r, char *why, size_t size);
	void (*end)(struct feedkind_ctx *c);
};

extern const struct feedkind feedkind_tickets;
extern const struct feedkind feedkind_events;
extern const struct feedkind feedkind_activities;

const struct feedkind *feedkind_get(enum feed_kind k);

/* Trimmed cell of a mapped field (not NUL-terminated: n bytes), or NULL
 * when the field is unmapped. */
const char *feedkind_cell(const struct feedkind_ctx *c, const struct csvread_row *r,
			  enum field f, size_t *n);
/* The cell as a new string ("" when empty), NULL when unmapped. */
char *feedkind_dup(const struct feedkind_ctx *c, const struct csvread_row *r, enum field f);
/*
 * Parse a time cell: 0 with *out set, 1 when empty or unmapped, -1 with a
 * reason in why when the text is not a time in the feed's format.
 */
int feedkind_time(const struct feedkind_ctx *c, const struct csvread_row *r, enum field f,
		  int64_t *out, char *why, size_t size);
/* 1 when s (trimmed, case-insensitive) is in the list. */
int feedkind_in_list(const char *s, char *const *list, size_t n);

#endif
