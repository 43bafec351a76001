#include "lab/density/density.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/host/orphans.h"
#include "lab/host/proc_census.h"
#include "lab/host/procfs.h"
#include "lab/host/thread_stacks.h"

/* Each instance's thread runs the launch and then only waits. */
#define INSTANCE_STACK (256 * 1024)

/* How long a step waits for exiting threads and their fds to be gone
 * before it calls what is left a leak (see lab/host/proc_census.h). */
#define LEAK_SETTLE_NS (100 * 1000000ull)

struct density_shared {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	uint64_t ready, finished;
	uint64_t last_ready_ns; /* the latest ready stamp so far */
	bool released; /* release_all began: stacks stay visible to forks */
	char failure[512]; /* the first instance's error */
};

struct instance {
	struct launch_request req;
	struct launch_result res;
	struct density_shared *shared;
	const struct launcher *launcher;
	const struct density_plan *plan;
	const struct thread_stacks *stacks;
	size_t index; /* its thread's stack in stacks */
	pthread_t thread;
	int release_fd; /* write end of the workload's stdin */
};

static void instance_ready(void *ctx)
{
	struct instance *in = ctx;
	struct density_shared *sh = in->shared;

	/* From here until release_all its thread forks nothing, so the
	 * forks of the instances still starting need not copy its stack.
	 * One ready only after release_all began (the wait gave up) stays
	 * visible: its teardown may come at once. */
	pthread_mutex_lock(&sh->lock);
	if (!sh->released)
		thread_stacks_hide(in->stacks, in->index);
	/* Its ready stamp, set before this call: when the workload was ready,
	 * as startup_ns counts it, not when this thread heard of it. */
	if (in->res.tl.ready_ns > sh->last_ready_ns)
		sh->last_ready_ns = in->res.tl.ready_ns;
	sh->ready++;
	pthread_cond_broadcast(&sh->changed);
	pthread_mutex_unlock(&sh->lock);
}

static void *instance_main(void *arg)
{
	struct instance *in = arg;
	struct err err = { 0 };
	int rc = launch_run(in->launcher, &in->req, &in->res, &err);

	if (rc == 0 && in->plan->on_run)
		in->plan->on_run(in->plan->on_run_ctx, &in->res);

	pthread_mutex_lock(&in->shared->lock);
	if (rc < 0 && !in->shared->failure[0])
		snprintf(in->shared->failure, sizeof(in->shared->failure),
			 "%s", err.msg);
	in->shared->finished++;
	pthread_cond_broadcast(&in->shared->changed);
	pthread_mutex_unlock(&in->shared->lock);
	return NULL;
}

/* A field of /proc/meminfo or /proc/self/status, in KiB; -1 if absent. */
/* The kernel folds its per-CPU memory counters lazily; as root, ask it to
 * fold them now so MemAvailable is exact at this instant. */
static int64_t mem_available_kib(void)
{
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, "1", 1) < 0) {
			/* not root: the counters are a little behind */
		}
		close(fd);
	}
	return procfs_field_kib("/proc/meminfo", "MemAvailable");
}

static bool cancelled(int cancel_fd)
{
	struct pollfd p = { .fd = cancel_fd, .events = POLLIN };

	return cancel_fd >= 0 && poll(&p, 1, 0) > 0;
}

/* Wait until all started instances are ready, one ended early, the
 * deadline passed, or the user interrupted. */
static void wait_all_ready(struct density_shared *sh, uint64_t started,
			   uint64_t deadline_ns, int cancel_fd)
{
	pthread_mutex_lock(&sh->lock);
	while (sh->ready < started && sh->finished == 0 &&
	       clock_now_ns() < deadline_ns && !cancelled(cancel_fd)) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 20 * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&sh->changed, &sh->lock, &until);
	}
	pthread_mutex_unlock(&sh->lock);
}

static int start_instance(const struct density_plan *plan,
			  struct density_shared *sh, struct instance *in,
			  const struct thread_stacks *stacks, size_t index,
			  pthread_attr_t *attr, char *why, size_t whylen)
{
	int fds[2], rc;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return -1;
	}
	in->req = plan->request;
	in->req.overlapping = true; /* the step's instances run at once */
	in->req.stdin_fd = fds[0];
	in->req.on_ready = instance_ready;
	in->req.on_ready_ctx = in;
	in->shared = sh;
	in->launcher = plan->launcher;
	in->plan = plan;
	in->stacks = stacks;
	in->index = index;
	in->release_fd = fds[1];
	rc = thread_stacks_use(stacks, index, attr);
	if (rc == 0)
		rc = pthread_create(&in->thread, attr, instance_main, in);
	if (rc != 0) {
		snprintf(why, whylen, "cannot start thread: %s", strerror(rc));
		close(fds[0]);
		close(fds[1]);
		in->release_fd = -1;
		return -1;
	}
	/* The launcher dups stdin for the workload in prepare; our copy of the
	 * read end is closed once that thread is done with the request. */
	return 0;
}

/* What a step's memory and time figures are measured from. */
struct step_baseline {
	uint64_t t0;
	int64_t avail_kib; /* the machine's MemAvailable */
	int64_t rss_kib;   /* isolab's own VmRSS */
};

static void take_baseline(struct step_baseline *b)
{
	b->avail_kib = mem_available_kib();
	b->rss_kib = procfs_status_kib(0, "VmRSS");
	b->t0 = clock_now_ns();
}

/* Once every instance is ready (or the wait gave up): how many, how long
 * it took, what memory the machine lost, and why not all, if not. */
static void record_ready(const struct density_plan *plan,
			 struct density_shared *sh,
			 const struct step_baseline *b,
			 struct density_step *step)
{
	uint64_t all_ready_at = clock_now_ns();

	pthread_mutex_lock(&sh->lock);
	step->ready = sh->ready;
	if (step->ready == step->count && sh->last_ready_ns > b->t0)
		all_ready_at = sh->last_ready_ns;
	if (!step->failure[0] && sh->failure[0])
		snprintf(step->failure, sizeof(step->failure), "%s", sh->failure);
	pthread_mutex_unlock(&sh->lock);
	step->all_ready_ns = all_ready_at - b->t0;
	step->system_kib = b->avail_kib - mem_available_kib();
	step->harness_kib = procfs_status_kib(0, "VmRSS") - b->rss_kib;
	if (step->ready < step->count && !step->failure[0])
		snprintf(step->failure, sizeof(step->failure),
			 cancelled(plan->request.cancel_fd)
				 ? "interrupted"
				 : "only %" PRIu64 " of %" PRIu64 " became ready before the timeout",
			 step->ready, step->count);
}

/* Let the started instances end, wait for their teardown, and time it. */
static void release_all(struct density_shared *sh, struct instance *in,
			uint64_t started, const struct thread_stacks *stacks,
			struct density_step *step)
{
	uint64_t released = clock_now_ns();

	pthread_mutex_lock(&sh->lock);
	sh->released = true;
	thread_stacks_show_all(stacks); /* a teardown may fork */
	pthread_mutex_unlock(&sh->lock);
	for (uint64_t i = 0; i < started; i++)
		close(in[i].release_fd);
	for (uint64_t i = 0; i < started; i++) {
		pthread_join(in[i].thread, NULL);
		close(in[i].req.stdin_fd);
	}
	orphans_kill(); /* the instances' escapees came to this thread */
	step->teardown_ns = clock_now_ns() - released;
}

static void run_step(const struct density_plan *plan, uint64_t count,
		     struct density_step *step)
{
	struct density_shared sh = { .failure = "" };
	struct instance *in = calloc(count, sizeof(*in));
	struct step_baseline base;
	struct thread_stacks stacks = { 0 };
	struct err err = { 0 };
	pthread_attr_t attr;
	uint64_t started = 0;
	struct census held;
	bool have_census;

	memset(step, 0, sizeof(*step));
	step->count = count;
	if (!in) {
		snprintf(step->failure, sizeof(step->failure),
			 "out of memory for %" PRIu64 " instances", count);
		return;
	}
	if (thread_stacks_map(&stacks, count, INSTANCE_STACK, &err) < 0) {
		snprintf(step->failure, sizeof(step->failure), "%s", err.msg);
		free(in);
		return;
	}
	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.changed, NULL);
	pthread_attr_init(&attr);
	have_census = census_take(&held) == 0;
	take_baseline(&base);
	for (; started < count; started++)
		if (start_instance(plan, &sh, &in[started], &stacks, started,
				   &attr, step->failure, sizeof(step->failure)) < 0)
			break;
	wait_all_ready(&sh, started,
		       plan->request.timeout_ns ? base.t0 + plan->request.timeout_ns
						: UINT64_MAX,
		       plan->request.cancel_fd);
	record_ready(plan, &sh, &base, step);
	release_all(&sh, in, started, &stacks, step);
	/* Whatever the launcher left behind in isolab itself shows here. */
	if (have_census && !step->failure[0])
		census_check_settled(&held, LEAK_SETTLE_NS, step->failure,
				     sizeof(step->failure));
	census_free(&held);
	pthread_attr_destroy(&attr);
	pthread_cond_destroy(&sh.changed);
	pthread_mutex_destroy(&sh.lock);
	thread_stacks_unmap(&stacks);
	free(in);
}

/* Every instance holds several fds at once (pipes, pidfds, KVM's VM and
 * vCPU), so the usual soft limit of 1024 open files stopped a step of
 * 1000 after 100-150 instances with EMFILE. Raise the soft limit to the
 * hard one, as systemd advises programs that need many fds (isolab uses
 * poll(), never select(), so fds above 1024 are fine). */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int density_run(const struct density_plan *plan, struct density_step *out,
		int *nsteps, struct err *err)
{
	*nsteps = 0;
	raise_fd_limit();
	for (int i = 0; i < plan->ncounts; i++) {
		run_step(plan, plan->counts[i], &out[i]);
		*nsteps = i + 1;
		if (cancelled(plan->request.cancel_fd))
			return err_set(err, ERR_INTERRUPTED,
				       "interrupted; every instance was torn down");
	}
	return 0;
}

struct density_memory density_memory_of(const struct density_step *s)
{
	struct density_memory m = {
		.system_kib = s->system_kib > 0 ? (uint64_t)s->system_kib : 0,
		.harness_kib = s->harness_kib > 0 ? (uint64_t)s->harness_kib : 0,
	};

	m.below_noise = m.system_kib <= m.harness_kib;
	if (!m.below_noise && s->ready)
		m.per_instance_kib = (m.system_kib - m.harness_kib) / s->ready;
	return m;
}
