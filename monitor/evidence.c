/*
 * evidence — per-row activity masks and the evidence-pattern prefilter.
 *
 * The prefilter is derived from the pattern's text by a small scanner that
 * knows enough PCRE2 syntax to find where groups end (escapes, classes,
 * group heads) and refuses everything else: a refusal only costs speed.
 */
#include "evidence.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "pattern.h"
#include "util.h"
#include "vocab.h"

struct entry {
	int act;                    /* index into cfg->act */
	const struct activity *a;
	struct pattern *pre;        /* prefilter of a->evidence, or NULL */
};

struct evidence_plan {
	const struct vocab *vocab;  /* the config's, or NULL */
	struct vocab_scan *scan;
	int any_rule;               /* some entry with a bit has a vocabulary rule */
	struct entry *e;
	size_t n;                   /* the whole list; bits for the first EVIDENCE_BITS */
	uint64_t signature;
};

/* ---- prefilter derivation ------------------------------------------------ */

#define BAD ((size_t)-1)
/* Deeper nesting than any real pattern: refused rather than recursed. */
#define MAX_DEPTH 100

enum head { H_GROUP, H_ASSERT, H_OPTIONS };

/* Length of the escape at p ("\..."), 0 for one that is refused. */
static size_t escape_len(const char *p)
{
	char c = p[1];
	if (!c || c == 'Q' || c == 'c' || c == 'g' || c == 'k' || c == 'G' ||
	    (c >= '1' && c <= '9'))
		return 0;
	if (strchr("xopPN", c) && p[2] == '{') {
		const char *q = strchr(p + 3, '}');
		return q ? (size_t)(q - p) + 1 : 0;
	}
	return 2;
}

/* Length of the character class at p ("[...]"), 0 when refused. */
static size_t class_len(const char *p)
{
	size_t i = 1;
	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	for (;;) {
		char c = p[i];
		if (!c)
			return 0;
		if (c == ']')
			return i + 1;
		if (c == '\\') {
			size_t n = escape_len(p + i);
			if (!n)
				return 0;
			i += n;
		} else if (c == '[' && p[i + 1] && strchr(":.=", p[i + 1])) {
			return 0;    /* POSIX class or collating element */
		} else {
			i++;
		}
	}
}

/* End of a group name starting at p[i], closed by `close`: the head's
 * length, 0 when it is not a name. */
static size_t name_end(const char *p, size_t i, char close)
{
	size_t j = i;
	while ((p[j] >= 'a' && p[j] <= 'z') || (p[j] >= 'A' && p[j] <= 'Z') ||
	       (p[j] >= '0' && p[j] <= '9') || p[j] == '_')
		j++;
	return j > i && p[j] == close ? j + 1 : 0;
}

/* Length of the group head at p ("(", "(?:", "(?!", "(?i)", ...) and its
 * kind, 0 when refused. */
static size_t group_head(const char *p, enum head *kind)
{
	*kind = H_GROUP;
	if (p[1] == '*')
		return 0;           /* verbs and start-of-pattern settings */
	if (p[1] != '?')
		return 1;
	switch (p[2]) {
	case ':':
	case '>':
	case '|':
		return 3;
	case '=':
	case '!':
		*kind = H_ASSERT;
		return 3;
	case '<':
		if (p[3] == '=' || p[3] == '!') {
			*kind = H_ASSERT;
			return 4;
		}
		return name_end(p, 3, '>');      /* (?<name> */
	case '\'':
		return name_end(p, 3, '\'');     /* (?'name' */
	case 'P':
		return p[3] == '<' ? name_end(p, 4, '>') : 0;   /* not (?P=n), (?P>n) */
	default: {
		/* option settings, (?i) or (?i:...) */
		size_t j = 2;
		while (p[j] && strchr("imnsJUaDSWPT^-", p[j]))
			j++;
		if (j == 2 || (p[j] != ')' && p[j] != ':'))
			return 0;   /* (?R), (?1), (?&n), (?(, (?C, (?#, ... */
		*kind = p[j] == ')' ? H_OPTIONS : H_GROUP;
		return j + 1;
	}
	}
}

/*
 * Scan s from i to the ')' that closes the group i is in, or to the end:
 * returns that index, or BAD for something refused.  *alt is set when a
 * '|' occurs at this level.
 */
static size_t scan_seq(const char *s, size_t i, int depth, int *alt)
{
	if (depth > MAX_DEPTH)
		return BAD;
	for (;;) {
		size_t n;
		enum head k;
		switch (s[i]) {
		case '\0':
		case ')':
			return i;
		case '|':
			*alt = 1;
			i++;
			break;
		case '\\':
			if (!(n = escape_len(s + i)))
				return BAD;
			i += n;
			break;
		case '[':
			if (!(n = class_len(s + i)))
				return BAD;
			i += n;
			break;
		case '(': {
			if (!(n = group_head(s + i, &k)))
				return BAD;
			if (k == H_OPTIONS) {
				i += n;
				break;
			}
			int inner = 0;
			size_t e = scan_seq(s, i + n, depth + 1, &inner);
			if (e == BAD || s[e] != ')')
				return BAD;
			i = e + 1;
			break;
		}
		default:
			i++;
			break;
		}
	}
}

char *evidence_prefilter_source(const char *s)
{
	struct strbuf opts = STRBUF_INIT;
	size_t i = 0, nassert = 0;
	/* the head: ^, \A, option settings and assertions, in any order */
	for (;;) {
		size_t n;
		enum head k;
		if (s[i] == '^') {
			i++;
		} else if (s[i] == '\\' && s[i + 1] == 'A') {
			i += 2;
		} else if (s[i] == '(' && (n = group_head(s + i, &k)) && k != H_GROUP) {
			if (k == H_OPTIONS) {   /* in force for the rest: kept */
				sb_add(&opts, s + i, n);
				i += n;
				continue;
			}
			int alt = 0;
			size_t e = scan_seq(s, i + n, 1, &alt);
			if (e == BAD || s[e] != ')')
				goto refuse;
			i = e + 1;
			nassert++;
		} else {
			break;
		}
	}
	/* then .* or .*? */
	if (!nassert || s[i] != '.' || s[i + 1] != '*')
		goto refuse;
	i += 2;
	if (s[i] == '?')
		i++;
	if (!s[i] || strchr("+?*{", s[i]))
		goto refuse;
	/* the rest, whole and without a top-level alternative: a match of the
	 * full pattern contains a match of it */
	int alt = 0;
	size_t e = scan_seq(s, i, 1, &alt);
	if (e == BAD || s[e] || alt)
		goto refuse;
	sb_puts(&opts, s + i);
	return sb_detach(&opts);
refuse:
	sb_release(&opts);
	return NULL;
}

/* ---- plans ---------------------------------------------------------------- */

static uint64_t put_u64(uint64_t h, uint64_t v)
{
	unsigned char b[8];
	for (int k = 0; k < 8; k++)
		b[k] = (unsigned char)(v >> (8 * k));   /* little-endian on every host */
	return fnv1a(h, b, sizeof(b));
}

/* A string, length-prefixed; NULL hashes differently from "". */
static uint64_t put_str(uint64_t h, const char *s)
{
	if (!s)
		return fnv1a(h, "N", 1);
	size_t n = strlen(s);
	h = fnv1a(h, "S", 1);
	h = put_u64(h, n);
	return fnv1a(h, s, n);
}

/* Bump when the rule in evidence_match changes: masks saved under the
 * old rule must not be taken for the new one. */
static const char rule_version[] = "fitsmon evidence masks 3";

static uint64_t signature(const struct evidence_plan *p)
{
	uint64_t h = put_str(FNV_OFFSET, rule_version);
	for (size_t j = 0; j < p->n && j < EVIDENCE_BITS; j++) {
		const struct activity *a = p->e[j].a;
		h = put_str(h, a->id);
		h = put_u64(h, a->codes.n);
		for (size_t c = 0; c < a->codes.n; c++)
			h = put_str(h, a->codes.v[c]);
		h = put_str(h, a->evidence ? pattern_source(a->evidence) : NULL);
		h = put_str(h, a->concern ? pattern_source(a->concern) : NULL);
		h = put_str(h, a->rule >= 0 ? a->objects : NULL);
		h = put_str(h, a->rule >= 0 ? a->actions : NULL);
		h = put_str(h, a->rule >= 0 ? a->unless : NULL);
		h = put_str(h, a->prob >= 0 ? a->problems : NULL);
	}
	if (p->vocab && p->any_rule)
		h = put_u64(h, vocab_signature(p->vocab));
	return put_u64(h, p->n);
}

struct evidence_plan *evidence_plan_new(const struct config *cfg, int feed)
{
	struct evidence_plan *p = xcalloc(1, sizeof(*p));
	const struct feed *f = &cfg->feed[feed];
	p->vocab = cfg->vocab;
	p->scan = vocab_scan_new();
	if (f->kind == KIND_ACTIVITIES) {
		for (size_t i = 0; i < cfg->nact; i++)
			p->n += cfg->act[i].supplier == f->supplier;
		p->e = xcalloc(p->n ? p->n : 1, sizeof(*p->e));
		size_t j = 0;
		for (size_t i = 0; i < cfg->nact; i++) {
			const struct activity *a = &cfg->act[i];
			if (a->supplier != f->supplier)
				continue;
			struct entry *en = &p->e[j];
			en->act = (int)i;
			en->a = a;
			if (j < EVIDENCE_BITS && p->vocab && (a->rule >= 0 || a->prob >= 0))
				p->any_rule = 1;
			if (j < EVIDENCE_BITS && a->evidence) {
				char *src = evidence_prefilter_source(pattern_source(a->evidence));
				char *err = NULL;
				if (src)
					en->pre = pattern_compile(src, &err);
				free(err);
				free(src);
			}
			j++;
		}
	}
	p->signature = signature(p);
	return p;
}

void evidence_plan_free(struct evidence_plan *p)
{
	if (!p)
		return;
	for (size_t j = 0; j < p->n; j++)
		pattern_free(p->e[j].pre);
	vocab_scan_free(p->scan);
	free(p->e);
	free(p);
}

size_t evidence_plan_count(const struct evidence_plan *p)
{
	return p->n;
}

int evidence_plan_act(const struct evidence_plan *p, size_t j)
{
	return j < p->n ? p->e[j].act : -1;
}

uint64_t evidence_plan_signature(const struct evidence_plan *p)
{
	return p->signature;
}

/* s[0..n) equals t, ASCII case-insensitively (str_ieq on a span). */
static int span_ieq(const char *s, size_t n, const char *t)
{
	for (size_t i = 0; i < n; i++, t++) {
		int a = (unsigned char)s[i], b = (unsigned char)*t;
		if (!b)
			return 0;
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (b >= 'A' && b <= 'Z')
			b += 32;
		if (a != b)
			return 0;
	}
	return *t == '\0';
}

void evidence_match(const struct evidence_plan *p, struct pattern_scratch *ps,
		    const char *code, const char *desc, uint64_t *ev, uint64_t *concern)
{
	const char *c = "";
	size_t cn = code ? str_trim_span(code, strlen(code), &c) : 0;
	if (!desc)
		desc = "";
	size_t dn = strlen(desc);
	uint64_t e = 0, k = 0;
	if (p->any_rule)
		vocab_scan_line(p->vocab, p->scan, desc);
	for (size_t j = 0; j < p->n && j < EVIDENCE_BITS; j++) {
		const struct entry *en = &p->e[j];
		const struct activity *a = en->a;
		int hit = 0;
		if (cn) {
			hit = span_ieq(c, cn, a->id);
			for (size_t i = 0; i < a->codes.n && !hit; i++)
				hit = span_ieq(c, cn, a->codes.v[i]);
		}
		int words = p->any_rule && a->rule >= 0;
		if (!hit && words)
			hit = vocab_match(p->vocab, p->scan, a->rule, NULL) == 1;
		/* an activity with a vocabulary is judged by it alone; the
		 * pattern is for the others.  A prefilter miss (0) rules the
		 * line out; a hit or a limit stop (-1) leaves it to the full
		 * pattern */
		if (!hit && !words && a->evidence &&
		    (!en->pre || pattern_match(en->pre, ps, desc, dn) != 0))
			hit = pattern_match(a->evidence, ps, desc, dn) == 1;
		if (!hit)
			continue;
		e |= UINT64_C(1) << j;
		if (p->any_rule && a->prob >= 0 ?
		    vocab_concern(p->vocab, p->scan, a->prob, a->rule, NULL) == 1 :
		    a->concern && pattern_match(a->concern, ps, desc, dn) == 1)
			k |= UINT64_C(1) << j;
	}
	*ev = e;
	*concern = k;
}

char *evidence_explain(const struct config *cfg, const char *code, const char *desc)
{
	return evidence_explain_for(cfg, -1, code, desc);
}

char *evidence_explain_for(const struct config *cfg, int supplier, const char *code,
			   const char *desc)
{
	struct strbuf out = STRBUF_INIT, counts = STRBUF_INIT;
	struct vocab_scan *sc = vocab_scan_new();
	struct pattern_scratch *ps = pattern_scratch_new();
	const char *c = "";
	size_t cn = code ? str_trim_span(code, strlen(code), &c) : 0;
	if (!desc)
		desc = "";
	if (cfg->vocab)
		vocab_scan_line(cfg->vocab, sc, desc);
	for (size_t i = 0; i < cfg->nact; i++) {
		const struct activity *a = &cfg->act[i];
		int hit = 0;
		if (supplier >= 0 && a->supplier != supplier)
			continue;
		struct strbuf why = STRBUF_INIT;
		if (cn) {
			hit = span_ieq(c, cn, a->id);
			for (size_t k = 0; k < a->codes.n && !hit; k++)
				hit = span_ieq(c, cn, a->codes.v[k]);
			if (hit)
				sb_printf(&why, "code '%.*s': counts", (int)cn, c);
		}
		int words = cfg->vocab && a->rule >= 0;
		if (!hit && words)
			hit = vocab_match(cfg->vocab, sc, a->rule, &why) == 1;
		if (!hit && !words && a->evidence &&
		    pattern_match(a->evidence, ps, desc, strlen(desc)) == 1) {
			sb_printf(&why, "%sthe evidence pattern matches: counts", why.len ? "; " : "");
			hit = 1;
		}
		if (hit && cfg->vocab && a->prob >= 0) {
			struct strbuf pr = STRBUF_INIT;
			vocab_concern(cfg->vocab, sc, a->prob, a->rule, &pr);
			if (pr.len)
				sb_printf(&why, "; %s", pr.buf);
			sb_release(&pr);
		} else if (hit && a->concern &&
			   pattern_match(a->concern, ps, desc, strlen(desc)) == 1) {
			sb_puts(&why, "; the concern pattern matches: reports a problem");
		}
		if (why.len)
			sb_printf(&out, "%s: %s\n", a->id, why.buf);
		if (hit)
			sb_printf(&counts, "%s%s", counts.len ? ", " : "", a->id);
		sb_release(&why);
	}
	if (counts.len)
		sb_printf(&out, "counts for: %s\n", counts.buf);
	else
		sb_puts(&out, "counts for no activity\n");
	vocab_scan_free(sc);
	pattern_scratch_free(ps);
	sb_release(&counts);
	return sb_detach(&out);
}
