#ifndef FITSMON_INI_H
#define FITSMON_INI_H
/*
 * ini — the git-config-style text of fitsmon.conf and the catalog.
 *
 * Lines are `[name]`, `[name "subsection"]`, `key = value`, blank, or a
 * comment (first non-blank byte `;` or `#`).  The rest of a line after
 * whitespace and `;` is a comment too.  Section names and keys are folded
 * to lower case; subsection names and values are kept as written (values
 * trimmed, no escapes).  A repeated section is an error; repeated keys are
 * all kept, in order, for the caller to resolve.  No line length limit.
 */
#include <stddef.h>

struct ini_entry {
	char *key;
	char *value;
	int line;
};

struct ini_section {
	char *name;     /* lower case */
	char *sub;      /* NULL when the header has no subsection */
	int line;
	struct ini_entry *e;
	size_t n, cap;
};

struct ini {
	char *path;
	struct ini_section *s;
	size_t n, cap;
};

/* Parse text (len bytes) read from `path`.  Errors: "path:line: what". */
struct ini *ini_parse_text(const char *path, const char *text, size_t len, char **err);
struct ini *ini_parse_file(const char *path, char **err);
void ini_free(struct ini *ini);

/* The last entry for key in a section, or NULL. */
const struct ini_entry *ini_get(const struct ini_section *s, const char *key);

#endif
