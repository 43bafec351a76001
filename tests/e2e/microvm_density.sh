# isolab density with the micro-VM launcher: 1000 VMs at once, at most
# 2 MiB each, and nothing left afterwards.
. "$(dirname "$0")/lib.sh"

if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
	skip "microvm density" "cannot open /dev/kvm read-write here"
	finish
fi
capture "$ISOLAB" density --launcher microvm --count 10,1000 --format json --output "$TEST_TMP/d.json"
check "microvm density 10,1000 succeeds" test "$RC" -eq 0
check "all 1000 micro-VMs became ready" \
	test "$(json_get "$TEST_TMP/d.json" '[s["ready"] for s in d["density"]]')" = "[10, 1000]"
per=$(json_get "$TEST_TMP/d.json" '(d["density"][1]["memory_kib"]) // 1000')
check "1000 micro-VMs cost at most 2 MiB each, harness included ($per KiB)" test "$per" -gt 0 -a "$per" -le 2048
check "isolab's fds and threads are back where they were after each step" \
	test "$(json_get "$TEST_TMP/d.json" 'all(s["failure"] == "" for s in d["density"])')" = True
finish
