LAUNCHERS += container
LAUNCHER_SRCS += $(wildcard container/*.c)
