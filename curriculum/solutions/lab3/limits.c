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
 * Reference solution (curriculum/solutions/lab3): remove the solutions
 * folder before handing the lab out. */
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
	char v[64];
	int rc = 0;

	if (mib > 0) {
		snprintf(v, sizeof(v), "%ld", mib << 20);
		rc |= write_file(g->dir[0], g->v2 ? "memory.max" : "memory.limit_in_bytes", v);
		/* No swap: above the limit the kernel must kill, not swap. */
		if (g->v2)
			write_file(g->dir[0], "memory.swap.max", "0");
		else
			write_file(g->dir[0], "memory.memsw.limit_in_bytes", v);
	}
	if (pids > 0) {
		snprintf(v, sizeof(v), "%ld", pids);
		rc |= write_file(g->dir[g->v2 ? 0 : 1], "pids.max", v);
	}
	if (pct > 0) {
		if (g->v2) {
			snprintf(v, sizeof(v), "%ld 100000", pct * 1000);
			rc |= write_file(g->dir[0], "cpu.max", v);
		} else {
			rc |= write_file(g->dir[2], "cpu.cfs_period_us", "100000");
			snprintf(v, sizeof(v), "%ld", pct * 1000);
			rc |= write_file(g->dir[2], "cpu.cfs_quota_us", v);
		}
	}
	return rc ? -1 : 0;
}

/* Move the calling process into every directory of the group. */
static int join_group(const struct group *g)
{
	for (int i = 0; i < g->ndirs; i++)
		if (write_file(g->dir[i], "cgroup.procs", "0") < 0)
			return -1;
	return 0;
}

/* Kill what is left in the group, then remove its directories (a cgroup
 * with processes in it cannot be removed: rmdir says EBUSY). */
static void remove_group(const struct group *g)
{
	for (int i = g->ndirs - 1; i >= 0; i--) {
		for (int tries = 0; tries < 500; tries++) {
			char path[PATH_MAX + 16];
			FILE *f;
			int pid, any = 0;

			snprintf(path, sizeof(path), "%s/cgroup.procs", g->dir[i]);
			f = fopen(path, "r");
			while (f && fscanf(f, "%d", &pid) == 1) {
				kill(pid, SIGKILL);
				any = 1;
			}
			if (f)
				fclose(f);
			if (!any && rmdir(g->dir[i]) == 0)
				break;
			usleep(10000);
		}
	}
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
