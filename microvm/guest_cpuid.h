/* guest_cpuid: the CPUID table a vCPU is given.
 *
 * Built from a few host CPUIDs instead of KVM_GET_SUPPORTED_CPUID, whose
 * ~60 CPUIDs each trap to the outer hypervisor on a nested host (0.3-0.5
 * ms, a tenth of a whole exec; this takes 8 on AMD, ~14 on Intel). It
 * holds what KVM checks the vCPU's registers against (long mode, SYSCALL,
 * PAE, the address widths), what programs choose their code by (x86-64-v2
 * and a few instructions that need nothing of the OS; never XSAVE or AVX,
 * since the vCPU's state is x87 and SSE alone, as leaf 0xD says), and the
 * host's cache leaves unchanged, which C libraries size their copies by.
 * Every feature bit is the host's own, masked. isolab-workload and the
 * guest kernel never execute CPUID; a --binary's C library does. Like a
 * Firecracker CPU template, the table shows the guest less of the host.
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
