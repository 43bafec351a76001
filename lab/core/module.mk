# lab/core (layer 2): the measurement core: the launcher interface, launch,
# sessions, the runner, measure, results, stats and the registry.
LAB_SRCS += \
	lab/core/channel.c \
	lab/core/child_fds.c \
	lab/core/isolation.c \
	lab/core/launch.c \
	lab/core/launcher_option.c \
	lab/core/launcher_try.c \
	lab/core/launchers.c \
	lab/core/measure.c \
	lab/core/pump.c \
	lab/core/results.c \
	lab/core/runner.c \
	lab/core/sample.c \
	lab/core/session.c \
	lab/core/stats.c \
	lab/core/variant.c \
	lab/core/workload_spec.c
