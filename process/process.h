/* process: the plain-process launcher, the baseline the other two are
 * measured against. The workload runs as a child of isolab in its own
 * session (no controlling terminal, its own process group), started with
 * fork+exec, vfork+exec or posix_spawn (--spawn), killed with its whole
 * process group at the timeout. It adds no isolation, so its footprint
 * overhead is zero by construction.
 *
 * A SIGKILLed isolab cannot kill anything: with fork and vfork the child
 * sets PDEATHSIG=SIGKILL before its exec, so the workload dies with isolab
 * (a parent that died before that prctl is caught with getppid()).
 * posix_spawn runs no code of ours in the child, so a posix_spawn
 * workload outlives a SIGKILLed isolab; it stays the libc primitive as it
 * is, for the spawn-method comparison. Descendants that leave the process
 * group (setsid) are killed at teardown as orphans (lab/host/orphans.h). */
#ifndef ISOLAB_PROCESS_H
#define ISOLAB_PROCESS_H

enum spawn_method { SPAWN_FORK, SPAWN_VFORK, SPAWN_POSIX_SPAWN };

struct process_config {
	enum spawn_method spawn;
};

#endif
