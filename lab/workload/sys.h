/* sys: the workload's whole syscall layer. Raw Linux x86-64 syscalls, no
 * libc, so the micro-VM's guest kernel needs only the calls listed here
 * (the `probe` workload, lab/workload/probe.c, is the exception: it tries
 * every number there is, by design).
 * Every call returns the kernel's raw value: -errno on failure. */
#ifndef ISOLAB_WORKLOAD_SYS_H
#define ISOLAB_WORKLOAD_SYS_H

typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uint64_t;
typedef unsigned int uint32_t;
typedef unsigned char uint8_t;

#define SYS_read 0
#define SYS_write 1
#define SYS_open 2
#define SYS_close 3
#define SYS_mmap 9
#define SYS_munmap 11
#define SYS_pause 34
#define SYS_getpid 39
#define SYS_fork 57
#define SYS_uname 63
#define SYS_getuid 102
#define SYS_getgid 104
#define SYS_getppid 110
#define SYS_mount 165
#define SYS_sethostname 170
#define SYS_clock_gettime 228
#define SYS_exit_group 231
#define SYS_keyctl 250
#define SYS_unshare 272

static inline long sys6(long nr, long a, long b, long c, long d, long e,
			long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define sys0(nr) sys6(nr, 0, 0, 0, 0, 0, 0)
#define sys1(nr, a) sys6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sys2(nr, a, b) sys6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(nr, a, b, c) sys6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

__attribute__((noreturn)) static inline void sys_exit(int code)
{
	for (;;)
		sys1(SYS_exit_group, code);
}

struct utsname_k {
	char sysname[65], nodename[65], release[65], version[65],
		machine[65], domainname[65];
};

struct timespec_k {
	long tv_sec, tv_nsec;
};

#endif
