/* minictr: a minimal container.
 *
 *   minictr [-U] HOSTNAME ROOTFS PROGRAM [ARGS...]
 *
 * Starts PROGRAM (a path inside ROOTFS) as pid 1 of new pid, mount, UTS,
 * IPC, network and cgroup namespaces, with HOSTNAME as its hostname, ROOTFS
 * as its root directory (pivot_root) and a /proc of its own. -U adds a user
 * namespace in which the caller's uid and gid are root, so an ordinary user
 * can run it (rootless). Exits with PROGRAM's status (128+N for signal N).
 *
 * Your job: the places marked TODO(lab2). Read handout.md first.
 * Build with `make`; grade with `isolab check lab2 --dir .`. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct ctr {
	const char *hostname, *rootfs;
	char **argv;
	int go[2]; /* the parent writes one byte once the id maps are set */
};

static int die(const char *what)
{
	fprintf(stderr, "minictr: %s: %s\n", what, strerror(errno));
	return 127;
}

/* Which namespaces the child gets (clone(2), namespaces(7)). */
static int namespace_flags(int rootless)
{
	/* TODO(lab2): the CLONE_NEW* flags for pid, mount, UTS, IPC, network
	 * and cgroup namespaces; add CLONE_NEWUSER when rootless. */
	(void)rootless;
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Rootless: root (0) inside is our own uid/gid outside
 * (user_namespaces(7)). setgroups must be denied before an
 * unprivileged process may write gid_map. */
static int write_id_maps(pid_t child)
{
	/* TODO(lab2): write "0 UID 1" to /proc/CHILD/uid_map, "deny" to
	 * /proc/CHILD/setgroups, then "0 GID 1" to /proc/CHILD/gid_map
	 * (use write_file). */
	(void)child;
	(void)write_file;
	return 0;
}

/* Make rootfs the root, with its own /proc: pivot_root(2) with new and old root the same
 * directory stacks the old root on top; unmounting it leaves rootfs. */
static int enter_rootfs(const char *rootfs)
{
	/* TODO(lab2): make / private (MS_REC | MS_PRIVATE), bind-mount rootfs
	 * onto itself, chdir into it, mount proc on "proc", pivot_root(".",
	 * ".") (there is no glibc wrapper: syscall(SYS_pivot_root, ...)),
	 * umount2(".", MNT_DETACH), chdir("/"). Return die("...") on error. */
	(void)rootfs;
	return 0;
}

static int child_main(void *arg)
{
	struct ctr *c = arg;
	char byte;
	int rc;

	close(c->go[1]);
	if (read(c->go[0], &byte, 1) != 1)
		return 127; /* the parent could not set us up */
	close(c->go[0]);
	/* TODO(lab2): set the hostname (sethostname(2)). */
	rc = enter_rootfs(c->rootfs);
	if (rc)
		return rc;
	execv(c->argv[0], c->argv);
	return die(c->argv[0]);
}

int main(int argc, char **argv)
{
	static char stack[1 << 16] __attribute__((aligned(16)));
	struct ctr c;
	int rootless = 0, status;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "-U")) {
		rootless = 1;
		argv++;
		argc--;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: minictr [-U] HOSTNAME ROOTFS PROGRAM [ARGS...]\n");
		return 2;
	}
	c.hostname = argv[1];
	c.rootfs = argv[2];
	c.argv = &argv[3];
	if (pipe2(c.go, O_CLOEXEC) < 0)
		return die("pipe");
	pid = clone(child_main, stack + sizeof(stack),
		    namespace_flags(rootless) | SIGCHLD, &c);
	if (pid < 0)
		return die("clone");
	close(c.go[0]);
	if (rootless && write_id_maps(pid) < 0) {
		die("writing the id maps");
		close(c.go[1]);
		waitpid(pid, NULL, 0);
		return 127;
	}
	if (write(c.go[1], "x", 1) != 1)
		return die("starting the child");
	close(c.go[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return die("waitpid");
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
