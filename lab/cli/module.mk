# lab/cli (layer 7): the isolab command: main (ISOLAB_MAIN, linked only
# into bin/isolab), the command line, and one file per command. doctor
# reads the capability bounding set with libcap.
ISOLAB_MAIN := lab/cli/main.c
LAB_SRCS += \
	lab/cli/cli_parse.c \
	lab/cli/cmd_doctor.c \
	lab/cli/cmd_ladder.c \
	lab/cli/cmd_probe.c \
	lab/cli/cmd_shell.c \
	lab/cli/leftovers.c
LAB_LIBS += -lcap
