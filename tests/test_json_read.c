/*
 * Tests for json_read: the strict JSON reader beside the writer.  Values
 * into a tree (types, lines, order), string decoding (escapes, surrogate
 * pairs, raw UTF-8, \u0000), the errors with their lines, the depth cap,
 * and member lookup with duplicates.
 */
#include "testutil.h"

#include "json_read.h"
#include "util.h"

#include <string.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Parse text, which must be valid. */
static void ok(const char *text, struct json_value *v)
{
	char *err = NULL;
	int rc = json_read("t.json", text, strlen(text), v, &err);
	ck_assert_msg(rc == 0, "'%s': %s", text, err ? err : "?");
	free(err);
}

/* Parse text, which must fail with exactly msg. */
static void bad(const char *text, size_t len, const char *msg)
{
	struct json_value v;
	char *err = NULL;
	ck_assert_int_eq(json_read("t.json", text, len, &v, &err), -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_str_eq(err, msg);
	ck_assert_uint_eq(v.n_items + v.n_members, 0);
	ck_assert_ptr_null(v.s);
	free(err);
}

START_TEST(tree)
{
	struct json_value v;
	ok("{\"a\": [1, -2.5e+3, true, false, null],\n \"b\": {\"c\": \"x\"},\n\n"
	   " \"\": 0}", &v);
	ck_assert_int_eq(v.type, JSON_OBJECT);
	ck_assert_uint_eq(v.line, 1);
	ck_assert_uint_eq(v.n_members, 3);
	ck_assert_str_eq(v.members[0].key, "a");
	ck_assert_str_eq(v.members[1].key, "b");
	ck_assert_uint_eq(v.members[2].key_len, 0);
	const struct json_value *a = &v.members[0].val;
	ck_assert_int_eq(a->type, JSON_ARRAY);
	ck_assert_uint_eq(a->n_items, 5);
	ck_assert_int_eq(a->items[0].type, JSON_NUMBER);
	ck_assert_str_eq(a->items[0].s, "1");
	ck_assert_str_eq(a->items[1].s, "-2.5e+3");
	ck_assert_uint_eq(a->items[1].len, 7);
	ck_assert_int_eq(a->items[2].type, JSON_TRUE);
	ck_assert_int_eq(a->items[3].type, JSON_FALSE);
	ck_assert_int_eq(a->items[4].type, JSON_NULL);
	const struct json_value *b = &v.members[1].val;
	ck_assert_uint_eq(b->line, 2);
	ck_assert_int_eq(b->members[0].val.type, JSON_STRING);
	ck_assert_str_eq(b->members[0].val.s, "x");
	ck_assert_uint_eq(v.members[2].val.line, 4);
	json_read_free(&v);
	ck_assert_uint_eq(v.n_members, 0);
	json_read_free(&v);
	json_read_free(NULL);

	ok(" \r\n\t\"top\" \n", &v);
	ck_assert_int_eq(v.type, JSON_STRING);
	ck_assert_uint_eq(v.line, 2);
	json_read_free(&v);
	ok("[]", &v);
	ck_assert_int_eq(v.type, JSON_ARRAY);
	ck_assert_uint_eq(v.n_items, 0);
	json_read_free(&v);
}
END_TEST

START_TEST(strings)
{
	struct json_value v;
	ok("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"caf\\u00e9 \\u20AC\", \"\\ud83d\\ude00\","
	   " \"a\\u0000b\", \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]", &v);
	ck_assert_str_eq(v.items[0].s, "\"\\/\b\f\n\r\t");
	ck_assert_str_eq(v.items[1].s, "caf\xc3\xa9 \xe2\x82\xac");
	ck_assert_str_eq(v.items[2].s, "\xf0\x9f\x98\x80");
	ck_assert_uint_eq(v.items[3].len, 3);
	ck_assert_int_eq(memcmp(v.items[3].s, "a\0b", 4), 0);
	ck_assert_str_eq(v.items[4].s, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	json_read_free(&v);
}
END_TEST

static const struct { const char *text, *msg; } errors[] = {
	{ "", "t.json: empty file" },
	{ "   ", "t.json:1: expected a value, found end of file" },
	{ "[1,]", "t.json:1: trailing comma before ']'" },
	{ "{\"a\":1,\n}", "t.json:2: trailing comma before '}'" },
	{ "[1 2]", "t.json:1: expected ',' or ']' in an array, found '2'" },
	{ "{\"a\" 1}", "t.json:1: expected ':' after a member name, found '1'" },
	{ "{a:1}", "t.json:1: expected a member name in quotes, found 'a'" },
	{ "{\"a\":1 \"b\":2}", "t.json:1: expected ',' or '}' in an object, found '\"'" },
	{ "\"abc", "t.json:1: unterminated string" },
	{ "\"a\tb\"", "t.json:1: control character 0x09 in a string (must be escaped)" },
	{ "\"\\x\"", "t.json:1: bad escape '\\x' in a string" },
	{ "\"\\u12G4\"", "t.json:1: bad \\u escape (expected four hex digits)" },
	{ "\"\\udc00\"", "t.json:1: unpaired surrogate \\uDC00" },
	{ "\"\\ud800x\"", "t.json:1: unpaired surrogate \\uD800" },
	{ "\"\\ud800\\u0041\"", "t.json:1: unpaired surrogate \\uD800" },
	{ "\"\xc0\xaf\"", "t.json:1: invalid UTF-8 in a string" },
	{ "\"\xed\xa0\x80\"", "t.json:1: invalid UTF-8 in a string" },
	{ "\"\xe2\x82\"", "t.json:1: invalid UTF-8 in a string" },
	{ "01", "t.json:1: '1' after the end of the JSON value" },
	{ "-", "t.json:1: bad number" },
	{ "1.", "t.json:1: bad number (no digit after '.')" },
	{ "1e+", "t.json:1: bad number (no digit in the exponent)" },
	{ "tru", "t.json:1: expected a value, found 't'" },
	{ "{}\n\n}", "t.json:3: '}' after the end of the JSON value" },
	{ "[\n\x01]", "t.json:2: expected a value, found byte 0x01" },
};

START_TEST(error_cases)
{
	bad(errors[_i].text, strlen(errors[_i].text), errors[_i].msg);
}
END_TEST

START_TEST(nul_byte)
{
	bad("[1,\0]", 5, "t.json:1: expected a value, found byte 0x00");
}
END_TEST

/* n arrays inside each other. */
static char *nested(int n)
{
	char *s = xmalloc((size_t)n * 2 + 1);
	memset(s, '[', (size_t)n);
	memset(s + n, ']', (size_t)n);
	s[2 * n] = '\0';
	return s;
}

START_TEST(depth)
{
	struct json_value v;
	char *s = nested(JSON_READ_MAX_DEPTH);
	ok(s, &v);
	json_read_free(&v);
	free(s);
	s = nested(JSON_READ_MAX_DEPTH + 1);
	bad(s, strlen(s), "t.json:1: arrays and objects nested more than 64 deep");
	free(s);
	s = nested(100000);
	bad(s, strlen(s), "t.json:1: arrays and objects nested more than 64 deep");
	free(s);
}
END_TEST

START_TEST(members)
{
	struct json_value v;
	const struct json_value *f;
	char *err = NULL;
	ok("{\"a\": 1, \"ab\": 2, \"a\\u0000\": 3,\n\"ab\": 4}", &v);
	ck_assert_int_eq(json_read_member("t.json", &v, "a", &f, &err), 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->s, "1");
	ck_assert_int_eq(json_read_member("t.json", &v, "b", &f, &err), 0);
	ck_assert_ptr_null(f);
	ck_assert_ptr_null(err);
	ck_assert_int_eq(json_read_member("t.json", &v, "ab", &f, &err), -1);
	ck_assert_str_eq(err, "t.json:2: duplicate member \"ab\"");
	free(err);
	json_read_free(&v);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("json_read");
	TCase *tc = tcase_create("read");
	tcase_add_test(tc, tree);
	tcase_add_test(tc, strings);
	tcase_add_loop_test(tc, error_cases, 0, COUNT(errors));
	tcase_add_test(tc, nul_byte);
	tcase_add_test(tc, depth);
	tcase_add_test(tc, members);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
