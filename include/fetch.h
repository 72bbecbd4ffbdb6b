#ifndef FITSMON_FETCH_H
#define FITSMON_FETCH_H
/*
 * fetch — bring one feed's export to a local file, over http(s) with
 * libcurl or from a local file, without ever printing anything.
 *
 * One call, fetch_run, does one feed: it picks the backend from the
 * URL's scheme, makes up to 1 + retries attempts, and writes the body to
 * a file the caller named (a temporary path inside the spool folder, see
 * spool.h).  Everything the administrator needs to know comes back in a
 * struct fetch_result: the outcome, the HTTP status, the validators for
 * the next conditional request, the size and SHA-256 of what was
 * written, and a terse error ("http 404 from https://host/path").
 *
 * Backends (one file each, behind struct fetch_backend below):
 *   http, https   fetch_http.c  libcurl easy interface
 *   file://, path fetch_file.c  a plain copy with the same size cap
 *
 * What the http backend guarantees, whatever the options say:
 *   - only http and https are spoken, and a redirect may only lead to
 *     http or https (a redirect to file:// or anything else fails);
 *   - TLS peers and host names are always verified (TLS 1.2 or later),
 *     against ca_file when it is set, else the system's CA store;
 *   - at most 5 redirects are followed;
 *   - the body is never larger than max_bytes: a known Content-Length
 *     over the cap fails at once, and a chunked or compressed body is
 *     cut off in the write callback the moment it passes the cap;
 *   - a body shorter than its Content-Length fails (CURLE_PARTIAL_FILE),
 *     and so does a connection cut inside a chunked body;
 *   - a compressed body is decoded here, not by libcurl: only gzip and
 *     deflate are asked for (Accept-Encoding) and accepted, and the body
 *     fails unless the decoder reached the end of the compressed stream
 *     (libcurl 7.88 takes a gzip body cut in half as complete); any other
 *     Content-Encoding (br, zstd, ...) fails;
 *   - a 2xx other than 206 is a body, even an empty one (a 204): whether
 *     it is an export is for the caller to judge;
 *   - HTTP status >= 400 fails, with the status in the error;
 *   - the secret is read from its file at fetch time, sent only by
 *     libcurl's own auth (so it is dropped on a redirect to another host
 *     or port), wiped from fitsmon's memory afterwards, and never
 *     appears in r->error;
 *   - URLs in messages lose their user:password@ part and their query
 *     string (shown as "?…"), where suppliers like to put keys.
 * What no backend can see: a body longer than its Content-Length is cut
 * there by libcurl without an error, and a server that closes a body
 * without Content-Length or chunks early looks like a whole body.  The
 * caller catches such a cut by the copy's content (job_fetch: a copy must
 * not be empty, must end with a line break when the last good one did,
 * and its header must hold every mapped column; r->bytes and r->last, the
 * body's last byte, are there for that).
 * Proxies from the usual environment variables (https_proxy, no_proxy)
 * are honoured, as curl does; schools often sit behind one.
 *
 * Retries: timeouts, failed connects and name lookups, connections cut
 * mid-transfer (including a short body) and HTTP 5xx are retried after
 * backoff_ms, then twice that, and so on (each delay at most 60 s).
 * Nothing else is retried: a 4xx, a bad certificate, a refused redirect
 * or an over-size body would fail the same way again.
 * NEEDSWORK: 429 and 503 with Retry-After could wait as told.
 *
 * Conditional GET: with etag set, If-None-Match is sent; with
 * last_modified set, If-Modified-Since.  A 304 is FETCH_NOT_MODIFIED.
 * The file backend makes its own validator from the file's inode, size
 * and modification time (nanoseconds) and honours etag the same way, so
 * a caller can treat both backends alike.
 *
 * Call fetch_global_init once near main, before any fetch and before
 * any thread is started; fetch_global_cleanup at exit.
 */
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

/* Used when the corresponding option is 0 or negative. */
#define FETCH_DEFAULT_CONNECT_TIMEOUT_MS 30000L
#define FETCH_DEFAULT_TIMEOUT_MS         300000L
#define FETCH_DEFAULT_MAX_BYTES          ((int64_t)512 * 1024 * 1024)
#define FETCH_DEFAULT_BACKOFF_MS         2000L
#define FETCH_MAX_BACKOFF_MS             60000L
#define FETCH_MAX_REDIRECTS              5

enum fetch_auth {
	FETCH_AUTH_NONE,
	FETCH_AUTH_BEARER,   /* Authorization: Bearer <secret> */
	FETCH_AUTH_BASIC     /* auth_user and <secret> as the password */
};

/*
 * What to fetch and how.  Zero the struct and set url; every other
 * field has a safe meaning at zero.  fetch_run only reads it, and keeps
 * no pointer into it after returning.
 */
struct fetch_opts {
	const char *url;               /* http://, https://, file:// or a local path */
	const char *ca_file;           /* PEM bundle to trust instead of the system's; NULL = system */
	enum fetch_auth auth;
	const char *auth_user;         /* basic only; required there */
	const char *auth_secret_file;  /* bearer/basic: the secret is this file's text, read at
	                                * fetch time, trailing CR/LF stripped; must be one line */
	char *const *headers;          /* extra request headers, each "Name: value" */
	size_t nheaders;
	long connect_timeout_ms;       /* <= 0: FETCH_DEFAULT_CONNECT_TIMEOUT_MS */
	long timeout_ms;               /* whole transfer, per attempt; <= 0: default */
	int64_t max_bytes;             /* body size cap; <= 0: FETCH_DEFAULT_MAX_BYTES */
	int retries;                   /* extra attempts after the first; <= 0: none */
	long backoff_ms;               /* first retry delay, doubled each time; <= 0: default */
	const char *etag;              /* from the last good fetch; NULL = unconditional */
	const char *last_modified;     /* likewise, as the server sent it */
	/* Called as body bytes arrive (bytes so far in this attempt); may be
	 * NULL.  For a progress line on a terminal; it must not print to
	 * anything but that terminal. */
	void (*progress)(void *ctx, int64_t bytes);
	void *progress_ctx;
	/* > 0: also digest the body's first prefix_len bytes (the size of the
	 * copy taken in last, to tell a feed that only grew without reading
	 * the new copy again) */
	int64_t prefix_len;
};

enum fetch_outcome {
	FETCH_NEW,           /* dest holds the complete new body */
	FETCH_NOT_MODIFIED,  /* the server (or file) says nothing changed; dest removed */
	FETCH_FAILED         /* see error; dest removed */
};

/*
 * The result of fetch_run.  fetch_run fills every field; the strings
 * belong to the result and go with fetch_result_free.
 */
struct fetch_result {
	enum fetch_outcome outcome;
	long http_status;      /* last response's status; 0 when none (or the file backend) */
	char *etag;            /* validators to store for next time; NULL when not sent.  On */
	char *last_modified;   /* FETCH_NOT_MODIFIED a missing one is copied from the opts */
	int64_t bytes;         /* FETCH_NEW: body size in bytes; else 0 */
	char sha256[SHA256_HEX_SIZE];  /* FETCH_NEW: lower-case hex digest of dest; else "" */
	char prefix_sha256[SHA256_HEX_SIZE];  /* FETCH_NEW and a body longer than
					       * prefix_len: digest of its first
					       * prefix_len bytes; else "" */
	char prefix_last;      /* ... and the last of those bytes */
	char last;             /* FETCH_NEW: the body's last byte; else 0 */
	char *error;           /* FETCH_FAILED: terse, for the admin log, no secret; else NULL */
	int attempts;          /* attempts made (1 + retries used); 0 when none could start */
};

/*
 * Set up libcurl for the whole program (curl_global_init).  Call once
 * from main before any thread exists.  -1 with *err when it fails.
 */
int fetch_global_init(char **err);
void fetch_global_cleanup(void);

/*
 * Fetch o->url into the file dest.
 *
 * dest is a path the caller chose, normally from spool_tmp(); it may
 * already exist (it is truncated, never followed if it is a symlink) and
 * is created 0600 if not.  Between attempts it is emptied again.  On
 * return, dest holds the whole body when the outcome is FETCH_NEW and
 * does not exist otherwise, so a partial download can never be mistaken
 * for a good one.  dest is not fsynced here; spool_commit does that.
 *
 * *r is overwritten (not freed) on entry: pass a fresh or freed result.
 * Returns 0 for FETCH_NEW and FETCH_NOT_MODIFIED, -1 for FETCH_FAILED.
 * Never prints; sleeps between retries (backoff_ms and its doublings).
 */
int fetch_run(const struct fetch_opts *o, const char *dest, struct fetch_result *r);

/* Release what a result owns and zero it; accepts NULL. */
void fetch_result_free(struct fetch_result *r);

/*
 * The URL as it may appear in logs: user:password@ and the query string
 * (replaced by "?…") and fragment dropped.  A local path comes back as
 * it is.  Never NULL; the caller frees.
 */
char *fetch_url_for_log(const char *url);

/* ------------------------------------------------------------------ *
 * For backends only (fetch_http.c, fetch_file.c); callers need none.  *
 * ------------------------------------------------------------------ */

/*
 * Where a backend writes the body: dest, with the size cap and the
 * running SHA-256.  fetch.c opens, empties and closes it.
 */
struct fetch_sink {
	int fd;
	const char *path;      /* dest, for messages */
	int64_t max_bytes;     /* the effective cap */
	int64_t bytes;         /* written in this attempt */
	int64_t started;       /* bytes handed to the disk ahead of the fsync */
	int over;              /* set when a write would have passed max_bytes */
	int werrno;            /* errno of a failed write, else 0 */
	struct sha256 sha;
	void (*progress)(void *ctx, int64_t bytes);
	void *progress_ctx;
	int64_t prefix_len;    /* digest the first prefix_len bytes apart (0: no) */
	char prefix_sha[SHA256_HEX_SIZE];   /* set once more than that many bytes are in */
	char prefix_last;      /* the prefix's last byte */
	char last;             /* the last byte written so far */
};

/*
 * Append n bytes to the sink.  0 on success; -1, writing nothing, when
 * the body would pass the cap (sink->over) or the disk refuses
 * (sink->werrno).  A backend stops the transfer on -1.
 */
int fetch_sink_write(struct fetch_sink *s, const void *p, size_t n);

/* How one attempt ended; the backend has set r->error on the last two. */
enum fetch_verdict {
	FETCH_GOT_BODY,        /* the sink holds the whole body */
	FETCH_GOT_UNCHANGED,   /* conditional request answered "not modified" */
	FETCH_RETRY,           /* failed in a way worth another attempt */
	FETCH_GIVE_UP          /* failed for good */
};

/*
 * A backend.  prepare runs once per fetch_run (reading the secret,
 * building the request); attempt once per try, filling r->http_status,
 * r->etag, r->last_modified (fetch.c clears them first) and, on
 * failure, r->error via errorf(&r->error, ...); release frees the state
 * and accepts NULL.  prepare returns 0, or -1 with *err.
 */
struct fetch_backend {
	const char *name;
	int (*handles)(const char *url);
	int (*prepare)(const struct fetch_opts *o, void **state, char **err);
	enum fetch_verdict (*attempt)(void *state, const struct fetch_opts *o,
				      struct fetch_sink *sink, struct fetch_result *r);
	void (*release)(void *state);
};

extern const struct fetch_backend fetch_http_backend;
extern const struct fetch_backend fetch_file_backend;

/*
 * Whether url begins "scheme://" for this scheme (ASCII case-insensitive);
 * with scheme NULL, whether it begins with any RFC 3986 scheme and "://".
 */
int fetch_url_is(const char *url, const char *scheme);

/* The cap, timeouts and backoff with the defaults applied. */
int64_t fetch_max_bytes(const struct fetch_opts *o);
long fetch_connect_timeout_ms(const struct fetch_opts *o);
long fetch_timeout_ms(const struct fetch_opts *o);

#endif
