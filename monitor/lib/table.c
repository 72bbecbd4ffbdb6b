/* table — text, CSV and JSON rendering of rows. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

int table_format_parse(const char *s)
{
	if (!strcmp(s, "text"))
		return TABLE_TEXT;
	if (!strcmp(s, "csv"))
		return TABLE_CSV;
	if (!strcmp(s, "json"))
		return TABLE_JSON;
	return -1;
}

void table_init(struct table *t, size_t ncols, const char *const *head)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(char *));
	t->numeric = xcalloc(ncols, sizeof(int));
	for (size_t i = 0; i < ncols; i++)
		t->head[i] = xstrdup(head[i]);
}

void table_numeric(struct table *t, size_t i)
{
	t->numeric[i] = 1;
}

void table_add(struct table *t, const char *const *cells)
{
	size_t need = (t->nrows + 1) * t->ncols;
	VEC_GROW(t->cell, t->nrows * t->ncols, t->cap, need);
	for (size_t i = 0; i < t->ncols; i++)
		t->cell[t->nrows * t->ncols + i] = cells[i] ? xstrdup(cells[i]) : NULL;
	t->nrows++;
}

void table_release(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cell[i]);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->head[i]);
	free(t->cell);
	free(t->head);
	free(t->numeric);
	memset(t, 0, sizeof(*t));
}

void table_csv_cell(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	/* a cell a spreadsheet would evaluate is written as text */
	int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
		      s[0] == '\t' || s[0] == '\r';
	int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		sb_putc(sb, '"');
	if (formula)
		sb_putc(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sb_putc(sb, '"');
		sb_putc(sb, *p);
	}
	if (quote)
		sb_putc(sb, '"');
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; s && *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void pad(struct strbuf *sb, size_t n)
{
	while (n--)
		sb_putc(sb, ' ');
}

void table_render(const struct table *t, enum table_format f, struct strbuf *out)
{
	if (f == TABLE_CSV) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				sb_putc(out, ',');
			table_csv_cell(out, t->head[c]);
		}
		sb_puts(out, "\r\n");
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				if (c)
					sb_putc(out, ',');
				table_csv_cell(out, t->cell[r * t->ncols + c]);
			}
			sb_puts(out, "\r\n");
		}
		return;
	}
	if (f == TABLE_JSON) {
		struct json j;
		json_init(&j, out, 1);
		json_array(&j, NULL);
		for (size_t r = 0; r < t->nrows; r++) {
			json_object(&j, NULL);
			for (size_t c = 0; c < t->ncols; c++) {
				const char *v = t->cell[r * t->ncols + c];
				if (!v)
					json_null(&j, t->head[c]);
				else if (t->numeric[c] && *v)
					json_raw(&j, t->head[c], v);
				else
					json_str(&j, t->head[c], v);
			}
			json_end_object(&j);
		}
		json_end_array(&j);
		sb_putc(out, '\n');
		return;
	}
	/* as text, every cell's control characters are made visible
	 * (sb_add_visible): a cell is the supplier's text, and must neither
	 * break its row nor steer the terminal */
	size_t ncell = t->nrows * t->ncols;
	char **vis = xcalloc(ncell ? ncell : 1, sizeof(char *));
	for (size_t i = 0; i < ncell; i++)
		vis[i] = str_visible(t->cell[i]);
	size_t *w = xcalloc(t->ncols, sizeof(size_t));
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = width(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t x = width(vis[r * t->ncols + c]);
			if (x > w[c])
				w[c] = x > 60 ? 60 : x;
		}
	}
	for (size_t r = 0; r <= t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = r ? vis[(r - 1) * t->ncols + c] : t->head[c];
			size_t x = width(v);
			if (c)
				sb_puts(out, "  ");
			if (t->numeric[c] && r)
				pad(out, w[c] > x ? w[c] - x : 0);
			if (v)
				sb_puts(out, v);
			if (!(t->numeric[c] && r) && c + 1 < t->ncols)
				pad(out, w[c] > x ? w[c] - x : 0);
		}
		sb_putc(out, '\n');
	}
	if (!t->nrows)
		sb_puts(out, "(nothing)\n");
	for (size_t i = 0; i < ncell; i++)
		free(vis[i]);
	free(vis);
	free(w);
}
