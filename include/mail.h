#ifndef FITSMON_MAIL_H
#define FITSMON_MAIL_H
/*
 * mail — build one RFC 5322 / MIME message and hand it to an SMTP server
 * (libcurl) or to a local sendmail program.  No policy lives here (what
 * to send and when is the caller's); no sentence for the school contact
 * either (the caller passes the words in).  Nothing is printed.
 *
 * The message (mail_build):
 *   - CRLF line ends everywhere; no line longer than 76 characters except
 *     a header holding one address, or a Message-ID with a domain, too
 *     long for that (addresses are at most 254 characters, so no line is
 *     ever over 998);
 *   - headers, in this order: Date (UTC, "+0000"), From, To, Cc (only
 *     when there are cc addresses), Subject, Message-ID, MIME-Version: 1.0,
 *     Auto-Submitted: auto-generated (RFC 3834: auto-responders keep
 *     quiet), then the Content-* headers;
 *   - a text-only message is one text/plain; charset=utf-8 part; with
 *     html, a multipart/alternative of text/plain then text/html (the
 *     richer one last, as RFC 2046 asks), both charset=utf-8;
 *   - bodies are quoted-printable (lines of at most 76 characters; "."
 *     and "From " at the start of a line are encoded too, so neither SMTP
 *     dot handling nor mbox "From " quoting can touch them); body line
 *     ends may be LF or CRLF and become CRLF;
 *   - the multipart boundary contains "=_", which quoted-printable
 *     output can never contain, so it cannot occur inside a part.
 *
 * What keeps the headers whole: no CR or LF from any input reaches a
 * header.  In the subject and the sender's display name every run of CR
 * and LF becomes one space, and any other control character a space;
 * invalid UTF-8 becomes U+FFFD.  A subject or name that is not printable
 * ASCII, or that would need a line longer than 76 characters and cannot
 * be folded at its own blanks, or that contains "=?", is written as RFC
 * 2047 encoded-words (UTF-8; Q, or B when that is at least a fifth
 * shorter), folded.
 * Addresses (from, to, cc) are not repaired but refused: see
 * mail_check_conf.
 *
 * Sending (mail_send):
 *   smtp://HOST[:PORT]   SMTP (default port 25; use 587 for submission);
 *                        STARTTLS is required unless starttls = no
 *   smtps://HOST[:PORT]  SMTP over TLS from the first byte (port 465)
 *   sendmail = PATH      the program run as PATH -i -f FROM -- RCPT...
 * With SMTP, TLS peers and names are always verified (TLS 1.2 or later),
 * against ca_file when set, else the system's CA store; only smtp and
 * smtps are spoken; the password is read from password_file at send
 * time, stripped of its trailing newline, given only to libcurl's SASL
 * (AUTH PLAIN or LOGIN, as the server offers), wiped afterwards, and
 * never appears in an error.  A password is never sent over a link
 * without TLS: smtp:// with starttls = no and a user is refused before
 * connecting.  Every to and cc address is a recipient; one refused
 * recipient fails the whole send (nobody gets a partial copy; the next
 * run retries).
 *
 * Errors are one terse line for the administrator's log, naming the
 * server (smtp URL without any user:password@ or path) or the program:
 *   smtp://127.0.0.1:2525: STARTTLS is required but the server does not offer it
 *   smtp://mail.example:587: 550 5.1.1 mailbox unavailable for x@example.org
 *   smtps://mail.example: authentication failed: 535 5.7.8 bad credentials
 *   /usr/sbin/sendmail: exited with status 75
 * Every mail_send failure may be temporary (a server down, a full disk,
 * a password file being rotated): the caller keeps what it meant to send,
 * exits 75 (EX_TEMPFAIL) and tries again on the next run.
 *
 * libcurl: the caller runs curl_global_init() once before the first
 * mail_send (fitsmon does so through fetch_global_init); mail_send makes
 * and frees its own easy handle.
 */
#include <stdint.h>

#include "util.h"

/* The [mail] section of the config (config.h reads it). */
struct mail_conf {
	int enabled;           /* a [mail] section exists */
	char *smtp;            /* smtp://host[:port] or smtps://host[:port] */
	char *sendmail;        /* or a sendmail-compatible program */
	char *from;
	struct strlist to, cc;
	char *user;
	char *password_file;   /* the SMTP password stays in this file */
	char *ca_file;
	int starttls;          /* smtp://: 1 STARTTLS required (default), 0 plain */
	int digest_day;        /* 0 every day, 1..7 Mon..Sun, -1 never */
	int64_t timeout_ms;
	int line;
};


struct mail_message {
	const char *subject;   /* UTF-8, one line (line breaks become spaces) */
	const char *text;      /* UTF-8 plain text; NULL reads as "" */
	const char *html;      /* UTF-8 HTML document, or NULL for text only */
};

/*
 * 0 when every address of m (from, each to and cc) can be written into a
 * header and given to SMTP; else -1 with *err, e.g.
 *   "[mail] to: 'Jane <j@x>' is not a bare address (write j@x)".
 * An address is accepted when it is printable ASCII without blanks, CR,
 * LF, angle brackets, commas, quotes, parentheses, semicolons or
 * backslashes, has one "@" with text on both sides, and is at most 254
 * characters; one pair of surrounding angle brackets ("<j@x>") is taken
 * off first.  There must be at least one to address.
 */
int mail_check_conf(const struct mail_conf *m, char **err);

/*
 * The whole message, NUL-terminated, CRLF line ends, malloc'd for the
 * caller to free; NULL when mail_check_conf(m) fails (call it for the
 * reason).
 *   from_name  the sender's display name, used verbatim (e.g.
 *              "Oakfield Primary School via fitsmon"); NULL or "" gives a
 *              bare From: address
 *   now        the Date, seconds since the epoch (UTC)
 *   id_seed    makes the Message-ID: with a seed, the id is a hash of
 *              (seed, now, from), so the same call gives the same message
 *              byte for byte; NULL takes 128 random bits instead.  The id
 *              is <HEX@DOMAIN>, 32 hex digits, DOMAIN from the from address
 * The multipart boundary is derived the same way, so a seeded build is
 * reproducible (tests compare whole messages).
 */
char *mail_build(const struct mail_conf *m, const char *from_name,
		 const struct mail_message *msg, int64_t now, const char *id_seed);

/*
 * Deliver raw (a mail_build result) from m->from to every m->to and
 * m->cc address, by m->smtp or m->sendmail.  0 when the server accepted
 * the message for every recipient, or sendmail exited 0; -1 with *err (a
 * terse line, see above; never the password).  Gives up after
 * m->timeout_ms (connect and whole transfer; sendmail is killed then).
 * To sendmail the message goes on standard input with LF line ends (the
 * local convention), and the program's standard output goes to fitsmon's
 * standard error, so nothing reaches a report written to stdout.
 */
int mail_send(const struct mail_conf *m, const char *raw, char **err);

#endif
