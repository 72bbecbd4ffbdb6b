#ifndef FITSMON_ALERT_H
#define FITSMON_ALERT_H
/*
 * alert — when fitsmon mails the school contact, and what.
 *
 *   - At once, when a red finding is new: one that has never been in a
 *     mail.  (The nightly `run` checks after recording its findings.)
 *   - A digest of everything open, and what changed since the last one,
 *     on the [mail] digest day (every day with `digest = daily`; never
 *     with `digest = never`), once that day.
 *   - An unchanged finding is never mailed again outside the digest.
 * What was sent is recorded in the store.  A failed send marks nothing as
 * mailed, so the next run tries again and nothing is lost; a failed digest
 * is recorded (mails.kind "digest-failed"), so each later run sends it,
 * whatever the day, until one send succeeds, and then not again.
 */
#include <stdint.h>

struct config;
struct dataset;
struct evaluation;
struct store;

enum alert_sent { ALERT_NONE, ALERT_URGENT, ALERT_DIGEST };

/*
 * Decide and send after a run's findings are recorded.  0 with *sent set,
 * or -1 with *err when the mail could not be sent (the caller exits 75).
 */
int alert_after_run(const struct config *cfg, struct store *st, const struct dataset *ds,
		    const struct evaluation *ev, int64_t now, int64_t run,
		    enum alert_sent *sent, char **err);

/* `fitsmon mail --test`: a short message to every recipient. */
int alert_test(const struct config *cfg, int64_t now, char **err);

#endif
