/* seccomp: the syscall filters, compiled once in the parent, loaded raw in
 * the child just before exec.
 *
 * Profiles (x86-64; any other ABI - i386 int 0x80, x32 - kills the process):
 *  - default: Docker's default profile. Docker lists what is allowed; here
 *    the same policy is written as the complement over the x86-64 syscall
 *    table (what Docker does not allow is blocked), which compiles ~6x
 *    faster with libseccomp. Blocked calls fail with EPERM, like Docker's
 *    defaultErrnoRet; clone3 fails with ENOSYS so libc falls back to clone,
 *    whose namespace flags are then checked. Groups of calls come back
 *    when the container keeps the capability that guards them (as in
 *    Docker: keeping CAP_SYS_ADMIN allows mount, sethostname, unshare...).
 *    Differences to Docker: io_uring is blocked (as in Docker >= 25),
 *    personality() is blocked only above 0x20008 (every flag that changes
 *    memory layout or exec behaviour; Docker allows exactly 0, 8, 0x20000,
 *    0x20008 and the query 0xffffffff), and syscalls newer than this
 *    libseccomp's table are allowed (a kernel returns ENOSYS for numbers it
 *    lacks).
 *  - strict: only what isolab-workload itself calls (plus execve for the
 *    exec that follows the filter, and for the container's init,
 *    container/init.h, wait4 and clone with exactly vfork's flags
 *    CLONE_VM | CLONE_VFORK | SIGCHLD); everything else fails with EPERM. A
 *    program of the user's (--binary) makes calls of its own, which the
 *    profile does not know: built with ct_seccomp_build_reported(), each
 *    of them goes to a listener that answers EPERM and names the first
 *    (seccomp_notify.h).
 *  - off: no filter.
 * The table behind the default profile, with the reason for each group, is
 * ct_seccomp_groups[]; ct_seccomp_verdict() answers from the policy and the
 * unit tests check it against the compiled filter. */
#ifndef ISOLAB_CONTAINER_SECCOMP_H
#define ISOLAB_CONTAINER_SECCOMP_H

#include <stddef.h>
#include <stdint.h>

#include "container/options.h"
#include "lab/host/err.h"

struct ct_bpf {
	void *insns; /* struct sock_filter[len] */
	unsigned short len;
};

/* A group of syscalls the default profile blocks. */
struct ct_seccomp_group {
	const char *const *names; /* NULL-terminated */
	uint64_t allow_caps;      /* keeping any of these allows them; 0: never */
	int err;                  /* errno they get when blocked */
	const char *why;
};
extern const struct ct_seccomp_group ct_seccomp_groups[];
extern const char *const ct_seccomp_strict_allow[]; /* NULL-terminated */

/* Compile mode's filter for a container keeping caps. mode off: out->len 0. */
int ct_seccomp_build(enum ct_seccomp mode, uint64_t caps, struct ct_bpf *out,
		     struct err *err);
/* The same, with strict's blocked calls sent to a listener
 * (SECCOMP_RET_USER_NOTIF) to be answered by seccomp_notify.h: load it
 * with ct_seccomp_load_listener(). Other modes: as ct_seccomp_build(). */
int ct_seccomp_build_reported(enum ct_seccomp mode, uint64_t caps,
			      struct ct_bpf *out, struct err *err);
void ct_seccomp_free(struct ct_bpf *bpf);

/* In the child: no_new_privs, then the filter (if any). -1 with errno. */
int ct_seccomp_load(const struct ct_bpf *bpf);
/* The same, returning the filter's listener fd (close-on-exec). */
int ct_seccomp_load_listener(const struct ct_bpf *bpf);

/* 0 if the profile allows syscall `name` without looking at arguments,
 * else the errno it returns. name may be NULL for a number the headers do
 * not name. */
int ct_seccomp_verdict(enum ct_seccomp mode, uint64_t caps, const char *name);

#endif
