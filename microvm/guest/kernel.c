/* kernel: boot and system-call dispatch of the guest kernel (see kernel.h
 * and syscalls.h). Runs at CPL0 under emulation on PVM: dispatch is one
 * bounds check, one counter increment and one indirect jump; every
 * handler is a handful of instructions and at most one hypercall. */
#include "microvm/guest/kernel.h"
#include "microvm/guest/syscalls.h"

struct kstate k;

void enter_user(uint64_t entry, uint64_t sp) __attribute__((noreturn));
void kmain(const struct isolab_boot_info *bi) __attribute__((noreturn));
long syscall_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		      uint64_t a4, uint64_t a5, uint64_t nr);

static SYSCALL(sys_nosys)
{
	return nosys(nr);
}

static SYSCALL(sys_zero)
{
	return 0;
}

static SYSCALL(sys_one)
{
	return 1; /* pid, tid: the workload is the guest's first process */
}

/* Every number below GUEST_SYSCALL_SLOTS - 1; unlisted ones are -ENOSYS. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const syscall_fn table[GUEST_SYSCALL_SLOTS - 1] = {
	[0 ... GUEST_SYSCALL_SLOTS - 2] = sys_nosys,
	[NR_read] = sys_read,
	[NR_write] = sys_write,
	[NR_open] = sys_no_file,
	[NR_close] = sys_close,
	[NR_stat] = sys_no_file,
	[NR_fstat] = sys_fstat,
	[NR_lstat] = sys_no_file,
	[NR_lseek] = sys_lseek,
	[NR_mmap] = sys_mmap,
	[NR_mprotect] = sys_mprotect,
	[NR_munmap] = sys_munmap,
	[NR_brk] = sys_brk,
	[NR_rt_sigaction] = sys_rt_sigaction,
	[NR_rt_sigprocmask] = sys_rt_sigprocmask,
	[NR_ioctl] = sys_ioctl,
	[NR_readv] = sys_readv,
	[NR_writev] = sys_writev,
	[NR_access] = sys_no_file,
	[NR_sched_yield] = sys_zero,
	[NR_mremap] = sys_mremap,
	[NR_madvise] = sys_madvise,
	[NR_nanosleep] = sys_nanosleep,
	[NR_getpid] = sys_one,
	[NR_exit] = sys_exit,
	[NR_kill] = sys_kill,
	[NR_uname] = sys_uname,
	[NR_getcwd] = sys_getcwd,
	[NR_readlink] = sys_no_file,
	[NR_gettimeofday] = sys_gettimeofday,
	[NR_getrlimit] = sys_getrlimit,
	[NR_sysinfo] = sys_sysinfo,
	[NR_getuid] = sys_zero,
	[NR_getgid] = sys_zero,
	[NR_geteuid] = sys_zero,
	[NR_getegid] = sys_zero,
	[NR_getppid] = sys_zero,
	[NR_sigaltstack] = sys_sigaltstack,
	[NR_arch_prctl] = sys_arch_prctl,
	[NR_gettid] = sys_one,
	[NR_tkill] = sys_tkill,
	[NR_time] = sys_time,
	[NR_futex] = sys_futex,
	[NR_sched_getaffinity] = sys_sched_getaffinity,
	[NR_set_tid_address] = sys_one,
	[NR_clock_gettime] = sys_clock_gettime,
	[NR_clock_getres] = sys_clock_getres,
	[NR_exit_group] = sys_exit,
	[NR_tgkill] = sys_tgkill,
	[NR_openat] = sys_no_file,
	[NR_newfstatat] = sys_newfstatat,
	[NR_readlinkat] = sys_no_file,
	[NR_faccessat] = sys_no_file,
	[NR_set_robust_list] = sys_set_robust_list,
	[NR_prlimit64] = sys_prlimit64,
	[NR_getrandom] = sys_getrandom,
	[NR_statx] = sys_statx,
	[NR_faccessat2] = sys_no_file,
};
#pragma GCC diagnostic pop

long syscall_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		      uint64_t a4, uint64_t a5, uint64_t nr)
{
	if (nr >= GUEST_SYSCALL_SLOTS - 1) {
		syscall_counts[0][GUEST_SYSCALL_SLOTS - 1]++;
		return nosys(nr);
	}
	syscall_counts[0][nr]++;
	return table[nr](a0, a1, a2, a3, a4, a5, nr);
}

void kmemcpy(void *dst, const void *src, uint64_t n)
{
	/* One (emulated) instruction instead of a loop of them. */
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
}

void kmemzero(void *dst, uint64_t n)
{
	__asm__ volatile("rep stosb"
			 : "+D"(dst), "+c"(n)
			 : "a"(0)
			 : "memory");
}

void kmain(const struct isolab_boot_info *bi)
{
	struct hc_boot boot = { .abi_version = ISOLAB_HC_ABI_VERSION };

	k.ram_size = bi->ram_size;
	k.user_base = bi->user_base;
	k.altstack[1] = 2; /* SS_DISABLE */
	mem_init(bi);
	hypercall(HC_BOOT, &boot);
	enter_user(bi->user_entry, bi->user_sp);
}
