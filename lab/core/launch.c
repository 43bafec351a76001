/* launch: drives one run through a launcher's steps and keeps the timeline. */
#include "lab/core/launcher.h"

#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lab/host/clock.h"
#include "lab/core/session.h"

void timeline_mark_at(struct timeline *tl, const char *name, uint64_t at_ns)
{
	if (tl->nmarks < TIMELINE_MAX_MARKS)
		tl->marks[tl->nmarks++] = (struct phase_mark){ name, at_ns };
}

void launch_stop_point(const struct timeline *tl, const char *phase)
{
	if (tl->stop_at && strcmp(tl->stop_at, phase) == 0)
		syscall(SYS_tgkill, tl->stop_pid, tl->stop_pid, SIGSTOP);
}

void timeline_mark(struct timeline *tl, const char *name)
{
	timeline_mark_at(tl, name, clock_now_ns());
	launch_stop_point(tl, name);
}

int timeline_phases(const struct timeline *tl, struct phase_span *out, int max)
{
	uint64_t prev = tl->request_ns;
	int n = 0;

	if (!tl->ready_ns)
		return 0;
	for (int i = 0; i < tl->nmarks && n < max - 1; i++) {
		uint64_t at = tl->marks[i].at_ns;

		/* The launcher may see a step end (exec) only after the
		 * workload, on another CPU, already signalled ready: such a
		 * phase ends at ready, keeping the sum equal to startup. */
		if (at > tl->ready_ns)
			at = tl->ready_ns;
		if (at < prev)
			at = prev;
		out[n++] = (struct phase_span){ tl->marks[i].name, at - prev };
		prev = at;
	}
	if (n < max)
		out[n++] = (struct phase_span){ "ready", tl->ready_ns - prev };
	return n;
}

void launch_add_count(struct launch_result *res, const char *name,
		      uint64_t value)
{
	for (int i = 0; i < res->ncounters; i++)
		if (strcmp(res->counters[i].name, name) == 0) {
			res->counters[i].value += value;
			return;
		}
	if (res->ncounters < LAUNCH_MAX_COUNTERS)
		res->counters[res->ncounters++] =
			(struct named_count){ name, value };
}

const char *launch_result_get(const struct launch_result *res,
			      const char *key)
{
	for (int i = 0; i < res->nresults; i++)
		if (strcmp(res->results[i].key, key) == 0)
			return res->results[i].value;
	return NULL;
}

int launch_run(const struct launcher *launcher,
	       const struct launch_request *req, struct launch_result *res,
	       struct err *err)
{
	struct launch l = { .launcher = launcher, .req = req, .res = res };
	struct launch_session cold = { 0 };
	int rc;

	memset(res, 0, sizeof(*res));
	res->exit_code = -1;
	res->tl.stop_at = req->stop_at;
	res->tl.stop_pid = req->stop_at ? getpid() : 0;
	res->tl.request_ns = clock_now_ns();
	if (req->session) {
		l.session = req->session->state;
	} else {
		/* A cold run pays the session inside its own span. */
		if (launch_session_open(launcher, req->config, &cold, err) < 0) {
			res->tl.done_ns = clock_now_ns();
			return -1;
		}
		for (int i = 0; i < cold.cost.nmarks; i++)
			timeline_mark_at(&res->tl, cold.cost.marks[i].name,
					 cold.cost.marks[i].at_ns);
		l.session = cold.state;
	}
	rc = launcher->prepare(&l, err);
	if (rc == 0)
		rc = launcher->start(&l, err);
	if (rc == 0)
		rc = launcher->wait(&l, err);
	if (rc == 0)
		rc = launcher->collect(&l, err);
	launcher->cleanup(&l);
	launch_session_close(&cold);
	res->tl.done_ns = clock_now_ns();
	if (rc == 0 && !res->tl.exited_ns)
		res->tl.exited_ns = res->tl.done_ns;
	/* A program that never signals ready (a --binary of the user's) is
	 * taken as ready when the launcher's last phase ended, its exec. */
	if (rc == 0 && !res->tl.ready_ns)
		res->tl.ready_ns = res->tl.nmarks
			? res->tl.marks[res->tl.nmarks - 1].at_ns
			: res->tl.exited_ns;
	return rc;
}
