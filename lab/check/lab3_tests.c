/* Lab 3, cgroups: the student's `limits [-m MIB] [-p PIDS] [-c PERCENT]
 * NAME PROGRAM` runs PROGRAM in a new cgroup NAME below its own, with
 * limits, and removes the cgroup afterwards. The grader draws NAME and the
 * limits at random, runs the workload (`idle` waits until the grader has
 * looked) and decides from outside: /proc/PID/cgroup of the
 * running workload and the limit files of that cgroup (v1 per controller,
 * or v2), whether the cgroup is below limits' own, the kernel's own CPU
 * accounting for the quota (cpu.stat nr_periods), the exit status (SIGKILL
 * from the OOM killer), the workload's forks as it reports them on its
 * channel, and whether the directories still exist afterwards (the grader
 * removes any left, killing what is in them: lab/check/cgroup_tree.h). */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "lab/check/cgroup_tree.h"
#include "lab/check/supervise.h"
#include "lab/check/tests.h"

#define CGROUP2_MAGIC 0x63677270
#define LAB3_CPU_ROUNDS "cpu:1000000000" /* a few CPU seconds here */

enum { MEM, PIDS, CPU, NCTRL };
static const char *const lab3_ctrl[NCTRL] = { "memory", "pids", "cpu" };

struct lab3_seen {
	bool found;
	char dir[NCTRL][4200];   /* the workload's cgroup, per controller */
	bool below_own[NCTRL];   /* strictly below limits' own cgroup */
	bool held[NCTRL];        /* dir's cgroup.procs listed the workload */
	long long mem_limit, pids_max, quota_us, period_us;
	long long nr_periods;    /* cpu.stat, after a while of running */
};

struct lab3_run {
	int cpu_wait_ms;
	char name[40];           /* the cgroup limits must create */
	char named[NCTRL][4200]; /* where NAME belongs: below limits' own */
	long long named_mem_limit; /* read by name while the workload runs */
	struct lab3_seen seen;
};

static bool cgroup_v2(void)
{
	struct statfs fs;

	return statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_MAGIC;
}

/* pid's cgroup path for a v1 controller, or for v2 (ctrl NULL). */
static bool cgroup_of(pid_t pid, const char *ctrl, char *out, size_t len)
{
	char path[64], line[4200];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	f = fopen(path, "r");
	while (f && !found && fgets(line, sizeof(line), f)) {
		char *ctrls = strchr(line, ':'), *p;

		if (!ctrls || !(p = strchr(++ctrls, ':')))
			continue;
		*p++ = '\0';
		p[strcspn(p, "\n")] = '\0';
		if (ctrl ? !strcmp(ctrls, ctrl) : !*ctrls) {
			snprintf(out, len, "%s", p);
			found = true;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static long long read_number(const char *dir, const char *file, int field)
{
	char path[4300], buf[256];
	long long a = -1, b = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		if (!strncmp(buf, "max", 3))
			a = -2; /* "max": no limit */
		else
			sscanf(buf, "%lld %lld", &a, &b);
	}
	fclose(f);
	return field ? b : a;
}

static long long read_keyed(const char *dir, const char *file, const char *key)
{
	char path[4300], k[64];
	long long v, found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	while (f && fscanf(f, "%63s %lld", k, &v) == 2)
		if (!strcmp(k, key))
			found = v;
	if (f)
		fclose(f);
	return found;
}

static pid_t child_named(pid_t parent, const char *comm)
{
	struct dirent *d;
	DIR *proc = opendir("/proc");
	pid_t found = 0;
	char want[64];

	snprintf(want, sizeof(want), "(%s)", comm);
	while (proc && !found && (d = readdir(proc))) {
		char path[300], buf[512] = "", *paren;
		int ppid;
		FILE *f;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
		paren = strrchr(buf, ')');
		if (paren && sscanf(paren + 2, "%*c %d", &ppid) == 1 &&
		    ppid == parent && strstr(buf, want))
			found = (pid_t)atoi(d->d_name);
	}
	if (proc)
		closedir(proc);
	return found;
}

static void look_at_cgroup(void *ctx, pid_t limits)
{
	struct lab3_run *r = ctx;
	struct lab3_seen *s = &r->seen;
	bool v2 = cgroup_v2();
	pid_t w = child_named(limits, "isolab-workload");

	for (int i = 0; i < NCTRL; i++) {
		char own[4096];

		if (cgroup_of(limits, v2 ? NULL : lab3_ctrl[i], own, sizeof(own)))
			snprintf(r->named[i], sizeof(r->named[i]), "/sys/fs/cgroup%s%s%s/%s",
				 v2 ? "" : "/", v2 ? "" : lab3_ctrl[i],
				 strcmp(own, "/") ? own : "", r->name);
	}
	r->named_mem_limit = read_number(r->named[MEM],
					 v2 ? "memory.max" : "memory.limit_in_bytes", 0);
	if (!w)
		return;
	for (int i = 0; i < NCTRL; i++) {
		const char *ctrl = v2 ? NULL : lab3_ctrl[i];
		char mine[4096], own[4096];
		size_t n;

		if (!cgroup_of(w, ctrl, mine, sizeof(mine)) ||
		    !cgroup_of(limits, ctrl, own, sizeof(own)))
			return;
		n = strcmp(own, "/") ? strlen(own) : 0;
		s->below_own[i] = !strncmp(mine, own, n) && mine[n] == '/' && mine[n + 1];
		snprintf(s->dir[i], sizeof(s->dir[i]), "/sys/fs/cgroup%s%s%s",
			 v2 ? "" : "/", v2 ? "" : lab3_ctrl[i], mine);
		/* In a cgroup namespace the path is relative to its root and
		 * may name another directory: only one that lists the
		 * workload is ever removed. */
		s->held[i] = cgroup_tree_holds(s->dir[i], w);
	}
	s->found = true;
	s->mem_limit = read_number(s->dir[MEM], v2 ? "memory.max" : "memory.limit_in_bytes", 0);
	s->pids_max = read_number(s->dir[PIDS], "pids.max", 0);
	if (v2) {
		s->quota_us = read_number(s->dir[CPU], "cpu.max", 0);
		s->period_us = read_number(s->dir[CPU], "cpu.max", 1);
	} else {
		s->quota_us = read_number(s->dir[CPU], "cpu.cfs_quota_us", 0);
		s->period_us = read_number(s->dir[CPU], "cpu.cfs_period_us", 0);
	}
	if (r->cpu_wait_ms) {
		usleep((useconds_t)r->cpu_wait_ms * 1000);
		s->nr_periods = read_keyed(s->dir[CPU], "cpu.stat", "nr_periods");
	}
}

/* Directories the student left, killing what is inside them: every
 * directory named NAME (drawn at random, so made by this run's limits)
 * wherever it was made, found by walking each hierarchy, so neither a
 * workload gone before the grader looked nor a cgroup namespace's
 * relative paths hide one; and the workload's own cgroup when it is
 * strictly below limits' own and really held the workload (never the
 * grader's own cgroup, whose processes include the grader). How many. */
static int remove_left(const struct lab3_run *r)
{
	const struct lab3_seen *s = &r->seen;
	bool v2 = cgroup_v2();
	char found[8][PATH_MAX];
	int left = 0;

	for (int i = 0; i < (v2 ? 1 : NCTRL); i++) {
		char root[64];
		int n;

		snprintf(root, sizeof(root), "/sys/fs/cgroup%s%s", v2 ? "" : "/",
			 v2 ? "" : lab3_ctrl[i]);
		n = cgroup_tree_find(root, r->name, found, 8);
		for (int j = 0; j < n; j++) {
			cgroup_tree_remove(found[j]);
			left++;
		}
	}
	for (int i = 0; i < NCTRL; i++)
		if (s->found && s->held[i] && s->below_own[i] &&
		    access(s->dir[i], F_OK) == 0) {
			cgroup_tree_remove(s->dir[i]);
			left++;
		}
	return left;
}

/* Runs `limits OPTIONS NAME WORKLOAD MODE`; words ends with the mode. */
static bool run_limits(struct check_ctx *ctx, int timeout_s, const char *const *opts,
		       const char *mode, struct lab3_run *r, struct supervise_result *res,
		       int *left, char *why, size_t whylen)
{
	char limits[4200];
	char *argv[16];
	int n = 0;
	struct supervise_spec spec = { .argv = argv, .timeout_ms = timeout_s * 1000,
				       .uid = -1, .cwd = ctx->build_dir,
				       .on_ready = look_at_cgroup, .ctx = r,
				       .hold_stdin = true,
				       .pids_max = CHECK_PIDS_MAX };
	struct err err = { 0 };

	snprintf(limits, sizeof(limits), "%s/limits", ctx->build_dir);
	/* The grader's pid in the name: tests find what a check left by it. */
	snprintf(r->name, sizeof(r->name), "lab3-%d-%08x", (int)getpid(),
		 check_random(ctx, 0, 0x7fffffff));
	r->named_mem_limit = -1;
	argv[n++] = limits;
	for (; *opts && n < 10; opts++)
		argv[n++] = (char *)*opts;
	argv[n++] = r->name;
	argv[n++] = (char *)ctx->workload;
	argv[n++] = (char *)mode;
	argv[n] = NULL;
	if (supervise_run(&spec, res, &err) < 0) {
		snprintf(why, whylen, "grader could not run limits: %s", err.msg);
		return false;
	}
	*left = remove_left(r);
	if (res->exec_failed) {
		snprintf(why, whylen, "%s", res->output);
		return false;
	}
	if (res->timed_out) {
		snprintf(why, whylen, "expected limits to end, it still ran after %d s and was killed",
			 timeout_s);
		return false;
	}
	if (!res->ready_lines) {
		snprintf(why, whylen, "expected isolab-workload to start, it never did (limits exited with %d)",
			 supervise_status(res));
		return false;
	}
	return true;
}

static bool test_limits_set(struct check_ctx *ctx, int timeout_s, char *why,
			    size_t whylen)
{
	struct lab3_run r = { 0 };
	struct supervise_result res;
	char m[16], p[16], c[16];
	long mib = (long)check_random(ctx, 16, 200), pids = (long)check_random(ctx, 5, 60),
	     pct = (long)check_random(ctx, 10, 90);
	const char *opts[] = { "-m", m, "-p", p, "-c", c, NULL };
	int left;

	snprintf(m, sizeof(m), "%ld", mib);
	snprintf(p, sizeof(p), "%ld", pids);
	snprintf(c, sizeof(c), "%ld", pct);
	if (!run_limits(ctx, timeout_s, opts, "idle", &r, &res, &left, why, whylen))
		return false;
	if (!r.seen.found) {
		snprintf(why, whylen, "expected the workload in a cgroup, the grader could not see it in one");
		return false;
	}
	for (int i = 0; i < NCTRL; i++)
		if (!r.seen.below_own[i]) {
			snprintf(why, whylen, "expected the workload's %s cgroup below limits' own, it is %s",
				 lab3_ctrl[i], r.seen.dir[i]);
			return false;
		}
	if (r.seen.mem_limit != mib << 20 || r.seen.pids_max != pids ||
	    r.seen.period_us <= 0 || r.seen.quota_us * 100 != pct * r.seen.period_us) {
		snprintf(why, whylen, "expected memory %ld MiB, pids %ld, cpu %ld%%; the workload's cgroup has memory %lld bytes, pids %lld, quota %lld/%lld us",
			 mib, pids, pct, r.seen.mem_limit, r.seen.pids_max,
			 r.seen.quota_us, r.seen.period_us);
		return false;
	}
	return true;
}

static bool test_oom(struct check_ctx *ctx, int timeout_s, bool above, char *why,
		     size_t whylen)
{
	struct lab3_run r = { 0 };
	struct supervise_result res;
	long mib = (long)check_random(ctx, 24, 48);
	char m[16], mode[32];
	const char *opts[] = { "-m", m, NULL };
	int left, want = above ? 128 + SIGKILL : 0;

	snprintf(m, sizeof(m), "%ld", mib);
	snprintf(mode, sizeof(mode), "mem:%ld", above ? mib + 16 : mib / 2);
	if (!run_limits(ctx, timeout_s, opts, mode, &r, &res, &left, why, whylen))
		return false;
	if (r.named_mem_limit != mib << 20) {
		snprintf(why, whylen, "expected the cgroup %s with memory limit %ld MiB while %s ran, found %lld",
			 r.name, mib, mode, r.named_mem_limit);
		return false;
	}
	if (supervise_status(&res) != want) {
		snprintf(why, whylen, "%s under a %ld MiB limit: expected exit status %d (%s), got %d",
			 mode, mib, want, above ? "killed by the OOM killer" : "it fits",
			 supervise_status(&res));
		return false;
	}
	return true;
}

static bool test_oom_above(struct check_ctx *c, int t, char *w, size_t l)
{
	return test_oom(c, t, true, w, l);
}

static bool test_oom_below(struct check_ctx *c, int t, char *w, size_t l)
{
	return test_oom(c, t, false, w, l);
}

static bool test_forkbomb(struct check_ctx *ctx, int timeout_s, char *why,
			  size_t whylen)
{
	struct lab3_run r = { 0 };
	struct supervise_result res;
	long pids = (long)check_random(ctx, 5, 40);
	char p[16];
	const char *opts[] = { "-p", p, NULL };
	long long forks;
	int left;

	snprintf(p, sizeof(p), "%ld", pids);
	if (!run_limits(ctx, timeout_s, opts, "forkbomb", &r, &res, &left, why, whylen))
		return false;
	forks = supervise_result_value(&res, "forks");
	if (forks < 0 || forks >= pids) {
		snprintf(why, whylen, "expected the forkbomb stopped below pids.max=%ld, it reported %lld forks",
			 pids, forks);
		return false;
	}
	if (res.leftovers_running || left) {
		snprintf(why, whylen, "expected the forkbomb's children killed and the cgroup removed, %d were left running",
			 res.leftovers_running);
		return false;
	}
	return true;
}

static bool test_cpu_quota(struct check_ctx *ctx, int timeout_s, char *why,
			   size_t whylen)
{
	struct lab3_run r = { .cpu_wait_ms = 1000 };
	struct supervise_result res;
	const char *opts[] = { "-c", "50", NULL };
	int left;

	if (!run_limits(ctx, timeout_s, opts, LAB3_CPU_ROUNDS, &r, &res, &left, why, whylen))
		return false;
	if (!r.seen.found || r.seen.period_us <= 0 ||
	    r.seen.quota_us * 2 != r.seen.period_us || r.seen.nr_periods <= 0) {
		snprintf(why, whylen, "expected a 50%% quota the kernel enforces on the workload (cpu.stat nr_periods > 0), got quota %lld/%lld us, nr_periods %lld",
			 r.seen.quota_us, r.seen.period_us, r.seen.nr_periods);
		return false;
	}
	return true;
}

static bool test_removed(struct check_ctx *ctx, int timeout_s, char *why,
			 size_t whylen)
{
	struct lab3_run r = { 0 };
	struct supervise_result res;
	const char *opts[] = { "-m", "64", "-p", "20", "-c", "80", NULL };
	int left;

	if (!run_limits(ctx, timeout_s, opts, "idle", &r, &res, &left, why, whylen))
		return false;
	if (!r.seen.found || !r.seen.below_own[MEM] || r.named_mem_limit != 64ll << 20) {
		snprintf(why, whylen, "expected the workload in the cgroup %s with its limits, it was not",
			 r.name);
		return false;
	}
	if (left) {
		snprintf(why, whylen, "expected the cgroup removed after the run, %d director%s left (%s)",
			 left, left == 1 ? "y was" : "ies were", r.seen.dir[0]);
		return false;
	}
	return true;
}

const struct check_test lab3_tests[] = {
	{ "lab3.limits_set", test_limits_set },
	{ "lab3.oom_above", test_oom_above },
	{ "lab3.oom_below", test_oom_below },
	{ "lab3.forkbomb", test_forkbomb },
	{ "lab3.cpu_quota", test_cpu_quota },
	{ "lab3.removed", test_removed },
	{ NULL, NULL },
};
