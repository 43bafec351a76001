/* figure_sweep: sweeps as line plots (figure_sweep.h). */
#include "lab/report/figure_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The N of "mode:N", or -1 when w is not of that mode. */
static double value_of(const char *w, const char *mode)
{
	size_t n = strlen(mode);
	char *end;
	double v;

	if (strncmp(w, mode, n) != 0 || w[n] != ':' || !w[n + 1])
		return -1;
	v = strtod(w + n + 1, &end);
	return *end ? -1 : v;
}

static double y_of(const struct rd_group *g, bool memory)
{
	return memory ? rd_footprint_kib(g) / 1024.0
		      : g->stats[RD_RUN].median / 1e6;
}

int sweep_figure(const struct report_data *rd, struct figure *fig,
		 const char *mode)
{
	bool memory = strcmp(mode, "mem") == 0;
	double lo = INFINITY, hi = 0;
	int lines = 0;

	figure_column(fig, mode, "", -1);
	figure_column(fig, memory ? "footprint" : "run", memory ? "MiB" : "ms", -1);
	for (int l = 0; l < rd->nlaunchers; l++) {
		struct fig_block *b = NULL;
		int points = 0;

		/* Workloads come in the order they were first measured: the
		 * sweep's own order. */
		for (int w = 0; w < rd->nworkloads; w++) {
			const struct rd_group *g = rd_group_find(rd, 0, l, rd->workloads[w]);
			double cells[2] = { value_of(rd->workloads[w], mode), 0 };

			if (!g || !g->n || cells[0] <= 0)
				continue;
			cells[1] = y_of(g, memory);
			if (!b && !(b = figure_block(fig, rd->launchers[l], l)))
				return -1;
			if (block_row(b, 2, cells, NULL) < 0)
				return -1;
			lo = fmin(lo, cells[0]);
			hi = fmax(hi, cells[0]);
			points++;
		}
		lines += points >= 2;
	}
	fig->logx = hi > 10 * lo;
	snprintf(fig->xlabel, sizeof(fig->xlabel), "%s:N, N%s", mode,
		 fig->logx ? " (log scale)" : "");
	snprintf(fig->ylabel, sizeof(fig->ylabel), "median %s",
		 memory ? "footprint (MiB)" : "run time (ms)");
	snprintf(fig->about, sizeof(fig->about),
		 "a --workload %s:N sweep: N, then the median %s, one block per launcher or variant",
		 mode, memory ? "footprint" : "run time");
	return lines > 0;
}
