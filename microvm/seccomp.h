/* seccomp: confine the vCPU thread before the guest's first instruction.
 *
 * Why a per-thread filter: isolab runs the VMM inside its own process, next
 * to the CLI, the other launchers and the dashboard. A seccomp filter binds
 * only the thread that installs it (no SECCOMP_FILTER_FLAG_TSYNC), so
 * installing it on the dedicated vCPU thread confines exactly the code that
 * handles guest-controlled data - the KVM_RUN loop and the hypercall
 * handlers - as Firecracker confines its vCPU threads, and leaves the rest
 * of isolab its syscall reach. A VMM child process would isolate the same
 * code but cost a fork per run and a channel back for every result.
 *
 * The filter is a classic BPF program written out here rather than
 * compiled by libseccomp: vm_seccomp_build() runs in prepare (no guest code
 * yet, nothing allocated), and the vCPU thread's only work is two system
 * calls (PR_SET_NO_NEW_PRIVS, seccomp(SET_MODE_FILTER)), which keeps
 * libseccomp's allocations and feature probes off the startup path.
 *
 * Allowlist (anything else fails with EPERM - the call does not happen
 * either way, and EPERM lets the run fail with a clear error instead of
 * SIGSYS killing the whole isolab process; other ABIs (x32, i386) too):
 *   ioctl          only KVM_RUN, only on this VM's vCPU fd
 *   read           only from the workload's stdin fd (HC_READ)
 *   write          only to the workload's stdout/stderr fds and the
 *                  done and ready eventfds
 *   poll, ppoll    output back-pressure, HC_READ and HC_SLEEP, woken by
 *                  the kick eventfd
 *   madvise        only MADV_DONTNEED (HC_DISCARD)
 *   mincore        footprint sampling of guest RAM
 *   clock_gettime  HC_TIME and timeline stamps (normally the vDSO)
 *   getrandom      HC_RANDOM: the workload's getrandom() (non-blocking)
 *   futex, rt_sigprocmask, exit   thread exit in glibc
 * Sanitizer (SAN=1) builds add what the ASan/UBSan runtime calls from any
 * thread (see seccomp.c); microvm_seccomp_allowlist() reports the list of
 * the build it is in. Only when the test-only stop hook is armed
 * (ISOLAB_TEST_STOP_AT, launch_stop_point()) does the filter also let
 * through tgkill(stop_pid, stop_pid, SIGSTOP): isolab stopping itself, so
 * that kill9.sh can stop it after this thread's phases too. */
#ifndef ISOLAB_MICROVM_SECCOMP_H
#define ISOLAB_MICROVM_SECCOMP_H

#include <linux/filter.h>

#include "lab/host/err.h"

#define VM_SECCOMP_MAX_INSNS 128

struct vm_seccomp_fds {
	int vcpu_fd, stdin_fd, stdout_fd, stderr_fd, done_fd, ready_fd;
	/* -1: none */
	int stop_pid; /* test-only stop hook armed: isolab's pid, else 0 */
};

struct vm_seccomp_prog {
	struct sock_filter insn[VM_SECCOMP_MAX_INSNS];
	unsigned short len;
};

/* Build the filter for these fds. */
int vm_seccomp_build(const struct vm_seccomp_fds *fds,
		     struct vm_seccomp_prog *prog, struct err *err);

/* Install it on the calling thread only. */
int vm_seccomp_install(const struct vm_seccomp_prog *prog, struct err *err);

#endif
