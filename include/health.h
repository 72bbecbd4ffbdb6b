#ifndef FITSMON_HEALTH_H
#define FITSMON_HEALTH_H
/*
 * health — how well one copy of a feed could be read, and whether that is
 * good enough to judge the supplier by (the feed health gate).
 *
 * While a copy is read, ingest counts its data rows, the rows rejected
 * (grouped by the reason's words before any quoted cell or colon, so "bad at time
 * '03/09/2026 07:45' (...)" and "bad at time '04/09/2026 08:00' (...)" are
 * one reason), and for each mapped column that has a kind of value to
 * recognise how many non-empty cells it saw and how many it recognised:
 *   - times (opened, responded, resolved, closed, at): cells that parse
 *     with the feed's time_format;
 *   - on-site flags: yes/true/1/no/false/0 (any case);
 *   - statuses of ticket-events feeds: cells in one of the feed's status
 *     lists (new, resolved, pause) — for the record only.
 * The first HEALTH_SAMPLES time cells that did not parse are kept, so the
 * report can say what the times look like (timeguess.h) and which
 * time_format would read them.
 *
 * A copy is unreadable when more than max_rejected of its rows are
 * rejected, or when a time or on-site column is recognised in none of its
 * non-empty cells.  Nothing here prints; everything is plain counting.
 */
#include <stddef.h>

#include "fields.h"

#define HEALTH_SAMPLES 32
#define HEALTH_REASONS 8

struct health_col {
	size_t seen;          /* non-empty cells */
	size_t recognised;    /* of those, read as the column's kind of value */
};

struct health_reason {
	char *text;           /* the reason's words before any quoted cell or colon */
	size_t n;
};

struct health {
	size_t rows;                          /* data records read */
	size_t rejected;
	struct health_reason reason[HEALTH_REASONS];
	size_t nreason;
	size_t other;         /* rejects whose reason did not fit in reason[] */
	struct health_col col[FIELD_COUNT];
	char *sample[HEALTH_SAMPLES];         /* time cells that did not parse */
	size_t nsample;
	int sample_field;     /* the field of those cells; -1 when none */
	int known;            /* counted (a copy taken in before the store kept
				 health is not): health_row and health_add set it */
};

/* Why a copy is not good enough; HEALTH_OK when it is. */
enum health_verdict { HEALTH_OK, HEALTH_TOO_MANY_REJECTED, HEALTH_COLUMN_UNREAD };

void health_init(struct health *h);
/* Release what h owns and set it up empty again; accepts NULL. */
void health_clear(struct health *h);

/* One non-empty cell of column f (text s[0..n)), recognised or not. */
void health_cell(struct health *h, enum field f, const char *s, size_t n, int recognised);
/* One data record read (rejected or not). */
void health_row(struct health *h);
/* One record rejected, with its reason. */
void health_reject(struct health *h, const char *reason);
/* Add src's counts (and samples, while there is room) to dst. */
void health_add(struct health *dst, const struct health *src);

/* 1 for the columns that must be recognised: times and on-site flags. */
int health_must_recognise(enum field f);

/*
 * The gate: max_rejected is a fraction (0.02 = 2%).  *col (may be NULL) is
 * set to the unread column for HEALTH_COLUMN_UNREAD, else -1.
 */
enum health_verdict health_judge(const struct health *h, double max_rejected, int *col);

/* The reason with the most rows; NULL when nothing was rejected. */
const struct health_reason *health_top_reason(const struct health *h);

#endif
