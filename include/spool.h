#ifndef FITSMON_SPOOL_H
#define FITSMON_SPOOL_H
/*
 * spool — the last good copies of one feed's export, kept so that a
 * failed or partial fetch never replaces what worked last time.
 *
 * One folder per feed, SPOOLDIR/FEED/ (both created 0750 when missing):
 *
 *   20261128T023000Z-1a2b3c4d.csv   a kept copy: fetch time (UTC) and the
 *                                   first 8 hex digits of its SHA-256; 0640
 *   current -> 20261128T023000Z-1a2b3c4d.csv
 *                                   a relative symlink to the last good copy
 *   .tmp-XXXXXX                     a download in progress
 *   .lock                           held (flock) by the process writing
 *
 * The life of a download:
 *   tmp = spool_tmp(sp)           new empty file in the folder
 *   fetch_run(&opts, tmp, &r)     writes it (see fetch.h)
 *   success: spool_commit(sp, tmp, time(NULL), r.sha256, &path, &err)
 *   failure: spool_discard(tmp); spool_current(sp) is still the last good copy
 *
 * spool_commit makes the new copy durable before it becomes current:
 * fsync the file, give it its final name (a hard link, so no existing
 * copy is ever overwritten), fsync the folder, then point "current" at
 * it by renaming a fresh symlink over the old one (an atomic step: a
 * reader sees the old copy or the new one, never none), fsync the
 * folder again, and only then prune.  A crash at any point leaves
 * "current" naming a whole, fsynced file.  A symlink rather than a small
 * file holding the name, because `ls -l` shows the administrator which
 * copy is live and readers need no parsing.
 *
 * Pruning keeps the `keep` newest copies by name (names sort by fetch
 * time) and always the current one; it removes only files named like a
 * copy, never anything else an administrator put there.
 *
 * Writers are serialised: the first spool_tmp or spool_commit takes an
 * exclusive flock on .lock (held until spool_free), and a second fitsmon
 * writing the same feed is refused rather than allowed to race.  Once
 * locked, temporary files left by a crashed run are removed.  Readers
 * (spool_current) take no lock.
 */
#include <stdint.h>

#define SPOOL_KEEP_DEFAULT 5

struct spool;

/*
 * Open (creating when missing, mode 0750) dir and dir/feed.  feed must
 * be usable as one file name: not empty, "." or "..", no '/', no
 * control characters.  keep <= 0 means SPOOL_KEEP_DEFAULT.  NULL with
 * *err.
 */
struct spool *spool_open(const char *dir, const char *feed, int keep, char **err);
void spool_free(struct spool *sp);

/* The feed's folder, SPOOLDIR/FEED; owned by sp. */
const char *spool_path(const struct spool *sp);

/*
 * A new, empty temporary file in the feed's folder (mkstemp, mode 0600,
 * no descriptor left open).  The caller owns the returned path and
 * passes it to spool_commit or spool_discard, then frees it.  NULL with
 * *err, also when another process holds the feed's lock.
 */
char *spool_tmp(struct spool *sp, char **err);

/*
 * Make tmp (from spool_tmp; a complete download) the current copy,
 * named for fetched_at (UTC seconds since the epoch; pass time(NULL),
 * the real fetch time, so names sort as fetches happened) and its
 * SHA-256: sha256 (hex) when the caller worked it out while writing tmp
 * (fetch_run does), or NULL to read tmp back for it.  tmp is gone afterwards, on success and on failure alike
 * (a path that is not one of this spool's temporary files is refused
 * and left alone).
 * When the copy named for the same second and digest prefix already
 * exists with the same full digest, it is reused.  On success, *path
 * (when path is not NULL) is the new copy's path, for the caller to
 * free.  -1 with *err, and "current" still names the previous copy.
 */
int spool_commit(struct spool *sp, const char *tmp, int64_t fetched_at, const char *sha256,
		 char **path, char **err);

/* Remove a temporary file after a failed download; a missing file is fine. */
void spool_discard(const char *tmp);

/*
 * The path of the last good copy, or NULL when there is none (first
 * run, or "current" dangling or not naming a copy).  The caller frees.
 */
char *spool_current(const struct spool *sp);

#endif
