/* init: the pid namespace's pid 1, which runs the program as its child.
 *
 * Why: the kernel delivers to a pid namespace's init only the signals it
 * has a handler for (SIGKILL/SIGSTOP from an ancestor namespace aside), so
 * a program that is pid 1 never dies of SIGPIPE, SIGTERM from inside, or
 * any default-fatal signal it does not catch: a write to a closed pipe
 * gets EPIPE and the program ends as it chooses (docker run without
 * --init). With this init the program is an ordinary process and ends as
 * it would on the host (141 for a closed pipe).
 *
 * Contract: ct_init_run() is called by the container child (container/
 * child.h) once everything is in place (rootfs, cgroups, capabilities,
 * seccomp: the init stays under the same filter and capabilities as the
 * program, so ptracing it gains the program nothing). It starts the
 * program as vfork does (clone with CLONE_VM | CLONE_VFORK: sharing
 * memory, so no copy of isolab's is made; waiting for its exec), which execs
 * it; reports CT_MSG_EXEC on the sync socket, or lets the program's own
 * failure report stand and exits 127; closes its copies of the program's
 * fds (so EOF on them means the program closed them); reaps every process
 * that ends in the namespace until the program ends; if it then has no
 * child left, moves itself back into isolab's cgroups (leave_fds, from
 * the go: container/child.h), so that isolab can remove the container's
 * while this exit tears the namespaces down; reports the program's wait
 * status, and whether it left, as CT_MSG_EXIT; and exits with the
 * program's exit code, or 128 + its signal (an init cannot die of a
 * signal it sends itself). The init has the name "isolab-init"
 * (/proc/1/status). It is not dumpable, so the program cannot ptrace it
 * (that needs CAP_SYS_PTRACE where isolab runs): from before the filter,
 * or - when an unprivileged isolab must seize the program before its exec
 * (a --binary's exit peak, rootless) - right after the exec, which leaves
 * the program its first microseconds, and under --seccomp strict (no
 * prctl) not at all (ct_init_dump). isolab sends the leave files only to
 * an init not dumpable from before the filter: an fd on isolab's own
 * cgroup would let the program out of the container's limits. Its only
 * calls after the filter are clone, wait4, write, read, close, exit_group
 * (the strict profile allows them) and the prctl above. Never returns. */
#ifndef ISOLAB_CONTAINER_INIT_H
#define ISOLAB_CONTAINER_INIT_H

#include "container/child.h"

#define CT_INIT_NAME "isolab-init"

/* Never returns, though not declared noreturn: a sanitizer build calls
 * sigaltstack before every call to a noreturn function, which the filter
 * (strict) refuses at this point. */
void ct_init_run(const struct ct_child_spec *s, int sync_fd,
		 struct ct_report *rep, const int *leave_fds, int nleave);

#endif
