/* worker: runner, reach probe, configs and snapshots for the dashboard. */
#include "lab/dashboard/worker.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "lab/report/output.h"
#include "lab/probe/reach_run.h"

#define REACH_TIMEOUT_NS (30 * 1000000000ull)

static void environment_text(struct dash_worker *w)
{
	FILE *f = fmemopen(w->env_line, sizeof(w->env_line), "w");

	if (!f)
		return;
	output_environment_line(f, &w->env);
	fclose(f);
	w->env_line[strcspn(w->env_line, "\n")] = '\0';
}

int dash_worker_start(struct dash_worker *w, const struct dashboard_args *a,
		      const struct runner_job *job, struct err *err)
{
	struct runner_column cols[RUNNER_MAX_COLUMNS];
	struct runner_options opts = {
		.iterations = a->iterations,
		.gap_ns = a->rate ? 1000000000ull / (uint64_t)a->rate : 0,
		.one_at_a_time = true,
	};

	memset(w, 0, sizeof(*w));
	w->args = a;
	w->n = a->n;
	w->reach_cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pthread_mutex_init(&w->reach_lock, NULL);
	if (w->reach_cancel_fd < 0)
		return err_sys(err, "eventfd");
	for (int i = 0; i < w->n; i++) {
		size_t size = a->launchers[i]->config_size;

		w->config[i] = calloc(1, size ? size : 1);
		w->reach_config[i] = calloc(1, size ? size : 1);
		if (!w->config[i] || !w->reach_config[i])
			return err_set(err, ERR_RUNTIME, "out of memory");
		memcpy(w->config[i], a->configs[i], size);
		isolation_of(a->launchers[i], w->config[i], &w->iso[i]);
		cols[i] = (struct runner_column){ a->launchers[i], w->config[i] };
	}
	environment_capture(&w->env);
	environment_text(w);
	snprintf(w->job_label, sizeof(w->job_label), "%s", job->label);
	return runner_start(&w->runner, cols, w->n, job, &opts, err);
}

static void reach_join(struct dash_worker *w)
{
	if (!w->reach_started)
		return;
	pthread_join(w->reach_thread, NULL);
	w->reach_started = false;
}

void dash_worker_stop(struct dash_worker *w)
{
	uint64_t one = 1;

	if (w->reach_cancel_fd >= 0 &&
	    write(w->reach_cancel_fd, &one, sizeof(one)) < 0) {
		/* full: cancelled already */
	}
	reach_join(w);
	runner_stop(w->runner);
	w->runner = NULL;
	for (int i = 0; i < w->n; i++) {
		free(w->config[i]);
		free(w->reach_config[i]);
	}
	if (w->reach_cancel_fd >= 0)
		close(w->reach_cancel_fd);
	pthread_mutex_destroy(&w->reach_lock);
}

void dash_worker_set_job(struct dash_worker *w, const struct runner_job *job)
{
	snprintf(w->job_label, sizeof(w->job_label), "%s", job->label);
	runner_set_job(w->runner, job);
}

static void reach_set(struct dash_worker *w, int i, const struct reach_view *v)
{
	pthread_mutex_lock(&w->reach_lock);
	w->reach[i] = *v;
	pthread_mutex_unlock(&w->reach_lock);
}

/* The probe, column after column, with the configs copied at its start. */
static void *reach_main(void *arg)
{
	struct dash_worker *w = arg;
	struct reach_report *report = malloc(sizeof(*report));

	for (int i = 0; i < w->n && report; i++) {
		const struct launcher *l = w->args->launchers[i];
		struct reach_plan plan = {
			.launcher = l,
			.config = w->reach_config[i],
			.workload = w->args->workload_path,
			.timeout_ns = REACH_TIMEOUT_NS,
			.cancel_fd = w->reach_cancel_fd,
		};
		struct reach_view v = { .state = REACH_PROBING };
		struct err err = { 0 };

		reach_set(w, i, &v);
		if (l->available(plan.config, &err) < 0 ||
		    reach_run(&plan, report, &err) < 0) {
			v.state = REACH_FAILED;
			snprintf(v.reason, sizeof(v.reason), "%.150s", err.msg);
			reach_set(w, i, &v);
			if (err.kind == ERR_INTERRUPTED)
				break;
			continue;
		}
		v.state = REACH_DONE;
		memcpy(v.count, report->count, sizeof(v.count));
		v.guest_kernel = report->guest_kernel;
		v.vmm_count = report->vmm_count;
		reach_set(w, i, &v);
	}
	free(report);
	return NULL;
}

bool dash_worker_probing(struct dash_worker *w)
{
	bool any = false;

	pthread_mutex_lock(&w->reach_lock);
	for (int i = 0; i < w->n; i++)
		any |= w->reach[i].state == REACH_PROBING;
	pthread_mutex_unlock(&w->reach_lock);
	return any;
}

bool dash_worker_probe(struct dash_worker *w)
{
	sigset_t all, old;
	uint64_t v;
	int rc;

	if (dash_worker_probing(w))
		return false;
	reach_join(w);
	while (read(w->reach_cancel_fd, &v, sizeof(v)) > 0)
		;
	for (int i = 0; i < w->n; i++) {
		struct reach_view pending = { .state = REACH_PROBING };

		memcpy(w->reach_config[i], w->config[i],
		       w->args->launchers[i]->config_size);
		if (i)
			pending.state = REACH_NOT_YET;
		reach_set(w, i, &pending);
	}
	/* Signals stay with the UI thread, as in the runner. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&w->reach_thread, NULL, reach_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	w->reach_started = rc == 0;
	return rc == 0;
}

void dash_worker_cycle_option(struct dash_worker *w, int column, char *msg,
			      size_t len)
{
	const struct launcher *l = w->args->launchers[column];
	size_t size = l->config_size;
	void *next = calloc(1, size ? size : 1);
	struct option_step step;
	struct err err = { 0 };

	if (!next) {
		snprintf(msg, len, "out of memory");
		return;
	}
	if (option_cycle_next(l, w->args->configs[column],
			      w->option[column].step, next, &step, &err) < 0) {
		snprintf(msg, len, "%s", err.msg);
		free(next);
		return;
	}
	w->option[column] = step;
	memcpy(w->config[column], next, size);
	free(next);
	isolation_of(l, w->config[column], &w->iso[column]);
	runner_set_config(w->runner, column, w->config[column]);
	if (step.option)
		snprintf(msg, len, "%s: --%s %s (o: next)", l->name,
			 step.option->name, step.value);
	else
		snprintf(msg, len, "%s: options as given", l->name);
}

void dash_worker_snapshot(struct dash_worker *w, struct dash_snapshot *s)
{
	s->n = w->n;
	snprintf(s->env_line, sizeof(s->env_line), "%s", w->env_line);
	snprintf(s->workload, sizeof(s->workload), "%s", w->job_label);
	pthread_mutex_lock(&w->reach_lock);
	for (int i = 0; i < w->n; i++)
		s->col[i].reach = w->reach[i];
	pthread_mutex_unlock(&w->reach_lock);
	for (int i = 0; i < w->n; i++) {
		struct dash_column *c = &s->col[i];
		const struct option_step *step = &w->option[i];

		c->name = w->args->launchers[i]->name;
		runner_view(w->runner, i, &c->run);
		c->iso = w->iso[i];
		if (step->option)
			snprintf(c->options, sizeof(c->options),
				 "isolation (--%s %s)", step->option->name,
				 step->value);
		else
			c->options[0] = '\0';
	}
}
