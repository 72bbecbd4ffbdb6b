/* util — allocation, string buffers and small string helpers. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
	fputs("fitsmon: out of memory\n", stderr);
	exit(71);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	/* most messages fit a small buffer: one pass; else measure and redo */
	char small[256];
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return xstrdup("");
	if ((size_t)n < sizeof(small))
		return xstrndup(small, (size_t)n);
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int errorf(char **err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		free(*err);
		*err = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Room for n more bytes and a NUL. */
static __attribute__((noinline)) void sb_grow(struct strbuf *sb, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t c = sb->cap ? sb->cap : 64;
		while (c < sb->len + n + 1)
			c *= 2;
		sb->buf = xrealloc(sb->buf, c);
		sb->cap = c;
	}
}

void sb_reserve(struct strbuf *sb, size_t n)
{
	sb_grow(sb, n);
}

void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

/* Formatted straight into the buffer: one vsnprintf when it fits. */
void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	sb_grow(sb, 0);
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->len] = '\0';   /* nothing added, as xvasprintf's "" */
		return;
	}
	if ((size_t)n >= sb->cap - sb->len) {
		sb_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

char *sb_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

void sb_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t str_trim_span(const char *s, size_t len, const char **start)
{
	while (len && blank(*s)) {
		s++;
		len--;
	}
	while (len && blank(s[len - 1]))
		len--;
	*start = s;
	return len;
}

char *str_trim(char *s)
{
	const char *b;
	size_t n = str_trim_span(s, strlen(s), &b);
	memmove(s, b, n);
	s[n] = '\0';
	return s;
}

void str_copy(char *buf, size_t size, const char *s, size_t n)
{
	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

int str_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 32;
		if (cb >= 'A' && cb <= 'Z')
			cb += 32;
		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

size_t str_distance(const char *a, const char *b)
{
	/* optimal string alignment: edits plus swaps of neighbours, so the
	 * typo "sal" is one step from "sla" */
	size_t la = strlen(a), lb = strlen(b);
	size_t w = lb + 1;
	size_t *d = xcalloc((la + 1) * w, sizeof(*d));
	for (size_t i = 0; i <= la; i++)
		d[i * w] = i;
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = d[(i - 1) * w + j - 1] + cost;
			if (d[(i - 1) * w + j] + 1 < best)
				best = d[(i - 1) * w + j] + 1;
			if (d[i * w + j - 1] + 1 < best)
				best = d[i * w + j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[(i - 2) * w + j - 2] + 1 < best)
				best = d[(i - 2) * w + j - 2] + 1;
			d[i * w + j] = best;
		}
	size_t r = d[la * w + lb];
	free(d);
	return r;
}

const char *str_nearest(const char *s, const char *const *names)
{
	const char *best = NULL;
	size_t bd = (size_t)-1;
	for (; *names; names++) {
		size_t d = str_distance(s, *names);
		if (d < bd) {
			bd = d;
			best = *names;
		}
	}
	size_t len = strlen(s);
	return bd <= (len < 5 ? 1u : len / 3 + 1) ? best : NULL;
}

uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* What a file that is not a regular file is, for messages. */
static const char *file_kind(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a plain file";
}

int file_open_regular(const char *path, int64_t cap, int64_t *size, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errorf(err, "cannot open '%s': %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) < 0) {
		int e = errno;
		close(fd);
		return errorf(err, "cannot stat '%s': %s", path, strerror(e));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return errorf(err, "%s: not a regular file (%s)", path, file_kind(sb.st_mode));
	}
	if (cap >= 0 && (int64_t)sb.st_size > cap) {
		close(fd);
		return errorf(err, "%s: larger than %lld bytes", path,
			      (long long)cap);
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		int e = errno;
		close(fd);
		return errorf(err, "cannot read '%s': %s", path, strerror(e));
	}
	if (size)
		*size = (int64_t)sb.st_size;
	return fd;
}

int read_regular_file(const char *path, int64_t cap, char **out, size_t *len, char **err)
{
	int fd = file_open_regular(path, cap, NULL, err);
	if (fd < 0)
		return -1;
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			sb_release(&sb);
			return errorf(err, "cannot read '%s': %s", path, strerror(e));
		}
		if (n == 0)
			break;
		sb_add(&sb, chunk, (size_t)n);
		/* a file that grows while it is read is held to the cap too */
		if (cap >= 0 && (int64_t)sb.len > cap) {
			close(fd);
			sb_release(&sb);
			return errorf(err, "%s: larger than %lld bytes", path,
				      (long long)cap);
		}
	}
	close(fd);
	if (len)
		*len = sb.len;
	*out = sb_detach(&sb);
	return 0;
}

int read_file(const char *path, char **out, size_t *len, char **err)
{
	return read_regular_file(path, FILE_NO_CAP, out, len, err);
}

unsigned file_umask(void)
{
	mode_t m = umask(022);
	umask(m);
	return (unsigned)m;
}

int file_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
		      char **err)
{
	char *copy = xstrdup(path);
	char *tmp = xasprintf("%s/.%s.XXXXXX", dirname(copy), strrchr(path, '/') ?
			      strrchr(path, '/') + 1 : path);
	free(copy);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		errorf(err, "cannot write '%s': %s", path, strerror(e));
		free(tmp);
		errno = e;
		return -1;
	}
	int e = 0;
	if (fchmod(fd, (mode_t)(mode & ~file_umask())) < 0)
		e = errno;
	const char *p = data;
	size_t left = len;
	while (!e && left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			break;
		}
		p += n;
		left -= (size_t)n;
	}
	if (!e && fsync(fd) < 0)
		e = errno;
	if (close(fd) < 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) < 0)
		e = errno;
	if (e) {
		unlink(tmp);
		free(tmp);
		errorf(err, "cannot write '%s': %s", path, strerror(e));
		errno = e;
		return -1;
	}
	free(tmp);
	return 0;
}

void sb_add_visible(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	while (i < n) {
		unsigned c = p[i];
		size_t esc = 0;
		if (c < 0x20 || c == 0x7f)
			esc = 1;
		else if (c == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			esc = 2;
		if (!esc) {
			i++;
			continue;
		}
		sb_add(sb, s + run, i - run);
		if (esc == 2)
			sb_printf(sb, "\\u%04x", p[i + 1]);
		else if (c == '\n')
			sb_puts(sb, "\\n");
		else if (c == '\r')
			sb_puts(sb, "\\r");
		else if (c == '\t')
			sb_puts(sb, "\\t");
		else
			sb_printf(sb, "\\x%02x", c);
		i += esc;
		run = i;
	}
	sb_add(sb, s + run, n - run);
}

char *str_visible(const char *s)
{
	if (!s)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	sb_add_visible(&sb, s, strlen(s));
	return sb_detach(&sb);
}

int str_has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return 1;
	return 0;
}

size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len;
	unsigned cp, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		cp = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		cp = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

char *utf8_clean(const char *s, size_t n, size_t *out_len, size_t *replaced)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t l = utf8_seq_len(p + i, n - i);
		if (!l)
			break;
		i += l;
	}
	if (i == n)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	sb_add(&sb, s, i);
	while (i < n) {
		size_t l = utf8_seq_len(p + i, n - i);
		if (l) {
			sb_add(&sb, s + i, l);
			i += l;
		} else {
			sb_add(&sb, "\xEF\xBF\xBD", 3);
			++*replaced;
			i++;
		}
	}
	*out_len = sb.len;
	return sb_detach(&sb);
}

const char *optval(int argc, char **argv, int *i, const char *opt, int *missing)
{
	size_t n = strlen(opt);
	if (strncmp(argv[*i], opt, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}
