/* kernel: the guest kernel's internal interface.
 *
 * The guest kernel is a system-call server for exactly one static Linux
 * program: it owns no devices, no scheduler and no interrupts. Its state is
 * the boot info the VMM wrote plus the brk/mmap cursors below. Everything
 * the outside world sees goes through a hypercall (hypercall_abi.h).
 * It is compiled with -mgeneral-regs-only: it never saves the workload's
 * SSE registers, so it must never touch them. */
#ifndef ISOLAB_GUEST_KERNEL_H
#define ISOLAB_GUEST_KERNEL_H

#include "microvm/hypercall_abi.h"

#define EBADF 9
#define ENOMEM 12
#define EFAULT 14
#define EINVAL 22
#define ENOSYS 38

struct kstate {
	uint64_t ram_size;
	uint64_t user_base;
	uint64_t brk_start, brk;     /* program break: [brk_start, brk) */
	uint64_t mmap_low, mmap_top; /* anonymous mmaps: [mmap_low, mmap_top) */
};

extern struct kstate k;

static inline void hypercall(unsigned nr, void *arg)
{
	/* Kernel data lies below 2 MiB: its address fits the 32-bit port
	 * value, and is the guest-physical address too (identity map). */
	__asm__ volatile("outl %0, %w1"
			 :
			 : "a"((uint32_t)(uint64_t)arg),
			   "d"((uint16_t)(ISOLAB_HC_PORT + nr))
			 : "memory");
}

/* Is [p, p+len) inside the user area? Kernel memory is never handed to
 * the VMM on the workload's behalf, nor written for it. */
static inline int user_ok(uint64_t p, uint64_t len)
{
	return p >= k.user_base && p <= k.ram_size && len <= k.ram_size - p;
}

void kmemcpy(void *dst, const void *src, uint64_t n);

/* Memory system calls (mem.c). */
long sys_brk(uint64_t addr);
long sys_mmap(uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags,
	      uint64_t fd, uint64_t off);
long sys_munmap(uint64_t addr, uint64_t len);
void mem_init(const struct isolab_boot_info *bi);

#endif
