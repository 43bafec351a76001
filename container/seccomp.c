#include "container/seccomp.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CAP(c) (1ull << (c))
#define NAMES(...) (const char *const[]){ __VA_ARGS__, NULL }

const struct ct_seccomp_group ct_seccomp_groups[] = {
	{ NAMES("add_key", "keyctl", "request_key"), 0, EPERM,
	  "the kernel keyring is not namespaced" },
	{ NAMES("kexec_load", "kexec_file_load", "create_module",
		"get_kernel_syms", "query_module"), 0, EPERM,
	  "load a new kernel or (obsolete) kernel modules" },
	{ NAMES("pivot_root", "swapon", "swapoff"), 0, EPERM,
	  "change the host's root or swap" },
	{ NAMES("userfaultfd"), 0, EPERM,
	  "lets a process stall the kernel mid-copy: an exploitation aid" },
	{ NAMES("move_pages", "migrate_pages"), 0, EPERM,
	  "move other processes' memory between NUMA nodes" },
	{ NAMES("io_uring_setup", "io_uring_enter", "io_uring_register"), 0,
	  EPERM, "a large kernel attack surface that bypasses syscall filters" },
	{ NAMES("uselib", "ustat", "sysfs", "_sysctl", "nfsservctl",
		"afs_syscall", "getpmsg", "putpmsg", "security", "tuxcall",
		"vserver"), 0, EPERM,
	  "obsolete or unimplemented interfaces" },
	{ NAMES("mount", "umount2", "mount_setattr", "move_mount",
		"open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
		"unshare", "setns", "sethostname", "setdomainname",
		"quotactl", "quotactl_fd", "fanotify_init", "lookup_dcookie"),
	  CAP(CAP_SYS_ADMIN), EPERM,
	  "mounts, namespaces, host names, quotas: need CAP_SYS_ADMIN" },
	{ NAMES("bpf"), CAP(CAP_SYS_ADMIN) | CAP(CAP_BPF), EPERM,
	  "loads programs into the kernel" },
	{ NAMES("perf_event_open"), CAP(CAP_SYS_ADMIN) | CAP(CAP_PERFMON),
	  EPERM, "observes the whole machine, a frequent exploit target" },
	{ NAMES("syslog"), CAP(CAP_SYS_ADMIN) | CAP(CAP_SYSLOG), EPERM,
	  "the kernel log is host-wide" },
	{ NAMES("clone3"), CAP(CAP_SYS_ADMIN), ENOSYS,
	  "its flags sit in memory a filter cannot read; ENOSYS makes libc use clone" },
	{ NAMES("reboot"), CAP(CAP_SYS_BOOT), EPERM, "reboot the machine" },
	{ NAMES("chroot"), CAP(CAP_SYS_CHROOT), EPERM, "change the root directory" },
	{ NAMES("init_module", "finit_module", "delete_module"),
	  CAP(CAP_SYS_MODULE), EPERM, "load or unload kernel modules" },
	{ NAMES("acct"), CAP(CAP_SYS_PACCT), EPERM, "process accounting is host-wide" },
	{ NAMES("kcmp", "pidfd_getfd", "process_madvise"), CAP(CAP_SYS_PTRACE),
	  EPERM, "inspect or act on other processes" },
	{ NAMES("iopl", "ioperm"), CAP(CAP_SYS_RAWIO), EPERM, "raw I/O ports" },
	{ NAMES("settimeofday", "clock_settime"), CAP(CAP_SYS_TIME), EPERM,
	  "the clock is not namespaced" },
	{ NAMES("vhangup"), CAP(CAP_SYS_TTY_CONFIG), EPERM, "hang up terminals" },
	{ NAMES("get_mempolicy", "set_mempolicy", "set_mempolicy_home_node",
		"mbind"), CAP(CAP_SYS_NICE), EPERM, "NUMA memory policy" },
	{ NAMES("open_by_handle_at"), CAP(CAP_DAC_READ_SEARCH), EPERM,
	  "opens files by handle, bypassing path checks (the 'shocker' escape)" },
	{ NULL, 0, 0, NULL },
};

/* What lab/workload calls, and execve for the exec after the filter;
 * wait4 (and, in add_strict_rules, clone with exactly vfork's flags) for
 * the container's init (container/init.h), which runs under the same
 * filter. */
const char *const ct_seccomp_strict_allow[] = {
	"read", "write", "open", "close", "mmap", "munmap", "pause",
	"nanosleep", "getpid", "fork", "exit", "uname", "getuid", "getgid",
	"getppid", "mount", "sethostname", "keyctl", "unshare",
	"clock_gettime", "exit_group", "execve", "wait4", NULL,
};

/* Docker also gates these by capability; they are allowed in the base
 * profile here because only their arguments make them dangerous. */
#define CLONE_NS_FLAGS                                                   \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |   \
	 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)
#define AF_VSOCK_NR 40
#define PERSONALITY_MAX_OK 0x20008 /* PER_LINUX32 | UNAME26 */

static int group_blocks(const struct ct_seccomp_group *g, uint64_t caps)
{
	return !(caps & g->allow_caps);
}

int ct_seccomp_verdict(enum ct_seccomp mode, uint64_t caps, const char *name)
{
	if (mode == CT_SECCOMP_OFF)
		return 0;
	if (!name) /* a number without a name: only an allowlist stops it */
		return mode == CT_SECCOMP_STRICT ? EPERM : 0;
	if (mode == CT_SECCOMP_STRICT) {
		for (int i = 0; ct_seccomp_strict_allow[i]; i++)
			if (strcmp(ct_seccomp_strict_allow[i], name) == 0)
				return 0;
		return EPERM;
	}
	for (const struct ct_seccomp_group *g = ct_seccomp_groups; g->names;
	     g++)
		for (int i = 0; g->names[i]; i++)
			if (strcmp(g->names[i], name) == 0 &&
			    group_blocks(g, caps))
				return g->err;
	return 0;
}

/* A name this libseccomp does not know is skipped: the kernel it was built
 * for lacks the call, so there is nothing to block. */
static int add_rule(scmp_filter_ctx ctx, uint32_t action, const char *name,
		    unsigned n, const struct scmp_arg_cmp *cmp, struct err *err)
{
	int nr = seccomp_syscall_resolve_name(name);
	int rc;

	if (nr == __NR_SCMP_ERROR)
		return 0;
	rc = seccomp_rule_add_array(ctx, action, nr, n, cmp);
	if (rc < 0 && rc != -EEXIST) {
		errno = -rc;
		return err_sys(err, "seccomp rule for %s", name);
	}
	return 0;
}

static int add_default_rules(scmp_filter_ctx ctx, uint64_t caps,
			     struct err *err)
{
	for (const struct ct_seccomp_group *g = ct_seccomp_groups; g->names;
	     g++) {
		if (!group_blocks(g, caps))
			continue;
		for (int i = 0; g->names[i]; i++)
			if (add_rule(ctx, SCMP_ACT_ERRNO((uint32_t)g->err),
				     g->names[i], 0, NULL, err) < 0)
				return -1;
	}
	if (!(caps & CAP(CAP_SYS_ADMIN)))
		/* Any namespace flag: one rule per bit, since libseccomp
		 * cannot test "masked != 0" in one comparison. */
		for (unsigned bit = 0; bit < 64; bit++) {
			uint64_t f = 1ull << bit;
			struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_MASKED_EQ, f, f);

			if ((CLONE_NS_FLAGS & f) &&
			    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "clone", 1, &c,
				     err) < 0)
				return -1;
		}
	/* The container's pid 1 dies with isolab through PDEATHSIG; clearing
	 * it would let the workload outlive a SIGKILLed isolab. */
	if (add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "prctl", 1,
		     &SCMP_A0(SCMP_CMP_EQ, PR_SET_PDEATHSIG), err) < 0 ||
	    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "socket", 1,
		     &SCMP_A0(SCMP_CMP_EQ, AF_VSOCK_NR), err) < 0 ||
	    add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "personality", 1,
		     &SCMP_A0(SCMP_CMP_GT, PERSONALITY_MAX_OK), err) < 0)
		return -1;
	return 0;
}

/* How the container's init starts the program (container/init.h). */
#define INIT_CLONE_FLAGS (CLONE_VM | CLONE_VFORK | SIGCHLD)

static int add_strict_rules(scmp_filter_ctx ctx, struct err *err)
{
	for (int i = 0; ct_seccomp_strict_allow[i]; i++)
		if (add_rule(ctx, SCMP_ACT_ALLOW, ct_seccomp_strict_allow[i], 0,
			     NULL, err) < 0)
			return -1;
	/* Those flags only: no namespace, no thread, nothing else. */
	return add_rule(ctx, SCMP_ACT_ALLOW, "clone", 1,
			&SCMP_A0(SCMP_CMP_EQ, INIT_CLONE_FLAGS), err);
}

/* libseccomp 2.5 exports only to an fd; a memfd holds any size. */
static int export_filter(scmp_filter_ctx ctx, struct ct_bpf *out,
			 struct err *err)
{
	int fd = memfd_create("isolab-seccomp", MFD_CLOEXEC);
	off_t size;
	int rc;

	if (fd < 0)
		return err_sys(err, "memfd_create");
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		close(fd);
		errno = -rc;
		return err_sys(err, "seccomp_export_bpf");
	}
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % sizeof(struct sock_filter) ||
	    size / sizeof(struct sock_filter) > BPF_MAXINSNS) {
		close(fd);
		return err_set(err, ERR_RUNTIME,
			       "seccomp filter of unexpected size %lld",
			       (long long)size);
	}
	out->insns = malloc((size_t)size);
	if (!out->insns ||
	    pread(fd, out->insns, (size_t)size, 0) != (ssize_t)size) {
		close(fd);
		ct_seccomp_free(out);
		return err_set(err, ERR_RUNTIME, "reading the seccomp filter");
	}
	close(fd);
	out->len = (unsigned short)(size / sizeof(struct sock_filter));
	return 0;
}

static int build(enum ct_seccomp mode, uint64_t caps, uint32_t strict_action,
		 struct ct_bpf *out, struct err *err)
{
	scmp_filter_ctx ctx;
	int rc;

	*out = (struct ct_bpf){ 0 };
	if (mode == CT_SECCOMP_OFF)
		return 0;
	ctx = seccomp_init(mode == CT_SECCOMP_STRICT ? strict_action
						     : SCMP_ACT_ALLOW);
	if (!ctx)
		return err_set(err, ERR_RUNTIME, "seccomp_init failed");
	/* Only native x86-64 calls are checked; other ABIs die. The child
	 * sets no_new_privs itself, right before loading. */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			     SCMP_ACT_KILL_PROCESS) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0) {
		seccomp_release(ctx);
		return err_set(err, ERR_RUNTIME, "seccomp_attr_set failed");
	}
	/* A binary tree of syscall numbers instead of a list: at load the
	 * kernel runs the filter once per syscall number to cache the ones
	 * always allowed, which took 60 µs more with the list (about 110
	 * compares each). Should libseccomp refuse it, the list stays. */
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	rc = mode == CT_SECCOMP_STRICT ? add_strict_rules(ctx, err)
				       : add_default_rules(ctx, caps, err);
	if (rc == 0)
		rc = export_filter(ctx, out, err);
	seccomp_release(ctx);
	return rc;
}

int ct_seccomp_build(enum ct_seccomp mode, uint64_t caps, struct ct_bpf *out,
		     struct err *err)
{
	return build(mode, caps, SCMP_ACT_ERRNO(EPERM), out, err);
}

int ct_seccomp_build_reported(enum ct_seccomp mode, uint64_t caps,
			      struct ct_bpf *out, struct err *err)
{
	return build(mode, caps, SCMP_ACT_NOTIFY, out, err);
}

void ct_seccomp_free(struct ct_bpf *bpf)
{
	free(bpf->insns);
	bpf->insns = NULL;
	bpf->len = 0;
}

static int load(const struct ct_bpf *bpf, unsigned flags)
{
	struct sock_fprog prog = { .len = bpf->len, .filter = bpf->insns };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	if (!bpf->len)
		return 0;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

int ct_seccomp_load(const struct ct_bpf *bpf)
{
	return load(bpf, 0);
}

int ct_seccomp_load_listener(const struct ct_bpf *bpf)
{
	return load(bpf, SECCOMP_FILTER_FLAG_NEW_LISTENER);
}
