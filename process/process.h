/* process: the plain-process launcher, the baseline the other two are
 * measured against. The workload runs as a child of isolab in its own
 * session (no controlling terminal, its own process group), started with
 * fork+exec, vfork+exec or posix_spawn (--spawn), killed with its whole
 * process group at the timeout. It adds no isolation, so its footprint
 * overhead is zero by construction. */
#ifndef ISOLAB_PROCESS_H
#define ISOLAB_PROCESS_H

enum spawn_method { SPAWN_FORK, SPAWN_VFORK, SPAWN_POSIX_SPAWN };

struct process_config {
	enum spawn_method spawn;
};

#endif
