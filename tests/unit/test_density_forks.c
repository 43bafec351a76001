/* What a launch of density's has to copy when it forks does not grow with
 * the instances already held: each instance thread sees only its own fds
 * (not the others' pipes, pidfds or VMs), and its child does not get the
 * step's launch results. A fake launcher holds three fds per instance,
 * counts its thread's table and forks a child that looks for its result. */
#include "tests/unit/cmocka_all.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/fake_density.h"
#include "tests/unit/self_counts.h"

#define COUNT 16
#define HELD_FDS 3

static struct {
	_Atomic int next;
	int table_size[COUNT];   /* fds open in the thread as it started */
	int child_saw_result[COUNT]; /* 1: mapped in the child, 0: not, -1: ? */
} seen;

static int open_fds_in_own_table(void)
{
	return count_dir("/proc/thread-self/fd") - 1; /* less its own fd */
}

/* 1 when a fork's child finds the page holding res mapped, 0 when not.
 * _Fork, as the process launcher: glibc's fork() walks the descriptors of
 * held threads, whose stacks density leaves out of forks. */
static int child_sees(const struct launch_result *res)
{
	uintptr_t page = (uintptr_t)res & ~(uintptr_t)(getpagesize() - 1);
	int status;
	pid_t pid = _Fork();

	if (pid == 0) {
		unsigned char in_core;

		_exit(mincore((void *)page, 1, &in_core) == 0 ? 1
		      : errno == ENOMEM			 ? 0
							 : 2);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) > 1)
		return -1;
	return WEXITSTATUS(status);
}

static int hold_fds(struct launch *l, struct err *err)
{
	int *fds = calloc(HELD_FDS, sizeof(int));

	if (!fds)
		return err_set(err, ERR_RUNTIME, "out of memory");
	l->priv = fds;
	for (int i = 0; i < HELD_FDS; i++) {
		fds[i] = eventfd(0, EFD_CLOEXEC);
		if (fds[i] < 0)
			return err_sys(err, "eventfd");
	}
	return 0;
}

static int count_and_fork(struct launch *l, struct err *err)
{
	int i = atomic_fetch_add(&seen.next, 1);

	(void)err;
	if (i < COUNT) {
		seen.table_size[i] = open_fds_in_own_table();
		seen.child_saw_result[i] = child_sees(l->res);
	}
	return 0;
}

static void close_held(struct launch *l)
{
	int *fds = l->priv;

	for (int i = 0; fds && i < HELD_FDS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	l->priv = NULL;
}

static void forks_do_not_grow_with_instances_held(void **state)
{
	const struct launcher fake = {
		.name = "fake",
		.prepare = hold_fds,
		.start = count_and_fork,
		.wait = fake_ready_then_hold,
		.collect = fake_nothing,
		.cleanup = close_held,
	};
	struct density_step step;

	(void)state;
	fake_density_step(&fake, COUNT, &step);
	assert_int_equal(step.ready, COUNT);
	assert_string_equal(step.failure, "");
	assert_int_equal(seen.next, COUNT);
	for (int i = 0; i < COUNT; i++) {
		print_message("instance %d: %d fds, result %s in its child\n", i,
			      seen.table_size[i],
			      seen.child_saw_result[i] ? "mapped" : "not mapped");
		/* Its own three, and what the process had before the step. */
		assert_int_equal(seen.table_size[i], seen.table_size[0]);
		assert_int_equal(seen.child_saw_result[i], 0);
	}
	assert_true(seen.table_size[0] >= HELD_FDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forks_do_not_grow_with_instances_held),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
