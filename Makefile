# isolab: `make` builds bin/isolab and bin/isolab-workload; `make test` runs
# every test; `make demo` compares the launchers. Both install missing
# Debian packages first (lab/scripts/install-deps.sh).
#
# BUILD and BIN may be overridden to keep several builds apart, e.g. the
# sanitizer build: make SAN=1 BUILD=build/san BIN=build/san/bin

.DEFAULT_GOAL := all
BUILD ?= build
BIN ?= bin
PREFIX ?= /usr/local
CC ?= cc
OPT ?= -O2 -g
WARN := -std=gnu11 -Wall -Wextra -Werror
CPPFLAGS := -D_GNU_SOURCE -I. -I$(BUILD)/gen
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(SAN),fuzz)
# `make fuzz` (tests/fuzz/fuzz.mk): clang, libFuzzer's coverage, ASan+UBSan.
# (clang warns about libseccomp's SCMP_A0() and a GNU extension the VMM uses
# for struct kvm_msrs, both of which gcc accepts.)
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -Wno-missing-field-initializers \
	-Wno-gnu-variable-sized-type-not-at-end
else
# isolab is linked statically: on these VMs the dynamic loader alone costs
# about 0.4 ms of every `isolab exec`, which the benchmarks would charge
# to the launchers. (Sanitizers need the dynamic runtime.)
STATIC := -static
endif
HOST_CFLAGS := $(WARN) $(OPT) $(SANFLAGS) $(CPPFLAGS) -MMD -MP

# Freestanding code (the workload, the guest kernel): no libc, no runtime.
FREE_CFLAGS := $(WARN) -O2 -g -I. -I$(BUILD)/gen -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-pie -fno-asynchronous-unwind-tables \
	-mno-red-zone -MMD -MP
FREE_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none

# System call names, from this machine's <asm/unistd.h> (lab/probe/reach.h).
# Every object may include it, so it exists before any is compiled; -MMD
# then tracks who does.
GEN_SYSCALL_NAMES := $(BUILD)/gen/syscall_names.h
$(GEN_SYSCALL_NAMES): lab/scripts/gen-syscall-names.sh
	@mkdir -p $(dir $@)
	lab/scripts/gen-syscall-names.sh "$(CC)" $@

# The launcher registry's list (lab/core/launchers.h), from LAUNCHERS. Rewritten
# only when the list changes, so it is checked on every make.
GEN_LAUNCHERS := $(BUILD)/gen/launchers.def
$(GEN_LAUNCHERS): FORCE
	@mkdir -p $(dir $@)
	@lab/scripts/gen-launchers.sh $@ $(LAUNCHERS)
FORCE:
GEN_HEADERS := $(GEN_SYSCALL_NAMES) $(GEN_LAUNCHERS)

# The Makefile follows the tree: each folder of lab/ lists its sources in
# its module.mk (LAB_SRCS, and LAB_LIBS for what it links beyond libc);
# tests/layers.sh fails when a source is listed by none. lab/cli's main.c
# (ISOLAB_MAIN) goes only into bin/isolab; the freestanding workload
# (lab/workload/module.mk) is built apart.
LAB_SRCS :=
LAB_LIBS :=
include $(sort $(wildcard lab/*/module.mk))
LAUNCHER_SRCS :=
# Each launcher's module.mk adds its name to LAUNCHERS; their order here is
# the order compare shows them.
LAUNCHERS :=
include process/module.mk container/module.mk microvm/module.mk
# The container launcher's libcap and libseccomp; libm and threads for all.
LDLIBS := $(LAB_LIBS) -lcap -lseccomp -lm -lpthread

CORE_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(LAB_SRCS) $(LAUNCHER_SRCS))

PROGRAMS := $(BIN)/isolab $(BIN)/isolab-workload $(EXTRA_PROGRAMS)
all: $(PROGRAMS)

$(BUILD)/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

$(BIN)/isolab: $(patsubst %.c,$(BUILD)/%.o,$(ISOLAB_MAIN)) $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) $(STATIC) -o $@ $^ $(LDLIBS)

# Unit tests: tests/unit/test_NAME.c, each its own cmocka program.
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS) -lcmocka
unit-tests: $(UNIT_TESTS)
include tests/fuzz/fuzz.mk

# Benchmarks: bench/NAME.c, each its own program linked with the core.
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_PROGRAMS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
$(BUILD)/bench/%: $(BUILD)/bench/%.o $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@lab/scripts/install-deps.sh

# The two commands of the README. compare exits 3 when a launcher cannot
# run here (a chroot, a container, no KVM): the table, with the reason, is
# the demo then.
# demo and test build on every core unless make was given its own -j: the
# two builds of `make test` took about 3 of its 10 minutes one file at a
# time on a 2-core machine.
PARALLEL = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 1))

demo: deps
	@$(MAKE) --no-print-directory $(PARALLEL) all
	./$(BIN)/isolab compare || test $$? -eq 3

test: deps
	@$(MAKE) --no-print-directory $(PARALLEL) all unit-tests bench-programs
	@$(MAKE) --no-print-directory $(PARALLEL) SAN=1 BUILD=build/san BIN=build/san/bin all unit-tests
	@tests/run-all.sh

bench-programs: $(BENCH_PROGRAMS)

# Every comparison in interleaved rounds; writes $(BUILD)/bench/results.json
# and results.md (bench/run-all.sh). Ends within about 5 minutes.
bench: all $(BENCH_PROGRAMS)
	@lab/scripts/install-deps.sh bench
	BUILD=$(BUILD) BIN=$(BIN) bench/run-all.sh

# install and uninstall honour DESTDIR (staged installs, Debian packaging).
# uninstall removes exactly the files install puts in place, and the
# libexec/isolab and share/isolab directories, which are isolab's own;
# bin/ and share/man/man1 are shared with every other program and stay.
# The guided labs (isolab lab, isolab check) go to share/isolab/curriculum,
# solutions included, for the teacher (curriculum/README.md says to remove
# them before handing the labs out).
HELPERS := $(BIN)/isolab-workload $(EXTRA_PROGRAMS)
INSTALLED := $(PREFIX)/bin/isolab \
	$(addprefix $(PREFIX)/libexec/isolab/,$(notdir $(HELPERS))) \
	$(PREFIX)/share/man/man1/isolab.1
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/isolab \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN)/isolab $(DESTDIR)$(PREFIX)/bin/isolab
	install -m 755 $(HELPERS) $(DESTDIR)$(PREFIX)/libexec/isolab/
	install -m 644 lab/isolab.1 $(DESTDIR)$(PREFIX)/share/man/man1/isolab.1
	install -d $(DESTDIR)$(PREFIX)/share/isolab
	cp -R curriculum $(DESTDIR)$(PREFIX)/share/isolab/

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rmdir $(DESTDIR)$(PREFIX)/libexec/isolab 2>/dev/null || true
	rm -rf $(DESTDIR)$(PREFIX)/share/isolab/curriculum
	rmdir $(DESTDIR)$(PREFIX)/share/isolab 2>/dev/null || true

clean:
	rm -rf build bin

.PHONY: FORCE all deps demo test bench bench-programs install uninstall clean unit-tests
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
