/* figure_data: which figures the data allows, and their numbers.
 * One machine: startup (box plots of every run), startup phases, run /
 * teardown / total, memory footprint, syscall reach (counts and the strip
 * of every number), density (time until ready, memory per instance) and
 * VM exits, each only when the files hold what it needs. Several
 * machines: one figure per measure with every machine side by side,
 * ordered by virtualization mode. Times are in ms, memory in MiB.
 * `title`, when not NULL, prefixes every figure's title. */
#ifndef ISOLAB_REPORT_FIGURE_DATA_H
#define ISOLAB_REPORT_FIGURE_DATA_H

#include "lab/report/figure.h"
#include "lab/report/report_data.h"

int figures_build(const struct report_data *rd, const char *title,
		  struct figure_set *set, struct err *err);

/* "isolab 0.1.0 | Linux 6.1 | AMD EPYC, 2 cores | KVM: hardware (VT-x)" */
void environment_footnote(const struct rf_environment *env, char *buf,
			  size_t len);
/* "370 µs", "4.12 ms", "2.50 s" for a value in ns. */
void format_ms(char *buf, size_t len, double ns);

#endif
