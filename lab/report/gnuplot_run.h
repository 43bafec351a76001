/* gnuplot_run: renders NAME.gp with the external gnuplot program.
 * gnuplot runs in a private temporary directory inside DIR holding
 * hard links of NAME.gp and NAME.dat, and the image it makes is renamed
 * into DIR, so an image appears whole or not at all. gnuplot's own
 * messages are kept and shown only when it fails. */
#ifndef ISOLAB_REPORT_GNUPLOT_RUN_H
#define ISOLAB_REPORT_GNUPLOT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/host/err.h"

/* Is there a gnuplot on PATH? Its path goes into buf. */
bool gnuplot_find(char *buf, size_t len);

int gnuplot_render(const char *gnuplot, const char *dir, const char *name,
		   const char *format, struct err *err);

#endif
