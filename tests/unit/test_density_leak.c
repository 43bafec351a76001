/* density's self-check for what a launcher leaves behind in isolab: fake
 * launchers that leak an fd or a thread are caught, with the fd's target
 * and the thread's name in the message; a launcher whose helper thread is
 * still on its way out when the instance ends is not (issue 15: glibc's
 * pthread_join returns before the task leaves the thread group). */
#include "tests/unit/cmocka_all.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/fake_density.h"

#define COUNT 4

/* What the fake launchers left, so that each test can clean up after its
 * assertions. Tests run one at a time. */
static struct {
	int leaked_fd[COUNT];
	int nleaked;
	pthread_mutex_t lock;
	pthread_t stuck[COUNT];
	int nstuck;
	/* Not a pipe: each instance's fd table copies the process's, so a
	 * write end open here when a step starts never reads as closed. */
	sem_t unstick;
} left = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int leak_an_eventfd(struct launch *l, struct err *err)
{
	int fd = eventfd(0, EFD_CLOEXEC);

	(void)l;
	pthread_mutex_lock(&left.lock);
	left.leaked_fd[left.nleaked++] = fd;
	pthread_mutex_unlock(&left.lock);
	return fd < 0 ? err_sys(err, "eventfd") : 0;
}

static void *stuck_thread(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "fake-stuck");
	while (sem_wait(&left.unstick) < 0)
		;
	return NULL;
}

static int leak_a_thread(struct launch *l, struct err *err)
{
	pthread_t t;

	(void)l;
	if (pthread_create(&t, NULL, stuck_thread, NULL) != 0)
		return err_set(err, ERR_RUNTIME, "pthread_create");
	pthread_mutex_lock(&left.lock);
	left.stuck[left.nstuck++] = t;
	pthread_mutex_unlock(&left.lock);
	return 0;
}

/* A helper thread that ends (with an fd it closes) 30 ms after its
 * instance: gone within the settle time, so no leak. */
static void *slow_exit_thread(void *arg)
{
	int fd = (int)(intptr_t)arg;

	nanosleep(&(struct timespec){ 0, 30 * 1000000 }, NULL);
	close(fd);
	return NULL;
}

static int start_a_slow_helper(struct launch *l, struct err *err)
{
	pthread_attr_t attr;
	pthread_t t;
	int fd = eventfd(0, EFD_CLOEXEC), rc;

	(void)l;
	if (fd < 0)
		return err_sys(err, "eventfd");
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, slow_exit_thread, (void *)(intptr_t)fd);
	pthread_attr_destroy(&attr);
	return rc ? err_set(err, ERR_RUNTIME, "pthread_create") : 0;
}

/* A thread of the test's own, there when the step begins and gone
 * before it ends: its instances' start lets it go. */
static sem_t let_go;

static void *leaves_during_the_step(void *arg)
{
	(void)arg;
	while (sem_wait(&let_go) < 0)
		;
	return NULL;
}

static int let_it_go(struct launch *l, struct err *err)
{
	(void)l;
	(void)err;
	sem_post(&let_go);
	return 0;
}

static void run_one_step(const struct launcher *launcher,
			 struct density_step *step)
{
	fake_density_step(launcher, COUNT, step);
	assert_int_equal(step->ready, COUNT);
}

static void a_leaked_fd_is_named(void **state)
{
	struct launcher l = fake_launcher(leak_an_eventfd, NULL);
	struct density_step step;

	(void)state;
	left.nleaked = 0;
	run_one_step(&l, &step);
	print_message("failure: %s\n", step.failure);
	assert_non_null(strstr(step.failure, "leak:"));
	assert_non_null(strstr(step.failure, "-> anon_inode:[eventfd]"));
	/* One of them is named; all went with their threads' own tables, so
	 * this thread has none of them to close. */
	bool named = false;

	for (int i = 0; i < left.nleaked; i++) {
		char fd[32];

		snprintf(fd, sizeof(fd), "fd %d ->", left.leaked_fd[i]);
		named = named || strstr(step.failure, fd);
	}
	assert_true(named);
}

static void a_leaked_thread_is_named(void **state)
{
	struct launcher l = fake_launcher(leak_a_thread, NULL);
	struct density_step step;

	(void)state;
	assert_int_equal(sem_init(&left.unstick, 0, 0), 0);
	left.nstuck = 0;
	run_one_step(&l, &step);
	print_message("failure: %s\n", step.failure);
	assert_non_null(strstr(step.failure, "(fake-stuck)"));
	for (int i = 0; i < left.nstuck; i++)
		sem_post(&left.unstick);
	for (int i = 0; i < left.nstuck; i++)
		pthread_join(left.stuck[i], NULL);
	sem_destroy(&left.unstick);
}

static void threads_on_their_way_out_are_no_leak(void **state)
{
	struct launcher l = fake_launcher(start_a_slow_helper, NULL);
	struct density_step step;

	(void)state;
	run_one_step(&l, &step);
	assert_string_equal(step.failure, "");
}

/* An earlier step's thread on its way out when the census was taken
 * (pthread_join returns first) is gone by the check: that is no leak. */
static void a_thread_gone_since_is_no_leak(void **state)
{
	struct launcher l = fake_launcher(let_it_go, NULL);
	struct density_step step;
	pthread_t t;

	(void)state;
	assert_int_equal(sem_init(&let_go, 0, 0), 0);
	assert_int_equal(pthread_create(&t, NULL, leaves_during_the_step, NULL), 0);
	run_one_step(&l, &step);
	assert_string_equal(step.failure, "");
	pthread_join(t, NULL);
	sem_destroy(&let_go);
}

static void a_clean_launcher_passes(void **state)
{
	struct launcher l = fake_launcher(fake_nothing, NULL);
	struct density_step step;

	(void)state;
	for (int i = 0; i < 20; i++) {
		run_one_step(&l, &step);
		assert_string_equal(step.failure, "");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_leaked_fd_is_named),
		cmocka_unit_test(a_leaked_thread_is_named),
		cmocka_unit_test(threads_on_their_way_out_are_no_leak),
		cmocka_unit_test(a_thread_gone_since_is_no_leak),
		cmocka_unit_test(a_clean_launcher_passes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
