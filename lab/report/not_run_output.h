/* not_run_output: the launchers a command could not run here
 * (lab/core/launcher_try.h), as every writer shows them: a table line each, the
 * JSON "not_run" array, and, when the report went to a file or to a format
 * that has no place for them, one line each on stderr. */
#ifndef ISOLAB_NOT_RUN_OUTPUT_H
#define ISOLAB_NOT_RUN_OUTPUT_H

#include <stdio.h>

#include "lab/core/launcher_try.h"

/* "NAME       not run here: REASON" */
void not_run_table(FILE *f, const struct not_run_list *list);
/* ,\n"not_run":[{"launcher":..,"reason":..},...] */
void not_run_json(FILE *f, const struct not_run_list *list);
/* "isolab: NAME not run here: REASON" */
void not_run_warn(FILE *f, const struct not_run_list *list);

#endif
