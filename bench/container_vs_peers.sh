#!/usr/bin/env bash
# container_vs_peers: `isolab exec --launcher container -- noop` with full
# isolation (the defaults: every namespace, pivot_root into a tmpfs rootfs,
# Docker's seccomp profile and capabilities, cgroup limits) against the
# tools a student would otherwise reach for, each running the same static
# workload, whole command against whole command (bench/interleave).
#   target: isolab container / bwrap --unshare-all <= 0.75x
#   peers:  util-linux unshare, crun, runc, podman run --rm, the process
#           launcher and the bare workload, in a table; a peer that cannot
#           run here is listed with the reason.
# crun and podman refuse this machine's v1/v2 hybrid cgroup layout: they
# run in a private mount namespace with a cgroup2 over /sys/fs/cgroup
# (unshare -m; that wrapper is timed alone as crun-wrapper). crun runs
# with --cgroup-manager=disabled and podman with --cgroups=disabled: with
# cgroups, crun raises RLIMIT_MEMLOCK for its device eBPF filter, beyond
# the hard limit here. Their rlimits stay within the hard limits
# (--ulimit). podman uses a private store in a temporary directory, with
# an image imported from a tarball holding the workload (podman import).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
ROUNDS=${ROUNDS:-$(bench_size 2 5)}
RUNS=${RUNS:-$(bench_size 2 16)}
PEER_ROUNDS=${PEER_ROUNDS:-$(bench_size 1 3)}
PEER_RUNS=${PEER_RUNS:-$(bench_size 1 3)}
W=$WORKLOAD
T=$(mktemp -d /tmp/isolab-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
CT="$ISOLAB exec --launcher container -- noop"
BWRAP="bwrap --unshare-all --die-with-parent --ro-bind $W /w --proc /proc --dev /dev /w noop"
CG2="unshare -m sh -c 'mount -t cgroup2 none /sys/fs/cgroup && exec"

bench_section "container launcher vs bwrap --unshare-all ($ROUNDS rounds of $RUNS interleaved runs)"
if ! bench_try $CT; then
	bench_skip container.vs_bwrap "container, full isolation, whole command ÷ bwrap --unshare-all" "<=" 0.75 x \
		"isolab's container launcher cannot run here: $BENCH_WHY"
elif ! command -v bwrap >/dev/null || ! bench_try $BWRAP; then
	bench_skip container.vs_bwrap "container, full isolation, whole command ÷ bwrap --unshare-all" "<=" 0.75 x \
		"bwrap cannot run here: ${BENCH_WHY:-not installed (apt-get install bubblewrap)}"
else
	bench_interleave "$ROUNDS" "$RUNS" container.isolab "$CT" container.bwrap "$BWRAP"
	bench_ratio container.vs_bwrap "container, full isolation, whole command ÷ bwrap --unshare-all" \
		container.isolab container.bwrap "<=" 0.75
	if bench_missed container.vs_bwrap &&
		bench_isolab_run "$T/ct.json" --launcher container -n "$(bench_size 3 20)"; then
		# Work against waiting: per command, CPU time and hand-offs of
		# both (container/README.md, "Where the time goes").
		n=$(bench_size 2 20)
		ct_cpu=$(bench_cpu_profile "$n" $CT)
		bw_cpu=$(bench_cpu_profile "$n" $BWRAP)
		why=""
		[ -n "$ct_cpu" ] && [ -n "$bw_cpu" ] &&
			why="per command, isolab: $ct_cpu; bwrap: $bw_cpu (CPU time of all their processes: where isolab's share of CPU is smaller than its share of wall time, the difference is waiting - hand-offs between its parent, child, helper and init, RCU grace periods of mount namespace teardowns; see container/README.md)"
		bench_explain container.vs_bwrap "$T/ct.json" "$why"
	fi
fi
bench_section_end

# One OCI bundle (rootfs: the workload alone, at /w), shared by crun and runc.
make_bundle() {
	mkdir -p "$T/bundle/rootfs" && cp "$W" "$T/bundle/rootfs/w" &&
		(cd "$T/bundle" && { crun spec 2>/dev/null || runc spec; }) &&
		"$BENCH_PYTHON" - "$T/bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["terminal"] = False
c["process"]["args"] = ["/w", "noop"]
c["root"]["readonly"] = True
json.dump(c, open(sys.argv[1], "w"))
PY
}

# A podman store of our own, holding one image made from a tarball.
PODMAN="podman --root $T/podman/root --runroot $T/podman/run --cgroup-manager cgroupfs --storage-driver overlay"
make_podman_image() {
	mkdir -p "$T/podman/image" && cp "$W" "$T/podman/image/w" &&
		tar -C "$T/podman/image" -cf "$T/podman/workload.tar" w &&
		unshare -m sh -c "mount -t cgroup2 none /sys/fs/cgroup && exec $PODMAN import -q $T/podman/workload.tar localhost/isolab-bench-workload"
}

names=() cmds=()
# peer NAME VERSION COMMAND: a peer that runs joins the interleaved set;
# one that cannot is listed with the reason.
peer() {
	if bench_try sh -c "$3"; then
		names+=("peer.$1") cmds+=("$3")
		bench_peer "$1" "$2" "peer.$1" peer.isolab-container
	else
		bench_peer "$1" "$2" "peer.$1" peer.isolab-container "$BENCH_WHY"
	fi
}
version_of() { "$@" 2>&1 | head -1 | cut -c1-60; }
installed() { command -v "$1" >/dev/null; }

bench_section "container launcher vs its peers ($PEER_ROUNDS rounds of $PEER_RUNS interleaved runs each)"
peer isolab-container "isolab $(version_of "$ISOLAB" --version | awk '{print $NF}')" "$CT"
peer isolab-process "isolab" "$ISOLAB exec --launcher process -- noop"
peer bare "-" "$W noop"
if installed bwrap; then peer bwrap "$(version_of bwrap --version)" "$BWRAP"
else bench_peer bwrap - peer.bwrap peer.isolab-container "not installed (apt-get install bubblewrap)"; fi
peer unshare "$(version_of unshare --version)" "unshare -mpfuUin --mount-proc $W noop"
if ! installed crun && ! installed runc; then
	bench_peer crun - peer.crun peer.isolab-container "not installed (apt-get install crun)"
	bench_peer runc - peer.runc peer.isolab-container "not installed (apt-get install runc)"
elif ! make_bundle >"$T/bundle.log" 2>&1; then
	bench_peer crun/runc - peer.crun peer.isolab-container "could not build an OCI bundle: $(tail -1 "$T/bundle.log")"
else
	if installed crun; then
		peer crun "$(version_of crun --version)" "$CG2 crun --cgroup-manager=disabled run --bundle $T/bundle isolab-bench-crun-$$'"
		peer crun-wrapper "unshare+sh+mount, no container" "$CG2 true'"
	else
		bench_peer crun - peer.crun peer.isolab-container "not installed (apt-get install crun)"
	fi
	if installed runc; then peer runc "$(version_of runc --version)" "runc run --bundle $T/bundle isolab-bench-runc-$$"
	else bench_peer runc - peer.runc peer.isolab-container "not installed (apt-get install runc)"; fi
fi
if ! installed podman; then
	bench_peer podman - peer.podman peer.isolab-container "not installed (apt-get install podman)"
elif ! bench_try make_podman_image; then
	bench_peer podman "$(version_of podman --version)" peer.podman peer.isolab-container "podman import failed: $BENCH_WHY"
else
	peer podman "$(version_of podman --version)" "$CG2 $PODMAN run --rm --network none --cgroups=disabled --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 localhost/isolab-bench-workload /w noop'"
fi
args=()
for i in "${!names[@]}"; do args+=("${names[$i]}" "${cmds[$i]}"); done
[ ${#args[@]} -gt 0 ] && bench_interleave "$PEER_ROUNDS" "$PEER_RUNS" "${args[@]}"
bench_results peers peer.isolab-container
bench_section_end
