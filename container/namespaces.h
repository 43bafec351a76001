/* namespaces: creating the container's namespaces and filling them in.
 *
 * Contract: ct_ns_clone() starts the child with clone3, creating every
 * requested namespace in one call except the cgroup namespace (the child
 * unshares that itself once it sits in its cgroup, so its cgroup root is
 * the container's own) and the network namespace (below). It returns the pid (parent) or 0 (child) and a
 * pidfd. The child-side helpers run inside the new namespaces, return -1
 * with errno set, and allocate nothing:
 *  - ct_ns_write_idmap(): maps uid/gid 0 to the caller's ids (one id,
 *    setgroups denied), which an unprivileged process may do for itself,
 *    so root and rootless take the same path and no parent round trip;
 *  - ct_ns_net_start()/ct_ns_net_join(): a new network namespace with lo
 *    up, made by a short-lived thread while the child builds its rootfs
 *    (creating a netns is the slowest step of all, ~0.5 ms here), then
 *    entered with setns;
 *  - sethostname() is called directly. */
#ifndef ISOLAB_CONTAINER_NAMESPACES_H
#define ISOLAB_CONTAINER_NAMESPACES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lab/err.h"

/* CLONE_NEW* flags for a set of enum ct_ns bits, minus the cgroup and
 * network namespaces (made later, see above). */
uint64_t ct_ns_clone_flags(unsigned ns);

/* Does this kernel have the time namespace? */
bool ct_ns_have_time(void);

/* fork-like clone3 with `flags` | CLONE_PIDFD. -1 with err in the parent. */
pid_t ct_ns_clone(uint64_t flags, int *pidfd, struct err *err);

int ct_ns_write_idmap(uid_t outer_uid, gid_t outer_gid);

struct ct_ns_net_job {
	void *stack;           /* the thread's, mmap'ed */
	pid_t tid;             /* cleared by the kernel when it exits */
	int fd;                /* the new netns, or -1 */
	int err;               /* errno of the failed step, or 0 */
	const char *step;
};
int ct_ns_net_start(struct ct_ns_net_job *j);
/* Wait for the thread, enter its netns. -1 with errno and j->step. */
int ct_ns_net_join(struct ct_ns_net_job *j);

#endif
