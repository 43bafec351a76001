/* child_fds: the fds a workload process starts with, made from a launch
 * request, for launchers whose workload is a host process.
 *
 *   0 stdin    req->stdin_fd, or /dev/null
 *   1 stdout   req->stdout_fd, or a pipe whose read end is output_rd
 *   2 stderr   req->stderr_fd, or /dev/null
 *   3 channel  a pipe whose read end is channel_rd (workload_proto.h)
 *
 * Every fd is close-on-exec: the child installs child[i] as its fd i with
 * dup2 (which clears the flag) and nothing else leaks into it. The parent
 * closes the child side once the child has them, so EOF reaches it. */
#ifndef ISOLAB_CHILD_FDS_H
#define ISOLAB_CHILD_FDS_H

#include "lab/core/launcher.h"

enum { CHILD_STDIN, CHILD_STDOUT, CHILD_STDERR, CHILD_CHANNEL, CHILD_NFDS };

struct child_fds {
	int child[CHILD_NFDS];
	int channel_rd;
	int output_rd; /* -1 when stdout goes straight to req->stdout_fd */
};

/* All -1; safe to close. */
void child_fds_init(struct child_fds *f);
int child_fds_open(struct child_fds *f, const struct launch_request *req,
		   struct err *err);
void child_fds_close_child_side(struct child_fds *f);
void child_fds_close(struct child_fds *f);

#endif
