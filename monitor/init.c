/*
 * init — `fitsmon presets` and `fitsmon init` (include/init.h).
 */
#include "init.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "fields.h"
#include "ini.h"
#include "sniff.h"
#include "timefmt.h"
#include "util.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the presets in dir (NAME of each NAME.conf), sorted; NULL-terminated. */
static char **preset_names(const char *dir, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len <= 5 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".conf"))
			continue;
		VEC_GROW(v, *n, cap, *n + 2);
		v[(*n)++] = xstrndup(de->d_name, len - 5);
	}
	closedir(d);
	if (v) {
		qsort(v, *n, sizeof(*v), cmp_str);
		v[*n] = NULL;
	}
	return v;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int cmd_presets(struct opts *o, int argc, char **argv)
{
	(void)o;
	if (argc > 0) {
		fprintf(stderr, "fitsmon: presets: unexpected argument '%s'\n", argv[0]);
		return EX_USAGE;
	}
	char *dir = config_preset_dir();
	size_t n;
	char **names = preset_names(dir, &n);
	if (!n) {
		fprintf(stderr, "fitsmon: presets: no presets in %s -- set FITSMON_PRESETS to "
			"the folder that holds them\n", dir);
		free(dir);
		return EX_CONFIG;
	}
	int rc = 0;
	printf("presets in %s (use one with [feed] preset = NAME):\n", dir);
	for (size_t i = 0; i < n; i++) {
		char *file = xasprintf("%s/%s.conf", dir, names[i]);
		char *err = NULL;
		struct ini *ini = config_preset_load(file, &err);
		if (!ini) {
			fprintf(stderr, "fitsmon: presets: %s\n", err);
			free(err);
			rc = EX_CONFIG;
		} else {
			const struct ini_entry *t = ini_get(&ini->s[0], "title");
			const struct ini_entry *k = ini_get(&ini->s[0], "kind");
			printf("  %-24s %s%s%s%s\n", names[i], t ? t->value : "",
			       k ? " [kind = " : "", k ? k->value : "", k ? "]" : "");
		}
		ini_free(ini);
		free(file);
	}
	free_names(names, n);
	free(dir);
	return rc;
}

/* ---- init ---------------------------------------------------------------- */

struct source {
	const char *opt;         /* --tickets, --events, --log */
	const char *file;
	enum feed_kind kind;
	const char *id;          /* the [feed] name */
	struct sniff *sn;
	struct sniff_map map;
	char *preset;            /* a preset whose columns the header has, or NULL */
	struct ini *pini;
	char *url;
};

/* The header index of name (exact, then ignoring case), or -1. */
static int header_index(const struct sniff *sn, const char *name)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < sn->ncol; i++)
			if (pass ? str_ieq(sn->col[i].name, name) : !strcmp(sn->col[i].name, name))
				return (int)i;
	return -1;
}

/* 1 when the header has column name, or each part of "A + B". */
static int has_column(const struct sniff *sn, const char *name)
{
	if (header_index(sn, name) >= 0)
		return 1;
	const char *plus = strstr(name, " + ");
	if (!plus)
		return 0;
	char *a = xstrndup(name, (size_t)(plus - name));
	int in = header_index(sn, a) >= 0 && has_column(sn, plus + 3);
	free(a);
	return in;
}

/* Preset column names of kind k that the header has / that the preset maps. */
static void preset_fit(const struct ini_section *ps, const struct sniff *sn, enum feed_kind k,
		       int *have, int *total, int *required_missing)
{
	*have = *total = *required_missing = 0;
	int req[FIELD_COUNT] = { 0 };
	for (size_t i = 0; i < ps->n; i++) {
		const struct ini_entry *e = &ps->e[i];
		if (strncmp(e->key, "column.", 7))
			continue;
		int f = fields_parse(e->key + 7);
		if (f < 0 || !fields_allowed(k, (enum field)f))
			continue;
		int in = has_column(sn, e->value);
		(*total)++;
		*have += in;
		if (in)
			req[f] = 1;
	}
	for (int f = 0; f < FIELD_COUNT; f++)
		if (fields_required(k, (enum field)f) && !req[f])
			(*required_missing)++;
}

/* The preset that fits the header best: every required column, and most of the rest. */
static void find_preset(struct source *src)
{
	char *dir = config_preset_dir();
	size_t n;
	char **names = preset_names(dir, &n);
	double best = 0;
	for (size_t i = 0; i < n; i++) {
		char *file = xasprintf("%s/%s.conf", dir, names[i]);
		char *err = NULL;
		struct ini *ini = config_preset_load(file, &err);
		free(file);
		free(err);
		if (!ini)
			continue;
		const struct ini_entry *k = ini_get(&ini->s[0], "kind");
		int kk = k ? fields_kind_parse(k->value) : -1;
		int have, total, reqmiss;
		preset_fit(&ini->s[0], src->sn, src->kind, &have, &total, &reqmiss);
		double share = total ? (double)have / total : 0;
		if ((kk < 0 || kk == (int)src->kind) && !reqmiss && have >= 3 && share >= 0.6 &&
		    share > best) {
			best = share;
			free(src->preset);
			ini_free(src->pini);
			src->preset = xstrdup(names[i]);
			src->pini = ini;
			continue;
		}
		ini_free(ini);
	}
	free_names(names, n);
	free(dir);
}

/* 1 when every sample cell of column c (joined with j) parses with fmt. */
static int format_reads(const struct sniff *sn, int c, int j, const char *fmt)
{
	char **cells = xcalloc(sn->nsample + 1, sizeof(*cells));
	size_t n = sniff_cells(sn, c, j, cells, sn->nsample);
	int ok = n > 0;
	for (size_t i = 0; i < n && ok; i++) {
		int64_t t;
		ok = timefmt_parse(cells[i], fmt, NULL, &t) == 0;
	}
	if (j >= 0)
		for (size_t i = 0; i < n; i++)
			free(cells[i]);
	free(cells);
	return ok;
}

/* Lower-case word w at the start of s or after a blank. */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = s; *p; p++)
		if ((p == s || p[-1] == ' ' || p[-1] == '-' || p[-1] == '_') && !strncasecmp(p, w, n))
			return 1;
	return 0;
}

enum st { ST_OTHER, ST_NEW, ST_RESOLVED, ST_PAUSE };

static enum st status_kind(const char *v)
{
	static const char *const nw[] = { "new", "open", "logged", "insert", "queued",
		"awaiting assignment", "unassigned", "submitted", "registered", "waiting for support",
		NULL };
	static const char *const rw[] = { "resolv", "closed", "close", "solved", "complete",
		"done", "cancel", "fixed", "verified", "invalid", "duplicate", "rejected", NULL };
	static const char *const pw[] = { "wait", "pending", "hold", "awaiting", "with user",
		"with supplier", "with customer", "suspend", NULL };
	for (const char *const *w = nw; *w; w++)
		if (has_word(v, *w))
			return ST_NEW;
	for (const char *const *w = rw; *w; w++)
		if (has_word(v, *w))
			return ST_RESOLVED;
	for (const char *const *w = pw; *w; w++)
		if (has_word(v, *w))
			return ST_PAUSE;
	return ST_OTHER;
}

/* A value as a PCRE2 literal: metacharacters escaped. */
static void pattern_literal(struct strbuf *sb, const char *v)
{
	for (; *v; v++) {
		if (strchr("\\^$.|?*+()[]{}", *v))
			sb_putc(sb, '\\');
		sb_putc(sb, *v);
	}
}

/* Urgency rank of a priority value by its words (1 most urgent), 0 when none says. */
static int word_rank(const char *v)
{
	static const struct { const char *w; int r; } words[] = {
		{ "very low", 5 }, { "lowest", 5 }, { "planning", 5 }, { "critical", 1 },
		{ "urgent", 1 }, { "emergency", 1 }, { "major", 1 }, { "highest", 1 },
		{ "very high", 1 }, { "high", 2 }, { "medium", 3 }, { "moderate", 3 },
		{ "normal", 3 }, { "low", 4 },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (has_word(v, words[i].w))
			return words[i].r;
	return 0;
}

/* Urgency rank of a priority value: lower is more urgent (a number in it, else its words). */
static int priority_rank(const char *v)
{
	for (const char *p = v; *p; p++)
		if (isdigit((unsigned char)*p))
			return (int)strtol(p, NULL, 10);
	int r = word_rank(v);
	return r ? r : 3;
}

static const struct { const char *respond, *resolve, *target, *what; } targets[] = {
	{ "30m", "4h", "95%", "the whole school or a key system down (typical: respond 15-60 min, fix 4-6 h)" },
	{ "2h", "8h", "90%", "a class or lesson stopped (typical: respond 1-2 h, fix 8 h)" },
	{ "4h", "24h", "90%", "one user affected (typical: respond 2-4 h, fix 1-3 days)" },
	{ "8h", "40h", "90%", "a request (typical: respond 1 day, fix 5 days)" },
};

static int cmp_rank(const void *a, const void *b)
{
	const struct sniff_value *x = a, *y = b;
	int rx = priority_rank(x->text), ry = priority_rank(y->text);
	return rx != ry ? (rx < ry ? -1 : 1) : strcmp(x->text, y->text);
}

static void slug(char *out, size_t size, const char *v)
{
	size_t n = 0;
	for (const char *p = v; *p && n + 1 < size; p++) {
		if (isalnum((unsigned char)*p))
			out[n++] = (char)tolower((unsigned char)*p);
		else if (n && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (!n)
		str_copy(out, size, "blank", 5);
}

/* The [sla] sections: one per priority of the first feed that has a priority column. */
static void write_slas(struct strbuf *sb, struct source *src, size_t nsrc, struct strbuf *said)
{
	const struct sniff_column *pc = NULL;
	for (size_t i = 0; i < nsrc && !pc; i++)
		if (src[i].kind != KIND_ACTIVITIES && src[i].map.col[FIELD_PRIORITY] >= 0)
			pc = &src[i].sn->col[src[i].map.col[FIELD_PRIORITY]];
	int any_tickets = 0;
	for (size_t i = 0; i < nsrc; i++)
		any_tickets |= src[i].kind != KIND_ACTIVITIES;
	if (!any_tickets)
		return;
	sb_puts(sb, "\n# Service levels.  CHECK every target against the contract: the numbers\n"
		    "# below are typical UK school targets (FITS OM leaves them to the school),\n"
		    "# counted round the clock.  An [sla] takes the tickets its `when` matches;\n"
		    "# the first that matches wins, in file order.\n");
	if (!pc || pc->many || !pc->nvalue) {
		sb_printf(sb, "\n[sla \"all\"]\nsupplier = supplier\nrespond  = %s\nresolve  = %s\n"
			  "target   = %s\n", targets[2].respond, targets[2].resolve, targets[2].target);
		sb_puts(said, "  one [sla] for every ticket: no priority column with a few values\n");
		return;
	}
	struct sniff_value v[SNIFF_DISTINCT_MAX];
	size_t n = pc->nvalue;
	memcpy(v, pc->value, n * sizeof(v[0]));
	qsort(v, n, sizeof(v[0]), cmp_rank);
	sb_printf(said, "  one [sla] per priority in '%s', most urgent first:", pc->name);
	for (size_t i = 0; i < n; i++) {
		/* the targets: by the word when the value says how urgent
		 * (critical, high, medium, low), else by its place in the order */
		int wr = word_rank(v[i].text);
		size_t t = wr > 0 ? (size_t)(wr > 4 ? 4 : wr) - 1 : i < 4 ? i : 3;
		char id[48];
		slug(id, sizeof(id), v[i].text);
		sb_printf(sb, "\n# '%s' (%zu rows): %s.\n[sla \"%s\"]\nsupplier = supplier\n"
			  "when     = priority ~ ^", v[i].text, v[i].count, targets[t].what, id);
		pattern_literal(sb, v[i].text);
		sb_printf(sb, "$\nrespond  = %s         ; CHECK\nresolve  = %s         ; CHECK\n"
			  "target   = %s        ; CHECK: the share of tickets that must meet both\n",
			  targets[t].respond, targets[t].resolve, targets[t].target);
		sb_printf(said, "%s '%s'", i ? "," : "", v[i].text);
	}
	sb_printf(sb, "\n# Tickets with no priority, or one not seen in the sample.\n[sla \"other\"]\n"
		  "supplier = supplier\nrespond  = %s\nresolve  = %s\ntarget   = %s\n",
		  targets[3].respond, targets[3].resolve, targets[3].target);
	sb_puts(said, "\n");
}

static const char *delimiter_name(unsigned char d)
{
	return d == ';' ? "semicolon" : d == '\t' ? "tab" : d == '|' ? "pipe" : "comma";
}

/* Distinct values of column c as "'a' 3, 'b' 1" (at most 8). */
static void values_line(struct strbuf *sb, const struct sniff_column *c)
{
	for (size_t i = 0; i < c->nvalue && i < 8; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", c->value[i].text);
	if (c->many || c->nvalue > 8)
		sb_puts(sb, ", ...");
}

static void write_feed(struct strbuf *sb, struct source *src, struct strbuf *said)
{
	const struct sniff *sn = src->sn;
	struct sniff_map *m = &src->map;
	const struct ini_section *ps = src->pini ? &src->pini->s[0] : NULL;
	sb_printf(sb, "\n# %s: %zu rows, %zu columns (%s%s, %s-separated, header on row %d).\n",
		  src->file, sn->rows, sn->ncol, sn->encoding, sn->bom ? " with a byte-order mark" : "",
		  delimiter_name(sn->delimiter), sn->header_row);
	sb_printf(sb, "[feed \"%s\"]\nsupplier    = supplier\nkind        = %s\n", src->id,
		  fields_kind_name(src->kind));
	sb_printf(sb, "# CHECK: this is the sample you gave; put the supplier's export URL here\n"
		  "# (https://...) or the path where its file lands each night.\nurl         = %s\n",
		  src->url);
	sb_printf(said, "%s %s: %s feed, %zu rows; %s, %s-separated, header on row %d%s\n", src->opt,
		  src->file, fields_kind_name(src->kind), sn->rows, sn->encoding,
		  delimiter_name(sn->delimiter), sn->header_row, sn->bom ? ", byte-order mark" : "");
	if (ps) {
		const struct ini_entry *t = ini_get(ps, "title");
		sb_printf(sb, "# The header fits the preset '%s' (%s): it names the columns and\n"
			  "# status words below unless a key here says otherwise.\npreset      = %s\n",
			  src->preset, t ? t->value : src->preset, src->preset);
		sb_printf(said, "  preset: %s (the header has its columns)\n", src->preset);
	}
	/* dialect, when not the default (or not the preset's) */
	const struct ini_entry *pe;
	if (strcmp(sn->encoding, "utf-8"))
		sb_printf(sb, "encoding    = %s\n", sn->encoding);
	pe = ps ? ini_get(ps, "delimiter") : NULL;
	if (sn->delimiter != ',' || pe)
		sb_printf(sb, "delimiter   = %s\n", delimiter_name(sn->delimiter));
	if (sn->header_row != 1)
		sb_printf(sb, "header_row  = %d         ; the lines above it are a title\n",
			  sn->header_row);
	if (sn->missing) {
		sb_printf(sb, "missing     = %s           ; cells that mean \"no value\"\n", sn->missing);
		sb_printf(said, "  '%s' in many cells: read as no value (missing = %s)\n", sn->missing,
			  sn->missing);
	}
	/* the time format: the preset's when it reads the sample, else the guess */
	int tf = -1, tj = -1;
	static const enum field order[] = { FIELD_AT, FIELD_OPENED };
	for (size_t i = 0; i < 2 && tf < 0; i++)
		if (m->col[order[i]] >= 0) {
			tf = m->col[order[i]];
			tj = m->join[order[i]];
		}
	pe = ps ? ini_get(ps, "time_format") : NULL;
	if (tf >= 0 && !(pe && format_reads(sn, tf, tj, pe->value))) {
		sb_printf(sb, "time_format = %s   ; e.g. %s%s\n", m->time_format, m->example,
			  m->ambiguous ? "  CHECK: day/month or month/day? every date read "
					 "both ways; day/month assumed" : "");
		sb_printf(said, "  times: %s (e.g. %s)%s\n", m->time_format, m->example,
			  m->ambiguous ? " -- CHECK: day/month or month/day is undecided, "
					 "day/month assumed" : "");
	}
	int offset = strstr(m->time_format, "%z") || (!strcmp(m->time_format, "iso8601") &&
		     (strchr(m->example, 'Z') || strchr(m->example + (strlen(m->example) > 10 ? 10 : 0), '+')));
	if (!offset) {
		sb_puts(sb, "# CHECK: the times carry no zone; they are read in the school's\n"
			    "# (Europe/London).  Say timezone = ... if the export's clock is elsewhere.\n");
		sb_puts(said, "  CHECK: the times carry no time zone; the school's is assumed\n");
	}
	/* columns: the preset's where the header has them, else the guess */
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!fields_allowed(src->kind, (enum field)f))
			continue;
		char key[40];
		snprintf(key, sizeof(key), "column.%s", fields_name((enum field)f));
		pe = ps ? ini_get(ps, key) : NULL;
		int c = m->col[f], j = m->join[f];
		if (pe && has_column(sn, pe->value))
			continue;   /* the preset's column is there */
		if (c < 0)
			continue;
		struct strbuf name = STRBUF_INIT;
		sb_puts(&name, sn->col[c].name);
		if (j >= 0)
			sb_printf(&name, " + %s", sn->col[j].name);
		sb_printf(sb, "%-16s = %s", key, name.buf);
		const struct sniff_column *col = &sn->col[c];
		if (f == FIELD_PRIORITY || f == FIELD_STATUS || f == FIELD_CATEGORY) {
			sb_puts(sb, "   ; ");
			values_line(sb, col);
		} else {
			sb_printf(sb, "   ; %s", sniff_type_name(col->type));
		}
		sb_putc(sb, '\n');
		sb_printf(said, "  column.%s = %s (%s)\n", fields_name((enum field)f), name.buf,
			  sniff_type_name(col->type));
		sb_release(&name);
	}
	if (src->kind != KIND_TICKET_EVENTS)
		return;
	/* status words: new, resolved, pause */
	int sc = m->col[FIELD_STATUS];
	const struct sniff_column *col = &sn->col[sc];
	struct strbuf lists[4] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	for (size_t i = 0; i < col->nvalue; i++) {
		enum st k = status_kind(col->value[i].text);
		if (lists[k].len)
			sb_puts(&lists[k], ", ");
		sb_puts(&lists[k], col->value[i].text);
	}
	if (!lists[ST_NEW].len) {
		/* the status most tickets start with */
		int idc = m->col[FIELD_ID];
		const char *first = NULL;
		size_t best = 0;
		for (size_t i = 0; i < col->nvalue; i++) {
			size_t cnt = 0;
			const char *prev = NULL;
			for (size_t r = 0; r < sn->nsample; r++) {
				const char *id = sn->sample[r][idc];
				if (!prev || strcmp(prev, id))
					cnt += !strcmp(sn->sample[r][sc], col->value[i].text);
				prev = id;
			}
			if (cnt > best) {
				best = cnt;
				first = col->value[i].text;
			}
		}
		sb_puts(&lists[ST_NEW], first ? first : "New");
	}
	sb_printf(sb, "# CHECK the status words (all seen: ");
	values_line(sb, col);
	sb_printf(sb, ").\n# new: not yet answered; resolved: done; pause: waiting on the school\n"
		  "# (stops the clocks: remove one if the contract says the clock runs).\n");
	sb_printf(sb, "new_status      = %s\nresolved_status = %s\npause_status    = %s\n",
		  lists[ST_NEW].buf, lists[ST_RESOLVED].len ? lists[ST_RESOLVED].buf : "Resolved, Closed",
		  lists[ST_PAUSE].len ? lists[ST_PAUSE].buf : "");
	sb_printf(said, "  CHECK statuses: new = %s; resolved = %s; pause = %s\n", lists[ST_NEW].buf,
		  lists[ST_RESOLVED].len ? lists[ST_RESOLVED].buf : "(none seen: Resolved, Closed)",
		  lists[ST_PAUSE].len ? lists[ST_PAUSE].buf : "(none)");
	for (int i = 0; i < 4; i++)
		sb_release(&lists[i]);
}

static int init_usage(const char *why, const char *arg)
{
	fprintf(stderr, "fitsmon: init: %s%s%s%s\nusage: fitsmon init [--tickets FILE] [--events FILE] "
		"[--log FILE] [-o FILE]\n", why, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	return EX_USAGE;
}

static void sources_free(struct source *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sniff_free(src[i].sn);
		free(src[i].preset);
		ini_free(src[i].pini);
		free(src[i].url);
	}
}

int cmd_init(struct opts *o, int argc, char **argv)
{
	(void)o;
	struct source src[3];
	size_t nsrc = 0;
	const char *out = "fitsmon.conf";
	memset(src, 0, sizeof(src));
	for (int i = 0; i < argc; i++) {
		static const struct { const char *opt, *id; enum feed_kind k; } kinds[] = {
			{ "--tickets", "tickets", KIND_TICKETS },
			{ "--events", "events", KIND_TICKET_EVENTS },
			{ "--log", "worklog", KIND_ACTIVITIES },
		};
		int k = -1;
		for (int j = 0; j < 3; j++)
			if (!strcmp(argv[i], kinds[j].opt))
				k = j;
		if (k < 0 && strcmp(argv[i], "-o") && strcmp(argv[i], "--output"))
			return init_usage("unknown argument", argv[i]);
		if (i + 1 >= argc)
			return init_usage("missing value for", argv[i]);
		if (k < 0) {
			out = argv[++i];
			continue;
		}
		for (size_t j = 0; j < nsrc; j++)
			if (src[j].kind == kinds[k].k)
				return init_usage("given twice:", argv[i]);
		src[nsrc].opt = kinds[k].opt;
		src[nsrc].id = kinds[k].id;
		src[nsrc].kind = kinds[k].k;
		src[nsrc++].file = argv[++i];
	}
	if (!nsrc)
		return init_usage("give at least one sample export: --tickets, --events or --log",
				  NULL);
	if (access(out, F_OK) == 0) {
		fprintf(stderr, "fitsmon: init: '%s' exists -- not overwritten (move it away, or "
			"give -o NEW-FILE)\n", out);
		return EX_CANTCREAT;
	}
	int rc = 0;
	for (size_t i = 0; i < nsrc && !rc; i++) {
		char *err = NULL;
		struct source *s = &src[i];
		s->sn = sniff_file(s->file, &err);
		if (!s->sn) {
			fprintf(stderr, "fitsmon: init: %s\n", err);
			free(err);
			rc = EX_NOINPUT;
			break;
		}
		char real[PATH_MAX];
		s->url = xstrdup(realpath(s->file, real) ? real : s->file);
		int missing = sniff_map_kind(s->sn, s->kind, &s->map);
		find_preset(s);
		if (missing && !s->preset) {
			fprintf(stderr, "fitsmon: init: %s: cannot tell which column is", s->file);
			const char *sep = " ";
			for (int f = 0; f < FIELD_COUNT; f++)
				if (fields_required(s->kind, (enum field)f) && s->map.col[f] < 0) {
					fprintf(stderr, "%scolumn.%s", sep, fields_name((enum field)f));
					sep = " or ";
				}
			fprintf(stderr, " -- a %s feed needs it; the header has:", fields_kind_name(s->kind));
			for (size_t c = 0; c < s->sn->ncol && c < 30; c++)
				fprintf(stderr, "%s %s (%s)", c ? "," : "", s->sn->col[c].name,
					sniff_type_name(s->sn->col[c].type));
			fputc('\n', stderr);
			rc = EX_DATAERR;
		}
	}
	if (rc) {
		sources_free(src, nsrc);
		return rc;
	}
	struct strbuf sb = STRBUF_INIT, said = STRBUF_INIT;
	sb_printf(&sb, "# fitsmon.conf, written by `fitsmon init` from ");
	for (size_t i = 0; i < nsrc; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", src[i].file);
	sb_puts(&sb, ".\n# Every guess is written out; lines marked CHECK are the ones to confirm.\n"
		     "# Then: fitsmon -c THIS-FILE validate --data   (see fitsmon.conf(5)).\n"
		     "#\n# Syntax: a line starting with ; or # is a comment, and so is anything\n"
		     "# after a space and a \";\".\n\n"
		     "[school]\nname     = Our school      ; CHECK: the school's name, as reports show it\n"
		     "timezone = Europe/London\n\n"
		     "[supplier \"supplier\"]\nname = Our ICT supplier   ; CHECK: the supplier's name\n");
	for (size_t i = 0; i < nsrc; i++)
		write_feed(&sb, &src[i], &said);
	write_slas(&sb, src, nsrc, &said);
	int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0) {
		fprintf(stderr, "fitsmon: init: cannot create '%s': %s\n", out, strerror(errno));
		rc = errno == EEXIST ? EX_CANTCREAT : EX_IOERR;
	} else {
		FILE *fp = fdopen(fd, "w");
		if (!fp || fwrite(sb.buf, 1, sb.len, fp) != sb.len || fclose(fp) != 0) {
			fprintf(stderr, "fitsmon: init: cannot write '%s': %s\n", out, strerror(errno));
			rc = EX_IOERR;
		}
	}
	if (!rc) {
		printf("What fitsmon guessed:\n%s", said.buf);
		printf("Wrote %s.  Check the lines marked CHECK (the school, the supplier, the\n"
		       "URL, the service levels), then run: fitsmon -c %s validate --data\n", out, out);
	}
	sb_release(&sb);
	sb_release(&said);
	sources_free(src, nsrc);
	return rc;
}
