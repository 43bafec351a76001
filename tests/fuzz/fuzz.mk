# tests/fuzz: libFuzzer harnesses for every parser of untrusted input.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZERS="elf_check hypercall"]
#     builds each harness with clang -fsanitize=fuzzer,address,undefined
#     (in build/fuzz) and runs it for FUZZ_SECONDS, seeded from
#     tests/fuzz/corpus/NAME. New inputs go to build/fuzz/corpus/NAME
#     (not committed); crashes go to tests/fuzz/regressions/NAME, which
#     `make test` replays from then on, so commit them with their fix.
#   tests/fuzz/corpus/NAME holds the seeds (make-seeds.py, named) and the
#     inputs libFuzzer's -merge=1 kept from long runs (named by SHA-1):
#     fuzz-NAME -merge=1 tests/fuzz/corpus/NAME build/fuzz/corpus/NAME
#   make unit-tests builds $(BUILD)/tests/fuzz-replay-NAME: the same
#     harness under gcc and the build's sanitizers, driven by replay.c.
FUZZ_NAMES := $(patsubst tests/fuzz/%.c,%,$(filter-out tests/fuzz/replay.c,$(wildcard tests/fuzz/*.c)))
FUZZ_REPLAYS := $(patsubst %,$(BUILD)/tests/fuzz-replay-%,$(FUZZ_NAMES))
FUZZ_SECONDS ?= 60
FUZZERS ?= $(FUZZ_NAMES)

$(BUILD)/tests/fuzz-replay-%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)
unit-tests: $(FUZZ_REPLAYS)

# The libFuzzer build: SAN=fuzz compiles the core with clang's coverage
# instrumentation (fuzzer-no-link); each harness links libFuzzer's main.
$(BUILD)/fuzzers/fuzz-%: $(BUILD)/tests/fuzz/%.o $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(subst fuzzer-no-link,fuzzer,$(SANFLAGS)) -o $@ $^ $(LDLIBS)
fuzzers: $(patsubst %,$(BUILD)/fuzzers/fuzz-%,$(FUZZ_NAMES))

fuzz:
	@$(MAKE) --no-print-directory CC=clang SAN=fuzz BUILD=build/fuzz BIN=build/fuzz/bin fuzzers
	@set -e; for f in $(FUZZERS); do \
		mkdir -p build/fuzz/corpus/$$f tests/fuzz/regressions/$$f; \
		echo "== fuzz-$$f for $(FUZZ_SECONDS) s"; \
		build/fuzz/fuzzers/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=tests/fuzz/regressions/$$f/ \
			build/fuzz/corpus/$$f tests/fuzz/corpus/$$f; \
	done

.PHONY: fuzz fuzzers
.SECONDARY: $(patsubst %,$(BUILD)/tests/fuzz/%.o,$(FUZZ_NAMES) replay)
