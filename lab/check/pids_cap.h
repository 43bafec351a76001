/* pids_cap: a safety net under every student program the grader runs: a
 * pids cgroup below the grader's own (v1 pids hierarchy, or v2) with
 * pids.max set, so a program that forgets its limits (a forkbomb in lab 3
 * without pids.max, a fork loop in lab 1) cannot fill the machine. The
 * child joins it before exec; pids_cap_remove() kills what is left in it
 * and removes it. Limits the student sets below it still apply. */
#ifndef ISOLAB_CHECK_PIDS_CAP_H
#define ISOLAB_CHECK_PIDS_CAP_H

#include <limits.h>

#include "lab/host/err.h"

struct pids_cap {
	char dir[PATH_MAX]; /* empty when none */
};

int pids_cap_create(struct pids_cap *cap, int max, struct err *err);
/* In the child, before exec: 0 or -1 (errno set). */
int pids_cap_join(const struct pids_cap *cap);
void pids_cap_remove(struct pids_cap *cap);

#endif
