/* configs_md: report.md's "Configurations measured": per machine, one row
 * per launcher (or variant) and set of options its runs had, the options
 * that are not the default in bold, the files that ran it; and, for a
 * launcher that ran under different options in different files of one
 * machine, a plain warning that its rows merge those configurations.
 * When no file recorded options, one line says the files predate them.
 * The data is lab/report/report_configs.h; rendering only. */
#ifndef ISOLAB_REPORT_CONFIGS_MD_H
#define ISOLAB_REPORT_CONFIGS_MD_H

#include <stdio.h>

#include "lab/report/report_data.h"

/* Writes nothing when no runs were read. */
void configs_md_section(FILE *f, const struct report_data *rd);

#endif
