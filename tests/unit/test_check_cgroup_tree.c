/* check cgroup_tree (lab/check/cgroup_tree.h): a nested cgroup with
 * processes in its deepest child is found by name and removed whole,
 * its processes killed, on a v1 hierarchy (pids) and on a v2 one (the
 * machine's, or the hybrid layout's "unified"); a missing directory is
 * already gone. Needs root and a writable cgroupfs: skipped otherwise. */
#include "tests/unit/cmocka_all.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/check/cgroup_tree.h"

#define CGROUP2_MAGIC 0x63677270

/* This test's own cgroup below mount: in the v1 hierarchy of `ctrl`, or
 * in v2 (ctrl ""). -1 when mount is not such a hierarchy. */
static int own_dir(const char *mount, const char *ctrl, char *out, size_t len)
{
	struct statfs fs;
	char line[PATH_MAX + 64];
	int rc = -1;
	FILE *f;

	if (statfs(mount, &fs) < 0 || (fs.f_type == CGROUP2_MAGIC) != !*ctrl)
		return -1;
	f = fopen("/proc/self/cgroup", "r");
	while (f && rc < 0 && fgets(line, sizeof(line), f)) {
		char *ctrls = strchr(line, ':'), *path;

		if (!ctrls || !(path = strchr(++ctrls, ':')))
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (!strcmp(ctrls, ctrl))
			rc = snprintf(out, len, "%s%s", mount, strcmp(path, "/") ? path : "") <
					     (int)len ? 0 : -1;
	}
	if (f)
		fclose(f);
	return rc;
}

static void join(const char *dir)
{
	char path[PATH_MAX + 32];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, "0", 1) != 1)
		_exit(1);
	close(fd);
}

static void nested_tree_removed(const char *own)
{
	char top[PATH_MAX - 64], mid[PATH_MAX - 32], deep[PATH_MAX];
	char found[4][PATH_MAX];
	int ready[2], status;
	char byte;
	pid_t child;

	snprintf(top, sizeof(top), "%s/isolab-unit-tree-%d", own, getpid());
	snprintf(mid, sizeof(mid), "%s/a", top);
	snprintf(deep, sizeof(deep), "%s/deepest", mid);
	if (mkdir(top, 0755) < 0)
		skip(); /* a read-only cgroupfs */
	assert_int_equal(mkdir(mid, 0755), 0);
	assert_int_equal(mkdir(deep, 0755), 0);
	assert_int_equal(pipe(ready), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		join(deep);
		if (fork() == 0) { /* a grandchild, not ours to reap */
			if (write(ready[1], "x", 1) != 1)
				_exit(1);
			pause();
			_exit(0);
		}
		pause();
		_exit(0);
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	assert_true(cgroup_tree_holds(deep, child));
	assert_int_equal(cgroup_tree_find(own, "deepest", found, 4), 1);
	assert_string_equal(found[0], deep);

	assert_true(cgroup_tree_remove(top));
	assert_int_equal(access(top, F_OK), -1);
	/* The child was killed and reaped by the removal. */
	assert_int_equal(waitpid(child, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	(void)status;
}

static void a_nested_v1_tree_with_processes_is_removed(void **state)
{
	char own[PATH_MAX - 128];

	(void)state;
	if (geteuid() != 0 || (own_dir("/sys/fs/cgroup/pids", "pids", own, sizeof(own)) < 0))
		skip(); /* not root, or no v1 pids hierarchy (pure v2) */
	nested_tree_removed(own);
}

static void a_nested_v2_tree_with_processes_is_removed(void **state)
{
	char own[PATH_MAX - 128];

	(void)state;
	if (geteuid() != 0 || (own_dir("/sys/fs/cgroup", "", own, sizeof(own)) < 0 &&
			       own_dir("/sys/fs/cgroup/unified", "", own, sizeof(own)) < 0))
		skip(); /* not root, or no v2 hierarchy (pure v1) */
	nested_tree_removed(own);
}

static void a_missing_directory_is_already_gone(void **state)
{
	char found[1][PATH_MAX];

	(void)state;
	assert_true(cgroup_tree_remove("/nonexistent/isolab-unit-tree"));
	assert_int_equal(cgroup_tree_find("/nonexistent", "x", found, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_nested_v1_tree_with_processes_is_removed),
		cmocka_unit_test(a_nested_v2_tree_with_processes_is_removed),
		cmocka_unit_test(a_missing_directory_is_already_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
