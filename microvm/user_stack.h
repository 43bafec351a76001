/* user_stack: the initial stack a Linux x86-64 kernel gives a new static
 * program, built by the host in guest RAM, so that the workload starts in
 * the micro-VM exactly as it starts under Linux:
 *
 *   sp ->  argc | argv[0..argc-1] | NULL | envp[..] | NULL |
 *          auxv pairs (AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_ENTRY,
 *          AT_BASE, AT_FLAGS, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE,
 *          AT_HWCAP, AT_CLKTCK, AT_PLATFORM, AT_RANDOM, AT_EXECFN,
 *          AT_ISOLAB_TSC_CLOCK) |
 *          AT_NULL | padding | strings | "x86_64" | 16 random bytes |
 *          struct tsc_clock | top
 *
 * sp is 16-byte aligned. No AT_SYSINFO_EHDR: the guest has no vDSO. The
 * struct tsc_clock (lab/proto/tsc_clock.h) is left zeroed, "no clock":
 * it can only be filled once the vCPU exists (guest_clock.h). */
#ifndef ISOLAB_MICROVM_USER_STACK_H
#define ISOLAB_MICROVM_USER_STACK_H

#include <stdint.h>

#include "lab/host/err.h"
#include "microvm/gmem.h"

struct user_stack_info {
	uint64_t entry, phdr, phnum; /* from the workload's ELF */
	uint64_t hwcap;              /* CPUID.1:EDX, as Linux reports it */
	uint8_t random[16];          /* AT_RANDOM bytes */
};

/* Guest addresses in the built stack. */
struct user_stack_layout {
	uint64_t sp;        /* argc, where the workload starts */
	uint64_t tsc_clock; /* the zeroed struct tsc_clock */
};

/* Build the stack in guest RAM [lo, top). Fails (ERR_USAGE) if the
 * arguments do not fit. */
int user_stack_build(const struct gmem *m, uint64_t lo, uint64_t top,
		     char *const argv[], char *const envp[],
		     const struct user_stack_info *info,
		     struct user_stack_layout *out, struct err *err);

#endif
