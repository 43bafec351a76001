/* exit_peak: a program's own peak resident memory (VmHWM), read from
 * outside at its exit, for programs that do not report it themselves.
 *
 * Why not after the exit: a zombie has no memory left, so /proc/PID/status
 * has no VmHWM any more, and getrusage's maxrss also counts the memory of
 * the process before its exec (a fork's copy of isolab, or for vfork and
 * posix_spawn all of isolab, which the kernel folds in at exec). So the
 * program is ptraced from its first instruction with PTRACE_O_TRACEEXIT:
 * the kernel stops it inside exit_group while its memory is still there,
 * isolab reads /proc/PID/status and lets it go.
 *
 * Contract: the child calls exit_peak_traceme() between fork/clone and
 * exec (async-signal-safe). After its exec, the parent calls
 * exit_peak_attach(), which takes the exec stop, sets the options and
 * resumes the program; the program's first instruction waits for this
 * (tens of µs, counted in run_ns, not in startup). While the program runs,
 * `fd` becomes readable when it stops (SIGCHLD on a signalfd; SIGCHLD is
 * blocked in the calling thread until exit_peak_close): exit_peak_service()
 * handles the stop - at exit it records peak_kib, and signals the program
 * gets are passed on; a signal that ends it counts as its exit. It never
 * reaps: exit_peak_finish() comes between the launcher's kill and its
 * reap. One watch per thread at a time.
 * A traced program cannot be ptraced by anyone else (its own children
 * can be).
 * A program that is not isolab's child (a container's, under its init) is
 * seized instead: exit_peak_seize() while it waits before its exec; it is
 * never stopped at the exec, and its exit is released by the watch so that
 * its parent can reap it. */
#ifndef ISOLAB_EXIT_PEAK_H
#define ISOLAB_EXIT_PEAK_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lab/host/err.h"

struct exit_peak {
	pid_t pid;         /* 0: not watching */
	bool seized;       /* not our child: PTRACE_SEIZE'd (exit_peak_seize) */
	int fd;            /* signalfd for SIGCHLD, or -1 */
	sigset_t old_mask; /* the thread's mask before */
	uint64_t peak_kib; /* VmHWM at exit; 0 until then */
	uint64_t file_kib; /* of its resident pages then, those of files
	                      and shared memory (RssFile + RssShmem), which
	                      its memory cgroup may not have been charged
	                      for */
};

void exit_peak_init(struct exit_peak *w);
/* In the child, before exec. Returns 0 or -1 (errno). */
int exit_peak_traceme(void);
/* In the parent, after the child's exec succeeded. A child that is not
 * traced by this process (its TRACEME was refused) is not watched. */
int exit_peak_attach(struct exit_peak *w, pid_t pid, struct err *err);
/* In the tracer, for a process that is not its child, before that
 * process's exec. A process that cannot be seized (Yama, an LSM, no
 * permission) is not watched: returns 0 and peak_kib stays 0. */
int exit_peak_seize(struct exit_peak *w, pid_t pid, struct err *err);
/* When fd is readable. Returns 0, or -1 with err. */
int exit_peak_service(struct exit_peak *w, struct err *err);
/* How long exit_peak_finish may wait: at most limit_ns, and no more than
 * grace_ns once cancel_fd (or -1) is readable, as every teardown wait
 * (lab/core/pump.h PUMP_TEARDOWN_LIMIT_NS, _GRACE_NS). */
struct exit_peak_bound {
	int cancel_fd;
	uint64_t limit_ns, grace_ns;
};
/* Once the program was killed (or exited), before reaping it: takes its
 * last stop, recording its peak if that is its exit, and lets it go, so
 * that the reap sees its end and not a ptrace stop. The wait is bounded
 * by b (a program stuck in the kernel never stops): false when it gave
 * up; the program then stays traced by this thread and unreaped (no
 * longer watched: w->pid is 0), and the caller says so in the run's note
 * and does not reap it. */
bool exit_peak_finish(struct exit_peak *w, const struct exit_peak_bound *b);
/* Kills a program still watched (and finishes it, within b), restores
 * the signal mask and closes the fd. Before the reap. False as
 * exit_peak_finish. */
bool exit_peak_close(struct exit_peak *w, const struct exit_peak_bound *b);

#endif
