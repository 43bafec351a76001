/* The vCPU thread's seccomp filter (microvm/seccomp.c) confines exactly
 * the thread that installs it, and lets through only its allowlist, with
 * the argument restrictions it documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "microvm/seccomp.h"

struct probe {
	struct vm_seccomp_prog prog;
	int ok_fd, other_fd;
	struct err err;
	int installed;
	long getpid_rc, write_ok, write_other, ioctl_other, madv_ok, madv_bad;
	int getpid_errno, write_other_errno, ioctl_errno, madv_bad_errno;
};

static void *confined(void *arg)
{
	struct probe *p = arg;
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p->installed = vm_seccomp_install(&p->prog, &p->err) == 0;
	p->getpid_rc = syscall(SYS_getpid);
	p->getpid_errno = errno;
	p->write_ok = write(p->ok_fd, "x", 1);
	p->write_other = write(p->other_fd, "x", 1);
	p->write_other_errno = errno;
	p->ioctl_other = ioctl(p->ok_fd, KVM_GET_API_VERSION, 0);
	p->ioctl_errno = errno;
	p->madv_ok = madvise(page, 4096, MADV_DONTNEED);
	p->madv_bad = madvise(page, 4096, MADV_WILLNEED);
	p->madv_bad_errno = errno;
	return NULL; /* thread exit itself must be allowed */
}

static void only_the_allowlist(void **state)
{
	int a[2], b[2];
	struct probe p = { 0 };
	struct vm_seccomp_fds fds = { .vcpu_fd = 99, .stdin_fd = -1,
				      .stdout_fd = -1, .stderr_fd = -1,
				      .done_fd = -1, .ready_fd = -1 };
	pthread_t t;
	struct err err;

	(void)state;
	assert_int_equal(pipe(a), 0);
	assert_int_equal(pipe(b), 0);
	fds.stdout_fd = a[1];
	p.ok_fd = a[1];
	p.other_fd = b[1];
	assert_int_equal(vm_seccomp_build(&fds, &p.prog, &err), 0);
	assert_int_equal(pthread_create(&t, NULL, confined, &p), 0);
	assert_int_equal(pthread_join(t, NULL), 0);

	assert_true(p.installed);
	assert_int_equal(p.write_ok, 1);
#if !defined(__SANITIZE_ADDRESS__)
	assert_int_equal(p.getpid_rc, -1);
	assert_int_equal(p.getpid_errno, EPERM);
	assert_int_equal(p.write_other, -1);
	assert_int_equal(p.write_other_errno, EPERM);
	assert_int_equal(p.madv_bad, -1);
	assert_int_equal(p.madv_bad_errno, EPERM);
#endif
	assert_int_equal(p.ioctl_other, -1);
	assert_int_equal(p.ioctl_errno, EPERM);
	assert_int_equal(p.madv_ok, 0);
	/* This thread was never confined. */
	assert_true(syscall(SYS_getpid) > 0);
	assert_int_equal(write(b[1], "y", 1), 1);
	close(a[0]), close(a[1]), close(b[0]), close(b[1]);
}

/* The test-only stop hook: with stop_pid set, the confined thread may stop
 * its own process (tgkill of the main thread, SIGSTOP) and nothing more;
 * without it, not even that. Run in a child, which the parent sees stop. */
struct stopper {
	struct vm_seccomp_prog prog;
	pid_t pid;
	long other_signal_rc, other_tid_rc;
};

static void *stop_self(void *arg)
{
	struct stopper *s = arg;
	struct err err;

	if (vm_seccomp_install(&s->prog, &err) < 0)
		_exit(3);
	s->other_signal_rc = syscall(SYS_tgkill, s->pid, s->pid, SIGUSR1);
	s->other_tid_rc = syscall(SYS_tgkill, s->pid, s->pid + 1, SIGSTOP);
	syscall(SYS_tgkill, s->pid, s->pid, SIGSTOP);
	return NULL;
}

/* What became of a child that armed (or not) the hook and tried to stop. */
static int child_stops(int armed)
{
	int status = 0;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct stopper s = { .pid = getpid() };
		struct vm_seccomp_fds fds = {
			.vcpu_fd = 99, .stdin_fd = -1, .stdout_fd = -1,
			.stderr_fd = -1, .done_fd = -1, .ready_fd = -1,
			.stop_pid = armed ? getpid() : 0 };
		struct err err;
		pthread_t t;

		signal(SIGUSR1, SIG_IGN);
		if (vm_seccomp_build(&fds, &s.prog, &err) < 0 ||
		    pthread_create(&t, NULL, stop_self, &s) != 0)
			_exit(2);
		pthread_join(t, NULL);
#if defined(__SANITIZE_ADDRESS__)
		_exit(0); /* tgkill is allowed outright there */
#else
		_exit(s.other_signal_rc == -1 && s.other_tid_rc == -1 ? 0 : 4);
#endif
	}
	assert_int_equal(waitpid(pid, &status, WUNTRACED), pid);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1;
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return 0;
}

static void the_stop_hook_lets_through_only_a_stop_of_itself(void **state)
{
	(void)state;
	assert_int_equal(child_stops(1), 1);
#if !defined(__SANITIZE_ADDRESS__)
	assert_int_equal(child_stops(0), 0);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_allowlist),
		cmocka_unit_test(the_stop_hook_lets_through_only_a_stop_of_itself),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
