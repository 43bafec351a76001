LAUNCHER_SRCS += $(wildcard container/*.c)
