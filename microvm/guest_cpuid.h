/* guest_cpuid: the CPUID table a vCPU is given.
 *
 * Only what the guest kernel and the workload rely on, or what KVM checks
 * the vCPU's registers against: long mode, SYSCALL, PAE, FXSR/SSE/SSE2
 * (the workload's floating point), the TSC (its clock), the vendor and
 * the address widths; and leaf 0xD saying x87 and SSE are all the state
 * there is. Each feature bit is the host's own, masked: never one the
 * host lacks. Neither the guest kernel nor the workload executes CPUID,
 * so a smaller table changes nothing they see; what it saves is
 * KVM_GET_SUPPORTED_CPUID, whose ~60 host CPUIDs trap to the outer
 * hypervisor on a nested host (~0.3-0.5 ms, a tenth of a whole exec),
 * where this runs five; KVM_SET_CPUID2 also takes 30 us instead of 55.
 * Like a Firecracker CPU template, it shows the guest less of the host.
 *
 * Contract: guest_cpuid_read() returns a malloc'ed table (free() it) or
 * NULL with err set; guest_cpuid_hwcap() is leaf 1's EDX of that table,
 * the guest's AT_HWCAP. */
#ifndef ISOLAB_MICROVM_GUEST_CPUID_H
#define ISOLAB_MICROVM_GUEST_CPUID_H

#include <linux/kvm.h>
#include <stdint.h>

#include "lab/host/err.h"

struct kvm_cpuid2 *guest_cpuid_read(struct err *err);
uint64_t guest_cpuid_hwcap(const struct kvm_cpuid2 *table);

#endif
