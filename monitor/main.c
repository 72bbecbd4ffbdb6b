/*
 * fitsmon — checks that a school's outsourced ICT support supplier does
 * what the school pays for.  This file is the command line only: global
 * options, the command table with each command's options and
 * preconditions, and exit codes.  The commands are in commands.c.
 *
 * The order is fixed: every usage error (exit 64) is found before any
 * config is read; then the config (78); then the command's preconditions
 * (lock, store, run: commands_begin), the command, and commands_end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"
#include "commands.h"
#include "config.h"
#include "fetch.h"
#include "init.h"
#include "msg.h"
#include "pattern.h"
#include "report.h"
#include "timefmt.h"
#include "util.h"

#ifndef FITSMON_VERSION
#define FITSMON_VERSION "0"
#endif

/* Where the config is looked for when -c is not given, in order. */
static const char *const config_places[] = { "fitsmon.conf", "/etc/fitsmon/fitsmon.conf" };

/*
 * A row of the table.  The first five fields are all a command needs when
 * it parses its own arguments; with MAIN_ARGS in needs, main parses the
 * options named in `options` into struct opts (and refuses any other),
 * checks the count of the other arguments and the first one's words, and
 * passes the rest on.
 */
struct command {
	const char *name;
	int (*fn)(struct opts *o, int argc, char **argv);
	unsigned needs;          /* enum cmd_needs */
	const char *args;        /* the synopsis after the name */
	const char *help;
	unsigned options;        /* enum cmd_option */
	const char *formats;     /* --format's values, "text|csv|json" */
	int min_args, max_args;  /* other arguments; max -1: any number */
	const char *hint;        /* said when their count is wrong */
	const char *words;       /* the first argument is one of these, "a|b" */
	unsigned required;       /* options that must be given (else hint) */
	int (*check)(struct opts *o, int argc, char **argv);  /* needs the config */
	const char *example;
};

#define STORE_WRITER (NEEDS_CONFIG | NEEDS_LOCK | STORE_RW | MAIN_ARGS)
#define STORE_READER (NEEDS_CONFIG | STORE_RO | MAIN_ARGS)

static const struct command commands[] = {
	{ "run", cmd_run, STORE_WRITER, "",
	  "fetch every feed, take in what is new, evaluate, record findings",
	  .hint = "takes no arguments",
	  .example = "fitsmon run" },
	{ "fetch", cmd_fetch, STORE_WRITER, "[FEED...]",
	  "fetch feeds into the spool only",
	  .max_args = -1, .check = cmd_fetch_check,
	  .example = "fitsmon fetch acme-tickets" },
	{ "ingest", cmd_ingest, STORE_WRITER, "FEED FILE",
	  "take a local file into a feed (a manual upload)",
	  .min_args = 2, .max_args = 2, .hint = "give a feed name and a file",
	  .check = cmd_ingest_check,
	  .example = "fitsmon ingest acme-tickets ~/Downloads/tickets.csv" },
	{ "report", cmd_report, STORE_READER,
	  "[--from DATE] [--to DATE] [--term [DATE]] [--format text|html|json|csv|email]\n"
	  "                  [-o FILE]",
	  "the report for a period, from the store (--term: a school term's review pack)",
	  OPT_FROM | OPT_TO | OPT_FORMAT | OPT_OUT | OPT_TERM, "text|html|json|csv|email",
	  .hint = "takes no arguments but its options",
	  .example = "fitsmon report --from 2026-09-01 --format html -o report.html" },
	{ "query", cmd_query, STORE_READER,
	  "breaches|activities|hours|feeds|findings|rejects|credits [--from DATE] [--to DATE]\n"
	  "                  [--supplier S] [--format text|csv|json]",
	  "answer a question from the store",
	  OPT_FROM | OPT_TO | OPT_FORMAT | OPT_SUPPLIER, "text|csv|json",
	  .min_args = 1, .max_args = 1,
	  .hint = "say what to list: breaches, activities, hours, feeds, findings, rejects or credits",
	  .words = "breaches|activities|hours|feeds|findings|rejects|credits",
	  .example = "fitsmon query breaches --from 2026-09-01 --format csv" },
	{ "explain", cmd_explain, STORE_READER, "TICKET",
	  "a ticket's clocks, interval by interval, with the reason",
	  .min_args = 1, .max_args = 1, .hint = "give one ticket id",
	  .example = "fitsmon explain INC0012345" },
	{ "explain-row", cmd_explain_row, NEEDS_CONFIG | MAIN_ARGS, "'TEXT' [--code CODE]",
	  "which activities a work-log line counts for, and why",
	  OPT_CODE, .max_args = 1, .hint = "give a log line's text",
	  .example = "fitsmon explain-row 'Checked backups, all jobs green'" },
	{ "sql", cmd_sql, NEEDS_CONFIG | MAIN_ARGS,
	  "'SELECT ...' [--format text|csv|json] [--timeout SECONDS]",
	  "read-only SQL on the store",
	  OPT_FORMAT | OPT_TIMEOUT, "text|csv|json", .min_args = 1, .max_args = 1,
	  .hint = "give one SELECT statement, e.g. fitsmon sql "
		  "'SELECT * FROM tickets_v LIMIT 10'",
	  .example = "fitsmon sql 'SELECT * FROM tickets_v LIMIT 10'" },
	{ "mail", cmd_mail, NEEDS_CONFIG | MAIN_ARGS, "--test",
	  "send a test message to the [mail] recipients",
	  OPT_TEST, .hint = "the only use is 'fitsmon mail --test'", .required = OPT_TEST,
	  .example = "fitsmon mail --test" },
	{ "validate", cmd_validate, NEEDS_CONFIG | MAIN_ARGS, "[--format text|csv|json] | --data",
	  "check the config and catalog, print the ownership matrix\n"
	  "            (--data: read every feed, say what is not ready and the fix)",
	  OPT_FORMAT | OPT_DATA, "text|csv|json", .hint = "takes no arguments but its options",
	  .example = "fitsmon -c ./fitsmon.conf validate --data" },
	{ "init", cmd_init, 0, "[--tickets FILE] [--events FILE] [--log FILE] [-o FILE]",
	  "write a first config from sample exports (guesses printed, to check)",
	  .example = "fitsmon init --tickets ~/Downloads/tickets.csv -o fitsmon.conf" },
	{ "presets", cmd_presets, 0, "",
	  "list the presets a [feed] can start from (preset = NAME)",
	  .example = "fitsmon presets" },
	{ NULL, NULL, 0, NULL, NULL, 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL },
};

/* The options main parses for commands, and what --help says of them. */
static const struct option_desc {
	unsigned bit;
	const char *name;
	const char *value;       /* NULL: a flag */
	const char *help;
} option_descs[] = {
	{ OPT_FROM, "--from", "DATE", "first day of the period (YYYY-MM-DD); default: the config's window" },
	{ OPT_TO, "--to", "DATE", "the day after the period's last (YYYY-MM-DD)" },
	{ OPT_FORMAT, "--format", "FORMAT", "the output's format:" },
	{ OPT_OUT, "-o", "FILE", "write to FILE (replaced whole) instead of standard output" },
	{ OPT_SUPPLIER, "--supplier", "S", "only the rows of supplier S" },
	{ OPT_CODE, "--code", "CODE", "the line's activity code, as the log carries it" },
	{ OPT_DATA, "--data", NULL, "read every feed, say what is not ready and the fix" },
	{ OPT_TEST, "--test", NULL, "send a test message" },
	{ OPT_TIMEOUT, "--timeout", "SECONDS", "stop the query after SECONDS (default 10)" },
	{ OPT_TERM, "--term", "[DATE]", "the review pack of the term holding DATE (default: the "
	  "last one over)" },
	{ 0, NULL, NULL, NULL },
};

/* The global options, for "did you mean". */
static const char *const global_options[] = {
	"--help", "--version", "--verbose", "--quiet", "--config", "--now", "--fail-on", NULL
};

static void usage(FILE *f)
{
	fputs("usage: fitsmon [-c FILE] [--now TIME] [--fail-on red|amber] [-v|-q] COMMAND [ARGS]\n"
	      "\n"
	      "Checks that a school's ICT support supplier does what the school pays for.\n"
	      "\n"
	      "commands:\n", f);
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-8s  %s\n            %s\n", c->name, c->args, c->help);
	fputs("\noptions:\n"
	      "  -c FILE            config file (default ./fitsmon.conf, then /etc/fitsmon/fitsmon.conf)\n"
	      "  --now TIME         take TIME (ISO 8601) as the current time, to replay a past night\n"
	      "  --fail-on red|amber  exit 1 when there are findings this serious or worse\n"
	      "  -v, -q             more or less logging on stderr\n"
	      "  -h, --help         this help; fitsmon COMMAND --help for one command\n"
	      "  -V, --version      print the version\n"
	      "\nexit status: 0 done (findings are not failures), 1 findings with --fail-on,\n"
	      "64 usage, 65 bad input data, 69 a feed unreachable with no good copy, 74 I/O,\n"
	      "75 another run in progress or mail not sent, 78 config error.  See fitsmon(1).\n", f);
}

/* "a|b|c" as "a, b or c". */
static char *or_list(const char *alts)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = alts;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (sb.len)
			sb_puts(&sb, bar ? ", " : " or ");
		sb_add(&sb, p, n);
		p += n + (bar != NULL);
	}
	return sb.buf ? sb.buf : xstrdup("");
}

/* s is one of "a|b|c"; else NULL, with *near the closest when close. */
static int one_of(const char *s, const char *alts, char **near)
{
	const char *names[16];
	char *copy = xstrdup(alts);
	size_t n = 0;
	int found = 0;
	for (char *p = copy; p && n + 1 < sizeof(names) / sizeof(names[0]);) {
		char *bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		names[n++] = p;
		found |= !strcmp(p, s);
		p = bar ? bar + 1 : NULL;
	}
	names[n] = NULL;
	const char *best = found ? NULL : str_nearest(s, names);
	*near = best ? xstrdup(best) : NULL;
	free(copy);
	return found;
}

static void command_usage(FILE *f, const struct command *c)
{
	fprintf(f, "usage: fitsmon [-c FILE] [--now TIME] %s %s\n  %s\n", c->name, c->args, c->help);
	if (c->options) {
		fputs("\noptions:\n", f);
		for (const struct option_desc *d = option_descs; d->name; d++) {
			if (!(c->options & d->bit))
				continue;
			char *head = xasprintf("%s%s%s", d->name, d->value ? " " : "",
					       d->value ? d->value : "");
			fprintf(f, "  %-17s  %s", head, d->help);
			if (d->bit == OPT_FORMAT) {
				char *alts = or_list(c->formats);
				fprintf(f, " %s (default %.*s)", alts,
					(int)strcspn(c->formats, "|"), c->formats);
				free(alts);
			}
			fputc('\n', f);
			free(head);
		}
	}
	if (c->example)
		fprintf(f, "\nexample:\n  %s\n", c->example);
	fputs("\nSee fitsmon(1).\n", f);
}

/* 1 when any compiled pattern had to do without the JIT. */
static int jit_refused(const struct config *cfg)
{
	for (size_t k = 0; k < cfg->nsla; k++)
		if (cfg->sla[k].when && pattern_jit_refused(cfg->sla[k].when))
			return 1;
	for (size_t k = 0; k < cfg->nact; k++)
		if ((cfg->act[k].evidence && pattern_jit_refused(cfg->act[k].evidence)) ||
		    (cfg->act[k].concern && pattern_jit_refused(cfg->act[k].concern)))
			return 1;
	return 0;
}

/*
 * The config file to read: -c's, else the first of config_places that
 * exists.  NULL after saying where it looked and what to do.
 */
static const char *find_config(const char *given)
{
	if (given) {
		if (access(given, F_OK) == 0)
			return given;
		msg(MSG_ERR, "cannot open '%s': no such file -- check the path given to -c, or "
		    "write a first config with 'fitsmon init'", given);
		return NULL;
	}
	for (size_t i = 0; i < sizeof(config_places) / sizeof(config_places[0]); i++)
		if (access(config_places[i], F_OK) == 0)
			return config_places[i];
	msg(MSG_ERR, "no config -- looked for ./%s and %s; give one with -c FILE, or write a "
	    "first config with 'fitsmon init'", config_places[0], config_places[1]);
	return NULL;
}

/* "unknown option '--form'; did you mean '--format'?" among names. */
static int unknown_option(const char *where, const char *arg, const char *const *names)
{
	char *name = xstrdup(arg);
	name[strcspn(name, "=")] = '\0';
	/* a cut-short name ("--form") means the one it starts, when one only */
	const char *near = NULL;
	int starts = 0;
	for (const char *const *p = names; *p; p++)
		if (strlen(name) > 2 && !strncmp(*p, name, strlen(name)) && ++starts)
			near = *p;
	if (starts != 1)
		near = str_nearest(name, names);
	if (near)
		msg(MSG_ERR, "%s%sunknown option '%s'; did you mean '%s'?", where ? where : "",
		    where ? ": " : "", arg, near);
	else
		msg(MSG_ERR, "%s%sunknown option '%s' (fitsmon %s--help lists them)",
		    where ? where : "", where ? ": " : "", arg, where ? where : "");
	free(name);
	return EX_USAGE;
}

static int parse_day(const char *cmd, const char *opt, const char *s, int64_t *day)
{
	if (civil_parse_date(s, strlen(s), day) == 0)
		return 0;
	msg(MSG_ERR, "%s: %s: '%s' is not a date (YYYY-MM-DD)", cmd, opt, s);
	return -1;
}

/*
 * The command's arguments by its row: options into o, the others left in
 * argv[0..*n).  0, or EX_USAGE after a message.
 */
static int parse_args(const struct command *c, struct opts *o, int argc, char **argv, int *n)
{
	unsigned seen = 0;
	int rest = 0, dashdash = 0;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (dashdash || arg[0] != '-' || !arg[1]) {
			argv[rest++] = argv[i];
			continue;
		}
		if (!strcmp(arg, "--")) {
			dashdash = 1;
			continue;
		}
		if ((c->options & OPT_TERM) && (!strcmp(arg, "--term") || !strncmp(arg, "--term=", 7))) {
			/* an optional value: --term, --term=DATE, or --term DATE */
			const char *tv = arg[6] == '=' ? arg + 7 : i + 1 < argc &&
				(argv[i + 1][0] != '-' || !argv[i + 1][1]) && !dashdash ? argv[++i] : NULL;
			o->term = 1;
			o->term_day = TS_NONE;
			if (tv && parse_day(c->name, "--term", tv, &o->term_day))
				return EX_USAGE;
			seen |= OPT_TERM;
			continue;
		}
		const struct option_desc *d = option_descs;
		const char *v = NULL;
		int missing = 0;
		for (; d->name; d++) {
			if (!(c->options & d->bit))
				continue;
			if (d->value ? (v = optval(argc, argv, &i, d->name, &missing)) != NULL || missing
				     : !strcmp(arg, d->name))
				break;
		}
		if (!d->name) {
			const char *names[16];
			size_t k = 0;
			for (const struct option_desc *e = option_descs; e->name; e++)
				if (c->options & e->bit)
					names[k++] = e->name;
			names[k++] = "--help";
			names[k] = NULL;
			return unknown_option(c->name, arg, names);
		}
		if (missing) {
			msg(MSG_ERR, "%s: missing value for '%s'", c->name, arg);
			return EX_USAGE;
		}
		seen |= d->bit;
		switch (d->bit) {
		case OPT_FROM:
			if (parse_day(c->name, "--from", v, &o->from))
				return EX_USAGE;
			break;
		case OPT_TO:
			if (parse_day(c->name, "--to", v, &o->to))
				return EX_USAGE;
			break;
		case OPT_FORMAT: {
			char *near;
			if (!one_of(v, c->formats, &near)) {
				char *alts = or_list(c->formats);
				if (near)
					msg(MSG_ERR, "%s: unknown format '%s'; did you mean '%s'? (use %s)",
					    c->name, v, near, alts);
				else
					msg(MSG_ERR, "%s: unknown format '%s' (use %s)", c->name, v, alts);
				free(alts);
				free(near);
				return EX_USAGE;
			}
			o->format = v;
			break;
		}
		case OPT_OUT:
			o->out = v;
			break;
		case OPT_SUPPLIER:
			o->supplier = v;
			break;
		case OPT_CODE:
			o->code = v;
			break;
		case OPT_DATA:
			o->data = 1;
			break;
		case OPT_TEST:
			o->test = 1;
			break;
		case OPT_TIMEOUT: {
			char *end;
			errno = 0;
			long t = strtol(v, &end, 10);
			if (errno || end == v || (*end && strcmp(end, "s")) || t < 1 || t > 86400) {
				msg(MSG_ERR, "%s: --timeout: '%s' is not a number of seconds "
				    "(1 to 86400)", c->name, v);
				return EX_USAGE;
			}
			o->timeout = (int)t;
			break;
		}
		}
	}
	*n = rest;
	if (c->words && rest >= 1) {
		char *near;
		if (!one_of(argv[0], c->words, &near)) {
			char *alts = or_list(c->words);
			if (near)
				msg(MSG_ERR, "%s: '%s' is not %s; did you mean '%s'?", c->name, argv[0],
				    alts, near);
			else
				msg(MSG_ERR, "%s: '%s' is not %s", c->name, argv[0], alts);
			free(alts);
			free(near);
			return EX_USAGE;
		}
	}
	if (rest < c->min_args || (c->max_args >= 0 && rest > c->max_args) ||
	    (seen & c->required) != c->required) {
		if (rest > c->max_args && c->max_args >= 0 && c->min_args == c->max_args && !c->words)
			msg(MSG_ERR, "%s: %s", c->name, c->hint);
		else if (rest > c->max_args && c->max_args >= 0)
			msg(MSG_ERR, "%s: unknown argument '%s'", c->name, argv[c->max_args]);
		else
			msg(MSG_ERR, "%s: %s", c->name, c->hint);
		return EX_USAGE;
	}
	if (o->term && (seen & (OPT_FROM | OPT_TO))) {
		msg(MSG_ERR, "%s: --term sets the period; leave out --from and --to", c->name);
		return EX_USAGE;
	}
	if (o->term && o->format && strcmp(o->format, "html") && strcmp(o->format, "json") &&
	    strcmp(o->format, "text")) {
		msg(MSG_ERR, "%s: --term writes html, json or text, not %s", c->name, o->format);
		return EX_USAGE;
	}
	if ((o->data) && o->format && strcmp(o->format, "text")) {
		msg(MSG_ERR, "%s: --data prints text only", c->name);
		return EX_USAGE;
	}
	return 0;
}

static int unknown_command(const char *name)
{
	const char *names[32];
	size_t n = 0;
	for (const struct command *c = commands; c->name && n + 1 < 32; c++)
		names[n++] = c->name;
	names[n] = NULL;
	const char *near = str_nearest(name, names);
	if (near)
		msg(MSG_ERR, "unknown command '%s'; did you mean '%s'?", name, near);
	else
		msg(MSG_ERR, "unknown command '%s' (fitsmon --help lists them)", name);
	return EX_USAGE;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	o.from = o.to = o.term_day = TS_NONE;
	o.lock = -1;
	const char *now_text = NULL, *v;
	msg_init("fitsmon");
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		int missing = 0;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			printf("fitsmon %s\n", FITSMON_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			o.verbose = 1;
		} else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			o.verbose = -1;
		} else if ((v = optval(argc, argv, &i, "-c", &missing)) ||
			   (v = optval(argc, argv, &i, "--config", &missing))) {
			o.conf = v;
		} else if ((v = optval(argc, argv, &i, "--now", &missing))) {
			now_text = v;
		} else if ((v = optval(argc, argv, &i, "--fail-on", &missing))) {
			if (!strcmp(v, "red"))
				o.fail_on = 1;
			else if (!strcmp(v, "amber"))
				o.fail_on = 2;
			else {
				msg(MSG_ERR, "--fail-on: '%s' is not red or amber", v);
				return EX_USAGE;
			}
		} else if (missing) {
			msg(MSG_ERR, "missing value for '%s'", argv[i]);
			return EX_USAGE;
		} else {
			return unknown_option(NULL, argv[i], global_options);
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	const struct command *cmd = commands;
	while (cmd->name && strcmp(cmd->name, argv[i]))
		cmd++;
	if (!cmd->name)
		return unknown_command(argv[i]);
	o.cmd = cmd->name;
	int cargc = argc - i - 1;
	char **cargv = argv + i + 1;
	for (int k = 0; k < cargc; k++) {
		if (!strcmp(cargv[k], "--"))
			break;
		if (!strcmp(cargv[k], "--help") || (!strcmp(cargv[k], "-h") && strcmp(cmd->name, "sql"))) {
			command_usage(stdout, cmd);
			return 0;
		}
	}
	/* usage errors first, before any config is read */
	int rc = 0;
	if ((cmd->needs & MAIN_ARGS) && (rc = parse_args(cmd, &o, cargc, cargv, &cargc)))
		return rc;
	if (now_text && timefmt_parse_iso8601(now_text, NULL, &o.now) < 0) {
		msg(MSG_ERR, "--now: '%s' is not a time (e.g. 2026-11-28T02:30:00Z)", now_text);
		return EX_USAGE;
	}
	if (o.from != TS_NONE && o.to != TS_NONE && o.to <= o.from) {
		msg(MSG_ERR, "%s: --to must be after --from", cmd->name);
		return EX_USAGE;
	}

	char *err = NULL;
	if (cmd->needs & NEEDS_CONFIG) {
		o.conf = find_config(o.conf);
		if (!o.conf)
			return EX_CONFIG;
		o.cfg = config_load(o.conf, &err);
		if (!o.cfg) {
			msg_lines(MSG_ERR, err);
			free(err);
			return EX_CONFIG;
		}
		if (o.verbose >= 0 && jit_refused(o.cfg))
			msg(MSG_WARN, "warning: PCRE2 JIT unavailable -- patterns run in "
			    "the slower interpreter");
	}
	/* now again, in the school's zone when it has no offset */
	if (now_text)
		timefmt_parse_iso8601(now_text, o.cfg ? o.cfg->tz : NULL, &o.now);
	else
		o.now = (int64_t)time(NULL);
	if (cmd->check && (rc = cmd->check(&o, cargc, cargv))) {
		config_free(o.cfg);
		return rc;
	}
	if (fetch_global_init(&err) < 0) {
		msg(MSG_ERR, "%s", err);
		free(err);
		config_free(o.cfg);
		return EX_SOFTWARE;
	}
	if (!(rc = commands_begin(&o, cmd->needs)))
		rc = commands_end(&o, cmd->fn(&o, cargc, cargv));
	fetch_global_cleanup();
	config_free(o.cfg);
	return rc;
}
