#ifndef FITSMON_INIT_H
#define FITSMON_INIT_H
/*
 * init — the two commands that start a config: `fitsmon presets` lists
 * the shipped presets, `fitsmon init` writes a first config from sample
 * exports (sniffing them with feeds/sniff.c).  Neither reads a config.
 * Each returns an exit status (sysexits.h) and prints its own messages.
 */
struct opts;

int cmd_presets(struct opts *o, int argc, char **argv);
int cmd_init(struct opts *o, int argc, char **argv);

#endif
