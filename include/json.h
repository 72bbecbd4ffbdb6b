#ifndef FITSMON_JSON_H
#define FITSMON_JSON_H
/*
 * json — a small streaming JSON writer with correct string escaping
 * (control characters, quotes, backslashes; invalid UTF-8 replaced by
 * U+FFFD so the output is always valid JSON).  Commas are inserted by the
 * writer; nesting is tracked up to 32 levels.
 */
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct json {
	struct strbuf *out;
	int depth;
	int first[32];    /* no member written yet at this level */
	int pretty;
};

void json_init(struct json *j, struct strbuf *out, int pretty);
void json_object(struct json *j, const char *key);   /* key NULL inside arrays */
void json_array(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_end_array(struct json *j);
void json_str(struct json *j, const char *key, const char *v);   /* NULL -> null */
void json_int(struct json *j, const char *key, int64_t v);
void json_null(struct json *j, const char *key);
void json_bool(struct json *j, const char *key, int v);
/* A number written as given (e.g. "0.9167"). */
void json_raw(struct json *j, const char *key, const char *number);
/* Fixed-point: v / 10^places, trailing zeros dropped ("0.95", "8", "6.5"). */
void json_fixed(struct json *j, const char *key, int64_t v, int places);

/* Escape s as a JSON string (with quotes) onto sb. */
void json_quote(struct strbuf *sb, const char *s);

#endif
