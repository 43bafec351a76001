# lab/workload: the freestanding isolab-workload (no libc, no runtime),
# built with FREE_CFLAGS and installed beside isolab. Not a library: lab/
# never links it (tests/layers.sh).
WORKLOAD_SRCS := \
	lab/workload/clock.c \
	lab/workload/libc.c \
	lab/workload/main.c \
	lab/workload/modes.c \
	lab/workload/out.c \
	lab/workload/probe.c \
	lab/workload/procstatus.c \
	lab/workload/start.S
WORKLOAD_OBJS := $(patsubst %,$(BUILD)/free/%.o,$(basename $(WORKLOAD_SRCS)))

$(BUILD)/free/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(FREE_CFLAGS) -c $< -o $@
$(BUILD)/free/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(FREE_CFLAGS) -c $< -o $@
$(BIN)/isolab-workload: $(WORKLOAD_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(FREE_LDFLAGS) -o $@ $^
