/*
 * config — from INI sections to typed, cross-checked structures.
 *
 * Sections are checked against a schema table first (so every unknown
 * name gets a suggestion), then built in dependency order: calendars,
 * suppliers, feeds, SLAs, the catalog, activities.  Any section may refer
 * to one written later in the file.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cal.h"
#include "civil.h"
#include "holidays.h"
#include "money.h"
#include "ini.h"
#include "mail.h"
#include "pattern.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"
#include "vocab.h"

#ifndef FITSMON_CATALOG
#define FITSMON_CATALOG "/usr/local/share/fitsmon/fitsom/catalog.conf"
#endif
#ifndef FITSMON_PRESETS
#define FITSMON_PRESETS "/usr/local/share/fitsmon/presets"
#endif

#define DEFAULT_STALE_AFTER (48 * 3600)
#define DEFAULT_MAX_REJECTED 0.02   /* [feed] max_rejected = 2% (DESIGN.md) */

/* ---- the schema ------------------------------------------------------ */

static const char *const school_keys[] = { "name", "timezone", "contact", "roles", "calendar",
	NULL };
static const char *const store_keys[] = { "path", "spool", NULL };
static const char *const catalog_keys[] = { "path", NULL };
static const char *const calendar_keys[] = { "hours", "terms", "closed", "closed_from", NULL };
static const char *const supplier_keys[] = { "name", "owns", "performs", "roles", "onsite",
	"calendar", "monthly_charge", "currency", "credit_cap", NULL };
static const char *const feed_keys[] = { "supplier", "kind", "url", "time_format", "timezone",
	"max_rejected", "new_status", "resolved_status", "pause_status", "stale_after", "auth", "ca_file",
	"header", "timeout", "connect_timeout", "max_size", "retries", "keep", "delimiter",
	"header_row", "encoding", "decimal", "missing", "preset", "onsite_values", "offsite_values",
	"key", "mode", "stamp_rewritten", "priority_lowered", "priority_rule", "sla_met_values",
	NULL };
/* A preset (rules/presets/NAME.conf) may set what a vendor's export fixes. */
static const char *const preset_keys[] = { "title", "kind", "time_format", "new_status",
	"resolved_status", "pause_status", "delimiter", "header_row", "encoding", "decimal",
	"missing", "onsite_values", "offsite_values", "sla_met_values", NULL };
static const char *const sla_keys[] = { "supplier", "when", "calendar", "respond", "resolve",
	"target", "warn", "reopen_window", "reopen_merge", "pause_share", "credit", NULL };
static const char *const activity_keys[] = { "supplier", "every", "times", "grace", "evidence",
	"concern", "severity", "calendar", "title", "description", "function", "role", "code",
	"objects", "actions", "unless", "problems", "credit", NULL };
static const char *const mail_keys[] = { "smtp", "sendmail", "from", "to", "cc", "user",
	"password_file", "ca_file", "starttls", "digest", "timeout", NULL };
static const char *const cat_function_keys[] = { "title", "description", NULL };
static const char *const cat_activity_keys[] = { "function", "title", "description", "every",
	"times", "grace", "evidence", "concern", "severity", "role", "code", "objects", "actions",
	"unless", "problems", NULL };
static const char *const cat_vocab_keys[] = { "same", "notdone", "negation", "fine", NULL };

struct schema {
	const char *name;
	int sub;   /* 1: needs "subsection", 0: must not have one */
	const char *const *keys;
	int columns;   /* accepts column.FIELD keys */
};

static const struct schema conf_schema[] = {
	{ "school", 0, school_keys, 0 },
	{ "store", 0, store_keys, 0 },
	{ "catalog", 0, catalog_keys, 0 },
	{ "calendar", 1, calendar_keys, 0 },
	{ "supplier", 1, supplier_keys, 0 },
	{ "feed", 1, feed_keys, 1 },
	{ "sla", 1, sla_keys, 0 },
	{ "activity", 1, activity_keys, 0 },
	{ "mail", 0, mail_keys, 0 },
	{ NULL, 0, NULL, 0 },
};

static const struct schema catalog_schema[] = {
	{ "function", 1, cat_function_keys, 0 },
	{ "activity", 1, cat_activity_keys, 0 },
	{ "vocabulary", 0, cat_vocab_keys, 0 },
	{ NULL, 0, NULL, 0 },
};

static const struct schema preset_schema[] = {
	{ "preset", 0, preset_keys, 1 },
	{ NULL, 0, NULL, 0 },
};

static const char *const period_names[PERIOD_COUNT] = {
	"day", "school-day", "week", "school-week", "month", "term", "year"
};

/* The closest of names[] to s, or NULL when nothing is close. */
static const char *nearest(const char *s, const char *const *names)
{
	return config_nearest(s, names);
}

const char *config_nearest(const char *s, const char *const *names)
{
	return str_nearest(s, names);
}

/*
 * Errors are collected, not returned one at a time: each one a line of
 * *errs ("file:line: message"), so one run shows every mistake.  keep()
 * moves a message a loader left in *err there.
 */
static void keep(struct strbuf *errs, char **err)
{
	if (!*err)
		return;
	if (errs->len)
		sb_putc(errs, '\n');
	sb_puts(errs, *err);
	free(*err);
	*err = NULL;
}

/*
 * As keep(), for an error of section s.  typo[i] (from check_schema) is
 * "\nKEY\n..." for the keys a "did you mean 'KEY'?" named in section i:
 * "[...] needs KEY" for one of them is what the misspelling caused and is
 * dropped, the "did you mean" line having said it already.
 */
static void keep_in(struct strbuf *errs, char **err, char *const *typo,
		    const struct ini *ini, const struct ini_section *s)
{
	const char *meant = typo ? typo[s - ini->s] : NULL;
	if (!*err || !meant) {
		keep(errs, err);
		return;
	}
	/* a loader may have found several errors: a line each */
	char *msgs = *err;
	*err = NULL;
	for (char *line = msgs; line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		const char *needs = strstr(line, " needs ");
		int drop = 0;
		if (needs && (needs[-1] == ']' || needs[-1] == ')')) {
			needs += 7;
			char *want = xasprintf("\n%.*s\n", (int)strcspn(needs, " "), needs);
			drop = strstr(meant, want) != NULL;
			free(want);
		}
		if (!drop) {
			*err = xstrdup(line);
			keep(errs, err);
		}
		line = nl ? nl + 1 : NULL;
	}
	free(msgs);
}

/* Add "KEY\n" to *list (started with "\n"): a key "did you mean" named. */
static void meant_key(char **list, const char *prefix, const char *key)
{
	char *old = *list;
	*list = xasprintf("%s%s%s\n", old ? old : "\n", prefix, key);
	free(old);
}

/*
 * Every unknown section, section name and key goes to *errs; typo[i]
 * (when typo is not NULL) lists the keys suggested for section i's
 * unknown ones (keep_in).  -1
 * when a section that needs a name has none (the config cannot be built
 * then); 0 otherwise, even when other errors were collected.
 */
static int check_schema(const struct ini *ini, const struct schema *schema, struct strbuf *errs,
			char **typo)
{
	char *e1 = NULL, **err = &e1;
	int fatal = 0;
	const char *names[16];
	size_t nn = 0;
	for (const struct schema *sc = schema; sc->name; sc++)
		names[nn++] = sc->name;
	names[nn] = NULL;
	for (size_t i = 0; i < ini->n; i++) {
		const struct ini_section *s = &ini->s[i];
		const struct schema *sc = schema;
		while (sc->name && strcmp(sc->name, s->name))
			sc++;
		if (!sc->name) {
			const char *near = nearest(s->name, names);
			errorf(err, "%s:%d: unknown section [%s]%s%s%s", ini->path, s->line,
			       s->name, near ? "; did you mean [" : "", near ? near : "",
			       near ? "]?" : "");
			keep(errs, err);
			continue;
		}
		if (sc->sub && !s->sub) {
			errorf(err, "%s:%d: [%s] needs a name, e.g. [%s \"example\"]",
			       ini->path, s->line, s->name, s->name);
			keep(errs, err);
			fatal = 1;
		}
		if (!sc->sub && s->sub) {
			errorf(err, "%s:%d: [%s] takes no name", ini->path, s->line, s->name);
			keep(errs, err);
		}
		for (size_t j = 0; j < s->n; j++) {
			const char *key = s->e[j].key;
			int ok = 0;
			for (const char *const *k = sc->keys; *k && !ok; k++)
				ok = !strcmp(*k, key);
			if (ok)
				continue;
			if (!strcmp(sc->name, "sla") && !strncmp(key, "when.", 5))
				continue;   /* load_sla checks the field */
			if (sc->columns && !strncmp(key, "column.", 7)) {
				if (fields_parse(key + 7) >= 0)
					continue;
				const char *fnames[FIELD_COUNT + 1];
				for (int f = 0; f < FIELD_COUNT; f++)
					fnames[f] = fields_name((enum field)f);
				fnames[FIELD_COUNT] = NULL;
				const char *near = nearest(key + 7, fnames);
				errorf(err, "%s:%d: unknown column field '%s'%s%s%s", ini->path,
				       s->e[j].line, key + 7, near ? "; did you mean 'column." : "",
				       near ? near : "", near ? "'?" : "");
				keep(errs, err);
				if (typo && near)
					meant_key(&typo[i], "column.", near);
				continue;
			}
			const char *near = nearest(key, sc->keys);
			errorf(err, "%s:%d: unknown key '%s' in [%s]%s%s%s", ini->path,
			       s->e[j].line, key, s->name, near ? "; did you mean '" : "",
			       near ? near : "", near ? "'?" : "");
			keep(errs, err);
			if (typo && near)
				meant_key(&typo[i], "", near);
		}
	}
	return fatal ? -1 : 0;
}

/* ---- helpers ------------------------------------------------------------ */

/*
 * The catalog a config that names none reads: $FITSMON_CATALOG; else, for
 * a binary run from the source tree (rules/fitsom/catalog.conf beside the
 * executable, found through /proc/self/exe), the tree's; else the
 * installed one compiled in (FITSMON_CATALOG).
 */
static char *default_catalog(void)
{
	const char *env = getenv("FITSMON_CATALOG");
	if (env && *env)
		return xstrdup(env);
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
	if (slash) {
		char *tree = xasprintf("%.*s/rules/fitsom/catalog.conf", (int)(slash - exe), exe);
		if (access(tree, F_OK) == 0)
			return tree;
		free(tree);
	}
	return xstrdup(FITSMON_CATALOG);
}

/*
 * NULL when path is a regular file fitsmon may read (file_open_regular:
 * not a FIFO or device, at most cap bytes), else why not (caller frees).
 */
static char *unreadable(const char *path, int64_t cap)
{
	char *why = NULL;
	int fd = file_open_regular(path, cap, NULL, &why);
	if (fd >= 0)
		close(fd);
	return why;
}

static char *resolve_path(const struct config *cfg, const char *p)
{
	if (p[0] == '/' || !cfg->dir)
		return xstrdup(p);
	return xasprintf("%s/%s", cfg->dir, p);
}

/*
 * The store when [store] path is not set: $STATE_DIRECTORY/fitsmon.db
 * under systemd; else named after the config (NAME.db for NAME.conf), in
 * /var/lib/fitsmon/ for a config under /etc and beside the config
 * otherwise.  Never the working folder's: one config, one store, from
 * wherever fitsmon is run.
 */
static char *default_store(const struct config *cfg)
{
	const char *state = getenv("STATE_DIRECTORY");
	if (state && *state)
		return xasprintf("%s/fitsmon.db", state);
	const char *base = strrchr(cfg->path, '/');
	base = base ? base + 1 : cfg->path;
	size_t n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".conf"))
		n -= 5;
	char *name = xasprintf("%.*s.db", (int)n, base);
	char *full = realpath(cfg->path, NULL);
	const char *where = full ? full : cfg->path;
	char *store = !strncmp(where, "/etc/", 5) ? xasprintf("/var/lib/fitsmon/%s", name)
						  : resolve_path(cfg, name);
	free(full);
	free(name);
	return store;
}

/* Split "a, b ,c" into a list (empty items dropped). */
static void split_list(const char *v, struct strlist *out)
{
	for (size_t i = 0; i < out->n; i++)
		free(out->v[i]);
	free(out->v);
	out->v = NULL;
	out->n = 0;
	size_t cap = 0;
	const char *p = v;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *b;
		n = str_trim_span(p, n, &b);
		if (n) {
			VEC_GROW(out->v, out->n, cap, out->n + 1);
			out->v[out->n++] = xstrndup(b, n);
		}
		if (!end)
			break;
		p = end + 1;
	}
}

static void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static struct cal *find_cal(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->ncal; i++)
		if (!strcmp(cal_name(cfg->cal[i]), name))
			return cfg->cal[i];
	return NULL;
}

int config_sends_log(const struct config *cfg, int sup)
{
	for (size_t i = 0; i < cfg->nfeed; i++)
		if (cfg->feed[i].kind == KIND_ACTIVITIES && cfg->feed[i].supplier == sup)
			return 1;
	return 0;
}

int config_supplier_index(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nsup; i++)
		if (!strcmp(cfg->sup[i].id, id))
			return (int)i;
	return -1;
}

const struct function *config_function(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nfn; i++)
		if (!strcmp(cfg->fn[i].id, id))
			return &cfg->fn[i];
	return NULL;
}

const char *config_period_name(enum period p)
{
	return period_names[p];
}

/* Error for entry e of the current file. */
/*
 * What in url is a credential, or NULL: a user name or password before
 * the host (user:pw@host), or a query parameter that names one (apikey=,
 * token=, key=, password=, secret= and the like).  Such a URL would be
 * printed by validate, query feeds and the logs.
 */
static const char *url_secret(const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t auth = strcspn(p, "/?#");
	if (memchr(p, '@', auth))
		return "a user name or password";
	const char *q = strchr(url, '?');
	if (!q)
		return NULL;
	static const char *const names[] = { "apikey", "api_key", "api-key", "key", "token",
		"access_token", "auth_token", "password", "passwd", "pass", "pwd", "secret",
		"client_secret", "sig", "signature", NULL };
	static const char *const endings[] = { "token", "secret", "password", "apikey", "api_key",
		NULL };
	for (q++; *q && *q != '#';) {
		size_t n = strcspn(q, "&;#"), k = strcspn(q, "=&;#");
		if (k > 64)
			k = 64;
		char name[65];
		for (size_t i = 0; i < k; i++)
			name[i] = (char)tolower((unsigned char)q[i]);
		name[k] = '\0';
		for (const char *const *w = names; *w; w++)
			if (!strcmp(name, *w))
				return "a secret query parameter";
		for (const char *const *w = endings; *w; w++)
			if (k > strlen(*w) && !strcmp(name + k - strlen(*w), *w))
				return "a secret query parameter";
		q += n;
		if (*q == '&' || *q == ';')
			q++;
	}
	return NULL;
}

/*
 * 1 when fmt cannot read a time: a sample, Tue 24 Nov 2026 13:45:07 UTC,
 * written with fmt (strftime, C locale) into sample, must parse back with
 * fmt to the same day and time (to the second, minute or hour, or the
 * day alone, as far as fmt goes).  So "%s" (which the parser does not take), a
 * format without a date, or one of unknown conversions fails here, in
 * validate, not on every row of the feed.
 */
static int time_format_fails(const char *fmt, char *sample, size_t size)
{
	const int64_t t = civil_days(2026, 11, 24) * 86400 + 13 * 3600 + 45 * 60 + 7;
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	sample[0] = '\0';
	locale_t c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	size_t n = c_loc ? strftime_l(sample, size, fmt, &tm, c_loc) : 0;
	if (c_loc)
		freelocale(c_loc);
	if (n == 0)
		return 1;
	int64_t back;
	if (timefmt_parse_format(sample, fmt, NULL, &back) < 0)
		return 1;
	return back != t && back != t - 7 && back != t - 45 * 60 - 7 &&
	       back != t - 13 * 3600 - 45 * 60 - 7;
}

#define EFAIL(e, ...) do { \
	char *m_ = xasprintf(__VA_ARGS__); \
	errorf(err, "%s:%d: %s", path, (e)->line, m_); \
	free(m_); \
	return -1; \
} while (0)

/* Add the message in *one (when set) to *all as a line of its own. */
static void more(char **all, char **one)
{
	if (!*one)
		return;
	if (!*all) {
		*all = *one;
	} else {
		char *both = xasprintf("%s\n%s", *all, *one);
		free(*all);
		free(*one);
		*all = both;
	}
	*one = NULL;
}

/* As EFAIL, added to *all (more) without returning. */
#define EMORE(e, ...) do { \
	char *m_ = xasprintf(__VA_ARGS__); \
	errorf(err, "%s:%d: %s", path, (e)->line, m_); \
	free(m_); \
	more(all, err); \
} while (0)

static int get_cal(const struct config *cfg, const char *path, const struct ini_entry *e,
		   struct cal **out, char **err)
{
	*out = find_cal(cfg, e->value);
	if (*out)
		return 0;
	const char **names = xcalloc(cfg->ncal + 1, sizeof(*names));
	for (size_t i = 0; i < cfg->ncal; i++)
		names[i] = cal_name(cfg->cal[i]);
	const char *near = nearest(e->value, names);
	char *m = xasprintf("no [calendar \"%s\"]%s%s%s", e->value,
			    near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
	free(names);
	errorf(err, "%s:%d: %s", path, e->line, m);
	free(m);
	return -1;
}

static int get_supplier(const struct config *cfg, const char *path, const struct ini_entry *e,
			int *out, char **err)
{
	*out = config_supplier_index(cfg, e->value);
	if (*out >= 0)
		return 0;
	const char **names = xcalloc(cfg->nsup + 1, sizeof(*names));
	for (size_t i = 0; i < cfg->nsup; i++)
		names[i] = cfg->sup[i].id;
	const char *near = nearest(e->value, names);
	char *m = xasprintf("no [supplier \"%s\"]%s%s%s", e->value,
			    near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
	free(names);
	errorf(err, "%s:%d: %s", path, e->line, m);
	free(m);
	return -1;
}

static int get_pattern(const char *path, const struct ini_entry *e, struct pattern **out,
		       char **err)
{
	char *perr = NULL;
	pattern_free(*out);
	*out = pattern_compile(e->value, &perr);
	if (!*out) {
		errorf(err, "%s:%d: %s: %s", path, e->line, e->key, perr);
		free(perr);
		return -1;
	}
	return 0;
}

static int get_duration(const char *path, const struct ini_entry *e, int days, int64_t *out,
			char **err)
{
	if (timefmt_parse_duration(e->value, days, out) == 0)
		return 0;
	return errorf(err, "%s:%d: %s: bad duration '%s' (use %s)", path, e->line, e->key,
		      e->value, days ? "d, h and m, e.g. 1d or 2h30m" : "h and m, e.g. 1h30m");
}

static int get_percent(const char *path, const struct ini_entry *e, int32_t *out, char **err)
{
	if (timefmt_parse_percent(e->value, out) == 0)
		return 0;
	return errorf(err, "%s:%d: %s: bad percentage '%s' (use e.g. 95%%)", path, e->line,
		      e->key, e->value);
}

static int get_period(const char *path, const struct ini_entry *e, enum period *out, char **err)
{
	for (int p = 0; p < PERIOD_COUNT; p++)
		if (str_ieq(e->value, period_names[p])) {
			*out = (enum period)p;
			return 0;
		}
	return errorf(err, "%s:%d: every: '%s' is not one of day, school-day, week, "
		      "school-week, month, term, year", path, e->line, e->value);
}

static int get_severity(const char *path, const struct ini_entry *e, enum severity *out,
			char **err)
{
	if (str_ieq(e->value, "red"))
		*out = SEV_RED;
	else if (str_ieq(e->value, "amber"))
		*out = SEV_AMBER;
	else
		return errorf(err, "%s:%d: severity: '%s' is not red or amber", path, e->line,
			      e->value);
	return 0;
}

static int get_times(const char *path, const struct ini_entry *e, int *out, char **err)
{
	char *end;
	errno = 0;
	long v = strtol(e->value, &end, 10);
	if (errno || end == e->value || *end || v < 1 || v > 1000)
		return errorf(err, "%s:%d: times: '%s' is not a whole number from 1 to 1000",
			      path, e->line, e->value);
	*out = (int)v;
	return 0;
}

/* A whole number in [lo, hi]. */
static int get_int(const char *path, const struct ini_entry *e, long lo, long hi, long *out,
		   char **err)
{
	char *end;
	errno = 0;
	long v = strtol(e->value, &end, 10);
	if (errno || end == e->value || *end || v < lo || v > hi)
		return errorf(err, "%s:%d: %s: '%s' is not a whole number from %ld to %ld", path,
			      e->line, e->key, e->value, lo, hi);
	*out = v;
	return 0;
}

/* "30s", "2m", "500ms", or plain seconds -> milliseconds. */
static int get_ms(const char *path, const struct ini_entry *e, int64_t *out, char **err)
{
	char *end;
	errno = 0;
	long long v = strtoll(e->value, &end, 10);
	int64_t mult = 1000;
	if (!strcmp(end, "ms"))
		mult = 1;
	else if (!strcmp(end, "m"))
		mult = 60000;
	else if (*end && strcmp(end, "s"))
		v = -1;
	if (errno || end == e->value || v <= 0 || v > 86400000LL / mult)
		return errorf(err, "%s:%d: %s: '%s' is not a time such as 30s, 2m or 500ms", path,
			      e->line, e->key, e->value);
	*out = v * mult;
	return 0;
}

/* "50MB", "500k", "1G", or plain bytes. */
static int get_size(const char *path, const struct ini_entry *e, int64_t *out, char **err)
{
	char *end;
	errno = 0;
	long long v = strtoll(e->value, &end, 10);
	int64_t mult = 1;
	if (str_ieq(end, "k") || str_ieq(end, "kb"))
		mult = 1024;
	else if (str_ieq(end, "m") || str_ieq(end, "mb"))
		mult = 1024 * 1024;
	else if (str_ieq(end, "g") || str_ieq(end, "gb"))
		mult = 1024LL * 1024 * 1024;
	else if (*end)
		v = -1;
	if (errno || end == e->value || v <= 0 || v > (1LL << 40) / mult)
		return errorf(err, "%s:%d: %s: '%s' is not a size such as 50MB or 500k", path,
			      e->line, e->key, e->value);
	*out = v * mult;
	return 0;
}

/* ---- sections ----------------------------------------------------------- */

static int load_calendar(struct config *cfg, const char *path, const struct ini_section *s,
			 char **err)
{
	if (!strcmp(s->sub, "always"))
		return errorf(err, "%s:%d: 'always' is built in and cannot be redefined", path,
			      s->line);
	struct cal *c = cal_new(s->sub, cfg->tz);
	cfg->cal = xreallocarray(cfg->cal, cfg->ncal + 1, sizeof(*cfg->cal));
	cfg->cal[cfg->ncal++] = c;
	const struct ini_entry *e;
	char *cerr = NULL;
	e = ini_get(s, "hours");
	if (cal_set_hours(c, e ? e->value : "Mon-Sun 00:00-24:00", &cerr) < 0)
		goto bad;
	e = ini_get(s, "terms");
	if (e && cal_add_terms(c, e->value, &cerr) < 0)
		goto bad;
	e = ini_get(s, "closed");
	if (e && cal_add_closed(c, e->value, "closed in the config", &cerr) < 0)
		goto bad;
	for (size_t i = 0; i < s->n; i++) {
		e = &s->e[i];
		if (strcmp(e->key, "closed_from"))
			continue;
		/* "PATH" or "PATH DIVISION" */
		char *file = resolve_path(cfg, e->value);
		char *division = NULL;
		struct stat st;
		if (stat(file, &st) != 0) {
			const char *sp = strrchr(e->value, ' ');
			const char *tab = strrchr(e->value, '\t');
			if (tab > sp)
				sp = tab;
			if (sp) {
				char *p = xstrndup(e->value, (size_t)(sp - e->value));
				str_trim(p);
				free(file);
				file = resolve_path(cfg, p);
				free(p);
				division = xstrdup(sp + 1);
			}
		}
		struct holiday_list hl = { 0 };
		int rc = holidays_load(file, division, &hl, &cerr);
		if (rc == 0)
			cal_add_holidays(c, &hl);
		holidays_free(&hl);
		free(file);
		free(division);
		if (rc < 0)
			goto bad;
	}
	return 0;
bad:
	errorf(err, "%s:%d: %s", path, e ? e->line : s->line, cerr);
	free(cerr);
	return -1;
}

static int load_supplier(struct config *cfg, const char *path, const struct ini_section *s,
			 struct supplier *sp, char **err)
{
	const struct ini_entry *e;
	/* id, name and calendar first: the rest of the config is still read
	 * after an error here */
	sp->id = xstrdup(s->sub);
	sp->line = s->line;
	sp->onsite_s = -1;
	sp->cal = cfg->cal[0];
	sp->monthly_charge = -1;
	sp->currency = xstrdup("\xc2\xa3");   /* £ */
	sp->credit_cap_ppm = 1000000;
	e = ini_get(s, "name");
	sp->name = xstrdup(e && *e->value ? e->value : s->sub);
	if (!strcmp(s->sub, "school"))
		return errorf(err, "%s:%d: 'school' names the school itself and cannot be a "
			      "[supplier]; give the supplier another name", path, s->line);
	if ((e = ini_get(s, "owns"))) {
		struct strlist l = { 0 };
		split_list(e->value, &l);
		sp->owns = l.v;
		sp->nowns = l.n;
	}
	if ((e = ini_get(s, "performs")))
		split_list(e->value, &sp->performs);
	if ((e = ini_get(s, "roles")))
		split_list(e->value, &sp->roles);
	if ((e = ini_get(s, "calendar")) && get_cal(cfg, path, e, &sp->cal, err) < 0)
		return -1;
	if ((e = ini_get(s, "monthly_charge")) && money_parse(e->value, &sp->monthly_charge) < 0)
		EFAIL(e, "monthly_charge: '%s' is not an amount of money, e.g. 1875.00 "
		      "(no currency sign: that is `currency`)", e->value);
	if ((e = ini_get(s, "currency"))) {
		if (!*e->value || strlen(e->value) > 8)
			EFAIL(e, "currency: give the sign or code money is written with, e.g. "
			      "\xc2\xa3, \xe2\x82\xac or EUR ");
		free(sp->currency);
		sp->currency = xstrdup(e->value);
	}
	if ((e = ini_get(s, "credit_cap")) && get_percent(path, e, &sp->credit_cap_ppm, err) < 0)
		return -1;
	if ((e = ini_get(s, "onsite"))) {
		const char *slash = strchr(e->value, '/');
		int ok = 0;
		if (slash && str_ieq(slash + 1, "week")) {
			char *amount = xstrndup(e->value, (size_t)(slash - e->value));
			str_trim(amount);
			int64_t secs;
			if (timefmt_parse_duration(amount, 0, &secs) == 0) {
				sp->onsite_s = secs;
				ok = 1;
			} else {
				/* decimal hours: "7.5h" */
				char *end;
				errno = 0;
				double h = strtod(amount, &end);
				if (!errno && end != amount && str_ieq(end, "h") && h >= 0 &&
				    h <= 168) {
					sp->onsite_s = (int64_t)(h * 3600 + 0.5);
					ok = 1;
				}
			}
			free(amount);
		}
		if (!ok)
			EFAIL(e, "onsite: '%s' is not hours a week, e.g. 8h/week or 7h30m/week",
			      e->value);
	}
	return 0;
}

/* auth, ca_file, header, timeouts, size cap, retries, keep. */
static int load_feed_transport(struct config *cfg, const char *path,
			       const struct ini_section *s, struct feed *f, char **err)
{
	const struct ini_entry *e;
	long v;
	f->timeout_ms = 300000;
	f->connect_timeout_ms = 30000;
	f->max_bytes = 512LL * 1024 * 1024;
	f->retries = 3;
	f->keep = 5;
	if ((e = ini_get(s, "auth"))) {
		/* "bearer @FILE" or "basic USER @FILE": the secret stays in its file */
		char *v2 = xstrdup(e->value);
		char *at = strchr(v2, '@');
		char *word = v2;
		while (*word == ' ' || *word == '\t')
			word++;
		size_t wl = strcspn(word, " \t");
		int ok = at && at[1];
		if (ok && wl == 6 && !strncasecmp(word, "bearer", 6)) {
			char *mid = word + 6;
			while (*mid == ' ' || *mid == '\t')
				mid++;
			ok = mid == at;
			f->auth = AUTH_BEARER;
		} else if (ok && wl == 5 && !strncasecmp(word, "basic", 5)) {
			char *user = word + 5;
			while (*user == ' ' || *user == '\t')
				user++;
			size_t ul = strcspn(user, " \t");
			char *mid = user + ul;
			while (*mid == ' ' || *mid == '\t')
				mid++;
			ok = ul > 0 && user != at && mid == at;
			if (ok)
				f->auth_user = xstrndup(user, ul);
			f->auth = AUTH_BASIC;
		} else {
			ok = 0;
		}
		if (ok)
			f->auth_file = resolve_path(cfg, at + 1);
		free(v2);
		if (!ok)
			EFAIL(e, "auth: expected 'bearer @FILE' or 'basic USER @FILE' (the secret is "
			      "read from FILE, never written in the config)");
		char *why = unreadable(f->auth_file, FILE_CAP_SECRET);
		if (why) {
			errorf(err, "%s:%d: auth: %s", path, e->line, why);
			free(why);
			return -1;
		}
	}
	if ((e = ini_get(s, "ca_file"))) {
		f->ca_file = resolve_path(cfg, e->value);
		char *why = unreadable(f->ca_file, FILE_CAP_CONFIG);
		if (why) {
			errorf(err, "%s:%d: ca_file: %s", path, e->line, why);
			free(why);
			return -1;
		}
	}
	size_t cap = 0;
	for (size_t i = 0; i < s->n; i++) {
		e = &s->e[i];
		if (strcmp(e->key, "header"))
			continue;
		const char *colon = strchr(e->value, ':');
		if (!colon || colon == e->value || strpbrk(e->value, "\r\n"))
			EFAIL(e, "header: expected 'Name: value'");
		VEC_GROW(f->headers.v, f->headers.n, cap, f->headers.n + 1);
		f->headers.v[f->headers.n++] = xstrdup(e->value);
	}
	if ((e = ini_get(s, "timeout")) && get_ms(path, e, &f->timeout_ms, err) < 0)
		return -1;
	if ((e = ini_get(s, "connect_timeout")) && get_ms(path, e, &f->connect_timeout_ms, err) < 0)
		return -1;
	if ((e = ini_get(s, "max_size")) && get_size(path, e, &f->max_bytes, err) < 0)
		return -1;
	if ((e = ini_get(s, "retries"))) {
		if (get_int(path, e, 0, 10, &v, err) < 0)
			return -1;
		f->retries = (int)v;
	}
	if ((e = ini_get(s, "keep"))) {
		if (get_int(path, e, 1, 100, &v, err) < 0)
			return -1;
		f->keep = (int)v;
	}
	return 0;
}

/* yes or no (also true/false, on/off, 1/0): *out 1 or 0; -1 for another word. */
static int yes_no(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" }, *const no[] = { "no",
		"false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (str_ieq(v, yes[i]))
			return *out = 1, 0;
		if (str_ieq(v, no[i]))
			return *out = 0, 0;
	}
	return -1;
}

/*
 * The signals read from a ticket's stored copies (rewrites.h):
 * stamp_rewritten = yes|no (tickets feeds: an events feed never gives
 * it), priority_lowered = yes|no, priority_rule = latest|first.  Each
 * error is added to *all.
 */
static void load_feed_signals(const char *path, const struct ini_section *s, struct feed *f,
			      int kind_ok, char **err, char **all)
{
	const struct ini_entry *e;
	f->sig_stamp_rewritten = f->sig_priority_lowered = 1;
	f->priority_first = 0;
	if ((e = ini_get(s, "stamp_rewritten"))) {
		if (kind_ok && f->kind != KIND_TICKETS)
			EMORE(e, "stamp_rewritten applies only to kind = tickets (an events feed "
			      "never gives it: an event moved in time is another event)");
		else if (yes_no(e->value, &f->sig_stamp_rewritten) < 0)
			EMORE(e, "stamp_rewritten: '%s' is not yes or no", e->value);
	}
	if ((e = ini_get(s, "priority_lowered"))) {
		if (kind_ok && f->kind == KIND_ACTIVITIES)
			EMORE(e, "priority_lowered applies only to kind = tickets or ticket-events");
		else if (yes_no(e->value, &f->sig_priority_lowered) < 0)
			EMORE(e, "priority_lowered: '%s' is not yes or no", e->value);
	}
	if ((e = ini_get(s, "priority_rule"))) {
		if (kind_ok && f->kind == KIND_ACTIVITIES)
			EMORE(e, "priority_rule applies only to kind = tickets or ticket-events");
		else if (str_ieq(e->value, "first"))
			f->priority_first = 1;
		else if (str_ieq(e->value, "latest"))
			f->priority_first = 0;
		else
			EMORE(e, "priority_rule: '%s' is not latest or first (latest: a ticket's "
			      "latest fields choose its SLA; first: it keeps the SLA it first took)",
			      e->value);
	}
}

/* delimiter, header_row, encoding, decimal, missing. */
static int load_feed_dialect(const char *path, const struct ini_section *s, struct feed *f,
			     char **err)
{
	const struct ini_entry *e;
	long v;
	f->delimiter = ',';
	f->header_row = 1;
	if ((e = ini_get(s, "delimiter"))) {
		if (str_ieq(e->value, "comma") || !strcmp(e->value, ","))
			f->delimiter = ',';
		else if (str_ieq(e->value, "semicolon") || !strcmp(e->value, ";"))
			f->delimiter = ';';
		else if (str_ieq(e->value, "tab") || !strcmp(e->value, "\\t"))
			f->delimiter = '\t';
		else if (str_ieq(e->value, "pipe") || !strcmp(e->value, "|"))
			f->delimiter = '|';
		else
			EFAIL(e, "delimiter: '%s' is not comma, semicolon, tab or pipe", e->value);
	}
	if ((e = ini_get(s, "header_row"))) {
		if (get_int(path, e, 1, 1000, &v, err) < 0)
			return -1;
		f->header_row = (int)v;
	}
	if ((e = ini_get(s, "encoding"))) {
		if (str_ieq(e->value, "utf-8") || str_ieq(e->value, "utf8"))
			f->encoding = ENC_UTF8;
		else if (str_ieq(e->value, "windows-1252") || str_ieq(e->value, "cp1252"))
			f->encoding = ENC_WINDOWS_1252;
		else if (str_ieq(e->value, "latin-1") || str_ieq(e->value, "latin1") ||
			 str_ieq(e->value, "iso-8859-1"))
			f->encoding = ENC_LATIN1;
		else
			EFAIL(e, "encoding: '%s' is not utf-8, windows-1252 or latin-1", e->value);
	}
	if ((e = ini_get(s, "decimal"))) {
		if (str_ieq(e->value, "comma"))
			f->decimal_comma = 1;
		else if (!str_ieq(e->value, "point"))
			EFAIL(e, "decimal: '%s' is not point or comma", e->value);
	}
	if ((e = ini_get(s, "missing")))
		split_list(e->value, &f->missing);
	return 0;
}

/*
 * One [feed].  Every key is checked, each error added to *err as a line of
 * its own (more()), so one run shows them all; -1 when there was any.
 */
/*
 * key = COLUMN, ... and mode = snapshot | log, for activities feeds: each
 * COLUMN is a header name some column.FIELD maps, or that FIELD's name.
 */
static int load_feed_identity(const char *path, const struct ini_section *s, struct feed *f,
			      int kind_ok, char **err)
{
	char *e1 = NULL;
	char **all = err;
	err = &e1;
	const struct ini_entry *e;
	if ((e = ini_get(s, "mode"))) {
		if (kind_ok && f->kind != KIND_ACTIVITIES)
			EMORE(e, "mode applies only to kind = activities");
		else if (str_ieq(e->value, "log"))
			f->log_mode = 1;
		else if (!str_ieq(e->value, "snapshot"))
			EMORE(e, "mode: '%s' is not snapshot or log", e->value);
	}
	if (!(e = ini_get(s, "key")))
		return *all ? -1 : 0;
	if (kind_ok && f->kind != KIND_ACTIVITIES) {
		EMORE(e, "key applies only to kind = activities (tickets are keyed by their id, "
		      "events by id, time and status)");
		return -1;
	}
	struct strlist l = { 0 };
	split_list(e->value, &l);
	for (size_t i = 0; i < l.n; i++) {
		int fld = -1;
		for (int k = 0; k < FIELD_COUNT && fld < 0; k++)
			if (f->column[k] && str_ieq(f->column[k], l.v[i]))
				fld = k;
		if (fld < 0 && (fld = fields_parse(l.v[i])) >= 0 && !f->column[fld])
			fld = -1;
		if (fld < 0)
			EMORE(e, "key: '%s' is not a mapped column (name a column that a "
			      "column.FIELD key maps)", l.v[i]);
		else
			f->key_fields |= 1u << fld;
	}
	if (!l.n)
		EMORE(e, "key: empty (name the columns that identify a row)");
	strlist_free(&l);
	return *all ? -1 : 0;
}

static int load_feed(struct config *cfg, const char *path, const struct ini_section *s,
		     size_t npreset, struct feed *f, char **all)
{
	char *e1 = NULL, **err = &e1;
	const struct ini_entry *e;
	int kind_ok = 1;
	f->id = xstrdup(s->sub);
	f->line = s->line;
	f->tz = cfg->tz;
	f->stale_after = DEFAULT_STALE_AFTER;
	f->max_rejected = DEFAULT_MAX_REJECTED;
	f->supplier = -1;
	if (!(e = ini_get(s, "supplier"))) {
		if (cfg->nsup != 2) {   /* one supplier and the school */
			errorf(err, "%s:%d: [feed \"%s\"] needs supplier = ... (or school, "
			       "for the school's own log)", path, s->line, s->sub);
			more(all, err);
		}
		f->supplier = 0;
	} else if (get_supplier(cfg, path, e, &f->supplier, err) < 0) {
		more(all, err);
		f->supplier = 0;
	}
	if (!(e = ini_get(s, "kind"))) {
		errorf(err, "%s:%d: [feed \"%s\"] needs kind = tickets, ticket-events "
		       "or activities", path, s->line, s->sub);
		more(all, err);
		kind_ok = 0;
	} else {
		int k = fields_kind_parse(e->value);
		if (k < 0) {
			EMORE(e, "kind: '%s' is not tickets, ticket-events or activities", e->value);
			kind_ok = 0;
		} else {
			f->kind = (enum feed_kind)k;
		}
	}
	const char *secret;
	if (!(e = ini_get(s, "url")) || !*e->value) {
		errorf(err, "%s:%d: [feed \"%s\"] needs url = ...", path, s->line, s->sub);
		more(all, err);
	} else if ((secret = url_secret(e->value)) != NULL) {
		EMORE(e, "url: %s in the URL -- secrets belong in auth files (auth = bearer @FILE "
		      "or auth = basic USER @FILE)", secret);
	} else {
		f->url = xstrdup(e->value);
		if (!strncmp(e->value, "file://", 7)) {
			const char *p = e->value + 7;
			if (!strncmp(p, "localhost/", 10))
				p += 9;
			if (*p != '/')
				EMORE(e, "url: a file:// URL needs an absolute path (file:///srv/x.csv); "
				      "write a relative path without file://");
			else
				f->path = xstrdup(p);
		} else if (!strncmp(e->value, "http://", 7) || !strncmp(e->value, "https://", 8)) {
			f->path = NULL;
		} else if (strstr(e->value, "://")) {
			EMORE(e, "url: only http://, https:// and file:// are allowed");
		} else {
			f->path = resolve_path(cfg, e->value);
		}
	}
	if ((e = ini_get(s, "time_format")) && !str_ieq(e->value, "iso8601")) {
		char sample[128];
		if (!strchr(e->value, '%'))
			EMORE(e, "time_format: '%s' has no %% conversions (e.g. %%d/%%m/%%Y %%H:%%M, "
			      "or iso8601)", e->value);
		else if (time_format_fails(e->value, sample, sizeof(sample)))
			EMORE(e, "time_format: '%s' cannot read a time back: Tue 24 Nov 2026 13:45:07 "
			      "written in it is '%s', which it does not read as that day and time "
			      "(a date needs %%d, %%m and %%Y or their like; see strptime(3))",
			      e->value, sample);
		else
			f->time_format = xstrdup(e->value);
	}
	if ((e = ini_get(s, "timezone"))) {
		char *terr = NULL;
		f->own_tz = tz_load(e->value, &terr);
		if (!f->own_tz) {
			errorf(err, "%s:%d: timezone: %s", path, e->line, terr);
			free(terr);
			more(all, err);
		} else {
			f->tz = f->own_tz;
		}
	}
	if ((e = ini_get(s, "stale_after")) && get_duration(path, e, 1, &f->stale_after, err) < 0)
		more(all, err);
	if ((e = ini_get(s, "max_rejected"))) {
		int32_t ppm;
		if (!strchr(e->value, '%') || timefmt_parse_percent(e->value, &ppm) < 0)
			EMORE(e, "max_rejected: '%s' is not a percentage from 0%% to 100%% (e.g. 2%%)",
			      e->value);
		else
			f->max_rejected = ppm / 1e6;
	}
	const char *defaults[3] = { "New", "Resolved, Closed", "" };
	const char *keys[3] = { "new_status", "resolved_status", "pause_status" };
	struct strlist *lists[3] = { &f->new_status, &f->resolved_status, &f->pause_status };
	for (int i = 0; i < 3; i++) {
		e = ini_get(s, keys[i]);
		if (e && e < s->e + npreset && f->kind != KIND_TICKET_EVENTS)
			e = NULL;   /* a preset's status words serve events feeds only */
		/* pause_status also serves tickets feeds: the status each
		 * stored copy shows (DESIGN.md, "pause_status also on tickets") */
		if (e && kind_ok && f->kind != KIND_TICKET_EVENTS &&
		    !(i == 2 && f->kind == KIND_TICKETS))
			EMORE(e, "%s applies only to kind = ticket-events%s", keys[i],
			      i == 2 ? " or tickets" : "");
		if (e && kind_ok && i == 2 && f->kind == KIND_TICKETS && *e->value &&
		    !ini_get(s, "column.status"))
			EMORE(e, "pause_status needs column.status -- the status of each copy "
			      "says when a call waits on the school");
		split_list(e ? e->value : defaults[i], lists[i]);
	}
	/* the words of an on-site column: on site, off site, else unrecognised */
	const char *vdefaults[2] = { "yes, true, 1", "no, false, 0" };
	const char *vkeys[2] = { "onsite_values", "offsite_values" };
	struct strlist *vlists[2] = { &f->onsite_values, &f->offsite_values };
	for (int i = 0; i < 2; i++) {
		e = ini_get(s, vkeys[i]);
		if (e && e < s->e + npreset && f->kind != KIND_ACTIVITIES)
			e = NULL;   /* a preset's value words serve activities feeds only */
		if (e && kind_ok && f->kind != KIND_ACTIVITIES)
			EMORE(e, "%s applies only to kind = activities", vkeys[i]);
		split_list(e ? e->value : vdefaults[i], vlists[i]);
		if (e && i == 0 && !vlists[i]->n)
			EMORE(e, "onsite_values: no value given (e.g. yes, On site)");
	}
	/* the words of the supplier's own verdict (column.sla_met): met;
	 * any other non-empty cell is "not met" (claims.h) */
	e = ini_get(s, "sla_met_values");
	if (e && e < s->e + npreset && f->kind == KIND_ACTIVITIES)
		e = NULL;   /* a preset's verdict words serve ticket feeds only */
	if (e && kind_ok && f->kind == KIND_ACTIVITIES)
		EMORE(e, "sla_met_values applies only to kind = tickets or ticket-events");
	split_list(e ? e->value : "true, yes, 1, met, within sla", &f->sla_met_values);
	if (e && !f->sla_met_values.n)
		EMORE(e, "sla_met_values: no value given (e.g. yes, Met)");
	for (size_t i = 0; i < f->offsite_values.n; i++)
		for (size_t k = 0; k < f->onsite_values.n; k++)
			if (str_ieq(f->offsite_values.v[i], f->onsite_values.v[k]) &&
			    (e = ini_get(s, "offsite_values")))
				EMORE(e, "offsite_values: '%s' is also in onsite_values",
				      f->offsite_values.v[i]);
	if (load_feed_transport(cfg, path, s, f, err) < 0)
		more(all, err);
	if (load_feed_dialect(path, s, f, err) < 0)
		more(all, err);
	load_feed_signals(path, s, f, kind_ok, err, all);
	for (size_t i = 0; i < s->n; i++) {
		e = &s->e[i];
		if (strncmp(e->key, "column.", 7))
			continue;
		int fld = fields_parse(e->key + 7);
		if (fld < 0)
			continue;   /* check_schema said so */
		if (kind_ok && !fields_allowed(f->kind, (enum field)fld)) {
			if (i < npreset)
				continue;   /* a preset maps the columns of every kind */
			EMORE(e, "column.%s is not used by kind = %s", e->key + 7,
			      fields_kind_name(f->kind));
			continue;
		}
		if (!*e->value) {
			EMORE(e, "column.%s: empty column name", e->key + 7);
			continue;
		}
		free(f->column[fld]);
		f->column[fld] = xstrdup(e->value);
		if (i < npreset && !(kind_ok && fields_required(f->kind, (enum field)fld)))
			f->optional |= 1u << fld;
		else
			f->optional &= ~(1u << fld);
	}
	if (load_feed_identity(path, s, f, kind_ok, err) < 0)
		more(all, err);
	for (int fld = 0; fld < FIELD_COUNT && kind_ok; fld++)
		if (fields_required(f->kind, (enum field)fld) && !f->column[fld]) {
			errorf(err, "%s:%d: [feed \"%s\"] (kind = %s) needs column.%s = ...",
			       path, s->line, s->sub, fields_kind_name(f->kind),
			       fields_name((enum field)fld));
			more(all, err);
		}
	return *all ? -1 : 0;
}

/* ---- presets ------------------------------------------------------------ */

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *config_preset_dir(void)
{
	const char *env = getenv("FITSMON_PRESETS");
	if (env && *env)
		return xstrdup(env);
	if (is_dir(FITSMON_PRESETS))
		return xstrdup(FITSMON_PRESETS);
	/* a binary run from its source tree: rules/presets beside it */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *sl = strrchr(exe, '/');
		if (sl) {
			char *d = xasprintf("%.*s/rules/presets", (int)(sl - exe), exe);
			if (is_dir(d))
				return d;
			free(d);
		}
	}
	return xstrdup(FITSMON_PRESETS);
}

char *config_preset_path(const char *name, const char *dir)
{
	if (strchr(name, '/'))
		return name[0] == '/' || !dir ? xstrdup(name) : xasprintf("%s/%s", dir, name);
	char *pd = config_preset_dir();
	char *p = xasprintf("%s/%s.conf", pd, name);
	free(pd);
	return p;
}

struct ini *config_preset_load(const char *file, char **err)
{
	struct ini *ini = ini_parse_file(file, err);
	if (!ini)
		return NULL;
	struct strbuf errs = STRBUF_INIT;
	check_schema(ini, preset_schema, &errs, NULL);
	if (!errs.len && (ini->n != 1 || strcmp(ini->s[0].name, "preset")))
		sb_printf(&errs, "%s:1: a preset is one [preset] section", file);
	if (errs.len) {
		*err = sb_detach(&errs);
		sb_release(&errs);
		ini_free(ini);
		return NULL;
	}
	return ini;
}

/*
 * [feed] s with its `preset` read: a section holding the preset's keys
 * first (each at the line of `preset =`), then the feed's own, so that
 * ini_get() finds an explicit key before the preset's.  *npreset is the
 * number of keys that came from the preset; *pini owns their text.
 */
static int with_preset(const struct config *cfg, const char *path, const struct ini_section *s,
		       struct ini_section *out, size_t *npreset, struct ini **pini, char **err)
{
	const struct ini_entry *e = ini_get(s, "preset");
	*out = *s;
	*npreset = 0;
	*pini = NULL;
	if (!e)
		return 0;
	char *file = config_preset_path(e->value, cfg->dir);
	char *perr = NULL;
	struct ini *p = config_preset_load(file, &perr);
	if (!p) {
		if (access(file, F_OK) < 0)
			errorf(err, "%s:%d: preset: no preset '%s' (no file %s; fitsmon presets "
			       "lists them)", path, e->line, e->value, file);
		else
			errorf(err, "%s:%d: preset: %s", path, e->line, perr);
		free(perr);
		free(file);
		return -1;
	}
	free(file);
	const struct ini_section *ps = &p->s[0];
	out->e = xcalloc(ps->n + s->n + 1, sizeof(*out->e));
	out->n = 0;
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->e[i].key, "title")) {
			out->e[out->n] = ps->e[i];
			out->e[out->n++].line = e->line;
		}
	*npreset = out->n;
	for (size_t i = 0; i < s->n; i++)
		out->e[out->n++] = s->e[i];
	out->cap = out->n;
	*pini = p;
	return 0;
}

/* A field an SLA condition may read (tickets or ticket-events), -1 else. */
static int sla_field(const char *name)
{
	int f = fields_parse(name);
	if (f < 0 || !(fields_allowed(KIND_TICKETS, (enum field)f) ||
		       fields_allowed(KIND_TICKET_EVENTS, (enum field)f)))
		return -1;
	return f;
}

/* "when: 'x' is not a ticket field; did you mean 'y'?" for entry e. */
static int sla_bad_field(const char *path, const struct ini_entry *e, const char *key,
			 const char *field, char **err)
{
	const char *names[FIELD_COUNT + 1];
	size_t nn = 0;
	for (int fl = 0; fl < FIELD_COUNT; fl++)
		if (sla_field(fields_name((enum field)fl)) >= 0)
			names[nn++] = fields_name((enum field)fl);
	names[nn] = NULL;
	const char *near = nearest(field, names);
	EFAIL(e, "%s: '%s' is not a ticket field%s%s%s", key, field,
	      near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
}

/*
 * A `when` that reads like two conditions ("priority ~ ^Low$ and category
 * ~ Hardware"): the second is part of the pattern, so the SLA matches
 * nothing.  The warning names the key that says it (when.FIELD).
 */
static void sla_and_warning(const char *path, const struct ini_entry *e, const char *re,
			    struct sla *sl)
{
	for (const char *p = strstr(re, " and "); p; p = strstr(p + 1, " and ")) {
		const char *w = p + 5;
		while (*w == ' ' || *w == '\t')
			w++;
		size_t n = 0;
		while (isalpha((unsigned char)w[n]) || w[n] == '_')
			n++;
		const char *t = w + n;
		while (*t == ' ' || *t == '\t')
			t++;
		if (!n || *t != '~')
			continue;
		const char *quoted_end = t + 1;
		char *field = xstrndup(w, n);
		for (char *c = field; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		t++;
		while (*t == ' ' || *t == '\t')
			t++;
		sl->warning = xasprintf("%s:%d: when: '%.*s' is read as part of the pattern, not "
					"as a second condition (there is no 'and'), so this SLA "
					"may match nothing -- write it on a line of its own: "
					"when.%s = %s", path, e->line, (int)(quoted_end - p - 1), p + 1,
					field, t);
		free(field);
		return;
	}
}

/* An SLA's `when = FIELD ~ PATTERN` (entry e). */
static int sla_when(const char *path, const struct ini_entry *e, struct sla *sl, char **err)
{
	const char *tilde = strchr(e->value, '~');
	if (!tilde)
		EFAIL(e, "when: expected 'FIELD ~ PATTERN', e.g. priority ~ ^(1|P1)$");
	char *field = xstrndup(e->value, (size_t)(tilde - e->value));
	str_trim(field);
	for (char *p = field; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	sl->field = sla_field(field);
	if (sl->field < 0) {
		sla_bad_field(path, e, "when", field, err);
		free(field);
		return -1;
	}
	free(field);
	const char *re = tilde + 1;
	while (*re == ' ' || *re == '\t')
		re++;
	struct ini_entry tmp = *e;
	tmp.value = (char *)re;
	if (get_pattern(path, &tmp, &sl->when, err) < 0)
		return -1;
	sla_and_warning(path, e, re, sl);
	return 0;
}

/* An SLA's `when.FIELD = PATTERN` (entry e), added to sl->also. */
static int sla_when_field(const char *path, const struct ini_entry *e, struct sla *sl,
			  char **err)
{
	char *field = xstrdup(e->key + 5);
	for (char *p = field; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	int f = sla_field(field);
	if (f < 0) {
		char *key = xasprintf("%s", e->key);
		sla_bad_field(path, e, key, field, err);
		free(key);
		free(field);
		return -1;
	}
	free(field);
	for (size_t i = 0; i < sl->nalso; i++)
		if (sl->also[i].field == f)
			EFAIL(e, "%s: set twice (line %d); one pattern per field", e->key,
			      sl->also[i].line);
	struct pattern *re = NULL;
	if (get_pattern(path, e, &re, err) < 0)
		return -1;
	sl->also = xreallocarray(sl->also, sl->nalso + 1, sizeof(*sl->also));
	sl->also[sl->nalso++] = (struct sla_cond){ f, re, e->line };
	return 0;
}

/*
 * An [sla] `credit`: "below 95%: 2%, below 90%: 5%, ...".  Tiers are kept
 * highest threshold first; two tiers with one threshold, or a lower
 * threshold that owes less, are errors.  The SLA's supplier (when it has
 * one) needs a monthly_charge.
 */
static int sla_credit(const struct config *cfg, const char *path, const struct ini_entry *e,
		      struct sla *sl, char **err)
{
	struct strlist l = { 0 };
	split_list(e->value, &l);
	int rc = 0;
	sl->credit = xcalloc(l.n ? l.n : 1, sizeof(*sl->credit));
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		char *colon = strchr(l.v[i], ':');
		char *t = l.v[i];
		if (!colon || strncasecmp(t, "below", 5) || (t[5] != ' ' && t[5] != '\t')) {
			rc = errorf(err, "%s:%d: credit: '%s' is not a tier like 'below 95%%: 2%%'",
				    path, e->line, l.v[i]);
			break;
		}
		*colon = '\0';
		struct credit_tier ct;
		if (timefmt_parse_percent(t + 6, &ct.below_ppm) < 0 || !strchr(t + 6, '%') ||
		    timefmt_parse_percent(colon + 1, &ct.percent_ppm) < 0 ||
		    !strchr(colon + 1, '%')) {
			*colon = ':';
			rc = errorf(err, "%s:%d: credit: '%s' is not a tier like 'below 95%%: 2%%'",
				    path, e->line, l.v[i]);
			break;
		}
		*colon = ':';
		/* in order, highest threshold first */
		size_t k = sl->ncredit;
		while (k > 0 && sl->credit[k - 1].below_ppm < ct.below_ppm) {
			sl->credit[k] = sl->credit[k - 1];
			k--;
		}
		if (k > 0 && sl->credit[k - 1].below_ppm == ct.below_ppm)
			rc = errorf(err, "%s:%d: credit: two tiers below %s", path, e->line, t + 6);
		sl->credit[k] = ct;
		sl->ncredit++;
	}
	for (size_t k = 1; rc == 0 && k < sl->ncredit; k++)
		if (sl->credit[k].percent_ppm < sl->credit[k - 1].percent_ppm)
			rc = errorf(err, "%s:%d: credit: a lower compliance owes less than a higher "
				    "one; each tier further down should owe at least as much", path,
				    e->line);
	if (rc == 0 && !sl->ncredit)
		rc = errorf(err, "%s:%d: credit: no tier given (e.g. below 95%%: 2%%, below 90%%: "
			    "5%%)", path, e->line);
	if (rc == 0 && sl->supplier >= 0 && cfg->sup[sl->supplier].monthly_charge < 0)
		rc = errorf(err, "%s:%d: credit: supplier '%s' has no monthly_charge to work "
			    "credits from", path, e->line, cfg->sup[sl->supplier].id);
	strlist_free(&l);
	return rc;
}

/* One [sla]: every key checked, each error a line of *all (as load_feed). */
/* The signal keys of an [sla]: reopen_window (a duration with days, or 0
 * for off), reopen_merge (yes/no), pause_share (a percentage). */
static int sla_signals(const char *path, const struct ini_section *s, struct sla *sl,
		       char **err)
{
	const struct ini_entry *e;
	char *e1 = NULL;
	if ((e = ini_get(s, "reopen_window")) && strcmp(e->value, "0") &&
	    get_duration(path, e, 1, &sl->reopen_window, &e1) < 0)
		more(err, &e1);
	else if (e && !strcmp(e->value, "0"))
		sl->reopen_window = 0;
	if ((e = ini_get(s, "reopen_merge"))) {
		if (str_ieq(e->value, "yes") || str_ieq(e->value, "true") || !strcmp(e->value, "1"))
			sl->reopen_merge = 1;
		else if (str_ieq(e->value, "no") || str_ieq(e->value, "false") ||
			 !strcmp(e->value, "0"))
			sl->reopen_merge = 0;
		else {
			errorf(&e1, "%s:%d: reopen_merge: '%s' is not yes or no", path, e->line,
			       e->value);
			more(err, &e1);
		}
	}
	if ((e = ini_get(s, "pause_share")) && get_percent(path, e, &sl->pause_share_ppm, &e1) < 0)
		more(err, &e1);
	return *err ? -1 : 0;
}

static int load_sla(struct config *cfg, const char *path, const struct ini_section *s,
		    struct sla *sl, char **all)
{
	char *e1 = NULL, **err = &e1;
	const struct ini_entry *e;
	sl->id = xstrdup(s->sub);
	sl->line = s->line;
	sl->supplier = -1;
	sl->field = -1;
	sl->target_ppm = 1000000;
	sl->warn_ppm = 250000;
	sl->reopen_window = 5 * 86400;
	sl->pause_share_ppm = 500000;
	if ((e = ini_get(s, "supplier")) && get_supplier(cfg, path, e, &sl->supplier, err) < 0)
		more(all, err);
	/* Without a calendar of its own an SLA follows its supplier's; one
	 * for every supplier follows the calendar of each ticket's supplier
	 * (cal NULL, resolved by evaluate_sla_cal). */
	sl->cal = sl->supplier >= 0 ? cfg->sup[sl->supplier].cal : NULL;
	if ((e = ini_get(s, "calendar")) && get_cal(cfg, path, e, &sl->cal, err) < 0)
		more(all, err);
	struct strbuf wt = STRBUF_INIT;
	if ((e = ini_get(s, "when"))) {
		if (sla_when(path, e, sl, err) < 0)
			more(all, err);
		else
			sb_puts(&wt, e->value);
	}
	for (size_t i = 0; i < s->n; i++) {
		e = &s->e[i];
		if (strncmp(e->key, "when.", 5))
			continue;
		if (sla_when_field(path, e, sl, err) < 0) {
			more(all, err);
			continue;
		}
		sb_printf(&wt, "%s%s ~ %s", wt.len ? " and " : "",
			  fields_name((enum field)sl->also[sl->nalso - 1].field), e->value);
	}
	sl->when_text = wt.len ? sb_detach(&wt) : NULL;
	sb_release(&wt);
	if (!(e = ini_get(s, "respond"))) {
		errorf(err, "%s:%d: [sla \"%s\"] needs respond = (e.g. 1h)", path, s->line, s->sub);
		more(all, err);
	} else if (get_duration(path, e, 0, &sl->respond, err) < 0) {
		more(all, err);
	}
	if (!(e = ini_get(s, "resolve"))) {
		errorf(err, "%s:%d: [sla \"%s\"] needs resolve = (e.g. 4h)", path, s->line, s->sub);
		more(all, err);
	} else if (get_duration(path, e, 0, &sl->resolve, err) < 0) {
		more(all, err);
	}
	if ((e = ini_get(s, "target")) && get_percent(path, e, &sl->target_ppm, err) < 0)
		more(all, err);
	if ((e = ini_get(s, "warn")) && get_percent(path, e, &sl->warn_ppm, err) < 0)
		more(all, err);
	if (sla_signals(path, s, sl, err) < 0)
		more(all, err);
	if ((e = ini_get(s, "credit")) && sla_credit(cfg, path, e, sl, err) < 0)
		more(all, err);
	return *all ? -1 : 0;
}

/* Apply the keys an activity section sets (catalog or config). */
static int apply_activity(struct config *cfg, const char *path, const struct ini_section *s,
			  struct activity *a, int in_catalog, char **err)
{
	const struct ini_entry *e;
	if (!in_catalog && (e = ini_get(s, "supplier")) &&
	    get_supplier(cfg, path, e, &a->supplier, err) < 0)
		return -1;
	if ((e = ini_get(s, "title"))) {
		free(a->title);
		a->title = xstrdup(e->value);
	}
	if ((e = ini_get(s, "function"))) {
		free(a->function);
		a->function = xstrdup(e->value);
	}
	if ((e = ini_get(s, "description"))) {
		free(a->description);
		a->description = xstrdup(e->value);
	}
	if ((e = ini_get(s, "role"))) {
		if (config_role_index(e->value) < 0)
			return errorf(err, "%s:%d: role: '%s' is not service-desk-administrator, "
				      "technician, senior-technician or network-manager", path,
				      e->line, e->value);
		free(a->role);
		a->role = xstrdup(e->value);
	}
	if ((e = ini_get(s, "concern")) && get_pattern(path, e, &a->concern, err) < 0)
		return -1;
	if ((e = ini_get(s, "every")) && get_period(path, e, &a->every, err) < 0)
		return -1;
	if ((e = ini_get(s, "times")) && get_times(path, e, &a->times, err) < 0)
		return -1;
	if ((e = ini_get(s, "grace")) && get_duration(path, e, 1, &a->grace, err) < 0)
		return -1;
	if ((e = ini_get(s, "evidence")) && get_pattern(path, e, &a->evidence, err) < 0)
		return -1;
	if ((e = ini_get(s, "severity")) && get_severity(path, e, &a->severity, err) < 0)
		return -1;
	if ((e = ini_get(s, "code")))
		split_list(e->value, &a->codes);
	char **vl[] = { &a->objects, &a->actions, &a->unless };
	/* a config's own pattern replaces the catalog's vocabulary */
	if (!in_catalog && ini_get(s, "evidence") && !ini_get(s, "objects") && !ini_get(s, "actions"))
		for (int k = 0; k < 3; k++) {
			free(*vl[k]);
			*vl[k] = NULL;
		}
	static const char *const vk[] = { "objects", "actions", "unless" };
	for (int k = 0; k < 3; k++)
		if ((e = ini_get(s, vk[k]))) {
			free(*vl[k]);
			*vl[k] = xstrdup(e->value);
		}
	/* and its own concern pattern the catalog's problems */
	if (!in_catalog && ini_get(s, "concern") && !ini_get(s, "problems")) {
		free(a->problems);
		a->problems = NULL;
	}
	if ((e = ini_get(s, "problems"))) {
		free(a->problems);
		a->problems = xstrdup(e->value);
	}
	if (!in_catalog && (e = ini_get(s, "calendar")) && get_cal(cfg, path, e, &a->cal, err) < 0)
		return -1;
	if (!in_catalog && (e = ini_get(s, "credit"))) {
		if (timefmt_parse_percent(e->value, &a->credit_ppm) < 0 || !strchr(e->value, '%'))
			return errorf(err, "%s:%d: credit: bad percentage '%s' (use e.g. 1%%)", path,
				      e->line, e->value);
	}
	return 0;
}

static struct activity *new_activity(struct config *cfg, const char *id, int line)
{
	cfg->act = xreallocarray(cfg->act, cfg->nact + 1, sizeof(*cfg->act));
	struct activity *a = &cfg->act[cfg->nact++];
	memset(a, 0, sizeof(*a));
	a->id = xstrdup(id);
	a->supplier = -1;
	a->rule = -1;
	a->prob = -1;
	a->every = PERIOD_DAY;
	a->times = 1;
	a->severity = SEV_AMBER;
	a->line = line;
	return a;
}

static struct activity *find_activity(struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nact; i++)
		if (!strcmp(cfg->act[i].id, id))
			return &cfg->act[i];
	return NULL;
}

/* The catalog: functions, and activities with their defaults. */
static int load_catalog(struct config *cfg, const char *file, char **err)
{
	struct ini *cat = ini_parse_file(file, err);
	if (!cat)
		return -1;
	struct strbuf errs = STRBUF_INIT;
	int rc = check_schema(cat, catalog_schema, &errs, NULL);
	if (errs.len) {
		*err = sb_detach(&errs);
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < cat->n; i++) {
		const struct ini_section *s = &cat->s[i];
		if (strcmp(s->name, "function"))
			continue;
		cfg->fn = xreallocarray(cfg->fn, cfg->nfn + 1, sizeof(*cfg->fn));
		struct function *fn = &cfg->fn[cfg->nfn++];
		const struct ini_entry *t = ini_get(s, "title"), *d = ini_get(s, "description");
		fn->id = xstrdup(s->sub);
		fn->title = xstrdup(t ? t->value : s->sub);
		fn->description = xstrdup(d ? d->value : "");
	}
	for (size_t i = 0; rc == 0 && i < cat->n; i++) {
		const struct ini_section *s = &cat->s[i];
		if (strcmp(s->name, "vocabulary"))
			continue;
		if (!cfg->vocab)
			cfg->vocab = vocab_new();
		for (size_t k = 0; k < s->n && rc == 0; k++) {
			char *e = NULL;
			if (vocab_add_shared(cfg->vocab, s->e[k].key, s->e[k].value, &e) < 0)
				rc = errorf(err, "%s:%d: %s", file, s->e[k].line, e);
			free(e);
		}
	}
	for (size_t i = 0; rc == 0 && i < cat->n; i++) {
		const struct ini_section *s = &cat->s[i];
		if (strcmp(s->name, "activity"))
			continue;
		const struct ini_entry *fe = ini_get(s, "function");
		if (!fe || !config_function(cfg, fe->value)) {
			rc = errorf(err, "%s:%d: catalog activity '%s' needs a known function",
				    file, s->line, s->sub);
			break;
		}
		struct activity *a = new_activity(cfg, s->sub, s->line);
		a->from_catalog = 1;
		a->cal = NULL;
		rc = apply_activity(cfg, file, s, a, 1, err);
	}
	ini_free(cat);
	return rc;
}

/* ---- mail ------------------------------------------------------------------- */

/* A header value must not carry CR or LF (they would start a new header). */
static int one_line(const char *path, const struct ini_entry *e, char **err)
{
	if (strpbrk(e->value, "\r\n"))
		return errorf(err, "%s:%d: %s: line breaks are not allowed", path, e->line, e->key);
	return 0;
}

static int load_mail(struct config *cfg, const char *path, const struct ini_section *s,
		     char **err)
{
	struct mail_conf *m = &cfg->mail;
	const struct ini_entry *e;
	m->enabled = 1;
	m->line = s->line;
	m->starttls = 1;
	m->digest_day = 1;   /* Monday */
	m->timeout_ms = 60000;
	if ((e = ini_get(s, "smtp"))) {
		if (strncmp(e->value, "smtp://", 7) && strncmp(e->value, "smtps://", 8))
			EFAIL(e, "smtp: expected smtp://HOST[:PORT] (STARTTLS) or smtps://HOST[:PORT]");
		const char *secret = url_secret(e->value);
		if (secret)
			EFAIL(e, "smtp: %s in the URL -- secrets belong in auth files (user = NAME "
			      "and password_file = FILE)", secret);
		m->smtp = xstrdup(e->value);
	}
	if ((e = ini_get(s, "sendmail")))
		m->sendmail = resolve_path(cfg, e->value);
	if (!m->smtp == !m->sendmail)
		return errorf(err, "%s:%d: [mail] needs exactly one of smtp = URL or sendmail = "
			      "PATH", path, s->line);
	if (!(e = ini_get(s, "from")))
		return errorf(err, "%s:%d: [mail] needs from = ADDRESS", path, s->line);
	if (one_line(path, e, err) < 0 || !strchr(e->value, '@'))
		EFAIL(e, "from: '%s' is not a mail address", e->value);
	m->from = xstrdup(e->value);
	if (!(e = ini_get(s, "to")))
		return errorf(err, "%s:%d: [mail] needs to = ADDRESS[, ADDRESS...]", path, s->line);
	const char *keys[2] = { "to", "cc" };
	struct strlist *lists[2] = { &m->to, &m->cc };
	for (int k = 0; k < 2; k++) {
		if (!(e = ini_get(s, keys[k])))
			continue;
		if (one_line(path, e, err) < 0)
			return -1;
		split_list(e->value, lists[k]);
		for (size_t i = 0; i < lists[k]->n; i++)
			if (!strchr(lists[k]->v[i], '@'))
				EFAIL(e, "%s: '%s' is not a mail address", keys[k], lists[k]->v[i]);
	}
	if ((e = ini_get(s, "user"))) {
		if (one_line(path, e, err) < 0)
			return -1;
		m->user = xstrdup(e->value);
	}
	if ((e = ini_get(s, "password_file"))) {
		m->password_file = resolve_path(cfg, e->value);
		char *why = unreadable(m->password_file, FILE_CAP_SECRET);
		if (why) {
			errorf(err, "%s:%d: password_file: %s", path, e->line, why);
			free(why);
			return -1;
		}
	}
	if (!m->user != !m->password_file)
		return errorf(err, "%s:%d: [mail] user and password_file go together", path,
			      s->line);
	if ((e = ini_get(s, "ca_file"))) {
		m->ca_file = resolve_path(cfg, e->value);
		char *why = unreadable(m->ca_file, FILE_CAP_CONFIG);
		if (why) {
			errorf(err, "%s:%d: ca_file: %s", path, e->line, why);
			free(why);
			return -1;
		}
	}
	if ((e = ini_get(s, "starttls"))) {
		if (str_ieq(e->value, "yes") || str_ieq(e->value, "required"))
			m->starttls = 1;
		else if (str_ieq(e->value, "no"))
			m->starttls = 0;
		else
			EFAIL(e, "starttls: '%s' is not yes or no", e->value);
	}
	if ((e = ini_get(s, "digest"))) {
		static const char *const days[] = { "daily", "monday", "tuesday", "wednesday",
			"thursday", "friday", "saturday", "sunday" };
		m->digest_day = -2;
		for (int d = 0; d < 8; d++)
			if (str_ieq(e->value, days[d]) ||
			    (d && strlen(e->value) == 3 && !strncasecmp(e->value, days[d], 3)))
				m->digest_day = d;
		if (str_ieq(e->value, "never"))
			m->digest_day = -1;
		if (m->digest_day == -2)
			EFAIL(e, "digest: '%s' is not daily, never or a day (e.g. Monday)", e->value);
	}
	if ((e = ini_get(s, "timeout")) && get_ms(path, e, &m->timeout_ms, err) < 0)
		return -1;
	char *merr = NULL;
	if (mail_check_conf(m, &merr) < 0) {
		errorf(err, "%s:%d: %s", path, s->line, merr);
		free(merr);
		return -1;
	}
	return 0;
}

/* ---- ownership --------------------------------------------------------- */

static const char *const role_names[] = { "service-desk-administrator", "technician",
					  "senior-technician", "network-manager", NULL };

int config_role_index(const char *role)
{
	for (int i = 0; role_names[i]; i++)
		if (str_ieq(role, role_names[i]))
			return i;
	return -1;
}

int config_school_has_role(const struct config *cfg, const char *role)
{
	for (size_t i = 0; i < cfg->school_roles.n; i++) {
		/* a post is "role" or "role + role" (combined roles) */
		const char *p = cfg->school_roles.v[i];
		while (*p) {
			const char *plus = strchr(p, '+');
			size_t n = plus ? (size_t)(plus - p) : strlen(p);
			const char *b;
			n = str_trim_span(p, n, &b);
			if (n == strlen(role) && !strncasecmp(b, role, n))
				return 1;
			if (!plus)
				break;
			p = plus + 1;
		}
	}
	return 0;
}

static const struct ini_entry *supplier_key(const struct ini *ini, const char *id,
					    const char *key)
{
	for (size_t k = 0; k < ini->n; k++)
		if (!strcmp(ini->s[k].name, "supplier") && !strcmp(ini->s[k].sub, id))
			return ini_get(&ini->s[k], key);
	return NULL;
}

static int unknown_function(const struct config *cfg, const struct ini *ini,
			    const struct supplier *sp, const char *key, const char *fid,
			    char **err)
{
	const char **names = xcalloc(cfg->nfn + 1, sizeof(*names));
	for (size_t k = 0; k < cfg->nfn; k++)
		names[k] = cfg->fn[k].id;
	const char *near = nearest(fid, names);
	const struct ini_entry *oe = supplier_key(ini, sp->id, key);
	errorf(err, "%s:%d: %s: '%s' is not a FITS OM function%s in the catalog%s%s%s",
	       cfg->path, oe ? oe->line : sp->line, key, fid,
	       strcmp(key, "owns") ? " or activity" : "", near ? "; did you mean '" : "",
	       near ? near : "", near ? "'?" : "");
	free(names);
	return -1;
}

/*
 * Who owns each function and who performs each catalog activity:
 *   - a function is owned by the supplier that `owns` it, else the school;
 *   - an activity is performed by a supplier whose `performs` names it or
 *     its function; else by its function's owner, except that a supplier
 *     with `roles` leaves activities of other roles to the school.
 * [activity] sections may then say otherwise with `supplier`.
 */
static int resolve_ownership(struct config *cfg, const struct ini *ini, char **err)
{
	int school = cfg->school_index;
	for (size_t k = 0; k < cfg->nfn; k++)
		cfg->fn[k].owner = school;
	for (size_t i = 0; i < cfg->nsup; i++) {
		struct supplier *sp = &cfg->sup[i];
		for (size_t j = 0; j < sp->nowns; j++) {
			struct function *fn = NULL;
			for (size_t k = 0; k < cfg->nfn && !fn; k++)
				if (!strcmp(cfg->fn[k].id, sp->owns[j]))
					fn = &cfg->fn[k];
			if (!fn)
				return unknown_function(cfg, ini, sp, "owns", sp->owns[j], err);
			if (fn->owner != school && fn->owner != (int)i) {
				const struct ini_entry *oe = supplier_key(ini, sp->id, "owns");
				return errorf(err, "%s:%d: owns: '%s' is owned by '%s' already (a "
					      "function has one owner)", cfg->path,
					      oe ? oe->line : sp->line, fn->id,
					      cfg->sup[fn->owner].id);
			}
			fn->owner = (int)i;
		}
		for (size_t j = 0; j < sp->performs.n; j++) {
			const char *id = sp->performs.v[j];
			int known = config_function(cfg, id) != NULL;
			for (size_t k = 0; k < cfg->nact && !known; k++)
				known = !strcmp(cfg->act[k].id, id);
			if (!known)
				return unknown_function(cfg, ini, sp, "performs", id, err);
		}
		for (size_t j = 0; j < sp->roles.n; j++)
			if (config_role_index(sp->roles.v[j]) < 0) {
				const struct ini_entry *oe = supplier_key(ini, sp->id, "roles");
				return errorf(err, "%s:%d: roles: '%s' is not service-desk-"
					      "administrator, technician, senior-technician or "
					      "network-manager", cfg->path, oe ? oe->line : sp->line,
					      sp->roles.v[j]);
			}
	}
	/* the school owns what no supplier owns */
	struct supplier *sch = &cfg->sup[school];
	for (size_t k = 0; k < cfg->nfn; k++)
		if (cfg->fn[k].owner == school) {
			sch->owns = xreallocarray(sch->owns, sch->nowns + 1, sizeof(char *));
			sch->owns[sch->nowns++] = xstrdup(cfg->fn[k].id);
		}
	for (size_t a = 0; a < cfg->nact; a++) {
		struct activity *ac = &cfg->act[a];
		if (!ac->from_catalog)
			continue;
		int who = -1;
		for (size_t i = 0; i < cfg->nsup && who < 0; i++)
			for (size_t j = 0; j < cfg->sup[i].performs.n; j++)
				if (!strcmp(cfg->sup[i].performs.v[j], ac->id) ||
				    (ac->function && !strcmp(cfg->sup[i].performs.v[j], ac->function)))
					who = (int)i;
		if (who < 0) {
			const struct function *fn = config_function(cfg, ac->function);
			who = fn ? fn->owner : school;
			const struct supplier *sp = &cfg->sup[who];
			if (who != school && sp->roles.n && ac->role) {
				int fills = 0;
				for (size_t j = 0; j < sp->roles.n && !fills; j++)
					fills = str_ieq(sp->roles.v[j], ac->role);
				if (!fills)
					who = school;
			}
		}
		ac->supplier = who;
	}
	return 0;
}

/* ---- the whole file --------------------------------------------------- */

static const struct ini_section *single(const struct ini *ini, const char *name)
{
	for (size_t i = 0; i < ini->n; i++)
		if (!strcmp(ini->s[i].name, name))
			return &ini->s[i];
	return NULL;
}

/*
 * The config from its checked ini.  Each section's errors go to *errs and
 * the next section is read all the same; only what everything after
 * depends on (the time zone, the catalog, who performs what) stops it.
 */
static void build(struct config *cfg, const struct ini *ini, char *const *typo,
		  struct strbuf *errs)
{
	char *e1 = NULL, **err = &e1;
	const char *path = cfg->path;
	const struct ini_section *s;
	const struct ini_entry *e = NULL;

	s = single(ini, "school");
	const char *zone_name = "Europe/London";
	if (s && (e = ini_get(s, "timezone")))
		zone_name = e->value;
	char *terr = NULL;
	cfg->tz = tz_load(zone_name, &terr);
	if (!cfg->tz) {
		errorf(err, "%s:%d: timezone: %s", path, s && e ? e->line : 1, terr);
		free(terr);
		keep(errs, err);
		return;
	}
	cfg->school = xstrdup(s && (e = ini_get(s, "name")) ? e->value : "the school");
	if (s && (e = ini_get(s, "name")) && strpbrk(e->value, "\r\n")) {
		errorf(err, "%s:%d: name: line breaks are not allowed", path, e->line);
		keep(errs, err);
	}
	cfg->contact = s && (e = ini_get(s, "contact")) ? xstrdup(e->value) : NULL;

	s = single(ini, "store");
	if (s && (e = ini_get(s, "path")))
		cfg->store_path = resolve_path(cfg, e->value);
	else
		cfg->store_path = default_store(cfg);
	if (s && (e = ini_get(s, "spool")))
		cfg->spool_dir = resolve_path(cfg, e->value);
	else if (getenv("CACHE_DIRECTORY") && *getenv("CACHE_DIRECTORY"))
		cfg->spool_dir = xasprintf("%s/spool", getenv("CACHE_DIRECTORY"));
	else {
		const char *sl = strrchr(cfg->store_path, '/');
		cfg->spool_dir = sl ? xasprintf("%.*s/spool", (int)(sl - cfg->store_path),
						cfg->store_path) : xstrdup("spool");
	}

	cfg->cal = xreallocarray(NULL, 1, sizeof(*cfg->cal));
	cfg->cal[0] = cal_always(cfg->tz);
	cfg->ncal = 1;
	for (size_t i = 0; i < ini->n; i++)
		if (!strcmp(ini->s[i].name, "calendar") &&
		    load_calendar(cfg, path, &ini->s[i], err) < 0)
			keep(errs, err);

	size_t n = 0;
	for (size_t i = 0; i < ini->n; i++)
		n += !strcmp(ini->s[i].name, "supplier");
	cfg->sup = xcalloc(n + 1, sizeof(*cfg->sup));
	for (size_t i = 0; i < ini->n; i++)
		if (!strcmp(ini->s[i].name, "supplier")) {
			cfg->nsup++;
			if (load_supplier(cfg, path, &ini->s[i], &cfg->sup[cfg->nsup - 1], err) < 0)
				keep(errs, err);
		}
	/* the school itself, last */
	struct supplier *sch = &cfg->sup[cfg->nsup];
	cfg->school_index = (int)cfg->nsup++;
	sch->id = xstrdup("school");
	sch->name = xstrdup(cfg->school);
	sch->onsite_s = -1;
	sch->monthly_charge = -1;
	sch->currency = xstrdup("\xc2\xa3");
	sch->credit_cap_ppm = 1000000;
	sch->is_school = 1;
	sch->cal = cfg->cal[0];
	s = single(ini, "school");
	sch->line = s ? s->line : 1;
	if (s && (e = ini_get(s, "calendar")) && get_cal(cfg, path, e, &sch->cal, err) < 0)
		keep(errs, err);
	if (s && (e = ini_get(s, "roles"))) {
		split_list(e->value, &cfg->school_roles);
		for (size_t i = 0; i < cfg->school_roles.n; i++) {
			const char *p = cfg->school_roles.v[i];
			for (;;) {
				const char *plus = strchr(p, '+');
				char *r = xstrndup(p, plus ? (size_t)(plus - p) : strlen(p));
				str_trim(r);
				int bad = config_role_index(r) < 0;
				if (bad)
					errorf(err, "%s:%d: roles: '%s' is not service-desk-administrator, "
					       "technician, senior-technician or network-manager (combine "
					       "roles held by one person with +)", path, e->line, r);
				free(r);
				keep(errs, err);
				if (!plus)
					break;
				p = plus + 1;
			}
		}
	}

	n = 0;
	for (size_t i = 0; i < ini->n; i++)
		n += !strcmp(ini->s[i].name, "feed");
	cfg->feed = xcalloc(n, sizeof(*cfg->feed));
	for (size_t i = 0; i < ini->n; i++)
		if (!strcmp(ini->s[i].name, "feed")) {
			cfg->nfeed++;
			struct ini_section fs;
			struct ini *pini;
			size_t np;
			if (with_preset(cfg, path, &ini->s[i], &fs, &np, &pini, err) < 0)
				keep(errs, err);
			if (load_feed(cfg, path, &fs, np, &cfg->feed[cfg->nfeed - 1], err) < 0)
				keep_in(errs, err, typo, ini, &ini->s[i]);
			if (pini)
				free(fs.e);
			ini_free(pini);
		}

	n = 0;
	for (size_t i = 0; i < ini->n; i++)
		n += !strcmp(ini->s[i].name, "sla");
	cfg->sla = xcalloc(n, sizeof(*cfg->sla));
	for (size_t i = 0; i < ini->n; i++)
		if (!strcmp(ini->s[i].name, "sla")) {
			cfg->nsla++;
			if (load_sla(cfg, path, &ini->s[i], &cfg->sla[cfg->nsla - 1], err) < 0)
				keep_in(errs, err, typo, ini, &ini->s[i]);
		}

	/* The catalog is needed when a supplier owns a function or one is
	 * named explicitly; it is read from [catalog] path, else the
	 * installed copy. */
	int need_catalog = 0;
	for (size_t i = 0; i < cfg->nsup; i++)
		need_catalog |= cfg->sup[i].nowns > 0 || cfg->sup[i].performs.n > 0;
	s = single(ini, "catalog");
	if (s && (e = ini_get(s, "path"))) {
		cfg->catalog_path = resolve_path(cfg, e->value);
		need_catalog = 1;
	} else if (need_catalog) {
		cfg->catalog_path = default_catalog();
	}
	if (need_catalog) {
		char *cerr = NULL;
		if (!(s && e) && access(cfg->catalog_path, F_OK) < 0) {
			/* the config has no line to blame: it names no catalog */
			errorf(err, "%s: no catalog at %s: set [catalog] path", path,
			       cfg->catalog_path);
			keep(errs, err);
			return;
		}
		if (load_catalog(cfg, cfg->catalog_path, &cerr) < 0) {
			if (s && e)
				errorf(err, "%s:%d: catalog: %s", path, e->line, cerr);
			else
				errorf(err, "%s: catalog: %s", path, cerr);
			free(cerr);
			keep(errs, err);
			return;
		}
	}
	if ((s = single(ini, "mail")) && load_mail(cfg, path, s, err) < 0)
		keep_in(errs, err, typo, ini, s);
	if (resolve_ownership(cfg, ini, err) < 0) {
		keep(errs, err);
		return;
	}
	for (size_t i = 0; i < ini->n; i++) {
		s = &ini->s[i];
		if (strcmp(s->name, "activity"))
			continue;
		struct activity *a = find_activity(cfg, s->sub);
		if (!a) {
			a = new_activity(cfg, s->sub, s->line);
			if (!ini_get(s, "every")) {
				errorf(err, "%s:%d: [activity \"%s\"] needs every = (day, "
				       "school-day, week, school-week, month, term or year)",
				       path, s->line, s->sub);
				keep_in(errs, err, typo, ini, s);
			}
			if (!ini_get(s, "evidence") && !ini_get(s, "code") && !ini_get(s, "objects")) {
				errorf(err, "%s:%d: [activity \"%s\"] needs evidence = PATTERN "
				       "(what a log line that proves it looks like)",
				       path, s->line, s->sub);
				keep_in(errs, err, typo, ini, s);
			}
		}
		a->line = s->line;
		a->from_catalog = 0;
		if (apply_activity(cfg, path, s, a, 0, err) < 0) {
			keep_in(errs, err, typo, ini, s);
			continue;
		}
		if (a->supplier < 0) {
			/* a new activity names who does it; one under a catalog id
			 * was given a performer by resolve_ownership */
			if (cfg->nsup == 2) {
				a->supplier = 0;   /* the one supplier */
			} else {
				errorf(err, "%s:%d: [activity \"%s\"] needs supplier = ... "
				       "(who does it: a supplier, or school)", path, s->line, s->sub);
				keep_in(errs, err, typo, ini, s);
			}
		}
		const struct ini_entry *ce = ini_get(s, "credit");
		if (ce && a->supplier >= 0 && cfg->sup[a->supplier].monthly_charge < 0) {
			errorf(err, "%s:%d: credit: %s has no monthly_charge to work credits from",
			       path, ce->line, cfg->sup[a->supplier].is_school ? "the school" :
			       cfg->sup[a->supplier].id);
			keep_in(errs, err, typo, ini, s);
		}
	}
	if (!cfg->vocab)
		cfg->vocab = vocab_new();
	for (size_t i = 0; i < cfg->nact; i++) {
		struct activity *a = &cfg->act[i];
		if (!a->objects && !a->actions)
			continue;
		char *why = NULL;
		a->rule = vocab_add_rule(cfg->vocab, a->objects, a->actions, a->unless, &why);
		if (a->rule < 0) {
			errorf(err, "%s:%d: activity '%s' %s (objects and actions are both needed)",
			       a->from_catalog && cfg->catalog_path ? cfg->catalog_path : path,
			       a->line, a->id, why);
			keep(errs, err);
		}
		free(why);
	}
	for (size_t i = 0; i < cfg->nact; i++) {
		struct activity *a = &cfg->act[i];
		if (!a->problems)
			continue;
		char *why = NULL;
		a->prob = vocab_add_problems(cfg->vocab, a->problems, &why);
		if (a->prob < 0) {
			errorf(err, "%s:%d: activity '%s' %s", a->from_catalog && cfg->catalog_path ?
			       cfg->catalog_path : path, a->line, a->id, why);
			keep(errs, err);
		}
		free(why);
	}
	vocab_finish(cfg->vocab);
	for (size_t i = 0; i < cfg->nact; i++) {
		struct activity *a = &cfg->act[i];
		if (a->supplier < 0)
			continue;   /* an error said so above */
		if (!a->title)
			a->title = xstrdup(a->id);
		if (!a->description)
			a->description = xstrdup("");
		if (!a->cal)
			a->cal = cfg->sup[a->supplier].cal;
		const int64_t *f, *l;
		/* A catalog default on a calendar without terms simply has no
		 * periods; an activity the config sets up must make sense. */
		/* (no calendar: its supplier's is in error, reported already) */
		if (!a->from_catalog && a->every == PERIOD_TERM && a->cal &&
		    !cal_terms(a->cal, &f, &l)) {
			errorf(err, "%s:%d: activity '%s' is done every term, but calendar "
			       "'%s' has no terms", path, a->line, a->id, cal_name(a->cal));
			keep(errs, err);
		}
	}
}

/* The line number of a "path:N: message" line, or INT_MAX for another file's. */
static long error_line(const char *path, const char *msg)
{
	size_t n = strlen(path);
	if (strncmp(msg, path, n) || msg[n] != ':')
		return INT_MAX;
	return strtol(msg + n + 1, NULL, 10);
}

/* The collected errors in file order (stable: one line's stay as found). */
static char *errors_in_order(const char *path, char *all)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	for (char *p = all; p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		VEC_GROW(v, n, cap, n + 1);
		v[n++] = p;
		p = nl ? nl + 1 : NULL;
	}
	for (size_t i = 1; i < n; i++)   /* insertion sort: a handful of lines */
		for (size_t j = i; j > 0 && error_line(path, v[j - 1]) > error_line(path, v[j]); j--) {
			char *t = v[j - 1];
			v[j - 1] = v[j];
			v[j] = t;
		}
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_putc(&sb, '\n');
		sb_puts(&sb, v[i]);
	}
	free(v);
	free(all);
	return sb_detach(&sb);
}

struct config *config_load(const char *path, char **err)
{
	struct ini *ini = ini_parse_file(path, err);
	if (!ini)
		return NULL;
	/* the template make install puts in place: refused until filled in */
	for (size_t i = 0; i < ini->n; i++)
		if (!strcmp(ini->s[i].name, "template")) {
			errorf(err, "%s:%d: fill in this file (or run fitsmon init), then delete "
			       "this [template] line", path, ini->s[i].line);
			ini_free(ini);
			return NULL;
		}
	struct config *cfg = xcalloc(1, sizeof(*cfg));
	cfg->path = xstrdup(path);
	const char *slash = strrchr(path, '/');
	cfg->dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : NULL;
	struct strbuf errs = STRBUF_INIT;
	char **typo = xcalloc(ini->n + 1, sizeof(*typo));
	if (check_schema(ini, conf_schema, &errs, typo) == 0)
		build(cfg, ini, typo, &errs);
	for (size_t i = 0; i < ini->n; i++)
		free(typo[i]);
	free(typo);
	if (errs.len) {
		if (err)
			*err = errors_in_order(path, sb_detach(&errs));
		sb_release(&errs);
		ini_free(ini);
		config_free(cfg);
		return NULL;
	}
	ini_free(ini);
	return cfg;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nsup; i++) {
		for (size_t j = 0; j < cfg->sup[i].nowns; j++)
			free(cfg->sup[i].owns[j]);
		free(cfg->sup[i].owns);
		strlist_free(&cfg->sup[i].performs);
		strlist_free(&cfg->sup[i].roles);
		free(cfg->sup[i].id);
		free(cfg->sup[i].name);
		free(cfg->sup[i].currency);
	}
	free(cfg->sup);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		struct feed *f = &cfg->feed[i];
		free(f->id);
		free(f->url);
		free(f->path);
		free(f->time_format);
		tz_free(f->own_tz);
		for (int k = 0; k < FIELD_COUNT; k++)
			free(f->column[k]);
		strlist_free(&f->new_status);
		strlist_free(&f->resolved_status);
		strlist_free(&f->pause_status);
		strlist_free(&f->headers);
		strlist_free(&f->missing);
		strlist_free(&f->onsite_values);
		strlist_free(&f->offsite_values);
		strlist_free(&f->sla_met_values);
		free(f->auth_user);
		free(f->auth_file);
		free(f->ca_file);
	}
	free(cfg->feed);
	for (size_t i = 0; i < cfg->nsla; i++) {
		free(cfg->sla[i].id);
		free(cfg->sla[i].credit);
		free(cfg->sla[i].when_text);
		free(cfg->sla[i].warning);
		pattern_free(cfg->sla[i].when);
		for (size_t k = 0; k < cfg->sla[i].nalso; k++)
			pattern_free(cfg->sla[i].also[k].re);
		free(cfg->sla[i].also);
	}
	free(cfg->sla);
	for (size_t i = 0; i < cfg->nact; i++) {
		struct activity *a = &cfg->act[i];
		free(a->id);
		free(a->title);
		free(a->description);
		free(a->role);
		free(a->function);
		pattern_free(a->evidence);
		pattern_free(a->concern);
		strlist_free(&a->codes);
		free(a->objects);
		free(a->actions);
		free(a->unless);
		free(a->problems);
	}
	free(cfg->act);
	vocab_free(cfg->vocab);
	for (size_t i = 0; i < cfg->nfn; i++) {
		free(cfg->fn[i].id);
		free(cfg->fn[i].title);
		free(cfg->fn[i].description);
	}
	free(cfg->fn);
	for (size_t i = 0; i < cfg->ncal; i++)
		cal_free(cfg->cal[i]);
	free(cfg->cal);
	tz_free(cfg->tz);
	free(cfg->school);
	free(cfg->contact);
	strlist_free(&cfg->school_roles);
	free(cfg->mail.smtp);
	free(cfg->mail.sendmail);
	free(cfg->mail.from);
	strlist_free(&cfg->mail.to);
	strlist_free(&cfg->mail.cc);
	free(cfg->mail.user);
	free(cfg->mail.password_file);
	free(cfg->mail.ca_file);
	free(cfg->store_path);
	free(cfg->spool_dir);
	free(cfg->catalog_path);
	free(cfg->path);
	free(cfg->dir);
	free(cfg);
}
