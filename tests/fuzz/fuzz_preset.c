/*
 * libFuzzer target: a preset file (rules/presets/NAME.conf, or a file a
 * [feed] names with preset = ./x.conf).  The input is the preset; it is
 * loaded and checked with config_preset_load, and a preset that loads is
 * then used by a config's feed (preset = ./preset.conf), so its keys
 * reach the feed's checks too.
 */
#include "fuzz.h"
#include "ini.h"

static const char conf[] =
	"[school]\n"
	"name = Fuzz school\n"
	"[calendar \"days\"]\n"
	"hours = Mon-Fri 08:00-17:00\n"
	"terms = 2026-09-03..2026-12-18\n"
	"[supplier \"acme\"]\n"
	"name = Acme\n"
	"calendar = days\n"
	"[feed \"f\"]\n"
	"supplier = acme\n"
	"url = input\n"
	"preset = ./preset.conf\n"
	"column.id = id\n"
	"column.opened = opened\n"
	"column.at = at\n"
	"column.description = what\n"
	"column.status = status\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("preset.conf", data, size);
	char *err = NULL;
	struct ini *ini = config_preset_load(path, &err);
	if (!ini) {
		if (!err)
			fuzz_die("config_preset_load failed without a message", "");
		free(err);
		return 0;
	}
	ini_free(ini);
	const char *cpath = fuzz_write("fitsmon.conf", conf, strlen(conf));
	struct config *cfg = config_load(cpath, &err);
	if (!cfg) {
		if (!err)
			fuzz_die("config_load failed without a message", "");
		free(err);
		return 0;
	}
	config_free(cfg);
	return 0;
}
