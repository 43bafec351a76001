#include "container/seccomp_notify.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lab/host/syscall_table.h"

void ct_notify_init(struct ct_notify *n)
{
	*n = (struct ct_notify){ .listener = -1, .stop_fd = -1,
				 .first_nr = -1 };
}

/* Answer one pending call with EPERM. 0, or -1 when the listener is done. */
static int answer_one(struct ct_notify *n)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req)); /* the kernel insists */
	if (ioctl(n->listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return errno == EINTR || errno == ENOENT ? 0 : -1;
	if (n->blocked++ == 0)
		n->first_nr = req.data.nr;
	resp = (struct seccomp_notif_resp){ .id = req.id, .error = -EPERM };
	/* ENOENT: the caller died meanwhile; nothing to answer. */
	ioctl(n->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	return 0;
}

static void *serve(void *arg)
{
	struct ct_notify *n = arg;

	for (;;) {
		struct pollfd pfd[2] = { { n->listener, POLLIN, 0 },
					 { n->stop_fd, POLLIN, 0 } };

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents & POLLIN) {
			if (answer_one(n) < 0)
				break;
			continue;
		}
		/* POLLHUP: no process uses the filter any more. */
		if (pfd[0].revents || pfd[1].revents)
			break;
	}
	return NULL;
}

int ct_notify_start(struct ct_notify *n, int listener, struct err *err)
{
	int rc;

	n->listener = listener;
	n->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (n->stop_fd < 0) {
		err_sys(err, "eventfd");
		ct_notify_stop(n);
		return -1;
	}
	rc = pthread_create(&n->thread, NULL, serve, n);
	if (rc != 0) {
		errno = rc;
		err_sys(err, "starting the --seccomp strict listener thread");
		ct_notify_stop(n);
		return -1;
	}
	n->started = true;
	return 0;
}

void ct_notify_stop(struct ct_notify *n)
{
	uint64_t one = 1;

	if (n->started) {
		if (write(n->stop_fd, &one, sizeof(one)) < 0) {
			/* cannot fail on a fresh eventfd; the join still ends
			 * at the listener's POLLHUP */
		}
		pthread_join(n->thread, NULL);
		n->started = false;
	}
	if (n->listener >= 0)
		close(n->listener);
	if (n->stop_fd >= 0)
		close(n->stop_fd);
	n->listener = n->stop_fd = -1;
}

void ct_notify_describe(const struct ct_notify *n, char *buf, size_t len)
{
	char label[64];

	if (!n->blocked) {
		if (len)
			buf[0] = '\0';
		return;
	}
	syscall_label(n->first_nr, label, sizeof(label));
	if (n->blocked == 1)
		snprintf(buf, len, "blocked by --seccomp strict: %s", label);
	else
		snprintf(buf, len,
			 "blocked by --seccomp strict: %s, and %llu more calls",
			 label, (unsigned long long)(n->blocked - 1));
}
