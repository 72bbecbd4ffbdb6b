#ifndef FITSMON_REPORT_H
#define FITSMON_REPORT_H
/*
 * report — an evaluation written out for people (text) or programs
 * (JSON, field names pinned by DESIGN.md).  Each format is a backend in
 * its own file (report_text.c, report_json.c, report_csv.c, report_html.c,
 * report_email.c) behind this interface.
 */
#include <stddef.h>

struct config;
struct dataset;
struct evaluation;

struct report_backend {
	const char *name;
	/* The whole report as a new string. */
	char *(*render)(const struct config *cfg, const struct dataset *ds,
			const struct evaluation *ev);
};

extern const struct report_backend report_text;
extern const struct report_backend report_json;
extern const struct report_backend report_csv;
extern const struct report_backend report_email;
extern const struct report_backend report_html;

/* The backend called name, or NULL. */
const struct report_backend *report_find(const char *name);

#endif
