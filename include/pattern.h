#ifndef FITSMON_PATTERN_H
#define FITSMON_PATTERN_H
/*
 * pattern — PCRE2 regular expressions for `when` conditions and evidence.
 *
 * Patterns are compiled once, in UTF mode, and JIT-compiled when the
 * platform allows it; when the JIT is refused (for example under
 * systemd's MemoryDenyWriteExecute) matching falls back to the
 * interpreter, and pattern_jit_refused() says so once for a warning.
 * FITSMON_NO_JIT=1 in the environment skips the JIT (for valgrind).
 * Subjects need not be valid UTF-8 (PCRE2_MATCH_INVALID_UTF).
 * A match limit and a depth limit are set so a catastrophic pattern
 * fails fast instead of hanging the nightly run.
 */
#include <stddef.h>

struct pattern;          /* compiled: only read, shared by any threads */
struct pattern_scratch;  /* what matching writes: one per thread */

/* Compile; NULL with *err ("offset N: message") on a bad pattern. */
struct pattern *pattern_compile(const char *source, char **err);
void pattern_free(struct pattern *p);
const char *pattern_source(const struct pattern *p);

/*
 * Match data and match-limit counts, owned by whoever matches (a load, an
 * evaluation's thread, a command), never by the pattern: a config's
 * patterns stay untouched after config_load.  One thread at a time.
 */
struct pattern_scratch *pattern_scratch_new(void);
void pattern_scratch_free(struct pattern_scratch *ps);

/*
 * Unanchored search in s[0..len), with ps's match data.  Returns 1 on a
 * match, 0 on none, and -1 when a resource limit stopped the match
 * (counted in ps for p; the caller treats it as no match and warns once).
 */
int pattern_match(const struct pattern *p, struct pattern_scratch *ps, const char *s,
		  size_t len);
/* Matches of p that ps saw stopped by the limit; of all patterns. */
unsigned long pattern_limit_hits(const struct pattern_scratch *ps, const struct pattern *p);
unsigned long pattern_limit_total(const struct pattern_scratch *ps);

/* 1 when the JIT was unavailable for at least one compiled pattern. */
int pattern_jit_refused(const struct pattern *p);

#endif
