#ifndef FITSMON_EVIDENCE_H
#define FITSMON_EVIDENCE_H
/*
 * evidence — which activities an activity row is evidence for, decided
 * once per row when it enters a dataset, as bit masks, so evaluation only
 * reads bits.
 *
 * A plan belongs to one `activities` feed.  Its list is the config's
 * activities (cfg->act, in config order) whose supplier is the feed's
 * supplier; bit j of a mask stands for the j-th activity of that list.
 * Only the first EVIDENCE_BITS activities of the list have a bit: the
 * others are judged row by row as before (evaluate.c), so results never
 * depend on the limit.  Feeds of the same supplier get the same list.
 *
 * The rule (DESIGN.md, "Obligations"; evaluate_is_evidence says the same):
 * a row is evidence for activity a when its trimmed code equals a's id or
 * one of a's code aliases (ASCII case-insensitive), or its description
 * matches a's vocabulary rule (vocab.h) or, for an activity without one,
 * its `evidence` pattern.  The concern bit is set only for evidence rows
 * that report a problem: by a's `problems` phrases (vocab_concern) or,
 * without them, its `concern` pattern.
 *
 * Matching is the whole cost, so an evidence pattern of the catalog's
 * shape `^(?!guard)(?!guard)... .*?POSITIVE` gets a prefilter: POSITIVE
 * alone, searched anywhere in the line.  A line the full pattern matches
 * has POSITIVE matching somewhere in it, so a line the prefilter does not
 * match is not evidence; any other line (a prefilter hit, or a prefilter
 * stopped by the match limit) is decided by the full pattern.  One
 * difference: a line the prefilter rules out never runs the full pattern,
 * so it cannot add to that pattern's match-limit count.
 *
 * A plan borrows the config's activities and patterns: free the plan
 * before the config.  No globals; a plan is used by one thread at a time
 * (its vocabulary scan), with that thread's pattern scratch.
 */
#include <stddef.h>
#include <stdint.h>

struct config;
struct evidence_plan;
struct pattern_scratch;

/* Activities with a bit in a mask. */
#define EVIDENCE_BITS 64

/*
 * The plan of feed index `feed` (an activities feed; any other kind gets a
 * plan with no activities).  Never NULL.
 */
struct evidence_plan *evidence_plan_new(const struct config *cfg, int feed);
void evidence_plan_free(struct evidence_plan *p);

/* How many activities the supplier performs: bits exist for the first
 * EVIDENCE_BITS of them only. */
size_t evidence_plan_count(const struct evidence_plan *p);
/* Config activity index (into cfg->act) of list entry j < count. */
int evidence_plan_act(const struct evidence_plan *p, size_t j);

/*
 * 64-bit FNV-1a over everything that decides the masks, in order: a
 * version of this rule, then per activity with a bit its id, its code
 * aliases, its vocabulary lists and problem phrases, the source text of
 * its evidence and concern patterns (absent
 * and "" hash differently; every string is length-prefixed), and the
 * list's count.  Masks saved under one signature are valid for a plan
 * with the same signature.  The same config always gives the same value.
 * NEEDSWORK: the PCRE2 library version is not part of it.
 */
uint64_t evidence_plan_signature(const struct evidence_plan *p);

/*
 * The masks of one row: bit j of *ev when the row is evidence for list
 * entry j (j < EVIDENCE_BITS), bit j of *concern when it is evidence and
 * reports a problem.  code may be untrimmed; NULL code or desc is "".
 * Patterns are matched with ps (its match-limit counts grow).
 */
void evidence_match(const struct evidence_plan *p, struct pattern_scratch *ps,
		    const char *code, const char *desc, uint64_t *ev, uint64_t *concern);

/*
 * The prefilter of an evidence pattern's source as a new string (the
 * pattern's top-level option settings, then the part after the leading
 * assertions and `.*` or `.*?`), or NULL when the pattern does not have
 * that shape or uses something the derivation cannot vouch for
 * (backreferences, subroutine calls, conditionals, verbs such as (*SKIP),
 * \G, \Q, comments, extended mode, POSIX classes, a top-level `|` after
 * the `.*`).  Exported for the tests.
 */
char *evidence_prefilter_source(const char *source);

/*
 * Why a log row (code, description) counts, or not, for each of the
 * config's activities it comes close to: one line per such activity,
 * "ID: how: counts" or "ID: how: does not count", where how is the
 * matching code, the object, action and ruling-out cue the vocabulary
 * found (vocab.h), or the evidence pattern; then a last line naming the
 * activities it counts for.  A new string.
 */
char *evidence_explain(const struct config *cfg, const char *code, const char *desc);
/* The same for the activities of one supplier (index into cfg->sup; -1:
 * every activity). */
char *evidence_explain_for(const struct config *cfg, int supplier, const char *code,
			   const char *desc);

#endif
