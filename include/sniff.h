#ifndef FITSMON_SNIFF_H
#define FITSMON_SNIFF_H
/*
 * sniff — what a sample export looks like, for `fitsmon init`: its bytes
 * (encoding, byte-order mark), its CSV dialect (delimiter, header row),
 * and each column's content (ids, times, dates, clock times, durations,
 * numbers, yes/no, or text with its distinct values); then which column
 * is which feed field, by header words and by content.  Pure reading:
 * never prints.
 */
#include <stddef.h>

#include "fields.h"
#include "timeguess.h"

enum sniff_type {
	SNIFF_EMPTY,      /* no value in any row looked at */
	SNIFF_TEXT,
	SNIFF_ID,         /* short, with digits, (nearly) one value per row */
	SNIFF_TIME,       /* a date and a time (tg says how) */
	SNIFF_DATE,       /* a date only */
	SNIFF_CLOCK,      /* a time of day only, 08:30 or 08:30:15 */
	SNIFF_DURATION,   /* hours: 1.5, 1,5, or 01:30:00 under a duration heading */
	SNIFF_NUMBER,
	SNIFF_BOOL,       /* yes/no, true/false */
};

#define SNIFF_DISTINCT_MAX 40   /* distinct values kept per column */
#define SNIFF_SAMPLE 2000       /* rows kept whole */
#define SNIFF_STATS 20000       /* rows whose cells are classified */

struct sniff_value {
	char *text;
	size_t count;
};

struct sniff_column {
	char *name;               /* the header cell, trimmed */
	enum sniff_type type;
	size_t filled;            /* non-empty cells among the rows looked at */
	size_t nvalue;            /* distinct values kept, most frequent first */
	struct sniff_value value[SNIFF_DISTINCT_MAX];
	int many;                 /* more distinct values than kept */
	struct timeguess tg;      /* SNIFF_TIME, SNIFF_DATE */
};

struct sniff {
	char *path;
	const char *encoding;     /* "utf-8", "windows-1252" or "latin-1" */
	int bom;                  /* a UTF-8 byte-order mark */
	unsigned char delimiter;
	int header_row;           /* record number, from 1 */
	size_t rows;              /* data rows after the header */
	char *missing;            /* a "no value" marker seen in many cells ("?", "#N/B"), or NULL */
	struct sniff_column *col;
	size_t ncol;
	char ***sample;           /* the first rows, ncol trimmed cells each ("" when absent) */
	size_t nsample;
};

/* Read and describe the file.  NULL with *err ("cannot open ...", "... is empty"). */
struct sniff *sniff_file(const char *path, char **err);
void sniff_free(struct sniff *s);
const char *sniff_type_name(enum sniff_type t);

/*
 * The columns for a feed of kind k: col[f] is a column index or -1, and
 * join[f] a second column whose cells follow col[f]'s with a blank (a
 * date column and its clock-time column, "Start date + Start time"), or
 * -1.  *time_format is the format the mapped time columns share (static
 * storage in s->col[].tg, or "iso8601").  Returns how many fields of the
 * kind that must be mapped are not.
 */
struct sniff_map {
	int col[FIELD_COUNT];
	int join[FIELD_COUNT];
	char time_format[80];
	char example[80];         /* a time cell it reads */
	int ambiguous;            /* day/month against month/day undecided */
};
int sniff_map_kind(const struct sniff *s, enum feed_kind k, struct sniff_map *m);

/* The cells of column c (joined with j when j >= 0) over the sample rows, into buf (n of them). */
size_t sniff_cells(const struct sniff *s, int c, int j, char **buf, size_t n);

#endif
