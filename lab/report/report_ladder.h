/* report_ladder: what `isolab report` says under the ladder figure: a
 * table of the rungs, then sentences generated from the numbers: the most
 * expensive rung and its share of the container's startup, where its
 * time goes, what each rung that narrows the host's reach costs and takes
 * away, rungs that came out cheaper than the one below (noise or not),
 * and the rungs that did not run, with the reason. */
#ifndef ISOLAB_REPORT_LADDER_H
#define ISOLAB_REPORT_LADDER_H

#include <stdio.h>

#include "lab/report/report_data.h"

void report_ladder_say(FILE *f, const struct report_data *rd);

#endif
