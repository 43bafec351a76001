/* vcpu: the vCPU thread, the only place the guest runs.
 *
 * vcpu_start() builds the thread's seccomp filter, then creates the thread
 * on a stack of our own (so its footprint can be measured and it is
 * unmapped with the run), guarded by a marker where the kernel has them
 * (lab/host/thread_stacks.h): an mprotect'ed guard would walk every live
 * VM's MMU notifier in the process, a cost that grows with `density`.
 * The thread confines itself with the filter (seccomp.h), then loops on
 * KVM_RUN, handing every I/O exit to the hypercall layer, until the
 * workload exits or faults, the guest misbehaves, or a stop is requested.
 * It then writes the done eventfd, which the launcher's wait step polls
 * together with the cancel fd and the timeout.
 *
 * vcpu_request_stop() works wherever the thread is: it sets the stop flag
 * and kvm_run->immediate_exit (a KVM_RUN about to start returns at once),
 * signals the kick eventfd (a poll in the output path or a guest sleep
 * wakes up) and sends the kick signal to the thread (a KVM_RUN in progress
 * returns EINTR, even with the guest spinning at CPL3 or CPL0). The thread
 * blocks the kick signal outside KVM_RUN (see vmm.c), so no handler is
 * installed and nothing else in the process is affected. */
#ifndef ISOLAB_MICROVM_VCPU_H
#define ISOLAB_MICROVM_VCPU_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "lab/host/err.h"
#include "lab/host/thread_stacks.h"
#include "microvm/hypercall.h"
#include "microvm/seccomp.h"
#include "microvm/vmm.h"

#define VCPU_KICK_SIGNAL (SIGRTMAX)
#define VCPU_STACK_SIZE (256u << 10)

enum vcpu_end { VCPU_RUNNING, VCPU_EXITED, VCPU_FAULTED, VCPU_STOPPED,
		VCPU_FAILED, VCPU_SIGNALED };

enum vcpu_exit_kind { EXK_IO, EXK_HLT, EXK_SHUTDOWN, EXK_INTR, EXK_MMIO,
		      EXK_FAIL_ENTRY, EXK_INTERNAL, EXK_OTHER, EXK_COUNT };

struct vcpu {
	struct vmm *vmm;
	struct hc_ctx hc;
	int done_fd, kick_fd; /* eventfds, owned by the launcher (and
				 hc.ready_fd) */
	int stop;             /* atomic */
	enum vcpu_end end;
	uint32_t last_exit_reason;
	uint64_t exits[EXK_COUNT];
	struct err err;       /* when end == VCPU_FAILED */
	struct vm_seccomp_prog filter; /* built before the thread starts */
	pthread_t thread;
	bool started;
	struct thread_stacks stack; /* one of VCPU_STACK_SIZE, guarded */
};

int vcpu_start(struct vcpu *c, struct err *err);
void vcpu_request_stop(struct vcpu *c);
void vcpu_join(struct vcpu *c);
/* Join if needed, then unmap the thread's stack. */
void vcpu_free(struct vcpu *c);

/* Counter names, e.g. "exit_io". */
const char *vcpu_exit_counter(enum vcpu_exit_kind k);

#endif
