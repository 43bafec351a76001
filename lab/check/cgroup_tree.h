/* cgroup_tree: getting rid of cgroup directories the grader is
 * responsible for, on cgroup v2 and on v1 hierarchies (the hybrid layout).
 *
 * cgroup_tree_remove() removes a directory and everything below it,
 * deepest first: in each, it kills what is listed in cgroup.procs, reaps
 * those that are the grader's own children (a child subreaper inherits
 * them), waits until the cgroup is empty (cgroup.procs empty; on v2 also
 * "populated 0" in cgroup.events) and retries rmdir until it is gone or
 * about 5 s have passed. cgroup_tree_find() finds directories by name
 * below a hierarchy's root: a random name the grader drew is found
 * wherever a student's program made it, with no trust in the paths of
 * /proc/PID/cgroup (which are relative to a cgroup namespace's root). */
#ifndef ISOLAB_CHECK_CGROUP_TREE_H
#define ISOLAB_CHECK_CGROUP_TREE_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#define CGROUP_TREE_MAX_DEPTH 12

/* True when dir is gone afterwards (or was not there). */
bool cgroup_tree_remove(const char *dir);

/* Directories named `name` below root (not root itself), at most
 * CGROUP_TREE_MAX_DEPTH deep; up to max of them into out. How many. */
int cgroup_tree_find(const char *root, const char *name,
		     char (*out)[PATH_MAX], int max);

/* True when pid is listed in dir/cgroup.procs. */
bool cgroup_tree_holds(const char *dir, pid_t pid);

#endif
