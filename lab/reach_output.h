/* reach_output: the report of `isolab probe`, in the three formats.
 *  table  per launcher the count of each class, the calls a filter killed
 *         the workload at, whether the workload's own state held, and,
 *         when several launchers ran, the calls whose class differs:
 *         first those the first launcher reaches and another on the host
 *         kernel does not (what isolation stops), then the others,
 *         counted, and listed when `verbose`;
 *  csv    one row per launcher and number;
 *  json   everything, each number's class included (schema in README.md),
 *         so students can diff launchers.
 * Each writer returns 0, or -1 when the stream failed. */
#ifndef ISOLAB_REACH_OUTPUT_H
#define ISOLAB_REACH_OUTPUT_H

#include <stdio.h>

#include "lab/output.h"
#include "lab/reach.h"
#include "lab/results.h"

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

int reach_write(FILE *f, const struct reach_set *s,
		const struct output_options *opts);
int reach_table(FILE *f, const struct reach_set *s, bool verbose);
int reach_csv(FILE *f, const struct reach_set *s);
int reach_json(FILE *f, const struct reach_set *s);

#endif
