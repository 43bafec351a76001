# make install puts isolab, its helpers and the man page where a user
# expects them, and the installed isolab finds its workload. make
# uninstall removes exactly that; DESTDIR stages an install without
# writing anywhere else.
. "$(dirname "$0")/lib.sh"

prefix=$TEST_TMP/prefix
capture make -s -C "$ROOT" install PREFIX="$prefix"
check "make install succeeds" test "$RC" -eq 0
check "isolab is installed in PREFIX/bin" test -x "$prefix/bin/isolab"
check "isolab-workload is installed in PREFIX/libexec/isolab" test -x "$prefix/libexec/isolab/isolab-workload"
check "isolab-guest is installed in PREFIX/libexec/isolab" test -x "$prefix/libexec/isolab/isolab-guest"
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

# uninstall: what install put there goes, what others put there stays.
(cd "$prefix" && find . -type f | sort) >"$TEST_TMP/installed"
touch "$prefix/bin/someone-elses" "$prefix/share/man/man1/other.1"
capture make -s -C "$ROOT" uninstall PREFIX="$prefix"
check "make uninstall succeeds" test "$RC" -eq 0
left=$(cd "$prefix" && find . -type f | sort)
check "make uninstall removes every file make install put in place, and only those" \
	test "$left" = "$(printf './bin/someone-elses\n./share/man/man1/other.1')"
check "make uninstall removes isolab's own libexec/isolab directory" test ! -e "$prefix/libexec/isolab"
check "make uninstall keeps the shared directories" test -d "$prefix/bin" -a -d "$prefix/share/man/man1"
# isolab, its 2 helpers, the man page, and the curriculum as it is here.
want=$((4 + $(find "$ROOT/curriculum" -type f | wc -l)))
check "make install had installed $want files" test "$(wc -l <"$TEST_TMP/installed")" -eq "$want"

# DESTDIR: everything lands below DESTDIR/PREFIX; PREFIX itself (a path
# that does not exist) and the source tree stay untouched.
make -s -C "$ROOT" all >/dev/null 2>&1
dest=$TEST_TMP/dest
fake_prefix=/opt/isolab-destdir-test-$$-$RANDOM
touch "$TEST_TMP/stamp"
sleep 1
capture make -s -C "$ROOT" install DESTDIR="$dest" PREFIX="$fake_prefix"
check "make install DESTDIR=... succeeds" test "$RC" -eq 0
check "DESTDIR: the files are below DESTDIR/PREFIX" \
	test "$(cd "$dest$fake_prefix" 2>/dev/null && find . -type f | sort)" = "$(cat "$TEST_TMP/installed")"
check "DESTDIR: nothing else below DESTDIR" \
	test "$(cd "$dest" && find . -type f | grep -vc "^\.$fake_prefix/")" -eq 0
check "DESTDIR: nothing written to PREFIX itself" test ! -e "$fake_prefix"
check "DESTDIR: nothing written in the source tree" \
	test -z "$(find "$ROOT" -path "$ROOT/.git" -prune -o -newer "$TEST_TMP/stamp" -print | head -5)"
capture "$dest$fake_prefix/bin/isolab" exec --launcher process -- cpu:10
check "a staged isolab runs its staged workload" grep -q '^checksum=' "$TEST_TMP/out"
capture make -s -C "$ROOT" uninstall DESTDIR="$dest" PREFIX="$fake_prefix"
check "make uninstall DESTDIR=... leaves no file below DESTDIR" \
	test "$RC" -eq 0 -a -z "$(find "$dest" -type f)"
finish
