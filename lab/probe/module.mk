# lab/probe (layer 3): syscall reach, as data (the probe's runs and sets).
LAB_SRCS += \
	lab/probe/reach.c \
	lab/probe/reach_run.c \
	lab/probe/reach_set.c
