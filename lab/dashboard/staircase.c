/* staircase: cumulative bars and their increments (contract in
 * staircase.h). */
#include "lab/dashboard/staircase.h"

#include <string.h>

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

static const struct phase_span *phase_of(const struct phase_span *p, int n,
					 const char *name)
{
	for (int i = 0; i < n; i++)
		if (p[i].name && strcmp(p[i].name, name) == 0)
			return &p[i];
	return NULL;
}

static double phase_ns(const struct phase_span *p, int n, const char *name)
{
	const struct phase_span *s = phase_of(p, n, name);

	return s ? (double)s->ns : 0;
}

bool staircase_top_phase(const struct phase_span *rung, int nrung,
			 const struct phase_span *below, int nbelow,
			 const char **name, double *grew_ns)
{
	double best = 0;

	*name = NULL;
	*grew_ns = 0;
	/* Phases compare only when the rung extends the timeline below
	 * (process -> container: other steps, not more of the same). */
	for (int i = 0; i < nbelow; i++)
		if (below[i].name && !phase_of(rung, nrung, below[i].name))
			return false;
	for (int i = 0; i < nrung; i++) {
		double grew;

		if (!rung[i].name)
			continue;
		grew = (double)rung[i].ns - phase_ns(below, nbelow, rung[i].name);
		if (grew > best) {
			best = grew;
			*name = rung[i].name;
		}
	}
	*grew_ns = best;
	return *name != NULL;
}
