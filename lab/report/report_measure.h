/* report_measure: what `isolab report` measures when given no files:
 * compare over the standard workloads, probe, and a density sweep per
 * launcher up to a modest count. Each step runs this isolab program
 * (/proc/self/exe) with --format json into a temporary file in DIR; the
 * steps are merged into DIR/results.json (written whole) and the
 * temporary files removed. A step that cannot run here (no KVM, say) is
 * reported and skipped. Progress (step N of M and a bar) goes to stderr
 * only when it is a terminal. quick measures the same steps with 3 runs
 * per workload and density up to 2 instances: seconds instead of
 * minutes, for a first look (the numbers are rough). */
#ifndef ISOLAB_REPORT_MEASURE_H
#define ISOLAB_REPORT_MEASURE_H

#include <stdbool.h>

#include "lab/host/err.h"

/* On success, DIR/results.json holds every step that produced results. */
int report_measure(const char *dir, bool quick, struct err *err);

#endif
