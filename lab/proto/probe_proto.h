/* probe_proto: what the `probe` workload sweeps and how it reports, shared
 * by the workload (lab/workload/probe.c) and isolab (lab/probe/reach.c). Only
 * constants, so freestanding code can include it.
 *
 * The sweep covers every number from 0 to PROBE_NR_LAST: the highest the
 * build machine's <asm/unistd.h> knows (SYSCALL_NR_MAX, generated) plus
 * PROBE_BEYOND more. Headers lag behind kernels (Debian 12 ships 6.1
 * headers; a 6.18 kernel has 19 calls more), so the margin is wide enough
 * to find a newer kernel's calls (reported by number, unnamed) and to end
 * in numbers no kernel has.
 *
 * Report: on stdout (fd 1), one line per item, in this order:
 *     probe-begin <first> <last>      the range this run sweeps
 *     probe-state before <k=v ...>    the workload's own state
 *     probe <nr> <ret>                one per number, ascending: the raw
 *                                     return value (-errno on failure)
 *     probe <nr> skip                 a number not probed (lab/workload/
 *                                     probe_unsafe.def says why)
 *     probe-state after <k=v ...>     its state again, after the sweep
 *     probe-end <last>
 * Each `probe` line is written before the next call is made, so when a
 * seccomp filter kills the workload the first number without a line is the
 * one that killed it; isolab then resumes the sweep with probe:<nr+1>.
 * stdout rather than the control channel, because the channel carries a
 * few short results and this is ~500 lines. */
#ifndef ISOLAB_PROBE_PROTO_H
#define ISOLAB_PROBE_PROTO_H

#include "syscall_names.h" /* generated: $(BUILD)/gen/syscall_names.h */

#define PROBE_BEYOND 64
#define PROBE_NR_LAST (SYSCALL_NR_MAX + PROBE_BEYOND)

/* The longest "probe-state" line the workload writes, newline included. */
#define PROBE_STATE_MAX 160

#endif
