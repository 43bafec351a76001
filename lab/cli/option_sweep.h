/* option_sweep: a list given to a launcher's size option (--mem
 * 16,64,256) made into variants, one row per value, for run and compare.
 * Launcher options wait as pending options until the launchers are known
 * (--ns may come before --launcher); cli_parse.c collects them. */
#ifndef ISOLAB_OPTION_SWEEP_H
#define ISOLAB_OPTION_SWEEP_H

#include "lab/cli/cli.h"

/* A launcher option as given on the command line. */
struct pending_option {
	char name[64];
	const char *value;
};

struct pending_options {
	struct pending_option item[32];
	int n;
};

/* A list given to a size option a launcher marks `sweep` (--mem
 * 16,64,256): run and compare measure every value, in order, as rows
 * labelled "LAUNCHER NAME=VALUE"; the other selected launchers keep one
 * row each. Returns 1 when it made the rows, 0 when there is no such
 * list, -1 on bad input. */
int option_sweep_variants(struct cli *cli, const struct pending_options *p,
			  struct err *err);

#endif
