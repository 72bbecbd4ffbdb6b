#ifndef FITSMON_VOCAB_H
#define FITSMON_VOCAB_H
/*
 * vocab — evidence as a readable vocabulary instead of one long pattern.
 *
 * An activity's rule is three lists of phrases (comma-separated in the
 * catalog): `objects` (the thing: "backup, bkp, veeam"), `actions` (words
 * that show it was done: "checked, verified, went through") and `unless`
 * (a phrase anywhere in the line that rules it out for this activity: the
 * one-off jobs that share the words).  The whole catalog shares three more
 * lists ([vocabulary]): `same` (a variant spelling or abbreviation and the
 * word it stands for, the first item being the word: "checked, chkd,
 * chckd"; an item of more than one word is ignored), `notdone` (cues near the pair that say the work was not done:
 * "postponed, quote, to book") and `negation` (cues just before the
 * action: "will, not, need to"), and `fine` (cues that make a problem
 * phrase good news: "no errors", "0 failed"; see vocab_concern).  An
 * activity may also have `problems`: the phrases by which a line that
 * counts reports that the check found a problem ("failed, errors").
 *
 * Matching works on normalised tokens: ASCII case folded, a token is a run
 * of letters and digits ("b/u" and "a/v" are one token, "w/" is "w/"),
 * apostrophes dropped, letters followed by digits ("srv01") also stand for
 * the letters, a number directly followed by "%" is the word "pctN" with N
 * its tens (so "5% free" in a list stands for 0% to 9% free), a host
 * name's site prefix ("SW" of "SW-DC01", "HL-SRV02", "SW-SIMS") is no
 * word at all; then the `same` list is applied and a light stem taken
 * (a final "s", then "ed" or "ing", undoubling a final consonant but g
 * ("logged" is "logg", not the noun "log"), then "e").  A token of 6 letters or more
 * that is no known word may be one edit (insert, delete, replace, swap two
 * neighbours) away from a known word of 5 letters or more.
 *
 * A line is evidence under a rule when an object phrase and an action
 * phrase both occur in the same sentence with at most VOCAB_GAP tokens
 * between them, and no cue rules the pair out: a `notdone` cue in the same
 * sentence, or an `unless` phrase of the rule in the clause of the object
 * or the action (commas, colons, brackets and " - " end clauses), from
 * VOCAB_BEFORE tokens before the pair to VOCAB_AFTER tokens after it; or a
 * `negation` cue in those clauses ending in the VOCAB_NEG tokens just
 * before the action or just before the pair.  A line whose every pair is
 * ruled out does not count, whatever an `evidence` pattern says; a line
 * with no pair is left to the pattern.
 *
 * One vocab is built per config; it owns copies of its text.  A vocab_scan
 * is per thread (vocab_match is reentrant on a const vocab).
 */
#include <stddef.h>
#include <stdint.h>

#define VOCAB_GAP 6
#define VOCAB_BEFORE 4
#define VOCAB_AFTER 6
#define VOCAB_NEG 4
#define VOCAB_FINE 4

struct vocab;
struct strbuf;

struct vocab *vocab_new(void);
void vocab_free(struct vocab *v);

/* A shared list: key "same", "notdone" or "negation"; -1 with *err for
 * another key. */
int vocab_add_shared(struct vocab *v, const char *key, const char *value, char **err);

/* A rule; returns its index.  objects and actions are needed (non-empty),
 * unless may be NULL.  -1 with *err when a list has no phrase. */
int vocab_add_rule(struct vocab *v, const char *objects, const char *actions,
		   const char *unless, char **err);

/* A list of problem phrases (an activity's `problems`); returns its
 * index (its own numbering, not a rule's).  -1 with *err when the list has
 * no phrase. */
int vocab_add_problems(struct vocab *v, const char *problems, char **err);

/* Index the words; call once after the last add, before matching. */
void vocab_finish(struct vocab *v);

/* 64-bit FNV-1a over every list (shared and per rule), in order.  Changes
 * whenever the vocabulary does. */
uint64_t vocab_signature(const struct vocab *v);

/* The words of one line, found once for all rules. */
struct vocab_scan;
struct vocab_scan *vocab_scan_new(void);
void vocab_scan_free(struct vocab_scan *s);
void vocab_scan_line(const struct vocab *v, struct vocab_scan *s, const char *text);

/*
 * 1 when the scanned line is evidence under rule r; -1 when it is ruled
 * out (an object and an action close together, but a cue applies to every
 * such pair, or an `unless` phrase is in the line); 0 when no object and
 * action are close together (the rule has nothing to say).  With why non-NULL,
 * one line of explanation is appended when the rule found an object or an
 * action: "object 'X', action 'Y', cue 'Z': counts" and so on.
 */
int vocab_match(const struct vocab *v, const struct vocab_scan *s, int r, struct strbuf *why);

/*
 * 1 when the scanned line reports a problem under problem list p: a phrase
 * of the list occurs anywhere in the line that is not good news, 0 when
 * none does.  A phrase is good news when a `fine` cue ("no", "0",
 * "without", "after") ends at most VOCAB_FINE tokens before it in its
 * clause with no number between them ("no errors, 3 warnings"), or a good-news phrase of the list ends at most one token before
 * it ("no errors or warnings"); a phrase inside an object of rule r (the
 * activity's, or -1) is part of the thing checked ("error logs"), not a
 * problem.  With why non-NULL, "problem 'X'" is appended, or "no problem
 * ('X' after 'Y')" when only good news was found.
 */
int vocab_concern(const struct vocab *v, const struct vocab_scan *s, int p, int r,
		  struct strbuf *why);

#endif
