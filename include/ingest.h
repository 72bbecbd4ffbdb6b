#ifndef FITSMON_INGEST_H
#define FITSMON_INGEST_H
/*
 * ingest — read one feed's CSV file and hand its rows to a sink (the
 * in-memory dataset, or the store), using the feed's kind, column mapping,
 * time format and CSV dialect:
 *   - `delimiter` (comma, semicolon, tab, pipe);
 *   - `header_row` N: records before record N (a title line, notes) are
 *     skipped; record N names the columns;
 *   - `encoding` windows-1252 or latin-1: converted to UTF-8 as it is
 *     read (undefined bytes become U+FFFD and are counted); a UTF-8
 *     byte-order mark is dropped and means UTF-8 whatever `encoding` says;
 *   - `missing`: a cell equal (after trimming, case-sensitive) to one of
 *     these markers reads as empty;
 *   - `column.K = A + B`: when no header is literally "A + B", the cells of
 *     columns A and B, trimmed and joined with one space (Toggl's separate
 *     start date and start time);
 *   - `decimal = comma` and H:MM[:SS] durations: see feedkind_activities.c.
 * Header names match exactly, else ignoring ASCII case; the first of two
 * equal names wins.  A record shorter than the header reads as empty
 * cells; fields after the header's width are ignored.
 *
 * A bad row (unparseable value, a field over 1 MiB, more than 10,000
 * fields) goes to the sink's reject with its record number and reason,
 * and reading goes on.  A CSV syntax error rejects the bad record, not
 * the file (csvread.h, "Partial files"): the lines skipped until a line
 * starts a clean record of the header's width go to the sink's reject
 * once, with the first one's number and a reason naming them all ("rows
 * 5-7: a quote is not closed (CSV syntax): these lines were skipped");
 * each counts in `records`, the stretch once in `rejected` and `broken`.
 * A file that cannot be read, lacks a mapped column, has a syntax error
 * in or before its header row, or one in a record over 33 MiB is a feed
 * error: -1 with *err ("FEED: ...").  Rows handed on before a feed error
 * are the caller's to drop (the store does so by rolling back).
 */
#include <stddef.h>
#include <sys/types.h>

struct config;
struct csv_dialect;
struct feed;
struct feedsink;

struct health;
struct ingest_stats {
	size_t records;     /* data records read (not the header, nor those above it) */
	size_t rejected;    /* rejects handed to the sink */
	size_t broken;      /* ... of which stretches skipped for a CSV syntax
			       error: a later copy that only grew must be read
			       whole, not from this one's end */
	size_t skipped;     /* records above the header row */
	size_t replaced;    /* input bytes the encoding does not define (now U+FFFD) */
	int bom;            /* a UTF-8 byte-order mark was dropped */
	size_t total;       /* records in the file up to where reading stopped,
			       header, those above it and skipped lines included */
};

int ingest_file(const struct config *cfg, int feed, const char *path,
		const struct feedsink *sink, struct ingest_stats *st, char **err);
/*
 * Only the records from byte `offset` on (the start of a record: where an
 * earlier copy of the same file ended), numbered on from records_before;
 * the header is still read from the top of the file.  offset 0 is
 * ingest_file.
 */
int ingest_file_from(const struct config *cfg, int feed, const char *path, off_t offset,
		     size_t records_before, const struct feedsink *sink, struct ingest_stats *st,
		     char **err);

/*
 * ingest_file_from that also adds to *health (health.h) how well the rows
 * and their cells were read; health NULL is ingest_file_from.
 */
int ingest_file_measured(const struct config *cfg, int feed, const char *path, off_t offset,
			 size_t records_before, const struct feedsink *sink,
			 struct ingest_stats *st, struct health *health, char **err);

/*
 * Whether the file at path looks like the feed's export: its header row
 * (after header_row - 1 records, in the feed's delimiter and encoding, a
 * byte-order mark dropped) parses as CSV and holds every mapped column,
 * `A + B` joins included.  Only the top of the file is read, up to the
 * header, so this is cheap on a 500 MB copy.  0, or -1 with a terse *err
 * without the feed's name: "no 'Ticket Ref' column (an HTML page?)",
 * "record 2: malformed CSV (...)", "no header row".
 */
int ingest_check_header(const struct config *cfg, int feed, const char *path, char **err);

/*
 * The CSV dialect a feed is read with (its delimiter, encoding and header
 * row), for every reader of its file: ingest itself and `validate --data`.
 */
void ingest_dialect(const struct feed *f, struct csv_dialect *d);

#endif
