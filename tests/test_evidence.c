/*
 * The FITS OM catalog's evidence vocabulary (vocab.h) against work-log
 * lines written the way technicians write them.
 *
 * What this shows, and what it does not: the lines were written with the
 * catalog in view, by the people who wrote its patterns and then its words.
 * Passing shows that the vocabulary accepts the lines they were written
 * for (and keeps doing so: a regression test), not recall: that is measured
 * on the blind set (tests/test_evidence_blind.c).  The totals printed at
 * the end say so.
 *
 * tests/data/evidence/ACTIVITY-ID.txt holds, per catalog activity:
 *   + TEXT    a log line that must count as evidence for the activity
 *   ! TEXT    must count as evidence AND report a problem by the
 *             activity's `problems` (vocab_concern: a check that reports a
 *             failure); a plain `+` line must then not.  Without a
 *             `problems` key in the catalog a `!` line is just a `+` line.
 *   - TEXT    a near miss that must not count
 *   # ...     a comment; blank lines are ignored
 * TEXT may start with `code=CODE | ` to give the row's code column too:
 * a row counts when its code equals the activity id or one of its `code`
 * aliases (trimmed, case-insensitive), or when the text matches `evidence`
 * (DESIGN.md, "Obligations").
 *
 * The catalog is read with the program's own ini and vocab modules, so a
 * line that passes here behaves the same in `fitsmon run`.
 *
 * The catalog's evidence and concern patterns from before the vocabulary
 * are kept in tests/data/evidence-patterns.conf: real patterns of the
 * guarded shape, for the prefilter derivation, the match limit and the
 * plan signature (a school's own patterns still take those paths).  Each file is
 * one Check test; the totals are printed when the run ends.
 *
 * The same lines check the row masks (evidence.h) that `fitsmon run`
 * actually uses: every line against every catalog activity, the masks
 * must say what the patterns say, and each pattern's prefilter must match
 * every line its full pattern matches.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "evidence.h"
#include "ini.h"
#include "pattern.h"
#include "util.h"
#include "vocab.h"

#include "testutil.h"

/* The tests' pattern scratch (pattern.h): match data, kept for the process. */
static struct pattern_scratch *scratch(void)
{
	static struct pattern_scratch *ps;
	if (!ps)
		ps = pattern_scratch_new();
	return ps;
}

/* Both can be overridden with -D to try a draft catalog or new lines. */
#ifndef CATALOG
#define CATALOG SRCDIR "/rules/fitsom/catalog.conf"
#endif
#ifndef PATTERNS
#define PATTERNS SRCDIR "/tests/data/evidence-patterns.conf"
#endif
#ifndef EVIDENCE_DIR
#define EVIDENCE_DIR SRCDIR "/tests/data/evidence"
#endif

/* The least lines a single activity, and a family (the activities of one
 * function), must have of each kind.  Issue 4 asks for ten of each per
 * family; three per activity keeps every pattern honestly exercised. */
#define MIN_PER_ACTIVITY 3
#define MIN_PER_FAMILY 10
/* The catalog must cover FITSOM.md's activity table. */
#define MIN_ACTIVITIES 35
/* Bytes in the word-salad lines of patterns_stay_linear. */
#define LONG_LINE 100000

struct cat_act {
	const char *id, *function;
	struct pattern *evidence, *concern;
	char **codes;       /* the `code` aliases */
	size_t ncodes;
	const char *objects, *actions, *unless;   /* its vocabulary, or NULL */
	int rule;           /* in vocab, or -1 */
	const char *problems;   /* its problem phrases, or NULL */
	int prob;           /* in vocab, or -1 */
	int nplus, nminus, nconcern;   /* lines in its file */
	int has_file;
};

struct line {
	int lineno;
	char kind;          /* '+', '!' or '-' */
	char *code;         /* NULL when the line gives no code */
	char *text;
};

struct efile {
	char *path;         /* for messages: relative to the tree */
	char *id;           /* file name without .txt */
	struct cat_act *act;
	struct line *l;
	size_t n, cap;
	char *bad;          /* first malformed line, or NULL */
};

static struct ini *catalog, *oldpats;
static struct vocab *vocab;   /* the catalog's [vocabulary] and rules */
static struct cat_act *acts;
static size_t nacts;
static struct efile *files;
static size_t nfiles;
static char *load_err;   /* the catalog could not be read or compiled */
static pid_t parent;

/* EVIDENCE_DIR as messages show it: relative to the tree when inside it. */
static const char *shown_dir(void)
{
	static const char top[] = SRCDIR "/";
	const char *d = EVIDENCE_DIR;
	return strncmp(d, top, sizeof(top) - 1) ? d : d + sizeof(top) - 1;
}

static struct cat_act *find_act(const char *id)
{
	for (size_t i = 0; i < nacts; i++)
		if (!strcmp(acts[i].id, id))
			return &acts[i];
	return NULL;
}

/* Split a `code` value "A, B ,C" into trimmed, non-empty items. */
static void split_codes(const char *v, struct cat_act *a)
{
	const char *p = v;
	while (*p) {
		const char *q = strchr(p, ',');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		const char *s;
		size_t len = str_trim_span(p, n, &s);
		if (len) {
			a->codes = xreallocarray(a->codes, a->ncodes + 1, sizeof(char *));
			a->codes[a->ncodes++] = xstrndup(s, len);
		}
		p = q ? q + 1 : p + n;
	}
}

/* Read the catalog's activities and compile their patterns; on any error
 * load_err says what, and the catalog test reports it. */
static void load_catalog(void)
{
	char *err = NULL;
	catalog = ini_parse_file(CATALOG, &err);
	if (!catalog) {
		load_err = err;
		return;
	}
	oldpats = ini_parse_file(PATTERNS, &err);
	if (!oldpats) {
		load_err = err;
		return;
	}
	vocab = vocab_new();
	for (size_t i = 0; i < catalog->n; i++) {
		const struct ini_section *s = &catalog->s[i];
		if (strcmp(s->name, "vocabulary"))
			continue;
		for (size_t k = 0; k < s->n; k++)
			if (vocab_add_shared(vocab, s->e[k].key, s->e[k].value, &err) < 0 && !load_err)
				load_err = xasprintf("%s:%d: %s", CATALOG, s->e[k].line, err);
	}
	for (size_t i = 0; i < catalog->n; i++) {
		const struct ini_section *s = &catalog->s[i];
		if (strcmp(s->name, "activity") || !s->sub)
			continue;
		acts = xreallocarray(acts, nacts + 1, sizeof(*acts));
		struct cat_act *a = &acts[nacts++];
		memset(a, 0, sizeof(*a));
		a->id = s->sub;
		const struct ini_entry *f = ini_get(s, "function");
		const struct ini_entry *ev = ini_get(s, "evidence");
		const struct ini_entry *co = ini_get(s, "concern");
		const struct ini_entry *cd = ini_get(s, "code");
		const struct ini_entry *pr = ini_get(s, "problems");
		a->prob = -1;
		if (pr) {
			a->problems = pr->value;
			a->prob = vocab_add_problems(vocab, a->problems, &err);
			if (a->prob < 0 && !load_err)
				load_err = xasprintf("%s:%d: %s: %s", CATALOG, pr->line, a->id, err);
		}
		/* the old patterns, for the pattern tests */
		const struct ini_section *old = NULL;
		for (size_t k = 0; oldpats && k < oldpats->n && !ev; k++)
			if (oldpats->s[k].sub && !strcmp(oldpats->s[k].sub, a->id))
				old = &oldpats->s[k];
		if (old) {
			ev = ini_get(old, "evidence");
			co = ini_get(old, "concern");
		}
		a->function = f ? f->value : "(none)";
		const struct ini_entry *ob = ini_get(s, "objects"), *ac = ini_get(s, "actions");
		const struct ini_entry *un = ini_get(s, "unless");
		a->rule = -1;
		if (ob || ac) {
			a->objects = ob ? ob->value : NULL;
			a->actions = ac ? ac->value : NULL;
			a->unless = un ? un->value : NULL;
			a->rule = vocab_add_rule(vocab, a->objects, a->actions, a->unless, &err);
			if (a->rule < 0 && !load_err)
				load_err = xasprintf("%s:%d: %s: %s", CATALOG, s->line, a->id, err);
		}
		if (cd)
			split_codes(cd->value, a);
		if (!ev) {
			if (!load_err)
				load_err = xasprintf("%s:%d: activity %s has no vocabulary and no "
						     "pattern in %s", CATALOG, s->line, a->id, PATTERNS);
			continue;
		}
		a->evidence = pattern_compile(ev->value, &err);
		if (!a->evidence && !load_err)
			load_err = xasprintf("%s:%d: %s evidence: %s", CATALOG, ev->line,
					     a->id, err);
		if (co) {
			a->concern = pattern_compile(co->value, &err);
			if (!a->concern && !load_err)
				load_err = xasprintf("%s:%d: %s concern: %s", CATALOG,
						     co->line, a->id, err);
		}
	}
	vocab_finish(vocab);
}

/* Split one non-comment line "K TEXT" (K one of + ! -) into ln; returns
 * -1 when it is not of that form. */
static int parse_line(char *s, struct line *ln)
{
	if ((s[0] != '+' && s[0] != '-' && s[0] != '!') || (s[1] != ' ' && s[1] != '\t'))
		return -1;
	ln->kind = s[0];
	ln->code = NULL;
	ln->text = str_trim(s + 2);
	if (!strncmp(ln->text, "code=", 5)) {
		char *bar = strchr(ln->text, '|');
		if (!bar)
			return -1;
		*bar = '\0';
		ln->code = str_trim(ln->text + 5);
		ln->text = str_trim(bar + 1);
	}
	return *ln->text ? 0 : -1;
}

/* Read one evidence file into f (lines point into a buffer kept for the
 * whole run). */
static void load_file(struct efile *f, const char *full)
{
	char *buf = NULL, *err = NULL;
	size_t len;
	if (read_file(full, &buf, &len, &err) < 0) {
		f->bad = err;
		return;
	}
	int lineno = 0;
	char *p = buf;
	while (p && *p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *s = str_trim(p);
		p = nl ? nl + 1 : NULL;
		if (!*s || *s == '#')
			continue;
		struct line ln = { .lineno = lineno };
		if (parse_line(s, &ln) < 0) {
			if (!f->bad)
				f->bad = xasprintf("%s:%d: not '+ TEXT', '! TEXT' or '- TEXT': %s",
						   f->path, lineno, s);
			continue;
		}
		VEC_GROW(f->l, f->n, f->cap, f->n + 1);
		f->l[f->n++] = ln;
	}
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct efile *)a)->id, ((const struct efile *)b)->id);
}

/* Every tests/data/evidence/NAME.txt, sorted by name, with its activity and
 * the per-activity counts. */
static void load_files(void)
{
	DIR *d = opendir(EVIDENCE_DIR);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".txt"))
			continue;
		files = xreallocarray(files, nfiles + 1, sizeof(*files));
		struct efile *f = &files[nfiles++];
		memset(f, 0, sizeof(*f));
		f->id = xstrndup(e->d_name, n - 4);
		f->path = xasprintf("%s/%s", shown_dir(), e->d_name);
	}
	closedir(d);
	qsort(files, nfiles, sizeof(*files), cmp_file);
	for (size_t i = 0; i < nfiles; i++) {
		struct efile *f = &files[i];
		char *full = xasprintf("%s/%s.txt", EVIDENCE_DIR, f->id);
		load_file(f, full);
		free(full);
		f->act = find_act(f->id);
		if (!f->act)
			continue;
		f->act->has_file = 1;
		for (size_t j = 0; j < f->n; j++) {
			if (f->l[j].kind == '-')
				f->act->nminus++;
			else
				f->act->nplus++;
			if (f->l[j].kind == '!')
				f->act->nconcern++;
		}
	}
}

/* Does the row (code, text) count as evidence for a?  DESIGN.md: its code
 * equals the activity id or an alias, or its description matches.  A
 * resource-limit stop is returned as -1 so the test can say so. */
static int is_evidence(struct cat_act *a, const char *code, const char *text)
{
	if (code && *code) {
		if (str_ieq(code, a->id))
			return 1;
		for (size_t i = 0; i < a->ncodes; i++)
			if (str_ieq(code, a->codes[i]))
				return 1;
	}
	if (a->rule >= 0) {
		struct vocab_scan *sc = vocab_scan_new();
		vocab_scan_line(vocab, sc, text);
		int v = vocab_match(vocab, sc, a->rule, NULL);
		vocab_scan_free(sc);
		return v == 1;
	}
	return a->evidence ? pattern_match(a->evidence, scratch(), text, strlen(text)) : 0;
}

/* Does an evidence line report a problem for a?  Its problems, else its
 * concern pattern (none in the catalog). */
static int is_concern(struct cat_act *a, const char *text)
{
	if (a->prob >= 0) {
		struct vocab_scan *sc = vocab_scan_new();
		vocab_scan_line(vocab, sc, text);
		int v = vocab_concern(vocab, sc, a->prob, a->rule, NULL);
		vocab_scan_free(sc);
		return v;
	}
	return 0;
}

START_TEST(catalog_loads)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	ck_assert_msg(nacts >= MIN_ACTIVITIES, "the catalog has %zu activities, want at least %d",
		      nacts, MIN_ACTIVITIES);
}
END_TEST

START_TEST(every_activity_has_lines)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	int bad = 0;
	for (size_t i = 0; i < nacts; i++) {
		const struct cat_act *a = &acts[i];
		if (!a->has_file) {
			fprintf(stderr, "%s/%s.txt: missing (catalog activity)\n",
				shown_dir(), a->id);
			bad++;
		} else if (a->nplus < MIN_PER_ACTIVITY || a->nminus < MIN_PER_ACTIVITY) {
			fprintf(stderr, "%s/%s.txt: %d must-count and %d near-miss lines, "
				"want at least %d of each\n", shown_dir(), a->id, a->nplus,
				a->nminus, MIN_PER_ACTIVITY);
			bad++;
		}
	}
	ck_assert_msg(bad == 0, "%d catalog activities lack evidence lines (listed above)", bad);
}
END_TEST

START_TEST(every_file_names_an_activity)
{
	int bad = 0;
	for (size_t i = 0; i < nfiles; i++) {
		if (!files[i].act) {
			fprintf(stderr, "%s: no catalog activity '%s'\n", files[i].path,
				files[i].id);
			bad++;
		}
		if (files[i].bad) {
			fprintf(stderr, "%s\n", files[i].bad);
			bad++;
		}
	}
	ck_assert_msg(nfiles > 0, "no evidence files in %s", EVIDENCE_DIR);
	ck_assert_msg(bad == 0, "%d evidence files are misnamed or malformed (listed above)", bad);
}
END_TEST

/* Sum the activities of each function; report families short of lines.
 * Returns the number of short families. */
static int family_counts(FILE *out, int report_all)
{
	int bad = 0;
	for (size_t i = 0; i < nacts; i++) {
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(acts[j].function, acts[i].function);
		if (seen)
			continue;
		int plus = 0, minus = 0, n = 0;
		for (size_t j = i; j < nacts; j++)
			if (!strcmp(acts[j].function, acts[i].function)) {
				plus += acts[j].nplus;
				minus += acts[j].nminus;
				n++;
			}
		int shortfall = plus < MIN_PER_FAMILY || minus < MIN_PER_FAMILY;
		bad += shortfall;
		if (report_all || shortfall)
			fprintf(out, "  %-38s %d activit%s  %4d +  %4d -%s\n", acts[i].function, n,
				n == 1 ? "y " : "ies", plus, minus,
				shortfall ? "  (too few of a kind)" : "");
	}
	return bad;
}

/* A line given twice in a file would only pad the counts. */
START_TEST(no_line_twice)
{
	int bad = 0;
	for (size_t i = 0; i < nfiles; i++) {
		const struct efile *f = &files[i];
		for (size_t j = 0; j < f->n; j++)
			for (size_t k = 0; k < j; k++)
				if (!strcmp(f->l[j].text, f->l[k].text) &&
				    !f->l[j].code == !f->l[k].code &&
				    (!f->l[j].code || !strcmp(f->l[j].code, f->l[k].code))) {
					fprintf(stderr, "%s:%d: repeats line %d: %s\n", f->path,
						f->l[j].lineno, f->l[k].lineno, f->l[j].text);
					bad++;
					break;
				}
	}
	ck_assert_msg(bad == 0, "%d evidence lines are given twice (listed above)", bad);
}
END_TEST

START_TEST(every_family_has_lines)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	int bad = family_counts(stderr, 0);
	ck_assert_msg(bad == 0, "%d function families have fewer than %d lines of a kind", bad,
		      MIN_PER_FAMILY);
}
END_TEST

/* Each pattern on long, word-salad lines built from the catalog's own
 * vocabulary: a pattern with nested unbounded repeats would hit the
 * match limit (-1) here instead of in a nightly run.  LONG_LINE is far
 * beyond any real description (a few hundred bytes); the linear patterns
 * reach the match limit only at about 250 kB. */
START_TEST(patterns_stay_linear)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	static const char *const words[] = {
		"backup ", "checked ", "not ", "will ", "server ", "logs ", "ok ", "AV ",
		"test ", "restore ", "UPS ", "printer ", "cleaned ", "- ", "to ", "be ",
		"accounts ", "created ", "report ", "sent ", "firmware ", "patch ", "aaaa",
	};
	size_t nw = sizeof(words) / sizeof(words[0]);
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; sb.len < LONG_LINE; k++)
		sb_puts(&sb, words[(k * 7 + k / nw) % nw]);
	struct strbuf run = STRBUF_INIT;
	for (size_t k = 0; k < LONG_LINE; k++)
		sb_putc(&run, k % 97 == 96 ? ' ' : 'a');
	/* every printable byte at the end, so PCRE2's "required character"
	 * shortcut cannot refuse the line before backtracking starts */
	for (char c = ' '; c <= '~'; c++) {
		sb_putc(&sb, c);
		sb_putc(&run, c);
	}
	for (size_t i = 0; i < nacts; i++) {
		struct cat_act *a = &acts[i];
		ck_assert_msg(pattern_match(a->evidence, scratch(), sb.buf, sb.len) >= 0 &&
			      pattern_match(a->evidence, scratch(), run.buf, run.len) >= 0,
			      "%s: evidence pattern hit the match limit on a long line", a->id);
		if (a->concern)
			ck_assert_msg(pattern_match(a->concern, scratch(), sb.buf, sb.len) >= 0,
				      "%s: concern pattern hit the match limit", a->id);
	}
	sb_release(&sb);
	sb_release(&run);
}
END_TEST

/* One file: every line classified as its marker says.  All misclassified
 * lines are listed (file:line, kind, text) before the test fails. */
START_TEST(evidence_file)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	const struct efile *f = &files[_i];
	ck_assert_msg(f->act != NULL, "%s: no catalog activity '%s'", f->path, f->id);
	struct cat_act *a = f->act;
	int bad = 0;
	const char *first = NULL;
	int first_line = 0;
	for (size_t j = 0; j < f->n; j++) {
		const struct line *ln = &f->l[j];
		int ev = is_evidence(a, ln->code, ln->text);
		int co = ev == 1 ? is_concern(a, ln->text) : 0;
		const char *why = NULL;
		if (ev < 0 || co < 0)
			why = "pattern hit the match limit";
		else if (ln->kind == '-' && ev)
			why = "counted as evidence but is a near miss";
		else if (ln->kind != '-' && !ev)
			why = "must count as evidence but does not";
		else if (ln->kind == '!' && a->prob >= 0 && !co)
			why = "must raise a concern but does not";
		else if (ln->kind == '+' && co)
			why = "raises a concern but is marked '+' (use '!')";
		if (!why)
			continue;
		fprintf(stderr, "%s:%d: %s: %c %s%s%s%s\n", f->path, ln->lineno, why, ln->kind,
			ln->code ? "code=" : "", ln->code ? ln->code : "", ln->code ? " | " : "",
			ln->text);
		if (!bad++) {
			first = ln->text;
			first_line = ln->lineno;
		}
	}
	ck_assert_msg(bad == 0, "%s: %d lines misclassified; first %s:%d: %s", f->path, bad,
		      f->path, first_line, first ? first : "");
}
END_TEST

/* ---- row masks ------------------------------------------------------------ */

/*
 * A config holding what evidence_plan_new reads: the catalog's activities,
 * in catalog order, all performed by supplier 0, whose one feed (index 0)
 * is an activities feed.  Borrows the catalog's strings and patterns.
 */
struct minicfg {
	struct config cfg;
	struct feed feed;
	struct activity *act;
};

static void minicfg_init(struct minicfg *m)
{
	memset(m, 0, sizeof(*m));
	m->act = xcalloc(nacts ? nacts : 1, sizeof(*m->act));
	for (size_t i = 0; i < nacts; i++) {
		struct activity *a = &m->act[i];
		a->id = (char *)acts[i].id;
		a->supplier = 0;
		/* the vocabulary decides; the old patterns only for the signature */
		a->evidence = acts[i].rule >= 0 ? NULL : acts[i].evidence;
		a->concern = NULL;
		a->problems = (char *)acts[i].problems;
		a->prob = acts[i].prob;
		a->codes.v = acts[i].codes;
		a->codes.n = acts[i].ncodes;
		a->rule = acts[i].rule;
		a->objects = (char *)acts[i].objects;
		a->actions = (char *)acts[i].actions;
		a->unless = (char *)acts[i].unless;
	}
	m->cfg.vocab = vocab;
	m->feed.kind = KIND_ACTIVITIES;
	m->feed.supplier = 0;
	m->cfg.feed = &m->feed;
	m->cfg.nfeed = 1;
	m->cfg.act = m->act;
	m->cfg.nact = nacts;
}

static uint64_t minicfg_signature(const struct minicfg *m)
{
	struct evidence_plan *p = evidence_plan_new(&m->cfg, 0);
	uint64_t h = evidence_plan_signature(p);
	evidence_plan_free(p);
	return h;
}

/* The catalog's plan, built once before the tests fork. */
static struct minicfg catcfg;
static struct evidence_plan *catplan;

/* The bits of one line must be what the patterns say, for every activity
 * with a bit; a code given with blanks around it must give the same. */
START_TEST(masks_file)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	const struct efile *f = &files[_i];
	size_t nbits = nacts < EVIDENCE_BITS ? nacts : EVIDENCE_BITS;
	ck_assert_uint_eq(evidence_plan_count(catplan), nacts);
	int bad = 0, hits = 0;
	for (size_t l = 0; l < f->n; l++) {
		const struct line *ln = &f->l[l];
		uint64_t ev, co;
		evidence_match(catplan, scratch(), ln->code, ln->text, &ev, &co);
		for (size_t j = 0; j < nbits; j++) {
			struct cat_act *a = &acts[j];
			ck_assert_int_eq(evidence_plan_act(catplan, j), (int)j);
			int want_ev = is_evidence(a, ln->code, ln->text) == 1;
			int want_co = want_ev && is_concern(a, ln->text) == 1;
			int got_ev = (int)((ev >> j) & 1), got_co = (int)((co >> j) & 1);
			hits += got_ev;
			if (got_ev == want_ev && got_co == want_co)
				continue;
			fprintf(stderr, "%s:%d: activity %s: mask says evidence %d concern %d, the "
				"patterns say %d %d: %s\n", f->path, ln->lineno, a->id, got_ev,
				got_co, want_ev, want_co, ln->text);
			bad++;
		}
		ck_assert_msg(nbits == EVIDENCE_BITS || (ev >> nbits) == 0,
			      "%s:%d: a bit past the plan's activities", f->path, ln->lineno);
		if (ln->code) {
			char *padded = xasprintf(" \t%s \r\n", ln->code);
			uint64_t ev2, co2;
			evidence_match(catplan, scratch(), padded, ln->text, &ev2, &co2);
			ck_assert_msg(ev2 == ev && co2 == co, "%s:%d: code '%s' with blanks "
				      "around it gives other masks", f->path, ln->lineno, ln->code);
			free(padded);
		}
	}
	ck_assert_msg(bad == 0, "%s: %d masks disagree with the patterns (listed above)",
		      f->path, bad);
	/* the file's own activity must have been hit: the test is not vacuous */
	ck_assert_msg(f->act == NULL || hits > 0, "%s: no line set any bit", f->path);
}
END_TEST

/* Every guarded catalog pattern gets a prefilter, it compiles, and it
 * matches every line (of every file) its full pattern matches. */
START_TEST(prefilters_are_necessary)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	size_t full_hits = 0, pre_only = 0;
	for (size_t j = 0; j < nacts; j++) {
		const char *src = pattern_source(acts[j].evidence);
		char *pf = evidence_prefilter_source(src);
		if (strstr(src, "^(?!"))
			ck_assert_msg(pf != NULL, "%s: no prefilter for a guarded pattern",
				      acts[j].id);
		if (!pf)
			continue;
		char *err = NULL;
		struct pattern *pre = pattern_compile(pf, &err);
		ck_assert_msg(pre != NULL, "%s: prefilter %s: %s", acts[j].id, pf, err);
		for (size_t i = 0; i < nfiles; i++)
			for (size_t l = 0; l < files[i].n; l++) {
				const char *t = files[i].l[l].text;
				int full = pattern_match(acts[j].evidence, scratch(), t, strlen(t));
				int quick = pattern_match(pre, scratch(), t, strlen(t));
				ck_assert_msg(full >= 0 && quick >= 0, "%s: match limit", acts[j].id);
				ck_assert_msg(!full || quick, "%s: %s:%d matches the pattern but not "
					      "its prefilter %s", acts[j].id, files[i].path,
					      files[i].l[l].lineno, pf);
				full_hits += (size_t)full;
				pre_only += (size_t)(quick && !full);
			}
		pattern_free(pre);
		free(pf);
	}
	ck_assert_msg(full_hits > 0, "no line matched any pattern");
	printf("prefilters: %zu full-pattern hits; %zu lines passed a prefilter only\n",
	       full_hits, pre_only);
}
END_TEST

/* The derivation on its own: what it keeps and what it refuses. */
START_TEST(prefilter_derivation)
{
	static const struct {
		const char *pattern, *prefilter;   /* NULL: refused */
	} c[] = {
		{ "(?is)^(?!.*\\bnot\\b)(?!.*todo).*?(?:backups? (checked|ok))",
		  "(?is)(?:backups? (checked|ok))" },
		{ "(?i)^(?!a[)(]b)(?s).*x(y)", "(?i)(?s)x(y)" },
		{ "^(?!\\)).*?b[)\\]]c", "b[)\\]]c" },
		{ "\\A(?<!x)(?=y).*?(?<n>z)", "(?<n>z)" },
		{ "^(?!a).*?(?P<n>b)(?'m'c)\\x{41}\\p{L}", "(?P<n>b)(?'m'c)\\x{41}\\p{L}" },
		{ "^(?!a(?:b|c)).*?(d|e)f", "(d|e)f" },
		/* no leading assertion: nothing to save */
		{ "^.*?b", NULL },
		{ "(?i)backups? checked", NULL },
		/* a top-level alternative after the .* */
		{ "^(?!a).*?b|c", NULL },
		/* backreferences, calls, conditionals, verbs, \G, \Q, comments */
		{ "^(?!a).*?(b)\\1", NULL },
		{ "^(?!a).*?(b)\\g1", NULL },
		{ "^(?!a).*?(?<n>b)\\k<n>", NULL },
		{ "^(?!a).*?(b)(?1)", NULL },
		{ "^(?!a).*?(?R)?b", NULL },
		{ "^(?!a).*?(b)(?(1)c|d)", NULL },
		{ "^(?!a).*?(*SKIP)b", NULL },
		{ "(*UCP)^(?!a).*?\\wb", NULL },
		{ "^(?!a).*?\\Gb", NULL },
		{ "^(?!a).*?\\Qb)\\E", NULL },
		{ "^(?!a).*?b(?#c)", NULL },
		{ "(?x)^(?!a).*?b # c", NULL },
		{ "^(?!a).*?b(?x: c)", NULL },
		{ "^(?!a).*?[[:alpha:]]", NULL },
		/* not the shape: possessive or missing .*, unbalanced, a group first */
		{ "^(?!a).*+b", NULL },
		{ "^(?!a).*", NULL },
		{ "^(?!a)b.*?c", NULL },
		{ "^(?!a).*?b)", NULL },
		{ "^(?!a.*?b", NULL },
		{ "(?:^(?!a)).*?b", NULL },
		{ "", NULL },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *got = evidence_prefilter_source(c[i].pattern);
		if (!c[i].prefilter)
			ck_assert_msg(got == NULL, "'%s': refused expected, got '%s'",
				      c[i].pattern, got ? got : "");
		else
			ck_assert_msg(got && !strcmp(got, c[i].prefilter),
				      "'%s': expected '%s', got '%s'", c[i].pattern,
				      c[i].prefilter, got ? got : "(refused)");
		free(got);
	}
}
END_TEST

/* The signature: the same for the same inputs whatever the pointers,
 * different when anything that decides the masks differs. */
START_TEST(plan_signature)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	ck_assert_msg(nacts >= 3, "need three activities");
	struct minicfg m;
	minicfg_init(&m);
	ck_assert_msg(minicfg_signature(&m) == evidence_plan_signature(catplan),
		      "two plans, two signatures");
	/* the old patterns too, as a school's own would be */
	for (size_t i = 0; i < nacts; i++) {
		m.act[i].evidence = acts[i].evidence;
		m.act[i].concern = acts[i].concern;
	}
	uint64_t base = minicfg_signature(&m);
	ck_assert_msg(base != evidence_plan_signature(catplan), "evidence patterns not seen");
	ck_assert_msg(base == minicfg_signature(&m), "not stable");

	/* the same sources compiled again: new pointers, same signature */
	char *err = NULL;
	struct pattern **copy = xcalloc(nacts, sizeof(*copy));
	for (size_t i = 0; i < nacts; i++) {
		copy[i] = pattern_compile(pattern_source(acts[i].evidence), &err);
		ck_assert_ptr_nonnull(copy[i]);
		m.act[i].evidence = copy[i];
	}
	ck_assert_msg(minicfg_signature(&m) == base, "depends on pattern pointers");
	for (size_t i = 0; i < nacts; i++) {
		m.act[i].evidence = acts[i].evidence;
		pattern_free(copy[i]);
	}
	free(copy);

	/* an evidence pattern changed */
	struct pattern *other = pattern_compile("(?i)something else", &err);
	ck_assert_ptr_nonnull(other);
	m.act[1].evidence = other;
	ck_assert_msg(minicfg_signature(&m) != base, "evidence pattern change not seen");
	/* ... or dropped (code column only) */
	m.act[1].evidence = NULL;
	ck_assert_msg(minicfg_signature(&m) != base, "evidence pattern removal not seen");
	m.act[1].evidence = acts[1].evidence;

	/* a concern pattern changed, removed, made "": absent is not "" */
	size_t jc = 0, jn = 0;
	while (jc < nacts && !m.act[jc].concern)
		jc++;
	while (jn < nacts && m.act[jn].concern)
		jn++;
	ck_assert_msg(jc < nacts && jn < nacts, "need activities with and without concern");
	struct pattern *empty = pattern_compile("", &err);
	ck_assert_ptr_nonnull(empty);
	struct pattern *saved = m.act[jc].concern;
	m.act[jc].concern = other;
	uint64_t with_other = minicfg_signature(&m);
	m.act[jc].concern = empty;
	uint64_t with_empty = minicfg_signature(&m);
	m.act[jc].concern = NULL;
	uint64_t with_none = minicfg_signature(&m);
	m.act[jc].concern = saved;
	ck_assert_msg(with_other != base && with_empty != base && with_none != base &&
		      with_empty != with_none && with_other != with_empty &&
		      with_other != with_none, "concern pattern changes not all seen");
	/* ... and added where there was none */
	m.act[jn].concern = empty;
	ck_assert_msg(minicfg_signature(&m) != base, "concern pattern added not seen");
	m.act[jn].concern = NULL;

	/* problem phrases changed, removed, added */
	size_t jp = 0, jq = 0;
	while (jp < nacts && m.act[jp].prob < 0)
		jp++;
	while (jq < nacts && m.act[jq].prob >= 0)
		jq++;
	ck_assert_msg(jp < nacts && jq < nacts, "need activities with and without problems");
	char *savedp = m.act[jp].problems;
	m.act[jp].problems = "failed, something else";
	ck_assert_msg(minicfg_signature(&m) != base, "problems change not seen");
	m.act[jp].problems = savedp;
	m.act[jp].prob = -1;
	ck_assert_msg(minicfg_signature(&m) != base, "problems removal not seen");
	m.act[jp].prob = acts[jp].prob;
	m.act[jq].problems = savedp;
	m.act[jq].prob = acts[jp].prob;
	ck_assert_msg(minicfg_signature(&m) != base, "problems added not seen");
	m.act[jq].problems = NULL;
	m.act[jq].prob = -1;
	ck_assert_msg(minicfg_signature(&m) == base, "not back to base");

	/* code aliases: one added, one changed, split differently */
	char *codes1[] = { "AB" }, *codes2[] = { "AC" }, *codes3[] = { "A", "B" };
	char *codes4[] = { "AB", "X" };
	struct strlist keep = m.act[0].codes;
	uint64_t sc[4];
	m.act[0].codes = (struct strlist){ codes1, 1 };
	sc[0] = minicfg_signature(&m);
	m.act[0].codes = (struct strlist){ codes2, 1 };
	sc[1] = minicfg_signature(&m);
	m.act[0].codes = (struct strlist){ codes3, 2 };
	sc[2] = minicfg_signature(&m);
	m.act[0].codes = (struct strlist){ codes4, 2 };
	sc[3] = minicfg_signature(&m);
	m.act[0].codes = keep;
	for (int i = 0; i < 4; i++) {
		ck_assert_msg(sc[i] != base, "code alias change %d not seen", i);
		for (int k = 0; k < i; k++)
			ck_assert_msg(sc[i] != sc[k], "code aliases %d and %d hash the same", k, i);
	}

	/* an id changed */
	char *id = m.act[0].id;
	m.act[0].id = "renamed";
	ck_assert_msg(minicfg_signature(&m) != base, "id change not seen");
	m.act[0].id = id;

	/* the order: two activities swapped */
	struct activity t = m.act[0];
	m.act[0] = m.act[1];
	m.act[1] = t;
	ck_assert_msg(minicfg_signature(&m) != base, "order change not seen");
	m.act[1] = m.act[0];
	m.act[0] = t;

	/* one activity fewer (the supplier's list is shorter) */
	m.cfg.nact--;
	ck_assert_msg(minicfg_signature(&m) != base, "count change not seen");
	m.cfg.nact++;
	/* another supplier's activity does not belong to the list */
	m.act[nacts - 1].supplier = 1;
	ck_assert_msg(minicfg_signature(&m) != base, "supplier change not seen");
	m.act[nacts - 1].supplier = 0;

	ck_assert_msg(minicfg_signature(&m) == base, "restored config, other signature");
	pattern_free(other);
	pattern_free(empty);
	free(m.act);
}
END_TEST

/* The list: the feed's supplier's activities in config order; bits for the
 * first EVIDENCE_BITS only; codes compare trimmed and case-insensitively. */
START_TEST(plan_list_and_bits)
{
	enum { N = 75 };
	struct activity act[N];
	char ids[N][16];
	struct feed feed[2];
	struct config cfg;
	memset(act, 0, sizeof(act));
	memset(feed, 0, sizeof(feed));
	memset(&cfg, 0, sizeof(cfg));
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], sizeof(ids[i]), "act%d", i);
		act[i].id = ids[i];
		act[i].supplier = i % 5 == 4 ? 1 : 0;   /* every fifth is supplier 1's */
	}
	feed[0] = (struct feed){ .kind = KIND_ACTIVITIES, .supplier = 0 };
	feed[1] = (struct feed){ .kind = KIND_TICKETS, .supplier = 1 };
	cfg.feed = feed;
	cfg.nfeed = 2;
	cfg.act = act;
	cfg.nact = N;
	struct evidence_plan *p = evidence_plan_new(&cfg, 0);
	ck_assert_uint_eq(evidence_plan_count(p), 60);
	int prev = -1;
	for (size_t j = 0; j < 60; j++) {
		int a = evidence_plan_act(p, j);
		ck_assert_int_gt(a, prev);
		ck_assert_int_eq(act[a].supplier, 0);
		prev = a;
	}
	ck_assert_int_eq(evidence_plan_act(p, 60), -1);
	uint64_t ev, co;
	evidence_match(p, scratch(), "  ACT0 ", "", &ev, &co);
	ck_assert_uint_eq(ev, 1);
	ck_assert_uint_eq(co, 0);
	evidence_match(p, scratch(), "act6", "act0", &ev, &co);   /* act6 is entry 5 */
	ck_assert_uint_eq(ev, UINT64_C(1) << 5);
	evidence_match(p, scratch(), "act4", NULL, &ev, &co);     /* supplier 1's */
	ck_assert_uint_eq(ev, 0);
	evidence_match(p, scratch(), "", "act0", &ev, &co);
	ck_assert_uint_eq(ev, 0);
	evidence_match(p, scratch(), "act0x", NULL, &ev, &co);
	ck_assert_uint_eq(ev, 0);
	evidence_match(p, scratch(), "act", NULL, &ev, &co);
	ck_assert_uint_eq(ev, 0);
	evidence_plan_free(p);

	/* 80 activities of one supplier: the 65th and later have no bit */
	enum { M = 80 };
	struct activity many[M];
	char mids[M][16];
	memset(many, 0, sizeof(many));
	for (int i = 0; i < M; i++) {
		snprintf(mids[i], sizeof(mids[i]), "m%d", i);
		many[i].id = mids[i];
	}
	cfg.act = many;
	cfg.nact = M;
	p = evidence_plan_new(&cfg, 0);
	ck_assert_uint_eq(evidence_plan_count(p), M);
	ck_assert_int_eq(evidence_plan_act(p, 70), 70);
	evidence_match(p, scratch(), "m63", NULL, &ev, &co);
	ck_assert_uint_eq(ev, UINT64_C(1) << 63);
	evidence_match(p, scratch(), "m64", NULL, &ev, &co);
	ck_assert_uint_eq(ev, 0);
	evidence_plan_free(p);

	/* a feed of another kind has an empty list */
	p = evidence_plan_new(&cfg, 1);
	ck_assert_uint_eq(evidence_plan_count(p), 0);
	evidence_plan_free(p);
	evidence_plan_free(NULL);
}
END_TEST

/* explain-row's text (evidence_explain): the object, the action, the cue
 * and the verdict, exactly. */
START_TEST(explain_row)
{
	ck_assert_msg(load_err == NULL, "%s", load_err ? load_err : "");
	char *t = evidence_explain(&catcfg.cfg, NULL, "chkd free space on DC01");
	ck_assert_str_eq(t, "server-updates: object 'dc01', no action: does not count\n"
			 "disk-space-check: object 'free space', action 'chkd': counts\n"
			 "counts for: disk-space-check\n");
	free(t);
	t = evidence_explain(&catcfg.cfg, NULL, "will check backups tomorrow");
	ck_assert_str_eq(t, "backup-check: object 'backups', action 'check', ruled out by "
			 "'will' (negation): does not count\n"
			 "counts for no activity\n");
	free(t);
	t = evidence_explain(&catcfg.cfg, NULL, "Backup check postponed (INSET day)");
	ck_assert_str_eq(t, "backup-check: object 'backup', action 'check', ruled out by "
			 "'postponed' (notdone): does not count\n"
			 "counts for no activity\n");
	free(t);
	t = evidence_explain(&catcfg.cfg, NULL, "wiped down PCs in ICT suite for disposal");
	ck_assert_str_eq(t, "workstation-clean: object 'pcs', action 'wiped', ruled out by "
			 "'disposal' (this activity's unless): does not count\n"
			 "counts for no activity\n");
	free(t);
	t = evidence_explain(&catcfg.cfg, NULL, "Veeam checked: SRV02 job failed");
	ck_assert_str_eq(t, "server-updates: object 'srv02', no action: does not count\n"
			 "backup-check: object 'veeam', action 'checked': counts; "
			 "problem 'failed'\n"
			 "call-logging: object 'job', no action: does not count\n"
			 "counts for: backup-check\n");
	free(t);
	t = evidence_explain(&catcfg.cfg, NULL, "Veeam checked: no errors, 0 failed");
	ck_assert_str_eq(t, "backup-check: object 'veeam', action 'checked': counts; "
			 "no problem ('errors' after 'no')\n"
			 "counts for: backup-check\n");
	free(t);
	t = evidence_explain(&catcfg.cfg, " bkp ", "");
	ck_assert_str_eq(t, "backup-check: code 'bkp': counts\ncounts for: backup-check\n");
	free(t);
}
END_TEST

/* The totals, once, from the process that ran the suite. */
static void print_counts(void)
{
	if (getpid() != parent || load_err)
		return;
	int plus = 0, minus = 0, concern = 0;
	for (size_t i = 0; i < nacts; i++) {
		plus += acts[i].nplus;
		minus += acts[i].nminus;
		concern += acts[i].nconcern;
	}
	fflush(stderr);
	printf("evidence lines (written with the catalog in view: the vocabulary accepts the "
	       "lines written for it; not a measure of recall, see the blind set): %d must count "
	       "(%d of them concerns), %d near misses; %zu activities in %zu files\n", plus,
	       concern, minus, nacts, nfiles);
	family_counts(stdout, 1);
	fflush(stdout);
}

static Suite *suite(void)
{
	parent = getpid();
	load_catalog();
	load_files();
	atexit(print_counts);
	Suite *s = suite_create("evidence");
	TCase *tc = tcase_create("catalog");
	tcase_add_test(tc, catalog_loads);
	tcase_add_test(tc, every_activity_has_lines);
	tcase_add_test(tc, every_file_names_an_activity);
	tcase_add_test(tc, every_family_has_lines);
	tcase_add_test(tc, no_line_twice);
	tcase_add_test(tc, patterns_stay_linear);
	tcase_set_timeout(tc, 60);   /* the long lines, without a JIT */
	suite_add_tcase(s, tc);
	TCase *lines = tcase_create("lines");
	tcase_add_loop_test(lines, evidence_file, 0, (int)nfiles);
	suite_add_tcase(s, lines);
	if (!load_err) {
		minicfg_init(&catcfg);
		catplan = evidence_plan_new(&catcfg.cfg, 0);
	}
	TCase *masks = tcase_create("masks");
	tcase_add_loop_test(masks, masks_file, 0, (int)nfiles);
	tcase_add_test(masks, prefilters_are_necessary);
	tcase_add_test(masks, prefilter_derivation);
	tcase_add_test(masks, plan_signature);
	tcase_add_test(masks, plan_list_and_bits);
	tcase_add_test(masks, explain_row);
	tcase_set_timeout(masks, 60);
	suite_add_tcase(s, masks);
	return s;
}

TEST_MAIN()
