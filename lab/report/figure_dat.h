/* figure_dat: a figure's numbers as NAME.dat, the file its gnuplot script
 * reads: whitespace-separated columns, blocks separated by two blank lines
 * (gnuplot's `index`), a commented header naming every column with its
 * unit and every block, NaN where there is no value, and a quoted label
 * as the last column where the figure has one. */
#ifndef ISOLAB_REPORT_FIGURE_DAT_H
#define ISOLAB_REPORT_FIGURE_DAT_H

#include <stdio.h>

#include "lab/report/figure.h"

int figure_dat_write(FILE *f, const struct figure *fig);

#endif
