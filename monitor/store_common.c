/*
 * store_common — the plumbing the store's files share: errors that note
 * damage, statements run whole, and rows' cells packed into one text.
 */
#include "store_common.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int store_sqlerr(struct store *st, char **err, const char *what)
{
	store_noted(st, sqlite3_extended_errcode(st->db));
	return errorf(err, "store: %s: %s", what, sqlite3_errmsg(st->db));
}

int store_exec(struct store *st, const char *sql, char **err)
{
	if (st->damaged && !strcmp(sql, "COMMIT")) {
		/* nothing worked out from a damaged file is kept */
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return errorf(err, "store: the file is damaged; nothing was written");
	}
	char *msg = NULL;
	if (store_noted(st, sqlite3_exec(st->db, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		errorf(err, "store: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int64_t store_one_int(struct store *st, const char *sql, int64_t arg, int64_t dflt)
{
	sqlite3_stmt *s;
	int64_t v = dflt;
	if (store_noted(st, sqlite3_prepare_v2(st->db, sql, -1, &s, NULL)) != SQLITE_OK)
		return dflt;
	if (sqlite3_bind_parameter_count(s))
		sqlite3_bind_int64(s, 1, arg);
	if (store_noted(st, sqlite3_step(s)) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

char *store_col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

/*
 * Cells as one text: fields separated by US (0x1f), an unmapped field as
 * RS (0x1e).  Control characters inside a cell are junk in a CSV export;
 * US and RS become spaces so they cannot break the packing, and so does a
 * cell that is one GS (0x1d), the mark of a field set aside.  Fields
 * in `aside` (a bit per field) that are mapped are written as GS (0x1d):
 * their text is in a column of their own (an activity row's code and
 * description), so it is not stored twice.  Fields after the first
 * FIELDS_PACKED_ALWAYS are left off the end while unmapped.
 */
_Static_assert(FIELDS_PACKED_ALWAYS <= FIELD_COUNT, "fields packed by schema 8");
void store_pack_cells(struct strbuf *sb, char *const *cell, unsigned aside)
{
	sb->len = 0;
	sb_add(sb, "", 0);
	/* a field added after schema 8 (fields.h) only when mapped: a store
	 * upgraded in place sees the same text for the same row */
	int nf = FIELD_COUNT;
	while (nf > FIELDS_PACKED_ALWAYS && !cell[nf - 1])
		nf--;
	for (int f = 0; f < nf; f++) {
		if (f)
			sb_putc(sb, '\x1f');
		if (!cell[f]) {
			sb_putc(sb, '\x1e');
			continue;
		}
		if (aside >> f & 1) {
			sb_putc(sb, '\x1d');
			continue;
		}
		const char *p = cell[f];
		if (p[0] == '\x1d' && !p[1]) {
			sb_putc(sb, ' ');
			continue;
		}
		size_t n = strcspn(p, "\x1e\x1f");
		sb_add(sb, p, n);
		for (p += n; *p; p++)
			sb_putc(sb, *p == '\x1f' || *p == '\x1e' ? ' ' : *p);
	}
}

/*
 * Inverse of store_pack_cells, in place: text (NUL-terminated, changed) is
 * cut into cells[] (NULL = unmapped); a field set aside takes aside_text[f].
 */
void store_unpack_cells(char *text, char *cells[FIELD_COUNT], char *const *aside_text)
{
	char *p = text ? text : (char *)"";
	int f = 0;
	for (; f < FIELD_COUNT; f++) {
		char *e = strchr(p, '\x1f');
		if (e)
			*e = '\0';
		if (p[0] == '\x1e' && !p[1])
			cells[f] = NULL;
		else if (p[0] == '\x1d' && !p[1])
			cells[f] = aside_text ? aside_text[f] : NULL;
		else
			cells[f] = p;
		if (!e)
			break;
		p = e + 1;
	}
	while (++f < FIELD_COUNT)
		cells[f] = NULL;
}
