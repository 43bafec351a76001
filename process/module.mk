LAUNCHER_SRCS += $(wildcard process/*.c)
