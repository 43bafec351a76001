/* hypercall_abi: the one contract between the VMM (microvm/, host side) and the
 * guest kernel (microvm/guest/). Both sides include this file; it holds only
 * constants and fixed-layout structs, so it compiles hosted and freestanding.
 *
 * Guest physical memory (identity-mapped: guest virtual == guest physical):
 *
 *   0x000000 - 0x200000  kernel area, supervisor-only (one 2 MiB page)
 *     0x1000             PML4, then PDPT, then up to 4 PDs (2 MiB pages)
 *     0x7000             GDT; the 64-bit TSS follows it in the same page
 *     0x8000             IDT (32 exception gates)
 *     0x9000             struct isolab_boot_info, written by the VMM
 *     0x10000-0x100000   page-table pool: 4 KiB page tables for the 2 MiB
 *                        regions that need finer protection (the stack's
 *                        guard, mprotect(PROT_NONE)); the VMM fills each
 *                        one once and never reuses it (see HC_PROTECT)
 *     0x100000-0x200000  guest kernel image (isolab-guest), starting with
 *                        struct isolab_guest_header
 *   0x200000 - RAM end   user area: the workload's segments (at 0x400000
 *                        for a usual static link), brk growing up, anonymous
 *                        mmap growing down from below the stack's guard
 *                        (GUEST_STACK_GUARD bytes, never mapped), and the
 *                        initial stack at the top of RAM
 *
 * Hypercalls: the guest kernel executes `outl %eax, %dx` with
 *   dx  = ISOLAB_HC_PORT + nr  (enum isolab_hc)
 *   eax = guest-physical address of the call's argument struct.
 * The VMM copies the struct out of guest memory, checks every field (the
 * guest is hostile), does the work, and may write results back into the
 * struct ("out" fields). Anything malformed (unknown port, another access
 * size, an `in`, a struct or buffer outside guest RAM, an impossible value)
 * stops the VM with an error: a correct guest kernel never does it. */
#ifndef ISOLAB_MICROVM_HYPERCALL_ABI_H
#define ISOLAB_MICROVM_HYPERCALL_ABI_H

#ifndef __ASSEMBLER__
/* gcc's <stdint.h> works freestanding too. */
#include <stdint.h>
#endif

#define ISOLAB_HC_ABI_VERSION 2

/* Guest-physical layout (see above). */
#define GUEST_PAGE_SIZE 0x1000ul
#define GUEST_HUGE_PAGE 0x200000ul
#define GUEST_PML4 0x1000ul
#define GUEST_PDPT 0x2000ul
#define GUEST_PD 0x3000ul /* up to GUEST_MAX_PDS pages */
#define GUEST_MAX_PDS 4   /* 4 x 1 GiB: guest RAM is at most 4 GiB */
#define GUEST_GDT 0x7000ul
#define GUEST_TSS 0x7080ul
#define GUEST_IDT 0x8000ul
#define GUEST_BOOT_INFO 0x9000ul
#define GUEST_PT_POOL 0x10000ul
#define GUEST_PT_POOL_END 0x100000ul
#define GUEST_KERNEL_BASE 0x100000ul
#define GUEST_KERNEL_END 0x200000ul
#define GUEST_USER_BASE GUEST_KERNEL_END
#define GUEST_STACK_SIZE 0x100000ul /* top 1 MiB of RAM: the user stack */
#define GUEST_STACK_GUARD 0x10000ul /* 64 KiB below it: not present */

/* The guest kernel counts the workload's system calls in two arrays of
 * GUEST_SYSCALL_SLOTS uint64_t each, one after the other: calls made, and
 * calls answered -ENOSYS, by number. The last slot counts every number
 * from GUEST_SYSCALL_SLOTS - 1 up. The VMM reads them at exit. */
#define GUEST_SYSCALL_SLOTS 512

/* Segment selectors in the GDT the VMM builds. The order (kernel code,
 * kernel data, user data, user code) is the one STAR requires. */
#define GUEST_SEL_KCODE 0x08
#define GUEST_SEL_KDATA 0x10
#define GUEST_SEL_UDATA 0x1b /* 0x18 | RPL 3 */
#define GUEST_SEL_UCODE 0x23 /* 0x20 | RPL 3 */
#define GUEST_SEL_TSS 0x28

#define GUEST_EXC_VECTORS 32

/* The guest kernel image starts (at GUEST_KERNEL_BASE) with this header:
 * how the VMM finds the entry points it wires into the IDT, LSTAR and TSS. */
#define ISOLAB_GUEST_MAGIC 0x4753494fu /* bytes "OISG" */
#ifndef __ASSEMBLER__
struct isolab_guest_header {
	uint32_t magic;
	uint32_t abi_version;      /* ISOLAB_HC_ABI_VERSION */
	uint64_t entry;            /* CPL0 entry; rdi = &boot info */
	uint64_t syscall_entry;    /* MSR_LSTAR */
	uint64_t exc_stubs;        /* GUEST_EXC_VECTORS stubs ... */
	uint64_t exc_stub_size;    /* ... this many bytes apart */
	uint64_t stack_top;        /* initial rsp and TSS.RSP0 */
	uint64_t ist_top;          /* TSS.IST1: every exception runs here */
	uint64_t syscall_counts;   /* 2 x GUEST_SYSCALL_SLOTS uint64_t */
};
#endif

/* Written by the VMM at GUEST_BOOT_INFO before the guest starts. */
#define ISOLAB_BOOT_MAGIC 0x746f6f62626c6f73ul
#ifndef __ASSEMBLER__
struct isolab_boot_info {
	uint64_t magic;
	uint64_t ram_size;   /* bytes; user pointers must lie below this */
	uint64_t user_base;  /* GUEST_USER_BASE */
	uint64_t user_entry; /* workload's ELF entry */
	uint64_t user_sp;    /* points at argc (Linux initial stack) */
	uint64_t brk_start;  /* page after the workload's highest segment */
	uint64_t mmap_top;   /* anonymous mmap grows down from here */
};
#endif

/* Hypercall numbers; the port is ISOLAB_HC_PORT + number. */
#define ISOLAB_HC_PORT 0x500
#define HC_BOOT 0    /* kernel set up, about to enter the workload */
#define HC_WRITE 1   /* guest fd 1/2/3 -> host output/stderr/channel */
#define HC_EXIT 2    /* workload exited; the VM stops */
#define HC_TIME 3    /* read a host clock */
#define HC_SLEEP 4   /* block the vCPU for some nanoseconds */
#define HC_DISCARD 5 /* guest pages are free: the host may drop them */
#define HC_FAULT 6   /* an exception: the VM stops */
#define HC_READ 7    /* guest fd 0 <- host stdin (EOF when there is none) */
#define HC_SIGNAL 8  /* the workload is killed by a signal; the VM stops */
#define HC_PROTECT 9 /* change a range's protection; returns the new PDE */
#define HC_RANDOM 10 /* fill a buffer with the host's random bytes */
#define HC_COUNT 11

#ifndef __ASSEMBLER__

struct hc_boot {
	uint64_t abi_version; /* in */
};

struct hc_write {
	uint64_t fd;  /* in: 1 stdout, 2 stderr, 3 control channel */
	uint64_t buf; /* in: guest-physical */
	uint64_t len; /* in */
	int64_t ret;  /* out: bytes taken, or -errno */
};

struct hc_read {
	uint64_t fd;  /* in: 0 */
	uint64_t buf; /* in: guest-physical */
	uint64_t len; /* in */
	int64_t ret;  /* out: bytes read, 0 at end of file, or -errno */
};

struct hc_exit {
	uint64_t status; /* in: exit status, 0-255 */
};

struct hc_time {
	uint64_t clock; /* in: CLOCK_REALTIME 0, MONOTONIC 1, MONOTONIC_RAW 4,
			   BOOTTIME 7 */
	int64_t sec;    /* out */
	int64_t nsec;   /* out */
	int64_t ret;    /* out: 0 or -EINVAL */
};

struct hc_sleep {
	uint64_t ns; /* in */
	int64_t ret; /* out: 0, or -EINTR when the VM is being stopped */
};

struct hc_signal {
	uint64_t signal; /* in: 1-64, the Linux signal number */
};

/* One 2 MiB region at a time: [addr, addr+len) lies inside the region
 * that starts at addr & ~(GUEST_HUGE_PAGE - 1), in the user area. The VMM
 * builds the region's new page table in a fresh pool page (a page that was
 * never a live page table, so no shadow MMU holds a stale copy of it) and
 * returns the PDE that selects it; the guest kernel writes that PDE itself
 * (a guest write the shadow MMU sees) and then reloads CR3. */
struct hc_protect {
	uint64_t addr;   /* in: page-aligned */
	uint64_t len;    /* in: page multiple, > 0 */
	uint64_t access; /* in: 0 no access (PROT_NONE), 1 read/write/execute */
	uint64_t pde;    /* out: the region's new page-directory entry */
	int64_t ret;     /* out: 0, or -ENOMEM when the pool is used up */
};

struct hc_random {
	uint64_t buf; /* in: guest-physical */
	uint64_t len; /* in: at most HC_RANDOM_MAX */
	int64_t ret;  /* out: bytes written, or -errno */
};
#define HC_RANDOM_MAX (1u << 20)

struct hc_discard {
	uint64_t addr; /* in: page-aligned guest-physical */
	uint64_t len;  /* in: page multiple */
};

/* Exactly what the exception stub leaves on its stack: cr2 pushed last,
 * then the stub's vector and error code, then the CPU's interrupt frame. */
struct hc_fault {
	uint64_t cr2;
	uint64_t vector;
	uint64_t error;
	uint64_t rip;
	uint64_t cs;
	uint64_t rflags;
	uint64_t rsp;
	uint64_t ss;
};
#endif /* __ASSEMBLER__ */

#endif
