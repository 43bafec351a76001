#!/usr/bin/env bash
# --output onto every kind of target: a character device or FIFO is written
# in place, a symlink is followed, /dev/stdout and "-" go to standard output,
# anything else is refused, and nothing is ever renamed over a non-regular
# file. The checks run in a private mount namespace with a tmpfs over a
# scratch directory and over /dev, so even a regression cannot replace the
# machine's real device nodes.
. "$(dirname "$0")/lib.sh"

if [ "${ISOLAB_OUTPUT_TARGETS_INNER:-}" != 1 ]; then
	if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
		skip "output targets" "needs root and unshare (for a private /dev)"
		finish
	fi
	mkdir -p "$TEST_TMP/scratch"
	ISOLAB_OUTPUT_TARGETS_INNER=1 SCRATCH=$TEST_TMP/scratch \
		unshare -m --propagation private bash "$0"
	rc=$?
	[ $rc -eq 0 ] || FAILED=1
	finish
fi

# Inside the private mount namespace from here on.
S=$SCRATCH
if ! mount -t tmpfs isolab-scratch "$S" || ! mount -t tmpfs isolab-dev /dev ||
	[ "$(stat -f -c %T /dev)" != tmpfs ] || [ -e /dev/kvm ] || [ -e /dev/sda ]; then
	fail "private /dev" "could not mount a tmpfs over /dev; nothing was run"
	finish
fi
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/full c 1 7
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr

RUN=(run --launcher process --workload noop -n 2 --warmup 0 -f csv)
HEADER='launcher,workload,rep,'
inode() { stat -c '%i %F' "$1"; }
no_temp_files() { ! ls -a "$S" /dev | grep -q '\.tmp-'; }

before=$(inode /dev/null)
capture "$ISOLAB" "${RUN[@]}" -o /dev/null
check "-o char device: exit 0, nothing on stdout" test "$RC" -eq 0 -a -z "$OUT"
check "-o char device: the node is the same character device" \
	test "$(inode /dev/null)" = "$before" -a "$before" != "${before% character special file}"

before=$(inode /dev/full)
capture "$ISOLAB" "${RUN[@]}" -o /dev/full
check "-o /dev/full: exit 1 with one line naming the device and ENOSPC" \
	test "$RC" -eq 1 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 \
	-a -n "$(printf %s "$ERR" | grep '/dev/full' | grep 'No space left')"
check "-o /dev/full: the node is unchanged" test "$(inode /dev/full)" = "$before"

# density and probe write through the same code.
before=$(inode /dev/full)
capture "$ISOLAB" probe --launcher process -o /dev/full
check "probe -o /dev/full: exit 1 naming the device, node unchanged" \
	test "$RC" -eq 1 -a -n "$(printf %s "$ERR" | grep -F 'writing /dev/full: No space left')" \
	-a "$(inode /dev/full)" = "$before"
before=$(inode /dev/null)
capture "$ISOLAB" density --launcher process --count 1 -f csv -o /dev/null
check "density -o /dev/null: exit 0, node unchanged" test "$RC" -eq 0 -a "$(inode /dev/null)" = "$before"

mkfifo "$S/fifo"
before=$(inode "$S/fifo")
timeout 60 cat "$S/fifo" >"$S/fifo.out" &
reader=$!
capture timeout 60 "$ISOLAB" "${RUN[@]}" -o "$S/fifo"
[ -p "$S/fifo" ] || kill "$reader" 2>/dev/null # a regression replaced it
wait "$reader"
check "-o FIFO: exit 0, a reader gets the CSV" \
	test "$RC" -eq 0 -a "$(head -c ${#HEADER} "$S/fifo.out")" = "$HEADER"
check "-o FIFO: still the same FIFO" test "$(inode "$S/fifo")" = "$before"

# Ctrl-C while waiting for a FIFO's reader ends the wait.
mkfifo "$S/lonely"
"$ISOLAB" "${RUN[@]}" -o "$S/lonely" >/dev/null 2>"$S/lonely.err" </dev/null &
pid=$!
sleep 0.5
kill -INT "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
	kill -9 "$pid"
	fail "Ctrl-C while waiting for a FIFO reader" "isolab still waits after 10 s"
else
	wait "$pid"
	RC=$? OUT="" ERR=$(cat "$S/lonely.err")
	check "Ctrl-C while waiting for a FIFO reader: exit 130, one line" \
		test "$RC" -eq 130 -a "$(wc -l <"$S/lonely.err")" -eq 1 -a -p "$S/lonely"
fi

echo old >"$S/real.csv"
chmod 600 "$S/real.csv"
ln -s real.csv "$S/link"
capture "$ISOLAB" "${RUN[@]}" -o "$S/link"
check "-o symlink: the link stays a link to the same name" \
	test "$RC" -eq 0 -a -L "$S/link" -a "$(readlink "$S/link")" = real.csv
check "-o symlink: its target holds the CSV, mode kept" \
	test "$(head -c ${#HEADER} "$S/real.csv")" = "$HEADER" -a "$(stat -c %a "$S/real.csv")" = 600

ln -s "$S/sub/new.csv" "$S/dangling"
mkdir "$S/sub"
capture "$ISOLAB" "${RUN[@]}" -o "$S/dangling"
check "-o dangling symlink: its target is created, the link kept" \
	test "$RC" -eq 0 -a -L "$S/dangling" -a "$(head -c ${#HEADER} "$S/sub/new.csv")" = "$HEADER"

ln -s /dev/null "$S/to-null"
before=$(inode /dev/null)
capture "$ISOLAB" "${RUN[@]}" -o "$S/to-null"
check "-o symlink to a device: written in place, link and node unchanged" \
	test "$RC" -eq 0 -a -L "$S/to-null" -a "$(inode /dev/null)" = "$before"

before=$(inode /dev/stdout)
capture "$ISOLAB" "${RUN[@]}" -o /dev/stdout
check "-o /dev/stdout: the CSV on standard output" \
	test "$RC" -eq 0 -a "${OUT:0:${#HEADER}}" = "$HEADER"
check "-o /dev/stdout: still a symlink" test -L /dev/stdout -a "$(inode /dev/stdout)" = "$before"
piped=$("$ISOLAB" "${RUN[@]}" -o /dev/stdout </dev/null 2>/dev/null | cat)
check "-o /dev/stdout into a pipe" test "${piped:0:${#HEADER}}" = "$HEADER"

echo "old log line" >"$S/log"
"$ISOLAB" "${RUN[@]}" -o /dev/stdout >>"$S/log" 2>/dev/null </dev/null
check "-o /dev/stdout appended with >>: the earlier line is kept" \
	test "$(head -1 "$S/log")" = "old log line" -a "$(sed -n 2p "$S/log" | head -c ${#HEADER})" = "$HEADER"

cd "$S" || exit 1
capture "$ISOLAB" "${RUN[@]}" -o -
cd - >/dev/null || exit 1
check "-o -: the CSV on standard output, no file named -" \
	test "$RC" -eq 0 -a "${OUT:0:${#HEADER}}" = "$HEADER" -a ! -e "$S/-"

# Refused: one line, exit 2, nothing measured, the node untouched.
mknod "$S/block" b 7 250
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$S/sock"
for target in block sock; do
	before=$(inode "$S/$target")
	expect_usage_error "-o $target: refused" "${RUN[@]}" -o "$S/$target"
	check "-o $target: the error names the path" test -n "$(printf %s "$ERR" | grep -F "$S/$target")"
	check "-o $target: unchanged" test "$(inode "$S/$target")" = "$before"
done
ln -s block "$S/to-block"
expect_usage_error "-o symlink to a block device: refused" "${RUN[@]}" -o "$S/to-block"

# A symlink planted by another user in a shared sticky directory is not
# followed (what fs.protected_symlinks does for open()).
mkdir -m 1777 "$S/shared"
echo keep >"$S/victim"
ln -s "$S/victim" "$S/shared/out.csv"
chown -h 65534 "$S/shared/out.csv"
expect_usage_error "-o another user's symlink in a sticky directory: refused" \
	"${RUN[@]}" -o "$S/shared/out.csv"
check "the planted symlink's target is unchanged" test "$(cat "$S/victim")" = keep

check "no temporary file left anywhere" no_temp_files
finish
