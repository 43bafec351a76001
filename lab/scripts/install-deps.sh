#!/bin/sh
# Installs the Debian packages isolab needs that this machine lacks.
#   install-deps.sh            build, run and test
#   install-deps.sh bench      also the peer tools the benchmarks compare against
# As root it runs apt-get; otherwise it prints the apt-get line and fails.
set -eu

packages="gcc make libc6-dev libcap-dev libseccomp-dev libncurses-dev libcmocka-dev libjson-c-dev
gnuplot-nox imagemagick busybox-static python3 tmux procps file time patch musl-tools g++"
if [ "${1:-}" = bench ]; then
	packages="$packages bubblewrap crun runc podman util-linux qemu-system-x86"
fi

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "isolab needs these Debian packages:$missing" >&2
	echo "install them with:  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
