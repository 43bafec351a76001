# A -static-pie program is static: no interpreter, no library to load; it
# relocates itself. The process and container launchers run it; the
# micro-VM's loader places programs at their link address only and says so.
# A really dynamic program and a shared library stay refused.
. "$(dirname "$0")/lib.sh"

printf '#include <stdio.h>\nint main(void) { puts("pie-ok"); return 3; }\n' >"$TEST_TMP/pie.c"
if ! gcc -static-pie -fPIE -O2 -o "$TEST_TMP/pie" "$TEST_TMP/pie.c" 2>"$TEST_TMP/cc.err"; then
	skip "static-pie programs" "gcc cannot link -static-pie here: $(head -c 200 "$TEST_TMP/cc.err")"
	finish
fi
for launcher in process container; do
	capture "$ISOLAB" exec --launcher "$launcher" --binary "$TEST_TMP/pie"
	check "$launcher runs a -static-pie program (rc $RC)" test "$RC" -eq 3 -a "$OUT" = pie-ok
done
if "$ISOLAB" exec --launcher microvm -- noop >/dev/null 2>&1; then
	capture "$ISOLAB" exec --launcher microvm --binary "$TEST_TMP/pie"
	check "the micro-VM refuses it with the real reason" test "$RC" -eq 125 \
		-a -n "$(printf %s "$ERR" | grep 'position-independent')"
else
	skip "static-pie in the micro-VM" "the micro-VM launcher cannot run here (isolab doctor)"
fi

gcc -shared -fPIC -nostdlib -o "$TEST_TMP/lib.so" "$TEST_TMP/pie.c" 2>/dev/null
chmod +x "$TEST_TMP/lib.so"
capture "$ISOLAB" exec --launcher process --binary "$TEST_TMP/lib.so"
check "a shared library is refused (rc $RC)" test "$RC" -eq 126 -a -n "$(printf %s "$ERR" | grep 'no entry point')"
gcc -fPIE -pie -o "$TEST_TMP/dyn" "$TEST_TMP/pie.c"
capture "$ISOLAB" exec --launcher process --binary "$TEST_TMP/dyn"
check "a dynamically linked PIE is still refused (rc $RC)" \
	test "$RC" -eq 126 -a -n "$(printf %s "$ERR" | grep 'dynamically linked')"
finish
