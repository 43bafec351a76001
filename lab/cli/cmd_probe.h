/* cmd_probe: `isolab probe`, the syscall reach probe under each selected
 * launcher (lab/probe/reach_run.h), written as a table, CSV or JSON. A launcher
 * that cannot run here is listed with the reason, as compare does
 * (lab/core/launcher_try.h), and *status is then EXIT_NOT_ALL_RAN. */
#ifndef ISOLAB_CMD_PROBE_H
#define ISOLAB_CMD_PROBE_H

#include "lab/cli/cli.h"

int probe_command(const struct cli *cli, int cancel_fd, int *status,
		  struct err *err);

#endif
