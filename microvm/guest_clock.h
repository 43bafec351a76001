/* guest_clock: fill the workload's struct tsc_clock (lab/proto/tsc_clock.h),
 * which the loader left zeroed on its stack, once the vCPU exists: the
 * guest's TSC is the host's plus the vCPU's offset (KVM_VCPU_TSC_OFFSET;
 * isolab never asks KVM to scale it), and it runs at KVM_GET_TSC_KHZ (the
 * VM's, or the vCPU's before Linux 6.0).
 *
 * A KVM that cannot tell either (older than 5.16) leaves the struct
 * zeroed: the workload then reads the clock by a system call, as it would
 * anyway, and nothing else changes. */
#ifndef ISOLAB_MICROVM_GUEST_CLOCK_H
#define ISOLAB_MICROVM_GUEST_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/proto/tsc_clock.h"
#include "microvm/vmm.h"

/* The clock for v's vCPU, as of now. False (and *c zeroed) if KVM cannot
 * say what the guest's TSC is. */
bool guest_clock_read(const struct vmm *v, struct tsc_clock *c);

/* guest_clock_read() into guest RAM at gpa (from guest_load). */
void guest_clock_fill(const struct vmm *v, uint64_t gpa);

#endif
