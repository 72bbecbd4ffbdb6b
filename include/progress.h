#ifndef FITSMON_PROGRESS_H
#define FITSMON_PROGRESS_H
/*
 * progress — a line on a terminal that shows a long download or read as
 * it goes ("acme-tickets: 12.4 MB at 3.1 MB/s", "acme-tickets: 120000
 * rows of 45.0 MB at 61000 rows/s"), rewritten in place at most five
 * times a second.  Only when stderr is a terminal: under cron or systemd
 * nothing is drawn, so logs stay one line per event.  The callbacks fit
 * fetch's (bytes) and a row counter's (rows) hooks; ctx is the progress.
 */
#include <stddef.h>
#include <stdint.h>

struct progress;

/* A progress line for label (kept by reference), or NULL when stderr is
 * not a terminal or quiet is set: every function below accepts NULL. */
struct progress *progress_new(const char *label, int quiet);
/* Body bytes so far (fetch.h's progress hook). */
void progress_bytes(void *ctx, int64_t bytes);
/* The read of a file of size bytes starts: rows from here on. */
void progress_reading(struct progress *p, int64_t size);
/* Rows read so far. */
void progress_rows(void *ctx, size_t rows);
/* Clear the line; a download leaves its last figures ("12.4 MB in 4.0 s
 * (3.1 MB/s)") on a line of their own. */
void progress_end(struct progress *p);
/* Seconds since progress_new (0 for NULL). */
double progress_seconds(const struct progress *p);
void progress_free(struct progress *p);

#endif
