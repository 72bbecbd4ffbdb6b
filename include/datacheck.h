#ifndef FITSMON_DATACHECK_H
#define FITSMON_DATACHECK_H
/*
 * datacheck — `fitsmon validate --data`: each feed's current copy read
 * against the config, every problem found in one pass, for the network
 * manager setting fitsmon up (DESIGN.md: "validate --data reads the feeds
 * and reports every problem in one pass").
 *
 * The copy read is the spool's last good copy the store records, else
 * (before the first run, or with no store) the feed's local file.  For
 * each feed:
 *   - mapped headers the file lacks, each with the nearest header it has;
 *   - per mapped time column, how many non-empty cells parse in the
 *     feed's time_format, and when not all do, the format the cells are
 *     written in (timeguess.h);
 *   - with every header there, the rows as `run` takes them: records,
 *     rejects (three examples), and
 *       tickets: the distinct values of priority, status and every field
 *       an SLA's `when` reads, with counts and the SLA each value's
 *       tickets take (slachoice_first), and the tickets no SLA takes;
 *       activities: the rows each activity counts as evidence, the rows
 *       that count for none, and the on-site values and how they read.
 * A feed is ready unless (datacheck_ready) it could not be read, a mapped
 * header is missing, more than its max_rejected share of rows is
 * rejected, or a time column has non-empty cells and none of them parse.
 *
 * Library-like: nothing is printed; datacheck_text renders the result.
 */
#include <stddef.h>
#include <stdint.h>

#include "timeguess.h"

struct config;
struct feed;
struct store;

#define DATACHECK_EXAMPLES 3

/* A row quoted as an example: its record number and a short text. */
struct datacheck_example {
	size_t row;
	char *text;
};

/* One distinct value of a field and the tickets (or rows) that have it. */
struct datacheck_count {
	char *text;            /* trimmed; "" for blank */
	size_t n;
	size_t *by_sla;        /* nsla + 1 counts: by_sla[k] tickets SLA k takes, [nsla] none */
	size_t yes;            /* activities' on-site: rows it reads as on site */
};

struct datacheck_values {
	int field;             /* enum field */
	int sla_reads;         /* an SLA's `when` reads it */
	struct datacheck_count *v;
	size_t nv, cap;
	size_t other;          /* tickets with a value past the first DATACHECK_VALUES_MAX */
};
#define DATACHECK_VALUES_MAX 50

/* A mapped time column. */
struct datacheck_time {
	int field;             /* enum field */
	size_t total;          /* non-empty cells */
	size_t parsed;         /* of them, parsed in the feed's time_format */
	char bad[64];          /* the first cell that does not parse */
	int guessed;           /* guess is set (only when some cell does not parse) */
	struct timeguess guess;
};

/* A mapped header the file lacks. */
struct datacheck_missing {
	int field;             /* enum field */
	char *column;          /* the name looked for (a part, for "A + B") */
	char *nearest;         /* the closest header the file has, or NULL */
};

struct datacheck_feed {
	int feed;              /* index into cfg->feed */
	char *source;          /* the file read, NULL when there is none */
	int from_spool;        /* source is the spool's last good copy */
	char *error;           /* the copy could not be read (or there is none) */
	struct datacheck_missing *missing;
	size_t nmissing;
	char **header;         /* the header row's names (trimmed) */
	size_t nheader;
	struct datacheck_time time[5];
	size_t ntime;
	int rows_read;         /* the rows below were read (every header there) */
	size_t records, rejected;
	struct datacheck_example rejects[DATACHECK_EXAMPLES];
	size_t nrejects;
	/* tickets */
	struct datacheck_values *values;
	size_t nvalues;
	size_t tickets, no_sla;
	struct datacheck_example no_sla_ex[DATACHECK_EXAMPLES];
	size_t nno_sla_ex;
	/* activities */
	int *act;              /* config activity index of each entry the supplier performs */
	size_t *act_rows;      /* rows that count for it */
	size_t nact;
	size_t activity_rows, rows_none;
	struct datacheck_example none_ex[DATACHECK_EXAMPLES];
	size_t nnone_ex;
	struct datacheck_example *why;   /* with explain: each row's evidence_explain */
	size_t nwhy, capwhy;
	int ready;
};

struct datacheck {
	struct datacheck_feed *f;    /* one per configured feed, in config order */
	size_t n;
	size_t not_ready;
};

/*
 * Check every feed of cfg at `now` (rows after now are not counted, as
 * in a run).  st may be NULL (no store yet: the local files are read).
 * With explain non-zero (`validate --data -v`), every activity row also
 * keeps why it counts or not: its code and description, then
 * evidence_explain's lines (evidence.h), in `why`.
 * Never fails: a feed that cannot be read says why in its `error`.
 */
struct datacheck *datacheck_run(const struct config *cfg, struct store *st, int64_t now,
				int explain);
void datacheck_free(struct datacheck *dc);

/* The readiness rule above, for feed configuration fc. */
int datacheck_ready(const struct feed *fc, const struct datacheck_feed *f);

/* The findings as short plain text for the network manager (malloc'd);
 * sorts each field's values, most common first.  Rows kept with explain
 * follow their feed's evidence summary: "  row N: CODE | TEXT" and the
 * explanation's lines indented below it. */
char *datacheck_text(const struct config *cfg, struct datacheck *dc);

#endif
