/*
 * mail: the message mail_build writes — exact header shapes, RFC 2047
 * subjects and names, folding, no header injection, quoted-printable
 * parts that decode to what went in, and the address checks.  Sending
 * is tested against a real server in tests/it_mail.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "mail.h"
#include "testutil.h"
#include "util.h"

/* 2026-11-28 02:30:00 UTC, a Saturday. */
#define NOW (civil_days(2026, 11, 28) * 86400 + 2 * 3600 + 30 * 60)

static char from_addr[] = "fitsmon@oakfield.sch.uk";
static char to1[] = "bursar@oakfield.sch.uk";
static char to2[] = "head@oakfield.sch.uk";
static char cc1[] = "it-lead@trust.example";
static char *to_v[] = { to1, to2 };
static char *cc_v[] = { cc1 };

/* A [mail] section as config_load would leave it. */
static struct mail_conf conf(void)
{
	struct mail_conf m;
	memset(&m, 0, sizeof m);
	m.enabled = 1;
	m.smtp = NULL;
	m.from = from_addr;
	m.to.v = to_v;
	m.to.n = 2;
	m.cc.v = cc_v;
	m.cc.n = 1;
	m.starttls = 1;
	m.timeout_ms = 60000;
	return m;
}

static char *build(const char *subject, const char *text, const char *html, const char *name)
{
	struct mail_conf m = conf();
	struct mail_message msg = { subject, text, html };
	char *raw = mail_build(&m, name, &msg, NOW, "seed");
	ck_assert_msg(raw != NULL, "mail_build refused a good config");
	return raw;
}

/* The header block (up to the blank line), malloc'd. */
static char *headers_of(const char *raw)
{
	const char *end = strstr(raw, "\r\n\r\n");
	ck_assert_msg(end != NULL, "no blank line after the headers");
	return xstrndup(raw, (size_t)(end - raw) + 2);
}

/* The header name's unfolded value (CRLF + blank removed), or NULL. */
static char *header(const char *raw, const char *name)
{
	char *hs = headers_of(raw);
	size_t nl = strlen(name);
	char *out = NULL;
	for (const char *l = hs; *l;) {
		const char *e = strstr(l, "\r\n");
		if (!strncasecmp(l, name, nl) && l[nl] == ':') {
			struct strbuf sb = STRBUF_INIT;
			const char *p = l + nl + 1;
			if (*p == ' ')
				p++;
			for (;;) {
				sb_add(&sb, p, (size_t)(e - p));
				if (e[2] != ' ' && e[2] != '\t')
					break;
				p = e + 2;
				const char *ne = strstr(p, "\r\n");
				e = ne;
			}
			out = sb_detach(&sb);
			break;
		}
		l = e + 2;
	}
	free(hs);
	return out;
}

/* Every LF is preceded by CR and every CR followed by LF. */
static void assert_crlf(const char *raw)
{
	for (size_t i = 0; raw[i]; i++) {
		if (raw[i] == '\n')
			ck_assert_msg(i > 0 && raw[i - 1] == '\r', "bare LF at byte %zu", i);
		if (raw[i] == '\r')
			ck_assert_msg(raw[i + 1] == '\n', "bare CR at byte %zu", i);
	}
	size_t n = strlen(raw);
	ck_assert_msg(n >= 2 && !strcmp(raw + n - 2, "\r\n"), "message does not end with CRLF");
}

/* No line longer than max (CRLF not counted), from byte offset from. */
static void assert_lines(const char *raw, size_t max)
{
	size_t col = 0, line = 1;
	for (const char *p = raw; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			p++;
			col = 0;
			line++;
			continue;
		}
		col++;
		ck_assert_msg(col <= max, "line %zu is longer than %zu", line, max);
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable decoding (hard breaks stay CRLF); fails the test on bad input. */
static char *qp_decode(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "");
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=') {
			if (i + 2 < n + 1 && s[i + 1] == '\r' && s[i + 2] == '\n') {
				i += 2;
				continue;
			}
			ck_assert_msg(i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0,
				      "bad escape in quoted-printable at %zu", i);
			sb_putc(&sb, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
			continue;
		}
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
			ck_assert_msg(i == 0 || (s[i - 1] != ' ' && s[i - 1] != '\t'),
				      "trailing blank before a hard line break");
		}
		unsigned char c = (unsigned char)s[i];
		ck_assert_msg(c == '\r' || c == '\n' || c == '\t' || (c >= ' ' && c < 0x7f),
			      "raw byte 0x%02x in quoted-printable", c);
		sb_putc(&sb, s[i]);
	}
	return sb_detach(&sb);
}

static int b64val(char c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;
	return p ? (int)(p - a) : -1;
}

/*
 * Decode an unfolded unstructured header value: encoded-words (Q and B,
 * UTF-8) with the blanks between adjacent ones dropped, other text as
 * it is.
 */
static char *rfc2047_decode(const char *v)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "");
	const char *p = v;
	int prev_word = 0;
	while (*p) {
		const char *blank_end = p + strspn(p, " \t");
		int is_word = !strncasecmp(blank_end, "=?UTF-8?Q?", 10) ||
			      !strncasecmp(blank_end, "=?UTF-8?B?", 10);
		if (blank_end != p && !(prev_word && is_word))
			sb_add(&sb, p, (size_t)(blank_end - p));
		p = blank_end;
		if (!is_word) {
			if (!*p)
				break;
			size_t n = strcspn(p, " \t");
			sb_add(&sb, p, n);
			p += n;
			prev_word = 0;
			continue;
		}
		char enc = (char)(p[8] & ~0x20);
		const char *t = p + 10, *end = strstr(t, "?=");
		ck_assert_msg(end != NULL, "unterminated encoded-word");
		ck_assert_msg(end - p + 2 <= 75, "encoded-word longer than 75");
		if (enc == 'Q') {
			for (const char *q = t; q < end; q++) {
				if (*q == '_')
					sb_putc(&sb, ' ');
				else if (*q == '=') {
					sb_putc(&sb, (char)(hexval(q[1]) * 16 + hexval(q[2])));
					q += 2;
				} else
					sb_putc(&sb, *q);
			}
		} else {
			unsigned int acc = 0;
			int bits = 0;
			for (const char *q = t; q < end && *q != '='; q++) {
				int v6 = b64val(*q);
				ck_assert_msg(v6 >= 0, "bad base64 in encoded-word");
				acc = (acc << 6) | (unsigned int)v6;
				bits += 6;
				if (bits >= 8) {
					bits -= 8;
					sb_putc(&sb, (char)((acc >> bits) & 0xff));
				}
			}
		}
		p = end + 2;
		prev_word = 1;
	}
	return sb_detach(&sb);
}

/* The text with every LF (not already after CR) made CRLF. */
static char *crlf(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "");
	for (const char *p = s; *p; p++) {
		if (*p == '\n' && (p == s || p[-1] != '\r'))
			sb_putc(&sb, '\r');
		sb_putc(&sb, *p);
	}
	return sb_detach(&sb);
}

/* The header lines of raw, each checked: a name and colon, or a continuation. */
static void assert_header_lines(const char *raw)
{
	static const char *const names[] = { "Date:", "From:", "To:", "Cc:", "Subject:",
		"Message-ID:", "MIME-Version:", "Auto-Submitted:", "Content-Type:",
		"Content-Transfer-Encoding:", NULL };
	char *hs = headers_of(raw);
	for (const char *l = hs; *l;) {
		const char *e = strstr(l, "\r\n");
		int ok = *l == ' ';
		for (int i = 0; names[i] && !ok; i++)
			ok = !strncmp(l, names[i], strlen(names[i]));
		ck_assert_msg(ok, "unexpected header line '%.*s'", (int)(e - l), l);
		if (*l == ' ')
			ck_assert_msg(strspn(l, " \t") < (size_t)(e - l),
				      "a continuation line of blanks alone");
		l = e + 2;
	}
	free(hs);
}

/* Decode the part whose Content-Type starts with type; NULL when absent. */
static char *part(const char *raw, const char *boundary, const char *type)
{
	char *delim = xasprintf("\r\n--%s", boundary);
	const char *p = strstr(raw, delim + 2);   /* the first has no CRLF before it when... */
	char *out = NULL;
	while (p && !out) {
		const char *hstart = strstr(p, "\r\n") + 2;
		const char *bstart = strstr(hstart, "\r\n\r\n");
		const char *next = strstr(hstart, delim);
		ck_assert_msg(bstart && next, "part without headers or end");
		bstart += 4;
		char *ct = xasprintf("Content-Type: %s;", type);
		if (!strncmp(hstart, ct, strlen(ct))) {
			ck_assert_msg(strstr(hstart, "Content-Transfer-Encoding: quoted-printable\r\n") <
					      bstart,
				      "part is not quoted-printable");
			ck_assert_msg(strstr(hstart, "charset=utf-8") < bstart, "part is not utf-8");
			for (const char *l = bstart; l < next;) {
				const char *e = strstr(l, "\r\n");
				ck_assert_msg(e - l <= 76, "QP line longer than 76");
				l = e + 2;
			}
			out = qp_decode(bstart, (size_t)(next - bstart));
		}
		free(ct);
		p = next[2 + 2 + strlen(boundary)] == '-' ? NULL : next + 2;
	}
	free(delim);
	return out;
}

/* The boundary parameter of a multipart message. */
static char *boundary_of(const char *raw)
{
	char *ct = header(raw, "Content-Type");
	ck_assert_msg(ct != NULL, "no Content-Type");
	const char *b = strstr(ct, "boundary=\"");
	ck_assert_msg(b != NULL, "no boundary in '%s'", ct);
	b += 10;
	char *out = xstrndup(b, strcspn(b, "\""));
	free(ct);
	return out;
}

START_TEST(headers_exact)
{
	char *raw = build("Oakfield: 2 things need your attention", "Hello.\n", "<p>Hello.</p>\n",
			  "Oakfield Primary School via fitsmon");
	assert_crlf(raw);
	assert_header_lines(raw);
	char *hs = headers_of(raw);
	const char *want_start =
		"Date: Sat, 28 Nov 2026 02:30:00 +0000\r\n"
		"From: \"Oakfield Primary School via fitsmon\" <fitsmon@oakfield.sch.uk>\r\n"
		"To: bursar@oakfield.sch.uk, head@oakfield.sch.uk\r\n"
		"Cc: it-lead@trust.example\r\n"
		"Subject: Oakfield: 2 things need your attention\r\n"
		"Message-ID: <";
	ck_assert_msg(!strncmp(hs, want_start, strlen(want_start)), "headers:\n%s", hs);
	const char *id = hs + strlen(want_start);
	ck_assert_int_eq(strspn(id, "0123456789abcdef"), 32);
	ck_assert_msg(!strncmp(id + 32, "@oakfield.sch.uk>\r\n", 19), "Message-ID: %s", id);
	const char *rest = strstr(id, "\r\n") + 2;
	const char *want_rest = "MIME-Version: 1.0\r\n"
				"Auto-Submitted: auto-generated\r\n"
				"Content-Type: multipart/alternative;\r\n"
				" boundary=\"=_fitsmon_";
	ck_assert_msg(!strncmp(rest, want_rest, strlen(want_rest)),
		      "headers after Message-ID:\n%s", rest);
	free(hs);
	free(raw);
}
END_TEST

START_TEST(seeded_is_reproducible)
{
	struct mail_conf m = conf();
	struct mail_message msg = { "Weekly digest", "x\n", "<p>x</p>", };
	char *a = mail_build(&m, NULL, &msg, NOW, "run-42");
	char *b = mail_build(&m, NULL, &msg, NOW, "run-42");
	char *c = mail_build(&m, NULL, &msg, NOW, "run-43");
	char *r1 = mail_build(&m, NULL, &msg, NOW, NULL);
	char *r2 = mail_build(&m, NULL, &msg, NOW, NULL);
	ck_assert_str_eq(a, b);
	char *ia = header(a, "Message-ID"), *ic = header(c, "Message-ID");
	char *i1 = header(r1, "Message-ID"), *i2 = header(r2, "Message-ID");
	ck_assert_str_ne(ia, ic);
	ck_assert_str_ne(i1, i2);
	ck_assert_str_ne(ia, i1);
	char *ba = boundary_of(a), *bc = boundary_of(c);
	ck_assert_str_ne(ba, bc);
	char *fa = header(a, "From");
	ck_assert_str_eq(fa, "fitsmon@oakfield.sch.uk");
	free(fa);
	free(ba);
	free(bc);
	free(ia);
	free(ic);
	free(i1);
	free(i2);
	free(a);
	free(b);
	free(c);
	free(r1);
	free(r2);
}
END_TEST

START_TEST(subject_utf8_encoded)
{
	const char *s = "Sch\xc3\xbclerlaptops \xe2\x80\x93 3 Dinge";
	char *raw = build(s, "x", NULL, NULL);
	assert_crlf(raw);
	ck_assert_msg(strstr(raw, "\r\nSubject: =?UTF-8?Q?Sch=C3=BClerlaptops_=E2=80=93_3_Dinge?=\r\n"),
		      "subject not Q-encoded as expected:\n%s", raw);
	char *v = header(raw, "Subject");
	char *d = rfc2047_decode(v);
	ck_assert_str_eq(d, s);
	free(d);
	free(v);
	free(raw);
}
END_TEST

START_TEST(subject_long_utf8_folded)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 30; i++)
		sb_puts(&sb, "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1 ");   /* Ελλάδα */
	sb.buf[--sb.len] = '\0';
	char *raw = build(sb.buf, "x", NULL, NULL);
	assert_crlf(raw);
	assert_lines(raw, 76);
	assert_header_lines(raw);
	char *v = header(raw, "Subject");
	ck_assert_msg(strstr(v, "=?UTF-8?B?") != NULL, "Greek should take base64: %s", v);
	char *d = rfc2047_decode(v);
	ck_assert_str_eq(d, sb.buf);
	free(d);
	free(v);
	free(raw);
	sb_release(&sb);
}
END_TEST

START_TEST(subject_long_ascii_folded)
{
	/* 200 characters of words: folded at blanks, not encoded. */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; sb.len < 200; i++)
		sb_printf(&sb, "%sword%03d", i ? " " : "", i);
	sb.buf[200] = '\0';
	sb.len = 200;
	if (sb.buf[199] == ' ')
		sb.buf[199] = 'x';
	char *raw = build(sb.buf, "x", NULL, NULL);
	assert_crlf(raw);
	assert_lines(raw, 76);
	assert_header_lines(raw);
	char *hs = headers_of(raw);
	const char *subj = strstr(hs, "\r\nSubject: ") + 2;
	const char *e1 = strstr(subj, "\r\n");
	ck_assert_msg(e1[2] == ' ', "200-character subject not folded:\n%s", hs);
	ck_assert_msg(!strstr(subj, "=?"), "plain ASCII subject was encoded");
	char *v = header(raw, "Subject");
	ck_assert_str_eq(v, sb.buf);
	free(v);
	free(hs);
	free(raw);

	/* 200 characters without a blank cannot fold at blanks: encoded-words. */
	memset(sb.buf, 'a', 200);
	raw = build(sb.buf, "x", NULL, NULL);
	assert_lines(raw, 76);
	assert_header_lines(raw);
	v = header(raw, "Subject");
	char *d = rfc2047_decode(v);
	ck_assert_str_eq(d, sb.buf);
	free(d);
	free(v);
	free(raw);
	sb_release(&sb);
}
END_TEST

START_TEST(subject_that_looks_encoded)
{
	char *raw = build("=?UTF-8?Q?hi?= there", "x", NULL, NULL);
	char *v = header(raw, "Subject");
	char *d = rfc2047_decode(v);
	ck_assert_str_eq(d, "=?UTF-8?Q?hi?= there");
	free(d);
	free(v);
	free(raw);
}
END_TEST

START_TEST(no_header_injection)
{
	char *raw = build("Report\r\nBcc: evil@x", "body\r\nBcc: body@x\n", "<p>x</p>",
			  "Oakfield\r\nBcc: evil@x");
	assert_crlf(raw);
	assert_header_lines(raw);
	char *hs = headers_of(raw);
	ck_assert_msg(!strstr(hs, "\r\nBcc:") && strncmp(hs, "Bcc:", 4), "Bcc header:\n%s", hs);
	char *subj = header(raw, "Subject");
	ck_assert_str_eq(subj, "Report Bcc: evil@x");
	char *from = header(raw, "From");
	ck_assert_str_eq(from, "\"Oakfield Bcc: evil@x\" <fitsmon@oakfield.sch.uk>");
	free(from);
	free(subj);
	free(hs);
	free(raw);

	/* Bare CR, bare LF, tabs and other controls too. */
	raw = build("a\rb\nc\td\x01" "e\x7f" "f", "x", NULL, "n\ra\nm\te");
	assert_crlf(raw);
	assert_header_lines(raw);
	subj = header(raw, "Subject");
	ck_assert_str_eq(subj, "a b c d e f");
	from = header(raw, "From");
	ck_assert_str_eq(from, "\"n a m e\" <fitsmon@oakfield.sch.uk>");
	free(from);
	free(subj);
	free(raw);
}
END_TEST

START_TEST(from_names)
{
	char *raw = build("s", "x", NULL, "Say \"hi\" \\ bye");
	char *from = header(raw, "From");
	ck_assert_str_eq(from, "\"Say \\\"hi\\\" \\\\ bye\" <fitsmon@oakfield.sch.uk>");
	free(from);
	free(raw);

	raw = build("s", "x", NULL, "Sch\xc3\xbcle am See via fitsmon");
	assert_header_lines(raw);
	from = header(raw, "From");
	ck_assert_str_eq(from, "=?UTF-8?Q?Sch=C3=BCle_am_See_via_fitsmon?= <fitsmon@oakfield.sch.uk>");
	free(from);
	free(raw);

	/* A long name folds and keeps its address whole. */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 12; i++)
		sb_puts(&sb, "Long Name ");
	raw = build("s", "x", NULL, sb.buf);
	assert_lines(raw, 76);
	assert_header_lines(raw);
	from = header(raw, "From");
	ck_assert_msg(strstr(from, " <fitsmon@oakfield.sch.uk>") != NULL, "From: %s", from);
	free(from);
	free(raw);
	sb_release(&sb);

	/* Invalid UTF-8 in the name becomes U+FFFD. */
	raw = build("s", "x", NULL, "Bad \xff byte");
	from = header(raw, "From");
	const char *ew = "=?UTF-8?Q?Bad_=EF=BF=BD_byte?= <fitsmon@oakfield.sch.uk>";
	ck_assert_str_eq(from, ew);
	free(from);
	free(raw);
}
END_TEST

START_TEST(multipart_both_parts)
{
	const char *text = "2 things need your attention.\n\n"
			   "Backups were not checked on Tue 24 Nov.\n"
			   "Sch\xc3\xbcler \xe2\x80\x93 caf\xc3\xa9 = 100%\n";
	const char *html = "<!DOCTYPE html>\n<html><body><h1>2 things</h1>\n"
			   "<p style=\"color:#b00\">Backups &ndash; Tue 24 Nov</p></body></html>\n";
	char *raw = build("Report", text, html, "Oakfield");
	assert_crlf(raw);
	assert_lines(raw, 76);
	char *b = boundary_of(raw);
	ck_assert_msg(!strncmp(b, "=_", 2), "boundary %s", b);
	ck_assert_uint_le(strlen(b), 70);
	char *t = part(raw, b, "text/plain");
	char *h = part(raw, b, "text/html");
	ck_assert_msg(t && h, "a part is missing:\n%s", raw);
	char *wt = crlf(text), *wh = crlf(html);
	ck_assert_str_eq(t, wt);
	ck_assert_str_eq(h, wh);
	ck_assert_msg(!strstr(t, b) && !strstr(h, b), "boundary inside a part");
	/* The boundary appears only as delimiter lines. */
	size_t seen = 0;
	for (const char *p = raw; (p = strstr(p, b)); p += strlen(b))
		seen++;
	ck_assert_uint_eq(seen, 1 + 3);   /* the header and three delimiters */
	char *close = xasprintf("\r\n--%s--\r\n", b);
	size_t n = strlen(raw), cn = strlen(close);
	ck_assert_msg(n > cn && !strcmp(raw + n - cn, close), "no closing delimiter at the end");
	free(close);
	free(wt);
	free(wh);
	free(t);
	free(h);
	free(b);
	free(raw);
}
END_TEST

START_TEST(text_only_single_part)
{
	char *raw = build("Test", "Only text.\n", NULL, NULL);
	assert_crlf(raw);
	ck_assert_msg(!strstr(raw, "multipart"), "text-only message is multipart");
	char *ct = header(raw, "Content-Type");
	ck_assert_str_eq(ct, "text/plain; charset=utf-8");
	char *cte = header(raw, "Content-Transfer-Encoding");
	ck_assert_str_eq(cte, "quoted-printable");
	const char *body = strstr(raw, "\r\n\r\n") + 4;
	ck_assert_str_eq(body, "Only text.\r\n");
	free(ct);
	free(cte);
	free(raw);
}
END_TEST

START_TEST(quoted_printable_shapes)
{
	const char *text = "a=b  \n.dot\nFrom here\ntab\t\nend";
	char *raw = build("QP", text, NULL, NULL);
	const char *body = strstr(raw, "\r\n\r\n") + 4;
	ck_assert_str_eq(body, "a=3Db =20\r\n=2Edot\r\n=46rom here\r\ntab=09\r\nend\r\n");
	free(raw);

	/* A 2000-character line, long UTF-8 runs, "=" at soft-break edges. */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 2000; i++)
		sb_putc(&sb, "ab= ."[i % 5]);
	sb_putc(&sb, '\n');
	for (int i = 0; i < 300; i++)
		sb_puts(&sb, "\xc3\xa9");
	sb_puts(&sb, "\r\n");
	for (int i = 0; i < 75; i++)
		sb_putc(&sb, 'x');
	sb_puts(&sb, " \n");
	for (int i = 0; i < 76; i++)
		sb_putc(&sb, 'y');
	sb_puts(&sb, "\n.\n");
	raw = build("QP", sb.buf, "<p>x</p>", NULL);
	assert_crlf(raw);
	assert_lines(raw, 76);
	char *b = boundary_of(raw);
	char *t = part(raw, b, "text/plain");
	char *want = crlf(sb.buf);
	ck_assert_str_eq(t, want);
	/* A line of exactly 76 characters needs no soft break. */
	char ys[90] = "\r\n";
	memset(ys + 2, 'y', 76);
	snprintf(ys + 78, sizeof ys - 78, "\r\n=2E\r\n");
	ck_assert_msg(strstr(raw, ys), "76 y's not kept on one line");
	free(want);
	free(t);
	free(b);
	free(raw);
	sb_release(&sb);
}
END_TEST

START_TEST(long_address_lists_fold)
{
	static char a[8][40];
	char *v[8];
	for (int i = 0; i < 8; i++) {
		snprintf(a[i], sizeof a[i], "governor%d@oakfield.sch.uk", i);
		v[i] = a[i];
	}
	struct mail_conf m = conf();
	m.to.v = v;
	m.to.n = 8;
	m.cc.n = 0;
	struct mail_message msg = { "s", "x", NULL };
	char *raw = mail_build(&m, NULL, &msg, NOW, "s");
	assert_crlf(raw);
	assert_lines(raw, 76);
	assert_header_lines(raw);
	ck_assert_msg(!strstr(raw, "\r\nCc:"), "Cc without cc addresses");
	char *to = header(raw, "To");
	ck_assert_msg(!strncmp(to, "governor0@oakfield.sch.uk, governor1@oakfield.sch.uk,", 52),
		      "To: %s", to);
	ck_assert_msg(strstr(to, "governor7@oakfield.sch.uk") != NULL, "To: %s", to);
	free(to);
	free(raw);
}
END_TEST

/* mail_check_conf and mail_build on one bad address in slot which (0 from, 1 to, 2 cc). */
static void refused(int which, const char *addr, const char *why)
{
	char buf[300];
	snprintf(buf, sizeof buf, "%s", addr);
	struct mail_conf m = conf();
	char *tv[1] = { buf }, *cv[1] = { buf };
	if (which == 0)
		m.from = buf;
	else if (which == 1) {
		m.to.v = tv;
		m.to.n = 1;
	} else {
		m.cc.v = cv;
	}
	char *err = NULL;
	ck_assert_msg(mail_check_conf(&m, &err) == -1, "'%s' accepted", addr);
	ck_assert_msg(err && strstr(err, why), "'%s': error '%s', want '%s'", addr,
		      err ? err : "", why);
	ck_assert_msg(!strpbrk(err, "\r\n"), "line break in the error");
	struct mail_message msg = { "s", "x", NULL };
	ck_assert_ptr_null(mail_build(&m, NULL, &msg, NOW, "s"));
	char *serr = NULL;
	ck_assert_int_eq(mail_send(&m, "x\r\n", &serr), -1);
	ck_assert_ptr_nonnull(serr);
	free(serr);
	free(err);
}

START_TEST(addresses_checked)
{
	refused(1, "a@b\r\nBcc: evil@x", "line break");
	refused(2, "a@b\nX: y", "line break");
	refused(0, "fitsmon@x\r", "line break");
	refused(1, "Jane <j@x>", "not a bare address");
	refused(1, "<j@x>>", "not a bare address");
	refused(2, "a@b>, c@d", "not a bare address");
	refused(1, "no-at-sign", "user@domain");
	refused(1, "@x", "user@domain");
	refused(1, "a@b@c", "more than one @");
	refused(1, "a b@c", "blank");
	refused(1, "j\xc3\xbcrgen@x", "printable ASCII");

	/* One surrounding pair of angle brackets is taken off. */
	static char bracketed[] = "<bursar@oakfield.sch.uk>";
	char *tv[1] = { bracketed };
	struct mail_conf m = conf();
	m.to.v = tv;
	m.to.n = 1;
	char *err = NULL;
	ck_assert_int_eq(mail_check_conf(&m, &err), 0);
	struct mail_message msg = { "s", "x", NULL };
	char *raw = mail_build(&m, NULL, &msg, NOW, "s");
	char *to = header(raw, "To");
	ck_assert_str_eq(to, "bursar@oakfield.sch.uk");
	free(to);
	free(raw);

	m.to.n = 0;
	ck_assert_int_eq(mail_check_conf(&m, &err), -1);
	free(err);
}
END_TEST

START_TEST(lines_within_998)
{
	/* Whatever the input, nothing passes 998, and headers keep to 76 but for long addresses. */
	struct strbuf big = STRBUF_INIT;
	for (int i = 0; i < 5000; i++)
		sb_puts(&big, i % 7 ? "\xe2\x80\x93" : "x");
	char *raw = build(big.buf, big.buf, big.buf, big.buf);
	assert_crlf(raw);
	assert_lines(raw, 76);
	char *v = header(raw, "Subject");
	char *d = rfc2047_decode(v);
	ck_assert_str_eq(d, big.buf);
	free(d);
	free(v);
	free(raw);
	sb_release(&big);

	char addr[260];
	memset(addr, 'a', 240);
	snprintf(addr + 240, sizeof addr - 240, "@example.org");
	char *tv[1] = { addr };
	struct mail_conf m = conf();
	m.to.v = tv;
	m.to.n = 1;
	struct mail_message msg = { "s", "x", NULL };
	raw = mail_build(&m, NULL, &msg, NOW, "s");
	ck_assert_ptr_nonnull(raw);
	assert_crlf(raw);
	assert_lines(raw, 998);
	free(raw);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mail");
	TCase *tc = tcase_create("build");
	tcase_add_test(tc, headers_exact);
	tcase_add_test(tc, seeded_is_reproducible);
	tcase_add_test(tc, subject_utf8_encoded);
	tcase_add_test(tc, subject_long_utf8_folded);
	tcase_add_test(tc, subject_long_ascii_folded);
	tcase_add_test(tc, subject_that_looks_encoded);
	tcase_add_test(tc, no_header_injection);
	tcase_add_test(tc, from_names);
	tcase_add_test(tc, multipart_both_parts);
	tcase_add_test(tc, text_only_single_part);
	tcase_add_test(tc, quoted_printable_shapes);
	tcase_add_test(tc, long_address_lists_fold);
	tcase_add_test(tc, addresses_checked);
	tcase_add_test(tc, lines_within_998);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
