#!/bin/bash
# tests/nested-kvm/run.sh CMD...: run CMD where /dev/kvm works, on a host
# that has none (a PVM guest, a container, a CI runner without nested
# virtualization). A developer tool, not part of `make test`: it is slow.
#
# It boots Debian's stock kernel under QEMU TCG (pure emulation) with
# `-cpu max`, whose emulated AMD-V lets kvm-amd load inside, so the guest
# has a real /dev/kvm: KVM inside TCG. This host's / is mounted read-only
# over 9p and becomes the guest's root (switch_root, not chroot: in a
# chroot the kernel refuses user namespaces, which the container launcher
# needs), with tmpfs on /tmp, /run and /work/.tcgscratch, cgroup2 on
# /sys/fs/cgroup, and real /dev, /proc, /sys. CMD runs there under bash, in
# the directory run.sh was started from; its output is the console's.
# Build on the host first: / is read-only inside.
#
# Environment:
#   NESTED_KVM_KERNEL  a directory holding Debian's linux-image package
#                      unpacked (dpkg-deb -x): boot/vmlinuz-* and
#                      lib/modules/*/ (default: ~/.cache/isolab-nested-kvm)
#   NESTED_KVM_TIMEOUT seconds before the VM is killed (default 1800)
#   NESTED_KVM_MEM     guest RAM in MiB (default 4096)
# Exit status: CMD's. See README.md beside this file.
set -eu
KDIR=${NESTED_KVM_KERNEL:-$HOME/.cache/isolab-nested-kvm}
if [ $# -eq 0 ]; then
	echo "usage: $0 CMD... (see tests/nested-kvm/README.md)" >&2
	exit 2
fi
VMLINUZ=$(ls "$KDIR"/boot/vmlinuz-* 2>/dev/null | head -n1)
MODS=$(ls -d "$KDIR"/lib/modules/*/kernel 2>/dev/null | head -n1)
if [ -z "$VMLINUZ" ] || [ -z "$MODS" ]; then
	echo "run.sh: no kernel in $KDIR: unpack Debian's linux-image package there (tests/nested-kvm/README.md), or set NESTED_KVM_KERNEL" >&2
	exit 2
fi
for tool in qemu-system-x86_64 busybox cpio gzip; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done
# The initramfs holds busybox alone, without a dynamic loader.
if ldd "$(command -v busybox)" >/dev/null 2>&1; then
	echo "run.sh: $(command -v busybox) is dynamically linked; the initramfs needs a static one (apt-get install busybox-static)" >&2
	exit 2
fi

INITRD=$(mktemp /tmp/nested-kvm-initrd.XXXXXX)
R=$(mktemp -d /tmp/nested-kvm-root.XXXXXX)
trap 'rm -rf "$R" "$INITRD"' EXIT
mkdir -p "$R"/bin "$R"/m "$R"/host "$R"/proc "$R"/sys "$R"/dev
cp "$(command -v busybox)" "$R"/bin/
for a in sh mount insmod switch_root poweroff cat; do ln -s busybox "$R/bin/$a"; done
# kvm-amd and its dependencies, then virtio + 9p for the host's root.
for m in virt/lib/irqbypass arch/x86/kvm/kvm drivers/crypto/ccp/ccp \
	arch/x86/kvm/kvm-amd drivers/virtio/virtio_ring drivers/virtio/virtio \
	drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci_modern_dev \
	drivers/virtio/virtio_pci net/9p/9pnet net/9p/9pnet_virtio \
	fs/netfs/netfs fs/fscache/fscache fs/9p/9p; do
	f=$(ls "$MODS/$m".ko* 2>/dev/null | head -n1)
	[ -n "$f" ] || continue # built into this kernel
	cp "$f" "$R/m/"
	echo "$(basename "$f")" >>"$R/m/order"
done
# `delegated CMD...` (on CMD's PATH) runs CMD alone in a fresh cgroup
# marked delegated, as `systemd-run --scope -p Delegate=yes` would: the
# container launcher can then make its cgroups, and the micro-VM's
# kvm_kernel_kib_estimate has a memory cgroup of its own to read (the root
# cgroup is not charged).
cat >"$R/delegated" <<'EOD'
#!/bin/bash
cg=/sys/fs/cgroup/nested-kvm-$$
mkdir "$cg" || exit 125
python3 -c 'import os, sys; os.setxattr(sys.argv[1], "trusted.delegate", b"1")' "$cg"
bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' _ "$cg" "$@"
rc=$?
find "$cg" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
rmdir "$cg"
exit $rc
EOD
chmod +x "$R/delegated"
# systemd's open-file limits (soft 1024, hard 524288), not the kernel's
# bare 1024/4096.
printf '%s\n' 'export PATH=/run/nested-kvm:$PATH' 'ulimit -Hn 524288; ulimit -Sn 1024' >"$R/cmd"
printf 'cd %q && %s\n' "$PWD" "$*" >>"$R/cmd"
cat >"$R/init" <<'EOI'
#!/bin/sh
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $(cat /m/order); do insmod /m/$m || echo "nested-kvm: insmod $m failed"; done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 host /host || echo "nested-kvm: 9p mount failed"
mount -t proc proc /host/proc; mount -t sysfs sys /host/sys; mount -t devtmpfs dev /host/dev
mount -t cgroup2 cgroup2 /host/sys/fs/cgroup || echo "nested-kvm: no cgroup2"
echo "+memory +pids +cpu" >/host/sys/fs/cgroup/cgroup.subtree_control
mount -t tmpfs tmp /host/tmp; mount -t tmpfs run /host/run
mount -t tmpfs scratch /host/work/.tcgscratch 2>/dev/null
cp /cmd /host/tmp/.nested-kvm-cmd
mkdir -p /host/run/nested-kvm && cp /delegated /host/run/nested-kvm/
exec switch_root /host /bin/bash -c '
bash /tmp/.nested-kvm-cmd; rc=$?
echo "NESTED-KVM-DONE rc=$rc"
busybox poweroff -f'
EOI
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$INITRD"
LOG=$(mktemp /tmp/nested-kvm-log.XXXXXX)
timeout "${NESTED_KVM_TIMEOUT:-1800}" qemu-system-x86_64 -accel tcg,thread=single \
	-cpu max -m "${NESTED_KVM_MEM:-4096}" -smp 1 -nographic -no-reboot \
	-kernel "$VMLINUZ" -initrd "$INITRD" \
	-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
	-append "console=ttyS0 quiet panic=-1 rdinit=/init" </dev/null | tee "$LOG"
rc=$(sed -n 's/.*NESTED-KVM-DONE rc=\([0-9]*\).*/\1/p' "$LOG" | tail -n1)
rm -f "$LOG"
exit "${rc:-125}"
