/* spark: scaling values into sparkline cells on one shared scale.
 *
 * A sparkline of `rows` text rows has rows*8 steps of height. A value is
 * scaled against max (the largest value shown in any column, so heights
 * compare across columns) and rounded up, so that any non-zero value
 * shows at least one step; 0, or max 0, shows nothing. */
#ifndef ISOLAB_DASHBOARD_SPARK_H
#define ISOLAB_DASHBOARD_SPARK_H

#include <stdint.h>

/* Height of v in steps, 0..rows*8. */
int spark_height(uint64_t v, uint64_t max, int rows);
/* How many eighths of the cell at text row r (0 = bottom) a height of
 * h steps fills: 0..8. */
int spark_fill(int h, int r);
/* Cells of a bar of width w that a value takes, scaled to max: at least 1
 * for a non-zero value, never more than w. */
int bar_cells(double v, double max, int w);

#endif
