# lab/cli (layer 7): the isolab command: main (ISOLAB_MAIN, linked only
# into bin/isolab), the command line, and one file per command. doctor
# reads the capability bounding set with libcap.
ISOLAB_MAIN := lab/cli/main.c
LAB_SRCS += \
	lab/cli/cli.c \
	lab/cli/doctor.c \
	lab/cli/ladder_cmd.c \
	lab/cli/probe_cmd.c \
	lab/cli/shell.c \
	lab/cli/sweep.c
LAB_LIBS += -lcap
