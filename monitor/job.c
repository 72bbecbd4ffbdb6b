/* job — fetch, ingest and load over the store. */
#include "job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dataset.h"
#include "fetch.h"
#include "ingest.h"
#include "sha256.h"
#include "spool.h"
#include "util.h"

int job_ingest(struct job *j, int feed, const char *path, struct store_ingest_counts *counts,
	       char **err)
{
	const struct config *cfg = j->cfg;
	char hex[SHA256_HEX_SIZE];
	if (sha256_file(path, hex, err) < 0) {
		char *m = xasprintf("%s: %s", cfg->feed[feed].id, *err);
		free(*err);
		*err = m;
		return -1;
	}
	struct store_feed sf;
	if (store_feed_get(j->st, cfg->feed[feed].id, &sf, err) < 0)
		return -1;
	int same = sf.ingested && !strcmp(sf.ingested, hex);
	store_feed_clear(&sf);
	if (same) {
		memset(counts, 0, sizeof(*counts));
		return 1;
	}
	struct store_ingest *in = store_ingest_begin(j->st, cfg, feed, j->run, err);
	if (!in)
		return -1;
	struct feedsink sink = store_ingest_sink(in);
	struct ingest_stats st;
	if (ingest_file(cfg, feed, path, &sink, &st, err) < 0) {
		store_ingest_abort(in);
		return -1;
	}
	return store_ingest_commit(in, hex, counts, err);
}

void job_keep_apply(struct dataset *ds, const struct job_keep *keep)
{
	if (!keep)
		return;
	ds->since = keep->since;
	ds->keep_from = keep->from;
	ds->keep_to = keep->to;
}

struct dataset *job_load(struct job *j, const struct job_keep *keep, char **err)
{
	struct dataset *ds = dataset_new(j->cfg, j->now);
	job_keep_apply(ds, keep);
	if (store_load(j->st, j->cfg, ds, err) < 0) {
		dataset_free(ds);
		return NULL;
	}
	return ds;
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
		store_feed_fetched(j->st, f->id, j->now, 0, NULL, NULL, NULL, NULL, *err, NULL);
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
		store_feed_fetched(j->st, f->id, j->now, 0, NULL, NULL, NULL, NULL, *err, NULL);
		*copy = current;
		current = NULL;
		goto out;
	}
	struct fetch_opts o;
	fetch_opts_for(f, &sf, current != NULL, &o);
	o.progress = j->progress;
	o.progress_ctx = j->progress_ctx;
	struct fetch_result r;
	fetch_run(&o, tmp, &r);
	if (r.outcome == FETCH_NEW && current && sf.sha256 && !strcmp(sf.sha256, r.sha256)) {
		/* a full download of what we have: no new copy */
		spool_discard(tmp);
		r.outcome = FETCH_NOT_MODIFIED;
	}
	if (r.outcome == FETCH_NEW) {
		char *path = NULL;
		if (spool_commit(sp, tmp, j->now, &path, err) < 0) {
			spool_discard(tmp);
			store_feed_fetched(j->st, f->id, j->now, 0, NULL, NULL, NULL, NULL, *err, NULL);
			*copy = current;
			current = NULL;
		} else {
			store_feed_fetched(j->st, f->id, j->now, 1, r.etag, r.last_modified, r.sha256,
					   path, NULL, NULL);
			*copy = path;
			res = JOB_FETCH_NEW;
		}
	} else if (r.outcome == FETCH_NOT_MODIFIED) {
		store_feed_fetched(j->st, f->id, j->now, 1, r.etag, r.last_modified, NULL, NULL,
				   NULL, NULL);
		*copy = current;
		current = NULL;
		res = JOB_FETCH_SAME;
	} else {
		spool_discard(tmp);
		errorf(err, "%s", r.error ? r.error : "failed");
		store_feed_fetched(j->st, f->id, j->now, 0, NULL, NULL, NULL, NULL, *err, NULL);
		*copy = current;   /* the last good copy, if any */
		current = NULL;
	}
	fetch_result_free(&r);
	free(tmp);
out:
	free(current);
	store_feed_clear(&sf);
	spool_free(sp);
	return res;
}
