/* option_cycle: what the dashboard's `o` key steps through for a column,
 * taken from its launcher's declared options alone: every value listed in
 * an option's `values` (lab/core/launcher.h), option after option, then
 * back to the config as given on the command line. A value the given
 * config already has, or one its parser refuses next to the given
 * options, is skipped. A new launcher or option needs no dashboard change.
 *
 * Step 0 is the config as given; steps 1..n are the listed values. */
#ifndef ISOLAB_DASHBOARD_OPTION_CYCLE_H
#define ISOLAB_DASHBOARD_OPTION_CYCLE_H

#include "lab/core/launcher.h"

struct option_step {
	int step;                          /* 0: as given */
	const struct launcher_option *option; /* NULL at step 0 */
	const char *value;                 /* the option's own string */
};

/* The step after `from`: writes into `next` (config_size bytes) the given
 * config with that step's value set (after the last, the given config:
 * step 0), and fills *out. Returns 0, or -1 with err when, from step 0,
 * the launcher lists no value that changes its config. */
int option_cycle_next(const struct launcher *l, const void *given, int from,
		      void *next, struct option_step *out, struct err *err);

#endif
