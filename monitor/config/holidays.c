/*
 * holidays — closed dates from a council's school-holiday iCalendar file
 * and from GOV.UK's bank-holidays.json.
 *
 * Both readers work on the whole file in memory (read_file), never trust
 * a byte of it, and report the first problem as "path:line: what".  On
 * error nothing is appended: the list is rolled back to what it held on
 * entry, so a caller never sees half a file.
 *
 * The JSON itself is read by json_read.h (strict RFC 8259, into a
 * tree); this file gives the tree its bank-holiday meaning.
 */
#include "holidays.h"

#include "civil.h"
#include "json_read.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	ICS_MAX_DEPTH = 16,     /* BEGIN: inside BEGIN: */
	SNIP_MAX = 40,          /* bytes of hostile text quoted in a message */
	SNIP_SIZE = SNIP_MAX + 4,
	LIST_MAX_NAMES = 10,    /* division names listed in an error */
	ICS_MAX_DAYS = 100000   /* longest all-day DURATION accepted */
};

/* ------------------------------------------------------------------ */
/* Shared helpers                                                      */

/* Set *err to "path:line: <formatted>"; returns -1. */
__attribute__((format(printf, 4, 5)))
static int fail_at(char **err, const char *path, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	errorf(err, "%s:%zu: %s", path, line, msg);
	free(msg);
	return -1;
}

/*
 * Quote at most SNIP_MAX bytes of [s, s+n) for a message: anything but
 * printable ASCII becomes '?', so hostile bytes never reach a log raw,
 * and "..." marks a cut.  buf holds SNIP_SIZE bytes; returns buf.
 */
static const char *snip(const char *s, size_t n, char *buf)
{
	size_t k = n < SNIP_MAX ? n : SNIP_MAX, i;
	for (i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[i] = (char)((c >= 0x20 && c < 0x7f) ? c : '?');
	}
	if (k < n) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}

/* ASCII case-insensitive: does [s, s+n) spell the NUL-terminated word? */
static int span_ieq(const char *s, size_t n, const char *word)
{
	size_t i;
	for (i = 0; i < n && word[i]; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)word[i];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return i == n && word[i] == '\0';
}

/* Parse exactly k ASCII digits at s into *v; -1 if any is not a digit. */
static int digits(const char *s, size_t k, int *v)
{
	int r = 0;
	for (size_t i = 0; i < k; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		r = r * 10 + (s[i] - '0');
	}
	*v = r;
	return 0;
}

/* Skip a UTF-8 byte order mark: Windows tools write one before both formats. */
static size_t bom_len(const char *buf, size_t len)
{
	return (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) ? 3 : 0;
}

/* Append one closure; the list takes ownership of label. */
static void push(struct holiday_list *out, int64_t first, int64_t last, char *label)
{
	VEC_GROW(out->v, out->n, out->cap, out->n + 1);
	out->v[out->n].first = first;
	out->v[out->n].last = last;
	out->v[out->n].label = label;
	out->n++;
}

/* Drop what was appended since the list held n0 entries (error path). */
static void rollback(struct holiday_list *out, size_t n0)
{
	while (out->n > n0)
		free(out->v[--out->n].label);
}

void holidays_free(struct holiday_list *list)
{
	if (!list)
		return;
	rollback(list, 0);
	free(list->v);
	list->v = NULL;
	list->n = list->cap = 0;
}

/* ------------------------------------------------------------------ */
/* iCalendar (RFC 5545), the subset a school-holiday file uses          */

/* Cursor over the physical lines of the file. */
struct ics_reader {
	const char *p, *end;   /* unread input */
	size_t line;           /* physical lines consumed */
	const char *path;
	char **err;
};

/*
 * Read the next logical line into sb: a physical line plus every
 * following line that starts with a space or tab (a fold, whose first
 * character is dropped), without the LF or CRLF ends.  *start is its
 * first physical line number.  Returns 1 with a line, 0 at the end of
 * input, -1 (with *err) on a NUL byte, which no text calendar has.
 */
static int ics_next_line(struct ics_reader *r, struct strbuf *sb, size_t *start)
{
	int first = 1;
	sb->len = 0;
	if (r->p >= r->end)
		return 0;
	*start = r->line + 1;
	for (;;) {
		const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
		const char *s = r->p;
		size_t n = (size_t)((nl ? nl : r->end) - s);
		r->line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n))
			return fail_at(r->err, r->path, r->line, "NUL byte in a text calendar");
		if (!first) {
			s++;
			n--;
		}
		sb_add(sb, s, n);
		r->p = nl ? nl + 1 : r->end;
		first = 0;
		if (r->p >= r->end || (*r->p != ' ' && *r->p != '\t'))
			return 1;
	}
}

/* One content line "NAME;PARAM=V;...:value", as spans of the line. */
struct ics_prop {
	const char *name, *value, *vtype;   /* vtype: the VALUE= parameter */
	size_t name_len, value_len, vtype_len;
};

static int name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

/*
 * Split a logical line into name, VALUE parameter and value.  Parameter
 * values may be quoted ("..."; they may then hold ';' and ':') or lists.
 * Returns 0, or -1 with *why saying what is malformed.
 */
static int ics_split(const char *s, size_t n, struct ics_prop *pr, const char **why)
{
	size_t i = 0;
	memset(pr, 0, sizeof(*pr));
	while (i < n && name_char(s[i]))
		i++;
	if (i == 0) {
		*why = "expected a property name";
		return -1;
	}
	pr->name = s;
	pr->name_len = i;
	while (i < n && s[i] == ';') {
		size_t p0 = ++i;
		while (i < n && name_char(s[i]))
			i++;
		if (i == p0 || i >= n || s[i] != '=') {
			*why = "malformed parameter";
			return -1;
		}
		const char *pname = s + p0;
		size_t pname_len = i - p0, v0 = ++i;
		for (;;) {
			if (i < n && s[i] == '"') {
				const char *q = memchr(s + i + 1, '"', n - i - 1);
				if (!q) {
					*why = "unterminated quoted parameter";
					return -1;
				}
				i = (size_t)(q - s) + 1;
			} else {
				while (i < n && s[i] != ';' && s[i] != ':' &&
				       s[i] != ',' && s[i] != '"')
					i++;
			}
			if (i < n && s[i] == ',') {
				i++;
				continue;
			}
			break;
		}
		if (span_ieq(pname, pname_len, "VALUE")) {
			pr->vtype = s + v0;
			pr->vtype_len = i - v0;
		}
	}
	if (i >= n || s[i] != ':') {
		*why = "expected ':' after the property name";
		return -1;
	}
	pr->value = s + i + 1;
	pr->value_len = n - i - 1;
	return 0;
}

/*
 * Parse a DTSTART or DTEND value: "yyyymmdd" is a date (*timed = 0) and
 * "yyyymmddThhmmss" with an optional Z a date-time (*timed = 1; only the
 * date is kept).  VALUE=DATE or VALUE=DATE-TIME must agree with the form;
 * without it the form decides.  Returns 0, or -1 when malformed.
 */
static int ics_parse_when(const struct ics_prop *pr, int *timed, int64_t *day)
{
	const char *v;
	size_t n = str_trim_span(pr->value, pr->value_len, &v);
	int y, m, d, hh, mi, ss;
	if (n < 8 || digits(v, 4, &y) || digits(v + 4, 2, &m) || digits(v + 6, 2, &d) ||
	    !civil_valid(y, m, d))
		return -1;
	if (n == 8) {
		if (pr->vtype && !span_ieq(pr->vtype, pr->vtype_len, "DATE"))
			return -1;
		*timed = 0;
	} else {
		if (n != 15 && !(n == 16 && v[15] == 'Z'))
			return -1;
		if (v[8] != 'T' || digits(v + 9, 2, &hh) || digits(v + 11, 2, &mi) ||
		    digits(v + 13, 2, &ss) || hh > 23 || mi > 59 || ss > 60)
			return -1;
		if (pr->vtype && !span_ieq(pr->vtype, pr->vtype_len, "DATE-TIME"))
			return -1;
		*timed = 1;
	}
	*day = civil_days(y, m, d);
	return 0;
}

/*
 * Whole days of an all-day event's DURATION: "PnD" or "PnW", optionally
 * signed '+' (RFC 5545 dur-day / dur-week).  Returns 0, or -1 when the
 * text is anything else or longer than ICS_MAX_DAYS.
 */
static int ics_parse_days(const char *s, size_t len, int64_t *days)
{
	const char *v;
	size_t n = str_trim_span(s, len, &v), i = 0;
	int64_t k = 0;
	if (i < n && v[i] == '+')
		i++;
	if (i >= n || v[i] != 'P')
		return -1;
	size_t d0 = ++i;
	while (i < n && v[i] >= '0' && v[i] <= '9' && i - d0 < 7)
		k = k * 10 + (v[i++] - '0');
	if (i == d0 || i + 1 != n)
		return -1;
	if (v[i] == 'W')
		k *= 7;
	else if (v[i] != 'D')
		return -1;
	if (k > ICS_MAX_DAYS)
		return -1;
	*days = k;
	return 0;
}

/*
 * A SUMMARY value as a label: RFC 5545 text escapes undone (\\ \; \, and
 * \n or \N for a newline; any other backslash is kept as written) and
 * bytes that are not UTF-8 replaced by U+FFFD, since the label ends up in
 * mail and the dates matter more than a council's character set.
 */
static char *ics_unescape(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	sb_add(&sb, "", 0);
	while (p < end) {
		if (*p == '\\' && p + 1 < end) {
			unsigned char c = p[1];
			if (c == 'n' || c == 'N')
				sb_putc(&sb, '\n');
			else if (c == '\\' || c == ';' || c == ',')
				sb_putc(&sb, (char)c);
			else
				sb_add(&sb, (const char *)p, 2);
			p += 2;
			continue;
		}
		size_t k = utf8_seq_len(p, (size_t)(end - p));
		if (k == 0) {
			sb_add(&sb, "\xef\xbf\xbd", 3);
			k = 1;
		} else {
			sb_add(&sb, (const char *)p, k);
		}
		p += k;
	}
	return sb_detach(&sb);
}

/* The VEVENT being read. */
struct ics_event {
	size_t line;                 /* its BEGIN:VEVENT */
	int has_start, start_timed;
	int64_t start;
	size_t start_line;
	int has_end, end_timed;
	int64_t end;
	size_t end_line;
	char *duration;              /* raw DURATION text, or NULL */
	size_t duration_line;
	char *summary;               /* unescaped, or NULL */
	size_t rrule_line;           /* first RRULE or RDATE, 0 if none */
};

/* An open BEGIN: whose END: has not been seen. */
struct ics_frame {
	char *name;
	size_t line;
};

struct ics_state {
	const char *path;
	char **err;
	struct holiday_list *out;
	struct ics_frame stack[ICS_MAX_DEPTH];
	size_t depth;
	int seen_calendar;
	struct ics_event ev;         /* valid while a VEVENT is open */
};

static void ics_event_clear(struct ics_event *ev)
{
	free(ev->duration);
	free(ev->summary);
	memset(ev, 0, sizeof(*ev));
}

/* Is the innermost open component named `name`? */
static int ics_top_is(const struct ics_state *st, const char *name)
{
	return st->depth && str_ieq(st->stack[st->depth - 1].name, name);
}

/*
 * END:VEVENT: turn the event into a closure.  Timed events are skipped;
 * an all-day one ends the day before DTEND, or DURATION days after
 * DTSTART, or is one day.  A zero-length range (DTEND equal to DTSTART,
 * or P0D) is read as that one day, as calendar programs show it.
 * Recurring all-day events are refused rather than silently cut to their
 * first day.
 * NEEDSWORK: STATUS:CANCELLED events still count as closures.
 */
static int ics_finish_event(struct ics_state *st)
{
	struct ics_event *ev = &st->ev;
	int64_t last, days;
	if (!ev->has_start)
		return fail_at(st->err, st->path, ev->line, "VEVENT has no DTSTART");
	if (ev->start_timed)
		return 0;
	if (ev->has_end && ev->duration)
		return fail_at(st->err, st->path, ev->duration_line,
			       "VEVENT has both DTEND and DURATION");
	if (ev->rrule_line)
		return fail_at(st->err, st->path, ev->rrule_line,
			       "recurring all-day events (RRULE, RDATE) are not supported");
	if (ev->has_end) {
		if (ev->end_timed)
			return fail_at(st->err, st->path, ev->end_line,
				       "DTEND is a date-time but DTSTART is a date");
		if (ev->end < ev->start)
			return fail_at(st->err, st->path, ev->end_line, "DTEND is before DTSTART");
		last = ev->end > ev->start ? ev->end - 1 : ev->start;
	} else if (ev->duration) {
		size_t n = strlen(ev->duration);
		if (ics_parse_days(ev->duration, n, &days)) {
			char b[SNIP_SIZE];
			return fail_at(st->err, st->path, ev->duration_line, "bad DURATION '%s' "
				       "for an all-day event (expected PnD or PnW)",
				       snip(ev->duration, n, b));
		}
		last = days > 0 ? ev->start + days - 1 : ev->start;
	} else {
		last = ev->start;
	}
	push(st->out, ev->start, last, ev->summary ? ev->summary : xstrdup(""));
	ev->summary = NULL;
	return 0;
}

/* A DTSTART or DTEND line of the open VEVENT. */
static int ics_event_when(struct ics_state *st, const struct ics_prop *pr, size_t line,
			  const char *what, int *has, int *timed, int64_t *day, size_t *at)
{
	char b[SNIP_SIZE];
	if (*has)
		return fail_at(st->err, st->path, line, "second %s in the VEVENT at line %zu",
			       what, st->ev.line);
	if (ics_parse_when(pr, timed, day))
		return fail_at(st->err, st->path, line,
			       "bad %s '%s' (expected yyyymmdd or yyyymmddThhmmss)", what,
			       snip(pr->value, pr->value_len, b));
	*has = 1;
	*at = line;
	return 0;
}

/* A property directly inside the open VEVENT. */
static int ics_event_prop(struct ics_state *st, const struct ics_prop *pr, size_t line)
{
	struct ics_event *ev = &st->ev;
	if (span_ieq(pr->name, pr->name_len, "DTSTART"))
		return ics_event_when(st, pr, line, "DTSTART", &ev->has_start, &ev->start_timed,
				      &ev->start, &ev->start_line);
	if (span_ieq(pr->name, pr->name_len, "DTEND"))
		return ics_event_when(st, pr, line, "DTEND", &ev->has_end, &ev->end_timed,
				      &ev->end, &ev->end_line);
	if (span_ieq(pr->name, pr->name_len, "DURATION")) {
		if (ev->duration)
			return fail_at(st->err, st->path, line,
				       "second DURATION in the VEVENT at line %zu", ev->line);
		ev->duration = xstrndup(pr->value, pr->value_len);
		ev->duration_line = line;
	} else if (span_ieq(pr->name, pr->name_len, "SUMMARY")) {
		if (!ev->summary)
			ev->summary = ics_unescape(pr->value, pr->value_len);
	} else if (span_ieq(pr->name, pr->name_len, "RRULE") ||
		   span_ieq(pr->name, pr->name_len, "RDATE")) {
		if (!ev->rrule_line)
			ev->rrule_line = line;
	}
	return 0;
}

/* BEGIN:name — open a component; only VEVENTs directly in a VCALENDAR count. */
static int ics_begin(struct ics_state *st, const char *name, size_t n, size_t line)
{
	char b[SNIP_SIZE];
	size_t i;
	for (i = 0; i < n && name_char(name[i]); i++)
		;
	if (n == 0 || i != n)
		return fail_at(st->err, st->path, line, "bad component name '%s'",
			       snip(name, n, b));
	if (st->depth == 0 && !span_ieq(name, n, "VCALENDAR"))
		return fail_at(st->err, st->path, line, "BEGIN:%s outside a VCALENDAR",
			       snip(name, n, b));
	const struct ics_frame *top = st->depth ? &st->stack[st->depth - 1] : NULL;
	if (top && span_ieq(name, n, "VCALENDAR"))
		return fail_at(st->err, st->path, line, "VCALENDAR inside %s (line %zu)",
			       top->name, top->line);
	if (top && span_ieq(name, n, "VEVENT")) {    /* top is NULL only for VCALENDAR */
		if (!str_ieq(top->name, "VCALENDAR"))
			return fail_at(st->err, st->path, line, "VEVENT inside %s (line %zu)",
				       top->name, top->line);
		ics_event_clear(&st->ev);
		st->ev.line = line;
	}
	if (st->depth == ICS_MAX_DEPTH)
		return fail_at(st->err, st->path, line, "components nested more than %d deep",
			       ICS_MAX_DEPTH);
	st->stack[st->depth].name = xstrndup(name, n);
	st->stack[st->depth].line = line;
	st->depth++;
	st->seen_calendar = 1;
	return 0;
}

/* END:name — must close the innermost open component. */
static int ics_end(struct ics_state *st, const char *name, size_t n, size_t line)
{
	char b[SNIP_SIZE];
	if (st->depth == 0)
		return fail_at(st->err, st->path, line, "END:%s without a BEGIN", snip(name, n, b));
	struct ics_frame *top = &st->stack[st->depth - 1];
	if (!span_ieq(name, n, top->name))
		return fail_at(st->err, st->path, line,
			       "END:%s does not match BEGIN:%s at line %zu",
			       snip(name, n, b), top->name, top->line);
	if (span_ieq(name, n, "VEVENT") && ics_finish_event(st))
		return -1;
	free(top->name);
	top->name = NULL;
	st->depth--;
	return 0;
}

/* Handle one logical line. */
static int ics_line(struct ics_state *st, const char *s, size_t n, size_t line)
{
	struct ics_prop pr;
	const char *why, *v;
	char b[SNIP_SIZE];
	if (n == 0)
		return 0;     /* blank lines are harmless; some generators add them */
	int bad = ics_split(s, n, &pr, &why);
	if (!st->seen_calendar && (bad || !span_ieq(pr.name, pr.name_len, "BEGIN")))
		return fail_at(st->err, st->path, line, "not an iCalendar file "
			       "(expected BEGIN:VCALENDAR, found '%s')", snip(s, n, b));
	if (bad)
		return fail_at(st->err, st->path, line, "%s in '%s'", why, snip(s, n, b));
	size_t vn = str_trim_span(pr.value, pr.value_len, &v);
	if (span_ieq(pr.name, pr.name_len, "BEGIN"))
		return ics_begin(st, v, vn, line);
	if (span_ieq(pr.name, pr.name_len, "END"))
		return ics_end(st, v, vn, line);
	if (st->depth == 0)
		return fail_at(st->err, st->path, line, "'%s' after END:VCALENDAR",
			       snip(s, n, b));
	if (ics_top_is(st, "VEVENT"))
		return ics_event_prop(st, &pr, line);
	return 0;
}

/* The iCalendar reader over a file already in memory. */
static int load_ics_buf(const char *path, const char *buf, size_t len,
			struct holiday_list *out, char **err)
{
	struct ics_state st = { .path = path, .err = err, .out = out };
	struct ics_reader r = { .p = buf + bom_len(buf, len), .end = buf + len,
				.path = path, .err = err };
	struct strbuf sb = STRBUF_INIT;
	size_t n0 = out->n, start = 0;
	int rc = 0, got;

	while ((got = ics_next_line(&r, &sb, &start)) > 0)
		if ((rc = ics_line(&st, sb.buf, sb.len, start)) != 0)
			break;
	if (got < 0)
		rc = -1;
	if (rc == 0 && st.depth > 0) {
		struct ics_frame *top = &st.stack[st.depth - 1];
		rc = fail_at(err, path, top->line, "BEGIN:%s has no END:%s", top->name, top->name);
	}
	if (rc == 0 && !st.seen_calendar)
		rc = errorf(err, "%s: %s", path,
			    len ? "no calendar data (only blank lines)" : "empty file");

	while (st.depth > 0)
		free(st.stack[--st.depth].name);
	ics_event_clear(&st.ev);
	sb_release(&sb);
	if (rc)
		rollback(out, n0);
	return rc;
}

int holidays_load_ics(const char *path, struct holiday_list *out, char **err)
{
	char *buf;
	size_t len;
	if (read_regular_file(path, FILE_CAP_CONFIG, &buf, &len, err))
		return -1;
	int rc = load_ics_buf(path, buf, len, out, err);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* GOV.UK bank-holidays.json                                          */

/* The file being read, for messages. */
struct govuk_doc {
	const char *path;
	char **err;
};

/* "a, b, c" from the top-level member names (the divisions), capped. */
static char *division_names(const struct json_value *root)
{
	struct strbuf sb = STRBUF_INIT;
	char b[SNIP_SIZE];
	sb_add(&sb, "", 0);
	for (size_t i = 0; i < root->n_members; i++) {
		if (i == LIST_MAX_NAMES) {
			sb_puts(&sb, ", ...");
			break;
		}
		sb_printf(&sb, "%s%s", i ? ", " : "",
			  snip(root->members[i].key, root->members[i].key_len, b));
	}
	if (root->n_members == 0)
		sb_puts(&sb, "none");
	return sb_detach(&sb);
}

/* One element of a division's "events": a one-day closure. */
static int govuk_event(struct govuk_doc *gd, const struct json_value *e,
		       struct holiday_list *out)
{
	const struct json_value *date, *title;
	char b[SNIP_SIZE];
	int64_t day;
	if (e->type != JSON_OBJECT)
		return fail_at(gd->err, gd->path, e->line, "event is not an object");
	if (json_read_member(gd->path, e, "date", &date, gd->err) ||
	    json_read_member(gd->path, e, "title", &title, gd->err))
		return -1;
	if (!date)
		return fail_at(gd->err, gd->path, e->line, "event has no \"date\"");
	if (date->type != JSON_STRING)
		return fail_at(gd->err, gd->path, date->line, "\"date\" is not a string");
	if (civil_parse_date(date->s, date->len, &day))
		return fail_at(gd->err, gd->path, date->line, "bad date '%s' (expected yyyy-mm-dd)",
			       snip(date->s, date->len, b));
	if (title && title->type != JSON_STRING)
		return fail_at(gd->err, gd->path, title->line, "\"title\" is not a string");
	if (title && memchr(title->s, '\0', title->len))
		return fail_at(gd->err, gd->path, title->line, "\"title\" holds a NUL character");
	push(out, day, day, xstrdup(title ? title->s : ""));
	return 0;
}

/*
 * Walk root -> division -> "events" and append each event.  A missing
 * or NULL division is an error naming the divisions the file has.
 */
static int govuk_walk(struct govuk_doc *gd, const struct json_value *root,
		      const char *division, struct holiday_list *out)
{
	const struct json_value *div = NULL, *events;
	char b[SNIP_SIZE];
	if (root->type != JSON_OBJECT)
		return fail_at(gd->err, gd->path, root->line,
			       "expected a JSON object of divisions at the top level");
	if (division && json_read_member(gd->path, root, division, &div, gd->err))
		return -1;
	if (!div) {
		char *names = division_names(root);
		if (division)
			errorf(gd->err, "%s: no division '%s' (the file has: %s)", gd->path,
			       snip(division, strlen(division), b), names);
		else
			errorf(gd->err, "%s: a GOV.UK bank-holidays file needs a division "
			       "(the file has: %s)", gd->path, names);
		free(names);
		return -1;
	}
	if (div->type != JSON_OBJECT)
		return fail_at(gd->err, gd->path, div->line, "division '%s' is not an object",
			       snip(division, strlen(division), b));
	if (json_read_member(gd->path, div, "events", &events, gd->err))
		return -1;
	if (!events || events->type != JSON_ARRAY)
		return fail_at(gd->err, gd->path, events ? events->line : div->line,
			       "division '%s' has no \"events\" array",
			       snip(division, strlen(division), b));
	for (size_t i = 0; i < events->n_items; i++)
		if (govuk_event(gd, &events->items[i], out))
			return -1;
	return 0;
}

/* The GOV.UK reader over a file already in memory. */
static int load_govuk_buf(const char *path, const char *buf, size_t len, const char *division,
			  struct holiday_list *out, char **err)
{
	struct govuk_doc gd = { .path = path, .err = err };
	struct json_value root;
	size_t n0 = out->n, bom = bom_len(buf, len);
	int rc = json_read(path, buf + bom, len - bom, &root, err);
	if (rc == 0)
		rc = govuk_walk(&gd, &root, division, out);
	json_read_free(&root);
	if (rc)
		rollback(out, n0);
	return rc;
}

int holidays_load_govuk(const char *path, const char *division,
			struct holiday_list *out, char **err)
{
	char *buf;
	size_t len;
	if (read_regular_file(path, FILE_CAP_CONFIG, &buf, &len, err))
		return -1;
	int rc = load_govuk_buf(path, buf, len, division, out, err);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */

/*
 * By content: JSON when the first byte after a byte order mark and blanks
 * is '{'.  The file is read once.
 */
int holidays_load(const char *path, const char *division,
		  struct holiday_list *out, char **err)
{
	char *buf;
	size_t len, i;
	if (read_regular_file(path, FILE_CAP_CONFIG, &buf, &len, err))
		return -1;
	for (i = bom_len(buf, len); i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r' && buf[i] != '\n')
			break;
	int rc;
	if (i < len && buf[i] == '{') {
		rc = load_govuk_buf(path, buf, len, division, out, err);
	} else if (division) {
		char b[SNIP_SIZE];
		rc = errorf(err, "%s: not a GOV.UK JSON file, so division '%s' does not apply "
			    "(an iCalendar file takes no division)", path,
			    snip(division, strlen(division), b));
	} else {
		rc = load_ics_buf(path, buf, len, out, err);
	}
	free(buf);
	return rc;
}
