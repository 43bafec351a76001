#include "lab/check/pids_cap.h"

#include "lab/check/cgroup_tree.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define CGROUP2_MAGIC 0x63677270

static int write_text(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX + 32];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/* The grader's own cgroup in the pids hierarchy (v1) or in v2. */
static int own_dir(char *out, size_t len)
{
	struct statfs fs;
	char line[PATH_MAX + 64];
	bool v2;
	FILE *f;
	int rc = -1;

	if (statfs("/sys/fs/cgroup", &fs) < 0)
		return -1;
	v2 = fs.f_type == CGROUP2_MAGIC;
	f = fopen("/proc/self/cgroup", "r");
	while (f && rc < 0 && fgets(line, sizeof(line), f)) {
		char *ctrls = strchr(line, ':'), *path;

		if (!ctrls || !(path = strchr(++ctrls, ':')))
			continue;
		*path++ = '\0';
		path[strcspn(path, "\n")] = '\0';
		if (v2 ? !*ctrls : !strcmp(ctrls, "pids"))
			rc = snprintf(out, len, "/sys/fs/cgroup%s%s", v2 ? "" : "/pids",
				      strcmp(path, "/") ? path : "") < (int)len ? 0 : -1;
	}
	if (f)
		fclose(f);
	return rc;
}

int pids_cap_create(struct pids_cap *cap, int max, struct err *err)
{
	char own[PATH_MAX - 64], value[32];

	cap->dir[0] = '\0';
	if (own_dir(own, sizeof(own)) < 0)
		return err_set(err, ERR_RUNTIME,
			       "no pids cgroup to cap the student's processes in");
	snprintf(cap->dir, sizeof(cap->dir), "%s/isolab-check-%d-%ld", own,
		 getpid(), random());
	if (mkdir(cap->dir, 0755) < 0) {
		cap->dir[0] = '\0';
		return err_sys(err, "cannot create a pids cgroup below %s to cap the student's processes",
			       own);
	}
	snprintf(value, sizeof(value), "%d", max);
	if (write_text(cap->dir, "pids.max", value) < 0) {
		err_sys(err, "cannot set pids.max in %s", cap->dir);
		pids_cap_remove(cap);
		return -1;
	}
	return 0;
}

int pids_cap_join(const struct pids_cap *cap)
{
	return cap->dir[0] ? write_text(cap->dir, "cgroup.procs", "0") : 0;
}

void pids_cap_remove(struct pids_cap *cap)
{
	if (!cap->dir[0])
		return;
	cgroup_tree_remove(cap->dir);
	cap->dir[0] = '\0';
}
