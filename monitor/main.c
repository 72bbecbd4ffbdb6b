/*
 * fitsmon — checks that a school's outsourced ICT support supplier does
 * what the school pays for.  This file is the command line only: global
 * options, the command table with each command's preconditions, and exit
 * codes.  The commands are in commands.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "fetch.h"
#include "init.h"
#include "pattern.h"
#include "timefmt.h"
#include "util.h"

#ifndef FITSMON_VERSION
#define FITSMON_VERSION "0"
#endif

enum { NEEDS_CONFIG = 1 };

struct command {
	const char *name;
	int (*fn)(struct opts *o, int argc, char **argv);
	unsigned needs;
	const char *args;
	const char *help;
};

static const struct command commands[] = {
	{ "run", cmd_run, NEEDS_CONFIG, "",
	  "fetch every feed, take in what is new, evaluate, record findings" },
	{ "fetch", cmd_fetch, NEEDS_CONFIG, "[FEED...]",
	  "fetch feeds into the spool only" },
	{ "ingest", cmd_ingest, NEEDS_CONFIG, "FEED FILE",
	  "take a local file into a feed (a manual upload)" },
	{ "report", cmd_report, NEEDS_CONFIG,
	  "[--from DATE] [--to DATE] [--format text|html|json|csv|email] [-o FILE]",
	  "the report for a period, from the store" },
	{ "query", cmd_query, NEEDS_CONFIG,
	  "breaches|activities|hours|feeds|findings|rejects [--from DATE] [--to DATE]\n"
	  "                  [--supplier S] [--format text|csv|json]",
	  "answer a question from the store" },
	{ "explain", cmd_explain, NEEDS_CONFIG, "TICKET",
	  "a ticket's clocks, interval by interval, with the reason" },
	{ "explain-row", cmd_explain_row, NEEDS_CONFIG, "'TEXT' [--code CODE]",
	  "which activities a work-log line counts for, and why" },
	{ "sql", cmd_sql, NEEDS_CONFIG, "'SELECT ...' [--format text|csv|json]",
	  "read-only SQL on the store" },
	{ "mail", cmd_mail, NEEDS_CONFIG, "--test",
	  "send a test message to the [mail] recipients" },
	{ "validate", cmd_validate, NEEDS_CONFIG, "[--format text|csv|json] | --data",
	  "check the config and catalog, print the ownership matrix\n"
	  "            (--data: read every feed, say what is not ready and the fix)" },
	{ "init", cmd_init, 0, "[--tickets FILE] [--events FILE] [--log FILE] [-o FILE]",
	  "write a first config from sample exports (guesses printed, to check)" },
	{ "presets", cmd_presets, 0, "",
	  "list the presets a [feed] can start from (preset = NAME)" },
	{ NULL, NULL, 0, NULL, NULL },
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

static void command_usage(FILE *f, const struct command *c)
{
	fprintf(f, "usage: fitsmon [-c FILE] [--now TIME] %s %s\n  %s\n", c->name, c->args, c->help);
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

static const char *default_config(void)
{
	if (access("fitsmon.conf", F_OK) == 0)
		return "fitsmon.conf";
	return "/etc/fitsmon/fitsmon.conf";
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	const char *now_text = NULL, *v;
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
				fprintf(stderr, "fitsmon: --fail-on: '%s' is not red or amber\n", v);
				return EX_USAGE;
			}
		} else {
			fprintf(stderr, "fitsmon: %s '%s'\n", missing ? "missing value for" :
				"unknown option", argv[i]);
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	const struct command *cmd = commands;
	while (cmd->name && strcmp(cmd->name, argv[i]))
		cmd++;
	if (!cmd->name) {
		fprintf(stderr, "fitsmon: unknown command '%s'\n", argv[i]);
		usage(stderr);
		return EX_USAGE;
	}
	int cargc = argc - i - 1;
	char **cargv = argv + i + 1;
	for (int k = 0; k < cargc; k++)
		if (!strcmp(cargv[k], "--help") || (!strcmp(cargv[k], "-h") && strcmp(cmd->name, "sql"))) {
			command_usage(stdout, cmd);
			return 0;
		}

	char *err = NULL;
	if (cmd->needs & NEEDS_CONFIG) {
		if (!o.conf)
			o.conf = default_config();
		o.cfg = config_load(o.conf, &err);
		if (!o.cfg) {
			fprintf(stderr, "%s\n", err);
			free(err);
			return EX_CONFIG;
		}
		if (o.verbose >= 0 && jit_refused(o.cfg))
			fprintf(stderr, "fitsmon: warning: PCRE2 JIT unavailable -- patterns run in "
				"the slower interpreter\n");
	}
	if (now_text) {
		if (timefmt_parse_iso8601(now_text, o.cfg ? o.cfg->tz : NULL, &o.now) < 0) {
			fprintf(stderr, "fitsmon: --now: '%s' is not a time (e.g. "
				"2026-11-28T02:30:00Z)\n", now_text);
			config_free(o.cfg);
			return EX_USAGE;
		}
	} else {
		o.now = (int64_t)time(NULL);
	}
	if (fetch_global_init(&err) < 0) {
		fprintf(stderr, "fitsmon: %s\n", err);
		free(err);
		config_free(o.cfg);
		return EX_SOFTWARE;
	}
	int rc = cmd->fn(&o, cargc, cargv);
	fetch_global_cleanup();
	config_free(o.cfg);
	return rc;
}
