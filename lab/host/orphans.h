/* orphans: descendants that left the workload's process group, session
 * and cgroup (setsid, a daemon's double fork) still end with the run.
 *
 * orphans_adopt() makes isolab a child subreaper: an orphaned descendant
 * of a workload is reparented to isolab instead of to init. The kernel
 * hands orphans to the first live thread of the subreaper, the main
 * thread, on which isolab's commands start nothing but the workload
 * itself (density starts its instances on threads of their own).
 * orphans_kill() therefore, on the main thread and once the run's own
 * child is reaped, SIGKILLs and reaps every child of the main thread,
 * round after round, since each one reaped may hand over its own
 * children. Called off the main thread it does nothing: another thread's
 * run may still own its child. No process that is not a descendant of
 * isolab is ever signalled: if isolab starts with children already (from
 * the program that exec'd it), orphans_adopt() declines (returns -1) and
 * orphans_kill() stays off, so orphans go to init as without isolab. */
#ifndef ISOLAB_ORPHANS_H
#define ISOLAB_ORPHANS_H

int orphans_adopt(void);
void orphans_kill(void);

#endif
