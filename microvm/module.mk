LAUNCHER_SRCS += $(wildcard microvm/*.c)
