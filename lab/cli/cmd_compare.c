/* cmd_compare: `isolab compare`, run over several launchers, or
 * --variant configurations, side by side: the measuring is run's
 * (cmd_run.h); compare takes a list of launchers, all by default. */
#include "lab/cli/cmd_run.h"
#include "lab/cli/commands.h"

const struct cli_command command_compare = {
	.name = "compare",
	.summary = "measure every launcher on the same workload, side by side",
	.id = CMD_COMPARE,
	.usage = "usage: isolab compare [--launcher A,B] [--workload W | --binary PATH [-- ARGS]] [-n N] [--warmup N]\n"
		"                      [--timeout S] [--format table|csv|json] [--output FILE] [--phases] [--cold] [launcher options]\n"
		"       isolab compare --variant LABEL:LAUNCHER[:OPTIONS] [--variant ...] [same options]\n"
		"A launcher that cannot run here, or fails at its first launch, is listed with the\n"
		"reason and the others are measured; isolab then exits 3.\n",
	.run = measure_command,
	.many_launchers = true,
	.launcher_options = true,
	.workloads = true,
	.writes_results = true,
};
