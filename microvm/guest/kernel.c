/* kernel: boot and system-call dispatch of the guest kernel (see kernel.h
 * and syscalls.h). Runs at CPL0 under emulation on PVM: every handler is a
 * handful of instructions and at most one hypercall. */
#include "microvm/guest/kernel.h"
#include "microvm/guest/syscalls.h"

struct kstate k;

void enter_user(uint64_t entry, uint64_t sp) __attribute__((noreturn));
void kmain(const struct isolab_boot_info *bi) __attribute__((noreturn));
long syscall_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		      uint64_t a4, uint64_t a5, uint64_t nr);

struct utsname_k {
	char f[6][65];
};

static const struct utsname_k uts = { {
	ISOLAB_GUEST_SYSNAME,
	ISOLAB_GUEST_NODENAME,
	ISOLAB_GUEST_RELEASE,
	ISOLAB_GUEST_VERSION,
	"x86_64",
	"(none)",
} };

void kmemcpy(void *dst, const void *src, uint64_t n)
{
	/* One (emulated) instruction instead of a loop of them. */
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
}

void kmain(const struct isolab_boot_info *bi)
{
	struct hc_boot boot = { .abi_version = ISOLAB_HC_ABI_VERSION };

	k.ram_size = bi->ram_size;
	k.user_base = bi->user_base;
	mem_init(bi);
	hypercall(HC_BOOT, &boot);
	enter_user(bi->user_entry, bi->user_sp);
}

static long sys_read(uint64_t fd, uint64_t buf, uint64_t len)
{
	struct hc_read r = { .fd = fd, .buf = buf, .len = len };

	if (fd != 0)
		return -EBADF;
	if (!user_ok(buf, len))
		return -EFAULT;
	if (len == 0)
		return 0;
	hypercall(HC_READ, &r);
	return r.ret;
}

static long sys_write(uint64_t fd, uint64_t buf, uint64_t len)
{
	struct hc_write w = { .fd = fd, .buf = buf, .len = len };

	if (fd < 1 || fd > 3)
		return -EBADF;
	if (!user_ok(buf, len))
		return -EFAULT;
	if (len == 0)
		return 0;
	hypercall(HC_WRITE, &w);
	return w.ret;
}

__attribute__((noreturn)) static void sys_exit(uint64_t status)
{
	struct hc_exit e = { .status = status & 0xff };

	for (;;)
		hypercall(HC_EXIT, &e);
}

static long sys_clock_gettime(uint64_t clock, uint64_t ts)
{
	struct hc_time t = { .clock = clock };

	if (!user_ok(ts, 16))
		return -EFAULT;
	hypercall(HC_TIME, &t);
	if (t.ret == 0)
		kmemcpy((void *)ts, &t.sec, 16);
	return t.ret;
}

static long sys_nanosleep(uint64_t req)
{
	const int64_t *ts = (const int64_t *)req;
	struct hc_sleep s;

	if (!user_ok(req, 16))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -EINVAL;
	s.ns = (uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1];
	if (ts[0] > 1000000000) /* > 31 years: forever, to us */
		s.ns = ~0ul;
	hypercall(HC_SLEEP, &s);
	return s.ret;
}

static long sys_uname(uint64_t buf)
{
	if (!user_ok(buf, sizeof(uts)))
		return -EFAULT;
	kmemcpy((void *)buf, &uts, sizeof(uts));
	return 0;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u

static long sys_arch_prctl(uint64_t code, uint64_t addr)
{
	uint32_t msr = (code == ARCH_SET_FS || code == ARCH_GET_FS)
			       ? MSR_FS_BASE
			       : MSR_GS_BASE;
	uint32_t lo, hi;

	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		/* A non-canonical base would #GP the kernel's wrmsr. */
		if (addr >= 0x800000000000ul)
			return -EINVAL;
		__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)addr),
				 "d"((uint32_t)(addr >> 32)));
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		if (!user_ok(addr, 8))
			return -EFAULT;
		__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
		*(uint64_t *)addr = ((uint64_t)hi << 32) | lo;
		return 0;
	}
	return -EINVAL;
}

long syscall_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		      uint64_t a4, uint64_t a5, uint64_t nr)
{
	switch (nr) {
	case NR_read:
		return sys_read(a0, a1, a2);
	case NR_write:
		return sys_write(a0, a1, a2);
	case NR_close:
		return a0 <= 3 ? 0 : -EBADF;
	case NR_mmap:
		return sys_mmap(a0, a1, a2, a3, a4, a5);
	case NR_munmap:
		return sys_munmap(a0, a1);
	case NR_brk:
		return sys_brk(a0);
	case NR_nanosleep:
		return sys_nanosleep(a0);
	case NR_getpid:
	case NR_gettid:
		return 1;
	case NR_getppid:
	case NR_getuid:
	case NR_getgid:
	case NR_geteuid:
	case NR_getegid:
		return 0;
	case NR_exit:
	case NR_exit_group:
		sys_exit(a0);
	case NR_uname:
		return sys_uname(a0);
	case NR_arch_prctl:
		return sys_arch_prctl(a0, a1);
	case NR_clock_gettime:
		return sys_clock_gettime(a0, a1);
	}
	return -ENOSYS;
}
