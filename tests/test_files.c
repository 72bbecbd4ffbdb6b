/*
 * Tests for util's file and text guards (issue 18): file_open_regular and
 * read_regular_file take only a regular file under its cap (a FIFO does
 * not block them, a device is refused), file_write_atomic replaces a
 * symlink instead of writing through it and gives the mode less the
 * umask, and str_visible / sb_add_visible turn every control character
 * into a visible escape.
 */
#include "testutil.h"

#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/fitsmon-test-files-XXXXXX";

static char *at(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
}

START_TEST(regular_only)
{
	char *fifo = at("fifo"), *plain = at("plain"), *err = NULL, *buf = NULL;
	size_t len;
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	put(plain, "hello\n");
	/* a FIFO with no writer: refused at once, not waited on */
	ck_assert_int_eq(read_regular_file(fifo, FILE_CAP_CONFIG, &buf, &len, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a regular file (a FIFO)"));
	free(err);
	err = NULL;
	ck_assert_int_eq(read_regular_file("/dev/zero", FILE_CAP_CONFIG, &buf, &len, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a regular file (a character device)"));
	free(err);
	err = NULL;
	ck_assert_int_eq(read_regular_file(dir, FILE_NO_CAP, &buf, &len, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "(a folder)"));
	free(err);
	err = NULL;
	/* the cap: 6 bytes pass a cap of 6, not one of 5 */
	ck_assert_int_eq(read_regular_file(plain, 6, &buf, &len, &err), 0);
	ck_assert_uint_eq(len, 6);
	ck_assert_str_eq(buf, "hello\n");
	free(buf);
	ck_assert_int_eq(read_regular_file(plain, 5, &buf, &len, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "larger than 5 bytes"));
	free(err);
	/* the descriptor is blocking again for its reader */
	int64_t size = -1;
	int fd = file_open_regular(plain, FILE_NO_CAP, &size, NULL);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(size, 6);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	close(fd);
	free(fifo);
	free(plain);
}
END_TEST

START_TEST(write_atomic)
{
	char *victim = at("victim"), *out = at("out.txt"), *err = NULL;
	put(victim, "precious");
	ck_assert_int_eq(symlink(victim, out), 0);
	mode_t old = umask(022);
	ck_assert_int_eq(file_write_atomic(out, "report\n", 7, 0640, &err), 0);
	umask(old);
	struct stat sb;
	ck_assert_int_eq(lstat(out, &sb), 0);
	ck_assert(S_ISREG(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 07777, 0640);
	char *buf;
	size_t len;
	ck_assert_int_eq(read_file(victim, &buf, &len, NULL), 0);
	ck_assert_str_eq(buf, "precious");
	free(buf);
	ck_assert_int_eq(read_file(out, &buf, &len, NULL), 0);
	ck_assert_str_eq(buf, "report\n");
	free(buf);
	/* no temporary file is left behind */
	char *cmd = xasprintf("test $(ls -A '%s' | wc -l) = 2", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	/* a folder that is not there: -1 with a message */
	char *nowhere = at("no/such/file");
	ck_assert_int_eq(file_write_atomic(nowhere, "x", 1, 0640, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "cannot write"));
	free(err);
	free(nowhere);
	free(victim);
	free(out);
}
END_TEST

START_TEST(visible)
{
	char *v = str_visible("HX-1\n\nSERVICE\r\n\x1b[31mred\ttab\x7f \xc2\x9b ok \xc3\xa9");
	ck_assert_str_eq(v, "HX-1\\n\\nSERVICE\\r\\n\\x1b[31mred\\ttab\\x7f \\u009b ok \xc3\xa9");
	ck_assert(!str_has_control(v));
	free(v);
	ck_assert(str_has_control("a\nb"));
	ck_assert(str_has_control("\x1b"));
	ck_assert(!str_has_control("plain words, caf\xc3\xa9"));
	ck_assert_ptr_null(str_visible(NULL));
	v = str_visible("");
	ck_assert_str_eq(v, "");
	free(v);
	struct strbuf sb = STRBUF_INIT;
	sb_add_visible(&sb, "a\0b", 3);
	ck_assert_uint_eq(sb.len, 6);
	ck_assert_str_eq(sb.buf, "a\\x00b");
	sb_release(&sb);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("files");
	TCase *tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, regular_only);
	tcase_add_test(tc, write_atomic);
	tcase_add_test(tc, visible);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
