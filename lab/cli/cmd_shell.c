/* cmd_shell: `isolab shell`, an interactive busybox shell inside a
 * container, or with `-- CMD [ARGS]` that one command. The launcher's shell
 * hook (lab/core/launcher.h) does the work; only the container launcher
 * has one (container/shell.h). *status is the shell's, or the command's,
 * exit status. */
#include "lab/cli/commands.h"

static int shell_command(const struct cli *cli, int cancel_fd, int *status,
			 struct err *err)
{
	(void)cancel_fd; /* the shell hook takes none */
	for (int i = 0; i < LAUNCHER_COUNT; i++) {
		const struct launcher *l = all_launchers[i];

		if (!cli->selected[i])
			continue;
		if (!l->shell)
			return err_set(err, ERR_USAGE,
				       "isolab shell runs in a container only; use --launcher container");
		if (l->available(cli->config[i], err) < 0)
			return -1;
		*status = l->shell(cli->config[i],
				   cli->ntail ? cli->tail : NULL, err);
		return *status < 0 ? -1 : 0;
	}
	return err_set(err, ERR_USAGE, "isolab shell needs --launcher container");
}

const struct cli_command command_shell = {
	.name = "shell",
	.summary = "an interactive busybox shell inside a container, or one command in it",
	.id = CMD_SHELL,
	.usage = "usage: isolab shell [--launcher container] [container options]\n"
		"       isolab shell [--launcher container] [container options] -- COMMAND [ARGS]\n"
		"An interactive busybox shell in a container; with a COMMAND, runs that one\n"
		"command there (busybox's applets, or /bin/busybox) and exits with its status.\n",
	.run = shell_command,
	.shell_only = true,
	.launcher_options = true,
};
