#include "container/cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "container/cgroup_delegate.h"
#include "container/fsutil.h"
#include "lab/host/procfs.h"
#include "lab/proto/util.h"

enum ct_cg_layout ct_cg_detect(const char *root)
{
	switch (procfs_cgroup_layout(root)) {
	case CGROUP_V2: return CT_CG_V2;
	case CGROUP_V1: /* the hybrid's controllers are v1 hierarchies */
	case CGROUP_HYBRID: return CT_CG_V1;
	case CGROUP_NONE: break;
	}
	return CT_CG_NONE;
}

/* out = root[/controller]own[/leaf] ("/" is a hierarchy's root: no
 * double slash); -1 when it does not fit. */
static int cgroup_dir(char *out, size_t len, const char *root,
		      const char *controller, const char *own, const char *leaf)
{
	int n = snprintf(out, len, "%s%s%s%s%s%s", root, *controller ? "/" : "",
			 controller, strcmp(own, "/") == 0 ? "" : own,
			 leaf ? "/" : "", leaf ? leaf : "");

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int plan_dir(struct ct_cgroup *cg, const char *text, const char *root,
		    const char *controller, const char *leaf, struct err *err)
{
	char own[PATH_MAX / 2];
	int i = cg->ndirs;

	if (procfs_cgroup_path(text, controller, own, sizeof(own)) < 0)
		return err_set(err, ERR_RUNTIME,
			       "/proc/self/cgroup lists no %s%s hierarchy",
			       *controller ? controller : "cgroup v2",
			       *controller ? " controller" : "");
	if (i >= CT_CG_MAX_DIRS)
		return err_set(err, ERR_RUNTIME, "too many cgroup controllers");
	/* Moved into its own leaf of a delegated v2 cgroup (by an earlier
	 * run of this isolab): the containers go next to it. */
	if (!*controller) {
		char *last = strrchr(own, '/');

		if (last && last != own && ct_cg_is_self_leaf(last + 1))
			*last = '\0';
	}
	if (cgroup_dir(cg->dir[i].path, sizeof(cg->dir[i].path), root,
		       controller, own, leaf) < 0)
		return err_set(err, ERR_RUNTIME,
			       "isolab's own cgroup (%.200s) is too deep: its containers' cgroup paths would pass %d characters; run isolab from a cgroup nearer the root",
			       own, CT_CG_PATH_MAX - 1);
	snprintf(cg->dir[i].controller, sizeof(cg->dir[i].controller), "%s",
		 controller);
	cg->dir[i].created = false;
	cg->ndirs++;
	return 0;
}

int ct_cg_plan(enum ct_cg_layout layout, const char *proc_self_cgroup,
	       const char *root, const char *leaf,
	       const struct ct_limits *limits, struct ct_cgroup *cg,
	       struct err *err)
{
	memset(cg, 0, sizeof(*cg));
	cg->layout = layout;
	if (layout == CT_CG_V2)
		return plan_dir(cg, proc_self_cgroup, root, "", leaf, err);
	if (layout != CT_CG_V1)
		return err_set(err, ERR_RUNTIME, "no cgroup file system");
	/* memory and pids always: accounting, OOM reports, killing. */
	if (plan_dir(cg, proc_self_cgroup, root, "memory", leaf, err) < 0 ||
	    plan_dir(cg, proc_self_cgroup, root, "pids", leaf, err) < 0)
		return -1;
	if (limits->cpu_pct &&
	    plan_dir(cg, proc_self_cgroup, root, "cpu", leaf, err) < 0)
		return -1;
	return 0;
}

static int write_in(const char *dir, const char *file, const char *text)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return ct_write_file(path, text);
}

static ssize_t read_in(const char *dir, const char *file, char *buf,
		       size_t len)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return procfs_read_text(path, buf, len);
}

/* v2: the controllers must be enabled in the parent's subtree_control. A
 * parent that holds processes (isolab itself) refuses that (EBUSY), which
 * ct_cg_create reports as "cannot use". */
static int v2_enable(const char *dir, const struct ct_limits *l)
{
	char parent[PATH_MAX], have[256], want[64] = "";
	char *slash;

	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	if (read_in(parent, "cgroup.subtree_control", have, sizeof(have)) < 0)
		return -1;
	if (l->mem_bytes && !strstr(have, "memory"))
		strcat(want, "+memory ");
	if (l->pids && !strstr(have, "pids"))
		strcat(want, "+pids ");
	if (l->cpu_pct && !strstr(have, "cpu"))
		strcat(want, "+cpu ");
	return *want ? write_in(parent, "cgroup.subtree_control", want) : 0;
}

static int write_limits(const struct ct_cgroup *cg, const struct ct_limits *l)
{
	char v[64];

	for (int i = 0; i < cg->ndirs; i++) {
		const char *d = cg->dir[i].path, *c = cg->dir[i].controller;
		bool v2 = cg->layout == CT_CG_V2;

		if (l->mem_bytes && (v2 || strcmp(c, "memory") == 0)) {
			snprintf(v, sizeof(v), "%" PRIu64, l->mem_bytes);
			if (write_in(d, v2 ? "memory.max" : "memory.limit_in_bytes", v) < 0)
				return -1;
			/* No swap, so the limit means an OOM kill. The
			 * file exists only with swap accounting. */
			if (write_in(d, v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes",
				     v2 ? "0" : v) < 0 && errno != ENOENT)
				return -1;
		}
		if (l->pids && (v2 || strcmp(c, "pids") == 0)) {
			snprintf(v, sizeof(v), "%" PRIu64, l->pids);
			if (write_in(d, "pids.max", v) < 0)
				return -1;
		}
		if (l->cpu_pct && (v2 || strcmp(c, "cpu") == 0)) {
			/* quota per 100 ms period; 100% = one CPU */
			uint64_t quota = (uint64_t)l->cpu_pct * 1000;

			snprintf(v, sizeof(v), v2 ? "%" PRIu64 " 100000" : "%" PRIu64,
				 quota);
			if (write_in(d, v2 ? "cpu.max" : "cpu.cfs_quota_us", v) < 0)
				return -1;
		}
	}
	return 0;
}

int ct_cg_create(struct ct_cgroup *cg, const struct ct_limits *limits,
		 char *note, size_t notelen, struct err *err)
{
	char parent[PATH_MAX];

	for (int i = 0; i < cg->ndirs; i++) {
		ct_parent_dir(cg->dir[i].path, parent, sizeof(parent));
		if (cg->layout == CT_CG_V2 &&
		    v2_enable(cg->dir[i].path, limits) < 0)
			goto unusable;
		if (mkdir(cg->dir[i].path, 0755) < 0)
			goto unusable;
		cg->dir[i].created = true;
	}
	if (write_limits(cg, limits) < 0) {
		int saved = errno;

		ct_cg_remove(cg);
		errno = saved;
		return err_sys(err, "setting the cgroup limits");
	}
	return 0;
unusable:
	snprintf(note, notelen, "%s: %s", parent, strerror(errno));
	ct_cg_remove(cg);
	cg->layout = CT_CG_NONE;
	cg->ndirs = 0;
	return 1;
}

static const char *join_file(const struct ct_cgroup *cg)
{
	return cg->layout == CT_CG_V2 ? "cgroup.procs" : "tasks";
}

/* fds[i] = dirs[i]/file for each directory of cg; all or none. */
static int open_each(const struct ct_cgroup *cg,
		     const char *const dirs[CT_CG_MAX_DIRS],
		     int fds[CT_CG_MAX_DIRS], struct err *err)
{
	char path[CT_CG_PATH_MAX + 32];

	for (int i = 0; i < cg->ndirs; i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], join_file(cg));
		fds[i] = open(path, O_WRONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			int saved = errno;

			close_fds(fds, i);
			errno = saved;
			return err_sys(err, "open %s", path);
		}
	}
	return cg->ndirs;
}

int ct_cg_open_join(const struct ct_cgroup *cg, int fds[CT_CG_MAX_DIRS],
		    struct err *err)
{
	const char *dirs[CT_CG_MAX_DIRS];

	for (int i = 0; i < cg->ndirs; i++)
		dirs[i] = cg->dir[i].path;
	return open_each(cg, dirs, fds, err);
}

int ct_cg_open_leave(const struct ct_cgroup *cg, const char *root,
		     int fds[CT_CG_MAX_DIRS], struct err *err)
{
	char text[4096], own[CT_CG_PATH_MAX];
	char paths[CT_CG_MAX_DIRS][CT_CG_PATH_MAX];
	const char *dirs[CT_CG_MAX_DIRS];

	if (procfs_read_text("/proc/self/cgroup", text, sizeof(text)) < 0)
		return err_sys(err, "read /proc/self/cgroup");
	for (int i = 0; i < cg->ndirs; i++) {
		const char *controller = cg->dir[i].controller;

		if (procfs_cgroup_path(text, controller, own, sizeof(own)) < 0 ||
		    cgroup_dir(paths[i], sizeof(paths[i]), root, controller, own,
			       NULL) < 0)
			return err_set(err, ERR_RUNTIME,
				       "/proc/self/cgroup: no usable %s cgroup of isolab's own",
				       *controller ? controller : "v2");
		dirs[i] = paths[i];
	}
	return open_each(cg, dirs, fds, err);
}

static uint64_t key_value(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ')
			return strtoull(p + klen + 1, NULL, 10);
	return 0;
}

void ct_cg_stats(const struct ct_cgroup *cg, uint64_t *peak, bool *oom)
{
	char buf[1024];

	*peak = 0;
	*oom = false;
	for (int i = 0; i < cg->ndirs; i++) {
		const char *d = cg->dir[i].path;

		if (cg->layout == CT_CG_V2) {
			if (read_in(d, "memory.peak", buf, sizeof(buf)) > 0)
				*peak = strtoull(buf, NULL, 10);
			if (read_in(d, "memory.events", buf, sizeof(buf)) > 0)
				*oom = key_value(buf, "oom_kill") > 0;
		} else if (strcmp(cg->dir[i].controller, "memory") == 0) {
			if (read_in(d, "memory.max_usage_in_bytes", buf, sizeof(buf)) > 0)
				*peak = strtoull(buf, NULL, 10);
			if (read_in(d, "memory.oom_control", buf, sizeof(buf)) > 0)
				*oom = key_value(buf, "oom_kill") > 0;
		}
	}
}

int ct_cg_cpu_stats(const struct ct_cgroup *cg, struct ct_cg_cpu *cpu)
{
	char buf[1024];

	for (int i = 0; i < cg->ndirs; i++) {
		bool v2 = cg->layout == CT_CG_V2;

		if (!v2 && strcmp(cg->dir[i].controller, "cpu") != 0)
			continue;
		if (read_in(cg->dir[i].path, "cpu.stat", buf, sizeof(buf)) <= 0 ||
		    !strstr(buf, "nr_throttled"))
			continue;
		cpu->periods = key_value(buf, "nr_periods");
		cpu->throttled_periods = key_value(buf, "nr_throttled");
		cpu->throttled_us = v2 ? key_value(buf, "throttled_usec")
				       : key_value(buf, "throttled_time") / 1000;
		cpu->usage_us = v2 ? key_value(buf, "usage_usec") : 0;
		return 1;
	}
	return 0;
}

void ct_cg_kill(const struct ct_cgroup *cg)
{
	char buf[4096];

	if (cg->ndirs == 0)
		return;
	if (cg->layout == CT_CG_V2 &&
	    write_in(cg->dir[0].path, "cgroup.kill", "1") == 0)
		return;
	/* v1 has no cgroup.kill: kill what is listed until nothing is (a
	 * fork between the read and the kill shows up in the next round;
	 * the pids limit bounds the rounds). */
	for (int round = 0; round < 100; round++) {
		bool any = false;

		if (read_in(cg->dir[0].path, "cgroup.procs", buf, sizeof(buf)) <= 0)
			return;
		for (char *p = buf, *end; *p; p = end) {
			long pid = strtol(p, &end, 10);

			if (end == p)
				break;
			if (pid > 0 && kill((pid_t)pid, SIGKILL) == 0)
				any = true;
		}
		if (!any)
			return;
	}
}

bool ct_cg_remove_empty(struct ct_cgroup *cg)
{
	bool all = true;

	for (int i = cg->ndirs - 1; i >= 0; i--) {
		if (cg->dir[i].created &&
		    (rmdir(cg->dir[i].path) == 0 || errno == ENOENT))
			cg->dir[i].created = false;
		all = all && !cg->dir[i].created;
	}
	return all;
}

void ct_cg_remove(struct ct_cgroup *cg)
{
	for (int i = cg->ndirs - 1; i >= 0; i--) {
		/* Killed tasks leave their cgroup a moment after they die. */
		for (int tries = 0; cg->dir[i].created && tries < 200; tries++) {
			if (rmdir(cg->dir[i].path) == 0 || errno == ENOENT) {
				cg->dir[i].created = false;
				break;
			}
			if (errno != EBUSY)
				break;
			if (tries == 0)
				ct_cg_kill(cg);
			nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
		}
	}
}
