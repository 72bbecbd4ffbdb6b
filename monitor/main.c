/*
 * fitsmon — checks that a school's outsourced ICT support supplier does
 * what the school pays for.  This file is the command line only: options,
 * the command table, exit codes.  The work is in the modules.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "explain.h"
#include "ingest.h"
#include "matrix.h"
#include "pattern.h"
#include "report.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#ifndef FITSMON_VERSION
#define FITSMON_VERSION "0"
#endif

struct opts {
	const char *conf;
	int64_t now;
	int have_now;
	int fail_on;       /* 0 none, 1 red, 2 amber */
	int verbose;       /* -1 quiet, 0 normal, 1 verbose */
	struct config *cfg;
	struct dataset *ds;
};

enum { NEEDS_CONFIG = 1, NEEDS_DATA = 2 };

struct command {
	const char *name;
	int (*fn)(struct opts *o, int argc, char **argv);
	unsigned needs;
	const char *args;
	const char *help;
};

static int cmd_report(struct opts *o, int argc, char **argv);
static int cmd_validate(struct opts *o, int argc, char **argv);
static int cmd_explain(struct opts *o, int argc, char **argv);

static const struct command commands[] = {
	{ "report", cmd_report, NEEDS_CONFIG | NEEDS_DATA,
	  "[--from DATE] [--to DATE] [--format text|json] [-o FILE]",
	  "evaluate the feeds and write the report for a period" },
	{ "validate", cmd_validate, NEEDS_CONFIG, "",
	  "check the config and catalog, print the ownership matrix" },
	{ "explain", cmd_explain, NEEDS_CONFIG | NEEDS_DATA, "TICKET",
	  "show a ticket's clocks interval by interval" },
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
		fprintf(f, "  %-9s %-s\n            %s\n", c->name, c->args, c->help);
	fputs("\noptions:\n"
	      "  -c FILE            config file (default ./fitsmon.conf, then /etc/fitsmon/fitsmon.conf)\n"
	      "  --now TIME         take TIME (ISO 8601) as the current time, to replay a past night\n"
	      "  --fail-on red|amber  exit 1 when there are findings this serious or worse\n"
	      "  -v, -q             more or less logging on stderr\n"
	      "  -h, --help         this help; fitsmon COMMAND --help for one command\n"
	      "  -V, --version      print the version\n"
	      "\nexit status: 0 done (findings are not failures), 1 findings with --fail-on,\n"
	      "64 usage, 65 bad input data, 69 a feed unreachable with no good copy, 74 I/O,\n"
	      "78 config error.  See fitsmon(1).\n", f);
}

static void command_usage(FILE *f, const struct command *c)
{
	fprintf(f, "usage: fitsmon [-c FILE] [--now TIME] %s %s\n  %s\n", c->name, c->args, c->help);
}

/* "--opt VALUE" or "--opt=VALUE"; advances *i. NULL when argv[*i] is not opt. */
static const char *optval(int argc, char **argv, int *i, const char *opt, int *missing)
{
	size_t n = strlen(opt);
	if (strncmp(argv[*i], opt, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int parse_day(const char *s, int64_t *day)
{
	return civil_parse_date(s, strlen(s), day);
}

/* Read every feed; the exit status when something stops the command. */
static int load_data(struct opts *o)
{
	const struct config *cfg = o->cfg;
	o->ds = dataset_new(cfg, o->now);
	struct feedsink sink = dataset_sink(o->ds);
	int rc = 0;
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feed *f = &cfg->feed[i];
		if (!f->path) {
			fprintf(stderr, "fitsmon: %s: cannot read '%s': fetching over HTTP is not "
				"available in this version; point url at a local file\n", f->id, f->url);
			o->ds->fs[i].failed = 1;
			rc = rc ? rc : EX_UNAVAILABLE;
			continue;
		}
		char *err = NULL;
		if (access(f->path, R_OK) != 0) {
			fprintf(stderr, "fitsmon: %s: cannot open '%s': %s (no good copy)\n", f->id,
				f->path, strerror(errno));
			o->ds->fs[i].failed = 1;
			rc = rc ? rc : EX_UNAVAILABLE;
			continue;
		}
		struct ingest_stats st;
		struct stat sb;
		if (stat(f->path, &sb) == 0)
			o->ds->fs[i].last_success = (int64_t)sb.st_mtime;
		if (ingest_file(cfg, (int)i, f->path, &sink, &st, &err) < 0) {
			fprintf(stderr, "fitsmon: %s\n", err);
			free(err);
			o->ds->fs[i].failed = 1;
			rc = rc ? rc : EX_DATAERR;
			continue;
		}
		o->ds->fs[i].records = st.records;
		if (o->verbose > 0)
			fprintf(stderr, "fitsmon: %s: %zu rows, %zu taken, %zu skipped, %zu after now\n",
				f->id, o->ds->fs[i].records, o->ds->fs[i].accepted,
				o->ds->fs[i].rejected, o->ds->fs[i].future);
	}
	dataset_finish(o->ds);
	/* every skipped row is reported: all with -v, else the first few */
	size_t limit = o->verbose > 0 ? (size_t)-1 : o->verbose < 0 ? 0 : 10;
	for (size_t i = 0; i < o->ds->nr && i < limit; i++)
		fprintf(stderr, "%s:%zu: %s\n", cfg->feed[o->ds->r[i].feed].id, o->ds->r[i].row,
			o->ds->r[i].reason);
	if (o->ds->nr > limit && o->verbose >= 0)
		fprintf(stderr, "fitsmon: %zu more rows skipped (all are listed in the JSON report; "
			"-v lists them here)\n", o->ds->nr - limit);
	return rc;
}

static void warn_patterns(const struct opts *o, const struct evaluation *ev)
{
	const struct config *cfg = o->cfg;
	if (o->verbose < 0)
		return;
	for (size_t i = 0; i < cfg->nsla; i++)
		if (cfg->sla[i].when && pattern_limit_hits(cfg->sla[i].when))
			fprintf(stderr, "fitsmon: sla '%s': pattern too costly on %lu cells; they "
				"were taken as not matching -- simplify 'when'\n", cfg->sla[i].id,
				pattern_limit_hits(cfg->sla[i].when));
	for (size_t i = 0; i < cfg->nact; i++)
		if (cfg->act[i].evidence && pattern_limit_hits(cfg->act[i].evidence))
			fprintf(stderr, "fitsmon: activity '%s': evidence pattern too costly on %lu "
				"rows; they were taken as not matching -- simplify 'evidence'\n",
				cfg->act[i].id, pattern_limit_hits(cfg->act[i].evidence));
	(void)ev;
}

/* Write data to path atomically (temporary file, then rename). */
static int write_out(const char *path, const char *data)
{
	if (!path || !strcmp(path, "-")) {
		if (fputs(data, stdout) == EOF || fflush(stdout) == EOF) {
			fprintf(stderr, "fitsmon: cannot write the report: %s\n", strerror(errno));
			return EX_IOERR;
		}
		return 0;
	}
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	int ok = f && fputs(data, f) != EOF && fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "fitsmon: cannot write '%s': %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return EX_IOERR;
	}
	free(tmp);
	return 0;
}

static int fail_status(const struct opts *o, const struct evaluation *ev)
{
	if (o->fail_on == 1 && ev->red)
		return 1;
	if (o->fail_on == 2 && (ev->red || ev->amber))
		return 1;
	return 0;
}

static int cmd_report(struct opts *o, int argc, char **argv)
{
	int64_t from = TS_NONE, to = TS_NONE;
	const char *format = "text", *out = NULL, *v;
	for (int i = 0; i < argc; i++) {
		int missing = 0;
		if ((v = optval(argc, argv, &i, "--from", &missing))) {
			if (parse_day(v, &from)) {
				fprintf(stderr, "fitsmon: --from: '%s' is not a date (YYYY-MM-DD)\n", v);
				return EX_USAGE;
			}
		} else if ((v = optval(argc, argv, &i, "--to", &missing))) {
			if (parse_day(v, &to)) {
				fprintf(stderr, "fitsmon: --to: '%s' is not a date (YYYY-MM-DD)\n", v);
				return EX_USAGE;
			}
		} else if ((v = optval(argc, argv, &i, "--format", &missing))) {
			format = v;
		} else if ((v = optval(argc, argv, &i, "-o", &missing))) {
			out = v;
		} else {
			fprintf(stderr, "fitsmon: report: %s '%s'\n",
				missing ? "missing value for" : "unknown argument", argv[i]);
			return EX_USAGE;
		}
	}
	const struct report_backend *rb = report_find(format);
	if (!rb) {
		fprintf(stderr, "fitsmon: report: unknown format '%s' (use text or json)\n", format);
		return EX_USAGE;
	}
	evaluate_window(o->cfg, o->now, &from, &to);
	if (to <= from) {
		fprintf(stderr, "fitsmon: report: --to must be after --from\n");
		return EX_USAGE;
	}
	struct evaluation *ev = evaluate(o->cfg, o->ds, o->now, from, to);
	warn_patterns(o, ev);
	char *text = rb->render(o->cfg, o->ds, ev);
	int rc = write_out(out, text);
	free(text);
	if (!rc)
		rc = fail_status(o, ev);
	evaluation_free(ev);
	return rc;
}

static int cmd_validate(struct opts *o, int argc, char **argv)
{
	if (argc) {
		fprintf(stderr, "fitsmon: validate: unknown argument '%s'\n", argv[0]);
		return EX_USAGE;
	}
	char *text = matrix_text(o->cfg);
	int rc = write_out(NULL, text);
	free(text);
	return rc;
}

static int cmd_explain(struct opts *o, int argc, char **argv)
{
	if (argc != 1) {
		fprintf(stderr, "fitsmon: explain: give one ticket id\n");
		return EX_USAGE;
	}
	char *err = NULL;
	char *text = explain_ticket(o->cfg, o->ds, argv[0], o->now, &err);
	if (!text) {
		fprintf(stderr, "fitsmon: explain: %s\n", err);
		free(err);
		return EX_DATAERR;
	}
	int rc = write_out(NULL, text);
	free(text);
	return rc;
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
		if (!strcmp(cargv[k], "--help") || !strcmp(cargv[k], "-h")) {
			command_usage(stdout, cmd);
			return 0;
		}

	int rc = 0;
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
		if (o.verbose >= 0)
			for (size_t k = 0; k < o.cfg->nsla; k++)
				if (o.cfg->sla[k].when && pattern_jit_refused(o.cfg->sla[k].when)) {
					fprintf(stderr, "fitsmon: warning: PCRE2 JIT unavailable; "
						"patterns run in the slower interpreter\n");
					break;
				}
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
	if (cmd->needs & NEEDS_DATA)
		rc = load_data(&o);
	if (!rc)
		rc = cmd->fn(&o, cargc, cargv);
	dataset_free(o.ds);
	config_free(o.cfg);
	return rc;
}
