/* session: what every micro-VM of one config in one isolab invocation
 * shares, worked out once (lab/core/session.h): /dev/kvm opened, its API
 * version and extensions checked, the vCPU mmap size, the guest's CPUID
 * table (guest_cpuid.h: a few host CPUIDs, where KVM_GET_SUPPORTED_CPUID
 * runs ~60, each a trap on a nested host), and the guest kernel ELF read
 * and checked.
 *
 * Contract: vm_session_open() fills s or fails with nothing held, and
 * marks each phase in `cost`. Read-only once open, shared by concurrent
 * runs (density). It holds no VM, guest memory or vCPU: every run makes
 * its own from scratch, so nothing one guest does can reach the next.
 * The /dev/kvm fd it keeps is the system fd, which holds no VM state.
 * The VMM's seccomp filter stays per run: it names the run's own fds. */
#ifndef ISOLAB_MICROVM_SESSION_H
#define ISOLAB_MICROVM_SESSION_H

#include "lab/core/launcher.h"
#include "microvm/guest_load.h"
#include "microvm/vmm.h"

struct vm_session {
	struct vmm_host host;
	struct guest_kernel kernel;
};

int vm_session_open(const char *kernel_path, struct vm_session *s,
		    struct timeline *cost, struct err *err);
void vm_session_close(struct vm_session *s);

#endif
