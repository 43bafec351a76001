/* cmd_dashboard: `isolab dashboard`, the selected launchers side by side,
 * live, in the terminal (lab/dashboard/dashboard.h); with --once one
 * screen as plain text. */
#include <limits.h>

#include "lab/cli/commands.h"
#include "lab/dashboard/dashboard.h"
#include "lab/host/elf_check.h"
#include "lab/host/paths.h"

static int dashboard_command(const struct cli *cli, int cancel_fd,
			     int *status, struct err *err)
{
	struct dashboard_args a = {
		.workload = cli->workload,
		.binary = cli->binary,
		.binary_args = cli->tail,
		.nbinary_args = cli->ntail,
		.timeout_ns = cli->timeout_ns,
		.iterations = cli->iterations ? cli->iterations : cli->once,
		.interval_ns = cli->interval_ns,
		.rate = (int)cli->rate,
		.once = cli->once,
		.no_color = cli->no_color,
	};
	char path[PATH_MAX];

	(void)status;
	if (paths_find_helper("isolab-workload", path, sizeof(path), err) < 0)
		return -1;
	if (cli->binary && elf_check_static_x86_64(cli->binary, err) < 0)
		return -1;
	a.workload_path = path;
	for (int i = 0; all_launchers[i]; i++)
		if (cli->selected[i] && a.n < RUNNER_MAX_COLUMNS) {
			a.launchers[a.n] = all_launchers[i];
			a.configs[a.n++] = cli->config[i];
		}
	return dashboard_run(&a, cancel_fd, err);
}

const struct cli_command command_dashboard = {
	.name = "dashboard",
	.summary = "the launchers side by side, live, in the terminal (ncurses)",
	.id = CMD_DASHBOARD,
	.usage = "usage: isolab dashboard [--launcher A,B] [--workload W | --binary PATH [-- ARGS]] [--timeout S]\n"
		"                        [--iterations N] [--interval S] [--rate N|max] [--once] [--no-color]\n"
		"                        [launcher options]\n"
		"The launchers side by side, live: startup (median, p95, a sparkline, phases), memory,\n"
		"syscall reach, the isolation checklist and VM exits, one column each. Keys: ? shows\n"
		"them all; q quits. Needs a terminal (TERM not dumb): otherwise it exits 2; --once\n"
		"prints one screen as plain text instead.\n",
	.run = dashboard_command,
	.many_launchers = true,
	.launcher_options = true,
	.workloads = true,
};
