# The man page renders without a warning, its SYNOPSIS has one command per
# line, and it documents every command and every option --help lists, the
# launcher options under their own launcher's heading.
. "$(dirname "$0")/lib.sh"

MAN=${ISOLAB_MAN:-$ROOT/lab/isolab.1}

capture groff -man -Tutf8 -ww "$MAN"
check "groff -man -ww renders the man page without a warning" test "$RC" -eq 0 -a -z "$ERR" -a -n "$OUT"
if command -v man >/dev/null; then
	MANWIDTH=80 capture man --warnings -l "$MAN"
	check "man -l renders the man page without a warning" test "$RC" -eq 0 -a -z "$ERR"
else
	skip "man -l renders the man page" "no man command (apt-get install man-db)"
fi

# Plain text, no hyphenation, long lines: what a reader sees, greppable.
groff -man -Tascii -rLL=400n -rHY=0 -P-cbou "$MAN" 2>/dev/null >"$TEST_TMP/man.txt"
# section NAME: the lines of the rendered section NAME.
section() {
	awk -v s="$1" '/^[A-Z]/ { on = ($0 == s) ; next } on' "$TEST_TMP/man.txt"
}

commands=$("$ISOLAB" --help | awk '/^commands:/ {on = 1; next} /^$/ {on = 0} on {print $1}')
check "isolab --help lists commands" test -n "$commands"
section SYNOPSIS >"$TEST_TMP/synopsis"
check "SYNOPSIS: one command per line" test "$(grep -c 'isolab .*isolab ' "$TEST_TMP/synopsis")" -eq 0
section COMMANDS >"$TEST_TMP/commands"
for c in $commands; do
	check "SYNOPSIS has isolab $c on its own line" grep -qE "^ +isolab $c( |\$)" "$TEST_TMP/synopsis"
	check "COMMANDS has a paragraph for $c" grep -qE "^ {7}$c( |\$)" "$TEST_TMP/commands"
done

# help_options CMD: the options in the left column of isolab CMD --help,
# one "HEADING OPTION" line each (HEADING: "options" or "LAUNCHER").
help_options() {
	"$ISOLAB" "$1" --help | awk '
		/^options:/ { h = "options"; next }
		/^[a-z]+ launcher options:/ { h = $1; next }
		/^[^ ]/ { h = "" }
		h != "" && /^ +-/ {
			for (i = 1; i <= NF; i++) {
				w = $i; sub(/,$/, "", w)
				if (w ~ /^--?[a-z]/) print h, w
				else if (w !~ /^[A-Z,.]+$/ && w !~ /^N,N/) break
			}
		}'
}

for c in $commands; do
	help_options "$c" >"$TEST_TMP/opts"
	check "isolab $c --help lists options" test -s "$TEST_TMP/opts"
	while read -r heading opt; do
		if [ "$heading" = options ]; then
			where=$(section OPTIONS)
		else
			where=$(section "$(echo "$heading" | tr a-z A-Z) LAUNCHER OPTIONS")
		fi
		OUT= ERR= RC=
		check "man page documents $c's $opt (under ${heading^^})" \
			grep -qE -- "(^|[ ,])$opt( |,|\$)" <<<"$where"
	done <"$TEST_TMP/opts"
done

check "FILES names isolab-guest" grep -q 'libexec/isolab/isolab-guest' <<<"$(section FILES)"
check "FILES names isolab-workload" grep -q 'libexec/isolab/isolab-workload' <<<"$(section FILES)"
check "OPTIONS: --launcher takes a comma list for compare and probe" \
	grep -qE 'compare and probe take a comma list' <<<"$(section OPTIONS)"
finish
