LAUNCHERS += process
LAUNCHER_SRCS += $(wildcard process/*.c)
