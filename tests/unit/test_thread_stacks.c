/* thread_stacks (lab/host/thread_stacks.h): a hidden stack is not in a
 * fork's child, shown again it is, guards fault, threads run on their
 * stacks, and hidden neighbours merge into one mapping where the kernel
 * has guard markers (the point: a fork then copies one mapping, not
 * one per thread). */
#include "tests/unit/cmocka_all.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/host/thread_stacks.h"

#define STACK (64 * 1024)

static size_t page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static char *stack_of(const struct thread_stacks *ts, size_t i)
{
	return ts->base + i * ts->slot + page();
}

static bool mapped(const void *addr)
{
	return msync((void *)((uintptr_t)addr & ~(page() - 1)), page(),
		     MS_ASYNC) == 0;
}

/* How the child of a fork sees stack i: 1 mapped, 0 not. */
static int child_sees(const struct thread_stacks *ts, size_t i)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(mapped(stack_of(ts, i)) ? 1 : 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void a_hidden_stack_is_not_in_a_fork_child(void **state)
{
	struct thread_stacks ts;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(thread_stacks_map(&ts, 4, STACK, &err), 0);
	thread_stacks_hide(&ts, 1);
	assert_int_equal(child_sees(&ts, 0), 1);
	assert_int_equal(child_sees(&ts, 1), 0);
	assert_int_equal(child_sees(&ts, 2), 1);
	thread_stacks_show_all(&ts);
	assert_int_equal(child_sees(&ts, 1), 1);
	assert_true(mapped(stack_of(&ts, 1))); /* ours all along */
	thread_stacks_unmap(&ts);
	assert_null(ts.base);
}

static void a_write_below_a_stack_faults(void **state)
{
	struct thread_stacks ts;
	struct err err = { 0 };
	int status;
	pid_t pid;

	(void)state;
	assert_int_equal(thread_stacks_map(&ts, 3, STACK, &err), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL); /* not cmocka's handler */
		*(volatile char *)(stack_of(&ts, 2) - 1) = 1; /* its guard */
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
	thread_stacks_unmap(&ts);
}

static void *where_am_i(void *arg)
{
	char here;

	*(uintptr_t *)arg = (uintptr_t)&here; /* only compared */
	return NULL;
}

static void a_thread_runs_on_its_stack(void **state)
{
	struct thread_stacks ts;
	struct err err = { 0 };
	pthread_attr_t attr;
	pthread_t t;
	uintptr_t local = 0;

	(void)state;
	assert_int_equal(thread_stacks_map(&ts, 3, STACK, &err), 0);
	pthread_attr_init(&attr);
	assert_int_equal(thread_stacks_use(&ts, 1, &attr), 0);
	assert_int_equal(pthread_create(&t, &attr, where_am_i, &local), 0);
	pthread_join(t, NULL);
	pthread_attr_destroy(&attr);
	assert_true(local > (uintptr_t)stack_of(&ts, 1));
	assert_true(local < (uintptr_t)stack_of(&ts, 1) + STACK);
	thread_stacks_unmap(&ts);
}

static void *fork_and_wait(void *arg)
{
	int status;
	pid_t pid = _Fork();

	if (pid == 0)
		_exit(7);
	waitpid(pid, &status, 0);
	*(int *)arg = status;
	return NULL;
}

static void *sleep_until_cancelled(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* What density relies on: a launch thread forks with _Fork() while other
 * threads, descriptors and all, sit on hidden stacks (glibc's fork()
 * would walk those descriptors in its child; thread_stacks.h). */
static void a_thread_can_Fork_beside_hidden_ones(void **state)
{
	struct thread_stacks ts;
	struct err err = { 0 };
	pthread_attr_t attr;
	pthread_t held, forker;
	int status = -1;

	(void)state;
	assert_int_equal(thread_stacks_map(&ts, 2, STACK, &err), 0);
	pthread_attr_init(&attr);
	assert_int_equal(thread_stacks_use(&ts, 0, &attr), 0);
	assert_int_equal(pthread_create(&held, &attr, sleep_until_cancelled, NULL), 0);
	thread_stacks_hide(&ts, 0);
	assert_int_equal(thread_stacks_use(&ts, 1, &attr), 0);
	assert_int_equal(pthread_create(&forker, &attr, fork_and_wait, &status), 0);
	pthread_join(forker, NULL);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7);
	pthread_cancel(held);
	pthread_join(held, NULL);
	pthread_attr_destroy(&attr);
	thread_stacks_unmap(&ts);
}

/* Mappings of /proc/self/maps that overlap [lo, hi). */
static int mappings_within(const char *lo, const char *hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		uintptr_t a, b;

		if (sscanf(line, "%lx-%lx", &a, &b) == 2 &&
		    a < (uintptr_t)hi && b > (uintptr_t)lo)
			n++;
	}
	fclose(f);
	return n;
}

static void hidden_neighbours_are_one_mapping(void **state)
{
	enum { N = 50 };
	struct thread_stacks ts;
	struct err err = { 0 };
	const char *end;

	(void)state;
	assert_int_equal(thread_stacks_map(&ts, N, STACK, &err), 0);
	end = ts.base + N * ts.slot;
	if (!ts.guard_markers) {
		printf("SKIP hidden_neighbours_are_one_mapping: this kernel has no MADV_GUARD_INSTALL (Linux 6.13+), so each guard is a mapping of its own\n");
		thread_stacks_unmap(&ts);
		skip();
	}
	assert_int_equal(mappings_within(ts.base, end), 1);
	for (size_t i = 0; i < N; i++)
		thread_stacks_hide(&ts, i);
	assert_int_equal(mappings_within(ts.base, end), 1);
	thread_stacks_show_all(&ts);
	assert_int_equal(mappings_within(ts.base, end), 1);
	thread_stacks_unmap(&ts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_hidden_stack_is_not_in_a_fork_child),
		cmocka_unit_test(a_write_below_a_stack_faults),
		cmocka_unit_test(a_thread_runs_on_its_stack),
		cmocka_unit_test(a_thread_can_Fork_beside_hidden_ones),
		cmocka_unit_test(hidden_neighbours_are_one_mapping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
