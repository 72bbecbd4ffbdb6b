#ifndef FITSMON_CSVREAD_H
#define FITSMON_CSVREAD_H
/*
 * csvread — streaming CSV records with libcsv in strict mode.
 *
 * Records are numbered from 1 as a spreadsheet shows them (the header is
 * record 1 when there is one); a quoted newline does not start a new
 * record, and CR, LF and CRLF all end one.  Blank lines are skipped and
 * not numbered.  Spaces around an unquoted field are dropped (libcsv).
 *
 * Bytes: a UTF-8 byte-order mark at the start is dropped, and it wins
 * over `charset` (a file that says it is UTF-8 is read as UTF-8).
 * Otherwise, with a charset, the bytes are converted to UTF-8 as they
 * stream in (recode.h); undefined bytes become U+FFFD.
 *
 * Memory is bounded whatever the input: a record that is not kept whole
 * (a field over max_field bytes, more than max_fields fields, or more
 * than CSVREAD_RECORD_MAX bytes) still reaches the callback, with `bad`
 * saying why, so the caller can reject that one row and go on.
 *
 * Partial files: a CSV syntax error (a quote in the middle of an unquoted
 * field, text after a closing quote, a quote not closed before the end of
 * the file or before a field reaches CSVREAD_FIELD_HARD) rejects the bad
 * record, not the file.  Records before it have been handed on already.
 * Reading goes back to the line where the bad record starts, skips that
 * line, and tries each later line start in turn: the first from which
 * one record parses cleanly (strict mode, possibly over several lines,
 * within CSVREAD_RESYNC_MAX bytes) with as many fields as the header
 * record has is where reading goes on.  A quoted field may span lines, so
 * a line inside one rarely passes: it ends inside quotes, or is not the
 * header's width.  Every skipped line that is not blank counts as one
 * record (so the records after keep their numbers as a text editor shows
 * them), and the whole stretch reaches the callback as one row with
 * `syntax` set, no fields, record..last its numbers and `bad` saying
 *   "a quote in the middle of a field (CSV syntax): this line was skipped"
 *   "rows 5-7: a quote is not closed (CSV syntax): these lines were skipped"
 * (the other cause: "text after a closing quote").  A stretch runs to the
 * end of the input when no later line passes.  Only a bad record longer
 * than 33 MiB (the text kept to go back over) still stops the read.
 */
#include <stddef.h>
#include <sys/types.h>

#define CSVREAD_FIELD_MAX  ((size_t)1 << 20)    /* 1 MiB: a longer field is a bad row */
#define CSVREAD_FIELDS_MAX ((size_t)10000)      /* more fields: a bad row */
#define CSVREAD_RECORD_MAX ((size_t)16 << 20)   /* 16 MiB kept per record at most */
#define CSVREAD_FIELD_HARD ((size_t)32 << 20)   /* 32 MiB: a longer field is a syntax error */
#define CSVREAD_RESYNC_MAX ((size_t)64 << 10)   /* a record that restarts reading ends within */

struct csv_dialect {
	unsigned char delim;   /* ',' when 0 */
	const char *charset;   /* NULL or "UTF-8": as is; else an iconv name */
	size_t max_field;      /* 0: CSVREAD_FIELD_MAX */
	size_t max_fields;     /* 0: CSVREAD_FIELDS_MAX */
	size_t header;         /* the header's record number (0: 1); its field
				  count is the width a resync looks for */
	size_t width;          /* that width when the header is not read (a read
				  from an offset); 0: learnt from the header */
};

struct csvread_row {
	char **f;         /* NUL-terminated fields (may contain NUL bytes: see len) */
	size_t *len;
	size_t n;
	size_t record;
	const char *bad;  /* NULL, or why the record was not kept whole */
	size_t last;      /* syntax: the stretch's last record number */
	int syntax;       /* 1: not a record but lines skipped for a CSV syntax
			     error (records record..last, no fields) */
};

/* What a read saw besides its records (any pointer may be NULL). */
struct csvread_info {
	size_t records;    /* record numbers used: records handed to the callback,
			      each line of a skipped stretch counting one */
	size_t broken;     /* stretches skipped for a CSV syntax error */
	size_t replaced;   /* input bytes that became U+FFFD */
	int bom;           /* 1 when a UTF-8 byte-order mark was dropped */
	size_t bom_cells;  /* BOMs dropped from the start of a cell (mid-file) */
};

/*
 * Call cb for every record and skipped stretch; cb returns 0 to go on,
 * non-zero to stop.  Returns 0, or -1 with *err ("cannot open...", or for
 * a syntax error in a record too long to go back over: "record N:
 * malformed CSV (...)", "record N: a field reaches 32 MiB ...").  info
 * may be NULL.
 */
int csvread_file(const char *path, const struct csv_dialect *d,
		 int (*cb)(const struct csvread_row *row, void *ctx), void *ctx,
		 struct csvread_info *info, char **err);

/*
 * The same from byte `offset` on, which must start a record (the end of
 * an earlier, shorter copy of the file that ended with a newline and had
 * no syntax error), with record numbers going on from records_before.
 * No byte-order mark is looked for there; d->width should be set.
 */
int csvread_file_from(const char *path, const struct csv_dialect *d, off_t offset,
		      size_t records_before, int (*cb)(const struct csvread_row *row, void *ctx),
		      void *ctx, struct csvread_info *info, char **err);

/* The same over a memory buffer. */
int csvread_buffer(const char *buf, size_t len, const struct csv_dialect *d,
		   int (*cb)(const struct csvread_row *row, void *ctx), void *ctx,
		   struct csvread_info *info, char **err);

#endif
