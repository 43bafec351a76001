/* tsc_clock: CLOCK_MONOTONIC without a system call, where the kernel under
 * the workload offers it.
 *
 * The micro-VM's loader puts a struct tsc_clock on the workload's initial
 * stack (beside AT_RANDOM's bytes) and its address in the auxiliary vector
 * as AT_ISOLAB_TSC_CLOCK: the guest's TSC at one instant, the host's
 * CLOCK_MONOTONIC at that same instant, and the TSC's rate. Reading the
 * clock is then a `rdtsc` and a multiply, both native at CPL 3, where the
 * system call is a trip through the guest kernel and a VM exit (on PVM
 * hosts about 120 µs, most of it emulated kernel code). A Linux guest's
 * vDSO does the same with kvmclock. Under Linux the workload makes the
 * system call instead of using Linux's vDSO: its pages cost a few page
 * faults on first touch (7-9 µs here), more than the one call it makes.
 *
 * mult == 0 means there is no such clock here: use the system call.
 * The rate is the TSC's nominal one (KVM_GET_TSC_KHZ); the host's clock
 * may be steered by NTP by a few parts per million, so over a run of t
 * seconds the two can drift apart by a few microseconds per second.
 *
 * Shared by the host (microvm/) and the freestanding workload: constants,
 * a fixed-layout struct and one pure function. */
#ifndef ISOLAB_PROTO_TSC_CLOCK_H
#define ISOLAB_PROTO_TSC_CLOCK_H

#include <stdint.h>

/* Not a Linux AT_* type (those are below 64): no program but ours reads it. */
#define AT_ISOLAB_TSC_CLOCK 0x6973636cul /* "iscl" */

#define TSC_CLOCK_SHIFT 32

struct tsc_clock {
	uint64_t tsc;  /* the guest's TSC at one instant ... */
	uint64_t ns;   /* ... and the host's CLOCK_MONOTONIC then */
	uint64_t mult; /* ns per tick << TSC_CLOCK_SHIFT; 0: no clock */
};

/* CLOCK_MONOTONIC in nanoseconds at TSC reading now. A reading from before
 * c->tsc (a TSC that is not synchronized across CPUs) counts as c->tsc:
 * the clock never goes back past its start. */
static inline uint64_t tsc_clock_ns(const struct tsc_clock *c, uint64_t now)
{
	uint64_t ticks = now > c->tsc ? now - c->tsc : 0;

	return c->ns + (uint64_t)(((unsigned __int128)ticks * c->mult) >>
				  TSC_CLOCK_SHIFT);
}

/* mult for a TSC of khz kilohertz (0 for 0: no clock). */
static inline uint64_t tsc_clock_mult(uint64_t khz)
{
	return khz ? (1000000ull << TSC_CLOCK_SHIFT) / khz : 0;
}

#endif
