# lab/dashboard (layer 6): the live terminal dashboard, drawn with ncurses.
LAB_SRCS += \
	lab/dashboard/canvas.c \
	lab/dashboard/dashboard.c \
	lab/dashboard/export.c \
	lab/dashboard/keys.c \
	lab/dashboard/ladder_worker.c \
	lab/dashboard/layout.c \
	lab/dashboard/option_cycle.c \
	lab/dashboard/panel_checklist.c \
	lab/dashboard/panel_common.c \
	lab/dashboard/panel_exits.c \
	lab/dashboard/panel_header.c \
	lab/dashboard/panel_memory.c \
	lab/dashboard/panel_output.c \
	lab/dashboard/panel_reach.c \
	lab/dashboard/panel_startup.c \
	lab/dashboard/render.c \
	lab/dashboard/spark.c \
	lab/dashboard/staircase.c \
	lab/dashboard/term.c \
	lab/dashboard/view_ladder.c \
	lab/dashboard/worker.c \
	lab/dashboard/workloads.c
LAB_LIBS += -lncursesw -ltinfo
