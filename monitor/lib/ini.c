/* ini — a small INI reader with line numbers in every error. */
#include "ini.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Longer lines are refused: no setting needs one, and a message that
 * quotes a key or section name stays bounded (a 20 MB line was echoed whole). */
#define LINE_MAX_BYTES 65536

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* Cut an inline comment: `;` preceded by a blank starts one. */
static size_t cut_comment(const char *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i] == ';' && (v[i - 1] == ' ' || v[i - 1] == '\t'))
			return i;
	return n;
}

static int parse_header(struct ini *ini, const char *p, size_t n, int line, char **err)
{
	/* p[0] == '[' */
	if (p[n - 1] != ']')
		return errorf(err, "%s:%d: section header must end with ']'", ini->path, line);
	const char *b;
	size_t len = str_trim_span(p + 1, n - 2, &b);
	size_t i = 0;
	while (i < len && name_char(b[i]))
		i++;
	if (i == 0)
		return errorf(err, "%s:%d: missing section name", ini->path, line);
	char *name = xstrndup(b, i);
	lower(name);
	char *sub = NULL;
	while (i < len && (b[i] == ' ' || b[i] == '\t'))
		i++;
	if (i < len) {
		if (b[i] != '"' || b[len - 1] != '"' || len - i < 2) {
			free(name);
			return errorf(err, "%s:%d: expected [name] or [name \"subsection\"]",
				      ini->path, line);
		}
		sub = xstrndup(b + i + 1, len - i - 2);
		if (strchr(sub, '"') || !*sub) {
			free(name);
			free(sub);
			return errorf(err, "%s:%d: bad subsection name", ini->path, line);
		}
	}
	for (size_t k = 0; k < ini->n; k++) {
		struct ini_section *o = &ini->s[k];
		if (!strcmp(o->name, name) &&
		    ((!o->sub && !sub) || (o->sub && sub && !strcmp(o->sub, sub)))) {
			int first = o->line;
			errorf(err, "%s:%d: section [%s%s%s%s] repeated (first at line %d)",
			       ini->path, line, name, sub ? " \"" : "", sub ? sub : "",
			       sub ? "\"" : "", first);
			free(name);
			free(sub);
			return -1;
		}
	}
	VEC_GROW(ini->s, ini->n, ini->cap, ini->n + 1);
	struct ini_section *s = &ini->s[ini->n++];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->sub = sub;
	s->line = line;
	return 0;
}

static int parse_entry(struct ini *ini, const char *p, size_t n, int line, char **err)
{
	size_t i = 0;
	while (i < n && name_char(p[i]))
		i++;
	if (i == 0)
		return errorf(err, "%s:%d: expected 'key = value'", ini->path, line);
	size_t k = i;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= n || p[i] != '=')
		return errorf(err, "%s:%d: expected 'key = value' after '%.*s'", ini->path,
			      line, (int)k, p);
	if (!ini->n)
		return errorf(err, "%s:%d: '%.*s' is outside any [section]", ini->path, line,
			      (int)k, p);
	i++;
	const char *v = p + i;
	size_t vn = cut_comment(v - 1, n - i + 1) - 1;
	/* cut_comment looked from the '=' so "key = ;x" is an empty value. */
	const char *vb;
	vn = str_trim_span(v, vn, &vb);
	struct ini_section *s = &ini->s[ini->n - 1];
	VEC_GROW(s->e, s->n, s->cap, s->n + 1);
	struct ini_entry *e = &s->e[s->n++];
	e->key = xstrndup(p, k);
	lower(e->key);
	e->value = xstrndup(vb, vn);
	e->line = line;
	return 0;
}

struct ini *ini_parse_text(const char *path, const char *text, size_t len, char **err)
{
	struct ini *ini = xcalloc(1, sizeof(*ini));
	ini->path = xstrdup(path);
	int line = 0;
	size_t pos = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		pos = 3;
	while (pos < len) {
		const char *eol = memchr(text + pos, '\n', len - pos);
		size_t n = eol ? (size_t)(eol - (text + pos)) : len - pos;
		const char *p = text + pos;
		pos += n + 1;
		line++;
		if (n > LINE_MAX_BYTES) {
			errorf(err, "%s:%d: line is longer than %d bytes", path, line, LINE_MAX_BYTES);
			goto fail;
		}
		if (memchr(p, '\0', n)) {
			errorf(err, "%s:%d: line contains a NUL byte", path, line);
			goto fail;
		}
		const char *b;
		size_t tn = str_trim_span(p, n, &b);
		if (!tn || b[0] == ';' || b[0] == '#')
			continue;
		int rc = b[0] == '['
			? parse_header(ini, b, cut_comment(b, tn) == tn ? tn
					  : str_trim_span(b, cut_comment(b, tn), &b), line, err)
			: parse_entry(ini, b, tn, line, err);
		if (rc < 0)
			goto fail;
	}
	return ini;
fail:
	ini_free(ini);
	return NULL;
}

struct ini *ini_parse_file(const char *path, char **err)
{
	char *text;
	size_t len;
	if (read_regular_file(path, FILE_CAP_CONFIG, &text, &len, err) < 0)
		return NULL;
	struct ini *ini = ini_parse_text(path, text, len, err);
	free(text);
	return ini;
}

void ini_free(struct ini *ini)
{
	if (!ini)
		return;
	for (size_t i = 0; i < ini->n; i++) {
		struct ini_section *s = &ini->s[i];
		for (size_t j = 0; j < s->n; j++) {
			free(s->e[j].key);
			free(s->e[j].value);
		}
		free(s->e);
		free(s->name);
		free(s->sub);
	}
	free(ini->s);
	free(ini->path);
	free(ini);
}

const struct ini_entry *ini_get(const struct ini_section *s, const char *key)
{
	for (size_t i = s->n; i-- > 0;)
		if (!strcmp(s->e[i].key, key))
			return &s->e[i];
	return NULL;
}
