#include "lab/shell.h"

int shell_run(const struct cli *cli, int *status, struct err *err)
{
	(void)cli;
	(void)status;
	return err_set(err, ERR_RUNTIME,
		       "isolab shell is not available in this build yet");
}
