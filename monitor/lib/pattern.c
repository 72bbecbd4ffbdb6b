/* pattern — PCRE2 with JIT, limits and an interpreter fallback. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pattern.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Generous for real log lines, small enough to stop (a+)+b at once. */
#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u

struct pattern {
	char *source;
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	int jit;            /* JIT code is in use */
	int jit_refused;
	unsigned long limit_hits;
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
	p->md = pcre2_match_data_create_from_pattern(code, NULL);
	p->mctx = pcre2_match_context_create(NULL);
	if (!p->md || !p->mctx) {
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
	pcre2_match_data_free(p->md);
	pcre2_match_context_free(p->mctx);
	pcre2_code_free(p->code);
	free(p->source);
	free(p);
}

const char *pattern_source(const struct pattern *p)
{
	return p->source;
}

int pattern_match(struct pattern *p, const char *s, size_t len)
{
	int rc = pcre2_match(p->code, (PCRE2_SPTR)(s ? s : ""), s ? len : 0, 0, 0,
			     p->md, p->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	p->limit_hits++;
	return -1;
}

unsigned long pattern_limit_hits(const struct pattern *p)
{
	return p->limit_hits;
}

int pattern_jit_refused(const struct pattern *p)
{
	return p->jit_refused;
}
