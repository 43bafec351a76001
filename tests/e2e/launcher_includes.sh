#!/usr/bin/env bash
# launcher_includes: dependencies between lab/ and the launchers point one
# way. A launcher (process/, container/, microvm/) includes from lab/ only
# the launcher interface, errors and host-level helpers (and the protocol
# headers it shares with the workload), never the measurement core, the
# writers, reach or the CLI; lab/ includes nothing from a launcher's folder
# but the registry, lab/launchers.c, which only includes the generated
# list. (Until lab/ is split into layers, the list of host-level headers
# is kept here; tests/layers.sh will check the layers as a whole.)
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

ALLOWED='launcher|err|channel|child_fds|clock|elf_check|exit_peak|hostinfo|kmem|ns_advice|ns_cause|numparse|paths|procfs|pump|syscall_table|text|util|probe_proto|workload_proto'

bad=$(grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"lab/' \
	process/*.[ch] container/*.[ch] microvm/*.[ch] 2>/dev/null |
	grep -Ev "\"lab/($ALLOWED)\.h\"")
if [ -z "$bad" ]; then
	pass "launchers include only the interface and host-level lab/ headers"
else
	fail "launchers include only the interface and host-level lab/ headers" \
		"upward include(s): $(echo "$bad" | tr '\n' ' ')"
fi

bad=$(grep -rHn --include='*.[ch]' \
	'^[[:space:]]*#[[:space:]]*include[[:space:]]*"\(process\|container\|microvm\)/' lab)
if [ -z "$bad" ]; then
	pass "lab/ includes nothing from the launchers' folders"
else
	fail "lab/ includes nothing from the launchers' folders" \
		"$(echo "$bad" | tr '\n' ' ')"
fi

# The registry names no launcher by hand: its list is generated.
if grep -Eq '(process|container|microvm)_launcher' lab/launchers.c lab/launchers.h; then
	fail "the registry's list is generated" "lab/launchers.[ch] name a launcher"
else
	pass "the registry's list is generated"
fi
exit $FAILED
