/* syscalls: the Linux system calls the guest kernel implements.
 * Every other number returns -ENOSYS (38), as Linux does for a call it
 * does not have. There is no file system, no process besides the workload,
 * no signals: this list IS the micro-VM workload's whole syscall reach.
 *
 *   0   read        fd 0 -> the host's stdin for the workload (HC_READ;
 *                   end of file when it has none); else -EBADF
 *   1   write       fd 1 stdout, 2 stderr, 3 control channel -> hypercall;
 *                   other fds -EBADF; a buffer outside user memory -EFAULT
 *   3   close       fd 0-3 -> 0; else -EBADF (nothing is really closed)
 *   9   mmap        MAP_PRIVATE|MAP_ANONYMOUS only (no files, no
 *                   MAP_FIXED: -EINVAL); zero-filled; protections are not
 *                   enforced (all user memory is read/write/execute)
 *   11  munmap      page-aligned; the pages are handed back to the host
 *   12  brk         Linux semantics: returns the (new or unchanged) break
 *   35  nanosleep   the vCPU blocks in the host for that long
 *   39  getpid      1 (the workload is the guest's first and only process)
 *   60  exit, 231 exit_group   the status goes to the host; the VM stops
 *   63  uname       isolab-guest / isolab-vm / ISOLAB_GUEST_RELEASE
 *   102 getuid, 104 getgid, 107 geteuid, 108 getegid   0
 *   110 getppid     0 (nothing runs above the workload in the guest)
 *   158 arch_prctl  ARCH_SET_FS/GET_FS/SET_GS/GET_GS
 *   186 gettid      1
 *   228 clock_gettime  REALTIME, MONOTONIC, MONOTONIC_RAW, BOOTTIME: the
 *                   HOST's clock, read by a hypercall (one VM exit), so the
 *                   workload's stamps are on the host's time base
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
	NR_close = 3,
	NR_mmap = 9,
	NR_munmap = 11,
	NR_brk = 12,
	NR_nanosleep = 35,
	NR_getpid = 39,
	NR_exit = 60,
	NR_uname = 63,
	NR_getuid = 102,
	NR_getgid = 104,
	NR_geteuid = 107,
	NR_getegid = 108,
	NR_getppid = 110,
	NR_arch_prctl = 158,
	NR_gettid = 186,
	NR_clock_gettime = 228,
	NR_exit_group = 231,
};

#endif
