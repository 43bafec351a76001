#!/usr/bin/env bash
# Container startup vs. its peers: `isolab exec --launcher container -- noop`
# with full isolation (every namespace, pivot_root into a tmpfs rootfs,
# default seccomp, Docker's capabilities, cgroup limits) against bwrap
# --unshare-all, util-linux unshare, crun and runc running the same static
# binary, all timed by one hyperfine invocation (same timer, same run,
# interleaved warmups). Targets: <= 1.0x bwrap, <= 0.5x crun.
#
# crun refuses this machine's v1/v2 hybrid cgroup layout, so it runs in a
# private mount namespace with a cgroup2 over /sys/fs/cgroup and
# --cgroup-manager=disabled. The verdict compares with that command; the
# wrapper (unshare + sh + mount) is also timed alone and a stricter ratio
# against crun minus the wrapper is printed for information.
#
# Environment: ISOLAB (default bin/isolab), WORKLOAD (isolab-workload next
# to it), RUNS (default 200 per tool) split over ROUNDS (default 5). Exits 0 when it ran, whatever the verdicts.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ISOLAB=${ISOLAB:-$ROOT/bin/isolab}
WORKLOAD=${WORKLOAD:-$(dirname "$ISOLAB")/isolab-workload}
RUNS=${RUNS:-200}
ROUNDS=${ROUNDS:-5}

for f in "$ISOLAB" "$WORKLOAD"; do
	[ -x "$f" ] || { echo "container_vs_peers: $f missing (run make)"; exit 1; }
done
command -v hyperfine >/dev/null || { echo "container_vs_peers: needs hyperfine (apt-get install hyperfine)"; exit 1; }
command -v python3 >/dev/null || { echo "container_vs_peers: needs python3"; exit 1; }

T=$(mktemp -d /tmp/isolab-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT

# One OCI bundle (rootfs: the workload alone, at /w), shared by crun and runc.
make_bundle() {
	mkdir -p "$T/bundle/rootfs" && cp "$WORKLOAD" "$T/bundle/rootfs/w" &&
		(cd "$T/bundle" && crun spec >/dev/null 2>&1 || runc spec) &&
		python3 - "$T/bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["terminal"] = False
c["process"]["args"] = ["/w", "noop"]
c["root"]["readonly"] = True
json.dump(c, open(sys.argv[1], "w"))
PY
}

names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
unavailable() { printf '  %-16s cannot run: %s\n' "$1" "$2"; }

# Probe a peer once; add it only if it works here, else say why.
probe() { # NAME COMMAND
	local out
	if out=$(eval "$2" 2>&1 </dev/null); then
		add "$1" "$2"
	else
		unavailable "$1" "$(printf %s "$out" | tail -1 | cut -c1-120)"
	fi
}

W=$WORKLOAD
CT="$ISOLAB exec --launcher container --cgroup mem=64M,pids=64"
echo "container launcher vs peers ($RUNS runs each in $ROUNDS interleaved rounds, medians; $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
probe isolab-container "$CT -- noop"
probe isolab-ct-bind "$CT --rootfs-binary bind -- noop"
probe isolab-ct-copy "$CT --rootfs-binary copy -- noop"
probe isolab-process "$ISOLAB exec --launcher process -- noop"
probe bare "$W noop"
if command -v bwrap >/dev/null; then
	probe bwrap "bwrap --unshare-all --die-with-parent --ro-bind $W /w --proc /proc --dev /dev /w noop"
else
	unavailable bwrap "not installed (apt-get install bubblewrap)"
fi
probe unshare "unshare -mpfuUin --mount-proc $W noop"
if command -v crun >/dev/null || command -v runc >/dev/null; then
	if make_bundle >"$T/bundle.log" 2>&1; then
		B=$T/bundle
		if command -v crun >/dev/null; then
			wrap="unshare -m sh -c 'mount -t cgroup2 none /sys/fs/cgroup && exec"
			probe crun "$wrap crun --cgroup-manager=disabled run --bundle $B isolab-bench-crun'"
			probe crun-wrapper "$wrap true'"
		else
			unavailable crun "not installed (apt-get install crun)"
		fi
		if command -v runc >/dev/null; then
			probe runc "runc run --bundle $B isolab-bench-runc"
		else
			unavailable runc "not installed (apt-get install runc)"
		fi
	else
		unavailable crun/runc "could not build an OCI bundle: $(tail -1 "$T/bundle.log")"
	fi
else
	unavailable crun "not installed (apt-get install crun)"
	unavailable runc "not installed (apt-get install runc)"
fi

# Rounds: every tool runs RUNS/ROUNDS times per round, so a change of load
# on the machine hits all of them alike; medians are over all rounds.
for round in $(seq "$ROUNDS"); do
	if ! hyperfine -N -w 5 -r $((RUNS / ROUNDS)) --export-json "$T/h$round.json" \
		"${cmds[@]}" >"$T/h.log" 2>&1; then
		echo "container_vs_peers: hyperfine failed:"
		tail -5 "$T/h.log"
		exit 1
	fi
done

W_PATH=$W python3 - "$T" "$ROUNDS" "${names[@]}" <<'PY'
import json, statistics, sys
tmp, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = {n: [] for n in names}
commands = {}
for i in range(1, rounds + 1):
    for n, r in zip(names, json.load(open("%s/h%d.json" % (tmp, i)))["results"]):
        times[n] += r["times"]
        commands[n] = r["command"]
med = {n: statistics.median(t) * 1e3 for n, t in times.items()}
for n in names:
    t = times[n]
    print("  %-16s median %7.2f ms   (min %.2f, p90 %.2f, n=%d)  %s"
          % (n, med[n], min(t) * 1e3, sorted(t)[int(len(t) * 0.9)] * 1e3, len(t), commands[n][:80]))
if "crun" in med and "crun-wrapper" in med:
    med["crun-net"] = med["crun"] - med["crun-wrapper"]
    print("  %-16s median %7.2f ms   (crun minus its cgroup2 wrapper)" % ("crun-net", med["crun-net"]))
me = med.get("isolab-container")
def verdict(label, base, limit):
    if me is None or base not in med:
        print("  %-34s n/a (%s did not run)" % (label, base))
        return
    ratio = me / med[base]
    print("  %-34s %.2fx  (target <= %.1fx)  %s" % (label, ratio, limit, "PASS" if ratio <= limit else "MISS"))
print()
verdict("isolab container / bwrap", "bwrap", 1.0)
verdict("isolab container / crun", "crun", 0.5)
if me is not None and "crun-net" in med:
    print("  %-34s %.2fx  (information: crun without its wrapper)" % ("isolab container / crun-net", me / med["crun-net"]))
for base in ("unshare", "runc", "isolab-process", "bare"):
    if me is not None and base in med:
        print("  %-34s %.2fx" % ("isolab container / " + base, me / med[base]))
if "isolab-ct-bind" in med and "isolab-ct-copy" in med:
    print("  rootfs binary: bind %.2f ms, copy %.2f ms -> %s is faster for this %d KiB binary"
          % (med["isolab-ct-bind"], med["isolab-ct-copy"],
             "copy" if med["isolab-ct-copy"] < med["isolab-ct-bind"] else "bind",
             __import__("os").path.getsize(__import__("os").environ.get("W_PATH", "/dev/null")) // 1024))
PY
