/*
 * Config reader: every error names file:line and what is wrong; unknown
 * names get the nearest valid one; comments and values follow DESIGN.md's
 * "Config text" rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "civil.h"
#include "config.h"
#include "ini.h"
#include "pattern.h"
#include "timefmt.h"
#include "util.h"

#include "testutil.h"

static char dir[64];

/* Write text to DIR/fitsmon.conf and load it; returns the config or NULL
 * with *err. */
static struct config *load(const char *text, char **err)
{
	char *path = xasprintf("%s/fitsmon.conf", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	struct config *c = config_load(path, err);
	free(path);
	return c;
}

static void expect_error(const char *text, const char *want)
{
	char *err = NULL;
	struct config *c = load(text, &err);
	ck_assert_msg(c == NULL, "accepted: %s", text);
	/* %DIR% in want: the config's path, for the second and later lines */
	char *path = xasprintf("%s/fitsmon.conf", dir);
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s:", path);
	for (const char *p = want; *p;) {
		if (!strncmp(p, "%DIR%", 5)) {
			sb_puts(&sb, path);
			p += 5;
		} else {
			sb_putc(&sb, *p++);
		}
	}
	free(path);
	char *full = sb_detach(&sb);
	ck_assert_msg(!strcmp(err, full), "got '%s', expected '%s'", err, full);
	free(full);
	free(err);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/fitsmon-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *path = xasprintf("%s/fitsmon.conf", dir);
	unlink(path);
	free(path);
	rmdir(dir);
}

#define BASE "[school]\nname = X\n[supplier \"acme\"]\n"

START_TEST(syntax_errors)
{
	expect_error(BASE "respond 1h\n", "4: expected 'key = value' after 'respond'");
	expect_error(BASE "[sla \"x\"\n", "4: section header must end with ']'");
	expect_error("name = X\n", "1: 'name' is outside any [section]");
	expect_error(BASE "[supplier \"acme\"]\n", "4: section [supplier \"acme\"] repeated "
		     "(first at line 3)");
	expect_error(BASE "[sal \"x\"]\n", "4: unknown section [sal]; did you mean [sla]?");
	expect_error(BASE "[sla \"x\"]\nrespnd = 1h\nresolve = 1h\n",
		     "5: unknown key 'respnd' in [sla]; did you mean 'respond'?");
	expect_error(BASE "[sla \"x\"]\nrespond = 1h\nresolve = 4 hours\n",
		     "6: resolve: bad duration '4 hours' (use h and m, e.g. 1h30m)");
	expect_error(BASE "[sla \"x\"]\nrespond = 1d\nresolve = 4h\n",
		     "5: respond: bad duration '1d' (use h and m, e.g. 1h30m)");
	expect_error(BASE "[sla \"x\"]\nsupplier = acem\nrespond = 1h\nresolve = 1h\n",
		     "5: no [supplier \"acem\"]; did you mean 'acme'?");
	expect_error(BASE "[sla \"x\"]\nwhen = priorty ~ P1\nrespond = 1h\nresolve = 1h\n",
		     "5: when: 'priorty' is not a ticket field; did you mean 'priority'?");
	expect_error(BASE "[sla \"x\"]\nwhen = priority ~ (P1\nrespond = 1h\nresolve = 1h\n",
		     "5: when: bad pattern at offset 3: missing closing parenthesis");
	expect_error(BASE "[sla \"x\"]\ntarget = 95\nrespond = 1h\nresolve = 1h\n",
		     "5: target: bad percentage '95' (use e.g. 95%)");
	expect_error(BASE "[feed \"f\"]\nkind = tickets\nurl = x.csv\ncolumn.id = Ref\n"
		     "column.opend = Logged\n",
		     "8: unknown column field 'opend'; did you mean 'column.opened'?");
	expect_error(BASE "[feed \"f\"]\nkind = tickets\nurl = x.csv\ncolumn.id = Ref\n",
		     "4: [feed \"f\"] (kind = tickets) needs column.opened = ...");
	expect_error(BASE "[feed \"f\"]\nkind = ticket\nurl = x.csv\n",
		     "5: kind: 'ticket' is not tickets, ticket-events or activities");
	expect_error(BASE "[feed \"f\"]\nkind = tickets\nurl = ftp://x/y.csv\ncolumn.id = Ref\n"
		     "column.opened = Logged\n",
		     "6: url: only http://, https:// and file:// are allowed");
	expect_error(BASE "[calendar \"c\"]\nhours = Mon-Fri 8:00-17:00\n",
		     "5: bad time range '8:00-17:00' in hours (use HH:MM-HH:MM)");
	expect_error(BASE "[calendar \"c\"]\nterms = 2026-09-03..2026-13-01\n",
		     "5: bad term '2026-09-03..2026-13-01' (use YYYY-MM-DD or "
		     "YYYY-MM-DD..YYYY-MM-DD)");
	expect_error(BASE "onsite = 8 hours\n",
		     "4: onsite: '8 hours' is not hours a week, e.g. 8h/week or 7h30m/week");
	expect_error("[school]\ntimezone = Europe/Londn\n",
		     "2: timezone: unknown time zone 'Europe/Londn'");
	expect_error(BASE "[activity \"a\"]\nevery = fortnight\nevidence = x\n",
		     "5: every: 'fortnight' is not one of day, school-day, week, school-week, "
		     "month, term, year");
	expect_error(BASE "[activity \"a\"]\nsupplier = acme\nevidence = x\n",
		     "4: [activity \"a\"] needs every = (day, school-day, week, school-week, "
		     "month, term or year)");
	expect_error(BASE "[calendar \"c\"]\n[activity \"a\"]\nsupplier = acme\nevery = term\n"
		     "evidence = x\ncalendar = c\n",
		     "5: activity 'a' is done every term, but calendar 'c' has no terms");
}
END_TEST

/* Every error of a config in one pass, a line each, in file order. */
START_TEST(all_errors_at_once)
{
	expect_error(BASE "[sal \"x\"]\n"
		     "[sla \"y\"]\nrespond = 1h\nresolve = 4 hours\n"
		     "[feed \"f\"]\nkind = ticket\nurl = x.csv\n",
		     "4: unknown section [sal]; did you mean [sla]?\n"
		     "%DIR%:7: resolve: bad duration '4 hours' (use h and m, e.g. 1h30m)\n"
		     "%DIR%:9: kind: 'ticket' is not tickets, ticket-events or activities");
	/* a misspelt key is one error, not also the "needs" it causes */
	expect_error(BASE "[sla \"x\"]\nrespnd = 1h\nresolve = 1h\n"
		     "[feed \"f\"]\nkind = tickets\nurl = x.csv\ncolumn.id = Ref\n"
		     "column.opend = Logged\n",
		     "5: unknown key 'respnd' in [sla]; did you mean 'respond'?\n"
		     "%DIR%:11: unknown column field 'opend'; did you mean 'column.opened'?");
	/* every key of one [feed] */
	expect_error(BASE "[feed \"f\"]\nkind = tickets\nurl = ftp://x/y.csv\ncolumn.id = Ref\n"
		     "stale_after = soon\nmax_rejected = 3\n",
		     "4: [feed \"f\"] (kind = tickets) needs column.opened = ...\n"
		     "%DIR%:6: url: only http://, https:// and file:// are allowed\n"
		     "%DIR%:8: stale_after: bad duration 'soon' (use d, h and m, e.g. 1d or 2h30m)\n"
		     "%DIR%:9: max_rejected: '3' is not a percentage from 0% to 100% (e.g. 2%)");
	/* every key of one [sla] */
	expect_error(BASE "[sla \"y\"]\nwhen = priorty ~ P1\nrespond = 1 hour\ntarget = 95\n",
		     "4: [sla \"y\"] needs resolve = (e.g. 4h)\n"
		     "%DIR%:5: when: 'priorty' is not a ticket field; did you mean 'priority'?\n"
		     "%DIR%:6: respond: bad duration '1 hour' (use h and m, e.g. 1h30m)\n"
		     "%DIR%:7: target: bad percentage '95' (use e.g. 95%)");
	/* sections after a bad supplier are still read */
	expect_error("[school]\nname = X\n[supplier \"school\"]\n[supplier \"acme\"]\n"
		     "onsite = 8 hours\n[activity \"a\"]\nsupplier = acme\nevidence = x\n",
		     "3: 'school' names the school itself and cannot be a [supplier]; give the "
		     "supplier another name\n"
		     "%DIR%:5: onsite: '8 hours' is not hours a week, e.g. 8h/week or 7h30m/week\n"
		     "%DIR%:6: [activity \"a\"] needs every = (day, school-day, week, school-week, "
		     "month, term or year)");
}
END_TEST

/* [feed] max_rejected: a percentage, 2% when not set. */
START_TEST(max_rejected)
{
	char *err = NULL;
	struct config *c = load(BASE "[feed \"f\"]\nkind = activities\nurl = x.csv\n"
				"column.at = When\n[feed \"g\"]\nkind = activities\nurl = y.csv\n"
				"column.at = When\nmax_rejected = 12.5%\n", &err);
	ck_assert_msg(c != NULL, "%s", err);
	ck_assert(c->feed[0].max_rejected > 0.0199 && c->feed[0].max_rejected < 0.0201);
	ck_assert(c->feed[1].max_rejected > 0.1249 && c->feed[1].max_rejected < 0.1251);
	config_free(c);
	c = load(BASE "[feed \"f\"]\nkind = activities\nurl = x.csv\ncolumn.at = When\n"
		 "max_rejected = 0%\n", &err);
	ck_assert_msg(c != NULL, "%s", err);
	ck_assert(c->feed[0].max_rejected == 0.0);
	config_free(c);
	expect_error(BASE "[feed \"f\"]\nkind = activities\nurl = x.csv\ncolumn.at = When\n"
		     "max_rejected = 150%\n",
		     "8: max_rejected: '150%' is not a percentage from 0% to 100% (e.g. 2%)");
	expect_error(BASE "[feed \"f\"]\nkind = activities\nurl = x.csv\ncolumn.at = When\n"
		     "max_rejected = 0.5\n",
		     "8: max_rejected: '0.5' is not a percentage from 0% to 100% (e.g. 2%)");
	expect_error(BASE "[feed \"f\"]\nkind = activities\nurl = x.csv\ncolumn.at = When\n"
		     "max_rejekted = 5%\n",
		     "8: unknown key 'max_rejekted' in [feed]; did you mean 'max_rejected'?");
}
END_TEST

/* Comments, case, literal values, repeated keys, relative paths. */
START_TEST(text_rules)
{
	char *err = NULL;
	struct config *c = load(
		"; comment\n"
		"# another\n"
		"[SCHOOL]\n"
		"  Name = Oak ; Primary   \n"
		"contact = a;b@example.org\n"
		"[supplier \"Acme\"]\n"
		"onsite = 7.5h/week\n"
		"[calendar \"c\"]\n"
		"hours = Mon 09:00-10:00\n"
		"hours = Tue 09:00-10:00\n"
		"[feed \"f\"]\n"
		"supplier = Acme\n"
		"kind = activities\n"
		"url = logs/x.csv\n"
		"column.at = When ; a comment\n"
		"[sla \"s\"]\n"
		"when = summary ~ \\bserver\\b\n"
		"respond = 1h30m\n"
		"resolve = 45m\n", &err);
	ck_assert_msg(c != NULL, "%s", err);
	ck_assert_str_eq(c->school, "Oak");
	ck_assert_str_eq(c->contact, "a;b@example.org");   /* no blank before ';' */
	ck_assert_str_eq(c->sup[0].id, "Acme");             /* subsections keep case */
	ck_assert_int_eq(c->sup[0].onsite_s, 27000);
	char *want = xasprintf("%s/logs/x.csv", dir);
	ck_assert_str_eq(c->feed[0].path, want);
	free(want);
	ck_assert_str_eq(c->feed[0].column[FIELD_AT], "When");
	ck_assert_str_eq(pattern_source(c->sla[0].when), "\\bserver\\b");
	ck_assert_int_eq(c->sla[0].respond, 5400);
	ck_assert_int_eq(c->sla[0].resolve, 2700);
	ck_assert_int_eq(c->sla[0].target_ppm, 1000000);    /* defaults */
	ck_assert_int_eq(c->sla[0].warn_ppm, 250000);
	/* the later `hours` replaced the earlier: Monday is closed */
	ck_assert_int_eq(cal_is_open_date(c->cal[1], civil_days(2026, 11, 23)), 0);  /* Mon */
	ck_assert_int_eq(cal_is_open_date(c->cal[1], civil_days(2026, 11, 24)), 1);  /* Tue */
	config_free(c);
}
END_TEST

/* The ini layer keeps long lines whole (libinih would split them). */
START_TEST(long_lines)
{
	struct strbuf sb = STRBUF_INIT;
	sb_puts(&sb, "[x]\nk = ");
	for (int i = 0; i < 5000; i++)
		sb_putc(&sb, 'a' + i % 26);
	sb_puts(&sb, "\n");
	char *err = NULL;
	struct ini *ini = ini_parse_text("t.conf", sb.buf, sb.len, &err);
	ck_assert_ptr_nonnull(ini);
	ck_assert_int_eq(strlen(ini->s[0].e[0].value), 5000);
	ini_free(ini);
	sb_release(&sb);
	ck_assert_ptr_null(ini_parse_text("t.conf", "[x]\nk = a\0b\n", 11, &err));
	ck_assert_str_eq(err, "t.conf:2: line contains a NUL byte");
	free(err);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, syntax_errors);
	tcase_add_test(tc, all_errors_at_once);
	tcase_add_test(tc, max_rejected);
	tcase_add_test(tc, text_rules);
	tcase_add_test(tc, long_lines);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
