#include "microvm/seccomp.h"

#include <errno.h>
#include <signal.h>
#include <linux/audit.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "microvm/microvm.h"

/* A sanitizer build's runtime works inside the thread too (its thread
 * exit unmaps and resets the signal stack; its reports allocate and write
 * to stderr), so such a build allows what it needs, with write and madvise
 * unrestricted. Release builds do not. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_RELAXED 1
#else
#define SANITIZER_RELAXED 0
#endif

enum rule { ANY, IOCTL_KVM_RUN, READ_FDS, WRITE_FDS, MADV_DONTNEED_ONLY };

static const struct {
	const char *name;
	int nr;
	enum rule rule;
} allowed[] = {
	{ "ioctl", __NR_ioctl, IOCTL_KVM_RUN },
	{ "read", __NR_read, READ_FDS },
	{ "write", __NR_write, SANITIZER_RELAXED ? ANY : WRITE_FDS },
	{ "poll", __NR_poll, ANY },
	{ "ppoll", __NR_ppoll, ANY },
	{ "madvise", __NR_madvise, SANITIZER_RELAXED ? ANY : MADV_DONTNEED_ONLY },
	{ "mincore", __NR_mincore, ANY },
	{ "clock_gettime", __NR_clock_gettime, ANY },
	{ "getrandom", __NR_getrandom, ANY },
	{ "futex", __NR_futex, ANY },
	{ "rt_sigprocmask", __NR_rt_sigprocmask, ANY },
	{ "exit", __NR_exit, ANY },
#if SANITIZER_RELAXED
	{ "mmap", __NR_mmap, ANY },
	{ "munmap", __NR_munmap, ANY },
	{ "mprotect", __NR_mprotect, ANY },
	{ "sigaltstack", __NR_sigaltstack, ANY },
	{ "sched_yield", __NR_sched_yield, ANY },
	{ "getpid", __NR_getpid, ANY },
	{ "gettid", __NR_gettid, ANY },
	{ "tgkill", __NR_tgkill, ANY },
	{ "rt_sigaction", __NR_rt_sigaction, ANY },
	{ "exit_group", __NR_exit_group, ANY },
	{ "prctl", __NR_prctl, ANY },
	{ "readlink", __NR_readlink, ANY },
	{ "openat", __NR_openat, ANY },
	{ "close", __NR_close, ANY },
	{ "prlimit64", __NR_prlimit64, ANY },
#endif
};

#define NALLOWED (sizeof(allowed) / sizeof(allowed[0]))
#define DENY (SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA))
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))

const char *const *microvm_seccomp_allowlist(void)
{
	static const char *const names[] = {
		"ioctl", "read", "write", "poll", "ppoll", "madvise",
		"mincore", "clock_gettime", "getrandom", "futex",
		"rt_sigprocmask", "exit",
#if SANITIZER_RELAXED
		"mmap", "munmap", "mprotect", "sigaltstack", "sched_yield",
		"getpid", "gettid", "tgkill", "rt_sigaction", "exit_group",
		"prctl", "readlink", "openat", "close", "prlimit64",
#endif
		NULL,
	};
	_Static_assert(sizeof(names) / sizeof(names[0]) == NALLOWED + 1,
		       "names match the rules");
	return names;
}

struct emitter {
	struct vm_seccomp_prog *p;
	int overflow;
};

static void emit(struct emitter *e, unsigned short code, unsigned char jt,
		 unsigned char jf, unsigned k)
{
	if (e->p->len >= VM_SECCOMP_MAX_INSNS) {
		e->overflow = 1;
		return;
	}
	e->p->insn[e->p->len++] = (struct sock_filter){ code, jt, jf, k };
}

#define LD(off) emit(e, BPF_LD | BPF_W | BPF_ABS, 0, 0, (unsigned)(off))
#define RET(v) emit(e, BPF_RET | BPF_K, 0, 0, (v))
#define JEQ(k, jt, jf) emit(e, BPF_JMP | BPF_JEQ | BPF_K, (jt), (jf), (unsigned)(k))

/* nr allowed when argument `arg` (its low 32 bits: fds and MADV_* are
 * ints to the kernel) is one of vals; the syscall number is in A. */
static void allow_if_arg(struct emitter *e, int nr, int arg, const int *vals,
			 int nvals)
{
	int n = 0;

	for (int i = 0; i < nvals; i++)
		n += vals[i] >= 0;
	if (n == 0)
		return;
	JEQ(nr, 0, (unsigned char)(2 * n + 2));
	LD(ARG_LO(arg));
	for (int i = 0; i < nvals; i++)
		if (vals[i] >= 0) {
			JEQ(vals[i], 0, 1);
			RET(SECCOMP_RET_ALLOW);
		}
	RET(DENY);
}

int vm_seccomp_build(const struct vm_seccomp_fds *fds,
		     struct vm_seccomp_prog *prog, struct err *err)
{
	struct emitter em = { .p = prog }, *e = &em;
	const int write_fds[] = { fds->stdout_fd, fds->stderr_fd,
				  fds->done_fd, fds->ready_fd };
	const int madv[] = { MADV_DONTNEED };

	prog->len = 0;
	LD(offsetof(struct seccomp_data, arch));
	JEQ(AUDIT_ARCH_X86_64, 1, 0);
	RET(DENY);
	LD(offsetof(struct seccomp_data, nr));
	emit(e, BPF_JMP | BPF_JGE | BPF_K, 0, 1, 0x40000000); /* x32 ABI */
	RET(DENY);
	for (size_t i = 0; i < NALLOWED; i++) {
		int nr = allowed[i].nr;

		switch (allowed[i].rule) {
		case ANY:
			JEQ(nr, 0, 1);
			RET(SECCOMP_RET_ALLOW);
			break;
		case IOCTL_KVM_RUN:
			JEQ(nr, 0, 6);
			LD(ARG_LO(0));
			JEQ(fds->vcpu_fd, 0, 3);
			LD(ARG_LO(1));
			JEQ(KVM_RUN, 0, 1);
			RET(SECCOMP_RET_ALLOW);
			RET(DENY);
			break;
		case READ_FDS:
			allow_if_arg(e, nr, 0, &fds->stdin_fd, 1);
			break;
		case WRITE_FDS:
			allow_if_arg(e, nr, 0, write_fds, 4);
			break;
		case MADV_DONTNEED_ONLY:
			allow_if_arg(e, nr, 2, madv, 1);
			break;
		}
		/* Every rule that loaded an argument ended in a RET, so A
		 * still holds the syscall number here. */
	}
	if (fds->stop_pid > 0) {
		JEQ(__NR_tgkill, 0, 7);
		LD(ARG_LO(0));
		JEQ(fds->stop_pid, 0, 5);
		LD(ARG_LO(1));
		JEQ(fds->stop_pid, 0, 3);
		LD(ARG_LO(2));
		JEQ(SIGSTOP, 0, 1);
		RET(SECCOMP_RET_ALLOW);
	}
	RET(DENY);
	if (em.overflow)
		return err_set(err, ERR_RUNTIME, "seccomp filter too long");
	return 0;
}

int vm_seccomp_install(const struct vm_seccomp_prog *prog, struct err *err)
{
	struct sock_fprog fprog = {
		.len = prog->len,
		.filter = (struct sock_filter *)prog->insn,
	};

	/* Both bind this thread only: no_new_privs is per task, and no
	 * SECCOMP_FILTER_FLAG_TSYNC. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return err_sys(err, "prctl(PR_SET_NO_NEW_PRIVS)");
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0)
		return err_sys(err, "cannot confine the vCPU thread with seccomp");
	return 0;
}
