/* runner: driven with a fake launcher whose workload is "quick" (ready and
 * done at once), "hang" (waits for its cancel fd, up to 30 s), "stuck"
 * (a real child that, as one stuck in the kernel, outlives its SIGKILL
 * for 30 s: its teardown waits through pump_await_end) or "late" (its
 * collect, past any cancel, waits until the test lets it end). A hang that was
 * not interrupted through the cancel fd shows as a run that timed out
 * instead, and fails the test; nothing here asserts speed. */
#include "tests/unit/cmocka_all.h"

#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/core/pump.h"
#include "lab/core/runner.h"

struct fake_config {
	bool unavailable;
};

static atomic_int sessions_opened, sessions_closed;
static atomic_int running_now, running_max;
static atomic_int hangs_cancelled, hangs_timed_out;
static atomic_ullong launches;
static atomic_int stuck_pid, stuck_abandoned;
static atomic_int told_overlapping, told_alone;
static atomic_int late_collecting, late_released;

/* A child that lives 30 s whatever is done to it short of the test's own
 * kill: what a process in D state looks like to its parent. */
static pid_t spawn_stuck_child(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL); /* the worker blocks all */
		alarm(30);
		for (;;)
			pause();
	}
	return pid;
}

static void fake_init(void *c)
{
	memset(c, 0, sizeof(struct fake_config));
}

static int fake_available(const void *config, struct err *err)
{
	const struct fake_config *c = config;

	if (c->unavailable)
		return err_set(err, ERR_RUNTIME, "fake: not on this machine");
	return 0;
}

static int fake_session_open(const void *config, void **state,
			     struct timeline *cost, struct err *err)
{
	(void)config;
	(void)err;
	atomic_fetch_add(&sessions_opened, 1);
	timeline_mark(cost, "fake-session");
	*state = &sessions_opened;
	return 0;
}

static void fake_session_close(void *state)
{
	(void)state;
	atomic_fetch_add(&sessions_closed, 1);
}

static int fake_prepare(struct launch *l, struct err *err)
{
	(void)err;
	int now = atomic_fetch_add(&running_now, 1) + 1;
	int max = atomic_load(&running_max);

	while (now > max && !atomic_compare_exchange_weak(&running_max, &max, now))
		;
	assert_non_null(l->session); /* the worker passed its session */
	atomic_fetch_add(l->req->overlapping ? &told_overlapping : &told_alone,
			 1);
	return 0;
}

static int fake_start(struct launch *l, struct err *err)
{
	(void)err;
	if (strcmp(l->req->argv[1], "stuck") == 0) {
		pid_t pid = spawn_stuck_child();

		assert_true(pid > 0);
		atomic_store(&stuck_pid, pid);
		l->priv = (void *)(intptr_t)pump_pidfd_open(pid, err);
		assert_true((intptr_t)l->priv >= 0);
	}
	timeline_mark(&l->res->tl, "fake-spawn");
	l->res->tl.ready_ns = clock_now_ns();
	if (l->req->on_ready)
		l->req->on_ready(l->req->on_ready_ctx);
	return 0;
}

static int fake_wait(struct launch *l, struct err *err)
{
	struct pollfd p = { .fd = l->req->cancel_fd, .events = POLLIN };

	(void)err;
	if (strcmp(l->req->argv[1], "quick") != 0 &&
	    strcmp(l->req->argv[1], "late") != 0) {
		if (poll(&p, 1, 30000) > 0) {
			l->res->interrupted = true;
			atomic_fetch_add(&hangs_cancelled, 1);
		} else {
			l->res->timed_out = true;
			atomic_fetch_add(&hangs_timed_out, 1);
		}
	} else {
		usleep(200); /* long enough for two columns to overlap */
	}
	l->res->tl.exited_ns = clock_now_ns();
	return 0;
}

static int fake_collect(struct launch *l, struct err *err)
{
	(void)err;
	if (strcmp(l->req->argv[1], "late") == 0) {
		atomic_store(&late_collecting, 1);
		while (!atomic_load(&late_released))
			usleep(1000);
	}
	l->res->exit_code = l->res->interrupted || l->res->timed_out ? -1 : 0;
	l->res->workload_peak_kib = atomic_fetch_add(&launches, 1) + 1;
	launch_add_count(l->res, "exit_fake", 3);
	return 0;
}

/* A stuck child is "killed" (it ignores that) and waited for as a
 * launcher's teardown does. */
static void fake_cleanup(struct launch *l)
{
	if (l->priv) {
		int pidfd = (int)(intptr_t)l->priv;

		if (!pump_await_end(pidfd, l->req->cancel_fd,
				    PUMP_TEARDOWN_LIMIT_NS))
			atomic_fetch_add(&stuck_abandoned, 1);
		close(pidfd);
	}
	atomic_fetch_sub(&running_now, 1);
}

static const struct launcher fake = {
	.name = "fake",
	.config_size = sizeof(struct fake_config),
	.config_init = fake_init,
	.available = fake_available,
	.session_open = fake_session_open,
	.session_close = fake_session_close,
	.prepare = fake_prepare,
	.start = fake_start,
	.wait = fake_wait,
	.collect = fake_collect,
	.cleanup = fake_cleanup,
};

static void job_of(struct runner_job *job, const char *what)
{
	memset(job, 0, sizeof(*job));
	snprintf(job->binary, sizeof(job->binary), "/nonexistent/fake");
	snprintf(job->label, sizeof(job->label), "%s", what);
	snprintf(job->args[0], sizeof(job->args[0]), "fake");
	snprintf(job->args[1], sizeof(job->args[1]), "%s", what);
	job->nargs = 2;
	job->timeout_ns = 60 * 1000000000ull;
}

static void reset_counters(void)
{
	atomic_store(&sessions_opened, 0);
	atomic_store(&sessions_closed, 0);
	atomic_store(&running_now, 0);
	atomic_store(&running_max, 0);
	atomic_store(&hangs_cancelled, 0);
	atomic_store(&hangs_timed_out, 0);
	atomic_store(&launches, 0);
	atomic_store(&stuck_pid, 0);
	atomic_store(&stuck_abandoned, 0);
	atomic_store(&told_overlapping, 0);
	atomic_store(&told_alone, 0);
}

/* Waits on the event fd (as a UI would) until pred holds; fails after
 * 20 s, far beyond anything these need. */
static void wait_for(struct runner *r, bool (*pred)(struct runner *, void *),
		     void *arg)
{
	uint64_t give_up = clock_now_ns() + 20 * 1000000000ull;

	while (!pred(r, arg)) {
		struct pollfd p = { .fd = runner_event_fd(r), .events = POLLIN };

		assert_true(clock_now_ns() < give_up);
		poll(&p, 1, 50);
		runner_event_clear(r);
	}
}

static bool finished(struct runner *r, void *arg)
{
	(void)arg;
	return runner_finished(r);
}

static bool column_in_state(struct runner *r, void *arg)
{
	struct runner_view v;

	runner_view(r, 0, &v);
	return v.state == *(enum worker_state *)arg;
}

static bool has_runs(struct runner *r, void *arg)
{
	struct runner_view v;

	runner_view(r, 0, &v);
	return v.summary.runs >= *(uint64_t *)arg;
}

static void start(struct runner **r, int ncolumns, const char *what,
		  uint64_t iterations, bool one_at_a_time,
		  const struct fake_config *configs)
{
	struct runner_column cols[RUNNER_MAX_COLUMNS];
	struct runner_options opts = { .iterations = iterations,
				       .one_at_a_time = one_at_a_time };
	struct runner_job job;
	struct err err = { 0 };

	job_of(&job, what);
	for (int i = 0; i < ncolumns; i++)
		cols[i] = (struct runner_column){ &fake, &configs[i] };
	assert_int_equal(runner_start(r, cols, ncolumns, &job, &opts, &err), 0);
}

static void samples_arrive_in_order(void **state)
{
	static struct run_sample got[100];
	struct fake_config c = { 0 };
	struct runner_view v;
	struct runner *r;
	size_t n;

	(void)state;
	reset_counters();
	start(&r, 1, "quick", 50, false, &c);
	wait_for(r, finished, NULL);
	n = runner_samples(r, 0, 0, got, 100);
	assert_int_equal(n, 50);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(got[i].seq, i + 1);
		assert_int_equal(got[i].workload_peak_kib, i + 1);
		assert_int_equal(sample_counter(&got[i], "exit_fake"), 3);
		assert_true(got[i].startup_ns > 0);
	}
	/* Only what came after a sequence number. */
	assert_int_equal(runner_samples(r, 0, 45, got, 100), 5);
	assert_int_equal(got[0].seq, 46);
	runner_view(r, 0, &v);
	assert_int_equal(v.state, WORKER_DONE);
	assert_int_equal(v.summary.runs, 50);
	assert_int_equal(v.summary.failed, 0);
	assert_int_equal(v.summary.nspark, 50);
	assert_true(v.summary.startup.median > 0);
	assert_int_equal(v.nsession_phases, 2); /* fake-session, ready */
	assert_string_equal(v.session_phases[0].name, "fake-session");
	runner_stop(r);
	/* One session for all 50 runs, closed at the end. */
	assert_int_equal(atomic_load(&sessions_opened), 1);
	assert_int_equal(atomic_load(&sessions_closed), 1);
}

static void a_hanging_job_is_cancelled_on_stop(void **state)
{
	enum worker_state ready = WORKER_READY;
	struct fake_config c = { 0 };
	struct runner_view v;
	struct runner *r;

	(void)state;
	reset_counters();
	start(&r, 1, "hang", 0, false, &c);
	wait_for(r, column_in_state, &ready);
	runner_view(r, 0, &v);
	assert_int_equal(v.summary.runs, 0);
	runner_stop(r);
	assert_int_equal(atomic_load(&hangs_cancelled), 1);
	assert_int_equal(atomic_load(&hangs_timed_out), 0);
	assert_int_equal(atomic_load(&sessions_closed), 1);
}

/* Has pid ended (without reaping it)? */
static bool ended(pid_t pid)
{
	siginfo_t si = { 0 };

	assert_int_equal(waitid(P_PID, (id_t)pid, &si,
				WEXITED | WNOHANG | WNOWAIT), 0);
	return si.si_pid == pid;
}

static void kill_and_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
}

/* Stopping the runner while a run's workload outlives its SIGKILL: the
 * teardown gives up after its grace instead of waiting for it, so the
 * stop returns while the child still lives (it would end after 30 s, and
 * a teardown that waited for it would only return then). */
static void a_stuck_teardown_does_not_hang_stop(void **state)
{
	enum worker_state ready = WORKER_READY;
	struct fake_config c = { 0 };
	struct runner *r;
	pid_t pid;

	(void)state;
	reset_counters();
	start(&r, 1, "stuck", 0, false, &c);
	wait_for(r, column_in_state, &ready);
	runner_stop(r);
	pid = atomic_load(&stuck_pid);
	assert_true(pid > 0);
	assert_false(ended(pid));
	assert_int_equal(atomic_load(&stuck_abandoned), 1);
	assert_int_equal(atomic_load(&hangs_cancelled), 1);
	assert_int_equal(atomic_load(&sessions_closed), 1);
	kill_and_reap(pid);
}

/* pump_await_end itself: a child that ends is waited for; one that does
 * not is given up on at the limit, or, with the cancel fd readable, after
 * the grace however long the limit (the child would end at 30 s). */
static void teardown_wait_ends_at_exit_limit_or_cancel(void **state)
{
	int cancel[2];
	pid_t pid;
	int pidfd;
	struct err err = { 0 };

	(void)state;
	assert_int_equal(pipe(cancel), 0);
	pid = spawn_stuck_child();
	pidfd = pump_pidfd_open(pid, &err);
	assert_true(pidfd >= 0);
	assert_false(pump_await_end(pidfd, -1, 20 * 1000000ull));
	assert_false(pump_await_end(pidfd, cancel[0], 20 * 1000000ull));
	assert_int_equal(write(cancel[1], "x", 1), 1);
	assert_false(pump_await_end(pidfd, cancel[0], 60 * 1000000000ull));
	assert_false(ended(pid));
	kill(pid, SIGKILL);
	assert_true(pump_await_end(pidfd, cancel[0], 60 * 1000000000ull));
	assert_true(ended(pid));
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_true(pump_await_end(-1, -1, 0)); /* nothing to wait for */
	close(pidfd);
	close(cancel[0]);
	close(cancel[1]);
}

static void switching_the_job_cancels_mid_run(void **state)
{
	static struct run_sample got[200];
	enum worker_state ready = WORKER_READY;
	struct fake_config c = { 0 };
	struct runner_job quick;
	uint64_t want = 20;
	struct runner *r;
	size_t n;

	(void)state;
	reset_counters();
	start(&r, 1, "hang", 0, false, &c);
	wait_for(r, column_in_state, &ready);
	job_of(&quick, "quick");
	runner_set_job(r, &quick);
	wait_for(r, has_runs, &want);
	assert_int_equal(atomic_load(&hangs_cancelled), 1);
	assert_int_equal(atomic_load(&hangs_timed_out), 0);
	/* The interrupted hang was not counted: every sample is a quick run
	 * that ended normally. */
	n = runner_samples(r, 0, 0, got, 200);
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++) {
		assert_false(sample_failed(&got[i]));
		assert_int_equal(got[i].seq, i + 1);
	}
	runner_stop(r);
	assert_int_equal(atomic_load(&sessions_opened), 1);
}

static void reset_and_pause_take_effect_at_once(void **state)
{
	static struct run_sample got[SAMPLE_RING];
	enum worker_state paused = WORKER_PAUSED;
	struct fake_config c = { 0 };
	struct runner_view v;
	uint64_t want = 10, held;
	struct runner *r;

	(void)state;
	reset_counters();
	start(&r, 1, "quick", 0, false, &c);
	wait_for(r, has_runs, &want);
	runner_reset(r);
	runner_view(r, 0, &v);
	assert_int_equal(v.summary.runs, 0);
	assert_false(v.has_last);
	runner_set_paused(r, true);
	wait_for(r, column_in_state, &paused);
	runner_view(r, 0, &v);
	held = v.summary.runs;
	/* Samples held match the counts shown, and none come while paused. */
	assert_int_equal(runner_samples(r, 0, 0, got, SAMPLE_RING), held);
	usleep(100000);
	runner_view(r, 0, &v);
	assert_int_equal(v.summary.runs, held);
	assert_int_equal(v.state, WORKER_PAUSED);
	runner_set_paused(r, false);
	want = held + 5;
	wait_for(r, has_runs, &want);
	runner_stop(r);
}

/* A run still ending when the pause comes (the container's, waiting for
 * its init's exit) does not count: the numbers freeze at the key. */
static void a_run_ending_after_the_pause_does_not_count(void **state)
{
	enum worker_state paused = WORKER_PAUSED;
	struct fake_config c = { 0 };
	struct runner_view v;
	uint64_t held;
	struct runner *r;

	(void)state;
	reset_counters();
	atomic_store(&late_collecting, 0);
	atomic_store(&late_released, 0);
	start(&r, 1, "late", 0, false, &c);
	while (!atomic_load(&late_collecting))
		usleep(1000);
	runner_set_paused(r, true);
	runner_view(r, 0, &v);
	held = v.summary.runs;
	atomic_store(&late_released, 1);
	wait_for(r, column_in_state, &paused);
	runner_view(r, 0, &v);
	assert_int_equal(v.summary.runs, held);
	runner_stop(r);
}

static void columns_take_turns(void **state)
{
	struct fake_config c[3] = { 0 };
	struct runner_view v;
	struct runner *r;

	(void)state;
	reset_counters();
	start(&r, 3, "quick", 30, true, c);
	wait_for(r, finished, NULL);
	for (int i = 0; i < 3; i++) {
		runner_view(r, i, &v);
		assert_int_equal(v.summary.runs, 30);
	}
	runner_stop(r);
	assert_int_equal(atomic_load(&running_max), 1);
	assert_int_equal(atomic_load(&sessions_opened), 3);
	/* taking turns, no run overlaps another */
	assert_int_equal(atomic_load(&told_overlapping), 0);
	assert_int_equal(atomic_load(&told_alone), 90);
}

/* Columns in parallel: every run is told it may overlap others, so that
 * a launcher leaves whole-process memory figures out; one column alone
 * is not. */
static void parallel_columns_are_told_they_overlap(void **state)
{
	struct fake_config c[2] = { 0 };
	struct runner *r;

	(void)state;
	reset_counters();
	start(&r, 2, "quick", 10, false, c);
	wait_for(r, finished, NULL);
	runner_stop(r);
	assert_int_equal(atomic_load(&told_overlapping), 20);
	assert_int_equal(atomic_load(&told_alone), 0);
	reset_counters();
	start(&r, 1, "quick", 10, false, c);
	wait_for(r, finished, NULL);
	runner_stop(r);
	assert_int_equal(atomic_load(&told_alone), 10);
	assert_int_equal(atomic_load(&told_overlapping), 0);
}

static void a_column_that_cannot_run_says_why(void **state)
{
	struct fake_config c[2] = { { .unavailable = true }, { 0 } };
	struct runner_view v;
	struct runner *r;

	(void)state;
	reset_counters();
	start(&r, 2, "quick", 5, true, c);
	wait_for(r, finished, NULL);
	runner_view(r, 0, &v);
	assert_int_equal(v.state, WORKER_CANNOT_RUN);
	assert_string_equal(v.reason, "fake: not on this machine");
	assert_int_equal(v.summary.runs, 0);
	runner_view(r, 1, &v);
	assert_int_equal(v.state, WORKER_DONE);
	assert_int_equal(v.summary.runs, 5);
	runner_stop(r);
}

static void a_new_config_reopens_the_session(void **state)
{
	struct fake_config c = { 0 }, off = { .unavailable = true };
	enum worker_state cannot = WORKER_CANNOT_RUN;
	uint64_t want = 3;
	struct runner *r;

	(void)state;
	reset_counters();
	start(&r, 1, "quick", 0, false, &c);
	wait_for(r, has_runs, &want);
	runner_set_config(r, 0, &off);
	wait_for(r, column_in_state, &cannot);
	runner_set_config(r, 0, &c);
	wait_for(r, has_runs, &want);
	runner_stop(r);
	assert_int_equal(atomic_load(&sessions_opened), 2);
	assert_int_equal(atomic_load(&sessions_closed), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(samples_arrive_in_order),
		cmocka_unit_test(a_hanging_job_is_cancelled_on_stop),
		cmocka_unit_test(a_stuck_teardown_does_not_hang_stop),
		cmocka_unit_test(teardown_wait_ends_at_exit_limit_or_cancel),
		cmocka_unit_test(switching_the_job_cancels_mid_run),
		cmocka_unit_test(reset_and_pause_take_effect_at_once),
		cmocka_unit_test(a_run_ending_after_the_pause_does_not_count),
		cmocka_unit_test(columns_take_turns),
		cmocka_unit_test(parallel_columns_are_told_they_overlap),
		cmocka_unit_test(a_column_that_cannot_run_says_why),
		cmocka_unit_test(a_new_config_reopens_the_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
