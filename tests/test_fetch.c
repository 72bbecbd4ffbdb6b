/*
 * Tests for fetch, spool and sha256.
 *
 * The http cases run against tests/httpd.py, started here on 127.0.0.1
 * (twice: plain and TLS, with a self-signed certificate made by
 * /usr/bin/openssl in a temporary folder), once for the "http" test case
 * by an unchecked fixture, so the forked tests share the servers.  The
 * servers read a pipe from this process on stdin and exit when it
 * closes, so even a crashed test run leaves none behind.  Nothing here
 * talks to any address outside 127.0.0.0/8, and the proxy variables are
 * cleared so that libcurl cannot be sent elsewhere either.
 */
#include "testutil.h"

#include "fetch.h"
#include "sha256.h"
#include "spool.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3"
#define OPENSSL "/usr/bin/openssl"
#define HTTPD SRCDIR "/tests/httpd.py"

#define TOKEN "tok-3f9a-s3cret-77"
#define OK_BODY "id,opened,priority,status\r\n" \
		"INC1001,2026-11-27T09:00:00Z,P1,Resolved\r\n" \
		"INC1002,2026-11-27T10:30:00Z,P3,Open\r\n"
#define OK_ETAG "\"ok-v1\""
#define OK_LAST_MODIFIED "Wed, 25 Nov 2026 10:00:00 GMT"
#define FLAKY_BODY "id,opened\r\nINC2001,2026-11-27T11:00:00Z\r\n"
/* 2026-11-28T02:30:00Z */
#define NIGHT INT64_C(1795833000)

/* Set by the unchecked fixtures, read by the (forked) tests. */
static char *tmpdir;           /* everything this run writes */
static char *cert, *key;       /* the self-signed certificate for 127.0.0.1 */
static char *token_file, *http_log;
static pid_t http_pid = -1, https_pid = -1;
static int http_port, https_port;
static int stdin_pipe = -1;    /* write end; the servers exit when it closes */

/* A failure in a fixture, outside any test: say why and stop. */
static void die(const char *what)
{
	fprintf(stderr, "test_fetch: %s\n", what);
	exit(EXIT_FAILURE);
}

/* Remove a folder and everything under it (tests only; no symlinks followed). */
static void rm_rf(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *p = xasprintf("%s/%s", path, de->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				rm_rf(p);
			else
				unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(path);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* A whole file as a string; the caller frees. */
static char *slurp(const char *path, size_t *n)
{
	char *s = NULL, *err = NULL;
	if (read_file(path, &s, n, &err) < 0)
		ck_abort_msg("%s", err);
	return s;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run argv (an absolute program path) quietly; its exit status, or -1. */
static int run_quiet(char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/*
 * Start tests/httpd.py with extra arguments, on 127.0.0.1 and a port of
 * its choosing, its stdin the read end of stdin_pipe; wait (at most
 * 10 s) for the port file.
 */
static pid_t start_httpd(const char *name, char *const extra[], int read_end, int *port)
{
	char *portfile = xasprintf("%s/%s.port", tmpdir, name);
	char *argv[32];
	int n = 0;
	argv[n++] = PYTHON;
	argv[n++] = HTTPD;
	argv[n++] = "--port";
	argv[n++] = "0";
	argv[n++] = "--portfile";
	argv[n++] = portfile;
	argv[n++] = "--watch-stdin";
	argv[n++] = "--max-seconds";
	argv[n++] = "300";
	argv[n++] = "--stall-seconds";
	argv[n++] = "4";
	for (int i = 0; extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;

	pid_t pid = fork();
	if (pid < 0)
		die("cannot fork");
	if (pid == 0) {
		dup2(read_end, 0);
		close(read_end);
		execv(argv[0], argv);
		_exit(127);
	}

	for (int i = 0; i < 1000; i++) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			die("tests/httpd.py exited early (is /usr/bin/python3 installed?)");
		FILE *f = fopen(portfile, "r");
		if (f) {
			int ok = fscanf(f, "%d", port) == 1;
			fclose(f);
			if (ok && *port > 0 && *port < 65536) {
				free(portfile);
				return pid;
			}
		}
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGTERM);
	die("tests/httpd.py did not report its port within 10 s");
	return -1;
}

/* Never let libcurl reach a proxy: every request in this file stays on 127.0.0.1. */
static void no_proxies(void)
{
	static const char *const vars[] = { "http_proxy", "https_proxy", "HTTPS_PROXY",
					    "all_proxy", "ALL_PROXY", NULL };
	for (int i = 0; vars[i]; i++)
		unsetenv(vars[i]);
	setenv("no_proxy", "*", 1);
	setenv("NO_PROXY", "*", 1);
}

static void make_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char *tpl = xasprintf("%s/test_fetch_XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tpl))
		die("cannot make a temporary folder");
	tmpdir = tpl;
}

static void servers_up(void)
{
	char *err = NULL;
	no_proxies();
	make_tmpdir();
	if (fetch_global_init(&err) < 0)
		die(err);

	cert = xasprintf("%s/cert.pem", tmpdir);
	key = xasprintf("%s/key.pem", tmpdir);
	char *keyout = key, *out = cert;
	char *req[] = { OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
			"-keyout", keyout, "-out", out, "-days", "2",
			"-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", NULL };
	if (run_quiet(req) != 0)
		die("cannot make a certificate with /usr/bin/openssl");

	token_file = xasprintf("%s/token", tmpdir);
	FILE *f = fopen(token_file, "w");
	if (!f || fputs(TOKEN "\n", f) < 0 || fclose(f) != 0)
		die("cannot write the token file");
	http_log = xasprintf("%s/http.log", tmpdir);
	char *https_log = xasprintf("%s/https.log", tmpdir);

	int fds[2];
	if (pipe(fds) < 0)
		die("cannot make a pipe");
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	stdin_pipe = fds[1];
	char *plain[] = { "--token-file", token_file, "--log", http_log,
			  "--huge-bytes", "2000000", NULL };
	http_pid = start_httpd("http", plain, fds[0], &http_port);
	char *tls[] = { "--tls", cert, key, "--token-file", token_file, "--log", https_log,
			NULL };
	https_pid = start_httpd("https", tls, fds[0], &https_port);
	close(fds[0]);
	free(https_log);
}

static void stop(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
	}
	*pid = -1;
}

static void servers_down(void)
{
	stop(&http_pid);
	stop(&https_pid);
	if (stdin_pipe >= 0)
		close(stdin_pipe);
	stdin_pipe = -1;
	fetch_global_cleanup();
	rm_rf(tmpdir);
	free(tmpdir);
	free(cert);
	free(key);
	free(token_file);
	free(http_log);
	tmpdir = cert = key = token_file = http_log = NULL;
}

static void tmp_up(void)
{
	char *err = NULL;
	no_proxies();
	make_tmpdir();
	if (fetch_global_init(&err) < 0)
		die(err);
}

static void tmp_down(void)
{
	fetch_global_cleanup();
	rm_rf(tmpdir);
	free(tmpdir);
	tmpdir = NULL;
}

static char *url(const char *path)
{
	return xasprintf("http://127.0.0.1:%d%s", http_port, path);
}

static char *tls_url(const char *path)
{
	return xasprintf("https://127.0.0.1:%d%s", https_port, path);
}

/* Small timeouts and backoff so that the slow cases stay fast. */
static struct fetch_opts quick(const char *u)
{
	struct fetch_opts o;
	memset(&o, 0, sizeof o);
	o.url = u;
	o.connect_timeout_ms = 2000;
	o.timeout_ms = 3000;
	o.max_bytes = 1000000;
	o.backoff_ms = 20;
	return o;
}

/* A fresh destination path in the temporary folder (not yet existing). */
static char *dest_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* How many requests the plain server has logged whose request line is "GET path". */
static int logged(const char *path)
{
	size_t n;
	char *log = slurp(http_log, &n);
	char *line = xasprintf("GET %s\n", path);
	int count = 0;
	for (char *p = log; (p = strstr(p, line)); p++)
		if (p == log || p[-1] == '\n')
			count++;
	free(line);
	free(log);
	return count;
}

/* Whether the plain server's log holds s. */
static int log_has(const char *s)
{
	size_t n;
	char *log = slurp(http_log, &n);
	int found = strstr(log, s) != NULL;
	free(log);
	return found;
}

/* GET /reset with a throwaway fetch. */
static void reset_flaky(void)
{
	char *u = url("/reset"), *d = dest_path("reset.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	fetch_result_free(&r);
	unlink(d);
	free(d);
	free(u);
}

/*
 * A failed fetch: outcome, no dest, an error that says `want`.  With
 * FETCH_TEST_VERBOSE set, the messages are shown, to review their wording.
 */
static void expect_failed(const struct fetch_result *r, const char *dest, const char *want)
{
	if (getenv("FETCH_TEST_VERBOSE"))
		fprintf(stderr, "  [%d attempts] %s\n", r->attempts, r->error);
	ck_assert_int_eq(r->outcome, FETCH_FAILED);
	ck_assert_ptr_nonnull(r->error);
	ck_assert_msg(strstr(r->error, want), "error '%s' lacks '%s'", r->error, want);
	ck_assert_msg(!exists(dest), "'%s' left behind by a failed fetch", dest);
	ck_assert_str_eq(r->sha256, "");
	ck_assert_int_eq(r->bytes, 0);
	ck_assert_msg(!strstr(r->error, TOKEN), "secret in error '%s'", r->error);
}

/* ------------------------------------------------------------------ */

START_TEST(test_etag_round_trip)
{
	char *u = url("/ok.csv"), *d = dest_path("ok.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;
	char want[SHA256_HEX_SIZE];

	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert_int_eq(r.http_status, 200);
	ck_assert_int_eq(r.attempts, 1);
	ck_assert_ptr_null(r.error);
	ck_assert_str_eq(r.etag, OK_ETAG);
	ck_assert_str_eq(r.last_modified, OK_LAST_MODIFIED);
	ck_assert_int_eq(r.bytes, (int64_t)strlen(OK_BODY));
	ck_assert_int_eq(sha256_hex(OK_BODY, strlen(OK_BODY), want), 0);
	ck_assert_str_eq(r.sha256, want);
	size_t n;
	char *got = slurp(d, &n);
	ck_assert_str_eq(got, OK_BODY);
	free(got);
	ck_assert(log_has("User-Agent: fitsmon/" FITSMON_VERSION "\n"));

	/* the validators go back; the answer is 304 and dest is gone */
	char *etag = xstrdup(r.etag), *lm = xstrdup(r.last_modified);
	fetch_result_free(&r);
	o.etag = etag;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NOT_MODIFIED);
	ck_assert_int_eq(r.http_status, 304);
	ck_assert_str_eq(r.etag, OK_ETAG);
	ck_assert_str_eq(r.sha256, "");
	ck_assert(!exists(d));
	ck_assert(log_has("If-None-Match: " OK_ETAG "\n"));
	fetch_result_free(&r);

	/* Last-Modified alone works too */
	o.etag = NULL;
	o.last_modified = lm;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NOT_MODIFIED);
	ck_assert(log_has("If-Modified-Since: " OK_LAST_MODIFIED "\n"));
	fetch_result_free(&r);

	/* a validator that no longer matches gets the body again */
	o.etag = "\"ok-v0\"";
	o.last_modified = NULL;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	fetch_result_free(&r);
	free(etag);
	free(lm);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_500_then_success)
{
	char *u = url("/flaky.csv"), *d = dest_path("flaky.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;

	reset_flaky();
	int before = logged("/flaky.csv");
	o.retries = 3;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert_int_eq(r.attempts, 3);
	ck_assert_int_eq(r.http_status, 200);
	ck_assert_ptr_null(r.error);
	ck_assert_int_eq(logged("/flaky.csv") - before, 3);
	size_t n;
	char *got = slurp(d, &n);
	ck_assert_str_eq(got, FLAKY_BODY);   /* no trace of the 500 bodies */
	free(got);
	fetch_result_free(&r);

	/* too few retries: the 500 is the answer */
	reset_flaky();
	o.retries = 1;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 2);
	ck_assert_int_eq(r.http_status, 500);
	expect_failed(&r, d, "http 500 from http://127.0.0.1:");
	ck_assert_msg(strstr(r.error, "/flaky.csv (2 attempts)"), "%s", r.error);
	fetch_result_free(&r);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_404_not_retried)
{
	char *u = url("/missing"), *d = dest_path("missing.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;

	int before = logged("/missing");
	o.retries = 3;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 1);
	ck_assert_int_eq(r.http_status, 404);
	expect_failed(&r, d, "http 404 from ");
	char *want = xasprintf("http 404 from %s", u);
	ck_assert_str_eq(r.error, want);
	ck_assert_int_eq(logged("/missing") - before, 1);
	free(want);
	fetch_result_free(&r);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_stall_times_out)
{
	char *u = url("/stall"), *d = dest_path("stall.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;

	o.timeout_ms = 500;
	o.retries = 1;
	double t0 = now_s();
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	double took = now_s() - t0;
	ck_assert_int_eq(r.attempts, 2);   /* a timeout is retried */
	expect_failed(&r, d, "timed out");
	ck_assert_msg(took >= 0.9 && took < 3.0, "two 500 ms attempts took %.2f s", took);
	fetch_result_free(&r);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_short_body_fails)
{
	char *u = url("/short"), *d = dest_path("short.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;

	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 1);
	expect_failed(&r, d, "cannot fetch http://127.0.0.1:");
	ck_assert_msg(strstr(r.error, "900 bytes remaining"), "%s", r.error);
	fetch_result_free(&r);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_oversize_chunked_fails)
{
	char *err = NULL, *root = dest_path("spool");
	struct spool *sp = spool_open(root, "huge", 0, &err);
	ck_assert_msg(sp, "%s", err);
	char *tmp = spool_tmp(sp, &err);
	ck_assert_msg(tmp, "%s", err);
	char *u = url("/huge-chunked");
	struct fetch_opts o = quick(u);
	struct fetch_result r;

	o.max_bytes = 100000;
	o.retries = 2;     /* an over-size body is not retried */
	ck_assert_int_eq(fetch_run(&o, tmp, &r), -1);
	ck_assert_int_eq(r.attempts, 1);
	expect_failed(&r, tmp, "is larger than 100000 bytes");
	fetch_result_free(&r);

	/* no temporary file left in the spool, and no current copy appeared */
	DIR *dir = opendir(spool_path(sp));
	ck_assert_ptr_nonnull(dir);
	struct dirent *de;
	while ((de = readdir(dir)))
		ck_assert_msg(strncmp(de->d_name, ".tmp-", 5) != 0, "left %s", de->d_name);
	closedir(dir);
	ck_assert_ptr_null(spool_current(sp));

	/* a known Content-Length over the cap fails before the body */
	free(u);
	u = url("/big-known");
	o.url = u;
	ck_assert_int_eq(fetch_run(&o, tmp, &r), -1);
	expect_failed(&r, tmp, "is larger than 100000 bytes");
	fetch_result_free(&r);
	spool_discard(tmp);
	free(tmp);
	spool_free(sp);
	free(root);
	free(u);
}
END_TEST

START_TEST(test_redirects)
{
	char *u = url("/loop"), *d = dest_path("redir.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;

	/* a loop stops after 5 redirects, and is not retried */
	int before = logged("/loop");
	o.retries = 2;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 1);
	expect_failed(&r, d, "redirects");
	ck_assert_int_eq(logged("/loop") - before, 1 + FETCH_MAX_REDIRECTS);
	fetch_result_free(&r);
	free(u);

	/* a redirect to file:// is refused: /etc/passwd never lands in dest */
	u = url("/to-file");
	o.url = u;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 1);
	expect_failed(&r, d, "file");
	fetch_result_free(&r);
	free(u);

	/* a redirect within http is followed */
	u = url("/redirect-ok");
	o.url = u;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert_int_eq(r.http_status, 200);
	ck_assert_str_eq(r.etag, OK_ETAG);
	size_t n;
	char *got = slurp(d, &n);
	ck_assert_str_eq(got, OK_BODY);
	free(got);
	fetch_result_free(&r);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_tls_self_signed)
{
	char *u = tls_url("/ok.csv"), *d = dest_path("tls.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;

	/* not trusted without ca_file, and not retried; the timeouts are
	 * generous because a handshake under valgrind on a busy machine can
	 * take seconds, and a timeout would be retried (this is about trust) */
	o.connect_timeout_ms = 20000;
	o.timeout_ms = 30000;
	o.retries = 2;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 1);
	expect_failed(&r, d, "cannot fetch https://127.0.0.1:");
	ck_assert_msg(strstr(r.error, "certificate"), "%s", r.error);
	fetch_result_free(&r);

	/* trusted with it */
	o.ca_file = cert;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert_int_eq(r.http_status, 200);
	size_t n;
	char *got = slurp(d, &n);
	ck_assert_str_eq(got, OK_BODY);
	free(got);
	fetch_result_free(&r);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_bearer_token)
{
	char *u = url("/auth"), *d = dest_path("auth.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;

	/* without auth: 401, not retried */
	o.retries = 2;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 1);
	expect_failed(&r, d, "http 401 from ");
	fetch_result_free(&r);

	/* with the token from the file (its newline stripped) */
	o.auth = FETCH_AUTH_BEARER;
	o.auth_secret_file = token_file;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert(log_has("Authorization: Bearer " TOKEN "\n"));
	fetch_result_free(&r);

	/* a wrong token: 401, and the error does not carry it */
	char *wrong = dest_path("wrong-token");
	write_file(wrong, "wrong-tok-5150\r\n", 16);
	o.auth_secret_file = wrong;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "http 401 from ");
	ck_assert(!strstr(r.error, "wrong-tok-5150"));
	ck_assert(log_has("Authorization: Bearer wrong-tok-5150\n"));
	fetch_result_free(&r);

	/* the token never goes along a redirect's error either */
	free(u);
	u = url("/to-file");
	o.url = u;
	o.auth_secret_file = token_file;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "file");
	fetch_result_free(&r);

	/* a secret file that is missing, empty, or two lines: no request at all */
	int before = logged("/to-file");
	char *missing = dest_path("no-such-token");
	o.auth_secret_file = missing;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 0);
	expect_failed(&r, d, "no-such-token");
	fetch_result_free(&r);
	write_file(wrong, "\n", 1);
	o.auth_secret_file = wrong;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "is empty");
	fetch_result_free(&r);
	write_file(wrong, "line-one\nline-two\n", 18);
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "more than one line");
	ck_assert(!strstr(r.error, "line-one"));
	fetch_result_free(&r);
	ck_assert_int_eq(logged("/to-file"), before);

	free(missing);
	free(wrong);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_basic_auth_and_headers)
{
	char *u = url("/basic"), *d = dest_path("basic.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;
	char *headers[] = { "X-Fitsmon-School: Oakfield Primary", "Accept: text/csv" };

	o.auth = FETCH_AUTH_BASIC;
	o.auth_user = "fitsmon";
	o.auth_secret_file = token_file;
	o.headers = headers;
	o.nheaders = 2;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert(log_has("X-Fitsmon-School: Oakfield Primary\n"));
	ck_assert(log_has("Accept: text/csv\n"));
	fetch_result_free(&r);

	/* basic without a user, or a header that is not "Name: value": refused */
	o.auth_user = NULL;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "needs a user");
	fetch_result_free(&r);
	o.auth = FETCH_AUTH_NONE;
	char *bad[] = { "X-Ok: 1", "X-Split: a\r\nX-Injected: b" };
	o.headers = bad;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "request header 2 is not 'Name: value'");
	ck_assert(!strstr(r.error, "Injected"));
	fetch_result_free(&r);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_connect_refused_is_retried)
{
	/* a port on 127.0.0.1 that was free a moment ago */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(s, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	socklen_t al = sizeof a;
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&a, &al), 0);
	close(s);

	char *u = xasprintf("http://127.0.0.1:%d/ok.csv", ntohs(a.sin_port));
	char *d = dest_path("refused.out");
	struct fetch_opts o = quick(u);
	struct fetch_result r;
	o.retries = 2;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 3);
	ck_assert_int_eq(r.http_status, 0);
	expect_failed(&r, d, "(3 attempts)");
	fetch_result_free(&r);
	free(d);
	free(u);
}
END_TEST

START_TEST(test_failed_fetch_keeps_current)
{
	char *err = NULL, *root = dest_path("spool");
	struct spool *sp = spool_open(root, "acme-tickets", 3, &err);
	ck_assert_msg(sp, "%s", err);

	/* a good night */
	char *u = url("/ok.csv");
	struct fetch_opts o = quick(u);
	struct fetch_result r;
	char *tmp = spool_tmp(sp, &err), *path = NULL;
	ck_assert_msg(tmp, "%s", err);
	ck_assert_int_eq(fetch_run(&o, tmp, &r), 0);
	ck_assert_msg(spool_commit(sp, tmp, NIGHT, NULL, &path, &err) == 0, "%s", err);
	char *want = xasprintf("%s/acme-tickets/20261128T023000Z-%.8s.csv", root, r.sha256);
	ck_assert_str_eq(path, want);
	fetch_result_free(&r);
	free(tmp);
	char *cur = spool_current(sp);
	ck_assert_str_eq(cur, want);
	size_t n0;
	char *before = slurp(cur, &n0);
	ck_assert_str_eq(before, OK_BODY);

	/* bad nights: each leaves current alone, byte for byte */
	static const char *const bad[] = { "/short", "/huge-chunked", "/missing", "/to-file",
					   "/loop" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *bu = url(bad[i]);
		o = quick(bu);
		o.max_bytes = 50000;
		tmp = spool_tmp(sp, &err);
		ck_assert_msg(tmp, "%s", err);
		ck_assert_int_eq(fetch_run(&o, tmp, &r), -1);
		spool_discard(tmp);
		ck_assert(!exists(tmp));
		fetch_result_free(&r);
		free(tmp);
		free(bu);

		char *now = spool_current(sp);
		ck_assert_str_eq(now, want);
		size_t n1;
		char *after = slurp(now, &n1);
		ck_assert_uint_eq(n1, n0);
		ck_assert_mem_eq(after, before, n0);
		free(after);
		free(now);
	}

	/* a 304 night: nothing new, current unchanged */
	o = quick(u);
	o.etag = OK_ETAG;
	tmp = spool_tmp(sp, &err);
	ck_assert_int_eq(fetch_run(&o, tmp, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NOT_MODIFIED);
	spool_discard(tmp);
	fetch_result_free(&r);
	free(tmp);
	char *now = spool_current(sp);
	ck_assert_str_eq(now, want);
	free(now);

	free(before);
	free(cur);
	free(want);
	free(path);
	free(u);
	spool_free(sp);
	free(root);
}
END_TEST

/* ---- tests without a server -------------------------------------- */

START_TEST(test_sha256_vectors)
{
	char hex[SHA256_HEX_SIZE];
	ck_assert_int_eq(sha256_hex("", 0, hex), 0);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_int_eq(sha256_hex("abc", 3, hex), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	char *p = dest_path("abc");
	write_file(p, "abc", 3);
	char *err = NULL;
	ck_assert_int_eq(sha256_file(p, hex, &err), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlink(p);
	ck_assert_int_eq(sha256_file(p, hex, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
	free(err);
	free(p);

	struct sha256 h = SHA256_INIT;
	sha256_release(&h);      /* a zeroed digest may be released */
	ck_assert_int_eq(sha256_init(&h), 0);
	ck_assert_int_eq(sha256_update(&h, "a", 1), 0);
	ck_assert_int_eq(sha256_update(&h, "bc", 2), 0);
	ck_assert_int_eq(sha256_final_hex(&h, hex), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(sha256_update(&h, "x", 1), -1);   /* finished */
}
END_TEST

START_TEST(test_url_for_log)
{
	struct { const char *in, *out; } cases[] = {
		{ "https://user:pw@helpdesk.example/export.csv?key=abc#frag",
		  "https://helpdesk.example/export.csv?\xe2\x80\xa6" },
		{ "http://127.0.0.1:8080/a/b.csv", "http://127.0.0.1:8080/a/b.csv" },
		{ "HTTPS://host/x", "https://host/x" },
		{ "/srv/exports/acme.csv", "/srv/exports/acme.csv" },
		{ "file:///srv/exports/acme.csv", "file:///srv/exports/acme.csv" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = fetch_url_for_log(cases[i].in);
		ck_assert_str_eq(s, cases[i].out);
		free(s);
	}
	ck_assert(fetch_url_is("HTTP://x", "http"));
	ck_assert(!fetch_url_is("https://x", "http"));
	ck_assert(fetch_url_is("ftp://x", NULL));
	ck_assert(!fetch_url_is("exports/a:b.csv", NULL));
}
END_TEST

START_TEST(test_unsupported_scheme)
{
	char *d = dest_path("ftp.out");
	write_file(d, "old", 3);
	struct fetch_opts o = quick("ftp://127.0.0.1/export.csv");
	struct fetch_result r;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	ck_assert_int_eq(r.attempts, 0);
	expect_failed(&r, d, "only http, https and file urls are supported");
	fetch_result_free(&r);
	fetch_result_free(NULL);
	free(d);
}
END_TEST

/*
 * The digest of a body's first prefix_len bytes, taken as it is written
 * (job.c tells a feed that only grew by it): right at every place the
 * prefix can end against the file backend's 64 KiB reads, and absent when
 * the body is no longer than the prefix.
 */
START_TEST(test_prefix_digest)
{
	size_t n = 200000;
	char *body = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		body[i] = (char)('a' + (i * 7919) % 26);
	char *src = dest_path("grown.csv"), *d = dest_path("grown.out");
	write_file(src, body, n);
	static const int64_t cut[] = { 1, 4096, 65535, 65536, 65537, 131072, 199999, 200000,
				       300000 };
	for (size_t k = 0; k < sizeof(cut) / sizeof(cut[0]); k++) {
		struct fetch_opts o = quick(src);
		o.prefix_len = cut[k];
		struct fetch_result r;
		ck_assert_int_eq(fetch_run(&o, d, &r), 0);
		ck_assert_int_eq(r.outcome, FETCH_NEW);
		if (cut[k] < (int64_t)n) {
			char want[SHA256_HEX_SIZE];
			ck_assert_int_eq(sha256_hex(body, (size_t)cut[k], want), 0);
			ck_assert_msg(!strcmp(r.prefix_sha256, want), "prefix %lld: %s, want %s",
				      (long long)cut[k], r.prefix_sha256, want);
			ck_assert_int_eq(r.prefix_last, body[cut[k] - 1]);
		} else {
			ck_assert_str_eq(r.prefix_sha256, "");
		}
		/* the whole body's digest is unchanged by taking the prefix's */
		char all[SHA256_HEX_SIZE];
		ck_assert_int_eq(sha256_hex(body, n, all), 0);
		ck_assert_str_eq(r.sha256, all);
		fetch_result_free(&r);
		unlink(d);
	}
	free(body);
	free(src);
	free(d);
}
END_TEST

/*
 * A copy bigger than the sink's write-ahead (8 MiB: it asks the kernel to
 * start writing every 8 MiB, sync_file_range) comes out whole, the same
 * bytes in the same order, with the right digests.
 */
START_TEST(test_big_copy)
{
	size_t n = 20u << 20;   /* 20 MiB: two write-aheads and a part */
	char *body = xmalloc(n);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		body[i] = (char)(x & 0x7f) | 1;
	}
	char *src = dest_path("big.csv"), *d = dest_path("big.out");
	write_file(src, body, n);
	struct fetch_opts o = quick(src);
	o.max_bytes = (int64_t)(64u << 20);
	o.timeout_ms = 60000;   /* slow under the sanitizers and valgrind */
	o.prefix_len = (int64_t)(12u << 20);
	struct fetch_result r;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert_int_eq(r.bytes, (int64_t)n);
	char want[SHA256_HEX_SIZE];
	ck_assert_int_eq(sha256_hex(body, n, want), 0);
	ck_assert_str_eq(r.sha256, want);
	ck_assert_int_eq(sha256_hex(body, 12u << 20, want), 0);
	ck_assert_str_eq(r.prefix_sha256, want);
	char *got = NULL;
	size_t len = 0;
	ck_assert_int_eq(read_file(d, &got, &len, NULL), 0);
	ck_assert_uint_eq(len, n);
	ck_assert(memcmp(got, body, n) == 0);
	free(got);
	fetch_result_free(&r);
	unlink(d);
	unlink(src);
	free(body);
	free(src);
	free(d);
}
END_TEST

START_TEST(test_file_fetch)
{
	char *src = dest_path("export one.csv"), *d = dest_path("file.out");
	write_file(src, OK_BODY, strlen(OK_BODY));
	char *u = xasprintf("file://%s", src);
	struct fetch_opts o = quick(u);
	struct fetch_result r;
	char want[SHA256_HEX_SIZE];
	ck_assert_int_eq(sha256_hex(OK_BODY, strlen(OK_BODY), want), 0);

	/* file:// with the space as it is, then as %20 through file://localhost */
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert_int_eq(r.http_status, 0);
	ck_assert_int_eq(r.bytes, (int64_t)strlen(OK_BODY));
	ck_assert_str_eq(r.sha256, want);
	ck_assert_ptr_nonnull(r.etag);
	ck_assert_ptr_nonnull(strstr(r.last_modified, " GMT"));
	char *etag = xstrdup(r.etag);
	fetch_result_free(&r);
	char *enc = xasprintf("file://localhost%.*s/export%%20one.csv",
			      (int)strlen(tmpdir), tmpdir);
	o.url = enc;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_str_eq(r.sha256, want);
	fetch_result_free(&r);

	/* a plain path; unchanged file with its etag: not modified */
	o.url = src;
	o.etag = etag;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NOT_MODIFIED);
	ck_assert(!exists(d));
	fetch_result_free(&r);

	/* rewritten: new again */
	struct timespec ts = { 0, 20 * 1000000L };
	nanosleep(&ts, NULL);
	write_file(src, "id\nX\n", 5);
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	ck_assert_int_eq(r.outcome, FETCH_NEW);
	ck_assert_int_eq(r.bytes, 5);
	fetch_result_free(&r);

	/* the size cap holds for files too */
	o.etag = NULL;
	o.max_bytes = 4;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "is larger than 4 bytes");
	fetch_result_free(&r);
	o.max_bytes = 5;
	ck_assert_int_eq(fetch_run(&o, d, &r), 0);
	fetch_result_free(&r);

	/* missing, a folder, another host, a device */
	char *missing = dest_path("nope.csv");
	o.url = missing;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "No such file");
	fetch_result_free(&r);
	o.url = tmpdir;
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "not a regular file");
	fetch_result_free(&r);
	o.url = "file://fileserver/exports/a.csv";
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "must name a local path");
	fetch_result_free(&r);
	o.url = "/dev/zero";
	ck_assert_int_eq(fetch_run(&o, d, &r), -1);
	expect_failed(&r, d, "not a regular file");
	fetch_result_free(&r);

	free(missing);
	free(enc);
	free(etag);
	free(u);
	free(d);
	free(src);
}
END_TEST

/* Commit a copy holding `data` at `when`; the copy's path. */
static char *commit(struct spool *sp, const char *data, int64_t when)
{
	char *err = NULL, *path = NULL;
	char *tmp = spool_tmp(sp, &err);
	ck_assert_msg(tmp, "%s", err);
	write_file(tmp, data, strlen(data));
	ck_assert_msg(spool_commit(sp, tmp, when, NULL, &path, &err) == 0, "%s", err);
	ck_assert(!exists(tmp));
	free(tmp);
	return path;
}

/* The kept copies in a folder, as a count. */
static int copies(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (strlen(de->d_name) == 29 && !strcmp(de->d_name + 25, ".csv"))
			n++;
	closedir(d);
	return n;
}

START_TEST(test_spool_commit)
{
	char *err = NULL, *root = dest_path("state/spool");
	struct spool *sp = spool_open(root, "acme-log", 0, &err);
	ck_assert_msg(sp, "%s", err);
	char *folder = xasprintf("%s/acme-log", root);
	ck_assert_str_eq(spool_path(sp), folder);
	struct stat st;
	ck_assert_int_eq(stat(folder, &st), 0);
	mode_t mask = umask(0);
	umask(mask);
	ck_assert_int_eq(st.st_mode & 0777, 0750 & ~mask);
	ck_assert_ptr_null(spool_current(sp));

	char *path = commit(sp, "a,b\n1,2\n", NIGHT);
	char hex[SHA256_HEX_SIZE];
	ck_assert_int_eq(sha256_hex("a,b\n1,2\n", 8, hex), 0);
	char *want = xasprintf("%s/20261128T023000Z-%.8s.csv", folder, hex);
	ck_assert_str_eq(path, want);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0640);
	char *cur = spool_current(sp);
	ck_assert_str_eq(cur, want);
	free(cur);

	/* "current" is a relative symlink to the copy */
	char *link = xasprintf("%s/current", folder), target[64];
	ssize_t n = readlink(link, target, sizeof target - 1);
	ck_assert_int_eq(n, 29);
	target[n] = '\0';
	ck_assert_str_eq(target, want + strlen(folder) + 1);

	/* the same content in the same second: the copy is reused */
	char *again = commit(sp, "a,b\n1,2\n", NIGHT);
	ck_assert_str_eq(again, want);
	ck_assert_int_eq(copies(folder), 1);

	/* a commit of something that is not a temporary file of this spool */
	ck_assert_int_eq(spool_commit(sp, link, NIGHT, NULL, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a temporary file"));
	ck_assert(exists(link));
	free(err);
	err = NULL;

	/* a folder that is no folder name */
	ck_assert_ptr_null(spool_open(root, "../escape", 0, &err));
	ck_assert_ptr_nonnull(strstr(err, "cannot be a folder name"));
	free(err);
	err = NULL;
	ck_assert_ptr_null(spool_open(root, "..", 0, &err));
	free(err);
	err = NULL;
	ck_assert_ptr_null(spool_open(root, "", 0, &err));
	free(err);

	free(again);
	free(link);
	free(want);
	free(path);
	free(folder);
	spool_free(sp);
	spool_free(NULL);
	free(root);
}
END_TEST

START_TEST(test_spool_keep_n)
{
	char *err = NULL, *root = dest_path("spool");
	struct spool *sp = spool_open(root, "acme", 3, &err);
	ck_assert_msg(sp, "%s", err);
	char *paths[6];
	for (int i = 0; i < 6; i++) {
		char *data = xasprintf("night,%d\n", i);
		paths[i] = commit(sp, data, NIGHT + 86400 * i);
		free(data);
		ck_assert_int_eq(copies(spool_path(sp)), i < 3 ? i + 1 : 3);
	}
	/* the three newest stay, the current one is the newest */
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(exists(paths[i]), i >= 3);
	char *cur = spool_current(sp);
	ck_assert_str_eq(cur, paths[5]);
	ck_assert_ptr_nonnull(strstr(cur, "/20261203T023000Z-"));
	free(cur);

	/* a file not named like a copy is never pruned */
	char *mine = xasprintf("%s/README", spool_path(sp));
	write_file(mine, "mine\n", 5);
	char *p = commit(sp, "night,6\n", NIGHT + 86400 * 6);
	ck_assert(exists(mine));
	ck_assert_int_eq(copies(spool_path(sp)), 3);

	/* a copy committed with an older time is current, and kept */
	char *old = commit(sp, "replayed\n", NIGHT - 86400);
	cur = spool_current(sp);
	ck_assert_str_eq(cur, old);
	ck_assert(exists(old));
	ck_assert_int_eq(copies(spool_path(sp)), 4);
	free(cur);

	free(old);
	free(p);
	free(mine);
	for (int i = 0; i < 6; i++)
		free(paths[i]);
	spool_free(sp);
	free(root);
}
END_TEST

START_TEST(test_spool_lock_and_leftovers)
{
	char *err = NULL, *root = dest_path("spool");
	struct spool *a = spool_open(root, "acme", 0, &err);
	struct spool *b = spool_open(root, "acme", 0, &err);
	ck_assert(a && b);

	/* a crashed run's temporary file */
	char *stale = xasprintf("%s/.tmp-crashd", spool_path(a));
	write_file(stale, "half", 4);

	char *ta = spool_tmp(a, &err);
	ck_assert_msg(ta, "%s", err);
	ck_assert(!exists(stale));     /* cleared by the writer that took the lock */
	ck_assert_ptr_null(spool_tmp(b, &err));
	ck_assert_ptr_nonnull(strstr(err, "in use by another fitsmon"));
	free(err);
	err = NULL;

	/* readers need no lock */
	char *cur = spool_current(b);
	ck_assert_ptr_null(cur);
	spool_discard(ta);
	ck_assert(!exists(ta));
	spool_discard(ta);     /* twice is fine */
	free(ta);
	spool_free(a);

	char *tb = spool_tmp(b, &err);
	ck_assert_msg(tb, "%s", err);
	spool_discard(tb);
	free(tb);
	spool_free(b);
	free(stale);
	free(root);
}
END_TEST

/*
 * Answers that fetch itself can tell are not a whole body: an encoding
 * not asked for, a compressed stream cut before its end (libcurl 7.88
 * would take it as whole), a body shorter than its Content-Length.  Each
 * fails and leaves no file; a cut is retried like a cut connection.  An
 * empty 200 or a 204 is a body, of 0 bytes (job_fetch refuses it).
 */
START_TEST(test_incomplete_answers_fail)
{
	static const struct {
		const char *path, *want;
		int attempts;
	} cases[] = {
		{ "/br-junk", "an encoding fitsmon did not ask for (Content-Encoding: br)", 1 },
		{ "/gzip-half", "the compressed body stops before its end (cut short)", 2 },
		{ "/gzip-half-close", "the compressed body stops before its end (cut short)", 2 },
		{ "/long-promise", "bytes remaining to read", 2 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *u = url(cases[i].path), *d = dest_path("incomplete.out");
		struct fetch_opts o = quick(u);
		o.retries = 1;
		struct fetch_result r;
		ck_assert_msg(fetch_run(&o, d, &r) == -1, "%s: fetch_run did not fail", cases[i].path);
		expect_failed(&r, d, cases[i].want);
		ck_assert_msg(r.attempts == cases[i].attempts, "%s: %d attempts", cases[i].path,
			      r.attempts);
		fetch_result_free(&r);
		free(d);
		free(u);
	}
	const char *empty[] = { "/empty", "/nocontent" };
	const long status[] = { 200, 204 };
	for (size_t i = 0; i < 2; i++) {
		char *u = url(empty[i]), *d = dest_path("empty.out");
		struct fetch_opts o = quick(u);
		struct fetch_result r;
		ck_assert_int_eq(fetch_run(&o, d, &r), 0);
		ck_assert_int_eq(r.outcome, FETCH_NEW);
		ck_assert_int_eq(r.bytes, 0);
		ck_assert_int_eq(r.http_status, status[i]);
		ck_assert_str_eq(r.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		fetch_result_free(&r);
		unlink(d);
		free(d);
		free(u);
	}
}
END_TEST

/*
 * A whole compressed export is decoded by fetch: gzip in two members,
 * deflate without its zlib wrapper; the digest, size and last byte are
 * those of the decoded body, and gzip and deflate are what is asked for.
 */
START_TEST(test_compressed_export_decoded)
{
	size_t n;
	char *d = dest_path("plain.out"), *u = url("/next.csv");
	struct fetch_opts o = quick(u);
	struct fetch_result plain;
	ck_assert_int_eq(fetch_run(&o, d, &plain), 0);
	char *want = slurp(d, &n);
	ck_assert_int_eq(plain.last, '\n');
	free(u);
	const char *paths[] = { "/next-gzip", "/next-deflate" };
	for (size_t i = 0; i < 2; i++) {
		char *dz = dest_path("z.out");
		u = url(paths[i]);
		o = quick(u);
		struct fetch_result r;
		ck_assert_msg(fetch_run(&o, dz, &r) == 0, "%s: %s", paths[i], r.error);
		ck_assert_int_eq(r.outcome, FETCH_NEW);
		size_t m;
		char *got = slurp(dz, &m);
		ck_assert_msg(m == n && !memcmp(got, want, n), "%s: decoded body differs", paths[i]);
		ck_assert_int_eq(r.bytes, (int64_t)n);
		ck_assert_str_eq(r.sha256, plain.sha256);
		ck_assert_int_eq(r.last, '\n');
		free(got);
		fetch_result_free(&r);
		unlink(dz);
		free(dz);
		free(u);
	}
	size_t ln;
	char *log = slurp(http_log, &ln);
	ck_assert_msg(strstr(log, "GET /next-gzip\n") && strstr(log, "Accept-Encoding: gzip, deflate\n"),
		      "gzip, deflate not asked for");
	free(log);
	free(want);
	fetch_result_free(&plain);
	free(d);
}
END_TEST

/* What fetch cannot see (a body cut at a short Content-Length, an early
 * close without one) arrives as FETCH_NEW; r.last shows the cut. */
START_TEST(test_cut_body_last_byte)
{
	const char *paths[] = { "/cl-short", "/early-close" };
	for (size_t i = 0; i < 2; i++) {
		char *u = url(paths[i]), *d = dest_path("cut.out");
		struct fetch_opts o = quick(u);
		struct fetch_result r;
		ck_assert_int_eq(fetch_run(&o, d, &r), 0);
		ck_assert_int_eq(r.outcome, FETCH_NEW);
		ck_assert_int_eq(r.last, ',');
		fetch_result_free(&r);
		unlink(d);
		free(d);
		free(u);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("fetch");

	TCase *http = tcase_create("http");
	tcase_add_unchecked_fixture(http, servers_up, servers_down);
	tcase_set_timeout(http, 30);
	tcase_add_test(http, test_etag_round_trip);
	tcase_add_test(http, test_500_then_success);
	tcase_add_test(http, test_404_not_retried);
	tcase_add_test(http, test_stall_times_out);
	tcase_add_test(http, test_short_body_fails);
	tcase_add_test(http, test_oversize_chunked_fails);
	tcase_add_test(http, test_redirects);
	tcase_add_test(http, test_tls_self_signed);
	tcase_add_test(http, test_bearer_token);
	tcase_add_test(http, test_basic_auth_and_headers);
	tcase_add_test(http, test_connect_refused_is_retried);
	tcase_add_test(http, test_failed_fetch_keeps_current);
	tcase_add_test(http, test_incomplete_answers_fail);
	tcase_add_test(http, test_compressed_export_decoded);
	tcase_add_test(http, test_cut_body_last_byte);
	suite_add_tcase(s, http);

	TCase *local = tcase_create("local");
	tcase_add_checked_fixture(local, tmp_up, tmp_down);
	tcase_set_timeout(local, 30);
	tcase_add_test(local, test_sha256_vectors);
	tcase_add_test(local, test_url_for_log);
	tcase_add_test(local, test_unsupported_scheme);
	tcase_add_test(local, test_file_fetch);
	tcase_add_test(local, test_prefix_digest);
	tcase_add_test(local, test_spool_commit);
	tcase_add_test(local, test_big_copy);
	tcase_add_test(local, test_spool_keep_n);
	tcase_add_test(local, test_spool_lock_and_leftovers);
	suite_add_tcase(s, local);
	return s;
}

TEST_MAIN()
