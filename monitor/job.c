/* job — fetch, ingest and load over the store. */
#include "job.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "dataset.h"
#include "fetch.h"
#include "ingest.h"
#include "sha256.h"
#include "spool.h"
#include "util.h"

/*
 * 1 when the file at path starts with the content taken last (len bytes
 * whose digest is hex, ending with a newline) and goes on past it: a feed
 * that only grew, whose new records alone need reading.
 */
static int grew_from(const char *path, int64_t len, const char *hex)
{
	struct stat sb;
	char got[SHA256_HEX_SIZE], last = 0;
	if (len <= 0 || !hex || stat(path, &sb) != 0 || sb.st_size <= len ||
	    sha256_file_prefix(path, len, got, &last, NULL) < 0)
		return 0;
	return !strcmp(got, hex) && last == '\n';
}

/* A sink that counts the rows (and rejects) it passes on, for j->rows. */
struct counted {
	struct feedsink inner;
	struct job *j;
	size_t n;
};

static void counted_tick(struct counted *c)
{
	if (++c->n % 1024 == 1)
		c->j->rows(c->j->progress_ctx, c->n);
}

static void counted_row(void *ctx, int feed, const struct feedrow *r)
{
	struct counted *c = ctx;
	c->inner.row(c->inner.ctx, feed, r);
	counted_tick(c);
}

static void counted_reject(void *ctx, int feed, size_t row, const char *reason)
{
	struct counted *c = ctx;
	c->inner.reject(c->inner.ctx, feed, row, reason);
	counted_tick(c);
}

static struct feedsink counted_sink(struct counted *c)
{
	struct feedsink s = { c, counted_row, counted_reject };
	return s;
}

int job_ingest(struct job *j, int feed, const char *path, struct store_ingest_counts *counts,
	       char **err)
{
	const struct config *cfg = j->cfg;
	/* a FIFO, a device or a file past the feed's size cap is refused
	 * before anything reads it (the readers below refuse a FIFO too) */
	int64_t cap = cfg->feed[feed].max_bytes > 0 ? cfg->feed[feed].max_bytes : FILE_NO_CAP;
	char *why = NULL;
	int fd = file_open_regular(path, cap, NULL, &why);
	if (fd < 0) {
		*err = xasprintf("%s: %s", cfg->feed[feed].id, why);
		free(why);
		return -1;
	}
	close(fd);
	struct store_feed sf;
	if (store_feed_get(j->st, cfg->feed[feed].id, &sf, err) < 0)
		return -1;
	/* the spool's current copy is never rewritten: its digest, taken as it
	 * was fetched, stands; any other file is read through once more */
	char hex[SHA256_HEX_SIZE];
	if (sf.sha256 && sf.spool_path && !strcmp(sf.spool_path, path) &&
	    strlen(sf.sha256) + 1 == sizeof(hex)) {
		memcpy(hex, sf.sha256, sizeof(hex));
	} else if (sha256_file(path, hex, err) < 0) {
		char *m = xasprintf("%s: %s", cfg->feed[feed].id, *err);
		free(*err);
		*err = m;
		store_feed_clear(&sf);
		return -1;
	}
	int same = sf.ingested && !strcmp(sf.ingested, hex);
	int tail = 0;
	if (!same && cfg->feed[feed].kind != KIND_TICKETS && sf.ingested_records > 0) {
		if (j->prefix_len > 0 && j->prefix_feed == feed && j->prefix_len == sf.ingested_len &&
		    sf.spool_path && !strcmp(sf.spool_path, path))
			/* the fetch digested this copy's start as it came in */
			tail = !strcmp(j->prefix_sha, sf.ingested) && j->prefix_last == '\n';
		else
			tail = grew_from(path, sf.ingested_len, sf.ingested);
	}
	int64_t offset = tail ? sf.ingested_len : 0;
	size_t before = tail ? (size_t)sf.ingested_records : 0;
	store_feed_clear(&sf);
	if (same) {
		memset(counts, 0, sizeof(*counts));
		return 1;
	}
	struct stat sb;
	int64_t len = stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
	for (;;) {
		struct store_ingest *in = store_ingest_begin(j->st, cfg, feed, j->run, tail, err);
		if (!in)
			return -1;
		struct counted c = { store_ingest_sink(in), j, 0 };
		struct feedsink sink = j->rows ? counted_sink(&c) : c.inner;
		struct ingest_stats st;
		if (ingest_file_measured(cfg, feed, path, (off_t)offset, before, &sink, &st,
					 store_ingest_health(in), err) < 0) {
			store_ingest_abort(in);
			return -1;
		}
		/* after lines skipped for a CSV syntax error, a later copy is read
		 * whole: where the skipping stops may depend on what follows */
		int rc = store_ingest_commit(in, hex, len, st.broken ? 0 : st.total, counts, err);
		if (rc != -2)
			return rc;
		/* a new record equal to an old one: read the whole file */
		tail = 0;
		offset = 0;
		before = 0;
	}
}

struct dataset *job_load(struct job *j, const struct select *sel, char **err)
{
	struct dataset *ds = dataset_new(j->cfg, j->now);
	if (store_load(j->st, j->cfg, sel, ds, err) < 0) {
		dataset_free(ds);
		return NULL;
	}
	return ds;
}

/* The last byte of the file at path; -1 when it is empty or unreadable. */
static int last_byte(const char *path)
{
	int fd = file_open_regular(path, FILE_NO_CAP, NULL, NULL);
	if (fd < 0)
		return -1;
	struct stat sb;
	unsigned char c;
	int rc = -1;
	if (fstat(fd, &sb) == 0 && sb.st_size > 0 && pread(fd, &c, 1, sb.st_size - 1) == 1)
		rc = c;
	close(fd);
	return rc;
}

static int ends_record(int c)
{
	return c == '\n' || c == '\r';
}

/*
 * Whether a complete download (tmp, described by r) is a good copy of
 * feed's export: when the last good copy (current, may be NULL) ends with
 * a record terminator, so must this one (a body cut where fetch cannot
 * see it: longer than its Content-Length, or closed early without one);
 * and its header must hold every mapped column in the feed's dialect.
 * 0, or -1 with a terse *why.
 */
static int good_copy(const struct config *cfg, int feed, const char *tmp,
		     const struct fetch_result *r, const char *current, char **why)
{
	if (r->bytes == 0)
		return r->http_status
			? errorf(why, "the answer is empty (http %ld)", r->http_status)
			: errorf(why, "the file is empty");
	if (current && ends_record(last_byte(current)) && !ends_record((unsigned char)r->last))
		return errorf(why, "the answer is cut short: it stops inside a row "
			      "(%lld bytes)", (long long)r->bytes);
	char *e = NULL;
	if (ingest_check_header(cfg, feed, tmp, &e) < 0) {
		errorf(why, "the answer is not the export: %s", e);
		free(e);
		return -1;
	}
	return 0;
}

/* Options for one fetch of feed f, conditional on the stored validators. */
static void fetch_opts_for(const struct feed *f, const struct store_feed *sf, int have_copy,
			   struct fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->url = f->path ? f->path : f->url;
	o->ca_file = f->ca_file;
	o->auth = f->auth == AUTH_BEARER ? FETCH_AUTH_BEARER
		: f->auth == AUTH_BASIC ? FETCH_AUTH_BASIC : FETCH_AUTH_NONE;
	o->auth_user = f->auth_user;
	o->auth_secret_file = f->auth_file;
	o->headers = f->headers.v;
	o->nheaders = f->headers.n;
	o->connect_timeout_ms = (long)f->connect_timeout_ms;
	o->timeout_ms = (long)f->timeout_ms;
	o->max_bytes = f->max_bytes;
	o->retries = f->retries;
	/* without a copy in the spool a "not modified" would leave nothing */
	if (have_copy) {
		o->etag = sf->etag;
		o->last_modified = sf->last_modified;
	}
}

enum job_fetch_result job_fetch(struct job *j, int feed, char **copy, char **err)
{
	const struct feed *f = &j->cfg->feed[feed];
	*copy = NULL;
	struct spool *sp = spool_open(j->cfg->spool_dir, f->id, f->keep, err);
	if (!sp) {
		store_feed_failed(j->st, f->id, j->now, *err, NULL);
		return JOB_FETCH_FAILED;
	}
	struct store_feed sf;
	if (store_feed_get(j->st, f->id, &sf, err) < 0) {
		spool_free(sp);
		return JOB_FETCH_FAILED;
	}
	char *current = spool_current(sp);
	char *tmp = spool_tmp(sp, err);
	enum job_fetch_result res = JOB_FETCH_FAILED;
	if (!tmp) {
		store_feed_failed(j->st, f->id, j->now, *err, NULL);
		*copy = current;
		current = NULL;
		goto out;
	}
	struct fetch_opts o;
	fetch_opts_for(f, &sf, current != NULL, &o);
	o.progress = j->progress;
	o.progress_ctx = j->progress_ctx;
	/* a feed that may only have grown: digest the old length's worth as
	 * it comes in, so job_ingest need not read the copy again to tell */
	j->prefix_len = 0;
	if (f->kind != KIND_TICKETS && sf.ingested && sf.ingested_records > 0)
		o.prefix_len = sf.ingested_len;
	struct fetch_result r;
	fetch_run(&o, tmp, &r);
	if (r.outcome == FETCH_NEW && current && sf.sha256 && !strcmp(sf.sha256, r.sha256)) {
		/* a full download of what we have: no new copy */
		spool_discard(tmp);
		r.outcome = FETCH_NOT_MODIFIED;
	}
	char *why = NULL;
	int bad_copy = 0;
	if (r.outcome == FETCH_NEW && good_copy(j->cfg, feed, tmp, &r, current, &why) < 0) {
		/* complete, but not the export: the last good copy stays */
		free(r.error);
		r.error = why;
		r.outcome = FETCH_FAILED;
		bad_copy = 1;
	}
	if (r.outcome == FETCH_NEW) {
		char *path = NULL;
		if (spool_commit(sp, tmp, j->now, r.sha256[0] ? r.sha256 : NULL, &path, err) < 0) {
			spool_discard(tmp);
			store_feed_failed(j->st, f->id, j->now, *err, NULL);
			*copy = current;
			current = NULL;
		} else {
			struct store_fetch got = { r.etag, r.last_modified, r.sha256, path };
			store_feed_ok(j->st, f->id, j->now, &got, NULL);
			*copy = path;
			res = JOB_FETCH_NEW;
			if (o.prefix_len > 0 && r.prefix_sha256[0]) {
				j->prefix_feed = feed;
				j->prefix_len = o.prefix_len;
				memcpy(j->prefix_sha, r.prefix_sha256, sizeof(j->prefix_sha));
				j->prefix_last = r.prefix_last;
			}
		}
	} else if (r.outcome == FETCH_NOT_MODIFIED) {
		struct store_fetch got = { r.etag, r.last_modified, NULL, NULL };
		store_feed_ok(j->st, f->id, j->now, &got, NULL);
		*copy = current;
		current = NULL;
		res = JOB_FETCH_SAME;
	} else {
		spool_discard(tmp);
		errorf(err, "%s", r.error ? r.error : "failed");
		store_feed_failed(j->st, f->id, j->now, *err, NULL);
		*copy = current;   /* the last good copy, if any */
		current = NULL;
		if (bad_copy)
			res = JOB_FETCH_BAD;
	}
	fetch_result_free(&r);
	free(tmp);
out:
	free(current);
	store_feed_clear(&sf);
	spool_free(sp);
	return res;
}
