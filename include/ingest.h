#ifndef FITSMON_INGEST_H
#define FITSMON_INGEST_H
/*
 * ingest — read one feed's CSV file and hand its rows to a sink (the
 * in-memory dataset, or the store), using the feed's kind, column mapping
 * and time format.
 *
 * A bad row goes to the sink's reject with its record number and reason.
 * A file that cannot be read, is not valid CSV, or lacks a mapped column
 * is a feed error: -1 with *err.  Rows handed on before a CSV syntax
 * error are the caller's to drop (the store does so by rolling back).
 */
#include <stddef.h>

struct config;
struct feedsink;

struct ingest_stats {
	size_t records;     /* data records read (not the header) */
	size_t rejected;
};

int ingest_file(const struct config *cfg, int feed, const char *path,
		const struct feedsink *sink, struct ingest_stats *st, char **err);

#endif
