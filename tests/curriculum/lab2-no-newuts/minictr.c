/* WRONG on purpose (host unchanged): forgets CLONE_NEWUTS, so sethostname
 * renames the host (the grader gives minictr a UTS namespace of its own, so
 * the machine keeps its name).
 *
 * minictr: a minimal container.
 *
 *   minictr [-U] HOSTNAME ROOTFS PROGRAM [ARGS...]
 *
 * Starts PROGRAM (a path inside ROOTFS) as pid 1 of new pid, mount, UTS,
 * IPC, network and cgroup namespaces, with HOSTNAME as its hostname, ROOTFS
 * as its root directory (pivot_root) and a /proc of its own. -U adds a user
 * namespace in which the caller's uid and gid are root, so an ordinary user
 * can run it (rootless). Exits with PROGRAM's status (128+N for signal N).
 *
 * Reference solution (curriculum/solutions/lab2): remove the solutions
 * folder before handing the lab out. */
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
	int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC |
		    CLONE_NEWNET | CLONE_NEWCGROUP;

	return rootless ? flags | CLONE_NEWUSER : flags;
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
	char path[64], map[64];

	snprintf(path, sizeof(path), "/proc/%d/uid_map", child);
	snprintf(map, sizeof(map), "0 %d 1\n", getuid());
	if (write_file(path, map) < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/setgroups", child);
	if (write_file(path, "deny") < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", child);
	snprintf(map, sizeof(map), "0 %d 1\n", getgid());
	return write_file(path, map);
}

/* Make rootfs the root, with its own /proc: pivot_root(2) with new and old root the same
 * directory stacks the old root on top; unmounting it leaves rootfs. */
static int enter_rootfs(const char *rootfs)
{
	/* Our mounts must not propagate back to the host's namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return die("making / private");
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return die("bind-mounting the rootfs");
	if (chdir(rootfs) < 0)
		return die("chdir to the rootfs");
	/* A /proc of our pid namespace: it lists only our processes. Mounted
	 * before the old root goes: in a user namespace the kernel allows a
	 * new proc only while a full one is still visible (mount_namespaces(7)). */
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return die("mounting /proc");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return die("pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		return die("unmounting the old root");
	if (chdir("/") < 0)
		return die("chdir /");
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
	if (sethostname(c->hostname, strlen(c->hostname)) < 0)
		return die("sethostname");
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
