#include "lab/host/orphans.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/host/procfs.h"

/* A fork bomb hands over a new generation per round; SIGKILL wins. */
#define MAX_ROUNDS 10000
#define BATCH 512

static int main_thread_children(pid_t *pids, int max);

int orphans_adopt(void)
{
	pid_t inherited[1];

	/* Children from before an exec of isolab are not ours to kill:
	 * then orphans go to init as before, and orphans_kill() is off. */
	if (main_thread_children(inherited, 1) != 0) {
		prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
		return -1;
	}
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

/* Up to max pids of the main thread's children. */
static int main_thread_children(pid_t *pids, int max)
{
	char path[64], buf[BATCH * 12];
	int n = 0;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children",
		 (int)getpid());
	if (procfs_read_text(path, buf, sizeof(buf)) < 0)
		return -1;
	for (char *p = buf, *end; n < max; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0)
			pids[n++] = (pid_t)pid;
	}
	return n;
}

void orphans_kill(void)
{
	pid_t pids[BATCH];
	int subreaper = 0;

	if (gettid() != getpid() ||
	    prctl(PR_GET_CHILD_SUBREAPER, &subreaper, 0, 0, 0) < 0 || !subreaper)
		return;
	for (int round = 0; round < MAX_ROUNDS; round++) {
		int n = main_thread_children(pids, BATCH);

		if (n <= 0)
			return;
		for (int i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		/* Each is our child, so its pid cannot be reused before this
		 * reap; once reaped, its own children are ours. */
		for (int i = 0; i < n; i++)
			while (waitpid(pids[i], NULL, __WALL) < 0 && errno == EINTR)
				;
	}
}
