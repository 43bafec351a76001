/* proc: the process and what surrounds it - exit, limits, time, identity,
 * randomness, and the thread calls a single-threaded C library still
 * makes. Each is a few instructions or one hypercall (syscalls.h). */
#include "microvm/guest/kernel.h"
#include "microvm/guest/syscalls.h"

#define RLIM_INFINITY (~0ul)
#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIMIT_NLIMITS 16
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_CMD_MASK 0x7f
#define GRND_FLAGS 0x7ul /* NONBLOCK, RANDOM, INSECURE */

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

SYSCALL(sys_exit)
{
	struct hc_exit e = { .status = a0 & 0xff };

	for (;;)
		hypercall(HC_EXIT, &e);
}

static long limit(uint64_t resource, uint64_t out)
{
	uint64_t v = RLIM_INFINITY;

	if (resource >= RLIMIT_NLIMITS)
		return -EINVAL;
	if (!user_ok(out, 16))
		return -EFAULT;
	if (resource == RLIMIT_STACK)
		v = GUEST_STACK_SIZE;
	else if (resource == RLIMIT_NOFILE)
		v = 4;
	((uint64_t *)out)[0] = ((uint64_t *)out)[1] = v;
	return 0;
}

SYSCALL(sys_prlimit64)
{
	if (a0 != 0 && a0 != 1)
		return -ESRCH;
	if (a1 >= RLIMIT_NLIMITS)
		return -EINVAL;
	if (a2)
		return -EPERM; /* limits are the guest's size, not settable */
	return a3 ? limit(a1, a3) : 0;
}

SYSCALL(sys_getrlimit)
{
	return limit(a0, a1);
}

SYSCALL(sys_sysinfo)
{
	uint64_t *si = (uint64_t *)a0;

	if (!user_ok(a0, 112))
		return -EFAULT;
	kmemzero(si, 112);
	si[4] = k.ram_size;                     /* totalram */
	si[5] = k.mmap_low - k.brk;             /* freeram: between the two */
	*(uint16_t *)&si[10] = 1;               /* procs */
	*(uint32_t *)&si[13] = 1;               /* mem_unit */
	return 0;
}

SYSCALL(sys_sched_getaffinity)
{
	if (a0 != 0 && a0 != 1)
		return -ESRCH;
	if (a1 < 8 || (a1 & 7))
		return -EINVAL;
	if (!user_ok(a2, 8))
		return -EFAULT;
	*(uint64_t *)a2 = 1; /* CPU 0, the one vCPU */
	return 8;
}

SYSCALL(sys_getrandom)
{
	struct hc_random r = { .buf = a0, .len = a1 };

	if (a2 & ~GRND_FLAGS)
		return -EINVAL;
	if (!user_ok(a0, a1))
		return -EFAULT;
	if (a1 == 0)
		return 0;
	if (r.len > HC_RANDOM_MAX)
		r.len = HC_RANDOM_MAX;
	hypercall(HC_RANDOM, &r);
	return r.ret;
}

SYSCALL(sys_set_robust_list)
{
	return a1 == 24 ? 0 : -EINVAL; /* sizeof(struct robust_list_head) */
}

SYSCALL(sys_futex)
{
	uint64_t cmd = a1 & FUTEX_CMD_MASK;

	if (cmd == FUTEX_WAKE || cmd == FUTEX_WAKE_BITSET)
		return 0; /* one thread: nobody waits */
	if (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) {
		if (!user_ok(a0, 4))
			return -EFAULT;
		if (*(const uint32_t *)a0 != (uint32_t)a2)
			return -EAGAIN;
	}
	return nosys(nr); /* a wait nobody could end, or another command */
}

SYSCALL(sys_uname)
{
	if (!user_ok(a0, sizeof(uts)))
		return -EFAULT;
	kmemcpy((void *)a0, &uts, sizeof(uts));
	return 0;
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u

SYSCALL(sys_arch_prctl)
{
	uint64_t code = a0, addr = a1;
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

/* The host's clock: ts[0] seconds, ts[1] nanoseconds. 0 or -EINVAL. */
long host_time(uint64_t clock, int64_t ts[2])
{
	struct hc_time t = { .clock = clock };

	hypercall(HC_TIME, &t);
	ts[0] = t.sec;
	ts[1] = t.nsec;
	return t.ret;
}

SYSCALL(sys_clock_gettime)
{
	int64_t ts[2];
	long rc;

	if (!user_ok(a1, 16))
		return -EFAULT;
	rc = host_time(a0, ts);
	if (rc == 0)
		kmemcpy((void *)a1, ts, 16);
	return rc;
}

SYSCALL(sys_clock_getres)
{
	int64_t ts[2];
	long rc = host_time(a0, ts); /* is the clock one we have? */

	if (rc < 0 || a1 == 0)
		return rc;
	if (!user_ok(a1, 16))
		return -EFAULT;
	((int64_t *)a1)[0] = 0;
	((int64_t *)a1)[1] = 1;
	return 0;
}

SYSCALL(sys_gettimeofday)
{
	int64_t ts[2];

	if ((a0 && !user_ok(a0, 16)) || (a1 && !user_ok(a1, 8)))
		return -EFAULT;
	host_time(0, ts);
	if (a0) {
		((int64_t *)a0)[0] = ts[0];
		((int64_t *)a0)[1] = ts[1] / 1000;
	}
	if (a1)
		*(uint64_t *)a1 = 0; /* struct timezone: UTC */
	return 0;
}

SYSCALL(sys_time)
{
	int64_t ts[2];

	if (a0 && !user_ok(a0, 8))
		return -EFAULT;
	host_time(0, ts);
	if (a0)
		*(int64_t *)a0 = ts[0];
	return ts[0];
}

SYSCALL(sys_nanosleep)
{
	const int64_t *ts = (const int64_t *)a0;
	struct hc_sleep s;

	if (!user_ok(a0, 16))
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1000000000)
		return -EINVAL;
	s.ns = (uint64_t)ts[0] * 1000000000u + (uint64_t)ts[1];
	if (ts[0] > 1000000000) /* > 31 years: forever, to us */
		s.ns = ~0ul;
	hypercall(HC_SLEEP, &s);
	return s.ret;
}
