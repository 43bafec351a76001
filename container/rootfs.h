/* rootfs: the container's file system, built by the child inside its new
 * mount namespace and entered with pivot_root.
 *
 * Contract: ct_rootfs_enter() mounts a fresh tmpfs (over /tmp, only in the
 * child's private mount namespace, so nothing appears on the host and
 * nothing is left to remove), puts into it:
 *   /bin/NAME   the program: copied from binary_fd (so /proc/mounts
 *               names no host device or path), or bind-mounted read-only
 *               from its path (--rootfs-binary bind)
 *   /dev        null zero full random urandom tty, bind mounts of the
 *               host's nodes (mknod is refused in a user namespace), and
 *               the fd/stdin/stdout/stderr/ptmx links
 *   /proc       a new procfs of the child's pid namespace, with sys,
 *               sysrq-trigger, irq and bus covered read-only (as bwrap
 *               does), and what Docker masks hidden: kcore, keys,
 *               timer_list, timer_stats, sched_debug, latency_stats
 *               (/dev/null bound over them), scsi, acpi, asound (an
 *               empty read-only tmpfs), where present
 * then makes everything but /proc (and, for a shell, /tmp, /dev/pts,
 * /dev/shm) read-only and nosuid with one recursive mount_setattr, calls
 * pivot_root(".", ".") and detaches the old root. These mounts are made
 * in the outer user namespace and become locked when the child enters the
 * inner one (container/namespaces.h). Runs in the child only;
 * on failure returns -1 with errno set and `why` naming the step. */
#ifndef ISOLAB_CONTAINER_ROOTFS_H
#define ISOLAB_CONTAINER_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>

struct ct_rootfs_spec {
	const char *binary;   /* host path of the program */
	int binary_fd;        /* copy: the program, opened by isolab; else -1 */
	const char *name;     /* its file name under /bin */
	bool copy;            /* copy instead of bind-mounting */
	bool new_proc;        /* own pid namespace: mount a fresh /proc */
	bool private_mounts;  /* no user namespace: make / private first */
	bool shell;           /* add /bin/sh, /tmp, /dev/pts, /dev/shm, /etc */
	const char *console;  /* host tty to bind at /dev/console, or NULL */
};

int ct_rootfs_enter(const struct ct_rootfs_spec *s, char *why, size_t len);

#endif
