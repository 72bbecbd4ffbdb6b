/* pattern — PCRE2 with JIT, limits and an interpreter fallback; a compiled
 * pattern is only read, what matching writes is the caller's scratch. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pattern.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Generous for real log lines, small enough to stop (a+)+b at once. */
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u

/* Only read once compiled: any number of threads may match with it. */
struct pattern {
	char *source;
	pcre2_code *code;
	pcre2_match_context *mctx;
	int jit;            /* JIT code is in use */
	int jit_refused;
};

/* What matching writes: one per thread. */
struct pattern_scratch {
	pcre2_match_data *md;
	struct { const struct pattern *p; unsigned long n; } *hit;   /* limit stops */
	size_t nhit, caphit;
	unsigned long total;
};

struct pattern *pattern_compile(const char *source, char **err)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED,
					 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		errorf(err, "bad pattern at offset %zu: %s", (size_t)off, (char *)msg);
		return NULL;
	}
	struct pattern *p = xcalloc(1, sizeof(*p));
	p->source = xstrdup(source);
	p->code = code;
	p->mctx = pcre2_match_context_create(NULL);
	if (!p->mctx) {
		pattern_free(p);
		errorf(err, "out of memory compiling a pattern");
		return NULL;
	}
	pcre2_set_match_limit(p->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(p->mctx, DEPTH_LIMIT);
	/* The JIT may be missing from the build or refused by the kernel
	 * (no writable+executable memory); both fall back the same way.
	 * FITSMON_NO_JIT=1 asks for the interpreter (valgrind cannot follow
	 * JIT code, and reports false errors in it); that is not a refusal. */
	const char *nojit = getenv("FITSMON_NO_JIT");
	if (nojit && *nojit && strcmp(nojit, "0") != 0)
		p->jit = 0;
	else if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0)
		p->jit = 1;
	else
		p->jit_refused = 1;
	return p;
}

void pattern_free(struct pattern *p)
{
	if (!p)
		return;
	pcre2_match_context_free(p->mctx);
	pcre2_code_free(p->code);
	free(p->source);
	free(p);
}

const char *pattern_source(const struct pattern *p)
{
	return p->source;
}

struct pattern_scratch *pattern_scratch_new(void)
{
	struct pattern_scratch *s = xcalloc(1, sizeof(*s));
	/* one pair is enough: a match with more groups than the vector holds
	 * still returns 0 (a match), and only whether it matched is asked */
	s->md = pcre2_match_data_create(1, NULL);
	if (!s->md) {   /* as util.c's allocators do */
		fputs("fitsmon: out of memory\n", stderr);
		exit(71);
	}
	return s;
}

void pattern_scratch_free(struct pattern_scratch *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	free(s->hit);
	free(s);
}

int pattern_match(const struct pattern *p, struct pattern_scratch *ps, const char *s,
		  size_t len)
{
	int rc = pcre2_match(p->code, (PCRE2_SPTR)(s ? s : ""), s ? len : 0, 0, 0,
			     ps->md, p->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	ps->total++;
	size_t i = 0;
	while (i < ps->nhit && ps->hit[i].p != p)
		i++;
	if (i == ps->nhit) {
		VEC_GROW(ps->hit, ps->nhit, ps->caphit, ps->nhit + 1);
		ps->hit[ps->nhit].p = p;
		ps->hit[ps->nhit++].n = 0;
	}
	ps->hit[i].n++;
	return -1;
}

unsigned long pattern_limit_hits(const struct pattern_scratch *ps, const struct pattern *p)
{
	for (size_t i = 0; i < ps->nhit; i++)
		if (ps->hit[i].p == p)
			return ps->hit[i].n;
	return 0;
}

unsigned long pattern_limit_total(const struct pattern_scratch *ps)
{
	return ps->total;
}

int pattern_jit_refused(const struct pattern *p)
{
	return p->jit_refused;
}
