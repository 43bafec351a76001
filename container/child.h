/* child: what the cloned child does between clone3 and execve.
 *
 * Contract: ct_child_main() runs in the child only and never returns. In
 * order: install fds 0..3 (every other fd close-on-exec), get its id maps
 * (write its own one-id map, or wait for the parent's "map" and become
 * the namespace's root), start the helper that makes the inner user,
 * network, UTS and IPC namespaces (container/namespaces.h), build and
 * enter the rootfs, enter the helper's namespaces (which locks every
 * mount), wait for the parent's go (with its cgroups), move itself into
 * its cgroups, unshare the cgroup namespace, setsid (and take the pty as
 * controlling terminal in a shell), reset signals, drop capabilities, set
 * no_new_privs and load the session's seccomp filter (from its copy of
 * isolab's memory), report its phase stamps on the sync socket
 * and exec. Any failure is reported on the same socket as a ct_report with
 * a message, then _exit(127). A successful exec closes the socket
 * (close-on-exec): EOF tells the parent the exec happened.
 * With a pid namespace the child does not exec itself: it stays as the
 * namespace's init (container/init.h), and the program runs as its child;
 * the socket then carries CT_MSG_EXEC and, at the end, CT_MSG_EXIT.
 *
 * The parent builds the ct_child_spec; the child only reads it. */
#ifndef ISOLAB_CONTAINER_CHILD_H
#define ISOLAB_CONTAINER_CHILD_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "container/cgroup.h"
#include "container/rootfs.h"
#include "container/seccomp.h"
#include "container/userns.h"

enum { CT_CHILD_NFDS = 4 }; /* stdin, stdout, stderr, control channel */
/* The parent's "map" message: the outer id map is written. */
#define CT_MAP_TAG "map"

/* When the init (container/init.h) makes itself non-dumpable, so that
 * the program cannot ptrace it. */
enum ct_init_dump {
	CT_INIT_UNDUMPABLE,            /* before the filter: always */
	CT_INIT_UNDUMPABLE_AFTER_EXEC, /* the program must stay dumpable
					  until its exec for an unprivileged
					  isolab to seize it (they share
					  memory, and so the flag) */
	CT_INIT_DUMPABLE,              /* as the last, and the filter
					  (strict) refuses the prctl */
};

struct ct_child_spec {
	unsigned ns;                /* enum ct_ns bits */
	struct ct_idmap idmap;      /* ids of the user namespace */
	const char *hostname;       /* NULL: leave it */
	struct ct_rootfs_spec rootfs;
	const char *exec_path;      /* as seen after the rootfs step */
	char *const *argv;
	char *const *envp;
	int fds[CT_CHILD_NFDS];     /* -1: leave that fd closed */
	bool tty;                   /* fd 0 is a pty slave to take as ctty */
	uint64_t keep_caps;
	int last_cap;
	int sync_fd;                /* the child's end of the socketpair */
	bool seccomp_listener;      /* the filter reports blocked calls to a
				       listener isolab takes before the exec */
	enum ct_init_dump init_dump; /* see container/init.h */
	struct ct_bpf filter;       /* the session's compiled filter, read
				       in the child's copy of isolab's
				       memory; loaded last */
	cpu_set_t cpus;             /* isolab's CPUs, where the helper
				       may run; empty: pin nothing
				       (lab/host/cpu_nudge.h) */
	bool leave_cgroups;         /* the go may carry isolab's own cgroup
				       files: the init moves itself back
				       there at its end (container/init.h) */
	bool traceme;               /* let isolab read the program's VmHWM
	                               at its exit (lab/host/exit_peak.h): without
	                               a pid namespace PTRACE_TRACEME before
	                               the exec; with one, the program waits
	                               (CT_MSG_WAITING) until isolab has
	                               seized it */
};

enum ct_stamp { CT_STAMP_IDMAP, CT_STAMP_MOUNTS, CT_STAMP_CGROUP,
		CT_STAMP_SECURE, CT_STAMP_EXEC, CT_NSTAMPS };

/* What a message on the sync socket says. */
enum ct_msg {
	CT_MSG_SETUP,   /* setup done (or failed): stamps, listener */
	CT_MSG_WAITING, /* the program's process exists and waits for one
			   byte before its exec, so that isolab can ptrace
			   it (ct_child_spec.traceme, pid namespace only) */
	CT_MSG_EXEC,    /* the init saw the program's exec succeed */
	CT_MSG_EXIT,    /* the init reaped the program: `status` */
};

struct ct_report {
	int kind;                   /* enum ct_msg */
	int status;                 /* CT_MSG_EXIT: the program's wait status */
	int failed;                 /* 0: about to exec */
	int err;                    /* errno of the failed step */
	uint64_t stamp[CT_NSTAMPS]; /* 0: phase not done */
	char msg[200];              /* failed step */
	int listener_fd;            /* the seccomp listener's fd number in the
				       child, or -1; the child then waits for
				       one byte before its exec */
	int left_cgroups;           /* CT_MSG_EXIT: the init is back in
				       isolab's cgroups, nothing is left in
				       the container's */
};

/* The parent's go message, with, as SCM_RIGHTS, `join` open cgroup files
 * the child writes "0" to (ct_cg_open_join), then `leave` more: isolab's
 * own (ct_cg_open_leave), which the init writes "0" to at its end. */
#define CT_GO_TAG "go"
struct ct_go {
	char tag[sizeof(CT_GO_TAG)];
	unsigned char join, leave;
};
#define CT_GO_MAX_FDS (2 * CT_CG_MAX_DIRS)

__attribute__((noreturn)) void ct_child_main(const struct ct_child_spec *s);

#endif
