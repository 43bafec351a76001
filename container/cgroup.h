/* cgroup: the container's control group - limits, accounting, cleanup.
 *
 * Contract: cgroups are created only below the cgroups isolab itself runs
 * in (from /proc/self/cgroup), per controller on v1 and on the v1/v2
 * hybrid layout (memory, pids, and cpu when limited, under
 * /sys/fs/cgroup/<controller>), as one directory on pure v2. No process
 * but the container's child and, on a delegated v2 cgroup, isolab itself
 * (container/cgroup_delegate.h) is ever moved. ct_cg_create() returns 1
 * when cgroups cannot be used here (rootless without delegation, read-only
 * cgroupfs, controllers unavailable) with `note` saying why ("PATH: error")
 * and nothing left behind; the caller decides whether to run on without
 * limits or fail; -1 is a real error.
 * The container moves itself in (ct_cg_open_join) before it execs.
 * ct_cg_remove() kills what is left in them and removes every directory
 * that ct_cg_create() made. ct_cg_plan() is pure, for the unit tests. */
#ifndef ISOLAB_CONTAINER_CGROUP_H
#define ISOLAB_CONTAINER_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "container/options.h"
#include "lab/host/err.h"

enum ct_cg_layout { CT_CG_NONE, CT_CG_V1, CT_CG_V2 };

#define CT_CG_MAX_DIRS 3
/* A cgroup directory's path: the hierarchy's root, isolab's own cgroup
 * and a leaf of about 60 characters. Not PATH_MAX: three of them are in
 * every run's state and in the start's sweep, and each page of memory
 * isolab and its fork touch costs 10-30 µs on the PVM guests we measure
 * on (container/README.md). A longer one is refused by ct_cg_plan(). */
#define CT_CG_PATH_MAX 1024

struct ct_cgroup {
	enum ct_cg_layout layout;
	int ndirs;
	struct {
		char controller[16]; /* v1: memory, pids, cpu; v2: "" */
		char path[CT_CG_PATH_MAX];
		bool created;
	} dir[CT_CG_MAX_DIRS];
};

/* What /sys/fs/cgroup (root) is: cgroup2 -> V2; a tmpfs of v1
 * hierarchies (with or without an empty cgroup2 at unified/) -> V1. */
enum ct_cg_layout ct_cg_detect(const char *root);

/* Fill cg's paths: root/[controller/]<isolab's cgroup>/leaf, from the text
 * of /proc/self/cgroup. Fails if a needed controller is not listed. */
int ct_cg_plan(enum ct_cg_layout layout, const char *proc_self_cgroup,
	       const char *root, const char *leaf,
	       const struct ct_limits *limits, struct ct_cgroup *cg,
	       struct err *err);

int ct_cg_create(struct ct_cgroup *cg, const struct ct_limits *limits,
		 char *note, size_t notelen, struct err *err);
/* Open, for each directory, the file through which a task moves itself
 * in: v1 "tasks", v2 "cgroup.procs". The child writes "0" to each. On v1
 * that moves only the writer, which the kernel does without the global
 * cgroup_threadgroup_rwsem write lock - that lock waits for an RCU grace
 * period (up to ~10 ms), which writing the pid from the parent costs.
 * Returns the number of fds (cg->ndirs), or -1. */
int ct_cg_open_join(const struct ct_cgroup *cg, int fds[CT_CG_MAX_DIRS],
		    struct err *err);

/* The same file (fds[i] for cg's directory i) in the cgroup isolab
 * itself is in now, per /proc/self/cgroup, below root (/sys/fs/cgroup):
 * a task that writes "0" to them moves itself back there (the container's
 * init, at its end: container/init.h). Returns cg->ndirs, or -1. */
int ct_cg_open_leave(const struct ct_cgroup *cg, const char *root,
		     int fds[CT_CG_MAX_DIRS], struct err *err);

/* Peak memory charge in bytes (0 if unknown) and whether the OOM killer
 * killed something in it. */
void ct_cg_stats(const struct ct_cgroup *cg, uint64_t *peak, bool *oom);

/* What the cpu limit did: enforcement periods, how many of them ran out
 * of quota, and the time spent held back (µs); the CPU time used (µs) on
 * v2 only (v1's cpu controller does not count it: 0). */
struct ct_cg_cpu {
	uint64_t periods, throttled_periods, throttled_us, usage_us;
};

/* Returns 0 when there is no cpu controller (no cpu limit), else 1 with
 * *cpu filled. */
int ct_cg_cpu_stats(const struct ct_cgroup *cg, struct ct_cg_cpu *cpu);

/* SIGKILL everything inside; for runs without a pid namespace. */
void ct_cg_kill(const struct ct_cgroup *cg);
void ct_cg_remove(struct ct_cgroup *cg);
/* Remove the directories that are empty now, without waiting or killing;
 * true when none is left. */
bool ct_cg_remove_empty(struct ct_cgroup *cg);

#endif
