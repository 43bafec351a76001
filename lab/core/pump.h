/* pump: the wait loop shared by launchers whose workload is a host process.
 *
 * It watches the child through a pidfd while draining its control channel
 * and (when captured) its stdout, until the child exits, the deadline
 * passes, or the cancel fd (SIGINT/SIGTERM) fires. It does not reap or
 * kill: the launcher does that, because only it knows what else to tear
 * down (a process group, a cgroup, a namespace's init). */
#ifndef ISOLAB_PUMP_H
#define ISOLAB_PUMP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lab/core/channel.h"
#include "lab/host/exit_peak.h"
#include "lab/core/launcher.h"

enum pump_end { PUMP_EXITED, PUMP_TIMEOUT, PUMP_CANCELLED };

struct pump {
	int pidfd;      /* the child to watch */
	int channel_fd; /* read end of the control channel, or -1 */
	int output_fd;  /* read end of captured stdout, or -1 */
	int cancel_fd;  /* or -1 */
	uint64_t deadline_ns;
	struct channel channel;
	struct exit_peak *exit_peak; /* serviced when its fd fires, or NULL */
};

/* A pump for one run: deadline (none if req->timeout_ns is 0), cancel fd
 * and ready callback from req; no exit_peak (set it after, if watching). */
void pump_init(struct pump *p, const struct launch_request *req, int pidfd,
	       int channel_fd, int output_fd);

/* After the launcher killed a workload the pump stopped for (timeout or
 * cancel): stamp its end and say why in the result. */
void pump_record_stop(enum pump_end end, struct launch_result *res);

/* Teardown after the launcher SIGKILLed the workload: wait until the
 * process behind pidfd has ended, so that it can be reaped without
 * blocking. A process stuck in the kernel (a D-state read, a pid
 * namespace whose init waits for such a process) must not hang the one
 * who cancelled: the wait lasts at most limit_ns, and only
 * PUMP_TEARDOWN_GRACE_NS once cancel_fd (or -1) is readable. Returns
 * true when it ended (or pidfd is -1: nothing to wait for); false when
 * the teardown gave up on it: the caller then leaves it unreaped (init
 * reaps it once isolab exits) and what it holds to the sweep
 * (isolab doctor --cleanup), and says so with pump_note_abandoned. */
#define PUMP_TEARDOWN_LIMIT_NS (60 * 1000000000ull)
#define PUMP_TEARDOWN_GRACE_NS (1000000000ull)
/* The same bound for exit_peak_finish/_close. */
static inline struct exit_peak_bound pump_teardown_bound(int cancel_fd)
{
	return (struct exit_peak_bound){ cancel_fd, PUMP_TEARDOWN_LIMIT_NS,
					 PUMP_TEARDOWN_GRACE_NS };
}
bool pump_await_end(int pidfd, int cancel_fd, uint64_t limit_ns);
/* Appends to res->note that `what` did not end after SIGKILL and that the
 * teardown gave up on it, and `then`: what becomes of it. */
void pump_note_abandoned(struct launch_result *res, const char *what,
			 const char *then);

/* pidfd_open(2), which glibc 2.36 lacks a wrapper for. */
int pump_pidfd_open(pid_t pid, struct err *err);

/* Returns 0 with *end set, or -1 on a protocol or system error (the child
 * is then still running: the caller kills it). Sets res->tl.exited_ns when
 * the child exits. */
int pump_run(struct pump *p, struct launch_result *res, enum pump_end *end,
	     struct err *err);

#endif
