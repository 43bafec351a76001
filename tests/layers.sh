#!/usr/bin/env bash
# layers.sh: dependencies in lab/ point down only (README "Layers").
#
#   cli → dashboard, check → report → ladder → probe, density → core → host → proto
#
# A file may include its own layer and any layer below it, never one above
# or beside it. The launchers (process/, container/, microvm/) see only the
# launcher interface and its helpers in core/, and host/ and proto/; lab/
# sees them only through the registry, core/launchers.c. The freestanding
# workload sees only proto/. Each folder of lab/ lists its sources in its
# module.mk, all of them. Prints PASS or one FAIL per upward edge or
# unlisted or missing source.
set -u
cd "$(dirname "$0")/.."

declare -A RANK=([proto]=0 [host]=1 [core]=2 [probe]=3 [density]=3 [ladder]=4
	[report]=5 [dashboard]=6 [check]=6 [cli]=7)

LAUNCHER_API='lab/core/launcher.h lab/core/isolation.h lab/core/pump.h lab/core/channel.h lab/core/child_fds.h'
bad=0
edge() { echo "FAIL layers: $1"; bad=$((bad + 1)); }

# Every quoted include, as "file line target".
includes() {
	git ls-files -- 'lab/*.[chS]' 'lab/*.def' 'process/*.[chS]' 'container/*.[chS]' \
		'microvm/*.[chS]' |
		xargs grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' |
		sed -E 's/^([^:]*):([0-9]*):.*"([^"]*)".*/\1 \2 \3/'
}

while read -r file line target; do
	where="$file:$line includes $target"
	case $target in
	lab/*/*) ;;
	process/* | container/* | microvm/*)
		case $file in
		process/* | container/* | microvm/* | lab/core/launchers.c) ;;
		*) edge "$where (lab/ reaches a launcher outside the registry)" ;;
		esac
		continue ;;
	*) continue ;; # generated headers, and relative ones within a folder
	esac
	to=${target#lab/}; to=${to%%/*}
	case $file in
	lab/workload/*)
		[ "$to" = proto ] || [ "$to" = workload ] ||
			edge "$where (the freestanding workload sees only proto/)" ;;
	lab/*)
		from=${file#lab/}; from=${from%%/*}
		[ "$to" = workload ] && { edge "$where (the workload is not a library)"; continue; }
		rf=${RANK[$from]:--1} rt=${RANK[$to]:--1}
		if [ "$rf" -lt 0 ] || [ "$rt" -lt 0 ]; then
			edge "$where (a folder outside the layers)"
		elif [ "$rt" -gt "$rf" ]; then
			edge "$where ($from → $to points up)"
		elif [ "$rt" -eq "$rf" ] && [ "$to" != "$from" ]; then
			edge "$where ($from → $to points sideways)"
		fi ;;
	*) # a launcher
		case " $LAUNCHER_API " in *" $target "*) continue ;; esac
		case $to in host | proto) ;; *)
			edge "$where (a launcher sees only the launcher interface, host/ and proto/)" ;;
		esac ;;
	esac
done < <(includes)

# The registry names no launcher by hand: its list is generated from the
# launchers' module.mk files (build/gen/launchers.def).
if grep -Eq '(process|container|microvm)_launcher' lab/core/launchers.c lab/core/launchers.h; then
	edge "lab/core/launchers.[ch] name a launcher: the registry's list is generated"
fi

# The Makefile follows the tree: every source in a folder of lab/ is listed
# by that folder's module.mk, and every file a module.mk lists exists there.
# (A source listed nowhere would silently not be built.)
for dir in lab/*/; do
	dir=${dir%/}
	mk=$dir/module.mk
	srcs=$(find "$dir" -type f \( -name '*.c' -o -name '*.S' \) | sort)
	if [ ! -f "$mk" ]; then
		[ -z "$srcs" ] || edge "$dir has sources but no module.mk"
		continue
	fi
	listed=$(sed 's/#.*//' "$mk" | grep -oE '[[:alnum:]_./-]+\.[cS]\b' | sort -u)
	for f in $listed; do
		case $f in "$dir"/*) ;; *)
			edge "$mk lists $f, outside its folder"; continue ;;
		esac
		[ -f "$f" ] || edge "$mk lists $f, which does not exist"
	done
	for f in $srcs; do
		printf '%s\n' "$listed" | grep -qxF -- "$f" ||
			edge "$f is listed by no module.mk (add it to $mk)"
	done
done

if [ "$bad" -eq 0 ]; then
	echo "PASS layers: every include in lab/ and the launchers points down, the registry is generated, and every module.mk lists exactly its folder's sources"
	exit 0
fi
exit 1
