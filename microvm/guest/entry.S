/* entry: the guest kernel's only assembly. Every instruction here runs at
 * CPL0, which PVM emulates at ~0.5 us each, so the paths are kept short:
 *  - the header the VMM reads to wire the IDT, LSTAR and TSS;
 *  - _start: the VMM enters here in long mode (rsp = stack_top,
 *    rdi = &boot info) and kmain() never returns;
 *  - syscall_entry: saves what Linux preserves, calls syscall_dispatch(),
 *    returns with iretq (sysretq triple-faults under PVM);
 *  - the system-call counters the VMM reads at exit;
 *  - 32 exception stubs: the frame they build IS struct hc_fault, handed
 *    to the VMM by a single hypercall; the VM stops there.
 * Single vCPU, single user thread: no swapgs, no per-CPU data. */
#include "microvm/hypercall_abi.h"

	.section .isolab.header, "a"
	.balign 8
	.long ISOLAB_GUEST_MAGIC
	.long ISOLAB_HC_ABI_VERSION
	.quad _start
	.quad syscall_entry
	.quad exc_stubs
	.quad 16
	.quad kstack_top
	.quad ist_top
	.quad syscall_counts

	.text
	.globl _start
_start:
	call kmain
1:	hlt
	jmp 1b

/* syscall (VT-x/AMD-V: at CPL0 here): rcx = user rip, r11 = user
 * rflags, rsp still the user's. Build the iret frame back to the caller
 * on the kernel stack, then the common path. */
	.globl syscall_entry
syscall_entry:
	movq %rsp, user_rsp(%rip)
	leaq kstack_top(%rip), %rsp
	pushq $GUEST_SEL_UDATA
	pushq user_rsp(%rip)
	pushq %r11
	pushq $GUEST_SEL_UCODE
	pushq %rcx
/* (%rsp): an iret frame to the caller, rsp = 8 mod 16. Saves what Linux
 * preserves, dispatches, returns with iretq (sysretq triple-faults under
 * PVM) and with rcx = rip, r11 = rflags, as Linux leaves them. */
syscall_frame:
	/* Only CF PF AF ZF SF TF DF OF AC ID may go back to user mode: never
	 * IOPL (port I/O) or NT, whatever r11 held. */
	andq $0x240dd7, 16(%rsp)
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %r10
	pushq %r8
	pushq %r9
	pushq %rax               /* 7th argument: the syscall number */
	movq %r10, %rcx          /* syscall ABI -> C ABI */
	call syscall_dispatch
	addq $8, %rsp
	popq %r9
	popq %r8
	popq %r10
	popq %rdx
	popq %rsi
	popq %rdi
	movq (%rsp), %rcx
	movq 16(%rsp), %r11
	iretq

/* enter_user(entry, sp): first entry into the workload, registers zeroed
 * as Linux leaves them (rdx = 0: no atexit function). */
	.globl enter_user
enter_user:
	pushq $GUEST_SEL_UDATA
	pushq %rsi
	pushq $0x2               /* rflags: IF clear, nothing to interrupt us */
	pushq $GUEST_SEL_UCODE
	pushq %rdi
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	iretq

/* Vectors that push an error code: 8, 10-14, 17, 21, 29, 30. The others
 * push a zero so that every frame has the same shape. */
	.balign 16
exc_stubs:
	.set vec, 0
	.rept GUEST_EXC_VECTORS
	.balign 16
	.if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq $0
	.endif
	.if vec == 14
	jmp pf_entry
	.else
	pushq $vec
	jmp exc_common
	.endif
	.set vec, vec + 1
	.endr

/* #PF. Under PVM a user `syscall` jumps to LSTAR without leaving user mode
 * (hardware VT-x/AMD-V switches to CPL0 as the manual says), so the fetch
 * of syscall_entry, a supervisor page, faults here. Such a fault - at
 * syscall_entry, from user mode - is finished as the syscall it is: the
 * fault's own frame, minus its error code, becomes the iret frame back to
 * rcx (return rip) with r11 (rflags), as the syscall saved them, and the
 * common path runs on this (IST) stack. Fewer instructions than moving to
 * the kernel stack, and each costs ~0.65 us under PVM. A user jumping to
 * syscall_entry directly gets the same treatment, which is harmless: rcx
 * must be a canonical user address (else it is an ordinary SIGSEGV) and
 * the common path sanitises r11 before iretq. */
pf_entry:
	cmpq $syscall_entry, 8(%rsp)       /* faulting rip */
	jne 1f
	testb $3, 16(%rsp)                 /* from user mode */
	jz 1f
	movq %rcx, -8(%rsp)
	shrq $47, -8(%rsp)                 /* rcx below 2^47? */
	jnz 1f
	addq $8, %rsp                      /* drop the error code */
	movq %rcx, (%rsp)                  /* return rip */
	movq %r11, 16(%rsp)                /* return rflags */
	jmp syscall_frame
1:	pushq $14
	jmp exc_common

exc_common:
	movq %cr2, %rax
	pushq %rax               /* rsp now points at a struct hc_fault */
	movl %esp, %eax          /* the IST stack lies below 4 GiB */
	movw $(ISOLAB_HC_PORT + HC_FAULT), %dx
	outl %eax, %dx
2:	hlt                      /* the VMM never resumes a faulted guest */
	jmp 2b

	.bss
	.balign 16
/* Calls made, then calls answered -ENOSYS, by number (hypercall_abi.h).
 * Here rather than in C so that every kernel linked with this entry code
 * has them where its header says. */
	.globl syscall_counts
syscall_counts:
	.space 2 * GUEST_SYSCALL_SLOTS * 8
	.balign 16
	.globl user_rsp
user_rsp:
	.quad 0
	.balign 16
	.space 16384
kstack_top:
	.space 8192              /* exceptions, and under PVM system calls */
ist_top:

	.section .note.GNU-stack, "", @progbits
