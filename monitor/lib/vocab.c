/*
 * vocab — object + action phrases over normalised tokens (see vocab.h).
 *
 * Words are interned as stems; phrases are arrays of word ids, indexed by
 * their first word, so scanning a line costs one lookup per token plus the
 * phrases that start with it, whatever the number of rules.
 */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAXW 6          /* words in a phrase */
#define MAXTOK 96       /* tokens of a line looked at */
#define MAXOCC 256      /* phrase occurrences kept per line */
#define TOKLEN 32       /* longer tokens are cut */

enum kind { K_OBJ, K_ACT, K_UNLESS, K_NOTDONE, K_NEG, K_PROB, K_FINE };
static const char *const kind_key[] = { "objects", "actions", "unless", "notdone", "negation",
	"problems", "fine" };

struct phrase {
	enum kind kind;
	int rule;            /* -1: shared; problems: the problem list's index */
	int n;
	int w[MAXW];
	char *text;          /* as written */
};

struct fold {
	char *from, *to;
};

struct vocab {
	char **word;         /* stems, by id */
	size_t nword, capword;
	int *sorted;         /* ids sorted by stem (after finish) */
	struct fold *fold;
	size_t nfold, capfold;
	struct phrase *ph;
	size_t nph, capph;
	int *wlen;           /* by word id: its length */
	int *fz;             /* ids of words of 5 letters or more, by first letter */
	int fz_start[257];
	int *first_start;    /* by word id: phrases starting with it, CSR */
	int *first_ph;
	int nrule;
	int nprob;           /* problem lists */
	struct strbuf src;   /* every list, for the signature */
};

struct occ {
	int ph, s, e;
};

#define CACHE 1024     /* lookups remembered per scan (lines repeat words) */

struct cached {
	char tok[TOKLEN + 1];
	int id;
};

struct vocab_scan {
	const struct vocab *v;   /* whose words the cache holds */
	struct cached cache[CACHE];
	int ntok;
	int id[MAXTOK];
	int sent[MAXTOK];
	int clause[MAXTOK];
	unsigned char paren[MAXTOK];   /* inside brackets */
	unsigned char skip[MAXTOK];    /* a host name's site prefix: no word */
	char raw[MAXTOK][TOKLEN + 1];
	int nocc;
	struct occ occ[MAXOCC];
};

/* ---- words ------------------------------------------------------------------ */

/* What next_token says about the token besides its text. */
struct tokinfo {
	int brk;        /* 2: a sentence break came before it, 1: a clause break */
	int paren;      /* bracket depth after the breaks before it */
	int prefix;     /* a host name's site prefix ("SW" of "SW-DC01") */
};

/* A host name at s: two or more parts joined by '-', the last with
 * letters then digits ("SW-DC01", "HL-SRV02"), or every part two or more
 * capital letters and the first two ("SW-SIMS"); the first part, of 2 or 3
 * letters, is then a site prefix.  Returns the first part's length when it is one. */
static size_t site_prefix(const unsigned char *s)
{
	size_t n = 0;
	while (((*s | 32) >= 'a' && (*s | 32) <= 'z') && n < 4)
		n++, s++;
	if (n < 2 || n > 3 || *s != '-')
		return 0;
	int caps = 1, parts = 1, lastdig = 0;
	const unsigned char *q = s - n;
	for (size_t i = 0; i < n; i++)
		caps &= q[i] >= 'A' && q[i] <= 'Z';
	while (*s == '-') {
		s++;
		size_t l = 0, d = 0;
		int pc = 1;
		while ((*s | 32) >= 'a' && (*s | 32) <= 'z')
			pc &= *s >= 'A' && *s <= 'Z', l++, s++;
		while (*s >= '0' && *s <= '9')
			d++, s++;
		if (!l && !d)
			return 0;
		caps &= pc && l >= 2 && !d;
		lastdig = l && d;
		parts++;
		if (!l && d)
			return 0;    /* "UPS-1" */
	}
	if ((*s | 32) >= 'a' && (*s | 32) <= 'z')
		return 0;
	return parts >= 2 && (lastdig || (caps && n == 2)) ? n : 0;
}

/* The next token of *p into buf (lower case); 0 at the end.  A number
 * followed by '%' is the word "pctN", N its tens ("5%" pct0, "93%"
 * pct9, "100%" pct10). */
static int next_token(const char **p, char *buf, struct tokinfo *ti)
{
	const unsigned char *s = (const unsigned char *)*p;
	ti->brk = 0;
	ti->prefix = 0;
	for (;;) {
		unsigned c = *s;
		if (!c) {
			*p = (const char *)s;
			return 0;
		}
		if ((c | 32) >= 'a' && (c | 32) <= 'z')
			break;
		if (c >= '0' && c <= '9')
			break;
		if (c == ';' || c == '!' || c == '?' || c == '\n' || c == '|' ||
		    (c == '.' && (s[1] == ' ' || s[1] == '\0' || s[1] == '\n')))
			ti->brk = 2;   /* a sentence ends */
		else if (!ti->brk && (c == ',' || c == ':' || c == '(' || c == ')' ||
				   (c == '-' && s[1] == ' ' && (const char *)s > *p && s[-1] == ' ')))
			ti->brk = 1;   /* a clause ends */
		if (c == '(')
			ti->paren++;
		else if (c == ')' && ti->paren > 0)
			ti->paren--;
		s++;
	}
	/* a site prefix is its own token: "sw" of "SW-DC01" */
	size_t pre = (s == (const unsigned char *)*p || !((s[-1] | 32) >= 'a' && (s[-1] | 32) <= 'z'))
		? site_prefix(s) : 0;
	size_t n = 0;
	int letters = 0, digits = 0;
	for (;;) {
		unsigned c = *s;
		if (pre && n == pre)
			break;
		if ((c | 32) >= 'a' && (c | 32) <= 'z') {
			c |= 32;
			letters++;
		} else if (c >= '0' && c <= '9') {
			digits++;
		} else if (c == '\'' && n) {
			s++;
			continue;
		} else if (c == '/' && n == 1 && letters == 1) {
			;   /* b/u, a/v, w/, n/a */
		} else {
			break;
		}
		if (n < TOKLEN)
			buf[n++] = (char)c;
		s++;
	}
	buf[n] = '\0';
	ti->prefix = pre != 0;
	if (!letters && digits && n < 10) {
		const unsigned char *q = s;
		if (*q == ' ')
			q++;
		if (*q == '%') {
			unsigned long val = 0;
			for (size_t i = 0; i < n; i++)
				val = val * 10 + (unsigned long)(buf[i] - '0');
			char t[TOKLEN + 1];
			str_copy(t, sizeof(t), "pct", 3);
			size_t k = 3;
			unsigned long tens = val / 10;
			char d[12];
			size_t nd = 0;
			do {
				d[nd++] = (char)('0' + tens % 10);
				tens /= 10;
			} while (tens && nd < sizeof(d));
			while (nd && k < TOKLEN)
				t[k++] = d[--nd];
			t[k] = '\0';
			memcpy(buf, t, k + 1);
			s = q + 1;
		}
	}
	*p = (const char *)s;
	return 1;
}

static int ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && !memcmp(s + n - k, suf, k);
}

/* The light stem of a lower-case token, in place. */
static void stem(char *t)
{
	size_t n = strlen(t);
	if (n > 4 && ends(t, n, "ies")) {
		n -= 3;
		t[n++] = 'y';
	} else if (n > 3 && t[n - 1] == 's' && t[n - 2] != 's' && t[n - 2] != 'u') {
		n--;
	}
	int cut = 0;
	if (n >= 6 && ends(t, n, "ed")) {
		n -= 2;
		cut = 1;
	} else if (n >= 7 && ends(t, n, "ing")) {
		n -= 3;
		cut = 1;
	}
	if (cut && t[n - 1] == 'i')
		t[n - 1] = 'y';
	if (cut && n >= 3 && t[n - 1] == t[n - 2] && !strchr("aeiouylszg", t[n - 1]))
		n--;
	if (n >= 5 && t[n - 1] == 'e')
		n--;
	t[n] = '\0';
}

/* At most one insert, delete, replace or swap of neighbours apart. */
static int one_edit(const char *a, size_t na, const char *b, size_t nb)
{
	if (na > nb)
		return one_edit(b, nb, a, na);
	if (nb - na > 1)
		return 0;
	size_t i = 0;
	while (i < na && a[i] == b[i])
		i++;
	if (i == na)
		return 1;
	if (na == nb) {
		if (!strcmp(a + i + 1, b + i + 1))
			return 1;
		return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       !strcmp(a + i + 2, b + i + 2);
	}
	return !strcmp(a + i, b + i + 1);
}

static int fold_cmp(const void *x, const void *y)
{
	return strcmp(((const struct fold *)x)->from, ((const struct fold *)y)->from);
}

static const char *folded(const struct vocab *v, const char *t)
{
	size_t lo = 0, hi = v->nfold;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		int c = strcmp(t, v->fold[m].from);
		if (!c)
			return v->fold[m].to;
		if (c < 0)
			hi = m;
		else
			lo = m + 1;
	}
	return t;
}

/* Id of an exact stem, or -1 (after finish). */
static int find_word(const struct vocab *v, const char *w)
{
	size_t lo = 0, hi = v->nword;
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		int c = strcmp(w, v->word[v->sorted[m]]);
		if (!c)
			return v->sorted[m];
		if (c < 0)
			hi = m;
		else
			lo = m + 1;
	}
	return -1;
}

/* Id of a stem while adding (linear: the catalog is small). */
static int intern(struct vocab *v, const char *w)
{
	for (size_t i = 0; i < v->nword; i++)
		if (!strcmp(v->word[i], w))
			return (int)i;
	VEC_GROW(v->word, v->nword, v->capword, v->nword + 1);
	v->word[v->nword] = xstrdup(w);
	return (int)v->nword++;
}

/* Normalise a raw token (folded, stemmed) into out. */
static void normal(const struct vocab *v, const char *raw, char *out)
{
	const char *f = folded(v, raw);
	size_t n = strlen(f);
	if (n > TOKLEN)
		n = TOKLEN;
	memcpy(out, f, n);
	out[n] = '\0';
	stem(out);
}

/* The word id of a raw token of a line, or -1. */
static int lookup(const struct vocab *v, const char *raw)
{
	char t[TOKLEN + 1];
	normal(v, raw, t);
	int id = find_word(v, t);
	if (id >= 0)
		return id;
	/* srv01, dc2: the letters */
	size_t n = strlen(raw), l = 0;
	while (l < n && raw[l] >= 'a' && raw[l] <= 'z')
		l++;
	if (l >= 2 && l < n) {
		size_t d = l;
		while (d < n && raw[d] >= '0' && raw[d] <= '9')
			d++;
		if (d == n) {
			char a[TOKLEN + 1];
			memcpy(a, raw, l);
			a[l] = '\0';
			normal(v, a, t);
			if ((id = find_word(v, t)) >= 0)
				return id;
			normal(v, raw, t);
		}
	}
	/* a typo: only for tokens of 6 letters or more */
	if (n < 6)
		return -1;
	size_t nt = strlen(t);
	unsigned char f = (unsigned char)t[0];
	for (int k = v->fz_start[f]; k < v->fz_start[f + 1]; k++) {
		int i = v->fz[k];
		size_t nw = (size_t)v->wlen[i];
		if (nw + 1 >= nt && nt + 1 >= nw && one_edit(t, nt, v->word[i], nw))
			return i;
	}
	return -1;
}

/* ---- building --------------------------------------------------------------- */

struct vocab *vocab_new(void)
{
	struct vocab *v = xcalloc(1, sizeof(*v));
	sb_puts(&v->src, "fitsmon vocab 1\n");
	return v;
}

void vocab_free(struct vocab *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nword; i++)
		free(v->word[i]);
	free(v->word);
	free(v->sorted);
	for (size_t i = 0; i < v->nfold; i++) {
		free(v->fold[i].from);
		free(v->fold[i].to);
	}
	free(v->fold);
	for (size_t i = 0; i < v->nph; i++)
		free(v->ph[i].text);
	free(v->ph);
	free(v->first_start);
	free(v->first_ph);
	free(v->wlen);
	free(v->fz);
	sb_release(&v->src);
	free(v);
}

/* Call f on each comma-separated, trimmed, non-empty item of list. */
static size_t items(const char *list, void (*f)(void *, const char *, size_t), void *arg)
{
	size_t k = 0;
	const char *p = list;
	while (p && *p) {
		const char *q = strchr(p, ',');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		const char *b;
		size_t len = str_trim_span(p, n, &b);
		if (len) {
			f(arg, b, len);
			k++;
		}
		p = q ? q + 1 : p + n;
	}
	return k;
}

struct addctx {
	struct vocab *v;
	enum kind kind;
	int rule;
	const char *first;   /* "same": the word */
	size_t nfirst;
};

static void add_phrase(void *arg, const char *s, size_t n)
{
	struct addctx *c = arg;
	struct vocab *v = c->v;
	char *text = xstrndup(s, n);
	struct phrase ph = { c->kind, c->rule, 0, { 0 }, text };
	const char *p = text;
	char raw[TOKLEN + 1], t[TOKLEN + 1];
	struct tokinfo ti = { 0, 0, 0 };
	while (ph.n < MAXW && next_token(&p, raw, &ti)) {
		normal(v, raw, t);
		ph.w[ph.n++] = intern(v, t);
	}
	if (!ph.n) {
		free(text);
		return;
	}
	VEC_GROW(v->ph, v->nph, v->capph, v->nph + 1);
	v->ph[v->nph++] = ph;
}

static void add_same(void *arg, const char *s, size_t n)
{
	struct addctx *c = arg;
	char raw[TOKLEN + 1];
	struct tokinfo ti = { 0, 0, 0 };
	char *text = xstrndup(s, n);
	const char *p = text;
	char extra[TOKLEN + 1];
	const char *rest;
	if (next_token(&p, raw, &ti) && (rest = p, !next_token(&rest, extra, &ti))) {
		/* one token each: "re tested" would fold "re" */
		if (!c->first) {
			c->first = s;
			c->nfirst = n;
		} else {
			struct vocab *v = c->v;
			char *to = xstrndup(c->first, c->nfirst);
			const char *q = to;
			char w[TOKLEN + 1];
			struct tokinfo tq = { 0, 0, 0 };
			if (next_token(&q, w, &tq)) {
				VEC_GROW(v->fold, v->nfold, v->capfold, v->nfold + 1);
				v->fold[v->nfold].from = xstrdup(raw);
				v->fold[v->nfold++].to = xstrdup(w);
			}
			free(to);
		}
	}
	free(text);
}

int vocab_add_shared(struct vocab *v, const char *key, const char *value, char **err)
{
	struct addctx c = { v, K_NOTDONE, -1, NULL, 0 };
	sb_printf(&v->src, "%s=%s\n", key, value);
	if (!strcmp(key, "same")) {
		items(value, add_same, &c);
		/* the folds must be known before later phrases are stemmed */
		qsort(v->fold, v->nfold, sizeof(*v->fold), fold_cmp);
		return 0;
	}
	if (!strcmp(key, "negation"))
		c.kind = K_NEG;
	else if (!strcmp(key, "fine"))
		c.kind = K_FINE;
	else if (strcmp(key, "notdone"))
		return errorf(err, "vocabulary: unknown list '%s'", key);
	items(value, add_phrase, &c);
	return 0;
}

int vocab_add_rule(struct vocab *v, const char *objects, const char *actions,
		   const char *unless, char **err)
{
	int r = v->nrule;
	struct addctx c = { v, K_OBJ, r, NULL, 0 };
	sb_printf(&v->src, "rule %d\n%s\n%s\n%s\n", r, objects ? objects : "",
		  actions ? actions : "", unless ? unless : "-");
	if (!items(objects, add_phrase, &c))
		return errorf(err, "objects: no phrase");
	c.kind = K_ACT;
	if (!items(actions, add_phrase, &c))
		return errorf(err, "actions: no phrase");
	c.kind = K_UNLESS;
	items(unless, add_phrase, &c);
	return v->nrule++;
}

int vocab_add_problems(struct vocab *v, const char *problems, char **err)
{
	int k = v->nprob;
	struct addctx c = { v, K_PROB, k, NULL, 0 };
	sb_printf(&v->src, "problems %d\n%s\n", k, problems ? problems : "");
	if (!items(problems, add_phrase, &c))
		return errorf(err, "problems: no phrase");
	return v->nprob++;
}

static const struct vocab *sort_v;
static int word_cmp(const void *x, const void *y)
{
	return strcmp(sort_v->word[*(const int *)x], sort_v->word[*(const int *)y]);
}

void vocab_finish(struct vocab *v)
{
	free(v->sorted);
	v->sorted = xcalloc(v->nword ? v->nword : 1, sizeof(int));
	for (size_t i = 0; i < v->nword; i++)
		v->sorted[i] = (int)i;
	sort_v = v;
	qsort(v->sorted, v->nword, sizeof(int), word_cmp);
	sort_v = NULL;
	free(v->wlen);
	free(v->fz);
	v->wlen = xcalloc(v->nword ? v->nword : 1, sizeof(int));
	v->fz = xcalloc(v->nword ? v->nword : 1, sizeof(int));
	memset(v->fz_start, 0, sizeof(v->fz_start));
	for (size_t i = 0; i < v->nword; i++) {
		v->wlen[i] = (int)strlen(v->word[i]);
		if (v->wlen[i] >= 5)
			v->fz_start[(unsigned char)v->word[i][0] + 1]++;
	}
	for (int c = 0; c < 256; c++)
		v->fz_start[c + 1] += v->fz_start[c];
	int fill_fz[256] = { 0 };
	for (size_t i = 0; i < v->nword; i++)
		if (v->wlen[i] >= 5) {
			unsigned char c = (unsigned char)v->word[i][0];
			v->fz[v->fz_start[c] + fill_fz[c]++] = (int)i;
		}
	free(v->first_start);
	free(v->first_ph);
	v->first_start = xcalloc(v->nword + 1, sizeof(int));
	v->first_ph = xcalloc(v->nph ? v->nph : 1, sizeof(int));
	for (size_t i = 0; i < v->nph; i++)
		v->first_start[v->ph[i].w[0] + 1]++;
	for (size_t i = 0; i < v->nword; i++)
		v->first_start[i + 1] += v->first_start[i];
	int *fill = xcalloc(v->nword ? v->nword : 1, sizeof(int));
	for (size_t i = 0; i < v->nph; i++) {
		int w = v->ph[i].w[0];
		v->first_ph[v->first_start[w] + fill[w]++] = (int)i;
	}
	free(fill);
}

uint64_t vocab_signature(const struct vocab *v)
{
	return fnv1a(FNV_OFFSET, v->src.buf ? v->src.buf : "", v->src.len);
}

/* ---- matching --------------------------------------------------------------- */

struct vocab_scan *vocab_scan_new(void)
{
	return xcalloc(1, sizeof(struct vocab_scan));
}

void vocab_scan_free(struct vocab_scan *s)
{
	free(s);
}

/* lookup(), remembered: the same words come back line after line */
static int cached_lookup(const struct vocab *v, struct vocab_scan *s, const char *raw)
{
	size_t n = strlen(raw);
	struct cached *c = &s->cache[fnv1a(FNV_OFFSET, raw, n) % CACHE];
	if (!memcmp(c->tok, raw, n + 1) && c->id != -2)
		return c->id;
	memcpy(c->tok, raw, n + 1);
	return c->id = lookup(v, raw);
}

void vocab_scan_line(const struct vocab *v, struct vocab_scan *s, const char *text)
{
	if (s->v != v) {
		for (int i = 0; i < CACHE; i++) {
			s->cache[i].tok[0] = '\0';
			s->cache[i].id = -2;    /* empty */
		}
		s->v = v;
	}
	const char *p = text ? text : "";
	struct tokinfo ti = { 0, 0, 0 };
	int sent = 0, clause = 0;
	s->ntok = 0;
	s->nocc = 0;
	while (s->ntok < MAXTOK && next_token(&p, s->raw[s->ntok], &ti)) {
		sent += ti.brk == 2;
		clause += ti.brk != 0;
		s->sent[s->ntok] = sent;
		s->clause[s->ntok] = clause;
		s->paren[s->ntok] = ti.paren > 0;
		s->skip[s->ntok] = (unsigned char)ti.prefix;
		s->id[s->ntok] = ti.prefix ? -1 : cached_lookup(v, s, s->raw[s->ntok]);
		s->ntok++;
	}
	for (int i = 0; i < s->ntok; i++) {
		int w = s->id[i];
		if (w < 0)
			continue;
		for (int k = v->first_start[w]; k < v->first_start[w + 1]; k++) {
			const struct phrase *ph = &v->ph[v->first_ph[k]];
			if (i + ph->n > s->ntok)
				continue;
			int j = 1;
			while (j < ph->n && s->id[i + j] == ph->w[j])
				j++;
			if (j < ph->n || s->nocc >= MAXOCC)
				continue;
			s->occ[s->nocc++] = (struct occ){ v->first_ph[k], i, i + ph->n - 1 };
		}
	}
}

/* The line's words s..e as written (normalised tokens). */
static void put_words(struct strbuf *b, const struct vocab_scan *s, int from, int to)
{
	for (int i = from; i <= to; i++)
		sb_printf(b, "%s%s", i > from ? " " : "", s->raw[i]);
}

/* The cue that rules out the pair (o, a), or NULL. */
static const struct occ *pair_cue(const struct vocab *v, const struct vocab_scan *s, int r,
				  const struct occ *o, const struct occ *a)
{
	int ps = o->s < a->s ? o->s : a->s, pe = o->e > a->e ? o->e : a->e;
	int co = s->clause[o->s], ca = s->clause[a->s];
	for (int k = 0; k < s->nocc; k++) {
		const struct occ *c = &s->occ[k];
		const struct phrase *ph = &v->ph[c->ph];
		/* a notdone cue speaks to its sentence, the others to their
		 * clause (commas, colons, brackets and " - " end clauses) */
		int near = c->s >= ps - VOCAB_BEFORE && c->e <= pe + VOCAB_AFTER;
		/* in brackets, only to its own clause: "(leavers not yet off SIMS)" */
		if (ph->kind == K_NOTDONE && near && s->sent[c->s] == s->sent[o->s] &&
		    (!s->paren[c->s] || s->clause[c->s] == co || s->clause[c->s] == ca))
			return c;
		if (s->clause[c->s] != co && s->clause[c->s] != ca)
			continue;
		if (ph->kind == K_UNLESS && ph->rule == r && near)
			return c;
		if (ph->kind == K_NEG && ((c->e < a->s && c->e >= a->s - VOCAB_NEG) ||
					  (c->e < ps && c->e >= ps - VOCAB_NEG)))
			return c;
	}
	return NULL;
}

int vocab_match(const struct vocab *v, const struct vocab_scan *s, int r, struct strbuf *why)
{
	const struct occ *fo = NULL, *fa = NULL;
	const struct occ *bo = NULL, *ba = NULL, *bc = NULL;   /* best pair */
	int ok = 0;
	for (int k = 0; k < s->nocc; k++) {
		const struct phrase *ph = &v->ph[s->occ[k].ph];
		if (ph->rule != r)
			continue;
		if (ph->kind == K_OBJ && !fo)
			fo = &s->occ[k];
		else if (ph->kind == K_ACT && !fa)
			fa = &s->occ[k];
	}
	if (!fo)
		return 0;   /* nothing this activity is about: not close to it */
	for (int i = 0; i < s->nocc && !ok; i++) {
		const struct occ *o = &s->occ[i];
		if (v->ph[o->ph].rule != r || v->ph[o->ph].kind != K_OBJ)
			continue;
		for (int j = 0; j < s->nocc && !ok; j++) {
			const struct occ *a = &s->occ[j];
			if (v->ph[a->ph].rule != r || v->ph[a->ph].kind != K_ACT)
				continue;
			if (o->e >= a->s && a->e >= o->s)
				continue;   /* the same words */
			if (s->sent[o->s] != s->sent[a->s])
				continue;
			int gap = o->s > a->e ? o->s - a->e - 1 : a->s - o->e - 1;
			if (gap > VOCAB_GAP)
				continue;
			const struct occ *c = pair_cue(v, s, r, o, a);
			if (!bo || (bc && !c)) {
				bo = o;
				ba = a;
				bc = c;
			}
			if (!c)
				ok = 1;
		}
	}
	if (why) {
		if (bo) {
			sb_puts(why, "object '");
			put_words(why, s, bo->s, bo->e);
			sb_puts(why, "', action '");
			put_words(why, s, ba->s, ba->e);
			sb_puts(why, "'");
		} else if (fo && fa) {
			sb_puts(why, "object '");
			put_words(why, s, fo->s, fo->e);
			sb_puts(why, "', action '");
			put_words(why, s, fa->s, fa->e);
			sb_printf(why, "' too far apart (more than %d words, or another sentence)",
				  VOCAB_GAP);
		} else if (fo) {
			sb_puts(why, "object '");
			put_words(why, s, fo->s, fo->e);
			sb_puts(why, "', no action");
		} else {
			sb_puts(why, "no object, action '");
			put_words(why, s, fa->s, fa->e);
			sb_puts(why, "'");
		}
		if (bc) {
			sb_printf(why, ", ruled out by '");
			put_words(why, s, bc->s, bc->e);
			sb_printf(why, "' (%s)", v->ph[bc->ph].kind == K_UNLESS ?
				  "this activity's unless" : kind_key[v->ph[bc->ph].kind]);
		}
		sb_puts(why, ok ? ": counts" : ": does not count");
	}
	if (ok)
		return 1;
	return bo ? -1 : 0;
}

/* Does occurrence k of s lie inside an object of rule r? */
static int in_object(const struct vocab *v, const struct vocab_scan *s, int r, const struct occ *o)
{
	for (int k = 0; r >= 0 && k < s->nocc; k++) {
		const struct occ *c = &s->occ[k];
		const struct phrase *ph = &v->ph[c->ph];
		if (ph->kind == K_OBJ && ph->rule == r && c->s <= o->s && c->e >= o->e && c != o)
			return 1;
	}
	return 0;
}

/* A token of digits among tokens [from, to) ("no errors, 3 warnings")? */
static int number_in(const struct vocab_scan *s, int from, int to)
{
	for (int i = from; i < to; i++) {
		const char *t = s->raw[i];
		while (*t >= '0' && *t <= '9')
			t++;
		if (!*t && t != s->raw[i])
			return 1;
	}
	return 0;
}

int vocab_concern(const struct vocab *v, const struct vocab_scan *s, int p, int r,
		  struct strbuf *why)
{
	unsigned char fine[MAXOCC];
	const struct occ *good = NULL, *cue = NULL;
	for (int k = 0; k < s->nocc; k++) {
		const struct occ *o = &s->occ[k];
		const struct phrase *ph = &v->ph[o->ph];
		fine[k] = 0;
		if (ph->kind != K_PROB || ph->rule != p || in_object(v, s, r, o))
			continue;
		/* good news: a fine cue just before it ("no errors", "0 failed",
		 * "after last week's failure"), or just before a problem phrase
		 * right before it that is good news ("no errors or warnings") */
		const struct occ *by = NULL;
		for (int j = 0; j < s->nocc && !by; j++) {
			const struct occ *c = &s->occ[j];
			const struct phrase *cp = &v->ph[c->ph];
			if (s->clause[c->s] != s->clause[o->s] || c->e >= o->s)
				continue;
			if (cp->kind == K_FINE && o->s - c->e - 1 <= VOCAB_FINE &&
			    !number_in(s, c->e + 1, o->s))
				by = c;
			else if (cp->kind == K_PROB && cp->rule == p && j < k && fine[j] &&
				 o->s - c->e - 1 <= 1 && !number_in(s, c->e + 1, o->s))
				by = c;
		}
		if (by) {
			fine[k] = 1;
			if (!good) {
				good = o;
				cue = by;
			}
			continue;
		}
		if (why) {
			sb_puts(why, "problem '");
			put_words(why, s, o->s, o->e);
			sb_puts(why, "'");
		}
		return 1;
	}
	if (why && good) {
		sb_puts(why, "no problem ('");
		put_words(why, s, good->s, good->e);
		sb_puts(why, "' after '");
		put_words(why, s, cue->s, cue->e);
		sb_puts(why, "')");
	}
	return 0;
}
