#ifndef FITSMON_INGEST_H
#define FITSMON_INGEST_H
/*
 * ingest — read one feed's CSV file into a dataset, using the feed's
 * kind, column mapping and time format.
 *
 * A bad row is skipped and recorded in the dataset's rejects with its
 * record number and reason; rows timed after `now` are ignored (counted
 * in feedstat.future).  A file that cannot be read, is not valid CSV, or
 * lacks a mapped column is a feed error: -1 with *err, and nothing from
 * the file is kept.
 */
#include <stdint.h>

struct config;
struct dataset;

int ingest_file(const struct config *cfg, int feed, const char *path, int64_t now,
		struct dataset *ds, char **err);

#endif
