#include "lab/core/child_fds.h"

#include <fcntl.h>
#include <unistd.h>

#include "lab/proto/util.h"

void child_fds_init(struct child_fds *f)
{
	for (int i = 0; i < CHILD_NFDS; i++)
		f->child[i] = -1;
	f->channel_rd = f->output_rd = -1;
}

/* The caller's fd if it gave one, else /dev/null opened with flags. */
static int given_or_null(int given, int flags)
{
	return given >= 0 ? fcntl(given, F_DUPFD_CLOEXEC, 0)
			  : open("/dev/null", flags | O_CLOEXEC);
}

int child_fds_open(struct child_fds *f, const struct launch_request *req,
		   struct err *err)
{
	int pipefd[2];

	child_fds_init(f);
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return err_sys(err, "pipe");
	f->channel_rd = pipefd[0];
	f->child[CHILD_CHANNEL] = pipefd[1];
	if (req->stdout_fd < 0) {
		if (pipe2(pipefd, O_CLOEXEC) < 0)
			return err_sys(err, "pipe");
		f->output_rd = pipefd[0];
		f->child[CHILD_STDOUT] = pipefd[1];
	} else {
		f->child[CHILD_STDOUT] = fcntl(req->stdout_fd, F_DUPFD_CLOEXEC, 0);
	}
	f->child[CHILD_STDIN] = given_or_null(req->stdin_fd, O_RDONLY);
	f->child[CHILD_STDERR] = given_or_null(req->stderr_fd, O_WRONLY);
	for (int i = 0; i < CHILD_NFDS; i++)
		if (f->child[i] < 0)
			return err_sys(err, "setting up the workload's fds");
	return 0;
}

void child_fds_close_child_side(struct child_fds *f)
{
	for (int i = 0; i < CHILD_NFDS; i++)
		close_fd(&f->child[i]);
}

void child_fds_close(struct child_fds *f)
{
	child_fds_close_child_side(f);
	close_fd(&f->channel_rd);
	close_fd(&f->output_rd);
}
