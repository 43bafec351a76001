# lab/ladder (layer 4): what each piece of isolation costs, rung by rung, as data.
LAB_SRCS += \
	lab/ladder/ladder.c
