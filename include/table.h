#ifndef FITSMON_TABLE_H
#define FITSMON_TABLE_H
/*
 * table — rows of text cells written as an aligned text table, CSV or
 * JSON, for `query` and `sql`.  CSV follows RFC 4180 with a header row,
 * UTF-8, and cells that a spreadsheet would run as a formula (starting
 * with = + - @, tab or CR) neutralised with a leading apostrophe.  In
 * JSON a cell marked numeric is written as a number.
 */
#include <stddef.h>

#include "util.h"

struct table {
	size_t ncols;
	char **head;
	int *numeric;      /* per column */
	char **cell;       /* nrows * ncols, NULL = empty / null */
	size_t nrows, cap;
};

enum table_format { TABLE_TEXT, TABLE_CSV, TABLE_JSON };

/* -1 for an unknown name. */
int table_format_parse(const char *s);

void table_init(struct table *t, size_t ncols, const char *const *head);
/* Mark column i as numeric (JSON numbers, right-aligned text). */
void table_numeric(struct table *t, size_t i);
/* Append a row of ncols cells (copied; NULL allowed). */
void table_add(struct table *t, const char *const *cells);
void table_render(const struct table *t, enum table_format f, struct strbuf *out);
void table_release(struct table *t);

/* One CSV cell, quoted when needed and neutralised against formulas. */
void table_csv_cell(struct strbuf *sb, const char *s);

#endif
