#include "lab/shell.h"

#include "container/shell.h"

int shell_run(const struct cli *cli, int *status, struct err *err)
{
	for (int i = 0; all_launchers[i]; i++) {
		if (!cli->selected[i])
			continue;
		if (all_launchers[i] != &container_launcher)
			return err_set(err, ERR_USAGE,
				       "isolab shell runs in a container only; use --launcher container");
		if (container_launcher.available(cli->config[i], err) < 0)
			return -1;
		*status = container_shell(cli->config[i],
					  cli->ntail ? cli->tail : NULL, err);
		return *status < 0 ? -1 : 0;
	}
	return err_set(err, ERR_USAGE, "isolab shell needs --launcher container");
}
