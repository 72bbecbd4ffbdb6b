#ifndef FITSMON_CSVREAD_H
#define FITSMON_CSVREAD_H
/*
 * csvread — streaming CSV records with libcsv in strict mode.
 *
 * Records are numbered from 1 as a spreadsheet shows them (the header is
 * record 1 when there is one); a quoted newline does not start a new
 * record.  A UTF-8 byte-order mark is dropped.  Blank lines are skipped.
 */
#include <stddef.h>

struct csv_dialect {
	unsigned char delim;   /* ',' by default */
};

struct csvread_row {
	char **f;         /* NUL-terminated fields (may contain NUL bytes: see len) */
	size_t *len;
	size_t n;
	size_t record;
};

/*
 * Call cb for every record; cb returns 0 to go on, non-zero to stop.
 * Returns 0, or -1 with *err ("cannot open...", or "record N: malformed
 * CSV (...)" for a syntax error, which stops the read: strict mode).
 */
int csvread_file(const char *path, const struct csv_dialect *d,
		 int (*cb)(const struct csvread_row *row, void *ctx), void *ctx,
		 char **err);

/* The same over a memory buffer (label names it in errors). */
int csvread_buffer(const char *buf, size_t len, const struct csv_dialect *d,
		   int (*cb)(const struct csvread_row *row, void *ctx), void *ctx,
		   char **err);

#endif
