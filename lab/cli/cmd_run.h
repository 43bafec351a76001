/* cmd_run: `isolab run` (its entry, commands.h), and the measuring it
 * shares with `isolab compare`: each selected launcher, or each --variant,
 * measured over -n runs, and the results written, whole, to stdout or
 * --output. A launcher that cannot run here is listed with the reason
 * (lab/core/launcher_try.h), and *status is then EXIT_NOT_ALL_RAN. */
#ifndef ISOLAB_CMD_RUN_H
#define ISOLAB_CMD_RUN_H

#include "lab/cli/cli.h"

int measure_command(const struct cli *cli, int cancel_fd, int *status,
		    struct err *err);

#endif
