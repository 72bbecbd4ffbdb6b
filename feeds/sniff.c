/*
 * sniff — a sample export described (include/sniff.h).
 *
 * The first 256 KiB decide the bytes and the dialect: a byte-order mark
 * or valid UTF-8, else Windows-1252 when bytes 0x80-0x9F occur (Excel's
 * Western European "CSV"), else Latin-1; the delimiter that gives the
 * most records of one width (above one field); the header is the first
 * record of that width.  Then the whole file is read with that dialect:
 * every row counted, the first SNIFF_STATS classified cell by cell, the
 * first SNIFF_SAMPLE kept for the time guesses and joins.
 */
#include "sniff.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "timefmt.h"
#include "util.h"

#define HEAD_BYTES (256u << 10)

static const char *const type_names[] = {
	"empty", "text", "id", "date and time", "date", "time of day", "duration", "number",
	"yes/no",
};

const char *sniff_type_name(enum sniff_type t)
{
	return type_names[t];
}

/* ---- bytes ------------------------------------------------------------- */

static int valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 :
			   (c & 0xF8) == 0xF0 ? 3 : 9;
		if (k == 9 || (k == 1 && c < 0xC2))
			return 0;
		if (i + k >= n && k)
			return 1;   /* a sequence cut by the end of the sample */
		for (size_t j = 1; j <= k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return 0;
		i += k + 1;
	}
	return 1;
}

static const char *encoding_of(const unsigned char *p, size_t n, int *bom)
{
	*bom = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
	if (*bom || valid_utf8(p, n))
		return "utf-8";
	for (size_t i = 0; i < n; i++)
		if (p[i] >= 0x80 && p[i] <= 0x9F)
			return "windows-1252";
	return "latin-1";
}

static const char *iconv_name(const char *enc)
{
	return !strcmp(enc, "windows-1252") ? "WINDOWS-1252" : !strcmp(enc, "latin-1") ?
	       "ISO-8859-1" : NULL;
}

/* ---- dialect ----------------------------------------------------------- */

struct widths {
	size_t w[50];
	size_t filled[50];   /* non-empty cells */
	size_t n;
};

static int width_cb(const struct csvread_row *r, void *ctx)
{
	struct widths *ws = ctx;
	if (r->syntax || r->bad)
		return 0;
	size_t f = 0;
	for (size_t i = 0; i < r->n; i++) {
		const char *b;
		f += str_trim_span(r->f[i], r->len[i], &b) > 0;
	}
	ws->filled[ws->n] = f;
	ws->w[ws->n++] = r->n;
	return ws->n == 50;
}

/* The most common width among ws (the larger on a tie) and its count. */
static size_t mode_width(const struct widths *ws, size_t *count)
{
	size_t best = 0, bc = 0;
	for (size_t i = 0; i < ws->n; i++) {
		size_t c = 0;
		for (size_t j = 0; j < ws->n; j++)
			c += ws->w[j] == ws->w[i];
		if (c > bc || (c == bc && ws->w[i] > best)) {
			bc = c;
			best = ws->w[i];
		}
	}
	*count = bc;
	return best;
}

static void dialect_of(const char *head, size_t n, unsigned char *delim, int *header_row)
{
	static const unsigned char cands[] = { ',', ';', '\t', '|' };
	size_t best = 0;
	*delim = ',';
	*header_row = 1;
	for (size_t c = 0; c < sizeof(cands); c++) {
		struct widths ws = { .n = 0 };
		struct csv_dialect d = { .delim = cands[c] };
		char *err = NULL;
		csvread_buffer(head, n, &d, width_cb, &ws, NULL, &err);
		free(err);
		size_t count, w = mode_width(&ws, &count);
		size_t score = w > 1 ? count * 1000 + (w < 1000 ? w : 999) : 0;
		if (score > best) {
			best = score;
			*delim = cands[c];
			*header_row = 1;
			/* the first record of that width with (nearly) every cell
			 * filled: a title line padded with delimiters is not it */
			for (size_t i = 0; i < ws.n; i++)
				if (ws.w[i] == w && ws.filled[i] * 5 >= w * 4) {
					*header_row = (int)i + 1;
					break;
				}
		}
	}
}

/* ---- reading ----------------------------------------------------------- */

struct colstat {
	size_t ints, nums, clocks, bools, long_cells, digits, blanks;
	size_t hours_over;   /* clock cells of 24 hours or more */
	size_t nvalue;
	struct sniff_value value[SNIFF_DISTINCT_MAX];
	int many;
};

struct reader {
	struct sniff *s;
	struct colstat *st;
	size_t records;      /* records seen, header included */
	size_t missing_q, missing_nb, missing_na, missing_null, cells;
};

static int all_digits(const char *p, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	return 1;
}

static int is_number(const char *p, size_t n)
{
	size_t i = 0, d = 0, sep = 0;
	if (i < n && (p[i] == '-' || p[i] == '+'))
		i++;
	for (; i < n; i++) {
		if (isdigit((unsigned char)p[i]))
			d++;
		else if ((p[i] == '.' || p[i] == ',') && !sep)
			sep++;
		else
			return 0;
	}
	return d > 0;
}

/* "8:30", "08:30:15", "649:04:52"; *hours_over set when the hours reach 24. */
static int is_clock(const char *p, size_t n, int *hours_over)
{
	size_t i = 0;
	while (i < n && isdigit((unsigned char)p[i]))
		i++;
	if (!i || i > 4 || i >= n || p[i] != ':')
		return 0;
	int parts = 0;
	while (i < n && p[i] == ':') {
		if (i + 2 >= n + 1 || !isdigit((unsigned char)p[i + 1]) ||
		    !isdigit((unsigned char)p[i + 2]))
			return 0;
		i += 3;
		parts++;
	}
	if (i != n || parts > 2)
		return 0;
	*hours_over = strtol(p, NULL, 10) >= 24;
	return 1;
}

static int is_bool(const char *p, size_t n)
{
	static const char *const w[] = { "yes", "no", "true", "false", "y", "n", NULL };
	for (const char *const *x = w; *x; x++)
		if (strlen(*x) == n && !strncasecmp(*x, p, n))
			return 1;
	return 0;
}

static void count_value(struct colstat *cs, const char *p, size_t n)
{
	if (cs->many)
		return;
	for (size_t i = 0; i < cs->nvalue; i++)
		if (strlen(cs->value[i].text) == n && !memcmp(cs->value[i].text, p, n)) {
			cs->value[i].count++;
			return;
		}
	if (cs->nvalue == SNIFF_DISTINCT_MAX) {
		cs->many = 1;
		return;
	}
	cs->value[cs->nvalue].text = xstrndup(p, n);
	cs->value[cs->nvalue++].count = 1;
}

static int missing_marker(const char *p, size_t n)
{
	return (n == 1 && p[0] == '?') || (n == 4 && !memcmp(p, "#N/B", 4)) ||
	       (n == 4 && !memcmp(p, "#N/A", 4)) || (n == 4 && !memcmp(p, "NULL", 4));
}

static int read_cb(const struct csvread_row *r, void *ctx)
{
	struct reader *rd = ctx;
	struct sniff *s = rd->s;
	if (r->syntax)
		return 0;
	rd->records = r->record;
	if ((int)r->record < s->header_row)
		return 0;
	if ((int)r->record == s->header_row) {
		s->ncol = r->n;
		s->col = xcalloc(r->n ? r->n : 1, sizeof(*s->col));
		rd->st = xcalloc(r->n ? r->n : 1, sizeof(*rd->st));
		for (size_t i = 0; i < r->n; i++) {
			const char *b;
			size_t n = str_trim_span(r->f[i], r->len[i], &b);
			s->col[i].name = xstrndup(b, n);
		}
		return 0;
	}
	if (!s->col)
		return 0;
	s->rows++;
	int keep = s->nsample < SNIFF_SAMPLE;
	if (keep) {
		s->sample = xreallocarray(s->sample, s->nsample + 1, sizeof(*s->sample));
		s->sample[s->nsample] = xcalloc(s->ncol ? s->ncol : 1, sizeof(char *));
	}
	if (s->rows > SNIFF_STATS && !keep)
		return 0;
	for (size_t i = 0; i < s->ncol; i++) {
		const char *b = "";
		size_t n = i < r->n ? str_trim_span(r->f[i], r->len[i], &b) : 0;
		if (n && missing_marker(b, n)) {
			rd->missing_q += b[0] == '?';
			rd->missing_nb += b[0] == '#' && b[3] == 'B';
			rd->missing_na += b[0] == '#' && b[3] == 'A';
			rd->missing_null += b[0] == 'N';
			n = 0;
		}
		if (keep)
			s->sample[s->nsample][i] = xstrndup(b, n);
		if (s->rows > SNIFF_STATS)
			continue;
		rd->cells++;
		struct colstat *cs = &rd->st[i];
		if (!n)
			continue;
		s->col[i].filled++;
		int over = 0;
		cs->ints += all_digits(b, n);
		cs->nums += is_number(b, n);
		if (is_clock(b, n, &over)) {
			cs->clocks++;
			cs->hours_over += over;
		}
		cs->bools += is_bool(b, n);
		cs->long_cells += n > 32;
		cs->blanks += memchr(b, ' ', n) != NULL;
		for (size_t k = 0; k < n; k++)
			if (isdigit((unsigned char)b[k])) {
				cs->digits++;
				break;
			}
		count_value(cs, b, n);
	}
	if (keep)
		s->nsample++;
	return 0;
}

static int cmp_value(const void *a, const void *b)
{
	const struct sniff_value *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* 1 when the lower-cased header name contains one of words (NULL-ended). */
static int name_has(const char *name, const char *const *words)
{
	char low[200];
	size_t n = strlen(name);
	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[n] = '\0';
	for (; *words; words++)
		if (strstr(low, *words))
			return 1;
	return 0;
}

static const char *const duration_words[] = { "duration", "hours", "spent", "effort", "worked",
	NULL };

/*
 * timeguess_cells, and when it reads too few: the same with a fraction of
 * a second every cell ends in cut off (".000"), written back into the
 * format as literal text when it is the same in every cell.
 */
static int guess_time(char **cells, size_t n, struct timeguess *g)
{
	if (timeguess_cells((const char *const *)cells, n, g) == 0 && g->parsed * 100 >= g->total * 98)
		return 0;
	const char *frac = NULL;
	size_t flen = 0;
	for (size_t i = 0; i < n; i++) {
		const char *dot = strrchr(cells[i], '.');
		if (!dot || !dot[1] || !all_digits(dot + 1, strlen(dot + 1)) || dot - cells[i] < 8)
			return -1;
		if (!frac) {
			frac = dot;
			flen = strlen(dot);
		} else if (strcmp(frac, dot)) {
			return -1;
		}
	}
	if (!frac || flen > 10)
		return -1;
	char **cut = xcalloc(n, sizeof(*cut));
	for (size_t i = 0; i < n; i++)
		cut[i] = xstrndup(cells[i], strlen(cells[i]) - flen);
	int rc = timeguess_cells((const char *const *)cut, n, g);
	for (size_t i = 0; i < n; i++)
		free(cut[i]);
	free(cut);
	if (rc < 0 || g->parsed * 100 < g->total * 98 || !strcmp(g->format, "iso8601"))
		return -1;
	size_t len = strlen(g->format);
	if (len + flen >= sizeof(g->format))
		return -1;
	memcpy(g->format + len, frac, flen + 1);
	str_copy(g->example, sizeof(g->example), cells[0], strlen(cells[0]));
	return 0;
}

static void classify(struct sniff *s, struct reader *rd)
{
	size_t ncells = s->nsample;
	char **cells = xcalloc(ncells ? ncells : 1, sizeof(*cells));
	for (size_t i = 0; i < s->ncol; i++) {
		struct sniff_column *c = &s->col[i];
		struct colstat *cs = &rd->st[i];
		size_t f = c->filled;
		memcpy(c->value, cs->value, sizeof(c->value));
		c->nvalue = cs->nvalue;
		c->many = cs->many;
		qsort(c->value, c->nvalue, sizeof(c->value[0]), cmp_value);
		if (!f) {
			c->type = SNIFF_EMPTY;
			continue;
		}
		int dur_name = name_has(c->name, duration_words);
		if (cs->clocks == f) {
			c->type = dur_name || cs->hours_over ? SNIFF_DURATION : SNIFF_CLOCK;
			continue;
		}
		if (cs->bools == f) {
			c->type = SNIFF_BOOL;
			continue;
		}
		if (cs->nums == f && dur_name) {
			c->type = SNIFF_DURATION;
			continue;
		}
		/* times: what timeguess reads in (nearly) every cell */
		size_t n = sniff_cells(s, (int)i, -1, cells, ncells);
		if (cs->ints < f && cs->digits == f && n && guess_time(cells, n, &c->tg) == 0) {
			int has_time = strchr(c->tg.format, 'H') || strchr(c->tg.format, 'I') ||
				       (!strcmp(c->tg.format, "iso8601") && strchr(c->tg.example, ':'));
			c->type = has_time ? SNIFF_TIME : SNIFF_DATE;
			continue;
		}
		memset(&c->tg, 0, sizeof(c->tg));
		if (cs->digits == f && !cs->long_cells && (c->many || c->nvalue == f) &&
		    cs->nums < f)
			c->type = SNIFF_ID;
		else if (cs->ints == f && (c->many || c->nvalue == f))
			c->type = SNIFF_ID;
		else if (cs->nums == f)
			c->type = SNIFF_NUMBER;
		else
			c->type = SNIFF_TEXT;
	}
	free(cells);
	size_t most = rd->missing_q, which = 0;
	if (rd->missing_nb > most) {
		most = rd->missing_nb;
		which = 1;
	}
	if (rd->missing_na > most) {
		most = rd->missing_na;
		which = 2;
	}
	if (rd->missing_null > most) {
		most = rd->missing_null;
		which = 3;
	}
	if (most && most * 200 >= rd->cells)
		s->missing = xstrdup((const char *[]){ "?", "#N/B", "#N/A", "NULL" }[which]);
}

struct sniff *sniff_file(const char *path, char **err)
{
	int fd = file_open_regular(path, FILE_NO_CAP, NULL, err);
	FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!fp) {
		if (fd >= 0) {
			*err = xasprintf("cannot open '%s': %s", path, strerror(errno));
			close(fd);
		}
		return NULL;
	}
	char *head = xmalloc(HEAD_BYTES);
	size_t n = fread(head, 1, HEAD_BYTES, fp);
	fclose(fp);
	if (!n) {
		free(head);
		*err = xasprintf("'%s' is empty", path);
		return NULL;
	}
	struct sniff *s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->encoding = encoding_of((const unsigned char *)head, n, &s->bom);
	size_t cut = n;
	if (n == HEAD_BYTES)
		while (cut > 0 && head[cut - 1] != '\n')
			cut--;
	size_t skip = s->bom ? 3 : 0;
	dialect_of(head + skip, cut > skip ? cut - skip : 0, &s->delimiter, &s->header_row);
	free(head);

	struct reader rd = { .s = s };
	struct csv_dialect d = { .delim = s->delimiter, .charset = iconv_name(s->encoding),
				 .header = (size_t)s->header_row };
	if (csvread_file(path, &d, read_cb, &rd, NULL, err) < 0 || !s->col) {
		if (!*err)
			*err = xasprintf("'%s' has no header row", path);
		if (rd.st)
			for (size_t i = 0; i < s->ncol; i++)
				for (size_t k = 0; k < rd.st[i].nvalue; k++)
					free(rd.st[i].value[k].text);
		free(rd.st);
		sniff_free(s);
		return NULL;
	}
	classify(s, &rd);
	free(rd.st);
	return s;
}

void sniff_free(struct sniff *s)
{
	if (!s)
		return;
	for (size_t r = 0; r < s->nsample; r++) {
		for (size_t i = 0; i < s->ncol; i++)
			free(s->sample[r][i]);
		free(s->sample[r]);
	}
	free(s->sample);
	for (size_t i = 0; i < s->ncol; i++) {
		free(s->col[i].name);
		for (size_t k = 0; k < s->col[i].nvalue; k++)
			free(s->col[i].value[k].text);
	}
	free(s->col);
	free(s->missing);
	free(s->path);
	free(s);
}

size_t sniff_cells(const struct sniff *s, int c, int j, char **buf, size_t n)
{
	size_t k = 0;
	for (size_t r = 0; r < s->nsample && k < n; r++) {
		const char *a = s->sample[r][c];
		if (!*a)
			continue;
		if (j >= 0) {
			free(buf[k]);
			buf[k] = xasprintf("%s %s", a, s->sample[r][j]);
		} else {
			buf[k] = (char *)a;
		}
		k++;
	}
	return k;
}

/* ---- mapping ----------------------------------------------------------- */

/*
 * Header words for each field, best first: a whole-name match scores
 * more than a word inside the name.
 */
static const char *const *field_words(enum field f)
{
	static const char *const id[] = { "ticket id", "ticket number", "incident number",
		"incident id", "case id", "issue key", "problem number", "request id", "number",
		"id", "key", "ref", "reference", "ticket", "case", NULL };
	static const char *const opened[] = { "opened_at", "open_dt", "created time",
		"created date", "date created", "created at", "created", "opening date", "opened",
		"date logged", "logged", "call date", "open time", "submitted", "reported", "open",
		NULL };
	static const char *const responded[] = { "first responded", "initial response time",
		"first response", "response date", "responded", NULL };
	static const char *const resolved[] = { "resolved_at", "resolved time", "resolution date",
		"resolved", "solved at", "solved", "completed date", "completed", "fixed", NULL };
	static const char *const closed[] = { "closed_at", "closed_dt", "closed time",
		"closing date", "date closed", "close time", "closed", "close", NULL };
	static const char *const at[] = { "sys_updated_at", "timestamp", "date+time",
		"change date", "event time", "updated", "start date", "date", "time", "start",
		NULL };
	static const char *const status[] = { "incident_state", "sub status", "status", "state",
		"activity", "stage", NULL };
	static const char *const priority[] = { "priority", "impact", "severity", "seriousness",
		"urgency", NULL };
	static const char *const summary[] = { "short_description", "summary", "subject",
		"title", "brief description", "case_title", "description", NULL };
	static const char *const category[] = { "category", "type", "product", "topic", NULL };
	static const char *const assignee[] = { "assigned_to", "assignee", "assigned",
		"agent", "technician", "engineer", "operator", "resource", "owner", "queue", NULL };
	static const char *const caller[] = { "caller", "requester", "reporter", "end-user",
		"contact", "customer", "from", "source", NULL };
	static const char *const service[] = { "assignment_group", "group", "team",
		"department", "service", NULL };
	static const char *const hours[] = { "duration", "hours", "time spent", "spent",
		"effort", NULL };
	static const char *const description[] = { "description", "details", "notes",
		"comment", "task", "project", NULL };
	static const char *const who[] = { "user", "who", "engineer", "technician", "name",
		"person", NULL };
	static const char *const onsite[] = { "on site", "onsite", "on-site", "location",
		NULL };
	static const char *const code[] = { "code", "activity code", "task code", NULL };
	static const char *const ticket[] = { "ticket", "incident", "case", NULL };
	static const char *const none[] = { NULL };
	switch (f) {
	case FIELD_ID: return id;
	case FIELD_OPENED: return opened;
	case FIELD_RESPONDED: return responded;
	case FIELD_RESOLVED: return resolved;
	case FIELD_CLOSED: return closed;
	case FIELD_AT: return at;
	case FIELD_STATUS: return status;
	case FIELD_PRIORITY: return priority;
	case FIELD_SUMMARY: return summary;
	case FIELD_CATEGORY: return category;
	case FIELD_ASSIGNEE: return assignee;
	case FIELD_CALLER: return caller;
	case FIELD_SERVICE: return service;
	case FIELD_HOURS: return hours;
	case FIELD_DESCRIPTION: return description;
	case FIELD_WHO: return who;
	case FIELD_ONSITE: return onsite;
	case FIELD_CODE: return code;
	case FIELD_TICKET: return ticket;
	default: return none;
	}
}

static int is_time_field(enum field f)
{
	return f == FIELD_OPENED || f == FIELD_RESPONDED || f == FIELD_RESOLVED ||
	       f == FIELD_CLOSED || f == FIELD_AT;
}

/* How well column c fits field f: 0 not at all, more is better. */
static int fit(const struct sniff *s, int c, enum field f, enum feed_kind k)
{
	const struct sniff_column *col = &s->col[c];
	char low[200];
	size_t n = strlen(col->name);
	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)col->name[i]);
	low[n] = '\0';
	int words = 0, rank = 0;
	for (const char *const *w = field_words(f); *w; w++, rank++)
		if (!strcmp(low, *w)) {
			words = 200 - rank;
			break;
		} else if (!words && strstr(low, *w)) {
			/* a word inside the name: "Ticket ID" for id, "Problem Sub Status" */
			words = 100 - rank;
		}
	enum sniff_type t = col->type;
	if (t == SNIFF_EMPTY)
		return 0;
	if (is_time_field(f)) {
		if (t != SNIFF_TIME && t != SNIFF_DATE)
			return 0;
		return words ? words + (t == SNIFF_TIME) : (f == FIELD_AT || f == FIELD_OPENED) ? 5 : 0;
	}
	if (t == SNIFF_TIME || t == SNIFF_DATE || t == SNIFF_CLOCK)
		return 0;
	switch (f) {
	case FIELD_ID:
		if (k == KIND_TICKETS && t == SNIFF_ID)
			return words + 20;
		if (k == KIND_TICKET_EVENTS && (t == SNIFF_ID || t == SNIFF_TEXT) && (col->many ||
		    col->nvalue > 1) && words)
			return words + 10;
		return words && t != SNIFF_BOOL ? words : t == SNIFF_ID ? 3 : 0;
	case FIELD_STATUS:
	case FIELD_PRIORITY:
		/* a short list of words */
		if (col->many || t == SNIFF_BOOL || t == SNIFF_DURATION)
			return 0;
		return words ? words + 5 : 0;
	case FIELD_HOURS:
		return t == SNIFF_DURATION || (t == SNIFF_NUMBER && words) ? words + 10 : 0;
	case FIELD_SUMMARY:
	case FIELD_DESCRIPTION:
		return t == SNIFF_TEXT && words ? words + (col->many ? 5 : 0) : 0;
	default:
		return (t == SNIFF_TEXT || t == SNIFF_ID || t == SNIFF_NUMBER) ? words : 0;
	}
}

/* The format the mapped time columns share, from the first in field order. */
static void time_of(const struct sniff *s, struct sniff_map *m)
{
	static const enum field order[] = { FIELD_AT, FIELD_OPENED, FIELD_RESOLVED, FIELD_CLOSED,
		FIELD_RESPONDED };
	str_copy(m->time_format, sizeof(m->time_format), "iso8601", 7);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int c = m->col[order[i]];
		if (c < 0)
			continue;
		int j = m->join[order[i]];
		struct timeguess g = s->col[c].tg;
		if (j >= 0) {
			char **cells = xcalloc(s->nsample + 1, sizeof(*cells));
			size_t n = sniff_cells(s, c, j, cells, s->nsample);
			if (timeguess_cells((const char *const *)cells, n, &g) < 0)
				g = s->col[c].tg;
			for (size_t k = 0; k < n; k++)
				free(cells[k]);
			free(cells);
		}
		str_copy(m->time_format, sizeof(m->time_format), g.format, strlen(g.format));
		str_copy(m->example, sizeof(m->example), g.example, strlen(g.example));
		m->ambiguous = g.ambiguous;
		return;
	}
}

int sniff_map_kind(const struct sniff *s, enum feed_kind k, struct sniff_map *m)
{
	int used[1024];
	memset(used, 0, sizeof(used));
	for (int f = 0; f < FIELD_COUNT; f++)
		m->col[f] = m->join[f] = -1;
	m->time_format[0] = m->example[0] = '\0';
	m->ambiguous = 0;
	/* greedy: the best (field, column) pair first, each column once */
	for (;;) {
		int bf = -1, bc = -1, bs = 0;
		for (int f = 0; f < FIELD_COUNT; f++) {
			if (m->col[f] >= 0 || !fields_allowed(k, (enum field)f))
				continue;
			for (size_t c = 0; c < s->ncol && c < 1024; c++) {
				if (used[c])
					continue;
				int sc = fit(s, (int)c, (enum field)f, k);
				/* required fields go first on a tie */
				sc = sc * 4 + (sc && fields_required(k, (enum field)f) ? 2 : 0);
				if (sc > bs) {
					bs = sc;
					bf = f;
					bc = (int)c;
				}
			}
		}
		if (bf < 0)
			break;
		m->col[bf] = bc;
		used[bc] = 1;
	}
	/* a date column and its time-of-day column: "Start date" + "Start time" */
	for (int f = 0; f < FIELD_COUNT; f++) {
		int c = m->col[f];
		if (c < 0 || !is_time_field((enum field)f) || s->col[c].type != SNIFF_DATE)
			continue;
		const char *name = s->col[c].name;
		const char *dw = strstr(name, "date");
		if (!dw)
			dw = strstr(name, "Date");
		for (size_t j = 0; j < s->ncol && j < 1024 && dw; j++) {
			const char *o = s->col[j].name;
			if (used[j] || s->col[j].type != SNIFF_CLOCK)
				continue;
			size_t pre = (size_t)(dw - name);
			if (!strncmp(o, name, pre) && !strcasecmp(o + pre, "time")) {
				m->join[f] = (int)j;
				used[j] = 1;
				break;
			}
		}
	}
	time_of(s, m);
	int missing = 0;
	for (int f = 0; f < FIELD_COUNT; f++)
		missing += fields_required(k, (enum field)f) && m->col[f] < 0;
	return missing;
}
