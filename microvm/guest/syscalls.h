/* syscalls: the Linux system calls the guest kernel implements.
 * Every other number returns -ENOSYS (38), as Linux does for a call it
 * does not have, and is counted as such: the run's note lists it ("the
 * guest kernel does not implement: fork (57) x1"). There is one process,
 * one thread, no file system and no signal delivery: this list IS the
 * micro-VM workload's whole syscall reach. fds 0-2 are the workload's
 * stdin/stdout/stderr on the host, fd 3 the control channel.
 *
 *   0   read        fd 0 -> the host's stdin for the workload (HC_READ;
 *                   end of file when it has none); else -EBADF
 *   1   write       fd 1, 2, 3 -> HC_WRITE; the host's answer (bytes
 *                   taken, or -EPIPE etc.) is the result: nothing is
 *                   reported written that was not; other fds -EBADF
 *   19  readv, 20 writev   read/write per element, up to 1024 elements;
 *                   stops at the first short transfer
 *   3   close       fd 0-3 -> 0; else -EBADF (nothing is really closed)
 *   5   fstat, 262 newfstatat (AT_EMPTY_PATH), 332 statx (AT_EMPTY_PATH)
 *                   fd 0-3: a pipe (S_IFIFO, st_blksize 4096), so stdio
 *                   buffers as it does on a pipe under Linux; a path:
 *                   -ENOENT
 *   16  ioctl       fd 0-3: -ENOTTY (no terminal: TCGETS, TIOCGWINSZ, ...)
 *   8   lseek       fd 0-3: -ESPIPE
 *   2 open, 4 stat, 6 lstat, 21 access, 89 readlink, 257 openat,
 *   267 readlinkat, 269 faccessat, 439 faccessat2   -ENOENT: no files
 *   79  getcwd      "/"
 *   9   mmap        MAP_PRIVATE|MAP_ANONYMOUS only (no files, no
 *                   MAP_FIXED: -EINVAL); zero-filled; PROT_NONE enforced
 *   10  mprotect    PROT_NONE is enforced (the pages fault: HC_PROTECT, a
 *                   4 KiB page table from a pool); any other protection
 *                   makes the pages read/write/execute (read-only is not
 *                   enforced); -ENOMEM outside the user area, over the
 *                   stack guard, or when the pool is used up
 *   11  munmap      page-aligned; the pages are handed back to the host
 *   12  brk         Linux semantics: returns the (new or unchanged) break
 *   25  mremap      shrinks in place; never grows (-ENOMEM), so the C
 *                   library's realloc falls back to malloc + copy + free
 *   28  madvise     DONTNEED, FREE, REMOVE: pages handed back (read as
 *                   zeros); other advice accepted and ignored
 *   13  rt_sigaction, 14 rt_sigprocmask, 131 sigaltstack   recorded.
 *                   Handlers are never run: a signal the workload sends
 *                   itself with a handler installed gets -ENOSYS
 *   62  kill, 200 tkill, 234 tgkill   on itself (pid/tid 1, or pid 0):
 *                   default action - fatal ones end the VM with that
 *                   signal (HC_SIGNAL), SIGCHLD/SIGCONT/SIGURG/SIGWINCH
 *                   nothing; SIG_IGN: nothing; blocked: pending until
 *                   rt_sigprocmask unblocks it; stop signals -ENOSYS;
 *                   another pid -ESRCH
 *   35  nanosleep   the vCPU blocks in the host for that long
 *   39  getpid, 186 gettid, 218 set_tid_address   1
 *   110 getppid     0 (nothing runs above the workload in the guest)
 *   102 getuid, 104 getgid, 107 geteuid, 108 getegid   0
 *   24  sched_yield 0;  204 sched_getaffinity   one CPU (CPU 0)
 *   60  exit, 231 exit_group   the status goes to the host; the VM stops
 *   63  uname       isolab-guest / isolab-vm / ISOLAB_GUEST_RELEASE
 *   97  getrlimit, 302 prlimit64   own process only; stack 1 MiB, 4 fds,
 *                   the rest unlimited; setting a limit -EPERM
 *   99  sysinfo     RAM and free RAM of the guest, 1 process
 *   158 arch_prctl  ARCH_SET_FS/GET_FS/SET_GS/GET_GS
 *   202 futex       WAKE: 0 (nobody waits); WAIT on a changed value
 *                   -EAGAIN; a WAIT that would block forever -ENOSYS
 *   273 set_robust_list  accepted (one thread: nothing to clean up)
 *   318 getrandom   the host's getrandom(), up to 1 MiB a call (HC_RANDOM)
 *   228 clock_gettime, 229 clock_getres, 96 gettimeofday, 201 time
 *                   REALTIME, MONOTONIC, MONOTONIC_RAW, BOOTTIME: the
 *                   HOST's clock, read by a hypercall (one VM exit), so the
 *                   workload's stamps are on the host's time base
 * Not implemented on purpose (-ENOSYS, listed in the note): fork, vfork,
 * clone, clone3, execve, wait4 and the rest of process management (one
 * vCPU, one process); threads; real files, pipes, sockets; rseq (glibc
 * runs without it).
 */
#ifndef ISOLAB_GUEST_SYSCALLS_H
#define ISOLAB_GUEST_SYSCALLS_H

#define ISOLAB_GUEST_SYSNAME "isolab-guest"
#define ISOLAB_GUEST_NODENAME "isolab-vm"
#define ISOLAB_GUEST_RELEASE "0.1.0-isolab"
#define ISOLAB_GUEST_VERSION "#1 isolab micro-VM guest kernel"

enum {
	NR_read = 0,
	NR_write = 1,
	NR_open = 2,
	NR_close = 3,
	NR_stat = 4,
	NR_fstat = 5,
	NR_lstat = 6,
	NR_lseek = 8,
	NR_mmap = 9,
	NR_mprotect = 10,
	NR_munmap = 11,
	NR_brk = 12,
	NR_rt_sigaction = 13,
	NR_rt_sigprocmask = 14,
	NR_ioctl = 16,
	NR_readv = 19,
	NR_writev = 20,
	NR_access = 21,
	NR_sched_yield = 24,
	NR_mremap = 25,
	NR_madvise = 28,
	NR_nanosleep = 35,
	NR_getpid = 39,
	NR_exit = 60,
	NR_kill = 62,
	NR_uname = 63,
	NR_getcwd = 79,
	NR_readlink = 89,
	NR_gettimeofday = 96,
	NR_getrlimit = 97,
	NR_sysinfo = 99,
	NR_getuid = 102,
	NR_getgid = 104,
	NR_geteuid = 107,
	NR_getegid = 108,
	NR_getppid = 110,
	NR_sigaltstack = 131,
	NR_arch_prctl = 158,
	NR_gettid = 186,
	NR_tkill = 200,
	NR_time = 201,
	NR_futex = 202,
	NR_sched_getaffinity = 204,
	NR_set_tid_address = 218,
	NR_clock_gettime = 228,
	NR_clock_getres = 229,
	NR_exit_group = 231,
	NR_tgkill = 234,
	NR_openat = 257,
	NR_newfstatat = 262,
	NR_readlinkat = 267,
	NR_faccessat = 269,
	NR_set_robust_list = 273,
	NR_prlimit64 = 302,
	NR_getrandom = 318,
	NR_statx = 332,
	NR_faccessat2 = 439,
};

#endif
