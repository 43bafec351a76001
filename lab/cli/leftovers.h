/* leftovers: what killed isolab runs left on the machine, found and removed.
 *
 * A SIGKILLed isolab cannot tidy up; what it made is named after its pid
 * so that a later isolab can tell it from the work of a live one. Each
 * launcher that can leave something has a sweep hook (lab/core/launcher.h);
 * today that is only container cgroups (container/cgroup_sweep.h): isolab makes
 * no temp dirs or files on disk - a container's rootfs is a tmpfs in its
 * own mount namespace and dies with it, the seccomp filter passes through
 * a memfd. Only entries whose owner is gone are ever touched.
 *
 * sweep_at_start() runs before every launching command: it removes, below
 * isolab's own cgroups, the leftovers that hold no process, silently.
 * sweep_report() is `isolab doctor`'s section: it lists the leftovers
 * below the parent of isolab's own cgroups (cgroup_sweep.h says why not
 * the whole machine) and, with cleanup, kills what is still inside and
 * removes them, naming each one it removed. Returns 1 if one could not be removed, else 0. */
#ifndef ISOLAB_LEFTOVERS_H
#define ISOLAB_LEFTOVERS_H

#include <stdbool.h>
#include <stdio.h>

void sweep_at_start(void);
int sweep_report(FILE *f, bool cleanup);

#endif
