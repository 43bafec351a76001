# isolab probe across launchers: the container's seccomp profile blocks
# what a process reaches, and the micro-VM's workload reaches no host
# system call directly.
. "$(dirname "$0")/lib.sh"

launchers=process,container
kvm=yes
if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
	skip "probe: microvm" "cannot open /dev/kvm read-write here"
	kvm=no
else
	launchers=$launchers,microvm
fi
capture "$ISOLAB" probe --launcher $launchers --format json --output "$TEST_TMP/p.json"
check "probe over $launchers succeeds" test "$RC" -eq 0
q() { json_get "$TEST_TMP/p.json" "$1"; }
cls='lambda l, name: [s["class"] for p in d["probe"] if p["launcher"] == l for s in p["syscalls"] if s.get("name") == name][0]'
check "keyctl: reached by a process, blocked in the container (seccomp)" \
	test "$(q "($cls)('process','keyctl'), ($cls)('container','keyctl')")" = "('reached', 'blocked')"
check "getpid is reached in the container" test "$(q "($cls)('container','getpid')")" = reached
check "each report names its launcher's options as probed (container: --seccomp default)" \
	test "$(q '[p["options"].get("seccomp") for p in d["probe"] if p["launcher"] in ("process", "container")]')" = "[None, 'default']"
capture "$ISOLAB" probe --launcher container --seccomp off --format json --output "$TEST_TMP/off.json"
check "probe --seccomp off says so in its results" \
	test "$(json_get "$TEST_TMP/off.json" 'd["probe"][0]["options"]["seccomp"]')" = off
check "the container's workload state is unchanged by the sweep" \
	test "$(q '[p for p in d["probe"] if p["launcher"] == "container"][0]["self_state"]["unchanged"]')" = True
if [ $kvm = yes ]; then
	check "microvm: no system call reaches the host kernel directly" \
		test "$(q '[p for p in d["probe"] if p["launcher"] == "microvm"][0]["host_direct"]')" = 0
	check "microvm: the guest kernel implements getpid, not keyctl" \
		test "$(q "($cls)('microvm','getpid'), ($cls)('microvm','keyctl')")" = "('reached', 'absent')"
	check "microvm: the VMM's host syscall allowlist is listed" \
		test "$(q '[p for p in d["probe"] if p["launcher"] == "microvm"][0]["vmm_allowlist"]["count"] > 0')" = True
fi
finish
