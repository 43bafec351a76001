# lab/check (layer 6): the guided labs and their checker (isolab lab, isolab check).
LAB_SRCS += \
	lab/check/answers.c \
	lab/check/cgroup_tree.c \
	lab/check/curriculum.c \
	lab/check/engine.c \
	lab/check/filetree.c \
	lab/check/lab1_tests.c \
	lab/check/lab2_tests.c \
	lab/check/lab3_tests.c \
	lab/check/lab4_tests.c \
	lab/check/manifest.c \
	lab/check/pids_cap.c \
	lab/check/render_json.c \
	lab/check/render_text.c \
	lab/check/supervise.c \
	lab/check/tests.c
