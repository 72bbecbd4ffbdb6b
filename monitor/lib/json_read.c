/*
 * json_read — a strict recursive-descent JSON reader (RFC 8259) into a
 * tree.  It never trusts a byte of its input and reports the first
 * problem as "path:line: what".
 */
#include "json_read.h"

#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append code point cp (at most U+10FFFF, not a surrogate) as UTF-8. */
static void utf8_put(struct strbuf *sb, unsigned cp)
{
	static const unsigned char lead[] = { 0, 0, 0xc0, 0xe0, 0xf0 };
	char b[4];
	size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	if (n == 1) {
		sb_putc(sb, (char)cp);
		return;
	}
	for (size_t i = n - 1; i > 0; i--) {
		b[i] = (char)(0x80 | (cp & 0x3f));
		cp >>= 6;
	}
	b[0] = (char)(lead[n] | cp);
	sb_add(sb, b, n);
}

struct jparser {
	const char *p, *end;
	size_t line;
	const char *path;
	char **err;
};

/* Free what v owns (recursion is bounded by JSON_READ_MAX_DEPTH). */
void json_read_free(struct json_value *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n_items; i++)
		json_read_free(&v->items[i]);
	for (size_t i = 0; i < v->n_members; i++) {
		free(v->members[i].key);
		json_read_free(&v->members[i].val);
	}
	free(v->items);
	free(v->members);
	free(v->s);
	memset(v, 0, sizeof(*v));
}

/* Set *err to "path:line: <formatted>" at the cursor's line; returns -1. */
__attribute__((format(printf, 2, 3)))
static int jfail(struct jparser *jp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	errorf(jp->err, "%s:%zu: %s", jp->path, jp->line, msg);
	free(msg);
	return -1;
}

/* Name the byte at the cursor for a message: 'x', byte 0x00, end of file. */
static const char *jwhat(const struct jparser *jp, char *buf, size_t size)
{
	if (jp->p >= jp->end) {
		snprintf(buf, size, "end of file");
	} else {
		unsigned char c = (unsigned char)*jp->p;
		if (c >= 0x20 && c < 0x7f)
			snprintf(buf, size, "'%c'", c);
		else
			snprintf(buf, size, "byte 0x%02x", c);
	}
	return buf;
}

static void jskip_ws(struct jparser *jp)
{
	while (jp->p < jp->end) {
		char c = *jp->p;
		if (c == '\n')
			jp->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return;
		jp->p++;
	}
}

/* Four hex digits at the cursor into *cp; -1 when they are not. */
static int jhex4(struct jparser *jp, unsigned *cp)
{
	unsigned v = 0;
	if (jp->end - jp->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = jp->p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	jp->p += 4;
	*cp = v;
	return 0;
}

/*
 * A string at the cursor (on its opening quote), decoded into a new
 * buffer: escapes undone, \uXXXX pairs joined into one code point, raw
 * bytes checked to be UTF-8.  Control characters must be escaped.
 */
static int jparse_string(struct jparser *jp, char **out, size_t *out_len)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *end = (const unsigned char *)jp->end;
	sb_add(&sb, "", 0);
	jp->p++;
	for (;;) {
		if (jp->p >= jp->end) {
			sb_release(&sb);
			return jfail(jp, "unterminated string");
		}
		unsigned char c = (unsigned char)*jp->p;
		if (c == '"') {
			jp->p++;
			break;
		}
		if (c < 0x20) {
			sb_release(&sb);
			return jfail(jp, "control character 0x%02x in a string (must be escaped)",
				     c);
		}
		if (c >= 0x80) {
			size_t k = utf8_seq_len((const unsigned char *)jp->p, (size_t)(end - (const unsigned char *)jp->p));
			if (k == 0) {
				sb_release(&sb);
				return jfail(jp, "invalid UTF-8 in a string");
			}
			sb_add(&sb, jp->p, k);
			jp->p += k;
			continue;
		}
		if (c != '\\') {
			sb_putc(&sb, (char)c);
			jp->p++;
			continue;
		}
		if (jp->end - jp->p < 2) {
			sb_release(&sb);
			return jfail(jp, "unterminated string");
		}
		char e = jp->p[1];
		const char *simple = strchr("\"\\/bfnrt", e);
		jp->p += 2;
		if (e != '\0' && simple) {
			static const char with[] = "\"\\/\b\f\n\r\t";
			sb_putc(&sb, with[simple - "\"\\/bfnrt"]);
			continue;
		}
		if (e != 'u') {
			sb_release(&sb);
			if (e > 0x20 && e < 0x7f)
				return jfail(jp, "bad escape '\\%c' in a string", e);
			return jfail(jp, "bad escape (byte 0x%02x after '\\') in a string",
				     (unsigned char)e);
		}
		unsigned cp, lo;
		if (jhex4(jp, &cp)) {
			sb_release(&sb);
			return jfail(jp, "bad \\u escape (expected four hex digits)");
		}
		if (cp >= 0xdc00 && cp <= 0xdfff) {
			sb_release(&sb);
			return jfail(jp, "unpaired surrogate \\u%04X", cp);
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (jp->end - jp->p < 2 || jp->p[0] != '\\' || jp->p[1] != 'u') {
				sb_release(&sb);
				return jfail(jp, "unpaired surrogate \\u%04X", cp);
			}
			jp->p += 2;
			if (jhex4(jp, &lo)) {
				sb_release(&sb);
				return jfail(jp, "bad \\u escape (expected four hex digits)");
			}
			if (lo < 0xdc00 || lo > 0xdfff) {
				sb_release(&sb);
				return jfail(jp, "unpaired surrogate \\u%04X", cp);
			}
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		utf8_put(&sb, cp);
	}
	*out_len = sb.len;
	*out = sb_detach(&sb);
	return 0;
}

static int is_digit_at(const char *q, const char *end)
{
	return q < end && *q >= '0' && *q <= '9';
}

/* A number, kept as text: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int jparse_number(struct jparser *jp, struct json_value *v)
{
	const char *s = jp->p, *p = s, *end = jp->end;
	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (is_digit_at(p, end))
		while (is_digit_at(p, end))
			p++;
	else
		return jfail(jp, "bad number");
	if (p < end && *p == '.') {
		p++;
		if (!is_digit_at(p, end))
			return jfail(jp, "bad number (no digit after '.')");
		while (is_digit_at(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit_at(p, end))
			return jfail(jp, "bad number (no digit in the exponent)");
		while (is_digit_at(p, end))
			p++;
	}
	v->type = JSON_NUMBER;
	v->len = (size_t)(p - s);
	v->s = xstrndup(s, v->len);
	jp->p = p;
	return 0;
}

static int jparse_value(struct jparser *jp, struct json_value *v, int depth);

/* An array at the cursor (on '['); elements are appended to v. */
static int jparse_array(struct jparser *jp, struct json_value *v, int depth)
{
	char b[16];
	v->type = JSON_ARRAY;
	jp->p++;
	jskip_ws(jp);
	if (jp->p < jp->end && *jp->p == ']') {
		jp->p++;
		return 0;
	}
	for (;;) {
		struct json_value item;
		if (jparse_value(jp, &item, depth + 1)) {
			json_read_free(&item);
			return -1;
		}
		VEC_GROW(v->items, v->n_items, v->cap_items, v->n_items + 1);
		v->items[v->n_items++] = item;
		jskip_ws(jp);
		if (jp->p < jp->end && *jp->p == ']') {
			jp->p++;
			return 0;
		}
		if (jp->p >= jp->end || *jp->p != ',')
			return jfail(jp, "expected ',' or ']' in an array, found %s",
				     jwhat(jp, b, sizeof(b)));
		jp->p++;
		jskip_ws(jp);
		if (jp->p < jp->end && *jp->p == ']')
			return jfail(jp, "trailing comma before ']'");
	}
}

/* An object at the cursor (on '{'); members are appended to v in order. */
static int jparse_object(struct jparser *jp, struct json_value *v, int depth)
{
	char b[16];
	v->type = JSON_OBJECT;
	jp->p++;
	jskip_ws(jp);
	if (jp->p < jp->end && *jp->p == '}') {
		jp->p++;
		return 0;
	}
	for (;;) {
		struct json_member m;
		memset(&m, 0, sizeof(m));
		if (jp->p >= jp->end || *jp->p != '"')
			return jfail(jp, "expected a member name in quotes, found %s",
				     jwhat(jp, b, sizeof(b)));
		if (jparse_string(jp, &m.key, &m.key_len))
			return -1;
		jskip_ws(jp);
		if (jp->p >= jp->end || *jp->p != ':') {
			free(m.key);
			return jfail(jp, "expected ':' after a member name, found %s",
				     jwhat(jp, b, sizeof(b)));
		}
		jp->p++;
		if (jparse_value(jp, &m.val, depth + 1)) {
			free(m.key);
			json_read_free(&m.val);
			return -1;
		}
		VEC_GROW(v->members, v->n_members, v->cap_members, v->n_members + 1);
		v->members[v->n_members++] = m;
		jskip_ws(jp);
		if (jp->p < jp->end && *jp->p == '}') {
			jp->p++;
			return 0;
		}
		if (jp->p >= jp->end || *jp->p != ',')
			return jfail(jp, "expected ',' or '}' in an object, found %s",
				     jwhat(jp, b, sizeof(b)));
		jp->p++;
		jskip_ws(jp);
		if (jp->p < jp->end && *jp->p == '}')
			return jfail(jp, "trailing comma before '}'");
	}
}

/*
 * Any value, after optional white space, into *v (zeroed here).  On
 * failure *v may hold part of a tree: the caller frees it.  depth counts
 * the arrays and objects around v.
 */
static int jparse_value(struct jparser *jp, struct json_value *v, int depth)
{
	static const struct { const char *word; enum json_type type; } lits[] = {
		{ "true", JSON_TRUE }, { "false", JSON_FALSE }, { "null", JSON_NULL },
	};
	char b[16];
	memset(v, 0, sizeof(*v));
	jskip_ws(jp);
	v->line = jp->line;
	if (jp->p >= jp->end)
		return jfail(jp, "expected a value, found end of file");
	char c = *jp->p;
	if (c == '{' || c == '[') {
		if (depth >= JSON_READ_MAX_DEPTH)
			return jfail(jp, "arrays and objects nested more than %d deep",
				     JSON_READ_MAX_DEPTH);
		return c == '{' ? jparse_object(jp, v, depth) : jparse_array(jp, v, depth);
	}
	if (c == '"') {
		v->type = JSON_STRING;
		return jparse_string(jp, &v->s, &v->len);
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return jparse_number(jp, v);
	for (size_t i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		size_t n = strlen(lits[i].word);
		if ((size_t)(jp->end - jp->p) >= n && memcmp(jp->p, lits[i].word, n) == 0) {
			v->type = lits[i].type;
			jp->p += n;
			return 0;
		}
	}
	return jfail(jp, "expected a value, found %s", jwhat(jp, b, sizeof(b)));
}

/* A whole document: one value, then only white space. */
static int jparse_document(struct jparser *jp, struct json_value *root)
{
	char b[16];
	if (jp->p >= jp->end)
		return errorf(jp->err, "%s: empty file", jp->path);
	if (jparse_value(jp, root, 0))
		return -1;
	jskip_ws(jp);
	if (jp->p < jp->end)
		return jfail(jp, "%s after the end of the JSON value", jwhat(jp, b, sizeof(b)));
	return 0;
}

int json_read(const char *path, const char *buf, size_t len, struct json_value *root,
	      char **err)
{
	struct jparser jp = { .p = buf, .end = buf + len, .line = 1, .path = path, .err = err };
	memset(root, 0, sizeof(*root));
	if (jparse_document(&jp, root)) {
		json_read_free(root);
		return -1;
	}
	return 0;
}

int json_read_member(const char *path, const struct json_value *obj, const char *key,
		     const struct json_value **found, char **err)
{
	size_t klen = strlen(key);
	*found = NULL;
	for (size_t i = 0; i < obj->n_members; i++) {
		const struct json_member *m = &obj->members[i];
		if (m->key_len != klen || memcmp(m->key, key, klen) != 0)
			continue;
		if (*found)
			return errorf(err, "%s:%zu: duplicate member \"%s\"", path, m->val.line,
				      key);
		*found = &m->val;
	}
	return 0;
}
