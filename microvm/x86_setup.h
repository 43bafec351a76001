/* x86_setup: the vCPU's starting state, built entirely by the host, so the
 * guest never runs a real-mode or protected-mode instruction (each one is
 * emulated under PVM) and its kernel starts directly in 64-bit long mode:
 *
 *  - page tables identity-mapping all RAM with 2 MiB pages; the first
 *    2 MiB (the kernel area) supervisor-only, so a user access there,
 *    including a NULL dereference, is a #PF; the rest user read/write;
 *  - GDT (kernel/user code+data, 64-bit TSS), TSS (RSP0 and IST1 from the
 *    guest kernel's header, no I/O bitmap: user port I/O is a #GP), IDT
 *    with the 32 exception gates (vector 3 callable from user mode, as
 *    Linux does for int3);
 *  - control registers: PE, PG, PAE, long mode, WP, and the FPU/SSE bits
 *    the workload's compiler may rely on (CR0.MP, CR0.NE, no CR0.EM,
 *    CR4.OSFXSR, CR4.OSXMMEXCPT);
 *  - syscall MSRs: EFER.SCE, STAR, LSTAR = the kernel's syscall entry,
 *    FMASK clearing IF/TF/DF/AC/NT on entry. */
#ifndef ISOLAB_MICROVM_X86_SETUP_H
#define ISOLAB_MICROVM_X86_SETUP_H

#include <linux/kvm.h>

#include "microvm/gmem.h"
#include "microvm/hypercall_abi.h"

#define X86_SETUP_NMSRS 8

/* Write page tables, GDT, TSS and IDT into guest RAM. RAM must be a
 * multiple of 2 MiB and at most GUEST_MAX_PDS GiB; h is already checked. */
void x86_write_tables(const struct gmem *m,
		      const struct isolab_guest_header *h);

/* Special registers for 64-bit CPL0 with the tables above. */
void x86_fill_sregs(struct kvm_sregs *s);

/* General registers for the kernel entry. */
void x86_fill_regs(struct kvm_regs *r, const struct isolab_guest_header *h);

/* The MSRs to set; returns how many entries it filled. */
int x86_fill_msrs(struct kvm_msr_entry *e,
		  const struct isolab_guest_header *h);

#endif
