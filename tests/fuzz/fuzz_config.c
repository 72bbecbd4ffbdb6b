/*
 * libFuzzer target: fitsmon.conf.  The input is parsed as INI text from
 * memory (ini_parse_text), then written to a file in the harness's
 * private folder and loaded as a whole config (config_load: the schema,
 * calendars, suppliers, feeds, SLAs, activities, the catalog when the
 * text asks for it, patterns, mail).  A config that loads is shown as
 * `validate` shows it (the ownership matrix as text, CSV and JSON) and
 * evaluated on an empty dataset, so fuzzed calendars, periods and
 * windows reach the evaluator too.
 *
 * Relative paths in the input resolve inside the private folder, where
 * only catalog.conf and bank-holidays.json exist.  libFuzzer is run with
 * stdin from /dev/null (tests/fuzz/run.sh) in case a path names it.
 */
#include "fuzz.h"
#include "ini.h"
#include "matrix.h"
#include "table.h"

static void show(const struct config *cfg)
{
	free(matrix_text(cfg, 1));
	struct table t;
	matrix_table(cfg, &t);
	for (int f = TABLE_TEXT; f <= TABLE_JSON; f++) {
		struct strbuf sb = STRBUF_INIT;
		table_render(&t, (enum table_format)f, &sb);
		sb_release(&sb);
	}
	table_release(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int64_t now = TS_NONE;
	if (now == TS_NONE)
		now = fuzz_now();

	char *err = NULL;
	struct ini *ini = ini_parse_text("fuzz.conf", (const char *)data, size, &err);
	if (!ini && !err)
		fuzz_die("ini_parse_text failed without a message", "");
	ini_free(ini);
	free(err);
	err = NULL;

	const char *path = fuzz_write("fitsmon.conf", data, size);
	struct config *cfg = config_load(path, &err);
	if (!cfg) {
		if (!err)
			fuzz_die("config_load failed without a message", "");
		free(err);
		return 0;
	}
	show(cfg);
	struct dataset *ds = dataset_new(cfg, now);
	dataset_finish(ds);
	struct evaluation *ev = evaluate(cfg, ds, now, TS_NONE, TS_NONE);
	fuzz_render(cfg, ds, ev, size);
	evaluation_free(ev);
	dataset_free(ds);
	config_free(cfg);
	return 0;
}
