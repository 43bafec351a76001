/* cmd_shell: `isolab shell`, an interactive busybox shell inside a container,
 * or with `-- CMD [ARGS]` that one command. The launcher's shell hook
 * (lab/core/launcher.h) does the work; only the container launcher has one
 * (container/shell.h). *status is the shell's, or the command's, exit
 * status. */
#ifndef ISOLAB_CMD_SHELL_H
#define ISOLAB_CMD_SHELL_H

#include "lab/cli/cli.h"

int shell_run(const struct cli *cli, int *status, struct err *err);

#endif
