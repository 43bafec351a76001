# lab/cli (layer 7): the isolab command: main (ISOLAB_MAIN, linked only
# into bin/isolab), the command table, the command line and its help, and
# one file per command (cmd_NAME.c). doctor reads the capability bounding
# set with libcap.
ISOLAB_MAIN := lab/cli/main.c
LAB_SRCS += \
	lab/cli/cli_options.c \
	lab/cli/cli_parse.c \
	lab/cli/cmd_check.c \
	lab/cli/cmd_compare.c \
	lab/cli/cmd_dashboard.c \
	lab/cli/cmd_density.c \
	lab/cli/cmd_doctor.c \
	lab/cli/cmd_exec.c \
	lab/cli/cmd_ladder.c \
	lab/cli/cmd_probe.c \
	lab/cli/cmd_report.c \
	lab/cli/cmd_run.c \
	lab/cli/cmd_shell.c \
	lab/cli/commands.c \
	lab/cli/launching.c \
	lab/cli/leftovers.c \
	lab/cli/option_sweep.c \
	lab/cli/outcome.c \
	lab/cli/program.c \
	lab/cli/usage.c
LAB_LIBS += -lcap
