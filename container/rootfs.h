/* rootfs: the container's file system, built by the child inside its new
 * mount namespace and entered with pivot_root.
 *
 * Contract: ct_rootfs_enter() mounts a fresh tmpfs (over /tmp, only in the
 * child's private mount namespace, so nothing appears on the host and
 * nothing is left to remove), puts into it:
 *   /bin/NAME   the program: bind-mounted read-only, or copied (small
 *               files copy faster than a bind mount costs; see options)
 *   /dev        null zero full random urandom tty, bind mounts of the
 *               host's nodes (mknod is refused in a user namespace), and
 *               the fd/stdin/stdout/stderr/ptmx links
 *   /proc       a new procfs of the child's pid namespace, with sys,
 *               sysrq-trigger, irq and bus covered read-only (as bwrap
 *               does: with root mapped to root they would be writable)
 * then makes everything but /proc (and, for a shell, /tmp, /dev/pts,
 * /dev/shm) read-only and nosuid with one recursive mount_setattr, calls
 * pivot_root(".", ".") and detaches the old root. Runs in the child only;
 * on failure returns -1 with errno set and `why` naming the step. */
#ifndef ISOLAB_CONTAINER_ROOTFS_H
#define ISOLAB_CONTAINER_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>

struct ct_rootfs_spec {
	const char *binary;   /* host path of the program */
	const char *name;     /* its file name under /bin */
	bool copy;            /* copy instead of bind-mounting */
	bool new_proc;        /* own pid namespace: mount a fresh /proc */
	bool private_mounts;  /* no user namespace: make / private first */
	bool shell;           /* add /bin/sh, /tmp, /dev/pts, /dev/shm, /etc */
	const char *console;  /* host tty to bind at /dev/console, or NULL */
};

int ct_rootfs_enter(const struct ct_rootfs_spec *s, char *why, size_t len);

#endif
