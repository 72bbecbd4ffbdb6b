#ifndef FITSMON_COMMANDS_H
#define FITSMON_COMMANDS_H
/*
 * commands — the verbs of the command line.  main.c parses the global
 * options and dispatches through its table; each cmd_* parses its own
 * arguments, does the work through the modules, prints, and returns the
 * exit status (sysexits.h).
 */
#include <stdint.h>

struct config;

struct opts {
	const char *conf;
	int64_t now;
	int fail_on;       /* 0 none, 1 red, 2 amber */
	int verbose;       /* -1 quiet, 0 normal, 1 verbose */
	struct config *cfg;
};

int cmd_run(struct opts *o, int argc, char **argv);
int cmd_fetch(struct opts *o, int argc, char **argv);
int cmd_ingest(struct opts *o, int argc, char **argv);
int cmd_report(struct opts *o, int argc, char **argv);
int cmd_query(struct opts *o, int argc, char **argv);
int cmd_explain(struct opts *o, int argc, char **argv);
int cmd_explain_row(struct opts *o, int argc, char **argv);
int cmd_sql(struct opts *o, int argc, char **argv);
int cmd_mail(struct opts *o, int argc, char **argv);
int cmd_validate(struct opts *o, int argc, char **argv);

#endif
