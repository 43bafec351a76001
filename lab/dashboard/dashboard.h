/* dashboard: `isolab dashboard`, the live comparison of the launchers
 * side by side (issue 12).
 *
 * The CLI hands over the launchers and their configs; the dashboard runs
 * them in the runner (lab/core/runner.h), one worker per column, and redraws
 * at a fixed interval and on every key. It returns ERR_USAGE when there
 * is no usable terminal, after restoring the terminal on every path. */
#ifndef ISOLAB_DASHBOARD_H
#define ISOLAB_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "lab/host/err.h"
#include "lab/core/launcher.h"
#include "lab/core/runner.h"

struct dashboard_args {
	int n;
	const struct launcher *launchers[RUNNER_MAX_COLUMNS];
	const void *configs[RUNNER_MAX_COLUMNS];
	const char *workload_path; /* isolab-workload */
	const char *workload;      /* the first workload, e.g. "noop" */
	const char *binary;        /* --binary, or NULL */
	char *const *binary_args;  /* its arguments */
	int nbinary_args;
	uint64_t timeout_ns;
	uint64_t iterations;       /* per column; 0: until q */
	uint64_t interval_ns;      /* redraw period */
	int rate;                  /* launches per second per column; 0: max */
	bool once;                 /* one round, the screen as text */
	bool no_color;
};

/* signal_fd: a signalfd for SIGINT, SIGTERM and SIGHUP (blocked already). */
int dashboard_run(const struct dashboard_args *a, int signal_fd,
		  struct err *err);

#endif
