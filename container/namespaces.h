/* namespaces: creating the container's namespaces and filling them in.
 *
 * Contract: with a user namespace the container has two, nested:
 *  - the outer one (clone3, with the pid, mount and time namespaces) in
 *    which the child builds its rootfs: covers, masks and read-only binds;
 *  - the inner one, a child of the outer, that the workload runs in, with
 *    the network, UTS and IPC namespaces it owns and a copy of the mount
 *    namespace. Copied into a less privileged user namespace, every mount
 *    is locked (MNT_LOCKED and the MNT_LOCK_* flags): even CAP_SYS_ADMIN
 *    inside can neither unmount a cover nor make a bind writable, and it
 *    cannot mount a fresh /proc (the pid namespace is the outer one's).
 * ct_ns_clone() starts the child with clone3 (user, pid, mnt, time) and
 * returns the pid (parent) or 0 (child) and a pidfd. The cgroup namespace
 * is unshared by the child once it sits in its cgroup. The child-side
 * helpers return -1 with errno set and allocate nothing:
 *  - ct_ns_write_idmap(): maps uid/gid 0 to the caller's ids (one id,
 *    setgroups denied), which an unprivileged process may do for itself;
 *    a range (container/userns.h) needs privilege: the parent writes it
 *    with ct_ns_map_child() and the child then takes the namespace's
 *    uid/gid 0 with ct_ns_become_root();
 *  - ct_ns_inner_start(): a helper process, sharing our memory and fds,
 *    creates the inner user, network, UTS and IPC namespaces while the
 *    child builds its rootfs (creating a network namespace is the slowest
 *    step of all, ~0.4 ms here);
 *  - ct_ns_inner_enter(): writes the inner map (0..count-1 onto the outer
 *    0..count-1), enters the helper's namespaces, and with lock_mounts
 *    unshares the mount namespace right after entering the inner user
 *    namespace; then releases the helper, brings lo up and sets the host
 *    name (the helper's CPU is the busier one); ct_ns_inner_reap() collects it
 *    before the exec. The parent holds the outer mount namespace
 *    (ct_ns_hold_mounts()) until the child reports its setup (under an
 *    init) or its exec, so that tearing it down is neither the helper's
 *    exit's work nor the child's wait.
 *    Without a user namespace (root only) the helper makes the other
 *    namespaces the same way and nothing is locked. */
#ifndef ISOLAB_CONTAINER_NAMESPACES_H
#define ISOLAB_CONTAINER_NAMESPACES_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "container/userns.h"
#include "lab/host/err.h"

/* CLONE_NEW* flags for clone3 from a set of enum ct_ns bits: user, pid,
 * mnt and time (the others are made later, see above). */
uint64_t ct_ns_clone_flags(unsigned ns);

/* Does this kernel have the time namespace? */
bool ct_ns_have_time(void);

/* fork-like clone3 with `flags` | CLONE_PIDFD. -1 with err in the parent. */
pid_t ct_ns_clone(uint64_t flags, int *pidfd, struct err *err);

int ct_ns_write_idmap(uid_t outer_uid, gid_t outer_gid);
/* In the parent: write m's range as the child's uid and gid maps. */
int ct_ns_map_child(pid_t pid, const struct ct_idmap *m, struct err *err);
int ct_ns_become_root(void);
/* In the parent: an fd on the child's mount namespace, or -1. */
int ct_ns_hold_mounts(pid_t pid);

struct ct_ns_inner {
	void *stack;           /* the helper's, mmap'ed */
	pid_t pid;             /* the helper, 0 when none or reaped */
	pid_t parent;          /* our pid, for the helper's getppid check */
	int flags;             /* CLONE_NEW* it creates */
	const char *hostname;  /* for its UTS namespace (set by the child), or NULL */
	int host_proc_fd;      /* our /proc, for the helper's /proc/self */
	int proc_fd;           /* the helper's /proc/PID directory */
	int ready, release;    /* futex words */
	int err;               /* errno of the failed step, or 0 */
	const char *step;      /* the failed step, or NULL */
	const cpu_set_t *cpus; /* where the helper may run (lab/host/cpu_nudge.h) */
	bool pinned;           /* off our CPU until it is ready */
};
/* ns: enum ct_ns bits; only user, net, uts and ipc are looked at. The
 * helper starts on another CPU of cpus than ours, if there is one. */
int ct_ns_inner_start(struct ct_ns_inner *j, unsigned ns, const char *hostname,
		      const cpu_set_t *cpus);
/* -1 with errno and j->step (the helper is then reaped). On success the
 * helper is released but may still be exiting: */
int ct_ns_inner_enter(struct ct_ns_inner *j, unsigned count, bool lock_mounts);
/* Wait for the helper's end and free its stack. Call before the exec: the
 * helper (full capabilities in the inner user namespace, no seccomp
 * filter, our memory) must never live beside the program. */
void ct_ns_inner_reap(struct ct_ns_inner *j);

#endif
