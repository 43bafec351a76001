/* report_configs: which configuration each launcher's (or variant's)
 * rows measured, from the runs' files' sessions[].options, for `isolab
 * report`'s "Configurations measured" and the figures' footnotes.
 *
 * One rd_config per machine, row label and distinct set of options; a
 * file whose runs have no recorded options (older isolab) counts as one
 * configuration of its own, "not recorded". Which options are not the
 * default is judged against this isolab's launcher defaults (a launcher
 * this isolab does not know marks none). Computing only. */
#ifndef ISOLAB_REPORT_CONFIGS_H
#define ISOLAB_REPORT_CONFIGS_H

#include "lab/report/report_data.h"

/* Fills rd->configs (rd->launchers already found); file_machine[f] is
 * file f's machine. Returns 0, or -1 when out of memory. */
int report_configs_build(const struct report_input *in,
			 struct report_data *rd, const int *file_machine);

/* The value of option `name` in config c, or NULL (not recorded). */
const char *rd_config_option(const struct rd_config *c, const char *name);

#endif
