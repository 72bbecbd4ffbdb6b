/*
 * spool — last good copies per feed: temporary files, atomic commit
 * through a "current" symlink, pruning, and a lock against a second
 * writer (the contract is in include/spool.h).
 *
 * Everything inside the feed's folder is done relative to a descriptor
 * of the folder (openat, linkat, renameat...), so a folder renamed or
 * replaced under a running fetch cannot redirect the writes.
 */
#include "spool.h"

#include "sha256.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_PREFIX ".tmp-"
#define CURRENT "current"
#define CURRENT_TMP ".current.tmp"
#define LOCKFILE ".lock"
/* "YYYYMMDDTHHMMSSZ-xxxxxxxx.csv" */
#define COPY_NAME_LEN 29

struct spool {
	char *dir;       /* SPOOLDIR/FEED */
	int dirfd;       /* that folder, O_DIRECTORY */
	int lockfd;      /* .lock, flocked; -1 until the first write */
	int keep;
};

/* A feed name that is one harmless file name (see spool_open). */
static int feed_name_ok(const char *feed)
{
	if (!*feed || strcmp(feed, ".") == 0 || strcmp(feed, "..") == 0)
		return 0;
	for (const unsigned char *p = (const unsigned char *)feed; *p; p++)
		if (*p == '/' || *p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* Whether name has the shape of a kept copy's name. */
static int is_copy_name(const char *name)
{
	static const char shape[] = "ddddddddTddddddZ-xxxxxxxx.csv";
	if (strlen(name) != COPY_NAME_LEN)
		return 0;
	for (size_t i = 0; i < COPY_NAME_LEN; i++) {
		char c = name[i];
		switch (shape[i]) {
		case 'd':
			if (c < '0' || c > '9')
				return 0;
			break;
		case 'x':
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
				return 0;
			break;
		default:
			if (c != shape[i])
				return 0;
		}
	}
	return 1;
}

/* mkdir -p with mode for every folder created; existing ones are left as they are. */
static int make_dirs(const char *path, mode_t mode, char **err)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			rc = errorf(err, "cannot create folder '%s': %s", p, strerror(errno));
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

/* fsync a folder; filesystems that cannot (EINVAL) are let off. */
static int sync_dir(const struct spool *sp, char **err)
{
	if (fsync(sp->dirfd) < 0 && errno != EINVAL)
		return errorf(err, "cannot sync folder '%s': %s", sp->dir, strerror(errno));
	return 0;
}

struct spool *spool_open(const char *dir, const char *feed, int keep, char **err)
{
	if (!feed_name_ok(feed)) {
		errorf(err, "cannot spool feed '%s': the name cannot be a folder name", feed);
		return NULL;
	}
	if (!dir || !*dir) {
		errorf(err, "cannot spool feed '%s': no spool folder", feed);
		return NULL;
	}
	char *path = xasprintf("%s/%s", dir, feed);
	if (make_dirs(path, 0750, err) < 0) {
		free(path);
		return NULL;
	}
	/* never through a symlink: the feed's folder is the spool's own */
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	struct stat lsb;
	if (fd < 0) {
		int e = errno;
		errorf(err, "cannot open folder '%s': %s", path,
		       lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode) ?
		       "it is a symlink (refused)" : strerror(e));
		free(path);
		return NULL;
	}
	struct spool *sp = xcalloc(1, sizeof *sp);
	sp->dir = path;
	sp->dirfd = fd;
	sp->lockfd = -1;
	sp->keep = keep > 0 ? keep : SPOOL_KEEP_DEFAULT;
	return sp;
}

void spool_free(struct spool *sp)
{
	if (!sp)
		return;
	if (sp->lockfd >= 0)
		close(sp->lockfd);
	close(sp->dirfd);
	free(sp->dir);
	free(sp);
}

const char *spool_path(const struct spool *sp)
{
	return sp->dir;
}

/*
 * Become the folder's only writer (once per spool); with clean, also
 * clear what a crashed writer left: temporary files and a half-made
 * current link.  -1 with *err when another process holds the lock.
 */
static int lock_spool(struct spool *sp, int clean, char **err)
{
	if (sp->lockfd >= 0)
		return 0;
	int fd = openat(sp->dirfd, LOCKFILE, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
			0640);
	if (fd < 0)
		return errorf(err, "cannot open '%s/%s': %s", sp->dir, LOCKFILE, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		close(fd);
		if (e == EWOULDBLOCK)
			return errorf(err, "spool '%s' is in use by another fitsmon", sp->dir);
		return errorf(err, "cannot lock '%s/%s': %s", sp->dir, LOCKFILE, strerror(e));
	}
	sp->lockfd = fd;

	DIR *d = clean ? opendir(sp->dir) : NULL;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)))
			if (strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0 ||
			    strcmp(de->d_name, CURRENT_TMP) == 0)
				unlinkat(sp->dirfd, de->d_name, 0);
		closedir(d);
	}
	return 0;
}

char *spool_tmp(struct spool *sp, char **err)
{
	if (lock_spool(sp, 1, err) < 0)
		return NULL;
	char *path = xasprintf("%s/" TMP_PREFIX "XXXXXX", sp->dir);
	int fd = mkstemp(path);
	if (fd < 0) {
		errorf(err, "cannot create a file in '%s': %s", sp->dir, strerror(errno));
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

void spool_discard(const char *tmp)
{
	if (tmp)
		unlink(tmp);
}

/* The file name of tmp when it is a temporary file of this spool, else NULL. */
static const char *tmp_name(const struct spool *sp, const char *tmp)
{
	size_t dl = strlen(sp->dir);
	if (strncmp(tmp, sp->dir, dl) != 0 || tmp[dl] != '/')
		return NULL;
	const char *name = tmp + dl + 1;
	if (strchr(name, '/') || strncmp(name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
		return NULL;
	return name;
}

/* The target of "current" when it names a kept copy; buf has COPY_NAME_LEN + 1 bytes. */
static int read_current(const struct spool *sp, char *buf, size_t size)
{
	ssize_t n = readlinkat(sp->dirfd, CURRENT, buf, size);
	if (n < 0 || (size_t)n >= size)
		return -1;
	buf[n] = '\0';
	return is_copy_name(buf) ? 0 : -1;
}

char *spool_current(const struct spool *sp)
{
	char name[COPY_NAME_LEN + 2];
	struct stat st;
	if (read_current(sp, name, sizeof name) < 0)
		return NULL;
	if (fstatat(sp->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	return xasprintf("%s/%s", sp->dir, name);
}

static int cmp_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/*
 * Remove kept copies beyond the `keep` newest, never the current one.
 * Best effort: the commit has already succeeded when this runs, and a
 * copy that cannot be removed now will be tried again next time.
 */
static void prune(struct spool *sp)
{
	char cur[COPY_NAME_LEN + 2];
	if (read_current(sp, cur, sizeof cur) < 0)
		cur[0] = '\0';
	DIR *d = opendir(sp->dir);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!is_copy_name(de->d_name))
			continue;
		VEC_GROW(names, n, cap, n + 1);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_desc);
	int removed = 0;
	for (size_t i = 0; i < n; i++) {
		if (i >= (size_t)sp->keep && strcmp(names[i], cur) != 0 &&
		    unlinkat(sp->dirfd, names[i], 0) == 0)
			removed = 1;
		free(names[i]);
	}
	free(names);
	if (removed)
		sync_dir(sp, NULL);
}

/*
 * Give the temporary file `from` the name `to` without ever replacing an
 * existing file: a hard link then unlink, or, where the filesystem has
 * no hard links, a rename after checking the name is free.  When `to`
 * exists with the same digest, `from` is simply dropped.
 */
static int place(struct spool *sp, const char *from, const char *to, const char *sha,
		 char **err)
{
	int rc = linkat(sp->dirfd, from, sp->dirfd, to, 0);
	int e = errno;
	if (rc < 0 && (e == EPERM || e == EOPNOTSUPP || e == ENOSYS || e == EMLINK)) {
		if (faccessat(sp->dirfd, to, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
			e = EEXIST;
		} else {
			if (renameat(sp->dirfd, from, sp->dirfd, to) < 0)
				return errorf(err, "cannot rename '%s/%s': %s", sp->dir, from,
					      strerror(errno));
			return 0;
		}
	}
	if (rc < 0 && e != EEXIST)
		return errorf(err, "cannot link '%s/%s': %s", sp->dir, to, strerror(e));
	if (rc < 0) {
		char *path = xasprintf("%s/%s", sp->dir, to);
		char old[SHA256_HEX_SIZE];
		int same = sha256_file(path, old, NULL) == 0 && strcmp(old, sha) == 0;
		free(path);
		if (!same)
			return errorf(err, "cannot commit to '%s/%s': a different copy has that name",
				      sp->dir, to);
	}
	unlinkat(sp->dirfd, from, 0);
	return 0;
}

/* Point "current" at name by renaming a new symlink over it (atomic). */
static int set_current(struct spool *sp, const char *name, char **err)
{
	unlinkat(sp->dirfd, CURRENT_TMP, 0);
	if (symlinkat(name, sp->dirfd, CURRENT_TMP) < 0)
		return errorf(err, "cannot create '%s/%s': %s", sp->dir, CURRENT_TMP,
			      strerror(errno));
	if (renameat(sp->dirfd, CURRENT_TMP, sp->dirfd, CURRENT) < 0) {
		int e = errno;
		unlinkat(sp->dirfd, CURRENT_TMP, 0);
		return errorf(err, "cannot replace '%s/%s': %s", sp->dir, CURRENT, strerror(e));
	}
	return 0;
}

/* The kept copy's name for a fetch time and digest; -1 when the time cannot be shown. */
static int copy_name(int64_t when, const char *sha, char *out, size_t size)
{
	time_t t = (time_t)when;
	struct tm tm;
	if ((int64_t)t != when || !gmtime_r(&t, &tm) || tm.tm_year + 1900 < 0 ||
	    tm.tm_year + 1900 > 9999)
		return -1;
	int n = snprintf(out, size, "%04d%02d%02dT%02d%02d%02dZ-%.8s.csv", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sha);
	return n == COPY_NAME_LEN ? 0 : -1;
}

/*
 * Make the file durable and named: fsync it (readable by the group,
 * like its folder), hash it unless its digest is known, link it to its
 * final name and fsync the folder.  On success *name holds the final name.
 */
static int settle(struct spool *sp, const char *tmp, const char *base, int64_t when,
		  const char *known, char name[COPY_NAME_LEN + 1], char **err)
{
	char sha[SHA256_HEX_SIZE];
	struct stat st;

	int fd = openat(sp->dirfd, base, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return errorf(err, "cannot open '%s': %s", tmp, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return errorf(err, "cannot commit '%s': not a regular file", tmp);
	}
	if (fchmod(fd, 0640) < 0 || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		return errorf(err, "cannot sync '%s': %s", tmp, strerror(e));
	}
	if (close(fd) < 0)
		return errorf(err, "cannot sync '%s': %s", tmp, strerror(errno));
	if (known && strlen(known) + 1 == sizeof(sha))
		memcpy(sha, known, sizeof(sha));   /* a big copy is not read twice */
	else if (sha256_file(tmp, sha, err) < 0)
		return -1;
	if (copy_name(when, sha, name, COPY_NAME_LEN + 1) < 0)
		return errorf(err, "cannot commit '%s': fetch time %lld out of range", tmp,
			      (long long)when);
	if (place(sp, base, name, sha, err) < 0)
		return -1;
	return sync_dir(sp, err);
}

int spool_commit(struct spool *sp, const char *tmp, int64_t fetched_at, const char *sha256,
		 char **path, char **err)
{
	char name[COPY_NAME_LEN + 1];

	if (path)
		*path = NULL;
	const char *base = tmp_name(sp, tmp);
	if (!base)
		return errorf(err, "cannot commit '%s': not a temporary file of spool '%s'", tmp,
			      sp->dir);
	if (lock_spool(sp, 0, err) < 0 || settle(sp, tmp, base, fetched_at, sha256, name, err) < 0 ||
	    set_current(sp, name, err) < 0 || sync_dir(sp, err) < 0) {
		unlinkat(sp->dirfd, base, 0);
		return -1;
	}
	prune(sp);
	if (path)
		*path = xasprintf("%s/%s", sp->dir, name);
	return 0;
}
