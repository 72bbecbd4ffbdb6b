/*
 * fetch_http — the http and https backend, on libcurl's easy interface.
 *
 * prepare() builds one easy handle with every safety option set (see
 * fetch.h), reads the secret, and lists the request headers; attempt()
 * runs one transfer on it and sorts the outcome into a verdict; the two
 * callbacks, on_header (status line, ETag, Last-Modified,
 * Content-Encoding) and on_body (size cap, non-2xx bodies refused,
 * decoding), are kept small and apart, as in curl's own tool_cb_hdr.c and
 * tool_cb_wrt.c.
 *
 * Content decoding is done here with zlib rather than by libcurl
 * (CURLOPT_HTTP_CONTENT_DECODING off): libcurl 7.88 ends a gzip body that
 * stops half-way with CURLE_OK, so only a decoder of our own can tell
 * that the compressed stream never reached its end.
 */
#include "fetch.h"

#include "secret.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <zlib.h>

#ifndef FITSMON_VERSION
#define FITSMON_VERSION "unknown"
#endif

/* A secret file longer than this is surely not a token or password. */

/* The Content-Encoding of the response being received. */
enum coding { CODING_NONE, CODING_GZIP, CODING_DEFLATE, CODING_OTHER };

/* One fetch_run's state: the handle, and what the callbacks fill in. */
struct http {
	CURL *curl;
	struct curl_slist *headers;
	char *secret;          /* wiped before it is freed */
	char *log_url;         /* o->url fit for messages */
	int conditional;       /* If-None-Match or If-Modified-Since was sent */
	char errbuf[CURL_ERROR_SIZE];
	/* per attempt, for the callbacks */
	struct fetch_sink *sink;
	struct fetch_result *r;
	long status;           /* status of the response being received */
	int refused;           /* on_body stopped a non-2xx body */
	enum coding coding;
	char coding_name[41];  /* CODING_OTHER: the header's value, for messages */
	z_stream z;            /* the decoder, while zinit */
	int zinit;
	int zraw;              /* deflate without its zlib wrapper (some servers) */
	int zend;              /* the decoder reached the end of the stream */
	const char *zbad;      /* why decoding stopped, else NULL */
};

static int handles(const char *url)
{
	return fetch_url_is(url, "http") || fetch_url_is(url, "https");
}

/* The bearer token or basic password, from its file (secret.c). */
static int read_secret(const char *path, char **out, char **err)
{
	if (!path)
		return errorf(err, "auth needs a secret file");
	return secret_read(path, "secret", out, err);
}

/* A header line fit to send: "Name: value", a token before the colon, no CR or LF. */
static int header_ok(const char *h)
{
	size_t i = 0;
	while (h[i] && (isalnum((unsigned char)h[i]) || strchr("!#$%&'*+-.^_`|~", h[i])))
		i++;
	if (i == 0 || h[i] != ':')
		return 0;
	return strpbrk(h, "\r\n") == NULL;
}

/* Append a header line to the request; -1 when libcurl is out of memory. */
static int add_line(struct http *h, const char *line)
{
	struct curl_slist *l = curl_slist_append(h->headers, line);
	if (!l)
		return -1;
	h->headers = l;
	return 0;
}

/* Append "Name: value" to the request; -1 when libcurl is out of memory. */
static int add_header(struct http *h, const char *name, const char *value)
{
	char *line = xasprintf("%s: %s", name, value);
	int rc = add_line(h, line);
	free(line);
	return rc;
}

/*
 * The status code of a status line such as "HTTP/1.1 200 OK" or
 * "HTTP/2 304", or -1 when line is not one.
 */
static long status_of(const char *line, size_t n)
{
	if (n < 5 || strncmp(line, "HTTP/", 5) != 0)
		return -1;
	size_t i = 5;
	while (i < n && line[i] != ' ')
		i++;
	while (i < n && line[i] == ' ')
		i++;
	long code = 0;
	int digits = 0;
	for (; i < n && isdigit((unsigned char)line[i]) && digits < 3; i++, digits++)
		code = code * 10 + (line[i] - '0');
	return digits == 3 ? code : -1;
}

/*
 * If line is the header `name` (case-insensitive), its value without
 * the surrounding blanks and CRLF; else NULL.
 */
static char *header_value(const char *line, size_t n, const char *name)
{
	size_t nl = strlen(name);
	if (n <= nl || line[nl] != ':' || strncasecmp(line, name, nl) != 0)
		return NULL;
	const char *v;
	size_t vn = str_trim_span(line + nl + 1, n - nl - 1, &v);
	return vn ? xstrndup(v, vn) : NULL;
}

/*
 * Header callback: libcurl hands over each header line of each response
 * (redirects and proxy CONNECT replies included).  A status line starts
 * a new response, so what an earlier one said is dropped: the ETag and
 * Last-Modified kept are those of the final response.
 */
static size_t on_header(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct http *h = userdata;
	size_t n = size * nitems;
	long code = status_of(buf, n);
	char *v;

	if (code >= 0) {
		h->status = code;
		h->coding = CODING_NONE;
		free(h->r->etag);
		free(h->r->last_modified);
		h->r->etag = h->r->last_modified = NULL;
	} else if ((v = header_value(buf, n, "ETag"))) {
		free(h->r->etag);
		h->r->etag = v;
	} else if ((v = header_value(buf, n, "Last-Modified"))) {
		free(h->r->last_modified);
		h->r->last_modified = v;
	} else if ((v = header_value(buf, n, "Content-Encoding"))) {
		if (!strcasecmp(v, "gzip") || !strcasecmp(v, "x-gzip"))
			h->coding = CODING_GZIP;
		else if (!strcasecmp(v, "deflate"))
			h->coding = CODING_DEFLATE;
		else if (strcasecmp(v, "identity")) {
			h->coding = CODING_OTHER;
			snprintf(h->coding_name, sizeof(h->coding_name), "%s", v);
		}
		free(v);
	}
	return n;
}

/* Drop the decoder (between attempts, and at the end). */
static void decoder_end(struct http *h)
{
	if (h->zinit)
		inflateEnd(&h->z);
	h->zinit = h->zraw = h->zend = 0;
	h->zbad = NULL;
}

static int decoder_start(struct http *h, int raw)
{
	memset(&h->z, 0, sizeof(h->z));
	int bits = h->coding == CODING_GZIP ? 15 + 16 : raw ? -15 : 15;
	if (inflateInit2(&h->z, bits) != Z_OK) {
		h->zbad = "zlib could not start";
		return -1;
	}
	h->zinit = 1;
	h->zraw = raw;
	return 0;
}

/*
 * Decode n bytes of a gzip or deflate body into the sink.  A gzip body
 * may hold several members one after the other; anything after the end
 * of a deflate stream, or a stream that does not decode, fails (h->zbad).
 * 0, or -1 when the transfer must stop.
 */
static int decode(struct http *h, const unsigned char *p, size_t n)
{
	unsigned char out[16384];
	if (n > UINT_MAX) {
		h->zbad = "a piece of the body too large to decode";
		return -1;
	}
	if (!h->zinit && decoder_start(h, 0) < 0)
		return -1;
	h->z.next_in = (Bytef *)(uintptr_t)p;
	h->z.avail_in = (uInt)n;
	int more_out = 0;
	for (;;) {
		if (h->zend && h->z.avail_in > 0) {
			if (h->coding != CODING_GZIP) {
				h->zbad = "bytes after the end of the compressed body";
				return -1;
			}
			inflateReset(&h->z);   /* the next gzip member */
			h->zend = 0;
		}
		if (h->z.avail_in == 0 && !more_out)
			return 0;
		h->z.next_out = out;
		h->z.avail_out = sizeof(out);
		int zr = inflate(&h->z, Z_NO_FLUSH);
		size_t got = sizeof(out) - h->z.avail_out;
		if (got && fetch_sink_write(h->sink, out, got) < 0)
			return -1;
		more_out = h->z.avail_out == 0;
		if (zr == Z_STREAM_END) {
			h->zend = 1;
			more_out = 0;
		} else if (zr == Z_DATA_ERROR && h->coding == CODING_DEFLATE && !h->zraw &&
			   h->z.total_out == 0 && h->z.total_in <= n) {
			/* "deflate" sent without its zlib wrapper: start again raw */
			inflateEnd(&h->z);
			h->zinit = 0;
			if (decoder_start(h, 1) < 0)
				return -1;
			h->z.next_in = (Bytef *)(uintptr_t)p;
			h->z.avail_in = (uInt)n;
		} else if (zr == Z_BUF_ERROR) {
			return 0;   /* all taken; more input needed */
		} else if (zr != Z_OK) {
			h->zbad = h->coding == CODING_GZIP ? "the gzip body does not decode"
				: "the deflate body does not decode";
			return -1;
		}
	}
}

/*
 * Write callback: the body goes to the sink, which enforces the size
 * cap; returning short makes libcurl stop with CURLE_WRITE_ERROR.  This
 * is the only cap that holds for a chunked or compressed body.  Only a
 * 2xx body is wanted: a redirect's body is skipped, and any other
 * status stops the transfer at once (attempt() reports the status).
 */
static size_t on_body(char *p, size_t size, size_t nmemb, void *userdata)
{
	struct http *h = userdata;
	size_t n = size * nmemb;

	if (h->status >= 300 && h->status < 400)
		return n;
	if (h->status < 200 || h->status > 299) {
		h->refused = 1;
		return 0;
	}
	switch (h->coding) {
	case CODING_NONE:
		return fetch_sink_write(h->sink, p, n) == 0 ? n : 0;
	case CODING_OTHER:
		return 0;   /* judge() says which encoding */
	default:
		return decode(h, (const unsigned char *)p, n) == 0 ? n : 0;
	}
}

static void release(void *state)
{
	struct http *h = state;
	if (!h)
		return;
	decoder_end(h);
	if (h->curl)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->headers);
	secret_free(h->secret);
	free(h->log_url);
	free(h);
}

/*
 * Set the options that never change between attempts.  Returns the
 * first CURLcode that is not CURLE_OK, so that a libcurl unable to
 * honour a safety option (protocols, TLS) refuses to fetch at all.
 */
static CURLcode set_options(struct http *h, const struct fetch_opts *o)
{
	CURL *c = h->curl;
	CURLcode rc = CURLE_OK;
#define SET(opt, val) do { if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val); } while (0)
	SET(CURLOPT_URL, o->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	SET(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_NOPROGRESS, 1L);
	SET(CURLOPT_ERRORBUFFER, h->errbuf);
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (o->ca_file)
		SET(CURLOPT_CAINFO, o->ca_file);
	SET(CURLOPT_CONNECTTIMEOUT_MS, fetch_connect_timeout_ms(o));
	SET(CURLOPT_TIMEOUT_MS, fetch_timeout_ms(o));
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)fetch_max_bytes(o));
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	/* ask for what decode() knows, and let it decode (see the top) */
	SET(CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
	SET(CURLOPT_HTTP_CONTENT_DECODING, 0L);
	SET(CURLOPT_USERAGENT, "fitsmon/" FITSMON_VERSION);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, h);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, h);
	if (h->headers)
		SET(CURLOPT_HTTPHEADER, h->headers);
	if (o->auth == FETCH_AUTH_BEARER) {
		SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		SET(CURLOPT_XOAUTH2_BEARER, h->secret);
	} else if (o->auth == FETCH_AUTH_BASIC) {
		SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		SET(CURLOPT_USERNAME, o->auth_user);
		SET(CURLOPT_PASSWORD, h->secret);
	}
#undef SET
	return rc;
}

/*
 * Build the handle for o: secret, headers (the caller's, then the
 * conditional ones), options.  -1 with *err, which never holds the
 * secret or a header's value.
 */
static int prepare(const struct fetch_opts *o, void **state, char **err)
{
	struct http *h = xcalloc(1, sizeof *h);
	int rc = 0;

	*state = NULL;
	h->log_url = fetch_url_for_log(o->url);
	if (o->auth == FETCH_AUTH_BASIC && (!o->auth_user || !*o->auth_user))
		rc = errorf(err, "cannot fetch %s: basic auth needs a user", h->log_url);
	if (rc == 0 && o->auth != FETCH_AUTH_NONE)
		rc = read_secret(o->auth_secret_file, &h->secret, err);
	for (size_t i = 0; rc == 0 && i < o->nheaders; i++) {
		if (!header_ok(o->headers[i]))
			rc = errorf(err, "cannot fetch %s: request header %zu is not 'Name: value'",
				    h->log_url, i + 1);
		else if (add_line(h, o->headers[i]) < 0)
			rc = errorf(err, "cannot fetch %s: out of memory", h->log_url);
	}
	/* A stored validator with a line break would be a header injection: ignore it. */
	if (rc == 0 && o->etag && *o->etag && !strpbrk(o->etag, "\r\n")) {
		h->conditional = 1;
		if (add_header(h, "If-None-Match", o->etag) < 0)
			rc = errorf(err, "cannot fetch %s: out of memory", h->log_url);
	}
	if (rc == 0 && o->last_modified && *o->last_modified &&
	    !strpbrk(o->last_modified, "\r\n")) {
		h->conditional = 1;
		if (add_header(h, "If-Modified-Since", o->last_modified) < 0)
			rc = errorf(err, "cannot fetch %s: out of memory", h->log_url);
	}
	if (rc == 0 && !(h->curl = curl_easy_init()))
		rc = errorf(err, "cannot fetch %s: libcurl could not start a transfer", h->log_url);
	if (rc == 0) {
		CURLcode c = set_options(h, o);
		if (c != CURLE_OK)
			rc = errorf(err, "cannot fetch %s: libcurl refused an option: %s",
				    h->log_url, curl_easy_strerror(c));
	}
	if (rc < 0) {
		release(h);
		return -1;
	}
	*state = h;
	return 0;
}

/* Transport errors worth another attempt: the network or the server may be better soon. */
static int transient(CURLcode c)
{
	switch (c) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/*
 * Replace every copy of the secret in r->error (there should be none;
 * this is the last line of defence for a message from libcurl).
 */
static void scrub(const struct http *h, struct fetch_result *r)
{
	if (!h->secret || !r->error)
		return;
	size_t sl = strlen(h->secret);
	char *hit;
	while ((hit = strstr(r->error, h->secret))) {
		char *e = xasprintf("%.*s<secret>%s", (int)(hit - r->error), r->error, hit + sl);
		free(r->error);
		r->error = e;
	}
}

/* " (redirected to URL)" when the transfer ended somewhere else, else "". */
static char *redirect_note(const struct http *h)
{
	char *eff = NULL;
	if (curl_easy_getinfo(h->curl, CURLINFO_EFFECTIVE_URL, &eff) != CURLE_OK || !eff)
		return xstrdup("");
	char *e = fetch_url_for_log(eff);
	char *s = strcmp(e, h->log_url) ? xasprintf(" (redirected to %s)", e) : xstrdup("");
	free(e);
	return s;
}

/* Sort a finished transfer into a verdict, writing r->error on failure. */
static enum fetch_verdict judge(struct http *h, CURLcode c, struct fetch_sink *sink,
				struct fetch_result *r)
{
	long status = 0;
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
	r->http_status = status;

	if (sink->over || c == CURLE_FILESIZE_EXCEEDED) {
		errorf(&r->error, "body of %s is larger than %lld bytes", h->log_url,
		       (long long)sink->max_bytes);
		return FETCH_GIVE_UP;
	}
	if (sink->werrno) {
		errorf(&r->error, "cannot write '%s': %s", sink->path, strerror(sink->werrno));
		return FETCH_GIVE_UP;
	}
	int body_ok = status >= 200 && status <= 299;
	if (body_ok && h->coding == CODING_OTHER) {
		errorf(&r->error, "cannot fetch %s: the answer is in an encoding fitsmon did not "
		       "ask for (Content-Encoding: %s)", h->log_url, h->coding_name);
		return FETCH_GIVE_UP;
	}
	if (body_ok && h->zbad) {
		errorf(&r->error, "cannot fetch %s: %s", h->log_url, h->zbad);
		return FETCH_GIVE_UP;
	}
	if (c == CURLE_OK || (c == CURLE_WRITE_ERROR && h->refused)) {
		if (status == 304 && h->conditional)
			return FETCH_GOT_UNCHANGED;
		if (body_ok && status != 206 && h->coding != CODING_NONE && !h->zend) {
			/* the transfer ended, the compressed stream did not */
			errorf(&r->error, "cannot fetch %s: the compressed body stops before its "
			       "end (cut short)", h->log_url);
			return FETCH_RETRY;
		}
		if (body_ok && status != 206)
			return FETCH_GOT_BODY;
		char *w = redirect_note(h);
		errorf(&r->error, "http %ld from %s%s", status, h->log_url, w);
		free(w);
		return status >= 500 && status <= 599 ? FETCH_RETRY : FETCH_GIVE_UP;
	}
	char *w = redirect_note(h);
	errorf(&r->error, "cannot fetch %s%s: %s", h->log_url, w,
	       h->errbuf[0] ? h->errbuf : curl_easy_strerror(c));
	free(w);
	return transient(c) ? FETCH_RETRY : FETCH_GIVE_UP;
}

/* One transfer on the prepared handle. */
static enum fetch_verdict attempt(void *state, const struct fetch_opts *o,
				  struct fetch_sink *sink, struct fetch_result *r)
{
	struct http *h = state;
	(void)o;
	h->sink = sink;
	h->r = r;
	h->status = 0;
	h->refused = 0;
	h->coding = CODING_NONE;
	decoder_end(h);
	h->errbuf[0] = '\0';
	CURLcode c = curl_easy_perform(h->curl);
	enum fetch_verdict v = judge(h, c, sink, r);
	scrub(h, r);
	return v;
}

const struct fetch_backend fetch_http_backend = {
	.name = "http",
	.handles = handles,
	.prepare = prepare,
	.attempt = attempt,
	.release = release,
};
