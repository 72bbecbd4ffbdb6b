/*
 * store_load — the stored rows of every configured feed replayed into a
 * dataset, with each feed's fetch state, rejects and health.
 */
#include "store.h"
#include "store_common.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dataset.h"
#include "evidence.h"
#include "feedkind.h"
#include "select.h"
#include "util.h"

/* The row versions a load at now (?9) reads: fetched by then, and not
 * replaced or withdrawn by a copy fetched by then (store.h). */
#define AS_OF " AND (since IS NULL OR since <= ?9) AND (until IS NULL OR until > ?9)"

/* One ticket's events as they are read, until the next ticket starts. */
struct evread {
	int64_t at, seq, opened;
	size_t row;
	size_t status, cells;     /* offsets into the group's text */
};

struct evgroup {
	struct evread *e;
	struct feedrow *r;
	size_t n, cap;
	struct strbuf text, id;
	const struct select *sel;   /* what the load keeps */
	char *(*cellv)[FIELD_COUNT];   /* each event's fields, when wanted */
	size_t *rep;                   /* the first event of each one's run of the same fields */
	size_t capcv;
};

static size_t keep_text(struct strbuf *sb, const unsigned char *s)
{
	size_t at = sb->len;
	sb_puts(sb, s ? (const char *)s : "");
	sb_putc(sb, '\0');
	return at;
}

/* Time order, ties in file order (arrival number). */
static int cmp_event(const void *a, const void *b)
{
	const struct evread *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The supplier's verdict (column.sla_met) is the latest non-empty one at
 * or before now (claims.h): cells, the latest event's, takes it from an
 * older event when its own is empty.  unpacked: every event's cells are
 * in g->cellv already (their text was cut in place). */
static void latest_verdict(struct evgroup *g, const struct dataset *ds, size_t latest,
			   char **cells, int unpacked)
{
	for (size_t k = latest; k-- > 0 && !(cells[FIELD_SLA_MET] && *cells[FIELD_SLA_MET]);) {
		if (g->e[k].at > ds->now)
			continue;
		char *buf[FIELD_COUNT], **older = buf;
		if (unpacked)
			older = g->cellv[g->rep[k]];
		else
			store_unpack_cells(g->text.buf + g->e[k].cells, buf, NULL);
		if (older[FIELD_SLA_MET] && *older[FIELD_SLA_MET])
			cells[FIELD_SLA_MET] = older[FIELD_SLA_MET];
	}
}

/* Hand the group to the dataset: its events in time order, ties in file
 * order, with the cells of the latest at or before now. */
static void flush_group(struct evgroup *g, struct dataset *ds, int feed)
{
	if (!g->n)
		return;
	for (size_t k = 1; k < g->n; k++)
		if (cmp_event(&g->e[k - 1], &g->e[k]) > 0) {
			qsort(g->e, g->n, sizeof(*g->e), cmp_event);
			break;
		}
	size_t latest = 0;
	for (size_t k = 0; k < g->n; k++) {
		const struct evread *e = &g->e[k];
		struct feedrow *r = &g->r[k];
		memset(r, 0, sizeof(*r));
		r->id = g->id.buf;
		r->at = e->at;
		r->opened = e->opened;
		r->responded = r->resolved = TS_NONE;
		r->row = e->row;
		r->status = g->text.buf + e->status;
		if (e->at <= ds->now)
			latest = k;
	}
	char *cells[FIELD_COUNT];
	const struct feed *f = &ds->cfg->feed[feed];
	if ((f->sig_priority_lowered || f->priority_first) && ds->cfg->nsla > 1) {
		/* each event its own fields (the SLA may change on the way:
		 * priority-lowered, priority_rule = first); events whose
		 * fields are the same as the one before share its array */
		if (g->n > g->capcv) {
			g->capcv = g->cap;
			g->cellv = xreallocarray(g->cellv, g->capcv, sizeof(*g->cellv));
			g->rep = xreallocarray(g->rep, g->capcv, sizeof(*g->rep));
		}
		for (size_t k = 0; k < g->n; k++)
			g->rep[k] = k && !strcmp(g->text.buf + g->e[k].cells,
						 g->text.buf + g->e[k - 1].cells) ? g->rep[k - 1] : k;
		for (size_t k = 0; k < g->n; k++) {
			if (g->rep[k] == k)
				store_unpack_cells(g->text.buf + g->e[k].cells, g->cellv[k], NULL);
			g->r[k].cell = g->cellv[g->rep[k]];
		}
		latest_verdict(g, ds, latest, g->cellv[g->rep[latest]], 1);
	} else {
		store_unpack_cells(g->text.buf + g->e[latest].cells, cells, NULL);
		latest_verdict(g, ds, latest, cells, 0);
		for (size_t k = 0; k < g->n; k++)
			g->r[k].cell = cells;
	}
	select_add_events(g->sel, ds, feed, g->r, g->n);
	g->n = 0;
	g->text.len = 0;
}

/* Append one event row of statement s (id, at, seq, status, opened, row,
 * cells) to the group, flushing the group first when s starts a ticket. */
static void group_add(struct evgroup *g, sqlite3_stmt *s, struct dataset *ds, int feed)
{
	const char *id = (const char *)sqlite3_column_text(s, 0);
	if (!id)
		id = "";
	if (g->n && strcmp(id, g->id.buf))
		flush_group(g, ds, feed);
	if (!g->n) {
		g->id.len = 0;
		sb_puts(&g->id, id);
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 16;
		g->e = xreallocarray(g->e, g->cap, sizeof(*g->e));
		g->r = xreallocarray(g->r, g->cap, sizeof(*g->r));
	}
	struct evread *e = &g->e[g->n++];
	e->at = sqlite3_column_int64(s, 1);
	e->seq = sqlite3_column_int64(s, 2);
	e->opened = store_col_ts(s, 4);
	e->row = (size_t)sqlite3_column_int64(s, 5);
	e->status = keep_text(&g->text, sqlite3_column_text(s, 3));
	e->cells = keep_text(&g->text, sqlite3_column_text(s, 6));
}

static void group_free(struct evgroup *g)
{
	free(g->e);
	free(g->r);
	free(g->cellv);
	free(g->rep);
	sb_release(&g->text);
	sb_release(&g->id);
}

/* 1 when the summary row of statement l says the window cannot use the
 * ticket (select_passes_over); *events gets its event count. */
static int passed_over(sqlite3_stmt *l, const struct feed *f, const struct select *sel,
		       int64_t now, size_t *events)
{
	*events = (size_t)sqlite3_column_int64(l, 4);
	return select_passes_over(sel, f, now, sqlite3_column_int64(l, 1),
				  (const char *)sqlite3_column_text(l, 2), store_col_ts(l, 3));
}

/* A ticket a window's load reads: its t0 and id (an offset into the
 * load's text until the text stops moving, then a pointer). */
struct wanted {
	int64_t t0;
	size_t off;
	const char *id;
};

static int cmp_wanted(const void *a, const void *b)
{
	const struct wanted *x = a, *y = b;
	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * The events of the tickets a window can use, passing over (by their
 * ticket_last summary, without reading their events) the tickets whose
 * every event is at or before now and before the window, whose latest
 * status is a resolved one and whose `opened` is before the window: the
 * window would drop them (select_add_events), so only their events
 * are counted.  The others are read in the table's order (t0, then id)
 * and then put in id order.  When more than a quarter are wanted (a
 * year's window), reading every event in order is quicker than looking
 * each ticket up: *scan is 1 then, and nothing is loaded.
 */
static int load_events_window(struct store *st, int feed, const char *name,
			      const struct select *sel, struct dataset *ds, int *scan)
{
	const struct feed *f = &ds->cfg->feed[feed];
	sqlite3_stmt *l = NULL, *s = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM ticket_last WHERE feed = ?", -1, &l,
			       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(l, 1, name, -1, SQLITE_STATIC);
	int rc = store_noted(st, sqlite3_step(l));
	size_t n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(l, 0) : 0;
	sqlite3_finalize(l);
	l = NULL;
	if (rc != SQLITE_ROW)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT id, last_at, last_status, max_opened, events, "
			       "first_at FROM ticket_last WHERE feed = ?", -1, &l,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT id, at, seq, status, opened, row, cells FROM "
			       "ticket_events WHERE feed = ?1 AND t0 = ?3 AND id = ?2" AS_OF
			       " ORDER BY at, key", -1, &s, NULL) != SQLITE_OK) {
		sqlite3_finalize(l);
		return -1;
	}
	sqlite3_bind_text(l, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, ds->now);
	/* the tickets wanted, unless they are more than a quarter */
	struct wanted *w = NULL;
	size_t nw = 0, capw = 0, events, passed = 0, passed_events = 0;
	struct strbuf ids = STRBUF_INIT;
	*scan = 0;
	while ((rc = store_noted(st, sqlite3_step(l))) == SQLITE_ROW) {
		if (passed_over(l, f, sel, ds->now, &events)) {
			passed++;
			passed_events += events;
			continue;
		}
		if ((nw + 1) * 4 > n) {
			*scan = 1;
			break;
		}
		VEC_GROW(w, nw, capw, nw + 1);
		w[nw++] = (struct wanted){ sqlite3_column_int64(l, 5),
					   keep_text(&ids, sqlite3_column_text(l, 0)), NULL };
	}
	sqlite3_finalize(l);
	if (*scan)
		rc = SQLITE_DONE;   /* stopped on purpose: a scan is quicker */
	int rs = SQLITE_DONE;
	if (rc == SQLITE_DONE && !*scan) {
		ds->dropped += passed;
		ds->fs[feed].accepted += passed_events;
		/* in table order (t0, then id): the newest part of the table,
		 * where most of a window's tickets are, read once in order */
		for (size_t i = 0; i < nw; i++)
			w[i].id = ids.buf + w[i].off;
		if (nw)   /* qsort wants a real array even for none */
			qsort(w, nw, sizeof(*w), cmp_wanted);
		size_t first = ds->nt;
		struct evgroup g = { .sel = sel };
		for (size_t i = 0; i < nw && rs == SQLITE_DONE; i++) {
			sqlite3_bind_text(s, 2, w[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 3, w[i].t0);
			while ((rs = store_noted(st, sqlite3_step(s))) == SQLITE_ROW)
				group_add(&g, s, ds, feed);
			sqlite3_reset(s);
		}
		flush_group(&g, ds, feed);
		group_free(&g);
		dataset_sort_tickets(ds, first);   /* by id, as a scan gives them */
	}
	sqlite3_finalize(s);
	free(w);
	sb_release(&ids);
	return rc == SQLITE_DONE && rs == SQLITE_DONE ? 0 : -1;
}

static int load_events(struct store *st, int feed, const char *name, const struct select *sel,
		       struct dataset *ds)
{
	if (sel->from != TS_NONE && !sel->id) {
		int scan = 0;
		if (load_events_window(st, feed, name, sel, ds, &scan) < 0)
			return -1;
		if (!scan)
			return 0;
	}
	sqlite3_stmt *s;
	/* the primary key's order: each ticket's events together, tickets by
	 * first event time (put in id order below, as a window's load gives) */
	if (sqlite3_prepare_v2(st->db, sel->id ?
			       "SELECT id, at, seq, status, opened, row, cells FROM ticket_events "
			       "WHERE feed = ?1 AND t0 = (SELECT first_at FROM ticket_last "
			       "WHERE feed = ?1 AND id = ?2) AND id = ?2" AS_OF " ORDER BY at, key" :
			       "SELECT id, at, seq, status, opened, row, cells FROM ticket_events "
			       "WHERE feed = ?1" AS_OF " ORDER BY t0, id, at, key", -1, &s,
			       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 9, ds->now);
	size_t first = ds->nt;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sel->id)   /* one ticket (explain): straight to its events */
		sqlite3_bind_text(s, 2, sel->id, -1, SQLITE_STATIC);
	struct evgroup g = { .sel = sel };
	int rc;
	while ((rc = store_noted(st, sqlite3_step(s))) == SQLITE_ROW)
		group_add(&g, s, ds, feed);
	flush_group(&g, ds, feed);
	sqlite3_finalize(s);
	group_free(&g);
	dataset_sort_tickets(ds, first);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Evidence masks kept with activity rows.  They depend on the config's
 * activities, so each feed records the signature of the plan they were
 * worked out under (feeds.evsig); under another signature they are not
 * used.  Masks are worked out when rows are loaded, not when taken in (a
 * year's rows would be matched when a 28-day report needs a twelfth of
 * them), and a writable store keeps what a load worked out.
 */
struct maskfix {
	int64_t at, key;
	uint64_t ev, concern;
};

struct maskfixes {
	struct maskfix *v;
	size_t n, cap;
	int trusted;          /* the stored masks are of this plan */
	uint64_t sig;
};

/*
 * The fetch times of feed `name`'s good copies fetched by now, in order
 * (*n of them; NULL for none, or for a store that cannot say: the
 * versions' own fetch times serve then).
 */
static int64_t *load_copies(struct store *st, const char *name, int64_t now, size_t *n)
{
	*n = 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT at FROM copies WHERE feed = ?1 AND at <= ?2 "
			       "ORDER BY at", -1, &s, NULL) != SQLITE_OK)
		return NULL;   /* a read-only store of schema 8 has no such table */
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	int64_t *v = NULL;
	size_t cap = 0;
	while (store_noted(st, sqlite3_step(s)) == SQLITE_ROW) {
		VEC_GROW(v, *n, cap, *n + 1);
		v[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return v;
}

/* The latest of v[0..n) (sorted) before at; TS_NONE for none. */
static int64_t copy_before(const int64_t *v, size_t n, int64_t at)
{
	if (at == TS_NONE)
		return TS_NONE;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? v[lo - 1] : TS_NONE;
}

static int load_rows(struct store *st, int feed, const char *name, enum feed_kind kind,
		     const struct select *sel, struct dataset *ds, struct maskfixes *fix)
{
	static const char *const sql[KIND_COUNT] = {
		/* with each version, the fetch time of the copy that brought it
		 * (its pauses run copy to copy: dataset copy_at) */
		[KIND_TICKETS] = "SELECT id, row, opened, responded, resolved, cells, (SELECT now "
				 "FROM runs WHERE runs.id = ticket_rows.run) FROM ticket_rows "
				 "WHERE feed = ?1 AND (since IS NULL OR since <= ?9) ORDER BY ord",
		[KIND_ACTIVITIES] = "SELECT row, at, hours_uh, onsite, code, description, cells, "
				    "key, ev, concern FROM activity_rows WHERE feed = ?1 AND at >= ?2"
				    AS_OF " ORDER BY at, seq",
	};
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql[kind], -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, ds->now);
	if (kind == KIND_ACTIVITIES)
		sqlite3_bind_int64(s, 2, sel->since == TS_NONE ? INT64_MIN : sel->since);
	struct strbuf text = STRBUF_INIT;
	int64_t *copies = NULL;
	size_t ncopies = 0;
	if (kind == KIND_TICKETS)
		copies = load_copies(st, name, ds->now, &ncopies);
	int rc;
	while ((rc = store_noted(st, sqlite3_step(s))) == SQLITE_ROW) {
		struct feedrow r = { .opened = TS_NONE, .responded = TS_NONE,
				     .resolved = TS_NONE, .at = TS_NONE };
		char *cells[FIELD_COUNT];
		int ci;
		if (kind == KIND_TICKETS) {
			r.id = (const char *)sqlite3_column_text(s, 0);
			r.row = (size_t)sqlite3_column_int64(s, 1);
			r.opened = store_col_ts(s, 2);
			r.responded = store_col_ts(s, 3);
			r.resolved = store_col_ts(s, 4);
			ds->copy_at = store_col_ts(s, 6);
			ds->copy_before = copy_before(copies, ncopies, ds->copy_at);
			ci = 5;
		} else {
			r.row = (size_t)sqlite3_column_int64(s, 0);
			r.at = store_col_ts(s, 1);
			r.hours_uh = sqlite3_column_int64(s, 2);
			r.onsite = sqlite3_column_int(s, 3);
			r.code = (const char *)sqlite3_column_text(s, 4);
			r.desc = (const char *)sqlite3_column_text(s, 5);
			if (fix->trusted && sqlite3_column_type(s, 8) == SQLITE_INTEGER) {
				r.has_masks = 1;
				r.ev = (uint64_t)sqlite3_column_int64(s, 8);
				r.concern = (uint64_t)sqlite3_column_int64(s, 9);
			}
			ci = 6;
		}
		text.len = 0;
		keep_text(&text, sqlite3_column_text(s, ci));
		char *aside[FIELD_COUNT] = { 0 };
		aside[FIELD_CODE] = (char *)r.code;
		aside[FIELD_DESCRIPTION] = (char *)r.desc;
		store_unpack_cells(text.buf, cells, aside);
		r.cell = cells;
		size_t na = ds->na;
		select_add(sel, ds, feed, &r);
		if (kind == KIND_ACTIVITIES && !r.has_masks && ds->na > na && st->readonly == 0) {
			VEC_GROW(fix->v, fix->n, fix->cap, fix->n + 1);
			fix->v[fix->n++] = (struct maskfix){ r.at, sqlite3_column_int64(s, 7),
							     ds->a[na].ev, ds->a[na].concern };
		}
	}
	ds->copy_at = ds->copy_before = TS_NONE;
	free(copies);
	sqlite3_finalize(s);
	sb_release(&text);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Keep the masks a load worked out (a cache: on failure nothing is lost). */
static void save_masks(struct store *st, const char *name, const struct maskfixes *fix)
{
	if (!fix->n && fix->trusted)
		return;
	if (store_exec(st, "BEGIN IMMEDIATE", NULL) < 0)
		return;
	sqlite3_stmt *s = NULL;
	int ok = 1;
	if (!fix->trusted) {
		/* masks of another plan must not be read as this one's */
		ok = sqlite3_prepare_v2(st->db, "UPDATE activity_rows SET ev = NULL, concern = NULL "
					"WHERE feed = ? AND ev IS NOT NULL", -1, &s, NULL) == SQLITE_OK;
		if (ok) {
			sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
			ok = store_noted(st, sqlite3_step(s)) == SQLITE_DONE;
		}
		sqlite3_finalize(s);
		if (ok && sqlite3_prepare_v2(st->db, "UPDATE feeds SET evsig = ? WHERE name = ?", -1,
					     &s, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, (sqlite3_int64)fix->sig);
			sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
			ok = store_noted(st, sqlite3_step(s)) == SQLITE_DONE;
			sqlite3_finalize(s);
		}
	}
	if (ok && fix->n &&
	    sqlite3_prepare_v2(st->db, "UPDATE activity_rows SET ev = ?1, concern = ?2 WHERE "
			       "feed = ?3 AND at = ?4 AND key = ?5", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
		for (size_t i = 0; ok && i < fix->n; i++) {
			sqlite3_bind_int64(s, 1, (sqlite3_int64)fix->v[i].ev);
			sqlite3_bind_int64(s, 2, (sqlite3_int64)fix->v[i].concern);
			sqlite3_bind_int64(s, 4, fix->v[i].at);
			sqlite3_bind_int64(s, 5, fix->v[i].key);
			ok = store_noted(st, sqlite3_step(s)) == SQLITE_DONE;
			sqlite3_reset(s);
		}
		sqlite3_finalize(s);
	}
	store_exec(st, ok ? "COMMIT" : "ROLLBACK", NULL);
}

static int load_feed(struct store *st, const struct config *cfg, int feed,
		     const struct select *sel, struct dataset *ds, struct maskfixes *fix, char **err)
{
	const char *name = cfg->feed[feed].id;
	enum feed_kind kind = cfg->feed[feed].kind;
	if (kind == KIND_ACTIVITIES) {
		const struct evidence_plan *p = dataset_plan(ds, feed);
		fix->sig = p ? evidence_plan_signature(p) : 0;
		int64_t none = (int64_t)~fix->sig;   /* what no stored signature reads as */
		fix->trusted = p && store_feed_counter(st, name, "evsig", none) == (int64_t)fix->sig;
	}
	if ((kind == KIND_TICKET_EVENTS ? load_events(st, feed, name, sel, ds)
					: load_rows(st, feed, name, kind, sel, ds, fix)) < 0)
		return store_sqlerr(st, err, "cannot read rows");
	/* the rejected rows of the content taken last */
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT row, reason FROM rejects WHERE feed = ? ORDER BY "
			       "rowid", -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, err, "cannot read rejects");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc;
	while ((rc = store_noted(st, sqlite3_step(s))) == SQLITE_ROW)
		dataset_reject(ds, feed, (size_t)sqlite3_column_int64(s, 0), "%s",
			       (const char *)sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, err, "cannot read rejects");
	struct store_feed f;
	if (store_feed_get(st, name, &f, err) < 0)
		return -1;
	ds->fs[feed].last_success = f.last_success;
	free(ds->fs[feed].fetch_error);
	ds->fs[feed].fetch_error = f.last_error;   /* NULL when the last attempt was good */
	f.last_error = NULL;
	ds->fs[feed].records = (size_t)f.rows;   /* rows in the content taken last */
	ds->fs[feed].good_until = f.good_until;
	if (f.last_success != TS_NONE && f.last_success <= ds->now) {
		ds->fs[feed].copy_new = f.copy_new;
		ds->fs[feed].copy_corrected = f.copy_corrected;
		ds->fs[feed].copy_withdrawn = f.copy_withdrawn;
	}
	store_feed_clear(&f);
	if (store_quality_read(st, name, &ds->fs[feed].health) < 0)
		return store_sqlerr(st, err, "cannot read the feed's health");
	return 0;
}

int store_load(struct store *st, const struct config *cfg, const struct select *sel,
	       struct dataset *ds, char **err)
{
	struct select all = select_all();
	if (!sel)
		sel = &all;
	/* one read transaction: a consistent snapshot while `run` may write */
	if (store_exec(st, "BEGIN", err) < 0)
		return -1;
	int rc = 0;
	struct maskfixes *fix = xcalloc(cfg->nfeed ? cfg->nfeed : 1, sizeof(*fix));
	for (size_t i = 0; i < cfg->nfeed && rc == 0; i++)
		rc = load_feed(st, cfg, (int)i, sel, ds, &fix[i], err);
	store_exec(st, rc ? "ROLLBACK" : "COMMIT", NULL);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		if (rc == 0 && !st->readonly && cfg->feed[i].kind == KIND_ACTIVITIES &&
		    dataset_plan(ds, (int)i))
			save_masks(st, cfg->feed[i].id, &fix[i]);
		free(fix[i].v);
	}
	free(fix);
	if (rc == 0)
		dataset_finish(ds);
	return rc;
}
