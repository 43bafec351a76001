/* supervise: runs one student program for the grader and collects the
 * evidence from outside: how it ended (exit code, signal, timeout), the CPU
 * time it and the children it waited for used, the "ready" lines the
 * workload wrote on its control channel (fd 3, lab/proto/workload_proto.h), and
 * the processes it left behind.
 *
 * The grader is a child subreaper: whatever the program leaves (zombies
 * it did not reap, children it did not kill) is reparented to the grader,
 * counted as leftovers, killed and reaped before supervise_run returns.
 * Nothing outlives a call. */
#ifndef ISOLAB_CHECK_SUPERVISE_H
#define ISOLAB_CHECK_SUPERVISE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lab/host/err.h"

struct supervise_spec {
	char *const *argv; /* argv[0] is a path */
	const char *cwd;
	int timeout_ms;
	int uid;         /* -1 to keep the grader's; else also gid and no groups */
	bool hold_stdin; /* stdin is a pipe, closed after on_ready returns */
	/* CLONE_NEWNS and/or CLONE_NEWUTS: the program runs in namespaces of
	 * its own (the mounts a slave of the host's), so a program that
	 * forgets to make its own cannot rename the host or pivot its root. */
	int unshare_flags;
	int pids_max; /* > 0: run it under a pids cap (lab/check/pids_cap.h) */
	/* > 0: its stdout goes to this file (the caller's, e.g. a memfd for
	 * a long report) instead of `output`; stderr still goes there. */
	int stdout_fd;
	/* Called once, while the program runs, on the first "ready" line. */
	void (*on_ready)(void *ctx, pid_t pid);
	void *ctx;
};

struct supervise_result {
	bool exec_failed;
	int exit_code; /* when it exited */
	int signal;    /* when a signal ended it */
	bool timed_out;
	uint64_t cpu_us;
	int ready_lines;
	int leftovers;         /* reparented to the grader: zombies included */
	int leftovers_running; /* of those, the ones not ended yet */
	char output[2048]; /* its stdout and stderr, the last bytes */
	char channel[1024]; /* the control channel, the last bytes */
};

int supervise_run(const struct supervise_spec *spec,
		  struct supervise_result *res, struct err *err);

/* The last "result KEY=N" the workload sent, or -1. */
long long supervise_result_value(const struct supervise_result *res,
				 const char *key);

/* The exit status a shell would report: the code, or 128+signal. */
int supervise_status(const struct supervise_result *res);

#endif
