/* report_measure: what `isolab report` measures when given no files:
 * compare over the standard workloads, probe, and a density sweep per
 * launcher up to a modest count. Each step runs this isolab program
 * (/proc/self/exe) with --format json into a temporary file in DIR; the
 * steps are merged into DIR/results.json (written whole) and the
 * temporary files removed. A step that cannot run here (no KVM, say) is
 * reported and skipped. Progress (step N of M and a bar) goes to stderr
 * only when it is a terminal. */
#ifndef ISOLAB_REPORT_MEASURE_H
#define ISOLAB_REPORT_MEASURE_H

#include "lab/host/err.h"

/* On success, DIR/results.json holds every step that produced results. */
int report_measure(const char *dir, struct err *err);

#endif
