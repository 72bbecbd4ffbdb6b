/* msg — diagnostics on stderr, with journal priorities under systemd. */
#include "msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static const char *msg_prog = "fitsmon";
static int msg_to_journal;

void msg_init(const char *prog)
{
	msg_prog = prog;
	msg_to_journal = 0;
	/* systemd sets JOURNAL_STREAM=DEVICE:INODE of the stream it connected;
	 * a stderr redirected elsewhere by the service's own script is not it */
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	char end;
	struct stat sb;
	if (js && sscanf(js, "%llu:%llu%c", &dev, &ino, &end) == 2 &&
	    fstat(STDERR_FILENO, &sb) == 0 && (unsigned long long)sb.st_dev == dev &&
	    (unsigned long long)sb.st_ino == ino)
		msg_to_journal = 1;
}

int msg_journal(void)
{
	return msg_to_journal;
}

const char *msg_prefix(enum msg_level level)
{
	if (!msg_to_journal)
		return "";
	return level == MSG_ERR ? "<3>" : level == MSG_WARN ? "<4>" : "<6>";
}

/* One line: its control characters made visible (sb_add_visible). */
static void put_line(enum msg_level level, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, msg_prefix(level));
	sb_add_visible(&sb, s, n);
	sb_putc(&sb, '\n');
	fputs(sb.buf, stderr);
	sb_release(&sb);
}

void msg_lines(enum msg_level level, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		put_line(level, p, n);
		p += n + (nl != NULL);
	}
}

void msg_v(enum msg_level level, const char *fmt, va_list ap)
{
	/* one event, one line: a line break inside the text (a supplier's
	 * cell, a server's answer) is written as "\n", never as a new line
	 * that could pass for fitsmon's own */
	char *text = xvasprintf(fmt, ap);
	char *line = xasprintf("%s: %s", msg_prog, text);
	put_line(level, line, strlen(line));
	free(line);
	free(text);
}

void msg(enum msg_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	msg_v(level, fmt, ap);
	va_end(ap);
}
