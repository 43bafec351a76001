#include "lab/probe/reach_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lab/host/orphans.h"
#include "lab/host/text.h"

/* Far more than a sweep writes (~5 KiB): a workload writing more is not
 * the probe, and is not read into memory. */
#define REACH_OUTPUT_MAX (1 << 20)

/* The whole of what the run wrote to the memfd; caller frees. */
static char *read_output(int fd, size_t *len, struct err *err)
{
	off_t size = lseek(fd, 0, SEEK_END);
	char *buf;

	if (size < 0)
		return err_sys(err, "reading the probe's output"), NULL;
	if (size > REACH_OUTPUT_MAX)
		return err_set(err, ERR_RUNTIME,
			       "the probe wrote %lld bytes, more than a sweep can; is isolab-workload from the same build as isolab?",
			       (long long)size), NULL;
	buf = malloc((size_t)size + 1);
	if (!buf)
		return err_set(err, ERR_RUNTIME, "out of memory"), NULL;
	if (pread(fd, buf, (size_t)size, 0) != size) {
		free(buf);
		return err_sys(err, "reading the probe's output"), NULL;
	}
	*len = (size_t)size;
	return buf;
}

/* One launch sweeping from `first`: what it reported, how it ended. */
static int run_once(const struct reach_plan *plan, struct reach_report *r,
		    int first, int *next, bool *complete,
		    struct launch_result *res, struct err *err)
{
	char spec[32], *argv[] = { "isolab-workload", spec, NULL };
	struct launch_request req = {
		.binary = plan->workload,
		.argv = argv,
		.timeout_ns = plan->timeout_ns,
		.stderr_fd = -1,
		.cancel_fd = plan->cancel_fd,
		.stop_at = plan->stop_at,
		.session = plan->session,
		.config = plan->config,
	};
	char *out = NULL;
	size_t len = 0;
	int rc;

	snprintf(spec, sizeof(spec), first ? "probe:%d" : "probe", first);
	req.stdout_fd = memfd_create("isolab-probe", MFD_CLOEXEC);
	if (req.stdout_fd < 0)
		return err_sys(err, "memfd_create");
	rc = launch_run(plan->launcher, &req, res, err);
	orphans_kill(); /* what escaped the launcher's kill */
	r->launches++;
	if (rc == 0 && res->interrupted)
		rc = err_set(err, ERR_INTERRUPTED, "interrupted");
	if (rc == 0 && !(out = read_output(req.stdout_fd, &len, err)))
		rc = -1;
	if (rc == 0)
		rc = reach_parse(r, first, out, len, next, complete, err);
	free(out);
	close(req.stdout_fd);
	return rc;
}

/* Why a run that did not finish cannot be resumed, or 0 if it can. */
static int check_end(const struct launch_result *res, int next,
		     struct err *err)
{
	char sig[32], at[64];

	if (next < 0 || next > PROBE_NR_LAST)
		snprintf(at, sizeof(at), "%s the sweep, while reporting its own state",
			 next < 0 ? "before" : "after");
	else
		snprintf(at, sizeof(at), "at system call %s",
			 syscall_label(next, (char[40]){ 0 }, 40));
	if (res->timed_out)
		return err_set(err, ERR_RUNTIME,
			       "the probe hung %s (see --timeout)", at);
	if (!res->signal)
		return err_set(err, ERR_RUNTIME,
			       "the probe exited with status %d %s",
			       res->exit_code, at);
	if (next < 0 || next > PROBE_NR_LAST) {
		format_signal(sig, sizeof(sig), res->signal);
		return err_set(err, ERR_RUNTIME, "the probe was killed by %s %s",
			       sig, at);
	}
	return 0;
}

int reach_run(const struct reach_plan *plan, struct reach_report *r,
	      struct err *err)
{
	const struct launcher *l = plan->launcher;
	struct launch_result *res = malloc(sizeof(*res));
	int first = 0, rc = 0;

	if (!res)
		return err_set(err, ERR_RUNTIME, "out of memory");
	memset(r, 0, sizeof(*r));
	r->launcher = l->name;
	r->has_filter = l->syscall_filter != NULL;
	if (l->vmm_syscalls) {
		r->guest_kernel = true;
		r->vmm_count = l->vmm_syscalls(plan->config, &r->vmm_names);
	}
	/* Each pass ends complete or a number further: at most one pass per
	 * number. */
	for (;;) {
		int next = -1;
		bool complete = false;

		rc = run_once(plan, r, first, &next, &complete, res, err);
		if (rc < 0)
			break;
		if (complete) {
			if (res->exit_code != 0)
				rc = err_set(err, ERR_RUNTIME,
					     "the probe exited with status %d",
					     res->exit_code);
			break;
		}
		if ((rc = check_end(res, next, err)) < 0)
			break;
		r->call[next].signal = res->signal;
		r->call[next].seen = true;
		first = next + 1;
	}
	free(res);
	if (rc == 0)
		reach_finish(r, l, plan->config);
	return rc;
}
