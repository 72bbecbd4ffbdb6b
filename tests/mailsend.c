/*
 * mailsend — a test driver for tests/it_mail.sh: load a fitsmon config,
 * build one message from files with mail_build and deliver it with
 * mail_send, exiting as fitsmon does (0 sent, 64 usage, 74 cannot read
 * a body file, 75 the send failed, 78 config error).  Not installed.
 *
 *   mailsend [--print] [--seed S] [--now SECONDS] CONFIG SUBJECT TEXT [HTML|-] [FROM-NAME]
 *
 * --print writes the built message to standard output instead of
 * sending it.  Built by `make build/tests/mailsend` with the Makefile's
 * own flags.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "config.h"
#include "mail.h"
#include "util.h"

static int usage(void)
{
	fputs("usage: mailsend [--print] [--seed S] [--now SECONDS] CONFIG SUBJECT TEXT "
	      "[HTML|-] [FROM-NAME]\n", stderr);
	return 64;
}

int main(int argc, char **argv)
{
	int print = 0, i = 1;
	const char *seed = NULL;
	int64_t now = (int64_t)time(NULL);
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (!strcmp(argv[i], "--print"))
			print = 1;
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = argv[++i];
		else if (!strcmp(argv[i], "--now") && i + 1 < argc)
			now = strtoll(argv[++i], NULL, 10);
		else
			return usage();
	}
	if (argc - i < 3 || argc - i > 5)
		return usage();
	const char *conf = argv[i], *subject = argv[i + 1], *text_file = argv[i + 2];
	const char *html_file = argc - i > 3 && strcmp(argv[i + 3], "-") ? argv[i + 3] : NULL;
	const char *from_name = argc - i > 4 ? argv[i + 4] : NULL;

	char *err = NULL;
	struct config *cfg = config_load(conf, &err);
	if (!cfg) {
		fprintf(stderr, "mailsend: %s\n", err);
		free(err);
		return 78;
	}
	if (!cfg->mail.enabled || mail_check_conf(&cfg->mail, &err) < 0) {
		fprintf(stderr, "mailsend: %s\n", err ? err : "no [mail] section");
		free(err);
		config_free(cfg);
		return 78;
	}
	char *text = NULL, *html = NULL;
	size_t len;
	if (read_file(text_file, &text, &len, &err) < 0 ||
	    (html_file && read_file(html_file, &html, &len, &err) < 0)) {
		fprintf(stderr, "mailsend: %s\n", err);
		free(err);
		free(text);
		config_free(cfg);
		return 74;
	}
	struct mail_message msg = { subject, text, html };
	char *raw = mail_build(&cfg->mail, from_name, &msg, now, seed);
	int rc = 0;
	if (print) {
		fputs(raw, stdout);
	} else {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		if (mail_send(&cfg->mail, raw, &err) < 0) {
			fprintf(stderr, "mailsend: %s\n", err);
			free(err);
			rc = 75;
		}
		curl_global_cleanup();
	}
	free(raw);
	free(text);
	free(html);
	config_free(cfg);
	return rc;
}
