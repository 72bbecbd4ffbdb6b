/*
 * fetch_file — the file backend: file:///path, file://localhost/path and
 * plain local paths, copied into the sink with the same size cap as a
 * download.
 *
 * Only regular files are read (a FIFO or a device could block or never
 * end).  The copy is checked against the file's size and modification
 * time before and after: a supplier's export job still writing the file
 * makes the attempt fail and be retried, rather than spooling half a
 * file.  The validator is an ETag made from the inode, size and
 * nanosecond modification time; Last-Modified is the modification time
 * as an HTTP date, for the record only (one-second steps are too coarse
 * to decide "unchanged" on).
 */
#include "fetch.h"

#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct file {
	char *path;
};

static int handles(const char *url)
{
	return fetch_url_is(url, "file") || !fetch_url_is(url, NULL);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * The local path a URL names: a plain path as it is; for file:// the
 * part after an empty host or "localhost", %XX decoded.  NULL with *err
 * for another host or a %00.
 */
static char *url_path(const char *url, char **err)
{
	if (!fetch_url_is(url, "file"))
		return xstrdup(url);
	const char *p = url + strlen("file://");
	if (strncasecmp(p, "localhost/", 10) == 0)
		p += strlen("localhost");
	if (*p != '/') {
		errorf(err, "cannot fetch %s: a file url must name a local path", url);
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	for (; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
			if (hi == 0 && lo == 0) {
				sb_release(&sb);
				errorf(err, "cannot fetch %s: %%00 in a file url", url);
				return NULL;
			}
			sb_putc(&sb, (char)(hi * 16 + lo));
			p += 2;
		} else {
			sb_putc(&sb, *p);
		}
	}
	return sb_detach(&sb);
}

static int prepare(const struct fetch_opts *o, void **state, char **err)
{
	*state = NULL;
	char *path = url_path(o->url, err);
	if (!path)
		return -1;
	struct file *f = xcalloc(1, sizeof *f);
	f->path = path;
	*state = f;
	return 0;
}

static void release(void *state)
{
	struct file *f = state;
	if (f) {
		free(f->path);
		free(f);
	}
}

/* The validator for a file's current state. */
static char *etag_of(const struct stat *st)
{
	return xasprintf("\"%llx-%llx-%llx.%09ld\"", (unsigned long long)st->st_ino,
			 (unsigned long long)st->st_size, (unsigned long long)st->st_mtim.tv_sec,
			 (long)st->st_mtim.tv_nsec);
}

/* An instant as an HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT"), whatever the locale. */
static char *http_date(time_t t)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return NULL;
	return xasprintf("%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
			 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Whether the file changed between two fstat calls. */
static int changed(const struct stat *a, const struct stat *b)
{
	return a->st_size != b->st_size || a->st_mtim.tv_sec != b->st_mtim.tv_sec ||
	       a->st_mtim.tv_nsec != b->st_mtim.tv_nsec || a->st_ino != b->st_ino;
}

/*
 * Copy the file into the sink.  A missing or unreadable file, a
 * non-regular file and an over-size file fail for good; a file that
 * changes while it is copied is worth another attempt.
 */
static enum fetch_verdict attempt(void *state, const struct fetch_opts *o,
				  struct fetch_sink *sink, struct fetch_result *r)
{
	struct file *f = state;
	struct stat before, after;
	char buf[65536];

	int fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		errorf(&r->error, "cannot open '%s': %s", f->path, strerror(errno));
		return FETCH_GIVE_UP;
	}
	if (fstat(fd, &before) < 0) {
		errorf(&r->error, "cannot stat '%s': %s", f->path, strerror(errno));
		close(fd);
		return FETCH_GIVE_UP;
	}
	if (!S_ISREG(before.st_mode)) {
		errorf(&r->error, "cannot fetch '%s': not a regular file", f->path);
		close(fd);
		return FETCH_GIVE_UP;
	}
	r->etag = etag_of(&before);
	r->last_modified = http_date(before.st_mtim.tv_sec);
	if (o->etag && strcmp(o->etag, r->etag) == 0) {
		close(fd);
		return FETCH_GOT_UNCHANGED;
	}
	if ((int64_t)before.st_size > sink->max_bytes) {
		errorf(&r->error, "body of '%s' is larger than %lld bytes", f->path,
		       (long long)sink->max_bytes);
		close(fd);
		return FETCH_GIVE_UP;
	}

	for (;;) {
		ssize_t got = read(fd, buf, sizeof buf);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got < 0) {
			errorf(&r->error, "cannot read '%s': %s", f->path, strerror(errno));
			close(fd);
			return FETCH_GIVE_UP;
		}
		if (got == 0)
			break;
		if (fetch_sink_write(sink, buf, (size_t)got) < 0) {
			if (sink->over)
				errorf(&r->error, "body of '%s' is larger than %lld bytes", f->path,
				       (long long)sink->max_bytes);
			else
				errorf(&r->error, "cannot write '%s': %s", sink->path,
				       strerror(sink->werrno));
			close(fd);
			return FETCH_GIVE_UP;
		}
	}
	int rc = fstat(fd, &after);
	close(fd);
	if (rc < 0 || changed(&before, &after) || sink->bytes != (int64_t)before.st_size) {
		errorf(&r->error, "cannot fetch '%s': it changed while being read", f->path);
		return FETCH_RETRY;
	}
	return FETCH_GOT_BODY;
}

const struct fetch_backend fetch_file_backend = {
	.name = "file",
	.handles = handles,
	.prepare = prepare,
	.attempt = attempt,
	.release = release,
};
