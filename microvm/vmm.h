/* vmm: the KVM side of the micro-VM, one call per setup phase.
 *
 *   vmm_host_open()   once per session: open /dev/kvm, check the API
 *                     version and every extension used, read the vCPU
 *                     mmap size. With the session's CPUID table
 *                     (guest_cpuid.h, kept in `cpuid` and freed by
 *                     vmm_host_close()), read-only afterwards, shared
 *                     by every VM (concurrently under density)
 *   vmm_open()        a VM of that host
 *   vmm_create_vm()   KVM_CREATE_VM (+ TSS address where the host needs
 *                     it), with the local APIC in the kernel (split
 *                     irqchip) where KVM offers it: see vmm.c
 *   vmm_set_memory()  map guest RAM lazily, register it as slot 0
 *   vmm_setup_vcpu()  one vCPU: the session's CPUID table, long-mode
 *                     sregs, regs, MSRs, and
 *                     the signal mask it runs with (only the kick signal
 *                     may interrupt KVM_RUN)
 *   vmm_close()       undo all of it; safe on a partly built vmm
 *
 * Errors name the fix where there is one. Nothing here runs the guest:
 * the run loop (vcpu.c) does, on its own thread. */
#ifndef ISOLAB_MICROVM_VMM_H
#define ISOLAB_MICROVM_VMM_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab/host/err.h"
#include "microvm/gmem.h"
#include "microvm/hypercall_abi.h"

struct vmm_host {
	int kvm_fd;
	bool split_irqchip;     /* KVM_CAP_SPLIT_IRQCHIP */
	bool set_tss_addr;      /* KVM_CAP_SET_TSS_ADDR */
	int run_size;           /* KVM_GET_VCPU_MMAP_SIZE */
	struct kvm_cpuid2 *cpuid; /* guest_cpuid_read(), set by the session */
};

int vmm_host_open(struct vmm_host *h, struct err *err);
/* After a successful vmm_host_open() (a failed one closes itself). */
void vmm_host_close(struct vmm_host *h);

struct vmm {
	const struct vmm_host *host;
	int vm_fd, vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
	struct gmem mem;
};

/* Set every fd to -1: vmm_close() may then be called at any point. */
void vmm_init(struct vmm *v);

/* Open /dev/kvm read-write, with an error naming the fix. */
int vmm_open_dev(struct err *err);

int vmm_open(struct vmm *v, const struct vmm_host *host, struct err *err);
int vmm_create_vm(struct vmm *v, struct err *err);
int vmm_set_memory(struct vmm *v, uint64_t size, struct err *err);
int vmm_setup_vcpu(struct vmm *v, const struct isolab_guest_header *h,
		   int kick_signal, struct err *err);
void vmm_close(struct vmm *v);

/* After the vCPU thread stopped: is the guest sitting in `hlt`? With the
 * LAPIC in the kernel a halt does not exit; the run ends at its timeout,
 * and this tells that apart from a guest still busy. */
bool vmm_vcpu_halted(const struct vmm *v);

#endif
