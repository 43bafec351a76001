/* spark: sparkline and bar scaling. */
#include "lab/dashboard/spark.h"

int spark_height(uint64_t v, uint64_t max, int rows)
{
	uint64_t steps = (uint64_t)rows * 8, h;

	if (!v || !max || rows <= 0)
		return 0;
	if (v >= max)
		return (int)steps;
	h = (v * steps + max - 1) / max; /* rounded up */
	return (int)(h > steps ? steps : h);
}

int spark_fill(int h, int r)
{
	int f = h - r * 8;

	return f < 0 ? 0 : f > 8 ? 8 : f;
}

int bar_cells(double v, double max, int w)
{
	int n;

	if (v <= 0 || max <= 0 || w <= 0)
		return 0;
	n = (int)(v / max * w + 0.5);
	return n < 1 ? 1 : n > w ? w : n;
}
