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

#include "lab/report/output.h"
#include "lab/probe/reach_set.h"

int reach_write(FILE *f, const struct reach_set *s,
		const struct output_options *opts);
int reach_table(FILE *f, const struct reach_set *s, bool verbose);
int reach_csv(FILE *f, const struct reach_set *s);
int reach_json(FILE *f, const struct reach_set *s);

#endif
