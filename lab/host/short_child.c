#include "lab/host/short_child.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define SHORT_CHILD_STACK (64 * 1024)

static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status)) {
		errno = ECHILD;
		return -1;
	}
	return WEXITSTATUS(status);
}

int short_child_run(int (*fn)(void *arg), void *arg)
{
	void *stack = mmap(NULL, SHORT_CHILD_STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	int rc = -1, saved;
	pid_t pid;

	if (stack == MAP_FAILED)
		return -1;
	pid = clone(fn, (char *)stack + SHORT_CHILD_STACK,
		    CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
	if (pid > 0)
		rc = reap(pid);
	saved = errno;
	munmap(stack, SHORT_CHILD_STACK);
	errno = saved;
	return rc;
}
