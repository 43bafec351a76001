# make install puts isolab, its helpers and the man page where a user
# expects them, and the installed isolab finds its workload.
. "$(dirname "$0")/lib.sh"

prefix=$TEST_TMP/prefix
capture make -s -C "$ROOT" install PREFIX="$prefix"
check "make install succeeds" test "$RC" -eq 0
check "isolab is installed in PREFIX/bin" test -x "$prefix/bin/isolab"
check "isolab-workload is installed in PREFIX/libexec/isolab" test -x "$prefix/libexec/isolab/isolab-workload"
check "the man page is installed" test -f "$prefix/share/man/man1/isolab.1"
capture "$prefix/bin/isolab" exec --launcher process -- cpu:10
check "the installed isolab runs its installed workload" grep -q '^checksum=' "$TEST_TMP/out"
check "the curriculum is installed in PREFIX/share/isolab" test -f "$prefix/share/isolab/curriculum/README.md"
capture env -u ISOLAB_CURRICULUM "$prefix/bin/isolab" lab list
check "the installed isolab lists its installed labs" grep -q '^lab1 ' "$TEST_TMP/out"
if command -v man >/dev/null; then
	capture man -l "$prefix/share/man/man1/isolab.1"
	check "the man page renders and documents every command" \
		sh -c "grep -q 'isolab run' '$TEST_TMP/out' && grep -q density '$TEST_TMP/out' && grep -q doctor '$TEST_TMP/out'"
else
	skip "man page renders" "no man command (apt-get install man-db)"
fi
finish
