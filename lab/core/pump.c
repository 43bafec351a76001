#include "lab/core/pump.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lab/host/clock.h"

int pump_pidfd_open(pid_t pid, struct err *err)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd < 0)
		return err_sys(err, "pidfd_open(%d)", (int)pid);
	return fd;
}

bool pump_await_end(int pidfd, int cancel_fd, uint64_t limit_ns)
{
	struct pollfd pfd[2] = { { .fd = pidfd, .events = POLLIN },
				 { .fd = cancel_fd, .events = POLLIN } };
	uint64_t end = clock_now_ns() + limit_ns;

	if (pidfd < 0)
		return true;
	for (;;) {
		uint64_t now = clock_now_ns();
		int rc;

		if (now >= end)
			return false;
		rc = poll(pfd, 2, (int)((end - now + 999999) / 1000000));
		if (rc < 0 && errno != EINTR)
			return false;
		if (rc <= 0)
			continue;
		if (pfd[0].revents)
			return true;
		if (pfd[1].revents) {
			/* Cancelled: a short grace from now on, no more. */
			if (now + PUMP_TEARDOWN_GRACE_NS < end)
				end = now + PUMP_TEARDOWN_GRACE_NS;
			pfd[1].fd = -1;
		}
	}
}

void pump_note_abandoned(struct launch_result *res, const char *what,
			 const char *then)
{
	size_t used = strnlen(res->note, sizeof(res->note) - 1);

	snprintf(res->note + used, sizeof(res->note) - used,
		 "%s%s did not end after SIGKILL; teardown gave up on it: %s",
		 used ? "; " : "", what, then);
}

void pump_init(struct pump *p, const struct launch_request *req, int pidfd,
	       int channel_fd, int output_fd)
{
	p->pidfd = pidfd;
	p->channel_fd = channel_fd;
	p->output_fd = output_fd;
	p->cancel_fd = req->cancel_fd;
	p->deadline_ns = req->timeout_ns ? clock_now_ns() + req->timeout_ns
					 : UINT64_MAX;
	channel_init(&p->channel, req);
	p->exit_peak = NULL;
}

void pump_record_stop(enum pump_end end, struct launch_result *res)
{
	res->tl.exited_ns = clock_now_ns();
	res->timed_out = end == PUMP_TIMEOUT;
	res->interrupted = end == PUMP_CANCELLED;
}

static void keep_output(struct launch_result *res, const char *buf, size_t n)
{
	size_t have = res->output_bytes < LAUNCH_OUTPUT_HEAD - 1
			      ? (size_t)res->output_bytes
			      : LAUNCH_OUTPUT_HEAD - 1;
	size_t room = LAUNCH_OUTPUT_HEAD - 1 - have;

	if (n < room)
		room = n;
	memcpy(res->output_head + have, buf, room);
	res->output_head[have + room] = '\0';
	res->output_bytes += n;
}

/* Read what is there now. Returns bytes read, 0 at EOF, -1 on error. */
static ssize_t drain_once(struct pump *p, int fd, struct launch_result *res,
			  struct err *err)
{
	char buf[16384];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 1;
		return err_sys(err, "reading from the workload");
	}
	if (n == 0)
		return 0;
	if (fd == p->output_fd)
		keep_output(res, buf, (size_t)n);
	else if (channel_feed(&p->channel, buf, (size_t)n, clock_now_ns(),
			      res, err) < 0)
		return -1;
	return n;
}

/* After exit, take whatever is still buffered in the pipes; never block. */
static int drain_rest(struct pump *p, int fd, struct launch_result *res,
		      struct err *err)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	/* Bounded: a surviving grandchild could keep writing forever. */
	for (int round = 0; fd >= 0 && round < 256 && poll(&pfd, 1, 0) > 0 &&
			    (pfd.revents & POLLIN); round++) {
		ssize_t n = drain_once(p, fd, res, err);

		if (n < 0)
			return -1;
		if (n == 0)
			break;
	}
	return 0;
}

int pump_run(struct pump *p, struct launch_result *res, enum pump_end *end,
	     struct err *err)
{
	enum { PIDFD, CHANNEL, OUTPUT, CANCEL, STOPPED, NFDS };
	struct pollfd pfd[NFDS] = {
		[PIDFD] = { .fd = p->pidfd, .events = POLLIN },
		[CHANNEL] = { .fd = p->channel_fd, .events = POLLIN },
		[OUTPUT] = { .fd = p->output_fd, .events = POLLIN },
		[CANCEL] = { .fd = p->cancel_fd, .events = POLLIN },
		[STOPPED] = { .fd = p->exit_peak ? p->exit_peak->fd : -1,
			      .events = POLLIN },
	};

	for (;;) {
		uint64_t now = clock_now_ns();
		int timeout_ms, rc;

		if (now >= p->deadline_ns) {
			*end = PUMP_TIMEOUT;
			return 0;
		}
		timeout_ms = (int)((p->deadline_ns - now + 999999) / 1000000);
		rc = poll(pfd, NFDS, timeout_ms);
		if (rc < 0 && errno != EINTR)
			return err_sys(err, "poll");
		if (rc <= 0)
			continue;
		if (pfd[CANCEL].revents) {
			*end = PUMP_CANCELLED;
			return 0;
		}
		if (pfd[STOPPED].revents &&
		    exit_peak_service(p->exit_peak, err) < 0)
			return -1;
		for (int i = CHANNEL; i <= OUTPUT; i++) {
			ssize_t n;

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = drain_once(p, pfd[i].fd, res, err);
			if (n < 0)
				return -1;
			if (n == 0)
				pfd[i].fd = -1; /* EOF: stop polling it */
		}
		if (pfd[PIDFD].revents) {
			res->tl.exited_ns = clock_now_ns();
			if (drain_rest(p, pfd[CHANNEL].fd, res, err) < 0 ||
			    drain_rest(p, pfd[OUTPUT].fd, res, err) < 0)
				return -1;
			*end = PUMP_EXITED;
			return 0;
		}
	}
}
