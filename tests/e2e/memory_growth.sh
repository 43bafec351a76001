# What mem:MiB must show: under every launcher the footprint grows by the
# MiB the workload touched, within 5%.
. "$(dirname "$0")/lib.sh"

footprint() { # launcher workload [options] -> median footprint_kib over 3 runs
	local launcher=$1 workload=$2
	shift 2
	"$ISOLAB" run --launcher "$launcher" --workload "$workload" -n 3 "$@" \
		--format json --output "$TEST_TMP/m.json" >/dev/null &&
		json_get "$TEST_TMP/m.json" 'int(d["summary"][0]["footprint_kib"]["median"])'
}

for launcher in process container microvm; do
	opts=()
	if [ "$launcher" = microvm ]; then
		if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
			skip "microvm: mem:64 grows the footprint" "cannot open /dev/kvm read-write here"
			continue
		fi
		opts=(--mem 128)
	fi
	base=$(footprint $launcher noop "${opts[@]}")
	big=$(footprint $launcher mem:64 "${opts[@]}")
	grown=$((big - base))
	check "$launcher: mem:64 grows the footprint by 64 MiB within 5% ($base -> $big KiB)" \
		test "$grown" -ge $((65536 * 95 / 100)) -a "$grown" -le $((65536 * 105 / 100))
done
# The root memory cgroup is not charged: the estimate needs a cgroup of our own.
own_memcg=$(sed -n 's/^[0-9]*:memory:\(.*\)/\1/p' /proc/self/cgroup)
[ -n "$own_memcg" ] || own_memcg=$(sed -n 's/^0::\(.*\)/\1/p' /proc/self/cgroup)
if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
	skip "microvm: KVM's kernel-side memory" "cannot open /dev/kvm read-write here"
elif [ "$own_memcg" = / ]; then
	skip "microvm: KVM's kernel-side memory" "isolab runs in the root memory cgroup, which the kernel does not charge"
else
	"$ISOLAB" run --launcher microvm -n 3 --format json --output "$TEST_TMP/k.json" >/dev/null
	kvm_kib=$(json_get "$TEST_TMP/k.json" 'sorted(r["counters"].get("kvm_kernel_kib_estimate", 0) for r in d["runs"])[1]')
	check "microvm: KVM's kernel-side memory is estimated ($kvm_kib KiB)" test "$kvm_kib" -gt 0
fi
finish
