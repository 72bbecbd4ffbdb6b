/*
 * csvcount — the benchmark's parsing baseline: libcsv alone, strict mode
 * as fitsmon uses it, reading each file in 64 KiB chunks and counting
 * records, fields and field bytes.  No copying, no time parsing, no
 * storage: the fastest anything built on libcsv can read these files.
 *
 *   csvcount FILE...      prints "records fields bytes" for all files
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

struct count {
	unsigned long long records, fields, field_bytes, bytes;
};

static void on_field(void *s, size_t len, void *data)
{
	struct count *c = data;
	(void)s;
	c->fields++;
	c->field_bytes += len;
}

static void on_record(int ch, void *data)
{
	struct count *c = data;
	(void)ch;
	c->records++;
}

static int count_file(const char *path, struct count *c)
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
	static char buf[CHUNK];
	size_t n;
	int rc = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		c->bytes += n;
		if (csv_parse(&p, buf, n, on_field, on_record, c) != n) {
			fprintf(stderr, "%s: %s\n", path, csv_strerror(csv_error(&p)));
			rc = -1;
			break;
		}
	}
	if (rc == 0 && csv_fini(&p, on_field, on_record, c) != 0) {
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

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: csvcount FILE...\n");
		return 64;
	}
	struct count c = { 0, 0, 0, 0 };
	for (int i = 1; i < argc; i++)
		if (count_file(argv[i], &c) < 0)
			return 65;
	printf("%llu %llu %llu %llu\n", c.records, c.fields, c.field_bytes, c.bytes);
	return 0;
}
