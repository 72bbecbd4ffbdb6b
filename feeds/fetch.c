/*
 * fetch — the backend-neutral half: choosing a backend by URL, the
 * retry loop with exponential backoff, and the sink every backend
 * writes the body through (size cap, SHA-256, dest emptied between
 * attempts and removed unless the fetch succeeded).
 */
#define _GNU_SOURCE   /* sync_file_range */
#include "fetch.h"

#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

/* Tried in order; the first whose handles() says yes serves the URL. */
static const struct fetch_backend *const backends[] = {
	&fetch_http_backend,
	&fetch_file_backend,
};

int fetch_global_init(char **err)
{
	CURLcode c = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (c != CURLE_OK)
		return errorf(err, "cannot start libcurl: %s", curl_easy_strerror(c));
	return 0;
}

void fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

int fetch_url_is(const char *url, const char *scheme)
{
	if (!url)
		return 0;
	if (scheme) {
		size_t n = strlen(scheme);
		for (size_t i = 0; i < n; i++)
			if (!url[i] || tolower((unsigned char)url[i]) != tolower((unsigned char)scheme[i]))
				return 0;
		return strncmp(url + n, "://", 3) == 0;
	}
	if (!isalpha((unsigned char)url[0]))
		return 0;
	size_t i = 1;
	while (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')
		i++;
	return strncmp(url + i, "://", 3) == 0;
}

int64_t fetch_max_bytes(const struct fetch_opts *o)
{
	return o->max_bytes > 0 ? o->max_bytes : FETCH_DEFAULT_MAX_BYTES;
}

long fetch_connect_timeout_ms(const struct fetch_opts *o)
{
	return o->connect_timeout_ms > 0 ? o->connect_timeout_ms : FETCH_DEFAULT_CONNECT_TIMEOUT_MS;
}

long fetch_timeout_ms(const struct fetch_opts *o)
{
	return o->timeout_ms > 0 ? o->timeout_ms : FETCH_DEFAULT_TIMEOUT_MS;
}

/*
 * Fallback for fetch_url_for_log when libcurl cannot parse the URL:
 * keep "scheme://", drop everything up to an '@' in the authority, and
 * cut at '?' or '#'.
 */
static char *redact_by_hand(const char *url)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = strstr(url, "://");
	if (!p)
		return xstrdup(url);
	p += 3;
	sb_add(&sb, url, (size_t)(p - url));
	size_t auth = strcspn(p, "/?#");
	const char *at = memchr(p, '@', auth);
	if (at)
		p = at + 1;
	size_t keep = strcspn(p, "?#");
	sb_add(&sb, p, keep);
	if (p[keep] == '?')
		sb_puts(&sb, "?\xe2\x80\xa6");
	return sb_detach(&sb);
}

char *fetch_url_for_log(const char *url)
{
	if (!url)
		return xstrdup("(no url)");
	if (!fetch_url_is(url, NULL))
		return xstrdup(url);
	CURLU *u = curl_url();
	if (!u)
		return redact_by_hand(url);
	char *out = NULL, *query = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_QUERY, &query, 0);
		curl_url_set(u, CURLUPART_USER, NULL, 0);
		curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
		curl_url_set(u, CURLUPART_OPTIONS, NULL, 0);
		curl_url_set(u, CURLUPART_QUERY, NULL, 0);
		curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
		char *s = NULL;
		if (curl_url_get(u, CURLUPART_URL, &s, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
			out = xasprintf("%s%s", s, query ? "?\xe2\x80\xa6" : "");
			curl_free(s);
		}
	}
	curl_free(query);
	curl_url_cleanup(u);
	return out ? out : redact_by_hand(url);
}

/*
 * Open dest for writing the body: truncated, created 0600 when missing,
 * never through a symlink, close-on-exec.  -1 with *err.
 */
static int sink_open(struct fetch_sink *s, const char *dest, int64_t max, char **err)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->path = dest;
	s->max_bytes = max;
	s->fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
	if (s->fd < 0)
		return errorf(err, "cannot open '%s': %s", dest, strerror(errno));
	if (sha256_init(&s->sha) < 0) {
		close(s->fd);
		s->fd = -1;
		return errorf(err, "cannot digest '%s': sha256 unavailable in libcrypto", dest);
	}
	return 0;
}

/* Empty the sink for another attempt.  -1 with *err. */
static int sink_reset(struct fetch_sink *s, char **err)
{
	s->bytes = 0;
	s->started = 0;
	s->over = 0;
	s->werrno = 0;
	s->prefix_sha[0] = '\0';
	s->last = 0;
	if (ftruncate(s->fd, 0) < 0 || lseek(s->fd, 0, SEEK_SET) < 0)
		return errorf(err, "cannot empty '%s': %s", s->path, strerror(errno));
	if (sha256_init(&s->sha) < 0)
		return errorf(err, "cannot digest '%s': sha256 unavailable in libcrypto", s->path);
	return 0;
}

#define WRITE_AHEAD (8 << 20)   /* bytes */

int fetch_sink_write(struct fetch_sink *s, const void *p, size_t n)
{
	if (n > (uint64_t)(s->max_bytes - s->bytes)) {
		s->over = 1;
		return -1;
	}
	const char *c = p;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(s->fd, c + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->werrno = w < 0 ? errno : EIO;
			return -1;
		}
		off += (size_t)w;
	}
	/* the prefix's digest: the running one, taken where the prefix ends
	 * (the start of this piece, or inside it) */
	size_t first = n;
	if (s->prefix_len > 0 && s->prefix_len >= s->bytes && s->prefix_len < s->bytes + (int64_t)n)
		first = (size_t)(s->prefix_len - s->bytes);
	if (sha256_update(&s->sha, p, first) < 0 ||
	    (first < n && (sha256_peek_hex(&s->sha, s->prefix_sha) < 0 ||
			   sha256_update(&s->sha, c + first, n - first) < 0))) {
		s->werrno = ENOMEM;
		return -1;
	}
	if (first < n)
		s->prefix_last = first ? c[first - 1] : s->last;
	if (n)
		s->last = c[n - 1];
	s->bytes += (int64_t)n;
#ifdef SYNC_FILE_RANGE_WRITE
	if (s->bytes - s->started >= WRITE_AHEAD) {
		/* start writing what is in to disk while the rest comes, so
		 * that spool_commit's fsync of a big copy has little left to
		 * wait for (advice: a failure here changes nothing) */
		sync_file_range(s->fd, s->started, s->bytes - s->started, SYNC_FILE_RANGE_WRITE);
		s->started = s->bytes;
	}
#endif
	if (s->progress)
		s->progress(s->progress_ctx, s->bytes);
	return 0;
}

/* Close the sink, keeping the file; -1 with *err when close reports a late write error. */
static int sink_close(struct fetch_sink *s, char **err)
{
	int rc = 0;
	if (s->fd >= 0 && close(s->fd) < 0)
		rc = errorf(err, "cannot write '%s': %s", s->path, strerror(errno));
	s->fd = -1;
	return rc;
}

/* Close the sink and remove the file: nothing half-written stays behind. */
static void sink_abandon(struct fetch_sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	sha256_release(&s->sha);
	unlink(s->path);
}

/* Sleep ms milliseconds, resuming after signals. */
static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static const struct fetch_backend *backend_for(const char *url)
{
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
		if (backends[i]->handles(url))
			return backends[i];
	return NULL;
}

/* Fail r before any attempt: dest removed, message set. */
static int fail_early(struct fetch_result *r, const char *dest)
{
	if (dest)
		unlink(dest);
	r->outcome = FETCH_FAILED;
	if (!r->error)
		r->error = xstrdup("fetch failed");
	return -1;
}

/*
 * The retry loop (see fetch.h for the contract).  A verdict of
 * FETCH_RETRY earns another attempt while retries remain; the sink is
 * emptied first so that each attempt starts from an empty dest.
 */
int fetch_run(const struct fetch_opts *o, const char *dest, struct fetch_result *r)
{
	memset(r, 0, sizeof *r);
	r->outcome = FETCH_FAILED;
	if (!dest) {
		errorf(&r->error, "fetch: no destination file");
		return fail_early(r, NULL);
	}
	if (!o->url || !*o->url) {
		errorf(&r->error, "fetch: no url");
		return fail_early(r, dest);
	}
	const struct fetch_backend *b = backend_for(o->url);
	if (!b) {
		char *u = fetch_url_for_log(o->url);
		errorf(&r->error, "cannot fetch %s: only http, https and file urls are supported", u);
		free(u);
		return fail_early(r, dest);
	}

	void *state = NULL;
	if (b->prepare(o, &state, &r->error) < 0)
		return fail_early(r, dest);
	struct fetch_sink sink;
	if (sink_open(&sink, dest, fetch_max_bytes(o), &r->error) < 0) {
		b->release(state);
		return fail_early(r, dest);
	}
	sink.progress = o->progress;
	sink.progress_ctx = o->progress_ctx;
	sink.prefix_len = o->prefix_len > 0 ? o->prefix_len : 0;

	int tries = 1 + (o->retries > 0 ? o->retries : 0);
	long delay = o->backoff_ms > 0 ? o->backoff_ms : FETCH_DEFAULT_BACKOFF_MS;
	if (delay > FETCH_MAX_BACKOFF_MS)
		delay = FETCH_MAX_BACKOFF_MS;
	enum fetch_verdict v = FETCH_GIVE_UP;
	for (int i = 1; i <= tries; i++) {
		if (i > 1) {
			sleep_ms(delay);
			delay = delay > FETCH_MAX_BACKOFF_MS / 2 ? FETCH_MAX_BACKOFF_MS : delay * 2;
			if (sink_reset(&sink, &r->error) < 0) {
				v = FETCH_GIVE_UP;
				break;
			}
		}
		free(r->etag);
		free(r->last_modified);
		r->etag = r->last_modified = NULL;
		r->http_status = 0;
		r->attempts = i;
		v = b->attempt(state, o, &sink, r);
		if (v != FETCH_RETRY)
			break;
	}
	b->release(state);

	if (v == FETCH_GOT_BODY) {
		if (sink_close(&sink, &r->error) < 0 ||
		    sha256_final_hex(&sink.sha, r->sha256) < 0) {
			if (!r->error)
				errorf(&r->error, "cannot digest '%s': libcrypto failed", dest);
			sink_abandon(&sink);
			r->sha256[0] = '\0';
			r->outcome = FETCH_FAILED;
			return -1;
		}
		free(r->error);
		r->error = NULL;
		r->bytes = sink.bytes;
		r->outcome = FETCH_NEW;
		memcpy(r->prefix_sha256, sink.prefix_sha, sizeof(r->prefix_sha256));
		r->prefix_last = sink.prefix_last;
		r->last = sink.last;
		return 0;
	}
	sink_abandon(&sink);
	if (v == FETCH_GOT_UNCHANGED) {
		free(r->error);
		r->error = NULL;
		if (!r->etag && o->etag)
			r->etag = xstrdup(o->etag);
		if (!r->last_modified && o->last_modified)
			r->last_modified = xstrdup(o->last_modified);
		r->outcome = FETCH_NOT_MODIFIED;
		return 0;
	}
	if (!r->error)
		r->error = xstrdup("fetch failed");
	if (r->attempts > 1) {
		char *e = xasprintf("%s (%d attempts)", r->error, r->attempts);
		free(r->error);
		r->error = e;
	}
	r->outcome = FETCH_FAILED;
	return -1;
}

void fetch_result_free(struct fetch_result *r)
{
	if (!r)
		return;
	free(r->etag);
	free(r->last_modified);
	free(r->error);
	memset(r, 0, sizeof *r);
}
