#include "lab/density/density.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/host/orphans.h"
#include "lab/host/proc_census.h"
#include "lab/host/procfs.h"
#include "lab/host/thread_stacks.h"
#include "lab/proto/util.h"

/* Each instance's thread runs the launch and then only waits. */
#define INSTANCE_STACK (256 * 1024)

/* How long a step waits for exiting threads and their fds to be gone
 * before it calls what is left a leak (see lab/host/proc_census.h). */
#define LEAK_SETTLE_NS (100 * 1000000ull)

/* At most this many instances per CPU are starting (launched, not yet
 * ready) at once: one being made while another's workload starts, as in
 * bench/density_floor.c's one starter per CPU. Started all at once, 100
 * containers or micro-VMs took 10-15% longer to be ready, and 1000 25%
 * longer, queued on the same locks (mmap_lock, KVM's) and CPUs, while
 * the threads not yet running had their stacks copied by every fork. */
#define STARTING_PER_CPU 2

/* What a step holds from before its first instance until after its last. */
struct step_holdings {
	struct instance *in;
	struct launch_result *results;
	size_t results_bytes;
	struct thread_stacks stacks;
	struct census held;           /* the process before the step */
	struct census table_at_start; /* an instance thread's own table */
	bool have_census;
};

struct density_shared {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	uint64_t ready, finished;
	/* Instances started so far, and what starting the next takes
	 * (start_more): always by the step's own thread, whose fd table is
	 * the process's, for a new thread shares its creator's. */
	uint64_t started, count, max_starting;
	const struct density_plan *plan;
	struct step_holdings *holdings;
	pthread_attr_t attr; /* set for each thread in turn */
	uint64_t last_ready_ns; /* the latest ready stamp so far */
	bool released; /* release_all began: no more starts, and stacks stay
			  visible to forks */
	/* Every workload's stdin: closing the write end releases them all.
	 * Both numbers stay as they are until every instance is joined: a
	 * thread started just before the release may make its own table only
	 * after it, and must still close its copy of release_wr, if any. */
	int release_rd, release_wr;
	/* What an instance thread's own fd table holds when its launch
	 * begins (own_fd_table), to tell a leak from; NULL: not checked. */
	const struct census *table_at_start;
	char failure[512]; /* the first error: an instance's, or a start's */
	char leak[512];    /* the first fd a launch left in its thread */
};

struct instance {
	struct launch_request req;
	struct launch_result *res; /* in the step's results (map_results) */
	struct density_shared *shared;
	size_t index; /* its thread's stack in the step's stacks */
	pthread_t thread;
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
		thread_stacks_hide(&sh->holdings->stacks, in->index);
	/* Its ready stamp, set before this call: when the workload was ready,
	 * as startup_ns counts it, not when this thread heard of it. */
	if (in->res->tl.ready_ns > sh->last_ready_ns)
		sh->last_ready_ns = in->res->tl.ready_ns;
	sh->ready++;
	pthread_cond_broadcast(&sh->changed); /* the step starts another */
	pthread_mutex_unlock(&sh->lock);
}

/* Give the calling instance thread an fd table of its own, a copy of the
 * process's, less the release pipe's write end (held by the step alone).
 *
 * With one shared table, every fork or exec of a launch copied and then
 * closed every fd of every instance already held: about six each, so
 * 6000 at a step of 1000, half of a process launch's time in
 * do_close_on_exec. In its own table, an instance's fds (its pipes,
 * pidfd, VM) are no other launch's business, and threads the launch
 * starts (a vCPU) share them. */
static int own_fd_table(const struct density_shared *sh, struct err *err)
{
	if (unshare(CLONE_FILES) < 0)
		return err_sys(err, "cannot give an instance its own fd table (unshare)");
	close(sh->release_wr);
	return 0;
}

/* Whatever the launch left open in its thread's table; a leak, though
 * the table goes with the thread, as it would not in `isolab run`. */
static void check_own_table(struct density_shared *sh)
{
	char msg[sizeof(sh->leak)];

	if (!sh->table_at_start ||
	    census_check_settled(sh->table_at_start, LEAK_SETTLE_NS, msg,
				 sizeof(msg)) <= 0)
		return;
	pthread_mutex_lock(&sh->lock);
	if (!sh->leak[0])
		snprintf(sh->leak, sizeof(sh->leak), "%s", msg);
	pthread_mutex_unlock(&sh->lock);
}

static void *instance_main(void *arg)
{
	struct instance *in = arg;
	struct density_shared *sh = in->shared;
	struct err err = { 0 };
	int rc = own_fd_table(sh, &err);

	if (rc == 0)
		rc = launch_run(sh->plan->launcher, &in->req, in->res, &err);
	if (rc == 0 && sh->plan->on_run)
		sh->plan->on_run(sh->plan->on_run_ctx, in->res);
	if (rc == 0)
		check_own_table(sh);

	pthread_mutex_lock(&sh->lock);
	if (rc < 0 && !sh->failure[0])
		snprintf(sh->failure, sizeof(sh->failure), "%s", err.msg);
	sh->finished++;
	pthread_cond_broadcast(&sh->changed);
	pthread_mutex_unlock(&sh->lock);
	return NULL;
}

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

/* Start instance number sh->started; with sh->lock held. */
static int start_instance(struct density_shared *sh)
{
	size_t index = sh->started;
	struct instance *in = &sh->holdings->in[index];
	int rc;

	in->req = sh->plan->request;
	in->req.overlapping = true; /* the step's instances run at once */
	/* Shared by all: the launcher dups it for its workload, or reads it
	 * (a VMM), and none writes to it. */
	in->req.stdin_fd = sh->release_rd;
	in->req.on_ready = instance_ready;
	in->req.on_ready_ctx = in;
	in->res = &sh->holdings->results[index];
	in->shared = sh;
	in->index = index;
	rc = thread_stacks_use(&sh->holdings->stacks, index, &sh->attr);
	if (rc == 0)
		rc = pthread_create(&in->thread, &sh->attr, instance_main, in);
	if (rc != 0) {
		snprintf(sh->failure, sizeof(sh->failure),
			 "cannot start thread: %s", strerror(rc));
		return -1;
	}
	sh->started++;
	return 0;
}

/* Start instances until max_starting are starting, all have started, a
 * start failed, or the step is being released; with sh->lock held. */
static void start_more(struct density_shared *sh)
{
	while (!sh->released && !sh->failure[0] && sh->started < sh->count &&
	       sh->started - sh->ready < sh->max_starting)
		if (start_instance(sh) < 0)
			return;
}

/* The CPUs isolab may run on. */
static uint64_t usable_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (uint64_t)CPU_COUNT(&set);
	return 1;
}

/* Start the instances, a few at a time, until all are ready, one ended
 * early or could not start, the deadline passed, or the user
 * interrupted. */
static void start_all_until_ready(struct density_shared *sh,
				  uint64_t deadline_ns, int cancel_fd)
{
	pthread_mutex_lock(&sh->lock);
	for (;;) {
		struct timespec until;

		start_more(sh);
		if (sh->ready == sh->count || sh->finished || sh->failure[0] ||
		    clock_now_ns() >= deadline_ns || cancelled(cancel_fd))
			break;
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
static void release_all(struct density_shared *sh, struct density_step *step)
{
	uint64_t released = clock_now_ns(), started;

	pthread_mutex_lock(&sh->lock);
	sh->released = true; /* no more starts */
	started = sh->started;
	thread_stacks_show_all(&sh->holdings->stacks); /* a teardown may fork */
	pthread_mutex_unlock(&sh->lock);
	close(sh->release_wr);
	for (uint64_t i = 0; i < started; i++)
		pthread_join(sh->holdings->in[i].thread, NULL);
	sh->release_wr = -1;
	close_fd(&sh->release_rd);
	orphans_kill(); /* the instances' escapees came to this thread */
	step->teardown_ns = clock_now_ns() - released;
	if (!step->failure[0] && sh->leak[0])
		snprintf(step->failure, sizeof(step->failure), "%s", sh->leak);
}

/* The step's launch results, in a mapping that forks leave out: a launch
 * that forks (the process and container launchers) copies every page of
 * isolab's memory it can see, and the results of 1000 instances are 1300
 * pages, written while others start. No child of a launch reads them. */
static struct launch_result *map_results(uint64_t count, size_t *bytes)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	*bytes = (count * sizeof(struct launch_result) + (size_t)page - 1) &
		 ~((size_t)page - 1);
	p = mmap(NULL, *bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	(void)madvise(p, *bytes, MADV_DONTFORK); /* it only saves time */
	return p;
}

static int hold_for_step(struct step_holdings *h, struct density_shared *sh,
			 uint64_t count, char *why, size_t whylen)
{
	struct err err = { 0 };
	int release[2];

	memset(h, 0, sizeof(*h));
	h->in = calloc(count, sizeof(*h->in));
	h->results = map_results(count, &h->results_bytes);
	if (!h->in || !h->results) {
		snprintf(why, whylen, "out of memory for %" PRIu64 " instances",
			 count);
		return -1;
	}
	if (thread_stacks_map(&h->stacks, count, INSTANCE_STACK, &err) < 0) {
		snprintf(why, whylen, "%s", err.msg);
		return -1;
	}
	h->have_census = census_take(&h->held) == 0;
	if (pipe2(release, O_CLOEXEC) < 0) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return -1;
	}
	sh->release_rd = release[0];
	sh->release_wr = release[1];
	/* Each instance's table starts as a copy of the process's, less the
	 * write end (own_fd_table). */
	if (h->have_census &&
	    census_own_table(&h->held, sh->release_rd, &h->table_at_start) == 0)
		sh->table_at_start = &h->table_at_start;
	return 0;
}

static void release_holdings(struct step_holdings *h)
{
	census_free(&h->held);
	census_free(&h->table_at_start);
	thread_stacks_unmap(&h->stacks);
	if (h->results)
		munmap(h->results, h->results_bytes);
	free(h->in);
}

static void run_step(const struct density_plan *plan, uint64_t count,
		     struct density_step *step)
{
	struct density_shared sh = {
		.release_rd = -1, .release_wr = -1, .count = count,
		.max_starting = STARTING_PER_CPU * usable_cpus(),
		.plan = plan,
	};
	struct step_holdings h;
	struct step_baseline base;

	memset(step, 0, sizeof(*step));
	step->count = count;
	if (hold_for_step(&h, &sh, count, step->failure,
			  sizeof(step->failure)) < 0) {
		release_holdings(&h);
		return;
	}
	sh.holdings = &h;
	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.changed, NULL);
	pthread_attr_init(&sh.attr);
	take_baseline(&base);
	start_all_until_ready(&sh,
			      plan->request.timeout_ns
				      ? base.t0 + plan->request.timeout_ns
				      : UINT64_MAX,
			      plan->request.cancel_fd);
	record_ready(plan, &sh, &base, step);
	release_all(&sh, step);
	/* Whatever the launcher left behind in isolab itself shows here:
	 * threads, and fds in the process's own table. */
	if (h.have_census && !step->failure[0])
		census_check_settled(&h.held, LEAK_SETTLE_NS, step->failure,
				     sizeof(step->failure));
	pthread_attr_destroy(&sh.attr);
	pthread_cond_destroy(&sh.changed);
	pthread_mutex_destroy(&sh.lock);
	release_holdings(&h);
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
