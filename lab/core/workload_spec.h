/* workload_spec: checks a workload name ("noop", "cpu:1000", "try:mount")
 * against the table isolab-workload itself uses (lab/proto/workload_modes.def),
 * so a typo is a usage error before anything is launched. */
#ifndef ISOLAB_WORKLOAD_SPEC_H
#define ISOLAB_WORKLOAD_SPEC_H

#include <stdio.h>

#include "lab/host/err.h"

int workload_spec_check(const char *spec, struct err *err);

/* One line per workload, for --help. */
void workload_spec_print_help(FILE *out);

#endif
