#ifndef FITSMON_JSON_READ_H
#define FITSMON_JSON_READ_H
/*
 * json_read — a small strict JSON reader (RFC 8259) into a tree, beside
 * the writer (json.h).  No comments, no trailing commas, UTF-8 only;
 * escapes and surrogate pairs are decoded.  Nesting is capped at
 * JSON_READ_MAX_DEPTH so a hostile "[[[[..." cannot exhaust the stack.
 * Errors are "path:line: what", the first problem found.
 */
#include <stddef.h>

enum { JSON_READ_MAX_DEPTH = 64 };   /* arrays and objects inside each other */

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
		 JSON_ARRAY, JSON_OBJECT };

struct json_member;

/* A parsed value; children are owned, freed by json_read_free. */
struct json_value {
	enum json_type type;
	size_t line;                  /* where the value starts (1-based) */
	char *s;                      /* JSON_STRING: decoded UTF-8 (NUL-terminated,
	                               * may hold NUL bytes from \u0000);
	                               * JSON_NUMBER: its text */
	size_t len;
	struct json_value *items;     /* JSON_ARRAY */
	size_t n_items, cap_items;
	struct json_member *members;  /* JSON_OBJECT, in file order */
	size_t n_members, cap_members;
};

struct json_member {
	char *key;                    /* decoded; may hold NUL bytes from \u0000 */
	size_t key_len;
	struct json_value val;
};

/*
 * The one JSON value in buf[0..len) (then only white space) into *root;
 * path names the input in messages.  On error -1 with *err set and
 * *root freed (empty).  A byte order mark is not skipped here.
 */
int json_read(const char *path, const char *buf, size_t len, struct json_value *root,
	      char **err);
/* Free what v owns and empty it; NULL is accepted. */
void json_read_free(struct json_value *v);

/*
 * Member `key` of object obj into *found (NULL when absent).  A key that
 * appears twice is an error ("path:line: duplicate member \"key\""),
 * since which one counts would be a guess.
 */
int json_read_member(const char *path, const struct json_value *obj, const char *key,
		     const struct json_value **found, char **err);

#endif
