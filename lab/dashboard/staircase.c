/* staircase: cumulative bars and their increments (contract in
 * staircase.h). */
#include "lab/dashboard/staircase.h"

#include "lab/dashboard/spark.h"

void staircase_compute(const double *median_ns, const bool *has, int n,
		       int width, struct stair *out)
{
	double max = 0;
	int below = -1;

	for (int i = 0; i < n; i++)
		if (has[i] && median_ns[i] > max)
			max = median_ns[i];
	for (int i = 0; i < n; i++) {
		struct stair *s = &out[i];
		int all, base;

		*s = (struct stair){ .has = has[i], .below = -1 };
		if (!has[i])
			continue;
		all = bar_cells(median_ns[i], max, width);
		s->below = below;
		if (below < 0) {
			s->inc_ns = median_ns[i];
			s->inc_cells = all;
		} else {
			s->inc_ns = median_ns[i] - median_ns[below];
			base = bar_cells(median_ns[below], max, width);
			/* A rung that costs less than the one below (noise,
			 * or another kind of isolation) is all base. */
			s->base_cells = base < all ? base : all;
			s->inc_cells = all - s->base_cells;
		}
		below = i;
	}
}
