#ifndef FITSMON_COMMANDS_H
#define FITSMON_COMMANDS_H
/*
 * commands — the verbs of the command line.  main.c parses the global
 * options and, through its table, each command's options (struct opts:
 * --from, --to, --format and the others, checked before any config is
 * read), then meets the command's preconditions (enum cmd_needs: config,
 * lock, store) once, with commands_begin and commands_end, and calls it.
 * Each cmd_* gets its positional arguments, does the work through the
 * modules, prints, and returns the exit status (sysexits.h).
 */
#include <stdint.h>

struct config;
struct store;

/* A command's preconditions, met by main before it runs. */
enum cmd_needs {
	NEEDS_CONFIG = 1 << 0,   /* the config is loaded (o->cfg) */
	NEEDS_LOCK   = 1 << 1,   /* one at a time per store: STORE.lock held */
	STORE_RW     = 1 << 2,   /* the store open read-write and checked (o->st),
				    and a row in runs for this invocation (o->run) */
	STORE_RO     = 1 << 3,   /* the store open read-only when it exists (o->st,
				    NULL before the first run) */
	MAIN_ARGS    = 1 << 4,   /* main parses the options the table names; without
				    it the command gets its arguments as typed */
};

/* The options main parses for a command (struct command.options). */
enum cmd_option {
	OPT_FROM = 1 << 0, OPT_TO = 1 << 1, OPT_FORMAT = 1 << 2, OPT_OUT = 1 << 3,
	OPT_SUPPLIER = 1 << 4, OPT_CODE = 1 << 5, OPT_DATA = 1 << 6, OPT_TEST = 1 << 7,
	OPT_TIMEOUT = 1 << 8, OPT_TERM = 1 << 9,
};

struct opts {
	const char *conf;
	int64_t now;
	int fail_on;       /* 0 none, 1 red, 2 amber */
	int verbose;       /* -1 quiet, 0 normal, 1 verbose */
	struct config *cfg;
	/* the command's options, as main parsed them */
	int64_t from, to;  /* local dates (civil days); TS_NONE when not given */
	const char *format;   /* NULL when not given */
	const char *out;      /* -o */
	const char *supplier, *code;
	int data, test;
	int timeout;          /* --timeout, seconds; 0 when not given */
	int term;             /* report --term [DATE]: the termly review pack */
	int64_t term_day;     /* its DATE (local date); TS_NONE: the last complete term */
	/* what main opened for the command (enum cmd_needs) */
	const char *cmd;
	int lock;          /* -1 none */
	struct store *st;
	int64_t run;       /* runs.id, STORE_RW */
};

/* Take the lock and open the store as needs says; 0, or an exit status
 * after printing why.  commands_end closes what it opened, ends the run
 * with the command's status, and returns that status (EX_IOERR when the
 * store was found damaged on the way). */
int commands_begin(struct opts *o, unsigned needs);
int commands_end(struct opts *o, int rc);

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

/* Checks of a command's arguments that need the config, before any lock
 * or store (a feed's name): 0, or EX_USAGE after a message. */
int cmd_fetch_check(struct opts *o, int argc, char **argv);
int cmd_ingest_check(struct opts *o, int argc, char **argv);

#endif
