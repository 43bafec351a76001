/* limits: run a program in a cgroup of its own, with limits.
 *
 *   limits [-m MIB] [-p PIDS] [-c PERCENT] NAME PROGRAM [ARGS...]
 *
 * Creates the cgroup NAME below the cgroup limits itself runs in, sets a
 * memory limit (MIB mebibytes, no swap), a limit on the number of
 * processes (PIDS) and a CPU quota (PERCENT of one CPU), runs PROGRAM in
 * it, waits, kills whatever PROGRAM left in the cgroup, removes the cgroup,
 * and exits with PROGRAM's status (128+N for signal N).
 *
 * Two layouts (cgroups(7)): cgroup v2, one tree mounted at /sys/fs/cgroup;
 * and v1 (or the v1/v2 "hybrid"), one tree per controller at
 * /sys/fs/cgroup/CONTROLLER. /proc/self/cgroup says where we are in each.
 *
 * Your job: the places marked TODO(lab3). Read handout.md first.
 * Build with `make`; grade with `isolab check lab3 --dir .`. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define CGROUP2_MAGIC 0x63677270

/* One directory per v1 controller we use; one directory in all on v2. */
struct group {
	int v2;
	int ndirs;
	char dir[3][PATH_MAX];
};

static const char *const v1_controllers[] = { "memory", "pids", "cpu" };

static int write_file(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX + 64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Our own cgroup path for a v1 controller, or for v2 (controller ""),
 * from /proc/self/cgroup lines "ID:CONTROLLERS:PATH". */
static int own_path(const char *controller, char *out, size_t len)
{
	char line[PATH_MAX + 64];
	FILE *f = fopen("/proc/self/cgroup", "r");
	int found = -1;

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		char *ctrls = strchr(line, ':'), *path;

		if (!ctrls || !(path = strchr(++ctrls, ':')))
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (!*controller ? !*ctrls : !strcmp(ctrls, controller)) {
			snprintf(out, len, "%s", path);
			found = 0;
		}
	}
	fclose(f);
	return found;
}

static int make_group(struct group *g, const char *name)
{
	struct statfs fs;
	char own[PATH_MAX];

	if (statfs("/sys/fs/cgroup", &fs) < 0)
		return -1;
	g->v2 = fs.f_type == CGROUP2_MAGIC;
	g->ndirs = g->v2 ? 1 : 3;
	for (int i = 0; i < g->ndirs; i++) {
		const char *ctrl = g->v2 ? "" : v1_controllers[i];

		if (own_path(ctrl, own, sizeof(own)) < 0)
			return -1;
		if (snprintf(g->dir[i], sizeof(g->dir[i]), "/sys/fs/cgroup%s%s%s/%s",
			     g->v2 ? "" : "/", ctrl, strcmp(own, "/") ? own : "",
			     name) >= (int)sizeof(g->dir[i])) {
			g->ndirs = i;
			errno = ENAMETOOLONG;
			return -1;
		}
		if (mkdir(g->dir[i], 0755) < 0) {
			g->ndirs = i;
			return -1;
		}
	}
	if (g->v2) {
		/* v2: a controller works in a child only when the parent
		 * hands it down (cgroup.subtree_control). */
		char parent[PATH_MAX];

		snprintf(parent, sizeof(parent), "%s", g->dir[0]);
		*strrchr(parent, '/') = '\0';
		write_file(parent, "cgroup.subtree_control", "+memory +pids +cpu");
	}
	return 0;
}

static int set_limits(const struct group *g, long mib, long pids, long pct)
{
	/* TODO(lab3): write the limits into the group's files (write_file):
	 * v1: memory.limit_in_bytes (bytes) and memory.memsw.limit_in_bytes
	 * (the same: no swap) in dir[0], pids.max in dir[1],
	 * cpu.cfs_period_us (100000) and cpu.cfs_quota_us (pct * 1000) in
	 * dir[2]; v2: memory.max, memory.swap.max (0), pids.max and cpu.max
	 * ("QUOTA PERIOD") in dir[0]. Skip a limit that is 0. */
	(void)g;
	(void)mib;
	(void)pids;
	(void)pct;
	return 0;
}

/* Move the calling process into every directory of the group. */
static int join_group(const struct group *g)
{
	/* TODO(lab3): write "0" (this process) to cgroup.procs in every
	 * directory of the group. */
	(void)g;
	return 0;
}

/* Kill what is left in the group, then remove its directories (a cgroup
 * with processes in it cannot be removed: rmdir says EBUSY). */
static void remove_group(const struct group *g)
{
	/* TODO(lab3): for every directory, last first: SIGKILL each pid in
	 * its cgroup.procs, then rmdir(2) it; rmdir fails with EBUSY while a
	 * process is still in it, so retry a few times. */
	(void)g;
}

int main(int argc, char **argv)
{
	long mib = 0, pids = 0, pct = 0;
	struct group g = { 0 };
	int opt, status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+m:p:c:")) != -1) {
		if (opt == 'm')
			mib = atol(optarg);
		else if (opt == 'p')
			pids = atol(optarg);
		else if (opt == 'c')
			pct = atol(optarg);
		else
			return 2;
	}
	if (argc - optind < 2 || strchr(argv[optind], '/')) {
		fprintf(stderr, "usage: limits [-m MIB] [-p PIDS] [-c PERCENT] NAME PROGRAM [ARGS...]\n");
		return 2;
	}
	if (make_group(&g, argv[optind]) < 0 || set_limits(&g, mib, pids, pct) < 0) {
		perror("limits: setting up the cgroup");
		remove_group(&g);
		return 125;
	}
	pid = fork();
	if (pid == 0) {
		if (join_group(&g) < 0)
			_exit(126);
		execv(argv[optind + 1], &argv[optind + 1]);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	remove_group(&g);
	if (pid < 0)
		return 125;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
