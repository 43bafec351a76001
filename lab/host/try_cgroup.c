/* try_cgroup: make a cgroup below isolab's own and remove it again
 * (lab/host/host_try.h), where the container launcher would make its own. */
#include "lab/host/host_try.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lab/host/procfs.h"

static void try_dir(struct cgroup_try *t, const char *mount,
		    const char *controller)
{
	char own[PATH_MAX / 2];
	struct timespec now;
	int i = t->ndirs++;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (procfs_own_cgroup(controller, own, sizeof(own)) < 0) {
		snprintf(t->dir[i].path, sizeof(t->dir[i].path), "%s", mount);
		t->dir[i].step = "finding our own cgroup in /proc/self/cgroup";
		return;
	}
	if (strcmp(own, "/") == 0)
		own[0] = '\0';
	/* Named for this process, so a leftover is recognisably ours. */
	snprintf(t->dir[i].path, sizeof(t->dir[i].path),
		 "%s%s/isolab-doctor-%d-%ld", mount, own, (int)getpid(),
		 (long)now.tv_nsec);
	if (mkdir(t->dir[i].path, 0755) < 0) {
		t->dir[i].step = "mkdir";
		t->dir[i].err = errno;
	} else if (rmdir(t->dir[i].path) < 0) {
		t->dir[i].step = "rmdir";
		t->dir[i].err = errno;
	}
}

void try_cgroup(struct cgroup_try *t, enum cgroup_layout layout)
{
	memset(t, 0, sizeof(*t));
	switch (layout) {
	case CGROUP_V2:
		try_dir(t, "/sys/fs/cgroup", "");
		break;
	case CGROUP_V1:
	case CGROUP_HYBRID:
		try_dir(t, "/sys/fs/cgroup/memory", "memory");
		try_dir(t, "/sys/fs/cgroup/pids", "pids");
		break;
	case CGROUP_NONE:
		t->step = "finding a cgroup file system at /sys/fs/cgroup";
		t->err = ENOENT;
		break;
	}
}
