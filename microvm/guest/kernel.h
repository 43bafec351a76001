/* kernel: the guest kernel's internal interface.
 *
 * The guest kernel is a system-call server for exactly one static Linux
 * program: it owns no devices, no scheduler and no interrupts. Its state is
 * the boot info the VMM wrote, the brk/mmap cursors and the signal
 * dispositions below. Everything the outside world sees goes through a
 * hypercall (hypercall_abi.h).
 * It is compiled with -mgeneral-regs-only: it never saves the workload's
 * SSE registers, so it must never touch them.
 *
 * Every handler has the dispatcher's signature (SYSCALL below): six
 * arguments and the number, so that syscall_dispatch() is one bounds check,
 * one counter increment and one indirect jump. */
#ifndef ISOLAB_GUEST_KERNEL_H
#define ISOLAB_GUEST_KERNEL_H

#include "microvm/hypercall_abi.h"

#define ESRCH 3
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define ENOENT 2
#define EPERM 1
#define EINVAL 22
#define ENOTTY 25
#define ESPIPE 29
#define ERANGE 34
#define ENOSYS 38

#define UNUSED __attribute__((unused))
#define SYSCALL(name)                                                         \
	long name(uint64_t a0 UNUSED, uint64_t a1 UNUSED, uint64_t a2 UNUSED,  \
		  uint64_t a3 UNUSED, uint64_t a4 UNUSED, uint64_t a5 UNUSED,  \
		  uint64_t nr UNUSED)
typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
			   uint64_t, uint64_t);

struct kstate {
	uint64_t ram_size;
	uint64_t user_base;
	uint64_t brk_start, brk;     /* program break: [brk_start, brk) */
	uint64_t mmap_low, mmap_top; /* anonymous mmaps: [mmap_low, mmap_top);
					the stack's guard lies just above */
	int has_none;                /* some page was made PROT_NONE: memory
					handed out again must be made
					accessible again */
	uint64_t sig_blocked, sig_pending; /* bit sig-1 */
	uint64_t sigact[64][4];      /* struct kernel_sigaction, recorded */
	uint64_t altstack[3];        /* stack_t, recorded */
};

extern struct kstate k;
extern uint64_t syscall_counts[2][GUEST_SYSCALL_SLOTS];

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

/* -ENOSYS, counted as such for nr: the run's note lists it. */
static inline long nosys(uint64_t nr)
{
	syscall_counts[1][nr < GUEST_SYSCALL_SLOTS ? nr : GUEST_SYSCALL_SLOTS - 1]++;
	return -ENOSYS;
}

void kmemcpy(void *dst, const void *src, uint64_t n);
void kmemzero(void *dst, uint64_t n);
long host_time(uint64_t clock, int64_t ts[2]);

/* Memory (mem.c). */
void mem_init(const struct isolab_boot_info *bi);
SYSCALL(sys_brk);
SYSCALL(sys_mmap);
SYSCALL(sys_munmap);
SYSCALL(sys_mremap);
SYSCALL(sys_mprotect);
SYSCALL(sys_madvise);

/* Standard input and output, and the absent file system (io.c). */
SYSCALL(sys_read);
SYSCALL(sys_write);
SYSCALL(sys_readv);
SYSCALL(sys_writev);
SYSCALL(sys_close);
SYSCALL(sys_fstat);
SYSCALL(sys_newfstatat);
SYSCALL(sys_statx);
SYSCALL(sys_ioctl);
SYSCALL(sys_lseek);
SYSCALL(sys_no_file);
SYSCALL(sys_getcwd);

/* Signals (signal.c). */
SYSCALL(sys_rt_sigaction);
SYSCALL(sys_rt_sigprocmask);
SYSCALL(sys_sigaltstack);
SYSCALL(sys_kill);
SYSCALL(sys_tkill);
SYSCALL(sys_tgkill);

/* The process and its surroundings (proc.c). */
SYSCALL(sys_exit);
SYSCALL(sys_prlimit64);
SYSCALL(sys_getrlimit);
SYSCALL(sys_sysinfo);
SYSCALL(sys_sched_getaffinity);
SYSCALL(sys_getrandom);
SYSCALL(sys_set_robust_list);
SYSCALL(sys_futex);
SYSCALL(sys_uname);
SYSCALL(sys_arch_prctl);
SYSCALL(sys_clock_gettime);
SYSCALL(sys_clock_getres);
SYSCALL(sys_gettimeofday);
SYSCALL(sys_time);
SYSCALL(sys_nanosleep);

#endif
