/* runner: worker threads that launch, and the state front ends copy.
 *
 * Locking: r->lock guards every field a front end reads or sets (the
 * views, the control fields, the rings while written). A worker never
 * holds it while a launch runs; the only thing a launch touches from its
 * timed span is the column's `ready` flag, an atomic. Control changes bump
 * control_gen and write the workers' cancel eventfds, so a worker waiting
 * (for its turn, its gap, a retry) or launching notices at once. */
#include "lab/core/runner.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/core/measure.h"
#include "lab/core/session.h"

#define RETRY_AFTER_FAILURE_NS 1000000000ull

struct worker {
	struct runner *r;
	int index;
	pthread_t thread;
	bool started;
	int cancel_fd;
	const struct launcher *launcher;
	void *config;          /* the worker's, read during launches */
	void *pending_config;  /* set by runner_set_config, under the lock */
	uint64_t config_gen, applied_config_gen;
	struct launch_session session;
	bool session_open;
	bool cannot_run;
	struct sample_ring ring; /* written by the worker, under the lock */
	uint64_t ring_reset_gen;
	double *scratch;
	uint64_t iterations_done;
	bool wants_turn;
	atomic_bool ready;      /* set from the launch's on_ready */
	struct runner_view view;
};

struct runner {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int event_fd;
	bool stopping, paused;
	uint64_t control_gen, job_gen, reset_gen, gap_ns;
	struct runner_job job;
	struct runner_options opts;
	int turn_holder, last_turn;
	int n;
	struct worker w[RUNNER_MAX_COLUMNS];
};

/* One measure_series() call: what it started under. */
struct series {
	struct worker *w;
	uint64_t control_gen, job_gen, reset_gen;
	const char *label;
};

/* strlcpy: a truncated copy is what a view wants. */
static void copy_text(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void notify(struct runner *r)
{
	uint64_t one = 1;

	if (write(r->event_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is full, so it is readable anyway */
	}
}

static void cancel_worker(struct worker *w)
{
	uint64_t one = 1;

	if (write(w->cancel_fd, &one, sizeof(one)) < 0) {
		/* full: already cancelled */
	}
}

static void drain(int fd)
{
	uint64_t v;

	while (read(fd, &v, sizeof(v)) > 0)
		;
}

/* Under the lock: a control change, seen by every waiting worker. */
static void control_changed(struct runner *r, bool cancel_runs)
{
	r->control_gen++;
	pthread_cond_broadcast(&r->changed);
	if (cancel_runs)
		for (int i = 0; i < r->n; i++)
			cancel_worker(&r->w[i]);
}

/* Under the lock: wait until the deadline or a control change; true when
 * the deadline passed undisturbed. */
static bool wait_quietly(struct runner *r, uint64_t gen, uint64_t until_ns)
{
	while (!r->stopping && r->control_gen == gen) {
		struct timespec ts = {
			.tv_sec = (time_t)(until_ns / 1000000000u),
			.tv_nsec = (long)(until_ns % 1000000000u),
		};

		if (clock_now_ns() >= until_ns)
			return true;
		pthread_cond_timedwait(&r->changed, &r->lock, &ts);
	}
	return false;
}

static bool iterations_done(const struct worker *w)
{
	return w->r->opts.iterations &&
	       w->iterations_done >= w->r->opts.iterations;
}

static void set_state(struct worker *w, enum worker_state s,
		      const char *reason)
{
	w->view.state = s;
	if (reason)
		copy_text(w->view.reason, sizeof(w->view.reason), reason);
	notify(w->r);
}

/* Under the lock: the next column waiting for a turn after the last. */
static int next_wanting(const struct runner *r)
{
	for (int k = 1; k <= r->n; k++) {
		int c = (r->last_turn + k) % r->n;

		if (r->w[c].wants_turn)
			return c;
	}
	return -1;
}

static bool take_turn(struct worker *w, uint64_t gen)
{
	struct runner *r = w->r;
	bool mine = false;

	pthread_mutex_lock(&r->lock);
	w->wants_turn = true;
	pthread_cond_broadcast(&r->changed);
	while (!r->stopping && r->control_gen == gen) {
		if (r->turn_holder < 0 && next_wanting(r) == w->index) {
			r->turn_holder = w->index;
			r->last_turn = w->index;
			mine = true;
			break;
		}
		pthread_cond_wait(&r->changed, &r->lock);
	}
	w->wants_turn = false;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	return mine;
}

static void release_turn(struct worker *w)
{
	struct runner *r = w->r;

	pthread_mutex_lock(&r->lock);
	if (r->turn_holder == w->index) {
		r->turn_holder = -1;
		pthread_cond_broadcast(&r->changed);
	}
	pthread_mutex_unlock(&r->lock);
}

static void on_ready(void *ctx)
{
	struct worker *w = ctx;

	atomic_store(&w->ready, true);
}

/* Under the lock: apply a reset the worker has not seen yet. */
static void apply_reset(struct worker *w)
{
	if (w->ring_reset_gen == w->r->reset_gen)
		return;
	sample_ring_clear(&w->ring);
	w->ring_reset_gen = w->r->reset_gen;
	memset(&w->view.summary, 0, sizeof(w->view.summary));
	w->view.has_last = false;
	w->view.launch_failures = 0;
}

static int on_run(void *ctx, const struct launch_result *res)
{
	struct series *s = ctx;
	struct worker *w = s->w;
	struct runner *r = w->r;
	struct sample_summary summary;
	struct run_sample sample;
	bool go_on;

	pthread_mutex_lock(&r->lock);
	apply_reset(w);
	/* A run begun before a reset or under another job does not count,
	 * nor one still ending when the pause came: the numbers freeze at
	 * the pause, not at the end of a teardown that no cancel cuts
	 * short (a container's init's exit). */
	if (r->reset_gen != s->reset_gen || r->job_gen != s->job_gen ||
	    r->paused) {
		pthread_mutex_unlock(&r->lock);
		return 1;
	}
	sample_from_result(res, w->ring.pushed + 1, &sample);
	sample_ring_push(&w->ring, &sample);
	w->iterations_done++;
	pthread_mutex_unlock(&r->lock);

	/* Only this worker writes the ring: it may read it unlocked. */
	sample_summarize(&w->ring, w->scratch, &summary);

	pthread_mutex_lock(&r->lock);
	if (r->reset_gen == s->reset_gen) {
		w->view.summary = summary;
		w->view.last = sample;
		w->view.has_last = true;
		copy_text(w->view.output, sizeof(w->view.output),
			  res->output_head);
	}
	atomic_store(&w->ready, false);
	set_state(w, WORKER_IDLE, NULL);
	go_on = !r->opts.one_at_a_time && !iterations_done(w) &&
		r->control_gen == s->control_gen;
	if (go_on && r->gap_ns)
		go_on = wait_quietly(r, s->control_gen,
				     clock_now_ns() + r->gap_ns);
	if (go_on)
		set_state(w, WORKER_RUNNING, NULL);
	pthread_mutex_unlock(&r->lock);
	return !go_on;
}

/* Outside the lock: (re)open the session for the current config. */
static void open_session(struct worker *w)
{
	struct err err = { 0 };
	struct runner *r = w->r;
	int rc;

	if (w->session_open)
		launch_session_close(&w->session);
	w->session_open = false;
	pthread_mutex_lock(&r->lock);
	set_state(w, WORKER_OPENING, NULL);
	pthread_mutex_unlock(&r->lock);
	rc = w->launcher->available(w->config, &err);
	if (rc == 0)
		rc = launch_session_open(w->launcher, w->config, &w->session,
					 &err);
	pthread_mutex_lock(&r->lock);
	if (rc < 0) {
		w->cannot_run = true;
		set_state(w, WORKER_CANNOT_RUN, err.msg);
	} else {
		w->session_open = true;
		w->view.session_cost_ns = launch_session_cost_ns(&w->session);
		w->view.nsession_phases = timeline_phases(
			&w->session.cost, w->view.session_phases,
			TIMELINE_MAX_MARKS + 1);
	}
	pthread_mutex_unlock(&r->lock);
}

static void build_argv(const struct runner_job *job, char **argv)
{
	int i;

	for (i = 0; i < job->nargs && i < RUNNER_MAX_ARGS; i++)
		argv[i] = (char *)job->args[i];
	argv[i] = NULL;
}

/* One series of runs of the current job, until a control change. */
static void run_series(struct worker *w, const struct runner_job *job,
		       struct series *s)
{
	struct runner *r = w->r;
	char *argv[RUNNER_MAX_ARGS + 1];
	struct err err = { 0 };
	bool launched = false;
	struct measure_plan plan = {
		.launcher = w->launcher,
		.label = job->label,
		.reps = UINT64_MAX,
		.on_run = on_run,
		.on_run_ctx = s,
	};

	build_argv(job, argv);
	plan.request = (struct launch_request){
		.session = &w->session,
		.binary = job->binary,
		.argv = argv,
		.timeout_ns = job->timeout_ns,
		.stdout_fd = -1,
		.stderr_fd = -1,
		.stdin_fd = -1,
		.cancel_fd = w->cancel_fd,
		.config = w->config,
		.user_program = job->user_program,
		.overlapping = !r->opts.one_at_a_time && r->n > 1,
		.on_ready = on_ready,
		.on_ready_ctx = w,
	};
	drain(w->cancel_fd);
	atomic_store(&w->ready, false);
	pthread_mutex_lock(&r->lock);
	set_state(w, WORKER_RUNNING, NULL);
	pthread_mutex_unlock(&r->lock);
	if (measure_series(&plan, NULL, &launched, &err) == 0 ||
	    err.kind == ERR_INTERRUPTED) {
		/* Interrupted: a control change; that run is discarded. */
		pthread_mutex_lock(&r->lock);
		if (w->view.state == WORKER_RUNNING)
			set_state(w, WORKER_IDLE, NULL);
		pthread_mutex_unlock(&r->lock);
		return;
	}
	pthread_mutex_lock(&r->lock);
	w->iterations_done++;
	w->view.launch_failures++;
	set_state(w, WORKER_FAILED, err.msg);
	pthread_mutex_unlock(&r->lock);
	release_turn(w);
	pthread_mutex_lock(&r->lock);
	wait_quietly(r, s->control_gen, clock_now_ns() + RETRY_AFTER_FAILURE_NS);
	pthread_mutex_unlock(&r->lock);
}

/* Under the lock: wait while there is nothing to run. */
static void wait_for_work(struct worker *w)
{
	struct runner *r = w->r;

	for (;;) {
		apply_reset(w);
		if (r->stopping)
			return;
		if (w->config_gen != w->applied_config_gen)
			return;
		if (w->cannot_run) {
			if (w->view.state != WORKER_CANNOT_RUN)
				set_state(w, WORKER_CANNOT_RUN, NULL);
		} else if (iterations_done(w)) {
			if (w->view.state != WORKER_DONE)
				set_state(w, WORKER_DONE, NULL);
		} else if (r->paused) {
			if (w->view.state != WORKER_PAUSED)
				set_state(w, WORKER_PAUSED, NULL);
		} else {
			return;
		}
		pthread_cond_wait(&r->changed, &r->lock);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct runner *r = w->r;
	struct runner_job *job = malloc(sizeof(*job));

	while (job) {
		struct series s = { .w = w };
		bool reopen = !w->session_open && !w->cannot_run;

		pthread_mutex_lock(&r->lock);
		wait_for_work(w);
		if (r->stopping) {
			pthread_mutex_unlock(&r->lock);
			break;
		}
		if (w->config_gen != w->applied_config_gen) {
			memcpy(w->config, w->pending_config,
			       w->launcher->config_size);
			w->applied_config_gen = w->config_gen;
			w->view.config_gen = w->config_gen;
			w->cannot_run = false;
			reopen = true;
		}
		*job = r->job;
		s.job_gen = r->job_gen;
		s.reset_gen = r->reset_gen;
		s.control_gen = r->control_gen;
		snprintf(w->view.job_label, sizeof(w->view.job_label), "%s",
			 job->label);
		pthread_mutex_unlock(&r->lock);

		if (reopen) {
			open_session(w);
			continue;
		}
		if (r->opts.one_at_a_time && !take_turn(w, s.control_gen))
			continue;
		run_series(w, job, &s);
		release_turn(w);
		if (r->opts.one_at_a_time) {
			pthread_mutex_lock(&r->lock);
			if (r->gap_ns)
				wait_quietly(r, s.control_gen,
					     clock_now_ns() + r->gap_ns);
			pthread_mutex_unlock(&r->lock);
		}
	}
	free(job);
	if (w->session_open)
		launch_session_close(&w->session);
	w->session_open = false;
	return NULL;
}

static void worker_free(struct worker *w)
{
	if (w->cancel_fd >= 0)
		close(w->cancel_fd);
	free(w->config);
	free(w->pending_config);
	free(w->scratch);
	sample_ring_free(&w->ring);
}

static int worker_init(struct runner *r, int i, const struct runner_column *c,
		       struct err *err)
{
	struct worker *w = &r->w[i];
	size_t size = c->launcher->config_size ? c->launcher->config_size : 1;

	w->r = r;
	w->index = i;
	w->launcher = c->launcher;
	w->cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	w->config = calloc(1, size);
	w->pending_config = calloc(1, size);
	w->scratch = calloc(SAMPLE_RING, sizeof(double));
	atomic_init(&w->ready, false);
	if (w->cancel_fd < 0 || !w->config || !w->pending_config ||
	    !w->scratch || sample_ring_init(&w->ring) < 0)
		return err_sys(err, "setting up the %s worker",
			       c->launcher->name);
	memcpy(w->config, c->config, c->launcher->config_size);
	return 0;
}

static void runner_free(struct runner *r)
{
	for (int i = 0; i < r->n; i++)
		worker_free(&r->w[i]);
	if (r->event_fd >= 0)
		close(r->event_fd);
	pthread_cond_destroy(&r->changed);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static int start_threads(struct runner *r, struct err *err)
{
	sigset_t all, old;
	int rc = 0;

	/* The workers inherit a mask that blocks everything: the front
	 * end's thread alone sees signals (a signalfd, SIGWINCH). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < r->n && rc == 0; i++) {
		rc = pthread_create(&r->w[i].thread, NULL, worker_main,
				    &r->w[i]);
		r->w[i].started = rc == 0;
	}
	/* Except SIGCHLD, blocked in the front end's thread too: the
	 * workers' children end hundreds of times a second, and with the
	 * front end's thread the only one not blocking it, each SIGCHLD woke
	 * it on the other CPU (the workers' forks paid for that: the
	 * dashboard's process startup was 1.16x isolab run's), and the
	 * signalfd of a worker's exit watch (lab/host/exit_peak.h) could
	 * lose it. Children are reaped through pidfds and waitpid. */
	sigaddset(&old, SIGCHLD);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		errno = rc;
		return err_sys(err, "starting a worker thread");
	}
	return 0;
}

int runner_start(struct runner **out, const struct runner_column *columns,
		 int ncolumns, const struct runner_job *job,
		 const struct runner_options *opts, struct err *err)
{
	struct runner *r;
	pthread_condattr_t attr;

	*out = NULL;
	if (ncolumns < 1 || ncolumns > RUNNER_MAX_COLUMNS)
		return err_set(err, ERR_USAGE, "the runner takes 1 to %d columns",
			       RUNNER_MAX_COLUMNS);
	r = calloc(1, sizeof(*r));
	if (!r)
		return err_set(err, ERR_RUNTIME, "out of memory");
	pthread_mutex_init(&r->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&r->changed, &attr);
	pthread_condattr_destroy(&attr);
	r->job = *job;
	r->opts = *opts;
	r->gap_ns = opts->gap_ns;
	r->turn_holder = -1;
	r->last_turn = ncolumns - 1;
	r->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	for (int i = 0; i < RUNNER_MAX_COLUMNS; i++)
		r->w[i].cancel_fd = -1;
	r->n = ncolumns;
	if (r->event_fd < 0) {
		err_sys(err, "eventfd");
		runner_free(r);
		return -1;
	}
	for (int i = 0; i < ncolumns; i++)
		if (worker_init(r, i, &columns[i], err) < 0) {
			runner_free(r);
			return -1;
		}
	if (start_threads(r, err) < 0) {
		runner_stop(r);
		return -1;
	}
	*out = r;
	return 0;
}

void runner_stop(struct runner *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stopping = true;
	control_changed(r, true);
	pthread_mutex_unlock(&r->lock);
	for (int i = 0; i < r->n; i++)
		if (r->w[i].started)
			pthread_join(r->w[i].thread, NULL);
	runner_free(r);
}

int runner_event_fd(const struct runner *r)
{
	return r->event_fd;
}

void runner_event_clear(struct runner *r)
{
	drain(r->event_fd);
}

void runner_set_job(struct runner *r, const struct runner_job *job)
{
	pthread_mutex_lock(&r->lock);
	r->job = *job;
	r->job_gen++;
	r->reset_gen++; /* figures of another workload do not mix */
	for (int i = 0; i < r->n; i++) {
		memset(&r->w[i].view.summary, 0, sizeof(r->w[i].view.summary));
		r->w[i].view.has_last = false;
		snprintf(r->w[i].view.job_label, sizeof(r->w[i].view.job_label),
			 "%s", job->label);
	}
	control_changed(r, true);
	pthread_mutex_unlock(&r->lock);
	notify(r);
}

void runner_set_paused(struct runner *r, bool paused)
{
	pthread_mutex_lock(&r->lock);
	if (r->paused != paused) {
		r->paused = paused;
		control_changed(r, paused);
	}
	pthread_mutex_unlock(&r->lock);
	notify(r);
}

void runner_reset(struct runner *r)
{
	pthread_mutex_lock(&r->lock);
	r->reset_gen++;
	for (int i = 0; i < r->n; i++) {
		memset(&r->w[i].view.summary, 0, sizeof(r->w[i].view.summary));
		r->w[i].view.has_last = false;
		r->w[i].view.launch_failures = 0;
	}
	control_changed(r, true);
	pthread_mutex_unlock(&r->lock);
	notify(r);
}

void runner_set_gap(struct runner *r, uint64_t gap_ns)
{
	pthread_mutex_lock(&r->lock);
	r->gap_ns = gap_ns;
	control_changed(r, false);
	pthread_mutex_unlock(&r->lock);
}

void runner_set_config(struct runner *r, int column, const void *config)
{
	struct worker *w = &r->w[column];

	pthread_mutex_lock(&r->lock);
	memcpy(w->pending_config, config, w->launcher->config_size);
	w->config_gen++;
	r->reset_gen++; /* another config: other figures */
	for (int i = 0; i < r->n; i++) {
		memset(&r->w[i].view.summary, 0, sizeof(r->w[i].view.summary));
		r->w[i].view.has_last = false;
	}
	control_changed(r, true);
	pthread_mutex_unlock(&r->lock);
	notify(r);
}

void runner_view(struct runner *r, int column, struct runner_view *out)
{
	struct worker *w = &r->w[column];

	pthread_mutex_lock(&r->lock);
	*out = w->view;
	pthread_mutex_unlock(&r->lock);
	if (out->state == WORKER_RUNNING && atomic_load(&w->ready))
		out->state = WORKER_READY;
}

size_t runner_samples(struct runner *r, int column, uint64_t after,
		      struct run_sample *out, size_t max)
{
	struct worker *w = &r->w[column];
	size_t n = 0;

	pthread_mutex_lock(&r->lock);
	/* A reset the worker has not applied yet empties the ring too. */
	if (w->ring_reset_gen == r->reset_gen)
		for (size_t i = 0, len = sample_ring_len(&w->ring);
		     i < len && n < max; i++) {
			const struct run_sample *s = sample_ring_at(&w->ring, i);

			if (s->seq > after)
				out[n++] = *s;
		}
	pthread_mutex_unlock(&r->lock);
	return n;
}

bool runner_finished(struct runner *r)
{
	bool all = true;

	pthread_mutex_lock(&r->lock);
	for (int i = 0; i < r->n; i++)
		all &= r->w[i].view.state == WORKER_DONE ||
		       r->w[i].view.state == WORKER_CANNOT_RUN;
	pthread_mutex_unlock(&r->lock);
	return all;
}
