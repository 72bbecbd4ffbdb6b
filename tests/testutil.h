#ifndef FITSMON_TESTUTIL_H
#define FITSMON_TESTUTIL_H
/*
 * Shared by the Check test programs: each tests/test_NAME.c defines
 * `static Suite *suite(void)` and ends with TEST_MAIN(), or, when it reads
 * the large real data sets, with TEST_MAIN_REALDATA().  SRCDIR is the
 * source tree (set by the Makefile); small files the tests read are in
 * SRCDIR/tests/data.  TESTDATA is the folder of large real public data sets
 * (FITSMON_TESTDATA when make ran, default ../shared/data beside the tree),
 * read in place, never copied.
 *
 * TEST_MAIN_REALDATA() skips the whole program when the folder TESTDATA
 * is absent (a fresh clone): it says so on stderr, appends a line
 * "NAME<tab>no real data at TESTDATA" to the file named by FITSMON_SKIPS
 * (make check sets it and lists the skips at the end), and exits 0.  When
 * the folder exists every test runs, and a missing file fails its test.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef TESTDATA
#define TESTDATA SRCDIR "/../shared/data"
#endif

#define TEST_MAIN() \
	int main(void) \
	{ \
		SRunner *sr = srunner_create(suite()); \
		srunner_run_all(sr, CK_NORMAL); \
		int failed = srunner_ntests_failed(sr); \
		srunner_free(sr); \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS; \
	}

/* 1 (after recording the skip) when the folder TESTDATA is absent. */
static inline int testutil_skip_realdata(const char *argv0)
{
	struct stat st;
	if (stat(TESTDATA, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	const char *name = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
	fprintf(stderr, "%s: skipped (no real data at %s)\n", name, TESTDATA);
	const char *list = getenv("FITSMON_SKIPS");
	FILE *f = list && *list ? fopen(list, "a") : NULL;
	if (f) {
		fprintf(f, "%s\tno real data at %s\n", name, TESTDATA);
		fclose(f);
	}
	return 1;
}

#define TEST_MAIN_REALDATA() \
	int main(int argc, char **argv) \
	{ \
		(void)argc; \
		if (testutil_skip_realdata(argv[0])) \
			return EXIT_SUCCESS; \
		SRunner *sr = srunner_create(suite()); \
		srunner_run_all(sr, CK_NORMAL); \
		int failed = srunner_ntests_failed(sr); \
		srunner_free(sr); \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS; \
	}

#endif
