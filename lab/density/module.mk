# lab/density (layer 3): how many instances fit at once, as data.
LAB_SRCS += \
	lab/density/density.c
