/* cgroup_delegate: using a cgroup v2 subtree delegated to this user.
 *
 * Contract: on pure cgroup v2, a cgroup may hand controllers (memory,
 * pids, cpu) down to its children only while it holds no process itself.
 * isolab started as the only process of a delegated cgroup (e.g.
 * `systemd-run --user --scope -p Delegate=yes isolab ...`) therefore moves
 * itself into a leaf child, <own>/isolab-ct-<pid>-self, and enables the
 * controllers in <own>; the containers' cgroups become siblings of that
 * leaf. It moves only when its cgroup is delegated (owned by its euid; as
 * root, marked by systemd's trusted.delegate or user.delegate xattr), lists
 * no process but isolab, and lacks a needed controller. Called before the
 * container's clone (a child starts in its parent's cgroup). Safe to call
 * from several threads at once: every step is idempotent. The leaf is named like
 * a container cgroup of this pid, so the sweep of a dead isolab's cgroups
 * removes it, and it goes with a systemd scope in any case. */
#ifndef ISOLAB_CONTAINER_CGROUP_DELEGATE_H
#define ISOLAB_CONTAINER_CGROUP_DELEGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "container/options.h"

/* dir: isolab's own v2 cgroup (the parent of the containers' cgroups), not
 * the hierarchy's root (which may hold processes). Returns 0 when dir can
 * now enable the controllers `limits` needs (enabled already, empty, or
 * isolab moved out); -1 with why filled when it holds processes it cannot
 * rearrange (not delegated, or others besides isolab) or the move failed. */
int ct_cg_v2_make_room(const char *dir, const struct ct_limits *limits,
		       char *why, size_t whylen);

/* Is `name` (one path component) an isolab's own leaf? ct_cg_plan plans
 * below its parent. */
bool ct_cg_is_self_leaf(const char *name);

#endif
