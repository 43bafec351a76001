/* figure_sweep: a sweep (--workload MODE:V1,V2,...) as a line plot: the
 * swept value on x (a log axis when the values span more than a decade),
 * one line per launcher or variant; y is the median footprint for mem:N
 * (MiB), the median run time for the other modes (ms). Returns 1 when the
 * data holds a sweep of `mode` (two values or more for some launcher), 0
 * when not, -1 when out of memory. */
#ifndef ISOLAB_REPORT_FIGURE_SWEEP_H
#define ISOLAB_REPORT_FIGURE_SWEEP_H

#include "lab/report/figure.h"
#include "lab/report/report_data.h"

int sweep_figure(const struct report_data *rd, struct figure *fig,
		 const char *mode);

#endif
