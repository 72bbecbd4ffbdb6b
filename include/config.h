#ifndef FITSMON_CONFIG_H
#define FITSMON_CONFIG_H
/*
 * config — fitsmon.conf and the FITS OM catalog, checked and resolved
 * into typed structures (DESIGN.md "Configuration" pins every name).
 *
 * Every error is "file:line: what is wrong"; an unknown section or key
 * names the nearest valid one.  The loaded config owns everything in it:
 * time zones, calendars, compiled patterns.  Relative paths are taken
 * from the config file's folder.
 */
#include <stddef.h>
#include <stdint.h>

#include "fields.h"
#include "mail.h"
#include "util.h"

struct tz;
struct cal;
struct pattern;
struct ini;

enum period {
	PERIOD_DAY, PERIOD_SCHOOL_DAY, PERIOD_WEEK, PERIOD_SCHOOL_WEEK,
	PERIOD_MONTH, PERIOD_TERM, PERIOD_YEAR, PERIOD_COUNT
};

enum severity { SEV_AMBER, SEV_RED };

/*
 * A supplier.  The school itself is the last entry (id "school", is_school
 * set): it owns the functions no supplier owns and performs the activities
 * no supplier performs, and a feed with `supplier = school` is the
 * school's own log.
 */
struct supplier {
	char *id;
	char *name;            /* display name; the id when not set */
	char **owns;           /* FITS OM function ids */
	size_t nowns;
	struct strlist performs;    /* activity or function ids done for the owner */
	struct strlist roles;       /* roles it fills in owned functions; none = all */
	int64_t onsite_s;      /* contracted on-site seconds a week; -1 none */
	struct cal *cal;       /* borrowed from the config */
	int is_school;
	/* service credits (credits.h): the monthly charge in pence, -1 none;
	   its currency symbol (default "£"); the most a month's credits may
	   come to, in millionths of the charge (default 100%) */
	int64_t monthly_charge;
	char *currency;
	int32_t credit_cap_ppm;
	int line;
};

/* One tier of an [sla] `credit`: below `below_ppm` compliance, `percent_ppm`
 * of the monthly charge is owed (millionths: 95% = 950000). */
struct credit_tier {
	int32_t below_ppm, percent_ppm;
};

struct feed {
	char *id;
	int supplier;          /* index into suppliers */
	enum feed_kind kind;
	char *url;             /* as written */
	char *path;            /* local file for file:// and plain paths, else NULL */
	char *time_format;     /* NULL = iso8601 */
	const struct tz *tz;   /* the feed's timezone or the school's */
	struct tz *own_tz;
	char *column[FIELD_COUNT];  /* header names; NULL = unmapped */
	unsigned optional;     /* bit 1<<FIELD: mapped by a preset only, and not required:
				  left unmapped when the header has no such column */
	struct strlist new_status, resolved_status, pause_status;
	/* activities: the words of the on-site column (any case, trimmed);
	   a cell in neither list is unrecognised (health.h) */
	struct strlist onsite_values, offsite_values;
	/* tickets, ticket-events: the words of column.sla_met that say the
	   supplier counts the call as within its SLA (any case, trimmed);
	   any other non-empty cell says not (claims.h) */
	struct strlist sla_met_values;
	int64_t stale_after;   /* seconds */
	double max_rejected;   /* share of rows that may be rejected, 0..1 (default 0.02) */
	/* row identity (activities): key = COLUMN, ... names mapped columns
	 * (a bit per field; 0: no key); mode = log keeps every distinct row,
	 * else a copy is a snapshot of the dates it covers (store_ingest.c) */
	unsigned key_fields;
	int log_mode;
	/* fetching */
	enum feed_auth { AUTH_NONE, AUTH_BEARER, AUTH_BASIC } auth;
	char *auth_user;       /* basic */
	char *auth_file;       /* the secret's file (read at fetch time, never logged) */
	char *ca_file;
	struct strlist headers;     /* extra request headers, "Name: value" */
	int64_t timeout_ms, connect_timeout_ms;
	int64_t max_bytes;
	int retries;
	int keep;              /* spool copies kept */
	/* CSV dialect */
	unsigned char delimiter;
	int header_row;        /* record number of the header row, from 1 */
	enum feed_encoding { ENC_UTF8, ENC_WINDOWS_1252, ENC_LATIN1 } encoding;
	int decimal_comma;     /* hours written 1,5 */
	struct strlist missing;     /* cells that mean "no value" (e.g. ?, #N/B) */
	/* signals from a ticket's stored copies (rewrites.h): stamp_rewritten
	 * and priority_lowered (yes by default; no turns each off), and
	 * priority_rule = first (1: a ticket keeps the SLA its first copy
	 * took; 0, latest, the default: its latest fields choose) */
	int sig_stamp_rewritten, sig_priority_lowered, priority_first;
	int line;
};

/* A `when.FIELD = PATTERN` of an [sla]. */
struct sla_cond {
	int field;
	struct pattern *re;
	int line;
};

struct sla {
	char *id;
	int supplier;          /* -1: applies to every supplier */
	int field;             /* `when` field, -1: no `when` */
	struct pattern *when;
	struct sla_cond *also; /* when.FIELD keys, in file order: each must match too */
	size_t nalso;
	char *when_text;       /* every condition, "F ~ P and F ~ P"; NULL: none */
	char *warning;         /* "file:line: ..." for validate (a `when` that reads
				  like two conditions), or NULL */
	struct cal *cal;       /* NULL: the calendar of each ticket's supplier */
	int64_t respond, resolve;   /* business seconds */
	int32_t target_ppm, warn_ppm;
	/* signals (reopen.h, longpause.h): a new call opened within
	 * reopen_window seconds of an earlier call's resolution (0: off);
	 * reopen_merge: the earlier call's resolution clock runs on through
	 * the new call; pause_share: paused share of a call's span above
	 * which it is a long pause (ppm; 100% never) */
	int64_t reopen_window;
	int reopen_merge;
	int32_t pause_share_ppm;
	struct credit_tier *credit;   /* `credit` tiers, highest threshold first; NULL none */
	size_t ncredit;
	int line;
};

struct activity {
	char *id;
	char *title;           /* plain-English name; the id when not set */
	char *description;     /* one plain-English sentence, may be "" */
	char *function;        /* catalog function id, or NULL */
	char *role;            /* FITS role that does it, may be NULL */
	int supplier;          /* who performs it (index; the school is the last);
				  -1 only while the config is being read */
	struct pattern *concern;     /* evidence that reports a problem (a school's own
					pattern; the catalog's are `problems`) */
	enum period every;
	int times;
	int64_t grace;
	struct pattern *evidence;    /* may be NULL (code column only) */
	struct strlist codes;        /* code aliases besides the id */
	char *objects, *actions, *unless;   /* vocabulary lists (vocab.h), or NULL */
	int rule;                    /* its rule in cfg->vocab, or -1 */
	char *problems;              /* problem phrases (vocab.h), or NULL */
	int prob;                    /* its problem list in cfg->vocab, or -1 */
	enum severity severity;
	struct cal *cal;
	int from_catalog;
	int32_t credit_ppm;          /* `credit`: owed per missed period, millionths of
					the monthly charge; 0 none */
	int line;
};

/* [mail]: who hears about findings, and how the message leaves. */
struct function {
	char *id, *title, *description;
	int owner;             /* supplier index (the school when no supplier owns it) */
};

struct config {
	char *path;
	char *dir;
	char *school;
	char *contact;
	struct strlist school_roles;   /* posts at the school, each "role + role" */
	int school_index;      /* the school's entry in sup[] */
	struct tz *tz;
	char *store_path;
	char *spool_dir;       /* [store] spool; default: beside the store */
	char *catalog_path;    /* NULL when no catalog was needed or found */
	struct cal **cal;      /* cal[0] is `always` */
	size_t ncal;
	struct supplier *sup;
	size_t nsup;
	struct feed *feed;
	size_t nfeed;
	struct sla *sla;
	size_t nsla;
	struct activity *act;
	size_t nact;
	struct function *fn;
	size_t nfn;
	struct mail_conf mail;
	struct vocab *vocab;   /* the catalog's [vocabulary] and the activities' rules; never NULL after load */
};

/*
 * Load and check.  NULL with *err on any error: every error found, one
 * "file:line: message" line each (joined by '\n', in file order).  A
 * syntax error stops the reading at its line; other errors do not, and a
 * "needs KEY" that a misspelt key in the same section caused is left out.
 * Once returned, nothing writes into the config (its calendars and
 * patterns included: their indexes and match data belong to whoever
 * evaluates, cal.h and pattern.h), so any number of threads may read it.
 */
struct config *config_load(const char *path, char **err);
void config_free(struct config *cfg);

const char *config_period_name(enum period p);
int config_supplier_index(const struct config *cfg, const char *id);
/* 1 when supplier sup sends a work log (an activities feed): only then
 * are its activities judged period by period. */
int config_sends_log(const struct config *cfg, int sup);
/* The four FITS roles, in rising technical depth; -1 when unknown. */
int config_role_index(const char *role);
/* 1 when someone at the school holds role (alone or combined). */
int config_school_has_role(const struct config *cfg, const char *role);
const struct function *config_function(const struct config *cfg, const char *id);
/*
 * Presets: rules/presets/NAME.conf, one [preset] section of the feed keys
 * a vendor's export fixes (column.*, time_format, status words, dialect).
 * The folder is $FITSMON_PRESETS, else the installed one when it exists,
 * else rules/presets beside the running binary (a source tree).
 * config_preset_path: NAME's file there, or NAME itself when it holds a
 * '/' (relative to dir).  config_preset_load: the checked file, or NULL
 * with *err ("file:line: ...").  Callers free the results.
 */
char *config_preset_dir(void);
char *config_preset_path(const char *name, const char *dir);
struct ini *config_preset_load(const char *file, char **err);
/* str_nearest (util.h), for the config's "did you mean". */
const char *config_nearest(const char *s, const char *const *names);

#endif
