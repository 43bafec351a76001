/* launching: what isolab does before a command launches anything. It
 * warns about valid but surprising launcher settings, removes what killed
 * isolab runs left (leftovers.h), adopts what escapes this run
 * (lab/host/orphans.h), and turns SIGINT/SIGTERM/SIGHUP into a file
 * descriptor every launcher watches, so Ctrl-C tears a run down cleanly
 * instead of killing isolab mid-setup. */
#ifndef ISOLAB_LAUNCHING_H
#define ISOLAB_LAUNCHING_H

#include "lab/cli/cli.h"

/* One line on stderr per selected launcher whose config warrants one. */
void config_warnings_print(const struct cli *cli);
/* Sweeps, adopts, and returns the cancel fd (or -1); the caller closes
 * it. */
int launching_begin(void);

#endif
