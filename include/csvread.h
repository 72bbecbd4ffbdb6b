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
 * saying why, so the caller can reject that one row and go on.  A field
 * over CSVREAD_FIELD_HARD bytes (an unclosed quote swallowing the file)
 * stops the read.
 */
#include <stddef.h>
#include <sys/types.h>

#define CSVREAD_FIELD_MAX  ((size_t)1 << 20)    /* 1 MiB: a longer field is a bad row */
#define CSVREAD_FIELDS_MAX ((size_t)10000)      /* more fields: a bad row */
#define CSVREAD_RECORD_MAX ((size_t)16 << 20)   /* 16 MiB kept per record at most */
#define CSVREAD_FIELD_HARD ((size_t)32 << 20)   /* 32 MiB: a longer field stops the read */

struct csv_dialect {
	unsigned char delim;   /* ',' when 0 */
	const char *charset;   /* NULL or "UTF-8": as is; else an iconv name */
	size_t max_field;      /* 0: CSVREAD_FIELD_MAX */
	size_t max_fields;     /* 0: CSVREAD_FIELDS_MAX */
};

struct csvread_row {
	char **f;         /* NUL-terminated fields (may contain NUL bytes: see len) */
	size_t *len;
	size_t n;
	size_t record;
	const char *bad;  /* NULL, or why the record was not kept whole */
};

/* What a read saw besides its records (any pointer may be NULL). */
struct csvread_info {
	size_t records;    /* records handed to the callback */
	size_t replaced;   /* input bytes that became U+FFFD */
	int bom;           /* 1 when a UTF-8 byte-order mark was dropped */
};

/*
 * Call cb for every record; cb returns 0 to go on, non-zero to stop.
 * Returns 0, or -1 with *err ("cannot open...", "record N: malformed CSV
 * (...)" for a syntax error, which stops the read: strict mode, or
 * "record N: a field is longer than 32 MiB ...").  info may be NULL.
 */
int csvread_file(const char *path, const struct csv_dialect *d,
		 int (*cb)(const struct csvread_row *row, void *ctx), void *ctx,
		 struct csvread_info *info, char **err);

/*
 * The same from byte `offset` on, which must start a record (the end of
 * an earlier, shorter copy of the file that ended with a newline), with
 * record numbers going on from records_before.  No byte-order mark is
 * looked for there.
 */
int csvread_file_from(const char *path, const struct csv_dialect *d, off_t offset,
		      size_t records_before, int (*cb)(const struct csvread_row *row, void *ctx),
		      void *ctx, struct csvread_info *info, char **err);

/* The same over a memory buffer. */
int csvread_buffer(const char *buf, size_t len, const struct csv_dialect *d,
		   int (*cb)(const struct csvread_row *row, void *ctx), void *ctx,
		   struct csvread_info *info, char **err);

#endif
