/* cgroup_sweep: the container cgroups a killed isolab left behind.
 *
 * Every container cgroup is named isolab-ct-<pid>-<pidns>-<unique>: the
 * pid of the isolab that made it, the inode of that isolab's pid
 * namespace, and a stamp unique within the process (ct_cg_leaf_name). An
 * entry is a leftover only when its owner is provably gone: the name
 * parses, the pid namespace is ours (an older name without one is taken
 * as ours), the pid is not our own and kill(pid, 0) says ESRCH. A live
 * owner, a pid reused by another process, an owner in another pid
 * namespace: all are left alone, never killed.
 *
 * ct_cg_sweep() looks either where this isolab itself would create its
 * cgroups (below its own cgroup, in every hierarchy it uses: cheap, run at
 * every start) or through the subtree of its own cgroup's parent (isolab
 * doctor): there sit the cgroups of isolabs started from the same place
 * (a sibling shell, scope or session), and nothing of other users' or
 * services' trees elsewhere on the machine. An isolab in the root cgroup
 * looks through the whole hierarchy.
 * SWEEP_EMPTY removes the leftovers that hold no process,
 * SWEEP_LIST only reports, SWEEP_KILL kills what is still inside
 * (cgroup.kill on v2, a kill loop on v1) and removes them. Each leftover
 * is handed to `seen` with what became of it. */
#ifndef ISOLAB_CONTAINER_CGROUP_SWEEP_H
#define ISOLAB_CONTAINER_CGROUP_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lab/core/launcher.h" /* struct leftover, the sweep hook's types */

/* Fill buf with a fresh name for a container cgroup of this process. */
void ct_cg_leaf_name(char *buf, size_t len);

/* Parse a cgroup directory's name: true if it is an isolab container
 * cgroup, with its owner's pid and pid namespace inode (0 if the name
 * predates it). Pure, for the unit tests. */
bool ct_cg_parse_leaf(const char *name, pid_t *pid,
		      unsigned long long *pidns);

/* Returns the number of leftovers found, or -1 when there is no cgroup
 * file system to look in. */
int ct_cg_sweep(enum leftover_sweep mode, enum leftover_scope scope,
		leftover_fn *seen, void *ctx);

#endif
