/* json — streaming writer. */
#include "json.h"

#include <stdio.h>
#include <string.h>

void json_init(struct json *j, struct strbuf *out, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
	j->first[0] = 1;
}

void json_quote(struct strbuf *sb, const char *s)
{
	sb_putc(sb, '"');
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	while (n) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			sb_putc(sb, '\\');
			sb_putc(sb, (char)c);
		} else if (c == '\n') {
			sb_puts(sb, "\\n");
		} else if (c == '\r') {
			sb_puts(sb, "\\r");
		} else if (c == '\t') {
			sb_puts(sb, "\\t");
		} else if (c < 0x20 || c == 0x7F) {
			sb_printf(sb, "\\u%04x", c);
		} else if (c >= 0x80) {
			size_t len = utf8_seq_len(p, n);
			if (!len) {
				sb_puts(sb, "\\ufffd");
				len = 1;
			} else {
				sb_add(sb, (const char *)p, len);
			}
			p += len;
			n -= len;
			continue;
		} else {
			sb_putc(sb, (char)c);
		}
		p++;
		n--;
	}
	sb_putc(sb, '"');
}

static void indent(struct json *j)
{
	if (!j->pretty)
		return;
	sb_putc(j->out, '\n');
	for (int i = 0; i < j->depth; i++)
		sb_puts(j->out, "  ");
}

static void member(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		sb_putc(j->out, ',');
	j->first[j->depth] = 0;
	if (j->depth)
		indent(j);
	if (key) {
		json_quote(j->out, key);
		sb_puts(j->out, j->pretty ? ": " : ":");
	}
}

static void open_(struct json *j, const char *key, char c)
{
	member(j, key);
	sb_putc(j->out, c);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
}

static void close_(struct json *j, char c)
{
	int empty = j->first[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (!empty)
		indent(j);
	sb_putc(j->out, c);
}

void json_object(struct json *j, const char *key)
{
	open_(j, key, '{');
}

void json_array(struct json *j, const char *key)
{
	open_(j, key, '[');
}

void json_end_object(struct json *j)
{
	close_(j, '}');
}

void json_end_array(struct json *j)
{
	close_(j, ']');
}

void json_str(struct json *j, const char *key, const char *v)
{
	member(j, key);
	if (v)
		json_quote(j->out, v);
	else
		sb_puts(j->out, "null");
}

void json_int(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	sb_printf(j->out, "%lld", (long long)v);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	sb_puts(j->out, "null");
}

void json_bool(struct json *j, const char *key, int v)
{
	member(j, key);
	sb_puts(j->out, v ? "true" : "false");
}

void json_raw(struct json *j, const char *key, const char *number)
{
	member(j, key);
	sb_puts(j->out, number);
}

void json_fixed(struct json *j, const char *key, int64_t v, int places)
{
	char buf[48];
	if (places < 0)
		places = 0;
	if (places > 18)
		places = 18;
	int64_t scale = 1;
	for (int i = 0; i < places; i++)
		scale *= 10;
	int neg = v < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(buf, sizeof(buf), "%s%llu", neg ? "-" : "",
			 (unsigned long long)(u / (uint64_t)scale));
	uint64_t frac = u % (uint64_t)scale;
	if (frac && places > 0 && n > 0 && (size_t)n < sizeof(buf)) {
		/* the fraction, zero-padded to `places` digits */
		char f[24];
		for (int i = places - 1; i >= 0; i--) {
			f[i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		f[places] = '\0';
		size_t fl = (size_t)places;
		while (fl && f[fl - 1] == '0')
			f[--fl] = '\0';
		snprintf(buf + n, sizeof(buf) - (size_t)n, ".%s", f);
	}
	json_raw(j, key, buf);
}
