/* density_output: renders `isolab density` steps in the user's format. */
#ifndef ISOLAB_DENSITY_OUTPUT_H
#define ISOLAB_DENSITY_OUTPUT_H

#include <stdio.h>

#include "lab/density/density.h"
#include "lab/report/output.h"

/* options: the launcher's, as its instances ran (in JSON only). */
int density_write(FILE *f, const struct environment *env,
		  const char *launcher, const struct option_record *options,
		  int noptions, const struct density_step *steps, int nsteps,
		  enum output_format format);

#endif
