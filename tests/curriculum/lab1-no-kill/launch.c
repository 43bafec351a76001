/* WRONG on purpose (hang killed at the timeout): on timeout it stops waiting and leaves the program running
 *
 * launch: start a program three ways and report how it ended.
 *
 *   launch [-t SECONDS] [-n RUNS] [-m MIB] fork|vfork|spawn PROGRAM [ARGS...]
 *
 * Starts PROGRAM with fork+exec, vfork+exec or posix_spawn, waits for it,
 * and exits with its status the way `isolab exec` and the shell report it:
 * its exit code, or 128+N when signal N ended it. With -t, a program still
 * running after SECONDS is killed with SIGKILL (so launch exits 137).
 * With -n, it starts the program RUNS times and prints the median time
 * from start to reaped, in microseconds, on standard error. With -m, it
 * first fills MIB mebibytes of memory, to see what a big parent costs.
 *
 * Reference solution (curriculum/solutions/lab1): remove the solutions
 * folder before handing the lab out. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* fork: the child is a copy of this process; it replaces itself with the
 * program. If exec fails, the copy must end at once (127, as the shell
 * says "command not found"), never return into launch's code. */
static pid_t start_fork(char **argv)
{
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* vfork: the child borrows the parent's memory until it execs; it may
 * only call exec or _exit. */
static pid_t start_vfork(char **argv)
{
	pid_t pid = vfork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* posix_spawn: the C library picks the cheapest way (clone with
 * CLONE_VM|CLONE_VFORK on Linux) and reports exec errors to us. */
static pid_t start_spawn(char **argv)
{
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);

	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return pid;
}

/* Wait for pid; kill it first if it runs longer than timeout_s (0: no
 * limit). A pidfd becomes readable when the process ends, so poll()
 * sleeps until then, or until the timeout. */
static int wait_for(pid_t pid, int timeout_s)
{
	int status;

	if (timeout_s > 0) {
		int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		struct pollfd p = { .fd = pidfd, .events = POLLIN };

		if (pidfd >= 0) {
			if (poll(&p, 1, timeout_s * 1000) == 0) {
				close(pidfd);
				return 9; /* "killed", without killing or reaping */
			}
			close(pidfd);
		}
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* The status as a shell reports it. */
static int exit_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Make this process big: touched memory, which fork must share
 * copy-on-write with the child (mmap(2)). */
static void *fill_memory(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	return p;
}

int main(int argc, char **argv)
{
	pid_t (*start)(char **) = NULL;
	int timeout_s = 0, runs = 1, mib = 0, opt, status = 0;
	long long *took;

	while ((opt = getopt(argc, argv, "+t:n:m:")) != -1) {
		if (opt == 't')
			timeout_s = atoi(optarg);
		else if (opt == 'n')
			runs = atoi(optarg);
		else if (opt == 'm')
			mib = atoi(optarg);
		else
			return 2;
	}
	if (argc - optind < 2 || runs < 1) {
		fprintf(stderr, "usage: launch [-t SECONDS] [-n RUNS] [-m MIB] fork|vfork|spawn PROGRAM [ARGS...]\n");
		return 2;
	}
	if (!strcmp(argv[optind], "fork"))
		start = start_fork;
	else if (!strcmp(argv[optind], "vfork"))
		start = start_vfork;
	else if (!strcmp(argv[optind], "spawn"))
		start = start_spawn;
	if (!start) {
		fprintf(stderr, "launch: unknown method '%s'; use fork, vfork or spawn\n",
			argv[optind]);
		return 2;
	}
	if (mib > 0 && !fill_memory((size_t)mib << 20))
		return 1;
	took = calloc((size_t)runs, sizeof(*took));
	if (!took)
		return 1;
	for (int i = 0; i < runs; i++) {
		long long t0 = now_ns();
		pid_t pid = start(&argv[optind + 1]);

		if (pid < 0) {
			fprintf(stderr, "launch: cannot start %s: %s\n",
				argv[optind + 1], strerror(errno));
			return 127;
		}
		status = wait_for(pid, timeout_s);
		took[i] = now_ns() - t0;
		if (status < 0) {
			perror("launch: waitpid");
			return 1;
		}
	}
	if (runs > 1) {
		qsort(took, (size_t)runs, sizeof(*took), cmp_ll);
		fprintf(stderr, "median start-to-reaped: %lld us over %d runs\n",
			took[runs / 2] / 1000, runs);
	}
	free(took);
	return exit_status(status);
}
