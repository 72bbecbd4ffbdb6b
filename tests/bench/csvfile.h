/*
 * csvfile — the benchmark baselines' one way to read a CSV file: libcsv in
 * strict mode, as fitsmon uses it, fed 64 KiB at a time, with the
 * caller's field and record callbacks.  Adds the file's size to *bytes;
 * 0, or -1 after saying why on stderr.
 */
#ifndef FITSMON_BENCH_CSVFILE_H
#define FITSMON_BENCH_CSVFILE_H

#include <csv.h>
#include <stdio.h>

static int csvfile_read(const char *path, void (*field)(void *, size_t, void *),
			void (*record)(int, void *), void *data, unsigned long long *bytes)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fclose(f);
		return -1;
	}
	static char buf[65536];
	size_t n;
	int rc = 0;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		*bytes += n;
		if (csv_parse(&p, buf, n, field, record, data) != n) {
			fprintf(stderr, "%s: %s\n", path, csv_strerror(csv_error(&p)));
			rc = -1;
		}
	}
	if (rc == 0 && csv_fini(&p, field, record, data) != 0) {
		fprintf(stderr, "%s: %s\n", path, csv_strerror(csv_error(&p)));
		rc = -1;
	}
	if (ferror(f)) {
		perror(path);
		rc = -1;
	}
	csv_free(&p);
	fclose(f);
	return rc;
}

#endif
