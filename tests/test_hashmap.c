/*
 * Tests for hashmap: keys as bytes (NUL inside, empty, prefixes apart),
 * values kept across growth, put of a present key, clear, and many keys
 * checked against a plain array.
 */
#include "testutil.h"

#include "hashmap.h"

#include <stdio.h>
#include <string.h>

START_TEST(basics)
{
	struct hashmap *m = hashmap_new();
	int added;
	ck_assert_ptr_null(hashmap_get(m, "a", 1));
	*hashmap_put(m, "a", 1, &added) = 7;
	ck_assert_int_eq(added, 1);
	*hashmap_put(m, "a\0b", 3, &added) = 8;
	ck_assert_int_eq(added, 1);
	*hashmap_put(m, "", 0, &added) = 9;
	ck_assert_int_eq(added, 1);
	*hashmap_put(m, "ab", 2, &added) = 10;
	ck_assert_uint_eq(hashmap_count(m), 4);
	uint64_t *v = hashmap_put(m, "a", 1, &added);
	ck_assert_int_eq(added, 0);
	ck_assert_uint_eq(*v, 7);
	ck_assert_uint_eq(*hashmap_get(m, "a\0b", 3), 8);
	ck_assert_uint_eq(*hashmap_get(m, "", 0), 9);
	ck_assert_uint_eq(*hashmap_get(m, "ab", 2), 10);
	ck_assert_ptr_null(hashmap_get(m, "a\0c", 3));
	ck_assert_ptr_null(hashmap_get(m, "b", 1));
	ck_assert_uint_eq(hashmap_count(m), 4);
	hashmap_clear(m);
	ck_assert_uint_eq(hashmap_count(m), 0);
	ck_assert_ptr_null(hashmap_get(m, "a", 1));
	*hashmap_put(m, "b", 1, &added) = 1;
	ck_assert_int_eq(added, 1);
	ck_assert_uint_eq(*hashmap_get(m, "b", 1), 1);
	hashmap_free(m);
	hashmap_free(NULL);
}
END_TEST

START_TEST(many)
{
	enum { N = 20000 };
	struct hashmap *m = hashmap_new();
	char k[32];
	int added;
	for (int i = 0; i < N; i++) {
		int n = snprintf(k, sizeof(k), "key-%d", i);
		*hashmap_put(m, k, (size_t)n, &added) = (uint64_t)i * 3;
		ck_assert_int_eq(added, 1);
	}
	ck_assert_uint_eq(hashmap_count(m), N);
	for (int i = 0; i < N; i++) {
		int n = snprintf(k, sizeof(k), "key-%d", i);
		uint64_t *v = hashmap_get(m, k, (size_t)n);
		ck_assert_ptr_nonnull(v);
		ck_assert_uint_eq(*v, (uint64_t)i * 3);
		n = snprintf(k, sizeof(k), "kex-%d", i);
		ck_assert_ptr_null(hashmap_get(m, k, (size_t)n));
	}
	hashmap_free(m);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hashmap");
	TCase *tc = tcase_create("map");
	tcase_add_test(tc, basics);
	tcase_add_test(tc, many);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
