/*
 * csvcount — the benchmark's parsing baseline: libcsv alone, strict mode
 * as fitsmon uses it, reading each file in 64 KiB chunks and counting
 * records, fields and field bytes.  No copying, no time parsing, no
 * storage: the fastest anything built on libcsv can read these files.
 *
 *   csvcount FILE...      prints "records fields bytes" for all files
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvfile.h"

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

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: csvcount FILE...\n");
		return 64;
	}
	struct count c = { 0, 0, 0, 0 };
	for (int i = 1; i < argc; i++)
		if (csvfile_read(argv[i], on_field, on_record, &c, &c.bytes) < 0)
			return 65;
	printf("%llu %llu %llu %llu\n", c.records, c.fields, c.field_bytes, c.bytes);
	return 0;
}
