#ifndef FITSMON_UTIL_H
#define FITSMON_UTIL_H
/*
 * util — the few helpers every module needs: allocation that cannot
 * return NULL (fitsmon exits 71 with a message on exhaustion, like git's
 * xmalloc), a growable string buffer, and error strings built with a
 * format.  No state.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A list of strings (config lists, mail recipients): v[0..n-1], owned. */
struct strlist {
	char **v;
	size_t n;
};

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for n elements of size bytes, checking the multiplication. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* malloc'd printf; never NULL. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Set *err (when err is not NULL) to a new formatted message; returns -1. */
int errorf(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Grow a vector: ensure (*v) has room for need elements of size bytes. */
#define VEC_GROW(v, n, cap, need) do { \
	if ((need) > (cap)) { \
		size_t c_ = (cap) ? (cap) * 2 : 16; \
		while (c_ < (need)) c_ *= 2; \
		(v) = xreallocarray((v), c_, sizeof(*(v))); \
		(cap) = c_; \
	} } while (0)

struct strbuf {
	char *buf;   /* always NUL-terminated once used */
	size_t len, cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
/* Room for n more bytes (and the NUL) without growing again. */
void sb_reserve(struct strbuf *sb, size_t n);
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (never NULL) and reset sb. */
char *sb_detach(struct strbuf *sb);
void sb_release(struct strbuf *sb);

/* Trim ASCII blanks (space, tab, CR, LF) in place; returns s. */
char *str_trim(char *s);
/* Trimmed span of [s, s+len): sets *start and returns the new length. */
size_t str_trim_span(const char *s, size_t len, const char **start);
/* ASCII case-insensitive equality of two NUL-terminated strings. */
int str_ieq(const char *a, const char *b);
/* s[0..n) into buf of size bytes, NUL-terminated and cut short if need be
 * (as snprintf "%.*s" would, without its cost). */
void str_copy(char *buf, size_t size, const char *s, size_t n);
/* Edit distance (with swaps), for "did you mean" suggestions. */
size_t str_distance(const char *a, const char *b);
/*
 * The closest of names[] (NULL-terminated) to s by str_distance, for
 * "did you mean": NULL when none is close (at most 1 edit for names
 * under 5 characters, else a third of s's length plus one).
 */
const char *str_nearest(const char *s, const char *const *names);

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid
 * (overlong forms, surrogates and code points past U+10FFFF are invalid). */
size_t utf8_seq_len(const unsigned char *s, size_t n);
/*
 * s[0..n) with every invalid UTF-8 byte replaced by U+FFFD, as a new
 * string (length in *out_len); *replaced counts the bytes replaced.
 * NULL when s is valid already (nothing to do).
 */
char *utf8_clean(const char *s, size_t n, size_t *out_len, size_t *replaced);

/* 64-bit FNV-1a over bytes, chainable (start with FNV_OFFSET). */
#define FNV_OFFSET UINT64_C(14695981039346656037)
uint64_t fnv1a(uint64_t h, const void *p, size_t n);

/*
 * Command-line option value: "--opt VALUE" or "--opt=VALUE" at argv[*i]
 * (advancing *i past a separate VALUE).  NULL when argv[*i] is not opt;
 * then *missing is set when opt is there but its value is absent.
 */
const char *optval(int argc, char **argv, int *i, const char *opt, int *missing);

/* Caps on the files fitsmon reads (issue 18): secrets, and config,
 * catalog and calendars. */
#define FILE_CAP_SECRET ((int64_t)64 * 1024)
#define FILE_CAP_CONFIG ((int64_t)16 * 1024 * 1024)
#define FILE_NO_CAP ((int64_t)-1)

/*
 * Open path for reading only when it is a regular file of at most cap
 * bytes (FILE_NO_CAP: any size): opened with O_NONBLOCK so that a FIFO
 * cannot block the open, checked with fstat on the descriptor (a FIFO,
 * device, socket or folder is refused), then made blocking again.
 * The descriptor (close-on-exec; its size in *size when size is not
 * NULL), or -1 with *err ("PATH: not a regular file (a FIFO)",
 * "PATH: larger than N bytes", "cannot open 'PATH': why").
 */
int file_open_regular(const char *path, int64_t cap, int64_t *size, char **err);
/* Read a whole regular file of at most cap bytes (file_open_regular)
 * into a NUL-terminated buffer; -1 with *err. */
int read_regular_file(const char *path, int64_t cap, char **out, size_t *len, char **err);
/* read_regular_file without a cap. */
int read_file(const char *path, char **out, size_t *len, char **err);
/*
 * Write data to path atomically and without following a symlink: a new
 * temporary file in path's folder (mkstemp: O_CREAT|O_EXCL), given
 * mode less the umask, synced, then renamed over path (a symlink at path
 * is replaced, its target untouched).  -1 with *err; errno is kept.
 */
int file_write_atomic(const char *path, const void *data, size_t len, unsigned mode,
		      char **err);
/* The process's umask (read without changing it). */
unsigned file_umask(void);

/*
 * Supplier text made safe for a terminal, a log line or a plain-text
 * mail: every control character (C0, DEL, and C1 written in UTF-8)
 * becomes a visible escape ("\n", "\r", "\t", "\x1b", "\u009b"),
 * so the text stays one line and cannot steer a terminal.  Appended to
 * sb; str_visible returns a new string (NULL stays NULL).
 */
void sb_add_visible(struct strbuf *sb, const char *s, size_t n);
char *str_visible(const char *s);
/* 1 when s holds a character sb_add_visible would escape. */
int str_has_control(const char *s);

#endif
