/* progress — a terminal's progress line for a long fetch or read. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

struct progress {
	const char *label;
	struct timespec start;
	int64_t bytes;       /* downloaded so far */
	int64_t size;        /* size of the file being read, rows phase */
	size_t rows;
	int reading;         /* rows phase */
	double last;         /* seconds since start at the last redraw */
	int drawn;           /* a line is on the screen */
	int fetched;         /* bytes came: the download's figures stay */
	double fetch_end;
};

struct progress *progress_new(const char *label, int quiet)
{
	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	struct progress *p = xcalloc(1, sizeof(*p));
	p->label = label;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	return p;
}

double progress_seconds(const struct progress *p)
{
	if (!p)
		return 0;
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - p->start.tv_sec) + (double)(t.tv_nsec - p->start.tv_nsec) / 1e9;
}

static void show_bytes(char *buf, size_t size, double b)
{
	if (b >= 1e6)
		snprintf(buf, size, "%.1f MB", b / 1e6);
	else
		snprintf(buf, size, "%.0f kB", b / 1e3);
}

/* 1 when it is time to redraw (the first call, then every 0.2 s). */
static int due(struct progress *p, double *t)
{
	*t = progress_seconds(p);
	if (p->drawn && *t - p->last < 0.2)
		return 0;
	p->last = *t;
	p->drawn = 1;
	return 1;
}

void progress_bytes(void *ctx, int64_t bytes)
{
	struct progress *p = ctx;
	double t;
	if (!p)
		return;
	p->bytes = bytes;
	p->fetched = 1;
	p->fetch_end = progress_seconds(p);
	if (!due(p, &t))
		return;
	char b[32], r[32];
	show_bytes(b, sizeof(b), (double)bytes);
	show_bytes(r, sizeof(r), t > 0 ? (double)bytes / t : 0);
	fprintf(stderr, "\r\033[K%s: %s at %s/s", p->label, b, r);
}

static void end_fetch(struct progress *p)
{
	if (!p->fetched || !p->drawn)
		return;
	/* leave the download's last figures on the line, then go on */
	char b[32], r[32];
	double t = p->fetch_end;
	show_bytes(b, sizeof(b), (double)p->bytes);
	show_bytes(r, sizeof(r), t > 0 ? (double)p->bytes / t : 0);
	fprintf(stderr, "\r\033[K%s: %s in %.1f s (%s/s)\n", p->label, b, t, r);
	p->drawn = 0;
	p->fetched = 0;
}

void progress_reading(struct progress *p, int64_t size)
{
	if (!p)
		return;
	end_fetch(p);
	p->reading = 1;
	p->size = size;
	p->rows = 0;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = 0;
}

void progress_rows(void *ctx, size_t rows)
{
	struct progress *p = ctx;
	double t;
	if (!p)
		return;
	p->rows = rows;
	if (!due(p, &t))
		return;
	char b[32];
	show_bytes(b, sizeof(b), (double)p->size);
	fprintf(stderr, "\r\033[K%s: %zu rows of %s at %.0f rows/s", p->label, rows, b,
		t > 0 ? (double)rows / t : 0);
}

void progress_end(struct progress *p)
{
	if (!p)
		return;
	end_fetch(p);
	if (p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}

void progress_free(struct progress *p)
{
	free(p);
}
