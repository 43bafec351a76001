/* reach_set: the syscall-reach reports of every launcher one probe ran,
 * with the environment they were taken in and the launchers that could
 * not run (data only; lab/report/reach_output.h renders it). */
#ifndef ISOLAB_REACH_SET_H
#define ISOLAB_REACH_SET_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/probe/reach.h"
#include "lab/core/results.h"

#define REACH_MAX_LAUNCHERS 4

struct reach_set {
	struct environment env;
	struct reach_report *reports[REACH_MAX_LAUNCHERS]; /* owned */
	size_t n;
	struct not_run_list not_run; /* launchers that could not run here */
};

void reach_set_init(struct reach_set *s);
void reach_set_free(struct reach_set *s);
/* A zeroed report to fill, owned by the set; NULL when full or out of
 * memory. reach_set_drop() gives the last one back (its run failed). */
struct reach_report *reach_set_add(struct reach_set *s);
void reach_set_drop(struct reach_set *s);

/* Does nr's class differ between the reports? */
bool reach_set_differs(const struct reach_set *s, int nr);

#endif
