/* program: which program runs (program.h). */
#include "lab/cli/program.h"

#include <libgen.h>
#include <stdio.h>

#include "lab/host/elf_check.h"
#include "lab/host/paths.h"

/* Which program runs, with which argv, under which label. */
int program_resolve(const struct cli *cli, struct program *prog,
		    struct err *err)
{
	int n = 0;

	if (cli->binary) {
		if (snprintf(prog->path, sizeof(prog->path), "%s", cli->binary) >=
		    (int)sizeof(prog->path))
			return err_set(err, ERR_USAGE, "--binary path too long");
		prog->argv[n++] = prog->path;
		snprintf(prog->label, sizeof(prog->label), "%s",
			 basename(prog->path));
	} else {
		if (paths_find_helper("isolab-workload", prog->path,
				      sizeof(prog->path), err) < 0)
			return -1;
		prog->argv[n++] = "isolab-workload";
		if (cli->command != CMD_EXEC)
			prog->argv[n++] = (char *)cli->workload;
		snprintf(prog->label, sizeof(prog->label), "%s",
			 cli->command == CMD_EXEC ? cli->tail[0] : cli->workload);
	}
	if (cli->ntail > (int)(sizeof(prog->argv) / sizeof(char *)) - n - 1)
		return err_set(err, ERR_USAGE, "too many workload arguments");
	for (int i = 0; i < cli->ntail; i++)
		prog->argv[n++] = cli->tail[i];
	prog->argv[n] = NULL;
	return elf_check_static_x86_64(prog->path, err);
}

void program_use_workload(struct program *prog, const struct cli *cli, int w)
{
	if (cli->binary)
		return;
	prog->argv[1] = (char *)cli->workloads[w];
	snprintf(prog->label, sizeof(prog->label), "%s", cli->workloads[w]);
}

struct launch_request program_request(const struct cli *cli,
				      const struct program *prog,
				      const void *config, int cancel_fd)
{
	return (struct launch_request){
		.binary = prog->path,
		.argv = prog->argv,
		.timeout_ns = cli->timeout_ns,
		.stdout_fd = -1,
		.stderr_fd = -1,
		.stdin_fd = -1,
		.cancel_fd = cancel_fd,
		.stop_at = cli->test_stop_at,
		.config = config,
		.user_program = cli->binary != NULL,
	};
}
