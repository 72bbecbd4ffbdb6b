/*
 * mail — one message built (headers, RFC 2047 words, quoted-printable
 * parts) and sent by libcurl SMTP or by a sendmail program.  The contract
 * is in include/mail.h.  Three parts, top to bottom: addresses, the
 * message, the two transports.
 */
#include "mail.h"

#include "secret.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

/* Header and quoted-printable lines stay within this many characters. */
#define LINE_MAX_COLS 76
/* "=?UTF-8?Q?" + "?=": what an encoded-word costs besides its text. */
#define EW_OVERHEAD 12
/* RFC 2047: an encoded-word is at most 75 characters. */
#define EW_MAX 75
/* RFC 5321: a path (address) is at most 254 characters in practice. */
#define ADDR_MAX 254
/* A password file longer than this is surely something else. */

/* ---- addresses ------------------------------------------------------------ */

/*
 * The bare addr-spec in s (one surrounding pair of angle brackets taken
 * off), malloc'd, or NULL with *why saying what is wrong.  Deliberately
 * narrower than RFC 5322 (no quoted local parts, no comments): what is
 * accepted can go into a header and an SMTP command as it is.
 */
static char *bare_address(const char *s, const char **why)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		s++;
		n -= 2;
	}
	if (n == 0) {
		*why = "is empty";
		return NULL;
	}
	if (n > ADDR_MAX) {
		*why = "is longer than 254 characters";
		return NULL;
	}
	if (memchr(s, '\r', n) || memchr(s, '\n', n)) {
		*why = "contains a line break";
		return NULL;
	}
	if (memchr(s, '<', n) || memchr(s, '>', n)) {
		*why = "is not a bare address (write only user@domain)";
		return NULL;
	}
	size_t at = n;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f) {
			*why = c == ' ' || c == '\t' ? "contains a blank"
						     : "is not printable ASCII";
			return NULL;
		}
		if (strchr("<>,;\"()\\", c)) {
			*why = "is not a bare address (write only user@domain)";
			return NULL;
		}
		if (c == '@') {
			if (at != n) {
				*why = "has more than one @";
				return NULL;
			}
			at = i;
		}
	}
	if (at == n || at == 0 || at == n - 1) {
		*why = "is not user@domain";
		return NULL;
	}
	return xstrndup(s, n);
}

/* Check one address of key; -1 with *err naming key and address. */
static int check_one(const char *key, const char *addr, char **err)
{
	const char *why = NULL;
	char *a = bare_address(addr, &why);
	if (!a) {
		/* Never echo a line break into the log line. */
		struct strbuf shown = STRBUF_INIT;
		for (const char *p = addr; *p; p++)
			sb_putc(&shown, (*p == '\r' || *p == '\n') ? ' ' : *p);
		sb_putc(&shown, '\0');
		errorf(err, "[mail] %s: '%s' %s", key, shown.buf, why);
		sb_release(&shown);
		return -1;
	}
	free(a);
	return 0;
}

int mail_check_conf(const struct mail_conf *m, char **err)
{
	if (!m->from)
		return errorf(err, "[mail] needs from = ADDRESS");
	if (check_one("from", m->from, err) < 0)
		return -1;
	if (m->to.n == 0)
		return errorf(err, "[mail] needs to = ADDRESS[, ADDRESS...]");
	for (size_t i = 0; i < m->to.n; i++)
		if (check_one("to", m->to.v[i], err) < 0)
			return -1;
	for (size_t i = 0; i < m->cc.n; i++)
		if (check_one("cc", m->cc.v[i], err) < 0)
			return -1;
	return 0;
}

/* bare_address for an address mail_check_conf accepted. */
static char *addr_of(const char *s)
{
	const char *why;
	char *a = bare_address(s, &why);
	return a ? a : xstrdup("invalid@invalid");
}

/* ---- text for headers -------------------------------------------------------- */

/*
 * s made fit for one header line, malloc'd: CR, LF, tabs and other
 * control characters count as blanks, each run of blanks becomes one
 * space, blanks at both ends go, and invalid UTF-8 becomes U+FFFD.
 * NULL reads as "".
 */
static char *one_line_text(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int blank = 0;
	sb_puts(&sb, "");
	while (*p) {
		if (*p <= ' ' || *p == 0x7f) {
			blank = 1;
			p++;
			continue;
		}
		if (blank && sb.len)
			sb_putc(&sb, ' ');
		blank = 0;
		size_t n = utf8_seq_len(p, strnlen((const char *)p, 4));
		if (n == 0) {
			sb_puts(&sb, "\xef\xbf\xbd");
			p++;
			continue;
		}
		sb_add(&sb, (const char *)p, n);
		p += n;
	}
	return sb_detach(&sb);
}

/* 1 when s is printable ASCII and holds nothing a reader would take for an encoded-word. */
static int plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return strstr(s, "=?") == NULL;
}

/* ---- header lines ---------------------------------------------------------------- */

/* One header being written: where it goes and the column reached. */
struct hdr {
	struct strbuf *sb;
	size_t col;
	int fresh;   /* nothing written after "Name:" yet */
};

static void h_begin(struct hdr *h, struct strbuf *sb, const char *name)
{
	h->sb = sb;
	sb_puts(sb, name);
	sb_putc(sb, ':');
	h->col = strlen(name) + 1;
	h->fresh = 1;
}

static void h_end(struct hdr *h)
{
	sb_puts(h->sb, "\r\n");
}

/* Start a continuation line (folding white space follows in the caller). */
static void h_fold(struct hdr *h)
{
	sb_puts(h->sb, "\r\n");
	h->col = 0;
}

/*
 * Append " tok" (tok not empty).  When the token would pass the line
 * limit, fold before its blank first, unless nothing follows the header
 * name yet.
 */
static void h_token(struct hdr *h, const char *tok, size_t n)
{
	if (!h->fresh && h->col + 1 + n > LINE_MAX_COLS)
		h_fold(h);
	sb_putc(h->sb, ' ');
	sb_add(h->sb, tok, n);
	h->col += 1 + n;
	h->fresh = 0;
}

/* In a Q encoded-word these stand for themselves (RFC 2047 5(3), safe in a phrase too). */
static int q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
}

static size_t q_size(unsigned char c)
{
	return q_literal(c) || c == ' ' ? 1 : 3;
}

static size_t b64_size(size_t bytes)
{
	return (bytes + 2) / 3 * 4;
}

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_put(struct strbuf *sb, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned int v = (unsigned int)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned int)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		sb_putc(sb, b64_alphabet[(v >> 18) & 63]);
		sb_putc(sb, b64_alphabet[(v >> 12) & 63]);
		sb_putc(sb, i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=');
		sb_putc(sb, i + 2 < n ? b64_alphabet[v & 63] : '=');
	}
}

static void q_put(struct strbuf *sb, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ')
			sb_putc(sb, '_');
		else if (q_literal(p[i]))
			sb_putc(sb, (char)p[i]);
		else {
			sb_putc(sb, '=');
			sb_putc(sb, hex[p[i] >> 4]);
			sb_putc(sb, hex[p[i] & 15]);
		}
	}
}

/* Bytes of the UTF-8 character at s, for text already made valid by one_line_text. */
static size_t char_len(const char *s)
{
	size_t n = utf8_seq_len((const unsigned char *)s, strnlen(s, 4));
	return n ? n : 1;
}

/*
 * Append s (valid UTF-8) as RFC 2047 encoded-words, Q or B (when B is
 * at least a fifth shorter), each word whole characters, each word and each
 * line within the limits; the words are separated by folding white space,
 * which a reader drops between encoded-words.
 */
static void h_encoded(struct hdr *h, const char *s)
{
	size_t n = strlen(s), q_total = 0;
	for (size_t i = 0; i < n; i++)
		q_total += q_size((unsigned char)s[i]);
	/* Q stays readable in the raw message: B only when it saves a fifth. */
	int use_b = b64_size(n) * 5 < q_total * 4;
	size_t i = 0;

	while (i < n) {
		size_t limit = EW_MAX - EW_OVERHEAD;
		if (h->col + 1 + EW_OVERHEAD >= LINE_MAX_COLS)
			limit = 0;
		else if (LINE_MAX_COLS - h->col - 1 - EW_OVERHEAD < limit)
			limit = LINE_MAX_COLS - h->col - 1 - EW_OVERHEAD;
		/* As many whole characters as fit into limit encoded characters. */
		size_t take = 0, q_cost = 0;
		while (i + take < n) {
			size_t cl = char_len(s + i + take), cost = q_cost;
			if (use_b)
				cost = b64_size(take + cl);
			else
				for (size_t k = 0; k < cl; k++)
					cost += q_size((unsigned char)s[i + take + k]);
			if (cost > limit)
				break;
			q_cost = cost;
			take += cl;
		}
		if (take == 0 && !h->fresh) {
			h_fold(h);
			continue;
		}
		if (take == 0)   /* a header name too long for one word: cannot happen here */
			take = char_len(s + i);
		sb_putc(h->sb, ' ');
		size_t before = h->sb->len;
		sb_puts(h->sb, use_b ? "=?UTF-8?B?" : "=?UTF-8?Q?");
		if (use_b)
			b64_put(h->sb, (const unsigned char *)s + i, take);
		else
			q_put(h->sb, (const unsigned char *)s + i, take);
		sb_puts(h->sb, "?=");
		h->col += 1 + (h->sb->len - before);
		h->fresh = 0;
		i += take;
	}
}

/*
 * Append unstructured text (a subject): as it is, folded at its blanks,
 * when it is plain ASCII and every word fits a line; else as
 * encoded-words.  s has been through one_line_text, so its words are
 * separated by single spaces.
 */
static void h_text(struct hdr *h, const char *s)
{
	int plain = plain_ascii(s);
	for (const char *w = s; plain && *w;) {
		size_t n = strcspn(w, " ");
		if ((w == s ? h->col : 0) + 1 + n > LINE_MAX_COLS)
			plain = 0;
		w += n;
		w += *w == ' ';
	}
	if (!plain) {
		h_encoded(h, s);
		return;
	}
	for (const char *w = s; *w;) {
		size_t n = strcspn(w, " ");
		h_token(h, w, n);
		w += n;
		w += *w == ' ';
	}
}

/*
 * Append the From value: display name (a quoted string when it is plain
 * ASCII and fits a line, else encoded-words) and <addr>, or the bare
 * address when there is no name.
 */
static void h_from(struct hdr *h, const char *name, const char *addr)
{
	char *clean = one_line_text(name);
	if (!*clean) {
		h_token(h, addr, strlen(addr));
		free(clean);
		return;
	}
	struct strbuf q = STRBUF_INIT;
	sb_putc(&q, '"');
	for (const char *p = clean; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_putc(&q, '\\');
		sb_putc(&q, *p);
	}
	sb_putc(&q, '"');
	if (plain_ascii(clean) && h->col + 1 + q.len <= LINE_MAX_COLS)
		h_token(h, q.buf, q.len);
	else
		h_encoded(h, clean);
	sb_release(&q);
	free(clean);
	char *angle = xasprintf("<%s>", addr);
	h_token(h, angle, strlen(angle));
	free(angle);
}

/* Append a comma-separated address list, folding between addresses. */
static void h_addresses(struct hdr *h, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		char *a = addr_of(l->v[i]);
		char *tok = i + 1 < l->n ? xasprintf("%s,", a) : xstrdup(a);
		h_token(h, tok, strlen(tok));
		free(tok);
		free(a);
	}
}

/* "Sat, 28 Nov 2026 02:30:00 +0000" for now (UTC), with English names whatever the locale. */
static char *rfc5322_date(int64_t now)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)now;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return xstrdup("Thu, 01 Jan 1970 00:00:00 +0000");
	return xasprintf("%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
			 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * 32 hex digits from (tag, seed, now, from): two FNV-1a chains with
 * different starts.  Enough to tell messages apart, not a secret.
 */
static void hash_hex(char out[33], const char *tag, const char *seed, int64_t now,
		     const char *from)
{
	char nowbuf[32];
	snprintf(nowbuf, sizeof nowbuf, "%lld", (long long)now);
	uint64_t h[2] = { FNV_OFFSET, FNV_OFFSET ^ UINT64_C(0x9e3779b97f4a7c15) };
	for (int k = 0; k < 2; k++) {
		const char *parts[4] = { tag, seed, nowbuf, from };
		for (int p = 0; p < 4; p++)
			h[k] = fnv1a(h[k], parts[p], strlen(parts[p]) + 1);
		/* Mix the first chain into the second so the halves differ more. */
		if (k == 1)
			h[1] = fnv1a(h[1], &h[0], sizeof h[0]);
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
}

/* A random seed (32 hex digits) for a message built without one. */
static char *random_seed(void)
{
	unsigned char r[16];
	size_t got = 0;
	while (got < sizeof r) {
		ssize_t n = getrandom(r + got, sizeof r - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof r) {
		/* No entropy source: time and pid still make a fresh id. */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		return xasprintf("%lld.%ld.%ld", (long long)ts.tv_sec, ts.tv_nsec, (long)getpid());
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < sizeof r; i++)
		sb_printf(&sb, "%02x", r[i]);
	explicit_bzero(r, sizeof r);
	return sb_detach(&sb);
}

/* ---- bodies ------------------------------------------------------------------ */

/* 1 when s is at a line end: LF, CRLF or the end of the text. */
static int at_eol(const char *s)
{
	return *s == '\0' || *s == '\n' || (s[0] == '\r' && s[1] == '\n');
}

/*
 * Append s as quoted-printable (RFC 2045 6.7) with CRLF hard breaks
 * (from LF or CRLF), soft breaks keeping lines within 76 characters, and
 * blanks before a line end, "=", bytes outside printable ASCII, a "." at
 * the start of a line and the "F" of a line-leading "From " encoded.
 * Ends with CRLF only when s ends with a line break.
 */
static void qp_put(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; s[i];) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || (c == '\r' && s[i + 1] == '\n')) {
			sb_puts(sb, "\r\n");
			col = 0;
			i += c == '\r' ? 2 : 1;
			continue;
		}
		int last = at_eol(s + i + 1);   /* last character of its line */
		int lit;
		for (;;) {
			if (c == ' ' || c == '\t')
				lit = !last;
			else if (col == 0 && (c == '.' || (c == 'F' && !strncmp(s + i, "From ", 5))))
				lit = 0;
			else
				lit = c > ' ' && c < 0x7f && c != '=';
			size_t w = lit ? 1 : 3;
			/* 75 and a soft-break "=", or 76 when nothing follows on this line. */
			if (col + w <= (last ? LINE_MAX_COLS : LINE_MAX_COLS - 1) || col == 0)
				break;
			sb_puts(sb, "=\r\n");
			col = 0;
		}
		if (lit) {
			sb_putc(sb, (char)c);
			col++;
		} else {
			sb_putc(sb, '=');
			sb_putc(sb, hex[c >> 4]);
			sb_putc(sb, hex[c & 15]);
			col += 3;
		}
		i++;
	}
}

/* Content-Type and Content-Transfer-Encoding of a part, the blank line, and the body. */
static void put_part(struct strbuf *sb, const char *type, const char *body)
{
	sb_printf(sb, "Content-Type: %s; charset=utf-8\r\n"
		  "Content-Transfer-Encoding: quoted-printable\r\n\r\n", type);
	qp_put(sb, body ? body : "");
}

static int ends_crlf(const struct strbuf *sb)
{
	return sb->len >= 2 && sb->buf[sb->len - 2] == '\r' && sb->buf[sb->len - 1] == '\n';
}

char *mail_build(const struct mail_conf *m, const char *from_name,
		 const struct mail_message *msg, int64_t now, const char *id_seed)
{
	if (mail_check_conf(m, NULL) < 0)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	struct hdr h;
	char *from = addr_of(m->from);
	char *seed = id_seed ? xstrdup(id_seed) : random_seed();
	char id[33], boundary[33];
	hash_hex(id, "message-id", seed, now, from);
	hash_hex(boundary, "boundary", seed, now, from);

	char *date = rfc5322_date(now);
	h_begin(&h, &sb, "Date");
	h_token(&h, date, strlen(date));
	h_end(&h);
	free(date);

	h_begin(&h, &sb, "From");
	h_from(&h, from_name, from);
	h_end(&h);

	h_begin(&h, &sb, "To");
	h_addresses(&h, &m->to);
	h_end(&h);
	if (m->cc.n) {
		h_begin(&h, &sb, "Cc");
		h_addresses(&h, &m->cc);
		h_end(&h);
	}

	char *subject = one_line_text(msg->subject);
	h_begin(&h, &sb, "Subject");
	h_text(&h, subject);
	h_end(&h);
	free(subject);

	char *msgid = xasprintf("<%s@%s>", id, strchr(from, '@') + 1);
	h_begin(&h, &sb, "Message-ID");
	h_token(&h, msgid, strlen(msgid));
	h_end(&h);
	free(msgid);

	sb_puts(&sb, "MIME-Version: 1.0\r\n"
		     "Auto-Submitted: auto-generated\r\n");
	if (!msg->html) {
		put_part(&sb, "text/plain", msg->text);
	} else {
		/* "=_" never occurs in quoted-printable output: the boundary cannot clash. */
		sb_printf(&sb, "Content-Type: multipart/alternative;\r\n"
			  " boundary=\"=_fitsmon_%s\"\r\n\r\n", boundary);
		sb_printf(&sb, "--=_fitsmon_%s\r\n", boundary);
		put_part(&sb, "text/plain", msg->text);
		sb_printf(&sb, "\r\n--=_fitsmon_%s\r\n", boundary);
		put_part(&sb, "text/html", msg->html);
		sb_printf(&sb, "\r\n--=_fitsmon_%s--", boundary);
	}
	if (!ends_crlf(&sb))
		sb_puts(&sb, "\r\n");
	free(seed);
	free(from);
	return sb_detach(&sb);
}

/* ---- secrets --------------------------------------------------------------------- */

/* The SMTP password, from its file (secret.c). */
static int read_password(const char *path, char **out, char **err)
{
	return secret_read(path, "password", out, err);
}

/* Replace every copy of secret in *msg with "<password>" (last line of defence). */
static void scrub(char **msg, const char *secret)
{
	if (!msg || !*msg || !secret || !*secret)
		return;
	size_t sl = strlen(secret);
	char *hit;
	while ((hit = strstr(*msg, secret))) {
		char *e = xasprintf("%.*s<password>%s", (int)(hit - *msg), *msg, hit + sl);
		free(*msg);
		*msg = e;
	}
}

/* ---- SMTP by libcurl ------------------------------------------------------------- */

/* What the last SMTP command was, for naming a refusal. */
enum smtp_cmd { CMD_NONE, CMD_EHLO, CMD_STARTTLS, CMD_AUTH, CMD_MAIL, CMD_RCPT, CMD_DATA };

/* One send: the handle, the upload cursor, and what the trace saw. */
struct smtp {
	CURL *curl;
	struct curl_slist *rcpt;
	char *password;          /* wiped before it is freed */
	char *log_url;
	char *mail_from;         /* "<addr>" */
	const char *p;           /* the message still to upload */
	size_t left;
	char errbuf[CURL_ERROR_SIZE];
	enum smtp_cmd cmd;
	char arg[ADDR_MAX + 1];  /* the address of the last MAIL or RCPT */
	char reply[256];         /* the last reply line, printable ASCII */
	int data_sent;           /* some of the message went out */
	int quitting;            /* QUIT sent: later replies say nothing */
	int64_t deadline;        /* monotonic ms: the whole transaction ends by then */
	int timed_out;           /* stopped at the deadline by on_progress */
	curl_socket_t fd;        /* the connection's socket (on_socket) */
};

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The deadline of the whole transaction.  libcurl's transfer timeout does
 * not cover the wait for the answer to DATA's final dot, and QUIT then
 * waits again for its server response timeout (120 s by default); its
 * progress callback runs at least once a second in every wait, so the
 * deadline is kept here: past it the connection is shut down (so QUIT
 * fails at once; libcurl still closes the socket) and the transfer is
 * stopped.  libcurl's own timeouts, a second later, are the backstop.
 */
static int on_progress(void *data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	struct smtp *s = data;
	if (mono_ms() < s->deadline)
		return 0;
	if (s->fd != CURL_SOCKET_BAD)
		shutdown(s->fd, SHUT_RDWR);
	s->timed_out = 1;
	return 1;
}

/* The socket libcurl opened, for on_progress (one connection per send). */
static int on_socket(void *data, curl_socket_t fd, curlsocktype purpose)
{
	struct smtp *s = data;
	if (purpose == CURLSOCKTYPE_IPCXN)
		s->fd = fd;
	return CURL_SOCKOPT_OK;
}

/* "scheme://host[:port]" of url, without user:password@, path or query. */
static char *url_for_log(const char *url)
{
	const char *s = strstr(url, "://");
	if (!s)
		return xstrdup("smtp");
	s += 3;
	size_t end = strcspn(s, "/?#");
	const char *at = memchr(s, '@', end);
	const char *host = at ? at + 1 : s;
	return xasprintf("%.*s%.*s", (int)(s - url), url, (int)(end - (size_t)(host - s)), host);
}

/* Read callback: the next piece of the message, from memory. */
static size_t on_read(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct smtp *s = userdata;
	size_t n = size * nitems;
	if (n > s->left)
		n = s->left;
	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return n;
}

/* Copy the address inside <...> of an SMTP command into s->arg. */
static void take_arg(struct smtp *s, const char *line, size_t n)
{
	const char *lt = memchr(line, '<', n);
	const char *gt = lt ? memchr(lt, '>', n - (size_t)(lt - line)) : NULL;
	s->arg[0] = '\0';
	if (lt && gt && (size_t)(gt - lt - 1) <= ADDR_MAX)
		snprintf(s->arg, sizeof s->arg, "%.*s", (int)(gt - lt - 1), lt + 1);
}

/*
 * Debug callback: the trace of the dialogue, kept only to name what the
 * server refused.  From what fitsmon sent only the verb is kept, and the
 * address of MAIL and RCPT: any other line (AUTH and its answers) may
 * carry credentials and is recorded as "AUTH" and nothing more.  From
 * the server, the last reply line, cleaned to printable ASCII.
 */
static int on_debug(CURL *curl, curl_infotype type, char *data, size_t n, void *userdata)
{
	struct smtp *s = userdata;
	(void)curl;
	if (type == CURLINFO_DATA_OUT) {
		s->data_sent = 1;
	} else if (type == CURLINFO_HEADER_OUT && !s->quitting) {
		if (n >= 4 && (!strncasecmp(data, "EHLO", 4) || !strncasecmp(data, "HELO", 4)))
			s->cmd = CMD_EHLO;
		else if (n >= 8 && !strncasecmp(data, "STARTTLS", 8))
			s->cmd = CMD_STARTTLS;
		else if (n >= 10 && !strncasecmp(data, "MAIL FROM:", 10)) {
			s->cmd = CMD_MAIL;
			take_arg(s, data, n);
		} else if (n >= 8 && !strncasecmp(data, "RCPT TO:", 8)) {
			s->cmd = CMD_RCPT;
			take_arg(s, data, n);
		} else if (n >= 4 && !strncasecmp(data, "DATA", 4))
			s->cmd = CMD_DATA;
		else if (n >= 4 && !strncasecmp(data, "QUIT", 4))
			s->quitting = 1;
		else if (n >= 4 && !strncasecmp(data, "RSET", 4))
			;
		else
			s->cmd = CMD_AUTH;
	} else if (type == CURLINFO_HEADER_IN && !s->quitting) {
		size_t k = 0;
		for (size_t i = 0; i < n && k + 1 < sizeof s->reply; i++) {
			unsigned char c = (unsigned char)data[i];
			if (c == '\r' || c == '\n')
				break;
			s->reply[k++] = (c >= ' ' && c < 0x7f) ? (char)c : '?';
		}
		s->reply[k] = '\0';
	}
	return 0;
}

/* The three-digit code of the last reply when it is a refusal (4xx or 5xx), else 0. */
static int refusal(const struct smtp *s)
{
	const char *r = s->reply;
	if ((r[0] == '4' || r[0] == '5') && r[1] >= '0' && r[1] <= '9' && r[2] >= '0' &&
	    r[2] <= '9' && (r[3] == ' ' || r[3] == '-' || r[3] == '\0'))
		return (r[0] - '0') * 100 + (r[1] - '0') * 10 + (r[2] - '0');
	return 0;
}

/* The reply without the continuation dash: "550-5.1.1 x" reads "550 5.1.1 x". */
static char *reply_text(const struct smtp *s)
{
	char *r = xstrdup(s->reply);
	if (r[3] == '-')
		r[3] = ' ';
	return r;
}

/* The terse line for a failed transfer. */
static char *failure(const struct smtp *s, CURLcode c, const struct mail_conf *m)
{
	const char *u = s->log_url;
	if (c == CURLE_USE_SSL_FAILED)
		return xasprintf("%s: STARTTLS is required but the server does not offer it", u);
	if (refusal(s)) {
		char *r = reply_text(s), *e;
		switch (s->cmd) {
		case CMD_RCPT:
			e = xasprintf("%s: %s for %s", u, r, s->arg);
			break;
		case CMD_MAIL:
			e = xasprintf("%s: %s for sender %s", u, r, s->arg);
			break;
		case CMD_AUTH:
			e = xasprintf("%s: authentication failed: %s", u, r);
			break;
		case CMD_DATA:
			e = xasprintf(s->data_sent ? "%s: message refused: %s" : "%s: DATA refused: %s",
				      u, r);
			break;
		case CMD_STARTTLS:
			e = xasprintf("%s: STARTTLS refused: %s", u, r);
			break;
		case CMD_EHLO:
			e = xasprintf("%s: greeting refused: %s", u, r);
			break;
		default:
			e = xasprintf("%s: server refused the connection: %s", u, r);
			break;
		}
		free(r);
		return e;
	}
	if (c == CURLE_COULDNT_CONNECT) {
		long oserr = 0;
		if (curl_easy_getinfo(s->curl, CURLINFO_OS_ERRNO, &oserr) == CURLE_OK && oserr)
			return xasprintf("%s: cannot connect: %s", u, strerror((int)oserr));
	}
	if (c == CURLE_COULDNT_RESOLVE_HOST)
		return xasprintf("%s: cannot resolve the host name", u);
	if (c == CURLE_LOGIN_DENIED)
		return xasprintf("%s: authentication failed", u);
	if (c == CURLE_OPERATION_TIMEDOUT || (c == CURLE_ABORTED_BY_CALLBACK && s->timed_out))
		return xasprintf("%s: no answer within %lld ms", u, (long long)m->timeout_ms);
	if (c == CURLE_PEER_FAILED_VERIFICATION || c == CURLE_SSL_CONNECT_ERROR ||
	    c == CURLE_SSL_CACERT_BADFILE)
		return xasprintf("%s: TLS: %s", u, s->errbuf[0] ? s->errbuf : curl_easy_strerror(c));
	return xasprintf("%s: %s", u, s->errbuf[0] ? s->errbuf : curl_easy_strerror(c));
}

/* Options for one send; the first CURLcode that is not CURLE_OK. */
static CURLcode smtp_options(struct smtp *s, const struct mail_conf *m, int tls)
{
	CURL *c = s->curl;
	CURLcode rc = CURLE_OK;
#define SET(opt, val) do { if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val); } while (0)
	SET(CURLOPT_URL, m->smtp);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_NOPROGRESS, 0L);
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, s);
	SET(CURLOPT_SOCKOPTFUNCTION, on_socket);
	SET(CURLOPT_SOCKOPTDATA, s);
	/* A proxy from the environment (all_proxy) is for the web feeds, not for mail. */
	SET(CURLOPT_PROXY, "");
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_VERBOSE, 1L);   /* feeds on_debug; nothing is printed */
	SET(CURLOPT_DEBUGFUNCTION, on_debug);
	SET(CURLOPT_DEBUGDATA, s);
	SET(CURLOPT_USE_SSL, (long)(tls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (m->ca_file)
		SET(CURLOPT_CAINFO, m->ca_file);
	SET(CURLOPT_CONNECTTIMEOUT_MS, (long)m->timeout_ms);
	/* on_progress keeps the deadline; these are its backstop */
	SET(CURLOPT_TIMEOUT_MS, (long)m->timeout_ms + 1000);
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, (long)((m->timeout_ms + 999) / 1000 + 1));
	SET(CURLOPT_MAIL_FROM, s->mail_from);
	SET(CURLOPT_MAIL_RCPT, s->rcpt);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, on_read);
	SET(CURLOPT_READDATA, s);
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)s->left);
	if (m->user) {
		SET(CURLOPT_USERNAME, m->user);
		SET(CURLOPT_PASSWORD, s->password);
	}
#undef SET
	return rc;
}

/* Add "<addr>" for each address of l to the recipients; -1 when libcurl is out of memory. */
static int add_rcpts(struct smtp *s, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		char *a = addr_of(l->v[i]);
		char *r = xasprintf("<%s>", a);
		struct curl_slist *n = curl_slist_append(s->rcpt, r);
		free(r);
		free(a);
		if (!n)
			return -1;
		s->rcpt = n;
	}
	return 0;
}

static void smtp_release(struct smtp *s)
{
	if (s->curl) {
		/* Drop libcurl's copy of the password before the handle goes. */
		curl_easy_setopt(s->curl, CURLOPT_PASSWORD, "");
		curl_easy_cleanup(s->curl);
	}
	curl_slist_free_all(s->rcpt);
	secret_free(s->password);
	free(s->log_url);
	free(s->mail_from);
}

/* Send raw by SMTP; see mail_send. */
static int send_smtp(const struct mail_conf *m, const char *raw, char **err)
{
	struct smtp s;
	memset(&s, 0, sizeof s);
	s.log_url = url_for_log(m->smtp);
	s.p = raw;
	s.left = strlen(raw);
	s.fd = CURL_SOCKET_BAD;
	int smtps = !strncasecmp(m->smtp, "smtps://", 8);
	int tls = smtps || m->starttls;
	int rc = 0;

	char *from = addr_of(m->from);
	s.mail_from = xasprintf("<%s>", from);
	free(from);
	if (m->user && !tls)
		rc = errorf(err, "%s: will not send the password without TLS (starttls = no)",
			    s.log_url);
	if (rc == 0 && m->user) {
		char *perr = NULL;
		if (!m->password_file)
			rc = errorf(err, "%s: user needs password_file", s.log_url);
		else if (read_password(m->password_file, &s.password, &perr) < 0) {
			rc = errorf(err, "%s: %s", s.log_url, perr);
			free(perr);
		}
	}
	if (rc == 0 && (add_rcpts(&s, &m->to) < 0 || add_rcpts(&s, &m->cc) < 0))
		rc = errorf(err, "%s: out of memory", s.log_url);
	if (rc == 0 && !(s.curl = curl_easy_init()))
		rc = errorf(err, "%s: libcurl could not start a transfer", s.log_url);
	if (rc == 0) {
		CURLcode c = smtp_options(&s, m, tls);
		if (c != CURLE_OK)
			rc = errorf(err, "%s: libcurl refused an option: %s", s.log_url,
				    curl_easy_strerror(c));
	}
	if (rc == 0) {
		s.deadline = m->timeout_ms > 0 ? mono_ms() + m->timeout_ms : INT64_MAX;
		CURLcode c = curl_easy_perform(s.curl);
		if (c != CURLE_OK) {
			rc = -1;
			if (err) {
				*err = failure(&s, c, m);
				scrub(err, s.password);
			}
		}
	}
	smtp_release(&s);
	return rc;
}

/* ---- sendmail ------------------------------------------------------------------- */

/* pipe(2) with both ends closed on exec (fitsmon is single-threaded: no race). */
static int cloexec_pipe(int fd[2])
{
	if (pipe(fd) < 0)
		return -1;
	if (fcntl(fd[0], F_SETFD, FD_CLOEXEC) < 0 || fcntl(fd[1], F_SETFD, FD_CLOEXEC) < 0) {
		int e = errno;
		close(fd[0]);
		close(fd[1]);
		fd[0] = fd[1] = -1;
		errno = e;
		return -1;
	}
	return 0;
}

/* raw with each CRLF turned into LF, for a local program. */
static char *lf_only(const char *raw, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "");
	for (const char *p = raw; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n')
			continue;
		sb_putc(&sb, *p);
	}
	*len = sb.len;
	return sb_detach(&sb);
}

/*
 * Write the message to fd before the deadline.  0 when all of it went;
 * 1 when the program closed its input early; -1 on timeout; -2 on
 * another error (errno kept in *e).
 */
static int feed_program(int fd, const char *p, size_t n, int64_t deadline, int *e)
{
	while (n) {
		int64_t wait = deadline - mono_ms();
		if (wait <= 0)
			return -1;
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		int r = poll(&pfd, 1, wait > 1000 ? 1000 : (int)wait);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*e = errno;
			return -2;
		}
		if (r == 0)
			continue;
		ssize_t w = write(fd, p, n);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w < 0 && errno == EPIPE)
			return 1;
		if (w < 0) {
			*e = errno;
			return -2;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Kill the program's process group, or the program when it has none yet. */
static void stop(pid_t pid)
{
	if (kill(-pid, SIGKILL) < 0)
		kill(pid, SIGKILL);
}

/*
 * Wait for pid until the deadline, then kill its process group.  The
 * wait status in *status; -1 when it had to be killed.
 */
static int reap(pid_t pid, int64_t deadline, int *status)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return 0;   /* not our child any more: nothing to wait for */
		if (mono_ms() >= deadline) {
			stop(pid);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			return -1;
		}
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

/*
 * Run m->sendmail -i -f FROM -- RCPT... with the message on its
 * standard input; never through a shell.  Its standard output joins
 * fitsmon's standard error.  See mail_send.
 */
static int send_program(const struct mail_conf *m, const char *raw, char **err)
{
	const char *prog = m->sendmail;
	size_t nrcpt = m->to.n + m->cc.n, argc = 0;
	char **argv = xcalloc(nrcpt + 6, sizeof *argv);
	argv[argc++] = xstrdup(prog);
	argv[argc++] = xstrdup("-i");
	argv[argc++] = xstrdup("-f");
	argv[argc++] = addr_of(m->from);
	argv[argc++] = xstrdup("--");
	for (size_t i = 0; i < m->to.n; i++)
		argv[argc++] = addr_of(m->to.v[i]);
	for (size_t i = 0; i < m->cc.n; i++)
		argv[argc++] = addr_of(m->cc.v[i]);
	argv[argc] = NULL;

	size_t len;
	char *body = lf_only(raw, &len);
	int in[2] = { -1, -1 }, ex[2] = { -1, -1 };
	int rc = 0;
	pid_t pid = -1;

	if (cloexec_pipe(in) < 0 || cloexec_pipe(ex) < 0)
		rc = errorf(err, "%s: cannot make a pipe: %s", prog, strerror(errno));
	if (rc == 0 && (pid = fork()) < 0)
		rc = errorf(err, "%s: cannot fork: %s", prog, strerror(errno));
	if (rc == 0 && pid == 0) {
		/* The child: only async-signal-safe calls until exec. */
		struct sigaction dfl;
		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGPIPE, &dfl, NULL);
		/* Its own process group, so a timeout stops whatever it started too. */
		setpgid(0, 0);
		/* dup2 onto itself would keep close-on-exec: clear it explicitly. */
		if (dup2(in[0], STDIN_FILENO) < 0 || fcntl(STDIN_FILENO, F_SETFD, 0) < 0 ||
		    dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
			int e = errno;
			if (write(ex[1], &e, sizeof e) < 0)
				_exit(127);
			_exit(127);
		}
		execv(prog, argv);
		int e = errno;
		if (write(ex[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	/* Set the group from both sides: whichever runs first, stop() finds it. */
	if (rc == 0)
		setpgid(pid, pid);
	if (in[0] >= 0)
		close(in[0]);
	if (ex[1] >= 0)
		close(ex[1]);
	if (rc == 0) {
		int e = 0;
		ssize_t got;
		while ((got = read(ex[0], &e, sizeof e)) < 0 && errno == EINTR)
			;
		if (got == (ssize_t)sizeof e) {
			int st;
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			rc = errorf(err, "cannot run '%s': %s", prog, strerror(e));
		}
	}
	if (rc == 0) {
		/* A program that stops reading must not kill fitsmon with SIGPIPE. */
		struct sigaction ign, old;
		memset(&ign, 0, sizeof ign);
		ign.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &ign, &old);
		int64_t deadline = mono_ms() + (m->timeout_ms > 0 ? m->timeout_ms : 60000);
		int e = 0;
		int fed = feed_program(in[1], body, len, deadline, &e);
		close(in[1]);
		in[1] = -1;
		int status = 0;
		int reaped = fed == -1 ? -1 : reap(pid, deadline, &status);
		if (fed == -1 || reaped < 0) {
			if (fed == -1) {
				stop(pid);
				while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
					;
			}
			rc = errorf(err, "%s: no answer within %lld ms", prog,
				    (long long)m->timeout_ms);
		} else if (WIFSIGNALED(status)) {
			rc = errorf(err, "%s: killed by signal %d", prog, WTERMSIG(status));
		} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			rc = errorf(err, "%s: exited with status %d", prog, WEXITSTATUS(status));
		} else if (fed == 1) {
			rc = errorf(err, "%s: stopped reading the message", prog);
		} else if (fed == -2) {
			rc = errorf(err, "%s: cannot write the message: %s", prog, strerror(e));
		}
		sigaction(SIGPIPE, &old, NULL);
	}
	if (in[1] >= 0)
		close(in[1]);
	if (ex[0] >= 0)
		close(ex[0]);
	free(body);
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return rc;
}

int mail_send(const struct mail_conf *m, const char *raw, char **err)
{
	if (mail_check_conf(m, err) < 0)
		return -1;
	if (!raw)
		return errorf(err, "no message to send");
	if (m->smtp)
		return send_smtp(m, raw, err);
	if (m->sendmail)
		return send_program(m, raw, err);
	return errorf(err, "[mail] needs smtp = URL or sendmail = PATH");
}
