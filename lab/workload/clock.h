/* clock: the workload's CLOCK_MONOTONIC, read from the TSC clock its kernel
 * left on its initial stack (lab/proto/tsc_clock.h, the micro-VM's guest),
 * or by a system call where there is none (Linux). */
#ifndef ISOLAB_WORKLOAD_CLOCK_H
#define ISOLAB_WORKLOAD_CLOCK_H

#include "lab/proto/tsc_clock.h"

/* The TSC clock in the auxiliary vector of the initial stack (argc at
 * stack[0]), or 0 if the kernel offers none. */
const struct tsc_clock *clock_find(const uint64_t *stack);

/* Nanoseconds of CLOCK_MONOTONIC, from clk if not 0. */
uint64_t clock_monotonic_ns(const struct tsc_clock *clk);

#endif
