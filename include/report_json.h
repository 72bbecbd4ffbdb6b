#ifndef FITSMON_REPORT_JSON_H
#define FITSMON_REPORT_JSON_H
/*
 * report_json — the JSON report (report.h's "json" backend), with a hook
 * for what a report built on it adds: the termly review pack
 * (report_term.h) writes its term and open questions after the report's
 * own members, so every pinned field stays where it is.
 */
struct config;
struct dataset;
struct evaluation;
struct json;

/* The report as a new string; more(j, ctx), when not NULL, writes members
 * of its own into the top-level object after the report's last one. */
char *report_json_render(const struct config *cfg, const struct dataset *ds,
			 const struct evaluation *ev,
			 void (*more)(struct json *j, const void *ctx), const void *ctx);

#endif
