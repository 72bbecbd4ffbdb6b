#ifndef FITSMON_TESTUTIL_H
#define FITSMON_TESTUTIL_H
/*
 * Shared by the Check test programs: each tests/test_NAME.c defines
 * `static Suite *suite(void)` and ends with TEST_MAIN().  SRCDIR is the
 * source tree (set by the Makefile); TESTDATA is the folder of real public
 * data sets (FITSMON_TESTDATA when make ran, default ../shared/data beside
 * the tree) and SHARED is ../shared beside the tree, where
 * the real public data sets live (read in place, never copied).
 */
#include <check.h>
#include <stdlib.h>

#define SHARED SRCDIR "/../shared"
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

#endif
