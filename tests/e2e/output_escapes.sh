#!/usr/bin/env bash
# Bytes from the workload never reach the terminal raw: a program that sends
# escape sequences on the control channel gets them quoted as \xNN in
# isolab's error, and a program whose file name is not UTF-8 (and holds
# control characters) gives valid JSON and a one-line table row.
. "$(dirname "$0")/lib.sh"

# A freestanding static program (no libc, so every launcher, the micro-VM
# included, runs it) that writes its message to the control channel, fd 3.
cat >"$TEST_TMP/evil.c" <<'C'
static const char msg[] = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\n";
void _start(void)
{
	long rc;
	__asm__ volatile("syscall" : "=a"(rc) : "a"(1), "D"(3), "S"(msg),
			 "d"(sizeof(msg) - 1) : "rcx", "r11", "memory");
	__asm__ volatile("syscall" : : "a"(60), "D"(0));
	for (;;)
		;
}
C
if ! cc -O2 -static -no-pie -nostdlib -ffreestanding -fno-stack-protector \
	-o "$TEST_TMP/evil" "$TEST_TMP/evil.c" 2>"$TEST_TMP/cc.err"; then
	skip "escaped protocol errors" "cc -static -nostdlib failed: $(head -1 "$TEST_TMP/cc.err")"
	finish
fi

# Control bytes other than newline and tab, as a terminal would act on them.
no_raw_controls() { ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$1"; }

for launcher in process container microvm; do
	capture "$ISOLAB" exec --launcher "$launcher" -- noop
	if [ "$RC" -ne 0 ]; then
		skip "$launcher: escaped protocol error" "the launcher cannot run here: $(printf %s "$ERR" | head -1)"
		continue
	fi
	capture "$ISOLAB" run --launcher "$launcher" --binary "$TEST_TMP/evil" -n 1 --warmup 0
	check "$launcher: a protocol error quotes ESC as \\x1b, on one line" \
		test "$RC" -eq 1 -a "$(wc -l <"$TEST_TMP/err")" -eq 1 \
		-a -n "$(grep -F 'unknown message' "$TEST_TMP/err" | grep -F '\x1b]0;pwned\x07')"
	check "$launcher: no raw control byte on stderr" no_raw_controls "$TEST_TMP/err"
done

# A program named with bytes that are not UTF-8, a newline and an ESC.
cp "$OWN_WORKLOAD" "$TEST_TMP/"$'w\xff\xfe\n\x1b[2J'
odd=$TEST_TMP/$'w\xff\xfe\n\x1b[2J'
capture "$ISOLAB" run --launcher process --binary "$odd" -n 2 --warmup 0 -f json -- noop
json_parses() { python3 -m json.tool "$1" >/dev/null; }
check "non-UTF-8 name: the JSON parses" json_parses "$TEST_TMP/out"
check "non-UTF-8 name: JSON has U+FFFD for the bad bytes" \
	test "$(json_get "$TEST_TMP/out" 'd["runs"][0]["workload"] == "w\ufffd\ufffd\n\x1b[2J"')" = True
check "non-UTF-8 name: no raw control byte in the JSON" no_raw_controls "$TEST_TMP/out"
capture "$ISOLAB" run --launcher process --binary "$odd" -n 2 --warmup 0 -- noop
check "non-UTF-8 name: the table row is one line, escaped" \
	test "$RC" -eq 0 -a -n "$(grep -F 'process    w\xff\xfe\x0a\x1b[2J' "$TEST_TMP/out" | grep 'KiB')"
check "non-UTF-8 name: no raw control byte in the table" no_raw_controls "$TEST_TMP/out"
finish
