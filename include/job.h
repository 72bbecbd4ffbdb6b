#ifndef FITSMON_JOB_H
#define FITSMON_JOB_H
/*
 * job — the stages of the nightly job over the store: fetch a feed into
 * the spool (keeping the last good copy), take a copy into the store
 * (skipped when that content was taken already), and evaluate the store
 * at `now`.  Commands (commands.c) put these together and print; this
 * module only returns results and terse errors.
 */
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"
#include "store.h"

struct config;
struct dataset;
struct evaluation;
struct select;

struct job {
	const struct config *cfg;
	struct store *st;
	int64_t now;
	int64_t run;        /* runs.id of this invocation */
	/* optional: body bytes as they arrive (a terminal's progress line) */
	void (*progress)(void *ctx, int64_t bytes);
	/* optional: rows read so far as a copy is taken in (the same ctx) */
	void (*rows)(void *ctx, size_t rows);
	void *progress_ctx;
	/* what job_fetch learnt of a new copy's start as it came in: the
	 * digest and last byte of its first prefix_len bytes (the size of the
	 * copy taken in last); prefix_len 0: nothing */
	int prefix_feed;
	int64_t prefix_len;
	char prefix_sha[SHA256_HEX_SIZE];
	char prefix_last;
};

enum job_fetch_result {
	JOB_FETCH_NEW,
	JOB_FETCH_SAME,
	JOB_FETCH_FAILED,    /* nothing came (transport, http status, ...) */
	JOB_FETCH_BAD        /* a download came but is not a good copy; else as FAILED */
};

/*
 * Fetch feed into its spool folder.  A download becomes the current copy
 * only when it is a good copy: complete as far as fetch can tell (fetch.h:
 * lengths, the decoder's end), not empty, ending with a line break when
 * the last good copy did (a body cut where fetch cannot see it), and with
 * a header that holds every mapped column (ingest_check_header).  A
 * download that is not one is JOB_FETCH_BAD, any other failure
 * JOB_FETCH_FAILED; either way the spool is untouched, the store records the
 * attempt and its error but not a success (last_success stays the time of
 * the last good copy; a "not modified" counts as good), and *err says what
 * was wrong.  *copy is then the last good copy's path, or NULL when there
 * is none.  *copy is set (caller frees) whenever a good copy exists.
 */
enum job_fetch_result job_fetch(struct job *j, int feed, char **copy, char **err);

/*
 * Take the file at path into feed.  1 when its content was taken already
 * (nothing done), 0 when taken (counts set), -1 with *err when the file
 * could not be read as the feed's CSV (the store is unchanged).
 * Skipped rows are in counts->rejected and in the store's rejects.
 */
int job_ingest(struct job *j, int feed, const char *path, struct store_ingest_counts *counts,
	       char **err);

/* A dataset of the stored rows at j->now, as much as sel keeps (select.h;
 * NULL: everything); caller frees. */
struct dataset *job_load(struct job *j, const struct select *sel, char **err);

#endif
