/* cmd_check: `isolab lab` and `isolab check`, the guided labs and their
 * grading. Both parse their own command line in lab/check/curriculum.h. */
#include "lab/check/curriculum.h"
#include "lab/cli/commands.h"

const struct cli_command command_lab = {
	.name = "lab",
	.summary = "the guided labs: 'lab list', 'lab start labN [DIR]'",
	.main = curriculum_main,
};

const struct cli_command command_check = {
	.name = "check",
	.summary = "grade a lab: 'check labN [--dir DIR] [--format text|json]'",
	.main = curriculum_main,
};
