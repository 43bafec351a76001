#include "lab/cli/cmd_shell.h"

int shell_run(const struct cli *cli, int *status, struct err *err)
{
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
