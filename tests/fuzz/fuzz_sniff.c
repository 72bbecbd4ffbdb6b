/*
 * libFuzzer target: `fitsmon init`'s sniffing (feeds/sniff.c).  The input
 * is a sample export; sniff_file guesses its encoding, delimiter, header
 * row, column types and time formats, then the columns are mapped for
 * each feed kind (sniff_map_kind) and their cells joined (sniff_cells),
 * as init does to write a first config.
 */
#include "fuzz.h"
#include "sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("input", data, size);
	char *err = NULL;
	struct sniff *s = sniff_file(path, &err);
	if (!s) {
		if (!err)
			fuzz_die("sniff_file failed without a message", "");
		free(err);
		return 0;
	}
	for (size_t c = 0; c < s->ncol; c++)
		(void)sniff_type_name(s->col[c].type);
	static const enum feed_kind kinds[] = { KIND_TICKETS, KIND_TICKET_EVENTS, KIND_ACTIVITIES };
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct sniff_map m;
		sniff_map_kind(s, kinds[k], &m);
		for (int f = 0; f < FIELD_COUNT; f++) {
			if (m.col[f] < 0)
				continue;
			char *cells[8] = { 0 };
			size_t n = sniff_cells(s, m.col[f], m.join[f], cells, 8);
			/* joined cells are the caller's; plain ones are the sniff's */
			for (size_t i = 0; m.join[f] >= 0 && i < n; i++)
				free(cells[i]);
		}
	}
	sniff_free(s);
	return 0;
}
