/* machines_md: the table of machines, one row per results file: which
 * machine it was counted as (lab/report/report_data.h groups files with
 * the same environment) and that file's environment, load averages
 * included. `isolab plot` and `isolab report` write it as DIR/machines.md;
 * plot also prints it when the files come from several machines, so a
 * teacher sees at once whose file is whose. Rendering only. */
#ifndef ISOLAB_REPORT_MACHINES_MD_H
#define ISOLAB_REPORT_MACHINES_MD_H

#include <stdio.h>

#include "lab/report/report_data.h"
#include "lab/report/report_input.h"

struct machines_md {
	const struct report_input *in;
	const struct report_data *rd;
};

/* ctx is a struct machines_md; returns 0, or -1 when f failed. */
int machines_md_write(FILE *f, const void *ctx);

#endif
