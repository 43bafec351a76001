/* gnuplot_script: the drawing side. Writes NAME.gp, a self-contained,
 * commented gnuplot script that reads NAME.dat from its own directory and
 * renders NAME.png, NAME.svg or NAME.pdf there, so `gnuplot NAME.gp` redoes
 * it after a student edits labels, fonts or size.
 * Every series has an Okabe-Ito colour (safe for colour-blind readers)
 * and its own fill pattern, point type and dash, so it stays apart in
 * greyscale print; the legend sits above the plot, never on the data. */
#ifndef ISOLAB_REPORT_GNUPLOT_SCRIPT_H
#define ISOLAB_REPORT_GNUPLOT_SCRIPT_H

#include <stdio.h>

#include "lab/report/figure.h"

/* format: "png", "svg" or "pdf". */
int gnuplot_script_write(FILE *f, const struct figure *fig,
			 const char *format);

#endif
