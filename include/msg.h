#ifndef FITSMON_MSG_H
#define FITSMON_MSG_H
/*
 * msg — diagnostics on stderr, one line per event, each starting with the
 * program's name ("fitsmon: what -- why").  When stderr is the systemd
 * journal (JOURNAL_STREAM names stderr's device and inode, as systemd
 * sets it for a service), every line starts with its syslog priority
 * ("<3>" error, "<4>" warning, "<6>" info), which the journal takes as
 * the line's priority, so `journalctl -p warning` filters them.
 */
#include <stdarg.h>

enum msg_level { MSG_ERR = 3, MSG_WARN = 4, MSG_INFO = 6 };

/* Name the program and look at JOURNAL_STREAM; call once, early. */
void msg_init(const char *prog);
/* 1 when stderr is the journal (the priority prefixes are written). */
int msg_journal(void);
/* "PROG: " and the formatted text, then a line break: one line, whatever
 * the text holds (its control characters, line breaks included, are
 * written as visible escapes, "\n", "\x1b": sb_add_visible). */
void msg(enum msg_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void msg_v(enum msg_level level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Lines that carry their own place ("file:line: message", one per line
 * of text), each with its priority under the journal and its other
 * control characters made visible. */
void msg_lines(enum msg_level level, const char *text);
/* The priority prefix ("<4>") for a line written by hand, or "". */
const char *msg_prefix(enum msg_level level);

#endif
