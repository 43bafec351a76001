/* Unit tests: the seccomp profiles (container/seccomp.c) - the policy
 * tables, and the compiled filters loaded for real in a forked child. */
#include "tests/unit/cmocka_all.h"

#include <errno.h>
#include <linux/filter.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container/caps.h"
#include "container/seccomp.h"
#include "container/seccomp_notify.h"
#include "container/seccomp_prebuilt.h"

#define SYSADMIN (1ull << CAP_SYS_ADMIN)

static void test_default_policy(void **state)
{
	uint64_t docker = ct_caps_docker_default();

	(void)state;
	/* Blocked whatever the capabilities. */
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, ~0ull, "keyctl"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, ~0ull, "kexec_load"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, ~0ull, "userfaultfd"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, ~0ull, "io_uring_setup"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, ~0ull, "pivot_root"), EPERM);
	/* Gated by a capability, as in Docker. */
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, docker, "mount"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, SYSADMIN, "mount"), 0);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, docker, "sethostname"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, docker, "unshare"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, docker, "clone3"), ENOSYS);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, SYSADMIN, "clone3"), 0);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, docker, "ptrace"), 0);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, docker, "kcmp"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, 1ull << CAP_SYS_PTRACE, "kcmp"), 0);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, 1ull << CAP_BPF, "bpf"), 0);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, docker, "bpf"), EPERM);
	/* Docker's default caps include sys_chroot: chroot is allowed. */
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, docker, "chroot"), 0);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, 0, "chroot"), EPERM);
	/* Everyday calls. */
	for (const char *const *n = (const char *const[]){ "read", "write", "openat",
		     "mmap", "execve", "fork", "getpid", "socket", "clone", NULL }; *n; n++)
		assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_DEFAULT, 0, *n), 0);
	/* Every group says why. */
	for (const struct ct_seccomp_group *g = ct_seccomp_groups; g->names; g++)
		assert_true(g->why && strlen(g->why) > 10);
}

static void test_strict_policy(void **state)
{
	(void)state;
	/* Everything the workload calls, and the exec. */
	for (int i = 0; ct_seccomp_strict_allow[i]; i++)
		assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_STRICT, 0,
						    ct_seccomp_strict_allow[i]), 0);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_STRICT, 0, "execve"), 0);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_STRICT, 0, "socket"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_STRICT, ~0ull, "openat"), EPERM);
	assert_int_equal(ct_seccomp_verdict(CT_SECCOMP_OFF, 0, "keyctl"), 0);
}

/* Load `mode` in a child, run `nr(args)`, return the child's errno
 * (0 on success), or -1 if it died. */
static int errno_under(enum ct_seccomp mode, uint64_t caps, long nr, long a0,
		       long a1)
{
	struct ct_bpf bpf;
	struct err e = { 0 };
	int status;
	pid_t pid;

	assert_int_equal(ct_seccomp_build(mode, caps, &bpf, &e), 0);
	pid = fork();
	if (pid == 0) {
		long rc;

		/* Raw exit_group: the strict profile allows nothing else, so
		 * no libc (or sanitizer) exit path may run. */
		if (ct_seccomp_load(&bpf) < 0)
			syscall(SYS_exit_group, 200);
		rc = syscall(nr, a0, a1, 0, 0, 0);
		syscall(SYS_exit_group, rc < 0 ? (errno & 0x7f) : 0);
	}
	ct_seccomp_free(&bpf);
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_compiled_default(void **state)
{
	static char longname[70];

	(void)state;
	memset(longname, 'x', 65);
	/* keyctl with a bogus command: EPERM from the filter, not EOPNOTSUPP. */
	assert_int_equal(errno_under(CT_SECCOMP_DEFAULT, ct_caps_docker_default(),
				     SYS_keyctl, 9999, 0), EPERM);
	assert_int_equal(errno_under(CT_SECCOMP_OFF, 0, SYS_keyctl, 9999, 0),
			 EOPNOTSUPP);
	assert_int_equal(errno_under(CT_SECCOMP_DEFAULT, 0, SYS_getppid, 0, 0), 0);
	assert_int_equal(errno_under(CT_SECCOMP_DEFAULT, 0, SYS_clone3, 0, 0),
			 ENOSYS);
	/* clone with a namespace flag; the flag check comes first. */
	assert_int_equal(errno_under(CT_SECCOMP_DEFAULT, 0, SYS_clone,
				     CLONE_NEWUSER | CLONE_THREAD, 0), EPERM);
	assert_int_equal(errno_under(CT_SECCOMP_DEFAULT, 0, SYS_personality,
				     0x0400000 /* READ_IMPLIES_EXEC */, 0), EPERM);
	/* sethostname: EPERM from the filter without CAP_SYS_ADMIN; with it
	 * the kernel sees the call (root: EINVAL for a 65-byte name). */
	assert_int_equal(errno_under(CT_SECCOMP_DEFAULT, 0, SYS_sethostname,
				     (long)longname, 65), EPERM);
	if (geteuid() == 0)
		assert_int_equal(errno_under(CT_SECCOMP_DEFAULT, SYSADMIN,
					     SYS_sethostname, (long)longname, 65),
				 EINVAL);
	/* A number no kernel has: not in the table, so ENOSYS from the kernel. */
	assert_int_equal(errno_under(CT_SECCOMP_DEFAULT, 0, 500, 0, 0), ENOSYS);
}

static void test_compiled_strict(void **state)
{
	(void)state;
	assert_int_equal(errno_under(CT_SECCOMP_STRICT, 0, SYS_getppid, 0, 0), 0);
	assert_int_equal(errno_under(CT_SECCOMP_STRICT, 0, SYS_getcwd, 0, 0), EPERM);
	assert_int_equal(errno_under(CT_SECCOMP_STRICT, 0, 500, 0, 0), EPERM);
	assert_int_equal(errno_under(CT_SECCOMP_STRICT, 0, SYS_keyctl, 9999, 0),
			 EOPNOTSUPP);
}

/* The reported strict filter, as the container child and isolab use it:
 * the child loads it with a listener and hands the listener's number over
 * a pipe; the parent takes it (pidfd_getfd) and answers. The child's
 * blocked call still gets EPERM; the parent learns which call it was. */
static void test_reported_strict(void **state)
{
	struct ct_notify n;
	struct ct_bpf bpf;
	struct err e = { 0 };
	int to_parent[2], to_child[2], listener, status, pidfd;
	char desc[128];
	pid_t pid;

	(void)state;
	assert_int_equal(ct_seccomp_build_reported(CT_SECCOMP_STRICT, 0, &bpf, &e), 0);
	assert_int_equal(pipe(to_parent), 0);
	assert_int_equal(pipe(to_child), 0);
	pid = fork();
	if (pid == 0) {
		int fd = ct_seccomp_load_listener(&bpf);
		char go;
		long rc;

		/* From here: read, write and raw exit_group only. */
		if (fd < 0 || write(to_parent[1], &fd, sizeof(fd)) != sizeof(fd) ||
		    read(to_child[0], &go, 1) != 1)
			syscall(SYS_exit_group, 200);
		rc = syscall(SYS_getcwd, 0, 0);
		syscall(SYS_exit_group, rc < 0 ? (errno & 0x7f) : 0);
	}
	ct_seccomp_free(&bpf);
	assert_true(pid > 0);
	assert_int_equal(read(to_parent[0], &listener, sizeof(listener)),
			 sizeof(listener));
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	assert_true(pidfd >= 0);
	listener = (int)syscall(SYS_pidfd_getfd, pidfd, listener, 0);
	if (listener < 0)
		kill(pid, SIGKILL); /* else it would wait for an answer forever */
	assert_true(listener >= 0);
	ct_notify_init(&n);
	assert_int_equal(ct_notify_start(&n, listener, &e), 0);
	assert_int_equal(write(to_child[1], "g", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	ct_notify_stop(&n);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EPERM);
	assert_int_equal(n.first_nr, SYS_getcwd);
	assert_int_equal(n.blocked, 1);
	ct_notify_describe(&n, desc, sizeof(desc));
	assert_string_equal(desc, "blocked by --seccomp strict: getcwd (79)");
	close(pidfd);
	for (int i = 0; i < 2; i++) {
		close(to_parent[i]);
		close(to_child[i]);
	}
}

/* The filter compiled with isolab is the one a session would compile, and
 * only the configuration it was compiled for gets it. */
static void test_prebuilt_is_the_compiled_default(void **state)
{
	uint64_t docker = ct_caps_docker_default();
	struct ct_bpf built, prebuilt;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(ct_seccomp_build(CT_SECCOMP_DEFAULT, docker, &built, &err), 0);
	assert_int_equal(ct_seccomp_prebuilt(CT_SECCOMP_DEFAULT, docker, &prebuilt, &err), 1);
	assert_int_equal(prebuilt.len, built.len);
	assert_memory_equal(prebuilt.insns, built.insns,
			    built.len * sizeof(struct sock_filter));
	ct_seccomp_free(&built);
	ct_seccomp_free(&prebuilt);
	assert_int_equal(ct_seccomp_prebuilt(CT_SECCOMP_DEFAULT, SYSADMIN, &prebuilt, &err), 0);
	assert_int_equal(prebuilt.len, 0);
	assert_int_equal(ct_seccomp_prebuilt(CT_SECCOMP_STRICT, docker, &prebuilt, &err), 0);
	assert_int_equal(ct_seccomp_prebuilt(CT_SECCOMP_OFF, docker, &prebuilt, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_policy),
		cmocka_unit_test(test_strict_policy),
		cmocka_unit_test(test_compiled_default),
		cmocka_unit_test(test_prebuilt_is_the_compiled_default),
		cmocka_unit_test(test_compiled_strict),
		cmocka_unit_test(test_reported_strict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
