/* run: one container's life, shared by the launcher (launch_run) and the
 * interactive shell.
 *
 * Contract: ct_run_prepare() does everything that can be done before the
 * clone from the session's shared answers (container/session.h: the
 * compiled filter, the cgroup layout, the id map): cgroup paths planned,
 * fds, the child's spec; ct_run_spawn() clones, makes the container's cgroup while the child
 * builds its rootfs in parallel, releases it, and returns once
 * the exec happened, with the phase marks in `tl` (with a pid namespace
 * the program runs under an init, container/init.h); ct_run_kill() kills
 * every process of the container (the pid namespace's init, or its
 * process group and cgroup); ct_run_reap() waits for the child;
 * ct_run_cleanup() undoes all of it, whatever state the run is in, and
 * may be called once after a failed or partial prepare. Under --seccomp
 * strict, r->notify counts the calls the filter blocked; it is final once
 * ct_notify_stop(&r->notify) returned after the reap. */
#ifndef ISOLAB_CONTAINER_RUN_H
#define ISOLAB_CONTAINER_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "container/cgroup.h"
#include "container/child.h"
#include "container/options.h"
#include "container/seccomp.h"
#include "container/seccomp_notify.h"
#include "container/session.h"
#include "lab/host/exit_peak.h"
#include "lab/core/launcher.h"

struct ct_run {
	struct ct_config cfg;
	struct ct_cgroup cg;
	bool cg_planned;
	const struct ct_session *sess; /* the invocation's, read-only */
	struct ct_notify notify;  /* strict: names the calls it blocks */
	struct ct_child_spec spec;
	char name[128];          /* the program's file name in /bin */
	char exec_path[160];     /* "/bin/" name */
	char *envp[4];
	char env_buf[3][160];
	pid_t pid;               /* 0 before clone, -1 once reaped */
	int pidfd;
	bool pinned;             /* off our CPU until the go (lab/host/cpu_nudge.h) */
	int sync_fd;             /* our end of the sync socketpair */
	int outer_mounts_fd;     /* the child's first mount namespace, held
				    from the clone until the child's setup
				    report (under an init) or its exec */
	int child_fds[CT_CHILD_NFDS]; /* our copies of the child's fds */
	int status;              /* the program's wait status once reaped
				    (under an init, as the init reported
				    it) */
	struct exit_peak *peak;  /* from ct_start */
	char note[256];
	int cancel_fd;           /* from ct_run_spawn: cuts the teardown's
				    wait short (lab/core/pump.h) */
	bool abandoned;          /* did not end after SIGKILL: left
				    unreaped, its cgroup to the sweep */
};

struct ct_start {
	const char *binary;      /* host path */
	char *const *argv;
	int fds[CT_CHILD_NFDS];  /* taken over by the run (closed by it) */
	bool shell;              /* busybox shell: /bin/sh, /tmp, /dev/pts */
	const char *console;     /* pty slave path for /dev/console */
	const char *term;        /* $TERM for the shell, or NULL */
	struct exit_peak *peak;  /* non-NULL: read the program's VmHWM at
				    its exit into it (ct_child_spec.traceme);
				    ct_run_spawn attaches it */
	bool alone;              /* no other launch of this process runs
				    meanwhile: the child and its helper may
				    start on the other CPUs (cpu_nudge.h) */
};

/* Initialise r, taking over st->fds even on failure (always call
 * ct_run_cleanup afterwards). */
int ct_run_prepare(struct ct_run *r, const struct ct_session *sess,
		   const struct ct_start *st, struct timeline *tl,
		   struct err *err);
/* cancel_fd (or -1) aborts waiting for the child's setup: returns 1. */
int ct_run_spawn(struct ct_run *r, struct timeline *tl, int cancel_fd,
		 struct err *err);
/* What becomes readable when the program has ended: with a pid namespace
 * the sync socket (the init's CT_MSG_EXIT, or EOF if the init died), which
 * comes before the init's own exit; else the pidfd. For the pump. */
int ct_run_end_fd(const struct ct_run *r);
/* The init reported the program's end and left the container's cgroups
 * (container/init.h): they can go now, while the init exits. */
bool ct_run_init_left(const struct ct_run *r);
void ct_run_kill(struct ct_run *r);
/* Waits for the killed or exited child, at most as long as
 * pump_await_end allows; a child that does not end is abandoned
 * (ERR_RUNTIME), and ct_run_cleanup then leaves its cgroup to the sweep. */
int ct_run_reap(struct ct_run *r, struct err *err);
void ct_run_cleanup(struct ct_run *r);

#endif
