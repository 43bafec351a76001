/* staircase: the ladder view's arithmetic. Each rung's bar is its own
 * median startup, which already holds every rung below it (cumulative);
 * the part the rung below that ran reaches is the base, the rest is the
 * rung's increment. All bars share one scale (the largest median gets
 * the full width), and a bar's base and increment cells add up to the
 * cells of its whole median, so the steps line up exactly. A rung with no
 * median yet (waiting, or cannot run here) has no bar and is skipped as a
 * "rung below". And the phase an increment mostly goes to. Pure
 * arithmetic, no drawing. */
#ifndef ISOLAB_DASHBOARD_STAIRCASE_H
#define ISOLAB_DASHBOARD_STAIRCASE_H

#include <stdbool.h>

#include "lab/core/launcher.h"

struct stair {
	bool has;        /* a median to draw */
	int below;       /* the rung below that has one; -1 for none */
	double inc_ns;   /* median minus the below's; the median for none */
	int base_cells;  /* drawn as the step up to here */
	int inc_cells;   /* drawn as this rung's own; 0 if it costs less */
};

/* median_ns[i] and has[i] for n rungs, bars of up to width cells. */
void staircase_compute(const double *median_ns, const bool *has, int n,
		       int width, struct stair *out);

/* Where an increment goes: of the rung's median phases, the one that grew
 * the most over the same-named phase below (a phase the rung below lacks
 * grew from 0). Only when the rung has every phase the one below has: a
 * different timeline (process -> container) does not compare phase by
 * phase. Sets *name and *grew_ns and returns true when one grew. */
bool staircase_top_phase(const struct phase_span *rung, int nrung,
			 const struct phase_span *below, int nbelow,
			 const char **name, double *grew_ns);

#endif
