/*
 * store_findings — the findings of each run (first seen, last seen,
 * cleared) and the mails that told of them.
 */
#include "store.h"
#include "store_common.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "util.h"

/* ---- mail ------------------------------------------------------------------ */

int64_t store_finding_mailed(struct store *st, const char *id)
{
	sqlite3_stmt *s;
	int64_t v = TS_NONE;
	if (sqlite3_prepare_v2(st->db, "SELECT mailed FROM findings WHERE id = ?", -1, &s, NULL) !=
	    SQLITE_OK)
		return TS_NONE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (store_noted(st, sqlite3_step(s)) == SQLITE_ROW)
		v = store_col_ts(s, 0);
	sqlite3_finalize(s);
	return v;
}

int64_t store_last_mail(struct store *st, const char *kind)
{
	sqlite3_stmt *s;
	int64_t v = TS_NONE;
	if (sqlite3_prepare_v2(st->db, "SELECT max(sent) FROM mails WHERE kind = ?", -1, &s,
			       NULL) != SQLITE_OK)
		return TS_NONE;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	if (store_noted(st, sqlite3_step(s)) == SQLITE_ROW)
		v = store_col_ts(s, 0);
	sqlite3_finalize(s);
	return v;
}

int store_mail_sent(struct store *st, const char *kind, const char *subject,
		    const char *recipients, const char *const *ids, size_t n, int64_t now, int64_t run,
		    char **err)
{
	if (st->damaged)
		return errorf(err, "store: the file is damaged; the mail was not recorded");
	if (store_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	sqlite3_stmt *ins = NULL, *mark = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO mails(kind, sent, subject, recipients, "
			       "findings, run) VALUES(?, ?, ?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "UPDATE findings SET mailed = ? WHERE id = ?", -1, &mark,
			       NULL) != SQLITE_OK)
		rc = store_sqlerr(st, err, "cannot record the mail");
	if (rc == 0) {
		sqlite3_bind_text(ins, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, now);
		store_bind_text(ins, 3, subject);
		store_bind_text(ins, 4, recipients);
		sqlite3_bind_int64(ins, 5, (sqlite3_int64)n);
		sqlite3_bind_int64(ins, 6, run);
		if (store_noted(st, sqlite3_step(ins)) != SQLITE_DONE)
			rc = store_sqlerr(st, err, "cannot record the mail");
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sqlite3_bind_int64(mark, 1, now);
		sqlite3_bind_text(mark, 2, ids[i], -1, SQLITE_STATIC);
		if (store_noted(st, sqlite3_step(mark)) != SQLITE_DONE)
			rc = store_sqlerr(st, err, "cannot record the mail");
		sqlite3_reset(mark);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(mark);
	if (rc == 0)
		rc = store_exec(st, "COMMIT", err);
	if (rc < 0)
		store_exec(st, "ROLLBACK", NULL);
	return rc;
}

size_t store_cleared_since(struct store *st, int64_t since)
{
	return (size_t)store_one_int(st, "SELECT count(*) FROM findings WHERE cleared IS NOT "
				     "NULL AND cleared > ?", since == TS_NONE ? INT64_MIN + 1 :
				     since, 0);
}

/* ---- findings ------------------------------------------------------------ */

int store_findings_sync(struct store *st, const struct finding_list *fl, int64_t now,
			int64_t run, size_t *new_red, char **err)
{
	if (st->damaged)
		return errorf(err, "store: the file is damaged; no finding was recorded");
	if (store_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	sqlite3_stmt *was = NULL, *put = NULL, *clear = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT cleared IS NULL FROM findings WHERE id = ?", -1,
			       &was, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db,
			       "INSERT INTO findings(id, kind, severity, supplier, subject, message,"
			       " question, first_seen, last_seen, cleared, run)"
			       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, NULL, ?9)"
			       " ON CONFLICT(id) DO UPDATE SET severity = ?3, message = ?6,"
			       " question = ?7, last_seen = ?8, run = ?9,"
			       " first_seen = CASE WHEN cleared IS NULL THEN first_seen ELSE ?8 END,"
			       " cleared = NULL", -1, &put, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "UPDATE findings SET cleared = ?1 WHERE cleared IS NULL"
			       " AND run IS NOT ?2", -1, &clear, NULL) != SQLITE_OK)
		rc = store_sqlerr(st, err, "cannot record findings");
	size_t fresh = 0;
	for (size_t i = 0; rc == 0 && i < fl->n; i++) {
		const struct finding *f = &fl->v[i];
		sqlite3_bind_text(was, 1, f->id, -1, SQLITE_STATIC);
		int wr = store_noted(st, sqlite3_step(was));
		int open_before = wr == SQLITE_ROW && sqlite3_column_int(was, 0);
		if (wr != SQLITE_ROW && wr != SQLITE_DONE)
			rc = store_sqlerr(st, err, "cannot read findings");
		sqlite3_reset(was);
		if (f->red && !open_before)
			fresh++;
		sqlite3_bind_text(put, 1, f->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(put, 2, finding_kind_name(f->kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(put, 3, f->red ? "red" : "amber", -1, SQLITE_STATIC);
		store_bind_text(put, 4, f->supplier);
		sqlite3_bind_text(put, 5, f->subject, -1, SQLITE_STATIC);
		store_bind_text(put, 6, f->message);
		store_bind_text(put, 7, f->question);
		sqlite3_bind_int64(put, 8, now);
		sqlite3_bind_int64(put, 9, run);
		if (store_noted(st, sqlite3_step(put)) != SQLITE_DONE)
			rc = store_sqlerr(st, err, "cannot record findings");
		sqlite3_reset(put);
	}
	if (rc == 0) {
		sqlite3_bind_int64(clear, 1, now);
		sqlite3_bind_int64(clear, 2, run);
		if (store_noted(st, sqlite3_step(clear)) != SQLITE_DONE)
			rc = store_sqlerr(st, err, "cannot record findings");
	}
	sqlite3_finalize(was);
	sqlite3_finalize(put);
	sqlite3_finalize(clear);
	if (rc == 0)
		rc = store_exec(st, "COMMIT", err);
	if (rc < 0)
		store_exec(st, "ROLLBACK", NULL);
	else if (new_red)
		*new_red = fresh;
	return rc;
}

/* ---- history: what a termly review pack carries over (term.h) ----------- */

int store_findings_seen_before(struct store *st, int64_t before, struct store_finding_rec **out,
			       size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT id, kind, severity, supplier, subject, message,"
			       " question, first_seen, last_seen, cleared FROM findings"
			       " WHERE first_seen < ? ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot read findings");
	sqlite3_bind_int64(s, 1, before);
	size_t cap = 0;
	int rc;
	while ((rc = store_noted(st, sqlite3_step(s))) == SQLITE_ROW) {
		VEC_GROW(*out, *n, cap, *n + 1);
		struct store_finding_rec *r = &(*out)[(*n)++];
		r->id = store_col_dup(s, 0);
		r->kind = store_col_dup(s, 1);
		r->severity = store_col_dup(s, 2);
		r->supplier = store_col_dup(s, 3);
		r->subject = store_col_dup(s, 4);
		r->message = store_col_dup(s, 5);
		r->question = store_col_dup(s, 6);
		r->first_seen = store_col_ts(s, 7);
		r->last_seen = store_col_ts(s, 8);
		r->cleared = store_col_ts(s, 9);
	}
	if (rc != SQLITE_DONE) {
		rc = store_sqlerr(st, err, "cannot read findings");
		sqlite3_finalize(s);
		store_finding_recs_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	sqlite3_finalize(s);
	return 0;
}

void store_finding_rec_clear(struct store_finding_rec *r)
{
	free(r->id);
	free(r->kind);
	free(r->severity);
	free(r->supplier);
	free(r->subject);
	free(r->message);
	free(r->question);
	memset(r, 0, sizeof(*r));
}

void store_finding_recs_free(struct store_finding_rec *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_finding_rec_clear(&v[i]);
	free(v);
}

int64_t store_first_run(struct store *st, const char *command)
{
	sqlite3_stmt *s;
	int64_t v = TS_NONE;
	if (sqlite3_prepare_v2(st->db, "SELECT min(now) FROM runs WHERE command = ?", -1, &s,
			       NULL) != SQLITE_OK)
		return TS_NONE;
	sqlite3_bind_text(s, 1, command, -1, SQLITE_STATIC);
	if (store_noted(st, sqlite3_step(s)) == SQLITE_ROW)
		v = store_col_ts(s, 0);
	sqlite3_finalize(s);
	return v;
}
