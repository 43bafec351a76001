#!/usr/bin/env bash
# The dashboard's own CPU use with the launches paused, at the default
# redraw interval: its process's CPU time (utime + stime from
# /proc/PID/stat, every thread) over 10 s of wall time, in % of one core.
# Target (issue 12): below 2%. Runs under its own tmux server.
set -u
cd "$(dirname "$0")/.."
ISOLAB=${ISOLAB:-$PWD/bin/isolab}
SECS=${SECS:-10}
SOCK=isolab-bench-$$
T="tmux -L $SOCK"
trap '$T kill-server 2>/dev/null' EXIT
command -v tmux >/dev/null || { echo "SKIP dashboard_cpu: tmux is not installed"; exit 0; }

$T new-session -d -x 120 -y 40 "LANG=C.UTF-8 $ISOLAB dashboard --launcher process,container,microvm; sleep 60"
for ((i = 0; i < 100; i++)); do
	$T capture-pane -p | grep -q '^process .*runs\|^runs [1-9]' && break
	sleep 0.1
done
$T send-keys ' '
for ((i = 0; i < 100; i++)); do
	$T capture-pane -p | grep -q 'PAUSED' && break
	sleep 0.1
done
sleep 1 # the cancelled runs' teardown
PID=$(pgrep -P "$($T display -p '#{pane_pid}')" -f 'isolab dashboard' | head -1)
[ -n "$PID" ] || PID=$($T display -p '#{pane_pid}')
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
HZ=$(getconf CLK_TCK)
t0=$(ticks); w0=$(date +%s.%N)
sleep "$SECS"
t1=$(ticks); w1=$(date +%s.%N)
$T send-keys q
pct=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" -v w0="$w0" -v w1="$w1" \
	'BEGIN { printf "%.2f", 100 * (b - a) / hz / (w1 - w0) }')
verdict=$(awk -v p="$pct" 'BEGIN { print (p < 2) ? "PASS" : "MISS" }')
echo "dashboard paused: $pct% of one core over ${SECS} s (CPU time $(( t1 - t0 )) ticks at $HZ Hz), target < 2%: $verdict"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
