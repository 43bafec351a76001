/* outcome: how a command that failed says so: one line on stderr, and the
 * exit status (the table of isolab --help, usage.c). A command with its own
 * statuses (exec) says so in its entry (commands.h). */
#ifndef ISOLAB_OUTCOME_H
#define ISOLAB_OUTCOME_H

#include <stdbool.h>

#include "lab/host/err.h"

/* The layers below say what happened; that an interrupted measurement
 * wrote nothing is the front end's to say (results are written only
 * whole, at the end): writes_results adds it. */
void failure_print(const struct err *err, bool writes_results);
/* What isolab exits with when a command failed. */
int failure_status(enum err_kind kind);

#endif
