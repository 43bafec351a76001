# microvm: the KVM micro-VM launcher (host side, linked into isolab) and
# its guest kernel (freestanding, installed as isolab-guest).
LAUNCHERS += microvm
LAUNCHER_SRCS += $(wildcard microvm/*.c)

# The guest kernel never saves the workload's SSE state, so it must not use
# SSE itself: -mgeneral-regs-only.
GUEST_CFLAGS := $(FREE_CFLAGS) -mgeneral-regs-only -fno-pic
GUEST_SRCS := $(wildcard microvm/guest/*.c) $(wildcard microvm/guest/*.S)
GUEST_OBJS := $(patsubst %,$(BUILD)/guest/%.o,$(basename $(GUEST_SRCS)))

$(BUILD)/guest/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@
$(BUILD)/guest/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

$(BIN)/isolab-guest: $(GUEST_OBJS) microvm/guest/guest.ld
	@mkdir -p $(dir $@)
	$(CC) $(FREE_LDFLAGS) -Wl,-T,microvm/guest/guest.ld \
		-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -o $@ $(GUEST_OBJS)

EXTRA_PROGRAMS += $(BIN)/isolab-guest
