#include "microvm/output.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

/* A pipe polled writable takes at least this much without blocking. */
#define OUTPUT_CHUNK 4096

void vm_output_keep_head(struct launch_result *res, const void *buf, size_t n)
{
	uint64_t have = res->output_bytes < LAUNCH_OUTPUT_HEAD - 1
				? res->output_bytes
				: LAUNCH_OUTPUT_HEAD - 1;
	size_t room = (size_t)(LAUNCH_OUTPUT_HEAD - 1 - have);

	if (n < room)
		room = n;
	memcpy(res->output_head + have, buf, room);
	res->output_head[have + room] = '\0';
	res->output_bytes += n;
}

int64_t vm_output_write_all(int fd, int kick_fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		struct pollfd pfd[2] = {
			{ .fd = fd, .events = POLLOUT },
			{ .fd = kick_fd, .events = POLLIN },
		};
		size_t chunk = n < OUTPUT_CHUNK ? n : OUTPUT_CHUNK;
		ssize_t w;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pfd[1].revents)
			return OUTPUT_STOPPED;
		w = write(fd, p, chunk);
		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int64_t vm_output_write(struct vm_output *o, int fd, const void *buf, size_t n,
		     struct launch_result *res, struct err *err)
{
	int host_fd = fd == 1 ? o->stdout_fd : o->stderr_fd;
	int64_t rc;

	if (n > OUTPUT_CAP_BYTES - o->total) {
		err_set(err, ERR_RUNTIME,
			"the guest wrote more than %llu MiB of output: stopped as a flood",
			OUTPUT_CAP_BYTES >> 20);
		return OUTPUT_FAIL;
	}
	o->total += n;
	if (host_fd < 0) {
		if (fd == 1)
			vm_output_keep_head(res, buf, n);
		return (int64_t)n;
	}
	if (fd == 1)
		res->output_bytes += n;
	rc = vm_output_write_all(host_fd, o->kick_fd, buf, n);
	return rc == 0 ? (int64_t)n : rc;
}
