/* cmd_report: `isolab plot` and `isolab report`. Both parse their own
 * command line (results files are positional) and are the report layer's
 * front end, lab/report/report_cmd.h. */
#include "lab/cli/commands.h"
#include "lab/report/report_cmd.h"

const struct cli_command command_plot = {
	.name = "plot",
	.summary = "gnuplot figures (.dat, .gp, image) from results files",
	.main = report_cmd_main,
};

const struct cli_command command_report = {
	.name = "report",
	.summary = "a Markdown report with figures; measures first if given no files",
	.main = report_cmd_main,
};
